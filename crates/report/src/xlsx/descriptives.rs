//! The Descriptives sheet: how residents answered, weighted by the survey design. First a
//! diverging-bar summary of every rating question (a table and a native Excel chart drawn
//! from it), then every question's weighted percentages with confidence intervals, the
//! averages, and the crosstabs with their design-corrected tests.
//!
//! Percentages are of those who answered; "Don't know", "Prefer not to say" and blanks are
//! outside every base and shown apart as shares of all respondents, as the engine reports
//! them.

use super::style::{self, Styles};
use rapport_engine::descriptives::{
    Crosstab, Descriptives, LikertSummary, MissingShare, Side, VariableSummary,
};
use rapport_engine::results::Results;
use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartAxisLabelPosition, ChartAxisTickType, ChartDataLabel,
    ChartLegendPosition, ChartLine, ChartType, ColNum, RowNum, Worksheet, XlsxError,
};

/// The sheet's name, which the chart's ranges refer to.
pub(super) const SHEET: &str = "Descriptives";
const LABEL_WIDTH: f64 = 38.0;
const NUMBER_WIDTH: f64 = 11.0;
/// Columns given the number width (B onwards), enough for the widest table.
const NUMBER_COLS: ColNum = 14;
/// Characters of a sentence written across the tables, one line per row.
const LINE_WIDTH: usize = 140;
/// Chart geometry in pixels.
const CHART_WIDTH: u32 = 980;
const CHART_BAR: u32 = 30;
const CHART_FRAME: u32 = 110;
/// Default row height in pixels, to leave room under a chart.
const ROW_PIXELS: u32 = 20;
/// Segments narrower than this share get no label (it would not fit).
const LABEL_MIN: f64 = 0.07;
/// Okabe–Ito colours: vermillion and orange for the negative side, sky blue and blue for the
/// positive side, reddish purple and bluish green for scales with a third level per side;
/// the neutral middle in grey.
const NEGATIVE: [u32; 3] = [0xCC79A7, 0xD55E00, 0xE69F00];
const POSITIVE: [u32; 3] = [0x56B4E9, 0x009E73, 0x0072B2];
const NEUTRAL: u32 = 0xBBBBBB;

pub(super) fn write(
    ws: &mut Worksheet,
    results: &Results,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let d = &results.descriptives;
    ws.set_column_width(0, LABEL_WIDTH)?;
    for col in 1..=NUMBER_COLS {
        ws.set_column_width(col, NUMBER_WIDTH)?;
    }
    style::print_setup(ws, None)?;
    style::text(
        ws,
        0,
        0,
        "Descriptives: how residents answered",
        &styles.title,
    )?;
    let mut row = 1;
    row = style::sentence(ws, row, &design_note(results), LINE_WIDTH, &styles.aside)?;
    row = style::sentence(ws, row, &base_note(d), LINE_WIDTH, &styles.aside)?;

    if d.variables.is_empty() && d.crosstabs.is_empty() {
        style::text(
            ws,
            row + 1,
            0,
            "No questions were described in this analysis.",
            &styles.text,
        )?;
        return Ok(());
    }
    if !d.likert.is_empty() {
        row = likert_section(ws, row + 1, d, styles)?;
    }
    if d.variables.iter().any(|v| !v.levels.is_empty()) {
        row = levels_table(ws, row + 1, d, styles)?;
    }
    if d.variables.iter().any(shows_mean) {
        row = means_table(ws, row + 1, d, styles)?;
    }
    if !d.crosstabs.is_empty() {
        style::heading(ws, row + 1, NUMBER_COLS, "Crosstabs", styles)?;
        row += 2;
        for c in &d.crosstabs {
            row = crosstab(ws, row, c, styles)? + 1;
        }
    }
    Ok(())
}

