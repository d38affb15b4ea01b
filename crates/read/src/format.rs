//! Which reader a file needs: the extension says what the file claims to be and the first
//! bytes say what it is, so a renamed or mislabelled file gets a message naming the real
//! problem instead of a parser error.

use crate::error::{ReadError, Result};
use crate::file::DataFile;
use crate::table::FileFormat;
use crate::text::file_name;
use std::path::Path;

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    /// A zip container: xlsx, xlsm, xlsb, ods.
    Zip,
    /// An OLE2 compound file: xls, or an encrypted (password-protected) xlsx.
    Ole,
    /// HTML or XML, as web sites and old Excel write under a .xls name.
    Markup,
    /// Anything else that looks like text.
    Text,
    /// Bytes that are neither text nor a known container.
    Binary,
}

const ZIP_MAGIC: &[u8] = b"PK";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// How much of the file is inspected to tell text from binary.
const SNIFF_BYTES: usize = 4096;

fn sniff(head: &[u8]) -> Content {
    if head.starts_with(ZIP_MAGIC) {
        return Content::Zip;
    }
    if head.starts_with(OLE_MAGIC) {
        return Content::Ole;
    }
    // UTF-16 text (Excel's "Unicode Text") has NULs but starts with a byte order mark.
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    if !utf16 && head.contains(&0) {
        return Content::Binary;
    }
    let start = String::from_utf8_lossy(head.get(..256).unwrap_or(head)).to_lowercase();
    let start = start.trim_start_matches('\u{feff}').trim_start();
    if start.starts_with("<?xml") || start.starts_with("<html") || start.starts_with("<!doctype") {
        Content::Markup
    } else {
        Content::Text
    }
}

/// The format of a data file, from its extension and verified by its first bytes.
///
/// A real xlsx named `.xls` is read as xlsx; a file with OLE2 content is read as xls
/// whatever its workbook extension (this is also what a password-protected xlsx looks
/// like, which the workbook reader then reports). Anything else that does not match its
/// extension is refused with a message saying what the file really is.
pub fn detect_format(file: &DataFile) -> Result<FileFormat> {
    let path = file.path();
    let claimed = claimed_format(path)?;
    let ext = extension(path);
    let bytes = file.bytes();
    let head = bytes.get(..SNIFF_BYTES).unwrap_or(bytes);
    if head.len() < SNIFF_BYTES && head.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::Empty {
            location: file_name(path),
        });
    }
    let content = sniff(head);
    let workbook = claimed.is_workbook();
    match content {
        Content::Zip if claimed == FileFormat::Xls => Ok(FileFormat::Xlsx),
        Content::Zip if workbook => Ok(claimed),
        Content::Ole if workbook && claimed != FileFormat::Ods => Ok(FileFormat::Xls),
        Content::Text if !workbook => Ok(claimed),
        Content::Zip | Content::Ole if !workbook => Err(unsupported(
            path,
            &format!(
                "it is a spreadsheet workbook, not a plain-text .{ext} file. Rename it to \
                 .xlsx (or .xls) and open that"
            ),
        )),
        Content::Markup => Err(unsupported(
            path,
            "it is a web page or XML file with a spreadsheet name, as some web sites and older \
             programs export. Open it in Excel or LibreOffice and save it as .xlsx",
        )),
        Content::Text => Err(unsupported(
            path,
            &format!(
                "it holds plain text, not a .{ext} workbook (perhaps a CSV file with the wrong \
                 name). If it is comma-separated, rename it to .csv"
            ),
        )),
        Content::Binary | Content::Zip | Content::Ole => Err(unsupported(
            path,
            &format!("its content is not a .{ext} file"),
        )),
    }
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// The format a file's extension claims, checked before the file is opened so a file
/// Rapport cannot read is named as such even when it cannot be opened.
pub(crate) fn claimed_format(path: &Path) -> Result<FileFormat> {
    let ext = extension(path);
    let claimed = match ext.as_str() {
        "xlsx" => FileFormat::Xlsx,
        "xlsm" => FileFormat::Xlsm,
        "xlsb" => FileFormat::Xlsb,
        "xls" => FileFormat::Xls,
        "ods" => FileFormat::Ods,
        "csv" => FileFormat::Csv,
        "tsv" | "tab" => FileFormat::Tsv,
        _ => {
            return Err(unsupported(
                path,
                &format!(
                    "the extension \"{ext}\" is not one Rapport reads (it reads .xlsx, .xlsm, \
                     .xlsb, .xls, .ods, .csv and .tsv)"
                ),
            ));
        }
    };
    Ok(claimed)
}

fn unsupported(path: &Path, reason: &str) -> ReadError {
    ReadError::UnsupportedFormat {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_containers_and_text() {
        assert_eq!(sniff(b"PK\x03\x04rest"), Content::Zip);
        assert_eq!(sniff(OLE_MAGIC), Content::Ole);
        assert_eq!(sniff(b"a,b\n1,2\n"), Content::Text);
        assert_eq!(sniff(b"\xEF\xBB\xBF<html><body>"), Content::Markup);
        assert_eq!(sniff(b"  <?XML version"), Content::Markup);
        assert_eq!(sniff(b"\xFF\xFEa\x00,\x00"), Content::Text);
        assert_eq!(sniff(b"\x00\x01\x02"), Content::Binary);
    }
}
