//! Tests and intervals from an estimate and its covariance, shared by every model and
//! variance estimator: Wald t (finite df) or z (`df = None`) for single coefficients, and
//! the Wald F / χ² test of several at once (a block of predictors).

use faer::{Mat, MatRef};
use serde::{Deserialize, Serialize};
use statrs::distribution::{ChiSquared, ContinuousCDF, Normal, StudentsT};
use statrs::function::beta::checked_beta_reg;

/// One row of a coefficient table (t distribution with the residual degrees of freedom).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoefRow {
    pub estimate: f64,
    pub std_error: f64,
    /// `estimate / std_error`.
    pub statistic: f64,
    /// Two-sided.
    pub p_value: f64,
    pub conf_low: f64,
    pub conf_high: f64,
}

/// A χ² test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChiSquaredTest {
    pub statistic: f64,
    pub df: usize,
    pub p_value: f64,
}

/// An odds ratio with its confidence interval (the coefficient's, exponentiated).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OddsRatio {
    pub estimate: f64,
    pub conf_low: f64,
    pub conf_high: f64,
}

/// Coefficient rows (estimate, SE, statistic, two-sided p, CI at `level`) from estimates
/// and their covariance; Student t with `df` degrees of freedom, or the normal when `df`
/// is `None` (R's `summary.glm` for binomial models, `confint.default`).
pub fn coef_rows(
    estimates: &[f64],
    cov: MatRef<'_, f64>,
    df: Option<f64>,
    level: f64,
) -> Vec<CoefRow> {
    let dist = Reference::new(df);
    let quantile = if level > 0.0 && level < 1.0 {
        dist.quantile(0.5 + level / 2.0)
    } else {
        f64::NAN
    };
    estimates
        .iter()
        .enumerate()
        .map(|(j, &estimate)| {
            let std_error = cov[(j, j)].sqrt();
            let statistic = estimate / std_error;
            CoefRow {
                estimate,
                std_error,
                statistic,
                p_value: 2.0 * dist.upper_tail(statistic.abs()),
                conf_low: estimate - quantile * std_error,
                conf_high: estimate + quantile * std_error,
            }
        })
        .collect()
}

/// The upper-tail χ² test of `statistic` on `df` degrees of freedom (a likelihood-ratio
/// or Pearson statistic).
pub fn chi_squared_test(statistic: f64, df: usize) -> ChiSquaredTest {
    let p_value = ChiSquared::new(df as f64).map_or(f64::NAN, |c| c.sf(statistic.max(0.0)));
    ChiSquaredTest {
        statistic,
        df,
        p_value,
    }
}

/// A log-odds coefficient's row as an odds ratio: exp of the estimate and of its limits
/// (R `exp(confint.default(m))`).
pub fn odds_ratio(row: &CoefRow) -> OddsRatio {
    OddsRatio {
        estimate: row.estimate.exp(),
        conf_low: row.conf_low.exp(),
        conf_high: row.conf_high.exp(),
    }
}

/// The reference distribution of a Wald statistic.
enum Reference {
    T(Option<StudentsT>),
    Normal(Normal),
}

impl Reference {
    fn new(df: Option<f64>) -> Reference {
        match df {
            Some(df) => Reference::T(StudentsT::new(0.0, 1.0, df).ok()),
            None => Reference::Normal(Normal::standard()),
        }
    }

    fn quantile(&self, p: f64) -> f64 {
        match self {
            Reference::T(Some(t)) => t.inverse_cdf(p),
            Reference::T(None) => f64::NAN,
            Reference::Normal(n) => n.inverse_cdf(p),
        }
    }

    /// `P(X > x)` from the survival function, so tiny p-values keep their digits.
    fn upper_tail(&self, x: f64) -> f64 {
        if x.is_nan() {
            return f64::NAN;
        }
        match self {
            Reference::T(Some(t)) => t.sf(x),
            Reference::T(None) => f64::NAN,
            Reference::Normal(n) => n.sf(x),
        }
    }
}

