//! The importance × performance quadrant: how well each item is rated against how much
//! it matters, split at the means of the plotted items (the usual "priority matrix" of
//! key-driver reports, e.g. Martilla & James 1977, *Journal of Marketing* 41(1)).

use super::output::QuadrantLabel;
use super::players::Item;
use crate::codebook::{Codebook, VariableKind};
use crate::spec::PerformanceMeasure;
use faer::MatRef;

impl PerformanceMeasure {
    /// The performance axis title.
    pub fn axis_title(self) -> &'static str {
        match self {
            PerformanceMeasure::TopBox => "% positive (top two answers)",
            PerformanceMeasure::Mean => "Mean score (0 = lowest answer, 100 = highest)",
        }
    }
}

/// Each item's weighted performance on the estimation rows (`None`: no rating scale), and
/// the items left off the chart with why.
///
/// Top-box: the weighted % answering the top two levels of a scale with four or more
/// levels, the top level of a shorter one, "true" for a true/false item. Mean: the weighted
/// mean score as a percentage of the scale's range (0 = lowest answer, 100 = highest), so
/// items on scales of different lengths share one axis.
pub fn performance(
    items: &[Item],
    x: MatRef<'_, f64>,
    rows: &[usize],
    weights: &[f64],
    codebook: &Codebook,
    measure: PerformanceMeasure,
) -> (Vec<Option<f64>>, Vec<String>) {
    let mut left_off = Vec::new();
    let values = items
        .iter()
        .map(|item| {
            let levels = match codebook.get(&item.variable).map(|v| &v.kind) {
                Some(VariableKind::Scale { scale }) if item.columns.len() == 1 => {
                    Some((1.0, scale.levels.len() as f64))
                }
                Some(VariableKind::Boolean) if item.columns.len() == 1 => Some((0.0, 1.0)),
                _ => None,
            };
            let Some((low, high)) = levels else {
                left_off.push(format!(
                    "{} has no rating scale, so it has no performance to plot",
                    super::words::label(&item.variable)
                ));
                return None;
            };
            let col = item.columns[0];
            let top_from = if high - low >= 3.0 { high - 1.0 } else { high };
            let score = |s: f64| match measure {
                PerformanceMeasure::TopBox => f64::from(u8::from(s >= top_from)),
                PerformanceMeasure::Mean => (s - low) / (high - low),
            };
            let (sum, total) = rows
                .iter()
                .zip(weights)
                .fold((0.0, 0.0), |(s, t), (&i, &w)| {
                    (s + w * score(x[(i, col)]), t + w)
                });
            Some(100.0 * sum / total)
        })
        .collect();
    (values, left_off)
}

/// The quadrant of an item with importance `importance` and performance `performance`,
/// given the lines.
pub fn classify(
    importance: f64,
    performance: f64,
    importance_line: f64,
    performance_line: f64,
) -> QuadrantLabel {
    let corner = (
        importance >= importance_line,
        performance >= performance_line,
    );
    QuadrantLabel::ALL
        .into_iter()
        .find(|q| q.corner() == corner)
        .expect("the four quadrants cover every corner")
}

/// Mean of the values present, or 0 when none is.
pub fn mean_present(values: impl Iterator<Item = Option<f64>>) -> f64 {
    let (sum, n) = values
        .flatten()
        .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 { 0.0 } else { sum / n as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_corner_gets_its_label() {
        use QuadrantLabel::*;
        assert_eq!(classify(10.0, 40.0, 5.0, 50.0), PrioritiesForImprovement);
        assert_eq!(classify(10.0, 60.0, 5.0, 50.0), StrengthsToMaintain);
        assert_eq!(classify(1.0, 40.0, 5.0, 50.0), LowerPriority);
        assert_eq!(classify(1.0, 60.0, 5.0, 50.0), PossibleOverInvestment);
    }
}
