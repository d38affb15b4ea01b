//! Every command called through IPC on Tauri's mock runtime (no display needed): the path a
//! user takes from the sample survey to exported files, and what happens on bad input.

use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use rapport_desktop::error::CommandError;
use rapport_desktop::payload::{
    DatasetSummary, OpenRequest, PreviewPage, Progress, ProgressTask, SampleSurvey,
};
use rapport_desktop::{Options, build};
use rapport_engine::analysis;
use rapport_engine::codebook::Codebook;
use rapport_engine::results::Results;
use rapport_engine::spec::AnalysisSpec;
use rapport_read::ReadOptions;
use rapport_stats::reliability::Reliability;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tauri::test::{INVOKE_KEY, MockRuntime, mock_builder, mock_context, noop_assets};
use tauri::{Listener, WebviewWindow, WebviewWindowBuilder};

fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples/riverside-2026.xlsx")
}

/// The app on the mock runtime, its main window, and a private config folder.
struct App {
    _app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    progress: Arc<Mutex<Vec<Progress>>>,
    config: tempfile::TempDir,
}

fn app(startup: Option<OpenRequest>) -> App {
    let config = tempfile::tempdir().expect("temp dir");
    let options = Options {
        startup,
        config_dir: Some(config.path().to_path_buf()),
    };
    let app = build(mock_builder(), options, mock_context(noop_assets()))
        .expect("the app builds on the mock runtime");
    let progress = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&progress);
    app.listen("progress", move |event| {
        let payload: Progress = serde_json::from_str(event.payload()).expect("progress payload");
        seen.lock().expect("progress lock").push(payload);
    });
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("main window");
    App {
        _app: app,
        window,
        progress,
        config,
    }
}

impl App {
    /// Call `cmd` with `args` as the UI would; errors come back as their JSON.
    fn call<T: DeserializeOwned>(&self, cmd: &str, args: Value) -> Result<T, Value> {
        let request = tauri::webview::InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            // Linux's WebKit serves the app from tauri://localhost; other origins are remote.
            url: "tauri://localhost".parse().expect("url"),
            body: tauri::ipc::InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        tauri::test::get_ipc_response(&self.window, request).map(|body| {
            body.deserialize::<T>()
                .unwrap_or_else(|e| panic!("{cmd} returned an unexpected shape: {e}"))
        })
    }

