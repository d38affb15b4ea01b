//! What can stop a file from becoming a [`crate::table::Table`]. Each message says what
//! went wrong, where (file, sheet) and what to do next, because the people reading them
//! are analysts, not coders.

use std::path::PathBuf;

/// Result alias for the reader.
pub type Result<T, E = ReadError> = std::result::Result<T, E>;

/// Everything that can go wrong between a file on disk and a table of typed cells.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read at all.
    #[error(
        "Could not read {path}: {reason}. Check that the file exists and is not open in another program, then try again."
    )]
    Io { path: PathBuf, reason: String },

    /// The file is not a format Rapport reads (by extension or content).
    #[error(
        "{path} is not a spreadsheet Rapport can read: {reason}. Save it from Excel or LibreOffice as .xlsx (or .csv) and open that copy."
    )]
    UnsupportedFormat { path: PathBuf, reason: String },

    /// The workbook container is damaged (truncated, not really a workbook, corrupt XML).
    #[error(
        "{path} looks damaged and could not be opened as a workbook ({reason}). Re-download or re-export it from the program that made it, then try again."
    )]
    Corrupt { path: PathBuf, reason: String },

    /// The workbook would inflate beyond what can be read safely (e.g. a zip bomb).
    #[error(
        "{path} was not opened because {reason}. If it is a genuine survey, save the sheet you need as .csv (or split the workbook) and open that."
    )]
    TooLarge { path: PathBuf, reason: String },

    /// The file (or sheet) has no cells with data in it.
    #[error(
        "{location} is empty: there are no cells with data. Check that you chose the right file and sheet."
    )]
    Empty { location: String },

    /// A sheet was asked for that the workbook does not have.
    #[error(
        "{path} has no sheet {wanted}. Its sheets are: {available}. Pick one of these with --sheet."
    )]
    NoSuchSheet {
        path: PathBuf,
        wanted: String,
        available: String,
    },

    /// A header row was found but no data rows under it.
    #[error(
        "{location} has a header row (row {header_row}) but no data rows under it. Check that the data were pasted below the header, or choose another sheet."
    )]
    NoDataRows { location: String, header_row: usize },

    /// The sheet named as the codebook cannot be read as one.
    #[error(
        "{location}: sheet \"{wanted}\" was named as the codebook, but {reason}. A codebook sheet needs a header row with a variable column, a code column and a label column (a question column is optional); fix that header, name another sheet with --codebook-sheet (or \"codebook_sheet\" in the spec), or read the data without one with --no-codebook."
    )]
    NotACodebook {
        location: String,
        wanted: String,
        reason: String,
    },
}

impl ReadError {
    /// A stable machine-readable name for the kind of error (`"corrupt"`, `"empty"` …), so a
    /// front end can react to it without parsing the message, which is for people.
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::Io { .. } => "io",
            ReadError::UnsupportedFormat { .. } => "unsupported_format",
            ReadError::Corrupt { .. } => "corrupt",
            ReadError::TooLarge { .. } => "too_large",
            ReadError::Empty { .. } => "empty",
            ReadError::NoSuchSheet { .. } => "no_such_sheet",
            ReadError::NoDataRows { .. } => "no_data_rows",
            ReadError::NotACodebook { .. } => "not_a_codebook",
        }
    }
}
