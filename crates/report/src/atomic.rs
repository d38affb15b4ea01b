//! Saving exports safely, whatever their format: never over the survey file, and never
//! leaving a half-written file where a good one was (a temporary file in the same folder,
//! then a rename, which the operating system does in one step).

use crate::ReportError;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Refuse export paths that would destroy the input, that cannot be saved or that do not
/// end in `.{extension}` (the program meant to open the file would refuse or misread it),
/// before any work is done, so the user hears about a bad name straight away.
pub(crate) fn check_target(
    input: &Path,
    out: &Path,
    extension: &'static str,
) -> Result<(), ReportError> {
    if resolved(input) == resolved(out) {
        return Err(ReportError::OverwritesInput {
            input: input.to_path_buf(),
            out: out.to_path_buf(),
        });
    }
    // Catches hard links, and names a case-insensitive file system treats as one.
    if same_file::is_same_file(input, out).unwrap_or(false) {
        return Err(ReportError::SameFileAsInput {
            input: input.to_path_buf(),
            out: out.to_path_buf(),
        });
    }
    let named_right = out
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(extension));
    if out.is_dir() {
        return Err(ReportError::OutIsFolder {
            out: out.to_path_buf(),
        });
    }
    if !named_right {
        return Err(ReportError::WrongExtension {
            out: out.to_path_buf(),
            extension,
        });
    }
    let folder = folder_of(out);
    if !folder.is_dir() {
        return Err(ReportError::NoSuchFolder {
            out: out.to_path_buf(),
            folder: folder.to_path_buf(),
        });
    }
    Ok(())
}

/// Put `bytes` at `out`: readers see either the old file or the complete new one.
pub fn replace(out: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    let failed = |e: std::io::Error| ReportError::Write {
        out: out.to_path_buf(),
        reason: e.to_string(),
    };
    // Same folder as `out`, so the final rename never crosses file systems.
    let mut tmp = tempfile::Builder::new()
        .prefix(".rapport-")
        .suffix(".part")
        .tempfile_in(folder_of(out))
        .map_err(failed)?;
    tmp.write_all(bytes).map_err(failed)?;
    tmp.as_file().sync_all().map_err(failed)?;
    // Temporary files are private (0600); a report is meant to be shared like any document.
    let permissions = match std::fs::metadata(out) {
        Ok(meta) => Some(meta.permissions()),
        Err(_) => default_permissions(),
    };
    if let Some(p) = permissions {
        tmp.as_file().set_permissions(p).map_err(failed)?;
    }
    tmp.persist(out).map_err(|e| failed(e.error))?;
    Ok(())
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

/// The folder a file is saved into; a bare file name means the current folder.
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The path with links and `..` resolved as far as the file system allows, so two spellings
/// of one file compare equal even when the file does not exist yet.
fn resolved(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    match (std::fs::canonicalize(folder_of(path)), path.file_name()) {
        (Ok(folder), Some(name)) => folder.join(name),
        _ => path.to_path_buf(),
    }
}
