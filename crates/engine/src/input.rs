//! The spec's data source as the reader's options: which sheet and header row, and the
//! corrections to the detected layout, checked once here so the reader itself needs to
//! know nothing of specs.

use crate::error::{EngineError, Result};
use crate::spec::DataSource;
use rapport_read::{CodebookChoice, LayoutOptions, Loaded, ReadOptions};
use std::path::Path;

/// The sheet and header row a spec's data source asks for.
pub fn read_options(source: &DataSource) -> ReadOptions {
    ReadOptions {
        sheet: source.sheet.clone(),
        header_row: source.header_row,
    }
}

/// The layout corrections of a spec's data source, checked.
pub fn layout_options(source: &DataSource) -> Result<LayoutOptions> {
    let bad = |reason: String| EngineError::InvalidSpec {
        path: "the data source".into(),
        reason,
    };
    if let Some(n) = source.header_rows
        && !(1..=2).contains(&n)
    {
        return Err(bad(format!(
            "\"header_rows\" is {n}; it can be 1 (one header row) or 2 (group titles \
             above the header row)"
        )));
    }
    let codebook = match (&source.codebook_sheet, source.no_codebook) {
        (Some(sheet), true) => {
            return Err(bad(format!(
                "it names the codebook sheet \"{sheet}\" and also asks for no codebook; \
                 keep one of \"codebook_sheet\" and \"no_codebook\""
            )));
        }
        (Some(sheet), false) => CodebookChoice::Sheet(sheet.clone()),
        (None, true) => CodebookChoice::None,
        (None, false) => CodebookChoice::Detect,
    };
    Ok(LayoutOptions {
        header_rows: source.header_rows,
        keep_totals_row: source.keep_totals_row,
        codebook,
    })
}

/// Read the data a spec's data source describes, with all its corrections, in one pass
/// over the file: the table, the sheet list and the SHA-256 of the bytes read.
pub fn read_source(path: &Path, source: &DataSource) -> Result<Loaded> {
    let layout = layout_options(source)?;
    Ok(rapport_read::read(path, &read_options(source), &layout)?)
}
