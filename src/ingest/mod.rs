//! Ingest: reads listening-tool exports (any encoding, delimiter and known layout) into
//! [`Mentions`](crate::model::Mentions), accounting for every row.
//!
//! Per file: `sniff` decides encoding, delimiter and header row; `presets` maps the header's
//! columns (by name) onto the model; `reader` streams the rows through reused buffers and
//! turns each into a mention or a counted duplicate / out-of-window / rejected row.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};
use serde::Deserialize;

use crate::config::{ColumnMap, Config, IncidentFile, Overrides, RowFilter};
use crate::error::{ConfigError, Error, IngestError};
use crate::model::{Ingested, RowAccounting, UnreadFile, UnreadKind, MAX_MENTIONS};

mod dates;
pub mod inspect;
mod presets;
mod reader;
mod sniff;
mod values;

pub use presets::preset_names;
pub use sniff::read_text;

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
    /// Files beside them that look like data in a form casebook does not read (`.xlsx`,
    /// `.csv.gz`, …), named in the report so that nobody believes them counted.
    pub unread: Vec<UnreadFile>,
}

/// Names of `.txt` files that sit beside exports but are documentation, never data.
const NOT_EXPORTS: [&str; 6] = [
    "readme",
    "source",
    "license",
    "licence",
    "notice",
    "changelog",
];

/// Resolves command-line paths into incidents. A folder holding exports (directly or in
/// sub-folders such as `exports/`) is one incident; a folder whose sub-folders each hold an
/// `incident.toml` is a collection of incidents; a file is a single export. Links are followed.
///
/// `output`, the folder a build writes into, is never read: a report written inside the
/// incident folder would otherwise be read back as an export (its `timeline.csv`) by the next
/// build, or make a collection's folder look like a stray sub-folder.
pub fn discover(paths: &[PathBuf], output: Option<&Path>) -> Result<Vec<IncidentSource>, Error> {
    let output = output.and_then(|o| o.canonicalize().ok());
    let skip = |path: &Path| {
        output
            .as_ref()
            .is_some_and(|o| path.canonicalize().is_ok_and(|p| &p == o))
    };
    let mut incidents = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if skip(path) {
            return Err(Error::Usage(format!(
                "{}: this is also the output folder (-o); write the report to another folder",
                path.display()
            )));
        }
        if !meta.is_file() && !meta.is_dir() {
            return Err(Error::Usage(format!(
                "{}: not a file or a folder (a pipe?); save the export to a file and give its path",
                path.display()
            )));
        }
        if meta.is_file() {
            incidents.push(IncidentSource {
                root: path.clone(),
                config_file: None,
                lessons_file: None,
                exports: vec![path.clone()],
                unread: Vec::new(),
            });
            continue;
        }
        let children = if path.join("incident.toml").is_file() {
            Vec::new()
        } else {
            incident_subfolders(path, &skip)?
        };
        if !children.is_empty() {
            // Exports beside the incidents belong to none of them: read into none, they would
            // be lost without a word.
            let mut stray: Vec<String> = std::fs::read_dir(path)
                .map_err(|e| Error::io(path, e))?
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file() && !is_hidden(p) && is_export_name(p))
                .filter_map(|p| Some(p.file_name()?.to_string_lossy().into_owned()))
                .collect();
            if !stray.is_empty() {
                stray.sort();
                return Err(ConfigError::Toml {
                    path: path.display().to_string(),
                    message: format!(
                        "exports beside the incident folders belong to none of them ({}): \
                         move each into the folder of its incident",
                        stray.join(", ")
                    ),
                }
                .into());
            }
            for child in children {
                incidents.push(incident_folder(&child, &skip)?);
            }
        } else {
            incidents.push(incident_folder(path, &skip)?);
        }
    }
    // An incident given twice (`a.csv ./a.csv`, or a collection and one of its incidents) is
    // built once, not as two identical incidents.
    let mut seen = std::collections::BTreeSet::new();
    incidents.retain(|incident| {
        incident
            .root
            .canonicalize()
            .map_or(true, |root| seen.insert(root))
    });
    Ok(incidents)
}

