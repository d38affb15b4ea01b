//! The numeric core: raking by iterative proportional fitting, trimming, and Kish's
//! summaries of the resulting weights. Works on level indexes and numbers only; the labels,
//! files and messages live in [`super`].

use super::RakeError;
use serde::{Deserialize, Serialize};

/// Default convergence tolerance: the largest relative margin error after a sweep.
pub const DEFAULT_TOLERANCE: f64 = 1e-10;
/// Default cap on sweeps. IPF converges linearly, at a rate set by how far the sample's
/// joint distribution is from independence; well-posed survey margins need 5–30 sweeps
/// to reach 1e-10, so 100 only stops cases that will not converge (empty or conflicting
/// cells), which the report then flags.
pub const DEFAULT_MAX_ITERATIONS: usize = 100;
/// Cap on trimming passes (R's `trimWeights(strict = TRUE)` recurses without one). Each
/// pass shrinks what is spread over the untrimmed weights geometrically, so a few dozen
/// passes reach rounding level.
const MAX_TRIM_PASSES: usize = 10_000;

/// How hard to rake and whether to trim.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RakeOptions {
    /// Stop when every margin is met to this relative error (`|achieved − target| / target`).
    pub tolerance: f64,
    /// Give up (and report not converged) after this many sweeps over all margins.
    pub max_iterations: usize,
    /// Bounds on the weight relative to the mean raked weight, e.g. `[0.3, 3.0]`; see
    /// [`trim`].
    pub trim: Option<[f64; 2]>,
}

impl Default for RakeOptions {
    fn default() -> Self {
        RakeOptions {
            tolerance: DEFAULT_TOLERANCE,
            max_iterations: DEFAULT_MAX_ITERATIONS,
            trim: None,
        }
    }
}

impl RakeOptions {
    fn validate(&self) -> Result<(), RakeError> {
        let bad = |reason: String| Err(RakeError::Options { reason });
        if !(self.tolerance.is_finite() && self.tolerance > 0.0) {
            return bad(format!(
                "the tolerance must be a number above zero (it is {}); the default is {DEFAULT_TOLERANCE}",
                self.tolerance
            ));
        }
        if self.max_iterations == 0 {
            return bad(format!(
                "the maximum number of iterations must be at least 1; the default is {DEFAULT_MAX_ITERATIONS}"
            ));
        }
        match self.trim {
            Some(relative) => check_trim(relative),
            None => Ok(()),
        }
    }
}

/// Trimming bounds are relative to the mean weight, so they must straddle 1.
fn check_trim([lower, upper]: [f64; 2]) -> Result<(), RakeError> {
    if (0.0..1.0).contains(&lower) && upper.is_finite() && upper > 1.0 {
        return Ok(());
    }
    Err(RakeError::Options {
        reason: format!(
            "the trimming bounds [{lower}, {upper}] are relative to the mean weight, so the lower one must be at least 0 and below 1 and the upper one above 1, e.g. [0.3, 3.0]"
        ),
    })
}

/// How trimming went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrimReport {
    /// The bounds asked for, relative to the mean raked weight.
    pub relative: [f64; 2],
    /// The same bounds as weights: `relative × mean raked weight`.
    pub bounds: [f64; 2],
    /// Raked weights that were outside the bounds before trimming.
    pub trimmed: usize,
    /// Clamp-and-spread passes until no weight was outside.
    pub passes: usize,
}

/// Raked (and possibly trimmed) weights with how the iteration went.
#[derive(Debug, Clone, PartialEq)]
pub struct Raked {
    /// One weight per row, summing to the population total.
    pub weights: Vec<f64>,
    /// Sweeps over all margins done.
    pub iterations: usize,
    /// Whether the margins were met to the tolerance before trimming.
    pub converged: bool,
    /// Present when trimming was asked for.
    pub trim: Option<TrimReport>,
}

