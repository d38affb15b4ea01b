//! A sheet's non-empty cells, row by row: what every format's reader fills and the
//! header detection reads.

use crate::intern::Interner;
use crate::table::Cell;

/// How many non-empty rows from the top may be title, notes or header.
pub(crate) const SCAN_ROWS: usize = 30;

/// The non-empty cells of a sheet, row by row; only rows with something in them are kept,
/// so a used range that runs to row 1,048,576 costs nothing.
#[derive(Debug, Default)]
pub(crate) struct Grid {
    pub(crate) rows: Vec<GridRow>,
    /// Set when cells arrived out of sheet order, so [`Grid::finish`] must sort.
    unsorted: bool,
    /// The sheet's texts, one copy each, shared by the cells holding them.
    pub(crate) strings: Interner,
}

/// One non-empty row of a sheet.
#[derive(Debug)]
pub(crate) struct GridRow {
    /// Zero-based sheet row (csv: line number minus one).
    pub(crate) index: usize,
    /// (zero-based column, cell), sorted by column, no empty cells.
    pub(crate) cells: Vec<(usize, Cell)>,
}

impl GridRow {
    fn texts(&self) -> usize {
        self.cells
            .iter()
            .filter(|(_, c)| matches!(c, Cell::Text(_)))
            .count()
    }

    pub(crate) fn mostly_text(&self) -> bool {
        self.texts() * 2 > self.cells.len()
    }

    pub(crate) fn get(&self, col: usize) -> Option<&Cell> {
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

/// A header cell as a column name: white space (including line breaks) collapsed.
pub(crate) fn header_text(cell: &Cell) -> String {
    cell.display()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