/// The visible sub-folders of `dir` when every one of them holds an `incident.toml`; empty when
/// none does (`dir` is one incident). When only some do, which exports belong to which incident
/// is unclear, and reading them all as one would mix incidents: that is an error to fix.
fn incident_subfolders(dir: &Path, skip: &dyn Fn(&Path) -> bool) -> Result<Vec<PathBuf>, Error> {
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        if path.is_dir() && !is_hidden(&path) && !skip(&path) && !holds_earlier_report(&path) {
            folders.push(path);
        }
    }
    folders.sort();
    let (incidents, others): (Vec<&PathBuf>, Vec<&PathBuf>) = folders
        .iter()
        .partition(|f| f.join("incident.toml").is_file());
    if incidents.is_empty() {
        return Ok(Vec::new());
    }
    if others.is_empty() {
        return Ok(folders);
    }
    let names = |list: &[&PathBuf]| {
        list.iter()
            .filter_map(|f| f.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    Err(ConfigError::Toml {
        path: dir.display().to_string(),
        message: format!(
            "some sub-folders are incidents (they hold an incident.toml: {}) and some are not \
             ({}): give each an incident.toml, or move the others out, so that no incident's \
             exports are read into another",
            names(&incidents),
            names(&others)
        ),
    }
    .into())
}

/// Whether `dir` holds a report casebook wrote (its `metrics.json`): a report written inside
/// the incident folder by an earlier build, which is no input (its `timeline.csv` is no export).
fn holds_earlier_report(dir: &Path) -> bool {
    use std::io::Read as _;
    let mut head = Vec::new();
    std::fs::File::open(dir.join("metrics.json"))
        .and_then(|f| f.take(4096).read_to_end(&mut head))
        .is_ok_and(|_| {
            let mark = crate::metrics::METRICS_JSON_MARK;
            head.windows(mark.len()).any(|w| w == mark)
        })
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

fn incident_folder(dir: &Path, skip: &dyn Fn(&Path) -> bool) -> Result<IncidentSource, Error> {
    let (mut exports, mut unread) = (Vec::new(), Vec::new());
    // An export linked into the folder is as much the team's as a copy of it.
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(is_hidden(e.path())
                    || skip(e.path())
                    || e.file_type().is_dir() && holds_earlier_report(e.path()))
        });
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Error::io(path, std::io::Error::other(e.to_string()))
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        if is_export_name(entry.path()) {
            exports.push(entry.into_path());
        } else if let Some(kind) = unread_kind(entry.path()) {
            unread.push(UnreadFile {
                path: display_path(entry.path(), dir),
                kind,
            });
        }
    }
    if exports.is_empty() {
        return Err(IngestError::NoExports {
            path: dir.to_path_buf(),
        }
        .into());
    }
    let existing = |name: &str| Some(dir.join(name)).filter(|p| p.is_file());
    Ok(IncidentSource {
        root: dir.to_path_buf(),
        config_file: existing("incident.toml"),
        lessons_file: existing("lessons.md"),
        exports,
        unread,
    })
}

/// What a file that is no export is, when it looks like data (its last extension).
fn unread_kind(path: &Path) -> Option<UnreadKind> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    UnreadKind::of_extension(&extension)
}

fn is_export_name(path: &Path) -> bool {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    // Documentation is `.txt`; a `.csv` or `.tsv` is data whatever its name (a `notice.csv`
    // skipped for its name would be rows lost without a word).
    match extension.as_deref() {
        Some("csv" | "tsv") => true,
        Some("txt") => !NOT_EXPORTS.iter().any(|n| {
            stem == *n || stem.starts_with(&format!("{n}_")) || stem.starts_with(&format!("{n}."))
        }),
        _ => false,
    }
}

/// A `--columns FILE`: a TOML file with a `[columns]` table (an `incident.toml` also works).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ColumnsFile {
    columns: ColumnMap,
}

