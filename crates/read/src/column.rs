//! A column stored as its distinct cells and one code per row. Survey columns repeat a
//! handful of answers ("Agree", `3`, blank) down 100,000 rows, so a row costs 4 bytes
//! instead of a 24-byte cell, and every later pass that interprets cells (kind detection,
//! scale and code lookups, model values) can do the work once per distinct cell and copy
//! the result down the codes.

use crate::cell::Cell;
use hashbrown::HashTable;
use serde::{Deserialize, Serialize};

/// One column: its header text, its position in the sheet and its data cells.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(from = "ColumnCells", into = "ColumnCells")]
pub struct Column {
    /// Header text, trimmed; unique within the table (duplicates get " (2)", " (3)" …).
    pub name: String,
    /// Zero-based column index in the sheet (A = 0), so messages can say `C12`.
    pub sheet_col: usize,
    /// Each distinct cell once, in order of first appearance down the column (every
    /// row's cell, in a column whose cells mostly differ).
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

    /// A column from its distinct cells and each row's position among them (every code
    /// below `distinct.len()`).
    pub(crate) fn from_parts(
        name: String,
        sheet_col: usize,
        distinct: Vec<Cell>,
        codes: Vec<u32>,
    ) -> Column {
        debug_assert!(codes.iter().all(|&c| (c as usize) < distinct.len()));
        Column {
            name,
            sheet_col,
            distinct,
            codes,
        }
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
    /// such as the same text held in two copies, are one entry). A column whose cells
    /// mostly differ (respondent numbers, free text) keeps one entry per row instead, so
    /// an entry may repeat there: read it as "the cells to interpret", each with its rows.
    pub fn distinct(&self) -> &[Cell] {
        &self.distinct
    }

    /// For each data row, the position of its cell in [`Column::distinct`].
    pub fn codes(&self) -> &[u32] {
        &self.codes
    }
}

/// Columns are equal when their cells are, however they are coded.
impl PartialEq for Column {
    fn eq(&self, other: &Column) -> bool {
        self.name == other.name
            && self.sheet_col == other.sheet_col
            && self.len() == other.len()
            && self.cells().eq(other.cells())
    }
}

/// Rows after which a column whose cells are mostly new stops looking for repeats.
const PROBE_ROWS: usize = 4096;

/// Builds a [`Column`] a cell at a time, finding each cell among those already seen by a
/// hash of its value.
#[derive(Default)]
struct ColumnBuilder {
    distinct: Vec<Cell>,
    codes: Vec<u32>,
    /// Positions in `distinct`, hashed by the cell they hold.
    index: HashTable<u32>,
    /// Set when more than half of the first [`PROBE_ROWS`] cells were new: each row then
    /// keeps its own entry and nothing is hashed, because a table of a million respondent
    /// numbers costs more to search than it saves.
    unique: bool,
}

impl ColumnBuilder {
    /// Append the next row's cell. A column has fewer than 2³² distinct cells: the reader
    /// refuses sheets with that many rows before building one (`build_table`).
    fn push(&mut self, cell: Cell) {
        if self.unique {
            self.codes.push(code(self.distinct.len()));
            self.distinct.push(cell);
            return;
        }
        let code = self.code_of(cell);
        self.codes.push(code);
        if self.codes.len() == PROBE_ROWS && self.distinct.len() * 2 > PROBE_ROWS {
            self.make_unique();
        }
    }

    /// Give every row its own entry (see [`ColumnBuilder::unique`]).
    fn make_unique(&mut self) {
        if !self.unique {
            self.distinct = self
                .codes
                .iter()
                .map(|&c| self.distinct[c as usize].clone())
                .collect();
            self.codes = (0..self.distinct.len()).map(code).collect();
            self.index = HashTable::new();
            self.unique = true;
        }
    }

    /// The cell's position among the distinct cells, added if it is new.
    fn code_of(&mut self, cell: Cell) -> u32 {
        let hash = cell.value_hash();
        let distinct = &self.distinct;
        match self.index.find(hash, |&i| distinct[i as usize] == cell) {
            Some(&i) => i,
            None => {
                let i = code(self.distinct.len());
                self.distinct.push(cell);
                let distinct = &self.distinct;
                self.index
                    .insert_unique(hash, i, |&j| distinct[j as usize].value_hash());
                i
            }
        }
    }

    fn finish(self, name: String, sheet_col: usize) -> Column {
        Column {
            name,
            sheet_col,
            distinct: self.distinct,
            codes: self.codes,
        }
    }
}

/// A position among a column's entries (below 2³²: see [`ColumnBuilder::push`]).
fn code(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
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
    fn cells_that_mostly_differ_keep_an_entry_per_row() {
        // Respondent numbers: after the probe every row has its own entry, and a repeat
        // (row 5000 holds the same number as row 0) is kept as written, not looked up.
        let ids: Vec<Cell> = (0..2 * PROBE_ROWS)
            .map(|i| Cell::Number(if i == 5000 { 0.0 } else { i as f64 }))
            .collect();
        let col = Column::new("id", 0, ids.clone());
        assert_eq!(col.distinct().len(), ids.len());
        assert!(col.cells().eq(&ids));
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
