//! Numbers, shares, durations, dates and names in the report's language and time zone.

use jiff::tz::TimeZone;
use jiff::Timestamp;

use super::Medium;
use crate::case::CaseStudy;
use crate::i18n::Catalog;
use crate::metrics::Phase;
use crate::model::Sentiment;

/// What the report shows for a figure the data cannot support.
pub const DASH: &str = "–";

/// Formatting in the report's language and time zone, for a medium.
pub struct Fmt {
    pub cat: &'static Catalog,
    pub tz: TimeZone,
    pub medium: Medium,
    /// The data runs over more than one calendar year, so short times say theirs.
    pub spans_years: bool,
}

impl Fmt {
    /// Screen formatting in `lang`, times in Europe/Rome (the zone of the test fixtures).
    #[cfg(test)]
    pub fn for_tests(lang: crate::model::Language) -> Fmt {
        Fmt {
            cat: Catalog::get(lang),
            tz: TimeZone::get("Europe/Rome").unwrap(),
            medium: Medium::Screen,
            spans_years: false,
        }
    }

    pub fn new(case: &CaseStudy, medium: Medium) -> Fmt {
        let tz = case.config.timezone.clone();
        let year = |t: Option<Timestamp>| t.map(|t| t.to_zoned(tz.clone()).year());
        let timeline = &case.metrics.timeline;
        Fmt {
            cat: Catalog::get(case.config.report_language),
            spans_years: year(timeline.first) != year(timeline.last),
            tz,
            medium,
        }
    }

