//! Incident configuration: `incident.toml` in an incident folder, plus command-line overrides.
//!
//! Every key is optional. [`IncidentFile`] is the file exactly as written (unknown keys are an
//! error, so typos are caught); [`Config`] is what the rest of the program uses, with defaults
//! applied, the time zone resolved and durations parsed. `Config` serializes for the report's
//! "configuration used" appendix.

use std::collections::BTreeMap;
use std::str::FromStr;

use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::error::ConfigError;
pub use crate::model::DateOrder;
use crate::model::{canonical_platform, Language, EARLIEST_SECOND};

/// `incident.toml` as written by the team. It also serializes: [`Config::to_toml`] writes the
/// configuration a report was built with back in these terms. `None` keys are left out; the
/// tables come last, because TOML puts a key after a table inside that table.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentFile {
    pub title: Option<String>,
    /// Brand name as it appears in the report.
    pub brand: Option<String>,
    /// Brand handles for every platform, with or without `@`.
    pub handles: Option<Vec<String>>,
    /// IANA time zone of the incident (naive export times are read in it; the report shows it).
    pub timezone: Option<String>,
    /// Report language: `en`, `it`, `es`, `pl`.
    pub language: Option<String>,
    /// Languages expected in the mentions (for stop words and the sentiment lexicon).
    pub languages: Option<Vec<String>>,
    /// Incident window; mentions outside it are counted as `out_of_window`.
    pub start: Option<String>,
    pub end: Option<String>,
    /// Bucket size for the timeline, e.g. `"15m"`; automatic when absent.
    pub bucket: Option<String>,
    /// Response-time target, e.g. `"1h"` (default).
    pub sla: Option<String>,
    pub campaign_hashtags: Option<Vec<String>>,
    /// Author handles that keep their names in the anonymised edition.
    pub anonymize_allowlist: Option<Vec<String>>,
    /// Day-first (`dmy`) or month-first (`mdy`) for ambiguous dates like `05/06/2024`.
    pub date_order: Option<String>,
    /// Brand handles per platform, e.g. `twitter = ["SkywaysHelp"]`.
    pub brand_handles: Option<BTreeMap<String, Vec<String>>>,
    pub business_hours: Option<BusinessHoursFile>,
    /// Manual timeline events.
    pub events: Option<Vec<EventFile>>,
    pub thresholds: Option<Thresholds>,
    /// Per-rule settings for the findings engine, keyed by rule id.
    pub rules: Option<BTreeMap<String, RuleSettings>>,
    /// Mapping for an export layout casebook does not know.
    pub columns: Option<ColumnMap>,
    /// Only the rows whose value in a column is one of the given ones: one brand out of an
    /// export that covers several.
    pub filter: Option<RowFilter>,
}

/// `[filter]`: the rows of an export that belong to the incident, by the value of one column
/// (e.g. `column = "airline"`, `values = ["United"]`), compared without regard to case or the
/// spaces around it. Every file of the incident must have the column; the rows left out are
/// counted as `filtered_out`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RowFilter {
    pub column: String,
    pub values: Vec<String>,
}

impl RowFilter {
    /// Whether a row whose filter column holds `value` belongs to the incident.
    pub fn keeps(&self, value: &str) -> bool {
        let value = value.trim();
        self.values.iter().any(|v| {
            v.eq_ignore_ascii_case(value)
                || (!value.is_ascii() && v.to_lowercase() == value.to_lowercase())
        })
    }

    /// From `--only COLUMN=VALUE` (repeated for more values of the same column).
    pub fn from_args(args: &[String]) -> Result<Option<RowFilter>, ConfigError> {
        let mut filter: Option<RowFilter> = None;
        for arg in args {
            let invalid = |expected: &str| ConfigError::Invalid {
                key: "--only".into(),
                value: arg.clone(),
                expected: expected.into(),
            };
            let (column, value) = arg
                .split_once('=')
                .ok_or_else(|| invalid("COLUMN=VALUE, e.g. --only airline=United"))?;
            if column.trim().is_empty() || value.trim().is_empty() {
                return Err(invalid(
                    "a column and a value, neither empty, e.g. --only airline=United",
                ));
            }
            match &mut filter {
                None => {
                    filter = Some(RowFilter {
                        column: column.to_string(),
                        values: vec![value.to_string()],
                    })
                }
                Some(f) if f.column.trim() == column.trim() => f.values.push(value.to_string()),
                Some(f) => {
                    return Err(invalid(&format!(
                        "the same column as the other --only ({:?}): rows are kept by the \
                         values of one column",
                        f.column
                    )))
                }
            }
        }
        Ok(filter)
    }

