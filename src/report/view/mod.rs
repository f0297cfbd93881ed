//! The report as the reader sees it: every figure of the [`CaseStudy`] formatted once, in the
//! report language and time zone, with the sentences, tables and charts that present it.
//! Both the HTML (tera) and the PDF (Typst) templates render this one model, so the two
//! outputs always say the same thing.

use jiff::Timestamp;
use serde::Serialize;

mod figures;
mod format;

use format::baseline_key;
pub use format::{Fmt, DASH};

use super::markdown::{self, Markdown};
use super::safe_url;
use crate::case::{CaseStudy, Finding, Severity};
use crate::error::ReportError;
use crate::metrics::{
    AuthorStat, Breakdown, Metrics, MilestoneKind, MomentKind, Phase, ResponseGroup, Timeline,
    TimelineWarning,
};
use crate::model::{
    ClockChange, DateOrder, FileNotice, FileReport, Kind, MentionRef, RowProblem, Sentiment,
    ValueProblem,
};
use figures::{
    hashtags_chart, marked_moments, moment_text, platforms_chart, reach_chart, replies_chart,
    response_times_chart, sentiment_chart, volume_chart,
};

#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    pub lang: &'static str,
    pub title: String,
    /// The title is the export's or the folder's name (none was set): a file name, which no
    /// language's typographic rules may change.
    pub title_is_name: bool,
    pub brand: Option<String>,
    pub period: String,
    pub timezone: String,
    pub anonymized: bool,
    pub generated_by: String,
    pub kpis: Vec<Stat>,
    pub summary: Vec<String>,
    pub team_summary: Option<Markdown>,
    /// The language code of the team's lessons (summary, document): the report's own when
    /// none was recognised.
    pub lessons_lang: &'static str,
    pub timeline: TimelineView,
    pub reach: ReachView,
    pub response: ResponseView,
    pub sentiment: SentimentView,
    pub topics: TopicsView,
    pub platforms: PlatformsView,
    pub findings: FindingsView,
    pub lessons: LessonsView,
    pub appendix: AppendixView,
}

/// A labelled figure.
#[derive(Debug, Clone, Serialize)]
pub struct Stat {
    pub label: String,
    pub value: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub label: String,
    pub numeric: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    /// Why the table is empty, where "none" alone would not say (shown instead of "None").
    pub empty: Option<String>,
}

impl Table {
    fn new(columns: &[(String, bool)]) -> Table {
        Table {
            columns: columns
                .iter()
                .map(|(label, numeric)| Column {
                    label: label.clone(),
                    numeric: *numeric,
                })
                .collect(),
            rows: Vec::new(),
            empty: None,
        }
    }

    /// The table, saying `why` when it has no row.
    fn empty_because(mut self, why: String) -> Table {
        if self.rows.is_empty() {
            self.empty = Some(why);
        }
        self
    }
}

/// What the view is for: charts are drawn narrower for an A4 page, so their text prints at a
/// readable size, and the page's SVG follows its light or dark scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Medium {
    Screen,
    Print,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    pub id: &'static str,
    pub title: String,
    /// The text alternative, generated from the data.
    pub alt: String,
    /// For the screen: colours that follow the page's scheme. For print: exactly as drawn,
    /// fixed colours and the vendored font.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub svg: String,
    /// The narrow drawing shown on phones (screen only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub svg_phone: Option<String>,
    /// The SVG's file name in the Typst world.
    pub file: String,
    /// The figures the chart draws.
    pub table: Table,
}

#[derive(Debug, Clone, Serialize)]
pub struct MentionView {
    pub time: String,
    pub author: Option<String>,
    pub name: Option<String>,
    pub platform: Option<String>,
    pub text: String,
    /// Only `http(s)` URLs.
    pub href: Option<String>,
    pub reach: Option<String>,
    pub sentiment: Option<String>,
    /// `negative`, `neutral`, `positive`: a CSS class.
    pub sentiment_key: Option<&'static str>,
    pub kind: String,
    /// "file, line N".
    pub source: String,
}