/// Rake `base` weights so that, for every variable `v`, the weights of the rows in level
/// `l` (`categories[v][row] == l`) add up to `targets[v][l]`.
///
/// Iterative proportional fitting (Deming & Stephan 1940, *Ann. Math. Statist.* 11:427–444),
/// in the order of R's `survey::rake` (Lumley 2010, *Complex Surveys*, ch. 7): each sweep
/// post-stratifies on every variable in turn, multiplying the weights in each level by
/// `target / current total`. Sweeps stop once the largest relative margin error is at most
/// `options.tolerance` (R instead stops when the fitted cross-table changes by less than
/// its `epsilon`; both stop at the same fixed point, the minimum-discrimination-information
/// solution of Ireland & Kullback 1968, *Biometrika* 55:179–188). With `options.trim` the raked weights are then
/// trimmed by [`trim`], after which margins hold only approximately.
///
/// Every target must be positive and every level must hold at least one row; all targets'
/// variables should share one total (otherwise IPF cycles and reports not converged).
pub fn rake(
    categories: &[Vec<usize>],
    base: &[f64],
    targets: &[Vec<f64>],
    options: &RakeOptions,
) -> Result<Raked, RakeError> {
    options.validate()?;
    check_input(categories, base, targets)?;
    let mut weights = base.to_vec();
    let mut iterations = 0;
    let mut converged = false;
    while iterations < options.max_iterations {
        iterations += 1;
        for (cats, target) in categories.iter().zip(targets) {
            let totals = level_totals(cats, &weights, target.len());
            let factors: Vec<f64> = target.iter().zip(&totals).map(|(t, s)| t / s).collect();
            for (w, &c) in weights.iter_mut().zip(cats) {
                *w *= factors[c];
            }
        }
        if margin_error(categories, &weights, targets).relative <= options.tolerance {
            converged = true;
            break;
        }
    }
    let trim = match options.trim {
        Some(relative) => Some(trim(&mut weights, relative)?),
        None => None,
    };
    Ok(Raked {
        weights,
        iterations,
        converged,
        trim,
    })
}

/// Trim `weights` to `relative × mean weight`, as R's
/// `survey::trimWeights(design, lower, upper, strict = TRUE)` (survey 4.1-1) does with
/// `lower`/`upper` set to those bounds: weights outside are set to the nearest bound, the
/// amount cut off (net of what was added at the lower bound) is shared equally among the
/// weights that were inside, and this repeats until no weight is outside. The total
/// weight, and so the mean and the bounds, are unchanged (Potter 1990, "A study of
/// procedures to identify and trim extreme sampling weights", *Proc. Survey Research
/// Methods Section, ASA*, 225–230, describes this family of methods).
pub fn trim(weights: &mut [f64], relative: [f64; 2]) -> Result<TrimReport, RakeError> {
    check_trim(relative)?;
    if weights.is_empty() {
        return Err(RakeError::Input {
            reason: "no weights to trim".into(),
        });
    }
    let n = weights.len() as f64;
    let mean = weights.iter().sum::<f64>() / n;
    let [lower, upper] = relative.map(|r| r * mean);
    let outside = |w: f64| w < lower || w > upper;
    let trimmed = weights.iter().filter(|&&w| outside(w)).count();
    let failed = |reason: String| RakeError::Trim {
        lower: relative[0],
        upper: relative[1],
        reason,
    };
    let mut passes = 0;
    loop {
        let out: Vec<bool> = weights.iter().map(|&w| outside(w)).collect();
        let inside = out.iter().filter(|o| !**o).count();
        if inside == weights.len() {
            break;
        }
        if inside == 0 {
            return Err(failed(
                "every weight is outside them, so there is nothing to spread the trimmed weight over"
                    .into(),
            ));
        }
        if passes == MAX_TRIM_PASSES {
            return Err(failed(format!(
                "after {MAX_TRIM_PASSES} passes some weights were still outside"
            )));
        }
        passes += 1;
        let cut: f64 = weights
            .iter()
            .zip(&out)
            .filter(|(_, o)| **o)
            .map(|(&w, _)| w - w.clamp(lower, upper))
            .sum();
        let share = cut / inside as f64;
        for (w, &o) in weights.iter_mut().zip(&out) {
            if o {
                *w = w.clamp(lower, upper);
            } else {
                *w += share;
            }
        }
    }
    Ok(TrimReport {
        relative,
        bounds: [lower, upper],
        trimmed,
        passes,
    })
}

