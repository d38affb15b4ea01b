//! Exact Shapley / LMG decomposition of R² by enumerating every sub-model.
//!
//! # Algorithm
//!
//! The covariance matrix is first scaled to a correlation matrix (R² does not depend on
//! units). The R² of the regression of `y` on a set of columns `S` is
//! `R²(S) = c_Sᵀ Σ_SS⁻¹ c_S / var(y)`, with `c_S` the covariances of `y` with `S`.
//!
//! The `2^m` subsets of the `m` players are visited in Gray-code order, so that each step
//! adds or removes exactly one player. The working matrix is kept *swept* on the columns
//! of the current subset (Goodnight 1979, "A tutorial on the SWEEP operator", *The
//! American Statistician* 33(3), 149–158): after sweeping `S`, its `(y, y)` entry is the
//! residual variance of `y` given `S`, so `R²(S) = 1 − a_yy` on the correlation scale.
//! Sweeping one column in or out (the reverse sweep) costs `O(d²)` for a `d × d` matrix,
//! against `O(|S|³)` for a fresh Cholesky factorisation of `Σ_SS` per subset.
//!
//! # Accuracy
//!
//! Sweeping a positive-definite matrix is Gaussian elimination with diagonal pivots, and
//! the pivot of a column is its residual variance given the swept columns, never smaller
//! than the smallest eigenvalue of the correlation matrix. Each sweep therefore loses
//! about `log₁₀ κ` digits at most; for survey items (condition numbers well below 1e8)
//! that leaves more than 8 digits after any number of steps, and in practice far more.
//! To keep rounding from accumulating along the Gray-code walk, the matrix is swept again
//! from scratch every [`RESWEEP_EVERY`] steps. At the end the full-model R² of the walk is
//! compared with a direct Cholesky solve of `Σ_NN b = c_N` (faer) and the difference is
//! returned as [`Shapley::drift`]. A column whose pivot falls below [`PIVOT_TOL`] (it is
//! explained to within 1e-10 of its variance by other predictors) makes the matrix
//! singular for this purpose and is reported as an error.
//!
//! Shapley values are then `φ_j = Σ_{S ∌ j} w_{|S|} (R²(S ∪ j) − R²(S))` with
//! `w_s = s!(m − s − 1)!/m! = 1 / (m · C(m − 1, s))`, summed with Neumaier's compensated
//! summation. Their sum equals `R²(N) − R²(∅)` of the same table up to rounding.

use faer::linalg::solvers::Solve;
use faer::{Mat, MatRef, Side};

use super::error::ImportanceError;

/// The most players the exact enumeration accepts (`2^20` sub-models).
pub const MAX_PLAYERS: usize = 20;

/// Sweep from scratch after this many Gray-code steps, so rounding cannot accumulate.
const RESWEEP_EVERY: usize = 1 << 10;

/// Smallest admissible pivot on the correlation scale: a column with
/// `1 − R²(column | others) < PIVOT_TOL` is treated as collinear.
pub(super) const PIVOT_TOL: f64 = 1e-10;

/// Shapley (LMG) decomposition of R².
#[derive(Debug, Clone, PartialEq)]
pub struct Shapley {
    /// Share of each player, in the order of `groups`.
    pub values: Vec<f64>,
    /// Sum of `values`; equals `r2_full − r2_always` up to rounding.
    pub total: f64,
    /// R² of the model with every player and the controls.
    pub r2_full: f64,
    /// R² of the controls alone (0 without controls).
    pub r2_always: f64,
    /// Sub-models evaluated, `2^m`.
    pub subsets: usize,
    /// `|r2_full − R²(full) by a direct Cholesky solve|`: the rounding accumulated by the
    /// sweeps (about 1e-15 on well-conditioned data).
    pub drift: f64,
}

