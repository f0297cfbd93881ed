//! Where the mentions' texts live: text, address, title and hashtags, the bulk of a mention,
//! which analysis reads once (the text pass) and the report for the few posts it quotes.
//!
//! They are appended as records to a spill (`super::spill`): memory holds at most one chunk
//! of them, the rest is in a temporary file. Records are immutable: a mention whose texts
//! change (a duplicate filling a gap) gets a new record, and records whose content is one
//! shared copy (the reposts of a post) are written once and referred to by every mention that
//! has it.

use std::cell::Cell;
use std::io;
use std::sync::Arc;

use arcstr::ArcStr;
use compact_str::CompactString;
use rustc_hash::FxHashMap;

use super::spill::{corrupt, Spill};

/// Records are written to the file in chunks of about this size. A chunk is also what a
/// sequential read loads at a time.
const CHUNK_BYTES: usize = 4 << 20;
/// How many shared texts the store remembers, to give later holders of a copy the same record.
const SHARED_TEXTS: usize = 1 << 16;

/// Where a mention's record is: its offset in the store, or none when the mention has no text,
/// address, title or hashtags.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TextRef(u64);

impl TextRef {
    pub const NONE: TextRef = TextRef(u64::MAX);

    pub fn is_none(self) -> bool {
        self == TextRef::NONE
    }
}

impl std::fmt::Debug for TextRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_none() {
            f.write_str("TextRef::NONE")
        } else {
            write!(f, "TextRef({})", self.0)
        }
    }
}

/// One mention's texts, borrowed from wherever they are read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Texts<'a> {
    pub text: &'a str,
    /// The address, unless it is the platform's own status address (see `Mention::set_url`).
    pub url: Option<&'a str>,
    pub title: Option<&'a str>,
    /// The export's hashtags, encoded; read them with [`Texts::hashtags`].
    hashtags: Hashtags<'a>,
}

impl<'a> Texts<'a> {
    pub fn hashtags(&self) -> impl Iterator<Item = &'a str> + Clone + 'a {
        self.hashtags.iter()
    }

    pub fn has_hashtags(&self) -> bool {
        self.hashtags.count > 0
    }
}

/// The hashtags of a record, still encoded: a count, then each as a length and its bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Hashtags<'a> {
    count: usize,
    bytes: &'a [u8],
}

impl<'a> Hashtags<'a> {
    fn iter(self) -> impl Iterator<Item = &'a str> + Clone + 'a {
        let mut rest = self.bytes;
        (0..self.count).map_while(move |_| {
            let (tag, after) = take_str(rest).ok()?;
            rest = after;
            Some(tag)
        })
    }
}

/// One mention's texts as they are handed to the store.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NewTexts<'a> {
    pub text: &'a ArcStr,
    pub url: Option<&'a str>,
    pub title: Option<&'a str>,
    pub hashtags: &'a Arc<[CompactString]>,
}

impl NewTexts<'_> {
    fn is_empty(&self) -> bool {
        self.text.is_empty()
            && self.url.is_none()
            && self.title.is_none()
            && self.hashtags.is_empty()
    }
}

/// The texts of an incident's mentions. See the module documentation.
pub(crate) struct TextStore {
    spill: Spill,
    /// Shared texts (the reposts of a post hold one copy) with their hashtags and record, by the
    /// address of the copy. The copy is held here, so no other text can take its address while
    /// the entry exists.
    shared: FxHashMap<usize, (ArcStr, Arc<[CompactString]>, TextRef)>,
}

impl Default for TextStore {
    fn default() -> TextStore {
        TextStore {
            spill: Spill::new(CHUNK_BYTES),
            shared: FxHashMap::default(),
        }
    }
}

impl std::fmt::Debug for TextStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TextStore({:?})", self.spill)
    }
}

impl TextStore {
    /// Bytes of records in the temporary file.
    #[cfg(test)]
    pub fn size_on_disk(&self) -> u64 {
        self.spill.on_disk()
    }

    /// Forgets the shared copies remembered for later holders: once ingest is done, none
    /// will come.
    pub fn seal(&mut self) {
        self.shared = FxHashMap::default();
    }

