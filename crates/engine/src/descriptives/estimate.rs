//! Design-based means and proportions with their intervals, as R's `survey::svymean`,
//! `confint` and `svyciprop` compute them.

use faer::{Mat, MatRef};
use rapport_stats::inference::coef_rows;
use rapport_stats::survey::Design;
use serde::{Deserialize, Serialize};

/// An estimate with its design-based standard error and confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Estimate {
    pub estimate: f64,
    pub std_error: f64,
    /// `None` where the interval is undefined: no design degrees of freedom, or a
    /// proportion of exactly 0 or 1 (whose logit interval does not exist).
    pub conf_low: Option<f64>,
    pub conf_high: Option<f64>,
}

/// Weighted means `ȳ_j = Σ w_i y_ij / Σ w_i` of the columns of `y` (row `i` belongs to
/// design row `rows[i]`) and their design-based covariance, or `None` when the rows carry
/// no weight.
///
/// Each mean is a ratio of two totals, linearised as `z_ij = w_i (y_ij − ȳ_j) / Σw` on
/// `rows` and zero on every other row of the design, so an estimate on the answered rows
/// keeps the whole design (domain estimation: Lumley 2010, *Complex Surveys*; R
/// `svymean(~x, design, na.rm = TRUE)`, whose `svyrecvar` pads absent PSUs with zeros).
pub(crate) fn ratio_means(
    design: &Design,
    rows: &[usize],
    y: MatRef<'_, f64>,
) -> Option<(Vec<f64>, Mat<f64>)> {
    ratio_means_of(design, rows, y.ncols(), |i, out| {
        for (j, o) in out.iter_mut().enumerate() {
            *o = y[(i, j)];
        }
    })
}

/// [`ratio_means`] of a `y` given row by row (`y_row(i, out)` writes the `k` values of
/// row `i`), so indicator columns such as a crosstab's cells are never held as a
/// rows × cells matrix.
pub(crate) fn ratio_means_of(
    design: &Design,
    rows: &[usize],
    k: usize,
    y_row: impl Fn(usize, &mut [f64]),
) -> Option<(Vec<f64>, Mat<f64>)> {
    linearised_means(design, rows, k, y_row, |z| {
        design.total_covariance_of(rows, k, z)
    })
}

/// [`ratio_means_of`] with each mean's variance alone (the covariance's diagonal), for
/// summaries that give every level its interval and test nothing across levels.
pub(crate) fn ratio_mean_variances_of(
    design: &Design,
    rows: &[usize],
    k: usize,
    y_row: impl Fn(usize, &mut [f64]),
) -> Option<(Vec<f64>, Vec<f64>)> {
    linearised_means(design, rows, k, y_row, |z| {
        design.total_variances_of(rows, k, z)
    })
}

/// The weighted means of `y` and `spread` of their linearised values
/// `z_ij = (w_i / Σw)(y_ij − ȳ_j)`, given row by row.
fn linearised_means<V>(
    design: &Design,
    rows: &[usize],
    k: usize,
    y_row: impl Fn(usize, &mut [f64]),
    spread: impl FnOnce(&dyn Fn(usize, &mut [f64])) -> V,
) -> Option<(Vec<f64>, V)> {
    let (means, total) = weighted_means(design, rows, k, &y_row)?;
    let w = design.weights();
    let z = |i: usize, out: &mut [f64]| {
        y_row(i, out);
        let share = w[rows[i]] / total;
        for (o, m) in out.iter_mut().zip(&means) {
            *o = share * (*o - m);
        }
    };
    let v = spread(&z);
    Some((means, v))
}

/// `ȳ_j = Σ w_i y_ij / Σ w_i` and `Σ w_i`, or `None` when the rows carry no weight.
fn weighted_means(
    design: &Design,
    rows: &[usize],
    k: usize,
    y_row: &impl Fn(usize, &mut [f64]),
) -> Option<(Vec<f64>, f64)> {
    let w = design.weights();
    let total: f64 = rows.iter().map(|&r| w[r]).sum();
    if total <= 0.0 {
        return None;
    }
    let mut means = vec![0.0; k];
    let mut y = vec![0.0; k];
    for (i, &r) in rows.iter().enumerate() {
        y_row(i, &mut y);
        for (m, yj) in means.iter_mut().zip(&y) {
            *m += w[r] * yj;
        }
    }
    means.iter_mut().for_each(|m| *m /= total);
    Some((means, total))
}

