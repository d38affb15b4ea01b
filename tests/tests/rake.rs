//! Raking against R's `survey::rake` and `survey::trimWeights`
//! (tests/fixtures/rake/make_rake_fixture.R → expected.json), the sample survey raked to
//! its population margins and saved as a copy, and bad margins and data, each of which
//! must give a message saying what, where and what to do.

use rapport_engine::EngineError;
use rapport_engine::codebook::Codebook;
use rapport_engine::rake::{Margins, RakeReport, rake_table};
use rapport_engine::spec::RakeSpec;
use rapport_read::table::{Cell, Table};
use rapport_read::{ReadOptions, read_table};
use rapport_report::copy::write_copy;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
struct Fixture {
    generator: String,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    base_weight: Option<String>,
    trim: Option<[f64; 2]>,
    n_eff: f64,
    trimmed: usize,
    weights: Vec<f64>,
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

fn fixture(name: &str) -> PathBuf {
    repo("tests/fixtures/rake").join(name)
}

fn spec(margins: &Path, base_weight: Option<&str>, trim: Option<[f64; 2]>) -> RakeSpec {
    RakeSpec {
        margins: margins.to_path_buf(),
        base_weight: base_weight.map(str::to_string),
        trim,
        max_iterations: None,
        tolerance: None,
        column_name: None,
    }
}

/// Read data and margins and rake with the given spec.
fn run(data: &Path, spec: &RakeSpec) -> Result<(Table, Vec<f64>, RakeReport), EngineError> {
    let table = read_table(data, &ReadOptions::default())?;
    let codebook = Codebook::detect(&table);
    let margins = Margins::load(&spec.margins)?;
    let raked = rake_table(&table, &codebook, spec, &margins)?;
    let (weights, report) = (raked.weights, raked.report);
    Ok((table, weights, report))
}

/// Correct significant digits of `got` against `want` (log relative error), capped at 16.
fn digits(got: f64, want: f64) -> f64 {
    let rel = ((got - want) / want).abs();
    if rel == 0.0 { 16.0 } else { -rel.log10() }
}

#[test]
fn raked_and_trimmed_weights_match_r_survey_to_eight_digits() {
    let text = std::fs::read_to_string(fixture("expected.json")).unwrap();
    let fx: Fixture = serde_json::from_str(&text).unwrap();
    assert!(fx.generator.contains("survey 4.1.1"), "{}", fx.generator);
    assert_eq!(fx.cases.len(), 3);
    for case in &fx.cases {
        let spec = spec(
            &fixture("margins.csv"),
            case.base_weight.as_deref(),
            case.trim,
        );
        let (_, weights, report) = run(&fixture("data.csv"), &spec).unwrap();
        assert_eq!(weights.len(), case.weights.len(), "{}", case.name);
        let lre = weights
            .iter()
            .zip(&case.weights)
            .map(|(g, w)| digits(*g, *w))
            .fold(f64::INFINITY, f64::min);
        let n_eff = digits(report.weights.n_eff, case.n_eff);
        println!(
            "{}: weights agree with R to {lre:.1} digits (worst of {}), Kish n_eff to {n_eff:.1}; {} sweeps",
            case.name,
            weights.len(),
            report.iterations
        );
        assert!(lre >= 8.0, "{}: only {lre:.1} digits", case.name);
        assert!(n_eff >= 8.0, "{}: n_eff to {n_eff:.1} digits", case.name);
        assert!(report.converged, "{}", case.name);
        assert_eq!(report.population_total, 52000.0);
        assert!((report.weights.sum - 52000.0).abs() <= 1e-9 * 52000.0);
        let deff = report.weights.n as f64 / report.weights.n_eff;
        assert_eq!(report.weights.design_effect, deff);
        match (&report.trim, case.trim) {
            (None, None) => {
                assert!(report.margins_met, "{}", case.name);
                assert!(report.max_rel_error <= 1e-10, "{}", report.max_rel_error);
                for fit in &report.margins {
                    assert!((fit.achieved - fit.target).abs() <= 1e-10 * fit.target);
                }
                assert!(report.warnings().is_empty());
            }
            (Some(trim), Some(relative)) => {
                assert_eq!(trim.relative, relative);
                assert_eq!(trim.trimmed, case.trimmed);
                let [lo, hi] = trim.bounds;
                let mean = report.weights.mean;
                assert!((lo - relative[0] * mean).abs() <= 1e-12 * lo);
                assert!(weights.iter().all(|&w| lo <= w && w <= hi));
                // Trimming moves weights off the margins, and the report says so.
                assert!(!report.margins_met);
                assert!(report.max_rel_error > 1e-3, "{}", report.max_rel_error);
                let warnings = report.warnings().join(" ");
                assert!(
                    warnings
                        .contains("39 raked weights were trimmed to 0.3–3 times the mean weight"),
                    "{warnings}"
                );
                assert!(
                    warnings.contains("misses the population margins by up to"),
                    "{warnings}"
                );
            }
            _ => panic!("{}: trim report does not match the case", case.name),
        }
    }
}

#[test]
fn a_tighter_tolerance_reaches_more_digits() {
    let text = std::fs::read_to_string(fixture("expected.json")).unwrap();
    let fx: Fixture = serde_json::from_str(&text).unwrap();
    let case = &fx.cases[1];
    let mut spec = spec(&fixture("margins.csv"), case.base_weight.as_deref(), None);
    spec.tolerance = Some(1e-14);
    let (_, weights, report) = run(&fixture("data.csv"), &spec).unwrap();
    let lre = weights
        .iter()
        .zip(&case.weights)
        .map(|(g, w)| digits(*g, *w))
        .fold(f64::INFINITY, f64::min);
    println!(
        "tolerance 1e-14: {lre:.1} digits in {} sweeps",
        report.iterations
    );
    assert!(report.converged && lre >= 12.0, "{lre:.1} digits");
}

/// The sample survey raked to samples/riverside-margins.csv from its design weights; the
/// raked weight saved in xlsx and csv copies reads back exactly, beside unchanged columns.
#[test]
fn riverside_sample_rakes_to_its_margins_and_saves_a_copy() {
    let margins = repo("samples/riverside-margins.csv");
    let data = repo("samples/riverside-2026.xlsx");
    let input_sha = rapport_read::DataFile::open(&data)
        .unwrap()
        .sha256()
        .to_string();
    let spec = spec(&margins, Some("weight"), Some([0.3, 3.0]));
    let (table, weights, report) = run(&data, &spec).unwrap();
    assert_eq!(weights.len(), 1200);
    assert_eq!(report.variables, ["age_band", "tenure", "ward"]);
    assert!(report.converged, "{report:?}");
    assert_eq!(report.population_total, 188_060.0);
    let summary = &report.weights;
    assert!(summary.n_eff < 1200.0 && summary.design_effect > 1.0);
    let trim = report.trim.as_ref().unwrap();
    assert!(trim.trimmed > 0);
    let [lo, hi] = trim.bounds;
    assert!(weights.iter().all(|&w| lo <= w && w <= hi));
    let dir = tempfile::tempdir().unwrap();
    for name in ["copy.xlsx", "copy.csv"] {
        let out = dir.path().join(name);
        write_copy(&table, spec.column_name(), &weights, &out).unwrap();
        let back = read_table(&out, &ReadOptions::default()).unwrap();
        assert_eq!(back.columns.len(), table.columns.len() + 1, "{name}");
        for (orig, copy) in table.columns.iter().zip(&back.columns) {
            assert_eq!(orig.name, copy.name, "{name}");
            assert!(
                orig.cells().eq(copy.cells()),
                "{name}: column {}",
                orig.name
            );
        }
        let weight_col = back.columns.last().unwrap();
        assert_eq!(weight_col.name, "rake_weight");
        let read: Vec<f64> = weight_col
            .cells()
            .map(|c| match c {
                Cell::Number(x) => *x,
                other => panic!("{name}: {other:?}"),
            })
            .collect();
        assert_eq!(read, weights, "{name}: weights read back bit for bit");
    }
    assert_eq!(
        rapport_read::DataFile::open(&data)
            .unwrap()
            .sha256()
            .to_string(),
        input_sha
    );
}

#[test]
fn the_copy_refuses_a_name_clash_the_input_file_and_other_formats() {
    let data = fixture("data.csv");
    let (table, weights, _) = run(&data, &spec(&fixture("margins.csv"), None, None)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let err = write_copy(&table, "design_weight", &weights, &dir.path().join("c.csv")).unwrap_err();
    assert_eq!(err.code(), "column_exists");
    let msg = err.to_string();
    assert!(
        msg.contains("data.csv already has a column \"design_weight\""),
        "{msg}"
    );
    assert!(msg.contains("Choose another name"), "{msg}");
    let err = write_copy(&table, "rake_weight", &weights, &data).unwrap_err();
    assert_eq!(err.code(), "overwrites_input");
    let err = write_copy(&table, "rake_weight", &weights, &dir.path().join("c.txt")).unwrap_err();
    assert!(err.to_string().contains("ending in .xlsx or .csv"), "{err}");
}

#[test]
fn formula_like_text_stays_text_in_the_copy() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("d.csv");
    std::fs::write(
        &data,
        "area,note\nNorth,=SUM(A1)\nSouth,@cmd\nNorth,plain\n",
    )
    .unwrap();
    let margins = dir.path().join("m.csv");
    std::fs::write(
        &margins,
        "variable,level,target\narea,North,10\narea,South,30\n",
    )
    .unwrap();
    let (table, weights, _) = run(&data, &spec(&margins, None, None)).unwrap();
    assert_eq!(weights, [5.0, 30.0, 5.0]);
    let xlsx = dir.path().join("copy.xlsx");
    write_copy(&table, "w", &weights, &xlsx).unwrap();
    let back = read_table(&xlsx, &ReadOptions::default()).unwrap();
    assert!(back.columns[1].cells().eq(table.columns[1].cells()));
    let csv_out = dir.path().join("copy.csv");
    write_copy(&table, "w", &weights, &csv_out).unwrap();
    let text = std::fs::read_to_string(&csv_out).unwrap();
    assert!(text.contains("North,'=SUM(A1),5\n"), "{text}");
    assert!(text.contains("South,'@cmd,30\n"), "{text}");
}

/// Write `text` to a file in `dir` and return its path.
fn file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The margins fixture with `edit` applied to its text.
fn edited_margins(dir: &Path, edit: impl Fn(String) -> String) -> PathBuf {
    let text = std::fs::read_to_string(fixture("margins.csv")).unwrap();
    file(dir, "margins.csv", &edit(text))
}

fn error(data: &Path, spec: &RakeSpec) -> (String, &'static str) {
    match run(data, spec) {
        Ok(_) => panic!("no error for {:?}", spec.margins),
        Err(e) => (e.to_string(), e.code()),
    }
}

fn assert_says(msg: &str, parts: &[&str]) {
    for part in parts {
        assert!(msg.contains(part), "missing {part:?} in: {msg}");
    }
}

#[test]
fn margins_naming_levels_the_data_lack_or_missing_levels_the_data_have() {
    let dir = tempfile::tempdir().unwrap();
    let data = fixture("data.csv");
    let extra = edited_margins(dir.path(), |t| {
        t.replace(
            "age_band,65+,9880\n",
            "age_band,65+,9780\nage_band,85+,100\n",
        )
    });
    let (msg, code) = error(&data, &spec(&extra, None, None));
    assert_eq!(code, "rake_levels");
    assert_says(
        &msg,
        &[
            "margins.csv, line 8, field 2",
            "no respondent in data.csv has \"85+\" for \"age_band\"",
            "The data's levels are: \"16-24\", \"25-34\", \"35-44\", \"45-54\", \"55-64\", \"65+\".",
            "Check the spelling",
        ],
    );
    let lacking = edited_margins(dir.path(), |t| {
        t.replace("imd,5,8320\n", "")
            .replace("imd,4,9360", "imd,4,17680")
    });
    let (msg, code) = error(&data, &spec(&lacking, None, None));
    assert_eq!(code, "rake_levels");
    assert_says(
        &msg,
        &[
            "Column \"imd\" in data.csv has levels that the margins margins.csv give no target for: \"5\" (",
            " rows) (first rows: line ",
            ", field 4 (\"5\")",
            "Add a row to the margins for each (variable \"imd\" and the level as written in the data)",
        ],
    );
    let unknown = edited_margins(dir.path(), |t| t.replace("sex,", "gender,"));
    let (msg, code) = error(&data, &spec(&unknown, None, None));
    assert_eq!(code, "rake_unknown_variable");
    assert_says(
        &msg,
        &[
            "margins.csv, line 8, field 1",
            "\"gender\" is not a column of data.csv",
        ],
    );
}

#[test]
fn margins_whose_totals_disagree_or_targets_are_not_positive_counts() {
    let dir = tempfile::tempdir().unwrap();
    let data = fixture("data.csv");
    let off = edited_margins(dir.path(), |t| {
        t.replace("sex,Male,25480", "sex,Male,25580")
    });
    let (msg, code) = error(&data, &spec(&off, None, None));
    assert_eq!(code, "rake_margins");
    assert_says(
        &msg,
        &[
            "\"age_band\" adds up to 52000",
            "\"sex\" adds up to 52100",
            "to within 0.1%",
        ],
    );
    // Within 0.1% (rounded published counts): each margin is scaled to the first's total.
    let rounded = edited_margins(dir.path(), |t| {
        t.replace("sex,Male,25480", "sex,Male,25500")
    });
    let (_, weights, report) = run(&data, &spec(&rounded, None, None)).unwrap();
    assert_eq!(report.population_total, 52000.0);
    assert!(report.margins_met);
    assert!((weights.iter().sum::<f64>() - 52000.0).abs() < 1e-8);
    let male = report.margins.iter().find(|m| m.level == "Male").unwrap();
    assert!((male.target - 25500.0 * 52000.0 / 52020.0).abs() < 1e-9);
    for (bad, says) in [
        ("0", "the target 0 is not above zero"),
        ("-5", "the target -5 is not above zero"),
        ("\"1,200\"", "the target \"1,200\" is not a number"),
        ("", "the target is blank"),
    ] {
        let m = edited_margins(dir.path(), |t| {
            t.replace("sex,Female,26520", &format!("sex,Female,{bad}"))
        });
        let (msg, code) = error(&data, &spec(&m, None, None));
        assert_eq!(code, "rake_margins");
        assert_says(
            &msg,
            &[
                "margins.csv, line 8, field 3",
                says,
                "plain number above zero",
            ],
        );
    }
    let repeated = edited_margins(dir.path(), |t| t + "sex,female,1\n");
    let (msg, _) = error(&data, &spec(&repeated, None, None));
    assert_says(
        &msg,
        &[
            "line 15, field 2",
            "level \"female\" of \"sex\" is listed again (first at line 8, field 2)",
        ],
    );
    let headless = file(dir.path(), "m.csv", "variable,level,count\nsex,Female,1\n");
    let (msg, _) = error(&data, &spec(&headless, None, None));
    assert_says(
        &msg,
        &[
            "m.csv is not a margins table",
            "\"variable\", \"level\", \"count\"",
        ],
    );
}

#[test]
fn shares_are_scaled_to_the_sum_of_the_base_weights() {
    let dir = tempfile::tempdir().unwrap();
    let data = fixture("data.csv");
    let shares = file(
        dir.path(),
        "shares.csv",
        "variable,level,share\nsex,Female,51\nsex,Male,49\nimd,1,0.24\nimd,2,0.22\nimd,3,0.2\nimd,4,0.18\nimd,5,0.16\n",
    );
    let (table, weights, report) = run(&data, &spec(&shares, Some("design_weight"), None)).unwrap();
    let base: f64 = table
        .column("design_weight")
        .unwrap()
        .cells()
        .map(|c| match c {
            Cell::Number(x) => *x,
            _ => panic!(),
        })
        .sum();
    assert!((report.population_total - base).abs() <= 1e-12 * base);
    assert!((weights.iter().sum::<f64>() - base).abs() <= 1e-9 * base);
    let female = &report.margins[0];
    assert!((female.achieved - 0.51 * base).abs() <= 1e-9 * base);
    let bad = file(
        dir.path(),
        "bad.csv",
        "variable,level,share\nsex,Female,0.51\nsex,Male,0.59\n",
    );
    let (msg, code) = error(&data, &spec(&bad, None, None));
    assert_eq!(code, "rake_margins");
    assert_says(
        &msg,
        &[
            "the shares for \"sex\" add up to 1.1",
            "not to 1 (proportions) or 100",
        ],
    );
}

#[test]
fn respondents_without_a_level_or_a_base_weight_are_refused_with_their_cells() {
    // The sample's sex column has "Prefer not to say" answers, which are missing.
    let dir = tempfile::tempdir().unwrap();
    let margins = file(
        dir.path(),
        "m.csv",
        "variable,level,target\nsex,Female,100\nsex,Male,90\n",
    );
    let data = repo("samples/riverside-2026.xlsx");
    let (msg, code) = error(&data, &spec(&margins, None, None));
    assert_eq!(code, "rake_missing_level");
    assert_says(
        &msg,
        &[
            "Column \"sex\" in riverside-2026.xlsx, sheet \"Responses\" has no usable answer in ",
            "(\"Prefer not to say\")",
            "Fill in those cells",
        ],
    );
    let csv = file(
        dir.path(),
        "d.csv",
        "area,w\nNorth,1.5\nSouth,\nNorth,0\nSouth,2\n",
    );
    let margins = file(
        dir.path(),
        "m2.csv",
        "variable,level,target\narea,North,10\narea,South,30\n",
    );
    let (msg, code) = error(&csv, &spec(&margins, Some("w"), None));
    assert_eq!(code, "rake_base_weight");
    assert_says(
        &msg,
        &[
            "\"w\" in d.csv has 2 cells that are not numbers above zero",
            "line 3, field 2 (blank), line 4, field 2 (\"0\")",
        ],
    );
    let (msg, code) = error(&csv, &spec(&margins, Some("weight"), None));
    assert_eq!(code, "no_such_column");
    assert_says(&msg, &["d.csv has no column named \"weight\""]);
}

#[test]
fn free_text_columns_with_many_areas_are_raked_by_their_text() {
    // 40 areas are too many for the codebook to call categories, but are levels to rake.
    let dir = tempfile::tempdir().unwrap();
    let mut data = String::from("area\n");
    let mut margins = String::from("variable,level,target\n");
    for i in 0..40 {
        data.push_str(&format!("Area {i}\nArea {i}\n"));
        margins.push_str(&format!("area,area {i},{}\n", i + 1));
    }
    let data = file(dir.path(), "d.csv", &data);
    let margins = file(dir.path(), "m.csv", &margins);
    let (table, weights, report) = run(&data, &spec(&margins, None, None)).unwrap();
    let kind = &Codebook::detect(&table).variables[0].kind;
    assert_eq!(*kind, rapport_engine::codebook::VariableKind::Text);
    // Two rows per area share its target: weights (i + 1) / 2.
    for (row, w) in weights.iter().enumerate() {
        assert_eq!(*w, (row / 2 + 1) as f64 / 2.0);
    }
    assert!(report.margins_met);
}
