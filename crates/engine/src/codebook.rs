//! The codebook: what each column is (numeric, a response scale, categories, text, dates),
//! its levels in order and its missing answers by reason.
//!
//! TODO(H1): implement `Codebook::detect` and `Codebook::values`.

use crate::scale::{MissingReason, Scale};
use serde::{Deserialize, Serialize};

/// What a column holds, as detected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum VariableKind {
    /// Numbers (also numbers stored as text). `invalid` counts cells of stray text.
    Numeric,
    /// A recognised ordered response scale, scored 1..k from the most negative level.
    Scale { scale: Scale },
    /// Unordered categories from text labels.
    Categorical,
    /// True/false cells, scored 0/1.
    Boolean,
    /// Dates.
    Date,
    /// Free text with too many distinct values to be categories.
    Text,
    /// No data at all.
    Empty,
}

/// One level of a scale or category with its count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Level {
    /// The label as written in the sheet (numbers written as in the sheet: `2`, not `2.0`).
    pub label: String,
    /// Score for scales (1 = most negative); `None` for unordered categories.
    pub score: Option<f64>,
    pub count: usize,
}

/// Count of missing cells for one reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingCount {
    pub reason: MissingReason,
    pub count: usize,
}

/// One variable as detected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variable {
    pub name: String,
    /// Sheet column letter(s), e.g. "C".
    pub column: String,
    #[serde(flatten)]
    pub kind: VariableKind,
    /// Levels in order (scales: score order; categories: first-seen order). Empty for
    /// numeric, text, date columns.
    pub levels: Vec<Level>,
    /// Cells usable in a model.
    pub valid_n: usize,
    /// Non-substantive answers and blanks, by reason, in a fixed order.
    pub missing: Vec<MissingCount>,
    /// Cells that fit neither the kind nor a missing reason (e.g. text in a numeric column).
    pub invalid_n: usize,
    /// Up to three addresses of invalid cells with their text, e.g. `F12 ("five")`.
    pub invalid_examples: Vec<String>,
}

impl Variable {
    /// Total missing cells over all reasons.
    pub fn missing_n(&self) -> usize {
        self.missing.iter().map(|m| m.count).sum()
    }
}

/// All variables of a table, in sheet order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Codebook {
    pub variables: Vec<Variable>,
}

impl Codebook {
    /// The variable with this exact name.
    pub fn get(&self, name: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.name == name)
    }
}

/// A cell as a model sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A number (scale score, numeric value, 0/1 boolean).
    Number(f64),
    /// A category label (categorical columns, or numeric columns forced categorical:
    /// the label is the number written as in the sheet).
    Label(String),
    /// Missing for a reason; the row is left out of models using this variable.
    Missing(MissingReason),
    /// Cannot be used (stray text in a numeric column, a date); carries the cell address.
    Invalid(String),
}
