//! Cheap tokenisation shared by the sentiment scorer and the topic counts: one pass over the
//! text, no regular expressions, one reusable buffer, so a million mentions cost little.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

use crate::model::Language;

/// What analysis needs of a language: its bit in a set of languages, and reading an export's
/// language code.
impl Language {
    pub(crate) fn bit(self) -> u8 {
        1 << self as u8
    }

    /// Reads an export's language code (`en`, `en-GB`, `ita`, `Spanish`, …).
    pub(crate) fn from_code(code: &str) -> LangCode {
        let primary = code.trim().split(['-', '_']).next().unwrap_or("");
        let missing = [
            "", "und", "unknown", "zxx", "mul", "n/a", "na", "none", "null",
        ];
        if missing.iter().any(|m| m.eq_ignore_ascii_case(primary)) {
            LangCode::Missing
        } else {
            Language::from_name(primary).map_or(LangCode::Unsupported, LangCode::Known)
        }
    }
}

/// What a mention's language code says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LangCode {
    Known(Language),
    /// No usable code (missing, `und`, …): guess from the text.
    Missing,
    /// A language casebook has no word lists for.
    Unsupported,
}

/// Stop words of every language in one map: word → bit set of the languages listing it, so a
/// single look-up serves both the language guess and the term filter.
static STOP_WORDS: LazyLock<FxHashMap<&'static str, u8>> = LazyLock::new(|| {
    let mut map = FxHashMap::default();
    for (lang, data) in [
        (Language::En, include_str!("data/stopwords-en.txt")),
        (Language::It, include_str!("data/stopwords-it.txt")),
        (Language::Es, include_str!("data/stopwords-es.txt")),
        (Language::Pl, include_str!("data/stopwords-pl.txt")),
    ] {
        for word in data_lines(data) {
            *map.entry(word).or_insert(0) |= lang.bit();
        }
    }
    map
});

/// Tokens that are noise in every language: retweet markers, HTML entities, URL fragments.
const UNIVERSAL_STOP_WORDS: &[&str] = &[
    "rt", "amp", "via", "http", "https", "www", "gt", "lt", "quot",
];

