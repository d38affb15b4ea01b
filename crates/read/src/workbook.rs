//! Workbooks through calamine. xlsx and xlsb sheets are streamed cell by cell and only
//! non-empty cells are kept, because calamine's own `Range` is dense: one stray cell at
//! XFD1048576 would make it allocate the whole rectangle. xls and ods have no streaming
//! reader in calamine; their ranges are bounded by calamine's own cell limits.

use crate::error::{ReadError, Result};
use crate::file::DataFile;
use crate::grid::Grid;
use crate::table::FileFormat;
use crate::{cells, zip_guard};
use calamine::{Data, DataRef, Dimensions, Ods, Range, Reader, Xls, Xlsb, Xlsx};
use std::fmt::Display;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

type Input = Cursor<Arc<[u8]>>;

/// An open workbook of any supported kind.
pub(crate) struct Book {
    path: PathBuf,
    inner: Inner,
}

enum Inner {
    Xlsx(Xlsx<Input>),
    Xlsb(Xlsb<Input>),
    Xls(Xls<Input>),
    Ods(Ods<Input>),
}

impl Book {
    /// Open a workbook (read-only) after the zip guard has passed it.
    pub(crate) fn open(file: &DataFile, format: FileFormat) -> Result<Book> {
        let path = file.path();
        if format.is_zip() {
            zip_guard::check(file)?;
        }
        let damaged = |e: &dyn Display| open_error(path, e);
        let inner = match format {
            FileFormat::Xlsx | FileFormat::Xlsm => {
                Inner::Xlsx(Xlsx::new(file.cursor()).map_err(|e| damaged(&e))?)
            }
            FileFormat::Xlsb => Inner::Xlsb(Xlsb::new(file.cursor()).map_err(|e| damaged(&e))?),
            FileFormat::Ods => Inner::Ods(Ods::new(file.cursor()).map_err(|e| damaged(&e))?),
            FileFormat::Xls => match Xls::new(file.cursor()) {
                Ok(book) => Inner::Xls(book),
                // An OLE2 file that is not an xls is most often an encrypted xlsx, which
                // the xlsx reader recognises and reports as password-protected.
                Err(xls_err) => match Xlsx::new(file.cursor()) {
                    Ok(book) => Inner::Xlsx(book),
                    Err(calamine::XlsxError::Password) => {
                        return Err(open_error(path, &calamine::XlsxError::Password));
                    }
                    Err(_) => return Err(damaged(&xls_err)),
                },
            },
            FileFormat::Csv | FileFormat::Tsv => {
                return Err(ReadError::UnsupportedFormat {
                    path: path.to_path_buf(),
                    reason: "a csv/tsv file was passed to the workbook reader".to_string(),
                });
            }
        };
        Ok(Book {
            path: path.to_path_buf(),
            inner,
        })
    }

    /// Sheet names in workbook order.
    pub(crate) fn sheet_names(&self) -> Vec<String> {
        match &self.inner {
            Inner::Xlsx(b) => b.sheet_names(),
            Inner::Xlsb(b) => b.sheet_names(),
            Inner::Xls(b) => b.sheet_names(),
            Inner::Ods(b) => b.sheet_names(),
        }
    }

    /// The non-empty cells of one sheet.
    pub(crate) fn grid(&mut self, sheet: &str) -> Result<Grid> {
        let path = self.path.clone();
        let damaged = |e: &dyn Display| ReadError::Corrupt {
            path: path.clone(),
            reason: format!("sheet \"{sheet}\" could not be read: {e}"),
        };
        let mut grid = Grid::default();
        match &mut self.inner {
            Inner::Xlsx(book) => {
                let mut reader = match book.worksheet_cells_reader(sheet) {
                    Ok(reader) => reader,
                    // A chart sheet or dialog sheet: no cells.
                    Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(grid),
                    Err(e) => return Err(damaged(&e)),
                };
                while let Some(cell) = reader.next_cell().map_err(|e| damaged(&e))? {
                    let (row, col) = cell.get_position();
                    push_data_ref(&mut grid, row, col, cell.get_value().clone());
                }
            }
            Inner::Xlsb(book) => {
                let mut reader = book
                    .worksheet_cells_reader(sheet)
                    .map_err(|e| damaged(&e))?;
                while let Some(cell) = reader.next_cell().map_err(|e| damaged(&e))? {
                    let (row, col) = cell.get_position();
                    push_data_ref(&mut grid, row, col, cell.get_value().clone());
                }
            }
            Inner::Xls(book) => fill_from_range(
                &mut grid,
                book.worksheet_range(sheet).map_err(|e| damaged(&e))?,
            ),
            Inner::Ods(book) => fill_from_range(
                &mut grid,
                book.worksheet_range(sheet).map_err(|e| damaged(&e))?,
            ),
        }
        grid.finish();
        Ok(grid)
    }

    /// The merged ranges of a sheet (xlsx and xls; other formats and any failure give
    /// none, since merges only refine group titles).
    pub(crate) fn merged(&mut self, sheet: &str) -> Vec<Dimensions> {
        match &mut self.inner {
            Inner::Xlsx(book) => book.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
            Inner::Xls(book) => book.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
            Inner::Xlsb(_) | Inner::Ods(_) => Vec::new(),
        }
    }
}

fn fill_from_range(grid: &mut Grid, range: Range<Data>) {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    for (r, c, data) in range.used_cells() {
        let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) else {
            continue;
        };
        let (row, col) = (row0.saturating_add(r), col0.saturating_add(c));
        match data {
            Data::String(s) => grid.push_text(row, col, s, |t| cells::from_text(t, false)),
            other => grid.push(row, col, cells::from_data(other.clone())),
        }
    }
}

/// A streamed calamine value into the grid; a shared string is read as a cell only the
/// first time its column sees it.
fn push_data_ref(grid: &mut Grid, row: u32, col: u32, data: DataRef<'_>) {
    match data {
        DataRef::SharedString(s) => grid.push_text(row, col, s, |t| cells::from_text(t, false)),
        other => grid.push(row, col, cells::from_data(Data::from(other))),
    }
}

/// A workbook that would not open: password protection gets its own advice.
fn open_error(path: &Path, e: &dyn Display) -> ReadError {
    let reason = e.to_string();
    if reason.to_lowercase().contains("password") {
        ReadError::UnsupportedFormat {
            path: path.to_path_buf(),
            reason: "it is password-protected; remove the password in Excel first (File › Info \
                     › Protect Workbook)"
                .to_string(),
        }
    } else {
        ReadError::Corrupt {
            path: path.to_path_buf(),
            reason,
        }
    }
}
