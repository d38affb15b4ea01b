//! Binary logistic regression by maximum likelihood, as R's `glm(family = binomial)`
//! reports it (and, with probability weights, the point estimates of
//! `survey::svyglm(family = quasibinomial)`).
//!
//! Method: iteratively reweighted least squares (McCullagh & Nelder 1989, *Generalized
//! Linear Models*, 2nd ed., §2.5; R's `glm.fit`), which for the canonical logit link is
//! Newton's method. Each step is the weighted least-squares problem
//! `min ‖√W (r − X δ)‖` with working weights `W = w p(1 − p)` and working residuals
//! `r = (y − p)/(p(1 − p))`, solved on the pivoted QR of `√W X` with refinement
//! ([`crate::linalg::refined_lstsq`]); `XᵀWX` is never formed. The classical covariance
//! is the inverse information `(XᵀWX)⁻¹ = R⁻¹R⁻ᵀ` (pivot and scale undone,
//! [`PivotedQr::inverse_gram`]) at the estimate, dispersion 1 (R's `vcov` of a binomial
//! glm).

use crate::inference::{ChiSquaredTest, CoefRow, chi_squared_test, coef_rows};
use crate::linalg::{PivotedQr, refined_lstsq, row_quadratic_forms, sum2};
use crate::variance::Scores;
use faer::{Mat, MatRef};

/// Newton steps allowed before giving up (R's `glm.control` default is 25).
pub const MAX_ITERATIONS: usize = 50;

/// R's convergence test `|dev − dev_old| / (|dev| + 0.1) < ε` with `ε = 1e-10` (R: 1e-8),
/// required on two consecutive steps. Newton converges quadratically, so the second step
/// squares the remaining error: the estimates are converged to rounding, not to `√ε`.
pub const TOLERANCE: f64 = 1e-10;

/// Where IRLS stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// [`TOLERANCE`] on two consecutive steps, then a factorisation at the estimate:
    /// coefficients converged to rounding, as [`fit`] reports them.
    Certified,
    /// R's `glm` rule, [`TOLERANCE`] on one step, without factorising again: for refits that
    /// need only the likelihood (a bootstrap replicate's McFadden's R², its slopes to
    /// relative weights). The step that met the test was a Newton step from a point whose
    /// deviance was already within about `TOLERANCE` of the last, so the coefficients are
    /// within about `TOLERANCE` of the optimum relatively and the deviance, quadratic in
    /// that error, to rounding; the separation check reads that last step.
    Likelihood,
}

impl Stop {
    /// Consecutive steps that must meet [`TOLERANCE`].
    fn steps(self) -> usize {
        match self {
            Stop::Certified => 2,
            Stop::Likelihood => 1,
        }
    }
}

/// A Newton step that would still move some row's linear predictor by more than this
/// after the iterations stop marks a diverging coefficient (see [`Separation`]). At a
/// genuine maximum that step is at rounding level (at most 5e-16 on the fits of
/// tests/tests/logit.rs); under separation it moves every separated row by 1 or more,
/// since each step raises their `|η|` by about one.
const DIVERGING_STEP: f64 = 1e-3;

/// Why a logistic model could not be fitted.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LogitError {
    #[error(
        "a logistic model needs an outcome coded 0 or 1, but row {row} has the value {value}; recode the outcome into two groups first"
    )]
    OutcomeNotBinary { row: usize, value: f64 },
    #[error(
        "{n} rows with a non-zero weight are too few for a logistic model with {p} coefficients; use fewer predictors or more rows"
    )]
    TooFewRows { n: usize, p: usize },
    #[error(
        "row {row} of the model data holds a value that is not a finite number; blank or fix it so the row is dropped as missing"
    )]
    NonFinite { row: usize },
    #[error("weight {value} in row {row} is negative; weights must be zero or more")]
    NegativeWeight { row: usize, value: f64 },
    #[error(
        "every row in the model has outcome {value}, so there is nothing to explain; check the outcome's coding or the rows selected"
    )]
    NoVariation { value: u8 },
    #[error(
        "the logistic model did not converge in {iterations} iterations (largest score {max_score:.3e}); look for predictors with extreme values or nearly duplicate predictors, and rescale or remove them"
    )]
    DidNotConverge { iterations: usize, max_score: f64 },
    #[error("the design has {rows} rows but {other} outcome values or weights")]
    DimensionMismatch { rows: usize, other: usize },
    #[error(
        "the model has no coefficient that can be estimated (no predictors, or all of them are zero)"
    )]
    NoColumns,
}

/// How the iterations ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Convergence {
    /// Newton steps taken from R's starting values.
    pub iterations: usize,
    pub converged: bool,
    /// Largest absolute score `|Σᵢ wᵢ(yᵢ − pᵢ)xᵢⱼ|` over the estimated columns at the
    /// estimate: zero at the maximum, so its size says how far from it the fit stopped.
    pub max_score: f64,
}

