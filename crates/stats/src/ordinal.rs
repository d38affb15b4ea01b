//! Ordinal logistic regression with proportional odds (McCullagh 1980, "Regression models
//! for ordinal data", JRSS B 42; Agresti 2010, *Analysis of Ordinal Categorical Data*, ch. 3),
//! in the sign convention of R's `MASS::polr` and statsmodels' `OrderedModel`:
//!
//! `logit P(Y ≤ j | x) = θ_j − xᵀβ`, `j = 0..J−2`, categories `0..J−1` in scale order,
//!
//! so a positive `β` moves answers up the scale and `exp(β)` is the odds ratio of answering
//! above any cut-point. The thresholds `θ` play the intercept's role, so the design has no
//! column of ones; a constant column is aliased with them and dropped like any other
//! aliased column (R's `polr` does the same, with a warning).
//!
//! Method: Newton–Raphson on the full parameter `(β, θ)` with the analytic gradient and
//! observed Hessian, each step solved by a Cholesky factorisation of the equilibrated
//! negative Hessian (the log-likelihood is concave in `(β, θ)` because the logistic density
//! is log-concave; Pratt 1981, JASA 76), with step halving while the log-likelihood does not
//! increase. Unordered thresholds give some answered category a non-positive probability,
//! so a step that would disorder them is halved like any other that lowers the likelihood;
//! no reparametrisation is needed and the covariance comes straight out on `polr`'s scale.
//! Weights are probability weights: the pseudo-likelihood `Σ wᵢ log pᵢ` gives the point
//! estimates of `polr(weights =)` and `survey::svyolr`.
//!
//! Parameter order everywhere (covariance, scores): the estimated `β` in design-column
//! order, then `θ` — `polr`'s `vcov` order.
//!
//! Choices where R leaves room: fewer than 3 answered categories is refused (pointing to a
//! binary logistic model), as `polr` does; a scale category nobody answered is refused by
//! name rather than silently merged, because merging changes what the thresholds mean and
//! the user should choose it. Robust variances are [`crate::variance::sandwich`] on this
//! model's scores and bread; HC2 and HC3 need leverages, defined here for OLS and binary
//! logistic models only, so they are refused with that message.

use crate::inference::{ChiSquaredTest, CoefRow, chi_squared_test, coef_rows};
use crate::linalg::PivotedQr;
use crate::survey::Design;
use crate::variance::{Sandwich, Scores, VarianceError, VarianceKind, sandwich};
use faer::linalg::matmul::matmul;
use faer::linalg::solvers::DenseSolveCore;
use faer::{Accum, Mat, MatRef, Par, Side};

/// Newton steps before giving up (a well-posed fit takes 5–8).
const MAX_ITERATIONS: usize = 100;
/// Halvings of one Newton step before it counts as unable to improve.
const MAX_HALVINGS: usize = 60;
/// Convergence: the Newton decrement `gᵀ(−H)⁻¹g` (twice the predicted gain in
/// log-likelihood, invariant to the units of the predictors) below this × `max(1, |ℓ|)`.
/// Parameters are then within about `√(1e-20 · |ℓ| / n)` ≈ 1e-10 of the optimum.
const DECREMENT_TOLERANCE: f64 = 1e-20;
/// With many rows, rounding in the summed gradient puts a floor under the decrement
/// (measured: about 3e-13 with 100,000 rows, above `1e-20 · |ℓ|`). Newton's method
/// shrinks the decrement quadratically, far more than 4× a step, until it reaches that
/// floor; a step that shrinks it by less, once it is below `STALL_BOUND · max(1, |ℓ|)`,
/// means the optimum is reached to rounding.
const STALL_BOUND: f64 = 1e-8;

/// Why an ordinal model could not be fitted.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OrdinalError {
    #[error(
        "the design has {rows} rows but the outcome has {outcome} values and the weights {weights}"
    )]
    DimensionMismatch {
        rows: usize,
        outcome: usize,
        weights: usize,
    },
    #[error("the model data contain a value that is not a finite number")]
    NonFinite,
    #[error("weight {value} in model row {row} is not a non-negative number")]
    BadWeight { row: usize, value: f64 },
    #[error("every weight is zero, so nothing can be estimated")]
    AllZeroWeights,
    #[error(
        "outcome value {value} in model row {row} is not one of the scale's {n_categories} categories"
    )]
    CategoryOutOfRange {
        row: usize,
        value: usize,
        n_categories: usize,
    },
    /// `polr`: "response must have 3 or more levels".
    #[error(
        "the outcome has {used} answered categories; an ordinal model needs at least 3 — with 2, fit a binary logistic model instead"
    )]
    TooFewCategories { used: usize },
    /// A category between answered ones with no (positively weighted) answer: its
    /// thresholds would coincide and the fit would not converge.
    #[error(
        "category {level} of the scale (counting from 0) has no answers, so its thresholds cannot be estimated; merge it with a neighbouring category"
    )]
    EmptyCategory { level: usize },
    /// The negative Hessian is not positive definite at some step.
    #[error(
        "the model's information matrix is singular after {iterations} Newton steps: a predictor (or a combination of them) probably separates the answer categories perfectly; check a crosstab of the outcome by each predictor and drop or merge the one that does"
    )]
    Singular { iterations: usize },
}

