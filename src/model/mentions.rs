//! The mentions of an incident as ingest hands them to analysis: compact, because a viral
//! incident has millions.
//!
//! What analysis and findings read of a mention at random (time, kind, parent, author, reach)
//! is a [`Row`]. Authors, which repeat, are stored once per distinct handle, name and id, and a
//! row holds a 4-byte reference. The rest is read only by passes over the whole incident and
//! for the posts a report quotes, and is kept out of memory: texts, addresses, titles and
//! hashtags in a [`TextStore`] (the reposts of a post share one record), interaction counts,
//! language, country, the export's sentiment, the source line and the thread id in a
//! [`DetailStore`]. A
//! [`MentionView`] puts them back together for one mention.

use std::borrow::Cow;
use std::io;
use std::ops::{Deref, Index};
use std::sync::{Arc, Mutex};

use arcstr::ArcStr;
use compact_str::CompactString;
use jiff::Timestamp;
use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use ustr::Ustr;

use super::authors::{Author, AuthorRef, Authors, Field};
use super::details::{DetailStore, Details};
use super::ids::{IdRef, Ids};
use super::texts::{NewTexts, TextRef, TextStore, Texts};
use super::{status_address, Count, Kind, Mention, StatusHost};

/// What is read of a mention at random; see [`Mention`] for what each field means. Ids are
/// [`IdRef`]s (their text is in [`Mentions::ids`]); the time is [`Row::timestamp`]; the author,
/// the texts and the [`Details`] are references, read through a [`MentionView`].
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: IdRef,
    /// Nanoseconds since 1970 (`i64` holds 1678 to 2262; [`Mentions::push`] refuses others).
    at: i64,
    pub platform: Option<Ustr>,
    pub followers: Count,
    pub reach: Count,
    pub kind: Kind,
    /// The post this one replies to, quotes or reposts; `NONE` when the export names none.
    pub parent: IdRef,
    pub is_brand: Option<bool>,
    author: AuthorRef,
    texts: TextRef,
    /// The number of the mention's record in the [`DetailStore`].
    details: u32,
    status_url: Option<StatusHost>,
    /// Which texts and details the records hold ([`HAS_TEXT`], …): a duplicate can fill the
    /// gaps without the records being read.
    has: u16,
}

impl Row {
    /// The author's number among the incident's distinct authors (see [`AuthorRef`]).
    pub fn author_ref(&self) -> AuthorRef {
        self.author
    }

    /// The mention's reach as analysis counts it: the export's reach, else the author's
    /// followers.
    pub fn reach_or_followers(&self) -> Count {
        self.reach.or(self.followers)
    }

    /// The instant the post was published, in nanoseconds since 1970: 8 bytes where a
    /// `Timestamp` takes 16 (see also [`Mentions::times`]).
    pub fn at_nanos(&self) -> i64 {
        self.at
    }

    /// The instant the post was published, in UTC.
    pub fn timestamp(&self) -> Timestamp {
        instant(self.at)
    }
}

/// The instant of a time as rows keep it, in nanoseconds since 1970 ([`Row::at_nanos`]).
///
/// # Panics
/// For a number no row holds: rows are stored from valid timestamps.
pub fn instant(nanos: i64) -> Timestamp {
    Timestamp::from_nanosecond(i128::from(nanos)).expect("stored from a valid timestamp")
}

/// The mentions' times in nanoseconds since 1970 ([`Row::at_nanos`]), indexed by position:
/// read from the rows, where a column of their own would take 8 more bytes a mention.
#[derive(Debug, Clone, Copy)]
pub struct Times<'a>(&'a [Row]);

impl<'a> Times<'a> {
    pub fn iter(self) -> impl Iterator<Item = i64> + 'a {
        self.0.iter().map(|row| row.at)
    }
}

impl Index<usize> for Times<'_> {
    type Output = i64;

    fn index(&self, index: usize) -> &i64 {
        &self.0[index].at
    }
}

const HAS_TEXT: u16 = 1;
const HAS_URL: u16 = 1 << 1;
const HAS_TITLE: u16 = 1 << 2;
const HAS_HASHTAGS: u16 = 1 << 3;
const TEXT_BITS: u16 = HAS_TEXT | HAS_URL | HAS_TITLE | HAS_HASHTAGS;
/// [`detail_bits`]' bit for the thread, the last of the details it lists.
const HAS_THREAD: u16 = 1 << 13;

fn has_bits(text: bool, url: bool, title: bool, hashtags: bool) -> u16 {
    [
        (text, HAS_TEXT),
        (url, HAS_URL),
        (title, HAS_TITLE),
        (hashtags, HAS_HASHTAGS),
    ]
    .into_iter()
    .filter(|(has, _)| *has)
    .fold(0, |bits, (_, bit)| bits | bit)
}

/// Which of the details a duplicate may fill are present, as bits from `1 << 4` on.
fn detail_bits(d: &Details) -> u16 {
    [
        d.likes.is_some(),
        d.shares.is_some(),
        d.comments.is_some(),
        d.quotes.is_some(),
        d.views.is_some(),
        d.engagement.is_some(),
        d.language.is_some(),
        d.country.is_some(),
        d.sentiment.is_some(),
        d.thread.is_some(),
    ]
    .into_iter()
    .enumerate()
    .filter(|(_, present)| *present)
    .fold(0, |bits, (k, _)| bits | 1 << (4 + k))
}

