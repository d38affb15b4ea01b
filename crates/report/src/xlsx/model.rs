//! The Model sheet: the full coefficient table, fit statistics and the rows left out, laid
//! out like R's `summary(lm)` but as real numbers an analyst can reuse.

use super::style::{self, Styles};
use rapport_engine::results::Results;
use rust_xlsxwriter::{Format, RowNum, Worksheet, XlsxError};

const HEADERS: [&str; 8] = [
    "Term",
    "Block",
    "Estimate",
    "Std. error",
    "t",
    "p",
    "95% CI low",
    "95% CI high",
];
const LAST_COL: u16 = HEADERS.len() as u16 - 1;
const NUMBER_WIDTH: f64 = 12.0;
/// Header row of the coefficient table (zero-based): frozen and repeated on printed pages.
const HEADER_ROW: RowNum = 4;

pub(super) fn write(
    ws: &mut Worksheet,
    results: &Results,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let outcome = &results.outcome.name;
    let term_width = style::width_for(
        results
            .coefficients
            .iter()
            .map(|c| c.term.as_str())
            .chain(results.aliased.iter().map(String::as_str)),
        // Also holds the fit-statistic labels below the table.
        28.0,
        45.0,
    );
    let block_width = style::width_for(
        results.spec.blocks.iter().map(|b| b.name.as_str()),
        // Also holds the missing-answer reasons ("Prefer not to say").
        18.0,
        30.0,
    );
    ws.set_column_width(0, term_width)?;
    ws.set_column_width(1, block_width)?;
    for col in 2..=LAST_COL {
        ws.set_column_width(col, NUMBER_WIDTH)?;
    }
    style::print_setup(ws, Some(HEADER_ROW))?;
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;

    style::text(ws, 0, 0, &format!("Model of {outcome}"), &styles.title)?;
    let intro = [
        format!(
            "{}. Standard errors: {}.",
            results.model.family, results.model.variance
        ),
        format!(
            "Estimates: the difference in {outcome} that goes with one unit more of the term, \
             other terms held equal."
        ),
        format!(
            "Scoring of {outcome}: {}. p below 0.001 shows as <0.001.",
            results.outcome.scoring
        ),
    ];
    for (row, line) in (1..).zip(&intro) {
        style::text(ws, row, 0, line, &styles.aside)?;
    }
    style::header_row(ws, HEADER_ROW, &HEADERS, 2..HEADERS.len() as u16, styles)?;

    let mut row = HEADER_ROW + 1;
    for c in &results.coefficients {
        style::text(ws, row, 0, &c.term, &styles.text)?;
        style::text(ws, row, 1, c.block.as_deref().unwrap_or(""), &styles.text)?;
        let est = styles.estimate(c.estimate, c.std_error);
        style::number(ws, row, 2, c.estimate, est)?;
        style::number(ws, row, 3, c.std_error, est)?;
        style::number(ws, row, 4, c.statistic, &styles.fixed2)?;
        style::number(ws, row, 5, c.p_value, &styles.p_value)?;
        style::number(ws, row, 6, c.conf_low, est)?;
        style::number(ws, row, 7, c.conf_high, est)?;
        row += 1;
    }
    for term in &results.aliased {
        style::text(ws, row, 0, term, &styles.aliased)?;
        style::text(
            ws,
            row,
            1,
            block_of(results, term).unwrap_or(""),
            &styles.aliased,
        )?;
        style::text(ws, row, 2, "aliased (not estimable)", &styles.aliased)?;
        row += 1;
    }
    if !results.aliased.is_empty() {
        for line in [
            "Aliased terms are exact combinations of the terms above, so the data cannot separate",
            "their effect from those; they are left out of the fit, as R's lm() does.",
        ] {
            style::text(ws, row, 0, line, &styles.aside)?;
            row += 1;
        }
    }

    row = fit_table(ws, row + 1, results, styles)?;
    dropped_table(ws, row + 1, results, styles)
}

