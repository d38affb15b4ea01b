//! One cell as the reader found it, before any reading as a scale or code.

use crate::dates::serial_to_iso;
use crate::text::{bool_label, format_number};
use rustc_hash::FxHasher;
use serde::{Deserialize, Serialize};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// One cell as read from the file, before any interpretation as a scale or code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Cell {
    /// Nothing in the cell (or only white space).
    Empty,
    /// A number, including numbers stored as text ("12", " 3.5 ") which the reader converts.
    Number(f64),
    /// Text that is not a number, shared with every other cell of the sheet holding the
    /// same text.
    Text(Arc<str>),
    /// A true/false cell.
    Bool(bool),
    /// A date or date-time as an Excel serial day number (1900 system).
    Date(f64),
    /// A spreadsheet error value such as `#DIV/0!`, kept as its text.
    Error(String),
}

impl Cell {
    /// A hash of the cell's value. Numbers hash by their bits, so `0` and `-0` stay two
    /// cells, each shown as written (cells are never NaN: the reader turns non-finite
    /// numbers into `#NUM!`).
    pub(crate) fn value_hash(&self) -> u64 {
        let mut h = FxHasher::default();
        std::mem::discriminant(self).hash(&mut h);
        match self {
            Cell::Empty => {}
            Cell::Number(x) | Cell::Date(x) => x.to_bits().hash(&mut h),
            Cell::Text(t) => t.hash(&mut h),
            Cell::Bool(b) => b.hash(&mut h),
            Cell::Error(e) => e.hash(&mut h),
        }
        h.finish()
    }

    /// The cell as a spreadsheet shows it, for previews: numbers as written (`2`, not
    /// `2.0`), dates as `2026-03-14`, booleans as `TRUE`/`FALSE`, errors as their text and
    /// an empty cell as an empty string. Text is returned as read, never evaluated.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Number(x) => format_number(*x),
            Cell::Text(t) => t.to_string(),
            Cell::Error(t) => t.clone(),
            Cell::Bool(b) => bool_label(*b).to_string(),
            Cell::Date(d) => serial_to_iso(*d),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Cell;

    #[test]
    fn cells_display_as_a_spreadsheet_shows_them() {
        assert_eq!(Cell::Empty.display(), "");
        assert_eq!(Cell::Number(2.0).display(), "2");
        assert_eq!(Cell::Number(-0.25).display(), "-0.25");
        assert_eq!(Cell::Text("=SUM(A1)".into()).display(), "=SUM(A1)");
        assert_eq!(Cell::Bool(true).display(), "TRUE");
        assert_eq!(Cell::Date(46095.75).display(), "2026-03-14");
        assert_eq!(Cell::Error("#DIV/0!".into()).display(), "#DIV/0!");
    }
}
