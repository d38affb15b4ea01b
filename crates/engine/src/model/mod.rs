//! Fitting the spec's model on its frame with the standard errors it asks for, and the
//! nested test of each block: one place that turns a [`Frame`] into the model parts of
//! the [`crate::results::Results`], whatever the family (linear, logistic, ordinal) and the
//! variance estimator.

mod linear;
mod logistic;
mod ordinal;

use crate::codebook::{Variable, VariableKind};
use crate::error::{EngineError, Result};
use crate::frame::Frame;
use crate::inference;
use crate::ols::CoefRow;
use crate::results::{
    BlockTest, BlockTestMethod, Coefficient, FitStats, LikelihoodFit, MarginalEffect,
};
use crate::sampling::Sample;
use crate::spec::{AnalysisSpec, BlockRole, Family};
use crate::survey::Design;
use crate::variance::{Sandwich, VarianceKind};
use faer::{Mat, MatRef};
use std::borrow::Cow;

/// The model parts of the results.
#[derive(Debug, Clone)]
pub struct Model {
    pub coefficients: Vec<Coefficient>,
    pub aliased: Vec<String>,
    pub thresholds: Vec<Coefficient>,
    pub fit: FitStats,
    pub likelihood: Option<LikelihoodFit>,
    pub marginal_effects: Vec<MarginalEffect>,
    pub block_tests: Vec<BlockTest>,
    /// The model in words ("Linear regression (weighted least squares)").
    pub family: String,
    /// The standard errors in words.
    pub variance: String,
    pub kind: VarianceKind,
    /// Degrees of freedom of the tests (`None`: normal).
    pub df: Option<f64>,
    /// Clusters or PSUs behind a cluster or design covariance.
    pub groups: Option<usize>,
    /// Frame rows the fit used (positive weight).
    pub rows: Vec<usize>,
    /// Estimate per frame column (`None`: aliased, or the intercept an ordinal model
    /// replaces by thresholds), for standardized effects.
    pub estimates: Vec<Option<f64>>,
    /// Convergence and separation warnings.
    pub warnings: Vec<String>,
    /// The outcome's answers counted as 1 by a logistic model.
    pub positive_levels: Vec<String>,
    /// The outcome as the family fitted it, for analyses that refit on other columns.
    pub response: Response,
}

/// The outcome as a family fits it.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// `frame.y` as it is.
    Linear,
    /// 0/1 per frame row.
    Binary(Vec<f64>),
    /// Category `0..n_categories` per frame row, in the scale's order.
    Ordered {
        categories: Vec<usize>,
        n_categories: usize,
    },
}

/// What a model needs besides its frame.
pub struct Context<'a> {
    pub spec: &'a AnalysisSpec,
    pub sample: Option<&'a Sample>,
    /// The outcome's codebook entry (`None` for a composite score).
    pub outcome: Option<&'a Variable>,
    /// "survey.xlsx, sheet Responses", for messages.
    pub location: &'a str,
}

impl Context<'_> {
    fn error(&self, reason: impl ToString) -> EngineError {
        EngineError::Model {
            location: self.location.to_string(),
            reason: reason.to_string(),
        }
    }

    /// The design and the design row of each of the frame rows `rows`: the spec's design,
    /// or a simple random sample of the frame's rows.
    fn design_rows(&self, frame: &Frame, rows: &[usize]) -> (Cow<'_, Design>, Vec<usize>) {
        match self.sample {
            Some(s) => {
                let data_rows: Vec<usize> = rows.iter().map(|&i| frame.rows[i]).collect();
                (Cow::Borrowed(&s.design), s.design_rows(&data_rows))
            }
            None => (Cow::Owned(Design::simple(frame.rows.len())), rows.to_vec()),
        }
    }
}

/// Fit the spec's family on `frame`.
pub fn fit(frame: &Frame, ctx: &Context<'_>) -> Result<Model> {
    match ctx.spec.family {
        Family::Ols => linear::fit(frame, ctx),
        Family::Logit => logistic::fit(frame, ctx),
        Family::Ordinal => ordinal::fit(frame, ctx),
    }
}

