//! Turning what a file stores into [`Cell`]s. Text that is unambiguously a number becomes a
//! number (contractors' exports often store numbers as text); anything a reader could read
//! two ways ("1,5", "1,000", "+1", "NaN", "45%") stays text, so nothing is guessed.

use crate::table::Cell;
use calamine::{Data, DataRef, ExcelDateTime, ExcelDateTimeType};

/// Spreadsheet error literals, which csv exports write as text.
const ERROR_LITERALS: &[&str] = &[
    "#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#DATA!",
];

/// Days from 0000-03-01 (proleptic Gregorian) to 1899-12-30, Excel's day 0 for serials
/// from 1900-03-01 on (its fictitious 29 February 1900 shifts everything earlier).
const EXCEL_EPOCH_DAYS: i64 = 693_899;
/// Excel serial of 1900-03-01: earlier serials are distorted by the 1900 leap-year bug.
const FIRST_RELIABLE_SERIAL: f64 = 61.0;

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
    Cell::Text(t.to_string())
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
        Data::DateTimeIso(s) => iso_serial(&s).map_or(Cell::Text(s), Cell::Date),
        Data::DurationIso(s) => Cell::Text(s),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// A streamed calamine value as a cell, reading shared strings without copying them first.
pub(crate) fn from_data_ref(data: DataRef<'_>) -> Cell {
    match data {
        DataRef::SharedString(s) => from_text(s, false),
        other => from_data(Data::from(other)),
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

/// Excel serial (1900 system) of an ISO 8601 date or date-time without time zone:
/// `YYYY-MM-DD`, optionally `THH:MM`, `THH:MM:SS` or `THH:MM:SS.fff` (a space for the `T`
/// too). `None` for anything else, and for dates before 1900-03-01.
pub(crate) fn iso_serial(t: &str) -> Option<f64> {
    let (date, time) = match t.find(['T', ' ']) {
        Some(i) => (t.get(..i)?, Some(t.get(i + 1..)?)),
        None => (t, None),
    };
    let mut parts = date.split('-');
    let year = fixed_digits(parts.next()?, 4)?;
    let month = fixed_digits(parts.next()?, 2)?;
    let day = fixed_digits(parts.next()?, 2)?;
    if parts.next().is_some()
        || !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
    {
        return None;
    }
    let mut serial = (days_from_civil(year, month, day) - EXCEL_EPOCH_DAYS) as f64;
    if let Some(time) = time {
        let mut hms = time.split(':');
        let h = fixed_digits(hms.next()?, 2)?;
        let m = fixed_digits(hms.next()?, 2)?;
        let s: f64 = match hms.next() {
            Some(sec)
                if sec
                    .get(..2)
                    .is_some_and(|d| d.chars().all(|c| c.is_ascii_digit())) =>
            {
                sec.parse().ok()?
            }
            Some(_) => return None,
            None => 0.0,
        };
        if hms.next().is_some() || h > 23 || m > 59 || !(0.0..60.0).contains(&s) {
            return None;
        }
        serial += (h as f64 * 3600.0 + m as f64 * 60.0 + s) / 86_400.0;
    }
    (serial >= FIRST_RELIABLE_SERIAL).then_some(serial)
}

/// A field of exactly `n` ASCII digits.
fn fixed_digits(s: &str, n: usize) -> Option<i64> {
    (s.len() == n && s.chars().all(|c| c.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 0000-03-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe
}

/// `2026-03-14` for a serial, for header cells that hold dates.
pub(crate) fn serial_to_iso(serial: f64) -> String {
    let days = serial.floor() as i64 + EXCEL_EPOCH_DAYS;
    // Inverse of days_from_civil.
    let era = days.div_euclid(146_097);
    let doe = days - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

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
            assert_eq!(
                from_text(text, false),
                Cell::Text(text.to_string()),
                "{text}"
            );
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
