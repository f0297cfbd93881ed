//! The canonical mention model: what every export is turned into.
//!
//! These are plain data types passed from ingest to analysis. A [`Mention`] is one post as
//! ingest reads it; [`Mentions`] keeps an incident's mentions compactly, their texts
//! ([`texts`]) and details ([`Details`]) mostly in an unnamed temporary file, the only file
//! anything here touches.

use std::borrow::Cow;
use std::hash::{BuildHasher, Hash};
use std::sync::Arc;

use arcstr::ArcStr;
use compact_str::CompactString;
use jiff::Timestamp;
use rustc_hash::FxBuildHasher;
use serde::{Deserialize, Serialize};
use ustr::Ustr;

mod authors;
mod details;
mod ids;
mod mentions;
mod notices;
mod spill;
pub mod texts;

pub use details::Details;

pub use authors::{Author, AuthorRef};
pub use ids::{IdRef, Ids};
pub use mentions::{
    instant, AuthorMemo, Before, MentionView, Mentions, OwnedTexts, Row, TextParts, Times,
};
pub use notices::{
    ClockChange, DateOrder, FileNotice, RejectionKind, RowProblem, UnreadFile, UnreadKind,
    ValueProblem,
};

/// One post, comment, reply or repost about the incident, whatever tool exported it: what
/// ingest makes of a row, and what tests and tools build. An incident's mentions are kept in
/// [`Mentions`], which stores them compactly; only the mentions of the batches being converted
/// exist as `Mention`s at any time.
///
/// Ids, handles and names are `CompactString`s: up to 24 bytes are stored inline, so the short
/// strings of a mention (a 19-digit id, a handle) cost no allocation. Labels that repeat across
/// mentions (platform, language, country) are interned ([`Ustr`], 8 bytes, one copy per
/// distinct label for the life of the process). Texts and hashtags are shared (`ArcStr`, an
/// `Arc` slice) so that the reposts of one post share its text and hashtags: ingest gives them
/// one copy, and [`Mentions`] stores that copy once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// The platform's id for the post, as a string (`3.0` in an export becomes `3`).
    /// When the export has no id column, ingest derives a stable one from the url or content.
    pub id: CompactString,
    /// The instant the post was published, in UTC.
    pub timestamp: Timestamp,
    /// True when the export's time had no zone or offset and the incident's time zone was assumed.
    pub timezone_assumed: bool,
    /// Lower-case platform name (`twitter`, `facebook`, `instagram`, `reddit`, `youtube`, `telegram`, `news`, …).
    pub platform: Option<Ustr>,
    /// Author handle without a leading `@`.
    pub author: Option<CompactString>,
    /// Author display name.
    pub author_name: Option<CompactString>,
    pub author_id: Option<CompactString>,
    /// Author's follower count at (or near) the time of posting.
    pub followers: Count,
    pub text: ArcStr,
    /// Where the post is on the web; read it with [`Mention::url`], set it with
    /// [`Mention::set_url`] (once the author and id are known).
    url: Option<ArcStr>,
    /// Set instead of `url` when the address is the one X gives every post, which
    /// [`Mention::url`] rebuilds from the author and id.
    status_url: Option<StatusHost>,
    pub title: Option<ArcStr>,
    pub likes: Count,
    /// Reposts / retweets / shares of this post.
    pub shares: Count,
    /// Replies / comments on this post.
    pub comments: Count,
    pub quotes: Count,
    /// Views or impressions of this post, when the export reports them.
    pub views: Count,
    /// The export's own reach estimate for this post, when it has one.
    pub reach: Count,
    /// The export's own engagement figure, when it has one.
    pub engagement: Count,
    pub sentiment: Option<Sentiment>,
    /// Language code as the export gives it (usually ISO 639-1, lower case).
    pub language: Option<Ustr>,
    pub country: Option<Ustr>,
    pub kind: Kind,
    /// Id of the post this one replies to (or quotes / reposts, see `kind`).
    pub parent_id: Option<CompactString>,
    /// Id of the conversation / thread this post belongs to.
    pub thread_id: Option<CompactString>,
    /// Hashtags the export lists for the post, lower case and without `#`. Empty when the export
    /// has no hashtag column; analysis then reads them from the text.
    pub hashtags: Arc<[CompactString]>,
    /// The export's own statement that the brand wrote this post (e.g. `inbound=False` in twcs).
    /// `None` when the export does not say; analysis also matches the configured brand handles.
    pub is_brand: Option<bool>,
    pub source: Provenance,
}

