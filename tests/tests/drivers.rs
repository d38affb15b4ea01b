//! Key-driver analysis of the sample survey through `analysis::run` (the path of every
//! face), against `tests/fixtures/importance/sample_drivers.json` from base R and MASS
//! (`make_sample_drivers_fixture.R`: one `lm`/`glm`/`polr` per subset, written apart
//! from Rapport), plus the bootstrap's and the quadrant's properties.

mod common;

use common::reference::{close, fixture, repo};
use rapport_engine::analysis::run;
use rapport_engine::drivers::{BOOTSTRAPPING, Drivers, ImportanceMethod, QuadrantLabel};
use rapport_engine::spec::{AnalysisSpec, DriversSpec, Family, PerformanceMeasure};
use serde_json::Value;

/// The sample spec with the key-driver settings given.
fn sample(drivers: DriversSpec) -> AnalysisSpec {
    let mut spec =
        AnalysisSpec::load(&repo().join("samples/riverside-trust.json")).expect("sample spec");
    spec.drivers = Some(drivers);
    spec
}

fn no_bootstrap() -> DriversSpec {
    DriversSpec {
        bootstrap: 0,
        ..DriversSpec::default()
    }
}

fn drivers_of(spec: &AnalysisSpec) -> Drivers {
    let results = run(spec).expect("the sample runs");
    results
        .drivers
        .unwrap_or_else(|| panic!("no key drivers; warnings: {:?}", results.warnings))
}

fn item<'a>(d: &'a Drivers, variable: &str) -> &'a rapport_engine::drivers::ItemShare {
    d.items
        .iter()
        .find(|i| i.variable == variable)
        .unwrap_or_else(|| panic!("no item {variable}"))
}

/// Items, blocks, full and controls' R² against one section of the fixture.
fn check_linear(d: &Drivers, want: &Value, digits: f64) {
    close(
        "R² with every predictor",
        d.explained_full,
        want["full"].as_f64().unwrap(),
        digits,
    );
    close(
        "R² of the controls",
        d.explained_controls,
        want["controls"].as_f64().unwrap(),
        digits,
    );
    for (name, value) in want["items"].as_object().unwrap() {
        close(
            name,
            item(d, name).share.value,
            value.as_f64().unwrap(),
            digits,
        );
    }
    for (block, value) in d.blocks.iter().zip(want["blocks"].as_array().unwrap()) {
        close(
            &block.name,
            block.share.value,
            value.as_f64().unwrap(),
            digits,
        );
    }
}

#[test]
fn sample_shares_match_an_r_enumeration_of_every_subset() {
    let want = fixture("tests/fixtures/importance/sample_drivers.json");
    let results = run(&sample(no_bootstrap())).unwrap();
    assert_eq!(
        results.fit.n as u64,
        want["n"].as_u64().unwrap(),
        "estimation rows"
    );
    let d = results.drivers.unwrap();
    assert_eq!(d.item_method, ImportanceMethod::ShapleyExact);
    assert_eq!(d.controls, ["age_band", "sex", "tenure", "imd_quintile"]);
    check_linear(&d, &want["linear_unweighted"], 10.0);
    // The model's own R² is the decomposition's whole.
    close(
        "R² of the model",
        d.explained_full,
        results.fit.r_squared,
        12.0,
    );
    for (name, value) in want["performance_unweighted"]["top_box"]
        .as_object()
        .unwrap()
    {
        close(
            name,
            item(&d, name).performance.unwrap(),
            value.as_f64().unwrap(),
            12.0,
        );
    }
    assert_eq!(
        item(&d, "days_waited").performance,
        None,
        "no scale, no performance"
    );
}

#[test]
fn weighted_shares_and_mean_scores_match_r() {
    let want = fixture("tests/fixtures/importance/sample_drivers.json");
    let mut spec = sample(DriversSpec {
        performance: PerformanceMeasure::Mean,
        ..no_bootstrap()
    });
    spec.design.weight = Some("weight".into());
    let d = drivers_of(&spec);
    check_linear(&d, &want["linear_weighted"], 10.0);
    for (name, value) in want["performance_weighted"]["mean"].as_object().unwrap() {
        close(
            name,
            item(&d, name).performance.unwrap(),
            value.as_f64().unwrap(),
            12.0,
        );
    }
}

