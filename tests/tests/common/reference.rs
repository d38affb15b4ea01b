//! Reading reference fixtures and comparing to them in significant digits.

use serde_json::Value;
use std::path::{Path, PathBuf};

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the repository root")
        .to_path_buf()
}

/// A JSON fixture, by path from the repository root.
pub fn fixture(path: &str) -> Value {
    let text = std::fs::read_to_string(repo().join(path))
        .unwrap_or_else(|e| panic!("fixture {path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("fixture {path} is not JSON: {e}"))
}

/// A JSON array of numbers.
pub fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap_or_else(|| panic!("{v} is not an array"))
        .iter()
        .map(|x| x.as_f64().expect("number"))
        .collect()
}

/// Assert agreement to `digits` significant digits (relative error ≤ 10^−digits).
pub fn close(what: &str, got: f64, want: f64, digits: f64) {
    let rel = (got - want).abs() / want.abs().max(1e-300);
    assert!(
        rel <= 10f64.powf(-digits),
        "{what}: got {got:e}, the reference gives {want:e} (relative error {rel:.1e}, bar {digits} digits)"
    );
}
