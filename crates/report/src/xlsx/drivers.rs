//! The Drivers sheet: the key-driver analysis. What each kind of experience and each
//! experience contributes to the explained outcome (shares of R² or McFadden's R², with
//! bootstrap intervals), ranked, with a bar chart of the shares and the importance ×
//! performance quadrant chart; both charts are native Excel charts drawn from the chart data
//! written under them.
//!
//! Shares are written as the engine gives them, in percent (0–100) with one decimal shown,
//! so the cells equal the JSON.

use super::style::{self, Styles};
use rapport_engine::drivers::{Drivers, ImportanceMethod, ItemShare, QuadrantLabel, Share};
use rapport_engine::results::Results;
use rapport_engine::spec::{BlockRole, PerformanceMeasure};
use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartAxisLabelPosition, ChartAxisTickType, ChartDataLabel,
    ChartDataLabelPosition, ChartErrorBars, ChartErrorBarsType, ChartFont, ChartFormat,
    ChartLegendPosition, ChartLine, ChartLineDashType, ChartMarker, ChartMarkerType, ChartPoint,
    ChartRange, ChartType, ColNum, RowNum, Worksheet, XlsxError,
};

/// The sheet's name, which the charts' ranges refer to.
pub(super) const SHEET: &str = "Drivers";
/// Column widths, in characters: rank, item, column, block, then the numbers and the
/// quadrant.
const RANK_WIDTH: f64 = 7.0;
const ITEM_WIDTH: f64 = 30.0;
const COLUMN_WIDTH: f64 = 20.0;
const BLOCK_WIDTH: f64 = 22.0;
const NUMBER_WIDTH: f64 = 11.0;
const PERFORMANCE_WIDTH: f64 = 16.0;
const QUADRANT_WIDTH: f64 = 27.0;
/// Characters of a sentence written across the tables, one line per row.
const LINE_WIDTH: usize = 175;
/// Chart geometry in pixels.
const BAR_CHART_WIDTH: u32 = 860;
const CHART_BAR: u32 = 28;
const CHART_FRAME: u32 = 130;
const SCATTER_WIDTH: u32 = 860;
const SCATTER_HEIGHT: u32 = 520;
/// Rows of default height on a printed page (landscape, fitted to the page's width).
const PAGE_ROWS: u32 = 64;
/// Default row height in pixels, to leave room under a chart.
const ROW_PIXELS: u32 = 20;
/// The quadrant lines and error bars.
const LINE_GREY: u32 = 0x595959;
const GRID_GREY: u32 = 0xD9D9D9;
/// Error bars: near-black, visible over every bar colour.
const ERROR_BAR: u32 = 0x1A1A1A;

/// Column positions of the item table (the block table shares the number columns).
struct Columns {
    rank: ColNum,
    item: ColNum,
    variable: ColNum,
    block: ColNum,
    share: ColNum,
    low: ColNum,
    high: ColNum,
    within: ColNum,
    /// Johnson's relative weight, when the engine gives one.
    weight: Option<ColNum>,
    performance: ColNum,
    quadrant: ColNum,
    /// Every column's width, from column A.
    widths: Vec<f64>,
}

impl Columns {
    fn new(d: &Drivers) -> Columns {
        let weight = d.items.iter().any(|i| i.relative_weight.is_some());
        let after = if weight { 9 } else { 8 };
        Columns {
            rank: 0,
            item: 1,
            variable: 2,
            block: 3,
            share: 4,
            low: 5,
            high: 6,
            within: 7,
            weight: weight.then_some(8),
            performance: after,
            quadrant: after + 1,
            widths: [
                RANK_WIDTH,
                ITEM_WIDTH,
                COLUMN_WIDTH,
                BLOCK_WIDTH,
                NUMBER_WIDTH,
                NUMBER_WIDTH,
                NUMBER_WIDTH,
                NUMBER_WIDTH,
            ]
            .into_iter()
            .chain(weight.then_some(NUMBER_WIDTH))
            .chain([PERFORMANCE_WIDTH, QUADRANT_WIDTH])
            .collect(),
        }
    }

    fn width(&self, col: ColNum) -> f64 {
        self.widths
            .get(usize::from(col))
            .copied()
            .unwrap_or(NUMBER_WIDTH)
    }

    fn last(&self) -> ColNum {
        self.quadrant
    }
}

pub(super) fn write(
    ws: &mut Worksheet,
    results: &Results,
    d: &Drivers,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let cols = Columns::new(d);
    for (col, width) in (0..).zip(&cols.widths) {
        ws.set_column_width(col, *width)?;
    }
    style::print_setup(ws, None)?;
    let outcome = &results.outcome.name;
    style::text(
        ws,
        0,
        0,
        &format!("Key drivers: what matters most for {outcome}"),
        &styles.title,
    )?;
    let mut row = 1;
    row = style::sentence(ws, row, &d.headline, LINE_WIDTH, &styles.heading_small)?;
    for s in d.sentences.iter().filter(|s| **s != d.headline) {
        row = style::sentence(ws, row, s, LINE_WIDTH, &styles.text)?;
    }
    row = method_section(ws, row + 1, d, &cols, styles)?;
    row = block_table(ws, row + 1, d, &cols, styles)?;
    row = item_table(ws, row + 1, results, d, &cols, styles)?;

    // The charts, each under its heading, and the data they are drawn from below them.
    let bar_at = row + 1;
    let bar_rows = (CHART_FRAME + CHART_BAR * d.items.len() as u32).div_ceil(ROW_PIXELS) + 1;
    let plotted = plotted_items(d);
    let scatter_at = bar_at + 1 + bar_rows + 1;
    let scatter_rows = if plotted.is_empty() {
        2
    } else {
        SCATTER_HEIGHT.div_ceil(ROW_PIXELS) + 1
    };
    let data_at = scatter_at + 1 + scatter_rows;
    let data = chart_data(ws, data_at, results, d, &plotted, &cols, styles)?;
    // Printed, the charts start a new page, and the quadrant chart another one when both
    // would not fit on one, so that neither is cut in two.
    if bar_rows + scatter_rows + 3 <= PAGE_ROWS {
        ws.set_page_breaks(&[bar_at])?;
    } else {
        ws.set_page_breaks(&[bar_at, scatter_at])?;
    }

    style::heading(
        ws,
        bar_at,
        cols.last(),
        &format!("Share of the explained {}, by experience", noun(results)),
        styles,
    )?;
    if !d.items.is_empty() {
        ws.insert_chart(bar_at + 1, 0, &bar_chart(results, d, &data))?;
    }

    style::heading(
        ws,
        scatter_at,
        cols.last(),
        "Importance and performance: where to act",
        styles,
    )?;
    if plotted.is_empty() {
        style::text(
            ws,
            scatter_at + 1,
            0,
            "No experience has a performance score (none is a rating scale), so there is no \
             importance × performance chart.",
            &styles.aside,
        )?;
    } else {
        ws.insert_chart(scatter_at + 1, 0, &scatter_chart(d, &plotted, &data))?;
        quadrant_key(ws, scatter_at + 1, &cols, d, styles)?;
    }
    Ok(())
}

