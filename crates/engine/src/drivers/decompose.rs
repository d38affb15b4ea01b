//! One decomposition of the explained outcome under one set of weights: the point
//! estimate uses the design weights, each bootstrap replicate its resampled ones.

use super::output::ImportanceMethod;
use super::players::Players;
use crate::model::Response;
use faer::{Mat, MatRef};
use rapport_stats::importance::{self, LatentPredictors, MAX_PLAYERS};
use rapport_stats::linalg::PivotedQr;
use rapport_stats::logit::{self, Stop};
use rapport_stats::ordinal;

/// Each player's share of the explained outcome, in the measure's units.
#[derive(Debug, Clone, PartialEq)]
pub struct Decomposition {
    pub items: Vec<f64>,
    pub blocks: Vec<f64>,
    /// The measure with every predictor.
    pub full: f64,
    /// The measure with the controls alone.
    pub controls: f64,
    /// Monte-Carlo standard errors of `items` when they were sampled.
    pub item_mc_se: Option<Vec<f64>>,
}

impl Decomposition {
    /// What the players share.
    pub fn total(&self) -> f64 {
        self.full - self.controls
    }
}

/// The estimates of the point decomposition's fits (coefficients per design column, then
/// an ordinal model's thresholds), where each bootstrap replicate's fits start: a
/// replicate's estimates lie close to them, so Newton's method needs a few steps instead
/// of a cold start's many. Empty for linear models, which have no iterations.
#[derive(Debug, Clone)]
pub struct Starts {
    /// The fit of each subset of blocks (with the controls), by bit mask.
    subsets: Vec<Option<Vec<f64>>>,
    /// Where a logistic fit stops: the point's are certified; a replicate's stop at R's
    /// rule, since it gives only McFadden's R² and slopes to a percentile interval.
    stop: Stop,
}

impl Default for Starts {
    /// The point's: no starts, certified fits.
    fn default() -> Self {
        Starts {
            subsets: Vec::new(),
            stop: Stop::Certified,
        }
    }
}

/// One fit of a likelihood model: its McFadden's R², slopes and where a replicate starts.
struct Fitted {
    mcfadden: f64,
    coefficients: Vec<Option<f64>>,
    start: Vec<f64>,
}

/// The outcome on the estimation rows, as the model's family fits it.
enum Outcome {
    Linear(Vec<f64>),
    Binary(Vec<f64>),
    Ordered { y: Vec<usize>, n_categories: usize },
}

/// The model's data restricted to what the decomposition needs.
pub struct Game {
    /// Estimation rows × the players' and controls' columns ([`Players::columns`] order).
    x: Mat<f64>,
    outcome: Outcome,
    /// Item and block groups as indexes into the columns of `x`.
    item_groups: Vec<Vec<usize>>,
    block_groups: Vec<Vec<usize>>,
    controls: Vec<usize>,
    permutations: usize,
    seed: u64,
}

impl Game {
    /// The game on the frame rows `rows` (the model's estimation sample) with frame
    /// design matrix `frame_x` and outcome `frame_y`.
    pub fn new(
        players: &Players,
        frame_x: faer::MatRef<'_, f64>,
        frame_y: &[f64],
        rows: &[usize],
        response: &Response,
        permutations: usize,
        seed: u64,
    ) -> Self {
        let columns = players.columns();
        let position = |c: &usize| columns.iter().position(|k| k == c).expect("a used column");
        let groups = |g: Vec<Vec<usize>>| -> Vec<Vec<usize>> {
            g.iter()
                .map(|cols| cols.iter().map(position).collect())
                .collect()
        };
        let outcome = match response {
            Response::Linear => Outcome::Linear(rows.iter().map(|&i| frame_y[i]).collect()),
            Response::Binary(y01) => Outcome::Binary(rows.iter().map(|&i| y01[i]).collect()),
            Response::Ordered {
                categories,
                n_categories,
            } => Outcome::Ordered {
                y: rows.iter().map(|&i| categories[i]).collect(),
                n_categories: *n_categories,
            },
        };
        Game {
            x: Mat::from_fn(rows.len(), columns.len(), |i, j| {
                frame_x[(rows[i], columns[j])]
            }),
            outcome,
            item_groups: groups(players.item_groups()),
            block_groups: groups(players.block_groups()),
            controls: players.controls.iter().map(position).collect(),
            permutations,
            seed,
        }
    }

    /// Rows of the estimation sample.
    pub fn n(&self) -> usize {
        self.x.nrows()
    }

    /// How the items are decomposed.
    pub fn item_method(&self) -> ImportanceMethod {
        match self.outcome {
            Outcome::Linear(_) if self.item_groups.len() <= MAX_PLAYERS => {
                ImportanceMethod::ShapleyExact
            }
            Outcome::Linear(_) => ImportanceMethod::ShapleySampled,
            _ => ImportanceMethod::RelativeWeightsLogistic,
        }
    }

