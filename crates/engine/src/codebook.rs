//! The codebook: what each column is (numeric, a response scale, categories, text, dates),
//! its levels in order and its missing answers by reason.
//!
//! Detection is by majority, so one stray entry does not change a column's kind: a column
//! whose answers are mostly numbers is numeric and its stray text is counted as invalid
//! (with examples an analyst can find in the sheet), rather than the whole column silently
//! becoming categories.
//!
//! A column the codebook sheet describes is read through its codes first ([`coding`]):
//! missing codes become missing answers with their reason, and labelled codes are read as
//! their labels, so a numeric-coded scale is detected and scored like the same scale
//! written out in words.

use crate::coding::{self, Coding, Decoded, Decoder, ScoreOrder};
use crate::error::{EngineError, Result};
use crate::scale::{self, MissingReason, Scale};
use crate::spec::DataSource;
use rapport_read::table::{Cell, Column, SheetLayout, Table, column_letters};
use rapport_read::text::{bool_label, format_number, normalise, suggest};
use rayon::prelude::*;
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Text columns with more distinct labels than this are free text, not categories.
const MAX_CATEGORIES: usize = 30;
/// Up to this many distinct labels are categories however few the rows (small surveys).
const FEW_CATEGORIES: usize = 10;
/// Labels longer than this on average are comments, not categories.
const MAX_CATEGORY_MEAN_CHARS: usize = 40;
/// How many invalid cells a variable quotes as examples.
const MAX_INVALID_EXAMPLES: usize = 3;

/// What a column holds, as detected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum VariableKind {
    /// Numbers (also numbers stored as text). `invalid` counts cells of stray text.
    Numeric,
    /// A recognised ordered response scale, scored 1..k from the most negative level.
    Scale { scale: Scale },
    /// Unordered categories from text labels.
    Categorical,
    /// True/false cells, scored 0/1.
    Boolean,
    /// Dates.
    Date,
    /// Free text with too many distinct values to be categories.
    Text,
    /// No data at all.
    Empty,
}

/// One level of a scale or category with its count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Level {
    /// The label as written in the sheet (numbers written as in the sheet: `2`, not `2.0`).
    pub label: String,
    /// Score for scales (1 = most negative); `None` for unordered categories.
    pub score: Option<f64>,
    pub count: usize,
}

/// Count of missing cells for one reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MissingCount {
    pub reason: MissingReason,
    pub count: usize,
}

/// One variable as detected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Variable {
    pub name: String,
    /// Sheet column letter(s), e.g. "C".
    pub column: String,
    #[serde(flatten)]
    pub kind: VariableKind,
    /// Levels in order (scales: score order; categories: first-seen order). Empty for
    /// numeric, text, date columns.
    pub levels: Vec<Level>,
    /// Cells holding an answer of the detected kind: for numbers, scales, categories and
    /// booleans the cells a model can use; for text and dates the cells answered.
    pub valid_n: usize,
    /// Non-substantive answers and blanks, by reason, in a fixed order.
    pub missing: Vec<MissingCount>,
    /// Cells that fit neither the kind nor a missing reason (e.g. text in a numeric column).
    pub invalid_n: usize,
    /// Up to three addresses of invalid cells with their text, e.g. `F12 ("five")`.
    pub invalid_examples: Vec<String>,
    /// How the column's codes were read and which way it is scored, when a codebook sheet
    /// or the spec says anything about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub coding: Option<Coding>,
}

impl Variable {
    /// Total missing cells over all reasons.
    pub fn missing_n(&self) -> usize {
        self.missing.iter().map(|m| m.count).sum()
    }
}

/// All variables of a table, in sheet order, and what was found around them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Codebook {
    pub variables: Vec<Variable>,
    /// Group titles, totals rows and the codebook sheet used (its entries are in each
    /// variable's `coding`).
    #[serde(default)]
    pub layout: SheetLayout,
}

impl Codebook {
    /// The variable with this exact name.
    pub fn get(&self, name: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.name == name)
    }
}

