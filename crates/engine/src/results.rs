//! `Results`: the single output of an analysis. The CLI prints it as JSON, every exporter
//! reads it, the desktop app renders it. Re-running a spec on the same file gives a
//! byte-identical `Results` (no timestamps in here; reports add theirs when written).

use crate::codebook::Codebook;
use crate::descriptives::Descriptives;
use crate::drivers::Drivers;
use crate::rake::RakeReport;
use crate::spec::{AnalysisSpec, BlockRole, Family};
use rapport_stats::reliability::Reliability;
use rapport_stats::variance::VarianceKind;
use serde::{Deserialize, Serialize};

pub use crate::frame::DroppedCount;
pub use crate::model::{
    BlockTest, BlockTestMethod, Coefficient, FitStats, LikelihoodFit, MarginalEffect,
};
pub use rapport_stats::inference::{ChiSquaredTest, OddsRatio};

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

/// A composite scale's scoring and reliability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CompositeResult {
    pub name: String,
    pub items: Vec<String>,
    pub min_valid: usize,
    /// Respondents with a composite score.
    pub n_scored: usize,
    pub reliability: Reliability,
}
