//! Tidy exports for other programs: the coefficient table as CSV (broom / statsmodels
//! column names, one row per term), the key-driver table as CSV (one row per block and per
//! item) and the whole [`Results`] as JSON. Both are written
//! atomically and never over the survey file, like the Excel report.

use crate::{ReportError, atomic};
use rapport_engine::drivers::QuadrantLabel;
use rapport_engine::results::Results;
use rapport_engine::spec::BlockRole;
use std::path::Path;

/// CSV header: broom's `tidy()` names, plus where each term comes from.
const CSV_HEADER: [&str; 10] = [
    "term",
    "variable",
    "block",
    "role",
    "estimate",
    "std_error",
    "statistic",
    "p_value",
    "conf_low",
    "conf_high",
];

/// Write the coefficient table of `results` to `out` as UTF-8 CSV, one row per term in
/// model order, numbers at full precision (shortest text that reads back exactly). Aliased
/// terms are listed with empty numbers, as R's `broom::tidy` gives them NA. Text cells that
/// a spreadsheet would run as a formula are neutralised (see [`neutralise`]).
pub fn write_csv(results: &Results, input: &Path, out: &Path) -> Result<(), ReportError> {
    atomic::check_target(input, out, "csv")?;
    atomic::replace(out, &csv_bytes(results)?)
}

/// Key-driver CSV header: one row per block, then one per item in rank order.
const DRIVERS_HEADER: [&str; 13] = [
    "kind",
    "name",
    "label",
    "block",
    "role",
    "value",
    "percent",
    "percent_low",
    "percent_high",
    "rank",
    "within_block_percent",
    "performance",
    "quadrant",
];

/// Write the key-driver analysis of `results` to `out` as UTF-8 CSV: one row per block
/// (`kind` = `block`) and one per item (`kind` = `item`, largest share first). `value` is in
/// the measure's units (R² points, or McFadden's), `percent` the share of what the
/// experiences explain together (0–100) with its bootstrap interval; cells with no value
/// (no bootstrap, an item off the quadrant, a block's rank) are empty. Numbers at full
/// precision; text neutralised like the coefficient table's. Results without a key-driver
/// analysis give [`ReportError::NoDrivers`].
pub fn write_drivers_csv(results: &Results, input: &Path, out: &Path) -> Result<(), ReportError> {
    atomic::check_target(input, out, "csv")?;
    atomic::replace(out, &drivers_bytes(results)?)
}

fn drivers_bytes(results: &Results) -> Result<Vec<u8>, ReportError> {
    let d = results.drivers.as_ref().ok_or(ReportError::NoDrivers)?;
    let build = |e: csv::Error| ReportError::Build {
        reason: e.to_string(),
    };
    let optional = |x: Option<f64>| x.map_or_else(String::new, number);
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(DRIVERS_HEADER).map_err(build)?;
    for b in &d.blocks {
        let ci = b.share.percent_ci;
        let row = [
            "block".to_string(),
            neutralise(&b.name),
            neutralise(&b.name),
            neutralise(&b.name),
            role_code(b.role),
            number(b.share.value),
            number(b.share.percent),
            optional(ci.map(|c| c[0])),
            optional(ci.map(|c| c[1])),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ];
        w.write_record(&row).map_err(build)?;
    }
    let mut items: Vec<_> = d.items.iter().collect();
    items.sort_by_key(|i| i.rank);
    for i in items {
        let ci = i.share.percent_ci;
        let quadrant = i.quadrant.map_or_else(String::new, quadrant_code);
        let row = [
            "item".to_string(),
            neutralise(&i.variable),
            neutralise(&i.label),
            neutralise(&i.block),
            role_code(i.role),
            number(i.share.value),
            number(i.share.percent),
            optional(ci.map(|c| c[0])),
            optional(ci.map(|c| c[1])),
            i.rank.to_string(),
            number(i.within_block_percent),
            optional(i.performance),
            quadrant,
        ];
        w.write_record(&row).map_err(build)?;
    }
    w.into_inner().map_err(|e| ReportError::Build {
        reason: e.to_string(),
    })
}

/// Write the whole `results` to `out` as pretty-printed JSON, the same document the CLI's
/// `--format json` prints; it loads back into an identical [`Results`].
pub fn write_json(results: &Results, input: &Path, out: &Path) -> Result<(), ReportError> {
    atomic::check_target(input, out, "json")?;
    let mut bytes = serde_json::to_vec_pretty(results).map_err(|e| ReportError::Build {
        reason: e.to_string(),
    })?;
    bytes.push(b'\n');
    atomic::replace(out, &bytes)
}

fn csv_bytes(results: &Results) -> Result<Vec<u8>, ReportError> {
    let build = |e: csv::Error| ReportError::Build {
        reason: e.to_string(),
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_HEADER).map_err(build)?;
    for c in &results.coefficients {
        let text = |s: Option<&str>| neutralise(s.unwrap_or_default());
        let mut row = vec![
            neutralise(&c.term),
            text(c.variable.as_deref()),
            text(c.block.as_deref()),
            c.role.map_or_else(String::new, role_code),
        ];
        row.extend(
            [
                c.estimate,
                c.std_error,
                c.statistic,
                c.p_value,
                c.conf_low,
                c.conf_high,
            ]
            .map(number),
        );
        w.write_record(&row).map_err(build)?;
    }
    for term in &results.aliased {
        let mut row = vec![neutralise(term)];
        row.resize(CSV_HEADER.len(), String::new());
        w.write_record(&row).map_err(build)?;
    }
    w.into_inner().map_err(|e| ReportError::Build {
        reason: e.to_string(),
    })
}

/// A block role as the spec and the JSON write it (`relational`, `control` …).
fn role_code(role: BlockRole) -> String {
    match serde_json::to_value(role) {
        Ok(serde_json::Value::String(code)) => code,
        _ => role.label().to_string(),
    }
}

/// A quadrant as the JSON writes it (`priorities_for_improvement` …).
fn quadrant_code(quadrant: QuadrantLabel) -> String {
    match serde_json::to_value(quadrant) {
        Ok(serde_json::Value::String(code)) => code,
        _ => quadrant.label().to_string(),
    }
}

/// A number as R, pandas and Excel read it back: shortest round-trip text, `NaN`, `Inf`.
fn number(x: f64) -> String {
    match x {
        x if x.is_nan() => "NaN".to_string(),
        f64::INFINITY => "Inf".to_string(),
        f64::NEG_INFINITY => "-Inf".to_string(),
        x => format!("{x}"),
    }
}

/// Text that starts like a formula (`=`, `+`, `-`, `@`, or a tab / carriage return that
/// some spreadsheets skip before one) gets a leading apostrophe, so a spreadsheet opening
/// the CSV shows it as text instead of running it (CSV injection, OWASP).
fn neutralise(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::{neutralise, number};

    #[test]
    fn formula_like_text_is_neutralised_and_other_text_kept() {
        assert_eq!(neutralise("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("-x"), "'-x");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\t=1"), "'\t=1");
        assert_eq!(neutralise("kind"), "kind");
        assert_eq!(neutralise("age_band[T.35-44]"), "age_band[T.35-44]");
        assert_eq!(neutralise(""), "");
    }

    #[test]
    fn numbers_read_back_exactly() {
        for x in [0.1, -2.5e-300, 1.0 / 3.0, 12345.678901234567] {
            assert_eq!(number(x).parse::<f64>(), Ok(x));
        }
        assert_eq!(number(f64::NAN), "NaN");
        assert_eq!(number(f64::NEG_INFINITY), "-Inf");
    }
}
