//! A column stored as its distinct cells and one code per row. Survey columns repeat a
//! handful of answers ("Agree", `3`, blank) down 100,000 rows, so a row costs 4 bytes
//! instead of a 24-byte cell, and every later pass that interprets cells (kind detection,
//! scale and code lookups, model values) can do the work once per distinct cell and copy
//! the result down the codes.

use crate::cell::Cell;
use hashbrown::HashTable;
use rustc_hash::FxHasher;
use serde::{Deserialize, Serialize};
use std::hash::{Hash, Hasher};

/// One column: its header text, its position in the sheet and its data cells.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "ColumnCells", into = "ColumnCells")]
pub struct Column {
    /// Header text, trimmed; unique within the table (duplicates get " (2)", " (3)" …).
    pub name: String,
    /// Zero-based column index in the sheet (A = 0), so messages can say `C12`.
    pub sheet_col: usize,
    /// Each distinct cell once, in order of first appearance down the column.
    distinct: Vec<Cell>,
    /// For each data row, the position of its cell in `distinct`.
    codes: Vec<u32>,
}

impl Column {
    /// A column of these cells, one per data row.
    pub fn new(
        name: impl Into<String>,
        sheet_col: usize,
        cells: impl IntoIterator<Item = Cell>,
    ) -> Column {
        let mut builder = ColumnBuilder::default();
        for cell in cells {
            builder.push(cell);
        }
        builder.finish(name.into(), sheet_col)
    }

    /// Number of data rows.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// True when the column has no data rows.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// The cell of data row `row` (zero-based), if there is such a row.
    pub fn get(&self, row: usize) -> Option<&Cell> {
        let code = *self.codes.get(row)?;
        self.distinct.get(code as usize)
    }

    /// The cells, one per data row, in row order.
    pub fn cells(&self) -> impl ExactSizeIterator<Item = &Cell> + Clone + '_ {
        self.codes.iter().map(|&c| &self.distinct[c as usize])
    }

    /// Each distinct cell once, in order of first appearance (cells equal as values,
    /// such as the same text held in two copies, are one entry).
    pub fn distinct(&self) -> &[Cell] {
        &self.distinct
    }

    /// For each data row, the position of its cell in [`Column::distinct`].
    pub fn codes(&self) -> &[u32] {
        &self.codes
    }
}

/// Builds a [`Column`] a cell at a time, finding each cell among those already seen by a
/// hash of its value.
#[derive(Default)]
pub(crate) struct ColumnBuilder {
    distinct: Vec<Cell>,
    codes: Vec<u32>,
    /// Positions in `distinct`, hashed by the cell they hold.
    index: HashTable<u32>,
}

impl ColumnBuilder {
    pub(crate) fn with_capacity(rows: usize) -> Self {
        ColumnBuilder {
            codes: Vec::with_capacity(rows),
            ..ColumnBuilder::default()
        }
    }

    /// Append the next row's cell. A column has fewer than 2³² distinct cells: the reader
    /// refuses sheets with that many rows before building one (`build_table`).
    pub(crate) fn push(&mut self, cell: Cell) {
        let hash = hash_of(&cell);
        let distinct = &self.distinct;
        let code = match self.index.find(hash, |&i| distinct[i as usize] == cell) {
            Some(&i) => i,
            None => {
                let i = u32::try_from(self.distinct.len()).unwrap_or(u32::MAX);
                self.distinct.push(cell);
                let distinct = &self.distinct;
                self.index
                    .insert_unique(hash, i, |&j| hash_of(&distinct[j as usize]));
                i
            }
        };
        self.codes.push(code);
    }

    pub(crate) fn finish(self, name: String, sheet_col: usize) -> Column {
        Column {
            name,
            sheet_col,
            distinct: self.distinct,
            codes: self.codes,
        }
    }
}

/// A hash of the cell's value. Numbers hash by their bits, so `0` and `-0` stay two
/// distinct cells, each shown as written (cells are never NaN: the reader turns
/// non-finite numbers into `#NUM!`).
fn hash_of(cell: &Cell) -> u64 {
    let mut h = FxHasher::default();
    std::mem::discriminant(cell).hash(&mut h);
    match cell {
        Cell::Empty => {}
        Cell::Number(x) | Cell::Date(x) => x.to_bits().hash(&mut h),
        Cell::Text(t) => t.hash(&mut h),
        Cell::Bool(b) => b.hash(&mut h),
        Cell::Error(e) => e.hash(&mut h),
    }
    h.finish()
}

/// A column as saved: its cells written out row by row.
#[derive(Serialize, Deserialize)]
struct ColumnCells {
    name: String,
    sheet_col: usize,
    cells: Vec<Cell>,
}

impl From<ColumnCells> for Column {
    fn from(c: ColumnCells) -> Column {
        Column::new(c.name, c.sheet_col, c.cells)
    }
}

impl From<Column> for ColumnCells {
    fn from(c: Column) -> ColumnCells {
        ColumnCells {
            cells: c.cells().cloned().collect(),
            name: c.name,
            sheet_col: c.sheet_col,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_kept_once_in_first_seen_order() {
        let agree: std::sync::Arc<str> = "Agree".into();
        let cells = vec![
            Cell::Text(agree.clone()),
            Cell::Number(3.0),
            Cell::Empty,
            // The same text in a second copy is the same distinct cell.
            Cell::Text("Agree".into()),
            Cell::Number(3.0),
            Cell::Date(3.0),
            Cell::Number(-0.0),
        ];
        let col = Column::new("q1", 2, cells.clone());
        assert_eq!(col.len(), 7);
        assert_eq!(col.codes(), &[0, 1, 2, 0, 1, 3, 4]);
        assert_eq!(col.distinct().len(), 5);
        assert_eq!(col.cells().cloned().collect::<Vec<_>>(), cells);
        assert_eq!(col.get(5), Some(&Cell::Date(3.0)));
        assert_eq!(col.get(7), None);
    }

    #[test]
    fn saves_as_cells_and_reads_back() {
        let col = Column::new(
            "q1",
            0,
            vec![Cell::Bool(true), Cell::Empty, Cell::Bool(true)],
        );
        let json = serde_json::to_string(&col).unwrap();
        assert!(json.contains("\"cells\""), "{json}");
        let back: Column = serde_json::from_str(&json).unwrap();
        assert_eq!(back, col);
    }
}
