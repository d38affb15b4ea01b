//! The sample survey through `analysis::run` (the CLI's and the desktop app's path) as
//! logistic and ordinal models with weights and ward clusters, against R's `svyglm` /
//! `svyolr` / `polr` fixtures made by `tests/fixtures/logit/` and
//! `tests/fixtures/ordinal/`.
//!
//! The fixtures code "resolved first time" as Yes = 1, No = 0; Rapport scores its Yes/No
//! scale 1 = No, 2 = Yes. Slopes and their errors are the same; an ordinal model's
//! cut-points shift by the slope (θ' = θ + β, so var θ' = var θ + var β + 2 cov(θ, β)),
//! and a logistic model's intercept by minus the slope.

mod common;

use common::reference::{close, fixture, numbers, repo};
use rapport_engine::analysis;
use rapport_engine::results::{BlockTestMethod, Results};
use rapport_engine::spec::{AnalysisSpec, BlockRole, Family, PredictorBlock, SurveyDesign};
use rapport_stats::variance::VarianceKind;
use serde_json::Value;

/// Trust on three relational items, resolved first time and days waited.
fn riverside(family: Family, weighted: bool) -> AnalysisSpec {
    let mut spec = AnalysisSpec::new(
        repo().join("samples/riverside-2026.csv"),
        "trust_council",
        vec![
            PredictorBlock::new(
                "Relationships",
                BlockRole::Relational,
                &["kind", "listened", "respect"],
            ),
            PredictorBlock::new(
                "Service performance",
                BlockRole::Transactional,
                &["resolved_first_time", "days_waited"],
            ),
        ],
    );
    spec.family = family;
    if weighted {
        spec.design = SurveyDesign {
            weight: Some("weight".into()),
            strata: None,
            cluster: Some("ward".into()),
        };
    }
    spec
}

fn run(spec: &AnalysisSpec) -> Results {
    analysis::run(spec).unwrap_or_else(|e| panic!("analysis failed: {e}"))
}

/// Ordinal: slopes, cut-points (shifted to Rapport's 1/2 coding) and their errors.
fn check_ordinal(what: &str, r: &Results, want: &Value, digits: f64) {
    let beta = numbers(&want["coefficients"]);
    let zeta = numbers(&want["zeta"]);
    let vcov: Vec<Vec<f64>> = want["vcov"]
        .as_array()
        .expect("vcov")
        .iter()
        .map(numbers)
        .collect();
    assert_eq!(r.coefficients.len(), beta.len(), "{what}: slopes");
    for (j, c) in r.coefficients.iter().enumerate() {
        close(
            &format!("{what} {} estimate", c.term),
            c.estimate,
            beta[j],
            9.0,
        );
        close(
            &format!("{what} {} SE", c.term),
            c.std_error,
            vcov[j][j].sqrt(),
            digits,
        );
        let or = c.odds_ratio.expect("odds ratio");
        close(
            &format!("{what} {} OR", c.term),
            or.estimate,
            beta[j].exp(),
            9.0,
        );
    }
    let k = beta.len();
    let resolved = 3; // position of resolved_first_time among the slopes
    assert_eq!(r.thresholds.len(), zeta.len());
    for (j, t) in r.thresholds.iter().enumerate() {
        let theta = zeta[j] + beta[resolved];
        let var = vcov[k + j][k + j] + vcov[resolved][resolved] + 2.0 * vcov[k + j][resolved];
        close(
            &format!("{what} {} cut-point", t.term),
            t.estimate,
            theta,
            9.0,
        );
        close(
            &format!("{what} {} SE", t.term),
            t.std_error,
            var.sqrt(),
            digits,
        );
    }
}

#[test]
fn ordinal_trust_with_weights_and_wards_matches_svyolr() {
    let f = fixture("tests/fixtures/ordinal/expected.json");
    let want = &f["riverside"];
    let r = run(&riverside(Family::Ordinal, true));
    assert_eq!(r.model.variance_kind, VarianceKind::Design);
    assert_eq!(r.fit.n as f64, want["n"].as_f64().unwrap());
    assert_eq!(r.thresholds[0].term, "Not at all|Not very much");
    check_ordinal("svyolr", &r, &want["tight"], 8.0);
    // The relational block's Wald test uses svyolr's residual df.
    let t = &r.block_tests[0];
    assert_eq!((t.method, t.df), (BlockTestMethod::Wald, 3));
    assert_eq!(t.df_denominator, want["tight"]["df_residual"].as_f64());
}