/// A count an export may leave blank (followers, likes, views, reach, …) in 5 bytes, where
/// `Option<u64>` takes 16: a mention holds eight of them, and a large export a million
/// mentions. The count is kept in 40 bits, which hold every count up to [`Count::MAX`]
/// (about 1.1 × 10¹²); ingest ignores counts above 10¹¹ as impossible, so every count it keeps
/// fits. All 40 bits set stand for blank.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Option<u64>", into = "Option<u64>")]
pub struct Count([u8; 5]);

impl Count {
    pub const NONE: Count = Count([0xff; 5]);
    /// The largest count that can be kept: 2⁴⁰ − 2.
    pub const MAX: u64 = (1 << 40) - 2;

    /// `None` for a blank count, and for a count above [`Count::MAX`], which cannot be kept.
    pub fn new(value: Option<u64>) -> Count {
        match value {
            Some(value) if value <= Count::MAX => {
                let [a, b, c, d, e, ..] = value.to_le_bytes();
                Count([a, b, c, d, e])
            }
            _ => Count::NONE,
        }
    }

    pub fn get(self) -> Option<u64> {
        let [a, b, c, d, e] = self.0;
        let value = u64::from_le_bytes([a, b, c, d, e, 0, 0, 0]);
        (value <= Count::MAX).then_some(value)
    }

    pub fn is_none(self) -> bool {
        self == Count::NONE
    }

    pub fn is_some(self) -> bool {
        !self.is_none()
    }

    /// This count, else `other`: a post's own reach, else its author's followers.
    pub fn or(self, other: Count) -> Count {
        if self.is_some() {
            self
        } else {
            other
        }
    }

    /// The five bytes, for fixed-size records ([`Details`]).
    fn to_bytes(self) -> [u8; 5] {
        self.0
    }

    /// Every five bytes are a count or blank.
    fn from_bytes(bytes: [u8; 5]) -> Count {
        Count(bytes)
    }
}

impl Default for Count {
    fn default() -> Count {
        Count::NONE
    }
}

impl From<u64> for Count {
    fn from(value: u64) -> Count {
        Count::new(Some(value))
    }
}

impl From<Option<u64>> for Count {
    fn from(value: Option<u64>) -> Count {
        Count::new(value)
    }
}

impl From<Count> for Option<u64> {
    fn from(count: Count) -> Option<u64> {
        count.get()
    }
}

impl std::fmt::Debug for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

/// The most mentions one incident may have: positions in the mention list are kept in 32 bits
/// ([`OptIndex`]), and `u32::MAX` is taken for "none". Ingest refuses more.
pub const MAX_MENTIONS: usize = u32::MAX as usize;

/// A position in the mention list, or a number of mentions (or of anything there are fewer of,
/// such as accounts), in 32 bits.
///
/// # Panics
/// When `position` is not below [`MAX_MENTIONS`]; ingest refuses larger incidents.
pub fn position32(position: usize) -> u32 {
    u32::try_from(position)
        .ok()
        .filter(|p| *p != u32::MAX)
        .expect("positions are below MAX_MENTIONS, which ingest enforces")
}

/// A 32-bit hash of a key, kept beside a `hashbrown::HashTable` entry so that growing the
/// table re-hashes without reading the key back (from a mention or a key list: a cache miss
/// each, at random).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hash32(u32);