    /// The column and values, trimmed; an error for a blank one.
    fn checked(self) -> Result<RowFilter, ConfigError> {
        let blank = |key: &str, value: &str| ConfigError::Invalid {
            key: key.into(),
            value: value.into(),
            expected: "a column of the exports and the values of the rows to keep, e.g. \
                       column = \"airline\", values = [\"United\"]"
                .into(),
        };
        let column = self.column.trim().to_string();
        if column.is_empty() {
            return Err(blank("filter.column", &self.column));
        }
        let values: Vec<String> = self.values.iter().map(|v| v.trim().to_string()).collect();
        if values.is_empty() {
            return Err(blank("filter.values", "[]"));
        }
        if let Some(v) = values.iter().position(String::is_empty) {
            return Err(blank("filter.values", &self.values[v]));
        }
        Ok(RowFilter { column, values })
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BusinessHoursFile {
    /// Days, e.g. `["mon", "tue", "wed", "thu", "fri"]` (default Monday to Friday).
    pub days: Option<Vec<String>>,
    /// Opening time, `"09:00"`.
    pub start: String,
    /// Closing time, `"18:00"`.
    pub end: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EventFile {
    /// When, RFC 3339 or `YYYY-MM-DD HH:MM` in the incident time zone.
    pub at: String,
    pub label: String,
}

/// A user-supplied column mapping: canonical field → source column name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnMap {
    pub id: Option<String>,
    pub timestamp: Option<String>,
    pub date: Option<String>,
    pub time: Option<String>,
    pub platform: Option<String>,
    pub author: Option<String>,
    pub author_name: Option<String>,
    pub author_id: Option<String>,
    pub followers: Option<String>,
    pub text: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub likes: Option<String>,
    pub shares: Option<String>,
    pub comments: Option<String>,
    pub quotes: Option<String>,
    pub views: Option<String>,
    pub reach: Option<String>,
    pub sentiment: Option<String>,
    pub language: Option<String>,
    pub country: Option<String>,
    pub kind: Option<String>,
    pub parent_id: Option<String>,
    pub thread_id: Option<String>,
    pub is_brand: Option<String>,
    /// strftime-style format for the timestamp (or date) column, e.g. `"%d/%m/%Y %H:%M"`.
    pub date_format: Option<String>,
    /// Time zone of naive times in this export (overrides the incident's).
    pub timezone: Option<String>,
    pub decimal_separator: Option<String>,
    pub thousands_separator: Option<String>,
}

impl ColumnMap {
    /// The fields the table can map to a column, by their key in `[columns]`, with the column
    /// named for each.
    pub fn columns(&self) -> [(&'static str, Option<&str>); 25] {
        [
            ("id", self.id.as_deref()),
            ("timestamp", self.timestamp.as_deref()),
            ("date", self.date.as_deref()),
            ("time", self.time.as_deref()),
            ("platform", self.platform.as_deref()),
            ("author", self.author.as_deref()),
            ("author_name", self.author_name.as_deref()),
            ("author_id", self.author_id.as_deref()),
            ("followers", self.followers.as_deref()),
            ("text", self.text.as_deref()),
            ("title", self.title.as_deref()),
            ("url", self.url.as_deref()),
            ("likes", self.likes.as_deref()),
            ("shares", self.shares.as_deref()),
            ("comments", self.comments.as_deref()),
            ("quotes", self.quotes.as_deref()),
            ("views", self.views.as_deref()),
            ("reach", self.reach.as_deref()),
            ("sentiment", self.sentiment.as_deref()),
            ("language", self.language.as_deref()),
            ("country", self.country.as_deref()),
            ("kind", self.kind.as_deref()),
            ("parent_id", self.parent_id.as_deref()),
            ("thread_id", self.thread_id.as_deref()),
            ("is_brand", self.is_brand.as_deref()),
        ]
    }

    /// Refuses a mapping that cannot be read as meant: an unknown zone, a date format that
    /// reads no date, separators that are not one character or are the same, a time column
    /// that is also another field.
    fn check(&self) -> Result<(), ConfigError> {
        let invalid = |key: &str, value: &str, expected: &str| ConfigError::Invalid {
            key: format!("columns.{key}"),
            value: value.into(),
            expected: expected.into(),
        };
        if let Some(tz) = &self.timezone {
            parse_timezone(tz, "columns.timezone")?;
        }
        if let Some(format) = &self.date_format {
            if let Err(why) = check_date_format(format) {
                return Err(invalid(
                    "date_format",
                    format,
                    &format!(
                        "a strftime format that reads a whole date, like \"%d/%m/%Y %H:%M\" ({why})"
                    ),
                ));
            }
        }
        let separator = |key: &str, value: &Option<String>| -> Result<Option<char>, ConfigError> {
            // An empty value says "none", as leaving the key out does.
            let Some(value) = value.as_deref().filter(|v| !v.is_empty()) else {
                return Ok(None);
            };
            let mut chars = value.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if !c.is_ascii_digit() && c != '-' && c != '+' => Ok(Some(c)),
                _ => Err(invalid(
                    key,
                    value,
                    "one character that is not a digit or a sign, like \",\" or \".\"",
                )),
            }
        };
        let decimal = separator("decimal_separator", &self.decimal_separator)?;
        let thousands = separator("thousands_separator", &self.thousands_separator)?;
        if let (Some(d), Some(t)) = (decimal, thousands) {
            if d == t {
                return Err(invalid(
                    "thousands_separator",
                    &t.to_string(),
                    &format!("a character other than the decimal separator ({d:?})"),
                ));
            }
        }
        // A time column that is also the text (or any other field) is a slip in the mapping:
        // every row would be rejected for its time, or its text would be a date.
        const TIME_KEYS: [&str; 3] = ["timestamp", "date", "time"];
        let columns = self.columns();
        for (time_key, time_column) in columns.iter().filter(|(k, _)| TIME_KEYS.contains(k)) {
            let Some(time_column) = time_column else {
                continue;
            };
            if let Some((key, _)) = columns
                .iter()
                .find(|(k, c)| !TIME_KEYS.contains(k) && c == &Some(*time_column))
            {
                return Err(invalid(
                    time_key,
                    time_column,
                    &format!("a column of its own: {key} is mapped to it too"),
                ));
            }
        }
        Ok(())
    }
}

/// Why `format` cannot read a date, if it cannot: it must format a sample time and read the
/// result back to the same day (so `%H:%M` alone, or an unknown directive, is refused).
fn check_date_format(format: &str) -> Result<(), String> {
    let sample = jiff::civil::date(2026, 3, 12)
        .at(14, 5, 6, 0)
        .to_zoned(TimeZone::UTC)
        .map_err(|e| e.to_string())?;
    let text = jiff::fmt::strtime::format(format, &sample).map_err(|e| e.to_string())?;
    let read = jiff::fmt::strtime::parse(format, &text).map_err(|e| e.to_string())?;
    let date = match read.to_timestamp() {
        Ok(at) => at.to_zoned(TimeZone::UTC).date(),
        Err(_) => read
            .to_date()
            .map_err(|_| "it names no whole date: day, month and year".to_string())?,
    };
    if date == sample.date() {
        Ok(())
    } else {
        Err(format!("it read {text:?} back as {date}"))
    }
}

/// Tunable parameters of the analysis; every one documented in `docs/metrics.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// Onset: first bucket whose count exceeds `baseline median + onset_mads × MAD` …
    pub onset_mads: f64,
    /// … and at least `onset_min_count` mentions …
    pub onset_min_count: u64,
    /// … sustained for this many consecutive buckets (the first of them is the onset).
    pub onset_sustain: usize,
    /// End: the first run of `end_sustain` consecutive buckets after the peak back under the threshold.
    pub end_sustain: usize,
    /// A secondary peak is a local maximum after the end of the first decay that reaches this
    /// fraction of the main peak.
    pub secondary_peak_fraction: f64,
    /// Target for the first public brand response after onset, in seconds (finding `slow-first-response`).
    pub first_response_target_seconds: i64,
    /// Share of actionable mentions left unanswered that is worth a warning.
    pub unanswered_warning_share: f64,
    /// Share that is critical.
    pub unanswered_critical_share: f64,
    /// How many times slower the median response at the peak must be than before it to count as degraded.
    pub degraded_factor: f64,
    /// Share of reach carried by the top 1% of authors that counts as concentrated.
    pub concentration_share: f64,
    /// Share of campaign-hashtag mentions that are negative for `hashtag-hijack`.
    pub hijack_negative_share: f64,
    /// Maximum edit distance between a handle and a brand handle for `impostor-accounts`.
    pub impostor_max_distance: usize,
    /// How many highest-reach unanswered mentions to list.
    pub top_unanswered: usize,
}

impl Thresholds {
    /// Refuses values no rule can work with: a negative target, a share outside 0–1, a factor
    /// of zero. (Left unchecked, a huge target wrapped around in the severity arithmetic.)
    fn check(&self) -> Result<(), ConfigError> {
        let invalid = |key: &str, value: String, expected: &str| ConfigError::Invalid {
            key: format!("thresholds.{key}"),
            value,
            expected: expected.into(),
        };
        let target = self.first_response_target_seconds;
        if !(1..=MAX_DURATION_SECONDS).contains(&target) {
            return Err(invalid(
                "first_response_target_seconds",
                target.to_string(),
                "a number of seconds from 1 to 31622400 (366 days)",
            ));
        }
        for (key, share) in [
            ("secondary_peak_fraction", self.secondary_peak_fraction),
            ("unanswered_warning_share", self.unanswered_warning_share),
            ("unanswered_critical_share", self.unanswered_critical_share),
            ("concentration_share", self.concentration_share),
            ("hijack_negative_share", self.hijack_negative_share),
        ] {
            if !(0.0..=1.0).contains(&share) {
                return Err(invalid(key, share.to_string(), "a share from 0 to 1"));
            }
        }
        for (key, count) in [
            ("onset_sustain", self.onset_sustain),
            ("end_sustain", self.end_sustain),
            ("top_unanswered", self.top_unanswered),
        ] {
            if count == 0 {
                return Err(invalid(key, "0".into(), "a whole number from 1"));
            }
        }
        for (key, value) in [
            ("onset_mads", self.onset_mads),
            ("degraded_factor", self.degraded_factor),
        ] {
            if !(value.is_finite() && value > 0.0) {
                return Err(invalid(key, value.to_string(), "a number above 0"));
            }
        }
        // Otherwise a share between the two would be critical but not worth a warning. The
        // key named is the one the file set: a critical share below the default warning share
        // is that key's mistake.
        let (warning, critical) = (
            self.unanswered_warning_share,
            self.unanswered_critical_share,
        );
        if warning > critical {
            let default = Thresholds::default().unanswered_warning_share;
            return Err(if warning == default {
                invalid(
                    "unanswered_critical_share",
                    critical.to_string(),
                    &format!(
                        "a share no smaller than unanswered_warning_share ({warning}, the default)"
                    ),
                )
            } else {
                invalid(
                    "unanswered_warning_share",
                    warning.to_string(),
                    &format!("a share no larger than unanswered_critical_share ({critical})"),
                )
            });
        }
        Ok(())
    }
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            onset_mads: 5.0,
            onset_min_count: 3,
            onset_sustain: 2,
            end_sustain: 3,
            secondary_peak_fraction: 0.3,
            first_response_target_seconds: 3600,
            unanswered_warning_share: 0.2,
            unanswered_critical_share: 0.5,
            degraded_factor: 2.0,
            concentration_share: 0.5,
            hijack_negative_share: 0.5,
            impostor_max_distance: 2,
            top_unanswered: 10,
        }
    }
}

