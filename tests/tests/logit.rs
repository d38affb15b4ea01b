//! Binary logistic regression against R (glm, sandwich, survey::svyglm) and statsmodels, on
//! the synthetic data of `tests/fixtures/logit` and the bundled sample survey, plus
//! separation and a cross-check with linfa-logistic. The fixtures and their scripts are in
//! `tests/fixtures/logit` (see `tests/fixtures/README.md`).
//!
//! Each comparison reports the worst agreement in significant digits (`cargo test -p
//! rapport-tests --test logit -- --nocapture` prints them) and fails below its bar.

use rapport_stats::inference;
use rapport_stats::linalg::faer::Mat;
use rapport_stats::logit::{self, LogitFit};
use rapport_stats::survey::Design;
use rapport_stats::variance::{VarianceKind, sandwich};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the repository root")
        .to_path_buf()
}

fn fixture(name: &str) -> Value {
    let path = repo().join("tests/fixtures/logit").join(name);
    let text = std::fs::read_to_string(&path).expect("fixture readable");
    serde_json::from_str(&text).expect("fixture is JSON")
}

fn nums(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|x| x.as_f64().expect("a number"))
        .collect()
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// Significant digits to which `got` agrees with `want` (16 when equal).
fn digits(got: f64, want: f64) -> f64 {
    if got == want {
        return 16.0;
    }
    (-((got - want) / want).abs().log10()).min(16.0)
}

/// Worst agreement of `got` with `want`, printed; panics below `min` digits.
fn check(what: &str, got: &[f64], want: &[f64], min: f64) -> f64 {
    assert_eq!(got.len(), want.len(), "{what}: lengths");
    let worst = got
        .iter()
        .zip(want)
        .map(|(g, w)| digits(*g, *w))
        .fold(16.0, f64::min);
    eprintln!("{what}: {worst:.1} digits");
    assert!(
        worst >= min,
        "{what}: {worst:.1} digits, below {min}\n got {got:?}\nwant {want:?}"
    );
    worst
}

/// The synthetic data: design `[1, x1, x2, x3, f=b, f=c]` as R's `model.matrix`.
struct Synthetic {
    x: Mat<f64>,
    y: Vec<f64>,
    w: Vec<f64>,
    cl: Vec<String>,
    st: Vec<String>,
}

/// A CSV file's columns by header name.
struct Csv {
    headers: csv::StringRecord,
    records: Vec<csv::StringRecord>,
}

impl Csv {
    fn read(path: &Path) -> Csv {
        let mut reader = csv::Reader::from_path(path).expect("CSV readable");
        let headers = reader.headers().unwrap().clone();
        let records = reader.records().map(|r| r.unwrap()).collect();
        Csv { headers, records }
    }

    fn column(&self, name: &str) -> Vec<&str> {
        let at = self.headers.iter().position(|h| h == name).unwrap();
        self.records.iter().map(|r| &r[at]).collect()
    }

    fn numbers(&self, name: &str) -> Vec<f64> {
        self.column(name)
            .iter()
            .map(|v| v.parse().unwrap())
            .collect()
    }

    fn strings(&self, name: &str) -> Vec<String> {
        self.column(name).iter().map(|v| v.to_string()).collect()
    }
}

fn synthetic() -> Synthetic {
    let csv = Csv::read(&repo().join("tests/fixtures/logit/data.csv"));
    let (x1, x2, x3) = (csv.numbers("x1"), csv.numbers("x2"), csv.numbers("x3"));
    let f = csv.column("f");
    let x = Mat::from_fn(f.len(), 6, |i, j| match j {
        0 => 1.0,
        1 => x1[i],
        2 => x2[i],
        3 => x3[i],
        4 => f64::from(f[i] == "b"),
        _ => f64::from(f[i] == "c"),
    });
    Synthetic {
        x,
        y: csv.numbers("y"),
        w: csv.numbers("w"),
        cl: csv.strings("cl"),
        st: csv.strings("st"),
    }
}

fn estimates(f: &LogitFit) -> Vec<f64> {
    f.coefficients.iter().map(|b| b.unwrap()).collect()
}

