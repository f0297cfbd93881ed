//! The charts of the report, drawn from the case study: what each one shows, its text
//! alternative written from the data, and its data table.

use plotters::style::RGBColor;

use super::{breakdown_table, quiet_lead_in, ChartView, Fmt, Medium, Table, DASH};
use crate::case::CaseStudy;
use crate::error::ReportError;
use crate::i18n::Catalog;
use crate::metrics::{Bucket, HistogramBin, KeyMoment, MomentKind, Phase};
use crate::model::Sentiment;
use crate::report::charts::{
    self, palette, Band, Bar, Histogram, Marker, Panel, Series, SeriesKind, Stack, TimeChart,
};

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

/// A time chart at the medium's widths (page and phone on screen, one width in print).
fn draw_time_chart(f: &Fmt, chart: &TimeChart) -> Result<Drawn, ReportError> {
    draw(f, TIME_WIDTHS, PHONE_TIME_WIDTH, |width| {
        let mut chart = chart.clone();
        chart.width = width;
        charts::time_chart(&chart, f.cat, &f.tz)
    })
}

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

/// The rows of a per-interval table: each interval's label and the interval whose figures the
/// row shows. A run of intervals without mentions, in one phase, is one row (`29 Aug 00:00 –
/// 19 Oct 00:00`, the starts of its first and last interval): every figure of such an interval
/// is zero (a cumulative one unchanged), and an export that spans years for a few old posts
/// would otherwise fill pages of the PDF with zeros. `timeline.csv` keeps every interval.
/// Times say their year when the data spans more than one ([`Fmt::short`]).
fn interval_rows(f: &Fmt, buckets: &[Bucket]) -> Vec<(String, usize)> {
    let mut rows = Vec::new();
    let mut i = 0;
    while i < buckets.len() {
        let quiet = |k: usize| buckets[k].count == 0 && buckets[k].phase == buckets[i].phase;
        let mut last = i;
        if buckets[i].count == 0 {
            while last + 1 < buckets.len() && quiet(last + 1) {
                last += 1;
            }
        }
        let label = if last > i {
            format!(
                "{} – {}",
                f.short(buckets[i].start),
                f.short(buckets[last].start)
            )
        } else {
            f.short(buckets[i].start)
        };
        rows.push((label, i));
        i = last + 1;
    }
    rows
}

/// More rows than a data table under a chart lists: a series of 1-minute intervals over weeks
/// (tens of thousands of rows) made a PDF of hundreds of pages, and gigabytes of memory to
/// typeset it. Such a table says where the figures are instead (`timeline.csv`).
const MAX_TABLE_ROWS: usize = 500;

