//! Response scales recognised from their text labels, and non-substantive answers.
//!
//! TODO(H1): implement recognition tables and `normalise`.

use serde::{Deserialize, Serialize};

/// Why a value is missing for models. Counted separately in descriptives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingReason {
    /// Empty cell.
    Blank,
    /// "Don't know", "Do not know", "DK".
    DontKnow,
    /// "Prefer not to say".
    PreferNotToSay,
    /// "N/A", "Not applicable".
    NotApplicable,
    /// "Refused".
    Refused,
    /// A spreadsheet error such as `#N/A` or `#DIV/0!`.
    CellError,
}

impl MissingReason {
    /// Label used in tables and reports.
    pub fn label(self) -> &'static str {
        match self {
            MissingReason::Blank => "Blank",
            MissingReason::DontKnow => "Don't know",
            MissingReason::PreferNotToSay => "Prefer not to say",
            MissingReason::NotApplicable => "Not applicable",
            MissingReason::Refused => "Refused",
            MissingReason::CellError => "Cell error",
        }
    }
}

/// The families of response scale Rapport recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScaleFamily {
    Agreement5,
    Agreement7,
    Satisfaction5,
    Trust4,
    Quality5,
    Frequency5,
    YesNo,
}

/// A recognised ordered scale: canonical labels from most negative (scored 1) upward.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scale {
    pub family: ScaleFamily,
    /// Plain name, e.g. "Agreement (5-point)".
    pub name: String,
    /// Labels in score order, as first seen in the data where observed (else canonical).
    pub levels: Vec<String>,
}
