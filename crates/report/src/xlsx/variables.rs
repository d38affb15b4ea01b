//! The Variables sheet: the codebook as detected, so a reader can check how every column
//! was read, scored and which answers were set aside as missing.

use super::style::{self, Styles};
use rapport_engine::codebook::{Level, Variable, VariableKind};
use rapport_engine::results::Results;
use rapport_engine::scale::MissingReason;
use rust_xlsxwriter::{RowNum, Worksheet, XlsxError};
use std::collections::BTreeSet;

const HEADER_ROW: RowNum = 3;
const LEVELS_WIDTH: f64 = 34.0;
const EXAMPLES_WIDTH: f64 = 26.0;
const COUNT_WIDTH: f64 = 10.0;

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

    let name_width = style::width_for(variables.iter().map(|v| v.name.as_str()), 14.0, 32.0);
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
    style::header_row(ws, HEADER_ROW, &headers, 4..last_col, styles)?;
    let header_cells: Vec<(&str, f64)> = headers.iter().copied().zip(widths).collect();
    style::fit_row(ws, HEADER_ROW, &header_cells)?;

    for (row, v) in (HEADER_ROW + 1..).zip(variables) {
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
    }
    Ok(())
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
