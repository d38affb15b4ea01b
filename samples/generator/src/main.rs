//! `make-samples [DIR] [ROWS]`: write the bundled sample survey (xlsx and csv) and its saved
//! analysis into DIR (default `samples`). Deterministic: rerunning gives identical bytes.
//! With ROWS, write instead a survey of that many rows as `riverside-ROWS.xlsx`/`.csv`
//! (the benchmarks' workbook, for timing other tools on the same file).

use std::error::Error;
use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "samples".into()));
    std::fs::create_dir_all(&dir)?;
    let (survey, stem) = match args.next() {
        Some(rows) => {
            let rows: usize = rows
                .parse()
                .map_err(|_| format!("ROWS must be a count, got {rows}"))?;
            (
                rapport_samples::generate(rows, 1),
                format!("riverside-{rows}"),
            )
        }
        None => (rapport_samples::sample(), "riverside-2026".to_string()),
    };

    let xlsx = dir.join(format!("{stem}.xlsx"));
    rapport_samples::write_xlsx(&xlsx, &survey)?;
    let csv = dir.join(format!("{stem}.csv"));
    rapport_samples::write_csv(BufWriter::new(File::create(&csv)?), &survey)?;
    let mut written = vec![xlsx, csv];
    if stem == "riverside-2026" {
        let spec = dir.join("riverside-trust.json");
        std::fs::write(&spec, rapport_samples::riverside_spec())?;
        written.push(spec);
    }
    for path in written {
        println!("wrote {}", path.display());
    }
    Ok(())
}
