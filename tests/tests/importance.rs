//! Exact Shapley / LMG decomposition of R² (`rapport_stats::importance`) against
//! independent computations: a brute-force enumeration in this file that fits every
//! sub-model on the data rows with `ols::fit`, and a numpy enumeration
//! (`tests/fixtures/importance/make_lmg_fixture.py`); the sampled decomposition
//! (`shapley_r2_sampled`) against the exact one.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rapport_stats::importance::{
    ImportanceError, SampledShapley, Shapley, covariance, shapley_r2, shapley_r2_sampled,
};
use rapport_stats::linalg::faer::Mat;
use rapport_stats::ols::{fit, fit_weighted};
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

/// Relative agreement to `digits` significant digits (absolute near zero).
fn assert_digits(what: &str, got: f64, want: f64, digits: i32) {
    let err = (got - want).abs() / want.abs().max(1e-3);
    assert!(
        err <= 10f64.powi(-digits),
        "{what}: {got} vs {want} (relative error {err:e})"
    );
}

/// Standard normal by Box–Muller, so the data depend only on the ChaCha stream.
fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u: f64 = 1.0 - rng.random::<f64>();
    let v: f64 = rng.random();
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

/// `n` rows of `p` predictors correlated through two latent factors, and
/// `y = x β + e` with a mix of strong, weak and null effects.
fn synthetic(n: usize, p: usize, seed: u64) -> (Vec<f64>, Mat<f64>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut x = Mat::zeros(n, p);
    let mut y = vec![0.0; n];
    for i in 0..n {
        let (f1, f2) = (normal(&mut rng), normal(&mut rng));
        for j in 0..p {
            let a = 0.3 + 0.5 * ((j % 4) as f64) / 4.0;
            let (l1, l2) = if j < p / 2 { (a, 0.2) } else { (0.2, a) };
            x[(i, j)] = l1 * f1 + l2 * f2 + 0.7 * normal(&mut rng);
        }
        y[i] = 2.0 + normal(&mut rng);
        for j in 0..p {
            y[i] += (0.4 - 0.1 * j as f64) * x[(i, j)];
        }
    }
    (y, x)
}

/// R² of `y` on an intercept and the given 1-based columns of `x`, by least squares on
/// the rows (optionally weighted).
fn ols_r2(y: &[f64], x: &Mat<f64>, cols: &[usize], weights: Option<&[f64]>) -> f64 {
    if cols.is_empty() {
        return 0.0;
    }
    let design = Mat::from_fn(y.len(), cols.len() + 1, |i, j| {
        if j == 0 { 1.0 } else { x[(i, cols[j - 1] - 1)] }
    });
    match weights {
        None => fit(design.as_ref(), y, true).unwrap().r_squared,
        Some(w) => {
            fit_weighted(design.as_ref(), y, Some(w), true)
                .unwrap()
                .r_squared
        }
    }
}

/// Brute force: one regression per subset of players, then Shapley values by the
/// subset-weight formula `|S|!(m−|S|−1)!/m!`.
fn brute_force(
    y: &[f64],
    x: &Mat<f64>,
    groups: &[Vec<usize>],
    always: &[usize],
    weights: Option<&[f64]>,
) -> (Vec<f64>, Vec<f64>) {
    let m = groups.len();
    let table: Vec<f64> = (0..1usize << m)
        .map(|s| {
            let mut cols = always.to_vec();
            for (g, group) in groups.iter().enumerate() {
                if s & (1 << g) != 0 {
                    cols.extend(group);
                }
            }
            ols_r2(y, x, &cols, weights)
        })
        .collect();
    let fact = |k: usize| (1..=k).map(|v| v as f64).product::<f64>();
    let values = (0..m)
        .map(|j| {
            (0..1usize << m)
                .filter(|s| s & (1 << j) == 0)
                .map(|s| {
                    let k = s.count_ones() as usize;
                    fact(k) * fact(m - k - 1) / fact(m) * (table[s | (1 << j)] - table[s])
                })
                .sum()
        })
        .collect();
    (values, table)
}

