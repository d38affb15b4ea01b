//! Weighted, robust (HC0–HC3), cluster-robust (CR1) and design-based linear models, and
//! the block tests, against R (`lm`, `sandwich`, `survey::svyglm`, `anova`,
//! `regTermTest`). The fixture and the script that made it are in
//! `tests/fixtures/survey_ols/`; every figure goes through `analysis::run`, the path the
//! CLI and the desktop app take.

mod common;

const FIXTURE: &str = "tests/fixtures/survey_ols/survey_ols.json";

use common::reference::{close, fixture, numbers, repo};
use rapport_engine::analysis;
use rapport_engine::results::{BlockTestMethod, Results};
use rapport_engine::spec::{AnalysisSpec, BlockRole, PredictorBlock, SurveyDesign};
use rapport_stats::variance::VarianceKind;
use serde_json::Value;

/// The synthetic survey: y on block A (x1, x2) and block B (g, x3), g's reference "a".
fn spec(weighted: bool, variance: VarianceKind) -> AnalysisSpec {
    let mut spec = AnalysisSpec::new(
        repo().join("tests/fixtures/survey_ols/survey_ols.csv"),
        "y",
        vec![
            PredictorBlock::new("A", BlockRole::Other, &["x1", "x2"]),
            PredictorBlock::new("B", BlockRole::Other, &["g", "x3"]),
        ],
    );
    spec.reference_levels.insert("g".into(), "a".into());
    spec.design = SurveyDesign {
        weight: weighted.then(|| "w".to_string()),
        strata: Some("st".into()),
        cluster: Some("cl".into()),
    };
    spec.variance = Some(variance);
    spec
}

fn run(spec: &AnalysisSpec) -> Results {
    analysis::run(spec).unwrap_or_else(|e| panic!("analysis failed: {e}"))
}

fn check_coefficients(what: &str, r: &Results, coef: &Value, se: &Value, digits: f64) {
    let terms = fixture(FIXTURE)["terms"].clone();
    let terms: Vec<&str> = terms
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    let (coef, se) = (numbers(coef), numbers(se));
    assert_eq!(r.coefficients.len(), terms.len(), "{what}: terms");
    for (i, c) in r.coefficients.iter().enumerate() {
        assert_eq!(c.term, terms[i], "{what}: term order");
        close(
            &format!("{what} {} estimate", c.term),
            c.estimate,
            coef[i],
            11.0,
        );
        close(&format!("{what} {} SE", c.term), c.std_error, se[i], digits);
    }
}

#[test]
fn ordinary_and_weighted_least_squares_with_every_variance_estimator() {
    let f = fixture(FIXTURE);
    for (weighted, key) in [(false, "unweighted"), (true, "weighted")] {
        let want = &f[key];
        for (kind, se_key) in [
            (VarianceKind::Classical, "se_classical"),
            (VarianceKind::Hc0, "se_hc0"),
            (VarianceKind::Hc1, "se_hc1"),
            (VarianceKind::Hc2, "se_hc2"),
            (VarianceKind::Hc3, "se_hc3"),
            (VarianceKind::Cluster, "se_cluster"),
        ] {
            let r = run(&spec(weighted, kind));
            let what = format!("{key} {}", kind.code());
            check_coefficients(&what, &r, &want["coef"], &want[se_key], 10.0);
            assert_eq!(r.fit.n as f64, want["n"].as_f64().unwrap());
            close(
                &what,
                r.fit.r_squared,
                want["r_squared"].as_f64().unwrap(),
                11.0,
            );
            close(
                &what,
                r.fit.adj_r_squared.unwrap(),
                want["adj_r_squared"].as_f64().unwrap(),
                11.0,
            );
            close(
                &what,
                r.fit.sigma.unwrap(),
                want["sigma"].as_f64().unwrap(),
                11.0,
            );
            close(
                &what,
                r.fit.log_likelihood,
                want["log_likelihood"].as_f64().unwrap(),
                11.0,
            );
            close(&what, r.fit.aic, want["aic"].as_f64().unwrap(), 11.0);
            close(&what, r.fit.bic, want["bic"].as_f64().unwrap(), 11.0);
            if kind == VarianceKind::Cluster {
                let g = want["clusters"].as_f64().unwrap();
                assert_eq!(r.model.inference_df, Some(g - 1.0), "CR1 uses G − 1 df");
            }
        }
    }
}

/// One block test's statistic, df and p against R.
fn check_block(what: &str, r: &Results, want: &Value, method: BlockTestMethod) {
    let t = r
        .block_tests
        .iter()
        .find(|t| t.block == "B")
        .expect("block B tested");
    assert_eq!(t.method, method, "{what}");
    assert_eq!(t.df as f64, want["df"].as_f64().unwrap(), "{what}: df");
    assert_eq!(
        t.df_denominator,
        want["ddf"].as_f64(),
        "{what}: denominator df"
    );
    close(
        &format!("{what} F"),
        t.statistic,
        want["f"].as_f64().unwrap(),
        10.0,
    );
    close(
        &format!("{what} p"),
        t.p_value,
        want["p"].as_f64().unwrap(),
        8.0,
    );
}

#[test]
fn block_tests_match_anova_and_wald_tests() {
    let f = fixture(FIXTURE);
    for (weighted, key) in [(false, "unweighted"), (true, "weighted")] {
        let want = &f[key];
        let classical = run(&spec(weighted, VarianceKind::Classical));
        check_block(
            &format!("{key} F"),
            &classical,
            &want["block_f"],
            BlockTestMethod::F,
        );
        let t = classical
            .block_tests
            .iter()
            .find(|t| t.block == "B")
            .unwrap();
        close(
            "R² without B",
            t.explained_without,
            want["r_squared_reduced"].as_f64().unwrap(),
            11.0,
        );
        close(
            "R² with B",
            t.explained_with,
            want["r_squared"].as_f64().unwrap(),
            11.0,
        );
        let hc3 = run(&spec(weighted, VarianceKind::Hc3));
        check_block(
            &format!("{key} HC3 Wald"),
            &hc3,
            &want["block_wald_hc3"],
            BlockTestMethod::Wald,
        );
        let cl = run(&spec(weighted, VarianceKind::Cluster));
        check_block(
            &format!("{key} CR1 Wald"),
            &cl,
            &want["block_wald_cluster"],
            BlockTestMethod::Wald,
        );
    }
}

#[test]
fn design_based_errors_match_svyglm_with_strata_clusters_and_a_lonely_psu() {
    let f = fixture(FIXTURE);
    let want = &f["design"];
    let r = run(&spec(true, VarianceKind::Design));
    check_coefficients("svyglm", &r, &want["coef"], &want["se"], 10.0);
    assert_eq!(r.model.inference_df, want["df_residual"].as_f64());
    let design = r.model.design.as_ref().expect("design summary");
    assert_eq!(design.df as f64, want["degf"].as_f64().unwrap());
    assert_eq!(design.lonely_strata, 1);
    check_block(
        "svyglm regTermTest",
        &r,
        &want["block_wald"],
        BlockTestMethod::Wald,
    );
    assert!(
        r.model.variance.starts_with("Design-based"),
        "{}",
        r.model.variance
    );
}
