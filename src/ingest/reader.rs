//! Reading one export file, streaming: every data row becomes a mention or lands in exactly
//! one other bucket (duplicate, out of window, rejected with its line and reason).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs::File;
use std::hash::BuildHasher;
use std::io::{self, Read};
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver, Sender, SyncSender};
use std::sync::Arc;

use arcstr::ArcStr;
use compact_str::CompactString;
use csv::ByteRecord;
use hashbrown::hash_table::{Entry, HashTable};
use indicatif::ProgressBar;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};
use sha2::{Digest, Sha256};
use ustr::Ustr;

use super::dates::{self, NumericDate, ParsedTime, TimeError};
use super::presets::{self, Header, Mapping, PlatformRule, Preset, Role};
use super::sniff::{self, Encoding, Layout, LayoutError, LineCounter};
use super::values::{self, CountError, IdValue, SentimentLabel, Separators};
use crate::config::{parse_timezone, ColumnMap, Config, DateOrder};
use crate::error::IngestError;
use crate::model::{
    Before, ClockChange, Count, FileNotice, FileReport, IdRef, Kind, Mention, Mentions, Provenance,
    ReasonCount, Rejection, RejectionKind, RowAccounting, RowProblem, ValueProblem,
    EARLIEST_SECOND, MAX_LINE,
};

/// A used field longer than this is not a post: usually a quote that was never closed.
const MAX_FIELD_BYTES: usize = 1 << 20;
/// Rejected rows shown per file.
const MAX_EXAMPLES: usize = 20;

/// How many distinct values of the filter column the rows left out are counted by: enough
/// for a column of brands or queries. A column with more is not told value by value (which
/// values a thread saw first would decide the counts): memory stays bounded.
const MAX_FILTERED_VALUES: usize = 64;

/// How many of those values a file's note names, the most frequent first.
const FILTERED_NAMED: usize = 5;
/// Excel's row limit: an export with exactly this many rows was probably cut.
const EXCEL_ROW_CAP: u64 = 1_048_576;
/// X/Twitter snowflake ids start counting milliseconds here.
const TWITTER_EPOCH_MS: i64 = 1_288_834_974_657;
/// Smallest id that is a snowflake (November 2010); older ids carry no time.
const MIN_SNOWFLAKE: u64 = 30_000_000_000_000_000;
/// Values longer than this are cut in messages.
const MESSAGE_VALUE_CHARS: usize = 60;

/// Where a row starting on `line` of file `file` comes from; `None` past [`MAX_LINE`].
fn provenance(file: u32, line: u64) -> Option<Provenance> {
    let line = u32::try_from(line).ok()?;
    Some(Provenance { file, line })
}

/// The mentions kept so far in this incident, across its files, with their ids.
#[derive(Debug, Default)]
pub struct Merged {
    ids: Positions,
    pub mentions: Mentions,
    /// How many mentions there were when the file being read began.
    file_start: usize,
    /// Mentions of earlier files that the file being read filled gaps in, as they were
    /// before, so that a file that fails part-way can be taken back out whole.
    filled_earlier: Vec<(usize, Before)>,
}

impl Merged {
    /// Room for about `rows` more mentions, in the list and in the index of their ids.
    fn reserve(&mut self, rows: usize) {
        // `rows` is estimated from the first rows' length. Too few would make the list grow:
        // a copy of every row, with the old and the new list resident at once. Capacity that
        // is never filled is address space, not memory, so the list gets half as much again.
        // A failed reservation just means it grows as it goes.
        let _ = self.mentions.reserve(rows.saturating_add(rows / 2));
        self.ids.reserve(rows, &self.mentions);
    }

    /// Index of the kept mention with this id, if any.
    #[cfg(test)]
    fn find(&self, id: &str) -> Option<usize> {
        self.ids.find(id, &self.mentions)
    }

    /// Keeps a mention whose id is not kept yet; gives back one whose id is, with the position
    /// of the copy kept. One look-up serves both. Fails when the texts cannot be stored.
    fn keep(&mut self, mention: Mention) -> io::Result<Option<(usize, Mention)>> {
        // Past 32 bits a mention is kept unindexed: ingest refuses that many anyway
        // (`TooManyMentions`).
        let position = self.mentions.len();
        let id = self.mentions.intern_id(&mention.id);
        let mut indexed = false;
        if let Ok(position) = u32::try_from(position) {
            match self.ids.insert_new(id, position, &self.mentions) {
                // Ids are a platform's: the same number on another platform is another post
                // (two tools numbering their rows, a Facebook and an Instagram export). It is
                // kept, unindexed: a later copy of it is taken for the first one's.
                Some(kept)
                    if !other_platform(self.mentions.rows()[kept].platform, mention.platform) =>
                {
                    return Ok(Some((kept, mention)));
                }
                Some(_) => {}
                None => indexed = true,
            }
        }
        if let Err(e) = self.mentions.push_as(mention, id) {
            // The id was indexed for a mention that is not there.
            if indexed {
                self.ids.remove(id, position);
            }
            return Err(e);
        }
        Ok(None)
    }

    /// Folds a duplicate into the kept mention at `index`; whether it filled anything.
    fn merge_duplicate(&mut self, index: usize, duplicate: Mention) -> io::Result<bool> {
        let Some(before) = self.mentions.fill_gaps(index, duplicate)? else {
            return Ok(false);
        };
        if index < self.file_start {
            self.filled_earlier.push((index, before));
        }
        Ok(true)
    }

    fn begin_file(&mut self) {
        self.file_start = self.mentions.len();
        self.filled_earlier.clear();
    }

    /// Takes back everything the file being read added: its mentions, and what its
    /// duplicates filled in earlier files' mentions.
    fn roll_back_file(&mut self) {
        for position in (self.file_start..self.mentions.len()).rev() {
            self.ids.remove(self.mentions[position].id, position);
        }
        self.mentions.truncate(self.file_start);
        // Latest first, so a row filled twice ends as it was before the file.
        for (index, before) in self.filled_earlier.drain(..).rev() {
            self.mentions.restore(index, before);
        }
    }
}

/// Where each kept mention is, by id: a hash table of 4-byte positions, hashed by the id's
/// 8-byte reference and compared against the mentions themselves, so no id is stored twice.
/// (A table of ids and positions took 34 MB at a million mentions; this one takes 10 MB.)
#[derive(Default)]
struct Positions {
    table: HashTable<u32>,
}

impl std::fmt::Debug for Positions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Positions({} ids)", self.table.len())
    }
}

fn hash_id(id: IdRef) -> u64 {
    FxBuildHasher.hash_one(id)
}

impl Positions {
    fn reserve(&mut self, additional: usize, mentions: &Mentions) {
        self.table
            .reserve(additional, |&p| hash_id(mentions[p as usize].id));
    }

    #[cfg(test)]
    fn find(&self, id: &str, mentions: &Mentions) -> Option<usize> {
        let id = mentions.ids().find(id)?;
        self.table
            .find(hash_id(id), |&p| mentions[p as usize].id == id)
            .map(|&p| p as usize)
    }

    /// The position of the mention with this id, if one is indexed; else indexes `position`
    /// (that of the next mention, which has the id).
    fn insert_new(&mut self, id: IdRef, position: u32, mentions: &Mentions) -> Option<usize> {
        let entry = self.table.entry(
            hash_id(id),
            |&p| mentions[p as usize].id == id,
            |&p| hash_id(mentions[p as usize].id),
        );
        match entry {
            Entry::Occupied(kept) => Some(*kept.get() as usize),
            Entry::Vacant(slot) => {
                slot.insert(position);
                None
            }
        }
    }

    /// Forgets the mention with this id at `position`, before it is removed (or when it
    /// could not be kept).
    fn remove(&mut self, id: IdRef, position: usize) {
        if let Ok(entry) = self
            .table
            .find_entry(hash_id(id), |&p| p as usize == position)
        {
            entry.remove();
        }
    }
}

/// Whether two copies of an id name different platforms (both known): then they are two posts.
fn other_platform(kept: Option<Ustr>, new: Option<Ustr>) -> bool {
    kept.zip(new).is_some_and(|(kept, new)| kept != new)
}

/// Settings of one run that every file shares.
pub struct RunSettings<'a> {
    pub config: &'a Config,
    pub format: Option<&'a str>,
    pub progress: Option<&'a ProgressBar>,
    /// Times later than this are rejected as being in the future.
    pub latest: Timestamp,
}

