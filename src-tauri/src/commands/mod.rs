//! The IPC commands, one module per domain. Each is a few lines over the engine or the
//! report crate; nothing here computes statistics.

pub mod data;
pub mod export;
pub mod model;

use crate::error::CommandError;
use crate::payload::{Progress, ProgressTask};
use tauri::{AppHandle, Emitter, Runtime};

/// Name of the event that reports progress of long work.
pub const PROGRESS_EVENT: &str = "progress";

/// Tell the UI how long work is going.
fn progress<R: Runtime>(
    app: &AppHandle<R>,
    task: ProgressTask,
    message: &str,
    fraction: Option<f64>,
) {
    let payload = Progress {
        task,
        message: message.to_string(),
        fraction,
    };
    // Progress is advisory: a window that is gone or not listening changes nothing.
    let _ = app.emit(PROGRESS_EVENT, payload);
}

/// Run `work` on a blocking worker thread, so reading a large file or fitting a model never
/// freezes the window; `what` names the work if the worker dies.
async fn background<T: Send + 'static>(
    what: &str,
    work: impl FnOnce() -> Result<T, CommandError> + Send + 'static,
) -> Result<T, CommandError> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| CommandError::internal(what, e))?
}
