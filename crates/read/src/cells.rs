//! Turning what a file stores into [`Cell`]s. Text that is unambiguously a number becomes a
//! number (contractors' exports often store numbers as text); anything a reader could read
//! two ways ("1,5", "1,000", "+1", "NaN", "45%") stays text, so nothing is guessed.

use crate::dates::iso_serial;
use crate::table::Cell;
use calamine::{Data, ExcelDateTime, ExcelDateTimeType};

/// Spreadsheet error literals, which csv exports write as text.
const ERROR_LITERALS: &[&str] = &[
    "#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#DATA!",
];

/// A text cell: blank, number, or text (trimmed). In csv files, where every cell is text,
/// TRUE/FALSE, error literals and ISO dates (`2026-03-14`, `2026-03-14T09:30`) are also
/// recognised, so a csv and the workbook it was saved from read alike.
pub(crate) fn from_text(raw: &str, delimited: bool) -> Cell {
    let t = raw.trim();
    if t.is_empty() {
        return Cell::Empty;
    }
    if let Some(x) = plain_number(t) {
        return Cell::Number(x);
    }
    if delimited {
        if t.eq_ignore_ascii_case("true") {
            return Cell::Bool(true);
        }
        if t.eq_ignore_ascii_case("false") {
            return Cell::Bool(false);
        }
        if ERROR_LITERALS.contains(&t) {
            return Cell::Error(t.to_string());
        }
        if let Some(serial) = iso_serial(t) {
            return Cell::Date(serial);
        }
    }
    Cell::Text(t.into())
}

/// A calamine value as a cell. Dates become 1900-system serials whatever the workbook's
/// date system; durations (`[h]:mm`) stay numbers of days.
pub(crate) fn from_data(data: Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(i as f64),
        Data::Float(x) if x.is_finite() => Cell::Number(x),
        Data::Float(_) => Cell::Error("#NUM!".to_string()),
        Data::String(s) => from_text(&s, false),
        Data::Bool(b) => Cell::Bool(b),
        Data::DateTime(dt) if dt.is_duration() => Cell::Number(dt.as_f64()),
        Data::DateTime(dt) => Cell::Date(serial_1900(&dt)),
        Data::DateTimeIso(s) => iso_serial(&s).map_or_else(|| Cell::Text(s.into()), Cell::Date),
        Data::DurationIso(s) => Cell::Text(s.into()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// The serial in the 1900 date system. calamine keeps the workbook's epoch private, so a
/// 1904-system value is recognised by its calendar date differing from the same number
/// read in the 1900 system (the systems are 1462 days apart).
fn serial_1900(dt: &ExcelDateTime) -> f64 {
    let v = dt.as_f64();
    let as_1900 = ExcelDateTime::new(v, ExcelDateTimeType::DateTime, false);
    if as_1900.to_ymd_hms_milli() == dt.to_ymd_hms_milli() {
        v
    } else {
        v + 1462.0
    }
}

/// `-3.5`, `12`, `.5`, `1e3`, `1.`: an optional minus, digits with at most one point, an
/// optional exponent. No plus sign (a formula-like "+1" stays text), no separators.
fn plain_number(t: &str) -> Option<f64> {
    let body = t.strip_prefix('-').unwrap_or(t);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (body.get(..i)?, Some(body.get(i + 1..)?)),
        None => (body, None),
    };
    let mut digits = 0;
    let mut points = 0;
    for ch in mantissa.chars() {
        match ch {
            '0'..='9' => digits += 1,
            '.' => points += 1,
            _ => return None,
        }
    }
    if digits == 0 || points > 1 {
        return None;
    }
    if let Some(e) = exponent {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        if e.is_empty() || !e.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
    }
    t.parse::<f64>().ok().filter(|x| x.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::serial_to_iso;

    #[test]
    fn numbers_stored_as_text_only_when_unambiguous() {
        for (text, want) in [
            (" 3", 3.0),
            ("-3.5", -3.5),
            ("1e3", 1000.0),
            (".5", 0.5),
            ("007", 7.0),
            ("2E-2", 0.02),
        ] {
            assert_eq!(from_text(text, false), Cell::Number(want), "{text}");
        }
        for text in [
            "1,5", "1,000", "+1", "NaN", "inf", "-inf", "45%", "1.2.3", "e3", "-", "1e", "0x1F",
            "1 000", "=SUM(A1)", "@x", "1e999",
        ] {
            assert_eq!(from_text(text, false), Cell::Text(text.into()), "{text}");
        }
        assert_eq!(from_text("   ", false), Cell::Empty);
    }

    #[test]
    fn csv_only_literals() {
        assert_eq!(from_text("TRUE", true), Cell::Bool(true));
        assert_eq!(from_text("false", true), Cell::Bool(false));
        assert_eq!(from_text("TRUE", false), Cell::Text("TRUE".into()));
        assert_eq!(from_text("#N/A", true), Cell::Error("#N/A".into()));
        assert_eq!(from_text("#N/A", false), Cell::Text("#N/A".into()));
    }

    #[test]
    fn iso_dates_match_excel_serials() {
        // Serials as Excel shows them: =DATE(2026,3,14) is 46095, =DATE(1900,3,1) is 61,
        // =DATE(2000,2,29) is 36585; 18:00 is 0.75 of a day.
        assert_eq!(iso_serial("2026-03-14"), Some(46095.0));
        assert_eq!(iso_serial("1900-03-01"), Some(61.0));
        assert_eq!(iso_serial("2000-02-29"), Some(36585.0));
        assert_eq!(iso_serial("2026-03-14T18:00:00"), Some(46095.75));
        assert_eq!(iso_serial("2026-03-14 18:00"), Some(46095.75));
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "14/03/2026",
            "2026-3-14",
            "1899-12-31",
            "2026-03-14T25:00",
            "2026-03-14T",
        ] {
            assert_eq!(iso_serial(bad), None, "{bad}");
        }
        assert_eq!(serial_to_iso(46095.75), "2026-03-14");
        assert_eq!(serial_to_iso(61.0), "1900-03-01");
        assert_eq!(serial_to_iso(36585.0), "2000-02-29");
    }

    #[test]
    fn calamine_values() {
        assert_eq!(from_data(Data::Int(4)), Cell::Number(4.0));
        assert_eq!(
            from_data(Data::Float(f64::NAN)),
            Cell::Error("#NUM!".into())
        );
        assert_eq!(
            from_data(Data::String(" =SUM(A1) ".into())),
            Cell::Text("=SUM(A1)".into())
        );
        let d1904 = ExcelDateTime::new(46095.0 - 1462.0, ExcelDateTimeType::DateTime, true);
        assert_eq!(from_data(Data::DateTime(d1904)), Cell::Date(46095.0));
        let d1900 = ExcelDateTime::new(46095.5, ExcelDateTimeType::DateTime, false);
        assert_eq!(from_data(Data::DateTime(d1900)), Cell::Date(46095.5));
        assert_eq!(
            from_data(Data::DateTimeIso("2026-03-14".into())),
            Cell::Date(46095.0)
        );
    }
}