#[test]
fn ordinal_trust_unweighted_matches_polr_and_its_likelihood() {
    let f = fixture("tests/fixtures/ordinal/expected.json");
    let want = &f["riverside"]["polr"];
    let r = run(&riverside(Family::Ordinal, false));
    assert_eq!(r.model.variance_kind, VarianceKind::Classical);
    check_ordinal("polr", &r, want, 8.0);
    close(
        "logLik",
        r.fit.log_likelihood,
        want["loglik"].as_f64().unwrap(),
        10.0,
    );
    close("AIC", r.fit.aic, want["aic"].as_f64().unwrap(), 10.0);
    // Unweighted with classical errors, blocks are compared by likelihood ratio.
    assert!(
        r.block_tests
            .iter()
            .all(|t| t.method == BlockTestMethod::LikelihoodRatio)
    );
}

#[test]
fn logistic_trust_with_weights_and_wards_matches_svyglm() {
    let want = fixture("tests/fixtures/logit/riverside.json");
    let r = run(&riverside(Family::Logit, true));
    assert_eq!(r.fit.n as f64, want["n"].as_f64().unwrap());
    assert_eq!(
        r.outcome.positive_levels,
        ["A fair amount", "A great deal"],
        "the upper half of the trust scale counts as 1 by default"
    );
    assert_eq!(r.model.inference_df, want["df_residual"].as_f64());
    let (beta, se, p) = (
        numbers(&want["coefficients"]),
        numbers(&want["std_errors"]),
        numbers(&want["p_values"]),
    );
    let resolved = 4; // position of resolved_first_time, intercept first
    for (j, c) in r.coefficients.iter().enumerate() {
        if j == 0 {
            close("intercept", c.estimate, beta[0] - beta[resolved], 10.0);
            continue;
        }
        close(
            &format!("svyglm {} estimate", c.term),
            c.estimate,
            beta[j],
            10.0,
        );
        close(&format!("svyglm {} SE", c.term), c.std_error, se[j], 10.0);
        close(&format!("svyglm {} p", c.term), c.p_value, p[j], 8.0);
    }
    // svyglm rescales the weights to mean 1 over the whole sample, which scales its
    // deviance but not the estimates, so the deviance is compared unweighted elsewhere
    // (tests/tests/logit.rs).
    let l = r.likelihood.as_ref().expect("likelihood statistics");
    assert!(
        l.lr_test.is_none(),
        "no likelihood-ratio test on a pseudo-likelihood"
    );
    assert_eq!(r.marginal_effects.len(), 5);
}

/// Raked weights in a design-based model: R's raked design takes the calibration out of
/// the variance (here it raises precision a lot, since the wards are both the clusters and
/// a raking margin); fixed weights would give R's `se_fixed_weights` instead.
#[test]
fn raked_weights_give_svyglm_on_the_raked_design() {
    let want = fixture("tests/fixtures/raked_design/raked_design.json");
    let mut spec = riverside(Family::Ols, true);
    spec.rake = Some(rapport_engine::spec::RakeSpec {
        margins: repo().join("samples/riverside-margins.csv"),
        base_weight: Some("weight".into()),
        trim: None,
        max_iterations: Some(200),
        tolerance: Some(1e-13),
        column_name: None,
    });
    let r = run(&spec);
    assert!(r.weighting.as_ref().is_some_and(|w| w.converged));
    let (coef, se, fixed) = (
        numbers(&want["coef"]),
        numbers(&want["se_raked"]),
        numbers(&want["se_fixed_weights"]),
    );
    for (j, c) in r.coefficients.iter().enumerate() {
        close(
            &format!("raked {} estimate", c.term),
            c.estimate,
            coef[j],
            10.0,
        );
        close(&format!("raked {} SE", c.term), c.std_error, se[j], 10.0);
        assert!(
            (c.std_error / fixed[j] - 1.0).abs() > 0.1,
            "{}: the calibrated SE must differ from the fixed-weight one",
            c.term
        );
    }
    assert_eq!(r.model.inference_df, want["df_residual"].as_f64());
}

#[test]
fn linear_trust_with_weights_and_wards_matches_svyglm() {
    let f = fixture("tests/fixtures/survey_ols/survey_ols.json");
    let want = &f["riverside"];
    let r = run(&riverside(Family::Ols, true));
    assert_eq!(
        r.model.variance_kind,
        VarianceKind::Design,
        "a design defaults to design-based SEs"
    );
    assert_eq!(r.fit.n as f64, want["n"].as_f64().unwrap());
    let (coef, se) = (numbers(&want["coef"]), numbers(&want["se"]));
    for (i, c) in r.coefficients.iter().enumerate() {
        close(
            &format!("riverside {} estimate", c.term),
            c.estimate,
            coef[i],
            11.0,
        );
        close(
            &format!("riverside {} SE", c.term),
            c.std_error,
            se[i],
            10.0,
        );
    }
    assert_eq!(r.model.inference_df, want["df_residual"].as_f64());
}
