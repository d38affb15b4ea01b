//! Composite scales and their reliability.
//!
//! Formulas follow R's `psych::alpha` (Revelle), restricted to respondents who answered
//! every item (psych's default is pairwise covariances; the two agree when nothing is
//! missing). Listwise keeps every statistic on one sample, so they stay mutually
//! consistent and alpha cannot leave [−∞, 1] through an indefinite covariance matrix.

use serde::{Deserialize, Serialize};

/// Reliability of a set of items (Cronbach 1951), on respondents who answered every item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Reliability {
    /// Respondents with every item answered (listwise), on which the statistics rest.
    pub n_complete: usize,
    /// Raw alpha, from item variances and the variance of the total.
    pub alpha: f64,
    /// Standardized alpha, from the mean inter-item correlation.
    pub alpha_standardized: f64,
    pub items: Vec<ItemStats>,
}

/// Per-item statistics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemStats {
    pub item: String,
    pub mean: f64,
    pub sd: f64,
    /// Correlation of the item with the sum of the *other* items (`None` when the others'
    /// sum does not vary, so the correlation is undefined).
    pub corrected_item_total: Option<f64>,
    /// Raw alpha of the scale without this item (`None` for a two-item scale, where one
    /// item is left and alpha is undefined; `psych` prints NA).
    pub alpha_if_deleted: Option<f64>,
}

/// Why reliability could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReliabilityError {
    #[error("a scale needs at least 2 items for its reliability, but it has {items}")]
    TooFewItems { items: usize },
    #[error("{names} item names were given for {items} items")]
    NamesMismatch { names: usize, items: usize },
    #[error("only {complete} respondents answered every item; reliability needs at least 2")]
    TooFewRespondents { complete: usize },
    #[error(
        "item \"{item}\" has the same answer from every respondent who answered all items, so it cannot be correlated with the others; leave it out of the scale"
    )]
    ZeroVariance { item: String },
    #[error(
        "the items' total is the same for every respondent who answered all items (the items cancel out), so alpha is undefined; check whether an item should be reverse-coded"
    )]
    ZeroTotalVariance,
}

/// Mean of answered items per respondent when at least `min_valid` (and at least one)
/// are answered, else `None`. Non-finite values count as unanswered; an item shorter than
/// the others is unanswered for the missing respondents.
pub fn score(items: &[Vec<Option<f64>>], min_valid: usize) -> Vec<Option<f64>> {
    let n = items.iter().map(Vec::len).max().unwrap_or(0);
    (0..n)
        .map(|i| {
            let answered: Vec<f64> = items.iter().filter_map(|item| answer(item, i)).collect();
            (!answered.is_empty() && answered.len() >= min_valid)
                .then(|| answered.iter().sum::<f64>() / answered.len() as f64)
        })
        .collect()
}

fn answer(item: &[Option<f64>], i: usize) -> Option<f64> {
    item.get(i).copied().flatten().filter(|v| v.is_finite())
}

/// Cronbach's alpha raw and standardized, alpha-if-item-deleted and corrected item–total
/// correlations, on respondents with every item answered (listwise), as `psych::alpha`:
///
/// * raw α = k/(k−1) · (1 − Σ σ²ᵢ / σ²ₓ), with σ²ₓ = Σᵢⱼ Cᵢⱼ the variance of the total;
/// * standardized α = k r̄ / (1 + (k−1) r̄), r̄ the mean inter-item correlation;
/// * corrected item–total r = cov(item, rest) / (σᵢ σ_rest), rest = sum of the others
///   (psych's `r.drop`).
pub fn reliability(
    names: &[String],
    items: &[Vec<Option<f64>>],
) -> Result<Reliability, ReliabilityError> {
    let k = items.len();
    if names.len() != k {
        return Err(ReliabilityError::NamesMismatch {
            names: names.len(),
            items: k,
        });
    }
    if k < 2 {
        return Err(ReliabilityError::TooFewItems { items: k });
    }
    let n = items.iter().map(Vec::len).max().unwrap_or(0);
    let complete: Vec<Vec<f64>> = (0..n)
        .filter_map(|i| {
            items
                .iter()
                .map(|item| answer(item, i))
                .collect::<Option<Vec<f64>>>()
        })
        .collect();
    let m = complete.len();
    if m < 2 {
        return Err(ReliabilityError::TooFewRespondents { complete: m });
    }

    // Two-pass covariance matrix (divisor m − 1).
    let means: Vec<f64> = (0..k)
        .map(|j| complete.iter().map(|row| row[j]).sum::<f64>() / m as f64)
        .collect();
    let devs: Vec<Vec<f64>> = complete
        .iter()
        .map(|row| row.iter().zip(&means).map(|(v, mu)| v - mu).collect())
        .collect();
    let cov: Vec<Vec<f64>> = (0..k)
        .map(|a| {
            (0..k)
                .map(|b| devs.iter().map(|d| d[a] * d[b]).sum::<f64>() / (m - 1) as f64)
                .collect()
        })
        .collect();
    if let Some(j) = (0..k).find(|&j| cov[j][j] <= 0.0) {
        return Err(ReliabilityError::ZeroVariance {
            item: names[j].clone(),
        });
    }

    let all: Vec<usize> = (0..k).collect();
    if sum_block(&cov, &all) <= 0.0 {
        return Err(ReliabilityError::ZeroTotalVariance);
    }
    let alpha = raw_alpha(&cov, &all);
    let mut r_sum = 0.0;
    for a in 0..k {
        for b in 0..a {
            r_sum += cov[a][b] / (cov[a][a] * cov[b][b]).sqrt();
        }
    }
    let r_bar = r_sum / (k * (k - 1) / 2) as f64;
    let alpha_standardized = k as f64 * r_bar / (1.0 + (k - 1) as f64 * r_bar);

    let stats = (0..k)
        .map(|j| {
            let rest: Vec<usize> = (0..k).filter(|&i| i != j).collect();
            let cov_rest: f64 = rest.iter().map(|&i| cov[j][i]).sum();
            let var_rest = sum_block(&cov, &rest);
            ItemStats {
                item: names[j].clone(),
                mean: means[j],
                sd: cov[j][j].sqrt(),
                corrected_item_total: (var_rest > 0.0)
                    .then(|| cov_rest / (cov[j][j] * var_rest).sqrt()),
                alpha_if_deleted: (rest.len() >= 2).then(|| raw_alpha(&cov, &rest)),
            }
        })
        .collect();
    Ok(Reliability {
        n_complete: m,
        alpha,
        alpha_standardized,
        items: stats,
    })
}

/// Raw alpha of the items `set` from the covariance matrix.
fn raw_alpha(cov: &[Vec<f64>], set: &[usize]) -> f64 {
    let k = set.len() as f64;
    let trace: f64 = set.iter().map(|&i| cov[i][i]).sum();
    k / (k - 1.0) * (1.0 - trace / sum_block(cov, set))
}

/// `Σ_{a,b ∈ set} cov[a][b]`: the variance of the sum of the items in `set`.
fn sum_block(cov: &[Vec<f64>], set: &[usize]) -> f64 {
    set.iter()
        .flat_map(|&a| set.iter().map(move |&b| cov[a][b]))
        .sum()
}