fn ses(cov: &Mat<f64>) -> Vec<f64> {
    (0..cov.nrows()).map(|j| cov[(j, j)].sqrt()).collect()
}

fn entries(cov: &Mat<f64>) -> Vec<f64> {
    (0..cov.nrows())
        .flat_map(|i| (0..cov.ncols()).map(move |j| cov[(i, j)]))
        .collect()
}

fn matrix_entries(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().flat_map(nums).collect()
}

/// The glm case of the R fixture: estimates, every variance type, fit statistics.
fn compare_glm(label: &str, want: &Value, weights: &[f64]) {
    let d = synthetic();
    let f = logit::fit(d.x.as_ref(), &d.y, weights, true).unwrap();
    assert!(f.convergence.converged && f.separation.is_none());
    assert!(f.convergence.max_score < 1e-10, "{:?}", f.convergence);
    eprintln!("{label}: {:?}", f.convergence);
    let at = |what: &str| format!("{label} {what}");
    check(
        &at("coefficients"),
        &estimates(&f),
        &nums(&want["coefficients"]),
        12.0,
    );
    check(
        &at("classical covariance"),
        &entries(&f.cov),
        &matrix_entries(&want["cov_classical"]),
        12.0,
    );
    check(&at("fitted"), &f.fitted, &nums(&want["fitted"]), 12.0);

    let rows: Vec<usize> = (0..d.y.len()).collect();
    let clusters = Design::new::<u8, String>(d.y.len(), None, None, Some(&d.cl)).unwrap();
    let input = f.sandwich_input(&rows);
    for (kind, key) in [
        (VarianceKind::Hc0, "se_hc0"),
        (VarianceKind::Hc1, "se_hc1"),
        (VarianceKind::Hc2, "se_hc2"),
        (VarianceKind::Hc3, "se_hc3"),
        (VarianceKind::Cluster, "se_cluster"),
    ] {
        let s = sandwich(kind, &input, &clusters).unwrap();
        check(&at(key), &ses(&s.cov), &nums(&want[key]), 12.0);
        let df = (kind == VarianceKind::Cluster).then_some(24.0);
        assert_eq!(s.df, df, "{key}: G − 1 df for clusters, z otherwise");
    }
    let limits: Vec<_> = f
        .coef_table(f.cov.as_ref(), None, 0.95)
        .iter()
        .map(|r| inference::odds_ratio(&r.unwrap()))
        .collect();
    let low: Vec<f64> = limits.iter().map(|o| o.conf_low).collect();
    let high: Vec<f64> = limits.iter().map(|o| o.conf_high).collect();
    check(
        &at("odds-ratio lower limits"),
        &low,
        &nums(&want["odds_ratio_low"]),
        12.0,
    );
    check(
        &at("odds-ratio upper limits"),
        &high,
        &nums(&want["odds_ratio_high"]),
        12.0,
    );
    check(
        &at("se_classical"),
        &ses(&f.cov),
        &nums(&want["se_classical"]),
        12.0,
    );

    for (what, got, key) in [
        ("deviance", f.deviance, "deviance"),
        ("null deviance", f.null_deviance, "null_deviance"),
        ("logLik", f.log_likelihood, "log_likelihood"),
        ("AIC", f.aic, "aic"),
        ("BIC", f.bic, "bic"),
        ("McFadden R²", f.mcfadden_r2, "mcfadden_r2"),
        ("Nagelkerke R²", f.nagelkerke_r2, "nagelkerke_r2"),
        ("LR chi-squared", f.lr_test.statistic, "lr_chi_squared"),
    ] {
        check(&at(what), &[got], &[num(&want[key])], 12.0);
    }
    // A p-value near 1e-15, from statrs' χ² survival function.
    check(
        &at("LR p-value"),
        &[f.lr_test.p_value],
        &[num(&want["lr_p_value"])],
        10.0,
    );
    assert_eq!(f.lr_test.df as f64, num(&want["lr_df"]));
}

