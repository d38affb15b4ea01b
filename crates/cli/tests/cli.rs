//! The `rapport` binary as a user runs it: exit codes, JSON shape, messages, reports.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples")
}

fn rapport(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .output()
        .expect("the rapport binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

fn sample_xlsx() -> String {
    samples().join("riverside-2026.xlsx").display().to_string()
}

#[test]
fn sheets_finds_the_header_under_the_title_rows() {
    let v = json(&rapport(&["sheets", &sample_xlsx(), "--format", "json"]));
    let first = &v[0];
    assert_eq!(first["name"], "Responses");
    assert_eq!(first["header_row"], 4);
    assert!(first["rows"].as_u64().unwrap() >= 1000);
}

#[test]
fn fit_json_carries_the_documented_fields() {
    let v = json(&rapport(&[
        "fit",
        &sample_xlsx(),
        "--outcome",
        "trust_council",
        "--relational",
        "kind,respect",
        "--transactional",
        "days_waited",
        "--format",
        "json",
    ]));
    let coefs = v["coefficients"].as_array().unwrap();
    let terms: Vec<&str> = coefs.iter().map(|c| c["term"].as_str().unwrap()).collect();
    assert_eq!(terms, ["(Intercept)", "kind", "respect", "days_waited"]);
    for key in [
        "estimate",
        "std_error",
        "statistic",
        "p_value",
        "conf_low",
        "conf_high",
    ] {
        assert!(coefs[1][key].is_f64(), "{key}");
    }
    for key in [
        "n",
        "n_dropped",
        "df_model",
        "df_residual",
        "r_squared",
        "adj_r_squared",
        "sigma",
        "f_statistic",
        "f_p_value",
        "log_likelihood",
        "aic",
        "bic",
    ] {
        assert!(!v["fit"][key].is_null(), "fit.{key}");
    }
    assert_eq!(v["fit"]["df_model"], 3);
    assert!(v["aliased"].as_array().unwrap().is_empty());
    assert!(v["warnings"].is_array());
    assert_eq!(v["input"]["sheet"], "Responses");
    let bytes = std::fs::read(samples().join("riverside-2026.xlsx")).unwrap();
    let digest = <sha2::Sha256 as sha2::Digest>::digest(&bytes);
    let sha: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(v["input"]["sha256"], sha.as_str());
}

#[test]
fn run_is_byte_identical_when_repeated() {
    let spec = samples().join("riverside-trust.json").display().to_string();
    let a = rapport(&["run", &spec, "--format", "json"]);
    let b = rapport(&["run", &spec, "--format", "json"]);
    assert!(a.status.success(), "{}", text(&a.stderr));
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn usage_errors_exit_2() {
    let out = rapport(&["fit", &sample_xlsx()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--outcome"));
    let out = rapport(&[
        "fit",
        &sample_xlsx(),
        "--outcome",
        "y",
        "--reference",
        "nolevel",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn data_errors_exit_1_with_a_paragraph() {
    let out = rapport(&[
        "fit",
        &sample_xlsx(),
        "--outcome",
        "trust",
        "--predictors",
        "kind",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("riverside-2026.xlsx") && err.contains("\"trust_council\""),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "one paragraph: {err}");
    let out = rapport(&["describe", "no-such-file.xlsx"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no-such-file.xlsx"));
}

#[test]
fn report_is_written_and_never_over_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("survey.xlsx");
    std::fs::copy(samples().join("riverside-2026.xlsx"), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let input_s = input.display().to_string();
    let fit = |report: &Path| {
        rapport(&[
            "fit",
            &input_s,
            "--outcome",
            "trust_council",
            "--predictors",
            "kind,days_waited",
            "--report",
            &report.display().to_string(),
        ])
    };
    let out = fit(&input);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("survey.xlsx"));
    assert_eq!(before, std::fs::read(&input).unwrap(), "input overwritten");

    let report = dir.path().join("report.xlsx");
    let out = fit(&report);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let bytes = std::fs::read(&report).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an xlsx is a zip");
    assert_eq!(before, std::fs::read(&input).unwrap());
}
