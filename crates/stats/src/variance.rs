//! Variance estimators shared by every model: the classical one each model computes for
//! itself, and the sandwich family built here from a model's score contributions and its
//! bread — heteroskedasticity-robust HC0–HC3, cluster-robust CR1, and design-based Taylor
//! linearisation (R `survey::svyglm`).
//!
//! Every sandwich is `B M B` with `B` the inverse information (for least squares
//! `(XᵀWX)⁻¹`) and `M` a "meat" built from the rows' score contributions `uᵢ` (for least
//! squares `wᵢ xᵢ eᵢ`, for a GLM the working weight × working residual × `xᵢ`), as in
//! Zeileis (2006), "Object-oriented computation of sandwich estimators", J. Stat. Softw.
//! 16(9) — the R `sandwich` package's definitions.

use crate::survey::Design;
use faer::{Mat, MatRef};
use serde::{Deserialize, Serialize};

/// Which standard errors a model reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum VarianceKind {
    /// Model-based: constant error variance (OLS) or the inverse information (ML).
    #[default]
    Classical,
    /// White (1980): `Σ uᵢuᵢᵀ`.
    Hc0,
    /// HC0 × `n/(n − k)` (Hinkley 1977; Stata's `vce(robust)` for `regress`).
    Hc1,
    /// `uᵢ/√(1 − hᵢ)` (MacKinnon & White 1985).
    Hc2,
    /// `uᵢ/(1 − hᵢ)` (MacKinnon & White 1985; `sandwich::vcovHC`'s default).
    Hc3,
    /// Cluster-robust CR1 on the design's clusters with Stata's small-sample factor.
    Cluster,
    /// Design-based Taylor linearisation with strata and PSUs (R `survey::svyglm`).
    Design,
}

impl VarianceKind {
    /// Every kind, in the order a user meets them.
    pub const ALL: [VarianceKind; 7] = [
        VarianceKind::Classical,
        VarianceKind::Hc0,
        VarianceKind::Hc1,
        VarianceKind::Hc2,
        VarianceKind::Hc3,
        VarianceKind::Cluster,
        VarianceKind::Design,
    ];

    /// Short name, as in the spec and on the command line.
    pub fn code(self) -> &'static str {
        match self {
            VarianceKind::Classical => "classical",
            VarianceKind::Hc0 => "hc0",
            VarianceKind::Hc1 => "hc1",
            VarianceKind::Hc2 => "hc2",
            VarianceKind::Hc3 => "hc3",
            VarianceKind::Cluster => "cluster",
            VarianceKind::Design => "design",
        }
    }
}

/// What a sandwich needs from a fitted model.
#[derive(Debug, Clone, Copy)]
pub struct Scores<'a> {
    /// `n × k` score contributions `uᵢ`, one row per model row (weights included).
    pub scores: MatRef<'a, f64>,
    /// `k × k` inverse information ("bread"), unscaled.
    pub bread: MatRef<'a, f64>,
    /// Leverages `hᵢ` (for HC2 and HC3): the diagonal of the weighted hat matrix.
    pub leverage: Option<&'a [f64]>,
    /// Design row of each model row.
    pub rows: &'a [usize],
    /// Linear model (true) or maximum likelihood (false): Stata's CR1 factor has the
    /// `(n − 1)/(n − k)` term for `regress` only.
    pub linear: bool,
}