/// "trust" when the outcome is a trust question, else the outcome's name: what the
/// shares are shares of.
fn noun(results: &Results) -> String {
    let outcome = &results.outcome.name;
    if outcome.to_lowercase().contains("trust") {
        "trust".to_string()
    } else {
        outcome.clone()
    }
}

/// The method in words, what is being shared, and how the intervals were made.
fn method_section(
    ws: &mut Worksheet,
    mut row: RowNum,
    d: &Drivers,
    cols: &Columns,
    styles: &Styles,
) -> Result<RowNum, XlsxError> {
    style::heading(
        ws,
        row,
        cols.last(),
        "How the shares were worked out",
        styles,
    )?;
    row += 1;
    row = style::sentence(ws, row, &d.method_text, LINE_WIDTH, &styles.text)?;
    let measure = &d.measure;
    let held = if d.controls.is_empty() {
        "Nothing is held fixed: every block is a player.".to_string()
    } else {
        format!(
            "Held in every sub-model (not shared out): {}.",
            d.controls.join(", ")
        )
    };
    let rows = [
        (
            format!("{measure} with every predictor"),
            d.explained_full,
            "What the full model explains.".to_string(),
        ),
        (
            format!("{measure} of the held variables alone"),
            d.explained_controls,
            held,
        ),
        (
            format!("{measure} shared out below"),
            d.explained_by_players,
            "The difference: what the experiences add. The shares below are percentages of it."
                .to_string(),
        ),
    ];
    for (label, value, note) in rows {
        style::text(ws, row, cols.item, &label, &styles.label)?;
        style::number(ws, row, cols.variable, value, &styles.fixed3)?;
        style::text(ws, row, cols.block, &note, &styles.aside_indented)?;
        row += 1;
    }
    match &d.bootstrap {
        Some(b) => {
            style::text(ws, row, cols.item, "Bootstrap replicates", &styles.label)?;
            style::count(ws, row, cols.variable, b.replicates, &styles.count)?;
            let words = format!(
                "{:.0}% percentile intervals, resampling {}.",
                b.level * 100.0,
                b.resampled
            );
            style::text(ws, row, cols.block, &words, &styles.aside_indented)?;
            row += 1;
            style::text(ws, row, cols.item, "Failed replicates", &styles.label)?;
            style::count(ws, row, cols.variable, b.failed, &styles.count)?;
            style::text(
                ws,
                row,
                cols.block,
                "Replicates in which a model could not be fitted; left out of the intervals.",
                &styles.aside_indented,
            )?;
            row += 1;
            style::text(ws, row, cols.item, "Seed", &styles.label)?;
            // Seeds can exceed 2^53, so the seed is text: every digit kept.
            style::text(
                ws,
                row,
                cols.variable,
                &b.seed.to_string(),
                &styles.text_right,
            )?;
            style::text(
                ws,
                row,
                cols.block,
                "The same seed gives the same intervals on any machine.",
                &styles.aside_indented,
            )?;
            row += 1;
        }
        None => {
            row = style::sentence(
                ws,
                row,
                "No bootstrap was run (0 replicates), so the shares have no confidence \
                 intervals and the ranking is not tested.",
                LINE_WIDTH,
                &styles.aside,
            )?;
        }
    }
    let mc = d
        .items
        .iter()
        .filter_map(|i| i.share.monte_carlo_se)
        .chain(d.blocks.iter().filter_map(|b| b.share.monte_carlo_se))
        .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))));
    if let Some(se) = mc {
        let note = format!(
            "Item shares were estimated from random entry orders; the largest Monte-Carlo \
             standard error is {se:.2e} ({measure} points)."
        );
        row = style::sentence(ws, row, &note, LINE_WIDTH, &styles.aside)?;
    }
    Ok(row)
}

/// Header of the share column.
const SHARE_HEADER: &str = "Share of explained (%)";

/// One share's percent and interval in `cols`' share, low and high columns.
fn share_cells(
    ws: &mut Worksheet,
    row: RowNum,
    cols: &Columns,
    share: &Share,
    styles: &Styles,
) -> Result<(), XlsxError> {
    style::number(ws, row, cols.share, share.percent, &styles.fixed1)?;
    if let Some([low, high]) = share.percent_ci {
        style::number(ws, row, cols.low, low, &styles.fixed1)?;
        style::number(ws, row, cols.high, high, &styles.fixed1)?;
    }
    Ok(())
}

/// A header row whose number headers wrap in their columns.
fn header(
    ws: &mut Worksheet,
    row: RowNum,
    cells: &[(ColNum, &str, bool)],
    cols: &Columns,
    styles: &Styles,
) -> Result<(), XlsxError> {
    for &(col, h, numeric) in cells {
        let format = if numeric {
            &styles.header_number
        } else {
            &styles.header
        };
        style::text(ws, row, col, h, format)?;
    }
    let wrapped: Vec<(&str, f64)> = cells
        .iter()
        .map(|(col, h, _)| (*h, cols.width(*col) - 1.0))
        .collect();
    style::fit_row(ws, row, &wrapped)
}