/// The design behind every estimate on the sheet, in words.
pub(super) fn design_note(results: &Results) -> String {
    let design = &results.spec.design;
    let df = results.descriptives.design_df;
    if design.is_empty() {
        return "Unweighted: every respondent counts once, and intervals treat the answers as a \
                simple random sample."
            .to_string();
    }
    let mut parts = Vec::new();
    match &design.weight {
        Some(w) => parts.push(format!("weighted by the column \"{w}\"")),
        None => parts.push("unweighted".to_string()),
    }
    let mut allow = Vec::new();
    if let Some(s) = &design.strata {
        allow.push(format!("strata \"{s}\""));
    }
    if let Some(c) = &design.cluster {
        let units = results
            .model
            .design
            .as_ref()
            .map(|d| format!(" ({} clusters)", d.n_psu))
            .unwrap_or_default();
        allow.push(format!("clustering by \"{c}\"{units}"));
    }
    let allow = if allow.is_empty() {
        String::new()
    } else {
        format!("; intervals allow for {}", allow.join(" and "))
    };
    format!(
        "Survey design: {}{allow}, with {df} design degrees of freedom (as R's survey package).",
        parts.join(", ")
    )
}

fn base_note(d: &Descriptives) -> String {
    format!(
        "Percentages are weighted shares of the people who answered each question. \"Don't \
         know\", \"Prefer not to say\" and blanks are outside every percentage base and shown \
         apart, as shares of all respondents. Intervals are {:.0}% confidence intervals; n counts \
         respondents, unweighted.",
        d.level * 100.0
    )
}

/// Diverging-bar tables and charts, one per response scale.
fn likert_section(
    ws: &mut Worksheet,
    mut row: RowNum,
    d: &Descriptives,
    styles: &Styles,
) -> Result<RowNum, XlsxError> {
    style::heading(ws, row, NUMBER_COLS, "Rating questions at a glance", styles)?;
    row += 1;
    row = style::sentence(
        ws,
        row,
        "Each bar runs from the most negative answer on the left to the most positive on the \
         right, centred on the middle of the scale: the further right, the more positive the \
         answers. The neutral middle answer is split across the centre.",
        LINE_WIDTH,
        &styles.aside,
    )?;
    let mut scales: Vec<&str> = Vec::new();
    for l in &d.likert {
        if !scales.contains(&l.scale.as_str()) {
            scales.push(&l.scale);
        }
    }
    for scale in scales {
        let items: Vec<&LikertSummary> = d.likert.iter().filter(|l| l.scale == scale).collect();
        row = likert_group(ws, row + 1, scale, &items, styles)?;
    }
    Ok(row)
}

/// Labels of the missing answers that occur among `items`, in the engine's order.
fn missing_labels<'a>(items: impl IntoIterator<Item = &'a [MissingShare]>) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    for missing in items {
        for m in missing {
            if !labels.contains(&m.label) {
                labels.push(m.label.clone());
            }
        }
    }
    labels
}

/// The weighted share of all respondents giving the missing answer `label`.
fn missing_share(missing: &[MissingShare], label: &str) -> f64 {
    missing
        .iter()
        .filter(|m| m.label == label)
        .map(|m| m.proportion_of_all)
        .sum::<f64>()
        + 0.0
}

