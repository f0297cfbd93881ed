//! A simulator of realistic, fictional incidents, written as real export formats.
//!
//! The story: Skyways, an airline (handles `@SkywaysAir`, care account `@SkywaysHelp`), breaks a
//! musician's guitar; her video goes viral. The export covers Tuesday 10 March 2026 00:00 UTC
//! onwards:
//!
//! - a quiet baseline of routine mentions (delays, lost bags, praise, questions) and the brand's
//!   `#FlyHappy` campaign posts;
//! - the trigger, Wed 11 March 12:10 UTC: `@mira_strings` posts the video with
//!   `#SkywaysBrokeMyGuitar`, and self-exciting cascades of reposts, replies and quotes follow;
//! - news outlets in English, Italian, Spanish and Polish; an impostor care account
//!   `@SkywaysHe1p` ("Skyways Help Team") that insults people and phishes for card numbers;
//! - the brand's first answer 4 h 35 min after the video; a scheduled `#FlyHappy` promo published
//!   at the peak (16:00 UTC) and hijacked; care replies that come later and rarer as volume grows;
//! - the CEO statement, Thu 12 March 10:00 UTC (11:00 in Rome);
//! - a re-ignition, Fri 13 March 19:00 UTC: the musician's song, amplified by a comedian;
//! - a long tail, until the requested number of mentions is reached (about a week).
//!
//! The same seed and size give the same file, byte for byte. Rows are streamed: memory stays at
//! a few dozen bytes per pending repost or reply, whatever the size.

mod accounts;
mod brandwatch;
mod engine;
mod text;
mod twarc;

use std::collections::VecDeque;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::str::FromStr;

use jiff::Timestamp;

use crate::error::Error;

pub use engine::{Metrics, ParentRef, Post, PostKind, START_MS, TRIGGER_MS};

/// The X/Twitter snowflake epoch (2010-11-04), in Unix milliseconds.
pub(crate) const SNOWFLAKE_EPOCH_MS: i64 = 1_288_834_974_657;

/// A snowflake id: milliseconds since the snowflake epoch, then 22 bits of worker and sequence.
pub(crate) fn snowflake(at_ms: i64, low_bits: u64) -> u64 {
    (((at_ms - SNOWFLAKE_EPOCH_MS).max(0) as u64) << 22) | (low_bits & 0x3F_FFFF)
}

/// The instant (Unix milliseconds) encoded in a snowflake id.
pub(crate) fn snowflake_ms(id: u64) -> i64 {
    (id >> 22) as i64 + SNOWFLAKE_EPOCH_MS
}

/// The export layouts the simulator writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// twarc2 + twarc-csv 0.7: 84 columns, UTF-8, reposts merged with their original.
    TwarcCsv,
    /// Brandwatch Consumer Research "Bulk Mentions Download": UTF-8 with BOM, metadata rows,
    /// header on row 7, newer `X *` column names.
    Brandwatch,
}

impl FromStr for ExportFormat {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_ascii_lowercase().as_str() {
            "twarc-csv" | "twarc" => Ok(ExportFormat::TwarcCsv),
            "brandwatch" => Ok(ExportFormat::Brandwatch),
            other => Err(Error::Usage(format!(
                "unknown simulation format {other:?}; the simulator writes twarc-csv or brandwatch"
            ))),
        }
    }
}

/// What to simulate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimulateOptions {
    pub format: ExportFormat,
    /// Mentions in the whole incident (the export may hold fewer when a period is given).
    pub mentions: u64,
    pub seed: u64,
    /// Keep only mentions from this instant on, like an export of a shorter period.
    pub from: Option<Timestamp>,
    /// Keep only mentions before this instant.
    pub to: Option<Timestamp>,
}

