//! Dates and times as exports write them. The text is split into tokens once and read by a
//! small grammar that covers every layout listed in `docs/formats.md`; the calendar and
//! time-zone arithmetic is jiff's.

use jiff::civil::DateTime;
use jiff::tz::{AmbiguousOffset, Offset, TimeZone};
use jiff::Timestamp;

use crate::model::ClockChange;

use crate::config::DateOrder;

/// What went wrong reading one time value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeError {
    /// Not a layout casebook knows.
    Unrecognised,
    /// A known layout with impossible values (month 13, 25:00).
    Impossible,
    /// A numeric date like `18/05/2012` that is only valid in the other day/month order
    /// than the one the column is read with.
    OrderConflict,
}

/// A parsed time: the instant, and whether the text had no zone so `zone` was assumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedTime {
    pub at: Timestamp,
    pub zone_assumed: bool,
    /// A local time the zone's clock change made ambiguous, read as explained there.
    pub shifted: Option<ClockChange>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok<'a> {
    /// Digits: value (saturating) and how many digits.
    Num(u64, usize),
    Word(&'a str),
    Punct(u8),
}

const MAX_TOKENS: usize = 24;

fn tokenize(text: &str) -> Option<([Tok<'_>; MAX_TOKENS], usize)> {
    let mut toks = [Tok::Punct(0); MAX_TOKENS];
    let mut n = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let start = i;
        let tok = if b.is_ascii_digit() {
            let mut value: u64 = 0;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                value = value
                    .saturating_mul(10)
                    .saturating_add(u64::from(bytes[i] - b'0'));
                i += 1;
            }
            Tok::Num(value, i - start)
        } else if b.is_ascii_alphabetic() || b >= 0x80 {
            while i < bytes.len() && (bytes[i].is_ascii_alphabetic() || bytes[i] >= 0x80) {
                i += 1;
            }
            Tok::Word(&text[start..i])
        } else if b == b' ' || b == b'\t' {
            i += 1;
            continue;
        } else {
            i += 1;
            Tok::Punct(b)
        };
        if n == MAX_TOKENS {
            return None;
        }
        toks[n] = tok;
        n += 1;
    }
    Some((toks, n))
}

/// Lower-cases a short word into a stack buffer (no allocation on the per-row path).
fn lower_ascii<const N: usize>(word: &str) -> Option<([u8; N], usize)> {
    if word.len() > N {
        return None;
    }
    let mut buf = [0u8; N];
    for (slot, b) in buf.iter_mut().zip(word.bytes()) {
        *slot = b.to_ascii_lowercase();
    }
    Some((buf, word.len()))
}

fn month_number(word: &str) -> Option<i8> {
    if word.len() < 3 {
        return None;
    }
    // The first three characters, lower case: "Oct", "ottobre", "paź".
    let end = word.char_indices().nth(3).map_or(word.len(), |(i, _)| i);
    let (buf, len) = lower_ascii::<12>(&word[..end])?;
    let prefix = std::str::from_utf8(&buf[..len]).ok()?;
    let juil = word
        .get(..4)
        .is_some_and(|w| w.eq_ignore_ascii_case("juil"));
    let month = match prefix {
        "jan" | "gen" | "ene" | "sty" => 1,
        "feb" | "fév" | "fev" | "lut" => 2,
        "mar" => 3,
        "apr" | "abr" | "avr" | "kwi" => 4,
        "may" | "mag" | "mai" | "maj" => 5,
        "jui" if juil => 7,
        "jun" | "giu" | "jui" | "cze" => 6,
        "jul" | "lug" | "lip" => 7,
        "aug" | "ago" | "aoû" | "aou" | "sie" => 8,
        "sep" | "set" | "wrz" => 9,
        "oct" | "ott" | "paź" | "paz" => 10,
        "nov" | "lis" => 11,
        "dec" | "dic" | "déc" | "dez" | "gru" => 12,
        _ => return None,
    };
    Some(month)
}

