//! Two-way tables of weighted row percentages with the design-corrected Pearson test of
//! association that R's `survey::svychisq` computes.

use super::context::{Answer, Context};
use super::estimate::ratio_means_of;
use crate::error::Result;
use faer::{Mat, MatRef};
use rapport_stats::inference::ChiSquaredTest;
use rapport_stats::inference::{chi_squared_test, f_upper_tail};
use serde::{Deserialize, Serialize};

/// A weighted crosstab of two variables on the respondents who answered both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Crosstab {
    /// The variable whose levels are the table's rows.
    pub rows: String,
    pub columns: String,
    /// Levels with answers, in scale (or sorted, or ascending number) order.
    pub row_levels: Vec<String>,
    pub column_levels: Vec<String>,
    /// `cells[i][j]`: row level `i`, column level `j`.
    pub cells: Vec<Vec<CellShare>>,
    /// Weighted share of each column level over every row: the table's "All" row.
    pub column_shares: Vec<f64>,
    /// Respondents who answered both (unweighted).
    pub n: usize,
    /// Pearson's X² on the weighted table scaled to the sample size, df `(r − 1)(c − 1)`,
    /// with the p-value of its first-order Rao–Scott correction, `P(χ²_df > X²/δ̄)`, `δ̄`
    /// the mean design effect: R `svychisq(statistic = "Chisq")`. `None` when either side
    /// has fewer than two levels with answers.
    pub chi_squared: Option<ChiSquaredTest>,
    pub rao_scott: Option<RaoScottTest>,
}

/// One cell of a crosstab.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CellShare {
    /// Unweighted count.
    pub n: usize,
    /// Weighted share of the row (0–1): the row percentage.
    pub row_share: f64,
}

/// The Rao–Scott second-order corrected test, the default of R's `svychisq`
/// (`statistic = "F"`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RaoScottTest {
    /// `F = X² / tr(Δ)`.
    pub statistic: f64,
    /// `d = tr(Δ)² / tr(Δ²)`, Satterthwaite's matching of the first two moments.
    pub numerator_df: f64,
    /// `d · ν`, `ν` the design degrees of freedom.
    pub denominator_df: f64,
    pub p_value: f64,
}

impl Context<'_> {
    /// The crosstab of `rows` by `columns` on the respondents who answered both.
    pub(super) fn crosstab(&self, rows: &str, columns: &str) -> Result<Crosstab> {
        let role = "a side of a crosstab";
        let a = self.item(self.variable(rows)?, true, role)?;
        let b = self.item(self.variable(columns)?, true, role)?;
        let mut complete = Vec::new();
        let mut cell_of = Vec::new();
        for (d, (x, y)) in a.answers.iter().zip(&b.answers).enumerate() {
            if let (Answer::Level(i), Answer::Level(j)) = (x, y) {
                complete.push(d);
                cell_of.push((*i, *j));
            }
        }
        // Levels with weight among the complete rows (R's table has no others, or its
        // X² is NaN), renumbered.
        let w = self.design.weights();
        let kept = |k: usize, side: fn(&(usize, usize)) -> usize| -> Vec<Option<usize>> {
            let mut total = vec![0.0; k];
            for (&d, c) in complete.iter().zip(&cell_of) {
                total[side(c)] += w[d];
            }
            let mut next = 0;
            total
                .iter()
                .map(|&t| {
                    (t > 0.0).then(|| {
                        next += 1;
                        next - 1
                    })
                })
                .collect()
        };
        let row_index = kept(a.labels.len(), |c| c.0);
        let col_index = kept(b.labels.len(), |c| c.1);
        let pick = |labels: &[String], index: &[Option<usize>]| -> Vec<String> {
            labels
                .iter()
                .zip(index)
                .filter(|(_, i)| i.is_some())
                .map(|(l, _)| l.clone())
                .collect()
        };
        let row_levels = pick(&a.labels, &row_index);
        let column_levels = pick(&b.labels, &col_index);
        let (r, c) = (row_levels.len(), column_levels.len());
        // Cell k = i + r·j: the row level varies fastest, as R's `interaction()`.
        let (rows_used, cells): (Vec<usize>, Vec<usize>) = complete
            .iter()
            .zip(&cell_of)
            .filter_map(|(&d, &(i, j))| Some((d, row_index[i]? + r * col_index[j]?)))
            .unzip();
        let mut counts = vec![0usize; r * c];
        for &k in &cells {
            counts[k] += 1;
        }
        let indicators = |i: usize, out: &mut [f64]| {
            out.fill(0.0);
            out[cells[i]] = 1.0;
        };
        let (p, v) = ratio_means_of(self.design, &rows_used, r * c, indicators)
            .unwrap_or_else(|| (vec![f64::NAN; r * c], Mat::zeros(r * c, r * c)));
        let row_share: Vec<f64> = (0..r).map(|i| (0..c).map(|j| p[i + r * j]).sum()).collect();
        let column_shares: Vec<f64> = (0..c).map(|j| (0..r).map(|i| p[i + r * j]).sum()).collect();
        let tests = (r >= 2 && c >= 2).then(|| {
            // ν of `svychisq`: PSUs minus strata of the whole design.
            let nu = (self.design.n_psu() - self.design.n_strata()) as f64;
            rao_scott(&p, v.as_ref(), r, c, self.design.len() as f64, nu)
        });
        Ok(Crosstab {
            rows: rows.to_string(),
            columns: columns.to_string(),
            cells: (0..r)
                .map(|i| {
                    (0..c)
                        .map(|j| CellShare {
                            n: counts[i + r * j],
                            row_share: p[i + r * j] / row_share[i],
                        })
                        .collect()
                })
                .collect(),
            row_levels,
            column_levels,
            column_shares,
            n: rows_used.len(),
            chi_squared: tests.map(|t| t.0),
            rao_scott: tests.map(|t| t.1),
        })
    }
}

