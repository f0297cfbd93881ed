//! Command-line interface (clap derive). Parsing only: behaviour lives in the library.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "casebook",
    version,
    about = "Turns the exports of a social-media crisis into a post-mortem case study (HTML + PDF)",
    after_help = "Exit codes: 0 ok, 1 the input or configuration has a problem to fix, 2 usage error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show how casebook reads each export: format, encoding, columns, row accounting.
    Inspect(InspectArgs),
    /// Build the case study (index.html, report.pdf, metrics.json, timeline.csv).
    Build(BuildArgs),
    /// Create an incident folder: incident.toml, lessons.md and exports/.
    Init(InitArgs),
    /// Generate a realistic fictional incident as a real export format.
    Simulate(SimulateArgs),
}

/// Settings shared by `inspect` and `build` that override incident.toml.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Incident folders, folders of incident folders, or export files (each file given is
    /// an incident of its own: to read several exports as one incident, put them in one
    /// folder and give the folder).
    #[arg(required = true, value_name = "FILE_OR_DIR")]
    pub paths: Vec<PathBuf>,
    /// Skip format detection and read every file with this preset.
    #[arg(long, value_name = "NAME")]
    pub format: Option<String>,
    /// A TOML file with a [columns] table mapping canonical fields to column names.
    #[arg(long, value_name = "FILE")]
    pub columns: Option<PathBuf>,
    /// Time zone for naive export times and for the report (IANA name, e.g. Europe/Rome).
    #[arg(long, value_name = "TZ")]
    pub tz: Option<String>,
    /// A brand handle (repeatable), with or without @.
    #[arg(long = "brand", value_name = "HANDLE")]
    pub brand: Vec<String>,
    /// Keep only the rows whose COLUMN holds VALUE, any case (repeatable for more values of
    /// the same column), e.g. --only airline=United: one brand of an export of several.
    #[arg(long = "only", value_name = "COLUMN=VALUE")]
    pub only: Vec<String>,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output folder.
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// Timeline bucket size, e.g. 15m, 1h (default: automatic).
    #[arg(long, value_name = "DURATION")]
    pub bucket: Option<String>,
    /// Response-time target, e.g. 30m (default 1h).
    #[arg(long, value_name = "DURATION")]
    pub sla: Option<String>,
    /// Report language: en, it, es, pl.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Replace non-brand authors with pseudonyms (training edition).
    #[arg(long)]
    pub anonymize: bool,
    /// Templates that replace the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Do not typeset report.pdf.
    #[arg(long)]
    pub no_pdf: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create.
    pub dir: PathBuf,
    /// Language of the files written (their comments and the lessons.md headings) and of the
    /// report (`language` in incident.toml): en, it, es, pl.
    #[arg(long, value_name = "LANG", default_value = "en")]
    pub lang: String,
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Output file (.csv).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Export format: twarc-csv or brandwatch.
    #[arg(long, default_value = "twarc-csv")]
    pub format: String,
    /// Number of mentions.
    #[arg(long, default_value_t = 10_000)]
    pub mentions: u64,
    /// Random seed; the same seed gives the same file.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Keep only mentions from this time on (RFC 3339, e.g. 2026-03-12T00:00:00Z), like an
    /// export of part of the incident; --mentions stays the size of the whole incident.
    #[arg(long, value_name = "TIME")]
    pub from: Option<String>,
    /// Keep only mentions before this time (RFC 3339).
    #[arg(long, value_name = "TIME")]
    pub to: Option<String>,
    /// Replace the output file if it exists (without it, an existing file is left alone: it
    /// may be a real export).
    #[arg(long)]
    pub force: bool,
}
