//! `Results`: the single output of an analysis. The CLI prints it as JSON, every exporter
//! reads it, the desktop app renders it. Re-running a spec on the same file gives a
//! byte-identical `Results` (no timestamps in here; reports add theirs when written).

use crate::codebook::Codebook;
use crate::descriptives::Descriptives;
use crate::drivers::Drivers;
use crate::rake::RakeReport;
use crate::scale::MissingReason;
use crate::spec::{AnalysisSpec, BlockRole, Family};
use crate::variance::VarianceKind;
use serde::{Deserialize, Serialize};

/// Results format version.
pub const RESULTS_VERSION: u32 = 2;

/// Everything an analysis produced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Results {
    pub version: u32,
    pub rapport_version: String,
    pub input: InputInfo,
    /// The spec as run (data path as given, SHA-256 filled in).
    pub spec: AnalysisSpec,
    pub outcome: OutcomeInfo,
    pub model: ModelInfo,
    pub coefficients: Vec<Coefficient>,
    /// Cut-points of an ordinal model (`θⱼ` in logit P(Y ≤ j) = θⱼ − xβ), named
    /// `lower|upper` as R's `polr` names them; empty for other models.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub thresholds: Vec<Coefficient>,
    pub fit: FitStats,
    /// Convergence, pseudo-R² and the likelihood-ratio test of a logistic or ordinal model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub likelihood: Option<LikelihoodFit>,
    /// Average marginal effects of a logistic model.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub marginal_effects: Vec<MarginalEffect>,
    /// Does each block add to the others? One nested-model test per block.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub block_tests: Vec<BlockTest>,
    /// Terms that are exact linear combinations of earlier terms, reported as R's `lm`
    /// does (coefficient NA) instead of failing.
    pub aliased: Vec<String>,
    /// Rows left out of the model, by column and reason. A row missing on two columns is
    /// counted under both; `fit.n_dropped` counts each row once.
    pub dropped: Vec<DroppedCount>,
    pub composites: Vec<CompositeResult>,
    /// How the weights were raked to population margins, when the spec asks for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighting: Option<RakeReport>,
    /// Weighted percentages and means, crosstabs and diverging-bar summaries.
    pub descriptives: Descriptives,
    /// Key-driver analysis, when the spec asks for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drivers: Option<Drivers>,
    pub warnings: Vec<String>,
    /// Plain-language findings from fixed templates (association, not causation).
    pub findings: Vec<Finding>,
    pub codebook: Codebook,
}

/// What a finding is about, so each face can place it (the Summary puts each block's
/// strongest driver beside the block's name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// How much of the outcome's variation the model accounts for.
    Explained,
    /// What one block adds to the others (the nested-model test).
    BlockContribution,
    /// The strongest driver in one block, or that none is distinguishable from zero.
    StrongestDriver,
    /// A guardrail on how to read the findings.
    Caveat,
}

/// One plain-language sentence with what it is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Finding {
    pub kind: FindingKind,
    /// The block role a `StrongestDriver` finding is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<BlockRole>,
    /// The variable a `StrongestDriver` finding names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variable: Option<String>,
    pub text: String,
}

/// The input file, identified.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InputInfo {
    /// File name as given in the spec or on the command line.
    pub file: String,
    pub sha256: String,
    /// Sheet used (`None` for csv/tsv).
    pub sheet: Option<String>,
    /// One-based header row used.
    pub header_row: usize,
    /// Data rows under the header.
    pub rows: usize,
}

/// The outcome variable and how it was scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OutcomeInfo {
    pub name: String,
    /// E.g. "Trust (4-point), scored 1 = Not at all … 4 = A great deal", or "numeric".
    pub scoring: String,
    /// The answers a logistic model counts as 1 (empty for other models and for a
    /// true/false or 0/1 outcome).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub positive_levels: Vec<String>,
}

/// Which model and estimator, in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ModelInfo {
    /// "Linear regression (ordinary least squares)".
    pub family: String,
    /// "Classical (assumes constant error variance)".
    pub variance: String,
    pub intercept: bool,
    pub family_kind: Family,
    pub variance_kind: VarianceKind,
    /// Degrees of freedom of the t tests and intervals; `None`: normal (z).
    pub inference_df: Option<f64>,
    /// The sampling design, when the spec names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub design: Option<DesignSummary>,
}

/// The sampling design behind design-based estimates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DesignSummary {
    pub weight: Option<String>,
    pub strata: Option<String>,
    pub cluster: Option<String>,
    /// Rows with every design column.
    pub rows: usize,
    pub n_strata: usize,
    /// Primary sampling units (each row is one when there is no cluster column).
    pub n_psu: usize,
    /// Strata with a single PSU (variance: R's `survey.lonely.psu = "adjust"`).
    pub lonely_strata: usize,
    /// Design degrees of freedom, PSUs − strata (R `degf`).
    pub df: usize,
    /// Kish's effective sample size of the model's rows, (Σw)²/Σw².
    pub kish_effective_n: f64,
    /// Kish's weighting design effect, n / effective n.
    pub weighting_design_effect: f64,
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

/// An odds ratio with its confidence interval (the coefficient's, exponentiated).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OddsRatio {
    pub estimate: f64,
    pub conf_low: f64,
    pub conf_high: f64,
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

/// A χ² test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChiSquaredTest {
    pub statistic: f64,
    pub df: usize,
    pub p_value: f64,
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

/// Rows dropped from the model for one column and reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DroppedCount {
    pub column: String,
    pub reason: MissingReason,
    pub rows: usize,
}

/// A composite scale's scoring and reliability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CompositeResult {
    pub name: String,
    pub items: Vec<String>,
    pub min_valid: usize,
    /// Respondents with a composite score.
    pub n_scored: usize,
    pub reliability: crate::composite::Reliability,
}
