//! The sampling design of a survey: probability weights, strata and primary sampling units
//! (PSUs), and the design-based (Taylor linearisation) covariance of estimated totals that
//! every design-based standard error in Rapport is built on.
//!
//! The design covers every data row that has its design variables; an estimate on a subset
//! of rows (a model's complete cases, a descriptive's answered rows) passes its row indexes
//! and the design keeps its full structure, which is how R's `survey` package treats
//! domains: PSUs with no row in the subset contribute zero totals, and the number of PSUs
//! per stratum stays that of the whole sample (`survey:::onestrat`, whose `nPSU` comes from
//! the design's `fpc$sampsize`).

use faer::linalg::matmul::matmul;
use faer::{Accum, Mat, MatRef, Par};
use std::collections::BTreeMap;

/// PSUs whose centred totals are multiplied together in one block of
/// [`Design::total_covariance`].
const PSU_BLOCK: usize = 1024;

/// Why a design could not be set up.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DesignError {
    /// A weight that is negative, infinite or not a number.
    #[error("weight {value} in data row {row} is not a non-negative number")]
    BadWeight { row: usize, value: f64 },
    /// Every weight is zero.
    #[error("every weight is zero, so nothing can be estimated")]
    AllZero,
    /// Design vectors of different lengths (a programming error, reported not panicked).
    #[error("the design has {weights} weights but {other} strata or cluster labels")]
    LengthMismatch { weights: usize, other: usize },
}

/// Weights, strata and PSUs of the rows of one data set.
///
/// PSUs are nested in strata (R's `svydesign(..., nest = TRUE)`): the same cluster label in
/// two strata is two PSUs. Sampling is taken as with replacement at the first stage (no
/// finite-population correction), the standard "ultimate cluster" approximation of
/// `svydesign` without `fpc`.
#[derive(Debug, Clone, PartialEq)]
pub struct Design {
    weights: Vec<f64>,
    /// Stratum of each row, `0..n_strata`.
    stratum: Vec<usize>,
    /// PSU of each row, `0..n_psu`, numbered across strata.
    psu: Vec<usize>,
    /// Stratum of each PSU.
    psu_stratum: Vec<usize>,
    /// The PSUs of each stratum in PSU order, indexed by stratum: the grouping every
    /// covariance sweeps, built once with the design.
    stratum_psus: Vec<Vec<usize>>,
    /// The rows of each PSU, PSU by PSU: PSU `p`'s rows are
    /// `psu_rows[psu_starts[p]..psu_starts[p + 1]]`.
    psu_rows: Vec<usize>,
    psu_starts: Vec<usize>,
    n_strata: usize,
    clustered: bool,
    /// Margins the weights were raked to: each row's level, margin by margin.
    calibration: Vec<Vec<usize>>,
}

