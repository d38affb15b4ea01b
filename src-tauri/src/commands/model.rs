//! Building and running the model: live reliability, the suggested spec, the fit.

use super::{background, progress};
use crate::error::CommandError;
use crate::payload::ProgressTask;
use crate::state::AppState;
use rapport_engine::analysis;
use rapport_engine::results::Results;
use rapport_engine::spec::AnalysisSpec;
use rapport_stats::reliability::Reliability;
use std::sync::Arc;
use tauri::{AppHandle, Runtime, State};

/// Cronbach's alpha and item statistics of `items` of the open survey, shown live while
/// the user builds a composite.
#[tauri::command]
pub fn composite_reliability(
    state: State<'_, AppState>,
    items: Vec<String>,
) -> Result<Reliability, CommandError> {
    let dataset = state.dataset()?;
    Ok(analysis::item_reliability(
        &dataset.table,
        &dataset.summary.codebook,
        &items,
    )?)
}

/// The spec the Model screen starts from: the last one run on the open survey; else the
/// saved analysis of a bundled sample; else an empty spec for the open file and sheet.
#[tauri::command]
pub fn suggested_spec(state: State<'_, AppState>) -> Result<AnalysisSpec, CommandError> {
    let (dataset, last) = {
        let session = state.session();
        (session.dataset.clone(), session.spec.clone())
    };
    let dataset = dataset.ok_or_else(CommandError::no_dataset)?;
    if let Some(spec) = last {
        return Ok(spec);
    }
    match dataset.sample {
        Some(sample) => {
            let mut spec = AnalysisSpec::load(&state.samples_dir.join(sample.spec_file))?;
            spec.data.file = dataset.summary.path.clone().into();
            spec.base_dir = None;
            Ok(spec)
        }
        None => Ok(dataset.pin(&AnalysisSpec::new(&dataset.summary.path, "", Vec::new()))),
    }
}

/// Fit `spec` on the open survey, on a worker thread with progress events, and keep the
/// spec and results for export.
#[tauri::command]
pub async fn run_analysis<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    spec: AnalysisSpec,
) -> Result<Results, CommandError> {
    let dataset = state.dataset()?;
    if !dataset.is_data_of(&spec) {
        return Err(CommandError::new(
            "dataset_mismatch",
            format!(
                "This analysis is for {} but the open survey is {}. Open that file first, or start the model again from the open survey.",
                spec.data.file.display(),
                dataset.summary.path
            ),
        ));
    }
    analysis::check_checksum(&spec, &dataset.summary.sha256)?;
    progress(&app, ProgressTask::Fit, "Fitting the model", None);
    let (worker_dataset, worker_spec, worker_app) =
        (Arc::clone(&dataset), spec.clone(), app.clone());
    let results = background("fitting the model", move || {
        let pinned = worker_dataset.pin(&worker_spec);
        let sha256 = worker_dataset.summary.sha256.clone();
        let step = |message: &str, fraction: f64| {
            progress(&worker_app, ProgressTask::Fit, message, Some(fraction));
        };
        Ok(analysis::run_on_table(
            &pinned,
            &worker_dataset.table,
            sha256,
            &step,
        )?)
    })
    .await?;
    progress(&app, ProgressTask::Fit, "Model fitted", Some(1.0));
    let mut session = state.session();
    // Another survey may have been opened meanwhile; these results are not about it.
    if session
        .dataset
        .as_ref()
        .is_some_and(|d| Arc::ptr_eq(d, &dataset))
    {
        session.spec = Some(spec);
        session.results = Some(Arc::new(results.clone()));
    }
    Ok(results)
}