    /// Keeps a mention's texts; `TextRef::NONE` when there are none. Fails only when the
    /// temporary file cannot be created or written.
    pub fn push(&mut self, texts: NewTexts<'_>) -> io::Result<TextRef> {
        if texts.is_empty() {
            return Ok(TextRef::NONE);
        }
        let shareable = texts.url.is_none() && texts.title.is_none() && !texts.text.is_empty();
        let key = texts.text.as_ptr() as usize;
        if shareable {
            if let Some((_, hashtags, at)) = self.shared.get(&key) {
                if Arc::ptr_eq(hashtags, texts.hashtags)
                    || (hashtags.is_empty() && texts.hashtags.is_empty())
                {
                    return Ok(*at);
                }
            }
        }
        let at = TextRef(self.spill.size());
        encode(self.spill.tail(), &texts);
        if shareable && ArcStr::strong_count(texts.text).is_some_and(|n| n > 1) {
            if self.shared.len() >= SHARED_TEXTS {
                self.shared.clear();
            }
            self.shared.insert(
                key,
                (ArcStr::clone(texts.text), Arc::clone(texts.hashtags), at),
            );
        }
        self.spill.end_record()?;
        Ok(at)
    }

    /// The record at `at`, read into `buffer`.
    pub fn get<'b>(&self, at: TextRef, buffer: &'b mut Vec<u8>) -> io::Result<Texts<'b>> {
        if at.is_none() {
            return Ok(Texts::default());
        }
        // The length first (a varint of at most 10 bytes), then the rest of the record.
        let head = self.spill.room_after(at.0).min(10) as usize;
        buffer.resize(head, 0);
        self.spill.read_at(at.0, buffer)?;
        let (length, used) = read_varint(buffer)?;
        let room = self.spill.room_after(at.0).saturating_sub(used as u64);
        if length > room {
            return Err(corrupt());
        }
        let length = usize::try_from(length).map_err(|_| corrupt())?;
        buffer.resize(length, 0);
        self.spill.read_at(at.0 + used as u64, buffer)?;
        decode(buffer)
    }

    /// Where `wanted` (references in increasing order) splits into parts that are each read
    /// from one stored chunk: the index of each part's first reference, then `wanted.len()`.
    /// References that are `NONE` make a part of their own.
    pub fn parts(&self, wanted: &[TextRef]) -> Vec<usize> {
        let mut bounds = vec![0];
        for end in self.spill.chunk_ends() {
            let split = wanted.partition_point(|w| w.0 < end);
            if split > *bounds.last().unwrap_or(&0) {
                bounds.push(split);
            }
        }
        if wanted.len() > *bounds.last().unwrap_or(&0) {
            bounds.push(wanted.len());
        }
        bounds
    }

    /// Calls `visit` with every record among `wanted` (references in increasing order; a
    /// reference may repeat), reading each stored chunk that holds some of them once, in
    /// order. `visit` receives the position in `wanted` and the record. References that are
    /// `NONE` get empty texts.
    pub fn read_in_order(
        &self,
        wanted: &[TextRef],
        mut visit: impl FnMut(usize, Texts<'_>),
    ) -> io::Result<()> {
        debug_assert!(wanted.windows(2).all(|w| w[0] <= w[1]));
        let next = Cell::new(0);
        self.spill.for_each_chunk(
            |end| wanted.get(next.get()).is_some_and(|w| w.0 < end),
            |start, bytes| {
                next.set(visit_chunk(bytes, start, wanted, next.get(), &mut visit)?);
                Ok(())
            },
        )?;
        // What is left is `NONE`: no record, empty texts.
        for (i, w) in wanted.iter().enumerate().skip(next.get()) {
            if !w.is_none() {
                return Err(corrupt());
            }
            visit(i, Texts::default());
        }
        Ok(())
    }
}

