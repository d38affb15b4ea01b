//! `AnalysisSpec`: the single, versioned description of an analysis. The CLI reads one, the
//! desktop app builds one, a saved analysis *is* one.

mod descriptives;
mod drivers;
mod rake;

pub use descriptives::DescriptivesSpec;
pub use drivers::{DriversSpec, PerformanceMeasure};
pub use rake::{DEFAULT_COLUMN_NAME, RakeSpec};

use crate::error::{EngineError, Result};
use rapport_stats::variance::VarianceKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Spec format version written by this build; older versions are upgraded on load.
pub const SPEC_VERSION: u32 = 1;

/// One analysis: which data, which outcome, which predictors in which blocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct AnalysisSpec {
    /// Format version (currently 1).
    pub version: u32,
    /// Optional title, e.g. "What drives trust in the council?".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub data: DataSource,
    /// The outcome column.
    pub outcome: String,
    /// Predictors grouped in named blocks.
    pub blocks: Vec<PredictorBlock>,
    /// Numeric columns to treat as unordered categories.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categorical: Vec<String>,
    /// Reference level per categorical predictor (label as written in the sheet).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub reference_levels: BTreeMap<String, String>,
    /// Fit an intercept (default true).
    #[serde(default = "yes")]
    pub intercept: bool,
    /// Composite scales built before fitting; usable by name as outcome or predictor.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub composites: Vec<CompositeSpec>,
    /// The sampling design: weight, strata and cluster (PSU) columns.
    #[serde(default, skip_serializing_if = "SurveyDesign::is_empty")]
    pub design: SurveyDesign,
    /// The model: linear (OLS/WLS), binary logistic or ordinal logistic.
    #[serde(default, skip_serializing_if = "Family::is_ols")]
    pub family: Family,
    /// Outcome levels counted as 1 in a logistic model; default: "Yes"/true, or the upper
    /// half of a response scale (e.g. "A fair amount" and "A great deal").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub positive_levels: Vec<String>,
    /// Standard errors; default: design-based when the spec names a weight, strata or
    /// clusters, classical otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variance: Option<VarianceKind>,
    /// Rake the weights to population margins before any estimate (the raked weight then
    /// serves as the design's weight).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rake: Option<RakeSpec>,
    /// Weighted descriptives: which variables and crosstabs. Default: every variable, and
    /// the outcome crossed with each categorical "About the respondent" predictor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub descriptives: Option<DescriptivesSpec>,
    /// Key-driver analysis: each block's and item's share of the explained outcome, with
    /// bootstrap intervals and the importance × performance quadrant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drivers: Option<DriversSpec>,
    /// Folder a relative `data.file` is resolved against: the spec file's folder when
    /// loaded from disk. Not saved, so a spec stays portable with its data.
    #[serde(skip)]
    pub base_dir: Option<PathBuf>,
}

fn yes() -> bool {
    true
}

/// Where the data come from, and corrections to what the reader detects in them. Every
/// field but `file` is optional, and a spec that leaves them out reads back unchanged.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct DataSource {
    /// Path to the data file; a relative path is relative to the spec file's folder.
    pub file: PathBuf,
    /// SHA-256 of the file as hex; when present, a run refuses a changed file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Sheet name (or 1-based position as a string, e.g. "2"); default the first sheet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// One-based header row, overriding detection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_row: Option<usize>,
    /// Rows the header takes: 2 reads the row above the header row as group titles (e.g.
    /// "Your experience" merged over several questions), 1 reads none; default detected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_rows: Option<usize>,
    /// Keep a totals row ("Total", "All respondents") under the data as a data row; by
    /// default it is detected and left out.
    #[serde(default, skip_serializing_if = "is_false")]
    pub keep_totals_row: bool,
    /// The codebook sheet (name, or 1-based position) whose codes and labels are applied to
    /// the data; default: the sheet detected as a codebook, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codebook_sheet: Option<String>,
    /// Apply no codebook sheet, even when one is detected.
    #[serde(default, skip_serializing_if = "is_false")]
    pub no_codebook: bool,
    /// Numeric codes that mean "missing", by column. A column listed here has exactly these
    /// missing codes (an empty list: none), replacing those its codebook labels as missing.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub missing_codes: BTreeMap<String, Vec<f64>>,
    /// Columns to score in reverse of the order detected (negatively worded items).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reverse: Vec<String>,
    /// Coded columns to score in code order although their codebook labels run from the
    /// most positive answer down (which is otherwise rescored so higher = more positive).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_reverse: Vec<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl DataSource {
    /// A source with everything detected.
    pub fn new(file: impl Into<PathBuf>) -> Self {
        DataSource {
            file: file.into(),
            ..DataSource::default()
        }
    }
}

/// The columns that describe how the sample was drawn. Weights are probability
/// (sampling) weights: a row stands for `weight` people; rows are never duplicated.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct SurveyDesign {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strata: Option<String>,
    /// Clusters, i.e. primary sampling units (e.g. wards); nested in strata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
}

impl SurveyDesign {
    /// No design column named: a simple random sample of equally weighted rows.
    pub fn is_empty(&self) -> bool {
        self.weight.is_none() && self.strata.is_none() && self.cluster.is_none()
    }

    /// The named design columns with what each is for.
    pub fn columns(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("the weight", &self.weight),
            ("the strata", &self.strata),
            ("the clusters", &self.cluster),
        ]
        .into_iter()
        .filter_map(|(role, c)| c.as_deref().map(|c| (role, c)))
    }
}

/// Which model is fitted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// Linear regression by least squares (weighted when the design has weights).
    #[default]
    Ols,
    /// Binary logistic regression.
    Logit,
    /// Ordinal logistic regression (proportional odds).
    Ordinal,
}

