//! Response scales recognised from their text labels, and non-substantive answers.
//!
//! Recognition works on a *matching key* of each label: [`normalise`]d, with a leading
//! answer code such as `1 - ` or `(5)` and apostrophes removed, so that "1 - Strongly
//! agree", "STRONGLY  AGREE." and "Strongly agree" are one level. A column is a scale when
//! every distinct label it holds is a level (or alias) of one family; the smallest such
//! family wins, so "Agree"/"Disagree" is the 5-point agreement scale unless a label such
//! as "Somewhat agree" only the 7-point scale has appears.
//!
//! "NA" is read as *not applicable* (a missing answer), as R, SPSS exports and survey
//! platforms write it; a genuine category spelled "NA" must be renamed in the sheet.

use rapport_read::text::normalise;
use serde::{Deserialize, Serialize};

/// Why a value is missing for models. Counted separately in descriptives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum MissingReason {
    /// Empty cell.
    Blank,
    /// "Don't know", "Do not know", "DK".
    DontKnow,
    /// "Prefer not to say".
    PreferNotToSay,
    /// "N/A", "Not applicable".
    NotApplicable,
    /// "Refused".
    Refused,
    /// A spreadsheet error such as `#N/A` or `#DIV/0!`.
    CellError,
}

impl MissingReason {
    /// Label used in tables and reports.
    pub fn label(self) -> &'static str {
        match self {
            MissingReason::Blank => "Blank",
            MissingReason::DontKnow => "Don't know",
            MissingReason::PreferNotToSay => "Prefer not to say",
            MissingReason::NotApplicable => "Not applicable",
            MissingReason::Refused => "Refused",
            MissingReason::CellError => "Cell error",
        }
    }
}

/// The families of response scale Rapport recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ScaleFamily {
    Agreement5,
    Agreement7,
    Satisfaction5,
    Trust4,
    Quality5,
    Frequency5,
    YesNo,
}

/// A recognised ordered scale: canonical labels from most negative (scored 1) upward.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Scale {
    pub family: ScaleFamily,
    /// Plain name, e.g. "Agreement (5-point)".
    pub name: String,
    /// Labels in score order, as first seen in the data where observed (else canonical).
    pub levels: Vec<String>,
}

/// One level of a scale definition: canonical spelling and the matching keys it accepts.
struct LevelDef {
    canonical: &'static str,
    keys: &'static [&'static str],
}

/// A scale definition. A family may have more than one (quality has a UK "very poor …
/// very good" and a US "poor … excellent" form); the first listed wins a tie.
struct ScaleDef {
    family: ScaleFamily,
    name: &'static str,
    levels: &'static [LevelDef],
}

impl ScaleDef {
    /// Zero-based position of the level a matching key belongs to.
    fn index_of(&self, key: &str) -> Option<usize> {
        self.levels.iter().position(|l| l.keys.contains(&key))
    }
}

