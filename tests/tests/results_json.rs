//! `Results` is the one output every face reads: its JSON must load back to the same value,
//! with every float exact (serde_json writes the shortest round-trip form).

use rapport_engine::analysis;
use rapport_engine::results::Results;
use rapport_engine::spec::AnalysisSpec;
use std::path::Path;

#[test]
fn riverside_results_round_trip_through_json() {
    let spec_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples/riverside-trust.json");
    let spec = AnalysisSpec::load(&spec_path).unwrap();
    let results = analysis::run(&spec).unwrap();
    let text = serde_json::to_string(&results).unwrap();
    let back: Results = serde_json::from_str(&text).unwrap();
    assert_eq!(back, results);
    // Two-item composites have no alpha-if-deleted: it must still serialise and load.
    let mut two = spec.clone();
    two.composites[0].items.truncate(2);
    let results = analysis::run(&two).unwrap();
    assert!(
        results.composites[0].reliability.items[0]
            .alpha_if_deleted
            .is_none()
    );
    let back: Results = serde_json::from_str(&serde_json::to_string(&results).unwrap()).unwrap();
    assert_eq!(back, results);
}
