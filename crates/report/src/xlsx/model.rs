//! The Model sheet: the full coefficient table (with odds ratios and cut-points for
//! logistic and ordinal models), fit statistics, average marginal effects, the test of
//! what each block adds, the standard errors and sampling design, and the rows left out;
//! laid out like R's `summary()` but as real numbers an analyst can reuse.

use super::style::{self, Styles};
use rapport_engine::results::{BlockTestMethod, Coefficient, LikelihoodFit, Results};
use rapport_engine::spec::Family;
use rapport_read::text::format_df;
use rust_xlsxwriter::{ColNum, Format, RowNum, Worksheet, XlsxError};

const BASE_HEADERS: [&str; 8] = [
    "Term",
    "Block",
    "Estimate",
    "Std. error",
    "t",
    "p",
    "95% CI low",
    "95% CI high",
];
const ODDS_HEADERS: [&str; 3] = ["OR", "OR 95% low", "OR 95% high"];
const NUMBER_WIDTH: f64 = 12.0;
/// Header row of the coefficient table (zero-based): frozen and repeated on printed pages.
const HEADER_ROW: RowNum = 4;

/// The sheet's shape: how many columns the tables use and how long a line of text under
/// them may be.
struct Layout {
    last_col: ColNum,
    /// Characters that fit across the table's columns.
    line_width: usize,
    /// "t" or "z".
    stat: &'static str,
}

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
            .chain(&results.thresholds)
            .map(|c| c.term.as_str())
            .chain(results.aliased.iter().map(String::as_str)),
        // Also holds the fit-statistic labels below the table.
        30.0,
        45.0,
    );
    let block_width = style::width_for(
        results.spec.blocks.iter().map(|b| b.name.as_str()),
        // Also holds the missing-answer reasons ("Prefer not to say") and design columns.
        20.0,
        30.0,
    );
    let odds = results.coefficients.iter().any(|c| c.odds_ratio.is_some());
    let mut headers = BASE_HEADERS.to_vec();
    let stat = if results.model.inference_df.is_some() {
        "t"
    } else {
        "z"
    };
    headers[4] = stat;
    if odds {
        headers.extend(ODDS_HEADERS);
    }
    let last_col = headers.len() as ColNum - 1;
    ws.set_column_width(0, term_width)?;
    ws.set_column_width(1, block_width)?;
    for col in 2..=last_col {
        ws.set_column_width(col, NUMBER_WIDTH)?;
    }
    let layout = Layout {
        last_col,
        line_width: (term_width + block_width + NUMBER_WIDTH * f64::from(last_col - 1)) as usize
            - 4,
        stat,
    };
    style::print_setup(ws, Some(HEADER_ROW))?;
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;

    style::text(ws, 0, 0, &format!("Model of {outcome}"), &styles.title)?;
    let intro = [
        format!(
            "{}. Standard errors: {}.",
            results.model.family, results.model.variance
        ),
        estimates_line(results),
        format!(
            "Scoring of {outcome}: {}. p below 0.001 shows as <0.001.",
            results.outcome.scoring
        ),
    ];
    for (row, line) in (1..).zip(&intro) {
        style::text(ws, row, 0, line, &styles.aside)?;
    }
    style::header_row(ws, HEADER_ROW, &headers, 2..headers.len() as u16, styles)?;

    let mut row = HEADER_ROW + 1;
    for c in &results.coefficients {
        coefficient_row(ws, row, c, c.block.as_deref().unwrap_or(""), odds, styles)?;
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

    if !results.thresholds.is_empty() {
        row = cut_points(ws, row + 1, results, &layout, styles)?;
    }
    row = fit_table(ws, row + 1, results, &layout, styles)?;
    if !results.marginal_effects.is_empty() {
        row = marginal_effects(ws, row + 1, results, &layout, styles)?;
    }
    if !results.block_tests.is_empty() {
        row = block_tests(ws, row + 1, results, &layout, styles)?;
    }
    row = design(ws, row + 1, results, &layout, styles)?;
    dropped_table(ws, row + 1, results, &layout, styles)
}