/// Reads one export. `Err` only when the file as a whole cannot be read (not text, no header,
/// no time column…); bad rows are rejections inside the report.
pub fn read_file(
    path: &Path,
    file_index: u32,
    run: &RunSettings<'_>,
    merged: &mut Merged,
) -> Result<FileReport, IngestError> {
    let io_error = |source: io::Error| IngestError::Io {
        path: path.to_path_buf(),
        source,
    };
    let bytes = std::fs::metadata(path).map_err(io_error)?.len();
    if bytes == 0 {
        return Err(IngestError::Empty {
            path: path.to_path_buf(),
        });
    }
    let probe = sniff::read_raw_probe(path).map_err(io_error)?;
    let encoding = sniff::detect_encoding(&probe).map_err(|reason| IngestError::NotCsv {
        path: path.to_path_buf(),
        reason,
    })?;
    let (prefix, more) = {
        let file = File::open(path).map_err(io_error)?;
        sniff::read_prefix(
            sniff::decoded(file, encoding).map_err(io_error)?,
            sniff::LAYOUT_PROBE,
        )
        .map_err(io_error)?
    };
    let layout = sniff::find_layout(&prefix, more).map_err(|e| layout_error(path, e))?;
    drop(prefix);
    let header = Header::new(layout.header.clone());
    let mut plan = Plan::new(path, encoding, &header, &layout, run)?;
    plan.report.encoding = encoding.label().to_string();

    // Room for the expected rows up front (address space only until used); a failed
    // reservation just means the vector grows as it goes.
    let estimated_rows = (bytes / layout.bytes_per_row.max(1)).min(20_000_000);
    let estimated_rows = usize::try_from(estimated_rows).unwrap_or(0);
    merged.reserve(estimated_rows);
    // One thread splits the file into records; two convert them into mentions, taking
    // batches in turn (even ones on a helper thread, odd ones here); this thread keeps the
    // mentions in file order, so de-duplication is as if one thread had read the file.
    // Emptied batches go back to be refilled, so record buffers are reused, not allocated.
    let mut last_line = layout.header_line;
    let (helper_tx, helper_rx) = sync_channel::<io::Result<Batch>>(BATCHES_IN_FLIGHT);
    let (own_tx, own_rx) = sync_channel::<io::Result<Batch>>(BATCHES_IN_FLIGHT);
    let (converted_tx, converted_rx) = sync_channel::<io::Result<Converted>>(BATCHES_IN_FLIGHT);
    let (empty_tx, empty_rx) = std::sync::mpsc::channel::<Batch>();
    for _ in 0..=2 * BATCHES_IN_FLIGHT {
        let _ = empty_tx.send(Batch::default());
    }
    let progress = run.progress;
    let header_line = layout.header_line;
    let (delimiter, cr_lines) = (layout.delimiter, layout.cr_lines);
    let plan_ref = &plan;
    merged.begin_file();
    let read = std::thread::scope(|scope| {
        // Reading and converting run side by side through bounded channels, so they cannot
        // fall back to one thread: a thread the system refuses is an error for the file.
        let reading = std::thread::Builder::new().spawn_scoped(scope, move || {
            let mut dealer = Dealer {
                converters: [&helper_tx, &own_tx],
                next: 0,
            };
            let result = split_records(
                path,
                encoding,
                progress,
                (delimiter, cr_lines),
                header_line,
                &mut dealer,
                &empty_rx,
            );
            result.unwrap_or_else(|e| {
                dealer.send(Err(e));
                None
            })
        })?;
        let helper_empty_tx = empty_tx.clone();
        let helping = std::thread::Builder::new().spawn_scoped(scope, move || {
            let mut converter = Converter::new(plan_ref);
            for batch in helper_rx.iter() {
                let converted = batch.map(|batch| {
                    let mut mentions = Vec::with_capacity(batch.len);
                    let last_line =
                        converter.convert_batch(&batch, file_index, run, |m| mentions.push(m));
                    batch.recycle(&helper_empty_tx);
                    Converted {
                        mentions,
                        last_line,
                    }
                });
                if converted_tx.send(converted).is_err() {
                    break;
                }
            }
            converter.tally
        })?;
        // Owned here so that leaving early hangs up on the other threads instead of leaving
        // them waiting.
        let (own_rx, converted_rx, empty_tx) = (own_rx, converted_rx, empty_tx);
        let mut converter = Converter::new(plan_ref);
        let mut accepted = Accepted::default();
        let outcome = (|| -> Result<(), Stopped> {
            let mut helper_turn = true;
            loop {
                if helper_turn {
                    let Ok(converted) = converted_rx.recv() else {
                        return Ok(());
                    };
                    let converted = converted?;
                    last_line = last_line.max(converted.last_line);
                    for mention in converted.mentions {
                        accepted.accept(mention, merged)?;
                    }
                } else {
                    let Ok(batch) = own_rx.recv() else {
                        return Ok(());
                    };
                    let batch = batch?;
                    let mut stored = Ok(());
                    let end = converter.convert_batch(&batch, file_index, run, |m| {
                        if stored.is_ok() {
                            stored = accepted.accept(m, merged);
                        }
                    });
                    stored?;
                    last_line = last_line.max(end);
                    batch.recycle(&empty_tx);
                }
                helper_turn = !helper_turn;
            }
        })();
        drop((own_rx, converted_rx, empty_tx));
        let helper_tally = crate::parallel::join(helping);
        let digest = crate::parallel::join(reading);
        outcome.and_then(|()| {
            let digest = digest.ok_or_else(|| {
                io::Error::other("the file could not be read to its end to compute its checksum")
            })?;
            Ok((digest, helper_tally, converter.tally, accepted))
        })
    });
    // A file that fails part-way contributes nothing: not its rows, nor what its duplicates
    // filled in earlier files' mentions.
    let (digest, helper_tally, mut tally, accepted) = read.map_err(|stopped| {
        merged.roll_back_file();
        match stopped {
            Stopped::Input(e) => io_error(e),
            Stopped::Store(StoreFailed(source)) => IngestError::text_store(source),
        }
    })?;
    tally.absorb(helper_tally);
    if let Some(line) = tally.foreign_header {
        merged.roll_back_file();
        return Err(IngestError::AnotherHeader {
            path: path.to_path_buf(),
            line,
        });
    }
    if let (times @ 1.., line) = tally.repeated_headers {
        plan.report
            .notice(FileNotice::RepeatedHeader { times, line });
    }
    if let (count @ 1.., first_line) = digest.empty_rows {
        plan.report
            .notice(FileNotice::EmptyRows { count, first_line });
    }
    plan.report.sha256 = digest.sha256;
    plan.report.bytes = digest.bytes;
    if encoding.is_utf16() && digest.bytes % 2 == 1 {
        plan.report.notice(FileNotice::OddUtf16Length);
    }
    // Excel counts a multi-line row once.
    if last_line.saturating_sub(tally.continuation_lines) == EXCEL_ROW_CAP {
        plan.report.notice(FileNotice::EndsAtExcelLimit {
            rows: EXCEL_ROW_CAP,
        });
    }
    Ok(plan.finish(tally, accepted))
}

/// How many batches of records may wait for conversion: enough to keep both threads busy,
/// few enough that memory stays small.
const BATCHES_IN_FLIGHT: usize = 4;
/// Records per batch: large enough that the channel costs nothing per row, small enough that a
/// batch handed to the other core is still in its cache (2048 cost 20 MB more peak memory at
/// 1M mentions for the same time).
const BATCH_RECORDS: usize = 256;
/// A record buffer that grew beyond this is dropped after use rather than reused.
const MAX_KEPT_RECORD_BYTES: usize = 64 * 1024;

/// Records read ahead, each with its first and last physical line. `records` keeps its
/// `ByteRecord`s (and their buffers) from one use to the next; only the first `len` are filled.
#[derive(Default)]
struct Batch {
    records: Vec<ByteRecord>,
    len: usize,
    lines: Vec<(u64, u64)>,
}

impl Batch {
    /// Empties the batch and sends it back to be refilled. A record that held an outsized row
    /// (an unclosed quote can swallow megabytes) is replaced, so its buffer is not kept for the
    /// rest of the file.
    fn recycle(mut self, empty: &Sender<Batch>) {
        for record in &mut self.records[..self.len] {
            if record.as_slice().len() > MAX_KEPT_RECORD_BYTES {
                *record = ByteRecord::new();
            }
        }
        self.len = 0;
        self.lines.clear();
        let _ = empty.send(self);
    }
}

/// The mentions of one batch converted on the helper thread, and the batch's last line.
struct Converted {
    mentions: Vec<Mention>,
    last_line: u64,
}

/// Hands batches to the two converting threads in turn.
struct Dealer<'c> {
    converters: [&'c SyncSender<io::Result<Batch>>; 2],
    next: usize,
}

impl Dealer<'_> {
    /// False when the converting side has gone.
    fn send(&mut self, batch: io::Result<Batch>) -> bool {
        let to = self.converters[self.next % 2];
        self.next += 1;
        to.send(batch).is_ok()
    }
}

/// Reads `path` as CSV and sends its data records (not the header or what precedes it, not
/// blank lines or rows) in batches, refilling the batches that come back on `empty`. Returns
/// the digest of the file's bytes, computed on the way so the file is read once, and the
/// empty rows it skipped; `None` when it stopped early because the receiving side had gone.
fn split_records(
    path: &Path,
    encoding: Encoding,
    progress: Option<&ProgressBar>,
    (delimiter, cr_lines): (u8, bool),
    header_line: u64,
    dealer: &mut Dealer<'_>,
    empty: &Receiver<Batch>,
) -> io::Result<Option<FileDigest>> {
    let mut hasher = Sha256::new();
    let mut bytes = 0;
    let file = Hashing {
        inner: File::open(path)?,
        hasher: &mut hasher,
        bytes: &mut bytes,
    };
    let raw: Box<dyn Read> = match progress {
        Some(bar) => Box::new(bar.wrap_read(file)),
        None => Box::new(file),
    };
    let mut reader = sniff::records(raw, encoding, delimiter, cr_lines)?;
    let mut lines = LineCounter::new();
    let mut empty_rows = (0, 0);
    let Ok(mut batch) = empty.recv() else {
        return Ok(None);
    };
    loop {
        if batch.records.len() == batch.len {
            batch.records.push(ByteRecord::new());
        }
        let record = &mut batch.records[batch.len];
        match reader.read_byte_record(record) {
            Ok(true) => {}
            Ok(false) => break,
            // The file fails as a whole (its rows are taken back out), so the records of the
            // unfinished batch are dropped.
            Err(e) => return Err(io::Error::other(e.to_string())),
        }
        let record = &batch.records[batch.len];
        let (start, end) = lines.record_lines(record, reader.position().line());
        if start <= header_line {
            continue;
        }
        if sniff::is_blank(record) {
            // A row of delimiters alone (Excel saves formatted empty rows so) is counted; an
            // empty line is no row.
            if record.len() > 1 {
                let (count, first) = &mut empty_rows;
                *first = if *count == 0 { start } else { *first };
                *count += 1;
            }
            continue;
        }
        batch.len += 1;
        batch.lines.push((start, end));
        if batch.len == BATCH_RECORDS {
            if !dealer.send(Ok(batch)) {
                return Ok(None);
            }
            let Ok(next) = empty.recv() else {
                return Ok(None);
            };
            batch = next;
        }
    }
    if batch.len > 0 {
        dealer.send(Ok(batch));
    }
    // The CSV reader has normally reached the end of the input by now; whatever it has not
    // read is part of the file too.
    io::copy(reader.get_mut(), &mut io::sink())?;
    drop(reader);
    Ok(Some(FileDigest {
        sha256: hex(&hasher.finalize()),
        bytes,
        empty_rows,
    }))
}

/// Passes reads through, feeding every byte to a SHA-256.
struct Hashing<'h> {
    inner: File,
    hasher: &'h mut Sha256,
    bytes: &'h mut u64,
}

impl Read for Hashing<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        *self.bytes += n as u64;
        Ok(n)
    }
}

/// The SHA-256 and size of the bytes a file's reading actually saw: if the file changes while
/// it is read, they describe what was read, not what its metadata said before. With them, the
/// rows without a value that the reading skipped: how many, and the first's line.
struct FileDigest {
    sha256: String,
    bytes: u64,
    empty_rows: (u64, u64),
}