fn is_weekday(word: &str) -> bool {
    word.len() >= 3
        && word.len() <= 9
        && word.is_char_boundary(3)
        && ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            .iter()
            .any(|d| word[..3].eq_ignore_ascii_case(d))
}

/// Fixed offsets of the zone abbreviations exports write (CrowdTangle's `EST`, Twitter's `UTC`).
/// `CST` is read in its North-American sense; `IST` (India, Ireland or Israel) and `AST`
/// (Atlantic or Arabia) are too ambiguous to read, so their rows are rejected and reported.
fn abbreviation_offset(word: &str) -> Option<i32> {
    let hours = |h: i32| h * 3600;
    let minutes = |m: i32| m * 60;
    let (buf, len) = lower_ascii::<5>(word)?;
    Some(match std::str::from_utf8(&buf[..len]).ok()? {
        "z" | "utc" | "gmt" | "ut" | "wet" => 0,
        "bst" | "cet" | "west" | "mez" => hours(1),
        "cest" | "eet" | "mesz" | "sast" => hours(2),
        "eest" | "msk" => hours(3),
        "est" => hours(-5),
        "edt" => hours(-4),
        "cst" => hours(-6),
        "cdt" => hours(-5),
        "mst" => hours(-7),
        "mdt" => hours(-6),
        "pst" => hours(-8),
        "pdt" => hours(-7),
        "akst" => hours(-9),
        "akdt" => hours(-8),
        "hst" => hours(-10),
        "jst" | "kst" | "wit" => hours(9),
        "aest" => hours(10),
        "aedt" => hours(11),
        "wat" => hours(1),
        "cat" => hours(2),
        "eat" => hours(3),
        "pkt" => hours(5),
        "npt" => minutes(5 * 60 + 45),
        "ict" | "wib" => hours(7),
        "sgt" | "hkt" | "pht" | "awst" | "wita" => hours(8),
        "acst" => minutes(9 * 60 + 30),
        "acdt" => minutes(10 * 60 + 30),
        "nzst" => hours(12),
        "nzdt" => hours(13),
        "brt" | "art" | "adt" => hours(-3),
        "nst" => minutes(-(3 * 60 + 30)),
        "ndt" => minutes(-(2 * 60 + 30)),
        _ => return None,
    })
}

fn expand_year(value: u64, digits: usize) -> Option<i16> {
    match digits {
        4 => i16::try_from(value).ok(),
        2 => Some(if value < 70 {
            2000 + value as i16
        } else {
            1900 + value as i16
        }),
        _ => None,
    }
}

/// What a value says about the day/month order of its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumericDate {
    /// Not a numeric `a/b/year` date.
    NotNumeric,
    /// Valid either way, like `05/06/2012`.
    Ambiguous,
    /// Only valid in this order, like `18/05/2012`.
    Proves(DateOrder),
}

/// Which day/month order a numeric date like `18/05/2012` proves, if any.
pub fn numeric_date(text: &str) -> NumericDate {
    let Some((toks, n)) = tokenize(text.trim()) else {
        return NumericDate::NotNumeric;
    };
    let toks = &toks[..n];
    let start = usize::from(matches!(toks.first(), Some(Tok::Word(w)) if is_weekday(w)));
    match toks.get(start..start + 5) {
        Some(
            [Tok::Num(a, la), Tok::Punct(s1), Tok::Num(b, lb), Tok::Punct(s2), Tok::Num(_, ly)],
        ) if *la <= 2
            && *lb <= 2
            && s1 == s2
            && (*ly == 2 || *ly == 4)
            && matches!(s1, b'/' | b'.' | b'-') =>
        {
            if *a > 12 && *b <= 12 {
                NumericDate::Proves(DateOrder::Dmy)
            } else if *b > 12 && *a <= 12 {
                NumericDate::Proves(DateOrder::Mdy)
            } else {
                NumericDate::Ambiguous
            }
        }
        _ => NumericDate::NotNumeric,
    }
}

