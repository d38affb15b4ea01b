//! Recently opened files, newest first, kept as JSON in the app's config folder so the
//! Welcome screen can offer them again. A missing or damaged list is treated as empty: it is
//! a convenience, never a reason to fail.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// How many files the Welcome screen lists.
pub const MAX_RECENT: usize = 8;

/// File name of the list inside the config folder.
const FILE_NAME: &str = "recent-files.json";

#[derive(Serialize, Deserialize)]
struct Stored {
    files: Vec<String>,
}

/// The list, and where it is saved (`None`: kept in memory only).
pub struct RecentFiles {
    file: Option<PathBuf>,
    files: Mutex<Vec<String>>,
}

impl RecentFiles {
    /// Load the list from `config_dir`; an unreadable or malformed file gives an empty list.
    pub fn load(config_dir: Option<PathBuf>) -> Self {
        let file = config_dir.map(|dir| dir.join(FILE_NAME));
        let files = file
            .as_deref()
            .and_then(|f| std::fs::read(f).ok())
            .and_then(|bytes| serde_json::from_slice::<Stored>(&bytes).ok())
            .map(|s| s.files.into_iter().take(MAX_RECENT).collect())
            .unwrap_or_default();
        RecentFiles {
            file,
            files: Mutex::new(files),
        }
    }

    /// The list, newest first.
    pub fn list(&self) -> Vec<String> {
        self.files
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Put `path` first (once), keep the newest [`MAX_RECENT`] and save the list atomically.
    /// A failure to save is reported on stderr only: the file the user opened is open.
    pub fn add(&self, path: &Path) {
        let entry = path.display().to_string();
        let snapshot = {
            let mut files = self.files.lock().unwrap_or_else(PoisonError::into_inner);
            files.retain(|f| *f != entry);
            files.insert(0, entry);
            files.truncate(MAX_RECENT);
            files.clone()
        };
        if let Some(file) = &self.file
            && let Err(reason) = save(file, snapshot)
        {
            eprintln!(
                "Rapport could not save the recent-files list {}: {reason}",
                file.display()
            );
        }
    }
}

fn save(file: &Path, files: Vec<String>) -> Result<(), String> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    let bytes = serde_json::to_vec_pretty(&Stored { files }).map_err(|e| e.to_string())?;
    rapport_report::atomic::replace(file, &bytes).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_first_without_duplicates_at_most_eight_and_kept_across_runs() {
        let dir = tempfile::tempdir().expect("temp dir");
        let recent = RecentFiles::load(Some(dir.path().join("config")));
        assert!(recent.list().is_empty(), "no file yet means an empty list");
        for i in 0..10 {
            recent.add(Path::new(&format!("/data/survey-{i}.xlsx")));
        }
        recent.add(Path::new("/data/survey-5.xlsx"));
        let list = recent.list();
        assert_eq!(list.len(), MAX_RECENT);
        assert_eq!(list[0], "/data/survey-5.xlsx");
        assert_eq!(list[1], "/data/survey-9.xlsx");
        assert_eq!(
            list.iter().filter(|f| f.ends_with("survey-5.xlsx")).count(),
            1
        );

        let again = RecentFiles::load(Some(dir.path().join("config")));
        assert_eq!(again.list(), list);
    }

    #[test]
    fn a_damaged_list_is_read_as_empty_and_then_replaced() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join(FILE_NAME), b"{\"files\": [\"/a.xlsx\", ").expect("write");
        let recent = RecentFiles::load(Some(dir.path().to_path_buf()));
        assert!(recent.list().is_empty());
        recent.add(Path::new("/b.xlsx"));
        let reloaded = RecentFiles::load(Some(dir.path().to_path_buf()));
        assert_eq!(reloaded.list(), ["/b.xlsx"]);
    }
}