impl SimulateOptions {
    pub fn new(format: ExportFormat, mentions: u64, seed: u64) -> SimulateOptions {
        SimulateOptions {
            format,
            mentions,
            seed,
            from: None,
            to: None,
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimulationSummary {
    /// Mentions in the simulated incident.
    pub mentions: u64,
    /// Data rows written, duplicates included.
    pub rows: u64,
    /// Rows written a second time, as where exports of overlapping periods were joined.
    pub duplicates: u64,
    pub first: Option<Timestamp>,
    pub last: Option<Timestamp>,
}

/// Simulates the incident and writes it to `out`.
pub fn simulate<W: Write>(options: &SimulateOptions, out: W) -> io::Result<SimulationSummary> {
    if options.mentions == 0 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the number of mentions must be at least 1",
        ));
    }
    let from_ms = options.from.map(|t| t.as_millisecond());
    let to_ms = options.to.map(|t| t.as_millisecond());
    let mut writer = match options.format {
        ExportFormat::TwarcCsv => ExportWriter::Twarc(twarc::TwarcWriter::new(out)?),
        ExportFormat::Brandwatch => ExportWriter::Brandwatch(brandwatch::BrandwatchWriter::new(
            out,
            from_ms.unwrap_or(START_MS),
            to_ms.unwrap_or(START_MS + 8 * 86_400_000),
        )?),
    };
    let mut engine = engine::Engine::new(options.seed, options.mentions);
    // Exports joined from overlapping downloads repeat the rows of the overlap: the simulator
    // repeats the latest rows at three points.
    let overlap_rows = (options.mentions / 600).clamp(1, 100) as usize;
    let overlap_points = [30, 55, 80].map(|percent| options.mentions * percent / 100);
    let mut recent: VecDeque<Post> = VecDeque::with_capacity(overlap_rows);
    let mut summary = SimulationSummary {
        mentions: options.mentions,
        rows: 0,
        duplicates: 0,
        first: None,
        last: None,
    };
    let mut index = 0;
    while let Some(post) = engine.next_post() {
        index += 1;
        if from_ms.is_some_and(|from| post.at_ms < from) || to_ms.is_some_and(|to| post.at_ms >= to)
        {
            continue;
        }
        writer.row(&post)?;
        summary.rows += 1;
        let at = Timestamp::from_millisecond(post.at_ms).ok();
        summary.first = summary.first.or(at);
        summary.last = at;
        if recent.len() == overlap_rows {
            recent.pop_front();
        }
        recent.push_back(post);
        if overlap_points.contains(&index) {
            for repeated in recent.drain(..) {
                writer.row(&repeated)?;
                summary.rows += 1;
                summary.duplicates += 1;
            }
        }
    }
    writer.finish()?;
    Ok(summary)
}

/// Simulates into a file, through a temporary file beside it: a run that fails or is stopped
/// leaves no half-written export that a later build would read. An existing file is replaced
/// only when `replace` is set: at that name there may be a real export.
pub fn simulate_to_file(
    options: &SimulateOptions,
    path: &Path,
    replace: bool,
) -> crate::Result<SimulationSummary> {
    let exists = || {
        Error::Usage(format!(
            "{} already exists and may be a real export: choose another file name, or add --force \
             to replace it",
            path.display()
        ))
    };
    if !replace && path.exists() {
        return Err(exists());
    }
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".casebook-simulate-").suffix(".part");
    // A temporary file is private to its owner; the export is an ordinary file, as readable as
    // the umask lets any new file be.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let partial = builder
        .tempfile_in(folder)
        .map_err(|e| Error::io(path, e))?;
    let summary = simulate(
        options,
        BufWriter::with_capacity(1 << 20, partial.as_file()),
    )
    .map_err(|e| Error::io(path, e))?;
    let persisted = if replace {
        partial.persist(path)
    } else {
        partial.persist_noclobber(path)
    };
    match persisted {
        Ok(_) => Ok(summary),
        Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => Err(exists()),
        Err(e) => Err(Error::io(path, e.error)),
    }
}

enum ExportWriter<W: Write> {
    Twarc(twarc::TwarcWriter<W>),
    Brandwatch(brandwatch::BrandwatchWriter<W>),
}

impl<W: Write> ExportWriter<W> {
    fn row(&mut self, post: &Post) -> io::Result<()> {
        match self {
            ExportWriter::Twarc(w) => w.row(post),
            ExportWriter::Brandwatch(w) => w.row(post),
        }
    }

    fn finish(self) -> io::Result<()> {
        match self {
            ExportWriter::Twarc(w) => w.finish(),
            ExportWriter::Brandwatch(w) => w.finish(),
        }
    }
}

/// The part of an export writer that is the same for every format: fields go straight to the
/// CSV writer, and times are formatted into one reused buffer.
pub(crate) struct RowWriter<W: Write> {
    csv: csv::Writer<W>,
    clock: UtcClock,
    buffer: String,
}

impl<W: Write> RowWriter<W> {
    pub fn new(csv: csv::Writer<W>, clock: UtcClock) -> RowWriter<W> {
        RowWriter {
            csv,
            clock,
            buffer: String::with_capacity(256),
        }
    }

    pub fn put(&mut self, value: &str) -> io::Result<()> {
        self.csv.write_field(value).map_err(io::Error::from)
    }

    pub fn put_empty(&mut self, count: usize) -> io::Result<()> {
        for _ in 0..count {
            self.put("")?;
        }
        Ok(())
    }

