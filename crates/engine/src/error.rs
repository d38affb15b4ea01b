//! Errors a user can meet. Each message says what went wrong, where (file, sheet, cell or
//! column) and what to do next, because the people reading them are analysts, not coders.

use crate::rake::error::RakeError;
use std::path::PathBuf;

/// Result alias for the engine.
pub type Result<T, E = EngineError> = std::result::Result<T, E>;

/// Everything that can go wrong between a file on disk and a fitted model.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// A variable named in the analysis is not a column of the sheet.
    #[error(
        "{location} has no column named \"{name}\".{suggestion} Column names must match the header row exactly; run `rapport describe` to list them."
    )]
    NoSuchColumn {
        location: String,
        name: String,
        suggestion: String,
    },

    /// A variable cannot play the role it was given (e.g. free text as a predictor).
    #[error("Column \"{column}\" in {location} cannot be used as {role}: {reason}. {advice}")]
    UnusableColumn {
        location: String,
        column: String,
        role: String,
        reason: String,
        advice: String,
    },

    /// Text found where a numeric column was expected.
    #[error(
        "Column \"{column}\" in {location} holds numbers but also text that is not a recognised missing answer: {examples}. Fix or blank those cells, or treat the column as categorical with --categorical \"{column}\"."
    )]
    TextInNumeric {
        location: String,
        column: String,
        examples: String,
    },

    /// A reference level was requested that the variable does not have.
    #[error(
        "Column \"{column}\" in {location} has no level \"{level}\" (among the rows the model uses) to use as the reference. Its levels are: {available}. Name one of these, spelled as in the sheet, with --reference \"{column}=LEVEL\" or in the spec's \"reference_levels\"."
    )]
    NoSuchLevel {
        location: String,
        column: String,
        level: String,
        available: String,
    },

    /// Too few complete rows for the model asked for.
    #[error(
        "The model has {parameters} coefficients but only {rows} complete rows in {location} (rows missing any model variable are left out). Use fewer predictors, or check the missing answers with `rapport describe`."
    )]
    TooFewRows {
        location: String,
        rows: usize,
        parameters: usize,
    },

    /// The outcome has no variation, so there is nothing to explain.
    #[error(
        "The outcome \"{column}\" has the same value ({value}) in every complete row of {location}, so there is no variation to explain. Choose another outcome or check the data."
    )]
    ConstantOutcome {
        location: String,
        column: String,
        value: String,
    },

    /// The analysis spec itself is wrong.
    #[error("The analysis spec {path} is not valid: {reason}. See the spec format in the README.")]
    InvalidSpec { path: String, reason: String },

    /// The model could not be fitted (numerical trouble the checks before it did not catch).
    #[error(
        "The model on {location} could not be fitted: {reason}. Check the predictors with `rapport describe`, or remove predictors that repeat each other."
    )]
    Model { location: String, reason: String },

    /// A composite scale could not be scored or its reliability computed.
    #[error(
        "The composite scale \"{name}\" could not be computed: {reason}. Check its items with `rapport describe`."
    )]
    Composite { name: String, reason: String },

    /// The input file changed since the spec recorded its SHA-256.
    #[error(
        "{path} has changed since the analysis was saved (SHA-256 was {expected}, now {actual}). Re-run on the original file, or remove \"sha256\" from the spec to accept the new data."
    )]
    ChecksumMismatch {
        path: PathBuf,
        expected: String,
        actual: String,
    },

    /// The data file could not be read into a table.
    #[error(transparent)]
    Read(#[from] rapport_read::ReadError),

    /// Weights could not be raked to the population margins.
    #[error(transparent)]
    Rake(Box<RakeError>),
}

impl EngineError {
    /// A stable machine-readable name for the kind of error (`"corrupt"`, `"no_such_column"`
    /// …), so a front end can react to it without parsing the message, which is for people.
    pub fn code(&self) -> &'static str {
        match self {
            EngineError::NoSuchColumn { .. } => "no_such_column",
            EngineError::UnusableColumn { .. } => "unusable_column",
            EngineError::TextInNumeric { .. } => "text_in_numeric",
            EngineError::NoSuchLevel { .. } => "no_such_level",
            EngineError::TooFewRows { .. } => "too_few_rows",
            EngineError::ConstantOutcome { .. } => "constant_outcome",
            EngineError::InvalidSpec { .. } => "invalid_spec",
            EngineError::Model { .. } => "model",
            EngineError::Composite { .. } => "composite",
            EngineError::ChecksumMismatch { .. } => "checksum_mismatch",
            EngineError::Read(e) => e.code(),
            EngineError::Rake(e) => e.code(),
        }
    }
}

/// Boxed, so the engine's error stays small however much a raking message carries.
impl From<RakeError> for EngineError {
    fn from(e: RakeError) -> Self {
        EngineError::Rake(Box::new(e))
    }
}