/// One response scale's items: the table, the chart, and the chart's data.
fn likert_group(
    ws: &mut Worksheet,
    mut row: RowNum,
    scale: &str,
    items: &[&LikertSummary],
    styles: &Styles,
) -> Result<RowNum, XlsxError> {
    let levels: Vec<(&str, Side)> = items[0]
        .levels
        .iter()
        .map(|l| (l.label.as_str(), l.side))
        .collect();
    let missing = missing_labels(items.iter().map(|l| l.missing.as_slice()));
    let invalid = items.iter().any(|l| l.invalid_of_all > 0.0);
    let questions = if items.len() == 1 {
        "1 question".to_string()
    } else {
        format!("{} questions", items.len())
    };
    style::text(
        ws,
        row,
        0,
        &format!("{scale}: {questions}"),
        &styles.heading_small,
    )?;
    row += 1;

    // The table: shares of those who answered, then the missing answers apart.
    let mut headers: Vec<String> = vec!["Question".into(), "Answered (n)".into()];
    headers.extend(levels.iter().map(|(l, _)| l.to_string()));
    headers.push("Top 2 (most positive) %".into());
    headers.push("Bottom 2 (most negative) %".into());
    headers.extend(missing.iter().map(|m| format!("{m} (% of all)")));
    if invalid {
        headers.push("Invalid (% of all)".into());
    }
    header_row(ws, row, &headers, styles)?;
    let table_header = row;
    row += 1;
    for l in items {
        style::text(ws, row, 0, &l.variable, &styles.wrap)?;
        style::fit_row(ws, row, &[(&l.variable, LABEL_WIDTH)])?;
        style::count(ws, row, 1, l.n, &styles.count)?;
        let mut col = 2;
        for level in &l.levels {
            style::number(ws, row, col, level.proportion + 0.0, &styles.percent)?;
            col += 1;
        }
        style::number(ws, row, col, l.top_two_box + 0.0, &styles.percent)?;
        style::number(ws, row, col + 1, l.bottom_two_box + 0.0, &styles.percent)?;
        col += 2;
        for m in &missing {
            style::number(ws, row, col, missing_share(&l.missing, m), &styles.percent1)?;
            col += 1;
        }
        if invalid {
            style::number(ws, row, col, l.invalid_of_all + 0.0, &styles.percent1)?;
        }
        row += 1;
    }

    // The chart's data: the same shares, signed so the bars diverge from 0, in the order
    // Excel stacks them outwards from 0 on each side.
    let series = series_order(&levels);
    let chart_rows = (CHART_FRAME + CHART_BAR * items.len() as u32).div_ceil(ROW_PIXELS) + 1;
    let chart_at = row + 1;
    let mut data_row = chart_at + chart_rows;
    let data_note = "Chart data: the shares above, with the negative answers stored as negative \
                     numbers so that the bars diverge from 0, and the neutral answer split in \
                     half across 0.";
    data_row = style::sentence(ws, data_row, data_note, LINE_WIDTH, &styles.aside)?;
    let mut data_headers: Vec<String> = vec!["Question".into()];
    data_headers.extend(series.iter().map(|s| s.name(&levels)));
    header_row(ws, data_row, &data_headers, styles)?;
    let data_header = data_row;
    data_row += 1;
    let data_first = data_row;
    for l in items {
        style::text(ws, data_row, 0, &l.variable, &styles.text)?;
        for (col, s) in (1..).zip(&series) {
            style::number(ws, data_row, col, s.value(l), &styles.percent_signless)?;
        }
        data_row += 1;
    }
    let data_last = data_row - 1;

    let chart = diverging_chart(
        scale,
        &levels,
        &series,
        items,
        (data_header, data_first, data_last),
        table_header,
    );
    ws.insert_chart(chart_at, 0, &chart)?;
    Ok(data_row)
}

/// One series of the diverging chart: a level, or half of the neutral level.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Segment {
    /// Level `i`, on the side its sign shows.
    Level(usize),
    /// Half of neutral level `i`, drawn left (negative) or right of 0.
    NeutralHalf(usize, bool),
}

impl Segment {
    fn level(self) -> usize {
        match self {
            Segment::Level(i) | Segment::NeutralHalf(i, _) => i,
        }
    }

    fn name(self, levels: &[(&str, Side)]) -> String {
        match self {
            Segment::Level(i) => levels[i].0.to_string(),
            Segment::NeutralHalf(i, true) => format!("{} (left half)", levels[i].0),
            Segment::NeutralHalf(i, false) => format!("{} (right half)", levels[i].0),
        }
    }

