//! The report as the reader sees it: every figure of the [`CaseStudy`] formatted once, in the
//! report language and time zone, with the sentences, tables and charts that present it.
//! Both the HTML (tera) and the PDF (Typst) templates render this one model, so the two
//! outputs always say the same thing.

use jiff::tz::TimeZone;
use jiff::Timestamp;
use plotters::style::RGBColor;
use serde::Serialize;

use super::charts::{
    self, palette, Band, Bar, Histogram, Marker, Panel, Series, SeriesKind, Stack, TimeChart,
};
use super::markdown::{self, Markdown};
use super::safe_url;
use crate::case::{CaseStudy, Finding, Severity};
use crate::error::ReportError;
use crate::i18n::Catalog;
use crate::metrics::{
    AuthorStat, Breakdown, Bucket, HistogramBin, KeyMoment, MilestoneKind, MomentKind, Phase,
    ResponseGroup,
};
use crate::model::{Kind, MentionRef, Sentiment};

pub const DASH: &str = "–";

#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    pub lang: &'static str,
    pub title: String,
    pub brand: Option<String>,
    pub period: String,
    pub timezone: String,
    pub anonymized: bool,
    pub generated_by: String,
    pub kpis: Vec<Stat>,
    pub summary: Vec<String>,
    pub team_summary: Option<Markdown>,
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
        }
    }
}

/// What the view is for: charts are drawn narrower for an A4 page, so their text prints at a
/// readable size, and the page's SVG follows its light or dark scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Medium {
    Screen,
    Print,
}

/// Chart widths in SVG pixels: (screen, print). Print charts are narrower so their text comes
/// out at a readable size on A4; the page also carries a phone drawing.
const TIME_WIDTHS: (u32, u32) = (960, 820);
const BAR_WIDTHS: (u32, u32) = (720, 640);
const PHONE_TIME_WIDTH: u32 = 420;
const PHONE_BAR_WIDTH: u32 = 400;

/// A chart as drawn for the medium.
struct Drawn {
    main: String,
    phone: Option<String>,
}

/// Draws a chart at the widths the medium needs. On screen a narrow drawing goes with the wide
/// one: scaled down to a phone, the wide drawing's text would be too small to read.
fn draw(
    f: &Fmt,
    widths: (u32, u32),
    phone: u32,
    draw: impl Fn(u32) -> Result<String, ReportError>,
) -> Result<Drawn, ReportError> {
    match f.medium {
        Medium::Screen => Ok(Drawn {
            main: draw(widths.0)?,
            phone: Some(draw(phone)?),
        }),
        Medium::Print => Ok(Drawn {
            main: draw(widths.1)?,
            phone: None,
        }),
    }
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
    pub severity: &'static str,
    pub severity_label: String,
    pub title: String,
    pub figures: Vec<Stat>,
    pub examples: Vec<MentionView>,
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
}

#[derive(Debug, Clone, Serialize)]
pub struct LessonsView {
    pub document: Option<Markdown>,
    pub action_items: Table,
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
    pub rows_balanced: bool,
    pub rules: Table,
    pub config: Table,
    pub definitions: Vec<Definition>,
    pub definitions_version: u32,
}

/// Formatting in the report's language and time zone, for a medium.
pub struct Fmt {
    pub cat: &'static Catalog,
    pub tz: TimeZone,
    pub medium: Medium,
}

impl Fmt {
    pub fn new(case: &CaseStudy, medium: Medium) -> Fmt {
        Fmt {
            cat: Catalog::get(case.config.report_language),
            tz: case.config.timezone.clone(),
            medium,
        }
    }

    pub fn t(&self, key: &str) -> String {
        self.cat.t(key).to_string()
    }

    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.cat.fill(key, args)
    }

    pub fn int(&self, n: u64) -> String {
        self.cat.int(n)
    }

    pub fn opt_int(&self, n: Option<u64>) -> String {
        n.map_or_else(|| DASH.to_string(), |n| self.cat.int(n))
    }

    pub fn compact(&self, n: Option<u64>) -> String {
        n.map_or_else(|| DASH.to_string(), |n| self.cat.compact(n))
    }

    /// Shares under 10% keep one decimal, so 0.4% is not shown as 0%.
    pub fn pct(&self, share: Option<f64>) -> String {
        match share {
            Some(s) if s.is_finite() => {
                let decimals = if s.abs() < 0.1 && s != 0.0 { 1 } else { 0 };
                self.cat.percent(s, decimals)
            }
            _ => DASH.to_string(),
        }
    }

    pub fn dur(&self, seconds: Option<f64>) -> String {
        seconds.map_or_else(|| DASH.to_string(), |s| self.cat.duration(s))
    }

    pub fn dur_i(&self, seconds: Option<i64>) -> String {
        self.dur(seconds.map(|s| s as f64))
    }

    /// `12 March 2026, 14:05 CET`.
    pub fn at(&self, t: Timestamp) -> String {
        self.cat.datetime(t, &self.tz)
    }

    /// `12 Mar 14:05`.
    pub fn short(&self, t: Timestamp) -> String {
        self.cat.short_datetime(t, &self.tz)
    }

    pub fn opt_short(&self, t: Option<Timestamp>) -> String {
        t.map_or_else(|| DASH.to_string(), |t| self.short(t))
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

    /// A platform's usual spelling; unknown values are shown as they are.
    pub fn platform(&self, key: &str) -> String {
        match key {
            "unknown" | "" => self.t("report.unknown"),
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
            "news" => self.t("report.platform_news"),
            "blogs" | "blog" => self.t("report.platform_blogs"),
            "forums" | "forum" => self.t("report.platform_forums"),
            other => other.to_string(),
        }
    }

    /// A language code with its name in the report language, when the catalogue knows it.
    pub fn language(&self, code: &str) -> String {
        if code == "unknown" || code.is_empty() {
            return self.t("report.unknown");
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
        title: case.incident.title.clone(),
        brand: case.incident.brand.clone(),
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
            f.dur_i(response.first_response_after_onset_seconds),
            Some(if response.first_response_after_onset_seconds.is_some() {
                f.t("report.kpi.after_onset")
            } else {
                f.t("report.kpi.no_response")
            }),
        ),
        stat_note(
            f.t("report.kpi.response_rate"),
            f.pct(response.rate),
            Some(f.fill(
                "report.kpi.answered_of",
                &[
                    ("answered", &f.int(response.answered)),
                    ("actionable", &f.int(response.actionable)),
                ],
            )),
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
            m.sentiment
                .negative_share_baseline
                .map(|b| f.fill("report.kpi.baseline", &[("value", &f.pct(Some(b)))])),
        ),
    ]
}

