//! Single values as exports write them: counts, ids, booleans, sentiment and kind labels,
//! platform names, hashtag lists. Pure functions, no allocation unless the result keeps text.

use compact_str::CompactString;
use std::borrow::Cow;

use rustc_hash::FxHashSet;

use crate::model::{Kind, Sentiment};

/// How many hashtags [`parse_hashtags`] compares one by one before it keeps a set.
const SCAN_LIMIT: usize = 32;

/// Counts above this are not believable for one post or one author (the most-followed
/// accounts have a few hundred million followers; the most-viewed videos tens of billions).
pub const ABSURD_COUNT: u64 = 100_000_000_000;
// Every count ingest keeps must fit in a `model::Count`.
const _: () = assert!(ABSURD_COUNT <= crate::model::Count::MAX);

/// Missing-value markers written by R, pandas, Excel and database exports.
pub fn is_missing(value: &str) -> bool {
    matches!(
        value,
        "" | "NA"
            | "N/A"
            | "n/a"
            | "na"
            | "NaN"
            | "nan"
            | "null"
            | "NULL"
            | "None"
            | "none"
            | "-"
            | "#N/A"
    )
}

/// Thousands and decimal separators of one export, when the user stated them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Separators {
    pub decimal: Option<char>,
    pub thousands: Option<char>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountError {
    /// Not a number at all.
    NotANumber,
    Negative,
    /// More than [`ABSURD_COUNT`].
    Absurd,
}

/// Reads a count: `1234`, `1,234`, `12.500` (Italian thousands), `1 234`, `1.2K`, `3M`, `2,5K`,
/// `3.0` (a float-ified integer). Missing markers give `Ok(None)`. Fractions are rounded.
pub fn parse_count(text: &str, separators: Separators) -> Result<Option<u64>, CountError> {
    let text = text.trim();
    if is_missing(text) {
        return Ok(None);
    }
    // Fast path: plain digits, by far the most common form.
    if text.len() <= 19 && text.bytes().all(|b| b.is_ascii_digit()) {
        let n: u64 = text.parse().map_err(|_| CountError::NotANumber)?;
        return check_absurd(n).map(Some);
    }
    let (body, negative) = match text.strip_prefix('-') {
        Some(rest) => (rest.trim_start(), true),
        None => (text.strip_prefix('+').unwrap_or(text), false),
    };
    let (mantissa, multiplier) = split_suffix(body);
    let value = parse_decimal(mantissa.trim_end(), separators, multiplier > 1.0)
        .ok_or(CountError::NotANumber)?;
    if negative && value != 0.0 {
        return Err(CountError::Negative);
    }
    let scaled = (value * multiplier).round();
    if !scaled.is_finite() || scaled > ABSURD_COUNT as f64 {
        return Err(CountError::Absurd);
    }
    Ok(Some(scaled as u64))
}

fn check_absurd(n: u64) -> Result<u64, CountError> {
    if n > ABSURD_COUNT {
        Err(CountError::Absurd)
    } else {
        Ok(n)
    }
}

/// Splits `1.2K` into (`1.2`, 1000).
fn split_suffix(text: &str) -> (&str, f64) {
    let lower_last = text.chars().last().map(|c| c.to_ascii_lowercase());
    let multiplier = match lower_last {
        Some('k') => 1e3,
        Some('m') => 1e6,
        Some('b') => 1e9,
        _ => return (text, 1.0),
    };
    (&text[..text.len() - 1], multiplier)
}