fn layout_error(path: &Path, error: LayoutError) -> IngestError {
    match error {
        LayoutError::Blank => IngestError::Empty { path: path.to_path_buf() },
        LayoutError::NoRecordEnd => IngestError::NotCsv {
            path: path.to_path_buf(),
            reason: format!(
                "not one line ends within its first {} MB, so it has no header row",
                sniff::LAYOUT_PROBE >> 20
            ),
        },
        LayoutError::NoDelimiter => IngestError::NotCsv {
            path: path.to_path_buf(),
            reason: "no delimiter (comma, semicolon, tab or |) splits its lines into the same number of columns".into(),
        },
        LayoutError::HeaderLooksLikeData { line, first_row } => IngestError::NoHeader {
            path: path.to_path_buf(),
            line,
            scanned: 40,
            hint: format!(
                "the first row ({}) looks like data, not column names: add a header row naming the columns",
                cut(&first_row)
            ),
        },
    }
}

/// Where a mention's time comes from.
#[derive(Debug, Clone, Copy)]
enum TimeSource {
    Column(usize),
    DateAndTime(usize, Option<usize>),
    /// No time column: X/Twitter ids encode their creation time.
    Snowflake(usize),
}

impl TimeSource {
    /// The column a row's time is read from (the date's, of a date and a time).
    fn column(&self) -> usize {
        match *self {
            TimeSource::Column(i) | TimeSource::DateAndTime(i, _) | TimeSource::Snowflake(i) => i,
        }
    }
}

/// What a column of post ids holds in one row.
enum NamedId {
    Nothing,
    Id(CompactString),
    /// An id Excel wrote in scientific notation: some post, which one is lost.
    Lost,
}

impl NamedId {
    fn names_a_post(&self) -> bool {
        !matches!(self, NamedId::Nothing)
    }

    fn id(self) -> Option<CompactString> {
        match self {
            NamedId::Id(id) => Some(id),
            NamedId::Nothing | NamedId::Lost => None,
        }
    }
}

#[derive(Debug)]
struct IssueCount {
    column: usize,
    issue: ValueProblem,
    count: u64,
    first_line: u64,
    /// Rank among the issues its thread saw first, to keep issues first seen on the same line
    /// in the order the row's fields were read.
    first_rank: u64,
    example: String,
}

/// Everything decided once per file, and the counters filled while streaming.
struct Plan {
    mapping: Mapping,
    header: Header,
    header_len: usize,
    /// The header's length without the unnamed columns at its end: a header written with a
    /// trailing delimiter (`id,date,text,`) over rows without one has them.
    named_len: usize,
    delimiter: u8,
    time: TimeSource,
    zone: TimeZone,
    /// The preset says zone-less times are UTC, so nothing is assumed.
    naive_known: bool,
    order: DateOrder,
    date_format: Option<String>,
    separators: Separators,
    /// The platform of every row, when the format says (interned once, not per row).
    file_platform: Option<Ustr>,
    /// No kind information: a text starting with `RT @` is a repost.
    retweet_prefix_is_repost: bool,
    /// No reply information: an X post whose text starts with `@handle` is a reply.
    leading_handle_is_reply: bool,
    /// The text writes newlines as a literal `\n`.
    escaped_newlines: bool,
    /// The column `[filter]` reads, when the incident has one.
    filter_column: Option<usize>,
    report: FileReport,
}

/// What a file's converted mentions came to: kept, or duplicates of ones kept before.
#[derive(Default)]
struct Accepted {
    used: u64,
    duplicate: u64,
    /// Duplicates that filled fields the kept copy lacked.
    filled: u64,
    /// Kept mentions whose time had no zone.
    zone_assumed: u64,
    first: Option<Timestamp>,
    last: Option<Timestamp>,
}

impl Accepted {
    /// Keeps a converted mention, or folds it into the copy already kept. Called in file
    /// order, so the first copy of a duplicated post is the one kept.
    /// Fails when the mention cannot be stored (see [`StoreFailed`]).
    fn accept(&mut self, mention: Mention, merged: &mut Merged) -> Result<(), StoreFailed> {
        let (at, zone_assumed) = (mention.timestamp, mention.timezone_assumed);
        // The file's time range covers its duplicates too: a file of duplicates that filled
        // in the texts of another's rows still spans a period.
        self.first = Some(self.first.map_or(at, |f| f.min(at)));
        self.last = Some(self.last.map_or(at, |l| l.max(at)));
        if let Some((index, duplicate)) = merged.keep(mention).map_err(StoreFailed)? {
            self.duplicate += 1;
            if merged
                .merge_duplicate(index, duplicate)
                .map_err(StoreFailed)?
            {
                self.filled += 1;
            }
            return Ok(());
        }
        if zone_assumed {
            self.zone_assumed += 1;
        }
        self.used += 1;
        Ok(())
    }
}

/// The mentions' texts or details could not be written to (or read back from) their temporary
/// file: a problem of the machine, not of the export.
#[derive(Debug)]
struct StoreFailed(io::Error);

/// Why reading a file stopped part-way.
enum Stopped {
    Input(io::Error),
    Store(StoreFailed),
}

impl From<io::Error> for Stopped {
    fn from(e: io::Error) -> Stopped {
        Stopped::Input(e)
    }
}

impl From<StoreFailed> for Stopped {
    fn from(e: StoreFailed) -> Stopped {
        Stopped::Store(e)
    }
}

/// What converting rows found on one thread, added up across threads at the end. Each
/// thread sees its rows in file order, so its first issues and examples are its earliest.
#[derive(Default)]
struct Tally {
    read: u64,
    /// Rows whose local time falls in the hour a clock change skips or repeats, and the
    /// first line of each ([`ClockChange`] order).
    clock_changes: [(u64, u64); 2],
    /// Lines that continue a multi-line row: lines, not rows, to Excel.
    continuation_lines: u64,
    out_of_window: u64,
    /// Rows `[filter]` left out, and how many held each value, until more than
    /// [`MAX_FILTERED_VALUES`] values were seen (`too_many_filtered_values`).
    filtered_out: u64,
    filtered_values: FxHashMap<String, u64>,
    too_many_filtered_values: bool,
    rejected: u64,
    /// Lines repeating the header (files joined one after another), and the first one.
    repeated_headers: (u64, u64),
    /// The first line that holds a header of another layout ([`Converter::note_foreign_header`]).
    foreign_header: Option<u64>,
    issues: Vec<IssueCount>,
    reasons: FxHashMap<RejectionKind, u64>,
    /// The first rejected rows, at most `MAX_EXAMPLES`.
    examples: Vec<Rejection>,
}

impl Tally {
    /// Counts a row `[filter]` left out, by its value in the filter column.
    fn filter_out(&mut self, value: &str) {
        self.filtered_out += 1;
        if let Some(count) = self.filtered_values.get_mut(value) {
            *count += 1;
        } else if self.filtered_values.len() < MAX_FILTERED_VALUES {
            self.filtered_values.insert(value.to_string(), 1);
        } else {
            self.too_many_filtered_values = true;
        }
    }

    /// Adds another thread's findings: the totals, and the earliest examples and issues of both.
    fn absorb(&mut self, other: Tally) {
        self.read += other.read;
        self.continuation_lines += other.continuation_lines;
        for (ours, theirs) in self.clock_changes.iter_mut().zip(other.clock_changes) {
            *ours = match (ours.0, theirs.0) {
                (0, _) => theirs,
                (_, 0) => *ours,
                _ => (ours.0 + theirs.0, ours.1.min(theirs.1)),
            };
        }
        self.out_of_window += other.out_of_window;
        self.filtered_out += other.filtered_out;
        for (value, count) in other.filtered_values {
            *self.filtered_values.entry(value).or_insert(0) += count;
        }
        self.too_many_filtered_values |=
            other.too_many_filtered_values || self.filtered_values.len() > MAX_FILTERED_VALUES;
        self.rejected += other.rejected;
        self.repeated_headers = match (self.repeated_headers.0, other.repeated_headers.0) {
            (0, _) => other.repeated_headers,
            (_, 0) => self.repeated_headers,
            (ours, theirs) => (
                ours + theirs,
                self.repeated_headers.1.min(other.repeated_headers.1),
            ),
        };
        self.foreign_header = match (self.foreign_header, other.foreign_header) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        for (reason, count) in other.reasons {
            *self.reasons.entry(reason).or_insert(0) += count;
        }
        self.examples.extend(other.examples);
        self.examples.sort_by_key(|r| r.line);
        self.examples.truncate(MAX_EXAMPLES);
        for theirs in other.issues {
            match self
                .issues
                .iter_mut()
                .find(|i| i.column == theirs.column && i.issue == theirs.issue)
            {
                Some(ours) => {
                    ours.count += theirs.count;
                    if theirs.first_line < ours.first_line {
                        ours.first_line = theirs.first_line;
                        ours.first_rank = theirs.first_rank;
                        ours.example = theirs.example;
                    }
                }
                None => self.issues.push(theirs),
            }
        }
        // Reported in the order they first occurred, as when one thread reads the file. Issues
        // first seen on one line were seen by one thread, so their ranks compare.
        self.issues.sort_by_key(|i| (i.first_line, i.first_rank));
    }
}