impl Hash32 {
    pub fn of<K: Hash + ?Sized>(key: &K) -> Hash32 {
        // Truncating keeps the low half, which FxHash mixes as well as the high one.
        Hash32(FxBuildHasher.hash_one(key) as u32)
    }

    /// The hash the table takes. hashbrown picks the bucket from the low bits and a tag from
    /// the top 7, so both halves carry the 32 bits.
    pub fn table(self) -> u64 {
        u64::from(self.0) << 32 | u64::from(self.0)
    }
}

/// An optional position in a list (of mentions, of brand accounts) in 4 bytes, where
/// `Option<usize>` takes 16: analysis keeps several per mention (the post a brand reply answers,
/// a post's parent, its earliest answer). `u32::MAX` stands for none; positions are below
/// [`MAX_MENTIONS`], which ingest enforces.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct OptIndex(u32);

impl OptIndex {
    pub const NONE: OptIndex = OptIndex(u32::MAX);

    /// # Panics
    /// When `position` is not below [`MAX_MENTIONS`]; ingest refuses larger incidents.
    pub fn new(position: Option<usize>) -> OptIndex {
        position.map_or(OptIndex::NONE, OptIndex::some)
    }

    /// # Panics
    /// When `position` is not below [`MAX_MENTIONS`]; ingest refuses larger incidents.
    pub fn some(position: usize) -> OptIndex {
        OptIndex(position32(position))
    }

    pub fn get(self) -> Option<usize> {
        (self.0 != u32::MAX).then_some(self.0 as usize)
    }

    pub fn is_none(self) -> bool {
        self.0 == u32::MAX
    }

    pub fn is_some(self) -> bool {
        !self.is_none()
    }
}

impl Default for OptIndex {
    fn default() -> OptIndex {
        OptIndex::NONE
    }
}

impl std::fmt::Debug for OptIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

/// Where a mention came from: the export file (index into the run's file list) and the
/// physical line its record starts on (1-based, counting the header and any metadata rows).
/// 32 bits of line (past [`MAX_LINE`] ingest rejects the row) keep this at 8 bytes a mention.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    pub file: u32,
    pub line: u32,
}

/// The last line a mention can come from: a file longer than that must be split (it would
/// hold more than 4 × 10⁹ lines, far more than the mentions one incident can hold).
pub const MAX_LINE: u64 = u32::MAX as u64;

/// The name casebook gives a platform, from how exports and people write it: `X`, `tw` and
/// `Twitter for iPhone` are `twitter`, `fb` is `facebook`, `Instagram Stories` is `instagram`;
/// a name it does not know stays as written, in lower case.
pub fn canonical_platform(label: &str) -> String {
    let lower = label.trim().to_lowercase();
    const KNOWN: [&str; 14] = [
        "twitter",
        "facebook",
        "instagram",
        "youtube",
        "reddit",
        "tiktok",
        "telegram",
        "linkedin",
        "bluesky",
        "threads",
        "mastodon",
        "news",
        "blog",
        "forum",
    ];
    if let Some(name) = KNOWN.iter().find(|k| lower.contains(*k)) {
        return (*name).to_string();
    }
    match lower.as_str() {
        "x" | "tw" => "twitter".to_string(),
        "fb" => "facebook".to_string(),
        "ig" => "instagram".to_string(),
        "yt" => "youtube".to_string(),
        _ => lower,
    }
}

/// What a repost's text says by its wording: the handle reposted and the words reposted.
#[derive(Debug, PartialEq, Eq)]
pub struct RetweetText<'t> {
    pub handle: &'t str,
    pub words: &'t str,
}

