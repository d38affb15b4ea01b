//! Weighted descriptives against R's `survey` package: means, level shares, their SEs and
//! intervals, missing shares and the Rao–Scott test, on a synthetic stratified cluster
//! sample under three designs and on the Riverside sample
//! (`tests/fixtures/descriptives/`, made by `make_descriptives_fixture.R`).
//!
//! Run with `--nocapture` to see the correct significant digits reached per quantity.

use rapport_engine::codebook::Codebook;
use rapport_engine::descriptives::{
    Crosstab, Descriptives, Estimate, VariableSummary, describe_all,
};
use rapport_engine::spec::DescriptivesSpec;
use rapport_read::table::{Cell, Table};
use rapport_read::{ReadOptions, read_table};
use rapport_stats::survey::Design;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

fn fixture(name: &str) -> Json {
    let path = repo("tests/fixtures/descriptives").join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn num(j: &Json) -> f64 {
    j.as_f64().unwrap_or_else(|| panic!("not a number: {j}"))
}

fn read(path: &str) -> (Table, Codebook) {
    let table = read_table(&repo(path), &ReadOptions::default()).unwrap();
    let codebook = Codebook::detect(&table);
    (table, codebook)
}

fn weights(table: &Table, name: &str) -> Vec<f64> {
    let col = table.column(name).unwrap();
    col.cells()
        .map(|c| match c {
            Cell::Number(x) => *x,
            other => panic!("weight {other:?}"),
        })
        .collect()
}

fn labels(table: &Table, name: &str) -> Vec<String> {
    let col = table.column(name).unwrap();
    col.cells().map(Cell::display).collect()
}

/// The design of synthetic.json's case `name`, over every row.
fn synthetic_design(table: &Table, name: &str) -> Design {
    let n = table.n_rows();
    let w = Some(weights(table, "weight"));
    match name {
        "stratified_clustered" => Design::new(
            n,
            w,
            Some(&labels(table, "stratum")),
            Some(&labels(table, "psu")),
        ),
        "weighted" => Design::new::<String, String>(n, w, None, None),
        "unweighted" => Ok(Design::simple(n)),
        other => panic!("unknown design {other}"),
    }
    .unwrap()
}

/// Smallest number of correct significant digits seen per quantity.
#[derive(Default)]
struct Digits(BTreeMap<&'static str, f64>);

impl Digits {
    /// Log relative error (absolute error against 0), capped at 15 digits.
    fn check(&mut self, what: &'static str, got: f64, want: f64, context: &str) {
        let err = if want == 0.0 {
            got.abs()
        } else {
            ((got - want) / want).abs()
        };
        let d = if err == 0.0 {
            15.0
        } else {
            (-err.log10()).min(15.0)
        };
        assert!(d.is_finite(), "{context} {what}: got {got}, want {want}");
        let e = self.0.entry(what).or_insert(15.0);
        *e = e.min(d);
    }

    /// Print the digits reached and assert each quantity's bar.
    fn report(&self, bars: &[(&str, f64)]) {
        for (what, d) in &self.0 {
            println!("{what:<28} {d:>5.1} digits");
        }
        for (what, bar) in bars {
            let d = self
                .0
                .get(what)
                .unwrap_or_else(|| panic!("{what} never checked"));
            assert!(d >= bar, "{what}: {d:.1} correct digits, need {bar}");
        }
    }
}

fn summary<'a>(d: &'a Descriptives, name: &str) -> &'a VariableSummary {
    d.variables.iter().find(|v| v.variable == name).unwrap()
}

fn crosstab<'a>(d: &'a Descriptives, rows: &str, columns: &str) -> &'a Crosstab {
    d.crosstabs
        .iter()
        .find(|c| c.rows == rows && c.columns == columns)
        .unwrap()
}

