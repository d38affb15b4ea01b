//! Numeric codes and what they mean: the codebook sheet a contractor sends with the data
//! (variable, question, code, label), the spec's corrections to it, and the direction in
//! which a column is scored.
//!
//! A column's codes are *labelled* when most of the distinct numbers in it are codes with a
//! label: its numbers are then read as their labels, so `1`…`5` labelled "Strongly agree" …
//! "Strongly disagree" become the agreement scale, scored from its most negative level up
//! whatever the codes. Otherwise (a 0–10 rating with only its ends labelled, a count of
//! days) the numbers stay numbers and only the missing codes apply. A code is missing when
//! its label is a non-substantive answer ("Don't know", "Refused"), so 99 is missing only in
//! the columns whose codebook says so.

use crate::scale::{self, MissingReason, Scale};
use rapport_read::codes::CodebookEntry;
use rapport_read::text::format_number;
use serde::{Deserialize, Serialize};

/// How a column's numbers are read and scored, from its codebook entry and the spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Coding {
    /// The question as the codebook words it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// Codes in codebook order (then the spec's missing codes), with what each means here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<Code>,
    /// True when the column's numbers are read as their labels (see the module notes).
    pub labelled: bool,
    pub order: ScoreOrder,
}

/// One code as applied to a column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Code {
    pub code: f64,
    pub label: String,
    /// Set when the code is a missing answer, with its reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing: Option<MissingReason>,
    /// True when the spec (not the codebook) made this code missing.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub from_spec: bool,
}

impl Code {
    /// Whether the code labels an answer. A code with a missing-answer label that the spec
    /// took off the missing list is neither: it reads as the number it is.
    pub fn is_answer(&self) -> bool {
        self.missing.is_none() && scale::missing_reason(&self.label).is_none()
    }
}

/// Which way a column is scored relative to its codes and its detected order.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "order", rename_all = "snake_case")]
pub enum ScoreOrder {
    /// As detected: the scale's order, or the numbers as they are.
    #[default]
    AsDetected,
    /// The codes run from the most positive answer down (1 = Strongly agree); the column
    /// is scored in the scale's order, so higher = more positive.
    Rescored,
    /// The codes run from the most positive answer down and the spec keeps them that way
    /// (`not_reverse`): scored in code order.
    KeptAsCoded,
    /// The spec reverses the scale (`reverse`): scored from its most positive level.
    Reversed,
    /// The spec reverses a numeric column: scored `low + high − x`, so `low` and `high`
    /// swap (the codebook's code range, else the range observed).
    ReversedNumbers { low: f64, high: f64 },
}

impl Coding {
    /// The coding of a column from its codebook entry and the spec's missing codes for it
    /// (which replace the codebook's missing codes when given). `numbers` are the column's
    /// numeric cells. `None` when neither says anything about the column.
    pub(crate) fn new(
        entry: Option<&CodebookEntry>,
        spec_missing: Option<&[f64]>,
        numbers: impl Iterator<Item = f64>,
    ) -> Option<Coding> {
        if entry.is_none() && spec_missing.is_none() {
            return None;
        }
        let mut codes: Vec<Code> = entry
            .into_iter()
            .flat_map(|e| &e.codes)
            .map(|c| {
                let reason = scale::missing_reason(&c.label);
                let missing = match spec_missing {
                    Some(listed) => listed
                        .contains(&c.code)
                        .then(|| reason.unwrap_or(MissingReason::NotApplicable)),
                    None => reason,
                };
                Code {
                    code: c.code,
                    label: c.label.clone(),
                    missing,
                    from_spec: spec_missing.is_some_and(|l| l.contains(&c.code)),
                }
            })
            .collect();
        for &code in spec_missing.unwrap_or_default() {
            if !codes.iter().any(|c| c.code == code) {
                codes.push(Code {
                    code,
                    label: MissingReason::NotApplicable.label().to_string(),
                    missing: Some(MissingReason::NotApplicable),
                    from_spec: true,
                });
            }
        }
        let mut distinct: Vec<f64> = numbers
            .filter(|x| !codes.iter().any(|c| c.code == *x && c.missing.is_some()))
            .collect();
        distinct.sort_by(f64::total_cmp);
        distinct.dedup();
        let covered = distinct
            .iter()
            .filter(|x| codes.iter().any(|c| c.code == **x && c.is_answer()))
            .count();
        Some(Coding {
            question: entry.and_then(|e| e.question.clone()),
            labelled: covered > 0 && covered * 2 > distinct.len(),
            codes,
            order: ScoreOrder::AsDetected,
        })
    }

    /// A coding that only carries a scoring direction (a text scale reversed by the spec).
    pub(crate) fn order_only(order: ScoreOrder) -> Coding {
        Coding {
            question: None,
            codes: Vec::new(),
            labelled: false,
            order,
        }
    }

    /// Codes that are answers rather than missing, in code order.
    pub fn answer_codes(&self) -> Vec<&Code> {
        let mut codes: Vec<&Code> = self.codes.iter().filter(|c| c.is_answer()).collect();
        codes.sort_by(|a, b| a.code.total_cmp(&b.code));
        codes
    }

    /// "coded 1 = Strongly agree … 5 = Strongly disagree" from the lowest and highest answer
    /// codes; `None` without labelled answer codes.
    pub fn coded_text(&self) -> Option<String> {
        if !self.labelled {
            return None;
        }
        let codes = self.answer_codes();
        let (first, last) = (codes.first()?, codes.last()?);
        Some(format!(
            "coded {} = {} … {} = {}",
            format_number(first.code),
            first.label,
            format_number(last.code),
            last.label
        ))
    }
}