/// A fitted proportional-odds model.
#[derive(Debug, Clone)]
pub struct OrdinalFit {
    /// `β` per design column; `None` for an aliased column (R's `NA`).
    pub coefficients: Vec<Option<f64>>,
    /// `θ_0 < … < θ_{J−2}`: `θ_j` separates category `j` from `j + 1` (`polr`'s `zeta`).
    pub thresholds: Vec<f64>,
    /// Design columns estimated, in the order of the `β` part of the parameter vector.
    pub columns: Vec<usize>,
    /// Classical covariance of `(β, θ)`: the inverse of the negative Hessian of the
    /// (weighted) log-likelihood at the estimate (`vcov(polr)`); also the sandwiches' bread.
    pub cov: Mat<f64>,
    /// Rows with a positive weight.
    pub n: usize,
    /// `Σ wᵢ` (R's `nobs` for a weighted `polr`).
    pub sum_weights: f64,
    /// `Σ wᵢ log pᵢ` (`logLik(polr)`).
    pub log_likelihood: f64,
    /// `−2ℓ`.
    pub deviance: f64,
    /// `−2ℓ + 2(k + J − 1)`, `k` the estimated `β`.
    pub aic: f64,
    /// `−2ℓ + log(Σw)(k + J − 1)`, as R's `BIC` on `polr` (whose `nobs` is `Σw`).
    pub bic: f64,
    /// Log-likelihood of the thresholds-only model, `Σ_j W_j log(W_j/W)` in closed form
    /// (its MLE is the marginal cumulative logits).
    pub null_log_likelihood: f64,
    /// `1 − ℓ/ℓ₀` (McFadden 1974).
    pub mcfadden_r_squared: f64,
    /// Likelihood-ratio test of every `β` = 0: `2(ℓ − ℓ₀)` on `k` df; `None` when `k` = 0.
    /// Valid for unweighted data only; with probability weights use a Wald test.
    pub lr_test: Option<ChiSquaredTest>,
    /// `n × (k + J − 1)` score contributions `wᵢ ∂log pᵢ/∂(β, θ)` (`sandwich::estfun`).
    pub scores: Mat<f64>,
    /// Newton steps taken.
    pub iterations: usize,
    /// False when the iteration limit was reached or a step could not improve the
    /// likelihood before convergence (R's `polr` warns in that case; callers must too).
    pub converged: bool,
    /// `max |Σᵢ uᵢ|` at the estimate.
    pub max_abs_score: f64,
    /// Weighted rows whose answer gets a fitted probability within `10ε` of 1 (R's `glm`
    /// warns "fitted probabilities numerically 0 or 1 occurred" at that bar): the sign of
    /// separation, where the likelihood keeps rising as some estimates run off to infinity
    /// and Newton's method "converges" on meaningless numbers. Callers must warn when > 0.
    pub perfect_rows: usize,
}

/// Coefficient tables of an ordinal fit under one covariance.
#[derive(Debug, Clone, PartialEq)]
pub struct OrdinalTable {
    /// Per design column (`None`: aliased).
    pub coefficients: Vec<Option<CoefRow>>,
    pub thresholds: Vec<CoefRow>,
}

/// Fits `logit P(Y ≤ j | x) = θ_j − xᵀβ`.
///
/// `x`: n×p design without an intercept column; `y`: categories `0..n_categories` in scale
/// order; `weights`: probability weights (all 1 when unweighted; zero drops a row).
/// Aliased columns — including a constant one — are found by the pivoted QR of `[1 X]` on
/// the positively weighted rows and reported as `None`, the last of a dependent set going,
/// as in R. Every category must be answered (see [`OrdinalError::EmptyCategory`]).
pub fn fit(
    x: MatRef<'_, f64>,
    y: &[usize],
    n_categories: usize,
    weights: &[f64],
) -> Result<OrdinalFit, OrdinalError> {
    fit_from(x, y, n_categories, weights, None)
}