/// Blocks: McFadden's R² of `glm`/`polr` on every subset of blocks. Items: Tonidandel &
/// LeBreton's proportions, which Rapport scales to what the blocks add. `polr` is run
/// with `reltol = 1e-15`; its optimiser still limits agreement to about 7 digits.
#[test]
fn logistic_and_ordinal_shares_match_glm_and_polr() {
    let want = fixture("tests/fixtures/importance/sample_drivers.json");
    for (family, key, digits) in [
        (Family::Logit, "logistic", 9.0),
        (Family::Ordinal, "ordinal", 6.0),
    ] {
        let mut spec = sample(no_bootstrap());
        spec.family = family;
        let d = drivers_of(&spec);
        let w = &want[key];
        assert_eq!(d.item_method, ImportanceMethod::RelativeWeightsLogistic);
        close(
            &format!("{key} McFadden R², full"),
            d.explained_full,
            w["full"].as_f64().unwrap(),
            digits,
        );
        close(
            &format!("{key} McFadden R², controls"),
            d.explained_controls,
            w["controls"].as_f64().unwrap(),
            digits,
        );
        for (block, value) in d.blocks.iter().zip(w["blocks"].as_array().unwrap()) {
            close(
                &format!("{key} {}", block.name),
                block.share.value,
                value.as_f64().unwrap(),
                digits,
            );
        }
        for (name, value) in w["item_proportions"].as_object().unwrap() {
            close(
                &format!("{key} {name}"),
                item(&d, name).share.percent / 100.0,
                value.as_f64().unwrap(),
                digits,
            );
        }
    }
}

#[test]
fn shares_add_up_and_ranks_follow_the_shares() {
    let d = drivers_of(&sample(no_bootstrap()));
    let items: f64 = d.items.iter().map(|i| i.share.value).sum();
    let blocks: f64 = d.blocks.iter().map(|b| b.share.value).sum();
    assert!(
        (items - d.explained_by_players).abs() < 1e-12,
        "items add to {items}"
    );
    assert!(
        (blocks - d.explained_by_players).abs() < 1e-12,
        "blocks add to {blocks}"
    );
    let percents: f64 = d.blocks.iter().map(|b| b.share.percent).sum();
    assert!((percents - 100.0).abs() < 1e-10);
    for pair in d.items.windows(2) {
        assert!(pair[0].share.value >= pair[1].share.value);
        assert_eq!(pair[1].rank, pair[0].rank + 1);
    }
    // Within-block percentages add to 100 in each block.
    for b in &d.blocks {
        let within: f64 = d
            .items
            .iter()
            .filter(|i| i.block == b.name)
            .map(|i| i.within_block_percent)
            .sum();
        assert!((within - 100.0).abs() < 1e-10, "{}: {within}", b.name);
    }
    // Johnson's weights add to the same whole as the Shapley shares.
    let rw: f64 = d.items.iter().map(|i| i.relative_weight.unwrap()).sum();
    assert!(
        (rw - d.explained_by_players).abs() < 1e-10,
        "relative weights add to {rw}"
    );
}

#[test]
fn quadrant_lines_are_the_plotted_items_means_and_labels_follow_them() {
    let d = drivers_of(&sample(no_bootstrap()));
    let plotted: Vec<_> = d.items.iter().filter(|i| i.performance.is_some()).collect();
    assert_eq!(plotted.len(), 12, "every rated item is plotted");
    let mean = |f: &dyn Fn(&&rapport_engine::drivers::ItemShare) -> f64| {
        plotted.iter().map(f).sum::<f64>() / plotted.len() as f64
    };
    close(
        "importance line",
        d.quadrant.importance_line,
        mean(&|i| i.share.percent),
        13.0,
    );
    close(
        "performance line",
        d.quadrant.performance_line,
        mean(&|i| i.performance.unwrap()),
        13.0,
    );
    // Hand-read from the fixture: listened (16% of explained, 60% positive) is above both
    // lines (8.2%, 51.5%); kept informed (10.8%, 39%) is a priority; rules clear (1.9%, 49%)
    // is lower priority; resolved first time (3.6%, 62%) possible over-investment.
    assert_eq!(
        item(&d, "listened").quadrant,
        Some(QuadrantLabel::StrengthsToMaintain)
    );
    assert_eq!(
        item(&d, "kept_informed").quadrant,
        Some(QuadrantLabel::PrioritiesForImprovement)
    );
    assert_eq!(
        item(&d, "rules_clear").quadrant,
        Some(QuadrantLabel::LowerPriority)
    );
    assert_eq!(
        item(&d, "resolved_first_time").quadrant,
        Some(QuadrantLabel::PossibleOverInvestment)
    );
    assert!(
        d.quadrant
            .left_off
            .iter()
            .any(|l| l.starts_with("days waited"))
    );
}

