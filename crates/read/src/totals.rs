//! Totals rows under the data: a contractor's "Total" or "All respondents" row with sums
//! beside it is not a respondent, and left in it would be fitted as one.
//!
//! A row is a totals row when it is among the last [`MAX_TOTALS_ROWS`] rows of the data,
//! its first cell — in the table's first or second column — is a totals label
//! ([`TOTALS_LABELS`], or text starting "Total"), and it has no other text (only numbers,
//! blanks and cell errors).

use crate::grid::Row;
use crate::table::Cell;
use crate::text;

/// At most this many summary rows ("Total", "Mean", "Base") are taken off the end.
const MAX_TOTALS_ROWS: usize = 3;

/// Labels (normalised) that mark a summary row.
const TOTALS_LABELS: &[&str] = &[
    "total",
    "totals",
    "grand total",
    "sum",
    "all",
    "all respondents",
    "all residents",
    "overall",
    "base",
    "mean",
    "average",
];

/// The trailing totals rows of `data`, as (position in `data`, label), in sheet order.
pub(super) fn detect<'g>(
    header: Option<Row<'g>>,
    data: impl DoubleEndedIterator<Item = Row<'g>> + ExactSizeIterator,
) -> Vec<(usize, String)> {
    // The label must sit in the table's first or second column.
    let last_label_col = header
        .and_then(|h| h.columns().nth(1).or(h.columns().next()))
        .unwrap_or(1);
    let mut found = Vec::new();
    for (pos, row) in data.enumerate().rev().take(MAX_TOTALS_ROWS) {
        // Keep at least one respondent.
        if pos == 0 {
            break;
        }
        match totals_label(&row, last_label_col) {
            Some(label) => found.push((pos, label)),
            None => break,
        }
    }
    found.reverse();
    found
}

/// The row's label when it is a totals row.
fn totals_label(row: &Row<'_>, last_label_col: usize) -> Option<String> {
    let mut cells = row.cells();
    let (col, first) = cells.next()?;
    let Cell::Text(text) = first else {
        return None;
    };
    let key = text::normalise(text);
    let is_label = TOTALS_LABELS.contains(&key.as_str())
        || key.starts_with("total ")
        || key.starts_with("total:")
        || key.starts_with("all respondents");
    let no_other_text = cells.all(|(_, c)| matches!(c, Cell::Number(_) | Cell::Error(_)));
    (is_label && no_other_text && col <= last_label_col).then(|| text.trim().to_string())
}