/// Coefficient rows named by the frame's terms (`rows` per frame column, `None` where not
/// estimated), with odds ratios for logistic and ordinal models; aliased terms apart.
/// `skip` leaves out frame columns that are not coefficients (an ordinal model's
/// intercept).
fn coefficients(
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
fn coefficient(r: &CoefRow, odds: bool) -> Coefficient {
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

/// A nested test's method, statistic, df, denominator df and p.
type TestParts = (BlockTestMethod, f64, usize, Option<f64>, f64);

/// How a family tests one block: refit without it, test, and say how much the reduced
/// fit explains.
struct BlockRefit<'a, R> {
    /// Frame columns a reduced model may keep (an ordinal model has no intercept column).
    candidates: &'a [usize],
    /// Frame column of each estimated coefficient, in parameter order.
    estimated: &'a [usize],
    /// R² (or McFadden's) of the full model.
    explained_full: f64,
    refit: &'a dyn Fn(&[usize]) -> Option<R>,
    /// The test from the reduced fit and the block's parameter positions.
    test: &'a dyn Fn(&R, &[usize]) -> Option<TestParts>,
    explained: &'a dyn Fn(&R) -> f64,
}

/// Each block's test given the other blocks, on the same rows: the model without the
/// block's columns is refitted and compared with the full one as `how` says.
fn block_tests<R>(frame: &Frame, ctx: &Context<'_>, how: &BlockRefit<'_, R>) -> Vec<BlockTest> {
    ctx.spec
        .blocks
        .iter()
        .filter_map(|block| {
            let in_block = |c: &usize| frame.terms[*c].block.as_deref() == Some(&block.name);
            let positions: Vec<usize> = (0..how.estimated.len())
                .filter(|&j| in_block(&how.estimated[j]))
                .collect();
            if positions.is_empty() {
                return None;
            }
            let keep: Vec<usize> = how
                .candidates
                .iter()
                .copied()
                .filter(|c| !in_block(c))
                .collect();
            let reduced = (how.refit)(&keep)?;
            let test = (how.test)(&reduced, &positions)?;
            Some(block_test(
                block,
                test,
                (how.explained)(&reduced),
                how.explained_full,
                ctx,
            ))
        })
        .collect()
}

/// The Wald test that the coefficients at `positions` (of the estimated parameters) are
/// zero, with covariance `cov` (`survey::regTermTest`): F on (q, df) or χ² on q.
fn wald_test(
    estimates: &[f64],
    cov: MatRef<'_, f64>,
    positions: &[usize],
    df: Option<f64>,
) -> Option<TestParts> {
    let b: Vec<f64> = positions.iter().map(|&j| estimates[j]).collect();
    let v = Mat::from_fn(positions.len(), positions.len(), |a, c| {
        cov[(positions[a], positions[c])]
    });
    let w = inference::wald(&b, v.as_ref(), df)?;
    let statistic = if w.denominator_df.is_some() {
        w.f
    } else {
        w.chi_squared
    };
    Some((
        BlockTestMethod::Wald,
        statistic,
        w.df,
        w.denominator_df,
        w.p_value,
    ))
}

/// The likelihood-ratio test of nested fits: `2(ℓ₁ − ℓ₀)` on `q` df.
fn lr_test(ll_full: f64, ll_reduced: f64, q: usize) -> TestParts {
    let t = inference::chi_squared_test(2.0 * (ll_full - ll_reduced), q);
    (
        BlockTestMethod::LikelihoodRatio,
        t.statistic,
        t.df,
        None,
        t.p_value,
    )
}

/// The test of a block in a maximum-likelihood model: the likelihood-ratio test of the
/// nested fits when the fit is an unweighted likelihood with classical errors (`likelihood`),
/// else the Wald test of the block's coefficients (`positions` among `estimates`) with the
/// model's covariance.
fn likelihood_block_test(
    likelihood: bool,
    (ll_full, ll_reduced): (f64, f64),
    estimates: &[f64],
    sandwich: &Sandwich,
    positions: &[usize],
) -> Option<TestParts> {
    if likelihood {
        Some(lr_test(ll_full, ll_reduced, positions.len()))
    } else {
        wald_test(estimates, sandwich.cov.as_ref(), positions, sandwich.df)
    }
}

/// A block test with its sentence.
fn block_test(
    block: &crate::spec::PredictorBlock,
    (method, statistic, df, df_denominator, p_value): (
        BlockTestMethod,
        f64,
        usize,
        Option<f64>,
        f64,
    ),
    explained_without: f64,
    explained_with: f64,
    ctx: &Context<'_>,
) -> BlockTest {
    let mut test = BlockTest {
        block: block.name.clone(),
        role: block.role,
        method,
        statistic,
        df,
        df_denominator,
        p_value,
        explained_without,
        explained_with,
        text: String::new(),
    };
    test.text = block_sentence(&test, &ctx.spec.outcome, ctx.spec.family != Family::Ols);
    test
}

/// What adding a block is, in words.
fn block_phrase(role: BlockRole, name: &str) -> String {
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
            format!("F({}, {}) = {:.1}", t.df, fmt_df(d2), t.statistic)
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

/// Degrees of freedom as a whole number when they are one.
fn fmt_df(d: f64) -> String {
    if d.fract() == 0.0 {
        format!("{d:.0}")
    } else {
        format!("{d:.1}")
    }
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
        format!("{} degrees of freedom", fmt_df(d))
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

/// The outcome's scale, when it is a rating scale.
fn outcome_scale<'a>(ctx: &Context<'a>) -> Option<&'a crate::scale::Scale> {
    match ctx.outcome.map(|v| &v.kind) {
        Some(VariableKind::Scale { scale }) => Some(scale),
        _ => None,
    }
}
