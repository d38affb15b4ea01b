//! Where the table sits in a sheet: the header row, the data rows under it and the
//! columns to keep.
//!
//! Header rule. Contractors put a title in A1, a note under it and blank rows before the
//! header, so the header is taken to be the first row (of the first [`SCAN_ROWS`](crate::grid::SCAN_ROWS)
//! non-empty rows) that
//! 1. has rows under it,
//! 2. is mostly text (more than half of its filled cells),
//! 3. fills at least half as many cells as the widest of the next [`LOOKAHEAD_ROWS`] rows,
//!    and more than one cell unless the table is one column wide, and
//! 4. is not followed by a wider row that is also mostly text (a note such as
//!    "Source:, Riverside BC" above the header, or the group row of a two-row header).
//!
//! A text row with nothing under it is a header with no data (the reader then says so).
//! If no row qualifies (a sheet of numbers with no header) the first row is the header.
//!
//! Totals rows under the data ([`crate::totals`]) are left out, and group titles in the
//! row above the header ([`crate::groups`]) are recorded with the table.

use crate::grid::{Grid, Row, SCAN_ROWS};
use crate::table::{Cell, TotalsRow};
use crate::totals;
use std::collections::BTreeSet;

/// How many rows under a candidate header show the table's width.
pub(crate) const LOOKAHEAD_ROWS: usize = 10;

/// Text longer than this is a sentence, not an answer (for telling prose sheets).
const PROSE_CHARS: usize = 60;

/// Where the table sits in a sheet.
#[derive(Debug)]
pub(crate) struct Layout {
    /// One-based header row.
    pub header_row: usize,
    /// Positions in the grid of the data rows.
    pub data_rows: std::ops::Range<usize>,
    /// Zero-based sheet columns kept, in order: those with a header or any data.
    pub columns: Vec<usize>,
    /// Position in the grid of the header row, if it has any cells.
    pub(crate) header_pos: Option<usize>,
    /// Totals rows found under the data (left out of `data_rows` unless kept).
    pub totals: Vec<TotalsRow>,
}

impl Layout {
    /// Detect the layout, or use the one-based `header_row` given. Totals rows under the
    /// data are found and, unless `keep_totals`, left out. `None` when the sheet is empty.
    pub(crate) fn detect(
        grid: &Grid,
        header_row: Option<usize>,
        keep_totals: bool,
    ) -> Option<Layout> {
        let (header_index, header_pos, first_data) = match header_row {
            Some(row) => {
                let index = row.max(1) - 1;
                let first_data = grid.rows.partition_point(|r| r.index <= index);
                let pos = grid.rows.iter().position(|r| r.index == index);
                (index, pos, first_data)
            }
            None => {
                let pos = detect_header(grid)?;
                (grid.row(pos)?.index, Some(pos), pos + 1)
            }
        };
        let mut data_rows = first_data..grid.rows.len();
        let header = header_pos.and_then(|p| grid.row(p));
        let totals = totals::detect(header, grid.rows_in(data_rows.clone()));
        if !keep_totals {
            data_rows.end -= totals.len();
        }
        let mut columns = BTreeSet::new();
        let mut previous: Option<Row<'_>> = None;
        for row in header.into_iter().chain(grid.rows_in(data_rows.clone())) {
            // Most rows fill the same columns as the row above: only new patterns count.
            let same =
                previous.is_some_and(|p| p.len() == row.len() && p.columns().eq(row.columns()));
            if !same {
                columns.extend(row.columns());
            }
            previous = Some(row);
        }
        Some(Layout {
            header_row: header_index + 1,
            data_rows,
            columns: columns.into_iter().collect(),
            header_pos,
            totals: totals
                .into_iter()
                .map(|(pos, label)| TotalsRow {
                    row: grid.row(pos + first_data).map_or(0, |r| r.index + 1),
                    label,
                    kept: keep_totals,
                })
                .collect(),
        })
    }

    /// Whether the table is prose rather than data: one column wide (a "Read me" sheet), or
    /// mostly long sentences.
    pub(crate) fn is_prose(&self, grid: &Grid) -> bool {
        if self.columns.len() <= 1 {
            return true;
        }
        let cells = grid.rows_in(self.data_rows.clone()).flat_map(|r| r.cells());
        let (mut filled, mut sentences) = (0usize, 0usize);
        for (_, cell) in cells {
            filled += 1;
            if matches!(cell, Cell::Text(t) if t.chars().count() > PROSE_CHARS) {
                sentences += 1;
            }
        }
        sentences * 2 > filled
    }
}

/// Position in the grid of the header row, by the rule in the module documentation.
fn detect_header(grid: &Grid) -> Option<usize> {
    if grid.is_empty() {
        return None;
    }
    for (i, row) in grid.rows_in(0..SCAN_ROWS).enumerate() {
        let mut below = grid.rows_in(i + 1..i + 1 + LOOKAHEAD_ROWS).peekable();
        let Some(next) = below.peek().copied() else {
            // Nothing under this row: a text row here is a header with no data under it
            // (reported as such), not the first data row under a title.
            let header_only = row.mostly_text() && (row.len() >= 2 || i == 0);
            return Some(if header_only { i } else { 0 });
        };
        let widest_below = below.map(|r| r.len()).max().unwrap_or(0);
        let filled = row.len();
        let wide_enough = filled * 2 >= widest_below && (filled >= 2 || widest_below <= 1);
        let note_above_header = next.mostly_text() && next.len() > filled;
        if row.mostly_text() && wide_enough && !note_above_header {
            return Some(i);
        }
    }
    Some(0)
}
