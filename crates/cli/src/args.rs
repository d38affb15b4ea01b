//! Command-line arguments. `fit` is shorthand for a spec; `run` reads a saved one.

use clap::{Args, Parser, Subcommand, ValueEnum};
use rapport_engine::codebook::Codebook;
use rapport_engine::spec::DataSource;
use rapport_engine::spec::RakeSpec;
use rapport_engine::spec::{AnalysisSpec, BlockRole, Family, PredictorBlock};
use rapport_engine::spec::{DriversSpec, PerformanceMeasure};
use rapport_read::table::Table;
use rapport_stats::variance::VarianceKind;
use std::path::{Path, PathBuf};

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
    /// Run a saved analysis spec (JSON); model flags override the spec's settings.
    Run {
        /// The spec file, e.g. samples/riverside-trust.json.
        spec: PathBuf,
        #[command(flatten)]
        model: ModelArgs,
        #[command(flatten)]
        output: Output,
    },
    /// Key-driver analysis of a saved spec: how much of the explained outcome each block and
    /// each experience accounts for (Shapley shares with bootstrap intervals), ranked, with
    /// the importance × performance quadrant. Prints only that section.
    Drivers {
        /// The spec file, e.g. samples/riverside-trust.json.
        spec: PathBuf,
        #[command(flatten)]
        model: ModelArgs,
        #[command(flatten)]
        output: Output,
        /// Also write the key drivers as a tidy CSV table (one row per block and per item).
        #[arg(long, value_name = "OUT.csv")]
        csv: Option<PathBuf>,
    },
    /// Rake the weights to population margins and save a copy of the data with the raked
    /// weight as a new column (the input file is never changed).
    Rake(Box<RakeArgs>),
}

/// `rapport rake`: weights raked to population margins, saved in a copy.
#[derive(Debug, Args)]
pub struct RakeArgs {
    /// The survey file.
    pub file: PathBuf,
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub weighting: RakeFlags,
    /// Where to write the copy with the weight column (.xlsx or .csv).
    #[arg(long, value_name = "COPY.xlsx")]
    pub out: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Raking to population margins.
#[derive(Debug, Clone, Default, Args)]
pub struct RakeFlags {
    /// Population margins to rake the weights to: a csv or xlsx table with columns
    /// variable, level, target (or share).
    #[arg(long, value_name = "MARGINS.csv")]
    pub margins: Option<PathBuf>,
    /// Weight column to start raking from (default: 1 for every row).
    #[arg(long, value_name = "COLUMN", requires = "margins")]
    pub base_weight: Option<String>,
    /// Trim raked weights to these bounds relative to the mean weight, e.g. 0.3,3.
    #[arg(long, value_name = "LOW,HIGH", value_parser = parse_trim, requires = "margins")]
    pub trim: Option<[f64; 2]>,
}

impl RakeFlags {
    /// The rake section these flags describe (`None` without `--margins`).
    pub fn to_spec(&self) -> Option<RakeSpec> {
        self.margins.as_ref().map(|margins| RakeSpec {
            margins: margins.clone(),
            base_weight: self.base_weight.clone(),
            trim: self.trim,
            max_iterations: None,
            tolerance: None,
            column_name: None,
        })
    }
}

fn parse_trim(s: &str) -> Result<[f64; 2], String> {
    let usage =
        || format!("expected LOW,HIGH relative to the mean weight (e.g. 0.3,3), got \"{s}\"");
    let (low, high) = s.split_once(',').ok_or_else(usage)?;
    let low: f64 = low.trim().parse().map_err(|_| usage())?;
    let high: f64 = high.trim().parse().map_err(|_| usage())?;
    if !(low > 0.0 && low < 1.0 && high > 1.0 && high.is_finite()) {
        return Err(format!(
            "trimming bounds must satisfy 0 < LOW < 1 < HIGH (relative to the mean weight), got \"{s}\""
        ));
    }
    Ok([low, high])
}

/// Which sheet and header row to read, and corrections to what is detected around them.
#[derive(Debug, Clone, Args)]
pub struct SourceArgs {
    /// Sheet name, or its position counting from 1 (default: the first sheet with data
    /// that is not a "Read me" or a codebook).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Header row number as Excel shows it (default: detected).
    #[arg(long, value_name = "ROW")]
    pub header_row: Option<usize>,
    /// Header rows: 2 reads the row above the header as group titles, 1 never does
    /// (default: detected).
    #[arg(long, value_name = "1|2")]
    pub header_rows: Option<usize>,
    /// Keep a totals row ("Total", "All respondents") under the data as a data row.
    #[arg(long)]
    pub keep_totals_row: bool,
    /// The codebook sheet whose codes and labels apply (default: detected).
    #[arg(long, value_name = "SHEET", conflicts_with = "no_codebook")]
    pub codebook_sheet: Option<String>,
    /// Apply no codebook sheet, even if one is detected.
    #[arg(long)]
    pub no_codebook: bool,
    /// A column's missing codes as COLUMN=CODE,CODE (repeatable); they replace the codes
    /// its codebook gives as missing (COLUMN= for none).
    #[arg(long, value_name = "COLUMN=CODES", value_parser = parse_missing_codes)]
    pub missing_codes: Vec<(String, Vec<f64>)>,
    /// Score this column in reverse of the detected order (repeatable).
    #[arg(long, value_name = "COLUMN")]
    pub reverse: Vec<String>,
    /// Score this coded column in code order even though its codes run from the most
    /// positive answer down (repeatable).
    #[arg(long, value_name = "COLUMN")]
    pub not_reverse: Vec<String>,
}

impl SourceArgs {
    /// The data source these flags describe.
    pub fn data_source(&self, file: &Path) -> DataSource {
        DataSource {
            sheet: self.sheet.clone(),
            header_row: self.header_row,
            header_rows: self.header_rows,
            keep_totals_row: self.keep_totals_row,
            codebook_sheet: self.codebook_sheet.clone(),
            no_codebook: self.no_codebook,
            missing_codes: self.missing_codes.iter().cloned().collect(),
            reverse: self.reverse.clone(),
            not_reverse: self.not_reverse.clone(),
            ..DataSource::new(file)
        }
    }

