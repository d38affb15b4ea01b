//! Ordinal logistic regression against R (`MASS::polr`, `survey::svyolr`, `sandwich`) and
//! statsmodels (`OrderedModel`): tests/fixtures/ordinal, made by the scripts there.
//!
//! The tight comparisons are with the references' "tight" fits (R's own optimiser driven
//! to a score below 1e-9 and its Hessian taken with small steps, see the R script); the
//! "default" fits, as a user gets them from R, hold only 4–5 digits and are checked at that.

use rapport_stats::linalg::faer::{Mat, MatRef};
use rapport_stats::ordinal::{self, OrdinalFit};
use rapport_stats::survey::Design;
use rapport_stats::variance::{VarianceError, VarianceKind};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/ordinal")
        .join(name)
}

fn json(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixture(name)).unwrap()).unwrap()
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn matrix(v: &Value) -> Vec<Vec<f64>> {
    v.as_array().unwrap().iter().map(numbers).collect()
}

/// A header-first CSV without quoting, as the R script writes it.
struct Csv {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Csv {
    fn read(name: &str) -> Csv {
        let text = std::fs::read_to_string(fixture(name)).unwrap();
        let mut lines = text
            .lines()
            .map(|l| l.split(',').map(str::to_owned).collect());
        Csv {
            header: lines.next().unwrap(),
            rows: lines.collect(),
        }
    }

    fn col(&self, name: &str) -> Vec<&str> {
        let j = self.header.iter().position(|h| h == name).unwrap();
        self.rows.iter().map(|r| r[j].as_str()).collect()
    }

