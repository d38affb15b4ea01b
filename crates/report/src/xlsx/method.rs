//! The Method sheet: everything needed to trace the report back to its data and re-run it.

use super::style::{self, Styles};
use rapport_engine::results::Results;
use rapport_read::text::format_df;
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
    let design = &results.spec.design;
    let column = |c: &Option<String>, none: &str| match c {
        Some(c) => format!("\"{c}\""),
        None => none.to_string(),
    };
    let weight = column(&design.weight, "None: every respondent counts once");
    let strata = column(&design.strata, "None");
    let cluster = column(
        &design.cluster,
        "None: respondents are treated as sampled one by one",
    );
    let tests = match results.model.inference_df {
        Some(df) => format!("t with {} degrees of freedom", format_df(df)),
        None => "Normal (z)".to_string(),
    };
    let positive = results.outcome.positive_levels.join(", ");
    let mut pairs: Vec<(&str, &str)> = vec![
        ("Survey file", &input.file),
        ("SHA-256 of the file", &input.sha256),
        (
            "Sheet",
            input
                .sheet
                .as_deref()
                .unwrap_or("(a text file has no sheets)"),
        ),
    ];
    let header_row = input.header_row.to_string();
    let rows = input.rows.to_string();
    pairs.extend([
        ("Header row", header_row.as_str()),
        ("Data rows under the header", rows.as_str()),
        ("Outcome", outcome.as_str()),
    ]);
    if !positive.is_empty() {
        pairs.push(("Answers counted as 1", positive.as_str()));
    }
    pairs.extend([
        ("Model", results.model.family.as_str()),
        ("Standard errors", results.model.variance.as_str()),
        ("Tests and intervals", tests.as_str()),
        ("Weight column", weight.as_str()),
        ("Strata column", strata.as_str()),
        ("Cluster (PSU) column", cluster.as_str()),
        ("Intercept", intercept),
        ("Rapport version", results.rapport_version.as_str()),
        ("Report generated (UTC)", generated),
    ]);
    let raking = results.weighting.as_ref().map(|w| {
        let trim = w.trim.as_ref().map_or(String::new(), |t| {
            format!(
                "; {} weights trimmed to {}–{} × the mean weight, after which the margins hold only approximately",
                t.trimmed, t.relative[0], t.relative[1]
            )
        });
        format!(
            "Raked to the population margins in {} on {} (iterative proportional fitting, as R's survey::rake): {} after {} sweeps, largest margin error {:.1e} (relative){trim}. Kish effective n {:.0} of {}, weighting design effect {:.2}.",
            w.margins_file,
            w.variables.join(", "),
            if w.converged { "converged" } else { "did not converge" },
            w.iterations,
            w.max_rel_error,
            w.weights.n_eff,
            w.weights.n,
            w.weights.design_effect
        )
    });
    if let Some(text) = &raking {
        pairs.push(("Weighting", text.as_str()));
    }
    let key_drivers = results.drivers.as_ref().map(|d| {
        let intervals = match &d.bootstrap {
            Some(b) => format!(
                " Intervals: {:.0}% percentile bootstrap, {} replicates resampling {}, seed {} ({} failed).",
                b.level * 100.0,
                b.replicates,
                b.resampled,
                b.seed,
                b.failed
            ),
            None => " No bootstrap intervals.".to_string(),
        };
        format!("{}{intervals}", d.method_text)
    });
    if let Some(text) = &key_drivers {
        pairs.push(("Key-driver analysis", text.as_str()));
    }
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