/// A repost by its wording: the classic `RT @handle: words` (the colon may be missing), or
/// `Retweeted Name (@handle):` on the first line and the words after it, which apps that
/// cross-post a retweet write (11 rows of the Spanish airline tweets of 2017). Ingest reads
/// reposts so from exports with no repost column; the findings, whom a repost repeats.
pub fn retweet_text(text: &str) -> Option<RetweetText<'_>> {
    if let Some(rest) = text.strip_prefix("RT @") {
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let (handle, after) = rest.split_at(end);
        let words = after.strip_prefix(':').unwrap_or(after).trim_start();
        return Some(RetweetText { handle, words });
    }
    let (first_line, words) = text.split_once('\n').unwrap_or((text, ""));
    let first_line = first_line.trim_end();
    let named = first_line.strip_prefix("Retweeted ")?.strip_suffix("):")?;
    let (_, handle) = named.rsplit_once(" (@")?;
    Some(RetweetText {
        handle,
        words: words.trim_start(),
    })
}

/// Whether a platform (as [`canonical_platform`] names it) publishes rather than converses:
/// news sites, blogs, print, broadcast and podcasts. Their items cover the incident; nobody
/// there waits for the brand's public reply, and no export links one to them.
pub fn is_publication(platform: &str) -> bool {
    platform == "news"
        || matches!(
            platform.strip_suffix('s').unwrap_or(platform),
            "blog" | "print" | "broadcast" | "podcast" | "tv" | "radio"
        )
}

/// The earliest time a mention can have, 1995-01-01T00:00:00Z, in seconds since 1970: earlier
/// times in an export are placeholders or misread epochs (ingest rejects those rows), and an
/// incident window starting earlier is a typo.
pub const EARLIEST_SECOND: i64 = 788_918_400;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sentiment {
    Negative,
    Neutral,
    Positive,
}

impl Sentiment {
    pub const ALL: [Sentiment; 3] = [Sentiment::Negative, Sentiment::Neutral, Sentiment::Positive];

    /// A sentiment or none in one byte (0 for none, then [`Sentiment::ALL`]'s order from 1),
    /// for fixed-size records and per-mention columns.
    pub fn code(sentiment: Option<Sentiment>) -> u8 {
        sentiment.map_or(0, |s| s as u8 + 1)
    }

    /// What [`Sentiment::code`] gave `code`; `None` for a byte it never gives.
    pub fn from_code(code: u8) -> Option<Option<Sentiment>> {
        match code {
            0 => Some(None),
            _ => Sentiment::ALL.get(usize::from(code) - 1).copied().map(Some),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Sentiment::Negative => "negative",
            Sentiment::Neutral => "neutral",
            Sentiment::Positive => "positive",
        }
    }
}

/// What a post is in its conversation.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    #[default]
    Original,
    Reply,
    Repost,
    Quote,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Original, Kind::Reply, Kind::Repost, Kind::Quote];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Original => "original",
            Kind::Reply => "reply",
            Kind::Repost => "repost",
            Kind::Quote => "quote",
        }
    }
}

impl Mention {
    /// A mention with only the required fields set; convenient for tests and the simulator.
    pub fn new(
        id: impl Into<CompactString>,
        timestamp: Timestamp,
        text: impl Into<ArcStr>,
    ) -> Mention {
        Mention {
            id: id.into(),
            timestamp,
            timezone_assumed: false,
            platform: None,
            author: None,
            author_name: None,
            author_id: None,
            followers: Count::NONE,
            text: text.into(),
            url: None,
            status_url: None,
            title: None,
            likes: Count::NONE,
            shares: Count::NONE,
            comments: Count::NONE,
            quotes: Count::NONE,
            views: Count::NONE,
            reach: Count::NONE,
            engagement: Count::NONE,
            sentiment: None,
            language: None,
            country: None,
            kind: Kind::Original,
            parent_id: None,
            thread_id: None,
            hashtags: Arc::default(),
            is_brand: None,
            source: Provenance { file: 0, line: 0 },
        }
    }

