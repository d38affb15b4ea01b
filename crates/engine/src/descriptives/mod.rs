//! Weighted descriptives on a survey design: means and level percentages with
//! design-based intervals, crosstabs with the Rao–Scott test, and diverging-bar summaries
//! of every rating-scale item.
//!
//! Every number follows R's `survey` package on the same design: `svymean(na.rm = TRUE)`,
//! `confint(df = degf(design))`, `svyciprop(method = "logit")` and `svychisq`. Missing
//! answers ("Don't know", "Prefer not to say", blanks …) are outside every percentage base
//! and reported apart, by reason, as shares of all respondents.

mod crosstab;
mod estimate;
mod likert;

pub use crosstab::{CellShare, Crosstab, RaoScottTest};
pub use estimate::Estimate;
pub use likert::{LikertLevel, LikertSummary, Side};

use crate::codebook::{self, Codebook, Value, Variable, VariableKind, format_number};
use crate::error::{EngineError, Result};
use crate::frame::suggest;
use crate::scale::MissingReason;
use crate::survey::Design;
use crate::table::Table;
use estimate::{mean_estimate, proportion_estimate, ratio_means};
use faer::Mat;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Numeric columns with more distinct values than this cannot be a crosstab's side.
const MAX_CROSSTAB_LEVELS: usize = 30;
/// A numeric column of distinct whole numbers with at least this many answers is read as
/// a respondent number and left out of "every variable".
const MIN_ID_ROWS: usize = 10;

/// What to describe. Every field has a default, so `{}` describes every variable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields, default)]
pub struct DescriptivesSpec {
    /// Variables to describe, in this order; `None`: every scale, categorical, boolean and
    /// numeric column in sheet order, except respondent numbers, free text and dates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variables: Option<Vec<String>>,
    /// Columns left out of "every variable", such as the design's weight, strata and
    /// cluster columns.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    /// Pairs `[rows, columns]` to cross-tabulate, e.g. `[["trust_council", "age_band"]]`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub crosstabs: Vec<(String, String)>,
    /// Confidence level of every interval.
    pub level: f64,
}

impl Default for DescriptivesSpec {
    fn default() -> Self {
        DescriptivesSpec {
            variables: None,
            exclude: Vec::new(),
            crosstabs: Vec::new(),
            level: 0.95,
        }
    }
}

/// Every descriptive of one data set under one design.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Descriptives {
    pub level: f64,
    /// Design degrees of freedom of every t interval: PSUs minus strata (R `degf`).
    pub design_df: usize,
    pub variables: Vec<VariableSummary>,
    /// One diverging-bar summary per rating-scale item among `variables`.
    pub likert: Vec<LikertSummary>,
    pub crosstabs: Vec<Crosstab>,
}

/// One variable: its weighted mean and/or level shares, and its missing answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VariableSummary {
    pub variable: String,
    /// Name of the response scale (e.g. "Trust (4-point)"); `None` for other kinds.
    pub scale: Option<String>,
    /// Respondents who answered (unweighted): the base of every share in `levels`.
    pub n: usize,
    /// Weighted share of all respondents who answered.
    pub answered_of_all: f64,
    /// Weighted mean of numbers or of scale scores (1 = most negative level); `None` for
    /// categories, booleans and when nobody answered.
    pub mean: Option<Estimate>,
    /// Weighted proportion (0–1) of the answers at each level, in scale order (categories:
    /// sorted); empty for numbers and when nobody answered.
    pub levels: Vec<LevelShare>,
    /// Non-substantive answers and blanks by reason, as shares of all respondents.
    pub missing: Vec<MissingShare>,
    /// Cells that are neither an answer nor a missing reason (stray text), counted apart.
    pub invalid_n: usize,
    pub invalid_of_all: f64,
}

/// One level of a variable: how many chose it and its weighted share of the answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LevelShare {
    pub label: String,
    /// Unweighted count.
    pub n: usize,
    /// Share of the answers (0–1) with the `svyciprop` logit interval.
    pub proportion: Estimate,
}

/// Respondents who gave one kind of non-substantive answer (or none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MissingShare {
    pub reason: MissingReason,
    /// "Don't know", "Blank" …, as shown in tables and charts.
    pub label: String,
    /// Unweighted count.
    pub n: usize,
    /// Weighted share of all respondents (0–1).
    pub proportion_of_all: f64,
}

