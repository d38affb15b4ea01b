//! Raking: adjusting base weights so the weighted sample matches known population margins
//! (age band, sex, ward …), with optional trimming and a convergence report.
//!
//! * [`Margins`] reads and checks the margins table (its columns are documented there).
//! * [`rake`] is the numeric core (iterative proportional fitting, as R's `survey::rake`);
//!   [`trim`] bounds the result (as R's `survey::trimWeights(strict = TRUE)`).
//! * [`rake_table`] rakes the rows of a [`Table`]: it reads each row's level through the
//!   codebook (so "Don't know", scale labels and numbers behave as in models), refuses rows
//!   without a level on a raking variable, and returns one weight per data row with a
//!   [`RakeReport`].

pub(crate) mod error;
mod ipf;
mod margins;

pub use error::RakeError;
pub use ipf::{
    DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE, MarginError, RakeOptions, Raked, TrimReport,
    WeightSummary, margin_error, margin_totals, rake, trim,
};
pub use margins::{Margin, MarginLevel, Margins, TargetKind};

use crate::codebook::{Codebook, Value, Variable, VariableKind, values};
use crate::spec::RakeSpec;
use rapport_read::table::Table;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How many cells a message quotes.
const MAX_EXAMPLES: usize = 3;

/// One level's population target and what the final weights give it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MarginFit {
    pub variable: String,
    pub level: String,
    /// The target raked to (shares and rounded totals already scaled, see [`Margins`]).
    pub target: f64,
    /// Sum of the final weights of the rows in this level.
    pub achieved: f64,
}

/// How raking went: what a reader needs to trust (or distrust) the weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RakeReport {
    /// The margins file as named in the spec.
    pub margins_file: String,
    /// Raking variables in the margins' order.
    pub variables: Vec<String>,
    pub base_weight: Option<String>,
    /// The total every margin was scaled to; the raked weights sum to it.
    pub population_total: f64,
    /// Sweeps over all margins done.
    pub iterations: usize,
    pub max_iterations: usize,
    pub tolerance: f64,
    /// Whether raking met every margin to `tolerance` within `max_iterations`.
    pub converged: bool,
    /// Largest `|achieved − target|` of the final (trimmed, if asked) weights.
    pub max_abs_error: f64,
    /// Largest `|achieved − target| / target` of the final weights.
    pub max_rel_error: f64,
    /// Whether the final weights meet every margin to `tolerance`: false when raking did
    /// not converge, and usually after trimming, which moves weights off the margins.
    pub margins_met: bool,
    pub trim: Option<TrimReport>,
    /// Spread of the final weights, Kish's effective n and design effect.
    pub weights: WeightSummary,
    /// Every margin level's target and achieved total.
    pub margins: Vec<MarginFit>,
}

impl RakeReport {
    /// Plain-language cautions for the report and the app; empty when all is well.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.converged {
            out.push(format!(
                "Raking to {} did not converge in {} iterations (the margins are off by up to {:.2}%), so the weights do not match the population margins. The margins may conflict with each other or with empty combinations in the sample; check them, rake on fewer variables, or merge small levels.",
                self.margins_file,
                self.iterations,
                100.0 * self.max_rel_error
            ));
        }
        if let Some(trim) = &self.trim
            && trim.trimmed > 0
        {
            out.push(format!(
                "{} raked weights were trimmed to {}–{} times the mean weight; after trimming the weighted sample misses the population margins by up to {:.2}%.",
                trim.trimmed,
                trim.relative[0],
                trim.relative[1],
                100.0 * self.max_rel_error
            ));
        }
        out
    }
}

/// Rake the rows of `table` to `margins` as `spec` says: one weight per data row (summing
/// to the population total) and the report. See the module docs.
/// Weights raked on a table: one per data row, the convergence report, and each row's
/// level of each margin (margin by margin), which design-based variances need to take out
/// the calibration (R's raked designs do the same).
#[derive(Debug, Clone)]
pub struct RakedTable {
    pub weights: Vec<f64>,
    pub report: RakeReport,
    /// `categories[m][row]`: the level index of data row `row` in margin `m`.
    pub categories: Vec<Vec<usize>>,
}