/// `s` in lower case, allocating only when it has upper-case letters.
pub fn lower(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(s.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Non-empty lines of a bundled data file, without `#` comments.
pub fn data_lines(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
}

/// The languages (bits of [`Language::bit`]) that list `word` as a stop word.
pub fn stop_bits(word: &str) -> u8 {
    STOP_WORDS.get(word).copied().unwrap_or(0)
}

/// Whether a word can be a topic term in any language: two characters or more, at least one
/// letter (no numbers, no emoji), not noise such as `rt` or `amp`, not Hiragana alone.
/// Japanese writes its particles and verb endings in Hiragana and most content words in Kanji
/// or Katakana; split into two-character words, one "ありがとう" (thank you) made four of the
/// top twenty terms of a care account's export (`あり`, `りが`, `がと`, `とう`).
pub fn is_term_candidate(word: &str) -> bool {
    word.chars().nth(1).is_some()
        && word.chars().any(char::is_alphabetic)
        && !word.chars().all(|c| matches!(c, '\u{3041}'..='\u{309F}'))
        && !UNIVERSAL_STOP_WORDS.contains(&word)
}

/// The language with the most stop-word hits among a text's words, given each word's
/// [`stop_bits`] (ties in [`Language::ALL`] order); `None` when no word is a stop word.
pub fn guess_language(stop_bits: impl IntoIterator<Item = u8>) -> Option<Language> {
    let mut hits = [0u32; 4];
    for bits in stop_bits {
        for lang in Language::ALL {
            hits[lang as usize] += u32::from(bits & lang.bit() != 0);
        }
    }
    let best = Language::ALL
        .into_iter()
        .max_by_key(|l| (hits[*l as usize], std::cmp::Reverse(*l as u8)))?;
    (hits[best as usize] > 0).then_some(best)
}

#[derive(Debug, Clone, Copy)]
struct Span {
    start: u32,
    end: u32,
}

#[derive(Debug, Clone, Copy)]
pub struct Word {
    span: Span,
    /// Sentence punctuation (`. , ; : ! ?`) follows: negation does not carry past it.
    pub clause_end: bool,
}

/// The tokens of one text, lower-cased into one buffer that is reused from mention to mention.
#[derive(Debug, Default)]
pub struct Tokens {
    buf: String,
    words: Vec<Word>,
    handles: Vec<Span>,
    hashtags: Vec<Span>,
    hosts: Vec<Span>,
    /// Set by [`Tokens::tokenize_names`]: no words.
    names_only: bool,
}

impl Tokens {
    fn get(&self, span: Span) -> &str {
        &self.buf[span.start as usize..span.end as usize]
    }

    #[cfg(test)]
    pub fn words(&self) -> impl Iterator<Item = &str> + '_ {
        self.words.iter().map(|w| self.get(w.span))
    }

    /// Word tokens (letters and digits, not pure numbers; emoji as one-character words), each
    /// with whether sentence punctuation follows it.
    pub fn word_entries(&self) -> impl Iterator<Item = (&str, bool)> + '_ {
        self.words.iter().map(|w| (self.get(w.span), w.clause_end))
    }

    /// `@handles`, without `@`.
    pub fn handles(&self) -> impl Iterator<Item = &str> + '_ {
        self.handles.iter().map(|s| self.get(*s))
    }

    /// `#hashtags`, without `#`.
    pub fn hashtags(&self) -> impl Iterator<Item = &str> + '_ {
        self.hashtags.iter().map(|s| self.get(*s))
    }

    /// Host names of the links in the text, without `www.`.
    pub fn hosts(&self) -> impl Iterator<Item = &str> + '_ {
        self.hosts.iter().map(|s| self.get(*s))
    }

    /// Splits `text` on white space into chunks of words, `@handles`, `#hashtags` and a link
    /// (kept as its host). Words split at any character that is not a letter or digit; an
    /// apostrophe splits too (Italian `l'attesa` → `l`, `attesa`), except English `n't`, which
    /// becomes `not`.
    pub fn tokenize(&mut self, text: &str) {
        self.names_only = false;
        self.split(text);
    }

    /// The `@handles` and `#hashtags` of `text` (and its links' hosts) exactly as
    /// [`Tokens::tokenize`] finds them, without splitting the words, most of its cost: which
    /// mentions @-mention a brand account is asked of every text before the text pass.
    pub fn tokenize_names(&mut self, text: &str) {
        self.names_only = true;
        self.split(text);
    }

    fn split(&mut self, text: &str) {
        self.buf.clear();
        self.words.clear();
        self.handles.clear();
        self.hashtags.clear();
        self.hosts.clear();
        // X cuts a long repost's text with "…" (older clients with " ..."): a name or address
        // just before it is cut short (`#accidentesanti…`, `http://t.c ...`), and would count as
        // another hashtag, handle or site. Words stay: a word cut short is just a rare word.
        for chunk in text.split_whitespace() {
            let offset = chunk.as_ptr() as usize - text.as_ptr() as usize;
            let (body, link, tail) = match find_link(chunk) {
                Some(at) => {
                    let end = at + link_len(&chunk[at..]);
                    (&chunk[..at], Some(&chunk[at..end]), &chunk[end..])
                }
                None => (chunk, None, ""),
            };
            let cut_short = |end_in_chunk: usize| {
                let rest = text[offset + end_in_chunk..].trim();
                rest == "…" || rest == "..."
            };
            self.push_marked(body, &cut_short);
            if let Some(link) = link {
                let link_end = body.len() + link.len();
                let link_end = chunk[..link_end]
                    .strip_suffix("...")
                    .map_or(link_end, str::len);
                if let Some(host) = link_host(link).filter(|_| !cut_short(link_end)) {
                    let span = self.push_lower(host);
                    self.hosts.push(span);
                }
            }
            if !tail.is_empty() {
                let tail_start = chunk.len() - tail.len();
                self.push_marked(tail, &|end| cut_short(tail_start + end));
            }
        }
    }

    /// Words, `@handles` and `#hashtags` of a chunk without links. A name starts at `@` or `#`
    /// at the chunk's start or after a character that is not a letter, digit or `_` (`.@brand`,
    /// `“@brand:`, `,#tag`, `❤️#tag`, `@a|@b`), as X reads them; `mail@example` is no handle.
    /// `cut_short(end)` says whether a name ending at byte `end` of the chunk was cut short.
    fn push_marked(&mut self, chunk: &str, cut_short: &dyn Fn(usize) -> bool) {
        // Most chunks are plain words: one byte scan (0xEF leads the full-width `＠` and `＃`).
        if memchr::memchr3(b'@', b'#', 0xEF, chunk.as_bytes()).is_none() {
            self.push_words(chunk);
            return;
        }
        let mut words_from = 0;
        let mut previous: Option<char> = None;
        let mut i = 0;
        while i < chunk.len() {
            let c = chunk[i..]
                .chars()
                .next()
                .expect("i is on a character boundary");
            let marker = matches!(c, '@' | '＠' | '#' | '＃');
            let starts_name = previous.is_none_or(|p| !(p.is_alphanumeric() || p == '_'));
            if !(marker && starts_name) {
                previous = Some(c);
                i += c.len_utf8();
                continue;
            }
            self.push_words(&chunk[words_from..i]);
            let from = i + c.len_utf8();
            let len = name_len(&chunk[from..]);
            if len > 0 {
                let span = self.push_lower(&chunk[from..from + len]);
                let is_handle = matches!(c, '@' | '＠');
                let kept = !cut_short(from + len)
                    && (is_handle || self.get(span).chars().any(|c| !c.is_ascii_digit()));
                match (kept, is_handle) {
                    (true, true) => self.handles.push(span),
                    (true, false) => self.hashtags.push(span),
                    (false, _) => self.buf.truncate(span.start as usize),
                }
            }
            i = from + len;
            words_from = i;
            // What follows the name follows its last character (`#tag#x` is one hashtag, as
            // X reads it), or the marker when it named nothing (`##tag`).
            previous = chunk[..i].chars().next_back();
        }
        self.push_words(&chunk[words_from..]);
    }

    fn push_lower(&mut self, s: &str) -> Span {
        let start = self.buf.len() as u32;
        if s.is_ascii() {
            self.buf.push_str(s);
            self.buf[start as usize..].make_ascii_lowercase();
        } else {
            self.buf
                .extend(s.chars().map(narrow).flat_map(char::to_lowercase));
        }
        Span {
            start,
            end: self.buf.len() as u32,
        }
    }

    fn push_words(&mut self, chunk: &str) {
        if self.names_only {
            return;
        }
        let mut start: Option<usize> = None;
        let mut chars = chunk.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c.is_alphanumeric() || (start.is_some() && is_combining(c)) {
                start.get_or_insert(i);
                continue;
            }
            if let Some(s) = start.take() {
                let word = &chunk[s..i];
                let is_apostrophe = matches!(c, '\'' | '’' | 'ʼ');
                let next_is_t = matches!(chars.peek(), Some((_, 't' | 'T')));
                if is_apostrophe && next_is_t && word.ends_with(['n', 'N']) {
                    let after_t = chunk[i + c.len_utf8() + 1..].chars().next();
                    if !after_t.is_some_and(char::is_alphanumeric) {
                        self.push_word(word);
                        self.push_word("not");
                        chars.next();
                        continue;
                    }
                }
                self.push_word(word);
            }
            if is_emoji(c) {
                let mut tmp = [0u8; 4];
                self.push_word(c.encode_utf8(&mut tmp));
            } else if ends_clause(c) {
                if let Some(last) = self.words.last_mut() {
                    last.clause_end = true;
                }
            }
        }
        if let Some(s) = start {
            self.push_word(&chunk[s..]);
        }
    }

    fn push_word(&mut self, word: &str) {
        if word.is_ascii() {
            if word.bytes().all(|b| b.is_ascii_digit()) {
                return;
            }
        } else if word.chars().all(|c| narrow(c).is_ascii_digit()) {
            return;
        } else if has_unspaced(word) {
            self.push_unspaced(word);
            return;
        }
        self.push_one(word);
    }

    /// Chinese and Japanese are written without spaces, so a run of their characters is a
    /// phrase, not a word: it becomes its overlapping two-character pieces (`行李丢了` →
    /// `行李`, `李丢`, `丢了`), as search engines index them. Other characters in the same
    /// word stay words of their own.
    #[cold]
    #[inline(never)]
    fn push_unspaced(&mut self, word: &str) {
        // Characters with the combining marks written on them (a decomposed `が` is `か` and
        // U+3099), as byte ranges, and whether they are Chinese or Japanese.
        let mut clusters: Vec<(usize, usize, bool)> = Vec::new();
        for (i, c) in word.char_indices() {
            let end = i + c.len_utf8();
            match clusters.last_mut() {
                Some(last) if is_combining(c) => last.1 = end,
                _ => clusters.push((i, end, is_unspaced(c))),
            }
        }
        let mut first = 0;
        while first < clusters.len() {
            let unspaced = clusters[first].2;
            let end = clusters[first..]
                .iter()
                .position(|c| c.2 != unspaced)
                .map_or(clusters.len(), |n| first + n);
            let run = &clusters[first..end];
            if !unspaced {
                // Has no Chinese or Japanese, so this does not come back here.
                self.push_word(&word[run[0].0..run[run.len() - 1].1]);
            } else if let [single] = run {
                self.push_one(&word[single.0..single.1]);
            } else {
                for pair in run.windows(2) {
                    self.push_one(&word[pair[0].0..pair[1].1]);
                }
            }
            first = end;
        }
    }

    #[inline]
    fn push_one(&mut self, word: &str) {
        let span = self.push_lower(word);
        self.words.push(Word {
            span,
            clause_end: false,
        });
    }
}