    /// The post's address, as the export wrote it.
    pub fn url(&self) -> Option<Cow<'_, str>> {
        match (&self.url, self.status_url) {
            (Some(url), _) => Some(Cow::Borrowed(url)),
            (None, Some(host)) => Some(Cow::Owned(status_address(
                host,
                self.author.as_deref().unwrap_or_default(),
                &self.id,
            ))),
            (None, None) => None,
        }
    }

    /// Keeps the post's address. Exports of X posts (Brandwatch, Talkwalker, Meltwater) write
    /// `https://x.com/{author}/status/{id}` on every row, about 64 bytes a mention; when the
    /// address is exactly that, only its host is kept. Set the author and id first.
    pub fn set_url(&mut self, url: Option<String>) {
        let (url, status_url) = match url {
            Some(url) => StatusHost::split(url, self.author.as_deref(), &self.id),
            None => (None, None),
        };
        self.url = url.map(Into::into);
        self.status_url = status_url;
    }
}

/// An X post's own address.
fn status_address(host: StatusHost, author: &str, id: &str) -> String {
    format!("https://{}/{author}/status/{id}", host.as_str())
}

/// The host of an X post's own address, `https://{host}/{author}/status/{id}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
enum StatusHost {
    X,
    Twitter,
}

impl StatusHost {
    /// An address as a mention keeps it: only the host when it is the post's own X address
    /// (rebuilt from `author` and `id` when read), else the address itself.
    fn split(url: String, author: Option<&str>, id: &str) -> (Option<String>, Option<StatusHost>) {
        match author.and_then(|a| StatusHost::of(&url, a, id)) {
            Some(host) => (None, Some(host)),
            None => (Some(url), None),
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            StatusHost::X => "x.com",
            StatusHost::Twitter => "twitter.com",
        }
    }

    /// The host, when `url` is exactly the status address of this author and id.
    fn of(url: &str, author: &str, id: &str) -> Option<StatusHost> {
        let rest = url.strip_prefix("https://")?;
        [StatusHost::X, StatusHost::Twitter]
            .into_iter()
            .find(|host| {
                rest.strip_prefix(host.as_str())
                    .and_then(|r| r.strip_prefix('/'))
                    .and_then(|r| r.strip_prefix(author))
                    .and_then(|r| r.strip_prefix("/status/"))
                    == Some(id)
            })
    }
}

/// The languages casebook speaks: a report can be written in each, analysis has stop words and
/// a sentiment lexicon for each, and the simulator writes posts in each. One enum serves all
/// three, so they cannot disagree on the list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    It,
    Es,
    Pl,
}

impl Language {
    /// In the order analysis breaks ties when it guesses a text's language.
    pub const ALL: [Language; 4] = [Language::En, Language::It, Language::Es, Language::Pl];

    /// A language by its ISO 639-1 or 639-2 code or its English or own name, in any ASCII case
    /// (`en`, `ENG`, `Italian`, `español`, `polski`). The one list of names, for
    /// `incident.toml`, `--lang` and the language column of an export.
    pub fn from_name(name: &str) -> Option<Language> {
        const NAMES: [(Language, &[&str]); 4] = [
            (Language::En, &["en", "eng", "english"]),
            (Language::It, &["it", "ita", "italian", "italiano"]),
            (
                Language::Es,
                &["es", "spa", "spanish", "español", "espanol"],
            ),
            (Language::Pl, &["pl", "pol", "polish", "polski"]),
        ];
        let name = name.trim();
        NAMES
            .iter()
            .find(|(_, names)| names.iter().any(|n| n.eq_ignore_ascii_case(name)))
            .map(|(language, _)| *language)
    }

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::It => "it",
            Language::Es => "es",
            Language::Pl => "pl",
        }
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A short, serializable reference to one mention, used as evidence and in key moments, so
/// the report can show (and link) a post without carrying the whole mention model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionRef {
    pub id: String,
    pub at: Timestamp,
    pub platform: Option<String>,
    pub author: Option<String>,
    pub author_name: Option<String>,
    /// The text, cut to at most 280 characters.
    pub text: String,
    pub url: Option<String>,
    /// Per-mention reach as defined in `docs/metrics.md` (export reach, else followers).
    pub reach: Option<u64>,
    pub sentiment: Option<Sentiment>,
    pub kind: Kind,
    pub source: Provenance,
}