#[test]
fn unweighted_fit_matches_r_glm_and_sandwich() {
    let want = fixture("synthetic.json");
    compare_glm("unweighted", &want["unweighted"], &[1.0; 500]);
}

#[test]
fn weighted_fit_matches_r_glm_and_sandwich() {
    let want = fixture("synthetic.json");
    compare_glm("weighted", &want["weighted"], &synthetic().w);
}

#[test]
fn design_based_fit_matches_svyglm() {
    let want = &fixture("synthetic.json")["design"];
    let d = synthetic();
    let f = logit::fit(d.x.as_ref(), &d.y, &d.w, true).unwrap();
    let design = Design::new(d.y.len(), Some(d.w.clone()), Some(&d.st), Some(&d.cl)).unwrap();
    let rows: Vec<usize> = (0..d.y.len()).collect();
    let s = sandwich(VarianceKind::Design, &f.sandwich_input(&rows), &design).unwrap();
    check(
        "svyglm coefficients",
        &estimates(&f),
        &nums(&want["coefficients"]),
        12.0,
    );
    check(
        "svyglm covariance",
        &entries(&s.cov),
        &matrix_entries(&want["cov"]),
        12.0,
    );
    check("svyglm SEs", &ses(&s.cov), &nums(&want["std_errors"]), 12.0);
    assert_eq!(s.df, Some(num(&want["df_residual"])));

    let table: Vec<_> = f
        .coef_table(s.cov.as_ref(), s.df, 0.95)
        .into_iter()
        .map(Option::unwrap)
        .collect();
    let col = |get: fn(&rapport_stats::inference::CoefRow) -> f64| {
        table.iter().map(get).collect::<Vec<f64>>()
    };
    check(
        "svyglm p-values (t)",
        &col(|r| r.p_value),
        &nums(&want["p_values"]),
        10.0,
    );
    check(
        "svyglm lower limits",
        &col(|r| r.conf_low),
        &nums(&want["conf_low"]),
        10.0,
    );
    check(
        "svyglm upper limits",
        &col(|r| r.conf_high),
        &nums(&want["conf_high"]),
        10.0,
    );
    // Odds ratios are exp of the same rows.
    let or: Vec<f64> = table
        .iter()
        .map(|r| inference::odds_ratio(r).conf_high)
        .collect();
    let want_or: Vec<f64> = nums(&want["conf_high"]).iter().map(|v| v.exp()).collect();
    check("svyglm odds-ratio upper limits", &or, &want_or, 10.0);

    // AMEs under the design covariance, against R's weighted means with a
    // central-difference Jacobian, which holds about 10 digits.
    let ame: Vec<_> = f
        .marginal_effects(s.cov.as_ref(), s.df, 0.95)
        .into_iter()
        .skip(1)
        .map(Option::unwrap)
        .collect();
    check(
        "design AMEs",
        &ame.iter().map(|r| r.estimate).collect::<Vec<_>>(),
        &nums(&want["ame"]["estimate"]),
        12.0,
    );
    check(
        "design AME SEs",
        &ame.iter().map(|r| r.std_error).collect::<Vec<_>>(),
        &nums(&want["ame"]["std_error"]),
        9.0,
    );
}