/// Each block's share: the blocks are the players of a grouped Shapley decomposition.
fn block_table(
    ws: &mut Worksheet,
    mut row: RowNum,
    d: &Drivers,
    cols: &Columns,
    styles: &Styles,
) -> Result<RowNum, XlsxError> {
    style::heading(
        ws,
        row,
        cols.last(),
        "Relationships or service performance?",
        styles,
    )?;
    row += 1;
    let method = match d.block_method {
        ImportanceMethod::ShapleyExact => "exact Shapley values",
        ImportanceMethod::ShapleySampled => "Shapley values from random entry orders",
        ImportanceMethod::RelativeWeightsLogistic => "relative weights",
    };
    let note = format!(
        "Each block of questions as one player: its share of the {} the experiences explain \
         together ({method}, averaging what the block adds over every order in which blocks \
         could enter the model). The shares add up to 100%.",
        d.measure
    );
    row = style::sentence(ws, row, &note, LINE_WIDTH, &styles.aside)?;
    let value_header = format!("{} points", d.measure);
    let value_low = format!("{} 95% low", d.measure);
    let value_high = format!("{} 95% high", d.measure);
    header(
        ws,
        row,
        &[
            (cols.item, "Block", false),
            (cols.variable, "Kind of experience", false),
            (cols.block, "Questions", false),
            (cols.share, SHARE_HEADER, true),
            (cols.low, "95% CI low", true),
            (cols.high, "95% CI high", true),
            (cols.within, &value_header, true),
            (cols.within + 1, &value_low, true),
            (cols.within + 2, &value_high, true),
        ],
        cols,
        styles,
    )?;
    row += 1;
    for b in &d.blocks {
        style::text(ws, row, cols.item, &b.name, &styles.label)?;
        style::text(ws, row, cols.variable, b.role.label(), &styles.text)?;
        style::count(ws, row, cols.block, b.items.len(), &styles.count_left)?;
        share_cells(ws, row, cols, &b.share, styles)?;
        style::number(ws, row, cols.within, b.share.value, &styles.fixed3)?;
        if let Some([low, high]) = b.share.value_ci {
            style::number(ws, row, cols.within + 1, low, &styles.fixed3)?;
            style::number(ws, row, cols.within + 2, high, &styles.fixed3)?;
        }
        row += 1;
    }
    Ok(row)
}

/// The items, largest share first, with the notes on the ranking and the chart.
fn item_table(
    ws: &mut Worksheet,
    mut row: RowNum,
    results: &Results,
    d: &Drivers,
    cols: &Columns,
    styles: &Styles,
) -> Result<RowNum, XlsxError> {
    style::heading(ws, row, cols.last(), "Ranking of the experiences", styles)?;
    row += 1;
    let note = format!(
        "Each question's share of the {} the experiences explain together, largest first; \
         \"Share of its block\" is its part of its own block's share. Performance: {}. \
         Quadrant: where the question falls on the chart below, split at the averages of the \
         plotted questions.",
        d.measure,
        performance_words(d)
    );
    row = style::sentence(ws, row, &note, LINE_WIDTH, &styles.aside)?;
    let performance_header = d.quadrant.performance_label.clone();
    let mut cells = vec![
        (cols.rank, "Rank", true),
        (cols.item, "Experience", false),
        (cols.variable, "Column", false),
        (cols.block, "Block", false),
        (cols.share, SHARE_HEADER, true),
        (cols.low, "95% CI low", true),
        (cols.high, "95% CI high", true),
        (cols.within, "Share of its block (%)", true),
        (cols.performance, performance_header.as_str(), true),
        (cols.quadrant, "Quadrant", false),
    ];
    let weight_header = format!("Relative weight ({})", d.measure);
    if let Some(col) = cols.weight {
        cells.push((col, weight_header.as_str(), true));
    }
    header(ws, row, &cells, cols, styles)?;
    row += 1;
    let performance_format = match d.quadrant.performance {
        PerformanceMeasure::TopBox => &styles.fixed1,
        PerformanceMeasure::Mean => &styles.fixed2,
    };
    for i in ranked(d) {
        style::count(ws, row, cols.rank, i.rank, &styles.count)?;
        style::text(ws, row, cols.item, &i.label, &styles.wrap_indented)?;
        style::fit_row(ws, row, &[(&i.label, ITEM_WIDTH - 2.0)])?;
        style::text(ws, row, cols.variable, &i.variable, &styles.text)?;
        style::text(ws, row, cols.block, &i.block, &styles.text)?;
        share_cells(ws, row, cols, &i.share, styles)?;
        style::number(ws, row, cols.within, i.within_block_percent, &styles.fixed1)?;
        if let (Some(col), Some(w)) = (cols.weight, i.relative_weight) {
            style::number(ws, row, col, w, &styles.fixed3)?;
        }
        if let Some(p) = i.performance {
            style::number(ws, row, cols.performance, p, performance_format)?;
        }
        match i.quadrant {
            Some(q) => style::text(ws, row, cols.quadrant, q.label(), &styles.wrap_indented)?,
            None => style::text(ws, row, cols.quadrant, "not on the chart", &styles.aside)?,
        }
        row += 1;
    }
    if !d.unsettled_rankings.is_empty() {
        let pairs: Vec<String> = d
            .unsettled_rankings
            .iter()
            .map(|p| {
                format!(
                    "{} – {} ({:.0}%)",
                    label_of(d, &p.higher),
                    label_of(d, &p.lower),
                    p.kept_order * 100.0
                )
            })
            .collect();
        let neighbours = d.items.len().saturating_sub(1);
        let how_many = if pairs.len() == neighbours {
            format!("none of the {neighbours} neighbouring pairs")
        } else {
            format!(
                "{} of the {neighbours} neighbouring pairs",
                neighbours - pairs.len()
            )
        };
        let note = format!(
            "Order not settled: the bootstrap settles {how_many} in the ranking. In these pairs \
             the interval of the difference between the shares includes zero, so read them as \
             level (in brackets: how often the first stayed ahead): {}.",
            pairs.join("; ")
        );
        row = style::sentence(ws, row, &note, LINE_WIDTH, &styles.aside)?;
    }
    if !d.quadrant.left_off.is_empty() {
        let note = format!(
            "Left off the importance × performance chart: {}.",
            d.quadrant.left_off.join("; ")
        );
        row = style::sentence(ws, row, &note, LINE_WIDTH, &styles.aside)?;
    }
    let caveat = format!(
        "Shares describe how the {} the model explains is divided among questions that go \
         together in the answers; they are associations, not proof of what would change {}.",
        d.measure, results.outcome.name
    );
    style::sentence(ws, row, &caveat, LINE_WIDTH, &styles.aside)
}

/// An item's label from its variable name (or its label), as the ranking notes name them.
fn label_of<'a>(d: &'a Drivers, name: &'a str) -> &'a str {
    d.items
        .iter()
        .find(|i| i.variable == name || i.label == name)
        .map_or(name, |i| i.label.as_str())
}

/// The performance measure in words.
fn performance_words(d: &Drivers) -> String {
    match d.quadrant.performance {
        PerformanceMeasure::TopBox => format!(
            "{}, the weighted share answering one of the two most positive answers",
            d.quadrant.performance_label
        ),
        PerformanceMeasure::Mean => format!(
            "{}, the weighted mean score from 1 for the least positive answer",
            d.quadrant.performance_label
        ),
    }
}