/// [`fit`] starting Newton's method from `start` — a coefficient per design column (0 for
/// an aliased one), then the thresholds — instead of `β = 0` and the null thresholds: a
/// bootstrap replicate starts from the full sample's estimate and needs fewer steps. The
/// step halving keeps every step uphill, so a start changes the cost and the last digits
/// only; a warm start that fails or stalls is retried from the usual start.
pub fn fit_from(
    x: MatRef<'_, f64>,
    y: &[usize],
    n_categories: usize,
    weights: &[f64],
    start: Option<&[f64]>,
) -> Result<OrdinalFit, OrdinalError> {
    let (n, p) = x.shape();
    if y.len() != n || weights.len() != n {
        return Err(OrdinalError::DimensionMismatch {
            rows: n,
            outcome: y.len(),
            weights: weights.len(),
        });
    }
    if (0..p).any(|j| x.col(j).iter().any(|v| !v.is_finite())) {
        return Err(OrdinalError::NonFinite);
    }
    if let Some((row, &value)) = weights
        .iter()
        .enumerate()
        .find(|(_, w)| !(w.is_finite() && **w >= 0.0))
    {
        return Err(OrdinalError::BadWeight { row, value });
    }
    if let Some((row, &value)) = y.iter().enumerate().find(|(_, c)| **c >= n_categories) {
        return Err(OrdinalError::CategoryOutOfRange {
            row,
            value,
            n_categories,
        });
    }
    let live: Vec<usize> = (0..n).filter(|&i| weights[i] > 0.0).collect();
    if live.is_empty() {
        return Err(OrdinalError::AllZeroWeights);
    }
    let mut totals = vec![0.0; n_categories];
    for &i in &live {
        totals[y[i]] += weights[i];
    }
    let used = totals.iter().filter(|&&t| t > 0.0).count();
    if used < 3 {
        return Err(OrdinalError::TooFewCategories { used });
    }
    if let Some(level) = totals.iter().position(|&t| t == 0.0) {
        return Err(OrdinalError::EmptyCategory { level });
    }
    let columns = estimable_columns(x, &live);
    // Zero-weight rows (a third of a bootstrap replicate's) contribute nothing: the
    // iterations run on the positively weighted rows only.
    let design = Mat::from_fn(live.len(), columns.len(), |i, j| x[(live[i], columns[j])]);
    let (live_y, live_weights): (Vec<usize>, Vec<f64>) =
        live.iter().map(|&i| (y[i], weights[i])).unzip();
    let problem = Problem {
        x: design.as_ref(),
        y: &live_y,
        weights: &live_weights,
        q: n_categories - 1,
    };
    let warm = start
        .filter(|s| s.len() == p + n_categories - 1 && s.iter().all(|v| v.is_finite()))
        .map(|s| {
            columns
                .iter()
                .map(|&c| s[c])
                .chain(s[p..].iter().copied())
                .collect()
        })
        .and_then(|psi| problem.newton(psi).ok())
        .filter(|e| e.converged);
    let estimate = match warm {
        Some(e) => e,
        None => problem.newton(problem.null_start(&totals))?,
    };
    let scores = problem.scores(&estimate.eval, &live, n);
    Ok(estimate.finish(p, columns, &totals, live.len(), scores))
}

impl OrdinalFit {
    /// The parameter vector `(β, θ)` in the order of [`OrdinalFit::cov`].
    pub fn parameters(&self) -> Vec<f64> {
        self.columns
            .iter()
            .filter_map(|&c| self.coefficients[c])
            .chain(self.thresholds.iter().copied())
            .collect()
    }

    /// Covariance of the parameters of kind `kind`; `rows` gives the design row of each
    /// model row. Classical is [`OrdinalFit::cov`]; the others are
    /// [`crate::variance::sandwich`] on the scores with this bread. HC2 and HC3 need
    /// leverages, which apply to OLS and logistic models only, so they are refused. The
    /// returned `df` is for Wald tests of several coefficients: `None` (χ²) except
    /// design-based, where it is the design df minus the estimated `β`, `svyolr`'s
    /// `df.residual`, which `survey::regTermTest` uses for its F test. Single coefficients
    /// are always tested on the normal (see [`OrdinalFit::coef_table`]).
    pub fn covariance(
        &self,
        kind: VarianceKind,
        design: &Design,
        rows: &[usize],
    ) -> Result<Sandwich, VarianceError> {
        if kind == VarianceKind::Classical {
            return Ok(Sandwich {
                cov: self.cov.clone(),
                df: None,
                groups: None,
            });
        }
        let scores = Scores {
            scores: self.scores.as_ref(),
            bread: self.cov.as_ref(),
            leverage: None,
            rows,
            linear: false,
        };
        let mut s = sandwich(kind, &scores, design)?;
        s.df = (kind == VarianceKind::Design)
            .then(|| design.df(rows) as f64 - self.columns.len() as f64);
        Ok(s)
    }

    /// Category probabilities, `n × J`, of the rows of `x` — the design fitted or new rows
    /// with its columns — (`predict(polr, type = "probs")`).
    pub fn probabilities(&self, x: MatRef<'_, f64>) -> Mat<f64> {
        let eta: Vec<f64> = (0..x.nrows())
            .map(|i| {
                self.coefficients
                    .iter()
                    .enumerate()
                    .filter_map(|(j, b)| b.map(|b| x[(i, j)] * b))
                    .sum()
            })
            .collect();
        Mat::from_fn(x.nrows(), self.thresholds.len() + 1, |i, c| {
            Row::probability(&self.thresholds, c, eta[i])
        })
    }

    /// Coefficient, threshold and odds-ratio tables under covariance `cov` (in the order of
    /// [`OrdinalFit::parameters`]) at confidence `level`, with z statistics and normal
    /// intervals whatever the variance: R's `summary.polr` and `summary.svyolr` print
    /// "t value"s that `confint.default` (the method both fall back on) treats as normal,
    /// and Stata's `ologit` reports z under every `vce()`.
    pub fn coef_table(&self, cov: MatRef<'_, f64>, level: f64) -> OrdinalTable {
        let rows = coef_rows(&self.parameters(), cov, None, level);
        let (beta, thresholds) = rows.split_at(self.columns.len());
        let mut coefficients = vec![None; self.coefficients.len()];
        for (&c, row) in self.columns.iter().zip(beta) {
            coefficients[c] = Some(*row);
        }
        OrdinalTable {
            coefficients,
            thresholds: thresholds.to_vec(),
        }
    }
}

