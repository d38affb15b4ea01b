//! The model's tests and standard errors in words, for the Results and every report.

use super::output::{BlockTest, BlockTestMethod};
use crate::spec::{AnalysisSpec, BlockRole, Family};
use rapport_read::text::format_df;
use rapport_stats::variance::VarianceKind;

/// What adding a block is, in words.
pub(crate) fn block_phrase(role: BlockRole, name: &str) -> String {
    match role {
        BlockRole::Relational => "relational experience".into(),
        BlockRole::Transactional => "service performance".into(),
        BlockRole::Control => "who the respondent is".into(),
        BlockRole::Other => format!("\"{name}\""),
    }
}

/// "Adding relational experience raises the explained share of trust from 21% to 58%
/// (F(8, 1150) = 120.4, p < 0.001)."
pub fn block_sentence(t: &BlockTest, outcome: &str, pseudo: bool) -> String {
    let pct = |v: f64| format!("{:.0}%", 100.0 * v);
    let stat = match t.df_denominator {
        Some(d2) if t.method != BlockTestMethod::LikelihoodRatio => {
            format!("F({}, {}) = {:.1}", t.df, format_df(d2), t.statistic)
        }
        _ => format!("χ²({}) = {:.1}", t.df, t.statistic),
    };
    let p = if t.p_value < 0.001 {
        "p < 0.001".to_string()
    } else {
        format!("p = {:.3}", t.p_value)
    };
    let verb = if t.explained_with >= t.explained_without {
        "raises"
    } else {
        "changes"
    };
    let measure = if pseudo {
        "the explained share (McFadden's R²)"
    } else {
        "the explained share"
    };
    let verdict = if t.p_value < 0.05 {
        ""
    } else {
        "; this is not distinguishable from no contribution"
    };
    format!(
        "Adding {} {verb} {measure} of {outcome} from {} to {} ({stat}, {p}){verdict}.",
        block_phrase(t.role, &t.block),
        pct(t.explained_without),
        pct(t.explained_with),
    )
}

/// The standard errors in words, for the Results and every report.
/// `groups` are the clusters or PSUs behind the covariance, `df` the degrees of freedom of
/// the coefficient tests (`None`: normal).
pub fn variance_words(
    kind: VarianceKind,
    spec: &AnalysisSpec,
    groups: Option<usize>,
    df: Option<f64>,
) -> String {
    let df_text = df.map_or("normal reference distribution".to_string(), |d| {
        format!("{} degrees of freedom", format_df(d))
    });
    match kind {
        VarianceKind::Classical => match (spec.family, &spec.design.weight) {
            (Family::Ols, Some(_)) => "Classical for weighted least squares: treats the weights as inverse error variances, not as sampling weights".into(),
            (Family::Ols, None) => "Classical: assumes the errors have constant variance and are independent".into(),
            _ => "Classical: the inverse of the information matrix (independent observations)".into(),
        },
        VarianceKind::Hc0 => "Robust to unequal error variance (HC0, White 1980)".into(),
        VarianceKind::Hc1 => "Robust to unequal error variance (HC1: HC0 × n/(n − k), Stata's \"robust\" for regress)".into(),
        VarianceKind::Hc2 => "Robust to unequal error variance (HC2, MacKinnon & White 1985)".into(),
        VarianceKind::Hc3 => "Robust to unequal error variance (HC3, MacKinnon & White 1985; R sandwich's default)".into(),
        VarianceKind::Cluster => format!(
            "Cluster-robust by \"{}\" (CR1 with Stata's small-sample factor; {} clusters, {df_text})",
            spec.design.cluster.as_deref().unwrap_or("?"),
            groups.unwrap_or(0)
        ),
        VarianceKind::Design => {
            let mut parts = Vec::new();
            if let Some(w) = &spec.design.weight {
                parts.push(match &spec.rake {
                    Some(r) => format!(
                        "weights \"{w}\" raked to the margins in {} (the variance allows for the raking)",
                        r.margins.display()
                    ),
                    None => format!("weights \"{w}\""),
                });
            }
            if let Some(st) = &spec.design.strata {
                parts.push(format!("strata \"{st}\""));
            }
            if let Some(c) = &spec.design.cluster {
                parts.push(format!("clusters \"{c}\" ({} PSUs)", groups.unwrap_or(0)));
            }
            let design = if parts.is_empty() {
                "a simple random sample".to_string()
            } else {
                parts.join(", ")
            };
            let like = match spec.family {
                Family::Ordinal => "R's survey::svyolr",
                _ => "R's survey::svyglm",
            };
            format!("Design-based (Taylor linearisation, as {like}) with {design}; {df_text}")
        }
    }
}