/// The items in rank order.
fn ranked(d: &Drivers) -> Vec<&ItemShare> {
    let mut items: Vec<&ItemShare> = d.items.iter().collect();
    items.sort_by_key(|i| i.rank);
    items
}

/// The items on the quadrant chart, grouped by role (one chart series per role), in rank
/// order within each.
fn plotted_items(d: &Drivers) -> Vec<&ItemShare> {
    let ranked = ranked(d);
    BlockRole::ALL
        .iter()
        .flat_map(|role| {
            ranked
                .iter()
                .filter(move |i| i.role == *role && i.performance.is_some())
                .copied()
        })
        .collect()
}

/// Roles present among `items`, in the fixed order.
fn roles_of<'a>(items: impl IntoIterator<Item = &'a ItemShare> + Clone) -> Vec<BlockRole> {
    BlockRole::ALL
        .into_iter()
        .filter(|r| items.clone().into_iter().any(|i| i.role == *r))
        .collect()
}

/// The role's colour on the page, from the engine's palette (the app uses the same).
fn colour(role: BlockRole) -> u32 {
    role.colour().light_rgb()
}

/// Where the chart data went, for the charts' ranges.
struct ChartData {
    /// Bar chart: first and last data row; columns: 0 label, 1 share, 2 minus, 3 plus.
    bars: (RowNum, RowNum),
    /// Whether the error-bar columns were written (there is a bootstrap).
    error_bars: bool,
    /// Legend names: the cell holding each role's name.
    role_names: Vec<(BlockRole, (RowNum, ColNum))>,
    /// Cells holding the titles: bar axis, scatter title, x axis, y axis.
    bar_axis: (RowNum, ColNum),
    scatter_title: (RowNum, ColNum),
    x_title: (RowNum, ColNum),
    y_title: (RowNum, ColNum),
    /// Scatter: rows of each role's points (label col 0, x col 1, y col 2).
    points: Vec<(BlockRole, RowNum, RowNum)>,
    /// The two quadrant lines: rows of (x, y) pairs in columns 1 and 2, and their names.
    vertical: RowNum,
    horizontal: RowNum,
    /// The quadrant names, one row each (name, x, y), placed in the chart's corners.
    corners: RowNum,
    /// Where the dashed lines are.
    importance_line: f64,
    performance_line: f64,
    /// Axis bounds of the scatter chart.
    x_bounds: (f64, f64),
    y_bounds: (f64, f64),
    y_step: f64,
}

/// The chart data's first column (the wide item column): labels, then the numbers.
const DATA_COL: ColNum = 1;

/// The tables the charts are drawn from, under the charts.
fn chart_data(
    ws: &mut Worksheet,
    mut row: RowNum,
    results: &Results,
    d: &Drivers,
    plotted: &[&ItemShare],
    cols: &Columns,
    styles: &Styles,
) -> Result<ChartData, XlsxError> {
    let c = DATA_COL;
    style::heading(ws, row, c + 4, "Chart data", styles)?;
    row += 1;
    row = style::sentence(
        ws,
        row,
        if d.bootstrap.is_some() {
            "The charts above are drawn from these cells. Error bars run from the share down to \
             the 95% CI low (minus) and up to the 95% CI high (plus)."
        } else {
            "The charts above are drawn from these cells."
        },
        LINE_WIDTH,
        &styles.aside,
    )?;
    let error_bars = d.items.iter().any(|i| i.share.percent_ci.is_some());
    let x_title = format!("Importance (% of explained {})", noun(results));
    // Titles and names, kept in cells so that no name is ever read as a formula.
    let titles = [
        ("Bar chart value axis", x_title.as_str()),
        (
            "Quadrant chart title",
            "Importance and performance of each experience",
        ),
        ("Quadrant chart horizontal axis", x_title.as_str()),
        (
            "Quadrant chart vertical axis",
            d.quadrant.performance_label.as_str(),
        ),
    ];
    let first_title = row;
    for (label, title) in titles {
        style::text(ws, row, c, label, &styles.aside)?;
        style::text(ws, row, c + 1, title, &styles.text)?;
        row += 1;
    }
    let title_cell = |i: u32| (first_title + i, c + 1);
    let roles = roles_of(d.items.iter());
    let mut role_names = Vec::new();
    style::text(ws, row, c, "Legend", &styles.aside)?;
    for (col, role) in (c + 1..).zip(&roles) {
        style::text(ws, row, col, role.label(), &styles.text)?;
        role_names.push((*role, (row, col)));
    }
    row += 2;

    header(
        ws,
        row,
        &[
            (c, "Experience (bar chart)", false),
            (c + 1, SHARE_HEADER, true),
            (c + 2, "Error bar minus", true),
            (c + 3, "Error bar plus", true),
        ],
        cols,
        styles,
    )?;
    row += 1;
    let first_bar = row;
    for i in ranked(d) {
        style::text(ws, row, c, &i.label, &styles.text)?;
        style::number(ws, row, c + 1, i.share.percent, &styles.fixed1)?;
        let (minus, plus) = match i.share.percent_ci {
            Some([low, high]) => (i.share.percent - low, high - i.share.percent),
            None => (0.0, 0.0),
        };
        if error_bars {
            style::number(ws, row, c + 2, minus.max(0.0), &styles.fixed1)?;
            style::number(ws, row, c + 3, plus.max(0.0), &styles.fixed1)?;
        }
        row += 1;
    }
    let bars = (first_bar, row - 1);

    row += 1;
    let performance_format = match d.quadrant.performance {
        PerformanceMeasure::TopBox => &styles.fixed1,
        PerformanceMeasure::Mean => &styles.fixed2,
    };
    header(
        ws,
        row,
        &[
            (c, "Experience (quadrant chart)", false),
            (c + 1, "Importance (%)", true),
            (c + 2, &d.quadrant.performance_label, true),
        ],
        cols,
        styles,
    )?;
    row += 1;
    let mut points = Vec::new();
    for role in roles_of(plotted.iter().copied()) {
        let first = row;
        for i in plotted.iter().filter(|i| i.role == role) {
            style::text(ws, row, c, &i.label, &styles.text)?;
            style::number(ws, row, c + 1, i.share.percent, &styles.fixed1)?;
            style::optional(ws, row, c + 2, i.performance, performance_format)?;
            row += 1;
        }
        points.push((role, first, row - 1));
    }

    // The quadrant lines run across the whole plotting area.
    let x_bounds = (0.0, nice_ceil(plotted.iter().map(|i| i.share.percent)));
    let (y_low, y_high, y_step) = performance_bounds(d, plotted);
    let y_bounds = (y_low, y_high);
    row += 1;
    header(
        ws,
        row,
        &[
            (c, "Quadrant lines", false),
            (c + 1, "Importance (%)", true),
            (c + 2, "Performance", true),
        ],
        cols,
        styles,
    )?;
    row += 1;
    let vertical = row;
    let lines = [
        (
            "Average importance",
            [
                (d.quadrant.importance_line, y_bounds.0),
                (d.quadrant.importance_line, y_bounds.1),
            ],
        ),
        (
            "Average performance",
            [
                (x_bounds.0, d.quadrant.performance_line),
                (x_bounds.1, d.quadrant.performance_line),
            ],
        ),
    ];
    for (name, ends) in lines {
        for (x, y) in ends {
            style::text(ws, row, c, name, &styles.text)?;
            style::number(ws, row, c + 1, x, &styles.fixed2)?;
            style::number(ws, row, c + 2, y, &styles.fixed2)?;
            row += 1;
        }
    }
    row += 1;
    header(
        ws,
        row,
        &[
            (c, "Quadrant names", false),
            (c + 1, "Importance (%)", true),
            (c + 2, "Performance", true),
        ],
        cols,
        styles,
    )?;
    row += 1;
    let corners = row;
    for (q, x, y) in corner_points(x_bounds, y_bounds) {
        style::text(ws, row, c, q.label(), &styles.text)?;
        style::number(ws, row, c + 1, x, &styles.fixed2)?;
        style::number(ws, row, c + 2, y, &styles.fixed2)?;
        row += 1;
    }
    Ok(ChartData {
        corners,
        bars,
        error_bars,
        role_names,
        bar_axis: title_cell(0),
        scatter_title: title_cell(1),
        x_title: title_cell(2),
        y_title: title_cell(3),
        points,
        vertical,
        horizontal: vertical + 2,
        importance_line: d.quadrant.importance_line,
        performance_line: d.quadrant.performance_line,
        x_bounds,
        y_bounds,
        y_step,
    })
}

