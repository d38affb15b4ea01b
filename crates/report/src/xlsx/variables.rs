//! The Variables sheet: the codebook as detected, so a reader can check how every column
//! was read, scored and which answers were set aside as missing; then the composite scales
//! built from them, with their reliability.

use super::style::{self, Styles};
use rapport_engine::codebook::{Level, Variable, VariableKind};
use rapport_engine::results::{CompositeResult, Results};
use rapport_engine::scale::MissingReason;
use rust_xlsxwriter::{ColNum, RowNum, Worksheet, XlsxError};
use std::collections::BTreeSet;

const HEADER_ROW: RowNum = 3;
const LEVELS_WIDTH: f64 = 34.0;
const EXAMPLES_WIDTH: f64 = 26.0;
/// Wide enough for the composite headers ("Standardized alpha") to break between words.
const COUNT_WIDTH: f64 = 12.0;

/// What Cronbach's alpha means, wherever a sheet shows it.
pub(super) const ALPHA_NOTE: &str = "Cronbach's alpha: how consistently the items measure one \
                                     thing; 0.70 or more is usually taken as acceptable.";
const SCALE_HEADERS: [&str; 7] = [
    "Composite scale",
    "Items",
    "Minimum answered items",
    "Respondents scored",
    "Alpha (raw)",
    "Standardized alpha",
    "Answered every item",
];
const ITEM_HEADERS: [&str; 5] = [
    "Item",
    "Mean",
    "SD",
    "Corrected item–total correlation",
    "Alpha if item deleted",
];

pub(super) fn write(
    ws: &mut Worksheet,
    results: &Results,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let variables = &results.codebook.variables;
    // One column per missing reason that occurs anywhere, in the engine's fixed order.
    let reasons: BTreeSet<MissingReason> = variables
        .iter()
        .flat_map(|v| v.missing.iter().map(|m| m.reason))
        .collect();
    let mut headers = vec![
        "Variable",
        "Column",
        "Read as",
        "Answers in order (score = label: count)",
        "Valid answers",
    ];
    headers.extend(reasons.iter().map(|r| r.label()));
    headers.extend(["Invalid", "Examples of invalid cells"]);
    let last_col = headers.len() as u16 - 1;

    let names = variables.iter().map(|v| v.name.as_str());
    let scales = results.composites.iter().map(|c| c.name.as_str());
    let name_width = style::width_for(names.chain(scales), 14.0, 32.0);
    let kind_width = style::width_for(variables.iter().map(kind), 12.0, 26.0);
    let mut widths = vec![name_width, 8.0, kind_width, LEVELS_WIDTH];
    widths.resize(headers.len() - 1, COUNT_WIDTH);
    widths.push(EXAMPLES_WIDTH);
    for (col, width) in (0..).zip(&widths) {
        ws.set_column_width(col, *width)?;
    }
    style::print_setup(ws, Some(HEADER_ROW))?;
    ws.set_freeze_panes(HEADER_ROW + 1, 1)?;

    style::text(
        ws,
        0,
        0,
        "Variables: how each column was read",
        &styles.title,
    )?;
    let intro = [
        "Scales are scored from 1 for the most negative answer upwards. Missing answers (blank, \
         \"Don't know\" and the like) are left out of models but counted here by reason.",
        "Invalid cells fit neither the column's kind nor a missing answer: check them in the \
         survey file.",
    ];
    for (row, line) in (1..).zip(intro) {
        style::text(ws, row, 0, line, &styles.aside)?;
    }
    header_row(ws, HEADER_ROW, &headers, 4..last_col, &widths, styles)?;

    let mut row = HEADER_ROW + 1;
    for v in variables {
        let kind = kind(v);
        style::text(ws, row, 0, &v.name, &styles.wrap)?;
        style::text(ws, row, 1, &v.column, &styles.text)?;
        style::text(ws, row, 2, &kind, &styles.wrap)?;
        let levels = levels(&v.levels);
        style::text(ws, row, 3, &levels, &styles.wrap)?;
        style::count(ws, row, 4, v.valid_n, &styles.count)?;
        for (col, reason) in (5..).zip(&reasons) {
            let n = v
                .missing
                .iter()
                .filter(|m| m.reason == *reason)
                .map(|m| m.count)
                .sum();
            style::count(ws, row, col, n, &styles.count)?;
        }
        style::count(ws, row, last_col - 1, v.invalid_n, &styles.count)?;
        let examples = v.invalid_examples.join("\n");
        style::text(ws, row, last_col, &examples, &styles.wrap_indented)?;
        style::fit_row(
            ws,
            row,
            &[
                (&v.name, name_width),
                (&kind, kind_width),
                (&levels, LEVELS_WIDTH),
                (&examples, EXAMPLES_WIDTH),
            ],
        )?;
        row += 1;
    }
    if !results.composites.is_empty() {
        composites(ws, row + 1, &results.composites, last_col, &widths, styles)?;
    }
    Ok(())
}