impl Plan {
    fn new(
        path: &Path,
        encoding: Encoding,
        header: &Header,
        layout: &Layout,
        run: &RunSettings<'_>,
    ) -> Result<Plan, IngestError> {
        let config = run.config;
        let (preset, detected): (&'static Preset, bool) = match run.format {
            Some(name) => (
                presets::preset_by_name(name).ok_or_else(|| IngestError::UnknownFormat {
                    path: path.to_path_buf(),
                    name: name.to_string(),
                    known: presets::preset_names().join(", "),
                })?,
                false,
            ),
            None => (presets::detect(header), true),
        };
        let mut notices = Vec::new();
        let mut mapping = presets::resolve(preset, header);
        let mut format = preset.name.to_string();
        let mut custom: Option<&ColumnMap> = None;
        let columns_found = || header_list(header);
        if let Some(columns) = &config.columns {
            let roles = presets::custom_roles(columns);
            let missing: Vec<&str> = roles
                .iter()
                .filter(|(_, n)| header.find(n).is_none())
                .map(|(_, n)| *n)
                .collect();
            if roles.is_empty() {
                custom = Some(columns);
            } else if missing.is_empty() {
                apply_custom(&mut mapping, header, &roles);
                format = "custom".to_string();
                custom = Some(columns);
            } else if preset.is_generic() || run.format.is_some() {
                return Err(IngestError::MappedColumnMissing {
                    path: path.to_path_buf(),
                    line: layout.header_line,
                    column: missing[0].to_string(),
                    columns: columns_found(),
                });
            } else {
                notices.push(FileNotice::MappingNotApplied {
                    missing: missing.iter().map(|m| m.to_string()).collect(),
                    format: preset.name.to_string(),
                });
            }
        }
        let remapped_time = custom.is_some_and(|c| c.timestamp.is_some() || c.date.is_some());
        let custom_zone = custom.and_then(|c| c.timezone.as_deref());
        let mut file_platform = match preset.platform {
            PlatformRule::Fixed(p) => Some(p),
            PlatformRule::FromHeader(f) => f(header),
            // A file that names its ids "Tweet ID" (as research datasets of X posts do) and
            // has no platform column holds X posts.
            PlatformRule::PerRow
                if mapping.get(Role::Platform).is_none()
                    && mapping.get(Role::Id).is_some_and(|i| {
                        header.display(i).to_ascii_lowercase().contains("tweet")
                    }) =>
            {
                Some("twitter")
            }
            PlatformRule::PerRow => None,
        };
        let time = if let Some(i) = mapping.get(Role::Timestamp) {
            TimeSource::Column(i)
        } else if let Some(d) = mapping.get(Role::Date) {
            TimeSource::DateAndTime(d, mapping.get(Role::Time))
        } else if let (Some(i), true) = (
            mapping.get(Role::Id),
            file_platform.is_none_or(|p| p == "twitter"),
        ) {
            notices.push(FileNotice::TimesFromIds {
                column: header.display(i),
            });
            // Only X/Twitter ids carry a time, and a row whose id is not one is rejected: every
            // mention read is an X post.
            file_platform = Some("twitter");
            TimeSource::Snowflake(i)
        } else {
            return Err(IngestError::MissingColumn {
                path: path.to_path_buf(),
                line: layout.header_line,
                format: preset.name.to_string(),
                field: "timestamp".to_string(),
                columns: columns_found(),
            });
        };
        let (zone, naive_known) = match custom_zone {
            Some(name) => (
                parse_timezone(name, "columns.timezone").map_err(|e| IngestError::NotCsv {
                    path: path.to_path_buf(),
                    reason: e.to_string(),
                })?,
                false,
            ),
            None if preset.naive_is_utc && !remapped_time => (TimeZone::UTC, true),
            None => (config.timezone.clone(), false),
        };
        let date_format = custom.and_then(|c| c.date_format.clone());
        // With a date_format the layout is stated: the order only reads the times that do
        // not fit it, which is not worth a second pass over the file, and a note that the
        // order is ambiguous would mislead.
        let mut order_notices = Vec::new();
        let further = || match date_format {
            Some(_) => Ok(None),
            None => prove_order_further(path, encoding, layout, &time).map_err(|source| {
                IngestError::Io {
                    path: path.to_path_buf(),
                    source,
                }
            }),
        };
        let order = decide_order(
            &time,
            layout,
            header,
            config.date_order,
            further,
            &mut order_notices,
        )?;
        if date_format.is_none() {
            notices.append(&mut order_notices);
        }
        let separators = custom.map_or(Separators::default(), |c| Separators {
            decimal: c
                .decimal_separator
                .as_deref()
                .and_then(|s| s.chars().next()),
            thousands: c
                .thousands_separator
                .as_deref()
                .and_then(|s| s.chars().next()),
        });
        if ![Role::Author, Role::AuthorId, Role::AuthorName]
            .iter()
            .any(|role| mapping.has(*role))
        {
            notices.push(FileNotice::NoAuthorColumn);
        }
        for (name, positions) in &header.duplicates {
            notices.push(FileNotice::RepeatedColumn {
                name: name.clone(),
                positions: positions.iter().map(|p| p + 1).collect(),
            });
        }
        let retweet_prefix_is_repost = !mapping.has(Role::Kind)
            && !mapping.has(Role::RepostOf)
            && !mapping.has(Role::IsRepost);
        let leading_handle_is_reply = !mapping.has(Role::Kind)
            && !mapping.has(Role::ReplyTo)
            && !mapping.has(Role::ParentId)
            && !mapping.has(Role::IsReply);

        let filter_column = match &config.filter {
            Some(filter) => Some(header.find(&filter.column).ok_or_else(|| {
                IngestError::FilterColumnMissing {
                    path: path.to_path_buf(),
                    line: layout.header_line,
                    column: filter.column.clone(),
                    columns: columns_found(),
                }
            })?),
            None => None,
        };

        let mut columns = BTreeMap::new();
        let mut columns_also = BTreeMap::new();
        for (role, index) in mapping.pairs() {
            columns.insert(role.key().to_string(), header.display(index));
            let also: Vec<String> = mapping.also(role).map(|i| header.display(i)).collect();
            if !also.is_empty() {
                columns_also.insert(role.key().to_string(), also);
            }
        }
        if let Some(i) = filter_column {
            columns.insert("filter".to_string(), header.display(i));
        }
        let used: FxHashSet<usize> = mapping
            .pairs()
            .map(|(_, i)| i)
            .chain(mapping.also.iter().map(|(_, i)| *i))
            .chain(filter_column)
            .collect();
        let unused_columns = (0..header.len())
            .filter(|i| !used.contains(i))
            .map(|i| header.display(i))
            .collect();
        let mut report = FileReport {
            path: path.display().to_string(),
            sha256: String::new(),
            bytes: 0,
            format,
            format_detected: detected,
            encoding: String::new(),
            delimiter: sniff::delimiter_label(layout.delimiter),
            header_line: layout.header_line,
            columns,
            columns_also,
            unused_columns,
            rows: RowAccounting::default(),
            first: None,
            last: None,
            rejected_examples: Vec::new(),
            rejection_reasons: Vec::new(),
            warnings: Vec::new(),
            notices: Vec::new(),
        };
        for notice in notices {
            report.notice(notice);
        }
        Ok(Plan {
            mapping,
            header: header.clone(),
            header_len: header.len(),
            named_len: header
                .names
                .iter()
                .rposition(|name| !name.is_empty())
                .map_or(header.len(), |last| last + 1),
            delimiter: layout.delimiter,
            time,
            zone,
            naive_known,
            order,
            date_format,
            separators,
            file_platform: file_platform.map(Ustr::from),
            retweet_prefix_is_repost,
            leading_handle_is_reply,
            escaped_newlines: preset.escaped_newlines,
            filter_column,
            report,
        })
    }

    fn finish(mut self, tally: Tally, accepted: Accepted) -> FileReport {
        self.report.rows.used = accepted.used;
        self.report.rows.duplicate = accepted.duplicate;
        self.report.first = accepted.first;
        self.report.last = accepted.last;
        self.report.rows.read = tally.read;
        self.report.rows.out_of_window = tally.out_of_window;
        self.report.rows.filtered_out = tally.filtered_out;
        self.report.rows.rejected = tally.rejected;
        self.report.rejected_examples = tally.examples;
        let mut reasons: Vec<ReasonCount> = tally
            .reasons
            .iter()
            .map(|(kind, count)| ReasonCount {
                reason: kind.english().to_string(),
                count: *count,
                kind: Some(*kind),
            })
            .collect();
        reasons.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.reason.cmp(&b.reason)));
        self.report.rejection_reasons = reasons;
        if let (Some(index), true) = (self.filter_column, tally.filtered_out > 0) {
            let mut values: Vec<(String, u64)> = if tally.too_many_filtered_values {
                Vec::new()
            } else {
                tally.filtered_values.into_iter().collect()
            };
            values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            values.truncate(FILTERED_NAMED);
            let named: u64 = values.iter().map(|(_, n)| n).sum();
            self.report.notice(FileNotice::FilteredOut {
                column: self.header.display(index),
                rows: tally.filtered_out,
                values,
                others: tally.filtered_out - named,
            });
        }
        if accepted.filled > 0 {
            self.report.notice(FileNotice::FilledGaps {
                rows: accepted.filled,
            });
        }
        if accepted.zone_assumed > 0 {
            let zone = self.zone.iana_name().unwrap_or("UTC");
            let column = self.header.display(self.time.column());
            self.report.notice(FileNotice::ZoneAssumed {
                rows: accepted.zone_assumed,
                column,
                zone: zone.to_string(),
            });
        }
        for (change, (rows, first_line)) in [ClockChange::Skipped, ClockChange::Repeated]
            .into_iter()
            .zip(tally.clock_changes)
        {
            if rows > 0 {
                self.report.notice(FileNotice::ClockChange {
                    change,
                    rows,
                    first_line,
                    zone: self.zone.iana_name().unwrap_or("UTC").to_string(),
                });
            }
        }
        for issue in &tally.issues {
            self.report.notice(FileNotice::ColumnValues {
                column: self.header.display(issue.column),
                problem: issue.issue,
                count: issue.count,
                first_line: issue.first_line,
                example: issue.example.clone(),
            });
        }
        if self.report.rows.read == 0 {
            let header_line = self.report.header_line;
            self.report.notice(FileNotice::NoDataRows { header_line });
        }
        self.report
    }
}

/// The longest platform, language or country value kept: names and codes are far shorter.
const MAX_LABEL_BYTES: usize = 64;
/// How many recently interned labels a converter remembers for each of those columns.
const RECENT_LABELS: usize = 8;

/// Converts rows on one thread: the file's plan, read-only, and what the rows showed so far.
struct Converter<'p> {
    plan: &'p Plan,
    tally: Tally,
    /// Reused to join a date and a time column.
    scratch: String,
    /// The labels this converter interned last, for the platform, language and country
    /// columns: interning takes a global lock, and a file uses few of each.
    recent_labels: [Vec<Ustr>; 3],
    /// The platform of the row being converted, once read: which per-platform column to read
    /// first ([`Converter::located`]).
    row_platform: Option<Ustr>,
    /// The texts of reposts converted lately, one copy of each with the hashtags that came
    /// with it: the reposts of a post carry its text and hashtags, and in a viral incident
    /// most mentions are reposts of a few posts.
    repost_texts: FxHashMap<ArcStr, Arc<[CompactString]>>,
}

/// How many repost texts a converter remembers before it starts afresh. The reposts of a post
/// come close together in time, so a bounded memory finds nearly every copy.
const REPOST_TEXTS: usize = 1 << 16;

