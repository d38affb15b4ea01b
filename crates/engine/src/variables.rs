//! Where model variables come from: the sheet's columns, read through the codebook, and
//! the spec's composite scores, resolved by name for the role they play.

use crate::codebook::{self, Codebook, Value, VariableKind};
use crate::error::{EngineError, Result};
use crate::scale::MissingReason;
use rapport_read::table::Table;
use rapport_read::text::suggest;

/// A scored composite scale, usable by name like a column.
#[derive(Debug, Clone, PartialEq)]
pub struct CompositeColumn {
    pub name: String,
    /// One score per data row; `None` where too few items were answered.
    pub scores: Vec<Option<f64>>,
}

/// Where model variables come from: the sheet's columns and the spec's composites.
pub struct Sources<'a> {
    pub table: &'a Table,
    pub codebook: &'a Codebook,
    pub composites: &'a [CompositeColumn],
}

/// How a variable enters the model.
pub(crate) enum Encoding {
    Numeric,
    /// Categories; `scale_order` holds the full scale order when the column is a scale.
    Categorical {
        scale_order: Option<Vec<String>>,
    },
}

/// A variable's cells as the model sees them, with how to encode it.
pub(crate) struct Resolved {
    pub(crate) values: Vec<Value>,
    pub(crate) encoding: Encoding,
}

impl Sources<'_> {
    pub(crate) fn location(&self) -> String {
        self.table.source.describe()
    }

    /// Every name a user could mean: columns then composites.
    fn names(&self) -> impl Iterator<Item = &str> {
        self.codebook
            .variables
            .iter()
            .map(|v| v.name.as_str())
            .chain(self.composites.iter().map(|c| c.name.as_str()))
    }

    pub(crate) fn no_such_column(&self, name: &str) -> EngineError {
        EngineError::NoSuchColumn {
            location: self.location(),
            name: name.to_string(),
            suggestion: suggest(name, self.names()),
        }
    }

    /// The numbers of a column that must be numeric (a composite's item), with `None` for
    /// missing answers.
    pub fn numeric(&self, name: &str, role: &str) -> Result<Vec<Option<f64>>> {
        let resolved = self.resolve(name, role, false, true)?;
        Ok(resolved
            .values
            .into_iter()
            .map(|v| match v {
                Value::Number(x) => Some(x),
                _ => None,
            })
            .collect())
    }

    /// Resolve `name` for `role` (e.g. "the outcome"), refusing kinds that cannot play it;
    /// `numeric_only` refuses categories (outcomes, composite items).
    pub(crate) fn resolve(
        &self,
        name: &str,
        role: &str,
        force_categorical: bool,
        numeric_only: bool,
    ) -> Result<Resolved> {
        if let Some(c) = self.composites.iter().find(|c| c.name == name) {
            let values = c
                .scores
                .iter()
                .map(|s| s.map_or(Value::Missing(MissingReason::Blank), Value::Number))
                .collect();
            return Ok(Resolved {
                values,
                encoding: Encoding::Numeric,
            });
        }
        let var = self
            .codebook
            .get(name)
            .ok_or_else(|| self.no_such_column(name))?;
        let unusable = |reason: &str, advice: &str| EngineError::UnusableColumn {
            location: self.location(),
            column: name.to_string(),
            role: role.to_string(),
            reason: reason.to_string(),
            advice: advice.to_string(),
        };
        let encoding = match &var.kind {
            VariableKind::Date => {
                return Err(unusable(
                    "it holds dates",
                    "Use a number derived from the date (e.g. days waited) instead.",
                ));
            }
            VariableKind::Text => {
                return Err(unusable(
                    "it holds free text with too many different answers to be categories",
                    "Code the answers into a few categories first, or leave this column out.",
                ));
            }
            VariableKind::Empty => {
                return Err(unusable(
                    "it has no data",
                    "Check that you chose the right column.",
                ));
            }
            VariableKind::Categorical if numeric_only => {
                return Err(unusable(
                    "it holds unordered categories, and this needs numbers or a recognised \
                     rating scale",
                    "Choose a numeric or rating-scale column.",
                ));
            }
            _ if numeric_only && force_categorical => {
                return Err(unusable(
                    "it is listed as categorical, and this needs numbers",
                    "Remove it from the categorical list.",
                ));
            }
            VariableKind::Categorical => Encoding::Categorical { scale_order: None },
            VariableKind::Scale { scale } if force_categorical => Encoding::Categorical {
                scale_order: Some(scale.levels.clone()),
            },
            VariableKind::Numeric | VariableKind::Boolean if force_categorical => {
                Encoding::Categorical { scale_order: None }
            }
            VariableKind::Numeric | VariableKind::Boolean | VariableKind::Scale { .. } => {
                Encoding::Numeric
            }
        };
        let as_labels = matches!(encoding, Encoding::Categorical { .. });
        let values = codebook::values(self.table, var, as_labels);
        let invalid: Vec<&str> = values
            .iter()
            .filter_map(|v| match v {
                Value::Invalid(at) => Some(&**at),
                _ => None,
            })
            .collect();
        if !invalid.is_empty() {
            let shown = invalid
                .iter()
                .take(3)
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            let more = match invalid.len() {
                n if n > 3 => format!(" and {} more", n - 3),
                _ => String::new(),
            };
            return Err(EngineError::TextInNumeric {
                location: self.location(),
                column: name.to_string(),
                examples: format!("{shown}{more}"),
            });
        }
        Ok(Resolved { values, encoding })
    }
}
