//! One restrained look for every sheet, and the only two ways cells are written: text that
//! can never turn into a formula, and numbers that stay numbers.
//!
//! Rows holding wrapped text get explicit heights ([`fit_row`]): Excel sizes such rows when
//! it opens a file, but LibreOffice (and so its PDF export) does not reliably. Cells are never
//! merged; long text goes either in one wide wrapped cell or on one line that overflows into
//! empty neighbours.

use rust_xlsxwriter::{
    ChartFormat, ChartSolidFill, ColNum, Color, Format, FormatAlign, FormatBorder, RowNum,
    Worksheet, XlsxError,
};

/// The single accent: a dark blue that stays distinct under every common colour-vision
/// deficiency and prints well in greyscale.
const ACCENT: u32 = 0x1F4E79;
/// A pale tint of the accent for table headers.
const TINT: u32 = 0xDDE7F0;
/// Secondary text (notes, explanations).
const MUTED: u32 = 0x595959;
/// Points per line of 11-point text (Excel's default row height).
const LINE_HEIGHT: f64 = 15.0;
/// Excel's limit on characters in one cell.
const MAX_CELL_CHARS: usize = 32_767;

/// Fixed-point format for statistics in the survey's units.
const FIXED3: &str = "#,##0.000";
/// Fixed-point formats for estimates whose standard error needs more decimals.
const FINER: [&str; 3] = ["0.0000", "0.00000", "0.000000"];
/// Scientific format for values too small or too large for fixed decimals.
const SCI: &str = "0.000E+00";
/// p-values: stays a number, but shows "<0.001" instead of a misleading "0.000".
const P_VALUE: &str = r#"[<0.001]"<0.001";0.000"#;

/// The formats used across the workbook, built once.
pub(super) struct Styles {
    pub title: Format,
    pub heading: Format,
    pub header: Format,
    pub header_number: Format,
    pub label: Format,
    pub text: Format,
    pub text_right: Format,
    pub wrap: Format,
    pub note: Format,
    pub aside: Format,
    pub aside_indented: Format,
    pub wrap_indented: Format,
    pub mono: Format,
    pub aliased: Format,
    pub count: Format,
    pub count_left: Format,
    pub percent_big: Format,
    pub number_big: Format,
    pub percent: Format,
    pub percent1: Format,
    pub percent_signless: Format,
    pub heading_small: Format,
    pub fixed1: Format,
    pub fixed2: Format,
    pub fixed3: Format,
    pub finer: [Format; 3],
    pub sci: Format,
    pub p_value: Format,
}

impl Styles {
    pub fn new() -> Styles {
        let top = Format::new().set_align(FormatAlign::Top);
        // Numbers sit right anyway; saying so keeps an "n/a" in their place too.
        let numeric = top.clone().set_align(FormatAlign::Right);
        let header = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_background_color(Color::RGB(TINT))
            .set_border_bottom(FormatBorder::Thin)
            .set_border_bottom_color(Color::RGB(ACCENT));
        let aside = Format::new()
            .set_align(FormatAlign::Top)
            .set_italic()
            .set_font_color(Color::RGB(MUTED));
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_size(18)
                .set_font_color(Color::RGB(ACCENT)),
            heading: Format::new()
                .set_bold()
                .set_font_size(13)
                .set_font_color(Color::RGB(ACCENT))
                .set_border_bottom(FormatBorder::Thin)
                .set_border_bottom_color(Color::RGB(ACCENT)),
            header_number: header.clone().set_align(FormatAlign::Right),
            header,
            label: top.clone().set_bold(),
            text: top.clone(),
            text_right: numeric.clone(),
            wrap: top.clone().set_text_wrap(),
            wrap_indented: top
                .clone()
                .set_text_wrap()
                .set_align(FormatAlign::Left)
                .set_indent(1),
            note: aside.clone().set_text_wrap(),
            aside_indented: aside.clone().set_align(FormatAlign::Left).set_indent(1),
            aside,
            mono: Format::new().set_font_name("Consolas").set_font_size(10),
            aliased: top.clone().set_italic().set_font_color(Color::RGB(MUTED)),
            count: numeric.clone().set_num_format("#,##0"),
            count_left: top
                .clone()
                .set_num_format("#,##0")
                .set_align(FormatAlign::Left),
            percent_big: top
                .set_num_format("0%")
                .set_bold()
                .set_font_size(16)
                .set_font_color(Color::RGB(ACCENT))
                .set_align(FormatAlign::Left),
            number_big: Format::new()
                .set_align(FormatAlign::Top)
                .set_num_format("0.00")
                .set_bold()
                .set_font_size(16)
                .set_font_color(Color::RGB(ACCENT))
                .set_align(FormatAlign::Left),
            percent: numeric.clone().set_num_format("0%"),
            percent1: numeric.clone().set_num_format("0.0%"),
            // Shares drawn to the left of a diverging bar are stored negative; they read as
            // shares.
            percent_signless: numeric.clone().set_num_format("0.0%;0.0%;0.0%"),
            heading_small: Format::new()
                .set_bold()
                .set_font_color(Color::RGB(ACCENT))
                .set_align(FormatAlign::Top),
            fixed1: numeric.clone().set_num_format("0.0"),
            fixed2: numeric.clone().set_num_format("0.00"),
            fixed3: numeric.clone().set_num_format(FIXED3),
            finer: FINER.map(|f| numeric.clone().set_num_format(f)),
            sci: numeric.clone().set_num_format(SCI),
            p_value: numeric.set_num_format(P_VALUE),
        }
    }

    /// The format for an estimate with standard error `se`: enough decimals to show the
    /// standard error to two significant figures (at least three), so a per-day or per-pound
    /// effect does not show as 0.000; scientific when that would need more than six, or for
    /// a wall of digits.
    pub fn estimate(&self, estimate: f64, se: f64) -> &Format {
        if estimate.abs().max(se.abs()) >= 1e8 {
            return &self.sci;
        }
        if !se.is_finite() || se == 0.0 {
            return &self.fixed3;
        }
        let decimals = (1.0 - se.abs().log10().floor()).max(3.0);
        match decimals as usize {
            3 => &self.fixed3,
            d @ 4..=6 => &self.finer[d - 4],
            _ => &self.sci,
        }
    }
}