/// Reads the `[columns]` table of a `--columns FILE`.
pub fn read_columns_file(path: &Path) -> Result<ColumnMap, Error> {
    let text = sniff::read_text(path).map_err(|e| Error::io(path, e))?;
    let origin = path.display().to_string();
    if let Ok(file) = toml::from_str::<ColumnsFile>(&text) {
        return Ok(file.columns);
    }
    let incident: IncidentFile = toml::from_str(&text).map_err(|e| ConfigError::Toml {
        path: origin.clone(),
        message: e.to_string(),
    })?;
    incident.columns.ok_or_else(|| {
        ConfigError::Toml {
            path: origin,
            message:
                "no [columns] table: write e.g.\n[columns]\ntimestamp = \"Data\"\ntext = \"Testo\""
                    .into(),
        }
        .into()
    })
}

/// The incident's configuration: its `incident.toml` (if any) with the command-line overrides,
/// and `--columns FILE` replacing any `[columns]` table.
pub fn load_config(
    source: &IncidentSource,
    overrides: &Overrides,
    columns_file: Option<&Path>,
) -> Result<Config, Error> {
    let file = match &source.config_file {
        Some(path) => {
            let text = sniff::read_text(path).map_err(|e| Error::io(path, e))?;
            toml::from_str::<IncidentFile>(&text).map_err(|e| ConfigError::Toml {
                path: path.display().to_string(),
                message: e.to_string(),
            })?
        }
        None => IncidentFile::default(),
    };
    let mut overrides = overrides.clone();
    if let Some(path) = columns_file {
        overrides.columns = Some(read_columns_file(path)?);
    }
    Config::resolve(file, &overrides).map_err(|e| {
        // Say where the value came from: a flag (a usage error, exit 2), or the file to fix,
        // which matters when one build reads several incidents.
        let ConfigError::Invalid {
            key,
            value,
            expected,
        } = e
        else {
            return e.into();
        };
        let flag = match key.as_str() {
            "bucket" if overrides.bucket.is_some() => Some("--bucket"),
            "sla" if overrides.sla.is_some() => Some("--sla"),
            "timezone" if overrides.timezone.is_some() => Some("--tz"),
            "language" if overrides.language.is_some() => Some("--lang"),
            "filter.column" | "filter.values" if overrides.filter.is_some() => Some("--only"),
            "brand" => Some("--brand"),
            _ => None,
        };
        // A `[columns]` value from `--columns FILE` is that file's to fix.
        let origin = match columns_file {
            Some(path) if key.starts_with("columns.") => Some(path),
            _ => source.config_file.as_deref(),
        };
        match (flag, origin) {
            (Some(flag), _) => Error::Usage(format!(
                "{flag} {value:?} is not valid: expected {expected}"
            )),
            (None, Some(path)) => ConfigError::Toml {
                path: path.display().to_string(),
                message: format!("`{key}` = {value:?} is not valid: expected {expected}"),
            }
            .into(),
            (None, None) => ConfigError::Invalid {
                key,
                value,
                expected,
            }
            .into(),
        }
    })
}

/// Checks a `--format` name before any file is read (a usage error, exit 2).
pub fn check_format_name(name: &str) -> Result<(), Error> {
    if presets::preset_by_name(name).is_some() {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "unknown format {name:?}; known formats: {}",
            preset_names().join(", ")
        )))
    }
}

/// Everything read from an incident's exports, with the files that could not be read at all.
#[derive(Debug)]
pub struct Reading {
    pub ingested: Ingested,
    /// Files that are unusable as a whole (not text, no header, no time column…), in file order.
    pub failures: Vec<IngestError>,
    /// The incident's `[filter]`, for the error when it keeps nothing.
    filter: Option<RowFilter>,
}