    /// Blocks are few, so theirs is always exact.
    pub fn block_method(&self) -> ImportanceMethod {
        ImportanceMethod::ShapleyExact
    }

    /// The point decomposition with the design weights (one per estimation row), and
    /// where the replicates' fits start.
    pub fn point(&self, weights: &[f64]) -> Result<(Decomposition, Starts), String> {
        self.play(weights, 0, &Starts::default())
    }

    /// A bootstrap replicate's decomposition with its resampled weights, its fits
    /// started from the point's (`starts`). `stream` picks the random entry orders of a
    /// sampled decomposition, so every replicate has its own.
    pub fn replicate(
        &self,
        weights: &[f64],
        stream: u64,
        starts: &Starts,
    ) -> Result<Decomposition, String> {
        // The rows a replicate did not draw (about a third) weigh nothing in any of its
        // fits, covariances or standardisations: left out, every design it builds is
        // that much smaller, and the decomposition the same to rounding.
        let drawn: Vec<usize> = (0..weights.len()).filter(|&i| weights[i] > 0.0).collect();
        let kept: Vec<f64> = drawn.iter().map(|&i| weights[i]).collect();
        self.on_rows(&drawn)
            .play(&kept, stream, starts)
            .map(|(d, _)| d)
    }

    /// This game on some of its rows.
    fn on_rows(&self, rows: &[usize]) -> Game {
        let pick = |v: &[f64]| rows.iter().map(|&i| v[i]).collect();
        Game {
            x: Mat::from_fn(rows.len(), self.x.ncols(), |i, j| self.x[(rows[i], j)]),
            outcome: match &self.outcome {
                Outcome::Linear(y) => Outcome::Linear(pick(y)),
                Outcome::Binary(y) => Outcome::Binary(pick(y)),
                Outcome::Ordered { y, n_categories } => Outcome::Ordered {
                    y: rows.iter().map(|&i| y[i]).collect(),
                    n_categories: *n_categories,
                },
            },
            item_groups: self.item_groups.clone(),
            block_groups: self.block_groups.clone(),
            controls: self.controls.clone(),
            permutations: self.permutations,
            seed: self.seed,
        }
    }

    fn play(
        &self,
        weights: &[f64],
        stream: u64,
        from: &Starts,
    ) -> Result<(Decomposition, Starts), String> {
        match &self.outcome {
            Outcome::Linear(y) => Ok((self.play_linear(y, weights, stream)?, Starts::default())),
            _ => self.play_likelihood(weights, from),
        }
    }

    /// Johnson's relative weights of the items (linear models only).
    pub fn relative_weights(&self, weights: &[f64]) -> Option<Vec<f64>> {
        let Outcome::Linear(y) = &self.outcome else {
            return None;
        };
        let cov = importance::covariance(y, self.x.as_ref(), Some(weights));
        importance::relative_weights(
            cov.as_ref(),
            &one_based(&self.item_groups),
            &one_based_cols(&self.controls),
        )
        .ok()
        .map(|r| r.values)
    }

