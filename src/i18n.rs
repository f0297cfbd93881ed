//! Report language: one string catalogue per language (`templates/i18n/<lang>.toml`, compiled
//! into the binary) and number, percent, duration and date formatting per locale.
//!
//! Catalogue keys are dotted (`kpi.peak`); `{name}` in a string is a placeholder filled by
//! [`Catalog::fill`]. A key missing in a language falls back to English; a test checks that all
//! four catalogues have the same keys, so the fallback is a safety net, not a habit.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use jiff::tz::TimeZone;
use jiff::Timestamp;

use crate::model::Language;

const SOURCES: [(Language, &str); 4] = [
    (Language::En, include_str!("../templates/i18n/en.toml")),
    (Language::It, include_str!("../templates/i18n/it.toml")),
    (Language::Es, include_str!("../templates/i18n/es.toml")),
    (Language::Pl, include_str!("../templates/i18n/pl.toml")),
];

/// The strings of one language, flattened to `dotted.key → text`.
#[derive(Debug)]
pub struct Catalog {
    pub language: Language,
    strings: BTreeMap<String, String>,
}

fn flatten(prefix: &str, value: &toml::Value, out: &mut BTreeMap<String, String>) {
    match value {
        toml::Value::Table(table) => {
            for (k, v) in table {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        toml::Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        other => {
            out.insert(prefix.to_string(), other.to_string());
        }
    }
}

fn parse(source: &str) -> BTreeMap<String, String> {
    // The catalogues are compiled in and checked by the tests below, so a parse failure is a
    // build defect; an empty catalogue keeps the program running on English fallbacks.
    let value: toml::Value =
        toml::from_str(source).unwrap_or(toml::Value::Table(Default::default()));
    let mut out = BTreeMap::new();
    flatten("", &value, &mut out);
    out
}

impl Catalog {
    /// The catalogue of `lang`, parsed once per process.
    pub fn get(lang: Language) -> &'static Catalog {
        static CATALOGS: OnceLock<Vec<Catalog>> = OnceLock::new();
        let all = CATALOGS.get_or_init(|| {
            SOURCES
                .iter()
                .map(|(language, source)| Catalog {
                    language: *language,
                    strings: parse(source),
                })
                .collect()
        });
        all.iter().find(|c| c.language == lang).unwrap_or(&all[0])
    }

    /// The string for `key`, falling back to English, then to the key itself.
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        if let Some(s) = self.strings.get(key) {
            return s;
        }
        let english = Catalog::get(Language::En);
        english.strings.get(key).map(String::as_str).unwrap_or(key)
    }

    /// A platform's usual spelling (`twitter` → `Twitter / X`); unknown values are shown as
    /// they are.
    pub fn platform(&self, key: &str) -> String {
        match key {
            "unknown" | "" => self.t("report.unknown_platform").to_string(),
            "twitter" => "Twitter / X".into(),
            "x" => "X".into(),
            "facebook" => "Facebook".into(),
            "instagram" => "Instagram".into(),
            "youtube" => "YouTube".into(),
            "tiktok" => "TikTok".into(),
            "reddit" => "Reddit".into(),
            "linkedin" => "LinkedIn".into(),
            "telegram" => "Telegram".into(),
            "threads" => "Threads".into(),
            "mastodon" => "Mastodon".into(),
            "bluesky" => "Bluesky".into(),
            "news" => self.t("report.platform_news").to_string(),
            "blogs" | "blog" => self.t("report.platform_blogs").to_string(),
            "forums" | "forum" => self.t("report.platform_forums").to_string(),
            other => other.to_string(),
        }
    }

    /// The string for `key` with `{name}` placeholders replaced by `args`. The string is read
    /// once, so a value (a column name or a value quoted from an export) is never searched for
    /// placeholders itself; a placeholder without an argument stays as it is.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        let template = self.t(key);
        let mut text = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            text.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let value = after.find('}').and_then(|close| {
                let name = &after[..close];
                let (_, value) = args.iter().find(|(n, _)| *n == name)?;
                Some((value, close))
            });
            match value {
                Some((value, close)) => {
                    if self.language == Language::It {
                        elide_italian_article(&mut text, value);
                    }
                    text.push_str(value);
                    rest = &after[close + 1..];
                    // A value ending in an abbreviation's full stop (Polish `godz.`) ends the
                    // sentence too: `1 godz.`, not `1 godz..`.
                    if value.ends_with('.') && rest.starts_with('.') {
                        rest = &rest[1..];
                    }
                }
                None => {
                    text.push('{');
                    rest = after;
                }
            }
        }
        text.push_str(rest);
        text
    }

    /// Every key and string, for the templates (tera reads them as `t["kpi.peak"]`).
    pub fn strings(&self) -> BTreeMap<&str, &str> {
        let english = Catalog::get(Language::En);
        let mut all: BTreeMap<&str, &str> = english
            .strings
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        for (k, v) in &self.strings {
            all.insert(k, v);
        }
        all
    }

    fn separators(&self) -> (&'static str, char) {
        match self.language {
            Language::En => (",", '.'),
            Language::It | Language::Es => (".", ','),
            // Polish groups digits with a (non-breaking) space.
            Language::Pl => ("\u{a0}", ','),
        }
    }

    /// An integer with the locale's digit grouping: `1,234,567` / `1.234.567` / `1 234 567`.
    /// Spanish and Polish do not group four-digit numbers (`1234`), per RAE and Polish usage.
    pub fn int(&self, n: u64) -> String {
        let digits = n.to_string();
        let (group, _) = self.separators();
        let skip_four = matches!(self.language, Language::Es | Language::Pl);
        if digits.len() <= 3 || (skip_four && digits.len() == 4) {
            return digits;
        }
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push_str(group);
            }
            out.push(c);
        }
        out
    }

    /// `n` with the noun in the right plural form: `1 reply`, `3 replies`, `5 odpowiedzi`.
    /// The nouns are the catalogue's `noun.*` tables.
    pub fn count_noun(&self, n: u64, noun: &str) -> String {
        let key = format!("noun.{noun}.{}", plural_form(self.language, n));
        format!("{} {}", self.int(n), self.t(&key))
    }

    /// A signed integer.
    pub fn signed(&self, n: i64) -> String {
        if n < 0 {
            format!("−{}", self.int(n.unsigned_abs()))
        } else {
            self.int(n as u64)
        }
    }

    /// A decimal number with `decimals` places and the locale's separators.
    pub fn decimal(&self, x: f64, decimals: usize) -> String {
        if !x.is_finite() {
            return "–".into();
        }
        // Halves round away from zero, as readers round (1 of 16 is 6.3 %, not 6.2 %): the
        // formatter alone rounds a tie to even.
        let scale = 10f64.powi(decimals as i32);
        let text = format!("{:.*}", decimals, (x.abs() * scale).round() / scale);
        let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
        let whole = self.int(whole.parse().unwrap_or(0));
        let (_, point) = self.separators();
        let sign = if x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
            "−"
        } else {
            ""
        };
        if frac.is_empty() {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}{point}{frac}")
        }
    }

    /// A share in 0..=1 as a percentage: `42%`, `42,5 %` (Spanish puts a space before `%`).
    pub fn percent(&self, share: f64, decimals: usize) -> String {
        let number = self.decimal(share * 100.0, decimals);
        match self.language {
            Language::Es => format!("{number}\u{a0}%"),
            _ => format!("{number}%"),
        }
    }

    /// A share with at least `decimals` decimals, and more (up to 3) where fewer would round a
    /// share that is not nothing to 0 % or one that is not all to 100 %: 249 of 250 is 99.6 %.
    pub fn share(&self, share: f64, decimals: usize) -> String {
        let mut decimals = decimals;
        while decimals < 3 {
            let scale = 10f64.powi(decimals as i32 + 2);
            let rounded = (share * scale).round() / scale;
            let misleading = (rounded == 0.0 && share != 0.0) || (rounded == 1.0 && share != 1.0);
            if !misleading {
                break;
            }
            decimals += 1;
        }
        self.percent(share, decimals)
    }

    /// A share as the report shows it everywhere (figures, tables, findings): one decimal under
    /// 10 %, none above, and more where fewer would round it to 0 % or 100 % ([`Self::share`]).
    pub fn pct(&self, share: f64) -> String {
        let decimals = if share.abs() < 0.1 && share != 0.0 {
            1
        } else {
            0
        };
        self.share(share, decimals)
    }

    /// A compact count for charts and KPI tiles: `1.2M`, `45K` (locale decimal mark).
    pub fn compact(&self, n: u64) -> String {
        let (value, suffix) = if n >= 1_000_000_000 {
            (n as f64 / 1e9, self.t("unit.billion_short"))
        } else if n >= 1_000_000 {
            (n as f64 / 1e6, self.t("unit.million_short"))
        } else if n >= 10_000 {
            (n as f64 / 1e3, self.t("unit.thousand_short"))
        } else {
            return self.int(n);
        };
        let decimals = if value < 10.0 { 1 } else { 0 };
        format!("{}{}", self.decimal(value, decimals), suffix)
    }

    /// A duration in words a reader takes in at once: `45 s`, `12 min`, `3 h 05 min`, `2 d 4 h`.
    pub fn duration(&self, seconds: f64) -> String {
        if !seconds.is_finite() {
            return "–".into();
        }
        let negative = seconds < 0.0;
        // Rounded to what is shown: seconds under 10 min, minutes under a day, hours beyond
        // (a mean of 29 min 55 s reads "30 min", not "29 min"). Rounding up can reach the
        // next precision (23 h 59 min 40 s is 1 d), where it is rounded again.
        let shown = |total: u64| match total {
            0..600 => 1,
            600..86_400 => 60,
            _ => 3600,
        };
        let round_to = |total: u64, unit: u64| (total + unit / 2) / unit * unit;
        let mut total = seconds.abs().round() as u64;
        total = round_to(total, shown(total));
        total = round_to(total, shown(total));
        let (d, h, m, s) = (
            total / 86_400,
            (total % 86_400) / 3600,
            (total % 3600) / 60,
            total % 60,
        );
        let (ud, uh, um, us) = (
            self.t("unit.day"),
            self.t("unit.hour"),
            self.t("unit.minute"),
            self.t("unit.second"),
        );
        let text = if d > 0 {
            // Days can run to thousands (an export holding a post years older than the rest).
            let d = self.int(d);
            if h > 0 {
                format!("{d}\u{a0}{ud} {h}\u{a0}{uh}")
            } else {
                format!("{d}\u{a0}{ud}")
            }
        } else if h > 0 {
            if m > 0 {
                format!("{h}\u{a0}{uh} {m:02}\u{a0}{um}")
            } else {
                format!("{h}\u{a0}{uh}")
            }
        } else if m > 0 {
            if m < 10 && s > 0 {
                format!("{m}\u{a0}{um} {s:02}\u{a0}{us}")
            } else {
                format!("{m}\u{a0}{um}")
            }
        } else {
            format!("{s}\u{a0}{us}")
        };
        if negative {
            format!("−{text}")
        } else {
            text
        }
    }

    /// `seconds` worded so that it reads differently from `limit` when it differs: a first
    /// response 1 h 0 min 40 s after the onset is not shown as "1 h" beside a 1 h target it
    /// missed, but to the second.
    pub fn duration_against(&self, seconds: f64, limit: f64) -> String {
        let text = self.duration(seconds);
        if seconds.round() == limit.round() || text != self.duration(limit) {
            return text;
        }
        let total = seconds.abs().round() as u64;
        let parts = [
            (total / 86_400, "unit.day"),
            ((total % 86_400) / 3600, "unit.hour"),
            ((total % 3600) / 60, "unit.minute"),
            (total % 60, "unit.second"),
        ];
        let first = parts.iter().position(|(n, _)| *n > 0).unwrap_or(3);
        let words: Vec<String> = parts[first..]
            .iter()
            .enumerate()
            .map(|(i, (n, unit))| {
                let n = if i == 0 {
                    n.to_string()
                } else {
                    format!("{n:02}")
                };
                format!("{n}\u{a0}{}", self.t(unit))
            })
            .collect();
        let sign = if seconds < 0.0 { "−" } else { "" };
        format!("{sign}{}", words.join(" "))
    }

    /// Date and time in the incident's zone: `12 March 2026, 14:05 CET` / `12 marzo 2026, 14:05 CET`.
    pub fn datetime(&self, t: Timestamp, tz: &TimeZone) -> String {
        self.datetime_as(t, tz, "%H:%M")
    }

    /// [`Catalog::datetime`] to the second, `12 March 2026, 17:45:33 CET`: for an instant shown
    /// beside durations measured from it, which are rounded from the seconds.
    pub fn datetime_to_the_second(&self, t: Timestamp, tz: &TimeZone) -> String {
        self.datetime_as(t, tz, "%H:%M:%S")
    }

    fn datetime_as(&self, t: Timestamp, tz: &TimeZone, clock: &str) -> String {
        let z = t.to_zoned(tz.clone());
        // Spanish joins them with "a las", "a la" for one o'clock.
        let key = if z.hour() == 1 {
            "format.datetime_one"
        } else {
            "format.datetime"
        };
        self.fill(
            key,
            &[
                ("date", &self.date(t, tz)),
                ("time", &z.strftime(clock).to_string()),
                ("zone", &z.strftime("%Z").to_string()),
            ],
        )
    }

    /// Date alone: `12 March 2026`, `12 de marzo de 2026`, `12 marca 2026`.
    pub fn date(&self, t: Timestamp, tz: &TimeZone) -> String {
        let z = t.to_zoned(tz.clone());
        let month = self.t(MONTH_KEYS[(z.month() - 1) as usize]);
        // Italian writes the first of the month as an ordinal: "1° dicembre".
        let day = match (self.language, z.day()) {
            (Language::It, 1) => "1°".to_string(),
            (_, day) => day.to_string(),
        };
        self.fill(
            "format.date",
            &[
                ("day", &day),
                ("month", month),
                ("year", &z.year().to_string()),
            ],
        )
    }

    /// A month's short name (`Mar`), `month` from 1.
    pub fn month_short(&self, month: i8) -> &str {
        self.t(MONTH_SHORT_KEYS[(month - 1) as usize])
    }

    /// Short date and time for chart axes and tables: `12 Mar 14:05`.
    pub fn short_datetime(&self, t: Timestamp, tz: &TimeZone) -> String {
        let z = t.to_zoned(tz.clone());
        format!(
            "{} {} {}",
            z.day(),
            self.month_short(z.month()),
            z.strftime("%H:%M")
        )
    }

    /// `12 Mar 2017 14:05`: [`Catalog::short_datetime`] for times that span years.
    pub fn short_datetime_with_year(&self, t: Timestamp, tz: &TimeZone) -> String {
        let z = t.to_zoned(tz.clone());
        let month = self.month_short(z.month());
        format!("{} {month} {} {}", z.day(), z.year(), z.strftime("%H:%M"))
    }
}

