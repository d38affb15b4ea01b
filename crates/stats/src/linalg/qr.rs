//! Pivoted Householder QR of an equilibrated design, rank detection, and least squares
//! refined in extended precision.

use super::accurate::{axpy2, dot2, two_sum};
use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::householder;
use faer::linalg::qr::{col_pivoting::factor as cpqr, no_pivoting::factor::recommended_block_size};
use faer::{Conj, Mat, MatRef, Par};
use std::borrow::Cow;

/// Relative tolerance for numerical rank: pivot `k` counts when `|R_kk| > RANK_TOLERANCE ·
/// |R_00|`, on columns scaled to lengths in [1, 2) (so the ratio is scale-free). Measured on this
/// QR: rounding leaves an exactly duplicated column at ~5e-17 and a dummy-variable trap
/// at ~3e-14 with 200,000 rows (noise grows about like √n), while NIST Filip, a hard but
/// full-rank degree-10 polynomial, has its smallest ratio at 8e-10. The tolerance sits
/// between the two with a margin of 80 below Filip, which R's `lm` (`tol = 1e-7` on its
/// own criterion) wrongly aliases.
pub const RANK_TOLERANCE: f64 = 1e-11;

/// Cap on refinement steps; convergence normally takes two or three.
const MAX_REFINEMENT_STEPS: usize = 10;

/// Householder QR with column pivoting (Businger & Golub 1965) of `X[:, columns] · D`,
/// where `D` scales each column to length in [1, 2) by a power of two. Pivoting makes
/// `|R_kk|` non-increasing, so the rank shows on the diagonal; the power-of-two scaling
/// is exact, so it changes no digit of the solution while making the rank test and the
/// pivot order independent of the columns' units.
#[derive(Debug, Clone)]
pub struct PivotedQr {
    /// Householder vectors below the diagonal, `R` on and above it.
    qr: Mat<f64>,
    /// Block Householder factors of `Q`.
    coeff: Mat<f64>,
    /// `pivot[k]`: position in `columns` of the column moved to place `k`.
    pivot: Vec<usize>,
    /// `scale[j]`: the power of two applied to `columns[j]`.
    scale: Vec<f64>,
    /// Columns of the caller's design that were factored.
    columns: Vec<usize>,
    rank: usize,
}

/// Below this many multiply-adds (`n p²`) a factorisation runs on one thread: the callers
/// that factor many small matrices (IRLS steps, block refits, bootstrap replicates) keep
/// the cores busy themselves, and faer's threads would only wait on them (futex and lock
/// time under `perf`, bench/README.md "Fourth round").
const PARALLEL_WORK: usize = 1 << 24;

impl PivotedQr {
    /// Factors the given columns of `x` (one copy of them is made).
    pub fn new(x: MatRef<'_, f64>, columns: &[usize]) -> Self {
        let (n, p) = (x.nrows(), columns.len());
        let scale: Vec<f64> = columns
            .iter()
            .map(|&c| power_of_two_below(x.col(c).norm_l2()).recip())
            .collect();
        let mut qr = Mat::from_fn(n, p, |i, j| x[(i, columns[j])] * scale[j]);
        let size = n.min(p);
        let block = recommended_block_size::<f64>(n, p).max(1);
        let mut coeff = Mat::zeros(block, size);
        let mut fwd = vec![0usize; p];
        let mut bwd = vec![0usize; p];
        let par = if n.saturating_mul(p * p) < PARALLEL_WORK {
            Par::Seq
        } else {
            faer::get_global_parallelism()
        };
        let mut buf = MemBuffer::new(cpqr::qr_in_place_scratch::<usize, f64>(
            n,
            p,
            block,
            par,
            Default::default(),
        ));
        cpqr::qr_in_place(
            qr.as_mut(),
            coeff.as_mut(),
            &mut fwd,
            &mut bwd,
            par,
            MemStack::new(&mut buf),
            Default::default(),
        );
        let r00 = if size > 0 { qr[(0, 0)].abs() } else { 0.0 };
        let rank = (0..size)
            .take_while(|&k| qr[(k, k)].abs() > RANK_TOLERANCE * r00)
            .count();
        Self {
            qr,
            coeff,
            pivot: fwd,
            scale,
            columns: columns.to_vec(),
            rank,
        }
    }