/// Exact Shapley value of each player in the R² of a linear regression (LMG).
///
/// * `cov`: covariance (or correlation) matrix of `[y, x₁, …, x_p]`, outcome first,
///   computed on the estimation sample (for instance with [`super::covariance`]).
/// * `groups[g]`: the predictor columns of player `g`, as positions in `cov` (`1..=p`). A
///   player is one item or a whole block of items (grouped Shapley: the block enters and
///   leaves the model as one).
/// * `always`: control columns held in every sub-model. The players then share
///   `R²(full) − R²(controls)`.
///
/// Every predictor column may appear once, among the players or the controls. Columns of
/// `cov` that are listed nowhere are ignored. At most [`MAX_PLAYERS`] players.
pub fn shapley_r2(
    cov: MatRef<'_, f64>,
    groups: &[Vec<usize>],
    always: &[usize],
) -> Result<Shapley, ImportanceError> {
    if groups.len() > MAX_PLAYERS {
        return Err(ImportanceError::TooManyPlayers {
            players: groups.len(),
            max: MAX_PLAYERS,
        });
    }
    let Layout {
        used,
        controls,
        players,
        scale,
        corr,
    } = layout(cov, groups, always)?;
    let (m, d) = (players.len(), used.len());

    let mut sweeper = Sweeper::new(d);
    // The controls, swept once: every sub-model starts from them.
    let mut base = corr;
    for &k in &controls {
        if !sweeper.sweep_in(&mut base, k) {
            return Err(ImportanceError::SingularControls { column: used[k] });
        }
    }
    let singular = |g: usize, k: usize| ImportanceError::SingularPlayer {
        player: g,
        column: used[k],
    };

    let subsets = 1usize << m;
    let mut r2 = vec![0.0; subsets];
    r2[0] = 1.0 - base[0];
    let mut a = base.clone();
    let mut mask = 0usize;
    for step in 1..subsets {
        let g = step.trailing_zeros() as usize;
        mask ^= 1 << g;
        if step % RESWEEP_EVERY == 0 {
            a.copy_from_slice(&base);
            for (h, cols) in players.iter().enumerate() {
                if mask & (1 << h) != 0 {
                    for &k in cols {
                        if !sweeper.sweep_in(&mut a, k) {
                            return Err(singular(h, k));
                        }
                    }
                }
            }
        } else if mask & (1 << g) != 0 {
            for &k in &players[g] {
                if !sweeper.sweep_in(&mut a, k) {
                    return Err(singular(g, k));
                }
            }
        } else {
            for &k in &players[g] {
                sweeper.sweep_out(&mut a, k);
            }
        }
        r2[mask] = 1.0 - a[0];
    }

    // Shapley weights w_s = 1 / (m · C(m − 1, s)); C(19, s) is exact in f64.
    let mut binom = vec![1.0f64; m];
    for s in 1..m {
        binom[s] = binom[s - 1] * (m - s) as f64 / s as f64;
    }
    let weight: Vec<f64> = binom.iter().map(|b| 1.0 / (m as f64 * b)).collect();
    let mut sums = vec![Neumaier::default(); m];
    for (s, &r) in r2.iter().enumerate() {
        // The full set has no missing player, so its (out-of-range) weight is never used.
        let w = weight[(s.count_ones() as usize).min(m - 1)];
        for (j, sum) in sums.iter_mut().enumerate() {
            if s & (1 << j) == 0 {
                sum.add(w * (r2[s | (1 << j)] - r));
            }
        }
    }
    let values: Vec<f64> = sums.iter().map(Neumaier::value).collect();
    let mut total = Neumaier::default();
    for &v in &values {
        total.add(v);
    }
    let r2_full = r2[subsets - 1];
    let direct = direct_r2(&base_corr(cov, &used, &scale), d);
    Ok(Shapley {
        values,
        total: total.value(),
        r2_full,
        r2_always: r2[0],
        subsets,
        drift: direct.map_or(f64::NAN, |r| (r - r2_full).abs()),
    })
}

/// The columns of a decomposition, checked, in working order, on the correlation scale.
pub(super) struct Layout {
    /// Columns of `cov`: the outcome, the controls, then each player's columns.
    pub(super) used: Vec<usize>,
    /// Positions of the controls in `used`.
    pub(super) controls: Vec<usize>,
    /// Positions of each player's columns in `used`.
    pub(super) players: Vec<Vec<usize>>,
    /// `1/sd` of each used column.
    pub(super) scale: Vec<f64>,
    /// Row-major correlation matrix of the used columns.
    pub(super) corr: Vec<f64>,
}