/// Pearson's X² and its Rao–Scott corrections from the `r × c` cell proportions `p` (cell
/// `i + r·j`) and their design-based covariance `v`, as R's `svychisq` (survey 4.1):
///
/// * `X² = N Σ (p_ij − p_i· p_·j)² / (p_i· p_·j)` on the weighted table scaled to `N`,
///   the rows of the design (R `chisq.test(svytable(~a + b, design, Ntotal = N))`).
/// * The generalised design effect matrix `Δ = (Cᵀ D⁻¹ C / N)⁻¹ (Cᵀ D⁻¹ V D⁻¹ C)`, `D =
///   diag(p)`, `C` the interaction contrasts: the cell indicators residualised on the
///   main effects, which is `(e_i − 1/r)(e_j − 1/c)` for `i, j ≥ 2` (R: `qr.resid` of
///   the interaction columns of `~rows * cols` on `~rows + cols`) (Rao & Scott 1984,
///   Ann. Statist. 12:46–60; Lumley 2010, *Complex Surveys*).
/// * First order: `X²/δ̄ ~ χ²_{(r−1)(c−1)}`, `δ̄ = tr(Δ)/((r−1)(c−1))`.
/// * Second order: `F = X²/tr(Δ) ~ F(d, dν)`, `d = tr(Δ)²/tr(Δ²)` (Rao & Scott 1984;
///   the `F` form and `ν` are `svychisq`'s).
///
/// Empty cells have `1/p` read as 0, as in R.
pub(crate) fn rao_scott(
    p: &[f64],
    v: MatRef<'_, f64>,
    r: usize,
    c: usize,
    n_total: f64,
    nu: f64,
) -> (ChiSquaredTest, RaoScottTest) {
    let (rk, ck) = (r - 1, c - 1);
    let m = rk * ck;
    let row: Vec<f64> = (0..r).map(|i| (0..c).map(|j| p[i + r * j]).sum()).collect();
    let col: Vec<f64> = (0..c).map(|j| (0..r).map(|i| p[i + r * j]).sum()).collect();
    let x2 = n_total
        * (0..r)
            .flat_map(|i| (0..c).map(move |j| (i, j)))
            .map(|(i, j)| {
                let e = row[i] * col[j];
                (p[i + r * j] - e).powi(2) / e
            })
            .sum::<f64>();
    let contrast = Mat::from_fn(r * c, m, |k, l| {
        let (i, j) = (k % r, k / r);
        let (a, b) = (l % rk + 1, l / rk + 1);
        (f64::from(u8::from(i == a)) - 1.0 / r as f64)
            * (f64::from(u8::from(j == b)) - 1.0 / c as f64)
    });
    let inv_p: Vec<f64> = p
        .iter()
        .map(|&x| if x == 0.0 { 0.0 } else { 1.0 / x })
        .collect();
    let dc = Mat::from_fn(r * c, m, |k, l| inv_p[k] * contrast[(k, l)]);
    let denom = contrast.transpose() * &dc * (1.0 / n_total);
    let numer = dc.transpose() * v * &dc;
    let delta = faer::linalg::solvers::Solve::solve(&denom.partial_piv_lu(), &numer);
    let trace: f64 = (0..m).map(|i| delta[(i, i)]).sum();
    let trace_sq: f64 = (0..m)
        .flat_map(|i| (0..m).map(move |j| (i, j)))
        .map(|(i, j)| delta[(i, j)] * delta[(j, i)])
        .sum();
    let d = trace * trace / trace_sq;
    let f = x2 / trace;
    let first_order = x2 / (trace / m as f64);
    (
        ChiSquaredTest {
            statistic: x2,
            df: m,
            p_value: chi_squared_test(first_order, m).p_value,
        },
        RaoScottTest {
            statistic: f,
            numerator_df: d,
            denominator_df: d * nu,
            p_value: f_upper_tail(f, d, d * nu),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::descriptives::estimate::ratio_means;
    use rapport_stats::survey::Design;

    /// Rows of a 2×2 table with counts `[[a, b], [c, d]]` (row level, column level).
    fn two_by_two(counts: [[usize; 2]; 2]) -> Vec<(usize, usize)> {
        let mut cells = Vec::new();
        for (i, row) in counts.iter().enumerate() {
            for (j, &n) in row.iter().enumerate() {
                cells.extend(std::iter::repeat_n((i, j), n));
            }
        }
        cells
    }

    #[test]
    fn srs_two_by_two_matches_the_hand_formulas() {
        // Unweighted SRS: V = (D − ppᵀ)/(n − 1) and Cᵀ1 = 0 give Δ = n/(n − 1) · I, so
        // F = X²(n − 1)/n on (1, n − 1) df and X² = n(ad − bc)²/(row and column totals).
        let (a, b, c, d): (f64, f64, f64, f64) = (10.0, 20.0, 30.0, 15.0);
        let cells = two_by_two([[10, 20], [30, 15]]);
        let n = cells.len();
        let design = Design::simple(n);
        let rows: Vec<usize> = (0..n).collect();
        let y = Mat::from_fn(n, 4, |i, k| {
            let (r, c) = cells[i];
            f64::from(u8::from(k == r + 2 * c))
        });
        let (p, v) = ratio_means(&design, &rows, y.as_ref()).unwrap();
        assert!(
            (p[2] - 20.0 / 75.0).abs() < 1e-15,
            "cell (0, 1) is k = 0 + 2·1"
        );
        let nf = n as f64;
        let (x2, rs) = rao_scott(&p, v.as_ref(), 2, 2, nf, nf - 1.0);
        let expected = nf * (a * d - b * c).powi(2) / ((a + b) * (c + d) * (a + c) * (b + d));
        assert!((x2.statistic / expected - 1.0).abs() < 1e-13);
        assert_eq!(x2.df, 1);
        assert!((rs.numerator_df - 1.0).abs() < 1e-12);
        assert!((rs.denominator_df - (nf - 1.0)).abs() < 1e-9);
        assert!((rs.statistic / (expected * (nf - 1.0) / nf) - 1.0).abs() < 1e-12);
        assert!((rs.p_value - f_upper_tail(rs.statistic, 1.0, nf - 1.0)).abs() < 1e-15);
        let first = statrs::distribution::ContinuousCDF::sf(
            &statrs::distribution::ChiSquared::new(1.0).unwrap(),
            expected * (nf - 1.0) / nf,
        );
        assert!((x2.p_value - first).abs() < 1e-13);
    }
}