/// The key moments at one instant (the most shared post is often also the first with the
/// hashtag): one number on the chart, one entry in the list.
#[derive(Debug, Clone, Serialize)]
pub struct MomentView {
    pub number: usize,
    pub time: String,
    pub text: String,
    /// The posts behind the moments, each once.
    pub mentions: Vec<MentionView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineView {
    pub chart: Option<ChartView>,
    pub moments: Vec<MomentView>,
    pub milestones: Table,
    pub phases: Table,
    pub stats: Vec<Stat>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReachView {
    pub stats: Vec<Stat>,
    pub chart: Option<ChartView>,
    pub top_by_reach: Table,
    pub top_by_volume: Table,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResponseView {
    pub stats: Vec<Stat>,
    pub linkage_note: Option<String>,
    pub replies_chart: Option<ChartView>,
    pub times_chart: Option<ChartView>,
    pub by_phase: Table,
    pub by_account: Table,
    pub unanswered: Vec<MentionView>,
    /// In place of an empty list of unanswered mentions: why, or just "None".
    pub unanswered_empty: String,
    pub anomalies_note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SentimentView {
    pub available: bool,
    pub note: Option<String>,
    pub stats: Vec<Stat>,
    pub chart: Option<ChartView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TopicsView {
    pub chart: Option<ChartView>,
    pub hashtags: Table,
    pub rising_terms: Table,
    pub terms: Table,
    pub domains: Table,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlatformsView {
    pub chart: Option<ChartView>,
    pub platforms: Table,
    pub languages: Table,
    pub countries: Table,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    pub id: String,
    /// The rule's name in the report's language (`Impostor accounts`); `None` for a rule the
    /// catalogues do not know (a case from another version).
    pub name: Option<String>,
    pub severity: &'static str,
    pub severity_label: String,
    pub title: String,
    pub figures: Vec<Stat>,
    pub examples: Vec<MentionView>,
    /// What the examples are: the finding's own label, else "Example posts".
    pub examples_label: String,
    pub principle: String,
    pub recommendation: String,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingsView {
    /// Whether the playbook was checked at all.
    pub checked: bool,
    pub counts: Vec<Stat>,
    pub items: Vec<FindingView>,
    /// What to say in place of findings when there are none: not run, nothing found, or
    /// nothing that could be checked (which is not "nothing found").
    pub empty: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LessonsView {
    pub document: Option<Markdown>,
    pub action_items: Table,
    /// In place of the document: no lessons.md, or one not filled in yet.
    pub empty: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileView {
    pub path: String,
    pub sha256: String,
    pub stats: Vec<Stat>,
    pub columns: Table,
    pub unused_columns: String,
    pub rejection_reasons: Table,
    pub rejected_examples: Table,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Definition {
    pub term: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AppendixView {
    pub files_table: Table,
    pub files: Vec<FileView>,
    pub rows: Vec<Stat>,
    /// That the rows add up (or not), naming the filtered rows when there is a filter.
    pub rows_note: String,
    /// The files of the incident folder that look like data but were not read, and what to
    /// do with each; `None` when there are none.
    pub unread: Option<String>,
    pub rules: Table,
    /// The configuration as `incident.toml` text.
    pub config: String,
    pub definitions: Vec<Definition>,
    pub definitions_version: u32,
}

fn stat(label: String, value: String) -> Stat {
    Stat {
        label,
        value,
        note: None,
    }
}

fn stat_note(label: String, value: String, note: Option<String>) -> Stat {
    Stat { label, value, note }
}

/// Builds the whole view. Fails only if a chart cannot be drawn.
pub fn build(case: &CaseStudy, medium: Medium) -> Result<ReportView, ReportError> {
    let f = Fmt::new(case, medium);
    let metrics = &case.metrics;
    let timeline = &metrics.timeline;
    let period = match (timeline.first, timeline.last) {
        (Some(first), Some(last)) => {
            let (a, b) = (f.cat.date(first, &f.tz), f.cat.date(last, &f.tz));
            if a == b {
                a
            } else {
                format!("{a} – {b}")
            }
        }
        _ => DASH.to_string(),
    };
    let timezone = if case.config.timezone_defaulted {
        f.fill(
            "report.header.timezone_default",
            &[("tz", &case.incident.timezone)],
        )
    } else {
        case.incident.timezone.clone()
    };
    let team_summary = case
        .lessons
        .sections
        .iter()
        .filter(|s| s.kind == "summary")
        .map(|s| s.markdown.as_str())
        .collect::<Vec<_>>();
    let team_summary =
        (!team_summary.is_empty()).then(|| markdown::render(&team_summary.join("\n\n"), 2));
    Ok(ReportView {
        lang: case.config.report_language.code(),
        lessons_lang: case
            .lessons
            .language
            .unwrap_or(case.config.report_language)
            .code(),
        title: case.incident.title.clone(),
        title_is_name: case.config.title.is_none(),
        brand: brand_label(case),
        period,
        timezone,
        anonymized: case.incident.anonymized,
        generated_by: case.incident.generated_by.clone(),
        kpis: kpis(case, &f),
        summary: summary(case, &f),
        team_summary,
        timeline: timeline_view(case, &f)?,
        reach: reach_view(case, &f)?,
        response: response_view(case, &f)?,
        sentiment: sentiment_view(case, &f)?,
        topics: topics_view(case, &f)?,
        platforms: platforms_view(case, &f)?,
        findings: findings_view(case, &f),
        lessons: lessons_view(case, &f),
        appendix: appendix_view(case, &f),
    })
}

// ---------------------------------------------------------------- header and summary

/// Whose case study this is: the brand's name from `incident.toml`, else its accounts
/// (`@AmazonHelp`), which a build from the command line (`--brand`) names alone; a report of
/// an export of several companies must say which one it is about.
pub fn brand_label(case: &CaseStudy) -> Option<String> {
    if let Some(name) = &case.incident.brand {
        return Some(name.clone());
    }
    // One account may be named for several platforms: once, by its matching form.
    let mut shown: Vec<&crate::config::BrandHandle> = Vec::new();
    for b in &case.config.brand_handles {
        if !shown.iter().any(|seen| seen.handle == b.handle) {
            shown.push(b);
        }
    }
    (!shown.is_empty()).then(|| {
        shown
            .iter()
            .map(|b| format!("@{}", b.written))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

fn kpis(case: &CaseStudy, f: &Fmt) -> Vec<Stat> {
    let m = &case.metrics;
    let per = f.per_bucket(m.timeline.bucket_seconds);
    let response = &m.response;
    vec![
        stat_note(
            f.t("report.kpi.peak"),
            m.timeline
                .peak
                .as_ref()
                .map_or_else(|| DASH.into(), |p| f.int(p.count)),
            m.timeline
                .peak
                .as_ref()
                .map(|p| format!("{per} · {}", f.short(p.start))),
        ),
        stat_note(
            f.t("report.kpi.first_response"),
            f.dur_i(first_response_headline(case)),
            Some(
                if let Some(from_onset) = response.first_response_after_onset_seconds {
                    if first_response_from_first_post(case).is_some() {
                        f.fill(
                            "report.kpi.after_first_post",
                            &[("onset", &f.dur_i(Some(from_onset)))],
                        )
                    } else {
                        f.t("report.kpi.after_onset")
                    }
                } else if response.brand_posts == 0 {
                    f.t("report.kpi.no_brand_posts")
                } else if m.timeline.onset.is_none() {
                    f.t("report.kpi.no_onset")
                } else if posted_but_answered_no_one(m) {
                    f.t("report.kpi.no_answer")
                } else {
                    f.t("report.kpi.no_response")
                },
            ),
        ),
        stat_note(
            f.t("report.kpi.response_rate"),
            f.pct(response.rate),
            Some(if response.brand_posts == 0 {
                f.t("report.kpi.no_brand_posts")
            } else if response.linkage == "none" {
                f.t("report.kpi.no_linkage")
            } else {
                f.fill(
                    "report.kpi.answered_of",
                    &[
                        ("answered", &f.int(response.answered)),
                        ("actionable", &f.int(response.actionable)),
                    ],
                )
            }),
        ),
        stat_note(
            f.t("report.kpi.median_response"),
            f.dur(response.median_seconds),
            Some(f.fill(
                "report.kpi.target",
                &[("sla", &f.round_duration(response.sla_seconds))],
            )),
        ),
        stat_note(
            f.t("report.kpi.potential_reach"),
            f.compact(m.reach.potential),
            Some(f.t("report.kpi.potential_reach_note")),
        ),
        stat_note(
            f.t("report.kpi.unique_reach"),
            f.compact(m.reach.unique),
            Some(f.t("report.kpi.unique_reach_note")),
        ),
        stat_note(
            f.t("report.kpi.negative_share"),
            f.pct(m.sentiment.negative_share),
            m.sentiment.negative_share_baseline.map(|b| {
                f.fill(
                    &format!("report.kpi.baseline_{}", baseline_key(&m.timeline)),
                    &[("value", &f.pct(Some(b)))],
                )
            }),
        ),
    ]
}

/// Whether the usual level before the incident is zero. "0.0 per 30 min" is true but reads
/// oddly, so the summary and the timeline's description then say it in words.
fn quiet_lead_in(tl: &Timeline) -> bool {
    tl.baseline.median == 0.0
}

/// In an export of several companies, the mentions of the brand's conversations, which every
/// figure counts, and all the mentions ([`TimelineWarning::FlaggedBrandPostsOfOtherAccounts`]).
fn brand_conversations(tl: &Timeline) -> Option<(u64, u64)> {
    tl.warning_codes.iter().find_map(|w| match w {
        TimelineWarning::FlaggedBrandPostsOfOtherAccounts {
            conversations,
            mentions,
            ..
        } => Some((*conversations, *mentions)),
        _ => None,
    })
}

/// The first response from the onset interval's first public post, when that is the time to
/// lead with ([`Metrics::first_response_from_first_post`], at the incident's target). (The
/// metric is set only with an onset and a first response.)
fn first_response_from_first_post(case: &CaseStudy) -> Option<i64> {
    case.metrics
        .first_response_from_first_post(case.config.thresholds.first_response_target_seconds)
}

/// The first response as the header's card and the library give it: from the onset interval's
/// first public post with intervals longer than the target, else from the onset.
pub fn first_response_headline(case: &CaseStudy) -> Option<i64> {
    first_response_from_first_post(case)
        .or(case.metrics.response.first_response_after_onset_seconds)
}

fn summary(case: &CaseStudy, f: &Fmt) -> Vec<String> {
    let m = &case.metrics;
    let tl = &m.timeline;
    let per = f.per_bucket(tl.bucket_seconds);
    let baseline = f.level(tl.baseline.median);
    // The onset and the end are crossings of the threshold, not of the usual level (the
    // median): a bucket of 94 is not "the usual level" of 30 because it is under 105.
    let threshold = f.level(tl.baseline.threshold);
    let quiet = quiet_lead_in(tl);
    let mut out = Vec::new();
    // Every figure below is the brand's conversations': said first, since the appendix counts
    // every row of the export.
    let scope = brand_conversations(tl);
    if let Some((conversations, mentions)) = scope {
        out.push(f.fill(
            if conversations == 0 {
                "report.summary.no_brand_conversations"
            } else {
                "report.summary.brand_conversations"
            },
            &[
                ("conversations", &f.int(conversations)),
                ("mentions", &f.count_noun(mentions, "mention")),
                ("total", &f.int(mentions)),
            ],
        ));
    }
    match (tl.onset, &tl.peak) {
        (Some(onset), Some(peak)) => out.push(f.fill(
            if quiet {
                "report.summary.onset_peak_quiet"
            } else {
                "report.summary.onset_peak"
            },
            &[
                ("baseline", &baseline),
                ("threshold", &threshold),
                ("per", &per),
                ("onset", &f.at(onset)),
                ("peak", &f.int(peak.count)),
                ("peak_at", &f.at(peak.start)),
                (
                    "time_to_peak",
                    &f.between_buckets(tl.time_to_peak_seconds, tl.bucket_seconds),
                ),
            ],
        )),
        (None, Some(peak)) => out.push(f.fill(
            if quiet {
                "report.summary.no_onset_quiet"
            } else if peak.count as f64 <= tl.baseline.threshold {
                // Not "never stayed above … long enough": it never got there.
                "report.summary.no_onset_below"
            } else {
                "report.summary.no_onset"
            },
            &[
                ("baseline", &baseline),
                ("threshold", &threshold),
                ("per", &per),
                ("peak", &f.int(peak.count)),
                ("peak_mentions", &f.count_noun(peak.count, "mention")),
                ("peak_at", &f.at(peak.start)),
            ],
        )),
        // Said above: the export holds mentions, none of them the brand's conversations.
        _ if scope.is_some_and(|(conversations, _)| conversations == 0) => {}
        _ => out.push(f.t("report.summary.no_data")),
    }
    if let Some(onset) = tl.onset {
        match tl.end {
            Some(end) => out.push(f.fill(
                "report.summary.end",
                &[
                    ("threshold", &threshold),
                    ("per", &per),
                    ("end", &f.at(end)),
                    (
                        "duration",
                        &f.dur_i(Some(end.as_second() - onset.as_second())),
                    ),
                ],
            )),
            None => {
                if let Some(last) = tl.last {
                    out.push(f.fill(
                        "report.summary.no_end",
                        &[
                            ("threshold", &threshold),
                            ("per", &per),
                            ("last", &f.at(last)),
                        ],
                    ))
                }
            }
        }
    }
    // A crisis that came back is not over when the volume first fell: the later peaks belong
    // in the summary, not only in the timeline.
    if !tl.secondary_peaks.is_empty() {
        let peaks: Vec<String> = tl
            .secondary_peaks
            .iter()
            .map(|p| {
                format!(
                    "{} ({})",
                    f.short(p.start),
                    f.count_noun(p.count, "mention")
                )
            })
            .collect();
        out.push(f.fill(
            "report.summary.later_peaks",
            &[("peaks", &peaks.join("; "))],
        ));
    }
    let r = &m.response;
    match r.first_response_after_onset_seconds {
        Some(first) => {
            // With intervals longer than the first-response target, the onset (an interval's
            // start) can be hours before the rise's first post: the time from that post is
            // given first, as the playbook check judges it (`slow-first-response`).
            let first_sentence = match first_response_from_first_post(case) {
                Some(from_post) => f.fill(
                    "report.summary.response_first_coarse",
                    &[
                        ("first_post", &f.dur_i(Some(from_post))),
                        ("first_response", &f.dur_i(Some(first))),
                        ("bucket", &f.round_duration(tl.bucket_seconds)),
                    ],
                ),
                None => f.fill(
                    "report.summary.response_first",
                    &[("first_response", &f.dur_i(Some(first)))],
                ),
            };
            // Without links from replies to what they answer, the rate and times are unknown:
            // "It answered – of 319 mentions" says nothing.
            let rates = if r.linkage == "none" {
                f.t("report.summary.response_unlinked_rates")
            } else {
                f.fill(
                    "report.summary.response_rates",
                    &[
                        ("rate", &f.pct(r.rate)),
                        ("actionable", &f.int(r.actionable)),
                        ("median", &f.dur(r.median_seconds)),
                        ("sla", &f.round_duration(r.sla_seconds)),
                    ],
                )
            };
            out.push(format!("{first_sentence} {rates}"));
        }
        // (Without a peak there are no mentions, which the summary has said.)
        None if r.brand_posts == 0 && tl.peak.is_some() => {
            out.push(f.t("report.summary.no_brand_posts"))
        }
        None if r.brand_posts == 0 => {}
        None if posted_but_answered_no_one(m) => out.push(f.t("report.summary.no_answer")),
        None if tl.onset.is_some() => out.push(f.t("report.summary.no_response")),
        None => {}
    }
    if let Some(not_raised) = f.negative_share_not_raised(m) {
        out.push(not_raised);
    } else if let (Some(base), Some(peak)) = (
        m.sentiment.negative_share_baseline,
        m.sentiment.negative_share_peak,
    ) {
        out.push(f.fill(
            "report.summary.sentiment",
            &[
                ("baseline", &f.pct(Some(base))),
                ("peak", &f.pct(Some(peak))),
                ("when", &f.baseline_when(tl)),
            ],
        ));
    }
    if m.reach.potential.is_some() || m.reach.unique.is_some() {
        let mut values = vec![
            ("potential", f.compact(m.reach.potential)),
            ("unique", f.compact(m.reach.unique)),
            ("mentions", f.int(m.reach.mentions)),
            ("mention_count", f.count_noun(m.reach.mentions, "mention")),
        ];
        let key = match m.reach.authors {
            Some(authors) => {
                values.push(("authors", f.int(authors)));
                values.push(("author_count", f.count_noun(authors, "author")));
                "report.summary.reach"
            }
            None => "report.summary.reach_no_authors",
        };
        let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        out.push(f.fill(key, &values));
    }
    let nothing_checkable =
        case.findings.is_empty() && !case.rules.iter().any(|r| r.status == "checked");
    if !case.rules.is_empty() && nothing_checkable {
        // Zero of everything would read as a clean bill of health.
        out.push(f.t("report.findings.none_checkable"));
    } else if !case.rules.is_empty() || !case.findings.is_empty() {
        let count = |s: Severity| case.findings.iter().filter(|x| x.severity == s).count() as u64;
        out.push(f.fill(
            "report.summary.findings",
            &[
                ("critical", &f.int(count(Severity::Critical))),
                ("warning", &f.int(count(Severity::Warning))),
                ("info", &f.int(count(Severity::Info))),
                ("good", &f.int(count(Severity::Good))),
            ],
        ));
        // Zero findings from one rule of thirteen is not the same news as from thirteen.
        if let Some(checked) = rules_partly_checked(case) {
            out.push(checked.text(f, "report.summary.rules_checked"));
        }
    }
    out
}

// ---------------------------------------------------------------- mentions

/// The file a mention came from, by its name alone unless another export of the incident has
/// the same name (`a/data.csv`, `b/data.csv`): then by its path in the incident.
fn file_name(case: &CaseStudy, index: u32) -> String {
    let name = |path: &str| path.rsplit(['/', '\\']).next().unwrap_or(path).to_string();
    let Some(file) = case.files.get(index as usize) else {
        return DASH.to_string();
    };
    let own = name(&file.path);
    let shared = case
        .files
        .iter()
        .enumerate()
        .any(|(i, other)| i != index as usize && name(&other.path) == own);
    if shared {
        file.path.clone()
    } else {
        own
    }
}

fn kind_label(f: &Fmt, kind: Kind) -> String {
    f.t(&format!("report.kind.{}", kind.as_str()))
}

pub fn mention(case: &CaseStudy, f: &Fmt, m: &MentionRef) -> MentionView {
    MentionView {
        time: f.short(m.at),
        author: m.author.as_ref().map(|a| format!("@{a}")),
        name: m
            .author_name
            .clone()
            .filter(|n| Some(n) != m.author.as_ref()),
        platform: m.platform.as_deref().map(|p| f.platform(p)),
        // An export of ids and times only gives no text: an empty quote would read as a post
        // that said nothing.
        text: if m.text.trim().is_empty() {
            f.t("report.mention.no_text")
        } else {
            m.text.clone()
        },
        href: m.url.as_deref().and_then(safe_url),
        reach: m.reach.map(|r| f.cat.compact(r)),
        sentiment: m.sentiment.map(|s| f.sentiment(s)),
        sentiment_key: m.sentiment.map(Sentiment::as_str),
        kind: kind_label(f, m.kind),
        source: f.fill(
            "report.mention.source",
            &[
                ("file", &file_name(case, m.source.file)),
                ("line", &m.source.line.to_string()),
            ],
        ),
    }
}

// ---------------------------------------------------------------- sections

/// `text` with its first letter in lower case when its first word is a capitalised word, not
/// an acronym or a name in capitals ("First post" → "first post", "CEO" stays).
fn lower_first_word(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => first
            .to_lowercase()
            .chain(text[first.len_utf8()..].chars())
            .collect(),
        _ => text.to_string(),
    }
}

fn timeline_view(case: &CaseStudy, f: &Fmt) -> Result<TimelineView, ReportError> {
    let tl = &case.metrics.timeline;
    let several_companies = brand_conversations(tl).is_some();
    let moments = marked_moments(case)
        .into_iter()
        .enumerate()
        .map(|(i, group)| {
            let texts: Vec<String> = group
                .iter()
                .enumerate()
                .map(|(k, m)| {
                    let of_kind = tl.key_moments.iter().filter(|o| o.kind == m.kind).count();
                    // The data holds other companies' earlier posts.
                    let text = if m.kind == MomentKind::FirstMention && several_companies {
                        f.t("report.moment.first_conversation_mention")
                    } else {
                        moment_text(f, m.kind, &m.label, of_kind)
                    };
                    // Joined by semicolons, later descriptions go on in lower case; the team's
                    // own labels ("CEO statement") stay as written.
                    if k > 0 && m.kind != MomentKind::ManualEvent {
                        lower_first_word(&text)
                    } else {
                        text
                    }
                })
                .collect();
            let mut refs: Vec<&MentionRef> = Vec::new();
            for r in group.iter().filter_map(|m| m.mention.as_ref()) {
                if !refs.iter().any(|seen| seen.id == r.id) {
                    refs.push(r);
                }
            }
            MomentView {
                number: i + 1,
                time: f.short(group[0].at),
                text: texts.join("; "),
                mentions: refs.into_iter().map(|r| mention(case, f, r)).collect(),
            }
        })
        .collect();
    let mut milestones = Table::new(&[
        (f.t("report.table.milestone"), false),
        (f.t("report.table.time"), false),
        (f.t("report.table.since_onset"), true),
        (f.t("report.table.since_previous"), true),
    ]);
    // In time order, so "since previous" never runs backwards (a first response can come after
    // the peak); milestones not reached go last.
    let mut in_order: Vec<_> = tl.milestones.iter().collect();
    in_order.sort_by_key(|ms| (ms.at.is_none(), ms.at));
    // Onset, peak and end are bucket starts: between two of them, 0 means one bucket.
    let on_grid = |kind: MilestoneKind| kind != MilestoneKind::FirstResponse;
    let between = |from: MilestoneKind, to: MilestoneKind, seconds: Option<i64>| {
        if from != to && on_grid(from) && on_grid(to) {
            f.between_buckets(seconds, tl.bucket_seconds)
        } else {
            f.dur_i(seconds)
        }
    };
    let mut previous: Option<(MilestoneKind, Timestamp)> = None;
    for ms in in_order {
        let key = match ms.kind {
            MilestoneKind::ImpactStart => "report.milestone.impact_start",
            MilestoneKind::FirstResponse => "report.milestone.first_response",
            MilestoneKind::Peak => "report.milestone.peak",
            MilestoneKind::End => "report.milestone.end",
        };
        let since_previous = match (previous, ms.at) {
            (Some((kind, p)), Some(at)) => {
                between(kind, ms.kind, Some(at.as_second() - p.as_second()))
            }
            _ => DASH.to_string(),
        };
        // The first response is no bucket start: its time is shown to the second, as the
        // durations beside it are rounded from (17:45:33 is "4 h 46 min" after 13:00, which
        // "17:45" would contradict).
        let shown = |t: Timestamp| {
            if on_grid(ms.kind) || t.as_second() % 60 == 0 {
                f.at(t)
            } else {
                f.at_to_the_second(t)
            }
        };
        // Without an onset the peak is no milestone (nothing is measured from it), but the data
        // has one: "not in the data" beside the summary's peak would contradict it.
        let unmeasured_peak = (ms.kind == MilestoneKind::Peak && ms.at.is_none())
            .then_some(tl.peak.as_ref())
            .flatten();
        let time = match (ms.at, unmeasured_peak) {
            (Some(at), _) => shown(at),
            (None, Some(peak)) => f.at(peak.start),
            (None, None) => f.t("report.not_reached"),
        };
        milestones.rows.push(vec![
            f.t(key),
            time,
            between(MilestoneKind::ImpactStart, ms.kind, ms.since_onset_seconds),
            since_previous,
        ]);
        if let Some(at) = ms.at {
            previous = Some((ms.kind, at));
        }
    }
    let mut phases = Table::new(&[
        (f.t("report.table.phase"), false),
        (f.t("report.table.from"), false),
        (f.t("report.table.to"), false),
        (f.t("report.table.duration"), true),
        (f.t("report.table.mentions"), true),
    ]);
    for span in &tl.phases {
        let mentions: u64 = tl
            .buckets
            .iter()
            .filter(|b| b.start >= span.start && b.start < span.end)
            .map(|b| b.count)
            .sum();
        phases.rows.push(vec![
            f.phase(span.phase),
            f.short(span.start),
            f.short(span.end),
            f.dur_i(Some(span.end.as_second() - span.start.as_second())),
            f.int(mentions),
        ]);
    }
    let per = f.per_bucket(tl.bucket_seconds);
    let method = f.t(&format!("report.baseline_method.{}", baseline_key(tl)));
    // Without a single interval (no mentions counted) there is no interval size, usual level
    // or threshold to speak of: "0 per 1 min, median of 0 intervals" would be invented.
    let mut stats = if tl.buckets.is_empty() {
        Vec::new()
    } else {
        vec![
            stat_note(
                f.t("report.stat.bucket"),
                f.round_duration(tl.bucket_seconds),
                Some(if tl.bucket_automatic {
                    f.t("report.stat.bucket_automatic")
                } else {
                    f.t("report.stat.bucket_configured")
                }),
            ),
            stat_note(
                f.t("report.stat.baseline"),
                format!("{} {per}", f.level(tl.baseline.median)),
                Some(f.fill(
                    "report.stat.baseline_note",
                    &[
                        ("method", &method),
                        ("buckets", &f.int(tl.baseline.buckets as u64)),
                        ("mad", &f.level(tl.baseline.mad)),
                    ],
                )),
            ),
            stat(
                f.t("report.stat.threshold"),
                format!("{} {per}", f.level(tl.baseline.threshold)),
            ),
            stat(
                f.t("report.stat.time_to_peak"),
                f.between_buckets(tl.time_to_peak_seconds, tl.bucket_seconds),
            ),
            stat(
                f.t("report.stat.half_life"),
                f.dur_i(tl.decay_half_life_seconds),
            ),
        ]
    };
    if !tl.secondary_peaks.is_empty() {
        let peaks: Vec<String> = tl
            .secondary_peaks
            .iter()
            .map(|p| format!("{} ({})", f.short(p.start), f.int(p.count)))
            .collect();
        stats.push(stat(f.t("report.stat.secondary_peaks"), peaks.join("; ")));
    }
    Ok(TimelineView {
        chart: volume_chart(case, f)?,
        moments,
        milestones,
        phases,
        stats,
        warnings: timeline_warnings(tl, f),
    })
}

/// Whether the data has mentions but none names its author: authors are then unknown (not
/// zero), and no brand handle can match.
fn no_authors_named(m: &Metrics) -> bool {
    m.reach.authors.is_none()
}

/// The timeline's warnings in the report language. A timeline read back from `metrics.json`
/// has only their English text, which is shown as it is.
fn timeline_warnings(tl: &Timeline, f: &Fmt) -> Vec<String> {
    if tl.warning_codes.is_empty() {
        return tl.warnings.clone();
    }
    let milestone = |kind: &MilestoneKind| {
        f.t(match kind {
            MilestoneKind::ImpactStart => "report.warning.milestone.impact_start",
            MilestoneKind::FirstResponse => "report.warning.milestone.first_response",
            MilestoneKind::Peak => "report.warning.milestone.peak",
            MilestoneKind::End => "report.warning.milestone.end",
        })
    };
    tl.warning_codes
        .iter()
        .map(|warning| match warning {
            TimelineWarning::NoMentions => f.t("report.warning.no_mentions"),
            TimelineWarning::NoOnset { threshold } => f.fill(
                "report.warning.no_onset",
                &[("threshold", &f.level(*threshold))],
            ),
            TimelineWarning::NoEnd { buckets } => f.fill(
                "report.warning.no_end",
                &[("buckets", &f.int(*buckets as u64))],
            ),
            TimelineWarning::NoBrandPostsWithoutAuthors => {
                f.t("report.warning.no_brand_posts_no_authors")
            }
            TimelineWarning::NoBrandPosts => f.t("report.warning.no_brand_posts"),
            TimelineWarning::NoBrandPostAfterOnset => {
                f.t("report.warning.no_brand_post_after_onset")
            }
            TimelineWarning::NoBrandResponseAfterOnset => {
                f.t("report.warning.no_brand_response_after_onset")
            }
            TimelineWarning::OutOfOrder {
                later,
                later_at,
                earlier,
                earlier_at,
            } => f.fill(
                "report.warning.out_of_order",
                &[
                    ("later", &milestone(later)),
                    ("later_at", &f.at(*later_at)),
                    ("earlier", &milestone(earlier)),
                    ("earlier_at", &f.at(*earlier_at)),
                ],
            ),
            TimelineWarning::ResponseAfterEnd { response, end } => f.fill(
                "report.warning.response_after_end",
                &[("response", &f.at(*response)), ("end", &f.at(*end))],
            ),
            TimelineWarning::SurgeBeforeOnset { at, count, onset } => f.fill(
                "report.warning.surge_before_onset",
                &[
                    ("at", &f.at(*at)),
                    ("count", &f.count_noun(*count, "mention")),
                    ("onset", &f.at(*onset)),
                ],
            ),
            TimelineWarning::LaterPeakAsHigh { at, count, peak } => f.fill(
                "report.warning.later_peak_as_high",
                &[
                    ("at", &f.at(*at)),
                    ("count", &f.count_noun(*count, "mention")),
                    ("peak", &f.count_noun(*peak, "mention")),
                ],
            ),
            TimelineWarning::SparseTail { from, to } => f.fill(
                "report.warning.sparse_tail",
                &[("from", &f.at(*from)), ("to", &f.at(*to))],
            ),
            TimelineWarning::BucketTooSmall {
                configured,
                max,
                automatic,
            } => f.fill(
                "report.warning.bucket_too_small",
                &[
                    ("configured", &f.round_duration(*configured)),
                    ("max", &f.int(*max as u64)),
                    ("automatic", &f.round_duration(*automatic)),
                ],
            ),
            TimelineWarning::FlaggedBrandPostsOfOtherAccounts {
                posts,
                accounts,
                more,
                conversations,
                mentions,
            } => {
                let mut named: Vec<String> = accounts
                    .iter()
                    .map(|(account, n)| format!("@{account} ({})", f.int(*n)))
                    .collect();
                if *more > 0 {
                    named.push(f.fill(
                        "report.warning.more_accounts",
                        &[("count", &f.int(*more as u64))],
                    ));
                }
                f.fill(
                    "report.warning.flagged_brand_posts_of_other_accounts",
                    &[
                        ("posts", &f.cat.count_noun(*posts, "post")),
                        ("accounts", &named.join(", ")),
                        ("conversations", &f.int(*conversations)),
                        ("mentions", &f.count_noun(*mentions, "mention")),
                        ("total", &f.int(*mentions)),
                    ],
                )
            }
            TimelineWarning::EventOutsideData {
                label,
                at,
                from,
                to,
            } => f.fill(
                "report.warning.event_outside_data",
                &[
                    ("label", label),
                    ("at", &f.at(*at)),
                    ("from", &f.at(*from)),
                    ("to", &f.at(*to)),
                ],
            ),
        })
        .collect()
}

/// How a column of dates is read ("day-first"), in the report language.
fn date_order(order: DateOrder, f: &Fmt) -> String {
    f.t(match order {
        DateOrder::Dmy => "report.date_order.day_first",
        DateOrder::Mdy => "report.date_order.month_first",
    })
}

/// Why a row was rejected, in the report language.
fn row_problem(problem: &RowProblem, f: &Fmt) -> String {
    match problem {
        RowProblem::LinePastLimit { line, max_line } => f.fill(
            "report.rejected.line_past_limit",
            &[
                ("line", &line.to_string()),
                ("max_line", &max_line.to_string()),
            ],
        ),
        RowProblem::WrongFieldCount { found, expected } => f.fill(
            "report.rejected.wrong_field_count",
            &[
                ("found", &f.count_noun(*found as u64, "field")),
                ("expected", &f.int(*expected as u64)),
            ],
        ),
        RowProblem::MetadataRow { found, expected } => f.fill(
            "report.rejected.metadata_row",
            &[
                ("found", &f.count_noun(*found as u64, "field")),
                ("expected", &f.int(*expected as u64)),
            ],
        ),
        RowProblem::WrongFieldCountLong {
            found,
            expected,
            line,
            end_line,
        } => f.fill(
            "report.rejected.wrong_field_count_long",
            &[
                ("found", &f.count_noun(*found as u64, "field")),
                ("expected", &f.int(*expected as u64)),
                ("line", &line.to_string()),
                ("end_line", &end_line.to_string()),
            ],
        ),
        RowProblem::QuoteNotClosed {
            line,
            end_line,
            swallowed,
        } => f.fill(
            "report.rejected.quote_not_closed",
            &[
                ("line", &line.to_string()),
                ("end_line", &end_line.to_string()),
                ("swallowed", &f.int(*swallowed as u64)),
                ("rows", &f.cat.count_noun(*swallowed as u64, "row")),
            ],
        ),
        RowProblem::FieldTooLong {
            column,
            field,
            bytes,
        } => f.fill(
            "report.rejected.field_too_long",
            &[
                ("column", column),
                ("field", field),
                ("size", &f.cat.decimal(*bytes as f64 / 1e6, 1)),
            ],
        ),
        RowProblem::NoTimeInId { id, column } => f.fill(
            "report.rejected.no_time_in_id",
            &[("id", id), ("column", column)],
        ),
        RowProblem::IdGivesNoTime { id } => f.fill(
            "report.rejected.id_gives_no_time",
            &[("id", &id.to_string())],
        ),
        RowProblem::TimeColumnEmpty { column } => {
            f.fill("report.rejected.time_column_empty", &[("column", column)])
        }
        RowProblem::UnreadableTime { value, column } => f.fill(
            "report.rejected.unreadable_time",
            &[("value", value), ("column", column)],
        ),
        RowProblem::TimeInScientificNotation { value, column } => f.fill(
            "report.rejected.time_in_scientific_notation",
            &[("value", value), ("column", column)],
        ),
        RowProblem::ImpossibleTime { value, column } => f.fill(
            "report.rejected.impossible_time",
            &[("value", value), ("column", column)],
        ),
        RowProblem::DateOrderConflict {
            value,
            column,
            read: order,
        } => f.fill(
            "report.rejected.date_order_conflict",
            &[
                ("value", value),
                ("column", column),
                ("other", &date_order(order.other(), f)),
                ("read", &date_order(*order, f)),
                ("setting", order.other().setting()),
            ],
        ),
        RowProblem::TimeBefore1995 { at } => {
            f.fill("report.rejected.time_before_1995", &[("at", &f.at(*at))])
        }
        RowProblem::TimeInFuture { at } => {
            f.fill("report.rejected.time_in_future", &[("at", &f.at(*at))])
        }
    }
}

/// What the reader should know about a file, in the report language. A file read back from
/// `metrics.json` has only the English text, which is shown as it is.
fn file_warnings(file: &FileReport, f: &Fmt) -> Vec<String> {
    if file.notices.len() != file.warnings.len() {
        return file.warnings.clone();
    }
    file.notices
        .iter()
        .map(|notice| match notice {
            FileNotice::OddUtf16Length => f.t("report.notice.odd_utf16_length"),
            FileNotice::EndsAtExcelLimit { rows } => f.fill(
                "report.notice.ends_at_excel_limit",
                &[("rows", &f.int(*rows))],
            ),
            FileNotice::EmptyRows { count, first_line } => f.fill(
                if *count == 1 {
                    "report.notice.empty_row"
                } else {
                    "report.notice.empty_rows"
                },
                &[("count", &f.int(*count)), ("line", &f.int(*first_line))],
            ),
            FileNotice::RepeatedHeader { times, line } => f.fill(
                if *times == 1 {
                    "report.notice.repeated_header_once"
                } else {
                    "report.notice.repeated_header"
                },
                &[("times", &f.int(*times)), ("line", &f.int(*line))],
            ),
            FileNotice::MappingNotApplied { missing, format } => {
                let quoted: Vec<String> = missing
                    .iter()
                    .map(|m| f.fill("report.notice.column_name", &[("name", m)]))
                    .collect();
                f.fill(
                    "report.notice.mapping_not_applied",
                    &[("missing", &f.list(&quoted)), ("format", format)],
                )
            }
            FileNotice::TimesFromIds { column } => {
                f.fill("report.notice.times_from_ids", &[("column", column)])
            }
            FileNotice::NoAuthorColumn => f.t("report.notice.no_author_column"),
            FileNotice::RepeatedColumn { name, positions } => {
                let positions: Vec<String> = positions.iter().map(usize::to_string).collect();
                f.fill(
                    "report.notice.repeated_column",
                    &[
                        ("name", name),
                        ("count", &f.int(positions.len() as u64)),
                        ("positions", &positions.join(", ")),
                    ],
                )
            }
            FileNotice::ClockChange {
                change,
                rows,
                first_line,
                zone,
            } => f.fill(
                match change {
                    ClockChange::Skipped => "report.notice.clock_skipped",
                    ClockChange::Repeated => "report.notice.clock_repeated",
                },
                &[
                    ("rows", &f.count_noun(*rows, "row")),
                    ("line", &f.int(*first_line)),
                    ("zone", zone),
                ],
            ),
            FileNotice::FilteredOut {
                column,
                rows,
                values,
                others,
            } => {
                let mut held: Vec<String> = values
                    .iter()
                    .map(|(value, n)| {
                        let value = if value.is_empty() { DASH } else { value };
                        let name = f.fill("report.notice.column_name", &[("name", value)]);
                        format!("{name} ({})", f.int(*n))
                    })
                    .collect();
                if values.is_empty() {
                    held.push(f.t("report.notice.filtered_many_values"));
                } else if *others > 0 {
                    held.push(f.fill(
                        "report.notice.filtered_other_values",
                        &[("rows", &f.int(*others))],
                    ));
                }
                f.fill(
                    "report.notice.filtered_out",
                    &[
                        ("rows", &f.count_noun(*rows, "row")),
                        ("column", column),
                        ("values", &held.join(", ")),
                    ],
                )
            }
            FileNotice::FilledGaps { rows } => f.fill(
                "report.notice.filled_gaps",
                &[("rows", &f.count_noun(*rows, "row"))],
            ),
            FileNotice::ZoneAssumed { rows, column, zone } => {
                let key = if zone == "UTC" {
                    "report.notice.zone_assumed_default"
                } else {
                    "report.notice.zone_assumed"
                };
                f.fill(
                    key,
                    &[
                        ("rows", &f.count_noun(*rows, "row")),
                        ("column", column),
                        ("zone", zone),
                    ],
                )
            }
            FileNotice::ColumnValues {
                column,
                problem,
                count,
                first_line,
                example,
            } => {
                let what_key = format!("report.notice.value.{}", problem.key());
                let what = match problem {
                    ValueProblem::LongLabel { limit } => {
                        f.fill(&what_key, &[("limit", &limit.to_string())])
                    }
                    _ => f.t(&what_key),
                };
                f.fill(
                    "report.notice.column_values",
                    &[
                        ("column", column),
                        ("count", &f.int(*count)),
                        ("what", &what),
                        ("line", &first_line.to_string()),
                        ("example", example),
                    ],
                )
            }
            FileNotice::NoDataRows { header_line } => f.fill(
                "report.notice.no_data_rows",
                &[("line", &header_line.to_string())],
            ),
            FileNotice::MixedDateOrders {
                column,
                read: order,
            } => f.fill(
                "report.notice.mixed_date_orders",
                &[("column", column), ("read", &date_order(*order, f))],
            ),
            FileNotice::AmbiguousDates {
                example,
                column,
                read: order,
            } => f.fill(
                "report.notice.ambiguous_dates",
                &[
                    ("example", example),
                    ("column", column),
                    ("read", &date_order(*order, f)),
                    ("setting", order.other().setting()),
                ],
            ),
        })
        .collect()
}

fn author_table(f: &Fmt, authors: &[AuthorStat]) -> Table {
    let mut table = Table::new(&[
        (f.t("report.table.author"), false),
        (f.t("report.table.mentions"), true),
        (f.t("report.table.reach"), true),
    ]);
    for a in authors {
        let name = if a.is_brand {
            format!("@{} ({})", a.author, f.t("report.brand_account"))
        } else {
            format!("@{}", a.author)
        };
        table
            .rows
            .push(vec![name, f.int(a.mentions), f.compact(a.reach)]);
    }
    table
}

fn reach_view(case: &CaseStudy, f: &Fmt) -> Result<ReachView, ReportError> {
    let r = &case.metrics.reach;
    let e = &r.engagement;
    let stats = vec![
        stat(f.t("report.stat.mentions"), f.int(r.mentions)),
        // No author named at all is unknown, not zero authors.
        if no_authors_named(&case.metrics) {
            stat_note(
                f.t("report.stat.authors"),
                DASH.to_string(),
                Some(f.t("report.stat.no_authors")),
            )
        } else {
            stat(f.t("report.stat.authors"), f.opt_int(r.authors))
        },
        stat_note(
            f.t("report.kpi.potential_reach"),
            f.opt_int(r.potential),
            Some(f.fill(
                "report.stat.reach_coverage",
                &[
                    ("with", &f.int(r.mentions_with_reach)),
                    ("all", &f.int(r.mentions)),
                ],
            )),
        ),
        stat(f.t("report.kpi.unique_reach"), f.opt_int(r.unique)),
        stat(f.t("report.stat.impressions"), f.opt_int(r.impressions)),
        stat(f.t("report.stat.likes"), f.opt_int(e.likes)),
        stat(f.t("report.stat.shares"), f.opt_int(e.shares)),
        stat(f.t("report.stat.comments"), f.opt_int(e.comments)),
        stat(f.t("report.stat.quotes"), f.opt_int(e.quotes)),
        stat(
            f.t("report.stat.kinds"),
            [
                (Kind::Original, r.kinds.original),
                (Kind::Reply, r.kinds.reply),
                (Kind::Repost, r.kinds.repost),
                (Kind::Quote, r.kinds.quote),
            ]
            .iter()
            .map(|(k, n)| {
                let label = f.t(&format!("report.kind_count.{}", k.as_str()));
                format!("{label}: {}", f.int(*n))
            })
            .collect::<Vec<_>>()
            .join(" · "),
        ),
        stat(
            f.t("report.stat.amplification"),
            r.amplification
                .map_or_else(|| DASH.into(), |a| f.cat.decimal(a, 1)),
        ),
        stat(
            f.t("report.stat.concentration"),
            f.pct(r.concentration_top1pct),
        ),
    ];
    Ok(ReachView {
        stats,
        chart: reach_chart(case, f)?,
        top_by_reach: author_table(f, &r.top_authors_by_reach)
            .empty_because(f.t("report.reach.no_reach")),
        top_by_volume: author_table(f, &r.top_authors_by_volume),
    })
}

fn group_table(
    f: &Fmt,
    first: &str,
    groups: &[(String, &ResponseGroup)],
    answered: &dyn Fn(u64) -> String,
) -> Table {
    let mut table = Table::new(&[
        (f.t(first), false),
        (f.t("report.table.actionable"), true),
        (f.t("report.table.answered"), true),
        (f.t("report.table.rate"), true),
        (f.t("report.table.median"), true),
        (f.t("report.table.p90"), true),
        (f.t("report.table.within_sla"), true),
    ]);
    for (name, g) in groups {
        table.rows.push(vec![
            name.clone(),
            f.int(g.actionable),
            answered(g.answered),
            f.pct(g.rate),
            f.dur(g.median_seconds),
            f.dur(g.p90_seconds),
            f.pct(g.within_sla_share),
        ]);
    }
    table
}

/// The brand posted from the onset on, but nothing that answers someone or addresses the
/// incident (the timeline's warning says so).
fn posted_but_answered_no_one(m: &Metrics) -> bool {
    m.timeline
        .warning_codes
        .contains(&TimelineWarning::NoBrandResponseAfterOnset)
}

fn response_view(case: &CaseStudy, f: &Fmt) -> Result<ResponseView, ReportError> {
    let r = &case.metrics.response;
    // Without a brand post nothing was answered or left unanswered: no count of answers.
    // Without brand posts, or without links from replies to what they answer, how many were
    // answered is unknown, not 0.
    let answered = |n: u64| {
        if r.brand_posts == 0 || r.linkage == "none" {
            DASH.to_string()
        } else {
            f.int(n)
        }
    };
    let range = match (r.min_seconds, r.max_seconds) {
        (None, None) => DASH.to_string(),
        (min, max) => format!("{} – {}", f.dur(min), f.dur(max)),
    };
    let mut stats = vec![
        stat(f.t("report.stat.brand_posts"), f.int(r.brand_posts)),
        stat(f.t("report.stat.brand_replies"), f.int(r.brand_replies)),
        stat(f.t("report.stat.actionable"), f.int(r.actionable)),
        stat(f.t("report.stat.answered"), answered(r.answered)),
        stat(f.t("report.kpi.response_rate"), f.pct(r.rate)),
        stat_note(
            f.t("report.stat.first_response_at"),
            r.first_response_at.map_or_else(|| DASH.into(), |t| f.at(t)),
            r.first_response_after_onset_seconds.map(|s| {
                match first_response_from_first_post(case) {
                    Some(from_post) => f.fill(
                        "report.stat.after_onset_and_first_post",
                        &[
                            ("duration", &f.dur_i(Some(s))),
                            ("from_post", &f.dur_i(Some(from_post))),
                        ],
                    ),
                    None => f.fill(
                        "report.stat.after_onset",
                        &[("duration", &f.dur_i(Some(s)))],
                    ),
                }
            }),
        ),
        stat(f.t("report.stat.median_response"), f.dur(r.median_seconds)),
        stat(f.t("report.stat.mean_response"), f.dur(r.mean_seconds)),
        stat(f.t("report.stat.p90_response"), f.dur(r.p90_seconds)),
        stat(f.t("report.stat.range_response"), range),
        stat(
            f.fill(
                "report.stat.within_sla",
                &[("sla", &f.round_duration(r.sla_seconds))],
            ),
            f.pct(r.within_sla_share),
        ),
    ];
    if r.within_sla_business_hours_share.is_some() {
        stats.push(stat(
            f.t("report.stat.within_sla_business"),
            f.pct(r.within_sla_business_hours_share),
        ));
    }
    if let Some(neg) = &r.negative {
        stats.push(stat_note(
            f.t("report.stat.negative_group"),
            f.pct(neg.rate),
            Some(f.fill(
                "report.stat.median_is",
                &[("median", &f.dur(neg.median_seconds))],
            )),
        ));
    }
    let linkage_note = match r.linkage.as_str() {
        _ if case
            .metrics
            .timeline
            .warning_codes
            .contains(&TimelineWarning::NoBrandPostsWithoutAuthors) =>
        {
            Some(f.t("report.linkage.no_authors"))
        }
        _ if r.brand_posts == 0 => Some(f.t("report.linkage.no_brand_posts")),
        "parent" => None,
        other => Some(f.t(&format!("report.linkage.{other}"))),
    };
    let by_phase: Vec<(String, &ResponseGroup)> = r
        .by_phase
        .iter()
        .map(|g| {
            let label = Phase::ALL
                .iter()
                .find(|p| p.as_str() == g.key)
                .map_or_else(|| g.key.clone(), |p| f.phase(*p));
            (label, g)
        })
        .collect();
    let by_account: Vec<(String, &ResponseGroup)> = r
        .by_account
        .iter()
        .map(|g| (format!("@{}", g.key), g))
        .collect();
    Ok(ResponseView {
        stats,
        linkage_note,
        replies_chart: replies_chart(case, f)?,
        times_chart: response_times_chart(case, f)?,
        by_phase: group_table(f, "report.table.phase", &by_phase, &answered),
        by_account: group_table(f, "report.table.account", &by_account, &answered),
        unanswered: r
            .unanswered_top_reach
            .iter()
            .map(|m| mention(case, f, m))
            .collect(),
        // Without any reach nothing can be ranked by it: not "none were left unanswered".
        unanswered_empty: if r.brand_posts > 0 && r.linkage == "none" {
            f.t("report.response.unanswered_no_linkage")
        } else if case.metrics.reach.mentions_with_reach == 0 {
            f.t("report.response.unanswered_no_reach")
        } else {
            f.t("report.none")
        },
        anomalies_note: (!r.anomalies.is_empty()).then(|| {
            f.fill(
                "report.response.anomalies",
                &[("count", &f.int(r.anomalies.len() as u64))],
            )
        }),
    })
}

fn sentiment_view(case: &CaseStudy, f: &Fmt) -> Result<SentimentView, ReportError> {
    let s = &case.metrics.sentiment;
    let available = s.source != "none" && s.negative + s.neutral + s.positive > 0;
    // Not "no word list covers their languages" when there was nothing to rate (an export of
    // several companies with none of the brand's conversations).
    let public = case.metrics.timeline.buckets.iter().any(|b| b.inbound > 0);
    let source = if s.source == "none" && !public {
        "nothing_to_rate"
    } else {
        s.source.as_str()
    };
    let note = Some(f.t(&format!("report.sentiment_source.{source}")));
    // With rated mentions, a share left out is one over too few of them (docs/metrics.md).
    let too_few_rated = available.then(|| {
        f.fill(
            "report.stat.too_few_rated",
            &[("min", &f.int(case.config.thresholds.onset_min_count.max(1)))],
        )
    });
    let stats = vec![
        stat(f.sentiment(Sentiment::Negative), f.int(s.negative)),
        stat(f.sentiment(Sentiment::Neutral), f.int(s.neutral)),
        stat(f.sentiment(Sentiment::Positive), f.int(s.positive)),
        // Unrated mentions are read as unknown tone, and why there are so many is not obvious
        // (a merged file of ids and times brings thousands without text).
        stat_note(
            f.t("report.sentiment.unrated"),
            f.int(s.unrated),
            (s.unrated > 0).then(|| f.t("report.sentiment.unrated_note")),
        ),
        stat(f.t("report.kpi.negative_share"), f.pct(s.negative_share)),
        stat(
            f.t("report.stat.net_sentiment"),
            s.net
                .map_or_else(|| DASH.into(), |n| f.cat.decimal(n * 100.0, 0)),
        ),
        stat_note(
            f.fill(
                "report.stat.negative_baseline",
                &[("when", &f.baseline_when(&case.metrics.timeline))],
            ),
            f.pct(s.negative_share_baseline),
            s.negative_share_baseline
                .is_none()
                .then(|| too_few_rated.clone())
                .flatten(),
        ),
        stat_note(
            f.t("report.stat.negative_peak"),
            f.pct(s.negative_share_peak),
            s.negative_share_peak
                .is_none()
                .then(|| too_few_rated.clone())
                .flatten(),
        ),
        // A peak no more negative than usual has nothing to recover from: "0 s" would read
        // as an instant recovery.
        match (s.negative_share_baseline, s.negative_share_peak) {
            (Some(base), Some(peak)) if peak <= base => stat_note(
                f.t("report.stat.recovery"),
                DASH.to_string(),
                Some(f.t("report.stat.no_negative_rise")),
            ),
            _ => stat(f.t("report.stat.recovery"), f.dur_i(s.recovery_seconds)),
        },
    ];
    Ok(SentimentView {
        available,
        note,
        stats,
        chart: if available {
            sentiment_chart(case, f)?
        } else {
            None
        },
    })
}

fn topics_view(case: &CaseStudy, f: &Fmt) -> Result<TopicsView, ReportError> {
    let t = &case.metrics.topics;
    let mut hashtags = Table::new(&[
        (f.t("report.table.hashtag"), false),
        (f.t("report.table.mentions"), true),
        (f.t("report.table.first_seen"), false),
    ]);
    for h in &t.hashtags {
        hashtags.rows.push(vec![
            format!("#{}", h.tag),
            f.int(h.count),
            f.short(h.first_seen),
        ]);
    }
    let mut rising_terms = Table::new(&[
        (f.t("report.table.term"), false),
        (f.t("report.table.before"), true),
        (f.t("report.table.after"), true),
        (f.t("report.table.z"), true),
    ]);
    for r in &t.rising_terms {
        rising_terms.rows.push(vec![
            r.term.clone(),
            f.int(r.before),
            f.int(r.after),
            f.cat.decimal(r.z, 1),
        ]);
    }
    let counts = |first: &str, items: &[crate::metrics::TermCount]| {
        let mut table = Table::new(&[(f.t(first), false), (f.t("report.table.mentions"), true)]);
        for i in items {
            table.rows.push(vec![i.term.clone(), f.int(i.count)]);
        }
        table
    };
    Ok(TopicsView {
        chart: hashtags_chart(case, f)?,
        hashtags,
        rising_terms,
        terms: counts("report.table.term", &t.terms),
        domains: counts("report.table.domain", &t.domains)
            .empty_because(f.t("report.topics.no_domains")),
    })
}

fn breakdown_table(
    f: &Fmt,
    items: &[Breakdown],
    first: &str,
    name: fn(&Fmt, &str) -> String,
) -> Table {
    let mut table = Table::new(&[
        (f.t(first), false),
        (f.t("report.table.mentions"), true),
        (f.t("report.table.share"), true),
        (f.t("report.table.reach"), true),
    ]);
    for b in items {
        table.rows.push(vec![
            name(f, &b.key),
            f.int(b.mentions),
            f.pct(Some(b.share)),
            f.compact(b.reach),
        ]);
    }
    table
}

fn platforms_view(case: &CaseStudy, f: &Fmt) -> Result<PlatformsView, ReportError> {
    let r = &case.metrics.reach;
    Ok(PlatformsView {
        chart: platforms_chart(case, f)?,
        platforms: breakdown_table(f, &r.by_platform, "report.table.platform", |f, k| {
            f.platform(k)
        }),
        languages: breakdown_table(f, &r.by_language, "report.table.language", |f, k| {
            f.language(k)
        }),
        countries: breakdown_table(f, &r.by_country, "report.table.country", |f, k| {
            if k == "unknown" {
                f.t("report.unknown")
            } else {
                k.to_string()
            }
        }),
    })
}

/// A playbook rule's name in the report's language, when the catalogues have one.
fn rule_name(f: &Fmt, id: &str) -> Option<String> {
    let key = format!("finding.{id}.name");
    let name = f.cat.t(&key);
    (name != key).then(|| name.to_string())
}

fn finding_view(case: &CaseStudy, f: &Fmt, finding: &Finding) -> FindingView {
    FindingView {
        id: finding.id.clone(),
        name: rule_name(f, &finding.id),
        severity: finding.severity.as_str(),
        severity_label: f.t(&format!("report.severity.{}", finding.severity.as_str())),
        title: finding.title.clone(),
        figures: finding
            .evidence
            .figures
            .iter()
            .map(|fig| stat(fig.label.clone(), fig.value.clone()))
            .collect(),
        examples: finding
            .evidence
            .examples
            .iter()
            .map(|m| mention(case, f, m))
            .collect(),
        examples_label: finding
            .evidence
            .examples_label
            .clone()
            .unwrap_or_else(|| f.t("report.finding.examples")),
        principle: finding.principle.clone(),
        recommendation: finding.recommendation.clone(),
        comment: finding.comment.clone(),
    }
}

/// The rules that could be checked and the rules that were to be (those not silenced in
/// incident.toml), when some of the latter could not be checked on this data and some could:
/// with none checkable the report says so in its own words.
fn rules_partly_checked(case: &CaseStudy) -> Option<RulesChecked> {
    let count = |status: &str| case.rules.iter().filter(|r| r.status == status).count() as u64;
    let (checked, not_checked) = (count("checked"), count("not_checked"));
    (checked > 0 && not_checked > 0).then_some(RulesChecked {
        checked,
        rules: checked + not_checked,
    })
}

/// How many of the rules that could have been checked were: `checked` of `rules`.
struct RulesChecked {
    checked: u64,
    rules: u64,
}

impl RulesChecked {
    /// The sentence `key` says it with; `{key}_one_left` when a single rule could not be
    /// checked ("the other one", not "the others").
    fn text(&self, f: &Fmt, key: &str) -> String {
        let key = if self.rules - self.checked == 1 {
            format!("{key}_one_left")
        } else {
            key.to_string()
        };
        f.fill(
            &key,
            &[
                ("checked", &f.int(self.checked)),
                ("rules", &f.int(self.rules)),
            ],
        )
    }
}

fn findings_view(case: &CaseStudy, f: &Fmt) -> FindingsView {
    let counts = [
        Severity::Critical,
        Severity::Warning,
        Severity::Info,
        Severity::Good,
    ]
    .iter()
    .map(|s| {
        // The counts' labels are plural, as in the summary ("Warnings: 3").
        stat(
            f.t(&format!("report.severity_count.{}", s.as_str())),
            f.int(case.findings.iter().filter(|x| x.severity == *s).count() as u64),
        )
    })
    .collect();
    let checked = !case.rules.is_empty() || !case.findings.is_empty();
    let any_rule_checked = case.rules.iter().any(|r| r.status == "checked");
    let empty = match (checked, case.findings.is_empty(), any_rule_checked) {
        (false, _, _) => Some(f.t("report.findings.not_checked")),
        (true, false, _) => None,
        (true, true, true) => Some(match rules_partly_checked(case) {
            Some(checked) => checked.text(f, "report.findings.none_partial"),
            None => f.t("report.findings.none"),
        }),
        (true, true, false) => Some(f.t("report.findings.none_checkable")),
    };
    FindingsView {
        checked,
        empty,
        counts,
        items: case
            .findings
            .iter()
            .map(|x| finding_view(case, f, x))
            .collect(),
    }
}

/// Every section but the summary (shown in the executive summary), joined into one document
/// so footnotes resolve across sections; the team's headings become level-3 headings.
fn lessons_view(case: &CaseStudy, f: &Fmt) -> LessonsView {
    let sections: Vec<String> = case
        .lessons
        .sections
        .iter()
        .filter(|s| s.kind != "summary")
        .map(|s| format!("# {}\n\n{}\n", markdown::escape(&s.heading), s.markdown))
        .collect();
    let mut action_items = Table::new(&[
        (f.t("report.table.action"), false),
        (f.t("report.table.owner"), false),
        (f.t("report.table.due"), false),
        (f.t("report.table.status"), false),
    ]);
    for item in &case.lessons.action_items {
        action_items.rows.push(vec![
            item.action.clone(),
            item.owner.clone().unwrap_or_else(|| DASH.into()),
            item.due.clone().unwrap_or_else(|| DASH.into()),
            item.status.clone().unwrap_or_else(|| DASH.into()),
        ]);
    }
    let empty = match (sections.is_empty(), case.lessons.file_found) {
        (false, _) => None,
        (true, false) => Some(f.t("report.lessons.none")),
        (true, true) if case.lessons.sections.is_empty() => Some(f.t("report.lessons.unfilled")),
        (true, true) => Some(f.t("report.lessons.summary_only")),
    };
    LessonsView {
        document: (!sections.is_empty()).then(|| markdown::render(&sections.join("\n"), 2)),
        action_items,
        empty,
    }
}

fn appendix_view(case: &CaseStudy, f: &Fmt) -> AppendixView {
    // The filter's column only when the incident has one: most have none.
    let filtered = case.config.filter.is_some() || case.rows.filtered_out > 0;
    let mut headings = vec![
        (f.t("report.table.file"), false),
        (f.t("report.table.format"), false),
        (f.t("report.table.rows_read"), true),
        (f.t("report.table.used"), true),
        (f.t("report.table.duplicate"), true),
        (f.t("report.table.out_of_window"), true),
    ];
    if filtered {
        headings.push((f.t("report.table.filtered_out"), true));
    }
    headings.push((f.t("report.table.rejected"), true));
    let mut files_table = Table::new(&headings);
    let mut files = Vec::new();
    for file in &case.files {
        let r = &file.rows;
        let mut row = vec![
            file.path.clone(),
            file.format.clone(),
            f.int(r.read),
            f.int(r.used),
            f.int(r.duplicate),
            f.int(r.out_of_window),
        ];
        if filtered {
            row.push(f.int(r.filtered_out));
        }
        row.push(f.int(r.rejected));
        files_table.rows.push(row);
        let mut columns = Table::new(&[
            (f.t("report.table.field"), false),
            (f.t("report.table.column"), false),
        ]);
        for (field, column) in &file.columns {
            // Columns read in turn, for a row that leaves the first empty.
            let read = std::iter::once(column)
                .chain(file.columns_also.get(field).into_iter().flatten())
                .cloned()
                .collect::<Vec<_>>()
                .join(" → ");
            columns.rows.push(vec![field.clone(), read]);
        }
        let mut reasons = Table::new(&[
            (f.t("report.table.reason"), false),
            (f.t("report.table.rows"), true),
        ]);
        for r in &file.rejection_reasons {
            let reason = match r.kind {
                Some(kind) => f.t(&format!("report.rejection.{}", kind.key())),
                None => r.reason.clone(),
            };
            reasons.rows.push(vec![reason, f.int(r.count)]);
        }
        let mut examples = Table::new(&[
            (f.t("report.table.line"), true),
            (f.t("report.table.reason"), false),
        ]);
        for r in &file.rejected_examples {
            let reason = match &r.problem {
                Some(problem) => row_problem(problem, f),
                None => r.reason.clone(),
            };
            examples.rows.push(vec![r.line.to_string(), reason]);
        }
        let delimiter = match file.delimiter.as_str() {
            "\t" => f.t("report.appendix.tab"),
            // In the language's own quotation marks, as column names are quoted.
            d => f.fill("report.notice.column_name", &[("name", d)]),
        };
        files.push(FileView {
            path: file.path.clone(),
            sha256: file.sha256.clone(),
            stats: vec![
                stat_note(
                    f.t("report.appendix.format"),
                    file.format.clone(),
                    Some(if file.format_detected {
                        f.t("report.appendix.detected")
                    } else {
                        f.t("report.appendix.forced")
                    }),
                ),
                stat(f.t("report.appendix.encoding"), file.encoding.clone()),
                stat(f.t("report.appendix.delimiter"), delimiter),
                stat(
                    f.t("report.appendix.header_line"),
                    file.header_line.to_string(),
                ),
                stat(
                    f.t("report.appendix.size"),
                    f.fill("report.appendix.bytes", &[("n", &f.int(file.bytes))]),
                ),
                stat(
                    f.t("report.appendix.period"),
                    f.short_span(file.first, file.last),
                ),
            ],
            columns,
            unused_columns: if file.unused_columns.is_empty() {
                DASH.to_string()
            } else {
                file.unused_columns.join(", ")
            },
            rejection_reasons: reasons,
            rejected_examples: examples,
            warnings: file_warnings(file, f),
        });
    }
    let rows = &case.rows;
    let mut rules = Table::new(&[
        (f.t("report.table.rule"), false),
        (f.t("report.table.status"), false),
        (f.t("report.table.reason"), false),
    ]);
    for rule in &case.rules {
        rules.rows.push(vec![
            rule_name(f, &rule.id)
                .map_or_else(|| rule.id.clone(), |n| format!("{n} ({})", rule.id)),
            f.t(&format!("report.rule_status.{}", rule.status)),
            rule.reason.clone().unwrap_or_else(|| DASH.into()),
        ]);
    }
    // As `incident.toml`, so that a reader can build the report again from it.
    let config = case.config.to_toml().unwrap_or_else(|e| format!("# {e}\n"));
    AppendixView {
        files_table,
        files,
        rows: [
            Some(stat(f.t("report.table.rows_read"), f.int(rows.read))),
            Some(stat(f.t("report.table.used"), f.int(rows.used))),
            brand_conversations(&case.metrics.timeline).map(|(conversations, _)| {
                stat(f.t("report.table.in_conversations"), f.int(conversations))
            }),
            Some(stat(f.t("report.table.duplicate"), f.int(rows.duplicate))),
            Some(stat(
                f.t("report.table.out_of_window"),
                f.int(rows.out_of_window),
            )),
            filtered.then(|| stat(f.t("report.table.filtered_out"), f.int(rows.filtered_out))),
            Some(stat(f.t("report.table.rejected"), f.int(rows.rejected))),
        ]
        .into_iter()
        .flatten()
        .collect(),
        rows_note: {
            let key = if rows.is_balanced() {
                "report.appendix.rows_balanced"
            } else {
                "report.appendix.rows_unbalanced"
            };
            let term = if filtered {
                f.t("report.appendix.rows_filtered_term")
            } else {
                String::new()
            };
            f.fill(key, &[("filtered", &term)])
        },
        unread: (!case.unread_files.is_empty()).then(|| {
            let files: Vec<String> = case
                .unread_files
                .iter()
                .map(|u| {
                    let what = f.t(&format!("report.unread_kind.{}", u.kind.key()));
                    format!("{} ({what})", u.path)
                })
                .collect();
            f.fill("report.appendix.unread", &[("files", &files.join("; "))])
        }),
        rules,
        config,
        definitions: DEFINITIONS
            .iter()
            .map(|key| Definition {
                term: f.t(&format!("report.definition.{key}.term")),
                text: f.t(&format!("report.definition.{key}.text")),
            })
            .collect(),
        definitions_version: case.metrics.definitions_version,
    }
}

/// Metric definitions listed in the appendix, in reading order.
pub const DEFINITIONS: [&str; 16] = [
    "bucket",
    "baseline",
    "onset",
    "peak",
    "end",
    "phases",
    "potential_reach",
    "unique_reach",
    "amplification",
    "concentration",
    "actionable",
    "response_time",
    "response_rate",
    "within_sla",
    "negative_share",
    "rising_terms",
];

/// `Critical: 2 · Warning: 3`, for the library page.
pub fn findings_count(case: &CaseStudy, f: &Fmt) -> String {
    if case.rules.is_empty() && case.findings.is_empty() {
        return DASH.to_string();
    }
    [Severity::Critical, Severity::Warning]
        .iter()
        .map(|s| {
            // `Critical: 5`, as the findings section counts them: the label is no noun that
            // would agree with the count.
            format!(
                "{}: {}",
                f.t(&format!("report.severity.{}", s.as_str())),
                f.int(case.findings.iter().filter(|x| x.severity == *s).count() as u64)
            )
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// `value` as JSON for the templates, with every control character other than line breaks
/// and tabs removed from every string: text from the exports may carry them, and they would
/// show as boxes or garble the page.
pub fn template_data(value: &impl Serialize) -> Result<serde_json::Value, ReportError> {
    fn clean(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::String(s)
                if s.chars()
                    .any(|c| c.is_control() && !matches!(c, '\n' | '\t')) =>
            {
                s.retain(|c| !c.is_control() || matches!(c, '\n' | '\t'));
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(clean),
            serde_json::Value::Object(map) => map.values_mut().for_each(clean),
            _ => {}
        }
    }
    let mut json = serde_json::to_value(value).map_err(|e| ReportError::Template {
        name: "view".into(),
        message: e.to_string(),
    })?;
    clean(&mut json);
    Ok(json)
}

impl ReportView {
    /// Every chart of the report, in reading order.
    pub fn charts_mut(&mut self) -> Vec<&mut ChartView> {
        [
            self.timeline.chart.as_mut(),
            self.reach.chart.as_mut(),
            self.response.replies_chart.as_mut(),
            self.response.times_chart.as_mut(),
            self.sentiment.chart.as_mut(),
            self.topics.chart.as_mut(),
            self.platforms.chart.as_mut(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture;

    #[test]
    fn the_fixture_summary_reads_as_hand_computed() {
        let view = build(&fixture::skyways(), Medium::Screen).unwrap();
        assert_eq!(
            view.summary,
            [
                "Mentions rose above the onset threshold of 15 per hour (usual level 5) on 11 March 2026, 10:00 CET and peaked at 1,240 per hour on 11 March 2026, 17:00 CET, 7\u{a0}h after the rise began.",
                "Volume settled back at or under the onset threshold (15 per hour) on 12 March 2026, 15:00 CET, 1\u{a0}d 5\u{a0}h after the rise began.",
                "The brand’s first public response came 5\u{a0}h 10\u{a0}min after the rise began. It answered 5.4% of 6,278 mentions that called for an answer, with a median response time of 2\u{a0}h 35\u{a0}min against a target of 1\u{a0}h.",
                "The share of negative mentions went from 16% before the incident to 75% at the peak.",
                "Potential reach: 44M (11M unique), over 11,645 mentions by 7,220 authors.",
                "Playbook check — critical: 2, warnings: 2, notes: 1, good practice: 1.",
                // The fixture's rules: six checked, one not checkable.
                "Rules of the playbook that could be checked on this data: 6 of 7 (the rules table in the appendix says why the other one could not).",
            ]
        );
        assert!(view
            .team_summary
            .unwrap()
            .html
            .contains("<strong>five hours</strong>"));
    }

    #[test]
    fn a_quiet_lead_in_is_said_in_words_not_as_zero_per_interval() {
        let mut case = fixture::skyways();
        case.metrics.timeline.baseline.median = 0.0;
        let view = build(&case, Medium::Screen).unwrap();
        assert_eq!(
            view.summary[0],
            "Mentions rose from near silence (usually none per hour) on 11 March 2026, 10:00 CET and peaked at 1,240 per hour on 11 March 2026, 17:00 CET, 7\u{a0}h after the rise began."
        );
        let alt = &view.timeline.chart.as_ref().unwrap().alt;
        assert!(
            alt.ends_with("There were usually none per hour before the incident."),
            "{alt}"
        );
        case.metrics.timeline.onset = None;
        let view = build(&case, Medium::Screen).unwrap();
        assert_eq!(
            view.summary[0],
            "Mentions never rose clearly above near silence (usually none per hour); the busiest interval had 1,240 mentions, on 11 March 2026, 17:00 CET."
        );
    }

    #[test]
    fn a_mention_without_text_says_so() {
        let case = fixture::skyways();
        let f = Fmt::for_tests(fixture::Language::En);
        let mut quoted = case.metrics.response.unanswered_top_reach[0].clone();
        quoted.text = String::new();
        assert_eq!(
            mention(&case, &f, &quoted).text,
            "[the exports give no text for this post]"
        );
    }

    /// Replies that name no post they answer: how many mentions were answered is unknown,
    /// and said so, not 0 (the #DuBoisChallenge export).
    #[test]
    fn answered_is_unknown_without_reply_links() {
        let mut case = fixture::skyways();
        let r = &mut case.metrics.response;
        (r.linkage, r.answered, r.rate) = ("none".into(), 0, None);
        for g in r.by_phase.iter_mut().chain(r.by_account.iter_mut()) {
            (g.answered, g.rate) = (0, None);
        }
        r.unanswered_top_reach.clear();
        let view = build(&case, Medium::Screen).unwrap();
        let rate = view
            .kpis
            .iter()
            .find(|k| k.label == "Response rate")
            .unwrap();
        assert_eq!(
            (rate.value.as_str(), rate.note.as_deref()),
            (
                DASH,
                Some("replies are not linked to the posts they answer")
            )
        );
        for table in [&view.response.by_phase, &view.response.by_account] {
            assert!(
                table.rows.iter().all(|row| row[2] == DASH),
                "{:?}",
                table.rows
            );
        }
        assert!(view
            .response
            .unanswered_empty
            .starts_with("The exports do not link replies"));
        assert!(view.summary.contains(
            &"The brand’s first public response came 5\u{a0}h 10\u{a0}min after the rise \
              began. The exports do not link replies to the posts they answer, so the response \
              rate and response times cannot be measured."
                .to_string()
        ));
    }

    #[test]
    fn a_share_left_out_for_too_few_rated_mentions_says_so() {
        let mut case = fixture::skyways();
        case.metrics.sentiment.negative_share_baseline = None;
        let view = build(&case, Medium::Screen).unwrap();
        let before = view
            .sentiment
            .stats
            .iter()
            .find(|s| s.label.starts_with("Negative share before"))
            .unwrap();
        assert_eq!(
            (before.value.as_str(), before.note.as_deref()),
            (
                DASH,
                Some("fewer than 3 rated mentions: too few for a share")
            )
        );
    }

    /// A milestone the data never shows is said to be missing from the data, in words that
    /// agree with any milestone's gender ("No alcanzado" did not with "Primera respuesta").
    #[test]
    fn a_milestone_missing_from_the_data_goes_last_and_says_so() {
        let mut case = fixture::skyways_in(fixture::Language::Es);
        let response = case
            .metrics
            .timeline
            .milestones
            .iter_mut()
            .find(|m| m.kind == MilestoneKind::FirstResponse)
            .unwrap();
        (response.at, response.since_onset_seconds) = (None, None);
        let view = build(&case, Medium::Screen).unwrap();
        let last = view.timeline.milestones.rows.last().unwrap();
        assert_eq!(
            [last[0].as_str(), last[1].as_str(), last[2].as_str()],
            [
                "Primera respuesta de la marca",
                "No figura en los datos",
                "–"
            ]
        );
    }

    /// A series of thousands of intervals is not listed under its chart (hundreds of PDF
    /// pages): the table says where the figures are.
    #[test]
    fn a_data_table_of_too_many_intervals_points_to_timeline_csv() {
        let mut case = fixture::skyways();
        let tl = &mut case.metrics.timeline;
        let template = tl.buckets[0].clone();
        tl.buckets = (0..600)
            .map(|i| crate::metrics::Bucket {
                start: template
                    .start
                    .checked_add(jiff::SignedDuration::from_mins(i))
                    .unwrap(),
                count: 1,
                ..template.clone()
            })
            .collect();
        tl.bucket_seconds = 60;
        let view = build(&case, Medium::Print).unwrap();
        let table = &view.timeline.chart.as_ref().unwrap().table;
        assert!(table.rows.is_empty());
        assert_eq!(
            table.empty.as_deref(),
            Some("600 rows, too many to list here: every interval’s figures are in timeline.csv beside the report.")
        );
        // 500 rows are still listed.
        case.metrics.timeline.buckets.truncate(500);
        let view = build(&case, Medium::Print).unwrap();
        assert_eq!(view.timeline.chart.as_ref().unwrap().table.rows.len(), 500);
    }

    /// The first response is shown to the second, as its durations are rounded from it: at
    /// 10:45:33 after a 10:00 onset it is "46 min" after, which "10:45" would contradict.
    #[test]
    fn the_first_response_milestone_is_shown_to_the_second() {
        let mut case = fixture::skyways();
        let tl = &mut case.metrics.timeline;
        let onset = tl.onset.unwrap();
        let first = tl
            .milestones
            .iter_mut()
            .find(|m| m.kind == MilestoneKind::FirstResponse)
            .unwrap();
        let at = onset
            .checked_add(jiff::SignedDuration::from_secs(45 * 60 + 33))
            .unwrap();
        (first.at, first.since_onset_seconds) = (Some(at), Some(45 * 60 + 33));
        let view = build(&case, Medium::Screen).unwrap();
        let row = view
            .timeline
            .milestones
            .rows
            .iter()
            .find(|r| r[0] == "First brand response")
            .unwrap();
        assert_eq!(
            [row[1].as_str(), row[2].as_str()],
            ["11 March 2026, 10:45:33 CET", "46\u{a0}min"]
        );
        // A bucket start keeps the minutes.
        let onset_row = &view.timeline.milestones.rows[0];
        assert_eq!(onset_row[1], "11 March 2026, 10:00 CET");
    }

    #[test]
    fn a_peak_in_the_onset_interval_is_less_than_an_interval_after_it_not_zero() {
        let mut case = fixture::skyways();
        let tl = &mut case.metrics.timeline;
        let onset = tl.onset.unwrap();
        tl.peak.as_mut().unwrap().start = onset;
        tl.time_to_peak_seconds = Some(0);
        let peak = tl
            .milestones
            .iter_mut()
            .find(|m| m.kind == MilestoneKind::Peak)
            .unwrap();
        (peak.at, peak.since_onset_seconds) = (Some(onset), Some(0));
        let view = build(&case, Medium::Screen).unwrap();
        assert_eq!(
            view.summary[0],
            "Mentions rose above the onset threshold of 15 per hour (usual level 5) on 11 March 2026, 10:00 CET and peaked at 1,240 per hour on 11 March 2026, 10:00 CET, less than 1\u{a0}h after the rise began."
        );
        let alt = &view.timeline.chart.as_ref().unwrap().alt;
        assert!(
            alt.starts_with("Mentions peaked at 1,240 per hour on 11 March 2026, 10:00 CET, less than 1\u{a0}h after the rise began"),
            "{alt}"
        );
        let stat = |view: &ReportView| {
            view.timeline
                .stats
                .iter()
                .find(|s| s.label == "From onset to peak")
                .map(|s| s.value.clone())
        };
        assert_eq!(stat(&view).as_deref(), Some("less than 1\u{a0}h"));
        // The milestones table: the onset is 0 s from itself; the peak, in the same interval,
        // less than one from the onset (and from the onset before it); the first response
        // and the end, at their own times, measured as before.
        let rows: Vec<[&str; 3]> = view
            .timeline
            .milestones
            .rows
            .iter()
            .map(|r| [r[0].as_str(), r[2].as_str(), r[3].as_str()])
            .collect();
        assert_eq!(
            rows,
            [
                ["Onset: the rise begins", "0\u{a0}s", "–"],
                ["Peak", "less than 1\u{a0}h", "less than 1\u{a0}h"],
                [
                    "First brand response",
                    "5\u{a0}h 10\u{a0}min",
                    "5\u{a0}h 10\u{a0}min"
                ],
                [
                    "End: back under the onset threshold",
                    "1\u{a0}d 5\u{a0}h",
                    "23\u{a0}h 50\u{a0}min"
                ],
            ]
        );

        let mut case = fixture::skyways_in(fixture::Language::Es);
        case.metrics.timeline.time_to_peak_seconds = Some(0);
        case.metrics.timeline.bucket_seconds = 6 * 3600;
        let view = build(&case, Medium::Screen).unwrap();
        assert!(
            view.summary[0].ends_with(", menos de 6\u{a0}h después del inicio del aumento."),
            "{}",
            view.summary[0]
        );
    }

    #[test]
    fn timeline_warnings_are_worded_in_the_report_language() {
        let at = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
        let codes = vec![
            TimelineWarning::NoBrandPosts,
            TimelineWarning::NoEnd { buckets: 3 },
            TimelineWarning::OutOfOrder {
                later: MilestoneKind::End,
                later_at: at("2026-03-11T09:00:00Z"),
                earlier: MilestoneKind::Peak,
                earlier_at: at("2026-03-11T16:00:00Z"),
            },
        ];
        let mut case = fixture::skyways_in(fixture::Language::It);
        case.metrics.timeline.warnings = codes.iter().map(TimelineWarning::english).collect();
        case.metrics.timeline.warning_codes = codes.clone();
        let view = build(&case, Medium::Screen).unwrap();
        assert_eq!(
            view.timeline.warnings,
            [
                "Non è stato trovato alcun post del brand (nessun post è di un account \
                 configurato o, se non ne è configurato nessuno, indicato come del brand \
                 nell’export): il tasso e i tempi di risposta non sono definiti. Controlla gli \
                 account del brand.",
                "Alla fine dei dati il volume non era rimasto alla soglia o sotto di essa per 3 \
                 intervalli di fila: in questi dati l’incidente non ha una fine.",
                "Tappe in contraddizione: la fine (11 marzo 2026, 10:00 CET) precede il picco \
                 (11 marzo 2026, 17:00 CET).",
            ]
        );
        // In English the report words them as metrics.json does, with its own times.
        let mut case = fixture::skyways();
        case.metrics.timeline.warning_codes = codes;
        let view = build(&case, Medium::Screen).unwrap();
        assert_eq!(
            view.timeline.warnings[2],
            "The end (11 March 2026, 10:00 CET) is before the peak (11 March 2026, 17:00 CET): \
             these milestones contradict each other."
        );
        // The threshold is written as the summary writes it: a whole number as such.
        let mut case = fixture::skyways();
        case.metrics.timeline.warning_codes = vec![TimelineWarning::NoOnset { threshold: 6.0 }];
        let view = build(&case, Medium::Screen).unwrap();
        assert!(
            view.timeline.warnings[0].contains("(6 mentions per interval)"),
            "{}",
            view.timeline.warnings[0]
        );
        // A timeline read back from metrics.json has only the English text.
        let mut case = fixture::skyways_in(fixture::Language::It);
        case.metrics.timeline.warnings = vec!["As written.".into()];
        let view = build(&case, Medium::Screen).unwrap();
        assert_eq!(view.timeline.warnings, ["As written."]);
    }

    #[test]
    fn rejections_and_file_notices_are_worded_in_the_report_language() {
        use crate::model::{Rejection, RejectionKind, ValueProblem};
        let at = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
        let mut case = fixture::skyways_in(fixture::Language::It);
        let file = &mut case.files[0];
        file.rejected_examples = vec![
            Rejection::new(
                12,
                RowProblem::DateOrderConflict {
                    value: "13/25/2026".into(),
                    column: "Date".into(),
                    read: DateOrder::Dmy,
                },
            ),
            Rejection::new(
                40,
                RowProblem::TimeInFuture {
                    at: at("2031-01-02T09:30:00Z"),
                },
            ),
        ];
        file.rejection_reasons[0].kind = Some(RejectionKind::DateOrderConflict);
        file.warnings.clear();
        file.notices.clear();
        for notice in [
            FileNotice::TimesFromIds {
                column: "Tweet ID".into(),
            },
            FileNotice::ColumnValues {
                column: "Likes".into(),
                problem: ValueProblem::NotANumber,
                count: 1_204,
                first_line: 9,
                example: "n.d.".into(),
            },
        ] {
            file.notice(notice);
        }
        let view = build(&case, Medium::Screen).unwrap();
        let file = &view.appendix.files[0];
        assert_eq!(
            file.rejection_reasons.rows[0][0],
            "Ordine giorno/mese in conflitto"
        );
        assert_eq!(file.rejection_reasons.rows[1][0], "Numero di campi errato");
        assert_eq!(
            file.rejected_examples.rows,
            [
                [
                    "12",
                    "«13/25/2026» nella colonna «Date» è una data con il mese prima del giorno, ma \
                     la colonna è letta con il giorno prima del mese: se tutta la colonna è così, \
                     imposta date_order = \"mdy\" in incident.toml."
                ],
                ["40", "La data 2 gennaio 2031, 10:30 CET è nel futuro."],
            ]
        );
        assert_eq!(
            file.warnings,
            [
                "Il file non ha una colonna di data e ora: le date sono state ricavate dagli id di \
                 X/Twitter nella colonna «Tweet ID» (al millisecondo); le righe il cui id non è di \
                 questo tipo sono scartate.",
                "Colonna «Likes»: valori che non sono numeri sono stati ignorati (1.204 in \
                 tutto); prima occorrenza alla riga 9: «n.d.».",
            ]
        );
        // A file read back from metrics.json has only the English text, shown as it is.
        let mut case = fixture::skyways_in(fixture::Language::It);
        let file = &mut case.files[0];
        file.notices.clear();
        file.rejected_examples[0].problem = None;
        file.rejection_reasons[0].kind = None;
        let view = build(&case, Medium::Screen).unwrap();
        let file = &view.appendix.files[0];
        assert_eq!(
            file.warnings,
            ["23 rows had times without a time zone in column \"Date\"; they were read as Europe/Rome"]
        );
        assert_eq!(file.rejection_reasons.rows[0][0], "impossible time");
        assert!(file.rejected_examples.rows[0][1].starts_with("impossible time \"31/02/2026"));
        assert!(file.rejected_examples.rows[1][1].starts_with("12 campi dove"));
        // Counts of one take the singular.
        let mut case = fixture::skyways();
        case.files[0].rejected_examples[1] = Rejection::new(
            7,
            RowProblem::WrongFieldCount {
                found: 1,
                expected: 44,
            },
        );
        case.files[0].notices[0] = FileNotice::ZoneAssumed {
            rows: 1,
            column: "Date".into(),
            zone: "UTC".into(),
        };
        let view = build(&case, Medium::Screen).unwrap();
        let file = &view.appendix.files[0];
        assert!(file.rejected_examples.rows[1][1].starts_with("1 field where"));
        assert!(
            file.warnings[0].starts_with(
                "Times without a time zone in column “Date” (1 row) were read as UTC, the default"
            ),
            "{}",
            file.warnings[0]
        );
    }

    #[test]
    fn a_mention_names_its_file_by_path_only_when_another_export_has_its_name() {
        let mut case = fixture::skyways();
        let f = Fmt::for_tests(fixture::Language::En);
        let video = fixture::video();
        assert_eq!(
            mention(&case, &f, &video).source,
            format!("brandwatch-skyways.csv, line {}", video.source.line)
        );
        case.files[1].path = "2026-03-12/brandwatch-skyways.csv".into();
        case.files[0].path = "2026-03-11/brandwatch-skyways.csv".into();
        assert_eq!(
            mention(&case, &f, &video).source,
            format!(
                "2026-03-11/brandwatch-skyways.csv, line {}",
                video.source.line
            )
        );
    }

    #[test]
    fn counts_of_one_take_the_singular() {
        for (lang, busiest, reach, anomalies) in [
            (
                fixture::Language::En,
                "the busiest interval had 1 mention, on ",
                ", over 1 mention by 1 author.",
                "Replies dated before the post they answer, left out of the response times: 1.",
            ),
            (
                fixture::Language::Es,
                "el intervalo más intenso tuvo 1 mención, el ",
                ", en 1 mención de 1 autor.",
                "Respuestas fechadas antes de la publicación que contestan, excluidas de los tiempos de respuesta: 1.",
            ),
        ] {
            let mut case = fixture::skyways_in(lang);
            let m = &mut case.metrics;
            m.timeline.onset = None;
            m.timeline.peak.as_mut().unwrap().count = 1;
            (m.reach.mentions, m.reach.authors) = (1, Some(1));
            m.response.anomalies.truncate(1);
            let view = build(&case, Medium::Screen).unwrap();
            assert!(view.summary[0].contains(busiest), "{}", view.summary[0]);
            assert!(
                view.summary.iter().any(|s| s.ends_with(reach)),
                "{:?}",
                view.summary
            );
            assert_eq!(view.response.anomalies_note.as_deref(), Some(anomalies));
        }
    }

    #[test]
    fn a_peak_no_more_negative_than_before_is_said_plainly() {
        let view = build(&fixture::skyways(), Medium::Screen).unwrap();
        let alt = &view.sentiment.chart.as_ref().unwrap().alt;
        assert!(alt.starts_with("The negative share went from 16%"), "{alt}");
        let mut calm = fixture::skyways();
        calm.metrics.sentiment.negative_share_baseline = Some(0.33);
        calm.metrics.sentiment.negative_share_peak = Some(0.30);
        calm.metrics.sentiment.recovery_seconds = Some(0);
        let view = build(&calm, Medium::Screen).unwrap();
        assert_eq!(
            view.sentiment.chart.as_ref().unwrap().alt,
            "The negative share at the peak (30%) was no higher than before the incident (33%). \
             Intervals with fewer than 5 rated mentions are left blank."
        );
        let recovery = view.sentiment.stats.last().unwrap();
        assert_eq!(
            (recovery.value.as_str(), recovery.note.as_deref()),
            (DASH, Some("the peak was no more negative than usual"))
        );
    }

    #[test]
    fn reach_is_said_to_be_reached_by_the_end_of_its_bucket_and_the_last_mention() {
        let mut case = fixture::skyways();
        let tl = &mut case.metrics.timeline;
        tl.buckets.truncate(4);
        for (bucket, reach) in tl.buckets.iter_mut().zip([10, 40, 30, 20]) {
            bucket.reach = reach;
        }
        // Hourly buckets from 23:00 UTC on 9 March (midnight in Rome); the last mention 20 min
        // into the fourth. Running sums 10, 50, 80, 100: half (50) is in by the end of the
        // second bucket, 02:00 in Rome, all of it by the last mention, 03:20.
        assert_eq!(tl.buckets[0].start, fixture::ts("2026-03-09T23:00:00Z"));
        tl.last = Some(fixture::ts("2026-03-10T02:20:00Z"));
        let view = build(&case, Medium::Screen).unwrap();
        assert_eq!(
            view.reach.chart.as_ref().unwrap().alt,
            "Potential reach added up to 100 by 10 March 2026, 03:20 CET; half of it (50) had \
             been reached by 10 March 2026, 02:00 CET."
        );

        // Half reached only in the last bucket: by the last mention, not the bucket's end.
        let tl = &mut case.metrics.timeline;
        for (bucket, reach) in tl.buckets.iter_mut().zip([0, 10, 30, 60]) {
            bucket.reach = reach;
        }
        let view = build(&case, Medium::Screen).unwrap();
        assert!(
            view.reach
                .chart
                .as_ref()
                .unwrap()
                .alt
                .ends_with("by 10 March 2026, 03:20 CET."),
            "{}",
            view.reach.chart.as_ref().unwrap().alt
        );
    }

    #[test]
    fn a_usual_level_measured_on_the_quietest_intervals_or_without_onset_is_not_called_before_the_incident(
    ) {
        let view = build(&fixture::skyways(), Medium::Screen).unwrap();
        assert_eq!(
            fixture::skyways().metrics.timeline.baseline.method,
            "pre-onset"
        );
        let alt = &view.sentiment.chart.as_ref().unwrap().alt;
        assert!(alt.contains("16% before the incident"), "{alt}");

        // Without quiet buckets before the onset the baseline is the quietest quarter of the
        // intervals, which may lie after the peak.
        let mut late = fixture::skyways();
        late.metrics.timeline.baseline.method = "quietest".into();
        let view = build(&late, Medium::Screen).unwrap();
        let where_measured = "in the quietest quarter of the intervals";
        let sentiment_alt = &view.sentiment.chart.as_ref().unwrap().alt;
        let volume_alt = &view.timeline.chart.as_ref().unwrap().alt;
        let summary = view.summary.join(" ");
        let label = &view.sentiment.stats[6].label;
        for text in [sentiment_alt, volume_alt, &summary, label] {
            assert!(!text.contains("before the incident"), "{text}");
        }
        assert!(
            sentiment_alt.starts_with(&format!(
                "The negative share went from 16% {where_measured}"
            )),
            "{sentiment_alt}"
        );
        assert!(
            volume_alt.contains(&format!("The usual level {where_measured} was")),
            "{volume_alt}"
        );
        assert!(
            summary.contains(&format!("from 16% {where_measured} to")),
            "{summary}"
        );
        assert_eq!(label, &format!("Negative share {where_measured}"));
        let negative_kpi = view.kpis.last().unwrap();
        assert_eq!(negative_kpi.label, "Negative share");
        assert_eq!(
            negative_kpi.note.as_deref(),
            Some("usual (quietest quarter): 16%")
        );

        // A lead-in whose onset the refined threshold did not confirm: no incident was found
        // rising, so nothing is "before the incident" either.
        let mut unconfirmed = fixture::skyways();
        unconfirmed.metrics.timeline.onset = None;
        let view = build(&unconfirmed, Medium::Screen).unwrap();
        let sentiment_alt = &view.sentiment.chart.as_ref().unwrap().alt;
        let summary = view.summary.join(" ");
        for text in [sentiment_alt, &summary, &view.sentiment.stats[6].label] {
            assert!(!text.contains("before the incident"), "{text}");
        }
        assert!(
            sentiment_alt.starts_with(
                "The negative share went from 16% in the intervals up to the first apparent rise"
            ),
            "{sentiment_alt}"
        );
        assert_eq!(
            view.kpis.last().unwrap().note.as_deref(),
            Some("early: 16%")
        );
        // The peak rose above the threshold but not for long enough; a peak under it never
        // rose above it at all.
        assert!(
            view.summary[0]
                .starts_with("Mentions never stayed above the onset threshold of 15 per hour"),
            "{}",
            view.summary[0]
        );
        unconfirmed.metrics.timeline.peak.as_mut().unwrap().count = 12;
        let view = build(&unconfirmed, Medium::Screen).unwrap();
        assert!(
            view.summary[0].starts_with(
                "Mentions never rose above the onset threshold of 15 per hour (usual level 5); the busiest interval had 12 mentions"
            ),
            "{}",
            view.summary[0]
        );
    }

    /// An unfilled lessons.md is not a missing one, and a summary alone is shown elsewhere.
    #[test]
    fn the_lessons_section_says_whether_lessons_md_is_missing_or_unfilled() {
        let mut case = fixture::skyways();
        assert_eq!(build(&case, Medium::Screen).unwrap().lessons.empty, None);
        case.lessons.sections.retain(|s| s.kind == "summary");
        assert!(!case.lessons.sections.is_empty());
        let view = build(&case, Medium::Screen).unwrap();
        assert!(view.lessons.document.is_none());
        assert_eq!(
            view.lessons.empty.as_deref(),
            Some("Of lessons.md only the summary is filled in; it opens the report.")
        );
        case.lessons.sections.clear();
        assert!(build(&case, Medium::Screen)
            .unwrap()
            .lessons
            .empty
            .unwrap()
            .starts_with("The incident’s lessons.md has no section filled in yet"));
        case.lessons.file_found = false;
        assert!(build(&case, Medium::Screen)
            .unwrap()
            .lessons
            .empty
            .unwrap()
            .starts_with("No lessons.md was found in the incident folder."));
    }

    /// No findings from rules that could not be checked is not "nothing to report".
    #[test]
    fn no_findings_when_no_rule_could_be_checked_is_not_a_clean_bill() {
        let mut case = fixture::skyways();
        case.findings.clear();
        for rule in &mut case.rules {
            rule.status = "checked".into();
        }
        let view = build(&case, Medium::Screen).unwrap();
        let nothing_found = "The playbook check found nothing to report.";
        assert_eq!(view.findings.empty.as_deref(), Some(nothing_found));
        assert!(view
            .summary
            .last()
            .unwrap()
            .starts_with("Playbook check — critical: 0"));

        // One rule checked, one silenced, the others not checkable: one of twelve.
        let total = case.rules.len();
        assert!(total >= 3, "the fixture lists the rules");
        for (i, rule) in case.rules.iter_mut().enumerate() {
            rule.status = match i {
                0 => "checked",
                1 => "silenced",
                _ => "not_checked",
            }
            .into();
        }
        let view = build(&case, Medium::Screen).unwrap();
        let of = format!("{} of {}", 1, total - 1);
        assert_eq!(
            view.findings.empty.as_deref(),
            Some(
                format!(
                    "Rules of the playbook that could be checked on this data: {of}, with \
                     nothing to report. The rules table in the appendix says why the others \
                     could not be checked."
                )
                .as_str()
            )
        );
        assert_eq!(
            view.summary.last().unwrap(),
            &format!(
                "Rules of the playbook that could be checked on this data: {of} (the rules \
                 table in the appendix says why the others could not)."
            )
        );

        // The counts' labels are plural, as in the summary.
        let mut polish = case.clone();
        polish.config.report_language = crate::model::Language::Pl;
        let labels: Vec<String> = build(&polish, Medium::Screen)
            .unwrap()
            .findings
            .counts
            .into_iter()
            .map(|c| c.label)
            .collect();
        assert_eq!(
            labels,
            ["Krytyczne", "Ostrzeżenia", "Uwagi", "Dobre praktyki"]
        );

        // All but one checked, in Polish: "the other one", not "the others".
        for (i, rule) in case.rules.iter_mut().enumerate() {
            rule.status = if i == 0 { "not_checked" } else { "checked" }.into();
        }
        case.config.report_language = crate::model::Language::Pl;
        let view = build(&case, Medium::Screen).unwrap();
        assert!(
            view.findings.empty.as_deref().is_some_and(|e| e.ends_with(
                "Tabela reguł w załączniku wyjaśnia, dlaczego pozostałej nie dało się sprawdzić."
            )),
            "{:?}",
            view.findings.empty
        );
        case.config.report_language = crate::model::Language::En;

        for rule in &mut case.rules {
            rule.status = "not_checked".into();
            rule.reason = Some("the exports have no authors".into());
        }
        let view = build(&case, Medium::Screen).unwrap();
        let none_checkable = "No rule of the playbook could be checked on this data; the rules \
                              table in the appendix says why for each.";
        assert_eq!(view.findings.empty.as_deref(), Some(none_checkable));
        assert_eq!(view.summary.last().unwrap(), none_checkable);
        assert!(!view.summary.iter().any(|s| s.starts_with("Playbook check")));
    }

    #[test]
    fn the_onset_threshold_line_is_labelled_as_precisely_as_the_timeline_figures() {
        let mut case = fixture::skyways();
        case.metrics.timeline.baseline.threshold = 7.5;
        let view = build(&case, Medium::Screen).unwrap();
        let svg = &view.timeline.chart.as_ref().unwrap().svg;
        assert!(svg.contains("onset threshold (7.5)"), "{svg}");
        let stat = view
            .timeline
            .stats
            .iter()
            .find(|s| s.label == "Onset threshold")
            .unwrap();
        assert_eq!(stat.value, "7.5 per hour");
    }

    #[test]
    fn without_an_onset_the_first_response_kpi_says_there_is_nothing_to_measure_from() {
        let mut flat = fixture::skyways();
        flat.metrics.timeline.onset = None;
        flat.metrics.response.first_response_after_onset_seconds = None;
        let view = build(&flat, Medium::Screen).unwrap();
        let first = view
            .kpis
            .iter()
            .find(|k| k.label == "First response")
            .unwrap();
        assert_eq!(
            (first.value.as_str(), first.note.as_deref()),
            (DASH, Some("no onset to measure from"))
        );
        // The peak milestone, measured from no onset, still shows when the peak was.
        for ms in &mut flat.metrics.timeline.milestones {
            if ms.kind == MilestoneKind::Peak {
                (ms.at, ms.since_onset_seconds) = (None, None);
            }
        }
        let view = build(&flat, Medium::Screen).unwrap();
        let peak_row = view
            .timeline
            .milestones
            .rows
            .iter()
            .find(|r| r[0] == "Peak")
            .unwrap();
        assert_eq!(
            [peak_row[1].as_str(), peak_row[2].as_str()],
            ["11 March 2026, 17:00 CET", DASH]
        );
    }

    #[test]
    fn flagged_posts_of_other_accounts_are_named_with_their_counts() {
        let mut case = fixture::skyways_in(fixture::Language::Pl);
        let flagged = TimelineWarning::FlaggedBrandPostsOfOtherAccounts {
            posts: 113,
            accounts: vec![("ChipotleTweets".into(), 19), ("Morrisons".into(), 8)],
            more: 1,
            conversations: 1_204,
            mentions: 5_000,
        };
        case.metrics.timeline.warnings = vec![flagged.english()];
        case.metrics.timeline.warning_codes = vec![flagged];
        let view = build(&case, Medium::Screen).unwrap();
        assert_eq!(
            view.timeline.warnings,
            [
                "Eksport oznacza 113 wpisów kont innych niż skonfigurowane (@ChipotleTweets \
              (19), @Morrisons (8), i jeszcze 1) jako własne wpisy firmy: to eksport kilku \
              firm. Każda liczba w tym raporcie obejmuje tylko rozmowy marki, 1204 spośród \
              5000 wzmianek: jej wpisy i wzmianki, które oznaczają ją przez @, odpowiadają \
              jej lub na które odpowiedziała. Jeśli któreś z tych kont należy do marki, dodaj \
              je do handles w incident.toml; aby zbadać tylko tę markę, użyj eksportu jej \
              własnych wzmianek."
            ]
        );
    }

    /// Exports that name no author: authors are unknown, not zero, and the advice is not to
    /// check the brand handles, which could not match anything.
    #[test]
    fn without_authors_the_report_does_not_send_the_reader_to_the_handles() {
        let mut case = fixture::skyways();
        let m = &mut case.metrics;
        m.reach.authors = None;
        m.response.brand_posts = 0;
        let warning = TimelineWarning::NoBrandPostsWithoutAuthors;
        m.timeline.warnings = vec![warning.english()];
        m.timeline.warning_codes = vec![warning];
        let view = build(&case, Medium::Screen).unwrap();
        let authors = &view.reach.stats[1];
        assert_eq!(
            (authors.value.as_str(), authors.note.as_deref()),
            (DASH, Some("the exports name no authors"))
        );
        let reach = view
            .summary
            .iter()
            .find(|s| s.starts_with("Potential reach"))
            .unwrap();
        assert!(
            reach.ends_with("the exports name no authors, so unique reach is unknown."),
            "{reach}"
        );
        assert_eq!(
            view.timeline.warnings,
            [
                "No brand post was found: the exports name no authors, so no post can be matched \
              to the brand handles. The response rate and response times are undefined."
            ]
        );
        let banner = view.response.linkage_note.as_deref().unwrap();
        assert!(
            banner.starts_with("The exports name no authors"),
            "{banner}"
        );
        assert!(!banner.contains("Check the brand handles"), "{banner}");
    }

    /// An empty table of linked sites or of authors by reach says why, not just "None".
    #[test]
    fn empty_tables_say_why() {
        let mut case = fixture::skyways();
        assert_eq!(
            build(&case, Medium::Screen).unwrap().topics.domains.empty,
            None
        );
        case.metrics.topics.domains.clear();
        case.metrics.reach.top_authors_by_reach.clear();
        let view = build(&case, Medium::Screen).unwrap();
        assert!(view
            .topics
            .domains
            .empty
            .as_deref()
            .unwrap()
            .contains("t.co"));
        assert_eq!(
            view.reach.top_by_reach.empty.as_deref(),
            Some("No author has a reach: the exports give neither a reach nor a follower count.")
        );
        let page = crate::report::render_html(&case, &Default::default()).unwrap();
        assert!(page.contains("Links through X’s t.co shortener"));
        // No mention with a reach: the volume table's reach column is unknown, not 0.
        assert_ne!(view.timeline.chart.as_ref().unwrap().table.rows[0][7], DASH);
        case.metrics.reach.mentions_with_reach = 0;
        case.metrics.response.unanswered_top_reach.clear();
        let view = build(&case, Medium::Screen).unwrap();
        let table = &view.timeline.chart.as_ref().unwrap().table;
        assert!(table.rows.iter().all(|row| row[7] == DASH));
        assert_eq!(
            view.response.unanswered_empty,
            "No mention has a reach in the exports, so unanswered ones cannot be ranked by it."
        );
    }

    #[test]
    fn only_a_capitalised_first_word_is_lowered() {
        assert_eq!(lower_first_word("First brand post"), "first brand post");
        assert_eq!(lower_first_word("Ósmy wpis"), "ósmy wpis");
        assert_eq!(lower_first_word("CEO statement"), "CEO statement");
        assert_eq!(lower_first_word("#hashtag"), "#hashtag");
        assert_eq!(lower_first_word("A"), "A");
    }

    #[test]
    fn moments_at_the_same_instant_share_one_number_and_one_post() {
        let view = build(&fixture::skyways(), Medium::Screen).unwrap();
        let moments = &view.timeline.moments;
        // Ten key moments: onset, peak and end are milestones; two share 08:40.
        assert_eq!(moments.len(), 6);
        assert_eq!(moments[1].time, "11 Mar 08:40");
        assert_eq!(
            moments[1].text,
            "Most shared post; hashtag #skywaysbreaksguitars first seen"
        );
        assert_eq!(moments[1].mentions.len(), 1);
        assert_eq!(moments[5].text, "Press statement published");
        assert!(moments[5].mentions.is_empty());
    }

    #[test]
    fn ranked_moments_say_among_how_many_and_their_figure() {
        for (lang, shared_text, reach_text) in [
            (
                fixture::Language::En,
                "Among the 3 most shared posts (5,400 shares)",
                "Among the 2 posts with the highest reach (reach 523K)",
            ),
            (
                fixture::Language::Pl,
                "Jeden z 3 najczęściej udostępnianych wpisów (5400 udostępnień)",
                "Jeden z 2 wpisów o największym zasięgu (zasięg 523\u{a0}tys.)",
            ),
        ] {
            let mut case = fixture::skyways_in(lang);
            let moments = &mut case.metrics.timeline.key_moments;
            let shared = moments
                .iter()
                .position(|m| m.kind == crate::metrics::MomentKind::MostShared)
                .unwrap();
            moments[shared].label = "5400".into();
            let mut later = moments[shared].clone();
            for (hours, value) in [(30, "800"), (31, "1")] {
                later.at = moments[shared].at + jiff::SignedDuration::from_hours(hours);
                later.label = value.into();
                moments.push(later.clone());
            }
            later.at = moments[shared].at + jiff::SignedDuration::from_hours(40);
            later.kind = crate::metrics::MomentKind::HighestReach;
            later.label = "523000".into();
            moments.push(later);
            let view = build(&case, Medium::Screen).unwrap();
            let texts: Vec<&str> = view
                .timeline
                .moments
                .iter()
                .map(|m| m.text.as_str())
                .collect();
            assert!(
                texts.iter().any(|t| t.starts_with(shared_text)),
                "{texts:?}"
            );
            assert!(texts.contains(&reach_text), "{texts:?}");
            if lang == fixture::Language::En {
                assert!(texts.contains(&"Among the 3 most shared posts (1 share)"));
            }
        }
    }

    #[test]
    fn an_empty_case_renders_every_section_saying_what_is_missing() {
        let view = build(&fixture::empty(), Medium::Screen).unwrap();
        assert_eq!(
            view.summary,
            ["The data holds no mentions to build a timeline from."]
        );
        assert!(view.kpis.iter().all(|k| k.value == DASH), "{:?}", view.kpis);
        assert_eq!(view.period, DASH);
        let mut view = view;
        assert!(view.charts_mut().is_empty());
        assert!(view.response.linkage_note.is_some());
        assert!(!view.sentiment.available);
        assert!(!view.findings.checked);
        assert!(view.lessons.document.is_none());
        assert_eq!(view.timeline.warnings.len(), 1);
        assert!(view.timeline.stats.is_empty(), "{:?}", view.timeline.stats);
    }

    fn view_card(case: &CaseStudy, label: &str) -> Stat {
        build(case, Medium::Screen)
            .unwrap()
            .kpis
            .into_iter()
            .find(|k| k.label == label)
            .unwrap()
    }

    /// With intervals longer than the first-response target, the summary gives the time from
    /// the onset interval's first public post first, and from the interval's start beside it.
    #[test]
    fn with_long_intervals_the_summary_measures_the_first_response_from_the_first_post() {
        let response = |case: &CaseStudy| {
            build(case, Medium::Screen)
                .unwrap()
                .summary
                .into_iter()
                .find(|p| p.starts_with("The brand’s first public response"))
                .unwrap()
        };
        let mut case = fixture::skyways();
        let card = view_card(&case, "First response");
        assert_eq!(
            (card.value.as_str(), card.note.as_deref()),
            ("5\u{a0}h 10\u{a0}min", Some("after onset"))
        );
        assert!(response(&case).starts_with(
            "The brand’s first public response came 5\u{a0}h 10\u{a0}min after the rise began. \
             It answered"
        ));
        case.metrics.timeline.bucket_seconds = 7_200;
        assert!(response(&case).starts_with(
            "The brand’s first public response came 5\u{a0}h 03\u{a0}min after the first public \
             post of the onset’s interval, 5\u{a0}h 10\u{a0}min after the start of that \
             2\u{a0}h interval. It answered"
        ));
        // The header's card leads with it, the onset's time beside it.
        let card = view_card(&case, "First response");
        assert_eq!(card.value, "5\u{a0}h 03\u{a0}min");
        assert_eq!(
            card.note.as_deref(),
            Some("after the onset interval’s first public post; 5\u{a0}h 10\u{a0}min after onset")
        );
        // The response section's first-response figure gives both too.
        let view = build(&case, Medium::Screen).unwrap();
        let first = view
            .response
            .stats
            .iter()
            .find(|s| s.label == "First brand response")
            .unwrap();
        assert_eq!(
            first.note.as_deref(),
            Some(
                "5\u{a0}h 10\u{a0}min after onset, 5\u{a0}h 03\u{a0}min after the onset \
                 interval’s first public post"
            )
        );
    }

    /// A build from the command line has no brand name: the header names its accounts, once
    /// each, as the team wrote them.
    #[test]
    fn the_header_names_the_brand_else_its_accounts() {
        let mut case = fixture::skyways();
        assert_eq!(
            build(&case, Medium::Screen).unwrap().brand.as_deref(),
            Some("Skyways")
        );
        case.incident.brand = None;
        assert_eq!(
            build(&case, Medium::Screen).unwrap().brand.as_deref(),
            Some("@SkywaysAir, @SkywaysHelp")
        );
        let x_too = case.config.brand_handles[1].clone();
        case.config.brand_handles.push(crate::config::BrandHandle {
            handle: x_too.handle.clone(),
            platform: Some("x".into()),
            written: x_too.written.to_uppercase(),
        });
        assert_eq!(
            brand_label(&case).as_deref(),
            Some("@SkywaysAir, @SkywaysHelp")
        );
        case.config.brand_handles.clear();
        assert_eq!(brand_label(&case), None);
    }

    /// In an export of several companies the summary says first that every figure is the
    /// brand's conversations', the appendix how many rows those are, and the first key moment
    /// is not "in the data", which holds other companies' earlier posts.
    #[test]
    fn an_export_of_several_companies_says_what_the_figures_count() {
        let scoped = |conversations: u64, mut case: CaseStudy| {
            let flagged = TimelineWarning::FlaggedBrandPostsOfOtherAccounts {
                posts: 2_030,
                accounts: vec![("ChipotleTweets".into(), 210)],
                more: 0,
                conversations,
                mentions: 5_000,
            };
            case.metrics.timeline.warnings = vec![flagged.english()];
            case.metrics.timeline.warning_codes = vec![flagged];
            build(&case, Medium::Screen).unwrap()
        };
        let view = scoped(416, fixture::skyways());
        assert_eq!(
            view.summary[0],
            "This export holds several companies’ conversations: every figure here counts the \
             brand’s alone, 416 of the 5,000 mentions (its posts and the mentions that \
             @-mention it, reply to it or that it answered; the timeline’s warnings name the \
             other companies)."
        );
        let rows: Vec<(&str, &str)> = view
            .appendix
            .rows
            .iter()
            .map(|s| (s.label.as_str(), s.value.as_str()))
            .collect();
        assert_eq!(rows[1].0, "Used");
        assert_eq!(rows[2], ("of which in the brand’s conversations", "416"));
        assert!(view.timeline.moments[0]
            .text
            .starts_with("First mention of the brand’s conversations"));
        // None of them the brand's: said instead of "no mentions", and the sentiment does
        // not blame the word lists.
        let view = scoped(0, fixture::empty());
        assert_eq!(
            view.summary,
            [
                "This export holds several companies’ conversations, and none of its 5,000 \
                 mentions is the brand’s: no brand post, and no mention that @-mentions a brand \
                 account, replies to one or was answered by one. Check the brand handles \
                 (--brand, or handles and brand_handles in incident.toml)."
            ]
        );
        assert_eq!(
            view.sentiment.note.as_deref(),
            Some("No mention by the public to rate.")
        );
    }

    /// A brand with no post in the data is not told it answered no one; a brand that posted
    /// after the onset but answered no one is not told it did not post.
    #[test]
    fn no_brand_post_and_no_answer_are_told_apart() {
        let mut case = fixture::skyways();
        let r = &mut case.metrics.response;
        (r.brand_posts, r.brand_replies, r.answered, r.rate) = (0, 0, 0, None);
        r.first_response_after_onset_seconds = None;
        (r.median_seconds, r.min_seconds, r.max_seconds) = (None, None, None);
        for g in &mut r.by_phase {
            (g.answered, g.rate) = (0, None);
        }
        let view = build(&case, Medium::Screen).unwrap();
        let notes: Vec<&str> = view.kpis.iter().filter_map(|k| k.note.as_deref()).collect();
        assert_eq!(
            notes
                .iter()
                .filter(|n| **n == "no brand post in the data")
                .count(),
            2,
            "first response and response rate: {notes:?}"
        );
        assert!(view
            .summary
            .contains(&"The data holds no brand post.".to_string()));
        let stat = |label: &str| {
            let s = view.response.stats.iter().find(|s| s.label == label);
            s.unwrap().value.clone()
        };
        assert_eq!(stat("Answered"), DASH);
        assert_eq!(stat("Fastest – slowest"), DASH);
        assert!(view
            .response
            .linkage_note
            .as_deref()
            .unwrap()
            .starts_with("No brand post was found"));
        assert!(view.response.by_phase.rows.iter().all(|row| row[2] == DASH));

        let mut promotions_only = fixture::skyways();
        promotions_only
            .metrics
            .response
            .first_response_after_onset_seconds = None;
        let tl = &mut promotions_only.metrics.timeline;
        tl.warning_codes = vec![TimelineWarning::NoBrandResponseAfterOnset];
        let view = build(&promotions_only, Medium::Screen).unwrap();
        assert!(view
            .kpis
            .iter()
            .any(|k| k.note.as_deref() == Some("no response after onset")));
        assert!(view.summary.iter().any(|s| s.starts_with(
            "The brand posted after the rise began, but none of its posts answered anyone"
        )));
    }

    /// A negative share that did not rise (or rose by less than the rounding shows) is not
    /// said to have gone "from 44% to 44%", in the summary nor in the chart's text.
    #[test]
    fn a_negative_share_that_did_not_rise_is_not_said_to_have_gone_up() {
        let cases = [
            (
                0.4425,
                0.4419,
                "The negative share at the peak (44%) was no higher than before the incident (44%).",
                true,
            ),
            (
                0.4419,
                0.4425,
                "The negative share was 44% both before the incident and at the peak.",
                true,
            ),
            (
                0.30,
                0.55,
                "The share of negative mentions went from 30% before the incident to 55% at the peak.",
                false,
            ),
        ];
        // The chart words a rise its own way, with the recovery.
        for (base, peak, said, also_in_chart) in cases {
            let mut case = fixture::skyways();
            case.metrics.sentiment.negative_share_baseline = Some(base);
            case.metrics.sentiment.negative_share_peak = Some(peak);
            let mut view = build(&case, Medium::Screen).unwrap();
            assert!(view.summary.iter().any(|s| s == said), "{:?}", view.summary);
            let charts = view.charts_mut();
            let chart = charts.iter().find(|c| c.id == "sentiment").unwrap();
            assert_eq!(chart.alt.starts_with(said), also_in_chart, "{}", chart.alt);
        }
    }

    /// A title the team set is words, set in the report's language; without one, the title is
    /// the export's or the folder's name, which the PDF keeps as written.
    #[test]
    fn a_title_from_a_file_name_is_marked_as_a_name() {
        let mut case = fixture::skyways();
        case.config.title = None;
        assert!(build(&case, Medium::Print).unwrap().title_is_name);
        case.config.title = Some("Skyways broke my guitar".into());
        assert!(!build(&case, Medium::Print).unwrap().title_is_name);
    }

    #[test]
    fn later_peaks_are_in_the_summary() {
        let mut case = fixture::skyways();
        case.metrics.timeline.secondary_peaks = vec![
            fixture::Peak {
                start: fixture::ts("2026-03-12T11:00:00Z"),
                count: 45,
            },
            fixture::Peak {
                start: fixture::ts("2026-03-13T21:00:00Z"),
                count: 1,
            },
        ];
        let view = build(&case, Medium::Screen).unwrap();
        // Times in Rome (UTC+1 in March).
        assert!(
            view.summary.contains(
                &"Volume rose again after the peak: 12 Mar 12:00 (45 mentions); \
                  13 Mar 22:00 (1 mention)."
                    .to_string()
            ),
            "{:?}",
            view.summary
        );
    }

    /// Data that spans years (an old post in the export) gives every short time its year, so
    /// that key moments in 2011 and 2026 do not look out of order.
    #[test]
    fn short_times_say_their_year_when_the_data_spans_years() {
        let view = build(&fixture::skyways(), Medium::Screen).unwrap();
        let first = &view.timeline.moments[0].time;
        assert!(!first.contains("2026"), "{first}");
        let mut case = fixture::skyways();
        case.metrics.timeline.first = Some(fixture::ts("2011-08-29T03:20:00Z"));
        let view = build(&case, Medium::Screen).unwrap();
        let first = &view.timeline.moments[0].time;
        assert!(first.contains("Mar 2026"), "{first}");
        // A file's first and last mentions in two years say them, though the timeline's (the
        // brand's conversations, in an export of several companies) fall in one.
        let mut case = fixture::skyways();
        case.files[0].first = Some(fixture::ts("2011-08-29T03:20:00Z"));
        let view = build(&case, Medium::Screen).unwrap();
        let period = view.appendix.files[0]
            .stats
            .iter()
            .find(|s| s.label == "First – last mention")
            .unwrap();
        assert!(
            period.value.starts_with("29 Aug 2011") && period.value.contains("Mar 2026"),
            "{}",
            period.value
        );
    }

    #[test]
    fn the_configuration_is_shown_as_incident_toml() {
        let view = build(&fixture::skyways(), Medium::Screen).unwrap();
        let toml = &view.appendix.config;
        for line in [
            "timezone = \"Europe/Rome\"",
            "sla = \"1h\"",
            "anonymize_allowlist = [\"airnewsdaily\", \"skywayshelp_\"]",
            "[rules.hashtag-hijack]\nenabled = false",
            "label = \"Press statement published\"",
        ] {
            assert!(toml.contains(line), "{line} not in\n{toml}");
        }
        assert!(!toml.contains("start ="), "no window was set:\n{toml}");
    }
}
