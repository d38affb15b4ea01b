//! Reading back a report the engine's real results produced: the sample analysis, the
//! workbook written to a temporary folder, and cell lookups. Shared by the report tests
//! that run the engine (each test file uses a part of it).
#![allow(dead_code)]

use calamine::{Data, Range, Xlsx, open_workbook};
use rapport_engine::results::Results;
use rapport_report::write_xlsx;
use std::path::{Path, PathBuf};

pub fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples")
}

pub type Book = Xlsx<std::io::BufReader<std::fs::File>>;

/// Write `results`' report; the temp folder lives as long as the returned guard.
pub fn report(results: &Results) -> (tempfile::TempDir, PathBuf, Book) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("riverside-2026.csv");
    std::fs::write(&input, b"stand-in").unwrap();
    let out = dir.path().join("report.xlsx");
    write_xlsx(results, &input, &out).unwrap();
    let wb = open_workbook(&out).unwrap();
    (dir, out, wb)
}

pub fn sheet(wb: &mut Book, name: &str) -> Range<Data> {
    use calamine::Reader;
    wb.worksheet_range(name).unwrap()
}

/// Absolute (row, col) of the first cell at or below `from` holding exactly `text`.
pub fn find_from(range: &Range<Data>, text: &str, from: u32) -> (u32, u32) {
    try_find(range, text, from).unwrap_or_else(|| panic!("no cell from row {from} holds {text:?}"))
}

pub fn try_find(range: &Range<Data>, text: &str, from: u32) -> Option<(u32, u32)> {
    let (r0, c0) = range.start().unwrap();
    range
        .cells()
        .map(|(r, c, v)| (r0 + r as u32, c0 + c as u32, v))
        .find(|(r, _, v)| *r >= from && matches!(v, Data::String(s) if s == text))
        .map(|(r, c, _)| (r, c))
}

pub fn find(range: &Range<Data>, text: &str) -> (u32, u32) {
    find_from(range, text, 0)
}

pub fn at(range: &Range<Data>, row: u32, col: u32) -> &Data {
    range.get_value((row, col)).unwrap_or(&Data::Empty)
}

pub fn float(range: &Range<Data>, row: u32, col: u32) -> f64 {
    match at(range, row, col) {
        Data::Float(x) => *x,
        other => panic!("({row}, {col}) holds {other:?}, not a number"),
    }
}

/// Every text cell in reading order, joined by `sep`.
pub fn texts(range: &Range<Data>, sep: &str) -> String {
    range
        .used_cells()
        .filter_map(|(_, _, v)| match v {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(sep)
}
