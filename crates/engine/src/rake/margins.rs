//! Population margins: a small table with one row per variable and level, read through the
//! engine's reader so csv and xlsx files (with titles above the header) behave as surveys do.

use super::RakeError;
use rapport_read::table::{Cell, Column, Table};
use rapport_read::text::normalise;
use std::path::{Path, PathBuf};

/// How far totals may disagree, relative to the largest: 0.1%.
const TOTALS_AGREE: f64 = 1e-3;

/// Whether targets are counts or shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    /// Population counts (a `target` column).
    Counts,
    /// Proportions or percentages (a `share` column).
    Shares,
}

/// One level of a margin.
#[derive(Debug, Clone, PartialEq)]
pub struct MarginLevel {
    /// As written in the margins file.
    pub label: String,
    /// As written in the file: a count or a share.
    pub target: f64,
    /// Where the row is, for messages: `line 4, field 2` or `B4`.
    pub cell: String,
}

/// The population distribution of one variable.
#[derive(Debug, Clone, PartialEq)]
pub struct Margin {
    pub variable: String,
    /// Where the variable is first named, for messages.
    pub cell: String,
    pub levels: Vec<MarginLevel>,
}

impl Margin {
    /// Sum of the targets as written.
    fn total(&self) -> f64 {
        self.levels.iter().map(|l| l.target).sum()
    }
}

/// Population margins for one or more variables, in the order the file first names them.
///
/// Columns, found by heading whatever their case or position (other columns are ignored,
/// e.g. a note on the source):
///
/// * `variable`: the data column, spelled as in the data's header row;
/// * `level`: a level of that column as written in the data (matched ignoring case,
///   spacing and curly apostrophes; numbers as the sheet shows them, `1`, `2.5`);
/// * `target`: the population count of that level, **or** `share`: its proportion
///   (adding up to 1 per variable) or percentage (adding up to 100).
///
/// Counts of different variables must add up to the same total to within 0.1% (published
/// tables are often rounded); each variable is then scaled to the first variable's total,
/// so raking can meet every margin at once. Shares are scaled to the sum of the base
/// weights (the number of respondents when there are none), i.e. the raked weights keep
/// the sample's weighted size.
#[derive(Debug, Clone, PartialEq)]
pub struct Margins {
    /// The file they were read from.
    pub path: PathBuf,
    /// The file (and sheet) for messages: `margins.xlsx, sheet "Age"`.
    pub location: String,
    pub kind: TargetKind,
    pub margins: Vec<Margin>,
}

impl Margins {
    /// Read and check a margins file (csv, xlsx or any format the engine reads; the first
    /// sheet with data).
    pub fn load(path: &Path) -> crate::Result<Margins> {
        let table = rapport_read::read_table(path, &rapport_read::ReadOptions::default())?;
        Ok(Margins::from_table(&table)?)
    }

    /// Margins from a table already read (see [`Margins`] for its columns).
    pub fn from_table(table: &Table) -> Result<Margins, RakeError> {
        let file = table.source.describe();
        let find = |name: &str| {
            table
                .columns
                .iter()
                .find(|c| c.name.trim().eq_ignore_ascii_case(name))
        };
        let layout = || RakeError::MarginsLayout {
            file: file.clone(),
            found: headings(table),
        };
        let (variable_col, level_col) = match (find("variable"), find("level")) {
            (Some(v), Some(l)) => (v, l),
            _ => return Err(layout()),
        };
        let (target_col, kind) = match (find("target"), find("share")) {
            (Some(t), None) => (t, TargetKind::Counts),
            (None, Some(s)) => (s, TargetKind::Shares),
            _ => return Err(layout()),
        };
        let mut margins: Vec<Margin> = Vec::new();
        for row in 0..table.n_rows() {
            let cell_error = |col: &Column, reason: String, advice: &str| RakeError::MarginsCell {
                file: file.clone(),
                cell: table.cell_ref(col, row),
                reason,
                advice: advice.to_string(),
            };
            let variable = label(variable_col, row).ok_or_else(|| {
                cell_error(
                    variable_col,
                    "the variable is blank".into(),
                    "Write the data column this row is about, or delete the row.",
                )
            })?;
            let level = label(level_col, row).ok_or_else(|| {
                cell_error(
                    level_col,
                    format!("the level of \"{variable}\" is blank"),
                    "Write the level as it appears in the data, or delete the row.",
                )
            })?;
            let target = target(target_col, row, kind)
                .map_err(|reason| cell_error(target_col, reason, target_advice(kind)))?;
            let here = table.cell_ref(level_col, row);
            let margin = match margins.iter().position(|m| m.variable == variable) {
                Some(i) => &mut margins[i],
                None => {
                    margins.push(Margin {
                        variable: variable.clone(),
                        cell: table.cell_ref(variable_col, row),
                        levels: Vec::new(),
                    });
                    margins.last_mut().expect("just pushed")
                }
            };
            let key = normalise(&level);
            if let Some(first) = margin.levels.iter().find(|l| normalise(&l.label) == key) {
                return Err(cell_error(
                    level_col,
                    format!(
                        "level \"{level}\" of \"{variable}\" is listed again (first at {})",
                        first.cell
                    ),
                    "Keep one row per level: add the targets together or delete the repeat.",
                ));
            }
            margin.levels.push(MarginLevel {
                label: level,
                target,
                cell: here,
            });
        }
        let margins = Margins {
            path: table.source.path.clone(),
            location: file.clone(),
            kind,
            margins,
        };
        margins.check_totals()?;
        Ok(margins)
    }

