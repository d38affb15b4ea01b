//! Running an [`AnalysisSpec`] end to end: file → table → codebook → composites → frame →
//! OLS → [`Results`]. Every face (CLI, desktop, tests) calls [`run`]; nothing else fits
//! models.

use crate::codebook::{Codebook, VariableKind};
use crate::descriptives::{self, Descriptives};
use crate::drivers;
use crate::error::{EngineError, Result};
use crate::findings;
use crate::frame::{self, Frame};
use crate::input;
use crate::model;
use crate::progress::{self, Progress};
use crate::rake::{self, Margins, RakeReport};
use crate::results::{
    CompositeResult, DesignSummary, InputInfo, ModelInfo, OutcomeInfo, RESULTS_VERSION, Results,
};
use crate::sampling::{self, Sample};
use crate::spec::DescriptivesSpec;
use crate::spec::{AnalysisSpec, BlockRole};
use crate::variables::{CompositeColumn, Sources};
use rapport_read::table::Table;
use rapport_read::table::{Cell, Column};
use rapport_stats::reliability::{self, Reliability};
use rapport_stats::survey::Design;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Run `spec` on its data file. Refuses a file whose SHA-256 differs from the spec's.
pub fn run(spec: &AnalysisSpec) -> Result<Results> {
    run_with(spec, &progress::silent)
}

/// [`run`], telling `progress` how the long steps (the key drivers' bootstrap) go.
pub fn run_with(spec: &AnalysisSpec, progress: Progress<'_>) -> Result<Results> {
    spec.validate("the analysis")?;
    let loaded = input::read_source(&spec.data_path(), &spec.data)?;
    check_checksum(spec, &loaded.sha256)?;
    run_on_table(spec, &loaded.table, loaded.sha256, progress)
}

/// Refuse data whose SHA-256 differs from the one the spec recorded (a spec without one
/// accepts any file).
pub fn check_checksum(spec: &AnalysisSpec, sha256: &str) -> Result<()> {
    match &spec.data.sha256 {
        Some(expected) if !expected.eq_ignore_ascii_case(sha256) => {
            Err(EngineError::ChecksumMismatch {
                path: spec.data_path(),
                expected: expected.clone(),
                actual: sha256.to_string(),
            })
        }
        _ => Ok(()),
    }
}