    fn ok<T: DeserializeOwned>(&self, cmd: &str, args: Value) -> T {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    /// The `{code, message}` a failing command returns.
    fn err(&self, cmd: &str, args: Value) -> CommandError {
        let e = self
            .call::<Value>(cmd, args)
            .expect_err(&format!("{cmd} should fail"));
        serde_json::from_value(e.clone())
            .unwrap_or_else(|_| panic!("{cmd}: not {{code, message}}: {e}"))
    }

    fn open_sample(&self) -> DatasetSummary {
        self.ok("open_dataset", json!({"request": {"path": null, "sample": "riverside", "sheet": null, "header_row": null}}))
    }
}

fn open_path(path: &Path) -> Value {
    json!({"request": {"path": path.display().to_string(), "sample": null, "sheet": null, "header_row": null}})
}

/// Absolute (row, col) of the first cell holding exactly `text`.
fn find(range: &Range<Data>, text: &str) -> (u32, u32) {
    range
        .cells()
        .find(|(_, _, v)| matches!(v, Data::String(s) if s == text))
        .map(|(r, c, _)| {
            let (r0, c0) = range.start().expect("non-empty sheet");
            (r0 + r as u32, c0 + c as u32)
        })
        .unwrap_or_else(|| panic!("no cell holds {text:?}"))
}

#[test]
fn sample_to_exported_report_through_ipc() {
    let app = app(None);
    let samples: Vec<SampleSurvey> = app.ok("sample_surveys", json!({}));
    assert_eq!(samples[0].id, "riverside");
    assert_eq!(samples[0].file_name, "riverside-2026.xlsx");
    assert_eq!(
        app.ok::<Option<DatasetSummary>>("current_dataset", json!({})),
        None
    );
    assert_eq!(
        app.err("preview_page", json!({"offset": 0, "limit": 10}))
            .code,
        "no_dataset"
    );

    // Open the sample.
    let summary = app.open_sample();
    assert_eq!(summary.file_name, "riverside-2026.xlsx");
    assert_eq!(summary.rows, 1200);
    assert_eq!(summary.sheet.as_deref(), Some("Responses"));
    assert_eq!(summary.header_row, 4);
    assert_eq!(
        summary.sha256,
        rapport_read::DataFile::open(&sample_path())
            .expect("sha")
            .sha256()
            .to_string()
    );
    assert_eq!(summary.sheets.len(), 1);
    let table =
        rapport_read::read_table(&sample_path(), &ReadOptions::default()).expect("sample reads");
    assert_eq!(summary.codebook, Codebook::detect(&table));
    let done = app.progress.lock().expect("progress").clone();
    assert!(
        done.iter().all(|p| p.task == ProgressTask::Open),
        "{done:?}"
    );
    assert_eq!(done.last().and_then(|p| p.fraction), Some(1.0), "{done:?}");
    assert_eq!(
        app.ok::<Option<DatasetSummary>>("current_dataset", json!({})),
        Some(summary.clone())
    );
    assert!(
        app.ok::<Vec<String>>("recent_files", json!({})).is_empty(),
        "samples are not recent files"
    );

    // Page through it.
    let first: PreviewPage = app.ok("preview_page", json!({"offset": 0, "limit": 100}));
    assert_eq!(
        (first.offset, first.total, first.rows.len()),
        (0, 1200, 100)
    );
    assert_eq!(first.columns.len(), table.columns.len());
    assert_eq!(first.row_numbers[0], 5, "data start on sheet row 5");
    assert!(first.rows.iter().all(|r| r.len() == first.columns.len()));
    let id = &table.columns[0];
    assert_eq!(first.rows[0][0], id.get(0).expect("a row").display());
    let last: PreviewPage = app.ok("preview_page", json!({"offset": 1150, "limit": 100}));
    assert_eq!(
        (last.rows.len(), last.row_numbers[49]),
        (50, *table.row_numbers.last().expect("rows"))
    );
    let capped: PreviewPage = app.ok("preview_page", json!({"offset": 0, "limit": 100_000}));
    assert_eq!(capped.rows.len(), 500);
    let past: PreviewPage = app.ok("preview_page", json!({"offset": 5000, "limit": 10}));
    assert_eq!((past.offset, past.rows.len()), (1200, 0));

    // Live reliability equals the engine's.
    let items = ["kind", "listened", "respect"];
    let alpha: Reliability = app.ok("composite_reliability", json!({"items": items}));
    let names: Vec<String> = items.iter().map(|s| s.to_string()).collect();
    let codebook = Codebook::detect(&table);
    assert_eq!(
        alpha,
        analysis::item_reliability(&table, &codebook, &names).expect("alpha")
    );
    let bad = app.err("composite_reliability", json!({"items": ["kind", "kindd"]}));
    assert_eq!(bad.code, "no_such_column");
    assert!(bad.message.contains("kindd"), "{}", bad.message);

    // The saved analysis of the sample, run, equals the engine on the same spec.
    let spec: AnalysisSpec = app.ok("suggested_spec", json!({}));
    assert_eq!(spec.outcome, "trust_council");
    assert_eq!(spec.data.file, PathBuf::from(&summary.path));
    let results: Results = app.ok("run_analysis", json!({"spec": spec}));
    let engine = analysis::run(&spec).expect("engine runs the same spec");
    assert_eq!(results.fit.r_squared, engine.fit.r_squared);
    assert_eq!(results.coefficients, engine.coefficients);
    assert_eq!(
        analysis::run(&results.spec).expect("re-run"),
        results,
        "the recorded spec reproduces the results"
    );
    assert!(
        app.progress
            .lock()
            .expect("progress")
            .iter()
            .any(|p| p.task == ProgressTask::Fit)
    );
    assert_eq!(
        app.ok::<AnalysisSpec>("suggested_spec", json!({})),
        spec,
        "the last spec run is kept"
    );

    // Export every format (the key drivers as a CSV of their own).
    let out = tempfile::tempdir().expect("temp dir");
    for (format, file) in [
        ("xlsx", "riverside.xlsx"),
        ("csv", "riverside.csv"),
        ("json", "riverside.json"),
        ("drivers", "riverside-key-drivers.csv"),
    ] {
        let path = out.path().join(file);
        let written: String = app.ok("export_results", json!({"path": path, "format": format}));
        assert_eq!(PathBuf::from(written), path);
        assert!(path.is_file(), "{format}");
    }
    let drivers = std::fs::read_to_string(out.path().join("riverside-key-drivers.csv")).unwrap();
    let top = &results
        .drivers
        .as_ref()
        .expect("the sample asks for key drivers")
        .items[0];
    assert!(drivers.starts_with("kind,name,"), "{drivers}");
    assert!(
        drivers.contains(&format!("item,{},", top.variable)),
        "{drivers}"
    );
    let mut wb: Xlsx<_> = open_workbook(out.path().join("riverside.xlsx")).expect("xlsx opens");
    let model = wb.worksheet_range("Model").expect("Model sheet");
    for c in &results.coefficients {
        let (row, col) = find(&model, &c.term);
        assert_eq!(col, 0);
        assert_eq!(
            model.get_value((row, 2)),
            Some(&Data::Float(c.estimate)),
            "{}",
            c.term
        );
        assert_eq!(
            model.get_value((row, 3)),
            Some(&Data::Float(c.std_error)),
            "{}",
            c.term
        );
    }
    let csv = std::fs::read_to_string(out.path().join("riverside.csv")).expect("csv");
    assert_eq!(
        csv.lines().count(),
        1 + results.coefficients.len() + results.aliased.len()
    );
    let json: Results =
        serde_json::from_slice(&std::fs::read(out.path().join("riverside.json")).expect("json"))
            .expect("json is Results");
    assert_eq!(json, results);

    // Never over the survey.
    let before = std::fs::read(sample_path()).expect("sample");
    let over = app.err(
        "export_results",
        json!({"path": summary.path, "format": "xlsx"}),
    );
    assert_eq!(over.code, "overwrites_input");
    assert_eq!(std::fs::read(sample_path()).expect("sample"), before);
    let wrong = app.err(
        "export_results",
        json!({"path": out.path().join("r.txt"), "format": "csv"}),
    );
    assert_eq!(wrong.code, "wrong_extension");
    assert!(wrong.message.contains(".csv"), "{}", wrong.message);
}

#[test]
fn a_truncated_workbook_is_refused_and_the_open_survey_stays_open() {
    let app = app(None);
    let summary = app.open_sample();
    let dir = tempfile::tempdir().expect("temp dir");
    let broken = dir.path().join("broken-survey.xlsx");
    let bytes = std::fs::read(sample_path()).expect("sample");
    std::fs::write(&broken, &bytes[..bytes.len() / 2]).expect("write");

    let e = app.err("open_dataset", open_path(&broken));
    assert_eq!(e.code, "corrupt", "{}", e.message);
    assert!(e.message.contains("broken-survey.xlsx"), "{}", e.message);
    assert_eq!(
        app.ok::<Option<DatasetSummary>>("current_dataset", json!({})),
        Some(summary)
    );
    let page: PreviewPage = app.ok("preview_page", json!({"offset": 0, "limit": 5}));
    assert_eq!(page.total, 1200, "the sample is still usable");
    assert!(
        app.ok::<Vec<String>>("recent_files", json!({})).is_empty(),
        "failed opens are not recent"
    );

    let missing = app.err("open_dataset", open_path(&dir.path().join("nope.xlsx")));
    assert!(missing.message.contains("nope.xlsx"), "{}", missing.message);
    let neither = app.err(
        "open_dataset",
        json!({"request": {"path": null, "sample": null, "sheet": null, "header_row": null}}),
    );
    assert_eq!(neither.code, "bad_request");
    let unknown = app.err(
        "open_dataset",
        json!({"request": {"path": null, "sample": "atlantis", "sheet": null, "header_row": null}}),
    );
    assert_eq!(unknown.code, "no_such_sample");
    assert_eq!(
        app.err(
            "export_results",
            json!({"path": dir.path().join("r.xlsx"), "format": "xlsx"})
        )
        .code,
        "no_results"
    );
}

#[test]
fn a_users_file_is_remembered_and_gets_an_empty_spec_for_its_sheet() {
    let app = app(None);
    let sample_spec: AnalysisSpec = {
        app.open_sample();
        app.ok("suggested_spec", json!({}))
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let copy = dir.path().join("my survey.xlsx");
    std::fs::copy(sample_path(), &copy).expect("copy");
    let summary: DatasetSummary = app.ok("open_dataset", open_path(&copy));
    let canonical = std::fs::canonicalize(&copy)
        .expect("canonical")
        .display()
        .to_string();
    assert_eq!(summary.path, canonical);
    assert_eq!(
        app.ok::<Vec<String>>("recent_files", json!({})),
        std::slice::from_ref(&canonical)
    );
    let saved =
        std::fs::read_to_string(app.config.path().join("recent-files.json")).expect("saved list");
    assert!(saved.contains("my survey.xlsx"), "{saved}");

    let spec: AnalysisSpec = app.ok("suggested_spec", json!({}));
    assert_eq!((spec.outcome.as_str(), spec.blocks.len()), ("", 0));
    assert_eq!(spec.data.file, PathBuf::from(&canonical));
    assert_eq!(spec.data.sheet.as_deref(), Some("Responses"));
    assert_eq!(spec.data.header_row, Some(4));

    let mismatch = app.err("run_analysis", json!({"spec": sample_spec}));
    assert_eq!(mismatch.code, "dataset_mismatch");
    let mut changed = sample_spec.clone();
    changed.data.file = PathBuf::from(&canonical);
    changed.data.sha256 = Some("0".repeat(64));
    assert_eq!(
        app.err("run_analysis", json!({"spec": changed})).code,
        "checksum_mismatch"
    );
    let mut empty = spec;
    empty.outcome = String::new();
    assert_eq!(
        app.err("run_analysis", json!({"spec": empty})).code,
        "invalid_spec"
    );
}

#[test]
fn the_start_up_survey_is_opened_when_the_ui_asks() {
    let startup = OpenRequest {
        sample: Some("riverside".into()),
        ..OpenRequest::default()
    };
    let app = app(Some(startup));
    assert_eq!(
        app.ok::<Option<DatasetSummary>>("current_dataset", json!({})),
        None
    );
    let first: Option<DatasetSummary> = app.ok("startup_dataset", json!({}));
    assert_eq!(first.as_ref().map(|s| s.rows), Some(1200));
    let again: Option<DatasetSummary> = app.ok("startup_dataset", json!({}));
    assert_eq!(
        again, first,
        "a reloaded UI gets the open survey, not a second read"
    );
    assert_eq!(
        app.ok::<Option<DatasetSummary>>("current_dataset", json!({})),
        first
    );
}
