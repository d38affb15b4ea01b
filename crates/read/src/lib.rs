//! Reading files into a [`Table`]: xlsx/xlsm/xlsb/xls/ods through calamine, csv/tsv through
//! the `csv` crate, then one shared header detection so every format gives the same table.
//! The default data sheet is the first with data that is neither prose (a "Read me") nor a
//! codebook; a codebook sheet elsewhere in the workbook ([`code_sheet`]) is attached to the
//! table so its codes apply to the data.
//!
//! The reader only ever opens the input for reading, keeps only non-empty cells while it
//! reads (so a used range that runs to row 1,048,576 costs nothing), and refuses workbooks
//! whose zip parts would inflate beyond [`zip_guard::MAX_INFLATED_BYTES`] before any of it
//! is inflated.

mod cell;
mod cells;
mod code_sheet;
pub mod codes;
mod column;
pub mod dates;
mod delimited;
pub mod error;
mod file;
mod format;
mod grid;
mod groups;
mod header;
mod layout;
pub mod options;
pub mod table;
pub mod text;
mod totals;
mod workbook;
pub mod zip_guard;

pub use error::{ReadError, Result};
pub use file::DataFile;
pub use format::detect_format;
pub use options::{CodebookChoice, LayoutOptions, ReadOptions};

use crate::grid::Grid;
use crate::layout::Layout;
use crate::table::{Source, Table};
use crate::text::file_name;
use std::path::Path;

/// One sheet of a file as the sheet picker shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SheetInfo {
    pub name: String,
    /// One-based position in the workbook.
    pub index: usize,
    /// Detected one-based header row; `None` when the sheet is empty.
    pub header_row: Option<usize>,
    /// Data rows under the header (fully empty rows and totals rows not counted).
    pub rows: usize,
    pub columns: usize,
}

/// The sheets of a file with their detected header and size. A csv/tsv file is one entry
/// named after the file.
pub fn list_sheets(path: &Path) -> Result<Vec<SheetInfo>> {
    format::claimed_format(path)?;
    let file = DataFile::open(path)?;
    let format = detect_format(&file)?;
    if !format.is_workbook() {
        let grid = delimited::read_grid(&file)?;
        return Ok(vec![sheet_info(file_name(path), 1, &grid)]);
    }
    let mut book = workbook::Book::open(&file, format)?;
    let mut sheets = Vec::new();
    for (i, name) in book.sheet_names().into_iter().enumerate() {
        let grid = book.grid(&name)?;
        sheets.push(sheet_info(name, i + 1, &grid));
    }
    Ok(sheets)
}

/// What the sheet picker shows of one sheet.
fn sheet_info(name: String, index: usize, grid: &Grid) -> SheetInfo {
    let layout = Layout::detect(grid, None, false);
    SheetInfo {
        name,
        index,
        header_row: layout.as_ref().map(|l| l.header_row),
        rows: layout.as_ref().map_or(0, |l| l.data_rows.len()),
        columns: layout.as_ref().map_or(0, |l| l.columns.len()),
    }
}

/// What one read of a file gives: the sheet list, the data table and the SHA-256 of the
/// bytes both came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub sheets: Vec<SheetInfo>,
    pub table: Table,
    pub sha256: String,
}

/// [`list_sheets`] and [`read_table`] in one pass over the file, so each sheet is inflated
/// and parsed once (the desktop app shows both when it opens a file), with the file's
/// SHA-256.
pub fn read_with_sheets(path: &Path, opts: &ReadOptions) -> Result<Loaded> {
    read(path, opts, &LayoutOptions::default())
}

/// Read one sheet (or a csv/tsv file) into a table of typed cells under its header row,
/// with totals rows left out, group titles recorded and a codebook sheet attached when the
/// workbook has one.
pub fn read_table(path: &Path, opts: &ReadOptions) -> Result<Table> {
    read(path, opts, &LayoutOptions::default()).map(|loaded| loaded.table)
}