/// Run `spec` on a table already read (the desktop app keeps one open), telling
/// `progress` how the long steps go.
pub fn run_on_table(
    spec: &AnalysisSpec,
    table: &Table,
    sha256: String,
    progress: Progress<'_>,
) -> Result<Results> {
    spec.validate("the analysis")?;
    let codebook = Codebook::detect_with(table, &spec.data)?;
    let raked = rake_weights(spec, table, &codebook)?;
    let (table, codebook, model_spec, weighting, calibration) = match raked {
        Some(r) => {
            let codebook = Codebook::detect_with(&r.table, &spec.data)?;
            (
                Cow::Owned(r.table),
                codebook,
                Cow::Owned(r.design_spec),
                Some(r.report),
                r.categories,
            )
        }
        None => (
            Cow::Borrowed(table),
            codebook,
            Cow::Borrowed(spec),
            None,
            Vec::new(),
        ),
    };
    let (table, model_spec) = (table.as_ref(), model_spec.as_ref());
    let (columns, composites) = score_composites(spec, table, &codebook)?;
    let sources = Sources {
        table,
        codebook: &codebook,
        composites: &columns,
    };
    let frame = frame::build(&sources, model_spec)?;
    let sample =
        sampling::build(&sources, &model_spec.design)?.map(|s| s.calibrated_on(&calibration));
    let location = table.source.describe();
    // The model and the descriptives read the same inputs and not each other's output,
    // so they run side by side.
    let (fitted, descriptives) = rayon::join(
        || {
            model::fit(
                &frame,
                &model::Context {
                    spec: model_spec,
                    sample: sample.as_ref(),
                    outcome: codebook.get(&spec.outcome),
                    location: &location,
                },
            )
        },
        || describe(model_spec, table, &codebook, sample.as_ref()),
    );
    let (fitted, descriptives) = (fitted?, descriptives?);
    let design = sample
        .as_ref()
        .map(|s| design_summary(s, model_spec, &frame, &fitted.rows));
    let analysed = model_spec.drivers.as_ref().map(|d| {
        drivers::analyse(&drivers::Input {
            spec: model_spec,
            drivers: d,
            frame: &frame,
            model: &fitted,
            sample: sample.as_ref(),
            codebook: &codebook,
            progress,
        })
    });
    // A key-driver analysis that cannot be run leaves the model standing, with a warning.
    let (key_drivers, drivers_warnings) = match analysed {
        Some(Ok(d)) => {
            let warnings = drivers::warnings(&d);
            (Some(d), warnings)
        }
        Some(Err(reason)) => (
            None,
            vec![format!(
                "The key-driver analysis could not be run: {reason}."
            )],
        ),
        None => (None, Vec::new()),
    };
    let outcome = OutcomeInfo {
        name: spec.outcome.clone(),
        scoring: scoring(&codebook, spec),
        positive_levels: fitted.positive_levels.clone(),
    };
    let mut results = Results {
        version: RESULTS_VERSION,
        rapport_version: crate::VERSION.to_string(),
        input: InputInfo {
            file: spec.data.file.display().to_string(),
            sha256: sha256.clone(),
            sheet: table.source.sheet.clone(),
            header_row: table.header_row,
            rows: table.n_rows(),
        },
        spec: AnalysisSpec {
            data: crate::spec::DataSource {
                sha256: Some(sha256),
                ..spec.data.clone()
            },
            base_dir: None,
            ..spec.clone()
        },
        outcome,
        model: ModelInfo {
            family: fitted.family,
            variance: fitted.variance,
            intercept: spec.intercept,
            family_kind: spec.family,
            variance_kind: fitted.kind,
            inference_df: fitted.df,
            design,
        },
        coefficients: fitted.coefficients,
        thresholds: fitted.thresholds,
        fit: fitted.fit,
        likelihood: fitted.likelihood,
        marginal_effects: fitted.marginal_effects,
        block_tests: fitted.block_tests,
        aliased: fitted.aliased,
        dropped: frame.dropped.clone(),
        composites,
        weighting,
        descriptives,
        drivers: key_drivers,
        warnings: Vec::new(),
        findings: Vec::new(),
        codebook,
    };
    let standardized = standardized_slopes(&frame, &fitted.estimates);
    results.warnings = fitted.warnings;
    results.warnings.extend(drivers_warnings);
    if let Some(w) = &results.weighting {
        results.warnings.extend(w.warnings());
    }
    results.warnings.extend(findings::warnings(&results));
    results.findings = findings::findings(&results, &standardized);
    Ok(results)
}

/// The weights raked as the spec asks: the table with the raked weight appended as a
/// column, the spec with that column as the design's weight, the convergence report, and
/// each data row's level of each margin (for the calibrated variance).
pub struct Raking {
    pub table: Table,
    pub design_spec: AnalysisSpec,
    pub report: RakeReport,
    pub categories: Vec<Vec<usize>>,
}

/// Rake the weights when the spec asks (`None` without a `rake` section).
pub fn rake_weights(
    spec: &AnalysisSpec,
    table: &Table,
    codebook: &Codebook,
) -> Result<Option<Raking>> {
    let Some(r) = &spec.rake else {
        return Ok(None);
    };
    let margins = Margins::load(&r.margins_path(spec.base_dir.as_deref()))?;
    let raked = rake::rake_table(table, codebook, r, &margins)?;
    let name = r.column_name();
    if table.column(name).is_some() {
        return Err(EngineError::InvalidSpec {
            path: table.source.describe(),
            reason: format!(
                "the raked weight would be saved as \"{name}\", which is already a column; set \"column_name\" in the rake section to another name"
            ),
        });
    }
    let mut with_weight = table.clone();
    with_weight.columns.push(Column::new(
        name,
        table
            .columns
            .iter()
            .map(|c| c.sheet_col + 1)
            .max()
            .unwrap_or(0),
        raked.weights.into_iter().map(Cell::Number),
    ));
    let mut design_spec = spec.clone();
    design_spec.design.weight = Some(name.to_string());
    Ok(Some(Raking {
        table: with_weight,
        design_spec,
        report: raked.report,
        categories: raked.categories,
    }))
}

/// The design behind the estimates, with Kish's effective n of the model's rows.
fn design_summary(
    sample: &Sample,
    spec: &AnalysisSpec,
    frame: &Frame,
    model_rows: &[usize],
) -> DesignSummary {
    let d = &sample.design;
    let data_rows: Vec<usize> = model_rows.iter().map(|&i| frame.rows[i]).collect();
    let rows = sample.design_rows(&data_rows);
    let all: Vec<usize> = (0..d.len()).collect();
    let n_eff = d.kish_effective_n(&rows);
    DesignSummary {
        weight: spec.design.weight.clone(),
        strata: spec.design.strata.clone(),
        cluster: spec.design.cluster.clone(),
        rows: d.len(),
        n_strata: d.n_strata(),
        n_psu: d.n_psu(),
        lonely_strata: d.lonely_strata(),
        df: d.df(&all),
        kish_effective_n: n_eff,
        weighting_design_effect: rows.len() as f64 / n_eff,
    }
}

