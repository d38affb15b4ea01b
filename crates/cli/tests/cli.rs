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

#[test]
fn rake_writes_a_copy_whose_weights_meet_the_margins_and_leaves_the_input_alone() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("raked.csv");
    let csv = samples().join("riverside-2026.csv");
    let before = std::fs::read(&csv).unwrap();
    let margins = samples().join("riverside-margins.csv");
    let report = json(&rapport(&[
        "rake",
        &csv.display().to_string(),
        "--margins",
        &margins.display().to_string(),
        "--out",
        &out.display().to_string(),
        "--format",
        "json",
    ]));
    assert_eq!(report["converged"], true);
    assert_eq!(
        std::fs::read(&csv).unwrap(),
        before,
        "the input is untouched"
    );
    // The copy's weights, summed by age band, give the margins' targets.
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let headers = reader.headers().unwrap().clone();
    let age = headers.iter().position(|h| h == "age_band").unwrap();
    let weight = headers.iter().position(|h| h == "rake_weight").unwrap();
    let mut sums = std::collections::BTreeMap::<String, f64>::new();
    for row in reader.records() {
        let row = row.unwrap();
        *sums.entry(row[age].to_string()).or_default() += row[weight].parse::<f64>().unwrap();
    }
    let mut targets = csv::Reader::from_path(&margins).unwrap();
    let mut checked = 0;
    for row in targets.records() {
        let row = row.unwrap();
        if &row[0] == "age_band" {
            let target: f64 = row[2].parse().unwrap();
            let got = sums[&row[1]];
            assert!(
                (got - target).abs() <= 1e-6 * target,
                "{}: {got} vs {target}",
                &row[1]
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 7, "every age band has a target");
}

/// The "done when": the sample survey with weights, ward clusters and the 4-point
/// trust outcome, through the binary, gives R's `svyolr` numbers (fixture made by
/// tests/fixtures/ordinal/make_ordinal_fixture.R; slopes and their errors compared here,
/// the cut-points in tests/tests/survey_models.rs).
#[test]
fn ordinal_design_based_run_matches_svyolr() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ordinal/expected.json");
    let fixture: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let want = &fixture["riverside"]["tight"];
    let csv = samples().join("riverside-2026.csv").display().to_string();
    let v = json(&rapport(&[
        "fit",
        &csv,
        "--outcome",
        "trust_council",
        "--relational",
        "kind,listened,respect",
        "--transactional",
        "resolved_first_time,days_waited",
        "--family",
        "ordinal",
        "--weight",
        "weight",
        "--cluster",
        "ward",
        "--format",
        "json",
    ]));
    assert_eq!(v["model"]["variance_kind"], "design");
    for (j, c) in v["coefficients"].as_array().unwrap().iter().enumerate() {
        let (b, se) = (
            c["estimate"].as_f64().unwrap(),
            c["std_error"].as_f64().unwrap(),
        );
        let want_b = want["coefficients"][j].as_f64().unwrap();
        let want_se = want["vcov"][j][j].as_f64().unwrap().sqrt();
        assert!(
            (b / want_b - 1.0).abs() < 1e-8,
            "{}: {b} vs {want_b}",
            c["term"]
        );
        assert!(
            (se / want_se - 1.0).abs() < 1e-7,
            "{}: {se} vs {want_se}",
            c["term"]
        );
    }
}

