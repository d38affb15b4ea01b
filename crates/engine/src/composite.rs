//! Composite scales and their reliability.
//! TODO(H2): implement.

use serde::{Deserialize, Serialize};

/// Reliability of a set of items (Cronbach 1951), on respondents who answered every item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reliability {
    /// Respondents with every item answered (listwise), on which the statistics rest.
    pub n_complete: usize,
    /// Raw alpha, from item variances and the variance of the total.
    pub alpha: f64,
    /// Standardized alpha, from the mean inter-item correlation.
    pub alpha_standardized: f64,
    pub items: Vec<ItemStats>,
}

/// Per-item statistics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemStats {
    pub item: String,
    pub mean: f64,
    pub sd: f64,
    /// Correlation of the item with the sum of the *other* items.
    pub corrected_item_total: f64,
    /// Raw alpha of the scale without this item.
    pub alpha_if_deleted: f64,
}
