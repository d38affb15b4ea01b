//! Weighted descriptives on a survey design: means and level percentages with
//! design-based intervals, crosstabs with the Rao–Scott test, and diverging-bar summaries
//! of every rating-scale item.
//!
//! Every number follows R's `survey` package on the same design: `svymean(na.rm = TRUE)`,
//! `confint(df = degf(design))`, `svyciprop(method = "logit")` and `svychisq`. Missing
//! answers ("Don't know", "Prefer not to say", blanks …) are outside every percentage base
//! and reported apart, by reason, as shares of all respondents.

mod context;
mod crosstab;
mod estimate;
mod likert;
mod output;

pub use crosstab::{CellShare, Crosstab, RaoScottTest};
pub use estimate::Estimate;
pub use likert::{LikertLevel, LikertSummary, Side};
pub use output::{LevelShare, MissingShare, VariableSummary};

use crate::codebook::Codebook;
use crate::error::Result;
use crate::spec::DescriptivesSpec;
use context::{Context, describable};
use rapport_read::table::Table;
use rapport_stats::survey::Design;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

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
    // Each variable is summarised on its own, so they are spread over the cores (in
    // order: the first error is the first variable's, as in a sequential loop).
    let variables: Vec<VariableSummary> = match &spec.variables {
        Some(names) => names
            .par_iter()
            .map(|name| {
                let var = ctx.variable(name)?;
                let item = ctx.item(var, false, "a described variable")?;
                Ok(ctx.summarise(var, &item))
            })
            .collect::<Result<_>>()?,
        None => codebook
            .variables
            .par_iter()
            .filter(|var| !spec.exclude.contains(&var.name) && describable(&var.kind))
            .map(|var| {
                let item = ctx.item(var, false, "a described variable")?;
                Ok((!item.is_id()).then(|| ctx.summarise(var, &item)))
            })
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .flatten()
            .collect(),
    };
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

#[cfg(test)]
mod tests {
    use super::*;
    use rapport_read::table::{Cell, Column, FileFormat, Source};
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
                .map(|(i, (name, cells))| Column::new(name, i, cells))
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
