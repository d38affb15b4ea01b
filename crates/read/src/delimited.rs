//! csv and tsv files. Bytes are decoded as UTF-8 (with or without a byte order mark), as
//! UTF-16 when a byte order mark says so (Excel's "Unicode Text"), and otherwise as
//! Windows-1252, which is what Excel on Windows writes for "CSV" in the UK. A .csv file's
//! delimiter is sniffed among comma, semicolon and tab, since Excel in much of Europe
//! writes semicolons; decimal commas are not guessed at and stay text.

use super::cells;
use crate::error::{ReadError, Result};
use crate::file::DataFile;
use crate::grid::Grid;
use encoding_rs::{Encoding, WINDOWS_1252};
use std::borrow::Cow;

/// Delimiters tried for .csv, in order of preference on a tie.
const CANDIDATES: [u8; 3] = [b',', b';', b'\t'];
/// Records inspected when sniffing the delimiter.
const SNIFF_RECORDS: usize = 50;

/// The non-empty cells of a csv/tsv file; row indexes are line numbers minus one.
pub(crate) fn read_grid(file: &DataFile) -> Result<Grid> {
    let path = file.path();
    let text = decode(file.bytes());
    let is_tsv = path
        .extension()
        .is_some_and(|e| matches!(e.to_string_lossy().to_lowercase().as_str(), "tsv" | "tab"));
    let delimiter = if is_tsv {
        b'\t'
    } else {
        sniff_delimiter(&text)
    };
    let mut grid = Grid::default();
    // Line numbers are counted here from byte offsets: a record's position in the csv
    // crate is where the previous one ended, before any blank lines it then skipped, and
    // messages must name the line a text editor would show.
    let bytes = text.as_bytes();
    let mut line = 1usize;
    let mut counted_to = 0usize;
    for (i, record) in reader(&text, delimiter).into_records().enumerate() {
        let record = record.map_err(|e| ReadError::Corrupt {
            path: path.to_path_buf(),
            reason: format!("record {} could not be read: {e}", i + 1),
        })?;
        let mut start = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .unwrap_or(counted_to)
            .max(counted_to);
        while bytes.get(start).is_some_and(|b| matches!(b, b'\n' | b'\r')) {
            start += 1;
        }
        let skipped = bytes.get(counted_to..start).unwrap_or_default();
        line += skipped.iter().filter(|&&b| b == b'\n').count();
        counted_to = start;
        let row = u32::try_from(line - 1).unwrap_or(u32::MAX);
        for (col, field) in record.iter().enumerate() {
            let col = u32::try_from(col).unwrap_or(u32::MAX);
            grid.push_text(row, col, field, |t| cells::from_text(t, true));
        }
    }
    grid.finish();
    Ok(grid)
}

fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
}

/// Text of the file: by byte order mark, else UTF-8 if valid, else Windows-1252.
fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom..).unwrap_or_default();
        return encoding.decode_without_bom_handling(body).0;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}

/// The candidate that splits the most of the first records into the same number (more than
/// one) of fields; comma when none does.
fn sniff_delimiter(text: &str) -> u8 {
    let mut best = (b',', 0usize);
    for delimiter in CANDIDATES {
        let mut counts: Vec<usize> = reader(text, delimiter)
            .into_records()
            .take(SNIFF_RECORDS)
            .filter_map(|r| r.ok())
            .map(|r| r.len())
            .filter(|&n| n > 1)
            .collect();
        counts.sort_unstable();
        let agreeing = counts
            .chunk_by(|a, b| a == b)
            .map(<[usize]>::len)
            .max()
            .unwrap_or(0);
        if agreeing > best.1 {
            best = (delimiter, agreeing);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_bom_utf16_and_windows_1252() {
        assert_eq!(decode(b"\xEF\xBB\xBFcaf\xC3\xA9"), "café");
        assert_eq!(decode(b"caf\xC3\xA9"), "café");
        // 0x92 is Windows-1252's right single quote, as in "Don't know" typed in Word.
        assert_eq!(decode(b"Don\x92t know \xA31"), "Don\u{2019}t know £1");
        assert_eq!(decode(b"\xFF\xFEa\x00,\x00b\x00"), "a,b");
    }

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter("Title\na,b,c\n1,2,3\n4,5,6\n"), b',');
        assert_eq!(sniff_delimiter("a;b;c\n1,5;2;3\n4;5,5;6\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\n1\t2\n"), b'\t');
        assert_eq!(sniff_delimiter("\"x;y\",b\n\"1;2\",3\n"), b',');
        assert_eq!(sniff_delimiter("one column\n1\n2\n"), b',');
    }
}