pub fn rake_table(
    table: &Table,
    codebook: &Codebook,
    spec: &RakeSpec,
    margins: &Margins,
) -> crate::Result<RakedTable> {
    let options = spec.options();
    let base = match &spec.base_weight {
        Some(column) => base_weights(table, codebook, column)?,
        None => vec![1.0; table.n_rows()],
    };
    let categories = margins
        .margins
        .iter()
        .map(|m| level_indexes(table, codebook, margins, m))
        .collect::<Result<Vec<_>, _>>()?;
    let targets = margins.targets(base.iter().sum());
    let raked = rake(&categories, &base, &targets, &options)?;
    let error = margin_error(&categories, &raked.weights, &targets);
    let achieved = margin_totals(&categories, &raked.weights, &targets);
    let fits = margins
        .margins
        .iter()
        .zip(targets.iter().zip(&achieved))
        .flat_map(|(m, (t, a))| {
            m.levels
                .iter()
                .zip(t.iter().zip(a))
                .map(|(level, (&target, &achieved))| MarginFit {
                    variable: m.variable.clone(),
                    level: level.label.clone(),
                    target,
                    achieved,
                })
        })
        .collect();
    let report = RakeReport {
        margins_file: spec.margins.display().to_string(),
        variables: margins.margins.iter().map(|m| m.variable.clone()).collect(),
        base_weight: spec.base_weight.clone(),
        population_total: targets.first().map_or(0.0, |t| t.iter().sum()),
        iterations: raked.iterations,
        max_iterations: options.max_iterations,
        tolerance: options.tolerance,
        converged: raked.converged,
        max_abs_error: error.absolute,
        max_rel_error: error.relative,
        margins_met: error.relative <= options.tolerance,
        trim: raked.trim,
        weights: WeightSummary::of(&raked.weights),
        margins: fits,
    };
    Ok(RakedTable {
        weights: raked.weights,
        report,
        categories,
    })
}

/// The base weight of every row: a numeric column whose every cell is a number above zero.
fn base_weights(table: &Table, codebook: &Codebook, column: &str) -> crate::Result<Vec<f64>> {
    let location = table.source.describe();
    let var = codebook
        .get(column)
        .ok_or_else(|| crate::EngineError::NoSuchColumn {
            location: location.clone(),
            name: column.to_string(),
            suggestion: rapport_read::text::suggest(
                column,
                table.columns.iter().map(|c| c.name.as_str()),
            ),
        })?;
    if var.kind != VariableKind::Numeric {
        return Err(crate::EngineError::UnusableColumn {
            location,
            column: column.to_string(),
            role: "the base weight".into(),
            reason: "it does not hold numbers".into(),
            advice: "Choose the column of design weights, or rake from equal weights by leaving the base weight out.".into(),
        });
    }
    let mut weights = Vec::with_capacity(table.n_rows());
    let mut bad = Examples::new(table, column);
    for (row, value) in values(table, var, false).into_iter().enumerate() {
        match value {
            Value::Number(w) if w.is_finite() && w > 0.0 => weights.push(w),
            _ => bad.add(row),
        }
    }
    match bad.count {
        0 => Ok(weights),
        count => Err(RakeError::BadBaseWeight {
            location,
            column: column.to_string(),
            count,
            examples: bad.list(),
        }
        .into()),
    }
}

