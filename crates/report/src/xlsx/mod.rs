//! The formatted Excel workbook: Summary (for circulating), Model (the full table),
//! Drivers (the key-driver analysis with its charts, when the analysis has one), Descriptives (how residents answered, weighted, with a diverging-bar chart), Variables (how
//! each column was read) and Method (how to reproduce it).

mod descriptives;
mod drivers;
mod method;
mod model;
mod style;
mod summary;
mod variables;

use crate::{ReportError, atomic};
use rapport_engine::results::Results;
use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};
use std::path::Path;
use style::Styles;

/// Write the formatted workbook for `results` to `out`, atomically (temp file in the same
/// folder + rename), refusing to write over `input` (same path once resolved, or the same
/// file under another name).
pub fn write_xlsx(results: &Results, input: &Path, out: &Path) -> Result<(), ReportError> {
    atomic::check_target(input, out, "xlsx")?;
    let generated = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let bytes = workbook(results, &generated)?.save_to_buffer()?;
    atomic::replace(out, &bytes)
}

/// Lay out the sheets (five, or six with the key-driver analysis). `generated` is the report time, the one thing not taken from
/// `results`.
fn workbook(results: &Results, generated: &str) -> Result<Workbook, XlsxError> {
    let styles = Styles::new();
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(summary::title(results))
            .set_author("Rapport")
            .set_comment(format!("Made by Rapport {}", results.rapport_version)),
    );
    summary::write(wb.add_worksheet().set_name("Summary")?, results, &styles)?;
    model::write(wb.add_worksheet().set_name("Model")?, results, &styles)?;
    if let Some(d) = &results.drivers {
        drivers::write(
            wb.add_worksheet().set_name(drivers::SHEET)?,
            results,
            d,
            &styles,
        )?;
    }
    descriptives::write(
        wb.add_worksheet().set_name(descriptives::SHEET)?,
        results,
        &styles,
    )?;
    variables::write(wb.add_worksheet().set_name("Variables")?, results, &styles)?;
    method::write(
        wb.add_worksheet().set_name("Method")?,
        results,
        generated,
        &styles,
    )?;
    Ok(wb)
}