    /// Read `file` as these flags say and detect its codebook (`rapport describe`).
    pub fn read(&self, file: &Path) -> Result<(Table, Codebook), String> {
        let source = self.data_source(file);
        let table = rapport_engine::input::read_source(file, &source)
            .map_err(|e| e.to_string())?
            .table;
        let codebook = Codebook::detect_with(&table, &source).map_err(|e| e.to_string())?;
        Ok((table, codebook))
    }
}

fn parse_missing_codes(s: &str) -> Result<(String, Vec<f64>), String> {
    let usage = || format!("expected COLUMN=CODE,CODE (e.g. days_waited=99,-9), got \"{s}\"");
    let (column, codes) = s.split_once('=').ok_or_else(usage)?;
    if column.trim().is_empty() {
        return Err(usage());
    }
    let codes = codes
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| {
            c.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(usage)
        })
        .collect::<Result<_, _>>()?;
    Ok((column.trim().to_string(), codes))
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
    pub model: ModelArgs,
    #[command(flatten)]
    pub output: Output,
}

/// The model family, the sampling design and the standard errors.
#[derive(Debug, Clone, Default, Args)]
pub struct ModelArgs {
    /// Model: ols (linear), logit (binary logistic) or ordinal (proportional odds).
    #[arg(long, value_name = "FAMILY", value_parser = parse_family)]
    pub family: Option<Family>,
    /// Outcome level counted as 1 in a logistic model (repeatable; default: Yes, or the
    /// upper half of a rating scale).
    #[arg(long, value_name = "LEVEL")]
    pub positive: Vec<String>,
    /// Probability (sampling) weight column.
    #[arg(long, value_name = "COLUMN")]
    pub weight: Option<String>,
    /// Strata column of the sampling design.
    #[arg(long, value_name = "COLUMN")]
    pub strata: Option<String>,
    /// Cluster (primary sampling unit) column, e.g. ward.
    #[arg(long, value_name = "COLUMN")]
    pub cluster: Option<String>,
    /// Standard errors: classical, hc0, hc1, hc2, hc3, cluster (CR1) or design (Taylor
    /// linearisation, as R's svyglm). Default: design with a weight, strata or cluster,
    /// else classical.
    #[arg(long = "se", value_name = "TYPE", value_parser = parse_variance)]
    pub variance: Option<VarianceKind>,
    #[command(flatten)]
    pub weighting: RakeFlags,
    #[command(flatten)]
    pub drivers: DriverFlags,
}