/// Level shares (by label) and missing shares (by reason) against R.
fn check_levels(
    digits: &mut Digits,
    got: &VariableSummary,
    levels: &Json,
    missing: &Json,
    context: &str,
) {
    let levels = levels.as_array().unwrap();
    assert_eq!(got.levels.len(), levels.len(), "{context}");
    for want in levels {
        let label = want["label"].as_str().unwrap();
        let level = got.levels.iter().find(|l| l.label == label).unwrap();
        let context = format!("{context} {label}");
        assert_eq!(level.n as u64, want["n"].as_u64().unwrap(), "{context}");
        let p = &level.proportion;
        digits.check("proportion", p.estimate, num(&want["proportion"]), &context);
        digits.check(
            "proportion SE",
            p.std_error,
            num(&want["std_error"]),
            &context,
        );
        digits.check(
            "logit CI (svyciprop)",
            p.conf_low.unwrap(),
            num(&want["logit_conf_low"]),
            &context,
        );
        digits.check(
            "logit CI (svyciprop)",
            p.conf_high.unwrap(),
            num(&want["logit_conf_high"]),
            &context,
        );
        digits.check(
            "logit CI (closed form)",
            p.conf_low.unwrap(),
            num(&want["logit_closed_form_low"]),
            &context,
        );
        digits.check(
            "logit CI (closed form)",
            p.conf_high.unwrap(),
            num(&want["logit_closed_form_high"]),
            &context,
        );
    }
    let missing = missing.as_array().unwrap();
    assert_eq!(got.missing.len(), missing.len(), "{context}");
    for want in missing {
        let m = got
            .missing
            .iter()
            .find(|m| serde_json::to_value(m.reason).unwrap() == want["reason"])
            .unwrap_or_else(|| panic!("{context}: no {}", want["reason"]));
        assert_eq!(m.n as u64, want["n"].as_u64().unwrap(), "{context}");
        digits.check(
            "missing share",
            m.proportion_of_all,
            num(&want["proportion_of_all"]),
            context,
        );
    }
}

fn check_mean(digits: &mut Digits, got: &Estimate, want: &Json, context: &str) {
    digits.check("mean", got.estimate, num(&want["estimate"]), context);
    digits.check("mean SE", got.std_error, num(&want["std_error"]), context);
    digits.check(
        "mean t CI",
        got.conf_low.unwrap(),
        num(&want["conf_low"]),
        context,
    );
    digits.check(
        "mean t CI",
        got.conf_high.unwrap(),
        num(&want["conf_high"]),
        context,
    );
}

fn check_item(digits: &mut Digits, got: &Descriptives, want: &Json, context: &str) {
    let name = want["variable"].as_str().unwrap();
    let s = summary(got, name);
    let context = format!("{context} {name}");
    check_mean(
        digits,
        s.mean.as_ref().unwrap(),
        &want["mean_score"],
        &context,
    );
    check_levels(digits, s, &want["levels"], &want["missing"], &context);
}

fn check_chisq(digits: &mut Digits, got: &Descriptives, want: &Json, context: &str) {
    let (rows, columns) = (
        want["rows"].as_str().unwrap(),
        want["columns"].as_str().unwrap(),
    );
    let t = crosstab(got, rows, columns);
    let context = format!("{context} {rows} x {columns}");
    let rs = t.rao_scott.unwrap();
    digits.check("Rao-Scott F", rs.statistic, num(&want["f"]), &context);
    digits.check(
        "Rao-Scott ndf, ddf",
        rs.numerator_df,
        num(&want["ndf"]),
        &context,
    );
    digits.check(
        "Rao-Scott ndf, ddf",
        rs.denominator_df,
        num(&want["ddf"]),
        &context,
    );
    digits.check("Rao-Scott p", rs.p_value, num(&want["f_p_value"]), &context);
    let x2 = t.chi_squared.unwrap();
    digits.check("Pearson X2", x2.statistic, num(&want["chisq"]), &context);
    assert_eq!(x2.df as f64, num(&want["chisq_df"]), "{context}");
    digits.check(
        "Pearson p (1st-order RS)",
        x2.p_value,
        num(&want["chisq_p_value"]),
        &context,
    );
}

const BARS: &[(&str, f64)] = &[
    ("mean", 8.0),
    ("mean SE", 8.0),
    ("mean t CI", 8.0),
    ("proportion", 8.0),
    ("proportion SE", 8.0),
    ("logit CI (svyciprop)", 8.0),
    ("logit CI (closed form)", 12.0),
    ("missing share", 8.0),
    ("Rao-Scott F", 5.0),
    ("Rao-Scott ndf, ddf", 5.0),
    ("Rao-Scott p", 5.0),
    ("Pearson X2", 8.0),
    ("Pearson p (1st-order RS)", 5.0),
];

fn all_rows(table: &Table) -> Vec<usize> {
    (0..table.n_rows()).collect()
}

