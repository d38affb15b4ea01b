//! Relative weights for logistic and ordinal models (Tonidandel & LeBreton 2010,
//! "Determining the relative importance of predictors in logistic regression: an
//! extension of relative weight analysis", *Organizational Research Methods* 13(4),
//! 767–781).
//!
//! Johnson's construction (see [`super::relative_weights`]) with the regression of the
//! outcome on the orthogonal predictors `Z` replaced by the model of the family: the
//! (weighted) standardised predictors have correlation matrix `Rxx = VΛVᵀ`,
//! `Z = X V Λ^{-1/2} Vᵀ` are uncorrelated with unit variance, `Λ* = V Λ^{1/2} Vᵀ`, and the
//! model of `y` on `Z` gives slopes `b`. Tonidandel & LeBreton standardise `b` on the
//! latent scale (`b_k · R / sd(Zb)`, Menard 2004) and set `ε_j = Σ_k Λ*_jk² b*_k²`, which
//! add up to their pseudo-R². Because `Z` has unit variances the standardisation is one
//! factor common to every `k`, so the proportions
//!
//! ```text
//! ε_j / Σ_j ε_j = Σ_k Λ*_jk² b_k² / Σ_k b_k²
//! ```
//!
//! (using `Σ_j Λ*_jk² = 1`) do not depend on which pseudo-R² is chosen, nor on the
//! divisor of the variances. That is what is returned: each predictor's share of the
//! model's explanatory power, adding to 1; multiply by any pseudo-R² to get weights on its
//! scale.
//!
//! `Z` is an invertible linear map of the centred, standardised `X`, and a model with an
//! intercept (or an ordinal model's thresholds) has the same maximum on either: the
//! linear predictor is the same, so `b = Λ* (β ⊙ sd)` for the slopes `β` of the model on
//! `X` itself. The model is therefore fitted once, on `X` (or taken from a fit the caller
//! already has, with more columns beside `X`), instead of on `Z`.

use faer::{Mat, MatRef};

use super::error::ImportanceError;
use super::relweights::Roots;
use super::shapley::Neumaier;
use crate::{logit, ordinal};

/// The predictors of a relative-weight analysis, checked and standardised, and the roots
/// of their correlation matrix: all that [`LatentPredictors::proportions`] needs besides
/// the model's slopes.
pub struct LatentPredictors {
    /// Weighted standard deviation of each column (divisor Σw; any other would only
    /// rescale the slopes).
    sds: Vec<f64>,
    roots: Roots,
    /// The group of each column.
    owner: Vec<usize>,
    groups: usize,
}

impl LatentPredictors {
    /// * `x`: n×p predictors, without an intercept column.
    /// * `weights`: one non-negative weight per row (all 1 when unweighted); they weight
    ///   the means, variances and correlations, and should weight the fit too.
    /// * `groups[g]`: the columns of `x` (counting from 0) of group `g`; every column must
    ///   belong to exactly one group. A group's proportion is the sum of its columns'.
    ///
    /// A column whose standard deviation is below 1e-8 of its root mean square is
    /// constant ([`ImportanceError::ConstantPredictor`]); predictors whose correlation
    /// matrix has an eigenvalue below 1e-10 are collinear
    /// ([`ImportanceError::CollinearPredictors`]).
    ///
    /// # Panics
    ///
    /// If `weights` does not match `x` in length.
    pub fn new(
        x: MatRef<'_, f64>,
        weights: &[f64],
        groups: &[Vec<usize>],
    ) -> Result<Self, ImportanceError> {
        let (n, p) = x.shape();
        assert_eq!(weights.len(), n, "{} weights for {n} rows", weights.len());
        let owner = owners(groups, p)?;
        if let Some((row, &value)) = weights
            .iter()
            .enumerate()
            .find(|(_, w)| !(w.is_finite() && **w >= 0.0))
        {
            return Err(ImportanceError::BadWeight { row, value });
        }
        if let Some(row) = (0..n).find(|&i| x.row(i).iter().any(|v| !v.is_finite())) {
            return Err(ImportanceError::NonFiniteData { row });
        }
        let total: f64 = weights.iter().sum();
        let mut xs = Mat::zeros(n, p);
        let mut sds = Vec::with_capacity(p);
        for j in 0..p {
            let col = x.col(j);
            let mean = (0..n).map(|i| weights[i] * col[i]).sum::<f64>() / total;
            let var = (0..n)
                .map(|i| weights[i] * (col[i] - mean).powi(2))
                .sum::<f64>()
                / total;
            let mean_square = (0..n).map(|i| weights[i] * col[i] * col[i]).sum::<f64>() / total;
            // NaN when Σw = 0.
            if var.is_nan() || var <= 1e-16 * mean_square {
                return Err(ImportanceError::ConstantPredictor { column: j });
            }
            let sd = var.sqrt();
            for i in 0..n {
                xs[(i, j)] = (col[i] - mean) / sd;
            }
            sds.push(sd);
        }
        let rxx = Mat::from_fn(p, p, |j, k| {
            (0..n)
                .map(|i| weights[i] * xs[(i, j)] * xs[(i, k)])
                .sum::<f64>()
                / total
        });
        let roots = Roots::new(rxx.as_ref(), |column| {
            ImportanceError::CollinearPredictors { column }
        })?;
        Ok(LatentPredictors {
            sds,
            roots,
            owner,
            groups: groups.len(),
        })
    }