fn chart_view(
    f: &Fmt,
    id: &'static str,
    title: String,
    alt: String,
    drawn: Drawn,
    mut table: Table,
) -> ChartView {
    if table.rows.len() > MAX_TABLE_ROWS {
        table.empty = Some(f.fill(
            "report.table.too_many_rows",
            &[("rows", &f.int(table.rows.len() as u64))],
        ));
        table.rows = Vec::new();
    }
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
pub(super) fn marked_moments(case: &CaseStudy) -> Vec<Vec<&KeyMoment>> {
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

/// The text of a key moment. `of_kind` is how many moments of that kind the incident has: the
/// most shared, most engaged and highest-reach posts come as the top few, so with more than
/// one each is said to be "among the N", with its figure, not "the most shared post".
pub(super) fn moment_text(f: &Fmt, kind: MomentKind, label: &str, of_kind: usize) -> String {
    let tag = if label.starts_with('#') {
        label.to_string()
    } else {
        format!("#{label}")
    };
    let ranked = |key: &str, figure: &dyn Fn(u64) -> String| {
        let title = if of_kind > 1 {
            f.fill(
                &format!("report.moment.{key}_among"),
                &[("top", &f.int(of_kind as u64))],
            )
        } else {
            f.t(&format!("report.moment.{key}"))
        };
        match label.parse::<u64>() {
            Ok(value) => format!("{title} ({})", figure(value)),
            Err(_) => title,
        }
    };
    match kind {
        MomentKind::HashtagFirstSeen => {
            f.fill("report.moment.hashtag_first_seen", &[("tag", &tag)])
        }
        MomentKind::ManualEvent => label.to_string(),
        MomentKind::MostShared => ranked("most_shared", &|v| f.count_noun(v, "share")),
        MomentKind::MostEngaged => ranked("most_engaged", &|v| f.count_noun(v, "interaction")),
        MomentKind::HighestReach => ranked("highest_reach", &|v| {
            f.fill("report.moment.reach", &[("value", &f.compact(Some(v)))])
        }),
        other => {
            let key = serde_json::to_value(other)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            f.t(&format!("report.moment.{key}"))
        }
    }
}

pub(super) fn volume_chart(case: &CaseStudy, f: &Fmt) -> Result<Option<ChartView>, ReportError> {
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
    // One decimal, as in the timeline's figures: the onset is a count *above* the threshold, and
    // 7.5 shown as "8" would put a count of 8 on the line instead of above it.
    let threshold = (tl.baseline.threshold > 0.0).then(|| {
        (
            tl.baseline.threshold,
            f.fill(
                "report.chart.volume.threshold",
                &[("value", &f.level(tl.baseline.threshold))],
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
    let svg = draw_time_chart(f, &chart)?;
    let alt = match (&tl.peak, tl.onset) {
        (Some(peak), Some(onset)) => f.fill(
            if quiet_lead_in(tl) {
                "report.chart.volume.alt_quiet"
            } else {
                "report.chart.volume.alt"
            },
            &[
                ("peak", &f.int(peak.count)),
                ("per", &per),
                ("peak_at", &f.at(peak.start)),
                (
                    "time_to_peak",
                    &f.between_buckets(tl.time_to_peak_seconds, tl.bucket_seconds),
                ),
                ("onset", &f.at(onset)),
                ("baseline", &f.level(tl.baseline.median)),
                ("when", &f.baseline_when(tl)),
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
    // No mention with a reach: the column is unknown, not 0, as the reach figures say.
    let reach_known = case.metrics.reach.mentions_with_reach > 0;
    for (time, i) in interval_rows(f, &tl.buckets) {
        let b = &tl.buckets[i];
        table.rows.push(vec![
            time,
            f.phase(b.phase),
            f.int(b.count),
            f.int(b.inbound),
            f.int(b.brand),
            f.int(b.brand_replies),
            f.int(b.negative),
            if reach_known {
                f.int(b.reach)
            } else {
                DASH.to_string()
            },
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

pub(super) fn replies_chart(case: &CaseStudy, f: &Fmt) -> Result<Option<ChartView>, ReportError> {
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
    let svg = draw_time_chart(f, &chart)?;
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
                (
                    "replies",
                    &f.count_noun(case.metrics.response.brand_replies, "reply"),
                ),
                ("count", &f.int(case.metrics.response.brand_replies)),
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
    for (time, i) in interval_rows(f, &tl.buckets) {
        let b = &tl.buckets[i];
        table
            .rows
            .push(vec![time, f.int(b.inbound), f.int(b.brand_replies)]);
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

pub(super) fn sentiment_chart(case: &CaseStudy, f: &Fmt) -> Result<Option<ChartView>, ReportError> {
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
    let svg = draw_time_chart(f, &chart)?;
    let s = &case.metrics.sentiment;
    let when = f.baseline_when(&case.metrics.timeline);
    // "Back to the usual level 0 s after the peak" would be true but absurd.
    let not_raised = f.negative_share_not_raised(&case.metrics);
    let alt = match (not_raised, s.negative_share_baseline, s.negative_share_peak) {
        (Some(not_raised), _, _) => not_raised,
        (None, Some(base), Some(peak)) => {
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
                    ("when", &when),
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
    for (time, i) in interval_rows(f, &tl.buckets) {
        let b = &tl.buckets[i];
        let rated = b.negative + b.neutral + b.positive;
        table.rows.push(vec![
            time,
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

pub(super) fn reach_chart(case: &CaseStudy, f: &Fmt) -> Result<Option<ChartView>, ReportError> {
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
    let svg = draw_time_chart(f, &chart)?;
    // Reach is known per bucket, so half of it was reached by the *end* of the bucket where the
    // running sum gets there: the next bucket's start, or the last mention when that comes
    // first. A bucket's start would claim the reach before its mentions were posted.
    let half_at = cumulative.iter().position(|c| c * 2 >= total).map(|i| {
        let end = tl.buckets.get(i + 1).map(|b| b.start);
        match (end, tl.last) {
            (Some(end), Some(last)) => end.min(last),
            (end, last) => end.or(last).unwrap_or(tl.buckets[i].start),
        }
    });
    let last = tl.last;
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
    for (time, i) in interval_rows(f, &tl.buckets) {
        let b = &tl.buckets[i];
        table
            .rows
            .push(vec![time, f.int(b.reach), f.int(cumulative[i])]);
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
        Some(to) if bin.from_seconds == 0 => format!("≤ {}", f.round_duration(to)),
        Some(to) => format!(
            "{}–{}",
            f.round_duration(bin.from_seconds),
            f.round_duration(to)
        ),
        None => format!("> {}", f.round_duration(bin.from_seconds)),
    }
}

/// Where `sla` falls among histogram bins, as a fractional bin index (2.5 = halfway through
/// the third bin; a target equal to a bin's upper edge is at its right side, 3.0 after the
/// third bin); at the start of the open last bin when it is beyond every closed bin.
fn sla_position(bins: &[HistogramBin], sla: i64) -> Option<f64> {
    bins.iter()
        .enumerate()
        .find_map(|(i, bin)| match bin.to_seconds {
            Some(to) if sla >= bin.from_seconds && sla <= to => Some(
                i as f64 + (sla - bin.from_seconds) as f64 / (to - bin.from_seconds).max(1) as f64,
            ),
            None if sla >= bin.from_seconds => Some(i as f64),
            _ => None,
        })
}

pub(super) fn response_times_chart(
    case: &CaseStudy,
    f: &Fmt,
) -> Result<Option<ChartView>, ReportError> {
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

pub(super) fn hashtags_chart(case: &CaseStudy, f: &Fmt) -> Result<Option<ChartView>, ReportError> {
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

pub(super) fn platforms_chart(case: &CaseStudy, f: &Fmt) -> Result<Option<ChartView>, ReportError> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Language;
    use crate::report::fixture;
    use crate::report::view::build;

    /// One reply is "1 reply" in every language, not "1 replies".
    #[test]
    fn a_single_brand_reply_is_counted_in_the_singular() {
        let expected = [
            (Language::En, "The brand posted 1 reply in all."),
            (Language::It, "Il brand ha pubblicato 1 risposta in tutto."),
            (Language::Es, "La marca publicó 1 respuesta en total."),
            (Language::Pl, "Łączna liczba odpowiedzi marki: 1."),
        ];
        for (language, start) in expected {
            let mut case = fixture::skyways_in(language);
            case.metrics.response.brand_replies = 1;
            for (i, b) in case.metrics.timeline.buckets.iter_mut().enumerate() {
                b.brand_replies = u64::from(i == 3);
            }
            let mut view = build(&case, Medium::Screen).unwrap();
            let charts = view.charts_mut();
            let replies = charts.iter().find(|c| c.id == "replies").unwrap();
            assert!(replies.alt.starts_with(start), "{}", replies.alt);
        }
    }

    #[test]
    fn a_run_of_intervals_without_mentions_is_one_row_within_a_phase() {
        let f = Fmt::for_tests(Language::En);
        let start: jiff::Timestamp = "2026-03-11T00:00:00Z".parse().unwrap();
        let bucket = |hour: i64, count: u64, phase: Phase| Bucket {
            start: start + jiff::SignedDuration::from_hours(hour),
            count,
            inbound: count,
            brand: 0,
            brand_replies: 0,
            negative: 0,
            neutral: 0,
            positive: 0,
            unrated: count,
            reach: 0,
            phase,
        };
        let buckets = [
            bucket(0, 3, Phase::Before),
            bucket(1, 0, Phase::Before),
            bucket(2, 0, Phase::Before),
            bucket(3, 0, Phase::Before),
            bucket(4, 5, Phase::Escalation),
            bucket(5, 0, Phase::Escalation),
            bucket(6, 0, Phase::Decay),
            bucket(7, 0, Phase::Decay),
            bucket(8, 2, Phase::Decay),
        ];
        let rows = interval_rows(&f, &buckets);
        // Times in Europe/Rome (UTC+1): a lone empty interval keeps its row; a run that
        // crosses into another phase is cut there.
        assert_eq!(
            rows,
            [
                ("11 Mar 01:00".to_string(), 0),
                ("11 Mar 02:00 – 11 Mar 04:00".to_string(), 1),
                ("11 Mar 05:00".to_string(), 4),
                ("11 Mar 06:00".to_string(), 5),
                ("11 Mar 07:00 – 11 Mar 08:00".to_string(), 6),
                ("11 Mar 09:00".to_string(), 8),
            ]
        );
        // Over years (old posts in an export): the times say their year.
        let f = Fmt {
            spans_years: true,
            ..f
        };
        let at = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
        let over_years = [
            Bucket {
                start: at("2011-08-29T00:00:00Z"),
                ..buckets[0].clone()
            },
            Bucket {
                start: at("2011-08-30T00:00:00Z"),
                ..buckets[1].clone()
            },
            Bucket {
                start: at("2026-03-10T00:00:00Z"),
                ..buckets[1].clone()
            },
            buckets[0].clone(),
        ];
        let labels: Vec<String> = interval_rows(&f, &over_years)
            .into_iter()
            .map(|(label, _)| label)
            .collect();
        assert_eq!(
            labels,
            [
                "29 Aug 2011 02:00",
                "30 Aug 2011 02:00 – 10 Mar 2026 01:00",
                "11 Mar 2026 01:00"
            ]
        );
    }

    #[test]
    fn response_time_bins_are_labelled_as_ranges_and_the_sla_placed_between_them() {
        let en = Fmt::for_tests(Language::En);
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
                "≤ 15\u{a0}min",
                "15\u{a0}min–30\u{a0}min",
                "30\u{a0}min–1\u{a0}h",
                "> 1\u{a0}h"
            ]
        );
        assert_eq!(sla_position(&bins, 2700), Some(2.5));
        assert_eq!(sla_position(&bins, 900), Some(1.0));
        assert_eq!(
            sla_position(&bins, 3600),
            Some(3.0),
            "a target on an edge is after the bin it closes"
        );
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
    fn no_chart_label_overlaps_another_or_leaves_the_drawing() {
        for lang in Language::ALL {
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