impl Design {
    /// A design for `n` rows: weights (default 1), stratum labels and cluster (PSU) labels
    /// per row (default: one stratum; each row its own PSU). Labels are any ordered keys,
    /// e.g. the cell text.
    pub fn new<S: Ord + Clone, C: Ord + Clone>(
        n: usize,
        weights: Option<Vec<f64>>,
        strata: Option<&[S]>,
        clusters: Option<&[C]>,
    ) -> Result<Design, DesignError> {
        let weights = weights.unwrap_or_else(|| vec![1.0; n]);
        for len in [
            Some(weights.len()),
            strata.map(<[S]>::len),
            clusters.map(<[C]>::len),
        ]
        .into_iter()
        .flatten()
        {
            if len != n {
                return Err(DesignError::LengthMismatch {
                    weights: n,
                    other: len,
                });
            }
        }
        if let Some((row, &value)) = weights
            .iter()
            .enumerate()
            .find(|(_, w)| !(w.is_finite() && **w >= 0.0))
        {
            return Err(DesignError::BadWeight { row, value });
        }
        if n > 0 && weights.iter().all(|&w| w == 0.0) {
            return Err(DesignError::AllZero);
        }
        let (stratum, n_strata) = match strata {
            Some(labels) => codes(labels),
            None => (vec![0; n], usize::from(n > 0)),
        };
        let (psu, psu_stratum) = match clusters {
            Some(labels) => {
                let pairs: Vec<(usize, C)> = stratum
                    .iter()
                    .copied()
                    .zip(labels.iter().cloned())
                    .collect();
                let (psu, n_psu) = codes(&pairs);
                let mut psu_stratum = vec![0; n_psu];
                for (&p, &h) in psu.iter().zip(&stratum) {
                    psu_stratum[p] = h;
                }
                (psu, psu_stratum)
            }
            None => ((0..n).collect(), stratum.clone()),
        };
        let mut stratum_psus = vec![Vec::new(); n_strata];
        for (p, &h) in psu_stratum.iter().enumerate() {
            stratum_psus[h].push(p);
        }
        let (psu_rows, psu_starts) = group_rows(&psu, psu_stratum.len());
        Ok(Design {
            weights,
            stratum,
            psu,
            psu_stratum,
            stratum_psus,
            psu_rows,
            psu_starts,
            n_strata,
            clustered: clusters.is_some(),
            calibration: Vec::new(),
        })
    }

    /// The same design with weights raked to margins: `margins[m][row]` is each design
    /// row's level of margin `m`. Variances then take out the calibration, as R's
    /// `survey::rake` designs do ([`Design::total_covariance`]).
    pub fn calibrated(mut self, margins: Vec<Vec<usize>>) -> Design {
        self.calibration = margins;
        self
    }

    /// Simple random sampling of `n` equally weighted rows.
    pub fn simple(n: usize) -> Design {
        Design::new::<u8, u8>(n, None, None, None).expect("unit weights are valid")
    }

    /// Rows in the design.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// True when the design has no rows.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// Probability weight of each row (1 when unweighted).
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// Whether rows are grouped in clusters (PSUs) rather than each its own PSU.
    pub fn is_clustered(&self) -> bool {
        self.clustered
    }

    /// PSU of each row (each row is its own PSU in an unclustered design).
    pub fn psu(&self) -> &[usize] {
        &self.psu
    }

    /// Stratum of each row (all 0 in an unstratified design).
    pub fn stratum(&self) -> &[usize] {
        &self.stratum
    }

    pub fn n_psu(&self) -> usize {
        self.psu_stratum.len()
    }

    pub fn n_strata(&self) -> usize {
        self.n_strata
    }

    /// Design degrees of freedom of an estimate on `rows`: PSUs with a non-zero weight in
    /// `rows` minus strata with one (R's `degf` on the subset design).
    pub fn df(&self, rows: &[usize]) -> usize {
        let mut psus = vec![false; self.n_psu()];
        let mut strata = vec![false; self.n_strata];
        for &r in rows.iter().filter(|&&r| self.weights[r] != 0.0) {
            psus[self.psu[r]] = true;
            strata[self.stratum[r]] = true;
        }
        let count = |v: &[bool]| v.iter().filter(|&&b| b).count();
        count(&psus).saturating_sub(count(&strata))
    }

    /// Kish's effective sample size of `rows`, `(Σw)² / Σw²` (Kish 1965, §11.7).
    pub fn kish_effective_n(&self, rows: &[usize]) -> f64 {
        let (s1, s2) = rows.iter().fold((0.0, 0.0), |(s1, s2), &r| {
            let w = self.weights[r];
            (s1 + w, s2 + w * w)
        });
        s1 * s1 / s2
    }