/// Complete or quasi-complete separation (Albert & Anderson 1984, Biometrika 71(1)): some
/// combination of predictors predicts the outcome exactly for all rows (complete) or for
/// a subset (quasi-complete), so the likelihood has no maximum and the coefficients of
/// that combination run off to ±∞.
///
/// Detected from the iterations (cf. Lesaffre & Albert 1989, JRSS B 51(1), who diagnose
/// separation from the estimates' behaviour while iterating): once the deviance has
/// stopped changing, a further Newton step would still move the separated rows' linear
/// predictors by about one, while at a genuine maximum it moves nothing beyond rounding.
/// Rows and columns whose step exceeds [`DIVERGING_STEP`] (for a column, times its
/// largest absolute value) are reported. Konis's (2007) linear-programming check would
/// certify separation without iterating, but needs an LP solver the engine does not
/// have. When the iterations run out while still diverging (a maximum too far away to
/// reach, in practice the same problem), this is reported too, with `converged` false.
#[derive(Debug, Clone, PartialEq)]
pub struct Separation {
    /// Every row is predicted exactly (else quasi-complete).
    pub complete: bool,
    /// Design columns, other than the intercept, whose coefficients diverge.
    pub columns: Vec<usize>,
    /// Rows (with a non-zero weight) whose fitted probability is being driven to 0 or 1.
    pub rows: usize,
}

impl Separation {
    /// A plain-language warning; `names[j]` names design column `j`.
    pub fn message(&self, names: &[&str]) -> String {
        let listed: Vec<&str> = self.columns.iter().map(|&j| names[j]).collect();
        let (who, verb) = match listed.len() {
            0 => ("a combination of the predictors".to_string(), "predicts"),
            1 => (listed[0].to_string(), "predicts"),
            _ => (listed.join(", "), "together predict"),
        };
        if self.complete {
            format!(
                "The outcome is completely separated: {who} {verb} every answer exactly, so the model's coefficients are infinite and their estimates, standard errors and tests mean nothing. Remove or merge the predictors involved, or use a penalised (Firth) model."
            )
        } else {
            format!(
                "The outcome is quasi-completely separated: for {} respondents {who} {verb} the answer exactly (for example a category in which everyone gave the same answer). The coefficients of {who} are infinite, so their estimates, standard errors and tests mean nothing. Merge sparse categories or remove the predictor.",
                self.rows
            )
        }
    }
}

/// A fitted logistic model.
#[derive(Debug, Clone)]
pub struct LogitFit {
    /// Per design column; `None` for an aliased column (R's `NA`).
    pub coefficients: Vec<Option<f64>>,
    /// Classical standard errors, per design column.
    pub std_errors: Vec<Option<f64>>,
    /// Design columns estimated, in order; the rows and columns of `cov` and `scores`.
    pub columns: Vec<usize>,
    /// Classical covariance `(XᵀWX)⁻¹`, `W = w p(1 − p)`, over `columns` (also the
    /// sandwich's bread); `NaN` where separation has made `√W X` numerically singular.
    pub cov: Mat<f64>,
    /// Fitted probabilities of every row (zero-weight rows included, as R's `fitted`).
    pub fitted: Vec<f64>,
    /// Rows with a non-zero weight.
    pub n: usize,
    pub rank: usize,
    pub intercept: bool,
    /// `Σ 2wᵢ [−yᵢ log pᵢ − (1 − yᵢ) log(1 − pᵢ)]`.
    pub deviance: f64,
    /// Deviance of the null model (`p` = weighted mean of `y` with an intercept, 1/2
    /// without), as R's `glm.fit`.
    pub null_deviance: f64,
    /// R's `logLik` of a binomial glm: `Σ round(wᵢ)[yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ)]`,
    /// since `binomial()$aic` takes `dbinom(round(w y), round(w), p)`. With integer
    /// weights (and unweighted) this is the log-likelihood; with non-integer probability
    /// weights it is R's number, not a likelihood (R warns "non-integer #successes").
    pub log_likelihood: f64,
    /// `−2 logLik + 2 rank` (R's `AIC`).
    pub aic: f64,
    /// `−2 logLik + log(n) rank`, `n` the rows with a non-zero weight (R's `BIC`).
    pub bic: f64,
    /// McFadden (1974): `1 − ℓ/ℓ₀` with `ℓ = −deviance/2` the (pseudo) log-likelihood
    /// `Σ wᵢ log f(yᵢ)`, equal to statsmodels' `prsquared` when unweighted.
    pub mcfadden_r2: f64,
    /// Nagelkerke (1991, Biometrika 78(3)): `(1 − exp(2(ℓ₀ − ℓ)/N)) / (1 − exp(2ℓ₀/N))`
    /// with `N = Σwᵢ` (the rows when unweighted), so it does not change when the weights
    /// are rescaled.
    pub nagelkerke_r2: f64,
    /// Likelihood-ratio test of the model against the null (intercept-only, or `p = 1/2`
    /// without an intercept): `χ² = null deviance − deviance` on `rank − intercept` df, as
    /// R's `anova(null, model, test = "Chisq")` (p `NaN` when df is 0). It assumes
    /// independent rows; with probability weights or clusters test the coefficients
    /// jointly with [`crate::inference::wald`] on a sandwich covariance instead.
    pub lr_test: ChiSquaredTest,
    pub convergence: Convergence,
    pub separation: Option<Separation>,
    /// Score contributions `uᵢ = wᵢ(yᵢ − pᵢ)xᵢ`, one row per data row, over `columns`.
    pub scores: Mat<f64>,
    /// Leverages `hᵢ = Wᵢ xᵢᵀ(XᵀWX)⁻¹xᵢ` (R's `hatvalues` of a glm), one per data row.
    pub leverage: Vec<f64>,
    /// `Σwp(1 − p)/Σw`: the average of `∂p/∂η`.
    mean_slope: f64,
    /// `Σwp(1 − p)(1 − 2p)xⱼ/Σw` over `columns`: the gradient of `mean_slope`.
    mean_slope_gradient: Vec<f64>,
}

