//! A realistic `Results`, built by hand so the report tests do not depend on the engine's
//! statistics: a resident survey where trust in the council is modelled on relationships
//! with staff, service performance and age group.

use rapport_engine::codebook::{Codebook, Level, MissingCount, Variable, VariableKind};
use rapport_engine::descriptives::{
    CellShare, Crosstab, Descriptives, Estimate, LevelShare, LikertLevel, LikertSummary,
    MissingShare, RaoScottTest, Side, VariableSummary,
};
use rapport_engine::results::{
    ChiSquaredTest, Coefficient, CompositeResult, DroppedCount, Finding, FindingKind, FitStats,
    InputInfo, ModelInfo, OutcomeInfo, RESULTS_VERSION, Results,
};
use rapport_engine::scale::{MissingReason, Scale, ScaleFamily};
use rapport_engine::spec::{AnalysisSpec, BlockRole, Family, PredictorBlock};
use rapport_stats::reliability::{ItemStats, Reliability};
use rapport_stats::variance::VarianceKind;
use std::collections::BTreeMap;

/// A column name written to look like a spreadsheet formula (CSV/formula injection).
pub const FORMULA_LIKE: &str = "=cmd|' /C calc'!A0";

const AGREE: [&str; 5] = [
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
];

fn agreement() -> Scale {
    Scale {
        family: ScaleFamily::Agreement5,
        name: "Agreement (5-point)".into(),
        levels: AGREE.iter().map(|s| s.to_string()).collect(),
    }
}

fn scale_variable(name: &str, column: &str, scale: Scale, counts: &[usize]) -> Variable {
    let levels = scale
        .levels
        .iter()
        .zip(counts)
        .zip(1..)
        .map(|((label, &count), score)| Level {
            label: label.clone(),
            score: Some(f64::from(score)),
            count,
        })
        .collect();
    Variable {
        name: name.into(),
        column: column.into(),
        kind: VariableKind::Scale { scale },
        levels,
        valid_n: counts.iter().sum(),
        missing: vec![
            MissingCount {
                reason: MissingReason::Blank,
                count: 4,
            },
            MissingCount {
                reason: MissingReason::DontKnow,
                count: 11,
            },
        ],
        invalid_n: 0,
        invalid_examples: vec![],
        coding: None,
    }
}

fn coefficient(
    term: &str,
    block: Option<(&str, BlockRole)>,
    estimate: f64,
    std_error: f64,
    p_value: f64,
) -> Coefficient {
    let df_t = 1.966; // t(0.975) on ~400 residual degrees of freedom
    Coefficient {
        term: term.into(),
        variable: block.map(|_| term.split_once("[T.").map_or(term, |(v, _)| v).to_string()),
        block: block.map(|(b, _)| b.to_string()),
        role: block.map(|(_, r)| r),
        estimate,
        std_error,
        statistic: estimate / std_error,
        p_value,
        conf_low: estimate - df_t * std_error,
        conf_high: estimate + df_t * std_error,
        odds_ratio: None,
    }
}

fn item(
    name: &str,
    mean: f64,
    sd: f64,
    corrected_item_total: Option<f64>,
    alpha_if_deleted: Option<f64>,
) -> ItemStats {
    ItemStats {
        item: name.into(),
        mean,
        sd,
        corrected_item_total,
        alpha_if_deleted,
    }
}