/// Where the quadrant names sit: just inside each corner of the plot area, in the order
/// bottom right, top right, top left, bottom left.
fn corner_points((x0, x1): (f64, f64), (y0, y1): (f64, f64)) -> [(QuadrantLabel, f64, f64); 4] {
    let (dx, dy) = ((x1 - x0) * 0.01, (y1 - y0) * 0.035);
    [
        QuadrantLabel::PrioritiesForImprovement,
        QuadrantLabel::StrengthsToMaintain,
        QuadrantLabel::PossibleOverInvestment,
        QuadrantLabel::LowerPriority,
    ]
    .map(|q| {
        let (right, top) = q.corner();
        let x = if right { x1 - dx } else { x0 + dx };
        let y = if top { y1 - dy } else { y0 + dy };
        (q, x, y)
    })
}

/// A round axis maximum a little above every value: a multiple of 2 up to 30, of 5 above.
fn nice_ceil(values: impl Iterator<Item = f64>) -> f64 {
    let max = values.filter(|x| x.is_finite()).fold(0.0_f64, f64::max) * 1.08;
    let step = if max > 30.0 { 5.0 } else { 2.0 };
    ((max / step).ceil() * step).max(step)
}

/// The vertical axis of the quadrant chart: a round step giving at most six intervals over
/// the plotted performances, and bounds on that step with a margin around the points (within
/// 0–100 for top-box percentages). Returns (low, high, step).
fn performance_bounds(d: &Drivers, plotted: &[&ItemShare]) -> (f64, f64, f64) {
    let values: Vec<f64> = plotted
        .iter()
        .filter_map(|i| i.performance)
        .chain([d.quadrant.performance_line])
        .filter(|p| p.is_finite())
        .collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() {
        return (0.0, 100.0, 10.0);
    }
    let range = (hi - lo).max(hi.abs() * 1e-3).max(1e-9);
    let magnitude = 10_f64.powf((range / 5.0).log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|step| range / step <= 6.0)
        .unwrap_or(10.0 * magnitude);
    let (floor, ceiling) = match d.quadrant.performance {
        PerformanceMeasure::TopBox => (0.0, 100.0),
        PerformanceMeasure::Mean => (f64::NEG_INFINITY, f64::INFINITY),
    };
    let margin = step / 4.0;
    let low = (((lo - margin) / step).floor() * step).max(floor);
    let high = (((hi + margin) / step).ceil() * step).min(ceiling);
    if high > low {
        (low, high, step)
    } else {
        (low, low + step, step)
    }
}

