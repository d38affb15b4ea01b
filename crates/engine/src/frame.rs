//! The design matrix for one model: outcome and predictors resolved from the sheet (or a
//! composite), categorical predictors expanded to treatment dummies, rows with any missing
//! model variable left out (listwise deletion) and counted by column and reason.

use crate::codebook::Value;
use crate::error::{EngineError, Result};
use crate::scale::MissingReason;
use crate::spec::{AnalysisSpec, BlockRole};
use crate::variables::{Encoding, Sources};
use faer::Mat;
use rapport_read::text::format_number;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Rows dropped from the model for one column and reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DroppedCount {
    pub column: String,
    pub reason: MissingReason,
    pub rows: usize,
}

/// Name R and statsmodels give the intercept.
pub const INTERCEPT: &str = "(Intercept)";

/// One column of the design matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// `(Intercept)`, the column name, or `column[T.level]` (patsy/statsmodels naming).
    pub name: String,
    /// Source variable (`None` for the intercept).
    pub variable: Option<String>,
    pub block: Option<String>,
    pub role: Option<BlockRole>,
}

/// The design matrix and outcome of one model, on the complete rows only.
#[derive(Debug, Clone)]
pub struct Frame {
    pub terms: Vec<Term>,
    /// `rows.len()` × `terms.len()`; the intercept, when present, is column 0.
    pub x: Mat<f64>,
    pub y: Vec<f64>,
    /// Data-row indexes (0-based, into the table) used by the model.
    pub rows: Vec<usize>,
    /// The design weight of each model row, when the spec names one.
    pub weights: Option<Vec<f64>>,
    /// Rows left out because some model variable was missing, each counted once.
    pub n_dropped: usize,
    /// Rows left out per column and reason (a row can count under several columns).
    pub dropped: Vec<DroppedCount>,
}

impl Frame {
    /// The design on the columns `cols` of `x`, in that order (a reduced model's).
    pub fn design(&self, cols: &[usize]) -> Mat<f64> {
        Mat::from_fn(self.rows.len(), cols.len(), |i, j| self.x[(i, cols[j])])
    }
}

const OUTCOME: &str = "the outcome";
const PREDICTOR: &str = "a predictor";

/// Build the design matrix for `spec` from `sources`.
///
/// Categorical predictors get treatment (dummy) coding against a reference level: the one
/// named in `spec.reference_levels`, else the first level of a recognised scale, else the
/// most frequent level among the complete rows (ties: the first in level order). Dummy
/// columns are named `column[T.level]` as patsy/statsmodels do, and appear in level order
/// (scale order; numbers ascending; text in code-point order, as patsy sorts). Levels not
/// seen in the complete rows get no column. Without an intercept the first categorical
/// predictor keeps every level (`column[level]`), as R and patsy do, so the model still
/// spans a constant.
pub fn build(sources: &Sources<'_>, spec: &AnalysisSpec) -> Result<Frame> {
    let n_rows = sources.table.n_rows();
    let outcome = sources.resolve(
        &spec.outcome,
        OUTCOME,
        spec.categorical.contains(&spec.outcome),
        true,
    )?;
    let mut predictors = Vec::new();
    for (block, name) in spec.predictors() {
        let forced = spec.categorical.iter().any(|c| c == name);
        predictors.push((
            block,
            name,
            sources.resolve(name, PREDICTOR, forced, false)?,
        ));
    }
    for name in spec.reference_levels.keys() {
        if !spec.predictors().any(|(_, p)| p == name) {
            return Err(EngineError::InvalidSpec {
                path: sources.location(),
                reason: format!(
                    "a reference level is set for \"{name}\", which is not a predictor"
                ),
            });
        }
    }

    // Listwise deletion, counted per column and reason.
    let mut counts: BTreeMap<(usize, MissingReason), usize> = BTreeMap::new();
    let mut rows = Vec::with_capacity(n_rows);
    let design = crate::sampling::design_values(sources, &spec.design)?;
    let all: Vec<(&str, &Vec<Value>)> = std::iter::once((spec.outcome.as_str(), &outcome.values))
        .chain(predictors.iter().map(|(_, n, r)| (*n, &r.values)))
        .chain(design.iter().map(|(n, v)| (n.as_str(), v)))
        .collect();
    for row in 0..n_rows {
        let mut complete = true;
        for (k, (_, values)) in all.iter().enumerate() {
            if let Some(Value::Missing(reason)) = values.get(row) {
                *counts.entry((k, *reason)).or_default() += 1;
                complete = false;
            }
        }
        if complete {
            rows.push(row);
        }
    }
    let dropped = counts
        .into_iter()
        .map(|((k, reason), n)| DroppedCount {
            column: all[k].0.to_string(),
            reason,
            rows: n,
        })
        .collect();

    let y: Vec<f64> = rows.iter().map(|&r| number(&outcome.values[r])).collect();
    let weights = spec.design.weight.as_ref().map(|w| {
        let (_, values) = design
            .iter()
            .find(|(n, _)| n == w)
            .expect("weight resolved");
        rows.iter().map(|&r| number(&values[r])).collect()
    });

    let mut terms = Vec::new();
    let mut columns: Vec<Vec<f64>> = Vec::new();
    if spec.intercept {
        terms.push(Term {
            name: INTERCEPT.to_string(),
            variable: None,
            block: None,
            role: None,
        });
        columns.push(vec![1.0; rows.len()]);
    }
    let mut full_rank_used = spec.intercept;
    // Each predictor's values are dropped once its columns are built, so the values of
    // every predictor and the design matrix are never held together.
    drop(all);
    drop(design);
    for (block, name, resolved) in predictors {
        let term = |term: String| Term {
            name: term,
            variable: Some(name.to_string()),
            block: Some(block.name.clone()),
            role: Some(block.role),
        };
        match &resolved.encoding {
            Encoding::Numeric => {
                terms.push(term(name.to_string()));
                columns.push(rows.iter().map(|&r| number(&resolved.values[r])).collect());
            }
            Encoding::Categorical { scale_order } => {
                let labels: Vec<&str> = rows.iter().map(|&r| label(&resolved.values[r])).collect();
                let levels = observed_levels(&labels, scale_order.as_deref());
                let keep_all = !full_rank_used;
                full_rank_used = true;
                let reference = if keep_all {
                    None
                } else {
                    Some(reference_level(
                        &sources.location(),
                        name,
                        &levels,
                        &labels,
                        scale_order.is_some(),
                        spec,
                    )?)
                };
                for level in levels
                    .iter()
                    .filter(|l| Some(l.as_str()) != reference.as_deref())
                {
                    let term_name = match keep_all {
                        true => format!("{name}[{level}]"),
                        false => format!("{name}[T.{level}]"),
                    };
                    terms.push(term(term_name));
                    columns.push(
                        labels
                            .iter()
                            .map(|l| f64::from(u8::from(l == level)))
                            .collect(),
                    );
                }
            }
        }
    }

    let p = columns.len();
    if rows.len() <= p {
        return Err(EngineError::TooFewRows {
            location: sources.location(),
            rows: rows.len(),
            parameters: p,
        });
    }
    if let Some(first) = y.first()
        && y.iter().all(|v| v == first)
    {
        return Err(EngineError::ConstantOutcome {
            location: sources.location(),
            column: spec.outcome.clone(),
            value: format_number(*first),
        });
    }
    let x = Mat::from_fn(rows.len(), p, |i, j| columns[j][i]);
    Ok(Frame {
        terms,
        x,
        y,
        n_dropped: n_rows - rows.len(),
        rows,
        weights,
        dropped,
    })
}

