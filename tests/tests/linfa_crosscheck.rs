//! Cross-check of our OLS coefficients against linfa-linear 0.8's `LinearRegression`
//! (an independent implementation: unpivoted Householder QR from linfa-linalg, no
//! refinement) on well-conditioned designs.
//!
//! Why the tolerance: both solvers are backward stable, so each coefficient vector is
//! within about κ₂(X)·ε (relative, in norm) of the exact least-squares solution, with ε =
//! 2.2e-16 (Higham 2002, *Accuracy and Stability of Numerical Algorithms*, §20.2; the
//! κ²·residual term is negligible for these small-residual fits). We require normwise agreement
//! to `16 − log10(κ₂(X)) − 2` significant digits: the first-order bound with a factor-100
//! margin for the constants. κ₂ is computed here from the singular values, so the bar
//! moves with the design rather than being tuned to pass.

use linfa::prelude::*;
use linfa_linear::LinearRegression;
use ndarray::{Array1, Array2};
mod common;

use common::nist::load;
use rapport_stats::linalg::faer::Mat;
use rapport_stats::ols::fit;

/// SplitMix64 (Steele, Lea & Flood 2014) uniforms in [−1, 1): a fixed, dependency-free
/// stream so the random design is the same on every machine.
fn uniforms(seed: u64) -> impl FnMut() -> f64 {
    let mut s = seed;
    move || {
        s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 52) as f64 - 1.0
    }
}

/// Fits `design` (intercept column first) by both and asserts the agreement the
/// conditioning justifies.
fn compare(name: &str, design: &Mat<f64>, y: &[f64]) {
    let (n, p) = design.shape();
    let ours = fit(design.as_ref(), y, true).unwrap();

    let records = Array2::from_shape_fn((n, p - 1), |(i, j)| design[(i, j + 1)]);
    let dataset = Dataset::new(records, Array1::from(y.to_vec()));
    let theirs = LinearRegression::new().fit(&dataset).unwrap();
    let mut linfa = vec![theirs.intercept()];
    linfa.extend(theirs.params().iter());

    let s = design.singular_values().unwrap();
    let kappa =
        s.iter().copied().fold(0.0, f64::max) / s.iter().copied().fold(f64::INFINITY, f64::min);
    let required = 16.0 - kappa.log10() - 2.0;
    // Normwise relative difference, the quantity the backward-error bound controls.
    let diff: f64 = ours
        .coefficients
        .iter()
        .zip(&linfa)
        .map(|(a, b)| (a.unwrap() - b).powi(2))
        .sum();
    let size: f64 = linfa.iter().map(|b| b * b).sum();
    let agreed = -(diff / size).sqrt().log10();
    println!("{name}: κ₂ = {kappa:.2e}, agree to {agreed:.1} digits, required {required:.1}");
    assert!(
        agreed >= required,
        "{name}: {agreed:.1} < {required:.1} digits"
    );
}

#[test]
fn agrees_with_linfa_on_norris() {
    let set = load("Norris");
    compare("Norris", &set.x, &set.y);
}

#[test]
fn agrees_with_linfa_on_longley() {
    let set = load("Longley");
    compare("Longley", &set.x, &set.y);
}

#[test]
fn agrees_with_linfa_on_a_random_design() {
    let mut u = uniforms(20_260_101);
    let design = Mat::from_fn(500, 7, |_, j| if j == 0 { 1.0 } else { 10.0 * u() });
    let beta = [4.0, 0.5, -1.25, 2.0, 0.0, 3.5, -0.75];
    let y: Vec<f64> = (0..500)
        .map(|i| (0..7).map(|j| design[(i, j)] * beta[j]).sum::<f64>() + u())
        .collect();
    compare("random 500×6", &design, &y);
}
