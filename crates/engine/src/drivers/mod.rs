//! Key-driver analysis: which experiences matter most for the outcome, and how much of
//! the explained outcome is owed to relationships versus service performance.
//!
//! The spec's [`DriversSpec`] asks for it; [`analyse`] turns a fitted model's frame into
//! [`Drivers`]: each block's share (grouped Shapley), each item's share, bootstrap
//! intervals, and the importance × performance quadrant.
//!
//! * Linear models: the exact Shapley (LMG) decomposition of R² ([`rapport_stats::importance`]),
//!   with Johnson's (2000) relative weights beside it as the fast companion.
//! * Logistic and ordinal models: blocks by the exact Shapley decomposition of McFadden's
//!   R² (one fit per subset of blocks); items by relative weights for logistic regression
//!   (Tonidandel & LeBreton 2010), which need one fit.

mod bootstrap;
mod decompose;
mod output;
mod players;
mod quadrant;
mod words;

pub use output::{
    BlockShare, BootstrapInfo, Drivers, ImportanceMethod, ItemShare, Quadrant, QuadrantLabel,
    RankPair, Share,
};

use crate::codebook::Codebook;
use crate::frame::Frame;
use crate::model::Model;
use crate::progress::Progress;
use crate::sampling::Sample;
use crate::spec::{AnalysisSpec, DriversSpec};
use bootstrap::{Resampling, percentile_interval};
use decompose::{Decomposition, Game};
use players::Players;
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What the bootstrap's progress reports say.
pub const BOOTSTRAPPING: &str = "Bootstrapping the key drivers' intervals";

/// Counts finished replicates across threads and reports every hundredth of them.
struct Tally<'a> {
    done: AtomicUsize,
    total: usize,
    every: usize,
    progress: Progress<'a>,
}

impl<'a> Tally<'a> {
    fn new(total: usize, progress: Progress<'a>) -> Self {
        Tally {
            done: AtomicUsize::new(0),
            total,
            every: (total / 100).max(1),
            progress,
        }
    }

    fn one_done(&self) {
        let k = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if k.is_multiple_of(self.every) || k == self.total {
            // One message throughout, so a screen reader's live region is not read out a
            // hundred times; the share carries the count.
            (self.progress)(BOOTSTRAPPING, k as f64 / self.total as f64);
        }
    }
}

/// Confidence level of the bootstrap intervals.
const LEVEL: f64 = 0.95;

/// What [`analyse`] needs: the fitted model and what it was fitted on.
pub struct Input<'a> {
    pub spec: &'a AnalysisSpec,
    pub drivers: &'a DriversSpec,
    pub frame: &'a Frame,
    pub model: &'a Model,
    pub sample: Option<&'a Sample>,
    pub codebook: &'a Codebook,
    /// Told how the bootstrap goes (about a hundred reports).
    pub progress: Progress<'a>,
}

