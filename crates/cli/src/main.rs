//! `rapport`: the headless face of Rapport. Every command walks the engine's one data path;
//! this crate only parses arguments and prints.
//!
//! Exit codes: 0 success, 1 data or model error (one paragraph on stderr: what, where, what
//! to do), 2 usage error (clap's own message).

mod args;
mod print;

use args::{Cli, Command, Format};
use clap::Parser;
use rapport_engine::analysis;
use rapport_engine::rake;
use rapport_engine::results::Results;
use rapport_engine::spec::AnalysisSpec;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    restore_sigpipe();
    rapport_engine::allocator::configure();
    let cli = Cli::parse();
    match execute(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

/// Let a closed pipe end the process quietly, as for any Unix filter
/// (`rapport describe big.xlsx | head`): Rust ignores SIGPIPE, which turns the next write
/// into a panic.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in `main`, before any other thread exists; SIG_DFL is a
    // valid disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Run one command; the error is the user-facing paragraph.
fn execute(command: Command) -> Result<(), String> {
    match command {
        Command::Sheets { file, format } => {
            let sheets = rapport_read::list_sheets(&file).map_err(|e| e.to_string())?;
            match format {
                Format::Json => print::json(&sheets),
                Format::Table => print::sheets(&file, &sheets),
            }
        }
        Command::Describe {
            file,
            source,
            format,
        } => {
            let (table, codebook) = source.read(&file)?;
            match format {
                Format::Json => print::json(&codebook),
                Format::Table => print::codebook(&table, &codebook),
            }
        }
        Command::Fit(fit) => {
            let results = run_analysis(&fit.to_spec())?;
            finish(&results, &fit.file, fit.output)
        }
        Command::Rake(args) => rake(&args),
        Command::Run {
            spec,
            model,
            output,
        } => {
            let mut spec = AnalysisSpec::load(&spec).map_err(|e| e.to_string())?;
            model.apply(&mut spec);
            let results = run_analysis(&spec)?;
            finish(&results, &spec.data_path(), output)
        }
        Command::Drivers {
            spec,
            model,
            output,
            csv,
        } => {
            let mut spec = AnalysisSpec::load(&spec).map_err(|e| e.to_string())?;
            model.apply(&mut spec);
            model.drivers.enable(&mut spec);
            let results = run_analysis(&spec)?;
            let Some(drivers) = results.drivers.as_ref() else {
                // The engine says why in a warning; the model itself ran.
                return Err(results
                    .warnings
                    .iter()
                    .find(|w| w.starts_with("The key-driver analysis could not be run"))
                    .cloned()
                    .unwrap_or_else(|| "the analysis gave no key drivers".into()));
            };
            match output.format {
                Format::Json => print::json(drivers)?,
                Format::Table => print::drivers_only(&results, drivers),
            }
            if let Some(path) = &csv {
                rapport_report::write_drivers_csv(&results, &spec.data_path(), path)
                    .map_err(|e| e.to_string())?;
            }
            report(&results, &spec.data_path(), &output)
        }
    }
}

/// `rapport rake`: rake, print the convergence report, write the copy.
fn rake(args: &args::RakeArgs) -> Result<(), String> {
    let spec = args
        .weighting
        .to_spec()
        .ok_or("rapport rake needs --margins FILE: the population margins to rake to")?;
    let (table, codebook) = args.source.read(&args.file)?;
    let margins = rake::Margins::load(&spec.margins).map_err(|e| e.to_string())?;
    let rake::RakedTable {
        weights, report, ..
    } = rake::rake_table(&table, &codebook, &spec, &margins).map_err(|e| e.to_string())?;
    match args.format {
        Format::Json => print::json(&report)?,
        Format::Table => print::rake_report(&report),
    }
    rapport_report::copy::write_copy(&table, spec.column_name(), &weights, &args.out)
        .map_err(|e| e.to_string())?;
    eprintln!(
        "Copy with the \"{}\" column written to {}",
        spec.column_name(),
        args.out.display()
    );
    Ok(())
}

/// Runs `spec`, showing how the long steps go on stderr when it is a terminal (in a pipe
/// or a log the status line would only be noise).
fn run_analysis(spec: &AnalysisSpec) -> Result<Results, String> {
    let terminal = std::io::stderr().is_terminal();
    let status = |message: &str, fraction: f64| {
        if terminal {
            eprint!("\r\x1b[K{message}: {:.0}%", 100.0 * fraction);
        }
    };
    let results = analysis::run_with(spec, &status);
    if terminal {
        eprint!("\r\x1b[K");
    }
    results.map_err(|e| e.to_string())
}

/// Print the results and write the report if asked.
fn finish(results: &Results, input: &Path, output: args::Output) -> Result<(), String> {
    match output.format {
        Format::Json => print::json(results)?,
        Format::Table => print::results(results),
    }
    report(results, input, &output)
}

/// Write the Excel report if asked.
fn report(results: &Results, input: &Path, output: &args::Output) -> Result<(), String> {
    if let Some(out) = &output.report {
        rapport_report::write_xlsx(results, input, out).map_err(|e| e.to_string())?;
        eprintln!("Report written to {}", out.display());
    }
    Ok(())
}
