//! The bundled sample must show the structure its documented model puts in: these checks
//! score the answers independently of the engine and compare with the model's signs,
//! rates and category shares.

use rapport_samples::{
    AGREEMENT, COLUMNS, DONT_KNOW, RELATIONAL, SAMPLE_ROWS, Survey, TRANSACTIONAL, TRUST, Value,
    YES_NO, generate, riverside_spec, sample,
};

fn column(survey: &Survey, name: &str) -> Vec<Value> {
    let c = COLUMNS
        .iter()
        .position(|c| *c == name)
        .expect("known column");
    survey.rows.iter().map(|r| r[c].clone()).collect()
}

/// Score 1..k on a scale given most negative first; `None` for missing answers.
fn scored(values: &[Value], scale: &[&str]) -> Vec<Option<f64>> {
    values
        .iter()
        .map(|v| match v {
            Value::Text(t) => scale.iter().position(|s| s == t).map(|i| (i + 1) as f64),
            Value::Number(x) => Some(*x),
            _ => None,
        })
        .collect()
}

/// Pearson correlation over pairs where both are present.
fn correlation(a: &[Option<f64>], b: &[Option<f64>]) -> f64 {
    let pairs: Vec<(f64, f64)> = a
        .iter()
        .zip(b)
        .filter_map(|(x, y)| Some(((*x)?, (*y)?)))
        .collect();
    let n = pairs.len() as f64;
    let (mx, my) = pairs
        .iter()
        .fold((0.0, 0.0), |(sx, sy), (x, y)| (sx + x / n, sy + y / n));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in &pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    sxy / (sxx * syy).sqrt()
}

#[test]
fn correlation_helper_matches_hand_values() {
    let a = [Some(1.0), Some(2.0), Some(3.0), None];
    assert!((correlation(&a, &[Some(2.0), Some(4.0), Some(6.0), Some(0.0)]) - 1.0).abs() < 1e-12);
    // (1,3),(2,1),(3,2): r = -0.5 exactly.
    let r = correlation(&a, &[Some(3.0), Some(1.0), Some(2.0), None]);
    assert!((r + 0.5).abs() < 1e-12, "{r}");
}

#[test]
fn shape_and_header() {
    let s = sample();
    assert_eq!(s.rows.len(), SAMPLE_ROWS);
    assert!(s.rows.iter().all(|r| r.len() == 28));
    assert_eq!(s.columns, COLUMNS);
    assert!(s.note.starts_with("Base: all respondents (n = 1200)."));
}

#[test]
fn items_relate_to_trust_with_the_documented_signs() {
    let s = sample();
    let trust = scored(&column(&s, "trust_council"), &TRUST);
    // Every relational item has a positive loading and every one but understood_situation a
    // positive direct effect, so all correlate clearly positively with trust.
    for item in RELATIONAL {
        let r = correlation(&scored(&column(&s, item.column), &AGREEMENT), &trust);
        assert!(r > 0.25, "{}: r = {r}", item.column);
    }
    let r = correlation(&scored(&column(&s, "resolved_first_time"), &YES_NO), &trust);
    assert!(r > 0.15, "resolved_first_time: r = {r}");
    // A better latent experience means a shorter wait, so waiting correlates negatively.
    let r = correlation(&scored(&column(&s, "days_waited"), &[]), &trust);
    assert!(r < -0.05, "days_waited: r = {r}");
    for item in &TRANSACTIONAL[2..] {
        let r = correlation(&scored(&column(&s, item.column), &AGREEMENT), &trust);
        assert!(r > 0.15, "{}: r = {r}", item.column);
    }
    let sat = scored(&column(&s, "satisfaction"), &[]);
    assert!(correlation(&sat, &trust) > 0.5);
}

#[test]
fn dont_know_rates_are_near_their_settings() {
    let s = sample();
    for item in RELATIONAL.iter().chain(&TRANSACTIONAL) {
        let dk = column(&s, item.column)
            .iter()
            .filter(|v| matches!(v, Value::Text(t) if t == DONT_KNOW))
            .count() as f64
            / SAMPLE_ROWS as f64;
        // Binomial SD at n = 1200 is at most 0.0063 for rates up to 5%; allow 3 SD.
        let tolerance = 3.0 * (item.dont_know * (1.0 - item.dont_know) / SAMPLE_ROWS as f64).sqrt();
        assert!(
            (dk - item.dont_know).abs() <= tolerance,
            "{}: {dk} vs {}",
            item.column,
            item.dont_know
        );
    }
}

#[test]
fn reference_categories_are_clear_modes() {
    // The engine's reference level is the most frequent; a near tie would make it depend on
    // which rows survive listwise deletion, so the mode must lead by at least 5% of rows.
    let s = sample();
    for (name, mode) in [
        ("age_band", "45-54"),
        ("sex", "Female"),
        ("tenure", "Owner occupier"),
    ] {
        let mut counts = std::collections::BTreeMap::<String, usize>::new();
        for v in column(&s, name) {
            if let Value::Text(t) = v {
                *counts.entry(t.into_owned()).or_default() += 1;
            }
        }
        let mut sorted: Vec<_> = counts.into_iter().collect();
        sorted.sort_by_key(|entry| std::cmp::Reverse(entry.1));
        assert_eq!(sorted[0].0, mode, "{name}");
        assert!(
            sorted[0].1 - sorted[1].1 > SAMPLE_ROWS / 20,
            "{name}: {sorted:?}"
        );
    }
}

#[test]
fn a_larger_survey_starts_with_the_smaller_one() {
    let weight = COLUMNS.iter().position(|c| *c == "weight").unwrap();
    let strip = |s: Survey| -> Vec<Vec<Value>> {
        s.rows
            .into_iter()
            .map(|mut r| {
                r.remove(weight);
                r
            })
            .collect()
    };
    let small = strip(generate(40, 11));
    let large = strip(generate(90, 11));
    assert_eq!(small[..], large[..40]);
}

#[test]
fn spec_names_only_real_columns() {
    let spec: serde_json::Value = serde_json::from_str(&riverside_spec()).expect("valid JSON");
    let mut names = vec![spec["outcome"].as_str().unwrap().to_string()];
    for block in spec["blocks"].as_array().unwrap() {
        for p in block["predictors"].as_array().unwrap() {
            names.push(p.as_str().unwrap().to_string());
        }
    }
    assert_eq!(names.len(), 18);
    for name in names {
        assert!(COLUMNS.contains(&name.as_str()), "{name}");
    }
}