/// The key-driver analysis of the model's estimation sample. An `Err` says in words why
/// it could not be done (the rest of the analysis stands; the caller reports it).
pub fn analyse(input: &Input<'_>) -> Result<Drivers, String> {
    let Input {
        spec,
        drivers,
        frame,
        model,
        sample,
        codebook,
        progress,
    } = *input;
    let players = Players::new(spec, frame, &model.aliased, drivers.hold_controls);
    if players.items.is_empty() {
        return Err(
            "every predictor is held fixed as a control, so no item is left to rank; put the experiences in a relational or transactional block".into(),
        );
    }
    let rows = &model.rows;
    let base: Vec<f64> = match &frame.weights {
        Some(w) => rows.iter().map(|&i| w[i]).collect(),
        None => vec![1.0; rows.len()],
    };
    let game = Game::new(
        &players,
        frame.x.as_ref(),
        &frame.y,
        rows,
        &model.response,
        drivers.permutations,
        drivers.seed,
    );
    let (point, starts) = game.point(&base)?;
    if point.total().is_nan() || point.total() <= 0.0 {
        return Err(format!(
            "the items add nothing to what the controls explain ({} {:.3} either way), so there is nothing to share out",
            measure(model),
            point.full
        ));
    }
    let resampling = match sample {
        Some(s) => {
            let data_rows: Vec<usize> = rows.iter().map(|&i| frame.rows[i]).collect();
            let design_rows = s.design_rows(&data_rows);
            let psu: Vec<usize> = design_rows.iter().map(|&r| s.design.psu()[r]).collect();
            let stratum: Vec<usize> = design_rows.iter().map(|&r| s.design.stratum()[r]).collect();
            Resampling::design(
                &psu,
                &stratum,
                spec.design.cluster.as_deref(),
                spec.design.strata.as_deref(),
            )
        }
        None => Resampling::respondents(rows.len()),
    };
    let tally = Tally::new(drivers.bootstrap, progress);
    let replicates: Vec<Decomposition> = (1..=drivers.bootstrap as u64)
        .into_par_iter()
        .filter_map(|r| {
            let m = resampling.multipliers(drivers.seed, r);
            let w: Vec<f64> = base.iter().zip(&m).map(|(b, m)| b * m).collect();
            let replicate = game.replicate(&w, r, &starts);
            tally.one_done();
            replicate.ok().filter(|d| d.total() > 0.0)
        })
        .collect();
    let bootstrap = (drivers.bootstrap > 0).then(|| BootstrapInfo {
        replicates: drivers.bootstrap,
        failed: drivers.bootstrap - replicates.len(),
        seed: drivers.seed,
        resampled: resampling.words.clone(),
        level: LEVEL,
    });
    let relative = game.relative_weights(&base);
    let share = |value: f64, mc_se: Option<f64>, of: &dyn Fn(&Decomposition) -> f64| {
        let mut values: Vec<f64> = replicates.iter().map(of).collect();
        let mut percents: Vec<f64> = replicates
            .iter()
            .map(|d| 100.0 * of(d) / d.total())
            .collect();
        Share {
            value,
            percent: 100.0 * value / point.total(),
            percent_ci: percentile_interval(&mut percents, LEVEL),
            value_ci: percentile_interval(&mut values, LEVEL),
            monte_carlo_se: mc_se,
        }
    };
    let blocks: Vec<BlockShare> = players
        .blocks
        .iter()
        .enumerate()
        .map(|(b, block)| BlockShare {
            name: block.name.clone(),
            role: block.role,
            share: share(point.blocks[b], None, &|d| d.blocks[b]),
            items: block
                .items
                .iter()
                .map(|&i| players.items[i].variable.clone())
                .collect(),
        })
        .collect();
    let (performance, left_off) = quadrant::performance(
        &players.items,
        frame.x.as_ref(),
        rows,
        &base,
        codebook,
        drivers.performance,
    );
    let mut items: Vec<ItemShare> = players
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let block = &players.blocks[item.block];
            let block_sum: f64 = block.items.iter().map(|&k| point.items[k]).sum();
            ItemShare {
                variable: item.variable.clone(),
                label: words::label(&item.variable),
                block: block.name.clone(),
                role: block.role,
                rank: 0,
                share: share(
                    point.items[i],
                    point.item_mc_se.as_ref().map(|se| se[i]),
                    &|d| d.items[i],
                ),
                within_block_percent: 100.0 * point.items[i] / block_sum,
                relative_weight: relative.as_ref().map(|r| r[i]),
                performance: performance[i],
                quadrant: None,
            }
        })
        .collect();
    let importance_line = quadrant::mean_present(
        items
            .iter()
            .map(|it| it.performance.map(|_| it.share.percent)),
    );
    let performance_line = quadrant::mean_present(items.iter().map(|it| it.performance));
    for it in &mut items {
        it.quadrant = it
            .performance
            .map(|p| quadrant::classify(it.share.percent, p, importance_line, performance_line));
    }
    // Largest first; the bootstrap's paired differences say which neighbours are tied.
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| items[b].share.value.total_cmp(&items[a].share.value));
    let unsettled_rankings = order
        .windows(2)
        .filter_map(|pair| {
            let (hi, lo) = (pair[0], pair[1]);
            let mut diffs: Vec<f64> = replicates
                .iter()
                .map(|d| d.items[hi] - d.items[lo])
                .collect();
            let kept =
                diffs.iter().filter(|&&d| d > 0.0).count() as f64 / diffs.len().max(1) as f64;
            let [low, _] = percentile_interval(&mut diffs, LEVEL)?;
            (low <= 0.0).then(|| RankPair {
                higher: items[hi].variable.clone(),
                lower: items[lo].variable.clone(),
                kept_order: kept,
            })
        })
        .collect();
    let mut ranked: Vec<ItemShare> = order.iter().map(|&i| items[i].clone()).collect();
    ranked
        .iter_mut()
        .enumerate()
        .for_each(|(r, it)| it.rank = r + 1);
    let mut drivers_out = Drivers {
        measure: measure(model).into(),
        item_method: game.item_method(),
        block_method: game.block_method(),
        method_text: String::new(),
        explained_full: point.full,
        explained_controls: point.controls,
        explained_by_players: point.total(),
        controls: players.control_names.clone(),
        blocks,
        items: ranked,
        bootstrap,
        quadrant: Quadrant {
            performance: drivers.performance,
            performance_label: drivers.performance.axis_title().into(),
            importance_line,
            performance_line,
            left_off,
        },
        unsettled_rankings,
        headline: String::new(),
        sentences: Vec::new(),
    };
    words::describe(&mut drivers_out, &spec.outcome, drivers.permutations);
    Ok(drivers_out)
}

/// The explained measure of the model's family.
fn measure(model: &Model) -> &'static str {
    match model.response {
        crate::model::Response::Linear => "R²",
        _ => "McFadden's R²",
    }
}

/// Warnings for the Results: neighbours in the ranking the bootstrap cannot order, and
/// sampled shares whose Monte-Carlo error is not small next to them.
pub fn warnings(d: &Drivers) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(b) = d.bootstrap.as_ref().filter(|b| b.failed > 0) {
        out.push(format!(
            "Key drivers: {} of the {} bootstrap replicates could not be fitted (a resample without enough answers in some category) and were left out of the intervals; with more than a few, merge sparse categories.",
            b.failed, b.replicates
        ));
    }
    if !d.unsettled_rankings.is_empty() {
        let pairs: Vec<String> = d
            .unsettled_rankings
            .iter()
            .map(|p| {
                format!(
                    "{} and {} ({} larger in {:.0}% of replicates)",
                    p.higher,
                    p.lower,
                    p.higher,
                    100.0 * p.kept_order
                )
            })
            .collect();
        out.push(format!(
            "Key drivers: the ranking of {} is not reliable, as their bootstrap intervals overlap too much to order them: {}. Report these items as equally important.",
            if pairs.len() == 1 { "one pair of neighbours" } else { "some neighbours" },
            pairs.join("; ")
        ));
    }
    out
}