impl Reading {
    /// Problems the user must fix: unusable files, files whose every row was rejected, and
    /// an incident with no mention left.
    pub fn problems(&self) -> Vec<IngestError> {
        let mut problems: Vec<IngestError> = Vec::new();
        for report in &self.ingested.files {
            if report.rows.read > 0 && report.rows.rejected == report.rows.read {
                let first = report.rejected_examples.first();
                problems.push(IngestError::NothingUsable {
                    path: PathBuf::from(&report.path),
                    rows: report.rows.read,
                    first_line: first.map_or(0, |r| r.line),
                    first_reason: first.map_or_else(String::new, |r| r.reason.clone()),
                });
            }
        }
        problems.extend(mention_limit_problem(self.ingested.mentions.len()));
        if self.failures.is_empty() && problems.is_empty() && self.ingested.mentions.is_empty() {
            problems.push(IngestError::NoMentions {
                reason: nothing_left_reason(&self.ingested, self.filter.as_ref()),
            });
        }
        problems
    }
}

/// Analysis numbers mentions in 32 bits (`model::OptIndex`).
fn mention_limit_problem(count: usize) -> Option<IngestError> {
    (count > MAX_MENTIONS).then_some(IngestError::TooManyMentions {
        count,
        max: MAX_MENTIONS,
    })
}

fn nothing_left_reason(ingested: &Ingested, filter: Option<&RowFilter>) -> String {
    let total = ingested.total;
    if ingested.files.is_empty() {
        "no export files were given".to_string()
    } else if total.read == 0 {
        let files: Vec<String> = ingested
            .files
            .iter()
            .map(|f| format!("{} (header on line {})", f.path, f.header_line))
            .collect();
        format!("no data rows below the header in {}", files.join(", "))
    } else if total.filtered_out > 0 && total.used == 0 {
        // What the files hold in the filter's column, so that a misspelt value shows.
        let notes: Vec<String> = ingested
            .files
            .iter()
            .flat_map(|f| f.notices.iter().map(move |n| (f, n)))
            .filter(|(_, n)| matches!(n, crate::model::FileNotice::FilteredOut { .. }))
            .map(|(f, n)| format!("{}: {}", f.path, n.english()))
            .collect();
        let window = match total.out_of_window {
            0 => String::new(),
            n => format!(" ({n} more were outside the incident window)"),
        };
        let asked = filter.map_or_else(String::new, |f| {
            let values: Vec<String> = f.values.iter().map(|v| format!("{v:?}")).collect();
            format!(" (column {:?}: {})", f.column, values.join(", "))
        });
        format!(
            "the filter{asked} left out {} of the {} rows read{window}; check the values in \
             [filter] of incident.toml (or --only) against what the files hold. {}",
            total.filtered_out,
            total.read,
            notes.join("; ")
        )
    } else if total.out_of_window > 0 && total.used == 0 {
        format!(
            "all {} readable rows are outside the incident window: check start and end in incident.toml",
            total.out_of_window
        )
    } else {
        format!("of {} rows, none could be used", total.read)
    }
}

/// Reads every export of one incident, de-duplicates across files and applies the window.
/// Fails naming every unusable file, or when no mention is left.
pub fn ingest(
    exports: &[PathBuf],
    config: &Config,
    options: &IngestOptions,
) -> Result<Ingested, Error> {
    let mut reading = read_all(exports, config, options);
    // A failure of the temporary store is the machine's, not a file's: said once.
    if let Some(store) = reading
        .failures
        .iter()
        .position(|e| matches!(e, IngestError::TextStore { .. }))
    {
        return Err(reading.failures.swap_remove(store).into());
    }
    match reading.failures.len() {
        0 => {}
        1 => return Err(reading.failures.remove(0).into()),
        _ => return Err(IngestError::Files(reading.failures).into()),
    }
    let reading = Reading {
        failures: Vec::new(),
        ..reading
    };
    if let Some(problem) = reading.problems().into_iter().next() {
        return Err(problem.into());
    }
    Ok(reading.ingested)
}