/// The items' shares as horizontal bars, largest at the top, coloured by the role of their
/// block, with the bootstrap intervals as error bars.
fn bar_chart(results: &Results, d: &Drivers, data: &ChartData) -> Chart {
    let (first, last) = data.bars;
    let c = DATA_COL;
    let categories = (SHEET, first, c, last, c);
    let mut chart = Chart::new(ChartType::Bar);
    // The legend comes from legend-only series, one per role, with no bars (they point at
    // an empty column); the drawn series and an empty filler sit at the two ends and are
    // deleted from the legend, which then reads the same whichever end a program counts
    // legend entries from (LibreOffice counts a bar chart's from the other end).
    let blank = (SHEET, first, c + 4, last, c + 4);
    chart
        .add_series()
        .set_categories(categories)
        .set_values(blank)
        .set_format(ChartFormat::new().set_no_fill().set_no_border())
        .set_gap(60)
        .set_overlap(100);
    for (role, cell) in &data.role_names {
        chart
            .add_series()
            .set_name((SHEET, cell.0, cell.1))
            .set_categories(categories)
            .set_values(blank)
            .set_format(&mut style::solid_fill(colour(*role)))
            .set_gap(60)
            .set_overlap(100);
    }
    let points: Vec<ChartPoint> = ranked(d)
        .iter()
        .map(|i| ChartPoint::new().set_format(&mut style::solid_fill(colour(i.role))))
        .collect();
    let series = chart
        .add_series()
        .set_name(SHARE_HEADER)
        .set_categories(categories)
        .set_values((SHEET, first, c + 1, last, c + 1))
        .set_points(&points)
        .set_format(&mut style::solid_fill(colour(BlockRole::Relational)))
        .set_gap(60)
        .set_overlap(100);
    if data.error_bars {
        series.set_x_error_bars(
            ChartErrorBars::new()
                .set_type(ChartErrorBarsType::Custom(
                    ChartRange::new_from_range(SHEET, first, c + 3, last, c + 3),
                    ChartRange::new_from_range(SHEET, first, c + 2, last, c + 2),
                ))
                .set_end_cap(true)
                .set_format(ChartLine::new().set_color(ERROR_BAR).set_width(1.25)),
        );
    }
    let total = data.role_names.len() + 2;
    let max = d
        .items
        .iter()
        .map(|i| i.share.percent_ci.map_or(i.share.percent, |[_, high]| high))
        .fold(0.0_f64, f64::max);
    let step = if max > 40.0 { 10.0 } else { 5.0 };
    chart
        .x_axis()
        .set_name((SHEET, data.bar_axis.0, data.bar_axis.1))
        .set_num_format("0")
        .set_min(0.0)
        .set_max(((max * 1.05 / step).ceil() * step).max(step))
        .set_major_unit(step)
        .set_major_gridlines(true)
        .set_major_gridlines_line(ChartLine::new().set_color(GRID_GREY));
    chart
        .y_axis()
        .set_reverse()
        .set_crossing(ChartAxisCrossing::Max)
        .set_major_tick_type(ChartAxisTickType::None)
        .set_label_position(ChartAxisLabelPosition::Low);
    if data.role_names.len() > 1 {
        chart
            .legend()
            .set_position(ChartLegendPosition::Bottom)
            .delete_entries(&[0, total - 1]);
    } else {
        chart.legend().set_hidden();
    }
    chart.title().set_hidden();
    chart
        .set_width(BAR_CHART_WIDTH)
        .set_height(CHART_FRAME + CHART_BAR * d.items.len() as u32)
        .set_alt_text(alt_text(format!(
            "Bar chart of each experience's share of the explained {}, largest first, coloured \
             by kind of experience{}.",
            results.outcome.name,
            if data.error_bars {
                ", with 95% bootstrap intervals as error bars"
            } else {
                ""
            }
        )));
    chart
}

/// Importance × performance: one series of labelled points per role, and the two average
/// lines that split the chart into quadrants.
fn scatter_chart(d: &Drivers, plotted: &[&ItemShare], data: &ChartData) -> Chart {
    let c = DATA_COL;
    let mut chart = Chart::new(ChartType::Scatter);
    let line = ChartFormat::new()
        .set_line(
            ChartLine::new()
                .set_color(LINE_GREY)
                .set_width(1.25)
                .set_dash_type(ChartLineDashType::Dash),
        )
        .clone();
    let quadrant_line = |chart: &mut Chart, row: RowNum| {
        chart
            .add_series()
            .set_name((SHEET, row, c))
            .set_categories((SHEET, row, c + 1, row + 1, c + 1))
            .set_values((SHEET, row, c + 2, row + 1, c + 2))
            .set_marker(ChartMarker::new().set_none())
            .set_format(&mut line.clone());
    };
    // The lines sit at the two ends of the series, deleted from the legend (which reads the
    // same from either end).
    quadrant_line(&mut chart, data.vertical);
    // The quadrant names in the corners: unmarked points labelled inwards.
    let corners = data.corners;
    let corner_font = ChartFont::new()
        .set_size(9)
        .set_italic()
        .set_color(0x7F7F7F)
        .clone();
    let corner_labels: Vec<ChartDataLabel> = corner_points(data.x_bounds, data.y_bounds)
        .iter()
        .map(|(q, x, _)| {
            let inwards = if *x > (data.x_bounds.0 + data.x_bounds.1) / 2.0 {
                ChartDataLabelPosition::Left
            } else {
                ChartDataLabelPosition::Right
            };
            ChartDataLabel::new()
                .set_value(q.label())
                .set_position(inwards)
                .set_font(&corner_font)
                .to_custom()
        })
        .collect();
    chart
        .add_series()
        .set_name("Quadrants")
        .set_categories((SHEET, corners, c + 1, corners + 3, c + 1))
        .set_values((SHEET, corners, c + 2, corners + 3, c + 2))
        .set_marker(ChartMarker::new().set_none())
        .set_format(ChartFormat::new().set_no_line())
        .set_data_label(ChartDataLabel::new().show_value().set_font(&corner_font))
        .set_custom_data_labels(&corner_labels);
    let label_font = ChartFont::new().set_size(8).set_color(0x262626).clone();
    let positions = label_positions(plotted, data);
    let first_point = data.points.first().map_or(0, |p| p.1);
    for &(role, first, last) in &data.points {
        let name = data
            .role_names
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, cell)| *cell);
        let labels: Vec<ChartDataLabel> = (first..=last)
            .map(|row| {
                let k = (row - first_point) as usize;
                let mut label = ChartDataLabel::new();
                match plotted.get(k) {
                    // The label's own words; a label that could be read as a formula or a
                    // range is taken from its cell instead.
                    Some(i) if !i.label.starts_with('=') && !i.label.contains('!') => {
                        label.set_value(i.label.as_str())
                    }
                    _ => label.set_value((SHEET, row, c)),
                };
                label
                    .set_position(positions.get(k).copied().unwrap_or(Position::Right).into())
                    .set_font(&label_font)
                    .to_custom()
            })
            .collect();
        let series = chart.add_series();
        if let Some((row, col)) = name {
            series.set_name((SHEET, row, col));
        }
        series
            .set_categories((SHEET, first, c + 1, last, c + 1))
            .set_values((SHEET, first, c + 2, last, c + 2))
            .set_marker(
                ChartMarker::new()
                    .set_type(ChartMarkerType::Circle)
                    .set_size(8)
                    .set_format(&mut style::solid_fill(colour(role))),
            )
            .set_format(ChartFormat::new().set_no_line())
            .set_data_label(
                ChartDataLabel::new()
                    .show_value()
                    .set_position(ChartDataLabelPosition::Right)
                    .set_font(&label_font),
            )
            .set_custom_data_labels(&labels);
    }
    quadrant_line(&mut chart, data.horizontal);
    let total = data.points.len() + 3;
    chart
        .title()
        .set_name((SHEET, data.scatter_title.0, data.scatter_title.1))
        .set_font(ChartFont::new().set_size(12).set_bold());
    chart
        .x_axis()
        .set_name((SHEET, data.x_title.0, data.x_title.1))
        .set_num_format("0")
        .set_min(data.x_bounds.0)
        .set_max(data.x_bounds.1)
        .set_major_gridlines(false);
    let y_format = match data.y_step {
        step if step >= 1.0 => "0",
        step if step >= 0.1 => "0.0",
        _ => "0.00",
    };
    chart
        .y_axis()
        .set_name((SHEET, data.y_title.0, data.y_title.1))
        .set_num_format(y_format)
        .set_min(data.y_bounds.0)
        .set_max(data.y_bounds.1)
        .set_major_unit(data.y_step)
        .set_major_gridlines(false);
    chart
        .legend()
        .set_position(ChartLegendPosition::Bottom)
        .delete_entries(&[0, 1, total - 1]);
    chart
        .set_width(SCATTER_WIDTH)
        .set_height(SCATTER_HEIGHT)
        .set_alt_text(alt_text(format!(
            "Importance (across) against {} (up) for {} experiences; dashed lines at the \
             averages split it into the four quadrants named in its corners.",
            d.quadrant.performance_label,
            plotted.len()
        )));
    chart
}