    /// `YYYY-MM-DD{separator}HH:MM:SS{suffix}` in UTC.
    pub fn put_time(&mut self, at_ms: i64, separator: char, suffix: &str) -> io::Result<()> {
        let mut field = std::mem::take(&mut self.buffer);
        field.clear();
        self.clock.push(&mut field, at_ms, separator);
        field.push_str(suffix);
        let result = self.put(&field);
        self.buffer = field;
        result
    }

    pub fn end_row(&mut self) -> io::Result<()> {
        self.csv
            .write_record(None::<&[u8]>)
            .map_err(io::Error::from)
    }

    /// Flushes everything and hands back the output.
    pub fn finish(mut self) -> io::Result<W> {
        self.csv.flush()?;
        let mut out = self.csv.into_inner().map_err(|e| e.into_error())?;
        out.flush()?;
        Ok(out)
    }
}

/// Formats Unix milliseconds as UTC date and time quickly, computing the calendar date once a day.
pub(crate) struct UtcClock {
    day: i64,
    date: String,
}

impl UtcClock {
    pub fn new() -> UtcClock {
        UtcClock {
            day: i64::MIN,
            date: String::new(),
        }
    }

    /// Appends `YYYY-MM-DD{sep}HH:MM:SS` and returns nothing; the caller adds any fraction.
    pub fn push(&mut self, out: &mut String, at_ms: i64, separator: char) {
        let seconds = at_ms.div_euclid(1000);
        let day = seconds.div_euclid(86_400);
        if day != self.day {
            self.day = day;
            self.date = Timestamp::from_second(day * 86_400)
                .map(|t| t.strftime("%Y-%m-%d").to_string())
                .unwrap_or_else(|_| "1970-01-01".to_string());
        }
        let in_day = seconds.rem_euclid(86_400);
        out.push_str(&self.date);
        out.push(separator);
        let (h, m, s) = (in_day / 3600, in_day % 3600 / 60, in_day % 60);
        for (i, part) in [h, m, s].into_iter().enumerate() {
            if i > 0 {
                out.push(':');
            }
            out.push(char::from(b'0' + (part / 10) as u8));
            out.push(char::from(b'0' + (part % 10) as u8));
        }
    }
}

/// A hand-made post for the writers' tests: `@mira_strings` reposted, replied to or quoted by
/// `@SkywaysHelp` at 2026-03-11 12:40:05.250 UTC.
#[cfg(test)]
pub(crate) fn example_post(kind: PostKind) -> Post {
    use accounts::{AccountRef, Directory};
    let directory = Directory::new(1);
    let at_ms = 1_773_232_805_250;
    Post {
        id: snowflake(at_ms, 1),
        at_ms,
        author: directory.account(AccountRef::SKYWAYS_HELP),
        kind,
        parent: (kind != PostKind::Original).then(|| ParentRef {
            id: snowflake(TRIGGER_MS, 0),
            author_id: 811_204_557,
            author_handle: "mira_strings".into(),
        }),
        conversation_id: snowflake(TRIGGER_MS, 0),
        conversation_author: "mira_strings".into(),
        text: "Line one\nline two #FlyHappy @SkywaysAir".into(),
        lang: crate::model::Language::It,
        metrics: Metrics {
            impressions: 1000,
            replies: 2,
            reposts: 3,
            quotes: 4,
            likes: 5,
            bookmarks: 6,
        },
        sentiment: crate::model::Sentiment::Negative,
        role: text::Role::BrandCare,
        source: "Sprinklr Publishing",
        country: Some("IT"),
        video: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snowflakes_round_trip() {
        let at = 1_773_231_000_123;
        let id = snowflake(at, 77);
        assert_eq!(snowflake_ms(id), at);
        assert_eq!(id.to_string().len(), 19);
    }

    #[test]
    fn clock_formats_utc() {
        let mut clock = UtcClock::new();
        let mut out = String::new();
        clock.push(&mut out, 1_773_231_000_999, 'T');
        assert_eq!(out, "2026-03-11T12:10:00");
        out.clear();
        clock.push(&mut out, START_MS - 1, ' ');
        assert_eq!(out, "2026-03-09 23:59:59");
    }

    #[test]
    fn formats_parse() {
        assert_eq!(
            "twarc-csv".parse::<ExportFormat>().unwrap(),
            ExportFormat::TwarcCsv
        );
        assert_eq!(
            "Brandwatch".parse::<ExportFormat>().unwrap(),
            ExportFormat::Brandwatch
        );
        assert!("meltwater".parse::<ExportFormat>().is_err());
    }
}
