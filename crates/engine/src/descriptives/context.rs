//! What every descriptive is computed against: the table, codebook and design, and each
//! variable's answers on the design rows.

use super::estimate::{
    Estimate, mean_estimate, proportion_estimate, ratio_mean_variances_of, ratio_means,
};
use super::output::{LevelShare, MissingShare, VariableSummary};
use crate::codebook::{self, Codebook, Value, Variable, VariableKind};
use crate::error::{EngineError, Result};
use crate::scale::MissingReason;
use faer::Mat;
use rapport_read::table::Table;
use rapport_read::text::{format_number, suggest};
use rapport_stats::survey::Design;
use std::collections::BTreeMap;

/// Numeric columns with more distinct values than this cannot be a crosstab's side.
pub(crate) const MAX_CROSSTAB_LEVELS: usize = 30;

/// A numeric column of distinct whole numbers with at least this many answers is read as
/// a respondent number and left out of "every variable".
pub(crate) const MIN_ID_ROWS: usize = 10;

/// What every descriptive is computed against.
pub(crate) struct Context<'a> {
    pub(crate) table: &'a Table,
    pub(crate) codebook: &'a Codebook,
    pub(crate) design: &'a Design,
    pub(crate) data_rows: &'a [usize],
    pub(crate) total_weight: f64,
    pub(crate) df: usize,
    pub(crate) level: f64,
}

/// One design row's answer to a variable.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Answer {
    Level(usize),
    Number(f64),
    Missing(MissingReason),
    Invalid,
}

/// A variable's answers on the design rows, with its level labels (none for numbers).
pub(crate) struct Item {
    pub(crate) labels: Vec<String>,
    /// Score of each level on a scale (`None`: unordered categories, booleans).
    pub(crate) scores: Vec<Option<f64>>,
    pub(crate) answers: Vec<Answer>,
}

impl Item {
    /// Distinct whole numbers in every answer: a respondent number, not a measurement.
    pub(crate) fn is_id(&self) -> bool {
        let mut numbers: Vec<f64> = Vec::new();
        for a in &self.answers {
            match a {
                Answer::Number(x) if x.fract() == 0.0 => numbers.push(*x),
                Answer::Number(_) | Answer::Level(_) => return false,
                Answer::Missing(_) | Answer::Invalid => {}
            }
        }
        numbers.sort_by(f64::total_cmp);
        numbers.len() >= MIN_ID_ROWS && numbers.windows(2).all(|w| w[0] != w[1])
    }

    /// Design rows with an answer, in order.
    pub(crate) fn answered(&self) -> Vec<usize> {
        (0..self.answers.len())
            .filter(|&d| matches!(self.answers[d], Answer::Level(_) | Answer::Number(_)))
            .collect()
    }
}

impl<'a> Context<'a> {
    pub(crate) fn new(
        table: &'a Table,
        codebook: &'a Codebook,
        design: &'a Design,
        data_rows: &'a [usize],
        level: f64,
    ) -> Result<Self> {
        let n = table.n_rows();
        if data_rows.len() != design.len() || data_rows.iter().any(|&r| r >= n) {
            return Err(EngineError::InvalidSpec {
                path: table.source.describe(),
                reason: format!(
                    "the survey design has {} rows but {} data rows were given for a sheet of {n}",
                    design.len(),
                    data_rows.len()
                ),
            });
        }
        let all: Vec<usize> = (0..design.len()).collect();
        Ok(Context {
            table,
            codebook,
            design,
            data_rows,
            total_weight: design.weights().iter().sum(),
            df: design.df(&all),
            level,
        })
    }