impl<'p> Converter<'p> {
    fn new(plan: &'p Plan) -> Converter<'p> {
        Converter {
            plan,
            tally: Tally::default(),
            scratch: String::new(),
            recent_labels: Default::default(),
            row_platform: None,
            repost_texts: FxHashMap::default(),
        }
    }

    /// Sets the mention's text. A repost gets the copies of its text and hashtags an earlier
    /// repost already holds, if any, so its own text is never allocated.
    fn set_text(&mut self, mention: &mut Mention, text: &str) {
        if text.is_empty() {
            return;
        }
        if mention.kind != Kind::Repost {
            mention.text = text.into();
            return;
        }
        if let Some((shared, hashtags)) = self.repost_texts.get_key_value(text) {
            mention.text = ArcStr::clone(shared);
            if *hashtags == mention.hashtags {
                mention.hashtags = Arc::clone(hashtags);
            }
            return;
        }
        if self.repost_texts.len() >= REPOST_TEXTS {
            self.repost_texts.clear();
        }
        mention.text = text.into();
        self.repost_texts
            .insert(ArcStr::clone(&mention.text), Arc::clone(&mention.hashtags));
    }

    /// Converts a batch's records, handing each mention to `keep`; returns the batch's last line.
    fn convert_batch(
        &mut self,
        batch: &Batch,
        file: u32,
        run: &RunSettings<'_>,
        mut keep: impl FnMut(Mention),
    ) -> u64 {
        let mut last_line = 0;
        for (record, &lines) in batch.records[..batch.len].iter().zip(&batch.lines) {
            last_line = lines.1;
            self.tally.continuation_lines += lines.1 - lines.0;
            if let Some(mention) = self.convert(record, lines, file, run) {
                keep(mention);
            }
        }
        last_line
    }

    /// Turns one data row into a mention, or counts it in another bucket.
    fn convert(
        &mut self,
        record: &ByteRecord,
        (line, end_line): (u64, u64),
        file: u32,
        run: &RunSettings<'_>,
    ) -> Option<Mention> {
        // Exports joined one after another repeat the header: that line is no row.
        if self.repeats_header(record) {
            let (times, first) = &mut self.tally.repeated_headers;
            *first = if *times == 0 {
                line
            } else {
                (*first).min(line)
            };
            *times += 1;
            return None;
        }
        self.tally.read += 1;
        self.row_platform = None;
        let Some(source) = provenance(file, line) else {
            self.reject(
                line,
                RowProblem::LinePastLimit {
                    line,
                    max_line: MAX_LINE,
                },
            );
            return None;
        };
        // First: an unclosed quote also leaves the row short of fields, and its rows swallowed
        // are what the reader needs to hear of. Three lines with a row's delimiters prove it;
        // one or two prove it when one also has a time where a row has it (text with commas in
        // a narrow export can have a row's delimiters, hardly a time in the right place too).
        // A quote closed a line or two later leaves as many fields as a row: without this the
        // swallowed rows would silently become the text of the first.
        if end_line > line {
            let Swallowed {
                rows: swallowed,
                timed,
            } = self.swallowed(record, run.latest);
            if swallowed >= 3 || timed {
                // Open to the end of the file, the quote holds the file's last newline too:
                // the row ends on the line before it.
                let end_line = end_line - u64::from(record.as_slice().ends_with(b"\n"));
                self.reject(
                    line,
                    RowProblem::QuoteNotClosed {
                        line,
                        end_line,
                        swallowed,
                    },
                );
                return None;
            }
        }
        // As long as the header, or short only of its unnamed columns.
        if !(self.plan.named_len..=self.plan.header_len).contains(&record.len()) {
            let extra_empty = record.len() > self.plan.header_len
                && record
                    .iter()
                    .skip(self.plan.header_len)
                    .all(|f| f.trim_ascii().is_empty());
            if !extra_empty {
                let (found, expected) = (record.len(), self.plan.header_len);
                let problem = if end_line - line > 20 {
                    RowProblem::WrongFieldCountLong {
                        found,
                        expected,
                        line,
                        end_line,
                    }
                } else if found <= 3 && found < expected && is_label(record.get(0)) {
                    RowProblem::MetadataRow { found, expected }
                } else {
                    RowProblem::WrongFieldCount { found, expected }
                };
                self.note_foreign_header(record, line);
                self.reject(line, problem);
                return None;
            }
        }
        if record.as_slice().len() > MAX_FIELD_BYTES {
            let too_long = self
                .plan
                .mapping
                .pairs()
                .find(|(_, i)| record.get(*i).is_some_and(|f| f.len() > MAX_FIELD_BYTES));
            if let Some((role, index)) = too_long {
                let problem = RowProblem::FieldTooLong {
                    column: self.plan.header.display(index),
                    field: role.key().to_string(),
                    bytes: record.get(index).map_or(0, <[u8]>::len) as u64,
                };
                self.reject(line, problem);
                return None;
            }
        }

        if let (Some(index), Some(filter)) = (self.plan.filter_column, &run.config.filter) {
            let value = String::from_utf8_lossy(record.get(index).unwrap_or_default());
            if !filter.keeps(&value) {
                self.tally.filter_out(value.trim());
                return None;
            }
        }

        let parsed = match self.time_of(record, line) {
            Ok(parsed) => parsed,
            Err(problem) => {
                self.note_foreign_header(record, line);
                self.reject(line, problem);
                return None;
            }
        };
        let at = parsed.at;
        if at < min_time() {
            self.reject(line, RowProblem::TimeBefore1995 { at });
            return None;
        }
        if at > run.latest {
            self.reject(line, RowProblem::TimeInFuture { at });
            return None;
        }
        if !run.config.window.contains(at) {
            self.tally.out_of_window += 1;
            return None;
        }

        let url = self.field(record, Role::Url, line).map(Cow::into_owned);
        let text = self.text(record, line);
        let title = self.field(record, Role::Title, line).map(Cow::into_owned);
        let author = self
            .field(record, Role::Author, line)
            .map(|a| CompactString::from(a.trim_start_matches('@')));
        let id = match self.id_field(record, Role::Id, line) {
            Some(id) => id,
            None => derived_id(url.as_deref(), author.as_deref(), at, &text).into(),
        };
        // The text becomes an `Arc` once the kind is known: a repost's may be an earlier copy.
        let mut mention = Mention::new(id, at, ArcStr::new());
        mention.timezone_assumed = parsed.zone_assumed && !self.plan.naive_known;
        if let Some(change) = parsed.shifted {
            let (count, first) = &mut self.tally.clock_changes[change as usize];
            if *count == 0 {
                *first = line;
            }
            *count += 1;
        }
        // The length is checked before normalising, which would read "news" out of free text.
        let platform = match self.field(record, Role::Platform, line) {
            Some(raw) if raw.len() > MAX_LABEL_BYTES => {
                self.role_issue(
                    Role::Platform,
                    ValueProblem::LongLabel {
                        limit: MAX_LABEL_BYTES,
                    },
                    line,
                    &raw,
                );
                None
            }
            Some(raw) => values::normalize_platform(&raw),
            None => None,
        };
        mention.platform = platform
            .and_then(|p| self.intern(Role::Platform, line, &p))
            .or(self.plan.file_platform)
            .or_else(|| {
                url.as_deref()
                    .and_then(values::platform_from_url)
                    .map(Ustr::from)
            });
        self.row_platform = mention.platform;
        let text = match &title {
            Some(t) if text.is_empty() => Cow::Owned(t.clone()),
            _ => text,
        };
        mention.title = title.map(Into::into);
        mention.author = author;
        mention.set_url(match url {
            Some(u) if u.starts_with('/') && mention.platform.as_deref() == Some("reddit") => {
                Some(format!("https://www.reddit.com{u}"))
            }
            other => other,
        });
        mention.author_name = self.short_field(record, Role::AuthorName, line);
        mention.author_id = self.id_field(record, Role::AuthorId, line);
        mention.followers = self.count(record, Role::Followers, line);
        mention.likes = self.count(record, Role::Likes, line);
        mention.shares = self.count(record, Role::Shares, line);
        mention.comments = self.count(record, Role::Comments, line);
        mention.quotes = self.count(record, Role::Quotes, line);
        mention.views = self.count(record, Role::Views, line);
        mention.reach = self.count(record, Role::Reach, line);
        mention.engagement = self.count(record, Role::Engagement, line);
        if let Some(label) = self.field(record, Role::Sentiment, line) {
            mention.sentiment = match values::parse_sentiment_label(&label) {
                SentimentLabel::Rated(sentiment) => Some(sentiment),
                SentimentLabel::Unrated => None,
                SentimentLabel::Unrecognised => {
                    self.role_issue(
                        Role::Sentiment,
                        ValueProblem::UnknownSentiment,
                        line,
                        &label,
                    );
                    None
                }
            };
        }
        mention.language = self.label_field(record, Role::Language, line);
        mention.country = self.label_field(record, Role::Country, line);
        mention.thread_id = self.id_field(record, Role::ThreadId, line);
        if let Some(tags) = self.field(record, Role::Hashtags, line) {
            let tags = values::parse_hashtags(&tags);
            // An empty `Arc` slice is one shared static; one made from a `Vec` is not.
            if !tags.is_empty() {
                mention.hashtags = tags.into();
            }
        }
        mention.is_brand = match self.flag(record, Role::IsBrand, line) {
            Some(b) => Some(b),
            None => self
                .flag(record, Role::Inbound, line)
                .map(|inbound| !inbound),
        };
        self.set_kind_and_parent(&mut mention, &text, record, line);
        self.set_text(&mut mention, &text);
        mention.source = source;
        Some(mention)
    }

    fn set_kind_and_parent(
        &mut self,
        mention: &mut Mention,
        text: &str,
        record: &ByteRecord,
        line: u64,
    ) {
        let reply_to = self.named_id(record, Role::ReplyTo, line);
        let repost_of = self.named_id(record, Role::RepostOf, line);
        let quote_of = self.named_id(record, Role::QuoteOf, line);
        let parent = self.named_id(record, Role::ParentId, line);
        let labelled = self
            .field(record, Role::Kind, line)
            .and_then(|k| values::parse_kind(&k));
        let kind = match labelled {
            Some(kind) => kind,
            None => {
                if repost_of.names_a_post()
                    || self.flag(record, Role::IsRepost, line) == Some(true)
                    || (self.plan.retweet_prefix_is_repost
                        && crate::model::retweet_text(text).is_some())
                {
                    Kind::Repost
                } else if reply_to.names_a_post()
                    || parent.names_a_post()
                    || self.flag(record, Role::IsReply, line) == Some(true)
                    // X writes a reply's text after the handles it answers: with nothing else
                    // to go by, "@anna thanks" is a reply (".@anna" is the way to make it not).
                    || (self.plan.leading_handle_is_reply
                        && mention.platform.is_none_or(|p| p == "twitter")
                        && values::starts_with_handle(text))
                {
                    Kind::Reply
                } else if quote_of.names_a_post()
                    || self.flag(record, Role::IsQuote, line) == Some(true)
                {
                    Kind::Quote
                } else {
                    Kind::Original
                }
            }
        };
        let parent = parent.id();
        mention.parent_id = match kind {
            Kind::Reply => reply_to.id().or(parent),
            Kind::Repost => repost_of.id().or(parent),
            Kind::Quote => quote_of.id().or(parent),
            Kind::Original => parent,
        };
        mention.kind = kind;
    }

    /// A trimmed, non-missing field. Text and title keep `NA` (a post may say just that).
    fn field<'r>(&mut self, record: &'r ByteRecord, role: Role, line: u64) -> Option<Cow<'r, str>> {
        self.located(record, role, line).map(|(_, value)| value)
    }

    /// The role's value in this row and the column it is in: the role's own column, else the
    /// first of its other columns ([`Mapping::also`]) that has one.
    fn located<'r>(
        &mut self,
        record: &'r ByteRecord,
        role: Role,
        line: u64,
    ) -> Option<(usize, Cow<'r, str>)> {
        let plan = self.plan;
        let own = plan.mapping.get(role)?;
        let columns = || std::iter::once(own).chain(plan.mapping.also(role));
        // A multi-platform export has a column per platform (`Facebook Likes`): a row whose
        // platform is known is read from its own platform's column first, then from columns of
        // no platform; another platform's column (an X count of 0 on a Facebook post) never.
        let platform = self
            .row_platform
            .filter(|_| !plan.mapping.platforms.is_empty());
        if let Some(platform) = platform {
            let column_of = |i: usize| plan.mapping.platform_of(i);
            let mine = columns().find(|&i| column_of(i) == Some(platform.as_str()));
            let untagged = columns().filter(|&i| column_of(i).is_none());
            return mine
                .into_iter()
                .chain(untagged)
                .find_map(|index| Some((index, self.value_at(record, index, role, line)?)));
        }
        columns().find_map(|index| Some((index, self.value_at(record, index, role, line)?)))
    }

    fn value_at<'r>(
        &mut self,
        record: &'r ByteRecord,
        index: usize,
        role: Role,
        line: u64,
    ) -> Option<Cow<'r, str>> {
        let bytes = record.get(index)?.trim_ascii();
        if bytes.is_empty() {
            return None;
        }
        let value = match std::str::from_utf8(bytes) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => {
                let lossy = String::from_utf8_lossy(bytes);
                self.issue(index, ValueProblem::InvalidUtf8, line, &lossy);
                lossy
            }
        };
        if !matches!(role, Role::Text | Role::Title) && values::is_missing(&value) {
            return None;
        }
        Some(value)
    }

    /// A field kept as a short string: a name or a label.
    fn short_field(&mut self, record: &ByteRecord, role: Role, line: u64) -> Option<CompactString> {
        self.field(record, role, line).map(CompactString::from)
    }

    /// A label that repeats across rows (language, country), interned.
    fn label_field(&mut self, record: &ByteRecord, role: Role, line: u64) -> Option<Ustr> {
        let label = self.field(record, role, line)?;
        self.intern(role, line, &label)
    }

    /// Interned strings live as long as the process, so a long value (a column mapped by
    /// mistake) is reported instead of kept.
    fn intern(&mut self, role: Role, line: u64, label: &str) -> Option<Ustr> {
        if label.len() > MAX_LABEL_BYTES {
            self.role_issue(
                role,
                ValueProblem::LongLabel {
                    limit: MAX_LABEL_BYTES,
                },
                line,
                label,
            );
            return None;
        }
        let recent = &mut self.recent_labels[match role {
            Role::Platform => 0,
            Role::Language => 1,
            _ => 2,
        }];
        if let Some(known) = recent.iter().find(|l| l.as_str() == label) {
            return Some(*known);
        }
        let interned = Ustr::from(label);
        if recent.len() == RECENT_LABELS {
            recent.remove(0);
        }
        recent.push(interned);
        Some(interned)
    }

    /// The text, with bare carriage returns (and CRLF) turned into newlines, a literal `\n`
    /// too where the tool writes newlines that way, and the HTML escapes X/Twitter puts in
    /// every text (`&amp;`, `&lt;`, `&gt;`) undone: "Settings &gt; Sounds" is "Settings > Sounds".
    fn text<'r>(&mut self, record: &'r ByteRecord, line: u64) -> Cow<'r, str> {
        let escaped_newlines = self.plan.escaped_newlines;
        let Some(mut text) = self.field(record, Role::Text, line) else {
            return Cow::Borrowed("");
        };
        if text.contains('\r') {
            text = Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"));
        }
        if escaped_newlines && text.contains("\\n") {
            text = Cow::Owned(text.replace("\\n", "\n"));
        }
        match values::unescape_html_basics(&text) {
            Some(unescaped) => Cow::Owned(unescaped),
            None => text,
        }
    }

    fn id_field(&mut self, record: &ByteRecord, role: Role, line: u64) -> Option<CompactString> {
        self.named_id(record, role, line).id()
    }

    /// The id in the column of `role`, told apart from one Excel wrote in scientific notation,
    /// which is reported: its digits are lost, but a post named in a reply-to column is still
    /// a reply.
    fn named_id(&mut self, record: &ByteRecord, role: Role, line: u64) -> NamedId {
        let Some((column, raw)) = self.located(record, role, line) else {
            return NamedId::Nothing;
        };
        match values::parse_id(&raw) {
            IdValue::Id(id) => NamedId::Id(CompactString::from(id)),
            IdValue::Missing => NamedId::Nothing,
            IdValue::Scientific => {
                self.issue(column, ValueProblem::ScientificId, line, &raw);
                NamedId::Lost
            }
        }
    }

    fn count(&mut self, record: &ByteRecord, role: Role, line: u64) -> Count {
        let Some((column, raw)) = self.located(record, role, line) else {
            return Count::NONE;
        };
        match values::parse_count(&raw, self.plan.separators) {
            Ok(n) => Count::new(n),
            Err(e) => {
                let issue = match e {
                    CountError::NotANumber => ValueProblem::NotANumber,
                    CountError::Negative => ValueProblem::Negative,
                    CountError::Absurd => ValueProblem::Absurd,
                };
                self.issue(column, issue, line, &raw);
                Count::NONE
            }
        }
    }

    fn flag(&mut self, record: &ByteRecord, role: Role, line: u64) -> Option<bool> {
        let raw = self.field(record, role, line)?;
        let value = values::parse_bool(&raw);
        if value.is_none() {
            self.role_issue(role, ValueProblem::NotABoolean, line, &raw);
        }
        value
    }

    /// An issue with the value of the column mapped to `role`.
    fn role_issue(&mut self, role: Role, issue: ValueProblem, line: u64, value: &str) {
        let column = self.plan.mapping.get(role).unwrap_or(0);
        self.issue(column, issue, line, value);
    }

    fn issue(&mut self, column: usize, issue: ValueProblem, line: u64, value: &str) {
        match self
            .tally
            .issues
            .iter_mut()
            .find(|i| i.column == column && i.issue == issue)
        {
            Some(entry) => entry.count += 1,
            None => {
                let first_rank = self.tally.issues.len() as u64;
                self.tally.issues.push(IssueCount {
                    column,
                    issue,
                    count: 1,
                    first_line: line,
                    first_rank,
                    example: cut(value),
                });
            }
        }
    }

    /// Notes a rejected row that is a header of another layout than the file's: this header
    /// in another order (in its own, it was skipped: [`Converter::repeats_header`]), or
    /// another export's: every field a column name some tool writes, or five fields or four
    /// in five (of three or more) a known name or one of this header's (another version of
    /// the same tool's export, with columns casebook does not read; no data row holds five
    /// column names). The rows after it cannot
    /// be read by this header's columns: the read stops with an error. Only rejected rows are
    /// looked at, off the path of the rows that are read.
    fn note_foreign_header(&mut self, record: &ByteRecord, line: u64) {
        let names = &self.plan.header.names;
        let filled: Vec<&[u8]> = record
            .iter()
            .map(unmarked)
            .filter(|f| !f.is_empty())
            .collect();
        let in_header = |f: &&[u8]| names.iter().any(|n| n.trim().as_bytes() == *f);
        let reordered = record.len() == names.len() && filled.iter().all(in_header);
        let named = filled
            .iter()
            .filter(|f| in_header(f) || sniff::is_known_column(f))
            .count();
        let another = filled.len() >= 2
            && (reordered
                || sniff::known_columns(record) == filled.len()
                || filled.len() >= 3 && (named >= 5 || named * 5 >= filled.len() * 4));
        if another {
            self.tally.foreign_header =
                Some(self.tally.foreign_header.map_or(line, |l| l.min(line)));
        }
    }

    /// Whether `record` repeats the header, in its order. Every row is checked, so the first
    /// test is one comparison, of the time column.
    fn repeats_header(&self, record: &ByteRecord) -> bool {
        let names = &self.plan.header.names;
        let same_at = |i: usize| {
            record
                .get(i)
                .is_some_and(|f| unmarked(f) == names[i].trim().as_bytes())
        };
        record.len() == names.len()
            && same_at(self.plan.time.column())
            && (0..names.len()).all(same_at)
    }

    fn reject(&mut self, line: u64, problem: RowProblem) {
        self.tally.rejected += 1;
        *self.tally.reasons.entry(problem.kind()).or_insert(0) += 1;
        if self.tally.examples.len() < MAX_EXAMPLES {
            self.tally.examples.push(Rejection::new(line, problem));
        }
    }

    /// A time as this file is read: by the stated `date_format`, else by detection; `true`
    /// beside it when a format is stated but did not fit (detection read the time). The error
    /// is detection's.
    fn read_time(&self, value: &str) -> Result<(ParsedTime, bool), TimeError> {
        let zone = &self.plan.zone;
        if let Some(format) = self.plan.date_format.as_deref() {
            if let Ok(time) = dates::parse_with_format(value, format, zone) {
                return Ok((time, false));
            }
        }
        let detected = dates::parse_time(value, zone, self.plan.order)?;
        Ok((detected, self.plan.date_format.is_some()))
    }

    /// The lines inside a multi-line record that are rows of their own an unclosed quote
    /// swallowed. Such a line has a row's delimiters; or, when the quote closed at the next
    /// row's own quoted field, as many as the field it is in has before it, the record's
    /// fields after it completing that row. `timed` when one of them also has a believable
    /// time (1995 to `latest`) within 30 days of the record's own, when that reads, where the
    /// row's time is: a line of text rarely has both (a booking number read as seconds since
    /// 1970 is believable alone, not also beside the post's own time).
    fn swallowed(&self, record: &ByteRecord, latest: Timestamp) -> Swallowed {
        const NEAR: SignedDuration = SignedDuration::from_hours(30 * 24);
        let position = self.plan.time.column();
        let believable = |value: &[u8]| -> Option<Timestamp> {
            let value = std::str::from_utf8(value.trim_ascii())
                .ok()?
                .trim_matches('"');
            let at = match self.plan.time {
                TimeSource::Snowflake(_) => {
                    snowflake_time(value.parse::<u64>().ok().filter(|v| *v >= MIN_SNOWFLAKE)?)?
                }
                _ => self.read_time(value).ok()?.0.at,
            };
            (min_time()..=latest).contains(&at).then_some(at)
        };
        let own = record.get(position).and_then(|value| {
            let first_line = value.split(|b| *b == b'\n').next().unwrap_or(value);
            believable(first_line)
        });
        let delimiter = self.plan.delimiter;
        // A row has a delimiter between each two named columns, and may have one before each
        // unnamed column at the header's end (a trailing delimiter) too.
        let row_delimiters = self.plan.named_len.saturating_sub(1).max(1);
        let most_delimiters = self.plan.header_len.saturating_sub(1).max(1);
        // Whether piece `nth` of `line` is a believable time near the record's own.
        let timed_at = |line: &[u8], nth: usize| {
            line.split(|b| *b == delimiter)
                .nth(nth)
                .and_then(believable)
                .is_some_and(|at| own.is_none_or(|own| at.duration_since(own).abs() <= NEAR))
        };
        let count = |line: &[u8]| memchr::memchr_iter(delimiter, line).count();
        let mut found = Swallowed::default();
        for (field, value) in record.iter().enumerate() {
            let mut lines = value.split(|b| *b == b'\n');
            let first = lines.next().unwrap_or_default();
            for line in lines {
                let delimiters = count(line);
                if delimiters >= row_delimiters {
                    found.rows += 1;
                    found.timed |= delimiters <= most_delimiters && timed_at(line, position);
                    continue;
                }
                if delimiters != field || field == 0 {
                    continue;
                }
                // The line begins a row that the record's fields after this one complete. Its
                // time is on this line when the time column comes before this field; when it
                // comes after, the record's time is that row's, and the first line of this
                // field holds the rest of the row the quote was opened in, with its own time.
                let timed = if position < field {
                    timed_at(line, position)
                } else {
                    position > field
                        && (row_delimiters - field..=most_delimiters - field)
                            .contains(&count(first))
                        && timed_at(first, position - field)
                };
                if timed {
                    found.rows += 1;
                    found.timed = true;
                }
            }
        }
        found
    }

    /// The row's time, or why the row is rejected.
    fn time_of(&mut self, record: &ByteRecord, line: u64) -> Result<ParsedTime, RowProblem> {
        match self.plan.time {
            TimeSource::Snowflake(index) => {
                let name = self.plan.header.display(index);
                let id = self.id_field(record, Role::Id, line);
                let value = id
                    .as_deref()
                    .and_then(|v| v.parse::<u64>().ok())
                    .filter(|v| *v >= MIN_SNOWFLAKE);
                let Some(value) = value else {
                    // An id ingest could not keep (Excel's `5.70306E+17`) is shown as written.
                    let written = record.get(index).map(String::from_utf8_lossy);
                    let shown = id.as_deref().or(written.as_deref().map(str::trim));
                    return Err(RowProblem::NoTimeInId {
                        id: cut(shown.unwrap_or("")),
                        column: name,
                    });
                };
                let at = snowflake_time(value).ok_or(RowProblem::IdGivesNoTime { id: value })?;
                Ok(ParsedTime {
                    at,
                    zone_assumed: false,
                    shifted: None,
                })
            }
            TimeSource::Column(index) => {
                let Some((column, value)) = self.located(record, Role::Timestamp, line) else {
                    return Err(RowProblem::TimeColumnEmpty {
                        column: self.plan.header.display(index),
                    });
                };
                self.parse_time_value(&value, column, line)
            }
            TimeSource::DateAndTime(date_index, time_index) => {
                let Some(date) = self.field(record, Role::Date, line) else {
                    return Err(RowProblem::TimeColumnEmpty {
                        column: self.plan.header.display(date_index),
                    });
                };
                let time = time_index.and_then(|_| self.field(record, Role::Time, line));
                match time {
                    Some(time) => {
                        let mut joined = std::mem::take(&mut self.scratch);
                        joined.clear();
                        joined.push_str(&date);
                        joined.push(' ');
                        joined.push_str(&time);
                        let result = self.parse_time_value(&joined, date_index, line);
                        self.scratch = joined;
                        // A date column that already holds the time makes the pair unreadable:
                        // then the date is read alone, and its own problem is the row's (an
                        // impossible 31 February, not the pair's doubled time). A date without
                        // a time of its own is not: a time of "25:00" would make every such
                        // row midnight, unseen.
                        result.or_else(|mut e| {
                            if date.contains(':') {
                                return self.parse_time_value(&date, date_index, line);
                            }
                            if let Some(time_index) = time_index {
                                let both = format!(
                                    "{} + {}",
                                    self.plan.header.display(date_index),
                                    self.plan.header.display(time_index)
                                );
                                if let RowProblem::UnreadableTime { column, .. }
                                | RowProblem::ImpossibleTime { column, .. }
                                | RowProblem::DateOrderConflict { column, .. } = &mut e
                                {
                                    *column = both;
                                }
                            }
                            Err(e)
                        })
                    }
                    None => {
                        // The export has a time column and this row leaves it empty: the
                        // mention goes to the day's start, which the file's notes count.
                        if let Some(time_index) = time_index.filter(|_| !date.contains(':')) {
                            self.issue(time_index, ValueProblem::TimeMissing, line, "");
                        }
                        self.parse_time_value(&date, date_index, line)
                    }
                }
            }
        }
    }

    fn parse_time_value(
        &mut self,
        value: &str,
        index: usize,
        line: u64,
    ) -> Result<ParsedTime, RowProblem> {
        // A time the stated format does not fit is still read if it can be, but counted: read
        // by detection, it may follow another day/month order than the format's.
        let (time, outside_format) = self.read_time(value).map_err(|e| {
            let column = self.plan.header.display(index);
            let value = cut(value);
            match e {
                TimeError::Unrecognised if values::is_scientific(&value) => {
                    RowProblem::TimeInScientificNotation { value, column }
                }
                TimeError::Unrecognised => RowProblem::UnreadableTime { value, column },
                TimeError::Impossible => RowProblem::ImpossibleTime { value, column },
                TimeError::OrderConflict => RowProblem::DateOrderConflict {
                    value,
                    column,
                    read: self.plan.order,
                },
            }
        })?;
        if outside_format {
            self.issue(index, ValueProblem::OutsideDateFormat, line, value);
        }
        Ok(time)
    }
}

