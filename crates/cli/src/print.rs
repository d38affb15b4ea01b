//! Printing for people (aligned tables, R-like model summary) and programs (JSON).

use rapport_engine::codebook::{Codebook, Variable, VariableKind};
use rapport_engine::coding::ScoreOrder;
use rapport_engine::drivers::{Drivers, ItemShare, Share};
use rapport_engine::rake::RakeReport;
use rapport_engine::results::Results;
use rapport_engine::spec::PerformanceMeasure;
use rapport_read::SheetInfo;
use rapport_read::table::{SheetLayout, Table};
use rapport_read::text::format_number;
use rapport_read::text::normalise;
use rapport_read::text::thousands;
use serde::Serialize;
use std::path::Path;

/// Pretty JSON on stdout. serde_json writes floats as the shortest string that reads back
/// to the same f64, so nothing is lost.
pub fn json<T: Serialize>(value: &T) -> Result<(), String> {
    let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    println!("{text}");
    Ok(())
}

/// Print rows as columns under a header: left-aligned, right-aligned from column
/// `right_from` on.
fn grid(header: &[&str], rows: &[Vec<String>], right_from: usize) {
    let right: Vec<bool> = (0..header.len()).map(|i| i >= right_from).collect();
    grid_aligned(header, rows, &right);
}

/// `rapport sheets`.
pub fn sheets(file: &Path, sheets: &[SheetInfo]) -> Result<(), String> {
    println!("{}", file.display());
    let rows: Vec<Vec<String>> = sheets
        .iter()
        .map(|s| {
            vec![
                s.index.to_string(),
                s.name.clone(),
                s.header_row.map_or("none found".into(), |r| r.to_string()),
                thousands(s.rows),
                s.columns.to_string(),
            ]
        })
        .collect();
    grid(
        &["#", "Sheet", "Header row", "Data rows", "Columns"],
        &rows,
        99,
    );
    Ok(())
}

/// `rapport describe`: what was found around the data, each variable, and how coded
/// columns were read and scored.
pub fn codebook(table: &Table, codebook: &Codebook) -> Result<(), String> {
    println!(
        "{} — header on row {}, {} data rows",
        table.source.describe(),
        table.header_row,
        thousands(table.n_rows())
    );
    for line in layout_lines(&codebook.layout) {
        println!("{line}");
    }
    let groups = !codebook.layout.groups.is_empty();
    let rows: Vec<Vec<String>> = codebook
        .variables
        .iter()
        .map(|v| {
            let kind = match &v.kind {
                VariableKind::Scale { scale } => scale.name.clone(),
                VariableKind::Numeric => "Numeric".into(),
                VariableKind::Categorical => "Categories".into(),
                VariableKind::Boolean => "True/false".into(),
                VariableKind::Date => "Date".into(),
                VariableKind::Text => "Free text".into(),
                VariableKind::Empty => "Empty".into(),
            };
            let levels = v
                .levels
                .iter()
                .map(|l| match l.score {
                    Some(s) => format!("{}={}", format_number(s), l.label),
                    None => l.label.clone(),
                })
                .collect::<Vec<_>>()
                .join(" | ");
            let mut missing: Vec<String> = v
                .missing
                .iter()
                .filter(|m| m.count > 0)
                .map(|m| format!("{} {}", m.reason.label(), m.count))
                .collect();
            if v.invalid_n > 0 {
                missing.push(format!(
                    "not valid {} (e.g. {})",
                    v.invalid_n,
                    v.invalid_examples.join(", ")
                ));
            }
            let mut row = vec![v.name.clone(), v.column.clone()];
            if groups {
                let group = codebook.layout.group_of(&v.name).unwrap_or_default();
                row.push(group.to_string());
            }
            row.extend([kind, v.valid_n.to_string(), missing.join(", "), levels]);
            row
        })
        .collect();
    let mut header = vec!["Variable", "Col"];
    if groups {
        header.push("Group");
    }
    header.extend(["Kind", "Valid", "Missing by reason", "Levels (in order)"]);
    grid(&header, &rows, 99);
    let notes: Vec<(String, String)> = codebook
        .variables
        .iter()
        .filter_map(|v| Some((v.name.clone(), coding_note(v)?)))
        .collect();
    if !notes.is_empty() {
        println!("\nCodes and scoring:");
        let width = notes
            .iter()
            .map(|(n, _)| n.chars().count())
            .max()
            .unwrap_or(0);
        for (name, note) in notes {
            println!("  {name:<width$}  {note}");
        }
    }
    Ok(())
}