/// Per-rule settings a team can give in `[rules.<rule-id>]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSettings {
    /// `false` silences the rule.
    pub enabled: Option<bool>,
    /// The team's own comment, shown with the finding.
    pub comment: Option<String>,
}

/// The resolved configuration every stage after ingest reads.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    pub title: Option<String>,
    pub brand: Option<String>,
    /// Brand handles, lower case, without `@`, with the platform they apply to (`None` = every platform).
    pub brand_handles: Vec<BrandHandle>,
    #[serde(serialize_with = "serialize_tz")]
    pub timezone: TimeZone,
    /// True when no time zone was configured and UTC is used by default.
    pub timezone_defaulted: bool,
    pub report_language: Language,
    pub languages: Vec<String>,
    pub window: Window,
    pub bucket_seconds: Option<i64>,
    pub sla_seconds: i64,
    pub business_hours: Option<BusinessHours>,
    /// Lower case, without `#`.
    pub campaign_hashtags: Vec<String>,
    pub anonymize_allowlist: Vec<String>,
    pub date_order: Option<DateOrder>,
    pub events: Vec<ManualEvent>,
    pub thresholds: Thresholds,
    pub rules: BTreeMap<String, RuleSettings>,
    pub columns: Option<ColumnMap>,
    pub filter: Option<RowFilter>,
}

