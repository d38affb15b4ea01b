//! Hand-derived raking and trimming cases; file-level and R-reference tests are in
//! `tests/tests/rake.rs`.

use super::*;

/// Relative agreement to `digits` significant digits.
fn close(got: f64, want: f64, digits: i32) {
    let rel = ((got - want) / want).abs();
    assert!(
        rel <= 10f64.powi(-digits),
        "{got} vs {want} (relative error {rel:e})"
    );
}

/// Rows of a 2×2 table: `counts[a][b]` rows with A = a and B = b.
fn two_by_two(counts: [[usize; 2]; 2]) -> Vec<Vec<usize>> {
    let mut a = Vec::new();
    let mut b = Vec::new();
    for (i, row) in counts.iter().enumerate() {
        for (j, &n) in row.iter().enumerate() {
            a.extend(std::iter::repeat_n(i, n));
            b.extend(std::iter::repeat_n(j, n));
        }
    }
    vec![a, b]
}

#[test]
fn two_by_two_keeps_the_odds_ratio_in_closed_form() {
    // Sample cells (1, 1; 1, 3), odds ratio 3, raked to all margins 2. IPF keeps the
    // sample's odds ratio (Bishop, Fienberg & Holland 1975, §3.5), so the fitted table is
    // (x, 2−x; 2−x, x) with x²/(2−x)² = 3, i.e. x = 3 − √3. Each row's weight is its cell's
    // fitted total over its count.
    let cats = two_by_two([[1, 1], [1, 3]]);
    let targets = vec![vec![2.0, 2.0], vec![2.0, 2.0]];
    let raked = rake(&cats, &[1.0; 6], &targets, &RakeOptions::default()).unwrap();
    assert!(raked.converged);
    let s3 = 3f64.sqrt();
    let want = [
        3.0 - s3,
        s3 - 1.0,
        s3 - 1.0,
        1.0 - 1.0 / s3,
        1.0 - 1.0 / s3,
        1.0 - 1.0 / s3,
    ];
    for (got, want) in raked.weights.iter().zip(want) {
        close(*got, want, 10);
    }
    let err = margin_error(&cats, &raked.weights, &targets);
    assert!(err.relative <= DEFAULT_TOLERANCE, "{err:?}");
}

#[test]
fn an_independent_sample_is_raked_in_one_sweep_to_the_product_weights() {
    // Sample (10, 20; 30, 60) has odds ratio 1, so the fit is r_i·c_j/N = (20, 30; 20, 30)
    // after one sweep, and each row's weight is fitted cell / count.
    let cats = two_by_two([[10, 20], [30, 60]]);
    let targets = vec![vec![50.0, 50.0], vec![40.0, 60.0]];
    let raked = rake(&cats, &[1.0; 120], &targets, &RakeOptions::default()).unwrap();
    assert_eq!((raked.iterations, raked.converged), (1, true));
    let cell_weight = [[2.0, 1.5], [2.0 / 3.0, 0.5]];
    for (row, w) in raked.weights.iter().enumerate() {
        close(*w, cell_weight[cats[0][row]][cats[1][row]], 14);
    }
}

#[test]
fn base_weights_scale_within_cells() {
    // One variable: post-stratification. Each level's weights are scaled by target / total,
    // keeping their ratios.
    let raked = rake(
        &[vec![0, 0, 1]],
        &[1.0, 3.0, 2.0],
        &[vec![8.0, 4.0]],
        &RakeOptions::default(),
    )
    .unwrap();
    assert_eq!(raked.weights, [2.0, 6.0, 4.0]);
    assert_eq!(raked.iterations, 1);
}

#[test]
fn conflicting_margins_are_reported_not_converged() {
    // Only (A0, B0) and (A1, B1) occur, so A's and B's totals are tied together; margins
    // A = (1, 3), B = (3, 1) cannot both hold.
    let cats = vec![vec![0, 1], vec![0, 1]];
    let options = RakeOptions {
        max_iterations: 20,
        ..RakeOptions::default()
    };
    let raked = rake(
        &cats,
        &[1.0, 1.0],
        &[vec![1.0, 3.0], vec![3.0, 1.0]],
        &options,
    )
    .unwrap();
    assert_eq!((raked.iterations, raked.converged), (20, false));
}