impl MentionRef {
    pub const MAX_TEXT_CHARS: usize = 280;

    /// The reference to `m`, whose texts are read from the store.
    pub fn of(m: MentionView<'_>) -> MentionRef {
        let texts = m.texts();
        let details = m.details();
        let text = match texts.text.char_indices().nth(Self::MAX_TEXT_CHARS) {
            Some((cut, _)) => format!("{}…", &texts.text[..cut]),
            None => texts.text,
        };
        MentionRef {
            id: m.id().into_owned(),
            at: m.timestamp(),
            platform: m.platform.as_deref().map(str::to_string),
            author: m.author().map(str::to_string),
            author_name: m.author_name().map(str::to_string),
            text,
            url: texts.url,
            reach: m.reach_or_followers().get(),
            sentiment: details.sentiment,
            kind: m.kind,
            source: details.source,
        }
    }
}

/// How many data rows ended where.
/// `read = used + duplicate + out_of_window + filtered_out + rejected` always.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowAccounting {
    pub read: u64,
    pub used: u64,
    pub duplicate: u64,
    pub out_of_window: u64,
    /// Rows `[filter]` left out (another brand's, in an export of several).
    #[serde(default)]
    pub filtered_out: u64,
    pub rejected: u64,
}

impl RowAccounting {
    pub fn is_balanced(&self) -> bool {
        self.read
            == self.used + self.duplicate + self.out_of_window + self.filtered_out + self.rejected
    }

    pub fn add(&mut self, other: &RowAccounting) {
        self.read += other.read;
        self.used += other.used;
        self.duplicate += other.duplicate;
        self.out_of_window += other.out_of_window;
        self.filtered_out += other.filtered_out;
        self.rejected += other.rejected;
    }
}

/// One rejected row: where, and why, in words a user can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub line: u64,
    /// The reason in English.
    pub reason: String,
    /// The reason as data, for wording it in another language; `None` when read back from
    /// `metrics.json`.
    #[serde(skip)]
    pub problem: Option<RowProblem>,
}

impl Rejection {
    pub fn new(line: u64, problem: RowProblem) -> Rejection {
        Rejection {
            line,
            reason: problem.english(),
            problem: Some(problem),
        }
    }
}

/// What ingest found in one export file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    /// The path as read (as given on the command line, or found in the incident folder); in a
    /// case study, the path inside the incident folder, or the file name of a one-file incident.
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
    /// Preset name (`twarc-csv`, `brandwatch`, …, `generic`, `custom`).
    pub format: String,
    /// Whether the format was detected from the header (`false` = forced by `--format`).
    pub format_detected: bool,
    /// `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be`, `windows-1252`.
    pub encoding: String,
    /// The delimiter as a string: `,` `;` `\t` `|`.
    pub delimiter: String,
    /// 1-based physical line of the header row.
    pub header_line: u64,
    /// Canonical field → source column.
    pub columns: std::collections::BTreeMap<String, String>,
    /// Canonical field → more source columns read, in order, in a row where its column is
    /// empty (a multi-platform export's per-platform counts); only fields that have some.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub columns_also: std::collections::BTreeMap<String, Vec<String>>,
    /// Source columns no canonical field reads.
    pub unused_columns: Vec<String>,
    pub rows: RowAccounting,
    pub first: Option<Timestamp>,
    pub last: Option<Timestamp>,
    /// The first rejected rows (at most 20), with reasons.
    pub rejected_examples: Vec<Rejection>,
    /// Rejection reasons grouped, with counts, most frequent first.
    pub rejection_reasons: Vec<ReasonCount>,
    /// Things the user should know that are not rejections (assumed time zone, Excel row cap,
    /// …), in English.
    pub warnings: Vec<String>,
    /// The same as data, for wording them in another language; empty when read back from
    /// `metrics.json`.
    #[serde(skip)]
    pub notices: Vec<FileNotice>,
}

