//! Plain-language findings and warnings from fixed templates, so every face says the same
//! thing in the same words. The guardrails of DESIGN.md apply: association, not causation;
//! "not distinguishable from zero" rather than "no effect"; effects in the survey's own units.

use crate::codebook::VariableKind;
use crate::results::{Coefficient, Finding, FindingKind, Results};
use crate::scale::ScaleFamily;
use crate::spec::BlockRole;
use rapport_read::text::thousands;
use rapport_stats::variance::VarianceKind;
use std::collections::BTreeMap;

/// Significance level of the plain-language statements.
const ALPHA: f64 = 0.05;
/// Below this Cronbach's alpha a composite is flagged (Nunnally 1978's common rule).
const MIN_RELIABILITY: f64 = 0.7;
/// Fewer complete rows per coefficient than this gives imprecise estimates (Harrell 2015,
/// *Regression Modeling Strategies*, §4.4: about 10–20 per parameter).
const ROWS_PER_COEFFICIENT: usize = 10;
/// Fewer design (or cluster) degrees of freedom than this for the tests earns a warning:
/// t quantiles grow quickly below it (Lumley 2010, *Complex Surveys*, §2.3).
const MIN_DESIGN_DF: f64 = 10.0;
/// Share of rows dropped for missing answers above which the analyst is warned.
const DROPPED_SHARE: f64 = 0.2;

/// Warnings an analyst should read before the findings.
pub fn warnings(r: &Results) -> Vec<String> {
    let mut out = Vec::new();
    for term in &r.aliased {
        out.push(format!(
            "\"{term}\" is an exact combination of other predictors, so its effect cannot be \
             separated from theirs; it was left out of the model (aliased, as R reports it). \
             Remove one of the overlapping predictors."
        ));
    }
    let p = r.coefficients.len() + r.aliased.len();
    if r.fit.n < ROWS_PER_COEFFICIENT * p {
        out.push(format!(
            "Only {} complete rows for {p} coefficients (fewer than {ROWS_PER_COEFFICIENT} per \
             coefficient): the estimates will be imprecise. Use fewer predictors or more data.",
            thousands(r.fit.n)
        ));
    }
    let total = r.fit.n + r.fit.n_dropped;
    if total > 0 && r.fit.n_dropped as f64 > DROPPED_SHARE * total as f64 {
        out.push(format!(
            "{} of {} rows ({:.0}%) were left out because an answer used in the model was \
             missing. Those who answered everything may differ from those who did not.",
            thousands(r.fit.n_dropped),
            thousands(total),
            100.0 * r.fit.n_dropped as f64 / total as f64
        ));
    }
    if let (Some(df), Some(d)) = (r.model.inference_df, &r.model.design)
        && df < MIN_DESIGN_DF
        && matches!(
            r.model.variance_kind,
            VarianceKind::Design | VarianceKind::Cluster
        )
    {
        out.push(format!(
            "Only {df:.0} degrees of freedom are left for the tests: the design has {} \
             clusters and the model {} coefficients, so intervals are wide and block tests \
             weak. Use fewer predictors (or composites of them) or a design with more clusters.",
            d.n_psu,
            r.coefficients.len() + r.thresholds.len()
        ));
    }
    for c in &r.composites {
        if c.reliability.alpha < MIN_RELIABILITY {
            out.push(format!(
                "The composite \"{}\" has Cronbach's alpha {:.2} (below {MIN_RELIABILITY:.2}): \
                 its items may not measure one thing, so treat its score with care.",
                c.name, c.reliability.alpha
            ));
        }
    }
    out
}

