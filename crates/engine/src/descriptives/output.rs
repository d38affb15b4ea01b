//! What the descriptives hand on: each variable's weighted summary, its level and missing
//! shares, the Likert summaries and the crosstabs.

use super::estimate::Estimate;
use crate::scale::MissingReason;
use serde::{Deserialize, Serialize};

/// One variable: its weighted mean and/or level shares, and its missing answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VariableSummary {
    pub variable: String,
    /// Name of the response scale (e.g. "Trust (4-point)"); `None` for other kinds.
    pub scale: Option<String>,
    /// Respondents who answered (unweighted): the base of every share in `levels`.
    pub n: usize,
    /// Weighted share of all respondents who answered.
    pub answered_of_all: f64,
    /// Weighted mean of numbers or of scale scores (1 = most negative level); `None` for
    /// categories, booleans and when nobody answered.
    pub mean: Option<Estimate>,
    /// Weighted proportion (0–1) of the answers at each level, in scale order (categories:
    /// sorted); empty for numbers and when nobody answered.
    pub levels: Vec<LevelShare>,
    /// Non-substantive answers and blanks by reason, as shares of all respondents.
    pub missing: Vec<MissingShare>,
    /// Cells that are neither an answer nor a missing reason (stray text), counted apart.
    pub invalid_n: usize,
    pub invalid_of_all: f64,
}

/// One level of a variable: how many chose it and its weighted share of the answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LevelShare {
    pub label: String,
    /// Unweighted count.
    pub n: usize,
    /// Share of the answers (0–1) with the `svyciprop` logit interval.
    pub proportion: Estimate,
}

/// Respondents who gave one kind of non-substantive answer (or none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MissingShare {
    pub reason: MissingReason,
    /// "Don't know", "Blank" …, as shown in tables and charts.
    pub label: String,
    /// Unweighted count.
    pub n: usize,
    /// Weighted share of all respondents (0–1).
    pub proportion_of_all: f64,
}