#[test]
fn bootstrap_is_reproducible_and_its_intervals_hold_the_estimates() {
    let spec = sample(DriversSpec {
        bootstrap: 200,
        ..DriversSpec::default()
    });
    let a = drivers_of(&spec);
    let b = drivers_of(&spec);
    assert_eq!(a, b, "the same seed gives the same intervals");
    let info = a.bootstrap.as_ref().unwrap();
    assert_eq!((info.replicates, info.failed), (200, 0));
    for share in a
        .items
        .iter()
        .map(|i| &i.share)
        .chain(a.blocks.iter().map(|b| &b.share))
    {
        let [lo, hi] = share.percent_ci.unwrap();
        assert!(
            lo < share.percent && share.percent < hi,
            "{lo} < {} < {hi}",
            share.percent
        );
    }
    let other = drivers_of(&sample(DriversSpec {
        bootstrap: 200,
        seed: 7,
        ..DriversSpec::default()
    }));
    assert_eq!(
        other.items[0].share.value, a.items[0].share.value,
        "point shares do not depend on the seed"
    );
    assert_ne!(other.items[0].share.percent_ci, a.items[0].share.percent_ci);
    // Relationships' share is far from Service performance's in this sample.
    let [rel_lo, _] = a.blocks[0].share.percent_ci.unwrap();
    let [_, tra_hi] = a.blocks[1].share.percent_ci.unwrap();
    assert!(rel_lo > tra_hi);
}

/// The bootstrap says how far it has got: one report per hundredth of the replicates
/// (whichever thread finishes it), the last at 1.
#[test]
fn the_bootstrap_reports_its_progress() {
    let spec = sample(DriversSpec {
        bootstrap: 250,
        ..DriversSpec::default()
    });
    let reports = std::sync::Mutex::new(Vec::new());
    let record = |message: &str, fraction: f64| {
        reports
            .lock()
            .unwrap()
            .push((message.to_string(), fraction));
    };
    let results = rapport_engine::analysis::run_with(&spec, &record).unwrap();
    assert!(results.drivers.is_some());
    let mut reports = reports.into_inner().unwrap();
    reports.sort_by(|a, b| a.1.total_cmp(&b.1));
    let want: Vec<(String, f64)> = (1..=125)
        .map(|i| (BOOTSTRAPPING.to_string(), (2 * i) as f64 / 250.0))
        .collect();
    assert_eq!(reports, want);
}

/// With the sample's design (weights, wards as clusters), the bootstrap resamples wards
/// and the point estimates are the weighted ones.
#[test]
fn a_clustered_design_resamples_whole_clusters() {
    let mut spec = sample(DriversSpec {
        bootstrap: 200,
        ..DriversSpec::default()
    });
    spec.design.weight = Some("weight".into());
    spec.design.cluster = Some("ward".into());
    let d = drivers_of(&spec);
    let info = d.bootstrap.as_ref().unwrap();
    assert!(
        info.resampled.contains("ward clusters"),
        "{}",
        info.resampled
    );
    assert_eq!(info.failed, 0);
    // Point estimates are the weighted ones: the design changes only the intervals.
    let want = fixture("tests/fixtures/importance/sample_drivers.json");
    check_linear(&d, &want["linear_weighted"], 10.0);
}