fn serialize_tz<S: serde::Serializer>(tz: &TimeZone, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(tz.iana_name().unwrap_or("UTC"))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BrandHandle {
    /// Normalised for matching: lower case, without `@`.
    pub handle: String,
    pub platform: Option<String>,
    /// As the team wrote it, without `@` (`SkywaysHelp`): how the report names the account.
    pub written: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Window {
    pub start: Option<Timestamp>,
    pub end: Option<Timestamp>,
}

impl Window {
    /// Half-open: `start <= t < end`.
    pub fn contains(&self, t: Timestamp) -> bool {
        self.start.is_none_or(|s| t >= s) && self.end.is_none_or(|e| t < e)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BusinessHours {
    /// ISO weekday numbers, Monday = 1.
    pub days: Vec<i8>,
    /// Minutes after local midnight.
    pub start_minute: i32,
    pub end_minute: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManualEvent {
    pub at: Timestamp,
    pub label: String,
}

impl FromStr for Language {
    type Err = ConfigError;
    fn from_str(s: &str) -> Result<Self, ConfigError> {
        Language::from_name(s).ok_or_else(|| ConfigError::Invalid {
            key: "language".into(),
            value: s.into(),
            expected: "one of en, it, es, pl".into(),
        })
    }
}

/// Command-line settings that override `incident.toml`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub brand_handles: Vec<String>,
    pub timezone: Option<String>,
    pub bucket: Option<String>,
    pub sla: Option<String>,
    pub language: Option<String>,
    pub columns: Option<ColumnMap>,
    pub filter: Option<RowFilter>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: None,
            brand: None,
            brand_handles: Vec::new(),
            timezone: TimeZone::UTC,
            timezone_defaulted: true,
            report_language: Language::En,
            languages: Vec::new(),
            window: Window::default(),
            bucket_seconds: None,
            sla_seconds: 3600,
            business_hours: None,
            campaign_hashtags: Vec::new(),
            anonymize_allowlist: Vec::new(),
            date_order: None,
            events: Vec::new(),
            thresholds: Thresholds::default(),
            rules: BTreeMap::new(),
            columns: None,
            filter: None,
        }
    }
}

impl Config {
    /// Parses `incident.toml` text. `origin` names the file in error messages.
    pub fn from_toml(text: &str, origin: &str) -> Result<Config, ConfigError> {
        let file: IncidentFile = toml::from_str(text).map_err(|e| ConfigError::Toml {
            path: origin.to_string(),
            message: e.to_string(),
        })?;
        Config::resolve(file, &Overrides::default())
    }

    /// Applies defaults and overrides, and validates every value.
    pub fn resolve(file: IncidentFile, overrides: &Overrides) -> Result<Config, ConfigError> {
        let mut config = Config::default();
        let tz_name = overrides.timezone.clone().or(file.timezone);
        if let Some(name) = tz_name {
            config.timezone = parse_timezone(&name, "timezone")?;
            config.timezone_defaulted = false;
        }
        config.title = file.title;
        config.brand = file.brand;
        for handle in file.handles.unwrap_or_default() {
            config.add_brand_handle(&handle, None, "handles")?;
        }
        for (platform, handles) in file.brand_handles.unwrap_or_default() {
            for handle in handles {
                // Named as the data's platforms are: `x` is `twitter`.
                let key = format!("brand_handles.{platform}");
                config.add_brand_handle(&handle, Some(canonical_platform(&platform)), &key)?;
            }
        }
        for handle in &overrides.brand_handles {
            config.add_brand_handle(handle, None, "brand")?;
        }
        if let Some(lang) = overrides.language.as_deref().or(file.language.as_deref()) {
            config.report_language = lang.parse()?;
        }
        config.languages = file
            .languages
            .unwrap_or_default()
            .into_iter()
            .map(|l| l.trim().to_ascii_lowercase())
            .collect();
        config.window = Window {
            start: file
                .start
                .map(|s| parse_config_time(&s, &config.timezone, "start"))
                .transpose()?,
            end: file
                .end
                .map(|s| parse_config_time(&s, &config.timezone, "end"))
                .transpose()?,
        };
        // The timeline covers the window: a year typed wrong ("0026") would make it millennia.
        // A day of slack either side lets a date in any time zone name the first or last day.
        let allowed = EARLIEST_SECOND - 86_400..LATEST_WINDOW_SECOND + 86_400;
        for (key, at) in [("start", config.window.start), ("end", config.window.end)] {
            if at.is_some_and(|at| !allowed.contains(&at.as_second())) {
                return Err(ConfigError::Invalid {
                    key: key.into(),
                    value: at.map(|t| t.to_string()).unwrap_or_default(),
                    expected:
                        "a time from 1995 (the earliest a mention can have) to 2099: check the year"
                            .into(),
                });
            }
        }
        if let (Some(s), Some(e)) = (config.window.start, config.window.end) {
            if e <= s {
                return Err(ConfigError::Invalid {
                    key: "end".into(),
                    value: e.to_string(),
                    expected: format!("a time after start ({s})"),
                });
            }
        }
        if let Some(bucket) = overrides.bucket.as_deref().or(file.bucket.as_deref()) {
            config.bucket_seconds = Some(parse_duration_key(bucket, "bucket")?);
        }
        if let Some(sla) = overrides.sla.as_deref().or(file.sla.as_deref()) {
            config.sla_seconds = parse_duration_key(sla, "sla")?;
        }
        config.business_hours = file
            .business_hours
            .map(resolve_business_hours)
            .transpose()?;
        config.campaign_hashtags = file
            .campaign_hashtags
            .unwrap_or_default()
            .iter()
            .map(|t| t.trim().trim_start_matches('#').to_lowercase())
            .filter(|t| !t.is_empty())
            .collect();
        config.anonymize_allowlist = file
            .anonymize_allowlist
            .unwrap_or_default()
            .iter()
            .map(|h| normalize_handle(h))
            .collect();
        config.date_order = file
            .date_order
            .map(|o| match o.trim().to_ascii_lowercase().as_str() {
                "dmy" | "day-first" => Ok(DateOrder::Dmy),
                "mdy" | "month-first" => Ok(DateOrder::Mdy),
                _ => Err(ConfigError::Invalid {
                    key: "date_order".into(),
                    value: o.clone(),
                    expected: "\"dmy\" (day first) or \"mdy\" (month first)".into(),
                }),
            })
            .transpose()?;
        for event in file.events.unwrap_or_default() {
            let at = parse_config_time(&event.at, &config.timezone, "events.at")?;
            config.events.push(ManualEvent {
                at,
                label: event.label,
            });
        }
        config.events.sort_by_key(|e| e.at);
        config.thresholds = file.thresholds.unwrap_or_default();
        config.thresholds.check()?;
        config.rules = file.rules.unwrap_or_default();
        config.columns = overrides.columns.clone().or(file.columns);
        if let Some(columns) = &config.columns {
            columns.check()?;
        }
        config.filter = overrides
            .filter
            .clone()
            .or(file.filter)
            .map(RowFilter::checked)
            .transpose()?;
        Ok(config)
    }

    /// Adds a brand account; `key` names where it was given, for the error when it is no
    /// handle at all (`""` or `"@"` would otherwise be dropped without a word, and the brand
    /// silently have no account).
    fn add_brand_handle(
        &mut self,
        handle: &str,
        platform: Option<String>,
        key: &str,
    ) -> Result<(), ConfigError> {
        let normalized = normalize_handle(handle);
        if normalized.is_empty() {
            return Err(ConfigError::Invalid {
                key: key.into(),
                value: handle.into(),
                expected: "a handle, like \"@SkywaysHelp\"".into(),
            });
        }
        // A list of handles written as one ("A,B", "A; B") would match nothing. A page's name
        // can hold commas and spaces ("Smith, Jones & Co", as some exports name a Facebook
        // page): only parts that each look like a handle make a list.
        let parts: Vec<&str> = normalized.split([',', ';']).map(str::trim).collect();
        if parts.len() > 1
            && parts
                .iter()
                .all(|p| !p.is_empty() && !p.contains(char::is_whitespace))
        {
            return Err(ConfigError::Invalid {
                key: key.into(),
                value: handle.into(),
                expected: "one handle; give each on its own (--brand A --brand B, or \
                           handles = [\"A\", \"B\"])"
                    .into(),
            });
        }
        let known = self
            .brand_handles
            .iter()
            .any(|b| b.handle == normalized && b.platform == platform);
        if !known {
            self.brand_handles.push(BrandHandle {
                handle: normalized,
                platform,
                written: handle.trim().trim_start_matches('@').to_string(),
            });
        }
        Ok(())
    }

    /// Whether `handle` (with or without `@`, any case) is one of the brand's handles on `platform`.
    pub fn is_brand_handle(&self, handle: &str, platform: Option<&str>) -> bool {
        let handle = normalize_handle(handle);
        self.brand_handles.iter().any(|b| {
            b.handle == handle
                && match (&b.platform, platform) {
                    (Some(bp), Some(p)) => bp.eq_ignore_ascii_case(p),
                    _ => true,
                }
        })
    }

    /// Whether the team silenced a findings rule.
    pub fn rule_enabled(&self, rule_id: &str) -> bool {
        self.rules
            .get(rule_id)
            .and_then(|r| r.enabled)
            .unwrap_or(true)
    }
}

impl Config {
    /// The configuration in `incident.toml`'s own terms, command-line overrides included: read
    /// back with [`Config::resolve`], it gives this configuration again. Times are written in
    /// the incident's time zone with their offset, durations and clock times as a team types
    /// them.
    pub fn to_incident_file(&self) -> IncidentFile {
        let non_empty = |list: Vec<String>| (!list.is_empty()).then_some(list);
        let local = |at: Timestamp| {
            at.to_zoned(self.timezone.clone())
                .strftime("%Y-%m-%d %H:%M:%S%:z")
                .to_string()
        };
        let mut handles = Vec::new();
        let mut per_platform: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for b in &self.brand_handles {
            let handle = format!("@{}", b.written);
            match &b.platform {
                None => handles.push(handle),
                Some(platform) => per_platform
                    .entry(platform.clone())
                    .or_default()
                    .push(handle),
            }
        }
        let day_names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        let clock = |minute: i32| format!("{:02}:{:02}", minute / 60, minute % 60);
        IncidentFile {
            title: self.title.clone(),
            brand: self.brand.clone(),
            handles: non_empty(handles),
            // Left out when none was given, so that the file read back still says so.
            timezone: (!self.timezone_defaulted)
                .then(|| self.timezone.iana_name().unwrap_or("UTC").to_string()),
            language: Some(self.report_language.code().to_string()),
            languages: non_empty(self.languages.clone()),
            start: self.window.start.map(local),
            end: self.window.end.map(local),
            bucket: self.bucket_seconds.map(format_duration),
            sla: Some(format_duration(self.sla_seconds)),
            campaign_hashtags: non_empty(
                self.campaign_hashtags
                    .iter()
                    .map(|t| format!("#{t}"))
                    .collect(),
            ),
            anonymize_allowlist: non_empty(self.anonymize_allowlist.clone()),
            date_order: self.date_order.map(|o| {
                match o {
                    DateOrder::Dmy => "dmy",
                    DateOrder::Mdy => "mdy",
                }
                .to_string()
            }),
            brand_handles: (!per_platform.is_empty()).then_some(per_platform),
            business_hours: self.business_hours.as_ref().map(|h| BusinessHoursFile {
                days: Some(
                    h.days
                        .iter()
                        .filter_map(|d| day_names.get(usize::try_from(*d - 1).ok()?))
                        .map(|d| d.to_string())
                        .collect(),
                ),
                start: clock(h.start_minute),
                end: clock(h.end_minute),
            }),
            events: (!self.events.is_empty()).then(|| {
                self.events
                    .iter()
                    .map(|e| EventFile {
                        at: local(e.at),
                        label: e.label.clone(),
                    })
                    .collect()
            }),
            thresholds: Some(self.thresholds.clone()),
            rules: (!self.rules.is_empty()).then(|| self.rules.clone()),
            columns: self.columns.clone(),
            filter: self.filter.clone(),
        }
    }

    /// [`Config::to_incident_file`] as TOML text, for the report's appendix.
    pub fn to_toml(&self) -> Result<String, toml::ser::Error> {
        toml::to_string(&self.to_incident_file())
    }
}

/// Seconds as `parse_duration` reads them: `1h30m`, `90s`, `1d`.
fn format_duration(seconds: i64) -> String {
    let mut text = String::new();
    let mut rest = seconds;
    for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] {
        if rest >= size {
            text.push_str(&format!("{}{unit}", rest / size));
            rest %= size;
        }
    }
    text
}

/// Lower case, without `@` and surrounding space.
pub fn normalize_handle(handle: &str) -> String {
    handle.trim().trim_start_matches('@').to_lowercase()
}

pub fn parse_timezone(name: &str, key: &str) -> Result<TimeZone, ConfigError> {
    TimeZone::get(name.trim()).map_err(|_| ConfigError::Invalid {
        key: key.into(),
        value: name.into(),
        expected: "an IANA time zone name such as \"Europe/Rome\" or \"UTC\"".into(),
    })
}

/// Parses a time in the configuration: RFC 3339, or `YYYY-MM-DD[ HH:MM[:SS]]` read in `tz`.
pub fn parse_config_time(text: &str, tz: &TimeZone, key: &str) -> Result<Timestamp, ConfigError> {
    let text = text.trim();
    let invalid = || ConfigError::Invalid {
        key: key.into(),
        value: text.into(),
        expected: "a time like \"2026-03-12T14:00:00+01:00\" or \"2026-03-12 14:00\"".into(),
    };
    if let Ok(ts) = text.parse::<Timestamp>() {
        // Offsets on Earth run from −12:00 to +14:00; the format allows up to ±25:59, which the
        // exports' times are refused with as impossible.
        let written = text
            .parse::<jiff::civil::DateTime>()
            .ok()
            .and_then(|civil| civil.to_zoned(TimeZone::UTC).ok());
        let offset = written.map_or(0, |w| w.timestamp().as_second() - ts.as_second());
        if !(-12 * 3600..=14 * 3600).contains(&offset) {
            return Err(invalid());
        }
        return Ok(ts);
    }
    let civil = text.parse::<jiff::civil::DateTime>().or_else(|_| {
        text.parse::<jiff::civil::Date>()
            .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
    });
    civil
        .ok()
        .and_then(|dt| tz.to_ambiguous_zoned(dt).compatible().ok())
        .map(|z| z.timestamp())
        .ok_or_else(invalid)
}

/// The end of the latest incident window accepted: 2100-01-01T00:00:00Z.
const LATEST_WINDOW_SECOND: i64 = 4_102_444_800;

/// The longest `bucket` or `sla`: a year. Longer is a typo, and would overflow the arithmetic
/// of times that add them.
const MAX_DURATION_SECONDS: i64 = 366 * 86_400;

fn parse_duration_key(text: &str, key: &str) -> Result<i64, ConfigError> {
    parse_duration(text)
        .filter(|seconds| *seconds <= MAX_DURATION_SECONDS)
        .ok_or_else(|| ConfigError::Invalid {
            key: key.into(),
            value: text.into(),
            expected: "a positive duration of at most 366 days, like \"90s\", \"5m\", \"1h\", \"1h30m\" or \"1d\"".into(),
        })
}

/// Parses `90s`, `5m`, `1h`, `1d`, `1h30m` (units s, m, h, d; a bare number is seconds) into
/// seconds. Zero, negative and overflowing durations are `None`.
pub fn parse_duration(text: &str) -> Option<i64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(seconds) = text.parse::<i64>() {
        return (seconds > 0).then_some(seconds);
    }
    let mut total: i64 = 0;
    let mut number = String::new();
    // Units from the largest down, each once: "1h30m", not "1d1d" or "5m1h", which are typos.
    let mut smallest_so_far = i64::MAX;
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
        } else if c.is_whitespace() {
            continue;
        } else {
            let unit = match c {
                's' => 1,
                'm' => 60,
                'h' => 3600,
                'd' => 86_400,
                _ => return None,
            };
            if unit >= smallest_so_far {
                return None;
            }
            smallest_so_far = unit;
            let n: i64 = number.parse().ok()?;
            total = total.checked_add(n.checked_mul(unit)?)?;
            number.clear();
        }
    }
    (number.is_empty() && total > 0).then_some(total)
}