/// One line each for the codebook sheet, the group titles and the totals rows found.
fn layout_lines(layout: &SheetLayout) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(c) = &layout.codebook {
        let mut line = format!(
            "Codebook: sheet \"{}\" (header on row {}) applied",
            c.sheet, c.header_row
        );
        if !c.unmatched.is_empty() {
            line.push_str(&format!(
                "; not columns of the data, so unused: {}",
                c.unmatched.join(", ")
            ));
        }
        lines.push(line);
    }
    if let Some(row) = layout.group_row {
        let groups: Vec<String> = layout
            .groups
            .iter()
            .map(|g| format!("\"{}\" over {}", g.title, g.columns.join(", ")))
            .collect();
        lines.push(format!("Group titles on row {row}: {}", groups.join("; ")));
    }
    for t in &layout.totals_rows {
        let fate = if t.kept {
            "kept as data"
        } else {
            "left out of the data"
        };
        lines.push(format!("Totals row {} (\"{}\") {fate}", t.row, t.label));
    }
    lines
}

/// How a variable's codes were read and which way it is scored, in words; `None` when
/// nothing but the sheet's own answers says anything about it.
fn coding_note(v: &Variable) -> Option<String> {
    let coding = v.coding.as_ref()?;
    let mut parts = Vec::new();
    if let Some(q) = &coding.question {
        parts.push(format!("\"{q}\""));
    }
    if let Some(coded) = coding.coded_text() {
        parts.push(coded);
    } else if !coding.answer_codes().is_empty() {
        let codes: Vec<String> = coding
            .answer_codes()
            .iter()
            .map(|c| format!("{} = {}", format_number(c.code), c.label))
            .collect();
        parts.push(format!(
            "labels {} not applied (most values in the column have no label), read as numbers",
            codes.join(", ")
        ));
    }
    let scored = || {
        let (first, last) = (v.levels.first()?, v.levels.last()?);
        Some(format!(
            "scored {} = {} … {} = {}",
            format_number(first.score?),
            first.label,
            format_number(last.score?),
            last.label
        ))
    };
    match coding.order {
        ScoreOrder::AsDetected => {}
        ScoreOrder::Rescored => parts.extend(scored().map(|s| {
            format!(
                "{s} (codes run from the most positive answer, so rescored: higher = more positive)"
            )
        })),
        ScoreOrder::KeptAsCoded => {
            parts.extend(scored().map(|s| format!("{s} (kept in code order by the spec)")))
        }
        ScoreOrder::Reversed => {
            parts.extend(scored().map(|s| format!("{s} (reversed by the spec)")))
        }
        ScoreOrder::ReversedNumbers { low, high } => parts.push(format!(
            "scored {} − value, so {} and {} swap (reversed by the spec)",
            format_number(low + high),
            format_number(low),
            format_number(high)
        )),
    }
    let missing: Vec<String> = coding
        .codes
        .iter()
        .filter_map(|c| {
            let reason = c.missing?;
            let mut why = Vec::new();
            if normalise(&c.label) != normalise(reason.label()) {
                why.push(reason.label().to_lowercase());
            }
            if c.from_spec {
                why.push("from the spec".to_string());
            }
            let why = match why.is_empty() {
                true => String::new(),
                false => format!(" ({})", why.join(", ")),
            };
            Some(format!("{} = {}{why}", format_number(c.code), c.label))
        })
        .collect();
    if !missing.is_empty() {
        parts.push(format!("missing codes {}", missing.join(", ")));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// Format a number with `sig` significant digits, switching to scientific notation for
/// very small or large magnitudes (as R's print does).
fn sig(x: f64, sig: usize) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "NA".into()
        } else {
            format!("{x}")
        };
    }
    if x == 0.0 {
        return "0".into();
    }
    let magnitude = x.abs().log10().floor() as i32;
    if !(-4..=8).contains(&magnitude) {
        return format!("{:.*e}", sig.saturating_sub(1), x);
    }
    let decimals = (sig as i32 - 1 - magnitude).max(0) as usize;
    format!("{x:.decimals$}")
}

