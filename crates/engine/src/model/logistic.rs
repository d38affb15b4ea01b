//! Binary logistic models: the outcome coded 1 for its "positive" answers, every variance
//! estimator, odds ratios, average marginal effects, and the likelihood-ratio or Wald
//! test of each block.

use super::block_tests::{BlockRefit, likelihood_block_test};
use super::coefficients::coefficients;
use super::context::{CONFIDENCE, Context, outcome_scale};
use super::output::{BlockTest, FitStats, LikelihoodFit, MarginalEffect, Model, Response};
use super::words::variance_words;
use crate::codebook::VariableKind;
use crate::error::Result;
use crate::frame::Frame;
use crate::scale::ScaleFamily;
use rapport_read::text::normalise;
use rapport_stats::logit::{self, LogitEstimate, LogitFit, Stop};
use rapport_stats::variance::{self, Sandwich, VarianceKind};

pub(super) fn fit(frame: &Frame, ctx: &Context<'_>) -> Result<Model> {
    let (y, coding, positive_levels) = positive_coding(frame, ctx)?;
    let weights = frame
        .weights
        .clone()
        .unwrap_or_else(|| vec![1.0; frame.rows.len()]);
    let all: Vec<usize> = (0..frame.terms.len()).collect();
    let fitted = logit::fit(
        frame.design(&all).as_ref(),
        &y,
        &weights,
        ctx.spec.intercept,
    )
    .map_err(|e| ctx.error(e))?;
    let kind = ctx.spec.variance_kind();
    let sandwich = match kind {
        VarianceKind::Classical => Sandwich {
            cov: fitted.cov.clone(),
            df: None,
            groups: None,
        },
        _ => {
            let rows: Vec<usize> = (0..frame.rows.len()).collect();
            let (design, design_rows) = ctx.design_rows(frame, &rows);
            let mut s = variance::sandwich(kind, &fitted.sandwich_input(&design_rows), &design)
                .map_err(|e| ctx.error(e))?;
            // HC errors of a maximum-likelihood fit are tested on the normal (sandwich +
            // lmtest::coeftest on a glm); CR1 on G − 1 and design on svyglm's df.
            if !matches!(kind, VarianceKind::Cluster | VarianceKind::Design) {
                s.df = None;
            }
            s
        }
    };
    let table = fitted.coef_table(sandwich.cov.as_ref(), sandwich.df, CONFIDENCE);
    let (coefficients, aliased) = coefficients(frame, &table, true, None);
    let marginal_effects = fitted
        .marginal_effects(sandwich.cov.as_ref(), sandwich.df, CONFIDENCE)
        .into_iter()
        .zip(&frame.terms)
        .filter_map(|(row, term)| {
            row.map(|r| MarginalEffect {
                term: term.name.clone(),
                estimate: r.estimate,
                std_error: r.std_error,
                statistic: r.statistic,
                p_value: r.p_value,
                conf_low: r.conf_low,
                conf_high: r.conf_high,
            })
        })
        .collect();
    let weighted = frame.weights.is_some();
    let block_tests = block_tests(frame, ctx, &y, &weights, &fitted, &sandwich, kind);
    let names: Vec<&str> = frame.terms.iter().map(|t| t.name.as_str()).collect();
    let mut warnings = Vec::new();
    let mut separation = Vec::new();
    if let Some(s) = &fitted.separation {
        warnings.push(s.message(&names));
        separation = s.columns.iter().map(|&j| names[j].to_string()).collect();
    }
    if !fitted.convergence.converged {
        warnings.push(format!(
            "The logistic model did not converge after {} iterations (largest score {:.1e}); its estimates may be unreliable.",
            fitted.convergence.iterations, fitted.convergence.max_score
        ));
    }
    Ok(Model {
        coefficients,
        aliased,
        thresholds: Vec::new(),
        fit: FitStats {
            n: fitted.n,
            n_dropped: frame.n_dropped,
            df_model: fitted.rank - usize::from(ctx.spec.intercept),
            df_residual: fitted.n.saturating_sub(fitted.rank),
            r_squared: fitted.mcfadden_r2,
            adj_r_squared: None,
            sigma: None,
            f_statistic: None,
            f_p_value: None,
            log_likelihood: fitted.log_likelihood,
            aic: fitted.aic,
            bic: fitted.bic,
            r_squared_kind: "McFadden".into(),
        },
        likelihood: Some(LikelihoodFit {
            iterations: fitted.convergence.iterations,
            converged: fitted.convergence.converged,
            max_score: fitted.convergence.max_score,
            deviance: fitted.deviance,
            null_log_likelihood: -fitted.null_deviance / 2.0,
            mcfadden_r_squared: fitted.mcfadden_r2,
            nagelkerke_r_squared: Some(fitted.nagelkerke_r2),
            lr_test: (!weighted).then_some(fitted.lr_test),
            separation,
        }),
        marginal_effects,
        block_tests,
        family: format!("Binary logistic regression ({coding})"),
        variance: variance_words(kind, ctx.spec, sandwich.groups, sandwich.df),
        kind,
        df: sandwich.df,
        groups: sandwich.groups,
        rows: (0..frame.rows.len())
            .filter(|&i| weights[i] > 0.0)
            .collect(),
        estimates: fitted.coefficients.clone(),
        warnings,
        positive_levels,
        response: Response::Binary(y),
    })
}