/// Checks the arguments shared by the decompositions of R² (see [`shapley_r2`]) and lays
/// out the columns they use.
pub(super) fn layout(
    cov: MatRef<'_, f64>,
    groups: &[Vec<usize>],
    always: &[usize],
) -> Result<Layout, ImportanceError> {
    let (rows, cols) = (cov.nrows(), cov.ncols());
    if rows != cols || rows == 0 {
        return Err(ImportanceError::NotSquare { rows, cols });
    }
    let m = groups.len();
    if m == 0 {
        return Err(ImportanceError::NoPlayers);
    }
    let max = rows - 1;
    // The columns used, in working order: y, the controls, then each player's columns.
    let mut used = vec![0usize];
    let mut seen = vec![false; rows];
    let mut take = |column: usize, used: &mut Vec<usize>| {
        if column == 0 || column > max {
            return Err(ImportanceError::ColumnOutOfRange { column, max });
        }
        if std::mem::replace(&mut seen[column], true) {
            return Err(ImportanceError::DuplicateColumn { column });
        }
        used.push(column);
        Ok(used.len() - 1)
    };
    let controls: Vec<usize> = always
        .iter()
        .map(|&c| take(c, &mut used))
        .collect::<Result<_, _>>()?;
    let mut players: Vec<Vec<usize>> = Vec::with_capacity(m);
    for (g, group) in groups.iter().enumerate() {
        if group.is_empty() {
            return Err(ImportanceError::EmptyGroup { group: g });
        }
        players.push(
            group
                .iter()
                .map(|&c| take(c, &mut used))
                .collect::<Result<_, _>>()?,
        );
    }
    // Correlation matrix of the used columns.
    let d = used.len();
    let mut scale = Vec::with_capacity(d);
    for &c in &used {
        let v = cov[(c, c)];
        if !v.is_finite() {
            return Err(ImportanceError::NonFinite);
        }
        if v <= 0.0 {
            return Err(ImportanceError::ZeroVariance { column: c });
        }
        scale.push(v.sqrt().recip());
    }
    let mut corr = vec![0.0; d * d];
    for i in 0..d {
        for j in 0..d {
            let v = cov[(used[i], used[j])];
            if !v.is_finite() {
                return Err(ImportanceError::NonFinite);
            }
            corr[i * d + j] = scale[i] * v * scale[j];
        }
    }
    Ok(Layout {
        used,
        controls,
        players,
        scale,
        corr,
    })
}

/// The correlation matrix of the used columns, as a faer matrix.
fn base_corr(cov: MatRef<'_, f64>, used: &[usize], scale: &[f64]) -> Mat<f64> {
    Mat::from_fn(used.len(), used.len(), |i, j| {
        scale[i] * cov[(used[i], used[j])] * scale[j]
    })
}

/// R² of `y` (column 0) on all other columns, by a Cholesky solve of `Σ_NN b = c_N`.
fn direct_r2(corr: &Mat<f64>, d: usize) -> Option<f64> {
    if d == 1 {
        return Some(0.0);
    }
    let sxx = corr.as_ref().submatrix(1, 1, d - 1, d - 1).to_owned();
    let c = corr.as_ref().submatrix(1, 0, d - 1, 1).to_owned();
    let llt = sxx.llt(Side::Lower).ok()?;
    let b = llt.solve(&c);
    Some((0..d - 1).map(|i| c[(i, 0)] * b[(i, 0)]).sum::<f64>() / corr[(0, 0)])
}

/// Goodnight's sweep and reverse sweep on a dense symmetric `d × d` row-major matrix.
pub(super) struct Sweeper {
    d: usize,
    column: Vec<f64>,
}

impl Sweeper {
    pub(super) fn new(d: usize) -> Self {
        Self {
            d,
            column: vec![0.0; d],
        }
    }

    /// `SWP[k]`: `h = a_kk`; `a_ij −= a_ik a_kj / h`, `a_ik /= h`, `a_kj /= h`,
    /// `a_kk = −1/h`. Returns `false` (matrix unchanged) when the pivot `h` is below
    /// [`PIVOT_TOL`].
    pub(super) fn sweep_in(&mut self, a: &mut [f64], k: usize) -> bool {
        let h = a[k * self.d + k];
        if h.is_nan() || h < PIVOT_TOL {
            return false;
        }
        self.update(a, k, h, 1.0);
        true
    }

    /// `RSW[k]`, the inverse of `SWP[k]`: `h = a_kk` (negative); `a_ij −= a_ik a_kj / h`,
    /// `a_ik = −a_ik/h`, `a_kj = −a_kj/h`, `a_kk = −1/h`.
    fn sweep_out(&mut self, a: &mut [f64], k: usize) {
        let h = a[k * self.d + k];
        self.update(a, k, h, -1.0);
    }

