//! The build pipeline: ingest → analysis → findings → report, and the only place in the
//! library that writes the output folder.
//!
//! Everything is computed and rendered in memory first; only then are the files written, all
//! of them into a staging folder beside the output, which then takes the output's place
//! ([`publish`]). A run that fails therefore leaves no half-written report, a previous report
//! stays intact until its replacement is complete, and none of its files outlives it.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::{IsTerminal, Read as _, Write as _};
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest as _, Sha256};

use crate::analysis::{self, Annotations};
use crate::case::{ActionItem, CaseStudy, Finding, IncidentInfo, Lessons, RuleStatus};
use crate::config::{Config, Overrides};
use crate::error::{ConfigError, Error, IngestError, Result};
use crate::findings;
use crate::ingest::{self, IncidentSource, IngestOptions};
use crate::lessons;
use crate::metrics::{Metrics, Timeline, DEFINITIONS_VERSION};
use crate::model::{FileReport, Mentions, RowAccounting, UnreadFile};
use crate::report::{self, LibraryEntry, RenderOptions};

/// Everything `casebook build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub overrides: Overrides,
    pub format: Option<String>,
    /// `--columns FILE`: replaces any `[columns]` table, and is named when its values are wrong.
    pub columns_file: Option<PathBuf>,
    pub output: PathBuf,
    pub anonymize: bool,
    pub templates_dir: Option<PathBuf>,
    pub pdf: bool,
}

/// What a build produced, for the summary line the binary prints.
#[derive(Debug, Clone)]
pub struct Built {
    pub incidents: Vec<BuiltIncident>,
    /// The library page, when several incidents were built.
    pub library: Option<PathBuf>,
    /// The previous report, moved aside when the new one took its place and not removable
    /// after it (the new report is complete all the same), with why.
    pub previous_kept: Option<(PathBuf, String)>,
}

#[derive(Debug, Clone)]
pub struct BuiltIncident {
    pub title: String,
    pub dir: PathBuf,
    pub rows: RowAccounting,
    pub findings: usize,
    /// Rules that could be checked, of all rules: no findings of no checkable rule is no news.
    pub rules_checked: usize,
    pub rules: usize,
}

/// One output file, rendered and waiting to be written; its path is inside the output folder.
struct OutputFile {
    path: PathBuf,
    bytes: Vec<u8>,
}

/// Builds every incident found under `paths` into `options.output`.
pub fn build(paths: &[PathBuf], options: &BuildOptions) -> Result<Built> {
    // Said before the exports are read, not after a minute of work at the first write.
    if options.output.exists() && !options.output.is_dir() {
        return Err(Error::Usage(format!(
            "{}: the output (-o) is a file; give a folder to write the case study into",
            options.output.display()
        )));
    }
    // Also said before the work: an output folder casebook may not replace.
    check_replaceable(&options.output)?;
    let sources = ingest::discover(paths, Some(&options.output))?;
    let several = sources.len() > 1;
    let render_options = RenderOptions {
        templates_dir: options.templates_dir.clone(),
    };
    let secret = anonymization_secret(options.anonymize)?;

    let mut outputs = Vec::new();
    let mut built = Vec::new();
    let mut library = Vec::new();
    let mut slugs = BTreeSet::new();
    // Every incident of a library that cannot be built is named in one run; once one has
    // failed, the others are only studied, not rendered.
    let mut failed = Vec::new();
    for source in &sources {
        let (mut case, leftovers) = match study(source, options) {
            Ok(studied) if failed.is_empty() => studied,
            Ok(_) => continue,
            Err(e) if several => {
                failed.push(Error::InIncident {
                    incident: source.root.clone(),
                    source: Box::new(e),
                });
                continue;
            }
            Err(e) => return Err(e),
        };
        let mut timings = StageTimings::from_env();
        if several {
            case.incident.slug = unique_slug(&case.incident.slug, &mut slugs);
        }
        if let Some(secret) = &secret {
            report::anonymize(&mut case, secret);
        }
        let relative = if several {
            PathBuf::from(&case.incident.slug)
        } else {
            PathBuf::new()
        };
        let dir = options.output.join(&relative);
        // Typesetting needs more memory than any other part of the report, so the mentions are
        // freed before it starts, while the other core renders the HTML.
        let (html, pdf) = std::thread::scope(|scope| {
            let html = crate::parallel::spawn_or_run(scope, || {
                report::render_html(&case, &render_options)
            });
            drop(leftovers);
            let pdf = options.pdf.then(|| report::render_pdf(&case));
            (html.join(), pdf)
        });
        outputs.push(OutputFile {
            path: relative.join("index.html"),
            bytes: html?.into_bytes(),
        });
        if let Some(pdf) = pdf {
            outputs.push(OutputFile {
                path: relative.join("report.pdf"),
                bytes: pdf?,
            });
        }
        timings.lap("html+pdf");
        outputs.push(OutputFile {
            path: relative.join("metrics.json"),
            bytes: metrics_json(&case),
        });
        outputs.push(OutputFile {
            path: relative.join("timeline.csv"),
            bytes: timeline_csv(
                &case.metrics.timeline,
                &case.config,
                case.metrics.reach.mentions_with_reach > 0,
            )
            .into_bytes(),
        });
        timings.lap("json+csv");
        built.push(BuiltIncident {
            title: case.incident.title.clone(),
            dir,
            rows: case.rows,
            findings: case.findings.len(),
            rules_checked: case.rules.iter().filter(|r| r.status == "checked").count(),
            rules: case.rules.len(),
        });
        if several {
            library.push(LibraryEntry {
                href: format!("{}/index.html", case.incident.slug),
                case,
            });
        }
    }
    match failed.len() {
        0 => {}
        1 => return Err(failed.remove(0)),
        _ => return Err(Error::Incidents(failed)),
    }
    let library_path = if several {
        outputs.push(OutputFile {
            path: PathBuf::from("index.html"),
            bytes: report::render_library(&library, &render_options)?.into_bytes(),
        });
        Some(options.output.join("index.html"))
    } else {
        None
    };
    let previous_kept = publish(&options.output, &outputs)?;
    Ok(Built {
        incidents: built,
        library: library_path,
        previous_kept,
    })
}

