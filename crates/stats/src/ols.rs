//! Ordinary least squares, as R's `lm` / `summary.lm` report it, to NIST StRD accuracy.
//!
//! The estimator is ours rather than `linfa-linear`'s because a survey analysis needs what
//! that crate does not give: standard errors and the inference built on them, detection
//! and R-style reporting of aliased (linearly dependent) columns, NIST-level accuracy on
//! ill-conditioned designs (it solves by unpivoted QR without refinement), and weights.
//!
//! Method: pivoted Householder QR of the equilibrated design with iterative refinement in
//! extended precision ([`crate::linalg::refined_lstsq`]); standard errors from the rows of
//! `R⁻¹`, never from `XᵀX`.

use crate::inference::{CoefRow, f_upper_tail};
use crate::linalg::{PivotedQr, dot2, refined_lstsq, row_quadratic_forms, sum2};
use faer::{Mat, MatRef};
use statrs::distribution::{ContinuousCDF, StudentsT};

/// Why a model could not be fitted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OlsError {
    /// No more rows than non-redundant coefficients: no residual degrees of freedom, so
    /// no error variance and no inference.
    #[error(
        "{n} complete rows are too few for a model with {p} coefficients: a linear model needs more rows than coefficients"
    )]
    TooFewRows { n: usize, p: usize },
    /// A missing, infinite or not-a-number value reached the fit.
    #[error("the model data contain a value that is not a finite number")]
    NonFinite,
    /// The design and the outcome disagree on the number of rows.
    #[error("the design has {rows} rows but the outcome has {outcome} values")]
    DimensionMismatch { rows: usize, outcome: usize },
    /// Nothing to estimate: no columns, or every column is zero.
    #[error(
        "the model has no coefficient that can be estimated (no predictors, or all of them are zero)"
    )]
    NoColumns,
}

/// A fitted linear model, with R's `summary.lm`, `logLik.lm`, `AIC` and `BIC` statistics.
#[derive(Debug, Clone, PartialEq)]
pub struct OlsFit {
    /// Per design column; `None` for an aliased column (R's `NA`).
    pub coefficients: Vec<Option<f64>>,
    pub std_errors: Vec<Option<f64>>,
    /// Columns actually estimated.
    pub rank: usize,
    pub n: usize,
    /// `n − rank`.
    pub df_residual: usize,
    /// Residual sum of squares.
    pub rss: f64,
    /// `MSS/(MSS + RSS)`, MSS about the mean with an intercept and about zero without
    /// (uncentred, as R and NIST).
    pub r_squared: f64,
    /// `1 − (1 − R²)(n − i)/(n − rank)`, `i` = 1 with an intercept (R's `summary.lm`).
    pub adj_r_squared: f64,
    /// Residual standard error `√(RSS / df_residual)`.
    pub sigma: f64,
    /// F test of every non-intercept term (of every term without an intercept); `None`
    /// when there is no such term.
    pub f_statistic: Option<f64>,
    pub f_p_value: Option<f64>,
    /// R's `logLik.lm`: `−n/2 · (log 2π + 1 − log n + log RSS)`.
    pub log_likelihood: f64,
    /// `−2 logLik + 2k`, `k = rank + 1` (σ counts as a parameter, as in R).
    pub aic: f64,
    /// `−2 logLik + log(n) k`.
    pub bic: f64,
    pub residuals: Vec<f64>,
    pub fitted: Vec<f64>,
    /// Refinement corrections applied after the first QR solve.
    pub refinement_steps: usize,
    /// Rows of the caller's design that were fitted (weight > 0); `residuals`, `fitted`,
    /// `weights` and `leverage` follow this order.
    pub rows: Vec<usize>,
    pub weights: Vec<f64>,
    /// Estimated (non-aliased) columns of the design, in the caller's order.
    pub columns: Vec<usize>,
    /// `(XᵀWX)⁻¹` over `columns` (the sandwich's bread).
    pub bread: Mat<f64>,
    /// Diagonal of the weighted hat matrix.
    pub leverage: Vec<f64>,
}