/// Key-driver analysis.
#[derive(Debug, Clone, Default, Args)]
pub struct DriverFlags {
    /// Add the key-driver analysis: each block's and each experience's share of the explained
    /// outcome, with bootstrap intervals and the importance × performance quadrant.
    #[arg(long)]
    pub drivers: bool,
    /// Bootstrap replicates for the key-driver intervals (0: none); implies --drivers.
    #[arg(long, value_name = "N")]
    pub bootstrap: Option<usize>,
    /// Seed of the key-driver bootstrap (same seed, same intervals); implies --drivers.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Performance axis of the quadrant: top-box (% in the top two answers) or mean (mean
    /// score); implies --drivers.
    #[arg(long, value_name = "top-box|mean", value_parser = parse_performance)]
    pub performance: Option<PerformanceMeasure>,
}

impl DriverFlags {
    /// Whether any flag asks for the key-driver analysis.
    pub fn any(&self) -> bool {
        self.drivers
            || self.bootstrap.is_some()
            || self.seed.is_some()
            || self.performance.is_some()
    }

    /// Turn the key-driver analysis on in `spec` (keeping its settings) and apply the
    /// flags given.
    pub fn enable(&self, spec: &mut AnalysisSpec) {
        let d = spec.drivers.get_or_insert_with(DriversSpec::default);
        if let Some(n) = self.bootstrap {
            d.bootstrap = n;
        }
        if let Some(seed) = self.seed {
            d.seed = seed;
        }
        if let Some(p) = self.performance {
            d.performance = p;
        }
    }
}

fn parse_performance(s: &str) -> Result<PerformanceMeasure, String> {
    match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
        "top-box" | "topbox" | "top-two" | "top-2" => Ok(PerformanceMeasure::TopBox),
        "mean" | "average" => Ok(PerformanceMeasure::Mean),
        _ => Err(format!("expected top-box or mean, got \"{s}\"")),
    }
}

impl ModelArgs {
    /// Apply the flags given to `spec` (flags not given leave the spec as it is).
    pub fn apply(&self, spec: &mut AnalysisSpec) {
        if let Some(family) = self.family {
            spec.family = family;
        }
        if !self.positive.is_empty() {
            spec.positive_levels = self.positive.clone();
        }
        for (flag, field) in [
            (&self.weight, &mut spec.design.weight),
            (&self.strata, &mut spec.design.strata),
            (&self.cluster, &mut spec.design.cluster),
        ] {
            if flag.is_some() {
                field.clone_from(flag);
            }
        }
        if self.variance.is_some() {
            spec.variance = self.variance;
        }
        if let Some(rake) = self.weighting.to_spec() {
            spec.rake = Some(rake);
        }
        if self.drivers.any() {
            self.drivers.enable(spec);
        }
    }
}

fn parse_variance(s: &str) -> Result<VarianceKind, String> {
    VarianceKind::ALL
        .into_iter()
        .find(|k| k.code().eq_ignore_ascii_case(s.trim()))
        .ok_or_else(|| {
            let codes: Vec<&str> = VarianceKind::ALL.iter().map(|k| k.code()).collect();
            format!("expected one of {}, got \"{s}\"", codes.join(", "))
        })
}

fn parse_family(s: &str) -> Result<Family, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "ols" | "linear" => Ok(Family::Ols),
        "logit" | "logistic" => Ok(Family::Logit),
        "ordinal" | "polr" => Ok(Family::Ordinal),
        _ => Err(format!("expected ols, logit or ordinal, got \"{s}\"")),
    }
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
        spec.data = self.source.data_source(&self.file);
        spec.categorical = self.categorical.clone();
        spec.reference_levels = self.reference.iter().cloned().collect();
        spec.intercept = !self.no_intercept;
        self.model.apply(&mut spec);
        spec
    }
}