/// The outcome as 0/1 and the coding in words. A rating scale counts the levels in
/// `spec.positive_levels` as 1 (default: "Yes", or the levels above the scale's middle,
/// e.g. "A fair amount" and "A great deal"); true/false counts true; a numeric outcome
/// must already be 0/1.
fn positive_coding(frame: &Frame, ctx: &Context<'_>) -> Result<(Vec<f64>, String, Vec<String>)> {
    let wanted = &ctx.spec.positive_levels;
    if let Some(scale) = outcome_scale(ctx) {
        let j = scale.levels.len();
        let positive: Vec<bool> = if wanted.is_empty() {
            (1..=j)
                .map(|score| match scale.family {
                    ScaleFamily::YesNo => score == j,
                    _ => 2 * score > j + 1,
                })
                .collect()
        } else {
            let wanted: Vec<String> = wanted.iter().map(|l| normalise(l)).collect();
            if let Some(missing) = wanted
                .iter()
                .zip(&ctx.spec.positive_levels)
                .find(|(w, _)| !scale.levels.iter().any(|l| normalise(l) == **w))
            {
                return Err(ctx.error(format!(
                    "\"{}\" is not an answer on the scale of \"{}\" ({}); list positive answers as they are written",
                    missing.1,
                    ctx.spec.outcome,
                    scale.levels.join(", ")
                )));
            }
            scale
                .levels
                .iter()
                .map(|l| wanted.contains(&normalise(l)))
                .collect()
        };
        let named: Vec<&str> = scale
            .levels
            .iter()
            .zip(&positive)
            .filter(|(_, p)| **p)
            .map(|(l, _)| l.as_str())
            .collect();
        let y = frame
            .y
            .iter()
            .map(|&s| {
                f64::from(u8::from(
                    positive[(s as usize).saturating_sub(1).min(j - 1)],
                ))
            })
            .collect();
        let coding = format!("1 = {}, 0 = any other answer", named.join(" or "));
        return Ok((y, coding, named.into_iter().map(String::from).collect()));
    }
    match ctx.outcome.map(|v| &v.kind) {
        Some(VariableKind::Boolean) => Ok((frame.y.clone(), "1 = true, 0 = false".into(), vec![])),
        _ => Ok((
            frame.y.clone(),
            "the outcome's own 0/1 coding".into(),
            vec![],
        )),
    }
}

/// Each block's test given the others ([`super::block_tests::likelihood_block_test`]).
fn block_tests(
    frame: &Frame,
    ctx: &Context<'_>,
    y: &[f64],
    weights: &[f64],
    full: &LogitFit,
    sandwich: &Sandwich,
    kind: VarianceKind,
) -> Vec<BlockTest> {
    let likelihood = kind == VarianceKind::Classical && frame.weights.is_none();
    let estimates: Vec<f64> = full
        .columns
        .iter()
        .filter_map(|&c| full.coefficients[c])
        .collect();
    let candidates: Vec<usize> = (0..frame.terms.len()).collect();
    // A reduced model needs its likelihood only. It starts where R's does: from the full
    // model's estimates without a block, IRLS failed on two of the benchmark's three
    // block refits and had to start again (bench/README.md, fourth round).
    let refit = |keep: &[usize]| {
        let x = frame.design(keep);
        logit::estimate(
            x.as_ref(),
            y,
            weights,
            ctx.spec.intercept,
            None,
            Stop::Likelihood,
        )
        .ok()
    };
    let test = |reduced: &LogitEstimate, positions: &[usize]| {
        let lls = (full.log_likelihood, reduced.log_likelihood);
        likelihood_block_test(likelihood, lls, &estimates, sandwich, positions)
    };
    let explained = |r: &LogitEstimate| r.mcfadden_r2;
    super::block_tests::block_tests(
        frame,
        ctx,
        &BlockRefit {
            candidates: &candidates,
            estimated: &full.columns,
            explained_full: full.mcfadden_r2,
            refit: &refit,
            test: &test,
            explained: &explained,
        },
    )
}
