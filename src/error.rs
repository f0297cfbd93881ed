//! Typed errors of the library. `main` renders them for humans and maps them to exit codes:
//! 1 = the input or configuration has a problem the user must fix, 2 = usage error.

use std::path::PathBuf;

use thiserror::Error;

/// A problem with `incident.toml`, a `--columns` file or a command-line setting.
#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("{path}: {message}")]
    Toml { path: String, message: String },
    #[error("`{key}` = {value:?} is not valid: expected {expected}")]
    Invalid {
        key: String,
        value: String,
        expected: String,
    },
}

/// A problem that makes a whole export file unusable. Problems with single rows are not errors:
/// they are rejections, counted and reported with their line.
#[derive(Debug, Error)]
pub enum IngestError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "cannot keep the mentions' texts and details in a temporary file in {dir}: {source}; \
         set TMPDIR to a writable folder with room for the exports' texts and 56 bytes a mention"
    )]
    TextStore {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: the file is empty; {NOT_AN_EXPORT}")]
    Empty { path: PathBuf },
    #[error("{path}: does not look like a CSV export ({reason}); {NOT_AN_EXPORT}")]
    NotCsv { path: PathBuf, reason: String },
    #[error("{path}:{line}: no header row found in the first {scanned} lines; {hint}")]
    NoHeader {
        path: PathBuf,
        line: u64,
        scanned: usize,
        hint: String,
    },
    #[error(
        "{path}:{line}: the export has no column for {field} (format {format}); columns found: {columns}. \
         Map it in incident.toml, e.g. [columns] {field} = \"Your column\""
    )]
    MissingColumn {
        path: PathBuf,
        line: u64,
        format: String,
        field: String,
        columns: String,
    },
    #[error("{path}: unknown format {name:?}; known formats: {known}")]
    UnknownFormat {
        path: PathBuf,
        name: String,
        known: String,
    },
    #[error("{path}:{line}: column {column:?} in the [columns] mapping is not in the header; columns found: {columns}")]
    MappedColumnMissing {
        path: PathBuf,
        line: u64,
        column: String,
        columns: String,
    },
    #[error(
        "{path}:{line}: the filter's column {column:?} is not in the header; columns found: \
         {columns}. Every export of the incident needs it: set column in [filter] of \
         incident.toml (or --only) to one of these, or move the file to another incident"
    )]
    FilterColumnMissing {
        path: PathBuf,
        line: u64,
        column: String,
        columns: String,
    },
    #[error(
        "{path}:{line}: another header starts here (the file's header in another column order, \
         or another export's): the file joins exports of different layouts, whose rows after \
         this line would be read into the wrong columns. Save each export as a file of its own"
    )]
    AnotherHeader { path: PathBuf, line: u64 },
    #[error(
        "{path}: every one of {rows} rows was rejected; first: line {first_line}: {first_reason}"
    )]
    NothingUsable {
        path: PathBuf,
        rows: u64,
        first_line: u64,
        first_reason: String,
    },
    #[error("{path}: no export files (.csv, .tsv, .txt) found")]
    NoExports { path: PathBuf },
    #[error("no usable mentions are left: {reason}")]
    NoMentions { reason: String },
    #[error(
        "{count} mentions are more than one incident can hold ({max}); \
         narrow the incident window (start and end in incident.toml) or split the exports into several incidents"
    )]
    TooManyMentions { count: usize, max: usize },
    /// More than one file is unusable: each is named, so one run shows everything to fix.
    #[error("{} files cannot be read:\n  {}", .0.len(), .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n  "))]
    Files(Vec<IngestError>),
}

/// What to do about a file in an incident folder that is no export.
const NOT_AN_EXPORT: &str = "if it is not an export, move it out of the incident folder or \
     rename it (every .csv, .tsv and .txt file there is read as one)";

impl IngestError {
    /// The temporary file of texts and details (in the system's temporary folder) failed.
    pub fn text_store(source: std::io::Error) -> IngestError {
        IngestError::TextStore {
            dir: std::env::temp_dir(),
            source,
        }
    }
}

/// A problem writing the report.
#[derive(Debug, Error)]
pub enum ReportError {
    #[error("template {name}: {message}")]
    Template { name: String, message: String },
    #[error("PDF typesetting failed: {0}")]
    Pdf(String),
    #[error("chart {name}: {message}")]
    Chart { name: String, message: String },
}

/// Every error the library returns.
#[derive(Debug, Error)]
pub enum Error {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Ingest(#[from] IngestError),
    #[error(transparent)]
    Report(#[from] ReportError),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Usage(String),
    /// An error of one incident of several built at once, named by its folder: "no usable
    /// mentions are left" alone did not say which.
    #[error("incident {incident}: {source}")]
    InIncident {
        incident: PathBuf,
        #[source]
        source: Box<Error>,
    },
    /// Several incidents of a library that cannot be built, each named: fixed one run at a
    /// time they would take as many runs.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Incidents(Vec<Error>),
}

impl Error {
    /// The process exit code scripts can rely on.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => 2,
            Error::InIncident { source, .. } => source.exit_code(),
            // A problem of the input outweighs a usage error.
            Error::Incidents(errors) => errors.iter().map(Error::exit_code).min().unwrap_or(1),
            _ => 1,
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
