//! Properties of the design matrix that follow from the algebra of treatment coding, checked
//! on the sample survey: they hold whatever the data, so a wrong coding cannot pass.

use rapport_engine::analysis;
use rapport_engine::results::Results;
use rapport_engine::spec::{AnalysisSpec, BlockRole, PredictorBlock};
use std::path::Path;

fn spec(predictors: &[&str]) -> AnalysisSpec {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples/riverside-2026.csv");
    let block = PredictorBlock::new("Predictors", BlockRole::Other, predictors);
    AnalysisSpec::new(file, "trust_council", vec![block])
}

fn estimate(r: &Results, term: &str) -> f64 {
    r.coefficients
        .iter()
        .find(|c| c.term == term)
        .unwrap_or_else(|| panic!("no term {term} in {:?}", terms(r)))
        .estimate
}

fn terms(r: &Results) -> Vec<&str> {
    r.coefficients.iter().map(|c| c.term.as_str()).collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-10 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn changing_the_reference_level_reparameterises_the_same_model() {
    let default = analysis::run(&spec(&["kind", "age_band"])).unwrap();
    // The default reference is the most frequent band, 45-54 in the sample.
    assert!(!terms(&default).contains(&"age_band[T.45-54]"));
    let mut other = spec(&["kind", "age_band"]);
    other
        .reference_levels
        .insert("age_band".into(), "16-24".into());
    let other = analysis::run(&other).unwrap();
    assert!(close(default.fit.r_squared, other.fit.r_squared));
    assert!(close(default.fit.log_likelihood, other.fit.log_likelihood));
    assert!(close(estimate(&default, "kind"), estimate(&other, "kind")));
    // b(16-24 vs 45-54) = −b(45-54 vs 16-24), and every other contrast shifts by it.
    let shift = estimate(&default, "age_band[T.16-24]");
    assert!(close(shift, -estimate(&other, "age_band[T.45-54]")));
    assert!(close(
        estimate(&default, "age_band[T.75+]") - shift,
        estimate(&other, "age_band[T.75+]")
    ));
    assert!(close(
        estimate(&default, "(Intercept)") + shift,
        estimate(&other, "(Intercept)")
    ));
}

#[test]
fn numeric_columns_made_categorical_name_levels_as_the_sheet_does() {
    let mut s = spec(&["imd_quintile"]);
    s.categorical.push("imd_quintile".into());
    let r = analysis::run(&s).unwrap();
    // Quintile 1 is the most frequent, so it is the reference.
    assert_eq!(
        terms(&r),
        [
            "(Intercept)",
            "imd_quintile[T.2]",
            "imd_quintile[T.3]",
            "imd_quintile[T.4]",
            "imd_quintile[T.5]"
        ]
    );
    // Five free group means fit at least as well as one straight line through them.
    let numeric = analysis::run(&spec(&["imd_quintile"])).unwrap();
    assert_eq!(terms(&numeric), ["(Intercept)", "imd_quintile"]);
    assert!(r.fit.r_squared >= numeric.fit.r_squared);
}

#[test]
fn without_an_intercept_the_first_factor_keeps_every_level() {
    let with = analysis::run(&spec(&["sex", "kind"])).unwrap();
    let mut s = spec(&["sex", "kind"]);
    s.intercept = false;
    let without = analysis::run(&s).unwrap();
    assert_eq!(terms(&without), ["sex[Female]", "sex[Male]", "kind"]);
    assert_eq!(without.fit.r_squared_kind, "uncentred");
    // Same column space, so the same fit: equal residual SD and log-likelihood, and the
    // level coefficients are the intercept-model's group intercepts.
    assert!(close(with.fit.sigma.unwrap(), without.fit.sigma.unwrap()));
    assert!(close(with.fit.log_likelihood, without.fit.log_likelihood));
    assert!(close(
        estimate(&with, "(Intercept)"),
        estimate(&without, "sex[Female]")
    ));
    assert!(close(
        estimate(&with, "(Intercept)") + estimate(&with, "sex[T.Male]"),
        estimate(&without, "sex[Male]")
    ));
}

#[test]
fn rows_are_left_out_listwise_and_counted_by_reason() {
    let r = analysis::run(&spec(&["kind", "sex"])).unwrap();
    assert_eq!(r.fit.n + r.fit.n_dropped, r.input.rows);
    let counted: usize = r.dropped.iter().map(|d| d.rows).sum();
    // A row can be missing on several columns, so the per-column counts cover every
    // dropped row at least once.
    assert!(counted >= r.fit.n_dropped && r.fit.n_dropped > 0);
    let codebook_missing: usize = ["trust_council", "kind", "sex"]
        .iter()
        .map(|c| r.codebook.get(c).unwrap().missing_n())
        .sum();
    assert_eq!(counted, codebook_missing);
}