const MONTH_KEYS: [&str; 12] = [
    "month.1", "month.2", "month.3", "month.4", "month.5", "month.6", "month.7", "month.8",
    "month.9", "month.10", "month.11", "month.12",
];
const MONTH_SHORT_KEYS: [&str; 12] = [
    "month_short.1",
    "month_short.2",
    "month_short.3",
    "month_short.4",
    "month_short.5",
    "month_short.6",
    "month_short.7",
    "month_short.8",
    "month_short.9",
    "month_short.10",
    "month_short.11",
    "month_short.12",
];

/// Italian writes the article before a number as the number is read: `l’8%` (otto),
/// `dell’11%` (undici), `allo 0,5%` (zero), but `il 18%`, `il 1° marzo` (primo), `il 1.000`
/// (mille). `text` ends where `value` is about to be written; an article or articulated
/// preposition at its end (`il `, `del `, `al `, …) is changed to the form the number needs,
/// so that a catalogue string can say `Il {share} delle …` for any share.
fn elide_italian_article(text: &mut String, value: &str) {
    #[derive(PartialEq)]
    enum Sound {
        Vowel,
        Zero,
        Consonant,
    }
    let number_len = value
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    let digits: String = value[..number_len]
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let Ok(mut n) = digits.parse::<u64>() else {
        return;
    };
    if value[number_len..].starts_with('°') {
        return; // an ordinal: primo
    }
    // Read from the highest group of three digits: 8.000 is "ottomila", 1.000 "mille",
    // 1.000.000 "un milione".
    let mut groups = 0;
    while n >= 1000 {
        n /= 1000;
        groups += 1;
    }
    let sound = match (n, groups) {
        (0, _) => Sound::Zero,
        (1, 1) => Sound::Consonant,
        (1 | 8 | 11 | 80..=89 | 800..=899, _) => Sound::Vowel,
        _ => Sound::Consonant,
    };
    if sound == Sound::Consonant {
        return;
    }
    const FORMS: [(&str, &str, &str); 7] = [
        ("il ", "l’", "lo "),
        ("Il ", "L’", "Lo "),
        ("del ", "dell’", "dello "),
        ("al ", "all’", "allo "),
        ("dal ", "dall’", "dallo "),
        ("nel ", "nell’", "nello "),
        ("sul ", "sull’", "sullo "),
    ];
    for (article, before_vowel, before_zero) in FORMS {
        let Some(head) = text.strip_suffix(article) else {
            continue;
        };
        if head.chars().next_back().is_some_and(char::is_alphanumeric) {
            continue; // the end of a longer word ("consul "), not an article
        }
        let form = if sound == Sound::Vowel {
            before_vowel
        } else {
            before_zero
        };
        let keep = head.len();
        text.truncate(keep);
        text.push_str(form);
        return;
    }
}

