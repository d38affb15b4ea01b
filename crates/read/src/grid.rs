//! A sheet's non-empty cells, row by row: what every format's reader fills and the
//! header detection reads.
//!
//! Cells are held coded, as in a table's columns: each sheet column keeps its distinct
//! cells once ([`Distinct`]) and a row holds `(column, code)` pairs, 8 bytes a cell.
//! A reader hands over the text it found (a csv field, a shared string) and the text is
//! turned into a cell only the first time the column sees it, so a column of 100,000
//! "Strongly agree" is trimmed, tried as a number and as a date once.

use crate::cell::Cell;
use crate::column::{Distinct, code};
use rustc_hash::FxHashMap;

/// How many non-empty rows from the top may be title, notes or header.
pub(crate) const SCAN_ROWS: usize = 30;

/// Sheet columns up to this index are found by position; wider ones (only a hostile csv
/// has them) through a map, so a line of a million commas costs nothing.
const DIRECT_COLUMNS: usize = 16_384;

/// The non-empty cells of a sheet, row by row; only rows with something in them are kept,
/// so a used range that runs to row 1,048,576 costs nothing.
#[derive(Debug, Default)]
pub(crate) struct Grid {
    pub(crate) rows: Vec<GridRow>,
    /// Set when cells arrived out of sheet order, so [`Grid::finish`] must sort.
    unsorted: bool,
    /// The coded cells of each sheet column that has any, in order of first appearance.
    columns: Vec<Distinct>,
    /// Position in `columns` of sheet columns below [`DIRECT_COLUMNS`] (`u32::MAX`: none).
    near: Vec<u32>,
    /// Position in `columns` of wider sheet columns.
    far: FxHashMap<u32, u32>,
}

/// One non-empty row of a sheet.
#[derive(Debug)]
pub(crate) struct GridRow {
    /// Zero-based sheet row (csv: line number minus one).
    pub(crate) index: usize,
    /// (zero-based sheet column, code of its cell in that column), sorted by column, no
    /// empty cells.
    cells: Vec<(u32, u32)>,
}

/// A row with its cells readable: what layout detection works on.
#[derive(Clone, Copy)]
pub(crate) struct Row<'g> {
    pub(crate) index: usize,
    cells: &'g [(u32, u32)],
    grid: &'g Grid,
}

impl<'g> Row<'g> {
    /// Number of non-empty cells.
    pub(crate) fn len(self) -> usize {
        self.cells.len()
    }

    /// (zero-based sheet column, cell) in column order.
    pub(crate) fn cells(self) -> impl ExactSizeIterator<Item = (usize, &'g Cell)> + 'g {
        let grid = self.grid;
        self.cells
            .iter()
            .map(move |&(col, code)| (col as usize, grid.cell(col, code)))
    }

    /// Sheet columns of the non-empty cells, in order.
    pub(crate) fn columns(self) -> impl ExactSizeIterator<Item = usize> + 'g {
        self.cells.iter().map(|&(col, _)| col as usize)
    }

    pub(crate) fn get(self, col: usize) -> Option<&'g Cell> {
        let col = u32::try_from(col).ok()?;
        let i = self.cells.binary_search_by_key(&col, |&(c, _)| c).ok()?;
        let (col, code) = self.cells[i];
        Some(self.grid.cell(col, code))
    }

    pub(crate) fn mostly_text(self) -> bool {
        let texts = self
            .cells()
            .filter(|(_, c)| matches!(c, Cell::Text(_)))
            .count();
        texts * 2 > self.len()
    }
}