/// Gives each blank field of `$kept` the value of the same field of `$other`, if it has one.
macro_rules! fill_blanks {
    ($kept:expr, $other:expr; $($field:ident),*) => {
        $(
            if $kept.$field.is_none() && $other.$field.is_some() {
                $kept.$field = $other.$field;
            }
        )*
    };
}

/// `kept` with its blank details taken from `other`.
fn fill_details(mut kept: Details, other: &Details) -> Details {
    fill_blanks!(kept, other; likes, shares, comments, quotes, views, engagement, language,
        country, sentiment, thread);
    kept
}

/// The details of a mention as ingest made it, with its thread id interned as `thread`.
fn details_of(m: &Mention, thread: IdRef) -> Details {
    Details {
        likes: m.likes,
        shares: m.shares,
        comments: m.comments,
        quotes: m.quotes,
        views: m.views,
        engagement: m.engagement,
        language: m.language,
        country: m.country,
        sentiment: m.sentiment,
        timezone_assumed: m.timezone_assumed,
        source: m.source,
        thread,
    }
}

/// A number worked out once for each distinct author ([`AuthorRef`]) and then read back:
/// passes over every mention look an author's key up once, not once per mention (an array
/// access instead of a hashed name). Four bytes an author.
pub struct AuthorMemo(Vec<u32>);

impl AuthorMemo {
    /// A code a caller may give for "no value" (`u32::MAX` is the memo's own "not yet").
    pub const NOTHING: u32 = u32::MAX - 1;
    const NOT_YET: u32 = u32::MAX;

    pub fn new(mentions: &Mentions) -> AuthorMemo {
        AuthorMemo(vec![AuthorMemo::NOT_YET; mentions.author_count()])
    }

    /// The number of `author`, from `work` the first time it is asked for; `None` for no
    /// author (`AuthorRef::NONE`), where there is nothing to remember.
    pub fn get_or(&mut self, author: AuthorRef, work: impl FnOnce() -> u32) -> Option<u32> {
        let slot = &mut self.0[author.get()?];
        if *slot == AuthorMemo::NOT_YET {
            *slot = work();
        }
        Some(*slot)
    }
}

/// A mention as it was before a duplicate filled its gaps ([`Mentions::fill_gaps`]): its row,
/// and its details when they changed (they change in place).
#[derive(Debug, Clone, PartialEq)]
pub struct Before {
    row: Row,
    details: Option<Details>,
}

/// The mentions of an incident; see the module documentation. Positions (`0..len()`) are what
/// analysis and findings refer to mentions by.
#[derive(Debug, Default)]
pub struct Mentions {
    rows: Vec<Row>,
    ids: Ids,
    authors: Authors,
    texts: TextStore,
    details: DetailStore,
    /// The first error met reading texts or details back (see [`Mentions::check`]).
    read_error: Mutex<Option<io::Error>>,
}

/// The texts of one mention, owned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OwnedTexts {
    pub text: String,
    /// The address, the platform's own status address included.
    pub url: Option<String>,
    pub title: Option<String>,
    pub hashtags: Vec<CompactString>,
}