/// Reads a time in any supported layout. Times without a zone or offset are read in `zone`.
/// `order` decides numeric dates such as `05/06/2012`.
pub fn parse_time(text: &str, zone: &TimeZone, order: DateOrder) -> Result<ParsedTime, TimeError> {
    let text = text.trim();
    if let Some(at) = parse_epoch(text) {
        return at.map(|at| ParsedTime {
            at,
            zone_assumed: false,
            shifted: None,
        });
    }
    let (toks, n) = tokenize(text).ok_or(TimeError::Unrecognised)?;
    let (civil, offset) = parse_tokens(&toks[..n], order)?;
    to_instant(civil, offset, zone)
}

fn to_instant(
    civil: DateTime,
    offset: Option<i32>,
    zone: &TimeZone,
) -> Result<ParsedTime, TimeError> {
    match offset {
        Some(seconds) => {
            let offset = Offset::from_seconds(seconds).map_err(|_| TimeError::Impossible)?;
            let at = offset
                .to_timestamp(civil)
                .map_err(|_| TimeError::Impossible)?;
            Ok(ParsedTime {
                at,
                zone_assumed: false,
                shifted: None,
            })
        }
        None => {
            let ambiguous = zone.to_ambiguous_timestamp(civil);
            let shifted = match ambiguous.offset() {
                AmbiguousOffset::Unambiguous { .. } => None,
                AmbiguousOffset::Gap { .. } => Some(ClockChange::Skipped),
                AmbiguousOffset::Fold { .. } => Some(ClockChange::Repeated),
            };
            // `compatible`: a skipped time moves forward by the gap, a repeated one is the
            // earlier instant (RFC 5545's rule, and what `to_timestamp` did).
            let at = ambiguous.compatible().map_err(|_| TimeError::Impossible)?;
            Ok(ParsedTime {
                at,
                zone_assumed: true,
                shifted,
            })
        }
    }
}

/// Epoch seconds (9–11 digits, optionally with a fraction) or milliseconds (12–14 digits).
fn parse_epoch(text: &str) -> Option<Result<Timestamp, TimeError>> {
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, f),
        None => (text, ""),
    };
    if int.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let value: i64 = int.parse().ok()?;
    let result = match int.len() {
        9..=11 => {
            let nanos = if frac.is_empty() {
                0
            } else {
                let digits: String = frac.chars().chain(std::iter::repeat('0')).take(9).collect();
                digits.parse::<i32>().unwrap_or(0)
            };
            Timestamp::new(value, nanos)
        }
        12..=14 if frac.bytes().all(|b| b == b'0') => Timestamp::from_millisecond(value),
        _ => return None,
    };
    Some(result.map_err(|_| TimeError::Impossible))
}

struct Cursor<'t, 'a> {
    toks: &'t [Tok<'a>],
    pos: usize,
}

impl<'a> Cursor<'_, 'a> {
    fn peek(&self) -> Option<Tok<'a>> {
        self.toks.get(self.pos).copied()
    }
    fn peek_at(&self, ahead: usize) -> Option<Tok<'a>> {
        self.toks.get(self.pos + ahead).copied()
    }
    fn bump(&mut self) {
        self.pos += 1;
    }
    fn eat_punct(&mut self, set: &[u8]) -> bool {
        match self.peek() {
            Some(Tok::Punct(p)) if set.contains(&p) => {
                self.pos += 1;
                true
            }
            _ => false,
        }
    }
    fn num(&mut self, digits: std::ops::RangeInclusive<usize>) -> Option<u64> {
        match self.peek() {
            Some(Tok::Num(v, n)) if digits.contains(&n) => {
                self.pos += 1;
                Some(v)
            }
            _ => None,
        }
    }
}