    fn update(&mut self, a: &mut [f64], k: usize, h: f64, sign: f64) {
        let d = self.d;
        self.column.copy_from_slice(&a[k * d..(k + 1) * d]);
        let col = &self.column;
        for i in 0..d {
            if i == k {
                continue;
            }
            let f = col[i] / h;
            let row = &mut a[i * d..(i + 1) * d];
            for (x, &c) in row.iter_mut().zip(col) {
                *x -= f * c;
            }
            row[k] = sign * f;
        }
        for j in 0..d {
            a[k * d + j] = sign * col[j] / h;
        }
        a[k * d + k] = -1.0 / h;
    }
}

/// Neumaier's compensated sum.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Neumaier {
    sum: f64,
    compensation: f64,
}

impl Neumaier {
    pub(super) fn add(&mut self, x: f64) {
        let t = self.sum + x;
        if self.sum.abs() >= x.abs() {
            self.compensation += (self.sum - t) + x;
        } else {
            self.compensation += (x - t) + self.sum;
        }
        self.sum = t;
    }

    pub(super) fn value(&self) -> f64 {
        self.sum + self.compensation
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corr(r: &[&[f64]]) -> Mat<f64> {
        Mat::from_fn(r.len(), r.len(), |i, j| r[i][j])
    }

    #[test]
    fn uncorrelated_predictors_get_their_squared_correlations() {
        // x1 ⟂ x2: R² = r1² + r2² and each share is its own r².
        let c = corr(&[&[1.0, 0.6, 0.3], &[0.6, 1.0, 0.0], &[0.3, 0.0, 1.0]]);
        let s = shapley_r2(c.as_ref(), &[vec![1], vec![2]], &[]).unwrap();
        assert!((s.values[0] - 0.36).abs() < 1e-15, "{:?}", s.values);
        assert!((s.values[1] - 0.09).abs() < 1e-15, "{:?}", s.values);
        assert!((s.r2_full - 0.45).abs() < 1e-15);
        assert_eq!(s.subsets, 4);
        assert!(s.drift < 1e-15);
    }

    #[test]
    fn two_correlated_predictors_match_the_closed_form() {
        // m = 2: φ1 = ½(r1² + R² − r2²), φ2 = ½(r2² + R² − r1²).
        let (r1, r2, r12) = (0.5, 0.4, 0.3);
        let full = (r1 * r1 + r2 * r2 - 2.0 * r1 * r2 * r12) / (1.0 - r12 * r12);
        let c = corr(&[&[1.0, r1, r2], &[r1, 1.0, r12], &[r2, r12, 1.0]]);
        let s = shapley_r2(c.as_ref(), &[vec![1], vec![2]], &[]).unwrap();
        assert!((s.values[0] - 0.5 * (r1 * r1 + full - r2 * r2)).abs() < 1e-15);
        assert!((s.values[1] - 0.5 * (r2 * r2 + full - r1 * r1)).abs() < 1e-15);
        // With x2 as a control, x1 gets the whole increment.
        let s = shapley_r2(c.as_ref(), &[vec![1]], &[2]).unwrap();
        assert!((s.r2_always - r2 * r2).abs() < 1e-15);
        assert!((s.values[0] - (full - r2 * r2)).abs() < 1e-15);
    }

    #[test]
    fn bad_input_is_reported() {
        let c = corr(&[&[1.0, 0.5, 0.5], &[0.5, 1.0, 1.0], &[0.5, 1.0, 1.0]]);
        let err = |g: &[Vec<usize>], a: &[usize]| shapley_r2(c.as_ref(), g, a).unwrap_err();
        assert_eq!(
            err(&[vec![1], vec![2]], &[]),
            ImportanceError::SingularPlayer {
                player: 1,
                column: 2
            }
        );
        assert_eq!(
            err(&[vec![1]], &[2, 1]),
            ImportanceError::DuplicateColumn { column: 1 }
        );
        assert_eq!(err(&[], &[]), ImportanceError::NoPlayers);
        assert_eq!(
            err(&[vec![1], vec![]], &[]),
            ImportanceError::EmptyGroup { group: 1 }
        );
        assert_eq!(
            err(&[vec![3]], &[]),
            ImportanceError::ColumnOutOfRange { column: 3, max: 2 }
        );
        assert_eq!(
            err(&[vec![0]], &[]),
            ImportanceError::ColumnOutOfRange { column: 0, max: 2 }
        );
        let many: Vec<Vec<usize>> = (0..21).map(|i| vec![i]).collect();
        assert_eq!(
            err(&many, &[]),
            ImportanceError::TooManyPlayers {
                players: 21,
                max: 20
            }
        );
        assert!(err(&[vec![1], vec![2]], &[]).to_string().contains("merge"));
    }
}