/// A cell as a model sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A number (scale score, numeric value, 0/1 boolean).
    Number(f64),
    /// A category label (categorical columns, or numeric columns forced categorical:
    /// the label is the number written as in the sheet). Shared, not copied: a column of
    /// 100,000 answers holds a handful of labels.
    Label(Arc<str>),
    /// Missing for a reason; the row is left out of models using this variable.
    Missing(MissingReason),
    /// Cannot be used (stray text in a numeric column, a date); carries the cell address.
    /// Boxed, so a value is 24 bytes, not 32: a model holds one per row and variable.
    Invalid(Box<str>),
}

impl Codebook {
    /// Detect every column's kind, levels and missing answers, applying the table's
    /// codebook sheet.
    pub fn detect(table: &Table) -> Codebook {
        Codebook::detect_unchecked(table, &DataSource::default())
    }

    /// [`Codebook::detect`] with the spec's corrections: missing codes per column, columns
    /// to reverse and coded columns to keep in code order. Names must be columns, and only
    /// numbers and rating scales can be reversed.
    pub fn detect_with(table: &Table, source: &DataSource) -> Result<Codebook> {
        let location = table.source.describe();
        let names = source
            .missing_codes
            .keys()
            .chain(&source.reverse)
            .chain(&source.not_reverse);
        for name in names {
            if table.column(name).is_none() {
                return Err(EngineError::NoSuchColumn {
                    location,
                    name: name.clone(),
                    suggestion: suggest(name, table.columns.iter().map(|c| c.name.as_str())),
                });
            }
        }
        let bad = |reason: String| EngineError::InvalidSpec {
            path: "the data source".into(),
            reason,
        };
        if let Some(both) = source
            .reverse
            .iter()
            .find(|r| source.not_reverse.contains(r))
        {
            return Err(bad(format!(
                "\"{both}\" is listed both in \"reverse\" and in \"not_reverse\"; keep one"
            )));
        }
        let codebook = Codebook::detect_unchecked(table, source);
        for name in &source.reverse {
            let kind = codebook.get(name).map(|v| &v.kind);
            if !matches!(
                kind,
                Some(VariableKind::Numeric | VariableKind::Scale { .. })
            ) {
                return Err(bad(format!(
                    "\"reverse\" lists \"{name}\", which is not numbers or a rating scale \
                     (run `rapport describe` to see its kind); only those can be reversed"
                )));
            }
        }
        Ok(codebook)
    }

    fn detect_unchecked(table: &Table, source: &DataSource) -> Codebook {
        Codebook {
            // Each column's kind is read from that column alone, so columns are detected
            // on all cores (collected in sheet order).
            variables: table
                .columns
                .par_iter()
                .map(|col| detect_variable(table, col, source))
                .collect(),
            layout: SheetLayout {
                codebook: table.layout.codebook.as_ref().map(|c| c.summary()),
                ..table.layout.clone()
            },
        }
    }
}

/// A cell sorted into what it can say about a column's kind.
enum Seen<'a> {
    Missing(MissingReason),
    Number(f64),
    Text(&'a str),
    Bool(bool),
    Date,
}

/// What a cell says about its column's kind, numbers read through the column's codes.
/// Columns are classified one distinct cell at a time ([`Column::distinct`]), so each
/// spelling's missing reason is looked up once however many rows repeat it.
fn classify<'a>(cell: &'a Cell, codes: &'a Decoder) -> Seen<'a> {
    match cell {
        Cell::Empty => Seen::Missing(MissingReason::Blank),
        Cell::Error(_) => Seen::Missing(MissingReason::CellError),
        Cell::Number(x) => match codes.decode(*x) {
            Some(Decoded::Missing(reason)) => Seen::Missing(*reason),
            Some(Decoded::Label(label)) => classify_text(label),
            None => Seen::Number(*x),
        },
        Cell::Bool(b) => Seen::Bool(*b),
        Cell::Date(_) => Seen::Date,
        Cell::Text(t) => classify_text(t),
    }
}

fn classify_text(t: &str) -> Seen<'_> {
    let t = t.trim();
    if t.is_empty() {
        return Seen::Missing(MissingReason::Blank);
    }
    match scale::missing_reason(t) {
        Some(reason) => Seen::Missing(reason),
        None => Seen::Text(t),
    }
}

