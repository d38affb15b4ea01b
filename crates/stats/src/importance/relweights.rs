//! Johnson's relative weights: a one-pass approximation of the Shapley/LMG shares of R².
//!
//! Johnson (2000, "A heuristic method for estimating the relative weight of predictor
//! variables in multiple regression", *Multivariate Behavioral Research* 35(1), 1–19)
//! replaces the correlated predictors `X` (standardised, correlation matrix
//! `Rxx = VΛVᵀ`) by their closest orthonormal counterparts `Z = X V Λ^{-1/2} Vᵀ` (Johnson
//! 1966, *Psychometrika* 31(1)). The outcome is regressed on `Z`, `β = Λ*⁻¹ r_xy`, and each
//! `X_j` on `Z`, whose coefficients are `Λ* = V Λ^{1/2} Vᵀ`; predictor `j` then gets
//!
//! ```text
//! ε_j = Σ_k Λ*_jk² β_k²,
//! ```
//!
//! the part of each `Z_k`'s share `β_k²` that `X_j` accounts for. Each column of `Λ*`
//! has unit sum of squares (`Λ*ᵀΛ* = Rxx`, unit diagonal), so `Σ_j ε_j = Σ_k β_k² =
//! r_xyᵀ Rxx⁻¹ r_xy = R²`. It costs one eigendecomposition instead of `2^m` regressions;
//! Johnson (2000) and LeBreton, Ployhart & Ladd (2004, *Organizational Research Methods*
//! 7(3)) found the weights close to dominance analysis' general dominance weights, which
//! are the LMG shares.

use faer::{Mat, MatRef, Side};

use super::error::ImportanceError;
use super::shapley::{Layout, Neumaier, PIVOT_TOL, Sweeper, layout};

/// Johnson's relative weights of the players in R².
#[derive(Debug, Clone, PartialEq)]
pub struct RelativeWeights {
    /// Weight of each player, in the order of `groups`.
    pub values: Vec<f64>,
    /// `r2_full − r2_always`, the R² the players share; `values` add up to it.
    pub total: f64,
    /// R² of the model with every player and the controls.
    pub r2_full: f64,
    /// R² of the controls alone (0 without controls).
    pub r2_always: f64,
}

/// Johnson's relative weight of each player in the R² of a linear regression.
///
/// Arguments as for [`super::shapley_r2`], with no limit on the number of players. A
/// player made of several columns (the dummies of a categorical variable, a block of
/// items) gets the sum of its columns' weights: unlike R² increments, Johnson's weights
/// are per column and add.
///
/// Controls are partialled out first: sweeping them from the correlation matrix leaves
/// the partial covariances of `[y, players' columns]` given the controls (its Schur
/// complement), and the weights are Johnson's on the partial correlations, times
/// `1 − R²(controls)`, so that they add to `R²(full) − R²(controls)`. In the computation
/// the partial covariances with `y` are kept on the scale of `var(y) = 1`, which carries
/// that factor.
///
/// Errors: a player column that the controls explain to within 1e-10 of its variance
/// ([`ImportanceError::ExplainedByControls`]); players whose partial correlation matrix
/// has an eigenvalue below 1e-10 ([`ImportanceError::SingularPlayer`], naming the column
/// that loads most on that eigenvector). Since `λ_min ≤ 1 − R²(j | others)` for every
/// column `j`, this catches every column that [`super::shapley_r2`] would reject.
pub fn relative_weights(
    cov: MatRef<'_, f64>,
    groups: &[Vec<usize>],
    always: &[usize],
) -> Result<RelativeWeights, ImportanceError> {
    let Layout {
        used,
        controls,
        players,
        corr,
        ..
    } = layout(cov, groups, always)?;
    let d = used.len();
    let mut a = corr;
    let mut sweeper = Sweeper::new(d);
    for &k in &controls {
        if !sweeper.sweep_in(&mut a, k) {
            return Err(ImportanceError::SingularControls { column: used[k] });
        }
    }
    let r2_always = 1.0 - a[0];
    // (player, position in `used`) of every player column.
    let columns: Vec<(usize, usize)> = players
        .iter()
        .enumerate()
        .flat_map(|(g, cols)| cols.iter().map(move |&k| (g, k)))
        .collect();
    let mut sd = Vec::with_capacity(columns.len());
    for &(player, k) in &columns {
        let v = a[k * d + k];
        if v.is_nan() || v < PIVOT_TOL {
            return Err(ImportanceError::ExplainedByControls {
                player,
                column: used[k],
            });
        }
        sd.push(v.sqrt());
    }
    let p = columns.len();
    let rxx = Mat::from_fn(p, p, |i, j| {
        a[columns[i].1 * d + columns[j].1] / (sd[i] * sd[j])
    });
    let roots = Roots::new(rxx.as_ref(), |i| ImportanceError::SingularPlayer {
        player: columns[i].0,
        column: used[columns[i].1],
    })?;
    let r_xy = Mat::from_fn(p, 1, |i, _| a[columns[i].1] / sd[i]);
    let beta = &roots.inverse * &r_xy;
    let beta: Vec<f64> = (0..p).map(|k| beta[(k, 0)]).collect();
    let eps = roots.weights(&beta);
    let mut values = vec![Neumaier::default(); players.len()];
    for (&(g, _), e) in columns.iter().zip(&eps) {
        values[g].add(*e);
    }
    let mut total = Neumaier::default();
    for b in &beta {
        total.add(b * b);
    }
    let total = total.value();
    Ok(RelativeWeights {
        values: values.iter().map(Neumaier::value).collect(),
        total,
        r2_full: r2_always + total,
        r2_always,
    })
}