fn summary(case: &CaseStudy, f: &Fmt) -> Vec<String> {
    let m = &case.metrics;
    let tl = &m.timeline;
    let per = f.per_bucket(tl.bucket_seconds);
    let baseline = f.cat.decimal(
        tl.baseline.median,
        if tl.baseline.median < 10.0 { 1 } else { 0 },
    );
    let mut out = Vec::new();
    match (tl.onset, &tl.peak) {
        (Some(onset), Some(peak)) => out.push(f.fill(
            "report.summary.onset_peak",
            &[
                ("baseline", &baseline),
                ("per", &per),
                ("onset", &f.at(onset)),
                ("peak", &f.int(peak.count)),
                ("peak_at", &f.at(peak.start)),
                ("time_to_peak", &f.dur_i(tl.time_to_peak_seconds)),
            ],
        )),
        (None, Some(peak)) => out.push(f.fill(
            "report.summary.no_onset",
            &[
                ("baseline", &baseline),
                ("per", &per),
                ("peak", &f.int(peak.count)),
                ("peak_at", &f.at(peak.start)),
            ],
        )),
        _ => out.push(f.t("report.summary.no_data")),
    }
    if let Some(onset) = tl.onset {
        match tl.end {
            Some(end) => out.push(f.fill(
                "report.summary.end",
                &[
                    ("end", &f.at(end)),
                    (
                        "duration",
                        &f.dur_i(Some(end.as_second() - onset.as_second())),
                    ),
                ],
            )),
            None => {
                if let Some(last) = tl.last {
                    out.push(f.fill("report.summary.no_end", &[("last", &f.at(last))]))
                }
            }
        }
    }
    let r = &m.response;
    match r.first_response_after_onset_seconds {
        Some(first) => out.push(f.fill(
            "report.summary.response",
            &[
                ("first_response", &f.dur_i(Some(first))),
                ("rate", &f.pct(r.rate)),
                ("actionable", &f.int(r.actionable)),
                ("median", &f.dur(r.median_seconds)),
                ("sla", &f.round_duration(r.sla_seconds)),
            ],
        )),
        None if tl.onset.is_some() => out.push(f.t("report.summary.no_response")),
        None => {}
    }
    if let (Some(base), Some(peak)) = (
        m.sentiment.negative_share_baseline,
        m.sentiment.negative_share_peak,
    ) {
        out.push(f.fill(
            "report.summary.sentiment",
            &[
                ("baseline", &f.pct(Some(base))),
                ("peak", &f.pct(Some(peak))),
            ],
        ));
    }
    if m.reach.potential.is_some() || m.reach.unique.is_some() {
        out.push(f.fill(
            "report.summary.reach",
            &[
                ("potential", &f.compact(m.reach.potential)),
                ("unique", &f.compact(m.reach.unique)),
                ("mentions", &f.int(m.reach.mentions)),
                ("authors", &f.int(m.reach.authors)),
            ],
        ));
    }
    if !case.rules.is_empty() || !case.findings.is_empty() {
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
    }
    out
}

// ---------------------------------------------------------------- mentions