/// The spec's descriptives on the sampling design (a simple random sample of every row
/// without one). By default: every variable but the design's own columns, and the outcome
/// crossed with each categorical or rating-scale control.
fn describe(
    spec: &AnalysisSpec,
    table: &Table,
    codebook: &Codebook,
    sample: Option<&Sample>,
) -> Result<Descriptives> {
    let simple;
    let (design, data_rows): (&Design, Vec<usize>) = match sample {
        Some(s) => (
            &s.design,
            (0..table.n_rows())
                .filter(|&r| s.index[r].is_some())
                .collect(),
        ),
        None => {
            simple = Design::simple(table.n_rows());
            (&simple, (0..table.n_rows()).collect())
        }
    };
    let d = spec.descriptives.clone().unwrap_or_else(|| {
        let crossable = |name: &str| {
            codebook.get(name).is_some_and(|v| {
                matches!(
                    v.kind,
                    VariableKind::Categorical | VariableKind::Scale { .. } | VariableKind::Boolean
                )
            })
        };
        DescriptivesSpec {
            exclude: spec.design.columns().map(|(_, c)| c.to_string()).collect(),
            crosstabs: spec
                .predictors()
                .filter(|(b, p)| b.role == BlockRole::Control && crossable(p))
                .filter(|_| crossable(&spec.outcome))
                .map(|(_, p)| (spec.outcome.clone(), p.to_string()))
                .collect(),
            ..DescriptivesSpec::default()
        }
    });
    descriptives::describe_all(table, codebook, design, &data_rows, &d)
}

/// Score each composite and compute its reliability. Composite names must not clash with
/// columns.
fn score_composites(
    spec: &AnalysisSpec,
    table: &Table,
    codebook: &Codebook,
) -> Result<(Vec<CompositeColumn>, Vec<CompositeResult>)> {
    let sources = Sources {
        table,
        codebook,
        composites: &[],
    };
    let mut columns = Vec::new();
    let mut results = Vec::new();
    for c in &spec.composites {
        if codebook.get(&c.name).is_some() {
            return Err(EngineError::Composite {
                name: c.name.clone(),
                reason:
                    "a column of the sheet already has this name; give the composite another name"
                        .into(),
            });
        }
        let (items, reliability) = composite_items(&sources, &c.name, &c.items)?;
        let scores = reliability::score(&items, c.min_valid());
        results.push(CompositeResult {
            name: c.name.clone(),
            items: c.items.clone(),
            min_valid: c.min_valid(),
            n_scored: scores.iter().flatten().count(),
            reliability,
        });
        columns.push(CompositeColumn {
            name: c.name.clone(),
            scores,
        });
    }
    Ok((columns, results))
}

/// Reliability (Cronbach's alpha and item statistics) of any set of columns of an open
/// table, before they are saved as a composite: the desktop app shows it live while the
/// user picks items. Same checks and numbers as a composite in [`run`].
pub fn item_reliability(
    table: &Table,
    codebook: &Codebook,
    items: &[String],
) -> Result<Reliability> {
    let sources = Sources {
        table,
        codebook,
        composites: &[],
    };
    composite_items(&sources, &items.join(" + "), items).map(|(_, reliability)| reliability)
}

/// The numeric answers of a composite's items (refusing columns that are not numbers or a
/// scale) and their reliability; `name` is the composite's, for messages.
fn composite_items(
    sources: &Sources<'_>,
    name: &str,
    items: &[String],
) -> Result<(Vec<Vec<Option<f64>>>, Reliability)> {
    let role = format!("an item of the composite \"{name}\"");
    let values = items
        .iter()
        .map(|item| sources.numeric(item, &role))
        .collect::<Result<Vec<_>>>()?;
    let reliability =
        reliability::reliability(items, &values).map_err(|e| EngineError::Composite {
            name: name.to_string(),
            reason: e.to_string(),
        })?;
    Ok((values, reliability))
}

