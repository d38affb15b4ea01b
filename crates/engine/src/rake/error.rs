//! What can stop raking. Each message names the margins file or the data, the row or cell,
//! and what to change, because the reader is an analyst preparing a weighting table.

/// Why weights could not be raked to the margins.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RakeError {
    /// A raking setting is out of range.
    #[error(
        "The raking settings are not valid: {reason}. Fix the \"rake\" part of the analysis spec."
    )]
    Options { reason: String },

    /// The numeric core was called with inconsistent input (a defect in the caller).
    #[error(
        "Raking was given inconsistent input ({reason}). This is a bug in Rapport; please report it together with the analysis spec."
    )]
    Input { reason: String },

    /// The margins table lacks the columns it needs.
    #[error(
        "{file} is not a margins table: it needs the columns \"variable\", \"level\" and either \"target\" (population counts) or \"share\" (proportions or percentages) under one header row, but its header row has {found}. Add those headings and try again."
    )]
    MarginsLayout { file: String, found: String },

    /// One cell of the margins table is blank, not a number, not positive or repeated.
    #[error("In the margins {file}, {cell}: {reason}. {advice}")]
    MarginsCell {
        file: String,
        cell: String,
        reason: String,
        advice: String,
    },

    /// The variables' population counts add up to different totals.
    #[error(
        "The margins in {file} describe populations of different sizes: {totals}. Each variable's targets must add up to the same population total (to within 0.1%); correct the counts, or give every variable's targets as shares instead."
    )]
    MarginsTotals { file: String, totals: String },

    /// The shares of one variable add up to neither 1 nor 100.
    #[error(
        "In the margins {file}, the shares for \"{variable}\" add up to {total}, not to 1 (proportions) or 100 (percentages). Correct them so they add up to one of these (to within 0.1%)."
    )]
    SharesTotal {
        file: String,
        variable: String,
        total: String,
    },

    /// The margins name a variable the data do not have.
    #[error(
        "In the margins {file}, {cell}: the variable \"{variable}\" is not a column of {location}.{suggestion} Variable names in the margins must match the data's header row exactly; run `rapport describe` to list them."
    )]
    UnknownVariable {
        file: String,
        cell: String,
        variable: String,
        location: String,
        suggestion: String,
    },

    /// A level of the margins has no respondents, so no weight can be raised to its target.
    #[error(
        "In the margins {at}: no respondent in {location} has \"{level}\" for \"{variable}\", so no weight can be raised to its target. The data's levels are: {available}. Check the spelling, or merge the level with a neighbouring one in the margins."
    )]
    LevelNotInData {
        /// File and cell of the level in the margins.
        at: String,
        variable: String,
        level: String,
        location: String,
        available: String,
    },

    /// Levels of the data with no target in the margins.
    #[error(
        "Column \"{variable}\" in {location} has levels that the margins {file} give no target for: {levels} (first rows: {examples}). Add a row to the margins for each (variable \"{variable}\" and the level as written in the data), or correct those cells."
    )]
    LevelNotInMargins {
        file: String,
        location: String,
        variable: String,
        /// Each level with its row count: `"35-44" (188 rows), "75+" (1 row)`.
        levels: String,
        /// The first cells of the first level.
        examples: String,
    },

    /// Respondents without a usable answer on a raking variable.
    #[error(
        "Column \"{variable}\" in {location} has no usable answer in {count} rows (first: {examples}), and raking needs every respondent's level on each raking variable. Fill in those cells (for example with a level imputed from the respondent's other answers), or rake on other variables."
    )]
    MissingLevel {
        location: String,
        variable: String,
        count: usize,
        examples: String,
    },

    /// Base weights that are missing, zero, negative or not numbers.
    #[error(
        "The base weight column \"{column}\" in {location} has {count} cells that are not numbers above zero (first: {examples}). Every respondent needs a base weight above zero: fix those cells, or choose another base weight column."
    )]
    BadBaseWeight {
        location: String,
        column: String,
        count: usize,
        examples: String,
    },

    /// Trimming could not keep the weights inside the bounds.
    #[error(
        "The raked weights could not be trimmed to {lower}–{upper} times the mean weight: {reason}. Widen the trimming bounds, or rake on fewer or coarser margins."
    )]
    Trim {
        lower: f64,
        upper: f64,
        reason: String,
    },
}

impl RakeError {
    /// A stable machine-readable name for the kind of error, for front ends.
    pub fn code(&self) -> &'static str {
        match self {
            RakeError::Options { .. } => "rake_options",
            RakeError::Input { .. } => "rake_input",
            RakeError::MarginsLayout { .. }
            | RakeError::MarginsCell { .. }
            | RakeError::MarginsTotals { .. }
            | RakeError::SharesTotal { .. } => "rake_margins",
            RakeError::UnknownVariable { .. } => "rake_unknown_variable",
            RakeError::LevelNotInData { .. } | RakeError::LevelNotInMargins { .. } => "rake_levels",
            RakeError::MissingLevel { .. } => "rake_missing_level",
            RakeError::BadBaseWeight { .. } => "rake_base_weight",
            RakeError::Trim { .. } => "rake_trim",
        }
    }
}