/// Fits `y = X b + e` by least squares.
///
/// `x`: n×p design, including a column of ones when `intercept` is true (the caller puts
/// it first; `intercept` only selects the centred R² and which terms the F test covers).
/// A column that is a linear combination of earlier columns is aliased as in R's `lm`:
/// its coefficient is `None` and the rest are fitted without it.
pub fn fit(x: MatRef<'_, f64>, y: &[f64], intercept: bool) -> Result<OlsFit, OlsError> {
    fit_weighted(x, y, None, intercept)
}

/// Weighted least squares, `min Σ wᵢ (yᵢ − xᵢᵀb)²`, as R's `lm(weights = w)`: the QR of
/// `√W X` is refined like the unweighted fit; RSS, σ, R² (about the weighted mean of
/// the fitted values), F and `logLik` are R's weighted `summary.lm` / `logLik.lm`
/// (`½ Σ log wᵢ − n/2 (log 2π + 1 − log n + log RSS)`). Rows with weight 0 are left out
/// (R counts them out of n and the residual df too). Probability weights get their
/// standard errors from [`crate::variance::sandwich`] on [`OlsFit::scores`]; the classical
/// ones here assume the weights are inverse error variances.
pub fn fit_weighted(
    x: MatRef<'_, f64>,
    y: &[f64],
    weights: Option<&[f64]>,
    intercept: bool,
) -> Result<OlsFit, OlsError> {
    let (n_all, p) = x.shape();
    if y.len() != n_all || weights.is_some_and(|w| w.len() != n_all) {
        return Err(OlsError::DimensionMismatch {
            rows: n_all,
            outcome: y.len(),
        });
    }
    if p == 0 {
        return Err(OlsError::NoColumns);
    }
    let finite = y.iter().all(|v| v.is_finite())
        && (0..p).all(|j| x.col(j).iter().all(|v| v.is_finite()))
        && weights.is_none_or(|w| w.iter().all(|v| v.is_finite() && *v >= 0.0));
    if !finite {
        return Err(OlsError::NonFinite);
    }
    let rows: Vec<usize> = match weights {
        Some(w) => (0..n_all).filter(|&i| w[i] > 0.0).collect(),
        None => (0..n_all).collect(),
    };
    let n = rows.len();
    if n == 0 {
        return Err(OlsError::TooFewRows { n, p });
    }
    let root_w: Vec<f64> = match weights {
        Some(w) => rows.iter().map(|&i| w[i].sqrt()).collect(),
        None => vec![1.0; n],
    };
    let xw = Mat::from_fn(n, p, |i, j| x[(rows[i], j)] * root_w[i]);
    let yw: Vec<f64> = rows.iter().zip(&root_w).map(|(&i, r)| y[i] * r).collect();
    let xw = xw.as_ref();

    // Refactor on the R-style independent columns until the design has full rank; a
    // full-rank design (the usual case) is factored once.
    let mut columns: Vec<usize> = (0..p).collect();
    let qr = loop {
        let qr = PivotedQr::new(xw, &columns);
        if qr.rank() == columns.len() {
            break qr;
        }
        columns = qr.independent_columns();
    };
    let rank = columns.len();
    if rank == 0 {
        return Err(OlsError::NoColumns);
    }
    if n <= rank {
        return Err(OlsError::TooFewRows { n, p });
    }

    let refined = refined_lstsq(&qr, xw, &yw);
    let df_residual = n - rank;
    let rss = dot2(&refined.residuals, &refined.residuals);
    let sigma = (rss / df_residual as f64).sqrt();
    let bread = qr.inverse_gram();
    let mut coefficients = vec![None; p];
    let mut std_errors = vec![None; p];
    for (j, &c) in columns.iter().enumerate() {
        coefficients[c] = Some(refined.coefficients[j]);
        std_errors[c] = Some(sigma * bread[(j, j)].sqrt());
    }
    let w: Vec<f64> = root_w.iter().map(|r| r * r).collect();
    let residuals: Vec<f64> = refined
        .residuals
        .iter()
        .zip(&root_w)
        .map(|(r, s)| r / s)
        .collect();
    let fitted: Vec<f64> = rows
        .iter()
        .zip(&residuals)
        .map(|(&i, r)| y[i] - r)
        .collect();
    // Leverages of the weighted fit, hᵢ = xᵢᵀ (XᵀWX)⁻¹ xᵢ for the rows of √W X, as R's
    // `hatvalues` on a weighted `lm`.
    let leverage = row_quadratic_forms(xw, &columns, bread.as_ref());

    // R's summary.lm: the model sum of squares from the fitted values, about their
    // (weighted) mean with an intercept (about zero without), so R² = MSS/(MSS + RSS) and
    // F can never be negative even when RSS is at rounding level.
    let weighted: Vec<f64> = fitted.iter().zip(&w).map(|(f, w)| f * w).collect();
    let mss = if intercept {
        let mean = sum2(&weighted) / sum2(&w);
        let dev: Vec<f64> = fitted.iter().map(|v| v - mean).collect();
        let wdev: Vec<f64> = dev.iter().zip(&w).map(|(d, w)| d * w).collect();
        dot2(&dev, &wdev)
    } else {
        dot2(&fitted, &weighted)
    };
    let r_squared = mss / (mss + rss);
    let df_int = usize::from(intercept);
    let adj_r_squared = 1.0 - (1.0 - r_squared) * ((n - df_int) as f64 / df_residual as f64);
    let df_model = rank.saturating_sub(df_int);
    let (f_statistic, f_p_value) = if df_model > 0 {
        let f = (mss / df_model as f64) / (rss / df_residual as f64);
        (
            Some(f),
            Some(f_upper_tail(f, df_model as f64, df_residual as f64)),
        )
    } else {
        (None, None)
    };

    let nf = n as f64;
    let log_w: f64 = w.iter().map(|w| w.ln()).sum();
    let log_likelihood =
        0.5 * log_w - 0.5 * nf * ((2.0 * std::f64::consts::PI).ln() + 1.0 - nf.ln() + rss.ln());
    let k = (rank + 1) as f64;
    Ok(OlsFit {
        coefficients,
        std_errors,
        rank,
        n,
        df_residual,
        rss,
        r_squared,
        adj_r_squared,
        sigma,
        f_statistic,
        f_p_value,
        log_likelihood,
        aic: -2.0 * log_likelihood + 2.0 * k,
        bic: -2.0 * log_likelihood + nf.ln() * k,
        residuals,
        fitted,
        refinement_steps: refined.refinement_steps,
        rows,
        weights: w,
        columns,
        bread,
        leverage,
    })
}