/// The catalogue's plural category of `n`: `one`, `few` (Polish 2–4, 22–24, …) or `many`.
fn plural_form(language: Language, n: u64) -> &'static str {
    match language {
        Language::Pl => {
            if n == 1 {
                "one"
            } else if (2..=4).contains(&(n % 10)) && !(12..=14).contains(&(n % 100)) {
                "few"
            } else {
                "many"
            }
        }
        Language::En | Language::It | Language::Es => {
            if n == 1 {
                "one"
            } else {
                "many"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_forms() {
        let pl = Language::Pl;
        let forms: Vec<_> = [1, 2, 4, 5, 12, 13, 21, 22, 25, 104, 112]
            .into_iter()
            .map(|n| plural_form(pl, n))
            .collect();
        assert_eq!(
            forms,
            ["one", "few", "few", "many", "many", "many", "many", "few", "many", "few", "many"]
        );
        assert_eq!(plural_form(Language::En, 0), "many");
        assert_eq!(plural_form(Language::It, 1), "one");
        let en = Catalog::get(Language::En);
        assert_eq!(
            (en.count_noun(1, "reply"), en.count_noun(1234, "reply")),
            ("1 reply".to_string(), "1,234 replies".to_string())
        );
        let pl = Catalog::get(Language::Pl);
        assert_eq!(pl.count_noun(22, "mention"), "22 wzmianki");
    }

    #[test]
    fn italian_articles_agree_with_the_number_they_precede() {
        let elided = |before: &str, value: &str| {
            let mut text = before.to_string();
            elide_italian_article(&mut text, value);
            text + value
        };
        assert_eq!(elided("Il ", "8%"), "L’8%");
        assert_eq!(elided("(il ", "11,5%"), "(l’11,5%");
        assert_eq!(elided("pari al ", "80%"), "pari all’80%");
        assert_eq!(elided("dal ", "1,5%"), "dall’1,5%");
        assert_eq!(elided("nel ", "8.000"), "nell’8.000");
        assert_eq!(elided("sul ", "800"), "sull’800");
        assert_eq!(elided("del ", "0,5%"), "dello 0,5%");
        assert_eq!(elided("il ", "1.000.000"), "l’1.000.000");
        // Read with a consonant: the article stays.
        for value in ["18%", "1.000", "100%", "7,7\u{a0}mln", "1° marzo", "2%"] {
            assert_eq!(elided("il ", value), format!("il {value}"));
        }
        // Not an article, or not a number.
        assert_eq!(elided("consul ", "8"), "consul 8");
        assert_eq!(elided("il ", "otto"), "il otto");
        // Through the catalogue, only in Italian.
        let it = Catalog::get(Language::It);
        assert_eq!(
            it.fill(
                "finding.apology-and-thanks.title",
                &[("share", "8%"), ("count", "39")]
            ),
            "L’8% delle risposte del brand (39) ringraziava la persona o si scusava."
        );
    }

    #[test]
    fn fill_reads_the_template_once() {
        let en = Catalog::get(Language::En);
        // A value that looks like a placeholder is kept as it is.
        assert_eq!(
            en.fill(
                "report.rejected.unreadable_time",
                &[("value", "{column}"), ("column", "Date")]
            ),
            "Unreadable time “{column}” in column “Date”: give its layout in incident.toml, e.g. \
             [columns] date_format = \"%d/%m/%Y %H:%M\"."
        );
        // A value ending in an abbreviation's full stop ends the sentence: no second one.
        let pl = Catalog::get(Language::Pl);
        assert_eq!(
            pl.fill(
                "finding.slow-first-response.title",
                &[("delay", "3\u{a0}godz."), ("target", "1\u{a0}godz.")]
            ),
            "Pierwsza publiczna odpowiedź marki pojawiła się 3\u{a0}godz. po początku wzrostu, \
             czyli później, niż przewiduje cel: 1\u{a0}godz."
        );
        // Unknown or unclosed braces, and placeholders given no value, stay.
        assert_eq!(en.fill("report.notice.column_name", &[]), "“{name}”");
        assert_eq!(
            en.fill("report.notice.column_name", &[("name", "{a} {")]),
            "“{a} {”"
        );
    }

    #[test]
    fn catalogues_parse_and_have_the_same_keys() {
        let english: Vec<&str> = Catalog::get(Language::En)
            .strings
            .keys()
            .map(String::as_str)
            .collect();
        assert!(english.len() > 20, "English catalogue is nearly empty");
        for (lang, source) in SOURCES {
            toml::from_str::<toml::Value>(source)
                .unwrap_or_else(|e| panic!("catalogue {lang} does not parse: {e}"));
            let keys: Vec<&str> = Catalog::get(lang)
                .strings
                .keys()
                .map(String::as_str)
                .collect();
            let missing: Vec<_> = english.iter().filter(|k| !keys.contains(k)).collect();
            let extra: Vec<_> = keys.iter().filter(|k| !english.contains(k)).collect();
            assert!(missing.is_empty(), "{lang} lacks {missing:?}");
            assert!(extra.is_empty(), "{lang} has keys English lacks: {extra:?}");
        }
    }

    #[test]
    fn numbers_per_locale() {
        let en = Catalog::get(Language::En);
        let it = Catalog::get(Language::It);
        let es = Catalog::get(Language::Es);
        let pl = Catalog::get(Language::Pl);
        assert_eq!(en.int(1_234_567), "1,234,567");
        assert_eq!(it.int(1_234_567), "1.234.567");
        assert_eq!(it.int(1234), "1.234");
        assert_eq!(es.int(1234), "1234");
        assert_eq!(es.int(12_345), "12.345");
        assert_eq!(pl.int(12_345), "12\u{a0}345");
        assert_eq!(en.decimal(1234.5, 1), "1,234.5");
        assert_eq!(it.decimal(1234.5, 1), "1.234,5");
        assert_eq!(en.decimal(-0.04, 1), "0.0");
        assert_eq!(en.decimal(-2.5, 1), "−2.5");
        assert_eq!(en.percent(0.425, 1), "42.5%");
        assert_eq!(es.percent(0.426, 0), "43\u{a0}%");
        assert_eq!(en.compact(1_240_000), "1.2M");
        assert_eq!(en.compact(9_999), "9,999");
        assert_eq!(en.compact(45_000), "45K");
        // In words, as the press of each language writes them, never split from the number.
        assert_eq!(it.compact(412_380), "412\u{a0}mila");
        assert_eq!(it.compact(7_700_000), "7,7\u{a0}mln");
        assert_eq!(es.compact(412_380), "412\u{a0}mil");
        assert_eq!(es.compact(7_700_000), "7,7\u{a0}M");
        assert_eq!(pl.compact(412_380), "412\u{a0}tys.");
    }

    #[test]
    fn durations() {
        let en = Catalog::get(Language::En);
        assert_eq!(en.duration(45.0), "45\u{a0}s");
        assert_eq!(en.duration(185.0), "3\u{a0}min 05\u{a0}s");
        assert_eq!(en.duration(720.0), "12\u{a0}min");
        assert_eq!(en.duration(3.0 * 3600.0 + 300.0), "3\u{a0}h 05\u{a0}min");
        assert_eq!(
            en.duration(2.0 * 86_400.0 + 4.0 * 3600.0),
            "2\u{a0}d 4\u{a0}h"
        );
        assert_eq!(en.duration(-60.0), "−1\u{a0}min");
        assert_eq!(en.duration(3600.0), "1\u{a0}h");
        assert_eq!(en.duration(2244.0 * 86_400.0), "2,244\u{a0}d");
    }

    #[test]
    fn a_share_never_rounds_to_none_or_all_when_it_is_not() {
        let en = Catalog::get(Language::En);
        assert_eq!(en.share(249.0 / 250.0, 0), "99.6%");
        assert_eq!(en.share(9999.0 / 10_000.0, 0), "99.99%");
        assert_eq!(en.share(1.0 / 1000.0, 0), "0.1%");
        assert_eq!(en.share(0.5, 0), "50%");
        assert_eq!(en.share(1.0, 0), "100%");
        assert_eq!(en.share(0.0, 1), "0.0%");
        assert_eq!(en.share(0.994, 0), "99%");
    }

    /// Figures, tables and findings show a share alike.
    #[test]
    fn shares_show_one_decimal_under_ten_percent() {
        let en = Catalog::get(Language::En);
        for (share, shown) in [
            (0.0, "0%"),
            (0.0078, "0.8%"),
            (0.0004, "0.04%"),
            (0.0996, "10.0%"),
            (0.35, "35%"),
            (0.996, "99.6%"),
            (1.0 / 16.0, "6.3%"),
            (0.125, "13%"),
        ] {
            assert_eq!(en.pct(share), shown, "{share}");
        }
        assert_eq!(Catalog::get(Language::Es).pct(0.0078), "0,8\u{a0}%");
    }

    /// A duration is rounded to the precision it is shown at, not cut down to it.
    #[test]
    fn durations_round_to_what_they_show() {
        let en = Catalog::get(Language::En);
        for (seconds, shown) in [
            (533.0, "8\u{a0}min 53\u{a0}s"),
            (599.6, "10\u{a0}min"),
            (651.0, "11\u{a0}min"),
            (1795.0, "30\u{a0}min"),
            (3599.6, "1\u{a0}h"),
            (4106.0, "1\u{a0}h 08\u{a0}min"),
            (4110.0, "1\u{a0}h 09\u{a0}min"),
            (86_380.0, "1\u{a0}d"),
            (2.0 * 86_400.0 + 5.0 * 3600.0 + 1800.0, "2\u{a0}d 6\u{a0}h"),
            (-1795.0, "−30\u{a0}min"),
        ] {
            assert_eq!(en.duration(seconds), shown, "{seconds}");
        }
    }

    #[test]
    fn a_duration_just_past_a_limit_does_not_read_as_the_limit() {
        let en = Catalog::get(Language::En);
        // 3,620 s rounds to "1 h", the 1 h target it missed.
        assert_eq!(
            en.duration_against(3620.0, 3600.0),
            "1\u{a0}h 00\u{a0}min 20\u{a0}s"
        );
        // 3,640 s rounds to "1 h 01 min", which says it missed.
        assert_eq!(en.duration_against(3640.0, 3600.0), "1\u{a0}h 01\u{a0}min");
        assert_eq!(en.duration_against(3560.0, 3600.0), "59\u{a0}min");
        assert_eq!(
            en.duration_against(86_400.0 + 1200.0, 86_400.0),
            "1\u{a0}d 00\u{a0}h 20\u{a0}min 00\u{a0}s"
        );
        // Otherwise as always: equal, or already worded differently.
        assert_eq!(en.duration_against(3600.0, 3600.0), "1\u{a0}h");
        assert_eq!(en.duration_against(3900.0, 3600.0), "1\u{a0}h 05\u{a0}min");
    }

    #[test]
    fn dates_in_the_incident_zone() {
        let rome = TimeZone::get("Europe/Rome").unwrap();
        let t: Timestamp = "2026-03-12T13:05:00Z".parse().unwrap();
        assert_eq!(
            Catalog::get(Language::En).datetime(t, &rome),
            "12 March 2026, 14:05 CET"
        );
        assert_eq!(Catalog::get(Language::It).date(t, &rome), "12 marzo 2026");
        assert_eq!(
            Catalog::get(Language::Es).date(t, &rome),
            "12 de marzo de 2026"
        );
        assert_eq!(Catalog::get(Language::Pl).date(t, &rome), "12 marca 2026");
        assert_eq!(
            Catalog::get(Language::Es).datetime(t, &rome),
            "12 de marzo de 2026 a las 14:05 CET"
        );
        let one: Timestamp = "2026-03-12T00:30:00Z".parse().unwrap();
        assert_eq!(
            Catalog::get(Language::Es).datetime_to_the_second(one, &rome),
            "12 de marzo de 2026 a la 01:30:00 CET"
        );
        assert_eq!(
            Catalog::get(Language::It).datetime(one, &rome),
            "12 marzo 2026, 01:30 CET"
        );
        assert_eq!(
            Catalog::get(Language::En).short_datetime(t, &rome),
            "12 Mar 14:05"
        );
        // The first of the month is an ordinal in Italian only.
        let first: Timestamp = "2017-12-01T12:00:00Z".parse().unwrap();
        assert_eq!(
            Catalog::get(Language::It).date(first, &rome),
            "1° dicembre 2017"
        );
        assert_eq!(
            Catalog::get(Language::Es).date(first, &rome),
            "1 de diciembre de 2017"
        );
    }

    /// Each catalogue writes the apostrophe one way (’), not two: the Italian findings had
    /// "l'obiettivo" beside "dell’1%", the English ones "brand's" beside "team’s".
    #[test]
    fn texts_use_one_apostrophe() {
        for text in [
            include_str!("../templates/i18n/en.toml"),
            include_str!("../templates/i18n/it.toml"),
            include_str!("../templates/i18n/es.toml"),
            include_str!("../templates/i18n/pl.toml"),
        ] {
            let straight: Vec<&str> = text
                .lines()
                .filter_map(|line| line.split_once(" = \"").map(|(_, value)| value))
                .filter(|value| {
                    value.as_bytes().windows(3).any(|w| {
                        w[0].is_ascii_alphabetic() && w[1] == b'\'' && w[2].is_ascii_alphanumeric()
                    })
                })
                .collect();
            assert!(straight.is_empty(), "{straight:?}");
        }
    }
}