/// Visits the references in `wanted[next..]` that fall in one chunk (`bytes`, which starts at
/// the store's offset `start`); returns the position of the first reference after it.
fn visit_chunk(
    bytes: &[u8],
    start: u64,
    wanted: &[TextRef],
    mut next: usize,
    visit: &mut impl FnMut(usize, Texts<'_>),
) -> io::Result<usize> {
    let end = start + bytes.len() as u64;
    while let Some(w) = wanted.get(next).filter(|w| w.0 < end) {
        let at = usize::try_from(w.0 - start).map_err(|_| corrupt())?;
        let (body, _) = take_bytes(bytes.get(at..).ok_or_else(corrupt)?)?;
        let texts = decode(body)?;
        while wanted.get(next) == Some(w) {
            visit(next, texts);
            next += 1;
        }
    }
    Ok(next)
}

/// A record: its length, a flags byte (address, title, hashtags present), the text, then the
/// address, the title and the hashtags that are present. Lengths are LEB128 varints.
fn encode(out: &mut Vec<u8>, texts: &NewTexts<'_>) {
    let strings = || {
        [Some(texts.text.as_str()), texts.url, texts.title]
            .into_iter()
            .flatten()
            .chain(texts.hashtags.iter().map(|t| t.as_str()))
    };
    let mut length = 1 + strings()
        .map(|s| varint_len(s.len() as u64) + s.len())
        .sum::<usize>();
    if !texts.hashtags.is_empty() {
        length += varint_len(texts.hashtags.len() as u64);
    }
    out.reserve(varint_len(length as u64) + length);
    put_varint(out, length as u64);
    let flags = u8::from(texts.url.is_some())
        | u8::from(texts.title.is_some()) << 1
        | u8::from(!texts.hashtags.is_empty()) << 2;
    out.push(flags);
    put_str(out, texts.text);
    if let Some(url) = texts.url {
        put_str(out, url);
    }
    if let Some(title) = texts.title {
        put_str(out, title);
    }
    if !texts.hashtags.is_empty() {
        put_varint(out, texts.hashtags.len() as u64);
        for tag in texts.hashtags.iter() {
            put_str(out, tag);
        }
    }
}

fn varint_len(value: u64) -> usize {
    (value | 1).ilog2() as usize / 7 + 1
}

fn decode(body: &[u8]) -> io::Result<Texts<'_>> {
    let (&flags, rest) = body.split_first().ok_or_else(corrupt)?;
    let (text, mut rest) = take_str(rest)?;
    let mut optional = |bit: u8| -> io::Result<Option<&str>> {
        if flags & bit == 0 {
            return Ok(None);
        }
        let (value, after) = take_str(rest)?;
        rest = after;
        Ok(Some(value))
    };
    let url = optional(1)?;
    let title = optional(2)?;
    let hashtags = if flags & 4 != 0 {
        let (count, used) = read_varint(rest)?;
        Hashtags {
            count: usize::try_from(count).map_err(|_| corrupt())?,
            bytes: &rest[used..],
        }
    } else {
        Hashtags::default()
    };
    Ok(Texts {
        text,
        url,
        title,
        hashtags,
    })
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn read_varint(bytes: &[u8]) -> io::Result<(u64, usize)> {
    let mut value = 0u64;
    for (i, &b) in bytes.iter().enumerate().take(10) {
        value |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Ok((value, i + 1));
        }
    }
    Err(corrupt())
}

/// A length-prefixed slice and what follows it.
fn take_bytes(bytes: &[u8]) -> io::Result<(&[u8], &[u8])> {
    let (length, used) = read_varint(bytes)?;
    let length = usize::try_from(length).map_err(|_| corrupt())?;
    let rest = &bytes[used..];
    if rest.len() < length {
        return Err(corrupt());
    }
    Ok(rest.split_at(length))
}

