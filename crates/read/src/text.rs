//! The words and numbers every message and preview shares: numbers as a spreadsheet shows
//! them, booleans, label normalisation, file names and did-you-mean suggestions. It sits at
//! the bottom so the reader, the engine and every face format alike.

use std::path::Path;

/// A number as a spreadsheet shows it: `2` not `2.0`, `2.5`, `0.1` — the shortest text
/// that reads back as the same number, so category labels such as `[T.2]` match the sheet.
pub fn format_number(x: f64) -> String {
    if x == 0.0 {
        "0".to_string()
    } else {
        format!("{x}")
    }
}

/// How a boolean cell reads in a sheet and in category labels.
pub fn bool_label(b: bool) -> &'static str {
    if b { "TRUE" } else { "FALSE" }
}

/// Lowercase, trim, collapse inner white space (including non-breaking spaces), turn
/// curly quotes and apostrophes into `'`, and drop trailing full stops — the differences
/// that appear when the same label is typed by hand or pasted from Word.
pub fn normalise(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for word in label.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for ch in word.chars() {
            match ch {
                '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{201C}' | '\u{201D}'
                | '\u{201E}' | '\u{2032}' | '\u{02BC}' | '`' | '\u{00B4}' => out.push('\''),
                _ => out.extend(ch.to_lowercase()),
            }
        }
    }
    while out.ends_with('.') || out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The file's name for messages ("survey.csv"), or the whole path if it has none.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// " Did you mean \"a\" or \"b\"?" for the names closest to `wanted`, or "".
pub fn suggest<'a>(wanted: &str, names: impl Iterator<Item = &'a str>) -> String {
    let w = wanted.to_lowercase();
    let mut scored: Vec<(f64, &str)> = names
        .map(|n| {
            let l = n.to_lowercase();
            let contains = !w.is_empty() && (l.contains(&w) || w.contains(&l));
            let score = strsim::jaro_winkler(&w, &l).max(if contains { 0.9 } else { 0.0 });
            (score, n)
        })
        .filter(|(s, _)| *s >= 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let best: Vec<String> = scored
        .iter()
        .take(3)
        .map(|(_, n)| format!("\"{n}\""))
        .collect();
    match best.len() {
        0 => String::new(),
        1 => format!(" Did you mean {}?", best[0]),
        _ => format!(
            " Did you mean {} or {}?",
            best[..best.len() - 1].join(", "),
            best[best.len() - 1]
        ),
    }
}

/// Degrees of freedom in words: whole numbers without decimals, others to one decimal.
pub fn format_df(df: f64) -> String {
    if df.fract() == 0.0 && df.abs() < 1e15 {
        format!("{df:.0}")
    } else {
        format!("{df:.1}")
    }
}

/// 1234567 → "1,234,567", as a UK council report writes counts.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_format_as_the_sheet_shows_them() {
        for (x, s) in [
            (2.0, "2"),
            (2.5, "2.5"),
            (0.1, "0.1"),
            (-0.0, "0"),
            (-3.0, "-3"),
            (1e-7, "0.0000001"),
            (123456789.0, "123456789"),
            (1.0 / 3.0, "0.3333333333333333"),
        ] {
            assert_eq!(format_number(x), s);
            assert_eq!(s.parse::<f64>().unwrap(), x, "{s} reads back");
        }
    }

    #[test]
    fn normalise_folds_case_space_quotes_and_full_stops() {
        assert_eq!(normalise("  Don\u{2019}t   KNOW.. "), "don't know");
        assert_eq!(normalise("Tend\u{00A0}to agree"), "tend to agree");
        assert_eq!(normalise("\u{201C}Fair\u{201D}"), "'fair'");
        assert_eq!(normalise(""), "");
        assert_eq!(normalise(" . "), "");
    }

    #[test]
    fn suggestions_rank_close_names() {
        let names = ["trust_council", "satisfaction", "kind", "respect"];
        let s = suggest("trust_counsil", names.iter().copied());
        assert_eq!(s, " Did you mean \"trust_council\"?");
        assert_eq!(suggest("zzzz", names.iter().copied()), "");
        let s = suggest("Trust", names.iter().copied());
        assert!(s.contains("\"trust_council\""), "{s}");
    }
}
