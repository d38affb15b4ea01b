//! Rapport's desktop face: a Tauri v2 shell whose commands are thin calls into the engine
//! (`rapport-engine`) and the exporters (`rapport-report`). The survey table stays in this
//! process; the UI gets summaries and pages over IPC.
//!
//! [`build`] is generic over the runtime so the tests can run every command on Tauri's
//! mock runtime without a display; [`run`] is the real app.

#[cfg(test)]
mod bindings;
mod commands;
pub mod error;
pub mod payload;
mod recent;
mod samples;
mod state;

use payload::OpenRequest;
use recent::RecentFiles;
use state::AppState;
use std::path::PathBuf;
use tauri::{Manager, Runtime};

/// Environment variable naming a survey to open at start-up: a path, or `sample:<id>`
/// (e.g. `sample:riverside`). A first command-line argument does the same and wins.
pub const OPEN_ENV: &str = "RAPPORT_OPEN";

/// How to start the app.
#[derive(Debug, Default)]
pub struct Options {
    /// Survey to open when the UI first calls `startup_dataset`.
    pub startup: Option<OpenRequest>,
    /// Where the recent-files list lives; `None` for the app's config folder.
    pub config_dir: Option<PathBuf>,
}

/// Build the app on `base` (`tauri::Builder::default()` for the real app,
/// `tauri::test::mock_builder()` in tests) with its plugin, commands and state. The state is
/// managed right after building, not in a setup hook, because it needs the app's paths and
/// setup hooks only run once the event loop starts, which tests never do.
pub fn build<R: Runtime>(
    base: tauri::Builder<R>,
    options: Options,
    context: tauri::Context<R>,
) -> tauri::Result<tauri::App<R>> {
    let app = base
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(tauri::generate_handler![
            commands::data::e2e_hooks,
            commands::data::sample_surveys,
            commands::data::recent_files,
            commands::data::open_dataset,
            commands::data::startup_dataset,
            commands::data::current_dataset,
            commands::data::preview_page,
            commands::model::composite_reliability,
            commands::model::suggested_spec,
            commands::model::run_analysis,
            commands::export::export_results,
        ])
        .build(context)?;
    let paths = app.path();
    let samples_dir = samples::folder(paths.resource_dir().ok());
    let config_dir = options.config_dir.or_else(|| paths.app_config_dir().ok());
    app.manage(AppState::new(
        samples_dir,
        RecentFiles::load(config_dir),
        options.startup,
    ));
    Ok(app)
}

/// Start the desktop app (blocks until the last window closes).
pub fn run() {
    let options = Options {
        startup: startup_request(std::env::args().nth(1), std::env::var(OPEN_ENV).ok()),
        config_dir: None,
    };
    match build(
        tauri::Builder::default(),
        options,
        tauri::generate_context!(),
    ) {
        Ok(app) => app.run(|_, _| {}),
        Err(e) => {
            eprintln!(
                "Rapport could not start: {e}. On Linux it needs a graphical session (DISPLAY or WAYLAND_DISPLAY); without one, `make report` writes the report."
            );
            std::process::exit(1);
        }
    }
}

/// The survey to open at start-up from the first command-line argument, else from
/// [`OPEN_ENV`]: `sample:<id>` opens a bundled sample, anything else is a path.
fn startup_request(argument: Option<String>, env: Option<String>) -> Option<OpenRequest> {
    let value = argument
        .or(env)
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())?;
    Some(match value.strip_prefix("sample:") {
        Some(id) => OpenRequest {
            sample: Some(id.to_string()),
            ..OpenRequest::default()
        },
        None => OpenRequest {
            path: Some(value),
            ..OpenRequest::default()
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_up_survey_comes_from_the_argument_then_the_environment() {
        assert_eq!(startup_request(None, None), None);
        assert_eq!(startup_request(None, Some("  ".into())), None);
        let sample = startup_request(None, Some("sample:riverside".into())).expect("sample");
        assert_eq!(sample.sample.as_deref(), Some("riverside"));
        assert_eq!(sample.path, None);
        let path = startup_request(Some("/data/s.xlsx".into()), Some("sample:riverside".into()))
            .expect("path");
        assert_eq!(path.path.as_deref(), Some("/data/s.xlsx"));
        assert_eq!(path.sample, None);
    }
}