    /// Numerical rank (see [`RANK_TOLERANCE`]).
    pub fn rank(&self) -> usize {
        self.rank
    }

    /// The factored columns of the caller's design.
    pub fn columns(&self) -> &[usize] {
        &self.columns
    }

    /// `|R_kk| / |R_00|` for every pivot: the scaled design's spectrum in miniature, whose
    /// reciprocal minimum is a cheap condition-number estimate.
    pub fn diagonal_ratios(&self) -> Vec<f64> {
        let size = self.qr.nrows().min(self.qr.ncols());
        let r00 = if size > 0 { self.qr[(0, 0)].abs() } else { 0.0 };
        (0..size).map(|k| self.qr[(k, k)].abs() / r00).collect()
    }

    /// `Qᵀ v` (`transpose`) or `Q v`, for an n-vector.
    fn apply_q(&self, v: &[f64], transpose: bool) -> Vec<f64> {
        let n = self.qr.nrows();
        let mut w = Mat::from_fn(n, 1, |i, _| v[i]);
        let block = self.coeff.nrows();
        let mut buf = MemBuffer::new(if transpose {
            householder::apply_block_householder_sequence_transpose_on_the_left_in_place_scratch::<
                f64,
            >(n, block, 1)
        } else {
            householder::apply_block_householder_sequence_on_the_left_in_place_scratch::<f64>(
                n, block, 1,
            )
        });
        let (basis, coeff, stack) = (
            self.qr.as_ref(),
            self.coeff.as_ref(),
            MemStack::new(&mut buf),
        );
        if transpose {
            householder::apply_block_householder_sequence_transpose_on_the_left_in_place_with_conj(
                basis,
                coeff,
                Conj::No,
                w.as_mut(),
                Par::Seq,
                stack,
            );
        } else {
            householder::apply_block_householder_sequence_on_the_left_in_place_with_conj(
                basis,
                coeff,
                Conj::No,
                w.as_mut(),
                Par::Seq,
                stack,
            );
        }
        w.col(0).iter().copied().collect()
    }

    /// The least-squares solution in pivoted, scaled coordinates: `R₁₁⁻¹ (Qᵀy)₁`.
    fn solve_pivoted(&self, y: &[f64]) -> Vec<f64> {
        let dy = self.apply_q(y, true);
        let mut z = dy[..self.rank].to_vec();
        self.solve_r(&mut z);
        z
    }

    /// Least squares `min ‖y − X b‖` by the factorisation alone, without refinement:
    /// coefficients in the order of [`PivotedQr::columns`]. Backward stable (Higham 2002,
    /// §20.2), so enough for the intermediate steps of an iteration whose last step is
    /// refined ([`refined_lstsq`]).
    pub fn lstsq(&self, y: &[f64]) -> Vec<f64> {
        self.unpivot(&self.solve_pivoted(y))
    }

    /// Solves `R₁₁ z = v` (`R₁₁` the leading `rank × rank` block) in place.
    fn solve_r(&self, z: &mut [f64]) {
        for i in (0..z.len()).rev() {
            let tail: f64 = (i + 1..z.len()).map(|j| self.qr[(i, j)] * z[j]).sum();
            z[i] = (z[i] - tail) / self.qr[(i, i)];
        }
    }

    /// Solves `R₁₁ᵀ h = v` in place.
    fn solve_rt(&self, h: &mut [f64]) {
        for i in 0..h.len() {
            let head: f64 = (0..i).map(|j| self.qr[(j, i)] * h[j]).sum();
            h[i] = (h[i] - head) / self.qr[(i, i)];
        }
    }

    /// Coefficients in the order of `columns`, unscaled, from the solution `z` in the
    /// pivoted, scaled coordinates (zero beyond the rank).
    fn unpivot(&self, z: &[f64]) -> Vec<f64> {
        let mut b = vec![0.0; self.columns.len()];
        for (k, &zk) in z.iter().enumerate() {
            let j = self.pivot[k];
            b[j] = zk * self.scale[j];
        }
        b
    }