    fn num(&self, name: &str) -> Vec<f64> {
        self.col(name).iter().map(|v| v.parse().unwrap()).collect()
    }
}

/// Significant digits of agreement: −log10 of the largest relative error.
fn digits(got: &[f64], want: &[f64]) -> f64 {
    assert_eq!(got.len(), want.len());
    got.iter()
        .zip(want)
        .map(|(g, w)| -(((g - w) / w).abs().max(1e-17)).log10())
        .fold(f64::INFINITY, f64::min)
}

/// Digits of a covariance matrix, each entry relative to `√(vᵢᵢvⱼⱼ)` (the correlation
/// scale, so a near-zero covariance is not held to a relative bar it cannot meet).
fn cov_digits(got: MatRef<'_, f64>, want: &[Vec<f64>]) -> f64 {
    let m = want.len();
    assert_eq!(got.nrows(), m);
    (0..m)
        .flat_map(|i| (0..m).map(move |j| (i, j)))
        .map(|(i, j)| {
            let scale = (want[i][i] * want[j][j]).sqrt();
            -(((got[(i, j)] - want[i][j]) / scale).abs().max(1e-17)).log10()
        })
        .fold(f64::INFINITY, f64::min)
}

fn at_least(what: &str, reached: f64, bar: f64) {
    println!("{what}: {reached:.1} digits");
    assert!(reached >= bar, "{what}: {reached:.2} digits, want {bar}");
}

fn std_errors(cov: MatRef<'_, f64>) -> Vec<f64> {
    (0..cov.nrows()).map(|i| cov[(i, i)].sqrt()).collect()
}

/// The synthetic data: design [x1, x2, x3, x4, fB, fC], outcome 1..4 as 0..3.
struct Synthetic {
    x: Mat<f64>,
    y: Vec<usize>,
    csv: Csv,
}

fn synthetic() -> Synthetic {
    let csv = Csv::read("data.csv");
    let cols: Vec<Vec<f64>> = ["x1", "x2", "x3", "x4"]
        .iter()
        .map(|c| csv.num(c))
        .collect();
    let f = csv.col("f");
    let x = Mat::from_fn(csv.rows.len(), 6, |i, j| match j {
        0..4 => cols[j][i],
        4 => f64::from(u8::from(f[i] == "B")),
        _ => f64::from(u8::from(f[i] == "C")),
    });
    let y = csv.num("y").iter().map(|&v| v as usize - 1).collect();
    Synthetic { x, y, csv }
}

/// Estimates in R's order (β, ζ) and their classical covariance.
fn estimates(fit: &OrdinalFit) -> Vec<f64> {
    assert!(fit.converged, "{} iterations", fit.iterations);
    assert_eq!(fit.perfect_rows, 0);
    assert!(fit.coefficients.iter().all(Option::is_some));
    fit.parameters()
}

fn compare_polr(what: &str, fit: &OrdinalFit, r: &Value, bar: f64) {
    let want: Vec<f64> = numbers(&r["coefficients"])
        .into_iter()
        .chain(numbers(&r["zeta"]))
        .collect();
    at_least(
        &format!("{what} estimates"),
        digits(&estimates(fit), &want),
        bar,
    );
    at_least(
        &format!("{what} standard errors"),
        digits(&std_errors(fit.cov.as_ref()), &numbers(&r["std_errors"])),
        bar,
    );
    at_least(
        &format!("{what} vcov"),
        cov_digits(fit.cov.as_ref(), &matrix(&r["vcov"])),
        bar,
    );
    at_least(
        &format!("{what} logLik"),
        digits(&[fit.log_likelihood], &[r["loglik"].as_f64().unwrap()]),
        bar + 3.0,
    );
    at_least(
        &format!("{what} AIC"),
        digits(&[fit.aic], &[r["aic"].as_f64().unwrap()]),
        bar + 3.0,
    );
}

#[test]
fn unweighted_fit_matches_polr_and_statsmodels() {
    let d = synthetic();
    let expected = json("expected.json");
    let r = &expected["synthetic"]["polr"];
    let fit = ordinal::fit(d.x.as_ref(), &d.y, 4, &vec![1.0; d.y.len()]).unwrap();
    println!(
        "{} Newton steps, max |score| {:e}",
        fit.iterations, fit.max_abs_score
    );
    compare_polr("polr (tight)", &fit, &r["tight"], 8.0);
    compare_polr("polr (default, BFGS)", &fit, &r["default"], 3.5);
    let tight = &r["tight"];
    at_least(
        "null logLik",
        digits(
            &[fit.null_log_likelihood],
            &[tight["null_loglik"].as_f64().unwrap()],
        ),
        9.0,
    );
    let fitted = fit.probabilities(d.x.as_ref());
    for (i, row) in matrix(&tight["fitted_first_rows"]).iter().enumerate() {
        let got: Vec<f64> = (0..4).map(|c| fitted[(i, c)]).collect();
        at_least(&format!("fitted row {i}"), digits(&got, row), 9.0);
    }
    let hc0 = fit.covariance(
        VarianceKind::Hc0,
        &Design::simple(d.y.len()),
        &(0..d.y.len()).collect::<Vec<_>>(),
    );
    at_least(
        "HC0 (sandwich)",
        cov_digits(hc0.unwrap().cov.as_ref(), &matrix(&tight["hc0"])),
        8.0,
    );

    // statsmodels: Newton on finite-difference derivatives.
    let sm = json("statsmodels.json");
    let want: Vec<f64> = numbers(&sm["coefficients"])
        .into_iter()
        .chain(numbers(&sm["thresholds"]))
        .collect();
    at_least(
        "statsmodels estimates",
        digits(&estimates(&fit), &want),
        8.0,
    );
    at_least(
        "statsmodels standard errors",
        digits(&std_errors(fit.cov.as_ref()), &numbers(&sm["std_errors"])),
        6.0,
    );
    at_least(
        "statsmodels llf",
        digits(&[fit.log_likelihood], &[sm["llf"].as_f64().unwrap()]),
        12.0,
    );
}

#[test]
fn weighted_fit_and_sandwiches_match_polr_and_sandwich() {
    let d = synthetic();
    let expected = json("expected.json");
    let r = &expected["synthetic"]["polr_weighted"];
    let w = d.csv.num("w");
    let fit = ordinal::fit(d.x.as_ref(), &d.y, 4, &w).unwrap();
    compare_polr("weighted polr (tight)", &fit, &r["tight"], 8.0);
    compare_polr("weighted polr (default, BFGS)", &fit, &r["default"], 3.5);
    let rows: Vec<usize> = (0..d.y.len()).collect();
    let simple = Design::new::<u8, u8>(rows.len(), Some(w.clone()), None, None).unwrap();
    let hc0 = fit.covariance(VarianceKind::Hc0, &simple, &rows).unwrap();
    at_least(
        "weighted HC0",
        cov_digits(hc0.cov.as_ref(), &matrix(&r["tight"]["hc0"])),
        8.0,
    );
    assert_eq!(hc0.df, None);
    // CR1 on the 24 PSUs (cluster labels repeat across strata, so cluster on both).
    let psu: Vec<String> = d
        .csv
        .col("st")
        .iter()
        .zip(d.csv.col("cl"))
        .map(|(s, c)| format!("{s} {c}"))
        .collect();
    let clustered = Design::new::<u8, String>(rows.len(), Some(w), None, Some(&psu)).unwrap();
    let cr1 = fit
        .covariance(VarianceKind::Cluster, &clustered, &rows)
        .unwrap();
    at_least(
        "weighted CR1 (vcovCL HC0)",
        cov_digits(cr1.cov.as_ref(), &matrix(&r["tight"]["cr1"])),
        8.0,
    );
    assert_eq!(
        cr1.groups,
        Some(r["tight"]["clusters"].as_u64().unwrap() as usize)
    );
    // Leverages belong to OLS and logistic models.
    for kind in [VarianceKind::Hc2, VarianceKind::Hc3] {
        let err = fit.covariance(kind, &simple, &rows).unwrap_err();
        assert!(matches!(err, VarianceError::NoLeverage(_)), "{err}");
    }
}

fn compare_svyolr(
    what: &str,
    fit: &OrdinalFit,
    design: &Design,
    rows: &[usize],
    r: &Value,
    bar: f64,
) {
    let want: Vec<f64> = numbers(&r["coefficients"])
        .into_iter()
        .chain(numbers(&r["zeta"]))
        .collect();
    at_least(
        &format!("{what} estimates"),
        digits(&estimates(fit), &want),
        bar,
    );
    let v = fit.covariance(VarianceKind::Design, design, rows).unwrap();
    at_least(
        &format!("{what} standard errors"),
        digits(&std_errors(v.cov.as_ref()), &numbers(&r["std_errors"])),
        bar,
    );
    at_least(
        &format!("{what} vcov"),
        cov_digits(v.cov.as_ref(), &matrix(&r["vcov"])),
        bar,
    );
    assert_eq!(
        v.df,
        Some(r["df_residual"].as_f64().unwrap()),
        "svyolr's df.residual"
    );
    // confint() on svyolr is confint.default: normal quantiles.
    let table = fit.coef_table(v.cov.as_ref(), 0.95);
    let rows_ci: Vec<_> = table
        .coefficients
        .iter()
        .map(|c| c.unwrap())
        .chain(table.thresholds.iter().copied())
        .collect();
    let ci = matrix(&r["conf_int_95"]);
    let low: Vec<f64> = rows_ci.iter().map(|c| c.conf_low).collect();
    let high: Vec<f64> = rows_ci.iter().map(|c| c.conf_high).collect();
    let (want_low, want_high): (Vec<f64>, Vec<f64>) = ci.iter().map(|r| (r[0], r[1])).unzip();
    at_least(
        &format!("{what} 95% CI"),
        digits(&low, &want_low).min(digits(&high, &want_high)),
        bar,
    );
}

#[test]
fn design_based_fit_matches_svyolr() {
    let d = synthetic();
    let expected = json("expected.json");
    let r = &expected["synthetic"]["svyolr"];
    let w = d.csv.num("w");
    let fit = ordinal::fit(d.x.as_ref(), &d.y, 4, &w).unwrap();
    let rows: Vec<usize> = (0..d.y.len()).collect();
    let (st, cl) = (d.csv.col("st"), d.csv.col("cl"));
    let design = Design::new(rows.len(), Some(w), Some(&st), Some(&cl)).unwrap();
    assert_eq!(design.df(&rows) as f64, r["degf"].as_f64().unwrap());
    compare_svyolr("svyolr (tight)", &fit, &design, &rows, &r["tight"], 8.0);
    compare_svyolr(
        "svyolr (default, BFGS)",
        &fit,
        &design,
        &rows,
        &r["default"],
        3.5,
    );
}

#[test]
fn sample_survey_trust_matches_svyolr() {
    // The complete cases of trust_council ~ kind + listened + respect +
    // resolved_first_time + days_waited, coded by the R script (see the JSON's "coding").
    let csv = Csv::read("riverside-model.csv");
    let expected = json("expected.json");
    let r = &expected["riverside"];
    let levels = [
        "Not at all",
        "Not very much",
        "A fair amount",
        "A great deal",
    ];
    let y: Vec<usize> = csv
        .col("trust_council")
        .iter()
        .map(|t| levels.iter().position(|l| l == t).unwrap())
        .collect();
    let terms: Vec<&str> = r["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    let cols: Vec<Vec<f64>> = terms.iter().map(|t| csv.num(t)).collect();
    let x = Mat::from_fn(y.len(), cols.len(), |i, j| cols[j][i]);
    let w = csv.num("weight");
    assert_eq!(y.len() as u64, r["n"].as_u64().unwrap());
    let fit = ordinal::fit(x.as_ref(), &y, 4, &w).unwrap();
    println!(
        "{} Newton steps, max |score| {:e}",
        fit.iterations, fit.max_abs_score
    );
    compare_polr(
        "riverside weighted polr (tight)",
        &fit,
        &r["polr_weighted"],
        8.0,
    );
    let rows: Vec<usize> = (0..y.len()).collect();
    let wards = csv.col("ward");
    let design = Design::new::<u8, &str>(y.len(), Some(w), None, Some(&wards)).unwrap();
    assert_eq!(design.df(&rows) as f64, r["degf"].as_f64().unwrap());
    compare_svyolr(
        "riverside svyolr (tight)",
        &fit,
        &design,
        &rows,
        &r["tight"],
        8.0,
    );
    compare_svyolr(
        "riverside svyolr (default, BFGS)",
        &fit,
        &design,
        &rows,
        &r["default"],
        2.5,
    );
    let unweighted = ordinal::fit(x.as_ref(), &y, 4, &vec![1.0; y.len()]).unwrap();
    compare_polr("riverside polr (tight)", &unweighted, &r["polr"], 8.0);
}
