//! The spreadsheets analysts really get: each workbook under `tests/data/messy` is read
//! through the ordinary path (`read` → `Codebook::detect` → `codebook::values`) with no
//! manual step and checked against `expected.json`, which the generating script
//! (`tests/fixtures/messy/make_messy_workbooks.py`) worked out from the values it wrote.
//! Then the spec's corrections, and a model on the messiest workbook against the same data
//! written as a clean csv.

use rapport_engine::EngineError;
use rapport_engine::analysis;
use rapport_engine::codebook::{self, Codebook, Value, Variable};
use rapport_engine::spec::{AnalysisSpec, BlockRole, DataSource, PredictorBlock};
use rapport_read::ReadOptions;
use rapport_read::table::Table;
use rapport_read::text::normalise;
use serde_json::{Value as Json, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn data(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/messy")
        .join(file)
}

fn expected() -> BTreeMap<String, Json> {
    let text = std::fs::read_to_string(data("expected.json")).expect("expected.json readable");
    serde_json::from_str(&text).expect("expected.json is JSON")
}

fn read(file: &str) -> (Table, Codebook) {
    let table = rapport_read::read_table(&data(file), &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    let codebook = Codebook::detect(&table);
    (table, codebook)
}

fn read_with(file: &str, source: &DataSource) -> Result<(Table, Codebook), EngineError> {
    let table = rapport_engine::input::read_source(&data(file), source)?.table;
    let codebook = Codebook::detect_with(&table, source)?;
    Ok((table, codebook))
}

fn variable<'a>(codebook: &'a Codebook, file: &str, name: &str) -> &'a Variable {
    codebook
        .get(name)
        .unwrap_or_else(|| panic!("{file}: no variable {name}"))
}

/// The scoring direction as the expectations name it.
fn order(var: &Variable) -> Json {
    var.coding.as_ref().map_or(json!("as_detected"), |c| {
        serde_json::to_value(c.order).expect("order serialises")["order"].clone()
    })
}

fn check_layout(file: &str, want: &Json, table: &Table, codebook: &Codebook) {
    assert_eq!(json!(table.source.sheet), want["sheet"], "{file}: sheet");
    assert_eq!(
        json!(table.header_row),
        want["header_row"],
        "{file}: header row"
    );
    assert_eq!(json!(table.n_rows()), want["rows"], "{file}: data rows");
    let layout = &codebook.layout;
    assert_eq!(
        layout.groups, table.layout.groups,
        "{file}: codebook carries the layout"
    );
    assert_eq!(layout.totals_rows, table.layout.totals_rows, "{file}");
    assert!(
        layout
            .codebook
            .as_ref()
            .is_none_or(|c| c.entries.is_empty()),
        "{file}: the entries travel in each variable's coding"
    );
    assert_eq!(
        json!(layout.group_row),
        want["group_row"],
        "{file}: group row"
    );
    assert_eq!(
        serde_json::to_value(&layout.groups).expect("groups serialise"),
        want["groups"],
        "{file}: groups"
    );
    let totals: Vec<Json> = layout
        .totals_rows
        .iter()
        .map(|t| {
            assert!(!t.kept, "{file}: totals row left out by default");
            json!({"row": t.row, "label": t.label})
        })
        .collect();
    assert_eq!(json!(totals), want["totals_rows"], "{file}: totals rows");
    let sheet = layout.codebook.as_ref();
    assert_eq!(
        json!(sheet.map(|c| &c.sheet)),
        want["codebook_sheet"],
        "{file}: codebook sheet"
    );
    if let Some(sheet) = sheet {
        assert_eq!(
            json!(sheet.header_row),
            want["codebook_header_row"],
            "{file}"
        );
        assert_eq!(
            json!(sheet.unmatched),
            want["unmatched"],
            "{file}: unmatched"
        );
    }
}