/// What a study leaves behind that the report does not need: a million mentions take
/// ~65 ms to free, which [`build`] does beside the HTML rendering.
struct Leftovers {
    _mentions: Mentions,
    _annotations: Annotations,
}

/// Runs ingest, analysis and findings for one incident and assembles its case study.
fn study(source: &IncidentSource, options: &BuildOptions) -> Result<(CaseStudy, Leftovers)> {
    let config = ingest::load_config(source, &options.overrides, options.columns_file.as_deref())?;
    // A misspelt rule id would otherwise switch off or tune nothing, silently.
    if let Some(unknown) = config
        .rules
        .keys()
        .find(|id| !findings::RULE_IDS.contains(&id.as_str()))
    {
        let path = source
            .config_file
            .as_ref()
            .map_or_else(|| "incident.toml".to_string(), |p| p.display().to_string());
        return Err(ConfigError::Toml {
            path,
            message: format!(
                "[rules.{unknown}] names no rule; the rules are {}",
                findings::RULE_IDS.join(", ")
            ),
        }
        .into());
    }
    let ingest_options = IngestOptions {
        format: options.format.clone(),
        progress: std::io::stderr().is_terminal(),
    };
    let mut timings = StageTimings::from_env();
    let mut ingested = ingest::ingest(&source.exports, &config, &ingest_options)?;
    for file in &mut ingested.files {
        file.path = ingest::display_path(Path::new(&file.path), &source.root);
    }
    timings.lap("ingest");
    let analysis = analysis::analyze(&ingested.mentions, &config);
    timings.lap("analysis");
    let (findings, rules) = findings::evaluate(&ingested.mentions, &analysis, &config);
    timings.lap("findings");
    // Texts are read back from their temporary file by the text pass and for quotes: a read
    // that failed left figures or quotes incomplete.
    ingested
        .mentions
        .check()
        .map_err(|source| Error::Ingest(IngestError::text_store(source)))?;
    let lessons = match &source.lessons_file {
        Some(path) => {
            let markdown = crate::ingest::read_text(path).map_err(|e| Error::io(path, e))?;
            Lessons {
                file_found: true,
                language: analysis::guess_language(&markdown),
                ..lessons::parse(&markdown)
            }
        }
        None => Default::default(),
    };
    let title = config
        .title
        .clone()
        .unwrap_or_else(|| default_title(&source.root));
    let incident = IncidentInfo {
        slug: slugify(&title),
        title,
        brand: config.brand.clone(),
        timezone: config.timezone.iana_name().unwrap_or("UTC").to_string(),
        generated_by: format!("casebook {}", env!("CARGO_PKG_VERSION")),
        anonymized: options.anonymize,
    };
    let leftovers = Leftovers {
        _mentions: ingested.mentions,
        _annotations: analysis.annotations,
    };
    let case = CaseStudy {
        incident,
        rows: ingested.total,
        files: ingested.files,
        unread_files: source.unread.clone(),
        metrics: analysis.metrics,
        findings,
        rules,
        lessons,
        config,
    };
    Ok((case, leftovers))
}