/// p-values as R prints them: "< 2.2e-16" below machine precision, else 3 significant digits.
fn p_value(p: f64) -> String {
    if p < 2.2e-16 {
        "< 2.2e-16".into()
    } else {
        sig(p, 3)
    }
}

/// `rapport fit` / `rapport run` as an R-like summary with the findings underneath.
pub fn results(r: &Results) {
    if let Some(title) = &r.spec.title {
        println!("{title}");
    }
    let sheet = r
        .input
        .sheet
        .as_ref()
        .map(|s| format!(", sheet \"{s}\""))
        .unwrap_or_default();
    println!(
        "Data: {}{sheet} (header row {}, {} rows; SHA-256 {})",
        r.input.file,
        r.input.header_row,
        thousands(r.input.rows),
        r.input.sha256
    );
    println!("Outcome: {} ({})", r.outcome.name, r.outcome.scoring);
    println!(
        "Model: {}; standard errors: {}",
        r.model.family, r.model.variance
    );
    println!();
    let mut rows: Vec<Vec<String>> = r
        .coefficients
        .iter()
        .map(|c| {
            vec![
                c.term.clone(),
                c.block.clone().unwrap_or_default(),
                sig(c.estimate, 5),
                sig(c.std_error, 5),
                format!("{:.3}", c.statistic),
                p_value(c.p_value),
                sig(c.conf_low, 5),
                sig(c.conf_high, 5),
            ]
        })
        .collect();
    rows.extend(r.aliased.iter().map(|t| {
        let mut row = vec![t.clone(), "aliased (not estimable)".into()];
        row.extend(std::iter::repeat_n("NA".to_string(), 6));
        row
    }));
    grid(
        &[
            "Term",
            "Block",
            "Estimate",
            "Std. error",
            if r.model.inference_df.is_some() {
                "t value"
            } else {
                "z value"
            },
            if r.model.inference_df.is_some() {
                "Pr(>|t|)"
            } else {
                "Pr(>|z|)"
            },
            "2.5 %",
            "97.5 %",
        ],
        &rows,
        2,
    );
    extra_tables(r);
    println!();
    let f = &r.fit;
    match (&r.likelihood, f.sigma, f.adj_r_squared) {
        (Some(l), _, _) => {
            let nagelkerke = l
                .nagelkerke_r_squared
                .map(|n| format!(",  Nagelkerke R-squared: {}", sig(n, 5)))
                .unwrap_or_default();
            println!(
                "McFadden R-squared: {}{nagelkerke}",
                sig(l.mcfadden_r_squared, 5)
            );
            if let Some(t) = &l.lr_test {
                println!(
                    "Likelihood-ratio test against the null model: chi-squared {} on {} DF,  p-value: {}",
                    sig(t.statistic, 5),
                    t.df,
                    p_value(t.p_value)
                );
            }
            println!(
                "{} after {} iterations (largest score {:.1e})",
                if l.converged {
                    "Converged"
                } else {
                    "Did NOT converge"
                },
                l.iterations,
                l.max_score
            );
        }
        (None, Some(sigma), Some(adj)) => {
            println!(
                "Residual standard error: {} on {} degrees of freedom",
                sig(sigma, 5),
                f.df_residual
            );
            println!(
                "R-squared ({}): {},  adjusted R-squared: {}",
                f.r_squared_kind,
                sig(f.r_squared, 5),
                sig(adj, 5)
            );
        }
        _ => {}
    }
    if let (Some(fs), Some(fp)) = (f.f_statistic, f.f_p_value) {
        println!(
            "F-statistic: {} on {} and {} DF,  p-value: {}",
            sig(fs, 5),
            f.df_model,
            f.df_residual,
            p_value(fp)
        );
    }
    println!(
        "Log-likelihood: {},  AIC: {},  BIC: {}",
        sig(f.log_likelihood, 6),
        sig(f.aic, 6),
        sig(f.bic, 6)
    );
    let dropped: Vec<String> = r
        .dropped
        .iter()
        .map(|d| {
            format!(
                "{} {} ({})",
                d.column,
                d.reason.label().to_lowercase(),
                d.rows
            )
        })
        .collect();
    println!(
        "n = {} complete rows; {} left out{}",
        thousands(f.n),
        thousands(f.n_dropped),
        if dropped.is_empty() {
            String::new()
        } else {
            format!(": {}", dropped.join(", "))
        }
    );
    if let Some(d) = &r.model.design {
        let mut parts = Vec::new();
        if let Some(w) = &d.weight {
            parts.push(format!("weights \"{w}\""));
        }
        if let Some(s) = &d.strata {
            parts.push(format!("strata \"{s}\" ({})", d.n_strata));
        }
        if let Some(c) = &d.cluster {
            parts.push(format!("clusters \"{c}\" ({} PSUs)", d.n_psu));
        }
        println!(
            "Design: {}; design df {}; Kish effective n {:.0} (weighting design effect {:.2})",
            parts.join(", "),
            d.df,
            d.kish_effective_n,
            d.weighting_design_effect
        );
    }
    if !r.block_tests.is_empty() {
        println!("\nDoes each block add to the others?");
        for t in &r.block_tests {
            println!("  - {}: {}", t.block, t.text);
        }
    }
    if let Some(d) = &r.drivers {
        drivers(d);
    }
    for c in &r.composites {
        println!(
            "Composite {}: {} items, Cronbach's alpha {:.3} (standardized {:.3}), n = {}",
            c.name,
            c.items.len(),
            c.reliability.alpha,
            c.reliability.alpha_standardized,
            c.reliability.n_complete
        );
    }
    if !r.warnings.is_empty() {
        println!("\nWarnings:");
        for w in &r.warnings {
            println!("  - {w}");
        }
    }
    println!("\nFindings:");
    for finding in &r.findings {
        println!("  - {}", finding.text);
    }
}