/// Write text from anywhere (including user data) so that no spreadsheet runs it: always a
/// string cell, and text starting like a formula gets Excel's quote prefix so it also stays
/// text when someone edits the cell.
pub(super) fn text(
    ws: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    s: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    let s = clip(s);
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        ws.write_string_with_format(row, col, s, &format.clone().set_quote_prefix())?;
    } else {
        ws.write_string_with_format(row, col, s, format)?;
    }
    Ok(())
}

/// Write a number as a number; a value the statistics could not produce (NaN, infinite)
/// is shown as "n/a" in grey rather than a spreadsheet error.
pub(super) fn number(
    ws: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    x: f64,
    format: &Format,
) -> Result<(), XlsxError> {
    if x.is_finite() {
        ws.write_number_with_format(row, col, x, format)?;
        Ok(())
    } else {
        let muted = format.clone().set_font_color(Color::RGB(MUTED));
        text(ws, row, col, "n/a", &muted)
    }
}

/// Write a statistic that may be undefined (`None`) as [`number`] does, `None` as "n/a".
pub(super) fn optional(
    ws: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    x: Option<f64>,
    format: &Format,
) -> Result<(), XlsxError> {
    number(ws, row, col, x.unwrap_or(f64::NAN), format)
}

/// Write a count (row numbers, n) as a number.
pub(super) fn count(
    ws: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    n: usize,
    format: &Format,
) -> Result<(), XlsxError> {
    // Counts of survey rows are far below 2^53, so the conversion is exact.
    number(ws, row, col, n as f64, format)
}

/// A section heading underlined across columns `0..=last_col`.
pub(super) fn heading(
    ws: &mut Worksheet,
    row: RowNum,
    last_col: ColNum,
    s: &str,
    styles: &Styles,
) -> Result<(), XlsxError> {
    text(ws, row, 0, s, &styles.heading)?;
    for col in 1..=last_col {
        ws.write_blank(row, col, &styles.heading)?;
    }
    Ok(())
}

/// A row of table headers; headers of the `numeric` columns are right-aligned to sit over
/// their numbers.
pub(super) fn header_row(
    ws: &mut Worksheet,
    row: RowNum,
    headers: &[&str],
    numeric: std::ops::Range<ColNum>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    for (col, h) in (0..).zip(headers) {
        let format = if numeric.contains(&col) {
            &styles.header_number
        } else {
            &styles.header
        };
        text(ws, row, col, h, format)?;
    }
    Ok(())
}

/// Set a row tall enough for the tallest of `cells`, each (text, column width in
/// characters), when any of them wraps onto more than one line.
pub(super) fn fit_row(
    ws: &mut Worksheet,
    row: RowNum,
    cells: &[(&str, f64)],
) -> Result<(), XlsxError> {
    let lines = cells
        .iter()
        .map(|(s, width)| wrapped_lines(s, *width))
        .max()
        .unwrap_or(1);
    if lines > 1 {
        ws.set_row_height(row, LINE_HEIGHT * lines as f64 + 2.0)?;
    }
    Ok(())
}

/// Lines `s` takes when wrapped at `width` characters, counting explicit line breaks.
fn wrapped_lines(s: &str, width: f64) -> usize {
    // Width is measured in digit widths; text averages a little narrower, but words wrap
    // early, so this errs towards a spare line rather than clipped text (checked with
    // LibreOffice's wider fallback font).
    let per_line = (width * 1.05).max(1.0);
    s.split('\n')
        .map(|line| ((line.chars().count() as f64) / per_line).ceil().max(1.0) as usize)
        .sum()
}

