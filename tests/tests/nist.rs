//! NIST StRD linear regression sets (tests/data/nist, public domain): every certified
//! coefficient, standard deviation, residual SD and R² is compared with our OLS by the log
//! relative error (LRE, ≈ correct significant digits; McCullough 1998, "Assessing the
//! reliability of statistical software", The American Statistician 52(4)).
//!
//! Bars: coefficients and SEs ≥ 7 digits, residual SD ≥ 8, R² ≥ 10.

mod common;

use common::nist::{Nist, load, lre};
use rapport_stats::linalg::faer::Mat;
use rapport_stats::linalg::{PivotedQr, RANK_TOLERANCE};
use rapport_stats::ols::{OlsFit, fit};
use std::fmt::Write as _;

const SETS: [&str; 11] = [
    "Norris", "Pontius", "NoInt1", "NoInt2", "Filip", "Longley", "Wampler1", "Wampler2",
    "Wampler3", "Wampler4", "Wampler5",
];

struct Score {
    coef: f64,
    se: f64,
    sd: f64,
    r2: f64,
    steps: usize,
}

fn score(set: &Nist, f: &OlsFit) -> Score {
    let min = |v: Vec<f64>| v.into_iter().fold(15.0, f64::min);
    let coef = min(set
        .params
        .iter()
        .zip(&f.coefficients)
        .map(|((c, _), b)| lre(b.unwrap_or(f64::NAN), *c))
        .collect());
    let se = min(set
        .params
        .iter()
        .zip(&f.std_errors)
        .map(|((_, s), e)| lre(e.unwrap_or(f64::NAN), *s))
        .collect());
    Score {
        coef,
        se,
        sd: lre(f.sigma, set.residual_sd),
        r2: lre(f.r_squared, set.r_squared),
        steps: f.refinement_steps,
    }
}

#[test]
fn nist_linear_regression_sets_meet_the_bars() {
    let mut table = String::from("set        coef   se     resSD  R2     refine\n");
    let mut failures = Vec::new();
    for name in SETS {
        let set = load(name);
        let f = fit(set.x.as_ref(), &set.y, set.intercept).unwrap();
        assert_eq!(f.rank, set.params.len(), "{name} must not be aliased");
        let s = score(&set, &f);
        writeln!(
            table,
            "{:<10} {:>5.1}  {:>5.1}  {:>5.1}  {:>5.1}  {}",
            set.name, s.coef, s.se, s.sd, s.r2, s.steps
        )
        .unwrap();
        if s.coef < 7.0 || s.se < 7.0 || s.sd < 8.0 || s.r2 < 10.0 {
            failures.push(name);
        }
    }
    // Printed always, so `cargo test -- --nocapture` shows the accuracy achieved.
    println!("{table}");
    assert!(failures.is_empty(), "below the bars: {failures:?}\n{table}");
}

#[test]
fn filip_is_full_rank_but_a_duplicated_column_is_aliased() {
    let filip = load("Filip");
    let f = fit(filip.x.as_ref(), &filip.y, true).unwrap();
    assert_eq!(f.rank, 11);
    assert!(f.coefficients.iter().all(Option::is_some));
    // The margins RANK_TOLERANCE documents: Filip's smallest pivot ratio is ~8e-10.
    let all: Vec<usize> = (0..11).collect();
    let ratios = PivotedQr::new(filip.x.as_ref(), &all).diagonal_ratios();
    let smallest = ratios.iter().copied().fold(1.0, f64::min);
    assert!(
        smallest > 10.0 * RANK_TOLERANCE,
        "Filip's smallest ratio {smallest:e}"
    );

    // Longley with x1 repeated as a last column: the copy is aliased, the rest unchanged.
    let longley = load("Longley");
    let (n, p) = longley.x.shape();
    let dup = Mat::from_fn(n, p + 1, |i, j| longley.x[(i, if j == p { 1 } else { j })]);
    let g = fit(dup.as_ref(), &longley.y, true).unwrap();
    assert_eq!(g.rank, p);
    assert_eq!(g.coefficients[p], None);
    assert_eq!(g.std_errors[p], None);
    for (j, (c, _)) in longley.params.iter().enumerate() {
        assert!(
            lre(g.coefficients[j].unwrap(), *c) >= 7.0,
            "coefficient {j}"
        );
    }
    assert_eq!(g.df_residual, n - p);
}