/// Parses a decimal number with locale separators. Without configured separators: when both
/// `.` and `,` occur the last one is the decimal mark; a single kind of mark followed by groups
/// of exactly three digits is a thousands separator (`1,234`, `12.500`) unless the number has
/// a suffix (`1.250K` is 1250); otherwise it is the decimal mark (`3.0`, `2,5`).
fn parse_decimal(text: &str, separators: Separators, has_suffix: bool) -> Option<f64> {
    if text.is_empty() {
        return None;
    }
    let mut digits = String::with_capacity(text.len());
    let is_group_space = |c: char| matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '’');
    // One separator configured implies the other: Italian `decimal_separator = ","` still
    // groups thousands with `.` (`1.234,5`), as English `.` groups them with `,`. The implied
    // mark is only read as one between groups of three digits: `2.5` or `1.5K` with a decimal
    // comma are not numbers, not 25 and 15,000.
    let other = |mark: char| if mark == ',' { '.' } else { ',' };
    let (decimal, thousands) = match (separators.decimal, separators.thousands) {
        (Some(d), Some(t)) => (Some(d), Some(t)),
        (Some(d), None) => {
            let integer = text.split(d).next().unwrap_or("");
            if integer.contains(other(d)) && (has_suffix || !grouped(integer, other(d))) {
                return None;
            }
            (Some(d), Some(other(d)))
        }
        (None, Some(t)) => (Some(other(t)), Some(t)),
        (None, None) => guess_separators(text, has_suffix),
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if Some(c) == decimal {
            digits.push('.');
        } else if Some(c) == thousands || is_group_space(c) {
            continue;
        } else {
            return None;
        }
    }
    if !digits.bytes().any(|b| b.is_ascii_digit()) || digits.matches('.').count() > 1 {
        return None;
    }
    digits.parse().ok()
}

/// `1.234.567`: one to three digits, then groups of exactly three after each `mark`.
fn grouped(integer: &str, mark: char) -> bool {
    let mut parts = integer.split(mark);
    let head = parts.next().unwrap_or("");
    (1..=3).contains(&head.len())
        && parts.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// `12,34,567`, as Indian locales group: one or two digits, groups of two, then three.
fn lakh_grouped(integer: &str, mark: char) -> bool {
    let digits = |p: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    let Some((front, last)) = integer.rsplit_once(mark) else {
        return false;
    };
    let mut groups = front.split(mark);
    let head = groups.next().unwrap_or("");
    digits(head, 1..=2) && groups.all(|g| digits(g, 2..=2)) && digits(last, 3..=3)
}

fn guess_separators(text: &str, has_suffix: bool) -> (Option<char>, Option<char>) {
    let last_dot = text.rfind('.');
    let last_comma = text.rfind(',');
    match (last_dot, last_comma) {
        (Some(d), Some(c)) if d > c => (Some('.'), Some(',')),
        (Some(_), Some(_)) => (Some(','), Some('.')),
        (Some(_), None) => single_mark('.', text, has_suffix),
        (None, Some(_)) => single_mark(',', text, has_suffix),
        (None, None) => (None, None),
    }
}

fn single_mark(mark: char, text: &str, has_suffix: bool) -> (Option<char>, Option<char>) {
    let other = if mark == '.' { ',' } else { '.' };
    let head = text.split(mark).next().unwrap_or("");
    let thousands = !has_suffix && head != "0" && grouped(text, mark);
    let repeated = text.matches(mark).count() > 1;
    if thousands || repeated && lakh_grouped(text, mark) {
        (Some(other), Some(mark))
    } else if repeated {
        // Repeated but not between groups of digits (`1.2.3`, a version or a date): no
        // number, rather than 123.
        (None, None)
    } else {
        (Some(mark), Some(other))
    }
}

/// An id as an export wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdValue<'a> {
    Missing,
    Id(Cow<'a, str>),
    /// Excel turned a long number into scientific notation (`5.70306E+17`): digits are lost.
    Scientific,
}

/// Normalises an id: trims, drops Excel's text-marking apostrophe, turns `3.0` into `3`,
/// strips Reddit's type prefixes (`t1_`, `t3_`), and reads `/status/123` out of a post URL.
pub fn parse_id(text: &str) -> IdValue<'_> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return IdValue::Id(Cow::Borrowed(text));
    }
    let text = text.strip_prefix('\'').unwrap_or(text);
    if is_missing(text) {
        return IdValue::Missing;
    }
    if let Some(status) = status_id_in_url(text) {
        return IdValue::Id(Cow::Borrowed(status));
    }
    if let Some((int, frac)) = text.split_once('.') {
        if !int.is_empty()
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.bytes().all(|b| b == b'0')
        {
            return IdValue::Id(Cow::Borrowed(int));
        }
    }
    if is_scientific(text) {
        return IdValue::Scientific;
    }
    let bytes = text.as_bytes();
    if bytes.len() > 3 && bytes[0] == b't' && (b'1'..=b'6').contains(&bytes[1]) && bytes[2] == b'_'
    {
        return IdValue::Id(Cow::Borrowed(&text[3..]));
    }
    IdValue::Id(Cow::Borrowed(text))
}

