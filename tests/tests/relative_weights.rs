//! Relative weights (`rapport_stats::importance`): Johnson's weights of a linear
//! regression and Tonidandel & LeBreton's proportions for logistic and ordinal models,
//! against base-R implementations (`tests/fixtures/importance/make_relweights_fixture.R`,
//! `make_logistic_rw_fixture.R`) and hand-derived cases.

mod common;

use common::reference::{close, fixture, numbers, repo};
use rapport_stats::importance::{
    ImportanceError, LatentPredictors, covariance, logistic_relative_weights,
    ordinal_relative_weights, relative_weights, shapley_r2,
};
use rapport_stats::linalg::faer::Mat;
use rapport_stats::ols;
use serde_json::Value as Json;

/// A CSV of numbers with a header: the column names and the rows.
fn read_csv(path: &str) -> (Vec<String>, Vec<Vec<f64>>) {
    let mut reader = csv::Reader::from_path(repo().join(path)).unwrap();
    let names = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(|v| v.parse().unwrap()).collect())
        .collect();
    (names, rows)
}

fn column(names: &[String], rows: &[Vec<f64>], name: &str) -> Vec<f64> {
    let j = names.iter().position(|n| n == name).unwrap();
    rows.iter().map(|r| r[j]).collect()
}

fn indices(v: &Json) -> Vec<usize> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_u64().unwrap() as usize)
        .collect()
}

fn groups_of(v: &Json) -> Vec<Vec<usize>> {
    v.as_array().unwrap().iter().map(indices).collect()
}

/// `[y, x1..x6, c1, c2, d1..d3]` of the Johnson fixture and its weights `w`.
fn johnson_data() -> (Vec<f64>, Mat<f64>, Vec<f64>) {
    let (names, rows) = read_csv("tests/fixtures/importance/relweights-data.csv");
    assert_eq!(names.len(), 13);
    assert_eq!(rows.len(), 300);
    let y = column(&names, &rows, "y");
    let x = Mat::from_fn(rows.len(), 11, |i, j| rows[i][j + 1]);
    (y, x, column(&names, &rows, "w"))
}

#[test]
fn johnson_weights_agree_with_r() {
    let (y, x, w) = johnson_data();
    let expected = fixture("tests/fixtures/importance/relweights-expected.json");
    let cases = expected["cases"].as_object().unwrap();
    assert_eq!(cases.len(), 3);
    for (name, case) in cases {
        let weights = case["weighted"].as_bool().unwrap().then_some(w.as_slice());
        let cov = covariance(&y, x.as_ref(), weights);
        let groups = groups_of(&case["groups"]);
        let r = relative_weights(cov.as_ref(), &groups, &indices(&case["always"])).unwrap();
        let want = numbers(&case["values"]);
        assert_eq!(r.values.len(), want.len());
        // Both sides are exact to rounding (R residualises with lm, the engine sweeps the
        // covariance): measured 14.1 digits at worst.
        for (j, (&got, &want)) in r.values.iter().zip(&want).enumerate() {
            close(&format!("{name} player {j}"), got, want, 12.0);
        }
        let r2_always = case["r2_always"].as_f64().unwrap();
        if r2_always == 0.0 {
            assert_eq!(r.r2_always, 0.0);
        } else {
            close(
                &format!("{name} R²(controls)"),
                r.r2_always,
                r2_always,
                12.0,
            );
        }
        close(
            &format!("{name} R²"),
            r.r2_full,
            case["r2_full"].as_f64().unwrap(),
            12.0,
        );
    }
}

#[test]
fn johnson_weights_add_up_to_the_r2_of_the_players() {
    let (y, x, w) = johnson_data();
    let players: Vec<Vec<usize>> = (1..=6).map(|c| vec![c]).chain([vec![9, 10, 11]]).collect();
    for weights in [None, Some(w.as_slice())] {
        let cov = covariance(&y, x.as_ref(), weights);
        for always in [vec![], vec![7, 8]] {
            let r = relative_weights(cov.as_ref(), &players, &always).unwrap();
            // R² from the eliminations of the exact decomposition.
            let s = shapley_r2(cov.as_ref(), &players, &always).unwrap();
            assert!((r.r2_full - s.r2_full).abs() < 1e-12, "{r:?} {s:?}");
            assert!((r.r2_always - s.r2_always).abs() < 1e-12, "{r:?} {s:?}");
            let sum: f64 = r.values.iter().sum();
            assert!((sum - (s.r2_full - s.r2_always)).abs() < 1e-12, "{r:?}");
            assert!((r.total - (r.r2_full - r.r2_always)).abs() < 1e-15, "{r:?}");
            // The approximation stays close to the exact shares (Johnson 2000); largest
            // difference measured on these data: 0.0058.
            for (a, b) in r.values.iter().zip(&s.values) {
                assert!((a - b).abs() < 0.01, "{r:?} {s:?}");
            }
        }
    }
}