#[test]
fn marginal_effects_and_pseudo_r2_match_statsmodels() {
    let want = fixture("statsmodels.json");
    let d = synthetic();
    let f = logit::fit(d.x.as_ref(), &d.y, &[1.0; 500], true).unwrap();
    check(
        "statsmodels coefficients",
        &estimates(&f),
        &nums(&want["coefficients"]),
        12.0,
    );
    let ame: Vec<_> = f
        .marginal_effects(f.cov.as_ref(), None, 0.95)
        .into_iter()
        .skip(1)
        .map(Option::unwrap)
        .collect();
    check(
        "statsmodels AMEs",
        &ame.iter().map(|r| r.estimate).collect::<Vec<_>>(),
        &nums(&want["ame"]),
        12.0,
    );
    check(
        "statsmodels AME SEs",
        &ame.iter().map(|r| r.std_error).collect::<Vec<_>>(),
        &nums(&want["ame_std_errors"]),
        12.0,
    );
    check(
        "statsmodels llf",
        &[-f.deviance / 2.0],
        &[num(&want["llf"])],
        12.0,
    );
    check("statsmodels AIC", &[f.aic], &[num(&want["aic"])], 12.0);
    check("statsmodels BIC", &[f.bic], &[num(&want["bic"])], 12.0);
    // statsmodels fits its null model by its own optimiser to about 1e-9, so its llnull,
    // llr and prsquared hold about 9 digits (R's null deviance agrees with ours to 13).
    check(
        "statsmodels llnull",
        &[-f.null_deviance / 2.0],
        &[num(&want["llnull"])],
        8.0,
    );
    check(
        "statsmodels prsquared",
        &[f.mcfadden_r2],
        &[num(&want["prsquared"])],
        8.0,
    );
    check(
        "statsmodels llr",
        &[f.lr_test.statistic],
        &[num(&want["llr"])],
        8.0,
    );
}

#[test]
fn an_aliased_column_is_left_out_as_r_does() {
    // x1 + x3 appended: R's glm gives it NA and fits the rest unchanged.
    let want = &fixture("synthetic.json")["unweighted"];
    let d = synthetic();
    let x = Mat::from_fn(500, 7, |i, j| match j {
        6 => d.x[(i, 1)] + d.x[(i, 3)],
        _ => d.x[(i, j)],
    });
    let f = logit::fit(x.as_ref(), &d.y, &[1.0; 500], true).unwrap();
    assert_eq!((f.rank, f.coefficients[6]), (6, None));
    let got: Vec<f64> = f.coefficients[..6].iter().map(|b| b.unwrap()).collect();
    check(
        "aliased: coefficients",
        &got,
        &nums(&want["coefficients"]),
        12.0,
    );
    check(
        "aliased: SEs",
        &ses(&f.cov),
        &nums(&want["se_classical"]),
        12.0,
    );
    let rows: Vec<usize> = (0..500).collect();
    let hc3 = sandwich(
        VarianceKind::Hc3,
        &f.sandwich_input(&rows),
        &Design::simple(500),
    )
    .unwrap();
    check(
        "aliased: HC3 SEs",
        &ses(&hc3.cov),
        &nums(&want["se_hc3"]),
        12.0,
    );
    assert!(f.coef_table(f.cov.as_ref(), None, 0.95)[6].is_none());
}

/// Answer codes of the sample survey, as the R script codes them.
fn sample_code(column: &str, answer: &str) -> Option<f64> {
    let agree = [
        "Strongly disagree",
        "Disagree",
        "Neither agree nor disagree",
        "Agree",
        "Strongly agree",
    ];
    match column {
        "trust_council" => match answer {
            "A great deal" | "A fair amount" => Some(1.0),
            "Not very much" | "Not at all" => Some(0.0),
            _ => None,
        },
        "resolved_first_time" => match answer {
            "Yes" => Some(1.0),
            "No" => Some(0.0),
            _ => None,
        },
        "days_waited" => answer.parse().ok(),
        _ => agree
            .iter()
            .position(|a| *a == answer)
            .map(|k| (k + 1) as f64),
    }
}