/// `s` broken at spaces into lines of at most `width` characters (a longer word gets a line
/// of its own), for sentences written one line per row under a table, where a wrapped cell
/// would have to be merged across the table's columns.
pub(super) fn split_lines(s: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Write `s` from column A of `row` onwards, one line of at most `width` characters per row;
/// returns the row after the last.
pub(super) fn sentence(
    ws: &mut Worksheet,
    row: RowNum,
    s: &str,
    width: usize,
    format: &Format,
) -> Result<RowNum, XlsxError> {
    let mut row = row;
    for line in split_lines(s, width) {
        text(ws, row, 0, &line, format)?;
        row += 1;
    }
    Ok(row)
}

/// Widths for columns from their contents, so long names are readable without making
/// short columns sprawl.
pub(super) fn width_for<S: AsRef<str>>(
    cells: impl IntoIterator<Item = S>,
    min: f64,
    max: f64,
) -> f64 {
    let longest = cells
        .into_iter()
        .flat_map(|c| {
            c.as_ref()
                .split('\n')
                .map(|line| line.chars().count())
                .max()
        })
        .max()
        .unwrap_or(0);
    (longest as f64 + 2.0).clamp(min, max)
}

/// Landscape, one page wide, the named sheet in the footer, and `repeat` header rows on
/// every printed page.
pub(super) fn print_setup(ws: &mut Worksheet, repeat: Option<RowNum>) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_footer("&L&8Rapport report: &A&R&8Page &P of &N");
    ws.set_screen_gridlines(false);
    if let Some(row) = repeat {
        ws.set_repeat_rows(row, row)?;
    }
    Ok(())
}

/// Cut text to Excel's cell limit, so a pathological value cannot make the export fail.
fn clip(s: &str) -> &str {
    let mut units = 0;
    for (i, ch) in s.char_indices() {
        units += ch.len_utf16();
        if units > MAX_CELL_CHARS - 1 {
            return &s[..i];
        }
    }
    s
}

/// A chart element filled with one colour and no border (bars, markers).
pub(super) fn solid_fill(rgb: u32) -> ChartFormat {
    ChartFormat::new()
        .set_solid_fill(ChartSolidFill::new().set_color(rgb))
        .set_no_border()
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_keeps_short_text_and_cuts_long_text_to_the_excel_limit() {
        assert_eq!(clip("kindness"), "kindness");
        let long = "é".repeat(40_000);
        let cut = clip(&long);
        assert!(cut.encode_utf16().count() < MAX_CELL_CHARS);
        assert!(cut.len() < long.len());
    }

    #[test]
    fn wrapped_lines_counts_breaks_and_long_lines() {
        assert_eq!(wrapped_lines("short", 50.0), 1);
        assert_eq!(wrapped_lines("", 50.0), 1);
        assert_eq!(wrapped_lines("a\nb\nc", 50.0), 3);
        assert_eq!(wrapped_lines(&"x".repeat(200), 50.0), 4);
    }

    #[test]
    fn split_lines_breaks_at_spaces_within_the_width() {
        assert_eq!(split_lines("", 10), [""]);
        assert_eq!(split_lines("one two three", 7), ["one two", "three"]);
        assert_eq!(
            split_lines("unbreakable-word here", 5),
            ["unbreakable-word", "here"]
        );
        let long = "word ".repeat(100);
        assert!(
            split_lines(&long, 40)
                .iter()
                .all(|l| l.chars().count() <= 40)
        );
        assert_eq!(split_lines(&long, 40).join(" "), long.trim());
    }

    #[test]
    fn estimate_format_shows_the_standard_error_to_two_figures() {
        let s = Styles::new();
        assert!(std::ptr::eq(s.estimate(0.42, 0.05), &s.fixed3));
        assert!(std::ptr::eq(s.estimate(0.42, 0.011), &s.fixed3));
        assert!(std::ptr::eq(s.estimate(1.0, 0.0), &s.fixed3));
        assert!(std::ptr::eq(s.estimate(-0.0004, 0.0012), &s.finer[0]));
        assert!(std::ptr::eq(s.estimate(-0.0004, 0.00015), &s.finer[1]));
        assert!(std::ptr::eq(s.estimate(2e-5, 1.5e-5), &s.finer[2]));
        assert!(std::ptr::eq(s.estimate(2e-5, 1e-6), &s.sci));
        assert!(std::ptr::eq(s.estimate(2e-7, 1e-8), &s.sci));
        assert!(std::ptr::eq(s.estimate(-3.5e9, 1e3), &s.sci));
    }
}