/// How many rows hold each of the column's distinct cells.
fn row_counts(col: &Column) -> Vec<usize> {
    let mut counts = vec![0usize; col.distinct().len()];
    for &c in col.codes() {
        counts[c as usize] += 1;
    }
    counts
}

/// Label a number, boolean or text takes as a category.
fn category_label(seen: &Seen<'_>) -> Option<String> {
    match seen {
        Seen::Number(x) => Some(format_number(*x)),
        Seen::Text(t) => Some((*t).to_string()),
        Seen::Bool(b) => Some(bool_label(*b).to_string()),
        Seen::Missing(_) | Seen::Date => None,
    }
}

fn detect_variable(table: &Table, col: &Column, source: &DataSource) -> Variable {
    let entry = table
        .layout
        .codebook
        .as_ref()
        .and_then(|c| c.entry(&col.name));
    let numbers = col.distinct().iter().filter_map(|c| match c {
        Cell::Number(x) => Some(*x),
        _ => None,
    });
    let spec_missing = source.missing_codes.get(&col.name).map(Vec::as_slice);
    let mut coding = Coding::new(entry, spec_missing, numbers);
    let decoder = Decoder::new(coding.as_ref());
    // One reading per distinct cell, in first-seen order, with its number of rows.
    let seen: Vec<Seen<'_>> = col
        .distinct()
        .iter()
        .map(|c| classify(c, &decoder))
        .collect();
    let counts = row_counts(col);
    let (mut numbers, mut texts, mut bools, mut dates) = (0usize, 0usize, 0usize, 0usize);
    // Distinct texts in first-seen order, as written.
    let mut distinct_texts: Vec<&str> = Vec::new();
    let mut text_index: FxHashSet<&str> = FxHashSet::default();
    for (s, &n) in seen.iter().zip(&counts) {
        match s {
            Seen::Missing(_) => {}
            Seen::Number(_) => numbers += n,
            Seen::Bool(_) => bools += n,
            Seen::Date => dates += n,
            Seen::Text(t) => {
                texts += n;
                if text_index.insert(t) {
                    distinct_texts.push(t);
                }
            }
        }
    }
    let answered = numbers + texts + bools + dates;
    let mut kind = if answered == 0 {
        VariableKind::Empty
    } else if let Some(scale) = (texts >= numbers.max(bools).max(dates))
        .then(|| scale::recognise(&distinct_texts))
        .flatten()
    {
        VariableKind::Scale { scale }
    } else if bools * 2 > answered {
        VariableKind::Boolean
    } else if dates * 2 > answered {
        VariableKind::Date
    } else if numbers * 2 >= answered {
        VariableKind::Numeric
    } else {
        VariableKind::Categorical
    };
    orient(&mut kind, &mut coding, &seen, &col.name, source);
    let mut levels = initial_levels(&kind, &seen);
    if kind == VariableKind::Categorical && !looks_categorical(&levels, answered) {
        levels.clear();
        kind = VariableKind::Text;
    }
    let mut var = finish(table, col, kind, levels, (&seen, &counts), coding.as_ref());
    var.coding = coding;
    var
}