/// The date part: (year, month, day), where the year may come after the time (`Tue Oct 31
/// 22:10:47 +0000 2017`).
fn parse_date_part(
    c: &mut Cursor<'_, '_>,
    order: DateOrder,
) -> Result<(Option<i16>, i8, i8), TimeError> {
    if matches!(c.peek(), Some(Tok::Word(w)) if is_weekday(w)) {
        c.bump();
        c.eat_punct(b",");
    }
    let small = |v: u64| i8::try_from(v).map_err(|_| TimeError::Impossible);
    match (
        c.peek(),
        c.peek_at(1),
        c.peek_at(2),
        c.peek_at(3),
        c.peek_at(4),
    ) {
        // 2021-03-01, 2021/03/01, 2021.03.01
        (
            Some(Tok::Num(y, 4)),
            Some(Tok::Punct(s1)),
            Some(Tok::Num(m, 1..=2)),
            Some(Tok::Punct(s2)),
            Some(Tok::Num(d, 1..=2)),
        ) if s1 == s2 && matches!(s1, b'-' | b'/' | b'.') => {
            c.pos += 5;
            Ok((Some(y as i16), small(m)?, small(d)?))
        }
        // 18/05/2012, 05/18/2012, 18.05.12
        (
            Some(Tok::Num(a, 1..=2)),
            Some(Tok::Punct(s1)),
            Some(Tok::Num(b, 1..=2)),
            Some(Tok::Punct(s2)),
            Some(Tok::Num(y, ly)),
        ) if s1 == s2 && matches!(s1, b'-' | b'/' | b'.') && (ly == 2 || ly == 4) => {
            c.pos += 5;
            let year = expand_year(y, ly).ok_or(TimeError::Unrecognised)?;
            let (day, month) = match order {
                DateOrder::Dmy => (a, b),
                DateOrder::Mdy => (b, a),
            };
            if month > 12 && day <= 12 {
                return Err(TimeError::OrderConflict);
            }
            Ok((Some(year), small(month)?, small(day)?))
        }
        // 07-Jul-25, 1 March 2021, 01.Mar.2021
        (Some(Tok::Num(d, 1..=2)), _, _, _, _) => {
            c.bump();
            c.eat_punct(b"-/.");
            let Some(Tok::Word(w)) = c.peek() else {
                return Err(TimeError::Unrecognised);
            };
            let month = month_number(w).ok_or(TimeError::Unrecognised)?;
            c.bump();
            c.eat_punct(b"-/.,");
            let year = match c.peek() {
                Some(Tok::Num(y, ly @ (2 | 4))) => {
                    c.bump();
                    expand_year(y, ly)
                }
                _ => return Err(TimeError::Unrecognised),
            };
            Ok((year, month, small(d)?))
        }
        // Oct 31 2017, March 1, 2021, Oct 31 22:10:47 +0000 2017 (year later)
        (Some(Tok::Word(w)), _, _, _, _) => {
            let month = month_number(w).ok_or(TimeError::Unrecognised)?;
            c.bump();
            c.eat_punct(b".");
            let day = c.num(1..=2).ok_or(TimeError::Unrecognised)?;
            c.eat_punct(b",");
            let year = match (c.peek(), c.peek_at(1)) {
                (Some(Tok::Num(y, 4)), next) if !matches!(next, Some(Tok::Punct(b':'))) => {
                    c.bump();
                    Some(y as i16)
                }
                _ => None,
            };
            Ok((year, month, small(day)?))
        }
        _ => Err(TimeError::Unrecognised),
    }
}

