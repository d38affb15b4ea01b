//! Bad input through the whole path (`analysis::run`): each case must give a clear error
//! (what, where, what to do), never a panic, and leave the input file's bytes unchanged.

use rapport_engine::analysis;
use rapport_engine::spec::{AnalysisSpec, BlockRole, PredictorBlock};
use rust_xlsxwriter::Workbook;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// A cell to write: number, text or nothing.
enum C {
    N(f64),
    T(&'static str),
    E,
}

/// Write a one-sheet workbook ("Data") with a title row above the header, as contractors do.
fn workbook(dir: &Path, name: &str, header: &[&str], rows: &[Vec<C>]) -> PathBuf {
    let path = dir.join(name);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Data").unwrap();
    ws.write_string(0, 0, "Test survey (synthetic)").unwrap();
    for (j, h) in header.iter().enumerate() {
        ws.write_string(2, j as u16, *h).unwrap();
    }
    for (i, row) in rows.iter().enumerate() {
        for (j, cell) in row.iter().enumerate() {
            let (r, c) = (3 + i as u32, j as u16);
            match cell {
                C::N(x) => ws.write_number(r, c, *x).map(|_| ()).unwrap(),
                C::T(t) => ws.write_string(r, c, *t).map(|_| ()).unwrap(),
                C::E => {}
            }
        }
    }
    wb.save(&path).unwrap();
    path
}

fn spec(file: &Path, outcome: &str, predictors: &[&str]) -> AnalysisSpec {
    let block = PredictorBlock::new("Predictors", BlockRole::Other, predictors);
    AnalysisSpec::new(file, outcome, vec![block])
}

fn sha(path: &Path) -> Vec<u8> {
    Sha256::digest(std::fs::read(path).unwrap()).to_vec()
}

/// Run the spec, expect an error, check the input is untouched, return the message.
fn error_of(spec: &AnalysisSpec) -> String {
    let before = sha(&spec.data.file);
    let result = analysis::run(spec);
    assert_eq!(before, sha(&spec.data.file), "input file changed");
    match result {
        Ok(r) => panic!("expected an error, got a fit with R² {}", r.fit.r_squared),
        Err(e) => e.to_string(),
    }
}

/// A small well-formed data set: y = 1 + 2a − b + noise.
fn good_rows(n: usize) -> Vec<Vec<C>> {
    (0..n)
        .map(|i| {
            let a = (i % 7) as f64;
            let b = ((i * 3) % 5) as f64;
            let noise = [0.3, -0.2, 0.1, -0.4, 0.25][i % 5];
            vec![C::N(1.0 + 2.0 * a - b + noise), C::N(a), C::N(b)]
        })
        .collect()
}

#[test]
fn empty_file_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.xlsx");
    std::fs::write(&path, b"").unwrap();
    let msg = error_of(&spec(&path, "y", &["a"]));
    assert!(msg.contains("empty.xlsx"), "{msg}");
}

#[test]
fn truncated_workbook_is_reported_as_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let good = workbook(dir.path(), "good.xlsx", &["y", "a", "b"], &good_rows(50));
    let bytes = std::fs::read(&good).unwrap();
    let cut = dir.path().join("truncated.xlsx");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let msg = error_of(&spec(&cut, "y", &["a"]));
    assert!(msg.contains("truncated.xlsx"), "{msg}");
}

#[test]
fn text_file_named_xlsx_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.xlsx");
    std::fs::write(&path, "y,a\n1,2\n3,4\n").unwrap();
    let msg = error_of(&spec(&path, "y", &["a"]));
    assert!(msg.contains("notes.xlsx"), "{msg}");
}

#[test]
fn header_only_sheet_says_there_are_no_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "header.xlsx", &["y", "a", "b"], &[]);
    let msg = error_of(&spec(&path, "y", &["a"]));
    assert!(
        msg.contains("header.xlsx") && msg.to_lowercase().contains("no data"),
        "{msg}"
    );
}