    /// The signed share the chart draws for `item`.
    fn value(self, item: &LikertSummary) -> f64 {
        match self {
            Segment::Level(i) => {
                let l = &item.levels[i];
                let share = l.proportion + 0.0;
                if l.side == Side::Negative {
                    -share
                } else {
                    share
                }
            }
            Segment::NeutralHalf(i, left) => {
                let half = item.levels[i].proportion / 2.0 + 0.0;
                if left { -half } else { half }
            }
        }
    }
}

/// Series in the order a stacked bar chart draws them outwards from 0: on the left the
/// neutral half, then the negative levels from the mildest to the most negative; on the
/// right the other neutral half, then the positive levels from the mildest.
fn series_order(levels: &[(&str, Side)]) -> Vec<Segment> {
    let of =
        |side: Side| -> Vec<usize> { (0..levels.len()).filter(|&i| levels[i].1 == side).collect() };
    let neutral = of(Side::Neutral);
    let mut order = Vec::new();
    order.extend(neutral.iter().map(|&i| Segment::NeutralHalf(i, true)));
    order.extend(of(Side::Negative).into_iter().rev().map(Segment::Level));
    order.extend(neutral.iter().map(|&i| Segment::NeutralHalf(i, false)));
    order.extend(of(Side::Positive).into_iter().map(Segment::Level));
    order
}

/// Okabe–Ito colour of level `i`: deeper the further from the middle.
fn colour(levels: &[(&str, Side)], i: usize) -> u32 {
    let side = levels[i].1;
    // Levels on the same side, and how far level `i` is from the middle (0: the mildest).
    let same: Vec<usize> = (0..levels.len()).filter(|&j| levels[j].1 == side).collect();
    let position = same.iter().position(|&j| j == i).unwrap_or(0);
    let from_middle = match side {
        Side::Negative => same.len() - 1 - position,
        _ => position,
    };
    let palette: &[u32] = match (side, same.len()) {
        (Side::Neutral, _) => return NEUTRAL,
        (Side::Negative, 1) => &NEGATIVE[2..],
        (Side::Negative, 2) => &[NEGATIVE[2], NEGATIVE[1]],
        (Side::Negative, _) => &[NEGATIVE[2], NEGATIVE[1], NEGATIVE[0]],
        (Side::Positive, 1) => &POSITIVE[..1],
        (Side::Positive, 2) => &[POSITIVE[0], POSITIVE[2]],
        (Side::Positive, _) => &POSITIVE,
    };
    palette[from_middle.min(palette.len() - 1)]
}

