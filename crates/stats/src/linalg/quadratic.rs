//! Quadratic forms of a design's rows with one matrix, as leverages need them.

use faer::linalg::matmul::matmul;
use faer::{Accum, Mat, MatRef, Par};

/// Rows of the design multiplied by the matrix at a time in [`row_quadratic_forms`].
const BLOCK: usize = 4096;

/// `xᵢᵀ M xᵢ` for every row `xᵢ` of `x[:, columns]`: with `M = (XᵀWX)⁻¹` these are the
/// leverages of a (weighted) fit, as R's `hatvalues` gives them. Each block of rows is
/// multiplied by `M` in one matrix product, `B = X_blk M`, and `xᵢᵀ M xᵢ = Σ_a B_ia x_ia`:
/// the `O(n p²)` work done by the blocked, vectorised product, in the memory of one block.
pub fn row_quadratic_forms(x: MatRef<'_, f64>, columns: &[usize], m: MatRef<'_, f64>) -> Vec<f64> {
    let (n, p) = (x.nrows(), columns.len());
    let mut forms = Vec::with_capacity(n);
    let mut product = Mat::<f64>::zeros(BLOCK.min(n), p);
    for start in (0..n).step_by(BLOCK) {
        let len = BLOCK.min(n - start);
        let block = Mat::from_fn(len, p, |i, j| x[(start + i, columns[j])]);
        matmul(
            product.as_mut().subrows_mut(0, len),
            Accum::Replace,
            block.as_ref(),
            m,
            1.0,
            Par::Seq,
        );
        forms
            .extend((0..len).map(|i| (0..p).map(|a| product[(i, a)] * block[(i, a)]).sum::<f64>()));
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_match_the_definition_across_blocks() {
        // 5,000 rows spans two blocks; x = (1, i, i²/1000) picked from four columns, and
        // M symmetric: each form checked against xᵀMx written out.
        let n = 5000;
        let x = Mat::from_fn(n, 4, |i, j| match j {
            0 => 7.0,
            1 => 1.0,
            2 => i as f64,
            _ => (i * i) as f64 / 1000.0,
        });
        let m = Mat::from_fn(3, 3, |a, b| 1.0 / (1.0 + a as f64 + b as f64));
        let forms = row_quadratic_forms(x.as_ref(), &[1, 2, 3], m.as_ref());
        assert_eq!(forms.len(), n);
        for i in [0, 1, 4095, 4096, 4999] {
            let xi = [1.0, i as f64, (i * i) as f64 / 1000.0];
            let want: f64 = (0..3)
                .map(|a| (0..3).map(|b| xi[a] * m[(a, b)] * xi[b]).sum::<f64>())
                .sum();
            assert!(
                (forms[i] - want).abs() <= 1e-12 * want.abs().max(1.0),
                "{i}: {} vs {want}",
                forms[i]
            );
        }
    }
}