    /// `(XᵀX)⁻¹` for the factored columns, in the order of `columns`, from `R⁻¹`
    /// (`(XᵀX)⁻¹ = P D R⁻¹ R⁻ᵀ D Pᵀ` with the power-of-two scaling `D`), never from `XᵀX`
    /// itself. Rows and columns beyond the rank are `NaN`.
    pub fn inverse_gram(&self) -> Mat<f64> {
        let k = self.rank;
        // R⁻¹ by back substitution, one column at a time.
        let mut rinv = Mat::<f64>::zeros(k, k);
        for j in 0..k {
            rinv[(j, j)] = 1.0 / self.qr[(j, j)];
            for i in (0..j).rev() {
                let s: f64 = (i + 1..=j).map(|l| self.qr[(i, l)] * rinv[(l, j)]).sum();
                rinv[(i, j)] = -s / self.qr[(i, i)];
            }
        }
        let p = self.columns.len();
        let mut g = Mat::from_fn(p, p, |_, _| f64::NAN);
        for a in 0..k {
            for b in 0..k {
                let s: f64 = (a.max(b)..k).map(|l| rinv[(a, l)] * rinv[(b, l)]).sum();
                let (ja, jb) = (self.pivot[a], self.pivot[b]);
                g[(ja, jb)] = s * self.scale[ja] * self.scale[jb];
            }
        }
        g
    }

    /// The columns R's `lm` would keep: scanning in the caller's order, a column is kept
    /// unless it lies (to [`RANK_TOLERANCE`], relative to its own length) in the span of
    /// the columns kept before it, so for a dummy trap the *last* dummy is aliased, as in
    /// R. The test runs on the `rank × p` leading rows of `R` (the columns of `X` and of
    /// `R` have the same linear relations, since `Q` is orthogonal), so it costs O(p³),
    /// not O(n·p²).
    pub fn independent_columns(&self) -> Vec<usize> {
        let k = self.rank;
        let p = self.columns.len();
        let mut at = vec![0usize; p];
        for (pos, &j) in self.pivot.iter().enumerate() {
            at[j] = pos;
        }
        let mut basis: Vec<Vec<f64>> = Vec::with_capacity(k);
        let mut keep = Vec::with_capacity(k);
        for (j, &c) in self.columns.iter().enumerate() {
            let pos = at[j];
            let mut v: Vec<f64> = (0..k)
                .map(|i| if i <= pos { self.qr[(i, pos)] } else { 0.0 })
                .collect();
            let len = v.iter().map(|a| a * a).sum::<f64>().sqrt();
            // Classical Gram–Schmidt applied twice is orthogonal to working precision
            // (Giraud et al. 2005).
            for _ in 0..2 {
                for q in &basis {
                    let d: f64 = q.iter().zip(&v).map(|(a, b)| a * b).sum();
                    v.iter_mut().zip(q).for_each(|(a, b)| *a -= d * b);
                }
            }
            let rest = v.iter().map(|a| a * a).sum::<f64>().sqrt();
            if len > 0.0 && rest > RANK_TOLERANCE * len && basis.len() < k {
                v.iter_mut().for_each(|a| *a /= rest);
                basis.push(v);
                keep.push(c);
            }
        }
        keep
    }
}

/// `2^⌊log₂ v⌋` for positive finite `v` (1 otherwise), so that dividing by it is exact.
fn power_of_two_below(v: f64) -> f64 {
    if v.is_normal() && v > 0.0 {
        f64::from_bits(v.to_bits() & 0x7ff0_0000_0000_0000)
    } else {
        1.0
    }
}

/// A refined least-squares solution.
#[derive(Debug, Clone)]
pub struct Refined {
    /// Coefficients in the order of [`PivotedQr::columns`] (zero beyond the rank).
    pub coefficients: Vec<f64>,
    /// `y − X b`, each accumulated in extended precision and rounded once.
    pub residuals: Vec<f64>,
    /// Corrections applied after the first solve.
    pub refinement_steps: usize,
}