/// Describe the variables and crosstabs `spec` asks for. `data_rows` holds the data row of
/// each design row, in design order (`0..n` when the design covers every row; rows
/// without their design columns are not in the design and not described).
pub fn describe_all(
    table: &Table,
    codebook: &Codebook,
    design: &Design,
    data_rows: &[usize],
    spec: &DescriptivesSpec,
) -> Result<Descriptives> {
    let ctx = Context::new(table, codebook, design, data_rows, spec.level)?;
    let mut variables = Vec::new();
    match &spec.variables {
        Some(names) => {
            for name in names {
                let var = ctx.variable(name)?;
                let item = ctx.item(var, false, "a described variable")?;
                variables.push(ctx.summarise(var, &item));
            }
        }
        None => {
            for var in &codebook.variables {
                if spec.exclude.contains(&var.name) || !describable(&var.kind) {
                    continue;
                }
                let item = ctx.item(var, false, "a described variable")?;
                if !item.is_id() {
                    variables.push(ctx.summarise(var, &item));
                }
            }
        }
    }
    let likert = variables.iter().filter_map(LikertSummary::of).collect();
    let crosstabs = spec
        .crosstabs
        .iter()
        .map(|(rows, columns)| ctx.crosstab(rows, columns))
        .collect::<Result<_>>()?;
    Ok(Descriptives {
        level: spec.level,
        design_df: ctx.df,
        variables,
        likert,
        crosstabs,
    })
}

/// Kinds described by default: answers that can be counted or averaged.
fn describable(kind: &VariableKind) -> bool {
    matches!(
        kind,
        VariableKind::Numeric
            | VariableKind::Scale { .. }
            | VariableKind::Categorical
            | VariableKind::Boolean
    )
}

/// What every descriptive is computed against.
struct Context<'a> {
    table: &'a Table,
    codebook: &'a Codebook,
    design: &'a Design,
    data_rows: &'a [usize],
    total_weight: f64,
    df: usize,
    level: f64,
}

/// One design row's answer to a variable.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Answer {
    Level(usize),
    Number(f64),
    Missing(MissingReason),
    Invalid,
}

/// A variable's answers on the design rows, with its level labels (none for numbers).
struct Item {
    labels: Vec<String>,
    /// Score of each level on a scale (`None`: unordered categories, booleans).
    scores: Vec<Option<f64>>,
    answers: Vec<Answer>,
}