/// Alternative text within Excel's limit of 255 characters.
fn alt_text(s: String) -> String {
    if s.chars().count() <= 255 {
        return s;
    }
    let mut cut: String = s.chars().take(254).collect();
    cut.push('…');
    cut
}

/// Where a point's label sits.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Position {
    Right,
    Left,
    Above,
    Below,
}

impl From<Position> for ChartDataLabelPosition {
    fn from(p: Position) -> Self {
        match p {
            Position::Right => ChartDataLabelPosition::Right,
            Position::Left => ChartDataLabelPosition::Left,
            Position::Above => ChartDataLabelPosition::Above,
            Position::Below => ChartDataLabelPosition::Below,
        }
    }
}

/// A box in the plot area's pixels: left, top, right, bottom.
type Rect = [f64; 4];

fn overlap(a: &Rect, b: &Rect) -> f64 {
    let w = (a[2].min(b[2]) - a[0].max(b[0])).max(0.0);
    let h = (a[3].min(b[3]) - a[1].max(b[1])).max(0.0);
    w * h
}

/// Label positions for `plotted` (in its order) that keep labels off each other, off the
/// points and inside the plot area where they can: the most important items choose first,
/// each taking the first of right, left, above and below that is clear (else the one that
/// overlaps least). Sizes are estimates of the rendered chart (8-point labels).
fn label_positions(plotted: &[&ItemShare], data: &ChartData) -> Vec<Position> {
    const GAP: f64 = 7.0;
    const HEIGHT: f64 = 12.0;
    // The plot area inside the axis labels, titles and legend, roughly.
    let (w, h) = (
        f64::from(SCATTER_WIDTH) - 110.0,
        f64::from(SCATTER_HEIGHT) - 150.0,
    );
    let (x0, x1) = data.x_bounds;
    let (y0, y1) = data.y_bounds;
    let at = |i: &ItemShare| {
        (
            (i.share.percent - x0) / (x1 - x0) * w,
            (y1 - i.performance.unwrap_or(y0)) / (y1 - y0) * h,
        )
    };
    let label_box = |(x, y): (f64, f64), width: f64, p: Position| -> Rect {
        match p {
            Position::Right => [x + GAP, y - HEIGHT / 2.0, x + GAP + width, y + HEIGHT / 2.0],
            Position::Left => [x - GAP - width, y - HEIGHT / 2.0, x - GAP, y + HEIGHT / 2.0],
            Position::Above => [x - width / 2.0, y - GAP - HEIGHT, x + width / 2.0, y - GAP],
            Position::Below => [x - width / 2.0, y + GAP, x + width / 2.0, y + GAP + HEIGHT],
        }
    };
    let px = |x: f64| (x - x0) / (x1 - x0) * w;
    let py = |y: f64| (y1 - y) / (y1 - y0) * h;
    // Obstacles: the points, the two dashed lines and the quadrant names in the corners.
    let mut taken: Vec<Rect> = plotted
        .iter()
        .map(|i| {
            let (x, y) = at(i);
            [x - 5.0, y - 5.0, x + 5.0, y + 5.0]
        })
        .collect();
    let (lx, ly) = (px(data.importance_line), py(data.performance_line));
    taken.push([lx - 1.0, 0.0, lx + 1.0, h]);
    taken.push([0.0, ly - 1.0, w, ly + 1.0]);
    for (q, x, y) in corner_points(data.x_bounds, data.y_bounds) {
        let width = q.label().chars().count() as f64 * 5.5 + 4.0;
        let (x, y) = (px(x), py(y));
        taken.push(if x > w / 2.0 {
            [x - GAP - width, y - HEIGHT / 2.0, x, y + HEIGHT / 2.0]
        } else {
            [x, y - HEIGHT / 2.0, x + GAP + width, y + HEIGHT / 2.0]
        });
    }
    let mut order: Vec<usize> = (0..plotted.len()).collect();
    order.sort_by_key(|&k| plotted[k].rank);
    let mut positions = vec![Position::Right; plotted.len()];
    let candidates = [
        Position::Right,
        Position::Left,
        Position::Above,
        Position::Below,
    ];
    for k in order {
        let i = plotted[k];
        let point = at(i);
        let width = i.label.chars().count() as f64 * 5.0 + 4.0;
        let cost = |p: Position| {
            let b = label_box(point, width, p);
            let outside =
                (-b[0]).max(0.0) + (b[2] - w).max(0.0) + (-b[1]).max(0.0) + (b[3] - h).max(0.0);
            taken.iter().map(|t| overlap(&b, t)).sum::<f64>() + outside * HEIGHT * 4.0
        };
        let best = candidates
            .iter()
            .copied()
            .find(|&p| cost(p) == 0.0)
            .unwrap_or_else(|| {
                candidates
                    .iter()
                    .copied()
                    .min_by(|a, b| cost(*a).total_cmp(&cost(*b)))
                    .unwrap_or(Position::Right)
            });
        positions[k] = best;
        taken.push(label_box(point, width, best));
    }
    positions
}