/// How the outcome was scored, in words.
fn scoring(codebook: &Codebook, spec: &AnalysisSpec) -> String {
    if let Some(c) = spec.composites.iter().find(|c| c.name == spec.outcome) {
        return format!(
            "mean of {} items ({}), scored where at least {} are answered",
            c.items.len(),
            c.items.join(", "),
            c.min_valid()
        );
    }
    match codebook.get(&spec.outcome).map(|v| &v.kind) {
        Some(VariableKind::Scale { scale }) => {
            let k = scale.levels.len();
            let first = scale.levels.first().map_or("", String::as_str);
            let last = scale.levels.last().map_or("", String::as_str);
            format!("{}, scored 1 = {first} … {k} = {last}", scale.name)
        }
        Some(VariableKind::Boolean) => "true/false, scored 0 = false, 1 = true".into(),
        _ => "numeric, as in the sheet".into(),
    }
}

/// Standardized slope b·sd(x)/sd(y) by term (not for the intercept or aliased terms),
/// used to pick the strongest driver in each block.
fn standardized_slopes(frame: &Frame, coefficients: &[Option<f64>]) -> BTreeMap<String, f64> {
    let sd_y = sample_sd(&frame.y);
    frame
        .terms
        .iter()
        .enumerate()
        .filter(|(_, term)| term.variable.is_some())
        .filter_map(|(j, term)| {
            let b = coefficients.get(j).copied().flatten()?;
            let column: Vec<f64> = frame.x.col(j).iter().copied().collect();
            let sd_x = sample_sd(&column);
            Some((term.name.clone(), b * sd_x / sd_y))
        })
        .collect()
}

/// Sample standard deviation (n − 1) by a two-pass algorithm.
fn sample_sd(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{CompositeSpec, PredictorBlock};
    use rapport_read::table::{Cell, Column, FileFormat, Source};

    /// A small csv-like table: three correlated 1–5 items, an outcome and a text column.
    fn table() -> Table {
        let numbers = |v: &[f64]| v.iter().map(|&x| Cell::Number(x)).collect::<Vec<_>>();
        let column =
            |name: &str, sheet_col: usize, cells: Vec<Cell>| Column::new(name, sheet_col, cells);
        let mut a = numbers(&[1.0, 2.0, 3.0, 4.0, 5.0, 2.0, 4.0, 3.0]);
        a[5] = Cell::Empty;
        Table {
            source: Source {
                path: "survey.csv".into(),
                format: FileFormat::Csv,
                sheet: None,
            },
            header_row: 1,
            row_numbers: (2..10).collect(),
            columns: vec![
                column("a", 0, a),
                column("b", 1, numbers(&[2.0, 2.0, 3.0, 5.0, 4.0, 1.0, 4.0, 2.0])),
                column("c", 2, numbers(&[1.0, 3.0, 2.0, 4.0, 5.0, 2.0, 5.0, 3.0])),
                column("y", 3, numbers(&[1.0, 3.0, 2.0, 5.0, 4.0, 2.0, 4.0, 3.0])),
                column(
                    "comment",
                    4,
                    (0..8)
                        .map(|i| Cell::Text(format!("comment {i}").into()))
                        .collect(),
                ),
            ],
            layout: Default::default(),
        }
    }

    fn names(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn item_reliability_matches_the_composite_in_a_run() {
        let table = table();
        let codebook = Codebook::detect(&table);
        let items = names(&["a", "b", "c"]);
        let live = item_reliability(&table, &codebook, &items).expect("numeric items");
        assert_eq!(live.n_complete, 7, "the row with a blank item is left out");

        let mut spec = AnalysisSpec::new(
            "survey.csv",
            "y",
            vec![PredictorBlock::new(
                "Index",
                crate::spec::BlockRole::Other,
                &["abc"],
            )],
        );
        spec.composites.push(CompositeSpec {
            name: "abc".into(),
            items: items.clone(),
            min_valid: None,
        });
        let results =
            run_on_table(&spec, &table, "0".repeat(64), &progress::silent).expect("model fits");
        assert_eq!(results.composites[0].reliability, live);
    }

    #[test]
    fn item_reliability_refuses_text_and_unknown_columns() {
        let table = table();
        let codebook = Codebook::detect(&table);
        let text = item_reliability(&table, &codebook, &names(&["a", "comment"]))
            .expect_err("free text is not an item")
            .to_string();
        assert!(text.contains("comment"), "{text}");
        let unknown = item_reliability(&table, &codebook, &names(&["a", "bb"]))
            .expect_err("no such column")
            .to_string();
        assert!(unknown.contains("\"bb\""), "{unknown}");
        let one = item_reliability(&table, &codebook, &names(&["a"]))
            .expect_err("one item")
            .to_string();
        assert!(one.contains("at least 2 items"), "{one}");
    }
}
