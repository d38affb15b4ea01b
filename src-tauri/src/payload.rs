//! The types that cross IPC besides the engine's own (`AnalysisSpec`, `Results`,
//! `Codebook`, `Reliability`). TypeScript declarations are generated from these (see
//! [`crate::bindings`]), so the UI cannot drift from them.

use rapport_engine::codebook::Codebook;
use rapport_read::SheetInfo;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A bundled sample survey, for the Welcome screen's cards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SampleSurvey {
    /// Pass as `OpenRequest.sample`, e.g. "riverside".
    pub id: String,
    pub title: String,
    pub description: String,
    pub file_name: String,
}

/// What to open: a file the user chose (`path`) or a bundled sample (`sample`), with an
/// optional sheet (name or 1-based position) and header row (1-based) overriding detection.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct OpenRequest {
    pub path: Option<String>,
    pub sample: Option<String>,
    pub sheet: Option<String>,
    pub header_row: Option<usize>,
}

/// The open survey as the Data screen shows it. The table itself stays in the backend;
/// the UI pages through it with `preview_page`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DatasetSummary {
    pub file_name: String,
    /// Absolute path of the file read.
    pub path: String,
    /// SHA-256 of the file as read (recorded in every analysis of it).
    pub sha256: String,
    /// Every sheet with its detected header row and size, for the sheet picker.
    pub sheets: Vec<SheetInfo>,
    /// Sheet read (`null` for csv/tsv).
    pub sheet: Option<String>,
    /// One-based header row used.
    pub header_row: usize,
    /// Data rows under the header.
    pub rows: usize,
    pub codebook: Codebook,
}

/// One page of the preview grid: cells as the spreadsheet shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PreviewPage {
    /// Zero-based index of the first data row in this page.
    pub offset: usize,
    /// Data rows in the whole table.
    pub total: usize,
    pub columns: Vec<String>,
    /// One-based sheet row (or csv line) of each row, as the user would find it.
    pub row_numbers: Vec<usize>,
    /// `rows[i][j]`: row i of the page, column j.
    pub rows: Vec<Vec<String>>,
}

/// Which long task a `progress` event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ProgressTask {
    Open,
    Fit,
}

/// Payload of the `progress` event, sent while a survey is read or a model fitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Progress {
    pub task: ProgressTask,
    /// What is happening, for a status line ("Reading sheet Responses…").
    pub message: String,
    /// Share done from 0 to 1; `null` when unknown.
    pub fraction: Option<f64>,
}

/// Export formats for `export_results`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// The formatted Excel report.
    Xlsx,
    /// The tidy coefficient table.
    Csv,
    /// The whole `Results`.
    Json,
    /// The key drivers as a tidy CSV table.
    Drivers,
}

/// Stand-ins for native dialogs, for the end-to-end harness only: WebDriver cannot drive a
/// GTK file dialog, so with env `RAPPORT_E2E_OPEN` set "Choose a file" opens that path, and
/// with `RAPPORT_E2E_SAVE_DIR` set exports are written into that folder. Both are `None` in
/// normal use, where the dialogs ask the user.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct E2eHooks {
    pub save_dir: Option<String>,
    pub open_path: Option<String>,
}

impl E2eHooks {
    /// The hooks set in this process's environment.
    pub fn from_env() -> Self {
        let var = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
        E2eHooks {
            save_dir: var("RAPPORT_E2E_SAVE_DIR"),
            open_path: var("RAPPORT_E2E_OPEN"),
        }
    }
}