/// Sum of weights in each of `n_levels` levels.
fn level_totals(cats: &[usize], weights: &[f64], n_levels: usize) -> Vec<f64> {
    let mut totals = vec![0.0; n_levels];
    for (&c, &w) in cats.iter().zip(weights) {
        totals[c] += w;
    }
    totals
}

/// The largest margin errors over all variables and levels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MarginError {
    /// `max |achieved − target|`, in weight units.
    pub absolute: f64,
    /// `max |achieved − target| / target`.
    pub relative: f64,
}

/// Each variable's achieved totals under `weights`, in level order (one per target).
pub fn margin_totals(
    categories: &[Vec<usize>],
    weights: &[f64],
    targets: &[Vec<f64>],
) -> Vec<Vec<f64>> {
    categories
        .iter()
        .zip(targets)
        .map(|(cats, target)| level_totals(cats, weights, target.len()))
        .collect()
}

/// The largest absolute and relative margin errors of `weights`.
pub fn margin_error(
    categories: &[Vec<usize>],
    weights: &[f64],
    targets: &[Vec<f64>],
) -> MarginError {
    let mut err = MarginError {
        absolute: 0.0,
        relative: 0.0,
    };
    for (achieved, target) in margin_totals(categories, weights, targets)
        .iter()
        .zip(targets)
    {
        for (a, t) in achieved.iter().zip(target) {
            let e = (a - t).abs();
            err.absolute = err.absolute.max(e);
            err.relative = err.relative.max(e / t);
        }
    }
    err
}

/// Shapes, indexes, and positive finite numbers, so the sweeps cannot index out of range
/// or divide by zero.
fn check_input(
    categories: &[Vec<usize>],
    base: &[f64],
    targets: &[Vec<f64>],
) -> Result<(), RakeError> {
    let bad = |reason: String| Err(RakeError::Input { reason });
    if categories.is_empty() || categories.len() != targets.len() {
        return bad(format!(
            "{} category vectors for {} target vectors",
            categories.len(),
            targets.len()
        ));
    }
    if base.is_empty() {
        return bad("no rows".into());
    }
    if let Some(w) = base.iter().find(|w| !(w.is_finite() && **w > 0.0)) {
        return bad(format!("base weight {w}"));
    }
    for (v, (cats, target)) in categories.iter().zip(targets).enumerate() {
        if cats.len() != base.len() {
            return bad(format!(
                "variable {v} has {} rows, the weights {}",
                cats.len(),
                base.len()
            ));
        }
        if let Some(t) = target.iter().find(|t| !(t.is_finite() && **t > 0.0)) {
            return bad(format!("variable {v} has target {t}"));
        }
        let mut seen = vec![false; target.len()];
        for &c in cats {
            match seen.get_mut(c) {
                Some(s) => *s = true,
                None => return bad(format!("variable {v} has level {c} of {}", target.len())),
            }
        }
        if let Some(l) = seen.iter().position(|s| !s) {
            return bad(format!("variable {v} has no row in level {l}"));
        }
    }
    Ok(())
}

/// The spread of a set of weights and what it costs in precision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WeightSummary {
    pub n: usize,
    pub sum: f64,
    pub mean: f64,
    pub min: f64,
    pub max: f64,
    /// Kish's effective sample size `(Σw)² / Σw²` (Kish 1965, *Survey Sampling*;
    /// Kish 1992, *J. Official Statistics* 8:183–200): the number of equally weighted
    /// respondents that would give the same precision for a mean.
    pub n_eff: f64,
    /// The weighting design effect `n / n_eff = 1 + CV²` of the weights (Kish 1992).
    pub design_effect: f64,
}

impl WeightSummary {
    /// Summarise non-empty positive weights.
    pub fn of(weights: &[f64]) -> WeightSummary {
        let n = weights.len();
        let sum: f64 = weights.iter().sum();
        let sum_sq: f64 = weights.iter().map(|w| w * w).sum();
        let n_eff = sum * sum / sum_sq;
        WeightSummary {
            n,
            sum,
            mean: sum / n as f64,
            min: weights.iter().copied().fold(f64::INFINITY, f64::min),
            max: weights.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            n_eff,
            design_effect: n as f64 / n_eff,
        }
    }
}