/// Reads every export it can, in the given order; unusable files are listed, not fatal. A file
/// that fails part-way contributes nothing, so the mentions and the row counts always agree.
/// Mentions come back sorted by (timestamp, id).
pub fn read_all(exports: &[PathBuf], config: &Config, options: &IngestOptions) -> Reading {
    let progress = progress_bar(exports, options.progress);
    let run = reader::RunSettings {
        config,
        format: options.format.as_deref(),
        progress: progress.as_ref(),
        latest: reader::latest_time(),
    };
    let mut merged = reader::Merged::default();
    let mut files = Vec::new();
    let mut failures = Vec::new();
    let mut total = RowAccounting::default();
    for path in exports {
        if let Some(bar) = &progress {
            bar.set_message(path.display().to_string());
        }
        let index = u32::try_from(files.len()).unwrap_or(u32::MAX);
        match reader::read_file(path, index, &run, &mut merged) {
            Ok(report) => {
                total.add(&report.rows);
                files.push(report);
            }
            Err(e) => failures.push(e),
        }
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let mut mentions = merged.mentions;
    mentions.seal();
    mentions.sort_by_time();
    Reading {
        ingested: Ingested {
            mentions,
            files,
            total,
        },
        failures,
        filter: config.filter.clone(),
    }
}

fn progress_bar(exports: &[PathBuf], wanted: bool) -> Option<ProgressBar> {
    if !wanted || !std::io::stderr().is_terminal() {
        return None;
    }
    let bytes: u64 = exports
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let bar = ProgressBar::new(bytes);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:30} {bytes}/{total_bytes} {bytes_per_sec} {wide_msg}")
    {
        bar.set_style(style);
    }
    Some(bar)
}

/// How a case study names an export: by its path inside the incident folder, or by its file
/// name when the incident is that one file. A report is shared as it is, so it names the
/// exports a reader can find in the incident, not the folders of whoever built it.
pub fn display_path(path: &Path, root: &Path) -> String {
    let shown = match path.strip_prefix(root) {
        Ok(inside) if !inside.as_os_str().is_empty() => inside,
        _ => path.file_name().map_or(path, Path::new),
    };
    shown.to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_study_names_exports_inside_the_incident_not_on_the_builders_disk() {
        let root = Path::new("/home/maria/crises/guitar");
        assert_eq!(
            display_path(&root.join("exports/brandwatch.csv"), root),
            "exports/brandwatch.csv"
        );
        assert_eq!(display_path(&root.join("x.csv"), root), "x.csv");
        // A one-file incident: its root is the file.
        let file = Path::new("/home/maria/Downloads/tweets.csv");
        assert_eq!(display_path(file, file), "tweets.csv");
        assert_eq!(
            display_path(Path::new("tweets.csv"), Path::new("tweets.csv")),
            "tweets.csv"
        );
    }

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn more_mentions_than_positions_in_32_bits_is_a_problem_to_fix() {
        assert!(mention_limit_problem(MAX_MENTIONS).is_none());
        let problem = mention_limit_problem(MAX_MENTIONS + 1).expect("over the limit");
        let message = problem.to_string();
        assert!(
            message.starts_with(
                "4294967296 mentions are more than one incident can hold (4294967295)"
            ),
            "{message}"
        );
        assert!(message.contains("split the exports"), "{message}");
    }

    #[test]
    fn export_names() {
        assert!(is_export_name(Path::new("a/tweets.csv")));
        assert!(is_export_name(Path::new("a/MENTIONS.TSV")));
        assert!(is_export_name(Path::new("a/export.txt")));
        assert!(!is_export_name(Path::new("a/SOURCE.txt")));
        assert!(!is_export_name(Path::new("a/README.txt")));
        assert!(!is_export_name(Path::new("a/license_2024.txt")));
        assert!(is_export_name(Path::new("a/README.csv")));
        assert!(is_export_name(Path::new("a/notice.tsv")));
        assert!(!is_export_name(Path::new("a/incident.toml")));
        assert!(!is_export_name(Path::new("a/lessons.md")));
        assert!(!is_export_name(Path::new("a/data.xlsx")));
        assert!(
            is_export_name(Path::new("a/sources_list.csv")),
            "only whole names are excluded"
        );
    }
}