/// The creation time an X/Twitter id encodes (milliseconds since Twitter's epoch in its upper
/// bits); `None` past the last representable instant.
fn snowflake_time(id: u64) -> Option<Timestamp> {
    Timestamp::from_millisecond((id >> 22) as i64 + TWITTER_EPOCH_MS).ok()
}

/// Whether a field is a label of a metadata block (`Report:`, `From:`): a word or two ending
/// in a colon. A second export joined with `cat` brings its byte-order mark along, before the
/// label's quote, which then stays in the field: `\u{feff}"Report:"`.
fn is_label(field: Option<&[u8]>) -> bool {
    field.map(unmarked).is_some_and(|f| {
        let f = f
            .strip_prefix(b"\"")
            .and_then(|f| f.strip_suffix(b"\""))
            .unwrap_or(f);
        f.len() >= 2 && f.len() <= 40 && f.ends_with(b":") && f[0].is_ascii_alphabetic()
    })
}

/// A field without the spaces around it and the byte-order mark a second export joined with
/// `cat` brings along at the start of its first line.
fn unmarked(field: &[u8]) -> &[u8] {
    let field = field.trim_ascii();
    field.strip_prefix("\u{feff}".as_bytes()).unwrap_or(field)
}

/// What [`Converter::swallowed`] found in a multi-line record.
#[derive(Default)]
struct Swallowed {
    rows: usize,
    timed: bool,
}

