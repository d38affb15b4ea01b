//! What the descriptives part of a spec asks for.

use serde::{Deserialize, Serialize};

/// What to describe. Every field has a default, so `{}` describes every variable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields, default)]
pub struct DescriptivesSpec {
    /// Variables to describe, in this order; `None`: every scale, categorical, boolean and
    /// numeric column in sheet order, except respondent numbers, free text and dates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variables: Option<Vec<String>>,
    /// Columns left out of "every variable", such as the design's weight, strata and
    /// cluster columns.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    /// Pairs `[rows, columns]` to cross-tabulate, e.g. `[["trust_council", "age_band"]]`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub crosstabs: Vec<(String, String)>,
    /// Confidence level of every interval.
    pub level: f64,
}

impl Default for DescriptivesSpec {
    fn default() -> Self {
        DescriptivesSpec {
            variables: None,
            exclude: Vec::new(),
            crosstabs: Vec::new(),
            level: 0.95,
        }
    }
}
