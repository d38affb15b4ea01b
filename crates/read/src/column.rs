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
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(from = "ColumnCells", into = "ColumnCells")]
pub struct Column {
    /// Header text, trimmed; unique within the table (duplicates get " (2)", " (3)" …).
    pub name: String,
    /// Zero-based column index in the sheet (A = 0), so messages can say `C12`.
    pub sheet_col: usize,
    /// Each distinct cell once, in order of first appearance down the column (past the
    /// first [`PROBE_CELLS`], every row's cell, in a column whose cells mostly differ).
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
        let mut distinct = Distinct::default();
        let codes = cells
            .into_iter()
            .map(|cell| distinct.code_of_cell(cell))
            .collect();
        Column::from_parts(name.into(), sheet_col, distinct.cells, codes)
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
    /// mostly differ (respondent numbers, free text) keeps one entry per row past its
    /// first [`PROBE_CELLS`], and the reader keys texts as written (" 3" and "3" read
    /// alike), so an entry may repeat: read it as "the cells to interpret", each with its
    /// rows.
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

/// Cells a column takes before deciding whether its cells repeat.
pub(crate) const PROBE_CELLS: usize = 4096;

/// One column's distinct cells as they arrive, each found among those already seen by a
/// hash: texts by the text as read (the reader's csv fields and shared strings, so a text
/// is turned into a cell once), other cells by value. A column whose first
/// [`PROBE_CELLS`] are mostly new (respondent numbers, free text) stops looking and gives
/// each later cell its own entry, because a table of a million respondent numbers costs
/// more to search than it saves.
#[derive(Debug, Default)]
pub(crate) struct Distinct {
    pub(crate) cells: Vec<Cell>,
    /// The text each entry was read from (empty for cells given by value).
    keys: Vec<Box<str>>,
    /// Entries, hashed by their text (`keys`) or, for cells given by value, by value.
    index: HashTable<u32>,
    pushed: usize,
    unique: bool,
}

impl Distinct {
    /// The entry of the cell `text` reads as (`read`, called only the first time this
    /// text is seen).
    pub(crate) fn code_of_text(&mut self, text: &str, read: impl FnOnce(&str) -> Cell) -> u32 {
        self.count();
        if self.unique {
            return self.add(read(text), None);
        }
        let hash = hash_text(text);
        let keys = &self.keys;
        if let Some(&i) = self.index.find(hash, |&i| {
            keys.get(i as usize).is_some_and(|k| **k == *text)
        }) {
            return i;
        }
        let i = self.add(read(text), Some(text));
        self.insert(hash, i);
        i
    }

    /// The entry of `cell`, added if it is new.
    pub(crate) fn code_of_cell(&mut self, cell: Cell) -> u32 {
        self.count();
        if self.unique {
            return self.add(cell, None);
        }
        let hash = cell.value_hash();
        let (cells, keys) = (&self.cells, &self.keys);
        if let Some(&i) = self.index.find(hash, |&i| {
            keys.get(i as usize).is_some_and(|k| k.is_empty()) && cells[i as usize] == cell
        }) {
            return i;
        }
        let i = self.add(cell, None);
        self.insert(hash, i);
        i
    }

    /// Drop what finding cells needs, once no more will come.
    pub(crate) fn seal(&mut self) {
        self.index = HashTable::new();
        self.keys = Vec::new();
    }

    fn count(&mut self) {
        self.pushed += 1;
        if self.pushed == PROBE_CELLS && self.cells.len() * 2 > PROBE_CELLS {
            self.unique = true;
            self.seal();
        }
    }

    fn add(&mut self, cell: Cell, key: Option<&str>) -> u32 {
        let i = code(self.cells.len());
        self.cells.push(cell);
        if !self.unique {
            self.keys.push(key.unwrap_or_default().into());
        }
        i
    }

    fn insert(&mut self, hash: u64, i: u32) {
        let (cells, keys) = (&self.cells, &self.keys);
        self.index
            .insert_unique(hash, i, |&j| match keys.get(j as usize) {
                Some(k) if !k.is_empty() => hash_text(k),
                _ => cells[j as usize].value_hash(),
            });
    }
}

fn hash_text(text: &str) -> u64 {
    let mut h = FxHasher::default();
    text.hash(&mut h);
    h.finish()
}

/// A position among a column's entries. A column has fewer than 2³² of them: the reader
/// refuses sheets with that many rows before building one (`build_table`).
pub(crate) fn code(i: usize) -> u32 {
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
        // Respondent numbers: past the probe every row has its own entry, and a repeat
        // (row 5000 holds the same number as row 0) is kept as written, not looked up.
        let ids: Vec<Cell> = (0..2 * PROBE_CELLS)
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