impl Mentions {
    /// Mentions in the given order, as they are (no de-duplication): for tests and tools that
    /// build mentions themselves.
    pub fn from_mentions(mentions: impl IntoIterator<Item = Mention>) -> io::Result<Mentions> {
        let mut all = Mentions::default();
        for m in mentions {
            all.push(m)?;
        }
        Ok(all)
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Room for `additional` more mentions.
    pub fn reserve(&mut self, additional: usize) -> Result<(), std::collections::TryReserveError> {
        self.rows.try_reserve(additional)
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The mentions' times, by position.
    pub fn times(&self) -> Times<'_> {
        Times(&self.rows)
    }

    /// How many distinct authors (handle, name and id) were stored: the mentions' authors
    /// and those of any file rolled back. [`AuthorRef`]s are below it.
    pub fn author_count(&self) -> usize {
        self.authors.len()
    }

    /// The ids of the incident's posts: read an [`IdRef`] back as text with it.
    #[cfg(test)]
    pub fn ids(&self) -> &Ids {
        &self.ids
    }

    /// The reference of `id`, storing it if it is new: ingest's de-duplication looks ids up
    /// before it keeps a mention.
    pub fn intern_id(&mut self, id: &str) -> IdRef {
        self.ids.intern(id)
    }

    /// Mention `index`.
    ///
    /// # Panics
    /// When `index` is not below [`Mentions::len`].
    pub fn get(&self, index: usize) -> MentionView<'_> {
        assert!(
            index < self.rows.len(),
            "mention {index} of {}",
            self.rows.len()
        );
        MentionView {
            mentions: self,
            index,
        }
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = MentionView<'_>> + Clone + '_ {
        (0..self.rows.len()).map(|index| MentionView {
            mentions: self,
            index,
        })
    }

    /// Keeps a mention at the end. Fails only when its texts cannot be stored (the temporary
    /// file cannot be written).
    pub fn push(&mut self, m: Mention) -> io::Result<()> {
        let id = self.ids.intern(&m.id);
        self.push_as(m, id)
    }

    /// [`Mentions::push`] for a mention whose id was interned already (`id`, from
    /// [`Mentions::intern_id`]).
    pub fn push_as(&mut self, m: Mention, id: IdRef) -> io::Result<()> {
        let row = self.row_of(m, id)?;
        self.rows.push(row);
        Ok(())
    }

    fn row_of(&mut self, m: Mention, id: IdRef) -> io::Result<Row> {
        let at = i64::try_from(m.timestamp.as_nanosecond()).map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("time {} is outside 1678 – 2262", m.timestamp),
            )
        })?;
        let url = m.url.as_deref();
        let title = m.title.as_deref();
        let thread = self.optional_id(m.thread_id.as_deref());
        let details = details_of(&m, thread);
        let has = has_bits(
            !m.text.is_empty(),
            url.is_some(),
            title.is_some(),
            !m.hashtags.is_empty(),
        ) | detail_bits(&details);
        let details = self.details.push(&details)?;
        let texts = self.texts.push(NewTexts {
            text: &m.text,
            url,
            title,
            hashtags: &m.hashtags,
        })?;
        let author = self.authors.intern(Author {
            handle: m.author.as_deref(),
            name: m.author_name.as_deref(),
            id: m.author_id.as_deref(),
        });
        let parent = self.optional_id(m.parent_id.as_deref());
        Ok(Row {
            id,
            at,
            platform: m.platform,
            followers: m.followers,
            reach: m.reach,
            kind: m.kind,
            parent,
            is_brand: m.is_brand,
            author,
            texts,
            details,
            status_url: m.status_url,
            has,
        })
    }

    /// A parent or thread id; blank ones are none.
    fn optional_id(&mut self, id: Option<&str>) -> IdRef {
        match id.map(str::trim).filter(|id| !id.is_empty()) {
            Some(id) => self.ids.intern(id),
            None => IdRef::NONE,
        }
    }

    /// Forgets the mentions from position `len` on. (Their texts stay in the store, unread.)
    pub fn truncate(&mut self, len: usize) {
        self.rows.truncate(len);
    }

    /// Puts back a mention as it was before [`Mentions::fill_gaps`] changed it. A details
    /// record that cannot be written back is reported by [`Mentions::check`].
    pub fn restore(&mut self, index: usize, before: Before) {
        if let Some(details) = before.details {
            if let Err(e) = self.details.set(before.row.details, &details) {
                self.record(e);
            }
        }
        self.rows[index] = before.row;
    }

    /// A duplicate can still carry what the kept copy lacks (one export has the text, another
    /// the time and metrics): its fields fill the kept mention's empty ones. Gives back the row
    /// as it was when something was filled, so that it can be restored.
    pub fn fill_gaps(&mut self, index: usize, other: Mention) -> io::Result<Option<Before>> {
        // The row is filled in a copy and put in place at the end, and of the stores only the
        // details change in place, last: a failure (the temporary file) leaves the mention as
        // it was, so that a file rolled back takes all of its fillings back.
        let before = self.rows[index].clone();
        let mut kept = before.clone();
        // The other's address may be rebuilt from its author and id; the kept address is
        // compared as stored, since it may be rebuilt from the kept author.
        let kept_has_url = kept.has & HAS_URL != 0 || kept.status_url.is_some();
        let other_url = (!kept_has_url)
            .then(|| other.url().map(Cow::into_owned))
            .flatten();
        fill_blanks!(kept, other; platform, followers, reach, is_brand);
        if kept.parent.is_none() {
            kept.parent = self.optional_id(other.parent_id.as_deref());
            if kept.parent.is_some() {
                kept.kind = other.kind;
            }
        }
        // "Original" is also what a row that says nothing of its kind is read as: the copy whose
        // text shows a repost ("RT @…"), or whose flags show a reply, knows better.
        if kept.kind == Kind::Original {
            kept.kind = other.kind;
        }

        let kept_author = self.authors.get(kept.author).unwrap_or_default();
        let merged_author = Author {
            handle: kept_author.handle.or(other.author.as_deref()),
            name: kept_author.name.or(other.author_name.as_deref()),
            id: kept_author.id.or(other.author_id.as_deref()),
        };
        if merged_author != kept_author {
            // Owned: the kept author is borrowed from the table the merged one goes into.
            let [handle, name, id] = [merged_author.handle, merged_author.name, merged_author.id]
                .map(|field| field.map(str::to_string));
            kept.author = self.authors.intern(Author {
                handle: handle.as_deref(),
                name: name.as_deref(),
                id: id.as_deref(),
            });
        }

        let fills_text = kept.has & HAS_TEXT == 0 && !other.text.is_empty();
        let fills_title = kept.has & HAS_TITLE == 0 && other.title.is_some();
        let fills_tags = kept.has & HAS_HASHTAGS == 0 && !other.hashtags.is_empty();
        if fills_text || fills_title || fills_tags || other_url.is_some() {
            let mut buffer = Vec::new();
            let old = self.texts.get(kept.texts, &mut buffer)?;
            let text: ArcStr = if fills_text {
                ArcStr::clone(&other.text)
            } else {
                old.text.into()
            };
            let title: Option<String> = if fills_title {
                other.title.as_deref().map(str::to_string)
            } else {
                old.title.map(str::to_string)
            };
            let hashtags: Arc<[CompactString]> = if fills_tags {
                Arc::clone(&other.hashtags)
            } else {
                old.hashtags().map(CompactString::from).collect()
            };
            // After the author, from whom the address may be rebuilt.
            let (url, status_url) = match other_url {
                Some(url) => {
                    let handle = self.authors.get(kept.author).and_then(|a| a.handle);
                    StatusHost::split(url, handle, &self.ids.text(kept.id))
                }
                None => (old.url.map(str::to_string), kept.status_url),
            };
            // A new record: the old one may be shared, and stays for the mentions that share it.
            kept.texts = self.texts.push(NewTexts {
                text: &text,
                url: url.as_deref(),
                title: title.as_deref(),
                hashtags: &hashtags,
            })?;
            kept.status_url = status_url;
            kept.has = kept.has & !TEXT_BITS
                | has_bits(
                    !text.is_empty(),
                    url.is_some(),
                    title.is_some(),
                    !hashtags.is_empty(),
                );
        }

        // The other's thread is interned only when it can fill a gap.
        let other_thread = if kept.has & HAS_THREAD == 0 {
            self.optional_id(other.thread_id.as_deref())
        } else {
            IdRef::NONE
        };
        let other_details = details_of(&other, other_thread);
        let mut details_before = None;
        if detail_bits(&other_details) & !kept.has != 0 {
            let old = self.details.get(kept.details)?;
            let filled = fill_details(old, &other_details);
            if let Err(e) = self.details.set(kept.details, &filled) {
                // The record may be half written: put the old one back, or say it is damaged.
                if let Err(again) = self.details.set(kept.details, &old) {
                    self.record(again);
                }
                return Err(e);
            }
            details_before = Some(old);
            kept.has = kept.has & TEXT_BITS | detail_bits(&filled);
        }

        let changed = kept != before;
        self.rows[index] = kept;
        Ok(changed.then_some(Before {
            row: before,
            details: details_before,
        }))
    }

    /// Ingest is done: forgets what only appending needed (the shared texts remembered for
    /// later reposts, the index that finds an author already stored).
    pub fn seal(&mut self) {
        self.texts.seal();
        self.authors.seal();
    }

    /// Sorts by (timestamp, id as written). Rows are large, so a list of positions is sorted
    /// and then applied cycle by cycle: each row moves once instead of O(log n) times.
    pub fn sort_by_time(&mut self) {
        let (rows, ids) = (&mut self.rows, &self.ids);
        let mut order: Vec<u32> = (0..u32::try_from(rows.len()).unwrap_or(u32::MAX)).collect();
        order.sort_unstable_by(|&a, &b| {
            let (x, y) = (&rows[a as usize], &rows[b as usize]);
            x.at.cmp(&y.at).then_with(|| ids.cmp(x.id, y.id))
        });
        for start in 0..order.len() {
            let mut current = start;
            loop {
                let next = order[current] as usize;
                order[current] = current as u32;
                if next == start || next == current {
                    break;
                }
                rows.swap(current, next);
                current = next;
            }
        }
    }

    /// Reads every part of [`Mentions::text_parts`] in turn, on one thread.
    pub fn read_texts(&self, mut visit: impl FnMut(&[u32], Texts<'_>)) {
        let parts = self.text_parts();
        for part in 0..parts.len() {
            parts.read(part, &mut visit);
        }
    }

    /// The texts in parts that threads can read in turn, each part the records of one stored
    /// chunk with the mentions that share them. Reading a part gives, record by record in the
    /// order they are stored, the positions of the mentions that share it (the reposts of a post
    /// share theirs; mentions without texts come as one group) and the texts. A read that fails
    /// stops the part and is reported by [`Mentions::check`].
    pub fn text_parts(&self) -> TextParts<'_> {
        let n = u32::try_from(self.rows.len()).unwrap_or(u32::MAX);
        let mut order: Vec<u32> = (0..n).collect();
        // Stable, so the mentions of a record come in position order.
        order.sort_by_key(|&i| self.rows[i as usize].texts);
        // Each distinct record once, with where its mentions start in `order`.
        let mut wanted: Vec<TextRef> = Vec::new();
        let mut starts: Vec<u32> = Vec::new();
        for (k, &i) in order.iter().enumerate() {
            let at = self.rows[i as usize].texts;
            if wanted.last() != Some(&at) {
                wanted.push(at);
                starts.push(k as u32);
            }
        }
        let bounds = self.texts.parts(&wanted);
        TextParts {
            mentions: self,
            order,
            wanted,
            starts,
            bounds,
        }
    }

    /// Calls `f` with the texts of mention `index` (the address as stored: without the
    /// platform's own status address). A read that fails gives empty texts and is reported by
    /// [`Mentions::check`].
    #[cfg(test)]
    pub fn with_texts<R>(&self, index: usize, f: impl FnOnce(Texts<'_>) -> R) -> R {
        let mut buffer = Vec::new();
        match self.texts.get(self.rows[index].texts, &mut buffer) {
            Ok(texts) => f(texts),
            Err(e) => {
                self.record(e);
                f(Texts::default())
            }
        }
    }

    /// The texts of mention `index`. A read that fails gives empty texts and is reported by
    /// [`Mentions::check`].
    pub fn texts(&self, index: usize) -> OwnedTexts {
        self.try_texts(index).unwrap_or_else(|e| {
            self.record(e);
            OwnedTexts::default()
        })
    }

    fn try_texts(&self, index: usize) -> io::Result<OwnedTexts> {
        let row = &self.rows[index];
        let mut buffer = Vec::new();
        let texts = self.texts.get(row.texts, &mut buffer)?;
        let url = match (texts.url, row.status_url) {
            (Some(url), _) => Some(url.to_string()),
            (None, Some(host)) => Some(status_address(
                host,
                self.get(index).author().unwrap_or_default(),
                &self.ids.text(row.id),
            )),
            (None, None) => None,
        };
        Ok(OwnedTexts {
            text: texts.text.to_string(),
            url,
            title: texts.title.map(str::to_string),
            hashtags: texts.hashtags().map(CompactString::from).collect(),
        })
    }

    /// The details of mention `index`. A read that fails gives blank details and is reported
    /// by [`Mentions::check`].
    pub fn details(&self, index: usize) -> Details {
        self.details
            .get(self.rows[index].details)
            .unwrap_or_else(|e| {
                self.record(e);
                Details::default()
            })
    }

    /// Reads every mention's details once, in the order they are stored: `visit` gets each
    /// mention's position and details. A read that fails stops the pass and is reported by
    /// [`Mentions::check`].
    pub fn read_details(&self, mut visit: impl FnMut(usize, Details)) {
        // Records a failed file left behind belong to no mention.
        let mut position_of = vec![u32::MAX; self.details.len() as usize];
        for (i, row) in self.rows.iter().enumerate() {
            position_of[row.details as usize] = i as u32;
        }
        let result = self.details.for_each(|number, details| {
            if let Some(&position) = position_of.get(number as usize).filter(|p| **p != u32::MAX) {
                visit(position as usize, details);
            }
        });
        if let Err(e) = result {
            self.record(e);
        }
    }

    fn record(&self, error: io::Error) {
        if let Ok(mut slot) = self.read_error.lock() {
            slot.get_or_insert(error);
        }
    }

    /// Whether every text read back so far could be read: a failure (the temporary file
    /// damaged or gone) means figures or quotes are missing, and the build must fail.
    pub fn check(&self) -> io::Result<()> {
        match self.read_error.lock() {
            Ok(slot) => match slot.as_ref() {
                None => Ok(()),
                Some(e) => Err(io::Error::new(e.kind(), e.to_string())),
            },
            Err(_) => Err(super::spill::poisoned()),
        }
    }

    /// Mention `index` whole, as ingest made it.
    pub fn to_mention(&self, index: usize) -> io::Result<Mention> {
        let row = &self.rows[index];
        let texts = self.try_texts(index)?;
        let details = self.details.get(row.details)?;
        let author = self.authors.get(row.author).unwrap_or_default();
        let mut m = Mention::new(self.ids.text(row.id), row.timestamp(), texts.text);
        m.timezone_assumed = details.timezone_assumed;
        m.platform = row.platform;
        m.author = author.handle.map(Into::into);
        m.author_name = author.name.map(Into::into);
        m.author_id = author.id.map(Into::into);
        m.followers = row.followers;
        m.set_url(texts.url);
        m.title = texts.title.map(Into::into);
        m.likes = details.likes;
        m.shares = details.shares;
        m.comments = details.comments;
        m.quotes = details.quotes;
        m.views = details.views;
        m.reach = row.reach;
        m.engagement = details.engagement;
        m.sentiment = details.sentiment;
        m.language = details.language;
        m.country = details.country;
        m.kind = row.kind;
        m.parent_id = row
            .parent
            .is_some()
            .then(|| self.ids.text(row.parent).into());
        m.thread_id = details
            .thread
            .is_some()
            .then(|| self.ids.text(details.thread).into());
        if !texts.hashtags.is_empty() {
            m.hashtags = texts.hashtags.into();
        }
        m.is_brand = row.is_brand;
        m.source = details.source;
        Ok(m)
    }

    /// Every mention whole, in order.
    pub fn to_vec(&self) -> io::Result<Vec<Mention>> {
        (0..self.len()).map(|i| self.to_mention(i)).collect()
    }
}

