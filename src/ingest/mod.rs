//! Ingest: reads listening-tool exports (any encoding, delimiter and known layout) into
//! [`Mention`]s, accounting for every row.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::Error;
use crate::model::Ingested;

/// Choices the user made on the command line that are not part of `incident.toml`.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// `--format NAME`: skip detection and use this preset.
    pub format: Option<String>,
    /// Show a progress bar on stderr (only honoured when stderr is a terminal).
    pub progress: bool,
}

/// An incident on disk: its folder (if any), its configuration file, its exports, its lessons.
#[derive(Debug, Clone)]
pub struct IncidentSource {
    /// The folder, or the export file itself for a single-file incident.
    pub root: PathBuf,
    pub config_file: Option<PathBuf>,
    pub lessons_file: Option<PathBuf>,
    /// Export files in a stable (sorted) order.
    pub exports: Vec<PathBuf>,
}

/// Resolves command-line paths into incidents. A folder holding exports (directly or in
/// sub-folders such as `exports/`) is one incident; a folder whose sub-folders each hold an
/// `incident.toml` is a collection of incidents; a file is a single export.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<IncidentSource>, Error> {
    let _ = paths;
    todo!("ingest helper")
}

/// Reads every export of one incident, de-duplicates across files and applies the window.
pub fn ingest(
    exports: &[PathBuf],
    config: &Config,
    options: &IngestOptions,
) -> Result<Ingested, Error> {
    let _ = (exports, config, options);
    todo!("ingest helper")
}

/// Displays a path relative to `base` when it lies inside it.
pub fn display_path(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}
