//! A sheet as typed cells under a header: what the reader produces and every later step
//! reads. Rows and columns remember where they came from so errors can name the cell.

pub use crate::cell::Cell;
use crate::codes::CodebookSheet;
pub use crate::column::Column;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Which kind of file the table came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileFormat {
    Xlsx,
    Xlsm,
    Xlsb,
    Xls,
    Ods,
    Csv,
    Tsv,
}

impl FileFormat {
    /// True for formats whose cells are addressed as `C12` (workbooks) rather than by line.
    pub fn is_workbook(self) -> bool {
        !matches!(self, FileFormat::Csv | FileFormat::Tsv)
    }

    /// True for the zip-based workbooks, which are read through the zip guard.
    pub fn is_zip(self) -> bool {
        matches!(
            self,
            FileFormat::Xlsx | FileFormat::Xlsm | FileFormat::Xlsb | FileFormat::Ods
        )
    }
}

/// Where a table came from: enough to say "file, sheet, cell" in a message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub path: PathBuf,
    pub format: FileFormat,
    /// Sheet name for workbooks; `None` for csv/tsv.
    pub sheet: Option<String>,
}

impl Source {
    /// "riverside.xlsx, sheet Responses" or "riverside.csv" for messages.
    pub fn describe(&self) -> String {
        let file = self
            .path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.path.display().to_string());
        match &self.sheet {
            Some(s) => format!("{file}, sheet \"{s}\""),
            None => file,
        }
    }
}

/// A rectangular table of typed cells under one header row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub source: Source,
    /// One-based sheet row (or file line for csv) of the header.
    pub header_row: usize,
    /// One-based sheet row of each data row, so a cell can be named after blank rows are
    /// skipped.
    pub row_numbers: Vec<usize>,
    pub columns: Vec<Column>,
    /// What the reader found around the data: group titles, totals rows, a codebook sheet.
    #[serde(default)]
    pub layout: SheetLayout,
}

/// What the reader found around the data and did with it, so the user can check it (and
/// correct it in the spec's data source).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SheetLayout {
    /// One-based row of group titles above the header row (the upper row of a two-row
    /// header), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_row: Option<usize>,
    /// Group titles in sheet order, each with the columns under it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<ColumnGroup>,
    /// Totals rows found under the data ("Total", "All respondents" with sums beside).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub totals_rows: Vec<TotalsRow>,
    /// The codebook sheet whose codes and labels were applied, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codebook: Option<CodebookSheet>,
}

impl SheetLayout {
    /// The group title over a column, if any.
    pub fn group_of(&self, column: &str) -> Option<&str> {
        self.groups
            .iter()
            .find(|g| g.columns.iter().any(|c| c == column))
            .map(|g| g.title.as_str())
    }
}

/// A title written over several columns in the row above the header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ColumnGroup {
    pub title: String,
    /// Names of the columns under the title, in sheet order.
    pub columns: Vec<String>,
}

/// A row under the data that sums it up rather than being a respondent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TotalsRow {
    /// One-based sheet row (csv: line).
    pub row: usize,
    /// The text that marked it, e.g. "Total".
    pub label: String,
    /// True when the spec asked to keep it as data; otherwise it is left out.
    pub kept: bool,
}

impl Table {
    /// Number of data rows.
    pub fn n_rows(&self) -> usize {
        self.row_numbers.len()
    }

    /// The column with this exact name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Human address of a data cell: `C12` in a workbook, `line 12, column 3` in csv.
    pub fn cell_ref(&self, col: &Column, row: usize) -> String {
        let line = self.row_numbers.get(row).copied().unwrap_or(0);
        if self.source.format.is_workbook() {
            format!("{}{}", column_letters(col.sheet_col), line)
        } else {
            format!("line {line}, field {}", col.sheet_col + 1)
        }
    }
}

/// Spreadsheet column letters for a zero-based index: 0 → A, 25 → Z, 26 → AA.
pub fn column_letters(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

#[cfg(test)]
mod tests {
    use super::column_letters;

    #[test]
    fn letters_follow_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(51), "AZ");
        assert_eq!(column_letters(52), "BA");
        assert_eq!(column_letters(16383), "XFD");
    }
}
