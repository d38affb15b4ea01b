//! `Results`: the single output of an analysis. The CLI prints it as JSON, every exporter
//! reads it, the desktop app renders it. Re-running a spec on the same file gives a
//! byte-identical `Results` (no timestamps in here; reports add theirs when written).

use crate::codebook::Codebook;
use crate::scale::MissingReason;
use crate::spec::{AnalysisSpec, BlockRole};
use serde::{Deserialize, Serialize};

/// Results format version.
pub const RESULTS_VERSION: u32 = 1;

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
    pub fit: FitStats,
    /// Terms that are exact linear combinations of earlier terms, reported as R's `lm`
    /// does (coefficient NA) instead of failing.
    pub aliased: Vec<String>,
    /// Rows left out of the model, by column and reason. A row missing on two columns is
    /// counted under both; `fit.n_dropped` counts each row once.
    pub dropped: Vec<DroppedCount>,
    pub composites: Vec<CompositeResult>,
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
}

/// Whole-model statistics, as R's `summary.lm` / `logLik` / `AIC` / `BIC` give them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FitStats {
    pub n: usize,
    pub n_dropped: usize,
    pub df_model: usize,
    pub df_residual: usize,
    pub r_squared: f64,
    pub adj_r_squared: f64,
    pub sigma: f64,
    /// `None` when there is no predictor to test.
    pub f_statistic: Option<f64>,
    pub f_p_value: Option<f64>,
    pub log_likelihood: f64,
    pub aic: f64,
    pub bic: f64,
    /// "centred" or "uncentred" (no-intercept models, as R and NIST).
    pub r_squared_kind: String,
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