/// The survey "riverside.xlsx": 430 responses, 402 used.
pub fn riverside() -> Results {
    let rel = Some(("Relationships", BlockRole::Relational));
    let tra = Some(("Service performance", BlockRole::Transactional));
    let ctl = Some(("About you", BlockRole::Control));
    let blocks = vec![
        PredictorBlock::new(
            "Relationships",
            BlockRole::Relational,
            &["Staff were kind", "Listened to me", FORMULA_LIKE],
        ),
        PredictorBlock::new(
            "Service performance",
            BlockRole::Transactional,
            &["Days waited", "Resolved first time", "Contacts needed"],
        ),
        PredictorBlock::new("About you", BlockRole::Control, &["Age group"]),
    ];
    let mut spec = AnalysisSpec::new("riverside.xlsx", "Trust in the council", blocks);
    spec.title = Some("What drives trust in Riverside Council?".into());
    spec.data.sha256 =
        Some("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into());
    spec.data.sheet = Some("Responses".into());
    spec.reference_levels = BTreeMap::from([("Age group".into(), "16-34".into())]);
    let trust = Scale {
        family: ScaleFamily::Trust4,
        name: "Trust (4-point)".into(),
        levels: [
            "Not at all",
            "Not very much",
            "A fair amount",
            "A great deal",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    };
    let days = Variable {
        name: "Days waited".into(),
        column: "F".into(),
        kind: VariableKind::Numeric,
        levels: vec![],
        valid_n: 421,
        missing: vec![MissingCount {
            reason: MissingReason::Blank,
            count: 7,
        }],
        invalid_n: 2,
        invalid_examples: vec!["F12 (\"five\")".into(), "F88 (\"-\")".into()],
        coding: None,
    };
    let age = Variable {
        name: "Age group".into(),
        column: "I".into(),
        kind: VariableKind::Categorical,
        levels: ["16-34", "35-54", "55+", "@home"]
            .iter()
            .zip([120, 160, 140, 3])
            .map(|(l, count)| Level {
                label: l.to_string(),
                score: None,
                count,
            })
            .collect(),
        valid_n: 423,
        missing: vec![MissingCount {
            reason: MissingReason::PreferNotToSay,
            count: 7,
        }],
        invalid_n: 0,
        invalid_examples: vec![],
        coding: None,
    };
    let resolved = Variable {
        name: "Resolved first time".into(),
        column: "G".into(),
        kind: VariableKind::Boolean,
        levels: vec![],
        valid_n: 430,
        missing: vec![],
        invalid_n: 0,
        invalid_examples: vec![],
        coding: None,
    };
    Results {
        version: RESULTS_VERSION,
        rapport_version: "0.1.0".into(),
        input: InputInfo {
            file: "riverside.xlsx".into(),
            sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
            sheet: Some("Responses".into()),
            header_row: 3,
            rows: 430,
        },
        outcome: OutcomeInfo {
            name: "Trust in the council".into(),
            scoring: "Trust (4-point), scored 1 = Not at all … 4 = A great deal".into(),
            positive_levels: vec![],
        },
        model: ModelInfo {
            family: "Linear regression (ordinary least squares)".into(),
            variance: "Classical (assumes constant error variance)".into(),
            intercept: true,
            family_kind: Family::Ols,
            variance_kind: VarianceKind::Classical,
            inference_df: Some(394.0),
            design: None,
        },
        coefficients: vec![
            coefficient("(Intercept)", None, 0.8123456789, 0.1412, 1.2e-8),
            coefficient("Staff were kind", rel, 0.3147, 0.0415, 2.3e-13),
            coefficient("Listened to me", rel, 0.1802, 0.0433, 3.8e-5),
            coefficient(FORMULA_LIKE, rel, 0.0213, 0.0398, 0.5928),
            coefficient("Days waited", tra, -0.00412, 0.00151, 0.0066),
            coefficient("Resolved first time", tra, 0.1489, 0.0702, 0.0346),
            coefficient("Age group[T.35-54]", ctl, -0.0522, 0.0851, 0.5398),
            coefficient("Age group[T.55+]", ctl, 0.1314, 0.0889, 0.1402),
        ],
        fit: FitStats {
            n: 402,
            n_dropped: 28,
            df_model: 7,
            df_residual: 394,
            r_squared: 0.4127,
            adj_r_squared: Some(0.4023),
            sigma: Some(0.6311),
            f_statistic: Some(39.56),
            f_p_value: Some(4.4e-41),
            log_likelihood: -382.118,
            aic: 782.236,
            bic: 818.203,
            r_squared_kind: "centred".into(),
        },
        likelihood: None,
        marginal_effects: vec![],
        thresholds: vec![],
        block_tests: vec![],
        descriptives: descriptives(),
        aliased: vec!["Contacts needed".into()],
        dropped: vec![
            DroppedCount {
                column: "Staff were kind".into(),
                reason: MissingReason::DontKnow,
                rows: 11,
            },
            DroppedCount {
                column: "Days waited".into(),
                reason: MissingReason::Blank,
                rows: 7,
            },
            DroppedCount {
                column: "Age group".into(),
                reason: MissingReason::PreferNotToSay,
                rows: 7,
            },
            DroppedCount {
                column: FORMULA_LIKE.into(),
                reason: MissingReason::Blank,
                rows: 4,
            },
        ],
        weighting: None,
        composites: vec![
            CompositeResult {
                name: "Relational index".into(),
                items: vec![
                    "Staff were kind".into(),
                    "Listened to me".into(),
                    FORMULA_LIKE.into(),
                ],
                min_valid: 2,
                n_scored: 421,
                reliability: Reliability {
                    n_complete: 408,
                    alpha: 0.8096,
                    alpha_standardized: 0.8213,
                    items: vec![
                        item(
                            "Staff were kind",
                            3.7328,
                            1.0712,
                            Some(0.6841),
                            Some(0.7203),
                        ),
                        item("Listened to me", 3.5784, 1.1197, Some(0.7012), Some(0.6987)),
                        item(FORMULA_LIKE, 3.4387, 1.1634, Some(0.5796), Some(0.8312)),
                    ],
                },
            },
            // Two items: alpha without one of them is undefined (psych prints NA).
            CompositeResult {
                name: "Staff manner".into(),
                items: vec!["Staff were kind".into(), "Listened to me".into()],
                min_valid: 1,
                n_scored: 425,
                reliability: Reliability {
                    n_complete: 415,
                    alpha: 0.8194,
                    alpha_standardized: 0.8235,
                    items: vec![
                        item("Staff were kind", 3.7349, 1.0698, Some(0.7), None),
                        item("Listened to me", 3.5783, 1.1203, Some(0.7), None),
                    ],
                },
            },
        ],
        warnings: vec![
            "\"Staff were kind\" and \"Listened to me\" are closely related (VIF 5.4): their \
             separate estimates are less certain than their joint effect."
                .into(),
        ],
        // Shaped like the engine's templates (findings.rs).
        findings: vec![
            Finding {
                kind: FindingKind::Explained,
                role: None,
                variable: None,
                text: "Together the predictors account for 41% of the variation in \"Trust in the \
             council\" (R² = 0.413, 402 respondents with complete answers)."
                    .into(),
            },
            Finding {
                kind: FindingKind::StrongestDriver,
                role: Some(BlockRole::Relational),
                variable: Some("Staff were kind".into()),
                text:
                    "Among relationships, the strongest association is with \"Staff were kind\": a \
             one-point higher answer (on the 5-point agreement scale) goes with a 0.31-point \
             higher \"Trust in the council\" (on its 4-point scale) (95% CI 0.23 to 0.40), \
             other things equal."
                        .into(),
            },
            Finding {
                kind: FindingKind::StrongestDriver,
                role: Some(BlockRole::Transactional),
                variable: Some("Resolved first time".into()),
                text:
                    "Among service performance, the strongest association is with \"Resolved first \
             time\": a yes goes with a 0.15-point higher \"Trust in the council\" (on its \
             4-point scale) (95% CI 0.01 to 0.29), other things equal."
                        .into(),
            },
            Finding {
                kind: FindingKind::Caveat,
                role: None,
                variable: None,
                text:
                    "These are associations in survey answers, not proof that one causes the other."
                        .into(),
            },
        ],
        drivers: None,
        codebook: Codebook {
            variables: vec![
                scale_variable("Trust in the council", "B", trust, &[40, 88, 190, 102]),
                scale_variable("Staff were kind", "C", agreement(), &[20, 35, 80, 180, 100]),
                scale_variable("Listened to me", "D", agreement(), &[25, 50, 90, 160, 90]),
                scale_variable(FORMULA_LIKE, "E", agreement(), &[30, 60, 100, 150, 76]),
                days,
                resolved,
                age,
            ],
            layout: Default::default(),
        },
        spec,
    }
}

fn share(estimate: f64) -> Estimate {
    Estimate {
        estimate,
        std_error: 0.02,
        conf_low: Some(estimate - 0.04),
        conf_high: Some(estimate + 0.04),
    }
}

/// Hand-made descriptives: one rating item (with the formula-like name), one number and one
/// crosstab whose column level starts like a formula.
pub fn descriptives() -> Descriptives {
    let shares = [0.07, 0.14, 0.24, 0.36, 0.19];
    let counts = [30, 60, 100, 150, 76];
    let missing = vec![
        MissingShare {
            reason: MissingReason::Blank,
            label: "Blank".into(),
            n: 4,
            proportion_of_all: 0.01,
        },
        MissingShare {
            reason: MissingReason::DontKnow,
            label: "Don't know".into(),
            n: 11,
            proportion_of_all: 0.025,
        },
    ];
    let item = VariableSummary {
        variable: FORMULA_LIKE.into(),
        scale: Some("Agreement (5-point)".into()),
        n: 416,
        answered_of_all: 0.965,
        mean: Some(Estimate {
            estimate: 3.46,
            std_error: 0.055,
            conf_low: Some(3.35),
            conf_high: Some(3.57),
        }),
        levels: AGREE
            .iter()
            .zip(shares)
            .zip(counts)
            .map(|((label, p), n)| LevelShare {
                label: label.to_string(),
                n,
                proportion: share(p),
            })
            .collect(),
        missing: missing.clone(),
        invalid_n: 0,
        invalid_of_all: 0.0,
    };
    let days = VariableSummary {
        variable: "Days waited".into(),
        scale: None,
        n: 421,
        answered_of_all: 0.979,
        mean: Some(Estimate {
            estimate: 18.57,
            std_error: 0.62,
            conf_low: Some(17.3),
            conf_high: Some(19.83),
        }),
        levels: vec![],
        missing: vec![MissingShare {
            reason: MissingReason::Blank,
            label: "Blank".into(),
            n: 7,
            proportion_of_all: 0.016,
        }],
        invalid_n: 2,
        invalid_of_all: 0.005,
    };
    let sides = [
        Side::Negative,
        Side::Negative,
        Side::Neutral,
        Side::Positive,
        Side::Positive,
    ];
    let mut start = -(0.07 + 0.14 + 0.12);
    let levels = AGREE
        .iter()
        .zip(shares)
        .zip(sides)
        .map(|((label, p), side)| {
            let l = LikertLevel {
                label: label.to_string(),
                side,
                proportion: p,
                start,
                end: start + p,
            };
            start += p;
            l
        })
        .collect();
    let likert = LikertSummary {
        variable: FORMULA_LIKE.into(),
        scale: "Agreement (5-point)".into(),
        n: 416,
        levels,
        negative: 0.21,
        neutral: 0.24,
        positive: 0.55,
        top_two_box: 0.55,
        bottom_two_box: 0.21,
        answered_of_all: 0.965,
        missing,
        invalid_of_all: 0.0,
    };
    let cell = |n, row_share| CellShare { n, row_share };
    let crosstab = Crosstab {
        rows: "Trust in the council".into(),
        columns: "Age group".into(),
        row_levels: vec!["Not at all".into(), "A great deal".into()],
        column_levels: vec!["16-34".into(), "@home".into()],
        cells: vec![
            vec![cell(30, 0.75), cell(10, 0.25)],
            vec![cell(50, 0.5), cell(52, 0.5)],
        ],
        column_shares: vec![0.57, 0.43],
        n: 142,
        chi_squared: Some(ChiSquaredTest {
            statistic: 7.41,
            df: 1,
            p_value: 0.0091,
        }),
        rao_scott: Some(RaoScottTest {
            statistic: 6.12,
            numerator_df: 1.0,
            denominator_df: 29.0,
            p_value: 0.0194,
        }),
    };
    Descriptives {
        level: 0.95,
        design_df: 429,
        variables: vec![item, days],
        likert: vec![likert],
        crosstabs: vec![crosstab],
    }
}
