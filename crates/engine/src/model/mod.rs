//! Fitting the spec's model on its frame with the standard errors it asks for, and the
//! nested test of each block: one place that turns a [`Frame`] into the model parts of
//! the [`crate::results::Results`], whatever the family (linear, logistic, ordinal) and the
//! variance estimator.

mod block_tests;
mod coefficients;
mod context;
mod linear;
mod logistic;
mod ordinal;
mod output;
mod words;

pub use context::{CONFIDENCE, Context};
pub use output::{
    BlockTest, BlockTestMethod, Coefficient, FitStats, LikelihoodFit, MarginalEffect, Model,
    Response,
};
pub use words::{block_sentence, variance_words};

use crate::error::Result;
use crate::frame::Frame;
use crate::spec::Family;

/// Fit the spec's family on `frame`.
pub fn fit(frame: &Frame, ctx: &Context<'_>) -> Result<Model> {
    match ctx.spec.family {
        Family::Ols => linear::fit(frame, ctx),
        Family::Logit => logistic::fit(frame, ctx),
        Family::Ordinal => ordinal::fit(frame, ctx),
    }
}