/// `rapport drivers`: what was analysed, then the key-driver section alone.
pub fn drivers_only(r: &Results, d: &Drivers) {
    if let Some(title) = &r.spec.title {
        println!("{title}");
    }
    println!(
        "Data: {} ({} rows; SHA-256 {})",
        r.input.file,
        thousands(r.input.rows),
        r.input.sha256
    );
    println!("Outcome: {} ({})", r.outcome.name, r.outcome.scoring);
    println!(
        "Model: {}; n = {} complete rows",
        r.model.family,
        thousands(r.fit.n)
    );
    drivers(d);
}

/// A share in percent with its interval, e.g. "81.4  [75.2, 86.1]".
fn share_cells(share: &Share) -> [String; 2] {
    [
        format!("{:.1}", share.percent),
        share.percent_ci.map_or_else(
            || "-".to_string(),
            |[low, high]| format!("[{low:.1}, {high:.1}]"),
        ),
    ]
}

/// The key-driver section: headline, block shares, the ranked items, the unsettled pairs
/// and the method.
fn drivers(d: &Drivers) {
    println!("\nWhat matters most (key drivers)");
    println!("  {}", d.headline);
    for s in d.sentences.iter().filter(|s| **s != d.headline) {
        println!("  - {s}");
    }
    let held = if d.controls.is_empty() {
        String::new()
    } else {
        format!(
            ", {} with {} alone (held in every sub-model)",
            sig(d.explained_controls, 3),
            d.controls.join(", ")
        )
    };
    println!(
        "\n{} {} with every predictor{held}: the experiences add {}, shared out in %.",
        d.measure,
        sig(d.explained_full, 3),
        sig(d.explained_by_players, 3)
    );
    let blocks: Vec<Vec<String>> = d
        .blocks
        .iter()
        .map(|b| {
            let [share, ci] = share_cells(&b.share);
            vec![
                b.name.clone(),
                b.role.label().to_string(),
                share,
                ci,
                format!("{:.3}", b.share.value),
            ]
        })
        .collect();
    let value = format!("{} points", d.measure);
    grid(
        &["Block", "Kind", "Share %", "95% CI", value.as_str()],
        &blocks,
        2,
    );
    println!();
    let mut items: Vec<&ItemShare> = d.items.iter().collect();
    items.sort_by_key(|i| i.rank);
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            let [share, ci] = share_cells(&i.share);
            let performance = i.performance.map_or_else(
                || "-".to_string(),
                |p| match d.quadrant.performance {
                    PerformanceMeasure::TopBox => format!("{p:.1}"),
                    PerformanceMeasure::Mean => format!("{p:.2}"),
                },
            );
            vec![
                i.rank.to_string(),
                i.label.clone(),
                i.block.clone(),
                share,
                ci,
                performance,
                i.quadrant.map_or("-", |q| q.label()).to_string(),
            ]
        })
        .collect();
    let header = [
        "Rank",
        "Item",
        "Block",
        "Share %",
        "95% CI",
        d.quadrant.performance_label.as_str(),
        "Quadrant",
    ];
    // Rank right-aligned, then the text, the numbers right-aligned, the quadrant as text.
    grid_aligned(
        &header,
        &rows,
        &[true, false, false, true, true, true, false],
    );
    println!(
        "Quadrant lines: average importance {:.1}%, average performance {}.",
        d.quadrant.importance_line,
        match d.quadrant.performance {
            PerformanceMeasure::TopBox => format!("{:.1}", d.quadrant.performance_line),
            PerformanceMeasure::Mean => format!("{:.2}", d.quadrant.performance_line),
        }
    );
    if !d.quadrant.left_off.is_empty() {
        println!("Not on the quadrant: {}.", d.quadrant.left_off.join("; "));
    }
    if !d.unsettled_rankings.is_empty() {
        let label = |name: &str| {
            d.items
                .iter()
                .find(|i| i.variable == name || i.label == name)
                .map_or(name.to_string(), |i| i.label.clone())
        };
        let pairs: Vec<String> = d
            .unsettled_rankings
            .iter()
            .map(|p| {
                format!(
                    "{} / {} ({:.0}%)",
                    label(&p.higher),
                    label(&p.lower),
                    p.kept_order * 100.0
                )
            })
            .collect();
        println!(
            "Order not settled by the bootstrap (the first stayed ahead in the % of replicates \
             shown): {}.",
            pairs.join(", ")
        );
    }
    match &d.bootstrap {
        Some(b) => println!(
            "Bootstrap: {} replicates ({} failed), seed {}.",
            b.replicates, b.failed, b.seed
        ),
        None => println!("Bootstrap: none, so no intervals."),
    }
    println!("Method: {}", d.method_text);
}