fn parse_clock(text: &str) -> Option<i32> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    ((0..=24).contains(&h) && (0..60).contains(&m) && h * 60 + m <= 24 * 60).then_some(h * 60 + m)
}

fn resolve_business_hours(file: BusinessHoursFile) -> Result<BusinessHours, ConfigError> {
    let invalid = |key: &str, value: &str, expected: &str| ConfigError::Invalid {
        key: key.into(),
        value: value.into(),
        expected: expected.into(),
    };
    let start_minute = parse_clock(&file.start)
        .ok_or_else(|| invalid("business_hours.start", &file.start, "a time like \"09:00\""))?;
    let end_minute = parse_clock(&file.end)
        .ok_or_else(|| invalid("business_hours.end", &file.end, "a time like \"18:00\""))?;
    if end_minute <= start_minute {
        return Err(invalid(
            "business_hours.end",
            &file.end,
            "a closing time after the opening time",
        ));
    }
    let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let days = match file.days {
        None => vec![1, 2, 3, 4, 5],
        Some(days) => days
            .iter()
            .map(|d| {
                let d3: String = d.trim().to_ascii_lowercase().chars().take(3).collect();
                names
                    .iter()
                    .position(|n| *n == d3)
                    .map(|i| i as i8 + 1)
                    .ok_or_else(|| invalid("business_hours.days", d, "day names like \"mon\""))
            })
            .collect::<Result<Vec<_>, _>>()?,
    };
    // No open day would put every reply outside business hours, and the business-hours figure
    // would be "nothing answered in time" rather than "not measured".
    if days.is_empty() {
        return Err(invalid(
            "business_hours.days",
            "[]",
            "at least one day, like [\"mon\", \"tue\"] (leave the key out for Monday to Friday)",
        ));
    }
    Ok(BusinessHours {
        days,
        start_minute,
        end_minute,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90s"), Some(90));
        assert_eq!(parse_duration("5m"), Some(300));
        assert_eq!(parse_duration("1h"), Some(3600));
        assert_eq!(parse_duration("1d"), Some(86_400));
        assert_eq!(parse_duration("1h30m"), Some(5400));
        assert_eq!(parse_duration("45"), Some(45));
        assert_eq!(parse_duration("0s"), None);
        assert_eq!(parse_duration("-5m"), None);
        assert_eq!(parse_duration("5x"), None);
        assert_eq!(parse_duration("5"), Some(5));
        // Units from the largest down, each once.
        assert_eq!(parse_duration("1d 2h 3m 4s"), Some(93_784));
        assert_eq!(parse_duration("1d1d"), None);
        assert_eq!(parse_duration("5m1h"), None);
        assert_eq!(parse_duration("h"), None);
        assert_eq!(parse_duration(""), None);
        // A bucket or SLA longer than a year is refused with the key named.
        assert_eq!(
            parse_duration_key("366d", "bucket").ok(),
            Some(366 * 86_400)
        );
        for typo in ["367d", "106751991167300d", "9223372036854775807"] {
            let e = parse_duration_key(typo, "sla").unwrap_err().to_string();
            assert!(e.contains("`sla`") && e.contains("at most 366 days"), "{e}");
        }
    }

    #[test]
    fn full_file_resolves() {
        let text = r##"
title = "Broken guitar"
brand = "Skyways"
handles = ["@SkywaysAir"]
timezone = "Europe/Rome"
language = "it"
start = "2026-03-12 00:00"
end = "2026-03-15T00:00:00Z"
bucket = "30m"
sla = "45m"
campaign_hashtags = ["#FlyHappy"]

[brand_handles]
twitter = ["SkywaysHelp"]

[business_hours]
start = "09:00"
end = "18:00"

[[events]]
at = "2026-03-12 16:00"
label = "CEO statement"

[rules.reignition]
enabled = false
"##;
        let c = Config::from_toml(text, "incident.toml").unwrap();
        assert_eq!(c.report_language, Language::It);
        assert_eq!(c.bucket_seconds, Some(1800));
        assert_eq!(c.sla_seconds, 2700);
        // 00:00 in Rome (CET, +01:00) is 23:00 UTC the day before.
        assert_eq!(c.window.start.unwrap().to_string(), "2026-03-11T23:00:00Z");
        assert_eq!(c.events[0].at.to_string(), "2026-03-12T15:00:00Z");
        assert!(c.is_brand_handle("skywaysair", Some("twitter")));
        assert!(c.is_brand_handle("@SKYWAYSHELP", Some("twitter")));
        assert!(!c.is_brand_handle("SkywaysHelp", Some("facebook")));
        // Platforms are named as in the data: an `X` key is the `twitter` of the exports.
        let x =
            Config::from_toml("[brand_handles]\nX = [\"SkywaysCare\"]", "incident.toml").unwrap();
        assert!(x.is_brand_handle("SkywaysCare", Some("twitter")));
        assert!(!x.is_brand_handle("SkywaysCare", Some("facebook")));
        assert_eq!(c.campaign_hashtags, vec!["flyhappy"]);
        assert!(!c.rule_enabled("reignition"));
        assert!(c.rule_enabled("platform-jump"));
        assert_eq!(c.business_hours.unwrap().days, vec![1, 2, 3, 4, 5]);
    }

    #[test]
    fn date_order_spellings() {
        for (text, order) in [
            ("dmy", DateOrder::Dmy),
            ("Day-First", DateOrder::Dmy),
            ("mdy", DateOrder::Mdy),
            (" month-first ", DateOrder::Mdy),
        ] {
            let c = Config::from_toml(&format!("date_order = \"{text}\""), "incident.toml");
            assert_eq!(c.unwrap().date_order, Some(order), "{text}");
        }
        let e = Config::from_toml("date_order = \"ymd\"", "incident.toml").unwrap_err();
        assert!(e.to_string().contains("day first"), "{e}");
    }

    #[test]
    fn typos_and_bad_values_are_errors() {
        assert!(Config::from_toml("titel = \"x\"", "incident.toml").is_err());
        assert!(Config::from_toml("timezone = \"Mars/Base\"", "incident.toml").is_err());
        assert!(Config::from_toml("sla = \"soon\"", "incident.toml").is_err());
        assert!(Config::from_toml("language = \"fr\"", "incident.toml").is_err());
        assert!(Config::from_toml(
            "start = \"2026-03-12\"\nend = \"2026-03-11\"",
            "incident.toml"
        )
        .is_err());
        // A window whose year is mistyped would stretch the timeline over centuries.
        for window in ["start = \"0026-03-11\"", "end = \"2226-03-11\""] {
            let e = Config::from_toml(window, "incident.toml")
                .unwrap_err()
                .to_string();
            assert!(e.contains("check the year"), "{e}");
        }
        assert!(Config::from_toml("start = \"1995-01-01T00:00:00Z\"", "incident.toml").is_ok());
        // An offset no place on Earth has is a typo, as it is in an export's times.
        for (start, ok) in [
            ("2024-03-01T10:00:00+25:00", false),
            ("2024-03-01T10:00:00-13:00", false),
            ("2024-03-01T10:00:00+14:00", true),
            ("2024-03-01T10:00:00-12:00", true),
            ("2024-03-01T10:00:00+05:30", true),
        ] {
            let parsed = Config::from_toml(&format!("start = \"{start}\""), "incident.toml");
            assert_eq!(parsed.is_ok(), ok, "{start}: {parsed:?}");
        }
        // Midnight in Rome is still 1994 in UTC.
        assert!(Config::from_toml(
            "timezone = \"Europe/Rome\"\nstart = \"1995-01-01\"\nend = \"2099-12-31\"",
            "incident.toml"
        )
        .is_ok());
        for thresholds in [
            "first_response_target_seconds = -3600",
            "first_response_target_seconds = 9223372036854775807",
            "unanswered_warning_share = 1.5",
            "degraded_factor = 0.0",
            "onset_mads = nan",
            "top_unanswered = 0",
            "onset_sustain = 0",
        ] {
            let toml = format!("[thresholds]\n{thresholds}");
            let e = Config::from_toml(&toml, "incident.toml")
                .unwrap_err()
                .to_string();
            let key = thresholds.split(' ').next().unwrap();
            assert!(e.contains(&format!("thresholds.{key}")), "{e}");
        }
    }

    /// Settings that parse but contradict themselves or cannot do what they say are refused,
    /// naming the key, instead of being dropped or read some other way.
    #[test]
    fn contradictory_settings_are_errors_naming_their_key() {
        let refused = |toml: &str, key: &str| {
            let e = Config::from_toml(toml, "incident.toml")
                .unwrap_err()
                .to_string();
            assert!(e.contains(key), "{toml}: {e}");
        };
        refused(
            "[thresholds]\nunanswered_warning_share = 0.6\nunanswered_critical_share = 0.5",
            "thresholds.unanswered_warning_share",
        );
        // Only the critical share set, below the default warning share: that key is named.
        refused(
            "[thresholds]\nunanswered_critical_share = 0.15",
            "thresholds.unanswered_critical_share` = \"0.15\" is not valid: expected a share no \
             smaller than unanswered_warning_share (0.2, the default)",
        );
        refused(
            "[business_hours]\nstart = \"09:00\"\nend = \"18:00\"\ndays = []",
            "business_hours.days",
        );
        refused("handles = [\"@\"]", "handles");
        refused("handles = [\"\"]", "handles");
        refused(
            "handles = [\"SkywaysAir,SkywaysHelp\"]",
            "give each on its own",
        );
        refused("[brand_handles]\nx = [\"A; B\"]", "brand_handles.x");
        let page = Config::from_toml("handles = [\"Smith, Jones & Co\"]", "incident.toml").unwrap();
        assert!(page.is_brand_handle("smith, jones & co", None));
        refused("[brand_handles]\nx = [\" @ \"]", "brand_handles.x");
        for columns in [
            "date_format = \"%Q\"",
            "date_format = \"%H:%M\"",
            "date_format = \"%d/%m %H:%M\"",
            "date_format = \"%J\"",
            "decimal_separator = \"ab\"",
            "thousands_separator = \"0\"",
            "decimal_separator = \",\"\nthousands_separator = \",\"",
            "timestamp = \"Date\"\ntext = \"Date\"",
            "date = \"When\"\ntime = \"Hour\"\nid = \"Hour\"",
        ] {
            let key = columns.lines().last().unwrap().split(' ').next().unwrap();
            let key = match key {
                "text" => "timestamp",
                "id" => "time",
                other => other,
            };
            refused(&format!("[columns]\n{columns}"), &format!("columns.{key}"));
        }
        // What they must not refuse: a whole date with or without time and zone, a space or
        // a point as the thousands separator, the author's handle and name in one column.
        for columns in [
            "date_format = \"%d/%m/%Y %H.%M\"",
            "date_format = \"%d.%m.%Y\"",
            "date_format = \"%Y-%m-%dT%H:%M:%S%z\"",
            "date_format = \"%s\"",
            "decimal_separator = \",\"\nthousands_separator = \" \"",
            "thousands_separator = \".\"",
            "thousands_separator = \"\"",
            "author = \"Autore\"\nauthor_name = \"Autore\"",
        ] {
            let toml = format!("[columns]\n{columns}");
            assert!(Config::from_toml(&toml, "incident.toml").is_ok(), "{toml}");
        }
    }

    #[test]
    fn defaults() {
        let c = Config::from_toml("", "incident.toml").unwrap();
        assert!(c.timezone_defaulted);
        assert_eq!(c.sla_seconds, 3600);
        assert_eq!(c.report_language, Language::En);
        assert!(c.window.contains(Timestamp::UNIX_EPOCH));
    }

    /// The appendix's configuration, read back, is the configuration the report was built with:
    /// overrides, per-platform handles, local times across a clock change, every table.
    #[test]
    fn the_configuration_written_back_reads_as_the_same_configuration() {
        let written = r##"
title = "Skyways broke \"my\" guitar"
brand = "Skyways"
handles = ["@SkywaysAir"]
timezone = "Europe/Rome"
language = "it"
languages = ["en", "IT"]
start = "2026-03-28 22:00"
end = "2026-03-29T12:00:00Z"
bucket = "90m"
sla = "1h30m"
campaign_hashtags = ["#FlyHappy"]
date_order = "day-first"
anonymize_allowlist = ["@Mira_Strings"]

[brand_handles]
x = ["SkywaysHelp"]

[business_hours]
days = ["Monday", "sat"]
start = "07:30"
end = "24:00"

[[events]]
at = "2026-03-29 03:15"
label = "After the clocks went forward"

[thresholds]
onset_mads = 4.5
top_unanswered = 5

[rules.slow-first-response]
enabled = false
comment = "No night shift"

[columns]
text = "Message"
decimal_separator = ","
"##;
        let overrides = Overrides {
            sla: Some("2h".into()),
            ..Overrides::default()
        };
        let file: IncidentFile = toml::from_str(written).unwrap();
        let config = Config::resolve(file, &overrides).unwrap();
        let toml = config.to_toml().unwrap();
        // As a team would type it; times in the incident's zone, on either side of the change.
        for line in [
            "handles = [\"@SkywaysAir\"]",
            "start = \"2026-03-28 22:00:00+01:00\"",
            "end = \"2026-03-29 14:00:00+02:00\"",
            "bucket = \"1h30m\"",
            "sla = \"2h\"",
            "date_order = \"dmy\"",
            "campaign_hashtags = [\"#flyhappy\"]",
            "twitter = [\"@SkywaysHelp\"]",
            "days = [\"mon\", \"sat\"]",
            "end = \"24:00\"",
            "at = \"2026-03-29 03:15:00+02:00\"",
        ] {
            assert!(toml.contains(line), "{line} not in\n{toml}");
        }
        let again = Config::resolve(toml::from_str(&toml).unwrap(), &Overrides::default()).unwrap();
        assert_eq!(
            serde_json::to_value(&again).unwrap(),
            serde_json::to_value(&config).unwrap(),
            "{toml}"
        );
    }

    #[test]
    fn a_configuration_without_a_time_zone_is_written_without_one() {
        let config = Config::from_toml("", "incident.toml").unwrap();
        let toml = config.to_toml().unwrap();
        assert!(!toml.contains("timezone"), "{toml}");
        let again = Config::from_toml(&toml, "written").unwrap();
        assert!(again.timezone_defaulted);
        assert_eq!(again.sla_seconds, 3600);
    }

    #[test]
    fn a_filter_keeps_its_values_in_any_case_and_is_written_back() {
        let c = Config::from_toml(
            "[filter]\ncolumn = \" airline \"\nvalues = [\"United\", \" Żabka \"]\n",
            "incident.toml",
        )
        .unwrap();
        let filter = c.filter.as_ref().unwrap();
        assert_eq!(filter.column, "airline");
        assert!(filter.keeps("united") && filter.keeps(" UNITED ") && filter.keeps("ŻABKA"));
        assert!(!filter.keeps("United Airlines") && !filter.keeps(""));
        let again = Config::from_toml(&c.to_toml().unwrap(), "written").unwrap();
        assert_eq!(again.filter, c.filter);
        for (toml, key) in [
            (
                "[filter]\ncolumn = \" \"\nvalues = [\"x\"]\n",
                "filter.column",
            ),
            ("[filter]\ncolumn = \"a\"\nvalues = []\n", "filter.values"),
            (
                "[filter]\ncolumn = \"a\"\nvalues = [\"x\", \" \"]\n",
                "filter.values",
            ),
        ] {
            let e = Config::from_toml(toml, "incident.toml").unwrap_err();
            assert!(
                matches!(&e, ConfigError::Invalid { key: k, .. } if k == key),
                "{e}"
            );
        }
    }

    #[test]
    fn only_flags_name_one_column_and_its_values() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(RowFilter::from_args(&[]).unwrap(), None);
        assert_eq!(
            RowFilter::from_args(&args(&["airline=United", "airline=Virgin America"])).unwrap(),
            Some(RowFilter {
                column: "airline".into(),
                values: vec!["United".into(), "Virgin America".into()],
            })
        );
        // A value may hold '=': only the first one splits.
        assert_eq!(
            RowFilter::from_args(&args(&["query=a=b"]))
                .unwrap()
                .unwrap()
                .values,
            ["a=b"]
        );
        assert!(RowFilter::from_args(&args(&["United"])).is_err());
        assert!(RowFilter::from_args(&args(&["airline=United", "brand=United"])).is_err());
        // An empty column or value names the argument as given, and says what is missing.
        for arg in ["airline=", "=United", " = "] {
            let e = RowFilter::from_args(&args(&[arg])).unwrap_err().to_string();
            assert!(
                e.contains(&format!("{arg:?}")) && e.contains("neither empty"),
                "{e}"
            );
        }
    }
}
