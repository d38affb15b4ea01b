//! The spec's sampling design read from the sheet: which rows have a weight, a stratum and
//! a cluster, and the [`Design`] over those rows that every design-based estimate shares.

use crate::codebook::Value;
use crate::error::{EngineError, Result};
use crate::scale::MissingReason;
use crate::spec::SurveyDesign;
use crate::variables::Sources;
use rapport_stats::survey::{Design, DesignError};

/// A design over the data rows that have every design column.
#[derive(Debug, Clone)]
pub struct Sample {
    pub design: Design,
    /// Design row of each data row (`None`: a design column is missing there).
    pub index: Vec<Option<usize>>,
}

impl Sample {
    /// The design with its weights calibrated (raked) on the margins whose level per data
    /// row is `categories[m][row]`; unchanged when there are none.
    pub fn calibrated_on(self, categories: &[Vec<usize>]) -> Sample {
        if categories.is_empty() {
            return self;
        }
        let rows: Vec<usize> = (0..self.index.len())
            .filter(|&r| self.index[r].is_some())
            .collect();
        let margins = categories
            .iter()
            .map(|levels| rows.iter().map(|&r| levels[r]).collect())
            .collect();
        Sample {
            design: self.design.calibrated(margins),
            index: self.index,
        }
    }

    /// Design rows of the given data rows (all of which must be in the design, as a
    /// model's complete rows are).
    pub fn design_rows(&self, data_rows: &[usize]) -> Vec<usize> {
        data_rows
            .iter()
            .map(|&r| self.index[r].expect("model rows have every design column"))
            .collect()
    }
}

/// Each design column's cells as a model sees them (weights as numbers, strata and
/// clusters as labels), for listwise deletion alongside the model's variables.
pub fn design_values(
    sources: &Sources<'_>,
    spec: &SurveyDesign,
) -> Result<Vec<(String, Vec<Value>)>> {
    spec.columns()
        .map(|(role, name)| {
            let values = if role == "the weight" {
                sources
                    .numeric(name, role)?
                    .into_iter()
                    .map(|v| v.map_or(Value::Missing(MissingReason::Blank), Value::Number))
                    .collect()
            } else {
                labels(sources, name)?
            };
            Ok((name.to_string(), values))
        })
        .collect()
}

/// A stratum or cluster column's cells as labels, whatever its kind (cluster ids are
/// often too many distinct codes to count as categories).
fn labels(sources: &Sources<'_>, name: &str) -> Result<Vec<Value>> {
    let column = sources
        .table
        .column(name)
        .ok_or_else(|| sources.no_such_column(name))?;
    Ok(column
        .cells()
        .map(|c| {
            let text = c.display();
            if text.trim().is_empty() {
                Value::Missing(MissingReason::Blank)
            } else {
                Value::Label(text.into())
            }
        })
        .collect())
}

/// The design over the rows with every design column, or `None` when the spec names no
/// design column (a simple random sample).
pub fn build(sources: &Sources<'_>, spec: &SurveyDesign) -> Result<Option<Sample>> {
    if spec.is_empty() {
        return Ok(None);
    }
    let columns = design_values(sources, spec)?;
    let n = sources.table.n_rows();
    let mut index = vec![None; n];
    let mut rows = Vec::new();
    for (r, slot) in index.iter_mut().enumerate() {
        if columns
            .iter()
            .all(|(_, v)| !matches!(v[r], Value::Missing(_)))
        {
            *slot = Some(rows.len());
            rows.push(r);
        }
    }
    let pick = |name: &Option<String>| {
        name.as_ref().map(|name| {
            let (_, values) = columns
                .iter()
                .find(|(c, _)| c == name)
                .expect("named column");
            rows.iter().map(|&r| values[r].clone()).collect::<Vec<_>>()
        })
    };
    let weights = pick(&spec.weight).map(|v| {
        v.iter()
            .map(|v| match v {
                Value::Number(x) => *x,
                _ => f64::NAN,
            })
            .collect::<Vec<_>>()
    });
    let text = |v: Option<Vec<Value>>| {
        v.map(|v| {
            v.into_iter()
                .map(|v| match v {
                    Value::Label(s) => s.to_string(),
                    _ => String::new(),
                })
                .collect::<Vec<_>>()
        })
    };
    let strata = text(pick(&spec.strata));
    let clusters = text(pick(&spec.cluster));
    let design = Design::new(rows.len(), weights, strata.as_deref(), clusters.as_deref())
        .map_err(|e| design_error(sources, spec, &rows, e))?;
    Ok(Some(Sample { design, index }))
}

/// A design error with the sheet location and what to do.
fn design_error(
    sources: &Sources<'_>,
    spec: &SurveyDesign,
    rows: &[usize],
    e: DesignError,
) -> EngineError {
    let weight = spec.weight.clone().unwrap_or_default();
    let (reason, advice) = match e {
        DesignError::BadWeight { row, value } => {
            let cell = sources
                .table
                .column(&weight)
                .map(|c| sources.table.cell_ref(c, rows[row]))
                .unwrap_or_default();
            (
                format!(
                    "the weight in cell {cell} is {value}, and weights must be zero or positive numbers"
                ),
                "Correct the weight, or delete the row in a copy of the file.",
            )
        }
        DesignError::AllZero => (
            "every weight is zero, so the sample stands for nobody".to_string(),
            "Check that you named the weight column.",
        ),
        DesignError::LengthMismatch { .. } => (e.to_string(), ""),
    };
    EngineError::UnusableColumn {
        location: sources.table.source.describe(),
        column: weight,
        role: "the weight".into(),
        reason,
        advice: advice.to_string(),
    }
}