    /// Design-based covariance of the column totals of `z` (one row per entry of `rows`,
    /// already multiplied by the weights), by Taylor linearisation with replacement at the
    /// first stage:
    ///
    /// `V = Σ_h n_h/(n_h − 1) Σ_{i∈h} (t_hi − t̄_h)(t_hi − t̄_h)ᵀ`, `t_hi` the total of PSU
    /// `i` of stratum `h`, `n_h` the PSUs of stratum `h` in the whole design (Wolter 2007,
    /// §6.11; R `survey:::onestrat`). A stratum with a single PSU is handled as R's
    /// `options(survey.lonely.psu = "adjust")`: its total enters uncentred with factor 1.
    pub fn total_covariance(&self, rows: &[usize], z: MatRef<'_, f64>) -> Mat<f64> {
        self.total_covariance_of(rows, z.ncols(), |i, out| {
            for (j, o) in out.iter_mut().enumerate() {
                *o = z[(i, j)];
            }
        })
    }

    /// [`Design::total_covariance`] of a `z` given row by row: `z_row(i, out)` writes the
    /// `k` values of the row for `rows[i]`. Nothing of size rows × `k` is held (a crosstab
    /// of 35 cells on a million rows would need 280 MB for it), so estimates whose `z` is
    /// cheap to recompute pass it this way.
    pub fn total_covariance_of(
        &self,
        rows: &[usize],
        k: usize,
        z_row: impl Fn(usize, &mut [f64]),
    ) -> Mat<f64> {
        let mut v = Mat::<f64>::zeros(k, k);
        self.centred_totals(rows, k, z_row, |d| {
            matmul(v.as_mut(), Accum::Add, d.transpose(), d, 1.0, Par::Seq);
        });
        v
    }

    /// The diagonal of [`Design::total_covariance_of`]: each column's variance alone, in
    /// `O(n k)` instead of `O(n k²)`, for estimates that report standard errors and test
    /// nothing across columns (a 30-level item's shares).
    pub fn total_variances_of(
        &self,
        rows: &[usize],
        k: usize,
        z_row: impl Fn(usize, &mut [f64]),
    ) -> Vec<f64> {
        let mut v = vec![0.0; k];
        self.centred_totals(rows, k, z_row, |d| {
            for (j, vj) in v.iter_mut().enumerate() {
                *vj += d.col(j).squared_norm_l2();
            }
        });
        v
    }