/// The maximum-likelihood estimate alone, without covariance, scores or leverages: what a
/// nested comparison or a bootstrap replicate needs, at a fraction of [`fit`]'s cost.
#[derive(Debug, Clone, PartialEq)]
pub struct LogitEstimate {
    /// Per design column; `None` for an aliased column.
    pub coefficients: Vec<Option<f64>>,
    /// Design columns estimated, in order.
    pub columns: Vec<usize>,
    /// Rows with a non-zero weight.
    pub n: usize,
    /// As [`LogitFit::deviance`], [`LogitFit::null_deviance`],
    /// [`LogitFit::log_likelihood`] and [`LogitFit::mcfadden_r2`].
    pub deviance: f64,
    pub null_deviance: f64,
    pub log_likelihood: f64,
    pub mcfadden_r2: f64,
    pub convergence: Convergence,
    pub separation: Option<Separation>,
}

/// Fits `logit P(y = 1) = X b` by maximum likelihood with probability weights.
///
/// `x`: n×p design with the column of ones first when `intercept` is true; `y`: 0 or 1;
/// `weights`: non-negative (all 1 when unweighted); zero-weight rows are left out of the
/// fit but get fitted values, as in R. Columns that are linear combinations of earlier
/// ones are aliased as in [`crate::ols::fit`], decided once on `√W₀X` at the starting
/// values (R's `glm.fit` re-decides at every step; for a full-rank design the two agree).
///
/// Iterations start from R's `mustart = (w y + 1/2)/(w + 1)` and stop by [`TOLERANCE`].
/// Separation is reported in [`LogitFit::separation`] rather than as an error: the fit
/// is returned, as R and statsmodels do, with the warning to show.
pub fn fit(
    x: MatRef<'_, f64>,
    y: &[f64],
    weights: &[f64],
    intercept: bool,
) -> Result<LogitFit, LogitError> {
    let irls = Irls::run(x, y, weights, intercept, None, Stop::Certified)?;
    let (xg, yg, wg, state) = (&irls.xg, &irls.yg, &irls.wg, &irls.state);
    let (columns, beta) = (&irls.columns, &irls.beta);
    let (n, rank, p) = (yg.len(), columns.len(), x.ncols());
    let summary = irls.summary(p, intercept);

    // At the estimate, on the estimation rows.
    let cov = irls.qr.inverse_gram();
    let total_weight: f64 = wg.iter().sum();
    let k = rank as f64;
    let df = rank - usize::from(intercept);
    let chi_squared = summary.null_deviance - summary.deviance;

    // Every data row, zero-weight ones included.
    let eta_all = linear_predictor(x, columns, beta);
    let fitted: Vec<f64> = eta_all.iter().map(|&e| logistic(e)).collect();
    let unfitted: Vec<f64> = eta_all.iter().map(|&e| logistic(-e)).collect();
    let scores = Mat::from_fn(x.nrows(), rank, |i, j| {
        let residual = if y[i] == 1.0 { unfitted[i] } else { -fitted[i] };
        weights[i] * residual * x[(i, columns[j])]
    });
    let leverage: Vec<f64> = row_quadratic_forms(x, columns, cov.as_ref())
        .into_iter()
        .enumerate()
        .map(|(i, quad)| weights[i] * fitted[i] * unfitted[i] * quad)
        .collect();

    let mean_slope = (0..n).map(|i| wg[i] * state.var(i)).sum::<f64>() / total_weight;
    let mean_slope_gradient = columns
        .iter()
        .map(|&c| {
            (0..n)
                .map(|i| wg[i] * state.var(i) * (state.q[i] - state.p[i]) * xg[(i, c)])
                .sum::<f64>()
                / total_weight
        })
        .collect();

    let mut std_errors = vec![None; p];
    for (j, &c) in columns.iter().enumerate() {
        std_errors[c] = Some(cov[(j, j)].sqrt());
    }
    let LogitEstimate {
        coefficients,
        columns,
        n,
        deviance,
        null_deviance,
        log_likelihood,
        mcfadden_r2,
        convergence,
        separation,
    } = summary;
    Ok(LogitFit {
        coefficients,
        std_errors,
        columns,
        cov,
        fitted,
        n,
        rank,
        intercept,
        deviance,
        null_deviance,
        log_likelihood,
        aic: -2.0 * log_likelihood + 2.0 * k,
        bic: -2.0 * log_likelihood + (n as f64).ln() * k,
        mcfadden_r2,
        nagelkerke_r2: (-chi_squared / total_weight).exp_m1()
            / (-null_deviance / total_weight).exp_m1(),
        lr_test: chi_squared_test(chi_squared, df),
        convergence,
        separation,
        scores,
        leverage,
        mean_slope,
        mean_slope_gradient,
    })
}