    pub fn t(&self, key: &str) -> String {
        self.cat.t(key).to_string()
    }

    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.cat.fill(key, args)
    }

    /// Where the usual level was measured, for "{baseline} {when}": before the incident only
    /// when the baseline is the lead-in before the onset; the lead-in up to a first rise the
    /// refined threshold did not confirm; otherwise the quietest intervals, which may lie after
    /// the peak.
    pub fn baseline_when(&self, timeline: &crate::metrics::Timeline) -> String {
        self.t(&format!("report.baseline_when.{}", baseline_key(timeline)))
    }

    /// The negative share at the peak against the usual one, when it did not rise: "went from
    /// 44% to 44%" (a fall of 0.06 points) would say it did. `None` when it rose, which the
    /// summary and the chart word each in their own way.
    pub fn negative_share_not_raised(&self, metrics: &crate::metrics::Metrics) -> Option<String> {
        let s = &metrics.sentiment;
        let (base, peak) = (s.negative_share_baseline?, s.negative_share_peak?);
        let (base_text, peak_text) = (self.pct(Some(base)), self.pct(Some(peak)));
        let when = self.baseline_when(&metrics.timeline);
        if peak <= base {
            Some(self.fill(
                "report.chart.sentiment.not_raised",
                &[
                    ("baseline", &base_text),
                    ("peak", &peak_text),
                    ("when", &when),
                ],
            ))
        } else if peak_text == base_text {
            Some(self.fill(
                "report.chart.sentiment.unchanged",
                &[("peak", &peak_text), ("when", &when)],
            ))
        } else {
            None
        }
    }

    pub fn int(&self, n: u64) -> String {
        self.cat.int(n)
    }

    /// `1 mention`, `3 mentions`: see [`Catalog::count_noun`].
    pub fn count_noun(&self, n: u64, noun: &str) -> String {
        self.cat.count_noun(n, noun)
    }

    pub fn opt_int(&self, n: Option<u64>) -> String {
        n.map_or_else(|| DASH.to_string(), |n| self.cat.int(n))
    }

    pub fn compact(&self, n: Option<u64>) -> String {
        n.map_or_else(|| DASH.to_string(), |n| self.cat.compact(n))
    }

    /// Shares under 10% keep one decimal (4.5%), and no share reads as 0% or 100% unless it
    /// is ([`Catalog::share`]).
    pub fn pct(&self, share: Option<f64>) -> String {
        match share {
            Some(s) if s.is_finite() => self.cat.pct(s),
            _ => DASH.to_string(),
        }
    }

    pub fn dur(&self, seconds: Option<f64>) -> String {
        seconds.map_or_else(|| DASH.to_string(), |s| self.cat.duration(s))
    }

    pub fn dur_i(&self, seconds: Option<i64>) -> String {
        self.dur(seconds.map(|s| s as f64))
    }

    /// The time between two bucket starts (the onset and the peak). Zero means both fell in
    /// one bucket: `less than 6 h`, where `0 s` would say the peak came the moment the rise
    /// began.
    pub fn between_buckets(&self, seconds: Option<i64>, bucket_seconds: i64) -> String {
        match seconds {
            Some(0) => self.fill(
                "report.unit.under",
                &[("duration", &self.round_duration(bucket_seconds))],
            ),
            other => self.dur_i(other),
        }
    }

    /// `12 March 2026, 14:05 CET`.
    pub fn at(&self, t: Timestamp) -> String {
        self.cat.datetime(t, &self.tz)
    }

    /// `12 March 2026, 17:45:33 CET`.
    pub fn at_to_the_second(&self, t: Timestamp) -> String {
        self.cat.datetime_to_the_second(t, &self.tz)
    }

    /// `12 Mar 14:05`, or `12 Mar 2017 14:05` when the data spans more than one year (a key
    /// moment in 2011 and the next in 2016 would otherwise look out of order).
    pub fn short(&self, t: Timestamp) -> String {
        if self.spans_years {
            self.cat.short_datetime_with_year(t, &self.tz)
        } else {
            self.cat.short_datetime(t, &self.tz)
        }
    }

    /// `first – last`, short, with the years when those differ even if the timeline's do not:
    /// a file of several companies' posts can reach back years before the mentions counted.
    pub fn short_span(&self, first: Option<Timestamp>, last: Option<Timestamp>) -> String {
        let year = |t: Option<Timestamp>| t.map(|t| t.to_zoned(self.tz.clone()).year());
        let short = |t: Option<Timestamp>| match t {
            None => DASH.to_string(),
            Some(t) if self.spans_years || year(first) != year(last) => {
                self.cat.short_datetime_with_year(t, &self.tz)
            }
            Some(t) => self.cat.short_datetime(t, &self.tz),
        };
        format!("{} – {}", short(first), short(last))
    }

    /// A whole-unit duration for bin edges and intervals: `15 min`, `2 h`, `1 d`.
    pub fn round_duration(&self, seconds: i64) -> String {
        let unit = |key: &str| self.t(key);
        if seconds > 0 && seconds % 86_400 == 0 {
            format!("{}\u{a0}{}", seconds / 86_400, unit("unit.day"))
        } else if seconds > 0 && seconds % 3600 == 0 {
            format!("{}\u{a0}{}", seconds / 3600, unit("unit.hour"))
        } else if seconds > 0 && seconds % 60 == 0 {
            format!("{}\u{a0}{}", seconds / 60, unit("unit.minute"))
        } else {
            self.cat.duration(seconds as f64)
        }
    }

    /// A level of mentions an interval (the usual level, its spread, the threshold): whole
    /// numbers as such, others to a tenth, the same in every section ("17" in the summary
    /// had been "17.0" in the timeline's).
    pub fn level(&self, value: f64) -> String {
        let tenths = (value * 10.0).round();
        self.cat
            .decimal(value, if tenths % 10.0 == 0.0 { 0 } else { 1 })
    }

    /// `per hour`, `per day`, `per 15 min`.
    pub fn per_bucket(&self, bucket_seconds: i64) -> String {
        match bucket_seconds {
            3600 => self.t("report.unit.per_hour"),
            86_400 => self.t("report.unit.per_day"),
            s => self.fill(
                "report.unit.per_interval",
                &[("interval", &self.round_duration(s))],
            ),
        }
    }

    /// `a, b and c` in the report language.
    pub fn list(&self, items: &[String]) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} {} {}", init.join(", "), self.t("report.and"), last),
        }
    }

    pub fn sentiment(&self, s: Sentiment) -> String {
        self.t(&format!("report.sentiment.{}", s.as_str()))
    }

    pub fn phase(&self, p: Phase) -> String {
        self.t(&format!("report.phase.{}", p.as_str()))
    }

    /// A platform's usual spelling ([`Catalog::platform`]).
    pub fn platform(&self, key: &str) -> String {
        self.cat.platform(key)
    }

    /// A language code with its name in the report language, when the catalogue knows it.
    pub fn language(&self, code: &str) -> String {
        if code == "unknown" || code.is_empty() {
            return self.t("report.unknown_language");
        }
        let key = format!("report.language_name.{code}");
        let name = self.cat.t(&key);
        if name == key {
            code.to_string()
        } else {
            format!("{name} ({code})")
        }
    }
}