/// `5.70306E+17`, `1.23e18`, `3E+18`.
pub(crate) fn is_scientific(text: &str) -> bool {
    let Some(e) = text.find(['e', 'E']) else {
        return false;
    };
    let (mantissa, exponent) = (&text[..e], &text[e + 1..]);
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    let mantissa_ok = match mantissa.split_once(['.', ',']) {
        Some((i, f)) => {
            !i.is_empty()
                && i.bytes().all(|b| b.is_ascii_digit())
                && f.bytes().all(|b| b.is_ascii_digit())
        }
        None => !mantissa.is_empty() && mantissa.bytes().all(|b| b.is_ascii_digit()),
    };
    mantissa_ok && !exponent.is_empty() && exponent.bytes().all(|b| b.is_ascii_digit())
}

/// The numeric status id in an X/Twitter post URL: `…/status/123…` (or the older `/statuses/`).
pub fn status_id_in_url(text: &str) -> Option<&str> {
    let marker = memchr::memmem::find(text.as_bytes(), b"/status")?;
    let after = &text[marker + "/status".len()..];
    let rest = after
        .strip_prefix("es/")
        .or_else(|| after.strip_prefix('/'))?;
    let end = rest
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// `True/False/TRUE/yes/no/1/0/Y/N` and the same words in Italian, Spanish, French, German, Polish.
pub fn parse_bool(text: &str) -> Option<bool> {
    let text = text.trim();
    let is = |words: &[&str]| words.iter().any(|w| text.eq_ignore_ascii_case(w));
    if is(&[
        "true",
        "t",
        "yes",
        "y",
        "1",
        "1.0",
        "si",
        "sì",
        "sí",
        "vero",
        "verdadero",
        "oui",
        "ja",
        "tak",
    ]) {
        Some(true)
    } else if is(&[
        "false", "f", "no", "n", "0", "0.0", "falso", "non", "nein", "nie",
    ]) {
        Some(false)
    } else {
        None
    }
}

/// What a sentiment cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SentimentLabel {
    Rated(Sentiment),
    /// The tool did not rate the post: Meltwater's `Not Rated`/`Unknown`. (Blank cells and
    /// missing-value markers such as `n/a` are dropped before, by [`is_missing`].)
    Unrated,
    /// A label casebook does not know (`mixed`, a typo, another column mapped by mistake).
    Unrecognised,
}

/// Sentiment labels in the report languages, Brand24's `1/0/-1`, scores with a sign, and
/// the labels tools write for posts they did not rate.
pub fn parse_sentiment_label(text: &str) -> SentimentLabel {
    match parse_sentiment(text) {
        Some(s) => SentimentLabel::Rated(s),
        None if is_unrated(text) => SentimentLabel::Unrated,
        None => SentimentLabel::Unrecognised,
    }
}

fn is_unrated(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    matches!(
        lower.as_str(),
        "not rated" | "not_rated" | "unrated" | "unknown"
    )
}

fn parse_sentiment(text: &str) -> Option<Sentiment> {
    let text = text.trim();
    let lower = text.to_lowercase();
    match lower.as_str() {
        "positive" | "pos" | "positivo" | "positiva" | "positif" | "positiv" | "pozytywny"
        | "pozytywna" => Some(Sentiment::Positive),
        "negative" | "neg" | "negativo" | "negativa" | "négatif" | "negatif" | "negativ"
        | "negatywny" | "negatywna" => Some(Sentiment::Negative),
        "neutral" | "neu" | "neutro" | "neutrale" | "neutra" | "neutre" | "neutralny"
        | "neutralna" => Some(Sentiment::Neutral),
        _ => {
            let score: f64 = lower.replace(',', ".").parse().ok()?;
            if !score.is_finite() {
                None
            } else if score > 0.0 {
                Some(Sentiment::Positive)
            } else if score < 0.0 {
                Some(Sentiment::Negative)
            } else {
                Some(Sentiment::Neutral)
            }
        }
    }
}