fn check_variable(file: &str, name: &str, want: &Json, table: &Table, var: &Variable) {
    let what = format!("{file}: {name}");
    let got = serde_json::to_value(var).expect("variable serialises");
    assert_eq!(got["kind"], want["kind"], "{what}: kind");
    if let Some(family) = want.get("family") {
        assert_eq!(&got["scale"]["family"], family, "{what}: scale");
    }
    if let Some(levels) = want["levels"].as_array() {
        // Labels as first seen in the sheet; the same level whatever its case or spacing.
        let got: Vec<String> = var.levels.iter().map(|l| normalise(&l.label)).collect();
        let want_levels: Vec<String> = levels
            .iter()
            .map(|l| normalise(l.as_str().expect("label")))
            .collect();
        assert_eq!(got, want_levels, "{what}: levels in score order");
        let counts: Vec<usize> = var.levels.iter().map(|l| l.count).collect();
        assert_eq!(json!(counts), want["counts"], "{what}: level counts");
    }
    assert_eq!(json!(var.valid_n), want["valid"], "{what}: valid");
    assert_eq!(json!(var.invalid_n), want["invalid"], "{what}: invalid");
    let missing: BTreeMap<String, usize> = var
        .missing
        .iter()
        .filter(|m| m.count > 0)
        .map(|m| {
            let reason = serde_json::to_value(m.reason).expect("reason serialises");
            (reason.as_str().expect("reason").to_string(), m.count)
        })
        .collect();
    assert_eq!(json!(missing), want["missing"], "{what}: missing by reason");
    assert_eq!(order(var), want["order"], "{what}: scoring order");
    let scores = codebook::values(table, var, false);
    for (row, score) in want["scores"].as_object().into_iter().flatten() {
        let row: usize = row.parse().expect("row index");
        match (&scores[row], score.as_f64()) {
            (Value::Number(x), Some(s)) => assert_eq!(*x, s, "{what}: row {row}"),
            (Value::Missing(_), None) => {}
            (got, _) => panic!("{what}: row {row} read as {got:?}, expected {score}"),
        }
    }
    for (row, label) in want["labels"].as_object().into_iter().flatten() {
        let row: usize = row.parse().expect("row index");
        match (&scores[row], label.as_str()) {
            (Value::Label(l), Some(w)) => assert_eq!(&**l, w, "{what}: row {row}"),
            (Value::Missing(_), None) => {}
            (got, _) => panic!("{what}: row {row} read as {got:?}, expected {label}"),
        }
    }
}

#[test]
fn every_messy_workbook_reads_as_its_generator_wrote_it() {
    let all = expected();
    assert_eq!(all.len(), 7, "one entry per fixture file");
    for (file, want) in &all {
        let (table, codebook) = read(file);
        check_layout(file, want, &table, &codebook);
        for (name, col) in want["columns"].as_object().expect("columns") {
            check_variable(file, name, col, &table, variable(&codebook, file, name));
        }
    }
}

#[test]
fn a_real_99_day_wait_stays_99_where_no_codebook_says_otherwise() {
    let want = &expected()["codebook.xlsx"];
    let (table, codebook) = read("codebook.xlsx");
    let days = variable(&codebook, "codebook.xlsx", "days_waited");
    assert!(days.coding.is_none(), "days_waited has no codebook entry");
    let values = codebook::values(&table, days, false);
    let rows = want["real_99_rows"].as_array().expect("rows");
    assert!(rows.len() >= 3, "the fixture has real 99-day waits");
    for row in rows {
        let row = row.as_u64().expect("row") as usize;
        assert_eq!(values[row], Value::Number(99.0), "row {row}");
    }
    // …while 99 in kind is "Don’t know" because its codebook entry says so.
    let kind = variable(&codebook, "codebook.xlsx", "kind");
    let coding = kind.coding.as_ref().expect("kind is coded");
    assert!(coding.labelled);
    assert_eq!(coding.question.as_deref(), Some("Staff were kind to me"));
    assert_eq!(
        coding.coded_text().as_deref(),
        Some("coded 1 = Strongly agree … 5 = Strongly disagree")
    );
}