fn file_name(case: &CaseStudy, index: u32) -> String {
    case.files
        .get(index as usize)
        .map(|file| {
            file.path
                .rsplit(['/', '\\'])
                .next()
                .unwrap_or(&file.path)
                .to_string()
        })
        .unwrap_or_else(|| DASH.to_string())
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
        text: m.text.clone(),
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

// ---------------------------------------------------------------- charts

/// The SVG for the HTML page: no namespace attribute (an HTML parser does not need it and the
/// page then names no other host), ink that follows the text colour, and an accessible name.
fn html_svg(svg: &str, id: &str) -> String {
    let svg = svg
        .replacen(
            " xmlns=\"http://www.w3.org/2000/svg\"",
            &format!(" role=\"img\" aria-labelledby=\"{id}-title {id}-alt\" class=\"chart-svg\""),
            1,
        )
        .replace(&format!("\"{}\"", charts::INK_HEX), "\"currentColor\"");
    // The browser draws with the page's font stack; sizes were measured with Noto Sans.
    svg.replace(
        "font-family=\"Noto Sans\"",
        "font-family=\"Noto Sans, sans-serif\"",
    )
}

fn chart_view(
    f: &Fmt,
    id: &'static str,
    title: String,
    alt: String,
    drawn: Drawn,
    table: Table,
) -> ChartView {
    let ids = format!("chart-{id}");
    let (svg, svg_phone) = match f.medium {
        Medium::Screen => (
            html_svg(&drawn.main, &ids),
            drawn.phone.map(|p| html_svg(&p, &ids)),
        ),
        Medium::Print => (drawn.main, None),
    };
    ChartView {
        id,
        title,
        alt,
        svg,
        svg_phone,
        file: format!("chart-{id}.svg"),
        table,
    }
}

fn time_axis_label(f: &Fmt, case: &CaseStudy) -> String {
    f.fill("report.chart.time_axis", &[("tz", &case.incident.timezone)])
}

fn fmt_count(cat: &Catalog, v: f64) -> String {
    cat.compact(v.round().max(0.0) as u64)
}

fn fmt_share(cat: &Catalog, v: f64) -> String {
    cat.percent(v, 0)
}

fn phase_color(p: Phase) -> Option<RGBColor> {
    match p {
        Phase::Escalation => Some(palette::YELLOW),
        Phase::Peak => Some(palette::ORANGE),
        Phase::Decay => Some(palette::SKY),
        Phase::Before | Phase::After => None,
    }
}

fn bands(case: &CaseStudy, f: &Fmt) -> Vec<Band> {
    case.metrics
        .timeline
        .phases
        .iter()
        .filter_map(|span| {
            phase_color(span.phase).map(|color| Band {
                from: span.start,
                to: span.end,
                color,
                label: f.phase(span.phase),
            })
        })
        .collect()
}

/// Key moments worth a marker, grouped by instant, in time order. Onset, peak and end are
/// already drawn as the phase bands and listed as milestones.
fn marked_moments(case: &CaseStudy) -> Vec<Vec<&KeyMoment>> {
    let mut moments: Vec<&KeyMoment> = case
        .metrics
        .timeline
        .key_moments
        .iter()
        .filter(|m| {
            !matches!(
                m.kind,
                MomentKind::Onset | MomentKind::Peak | MomentKind::End
            )
        })
        .collect();
    moments.sort_by_key(|m| (m.at, m.kind));
    let mut groups: Vec<Vec<&KeyMoment>> = Vec::new();
    for m in moments {
        match groups.last_mut() {
            Some(group) if group[0].at == m.at => group.push(m),
            _ => groups.push(vec![m]),
        }
    }
    groups
}

fn moment_text(f: &Fmt, kind: MomentKind, label: &str) -> String {
    let tag = if label.starts_with('#') {
        label.to_string()
    } else {
        format!("#{label}")
    };
    match kind {
        MomentKind::HashtagFirstSeen => {
            f.fill("report.moment.hashtag_first_seen", &[("tag", &tag)])
        }
        MomentKind::ManualEvent => label.to_string(),
        other => {
            let key = serde_json::to_value(other)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            f.t(&format!("report.moment.{key}"))
        }
    }
}

fn volume_chart(case: &CaseStudy, f: &Fmt) -> Result<Option<ChartView>, ReportError> {
    let tl = &case.metrics.timeline;
    if tl.buckets.is_empty() {
        return Ok(None);
    }
    let per = f.per_bucket(tl.bucket_seconds);
    let counts: Vec<f64> = tl.buckets.iter().map(|b| b.count as f64).collect();
    let markers = marked_moments(case)
        .iter()
        .enumerate()
        .map(|(i, group)| Marker {
            at: group[0].at,
            number: i + 1,
        })
        .collect();
    let threshold = (tl.baseline.threshold > 0.0).then(|| {
        (
            tl.baseline.threshold,
            f.fill(
                "report.chart.volume.threshold",
                &[("value", &f.cat.decimal(tl.baseline.threshold, 0))],
            ),
        )
    });
    let chart = TimeChart {
        name: "volume",
        width: TIME_WIDTHS.0,
        height: 400,
        starts: tl.buckets.iter().map(|b| b.start).collect(),
        bucket_seconds: tl.bucket_seconds,
        x_label: time_axis_label(f, case),
        bands: bands(case, f),
        markers,
        panels: vec![Panel {
            y_label: f.fill("report.chart.volume.y", &[("per", &per)]),
            series: vec![Series {
                label: f.t("report.chart.mentions"),
                kind: SeriesKind::Area,
                color: palette::BLUE,
                values: counts,
            }],
            stack: None,
            reference: threshold,
            y_max: None,
            format_y: fmt_count,
            weight: 1.0,
        }],
    };
    let svg = draw(f, TIME_WIDTHS, PHONE_TIME_WIDTH, |width| {
        let mut chart = chart.clone();
        chart.width = width;
        charts::time_chart(&chart, f.cat, &f.tz)
    })?;
    let alt = match (&tl.peak, tl.onset) {
        (Some(peak), Some(onset)) => f.fill(
            "report.chart.volume.alt",
            &[
                ("peak", &f.int(peak.count)),
                ("per", &per),
                ("peak_at", &f.at(peak.start)),
                ("time_to_peak", &f.dur_i(tl.time_to_peak_seconds)),
                ("onset", &f.at(onset)),
                ("baseline", &f.cat.decimal(tl.baseline.median, 1)),
            ],
        ),
        (Some(peak), None) => f.fill(
            "report.chart.volume.alt_no_onset",
            &[
                ("peak", &f.int(peak.count)),
                ("per", &per),
                ("peak_at", &f.at(peak.start)),
            ],
        ),
        _ => f.t("report.chart.no_data"),
    };
    let mut table = Table::new(&[
        (f.t("report.table.time"), false),
        (f.t("report.table.phase"), false),
        (f.t("report.table.mentions"), true),
        (f.t("report.table.inbound"), true),
        (f.t("report.table.brand_posts"), true),
        (f.t("report.table.brand_replies"), true),
        (f.t("report.table.negative"), true),
        (f.t("report.table.reach"), true),
    ]);
    for b in &tl.buckets {
        table.rows.push(vec![
            f.short(b.start),
            f.phase(b.phase),
            f.int(b.count),
            f.int(b.inbound),
            f.int(b.brand),
            f.int(b.brand_replies),
            f.int(b.negative),
            f.int(b.reach),
        ]);
    }
    Ok(Some(chart_view(
        f,
        "volume",
        f.fill("report.chart.volume.title", &[("per", &per)]),
        alt,
        svg,
        table,
    )))
}

fn replies_chart(case: &CaseStudy, f: &Fmt) -> Result<Option<ChartView>, ReportError> {
    let tl = &case.metrics.timeline;
    if tl.buckets.is_empty() || case.metrics.response.brand_posts == 0 {
        return Ok(None);
    }
    let per = f.per_bucket(tl.bucket_seconds);
    let inbound: Vec<f64> = tl.buckets.iter().map(|b| b.inbound as f64).collect();
    let replies: Vec<f64> = tl.buckets.iter().map(|b| b.brand_replies as f64).collect();
    let chart = TimeChart {
        name: "replies",
        width: TIME_WIDTHS.0,
        height: 440,
        starts: tl.buckets.iter().map(|b| b.start).collect(),
        bucket_seconds: tl.bucket_seconds,
        x_label: time_axis_label(f, case),
        bands: bands(case, f),
        markers: Vec::new(),
        panels: vec![
            Panel {
                y_label: f.t("report.chart.replies.inbound_y"),
                series: vec![Series {
                    label: f.t("report.chart.replies.inbound"),
                    kind: SeriesKind::Area,
                    color: palette::BLUE,
                    values: inbound,
                }],
                stack: None,
                reference: None,
                y_max: None,
                format_y: fmt_count,
                weight: 1.3,
            },
            Panel {
                y_label: f.t("report.chart.replies.replies_y"),
                series: vec![Series {
                    label: f.t("report.chart.replies.replies"),
                    kind: SeriesKind::Bars,
                    color: palette::ORANGE,
                    values: replies.clone(),
                }],
                stack: None,
                reference: None,
                y_max: None,
                format_y: fmt_count,
                weight: 1.0,
            },
        ],
    };
    let svg = draw(f, TIME_WIDTHS, PHONE_TIME_WIDTH, |width| {
        let mut chart = chart.clone();
        chart.width = width;
        charts::time_chart(&chart, f.cat, &f.tz)
    })?;
    let busiest = tl
        .buckets
        .iter()
        .max_by_key(|b| (b.brand_replies, std::cmp::Reverse(b.start)));
    let inbound_peak = tl
        .buckets
        .iter()
        .max_by_key(|b| (b.inbound, std::cmp::Reverse(b.start)));
    let alt = match (busiest, inbound_peak) {
        (Some(b), Some(i)) if b.brand_replies > 0 => f.fill(
            "report.chart.replies.alt",
            &[
                ("replies", &f.int(case.metrics.response.brand_replies)),
                ("max_replies", &f.int(b.brand_replies)),
                ("per", &per),
                ("max_at", &f.at(b.start)),
                ("peak_inbound", &f.int(i.inbound)),
                ("peak_at", &f.at(i.start)),
            ],
        ),
        _ => f.t("report.chart.replies.alt_none"),
    };
    let mut table = Table::new(&[
        (f.t("report.table.time"), false),
        (f.t("report.table.inbound"), true),
        (f.t("report.table.brand_replies"), true),
    ]);
    for b in &tl.buckets {
        table.rows.push(vec![
            f.short(b.start),
            f.int(b.inbound),
            f.int(b.brand_replies),
        ]);
    }
    Ok(Some(chart_view(
        f,
        "replies",
        f.fill("report.chart.replies.title", &[("per", &per)]),
        alt,
        svg,
        table,
    )))
}

/// Intervals with fewer rated mentions than this are left blank in the sentiment chart.
const SENTIMENT_MIN_RATED: u64 = 5;

fn sentiment_chart(case: &CaseStudy, f: &Fmt) -> Result<Option<ChartView>, ReportError> {
    let tl = &case.metrics.timeline;
    let rated: u64 = tl
        .buckets
        .iter()
        .map(|b| b.negative + b.neutral + b.positive)
        .sum();
    if tl.buckets.is_empty() || rated == 0 {
        return Ok(None);
    }
    let per = f.per_bucket(tl.bucket_seconds);
    let layer = |s: Sentiment, color, pick: fn(&Bucket) -> u64| Series {
        label: f.sentiment(s),
        kind: SeriesKind::Bars,
        color,
        values: tl.buckets.iter().map(|b| pick(b) as f64).collect(),
    };
    let chart = TimeChart {
        name: "sentiment",
        width: TIME_WIDTHS.0,
        height: 340,
        starts: tl.buckets.iter().map(|b| b.start).collect(),
        bucket_seconds: tl.bucket_seconds,
        x_label: time_axis_label(f, case),
        bands: Vec::new(),
        markers: Vec::new(),
        panels: vec![Panel {
            y_label: f.t("report.chart.sentiment.y"),
            series: Vec::new(),
            stack: Some(Stack {
                layers: vec![
                    layer(Sentiment::Negative, palette::VERMILLION, |b| b.negative),
                    layer(Sentiment::Neutral, palette::LIGHT_GREY, |b| b.neutral),
                    layer(Sentiment::Positive, palette::BLUE, |b| b.positive),
                ],
                min_total: SENTIMENT_MIN_RATED as f64,
            }),
            reference: None,
            y_max: Some(1.0),
            format_y: fmt_share,
            weight: 1.0,
        }],
    };
    let svg = draw(f, TIME_WIDTHS, PHONE_TIME_WIDTH, |width| {
        let mut chart = chart.clone();
        chart.width = width;
        charts::time_chart(&chart, f.cat, &f.tz)
    })?;
    let s = &case.metrics.sentiment;
    let alt = match (s.negative_share_baseline, s.negative_share_peak) {
        (Some(base), Some(peak)) => {
            let recovery = match s.recovery_seconds {
                Some(r) => f.fill(
                    "report.chart.sentiment.recovered",
                    &[("duration", &f.dur_i(Some(r)))],
                ),
                None => f.t("report.chart.sentiment.not_recovered"),
            };
            f.fill(
                "report.chart.sentiment.alt",
                &[
                    ("baseline", &f.pct(Some(base))),
                    ("peak", &f.pct(Some(peak))),
                    ("recovery", &recovery),
                ],
            )
        }
        _ => f.fill(
            "report.chart.sentiment.alt_overall",
            &[("share", &f.pct(s.negative_share))],
        ),
    };
    let sparse = f.fill(
        "report.chart.sentiment.sparse",
        &[("n", &f.int(SENTIMENT_MIN_RATED))],
    );
    let alt = format!("{alt} {sparse}");
    let mut table = Table::new(&[
        (f.t("report.table.time"), false),
        (f.sentiment(Sentiment::Negative), true),
        (f.sentiment(Sentiment::Neutral), true),
        (f.sentiment(Sentiment::Positive), true),
        (f.t("report.sentiment.unrated"), true),
        (f.t("report.table.negative_share"), true),
    ]);
    for b in &tl.buckets {
        let rated = b.negative + b.neutral + b.positive;
        table.rows.push(vec![
            f.short(b.start),
            f.int(b.negative),
            f.int(b.neutral),
            f.int(b.positive),
            f.int(b.unrated),
            f.pct((rated > 0).then(|| b.negative as f64 / rated as f64)),
        ]);
    }
    Ok(Some(chart_view(
        f,
        "sentiment",
        f.fill("report.chart.sentiment.title", &[("per", &per)]),
        alt,
        svg,
        table,
    )))
}

fn reach_chart(case: &CaseStudy, f: &Fmt) -> Result<Option<ChartView>, ReportError> {
    let tl = &case.metrics.timeline;
    let total: u64 = tl.buckets.iter().map(|b| b.reach).sum();
    if tl.buckets.is_empty() || total == 0 {
        return Ok(None);
    }
    let mut running = 0u64;
    let cumulative: Vec<u64> = tl
        .buckets
        .iter()
        .map(|b| {
            running += b.reach;
            running
        })
        .collect();
    let chart = TimeChart {
        name: "reach",
        width: TIME_WIDTHS.0,
        height: 340,
        starts: tl.buckets.iter().map(|b| b.start).collect(),
        bucket_seconds: tl.bucket_seconds,
        x_label: time_axis_label(f, case),
        bands: bands(case, f),
        markers: Vec::new(),
        panels: vec![Panel {
            y_label: f.t("report.chart.reach.y"),
            series: vec![Series {
                label: f.t("report.chart.reach.series"),
                kind: SeriesKind::Area,
                color: palette::GREEN,
                values: cumulative.iter().map(|v| *v as f64).collect(),
            }],
            stack: None,
            reference: None,
            y_max: None,
            format_y: fmt_count,
            weight: 1.0,
        }],
    };
    let svg = draw(f, TIME_WIDTHS, PHONE_TIME_WIDTH, |width| {
        let mut chart = chart.clone();
        chart.width = width;
        charts::time_chart(&chart, f.cat, &f.tz)
    })?;
    let half_at = tl
        .buckets
        .iter()
        .zip(&cumulative)
        .find(|(_, c)| **c * 2 >= total)
        .map(|(b, _)| b.start);
    let last = tl.buckets.last().map(|b| b.start);
    let alt = f.fill(
        "report.chart.reach.alt",
        &[
            ("total", &f.cat.compact(total)),
            ("last", &last.map_or_else(|| DASH.into(), |t| f.at(t))),
            ("half", &f.cat.compact(total / 2)),
            ("half_at", &half_at.map_or_else(|| DASH.into(), |t| f.at(t))),
        ],
    );
    let mut table = Table::new(&[
        (f.t("report.table.time"), false),
        (f.t("report.table.reach"), true),
        (f.t("report.table.cumulative_reach"), true),
    ]);
    for (b, c) in tl.buckets.iter().zip(&cumulative) {
        table
            .rows
            .push(vec![f.short(b.start), f.int(b.reach), f.int(*c)]);
    }
    Ok(Some(chart_view(
        f,
        "reach",
        f.t("report.chart.reach.title"),
        alt,
        svg,
        table,
    )))
}

fn bin_label(f: &Fmt, bin: &HistogramBin) -> String {
    match bin.to_seconds {
        Some(to) if bin.from_seconds == 0 => format!("< {}", f.round_duration(to)),
        Some(to) => format!(
            "{}–{}",
            f.round_duration(bin.from_seconds),
            f.round_duration(to)
        ),
        None => format!("≥ {}", f.round_duration(bin.from_seconds)),
    }
}

/// Where `sla` falls among histogram bins, as a fractional bin index (2.5 = halfway through
/// the third bin); at the start of the open last bin when it is beyond every closed bin.
fn sla_position(bins: &[HistogramBin], sla: i64) -> Option<f64> {
    bins.iter()
        .enumerate()
        .find_map(|(i, bin)| match bin.to_seconds {
            Some(to) if sla >= bin.from_seconds && sla < to => Some(
                i as f64 + (sla - bin.from_seconds) as f64 / (to - bin.from_seconds).max(1) as f64,
            ),
            None if sla >= bin.from_seconds => Some(i as f64),
            _ => None,
        })
}

fn response_times_chart(case: &CaseStudy, f: &Fmt) -> Result<Option<ChartView>, ReportError> {
    let r = &case.metrics.response;
    let bins = &r.distribution;
    if bins.is_empty() || bins.iter().all(|b| b.count == 0) {
        return Ok(None);
    }
    let sla = r.sla_seconds;
    let bars: Vec<Bar> = bins
        .iter()
        .map(|bin| Bar {
            label: bin_label(f, bin),
            value: bin.count as f64,
            value_label: f.int(bin.count),
            color: if bin.to_seconds.is_some_and(|to| to <= sla) {
                palette::BLUE
            } else {
                palette::ORANGE
            },
        })
        .collect();
    let position = sla_position(bins, sla);
    let sla_label = f.fill(
        "report.chart.response_times.sla",
        &[("sla", &f.round_duration(sla))],
    );
    let histogram = Histogram {
        name: "response-times",
        width: TIME_WIDTHS.0,
        height: 340,
        bins: bars,
        marker: position.map(|p| (p, sla_label)),
        x_label: f.t("report.chart.response_times.x"),
        y_label: f.t("report.chart.response_times.y"),
        format_y: fmt_count,
    };
    let svg = draw(f, TIME_WIDTHS, PHONE_TIME_WIDTH, |width| {
        let mut histogram = histogram.clone();
        histogram.width = width;
        charts::histogram(&histogram, f.cat)
    })?;
    let alt = f.fill(
        "report.chart.response_times.alt",
        &[
            ("answered", &f.int(r.answered)),
            ("within", &f.pct(r.within_sla_share)),
            ("sla", &f.round_duration(sla)),
            ("median", &f.dur(r.median_seconds)),
            ("p90", &f.dur(r.p90_seconds)),
            ("max", &f.dur(r.max_seconds)),
        ],
    );
    let mut table = Table::new(&[
        (f.t("report.table.response_time"), false),
        (f.t("report.table.answered"), true),
    ]);
    for bin in bins {
        table.rows.push(vec![bin_label(f, bin), f.int(bin.count)]);
    }
    Ok(Some(chart_view(
        f,
        "response-times",
        f.t("report.chart.response_times.title"),
        alt,
        svg,
        table,
    )))
}

const TOP_BARS: usize = 10;

fn hashtags_chart(case: &CaseStudy, f: &Fmt) -> Result<Option<ChartView>, ReportError> {
    let tags = &case.metrics.topics.hashtags;
    if tags.is_empty() {
        return Ok(None);
    }
    let bars: Vec<Bar> = tags
        .iter()
        .take(TOP_BARS)
        .map(|t| Bar {
            label: format!("#{}", t.tag),
            value: t.count as f64,
            value_label: f.int(t.count),
            color: palette::BLUE,
        })
        .collect();
    let svg = draw(f, BAR_WIDTHS, PHONE_BAR_WIDTH, |width| {
        charts::bar_chart("hashtags", width, &bars)
    })?;
    let named: Vec<String> = tags
        .iter()
        .take(3)
        .map(|t| format!("#{} ({})", t.tag, f.int(t.count)))
        .collect();
    let alt = f.fill("report.chart.hashtags.alt", &[("list", &f.list(&named))]);
    let mut table = Table::new(&[
        (f.t("report.table.hashtag"), false),
        (f.t("report.table.mentions"), true),
    ]);
    for t in tags.iter().take(TOP_BARS) {
        table.rows.push(vec![format!("#{}", t.tag), f.int(t.count)]);
    }
    Ok(Some(chart_view(
        f,
        "hashtags",
        f.t("report.chart.hashtags.title"),
        alt,
        svg,
        table,
    )))
}

fn platforms_chart(case: &CaseStudy, f: &Fmt) -> Result<Option<ChartView>, ReportError> {
    let platforms = &case.metrics.reach.by_platform;
    if platforms.is_empty() {
        return Ok(None);
    }
    let colors = [
        palette::BLUE,
        palette::ORANGE,
        palette::GREEN,
        palette::PURPLE,
        palette::SKY,
        palette::VERMILLION,
        palette::YELLOW,
    ];
    let bars: Vec<Bar> = platforms
        .iter()
        .take(TOP_BARS)
        .enumerate()
        .map(|(i, p)| Bar {
            label: f.platform(&p.key),
            value: p.mentions as f64,
            value_label: format!("{} · {}", f.int(p.mentions), f.pct(Some(p.share))),
            color: colors[i % colors.len()],
        })
        .collect();
    let svg = draw(f, BAR_WIDTHS, PHONE_BAR_WIDTH, |width| {
        charts::bar_chart("platforms", width, &bars)
    })?;
    let rest: Vec<String> = platforms
        .iter()
        .skip(1)
        .take(3)
        .map(|p| format!("{} ({})", f.platform(&p.key), f.pct(Some(p.share))))
        .collect();
    let alt = match platforms.first() {
        Some(first) if rest.is_empty() => f.fill(
            "report.chart.platforms.alt_single",
            &[
                ("first", &f.platform(&first.key)),
                ("share", &f.pct(Some(first.share))),
            ],
        ),
        Some(first) => f.fill(
            "report.chart.platforms.alt",
            &[
                ("first", &f.platform(&first.key)),
                ("share", &f.pct(Some(first.share))),
                ("rest", &f.list(&rest)),
            ],
        ),
        None => f.t("report.chart.no_data"),
    };
    let table = breakdown_table(f, platforms, "report.table.platform", |f, k| f.platform(k));
    Ok(Some(chart_view(
        f,
        "platforms",
        f.t("report.chart.platforms.title"),
        alt,
        svg,
        table,
    )))
}

// ---------------------------------------------------------------- sections

fn timeline_view(case: &CaseStudy, f: &Fmt) -> Result<TimelineView, ReportError> {
    let tl = &case.metrics.timeline;
    let moments = marked_moments(case)
        .into_iter()
        .enumerate()
        .map(|(i, group)| {
            let texts: Vec<String> = group
                .iter()
                .map(|m| moment_text(f, m.kind, &m.label))
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
    let mut previous: Option<Timestamp> = None;
    for ms in &tl.milestones {
        let key = match ms.kind {
            MilestoneKind::ImpactStart => "report.milestone.impact_start",
            MilestoneKind::FirstResponse => "report.milestone.first_response",
            MilestoneKind::Peak => "report.milestone.peak",
            MilestoneKind::End => "report.milestone.end",
        };
        let since_previous = match (previous, ms.at) {
            (Some(p), Some(at)) => f.dur_i(Some(at.as_second() - p.as_second())),
            _ => DASH.to_string(),
        };
        milestones.rows.push(vec![
            f.t(key),
            ms.at.map_or_else(|| f.t("report.not_reached"), |t| f.at(t)),
            f.dur_i(ms.since_onset_seconds),
            since_previous,
        ]);
        if ms.at.is_some() {
            previous = ms.at;
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
    let method = f.t(&format!(
        "report.baseline_method.{}",
        tl.baseline.method.replace('-', "_")
    ));
    let mut stats = vec![
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
            format!("{} {per}", f.cat.decimal(tl.baseline.median, 1)),
            Some(f.fill(
                "report.stat.baseline_note",
                &[
                    ("method", &method),
                    ("buckets", &f.int(tl.baseline.buckets as u64)),
                    ("mad", &f.cat.decimal(tl.baseline.mad, 1)),
                ],
            )),
        ),
        stat(
            f.t("report.stat.threshold"),
            format!("{} {per}", f.cat.decimal(tl.baseline.threshold, 1)),
        ),
        stat(
            f.t("report.stat.time_to_peak"),
            f.dur_i(tl.time_to_peak_seconds),
        ),
        stat(
            f.t("report.stat.half_life"),
            f.dur_i(tl.decay_half_life_seconds),
        ),
    ];
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
        warnings: tl.warnings.clone(),
    })
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
        stat(f.t("report.stat.authors"), f.int(r.authors)),
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
            .map(|(k, n)| format!("{} {}", kind_label(f, *k), f.int(*n)))
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
        top_by_reach: author_table(f, &r.top_authors_by_reach),
        top_by_volume: author_table(f, &r.top_authors_by_volume),
    })
}