/// Print rows as columns under a header, each column aligned as `right` says (`true`: right-aligned).
fn grid_aligned(header: &[&str], rows: &[Vec<String>], right: &[bool]) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        let parts: Vec<String> = cells
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| match right.get(i).copied().unwrap_or(false) {
                true => format!("{c:>w$}"),
                false => format!("{c:<w$}"),
            })
            .collect();
        println!("{}", parts.join("  ").trim_end());
    };
    line(&mut header.iter().copied());
    for row in rows {
        line(&mut row.iter().map(String::as_str));
    }
}

/// The raking convergence report: iterations, margins met, weights, each margin's fit.
pub fn rake_report(r: &RakeReport) {
    println!(
        "Raked to {} on {} ({}): {} after {} of at most {} sweeps; largest margin error {:.2e} (relative {:.2e}).",
        r.margins_file,
        r.variables.join(", "),
        r.base_weight
            .as_ref()
            .map_or("starting from equal weights".to_string(), |b| format!(
                "starting from \"{b}\""
            )),
        if r.converged {
            "converged"
        } else {
            "did NOT converge"
        },
        r.iterations,
        r.max_iterations,
        r.max_abs_error,
        r.max_rel_error
    );
    if let Some(t) = &r.trim {
        println!(
            "Trimmed {} weights to [{}, {}] ({}–{} × the mean weight) in {} passes; the margins then hold only approximately.",
            t.trimmed,
            sig(t.bounds[0], 4),
            sig(t.bounds[1], 4),
            t.relative[0],
            t.relative[1],
            t.passes
        );
    }
    let w = &r.weights;
    println!(
        "Weights: n = {}, sum {}, mean {}, min {}, max {}; Kish effective n {:.1} (design effect {:.3})",
        w.n,
        sig(w.sum, 6),
        sig(w.mean, 5),
        sig(w.min, 5),
        sig(w.max, 5),
        w.n_eff,
        w.design_effect
    );
    let rows: Vec<Vec<String>> = r
        .margins
        .iter()
        .map(|m| {
            vec![
                m.variable.clone(),
                m.level.clone(),
                sig(m.target, 7),
                sig(m.achieved, 7),
            ]
        })
        .collect();
    grid(&["Variable", "Level", "Target", "Achieved"], &rows, 2);
    for warning in r.warnings() {
        println!("Warning: {warning}");
    }
}