/// What an estimate means, for the model's family.
fn estimates_line(results: &Results) -> String {
    let outcome = &results.outcome.name;
    match results.model.family_kind {
        Family::Ols => format!(
            "Estimates: the difference in {outcome} that goes with one unit more of the term, \
             other terms held equal."
        ),
        Family::Logit => format!(
            "Estimates: the change in the log-odds of {} per unit more of the term, other terms \
             held equal; OR (odds ratio) = how many times the odds multiply.",
            positive(results)
        ),
        Family::Ordinal => format!(
            "Estimates: the change in the log-odds of a higher {outcome} answer per unit more of \
             the term, other terms held equal; OR (odds ratio) = how many times those odds multiply."
        ),
    }
}

/// The answers a logistic model counts as 1, in words.
fn positive(results: &Results) -> String {
    let levels = &results.outcome.positive_levels;
    match levels.as_slice() {
        [] => format!("{} (yes)", results.outcome.name),
        [one] => format!("answering \"{one}\""),
        [init @ .., last] => format!(
            "answering {} or \"{last}\"",
            init.iter()
                .map(|l| format!("\"{l}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// One row of a coefficient table: term, block, estimate, SE, statistic, p, interval and,
/// when `odds`, the odds ratio with its interval.
fn coefficient_row(
    ws: &mut Worksheet,
    row: RowNum,
    c: &Coefficient,
    block: &str,
    odds: bool,
    styles: &Styles,
) -> Result<(), XlsxError> {
    style::text(ws, row, 0, &c.term, &styles.text)?;
    style::text(ws, row, 1, block, &styles.text)?;
    let est = styles.estimate(c.estimate, c.std_error);
    style::number(ws, row, 2, c.estimate, est)?;
    style::number(ws, row, 3, c.std_error, est)?;
    style::number(ws, row, 4, c.statistic, &styles.fixed2)?;
    style::number(ws, row, 5, c.p_value, &styles.p_value)?;
    style::number(ws, row, 6, c.conf_low, est)?;
    style::number(ws, row, 7, c.conf_high, est)?;
    if odds && let Some(or) = &c.odds_ratio {
        style::number(ws, row, 8, or.estimate, &styles.fixed3)?;
        style::number(ws, row, 9, or.conf_low, &styles.fixed3)?;
        style::number(ws, row, 10, or.conf_high, &styles.fixed3)?;
    }
    Ok(())
}

/// The ordinal model's cut-points, with what they are.
fn cut_points(
    ws: &mut Worksheet,
    mut row: RowNum,
    results: &Results,
    layout: &Layout,
    styles: &Styles,
) -> Result<RowNum, XlsxError> {
    style::heading(ws, row, layout.last_col, "Cut-points", styles)?;
    row += 1;
    let note = format!(
        "Where the answers divide on the model's log-odds scale: the predicted chance of an \
         answer at or below the first level of a pair is logistic(cut-point − the sum of the \
         respondent's terms). They place the answer categories; they are not effects. {} \
         named as lower|upper, as R's polr() names them.",
        results.outcome.name
    );
    row = style::sentence(ws, row, &note, layout.line_width, &styles.aside)?;
    let mut headers = BASE_HEADERS.to_vec();
    headers[0] = "Cut-point";
    headers[1] = "";
    headers[4] = layout.stat;
    style::header_row(ws, row, &headers, 2..8, styles)?;
    row += 1;
    for c in &results.thresholds {
        coefficient_row(ws, row, c, "", false, styles)?;
        row += 1;
    }
    Ok(row)
}

/// Whole-model statistics, each with a one-line explanation.
fn fit_table(
    ws: &mut Worksheet,
    mut row: RowNum,
    results: &Results,
    layout: &Layout,
    styles: &Styles,
) -> Result<RowNum, XlsxError> {
    let fit = &results.fit;
    style::heading(ws, row, layout.last_col, "Model fit", styles)?;
    row += 1;
    let mut rows: Vec<(String, Stat, String)> = vec![
        (
            "Respondents used (N)".into(),
            Stat::Count(fit.n),
            "Rows with every answer the model needs.".into(),
        ),
        (
            "Left out".into(),
            Stat::Count(fit.n_dropped),
            "Rows missing at least one of those answers (see below).".into(),
        ),
    ];
    match &results.likelihood {
        None => rows.extend(least_squares_rows(results, styles)),
        Some(ml) => rows.extend(likelihood_rows(results, ml, styles)),
    }
    rows.extend([
        (
            "Log-likelihood".into(),
            Stat::Value(fit.log_likelihood, &styles.fixed3),
            "Basis of AIC and BIC.".into(),
        ),
        (
            "AIC".into(),
            Stat::Value(fit.aic, &styles.fixed3),
            "Akaike information criterion: lower is better, on the same rows.".into(),
        ),
        (
            "BIC".into(),
            Stat::Value(fit.bic, &styles.fixed3),
            "Bayesian information criterion: as AIC, penalising terms more.".into(),
        ),
    ]);
    if let Some(ml) = &results.likelihood {
        rows.extend(convergence_rows(ml, styles));
    }
    for (label, stat, explanation) in rows {
        style::text(ws, row, 0, &label, &styles.label)?;
        match stat {
            Stat::Count(n) => style::count(ws, row, 1, n, &styles.count)?,
            Stat::Value(x, format) => style::number(ws, row, 1, x, format)?,
            Stat::Optional(x, format) => style::optional(ws, row, 1, x, format)?,
            Stat::Text(s) => style::text(ws, row, 1, s, &styles.text)?,
        }
        style::text(ws, row, 2, &explanation, &styles.aside_indented)?;
        row += 1;
    }
    if let Some(ml) = &results.likelihood
        && !ml.separation.is_empty()
    {
        style::text(
            ws,
            row,
            0,
            "Separation: some estimates run off to infinity",
            &styles.label,
        )?;
        row += 1;
        for s in &ml.separation {
            row = style::sentence(ws, row, &format!("• {s}"), layout.line_width, &styles.text)?;
        }
        row = style::sentence(
            ws,
            row,
            "The predictors predict these answers perfectly, so their estimates, standard errors \
             and odds ratios are not meaningful: merge small categories or leave the term out.",
            layout.line_width,
            &styles.aside,
        )?;
    }
    Ok(row)
}

/// R², σ and the F test of a least-squares fit.
fn least_squares_rows<'a>(
    results: &Results,
    styles: &'a Styles,
) -> Vec<(String, Stat<'a>, String)> {
    let fit = &results.fit;
    let outcome = &results.outcome.name;
    vec![
        (
            "R²".into(),
            Stat::Value(fit.r_squared, &styles.fixed3),
            format!(
                "Share of the variation in the outcome the model accounts for ({}).",
                fit.r_squared_kind
            ),
        ),
        (
            "Adjusted R²".into(),
            Stat::Optional(fit.adj_r_squared, &styles.fixed3),
            "R² discounted for the number of terms.".into(),
        ),
        (
            "Residual std. error (sigma)".into(),
            Stat::Optional(fit.sigma, &styles.fixed3),
            format!("Typical distance of an answer from the model's prediction ({outcome})."),
        ),
        (
            format!("F ({}, {})", fit.df_model, fit.df_residual),
            Stat::Optional(fit.f_statistic, &styles.fixed2),
            "Do the terms together go with the outcome at all? (df in brackets)".into(),
        ),
        (
            "p (F test)".into(),
            Stat::Optional(fit.f_p_value, &styles.p_value),
            "Chance of an F this large if no term mattered.".into(),
        ),
    ]
}

/// Pseudo-R² and the likelihood-ratio test of a logistic or ordinal fit.
fn likelihood_rows<'a>(
    results: &Results,
    ml: &LikelihoodFit,
    styles: &'a Styles,
) -> Vec<(String, Stat<'a>, String)> {
    let mut rows = vec![(
        "McFadden's pseudo-R²".into(),
        Stat::Value(ml.mcfadden_r_squared, &styles.fixed3),
        "1 − log-likelihood ÷ null log-likelihood. Not a share of variation: 0.2 to 0.4 already \
         means the terms separate the answers well."
            .to_string(),
    )];
    if let Some(nagelkerke) = ml.nagelkerke_r_squared {
        rows.push((
            "Nagelkerke's R²".into(),
            Stat::Value(nagelkerke, &styles.fixed3),
            "Cox–Snell R² rescaled to reach 1 for a perfect fit (binary logistic only).".into(),
        ));
    }
    match &ml.lr_test {
        Some(lr) => rows.extend([
            (
                format!("Likelihood-ratio χ² ({})", lr.df),
                Stat::Value(lr.statistic, &styles.fixed2),
                "Do the terms together go with the outcome at all? Against the model with no \
                 terms (df in brackets)."
                    .into(),
            ),
            (
                "p (LR test)".into(),
                Stat::Value(lr.p_value, &styles.p_value),
                "Chance of a χ² this large if no term mattered.".into(),
            ),
        ]),
        None => rows.push((
            "Likelihood-ratio test".into(),
            Stat::Text("n/a"),
            "With sampling weights the likelihood is a pseudo-likelihood, so there is no LR \
             test; see the Wald tests of each block below."
                .into(),
        )),
    }
    rows.extend([
        (
            "Null log-likelihood".into(),
            Stat::Value(ml.null_log_likelihood, &styles.fixed3),
            format!(
                "The model with no terms{}.",
                if results.model.family_kind == Family::Ordinal {
                    " (cut-points only)"
                } else {
                    " (intercept only)"
                }
            ),
        ),
        (
            "Deviance".into(),
            Stat::Value(ml.deviance, &styles.fixed3),
            "−2 × log-likelihood.".into(),
        ),
    ]);
    rows
}

/// Whether the maximum-likelihood fit converged.
fn convergence_rows<'a>(ml: &LikelihoodFit, styles: &'a Styles) -> Vec<(String, Stat<'a>, String)> {
    vec![
        (
            "Iterations".into(),
            Stat::Count(ml.iterations),
            "Newton steps taken to reach the estimates.".into(),
        ),
        (
            "Converged".into(),
            Stat::Text(if ml.converged { "Yes" } else { "No" }),
            if ml.converged {
                "The estimates are the maximum of the likelihood.".into()
            } else {
                "The fit stopped before reaching the maximum: do not rely on these estimates."
                    .into()
            },
        ),
        (
            "Largest score at the end".into(),
            Stat::Value(ml.max_score, &styles.sci),
            "Largest slope of the log-likelihood left: near 0 at the maximum.".into(),
        ),
    ]
}

/// One fit statistic's value and how to show it.
enum Stat<'a> {
    Count(usize),
    Value(f64, &'a Format),
    Optional(Option<f64>, &'a Format),
    Text(&'static str),
}

/// A logistic model's average marginal effects.
fn marginal_effects(
    ws: &mut Worksheet,
    mut row: RowNum,
    results: &Results,
    layout: &Layout,
    styles: &Styles,
) -> Result<RowNum, XlsxError> {
    style::heading(ws, row, layout.last_col, "Average marginal effects", styles)?;
    row += 1;
    let note = format!(
        "The average change in the probability of {} with one unit more of the term, other \
         terms held equal (0.05 = 5 percentage points more likely); delta-method standard errors.",
        positive(results)
    );
    row = style::sentence(ws, row, &note, layout.line_width, &styles.aside)?;
    let mut headers = BASE_HEADERS.to_vec();
    headers[2] = "Change in probability";
    headers[4] = layout.stat;
    style::header_row(ws, row, &headers, 2..8, styles)?;
    fit_header(ws, row, &headers)?;
    row += 1;
    for m in &results.marginal_effects {
        let block = results
            .coefficients
            .iter()
            .find(|c| c.term == m.term)
            .and_then(|c| c.block.as_deref())
            .unwrap_or("");
        style::text(ws, row, 0, &m.term, &styles.text)?;
        style::text(ws, row, 1, block, &styles.text)?;
        let est = styles.estimate(m.estimate, m.std_error);
        style::number(ws, row, 2, m.estimate, est)?;
        style::number(ws, row, 3, m.std_error, est)?;
        style::number(ws, row, 4, m.statistic, &styles.fixed2)?;
        style::number(ws, row, 5, m.p_value, &styles.p_value)?;
        style::number(ws, row, 6, m.conf_low, est)?;
        style::number(ws, row, 7, m.conf_high, est)?;
        row += 1;
    }
    Ok(row)
}

pub(super) const BLOCK_HEADERS: [&str; 8] = [
    "Block",
    "Test",
    "Statistic",
    "df",
    "Denominator df",
    "p",
    "Explained without",
    "Explained with",
];

/// The test's name as the table shows it.
pub(super) fn test_name(method: BlockTestMethod, df_denominator: Option<f64>) -> &'static str {
    match (method, df_denominator) {
        (BlockTestMethod::F, _) => "F (change in R²)",
        (BlockTestMethod::Wald, Some(_)) => "Wald F",
        (BlockTestMethod::Wald, None) => "Wald χ²",
        (BlockTestMethod::LikelihoodRatio, _) => "χ² (likelihood ratio)",
    }
}

/// Does each block add to the others? One nested-model test per block, with its sentence.
fn block_tests(
    ws: &mut Worksheet,
    mut row: RowNum,
    results: &Results,
    layout: &Layout,
    styles: &Styles,
) -> Result<RowNum, XlsxError> {
    style::heading(
        ws,
        row,
        layout.last_col,
        "Does each block add to the others?",
        styles,
    )?;
    row += 1;
    let explained = if results.likelihood.is_some() {
        "McFadden's pseudo-R²"
    } else {
        "R²"
    };
    let note = format!(
        "Each block against the same model without it, on the same respondents: do its terms \
         together add to what the other blocks explain? \"Explained\" is the model's {explained} \
         without and with the block. p below 0.05: the block clearly adds."
    );
    row = style::sentence(ws, row, &note, layout.line_width, &styles.aside)?;
    style::header_row(ws, row, &BLOCK_HEADERS, 2..8, styles)?;
    fit_header(ws, row, &BLOCK_HEADERS)?;
    row += 1;
    for t in &results.block_tests {
        style::text(ws, row, 0, &t.block, &styles.label)?;
        style::text(
            ws,
            row,
            1,
            test_name(t.method, t.df_denominator),
            &styles.text,
        )?;
        style::number(ws, row, 2, t.statistic, &styles.fixed2)?;
        style::count(ws, row, 3, t.df, &styles.count)?;
        if let Some(ddf) = t.df_denominator {
            style::number(ws, row, 4, ddf, &styles.fixed2)?;
        }
        style::number(ws, row, 5, t.p_value, &styles.p_value)?;
        style::number(ws, row, 6, t.explained_without, &styles.percent1)?;
        style::number(ws, row, 7, t.explained_with, &styles.percent1)?;
        row += 1;
        row = style::sentence(ws, row, &t.text, layout.line_width, &styles.aside_indented)?;
    }
    Ok(row)
}

/// The standard errors in words, and the sampling design behind them.
fn design(
    ws: &mut Worksheet,
    mut row: RowNum,
    results: &Results,
    layout: &Layout,
    styles: &Styles,
) -> Result<RowNum, XlsxError> {
    style::heading(
        ws,
        row,
        layout.last_col,
        "Standard errors and sampling design",
        styles,
    )?;
    row += 1;
    style::text(ws, row, 0, "Standard errors", &styles.label)?;
    row += 1;
    row = style::sentence(
        ws,
        row,
        &results.model.variance,
        layout.line_width,
        &styles.text,
    )?;
    let tests = match results.model.inference_df {
        Some(df) => format!(
            "Tests and intervals use the t distribution with {} degrees of freedom.",
            format_df(df)
        ),
        None => "Tests and intervals use the normal distribution (z).".to_string(),
    };
    row = style::sentence(ws, row, &tests, layout.line_width, &styles.aside)?;
    let Some(d) = &results.model.design else {
        return style::sentence(
            ws,
            row,
            "No sampling design was given: every respondent counts once and answers are treated \
             as independent draws.",
            layout.line_width,
            &styles.aside,
        );
    };
    let columns = [
        (
            "Weight column",
            &d.weight,
            "none: every respondent counts once",
        ),
        ("Strata column", &d.strata, "none"),
        (
            "Cluster column",
            &d.cluster,
            "none: each respondent is their own unit",
        ),
    ];
    for (label, column, none) in columns {
        style::text(ws, row, 0, label, &styles.label)?;
        match column {
            Some(c) => style::text(ws, row, 1, c, &styles.text)?,
            None => style::text(ws, row, 1, none, &styles.aside)?,
        }
        row += 1;
    }
    let rows: [(&str, Stat, &str); 7] = [
        (
            "Rows in the design",
            Stat::Count(d.rows),
            "Rows with every design column.",
        ),
        (
            "Strata",
            Stat::Count(d.n_strata),
            "Groups sampled separately.",
        ),
        (
            "Primary sampling units",
            Stat::Count(d.n_psu),
            "Clusters (or respondents, without a cluster column) sampled within the strata.",
        ),
        (
            "Strata with one unit",
            Stat::Count(d.lonely_strata),
            "Their variance is measured from the overall mean, as R's survey.lonely.psu = \
             \"adjust\".",
        ),
        (
            "Design degrees of freedom",
            Stat::Count(d.df),
            "Units minus strata (R's degf): the basis of the design's t tests.",
        ),
        (
            "Kish effective sample size",
            Stat::Value(d.kish_effective_n, &styles.fixed2),
            "How many equally weighted respondents the model's weighted rows are worth: \
             (Σw)² ÷ Σw².",
        ),
        (
            "Weighting design effect",
            Stat::Value(d.weighting_design_effect, &styles.fixed2),
            "Respondents ÷ effective size: how much the weights alone widen intervals (above 2 \
             deserves a look).",
        ),
    ];
    for (label, stat, explanation) in rows {
        style::text(ws, row, 0, label, &styles.label)?;
        match stat {
            Stat::Count(n) => style::count(ws, row, 1, n, &styles.count)?,
            Stat::Value(x, format) => style::number(ws, row, 1, x, format)?,
            Stat::Optional(x, format) => style::optional(ws, row, 1, x, format)?,
            Stat::Text(s) => style::text(ws, row, 1, s, &styles.text)?,
        }
        style::text(ws, row, 2, explanation, &styles.aside_indented)?;
        row += 1;
    }
    Ok(row)
}

/// Make a header row tall enough for the headers that wrap in the number columns.
fn fit_header(ws: &mut Worksheet, row: RowNum, headers: &[&str]) -> Result<(), XlsxError> {
    let cells: Vec<(&str, f64)> = headers
        .iter()
        .skip(2)
        .map(|h| (*h, NUMBER_WIDTH - 1.0))
        .collect();
    style::fit_row(ws, row, &cells)
}

/// Rows dropped from the model, by column and reason.
fn dropped_table(
    ws: &mut Worksheet,
    mut row: RowNum,
    results: &Results,
    layout: &Layout,
    styles: &Styles,
) -> Result<(), XlsxError> {
    style::heading(
        ws,
        row,
        layout.last_col,
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
    style::text(ws, row, 0, &note, &styles.aside)?;
    Ok(())
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