/// Design columns kept by R's rule on `[1 X]` restricted to `rows` (see
/// [`PivotedQr::independent_columns`]), without the ones.
fn estimable_columns(x: MatRef<'_, f64>, rows: &[usize]) -> Vec<usize> {
    let p = x.ncols();
    let with_ones = Mat::from_fn(rows.len(), p + 1, |i, j| {
        if j == 0 { 1.0 } else { x[(rows[i], j - 1)] }
    });
    let mut kept: Vec<usize> = (0..=p).collect();
    loop {
        let qr = PivotedQr::new(with_ones.as_ref(), &kept);
        if qr.rank() == kept.len() {
            break;
        }
        kept = qr.independent_columns();
    }
    kept.into_iter().filter(|&c| c > 0).map(|c| c - 1).collect()
}

/// The data of one fit: the estimable columns and the positively weighted rows only.
struct Problem<'a> {
    x: MatRef<'a, f64>,
    y: &'a [usize],
    weights: &'a [f64],
    /// Thresholds, `J − 1`.
    q: usize,
}

/// Log-likelihood, gradient and negative Hessian at one point, with the per-row pieces
/// the scores are built from once Newton's method has stopped.
struct Evaluation {
    log_likelihood: f64,
    gradient: Vec<f64>,
    neg_hessian: Mat<f64>,
    /// `wᵢ ∂log pᵢ/∂ηᵢ`: row `i`'s `β` scores are this times its row of the design.
    eta_scores: Vec<f64>,
    /// `wᵢ ∂log pᵢ/∂θ_c` and `wᵢ ∂log pᵢ/∂θ_{c−1}` for row `i`'s category `c` (0 where
    /// the category has no such threshold).
    threshold_scores: Vec<[f64; 2]>,
    /// Weighted rows whose answer gets a probability within `10ε` of 1.
    perfect_rows: usize,
}

/// The estimate before the caller's bookkeeping.
struct Estimate {
    beta: Vec<f64>,
    thresholds: Vec<f64>,
    eval: Evaluation,
    cov: Mat<f64>,
    iterations: usize,
    converged: bool,
}