fn apply_custom(mapping: &mut Mapping, header: &Header, roles: &[(Role, &str)]) {
    for (role, name) in roles {
        mapping.set(*role, header.find(name));
    }
    let named = |role: Role| roles.iter().any(|(r, _)| *r == role);
    if named(Role::Timestamp) {
        mapping.set(Role::Date, None);
        mapping.set(Role::Time, None);
    } else if named(Role::Date) {
        mapping.set(Role::Timestamp, None);
        if !named(Role::Time) {
            mapping.set(Role::Time, None);
        }
    }
    if named(Role::IsBrand) {
        mapping.set(Role::Inbound, None);
    }
}

/// Day-first or month-first: from the sample rows when they prove it, else the configuration,
/// else from the first row further on that proves it (`further`: an export of the first
/// twelve days of a month proves nothing in its first thousand rows), else a guess, noted.
fn decide_order(
    time: &TimeSource,
    layout: &Layout,
    header: &Header,
    configured: Option<DateOrder>,
    further: impl FnOnce() -> Result<Option<DateOrder>, IngestError>,
    notices: &mut Vec<FileNotice>,
) -> Result<DateOrder, IngestError> {
    let index = match time {
        TimeSource::Column(i) | TimeSource::DateAndTime(i, _) => *i,
        TimeSource::Snowflake(_) => return Ok(DateOrder::Dmy),
    };
    let (mut day_first, mut month_first, mut ambiguous, mut twelve_hour) =
        (0u32, 0u32, None, false);
    let text = |record: &ByteRecord, i: usize| {
        record
            .get(i)
            .and_then(|v| std::str::from_utf8(v).ok())
            .map(|v| v.trim().to_ascii_uppercase())
    };
    for record in &layout.sample {
        let Some(value) = record.get(index).and_then(|v| std::str::from_utf8(v).ok()) else {
            continue;
        };
        match dates::numeric_date(value) {
            NumericDate::Proves(DateOrder::Dmy) => day_first += 1,
            NumericDate::Proves(DateOrder::Mdy) => month_first += 1,
            NumericDate::Ambiguous => {
                ambiguous.get_or_insert_with(|| value.trim().to_string());
                // The clock can be in the date's column or in a time column of its own.
                let clock = match time {
                    TimeSource::DateAndTime(_, Some(t)) => text(record, *t),
                    _ => text(record, index),
                };
                twelve_hour |= clock.is_some_and(|c| c.ends_with("AM") || c.ends_with("PM"));
            }
            NumericDate::NotNumeric => {}
        }
    }
    let name = header.display(index);
    Ok(match (day_first > 0, month_first > 0) {
        (true, false) => DateOrder::Dmy,
        (false, true) => DateOrder::Mdy,
        (true, true) => {
            let order = configured.unwrap_or(DateOrder::Dmy);
            notices.push(FileNotice::MixedDateOrders {
                column: name,
                read: order,
            });
            order
        }
        (false, false) => match (configured, ambiguous) {
            // The sample proves nothing: the configuration decides, else the first row further
            // on that proves an order.
            (Some(order), _) => order,
            (None, Some(_)) if let Some(proved) = further()? => proved,
            (None, Some(example)) => {
                let order = if twelve_hour {
                    DateOrder::Mdy
                } else {
                    DateOrder::Dmy
                };
                notices.push(FileNotice::AmbiguousDates {
                    example,
                    column: name,
                    read: order,
                });
                order
            }
            (None, None) => DateOrder::Dmy,
        },
    })
}