#[test]
fn uncorrelated_predictors_get_their_squared_correlations() {
    // Rxx = I: Λ* = I, β = r_xy and ε_j = r_j² (here in other units than correlations).
    let (r1, r2) = (0.6, -0.3);
    let sd = [2.0, 0.5, 3.0];
    let r = [[1.0, r1, r2], [r1, 1.0, 0.0], [r2, 0.0, 1.0]];
    let cov = Mat::from_fn(3, 3, |i, j| sd[i] * r[i][j] * sd[j]);
    let w = relative_weights(cov.as_ref(), &[vec![1], vec![2]], &[]).unwrap();
    assert!((w.values[0] - r1 * r1).abs() < 1e-15, "{w:?}");
    assert!((w.values[1] - r2 * r2).abs() < 1e-15, "{w:?}");
    assert!((w.r2_full - (r1 * r1 + r2 * r2)).abs() < 1e-15, "{w:?}");
}

#[test]
fn an_orthogonal_predictor_gets_nothing() {
    // x3 is uncorrelated with y and with x1, x2: Rxx is block diagonal, so β₃ = r₃y = 0
    // and x3 loads on no component that explains y.
    let r = [
        [1.0, 0.5, 0.4, 0.0],
        [0.5, 1.0, 0.3, 0.0],
        [0.4, 0.3, 1.0, 0.0],
        [0.0, 0.0, 0.0, 1.0],
    ];
    let cov = Mat::from_fn(4, 4, |i, j| r[i][j]);
    let groups = [vec![1], vec![2], vec![3]];
    let with = relative_weights(cov.as_ref(), &groups, &[]).unwrap();
    assert!(with.values[2].abs() < 1e-15, "{with:?}");
    let without = relative_weights(cov.as_ref(), &groups[..2], &[]).unwrap();
    for j in 0..2 {
        assert!((with.values[j] - without.values[j]).abs() < 1e-15);
    }
}

#[test]
fn permuting_players_permutes_weights() {
    let (y, x, _) = johnson_data();
    let cov = covariance(&y, x.as_ref(), None);
    let groups: Vec<Vec<usize>> = (1..=6).map(|c| vec![c]).chain([vec![9, 10, 11]]).collect();
    let r = relative_weights(cov.as_ref(), &groups, &[7, 8]).unwrap();
    let order = [6, 2, 0, 5, 3, 1, 4];
    let permuted: Vec<Vec<usize>> = order
        .iter()
        .map(|&g| groups[g].iter().rev().copied().collect())
        .collect();
    let t = relative_weights(cov.as_ref(), &permuted, &[8, 7]).unwrap();
    for (k, &g) in order.iter().enumerate() {
        assert!((t.values[k] - r.values[g]).abs() < 1e-14, "{k} {g}");
    }
}

/// `x1..x5`, `yb`, `yo` (as 0..3) and `w` of the logistic/ordinal fixture.
fn latent_data() -> (Mat<f64>, Vec<f64>, Vec<usize>, Vec<f64>) {
    let (names, rows) = read_csv("tests/fixtures/importance/latent-rw-data.csv");
    assert_eq!(rows.len(), 500);
    let x = Mat::from_fn(rows.len(), 5, |i, j| rows[i][j]);
    let yo = column(&names, &rows, "yo")
        .iter()
        .map(|&v| v as usize - 1)
        .collect();
    (
        x,
        column(&names, &rows, "yb"),
        yo,
        column(&names, &rows, "w"),
    )
}

