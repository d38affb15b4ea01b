//! Loader for the NIST StRD linear regression files in tests/data/nist, shared by the
//! accuracy test and the linfa cross-check.

use rapport_stats::linalg::faer::Mat;
use std::path::PathBuf;

/// One certified data set.
pub struct Nist {
    pub name: String,
    /// Certified (estimate, standard deviation) per parameter, B0 first.
    pub params: Vec<(f64, f64)>,
    pub residual_sd: f64,
    pub r_squared: f64,
    pub intercept: bool,
    /// Design including the column of ones when `intercept`.
    pub x: Mat<f64>,
    pub y: Vec<f64>,
}

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/nist")
}

/// `(a, b)` from "... (lines a to b)" on the header line containing `label`.
fn line_range(text: &str, label: &str) -> (usize, usize) {
    let line = text
        .lines()
        .find(|l| l.contains(label) && l.contains("lines"))
        .unwrap();
    let nums: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|t| t.parse().ok())
        .collect();
    (nums[0], nums[1])
}

fn last_number(line: &str) -> f64 {
    line.split_whitespace().last().unwrap().parse().unwrap()
}

pub fn load(name: &str) -> Nist {
    let text = std::fs::read_to_string(data_dir().join(format!("{name}.dat"))).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let (c0, c1) = line_range(&text, "Certified Values");
    let (d0, d1) = line_range(&text, "Data ");
    let certified = &lines[c0 - 1..c1];
    let mut params = Vec::new();
    let mut intercept = false;
    for l in certified {
        let t: Vec<&str> = l.split_whitespace().collect();
        if t.len() == 3 && t[0].starts_with('B') && t[0][1..].parse::<usize>().is_ok() {
            intercept |= t[0] == "B0";
            params.push((t[1].parse().unwrap(), t[2].parse().unwrap()));
        }
    }
    let residual_sd = last_number(
        certified
            .iter()
            .find(|l| l.contains("Standard Deviation") && !l.contains("Estimate"))
            .unwrap(),
    );
    let r_squared = last_number(certified.iter().find(|l| l.contains("R-Squared")).unwrap());
    let rows: Vec<Vec<f64>> = lines[d0 - 1..d1]
        .iter()
        .map(|l| l.split_whitespace().map(|v| v.parse().unwrap()).collect())
        .collect();
    let observations: usize = lines
        .iter()
        .find(|l| l.contains("Observations"))
        .and_then(|l| l.split_whitespace().next())
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(rows.len(), observations, "{name}: data rows");
    let y: Vec<f64> = rows.iter().map(|r| r[0]).collect();
    let predictors = rows[0].len() - 1;
    let slopes = params.len() - usize::from(intercept);
    // One predictor column but several slopes: a polynomial x, x², …, x^k.
    let polynomial = predictors == 1 && slopes > 1;
    let x = Mat::from_fn(rows.len(), params.len(), |i, j| {
        let k = j + 1 - usize::from(intercept); // 0 = intercept column
        match (k, polynomial) {
            (0, _) => 1.0,
            (k, true) => rows[i][1].powi(k as i32),
            (k, false) => rows[i][k],
        }
    });
    Nist {
        name: name.to_string(),
        params,
        residual_sd,
        r_squared,
        intercept,
        x,
        y,
    }
}

/// Log relative error, capped at 15 and floored at 0 (tests/data/nist/README.md); the
/// absolute form where the certified value is 0.
pub fn lre(est: f64, cert: f64) -> f64 {
    let err = if cert == 0.0 {
        (est - cert).abs()
    } else {
        ((est - cert) / cert).abs()
    };
    if err == 0.0 {
        return 15.0;
    }
    let v = -err.log10();
    if v.is_nan() || v < 1.0 {
        0.0
    } else {
        v.min(15.0)
    }
}
