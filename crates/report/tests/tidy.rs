//! The tidy CSV and JSON exports read back as another program would read them.

mod common;

use common::{FORMULA_LIKE, riverside};
use rapport_engine::results::Results;
use rapport_report::{ReportError, write_csv, write_json};
use std::path::PathBuf;

/// A temp folder holding a stand-in survey file.
fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("riverside.csv");
    std::fs::write(&input, b"id,kind\n1,Agree\n").unwrap();
    (dir, input)
}

fn read_csv(path: &std::path::Path) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(path)
        .unwrap()
        .records()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn csv_holds_every_term_with_numbers_that_read_back_exactly() {
    let (dir, input) = setup();
    let out = dir.path().join("coefficients.csv");
    let results = riverside();
    write_csv(&results, &input, &out).unwrap();

    let mut reader = csv::Reader::from_path(&out).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "term",
            "variable",
            "block",
            "role",
            "estimate",
            "std_error",
            "statistic",
            "p_value",
            "conf_low",
            "conf_high"
        ]
    );
    let rows = read_csv(&out);
    assert_eq!(
        rows.len(),
        results.coefficients.len() + results.aliased.len()
    );
    for (row, c) in rows.iter().zip(&results.coefficients) {
        let numbers: Vec<f64> = (4..10).map(|i| row[i].parse().unwrap()).collect();
        assert_eq!(
            numbers,
            [
                c.estimate,
                c.std_error,
                c.statistic,
                c.p_value,
                c.conf_low,
                c.conf_high
            ],
            "{}",
            c.term
        );
        assert_eq!(&row[2], c.block.as_deref().unwrap_or(""));
    }
    let kind = rows.iter().find(|r| &r[0] == "Staff were kind").unwrap();
    assert_eq!(&kind[3], "relational");
    let aliased = rows.last().unwrap();
    assert_eq!(&aliased[0], "Contacts needed");
    assert!((1..10).all(|i| aliased[i].is_empty()), "{aliased:?}");
}

#[test]
fn csv_text_that_looks_like_a_formula_is_neutralised() {
    let (dir, input) = setup();
    let out = dir.path().join("coefficients.csv");
    write_csv(&riverside(), &input, &out).unwrap();
    let rows = read_csv(&out);
    let terms: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert!(
        terms.contains(&format!("'{FORMULA_LIKE}").as_str()),
        "{terms:?}"
    );
    for row in &rows {
        for (i, field) in row.iter().enumerate().take(4) {
            assert!(
                !field.starts_with(['=', '+', '-', '@']),
                "column {i} starts like a formula: {field}"
            );
        }
    }
}

#[test]
fn json_loads_back_into_the_same_results() {
    let (dir, input) = setup();
    let out = dir.path().join("results.json");
    let results = riverside();
    write_json(&results, &input, &out).unwrap();
    let back: Results = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(back, results);
}

#[test]
fn neither_export_writes_over_the_input_or_under_a_wrong_name() {
    let (dir, input) = setup();
    let before = std::fs::read(&input).unwrap();
    let err = write_csv(&riverside(), &input, &input).unwrap_err();
    assert!(matches!(err, ReportError::OverwritesInput { .. }), "{err}");
    let json_input = dir.path().join("survey.json");
    std::fs::write(&json_input, b"[]").unwrap();
    let spelled = dir.path().join(".").join("survey.json");
    let err = write_json(&riverside(), &json_input, &spelled).unwrap_err();
    assert!(matches!(err, ReportError::OverwritesInput { .. }), "{err}");
    assert_eq!(std::fs::read(&input).unwrap(), before);
    assert_eq!(std::fs::read(&json_input).unwrap(), b"[]");

    let wrong = dir.path().join("results.txt");
    let err = write_json(&riverside(), &input, &wrong).unwrap_err();
    assert!(matches!(err, ReportError::WrongExtension { .. }), "{err}");
    assert!(err.to_string().contains("ending in .json"), "{err}");
    let err = write_csv(&riverside(), &input, &wrong).unwrap_err();
    assert!(err.to_string().contains("ending in .csv"), "{err}");
    assert!(!wrong.exists());
}