/// The length of the handle or hashtag name at the start of `s`: letters, digits and `_`.
fn name_len(s: &str) -> usize {
    s.char_indices()
        .find(|(i, c)| !(c.is_alphanumeric() || *c == '_' || (*i > 0 && is_combining(*c))))
        .map_or(s.len(), |(i, _)| i)
}

/// A mark written on the letter before it, which stays in its word: Thai tone marks, Indic
/// viramas, Arabic and Hebrew vowel points, the accents of decomposed (NFD) Latin text.
/// Variation selectors (the `U+FE0F` of `✈️`) are marks too but belong to emoji, not words.
fn is_combining(c: char) -> bool {
    !c.is_ascii()
        && matches!(
            c.general_category(),
            GeneralCategory::NonspacingMark | GeneralCategory::SpacingMark
        )
        && !matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// Sentence punctuation, which ends a negator's scope: Latin and full-width (CJK) forms.
fn ends_clause(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '…' | '¡' | '¿')
        || matches!(
            c,
            '。' | '、' | '，' | '！' | '？' | '；' | '：' | '．' | '｡' | '､'
        )
}

/// Whether `word` has a character of [`is_unspaced`]. Those are three bytes long in UTF-8 and
/// start with a byte from E3 to E9, or EF (U+F900 and up): most words are checked by that byte
/// scan alone.
fn has_unspaced(word: &str) -> bool {
    word.bytes().any(|b| matches!(b, 0xE3..=0xE9 | 0xEF)) && word.chars().any(is_unspaced)
}