/// Least squares `min ‖y − X b‖` on a factorisation of `x`'s columns, refined on the
/// augmented system `r + X b = y, Xᵀ r = 0` (Björck 1967, "Iterative refinement of linear
/// least squares solutions I", BIT 7; Björck 1996, *Numerical Methods for Least Squares
/// Problems*, §2.9). Each step forms `f = y − r − X b` and `g = −Xᵀ r` in doubled precision
/// by compensated arithmetic (Ogita, Rump & Oishi 2005), solves the augmented system for
/// the corrections on the same QR (`h = R⁻ᵀ g`, `d = Qᵀ f`, `δb = R⁻¹(d₁ − h)`,
/// `δr = Q [h; d₂]`), and stops when the correction stops halving. Refining `r` along
/// with `b` is what makes this converge on large-residual problems, where refining `b`
/// alone stalls (NIST Wampler5: 5.8 digits); O(n·p) per step.
pub fn refined_lstsq(qr: &PivotedQr, x: MatRef<'_, f64>, y: &[f64]) -> Refined {
    let k = qr.rank();
    let cols = qr.columns();
    let mut z = qr.solve_pivoted(y);
    let mut b = qr.unpivot(&z);
    let mut r = augmented_residual(x, cols, &b, None, y);
    let mut last = f64::INFINITY;
    let mut steps = 0;
    while steps < MAX_REFINEMENT_STEPS {
        let f = augmented_residual(x, cols, &b, Some(&r), y);
        // g = −D Xᵀ r, in pivot order.
        let mut h: Vec<f64> = (0..k)
            .map(|i| {
                let j = qr.pivot[i];
                -qr.scale[j] * dot2(&column(x, cols[j]), &r)
            })
            .collect();
        qr.solve_rt(&mut h);
        let mut d = qr.apply_q(&f, true);
        let mut dz: Vec<f64> = d[..k].iter().zip(&h).map(|(d, h)| d - h).collect();
        qr.solve_r(&mut dz);
        let size = dz.iter().map(|v| v * v).sum::<f64>().sqrt();
        if size.is_nan() || size >= last / 2.0 {
            break;
        }
        d[..k].copy_from_slice(&h);
        let dr = qr.apply_q(&d, false);
        z.iter_mut().zip(&dz).for_each(|(zj, dj)| *zj += dj);
        r.iter_mut().zip(&dr).for_each(|(ri, di)| *ri += di);
        b = qr.unpivot(&z);
        last = size;
        steps += 1;
        let zn = z.iter().map(|v| v * v).sum::<f64>().sqrt();
        if size <= f64::EPSILON * zn {
            break;
        }
    }
    Refined {
        coefficients: b,
        residuals: r,
        refinement_steps: steps,
    }
}

/// `y − r − X[:, columns] b` (`r` = 0 when `None`), each row as a compensated dot
/// product (Dot2), streaming the design column by column so a column-major `X` is read
/// contiguously.
fn augmented_residual(
    x: MatRef<'_, f64>,
    columns: &[usize],
    b: &[f64],
    r: Option<&[f64]>,
    y: &[f64],
) -> Vec<f64> {
    let mut s = y.to_vec();
    let mut c = vec![0.0; y.len()];
    if let Some(r) = r {
        for ((si, ci), &ri) in s.iter_mut().zip(c.iter_mut()).zip(r) {
            let (t, e) = two_sum(*si, -ri);
            *si = t;
            *ci += e;
        }
    }
    for (&col, &bj) in columns.iter().zip(b) {
        if bj == 0.0 {
            continue;
        }
        axpy2(&mut s, &mut c, -bj, &column(x, col));
    }
    s.iter().zip(&c).map(|(s, c)| s + c).collect()
}

/// Column `j` of `x` as a slice: borrowed when contiguous (column-major), else copied.
fn column(x: MatRef<'_, f64>, j: usize) -> Cow<'_, [f64]> {
    match x.col(j).try_as_col_major() {
        Some(c) => Cow::Borrowed(c.as_slice()),
        None => Cow::Owned(x.col(j).iter().copied().collect()),
    }
}
