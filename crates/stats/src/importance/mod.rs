//! Relative importance of predictors in a linear regression: how much of R² each
//! predictor (or block of predictors) accounts for.
//!
//! [`shapley_r2`] is the exact Shapley value of the "R² game", known in statistics as LMG
//! after Lindeman, Merenda & Gold (1980, *Introduction to Bivariate and Multivariate
//! Analysis*, Scott, Foresman): each player's share is its increase in R² when it joins a
//! model, averaged over every order in which the players can enter,
//!
//! ```text
//! φ_j = Σ_{S ⊆ N∖{j}} |S|! (m − |S| − 1)! / m! · (R²(S ∪ {j}) − R²(S)),
//! ```
//!
//! as implemented by `calc.relimp(type = "lmg")` in R's `relaimpo` (Grömping 2006,
//! "Relative importance for linear regression in R: the package relaimpo", *Journal of
//! Statistical Software* 17(1)). The shares add up to R² exactly (Shapley efficiency).
//! Everything is computed from the covariance matrix of `[y, x₁, …, x_p]`, which
//! [`covariance`] builds from data with optional weights.
//!
//! Beyond [`MAX_PLAYERS`], [`shapley_r2_sampled`] estimates the same shares from random
//! entry orders, with Monte Carlo standard errors, and [`relative_weights`] gives
//! Johnson's (2000) one-pass approximation. For logistic and ordinal models, whose
//! pseudo-R² has no exact decomposition, [`logistic_relative_weights`] and
//! [`ordinal_relative_weights`] give Tonidandel & LeBreton's (2010) relative weights as
//! proportions.

mod error;
mod latent;
mod relweights;
mod sampled;
mod shapley;

pub use error::ImportanceError;
pub use latent::{LatentPredictors, logistic_relative_weights, ordinal_relative_weights};
pub use relweights::{RelativeWeights, relative_weights};
pub use sampled::{SampledShapley, shapley_r2_sampled};
pub use shapley::{MAX_PLAYERS, Shapley, shapley_r2};

use faer::Mat;
use faer::MatRef;

/// Covariance matrix of `[y, x₁, …, x_p]` (outcome first), the input of [`shapley_r2`].
///
/// Two passes: the (weighted) means `μ = Σ wᵢ vᵢ / Σ wᵢ` first, then the cross-products of
/// the centred values `Σ wᵢ (uᵢ − μ_u)(vᵢ − μ_v)`, which avoids the cancellation of the
/// one-pass `Σ w u v − (Σ w)μ_u μ_v` form. The sum is divided by `V₁ − V₂/V₁`
/// (`V₁ = Σ wᵢ`, `V₂ = Σ wᵢ²`), the unbiased divisor for reliability weights, which is
/// `n − 1` without weights. The divisor is a common factor, so R² and its decomposition do
/// not depend on it.
///
/// # Panics
///
/// If `y`, the rows of `x` and the weights differ in length.
pub fn covariance(y: &[f64], x: MatRef<'_, f64>, weights: Option<&[f64]>) -> Mat<f64> {
    let n = y.len();
    assert_eq!(
        x.nrows(),
        n,
        "x has {} rows but y has {n} values",
        x.nrows()
    );
    if let Some(w) = weights {
        assert_eq!(w.len(), n, "{} weights for {n} rows", w.len());
    }
    let p = x.ncols() + 1;
    let value = |i: usize, j: usize| if j == 0 { y[i] } else { x[(i, j - 1)] };
    let weight = |i: usize| weights.map_or(1.0, |w| w[i]);
    let v1: f64 = (0..n).map(weight).sum();
    let v2: f64 = (0..n).map(|i| weight(i) * weight(i)).sum();
    let means: Vec<f64> = (0..p)
        .map(|j| (0..n).map(|i| weight(i) * value(i, j)).sum::<f64>() / v1)
        .collect();
    let divisor = v1 - v2 / v1;
    let mut cov = Mat::zeros(p, p);
    for a in 0..p {
        for b in 0..=a {
            let s: f64 = (0..n)
                .map(|i| weight(i) * (value(i, a) - means[a]) * (value(i, b) - means[b]))
                .sum();
            cov[(a, b)] = s / divisor;
            cov[(b, a)] = s / divisor;
        }
    }
    cov
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covariance_matches_the_textbook_formula() {
        let y = [1.0, 2.0, 4.0, 7.0];
        let x = Mat::from_fn(4, 1, |i, _| [2.0, 1.0, 3.0, 5.0][i]);
        // Unweighted: divisor n − 1; unit weights give the same.
        let c = covariance(&y, x.as_ref(), None);
        let cw = covariance(&y, x.as_ref(), Some(&[1.0; 4]));
        // mean y = 3.5, mean x = 2.75.
        let sxy: f64 = (0..4).map(|i| (y[i] - 3.5) * (x[(i, 0)] - 2.75)).sum();
        assert!((c[(0, 1)] - sxy / 3.0).abs() < 1e-15);
        assert_eq!(c[(1, 0)], c[(0, 1)]);
        assert!((c[(0, 0)] - 21.0 / 3.0).abs() < 1e-15);
        assert_eq!(c, cw);
        // Integer weights are frequency weights up to the divisor: doubling a row's
        // weight is duplicating the row, in the ratios that R² depends on.
        let w = [2.0, 1.0, 1.0, 1.0];
        let cw = covariance(&y, x.as_ref(), Some(&w));
        let yd = [1.0, 1.0, 2.0, 4.0, 7.0];
        let xd = Mat::from_fn(5, 1, |i, _| [2.0, 2.0, 1.0, 3.0, 5.0][i]);
        let cd = covariance(&yd, xd.as_ref(), None);
        let ratio = cw[(0, 1)] / cd[(0, 1)];
        for (i, j) in [(0, 0), (1, 1), (0, 1)] {
            assert!((cw[(i, j)] / cd[(i, j)] - ratio).abs() < 1e-14);
        }
    }
}