impl Problem<'_> {
    fn k(&self) -> usize {
        self.x.ncols()
    }

    /// `X β`, a column at a time (the design is column-major).
    fn etas(&self, beta: &[f64]) -> Vec<f64> {
        let mut eta = vec![0.0; self.y.len()];
        for (j, &b) in beta.iter().enumerate() {
            for (e, &v) in eta.iter_mut().zip(self.x.col(j).iter()) {
                *e += v * b;
            }
        }
        eta
    }

    /// Everything Newton's method needs at `psi`; `None` when some weighted row's category
    /// gets a non-positive probability there (disordered thresholds: `ℓ = −∞`). One pass
    /// over the rows collects each row's derivatives with respect to its linear predictor
    /// and its (at most two) thresholds; the β blocks of the Hessian are then the matrix
    /// products `Xᵀ D X` and `Tᵀ X` (faer's blocked GEMM), not row-by-row updates.
    fn evaluate(&self, psi: &[f64]) -> Option<Evaluation> {
        let (k, m, n) = (self.k(), psi.len(), self.y.len());
        let (beta, theta) = psi.split_at(k);
        let eta = self.etas(beta);
        // p > 1 − 10ε, on the log scale.
        let almost_sure = (-10.0 * f64::EPSILON).ln_1p();
        let mut log_likelihood = 0.0;
        let mut perfect_rows = 0;
        let mut eta_scores = vec![0.0; n];
        let mut threshold_scores = vec![[0.0; 2]; n];
        // Per row: −w·∂²log p/∂η², and the threshold–η cross terms.
        let mut d_eta = vec![0.0; n];
        let mut cross = Mat::<f64>::zeros(n, self.q);
        let mut h = Mat::<f64>::zeros(m, m);
        let mut gradient = vec![0.0; m];
        for (i, (&c, &w)) in self.y.iter().zip(self.weights).enumerate() {
            let r = Row::new(theta, c, eta[i])?;
            log_likelihood += w * r.log_p;
            perfect_rows += usize::from(r.log_p > almost_sure);
            // Gradient and Hessian of log p in (θ_c, θ_{c−1}, η): g = (up, −low, low − up);
            // the Hessian is p″/p − g gᵀ with p″ from f′ (see `Row`). Each threshold entry is
            // (slot, index, g, H_jj, H_jη).
            let g = r.low - r.up;
            eta_scores[i] = w * g;
            d_eta[i] = -w * ((r.up_slope - r.low_slope) - g * g);
            let upper = (c < self.q).then_some((
                0,
                c,
                r.up,
                r.up_slope - r.up * r.up,
                -r.up_slope - r.up * g,
            ));
            let lower = c.checked_sub(1).map(|j| {
                (
                    1,
                    j,
                    -r.low,
                    -r.low_slope - r.low * r.low,
                    r.low_slope + r.low * g,
                )
            });
            for &(slot, j, gj, h_jj, h_j_eta) in upper.iter().chain(&lower) {
                threshold_scores[i][slot] = w * gj;
                gradient[k + j] += w * gj;
                h[(k + j, k + j)] -= w * h_jj;
                cross[(i, j)] = -w * h_j_eta;
            }
            if c > 0 && c < self.q {
                h[(k + c, k + c - 1)] -= w * r.up * r.low;
                h[(k + c - 1, k + c)] -= w * r.up * r.low;
            }
        }
        let x = self.x;
        let dx = Mat::from_fn(n, k, |i, a| d_eta[i] * x[(i, a)]);
        // Sequential products: the callers that fit many models (block refits, the
        // bootstrap) already keep every core busy, and faer's threads would only wait on
        // them (futex and lock time in `perf`).
        matmul(
            h.as_mut().submatrix_mut(0, 0, k, k),
            Accum::Replace,
            x.transpose(),
            dx.as_ref(),
            1.0,
            Par::Seq,
        );
        let mut tx = Mat::<f64>::zeros(self.q, k);
        matmul(
            tx.as_mut(),
            Accum::Replace,
            cross.transpose(),
            x,
            1.0,
            Par::Seq,
        );
        h.as_mut().submatrix_mut(k, 0, self.q, k).copy_from(&tx);
        h.as_mut()
            .submatrix_mut(0, k, k, self.q)
            .copy_from(tx.transpose());
        for (a, g) in gradient.iter_mut().take(k).enumerate() {
            *g = eta_scores
                .iter()
                .zip(x.col(a).iter())
                .map(|(s, v)| s * v)
                .sum();
        }
        Some(Evaluation {
            log_likelihood,
            gradient,
            neg_hessian: h,
            eta_scores,
            threshold_scores,
            perfect_rows,
        })
    }

    /// `n × (k + J − 1)` score contributions at `eval`, in the parameter order, on the
    /// `n` input rows: problem row `r` is input row `rows[r]`; the others (weight zero)
    /// score zero.
    fn scores(&self, eval: &Evaluation, rows: &[usize], n: usize) -> Mat<f64> {
        let k = self.k();
        let mut scores = Mat::zeros(n, k + self.q);
        for (r, (&i, &c)) in rows.iter().zip(self.y).enumerate() {
            for a in 0..k {
                scores[(i, a)] = eval.eta_scores[r] * self.x[(r, a)];
            }
            let [up, low] = eval.threshold_scores[r];
            if c < self.q {
                scores[(i, k + c)] = up;
            }
            if c > 0 {
                scores[(i, k + c - 1)] = low;
            }
        }
        scores
    }

    /// `β = 0` and the null model's thresholds (the weighted cumulative logits).
    fn null_start(&self, totals: &[f64]) -> Vec<f64> {
        let total: f64 = totals.iter().sum();
        let mut psi = vec![0.0; self.k()];
        let mut cumulative = 0.0;
        for t in &totals[..self.q] {
            cumulative += t;
            psi.push((cumulative / (total - cumulative)).ln());
        }
        psi
    }

    /// Newton–Raphson from `psi` (a start where some row's category has no probability is
    /// refused as singular). Each trial point is evaluated in full: it is accepted unless
    /// it lowers ℓ, which a Newton step on a concave likelihood rarely does, so the
    /// accepted trial's evaluation is the next step's.
    fn newton(&self, mut psi: Vec<f64>) -> Result<Estimate, OrdinalError> {
        let k = self.k();
        let mut eval = self
            .evaluate(&psi)
            .ok_or(OrdinalError::Singular { iterations: 0 })?;
        let mut iterations = 0;
        let mut previous = None;
        let converged = loop {
            let step = solve_spd(eval.neg_hessian.as_ref(), &eval.gradient)
                .ok_or(OrdinalError::Singular { iterations })?;
            let decrement: f64 = step.iter().zip(&eval.gradient).map(|(s, g)| s * g).sum();
            let ll = eval.log_likelihood;
            let scale = ll.abs().max(1.0);
            let stalled = previous.is_some_and(|p: f64| decrement > 0.25 * p)
                && decrement <= STALL_BOUND * scale;
            previous = Some(decrement);
            if decrement <= DECREMENT_TOLERANCE * scale || stalled {
                break true;
            }
            if iterations == MAX_ITERATIONS {
                break false;
            }
            // Accept a step that does not lower ℓ beyond rounding.
            let slack = 8.0 * f64::EPSILON * ll.abs();
            let mut t = 1.0;
            let next = (0..MAX_HALVINGS).find_map(|_| {
                let trial: Vec<f64> = psi.iter().zip(&step).map(|(p, s)| p + t * s).collect();
                t /= 2.0;
                self.evaluate(&trial)
                    .filter(|e| e.log_likelihood >= ll - slack)
                    .map(|e| (trial, e))
            });
            iterations += 1;
            match next {
                Some((trial, e)) => (psi, eval) = (trial, e),
                None => break false,
            }
        };
        let cov = solve_spd_inverse(eval.neg_hessian.as_ref())
            .ok_or(OrdinalError::Singular { iterations })?;
        let (beta, thresholds) = psi.split_at(k);
        Ok(Estimate {
            beta: beta.to_vec(),
            thresholds: thresholds.to_vec(),
            eval,
            cov,
            iterations,
            converged,
        })
    }
}

