//! What the app holds between commands: the open survey (its table stays here; only
//! summaries and pages cross IPC), the current spec and results, recent files, and where
//! the bundled samples are.

use crate::error::CommandError;
use crate::payload::{DatasetSummary, OpenRequest, PreviewPage};
use crate::recent::RecentFiles;
use crate::samples::{self, Sample};
use rapport_engine::codebook::Codebook;
use rapport_engine::results::Results;
use rapport_engine::spec::AnalysisSpec;
use rapport_read::ReadOptions;
use rapport_read::table::{Cell, Table};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Most rows one preview page holds: a screenful many times over, small enough that a page
/// crosses IPC in milliseconds.
pub const MAX_PAGE: usize = 500;

/// Managed state of the app.
pub struct AppState {
    /// Folder holding the bundled samples.
    pub samples_dir: PathBuf,
    pub recent: RecentFiles,
    /// What `RAPPORT_OPEN` or the command line asked to open, until `startup_dataset` opens it.
    pub startup: Mutex<Option<OpenRequest>>,
    session: Mutex<Session>,
}

/// The survey being worked on and what was last done with it.
#[derive(Default)]
pub struct Session {
    /// Shared so long work can read it without holding the lock.
    pub dataset: Option<Arc<OpenDataset>>,
    /// The spec last run on `dataset`.
    pub spec: Option<AnalysisSpec>,
    /// The results of `spec`, for export.
    pub results: Option<Arc<Results>>,
}

/// An open survey: the table, and its summary as the UI sees it.
pub struct OpenDataset {
    pub table: Table,
    pub summary: DatasetSummary,
    /// The bundled sample this file is, if it is one.
    pub sample: Option<&'static Sample>,
}

impl AppState {
    pub fn new(samples_dir: PathBuf, recent: RecentFiles, startup: Option<OpenRequest>) -> Self {
        AppState {
            samples_dir,
            recent,
            startup: Mutex::new(startup),
            session: Mutex::new(Session::default()),
        }
    }

    /// The session. A panic elsewhere cannot leave it half-updated (every update replaces
    /// whole values), so a poisoned lock is still safe to use.
    pub fn session(&self) -> MutexGuard<'_, Session> {
        self.session.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The open survey, or the error telling the user to open one.
    pub fn dataset(&self) -> Result<Arc<OpenDataset>, CommandError> {
        self.session()
            .dataset
            .clone()
            .ok_or_else(CommandError::no_dataset)
    }

    /// Make `dataset` the open survey; the previous survey's spec and results go with it.
    pub fn set_dataset(&self, dataset: OpenDataset) -> DatasetSummary {
        let summary = dataset.summary.clone();
        *self.session() = Session {
            dataset: Some(Arc::new(dataset)),
            ..Session::default()
        };
        summary
    }

    /// The file a request names: a bundled sample by id, or the user's path.
    pub fn resolve(&self, request: &OpenRequest) -> Result<PathBuf, CommandError> {
        match (&request.path, &request.sample) {
            (Some(path), None) => Ok(PathBuf::from(path)),
            (None, Some(id)) => samples::find(id)
                .map(|s| self.samples_dir.join(s.data_file))
                .ok_or_else(|| {
                    CommandError::new(
                        "no_such_sample",
                        format!("There is no sample survey called \"{id}\"; choose one of the sample cards on the Welcome screen."),
                    )
                }),
            _ => Err(CommandError::new(
                "bad_request",
                "Say which survey to open: either a file path or a sample survey, not both or neither.",
            )),
        }
    }

    /// The bundled sample stored at `path`, if it is one.
    pub fn sample_at(&self, path: &Path) -> Option<&'static Sample> {
        let path = std::fs::canonicalize(path).ok()?;
        samples::SAMPLES.iter().find(|s| {
            std::fs::canonicalize(self.samples_dir.join(s.data_file)).is_ok_and(|p| p == path)
        })
    }
}

impl OpenDataset {
    /// Read `path` with the sheet and header row asked for, and detect its codebook.
    /// `step` is told what is happening, for progress events.
    pub fn read(
        path: &Path,
        request: &OpenRequest,
        sample: Option<&'static Sample>,
        step: impl Fn(&str, f64),
    ) -> Result<Self, CommandError> {
        // Canonical, so the summary, recent files and specs name the file one way; a missing
        // file keeps the path as given for the error message.
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        step(&format!("Reading {name}"), 0.0);
        let options = ReadOptions {
            sheet: request.sheet.clone(),
            header_row: request.header_row,
        };
        let rapport_read::Loaded {
            sheets,
            table,
            sha256,
        } = rapport_read::read_with_sheets(&path, &options)?;
        step("Recognising answer scales and missing answers", 0.75);
        let codebook = Codebook::detect(&table);
        let summary = DatasetSummary {
            file_name: name,
            path: path.display().to_string(),
            sha256,
            sheets,
            sheet: table.source.sheet.clone(),
            header_row: table.header_row,
            rows: table.n_rows(),
            codebook,
        };
        step("Done", 1.0);
        Ok(OpenDataset {
            table,
            summary,
            sample,
        })
    }

    /// Rows `offset..offset + limit` (at most [`MAX_PAGE`]) as the spreadsheet shows them;
    /// an offset past the end gives an empty page.
    pub fn preview(&self, offset: usize, limit: usize) -> PreviewPage {
        let table = &self.table;
        let total = table.n_rows();
        let start = offset.min(total);
        let end = start.saturating_add(limit.min(MAX_PAGE)).min(total);
        PreviewPage {
            offset: start,
            total,
            columns: table.columns.iter().map(|c| c.name.clone()).collect(),
            row_numbers: table
                .row_numbers
                .get(start..end)
                .map(<[usize]>::to_vec)
                .unwrap_or_default(),
            rows: (start..end)
                .map(|i| {
                    table
                        .columns
                        .iter()
                        .map(|c| c.get(i).map(Cell::display).unwrap_or_default())
                        .collect()
                })
                .collect(),
        }
    }

    /// Whether `spec` analyses this very table: same file, and the same sheet and header
    /// row when the spec names them. Otherwise the spec's own file has to be read.
    pub fn is_data_of(&self, spec: &AnalysisSpec) -> bool {
        let same_file = match (
            std::fs::canonicalize(spec.data_path()),
            std::fs::canonicalize(&self.summary.path),
        ) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        same_file
            && spec
                .data
                .sheet
                .as_ref()
                .is_none_or(|s| Some(s) == self.summary.sheet.as_ref())
            && spec
                .data
                .header_row
                .is_none_or(|h| h == self.summary.header_row)
    }

    /// `spec` with the sheet and header row of this table written in, so the results record
    /// exactly what was analysed and re-running the spec elsewhere reads the same rows.
    pub fn pin(&self, spec: &AnalysisSpec) -> AnalysisSpec {
        let mut pinned = spec.clone();
        pinned.data.sheet = self.summary.sheet.clone();
        pinned.data.header_row = Some(self.summary.header_row);
        pinned
    }
}