#[test]
fn the_spec_overrides_every_detection() {
    let file = "codebook.xlsx";
    let want = &expected()[file];
    let real_99s = want["real_99_rows"].as_array().expect("rows").len();

    // No codebook: the codes are plain numbers, 99 included.
    let none = DataSource {
        no_codebook: true,
        ..DataSource::default()
    };
    let (_, cb) = read_with(file, &none).expect("reads");
    assert!(cb.layout.codebook.is_none());
    let kind = variable(&cb, file, "kind");
    assert_eq!(serde_json::to_value(kind).unwrap()["kind"], "numeric");
    assert!(kind.coding.is_none());

    // Per-variable missing codes: 99 days becomes missing here, and only here.
    let mut codes = DataSource::default();
    codes.missing_codes.insert("days_waited".into(), vec![99.0]);
    let (_, cb) = read_with(file, &codes).expect("reads");
    let days = variable(&cb, file, "days_waited");
    assert_eq!(
        days.missing_n(),
        real_99s + missing_blanks(&want["columns"]["days_waited"])
    );
    assert_eq!(
        variable(&cb, file, "kind").missing_n(),
        variable(&read(file).1, file, "kind").missing_n()
    );

    // Keep a reversed scale in code order; reverse a scale and a number.
    let directions = DataSource {
        not_reverse: vec!["kind".into()],
        reverse: vec!["listened".into(), "age".into()],
        ..DataSource::default()
    };
    let (table, cb) = read_with(file, &directions).expect("reads");
    let kind = variable(&cb, file, "kind");
    assert_eq!(order(kind), "kept_as_coded");
    assert_eq!(kind.levels[0].label, "Strongly agree");
    let listened = variable(&cb, file, "listened");
    assert_eq!(order(listened), "reversed");
    assert_eq!(listened.levels[0].label, "Strongly agree");
    let expected_kind = &want["columns"]["kind"]["scores"];
    let kind_values = codebook::values(&table, kind, false);
    for (row, score) in expected_kind.as_object().unwrap() {
        if let Some(s) = score.as_f64() {
            assert_eq!(
                kind_values[row.parse::<usize>().unwrap()],
                Value::Number(6.0 - s)
            );
        }
    }
    let age = variable(&cb, file, "age");
    let plain = codebook::values(&table, variable(&read(file).1, file, "age"), false);
    let reversed = codebook::values(&table, age, false);
    let numbers: Vec<f64> = plain
        .iter()
        .filter_map(|v| match v {
            Value::Number(x) => Some(*x),
            _ => None,
        })
        .collect();
    let (low, high) = numbers
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), x| {
            (l.min(*x), h.max(*x))
        });
    for (p, r) in plain.iter().zip(&reversed) {
        if let Value::Number(x) = p {
            assert_eq!(*r, Value::Number(low + high - x));
        }
    }

    // Totals row kept; group titles switched off; a sheet that is no codebook refused.
    let keep = DataSource {
        keep_totals_row: true,
        ..DataSource::default()
    };
    let (table, cb) = read_with("totals-row.xlsx", &keep).expect("reads");
    assert_eq!(table.n_rows(), 26);
    assert!(cb.layout.totals_rows[0].kept);
    let one_row = DataSource {
        header_rows: Some(1),
        ..DataSource::default()
    };
    let (table, cb) = read_with("two-header-rows.xlsx", &one_row).expect("reads");
    assert_eq!(table.header_row, 3);
    assert!(cb.layout.groups.is_empty() && cb.layout.group_row.is_none());
    let not_a_codebook = DataSource {
        codebook_sheet: Some("Responses".into()),
        ..DataSource::default()
    };
    let err = read_with(file, &not_a_codebook).expect_err("Responses is data");
    assert_eq!(err.code(), "not_a_codebook");
    assert!(err.to_string().contains("\"Responses\""), "{err}");
    let named = DataSource {
        codebook_sheet: Some("codebook".into()),
        ..DataSource::default()
    };
    let (_, cb) = read_with(file, &named).expect("named codebook sheet");
    assert_eq!(cb.layout.codebook.unwrap().sheet, "Codebook");

    // Names that are not columns, and contradictions, are refused with a way forward.
    let typo = DataSource {
        reverse: vec!["kidn".into()],
        ..DataSource::default()
    };
    let err = read_with(file, &typo)
        .expect_err("no such column")
        .to_string();
    assert!(
        err.contains("\"kidn\"") && err.contains("\"kind\""),
        "{err}"
    );
    let both = DataSource {
        reverse: vec!["kind".into()],
        not_reverse: vec!["kind".into()],
        ..DataSource::default()
    };
    let err = read_with(file, &both)
        .expect_err("contradiction")
        .to_string();
    assert!(err.contains("\"kind\""), "{err}");
    let categories = DataSource {
        reverse: vec!["sex".into()],
        ..DataSource::default()
    };
    let err = read_with(file, &categories)
        .expect_err("categories")
        .to_string();
    assert!(err.contains("\"sex\""), "{err}");
}

fn missing_blanks(column: &Json) -> usize {
    column["missing"]["blank"].as_u64().unwrap_or(0) as usize
}

#[test]
fn a_model_on_the_messy_workbook_equals_the_model_on_the_clean_csv() {
    let want = &expected()["everything.xlsx"]["model"];
    let outcome = want["outcome"].as_str().expect("outcome");
    let predictors: Vec<&str> = want["predictors"]
        .as_array()
        .expect("predictors")
        .iter()
        .map(|p| p.as_str().expect("name"))
        .collect();
    let fit = |file: &str| {
        let spec = AnalysisSpec::new(
            data(file),
            outcome,
            vec![PredictorBlock::new("All", BlockRole::Other, &predictors)],
        );
        analysis::run(&spec).unwrap_or_else(|e| panic!("{file}: {e}"))
    };
    let messy = fit("everything.xlsx");
    let clean = fit("everything-clean.csv");
    assert_eq!(messy.fit.n, clean.fit.n);
    assert!(messy.fit.n > 100, "most rows are complete");
    assert_eq!(messy.coefficients.len(), clean.coefficients.len());
    assert!(messy.coefficients.iter().any(|c| c.term == "sex[T.Male]"));
    for (m, c) in messy.coefficients.iter().zip(&clean.coefficients) {
        assert_eq!(m.term, c.term);
        for (what, a, b) in [
            ("estimate", m.estimate, c.estimate),
            ("std_error", m.std_error, c.std_error),
        ] {
            assert!(
                (a - b).abs() <= 1e-12 * b.abs().max(1.0),
                "{} {what}: {a} vs {b}",
                m.term
            );
        }
    }
    assert!((messy.fit.r_squared - clean.fit.r_squared).abs() <= 1e-12);
}