impl Grid {
    /// The row at position `pos` (among non-empty rows).
    pub(crate) fn row(&self, pos: usize) -> Option<Row<'_>> {
        self.rows.get(pos).map(|r| self.view(r))
    }

    /// The rows at positions `range` (clamped to the grid).
    pub(crate) fn rows_in(
        &self,
        range: std::ops::Range<usize>,
    ) -> impl DoubleEndedIterator<Item = Row<'_>> + ExactSizeIterator {
        self.data_rows(range).iter().map(|r| self.view(r))
    }

    fn view<'g>(&'g self, r: &'g GridRow) -> Row<'g> {
        Row {
            index: r.index,
            cells: &r.cells,
            grid: self,
        }
    }

    fn cell(&self, col: u32, code: u32) -> &Cell {
        &self.columns[self.slot(col).unwrap_or_default() as usize].cells[code as usize]
    }

    fn slot(&self, col: u32) -> Option<u32> {
        match self.near.get(col as usize) {
            Some(&s) if s != u32::MAX => Some(s),
            Some(_) => None,
            None => self.far.get(&col).copied(),
        }
    }

    /// The coded cells of sheet column `col`, made on first use.
    fn column_mut(&mut self, col: u32) -> &mut Distinct {
        let slot = match self.slot(col) {
            Some(s) => s,
            None => {
                let s = code(self.columns.len());
                self.columns.push(Distinct::default());
                if (col as usize) < DIRECT_COLUMNS {
                    if self.near.len() <= col as usize {
                        self.near.resize(col as usize + 1, u32::MAX);
                    }
                    self.near[col as usize] = s;
                } else {
                    self.far.insert(col, s);
                }
                s
            }
        };
        &mut self.columns[slot as usize]
    }

    /// The coded cells of sheet column `col`, if it has any.
    pub(crate) fn column(&self, col: usize) -> Option<&Distinct> {
        let slot = self.slot(u32::try_from(col).ok()?)?;
        self.columns.get(slot as usize)
    }

    /// Add a cell (empty cells are ignored). Cells may arrive in any order.
    pub(crate) fn push(&mut self, row: u32, col: u32, cell: Cell) {
        if cell == Cell::Empty {
            return;
        }
        let code = self.column_mut(col).code_of_cell(cell);
        self.place(row, col, code);
    }

    /// Add the cell a text reads as (`read`, called only the first time the column sees
    /// this text). Texts reading as empty are ignored.
    pub(crate) fn push_text(
        &mut self,
        row: u32,
        col: u32,
        text: &str,
        read: impl FnOnce(&str) -> Cell,
    ) {
        if text.trim().is_empty() {
            return;
        }
        let code = self.column_mut(col).code_of_text(text, read);
        self.place(row, col, code);
    }

    fn place(&mut self, row: u32, col: u32, code: u32) {
        let row = row as usize;
        match self.rows.last_mut() {
            Some(last) if last.index == row => {
                if last.cells.last().is_some_and(|(c, _)| *c >= col) {
                    self.unsorted = true;
                }
                last.cells.push((col, code));
            }
            last => {
                if last.as_ref().is_some_and(|l| l.index > row) {
                    self.unsorted = true;
                }
                // Rows of a table are alike: room for as many cells as the row before
                // (at most twice what a row needs, however the widths vary).
                let mut cells = Vec::with_capacity(last.map_or(1, |l| l.cells.len()));
                cells.push((col, code));
                self.rows.push(GridRow { index: row, cells });
            }
        }
    }

    /// Put rows and cells in sheet order (merging rows that arrived in pieces; of two
    /// cells at one address the first read is kept), once all cells are in. Sheets written
    /// in order — nearly all — skip the sort.
    pub(crate) fn finish(&mut self) {
        self.columns.iter_mut().for_each(Distinct::seal);
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

    /// The rows at positions `range` (clamped to the grid), for building a table.
    pub(crate) fn data_rows(&self, range: std::ops::Range<usize>) -> &[GridRow] {
        let end = range.end.min(self.rows.len());
        &self.rows[range.start.min(end)..end]
    }
}

impl GridRow {
    /// The code of this row's cell in sheet column `col`, if it has one. `hint` is where
    /// the column sat in the row before (rows of a table are alike, so it is usually
    /// there and the search is skipped); it is updated.
    pub(crate) fn code(&self, col: u32, hint: &mut usize) -> Option<u32> {
        if let Some(&(c, code)) = self.cells.get(*hint)
            && c == col
        {
            return Some(code);
        }
        let i = self.cells.binary_search_by_key(&col, |&(c, _)| c).ok()?;
        *hint = i;
        Some(self.cells[i].1)
    }
}

/// A header cell as a column name: white space (including line breaks) collapsed.
pub(crate) fn header_text(cell: &Cell) -> String {
    cell.display()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
