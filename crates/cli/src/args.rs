//! Command-line arguments. `fit` is shorthand for a spec; `run` reads a saved one.

use clap::{Args, Parser, Subcommand, ValueEnum};
use rapport_engine::spec::{AnalysisSpec, BlockRole, PredictorBlock};
use std::path::PathBuf;

/// Rapport: how much of trust in public services comes from relationships, how much from
/// performance? Reads survey spreadsheets (xlsx, xlsm, xlsb, xls, ods, csv, tsv) and fits
/// models with numbers that match R and statsmodels. Nothing is sent over the network.
#[derive(Debug, Parser)]
#[command(name = "rapport", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the sheets of a workbook with their detected header rows and sizes.
    Sheets {
        /// The survey file.
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Describe each variable: detected kind and scale, levels in order, valid and missing
    /// answers by reason.
    Describe {
        /// The survey file.
        file: PathBuf,
        #[command(flatten)]
        source: SourceArgs,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Fit a linear regression of an outcome on predictors.
    Fit(Box<FitArgs>),
    /// Run a saved analysis spec (JSON).
    Run {
        /// The spec file, e.g. samples/riverside-trust.json.
        spec: PathBuf,
        #[command(flatten)]
        output: Output,
    },
}

/// Which sheet and header row to read.
#[derive(Debug, Clone, Args)]
pub struct SourceArgs {
    /// Sheet name, or its position counting from 1 (default: the first sheet with data).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Header row number as Excel shows it (default: detected).
    #[arg(long, value_name = "ROW")]
    pub header_row: Option<usize>,
}

/// How to print results and whether to write a report.
#[derive(Debug, Clone, Args)]
pub struct Output {
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also write the formatted Excel report to this path.
    #[arg(long, value_name = "OUT.xlsx")]
    pub report: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text for people.
    Table,
    /// JSON for programs (floats at full precision).
    Json,
}

/// `rapport fit`: the spec's fields as flags.
#[derive(Debug, Args)]
pub struct FitArgs {
    /// The survey file.
    pub file: PathBuf,
    /// The outcome column.
    #[arg(long)]
    pub outcome: String,
    /// Predictor columns, comma-separated (a block of their own).
    #[arg(long, value_delimiter = ',', value_name = "A,B,C")]
    pub predictors: Vec<String>,
    /// Relational-experience predictors (kindness, respect, …), comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "A,B")]
    pub relational: Vec<String>,
    /// Transactional-performance predictors (waiting, resolution, …), comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "A,B")]
    pub transactional: Vec<String>,
    /// Control variables (age, tenure, …), comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "A,B")]
    pub controls: Vec<String>,
    #[command(flatten)]
    pub source: SourceArgs,
    /// Treat this numeric column as unordered categories (repeatable).
    #[arg(long, value_name = "COLUMN")]
    pub categorical: Vec<String>,
    /// Reference level of a categorical predictor, as COLUMN=LEVEL (repeatable).
    #[arg(long, value_name = "COLUMN=LEVEL", value_parser = parse_reference)]
    pub reference: Vec<(String, String)>,
    /// Fit without an intercept (R² is then uncentred, as R reports it).
    #[arg(long)]
    pub no_intercept: bool,
    #[command(flatten)]
    pub output: Output,
}

fn parse_reference(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((c, l)) if !c.trim().is_empty() => Ok((c.trim().to_string(), l.trim().to_string())),
        _ => Err(format!("expected COLUMN=LEVEL, got \"{s}\"")),
    }
}

impl FitArgs {
    /// The spec these flags describe.
    pub fn to_spec(&self) -> AnalysisSpec {
        let blocks = [
            ("Predictors", BlockRole::Other, &self.predictors),
            (
                BlockRole::Relational.label(),
                BlockRole::Relational,
                &self.relational,
            ),
            (
                BlockRole::Transactional.label(),
                BlockRole::Transactional,
                &self.transactional,
            ),
            (
                BlockRole::Control.label(),
                BlockRole::Control,
                &self.controls,
            ),
        ]
        .into_iter()
        .filter(|(_, _, p)| !p.is_empty())
        .map(|(name, role, predictors)| PredictorBlock {
            name: name.to_string(),
            role,
            predictors: predictors.iter().map(|p| p.trim().to_string()).collect(),
        })
        .collect();
        let mut spec = AnalysisSpec::new(&self.file, &self.outcome, blocks);
        spec.data.sheet = self.source.sheet.clone();
        spec.data.header_row = self.source.header_row;
        spec.categorical = self.categorical.clone();
        spec.reference_levels = self.reference.iter().cloned().collect();
        spec.intercept = !self.no_intercept;
        spec
    }
}