impl Item {
    /// Distinct whole numbers in every answer: a respondent number, not a measurement.
    fn is_id(&self) -> bool {
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
    fn answered(&self) -> Vec<usize> {
        (0..self.answers.len())
            .filter(|&d| matches!(self.answers[d], Answer::Level(_) | Answer::Number(_)))
            .collect()
    }
}

impl<'a> Context<'a> {
    fn new(
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

    fn variable(&self, name: &str) -> Result<&'a Variable> {
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
    fn item(&self, var: &Variable, numbers_as_levels: bool, role: &str) -> Result<Item> {
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
        let values = codebook::values(self.table, var, false);
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
                .filter_map(|&r| match values[r] {
                    Value::Number(x) => Some(x),
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
        let answers = self
            .data_rows
            .iter()
            .map(|&r| match &values[r] {
                Value::Missing(reason) => Answer::Missing(*reason),
                Value::Invalid(_) => Answer::Invalid,
                Value::Label(label) => labels
                    .iter()
                    .position(|l| l == label)
                    .map_or(Answer::Invalid, Answer::Level),
                Value::Number(x) if !var.levels.is_empty() => var
                    .levels
                    .iter()
                    .position(|l| l.score == Some(*x))
                    .map_or(Answer::Invalid, Answer::Level),
                Value::Number(x) if !distinct.is_empty() => distinct
                    .iter()
                    .position(|d| d == x)
                    .map_or(Answer::Invalid, Answer::Level),
                Value::Number(x) => Answer::Number(*x),
            })
            .collect();
        Ok(Item {
            labels,
            scores,
            answers,
        })
    }

    /// Weighted share of all respondents among `rows`.
    fn share_of_all(&self, rows: impl Iterator<Item = usize>) -> f64 {
        let w = self.design.weights();
        rows.map(|d| w[d]).sum::<f64>() / self.total_weight
    }

    fn summarise(&self, var: &Variable, item: &Item) -> VariableSummary {
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
    fn mean_of(&self, rows: &[usize], value: impl Fn(usize) -> f64) -> Option<Estimate> {
        let y = Mat::from_fn(rows.len(), 1, |i, _| value(rows[i]));
        let (m, v) = ratio_means(self.design, rows, y.as_ref())?;
        Some(mean_estimate(m[0], v[(0, 0)], self.df, self.level))
    }

    /// Each level's unweighted count and weighted share of the answers, as R's
    /// `svymean(~factor, design, na.rm = TRUE)` estimates the level indicators.
    fn level_shares(&self, item: &Item, answered: &[usize]) -> Vec<LevelShare> {
        let k = item.labels.len();
        let level = |d: usize| match item.answers[d] {
            Answer::Level(i) => i,
            _ => usize::MAX,
        };
        let y = Mat::from_fn(answered.len(), k, |i, j| {
            f64::from(u8::from(level(answered[i]) == j))
        });
        let Some((p, v)) = ratio_means(self.design, answered, y.as_ref()) else {
            return Vec::new();
        };
        (0..k)
            .map(|j| LevelShare {
                label: item.labels[j].clone(),
                n: answered.iter().filter(|&&d| level(d) == j).count(),
                proportion: proportion_estimate(p[j], v[(j, j)], self.df, self.level),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{Cell, Column, FileFormat, Source};
    use std::path::PathBuf;

    fn table(columns: Vec<(&str, Vec<Cell>)>) -> Table {
        let rows = columns[0].1.len();
        Table {
            source: Source {
                path: PathBuf::from("survey.csv"),
                format: FileFormat::Csv,
                sheet: None,
            },
            header_row: 1,
            row_numbers: (2..2 + rows).collect(),
            columns: columns
                .into_iter()
                .enumerate()
                .map(|(i, (name, cells))| Column {
                    name: name.into(),
                    sheet_col: i,
                    cells,
                })
                .collect(),
            layout: Default::default(),
        }
    }

    #[test]
    fn respondent_numbers_are_left_out_and_numbers_cross_by_value() {
        let n = 12;
        let t = table(vec![
            ("id", (1..=n).map(|i| Cell::Number(i as f64)).collect()),
            (
                "imd",
                (0..n).map(|i| Cell::Number((i % 3 + 1) as f64)).collect(),
            ),
            (
                "area",
                (0..n)
                    .map(|i| match i {
                        0 => Cell::Text("Don't know".into()),
                        _ if i % 2 == 0 => Cell::Text("North".into()),
                        _ => Cell::Text("South".into()),
                    })
                    .collect(),
            ),
        ]);
        let cb = Codebook::detect(&t);
        let rows: Vec<usize> = (0..n).collect();
        let spec = DescriptivesSpec {
            crosstabs: vec![("imd".into(), "area".into())],
            ..DescriptivesSpec::default()
        };
        let d = describe_all(&t, &cb, &Design::simple(n), &rows, &spec).unwrap();
        let names: Vec<&str> = d.variables.iter().map(|v| v.variable.as_str()).collect();
        assert_eq!(names, ["imd", "area"]);
        assert!((d.variables[0].mean.unwrap().estimate - 2.0).abs() < 1e-15);
        let area = &d.variables[1];
        assert_eq!((area.n, area.missing[0].n), (11, 1));
        assert!(area.mean.is_none(), "categories have no mean");
        let x = &d.crosstabs[0];
        assert_eq!(x.row_levels, ["1", "2", "3"]);
        assert_eq!(
            x.column_levels,
            ["North", "South"],
            "sorted, as R's factor()"
        );
        assert_eq!(x.n, 11);
        let row_total: f64 = x.cells[0].iter().map(|c| c.row_share).sum();
        assert!((row_total - 1.0).abs() < 1e-15);

        let wrong = DescriptivesSpec {
            variables: Some(vec!["aera".into()]),
            ..DescriptivesSpec::default()
        };
        let err = describe_all(&t, &cb, &Design::simple(n), &rows, &wrong).unwrap_err();
        assert_eq!(err.code(), "no_such_column");
        let err = describe_all(&t, &cb, &Design::simple(3), &rows, &spec).unwrap_err();
        assert_eq!(err.code(), "invalid_spec");
    }
}