/// Kind labels: Brandwatch `Thread Entry Type` (post, reply, share, comment), twarc v1
/// `tweet_type` (original, retweet, quote, reply), and similar words. Unknown labels give `None`.
pub fn parse_kind(text: &str) -> Option<Kind> {
    let lower = text.trim().to_lowercase();
    match lower.as_str() {
        "reply" | "replied_to" | "comment" | "replies" | "risposta" | "respuesta" | "commento"
        | "comentario" => Some(Kind::Reply),
        "share" | "repost" | "retweet" | "retweeted" | "rt" | "reshare" | "retweets" => {
            Some(Kind::Repost)
        }
        "quote" | "quoted" | "quote tweet" | "quote_tweet" | "quoted_tweet" => Some(Kind::Quote),
        "post" | "original" | "tweet" | "status" | "submission" => Some(Kind::Original),
        _ => None,
    }
}

/// Lower-case platform name from a tool's label (`Twitter`, `X`, `SOCIALMEDIA_TWITTER`, `FB`).
pub fn normalize_platform(label: &str) -> Option<CompactString> {
    if is_missing(&label.trim().to_lowercase()) {
        return None;
    }
    Some(CompactString::from(crate::model::canonical_platform(label)))
}

/// The platform a post URL belongs to, for exports that have no platform column.
pub fn platform_from_url(url: &str) -> Option<&'static str> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.strip_prefix("www.").unwrap_or(host);
    let host = host.strip_prefix("mobile.").unwrap_or(host);
    let host = host.strip_prefix("m.").unwrap_or(host);
    Some(match host {
        "twitter.com" | "x.com" | "t.co" => "twitter",
        "facebook.com" | "fb.com" => "facebook",
        "instagram.com" => "instagram",
        "youtube.com" | "youtu.be" => "youtube",
        "reddit.com" | "old.reddit.com" => "reddit",
        "tiktok.com" => "tiktok",
        "t.me" => "telegram",
        "linkedin.com" => "linkedin",
        "bsky.app" => "bluesky",
        _ => return None,
    })
}

/// Hashtags from a column: a JSON list as twarc writes it (`[{"start": 0, "end": 4, "tag":
/// "abc"}]`), a JSON list of strings, or a comma / space separated list with or without `#`.
/// Lower case, without `#`, in order, without repeats.
pub fn parse_hashtags(text: &str) -> Vec<CompactString> {
    let text = text.trim();
    let mut tags: Vec<CompactString> = Vec::new();
    // A scan finds repeats among a few tags; a column stuffed with thousands needs a set.
    let mut seen: FxHashSet<CompactString> = FxHashSet::default();
    let mut push = |tag: &str| {
        let tag = tag.trim().trim_start_matches(['#', '＃']).trim();
        if !tag.is_empty() {
            let tag = CompactString::from(tag.to_lowercase());
            let repeated = if tags.len() < SCAN_LIMIT {
                tags.contains(&tag)
            } else {
                if seen.is_empty() {
                    seen.extend(tags.iter().cloned());
                }
                !seen.insert(tag.clone())
            };
            if !repeated {
                tags.push(tag);
            }
        }
    };
    if text.starts_with('[') {
        if text.contains("\"tag\"") {
            let mut rest = text;
            while let Some(pos) = rest.find("\"tag\"") {
                rest = &rest[pos + 5..];
                let Some(open) = rest.find('"') else { break };
                let after = &rest[open + 1..];
                let Some(close) = after.find('"') else { break };
                push(&after[..close]);
                rest = &after[close + 1..];
            }
        } else {
            for item in text.trim_matches(['[', ']']).split(',') {
                push(item.trim().trim_matches(['"', '\'']));
            }
        }
    } else {
        for item in text.split([',', ';', ' ', '|']) {
            push(item);
        }
    }
    tags
}