/// The file read once and hashed as it is read; every sheet's grid once; the data sheet as
/// a table, with its codebook sheet attached.
pub fn read(path: &Path, opts: &ReadOptions, layout: &LayoutOptions) -> Result<Loaded> {
    format::claimed_format(path)?;
    let file = DataFile::open(path)?;
    let format = detect_format(&file)?;
    let source = |sheet| Source {
        path: path.to_path_buf(),
        format,
        sheet,
    };
    if !format.is_workbook() {
        if let CodebookChoice::Sheet(wanted) = &layout.codebook {
            return Err(ReadError::NotACodebook {
                location: file_name(path),
                wanted: wanted.clone(),
                reason: "a csv or tsv file has only one sheet".into(),
            });
        }
        let grid = delimited::read_grid(&file)?;
        let sheets = vec![sheet_info(file_name(path), 1, &grid)];
        let table = header::build_table(grid, source(None), opts.header_row, layout, Vec::new)?;
        return Ok(Loaded {
            sheets,
            table,
            sha256: file.sha256().to_string(),
        });
    }
    let mut book = workbook::Book::open(&file, format)?;
    let names = book.sheet_names();
    let mut grids = Vec::with_capacity(names.len());
    for name in &names {
        grids.push((name.clone(), book.grid(name)?));
    }
    let sheets = (1..)
        .zip(&grids)
        .map(|(i, (name, grid))| sheet_info(name.clone(), i, grid))
        .collect();
    let data_name = match &opts.sheet {
        Some(wanted) => resolve_sheet(path, &names, wanted)?,
        None => data_sheet(path, &grids, opts.header_row)?,
    };
    let codebook = match &layout.codebook {
        CodebookChoice::None => None,
        CodebookChoice::Sheet(wanted) => {
            let name = resolve_sheet(path, &names, wanted)?;
            let grid = grids.iter().find(|(n, _)| *n == name).map(|(_, g)| g);
            let parsed =
                grid.and_then(code_sheet::parse)
                    .ok_or_else(|| ReadError::NotACodebook {
                        location: file_name(path),
                        wanted: name.clone(),
                        reason: "its header has no variable, code and label columns".into(),
                    })?;
            Some((name, parsed))
        }
        CodebookChoice::Detect => grids
            .iter()
            .filter(|(n, _)| *n != data_name)
            .find_map(|(n, g)| code_sheet::parse(g).map(|p| (n.clone(), p))),
    };
    let grid = grids
        .into_iter()
        .find(|(n, _)| *n == data_name)
        .map(|(_, g)| g)
        .ok_or_else(|| ReadError::Empty {
            location: file_name(path),
        })?;
    let merged = || book.merged(&data_name);
    let mut table = header::build_table(
        grid,
        source(Some(data_name.clone())),
        opts.header_row,
        layout,
        merged,
    )?;
    if let Some((name, parsed)) = codebook {
        code_sheet::attach(&mut table, name, parsed);
    }
    Ok(Loaded {
        sheets,
        table,
        sha256: file.sha256().to_string(),
    })
}

/// The default data sheet: the first with data rows under a header that is neither prose
/// nor a codebook; failing that the first with data rows, then the first with any cells
/// (so the error names it); failing that, the file is empty.
fn data_sheet(path: &Path, grids: &[(String, Grid)], header_row: Option<usize>) -> Result<String> {
    let mut with_rows = None;
    let mut with_cells = None;
    for (name, grid) in grids.iter().filter(|(_, g)| !g.is_empty()) {
        with_cells.get_or_insert(name);
        let Some(layout) = Layout::detect(grid, header_row, false) else {
            continue;
        };
        if layout.data_rows.is_empty() {
            continue;
        }
        if !layout.is_prose(grid) && code_sheet::parse(grid).is_none() {
            return Ok(name.clone());
        }
        with_rows.get_or_insert(name);
    }
    with_rows
        .or(with_cells)
        .cloned()
        .ok_or_else(|| ReadError::Empty {
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
    found.cloned().ok_or_else(|| ReadError::NoSuchSheet {
        path: path.to_path_buf(),
        wanted: format!("\"{wanted}\""),
        available: names
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", "),
    })
}

#[cfg(test)]
mod tests;
