//! Printing for people (aligned tables, R-like model summary) and programs (JSON).

use rapport_engine::codebook::{Codebook, VariableKind};
use rapport_engine::findings::thousands;
use rapport_engine::read::SheetInfo;
use rapport_engine::results::Results;
use rapport_engine::table::Table;
use serde::Serialize;
use std::path::Path;

/// Pretty JSON on stdout. serde_json writes floats as the shortest string that reads back
/// to the same f64, so nothing is lost.
pub fn json<T: Serialize>(value: &T) -> Result<(), String> {
    let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    println!("{text}");
    Ok(())
}

/// Print rows as left-aligned columns under a header.
fn grid(header: &[&str], rows: &[Vec<String>], right_from: usize) {
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
            .map(|(i, (c, w))| match i >= right_from {
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

/// `rapport describe`.
pub fn codebook(table: &Table, codebook: &Codebook) -> Result<(), String> {
    println!(
        "{} — header on row {}, {} data rows",
        table.source.describe(),
        table.header_row,
        thousands(table.n_rows())
    );
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
                    Some(s) => {
                        format!("{}={}", rapport_engine::codebook::format_number(s), l.label)
                    }
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
            vec![
                v.name.clone(),
                v.column.clone(),
                kind,
                v.valid_n.to_string(),
                missing.join(", "),
                levels,
            ]
        })
        .collect();
    grid(
        &[
            "Variable",
            "Col",
            "Kind",
            "Valid",
            "Missing by reason",
            "Levels (in order)",
        ],
        &rows,
        99,
    );
    Ok(())
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
            "t value",
            "Pr(>|t|)",
            "2.5 %",
            "97.5 %",
        ],
        &rows,
        2,
    );
    println!();
    let f = &r.fit;
    println!(
        "Residual standard error: {} on {} degrees of freedom",
        sig(f.sigma, 5),
        f.df_residual
    );
    println!(
        "R-squared ({}): {},  adjusted R-squared: {}",
        f.r_squared_kind,
        sig(f.r_squared, 5),
        sig(f.adj_r_squared, 5)
    );
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
}