impl OlsFit {
    /// Coefficient table at confidence `level` (e.g. 0.95), as R's `summary.lm` and
    /// `confint`; `None` for aliased columns. Tail probabilities come from the survival
    /// function, so a tiny p-value keeps its digits instead of rounding to `1 − 1 = 0`. A
    /// level outside (0, 1) or no residual degrees of freedom gives `NaN` where undefined.
    pub fn coef_table(&self, level: f64) -> Vec<Option<CoefRow>> {
        let t = StudentsT::new(0.0, 1.0, self.df_residual as f64).ok();
        let quantile = match &t {
            Some(t) if level > 0.0 && level < 1.0 => t.inverse_cdf(0.5 + level / 2.0),
            _ => f64::NAN,
        };
        self.coefficients
            .iter()
            .zip(&self.std_errors)
            .map(|(b, se)| {
                let (estimate, std_error) = (((*b)?), ((*se)?));
                let statistic = estimate / std_error;
                let p_value = match &t {
                    Some(t) if !statistic.is_nan() => 2.0 * t.sf(statistic.abs()),
                    _ => f64::NAN,
                };
                Some(CoefRow {
                    estimate,
                    std_error,
                    statistic,
                    p_value,
                    conf_low: estimate - quantile * std_error,
                    conf_high: estimate + quantile * std_error,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use faer::Mat;

    fn design(cols: &[&[f64]]) -> Mat<f64> {
        Mat::from_fn(cols[0].len(), cols.len(), |i, j| cols[j][i])
    }

    /// Relative agreement to `digits` significant digits.
    fn close(got: f64, want: f64, digits: i32) {
        let rel = ((got - want) / want).abs();
        assert!(rel <= 10f64.powi(-digits), "{got} vs {want}");
    }

    #[test]
    fn simple_regression_by_hand() {
        // x = 1..5, y = 2,4,5,4,5: Sxx = 10, Sxy = 6, so b1 = 0.6, b0 = 4 − 0.6·3 = 2.2;
        // residuals −0.8, 0.6, 1, −0.6, −0.2, RSS = 2.4, σ² = 0.8 on 3 df;
        // SE(b1) = √(0.8/10), SE(b0) = √(0.8 (1/5 + 9/10)); TSS = 6, R² = 0.6,
        // adj R² = 1 − 0.4·4/3; F = 3.6/0.8 = 4.5 = t².
        let x = design(&[&[1.0; 5], &[1.0, 2.0, 3.0, 4.0, 5.0]]);
        let f = fit(x.as_ref(), &[2.0, 4.0, 5.0, 4.0, 5.0], true).unwrap();
        close(f.coefficients[0].unwrap(), 2.2, 14);
        close(f.coefficients[1].unwrap(), 0.6, 14);
        close(f.std_errors[0].unwrap(), 0.88f64.sqrt(), 14);
        close(f.std_errors[1].unwrap(), 0.08f64.sqrt(), 14);
        close(f.rss, 2.4, 14);
        close(f.r_squared, 0.6, 14);
        close(f.adj_r_squared, 1.0 - 0.4 * 4.0 / 3.0, 14);
        close(f.f_statistic.unwrap(), 4.5, 13);
        for (r, want) in f.residuals.iter().zip([-0.8, 0.6, 1.0, -0.6, -0.2]) {
            assert!((r - want).abs() < 1e-14);
        }
        // logLik.lm with n = 5, RSS = 2.4; AIC and BIC with k = rank + 1 = 3.
        let ll = -2.5 * ((2.0 * std::f64::consts::PI).ln() + 1.0 - 5f64.ln() + 2.4f64.ln());
        close(f.log_likelihood, ll, 14);
        close(f.aic, -2.0 * ll + 6.0, 14);
        close(f.bic, -2.0 * ll + 3.0 * 5f64.ln(), 14);

        // Student t with 3 df has a closed-form CDF (Abramowitz & Stegun 26.7.3):
        // F(t) = 1/2 + (u/(1 + u²) + atan u)/π, u = t/√3.
        let cdf3 = |t: f64| {
            let u = t / 3f64.sqrt();
            0.5 + (u / (1.0 + u * u) + u.atan()) / std::f64::consts::PI
        };
        let row = f.coef_table(0.95)[1].unwrap();
        close(row.statistic, 4.5f64.sqrt(), 13);
        close(row.p_value, 2.0 * (1.0 - cdf3(4.5f64.sqrt())), 10);
        close(f.f_p_value.unwrap(), row.p_value, 10);
        let q = (row.conf_high - row.estimate) / row.std_error;
        close(cdf3(q), 0.975, 10);
        close(
            row.estimate - row.conf_low,
            row.conf_high - row.estimate,
            14,
        );
    }

    #[test]
    fn dummy_trap_aliases_the_last_dummy_as_r_does() {
        // Groups a, a, b, b, c, c with means 2, 5, 9: intercept + all three dummies. R
        // aliases dummy c, so c is the reference: intercept 9, a − c = −7, b − c = −4.
        let ones = [1.0; 6];
        let a = [1.0, 1.0, 0.0, 0.0, 0.0, 0.0];
        let b = [0.0, 0.0, 1.0, 1.0, 0.0, 0.0];
        let c = [0.0, 0.0, 0.0, 0.0, 1.0, 1.0];
        let y = [1.0, 3.0, 4.0, 6.0, 8.0, 10.0];
        let f = fit(design(&[&ones, &a, &b, &c]).as_ref(), &y, true).unwrap();
        assert_eq!(f.rank, 3);
        assert_eq!(f.coefficients[3], None);
        assert_eq!(f.std_errors[3], None);
        close(f.coefficients[0].unwrap(), 9.0, 14);
        close(f.coefficients[1].unwrap(), -7.0, 14);
        close(f.coefficients[2].unwrap(), -4.0, 14);
        assert_eq!(f.df_residual, 3);
        assert!(f.coef_table(0.95)[3].is_none());
    }

    #[test]
    fn zero_column_is_aliased_and_wide_designs_fit_when_rank_allows() {
        // 4 rows, 5 columns, but only 2 independent ones (x repeated, plus zeros).
        let x = [1.0, 2.0, 3.0, 5.0];
        let zero = [0.0; 4];
        let d = design(&[&[1.0; 4], &x, &zero, &x, &x]);
        let f = fit(d.as_ref(), &[1.0, 3.0, 2.0, 4.0], true).unwrap();
        assert_eq!(f.rank, 2);
        assert_eq!(
            f.coefficients
                .iter()
                .map(Option::is_some)
                .collect::<Vec<_>>(),
            [true, true, false, false, false]
        );
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        let x = design(&[&[1.0, 1.0], &[1.0, 2.0]]);
        assert_eq!(
            fit(x.as_ref(), &[1.0, 2.0], true),
            Err(OlsError::TooFewRows { n: 2, p: 2 })
        );
        assert_eq!(
            fit(x.as_ref(), &[1.0], true),
            Err(OlsError::DimensionMismatch {
                rows: 2,
                outcome: 1
            })
        );
        assert_eq!(
            fit(x.as_ref(), &[1.0, f64::NAN], true),
            Err(OlsError::NonFinite)
        );
        let empty = Mat::<f64>::zeros(3, 0);
        assert_eq!(
            fit(empty.as_ref(), &[1.0, 2.0, 3.0], false),
            Err(OlsError::NoColumns)
        );
        let no_rows = Mat::<f64>::zeros(0, 2);
        assert_eq!(
            fit(no_rows.as_ref(), &[], true),
            Err(OlsError::TooFewRows { n: 0, p: 2 })
        );
        let zeros = Mat::<f64>::zeros(3, 2);
        assert_eq!(
            fit(zeros.as_ref(), &[1.0, 2.0, 3.0], false),
            Err(OlsError::NoColumns)
        );
    }

    #[test]
    fn perfect_fit_and_odd_levels_give_numbers_or_nan_not_panics() {
        // y = 1 + 2x exactly: RSS at rounding level, p vanishing; a level of 1.5 has no
        // interval. A constant outcome has nothing to explain.
        let x = design(&[&[1.0; 4], &[0.0, 1.0, 2.0, 3.0]]);
        let f = fit(x.as_ref(), &[1.0, 3.0, 5.0, 7.0], true).unwrap();
        let row = f.coef_table(0.95)[1].unwrap();
        assert!(row.p_value < 1e-30);
        assert!(f.coef_table(1.5)[1].unwrap().conf_low.is_nan());
        let g = fit(x.as_ref(), &[2.0; 4], true).unwrap();
        assert!((g.coefficients[0].unwrap() - 2.0).abs() < 1e-14);
        assert!(g.coefficients[1].unwrap().abs() < 1e-14);
        assert!(
            g.r_squared.is_nan() || g.r_squared <= 0.0,
            "nothing explained: 0, or NaN if RSS is exactly 0"
        );
        assert!(
            g.f_statistic.is_some_and(|f| f.is_nan() || f >= 0.0),
            "F is never negative"
        );
    }
}
