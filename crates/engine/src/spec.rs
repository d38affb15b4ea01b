//! `AnalysisSpec`: the single, versioned description of an analysis. The CLI reads one, the
//! desktop app builds one, a saved analysis *is* one.

use crate::error::{EngineError, Result};
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
    /// Folder a relative `data.file` is resolved against: the spec file's folder when
    /// loaded from disk. Not saved, so a spec stays portable with its data.
    #[serde(skip)]
    pub base_dir: Option<PathBuf>,
}

fn yes() -> bool {
    true
}

/// Where the data come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
            data: DataSource {
                file: file.into(),
                sha256: None,
                sheet: None,
                header_row: None,
            },
            outcome: outcome.to_string(),
            blocks,
            categorical: Vec::new(),
            reference_levels: BTreeMap::new(),
            intercept: true,
            composites: Vec::new(),
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
        let text = std::fs::read_to_string(path).map_err(|e| EngineError::Io {
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