impl Estimate {
    /// The fit on `p` design columns of which `columns` were estimated, from `n` weighted
    /// rows, with the scores on every input row.
    fn finish(
        self,
        p: usize,
        columns: Vec<usize>,
        totals: &[f64],
        n: usize,
        scores: Mat<f64>,
    ) -> OrdinalFit {
        let mut coefficients = vec![None; p];
        for (&c, &b) in columns.iter().zip(&self.beta) {
            coefficients[c] = Some(b);
        }
        let ll = self.eval.log_likelihood;
        let sum_weights: f64 = totals.iter().sum();
        let null_log_likelihood: f64 = totals.iter().map(|t| t * (t / sum_weights).ln()).sum();
        let params = (columns.len() + self.thresholds.len()) as f64;
        let k = columns.len();
        let lr_test = (k > 0).then(|| chi_squared_test(2.0 * (ll - null_log_likelihood), k));
        OrdinalFit {
            coefficients,
            thresholds: self.thresholds,
            columns,
            cov: self.cov,
            n,
            sum_weights,
            log_likelihood: ll,
            deviance: -2.0 * ll,
            aic: -2.0 * ll + 2.0 * params,
            bic: -2.0 * ll + sum_weights.ln() * params,
            null_log_likelihood,
            mcfadden_r_squared: 1.0 - ll / null_log_likelihood,
            lr_test,
            max_abs_score: self.eval.gradient.iter().fold(0.0, |m, g| g.abs().max(m)),
            scores,
            perfect_rows: self.eval.perfect_rows,
            iterations: self.iterations,
            converged: self.converged,
        }
    }
}

/// One row's probability and the ratios its derivatives are built from, each computed
/// from logs so that no difference of probabilities cancels:
/// `p = F(a) − F(b)` with `a = θ_c − η`, `b = θ_{c−1} − η` (`F(a) = 1` for the top
/// category, `F(b) = 0` for the bottom), `up = f(a)/p`, `low = f(b)/p`,
/// `up_slope = f′(a)/p`, `low_slope = f′(b)/p`, `f = F(1 − F)`, `f′ = f(1 − 2F)`.
struct Row {
    log_p: f64,
    up: f64,
    low: f64,
    up_slope: f64,
    low_slope: f64,
}

impl Row {
    /// `None` when the category's probability is not positive (disordered thresholds).
    fn new(theta: &[f64], c: usize, eta: f64) -> Option<Row> {
        let (a, b) = Tail::around(theta, c, eta);
        let log_p = log_probability(a, b)?;
        // f/p = exp(log f − log p); f′/p = (f/p)(F(−t) − F(t)).
        let ratio = |t: Option<Tail>| {
            t.map_or((0.0, 0.0), |t| {
                let r = (t.ln_cdf + t.ln_sf - log_p).exp();
                (r, r * (t.sf - t.cdf))
            })
        };
        let ((up, up_slope), (low, low_slope)) = (ratio(a), ratio(b));
        Some(Row {
            log_p,
            up,
            low,
            up_slope,
            low_slope,
        })
    }

    /// `P(Y = c)` at ordered thresholds.
    fn probability(theta: &[f64], c: usize, eta: f64) -> f64 {
        let (a, b) = Tail::around(theta, c, eta);
        log_probability(a, b).map_or(0.0, f64::exp)
    }
}

/// The logistic distribution at one `t = θ − η`: `F(t)`, `F(−t)` and their logs, from one
/// `exp` and one `log1p` (with `e = exp(−|t|)`, `F(|t|) = 1/(1 + e)` and
/// `log F(|t|) = −log1p(e)`), accurate in both tails and without overflow.
#[derive(Clone, Copy)]
struct Tail {
    t: f64,
    cdf: f64,
    sf: f64,
    ln_cdf: f64,
    ln_sf: f64,
}

impl Tail {
    fn at(t: f64) -> Tail {
        let e = (-t.abs()).exp();
        let l = e.ln_1p();
        let (near, far) = (1.0 / (1.0 + e), e / (1.0 + e));
        if t >= 0.0 {
            Tail {
                t,
                cdf: near,
                sf: far,
                ln_cdf: -l,
                ln_sf: -t - l,
            }
        } else {
            Tail {
                t,
                cdf: far,
                sf: near,
                ln_cdf: t - l,
                ln_sf: -l,
            }
        }
    }

    /// Category `c`'s upper and lower thresholds, less `η` (`None` beyond the scale).
    fn around(theta: &[f64], c: usize, eta: f64) -> (Option<Tail>, Option<Tail>) {
        (
            theta.get(c).map(|t| Tail::at(t - eta)),
            c.checked_sub(1).map(|j| Tail::at(theta[j] - eta)),
        )
    }
}

/// `log(F(a) − F(b))` by `F(a) − F(b) = F(a) F(−b) (1 − e^{b−a})`; `None` unless `a > b`.
fn log_probability(a: Option<Tail>, b: Option<Tail>) -> Option<f64> {
    let v = match (a, b) {
        (Some(a), Some(b)) if a.t > b.t => a.ln_cdf + b.ln_sf + (-(b.t - a.t).exp_m1()).ln(),
        (Some(_), Some(_)) => return None,
        (Some(a), None) => a.ln_cdf,
        (None, Some(b)) => b.ln_sf,
        (None, None) => 0.0,
    };
    v.is_finite().then_some(v)
}

/// `D (D A D)⁻¹ D` factors, with `D = diag(a_jj^{-1/2})`, so that the Cholesky test of
/// positive definiteness and its accuracy do not depend on the predictors' units.
fn equilibrated_llt(a: MatRef<'_, f64>) -> Option<(faer::linalg::solvers::Llt<f64>, Vec<f64>)> {
    let m = a.nrows();
    let d: Vec<f64> = (0..m).map(|j| a[(j, j)].sqrt().recip()).collect();
    if d.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let scaled = Mat::from_fn(m, m, |i, j| d[i] * a[(i, j)] * d[j]);
    scaled.llt(Side::Lower).ok().map(|llt| (llt, d))
}