/// The native diverging stacked-bar chart drawn from the chart data at
/// `(header, first, last)`, with data labels on segments wide enough to hold one; the
/// legend is named from the table's header row `table_header`.
fn diverging_chart(
    scale: &str,
    levels: &[(&str, Side)],
    series: &[Segment],
    items: &[&LikertSummary],
    (header, first, last): (RowNum, RowNum, RowNum),
    table_header: RowNum,
) -> Chart {
    let mut chart = Chart::new(ChartType::BarStacked);
    let categories = (SHEET, first, 0, last, 0);
    // The legend comes from legend-only series, one per level in scale order, with no bars
    // (they point at an empty column), so it reads from the most negative answer to the most
    // positive; each is named by its level's header cell in the table, so no label is read
    // as a range. The drawn series are left out of the legend. LibreOffice counts a bar
    // chart's legend entries from the other end, so the legend-only series sit in the middle
    // and the deleted entries are the same counted from either end.
    let blank_col = series.len() as ColNum + 1;
    let middle = series.len() / 2;
    let total = series.len() + levels.len();
    let legend_only = middle..middle + levels.len();
    for (col, s) in (1..).zip(series) {
        if col as usize - 1 == middle {
            for i in 0..levels.len() {
                chart
                    .add_series()
                    .set_name((SHEET, table_header, 2 + i as ColNum))
                    .set_categories(categories)
                    .set_values((SHEET, first, blank_col, last, blank_col))
                    .set_format(&mut style::solid_fill(colour(levels, i)))
                    .set_gap(40)
                    .set_overlap(100);
            }
        }
        let i = s.level();
        let labels: Vec<ChartDataLabel> = items
            .iter()
            .map(|item| {
                let wide = item.levels[i].proportion >= LABEL_MIN;
                match s {
                    Segment::Level(_) if wide => ChartDataLabel::default(),
                    // A neutral half's value is half the answers: no label (the table has
                    // the share).
                    _ => ChartDataLabel::new().set_hidden().to_custom(),
                }
            })
            .collect();
        chart
            .add_series()
            .set_name((SHEET, header, col))
            .set_categories(categories)
            .set_values((SHEET, first, col, last, col))
            .set_format(&mut style::solid_fill(colour(levels, i)))
            .set_data_label(
                ChartDataLabel::new()
                    .show_value()
                    .set_num_format("0%;0%;0%"),
            )
            .set_custom_data_labels(&labels)
            .set_gap(40)
            .set_overlap(100);
    }
    let drawn: Vec<usize> = (0..total).filter(|i| !legend_only.contains(i)).collect();
    let extent = items
        .iter()
        .flat_map(|l| l.levels.iter().flat_map(|x| [x.start.abs(), x.end.abs()]))
        .fold(0.0_f64, f64::max);
    let bound = ((extent * 10.0).ceil() / 10.0).clamp(0.2, 1.0);
    chart
        .x_axis()
        .set_num_format("0%;0%;0%")
        .set_min(-bound)
        .set_max(bound)
        .set_major_unit(if bound > 0.5 { 0.2 } else { 0.1 })
        .set_major_gridlines(true)
        .set_major_gridlines_line(ChartLine::new().set_color(0xD9D9D9));
    chart
        .y_axis()
        .set_reverse()
        .set_crossing(ChartAxisCrossing::Max)
        .set_major_tick_type(ChartAxisTickType::None)
        .set_label_position(ChartAxisLabelPosition::Low);
    chart
        .legend()
        .set_position(ChartLegendPosition::Bottom)
        .delete_entries(&drawn);
    chart
        .set_width(CHART_WIDTH)
        .set_height(CHART_FRAME + CHART_BAR * items.len() as u32)
        .set_alt_text(format!(
            "Diverging bar chart of the answers to {} question(s) on the {scale} scale: negative \
             answers to the left of the centre, positive to the right.",
            items.len()
        ));
    chart
}

/// A header row that wraps in the number columns' width.
fn header_row<S: AsRef<str>>(
    ws: &mut Worksheet,
    row: RowNum,
    headers: &[S],
    styles: &Styles,
) -> Result<(), XlsxError> {
    let headers: Vec<&str> = headers.iter().map(AsRef::as_ref).collect();
    style::header_row(ws, row, &headers, 1..headers.len() as ColNum, styles)?;
    let cells: Vec<(&str, f64)> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| (*h, if i == 0 { LABEL_WIDTH } else { NUMBER_WIDTH }))
        .collect();
    style::fit_row(ws, row, &cells)
}