#[test]
fn sample_survey_matches_svyglm() {
    let want = fixture("riverside.json");
    let csv = Csv::read(&repo().join("samples/riverside-2026.csv"));
    let names = [
        "trust_council",
        "kind",
        "listened",
        "respect",
        "resolved_first_time",
        "days_waited",
    ];
    let coded: Vec<Vec<Option<f64>>> = names
        .iter()
        .map(|&c| csv.column(c).iter().map(|a| sample_code(c, a)).collect())
        .collect();
    let all = csv.records.len();
    let rows: Vec<usize> = (0..all)
        .filter(|&i| coded.iter().all(|c| c[i].is_some()))
        .collect();
    assert_eq!(rows.len() as f64, num(&want["n"]));
    // Column 0 of the design is the intercept where the outcome sits in `coded`.
    let x = Mat::from_fn(rows.len(), 6, |i, j| match j {
        0 => 1.0,
        _ => coded[j][rows[i]].unwrap(),
    });
    let y: Vec<f64> = rows.iter().map(|&i| coded[0][i].unwrap()).collect();
    let weights = csv.numbers("weight");
    let w: Vec<f64> = rows.iter().map(|&i| weights[i]).collect();
    let f = logit::fit(x.as_ref(), &y, &w, true).unwrap();
    assert!(f.convergence.converged && f.separation.is_none());
    let wards = csv.strings("ward");
    let design = Design::new::<u8, String>(all, Some(weights.clone()), None, Some(&wards)).unwrap();
    let s = sandwich(VarianceKind::Design, &f.sandwich_input(&rows), &design).unwrap();
    check(
        "sample coefficients",
        &estimates(&f),
        &nums(&want["coefficients"]),
        12.0,
    );
    check("sample SEs", &ses(&s.cov), &nums(&want["std_errors"]), 12.0);
    assert_eq!(s.df, Some(num(&want["df_residual"])));
    let p: Vec<f64> = f
        .coef_table(s.cov.as_ref(), s.df, 0.95)
        .iter()
        .map(|r| r.unwrap().p_value)
        .collect();
    check("sample p-values", &p, &nums(&want["p_values"]), 10.0);
    // svyglm rescales the weights to mean 1 over the whole sample.
    let mean_weight = weights.iter().sum::<f64>() / all as f64;
    check(
        "sample deviance",
        &[f.deviance / mean_weight],
        &[num(&want["deviance"])],
        12.0,
    );
    check(
        "sample null deviance",
        &[f.null_deviance / mean_weight],
        &[num(&want["null_deviance"])],
        12.0,
    );
}

/// `[1, x]` for x = 1, 2, …, n.
fn line(n: usize) -> Mat<f64> {
    Mat::from_fn(n, 2, |i, j| if j == 0 { 1.0 } else { (i + 1) as f64 })
}

#[test]
fn complete_separation_names_the_predictor() {
    // y = 1 exactly when x > 10.
    let y: Vec<f64> = (1..=20).map(|x| f64::from(x > 10)).collect();
    let f = logit::fit(line(20).as_ref(), &y, &[1.0; 20], true).unwrap();
    let s = f.separation.as_ref().expect("separation detected");
    assert_eq!(
        (s.complete, s.columns.as_slice(), s.rows),
        (true, &[1][..], 20)
    );
    assert!(f.fitted.iter().zip(&y).all(|(p, y)| (p - y).abs() < 1e-6));
    let msg = s.message(&["(Intercept)", "days_waited"]);
    assert!(
        msg.contains("completely separated") && msg.contains("days_waited"),
        "{msg}"
    );
}

#[test]
fn quasi_separation_by_a_threshold_names_the_predictor() {
    // x = 1, …, 10, 10, 11, …, 20: y = 0 up to the first x = 10 (row 9), 1 from the
    // second (row 10) on, so only the two rows at x = 10 overlap.
    let xs: Vec<f64> = (0..21).map(|i| (i + usize::from(i < 10)) as f64).collect();
    let x = Mat::from_fn(21, 2, |i, j| if j == 0 { 1.0 } else { xs[i] });
    let y: Vec<f64> = (0..21).map(|i| f64::from(i >= 10)).collect();
    assert_eq!((xs[9], xs[10]), (10.0, 10.0));
    let f = logit::fit(x.as_ref(), &y, &[1.0; 21], true).unwrap();
    let s = f.separation.as_ref().expect("separation detected");
    assert_eq!(
        (s.complete, s.columns.as_slice(), s.rows),
        (false, &[1][..], 19)
    );
    // The two tied rows are fitted at 1/2, the only finite part of the fit.
    assert!((f.fitted[9] - 0.5).abs() < 1e-9 && (f.fitted[10] - 0.5).abs() < 1e-9);
}

