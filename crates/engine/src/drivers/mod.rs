//! Key-driver analysis: which experiences matter most for the outcome, and how much of
//! the explained outcome is owed to relationships versus service performance.
//!
//! The spec's [`DriversSpec`] asks for it; [`analyse`] turns a fitted model's frame into
//! [`Drivers`]: each block's share (grouped Shapley), each item's share, bootstrap
//! intervals, and the importance × performance quadrant.
//!
//! * Linear models: the exact Shapley (LMG) decomposition of R² ([`crate::importance`]),
//!   with Johnson's (2000) relative weights beside it as the fast companion.
//! * Logistic and ordinal models: blocks by the exact Shapley decomposition of McFadden's
//!   R² (one fit per subset of blocks); items by relative weights for logistic regression
//!   (Tonidandel & LeBreton 2010), which need one fit.

use crate::spec::BlockRole;
use serde::{Deserialize, Serialize};

/// What a key-driver analysis should do. Every field has a default, so `{}` asks for the
/// standard analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields, default)]
pub struct DriversSpec {
    /// Bootstrap replicates for the intervals; 0 leaves the intervals out.
    pub bootstrap: usize,
    /// Seed of the bootstrap and of permutation sampling: the same seed gives the same
    /// intervals on any machine and any number of threads.
    pub seed: u64,
    /// The performance axis of the quadrant.
    pub performance: PerformanceMeasure,
    /// Hold the "About the respondent" blocks in every sub-model (the players then share
    /// what the experiences add to them); `false` makes those blocks players too.
    pub hold_controls: bool,
    /// Random entry orders, each also run in reverse, when there are too many items for the exact decomposition.
    pub permutations: usize,
}

impl Default for DriversSpec {
    fn default() -> Self {
        DriversSpec {
            bootstrap: 1000,
            seed: 20_261_126,
            performance: PerformanceMeasure::TopBox,
            hold_controls: true,
            permutations: 5000,
        }
    }
}

/// How an item's performance is measured on the quadrant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PerformanceMeasure {
    /// Weighted percentage answering one of the top two levels of the item's scale.
    #[default]
    TopBox,
    /// Weighted mean score as a percentage of the scale's range (0 = every answer the
    /// lowest level, 100 = every answer the highest), so scales of different lengths share
    /// one axis.
    Mean,
}

/// How the importances were computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ImportanceMethod {
    /// Exact Shapley values of R² over every subset (LMG).
    ShapleyExact,
    /// Shapley values of R² estimated from random entry orders (Monte-Carlo error given).
    ShapleySampled,
    /// Relative weights for logistic regression (Tonidandel & LeBreton 2010), scaled to
    /// the McFadden R² the items add.
    RelativeWeightsLogistic,
}

/// The key-driver analysis of one outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Drivers {
    /// The explained measure being shared out, e.g. "R²" or "McFadden's R²".
    pub measure: String,
    /// How item importances were computed.
    pub item_method: ImportanceMethod,
    /// How block shares were computed.
    pub block_method: ImportanceMethod,
    /// The methods in words, with their references.
    pub method_text: String,
    /// The measure with every predictor.
    pub explained_full: f64,
    /// The measure with the controls alone (0 when nothing is held).
    pub explained_controls: f64,
    /// What the players share: `explained_full − explained_controls`.
    pub explained_by_players: f64,
    /// Variables held in every sub-model.
    pub controls: Vec<String>,
    /// One entry per block that is a player, in the spec's order.
    pub blocks: Vec<BlockShare>,
    /// One entry per item (predictor variable that is a player), largest share first.
    pub items: Vec<ItemShare>,
    /// How the intervals were made; `None` when the spec asks for no bootstrap.
    pub bootstrap: Option<BootstrapInfo>,
    pub quadrant: Quadrant,
    /// Neighbours in the ranking whose order the bootstrap cannot settle.
    pub unsettled_rankings: Vec<RankPair>,
    /// The headline: the relational share of the explained outcome, with its interval.
    pub headline: String,
    /// Plain-language lines, headline first.
    pub sentences: Vec<String>,
}

