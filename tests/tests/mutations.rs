//! Mutation fuzzing with a fixed seed: damaged copies of the sample workbook and csv (bytes
//! flipped, runs zeroed, cut short) must give an error or a table, never a panic, and
//! whatever is read must go through the codebook and a model without panicking either.
//! Damaging a workbook's zip mostly tests the zip layer (checksums fail), so the workbook is
//! also damaged inside: its sheet, shared strings or workbook XML is mutated and re-zipped
//! intact, which reaches the XML and cell parsing.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rapport_engine::analysis;
use rapport_engine::codebook::Codebook;
use rapport_engine::spec::{AnalysisSpec, BlockRole, PredictorBlock};
use rapport_read::{ReadOptions, read_table};
use std::io::{Read, Write};
use std::path::Path;

const CASES: usize = 60;

fn mutate(rng: &mut ChaCha8Rng, original: &[u8]) -> Vec<u8> {
    let mut bytes = original.to_vec();
    match rng.random_range(0..3) {
        0 => {
            for _ in 0..rng.random_range(1..20) {
                let i = rng.random_range(0..bytes.len());
                bytes[i] = rng.random();
            }
        }
        1 => {
            let start = rng.random_range(0..bytes.len());
            let end = (start + rng.random_range(1..4096)).min(bytes.len());
            bytes[start..end].fill(0);
        }
        _ => bytes.truncate(rng.random_range(0..bytes.len())),
    }
    bytes
}

/// The workbook re-zipped with one of its XML parts mutated.
fn mutate_inside(rng: &mut ChaCha8Rng, original: &[u8]) -> Vec<u8> {
    const PARTS: [&str; 3] = [
        "xl/worksheets/sheet1.xml",
        "xl/sharedStrings.xml",
        "xl/workbook.xml",
    ];
    let target = PARTS[rng.random_range(0..PARTS.len())];
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(original)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        if name == target {
            bytes = mutate(rng, &bytes);
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn fuzz(sample: &str, seed: u64, damage: fn(&mut ChaCha8Rng, &[u8]) -> Vec<u8>) {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples");
    let original = std::fs::read(samples.join(sample)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(sample);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (mut tables, mut errors) = (0, 0);
    for _ in 0..CASES {
        std::fs::write(&path, damage(&mut rng, &original)).unwrap();
        match read_table(&path, &ReadOptions::default()) {
            Ok(table) => {
                tables += 1;
                let codebook = Codebook::detect(&table);
                assert_eq!(codebook.variables.len(), table.columns.len());
                let block =
                    PredictorBlock::new("Predictors", BlockRole::Other, &["kind", "age_band"]);
                let spec = AnalysisSpec::new(&path, "trust_council", vec![block]);
                // A damaged file may lose the columns; an error is fine, a panic is not.
                let _ = analysis::run(&spec);
            }
            Err(e) => {
                errors += 1;
                assert!(
                    e.to_string().contains(sample),
                    "message names the file: {e}"
                );
            }
        }
    }
    println!("{sample}: {tables} read, {errors} refused");
}

#[test]
fn damaged_workbooks_never_panic() {
    fuzz("riverside-2026.xlsx", 2026, mutate);
}

#[test]
fn workbooks_with_damaged_xml_never_panic() {
    fuzz("riverside-2026.xlsx", 2028, mutate_inside);
}

#[test]
fn damaged_csv_files_never_panic() {
    fuzz("riverside-2026.csv", 2027, mutate);
}