/// Calls `visit` with each of the `m!` orders of `0..m` (Heap's algorithm).
fn each_order(m: usize, mut visit: impl FnMut(&[usize])) {
    let mut order: Vec<usize> = (0..m).collect();
    let mut c = vec![0usize; m];
    visit(&order);
    let mut i = 0;
    while i < m {
        if c[i] < i {
            if i % 2 == 0 {
                order.swap(0, i);
            } else {
                order.swap(c[i], i);
            }
            visit(&order);
            c[i] += 1;
            i = 0;
        } else {
            c[i] = 0;
            i += 1;
        }
    }
}

/// Each player's R² increase when the players enter in `order`, from a table of
/// sub-model R² indexed by bit mask.
fn increases(table: &[f64], order: &[usize]) -> Vec<f64> {
    let mut out = vec![0.0; order.len()];
    let mut s = 0usize;
    for &j in order {
        out[j] = table[s | (1 << j)] - table[s];
        s |= 1 << j;
    }
    out
}

/// Shapley values as the average marginal contribution over all `m!` entry orders.
fn by_permutations(table: &[f64], m: usize) -> Vec<f64> {
    let mut sums = vec![0.0; m];
    let mut count = 0usize;
    each_order(m, |order| {
        for (sum, d) in sums.iter_mut().zip(increases(table, order)) {
            *sum += d;
        }
        count += 1;
    });
    sums.iter().map(|v| v / count as f64).collect()
}

fn singletons(p: usize) -> Vec<Vec<usize>> {
    (1..=p).map(|c| vec![c]).collect()
}

fn assert_efficient(s: &Shapley) {
    let sum: f64 = s.values.iter().sum();
    assert!((sum - (s.r2_full - s.r2_always)).abs() < 1e-12, "{s:?}");
    assert!((s.total - (s.r2_full - s.r2_always)).abs() < 1e-12, "{s:?}");
    assert!(s.drift < 1e-12, "{s:?}");
}

#[test]
fn items_agree_with_brute_force_regressions_and_permutations() {
    let (y, x) = synthetic(300, 8, 5);
    let groups = singletons(8);
    let cov = covariance(&y, x.as_ref(), None);
    let s = shapley_r2(cov.as_ref(), &groups, &[]).unwrap();
    let (want, table) = brute_force(&y, &x, &groups, &[], None);
    let perm = by_permutations(&table, 8);
    for j in 0..8 {
        assert_digits(&format!("x{}", j + 1), s.values[j], want[j], 10);
        assert_digits(&format!("x{} perm", j + 1), perm[j], want[j], 12);
    }
    assert_digits("R²", s.r2_full, table[255], 12);
    assert_eq!(s.r2_always, 0.0);
    assert_eq!(s.subsets, 256);
    assert_efficient(&s);
}

#[test]
fn groups_and_controls_agree_with_brute_force() {
    let (y, x) = synthetic(300, 8, 6);
    let cov = covariance(&y, x.as_ref(), None);
    let cases: [(Vec<Vec<usize>>, Vec<usize>); 3] = [
        (vec![vec![1, 2, 3, 4], vec![5, 6, 7, 8]], vec![]),
        (vec![vec![2, 7], vec![1], vec![3, 4, 5]], vec![8]),
        (singletons(5), vec![6, 7]),
    ];
    let all = shapley_r2(cov.as_ref(), &singletons(8), &[]).unwrap();
    for (groups, always) in &cases {
        let s = shapley_r2(cov.as_ref(), groups, always).unwrap();
        let (want, table) = brute_force(&y, &x, groups, always, None);
        for (j, w) in want.iter().enumerate() {
            assert_digits(
                &format!("{groups:?} | {always:?}: {j}"),
                s.values[j],
                *w,
                10,
            );
        }
        assert_digits("R²(controls)", s.r2_always, table[0], 12);
        assert_efficient(&s);
    }
    // Two blocks: the values add up to the R² of the full model (not, in general, to the
    // sums of the item values).
    let s = shapley_r2(cov.as_ref(), &cases[0].0, &[]).unwrap();
    assert!((s.values.iter().sum::<f64>() - all.r2_full).abs() < 1e-12);
}