/// Why a sandwich could not be formed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum VarianceError {
    #[error(
        "{kind} standard errors need the rows' leverages, and row {row} has leverage 1 (the model fits it exactly); choose HC0 or HC1"
    )]
    LeverageOne { kind: &'static str, row: usize },
    #[error(
        "cluster-robust standard errors need at least two clusters, and the model's rows fall in {clusters}; name a cluster column with more groups or choose HC1"
    )]
    TooFewClusters { clusters: usize },
    #[error("{0} standard errors need a cluster column; name one or choose another type")]
    NoClusters(&'static str),
    #[error("this model does not provide leverages for {0}; choose HC0 or HC1")]
    NoLeverage(&'static str),
}

/// A covariance matrix and the degrees of freedom for its tests (`None`: normal).
#[derive(Debug, Clone)]
pub struct Sandwich {
    pub cov: Mat<f64>,
    pub df: Option<f64>,
    /// Clusters (CR1) or PSUs and strata (design) behind the estimate.
    pub groups: Option<usize>,
}

/// The sandwich covariance of kind `kind` (not [`VarianceKind::Classical`], which each
/// model computes itself; asking for it here gives HC0).
///
/// * HC0–HC3: `B (Σ aᵢ uᵢuᵢᵀ) B` with `aᵢ` = 1, `n/(n − k)`, `1/(1 − hᵢ)`, `1/(1 − hᵢ)²`
///   (`sandwich::vcovHC`); df as the model's classical df (the caller's).
/// * Cluster: `c · B (Σ_g u_g u_gᵀ) B`, `u_g` the cluster sums, `c = G/(G − 1) ·
///   (n − 1)/(n − k)` for linear models and `G/(G − 1)` for ML models (Stata
///   `vce(cluster)`; R `sandwich::vcovCL(type = "HC1")` / `type = "HC0"`), df `G − 1`.
/// * Design: `B V(Σ uᵢ) B` with the design-based covariance of the score total
///   ([`Design::total_covariance`]); df = design df − k + 1, as `survey::svyglm`'s
///   `df.residual`.
pub fn sandwich(
    kind: VarianceKind,
    s: &Scores<'_>,
    design: &Design,
) -> Result<Sandwich, VarianceError> {
    let (n, k) = s.scores.shape();
    let meat = |factor: &dyn Fn(usize) -> Result<f64, VarianceError>| {
        let mut m = Mat::<f64>::zeros(k, k);
        for i in 0..n {
            let f = factor(i)?;
            for a in 0..k {
                let ua = s.scores[(i, a)] * f;
                for b in 0..=a {
                    m[(a, b)] += ua * s.scores[(i, b)];
                }
            }
        }
        symmetrise(&mut m);
        Ok(m)
    };
    let leverage = |name: &'static str| s.leverage.ok_or(VarianceError::NoLeverage(name));
    let hc = |power: i32, name: &'static str| -> Result<Mat<f64>, VarianceError> {
        let h = leverage(name)?;
        meat(&|i| {
            let one_minus = 1.0 - h[i];
            if one_minus <= 1e-10 {
                Err(VarianceError::LeverageOne { kind: name, row: i })
            } else {
                Ok(one_minus.powi(-power))
            }
        })
    };
    let (m, df, groups) = match kind {
        VarianceKind::Classical | VarianceKind::Hc0 => (meat(&|_| Ok(1.0))?, None, None),
        VarianceKind::Hc1 => {
            let c = n as f64 / (n - k) as f64;
            (meat(&|_| Ok(c))?, None, None)
        }
        VarianceKind::Hc2 => (hc(1, "HC2")?, None, None),
        VarianceKind::Hc3 => (hc(2, "HC3")?, None, None),
        VarianceKind::Cluster => {
            if !design.is_clustered() {
                return Err(VarianceError::NoClusters("Cluster-robust"));
            }
            let mut sums = Mat::<f64>::zeros(design.n_psu(), k);
            let mut used = vec![false; design.n_psu()];
            for (i, &r) in s.rows.iter().enumerate() {
                let g = design.psu()[r];
                used[g] = true;
                for a in 0..k {
                    sums[(g, a)] += s.scores[(i, a)];
                }
            }
            let g_count = used.iter().filter(|&&u| u).count();
            if g_count < 2 {
                return Err(VarianceError::TooFewClusters { clusters: g_count });
            }
            let g = g_count as f64;
            let mut c = g / (g - 1.0);
            if s.linear {
                c *= (n as f64 - 1.0) / (n - k) as f64;
            }
            let mut m = Mat::<f64>::zeros(k, k);
            for row in 0..design.n_psu() {
                for a in 0..k {
                    for b in 0..=a {
                        m[(a, b)] += c * sums[(row, a)] * sums[(row, b)];
                    }
                }
            }
            symmetrise(&mut m);
            (m, Some(g - 1.0), Some(g_count))
        }
        VarianceKind::Design => {
            let m = design.total_covariance(s.rows, s.scores);
            let df = design.df(s.rows) as f64 + 1.0 - k as f64;
            (m, Some(df), Some(design.n_psu()))
        }
    };
    let cov = s.bread * &m * s.bread;
    Ok(Sandwich { cov, df, groups })
}

/// Copy the lower triangle onto the upper.
fn symmetrise(m: &mut Mat<f64>) {
    for a in 0..m.nrows() {
        for b in 0..a {
            m[(b, a)] = m[(a, b)];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Simple regression through the origin, y = b x: B = 1/Σx², u = x e, so HC0 =
    /// Σx²e²/(Σx²)², checked by hand; HC1 scales by n/(n − 1); clusters sum u.
    #[test]
    fn one_parameter_sandwiches_by_hand() {
        let x = [1.0, 2.0, 3.0, 4.0];
        let e = [0.5, -1.0, 0.25, 0.5];
        let sxx: f64 = x.iter().map(|v| v * v).sum();
        let u = Mat::from_fn(4, 1, |i, _| x[i] * e[i]);
        let bread = Mat::from_fn(1, 1, |_, _| 1.0 / sxx);
        let h: Vec<f64> = x.iter().map(|v| v * v / sxx).collect();
        let rows = [0, 1, 2, 3];
        let s = Scores {
            scores: u.as_ref(),
            bread: bread.as_ref(),
            leverage: Some(&h),
            rows: &rows,
            linear: true,
        };
        let simple = Design::simple(4);
        let hc0: f64 = x.iter().zip(&e).map(|(x, e)| (x * e).powi(2)).sum::<f64>() / sxx / sxx;
        let v = |kind, d: &Design| sandwich(kind, &s, d).unwrap().cov[(0, 0)];
        assert!((v(VarianceKind::Hc0, &simple) - hc0).abs() < 1e-15);
        assert!((v(VarianceKind::Hc1, &simple) - hc0 * 4.0 / 3.0).abs() < 1e-15);
        let hc3: f64 = (0..4)
            .map(|i| (x[i] * e[i] / (1.0 - h[i])).powi(2))
            .sum::<f64>()
            / sxx
            / sxx;
        assert!((v(VarianceKind::Hc3, &simple) - hc3).abs() < 1e-15);

        // Clusters {0, 1} and {2, 3}: sums 0.5 − 2 = −1.5 and 0.75 + 2 = 2.75.
        let d = Design::new::<u8, u8>(4, None, None, Some(&[1, 1, 2, 2])).unwrap();
        let c = 2.0 * (3.0 / 3.0);
        let want = c * (1.5f64.powi(2) + 2.75f64.powi(2)) / sxx / sxx;
        let got = sandwich(VarianceKind::Cluster, &s, &d).unwrap();
        assert!((got.cov[(0, 0)] - want).abs() < 1e-15);
        assert_eq!(got.df, Some(1.0));
        assert_eq!(
            sandwich(VarianceKind::Cluster, &s, &simple).unwrap_err(),
            VarianceError::NoClusters("Cluster-robust")
        );
    }
}