/// Settle which way the column is scored: a coded scale whose codes run from its most
/// positive level down is scored in the scale's order (unless the spec keeps it as coded);
/// a column the spec reverses has its scale levels, or its numbers' range, turned round.
fn orient(
    kind: &mut VariableKind,
    coding: &mut Option<Coding>,
    seen: &[Seen<'_>],
    name: &str,
    source: &DataSource,
) {
    let listed = |list: &[String]| list.iter().any(|n| n == name);
    let mut order = ScoreOrder::AsDetected;
    if let (VariableKind::Scale { scale }, Some(c)) = (&mut *kind, coding.as_ref())
        && c.labelled
        && coding::codes_run_down(scale, c)
    {
        order = ScoreOrder::Rescored;
        if listed(&source.not_reverse)
            && let Some(levels) = coding::levels_in_code_order(scale, c)
        {
            scale.levels = levels;
            order = ScoreOrder::KeptAsCoded;
        }
    }
    if listed(&source.reverse) {
        match kind {
            VariableKind::Scale { scale } => {
                scale.levels.reverse();
                order = ScoreOrder::Reversed;
            }
            VariableKind::Numeric => {
                let coded: Vec<f64> = coding
                    .iter()
                    .filter(|c| c.labelled)
                    .flat_map(|c| c.answer_codes())
                    .map(|c| c.code)
                    .collect();
                let observed: Vec<f64> = seen
                    .iter()
                    .filter_map(|s| match s {
                        Seen::Number(x) => Some(*x),
                        _ => None,
                    })
                    .collect();
                let range = if coded.len() >= 2 { coded } else { observed };
                let low = range.iter().copied().fold(f64::INFINITY, f64::min);
                let high = range.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                if low.is_finite() && high.is_finite() {
                    order = ScoreOrder::ReversedNumbers { low, high };
                }
            }
            _ => {}
        }
    }
    match coding {
        Some(c) => c.order = order,
        None if order != ScoreOrder::AsDetected => *coding = Some(Coding::order_only(order)),
        None => {}
    }
}

/// Levels before counting: scale levels in score order, booleans FALSE/TRUE, categories in
/// first-seen order (spellings differing only in case or spacing are one level). `seen`
/// holds the column's distinct cells in first-seen order.
fn initial_levels(kind: &VariableKind, seen: &[Seen<'_>]) -> Vec<Level> {
    match kind {
        VariableKind::Scale { scale } => scale
            .levels
            .iter()
            .enumerate()
            .map(|(i, label)| Level {
                label: label.clone(),
                score: Some((i + 1) as f64),
                count: 0,
            })
            .collect(),
        VariableKind::Boolean => [false, true]
            .iter()
            .map(|&b| Level {
                label: bool_label(b).to_string(),
                score: Some(if b { 1.0 } else { 0.0 }),
                count: 0,
            })
            .collect(),
        VariableKind::Categorical => {
            let mut levels: Vec<Level> = Vec::new();
            let mut keys: Vec<String> = Vec::new();
            for label in seen.iter().filter_map(category_label) {
                let key = normalise(&label);
                if !keys.contains(&key) {
                    keys.push(key);
                    levels.push(Level {
                        label,
                        score: None,
                        count: 0,
                    });
                    if levels.len() > MAX_CATEGORIES {
                        break;
                    }
                }
            }
            levels
        }
        _ => Vec::new(),
    }
}

/// Categories are few, short, and (beyond a handful) repeat.
fn looks_categorical(levels: &[Level], answered: usize) -> bool {
    let n = levels.len();
    let mean_chars = levels
        .iter()
        .map(|l| l.label.chars().count())
        .sum::<usize>()
        / n.max(1);
    n <= MAX_CATEGORIES
        && (n <= FEW_CATEGORIES || n * 2 <= answered)
        && mean_chars <= MAX_CATEGORY_MEAN_CHARS
}

/// Count missing answers by reason, levels, valid and invalid cells by reading every
/// distinct cell as a model would (`seen`, each with its number of rows in `counts`).
fn finish(
    table: &Table,
    col: &Column,
    kind: VariableKind,
    mut levels: Vec<Level>,
    (seen, counts): (&[Seen<'_>], &[usize]),
    coding: Option<&Coding>,
) -> Variable {
    let mut missing: BTreeMap<MissingReason, usize> = BTreeMap::new();
    for (s, &n) in seen.iter().zip(counts) {
        if let Seen::Missing(r) = s {
            *missing.entry(*r).or_default() += n;
        }
    }
    let mut var = Variable {
        name: col.name.clone(),
        column: column_letters(col.sheet_col),
        kind,
        levels: Vec::new(),
        valid_n: 0,
        missing: missing
            .into_iter()
            .map(|(reason, count)| MissingCount { reason, count })
            .collect(),
        invalid_n: 0,
        invalid_examples: Vec::new(),
        coding: None,
    };
    let reader = CellReader::new(&var.kind, &levels, false, coding);
    let readings: Vec<Reading> = seen.iter().map(|s| reader.read(s)).collect();
    let mut level_counts = vec![0usize; levels.len()];
    for (reading, &n) in readings.iter().zip(counts) {
        match reading {
            Reading::Missing(_) => {}
            Reading::Level(i, _) => {
                var.valid_n += n;
                if let Some(c) = level_counts.get_mut(*i) {
                    *c += n;
                }
            }
            Reading::Value(_) | Reading::Unusable => var.valid_n += n,
            Reading::Stray => var.invalid_n += n,
        }
    }
    if var.invalid_n > 0 {
        var.invalid_examples = col
            .codes()
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(readings[**c as usize], Reading::Stray))
            .take(MAX_INVALID_EXAMPLES)
            .map(|(row, _)| example(table, col, row))
            .collect();
    }
    for (level, count) in levels.iter_mut().zip(level_counts) {
        level.count = count;
    }
    var.levels = levels;
    var
}

/// `F12 ("five")`: where a cell is and what it holds, for messages.
fn example(table: &Table, col: &Column, row: usize) -> String {
    let shown = match col.get(row) {
        Some(Cell::Text(t)) => format!("\"{}\"", t.trim()),
        Some(Cell::Empty) | None => "blank".to_string(),
        Some(cell) => cell.display(),
    };
    format!("{} ({shown})", table.cell_ref(col, row))
}

/// What one cell is for a variable of a given kind.
enum Reading {
    Missing(MissingReason),
    /// The cell is level `i` (scales, booleans, categories), with its value.
    Level(usize, Value),
    /// A usable value that is not a level (numbers).
    Value(Value),
    /// An answer of the column's kind that a model cannot use (free text, dates).
    Unusable,
    /// Does not fit the column's kind.
    Stray,
}

/// Reads cells for one variable. It is given each distinct cell of a column once, so a
/// column of thousands of answers normalises each spelling once.
struct CellReader<'a> {
    kind: &'a VariableKind,
    levels: &'a [Level],
    as_categorical: bool,
    /// `low + high` when the spec reverses a numeric column (scored `low + high − x`).
    reflect: Option<f64>,
    level_keys: Vec<String>,
    /// Each level's label, shared by every cell that reads as it.
    level_labels: Vec<Arc<str>>,
}

impl<'a> CellReader<'a> {
    fn new(
        kind: &'a VariableKind,
        levels: &'a [Level],
        as_categorical: bool,
        coding: Option<&Coding>,
    ) -> Self {
        let reflect = match coding.map(|c| c.order) {
            Some(ScoreOrder::ReversedNumbers { low, high }) => Some(low + high),
            _ => None,
        };
        CellReader {
            kind,
            levels,
            as_categorical,
            reflect,
            level_keys: levels.iter().map(|l| normalise(&l.label)).collect(),
            level_labels: levels.iter().map(|l| Arc::from(l.label.as_str())).collect(),
        }
    }

    /// Position of a label among the levels.
    fn find_level(&self, label: &str) -> Option<usize> {
        match self.kind {
            VariableKind::Scale { scale } => scale::score(scale, label)
                .map(|s| s as usize - 1)
                .filter(|&i| i < self.levels.len()),
            _ => {
                let key = normalise(label);
                self.level_keys.iter().position(|k| *k == key)
            }
        }
    }

    fn level(&self, i: usize) -> Reading {
        let Some(level) = self.levels.get(i) else {
            return Reading::Stray;
        };
        let value = match (self.as_categorical, level.score) {
            (false, Some(score)) => Value::Number(score),
            _ => Value::Label(self.level_labels[i].clone()),
        };
        Reading::Level(i, value)
    }

    fn read(&self, seen: &Seen<'_>) -> Reading {
        if let Seen::Missing(reason) = seen {
            return Reading::Missing(*reason);
        }
        match (self.kind, seen) {
            (VariableKind::Numeric, Seen::Number(x)) if self.as_categorical => {
                Reading::Value(Value::Label(format_number(*x).into()))
            }
            (VariableKind::Numeric, Seen::Number(x)) => {
                Reading::Value(Value::Number(self.reflect.map_or(*x, |sum| sum - x)))
            }
            (VariableKind::Numeric, Seen::Text(t)) if self.as_categorical => {
                Reading::Value(Value::Label((*t).into()))
            }
            (VariableKind::Scale { .. }, Seen::Text(t)) => match self.find_level(t) {
                Some(i) => self.level(i),
                None => Reading::Stray,
            },
            (VariableKind::Boolean, Seen::Bool(b)) => self.level(usize::from(*b)),
            (VariableKind::Categorical, _) => {
                // Text is looked up as it stands: no label is built per cell.
                let found = match seen {
                    Seen::Text(t) => self.find_level(t),
                    other => category_label(other).and_then(|l| self.find_level(&l)),
                };
                match found {
                    Some(i) => self.level(i),
                    None => Reading::Stray,
                }
            }
            (VariableKind::Text, _) => Reading::Unusable,
            (VariableKind::Date, Seen::Date) => Reading::Unusable,
            _ => Reading::Stray,
        }
    }
}

/// One value per data row of `var`'s column, as a model sees it: codes read through the
/// variable's coding, a reversed numeric column reflected. With `as_categorical`, numbers
/// become labels written as in the sheet (`2`, `2.5`) so they can be dummy-coded, and
/// scale answers become their level labels.
pub fn values(table: &Table, var: &Variable, as_categorical: bool) -> Vec<Value> {
    let Some((col, read)) = coded_values(table, var, as_categorical) else {
        let why = format!("no column \"{}\" in {}", var.name, table.source.describe());
        return vec![Value::Invalid(why.into()); table.n_rows()];
    };
    col.codes()
        .iter()
        .enumerate()
        .map(|(row, &c)| match &read[c as usize] {
            Some(value) => value.clone(),
            None => Value::Invalid(example(table, col, row).into()),
        })
        .collect()
}

/// [`values`] one entry of `var`'s column at a time ([`Column::distinct`]): the value of
/// each entry, `None` for a cell that does not fit the variable (an invalid answer), with
/// the column whose codes say which entry each row holds. `None` when the table has no
/// such column. Each entry is read once however many rows hold it.
pub(crate) fn coded_values<'t>(
    table: &'t Table,
    var: &Variable,
    as_categorical: bool,
) -> Option<(&'t Column, Vec<Option<Value>>)> {
    let col = table.column(&var.name)?;
    let coding = var.coding.as_ref();
    let reader = CellReader::new(&var.kind, &var.levels, as_categorical, coding);
    let decoder = Decoder::new(coding);
    let read = col
        .distinct()
        .iter()
        .map(|cell| match reader.read(&classify(cell, &decoder)) {
            Reading::Missing(reason) => Some(Value::Missing(reason)),
            Reading::Level(_, value) | Reading::Value(value) => Some(value),
            Reading::Unusable | Reading::Stray => None,
        })
        .collect();
    Some((col, read))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rapport_read::table::{FileFormat, Source};
    use std::path::PathBuf;

    /// A table from a sheet whose header is row 1 and whose columns start at B.
    fn table(columns: Vec<(&str, Vec<Cell>)>) -> Table {
        let rows = columns.first().map_or(0, |c| c.1.len());
        Table {
            source: Source {
                path: PathBuf::from("survey.xlsx"),
                format: FileFormat::Xlsx,
                sheet: Some("Data".into()),
            },
            header_row: 1,
            row_numbers: (2..2 + rows).collect(),
            columns: columns
                .into_iter()
                .enumerate()
                .map(|(i, (name, cells))| Column::new(name, i + 1, cells))
                .collect(),
            layout: SheetLayout::default(),
        }
    }

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    fn n(x: f64) -> Cell {
        Cell::Number(x)
    }

    fn one(cells: Vec<Cell>) -> (Table, Variable) {
        let tb = table(vec![("Q", cells)]);
        let var = Codebook::detect(&tb).variables.remove(0);
        (tb, var)
    }

    fn missing(var: &Variable) -> Vec<(MissingReason, usize)> {
        var.missing.iter().map(|m| (m.reason, m.count)).collect()
    }

    fn counts(var: &Variable) -> Vec<(&str, usize)> {
        var.levels
            .iter()
            .map(|l| (l.label.as_str(), l.count))
            .collect()
    }

    #[test]
    fn scale_column_with_missing_answers() {
        let (tb, var) = one(vec![
            t("Agree"),
            t("Strongly agree"),
            t("Don't know"),
            Cell::Empty,
            t("tend to agree"),
            Cell::Error("#N/A".into()),
            t("Prefer not to say"),
            t("DK"),
        ]);
        let VariableKind::Scale { scale } = &var.kind else {
            panic!("{:?}", var.kind)
        };
        assert_eq!(scale.family, crate::scale::ScaleFamily::Agreement5);
        assert_eq!(var.column, "B");
        assert_eq!(
            counts(&var),
            [
                ("Strongly disagree", 0),
                ("Disagree", 0),
                ("Neither agree nor disagree", 0),
                ("Agree", 2),
                ("Strongly agree", 1)
            ]
        );
        let scores: Vec<Option<f64>> = var.levels.iter().map(|l| l.score).collect();
        assert_eq!(scores, [1.0, 2.0, 3.0, 4.0, 5.0].map(Some));
        assert_eq!((var.valid_n, var.invalid_n, var.missing_n()), (3, 0, 5));
        assert_eq!(
            missing(&var),
            [
                (MissingReason::Blank, 1),
                (MissingReason::DontKnow, 2),
                (MissingReason::PreferNotToSay, 1),
                (MissingReason::CellError, 1)
            ]
        );
        use MissingReason::*;
        assert_eq!(
            values(&tb, &var, false),
            [
                Value::Number(4.0),
                Value::Number(5.0),
                Value::Missing(DontKnow),
                Value::Missing(Blank),
                Value::Number(4.0),
                Value::Missing(CellError),
                Value::Missing(PreferNotToSay),
                Value::Missing(DontKnow),
            ]
        );
        let labels = values(&tb, &var, true);
        assert_eq!(labels[1], Value::Label("Strongly agree".into()));
        assert_eq!(
            labels[4],
            Value::Label("Agree".into()),
            "aliases share the level's label"
        );
    }

    #[test]
    fn numeric_column_with_stray_text() {
        let (tb, var) = one(vec![
            n(1.0),
            n(2.5),
            t("five"),
            t("N/A"),
            n(3.0),
            t("six"),
            n(4.0),
            t("seven"),
            t("eight"),
            n(5.0),
        ]);
        assert_eq!(var.kind, VariableKind::Numeric);
        assert!(var.levels.is_empty());
        assert_eq!((var.valid_n, var.invalid_n), (5, 4));
        assert_eq!(
            var.invalid_examples,
            [r#"B4 ("five")"#, r#"B7 ("six")"#, r#"B9 ("seven")"#]
        );
        assert_eq!(missing(&var), [(MissingReason::NotApplicable, 1)]);
        let v = values(&tb, &var, false);
        assert_eq!(
            &v[..4],
            [
                Value::Number(1.0),
                Value::Number(2.5),
                Value::Invalid(r#"B4 ("five")"#.into()),
                Value::Missing(MissingReason::NotApplicable),
            ]
        );
        let c = values(&tb, &var, true);
        assert_eq!(
            &c[..3],
            [
                Value::Label("1".into()),
                Value::Label("2.5".into()),
                Value::Label("five".into()),
            ]
        );
    }

    #[test]
    fn categories_text_booleans_dates_and_empty() {
        let tb = table(vec![
            (
                "Area",
                vec![t("North"), t("South"), t("north "), t("East"), n(3.0)],
            ),
            (
                "Visited",
                vec![
                    Cell::Bool(true),
                    Cell::Bool(false),
                    Cell::Bool(true),
                    Cell::Empty,
                    t("maybe"),
                ],
            ),
            (
                "When",
                vec![
                    Cell::Date(46095.0),
                    Cell::Date(46096.5),
                    Cell::Empty,
                    t("soon"),
                    Cell::Date(46097.0),
                ],
            ),
            (
                "Blank",
                vec![Cell::Empty, t(" "), Cell::Empty, Cell::Empty, Cell::Empty],
            ),
            (
                "Used",
                vec![t("Yes"), t("No"), t("yes"), t("Refused"), t("No")],
            ),
        ]);
        let cb = Codebook::detect(&tb);
        let area = cb.get("Area").unwrap();
        assert_eq!(area.kind, VariableKind::Categorical);
        assert_eq!(
            counts(area),
            [("North", 2), ("South", 1), ("East", 1), ("3", 1)]
        );
        assert!(area.levels.iter().all(|l| l.score.is_none()));
        assert_eq!(values(&tb, area, false)[2], Value::Label("North".into()));
        assert_eq!(values(&tb, area, false)[4], Value::Label("3".into()));

        let visited = cb.get("Visited").unwrap();
        assert_eq!(visited.kind, VariableKind::Boolean);
        assert_eq!(counts(visited), [("FALSE", 1), ("TRUE", 2)]);
        assert_eq!((visited.valid_n, visited.invalid_n), (3, 1));
        assert_eq!(visited.invalid_examples, [r#"C6 ("maybe")"#]);
        let v = values(&tb, visited, false);
        assert_eq!(&v[..2], [Value::Number(1.0), Value::Number(0.0)]);

        let when = cb.get("When").unwrap();
        assert_eq!(when.kind, VariableKind::Date);
        assert_eq!((when.valid_n, when.invalid_n), (3, 1));
        assert_eq!(
            values(&tb, when, false)[0],
            Value::Invalid("D2 (2026-03-14)".into())
        );

        let blank = cb.get("Blank").unwrap();
        assert_eq!(blank.kind, VariableKind::Empty);
        assert_eq!(missing(blank), [(MissingReason::Blank, 5)]);
        assert_eq!(blank.valid_n, 0);

        let used = cb.get("Used").unwrap();
        let VariableKind::Scale { scale } = &used.kind else {
            panic!("{:?}", used.kind)
        };
        assert_eq!(scale.family, crate::scale::ScaleFamily::YesNo);
        assert_eq!(counts(used), [("No", 2), ("Yes", 2)]);
        assert_eq!(missing(used), [(MissingReason::Refused, 1)]);
        assert_eq!(values(&tb, used, false)[2], Value::Number(2.0));
    }

    #[test]
    fn many_distinct_or_long_texts_are_free_text() {
        let comments: Vec<Cell> = (0..40).map(|i| t(&format!("Comment number {i}"))).collect();
        let (tb, var) = one(comments);
        assert_eq!(var.kind, VariableKind::Text);
        assert!(var.levels.is_empty());
        assert_eq!((var.valid_n, var.invalid_n), (40, 0));
        assert_eq!(
            values(&tb, &var, false)[0],
            Value::Invalid(r#"B2 ("Comment number 0")"#.into())
        );
        let long = "The receptionist was very kind and took the time to listen to me properly";
        let (_, var) = one(vec![t(long), t(&format!("{long}!")), t("Fine")]);
        assert_eq!(var.kind, VariableKind::Text);
        // A small survey's few short labels are categories even if each appears once.
        let (_, var) = one(vec![t("Bus"), t("Car"), t("Walk")]);
        assert_eq!(var.kind, VariableKind::Categorical);
    }

    #[test]
    fn scale_with_unobserved_levels_and_stray_number() {
        let (tb, var) = one(vec![
            t("A great deal"),
            t("Not at all"),
            n(3.0),
            t("a great deal"),
        ]);
        let VariableKind::Scale { scale } = &var.kind else {
            panic!("{:?}", var.kind)
        };
        assert_eq!(scale.family, crate::scale::ScaleFamily::Trust4);
        assert_eq!(
            counts(&var),
            [
                ("Not at all", 1),
                ("Not very much", 0),
                ("A fair amount", 0),
                ("A great deal", 2)
            ]
        );
        assert_eq!(var.invalid_examples, ["B4 (3)"]);
        assert_eq!(values(&tb, &var, false)[3], Value::Number(4.0));
    }

    #[test]
    fn values_of_a_missing_column_are_invalid() {
        let (tb, mut var) = one(vec![n(1.0), n(2.0)]);
        var.name = "Nope".into();
        let v = values(&tb, &var, false);
        assert_eq!(v.len(), 2);
        assert!(matches!(&v[0], Value::Invalid(why) if why.contains("Nope")));
    }
}
