//! From a sheet's non-empty cells to a table: where the header row is, which columns to
//! keep, and what to call them.
//!
//! Header rule. Contractors put a title in A1, a note under it and blank rows before the
//! header, so the header is taken to be the first row (of the first [`SCAN_ROWS`]
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
//! Totals rows under the data ([`super::totals`]) are left out, and group titles in the
//! row above the header ([`super::groups`]) are recorded with the table.

use super::{LayoutOptions, groups, totals};
use crate::codebook::format_number;
use crate::error::{EngineError, Result};
use crate::read::cells::serial_to_iso;
use crate::table::{Cell, Column, SheetLayout, Source, Table, TotalsRow, column_letters};
use calamine::Dimensions;
use std::collections::{BTreeSet, HashSet};

/// How many non-empty rows from the top may be title, notes or header.
pub(crate) const SCAN_ROWS: usize = 30;
/// How many rows under a candidate header show the table's width.
pub(crate) const LOOKAHEAD_ROWS: usize = 10;
/// Text longer than this is a sentence, not an answer (for telling prose sheets).
const PROSE_CHARS: usize = 60;

/// The non-empty cells of a sheet, row by row; only rows with something in them are kept,
/// so a used range that runs to row 1,048,576 costs nothing.
#[derive(Debug, Default)]
pub(crate) struct Grid {
    pub(super) rows: Vec<GridRow>,
    /// Set when cells arrived out of sheet order, so [`Grid::finish`] must sort.
    unsorted: bool,
}

#[derive(Debug)]
pub(super) struct GridRow {
    /// Zero-based sheet row (csv: line number minus one).
    pub(super) index: usize,
    /// (zero-based column, cell), sorted by column, no empty cells.
    pub(super) cells: Vec<(usize, Cell)>,
}

impl GridRow {
    fn texts(&self) -> usize {
        self.cells
            .iter()
            .filter(|(_, c)| matches!(c, Cell::Text(_)))
            .count()
    }

    pub(super) fn mostly_text(&self) -> bool {
        self.texts() * 2 > self.cells.len()
    }

    pub(super) fn get(&self, col: usize) -> Option<&Cell> {
        self.cells
            .binary_search_by_key(&col, |(c, _)| *c)
            .ok()
            .and_then(|i| self.cells.get(i))
            .map(|(_, cell)| cell)
    }
}

impl Grid {
    /// Add a cell (empty cells are ignored). Cells may arrive in any order.
    pub(crate) fn push(&mut self, row: u32, col: u32, cell: Cell) {
        if cell == Cell::Empty {
            return;
        }
        let (row, col) = (row as usize, col as usize);
        match self.rows.last_mut() {
            Some(last) if last.index == row => {
                if last.cells.last().is_some_and(|(c, _)| *c >= col) {
                    self.unsorted = true;
                }
                last.cells.push((col, cell));
            }
            last => {
                if last.is_some_and(|l| l.index > row) {
                    self.unsorted = true;
                }
                self.rows.push(GridRow {
                    index: row,
                    cells: vec![(col, cell)],
                });
            }
        }
    }