/// The mentions serialize as the list of whole [`Mention`]s, in order: the same data as before
/// the store kept it compactly. A text that cannot be read back is an error.
impl Serialize for Mentions {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut list = serializer.serialize_seq(Some(self.len()))?;
        for i in 0..self.len() {
            let mention = self.to_mention(i).map_err(serde::ser::Error::custom)?;
            list.serialize_element(&mention)?;
        }
        list.end()
    }
}

/// Reads the list [`Serialize`] writes, keeping the mentions as they come.
impl<'de> Deserialize<'de> for Mentions {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Mentions, D::Error> {
        let list = Vec::<Mention>::deserialize(deserializer)?;
        Mentions::from_mentions(list).map_err(serde::de::Error::custom)
    }
}

impl Index<usize> for Mentions {
    type Output = Row;

    fn index(&self, index: usize) -> &Row {
        &self.rows[index]
    }
}

/// The texts of an incident in parts, from [`Mentions::text_parts`].
pub struct TextParts<'m> {
    mentions: &'m Mentions,
    /// Positions, ordered by their record.
    order: Vec<u32>,
    /// Each record once, in the order they are stored.
    wanted: Vec<TextRef>,
    /// Where each record's mentions start in `order`.
    starts: Vec<u32>,
    /// Where each part starts in `wanted`, and where the last ends.
    bounds: Vec<usize>,
}

