//! Errors from writing reports. The reader is an analyst choosing where to save a file, so
//! each message names the file and says what to do next.

use std::path::PathBuf;

/// Everything that can stop a report from being written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The report path is the survey file itself (same path once links are resolved).
    #[error(
        "The report {out} would overwrite the survey file {input}; choose another name for the report."
    )]
    OverwritesInput { input: PathBuf, out: PathBuf },

    /// The report path is another name (a hard link) for the survey file.
    #[error(
        "The report {out} is another name for the survey file {input} (both are the same file on disk), so saving would replace your data; choose another name for the report."
    )]
    SameFileAsInput { input: PathBuf, out: PathBuf },

    /// The file name does not end in the format's extension, so the program meant to open
    /// it (Excel for .xlsx) would refuse or misread it.
    #[error(
        "The file name {out} does not end in .{extension}, and programs decide how to open a file by its extension (Excel will not open a workbook saved under another one); use a name ending in .{extension}."
    )]
    WrongExtension {
        out: PathBuf,
        extension: &'static str,
    },

    /// The report path names an existing folder.
    #[error(
        "{out} is a folder, not a file name; add a file name for the report, e.g. {out}/report.xlsx."
    )]
    OutIsFolder { out: PathBuf },

    /// The folder to save into does not exist (or is not a folder).
    #[error(
        "Cannot save the report {out}: {folder} is not an existing folder. Create the folder first or choose another location."
    )]
    NoSuchFolder { out: PathBuf, folder: PathBuf },

    /// Writing or renaming the file failed (permissions, disk full, file locked).
    #[error(
        "Could not save the report {out}: {reason}. Check that you can write to that folder, that the disk is not full and that the file is not open in Excel, then try again."
    )]
    Write { out: PathBuf, reason: String },

    /// A key-driver export was asked of results that have no key-driver analysis.
    #[error(
        "These results have no key-driver analysis, so there is no drivers table to save; run the analysis with key drivers on (\"drivers\": {{}} in the spec, or --drivers) first."
    )]
    NoDrivers,

    /// The workbook could not be assembled: a defect in Rapport, not in the user's data.
    #[error(
        "Could not build the Excel report: {reason}. This is a bug in Rapport; please report it together with the analysis spec."
    )]
    Build { reason: String },
}

impl ReportError {
    /// A stable machine-readable name for the kind of error, for front ends; the message is
    /// for people.
    pub fn code(&self) -> &'static str {
        match self {
            ReportError::OverwritesInput { .. } | ReportError::SameFileAsInput { .. } => {
                "overwrites_input"
            }
            ReportError::WrongExtension { .. } => "wrong_extension",
            ReportError::OutIsFolder { .. } => "out_is_folder",
            ReportError::NoSuchFolder { .. } => "no_such_folder",
            ReportError::Write { .. } => "write",
            ReportError::NoDrivers => "no_drivers",
            ReportError::Build { .. } => "build",
        }
    }
}

impl From<rust_xlsxwriter::XlsxError> for ReportError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        ReportError::Build {
            reason: e.to_string(),
        }
    }
}