/// The estimate of [`fit`]'s model alone, optionally from `start` (one coefficient per
/// design column, 0 for an aliased one) instead of R's starting values: a bootstrap
/// replicate or a nested model starts from a nearby estimate and needs fewer Newton
/// steps. A warm start that fails (Newton overshooting from a poor start, which R's
/// `mustart` is designed to avoid) is retried from R's starting values, so `start` only
/// ever changes the cost and the last digits, not whether a model is fitted. `stop` says
/// how far to iterate ([`Stop::Likelihood`] saves two factorisations of a refit).
pub fn estimate(
    x: MatRef<'_, f64>,
    y: &[f64],
    weights: &[f64],
    intercept: bool,
    start: Option<&[f64]>,
    stop: Stop,
) -> Result<LogitEstimate, LogitError> {
    let p = x.ncols();
    let warm = start
        .filter(|s| s.len() == p && s.iter().all(|b| b.is_finite()))
        .and_then(|s| Irls::run(x, y, weights, intercept, Some(s), stop).ok())
        .filter(|irls| irls.converged);
    match warm {
        Some(irls) => Ok(irls.summary(p, intercept)),
        None => {
            Irls::run(x, y, weights, intercept, None, stop).map(|irls| irls.summary(p, intercept))
        }
    }
}

/// Iteratively reweighted least squares on the estimation rows, ended at the estimate.
struct Irls {
    /// Design, outcome and weights of the rows with a non-zero weight.
    xg: Mat<f64>,
    yg: Vec<f64>,
    wg: Vec<f64>,
    columns: Vec<usize>,
    beta: Vec<f64>,
    /// At the estimate.
    state: Working,
    /// The last factorisation: at the estimate (the covariance's) under `Stop::Certified`,
    /// which is what [`fit`] asks for; one step before it under `Stop::Likelihood`.
    qr: PivotedQr,
    iterations: usize,
    converged: bool,
    max_score: f64,
    separation: Option<Separation>,
}

impl Irls {
    /// Validates the input and iterates from R's starting values, or from `start` (per
    /// design column).
    fn run(
        x: MatRef<'_, f64>,
        y: &[f64],
        weights: &[f64],
        intercept: bool,
        start: Option<&[f64]>,
        stop: Stop,
    ) -> Result<Irls, LogitError> {
        let (n_all, p) = x.shape();
        for len in [y.len(), weights.len()] {
            if len != n_all {
                return Err(LogitError::DimensionMismatch {
                    rows: n_all,
                    other: len,
                });
            }
        }
        for i in 0..n_all {
            if !(y[i].is_finite()
                && weights[i].is_finite()
                && x.row(i).iter().all(|v| v.is_finite()))
            {
                return Err(LogitError::NonFinite { row: i });
            }
            if y[i] != 0.0 && y[i] != 1.0 {
                return Err(LogitError::OutcomeNotBinary {
                    row: i,
                    value: y[i],
                });
            }
            if weights[i] < 0.0 {
                return Err(LogitError::NegativeWeight {
                    row: i,
                    value: weights[i],
                });
            }
        }
        if p == 0 {
            return Err(LogitError::NoColumns);
        }
        let good: Vec<usize> = (0..n_all).filter(|&i| weights[i] > 0.0).collect();
        let n = good.len();
        if n == 0 {
            return Err(LogitError::TooFewRows { n, p });
        }
        let ones = good.iter().filter(|&&i| y[i] == 1.0).count();
        if ones == 0 || ones == n {
            return Err(LogitError::NoVariation {
                value: u8::from(ones == n),
            });
        }
        let xg = Mat::from_fn(n, p, |i, j| x[(good[i], j)]);
        let yg: Vec<f64> = good.iter().map(|&i| y[i]).collect();
        let wg: Vec<f64> = good.iter().map(|&i| weights[i]).collect();

        // R's binomial()$initialize; the start is not in X's column space, so the first
        // step also absorbs `gap = η₀ − Xβ₀` (β₀ = 0), and later steps have gap 0. A warm
        // start is in the column space: gap 0 throughout.
        let (mut state, mut gap) = match start {
            Some(b) => {
                let all: Vec<usize> = (0..p).collect();
                let eta = linear_predictor(xg.as_ref(), &all, b);
                (Working::new(eta, &yg, &wg), vec![0.0; n])
            }
            None => {
                let eta0: Vec<f64> = yg
                    .iter()
                    .zip(&wg)
                    .map(|(y, w)| {
                        let mu = (w * y + 0.5) / (w + 1.0);
                        (mu / (1.0 - mu)).ln()
                    })
                    .collect();
                (Working::new(eta0.clone(), &yg, &wg), eta0)
            }
        };
        // The factorisation that settles the columns is the first step's.
        let mut a = state.weighted(&xg, &wg);
        let (mut columns, mut qr) = (Vec::from_iter(0..p), None);
        while qr.is_none() {
            let q = PivotedQr::new(a.as_ref(), &columns);
            if q.rank() == columns.len() {
                qr = Some(q);
            } else {
                columns = q.independent_columns();
            }
        }
        let mut qr = qr.expect("set by the loop");
        let rank = columns.len();
        if rank == 0 {
            return Err(LogitError::NoColumns);
        }
        if n <= rank {
            return Err(LogitError::TooFewRows { n, p });
        }

        let mut beta: Vec<f64> = match start {
            Some(b) => columns.iter().map(|&c| b[c]).collect(),
            None => vec![0.0; rank],
        };
        let mut iterations = 0;
        let mut streak = 0;
        // Each pass factors at the current estimate; under `Stop::Certified` the last one's
        // factorisation and step (the step a further iteration would take) serve the
        // covariance and the separation check; under `Stop::Likelihood` the step that met
        // the test serves the separation check and nothing is factored after it.
        let step = loop {
            let rhs = state.working_rhs(&gap, &yg, &wg);
            // Far from the estimate a plain QR step is as good as a refined one; from the
            // first converged-looking step on, every step (and so the estimate and the
            // separation check) is refined.
            let step = if streak == 0 {
                qr.lstsq(&rhs)
            } else {
                refined_lstsq(&qr, a.as_ref(), &rhs).coefficients
            };
            if streak >= stop.steps()
                || iterations == MAX_ITERATIONS
                || !step.iter().all(|s| s.is_finite())
            {
                break step;
            }
            beta.iter_mut().zip(&step).for_each(|(b, s)| *b += s);
            gap.iter_mut().for_each(|g| *g = 0.0);
            let dev_old = state.deviance;
            state = Working::new(linear_predictor(xg.as_ref(), &columns, &beta), &yg, &wg);
            iterations += 1;
            let change = (state.deviance - dev_old).abs() / (state.deviance.abs() + 0.1);
            streak = if change < TOLERANCE { streak + 1 } else { 0 };
            if stop == Stop::Likelihood && streak >= stop.steps() {
                break step;
            }
            a = state.weighted(&xg, &wg);
            qr = PivotedQr::new(a.as_ref(), &columns);
        };
        let converged = streak >= stop.steps();
        let score_total: Vec<f64> = (0..rank)
            .map(|j| {
                let terms: Vec<f64> = (0..n)
                    .map(|i| wg[i] * state.residual(i, yg[i]) * xg[(i, columns[j])])
                    .collect();
                sum2(&terms)
            })
            .collect();
        let max_score = score_total.iter().fold(0.0, |m: f64, s| m.max(s.abs()));
        let separation = separation(xg.as_ref(), &columns, &step, intercept);
        if !converged && separation.is_none() {
            return Err(LogitError::DidNotConverge {
                iterations,
                max_score,
            });
        }
        Ok(Irls {
            xg,
            yg,
            wg,
            columns,
            beta,
            state,
            qr,
            iterations,
            converged,
            max_score,
            separation,
        })
    }