    fn play_linear(
        &self,
        y: &[f64],
        weights: &[f64],
        stream: u64,
    ) -> Result<Decomposition, String> {
        let cov = importance::covariance(y, self.x.as_ref(), Some(weights));
        let always = one_based_cols(&self.controls);
        let blocks = importance::shapley_r2(cov.as_ref(), &one_based(&self.block_groups), &always)
            .map_err(|e| e.to_string())?;
        let items = one_based(&self.item_groups);
        let (values, mc_se) = if items.len() <= MAX_PLAYERS {
            let s =
                importance::shapley_r2(cov.as_ref(), &items, &always).map_err(|e| e.to_string())?;
            (s.values, None)
        } else {
            let s = importance::shapley_r2_sampled(
                cov.as_ref(),
                &items,
                &always,
                self.permutations,
                self.seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15),
            )
            .map_err(|e| e.to_string())?;
            (s.values, Some(s.monte_carlo_se))
        };
        Ok(Decomposition {
            items: values,
            blocks: blocks.values,
            full: blocks.r2_full,
            // Exactly nothing is explained without controls (the sweep leaves rounding).
            controls: if self.controls.is_empty() {
                0.0
            } else {
                blocks.r2_always
            },
            item_mc_se: mc_se,
        })
    }

    /// Blocks: exact Shapley values of McFadden's R² over every subset of blocks, the
    /// controls in each (one fit per subset). Items: relative weights for logistic
    /// regression (Tonidandel & LeBreton 2010), whose proportions among the items share
    /// out what the blocks add.
    fn play_likelihood(
        &self,
        weights: &[f64],
        from: &Starts,
    ) -> Result<(Decomposition, Starts), String> {
        let m = self.block_groups.len();
        let mut value = vec![0.0; 1 << m];
        let mut subsets = vec![None; 1 << m];
        let mut slopes = Vec::new();
        for (mask, v) in value.iter_mut().enumerate() {
            let mut cols = self.controls.clone();
            for (b, g) in self.block_groups.iter().enumerate() {
                if mask & (1 << b) != 0 {
                    cols.extend(g);
                }
            }
            if cols.is_empty() {
                continue;
            }
            let start = from.subsets.get(mask).and_then(Option::as_deref);
            let fitted = self.fit(self.design(&cols, None).as_ref(), weights, start, from.stop)?;
            *v = fitted.mcfadden;
            subsets[mask] = Some(fitted.start);
            if mask + 1 == 1 << m {
                // The full model: each item column's slope, wherever the design put it.
                let first = usize::from(self.intercept());
                slopes = self
                    .item_groups
                    .iter()
                    .flatten()
                    .map(|c| {
                        let at = cols.iter().position(|k| k == c).expect("an item column");
                        fitted.coefficients[first + at]
                    })
                    .collect();
            }
        }
        let blocks = shapley_from_values(&value, m);
        let (controls, full) = (value[0], value[(1 << m) - 1]);
        let proportions = self.item_proportions(weights, &slopes)?;
        let total = full - controls;
        let items = proportions.iter().map(|p| total * p).collect();
        let decomposition = Decomposition {
            items,
            blocks,
            full,
            controls,
            item_mc_se: None,
        };
        let starts = Starts {
            subsets,
            stop: Stop::Likelihood,
        };
        Ok((decomposition, starts))
    }

    /// Each item's proportion of what the items add to the controls, by relative weights
    /// for logistic regression (Tonidandel & LeBreton 2010) with the controls held as in
    /// the linear case: the items are residualised on the controls (weighted least
    /// squares), Johnson's orthogonalisation `Z` is taken of the residualised items, and
    /// the model of y on the controls and `Z` gives the slopes of `Z`. For OLS this is
    /// exactly Johnson's weights on the partial correlations (Frisch–Waugh–Lovell); it
    /// also makes the items' weights independent of how the controls' categories are coded.
    /// That model spans what the full model spans, so its slopes come from the full
    /// model's (`slopes`, one per item column; [`LatentPredictors`]) and it is not fitted.
    fn item_proportions(
        &self,
        weights: &[f64],
        slopes: &[Option<f64>],
    ) -> Result<Vec<f64>, String> {
        let n = self.n();
        let items: Vec<usize> = self.item_groups.iter().flatten().copied().collect();
        let groups: Vec<Vec<usize>> = {
            let mut next = 0;
            self.item_groups
                .iter()
                .map(|g| {
                    next += g.len();
                    (next - g.len()..next).collect()
                })
                .collect()
        };
        let c = self.controls.len();
        // [1, controls] and the items residualised on it.
        let base = self.design_with(true, &self.controls, None);
        let root: Vec<f64> = weights.iter().map(|w| w.sqrt()).collect();
        let scaled = Mat::from_fn(n, c + 1, |i, j| root[i] * base[(i, j)]);
        let qr = PivotedQr::new(scaled.as_ref(), &(0..=c).collect::<Vec<_>>());
        let mut residual = Mat::zeros(n, items.len());
        for (k, &col) in items.iter().enumerate() {
            let target: Vec<f64> = (0..n).map(|i| root[i] * self.x[(i, col)]).collect();
            let b = qr.lstsq(&target);
            for i in 0..n {
                let fitted: f64 = qr
                    .columns()
                    .iter()
                    .zip(&b)
                    .map(|(&j, bj)| bj * base[(i, j)])
                    .sum();
                residual[(i, k)] = self.x[(i, col)] - fitted;
            }
        }
        let latent = LatentPredictors::new(residual.as_ref(), weights, &groups)
            .map_err(|e| e.to_string())?;
        let slopes: Vec<f64> = slopes
            .iter()
            .map(|b| {
                b.ok_or_else(|| {
                    "an item is a linear combination of the controls and the other items"
                        .to_string()
                })
            })
            .collect::<Result<_, _>>()?;
        latent.proportions(&slopes).map_err(|e| e.to_string())
    }

    /// The family's model on `x` (this game's design for some columns), from `start`,
    /// a logistic one iterated as far as `stop` says (an ordinal one always to its own
    /// test). Infinite slopes (separation, answers predicted exactly) are an error, since
    /// the shares would mean nothing.
    fn fit(
        &self,
        x: MatRef<'_, f64>,
        weights: &[f64],
        start: Option<&[f64]>,
        stop: Stop,
    ) -> Result<Fitted, String> {
        match &self.outcome {
            Outcome::Binary(y) => {
                let fit =
                    logit::estimate(x, y, weights, true, start, stop).map_err(|e| e.to_string())?;
                if fit.separation.is_some() {
                    return Err(
                        "the predictors separate the outcome, so the slopes are infinite".into(),
                    );
                }
                let start = fit.coefficients.iter().map(|b| b.unwrap_or(0.0)).collect();
                Ok(Fitted {
                    mcfadden: fit.mcfadden_r2,
                    coefficients: fit.coefficients,
                    start,
                })
            }
            Outcome::Ordered { y, n_categories } => {
                let fit = ordinal::fit_from(x, y, *n_categories, weights, start)
                    .map_err(|e| e.to_string())?;
                if !fit.converged {
                    return Err(format!(
                        "the ordinal model did not converge in {} steps",
                        fit.iterations
                    ));
                }
                if fit.perfect_rows > 0 {
                    return Err(
                        "the predictors predict some answers exactly, so the slopes are infinite"
                            .into(),
                    );
                }
                let start = fit
                    .coefficients
                    .iter()
                    .map(|b| b.unwrap_or(0.0))
                    .chain(fit.thresholds.iter().copied())
                    .collect();
                Ok(Fitted {
                    mcfadden: fit.mcfadden_r_squared,
                    coefficients: fit.coefficients,
                    start,
                })
            }
            Outcome::Linear(_) => unreachable!("linear models are decomposed by play_linear"),
        }
    }

    /// Whether the family's design has a column of ones: a logistic model's does; an
    /// ordinal model's thresholds take its place.
    fn intercept(&self) -> bool {
        matches!(self.outcome, Outcome::Binary(_))
    }

    /// The family's design on the columns `cols` of `x`, then `z`.
    fn design(&self, cols: &[usize], z: Option<MatRef<'_, f64>>) -> Mat<f64> {
        self.design_with(self.intercept(), cols, z)
    }

    /// The design `[1, x's columns cols, z]` on the estimation rows; without the column of
    /// ones when `intercept` is false (an ordinal model's thresholds take its place).
    fn design_with(&self, intercept: bool, cols: &[usize], z: Option<MatRef<'_, f64>>) -> Mat<f64> {
        let first = usize::from(intercept);
        let given = first + cols.len();
        Mat::from_fn(
            self.n(),
            given + z.map_or(0, |z| z.ncols()),
            |i, j| match z {
                _ if j < first => 1.0,
                _ if j < given => self.x[(i, cols[j - first])],
                Some(z) => z[(i, j - given)],
                None => unreachable!("no column beyond the given ones without z"),
            },
        )
    }
}

