//! A codebook sheet as read: the variable, question, code and label columns a contractor
//! sends beside the data. What the codes *mean* for scoring is the engine's business.

use serde::{Deserialize, Serialize};

/// The codebook sheet applied to the data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CodebookSheet {
    pub sheet: String,
    /// One-based row of its header (variable, question, code, label).
    pub header_row: usize,
    /// Its entries for columns of the data, under the data's column names. Left out of the
    /// codebook the engine detects, whose variables carry their own coding.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entries: Vec<CodebookEntry>,
    /// Variables the codebook lists that are not columns of the data.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmatched: Vec<String>,
}

impl CodebookSheet {
    /// The entry for a data column.
    pub fn entry(&self, column: &str) -> Option<&CodebookEntry> {
        self.entries.iter().find(|e| e.column == column)
    }

    /// The sheet without its entries, for the detected codebook.
    pub fn summary(&self) -> CodebookSheet {
        CodebookSheet {
            entries: Vec::new(),
            ..self.clone()
        }
    }
}

/// What the codebook sheet says about one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CodebookEntry {
    /// The data column it describes.
    pub column: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// Codes with their labels, in codebook order.
    pub codes: Vec<CodeLabel>,
}

/// One code and its label as the codebook sheet writes them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CodeLabel {
    pub code: f64,
    pub label: String,
}
