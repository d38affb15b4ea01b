//! Tidy exports for other programs: the coefficient table as CSV (broom / statsmodels
//! column names, one row per term) and the whole [`Results`] as JSON. Both are written
//! atomically and never over the survey file, like the Excel report.

use crate::{ReportError, atomic};
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
