//! The one error type every command returns. The UI shows `message` to the user as is (it
//! says what went wrong, where and what to do) and branches on `code` when it must.

use rapport_engine::EngineError;
use rapport_read::ReadError;
use rapport_report::ReportError;
use serde::{Deserialize, Serialize};

/// An error as it crosses IPC: `{ code, message }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error, ts_rs::TS)]
#[error("{message}")]
pub struct CommandError {
    /// Stable machine-readable kind: the engine's and the report's codes (`corrupt`,
    /// `no_such_column`, `overwrites_input` …) plus the app's own (`no_dataset`,
    /// `no_results`, `no_such_sample`, `bad_request`, `internal`).
    pub code: String,
    /// One paragraph for the user: what, where, what to do.
    pub message: String,
}

impl CommandError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        CommandError {
            code: code.to_string(),
            message: message.into(),
        }
    }

    /// No survey is open yet, so a command that needs one cannot run.
    pub fn no_dataset() -> Self {
        Self::new(
            "no_dataset",
            "No survey is open. Open a file or one of the sample surveys first.",
        )
    }

    /// Background work died (a panic in a worker thread): a defect, not the user's doing.
    pub fn internal(what: &str, reason: impl std::fmt::Display) -> Self {
        Self::new(
            "internal",
            format!(
                "Rapport failed while {what} ({reason}). This is a bug in Rapport; please report it. Your data file was not changed."
            ),
        )
    }
}

impl From<EngineError> for CommandError {
    fn from(e: EngineError) -> Self {
        Self::new(e.code(), e.to_string())
    }
}

impl From<ReadError> for CommandError {
    fn from(e: ReadError) -> Self {
        Self::new(e.code(), e.to_string())
    }
}

impl From<ReportError> for CommandError {
    fn from(e: ReportError) -> Self {
        Self::new(e.code(), e.to_string())
    }
}