const fn lv(canonical: &'static str, keys: &'static [&'static str]) -> LevelDef {
    LevelDef { canonical, keys }
}

const STRONGLY_DISAGREE: LevelDef = lv(
    "Strongly disagree",
    &[
        "strongly disagree",
        "disagree strongly",
        "completely disagree",
        "totally disagree",
    ],
);
const NEITHER_AGREE: LevelDef = lv(
    "Neither agree nor disagree",
    &[
        "neither agree nor disagree",
        "neither agree or disagree",
        "neither disagree nor agree",
        "neither",
        "neutral",
    ],
);
const STRONGLY_AGREE: LevelDef = lv(
    "Strongly agree",
    &[
        "strongly agree",
        "agree strongly",
        "completely agree",
        "totally agree",
    ],
);

/// Every recognised scale, sorted by size (smallest first) so the first match is the
/// smallest family covering the labels.
const DEFS: &[ScaleDef] = &[
    ScaleDef {
        family: ScaleFamily::YesNo,
        name: "Yes/No",
        levels: &[lv("No", &["no", "n"]), lv("Yes", &["yes", "y"])],
    },
    ScaleDef {
        family: ScaleFamily::Trust4,
        name: "Trust (4-point)",
        levels: &[
            lv("Not at all", &["not at all", "none at all"]),
            lv("Not very much", &["not very much", "not much", "not very"]),
            lv(
                "A fair amount",
                &["a fair amount", "fair amount", "quite a lot"],
            ),
            lv("A great deal", &["a great deal", "great deal", "a lot"]),
        ],
    },
    ScaleDef {
        family: ScaleFamily::Agreement5,
        name: "Agreement (5-point)",
        levels: &[
            STRONGLY_DISAGREE,
            lv(
                "Disagree",
                &["disagree", "tend to disagree", "mostly disagree"],
            ),
            NEITHER_AGREE,
            lv("Agree", &["agree", "tend to agree", "mostly agree"]),
            STRONGLY_AGREE,
        ],
    },
    ScaleDef {
        family: ScaleFamily::Satisfaction5,
        name: "Satisfaction (5-point)",
        levels: &[
            lv(
                "Very dissatisfied",
                &[
                    "very dissatisfied",
                    "very unsatisfied",
                    "extremely dissatisfied",
                    "completely dissatisfied",
                ],
            ),
            lv(
                "Fairly dissatisfied",
                &[
                    "fairly dissatisfied",
                    "dissatisfied",
                    "quite dissatisfied",
                    "somewhat dissatisfied",
                    "unsatisfied",
                ],
            ),
            lv(
                "Neither satisfied nor dissatisfied",
                &[
                    "neither satisfied nor dissatisfied",
                    "neither satisfied or dissatisfied",
                    "neither dissatisfied nor satisfied",
                    "neither",
                    "neutral",
                ],
            ),
            lv(
                "Fairly satisfied",
                &[
                    "fairly satisfied",
                    "satisfied",
                    "quite satisfied",
                    "somewhat satisfied",
                ],
            ),
            lv(
                "Very satisfied",
                &[
                    "very satisfied",
                    "extremely satisfied",
                    "completely satisfied",
                ],
            ),
        ],
    },
    ScaleDef {
        family: ScaleFamily::Quality5,
        name: "Quality (5-point)",
        levels: &[
            lv("Very poor", &["very poor", "very bad"]),
            lv(
                "Poor",
                &["poor", "fairly poor", "quite poor", "bad", "fairly bad"],
            ),
            lv(
                "Fair",
                &[
                    "fair",
                    "neither good nor poor",
                    "neither good nor bad",
                    "neither poor nor good",
                    "average",
                ],
            ),
            lv("Good", &["good", "fairly good", "quite good"]),
            lv("Very good", &["very good"]),
        ],
    },
    ScaleDef {
        family: ScaleFamily::Quality5,
        name: "Quality (5-point)",
        levels: &[
            lv("Poor", &["poor"]),
            lv("Fair", &["fair"]),
            lv("Good", &["good"]),
            lv("Very good", &["very good"]),
            lv("Excellent", &["excellent"]),
        ],
    },
    ScaleDef {
        family: ScaleFamily::Frequency5,
        name: "Frequency (5-point)",
        levels: &[
            lv("Never", &["never"]),
            lv(
                "Rarely",
                &["rarely", "seldom", "hardly ever", "almost never"],
            ),
            lv("Sometimes", &["sometimes", "occasionally"]),
            lv(
                "Often",
                &["often", "usually", "frequently", "most of the time"],
            ),
            lv("Always", &["always", "all of the time", "all the time"]),
        ],
    },
    ScaleDef {
        family: ScaleFamily::Agreement7,
        name: "Agreement (7-point)",
        levels: &[
            STRONGLY_DISAGREE,
            lv("Disagree", &["disagree", "moderately disagree"]),
            lv(
                "Somewhat disagree",
                &["somewhat disagree", "slightly disagree", "mildly disagree"],
            ),
            NEITHER_AGREE,
            lv(
                "Somewhat agree",
                &["somewhat agree", "slightly agree", "mildly agree"],
            ),
            lv("Agree", &["agree", "moderately agree"]),
            STRONGLY_AGREE,
        ],
    },
];

/// Matching keys of the non-substantive answers.
const MISSING_KEYS: &[(MissingReason, &[&str])] = &[
    (
        MissingReason::DontKnow,
        &[
            "dont know",
            "do not know",
            "dk",
            "d/k",
            "not sure",
            "unsure",
            "cant say",
            "cannot say",
            "dont know/not sure",
            "not sure/dont know",
            "dont know/cant say",
        ],
    ),
    (
        MissingReason::PreferNotToSay,
        &[
            "prefer not to say",
            "prefer not to answer",
            "prefer not say",
            "rather not say",
            "would rather not say",
            "id rather not say",
        ],
    ),
    (
        MissingReason::NotApplicable,
        &[
            "n/a",
            "na",
            "n.a",
            "not applicable",
            "does not apply",
            "doesnt apply",
            "-",
            "--",
            "\u{2013}",
            "\u{2014}",
        ],
    ),
    (
        MissingReason::Refused,
        &[
            "refused",
            "refusal",
            "refused to answer",
            "declined",
            "declined to answer",
        ],
    ),
];

/// The matching key of a label: [`normalise`]d, without an answer code (`1 - `, `1. `,
/// `(1) `, ` (1)` at the end) and without apostrophes or quotes, with `a / b` as `a/b`.
fn key(label: &str) -> String {
    let norm = normalise(label);
    let body = strip_code(&norm);
    let mut out = String::with_capacity(body.len());
    for ch in body.chars() {
        if ch != '\'' && ch != '"' {
            out.push(ch);
        }
    }
    if out.contains('/') {
        out = out
            .replace(" / ", "/")
            .replace("/ ", "/")
            .replace(" /", "/");
    }
    let kept = out.trim_end_matches(['.', ' ']).len();
    out.truncate(kept);
    out
}

/// Remove an answer code written before or after the label ("1 - Agree", "(1) Agree",
/// "Agree (1)"), but only when letters remain, so a bare "1" stays itself.
fn strip_code(norm: &str) -> &str {
    let digits_then = |s: &str| -> Option<usize> {
        let n = s.chars().take_while(char::is_ascii_digit).count();
        (1..=3).contains(&n).then_some(n)
    };
    let mut body = norm;
    if let Some(rest) = norm.strip_prefix('(')
        && let Some(n) = digits_then(rest)
        && let Some(after) = rest[n..].strip_prefix(')')
    {
        body = after.trim_start();
    } else if let Some(n) = digits_then(norm) {
        let after = norm[n..].trim_start();
        if let Some(sep) = after.chars().next()
            && matches!(sep, '-' | '\u{2013}' | '\u{2014}' | '=' | ':' | '.' | ')')
        {
            body = after[sep.len_utf8()..].trim_start();
        }
    }
    if let Some(open) = body.rfind(" (")
        && let Some(inner) = body[open + 2..].strip_suffix(')')
        && digits_then(inner) == Some(inner.len())
    {
        body = &body[..open];
    }
    if body.chars().any(char::is_alphabetic) {
        body
    } else {
        norm
    }
}

/// Why a text answer is missing for models, if it is a non-substantive answer
/// ("Don't know", "DK", "Prefer not to say", "N/A", "NA", "Not applicable", "Refused"…).
pub fn missing_reason(text: &str) -> Option<MissingReason> {
    reason_of_key(&key(text))
}

/// [`missing_reason`] of a label already keyed.
fn reason_of_key(k: &str) -> Option<MissingReason> {
    MISSING_KEYS
        .iter()
        .find(|(_, keys)| keys.contains(&k))
        .map(|(reason, _)| *reason)
}

/// The scale that covers every distinct label, or `None`. Missing answers among the labels
/// are ignored; at least two different levels must be seen, because one label alone
/// ("Neutral", "Yes") does not tell which scale it belongs to.
pub fn recognise(labels: &[&str]) -> Option<Scale> {
    let mut observed: Vec<(&str, String)> = Vec::new();
    for l in labels {
        let k = key(l);
        if k.is_empty() || reason_of_key(&k).is_some() {
            continue;
        }
        // A label no scale has rules every scale out: stop before reading the rest (a
        // column of 100,000 respondent numbers is rejected at its first).
        if !DEFS.iter().any(|def| def.index_of(&k).is_some()) {
            return None;
        }
        observed.push((l.trim(), k));
    }
    DEFS.iter().find_map(|def| {
        let positions: Vec<usize> = observed
            .iter()
            .map(|(_, k)| def.index_of(k))
            .collect::<Option<_>>()?;
        let mut seen = positions.clone();
        seen.sort_unstable();
        seen.dedup();
        if seen.len() < 2 {
            return None;
        }
        let levels = def
            .levels
            .iter()
            .enumerate()
            .map(|(i, level)| {
                positions
                    .iter()
                    .position(|&p| p == i)
                    .and_then(|j| observed.get(j))
                    .map_or_else(|| level.canonical.to_string(), |(l, _)| (*l).to_string())
            })
            .collect();
        Some(Scale {
            family: def.family,
            name: def.name.to_string(),
            levels,
        })
    })
}

/// Score of a label on a scale: its position in `scale.levels`, from 1. A label matches a
/// level spelled the same (up to [`normalise`] and answer codes) or any alias of that level
/// in the scale's family, so "Tend to agree" scores as "Agree" — also when the levels have
/// been put in another order (a reversed item).
pub fn score(scale: &Scale, label: &str) -> Option<f64> {
    let k = key(label);
    let level_keys: Vec<String> = scale.levels.iter().map(|l| key(l)).collect();
    let position = level_keys.iter().position(|l| *l == k).or_else(|| {
        let def = DEFS
            .iter()
            .filter(|d| d.family == scale.family && d.levels.len() == level_keys.len())
            .find(|d| level_keys.iter().all(|lk| d.index_of(lk).is_some()))?;
        let wanted = def.index_of(&k)?;
        level_keys
            .iter()
            .position(|lk| def.index_of(lk) == Some(wanted))
    })?;
    Some((position + 1) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn family(labels: &[&str]) -> Option<ScaleFamily> {
        recognise(labels).map(|s| s.family)
    }

    #[test]
    fn missing_reasons_tolerate_spelling() {
        for dk in [
            "Don't know",
            "Dont know",
            "DON\u{2019}T KNOW",
            "DK",
            "dk.",
            "Do not know",
            "Don't know / not sure",
        ] {
            assert_eq!(missing_reason(dk), Some(MissingReason::DontKnow), "{dk}");
        }
        for pn in [
            "Prefer not to say",
            "prefer  not to say.",
            "Prefer not to answer",
        ] {
            assert_eq!(
                missing_reason(pn),
                Some(MissingReason::PreferNotToSay),
                "{pn}"
            );
        }
        for na in [
            "N/A",
            "n/a",
            "NA",
            "N / A",
            "Not applicable",
            "n.a.",
            "-",
            " \u{2013} ",
            "\u{2014}",
        ] {
            assert_eq!(
                missing_reason(na),
                Some(MissingReason::NotApplicable),
                "{na}"
            );
        }
        assert_eq!(missing_reason("Refused"), Some(MissingReason::Refused));
        assert_eq!(
            missing_reason("9 - Don't know"),
            Some(MissingReason::DontKnow)
        );
        for not_missing in ["Agree", "No", "None", "Nan", "knowing", "", "9"] {
            assert_eq!(missing_reason(not_missing), None, "{not_missing}");
        }
    }

    #[test]
    fn agreement_five_point_with_aliases_and_messy_spelling() {
        let s = recognise(&[
            "Tend to agree",
            "STRONGLY DISAGREE",
            "neither agree nor disagree.",
        ])
        .unwrap();
        assert_eq!(s.family, ScaleFamily::Agreement5);
        assert_eq!(s.name, "Agreement (5-point)");
        // Observed levels keep their spelling; unobserved ones are canonical.
        assert_eq!(
            s.levels,
            [
                "STRONGLY DISAGREE",
                "Disagree",
                "neither agree nor disagree.",
                "Tend to agree",
                "Strongly agree"
            ]
        );
        assert_eq!(score(&s, "strongly  disagree"), Some(1.0));
        assert_eq!(score(&s, "Agree"), Some(4.0));
        assert_eq!(score(&s, "Tend to disagree"), Some(2.0));
        assert_eq!(score(&s, "Neutral"), Some(3.0));
        assert_eq!(score(&s, "Strongly agree"), Some(5.0));
        assert_eq!(score(&s, "Somewhat agree"), None);
        let reversed = Scale {
            levels: s.levels.iter().rev().cloned().collect(),
            ..s.clone()
        };
        assert_eq!(score(&reversed, "Strongly agree"), Some(1.0));
        assert_eq!(score(&reversed, "Tend to disagree"), Some(4.0));
        assert_eq!(score(&reversed, "STRONGLY DISAGREE"), Some(5.0));
    }

    #[test]
    fn seven_point_agreement_needs_a_somewhat_label() {
        assert_eq!(
            family(&["Agree", "Disagree", "Strongly agree"]),
            Some(ScaleFamily::Agreement5)
        );
        let s = recognise(&["Agree", "Slightly agree", "Strongly disagree"]).unwrap();
        assert_eq!(s.family, ScaleFamily::Agreement7);
        assert_eq!(s.levels.len(), 7);
        assert_eq!(score(&s, "Strongly disagree"), Some(1.0));
        assert_eq!(score(&s, "Somewhat agree"), Some(5.0));
        assert_eq!(score(&s, "Agree"), Some(6.0));
        assert_eq!(score(&s, "Strongly agree"), Some(7.0));
    }

    #[test]
    fn other_families() {
        let trust = recognise(&[
            "A great deal",
            "not at all",
            "Not very much",
            "A fair amount",
        ])
        .unwrap();
        assert_eq!(trust.family, ScaleFamily::Trust4);
        assert_eq!(
            trust.levels,
            [
                "not at all",
                "Not very much",
                "A fair amount",
                "A great deal"
            ]
        );
        assert_eq!(score(&trust, "a great deal"), Some(4.0));

        let sat = recognise(&["Quite satisfied", "Very dissatisfied"]).unwrap();
        assert_eq!(sat.family, ScaleFamily::Satisfaction5);
        assert_eq!(score(&sat, "Satisfied"), Some(4.0));
        assert_eq!(score(&sat, "Neither satisfied nor dissatisfied"), Some(3.0));

        let uk = recognise(&["Very poor", "Good", "Fair"]).unwrap();
        assert_eq!(uk.family, ScaleFamily::Quality5);
        assert_eq!(
            uk.levels,
            ["Very poor", "Poor", "Fair", "Good", "Very good"]
        );
        assert_eq!(score(&uk, "Good"), Some(4.0));
        let us = recognise(&["Excellent", "Good", "Poor"]).unwrap();
        assert_eq!(
            us.levels,
            ["Poor", "Fair", "Good", "Very good", "Excellent"]
        );
        assert_eq!(score(&us, "Good"), Some(3.0));
        assert_eq!(score(&us, "Excellent"), Some(5.0));

        let freq = recognise(&["Never", "Always", "Occasionally"]).unwrap();
        assert_eq!(freq.family, ScaleFamily::Frequency5);
        assert_eq!(score(&freq, "Sometimes"), Some(3.0));

        let yn = recognise(&["Yes", "No"]).unwrap();
        assert_eq!(yn.family, ScaleFamily::YesNo);
        assert_eq!(score(&yn, "no"), Some(1.0));
        assert_eq!(score(&yn, "YES"), Some(2.0));
    }

    #[test]
    fn answer_codes_are_ignored() {
        let s = recognise(&[
            "1 - Strongly disagree",
            "5 - Strongly agree",
            "3. Neither agree nor disagree",
        ])
        .unwrap();
        assert_eq!(s.family, ScaleFamily::Agreement5);
        assert_eq!(score(&s, "(4) Agree"), Some(4.0));
        assert_eq!(score(&s, "Agree (4)"), Some(4.0));
    }

    #[test]
    fn missing_answers_do_not_block_recognition() {
        assert_eq!(
            family(&["Agree", "Don't know", "Disagree", "N/A"]),
            Some(ScaleFamily::Agreement5)
        );
    }

    #[test]
    fn definitions_are_smallest_first_and_unambiguous() {
        assert!(
            DEFS.windows(2)
                .all(|w| w[0].levels.len() <= w[1].levels.len())
        );
        for def in DEFS {
            for (i, level) in def.levels.iter().enumerate() {
                assert_eq!(
                    def.index_of(&key(level.canonical)),
                    Some(i),
                    "{}",
                    level.canonical
                );
                for k in level.keys {
                    assert_eq!(key(k), *k, "keys are written in matching-key form");
                    assert_eq!(
                        def.index_of(k),
                        Some(i),
                        "{k} belongs to one level of {}",
                        def.name
                    );
                    assert_eq!(missing_reason(k), None, "{k} is not a missing answer");
                }
            }
        }
    }

    #[test]
    fn not_scales() {
        assert_eq!(family(&["Agree"]), None, "one level is not enough evidence");
        assert_eq!(
            family(&["Agree", "Tend to agree"]),
            None,
            "two spellings of one level"
        );
        assert_eq!(
            family(&["Agree", "Disagree", "Maybe"]),
            None,
            "Maybe is on no agreement scale"
        );
        assert_eq!(family(&["London", "Leeds"]), None);
        assert_eq!(family(&["1", "2", "3"]), None);
        assert_eq!(family(&[]), None);
        assert_eq!(
            family(&["Agree", "Very satisfied"]),
            None,
            "labels from two families"
        );
    }
}