    /// The estimate and its likelihoods, coefficients spread over the `p` design columns.
    fn summary(&self, p: usize, intercept: bool) -> LogitEstimate {
        let (yg, wg, state) = (&self.yg, &self.wg, &self.state);
        let n = yg.len();
        let total_weight: f64 = wg.iter().sum();
        let ybar = if intercept {
            wg.iter().zip(yg).map(|(w, y)| w * y).sum::<f64>() / total_weight
        } else {
            0.5
        };
        let null_deviance = yg
            .iter()
            .zip(wg)
            .map(|(&y, w)| -2.0 * w * if y == 1.0 { ybar.ln() } else { (-ybar).ln_1p() })
            .sum::<f64>();
        let log_likelihood: f64 = (0..n)
            .map(|i| -wg[i].round_ties_even() * state.neg_log_lik(i, yg[i]))
            .sum();
        let mut coefficients = vec![None; p];
        for (&c, &b) in self.columns.iter().zip(&self.beta) {
            coefficients[c] = Some(b);
        }
        LogitEstimate {
            coefficients,
            columns: self.columns.clone(),
            n,
            deviance: state.deviance,
            null_deviance,
            log_likelihood,
            mcfadden_r2: 1.0 - state.deviance / null_deviance,
            convergence: Convergence {
                iterations: self.iterations,
                converged: self.converged,
                max_score: self.max_score,
            },
            separation: self.separation.clone(),
        }
    }
}

impl LogitFit {
    /// What [`crate::variance::sandwich`] needs for HC0–HC3, CR1 (maximum-likelihood
    /// factor `G/(G − 1)`) and design-based standard errors; `rows[i]` is the design row
    /// of data row `i`.
    pub fn sandwich_input<'a>(&'a self, rows: &'a [usize]) -> Scores<'a> {
        Scores {
            scores: self.scores.as_ref(),
            bread: self.cov.as_ref(),
            leverage: Some(&self.leverage),
            rows,
            linear: false,
        }
    }

    /// Coefficient table per design column (`None` when aliased) from a covariance over
    /// [`LogitFit::columns`]: [`LogitFit::cov`] with `df = None` for R's `summary.glm`
    /// (z tests, `confint.default` intervals), or a sandwich's covariance and df (for the
    /// design-based one, t on `degf − k + 1` df as `summary.svyglm` and `confint.svyglm`).
    pub fn coef_table(
        &self,
        cov: MatRef<'_, f64>,
        df: Option<f64>,
        level: f64,
    ) -> Vec<Option<CoefRow>> {
        let estimates: Vec<f64> = self
            .columns
            .iter()
            .filter_map(|&c| self.coefficients[c])
            .collect();
        self.per_column(coef_rows(&estimates, cov, df, level))
    }

