//! What the key-driver part of a spec asks for.

use serde::{Deserialize, Serialize};

/// What a key-driver analysis should do. Every field has a default, so `{}` asks for the
/// standard analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields, default)]
pub struct DriversSpec {
    /// Bootstrap replicates for the intervals; 0 leaves the intervals out.
    pub bootstrap: usize,
    /// Seed of the bootstrap and of permutation sampling: the same seed gives the same
    /// intervals on any machine and any number of threads.
    pub seed: u64,
    /// The performance axis of the quadrant.
    pub performance: PerformanceMeasure,
    /// Hold the "About the respondent" blocks in every sub-model (the players then share
    /// what the experiences add to them); `false` makes those blocks players too.
    pub hold_controls: bool,
    /// Random entry orders, each also run in reverse, when there are too many items for the exact decomposition.
    pub permutations: usize,
}

impl Default for DriversSpec {
    fn default() -> Self {
        DriversSpec {
            bootstrap: 1000,
            seed: 20_261_126,
            performance: PerformanceMeasure::TopBox,
            hold_controls: true,
            permutations: 5000,
        }
    }
}

/// How an item's performance is measured on the quadrant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PerformanceMeasure {
    /// Weighted percentage answering one of the top two levels of the item's scale.
    #[default]
    TopBox,
    /// Weighted mean score as a percentage of the scale's range (0 = every answer the
    /// lowest level, 100 = every answer the highest), so scales of different lengths share
    /// one axis.
    Mean,
}
