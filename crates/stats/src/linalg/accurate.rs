//! Error-free transformations and compensated sums (Ogita, Rump & Oishi 2005, "Accurate
//! sum and dot product", SIAM J. Sci. Comput. 26(6)): results as accurate as if computed
//! in twice the working precision and then rounded, at a few times the cost.

/// Knuth's TwoSum: `s + e == a + b` exactly, with `s = fl(a + b)`.
#[inline(always)]
pub fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let z = s - a;
    (s, (a - (s - z)) + (b - z))
}

/// TwoProduct by fused multiply–add: `p + e == a * b` exactly, with `p = fl(a * b)`.
/// Without the CPU's FMA instruction `mul_add` is a library call; the loops below are
/// therefore also compiled for FMA and chosen at run time (same results: both round
/// `a·b − p` once, exactly).
#[inline(always)]
pub fn two_product(a: f64, b: f64) -> (f64, f64) {
    let p = a * b;
    (p, a.mul_add(b, -p))
}

/// Compensated sum (Sum2 of Ogita–Rump–Oishi).
pub fn sum2(xs: &[f64]) -> f64 {
    let (s, c) = xs.iter().fold((0.0, 0.0), |(s, c), &x| {
        let (s, e) = two_sum(s, x);
        (s, c + e)
    });
    s + c
}

/// Compensated dot product (Dot2 of Ogita–Rump–Oishi); extra entries of the longer slice
/// are ignored.
pub fn dot2(xs: &[f64], ys: &[f64]) -> f64 {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("fma") {
        // SAFETY: the CPU has FMA, checked just above.
        return unsafe { dot2_fma(xs, ys) };
    }
    dot2_body(xs, ys)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "fma")]
fn dot2_fma(xs: &[f64], ys: &[f64]) -> f64 {
    dot2_body(xs, ys)
}

#[inline(always)]
fn dot2_body(xs: &[f64], ys: &[f64]) -> f64 {
    let (s, c) = xs.iter().zip(ys).fold((0.0, 0.0), |(s, c), (&x, &y)| {
        let (p, ep) = two_product(x, y);
        let (s, es) = two_sum(s, p);
        (s, c + (ep + es))
    });
    s + c
}

/// `sᵢ + cᵢ += a·xᵢ` for each `i`, the product and the sum error-free: `s` holds the
/// running sums, `c` their accumulated rounding errors (Dot2's recurrence, one row per
/// entry), for residuals `y − Xb` in twice the working precision.
pub fn axpy2(s: &mut [f64], c: &mut [f64], a: f64, x: &[f64]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("fma") {
        // SAFETY: the CPU has FMA, checked just above.
        return unsafe { axpy2_fma(s, c, a, x) };
    }
    axpy2_body(s, c, a, x);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "fma")]
fn axpy2_fma(s: &mut [f64], c: &mut [f64], a: f64, x: &[f64]) {
    axpy2_body(s, c, a, x);
}

#[inline(always)]
fn axpy2_body(s: &mut [f64], c: &mut [f64], a: f64, x: &[f64]) {
    for ((si, ci), &xi) in s.iter_mut().zip(c.iter_mut()).zip(x) {
        let (p, ep) = two_product(xi, a);
        let (t, et) = two_sum(*si, p);
        *si = t;
        *ci += ep + et;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_sum_and_two_product_are_exact() {
        // 1 + 2^-60 is not representable; the error term carries the lost part exactly.
        let tiny = 2f64.powi(-60);
        assert_eq!(two_sum(1.0, tiny), (1.0, tiny));
        // (1 + 2^-30)^2 = 1 + 2^-29 + 2^-60: the 2^-60 is the rounding error of the product.
        let a = 1.0 + 2f64.powi(-30);
        assert_eq!(two_product(a, a), (1.0 + 2f64.powi(-29), tiny));
    }

    #[test]
    fn compensated_sums_survive_cancellation() {
        // The spacing of doubles near 1e17 is 16, so plain summation loses both ones.
        let xs = [1e17, 1.0, 1.0, -1e17];
        assert_eq!(xs.iter().sum::<f64>(), 0.0);
        assert_eq!(sum2(&xs), 2.0);
        // Exact dot: 1e17 + 1 + 3 - 1e17 = 4.
        assert_eq!(dot2(&xs, &[1.0, 1.0, 3.0, 1.0]), 4.0);
        assert_eq!(dot2_body(&xs, &[1.0, 1.0, 3.0, 1.0]), 4.0);
        // The same sum as a running residual: 1e17 − 1e17 + (1 + 3) in s + c.
        let (mut s, mut c) = (vec![1e17], vec![0.0]);
        for (a, x) in [(1.0, 1.0), (3.0, 1.0), (-1.0, 1e17)] {
            axpy2(&mut s, &mut c, a, &[x]);
        }
        assert_eq!(s[0] + c[0], 4.0);
    }
}
