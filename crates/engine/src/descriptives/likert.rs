//! Diverging-bar summaries of rating-scale items: the answers laid out from the most
//! negative level on the left to the most positive on the right, centred on zero, with
//! the non-substantive answers shown apart (Robbins & Heiberger 2011, "Plotting Likert and
//! other rating scales").

use super::output::{MissingShare, VariableSummary};
use serde::{Deserialize, Serialize};

/// Which side of a diverging bar a level sits on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Negative,
    /// The middle level of an odd scale ("Neither agree nor disagree").
    Neutral,
    Positive,
}

/// One segment of a diverging bar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LikertLevel {
    pub label: String,
    pub side: Side,
    /// Weighted share of the answers (0–1).
    pub proportion: f64,
    /// Where the segment starts and ends on the bar's axis, in shares of the answers:
    /// negative to the left of 0, positive to the right, a neutral level centred on 0.
    pub start: f64,
    pub end: f64,
}

/// A rating-scale item ready to draw as one diverging bar, with its missing answers apart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LikertSummary {
    pub variable: String,
    pub scale: String,
    /// Respondents who answered (unweighted): the base of every share of the bar.
    pub n: usize,
    /// In scale order, most negative first.
    pub levels: Vec<LikertLevel>,
    /// Shares of the answers on each side (0 neutral on an even scale); they sum to 1.
    pub negative: f64,
    pub neutral: f64,
    pub positive: f64,
    /// Share of the answers in the two most positive levels.
    pub top_two_box: f64,
    /// Share of the answers in the two most negative levels.
    pub bottom_two_box: f64,
    /// Weighted share of all respondents who answered; with `missing` and
    /// `invalid_of_all` it sums to 1.
    pub answered_of_all: f64,
    /// "Don't know", "Prefer not to say", blanks …: shares of all respondents.
    pub missing: Vec<MissingShare>,
    pub invalid_of_all: f64,
}

impl LikertSummary {
    /// The diverging bar of a described rating-scale item of three or more levels with
    /// answers; `None` for other variables (a yes/no item is a share, not a bar).
    pub(super) fn of(summary: &VariableSummary) -> Option<LikertSummary> {
        let scale = summary.scale.clone()?;
        let k = summary.levels.len();
        if k < 3 {
            return None;
        }
        let side = |i: usize| match (2 * i + 1).cmp(&k) {
            std::cmp::Ordering::Less => Side::Negative,
            std::cmp::Ordering::Equal => Side::Neutral,
            std::cmp::Ordering::Greater => Side::Positive,
        };
        let shares: Vec<f64> = summary
            .levels
            .iter()
            .map(|l| l.proportion.estimate)
            .collect();
        let on = |s: Side| -> f64 { (0..k).filter(|&i| side(i) == s).map(|i| shares[i]).sum() };
        let (negative, neutral, positive) =
            (on(Side::Negative), on(Side::Neutral), on(Side::Positive));
        let mut start = -(negative + neutral / 2.0);
        let levels = summary
            .levels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let level = LikertLevel {
                    label: l.label.clone(),
                    side: side(i),
                    proportion: shares[i],
                    start,
                    end: start + shares[i],
                };
                start = level.end;
                level
            })
            .collect();
        Some(LikertSummary {
            variable: summary.variable.clone(),
            scale,
            n: summary.n,
            levels,
            negative,
            neutral,
            positive,
            top_two_box: shares[k - 2] + shares[k - 1],
            bottom_two_box: shares[0] + shares[1],
            answered_of_all: summary.answered_of_all,
            missing: summary.missing.clone(),
            invalid_of_all: summary.invalid_of_all,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::descriptives::{Estimate, LevelShare};

    fn item(shares: &[f64]) -> VariableSummary {
        VariableSummary {
            variable: "q".into(),
            scale: Some("A scale".into()),
            n: 10,
            answered_of_all: 0.9,
            mean: None,
            levels: shares
                .iter()
                .enumerate()
                .map(|(i, &p)| LevelShare {
                    label: format!("L{i}"),
                    n: 1,
                    proportion: Estimate {
                        estimate: p,
                        std_error: 0.0,
                        conf_low: None,
                        conf_high: None,
                    },
                })
                .collect(),
            missing: Vec::new(),
            invalid_n: 0,
            invalid_of_all: 0.1,
        }
    }

    #[test]
    fn odd_scales_centre_the_middle_level_and_even_scales_have_none() {
        let five = LikertSummary::of(&item(&[0.1, 0.2, 0.4, 0.2, 0.1])).unwrap();
        let sides: Vec<Side> = five.levels.iter().map(|l| l.side).collect();
        use Side::*;
        assert_eq!(sides, [Negative, Negative, Neutral, Positive, Positive]);
        assert!((five.levels[2].start + 0.2).abs() < 1e-15);
        assert!((five.levels[2].end - 0.2).abs() < 1e-15);
        assert!((five.levels[0].start + 0.5).abs() < 1e-15);
        assert!((five.top_two_box - 0.3).abs() < 1e-15);

        let four = LikertSummary::of(&item(&[0.1, 0.2, 0.3, 0.4])).unwrap();
        assert_eq!(four.neutral, 0.0);
        assert!(four.levels[2].start.abs() < 1e-15, "positive starts at 0");
        assert!((four.bottom_two_box - 0.3).abs() < 1e-15);
        assert!((four.positive - 0.7).abs() < 1e-15);

        assert!(LikertSummary::of(&item(&[0.4, 0.6])).is_none(), "yes/no");
        let mut category = item(&[0.2, 0.3, 0.5]);
        category.scale = None;
        assert!(LikertSummary::of(&category).is_none());
    }
}