impl TextParts<'_> {
    pub fn len(&self) -> usize {
        self.bounds.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Reads part `part`: `visit` gets the positions of the mentions that share each record of
    /// it, and the record. A read that fails stops the part and is reported by
    /// [`Mentions::check`].
    pub fn read(&self, part: usize, mut visit: impl FnMut(&[u32], Texts<'_>)) {
        let (first, end) = (self.bounds[part], self.bounds[part + 1]);
        let result = self
            .mentions
            .texts
            .read_in_order(&self.wanted[first..end], |g, texts| {
                let g = first + g;
                let from = self.starts[g] as usize;
                let to = self
                    .starts
                    .get(g + 1)
                    .map_or(self.order.len(), |s| *s as usize);
                visit(&self.order[from..to], texts);
            });
        if let Err(e) = result {
            self.mentions.record(e);
        }
    }
}

/// One mention: its [`Row`] (through `Deref`), its author and, read on demand, its texts and
/// details. Two words: findings hold one per post in some lists.
#[derive(Clone, Copy)]
pub struct MentionView<'a> {
    mentions: &'a Mentions,
    index: usize,
}

impl std::fmt::Debug for MentionView<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MentionView")
            .field("row", self.row())
            .field("author", &self.mentions.authors.get(self.row().author))
            .finish()
    }
}

