//! Shapley/LMG shares of R² estimated from random entry orders, for more players than
//! the exact enumeration of [`super::shapley_r2`] can visit.
//!
//! A player's Shapley value is its expected R² increase when the players enter in a
//! uniformly random order. Sampling `m` orders and averaging the increases is Castro,
//! Gómez & Tejada's estimator (2009, "Polynomial calculation of the Shapley value based
//! on sampling", *Computers & Operations Research* 36(5), 1726–1730): unbiased, with
//! Monte Carlo standard error `sd/√m` by the central limit theorem.
//!
//! Each order starts from the correlation matrix with the controls swept and sweeps the
//! players in one at a time (Goodnight's sweep, shared with [`super::shapley_r2`]); after
//! each, `1 − a_yy` is the R² of the model so far. An order costs one sweep per column,
//! `O(d²)` each, instead of a fresh regression per step. Every order's increases add up
//! to `R²(full) − R²(controls)`, so the means do too, to rounding.
//!
//! Each random order is also run reversed (antithetic sampling; Mitchell, Cooper, Frank &
//! Holmes 2022, "Sampling permutations for Shapley value estimation", *Journal of Machine
//! Learning Research* 23). A player that enters early in one enters late in the other,
//! and its R² increase typically falls (for a suppressor, rises) with the size of the
//! model it joins, so the two increases tend to be negatively correlated. On the 8- and
//! 9-player data of tests/tests/importance.rs the variance of a pair's mean is 0.18–0.66
//! of that of two independent orders (computed exactly over all orders); with two
//! players the pair visits both orders and the estimate is exact.

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use faer::MatRef;

use super::error::ImportanceError;
use super::shapley::{Layout, Neumaier, Sweeper, layout};

/// Sampled Shapley (LMG) decomposition of R².
#[derive(Debug, Clone, PartialEq)]
pub struct SampledShapley {
    /// Estimated share of each player, in the order of `groups`: its mean increase over
    /// the `2 · permutations` orders run.
    pub values: Vec<f64>,
    /// Monte Carlo standard error of each value: the sample standard deviation of the
    /// player's mean increase over an antithetic pair, divided by `√permutations`.
    pub monte_carlo_se: Vec<f64>,
    /// `r2_full − r2_always`; `values` add up to it to rounding.
    pub total: f64,
    /// R² of the model with every player and the controls.
    pub r2_full: f64,
    /// R² of the controls alone (0 without controls).
    pub r2_always: f64,
    /// Random orders drawn, each run forwards and reversed.
    pub permutations: usize,
}

/// Shapley value of each player in R², estimated from `permutations` random entry orders
/// and their reverses.
///
/// Arguments as for [`super::shapley_r2`], with any number of players. The orders come
/// from `ChaCha8Rng::seed_from_u64(seed)`, so a seed gives the same values on every
/// platform and run. At least 2 orders are needed for a standard error.
pub fn shapley_r2_sampled(
    cov: MatRef<'_, f64>,
    groups: &[Vec<usize>],
    always: &[usize],
    permutations: usize,
    seed: u64,
) -> Result<SampledShapley, ImportanceError> {
    let Layout {
        used,
        controls,
        players,
        corr,
        ..
    } = layout(cov, groups, always)?;
    if permutations < 2 {
        return Err(ImportanceError::TooFewPermutations { permutations });
    }
    let mut sweeper = Sweeper::new(used.len());
    let mut base = corr;
    for &k in &controls {
        if !sweeper.sweep_in(&mut base, k) {
            return Err(ImportanceError::SingularControls { column: used[k] });
        }
    }
    let mut walk = Walk {
        a: base.clone(),
        base,
        sweeper,
        players: &players,
        used: &used,
    };
    let r2_always = walk.r2_always();
    let m = players.len();
    let mut forward = vec![0.0; m];
    let mut backward = vec![0.0; m];
    let r2_full = walk.run(0..m, &mut forward)?;

    // Compensated sums of each player's increases, for means that add up to the total
    // to rounding; Welford's running mean and squared deviations of the pair means, for
    // the variances.
    let mut sums = vec![Neumaier::default(); m];
    let mut running = vec![0.0; m];
    let mut squares = vec![0.0; m];
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut order: Vec<usize> = (0..m).collect();
    for t in 1..=permutations {
        order.shuffle(&mut rng);
        walk.run(order.iter().copied(), &mut forward)?;
        walk.run(order.iter().rev().copied(), &mut backward)?;
        for g in 0..m {
            sums[g].add(forward[g]);
            sums[g].add(backward[g]);
            let pair = 0.5 * (forward[g] + backward[g]);
            let delta = pair - running[g];
            running[g] += delta / t as f64;
            squares[g] += delta * (pair - running[g]);
        }
    }
    let n = permutations as f64;
    Ok(SampledShapley {
        values: sums.iter().map(|s| s.value() / (2.0 * n)).collect(),
        monte_carlo_se: squares.iter().map(|s| (s / (n - 1.0) / n).sqrt()).collect(),
        total: r2_full - r2_always,
        r2_full,
        r2_always,
        permutations,
    })
}

/// Players entering one at a time, from the controls-only model swept in `base`.
struct Walk<'a> {
    base: Vec<f64>,
    a: Vec<f64>,
    sweeper: Sweeper,
    players: &'a [Vec<usize>],
    used: &'a [usize],
}

impl Walk<'_> {
    fn r2_always(&self) -> f64 {
        1.0 - self.base[0]
    }

    /// Adds the players in `order`, writing each one's R² increase to `increases[g]`;
    /// returns the final R².
    fn run(
        &mut self,
        order: impl Iterator<Item = usize>,
        increases: &mut [f64],
    ) -> Result<f64, ImportanceError> {
        self.a.copy_from_slice(&self.base);
        let mut before = self.r2_always();
        for g in order {
            for &k in &self.players[g] {
                if !self.sweeper.sweep_in(&mut self.a, k) {
                    return Err(ImportanceError::SingularPlayer {
                        player: g,
                        column: self.used[k],
                    });
                }
            }
            let after = 1.0 - self.a[0];
            increases[g] = after - before;
            before = after;
        }
        Ok(before)
    }
}
