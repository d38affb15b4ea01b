//! Bootstrap replicates of the estimation sample as weight multipliers, so one weighted
//! decomposition serves both the estimate and every replicate.
//!
//! Without a sampling design, respondents are drawn with replacement (Efron 1979): a
//! respondent drawn twice counts twice. With a design, the Rao–Wu rescaling bootstrap
//! (Rao & Wu 1988, *JASA* 83; R's `survey::as.svrepdesign(type = "subbootstrap")`):
//! in each stratum with `n_h` PSUs, `n_h − 1` PSUs are drawn with replacement and a PSU
//! drawn `c` times has its weights multiplied by `c · n_h/(n_h − 1)`. Clusters stay
//! whole and strata keep their share, as the design-based variances assume. A stratum
//! with a single PSU cannot be resampled and keeps its weights.
//!
//! Replicate `r` draws from ChaCha8 seeded with the spec's seed on stream `r`, so the
//! replicates do not depend on how many threads run them.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// What is resampled: each estimation row's PSU and the PSUs' strata.
#[derive(Debug, Clone, PartialEq)]
pub struct Resampling {
    /// PSU of each estimation row, `0..n_psu`.
    psu: Vec<usize>,
    /// PSUs of each stratum.
    strata: Vec<Vec<usize>>,
    /// Rao–Wu rescaling (a design) or the plain bootstrap.
    rescaled: bool,
    /// What was resampled, in words.
    pub words: String,
}

impl Resampling {
    /// Respondents drawn with replacement.
    pub fn respondents(n: usize) -> Self {
        Resampling {
            psu: (0..n).collect(),
            strata: vec![(0..n).collect()],
            rescaled: false,
            words: "respondents, drawn with replacement".into(),
        }
    }

    /// PSUs within strata (Rao–Wu). `psu[i]` and `stratum[i]` label estimation row `i`;
    /// `cluster` and `strata` name the design's columns, for the words.
    pub fn design(
        psu: &[usize],
        stratum: &[usize],
        cluster: Option<&str>,
        strata: Option<&str>,
    ) -> Self {
        let mut ids: Vec<usize> = psu.to_vec();
        ids.sort_unstable();
        ids.dedup();
        let renumber = |p: usize| ids.binary_search(&p).expect("a listed PSU");
        let mut by_stratum: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for (&p, &h) in psu.iter().zip(stratum) {
            let list = by_stratum.entry(h).or_default();
            let k = renumber(p);
            if !list.contains(&k) {
                list.push(k);
            }
        }
        let unit = cluster.map_or_else(|| "respondents".to_string(), |c| format!("{c} clusters"));
        let words = match strata {
            Some(s) => format!("{unit} within {s} strata (Rao–Wu rescaling bootstrap)"),
            None => format!("{unit} (Rao–Wu rescaling bootstrap)"),
        };
        Resampling {
            psu: psu.iter().map(|&p| renumber(p)).collect(),
            strata: by_stratum.into_values().collect(),
            rescaled: true,
            words,
        }
    }

    /// Weight multiplier of each estimation row in replicate `r`.
    pub fn multipliers(&self, seed: u64, r: u64) -> Vec<f64> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(r);
        let n_psu = self.strata.iter().map(Vec::len).sum::<usize>();
        let mut factor = vec![0.0; n_psu];
        for units in &self.strata {
            let n = units.len();
            if self.rescaled && n < 2 {
                units.iter().for_each(|&u| factor[u] = 1.0);
                continue;
            }
            let (draws, scale) = if self.rescaled {
                (n - 1, n as f64 / (n - 1) as f64)
            } else {
                (n, 1.0)
            };
            for _ in 0..draws {
                factor[units[rng.random_range(0..n)]] += scale;
            }
        }
        self.psu.iter().map(|&p| factor[p]).collect()
    }
}

/// The `level` percentile interval of `values` (R's `quantile` type 7); `None` when empty.
pub fn percentile_interval(values: &mut [f64], level: f64) -> Option<[f64; 2]> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let alpha = (1.0 - level) / 2.0;
    Some([quantile(values, alpha), quantile(values, 1.0 - alpha)])
}

/// Type-7 quantile of sorted values: linear between order statistics at `(n − 1)p`.
fn quantile(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let (lo, frac) = (h.floor() as usize, h - h.floor());
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + frac * (sorted[hi] - sorted[lo])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_7_quantiles_match_r() {
        // R: quantile(c(1, 2, 4, 8, 16), c(0.025, 0.975)) = 1.1, 15.2
        let mut v = [16.0, 4.0, 1.0, 8.0, 2.0];
        let [lo, hi] = percentile_interval(&mut v, 0.95).unwrap();
        assert!(
            (lo - 1.1).abs() < 1e-12 && (hi - 15.2).abs() < 1e-12,
            "{lo} {hi}"
        );
    }

    #[test]
    fn the_plain_bootstrap_draws_n_respondents() {
        let m = Resampling::respondents(50).multipliers(7, 3);
        assert_eq!(m.iter().sum::<f64>(), 50.0);
        assert!(m.iter().all(|c| c.fract() == 0.0));
    }

    #[test]
    fn rao_wu_keeps_clusters_whole_and_each_stratums_weight_on_average() {
        // Two strata: PSUs 0,1,2 (rows 0–5) and 3,4 (rows 6–9); a lonely PSU 5 (row 10).
        let psu = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5];
        let stratum = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2];
        let r = Resampling::design(&psu, &stratum, Some("ward"), None);
        let mut mean = vec![0.0; psu.len()];
        let reps = 4000;
        for rep in 0..reps {
            let m = r.multipliers(11, rep);
            for pair in m[..10].chunks(2) {
                assert_eq!(pair[0], pair[1], "a cluster is drawn whole");
            }
            // Stratum 0 draws 2 of 3 PSUs at 3/2 each: its multipliers add to 2·3/2·2 rows.
            assert!((m[..6].iter().sum::<f64>() - 6.0).abs() < 1e-12);
            assert!((m[6..10].iter().sum::<f64>() - 4.0).abs() < 1e-12);
            assert_eq!(m[10], 1.0, "a lonely PSU keeps its weight");
            mean.iter_mut()
                .zip(&m)
                .for_each(|(a, b)| *a += b / reps as f64);
        }
        // Each PSU's expected multiplier is 1 (unbiased totals); sd 1, so 0.07 is 4.4 SE of 4000 draws.
        for (i, m) in mean.iter().enumerate() {
            assert!((m - 1.0).abs() < 0.07, "row {i}: mean multiplier {m}");
        }
    }

    #[test]
    fn replicates_depend_on_seed_and_stream_only() {
        let r = Resampling::respondents(30);
        assert_eq!(r.multipliers(5, 9), r.multipliers(5, 9));
        assert_ne!(r.multipliers(5, 9), r.multipliers(5, 10));
        assert_ne!(r.multipliers(5, 9), r.multipliers(6, 9));
    }
}