    pub(crate) fn variable(&self, name: &str) -> Result<&'a Variable> {
        self.codebook
            .get(name)
            .ok_or_else(|| EngineError::NoSuchColumn {
                location: self.table.source.describe(),
                name: name.to_string(),
                suggestion: suggest(
                    name,
                    self.codebook.variables.iter().map(|v| v.name.as_str()),
                ),
            })
    }

    /// A variable's answers on the design rows. With `numbers_as_levels`, a numeric
    /// column's distinct values become its levels in ascending order, as R's
    /// `factor(x)` makes them.
    pub(crate) fn item(&self, var: &Variable, numbers_as_levels: bool, role: &str) -> Result<Item> {
        if !describable(&var.kind) {
            return Err(EngineError::UnusableColumn {
                location: self.table.source.describe(),
                column: var.name.clone(),
                role: role.to_string(),
                reason: "it holds no answers that can be counted (free text, dates or nothing)"
                    .to_string(),
                advice: "Leave it out, or code its answers into categories first.".to_string(),
            });
        }
        // Values of the column's distinct cells, and which one each row holds.
        let coded = codebook::coded_values(self.table, var, false);
        let value_of = |r: usize| -> Option<&Value> {
            let (col, values) = coded.as_ref()?;
            values[col.codes()[r] as usize].as_ref()
        };
        let mut labels: Vec<String> = var.levels.iter().map(|l| l.label.clone()).collect();
        if var.kind == VariableKind::Categorical {
            // Unordered categories in code-point order, as patsy and R's factor() sort them
            // (age bands such as "16-24" … "75+" then read in order).
            labels.sort();
        }
        let mut scores: Vec<Option<f64>> = match var.kind {
            VariableKind::Scale { .. } => var.levels.iter().map(|l| l.score).collect(),
            _ => vec![None; labels.len()],
        };
        let mut distinct: Vec<f64> = Vec::new();
        if numbers_as_levels && var.kind == VariableKind::Numeric {
            distinct = self
                .data_rows
                .iter()
                .filter_map(|&r| match value_of(r) {
                    Some(Value::Number(x)) => Some(*x),
                    _ => None,
                })
                .collect();
            distinct.sort_by(f64::total_cmp);
            distinct.dedup();
            if distinct.len() > MAX_CROSSTAB_LEVELS {
                return Err(EngineError::UnusableColumn {
                    location: self.table.source.describe(),
                    column: var.name.clone(),
                    role: role.to_string(),
                    reason: format!(
                        "it has {} different numbers, more than the {MAX_CROSSTAB_LEVELS} a table can show",
                        distinct.len()
                    ),
                    advice: "Group its values into bands in a new column first.".to_string(),
                });
            }
            labels = distinct.iter().map(|&x| format_number(x)).collect();
            scores = vec![None; labels.len()];
        }
        let answer = |value: &Option<Value>| match value {
            Some(Value::Missing(reason)) => Answer::Missing(*reason),
            None | Some(Value::Invalid(_)) => Answer::Invalid,
            Some(Value::Label(label)) => labels
                .iter()
                .position(|l| **l == **label)
                .map_or(Answer::Invalid, Answer::Level),
            Some(Value::Number(x)) if !var.levels.is_empty() => var
                .levels
                .iter()
                .position(|l| l.score == Some(*x))
                .map_or(Answer::Invalid, Answer::Level),
            Some(Value::Number(x)) if !distinct.is_empty() => distinct
                .iter()
                .position(|d| d == x)
                .map_or(Answer::Invalid, Answer::Level),
            Some(Value::Number(x)) => Answer::Number(*x),
        };
        let answers = match &coded {
            Some((col, values)) => {
                let by_entry: Vec<Answer> = values.iter().map(answer).collect();
                self.data_rows
                    .iter()
                    .map(|&r| by_entry[col.codes()[r] as usize])
                    .collect()
            }
            None => vec![Answer::Invalid; self.data_rows.len()],
        };
        Ok(Item {
            labels,
            scores,
            answers,
        })
    }

    /// Weighted share of all respondents among `rows`.
    pub(crate) fn share_of_all(&self, rows: impl Iterator<Item = usize>) -> f64 {
        let w = self.design.weights();
        rows.map(|d| w[d]).sum::<f64>() / self.total_weight
    }

    pub(crate) fn summarise(&self, var: &Variable, item: &Item) -> VariableSummary {
        let answered = item.answered();
        // Numbers, or scale scores (never category positions).
        let value = |d: usize| match item.answers[d] {
            Answer::Number(x) => Some(x),
            Answer::Level(i) => item.scores[i],
            Answer::Missing(_) | Answer::Invalid => None,
        };
        let mean = answered
            .iter()
            .all(|&d| value(d).is_some())
            .then(|| self.mean_of(&answered, |d| value(d).unwrap_or(f64::NAN)))
            .flatten();
        let levels = if item.labels.is_empty() {
            Vec::new()
        } else {
            self.level_shares(item, &answered)
        };
        let mut missing: BTreeMap<MissingReason, Vec<usize>> = BTreeMap::new();
        for (d, a) in item.answers.iter().enumerate() {
            if let Answer::Missing(reason) = a {
                missing.entry(*reason).or_default().push(d);
            }
        }
        let invalid: Vec<usize> = (0..item.answers.len())
            .filter(|&d| item.answers[d] == Answer::Invalid)
            .collect();
        VariableSummary {
            variable: var.name.clone(),
            scale: match &var.kind {
                VariableKind::Scale { scale } => Some(scale.name.clone()),
                _ => None,
            },
            n: answered.len(),
            answered_of_all: self.share_of_all(answered.iter().copied()),
            mean,
            levels,
            missing: missing
                .into_iter()
                .map(|(reason, rows)| MissingShare {
                    reason,
                    label: reason.label().to_string(),
                    n: rows.len(),
                    proportion_of_all: self.share_of_all(rows.into_iter()),
                })
                .collect(),
            invalid_n: invalid.len(),
            invalid_of_all: self.share_of_all(invalid.into_iter()),
        }
    }

    /// The weighted mean of `value` over the answered rows with its t interval.
    pub(crate) fn mean_of(&self, rows: &[usize], value: impl Fn(usize) -> f64) -> Option<Estimate> {
        let y = Mat::from_fn(rows.len(), 1, |i, _| value(rows[i]));
        let (m, v) = ratio_means(self.design, rows, y.as_ref())?;
        Some(mean_estimate(m[0], v[(0, 0)], self.df, self.level))
    }

    /// Each level's unweighted count and weighted share of the answers, as R's
    /// `svymean(~factor, design, na.rm = TRUE)` estimates the level indicators.
    pub(crate) fn level_shares(&self, item: &Item, answered: &[usize]) -> Vec<LevelShare> {
        let k = item.labels.len();
        let level = |d: usize| match item.answers[d] {
            Answer::Level(i) => i,
            _ => usize::MAX,
        };
        let indicators = |i: usize, out: &mut [f64]| {
            out.fill(0.0);
            if let Some(x) = out.get_mut(level(answered[i])) {
                *x = 1.0;
            }
        };
        let Some((p, v)) = ratio_mean_variances_of(self.design, answered, k, indicators) else {
            return Vec::new();
        };
        let mut counts = vec![0usize; k];
        for &d in answered {
            if let Some(c) = counts.get_mut(level(d)) {
                *c += 1;
            }
        }
        (0..k)
            .map(|j| LevelShare {
                label: item.labels[j].clone(),
                n: counts[j],
                proportion: proportion_estimate(p[j], v[j], self.df, self.level),
            })
            .collect()
    }
}

/// Kinds described by default: answers that can be counted or averaged.
pub(crate) fn describable(kind: &VariableKind) -> bool {
    matches!(
        kind,
        VariableKind::Numeric
            | VariableKind::Scale { .. }
            | VariableKind::Categorical
            | VariableKind::Boolean
    )
}
