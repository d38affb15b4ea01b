//! What the caller may correct in what the reader detects: the sheet, the header row,
//! group titles, totals rows and the codebook sheet. The defaults detect it all.

/// Which sheet and header row to read; the defaults pick them automatically.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Sheet name (exact, then ignoring case) or a 1-based position such as "2" when no
    /// sheet has that name. Default: the first sheet with data rows that is neither prose
    /// (a "Read me") nor a codebook.
    pub sheet: Option<String>,
    /// One-based header row, overriding detection (0 is read as 1). Rows above it are
    /// ignored; rows below it are data.
    pub header_row: Option<usize>,
}

/// Corrections to what the reader detects around the data; the defaults detect it all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LayoutOptions {
    /// 1: no group-title row; 2: the row above the header holds group titles.
    pub header_rows: Option<usize>,
    /// Keep totals rows under the data as data rows.
    pub keep_totals_row: bool,
    pub codebook: CodebookChoice,
}

/// Which sheet's codes and labels apply to the data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CodebookChoice {
    /// The first other sheet whose header is variable / code / label, if any.
    #[default]
    Detect,
    /// None, even if one is detected.
    None,
    /// This sheet (name or 1-based position); an error if it is not a codebook.
    Sheet(String),
}