/// Whole-model statistics, each with a one-line explanation.
fn fit_table(
    ws: &mut Worksheet,
    mut row: RowNum,
    results: &Results,
    styles: &Styles,
) -> Result<RowNum, XlsxError> {
    let fit = &results.fit;
    let outcome = &results.outcome.name;
    style::heading(ws, row, LAST_COL, "Model fit", styles)?;
    row += 1;
    let f_label = format!("F ({}, {})", fit.df_model, fit.df_residual);
    let r2_kind = format!(
        "Share of the variation in the outcome the model accounts for ({}).",
        fit.r_squared_kind
    );
    let sigma = format!("Typical distance of an answer from the model's prediction ({outcome}).");
    let rows: [(&str, Stat, &str); 10] = [
        (
            "Respondents used (N)",
            Stat::Count(fit.n),
            "Rows with every answer the model needs.",
        ),
        (
            "Left out",
            Stat::Count(fit.n_dropped),
            "Rows missing at least one of those answers (see below).",
        ),
        ("R²", Stat::Value(fit.r_squared, &styles.fixed3), &r2_kind),
        (
            "Adjusted R²",
            Stat::Optional(fit.adj_r_squared, &styles.fixed3),
            "R² discounted for the number of terms.",
        ),
        (
            "Residual std. error (sigma)",
            Stat::Optional(fit.sigma, &styles.fixed3),
            &sigma,
        ),
        (
            &f_label,
            Stat::Optional(fit.f_statistic, &styles.fixed2),
            "Do the terms together go with the outcome at all? (df in brackets)",
        ),
        (
            "p (F test)",
            Stat::Optional(fit.f_p_value, &styles.p_value),
            "Chance of an F this large if no term mattered.",
        ),
        (
            "Log-likelihood",
            Stat::Value(fit.log_likelihood, &styles.fixed3),
            "Basis of AIC and BIC.",
        ),
        (
            "AIC",
            Stat::Value(fit.aic, &styles.fixed3),
            "Akaike information criterion: lower is better, on the same rows.",
        ),
        (
            "BIC",
            Stat::Value(fit.bic, &styles.fixed3),
            "Bayesian information criterion: as AIC, penalising terms more.",
        ),
    ];
    for (label, stat, explanation) in rows {
        style::text(ws, row, 0, label, &styles.label)?;
        match stat {
            Stat::Count(n) => style::count(ws, row, 1, n, &styles.count)?,
            Stat::Value(x, format) => style::number(ws, row, 1, x, format)?,
            Stat::Optional(x, format) => style::optional(ws, row, 1, x, format)?,
        }
        style::text(ws, row, 2, explanation, &styles.aside_indented)?;
        row += 1;
    }
    Ok(row)
}

/// One fit statistic's value and how to show it.
enum Stat<'a> {
    Count(usize),
    Value(f64, &'a Format),
    Optional(Option<f64>, &'a Format),
}

/// Rows dropped from the model, by column and reason.
fn dropped_table(
    ws: &mut Worksheet,
    mut row: RowNum,
    results: &Results,
    styles: &Styles,
) -> Result<(), XlsxError> {
    style::heading(
        ws,
        row,
        LAST_COL,
        "Rows left out, by question and reason",
        styles,
    )?;
    row += 1;
    if results.dropped.is_empty() {
        style::text(ws, row, 0, "No rows were left out.", &styles.text)?;
        return Ok(());
    }
    style::header_row(ws, row, &["Question", "Reason", "Rows"], 2..3, styles)?;
    row += 1;
    for d in &results.dropped {
        style::text(ws, row, 0, &d.column, &styles.text)?;
        style::text(ws, row, 1, d.reason.label(), &styles.text)?;
        style::count(ws, row, 2, d.rows, &styles.count)?;
        row += 1;
    }
    let note = format!(
        "A row missing on two questions counts under both, so these can add up to more than the {} \
         rows left out.",
        results.fit.n_dropped
    );
    style::text(ws, row, 0, &note, &styles.aside)
}

/// The block an aliased term's column belongs to (`kind` or `area[T.North]`).
fn block_of<'a>(results: &'a Results, term: &str) -> Option<&'a str> {
    let variable = term.split_once("[T.").map_or(term, |(v, _)| v);
    results
        .spec
        .predictors()
        .find(|(_, p)| *p == variable)
        .map(|(b, _)| b.name.as_str())
}