#[test]
fn weighted_covariance_agrees_with_weighted_regressions() {
    let (y, x) = synthetic(300, 6, 7);
    let mut rng = ChaCha8Rng::seed_from_u64(70);
    let w: Vec<f64> = (0..300).map(|_| 0.2 + 3.0 * rng.random::<f64>()).collect();
    let groups = singletons(6);
    let s = shapley_r2(covariance(&y, x.as_ref(), Some(&w)).as_ref(), &groups, &[]).unwrap();
    let (want, _) = brute_force(&y, &x, &groups, &[], Some(&w));
    assert_eq!(want.len(), 6);
    for (j, w) in want.iter().enumerate() {
        assert_digits(&format!("weighted x{}", j + 1), s.values[j], *w, 10);
    }
    // The weights matter: unweighted values differ.
    let u = shapley_r2(covariance(&y, x.as_ref(), None).as_ref(), &groups, &[]).unwrap();
    assert!((u.values[0] - s.values[0]).abs() > 1e-4);
}

#[test]
fn permuting_players_permutes_values() {
    let (y, x) = synthetic(300, 8, 8);
    let cov = covariance(&y, x.as_ref(), None);
    let groups = singletons(8);
    let s = shapley_r2(cov.as_ref(), &groups, &[]).unwrap();
    let order = [5, 2, 7, 0, 3, 6, 1, 4];
    let permuted: Vec<Vec<usize>> = order.iter().map(|&g| groups[g].clone()).collect();
    let t = shapley_r2(cov.as_ref(), &permuted, &[]).unwrap();
    for (k, &g) in order.iter().enumerate() {
        assert!((t.values[k] - s.values[g]).abs() < 1e-12, "{k} {g}");
    }
}