fn take_str(bytes: &[u8]) -> io::Result<(&str, &[u8])> {
    let (s, rest) = take_bytes(bytes)?;
    let s = std::str::from_utf8(s).map_err(|_| corrupt())?;
    Ok((s, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(texts: Texts<'_>) -> (String, Option<String>, Option<String>, Vec<String>) {
        (
            texts.text.to_string(),
            texts.url.map(str::to_string),
            texts.title.map(str::to_string),
            texts.hashtags().map(str::to_string).collect(),
        )
    }

    fn push(
        store: &mut TextStore,
        text: &ArcStr,
        url: Option<&str>,
        title: Option<&str>,
        tags: &Arc<[CompactString]>,
    ) -> TextRef {
        store
            .push(NewTexts {
                text,
                url,
                title,
                hashtags: tags,
            })
            .unwrap()
    }

    #[test]
    fn records_read_back_as_written_from_memory_and_from_the_file() {
        let mut store = TextStore::default();
        let none: Arc<[CompactString]> = Arc::default();
        let tags: Arc<[CompactString]> = ["guitar".into(), "fail".into()].into();
        let mut refs = Vec::new();
        // Enough records to fill two chunks and start a third: the first ones are read back
        // from the file, the last from memory.
        let big = "ż".repeat(1000);
        let count = 2 * CHUNK_BYTES / 2000 + 10;
        for i in 0..count {
            let text = ArcStr::from(format!("{i} {big}"));
            let url = (i % 3 == 0).then(|| format!("https://example.com/{i}"));
            let title = (i % 5 == 0).then_some("A title");
            let t = if i % 2 == 0 { &tags } else { &none };
            refs.push(push(&mut store, &text, url.as_deref(), title, t));
        }
        assert!(store.spill.size() > CHUNK_BYTES as u64, "{:?}", store.spill);
        let mut buffer = Vec::new();
        for (i, at) in refs.iter().enumerate() {
            let (text, url, title, got_tags) = owned(store.get(*at, &mut buffer).unwrap());
            assert_eq!(text, format!("{i} {big}"));
            assert_eq!(
                url,
                (i % 3 == 0).then(|| format!("https://example.com/{i}"))
            );
            assert_eq!(title.as_deref(), (i % 5 == 0).then_some("A title"));
            let expected: Vec<String> = if i % 2 == 0 {
                vec!["guitar".into(), "fail".into()]
            } else {
                vec![]
            };
            assert_eq!(got_tags, expected);
        }
        // One pass in order sees the same, a repeated reference once per mention.
        let mut wanted = refs.clone();
        wanted.insert(5, refs[5]);
        wanted.push(TextRef::NONE);
        let mut seen = Vec::new();
        store
            .read_in_order(&wanted, |i, texts| seen.push((i, texts.text.len())))
            .unwrap();
        assert_eq!(seen.len(), wanted.len());
        assert!(seen.iter().enumerate().all(|(k, (i, _))| k == *i));
        assert_eq!(seen[5].1, seen[6].1);
        assert_eq!(seen.last().unwrap().1, 0);
    }

    #[test]
    fn varints_take_seven_bits_a_byte() {
        for (value, bytes) in [
            (0u64, 1),
            (127, 1),
            (128, 2),
            (16_383, 2),
            (16_384, 3),
            (u64::MAX, 10),
        ] {
            let mut out = Vec::new();
            put_varint(&mut out, value);
            assert_eq!((out.len(), varint_len(value)), (bytes, bytes), "{value}");
            assert_eq!(read_varint(&out).unwrap(), (value, bytes));
        }
    }

    #[test]
    fn a_shared_copy_is_written_once_and_empty_texts_not_at_all() {
        let mut store = TextStore::default();
        let none: Arc<[CompactString]> = Arc::default();
        let tags: Arc<[CompactString]> = ["fail".into()].into();
        let empty = ArcStr::new();
        assert_eq!(push(&mut store, &empty, None, None, &none), TextRef::NONE);
        assert_eq!(store.spill.size(), 0);
        let shared = ArcStr::from("RT @anna: my guitar");
        let _holder = ArcStr::clone(&shared);
        let first = push(&mut store, &shared, None, None, &tags);
        let length = store.spill.size();
        // The same copy with the same hashtags: the same record.
        assert_eq!(push(&mut store, &shared, None, None, &tags), first);
        assert_eq!(store.spill.size(), length);
        // Another copy of the same words, other hashtags, or an address: records of their own.
        let copy = ArcStr::from("RT @anna: my guitar");
        assert_ne!(push(&mut store, &copy, None, None, &tags), first);
        assert_ne!(push(&mut store, &shared, None, None, &none), first);
        assert_ne!(
            push(&mut store, &shared, Some("https://a.example"), None, &tags),
            first
        );
        let mut buffer = Vec::new();
        assert_eq!(
            store.get(first, &mut buffer).unwrap().text,
            "RT @anna: my guitar"
        );
    }
}