impl FileReport {
    /// Adds a notice, and its English text to `warnings`.
    pub fn notice(&mut self, notice: FileNotice) {
        self.warnings.push(notice.english());
        self.notices.push(notice);
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonCount {
    /// The group's name in English.
    pub reason: String,
    pub count: u64,
    /// The group, for wording it in another language; `None` when read back from
    /// `metrics.json`.
    #[serde(skip)]
    pub kind: Option<RejectionKind>,
}

/// The result of reading every export of an incident.
#[derive(Debug, Serialize, Deserialize)]
pub struct Ingested {
    /// Used mentions, sorted by timestamp then id; `Provenance::file` indexes `files`.
    pub mentions: Mentions,
    pub files: Vec<FileReport>,
    /// All files together after cross-file de-duplication.
    pub total: RowAccounting,
}

#[cfg(test)]
mod tests {
    #[test]
    fn reposts_by_their_wording() {
        let rt = |handle, words| Some(super::RetweetText { handle, words });
        assert_eq!(
            super::retweet_text("RT @Iberia: Huelga el 15"),
            rt("Iberia", "Huelga el 15")
        );
        assert_eq!(
            super::retweet_text("RT @Iberia Huelga"),
            rt("Iberia", "Huelga")
        );
        assert_eq!(
            super::retweet_text("Retweeted Iberia (@Iberia):\r\n\r\nHuelga el 15 de diciembre"),
            rt("Iberia", "Huelga el 15 de diciembre")
        );
        assert_eq!(
            super::retweet_text("Retweeted Kreab Iberia (@KreabIberia):"),
            rt("KreabIberia", "")
        );
        assert_eq!(
            super::retweet_text("Retweeted it yesterday (@Iberia): sorry"),
            None
        );
        assert_eq!(super::retweet_text("I retweeted @Iberia"), None);
        assert_eq!(super::retweet_text("RT if you agree"), None);
    }

    use super::*;

    #[test]
    fn a_count_is_blank_or_a_number_and_serializes_like_an_option() {
        assert_eq!(std::mem::size_of::<Count>(), 5);
        assert_eq!(Count::default().get(), None);
        assert_eq!(Count::from(0).get(), Some(0));
        assert_eq!(Count::from(255).get(), Some(255));
        assert_eq!(Count::from(4_294_967_296).get(), Some(4_294_967_296));
        assert_eq!(Count::from(999_999_999_999).get(), Some(999_999_999_999));
        assert_eq!(Count::new(Some(Count::MAX)).get(), Some(1_099_511_627_774));
        assert_eq!(Count::new(Some(Count::MAX + 1)), Count::NONE);
        assert_eq!(Count::new(Some(u64::MAX)), Count::NONE);
        assert_eq!(Count::NONE.or(Count::from(7)), Count::from(7));
        assert_eq!(Count::from(0).or(Count::from(7)), Count::from(0));
        assert_eq!(format!("{:?}", Count::from(3)), "Some(3)");
        let json = serde_json::to_string(&[Count::from(42), Count::NONE]).unwrap();
        assert_eq!(json, "[42,null]");
        let back: Vec<Count> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, [Count::from(42), Count::NONE]);
    }

    #[test]
    fn publications_by_the_labels_of_brandwatch_talkwalker_and_meltwater() {
        let publication = |label: &str| is_publication(&canonical_platform(label));
        for label in [
            "news",
            "ONLINENEWS_NEWSPAPER",
            "Online News",
            "Blogs",
            "BLOG_OTHER",
            "Print",
            "Broadcast",
            "Podcasts",
            "TV",
            "Radio",
        ] {
            assert!(publication(label), "{label}");
        }
        for label in [
            "twitter",
            "SOCIALMEDIA_TWITTER",
            "Forums",
            "review",
            "reddit",
            "tiktok",
        ] {
            assert!(!publication(label), "{label}");
        }
    }

    #[test]
    fn an_x_status_address_is_kept_as_its_host_and_rebuilt_exactly() {
        let mut m = Mention::new("2031158326591229952", Timestamp::UNIX_EPOCH, "");
        m.author = Some("reed_Olivia127".into());
        for url in [
            "https://x.com/reed_Olivia127/status/2031158326591229952",
            "https://twitter.com/reed_Olivia127/status/2031158326591229952",
        ] {
            m.set_url(Some(url.to_string()));
            assert_eq!((m.url.as_deref(), m.status_url.is_some()), (None, true));
            assert_eq!(m.url().as_deref(), Some(url));
        }
        // Anything else is kept as written: another spelling of the author, a query, another
        // scheme or host, another post's id.
        for url in [
            "https://x.com/reed_olivia127/status/2031158326591229952",
            "https://x.com/reed_Olivia127/status/2031158326591229952?s=20",
            "http://twitter.com/reed_Olivia127/status/2031158326591229952",
            "https://mobile.twitter.com/reed_Olivia127/status/2031158326591229952",
            "https://x.com/reed_Olivia127/status/1",
            "https://x.com/reed_Olivia127/status/20311583265912299521",
        ] {
            m.set_url(Some(url.to_string()));
            assert_eq!((m.url.as_deref(), m.status_url), (Some(url), None));
            assert_eq!(m.url().as_deref(), Some(url));
        }
        m.author = None;
        let url = "https://x.com//status/2031158326591229952";
        m.set_url(Some(url.to_string()));
        assert_eq!((m.url.as_deref(), m.status_url), (Some(url), None));
        m.set_url(None);
        assert_eq!(m.url(), None);
    }

    #[test]
    fn a_sentiment_takes_one_byte_and_reads_back() {
        let all = [None].into_iter().chain(Sentiment::ALL.map(Some));
        for (code, sentiment) in all.enumerate() {
            assert_eq!(Sentiment::code(sentiment), code as u8);
            assert_eq!(Sentiment::from_code(code as u8), Some(sentiment));
        }
        assert_eq!(Sentiment::from_code(4), None);
    }

    #[test]
    fn a_hash32_gives_the_table_its_bits_in_both_halves() {
        let h = Hash32::of("anna");
        assert_eq!(h, Hash32::of("anna"));
        assert_ne!(h, Hash32::of("anne"));
        let table = h.table();
        assert_eq!((table >> 32) as u32, table as u32);
        assert_eq!(table as u32, h.0);
    }

    #[test]
    fn languages_are_read_by_code_or_name_and_listed_in_declaration_order() {
        // Analysis indexes its lexicons by `language as usize` and breaks ties in `ALL` order.
        for (i, language) in Language::ALL.into_iter().enumerate() {
            assert_eq!(language as usize, i);
            assert_eq!(Language::from_name(language.code()), Some(language));
        }
        assert_eq!(Language::from_name(" ENG "), Some(Language::En));
        assert_eq!(Language::from_name("Italiano"), Some(Language::It));
        assert_eq!(Language::from_name("español"), Some(Language::Es));
        assert_eq!(Language::from_name("POL"), Some(Language::Pl));
        assert_eq!(Language::from_name("fr"), None);
        assert_eq!(Language::from_name(""), None);
    }

    #[test]
    fn an_opt_index_is_a_position_or_none_in_four_bytes() {
        assert_eq!(std::mem::size_of::<OptIndex>(), 4);
        assert_eq!(OptIndex::default().get(), None);
        assert_eq!(OptIndex::new(None), OptIndex::NONE);
        assert_eq!(OptIndex::some(0).get(), Some(0));
        assert_eq!(
            OptIndex::some(MAX_MENTIONS - 1).get(),
            Some(MAX_MENTIONS - 1)
        );
        assert!(OptIndex::some(3).is_some() && OptIndex::NONE.is_none());
        assert_eq!(format!("{:?}", OptIndex::some(3)), "Some(3)");
    }

    #[test]
    #[should_panic(expected = "MAX_MENTIONS")]
    fn an_opt_index_refuses_the_none_value_as_a_position() {
        let _ = OptIndex::some(MAX_MENTIONS);
    }
}