    /// Counts must describe one population; shares must add up to 1 or 100.
    fn check_totals(&self) -> Result<(), RakeError> {
        let totals: Vec<f64> = self.margins.iter().map(Margin::total).collect();
        match self.kind {
            TargetKind::Counts => {
                let max = totals.iter().copied().fold(0.0, f64::max);
                let min = totals.iter().copied().fold(f64::INFINITY, f64::min);
                if max - min > TOTALS_AGREE * max {
                    return Err(RakeError::MarginsTotals {
                        file: self.location.clone(),
                        totals: self
                            .margins
                            .iter()
                            .zip(&totals)
                            .map(|(m, t)| format!("\"{}\" adds up to {t}", m.variable))
                            .collect::<Vec<_>>()
                            .join(", "),
                    });
                }
            }
            TargetKind::Shares => {
                for (m, &t) in self.margins.iter().zip(&totals) {
                    if ![1.0, 100.0]
                        .iter()
                        .any(|s| (t - s).abs() <= TOTALS_AGREE * s)
                    {
                        return Err(RakeError::SharesTotal {
                            file: self.location.clone(),
                            variable: m.variable.clone(),
                            total: t.to_string(),
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// The targets raking aims at, per margin in level order: every margin scaled to one
    /// total, the first margin's count total, or for shares `base_total` (see [`Margins`]).
    pub fn targets(&self, base_total: f64) -> Vec<Vec<f64>> {
        let total = match (self.kind, self.margins.first()) {
            (TargetKind::Counts, Some(first)) => first.total(),
            _ => base_total,
        };
        self.margins
            .iter()
            .map(|m| {
                let scale = total / m.total();
                m.levels.iter().map(|l| l.target * scale).collect()
            })
            .collect()
    }
}

/// What a margins target cell holds, or why it cannot be used.
fn target(col: &Column, row: usize, kind: TargetKind) -> Result<f64, String> {
    let what = match kind {
        TargetKind::Counts => "target",
        TargetKind::Shares => "share",
    };
    match col.get(row) {
        Some(Cell::Number(x)) if x.is_finite() && *x > 0.0 => Ok(*x),
        Some(Cell::Number(x)) => Err(format!("the {what} {x} is not above zero")),
        Some(Cell::Empty) | None => Err(format!("the {what} is blank")),
        Some(cell) => Err(format!("the {what} \"{}\" is not a number", cell.display())),
    }
}

fn target_advice(kind: TargetKind) -> &'static str {
    match kind {
        TargetKind::Counts => {
            "Write the population count of this level as a plain number above zero (no separators or % signs), or delete the row if no one in the population has it."
        }
        TargetKind::Shares => {
            "Write this level's share of the population as a plain number above zero (0.25 or 25, no % sign), or delete the row if no one in the population has it."
        }
    }
}

/// A variable or level cell as text (numbers as the sheet shows them); `None` when blank.
fn label(col: &Column, row: usize) -> Option<String> {
    let text = col.get(row)?.display().trim().to_string();
    (!text.is_empty()).then_some(text)
}

/// The header row's headings, for a message.
fn headings(table: &Table) -> String {
    let names: Vec<String> = table
        .columns
        .iter()
        .map(|c| format!("\"{}\"", c.name))
        .collect();
    if names.is_empty() {
        "no headings".into()
    } else {
        names.join(", ")
    }
}
