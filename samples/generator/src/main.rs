//! `make-samples [DIR]`: write the bundled sample survey (xlsx and csv) and its saved
//! analysis into DIR (default `samples`). Deterministic: rerunning gives identical bytes.

use std::error::Error;
use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "samples".into()));
    std::fs::create_dir_all(&dir)?;
    let survey = rapport_samples::sample();

    let xlsx = dir.join("riverside-2026.xlsx");
    rapport_samples::write_xlsx(&xlsx, &survey)?;
    let csv = dir.join("riverside-2026.csv");
    rapport_samples::write_csv(BufWriter::new(File::create(&csv)?), &survey)?;
    let spec = dir.join("riverside-trust.json");
    std::fs::write(&spec, rapport_samples::riverside_spec())?;

    for path in [xlsx, csv, spec] {
        println!("wrote {}", path.display());
    }
    Ok(())
}