    /// Put rows and cells in sheet order (merging rows that arrived in pieces), once all
    /// cells are in. Sheets written in order — nearly all — skip the sort.
    pub(crate) fn finish(&mut self) {
        if !self.unsorted {
            return;
        }
        let mut rows = std::mem::take(&mut self.rows);
        rows.sort_by_key(|r| r.index);
        for row in rows {
            match self.rows.last_mut() {
                Some(last) if last.index == row.index => last.cells.extend(row.cells),
                _ => self.rows.push(row),
            }
        }
        for row in &mut self.rows {
            row.cells.sort_by_key(|(c, _)| *c);
            row.cells.dedup_by_key(|(c, _)| *c);
        }
        self.unsorted = false;
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

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
    pub(super) header_pos: Option<usize>,
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
                let pos = detect_header(&grid.rows)?;
                (grid.rows.get(pos)?.index, Some(pos), pos + 1)
            }
        };
        let mut data_rows = first_data..grid.rows.len();
        let header = header_pos.and_then(|p| grid.rows.get(p));
        let totals = totals::detect(header, grid.rows.get(data_rows.clone()).unwrap_or_default());
        if !keep_totals {
            data_rows.end -= totals.len();
        }
        let mut columns = BTreeSet::new();
        for row in header_pos
            .and_then(|p| grid.rows.get(p))
            .into_iter()
            .chain(grid.rows.get(data_rows.clone()).unwrap_or_default())
        {
            columns.extend(row.cells.iter().map(|(c, _)| *c));
        }
        Some(Layout {
            header_row: header_index + 1,
            data_rows,
            columns: columns.into_iter().collect(),
            header_pos,
            totals: totals
                .into_iter()
                .map(|(pos, label)| TotalsRow {
                    row: grid.rows.get(pos + first_data).map_or(0, |r| r.index + 1),
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
        let cells = grid
            .rows
            .get(self.data_rows.clone())
            .unwrap_or_default()
            .iter()
            .flat_map(|r| &r.cells);
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

/// Position in `rows` of the header row, by the rule in the module documentation.
fn detect_header(rows: &[GridRow]) -> Option<usize> {
    if rows.is_empty() {
        return None;
    }
    for (i, row) in rows.iter().enumerate().take(SCAN_ROWS) {
        let below = rows.get(i + 1..).unwrap_or_default();
        let Some(next) = below.first() else {
            // Nothing under this row: a text row here is a header with no data under it
            // (reported as such), not the first data row under a title.
            let header_only = row.mostly_text() && (row.cells.len() >= 2 || i == 0);
            return Some(if header_only { i } else { 0 });
        };
        let widest_below = below
            .iter()
            .take(LOOKAHEAD_ROWS)
            .map(|r| r.cells.len())
            .max()
            .unwrap_or(0);
        let filled = row.cells.len();
        let wide_enough = filled * 2 >= widest_below && (filled >= 2 || widest_below <= 1);
        let note_above_header = next.mostly_text() && next.cells.len() > filled;
        if row.mostly_text() && wide_enough && !note_above_header {
            return Some(i);
        }
    }
    Some(0)
}

/// The table under the header, with spacer columns dropped, unnamed columns called
/// "Column F" and repeated names numbered "Name (2)", totals rows left out (unless kept)
/// and group titles above the header recorded. `merged` gives the sheet's merged ranges
/// when group titles need them. The grid's cells are moved, not copied, so a large sheet
/// is held once.
pub(crate) fn build_table(
    grid: Grid,
    source: Source,
    header_row: Option<usize>,
    options: &LayoutOptions,
    merged: impl FnOnce() -> Vec<Dimensions>,
) -> Result<Table> {
    let location = source.describe();
    let layout =
        Layout::detect(&grid, header_row, options.keep_totals_row).ok_or(EngineError::Empty {
            location: location.clone(),
        })?;
    let n_rows = layout.data_rows.len();
    if n_rows == 0 {
        return Err(EngineError::NoDataRows {
            location,
            header_row: layout.header_row,
        });
    }
    let header = layout.header_pos.and_then(|p| grid.rows.get(p));
    let mut used = HashSet::new();
    let mut columns: Vec<Column> = layout
        .columns
        .iter()
        .map(|&col| {
            let raw = header
                .and_then(|h| h.get(col))
                .map(header_text)
                .unwrap_or_default();
            let base = if raw.is_empty() {
                format!("Column {}", column_letters(col))
            } else {
                raw
            };
            Column {
                name: unique_name(base, &mut used),
                sheet_col: col,
                cells: vec![Cell::Empty; n_rows],
            }
        })
        .collect();
    let (group_row, groups) = groups::detect(&grid, &layout, options.header_rows, &columns, merged);
    let mut row_numbers = Vec::with_capacity(n_rows);
    for (i, row) in grid
        .rows
        .into_iter()
        .skip(layout.data_rows.start)
        .take(n_rows)
        .enumerate()
    {
        row_numbers.push(row.index + 1);
        for (col, cell) in row.cells {
            let slot = layout
                .columns
                .binary_search(&col)
                .ok()
                .and_then(|p| columns.get_mut(p))
                .and_then(|c| c.cells.get_mut(i));
            if let Some(slot) = slot {
                *slot = cell;
            }
        }
    }
    Ok(Table {
        source,
        header_row: layout.header_row,
        row_numbers,
        columns,
        layout: SheetLayout {
            group_row,
            groups,
            totals_rows: layout.totals,
            codebook: None,
        },
    })
}

/// A header cell as a column name: white space (including line breaks) collapsed.
pub(super) fn header_text(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(t) | Cell::Error(t) => t.split_whitespace().collect::<Vec<_>>().join(" "),
        Cell::Number(x) => format_number(*x),
        Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Cell::Date(d) => serial_to_iso(*d),
    }
}

/// `base`, or `base (2)`, `base (3)`… whichever is not yet used.
fn unique_name(base: String, used: &mut HashSet<String>) -> String {
    let mut name = base.clone();
    let mut n = 2;
    while used.contains(&name) {
        name = format!("{base} ({n})");
        n += 1;
    }
    used.insert(name.clone());
    name
}