fn group_table(f: &Fmt, first: &str, groups: &[(String, &ResponseGroup)]) -> Table {
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
            f.int(g.answered),
            f.pct(g.rate),
            f.dur(g.median_seconds),
            f.dur(g.p90_seconds),
            f.pct(g.within_sla_share),
        ]);
    }
    table
}

fn response_view(case: &CaseStudy, f: &Fmt) -> Result<ResponseView, ReportError> {
    let r = &case.metrics.response;
    let mut stats = vec![
        stat(f.t("report.stat.brand_posts"), f.int(r.brand_posts)),
        stat(f.t("report.stat.brand_replies"), f.int(r.brand_replies)),
        stat(f.t("report.stat.actionable"), f.int(r.actionable)),
        stat(f.t("report.stat.answered"), f.int(r.answered)),
        stat(f.t("report.kpi.response_rate"), f.pct(r.rate)),
        stat_note(
            f.t("report.stat.first_response_at"),
            r.first_response_at.map_or_else(|| DASH.into(), |t| f.at(t)),
            r.first_response_after_onset_seconds.map(|s| {
                f.fill(
                    "report.stat.after_onset",
                    &[("duration", &f.dur_i(Some(s)))],
                )
            }),
        ),
        stat(f.t("report.stat.median_response"), f.dur(r.median_seconds)),
        stat(f.t("report.stat.mean_response"), f.dur(r.mean_seconds)),
        stat(f.t("report.stat.p90_response"), f.dur(r.p90_seconds)),
        stat(
            f.t("report.stat.range_response"),
            format!("{} – {}", f.dur(r.min_seconds), f.dur(r.max_seconds)),
        ),
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
        by_phase: group_table(f, "report.table.phase", &by_phase),
        by_account: group_table(f, "report.table.account", &by_account),
        unanswered: r
            .unanswered_top_reach
            .iter()
            .map(|m| mention(case, f, m))
            .collect(),
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
    let note = Some(f.t(&format!("report.sentiment_source.{}", s.source)));
    let stats = vec![
        stat(f.sentiment(Sentiment::Negative), f.int(s.negative)),
        stat(f.sentiment(Sentiment::Neutral), f.int(s.neutral)),
        stat(f.sentiment(Sentiment::Positive), f.int(s.positive)),
        stat(f.t("report.sentiment.unrated"), f.int(s.unrated)),
        stat(f.t("report.kpi.negative_share"), f.pct(s.negative_share)),
        stat(
            f.t("report.stat.net_sentiment"),
            s.net
                .map_or_else(|| DASH.into(), |n| f.cat.decimal(n * 100.0, 0)),
        ),
        stat(
            f.t("report.stat.negative_baseline"),
            f.pct(s.negative_share_baseline),
        ),
        stat(
            f.t("report.stat.negative_peak"),
            f.pct(s.negative_share_peak),
        ),
        stat(f.t("report.stat.recovery"), f.dur_i(s.recovery_seconds)),
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
        domains: counts("report.table.domain", &t.domains),
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

fn finding_view(case: &CaseStudy, f: &Fmt, finding: &Finding) -> FindingView {
    FindingView {
        id: finding.id.clone(),
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
        principle: finding.principle.clone(),
        recommendation: finding.recommendation.clone(),
        comment: finding.comment.clone(),
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
        stat(
            f.t(&format!("report.severity.{}", s.as_str())),
            f.int(case.findings.iter().filter(|x| x.severity == *s).count() as u64),
        )
    })
    .collect();
    FindingsView {
        checked: !case.rules.is_empty() || !case.findings.is_empty(),
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
    LessonsView {
        document: (!sections.is_empty()).then(|| markdown::render(&sections.join("\n"), 2)),
        action_items,
    }
}

fn appendix_view(case: &CaseStudy, f: &Fmt) -> AppendixView {
    let mut files_table = Table::new(&[
        (f.t("report.table.file"), false),
        (f.t("report.table.format"), false),
        (f.t("report.table.rows_read"), true),
        (f.t("report.table.used"), true),
        (f.t("report.table.duplicate"), true),
        (f.t("report.table.out_of_window"), true),
        (f.t("report.table.rejected"), true),
    ]);
    let mut files = Vec::new();
    for file in &case.files {
        files_table.rows.push(vec![
            file.path.clone(),
            file.format.clone(),
            f.int(file.rows.read),
            f.int(file.rows.used),
            f.int(file.rows.duplicate),
            f.int(file.rows.out_of_window),
            f.int(file.rows.rejected),
        ]);
        let mut columns = Table::new(&[
            (f.t("report.table.field"), false),
            (f.t("report.table.column"), false),
        ]);
        for (field, column) in &file.columns {
            columns.rows.push(vec![field.clone(), column.clone()]);
        }
        let mut reasons = Table::new(&[
            (f.t("report.table.reason"), false),
            (f.t("report.table.rows"), true),
        ]);
        for r in &file.rejection_reasons {
            reasons.rows.push(vec![r.reason.clone(), f.int(r.count)]);
        }
        let mut examples = Table::new(&[
            (f.t("report.table.line"), true),
            (f.t("report.table.reason"), false),
        ]);
        for r in &file.rejected_examples {
            examples
                .rows
                .push(vec![r.line.to_string(), r.reason.clone()]);
        }
        let delimiter = match file.delimiter.as_str() {
            "\t" => f.t("report.appendix.tab"),
            d => format!("“{d}”"),
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
                    format!("{} – {}", f.opt_short(file.first), f.opt_short(file.last)),
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
            warnings: file.warnings.clone(),
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
            rule.id.clone(),
            f.t(&format!("report.rule_status.{}", rule.status)),
            rule.reason.clone().unwrap_or_else(|| DASH.into()),
        ]);
    }
    let mut config = Table::new(&[
        (f.t("report.table.setting"), false),
        (f.t("report.table.value"), false),
    ]);
    if let Ok(value) = serde_json::to_value(&case.config) {
        flatten_config("", &value, &mut config.rows);
    }
    AppendixView {
        files_table,
        files,
        rows: vec![
            stat(f.t("report.table.rows_read"), f.int(rows.read)),
            stat(f.t("report.table.used"), f.int(rows.used)),
            stat(f.t("report.table.duplicate"), f.int(rows.duplicate)),
            stat(f.t("report.table.out_of_window"), f.int(rows.out_of_window)),
            stat(f.t("report.table.rejected"), f.int(rows.rejected)),
        ],
        rows_balanced: rows.is_balanced(),
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

/// The configuration as `key = value` rows: nested tables become dotted keys, lists are
/// joined, unset values show a dash.
fn flatten_config(prefix: &str, value: &serde_json::Value, rows: &mut Vec<Vec<String>>) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten_config(&key, v, rows);
            }
        }
        Value::Array(items) if items.iter().all(|i| !i.is_object()) => {
            let text: Vec<String> = items.iter().map(scalar).collect();
            rows.push(vec![
                prefix.to_string(),
                if text.is_empty() {
                    DASH.to_string()
                } else {
                    text.join(", ")
                },
            ]);
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                flatten_config(&format!("{prefix}[{i}]"), item, rows);
            }
        }
        other => rows.push(vec![prefix.to_string(), scalar(other)]),
    }
}