/// The number in a complete row (complete rows hold only numbers for numeric variables).
fn number(v: &Value) -> f64 {
    match v {
        Value::Number(x) => *x,
        _ => f64::NAN,
    }
}

/// The label in a complete row of a categorical variable.
fn label(v: &Value) -> &str {
    match v {
        Value::Label(l) => l,
        _ => "",
    }
}

/// Distinct labels in level order: scale order when known, numbers ascending, else text
/// in code-point order.
fn observed_levels(labels: &[&str], scale_order: Option<&[String]>) -> Vec<String> {
    let mut distinct: Vec<&str> = labels.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    if let Some(order) = scale_order {
        return order
            .iter()
            .filter(|l| distinct.contains(&l.as_str()))
            .cloned()
            .collect();
    }
    let numeric: Option<Vec<f64>> = distinct.iter().map(|l| l.parse::<f64>().ok()).collect();
    if let Some(nums) = numeric {
        let mut pairs: Vec<(f64, &str)> = nums.into_iter().zip(distinct.iter().copied()).collect();
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        return pairs.into_iter().map(|(_, l)| l.to_string()).collect();
    }
    distinct.into_iter().map(str::to_string).collect()
}

/// The reference level for `name`: the spec's choice, else the first scale level, else the
/// most frequent level (first in level order on ties).
fn reference_level(
    location: &str,
    name: &str,
    levels: &[String],
    labels: &[&str],
    is_scale: bool,
    spec: &AnalysisSpec,
) -> Result<String> {
    if let Some(wanted) = spec.reference_levels.get(name) {
        return levels
            .iter()
            .find(|l| *l == wanted)
            .cloned()
            .ok_or_else(|| EngineError::NoSuchLevel {
                location: location.to_string(),
                column: name.to_string(),
                level: wanted.clone(),
                available: levels.join(", "),
            });
    }
    if is_scale {
        return Ok(levels.first().cloned().unwrap_or_default());
    }
    let mut best: Option<(&String, usize)> = None;
    for level in levels {
        let n = labels.iter().filter(|l| **l == level.as_str()).count();
        if best.is_none_or(|(_, b)| n > b) {
            best = Some((level, n));
        }
    }
    Ok(best.map(|(l, _)| l.clone()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_sort_numbers_numerically_and_keep_scale_order() {
        let labels = ["10", "2", "1", "2"];
        assert_eq!(observed_levels(&labels, None), ["1", "2", "10"]);
        let labels = ["Agree", "Disagree"];
        let order: Vec<String> = ["Disagree", "Neutral", "Agree"].map(String::from).to_vec();
        assert_eq!(
            observed_levels(&labels, Some(&order)),
            ["Disagree", "Agree"]
        );
        let labels = ["b", "a", "B"];
        assert_eq!(observed_levels(&labels, None), ["B", "a", "b"]);
    }
}