/// Whether `text` opens with an `@handle` (letters, digits or `_` after the `@`), as an X
/// reply's text does.
pub fn starts_with_handle(text: &str) -> bool {
    text.trim_start()
        .strip_prefix('@')
        .and_then(|rest| rest.chars().next())
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `text` with the three HTML escapes X/Twitter writes in every post's text (`&amp;`, `&lt;`,
/// `&gt;`) turned back into their characters, in one pass (`&amp;lt;` is the text `&lt;`);
/// `None` when there is none. Other entities are left alone: a post may quote them.
pub fn unescape_html_basics(text: &str) -> Option<String> {
    const ESCAPES: [(&str, char); 3] = [("&amp;", '&'), ("&lt;", '<'), ("&gt;", '>')];
    if !text.contains('&') || !ESCAPES.iter().any(|(e, _)| text.contains(e)) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match ESCAPES.iter().find(|(e, _)| rest.starts_with(e)) {
            Some((escape, c)) => {
                out.push(*c);
                rest = &rest[escape.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(text: &str) -> Result<Option<u64>, CountError> {
        parse_count(text, Separators::default())
    }

    #[test]
    fn counts_in_every_locale() {
        assert_eq!(count("1234"), Ok(Some(1234)));
        assert_eq!(count("0"), Ok(Some(0)));
        assert_eq!(count("1,234"), Ok(Some(1234)));
        assert_eq!(count("1,234,567"), Ok(Some(1_234_567)));
        assert_eq!(count("12,34,567"), Ok(Some(1_234_567)), "Indian grouping");
        assert_eq!(count("1,23,45,678"), Ok(Some(12_345_678)));
        assert_eq!(count("12.500"), Ok(Some(12_500)));
        assert_eq!(count("1.234.567"), Ok(Some(1_234_567)));
        assert_eq!(count("1.234,5"), Ok(Some(1235)));
        assert_eq!(count("1,234.5"), Ok(Some(1235)));
        assert_eq!(count("1 234"), Ok(Some(1234)));
        assert_eq!(count("1\u{a0}234"), Ok(Some(1234)));
        assert_eq!(count("1'234"), Ok(Some(1234)));
        assert_eq!(count("3.0"), Ok(Some(3)));
        assert_eq!(
            count("0.500"),
            Ok(Some(1)),
            "a leading zero group is a decimal"
        );
        assert_eq!(count("2,5"), Ok(Some(3)));
        assert_eq!(count(" 42 "), Ok(Some(42)));
    }

    #[test]
    fn count_suffixes() {
        assert_eq!(count("1.2K"), Ok(Some(1200)));
        assert_eq!(count("1.2k"), Ok(Some(1200)));
        assert_eq!(count("2,5K"), Ok(Some(2500)));
        assert_eq!(count("3M"), Ok(Some(3_000_000)));
        assert_eq!(count("1.5 M"), Ok(Some(1_500_000)));
        assert_eq!(count("1B"), Ok(Some(1_000_000_000)));
        assert_eq!(count("1.250K"), Ok(Some(1250)));
    }

    #[test]
    fn missing_and_bad_counts() {
        for missing in ["", "NA", "N/A", "null", "NaN", "-", "None"] {
            assert_eq!(count(missing), Ok(None), "{missing:?}");
        }
        assert_eq!(count("-5"), Err(CountError::Negative));
        assert_eq!(count("-0"), Ok(Some(0)));
        assert_eq!(count("abc"), Err(CountError::NotANumber));
        assert_eq!(count("12abc"), Err(CountError::NotANumber));
        assert_eq!(count("1,2.3,4"), Err(CountError::NotANumber));
        assert_eq!(count("1.2.3"), Err(CountError::NotANumber));
        assert_eq!(count("12,34,5"), Err(CountError::NotANumber));
        assert_eq!(count("999999999999999"), Err(CountError::Absurd));
        assert_eq!(count("99999999999999999999999"), Err(CountError::Absurd));
        assert_eq!(count("5000B"), Err(CountError::Absurd));
        assert_eq!(count("K"), Err(CountError::NotANumber));
    }

    #[test]
    fn configured_separators_win() {
        let italian = Separators {
            decimal: Some(','),
            thousands: Some('.'),
        };
        assert_eq!(parse_count("1.234", italian), Ok(Some(1234)));
        assert_eq!(parse_count("1.234,6", italian), Ok(Some(1235)));
        let english = Separators {
            decimal: Some('.'),
            thousands: Some(','),
        };
        assert_eq!(parse_count("12.500", english), Ok(Some(13)));
        let thousands_only = Separators {
            decimal: None,
            thousands: Some(' '),
        };
        assert_eq!(parse_count("1 234,5", thousands_only), Ok(Some(1235)));
        // Only the decimal mark configured: the other mark groups thousands.
        let decimal_comma = Separators {
            decimal: Some(','),
            thousands: None,
        };
        assert_eq!(parse_count("1.234", decimal_comma), Ok(Some(1234)));
        assert_eq!(
            parse_count("12.500.000", decimal_comma),
            Ok(Some(12_500_000))
        );
        assert_eq!(parse_count("1.234,5", decimal_comma), Ok(Some(1235)));
        assert_eq!(parse_count("0,5", decimal_comma), Ok(Some(1)));
        // The implied mark only between groups of three: these are not numbers, not 25,
        // 15,000 or 12,345.
        for text in ["2.5", "1.5K", "1.2345", "12.34,5"] {
            assert_eq!(
                parse_count(text, decimal_comma),
                Err(CountError::NotANumber),
                "{text}"
            );
        }
        let decimal_point = Separators {
            decimal: Some('.'),
            thousands: None,
        };
        assert_eq!(parse_count("1,234", decimal_point), Ok(Some(1234)));
        assert_eq!(parse_count("1,234.4", decimal_point), Ok(Some(1234)));
        assert_eq!(
            parse_count("2,5", decimal_point),
            Err(CountError::NotANumber)
        );
    }

    #[test]
    fn ids() {
        assert_eq!(
            parse_id("570306133677760513"),
            IdValue::Id("570306133677760513".into())
        );
        assert_eq!(parse_id("3.0"), IdValue::Id("3".into()));
        assert_eq!(parse_id("12.00"), IdValue::Id("12".into()));
        assert_eq!(parse_id(" 42 "), IdValue::Id("42".into()));
        assert_eq!(
            parse_id("'570306133677760513"),
            IdValue::Id("570306133677760513".into())
        );
        assert_eq!(parse_id("5.70306E+17"), IdValue::Scientific);
        assert_eq!(parse_id("1.23e18"), IdValue::Scientific);
        assert_eq!(parse_id("5,70306E+17"), IdValue::Scientific);
        assert_eq!(parse_id("3E+18"), IdValue::Scientific);
        assert_eq!(parse_id(""), IdValue::Missing);
        assert_eq!(parse_id("NA"), IdValue::Missing);
        assert_eq!(parse_id("t1_abc123"), IdValue::Id("abc123".into()));
        assert_eq!(parse_id("t3_xyz"), IdValue::Id("xyz".into()));
        assert_eq!(
            parse_id("https://twitter.com/someone/status/1390633129203879937?s=20"),
            IdValue::Id("1390633129203879937".into())
        );
        assert_eq!(
            parse_id("http://twitter.com/someone/statuses/942743012337123328"),
            IdValue::Id("942743012337123328".into())
        );
        assert_eq!(parse_id("AppleSupport"), IdValue::Id("AppleSupport".into()));
        assert_eq!(
            parse_id("1.5"),
            IdValue::Id("1.5".into()),
            "a real fraction is not an integer id"
        );
        assert_eq!(
            parse_id("Emeline"),
            IdValue::Id("Emeline".into()),
            "an 'e' inside a word is not an exponent"
        );
    }

    #[test]
    fn booleans() {
        for yes in ["True", "TRUE", "true", "yes", "Y", "1", "sì", "Oui", "tak"] {
            assert_eq!(parse_bool(yes), Some(true), "{yes}");
        }
        for no in ["False", "FALSE", "no", "N", "0", "nie", "Nein"] {
            assert_eq!(parse_bool(no), Some(false), "{no}");
        }
        assert_eq!(parse_bool("maybe"), None);
        assert_eq!(parse_bool(""), None);
    }

    #[test]
    fn sentiments() {
        assert_eq!(parse_sentiment("positive"), Some(Sentiment::Positive));
        assert_eq!(parse_sentiment("Negative"), Some(Sentiment::Negative));
        assert_eq!(parse_sentiment("NEUTRAL"), Some(Sentiment::Neutral));
        assert_eq!(parse_sentiment("negativo"), Some(Sentiment::Negative));
        assert_eq!(parse_sentiment("neutralny"), Some(Sentiment::Neutral));
        assert_eq!(parse_sentiment("1"), Some(Sentiment::Positive));
        assert_eq!(parse_sentiment("-1"), Some(Sentiment::Negative));
        assert_eq!(parse_sentiment("0"), Some(Sentiment::Neutral));
        assert_eq!(parse_sentiment("-0,4"), Some(Sentiment::Negative));
        assert_eq!(parse_sentiment_label("Not Rated"), SentimentLabel::Unrated);
        assert_eq!(parse_sentiment_label(" unknown "), SentimentLabel::Unrated);
        assert_eq!(parse_sentiment_label("mixed"), SentimentLabel::Unrecognised);
        assert_eq!(
            parse_sentiment_label("sarcastic"),
            SentimentLabel::Unrecognised
        );
        assert_eq!(
            parse_sentiment_label("Negativo"),
            SentimentLabel::Rated(Sentiment::Negative)
        );
    }

    #[test]
    fn kinds() {
        assert_eq!(parse_kind("reply"), Some(Kind::Reply));
        assert_eq!(parse_kind("comment"), Some(Kind::Reply));
        assert_eq!(parse_kind("share"), Some(Kind::Repost));
        assert_eq!(parse_kind("retweet"), Some(Kind::Repost));
        assert_eq!(parse_kind("quote"), Some(Kind::Quote));
        assert_eq!(parse_kind("post"), Some(Kind::Original));
        assert_eq!(parse_kind("original"), Some(Kind::Original));
        assert_eq!(parse_kind("Photo"), None);
    }

    #[test]
    fn platforms() {
        assert_eq!(normalize_platform("Twitter").as_deref(), Some("twitter"));
        assert_eq!(normalize_platform("X").as_deref(), Some("twitter"));
        assert_eq!(
            normalize_platform("SOCIALMEDIA_TWITTER").as_deref(),
            Some("twitter")
        );
        assert_eq!(normalize_platform("Online News").as_deref(), Some("news"));
        assert_eq!(normalize_platform("Podcast").as_deref(), Some("podcast"));
        assert_eq!(normalize_platform(""), None);
        assert_eq!(
            platform_from_url("https://twitter.com/a/status/1"),
            Some("twitter")
        );
        assert_eq!(
            platform_from_url("https://x.com/a/status/1"),
            Some("twitter")
        );
        assert_eq!(
            platform_from_url("https://www.facebook.com/p/1"),
            Some("facebook")
        );
        assert_eq!(
            platform_from_url("https://m.youtube.com/watch?v=1"),
            Some("youtube")
        );
        assert_eq!(platform_from_url("https://example.com/x"), None);
    }

    #[test]
    fn hashtags() {
        assert_eq!(
            parse_hashtags(
                r#"[{"start": 0, "end": 6, "tag": "Guitar"}, {"start": 7, "end": 12, "tag": "fail"}]"#
            ),
            vec!["guitar", "fail"]
        );
        assert_eq!(
            parse_hashtags(r#"["Guitar", "fail"]"#),
            vec!["guitar", "fail"]
        );
        assert_eq!(
            parse_hashtags("#Guitar, #fail, #guitar"),
            vec!["guitar", "fail"]
        );
        assert_eq!(parse_hashtags("guitar fail"), vec!["guitar", "fail"]);
        assert!(parse_hashtags("").is_empty());
        // A column stuffed with tags: each kept once, in order, beyond the scanned first few.
        let stuffed: Vec<String> = (0..500).map(|i| format!("#T{}", i % 120)).collect();
        let tags = parse_hashtags(&stuffed.join(" "));
        assert_eq!(tags.len(), 120);
        assert!(tags.iter().enumerate().all(|(i, t)| *t == format!("t{i}")));
    }

    #[test]
    fn html_escapes_of_tweets_are_undone_once() {
        assert_eq!(unescape_html_basics("no escapes & no harm"), None);
        assert_eq!(
            unescape_html_basics("Settings &gt; Sounds &amp; more &lt;3").as_deref(),
            Some("Settings > Sounds & more <3")
        );
        // One pass: an escaped escape is the escape's text; other entities stay.
        assert_eq!(
            unescape_html_basics("&amp;lt; &quot;x&quot; &amp").as_deref(),
            Some("&lt; &quot;x&quot; &amp")
        );
    }

    #[test]
    fn a_text_opening_with_a_handle() {
        assert!(starts_with_handle("@JarrettHurms One of the many reasons"));
        assert!(starts_with_handle("  @_anna_ thanks"));
        assert!(!starts_with_handle(".@united why?"));
        assert!(!starts_with_handle("@ noon"));
        assert!(!starts_with_handle("Thanks @anna"));
    }
}