impl<'a> Deref for MentionView<'a> {
    type Target = Row;

    fn deref(&self) -> &Row {
        self.row()
    }
}

impl<'a> MentionView<'a> {
    pub fn row(&self) -> &'a Row {
        &self.mentions.rows[self.index]
    }

    /// The mention's position.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The id as written.
    pub fn id(&self) -> Cow<'a, str> {
        self.mentions.ids.text(self.row().id)
    }

    /// Whether the export names a post this one replies to, quotes or reposts.
    pub fn has_parent(&self) -> bool {
        self.row().parent.is_some()
    }

    /// Author handle without a leading `@`.
    pub fn author(&self) -> Option<&'a str> {
        self.mentions
            .authors
            .field(self.row().author, Field::Handle)
    }

    /// Author display name.
    pub fn author_name(&self) -> Option<&'a str> {
        self.mentions.authors.field(self.row().author, Field::Name)
    }

    pub fn author_id(&self) -> Option<&'a str> {
        self.mentions.authors.field(self.row().author, Field::Id)
    }

    /// Where the texts are stored: mentions that share one copy of their texts (the reposts
    /// of a post) have the same reference.
    pub fn texts_ref(&self) -> TextRef {
        self.row().texts
    }

    /// The texts, read from the store (see [`Mentions::texts`]).
    pub fn texts(&self) -> OwnedTexts {
        self.mentions.texts(self.index)
    }

    /// The details, read from the store (see [`Mentions::details`]).
    pub fn details(&self) -> Details {
        self.mentions.details(self.index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Provenance;

    fn at(second: i64) -> Timestamp {
        Timestamp::from_second(1_773_309_600 + second).unwrap()
    }

    fn full(id: &str, second: i64) -> Mention {
        let mut m = Mention::new(id, at(second), format!("text of {id}"));
        m.author = Some("anna".into());
        m.author_name = Some("Anna".into());
        m.platform = Some("twitter".into());
        m.hashtags = ["guitar".into()].into();
        m.title = Some("A title".into());
        m.likes = Count::from(3);
        m.parent_id = Some("1".into());
        m.kind = Kind::Reply;
        m.source = Provenance { file: 1, line: 7 };
        m
    }

    #[test]
    fn a_mention_comes_back_whole() {
        let mut m = full("2031158326591229952", 0);
        m.set_url(Some(
            "https://x.com/anna/status/2031158326591229952".to_string(),
        ));
        let other = full("2", 5);
        let mentions = Mentions::from_mentions([m.clone(), other.clone()]).unwrap();
        assert_eq!(mentions.to_vec().unwrap(), [m, other]);
        let view = mentions.get(0);
        assert_eq!(
            (view.author(), view.author_name()),
            (Some("anna"), Some("Anna"))
        );
        assert_eq!(view.author_ref(), mentions.get(1).author_ref());
        assert_eq!(
            view.texts().url.as_deref(),
            Some("https://x.com/anna/status/2031158326591229952")
        );
        assert_eq!(mentions.get(1).texts().text, "text of 2");
        assert!(mentions.check().is_ok());
    }

    #[test]
    fn mentions_serialize_as_the_list_of_mentions() {
        let mut m = full("2031158326591229952", 0);
        m.set_url(Some(
            "https://x.com/anna/status/2031158326591229952".to_string(),
        ));
        let list = vec![m, full("7", 9)];
        let mentions = Mentions::from_mentions(list.clone()).unwrap();
        let json = serde_json::to_string(&mentions).unwrap();
        assert_eq!(json, serde_json::to_string(&list).unwrap());
        let back: Mentions = serde_json::from_str(&json).unwrap();
        assert_eq!(back.to_vec().unwrap(), list);
    }

    #[test]
    fn an_author_memo_works_each_author_out_once() {
        let mut anonymous = full("3", 2);
        anonymous.author = None;
        anonymous.author_name = None;
        let mentions = Mentions::from_mentions([full("1", 0), full("2", 1), anonymous]).unwrap();
        let mut memo = AuthorMemo::new(&mentions);
        let mut worked = 0;
        let got: Vec<Option<u32>> = mentions
            .iter()
            .map(|m| {
                memo.get_or(m.author_ref(), || {
                    worked += 1;
                    7
                })
            })
            .collect();
        assert_eq!(got, [Some(7), Some(7), None]);
        assert_eq!(worked, 1, "one author, worked out once");
    }

    #[test]
    fn a_duplicate_fills_only_the_gaps_and_can_be_taken_back() {
        let mut kept = Mention::new("7", at(0), "");
        kept.author = Some("anna".into());
        kept.likes = Count::from(1);
        let mut mentions = Mentions::from_mentions([kept.clone()]).unwrap();
        let mut other = full("7", 9);
        other.author = Some("someone".into());
        other.likes = Count::from(99);
        other.set_url(Some("https://x.com/anna/status/7".to_string()));
        other.thread_id = Some("conversation-1".into());
        let before = mentions.fill_gaps(0, other).unwrap().expect("filled");
        let got = mentions.to_mention(0).unwrap();
        // Kept: its time, author and likes; filled: name, text, title, hashtags, parent, kind,
        // platform, and the address, which is this author's own status address.
        assert_eq!(got.timestamp, at(0));
        assert_eq!(got.author.as_deref(), Some("anna"));
        assert_eq!(got.author_name.as_deref(), Some("Anna"));
        assert_eq!(got.likes, Count::from(1));
        assert_eq!(&*got.text, "text of 7");
        assert_eq!(got.title.as_deref(), Some("A title"));
        assert_eq!(&*got.hashtags, [CompactString::from("guitar")]);
        assert_eq!(
            (got.parent_id.as_deref(), got.kind),
            (Some("1"), Kind::Reply)
        );
        assert_eq!(got.url().as_deref(), Some("https://x.com/anna/status/7"));
        assert_eq!(got.thread_id.as_deref(), Some("conversation-1"));
        assert!(mentions[0].status_url.is_some());
        // A thread, once there, is kept.
        let mut third = Mention::new("7", at(0), "");
        third.thread_id = Some("conversation-2".into());
        assert_eq!(mentions.fill_gaps(0, third).unwrap(), None);
        assert_eq!(
            mentions.to_mention(0).unwrap().thread_id.as_deref(),
            Some("conversation-1")
        );
        mentions.restore(0, before);
        assert_eq!(mentions.to_mention(0).unwrap(), kept);
        // Nothing to fill: nothing changes.
        let same = kept.clone();
        assert_eq!(mentions.fill_gaps(0, same).unwrap(), None);
    }

    /// One export has the ids and times only, another the texts: the copy whose text shows a
    /// repost makes the merged mention a repost (it was read as an original for lack of a
    /// kind), so it is not counted as a post calling for an answer.
    #[test]
    fn a_duplicate_tells_the_kind_the_kept_copy_could_not() {
        let bare = Mention::new("7", at(0), "");
        let mut mentions = Mentions::from_mentions([bare.clone()]).unwrap();
        let mut repost = Mention::new("7", at(0), "RT @anna: the text");
        repost.kind = Kind::Repost;
        assert!(mentions.fill_gaps(0, repost).unwrap().is_some());
        assert_eq!(mentions.to_mention(0).unwrap().kind, Kind::Repost);
        // A kind the kept copy knows is kept: a reply stays a reply.
        let mut reply = Mention::new("8", at(0), "");
        reply.kind = Kind::Reply;
        let mut mentions = Mentions::from_mentions([reply]).unwrap();
        let mut other = Mention::new("8", at(0), "RT @anna: the text");
        other.kind = Kind::Repost;
        mentions.fill_gaps(0, other).unwrap();
        assert_eq!(mentions.to_mention(0).unwrap().kind, Kind::Reply);
    }

    /// Enough mentions that both stores write chunks to the temporary file, with reposts that
    /// share texts and duplicates that fill gaps in mentions already on disk: every mention
    /// reads back whole, and each pass visits each mention once.
    #[test]
    fn a_large_incident_reads_back_whole_from_memory_and_disk() {
        let n = 70_000usize;
        let shared: Vec<ArcStr> = (0..50)
            .map(|k| ArcStr::from(format!("RT @anna: post {k} {}", "ż".repeat(30))))
            .collect();
        let mut expected = Vec::with_capacity(n);
        let mut mentions = Mentions::default();
        for i in 0..n {
            let mut m = Mention::new(format!("{}", 1_000_000 + i), at(i as i64), "");
            if i % 3 == 0 {
                m.kind = Kind::Repost;
                m.text = ArcStr::clone(&shared[i % 50]);
            } else {
                m.text = format!("own words {i} {}", "x".repeat(60 + i % 100)).into();
                m.likes = Count::from(i as u64);
                m.language = Some(if i % 2 == 0 { "en" } else { "pl" }.into());
            }
            m.author = Some(format!("user{}", i % 900).into());
            m.source = Provenance {
                file: 0,
                line: i as u32 + 2,
            };
            expected.push(m.clone());
            mentions.push(m).unwrap();
        }
        // Duplicates fill gaps of early mentions, whose records are on disk by now.
        for i in [1usize, 4, 7] {
            let mut other = expected[i].clone();
            other.country = Some("PL".into());
            other.title = Some("A title".into());
            mentions.fill_gaps(i, other).unwrap().expect("filled");
            expected[i].country = Some("PL".into());
            expected[i].title = Some("A title".into());
        }
        mentions.seal();
        assert!(mentions.texts.size_on_disk() > 0 && mentions.details.size_on_disk() > 0);
        assert_eq!(mentions.to_vec().unwrap(), expected);
        let mut texts_seen = vec![0u8; n];
        mentions.read_texts(|positions, texts| {
            for &i in positions {
                texts_seen[i as usize] += 1;
                assert_eq!(texts.text, &*expected[i as usize].text, "mention {i}");
            }
        });
        // In parts, in any order (as two threads take them): the same visits.
        let parts = mentions.text_parts();
        assert!(parts.len() >= 2, "{} parts", parts.len());
        let mut in_parts = vec![0u8; n];
        for part in (0..parts.len()).rev() {
            parts.read(part, |positions, _| {
                positions.iter().for_each(|&i| in_parts[i as usize] += 1);
            });
        }
        assert_eq!(in_parts, texts_seen);
        let mut details_seen = vec![0u8; n];
        mentions.read_details(|i, details| {
            details_seen[i] += 1;
            assert_eq!(details.likes, expected[i].likes, "mention {i}");
            assert_eq!(details.country, expected[i].country, "mention {i}");
        });
        assert!(texts_seen
            .iter()
            .chain(&details_seen)
            .all(|seen| *seen == 1));
        mentions.check().unwrap();
    }

    #[test]
    fn texts_are_read_once_per_record_with_every_mention_that_shares_it() {
        let shared = ArcStr::from("RT @anna: my guitar");
        let mut all = Vec::new();
        for (i, id) in ["a", "b", "c", "d"].into_iter().enumerate() {
            let mut m = Mention::new(id, at(i as i64), ArcStr::clone(&shared));
            m.kind = Kind::Repost;
            all.push(m);
        }
        all.insert(2, Mention::new("own", at(9), "my own words"));
        all.push(Mention::new("empty", at(10), ""));
        let mut mentions = Mentions::from_mentions(all).unwrap();
        mentions.sort_by_time();
        let mut seen = Vec::new();
        mentions.read_texts(|rows, texts| seen.push((rows.to_vec(), texts.text.to_string())));
        seen.sort();
        assert_eq!(
            seen,
            [
                (vec![0, 1, 2, 3], "RT @anna: my guitar".to_string()),
                (vec![4], "my own words".to_string()),
                (vec![5], String::new()),
            ]
        );
    }

    #[test]
    fn sorting_by_time_then_id() {
        let mentions = [(5, "b"), (1, "z"), (5, "a"), (3, "c"), (1, "y"), (9, "q")]
            .into_iter()
            .map(|(t, id)| Mention::new(id, at(t), ""));
        let mut mentions = Mentions::from_mentions(mentions).unwrap();
        mentions.sort_by_time();
        let ids: Vec<String> = mentions.iter().map(|m| m.id().into_owned()).collect();
        assert_eq!(ids, vec!["y", "z", "c", "a", "b", "q"]);
    }

    /// A large export holds millions of rows at once: every byte here is megabytes there
    /// (see docs/performance.md). 64 bytes is also one cache line.
    #[test]
    fn a_row_stays_within_its_memory_budget() {
        assert!(
            std::mem::size_of::<Row>() <= 64,
            "{}",
            std::mem::size_of::<Row>()
        );
    }
}