#[test]
fn an_orthogonal_predictor_gets_nothing() {
    let (y, x) = synthetic(300, 6, 9);
    let n = y.len();
    // A seventh column, centred and made exactly orthogonal (Gram–Schmidt, twice) to the
    // centred y and x's: it has variance but no covariance with anything.
    let centre = |v: &mut Vec<f64>| {
        let m = v.iter().sum::<f64>() / n as f64;
        v.iter_mut().for_each(|e| *e -= m);
    };
    let mut basis: Vec<Vec<f64>> = Vec::new();
    for j in 0..7 {
        let mut v: Vec<f64> = (0..n)
            .map(|i| if j == 0 { y[i] } else { x[(i, j - 1)] })
            .collect();
        centre(&mut v);
        basis.push(v);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(90);
    let mut z: Vec<f64> = (0..n).map(|_| normal(&mut rng)).collect();
    centre(&mut z);
    for _ in 0..2 {
        let mut q: Vec<Vec<f64>> = Vec::new();
        for b in &basis {
            let mut v = b.clone();
            for u in &q {
                let d: f64 = v.iter().zip(u).map(|(a, b)| a * b).sum();
                v.iter_mut().zip(u).for_each(|(a, b)| *a -= d * b);
            }
            let norm = v.iter().map(|a| a * a).sum::<f64>().sqrt();
            v.iter_mut().for_each(|a| *a /= norm);
            q.push(v);
        }
        for u in &q {
            let d: f64 = z.iter().zip(u).map(|(a, b)| a * b).sum();
            z.iter_mut().zip(u).for_each(|(a, b)| *a -= d * b);
        }
    }
    let x7 = Mat::from_fn(n, 7, |i, j| if j < 6 { x[(i, j)] } else { z[i] });
    let cov = covariance(&y, x7.as_ref(), None);
    let s = shapley_r2(cov.as_ref(), &singletons(7), &[]).unwrap();
    assert!(s.values[6].abs() < 1e-12, "{:?}", s.values);
    let without = shapley_r2(cov.as_ref(), &singletons(6), &[]).unwrap();
    for j in 0..6 {
        assert!((s.values[j] - without.values[j]).abs() < 1e-12);
    }
    assert_efficient(&s);
}

#[test]
fn exchangeable_players_get_equal_values() {
    // x1 and x2 play the same role (same correlation with y and with x3), so swapping
    // them leaves the correlation matrix unchanged and their values must be equal.
    let r = [
        [1.0, 0.5, 0.5, 0.3],
        [0.5, 1.0, 0.6, 0.2],
        [0.5, 0.6, 1.0, 0.2],
        [0.3, 0.2, 0.2, 1.0],
    ];
    // In other units: R² and its shares only depend on the correlations.
    let sd = [2.0, 1.5, 0.8, 0.7];
    let cov = Mat::from_fn(4, 4, |i, j| sd[i] * r[i][j] * sd[j]);
    let s = shapley_r2(cov.as_ref(), &singletons(3), &[]).unwrap();
    assert!((s.values[0] - s.values[1]).abs() < 1e-15, "{:?}", s.values);
    assert!(s.values[0] > s.values[2]);
    assert_efficient(&s);
}

#[test]
fn collinear_players_are_an_error() {
    // x4 = x1 + x2 exactly.
    let (y, x) = synthetic(300, 3, 10);
    let x4 = Mat::from_fn(300, 4, |i, j| {
        if j < 3 {
            x[(i, j)]
        } else {
            x[(i, 0)] + x[(i, 1)]
        }
    });
    let cov = covariance(&y, x4.as_ref(), None);
    let err = shapley_r2(cov.as_ref(), &singletons(4), &[]).unwrap_err();
    assert!(
        matches!(err, ImportanceError::SingularPlayer { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("linear combination"));
    // As one block, or with the redundant column left out, it is fine.
    let s = shapley_r2(cov.as_ref(), &[vec![1], vec![2], vec![3]], &[]).unwrap();
    assert_efficient(&s);
}

#[test]
fn twelve_players_match_a_fit_of_every_sub_model() {
    // 4096 sub-models, each fitted on the rows by least squares.
    let (y, x) = synthetic(300, 12, 11);
    let groups = singletons(12);
    let s = shapley_r2(covariance(&y, x.as_ref(), None).as_ref(), &groups, &[]).unwrap();
    let (want, _) = brute_force(&y, &x, &groups, &[], None);
    assert_eq!(want.len(), 12);
    for (j, w) in want.iter().enumerate() {
        assert_digits(&format!("x{}", j + 1), s.values[j], *w, 10);
    }
    assert_efficient(&s);
}

#[test]
fn twenty_players_are_exact_and_twenty_one_are_refused() {
    let (y, x) = synthetic(400, 21, 12);
    let cov = covariance(&y, x.as_ref(), None);
    let s = shapley_r2(cov.as_ref(), &singletons(20), &[]).unwrap();
    assert_eq!(s.subsets, 1 << 20);
    assert_efficient(&s);
    assert_digits(
        "R²(full)",
        s.r2_full,
        ols_r2(&y, &x, &(1..=20).collect::<Vec<_>>(), None),
        12,
    );
    let err = shapley_r2(cov.as_ref(), &singletons(21), &[]).unwrap_err();
    assert_eq!(
        err,
        ImportanceError::TooManyPlayers {
            players: 21,
            max: 20
        }
    );
}

#[test]
fn agrees_with_numpy_enumeration() {
    let dir = repo("tests/fixtures/importance");
    let mut reader = csv::Reader::from_path(dir.join("data.csv")).unwrap();
    let rows: Vec<Vec<f64>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(|v| v.parse().unwrap()).collect())
        .collect();
    let y: Vec<f64> = rows.iter().map(|r| r[0]).collect();
    let x = Mat::from_fn(rows.len(), rows[0].len() - 1, |i, j| rows[i][j + 1]);
    let cov = covariance(&y, x.as_ref(), None);
    let expected: Json =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let cases = expected["cases"].as_object().unwrap();
    assert_eq!(cases.len(), 3);
    let columns = |j: &Json| -> Vec<usize> {
        j.as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_u64().unwrap() as usize)
            .collect()
    };
    for (name, case) in cases {
        let groups: Vec<Vec<usize>> = case["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(columns)
            .collect();
        let always = columns(&case["always"]);
        let s = shapley_r2(cov.as_ref(), &groups, &always).unwrap();
        for (j, want) in case["values"].as_array().unwrap().iter().enumerate() {
            assert_digits(
                &format!("{name} {j}"),
                s.values[j],
                want.as_f64().unwrap(),
                10,
            );
        }
        assert_digits(name, s.r2_full, case["r2_full"].as_f64().unwrap(), 10);
        assert_digits(name, s.r2_always, case["r2_always"].as_f64().unwrap(), 10);
        assert_efficient(&s);
    }
}

fn assert_sampled_efficient(s: &SampledShapley) {
    let sum: f64 = s.values.iter().sum();
    assert!((sum - s.total).abs() < 1e-12, "{s:?}");
    assert!((s.total - (s.r2_full - s.r2_always)).abs() < 1e-15, "{s:?}");
}

/// Every sampled value within 4.5 Monte Carlo standard errors of the exact one, and the
/// errors shrinking as `1/√m`.
fn sampled_matches_exact(p: usize, always: &[usize], seed: u64) {
    let (y, x) = synthetic(300, p + always.len(), seed);
    let cov = covariance(&y, x.as_ref(), None);
    let groups = singletons(p);
    let exact = shapley_r2(cov.as_ref(), &groups, always).unwrap();
    let s = shapley_r2_sampled(cov.as_ref(), &groups, always, 2000, seed).unwrap();
    assert_eq!(s.permutations, 2000);
    assert_sampled_efficient(&s);
    assert!((s.r2_full - exact.r2_full).abs() < 1e-13);
    assert!((s.r2_always - exact.r2_always).abs() < 1e-15);
    for j in 0..p {
        let z = (s.values[j] - exact.values[j]) / s.monte_carlo_se[j];
        assert!(z.abs() < 4.5, "player {j}: z = {z}, {s:?} vs {exact:?}");
    }
    let four = shapley_r2_sampled(cov.as_ref(), &groups, always, 8000, seed + 1).unwrap();
    assert_sampled_efficient(&four);
    for j in 0..p {
        let ratio = four.monte_carlo_se[j] / s.monte_carlo_se[j];
        assert!((0.4..=0.6).contains(&ratio), "player {j}: SE ratio {ratio}");
        let z = (four.values[j] - exact.values[j]) / four.monte_carlo_se[j];
        assert!(z.abs() < 4.5, "player {j}: z = {z}");
    }
}

#[test]
fn sampled_shares_agree_with_the_exact_ones() {
    sampled_matches_exact(8, &[], 21);
    sampled_matches_exact(12, &[13, 14], 22);
}

#[test]
fn sampled_shares_are_reproducible_from_the_seed() {
    let (y, x) = synthetic(300, 10, 23);
    let cov = covariance(&y, x.as_ref(), None);
    let groups = vec![
        vec![1, 2],
        vec![3],
        vec![4, 5, 6],
        vec![7],
        vec![8],
        vec![9, 10],
    ];
    let a = shapley_r2_sampled(cov.as_ref(), &groups, &[], 500, 7).unwrap();
    let b = shapley_r2_sampled(cov.as_ref(), &groups, &[], 500, 7).unwrap();
    assert_eq!(a, b);
    let c = shapley_r2_sampled(cov.as_ref(), &groups, &[], 500, 8).unwrap();
    assert_ne!(a.values, c.values);
}

#[test]
fn two_sampled_players_get_the_exact_shares() {
    // Only two orders exist, each the reverse of the other: player 1 gains r₁² in one and
    // R² − r₂² in the other, and every antithetic pair averages the two.
    let (y, x) = synthetic(300, 2, 24);
    let cov = covariance(&y, x.as_ref(), None);
    let groups = singletons(2);
    let exact = shapley_r2(cov.as_ref(), &groups, &[]).unwrap();
    let s = shapley_r2_sampled(cov.as_ref(), &groups, &[], 50, 24).unwrap();
    assert_sampled_efficient(&s);
    for j in 0..2 {
        assert!(
            (s.values[j] - exact.values[j]).abs() < 1e-15,
            "{s:?} {exact:?}"
        );
        assert!(s.monte_carlo_se[j] < 1e-15, "{s:?}");
    }
}

#[test]
fn antithetic_pairs_lower_the_variance_and_the_se_estimates_it() {
    // Exact variance of one player's increase over a uniformly random order, and of its
    // mean over an order and its reverse, by enumerating all m! orders.
    for (p, seed) in [(8, 21), (8, 5), (9, 11)] {
        let (y, x) = synthetic(300, p, seed);
        let groups = singletons(p);
        let (exact, table) = brute_force(&y, &x, &groups, &[], None);
        let (mut square, mut pair_square, mut count) = (vec![0.0; p], vec![0.0; p], 0.0);
        each_order(p, |order| {
            let forward = increases(&table, order);
            let reversed: Vec<usize> = order.iter().rev().copied().collect();
            let backward = increases(&table, &reversed);
            for j in 0..p {
                square[j] += (forward[j] - exact[j]).powi(2);
                pair_square[j] += (0.5 * (forward[j] + backward[j]) - exact[j]).powi(2);
            }
            count += 1.0;
        });
        // Against two independent orders (variance / 2): measured ratios 0.18–0.66.
        let ratios: Vec<f64> = (0..p).map(|j| pair_square[j] / (square[j] / 2.0)).collect();
        assert!(ratios.iter().all(|r| *r < 0.7), "{ratios:?}");
        // The reported standard error estimates √(pair variance / pairs).
        let cov = covariance(&y, x.as_ref(), None);
        let s = shapley_r2_sampled(cov.as_ref(), &groups, &[], 4000, seed).unwrap();
        for (j, pair) in pair_square.iter().enumerate() {
            let want = (pair / count / 4000.0).sqrt();
            let ratio = s.monte_carlo_se[j] / want;
            assert!((0.9..=1.1).contains(&ratio), "player {j}: {ratio}");
        }
    }
}

#[test]
fn thirty_players_are_sampled() {
    let (y, x) = synthetic(500, 32, 25);
    let cov = covariance(&y, x.as_ref(), None);
    let s = shapley_r2_sampled(cov.as_ref(), &singletons(30), &[31, 32], 1000, 25).unwrap();
    assert_eq!(s.values.len(), 30);
    assert_sampled_efficient(&s);
    assert!(s.r2_always > 0.0);
    assert!(
        s.monte_carlo_se
            .iter()
            .all(|se| se.is_finite() && *se > 0.0)
    );
    assert_digits(
        "R²(full)",
        s.r2_full,
        ols_r2(&y, &x, &(1..=32).collect::<Vec<_>>(), None),
        12,
    );
}

#[test]
fn sampling_needs_two_orders() {
    let (y, x) = synthetic(100, 3, 26);
    let cov = covariance(&y, x.as_ref(), None);
    for permutations in [0, 1] {
        let err =
            shapley_r2_sampled(cov.as_ref(), &singletons(3), &[], permutations, 1).unwrap_err();
        assert_eq!(err, ImportanceError::TooFewPermutations { permutations });
    }
}

/// A duplicated player splits its share: `a′ = a + e`, with `e` independent noise of
/// variance δ, joins `a` and two predictors orthogonal to it. Hand-derived: every
/// sub-model with `a` gains `r²_ya` and one with only `a′` gains `r²_ya/(1 + δ)`, so
/// `φ_a = r²/2 + r²δ/(2(1 + δ))`, `φ_a′ = r²/(2(1 + δ))` (together the `r²` that `a`
/// had alone) and the others keep their squared correlations.
#[test]
fn a_duplicated_player_splits_its_share() {
    let delta = 1e-6;
    let (ra, rb, rc) = (0.5, 0.3, 0.2);
    // [y, a, a′, b, c]
    let cov = Mat::from_fn(5, 5, |i, j| {
        let entry = |i: usize, j: usize| match (i, j) {
            (0, 1) | (0, 2) => ra,
            (0, 3) => rb,
            (0, 4) => rc,
            (1, 2) => 1.0,
            (2, 2) => 1.0 + delta,
            (i, j) if i == j => 1.0,
            _ => 0.0,
        };
        entry(i.min(j), i.max(j))
    });
    let s = shapley_r2(cov.as_ref(), &singletons(4), &[]).unwrap();
    let r2 = ra * ra;
    assert_digits(
        "a",
        s.values[0],
        r2 / 2.0 + r2 * delta / (2.0 * (1.0 + delta)),
        12,
    );
    assert_digits("a′", s.values[1], r2 / (2.0 * (1.0 + delta)), 12);
    assert_digits("a and a′ together", s.values[0] + s.values[1], r2, 13);
    assert_digits("b", s.values[2], rb * rb, 13);
    assert_digits("c", s.values[3], rc * rc, 13);
}
