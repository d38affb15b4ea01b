//! Codebook sheets: a sheet whose header names a variable column, a code column and a
//! label column (a question column is optional), listing each variable's codes one per row
//! with the variable's name (and question) only on the first row of its block:
//!
//! | Variable | Question                 | Code | Label          |
//! |----------|--------------------------|------|----------------|
//! | trust    | How much do you trust …  | 1    | A great deal   |
//! |          |                          | 2    | A fair amount  |
//! |          |                          | 99   | Don't know     |
//!
//! Header words are matched after [`text::normalise`] (case, spacing, full stops), so
//! "VALUE LABEL" and "Value label." are the same column.

use crate::codes::{CodeLabel, CodebookEntry, CodebookSheet};
use crate::grid::{Grid, Row, SCAN_ROWS, header_text};
use crate::table::{Cell, Table};
use crate::text;

const VARIABLE: &[&str] = &[
    "variable",
    "variable name",
    "var",
    "varname",
    "name",
    "column",
    "column name",
    "field",
    "field name",
    "item",
];
const QUESTION: &[&str] = &[
    "question",
    "question text",
    "question wording",
    "wording",
    "variable label",
    "description",
];
const CODE: &[&str] = &[
    "code",
    "codes",
    "value",
    "values",
    "value code",
    "response code",
    "answer code",
];
const LABEL: &[&str] = &[
    "value label",
    "code label",
    "response label",
    "answer label",
    "label",
    "labels",
    "response",
    "answer",
    "meaning",
    "category",
];

/// A codebook sheet as read, before its variables are matched to the data's columns.
pub(super) struct Parsed {
    header_row: usize,
    /// (variable as written, question, codes) in sheet order, one per variable.
    entries: Vec<(String, Option<String>, Vec<CodeLabel>)>,
}

/// Read `grid` as a codebook sheet: `None` when no row in its first [`SCAN_ROWS`] names a
/// variable, a code and a label column, or no codes follow.
pub(super) fn parse(grid: &Grid) -> Option<Parsed> {
    let (pos, cols) = grid
        .rows_in(0..SCAN_ROWS)
        .enumerate()
        .find_map(|(i, row)| header_columns(&row).map(|c| (i, c)))?;
    let header_row = grid.row(pos)?.index + 1;
    let mut entries: Vec<(String, Option<String>, Vec<CodeLabel>)> = Vec::new();
    let mut current: Option<usize> = None;
    for row in grid.rows_in(pos + 1..usize::MAX) {
        let text = |col: Option<usize>| {
            col.and_then(|c| row.get(c))
                .map(header_text)
                .filter(|t| !t.is_empty())
        };
        if let Some(name) = text(Some(cols.variable)) {
            current = Some(match entries.iter().position(|e| e.0 == name) {
                Some(i) => i,
                None => {
                    entries.push((name, None, Vec::new()));
                    entries.len() - 1
                }
            });
        }
        let Some(entry) = current.and_then(|i| entries.get_mut(i)) else {
            continue;
        };
        if entry.1.is_none() {
            entry.1 = text(cols.question);
        }
        if let (Some(Cell::Number(code)), Some(label)) =
            (row.get(cols.code), text(Some(cols.label)))
        {
            entry.2.push(CodeLabel { code: *code, label });
        }
    }
    entries.iter().any(|e| !e.2.is_empty()).then_some(Parsed {
        header_row,
        entries,
    })
}

/// Columns of a codebook header.
struct HeaderColumns {
    variable: usize,
    question: Option<usize>,
    code: usize,
    label: usize,
}

/// The codebook columns of a header row, if it has the three that are needed.
fn header_columns(row: &Row<'_>) -> Option<HeaderColumns> {
    let names: Vec<(usize, String)> = row
        .cells()
        .filter_map(|(c, cell)| match cell {
            Cell::Text(t) => Some((c, text::normalise(t))),
            _ => None,
        })
        .collect();
    // Words in order of preference, so "Value label" wins over a bare "Label".
    let find = |words: &[&str]| {
        words
            .iter()
            .find_map(|w| names.iter().find(|(_, n)| n == w).map(|(c, _)| *c))
    };
    Some(HeaderColumns {
        variable: find(VARIABLE)?,
        question: find(QUESTION),
        code: find(CODE)?,
        label: find(LABEL)?,
    })
}

/// Attach a parsed codebook to the table, matching its variables to columns by name
/// (exactly, else ignoring case and spacing).
pub(super) fn attach(table: &mut Table, sheet: String, parsed: Parsed) {
    let mut entries = Vec::new();
    let mut unmatched = Vec::new();
    for (name, question, codes) in parsed.entries {
        let key = text::normalise(&name);
        let column = table
            .column(&name)
            .or_else(|| {
                table
                    .columns
                    .iter()
                    .find(|c| text::normalise(&c.name) == key)
            })
            .map(|c| c.name.clone());
        match column {
            Some(column) => entries.push(CodebookEntry {
                column,
                question,
                codes,
            }),
            None => unmatched.push(name),
        }
    }
    table.layout.codebook = Some(CodebookSheet {
        sheet,
        header_row: parsed.header_row,
        entries,
        unmatched,
    });
}
