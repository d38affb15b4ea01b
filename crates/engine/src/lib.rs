//! Rapport's engine: one straight data path shared by every face of the product.
//!
//! `file → Table → Codebook → Frame → AnalysisSpec → Results`
//!
//! * [`read`] turns xlsx/xlsm/xlsb/xls/ods/csv/tsv into a [`table::Table`] of typed cells.
//! * [`codebook`] detects each column's kind and response scale ([`scale`]) and its
//!   missing answers by reason.
//! * [`frame`] builds the design matrix for one model with listwise deletion.
//! * [`ols`] fits it on a pivoted QR ([`linalg`]) to NIST StRD accuracy.
//! * [`composite`] scores multi-item scales and their reliability.
//! * [`analysis::run`] walks the whole path for an [`spec::AnalysisSpec`] and returns one
//!   [`results::Results`].

pub mod analysis;
pub mod codebook;
pub mod coding;
pub mod composite;
pub mod descriptives;
pub mod drivers;
pub mod error;
pub mod findings;
pub mod frame;
pub mod importance;
pub mod inference;
pub mod linalg;
pub mod logit;
pub mod model;
pub mod ols;
pub mod ordinal;
pub mod rake;
pub mod read;
pub mod results;
pub mod sampling;
pub mod scale;
pub mod spec;
pub mod survey;
pub mod table;
pub mod variance;

pub use error::{EngineError, Result};

/// The engine's version, recorded in every `Results` and report.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
