//! Rapport's engine: survey meaning and the one straight data path every face walks.
//!
//! `file → Table → Codebook → Frame → AnalysisSpec → Results`
//!
//! * `rapport_read` turns xlsx/xlsm/xlsb/xls/ods/csv/tsv into a `Table` of typed cells;
//!   [`input`] maps the spec's data source onto its options.
//! * [`codebook`] detects each column's kind and response scale ([`scale`]), its codes
//!   ([`coding`]) and its missing answers by reason.
//! * [`frame`] builds the design matrix for one model with listwise deletion, and
//!   [`sampling`] the survey design on the same rows.
//! * [`model`] fits it with `rapport_stats` (pivoted QR, IRLS, proportional odds) and
//!   tests each block; [`drivers`] shares the explained outcome between blocks and items;
//!   [`descriptives`] and [`rake`] weight and describe.
//! * [`analysis::run`] walks the whole path for an [`spec::AnalysisSpec`] and returns one
//!   [`results::Results`], with plain-language [`findings`].

pub mod allocator;
pub mod analysis;
pub mod codebook;
pub mod coding;
pub mod descriptives;
pub mod drivers;
pub mod error;
pub mod findings;
pub mod frame;
pub mod input;
pub mod model;
pub mod palette;
pub mod progress;
pub mod rake;
pub mod results;
pub mod sampling;
pub mod scale;
pub mod spec;
pub mod variables;

pub use error::{EngineError, Result};

/// The engine's version, recorded in every `Results` and report.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