#[test]
fn trimming_clamps_and_spreads_the_excess_equally() {
    // Mean 2, bounds [1, 4]: 6 is cut to 4 and the 2 cut off is shared by the four others
    // (those on the lower bound are inside it).
    let mut w = [1.0, 1.0, 1.0, 1.0, 6.0];
    let report = trim(&mut w, [0.5, 2.0]).unwrap();
    assert_eq!(w, [1.5, 1.5, 1.5, 1.5, 4.0]);
    assert_eq!(
        report,
        TrimReport {
            relative: [0.5, 2.0],
            bounds: [1.0, 4.0],
            trimmed: 1,
            passes: 1
        }
    );
}

#[test]
fn strict_trimming_repeats_until_no_weight_is_outside() {
    // Mean 6, bounds [0.6, 9]. Pass 1 cuts 13.2 to 9 and pushes 8.8 up to 10.2; each later
    // pass cuts the one weight above 9 and spreads a third of the excess over the rest, so
    // the excess shrinks by 1/3 a pass. Limit: both large weights at 9, the two small
    // ones sharing the rest equally, 3 each.
    let mut w = [1.0, 1.0, 8.8, 13.2];
    let report = trim(&mut w, [0.1, 1.5]).unwrap();
    for (got, want) in w.iter().zip([3.0, 3.0, 9.0, 9.0]) {
        assert!((got - want).abs() <= 1e-14 * want, "{w:?}");
    }
    assert!(w.iter().all(|&x| x <= 9.0), "{w:?}");
    assert_eq!(report.trimmed, 1);
    assert!(report.passes > 10, "{report:?}");
    close(w.iter().sum(), 24.0, 14);
}

#[test]
fn trimming_refuses_when_every_weight_is_outside() {
    // Nine weights of 0.01 and one of 10: mean 1.009, so all ten are outside [0.3, 3] × mean.
    let mut w = [0.01; 10];
    w[9] = 10.0;
    let err = trim(&mut w, [0.3, 3.0]).unwrap_err();
    assert!(
        err.to_string().contains("Widen the trimming bounds"),
        "{err}"
    );
}

#[test]
fn kish_effective_n_and_design_effect() {
    // Σw = 4, Σw² = 6: n_eff = 16/6 = 8/3, deff = 3 / (8/3) = 9/8.
    let s = WeightSummary::of(&[1.0, 1.0, 2.0]);
    assert_eq!((s.n, s.sum, s.min, s.max), (3, 4.0, 1.0, 2.0));
    close(s.mean, 4.0 / 3.0, 15);
    close(s.n_eff, 8.0 / 3.0, 15);
    close(s.design_effect, 9.0 / 8.0, 15);
    let equal = WeightSummary::of(&[2.5; 7]);
    assert_eq!((equal.n_eff, equal.design_effect), (7.0, 1.0));
}

#[test]
fn bad_options_and_input_are_errors_not_panics() {
    let cats = vec![vec![0, 1]];
    let targets = vec![vec![1.0, 1.0]];
    let with = |o: RakeOptions| rake(&cats, &[1.0, 1.0], &targets, &o).unwrap_err();
    for (options, says) in [
        (
            RakeOptions {
                tolerance: 0.0,
                ..RakeOptions::default()
            },
            "tolerance must be a number above zero",
        ),
        (
            RakeOptions {
                max_iterations: 0,
                ..RakeOptions::default()
            },
            "at least 1",
        ),
        (
            RakeOptions {
                trim: Some([1.2, 3.0]),
                ..RakeOptions::default()
            },
            "[1.2, 3]",
        ),
    ] {
        let err = with(options);
        assert_eq!(err.code(), "rake_options");
        assert!(err.to_string().contains(says), "{err}");
        assert!(
            err.to_string()
                .contains("\"rake\" part of the analysis spec"),
            "{err}"
        );
    }
    let bad = |cats: &[Vec<usize>], base: &[f64], targets: &[Vec<f64>]| {
        rake(cats, base, targets, &RakeOptions::default())
            .unwrap_err()
            .code()
    };
    assert_eq!(bad(&cats, &[1.0], &targets), "rake_input");
    assert_eq!(bad(&cats, &[1.0, 0.0], &targets), "rake_input");
    assert_eq!(bad(&[vec![0, 2]], &[1.0, 1.0], &targets), "rake_input");
    assert_eq!(bad(&[vec![0, 0]], &[1.0, 1.0], &targets), "rake_input");
    assert_eq!(bad(&cats, &[1.0, 1.0], &[vec![1.0, -1.0]]), "rake_input");
    assert_eq!(bad(&[], &[], &[]), "rake_input");
}