/// Whether the labelled codes of a scale run from its most positive level down: the code of
/// each level (by its label's score) falls as the score rises, over at least two levels.
pub(crate) fn codes_run_down(scale: &Scale, coding: &Coding) -> bool {
    let mut pairs: Vec<(f64, f64)> = coding
        .answer_codes()
        .into_iter()
        .filter_map(|c| Some((scale::score(scale, &c.label)?, c.code)))
        .collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    pairs.len() >= 2 && pairs.windows(2).all(|w| w[1].1 < w[0].1)
}

/// The scale's levels in the order of their codes (lowest code first), when every level
/// has a code; used to keep a column in code order.
pub(crate) fn levels_in_code_order(scale: &Scale, coding: &Coding) -> Option<Vec<String>> {
    let mut coded: Vec<(f64, &String)> = scale
        .levels
        .iter()
        .map(|level| {
            let score = scale::score(scale, level)?;
            let code = coding
                .answer_codes()
                .into_iter()
                .find(|c| scale::score(scale, &c.label) == Some(score))?;
            Some((code.code, level))
        })
        .collect::<Option<_>>()?;
    coded.sort_by(|a, b| a.0.total_cmp(&b.0));
    Some(coded.into_iter().map(|(_, l)| l.clone()).collect())
}

/// What a number in a coded column stands for.
pub(crate) enum Decoded {
    Missing(MissingReason),
    Label(String),
}

/// Looks numbers up in a column's codes: missing codes always, labels when the column is
/// labelled.
#[derive(Default)]
pub(crate) struct Decoder {
    codes: Vec<(f64, Decoded)>,
}

impl Decoder {
    pub(crate) fn new(coding: Option<&Coding>) -> Decoder {
        let codes = coding
            .into_iter()
            .flat_map(|c| c.codes.iter().map(move |code| (c.labelled, code)))
            .filter_map(|(labelled, c)| match c.missing {
                Some(reason) => Some((c.code, Decoded::Missing(reason))),
                None if labelled && c.is_answer() => {
                    Some((c.code, Decoded::Label(c.label.clone())))
                }
                None => None,
            })
            .collect();
        Decoder { codes }
    }

    pub(crate) fn decode(&self, x: f64) -> Option<&Decoded> {
        self.codes.iter().find(|(c, _)| *c == x).map(|(_, d)| d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rapport_read::codes::CodeLabel;

    fn entry(codes: &[(f64, &str)]) -> CodebookEntry {
        CodebookEntry {
            column: "q".into(),
            question: Some("How much do you trust…".into()),
            codes: codes
                .iter()
                .map(|&(code, label)| CodeLabel {
                    code,
                    label: label.into(),
                })
                .collect(),
        }
    }

    #[test]
    fn labelled_when_most_distinct_numbers_are_codes() {
        let e = entry(&[
            (1.0, "Agree"),
            (2.0, "Disagree"),
            (9.0, "Don\u{2019}t know"),
        ]);
        let c = Coding::new(Some(&e), None, [1.0, 2.0, 2.0, 9.0, 3.0].into_iter()).unwrap();
        assert!(c.labelled, "1 and 2 labelled, 3 stray");
        assert_eq!(c.codes[2].missing, Some(MissingReason::DontKnow));
        let ends = entry(&[
            (0.0, "Not at all satisfied"),
            (10.0, "Completely satisfied"),
        ]);
        let c = Coding::new(Some(&ends), None, (0..=10).map(f64::from)).unwrap();
        assert!(
            !c.labelled,
            "a 0-10 rating with labelled ends stays numeric"
        );
        assert!(Coding::new(None, None, [1.0].into_iter()).is_none());
    }

    #[test]
    fn spec_missing_codes_replace_the_codebooks() {
        let e = entry(&[(98.0, "Refused"), (99.0, "Don't know")]);
        let c = Coding::new(Some(&e), Some(&[98.0, -9.0]), [3.0, 99.0].into_iter()).unwrap();
        let missing: Vec<(f64, Option<MissingReason>, bool)> = c
            .codes
            .iter()
            .map(|c| (c.code, c.missing, c.from_spec))
            .collect();
        assert_eq!(
            missing,
            [
                (98.0, Some(MissingReason::Refused), true),
                (99.0, None, false),
                (-9.0, Some(MissingReason::NotApplicable), true)
            ]
        );
        assert!(!c.codes[1].is_answer(), "99 now reads as the number 99");
        let d = Decoder::new(Some(&c));
        assert!(matches!(
            d.decode(-9.0),
            Some(Decoded::Missing(MissingReason::NotApplicable))
        ));
        assert!(d.decode(99.0).is_none());
    }

    #[test]
    fn reversed_codes_are_recognised() {
        let e = entry(&[
            (1.0, "Strongly agree"),
            (2.0, "Agree"),
            (3.0, "Neither agree nor disagree"),
            (4.0, "Disagree"),
            (5.0, "Strongly disagree"),
        ]);
        let c = Coding::new(Some(&e), None, (1..=5).map(f64::from)).unwrap();
        let labels: Vec<&str> = e.codes.iter().map(|c| c.label.as_str()).collect();
        let scale = scale::recognise(&labels).unwrap();
        assert!(codes_run_down(&scale, &c));
        assert_eq!(
            levels_in_code_order(&scale, &c).unwrap()[0],
            "Strongly agree"
        );
        assert_eq!(
            c.coded_text().unwrap(),
            "coded 1 = Strongly agree … 5 = Strongly disagree"
        );
    }
}
