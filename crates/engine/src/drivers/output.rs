//! What a key-driver analysis hands on: each block's and item's share with its interval,
//! the bootstrap's report and the importance × performance quadrant.

use crate::spec::{BlockRole, PerformanceMeasure};
use serde::{Deserialize, Serialize};

/// How the importances were computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ImportanceMethod {
    /// Exact Shapley values of R² over every subset (LMG).
    ShapleyExact,
    /// Shapley values of R² estimated from random entry orders (Monte-Carlo error given).
    ShapleySampled,
    /// Relative weights for logistic regression (Tonidandel & LeBreton 2010), scaled to
    /// the McFadden R² the items add.
    RelativeWeightsLogistic,
}

/// The key-driver analysis of one outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Drivers {
    /// The explained measure being shared out, e.g. "R²" or "McFadden's R²".
    pub measure: String,
    /// How item importances were computed.
    pub item_method: ImportanceMethod,
    /// How block shares were computed.
    pub block_method: ImportanceMethod,
    /// The methods in words, with their references.
    pub method_text: String,
    /// The measure with every predictor.
    pub explained_full: f64,
    /// The measure with the controls alone (0 when nothing is held).
    pub explained_controls: f64,
    /// What the players share: `explained_full − explained_controls`.
    pub explained_by_players: f64,
    /// Variables held in every sub-model.
    pub controls: Vec<String>,
    /// One entry per block that is a player, in the spec's order.
    pub blocks: Vec<BlockShare>,
    /// One entry per item (predictor variable that is a player), largest share first.
    pub items: Vec<ItemShare>,
    /// How the intervals were made; `None` when the spec asks for no bootstrap.
    pub bootstrap: Option<BootstrapInfo>,
    pub quadrant: Quadrant,
    /// Neighbours in the ranking whose order the bootstrap cannot settle.
    pub unsettled_rankings: Vec<RankPair>,
    /// The headline: the relational share of the explained outcome, with its interval.
    pub headline: String,
    /// Plain-language lines, headline first.
    pub sentences: Vec<String>,
}

/// A share of the explained outcome with its bootstrap interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Share {
    /// In the measure's own units (e.g. R² points); the players' values add up to
    /// `explained_by_players`.
    pub value: f64,
    /// Percentage of `explained_by_players` (0–100); the players' percentages add to 100.
    pub percent: f64,
    /// 95% percentile bootstrap interval of `percent`.
    pub percent_ci: Option<[f64; 2]>,
    /// 95% percentile bootstrap interval of `value`.
    pub value_ci: Option<[f64; 2]>,
    /// Monte-Carlo standard error of `value` when it was estimated from random orders.
    pub monte_carlo_se: Option<f64>,
}

/// One block's share (grouped Shapley: the block is one player).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BlockShare {
    pub name: String,
    pub role: BlockRole,
    pub share: Share,
    /// The block's items.
    pub items: Vec<String>,
}

/// One item's importance and performance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemShare {
    pub variable: String,
    /// The item in words for sentences and charts ("time for me").
    pub label: String,
    pub block: String,
    pub role: BlockRole,
    /// 1 = the largest share.
    pub rank: usize,
    pub share: Share,
    /// The item's percentage of its own block's item shares (0–100).
    pub within_block_percent: f64,
    /// Johnson's relative weight in R² points (linear models), the fast companion.
    pub relative_weight: Option<f64>,
    /// Weighted % in the top two levels, or weighted mean score; `None` for an item with
    /// no rating scale (it stays off the quadrant).
    pub performance: Option<f64>,
    pub quadrant: Option<QuadrantLabel>,
}

/// How the bootstrap was run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BootstrapInfo {
    pub replicates: usize,
    /// Replicates in which a model could not be fitted (left out of the intervals).
    pub failed: usize,
    pub seed: u64,
    /// What was resampled, in words ("respondents", "wards within strata").
    pub resampled: String,
    /// Confidence level of the percentile intervals.
    pub level: f64,
}

/// Two items next to each other in the ranking whose order is not settled: the bootstrap
/// interval of the difference of their shares contains zero. Items are named by variable
/// (`ItemShare::variable`); their words are in `ItemShare::label`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RankPair {
    pub higher: String,
    pub lower: String,
    /// Share of replicates in which `higher` kept the larger share.
    pub kept_order: f64,
}

/// Where an item falls on the importance × performance chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum QuadrantLabel {
    /// Above-average importance, below-average performance.
    PrioritiesForImprovement,
    /// Above-average importance and performance.
    StrengthsToMaintain,
    /// Below-average importance and performance.
    LowerPriority,
    /// Below-average importance, above-average performance.
    PossibleOverInvestment,
}

impl QuadrantLabel {
    /// Every quadrant, in reading order of the chart: top row left to right, then the
    /// bottom row.
    pub const ALL: [QuadrantLabel; 4] = [
        QuadrantLabel::PossibleOverInvestment,
        QuadrantLabel::StrengthsToMaintain,
        QuadrantLabel::LowerPriority,
        QuadrantLabel::PrioritiesForImprovement,
    ];

    /// Where the quadrant lies, as `(right, top)`: right of the importance line (at or
    /// above average importance) and above the performance line. The one statement of the
    /// chart's geometry: items are classified by it and the app and the reports place the
    /// quadrants' names by it.
    pub fn corner(self) -> (bool, bool) {
        match self {
            QuadrantLabel::PrioritiesForImprovement => (true, false),
            QuadrantLabel::StrengthsToMaintain => (true, true),
            QuadrantLabel::LowerPriority => (false, false),
            QuadrantLabel::PossibleOverInvestment => (false, true),
        }
    }

    /// The quadrant's name, as the app, the reports and the findings write it.
    pub fn label(self) -> &'static str {
        match self {
            QuadrantLabel::PrioritiesForImprovement => "Priorities for improvement",
            QuadrantLabel::StrengthsToMaintain => "Strengths to maintain",
            QuadrantLabel::LowerPriority => "Lower priority",
            QuadrantLabel::PossibleOverInvestment => "Possible over-investment",
        }
    }
}

/// The importance × performance chart: items with a performance value, split at the
/// means of the plotted items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Quadrant {
    pub performance: PerformanceMeasure,
    /// Axis title, e.g. "% positive (top two answers)".
    pub performance_label: String,
    /// Vertical line: the mean importance (% of explained) of the plotted items.
    pub importance_line: f64,
    /// Horizontal line: the mean performance of the plotted items.
    pub performance_line: f64,
    /// Items left off the chart, with why.
    pub left_off: Vec<String>,
}