/// Every question with levels: weighted shares with intervals and counts, then the missing
/// answers apart.
fn levels_table(
    ws: &mut Worksheet,
    mut row: RowNum,
    d: &Descriptives,
    styles: &Styles,
) -> Result<RowNum, XlsxError> {
    style::heading(
        ws,
        row,
        NUMBER_COLS,
        "Every question: weighted percentages",
        styles,
    )?;
    row += 1;
    header_row(
        ws,
        row,
        &[
            "Question and answer",
            "Answered (n)",
            "Weighted % of answers",
            "95% CI low",
            "95% CI high",
            "% of all respondents",
        ],
        styles,
    )?;
    row += 1;
    for v in d.variables.iter().filter(|v| !v.levels.is_empty()) {
        style::text(ws, row, 0, &v.variable, &styles.label)?;
        style::count(ws, row, 1, v.n, &styles.count)?;
        style::number(ws, row, 5, v.answered_of_all + 0.0, &styles.percent1)?;
        row += 1;
        for l in &v.levels {
            style::text(ws, row, 0, &l.label, &styles.wrap_indented)?;
            style::fit_row(ws, row, &[(&l.label, LABEL_WIDTH - 2.0)])?;
            style::count(ws, row, 1, l.n, &styles.count)?;
            style::number(ws, row, 2, l.proportion.estimate + 0.0, &styles.percent1)?;
            style::optional(ws, row, 3, l.proportion.conf_low, &styles.percent1)?;
            style::optional(ws, row, 4, l.proportion.conf_high, &styles.percent1)?;
            row += 1;
        }
        row = missing_rows(ws, row, v, 5, styles)?;
    }
    Ok(row)
}

/// A variable's missing answers (and stray cells), counted and as shares of all respondents
/// in column `share_col`.
fn missing_rows(
    ws: &mut Worksheet,
    mut row: RowNum,
    v: &VariableSummary,
    share_col: ColNum,
    styles: &Styles,
) -> Result<RowNum, XlsxError> {
    for m in &v.missing {
        let label = format!("{} (not in the base)", m.label);
        style::text(ws, row, 0, &label, &styles.aside_indented)?;
        style::count(ws, row, 1, m.n, &styles.count)?;
        style::number(
            ws,
            row,
            share_col,
            m.proportion_of_all + 0.0,
            &styles.percent1,
        )?;
        row += 1;
    }
    if v.invalid_n > 0 {
        style::text(
            ws,
            row,
            0,
            "Invalid cells (not in the base)",
            &styles.aside_indented,
        )?;
        style::count(ws, row, 1, v.invalid_n, &styles.count)?;
        style::number(ws, row, share_col, v.invalid_of_all + 0.0, &styles.percent1)?;
        row += 1;
    }
    Ok(row)
}

/// Whether the averages table shows `v`: numbers, and rating scales of three or more
/// levels (a yes/no item is a share, not an average).
fn shows_mean(v: &VariableSummary) -> bool {
    v.mean.is_some() && (v.levels.is_empty() || v.levels.len() >= 3)
}

fn means_table(
    ws: &mut Worksheet,
    mut row: RowNum,
    d: &Descriptives,
    styles: &Styles,
) -> Result<RowNum, XlsxError> {
    style::heading(ws, row, NUMBER_COLS, "Averages", styles)?;
    row += 1;
    row = style::sentence(
        ws,
        row,
        "Weighted means of numbers, and of rating answers scored from 1 for the most negative \
         answer upwards, of those who answered.",
        LINE_WIDTH,
        &styles.aside,
    )?;
    header_row(
        ws,
        row,
        &[
            "Question",
            "Answered (n)",
            "Mean",
            "95% CI low",
            "95% CI high",
            "Std. error",
            "% of all respondents",
        ],
        styles,
    )?;
    row += 1;
    for v in d.variables.iter().filter(|v| shows_mean(v)) {
        let Some(m) = &v.mean else { continue };
        let label = match &v.scale {
            Some(scale) => format!("{} (score, {scale})", v.variable),
            None => v.variable.clone(),
        };
        style::text(ws, row, 0, &label, &styles.wrap)?;
        style::fit_row(ws, row, &[(&label, LABEL_WIDTH)])?;
        style::count(ws, row, 1, v.n, &styles.count)?;
        let est = styles.estimate(m.estimate, m.std_error);
        style::number(ws, row, 2, m.estimate, est)?;
        style::optional(ws, row, 3, m.conf_low, est)?;
        style::optional(ws, row, 4, m.conf_high, est)?;
        style::number(ws, row, 5, m.std_error, est)?;
        style::number(ws, row, 6, v.answered_of_all + 0.0, &styles.percent1)?;
        row += 1;
        // Numbers appear only here, so their missing answers are listed under them; rating
        // questions have theirs in the table above.
        if v.levels.is_empty() {
            row = missing_rows(ws, row, v, 6, styles)?;
        }
    }
    Ok(row)
}

