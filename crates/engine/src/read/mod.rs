//! Reading files into a [`Table`]: xlsx/xlsm/xlsb/xls/ods through calamine, csv/tsv through
//! the `csv` crate, then one shared header detection so every format gives the same table.
//!
//! The reader only ever opens the input for reading, keeps only non-empty cells while it
//! reads (so a used range that runs to row 1,048,576 costs nothing), and refuses workbooks
//! whose zip parts would inflate beyond [`zip_guard::MAX_INFLATED_BYTES`] before any of it
//! is inflated.

mod cells;
mod delimited;
mod format;
mod header;
mod workbook;
pub mod zip_guard;

pub(crate) use cells::serial_to_iso;
pub use format::detect_format;

use crate::error::{EngineError, Result};
use crate::table::{FileFormat, Source, Table};
use header::Grid;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;

/// Which sheet and header row to read; the defaults pick them automatically.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Sheet name (exact, then ignoring case) or a 1-based position such as "2" when no
    /// sheet has that name. Default: the first sheet with data rows.
    pub sheet: Option<String>,
    /// One-based header row, overriding detection (0 is read as 1). Rows above it are
    /// ignored; rows below it are data.
    pub header_row: Option<usize>,
}

/// One sheet of a file as the sheet picker shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SheetInfo {
    pub name: String,
    /// One-based position in the workbook.
    pub index: usize,
    /// Detected one-based header row; `None` when the sheet is empty.
    pub header_row: Option<usize>,
    /// Data rows under the header (fully empty rows not counted).
    pub rows: usize,
    pub columns: usize,
}

/// The sheets of a file with their detected header and size. A csv/tsv file is one entry
/// named after the file.
pub fn list_sheets(path: &Path) -> Result<Vec<SheetInfo>> {
    let format = detect_format(path)?;
    if !format.is_workbook() {
        let grid = delimited::read_grid(path)?;
        return Ok(vec![sheet_info(file_name(path), 1, &grid)]);
    }
    let mut book = workbook::Book::open(path, format)?;
    let mut sheets = Vec::new();
    for (i, name) in book.sheet_names().into_iter().enumerate() {
        let grid = book.grid(&name)?;
        sheets.push(sheet_info(name, i + 1, &grid));
    }
    Ok(sheets)
}

/// What the sheet picker shows of one sheet.
fn sheet_info(name: String, index: usize, grid: &Grid) -> SheetInfo {
    let layout = header::Layout::detect(grid, None);
    SheetInfo {
        name,
        index,
        header_row: layout.as_ref().map(|l| l.header_row),
        rows: layout.as_ref().map_or(0, |l| l.data_rows.len()),
        columns: layout.as_ref().map_or(0, |l| l.columns.len()),
    }
}

/// [`list_sheets`] and [`read_table`] in one pass over the file, so each sheet is inflated
/// and parsed once (the desktop app shows both when it opens a file).
pub fn read_with_sheets(path: &Path, opts: &ReadOptions) -> Result<(Vec<SheetInfo>, Table)> {
    let format = detect_format(path)?;
    let source = |sheet| Source {
        path: path.to_path_buf(),
        format,
        sheet,
    };
    if !format.is_workbook() {
        let grid = delimited::read_grid(path)?;
        let sheets = vec![sheet_info(file_name(path), 1, &grid)];
        return Ok((
            sheets,
            header::build_table(grid, source(None), opts.header_row)?,
        ));
    }
    let mut book = workbook::Book::open(path, format)?;
    let names = book.sheet_names();
    let mut grids = Vec::with_capacity(names.len());
    for name in &names {
        grids.push((name.clone(), book.grid(name)?));
    }
    let sheets = (1..)
        .zip(&grids)
        .map(|(i, (name, grid))| sheet_info(name.clone(), i, grid))
        .collect();
    let (name, grid) = match &opts.sheet {
        Some(wanted) => {
            let name = resolve_sheet(path, &names, wanted)?;
            grids
                .into_iter()
                .find(|(n, _)| *n == name)
                .ok_or_else(|| EngineError::Empty {
                    location: file_name(path),
                })?
        }
        None => first_sheet_with_data(path, grids.into_iter().map(Ok), opts.header_row)?,
    };
    let table = header::build_table(grid, source(Some(name)), opts.header_row)?;
    Ok((sheets, table))
}