/// Wall time per stage, printed to stderr when `CASEBOOK_TIMINGS=1`, so that anyone can see
/// where a slow build spends its time without a profiler.
struct StageTimings {
    /// When the last stage ended, and the process's CPU time then; `None` when not asked for.
    last: Option<(std::time::Instant, Option<f64>)>,
}

impl StageTimings {
    fn from_env() -> Self {
        let on = std::env::var_os("CASEBOOK_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0");
        StageTimings {
            last: on.then(|| (std::time::Instant::now(), cpu_seconds())),
        }
    }

    fn lap(&mut self, stage: &str) {
        if let Some((last, last_cpu)) = self.last {
            let now = std::time::Instant::now();
            let cpu = cpu_seconds();
            let wall = (now - last).as_secs_f64();
            // CPU time over wall time says how many cores the stage kept busy.
            let cores = match (cpu, last_cpu) {
                (Some(cpu), Some(last_cpu)) if wall > 0.0 => format!(
                    ", cpu {:.2} s ({:.1} cores)",
                    cpu - last_cpu,
                    (cpu - last_cpu) / wall
                ),
                _ => String::new(),
            };
            let memory = memory_kb().map_or(String::new(), |(rss, peak)| {
                format!(", memory {} MB, peak so far {} MB", rss / 1024, peak / 1024)
            });
            eprintln!("casebook timings: {stage:<10} {wall:>8.3} s{cores}{memory}");
            self.last = Some((now, cpu));
        }
    }
}

/// User and system CPU time of the whole process so far, on Linux (`/proc/self/stat`, in
/// clock ticks of 1/100 s, the kernel's fixed `USER_HZ` for that file).
fn cpu_seconds() -> Option<f64> {
    cpu_seconds_in(&std::fs::read_to_string("/proc/self/stat").ok()?)
}

/// `utime` + `stime` of a `/proc/<pid>/stat` line, in seconds.
fn cpu_seconds_in(stat: &str) -> Option<f64> {
    // The command name, in parentheses, may contain spaces and parentheses: the fields
    // counted are those after its last `)`.
    let after_name = &stat[stat.rfind(')')? + 1..];
    let mut fields = after_name.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some((user + system) as f64 / 100.0)
}

/// This process's resident memory now and at its peak, in KB (`VmRSS`, `VmHWM`), on Linux.
fn memory_kb() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// `--anonymize` pseudonyms are keyed with a secret so they cannot be reversed by hashing
/// handles. `CASEBOOK_ANON_SECRET` makes them stable across runs; otherwise a fresh random
/// secret is drawn, stable within the run only.
fn anonymization_secret(anonymize: bool) -> Result<Option<Vec<u8>>> {
    if !anonymize {
        return Ok(None);
    }
    if let Ok(secret) = std::env::var("CASEBOOK_ANON_SECRET") {
        if !secret.is_empty() {
            return Ok(Some(secret.into_bytes()));
        }
    }
    let mut secret = vec![0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| {
        Error::Usage(format!(
            "cannot draw a random secret for --anonymize ({e}); set CASEBOOK_ANON_SECRET"
        ))
    })?;
    Ok(Some(secret))
}

fn default_title(root: &Path) -> String {
    root.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty() && s != ".")
        .unwrap_or_else(|| "Incident".to_string())
}

/// A folder name that is safe on every file system and can never leave the output folder:
/// ASCII letters and digits joined by single dashes (accents dropped to their base letter).
pub fn slugify(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().map(fold_accent) {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug: String = slug.chars().take(60).collect();
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "incident".to_string()
    } else {
        slug
    }
}

/// Base letters for the accented letters of the report languages (and a few neighbours).
fn fold_accent(c: char) -> char {
    const FOLDS: [(&str, char); 11] = [
        ("àáâãäåą", 'a'),
        ("ćçč", 'c'),
        ("èéêëę", 'e'),
        ("ìíîï", 'i'),
        ("ł", 'l'),
        ("ńñ", 'n'),
        ("òóôõöø", 'o'),
        ("śš", 's'),
        ("ùúûü", 'u'),
        ("ýÿ", 'y'),
        ("źżž", 'z'),
    ];
    let lower = c.to_lowercase().next().unwrap_or(c);
    let folded = FOLDS
        .iter()
        .find(|(from, _)| from.contains(lower))
        .map(|(_, to)| *to);
    folded.unwrap_or(c)
}