    /// Average marginal effects `AMEⱼ = bⱼ Σwᵢpᵢ(1 − pᵢ)/Σwᵢ` of every non-intercept
    /// column, with delta-method standard errors from `cov` (over
    /// [`LogitFit::columns`]); `None` for the intercept and aliased columns. A dummy is
    /// treated as continuous, as statsmodels' `get_margeff(at="overall",
    /// method="dydx")` does by default. The gradient is analytic:
    /// `∂AMEⱼ/∂bₗ = [j = l] m + bⱼ Σwp(1 − p)(1 − 2p)xₗ/Σw`, `m` the mean slope; the
    /// averaging over rows is taken as fixed, as statsmodels and Stata's `margins` do.
    pub fn marginal_effects(
        &self,
        cov: MatRef<'_, f64>,
        df: Option<f64>,
        level: f64,
    ) -> Vec<Option<CoefRow>> {
        let k = self.rank;
        let effects: Vec<usize> = (0..k)
            .filter(|&j| !(self.intercept && self.columns[j] == 0))
            .collect();
        let beta: Vec<f64> = self
            .columns
            .iter()
            .filter_map(|&c| self.coefficients[c])
            .collect();
        let jac = Mat::from_fn(effects.len(), k, |r, l| {
            let j = effects[r];
            beta[j] * self.mean_slope_gradient[l] + if j == l { self.mean_slope } else { 0.0 }
        });
        let v = &jac * cov * jac.transpose();
        let ame: Vec<f64> = effects.iter().map(|&j| beta[j] * self.mean_slope).collect();
        let mut rows = coef_rows(&ame, v.as_ref(), df, level).into_iter();
        let mut out = vec![None; self.coefficients.len()];
        for &j in &effects {
            out[self.columns[j]] = rows.next();
        }
        out
    }

    /// Rows over `columns` spread to design columns.
    fn per_column(&self, rows: Vec<CoefRow>) -> Vec<Option<CoefRow>> {
        let mut out = vec![None; self.coefficients.len()];
        for (&c, row) in self.columns.iter().zip(rows) {
            out[c] = Some(row);
        }
        out
    }
}

/// `1/(1 + e^{−η})`.
fn logistic(eta: f64) -> f64 {
    1.0 / (1.0 + (-eta).exp())
}

/// `log(1 + eˣ)` without overflow or cancellation.
fn softplus(x: f64) -> f64 {
    x.max(0.0) + (-x.abs()).exp().ln_1p()
}

/// `X[:, columns] b`.
fn linear_predictor(x: MatRef<'_, f64>, columns: &[usize], b: &[f64]) -> Vec<f64> {
    let mut eta = vec![0.0; x.nrows()];
    for (&c, &bj) in columns.iter().zip(b) {
        eta.iter_mut()
            .zip(x.col(c).iter())
            .for_each(|(e, xi)| *e += bj * xi);
    }
    eta
}

/// The linear predictor and what IRLS needs of it, on the estimation rows.
struct Working {
    eta: Vec<f64>,
    /// `p` and `q = 1 − p`, each computed directly so neither loses digits near 0 or 1.
    p: Vec<f64>,
    q: Vec<f64>,
    deviance: f64,
}

impl Working {
    fn new(eta: Vec<f64>, y: &[f64], w: &[f64]) -> Working {
        let p: Vec<f64> = eta.iter().map(|&e| logistic(e)).collect();
        let q: Vec<f64> = eta.iter().map(|&e| logistic(-e)).collect();
        let mut s = Working {
            eta,
            p,
            q,
            deviance: 0.0,
        };
        s.deviance = (0..y.len())
            .map(|i| 2.0 * w[i] * s.neg_log_lik(i, y[i]))
            .sum();
        s
    }

    /// `−log f(yᵢ)`: `log(1 + e^{−η})` for y = 1, `log(1 + e^{η})` for y = 0.
    fn neg_log_lik(&self, i: usize, y: f64) -> f64 {
        softplus(if y == 1.0 { -self.eta[i] } else { self.eta[i] })
    }

    /// `yᵢ − pᵢ`, as `qᵢ` or `−pᵢ` so it keeps its digits.
    fn residual(&self, i: usize, y: f64) -> f64 {
        if y == 1.0 { self.q[i] } else { -self.p[i] }
    }

    /// `pᵢ(1 − pᵢ)`.
    fn var(&self, i: usize) -> f64 {
        self.p[i] * self.q[i]
    }

    /// `√W X` with `W = w p(1 − p)`.
    fn weighted(&self, x: &Mat<f64>, w: &[f64]) -> Mat<f64> {
        let sw: Vec<f64> = (0..w.len()).map(|i| (w[i] * self.var(i)).sqrt()).collect();
        Mat::from_fn(x.nrows(), x.ncols(), |i, j| sw[i] * x[(i, j)])
    }

    /// `√W (gap + (y − p)/(p(1 − p)))`, the working residual written as `√w·√(q/p)`
    /// (y = 1) or `−√w·√(p/q)` (y = 0) so it stays finite where `p(1 − p)` underflows.
    fn working_rhs(&self, gap: &[f64], y: &[f64], w: &[f64]) -> Vec<f64> {
        (0..y.len())
            .map(|i| {
                let r = if y[i] == 1.0 {
                    (self.q[i] / self.p[i]).sqrt()
                } else {
                    -(self.p[i] / self.q[i]).sqrt()
                };
                w[i].sqrt() * (r + gap[i] * self.var(i).sqrt())
            })
            .collect()
    }
}

