//! What the raking part of a spec asks for: the margins file and the options.

use crate::rake::RakeOptions;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Default name of the raked weight column in an exported copy of the data.
pub const DEFAULT_COLUMN_NAME: &str = "rake_weight";

/// What to rake to and how, as saved in an analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct RakeSpec {
    /// The margins table (csv or xlsx); a relative path is relative to the spec's folder.
    pub margins: PathBuf,
    /// Column of base (design) weights to start from; default: every row 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_weight: Option<String>,
    /// Trimming bounds relative to the mean raked weight, e.g. `[0.3, 3.0]`; default none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trim: Option<[f64; 2]>,
    /// Default [`DEFAULT_MAX_ITERATIONS`](crate::rake::DEFAULT_MAX_ITERATIONS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_iterations: Option<usize>,
    /// Largest relative margin error accepted; default [`DEFAULT_TOLERANCE`](crate::rake::DEFAULT_TOLERANCE).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<f64>,
    /// Name of the weight column in an exported copy; default [`DEFAULT_COLUMN_NAME`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column_name: Option<String>,
}

impl RakeSpec {
    /// The margins file: resolved against `base_dir` (the spec's folder) when relative, as
    /// [`AnalysisSpec::data_path`](crate::spec::AnalysisSpec::data_path) does.
    pub fn margins_path(&self, base_dir: Option<&Path>) -> PathBuf {
        match base_dir {
            Some(dir) if self.margins.is_relative() => dir.join(&self.margins),
            _ => self.margins.clone(),
        }
    }

    /// The options with defaults filled in.
    pub fn options(&self) -> RakeOptions {
        let default = RakeOptions::default();
        RakeOptions {
            tolerance: self.tolerance.unwrap_or(default.tolerance),
            max_iterations: self.max_iterations.unwrap_or(default.max_iterations),
            trim: self.trim,
        }
    }

    /// The weight column's name in an exported copy.
    pub fn column_name(&self) -> &str {
        self.column_name.as_deref().unwrap_or(DEFAULT_COLUMN_NAME)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_reads_with_defaults_and_resolves_margins_against_the_spec_folder() {
        let spec: RakeSpec =
            serde_json::from_str(r#"{ "margins": "margins.csv", "trim": [0.3, 3.0] }"#).unwrap();
        assert_eq!(
            spec.margins_path(Some(Path::new("/surveys"))),
            Path::new("/surveys/margins.csv")
        );
        assert_eq!(spec.column_name(), DEFAULT_COLUMN_NAME);
        assert_eq!(
            spec.options(),
            RakeOptions {
                trim: Some([0.3, 3.0]),
                ..RakeOptions::default()
            }
        );
        let absolute = RakeSpec {
            margins: "/data/m.xlsx".into(),
            ..spec.clone()
        };
        assert_eq!(
            absolute.margins_path(Some(Path::new("/surveys"))),
            Path::new("/data/m.xlsx")
        );
        let typo = serde_json::from_str::<RakeSpec>(r#"{ "margins": "m.csv", "trimm": [0.3, 3] }"#);
        assert!(
            typo.unwrap_err()
                .to_string()
                .contains("unknown field `trimm`")
        );
        let saved = serde_json::to_string(&spec).unwrap();
        assert_eq!(saved, r#"{"margins":"margins.csv","trim":[0.3,3.0]}"#);
    }
}