/// The ASCII character of a full-width form (`Ａ` → `A`, `１` → `1`, `！` → `!`), as Unicode's
/// compatibility mapping has it: Chinese and Japanese text often writes Latin letters and
/// digits that way, and they are the same words.
fn narrow(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Han ideographs (with extension A and the compatibility block) and their iteration marks
/// (`人々`), Hiragana, Katakana and half-width Katakana; not the combining marks among them.
/// Korean Hangul is written with spaces between words and is not among them.
fn is_unspaced(c: char) -> bool {
    matches!(
        c as u32,
        0x3005..=0x3007
            | 0x303B
            | 0x3040..=0x30FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xF900..=0xFAFF
            | 0xFF66..=0xFF9F
    ) && !is_combining(c)
}

fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F300..=0x1FAFF | 0x2600..=0x27BF)
}

/// The length of the link at the start of `chunk`: up to a character no address holds, one
/// beyond ASCII that is no letter or digit (`https://t.co/Q4Kz⬅️#viajar`, `…`); letters stay
/// (`https://es.wikipedia.org/wiki/España`).
fn link_len(chunk: &str) -> usize {
    chunk
        .char_indices()
        .find(|(_, c)| !c.is_ascii() && !c.is_alphanumeric())
        .map_or(chunk.len(), |(i, _)| i)
}