/// Read one sheet (or a csv/tsv file) into a table of typed cells under its header row.
pub fn read_table(path: &Path, opts: &ReadOptions) -> Result<Table> {
    let format = detect_format(path)?;
    let (grid, source) = if format.is_workbook() {
        let mut book = workbook::Book::open(path, format)?;
        let (name, grid) = match &opts.sheet {
            Some(wanted) => {
                let name = resolve_sheet(path, &book.sheet_names(), wanted)?;
                let grid = book.grid(&name)?;
                (name, grid)
            }
            None => {
                let names = book.sheet_names();
                let sheets = names.into_iter().map(|n| book.grid(&n).map(|g| (n, g)));
                first_sheet_with_data(path, sheets, opts.header_row)?
            }
        };
        let source = Source {
            path: path.to_path_buf(),
            format,
            sheet: Some(name),
        };
        (grid, source)
    } else {
        let source = Source {
            path: path.to_path_buf(),
            format,
            sheet: None,
        };
        (delimited::read_grid(path)?, source)
    };
    header::build_table(grid, source, opts.header_row)
}

/// The first of `sheets` with data rows under a header; failing that the first sheet with
/// any cells (so the error names it); failing that, the file is empty. Sheets are taken
/// lazily, so reading stops at the first sheet with data.
fn first_sheet_with_data(
    path: &Path,
    sheets: impl Iterator<Item = Result<(String, Grid)>>,
    header_row: Option<usize>,
) -> Result<(String, Grid)> {
    let mut fallback = None;
    for sheet in sheets {
        let (name, grid) = sheet?;
        if grid.is_empty() {
            continue;
        }
        if header::Layout::detect(&grid, header_row).is_some_and(|l| !l.data_rows.is_empty()) {
            return Ok((name, grid));
        }
        fallback.get_or_insert((name, grid));
    }
    fallback.ok_or_else(|| EngineError::Empty {
        location: format!("{} (every sheet)", file_name(path)),
    })
}

/// A sheet by exact name, then ignoring case and surrounding spaces, then by 1-based
/// position when `wanted` is all digits and no sheet is called that.
fn resolve_sheet(path: &Path, names: &[String], wanted: &str) -> Result<String> {
    let trimmed = wanted.trim();
    let found = names
        .iter()
        .find(|n| n.as_str() == wanted)
        .or_else(|| {
            names
                .iter()
                .find(|n| n.trim().to_lowercase() == trimmed.to_lowercase())
        })
        .or_else(|| {
            let position: usize = trimmed.parse().ok()?;
            names.get(position.checked_sub(1)?)
        });
    found.cloned().ok_or_else(|| EngineError::NoSuchSheet {
        path: path.to_path_buf(),
        wanted: format!("\"{wanted}\""),
        available: names
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// SHA-256 of a file as lowercase hex, read in blocks so large files need little memory.
pub fn sha256_file(path: &Path) -> Result<String> {
    let io_err = |e: std::io::Error| EngineError::Io {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    let mut file = std::fs::File::open(path).map_err(io_err)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf).map_err(io_err)?;
        if n == 0 {
            break;
        }
        hasher.update(buf.get(..n).unwrap_or_default());
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// The file's name for messages ("survey.csv"), or the whole path if it has none.
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Whether a format is read through the zip guard (all zip-based workbooks).
fn is_zip(format: FileFormat) -> bool {
    matches!(
        format,
        FileFormat::Xlsx | FileFormat::Xlsm | FileFormat::Xlsb | FileFormat::Ods
    )
}

#[cfg(test)]
mod tests;
