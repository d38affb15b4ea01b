//! Group titles of a two-row header: "Your experience" written (usually merged) over the
//! questions kind … respect, in the row directly above the real header. Header detection
//! already takes the lower row as the header; this records the titles per column.
//!
//! Detected when the row directly above the header holds only text, in fewer cells than
//! the header, and either two or more titles or one title merged over some but not all of
//! the table's columns (one title alone is more often the sheet's name). A merged title
//! covers its merged range; an unmerged one (csv, or not merged) runs to the column before
//! the next title, or to the table's last column. `header_rows` overrides detection: 2
//! always reads the row above as titles, 1 never does.

use crate::grid::{Grid, header_text};
use crate::layout::Layout;
use crate::table::{Cell, ColumnGroup};
use calamine::Dimensions;

/// The one-based group row and its groups, or `(None, [])`.
pub(super) fn detect(
    grid: &Grid,
    layout: &Layout,
    header_rows: Option<usize>,
    names: &[String],
    sheet_cols: &[usize],
    merged: impl FnOnce() -> Vec<Dimensions>,
) -> (Option<usize>, Vec<ColumnGroup>) {
    let none = (None, Vec::new());
    let forced = match header_rows {
        Some(1) => return none,
        Some(_) => true,
        None => false,
    };
    let Some(above) = layout.header_row.checked_sub(2) else {
        return none;
    };
    let row = grid
        .rows
        .iter()
        .position(|r| r.index == above)
        .and_then(|p| grid.row(p));
    let header_cells = layout
        .header_pos
        .and_then(|p| grid.row(p))
        .map_or(0, |h| h.len());
    let titles: Vec<(usize, String)> = row
        .map(|r| {
            r.cells()
                .map(|(c, cell)| (c, header_text(cell)))
                .filter(|(_, t)| !t.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let all_text = row.is_some_and(|r| r.cells().all(|(_, c)| matches!(c, Cell::Text(_))));
    if !forced && (titles.is_empty() || !all_text || titles.len() >= header_cells) {
        return none;
    }
    let merges: Vec<Dimensions> = merged()
        .into_iter()
        .filter(|d| d.start.0 as usize == above)
        .collect();
    let (first_col, last_col) = match (sheet_cols.first(), sheet_cols.last()) {
        (Some(&f), Some(&l)) => (f, l),
        _ => return none,
    };
    let spans: Vec<(usize, usize, &str)> = titles
        .iter()
        .enumerate()
        .map(|(i, (col, title))| {
            let end = merges
                .iter()
                .find(|d| d.start.1 as usize == *col)
                .map(|d| d.end.1 as usize)
                .or_else(|| titles.get(i + 1).map(|(next, _)| next - 1))
                .unwrap_or(last_col);
            (*col, end, title.as_str())
        })
        .collect();
    if !forced
        && let [(start, end, _)] = spans.as_slice()
        && (end == start || (*start <= first_col && *end >= last_col) || merges.is_empty())
    {
        return none;
    }
    let groups = spans
        .into_iter()
        .map(|(start, end, title)| ColumnGroup {
            title: title.to_string(),
            columns: names
                .iter()
                .zip(sheet_cols)
                .filter(|(_, c)| (start..=end).contains(*c))
                .map(|(n, _)| n.clone())
                .collect(),
        })
        .filter(|g| !g.columns.is_empty())
        .collect();
    (Some(above + 1), groups)
}