#[test]
fn quasi_separation_by_a_category_leaves_the_other_coefficients_estimated() {
    // Every respondent in category c answers 0: b(f=c) runs to −∞, and in the limit the
    // other coefficients are the fit without those rows and that column.
    let d = synthetic();
    let in_c: Vec<bool> = (0..500).map(|i| d.x[(i, 5)] == 1.0).collect();
    let y: Vec<f64> =
        d.y.iter()
            .zip(&in_c)
            .map(|(&y, &c)| if c { 0.0 } else { y })
            .collect();
    let f = logit::fit(d.x.as_ref(), &y, &[1.0; 500], true).unwrap();
    let s = f.separation.as_ref().expect("separation detected");
    let count = in_c.iter().filter(|&&c| c).count();
    assert_eq!(
        (s.complete, s.columns.as_slice(), s.rows),
        (false, &[5][..], count)
    );
    assert!(f.coefficients[5].unwrap() < -15.0);
    let msg = s.message(&["(Intercept)", "x1", "x2", "x3", "f[T.b]", "f[T.c]"]);
    assert!(
        msg.contains("quasi-completely") && msg.contains("f[T.c]") && !msg.contains("x1"),
        "{msg}"
    );

    let rest: Vec<usize> = (0..500).filter(|&i| !in_c[i]).collect();
    let x = Mat::from_fn(rest.len(), 5, |i, j| d.x[(rest[i], j)]);
    let y_rest: Vec<f64> = rest.iter().map(|&i| y[i]).collect();
    let g = logit::fit(x.as_ref(), &y_rest, &vec![1.0; rest.len()], true).unwrap();
    let got: Vec<f64> = f.coefficients[..5].iter().map(|b| b.unwrap()).collect();
    check(
        "quasi-separated: other coefficients",
        &got,
        &estimates(&g),
        8.0,
    );
}

#[test]
fn a_large_but_finite_coefficient_is_not_separation() {
    // As the complete case, but the row at x = 1 answers 1: the overlap bounds the MLE.
    let y: Vec<f64> = (1..=20).map(|x| f64::from(x > 10 || x == 1)).collect();
    let f = logit::fit(line(20).as_ref(), &y, &[1.0; 20], true).unwrap();
    assert!(f.separation.is_none() && f.convergence.converged);
    assert!(f.convergence.max_score < 1e-10, "{:?}", f.convergence);
}

/// linfa-logistic 0.8 (an independent implementation: L-BFGS on the log-loss via argmin)
/// with no penalty. It labels the more frequent class positive, so its coefficients are
/// ours with the sign flipped when that class is 0; fitting `y` and `1 − y` exercises
/// both cases. The bar is 7 digits: besides the gradient tolerance, argmin's L-BFGS stops
/// when the loss changes by less than machine ε (a setting linfa-logistic does not
/// expose), and the loss is flat to second order at the optimum, so its coefficients hold
/// about √ε ≈ 1e-8 (7.4 digits measured, whatever the gradient tolerance).
#[test]
fn linfa_logistic_agrees_without_penalty() {
    use linfa::prelude::*;
    use linfa_logistic::LogisticRegression;
    use ndarray::{Array1, Array2};

    let d = synthetic();
    let records = Array2::from_shape_fn((500, 5), |(i, j)| d.x[(i, j + 1)]);
    for flip in [false, true] {
        let y: Vec<f64> =
            d.y.iter()
                .map(|&v| if flip { 1.0 - v } else { v })
                .collect();
        let ours = logit::fit(d.x.as_ref(), &y, &[1.0; 500], true).unwrap();
        let labels: Array1<usize> = y.iter().map(|&v| v as usize).collect();
        let model = LogisticRegression::default()
            .alpha(0.0)
            .gradient_tolerance(1e-12)
            .max_iterations(1000)
            .fit(&Dataset::new(records.clone(), labels))
            .unwrap();
        let sign = if model.labels().pos.class == 1 {
            1.0
        } else {
            -1.0
        };
        let theirs: Vec<f64> = std::iter::once(model.intercept())
            .chain(model.params().iter().copied())
            .map(|b| sign * b)
            .collect();
        check(
            &format!("linfa-logistic (flip {flip})"),
            &estimates(&ours),
            &theirs,
            7.0,
        );
    }
}