/// `A⁻¹ g` for a symmetric positive definite `A`; `None` when it is not.
fn solve_spd(a: MatRef<'_, f64>, g: &[f64]) -> Option<Vec<f64>> {
    let (llt, d) = equilibrated_llt(a)?;
    let rhs = Mat::from_fn(g.len(), 1, |i, _| d[i] * g[i]);
    let z = faer::linalg::solvers::Solve::solve(&llt, &rhs);
    Some((0..g.len()).map(|i| d[i] * z[(i, 0)]).collect())
}

/// `A⁻¹` for a symmetric positive definite `A`; `None` when it is not.
fn solve_spd_inverse(a: MatRef<'_, f64>) -> Option<Mat<f64>> {
    let (llt, d) = equilibrated_llt(a)?;
    let inv = llt.inverse();
    Some(Mat::from_fn(a.nrows(), a.nrows(), |i, j| {
        d[i] * inv[(i, j)] * d[j]
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Relative agreement to `digits` significant digits.
    fn close(got: f64, want: f64, digits: i32) {
        let rel = ((got - want) / want).abs();
        assert!(rel <= 10f64.powi(-digits), "{got} vs {want}");
    }

    /// 200 rows, two predictors, four categories, from a fixed arithmetic sequence (no
    /// randomness needed: the checks hold for any data).
    fn data() -> (Mat<f64>, Vec<usize>) {
        let n = 200;
        let x = Mat::from_fn(n, 2, |i, j| {
            let u = ((i * 7919 + j * 104_729) % 1000) as f64 / 1000.0;
            if j == 0 {
                u * 4.0 - 2.0
            } else {
                (i % 5) as f64
            }
        });
        let y = (0..n)
            .map(|i| {
                let noise = ((i * 6151) % 997) as f64 / 997.0 * 3.0 - 1.5;
                let latent = x[(i, 0)] - 0.4 * x[(i, 1)] + noise;
                [-1.5, -0.3, 0.8].iter().filter(|&&c| latent > c).count()
            })
            .collect();
        (x, y)
    }

    #[test]
    fn two_categories_are_logistic_regression_in_closed_form() {
        // One binary predictor: P(Y = 1 | x) = F(βx − θ), so −θ = logit p₀ and β = logit p₁ −
        // logit p₀, with Var(θ) = 1/(n₀p₀q₀), Var(β) = Var(θ) + 1/(n₁p₁q₁), Cov = Var(θ).
        // Group x = 0: 3 of 10 answer 1; group x = 1: 7 of 12 do.
        let x: Vec<f64> = (0..22).map(|i| f64::from(u8::from(i >= 10))).collect();
        let y: Vec<usize> = (0..22)
            .map(|i| usize::from(if i < 10 { i < 3 } else { i < 17 }))
            .collect();
        let w = vec![1.0; 22];
        let design = Mat::from_fn(22, 1, |i, _| x[i]);
        let problem = Problem {
            x: design.as_ref(),
            y: &y,
            weights: &w,
            q: 1,
        };
        let e = problem.newton(problem.null_start(&[12.0, 10.0])).unwrap();
        assert!(e.converged);
        let logit = |p: f64| (p / (1.0 - p)).ln();
        let (p0, p1) = (0.3, 7.0 / 12.0);
        close(e.thresholds[0], -logit(p0), 13);
        close(e.beta[0], logit(p1) - logit(p0), 13);
        let v0 = 1.0 / (10.0 * p0 * (1.0 - p0));
        let v1 = 1.0 / (12.0 * p1 * (1.0 - p1));
        close(e.cov[(1, 1)], v0, 12);
        close(e.cov[(0, 0)], v0 + v1, 12);
        close(e.cov[(0, 1)], v0, 12);
        // ℓ = Σ_groups n (p log p + q log q).
        let ll = 10.0 * (p0 * p0.ln() + (1.0 - p0) * (1.0 - p0).ln())
            + 12.0 * (p1 * p1.ln() + (1.0 - p1) * (1.0 - p1).ln());
        close(e.eval.log_likelihood, ll, 13);
    }

    #[test]
    fn hessian_is_the_derivative_of_the_gradient() {
        let (x, y) = data();
        let w: Vec<f64> = (0..y.len()).map(|i| 0.5 + (i % 3) as f64).collect();
        let problem = Problem {
            x: x.as_ref(),
            y: &y,
            weights: &w,
            q: 3,
        };
        let psi = [0.7, -0.2, -1.2, 0.1, 1.0];
        let at = problem.evaluate(&psi).unwrap();
        let h = 1e-6;
        for j in 0..psi.len() {
            let mut plus = psi;
            let mut minus = psi;
            plus[j] += h;
            minus[j] -= h;
            let (gp, gm) = (
                problem.evaluate(&plus).unwrap(),
                problem.evaluate(&minus).unwrap(),
            );
            for i in 0..psi.len() {
                let numeric = -(gp.gradient[i] - gm.gradient[i]) / (2.0 * h);
                let scale = at.neg_hessian[(i, i)]
                    .abs()
                    .max(at.neg_hessian[(j, j)].abs());
                assert!(
                    (numeric - at.neg_hessian[(i, j)]).abs() < 1e-7 * scale,
                    "({i}, {j}): {numeric} vs {}",
                    at.neg_hessian[(i, j)]
                );
            }
            let numeric = (gp.log_likelihood - gm.log_likelihood) / (2.0 * h);
            assert!((numeric - at.gradient[j]).abs() < 1e-6 * at.gradient[j].abs().max(1.0));
        }
    }

    #[test]
    fn rescaling_a_predictor_rescales_its_coefficient_only() {
        let (x, y) = data();
        let w = vec![1.0; y.len()];
        let a = fit(x.as_ref(), &y, 4, &w).unwrap();
        let scaled = Mat::from_fn(x.nrows(), 2, |i, j| {
            x[(i, j)] * if j == 1 { 1000.0 } else { 1.0 }
        });
        let b = fit(scaled.as_ref(), &y, 4, &w).unwrap();
        assert!(a.converged && b.converged);
        close(
            b.coefficients[1].unwrap() * 1000.0,
            a.coefficients[1].unwrap(),
            10,
        );
        close(b.coefficients[0].unwrap(), a.coefficients[0].unwrap(), 10);
        close(b.cov[(1, 1)].sqrt() * 1000.0, a.cov[(1, 1)].sqrt(), 10);
        for (s, t) in a.thresholds.iter().zip(&b.thresholds) {
            close(*t, *s, 10);
        }
        close(b.log_likelihood, a.log_likelihood, 13);
        // Fitted probabilities sum to one; the null model is the marginal distribution.
        let fitted = a.probabilities(x.as_ref());
        for i in 0..x.nrows() {
            close((0..4).map(|c| fitted[(i, c)]).sum(), 1.0, 14);
        }
        assert!(a.mcfadden_r_squared > 0.0 && a.lr_test.unwrap().df == 2);
        assert_eq!(a.perfect_rows, 0);
    }

    #[test]
    fn aliased_and_constant_columns_are_dropped_as_r_does() {
        let (x, y) = data();
        let w = vec![1.0; y.len()];
        let base = fit(x.as_ref(), &y, 4, &w).unwrap();
        // [x0, const, x1, x0 + x1]: the constant goes with the thresholds, the sum with the
        // columns before it.
        let wide = Mat::from_fn(x.nrows(), 4, |i, j| match j {
            0 => x[(i, 0)],
            1 => 3.0,
            2 => x[(i, 1)],
            _ => x[(i, 0)] + x[(i, 1)],
        });
        let f = fit(wide.as_ref(), &y, 4, &w).unwrap();
        assert_eq!(f.columns, [0, 2]);
        assert_eq!((f.coefficients[1], f.coefficients[3]), (None, None));
        close(
            f.coefficients[2].unwrap(),
            base.coefficients[1].unwrap(),
            12,
        );
        close(f.log_likelihood, base.log_likelihood, 14);
        let table = f.coef_table(f.cov.as_ref(), 0.95);
        assert!(table.coefficients[1].is_none() && table.coefficients[3].is_none());
    }

    #[test]
    fn refusals_say_what_to_do() {
        let (x, y) = data();
        let w = vec![1.0; y.len()];
        // Category 2 of 5 never answered (shift 2, 3 up by one).
        let gap: Vec<usize> = y.iter().map(|&c| if c >= 2 { c + 1 } else { c }).collect();
        assert_eq!(
            fit(x.as_ref(), &gap, 5, &w).unwrap_err(),
            OrdinalError::EmptyCategory { level: 2 }
        );
        // Only weight-zero rows answer category 3.
        let zero: Vec<f64> = y.iter().map(|&c| f64::from(u8::from(c != 3))).collect();
        assert_eq!(
            fit(x.as_ref(), &y, 4, &zero).unwrap_err(),
            OrdinalError::EmptyCategory { level: 3 }
        );
        let constant = vec![1; y.len()];
        let err = fit(x.as_ref(), &constant, 4, &w).unwrap_err();
        assert_eq!(err, OrdinalError::TooFewCategories { used: 1 });
        assert!(err.to_string().contains("binary logistic"));
        let two: Vec<usize> = y.iter().map(|&c| c / 2).collect();
        assert_eq!(
            fit(x.as_ref(), &two, 2, &w).unwrap_err(),
            OrdinalError::TooFewCategories { used: 2 }
        );
        assert!(matches!(
            fit(x.as_ref(), &y, 3, &w),
            Err(OrdinalError::CategoryOutOfRange {
                n_categories: 3,
                ..
            })
        ));
        let mut bad = w.clone();
        bad[4] = -1.0;
        assert!(matches!(
            fit(x.as_ref(), &y, 4, &bad),
            Err(OrdinalError::BadWeight { row: 4, .. })
        ));
    }

    #[test]
    fn separation_is_flagged() {
        // x sorts the answers perfectly: β → ∞.
        let n = 30;
        let x = Mat::from_fn(n, 1, |i, _| i as f64);
        let y: Vec<usize> = (0..n).map(|i| i / 10).collect();
        match fit(x.as_ref(), &y, 3, &vec![1.0; n]) {
            Ok(f) => assert!(f.perfect_rows > 0),
            Err(e) => assert!(matches!(e, OrdinalError::Singular { .. })),
        }
    }
}