/// `HH:MM[:SS[.fff]] [AM|PM]`; `None` when there is no time.
fn parse_time_part(c: &mut Cursor<'_, '_>) -> Result<Option<(i8, i8, i8, i32)>, TimeError> {
    match c.peek() {
        Some(Tok::Word(w)) if w.eq_ignore_ascii_case("t") || w.eq_ignore_ascii_case("at") => {
            c.bump()
        }
        Some(Tok::Punct(b',')) => c.bump(),
        _ => {}
    }
    let (Some(Tok::Num(h, 1..=2)), Some(Tok::Punct(b':' | b'.')), Some(Tok::Num(m, 2))) =
        (c.peek(), c.peek_at(1), c.peek_at(2))
    else {
        return Ok(None);
    };
    c.pos += 3;
    let mut second = 0;
    let mut nanos = 0;
    if matches!(
        (c.peek(), c.peek_at(1)),
        (Some(Tok::Punct(b':')), Some(Tok::Num(_, 2)))
    ) {
        c.bump();
        second = c.num(2..=2).unwrap_or(0);
        if let (Some(Tok::Punct(b'.' | b',')), Some(Tok::Num(f, digits))) = (c.peek(), c.peek_at(1))
        {
            if digits > 9 {
                return Err(TimeError::Unrecognised);
            }
            c.pos += 2;
            nanos = (f * 10u64.pow((9 - digits) as u32)) as i32;
        }
    }
    let mut hour = h;
    if let Some(Tok::Word(w)) = c.peek() {
        let pm = w.eq_ignore_ascii_case("pm");
        if pm || w.eq_ignore_ascii_case("am") {
            c.bump();
            if !(1..=12).contains(&hour) {
                return Err(TimeError::Impossible);
            }
            hour = match (pm, hour) {
                (false, 12) => 0,
                (true, 12) => 12,
                (true, h) => h + 12,
                (false, h) => h,
            };
        }
    }
    if hour > 23 || m > 59 || second > 60 {
        return Err(TimeError::Impossible);
    }
    // A leap second (…:60) is read as the last second of the minute.
    Ok(Some((hour as i8, m as i8, second.min(59) as i8, nanos)))
}

/// `Z`, `UTC`, `GMT+01:00`, `EST`, `+0000`, `+00:00`, `-08`; `None` when there is no zone.
fn parse_zone_part(c: &mut Cursor<'_, '_>) -> Result<Option<i32>, TimeError> {
    let mut base = None;
    if let Some(Tok::Word(w)) = c.peek() {
        if let Some(seconds) = abbreviation_offset(w) {
            c.bump();
            base = Some(seconds);
        } else {
            return Err(TimeError::Unrecognised);
        }
    }
    let sign = match c.peek() {
        Some(Tok::Punct(b'+')) => 1,
        Some(Tok::Punct(b'-')) => -1,
        _ => return Ok(base),
    };
    c.bump();
    let (hours, minutes) = match (c.peek(), c.peek_at(1), c.peek_at(2)) {
        (Some(Tok::Num(hhmm, 4)), _, _) => {
            c.bump();
            (hhmm / 100, hhmm % 100)
        }
        (Some(Tok::Num(hh, 1..=2)), Some(Tok::Punct(b':')), Some(Tok::Num(mm, 2))) => {
            c.pos += 3;
            (hh, mm)
        }
        (Some(Tok::Num(hh, 1..=2)), _, _) => {
            c.bump();
            (hh, 0)
        }
        _ => return Err(TimeError::Unrecognised),
    };
    if hours > 18 || minutes > 59 {
        return Err(TimeError::Impossible);
    }
    Ok(Some(
        base.unwrap_or(0) + sign * (hours as i32 * 3600 + minutes as i32 * 60),
    ))
}

