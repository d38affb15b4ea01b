//! The nested test of each block given the others, on the same rows: ΔR² F, Wald (with
//! the model's robust, cluster or design covariance) or likelihood ratio.

use super::context::Context;
use super::output::{BlockTest, BlockTestMethod};
use super::words::block_sentence;
use crate::frame::Frame;
use crate::spec::{Family, PredictorBlock};
use faer::{Mat, MatRef};
use rapport_stats::inference;
use rapport_stats::variance::Sandwich;
use rayon::prelude::*;

/// A nested test's method, statistic, df, denominator df and p.
pub(crate) type TestParts = (BlockTestMethod, f64, usize, Option<f64>, f64);

/// How a family tests one block: refit without it, test, and say how much the reduced
/// fit explains.
pub(crate) struct BlockRefit<'a, R> {
    /// Frame columns a reduced model may keep (an ordinal model has no intercept column).
    pub candidates: &'a [usize],
    /// Frame column of each estimated coefficient, in parameter order.
    pub estimated: &'a [usize],
    /// R² (or McFadden's) of the full model.
    pub explained_full: f64,
    pub refit: &'a (dyn Fn(&[usize]) -> Option<R> + Sync),
    /// The test from the reduced fit and the block's parameter positions.
    pub test: &'a (dyn Fn(&R, &[usize]) -> Option<TestParts> + Sync),
    pub explained: &'a (dyn Fn(&R) -> f64 + Sync),
}

/// Each block's test given the other blocks, on the same rows: the model without the
/// block's columns is refitted and compared with the full one as `how` says. The refits
/// are independent, so they share the cores (results in block order).
pub(crate) fn block_tests<R>(
    frame: &Frame,
    ctx: &Context<'_>,
    how: &BlockRefit<'_, R>,
) -> Vec<BlockTest> {
    ctx.spec
        .blocks
        .par_iter()
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
pub(crate) fn wald_test(
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
pub(crate) fn lr_test(ll_full: f64, ll_reduced: f64, q: usize) -> TestParts {
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
pub(crate) fn likelihood_block_test(
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
pub(crate) fn block_test(
    block: &PredictorBlock,
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