    /// Hands `add` blocks `D` of centred, scaled PSU totals (one row per PSU) whose `DᵀD`
    /// sum to the covariance ([`Design::centred_blocks`]), with the raking taken out first
    /// for a calibrated design.
    fn centred_totals(
        &self,
        rows: &[usize],
        k: usize,
        z_row: impl Fn(usize, &mut [f64]),
        add: impl FnMut(MatRef<'_, f64>),
    ) {
        if self.calibration.is_empty() {
            return self.centred_blocks(rows, k, z_row, add);
        }
        let mut z = Mat::<f64>::zeros(rows.len(), k);
        let mut row = vec![0.0; k];
        for i in 0..rows.len() {
            z_row(i, &mut row);
            for (j, &x) in row.iter().enumerate() {
                z[(i, j)] = x;
            }
        }
        let residuals = self.calibration_residuals(rows, z.as_ref());
        let all: Vec<usize> = (0..self.len()).collect();
        let residual_row = |r: usize, out: &mut [f64]| {
            for (j, o) in out.iter_mut().enumerate() {
                *o = residuals[(r, j)];
            }
        };
        self.centred_blocks(&all, k, residual_row, add);
    }

    /// The terms of `Σ_h n_h/(n_h − 1) Σ_{i∈h} (t_hi − t̄_h)(t_hi − t̄_h)ᵀ`, the PSU
    /// totals `t_hi` summed from `z_row` over each PSU's rows in `rows`: the centred totals
    /// scaled by `√(n_h/(n_h − 1))`, handed to `add` in blocks of [`PSU_BLOCK`] PSUs, so
    /// that `V = Σ DᵀD` is a blocked, vectorised product in the memory of one block.
    fn centred_blocks(
        &self,
        rows: &[usize],
        k: usize,
        z_row: impl Fn(usize, &mut [f64]),
        mut add: impl FnMut(MatRef<'_, f64>),
    ) {
        const NONE: usize = usize::MAX;
        let mut position = vec![NONE; self.len()];
        for (i, &r) in rows.iter().enumerate() {
            position[r] = i;
        }
        let mut row = vec![0.0; k];
        // Stratum means of the PSU totals (a PSU without rows in `rows` totals zero but
        // still counts in n_h).
        let mut means = vec![0.0; self.n_strata * k];
        for (i, &r) in rows.iter().enumerate() {
            z_row(i, &mut row);
            let m = &mut means[self.stratum[r] * k..][..k];
            for (mj, x) in m.iter_mut().zip(&row) {
                *mj += x;
            }
        }
        let mut block = Mat::<f64>::zeros(PSU_BLOCK, k);
        let mut filled = 0;
        let mut total = vec![0.0; k];
        for (h, psus) in self.stratum_psus.iter().enumerate() {
            let nh = psus.len() as f64;
            let m = &mut means[h * k..][..k];
            let scale = if psus.len() > 1 {
                m.iter_mut().for_each(|x| *x /= nh);
                (nh / (nh - 1.0)).sqrt()
            } else {
                // A lonely PSU enters uncentred with factor 1 (`lonely.psu = "adjust"`).
                m.fill(0.0);
                1.0
            };
            for &p in psus {
                total.fill(0.0);
                for &r in &self.psu_rows[self.psu_starts[p]..self.psu_starts[p + 1]] {
                    if position[r] != NONE {
                        z_row(position[r], &mut row);
                        for (t, x) in total.iter_mut().zip(&row) {
                            *t += x;
                        }
                    }
                }
                for (j, (t, mj)) in total.iter().zip(m.iter()).enumerate() {
                    block[(filled, j)] = (t - mj) * scale;
                }
                filled += 1;
                if filled == PSU_BLOCK {
                    add(block.as_ref());
                    filled = 0;
                }
            }
        }
        add(block.as_ref().subrows(0, filled));
    }

    /// `z` spread over every design row (zero outside `rows`) with the raking taken out:
    /// ten sweeps over the margins of `zᵢ ← zᵢ − wᵢ · mean_{level(i)}(z/w)`, R's
    /// `survey:::svyrecvar` for a raked design (Deville & Särndal 1992: the variance of a
    /// calibrated estimator is that of the residuals from the calibration variables). The
    /// weights are the final raked ones, which R's per-margin weights equal once raking
    /// has converged.
    fn calibration_residuals(&self, rows: &[usize], z: MatRef<'_, f64>) -> Mat<f64> {
        let k = z.ncols();
        let mut x = Mat::<f64>::zeros(self.len(), k);
        for (i, &r) in rows.iter().enumerate() {
            for j in 0..k {
                x[(r, j)] = z[(i, j)];
            }
        }
        for _ in 0..10 {
            for levels in &self.calibration {
                let n_levels = levels.iter().max().map_or(0, |m| m + 1);
                let mut sums = Mat::<f64>::zeros(n_levels, k);
                let mut counts = vec![0usize; n_levels];
                for (r, &l) in levels.iter().enumerate() {
                    counts[l] += 1;
                    for j in 0..k {
                        sums[(l, j)] += x[(r, j)] / self.weights[r];
                    }
                }
                for (r, &l) in levels.iter().enumerate() {
                    for j in 0..k {
                        x[(r, j)] -= self.weights[r] * sums[(l, j)] / counts[l] as f64;
                    }
                }
            }
        }
        x
    }

    /// Strata with a single PSU (handled as R's `lonely.psu = "adjust"`).
    pub fn lonely_strata(&self) -> usize {
        let mut count = vec![0usize; self.n_strata];
        for &h in &self.psu_stratum {
            count[h] += 1;
        }
        count.iter().filter(|&&c| c == 1).count()
    }
}

/// Dense codes `0..k` for labels, in sorted label order, and `k`.
/// The rows of each group, group by group (a counting sort), and where each group starts:
/// group `g`'s rows are `rows[starts[g]..starts[g + 1]]`, in row order.
fn group_rows(group: &[usize], n_groups: usize) -> (Vec<usize>, Vec<usize>) {
    let mut starts = vec![0; n_groups + 1];
    for &g in group {
        starts[g + 1] += 1;
    }
    for g in 0..n_groups {
        starts[g + 1] += starts[g];
    }
    let mut next = starts.clone();
    let mut rows = vec![0; group.len()];
    for (r, &g) in group.iter().enumerate() {
        rows[next[g]] = r;
        next[g] += 1;
    }
    (rows, starts)
}

fn codes<T: Ord + Clone>(labels: &[T]) -> (Vec<usize>, usize) {
    let mut map = BTreeMap::new();
    for l in labels {
        map.entry(l.clone()).or_insert(0usize);
    }
    for (i, v) in map.values_mut().enumerate() {
        *v = i;
    }
    (labels.iter().map(|l| map[l]).collect(), map.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(v: &[f64]) -> Mat<f64> {
        Mat::from_fn(v.len(), 1, |i, _| v[i])
    }

    #[test]
    fn srs_total_variance_is_n_times_the_sample_variance() {
        // Unclustered, unstratified: V(total of z) = n/(n−1) Σ (z_i − z̄)² = n · s².
        let z = [1.0, 4.0, 2.0, 8.0, 5.0];
        let d = Design::simple(5);
        let rows: Vec<usize> = (0..5).collect();
        let v = d.total_covariance(&rows, column(&z).as_ref());
        let mean = 4.0;
        let s2 = z.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / 4.0;
        assert!((v[(0, 0)] - 5.0 * s2).abs() < 1e-12);
        assert_eq!(d.df(&rows), 4);
    }

    /// Stratum A: PSUs a1 {1, 2}, a2 {5}; stratum B: PSUs b1 {4}, b2 {0}, b3 {2}. PSU
    /// totals: A 3, 5 (mean 4); B 4, 0, 2 (mean 2), so the variance of the total is
    /// V = 2/1·(1 + 1) + 3/2·(4 + 4 + 0) = 4 + 12 = 16.
    fn two_strata_of_clusters() -> (Design, [f64; 6]) {
        let strata = ["A", "A", "A", "B", "B", "B"];
        let psu = ["1", "1", "2", "1", "2", "3"];
        let d = Design::new(6, None, Some(&strata), Some(&psu)).unwrap();
        (d, [1.0, 2.0, 5.0, 4.0, 0.0, 2.0])
    }

    #[test]
    fn clusters_sum_within_psu_and_strata_centre_separately() {
        // V = 16, derived at `two_strata_of_clusters`.
        let (d, z) = two_strata_of_clusters();
        let rows: Vec<usize> = (0..6).collect();
        let v = d.total_covariance(&rows, column(&z).as_ref());
        assert!((v[(0, 0)] - 16.0).abs() < 1e-12);
        assert_eq!((d.n_psu(), d.n_strata()), (5, 2));
        assert_eq!(d.df(&rows), 3);
        // A subset that loses PSU A2 keeps n_A = 2 (a zero total) but not its df.
        let sub = [0, 1, 3, 4, 5];
        let zs = column(&[1.0, 2.0, 4.0, 0.0, 2.0]);
        let v = d.total_covariance(&sub, zs.as_ref());
        // A: totals 3, 0 (mean 1.5): 2·(2.25 + 2.25) = 9; B as before 12.
        assert!((v[(0, 0)] - 21.0).abs() < 1e-12);
        assert_eq!(d.df(&sub), 2);
    }

    #[test]
    fn variances_are_the_covariance_diagonal() {
        // Two columns: z, whose variance is the 16 derived at `two_strata_of_clusters`,
        // and 2z, which must give 4 · 16 = 64; both are the covariance's diagonal.
        let (d, z) = two_strata_of_clusters();
        let rows: Vec<usize> = (0..6).collect();
        let z_row = |i: usize, out: &mut [f64]| {
            out[0] = z[i];
            out[1] = 2.0 * z[i];
        };
        let v = d.total_variances_of(&rows, 2, z_row);
        assert!(
            (v[0] - 16.0).abs() < 1e-12 && (v[1] - 64.0).abs() < 1e-12,
            "{v:?}"
        );
        let full = d.total_covariance_of(&rows, 2, z_row);
        assert!((v[0] - full[(0, 0)]).abs() < 1e-12 && (v[1] - full[(1, 1)]).abs() < 1e-12);
        assert!((full[(0, 1)] - 32.0).abs() < 1e-12);
    }

    #[test]
    fn lonely_psu_enters_uncentred() {
        let d = Design::new(3, None, Some(&["A", "B", "B"]), Some(&[1, 1, 2])).unwrap();
        assert_eq!(d.lonely_strata(), 1);
        let v = d.total_covariance(&[0, 1, 2], column(&[3.0, 1.0, -1.0]).as_ref());
        // A: 3² = 9; B: 2·(1 + 1) = 4.
        assert!((v[(0, 0)] - 13.0).abs() < 1e-12);
    }

    #[test]
    fn calibration_removes_what_the_margins_fix() {
        // Raked on a margin with levels {0, 0, 1, 1, 1}: a total whose per-weight value is
        // constant within each level is known exactly, so its variance is zero.
        let w = vec![1.0, 2.0, 1.5, 0.5, 1.0];
        let d = Design::new::<u8, u8>(5, Some(w.clone()), None, None).unwrap();
        let calibrated = d.clone().calibrated(vec![vec![0, 0, 1, 1, 1]]);
        let rows: Vec<usize> = (0..5).collect();
        let level_constant = column(&[w[0] * 3.0, w[1] * 3.0, w[2] * 7.0, w[3] * 7.0, w[4] * 7.0]);
        assert!(calibrated.total_covariance(&rows, level_constant.as_ref())[(0, 0)].abs() < 1e-24);
        // With unit weights the residuals are deviations from the level means:
        // levels {1, −2} (mean −0.5) and {0.5, 3, −1} (mean 5/6); they sum to zero, so
        // V = n/(n − 1) Σ r².
        let unit = Design::simple(5).calibrated(vec![vec![0, 0, 1, 1, 1]]);
        let z = [1.0, -2.0, 0.5, 3.0, -1.0];
        let r = [
            1.5,
            -1.5,
            0.5 - 5.0 / 6.0,
            3.0 - 5.0 / 6.0,
            -1.0 - 5.0 / 6.0,
        ];
        let want = 5.0 / 4.0 * r.iter().map(|v| v * v).sum::<f64>();
        let got = unit.total_covariance(&rows, column(&z).as_ref())[(0, 0)];
        assert!((got - want).abs() < 1e-13, "{got} vs {want}");
    }

    #[test]
    fn kish_and_bad_weights() {
        let d = Design::new::<u8, u8>(4, Some(vec![1.0, 1.0, 2.0, 4.0]), None, None).unwrap();
        assert!((d.kish_effective_n(&[0, 1, 2, 3]) - 64.0 / 22.0).abs() < 1e-14);
        assert!(matches!(
            Design::new::<u8, u8>(2, Some(vec![1.0, f64::NAN]), None, None),
            Err(DesignError::BadWeight { row: 1, .. })
        ));
        assert_eq!(
            Design::new::<u8, u8>(2, Some(vec![0.0, 0.0]), None, None).unwrap_err(),
            DesignError::AllZero
        );
    }
}
