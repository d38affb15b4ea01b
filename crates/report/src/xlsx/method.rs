//! The Method sheet: everything needed to trace the report back to its data and re-run it.

use super::style::{self, Styles};
use rapport_engine::results::Results;
use rust_xlsxwriter::{Worksheet, XlsxError};

const LABEL_WIDTH: f64 = 30.0;
const VALUE_WIDTH: f64 = 90.0;

pub(super) fn write(
    ws: &mut Worksheet,
    results: &Results,
    generated: &str,
    styles: &Styles,
) -> Result<(), XlsxError> {
    ws.set_column_width(0, LABEL_WIDTH)?;
    ws.set_column_width(1, VALUE_WIDTH)?;
    style::print_setup(ws, None)?;
    style::text(ws, 0, 0, "Method: how this report was made", &styles.title)?;

    let input = &results.input;
    let outcome = format!("{}: {}", results.outcome.name, results.outcome.scoring);
    let intercept = if results.model.intercept { "Yes" } else { "No" };
    let pairs: [(&str, &str); 11] = [
        ("Survey file", &input.file),
        ("SHA-256 of the file", &input.sha256),
        (
            "Sheet",
            input
                .sheet
                .as_deref()
                .unwrap_or("(a text file has no sheets)"),
        ),
        ("Header row", &input.header_row.to_string()),
        ("Data rows under the header", &input.rows.to_string()),
        ("Outcome", &outcome),
        ("Model", &results.model.family),
        ("Standard errors", &results.model.variance),
        ("Intercept", intercept),
        ("Rapport version", &results.rapport_version),
        ("Report generated (UTC)", generated),
    ];
    let mut row = 2;
    for (label, value) in pairs {
        style::text(ws, row, 0, label, &styles.label)?;
        style::text(ws, row, 1, value, &styles.wrap)?;
        style::fit_row(ws, row, &[(value, VALUE_WIDTH)])?;
        row += 1;
    }

    row += 1;
    style::heading(ws, row, 1, "Analysis spec", styles)?;
    row += 1;
    let note = "The analysis as run, in Rapport's spec format (JSON). Saved as a .json file it \
                re-runs the analysis: on a file with the same SHA-256 the results are identical.";
    style::text(ws, row, 0, note, &styles.aside)?;
    row += 1;
    let spec = serde_json::to_string_pretty(&results.spec)
        .unwrap_or_else(|e| format!("(the spec could not be written out as JSON: {e})"));
    for line in spec.lines() {
        style::text(ws, row, 0, line, &styles.mono)?;
        row += 1;
    }
    Ok(())
}