#[test]
fn a_closed_pipe_ends_quietly_instead_of_panicking() {
    use std::io::Read;
    let spec = samples().join("riverside-trust.json");
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["run", &spec.display().to_string(), "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read a little, then close the pipe as `| head -c 16` would; the JSON (with every
    // descriptive) is far larger than the pipe's buffer.
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

fn sample_spec() -> String {
    samples().join("riverside-trust.json").display().to_string()
}

fn f64_of(v: &serde_json::Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"))
}

/// The "done when" for the CLI: `rapport drivers` prints the key-driver section alone,
/// whose shares add up, and a second process with the same spec (and so the same seed)
/// gives exactly the numbers `run` gives.
#[test]
fn drivers_json_adds_up_and_is_what_run_gives_in_another_process() {
    let spec = sample_spec();
    let d = json(&rapport(&["drivers", &spec, "--format", "json"]));
    assert!(d.get("coefficients").is_none(), "only the drivers object");
    let blocks = d["blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), 2);
    let percent: f64 = blocks.iter().map(|b| f64_of(&b["share"]["percent"])).sum();
    assert!((percent - 100.0).abs() < 1e-9, "{percent}");
    let items = d["items"].as_array().unwrap();
    assert_eq!(items.len(), 13);
    let values: f64 = items.iter().map(|i| f64_of(&i["share"]["value"])).sum();
    let players = f64_of(&d["explained_by_players"]);
    assert!((values - players).abs() < 1e-9, "{values} vs {players}");
    let ranks: Vec<u64> = items.iter().map(|i| i["rank"].as_u64().unwrap()).collect();
    assert_eq!(ranks, (1..=13).collect::<Vec<_>>());
    for i in items {
        let [low, high] = [0, 1].map(|k| f64_of(&i["share"]["percent_ci"][k]));
        assert!(low <= high, "{}", i["variable"]);
    }
    assert_eq!(d["bootstrap"]["replicates"], 1000);

    let run = json(&rapport(&["run", &spec, "--format", "json"]));
    assert_eq!(run["drivers"], d, "same spec, same seed: identical numbers");
}

#[test]
fn drivers_without_a_bootstrap_have_no_intervals() {
    let d = json(&rapport(&[
        "drivers",
        &sample_spec(),
        "--bootstrap",
        "0",
        "--format",
        "json",
    ]));
    assert!(d["bootstrap"].is_null());
    assert!(d["unsettled_rankings"].as_array().unwrap().is_empty());
    let shares = d["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .chain(d["items"].as_array().unwrap())
        .map(|x| &x["share"]);
    for share in shares {
        assert!(share["percent_ci"].is_null(), "{share}");
        assert!(share["value_ci"].is_null(), "{share}");
    }
}

#[test]
fn another_seed_moves_the_intervals_but_not_the_shares() {
    let with_seed = |seed: &str| {
        json(&rapport(&[
            "drivers",
            &sample_spec(),
            "--bootstrap",
            "100",
            "--seed",
            seed,
            "--format",
            "json",
        ]))
    };
    let (a, b) = (with_seed("1"), with_seed("2"));
    assert_eq!(a["bootstrap"]["seed"], 1);
    assert_eq!(b["bootstrap"]["seed"], 2);
    let shares = |d: &serde_json::Value| -> Vec<(serde_json::Value, serde_json::Value)> {
        d["items"]
            .as_array()
            .unwrap()
            .iter()
            .chain(d["blocks"].as_array().unwrap())
            .map(|x| {
                (
                    x["share"]["value"].clone(),
                    x["share"]["percent_ci"].clone(),
                )
            })
            .collect()
    };
    let (sa, sb) = (shares(&a), shares(&b));
    for ((va, ca), (vb, cb)) in sa.iter().zip(&sb) {
        assert_eq!(va, vb, "point shares do not depend on the seed");
        assert!(!ca.is_null() && !cb.is_null());
    }
    assert!(
        sa.iter().zip(&sb).any(|((_, ca), (_, cb))| ca != cb),
        "another seed, other intervals"
    );
}

#[test]
fn drivers_table_shows_the_headline_ranking_and_method() {
    let spec = sample_spec();
    let args = ["drivers", &spec, "--bootstrap", "50"];
    let d = json(&rapport(&[&args[..], &["--format", "json"]].concat()));
    let out = rapport(&args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    assert!(table.contains("What matters most (key drivers)"), "{table}");
    assert!(
        table.contains(d["headline"].as_str().unwrap()),
        "the headline from the JSON: {table}"
    );
    for i in d["items"].as_array().unwrap() {
        let label = i["label"].as_str().unwrap();
        assert!(
            table
                .lines()
                .any(|l| l.contains(label) && l.trim_start().starts_with(&i["rank"].to_string())),
            "{label} ranked"
        );
    }
    assert!(table.contains(&format!("Method: {}", d["method_text"].as_str().unwrap())));
    if !d["unsettled_rankings"].as_array().unwrap().is_empty() {
        assert!(table.contains("Order not settled"));
    }
    // Only the key-driver section: no coefficient table.
    assert!(!table.contains("Std. error"), "{table}");
}

#[test]
fn the_drivers_flags_turn_key_drivers_on_for_fit_and_run() {
    let fit = |extra: &[&str]| {
        let mut args = vec![
            "fit".to_string(),
            sample_xlsx(),
            "--outcome".into(),
            "trust_council".into(),
            "--relational".into(),
            "kind,respect,listened".into(),
            "--transactional".into(),
            "days_waited,resolved_first_time".into(),
            "--format".into(),
            "json".into(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        json(&rapport(&args))
    };
    assert!(fit(&[])["drivers"].is_null(), "off unless asked");
    let on = fit(&["--drivers", "--bootstrap", "0"]);
    assert_eq!(on["drivers"]["items"].as_array().unwrap().len(), 5);
    assert_eq!(on["drivers"]["quadrant"]["performance"], "top_box");
    // --bootstrap, --seed and --performance each imply --drivers.
    let mean = fit(&["--performance", "mean", "--bootstrap", "0"]);
    assert_eq!(mean["drivers"]["quadrant"]["performance"], "mean");
    let seeded = fit(&["--seed", "5", "--bootstrap", "20"]);
    assert_eq!(seeded["drivers"]["bootstrap"]["seed"], 5);
    assert_eq!(seeded["drivers"]["bootstrap"]["replicates"], 20);

    let out = rapport(&["run", &sample_spec(), "--performance", "median"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("top-box or mean"));
}

#[test]
fn drivers_writes_the_report_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("drivers.xlsx");
    let out = rapport(&[
        "drivers",
        &sample_spec(),
        "--bootstrap",
        "0",
        "--report",
        &report.display().to_string(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("Report written to"));
    let bytes = std::fs::read(&report).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an xlsx is a zip");
}

#[test]
fn drivers_writes_the_tidy_csv_with_the_json_values() {
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("drivers.csv");
    let out = rapport(&[
        "drivers",
        &sample_spec(),
        "--bootstrap",
        "0",
        "--format",
        "json",
        "--csv",
        &csv_path.display().to_string(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let items: Vec<&csv::StringRecord> = rows
        .iter()
        .filter(|r| &r[column("kind")] == "item")
        .collect();
    let want = json["items"].as_array().unwrap();
    assert_eq!(items.len(), want.len());
    for (row, item) in items.iter().zip(want) {
        assert_eq!(&row[column("name")], item["variable"].as_str().unwrap());
        let value: f64 = row[column("value")].parse().unwrap();
        assert_eq!(
            value,
            item["share"]["value"].as_f64().unwrap(),
            "full precision"
        );
    }
}

#[test]
fn drivers_without_items_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let spec_path = dir.path().join("controls-only.json");
    let mut spec: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(sample_spec()).unwrap()).unwrap();
    let data = std::path::Path::new(&sample_spec())
        .parent()
        .unwrap()
        .join("riverside-2026.xlsx");
    spec["data"]["file"] = data.display().to_string().into();
    spec["blocks"]
        .as_array_mut()
        .unwrap()
        .retain(|b| b["role"] == "control");
    std::fs::write(&spec_path, spec.to_string()).unwrap();
    let out = rapport(&[
        "drivers",
        &spec_path.display().to_string(),
        "--bootstrap",
        "0",
    ]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("could not be run") && err.contains("relational or transactional block"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}