fn unique_slug(slug: &str, taken: &mut BTreeSet<String>) -> String {
    let mut candidate = slug.to_string();
    let mut n = 2;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{slug}-{n}");
        n += 1;
    }
    candidate
}

/// What `casebook build` writes for an incident, each with the bytes its beginning holds: a
/// folder holding only these, and folders of them (a library's incidents), holds an earlier
/// report, which a build may replace whole. Names alone are not enough: a site's own
/// `index.html` is not casebook's to delete.
const REPORT_FILES: [(&str, ReportMark); 4] = [
    (
        "index.html",
        ReportMark::Holds(b"<meta name=\"generator\" content=\"casebook"),
    ),
    (
        "metrics.json",
        ReportMark::Holds(crate::metrics::METRICS_JSON_MARK),
    ),
    ("timeline.csv", ReportMark::StartsWith(b"bucket_start_utc,")),
    ("report.pdf", ReportMark::StartsWith(b"%PDF-")),
];

/// How a file's beginning shows it is one casebook wrote.
#[derive(Clone, Copy)]
enum ReportMark {
    /// These bytes appear in the first [`MARK_WINDOW`] bytes.
    Holds(&'static [u8]),
    StartsWith(&'static [u8]),
}

/// How much of a file is read to find its mark: the generator line of a page and the first
/// key of `metrics.json` come early.
const MARK_WINDOW: u64 = 4096;

/// Whether `path` is a file casebook writes, by its name and beginning; `Some(true)` for a page
/// or `metrics.json`, which a report folder must hold one of (a PDF alone may be anyone's).
fn report_file(path: &Path) -> Result<Option<bool>> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let Some((name, mark)) = REPORT_FILES.iter().find(|(n, _)| *n == name) else {
        return Ok(None);
    };
    if !path.is_file() {
        return Ok(None);
    }
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MARK_WINDOW).read_to_end(&mut head))
        .map_err(|e| Error::io(path, e))?;
    let marked = match mark {
        ReportMark::Holds(bytes) => head.windows(bytes.len()).any(|w| w == *bytes),
        ReportMark::StartsWith(bytes) => head.starts_with(bytes),
    };
    Ok(marked.then_some(matches!(*name, "index.html" | "metrics.json")))
}

/// Whether `dir` is an incident's folder of a library: files casebook writes, its page or
/// `metrics.json` among them.
fn incident_folder(dir: &Path) -> Result<bool> {
    let mut page = false;
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        match report_file(&entry.path())? {
            Some(is_page) => page |= is_page,
            None => return Ok(false),
        }
    }
    Ok(page)
}

/// A mount point (a container's volume) cannot be moved aside and replaced, only what is
/// inside it: what to give instead. `why` says how it was found out.
fn mount_point_error(output: &Path, why: &str) -> Error {
    Error::Usage(format!(
        "{}: the output folder cannot be replaced whole ({why}; a container's volume?): give a \
         folder inside it, e.g. -o {}",
        output.display(),
        output.join("report").display()
    ))
}

