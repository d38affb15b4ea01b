//! What a fitted model hands on: the coefficient table, whole-model statistics, block
//! tests and marginal effects, in the tidy (broom / statsmodels) naming every export uses.

use crate::spec::BlockRole;
use rapport_stats::inference::{ChiSquaredTest, OddsRatio};
use rapport_stats::variance::VarianceKind;
use serde::{Deserialize, Serialize};

/// The model parts of the results.
#[derive(Debug, Clone)]
pub struct Model {
    pub coefficients: Vec<Coefficient>,
    pub aliased: Vec<String>,
    pub thresholds: Vec<Coefficient>,
    pub fit: FitStats,
    pub likelihood: Option<LikelihoodFit>,
    pub marginal_effects: Vec<MarginalEffect>,
    pub block_tests: Vec<BlockTest>,
    /// The model in words ("Linear regression (weighted least squares)").
    pub family: String,
    /// The standard errors in words.
    pub variance: String,
    pub kind: VarianceKind,
    /// Degrees of freedom of the tests (`None`: normal).
    pub df: Option<f64>,
    /// Clusters or PSUs behind a cluster or design covariance.
    pub groups: Option<usize>,
    /// Frame rows the fit used (positive weight).
    pub rows: Vec<usize>,
    /// Estimate per frame column (`None`: aliased, or the intercept an ordinal model
    /// replaces by thresholds), for standardized effects.
    pub estimates: Vec<Option<f64>>,
    /// Convergence and separation warnings.
    pub warnings: Vec<String>,
    /// The outcome's answers counted as 1 by a logistic model.
    pub positive_levels: Vec<String>,
    /// The outcome as the family fitted it, for analyses that refit on other columns.
    pub response: Response,
}

/// The outcome as a family fits it.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// `frame.y` as it is.
    Linear,
    /// 0/1 per frame row.
    Binary(Vec<f64>),
    /// Category `0..n_categories` per frame row, in the scale's order.
    Ordered {
        categories: Vec<usize>,
        n_categories: usize,
    },
}

/// How a block's contribution was tested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum BlockTestMethod {
    /// ΔR² F test of nested least-squares fits (classical standard errors).
    F,
    /// Wald test of the block's coefficients with the model's robust, cluster or design
    /// covariance (F form when the covariance has finite degrees of freedom).
    Wald,
    /// Likelihood-ratio test of nested maximum-likelihood fits.
    LikelihoodRatio,
}

/// The test that a block's coefficients are all zero given the other blocks: the model
/// with the block against the same model, on the same rows, without it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BlockTest {
    pub block: String,
    pub role: BlockRole,
    pub method: BlockTestMethod,
    /// F, or χ² when `df_denominator` is `None`.
    pub statistic: f64,
    /// Coefficients tested.
    pub df: usize,
    pub df_denominator: Option<f64>,
    pub p_value: f64,
    /// R² (McFadden's for logistic and ordinal models) without and with the block.
    pub explained_without: f64,
    pub explained_with: f64,
    /// The result in words.
    pub text: String,
}

/// One row of the coefficient table (tidy: broom / statsmodels naming).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Coefficient {
    /// `(Intercept)`, a column name, or `column[T.level]` for a dummy.
    pub term: String,
    /// The source column (`None` for the intercept).
    pub variable: Option<String>,
    /// Block name and role (`None` for the intercept).
    pub block: Option<String>,
    pub role: Option<BlockRole>,
    pub estimate: f64,
    pub std_error: f64,
    /// t statistic.
    pub statistic: f64,
    pub p_value: f64,
    pub conf_low: f64,
    pub conf_high: f64,
    /// exp(estimate) with its interval, for logistic and ordinal models.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub odds_ratio: Option<OddsRatio>,
}

/// Whole-model statistics, as R's `summary.lm` / `logLik` / `AIC` / `BIC` give them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FitStats {
    pub n: usize,
    pub n_dropped: usize,
    pub df_model: usize,
    pub df_residual: usize,
    /// R² for linear models; McFadden's pseudo-R² for logistic and ordinal ones.
    pub r_squared: f64,
    /// Linear models only.
    pub adj_r_squared: Option<f64>,
    /// Residual standard error; linear models only.
    pub sigma: Option<f64>,
    /// `None` when there is no predictor to test.
    pub f_statistic: Option<f64>,
    pub f_p_value: Option<f64>,
    pub log_likelihood: f64,
    pub aic: f64,
    pub bic: f64,
    /// "centred" or "uncentred" (no-intercept models, as R and NIST), or "McFadden".
    pub r_squared_kind: String,
}

/// What a maximum-likelihood fit (logistic, ordinal) reports beyond [`FitStats`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LikelihoodFit {
    /// Newton / IRLS iterations, whether they converged, and the largest absolute score
    /// (gradient) component at the end.
    pub iterations: usize,
    pub converged: bool,
    pub max_score: f64,
    pub deviance: f64,
    pub null_log_likelihood: f64,
    pub mcfadden_r_squared: f64,
    /// Nagelkerke's (Cragg–Uhler) R²; binary logistic only.
    pub nagelkerke_r_squared: Option<f64>,
    /// Likelihood-ratio test against the model with no predictors: χ², df, p. With
    /// sampling weights the likelihood is a pseudo-likelihood, so it is `None`.
    pub lr_test: Option<ChiSquaredTest>,
    /// Rows whose outcome the predictors separate perfectly (estimates then run off to
    /// infinity); empty when there is no separation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub separation: Vec<String>,
}

/// An average marginal effect: the mean change in the probability of the outcome per unit
/// of a term (logistic models), with delta-method standard errors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MarginalEffect {
    pub term: String,
    pub estimate: f64,
    pub std_error: f64,
    pub statistic: f64,
    pub p_value: f64,
    pub conf_low: f64,
    pub conf_high: f64,
}