/// Each data row's level index in margin `m`, matching labels as the codebook reads them.
fn level_indexes(
    table: &Table,
    codebook: &Codebook,
    margins: &Margins,
    m: &Margin,
) -> Result<Vec<usize>, RakeError> {
    let location = table.source.describe();
    let file = margins.location.clone();
    let var = codebook
        .get(&m.variable)
        .ok_or_else(|| RakeError::UnknownVariable {
            file: file.clone(),
            cell: m.cell.clone(),
            variable: m.variable.clone(),
            location: location.clone(),
            suggestion: rapport_read::text::suggest(
                &m.variable,
                table.columns.iter().map(|c| c.name.as_str()),
            ),
        })?;
    let index: HashMap<String, usize> = m
        .levels
        .iter()
        .enumerate()
        .map(|(i, l)| (rapport_read::text::normalise(&l.label), i))
        .collect();
    let mut cats = Vec::with_capacity(table.n_rows());
    let mut missing = Examples::new(table, &m.variable);
    // Data labels without a target, in first-seen order, with their rows.
    let mut unmatched: Vec<(String, Examples)> = Vec::new();
    for (row, label) in row_labels(table, var).into_iter().enumerate() {
        let Some(label) = label else {
            missing.add(row);
            continue;
        };
        match index.get(&rapport_read::text::normalise(&label)) {
            Some(&i) => cats.push(i),
            None => match unmatched.iter_mut().find(|(l, _)| *l == label) {
                Some((_, ex)) => ex.add(row),
                None => {
                    let mut ex = Examples::new(table, &m.variable);
                    ex.add(row);
                    unmatched.push((label, ex));
                }
            },
        }
    }
    if missing.count > 0 {
        return Err(RakeError::MissingLevel {
            location,
            variable: m.variable.clone(),
            count: missing.count,
            examples: missing.list(),
        });
    }
    if let Some((_, first)) = unmatched.first() {
        let levels: Vec<String> = unmatched
            .iter()
            .map(|(level, ex)| match ex.count {
                1 => format!("\"{level}\" (1 row)"),
                n => format!("\"{level}\" ({n} rows)"),
            })
            .collect();
        return Err(RakeError::LevelNotInMargins {
            file,
            location,
            variable: m.variable.clone(),
            levels: levels.join(", "),
            examples: first.list(),
        });
    }
    let mut seen = vec![false; m.levels.len()];
    for &c in &cats {
        seen[c] = true;
    }
    if let Some(empty) = seen.iter().position(|s| !s) {
        let level = &m.levels[empty];
        let available: Vec<String> = m
            .levels
            .iter()
            .zip(&seen)
            .filter(|(_, s)| **s)
            .map(|(l, _)| format!("\"{}\"", l.label))
            .collect();
        return Err(RakeError::LevelNotInData {
            at: format!("{file}, {}", level.cell),
            variable: m.variable.clone(),
            level: level.label.clone(),
            location,
            available: available.join(", "),
        });
    }
    Ok(cats)
}

/// Each row's level label, `None` when it has none (a missing answer, stray text in a
/// numeric column, a date). Free-text columns (too many distinct labels to be detected as
/// categories, e.g. 40 wards) use their cell text, so long lists of areas can be raked.
fn row_labels(table: &Table, var: &Variable) -> Vec<Option<String>> {
    let column = table.column(&var.name);
    values(table, var, true)
        .into_iter()
        .zip(0..)
        .map(|(value, row)| match value {
            Value::Label(l) => Some(l.to_string()),
            Value::Invalid(_) if var.kind == VariableKind::Text => column
                .and_then(|c| c.get(row))
                .map(|c| c.display().trim().to_string()),
            Value::Number(_) | Value::Missing(_) | Value::Invalid(_) => None,
        })
        .collect()
}

/// Counts rows and keeps the first few cell addresses with their content, for messages.
struct Examples<'a> {
    table: &'a Table,
    column: &'a str,
    count: usize,
    cells: Vec<String>,
}

impl<'a> Examples<'a> {
    fn new(table: &'a Table, column: &'a str) -> Self {
        Examples {
            table,
            column,
            count: 0,
            cells: Vec::new(),
        }
    }

    fn add(&mut self, row: usize) {
        self.count += 1;
        if self.cells.len() < MAX_EXAMPLES
            && let Some(col) = self.table.column(self.column)
        {
            let shown = match col.get(row).map(|c| c.display()) {
                Some(text) if !text.trim().is_empty() => format!("\"{}\"", text.trim()),
                _ => "blank".to_string(),
            };
            self.cells
                .push(format!("{} ({shown})", self.table.cell_ref(col, row)));
        }
    }

    fn list(&self) -> String {
        self.cells.join(", ")
    }
}

#[cfg(test)]
mod tests;
