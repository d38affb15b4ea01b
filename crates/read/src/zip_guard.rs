//! A guard against zip bombs: workbooks (xlsx, xlsm, xlsb, ods) are zip files, and a tiny
//! one can hold sheet XML that inflates to gigabytes. Before calamine inflates anything the
//! guard reads the zip's central directory and refuses a workbook whose parts claim to
//! inflate beyond [`MAX_INFLATED_BYTES`], or that compress more than [`MAX_RATIO`] to one
//! (real sheet XML compresses 5–30 to one). A directory that understates a size cannot
//! smuggle more through: the `zip` crate (9.x, which calamine uses too) stops inflating a
//! part at its declared size with an error.

use crate::error::{ReadError, Result};
use crate::file::DataFile;
use std::io::{Read, Seek};
use std::path::Path;
use zip::ZipArchive;

/// Largest total size the parts of one workbook may inflate to: 1 GiB, about ten times the
/// sheet XML of a 10,000-respondent, 300-question survey.
pub const MAX_INFLATED_BYTES: u64 = 1 << 30;
/// Largest compression ratio accepted for a part bigger than [`RATIO_FLOOR_BYTES`].
pub const MAX_RATIO: u64 = 100;
/// Parts smaller than this (16 MiB) may compress as well as they like: they are harmless.
pub const RATIO_FLOOR_BYTES: u64 = 16 << 20;

/// One part of the zip as its central directory describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub compressed: u64,
    pub inflated: u64,
}

/// Why the declared sizes are unsafe, or `None` when they are acceptable.
pub fn refuse_reason(parts: &[Part]) -> Option<String> {
    let total: u64 = parts
        .iter()
        .map(|p| p.inflated)
        .fold(0, u64::saturating_add);
    if total > MAX_INFLATED_BYTES {
        return Some(format!(
            "its parts would inflate to {} MiB, more than the {} MiB Rapport accepts",
            total >> 20,
            MAX_INFLATED_BYTES >> 20
        ));
    }
    parts
        .iter()
        .find(|p| p.inflated > RATIO_FLOOR_BYTES && p.inflated / p.compressed.max(1) > MAX_RATIO)
        .map(|p| {
            format!(
                "its part {} inflates from {} KiB to {} MiB ({} to 1), which real workbooks \
                 never do: it looks like a zip bomb",
                p.name,
                p.compressed >> 10,
                p.inflated >> 20,
                p.inflated / p.compressed.max(1)
            )
        })
}

/// Check a zip-based workbook before calamine inflates any of it.
pub fn check(file: &DataFile) -> Result<()> {
    let path = file.path();
    let corrupt = |reason: String| ReadError::Corrupt {
        path: path.to_path_buf(),
        reason,
    };
    let mut zip = ZipArchive::new(file.cursor())
        .map_err(|_| corrupt("it is cut short or is not a complete workbook file".into()))?;
    let parts = directory(&mut zip).map_err(|e| corrupt(e.to_string()))?;
    if let Some(reason) = refuse_reason(&parts) {
        return Err(too_large(path, reason));
    }
    Ok(())
}

fn directory<R: Read + Seek>(zip: &mut ZipArchive<R>) -> zip::result::ZipResult<Vec<Part>> {
    (0..zip.len())
        .map(|i| {
            let entry = zip.by_index_raw(i)?;
            Ok(Part {
                name: entry.name()?.into_owned(),
                compressed: entry.compressed_size(),
                inflated: entry.size(),
            })
        })
        .collect()
}

fn too_large(path: &Path, reason: String) -> ReadError {
    ReadError::TooLarge {
        path: path.to_path_buf(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(compressed: u64, inflated: u64) -> Part {
        Part {
            name: "xl/worksheets/sheet1.xml".into(),
            compressed,
            inflated,
        }
    }

    #[test]
    fn limits() {
        // An ordinary survey: 80 MiB of XML compressed 10 to one.
        assert_eq!(refuse_reason(&[part(8 << 20, 80 << 20)]), None);
        // Tiny parts may compress extremely.
        assert_eq!(refuse_reason(&[part(1, 1 << 20)]), None);
        // Over the total, however honest the ratio.
        let over = refuse_reason(&[part(300 << 20, 600 << 20), part(300 << 20, 600 << 20)]);
        assert!(over.unwrap().contains("1200 MiB"));
        // Within the total but a bomb's ratio (1000 to 1).
        let bomb = refuse_reason(&[part(200 << 10, 200 << 20)]).unwrap();
        assert!(
            bomb.contains("zip bomb") && bomb.contains("sheet1.xml"),
            "{bomb}"
        );
        // Exactly at the limits is accepted; just over is not.
        assert_eq!(refuse_reason(&[part(400_000, 40_000_000)]), None);
        assert!(refuse_reason(&[part(390_000, 40_000_000)]).is_some());
        assert_eq!(
            refuse_reason(&[part(MAX_INFLATED_BYTES / MAX_RATIO, MAX_INFLATED_BYTES)]),
            None
        );
        assert!(refuse_reason(&[part(MAX_INFLATED_BYTES, MAX_INFLATED_BYTES + 1)]).is_some());
    }
}
