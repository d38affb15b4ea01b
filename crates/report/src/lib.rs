//! Rapport's reports: one engine [`Results`](rapport_engine::results::Results) turned into
//! files people circulate. Exporters only lay out what the engine computed; nothing here
//! does statistics, so every face of the product shows the same numbers.

pub mod atomic;
pub mod copy;
mod error;
mod tidy;
mod xlsx;

pub use error::ReportError;
pub use tidy::{write_csv, write_drivers_csv, write_json};
pub use xlsx::write_xlsx;
