//! What a model needs besides its frame: the spec, the survey design and the outcome's
//! codebook entry, with the confidence level every interval uses.

use crate::codebook::{Variable, VariableKind};
use crate::error::EngineError;
use crate::frame::Frame;
use crate::sampling::Sample;
use crate::scale::Scale;
use crate::spec::AnalysisSpec;
use rapport_stats::survey::Design;
use std::borrow::Cow;

/// Confidence level of every interval Rapport reports.
pub const CONFIDENCE: f64 = 0.95;

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
    pub(crate) fn error(&self, reason: impl ToString) -> EngineError {
        EngineError::Model {
            location: self.location.to_string(),
            reason: reason.to_string(),
        }
    }

    /// The design and the design row of each of the frame rows `rows`: the spec's design,
    /// or a simple random sample of the frame's rows.
    pub(crate) fn design_rows(
        &self,
        frame: &Frame,
        rows: &[usize],
    ) -> (Cow<'_, Design>, Vec<usize>) {
        match self.sample {
            Some(s) => {
                let data_rows: Vec<usize> = rows.iter().map(|&i| frame.rows[i]).collect();
                (Cow::Borrowed(&s.design), s.design_rows(&data_rows))
            }
            None => (Cow::Owned(Design::simple(frame.rows.len())), rows.to_vec()),
        }
    }
}

/// The outcome's scale, when it is a rating scale.
pub(crate) fn outcome_scale<'a>(ctx: &Context<'a>) -> Option<&'a Scale> {
    match ctx.outcome.map(|v| &v.kind) {
        Some(VariableKind::Scale { scale }) => Some(scale),
        _ => None,
    }
}