    /// Each group's proportion of the explained variation, adding to 1, from the model's
    /// slopes `β` on the columns of `x`, fitted with an intercept (or an ordinal model's
    /// thresholds) and whatever else the model holds. With controls `C`, pass the
    /// predictors residualised on `[1, C]` as `x`: the slopes are then those of the model
    /// on `[1, C, x]`, which are its slopes on `[1, C]` and the original predictors.
    ///
    /// # Panics
    ///
    /// If `slopes` does not match `x`'s columns in length.
    pub fn proportions(&self, slopes: &[f64]) -> Result<Vec<f64>, ImportanceError> {
        let p = self.sds.len();
        assert_eq!(
            slopes.len(),
            p,
            "{} slopes for {p} predictors",
            slopes.len()
        );
        // The slopes on Z: b = Λ* (β ⊙ sd).
        let b: Vec<f64> = (0..p)
            .map(|k| {
                let mut sum = Neumaier::default();
                for (j, (beta, sd)) in slopes.iter().zip(&self.sds).enumerate() {
                    sum.add(self.roots.root[(k, j)] * beta * sd);
                }
                sum.value()
            })
            .collect();
        let mut explained = Neumaier::default();
        for v in &b {
            explained.add(v * v);
        }
        let explained = explained.value();
        if !(explained.is_finite() && explained > 0.0) {
            return Err(ImportanceError::ModelFit {
                message: format!(
                    "its slopes {slopes:?} are all zero or not all finite, so there is nothing to share"
                ),
            });
        }
        let mut shares = vec![Neumaier::default(); self.groups];
        for (j, e) in self.roots.weights(&b).iter().enumerate() {
            shares[self.owner[j]].add(e / explained);
        }
        Ok(shares.iter().map(Neumaier::value).collect())
    }
}

/// [`LatentPredictors`] of a binary logistic model ([`logit::fit`], with an
/// intercept) of `y01` (0 or 1) on `x`.
pub fn logistic_relative_weights(
    x: MatRef<'_, f64>,
    y01: &[f64],
    weights: &[f64],
    groups: &[Vec<usize>],
) -> Result<Vec<f64>, ImportanceError> {
    let latent = LatentPredictors::new(x, weights, groups)?;
    let design = Mat::from_fn(x.nrows(), x.ncols() + 1, |i, j| {
        if j == 0 { 1.0 } else { x[(i, j - 1)] }
    });
    let fit = logit::fit(design.as_ref(), y01, weights, true).map_err(model_fit)?;
    if fit.separation.is_some() {
        return Err(model_fit(SEPARATED));
    }
    latent.proportions(&slopes(&fit.coefficients[1..])?)
}

/// [`LatentPredictors`] of a proportional-odds model ([`ordinal::fit`]) of `y`
/// (categories `0..n_categories` in scale order) on `x`.
pub fn ordinal_relative_weights(
    x: MatRef<'_, f64>,
    y: &[usize],
    n_categories: usize,
    weights: &[f64],
    groups: &[Vec<usize>],
) -> Result<Vec<f64>, ImportanceError> {
    let latent = LatentPredictors::new(x, weights, groups)?;
    let fit = ordinal::fit(x, y, n_categories, weights).map_err(model_fit)?;
    if !fit.converged {
        return Err(model_fit(format!(
            "the ordinal model did not converge in {} Newton steps",
            fit.iterations
        )));
    }
    if fit.perfect_rows > 0 {
        return Err(model_fit(SEPARATED));
    }
    latent.proportions(&slopes(&fit.coefficients)?)
}

fn model_fit(message: impl ToString) -> ImportanceError {
    ImportanceError::ModelFit {
        message: message.to_string(),
    }
}

const SEPARATED: &str = "the predictors separate the outcome (some answers are predicted exactly), so the slopes are infinite and cannot be shared out; merge sparse categories or remove the predictor that predicts the answers exactly";

fn slopes(coefficients: &[Option<f64>]) -> Result<Vec<f64>, ImportanceError> {
    coefficients
        .iter()
        .map(|c| c.ok_or_else(|| model_fit("a predictor was aliased")))
        .collect()
}

/// The group of each column of `x`, checking that the groups partition `0..p`.
fn owners(groups: &[Vec<usize>], p: usize) -> Result<Vec<usize>, ImportanceError> {
    if groups.is_empty() {
        return Err(ImportanceError::NoPlayers);
    }
    let mut owner = vec![usize::MAX; p];
    for (g, group) in groups.iter().enumerate() {
        if group.is_empty() {
            return Err(ImportanceError::EmptyGroup { group: g });
        }
        for &column in group {
            if column >= p {
                return Err(ImportanceError::PredictorOutOfRange { column, columns: p });
            }
            if owner[column] != usize::MAX {
                return Err(ImportanceError::DuplicateColumn { column });
            }
            owner[column] = g;
        }
    }
    match owner.iter().position(|&g| g == usize::MAX) {
        Some(column) => Err(ImportanceError::UnassignedPredictor { column }),
        None => Ok(owner),
    }
}
