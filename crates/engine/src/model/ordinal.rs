//! Ordinal logistic models (proportional odds) on a rating-scale outcome, with every
//! variance estimator but HC2/HC3, and the likelihood-ratio or Wald test of each block.

use super::block_tests::{BlockRefit, likelihood_block_test};
use super::coefficients::{coefficient, coefficients};
use super::context::{CONFIDENCE, Context, outcome_scale};
use super::output::{BlockTest, Coefficient, FitStats, LikelihoodFit, Model, Response};
use super::words::variance_words;
use crate::error::Result;
use crate::frame::Frame;
use rapport_stats::ordinal::{self, OrdinalFit};
use rapport_stats::variance::{Sandwich, VarianceKind};

pub(super) fn fit(frame: &Frame, ctx: &Context<'_>) -> Result<Model> {
    let scale = outcome_scale(ctx).ok_or_else(|| {
        ctx.error(format!(
            "an ordinal model needs an outcome on a rating scale, and \"{}\" is not one; choose a linear or a binary logistic model",
            ctx.spec.outcome
        ))
    })?;
    let levels = &scale.levels;
    // Scale scores are 1..J; the model's categories 0..J−1 in the scale's order.
    let y: Vec<usize> = frame
        .y
        .iter()
        .map(|&v| (v as usize).saturating_sub(1))
        .collect();
    // The thresholds replace the intercept.
    let skip = frame
        .terms
        .first()
        .filter(|t| t.variable.is_none())
        .map(|_| 0);
    let cols: Vec<usize> = (skip.map_or(0, |_| 1)..frame.terms.len()).collect();
    let weights = frame
        .weights
        .clone()
        .unwrap_or_else(|| vec![1.0; frame.rows.len()]);
    let fitted = ordinal::fit(frame.design(&cols).as_ref(), &y, levels.len(), &weights)
        .map_err(|e| ctx.error(e))?;
    let kind = ctx.spec.variance_kind();
    let all: Vec<usize> = (0..frame.rows.len()).collect();
    let (design, rows) = ctx.design_rows(frame, &all);
    let sandwich = fitted
        .covariance(kind, &design, &rows)
        .map_err(|e| ctx.error(e))?;
    let table = fitted.coef_table(sandwich.cov.as_ref(), CONFIDENCE);
    let mut per_column = vec![None; frame.terms.len()];
    let mut estimates = vec![None; frame.terms.len()];
    for (j, &c) in cols.iter().enumerate() {
        per_column[c] = table.coefficients[j];
        estimates[c] = fitted.coefficients[j];
    }
    let (coefficients, aliased) = coefficients(frame, &per_column, true, skip);
    let thresholds: Vec<Coefficient> = table
        .thresholds
        .iter()
        .enumerate()
        .map(|(j, r)| Coefficient {
            term: format!("{}|{}", levels[j], levels[j + 1]),
            ..coefficient(r, false)
        })
        .collect();
    let weighted = frame.weights.is_some();
    let block_tests = block_tests(
        frame,
        ctx,
        &cols,
        &y,
        levels.len(),
        &weights,
        &fitted,
        &sandwich,
        kind,
    );
    let mut warnings = Vec::new();
    if !fitted.converged {
        warnings.push(format!(
            "The ordinal model did not converge after {} iterations (largest score {:.1e}); its estimates may be unreliable.",
            fitted.iterations, fitted.max_abs_score
        ));
    }
    if fitted.perfect_rows > 0 {
        warnings.push(format!(
            "The model predicts the answer of {} respondents with certainty: a predictor probably separates the answer categories, so its estimate, standard error and test mean nothing. Merge sparse categories or remove the predictor.",
            fitted.perfect_rows
        ));
    }
    let n_params = fitted.columns.len() + fitted.thresholds.len();
    Ok(Model {
        coefficients,
        aliased,
        thresholds,
        fit: FitStats {
            n: fitted.n,
            n_dropped: frame.n_dropped,
            df_model: fitted.columns.len(),
            df_residual: fitted.n.saturating_sub(n_params),
            r_squared: fitted.mcfadden_r_squared,
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
            iterations: fitted.iterations,
            converged: fitted.converged,
            max_score: fitted.max_abs_score,
            deviance: fitted.deviance,
            null_log_likelihood: fitted.null_log_likelihood,
            mcfadden_r_squared: fitted.mcfadden_r_squared,
            nagelkerke_r_squared: None,
            lr_test: fitted.lr_test.filter(|_| !weighted),
            separation: Vec::new(),
        }),
        marginal_effects: Vec::new(),
        block_tests,
        family: "Ordinal logistic regression (proportional odds, logit link)".into(),
        // Coefficients are tested on the normal; only the block tests use the design df.
        variance: variance_words(kind, ctx.spec, sandwich.groups, None),
        kind,
        // Single coefficients are tested on the normal, as polr's and svyolr's confint.
        df: None,
        groups: sandwich.groups,
        rows: (0..frame.rows.len())
            .filter(|&i| weights[i] > 0.0)
            .collect(),
        estimates,
        warnings,
        positive_levels: Vec::new(),
        response: Response::Ordered {
            n_categories: levels.len(),
            categories: y,
        },
    })
}

/// Each block's test given the others ([`super::block_tests::likelihood_block_test`]).
#[allow(clippy::too_many_arguments)]
fn block_tests(
    frame: &Frame,
    ctx: &Context<'_>,
    cols: &[usize],
    y: &[usize],
    n_categories: usize,
    weights: &[f64],
    full: &OrdinalFit,
    sandwich: &Sandwich,
    kind: VarianceKind,
) -> Vec<BlockTest> {
    let likelihood = kind == VarianceKind::Classical && frame.weights.is_none();
    let parameters = full.parameters();
    // The β come first among the parameters, each on a frame column.
    let estimated: Vec<usize> = full.columns.iter().map(|&j| cols[j]).collect();
    let refit =
        |keep: &[usize]| ordinal::fit(frame.design(keep).as_ref(), y, n_categories, weights).ok();
    let test = |reduced: &OrdinalFit, positions: &[usize]| {
        let lls = (full.log_likelihood, reduced.log_likelihood);
        likelihood_block_test(likelihood, lls, &parameters, sandwich, positions)
    };
    let explained = |r: &OrdinalFit| r.mcfadden_r_squared;
    super::block_tests::block_tests(
        frame,
        ctx,
        &BlockRefit {
            candidates: cols,
            estimated: &estimated,
            explained_full: full.mcfadden_r_squared,
            refit: &refit,
            test: &test,
            explained: &explained,
        },
    )
}