/// Byte offset of an `http(s)://` or `www.` link in a white-space-free chunk.
fn find_link(chunk: &str) -> Option<usize> {
    // Chunks are a few bytes long: a plain scan beats setting up a SIMD searcher.
    let bytes = chunk.as_bytes();
    if !bytes.iter().any(|b| *b == b':' || *b == b'.') {
        return None;
    }
    if let Some(sep) = bytes.windows(3).position(|w| w == b"://") {
        let head = &bytes[..sep];
        for scheme in ["https", "http"] {
            if head.len() >= scheme.len()
                && head[head.len() - scheme.len()..].eq_ignore_ascii_case(scheme.as_bytes())
            {
                return Some(sep - scheme.len());
            }
        }
    }
    let at = bytes
        .windows(4)
        .position(|w| w.eq_ignore_ascii_case(b"www."))?;
    (at == 0 || !bytes[at - 1].is_ascii_alphanumeric()).then_some(at)
}

/// The host of a link (`https://www.Example.com/a` → `Example.com`), without `www.`, port,
/// path or trailing punctuation. `None` when it is not a dotted name.
pub fn link_host(link: &str) -> Option<&str> {
    let rest = link.split_once("://").map_or(link, |(_, r)| r);
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let authority = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let end = authority
        .find([':', '"', '\'', ')', ']', '>', ',', '…'])
        .unwrap_or(authority.len());
    let host = authority[..end].trim_end_matches(['.', ',', ';', '!', '?']);
    // `get`: the host comes from a post, and its fourth byte may be inside a character.
    let host = match host.get(..4) {
        Some(www) if host.len() > 4 && www.eq_ignore_ascii_case("www.") => &host[4..],
        _ => host,
    };
    let valid = host.contains('.')
        && !host.starts_with('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    valid.then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Tokens {
        let mut t = Tokens::default();
        t.tokenize(text);
        t
    }

    #[test]
    fn splits_handles_hashtags_links_and_words() {
        let t = tokens("@SkywaysHelp my Guitar is BROKEN!! #FlyHappy #2024 https://www.News.example.com/a?b=1 l'attesa 737max 2024");
        assert_eq!(t.handles().collect::<Vec<_>>(), ["skywayshelp"]);
        assert_eq!(t.hashtags().collect::<Vec<_>>(), ["flyhappy"]);
        assert_eq!(t.hosts().collect::<Vec<_>>(), ["news.example.com"]);
        assert_eq!(
            t.words().collect::<Vec<_>>(),
            ["my", "guitar", "is", "broken", "l", "attesa", "737max"]
        );
        let ends: Vec<bool> = t.word_entries().map(|(_, e)| e).collect();
        assert_eq!(ends, [false, false, false, true, false, false, false]);
    }

    /// The names alone are the names the whole split finds, on the texts the other tests
    /// read: after punctuation, in mail addresses, beside links, full-width, cut short.
    #[test]
    fn names_alone_are_the_names_of_the_whole_split() {
        for text in [
            "@SkywaysHelp my Guitar is BROKEN!! #FlyHappy #2024 https://www.News.example.com/a?b=1",
            ".@United why? “@united: we are sorry” (@SkywaysHelp) see",
            "mail@example.com VB#tag @a|@b ,#tag ❤️#love https://t.co/Q4Kz⬅️#viajar",
            "＠ＡＮＡ ＃ＦｌｙＨａｐｐｙ RT @anna: #accidentesanti… @cut...",
        ] {
            let whole = tokens(text);
            let mut names = Tokens::default();
            names.tokenize_names(text);
            assert_eq!(
                names.handles().collect::<Vec<_>>(),
                whole.handles().collect::<Vec<_>>(),
                "{text}"
            );
            assert_eq!(
                names.hashtags().collect::<Vec<_>>(),
                whole.hashtags().collect::<Vec<_>>(),
                "{text}"
            );
            assert_eq!(names.words().count(), 0);
        }
        // A whole split after a names-only one has its words again.
        let mut t = Tokens::default();
        t.tokenize_names("@a hello");
        t.tokenize("@a hello");
        assert_eq!(t.words().collect::<Vec<_>>(), ["hello"]);
    }

    #[test]
    fn handles_after_punctuation_and_names_cut_short() {
        let t = tokens(".@United why? “@united: we are sorry” (@SkywaysHelp) see");
        assert_eq!(
            t.handles().collect::<Vec<_>>(),
            ["united", "united", "skywayshelp"]
        );
        assert_eq!(
            t.words().collect::<Vec<_>>(),
            ["why", "we", "are", "sorry", "see"]
        );
        // A repost X cut short: the last hashtag, handle or link is a fragment, its words are
        // words; an ellipsis before the end is not a cut.
        let t = tokens("RT @a: Tren… #Santiago… #accidentesanti…");
        assert_eq!(t.hashtags().collect::<Vec<_>>(), ["santiago"]);
        let t = tokens("RT @a: mira http://t.c…");
        assert_eq!(t.hosts().count(), 0);
        assert_eq!(t.words().collect::<Vec<_>>(), ["rt", "mira"]);
        let t = tokens("RT @a: hablando con @Renf…");
        assert_eq!(t.handles().collect::<Vec<_>>(), ["a"]);
        let t = tokens("Estoy triste…");
        assert_eq!(t.words().collect::<Vec<_>>(), ["estoy", "triste"]);
        // Older clients cut with " ..." after a space.
        let t = tokens("RT @andmarini: al... http://t.co/boE09BWv @gaz ...");
        assert_eq!(t.handles().collect::<Vec<_>>(), ["andmarini"]);
        assert_eq!(t.hosts().collect::<Vec<_>>(), ["t.co"]);
        let t = tokens("RT @a: vedi http://t.c ...");
        assert_eq!(t.hosts().count(), 0);
    }

    #[test]
    fn a_link_ends_at_a_symbol_no_address_holds() {
        // Spanish airline tweet 935846544183648256: an arrow, then a hashtag, glued to a link.
        let t = tokens("Ofertas: https://t.co/Q4KzLVrRKo⬅️#viajar “www.iberia.com”");
        assert_eq!(t.hashtags().collect::<Vec<_>>(), ["viajar"]);
        assert_eq!(t.hosts().collect::<Vec<_>>(), ["t.co", "iberia.com"]);
        assert_eq!(t.words().collect::<Vec<_>>(), ["ofertas"]);
        // Letters beyond ASCII are part of an address; a fragment is not a hashtag.
        let t = tokens("https://es.wikipedia.org/wiki/España#Historia");
        assert_eq!(t.hosts().collect::<Vec<_>>(), ["es.wikipedia.org"]);
        assert_eq!(t.hashtags().count(), 0);
        assert_eq!(t.words().count(), 0);
    }

    /// Real texts from the CrisisLex and #DuBoisChallenge exports: a name starts after any
    /// character that is not a letter, digit or `_`, as X reads it.
    #[test]
    fn names_glued_to_punctuation_or_emoji() {
        let t = tokens("Scossa,#terremoto ?#Terremoto ❤️#Duboischallenge ##DuBoisChallenge");
        assert_eq!(
            t.hashtags().collect::<Vec<_>>(),
            [
                "terremoto",
                "terremoto",
                "duboischallenge",
                "duboischallenge"
            ]
        );
        assert_eq!(t.words().collect::<Vec<_>>(), ["scossa", "❤"]);
        let t = tokens("#tag#x");
        assert_eq!(t.hashtags().collect::<Vec<_>>(), ["tag"]);
        assert_eq!(t.words().collect::<Vec<_>>(), ["x"]);
        let t = tokens("@ajstarks|@AlDatavizguy .#Rstats mail@example.com VB#terremoto");
        assert_eq!(
            t.handles().collect::<Vec<_>>(),
            ["ajstarks", "aldatavizguy"]
        );
        assert_eq!(t.hashtags().collect::<Vec<_>>(), ["rstats"]);
        assert_eq!(
            t.words().collect::<Vec<_>>(),
            ["mail", "example", "com", "vb", "terremoto"]
        );
    }

    #[test]
    fn contractions_emoji_and_unicode() {
        let t = tokens("I don’t LIKE it😡 Dziękuję, ŻÓŁW (www.example.org).");
        assert_eq!(
            t.words().collect::<Vec<_>>(),
            ["i", "don", "not", "like", "it", "😡", "dziękuję", "żółw"]
        );
        assert_eq!(t.hosts().collect::<Vec<_>>(), ["example.org"]);
        // "can't" at the end of the chunk, and an apostrophe not followed by t.
        let t = tokens("can't it's");
        assert_eq!(t.words().collect::<Vec<_>>(), ["can", "not", "it", "s"]);
    }

    #[test]
    fn full_width_latin_letters_and_digits_are_the_ascii_words() {
        let t = tokens(
            "ＡＮＡ ｒｅｆｕｎｄ！ ２０２４ #ＦｌｙＨａｐｐｙ ＠ＳｋｙｗａｙｓＨｅｌｐ Ｇ７",
        );
        assert_eq!(t.words().collect::<Vec<_>>(), ["ana", "refund", "g7"]);
        assert_eq!(t.hashtags().collect::<Vec<_>>(), ["flyhappy"]);
        assert_eq!(t.handles().collect::<Vec<_>>(), ["skywayshelp"]);
        assert_eq!(
            (narrow('～'), narrow('｟'), narrow('　')),
            ('~', '｟', '　')
        );
    }

    #[test]
    fn chinese_and_japanese_runs_become_overlapping_pairs() {
        let t = tokens("行李丢了！ 荷物が壊れたABC 수하물이 없어졌어요 猫");
        assert_eq!(
            t.words().collect::<Vec<_>>(),
            [
                "行李",
                "李丢",
                "丢了",
                "荷物",
                "物が",
                "が壊",
                "壊れ",
                "れた",
                "abc",
                "수하물이",
                "없어졌어요",
                "猫"
            ]
        );
        let ends: Vec<bool> = t.word_entries().map(|(_, e)| e).collect();
        assert!(
            ends[2],
            "the full-width ! ends the clause after the last pair"
        );
        // Iteration marks, numbers beside ideographs (dropped like other numbers), half-width
        // katakana, and a decomposed が (か + U+3099) paired as one character.
        let t = tokens("人々 2024年3月 ｶﾞｲﾄﾞ か\u{3099}く");
        assert_eq!(
            t.words().collect::<Vec<_>>(),
            ["人々", "年", "月", "ｶﾞ", "ﾞｲ", "ｲﾄ", "ﾄﾞ", "か\u{3099}く"]
        );
    }

    #[test]
    fn words_keep_their_combining_vowel_signs_and_tone_marks() {
        // Thai tone mark, Devanagari virama, Arabic vowel point, a decomposed (NFD) é.
        let t = tokens("กระเป๋า हवाई अड्डे حَقيبة cafe\u{301} ✈\u{FE0F} \u{301}x #กระเป๋า");
        assert_eq!(t.hashtags().collect::<Vec<_>>(), ["กระเป๋า"]);
        assert_eq!(
            t.words().collect::<Vec<_>>(),
            ["กระเป๋า", "हवाई", "अड्डे", "حَقيبة", "cafe\u{301}", "✈", "x"]
        );
    }

    #[test]
    fn link_hosts() {
        assert_eq!(
            link_host("https://WWW.example.com:8080/x"),
            Some("example.com")
        );
        assert_eq!(link_host("http://t.co/abc"), Some("t.co"));
        assert_eq!(link_host("www.repubblica.it."), Some("repubblica.it"));
        assert_eq!(link_host("https://localhost/x"), None);
        assert_eq!(link_host("news.example.com/path"), Some("news.example.com"));
        // Hosts are read from posts: any character may sit where `www.` would end.
        assert_eq!(link_host("http://twi¤ter.bom/x"), None);
        assert_eq!(link_host("https://www.ñews.es/a"), Some("ñews.es"));
        assert_eq!(link_host("https://ñews.es"), Some("ñews.es"));
    }

    #[test]
    fn language_codes_and_guess() {
        assert_eq!(Language::from_code("en-GB"), LangCode::Known(Language::En));
        assert_eq!(Language::from_code("ITA"), LangCode::Known(Language::It));
        assert_eq!(Language::from_code("und"), LangCode::Missing);
        assert_eq!(Language::from_code("fr"), LangCode::Unsupported);
        let guess = |text: &str| guess_language(tokens(text).words().map(stop_bits));
        assert_eq!(
            guess("il volo è in ritardo e non ci hanno detto niente"),
            Some(Language::It)
        );
        assert_eq!(
            guess("el vuelo se ha retrasado y nadie nos dice nada"),
            Some(Language::Es)
        );
        assert_eq!(
            guess("lot jest opóźniony i nikt nic nie mówi"),
            Some(Language::Pl)
        );
        assert_eq!(
            guess("the flight is delayed and nobody tells us anything"),
            Some(Language::En)
        );
        assert_eq!(guess("xyzzy"), None);
    }

    #[test]
    fn stop_word_files_are_clean() {
        for data in [
            include_str!("data/stopwords-en.txt"),
            include_str!("data/stopwords-it.txt"),
            include_str!("data/stopwords-es.txt"),
            include_str!("data/stopwords-pl.txt"),
        ] {
            let words: Vec<&str> = data_lines(data).collect();
            assert!(words.len() >= 100, "too few stop words: {}", words.len());
            for w in words {
                assert_eq!(w, w.to_lowercase(), "stop word not lower case");
                assert!(
                    !w.contains(char::is_whitespace),
                    "stop word with a space: {w:?}"
                );
            }
        }
        assert_eq!(stop_bits("the"), Language::En.bit());
        assert_eq!(stop_bits("la"), Language::It.bit() | Language::Es.bit());
        assert_eq!(stop_bits("guitar"), 0);
        assert!(is_term_candidate("guitar") && is_term_candidate("4g"));
        assert!(!is_term_candidate("rt") && !is_term_candidate("x") && !is_term_candidate("😡😡"));
        // Hiragana alone is grammar; Kanji, Katakana and mixed words stay.
        assert!(!is_term_candidate("あり") && !is_term_candidate("した"));
        assert!(
            is_term_candidate("配達") && is_term_candidate("アマ") && is_term_candidate("届く")
        );
    }
}
