//! Excel serial day numbers (1900 system) and ISO 8601 dates, both ways: csv files write
//! dates as text, workbooks as serials, and a table keeps one form.

/// Days from 0000-03-01 (proleptic Gregorian) to 1899-12-30, Excel's day 0 for serials
/// from 1900-03-01 on (its fictitious 29 February 1900 shifts everything earlier).
const EXCEL_EPOCH_DAYS: i64 = 693_899;
/// Excel serial of 1900-03-01: earlier serials are distorted by the 1900 leap-year bug.
const FIRST_RELIABLE_SERIAL: f64 = 61.0;

/// Excel serial (1900 system) of an ISO 8601 date or date-time without time zone:
/// `YYYY-MM-DD`, optionally `THH:MM`, `THH:MM:SS` or `THH:MM:SS.fff` (a space for the `T`
/// too). `None` for anything else, and for dates before 1900-03-01.
pub fn iso_serial(t: &str) -> Option<f64> {
    // Cheap refusal of the many texts that are not dates: `YYYY-` first.
    let b = t.as_bytes();
    if b.len() < 10 || b[4] != b'-' || !b[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
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
pub fn serial_to_iso(serial: f64) -> String {
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