#[test]
fn logistic_and_ordinal_proportions_agree_with_r() {
    let (x, yb, yo, w) = latent_data();
    let ones = vec![1.0; yb.len()];
    let expected = fixture("tests/fixtures/importance/latent-rw-expected.json");
    let cases = expected["cases"].as_object().unwrap();
    assert_eq!(cases.len(), 6);
    for (name, case) in cases {
        let weights = if case["weighted"].as_bool().unwrap() {
            &w
        } else {
            &ones
        };
        let groups = groups_of(&case["groups"]);
        let (got, bar) = match case["family"].as_str().unwrap() {
            // glm at epsilon 1e-15 and logit::fit both reach the maximum to rounding; what
            // is left is rounding in the eigendecompositions and fits: measured 14.1
            // digits at worst.
            "logistic" => (
                logistic_relative_weights(x.as_ref(), &yb, weights, &groups).unwrap(),
                12.0,
            ),
            // polr's optimum is only certified to scores below 1e-9 (BFGS, then Newton
            // steps on a finite-difference Hessian), about 1e-11 on the slopes; measured
            // 14.2 digits at worst.
            _ => (
                ordinal_relative_weights(x.as_ref(), &yo, 4, weights, &groups).unwrap(),
                10.0,
            ),
        };
        let want = numbers(&case["proportions"]);
        assert_eq!(got.len(), want.len());
        for (j, (&g, &v)) in got.iter().zip(&want).enumerate() {
            close(&format!("{name} group {j}"), g, v, bar);
        }
        assert!((got.iter().sum::<f64>() - 1.0).abs() < 1e-12, "{got:?}");
    }
}

#[test]
fn a_linear_fit_gives_johnsons_weights() {
    // With least squares as the model, the proportions are Johnson's weights over R².
    let (y, x, w) = johnson_data();
    let x6 = x.as_ref().subcols(0, 6).to_owned();
    let groups: Vec<Vec<usize>> = vec![vec![0, 1], vec![2], vec![3], vec![4, 5]];
    let by_cov: Vec<Vec<usize>> = groups
        .iter()
        .map(|g| g.iter().map(|c| c + 1).collect())
        .collect();
    let r = relative_weights(covariance(&y, x6.as_ref(), Some(&w)).as_ref(), &by_cov, &[]).unwrap();
    // Least squares on the predictors themselves: the slopes that the fit on `Z` would
    // give follow from them.
    let design = Mat::from_fn(
        x6.nrows(),
        7,
        |i, j| if j == 0 { 1.0 } else { x6[(i, j - 1)] },
    );
    let slopes: Vec<f64> = ols::fit_weighted(design.as_ref(), &y, Some(&w), true)
        .unwrap()
        .coefficients[1..]
        .iter()
        .map(|b| b.unwrap())
        .collect();
    let got = LatentPredictors::new(x6.as_ref(), &w, &groups)
        .unwrap()
        .proportions(&slopes)
        .unwrap();
    for (g, &p) in got.iter().enumerate() {
        close(&format!("group {g}"), p, r.values[g] / r.r2_full, 12.0);
    }
}

#[test]
fn latent_weights_report_bad_input() {
    let (x, yb, _, _) = latent_data();
    let ones = vec![1.0; yb.len()];
    let items: Vec<Vec<usize>> = (0..5).map(|j| vec![j]).collect();
    // x6 = 2 x1: the correlation matrix is singular.
    let doubled = Mat::from_fn(x.nrows(), 6, |i, j| {
        if j < 5 { x[(i, j)] } else { 2.0 * x[(i, 0)] }
    });
    let six: Vec<Vec<usize>> = (0..6).map(|j| vec![j]).collect();
    let err = logistic_relative_weights(doubled.as_ref(), &yb, &ones, &six).unwrap_err();
    assert!(
        matches!(err, ImportanceError::CollinearPredictors { column: 0 | 5 }),
        "{err}"
    );
    assert!(err.to_string().contains("linear combination"), "{err}");
    let run = |groups: &[Vec<usize>]| {
        logistic_relative_weights(x.as_ref(), &yb, &ones, groups).unwrap_err()
    };
    assert_eq!(
        run(&items[..4]),
        ImportanceError::UnassignedPredictor { column: 4 }
    );
    assert_eq!(
        run(&[vec![0, 1, 2, 3, 5], vec![4]]),
        ImportanceError::PredictorOutOfRange {
            column: 5,
            columns: 5
        }
    );
    assert_eq!(
        run(&[vec![0, 1, 2], vec![2, 3, 4]]),
        ImportanceError::DuplicateColumn { column: 2 }
    );
    let constant = Mat::from_fn(x.nrows(), 2, |i, j| if j == 0 { x[(i, 0)] } else { 3.7 });
    assert_eq!(
        logistic_relative_weights(constant.as_ref(), &yb, &ones, &[vec![0], vec![1]]).unwrap_err(),
        ImportanceError::ConstantPredictor { column: 1 }
    );
    // The fit's own errors come through with its message.
    let mut bad = yb.clone();
    bad[3] = 2.0;
    let err = logistic_relative_weights(x.as_ref(), &bad, &ones, &items).unwrap_err();
    assert!(matches!(err, ImportanceError::ModelFit { .. }), "{err}");
    assert!(err.to_string().contains("coded 0 or 1"), "{err}");
}