/// Odds ratios, cut-points and average marginal effects, for the models that have them.
fn extra_tables(r: &Results) {
    let interval =
        |estimate: f64, low: f64, high: f64| vec![sig(estimate, 5), sig(low, 5), sig(high, 5)];
    let odds: Vec<Vec<String>> = r
        .coefficients
        .iter()
        .filter_map(|c| {
            let or = c.odds_ratio.as_ref()?;
            let mut row = vec![c.term.clone()];
            row.extend(interval(or.estimate, or.conf_low, or.conf_high));
            Some(row)
        })
        .collect();
    if !odds.is_empty() {
        println!("\nOdds ratios");
        grid(&["Term", "Odds ratio", "2.5 %", "97.5 %"], &odds, 1);
    }
    if !r.thresholds.is_empty() {
        println!("\nCut-points (logit P(Y <= j) = cut-point - x b)");
        let rows: Vec<Vec<String>> = r
            .thresholds
            .iter()
            .map(|t| {
                let mut row = vec![t.term.clone(), sig(t.estimate, 5), sig(t.std_error, 5)];
                row.extend(
                    interval(t.estimate, t.conf_low, t.conf_high)
                        .into_iter()
                        .skip(1),
                );
                row
            })
            .collect();
        grid(
            &["Cut-point", "Estimate", "Std. error", "2.5 %", "97.5 %"],
            &rows,
            1,
        );
    }
    if !r.marginal_effects.is_empty() {
        println!("\nAverage marginal effects (change in the probability per unit)");
        let rows: Vec<Vec<String>> = r
            .marginal_effects
            .iter()
            .map(|m| {
                vec![
                    m.term.clone(),
                    sig(m.estimate, 5),
                    sig(m.std_error, 5),
                    p_value(m.p_value),
                    sig(m.conf_low, 5),
                    sig(m.conf_high, 5),
                ]
            })
            .collect();
        grid(
            &["Term", "AME", "Std. error", "p", "2.5 %", "97.5 %"],
            &rows,
            1,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::{p_value, sig};

    #[test]
    fn significant_digits_follow_r_style() {
        assert_eq!(sig(0.123456, 5), "0.12346");
        assert_eq!(sig(123.456, 5), "123.46");
        assert_eq!(sig(0.0, 5), "0");
        assert_eq!(sig(1.5e-7, 3), "1.50e-7");
        assert_eq!(sig(f64::NAN, 3), "NA");
        assert_eq!(p_value(1e-20), "< 2.2e-16");
        assert_eq!(p_value(0.0312), "0.0312");
    }

    /// `describe` on the messy fixture says what was found and how coded scales are scored
    /// (the fixture and its generator are in tests/data/messy and tests/fixtures/messy).
    #[test]
    fn describe_shows_the_layout_and_reversed_codes() {
        let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/data/messy/everything.xlsx");
        let args = crate::args::SourceArgs {
            sheet: None,
            header_row: None,
            header_rows: None,
            keep_totals_row: false,
            codebook_sheet: None,
            no_codebook: false,
            missing_codes: vec![("days_waited".into(), vec![99.0])],
            reverse: Vec::new(),
            not_reverse: Vec::new(),
        };
        let (_, codebook) = args.read(&file).expect("fixture reads");
        assert_eq!(
            super::layout_lines(&codebook.layout),
            [
                "Codebook: sheet \"Codebook\" (header on row 3) applied; not columns of the data, \
                 so unused: q_not_asked",
                "Group titles on row 2: \"Your experience\" over kind, listened, respect; \
                 \"Service\" over days_waited, resolved",
                "Totals row 244 (\"Total\") left out of the data",
            ]
        );
        let note = |name: &str| super::coding_note(codebook.get(name).expect(name));
        let kind = note("kind").expect("kind is coded");
        assert!(
            kind.contains(
                "coded 1 = Strongly agree … 5 = Strongly disagree; \
                 scored 1 = Strongly disagree … 5 = Strongly agree"
            ),
            "{kind}"
        );
        assert_eq!(
            note("days_waited").as_deref(),
            Some("missing codes 99 = Not applicable (from the spec)")
        );
        assert_eq!(note("age"), None);
    }
}
