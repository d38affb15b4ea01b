//! A data file read once: its bytes and their SHA-256, hashed as they are read. Every
//! later step parses these bytes, so the file that was hashed is the file that was read:
//! there is no second open and no moment in which the file could change between the two.

use crate::error::{ReadError, Result};
use sha2::{Digest, Sha256};
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A file's bytes and their SHA-256.
#[derive(Debug, Clone)]
pub struct DataFile {
    path: PathBuf,
    bytes: Arc<[u8]>,
    sha256: String,
}

impl DataFile {
    /// Read the whole file (read-only), hashing each block as it arrives.
    pub fn open(path: &Path) -> Result<DataFile> {
        let io_err = |e: std::io::Error| ReadError::Io {
            path: path.to_path_buf(),
            reason: e.to_string(),
        };
        let mut file = std::fs::File::open(path).map_err(io_err)?;
        let mut hasher = Sha256::new();
        let mut bytes = Vec::with_capacity(file.metadata().map_or(0, |m| m.len() as usize));
        let mut block = vec![0u8; 1 << 16];
        loop {
            let n = file.read(&mut block).map_err(io_err)?;
            if n == 0 {
                break;
            }
            let got = block.get(..n).unwrap_or_default();
            hasher.update(got);
            bytes.extend_from_slice(got);
        }
        let sha256 = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(DataFile {
            path: path.to_path_buf(),
            bytes: bytes.into(),
            sha256,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// SHA-256 of the bytes, as lowercase hex.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    pub(crate) fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// A reader over the bytes for the zip and workbook readers (sharing, not copying).
    pub(crate) fn cursor(&self) -> Cursor<Arc<[u8]>> {
        Cursor::new(Arc::clone(&self.bytes))
    }
}
