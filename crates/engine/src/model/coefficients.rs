//! Coefficient rows named by the frame's terms, with odds ratios where the family has them.

use super::output::Coefficient;
use crate::frame::Frame;
use rapport_stats::inference::{self, CoefRow};

/// Coefficient rows named by the frame's terms (`rows` per frame column, `None` where not
/// estimated), with odds ratios for logistic and ordinal models; aliased terms apart.
/// `skip` leaves out frame columns that are not coefficients (an ordinal model's
/// intercept).
pub(crate) fn coefficients(
    frame: &Frame,
    rows: &[Option<CoefRow>],
    odds: bool,
    skip: Option<usize>,
) -> (Vec<Coefficient>, Vec<String>) {
    let mut coefficients = Vec::new();
    let mut aliased = Vec::new();
    for (j, (term, row)) in frame.terms.iter().zip(rows).enumerate() {
        if Some(j) == skip {
            continue;
        }
        match row {
            Some(r) => coefficients.push(Coefficient {
                term: term.name.clone(),
                variable: term.variable.clone(),
                block: term.block.clone(),
                role: term.role,
                ..coefficient(r, odds)
            }),
            None => aliased.push(term.name.clone()),
        }
    }
    (coefficients, aliased)
}

/// One unnamed coefficient row.
pub(crate) fn coefficient(r: &CoefRow, odds: bool) -> Coefficient {
    Coefficient {
        term: String::new(),
        variable: None,
        block: None,
        role: None,
        estimate: r.estimate,
        std_error: r.std_error,
        statistic: r.statistic,
        p_value: r.p_value,
        conf_low: r.conf_low,
        conf_high: r.conf_high,
        odds_ratio: odds.then(|| inference::odds_ratio(r)),
    }
}