/// One crosstab: row percentages with an "All" row, then Pearson's and the Rao–Scott test.
fn crosstab(
    ws: &mut Worksheet,
    mut row: RowNum,
    c: &Crosstab,
    styles: &Styles,
) -> Result<RowNum, XlsxError> {
    style::text(
        ws,
        row,
        0,
        &format!("{} by {}", c.rows, c.columns),
        &styles.heading_small,
    )?;
    row += 1;
    let note = format!(
        "Row percentages: of the respondents giving each answer to {}, the weighted share in each \
         group of {}. {} respondents answered both.",
        c.rows, c.columns, c.n
    );
    row = style::sentence(ws, row, &note, LINE_WIDTH, &styles.aside)?;
    let mut headers: Vec<String> = vec![c.rows.clone()];
    headers.extend(c.column_levels.iter().cloned());
    headers.push("Answered (n)".into());
    header_row(ws, row, &headers, styles)?;
    row += 1;
    let n_col = c.column_levels.len() as ColNum + 1;
    for (label, cells) in c.row_levels.iter().zip(&c.cells) {
        style::text(ws, row, 0, label, &styles.wrap)?;
        style::fit_row(ws, row, &[(label, LABEL_WIDTH)])?;
        for (col, cell) in (1..).zip(cells) {
            style::number(ws, row, col, cell.row_share + 0.0, &styles.percent)?;
        }
        style::count(
            ws,
            row,
            n_col,
            cells.iter().map(|x| x.n).sum(),
            &styles.count,
        )?;
        row += 1;
    }
    style::text(ws, row, 0, "All", &styles.label)?;
    for (col, share) in (1..).zip(&c.column_shares) {
        style::number(ws, row, col, *share + 0.0, &styles.percent)?;
    }
    style::count(ws, row, n_col, c.n, &styles.count)?;
    row += 1;

    match (&c.chi_squared, &c.rao_scott) {
        (None, None) => {
            style::text(
                ws,
                row,
                0,
                "No test: one side has fewer than two answers with respondents.",
                &styles.aside,
            )?;
            row += 1;
        }
        (chi, rs) => {
            header_row(
                ws,
                row,
                &[
                    "Test of association",
                    "Statistic",
                    "df",
                    "Denominator df",
                    "p",
                ],
                styles,
            )?;
            row += 1;
            if let Some(chi) = chi {
                style::text(
                    ws,
                    row,
                    0,
                    "Pearson χ² (first-order corrected p)",
                    &styles.text,
                )?;
                style::number(ws, row, 1, chi.statistic, &styles.fixed2)?;
                style::count(ws, row, 2, chi.df, &styles.count)?;
                style::number(ws, row, 4, chi.p_value, &styles.p_value)?;
                row += 1;
            }
            if let Some(rs) = rs {
                style::text(ws, row, 0, "Rao–Scott F (design-corrected)", &styles.label)?;
                style::number(ws, row, 1, rs.statistic, &styles.fixed2)?;
                style::number(ws, row, 2, rs.numerator_df, &styles.fixed2)?;
                style::number(ws, row, 3, rs.denominator_df, &styles.fixed2)?;
                style::number(ws, row, 4, rs.p_value, &styles.p_value)?;
                row += 1;
            }
            let words = format!(
                "The Rao–Scott F corrects Pearson's test for the weights and clusters (the default \
                 of R's svychisq): read its p. Below 0.05, the answers to {} clearly differ between \
                 groups of {}; association, not cause.",
                c.rows, c.columns
            );
            row = style::sentence(ws, row, &words, LINE_WIDTH, &styles.aside)?;
        }
    }
    Ok(row)
}