/// The diverging columns and rows of the final Newton step (see [`Separation`]).
fn separation(
    x: MatRef<'_, f64>,
    columns: &[usize],
    step: &[f64],
    intercept: bool,
) -> Option<Separation> {
    let moved = linear_predictor(x, columns, step);
    let rows = moved.iter().filter(|d| d.abs() > DIVERGING_STEP).count();
    if rows == 0 {
        return None;
    }
    let diverging = columns
        .iter()
        .zip(step)
        .filter(|&(&c, &s)| {
            !(intercept && c == 0)
                && x.col(c).iter().fold(0.0, |m: f64, v| m.max(v.abs())) * s.abs() > DIVERGING_STEP
        })
        .map(|(&c, _)| c)
        .collect();
    Some(Separation {
        complete: rows == x.nrows(),
        columns: diverging,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Relative agreement to `digits` significant digits.
    fn close(got: f64, want: f64, digits: i32) {
        let rel = ((got - want) / want).abs();
        assert!(rel <= 10f64.powi(-digits), "{got} vs {want}");
    }

    /// Rows of a 2×2 table: `counts[x][y]` rows with predictor x and outcome y.
    fn table(counts: [[usize; 2]; 2]) -> (Mat<f64>, Vec<f64>) {
        let mut rows = Vec::new();
        for (x, ys) in counts.iter().enumerate() {
            for (y, &c) in ys.iter().enumerate() {
                rows.extend(std::iter::repeat_n((x as f64, y as f64), c));
            }
        }
        let x = Mat::from_fn(rows.len(), 2, |i, j| if j == 0 { 1.0 } else { rows[i].0 });
        (x, rows.iter().map(|r| r.1).collect())
    }

    #[test]
    fn two_by_two_table_has_closed_form_estimates() {
        // A saturated model of a 2×2 table reproduces its cells: b0 = log(b/a), b1 = the
        // log odds ratio log(ad/bc), SE(b1) = √(1/a + 1/b + 1/c + 1/d) (Woolf 1955).
        let [a, b, c, d]: [f64; 4] = [30.0, 10.0, 15.0, 25.0];
        let (x, y) = table([[30, 10], [15, 25]]);
        let f = fit(x.as_ref(), &y, &[1.0; 80], true).unwrap();
        close(f.coefficients[0].unwrap(), (b / a).ln(), 13);
        close(f.coefficients[1].unwrap(), (a * d / (b * c)).ln(), 13);
        close(
            f.std_errors[1].unwrap(),
            (1.0 / a + 1.0 / b + 1.0 / c + 1.0 / d).sqrt(),
            13,
        );
        close(f.std_errors[0].unwrap(), (1.0 / a + 1.0 / b).sqrt(), 13);
        assert!(f.convergence.converged && f.separation.is_none());
        assert!(f.convergence.max_score < 1e-12);
        // Deviance: −2 Σ counts · log(cell proportion within its x group).
        let ll =
            a * (a / 40.0).ln() + b * (b / 40.0).ln() + c * (c / 40.0).ln() + d * (d / 40.0).ln();
        close(f.deviance, -2.0 * ll, 13);
        close(f.log_likelihood, ll, 13);
        close(f.aic, -2.0 * ll + 4.0, 13);
        // The hat matrix is a projection of rank 2.
        close(f.leverage.iter().sum::<f64>(), 2.0, 13);
        // The odds ratio is exp(b1); its interval is exp of the Wald interval.
        let row = f.coef_table(f.cov.as_ref(), None, 0.95)[1].unwrap();
        let or = crate::inference::odds_ratio(&row);
        close(or.estimate, a * d / (b * c), 13);
        close(
            or.conf_low,
            (row.estimate - 1.959_963_984_540_054 * row.std_error).exp(),
            12,
        );
        // AME of a regressor treated as continuous: b1 · mean p(1 − p); p is 1/4 in 40
        // rows and 5/8 in 40.
        let ame = f.marginal_effects(f.cov.as_ref(), None, 0.95);
        assert!(ame[0].is_none());
        let m = (0.25 * 0.75 + 0.625 * 0.375) / 2.0;
        close(ame[1].unwrap().estimate, f.coefficients[1].unwrap() * m, 13);
    }

    #[test]
    fn weighted_intercept_only_model_is_the_weighted_proportion() {
        // b0 = logit(p̄), p̄ = Σwy/Σw = 4/7; information Σw p̄(1 − p̄); LR test has 0 df.
        let x = Mat::from_fn(4, 1, |_, _| 1.0);
        let w = [1.0, 3.0, 2.0, 1.0];
        let f = fit(x.as_ref(), &[1.0, 1.0, 0.0, 0.0], &w, true).unwrap();
        let pbar: f64 = 4.0 / 7.0;
        close(f.coefficients[0].unwrap(), (pbar / (1.0 - pbar)).ln(), 13);
        close(
            f.std_errors[0].unwrap(),
            (7.0 * pbar * (1.0 - pbar)).sqrt().recip(),
            13,
        );
        close(f.deviance, f.null_deviance, 13);
        assert_eq!(f.lr_test.df, 0);
        assert!(f.mcfadden_r2.abs() < 1e-13);
    }

    #[test]
    fn zero_weights_leave_rows_out_but_fit_them() {
        let (x, y) = table([[30, 10], [15, 25]]);
        let mut w = vec![1.0; 80];
        let full = fit(x.as_ref(), &y, &w, true).unwrap();
        // Row 79 (x = 1, y = 1) weighted 0: as if the table had d = 24.
        w[79] = 0.0;
        let f = fit(x.as_ref(), &y, &w, true).unwrap();
        assert_eq!(f.n, 79);
        close(
            f.coefficients[1].unwrap(),
            (30.0 * 24.0 / 150.0f64).ln(),
            13,
        );
        close(f.fitted[79], 24.0 / 39.0, 13);
        assert_eq!((f.leverage[79], f.scores[(79, 1)]), (0.0, 0.0));
        assert!(full.coefficients[1] != f.coefficients[1]);
    }

    #[test]
    fn stopping_at_rs_rule_keeps_the_likelihood_to_rounding() {
        // 120 rows, an intercept and two predictors, outcome from a fixed sequence.
        let n = 120;
        let x = Mat::from_fn(n, 3, |i, j| match j {
            0 => 1.0,
            1 => ((i * 37) % 19) as f64 / 19.0 - 0.5,
            _ => (i % 4) as f64,
        });
        let y: Vec<f64> = (0..n)
            .map(|i| {
                f64::from(u8::from(
                    x[(i, 1)] + 0.3 * x[(i, 2)] + ((i * 53) % 11) as f64 / 11.0 > 0.9,
                ))
            })
            .collect();
        let w = vec![1.0; n];
        let certified = fit(x.as_ref(), &y, &w, true).unwrap();
        for start in [None, Some(&[0.1, 0.5, 0.2][..])] {
            let lean = estimate(x.as_ref(), &y, &w, true, start, Stop::Likelihood).unwrap();
            assert!(lean.convergence.converged && lean.separation.is_none());
            assert!(lean.convergence.iterations < certified.convergence.iterations);
            close(lean.deviance, certified.deviance, 14);
            close(lean.mcfadden_r2, certified.mcfadden_r2, 13);
            for (a, b) in lean.coefficients.iter().zip(&certified.coefficients) {
                close(a.unwrap(), b.unwrap(), 8);
            }
        }
    }

    #[test]
    fn duplicate_column_is_aliased() {
        let (x, y) = table([[30, 10], [15, 25]]);
        let x3 = Mat::from_fn(80, 3, |i, j| x[(i, j.min(1))]);
        let f = fit(x3.as_ref(), &y, &[1.0; 80], true).unwrap();
        let g = fit(x.as_ref(), &y, &[1.0; 80], true).unwrap();
        assert_eq!(f.coefficients[2], None);
        assert_eq!((f.rank, f.columns.as_slice()), (2, &[0, 1][..]));
        close(f.coefficients[1].unwrap(), g.coefficients[1].unwrap(), 13);
        assert!(f.coef_table(f.cov.as_ref(), None, 0.95)[2].is_none());
        assert!(f.marginal_effects(f.cov.as_ref(), None, 0.95)[2].is_none());
    }

    #[test]
    fn bad_input_is_an_error_that_names_the_row() {
        let x = Mat::from_fn(4, 2, |i, j| if j == 0 { 1.0 } else { i as f64 });
        let w = [1.0; 4];
        let err = |y: &[f64], w: &[f64]| fit(x.as_ref(), y, w, true).unwrap_err();
        assert_eq!(
            err(&[0.0, 1.0, 2.0, 0.0], &w),
            LogitError::OutcomeNotBinary { row: 2, value: 2.0 }
        );
        assert_eq!(err(&[1.0; 4], &w), LogitError::NoVariation { value: 1 });
        assert_eq!(
            err(&[0.0, 1.0, 0.0, 1.0], &[1.0, 0.0, 1.0, 0.0]),
            LogitError::NoVariation { value: 0 }
        );
        assert_eq!(
            err(&[0.0, 1.0, f64::NAN, 1.0], &w),
            LogitError::NonFinite { row: 2 }
        );
        assert_eq!(
            err(&[0.0, 1.0, 0.0, 1.0], &[1.0, -1.0, 1.0, 1.0]),
            LogitError::NegativeWeight {
                row: 1,
                value: -1.0
            }
        );
        assert_eq!(
            err(&[0.0, 1.0, 0.0, 1.0], &[1.0, 1.0, 0.0, 0.0]),
            LogitError::TooFewRows { n: 2, p: 2 }
        );
        assert_eq!(
            err(&[0.0, 1.0], &w),
            LogitError::DimensionMismatch { rows: 4, other: 2 }
        );
        let msg = LogitError::OutcomeNotBinary { row: 2, value: 2.0 }.to_string();
        assert!(msg.contains("row 2") && msg.contains("value 2"), "{msg}");
    }

    #[test]
    fn separation_message_names_the_predictors() {
        let names = ["(Intercept)", "kind", "respect"];
        let two = Separation {
            complete: true,
            columns: vec![1, 2],
            rows: 40,
        };
        assert!(
            two.message(&names)
                .contains("kind, respect together predict every answer")
        );
        let one = Separation {
            complete: false,
            columns: vec![2],
            rows: 7,
        };
        let msg = one.message(&names);
        assert!(
            msg.contains("for 7 respondents respect predicts the answer exactly"),
            "{msg}"
        );
    }
}