/// The four quadrants in words, beside the chart: where each sits and what it suggests.
fn quadrant_key(
    ws: &mut Worksheet,
    mut row: RowNum,
    cols: &Columns,
    d: &Drivers,
    styles: &Styles,
) -> Result<(), XlsxError> {
    use QuadrantLabel as Q;
    // The chart covers the columns up to the share of its block; the key starts after.
    let col = cols.within + 1;
    style::text(ws, row, col, "Reading the quadrants", &styles.heading_small)?;
    row += 1;
    let format = |x: f64| match d.quadrant.performance {
        PerformanceMeasure::TopBox => format!("{x:.1}"),
        PerformanceMeasure::Mean => format!("{x:.2}"),
    };
    let lines = format!(
        "Dashed lines: average importance {:.1}% and average performance {}.",
        d.quadrant.importance_line,
        format(d.quadrant.performance_line)
    );
    let quadrants = [
        (
            Q::PrioritiesForImprovement,
            "Bottom right: more important than average but performing below average; where \
             improvement should matter most.",
        ),
        (
            Q::StrengthsToMaintain,
            "Top right: more important than average and performing above average.",
        ),
        (
            Q::PossibleOverInvestment,
            "Top left: performing above average but less important than average.",
        ),
        (
            Q::LowerPriority,
            "Bottom left: less important than average and performing below average.",
        ),
    ];
    for (q, words) in quadrants {
        let n = d.items.iter().filter(|i| i.quadrant == Some(q)).count();
        let count = match n {
            1 => " (1 question)".to_string(),
            n => format!(" ({n} questions)"),
        };
        style::text(
            ws,
            row,
            col,
            &format!("{}{count}", q.label()),
            &styles.label,
        )?;
        row += 1;
        for line in style::split_lines(words, 45) {
            style::text(ws, row, col, &line, &styles.aside)?;
            row += 1;
        }
    }
    for line in style::split_lines(&lines, 45) {
        style::text(ws, row, col, &line, &styles.aside)?;
        row += 1;
    }
    Ok(())
}

/// The largest driver in a sentence, for the Summary.
pub(super) fn largest(results: &Results, d: &Drivers) -> Option<String> {
    let top = ranked(d).into_iter().next()?;
    let interval = top
        .share
        .percent_ci
        .map(|[low, high]| format!(" (95% CI {low:.0}% to {high:.0}%)"))
        .unwrap_or_default();
    Some(format!(
        "\"{}\" ({}): {:.0}% of the explained {}{interval}.",
        top.label,
        top.block,
        top.share.percent,
        noun(results)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rapport_engine::drivers::{BootstrapInfo, ImportanceMethod, Quadrant};

    fn item(label: &str, rank: usize, percent: f64, performance: f64) -> ItemShare {
        ItemShare {
            variable: label.replace(' ', "_"),
            label: label.to_string(),
            block: "Relationships".into(),
            role: BlockRole::Relational,
            rank,
            share: Share {
                value: percent / 100.0,
                percent,
                percent_ci: None,
                value_ci: None,
                monte_carlo_se: None,
            },
            within_block_percent: percent,
            relative_weight: None,
            performance: Some(performance),
            quadrant: None,
        }
    }

    fn drivers(items: Vec<ItemShare>, performance: PerformanceMeasure) -> Drivers {
        Drivers {
            measure: "R²".into(),
            item_method: ImportanceMethod::ShapleyExact,
            block_method: ImportanceMethod::ShapleyExact,
            method_text: String::new(),
            explained_full: 0.5,
            explained_controls: 0.0,
            explained_by_players: 0.5,
            controls: vec![],
            blocks: vec![],
            items,
            bootstrap: None::<BootstrapInfo>,
            quadrant: Quadrant {
                performance,
                performance_label: String::new(),
                importance_line: 10.0,
                performance_line: 50.0,
                left_off: vec![],
            },
            unsettled_rankings: vec![],
            headline: String::new(),
            sentences: vec![],
        }
    }

    #[test]
    fn performance_axes_have_round_steps_around_the_points() {
        let top_box = drivers(
            vec![item("a", 1, 20.0, 34.1), item("b", 2, 5.0, 64.1)],
            PerformanceMeasure::TopBox,
        );
        let plotted: Vec<&ItemShare> = top_box.items.iter().collect();
        assert_eq!(performance_bounds(&top_box, &plotted), (30.0, 70.0, 5.0));
        // Near the ends of a percentage the axis stops at 0 and 100.
        let full = drivers(
            vec![item("a", 1, 20.0, 1.0), item("b", 2, 5.0, 99.5)],
            PerformanceMeasure::TopBox,
        );
        let plotted: Vec<&ItemShare> = full.items.iter().collect();
        let (low, high, _) = performance_bounds(&full, &plotted);
        assert_eq!((low, high), (0.0, 100.0));
        // Mean scores on a 1–5 scale get decimal steps.
        let mut mean = drivers(
            vec![item("a", 1, 20.0, 2.8), item("b", 2, 5.0, 3.9)],
            PerformanceMeasure::Mean,
        );
        mean.quadrant.performance_line = 3.3;
        let plotted: Vec<&ItemShare> = mean.items.iter().collect();
        let (low, high, step) = performance_bounds(&mean, &plotted);
        assert!((step - 0.2).abs() < 1e-12, "{step}");
        assert!(low <= 2.8 - step / 4.0 && low > 2.8 - step - 1e-9, "{low}");
        assert!(
            high >= 3.9 + step / 4.0 && high < 3.9 + step + 1e-9,
            "{high}"
        );
    }

    #[test]
    fn neighbouring_points_get_labels_that_do_not_collide() {
        // Two points side by side: the second label cannot also go right of its point.
        let d = drivers(
            vec![
                item("understood my situation", 1, 12.0, 70.0),
                item("kept informed", 2, 12.4, 70.0),
                item("lonely", 3, 3.0, 40.0),
            ],
            PerformanceMeasure::TopBox,
        );
        let plotted: Vec<&ItemShare> = d.items.iter().collect();
        let data = ChartData {
            bars: (0, 0),
            error_bars: false,
            role_names: vec![],
            bar_axis: (0, 0),
            scatter_title: (0, 0),
            x_title: (0, 0),
            y_title: (0, 0),
            points: vec![],
            vertical: 0,
            horizontal: 0,
            corners: 0,
            importance_line: 10.0,
            performance_line: 50.0,
            x_bounds: (0.0, 14.0),
            y_bounds: (30.0, 80.0),
            y_step: 10.0,
        };
        let positions = label_positions(&plotted, &data);
        assert_eq!(
            positions[2],
            Position::Right,
            "a lone point labels rightwards"
        );
        assert_ne!(positions[0], positions[1]);
    }

    #[test]
    fn alt_text_stays_within_excels_limit() {
        assert_eq!(alt_text("short".into()), "short");
        assert_eq!(alt_text("x".repeat(300)).chars().count(), 255);
    }
}