/// Whether `path` is a folder on another file system than its parent's (a mount point).
/// Unix only; elsewhere the replacement's own error says what went wrong.
fn is_mount_point(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let Ok(canonical) = path.canonicalize() else {
            return false;
        };
        let Some(parent) = canonical.parent() else {
            return false; // the root folder
        };
        match (std::fs::metadata(&canonical), std::fs::metadata(parent)) {
            (Ok(own), Ok(parents)) => own.is_dir() && own.dev() != parents.dev(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// Refuses an output folder that holds anything but an earlier report (files casebook writes,
/// its page or `metrics.json` among them, and a library's folders of incidents): replacing it
/// would delete the user's own files.
fn check_replaceable(output: &Path) -> Result<()> {
    if is_mount_point(output) {
        // Said before the work, not when the finished report cannot take its place.
        return Err(mount_point_error(output, "it is a mount point"));
    }
    let Ok(entries) = std::fs::read_dir(output) else {
        return Ok(());
    };
    let (mut names, mut foreign, mut page) = (Vec::new(), Vec::new(), false);
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(output, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let is_report = if path.is_dir() {
            incident_folder(&path)?
        } else {
            report_file(&path)?
                .inspect(|is_page| page |= is_page)
                .is_some()
        };
        if !is_report {
            foreign.push(name.clone());
        }
        names.push(name);
    }
    if !page {
        // No page of casebook's: nothing there is an earlier report, whatever its name.
        foreign = names;
    }
    if foreign.is_empty() {
        return Ok(());
    }
    foreign.sort();
    Err(Error::Usage(format!(
        "{}: the output folder (-o) holds files that are not a casebook report ({}); the \
         build replaces the whole folder, so give a new or empty one",
        output.display(),
        foreign.join(", ")
    )))
}

/// Writes a build's files as one report: into a staging folder beside `output`, which then
/// takes its place. A build that fails on the way leaves the previous report as it was, and no
/// file of the previous report (a PDF this build did not make, an incident no longer in the
/// collection, a library's files where one incident now is) stays beside the new one.
///
/// Once the new report is in place the build has succeeded: a previous report that cannot be
/// removed then is returned, with the error, for the caller to report, not failed on.
fn publish(output: &Path, files: &[OutputFile]) -> Result<Option<(PathBuf, String)>> {
    check_replaceable(output)?;
    // A link to the output folder stays a link; the folder it names is replaced.
    let output = output
        .canonicalize()
        .unwrap_or_else(|_| output.to_path_buf());
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    Sibling::clear_abandoned(&parent, &output);
    let staging = Sibling::create(&parent, "staging", &output)?;
    for file in files {
        let path = staging.path.join(&file.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let mut out = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
        out.write_all(&file.bytes)
            .and_then(|()| out.sync_all())
            .map_err(|e| Error::io(output.join(&file.path), e))?;
        // Readable by all, as a shared document is, whatever the build's umask.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644))
                .map_err(|e| Error::io(&path, e))?;
        }
    }
    if !output.exists() {
        std::fs::rename(&staging.path, &output).map_err(|e| Error::io(&output, e))?;
        staging.keep();
        return Ok(None);
    }
    let previous = Sibling::name(&parent, "previous", &output);
    std::fs::rename(&output, &previous).map_err(|e| {
        if e.kind() == std::io::ErrorKind::ResourceBusy {
            // A mount point the check before the work did not see (a bind mount).
            mount_point_error(&output, &format!("{e}: a mount point?"))
        } else {
            Error::io(&output, e)
        }
    })?;
    if let Err(e) = std::fs::rename(&staging.path, &output) {
        // Put the previous report back: the build failed, and it should not cost the old one.
        let _ = std::fs::rename(&previous, &output);
        return Err(Error::io(&output, e));
    }
    staging.keep();
    Ok(std::fs::remove_dir_all(&previous)
        .err()
        .map(|e| (previous, e.to_string())))
}

/// A hidden folder beside the output, removed with what it holds unless kept.
struct Sibling {
    path: PathBuf,
    kept: bool,
}

impl Sibling {
    /// `.casebook-{role}-{process}-{nanoseconds}-{output tag}`: the process tells whether the
    /// build that made it still runs, the tag which output it was for ([`Sibling::tag`]).
    fn name(parent: &Path, role: &str, output: &Path) -> PathBuf {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        parent.join(format!(
            ".casebook-{role}-{}-{nanos}-{}",
            std::process::id(),
            Sibling::tag(output)
        ))
    }

    /// The output folder's name, hashed to a short fixed length (a folder name may be as long
    /// as the system allows, and a prefix could not tell `report` from `report-2`).
    fn tag(output: &Path) -> String {
        let name = output.file_name().unwrap_or(output.as_os_str());
        let digest = Sha256::digest(name.as_encoded_bytes());
        digest[..6].iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Created like any folder the user makes (not private as temporary folders are): the
    /// report is meant to be shared.
    fn create(parent: &Path, role: &str, output: &Path) -> Result<Sibling> {
        let path = Sibling::name(parent, role, output);
        std::fs::create_dir(&path).map_err(|e| Error::io(&path, e))?;
        Ok(Sibling { path, kept: false })
    }

    fn keep(mut self) {
        self.kept = true;
    }

    /// Clears what a build that was killed left beside `output`: staging folders, and the
    /// previous report a build of this same output had moved aside (put back when killed
    /// before the new one took its place, else removed). A previous report moved aside for
    /// another output folder of the same parent is left alone: it may be that report's only
    /// copy. Only folders of processes no longer running are touched, which only Linux tells
    /// (`/proc`); elsewhere they stay.
    fn clear_abandoned(parent: &Path, output: &Path) {
        let Ok(entries) = std::fs::read_dir(parent) else {
            return;
        };
        let tag = Sibling::tag(output);
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let mut parts = name.strip_prefix(".casebook-").unwrap_or("").split('-');
            let (Some(role), Some(pid), Some(_nanos), its_tag) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let abandoned = cfg!(target_os = "linux")
                && pid
                    .parse::<u32>()
                    .is_ok_and(|pid| pid != std::process::id())
                && !Path::new("/proc").join(pid).exists();
            if !abandoned {
                continue;
            }
            let path = entry.path();
            match role {
                "previous" if its_tag != Some(tag.as_str()) => {}
                "previous" if !output.exists() => {
                    let _ = std::fs::rename(&path, output);
                }
                "previous" | "staging" => {
                    let _ = std::fs::remove_dir_all(&path);
                }
                _ => {}
            }
        }
    }
}

impl Drop for Sibling {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// The `metrics.json` view of a case study: every figure, its units, the findings and the
/// team's action items. Deterministic: no generation time, no absolute paths.
pub fn metrics_json(case: &CaseStudy) -> Vec<u8> {
    #[derive(Serialize)]
    struct MetricsFile<'a> {
        generated_by: &'a str,
        definitions_version: u32,
        units: Units,
        incident: &'a IncidentInfo,
        rows: &'a RowAccounting,
        files: &'a [FileReport],
        unread_files: &'a [UnreadFile],
        #[serde(flatten)]
        metrics: &'a Metrics,
        findings: &'a [Finding],
        rules: &'a [RuleStatus],
        action_items: &'a [ActionItem],
        config: &'a Config,
    }
    #[derive(Serialize)]
    struct Units {
        times: &'static str,
        durations: &'static str,
        shares: &'static str,
        reach: &'static str,
        counts: &'static str,
        definitions: &'static str,
    }
    let file = MetricsFile {
        generated_by: &case.incident.generated_by,
        definitions_version: DEFINITIONS_VERSION,
        units: Units {
            times: "RFC 3339, UTC",
            durations: "seconds (keys ending in _seconds)",
            shares: "fraction from 0 to 1 (keys named rate, share or ending in _share)",
            reach: "accounts (sums of per-mention reach or follower counts)",
            counts: "mentions",
            definitions: "docs/metrics.md and docs/findings.md of casebook",
        },
        incident: &case.incident,
        rows: &case.rows,
        files: &case.files,
        unread_files: &case.unread_files,
        metrics: &case.metrics,
        findings: &case.findings,
        rules: &case.rules,
        action_items: &case.lessons.action_items,
        config: &case.config,
    };
    let mut bytes = serde_json::to_vec_pretty(&file).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// `timeline.csv`: one row per bucket with every series, for people who chart it themselves.
/// When no mention has a reach (`reach_known` false), the reach columns are left empty: a
/// column of zeros would read as an incident nobody saw.
pub fn timeline_csv(timeline: &Timeline, config: &Config, reach_known: bool) -> String {
    let mut out = String::from(
        "bucket_start_utc,bucket_start_local,phase,count,inbound,brand,brand_replies,\
         negative,neutral,positive,unrated,reach,cumulative_reach\n",
    );
    let mut cumulative: u64 = 0;
    for b in &timeline.buckets {
        cumulative += b.reach;
        let (reach, cumulative) = if reach_known {
            (b.reach.to_string(), cumulative.to_string())
        } else {
            (String::new(), String::new())
        };
        let local = b.start.to_zoned(config.timezone.clone());
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{},{},{}",
            b.start,
            local.strftime("%Y-%m-%dT%H:%M:%S%:z"),
            b.phase.as_str(),
            b.count,
            b.inbound,
            b.brand,
            b.brand_replies,
            b.negative,
            b.neutral,
            b.positive,
            b.unrated,
            reach,
            cumulative
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_time_is_user_plus_system_ticks_after_the_command_name() {
        // Fields 14 and 15 (utime 250, stime 75) of a stat line whose name holds ") ".
        let line = "4242 (casebook (x) y) R 1 4242 4242 0 -1 4194304 900 0 0 0 250 75 0 0 20 0 3 0";
        assert_eq!(cpu_seconds_in(line), Some(3.25));
        assert_eq!(cpu_seconds_in("4242 (casebook) R 1"), None);
        assert_eq!(cpu_seconds_in("no name here"), None);
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn stage_timings_read_this_process_cpu_time_and_memory() {
        let before = cpu_seconds().expect("/proc/self/stat");
        let mut spin = 0u64;
        let start = std::time::Instant::now();
        while start.elapsed() < std::time::Duration::from_millis(50) {
            spin = std::hint::black_box(spin.wrapping_add(1));
        }
        let after = cpu_seconds().expect("/proc/self/stat");
        assert!(after >= before + 0.01, "{before} -> {after}");
        let (rss, peak) = memory_kb().expect("/proc/self/status");
        assert!(rss > 0 && peak >= rss, "{rss} {peak}");
    }

    #[test]
    fn timeline_csv_has_one_row_per_bucket_with_local_time_and_running_reach_when_known() {
        use crate::report::fixture::{self, Bucket, Phase};
        let case = fixture::skyways();
        let mut timeline = case.metrics.timeline.clone();
        let bucket = |i, phase, counts: [u64; 9]| Bucket {
            start: fixture::hour(i),
            count: counts[0],
            inbound: counts[1],
            brand: counts[2],
            brand_replies: counts[3],
            negative: counts[4],
            neutral: counts[5],
            positive: counts[6],
            unrated: counts[7],
            reach: counts[8],
            phase,
        };
        timeline.buckets = vec![
            bucket(0, Phase::Before, [3, 2, 1, 1, 1, 1, 0, 0, 10]),
            bucket(1, Phase::Escalation, [9, 9, 0, 0, 5, 2, 1, 1, 40]),
        ];
        assert_eq!(case.config.timezone.iana_name(), Some("Europe/Rome"));
        assert_eq!(
            timeline_csv(&timeline, &case.config, true),
            "bucket_start_utc,bucket_start_local,phase,count,inbound,brand,brand_replies,\
             negative,neutral,positive,unrated,reach,cumulative_reach\n\
             2026-03-09T23:00:00Z,2026-03-10T00:00:00+01:00,before,3,2,1,1,1,1,0,0,10,10\n\
             2026-03-10T00:00:00Z,2026-03-10T01:00:00+01:00,escalation,9,9,0,0,5,2,1,1,40,50\n"
        );
        // An export without reach or followers: the reach columns are empty, not zero.
        timeline.buckets.iter_mut().for_each(|b| b.reach = 0);
        assert_eq!(
            timeline_csv(&timeline, &case.config, false),
            "bucket_start_utc,bucket_start_local,phase,count,inbound,brand,brand_replies,\
             negative,neutral,positive,unrated,reach,cumulative_reach\n\
             2026-03-09T23:00:00Z,2026-03-10T00:00:00+01:00,before,3,2,1,1,1,1,0,0,,\n\
             2026-03-10T00:00:00Z,2026-03-10T01:00:00+01:00,escalation,9,9,0,0,5,2,1,1,,\n"
        );
    }

    #[test]
    fn slugs_are_safe_folder_names() {
        assert_eq!(
            slugify("Skyways: the broken guitar"),
            "skyways-the-broken-guitar"
        );
        assert_eq!(slugify("Łódź — awaria, część 2"), "lodz-awaria-czesc-2");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("   "), "incident");
        assert_eq!(slugify("Caída de Iberia"), "caida-de-iberia");
    }

    #[test]
    fn duplicate_slugs_get_a_number() {
        let mut taken = BTreeSet::new();
        assert_eq!(unique_slug("a", &mut taken), "a");
        assert_eq!(unique_slug("a", &mut taken), "a-2");
        assert_eq!(unique_slug("a", &mut taken), "a-3");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_mount_point_is_refused_as_output_before_any_work() {
        // /proc is a file system of its own on Linux, as a container's volume is.
        assert!(is_mount_point(Path::new("/proc")));
        let refused = check_replaceable(Path::new("/proc"))
            .unwrap_err()
            .to_string();
        assert!(refused.contains("mount point"), "{refused}");
        assert!(refused.contains("/proc/report"), "{refused}");
        let dir = tempfile::tempdir().unwrap();
        assert!(!is_mount_point(dir.path()));
        assert!(!is_mount_point(&dir.path().join("not yet made")));
    }

    #[test]
    fn a_report_replaces_the_previous_one_whole_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("report");
        let file = |path: &str, bytes: &[u8]| OutputFile {
            path: PathBuf::from(path),
            bytes: bytes.to_vec(),
        };
        // A page as casebook writes it, and one of the user's own.
        let page = |body: &str| {
            format!("<html><head><meta name=\"generator\" content=\"casebook 0.1.0\">{body}")
                .into_bytes()
        };
        // A publish into `dir` is refused, naming `what` it would have deleted.
        let refuses = |dir: &Path, what: &str| {
            let refused = publish(dir, &[file("index.html", &page("new"))]).unwrap_err();
            assert!(
                matches!(&refused, Error::Usage(m) if m.contains(what)),
                "{refused}"
            );
        };
        let names = |dir: &Path| {
            let mut names: Vec<_> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect();
            names.sort();
            names
        };
        publish(
            &out,
            &[
                file("index.html", &page("first")),
                file("report.pdf", b"%PDF-1.7"),
            ],
        )
        .unwrap();
        // Built again without a PDF: the old one does not stay beside the new page.
        publish(&out, &[file("index.html", &page("second"))]).unwrap();
        assert_eq!(
            std::fs::read(out.join("index.html")).unwrap(),
            page("second")
        );
        assert_eq!(names(&out), ["index.html"]);
        assert_eq!(names(dir.path()), ["report"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(out.join("index.html"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o644);
        }

        // A library replaces a single report: its folders of incidents are a report too.
        publish(
            &out,
            &[
                file("a/index.html", &page("a")),
                file("index.html", &page("library")),
            ],
        )
        .unwrap();
        assert_eq!(names(&out), ["a", "index.html"]);

        // A write that fails half-way leaves the previous report as it was, and no staging.
        let failed = publish(
            &out,
            &[
                file("index.html", &page("new")),
                file("index.html/x", b"cannot"),
            ],
        );
        assert!(failed.is_err());
        assert_eq!(
            std::fs::read(out.join("index.html")).unwrap(),
            page("library")
        );
        assert_eq!(names(dir.path()), ["report"]);

        // The user's own files are not casebook's to delete.
        std::fs::write(out.join("notes.txt"), b"mine").unwrap();
        refuses(&out, "(notes.txt)");
        assert_eq!(names(&out), ["a", "index.html", "notes.txt"]);

        // Files named as casebook names its own are not its own unless they say so: a site's
        // page, a PDF of the user's, an incident folder holding someone else's page.
        let site = dir.path().join("site");
        std::fs::create_dir(&site).unwrap();
        std::fs::write(site.join("index.html"), b"<h1>My homepage</h1>").unwrap();
        refuses(&site, "(index.html)");
        assert_eq!(
            std::fs::read(site.join("index.html")).unwrap(),
            b"<h1>My homepage</h1>"
        );
        std::fs::write(site.join("index.html"), page("old")).unwrap();
        std::fs::create_dir(site.join("b")).unwrap();
        std::fs::write(site.join("b/index.html"), b"<h1>Theirs</h1>").unwrap();
        refuses(&site, "(b)");
        let papers = dir.path().join("papers");
        std::fs::create_dir(&papers).unwrap();
        std::fs::write(papers.join("report.pdf"), b"%PDF-1.4 mine").unwrap();
        refuses(&papers, "(report.pdf)");
        // A build killed half-way left its staging folder, and one killed between its two
        // renames the previous report moved aside: the next build clears the first and puts
        // the second back before replacing it.
        #[cfg(target_os = "linux")]
        {
            let gone = "4194304999"; // above any process number Linux gives
            let tag = Sibling::tag(&out);
            std::fs::create_dir(dir.path().join(format!(".casebook-staging-{gone}-1-{tag}")))
                .unwrap();
            let moved = dir
                .path()
                .join(format!(".casebook-previous-{gone}-2-{tag}"));
            std::fs::rename(&out, &moved).unwrap();
            std::fs::remove_file(out.join("notes.txt")).ok();
            std::fs::remove_file(moved.join("notes.txt")).unwrap();
            // The previous report of another output folder, moved aside by a build killed
            // then, is that report's only copy: neither taken nor removed.
            let theirs = format!(".casebook-previous-{gone}-3-{}", Sibling::tag(&site));
            std::fs::create_dir(dir.path().join(&theirs)).unwrap();
            std::fs::write(dir.path().join(&theirs).join("index.html"), page("theirs")).unwrap();
            let kept = publish(&out, &[file("index.html", &page("after a kill"))]).unwrap();
            assert!(kept.is_none());
            assert_eq!(
                names(dir.path()),
                [theirs.as_str(), "papers", "report", "site"]
            );
            assert_eq!(names(&out), ["index.html"]);
            assert_eq!(
                std::fs::read(out.join("index.html")).unwrap(),
                page("after a kill")
            );
            std::fs::remove_dir_all(dir.path().join(&theirs)).unwrap();
        }
        // A page, its metrics, timeline and PDF as casebook writes them are replaced.
        std::fs::write(site.join("b/index.html"), page("b")).unwrap();
        std::fs::write(
            site.join("b/metrics.json"),
            b"{\n  \"generated_by\": \"casebook 0.1.0\",",
        )
        .unwrap();
        std::fs::write(
            site.join("b/timeline.csv"),
            b"bucket_start_utc,bucket_start_local\n",
        )
        .unwrap();
        std::fs::write(site.join("b/report.pdf"), b"%PDF-1.7").unwrap();
        publish(&site, &[file("index.html", &page("new"))]).unwrap();
        assert_eq!(names(&site), ["index.html"]);
    }
}