/// Exact Shapley values from the value of every coalition (`values[mask]`, bit `j` set when
/// player `j` is in): `φ_j = Σ_{S ∌ j} |S|!(m − |S| − 1)!/m! · (v(S ∪ {j}) − v(S))`
/// (Shapley 1953).
fn shapley_from_values(values: &[f64], m: usize) -> Vec<f64> {
    let factorial = |k: usize| (1..=k).map(|i| i as f64).product::<f64>();
    let weight: Vec<f64> = (0..m)
        .map(|s| factorial(s) * factorial(m - s - 1) / factorial(m))
        .collect();
    (0..m)
        .map(|j| {
            (0..values.len())
                .filter(|mask| mask & (1 << j) == 0)
                .map(|mask| {
                    weight[mask.count_ones() as usize] * (values[mask | (1 << j)] - values[mask])
                })
                .sum()
        })
        .collect()
}

/// Groups of `x` columns as covariance columns (the outcome is column 0).
fn one_based(groups: &[Vec<usize>]) -> Vec<Vec<usize>> {
    groups.iter().map(|g| one_based_cols(g)).collect()
}

fn one_based_cols(cols: &[usize]) -> Vec<usize> {
    cols.iter().map(|c| c + 1).collect()
}

#[cfg(test)]
mod tests {
    use super::shapley_from_values;

    #[test]
    fn shapley_from_values_matches_a_hand_computed_three_player_game() {
        // v(∅)=0, v(1)=1, v(2)=2, v(12)=4, v(3)=0, v(13)=1, v(23)=3, v(123)=6.
        let v = [0.0, 1.0, 2.0, 4.0, 0.0, 1.0, 3.0, 6.0];
        let phi = shapley_from_values(&v, 3);
        // Player 1: (1/3)(1−0) + (1/6)(4−2) + (1/6)(1−0) + (1/3)(6−3) = 1/3+1/3+1/6+1 = 11/6.
        assert!((phi[0] - 11.0 / 6.0).abs() < 1e-15);
        assert!((phi.iter().sum::<f64>() - 6.0).abs() < 1e-14);
    }
}