/// Each composite scale's scoring and reliability, then its items' statistics, in the
/// codebook's columns (`widths`).
fn composites(
    ws: &mut Worksheet,
    mut row: RowNum,
    composites: &[CompositeResult],
    last_col: ColNum,
    widths: &[f64],
    styles: &Styles,
) -> Result<(), XlsxError> {
    style::heading(ws, row, last_col, "Composite scales", styles)?;
    row += 1;
    style::text(ws, row, 0, ALPHA_NOTE, &styles.aside)?;
    row += 1;
    header_row(ws, row, &SCALE_HEADERS, 1..7, widths, styles)?;
    row += 1;
    for c in composites {
        let r = &c.reliability;
        style::text(ws, row, 0, &c.name, &styles.wrap)?;
        style::count(ws, row, 1, c.items.len(), &styles.count)?;
        style::count(ws, row, 2, c.min_valid, &styles.count)?;
        style::count(ws, row, 3, c.n_scored, &styles.count)?;
        style::number(ws, row, 4, r.alpha, &styles.fixed3)?;
        style::number(ws, row, 5, r.alpha_standardized, &styles.fixed3)?;
        style::count(ws, row, 6, r.n_complete, &styles.count)?;
        style::fit_row(ws, row, &[(&c.name, widths[0])])?;
        row += 1;
    }
    for c in composites {
        row += 1;
        let title = format!(
            "Items of {}, on the {} respondents who answered every item",
            c.name, c.reliability.n_complete
        );
        style::text(ws, row, 0, &title, &styles.label)?;
        row += 1;
        header_row(ws, row, &ITEM_HEADERS, 1..5, widths, styles)?;
        row += 1;
        for item in &c.reliability.items {
            style::text(ws, row, 0, &item.item, &styles.wrap)?;
            style::number(ws, row, 1, item.mean, &styles.fixed3)?;
            style::number(ws, row, 2, item.sd, &styles.fixed3)?;
            style::optional(ws, row, 3, item.corrected_item_total, &styles.fixed3)?;
            style::optional(ws, row, 4, item.alpha_if_deleted, &styles.fixed3)?;
            style::fit_row(ws, row, &[(&item.item, widths[0])])?;
            row += 1;
        }
    }
    Ok(())
}

/// Table headers, the row made tall enough for those that wrap in their column's width.
fn header_row(
    ws: &mut Worksheet,
    row: RowNum,
    headers: &[&str],
    numeric: std::ops::Range<ColNum>,
    widths: &[f64],
    styles: &Styles,
) -> Result<(), XlsxError> {
    style::header_row(ws, row, headers, numeric, styles)?;
    let cells: Vec<(&str, f64)> = headers
        .iter()
        .copied()
        .zip(widths.iter().copied())
        .collect();
    style::fit_row(ws, row, &cells)
}

/// What the column was read as, in words.
fn kind(v: &Variable) -> String {
    match &v.kind {
        VariableKind::Numeric => "Number".to_string(),
        VariableKind::Scale { scale } => scale.name.clone(),
        VariableKind::Categorical => "Categories (unordered)".to_string(),
        VariableKind::Boolean => "True/false (scored 0/1)".to_string(),
        VariableKind::Date => "Date".to_string(),
        VariableKind::Text => "Free text".to_string(),
        VariableKind::Empty => "Empty".to_string(),
    }
}

/// Levels one per line: "1 = Strongly disagree: 12" for scales, "North: 40" for categories.
fn levels(levels: &[Level]) -> String {
    levels
        .iter()
        .map(|l| match l.score {
            Some(score) => format!("{score} = {}: {}", l.label, l.count),
            None => format!("{}: {}", l.label, l.count),
        })
        .collect::<Vec<_>>()
        .join("\n")
}