/// A mean with the t interval `ȳ ± t_{df, (1+level)/2} · SE`, `df` the design degrees of
/// freedom (R `confint(svymean(...), df = degf(design))`).
pub(crate) fn mean_estimate(mean: f64, variance: f64, df: usize, level: f64) -> Estimate {
    let v = Mat::from_fn(1, 1, |_, _| variance);
    let row = coef_rows(&[mean], v.as_ref(), Some(df as f64), level)[0];
    Estimate {
        estimate: mean,
        std_error: row.std_error,
        conf_low: finite(row.conf_low),
        conf_high: finite(row.conf_high),
    }
}

/// A proportion with the logit interval of R's `svyciprop(method = "logit")`:
/// `expit(logit p̂ ± t_{df} · SE(p̂) / (p̂(1 − p̂)))`. The SE of the logit is the delta
/// method's, which for the intercept-only quasi-binomial `svyglm` that `svyciprop` fits
/// is exact (its estimating equation is `Σ w (y − p) = 0`). The interval stays inside
/// (0, 1) and is asymmetric near 0 % and 100 %, where a Wald interval would cross the
/// bounds (R `survey` manual, `svyciprop`; Lumley 2010, *Complex Surveys*).
pub(crate) fn proportion_estimate(p: f64, variance: f64, df: usize, level: f64) -> Estimate {
    let std_error = variance.sqrt();
    let (conf_low, conf_high) = if p > 0.0 && p < 1.0 {
        let logit = (p / (1.0 - p)).ln();
        let se_logit = std_error / (p * (1.0 - p));
        let v = Mat::from_fn(1, 1, |_, _| se_logit * se_logit);
        let row = coef_rows(&[logit], v.as_ref(), Some(df as f64), level)[0];
        (finite(expit(row.conf_low)), finite(expit(row.conf_high)))
    } else {
        (None, None)
    };
    Estimate {
        estimate: p,
        std_error,
        conf_low,
        conf_high,
    }
}

fn expit(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn srs_mean_has_the_textbook_standard_error() {
        // Unweighted SRS: ȳ = Σy/n and SE = s/√n (R: sd(y)/sqrt(n), no fpc).
        let y = [3.0, 7.0, 1.0, 4.0, 10.0, 5.0];
        let n = y.len();
        let design = Design::simple(n);
        let rows: Vec<usize> = (0..n).collect();
        let (m, v) = ratio_means(&design, &rows, Mat::from_fn(n, 1, |i, _| y[i]).as_ref())
            .expect("weighted rows");
        let mean = 5.0;
        let s2 = y.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n as f64 - 1.0);
        assert!((m[0] - mean).abs() < 1e-15);
        assert!((v[(0, 0)].sqrt() - (s2 / n as f64).sqrt()).abs() < 1e-15);
        let e = mean_estimate(m[0], v[(0, 0)], design.df(&rows), 0.95);
        // qt(0.975, 5) = 2.5705818356363137 (R).
        let half = 2.570_581_835_636_313_7 * (s2 / n as f64).sqrt();
        assert!((e.conf_high.unwrap() - mean - half).abs() < 1e-12);
        assert!((mean - e.conf_low.unwrap() - half).abs() < 1e-12);
    }

    #[test]
    fn domain_rows_keep_the_design_and_weights_give_ratios() {
        // Rows 1 and 3 unanswered: the mean is Σwy/Σw over rows 0, 2, 4.
        let design = Design::new::<u8, u8>(5, Some(vec![1.0, 9.0, 2.0, 9.0, 1.0]), None, None)
            .expect("valid weights");
        let rows = [0, 2, 4];
        let y = [1.0, 4.0, 7.0];
        let (m, v) = ratio_means(&design, &rows, Mat::from_fn(3, 1, |i, _| y[i]).as_ref()).unwrap();
        assert!((m[0] - 4.0).abs() < 1e-15);
        // z = w(y − 4)/4 = −3/4, 0, 3/4 on answered rows, 0 on the other two; mean 0;
        // V = 5/4 · (9/16 + 9/16) = 45/32.
        assert!((v[(0, 0)] - 45.0 / 32.0).abs() < 1e-15);
        assert!(ratio_means(&design, &[], Mat::zeros(0, 1).as_ref()).is_none());
    }

    #[test]
    fn proportions_of_zero_or_one_have_no_logit_interval() {
        let e = proportion_estimate(0.0, 0.0, 10, 0.95);
        assert_eq!((e.conf_low, e.conf_high), (None, None));
        let e = proportion_estimate(0.02, 0.01 * 0.01, 10, 0.95);
        let (lo, hi) = (e.conf_low.unwrap(), e.conf_high.unwrap());
        assert!(lo > 0.0 && lo < 0.02 && hi > 0.02 && hi < 1.0);
        // Asymmetric: further above than below near 0.
        assert!(hi - 0.02 > 0.02 - lo);
        assert!(mean_estimate(1.0, 1.0, 0, 0.95).conf_low.is_none());
    }
}