#[test]
fn constant_outcome_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let rows: Vec<Vec<C>> = (0..20)
        .map(|i| vec![C::N(3.0), C::N(i as f64), C::E])
        .collect();
    let path = workbook(dir.path(), "constant.xlsx", &["y", "a", "b"], &rows);
    let msg = error_of(&spec(&path, "y", &["a"]));
    assert!(
        msg.contains("\"y\"") && msg.contains("same value (3)"),
        "{msg}"
    );
}

#[test]
fn more_predictors_than_rows_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let rows = vec![
        vec![C::N(1.0), C::N(2.0), C::N(3.0)],
        vec![C::N(2.0), C::N(1.0), C::N(5.0)],
    ];
    let path = workbook(dir.path(), "tiny.xlsx", &["y", "a", "b"], &rows);
    let msg = error_of(&spec(&path, "y", &["a", "b"]));
    assert!(
        msg.contains("3 coefficients") && msg.contains("2 complete rows"),
        "{msg}"
    );
}

#[test]
fn collinear_predictor_is_aliased_like_r() {
    let dir = tempfile::tempdir().unwrap();
    // c = a + b exactly: R's lm reports c as NA (aliased) and fits y ~ a + b.
    let rows: Vec<Vec<C>> = good_rows(40)
        .into_iter()
        .map(|mut r| {
            let (a, b) = match (&r[1], &r[2]) {
                (C::N(a), C::N(b)) => (*a, *b),
                _ => unreachable!(),
            };
            r.push(C::N(a + b));
            r
        })
        .collect();
    let path = workbook(dir.path(), "collinear.xlsx", &["y", "a", "b", "c"], &rows);
    let before = sha(&path);
    let r = analysis::run(&spec(&path, "y", &["a", "b", "c"])).unwrap();
    assert_eq!(before, sha(&path));
    assert_eq!(r.aliased, ["c"]);
    let terms: Vec<&str> = r.coefficients.iter().map(|c| c.term.as_str()).collect();
    assert_eq!(terms, ["(Intercept)", "a", "b"]);
    // Leaving c out must leave exactly the fit of y ~ a + b.
    let without = analysis::run(&spec(&path, "y", &["a", "b"])).unwrap();
    for (x, y) in r.coefficients.iter().zip(&without.coefficients) {
        assert!((x.estimate - y.estimate).abs() < 1e-12 * y.estimate.abs().max(1.0));
    }
    assert!(
        r.warnings.iter().any(|w| w.contains("\"c\"")),
        "{:?}",
        r.warnings
    );
}

#[test]
fn text_in_a_numeric_column_names_the_cells() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = good_rows(30);
    rows[4][1] = C::T("five");
    let path = workbook(dir.path(), "text.xlsx", &["y", "a", "b"], &rows);
    let msg = error_of(&spec(&path, "y", &["a", "b"]));
    // Data row 5 sits on sheet row 8 (title, blank, header on row 3); column a is B.
    assert!(msg.contains("\"a\"") && msg.contains("B8"), "{msg}");
    assert!(
        msg.contains("five") && msg.contains("--categorical"),
        "{msg}"
    );
}

#[test]
fn unknown_outcome_suggests_the_closest_names() {
    let dir = tempfile::tempdir().unwrap();
    let rows = good_rows(20);
    let path = workbook(
        dir.path(),
        "names.xlsx",
        &["trust_council", "kind", "respect"],
        &rows,
    );
    let msg = error_of(&spec(&path, "trust_counsil", &["kind"]));
    assert!(
        msg.contains("\"trust_counsil\"") && msg.contains("Did you mean \"trust_council\""),
        "{msg}"
    );
    assert!(msg.contains("names.xlsx"), "{msg}");
}

#[test]
fn wrong_checksum_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "sum.xlsx", &["y", "a", "b"], &good_rows(20));
    let mut s = spec(&path, "y", &["a"]);
    s.data.sha256 = Some("0".repeat(64));
    let msg = error_of(&s);
    assert!(msg.contains("has changed"), "{msg}");
}