/// The findings, in order: how much the model explains, then the strongest relational and
/// transactional drivers, then the caveat. `standardized` maps terms to b·sd(x)/sd(y): the
/// strongest driver is the clearly non-zero term (p < 0.05) with the largest standardized
/// slope, because raw slopes of items on different scales (days vs 1–5 ratings) cannot be
/// compared.
pub fn findings(r: &Results, standardized: &BTreeMap<String, f64>) -> Vec<Finding> {
    let finding = |kind, role, text| Finding {
        kind,
        role,
        variable: None,
        text,
    };
    let explained = if r.likelihood.is_some() {
        format!(
            "The model's McFadden pseudo-R² is {:.3} ({} respondents with complete answers). It \
             is not a share of variation: values of 0.2 to 0.4 already mean the predictors \
             separate the answers well.",
            r.fit.r_squared,
            thousands(r.fit.n)
        )
    } else {
        format!(
            "Together the predictors account for {:.0}% of the variation in \"{}\" (R² = {:.3}, \
             {} respondents with complete answers).",
            100.0 * r.fit.r_squared,
            r.outcome.name,
            r.fit.r_squared,
            thousands(r.fit.n)
        )
    };
    let mut out = vec![finding(FindingKind::Explained, None, explained)];
    // The product's central comparison: does relational experience add to performance?
    out.extend(
        r.block_tests
            .iter()
            .filter(|t| t.role == BlockRole::Relational)
            .map(|t| finding(FindingKind::BlockContribution, Some(t.role), t.text.clone())),
    );
    for role in [BlockRole::Relational, BlockRole::Transactional] {
        let in_role: Vec<&Coefficient> = r
            .coefficients
            .iter()
            .filter(|c| c.role == Some(role))
            .collect();
        if in_role.is_empty() {
            continue;
        }
        let strength = |c: &&Coefficient| standardized.get(&c.term).map_or(0.0, |b| b.abs());
        let strongest = in_role
            .iter()
            .filter(|c| c.p_value < ALPHA)
            .max_by(|a, b| strength(a).total_cmp(&strength(b)));
        out.push(match strongest {
            Some(c) => Finding {
                variable: c.variable.clone(),
                ..finding(
                    FindingKind::StrongestDriver,
                    Some(role),
                    driver_sentence(r, role, c),
                )
            },
            None => finding(
                FindingKind::StrongestDriver,
                Some(role),
                format!(
                    "None of the {} predictors is distinguishable from zero at the 5% level \
                     once the others are taken into account.",
                    role.label().to_lowercase()
                ),
            ),
        });
    }
    out.push(finding(
        FindingKind::Caveat,
        None,
        "These are associations in survey answers, not proof that one causes the other.".into(),
    ));
    out
}

/// "Among relationships, the strongest association is with …": in the outcome's points
/// for a linear model, as an odds ratio for logistic and ordinal ones.
fn driver_sentence(r: &Results, role: BlockRole, c: &Coefficient) -> String {
    let lead = format!(
        "Among {}, the strongest association (the largest effect per standard deviation of \
         the answers) is with \"{}\": {}",
        role.label().to_lowercase(),
        c.variable.as_deref().unwrap_or(&c.term),
        predictor_unit(r, c),
    );
    match &c.odds_ratio {
        Some(or) => {
            let odds = if !r.thresholds.is_empty() {
                format!("the odds of a higher \"{}\" answer", r.outcome.name)
            } else if r.outcome.positive_levels.is_empty() {
                format!("the odds of \"{}\"", r.outcome.name)
            } else {
                let answers: Vec<String> = r
                    .outcome
                    .positive_levels
                    .iter()
                    .map(|l| format!("\"{l}\""))
                    .collect();
                format!("the odds of answering {}", answers.join(" or "))
            };
            format!(
                "{lead} multiplies {odds} by {:.2} (95% CI {:.2} to {:.2}), other things equal.",
                or.estimate, or.conf_low, or.conf_high
            )
        }
        None => {
            let change = if c.estimate >= 0.0 { "higher" } else { "lower" };
            format!(
                "{lead} goes with a {:.2}-point {change} \"{}\"{} (95% CI {:.2} to {:.2}), \
                 other things equal.",
                c.estimate.abs(),
                r.outcome.name,
                outcome_unit(r),
                c.conf_low,
                c.conf_high
            )
        }
    }
}

/// What a one-unit change in the predictor means, in the survey's own terms.
fn predictor_unit(r: &Results, c: &Coefficient) -> String {
    let var = c.variable.as_deref().unwrap_or(&c.term);
    if let Some(level) = c.term.strip_prefix(var).and_then(|t| t.strip_prefix("[T.")) {
        return format!(
            "answering \"{}\" (rather than the reference answer)",
            level.trim_end_matches(']')
        );
    }
    match r.codebook.get(var).map(|v| &v.kind) {
        Some(VariableKind::Scale { scale }) if scale.family == ScaleFamily::YesNo => {
            "answering \"Yes\" rather than \"No\"".to_string()
        }
        Some(VariableKind::Scale { scale }) => format!(
            "a one-point higher rating (on its 1–{} scale)",
            scale.levels.len()
        ),
        _ => "each one-unit increase".to_string(),
    }
}

/// " on its 1–4 scale" for a scale outcome, else "".
fn outcome_unit(r: &Results) -> String {
    match r.codebook.get(&r.outcome.name).map(|v| &v.kind) {
        Some(VariableKind::Scale { scale }) => {
            format!(" on its 1–{} scale", scale.levels.len())
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
