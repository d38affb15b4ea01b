//! An exported copy of the survey data with one new column appended (the raked weight),
//! as .xlsx or .csv by the output's extension. The survey file itself is never written:
//! the copy is saved atomically and refused where it would replace the input.
//!
//! Cells are written as they were read, so reading the copy back gives the same table:
//! numbers at full precision, text as text (never a formula), booleans, dates (as dates in
//! xlsx, `YYYY-MM-DD` in csv). The exceptions, for safety or format limits: in csv, text that
//! starts like a formula gets a leading apostrophe (as in Rapport's other CSV exports) and a
//! date's time of day is dropped; in xlsx, spreadsheet error cells (`#N/A`) are written as
//! their text.

use crate::{ReportError, atomic};
use rapport_read::table::{Cell, Table, column_letters};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::path::{Path, PathBuf};

/// Excel's limit on characters (UTF-16 units) in one cell.
const MAX_CELL_UNITS: usize = 32_767;
/// Number format of date cells, so they read back as dates.
const DATE_FORMAT: &str = "yyyy-mm-dd";
/// Number format of date cells with a time of day.
const DATE_TIME_FORMAT: &str = "yyyy-mm-dd hh:mm:ss";

/// Why a copy of the data could not be written.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    /// The data already have a column with the new column's name.
    #[error(
        "{location} already has a column \"{column}\", so the new column cannot be added under that name. Choose another name for it (\"column_name\" in the \"rake\" part of the analysis spec)."
    )]
    ColumnExists { location: String, column: String },

    /// The output's extension is neither .xlsx nor .csv.
    #[error(
        "The copy {out} must be saved as .xlsx or .csv, and programs decide how to open a file by its extension; use a name ending in .xlsx or .csv."
    )]
    Format { out: PathBuf },

    /// A text cell is longer than an Excel cell can hold.
    #[error(
        "Cell {cell} of {location} holds more than 32,767 characters, more than an Excel cell can hold. Save the copy as .csv instead."
    )]
    CellTooLong { location: String, cell: String },

    /// One value per data row was not given (a defect in the caller).
    #[error(
        "Could not write the copy: {rows} data rows but {values} values for the new column. This is a bug in Rapport; please report it together with the analysis spec."
    )]
    WrongLength { rows: usize, values: usize },

    /// Saving failed, or the path is not allowed (the input file, a folder …).
    #[error(transparent)]
    Report(#[from] ReportError),
}

impl CopyError {
    /// A stable machine-readable name for the kind of error, for front ends.
    pub fn code(&self) -> &'static str {
        match self {
            CopyError::ColumnExists { .. } => "column_exists",
            CopyError::Format { .. } => "wrong_extension",
            CopyError::CellTooLong { .. } => "cell_too_long",
            CopyError::WrongLength { .. } => "bug",
            CopyError::Report(e) => e.code(),
        }
    }
}

/// Write `table` with a numeric column `column` (one value per data row) appended to
/// `out`, as .xlsx or .csv by its extension. The header goes on the first row, data from
/// the second; an xlsx copy keeps the sheet's name.
pub fn write_copy(
    table: &Table,
    column: &str,
    values: &[f64],
    out: &Path,
) -> Result<(), CopyError> {
    if values.len() != table.n_rows() {
        return Err(CopyError::WrongLength {
            rows: table.n_rows(),
            values: values.len(),
        });
    }
    if table.column(column).is_some() {
        return Err(CopyError::ColumnExists {
            location: table.source.describe(),
            column: column.to_string(),
        });
    }
    let extension = out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let bytes = match extension.as_deref() {
        Some("xlsx") => {
            atomic::check_target(&table.source.path, out, "xlsx")?;
            xlsx_bytes(table, column, values)?
        }
        Some("csv") => {
            atomic::check_target(&table.source.path, out, "csv")?;
            csv_bytes(table, column, values)?
        }
        _ => {
            return Err(CopyError::Format {
                out: out.to_path_buf(),
            });
        }
    };
    Ok(atomic::replace(out, &bytes)?)
}

/// Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage
/// return that some spreadsheets skip before one; OWASP's CSV injection list).
fn formula_like(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

fn xlsx_bytes(table: &Table, column: &str, values: &[f64]) -> Result<Vec<u8>, CopyError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let sheet = table.source.sheet.as_deref().unwrap_or("Data");
    if ws.set_name(sheet).is_err() {
        ws.set_name("Data").map_err(ReportError::from)?;
    }
    let formats = Formats {
        quoted: Format::new().set_quote_prefix(),
        date: Format::new().set_num_format(DATE_FORMAT),
        date_time: Format::new().set_num_format(DATE_TIME_FORMAT),
    };
    let location = table.source.describe();
    let failed = |e: XlsxError, cell: String| match e {
        XlsxError::MaxStringLengthExceeded => CopyError::CellTooLong {
            location: location.clone(),
            cell,
        },
        e => ReportError::from(e).into(),
    };
    let n_cols = table.columns.len();
    for (j, col) in table.columns.iter().enumerate() {
        let c = col_num(j)?;
        write_text(ws, 0, c, &col.name, &formats).map_err(|e| {
            let header = format!("{}{}", column_letters(col.sheet_col), table.header_row);
            failed(e, header)
        })?;
        for (i, cell) in col.cells().enumerate() {
            write_cell(ws, row_num(i + 1)?, c, cell, &formats)
                .map_err(|e| failed(e, table.cell_ref(col, i)))?;
        }
    }
    let c = col_num(n_cols)?;
    write_text(ws, 0, c, column, &formats).map_err(ReportError::from)?;
    for (i, &w) in values.iter().enumerate() {
        ws.write_number(row_num(i + 1)?, c, w)
            .map_err(ReportError::from)?;
    }
    ws.set_freeze_panes(1, 0).map_err(ReportError::from)?;
    Ok(wb.save_to_buffer().map_err(ReportError::from)?)
}

/// Formats shared by every cell.
struct Formats {
    quoted: Format,
    date: Format,
    date_time: Format,
}

/// One data cell as it was read.
fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    formats: &Formats,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => {}
        Cell::Number(x) => {
            ws.write_number(row, col, *x)?;
        }
        Cell::Text(t) => write_text(ws, row, col, t, formats)?,
        Cell::Error(t) => write_text(ws, row, col, t, formats)?,
        Cell::Bool(b) => {
            ws.write_boolean(row, col, *b)?;
        }
        Cell::Date(serial) => {
            let format = if serial.fract() == 0.0 {
                &formats.date
            } else {
                &formats.date_time
            };
            ws.write_number_with_format(row, col, *serial, format)?;
        }
    }
    Ok(())
}

/// Text as a string cell; formula-like text also gets Excel's quote prefix so it stays
/// text when someone edits the cell.
fn write_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    formats: &Formats,
) -> Result<(), XlsxError> {
    if text.encode_utf16().count() > MAX_CELL_UNITS {
        return Err(XlsxError::MaxStringLengthExceeded);
    }
    if formula_like(text) {
        ws.write_string_with_format(row, col, text, &formats.quoted)?;
    } else {
        ws.write_string(row, col, text)?;
    }
    Ok(())
}

/// A sheet row index; tables read from a sheet always fit, csv files might not.
fn row_num(i: usize) -> Result<u32, CopyError> {
    u32::try_from(i)
        .ok()
        .filter(|&r| r < 1_048_576)
        .ok_or_else(|| {
            ReportError::Build {
                reason: format!(
                    "{i} rows are more than an Excel sheet holds; save the copy as .csv"
                ),
            }
            .into()
        })
}

/// A sheet column index.
fn col_num(j: usize) -> Result<u16, CopyError> {
    u16::try_from(j)
        .ok()
        .filter(|&c| c < 16_384)
        .ok_or_else(|| {
            ReportError::Build {
                reason: format!(
                    "{j} columns are more than an Excel sheet holds; save the copy as .csv"
                ),
            }
            .into()
        })
}

fn csv_bytes(table: &Table, column: &str, values: &[f64]) -> Result<Vec<u8>, CopyError> {
    let build = |e: csv::Error| ReportError::Build {
        reason: e.to_string(),
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = table
        .columns
        .iter()
        .map(|c| csv_text(&c.name))
        .chain([csv_text(column)]);
    w.write_record(header).map_err(build)?;
    for (i, &value) in values.iter().enumerate() {
        let row = table
            .columns
            .iter()
            .map(|c| match c.get(i) {
                Some(Cell::Text(t)) => csv_text(t),
                Some(cell) => cell.display(),
                None => String::new(),
            })
            .chain([value.to_string()]);
        w.write_record(row).map_err(build)?;
    }
    Ok(w.into_inner().map_err(|e| ReportError::Build {
        reason: e.to_string(),
    })?)
}

/// Text for a csv cell: a leading apostrophe when it starts like a formula.
fn csv_text(text: &str) -> String {
    if formula_like(text) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}
