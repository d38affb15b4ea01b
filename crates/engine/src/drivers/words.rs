//! The key-driver analysis in words an analyst can repeat, from fixed templates.

use super::output::{Drivers, ImportanceMethod, QuadrantLabel, Share};
use crate::spec::{BlockRole, PerformanceMeasure};

/// A variable name as words: `time_for_me` → "time for me".
pub fn label(variable: &str) -> String {
    variable.replace(['_', '.'], " ").trim().to_string()
}

/// "61% (95% CI 55–67%)", or "61%" without an interval.
fn percent(share: &Share) -> String {
    match share.percent_ci {
        Some([lo, hi]) => format!("{:.0}% (95% CI {lo:.0}–{hi:.0}%)", share.percent),
        None => format!("{:.0}%", share.percent),
    }
}

/// Fill in the method, headline and sentences of `d`.
pub fn describe(d: &mut Drivers, outcome: &str, permutations: usize) {
    let explained = if d.measure == "R²" {
        format!("the explained variation in {outcome}")
    } else {
        format!("what the model explains of {outcome} ({})", d.measure)
    };
    d.method_text = method(d, permutations);
    let mut sentences = Vec::new();
    if d.blocks.len() > 1 {
        sentences.push(block_sentence(d, &explained));
    }
    if let Some(top) = d.items.first() {
        let mut s = format!(
            "The largest single driver is {}, with {:.0}% of {explained}{}",
            top.label,
            top.share.percent,
            top.share
                .percent_ci
                .map_or_else(String::new, |[lo, hi]| format!(
                    " (95% CI {lo:.0}–{hi:.0}%)"
                ))
        );
        if let Some(tie) = d
            .unsettled_rankings
            .first()
            .filter(|p| p.higher == top.variable)
        {
            s.push_str(&format!(
                ", though the data cannot tell it apart from {}",
                label(&tie.lower)
            ));
        }
        s.push('.');
        sentences.push(s);
    }
    // With a single block the largest driver is the headline.
    let headline = sentences.first().cloned().unwrap_or_default();
    if !d.controls.is_empty() {
        sentences.push(format!(
            "Who the respondents are ({}) is held fixed: the shares are of what the experiences add to it, {} from {:.2} to {:.2}.",
            d.controls.iter().map(|c| label(c)).collect::<Vec<_>>().join(", "),
            d.measure,
            d.explained_controls,
            d.explained_full
        ));
    }
    let priorities: Vec<&str> = d
        .items
        .iter()
        .filter(|i| i.quadrant == Some(QuadrantLabel::PrioritiesForImprovement))
        .map(|i| i.label.as_str())
        .collect();
    sentences.push(if priorities.is_empty() {
        "No item is both more important than average and rated below average, so no item stands out as a priority for improvement.".into()
    } else {
        format!(
            "Priorities for improvement (more important than average, rated below average): {}.",
            priorities.join(", ")
        )
    });
    if let Some(first) = d.unsettled_rankings.first() {
        sentences.push(format!(
            "The data cannot order {} of the {} neighbouring pairs in the ranking (for example {} and {}): read items whose shares are close as equally important.",
            d.unsettled_rankings.len(),
            d.items.len().saturating_sub(1),
            label(&first.higher),
            label(&first.lower)
        ));
    }
    sentences.push(
        "Shares describe how the outcome goes with each experience in this survey; they do not show what would change if a service changed.".into(),
    );
    d.headline = headline;
    d.sentences = sentences;
}

/// "Relationships account for 61% (95% CI 55–67%) of …; Service performance for 39% …":
/// the relational block first (else the largest), then the others.
fn block_sentence(d: &Drivers, explained: &str) -> String {
    let lead = d
        .blocks
        .iter()
        .find(|b| b.role == BlockRole::Relational)
        .or_else(|| {
            d.blocks
                .iter()
                .max_by(|a, b| a.share.value.total_cmp(&b.share.value))
        });
    let mut parts: Vec<String> = lead
        .map(|b| {
            format!(
                "{} account for {} of {explained}",
                b.name,
                percent(&b.share)
            )
        })
        .into_iter()
        .collect();
    parts.extend(
        d.blocks
            .iter()
            .filter(|b| Some(b.name.as_str()) != lead.map(|l| l.name.as_str()))
            .map(|b| format!("{} for {}", b.name, percent(&b.share))),
    );
    parts.join("; ") + "."
}

/// The methods in words with their references.
fn method(d: &Drivers, permutations: usize) -> String {
    let m = d.items.len();
    let items = match d.item_method {
        ImportanceMethod::ShapleyExact => format!(
            "Items: Shapley decomposition of R² (LMG; Lindeman, Merenda & Gold 1980; Grömping 2006, as R's relaimpo), exact over all {} subsets of the {m} items.",
            1u64 << m
        ),
        ImportanceMethod::ShapleySampled => format!(
            "Items: Shapley decomposition of R² (LMG; Lindeman, Merenda & Gold 1980) estimated from {permutations} random entry orders of the {m} items, each also run in reverse, with its Monte-Carlo standard error."
        ),
        ImportanceMethod::RelativeWeightsLogistic => format!(
            "Items: relative weights for logistic regression (Tonidandel & LeBreton 2010), scaled to the {} the blocks add.",
            d.measure
        ),
    };
    let blocks = format!(
        "Blocks: each block one player of an exact Shapley decomposition of {} (grouped Shapley); being a different decomposition, a block's share need not equal the sum of its items' shares.",
        d.measure
    );
    let companion = if d.items.iter().any(|i| i.relative_weight.is_some()) {
        " Johnson's (2000) relative weights are given beside the Shapley shares."
    } else {
        ""
    };
    let held = if d.controls.is_empty() {
        String::new()
    } else {
        format!(" Held in every sub-model: {}.", d.controls.join(", "))
    };
    let intervals = match &d.bootstrap {
        Some(b) => format!(
            " Intervals: {:.0}% percentile bootstrap, {} replicates resampling {} (seed {}).",
            100.0 * b.level,
            b.replicates,
            b.resampled,
            b.seed
        ),
        None => " No bootstrap intervals were asked for.".into(),
    };
    let performance = format!(
        " Performance on the quadrant: {} among the respondents in the model, weighted as the model is{}.",
        d.quadrant.performance_label.to_lowercase(),
        if d.quadrant.performance == PerformanceMeasure::TopBox {
            " (\"yes\" for yes/no items, the top answer on scales of three or fewer)"
        } else {
            ""
        }
    );
    format!("{items} {blocks}{companion}{held}{intervals}{performance}")
}