/// 22 items are too many for the exact decomposition: the shares are sampled from random
/// entry orders, each with its Monte-Carlo error, and still add up exactly. The exact
/// share of the blocks (two players) is the reference the items' sums must approach.
#[test]
fn more_than_twenty_items_are_sampled_with_their_monte_carlo_error() {
    use rand::{Rng, SeedableRng};
    use rapport_engine::spec::{BlockRole, PredictorBlock};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
    let (n, p) = (400, 22);
    let mut text = (0..p)
        .map(|j| format!("x{j}"))
        .collect::<Vec<_>>()
        .join(",")
        + ",y\n";
    for _ in 0..n {
        let common: f64 = rng.random_range(-1.0..1.0);
        let x: Vec<f64> = (0..p)
            .map(|_| common + rng.random_range(-1.0..1.0))
            .collect();
        let y: f64 = x
            .iter()
            .enumerate()
            .map(|(j, v)| v * (j % 4) as f64 / 4.0)
            .sum::<f64>()
            + rng.random_range(-2.0..2.0);
        let row: Vec<String> = x.iter().chain([&y]).map(|v| format!("{v:.6}")).collect();
        text.push_str(&(row.join(",") + "\n"));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.csv");
    std::fs::write(&path, text).unwrap();
    let names: Vec<String> = (0..p).map(|j| format!("x{j}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut spec = AnalysisSpec::new(
        &path,
        "y",
        vec![
            PredictorBlock::new("Relationships", BlockRole::Relational, &refs[..11]),
            PredictorBlock::new("Service performance", BlockRole::Transactional, &refs[11..]),
        ],
    );
    spec.drivers = Some(DriversSpec {
        bootstrap: 0,
        permutations: 2000,
        ..DriversSpec::default()
    });
    let d = drivers_of(&spec);
    assert_eq!(d.item_method, ImportanceMethod::ShapleySampled);
    assert!(
        d.method_text
            .contains("2000 random entry orders of the 22 items, each also run in reverse"),
        "{}",
        d.method_text
    );
    let sum: f64 = d.items.iter().map(|i| i.share.value).sum();
    assert!(
        (sum - d.explained_by_players).abs() < 1e-12,
        "sampled shares add to {sum}"
    );
    for i in &d.items {
        let se = i
            .share
            .monte_carlo_se
            .expect("a sampled share has its error");
        assert!(
            se > 0.0 && se < 0.1 * d.explained_by_players,
            "{}: {se}",
            i.variable
        );
    }
    // x0, x4, x8 … have no own effect, x3, x7 … the largest: the sampled ranking sees it.
    assert!(item(&d, "x3").share.value > item(&d, "x0").share.value);
    assert_eq!(d.controls.len(), 0);
    assert_eq!(d.explained_controls, 0.0);
}

#[test]
fn an_analysis_without_items_is_reported_not_failed() {
    let mut spec = sample(no_bootstrap());
    spec.blocks
        .retain(|b| b.role == rapport_engine::spec::BlockRole::Control);
    let results = run(&spec).expect("the model itself still runs");
    assert!(results.drivers.is_none());
    let warning = results
        .warnings
        .iter()
        .find(|w| w.starts_with("The key-driver analysis could not be run"))
        .expect("a warning says why");
    assert!(
        warning.contains("relational or transactional block"),
        "{warning}"
    );
}

/// Holding nothing back: the respondent block becomes a third player and the three
/// blocks share the model's whole R².
#[test]
fn controls_can_be_players_too() {
    let d = drivers_of(&sample(DriversSpec {
        hold_controls: false,
        ..no_bootstrap()
    }));
    assert!(d.controls.is_empty());
    assert_eq!(d.blocks.len(), 3);
    let sum: f64 = d.blocks.iter().map(|b| b.share.value).sum();
    assert!((sum - d.explained_full).abs() < 1e-12);
    assert_eq!(d.items.len(), 17);
}

/// With a single block there is no split to report: the largest driver leads.
#[test]
fn one_block_leads_with_the_largest_driver() {
    let mut spec = sample(no_bootstrap());
    spec.blocks
        .retain(|b| b.role != rapport_engine::spec::BlockRole::Transactional);
    let d = drivers_of(&spec);
    assert_eq!(d.blocks.len(), 1);
    close(
        "the one block's share",
        d.blocks[0].share.percent,
        100.0,
        14.0,
    );
    assert!(
        d.headline.starts_with("The largest single driver is"),
        "{}",
        d.headline
    );
    assert_eq!(d.sentences[0], d.headline);
    assert_eq!(d.sentences.iter().filter(|s| **s == d.headline).count(), 1);
}

/// Six respondents: many resamples cannot be fitted (a constant column, fewer rows than
/// columns). Nothing panics; the replicates that fail are counted and said.
#[test]
fn a_tiny_survey_counts_the_replicates_it_cannot_fit() {
    use rapport_engine::spec::{BlockRole, PredictorBlock};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tiny.csv");
    std::fs::write(
        &path,
        "y,a,b,c\n1,1,0,2\n2,2,0,1\n3,2,1,3\n4,3,1,2\n5,5,1,4\n6,4,0,6\n",
    )
    .unwrap();
    let mut spec = AnalysisSpec::new(
        &path,
        "y",
        vec![
            PredictorBlock::new("Relationships", BlockRole::Relational, &["a", "b"]),
            PredictorBlock::new("Service performance", BlockRole::Transactional, &["c"]),
        ],
    );
    spec.drivers = Some(DriversSpec {
        bootstrap: 100,
        ..DriversSpec::default()
    });
    let results = run(&spec).expect("the model runs on six rows");
    let d = results.drivers.expect("the point estimate exists");
    let info = d.bootstrap.as_ref().unwrap();
    assert!(
        info.failed > 0 && info.failed < 100,
        "{} failed",
        info.failed
    );
    assert!(
        results
            .warnings
            .iter()
            .any(|w| w.contains(&format!("{} of the 100 bootstrap replicates", info.failed))),
        "{:?}",
        results.warnings
    );
    let sum: f64 = d.items.iter().map(|i| i.share.value).sum();
    assert!((sum - d.explained_by_players).abs() < 1e-12);
}