#[test]
fn synthetic_survey_matches_r_under_three_designs() {
    let want = fixture("synthetic.json");
    let (table, codebook) = read("tests/fixtures/descriptives/synthetic.csv");
    let spec: DescriptivesSpec = serde_json::from_value(serde_json::json!({
        "variables": ["score", "agree5", "trust4", "group"],
        "crosstabs": [["agree5", "group"], ["trust4", "group"]]
    }))
    .unwrap();
    let mut digits = Digits::default();
    for case in want["designs"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let design = synthetic_design(&table, name);
        let got = describe_all(&table, &codebook, &design, &all_rows(&table), &spec).unwrap();
        assert_eq!(got.design_df as f64, num(&case["degf"]), "{name}");
        check_mean(
            &mut digits,
            summary(&got, "score").mean.as_ref().unwrap(),
            &case["score"],
            name,
        );
        for item in case["items"].as_array().unwrap() {
            check_item(&mut digits, &got, item, name);
        }
        check_levels(
            &mut digits,
            summary(&got, "group"),
            &case["group"],
            &case["group_missing"],
            name,
        );
        for t in case["chisq"].as_array().unwrap() {
            check_chisq(&mut digits, &got, t, name);
        }
    }
    digits.report(BARS);
}

fn riverside() -> (Table, Codebook, Design) {
    let (table, codebook) = read("samples/riverside-2026.csv");
    let ward = labels(&table, "ward");
    let design = Design::new::<String, String>(
        table.n_rows(),
        Some(weights(&table, "weight")),
        None,
        Some(&ward),
    )
    .unwrap();
    (table, codebook, design)
}

#[test]
fn riverside_trust_matches_r() {
    let want = fixture("riverside.json");
    let (table, codebook, design) = riverside();
    let spec = DescriptivesSpec {
        variables: Some(vec!["trust_council".into()]),
        crosstabs: vec![("trust_council".into(), "age_band".into())],
        ..DescriptivesSpec::default()
    };
    let got = describe_all(&table, &codebook, &design, &all_rows(&table), &spec).unwrap();
    assert_eq!(got.design_df as f64, num(&want["degf"]));
    let mut digits = Digits::default();
    check_item(&mut digits, &got, &want["trust_council"], "riverside");
    check_chisq(&mut digits, &got, &want["chisq"], "riverside");
    digits.report(BARS);
}

#[test]
fn every_variable_by_default_and_likert_shares_add_up() {
    let (table, codebook, design) = riverside();
    let spec: DescriptivesSpec =
        serde_json::from_str(r#"{"exclude": ["weight", "ward"]}"#).unwrap();
    let got = describe_all(&table, &codebook, &design, &all_rows(&table), &spec).unwrap();
    let names: Vec<&str> = got.variables.iter().map(|v| v.variable.as_str()).collect();
    for left_out in ["respondent_id", "comment", "contact_date", "weight", "ward"] {
        assert!(!names.contains(&left_out), "{left_out} in {names:?}");
    }
    for kept in [
        "age_band",
        "kind",
        "trust_council",
        "days_waited",
        "satisfaction",
    ] {
        assert!(names.contains(&kept), "{kept} not in {names:?}");
    }
    assert!(!got.likert.is_empty());
    for item in &got.likert {
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        let bar: f64 = item.levels.iter().map(|l| l.proportion).sum();
        assert!(close(bar, 1.0), "{}: levels sum to {bar}", item.variable);
        let missing: f64 = item.missing.iter().map(|m| m.proportion_of_all).sum();
        assert!(close(
            item.answered_of_all + missing + item.invalid_of_all,
            1.0
        ));
        assert!(close(item.negative + item.neutral + item.positive, 1.0));
        let first = item.levels.first().unwrap();
        let last = item.levels.last().unwrap();
        assert!(close(first.start, -(item.negative + item.neutral / 2.0)));
        assert!(close(last.end, item.positive + item.neutral / 2.0));
        assert!(item.levels.windows(2).all(|w| w[0].end == w[1].start));
        if item.levels.len() == 4 {
            assert_eq!(item.neutral, 0.0, "an even scale has no middle");
            assert!(close(item.top_two_box, item.positive));
            assert!(close(item.bottom_two_box, item.negative));
        }
    }
    // The agreement items have "Don't know" among their missing answers, shown apart.
    let kind = got
        .likert
        .iter()
        .find(|l| l.variable == "trust_council")
        .unwrap();
    assert!(kind.missing.iter().any(|m| m.label == "Don't know"));
}