/// A share of the explained outcome with its bootstrap interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Share {
    /// In the measure's own units (e.g. R² points); the players' values add up to
    /// `explained_by_players`.
    pub value: f64,
    /// Percentage of `explained_by_players` (0–100); the players' percentages add to 100.
    pub percent: f64,
    /// 95% percentile bootstrap interval of `percent`.
    pub percent_ci: Option<[f64; 2]>,
    /// 95% percentile bootstrap interval of `value`.
    pub value_ci: Option<[f64; 2]>,
    /// Monte-Carlo standard error of `value` when it was estimated from random orders.
    pub monte_carlo_se: Option<f64>,
}

/// One block's share (grouped Shapley: the block is one player).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BlockShare {
    pub name: String,
    pub role: BlockRole,
    pub share: Share,
    /// The block's items.
    pub items: Vec<String>,
}

/// One item's importance and performance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemShare {
    pub variable: String,
    /// The item in words for sentences and charts ("time for me").
    pub label: String,
    pub block: String,
    pub role: BlockRole,
    /// 1 = the largest share.
    pub rank: usize,
    pub share: Share,
    /// The item's percentage of its own block's item shares (0–100).
    pub within_block_percent: f64,
    /// Johnson's relative weight in R² points (linear models), the fast companion.
    pub relative_weight: Option<f64>,
    /// Weighted % in the top two levels, or weighted mean score; `None` for an item with
    /// no rating scale (it stays off the quadrant).
    pub performance: Option<f64>,
    pub quadrant: Option<QuadrantLabel>,
}

/// How the bootstrap was run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BootstrapInfo {
    pub replicates: usize,
    /// Replicates in which a model could not be fitted (left out of the intervals).
    pub failed: usize,
    pub seed: u64,
    /// What was resampled, in words ("respondents", "wards within strata").
    pub resampled: String,
    /// Confidence level of the percentile intervals.
    pub level: f64,
}

/// Two items next to each other in the ranking whose order is not settled: the bootstrap
/// interval of the difference of their shares contains zero. Items are named by variable
/// (`ItemShare::variable`); their words are in `ItemShare::label`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RankPair {
    pub higher: String,
    pub lower: String,
    /// Share of replicates in which `higher` kept the larger share.
    pub kept_order: f64,
}

/// Where an item falls on the importance × performance chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum QuadrantLabel {
    /// Above-average importance, below-average performance.
    PrioritiesForImprovement,
    /// Above-average importance and performance.
    StrengthsToMaintain,
    /// Below-average importance and performance.
    LowerPriority,
    /// Below-average importance, above-average performance.
    PossibleOverInvestment,
}

impl QuadrantLabel {
    pub fn label(self) -> &'static str {
        match self {
            QuadrantLabel::PrioritiesForImprovement => "Priorities for improvement",
            QuadrantLabel::StrengthsToMaintain => "Strengths to maintain",
            QuadrantLabel::LowerPriority => "Lower priority",
            QuadrantLabel::PossibleOverInvestment => "Possible over-investment",
        }
    }
}

/// The importance × performance chart: items with a performance value, split at the
/// means of the plotted items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Quadrant {
    pub performance: PerformanceMeasure,
    /// Axis title, e.g. "% positive (top two answers)".
    pub performance_label: String,
    /// Vertical line: the mean importance (% of explained) of the plotted items.
    pub importance_line: f64,
    /// Horizontal line: the mean performance of the plotted items.
    pub performance_line: f64,
    /// Items left off the chart, with why.
    pub left_off: Vec<String>,
}

mod bootstrap;
mod decompose;
mod players;
mod quadrant;
mod words;

use crate::codebook::Codebook;
use crate::frame::Frame;
use crate::model::Model;
use crate::sampling::Sample;
use crate::spec::AnalysisSpec;
use bootstrap::{Resampling, percentile_interval};
use decompose::{Decomposition, Game};
use players::Players;
use rayon::prelude::*;

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
    let point = game.play(&base, 0)?;
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
    let replicates: Vec<Decomposition> = (1..=drivers.bootstrap as u64)
        .into_par_iter()
        .filter_map(|r| {
            let m = resampling.multipliers(drivers.seed, r);
            let w: Vec<f64> = base.iter().zip(&m).map(|(b, m)| b * m).collect();
            game.play(&w, r).ok().filter(|d| d.total() > 0.0)
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