fn scalar(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => DASH.to_string(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `Critical 2 · Warning 3`, for the library page.
pub fn findings_count(case: &CaseStudy, f: &Fmt) -> String {
    if case.rules.is_empty() && case.findings.is_empty() {
        return DASH.to_string();
    }
    [Severity::Critical, Severity::Warning]
        .iter()
        .map(|s| {
            format!(
                "{} {}",
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
    use crate::config::ReportLanguage;
    use crate::report::fixture;

    fn fmt(lang: ReportLanguage) -> Fmt {
        Fmt {
            cat: Catalog::get(lang),
            tz: TimeZone::get("Europe/Rome").unwrap(),
            medium: Medium::Screen,
        }
    }

    #[test]
    fn intervals_and_durations_read_naturally() {
        let en = fmt(ReportLanguage::En);
        assert_eq!(en.per_bucket(3600), "per hour");
        assert_eq!(en.per_bucket(86_400), "per day");
        assert_eq!(en.per_bucket(900), "per 15\u{a0}min");
        assert_eq!(en.round_duration(7200), "2\u{a0}h");
        assert_eq!(en.round_duration(86_400), "1\u{a0}d");
        assert_eq!(en.round_duration(5400), "90\u{a0}min");
        assert_eq!(en.round_duration(45), "45\u{a0}s");
        assert_eq!(fmt(ReportLanguage::It).per_bucket(3600), "all’ora");
    }

    #[test]
    fn shares_under_ten_percent_keep_a_decimal() {
        let en = fmt(ReportLanguage::En);
        assert_eq!(en.pct(Some(0.054)), "5.4%");
        assert_eq!(en.pct(Some(0.213)), "21%");
        assert_eq!(en.pct(Some(0.0)), "0%");
        assert_eq!(en.pct(Some(1.0)), "100%");
        assert_eq!(en.pct(None), DASH);
        assert_eq!(en.pct(Some(f64::NAN)), DASH);
        assert_eq!(fmt(ReportLanguage::Es).pct(Some(0.054)), "5,4\u{a0}%");
    }

    #[test]
    fn lists_use_the_language_conjunction() {
        let items = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            fmt(ReportLanguage::En).list(&items(&["a", "b", "c"])),
            "a, b and c"
        );
        assert_eq!(fmt(ReportLanguage::It).list(&items(&["a", "b"])), "a e b");
        assert_eq!(fmt(ReportLanguage::Pl).list(&items(&["a"])), "a");
        assert_eq!(fmt(ReportLanguage::Es).list(&[]), "");
    }

    #[test]
    fn platforms_and_languages_get_their_names() {
        let en = fmt(ReportLanguage::En);
        assert_eq!(en.platform("youtube"), "YouTube");
        assert_eq!(en.platform("unknown"), "Unknown");
        assert_eq!(en.platform("vk"), "vk");
        assert_eq!(en.language("pl"), "Polish (pl)");
        assert_eq!(en.language("xx"), "xx");
        assert_eq!(fmt(ReportLanguage::Es).language("en"), "inglés (en)");
    }

    #[test]
    fn response_time_bins_are_labelled_as_ranges_and_the_sla_placed_between_them() {
        let en = fmt(ReportLanguage::En);
        let bins: Vec<HistogramBin> = [
            (0, Some(900)),
            (900, Some(1800)),
            (1800, Some(3600)),
            (3600, None),
        ]
        .iter()
        .map(|(from, to)| HistogramBin {
            from_seconds: *from,
            to_seconds: *to,
            count: 1,
        })
        .collect();
        let labels: Vec<String> = bins.iter().map(|b| bin_label(&en, b)).collect();
        assert_eq!(
            labels,
            [
                "< 15\u{a0}min",
                "15\u{a0}min–30\u{a0}min",
                "30\u{a0}min–1\u{a0}h",
                "≥ 1\u{a0}h"
            ]
        );
        assert_eq!(sla_position(&bins, 2700), Some(2.5));
        assert_eq!(sla_position(&bins, 900), Some(1.0));
        assert_eq!(
            sla_position(&bins, 7200),
            Some(3.0),
            "beyond every closed bin: the open one"
        );
        assert_eq!(
            sla_position(&bins[..3], 7200),
            None,
            "no bin holds it: no marker"
        );
    }

    #[test]
    fn the_fixture_summary_reads_as_hand_computed() {
        let view = build(&fixture::skyways(), Medium::Screen).unwrap();
        assert_eq!(
            view.summary,
            [
                "Mentions rose above the usual level (5.0 per hour) on 11 March 2026, 10:00 CET and peaked at 1,240 per hour on 11 March 2026, 17:00 CET, 7\u{a0}h 00\u{a0}min after the rise began.",
                "Volume was back to the usual level on 12 March 2026, 15:00 CET, 1\u{a0}d 5\u{a0}h after the rise began.",
                "The brand’s first public response came 5\u{a0}h 10\u{a0}min after the rise began. It answered 5.4% of 6,278 mentions that called for an answer, with a median response time of 2\u{a0}h 35\u{a0}min against a target of 1\u{a0}h.",
                "The share of negative mentions went from 16% before the incident to 75% at the peak.",
                "Potential reach: 44M (11M unique), over 11,645 mentions by 7,220 authors.",
                "Playbook check — critical: 2, warnings: 2, notes: 1, good practice: 1.",
            ]
        );
        assert!(view
            .team_summary
            .unwrap()
            .html
            .contains("<strong>five hours</strong>"));
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
            "Most shared post; Hashtag #skywaysbreaksguitars first seen"
        );
        assert_eq!(moments[1].mentions.len(), 1);
        assert_eq!(moments[5].text, "Press statement published");
        assert!(moments[5].mentions.is_empty());
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
    }

    #[test]
    fn the_configuration_is_listed_as_dotted_keys() {
        let view = build(&fixture::skyways(), Medium::Screen).unwrap();
        let rows = &view.appendix.config.rows;
        for expected in [["timezone", "Europe/Rome"], ["sla_seconds", "3600"]] {
            assert!(
                rows.iter().any(|r| r == &expected),
                "{expected:?} not in {rows:?}"
            );
        }
        assert!(rows
            .iter()
            .any(|r| r[0] == "rules.hashtag-hijack.enabled" && r[1] == "false"));
        assert!(rows
            .iter()
            .any(|r| r[0] == "events[0].label" && r[1] == "Press statement published"));
        assert!(rows
            .iter()
            .any(|r| r[0] == "anonymize_allowlist" && r[1] == "airnewsdaily, skywayshelp_"));
        assert!(rows.iter().any(|r| r[0] == "window.start" && r[1] == DASH));
    }

    #[test]
    fn no_chart_label_overlaps_another_or_leaves_the_drawing() {
        for lang in ReportLanguage::ALL {
            for medium in [Medium::Screen, Medium::Print] {
                let mut view = build(&fixture::skyways_in(lang), medium).unwrap();
                let charts = view.charts_mut();
                assert_eq!(charts.len(), 7);
                for chart in charts {
                    let name = format!("{lang} {medium:?} {}", chart.id);
                    charts::assert_labels_apart(&name, &chart.svg);
                    if let Some(phone) = &chart.svg_phone {
                        charts::assert_labels_apart(&format!("{name} phone"), phone);
                    }
                }
            }
        }
    }

    #[test]
    fn page_svg_follows_the_page_colours_and_names_itself() {
        let svg = format!(
            "<svg width=\"10\" height=\"10\" viewBox=\"0 0 10 10\" xmlns=\"http://www.w3.org/2000/svg\">\n<text fill=\"{}\" font-family=\"Noto Sans\">a</text></svg>",
            charts::INK_HEX
        );
        let page = html_svg(&svg, "chart-x");
        assert!(!page.contains("http://"), "{page}");
        assert!(
            page.contains(r#"role="img" aria-labelledby="chart-x-title chart-x-alt""#),
            "{page}"
        );
        assert!(page.contains(r#"fill="currentColor""#), "{page}");
        assert!(
            page.contains(r#"font-family="Noto Sans, sans-serif""#),
            "{page}"
        );
    }
}