impl Family {
    fn is_ols(&self) -> bool {
        *self == Family::Ols
    }

    /// The model in words.
    pub fn label(self) -> &'static str {
        match self {
            Family::Ols => "Linear regression (least squares)",
            Family::Logit => "Binary logistic regression",
            Family::Ordinal => "Ordinal logistic regression (proportional odds)",
        }
    }
}

impl AnalysisSpec {
    /// The standard errors in force: as asked, else design-based with a design, else
    /// classical.
    pub fn variance_kind(&self) -> VarianceKind {
        self.variance.unwrap_or(if self.design.is_empty() {
            VarianceKind::Classical
        } else {
            VarianceKind::Design
        })
    }
}

/// What a block of predictors stands for in the product's central comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum BlockRole {
    /// Relational experience: kindness, being listened to, respect, time, continuity.
    Relational,
    /// Transactional performance: waiting, resolution, cost, ease.
    Transactional,
    /// Who the respondent is: age, sex, tenure, deprivation.
    Control,
    /// Anything else.
    Other,
}

impl BlockRole {
    /// Plain-language name of the role.
    pub fn label(self) -> &'static str {
        match self {
            BlockRole::Relational => "Relationships",
            BlockRole::Transactional => "Service performance",
            BlockRole::Control => "About the respondent",
            BlockRole::Other => "Other",
        }
    }
}

/// A named group of predictors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct PredictorBlock {
    pub name: String,
    pub role: BlockRole,
    pub predictors: Vec<String>,
}

/// A composite scale: the mean of its items where at least `min_valid` are answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct CompositeSpec {
    pub name: String,
    pub items: Vec<String>,
    /// Minimum answered items for a score; default: half the items, rounded up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_valid: Option<usize>,
}

impl CompositeSpec {
    /// The minimum-valid rule in force.
    pub fn min_valid(&self) -> usize {
        self.min_valid
            .unwrap_or(self.items.len().div_ceil(2))
            .max(1)
    }
}

impl PredictorBlock {
    pub fn new(name: &str, role: BlockRole, predictors: &[&str]) -> Self {
        PredictorBlock {
            name: name.to_string(),
            role,
            predictors: predictors.iter().map(|p| p.to_string()).collect(),
        }
    }
}

impl AnalysisSpec {
    /// A current-version spec with the defaults a user gets when they say nothing: first
    /// sheet with data, detected header row, an intercept, no categorical overrides,
    /// default reference levels, no composites.
    pub fn new(file: impl Into<PathBuf>, outcome: &str, blocks: Vec<PredictorBlock>) -> Self {
        AnalysisSpec {
            version: SPEC_VERSION,
            title: None,
            data: DataSource::new(file),
            outcome: outcome.to_string(),
            blocks,
            categorical: Vec::new(),
            reference_levels: BTreeMap::new(),
            intercept: true,
            composites: Vec::new(),
            design: SurveyDesign::default(),
            family: Family::Ols,
            positive_levels: Vec::new(),
            variance: None,
            descriptives: None,
            drivers: None,
            rake: None,
            base_dir: None,
        }
    }

    /// All predictors in block order.
    pub fn predictors(&self) -> impl Iterator<Item = (&PredictorBlock, &str)> {
        self.blocks
            .iter()
            .flat_map(|b| b.predictors.iter().map(move |p| (b, p.as_str())))
    }

    /// The data file's path: `data.file`, resolved against `base_dir` when relative.
    pub fn data_path(&self) -> PathBuf {
        match &self.base_dir {
            Some(dir) if self.data.file.is_relative() => dir.join(&self.data.file),
            _ => self.data.file.clone(),
        }
    }

    /// Read and check a spec file. A relative data path is resolved against the spec's
    /// folder (see [`AnalysisSpec::data_path`]).
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| rapport_read::ReadError::Io {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        let mut spec: AnalysisSpec =
            serde_json::from_str(&text).map_err(|e| EngineError::InvalidSpec {
                path: path.display().to_string(),
                reason: e.to_string(),
            })?;
        spec.base_dir = path.parent().map(Path::to_path_buf);
        spec.validate(&path.display().to_string())?;
        Ok(spec)
    }

    /// Structural checks that need no data: version, an outcome, at least one predictor
    /// (or an intercept), no predictor listed twice, no outcome among the predictors.
    pub fn validate(&self, origin: &str) -> Result<()> {
        let bad = |reason: String| EngineError::InvalidSpec {
            path: origin.to_string(),
            reason,
        };
        if self.version == 0 || self.version > SPEC_VERSION {
            return Err(bad(format!(
                "version {} is not supported (this Rapport reads version {SPEC_VERSION})",
                self.version
            )));
        }
        if self.outcome.trim().is_empty() {
            return Err(bad("\"outcome\" is empty".into()));
        }
        let mut seen = std::collections::BTreeSet::new();
        for (_, p) in self.predictors() {
            if p == self.outcome {
                return Err(bad(format!("\"{p}\" is both the outcome and a predictor")));
            }
            if !seen.insert(p) {
                return Err(bad(format!("predictor \"{p}\" is listed twice")));
            }
        }
        if seen.is_empty() && !self.intercept {
            return Err(bad("the model has no predictors and no intercept".into()));
        }
        for c in &self.composites {
            if c.items.len() < 2 {
                return Err(bad(format!(
                    "composite \"{}\" needs at least two items",
                    c.name
                )));
            }
            if c.min_valid() > c.items.len() {
                return Err(bad(format!(
                    "composite \"{}\" asks for {} valid items but has {}",
                    c.name,
                    c.min_valid(),
                    c.items.len()
                )));
            }
        }
        Ok(())
    }
}