/// A joint Wald test that several coefficients are zero.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WaldTest {
    /// `bᵀ V⁻¹ b`.
    pub chi_squared: f64,
    /// Number of coefficients tested.
    pub df: usize,
    /// `χ²/df`, tested on F(df, `denominator_df`) when that is finite.
    pub f: f64,
    pub denominator_df: Option<f64>,
    pub p_value: f64,
}

/// Wald test of `b = 0` with covariance `v` (R `survey::regTermTest(method = "Wald")`:
/// F = χ²/q on (q, `df`) when `df` is finite, else χ² on q). `V⁻¹ b` is solved by a
/// column-pivoted QR of `V`; `None` when `V` is singular (a tested term aliased).
pub fn wald(b: &[f64], v: MatRef<'_, f64>, df: Option<f64>) -> Option<WaldTest> {
    let q = b.len();
    if q == 0 {
        return None;
    }
    let rhs = Mat::from_fn(q, 1, |i, _| b[i]);
    let qr = v.col_piv_qr();
    let r = qr.R();
    let r00 = r[(0, 0)].abs();
    if (0..q).any(|k| r[(k, k)].abs() <= 1e-13 * r00) {
        return None;
    }
    let x = faer::linalg::solvers::Solve::solve(&qr, &rhs);
    let chi_squared: f64 = (0..q).map(|i| b[i] * x[(i, 0)]).sum();
    let qf = q as f64;
    let f = chi_squared / qf;
    let p_value = match df {
        Some(d) => f_upper_tail(f, qf, d),
        None => ChiSquared::new(qf).map_or(f64::NAN, |c| c.sf(chi_squared)),
    };
    Some(WaldTest {
        chi_squared,
        df: q,
        f,
        denominator_df: df,
        p_value,
    })
}

/// `P(F > f)` for F(d1, d2), as `I_{d2/(d2 + d1 f)}(d2/2, d1/2)` (Abramowitz & Stegun
/// 26.6.2), which keeps tiny tail probabilities accurate where `1 − cdf` would cancel.
pub fn f_upper_tail(f: f64, d1: f64, d2: f64) -> f64 {
    if f.is_nan() {
        return f64::NAN;
    }
    if f <= 0.0 {
        return 1.0;
    }
    let x = if f.is_infinite() {
        0.0
    } else {
        d2 / (d2 + d1 * f)
    };
    checked_beta_reg(d2 / 2.0, d1 / 2.0, x).unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wald_of_independent_coefficients_sums_squared_z() {
        // V diagonal: χ² = Σ bᵢ²/vᵢ = 4/1 + 9/4 = 6.25; with 2 df, P(χ²₂ > x) = e^{−x/2}.
        let v = Mat::from_fn(2, 2, |i, j| if i == j { [1.0, 4.0][i] } else { 0.0 });
        let w = wald(&[2.0, 3.0], v.as_ref(), None).unwrap();
        assert!((w.chi_squared - 6.25).abs() < 1e-14);
        assert!((w.p_value - (-3.125f64).exp()).abs() < 1e-15);
        let singular = Mat::from_fn(2, 2, |_, _| 1.0);
        assert!(wald(&[1.0, 1.0], singular.as_ref(), None).is_none());
    }

    #[test]
    fn z_rows_use_the_normal() {
        let v = Mat::from_fn(1, 1, |_, _| 0.25);
        let row = coef_rows(&[1.0], v.as_ref(), None, 0.95)[0];
        assert!((row.statistic - 2.0).abs() < 1e-15);
        // 2·P(Z > 2) = 0.045500263896358424 (R: 2*pnorm(-2)); statrs' erfc holds about 10
        // digits here (it gives 0.04550026389432), so the bar is 9.
        assert!(
            (row.p_value / 0.045_500_263_896_358_42 - 1.0).abs() < 1e-9,
            "{}",
            row.p_value
        );
        assert!((row.conf_high - 1.0 - 0.5 * 1.959_963_984_540_054).abs() < 1e-14);
    }
}