/// The day/month order the first row of the file that proves one proves (`18/05/…` is
/// day-first), reading only as far as that row: the pass [`decide_order`] makes when the sample
/// proves nothing.
fn prove_order_further(
    path: &Path,
    encoding: Encoding,
    layout: &Layout,
    time: &TimeSource,
) -> io::Result<Option<DateOrder>> {
    let index = match time {
        TimeSource::Column(i) | TimeSource::DateAndTime(i, _) => *i,
        TimeSource::Snowflake(_) => return Ok(None),
    };
    let mut reader = sniff::records(
        File::open(path)?,
        encoding,
        layout.delimiter,
        layout.cr_lines,
    )?;
    let (mut record, mut lines) = (ByteRecord::new(), LineCounter::new());
    // A row the csv parser cannot split ends the search; the read proper reports it.
    while let Ok(true) = reader.read_byte_record(&mut record) {
        let (start, _) = lines.record_lines(&record, reader.position().line());
        if start <= layout.header_line {
            continue;
        }
        let value = record.get(index).and_then(|v| std::str::from_utf8(v).ok());
        if let Some(NumericDate::Proves(order)) = value.map(dates::numeric_date) {
            return Ok(Some(order));
        }
    }
    Ok(None)
}

/// A stable id for a row without one: the status id in its URL, else a hash of the URL and the
/// author, else a hash of author, time and text. A URL that names no status can be a page many
/// posts share (comments exported with their post's address): two authors there are two
/// posts, not one post exported twice.
fn derived_id(url: Option<&str>, author: Option<&str>, at: Timestamp, text: &str) -> String {
    if let Some(url) = url {
        if let Some(status) = values::status_id_in_url(url) {
            return status.to_string();
        }
        let author = author
            .map(crate::config::normalize_handle)
            .unwrap_or_default();
        return format!(
            "u{}",
            short_hash(&[url.as_bytes(), b"\0", author.as_bytes()])
        );
    }
    let at = at.as_millisecond().to_le_bytes();
    format!(
        "h{}",
        short_hash(&[
            author.unwrap_or("").as_bytes(),
            b"\0",
            &at,
            b"\0",
            text.as_bytes()
        ])
    )
}

fn short_hash(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    hex(&hasher.finalize()[..8])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn min_time() -> Timestamp {
    Timestamp::from_second(EARLIEST_SECOND).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// The latest believable time: a day after now (clock skew between tool and machine).
pub fn latest_time() -> Timestamp {
    Timestamp::now()
        .checked_add(SignedDuration::from_hours(24))
        .unwrap_or(Timestamp::MAX)
}

fn header_list(header: &Header) -> String {
    (0..header.len())
        .map(|i| header.display(i))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A value cut for messages.
fn cut(value: &str) -> String {
    match value.char_indices().nth(MESSAGE_VALUE_CHARS) {
        Some((end, _)) => format!("{}…", &value[..end]),
        None => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_past_line_32_bits_has_no_provenance() {
        assert_eq!(
            provenance(3, MAX_LINE),
            Some(Provenance {
                file: 3,
                line: u32::MAX
            })
        );
        assert_eq!(provenance(3, MAX_LINE + 1), None);
    }

    #[test]
    fn merged_ids_across_numeric_and_text_forms() {
        let at = Timestamp::from_second(1_600_000_000).unwrap();
        let mut merged = Merged::default();
        for id in [
            "570306133677760513",
            "007",
            "AppleSupport",
            "99999999999999999999999",
        ] {
            assert_eq!(merged.find(id), None);
            assert!(merged.keep(Mention::new(id, at, "")).unwrap().is_none());
        }
        assert_eq!(merged.find("570306133677760513"), Some(0));
        assert_eq!(merged.find("007"), Some(1));
        assert_eq!(merged.find("7"), None, "leading zeros make a different id");
        assert_eq!(merged.find("AppleSupport"), Some(2));
        assert_eq!(merged.find("99999999999999999999999"), Some(3));
        let (kept, again) = merged
            .keep(Mention::new("007", at, "again"))
            .unwrap()
            .unwrap();
        assert_eq!((kept, &*again.text, merged.mentions.len()), (1, "again", 4));
    }

    #[test]
    fn duplicates_fill_what_the_kept_copy_lacks() {
        let at = Timestamp::from_second(1_600_000_000).unwrap();
        let mut merged = Merged::default();
        let mut kept = Mention::new("1", at, "");
        kept.likes = Count::from(3);
        assert!(merged.keep(kept).unwrap().is_none());
        let mut other = Mention::new("1", at, "the text");
        other.likes = Count::from(99);
        other.author = Some("someone".into());
        // Kept as its host, rebuilt from the author that moves into the kept copy.
        other.set_url(Some("https://x.com/someone/status/1".into()));
        other.parent_id = Some("0".into());
        other.kind = Kind::Reply;
        let (index, other) = merged.keep(other).unwrap().expect("a duplicate");
        assert!(merged.merge_duplicate(index, other).unwrap());
        let kept = merged.mentions.to_mention(0).unwrap();
        assert_eq!(&*kept.text, "the text");
        assert_eq!(kept.likes.get(), Some(3), "kept values win");
        assert_eq!(kept.author.as_deref(), Some("someone"));
        assert_eq!(
            kept.url().as_deref(),
            Some("https://x.com/someone/status/1")
        );
        assert_eq!(
            (kept.kind, kept.parent_id.as_deref()),
            (Kind::Reply, Some("0"))
        );
    }

    #[test]
    fn a_file_rolled_back_leaves_the_earlier_files_as_they_were() {
        let at = Timestamp::from_second(1_600_000_000).unwrap();
        let mut merged = Merged::default();
        merged.begin_file();
        let mut bare = Mention::new("1", at, "");
        bare.hashtags = ["kept".into()].into();
        assert!(merged.keep(bare).unwrap().is_none());
        assert!(merged
            .keep(Mention::new("text-id", at, "second"))
            .unwrap()
            .is_none());
        let before = merged.mentions.to_vec().unwrap();

        // A second file adds a mention and fills gaps of the first file's mention twice.
        merged.begin_file();
        assert!(merged
            .keep(Mention::new("3", at, "third"))
            .unwrap()
            .is_none());
        let mut fuller = Mention::new("1", at, "now with text");
        fuller.author = Some("someone".into());
        fuller.set_url(Some("https://x.com/someone/status/1".into()));
        fuller.likes = Count::from(7);
        fuller.hashtags = ["ignored".into()].into();
        fuller.parent_id = Some("0".into());
        fuller.kind = Kind::Reply;
        merged.merge_duplicate(0, fuller).unwrap();
        let mut more = Mention::new("1", at, "");
        more.country = Some("it".into());
        merged.merge_duplicate(0, more).unwrap();
        let filled = merged.mentions.to_mention(0).unwrap();
        assert_eq!(filled.author.as_deref(), Some("someone"));
        assert_eq!(filled.country.as_deref(), Some("it"));
        assert_eq!(&*filled.text, "now with text");
        assert_eq!(&*filled.hashtags, [CompactString::from("kept")]);
        assert!(filled.url().is_some());

        merged.roll_back_file();
        assert_eq!(merged.mentions.to_vec().unwrap(), before);
        assert_eq!(merged.find("3"), None);
        assert_eq!(merged.find("1"), Some(0));
        assert_eq!(merged.find("text-id"), Some(1));
    }

    #[test]
    fn derived_ids_are_stable() {
        let at = Timestamp::from_second(1_600_000_000).unwrap();
        assert_eq!(
            derived_id(Some("https://twitter.com/a/status/123"), None, at, "x"),
            "123"
        );
        // One post exported twice: the same address and author, whatever the text and time
        // (tools cut texts and round times differently); the handle as any tool writes it.
        let page = Some("https://facebook.com/p/1");
        let by_url = derived_id(page, Some("@Bea"), at, "x");
        assert!(by_url.starts_with('u') && by_url.len() == 17);
        assert_eq!(
            by_url,
            derived_id(page, Some("bea"), at + SignedDuration::from_secs(60), "x…")
        );
        // Two authors at one address (comments under a post) are two posts.
        assert_ne!(by_url, derived_id(page, Some("carl"), at, "x"));
        assert_ne!(by_url, derived_id(page, None, at, "x"));
        let by_content = derived_id(None, Some("a"), at, "hello");
        assert!(by_content.starts_with('h'));
        assert_eq!(by_content, derived_id(None, Some("a"), at, "hello"));
        assert_ne!(by_content, derived_id(None, Some("a"), at, "hello!"));
    }

    #[test]
    fn snowflake_times() {
        // 1390633129203879937 was posted at 2021-05-07T11:42:29Z (Du Bois sample).
        assert_eq!(
            snowflake_time(1_390_633_129_203_879_937)
                .unwrap()
                .strftime("%Y-%m-%dT%H:%M:%SZ")
                .to_string(),
            "2021-05-07T11:42:29Z"
        );
    }
}