/// `Λ* = VΛ^{1/2}Vᵀ` and `Λ*⁻¹ = VΛ^{-1/2}Vᵀ` for a correlation matrix `R = VΛVᵀ`.
pub(super) struct Roots {
    pub(super) root: Mat<f64>,
    pub(super) inverse: Mat<f64>,
}

impl Roots {
    /// Fails with `collinear(j)` when the smallest eigenvalue is below [`PIVOT_TOL`], `j`
    /// being the column with the largest loading on its eigenvector.
    pub(super) fn new(
        r: MatRef<'_, f64>,
        collinear: impl Fn(usize) -> ImportanceError,
    ) -> Result<Self, ImportanceError> {
        let p = r.nrows();
        let eig = r
            .self_adjoint_eigen(Side::Lower)
            .map_err(|_| ImportanceError::EigenNoConvergence)?;
        let (v, lambda) = (eig.U(), eig.S().column_vector());
        // Eigenvalues come in nondecreasing order.
        if lambda[0].is_nan() || lambda[0] < PIVOT_TOL {
            let j = (0..p)
                .max_by(|&i, &j| v[(i, 0)].abs().total_cmp(&v[(j, 0)].abs()))
                .unwrap_or(0);
            return Err(collinear(j));
        }
        let scaled = |power: f64| {
            let vs = Mat::from_fn(p, p, |i, k| v[(i, k)] * lambda[k].powf(power));
            &vs * v.transpose()
        };
        Ok(Self {
            root: scaled(0.5),
            inverse: scaled(-0.5),
        })
    }

    /// Johnson's `ε_j = Σ_k Λ*_jk² β_k²` for the coefficients `β` of an outcome on `Z`.
    pub(super) fn weights(&self, beta: &[f64]) -> Vec<f64> {
        let p = beta.len();
        (0..p)
            .map(|j| {
                let mut sum = Neumaier::default();
                for (k, b) in beta.iter().enumerate() {
                    let l = self.root[(j, k)];
                    sum.add(l * l * b * b);
                }
                sum.value()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corr(r: &[&[f64]]) -> Mat<f64> {
        Mat::from_fn(r.len(), r.len(), |i, j| r[i][j])
    }

    #[test]
    fn two_correlated_predictors_match_the_closed_form() {
        // p = 2: V = [1 1; 1 −1]/√2, Λ = (1 ± ρ), so with a = √(1+ρ), b = √(1−ρ):
        // Λ* = ½[a+b a−b; a−b a+b], and β = Λ*⁻¹ r.
        let (r1, r2, rho) = (0.5, 0.4, 0.3);
        let c = corr(&[&[1.0, r1, r2], &[r1, 1.0, rho], &[r2, rho, 1.0]]);
        let w = relative_weights(c.as_ref(), &[vec![1], vec![2]], &[]).unwrap();
        let (a, b) = ((1.0 + rho).sqrt(), (1.0 - rho).sqrt());
        let (s, t) = ((a + b) / 2.0, (a - b) / 2.0);
        // Λ*⁻¹ = ½[1/a + 1/b, 1/a − 1/b; …].
        let (si, ti) = ((1.0 / a + 1.0 / b) / 2.0, (1.0 / a - 1.0 / b) / 2.0);
        let (b1, b2) = (si * r1 + ti * r2, ti * r1 + si * r2);
        let e1 = s * s * b1 * b1 + t * t * b2 * b2;
        let e2 = t * t * b1 * b1 + s * s * b2 * b2;
        assert!((w.values[0] - e1).abs() < 1e-15, "{w:?} {e1}");
        assert!((w.values[1] - e2).abs() < 1e-15, "{w:?} {e2}");
        let full = (r1 * r1 + r2 * r2 - 2.0 * r1 * r2 * rho) / (1.0 - rho * rho);
        assert!((w.r2_full - full).abs() < 1e-15);
        assert!((w.total - (e1 + e2)).abs() < 1e-15);
    }

    #[test]
    fn collinearity_is_reported() {
        let c = corr(&[&[1.0, 0.5, 0.5], &[0.5, 1.0, 1.0], &[0.5, 1.0, 1.0]]);
        let err = relative_weights(c.as_ref(), &[vec![1], vec![2]], &[]).unwrap_err();
        assert!(
            matches!(err, ImportanceError::SingularPlayer { .. }),
            "{err}"
        );
        let err = relative_weights(c.as_ref(), &[vec![1]], &[2]).unwrap_err();
        assert_eq!(
            err,
            ImportanceError::ExplainedByControls {
                player: 0,
                column: 1
            }
        );
        assert!(err.to_string().contains("controls"));
    }
}
