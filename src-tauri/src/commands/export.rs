//! Saving the results: the Excel report, the tidy CSV, the JSON, the key-driver CSV.

use super::background;
use crate::error::CommandError;
use crate::payload::ExportFormat;
use crate::state::AppState;
use std::path::PathBuf;
use tauri::State;

/// Write the last results to `path` (chosen in the save dialog) as `format`, atomically and
/// never over the survey file. Returns the path written.
#[tauri::command]
pub async fn export_results(
    state: State<'_, AppState>,
    path: String,
    format: ExportFormat,
) -> Result<String, CommandError> {
    let results = state.session().results.clone().ok_or_else(|| {
        CommandError::new(
            "no_results",
            "There are no results to export yet. Run the model first, then export.",
        )
    })?;
    background("saving the results", move || {
        let input = results.spec.data_path();
        let out = PathBuf::from(&path);
        let write = match format {
            ExportFormat::Xlsx => rapport_report::write_xlsx,
            ExportFormat::Csv => rapport_report::write_csv,
            ExportFormat::Json => rapport_report::write_json,
            ExportFormat::Drivers => rapport_report::write_drivers_csv,
        };
        write(&results, &input, &out)?;
        Ok(path)
    })
    .await
}
