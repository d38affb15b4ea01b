//! The bundled sample surveys, for trainers who demo offline: where they are on disk and
//! which saved analysis goes with each.

use crate::payload::SampleSurvey;
use std::path::{Path, PathBuf};

/// A bundled survey and the saved analysis that goes with it.
pub struct Sample {
    pub id: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    /// Data file name inside the samples folder.
    pub data_file: &'static str,
    /// Saved `AnalysisSpec` inside the samples folder.
    pub spec_file: &'static str,
}

/// Every bundled sample. Their files are bundle resources (tauri.conf.json) under
/// `samples/`, and live in the repository's `samples/` folder in development.
pub const SAMPLES: &[Sample] = &[Sample {
    id: "riverside",
    title: "Riverside resident survey 2026",
    description: "Synthetic survey of 1,200 residents of a fictional borough: how kind, listening and respectful the council was at their last contact, how long they waited, whether it was resolved, and how much they trust the council.",
    data_file: "riverside-2026.xlsx",
    spec_file: "riverside-trust.json",
}];

/// The sample called `id`.
pub fn find(id: &str) -> Option<&'static Sample> {
    SAMPLES.iter().find(|s| s.id == id)
}

/// Where the samples are: the packaged app's resource folder when it holds them, else the
/// repository's `samples/` folder (development builds and tests).
pub fn folder(resource_dir: Option<PathBuf>) -> PathBuf {
    resource_dir
        .map(|dir| dir.join("samples"))
        .filter(|dir| SAMPLES.iter().all(|s| dir.join(s.data_file).is_file()))
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples"))
}

impl Sample {
    pub fn summary(&self) -> SampleSurvey {
        SampleSurvey {
            id: self.id.to_string(),
            title: self.title.to_string(),
            description: self.description.to_string(),
            file_name: self.data_file.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repository_samples_are_found_without_a_resource_folder() {
        let dir = folder(None);
        for s in SAMPLES {
            assert!(dir.join(s.data_file).is_file(), "{}", s.data_file);
            assert!(dir.join(s.spec_file).is_file(), "{}", s.spec_file);
        }
    }

    #[test]
    fn a_resource_folder_without_the_samples_is_not_used() {
        let empty = tempfile::tempdir().expect("temp dir");
        assert_eq!(folder(Some(empty.path().to_path_buf())), folder(None));
        let bundled = tempfile::tempdir().expect("temp dir");
        let samples = bundled.path().join("samples");
        std::fs::create_dir(&samples).expect("mkdir");
        for s in SAMPLES {
            std::fs::write(samples.join(s.data_file), b"x").expect("write");
        }
        assert_eq!(folder(Some(bundled.path().to_path_buf())), samples);
    }
}
