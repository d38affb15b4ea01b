//! Rapport against statsmodels, an independent implementation, on the bundled sample and on
//! a workbook Rapport's own code never produced. The fixtures and the script that made them
//! are in `tests/fixtures` (see its README for how to reproduce them).

use rapport_engine::analysis;
use rapport_engine::results::Results;
use rapport_engine::spec::AnalysisSpec;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the repository root")
        .to_path_buf()
}

fn fixture(path: &str) -> Value {
    let text = std::fs::read_to_string(repo().join(path)).expect("fixture readable");
    serde_json::from_str(&text).expect("fixture is JSON")
}

fn run(spec: &str) -> Results {
    let spec = AnalysisSpec::load(&repo().join(spec)).expect("spec loads");
    analysis::run(&spec).unwrap_or_else(|e| panic!("analysis failed: {e}"))
}

fn number(v: &Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("fixture field {key} is not a number"))
}

/// Assert `got` agrees with `want` to a relative error of `10^-digits`, i.e. to `digits`
/// significant digits.
fn close(what: &str, got: f64, want: f64, digits: i32) {
    let rel = (got - want).abs() / want.abs();
    assert!(
        rel <= 10f64.powi(-digits),
        "{what}: Rapport {got:e}, statsmodels {want:e}, relative error {rel:e} > 1e-{digits}"
    );
}

/// Compare a fit with a statsmodels fixture: the same n and the same terms; estimates,
/// standard errors, t statistics and whole-model statistics to `digits` significant
/// digits; p-values and confidence limits, which also rest on a t-distribution routine, to
/// `digits - 2`.
fn compare_model(results: &Results, model: &Value, digits: i32) {
    let fit = &results.fit;
    assert_eq!(
        fit.n as u64,
        model["n"].as_u64().expect("n"),
        "complete rows"
    );
    let want: BTreeMap<&str, &Value> = model["terms"]
        .as_array()
        .expect("terms")
        .iter()
        .map(|t| (t["term"].as_str().expect("term name"), t))
        .collect();
    let got: BTreeMap<&str, _> = results
        .coefficients
        .iter()
        .map(|c| (c.term.as_str(), c))
        .collect();
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "term names"
    );
    for (term, c) in got {
        let w = want[term];
        close(
            &format!("{term} estimate"),
            c.estimate,
            number(w, "estimate"),
            digits,
        );
        close(
            &format!("{term} std_error"),
            c.std_error,
            number(w, "std_error"),
            digits,
        );
        close(
            &format!("{term} t"),
            c.statistic,
            number(w, "statistic"),
            digits,
        );
        close(
            &format!("{term} p"),
            c.p_value,
            number(w, "p_value"),
            digits - 2,
        );
        close(
            &format!("{term} conf_low"),
            c.conf_low,
            number(w, "conf_low"),
            digits - 2,
        );
        close(
            &format!("{term} conf_high"),
            c.conf_high,
            number(w, "conf_high"),
            digits - 2,
        );
    }
    close("R²", fit.r_squared, number(model, "r_squared"), digits);
    close(
        "adjusted R²",
        fit.adj_r_squared.expect("linear model"),
        number(model, "adj_r_squared"),
        digits,
    );
    close(
        "sigma",
        fit.sigma.expect("linear model"),
        number(model, "sigma"),
        digits,
    );
    let f = fit.f_statistic.expect("model has predictors, so an F test");
    close("F", f, number(model, "f_statistic"), digits);
    close(
        "log-likelihood",
        fit.log_likelihood,
        number(model, "log_likelihood"),
        digits,
    );
    // R's convention (k = rank + 1), which Rapport follows.
    close("AIC", fit.aic, number(model, "aic_r"), digits);
    close("BIC", fit.bic, number(model, "bic_r"), digits);
}

#[test]
fn riverside_matches_statsmodels_to_8_digits() {
    let results = run("samples/riverside-trust.json");
    let want = fixture("tests/fixtures/riverside-trust.statsmodels.json");
    compare_model(&results, &want["model"], 8);

    let composite = &want["composites"][0];
    let got = results
        .composites
        .iter()
        .find(|c| c.name == composite["name"].as_str().expect("composite name"))
        .expect("the relational composite is reported");
    let rel = &got.reliability;
    assert_eq!(
        rel.n_complete as u64,
        composite["n_complete"].as_u64().expect("n")
    );
    close("alpha", rel.alpha, number(composite, "alpha"), 8);
    close(
        "standardized alpha",
        rel.alpha_standardized,
        number(composite, "alpha_standardized"),
        8,
    );
    for item in composite["item_stats"].as_array().expect("item stats") {
        let name = item["item"].as_str().expect("item name");
        let got = rel
            .items
            .iter()
            .find(|i| i.item == name)
            .expect("item reported");
        close(
            &format!("{name} alpha if deleted"),
            got.alpha_if_deleted.expect("defined for 8 items"),
            number(item, "alpha_if_deleted"),
            8,
        );
        close(
            &format!("{name} corrected item-total r"),
            got.corrected_item_total.expect("defined"),
            number(item, "corrected_item_total"),
            8,
        );
    }
}

#[test]
fn unseen_workbook_matches_statsmodels_to_6_digits() {
    let results = run("tests/fixtures/unseen/district-services.json");
    let want = fixture("tests/fixtures/unseen/district-services.statsmodels.json");
    compare_model(&results, &want["model"], 6);
}