fn parse_tokens(toks: &[Tok<'_>], order: DateOrder) -> Result<(DateTime, Option<i32>), TimeError> {
    let mut c = Cursor { toks, pos: 0 };
    let (mut year, month, day) = parse_date_part(&mut c, order)?;
    let time = parse_time_part(&mut c)?;
    let offset = if time.is_some() {
        parse_zone_part(&mut c)?
    } else {
        None
    };
    if year.is_none() {
        year = match c.peek() {
            Some(Tok::Num(y, 4)) => {
                c.bump();
                Some(y as i16)
            }
            _ => return Err(TimeError::Unrecognised),
        };
    }
    if c.pos != toks.len() {
        return Err(TimeError::Unrecognised);
    }
    let (h, m, s, ns) = time.unwrap_or((0, 0, 0, 0));
    let year = year.ok_or(TimeError::Unrecognised)?;
    let civil = DateTime::new(year, month, day, h, m, s, ns).map_err(|_| TimeError::Impossible)?;
    Ok((civil, offset))
}

/// Reads a time with a user-given strftime format (`[columns] date_format`), e.g.
/// `%d/%m/%Y %H:%M`. Formats with `%z` or `%Z`/`%Q` give the instant directly; others are read
/// in `zone`; a date-only format gives midnight.
pub fn parse_with_format(
    text: &str,
    format: &str,
    zone: &TimeZone,
) -> Result<ParsedTime, TimeError> {
    let broken =
        jiff::fmt::strtime::parse(format, text.trim()).map_err(|_| TimeError::Unrecognised)?;
    if let Ok(at) = broken.to_timestamp() {
        return Ok(ParsedTime {
            at,
            zone_assumed: false,
            shifted: None,
        });
    }
    let civil = match broken.to_datetime() {
        Ok(dt) => dt,
        Err(_) => broken
            .to_date()
            .map_err(|_| TimeError::Impossible)?
            .to_datetime(jiff::civil::Time::midnight()),
    };
    to_instant(civil, None, zone)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> String {
        let p = parse_time(text, &TimeZone::UTC, DateOrder::Dmy)
            .unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
        p.at.to_string()
    }

    fn assumed(text: &str) -> bool {
        parse_time(text, &TimeZone::UTC, DateOrder::Dmy)
            .unwrap()
            .zone_assumed
    }

    #[test]
    fn rfc3339_variants() {
        assert_eq!(utc("2021-05-18T19:24:56.000Z"), "2021-05-18T19:24:56Z");
        assert_eq!(utc("2021-05-18T19:24:56Z"), "2021-05-18T19:24:56Z");
        assert_eq!(utc("2021-05-18T21:24:56+02:00"), "2021-05-18T19:24:56Z");
        assert_eq!(utc("2021-05-18T19:24:56+0000"), "2021-05-18T19:24:56Z");
        assert_eq!(
            utc("2021-05-18T19:24:56.123456789Z"),
            "2021-05-18T19:24:56.123456789Z"
        );
        assert_eq!(utc("2026-03-13T20:00:00.000Z"), "2026-03-13T20:00:00Z");
        assert!(!assumed("2021-05-18T19:24:56Z"));
    }

    #[test]
    fn space_separated_variants() {
        assert_eq!(utc("2021-03-01 12:34:56.0"), "2021-03-01T12:34:56Z");
        assert_eq!(utc("2021-03-01 12:34:56"), "2021-03-01T12:34:56Z");
        assert!(assumed("2021-03-01 12:34:56"));
        assert_eq!(utc("2015-02-24 11:35:52 -0800"), "2015-02-24T19:35:52Z");
        assert!(!assumed("2015-02-24 11:35:52 -0800"));
        assert_eq!(utc("2021-03-01 12:34:56+00:00"), "2021-03-01T12:34:56Z");
        assert_eq!(utc("2021-03-01 12:34:56 +00:00"), "2021-03-01T12:34:56Z");
        assert_eq!(utc("2021-03-01 12:34"), "2021-03-01T12:34:00Z");
        assert_eq!(utc("2021/03/01 12:34:56"), "2021-03-01T12:34:56Z");
    }

    #[test]
    fn twitter_classic() {
        assert_eq!(
            utc("Tue Oct 31 22:10:47 +0000 2017"),
            "2017-10-31T22:10:47Z"
        );
        assert_eq!(utc("Sat Jan 01 00:00:00 UTC 2020"), "2020-01-01T00:00:00Z");
        assert_eq!(
            utc("Mon Dec 18 13:07:04 +0100 2017"),
            "2017-12-18T12:07:04Z"
        );
        assert!(!assumed("Sat Jan 01 00:00:00 UTC 2020"));
    }

    #[test]
    fn zone_abbreviations() {
        assert_eq!(utc("2020-03-01 14:02:11 EST"), "2020-03-01T19:02:11Z");
        assert_eq!(utc("2020-07-01 14:02:11 EDT"), "2020-07-01T18:02:11Z");
        assert_eq!(utc("2020-07-01 14:02:11 PDT"), "2020-07-01T21:02:11Z");
        assert_eq!(utc("2020-07-01 14:02:11 CEST"), "2020-07-01T12:02:11Z");
        assert_eq!(utc("2020-07-01 14:02:11 GMT+01:00"), "2020-07-01T13:02:11Z");
        // CrowdTangle writes the page's zone, wherever it is.
        assert_eq!(utc("2020-03-02 09:00:00 NZDT"), "2020-03-01T20:00:00Z");
        assert_eq!(utc("2020-03-02 09:00:00 SGT"), "2020-03-02T01:00:00Z");
        assert_eq!(utc("2020-03-02 09:00:00 BRT"), "2020-03-02T12:00:00Z");
        assert_eq!(utc("2020-03-02 09:00:00 NPT"), "2020-03-02T03:15:00Z");
        assert_eq!(utc("2020-03-02 09:00:00 NST"), "2020-03-02T12:30:00Z");
        // India, Ireland or Israel: not guessed.
        assert_eq!(
            parse_time("2020-03-02 09:00:00 IST", &TimeZone::UTC, DateOrder::Dmy),
            Err(TimeError::Unrecognised)
        );
        assert_eq!(
            parse_time("2020-07-01 14:02:11 XYZ", &TimeZone::UTC, DateOrder::Dmy),
            Err(TimeError::Unrecognised)
        );
    }

    #[test]
    fn day_first_and_month_first() {
        assert_eq!(utc("18/05/2012 13:04"), "2012-05-18T13:04:00Z");
        let mdy = parse_time("05/18/2012 1:04 PM", &TimeZone::UTC, DateOrder::Mdy).unwrap();
        assert_eq!(mdy.at.to_string(), "2012-05-18T13:04:00Z");
        // 05/06/2012 is 5 June day-first and 6 May month-first.
        assert_eq!(utc("05/06/2012"), "2012-06-05T00:00:00Z");
        let may = parse_time("05/06/2012", &TimeZone::UTC, DateOrder::Mdy).unwrap();
        assert_eq!(may.at.to_string(), "2012-05-06T00:00:00Z");
        assert_eq!(
            parse_time("05/18/2012", &TimeZone::UTC, DateOrder::Dmy),
            Err(TimeError::OrderConflict)
        );
        assert_eq!(
            parse_time("18/05/2012", &TimeZone::UTC, DateOrder::Mdy),
            Err(TimeError::OrderConflict)
        );
        assert_eq!(utc("18.05.12 13:04:05"), "2012-05-18T13:04:05Z");
        assert_eq!(utc("12/01/2020 12:00 AM"), "2020-01-12T00:00:00Z");
        assert_eq!(utc("12/01/2020 12:30 PM"), "2020-01-12T12:30:00Z");
    }

    #[test]
    fn order_evidence_from_values() {
        assert_eq!(
            numeric_date("18/05/2012 13:04"),
            NumericDate::Proves(DateOrder::Dmy)
        );
        assert_eq!(
            numeric_date("05/18/2012 1:04 PM"),
            NumericDate::Proves(DateOrder::Mdy)
        );
        assert_eq!(numeric_date("05/06/2012"), NumericDate::Ambiguous);
        assert_eq!(numeric_date("2012-05-18"), NumericDate::NotNumeric);
        assert_eq!(
            numeric_date("Tue Oct 31 22:10:47 +0000 2017"),
            NumericDate::NotNumeric
        );
    }

    #[test]
    fn month_names_and_separate_time() {
        assert_eq!(utc("07-Jul-25 05:12 PM"), "2025-07-07T17:12:00Z");
        assert_eq!(utc("07-Jul-25"), "2025-07-07T00:00:00Z");
        assert_eq!(utc("1 March 2021 10:00"), "2021-03-01T10:00:00Z");
        assert_eq!(utc("Mar 1, 2021 10:00 AM"), "2021-03-01T10:00:00Z");
        assert_eq!(utc("12 dic 2021"), "2021-12-12T00:00:00Z");
        assert_eq!(utc("12 luglio 2021"), "2021-07-12T00:00:00Z");
        assert_eq!(utc("3 juil. 2021"), "2021-07-03T00:00:00Z");
        // A fourth character of more than one byte where `juil` would end.
        assert_eq!(month_number("juiñ"), Some(6));
        assert_eq!(month_number("jui€"), Some(6));
    }

    #[test]
    fn epochs() {
        assert_eq!(utc("1614600000"), "2021-03-01T12:00:00Z");
        assert_eq!(utc("1614600000.5"), "2021-03-01T12:00:00.5Z");
        assert_eq!(utc("1614600000000"), "2021-03-01T12:00:00Z");
        assert_eq!(utc("1614600000.0"), "2021-03-01T12:00:00Z");
        assert!(!assumed("1614600000"));
    }

    #[test]
    fn date_only_and_naive_in_zone() {
        assert_eq!(utc("2021-03-01"), "2021-03-01T00:00:00Z");
        assert!(assumed("2021-03-01"));
        let rome = TimeZone::get("Europe/Rome").unwrap();
        let p = parse_time("2021-03-01 12:00:00", &rome, DateOrder::Dmy).unwrap();
        assert_eq!(p.at.to_string(), "2021-03-01T11:00:00Z");
        assert!(p.zone_assumed);
        let summer = parse_time("2021-07-01 12:00", &rome, DateOrder::Dmy).unwrap();
        assert_eq!(summer.at.to_string(), "2021-07-01T10:00:00Z");
    }

    #[test]
    fn impossible_and_unknown() {
        let bad = |t: &str| parse_time(t, &TimeZone::UTC, DateOrder::Dmy);
        assert_eq!(bad("2021-13-01"), Err(TimeError::Impossible));
        assert_eq!(bad("2021-02-30 10:00"), Err(TimeError::Impossible));
        assert_eq!(bad("2021-02-01 25:00"), Err(TimeError::Impossible));
        assert_eq!(bad("2 years ago"), Err(TimeError::Unrecognised));
        assert_eq!(bad("yesterday"), Err(TimeError::Unrecognised));
        assert_eq!(bad("hello world"), Err(TimeError::Unrecognised));
        assert_eq!(bad(""), Err(TimeError::Unrecognised));
        assert_eq!(
            bad("2021-03-01 12:34:56 trailing"),
            Err(TimeError::Unrecognised)
        );
        assert_eq!(bad("12345"), Err(TimeError::Unrecognised));
        assert_eq!(bad(&"9".repeat(60)), Err(TimeError::Unrecognised));
        assert_eq!(bad(&"1-".repeat(40)), Err(TimeError::Unrecognised));
    }

    #[test]
    fn custom_formats() {
        let p =
            parse_with_format("01.03.2021 - 14h05", "%d.%m.%Y - %Hh%M", &TimeZone::UTC).unwrap();
        assert_eq!(p.at.to_string(), "2021-03-01T14:05:00Z");
        assert!(p.zone_assumed);
        let p = parse_with_format(
            "2021-03-01 14:05 +0100",
            "%Y-%m-%d %H:%M %z",
            &TimeZone::UTC,
        )
        .unwrap();
        assert_eq!(p.at.to_string(), "2021-03-01T13:05:00Z");
        assert!(!p.zone_assumed);
        let p = parse_with_format("01/03/2021", "%d/%m/%Y", &TimeZone::UTC).unwrap();
        assert_eq!(p.at.to_string(), "2021-03-01T00:00:00Z");
        assert_eq!(
            parse_with_format("junk", "%d/%m/%Y", &TimeZone::UTC),
            Err(TimeError::Unrecognised)
        );
    }
}