/// The baseline's method as the string catalogues key it (`pre_onset`, `quietest`), and
/// `early` for the lead-in before a first estimate of the onset that the refined threshold did
/// not confirm: with no onset, there is no "before the incident".
pub(super) fn baseline_key(timeline: &crate::metrics::Timeline) -> String {
    match timeline.baseline.method.as_str() {
        "pre-onset" if timeline.onset.is_none() => "early".to_string(),
        method => method.replace('-', "_"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Language;

    #[test]
    fn levels_are_whole_or_to_a_tenth() {
        let en = Fmt::for_tests(Language::En);
        assert_eq!(
            [17.0, 7.5, 0.0, 105.3, 2.96].map(|v| en.level(v)),
            ["17", "7.5", "0", "105.3", "3"]
        );
        assert_eq!(Fmt::for_tests(Language::It).level(7.5), "7,5");
    }

    #[test]
    fn intervals_and_durations_read_naturally() {
        let en = Fmt::for_tests(Language::En);
        assert_eq!(en.per_bucket(3600), "per hour");
        assert_eq!(en.per_bucket(86_400), "per day");
        assert_eq!(en.per_bucket(900), "per 15\u{a0}min");
        assert_eq!(en.round_duration(7200), "2\u{a0}h");
        assert_eq!(en.round_duration(86_400), "1\u{a0}d");
        assert_eq!(en.round_duration(5400), "90\u{a0}min");
        assert_eq!(en.round_duration(45), "45\u{a0}s");
        assert_eq!(Fmt::for_tests(Language::It).per_bucket(3600), "all’ora");
    }

    #[test]
    fn shares_under_ten_percent_keep_a_decimal() {
        let en = Fmt::for_tests(Language::En);
        assert_eq!(en.pct(Some(0.054)), "5.4%");
        assert_eq!(en.pct(Some(0.213)), "21%");
        assert_eq!(en.pct(Some(0.0)), "0%");
        assert_eq!(en.pct(Some(1.0)), "100%");
        assert_eq!(en.pct(None), DASH);
        assert_eq!(en.pct(Some(f64::NAN)), DASH);
        assert_eq!(Fmt::for_tests(Language::Es).pct(Some(0.054)), "5,4\u{a0}%");
    }

    #[test]
    fn lists_use_the_language_conjunction() {
        let items = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            Fmt::for_tests(Language::En).list(&items(&["a", "b", "c"])),
            "a, b and c"
        );
        assert_eq!(
            Fmt::for_tests(Language::It).list(&items(&["a", "b"])),
            "a e b"
        );
        assert_eq!(Fmt::for_tests(Language::Pl).list(&items(&["a"])), "a");
        assert_eq!(Fmt::for_tests(Language::Es).list(&[]), "");
    }

    #[test]
    fn platforms_and_languages_get_their_names() {
        let en = Fmt::for_tests(Language::En);
        assert_eq!(en.platform("youtube"), "YouTube");
        assert_eq!(en.platform("unknown"), "Unknown");
        assert_eq!(en.platform("vk"), "vk");
        assert_eq!(en.language("pl"), "Polish (pl)");
        assert_eq!(en.language("xx"), "xx");
        assert_eq!(Fmt::for_tests(Language::Es).language("en"), "inglés (en)");
        // "Unknown" agrees with the noun it stands for: una lingua, una piattaforma, un paese.
        let it = Fmt::for_tests(Language::It);
        assert_eq!(it.language("unknown"), "Sconosciuta");
        assert_eq!(it.t("report.unknown"), "Sconosciuto");
        assert_eq!(it.platform("unknown"), "Sconosciuta");
        assert_eq!(Fmt::for_tests(Language::Es).platform(""), "Desconocida");
        assert_eq!(en.language(""), "Unknown");
    }
}
