//! Composite scores and reliability against an independent numpy computation
//! (tests/fixtures/reliability_fixture.py → reliability.json) and hand-derived cases.

use rapport_stats::reliability::{ReliabilityError, reliability, score};
use serde::Deserialize;

#[derive(Deserialize)]
struct Fixture {
    names: Vec<String>,
    data: Vec<Vec<Option<f64>>>,
    n_complete: usize,
    alpha: f64,
    alpha_standardized: f64,
    items: Vec<FixtureItem>,
}

#[derive(Deserialize)]
struct FixtureItem {
    item: String,
    mean: f64,
    sd: f64,
    corrected_item_total: f64,
    alpha_if_deleted: f64,
}

/// Item-major columns from respondent-major rows.
fn by_item(rows: &[Vec<Option<f64>>]) -> Vec<Vec<Option<f64>>> {
    (0..rows[0].len())
        .map(|j| rows.iter().map(|r| r[j]).collect())
        .collect()
}

/// Asserts agreement to at least 10 significant digits (relative error ≤ 1e-10).
fn close(what: &str, got: f64, want: f64) {
    let rel = ((got - want) / want).abs();
    assert!(
        rel <= 1e-10,
        "{what}: {got} vs numpy {want} (relative error {rel:e})"
    );
}

#[test]
fn matches_numpy_fixture_to_ten_digits() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/reliability.json");
    let fx: Fixture = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let r = reliability(&fx.names, &by_item(&fx.data)).unwrap();
    assert_eq!(r.n_complete, fx.n_complete);
    close("alpha", r.alpha, fx.alpha);
    close(
        "standardized alpha",
        r.alpha_standardized,
        fx.alpha_standardized,
    );
    assert_eq!(r.items.len(), fx.items.len());
    for (got, want) in r.items.iter().zip(&fx.items) {
        assert_eq!(got.item, want.item);
        close(&format!("{} mean", want.item), got.mean, want.mean);
        close(&format!("{} sd", want.item), got.sd, want.sd);
        close(
            &format!("{} item-total", want.item),
            got.corrected_item_total.expect("defined"),
            want.corrected_item_total,
        );
        close(
            &format!("{} alpha if deleted", want.item),
            got.alpha_if_deleted.expect("defined for 3+ items"),
            want.alpha_if_deleted,
        );
    }
}

#[test]
fn two_items_by_hand() {
    // x = 1,2,3,4 and y = 2,1,4,3 (the fifth respondent skipped y, so is left out):
    // var x = var y = 5/3, cov = 1, r = 0.6.
    // raw α = 2 (1 − (10/3) / (10/3 + 2)) = 0.75; standardized α = 2·0.6 / 1.6 = 0.75;
    // the corrected item–total correlation of either item is r = 0.6.
    let names = vec!["x".to_string(), "y".to_string()];
    let items = vec![
        vec![Some(1.0), Some(2.0), Some(3.0), Some(4.0), Some(5.0)],
        vec![Some(2.0), Some(1.0), Some(4.0), Some(3.0), None],
    ];
    let r = reliability(&names, &items).unwrap();
    assert_eq!(r.n_complete, 4);
    close("alpha", r.alpha, 0.75);
    close("standardized alpha", r.alpha_standardized, 0.75);
    for item in &r.items {
        close("mean", item.mean, 2.5);
        close("sd", item.sd, (5.0f64 / 3.0).sqrt());
        close(
            "item-total",
            item.corrected_item_total.expect("defined"),
            0.6,
        );
        assert!(
            item.alpha_if_deleted.is_none(),
            "one item left: alpha undefined"
        );
    }
}

#[test]
fn parallel_items_have_alpha_one() {
    // y = x + 1: perfectly parallel, so both alphas are exactly 1.
    let x: Vec<Option<f64>> = [1.0, 3.0, 2.0, 5.0, 4.0].map(Some).to_vec();
    let y = x.iter().map(|v| v.map(|v| v + 1.0)).collect();
    let r = reliability(&["x".into(), "y".into()], &[x, y]).unwrap();
    close("alpha", r.alpha, 1.0);
    close("standardized alpha", r.alpha_standardized, 1.0);
}

#[test]
fn unusable_scales_are_errors_not_panics() {
    let names = |k: usize| (0..k).map(|i| format!("q{i}")).collect::<Vec<_>>();
    let a = vec![Some(1.0), Some(2.0), Some(3.0)];
    assert_eq!(
        reliability(&names(1), std::slice::from_ref(&a)),
        Err(ReliabilityError::TooFewItems { items: 1 })
    );
    let sparse = vec![Some(1.0), None, None];
    assert_eq!(
        reliability(&names(2), &[a.clone(), sparse]),
        Err(ReliabilityError::TooFewRespondents { complete: 1 })
    );
    let constant = vec![Some(2.0); 3];
    assert_eq!(
        reliability(&names(2), &[a.clone(), constant]),
        Err(ReliabilityError::ZeroVariance { item: "q1".into() })
    );
    let negated = a.iter().map(|v| v.map(|v| -v)).collect();
    assert_eq!(
        reliability(&names(2), &[a.clone(), negated]),
        Err(ReliabilityError::ZeroTotalVariance)
    );
    assert!(matches!(
        reliability(&names(3), &[a.clone(), a]),
        Err(ReliabilityError::NamesMismatch { names: 3, items: 2 })
    ));
}

#[test]
fn scores_follow_the_minimum_valid_rule() {
    let items = vec![
        vec![Some(1.0), Some(4.0), None, None],
        vec![Some(3.0), None, None, Some(f64::NAN)],
        vec![Some(5.0), Some(2.0), Some(5.0), None],
    ];
    assert_eq!(score(&items, 2), vec![Some(3.0), Some(3.0), None, None]);
    assert_eq!(
        score(&items, 1),
        vec![Some(3.0), Some(3.0), Some(5.0), None]
    );
    // Nobody answered anything in row 4, so even min_valid = 0 gives no score.
    assert_eq!(score(&items, 0)[3], None);
}
