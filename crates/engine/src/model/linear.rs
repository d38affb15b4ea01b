//! Linear models: least squares (weighted with a weight column) with every variance
//! estimator, and the ΔR² F / Wald test of each block.

use super::block_tests::{BlockRefit, wald_test};
use super::coefficients::coefficients;
use super::context::{CONFIDENCE, Context};
use super::output::{BlockTest, BlockTestMethod, FitStats, Model, Response};
use super::words::variance_words;
use crate::error::Result;
use crate::frame::Frame;
use faer::{Mat, MatRef};
use rapport_stats::inference::{self, f_upper_tail};
use rapport_stats::ols::{self, OlsFit};
use rapport_stats::variance::{self, Sandwich, Scores, VarianceKind};

pub(super) fn fit(frame: &Frame, ctx: &Context<'_>) -> Result<Model> {
    let spec = ctx.spec;
    let fit = ols::fit_weighted(
        frame.x.as_ref(),
        &frame.y,
        frame.weights.as_deref(),
        spec.intercept,
    )
    .map_err(|e| ctx.error(e))?;
    let kind = spec.variance_kind();
    let k = fit.columns.len();
    let sandwich = match kind {
        VarianceKind::Classical => {
            let s2 = fit.sigma * fit.sigma;
            Sandwich {
                cov: Mat::from_fn(k, k, |a, b| s2 * fit.bread[(a, b)]),
                df: None,
                groups: None,
            }
        }
        _ => {
            let scores = scores(&fit, frame.x.as_ref());
            let (design, rows) = ctx.design_rows(frame, &fit.rows);
            let s = Scores {
                scores: scores.as_ref(),
                bread: fit.bread.as_ref(),
                leverage: Some(&fit.leverage),
                rows: &rows,
                linear: true,
            };
            variance::sandwich(kind, &s, &design).map_err(|e| ctx.error(e))?
        }
    };
    // t tests on the residual df unless the estimator brings its own (CR1, design).
    let df = Some(sandwich.df.unwrap_or(fit.df_residual as f64));
    let estimates: Vec<f64> = fit
        .columns
        .iter()
        .map(|&c| fit.coefficients[c].expect("estimated column"))
        .collect();
    let table = inference::coef_rows(&estimates, sandwich.cov.as_ref(), df, CONFIDENCE);
    let mut rows = vec![None; fit.coefficients.len()];
    for (row, &c) in table.into_iter().zip(&fit.columns) {
        rows[c] = Some(row);
    }
    let (coefficients, aliased) = coefficients(frame, &rows, false, None);
    let block_tests = block_tests(frame, ctx, &fit, &estimates, &sandwich, kind, df);
    let family = if spec.design.weight.is_some() {
        "Linear regression (weighted least squares)"
    } else {
        "Linear regression (ordinary least squares)"
    };
    Ok(Model {
        coefficients,
        aliased,
        thresholds: Vec::new(),
        fit: FitStats {
            n: fit.n,
            n_dropped: frame.n_dropped,
            df_model: fit.rank - usize::from(spec.intercept),
            df_residual: fit.df_residual,
            r_squared: fit.r_squared,
            adj_r_squared: Some(fit.adj_r_squared),
            sigma: Some(fit.sigma),
            f_statistic: fit.f_statistic,
            f_p_value: fit.f_p_value,
            log_likelihood: fit.log_likelihood,
            aic: fit.aic,
            bic: fit.bic,
            r_squared_kind: if spec.intercept {
                "centred"
            } else {
                "uncentred"
            }
            .to_string(),
        },
        likelihood: None,
        marginal_effects: Vec::new(),
        block_tests,
        family: family.to_string(),
        variance: variance_words(kind, spec, sandwich.groups, df),
        kind,
        df,
        groups: sandwich.groups,
        rows: fit.rows.clone(),
        estimates: fit.coefficients.clone(),
        warnings: Vec::new(),
        positive_levels: Vec::new(),
        response: Response::Linear,
    })
}

/// Score contributions of a least-squares fit, `uᵢ = wᵢ eᵢ xᵢ` over the estimated
/// columns (`sandwich::estfun.lm`).
fn scores(fit: &OlsFit, x: MatRef<'_, f64>) -> Mat<f64> {
    Mat::from_fn(fit.rows.len(), fit.columns.len(), |i, j| {
        fit.weights[i] * fit.residuals[i] * x[(fit.rows[i], fit.columns[j])]
    })
}

/// With classical standard errors the ΔR² F test of the nested fits (R `anova(m0, m1)`),
/// otherwise the Wald test of the block's coefficients with the model's covariance
/// (`survey::regTermTest`, `lmtest::waldtest(vcov = )`), F on (q, df).
fn block_tests(
    frame: &Frame,
    ctx: &Context<'_>,
    full: &OlsFit,
    estimates: &[f64],
    sandwich: &Sandwich,
    kind: VarianceKind,
    df: Option<f64>,
) -> Vec<BlockTest> {
    let candidates: Vec<usize> = (0..frame.terms.len()).collect();
    let refit = |keep: &[usize]| reduced_fit(frame, keep, full, ctx.spec.intercept);
    let test = |reduced: &OlsFit, positions: &[usize]| match kind {
        VarianceKind::Classical => {
            let q = full.rank - reduced.rank;
            let d2 = full.df_residual as f64;
            let f = ((reduced.rss - full.rss) / q as f64) / (full.rss / d2);
            Some((
                BlockTestMethod::F,
                f,
                q,
                Some(d2),
                f_upper_tail(f, q as f64, d2),
            ))
        }
        _ => wald_test(estimates, sandwich.cov.as_ref(), positions, df),
    };
    let explained = |r: &OlsFit| r.r_squared;
    super::block_tests::block_tests(
        frame,
        ctx,
        &BlockRefit {
            candidates: &candidates,
            estimated: &full.columns,
            explained_full: full.r_squared,
            refit: &refit,
            test: &test,
            explained: &explained,
        },
    )
}

/// The linear model on the full model's rows with only the frame columns `keep`; `None`
/// when nothing is left to fit.
fn reduced_fit(frame: &Frame, keep: &[usize], full: &OlsFit, intercept: bool) -> Option<OlsFit> {
    if keep.is_empty() {
        return None;
    }
    let x = Mat::from_fn(full.rows.len(), keep.len(), |i, j| {
        frame.x[(full.rows[i], keep[j])]
    });
    let y: Vec<f64> = full.rows.iter().map(|&i| frame.y[i]).collect();
    ols::fit_weighted(x.as_ref(), &y, Some(&full.weights), intercept).ok()
}
