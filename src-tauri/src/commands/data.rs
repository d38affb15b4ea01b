//! Opening surveys and looking at them: samples, recent files, the open dataset, preview.

use super::{background, progress};
use crate::error::CommandError;
use crate::payload::{
    DatasetSummary, E2eHooks, OpenRequest, PreviewPage, ProgressTask, SampleSurvey,
};
use crate::samples::SAMPLES;
use crate::state::{AppState, OpenDataset};
use std::path::Path;
use tauri::{AppHandle, Runtime, State};

/// The end-to-end harness's dialog stand-ins ([`E2eHooks`]); empty in normal use.
#[tauri::command]
pub fn e2e_hooks() -> E2eHooks {
    E2eHooks::from_env()
}

/// The bundled sample surveys, for the Welcome screen.
#[tauri::command]
pub fn sample_surveys() -> Vec<SampleSurvey> {
    SAMPLES.iter().map(|s| s.summary()).collect()
}

/// Recently opened files, newest first.
#[tauri::command]
pub fn recent_files(state: State<'_, AppState>) -> Vec<String> {
    state.recent.list()
}

/// Open a file or a bundled sample and make it the open survey.
#[tauri::command]
pub async fn open_dataset<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    request: OpenRequest,
) -> Result<DatasetSummary, CommandError> {
    open(&app, &state, request).await
}

/// Called once by the UI when it starts: opens what `RAPPORT_OPEN` or the command line
/// asked for (the first call only), otherwise returns the open survey, if any.
#[tauri::command]
pub async fn startup_dataset<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<DatasetSummary>, CommandError> {
    let pending = state
        .startup
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .take();
    match pending {
        Some(request) => open(&app, &state, request).await.map(Some),
        None => Ok(current_dataset(state)),
    }
}

/// The open survey, if any.
#[tauri::command]
pub fn current_dataset(state: State<'_, AppState>) -> Option<DatasetSummary> {
    state.session().dataset.as_ref().map(|d| d.summary.clone())
}

/// One page of the open survey's rows for the preview grid.
#[tauri::command]
pub fn preview_page(
    state: State<'_, AppState>,
    offset: usize,
    limit: usize,
) -> Result<PreviewPage, CommandError> {
    Ok(state.dataset()?.preview(offset, limit))
}

/// Read the survey on a worker thread with progress events; on success it replaces the open
/// survey (and joins the recent files unless it is a bundled sample). On failure the
/// survey open before stays open.
async fn open<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    request: OpenRequest,
) -> Result<DatasetSummary, CommandError> {
    let path = state.resolve(&request)?;
    let sample = state.sample_at(&path);
    let handle = app.clone();
    let dataset = background("opening the survey", move || {
        OpenDataset::read(&path, &request, sample, |message, fraction| {
            progress(&handle, ProgressTask::Open, message, Some(fraction));
        })
    })
    .await?;
    if dataset.sample.is_none() {
        state.recent.add(Path::new(&dataset.summary.path));
    }
    Ok(state.set_dataset(dataset))
}
