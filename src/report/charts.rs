//! Charts as SVG, drawn with plotters' primitives on its SVG backend.
//!
//! Axes, ticks and labels are laid out here rather than by plotters' mesh so that tick values
//! are round numbers, time ticks fall on local clock hours or midnights of the incident's time
//! zone, and no two labels overlap: every label is measured with the vendored Noto Sans before
//! it is placed, and dropped or thinned when it would collide.
//!
//! The SVG is neutral: text and axes use [`INK`], which the HTML view swaps for
//! `currentColor` (dark mode) and the PDF keeps. Series use the Okabe–Ito palette, which stays
//! distinguishable with the common colour-vision deficiencies and in greyscale print.

use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::fonts;
use crate::error::ReportError;
use crate::i18n::Catalog;

/// Text and axis colour of the neutral SVG.
pub const INK: RGBColor = RGBColor(0x1F, 0x23, 0x28);
/// How [`INK`] is written in the SVG (plotters writes upper-case hex).
pub const INK_HEX: &str = "#1F2328";

/// Okabe & Ito (2008), "Color Universal Design".
pub mod palette {
    use plotters::style::RGBColor;
    pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
    pub const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
    pub const SKY: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
    pub const GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
    pub const YELLOW: RGBColor = RGBColor(0xF0, 0xE4, 0x42);
    pub const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
    pub const PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
    pub const LIGHT_GREY: RGBColor = RGBColor(0xCC, 0xCC, 0xCC);
}

const LABEL_PX: f64 = 13.0;
const SMALL_PX: f64 = 12.0;
const GRID_ALPHA: f64 = 0.14;

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// A drawing position in whole pixels.
fn pixel((x, y): (f64, f64)) -> (i32, i32) {
    (x.round() as i32, y.round() as i32)
}

fn chart_error(name: &str, e: impl std::fmt::Display) -> ReportError {
    ReportError::Chart {
        name: name.to_string(),
        message: e.to_string(),
    }
}

/// Plotters draws text at `size / 1.24` px and measures it with the font scaled so that
/// ascent − descent equals `size`; for Noto Sans (ascent 1.069 em, descent 0.293 em) that is
/// 1.362 em. These two factors turn a wanted pixel size into plotters' size and its
/// measurement into the width a browser or Typst will really draw.
const PLOTTERS_SIZE_FACTOR: f64 = 1.24;
const MEASURE_CORRECTION: f64 = 1.362 / 1.24;

fn font(px: f64, bold: bool) -> FontDesc<'static> {
    let style = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    FontDesc::new(
        FontFamily::Name(fonts::FAMILY),
        px * PLOTTERS_SIZE_FACTOR,
        style,
    )
}

/// The width in pixels `text` takes at `px`, as drawn.
pub fn text_width(text: &str, px: f64) -> f64 {
    fonts::register_with_plotters();
    match font(px, false).box_size(text) {
        Ok((w, _)) => w as f64 * MEASURE_CORRECTION,
        // Unmeasurable text is assumed wide so it is thinned out rather than overlapped.
        Err(_) => text.chars().count() as f64 * px,
    }
}

/// Cuts `text` with an ellipsis so it fits in `max_width` pixels at `px`.
pub fn fit_text(text: &str, px: f64, max_width: f64) -> String {
    if text_width(text, px) <= max_width {
        return text.to_string();
    }
    // Binary search on the number of characters kept; a label never needs more than the
    // first few hundred, however long the input.
    let chars: Vec<char> = text.chars().take(300).collect();
    let with_ellipsis = |keep: usize| chars[..keep].iter().collect::<String>() + "…";
    let (mut fits, mut too_long) = (0, chars.len());
    while too_long - fits > 1 {
        let mid = (fits + too_long) / 2;
        if text_width(&with_ellipsis(mid), px) <= max_width {
            fits = mid;
        } else {
            too_long = mid;
        }
    }
    with_ellipsis(fits)
}

struct Canvas<'a, 'b> {
    area: &'b Area<'a>,
    name: &'static str,
}

impl Canvas<'_, '_> {
    fn text(
        &self,
        text: &str,
        (x, y): (f64, f64),
        px: f64,
        anchor: (HPos, VPos),
        color: RGBColor,
        bold: bool,
    ) -> Result<(), ReportError> {
        let style = TextStyle::from(font(px, bold))
            .color(&color)
            .pos(Pos::new(anchor.0, anchor.1));
        self.area
            .draw(&Text::new(text.to_string(), pixel((x, y)), style))
            .map_err(|e| chart_error(self.name, e))
    }

    fn rect(
        &self,
        (x0, y0): (f64, f64),
        (x1, y1): (f64, f64),
        color: RGBColor,
        alpha: f64,
    ) -> Result<(), ReportError> {
        let style = color.mix(alpha).filled();
        self.area
            .draw(&Rectangle::new([pixel((x0, y0)), pixel((x1, y1))], style))
            .map_err(|e| chart_error(self.name, e))
    }

    fn line(
        &self,
        points: &[(f64, f64)],
        color: RGBColor,
        alpha: f64,
        width: u32,
    ) -> Result<(), ReportError> {
        let pts: Vec<(i32, i32)> = points.iter().copied().map(pixel).collect();
        self.area
            .draw(&PathElement::new(pts, color.mix(alpha).stroke_width(width)))
            .map_err(|e| chart_error(self.name, e))
    }

    fn dashed(
        &self,
        from: (f64, f64),
        to: (f64, f64),
        color: RGBColor,
        width: u32,
    ) -> Result<(), ReportError> {
        let pts = vec![pixel(from), pixel(to)];
        self.area
            .draw(&DashedPathElement::new(
                pts,
                5,
                4,
                color.stroke_width(width),
            ))
            .map_err(|e| chart_error(self.name, e))
    }

    fn polygon(
        &self,
        points: &[(f64, f64)],
        color: RGBColor,
        alpha: f64,
    ) -> Result<(), ReportError> {
        let pts: Vec<(i32, i32)> = points.iter().copied().map(pixel).collect();
        self.area
            .draw(&Polygon::new(pts, color.mix(alpha).filled()))
            .map_err(|e| chart_error(self.name, e))
    }

    fn circle(&self, (x, y): (f64, f64), r: i32, color: RGBColor) -> Result<(), ReportError> {
        self.area
            .draw(&Circle::new(pixel((x, y)), r, color.filled()))
            .map_err(|e| chart_error(self.name, e))
    }
}

fn draw_svg(
    name: &'static str,
    size: (u32, u32),
    draw: impl FnOnce(&Canvas) -> Result<(), ReportError>,
) -> Result<String, ReportError> {
    fonts::register_with_plotters();
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        let canvas = Canvas { area: &area, name };
        draw(&canvas)?;
        area.present().map_err(|e| chart_error(name, e))?;
    }
    Ok(svg)
}

// ---------------------------------------------------------------- scales

/// A round upper bound and tick step for a value axis starting at zero: steps are 1, 2, 2.5 or
/// 5 times a power of ten, chosen so there are at most `max_ticks` steps. Counts never get a
/// fractional step.
pub fn nice_scale(max: f64, max_ticks: usize, integer: bool) -> (f64, f64) {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let rough = max / max_ticks.max(1) as f64;
    let magnitude = 10f64.powf(rough.log10().floor());
    let mut step = magnitude;
    for factor in [1.0, 2.0, 2.5, 5.0, 10.0] {
        step = factor * magnitude;
        if step >= rough {
            break;
        }
    }
    if integer {
        step = step.max(1.0);
        if step.fract() != 0.0 {
            step = step.ceil();
        }
    }
    ((max / step).ceil() * step, step)
}

/// A time tick on the horizontal axis, in the incident's time zone.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeTick {
    pub at: Timestamp,
    pub label: String,
}

/// Steps of up to two weeks; longer ones are calendar months ([`TICK_STEPS_MONTHS`]), whose
/// labels say the year.
const TICK_STEPS_SECONDS: [i64; 11] = [
    900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800, 1_209_600,
];

/// Steps for spans too long for [`TICK_STEPS_SECONDS`], in calendar months.
const TICK_STEPS_MONTHS: [i64; 9] = [1, 2, 3, 6, 12, 24, 60, 120, 240];

/// Clock ticks between `start` and `end` at the smallest round step that gives at most
/// `max_ticks` ticks (`max_ticks` as many labels of the width of `30 Sep` fit). Sub-day steps
/// fall on local clock times (`06:00`, `12:00`); day steps on local midnights; month steps on
/// the first of a month and year steps on the first of January. Labels are `HH:MM` for
/// sub-day steps, `12 Mar` for day steps, `Mar 2017` for month steps and `2017` for year
/// steps; the second return value says whether the steps are sub-day.
pub fn time_ticks(
    start: Timestamp,
    end: Timestamp,
    tz: &TimeZone,
    max_ticks: usize,
    catalog: &Catalog,
) -> (Vec<TimeTick>, bool) {
    let span = (end.as_second() - start.as_second()).max(1);
    let Some(step) = TICK_STEPS_SECONDS
        .iter()
        .copied()
        .find(|s| span / s < max_ticks.max(1) as i64)
    else {
        // Months and years, for a data set that spans many months (old posts in an export).
        return (month_ticks(start, end, tz, max_ticks, catalog), false);
    };
    let sub_day = step < 86_400;
    let mut ticks = Vec::new();
    let zoned = start.to_zoned(tz.clone());
    // Walk local clock time in the finest unit the step needs; DST-safe because jiff adds
    // calendar spans in the zone.
    let walk: jiff::Span = if step < 3600 {
        15.minutes()
    } else if sub_day {
        1.hour()
    } else {
        1.day()
    };
    let mut cursor = if sub_day {
        zoned
            .with()
            .minute(0)
            .second(0)
            .subsec_nanosecond(0)
            .build()
            .unwrap_or(zoned.clone())
    } else {
        zoned.start_of_day().unwrap_or(zoned.clone())
    };
    let mut guard = 0;
    while cursor.timestamp() <= end && guard < 20_000 {
        guard += 1;
        let t = cursor.timestamp();
        if t >= start {
            let aligned = if sub_day {
                let minutes = cursor.hour() as i64 * 60 + cursor.minute() as i64;
                minutes % (step / 60) == 0
            } else {
                let days = cursor
                    .date()
                    .since(jiff::civil::date(1970, 1, 5))
                    .map(|s| s.get_days() as i64)
                    .unwrap_or(0);
                days % (step / 86_400) == 0
            };
            if aligned {
                let label = if sub_day {
                    cursor.strftime("%H:%M").to_string()
                } else {
                    short_date(t, tz, catalog)
                };
                ticks.push(TimeTick { at: t, label });
            }
        }
        cursor = match cursor.checked_add(walk) {
            Ok(next) => next,
            Err(_) => break,
        };
    }
    (ticks, sub_day)
}

/// [`time_ticks`] for spans of many months: on the first of a month every 1, 2, 3 or 6 months
/// (`Mar 2017`), or of January every 1, 2, 5, 10 or 20 years (`2017`).
fn month_ticks(
    start: Timestamp,
    end: Timestamp,
    tz: &TimeZone,
    max_ticks: usize,
    catalog: &Catalog,
) -> Vec<TimeTick> {
    /// The mean Gregorian month.
    const MONTH_SECONDS: i64 = 2_629_746;
    let span = (end.as_second() - start.as_second()).max(1);
    // `max_ticks` was counted for labels as wide as `30 Sep`: a month's label is wider, a
    // year's narrower.
    let fitting = |label: &str| {
        let fitting =
            max_ticks as f64 * text_width("30 Sep", LABEL_PX) / text_width(label, LABEL_PX);
        (fitting.floor() as i64).max(2)
    };
    let months = TICK_STEPS_MONTHS
        .iter()
        .copied()
        .find(|m| {
            let label = if *m >= 12 { "2017" } else { "Sep 2017" };
            span / (m * MONTH_SECONDS) < fitting(label)
        })
        .unwrap_or(TICK_STEPS_MONTHS[TICK_STEPS_MONTHS.len() - 1]);
    let zoned = start.to_zoned(tz.clone());
    let Ok(mut month) = zoned.first_of_month().and_then(|z| z.start_of_day()) else {
        return Vec::new();
    };
    let mut ticks = Vec::new();
    while month.timestamp() <= end {
        let t = month.timestamp();
        let index = i64::from(month.year()) * 12 + i64::from(month.month()) - 1;
        if t >= start && index % months == 0 {
            let year = month.year().to_string();
            let label = if months >= 12 {
                year
            } else {
                format!("{} {year}", catalog.month_short(month.month()))
            };
            ticks.push(TimeTick { at: t, label });
        }
        month = match month.checked_add(1.month()) {
            Ok(next) => next,
            Err(_) => break,
        };
    }
    ticks
}

/// `12 Mar` in the report language.
pub fn short_date(t: Timestamp, tz: &TimeZone, catalog: &Catalog) -> String {
    let z = t.to_zoned(tz.clone());
    format!("{} {}", z.day(), catalog.month_short(z.month()))
}

// ---------------------------------------------------------------- time-series charts

#[derive(Debug, Clone)]
pub enum SeriesKind {
    /// Filled area under a line.
    Area,
    /// One bar per bucket.
    Bars,
}

#[derive(Debug, Clone)]
pub struct Series {
    pub label: String,
    pub kind: SeriesKind,
    pub color: RGBColor,
    /// One value per bucket.
    pub values: Vec<f64>,
}

/// Shares stacked to 100% per bucket. Buckets whose values sum to less than `min_total` are
/// left empty: a share of two or three posts says nothing and would draw the eye.
#[derive(Debug, Clone)]
pub struct Stack {
    pub layers: Vec<Series>,
    pub min_total: f64,
}

#[derive(Debug, Clone)]
pub struct Panel {
    pub y_label: String,
    pub series: Vec<Series>,
    pub stack: Option<Stack>,
    /// A dashed horizontal reference line and its label.
    pub reference: Option<(f64, String)>,
    /// Fixed top of the value axis (e.g. 1.0 for shares); else a round bound above the data.
    pub y_max: Option<f64>,
    pub format_y: fn(&Catalog, f64) -> String,
    /// Share of the plot height, relative to the other panels.
    pub weight: f64,
}

#[derive(Debug, Clone)]
pub struct Band {
    pub from: Timestamp,
    pub to: Timestamp,
    pub color: RGBColor,
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct Marker {
    pub at: Timestamp,
    pub number: usize,
}

#[derive(Debug, Clone)]
pub struct TimeChart {
    pub name: &'static str,
    pub width: u32,
    pub height: u32,
    /// Bucket starts, in time order; bucket `i` spans `starts[i]..starts[i + 1]` (the last one
    /// `bucket_seconds` long).
    pub starts: Vec<Timestamp>,
    pub bucket_seconds: i64,
    pub x_label: String,
    pub bands: Vec<Band>,
    pub markers: Vec<Marker>,
    pub panels: Vec<Panel>,
}

struct TimeScale {
    start: i64,
    end: i64,
    left: f64,
    right: f64,
}

impl TimeScale {
    fn x(&self, t: Timestamp) -> f64 {
        let s = t.as_second().clamp(self.start, self.end);
        self.left
            + (s - self.start) as f64 / (self.end - self.start).max(1) as f64
                * (self.right - self.left)
    }
}

struct ValueScale {
    top: f64,
    bottom: f64,
    max: f64,
}

impl ValueScale {
    fn y(&self, v: f64) -> f64 {
        self.bottom - (v / self.max).clamp(0.0, 1.0) * (self.bottom - self.top)
    }
}

/// The labelled ticks of a value axis: 0, `step`, 2 × `step`, … up to `max`.
fn value_ticks(max: f64, step: f64, format: impl Fn(f64) -> String) -> Vec<(f64, String)> {
    (0..)
        .map(|i| i as f64 * step)
        .take_while(|v| *v <= max + step * 1e-9)
        .map(|v| (v, format(v)))
        .collect()
}

fn widest_label(ticks: &[(f64, String)]) -> f64 {
    ticks
        .iter()
        .map(|(_, label)| text_width(label, LABEL_PX))
        .fold(0.0, f64::max)
}

/// Where the plot starts for tick labels `widest_tick` wide: the rotated axis title, a gap,
/// the tick labels, a gap.
fn value_axis_margin(widest_tick: f64) -> f64 {
    8.0 + LABEL_PX + 10.0 + widest_tick + 8.0
}

/// How a legend entry is drawn: a series' square, a reference line's dash, a band's shade.
#[derive(Clone, Copy)]
enum Swatch {
    Solid,
    Dashed,
    Band,
}

const BAND_OPACITY: f64 = 0.22;

/// Where a band is drawn, or `None` when it is narrower than a pixel (and not drawn at all).
fn drawn_span(band: &Band, xs: &TimeScale) -> Option<(f64, f64)> {
    let (x0, x1) = (xs.x(band.from), xs.x(band.to));
    (x1 - x0 >= 1.0).then_some((x0, x1))
}

/// Fewest characters a band's label keeps when cut to its band's width.
const MIN_CUT_LABEL_CHARS: usize = 5;

/// Each band's label above the plot, or `None` when its band is too narrow for it. A label
/// wider than its band (a peak of two intervals) is drawn whole when it clears its neighbours'
/// labels and the drawing's edges, else cut to the band's width if that keeps
/// [`MIN_CUT_LABEL_CHARS`] of it.
fn band_labels(bands: &[Band], xs: &TimeScale, width: f64) -> Vec<Option<String>> {
    let spans: Vec<Option<(f64, f64)>> = bands.iter().map(|band| drawn_span(band, xs)).collect();
    // Where each drawn band's whole label would reach.
    let whole: Vec<Option<(f64, f64)>> = bands
        .iter()
        .zip(&spans)
        .map(|(band, span)| {
            span.map(|(x0, x1)| {
                let half = text_width(&band.label, SMALL_PX) / 2.0 + 2.0;
                let centre = (x0 + x1) / 2.0;
                (centre - half, centre + half)
            })
        })
        .collect();
    (0..bands.len())
        .map(|k| {
            let ((x0, x1), (left_edge, right_edge)) = (spans[k]?, whole[k]?);
            let clear = |j: usize| {
                j == k || whole[j].is_none_or(|(l, r)| r <= left_edge || l >= right_edge)
            };
            let fits_whole = left_edge >= 0.0 && right_edge <= width && (0..whole.len()).all(clear);
            let available = x1 - x0 - 4.0;
            if fits_whole {
                Some(bands[k].label.clone())
            } else if available > text_width("…", SMALL_PX) * 2.0 {
                // A stump ("P…", "Wyg…") names nothing: the legend names the band instead.
                Some(fit_text(&bands[k].label, SMALL_PX, available))
                    .filter(|l| l.trim_end_matches('…').chars().count() >= MIN_CUT_LABEL_CHARS)
            } else {
                None
            }
        })
        .collect()
}

/// Draws a time chart: shaded bands, numbered markers, one or more vertically stacked panels
/// sharing the time axis, a legend above the plot.
pub fn time_chart(
    chart: &TimeChart,
    catalog: &Catalog,
    tz: &TimeZone,
) -> Result<String, ReportError> {
    let name = chart.name;
    if chart.starts.is_empty() {
        return Err(chart_error(name, "no buckets to draw"));
    }
    draw_svg(name, (chart.width, chart.height), |canvas| {
        let width = chart.width as f64;
        let height = chart.height as f64;
        // The widest value label decides the left margin.
        // Per panel: the top of the value axis and its labelled ticks.
        let mut value_axes: Vec<(f64, Vec<(f64, String)>)> = Vec::new();
        let mut left: f64 = 0.0;
        for panel in &chart.panels {
            let data_max = panel_max(panel);
            let (max, step) = match panel.y_max {
                Some(m) => (m, m / 4.0),
                None => {
                    let (max, step) = nice_scale(data_max, 5, true);
                    (max, step)
                }
            };
            let ticks = value_ticks(max, step, |v| (panel.format_y)(catalog, v));
            left = left.max(widest_label(&ticks));
            value_axes.push((max, ticks));
        }
        let left = value_axis_margin(left);
        let right = width - 16.0;
        let n = chart.starts.len();
        let first = chart.starts[0];
        let last_end = chart.starts[n - 1].as_second() + chart.bucket_seconds;
        let xs = TimeScale {
            start: first.as_second(),
            end: last_end,
            left,
            right,
        };
        let band_labels = band_labels(&chart.bands, &xs, width);
        // Legend entries (series, stack layers, reference lines) flow left to right and wrap;
        // then the bands too narrow for their own label (a peak of one hour in two weeks), so
        // that every shade on the plot is named somewhere.
        let mut entries: Vec<(&str, RGBColor, Swatch)> =
            chart
                .panels
                .iter()
                .flat_map(|p| {
                    p.series
                        .iter()
                        .map(|s| (s.label.as_str(), s.color, Swatch::Solid))
                        .chain(p.stack.iter().flat_map(|s| {
                            s.layers
                                .iter()
                                .map(|l| (l.label.as_str(), l.color, Swatch::Solid))
                        }))
                        .chain(p.reference.iter().map(|(_, label)| {
                            (label.as_str(), palette::VERMILLION, Swatch::Dashed)
                        }))
                })
                .collect();
        for (band, label) in chart.bands.iter().zip(&band_labels) {
            let drawn = drawn_span(band, &xs).is_some();
            let named = label.as_deref() == Some(band.label.as_str())
                || entries.iter().any(|(l, _, _)| *l == band.label);
            if drawn && !named {
                entries.push((&band.label, band.color, Swatch::Band));
            }
        }
        let mut legend: Vec<(f64, f64)> = Vec::new();
        let (mut lx, mut row) = (left, 0usize);
        for (label, _, _) in &entries {
            let w = 18.0 + text_width(label, LABEL_PX);
            if lx + w > right && lx > left {
                row += 1;
                lx = left;
            }
            legend.push((lx, 19.0 + row as f64 * 22.0));
            lx += w + 22.0;
        }
        let legend_height = if entries.len() > 1 {
            (row + 1) as f64 * 22.0 + 4.0
        } else {
            0.0
        };
        // Markers: numbered discs above the plot. A disc that would touch the last one in its
        // row moves up to the first row where it fits, a new one if need be: a crowded hour
        // makes the header taller rather than hide a key moment under another disc. Beyond
        // `MAX_MARKER_ROWS` rows the plot would shrink to nothing (many moments within a few
        // pixels of a long chart), so a marker that fits in none joins the one placed before
        // it, which then reads `3–15`.
        let marker_r = 9.0;
        let pitch = marker_r * 2.0 + 2.0;
        let mut sorted: Vec<&Marker> = chart.markers.iter().collect();
        sorted.sort_by_key(|m| (m.at, m.number));
        // The right edge of the last marker in each row.
        let mut row_ends: Vec<f64> = Vec::new();
        let mut placed: Vec<PlacedMarker> = Vec::new();
        let gap = pitch - 2.0 * marker_r;
        for marker in sorted {
            let x = xs.x(marker.at);
            let row = row_ends
                .iter()
                .position(|&end| x - marker_r - end >= gap)
                .or_else(|| {
                    (row_ends.len() < MAX_MARKER_ROWS).then(|| {
                        row_ends.push(f64::NEG_INFINITY);
                        row_ends.len() - 1
                    })
                });
            match (row, placed.last_mut()) {
                (Some(row), _) => placed.push(PlacedMarker {
                    first: marker.number,
                    last: marker.number,
                    x,
                    row,
                }),
                (None, Some(group)) => group.last = marker.number,
                (None, None) => unreachable!("every row is taken only once a marker is placed"),
            }
            let group = &placed[placed.len() - 1];
            row_ends[group.row] = group.right(marker_r, width);
        }
        let marker_row = if placed.is_empty() {
            0.0
        } else {
            row_ends.len() as f64 * pitch + 6.0
        };
        let band_label_row = if chart.bands.is_empty() { 0.0 } else { 20.0 };
        let top = 10.0 + legend_height + marker_row + band_label_row;
        let bottom = height - (LABEL_PX * 2.0 + 26.0 + LABEL_PX + 8.0);
        let bucket_x = |i: usize| -> (f64, f64) {
            let x0 = xs.x(chart.starts[i]);
            let x1 = if i + 1 < n {
                xs.x(chart.starts[i + 1])
            } else {
                xs.right
            };
            (x0, x1)
        };

        // Panels split the plot height by weight, with a gap between them.
        let gap = 18.0;
        let total_weight: f64 = chart.panels.iter().map(|p| p.weight).sum::<f64>().max(1e-9);
        let usable = bottom - top - gap * (chart.panels.len().saturating_sub(1)) as f64;
        let mut panel_top = top;
        let mut panel_boxes = Vec::new();
        for panel in &chart.panels {
            let h = usable * panel.weight / total_weight;
            panel_boxes.push((panel_top, panel_top + h));
            panel_top += h + gap;
        }

        // Bands behind everything, with their label centred above the plot.
        for (band, label) in chart.bands.iter().zip(&band_labels) {
            let Some((x0, x1)) = drawn_span(band, &xs) else {
                continue;
            };
            for (pt, pb) in &panel_boxes {
                canvas.rect((x0, *pt), (x1, *pb), band.color, BAND_OPACITY)?;
            }
            if let Some(label) = label {
                canvas.text(
                    label,
                    ((x0 + x1) / 2.0, top - 4.0),
                    SMALL_PX,
                    (HPos::Center, VPos::Bottom),
                    INK,
                    false,
                )?;
            }
        }

        // Value axes, grid and series per panel.
        for ((panel, (pt, pb)), (max, ticks)) in
            chart.panels.iter().zip(&panel_boxes).zip(&value_axes)
        {
            let ys = ValueScale {
                top: *pt,
                bottom: *pb,
                max: *max,
            };
            // Thinning the y-axis tick labels is never needed: at most six ticks and a fixed
            // panel height of at least 90 px keep them apart.
            canvas.value_axis(&ys, ticks, (left, right), &panel.y_label)?;

            if let Some(stack) = &panel.stack {
                for i in 0..n {
                    let total: f64 = stack
                        .layers
                        .iter()
                        .map(|l| l.values.get(i).copied().unwrap_or(0.0))
                        .sum();
                    if total <= 0.0 || total < stack.min_total {
                        continue;
                    }
                    let (x0, x1) = bucket_x(i);
                    let mut acc = 0.0;
                    for layer in &stack.layers {
                        let v = layer.values.get(i).copied().unwrap_or(0.0) / total * max;
                        if v > 0.0 {
                            canvas.rect(
                                (x0, ys.y(acc + v)),
                                (x1.max(x0 + 1.0), ys.y(acc)),
                                layer.color,
                                0.9,
                            )?;
                        }
                        acc += v;
                    }
                }
            }
            for series in &panel.series {
                match series.kind {
                    SeriesKind::Area => {
                        // Each value is drawn at the middle of its bucket.
                        let points: Vec<(f64, f64)> = (0..n)
                            .map(|i| {
                                let (x0, x1) = bucket_x(i);
                                (
                                    (x0 + x1) / 2.0,
                                    ys.y(series.values.get(i).copied().unwrap_or(0.0)),
                                )
                            })
                            .collect();
                        let mut poly = points.clone();
                        if let (Some(first), Some(last)) = (points.first(), points.last()) {
                            poly.push((last.0, ys.bottom));
                            poly.push((first.0, ys.bottom));
                        }
                        canvas.polygon(&poly, series.color, 0.28)?;
                        canvas.line(&points, series.color, 1.0, 2)?;
                    }
                    SeriesKind::Bars => {
                        for i in 0..n {
                            let v = series.values.get(i).copied().unwrap_or(0.0);
                            if v <= 0.0 {
                                continue;
                            }
                            let (x0, x1) = bucket_x(i);
                            let pad = ((x1 - x0) * 0.15).min(2.0);
                            canvas.rect(
                                (x0 + pad, ys.y(v)),
                                ((x1 - pad).max(x0 + pad + 1.0), ys.bottom),
                                series.color,
                                0.95,
                            )?;
                        }
                    }
                }
            }
            if let Some((value, _)) = &panel.reference {
                let y = ys.y(*value);
                canvas.dashed((left, y), (right, y), palette::VERMILLION, 2)?;
            }
            canvas.line(&[(left, ys.bottom), (right, ys.bottom)], INK, 0.6, 1)?;
        }

        // A thin rule runs from each disc down through the plot, skipping the row of band
        // labels so it never crosses their text.
        for group in &placed {
            let x = group.x;
            let cy = top - band_label_row - 4.0 - marker_r - group.row as f64 * pitch;
            let pb_last = panel_boxes.last().map(|b| b.1).unwrap_or(bottom);
            canvas.line(
                &[(x, cy + marker_r), (x, top - band_label_row)],
                INK,
                0.45,
                1,
            )?;
            canvas.line(&[(x, top), (x, pb_last)], INK, 0.45, 1)?;
            // A disc, or for several moments a pill as wide as its label.
            let (x0, x1) = group.span(marker_r, width);
            canvas.circle((x0, cy), marker_r as i32, INK)?;
            if x1 > x0 {
                canvas.circle((x1, cy), marker_r as i32, INK)?;
                canvas.rect((x0, cy - marker_r), (x1, cy + marker_r), INK, 1.0)?;
            }
            canvas.text(
                &group.label(),
                ((x0 + x1) / 2.0, cy + 0.5),
                SMALL_PX - 1.0,
                (HPos::Center, VPos::Center),
                RGBColor(0xFF, 0xFF, 0xFF),
                true,
            )?;
        }

        // Time axis: ticks, clock labels, and a row of dates under them.
        let plot_width = right - left;
        let sample = if chart.bucket_seconds >= 86_400 {
            "30 Sep"
        } else {
            "00:00"
        };
        let max_ticks = (plot_width / (text_width(sample, LABEL_PX) + 22.0)).floor() as usize;
        let (ticks, sub_day) = time_ticks(
            first,
            Timestamp::from_second(last_end).unwrap_or(first),
            tz,
            max_ticks.max(2),
            catalog,
        );
        let axis_y = panel_boxes.last().map(|b| b.1).unwrap_or(bottom);
        for tick in &ticks {
            let x = xs.x(tick.at);
            canvas.line(&[(x, axis_y), (x, axis_y + 5.0)], INK, 0.6, 1)?;
            // A label centred on a tick at either end would run off the drawing: it is kept
            // inside by aligning it with the tick's outer side instead.
            let half = text_width(&tick.label, LABEL_PX) / 2.0;
            let anchor = if x + half > width - 2.0 {
                HPos::Right
            } else if x - half < 2.0 {
                HPos::Left
            } else {
                HPos::Center
            };
            canvas.text(
                &tick.label,
                (x, axis_y + 7.0),
                LABEL_PX,
                (anchor, VPos::Top),
                INK,
                false,
            )?;
        }
        if sub_day {
            // One date per local day, centred on the visible part of the day, when it fits.
            let mut day_start = first
                .to_zoned(tz.clone())
                .start_of_day()
                .map_err(|e| chart_error(name, e))?;
            let end_ts = Timestamp::from_second(last_end).unwrap_or(first);
            let mut last_right = f64::NEG_INFINITY;
            let mut guard = 0;
            while day_start.timestamp() < end_ts && guard < 400 {
                guard += 1;
                let next = day_start
                    .tomorrow()
                    .map_err(|e| chart_error(name, e))?
                    .start_of_day()
                    .map_err(|e| chart_error(name, e))?;
                let x0 = xs.x(day_start.timestamp().max(first));
                let x1 = xs.x(next.timestamp().min(end_ts));
                let label = short_date(day_start.timestamp(), tz, catalog);
                let w = text_width(&label, LABEL_PX);
                let cx = (x0 + x1) / 2.0;
                if x1 - x0 >= w + 8.0 && cx - w / 2.0 > last_right + 8.0 {
                    canvas.text(
                        &label,
                        (cx, axis_y + 9.0 + LABEL_PX + 6.0),
                        LABEL_PX,
                        (HPos::Center, VPos::Top),
                        INK,
                        true,
                    )?;
                    last_right = cx + w / 2.0;
                }
                if next.timestamp() < end_ts {
                    // A separator in the row of dates, under the clock labels, so days read
                    // as groups.
                    let xm = xs.x(next.timestamp());
                    let y0 = axis_y + 9.0 + LABEL_PX + 4.0;
                    canvas.line(&[(xm, y0), (xm, y0 + LABEL_PX + 4.0)], INK, 0.35, 1)?;
                }
                day_start = next;
            }
        }
        canvas.text(
            &fit_text(&chart.x_label, LABEL_PX, right - left),
            ((left + right) / 2.0, height - 6.0),
            LABEL_PX,
            (HPos::Center, VPos::Bottom),
            INK,
            false,
        )?;

        if legend_height > 0.0 {
            for ((label, color, swatch), (x, y)) in entries.iter().zip(&legend) {
                match swatch {
                    Swatch::Dashed => canvas.dashed((*x, *y), (x + 14.0, *y), *color, 2)?,
                    Swatch::Solid => {
                        canvas.rect((*x, y - 6.0), (x + 12.0, y + 6.0), *color, 0.9)?
                    }
                    Swatch::Band => {
                        canvas.rect((*x, y - 6.0), (x + 12.0, y + 6.0), *color, BAND_OPACITY)?
                    }
                }
                canvas.text(
                    label,
                    (x + 18.0, *y),
                    LABEL_PX,
                    (HPos::Left, VPos::Center),
                    INK,
                    false,
                )?;
            }
        }
        Ok(())
    })
}

/// Rows of key-moment markers above a time chart at most: more would leave the plot no room.
const MAX_MARKER_ROWS: usize = 3;

/// Key moments drawn as one marker: a disc for one, a pill reading `3–15` for several that
/// fall too close together for rows of discs.
struct PlacedMarker {
    first: usize,
    last: usize,
    /// Where the first moment is on the time axis.
    x: f64,
    row: usize,
}

impl PlacedMarker {
    fn label(&self) -> String {
        if self.first == self.last {
            self.first.to_string()
        } else {
            format!("{}–{}", self.first, self.last)
        }
    }

    /// The centres of the marker's two round ends (the same for a disc): it starts at the
    /// first moment and grows to the right with its label, staying inside the drawing.
    fn span(&self, r: f64, width: f64) -> (f64, f64) {
        let inner = (text_width(&self.label(), SMALL_PX - 1.0) + 6.0 - 2.0 * r).max(0.0);
        if inner == 0.0 {
            return (self.x, self.x);
        }
        let x0 = self.x.min(width - r - 1.0 - inner);
        (x0, x0 + inner)
    }

    fn right(&self, r: f64, width: f64) -> f64 {
        self.span(r, width).1 + r
    }
}

fn panel_max(panel: &Panel) -> f64 {
    let series_max = panel
        .series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .fold(0.0, f64::max);
    let reference = panel.reference.as_ref().map_or(0.0, |r| r.0);
    series_max.max(reference)
}

impl Canvas<'_, '_> {
    /// A value axis on the left of the plot from `left` to `right`: a grid line and a label
    /// per tick, and the axis title written upwards, cut to the axis height.
    fn value_axis(
        &self,
        scale: &ValueScale,
        ticks: &[(f64, String)],
        (left, right): (f64, f64),
        title: &str,
    ) -> Result<(), ReportError> {
        for (v, label) in ticks {
            let y = scale.y(*v);
            self.line(&[(left, y), (right, y)], INK, GRID_ALPHA, 1)?;
            self.text(
                label,
                (left - 8.0, y),
                LABEL_PX,
                (HPos::Right, VPos::Center),
                INK,
                false,
            )?;
        }
        let title = fit_text(title, LABEL_PX, scale.bottom - scale.top);
        self.text_rotated(&title, (8.0, (scale.top + scale.bottom) / 2.0), LABEL_PX)
    }

    /// Text rotated a quarter turn anticlockwise, centred on `(x, y)` (a y-axis title).
    fn text_rotated(&self, text: &str, (x, y): (f64, f64), px: f64) -> Result<(), ReportError> {
        let style = TextStyle::from(font(px, false).transform(FontTransform::Rotate270))
            .color(&INK)
            .pos(Pos::new(HPos::Center, VPos::Top));
        self.area
            .draw(&Text::new(text.to_string(), pixel((x, y)), style))
            .map_err(|e| chart_error(self.name, e))
    }
}

// ---------------------------------------------------------------- bar charts

#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// Shown at the end of the bar.
    pub value_label: String,
    pub color: RGBColor,
}

/// Horizontal bars, one per row, labels on the left (cut with an ellipsis when too long) and
/// the value at the end of each bar.
pub fn bar_chart(name: &'static str, width: u32, bars: &[Bar]) -> Result<String, ReportError> {
    let row = 30.0;
    let height = (bars.len() as f64 * row + 16.0).ceil() as u32;
    draw_svg(name, (width, height), |canvas| {
        let width = width as f64;
        let max_label = width * 0.32;
        let labels: Vec<String> = bars
            .iter()
            .map(|b| fit_text(&b.label, LABEL_PX, max_label))
            .collect();
        let label_width = labels
            .iter()
            .map(|l| text_width(l, LABEL_PX))
            .fold(0.0, f64::max);
        let value_width = bars
            .iter()
            .map(|b| text_width(&b.value_label, LABEL_PX))
            .fold(0.0, f64::max);
        let left = 8.0 + label_width + 10.0;
        let right = width - value_width - 16.0;
        let max = bars.iter().map(|b| b.value).fold(0.0, f64::max).max(1e-9);
        for (i, (bar, label)) in bars.iter().zip(&labels).enumerate() {
            let y0 = 8.0 + i as f64 * row;
            let cy = y0 + row / 2.0;
            canvas.text(
                label,
                (left - 10.0, cy),
                LABEL_PX,
                (HPos::Right, VPos::Center),
                INK,
                false,
            )?;
            let x1 = left + (bar.value / max) * (right - left);
            canvas.rect(
                (left, y0 + 5.0),
                (x1.max(left + 1.0), y0 + row - 5.0),
                bar.color,
                0.95,
            )?;
            canvas.text(
                &bar.value_label,
                (x1 + 6.0, cy),
                LABEL_PX,
                (HPos::Left, VPos::Center),
                INK,
                false,
            )?;
        }
        let axis_y = 8.0 + bars.len() as f64 * row;
        canvas.line(&[(left, 8.0), (left, axis_y)], INK, 0.6, 1)?;
        Ok(())
    })
}

/// Vertical bars over ordered categories (histogram bins) with a dashed marker at a
/// fractional category position (`position` 2.5 = halfway through the third bin).
#[derive(Debug, Clone)]
pub struct Histogram {
    pub name: &'static str,
    pub width: u32,
    pub height: u32,
    pub bins: Vec<Bar>,
    pub marker: Option<(f64, String)>,
    pub x_label: String,
    pub y_label: String,
    pub format_y: fn(&Catalog, f64) -> String,
}

pub fn histogram(h: &Histogram, catalog: &Catalog) -> Result<String, ReportError> {
    draw_svg(h.name, (h.width, h.height), |canvas| {
        let width = h.width as f64;
        let height = h.height as f64;
        let max = h.bins.iter().map(|b| b.value).fold(0.0, f64::max);
        let (top_value, step) = nice_scale(max, 5, true);
        let ticks = value_ticks(top_value, step, |v| (h.format_y)(catalog, v));
        let left = value_axis_margin(widest_label(&ticks));
        let right = width - 12.0;
        // The marker's label sits above the plot; the tallest bar's value label must stay
        // under it (the 1 h target's label had covered the count of the bar beside it).
        let marker_label_y = 24.0;
        let top = if h.marker.is_some() {
            marker_label_y + 1.5 * SMALL_PX + 6.0
        } else {
            30.0
        };
        let n = h.bins.len().max(1);
        let slot = (right - left) / n as f64;
        // Category labels: horizontal when they fit their slot; when two slots hold one, on
        // two staggered lines, so that every bin keeps its label; narrower still, every third
        // one…, so they never overlap.
        let widest = h
            .bins
            .iter()
            .map(|b| text_width(&b.label, SMALL_PX))
            .fold(0.0, f64::max);
        let every = ((widest + 6.0) / slot).ceil().max(1.0) as usize;
        let staggered = every == 2;
        let second_line = if staggered { SMALL_PX + 3.0 } else { 0.0 };
        let bottom = height - (SMALL_PX + 14.0 + LABEL_PX + 12.0 + second_line);
        let ys = ValueScale {
            top,
            bottom,
            max: top_value,
        };
        canvas.value_axis(&ys, &ticks, (left, right), &h.y_label)?;
        for (i, bin) in h.bins.iter().enumerate() {
            let x0 = left + i as f64 * slot;
            let pad = (slot * 0.12).min(8.0);
            if bin.value > 0.0 {
                canvas.rect(
                    (x0 + pad, ys.y(bin.value)),
                    (x0 + slot - pad, bottom),
                    bin.color,
                    0.95,
                )?;
            }
            if bin.value > 0.0 && text_width(&bin.value_label, SMALL_PX) < slot - 2.0 {
                canvas.text(
                    &bin.value_label,
                    (x0 + slot / 2.0, ys.y(bin.value) - 3.0),
                    SMALL_PX,
                    (HPos::Center, VPos::Bottom),
                    INK,
                    false,
                )?;
            }
            if staggered || i % every == 0 {
                let line = if staggered && i % 2 == 1 {
                    second_line
                } else {
                    0.0
                };
                canvas.text(
                    &bin.label,
                    (x0 + slot / 2.0, bottom + 6.0 + line),
                    SMALL_PX,
                    (HPos::Center, VPos::Top),
                    INK,
                    false,
                )?;
            }
        }
        canvas.line(&[(left, bottom), (right, bottom)], INK, 0.6, 1)?;
        if let Some((position, label)) = &h.marker {
            let x = left + position.clamp(0.0, n as f64) * slot;
            canvas.dashed(
                (x, marker_label_y - 2.0),
                (x, bottom),
                palette::VERMILLION,
                2,
            )?;
            let w = text_width(label, SMALL_PX);
            let (tx, anchor) = if x + 6.0 + w <= right {
                (x + 6.0, HPos::Left)
            } else {
                (x - 6.0, HPos::Right)
            };
            canvas.text(
                label,
                (tx, marker_label_y),
                SMALL_PX,
                (anchor, VPos::Center),
                INK,
                true,
            )?;
        }
        canvas.text(
            &fit_text(&h.x_label, LABEL_PX, right - left),
            ((left + right) / 2.0, height - 6.0),
            LABEL_PX,
            (HPos::Center, VPos::Bottom),
            INK,
            false,
        )?;
        Ok(())
    })
}

/// The boxes of an SVG's horizontal texts as drawn: `(text, x0, y0, x1, y1)`.
#[cfg(test)]
pub fn text_boxes(svg: &str) -> Vec<(String, f64, f64, f64, f64)> {
    let attr = |tag: &str, name: &str| -> Option<String> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(tag[start..].split('"').next()?.to_string())
    };
    let mut out = Vec::new();
    for chunk in svg.split("<text").skip(1) {
        let (tag, rest) = chunk.split_once('>').unwrap();
        if tag.contains("transform=") {
            continue;
        }
        let text = rest.split("</text>").next().unwrap().trim().to_string();
        let num = |name: &str| attr(tag, name).unwrap().parse::<f64>().unwrap();
        let (x, y, size) = (num("x"), num("y"), num("font-size"));
        let width = text_width(
            &text
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">"),
            size,
        );
        let (x0, x1) = match attr(tag, "text-anchor").as_deref() {
            Some("end") => (x - width, x),
            Some("middle") => (x - width / 2.0, x + width / 2.0),
            _ => (x, x + width),
        };
        let (y0, y1) = match attr(tag, "dy").as_deref() {
            Some("0.76em") => (y, y + size),
            Some("-0.5ex") => (y - size, y),
            _ => (y - size / 2.0, y + size / 2.0),
        };
        out.push((text, x0, y0, x1, y1));
    }
    out
}

/// Panics when two horizontal texts of `svg` overlap or one leaves the drawing.
#[cfg(test)]
pub fn assert_labels_apart(name: &str, svg: &str) {
    let width: f64 = svg
        .split("width=\"")
        .nth(1)
        .and_then(|w| w.split('"').next())
        .and_then(|w| w.parse().ok())
        .unwrap();
    let boxes = text_boxes(svg);
    assert!(!boxes.is_empty(), "{name}: no text found");
    for (i, a) in boxes.iter().enumerate() {
        assert!(
            a.1 >= -0.5 && a.3 <= width + 0.5,
            "{name}: {:?} leaves the {width} px drawing",
            a
        );
        for b in &boxes[i + 1..] {
            let apart =
                a.3 <= b.1 + 1.0 || b.3 <= a.1 + 1.0 || a.4 <= b.2 + 1.0 || b.4 <= a.2 + 1.0;
            assert!(apart, "{name}: {:?} overlaps {:?}", a, b);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Language;

    #[test]
    fn nice_scale_rounds_up_to_round_steps() {
        // 1,240 in at most five steps: 200 would need seven, 250 needs five.
        assert_eq!(nice_scale(1240.0, 5, true), (1250.0, 250.0));
        assert_eq!(nice_scale(1000.0, 5, true), (1000.0, 200.0));
        assert_eq!(nice_scale(7.0, 5, true), (8.0, 2.0));
        assert_eq!(nice_scale(3.0, 5, true), (3.0, 1.0));
        assert_eq!(nice_scale(0.0, 5, true), (1.0, 1.0));
        assert_eq!(nice_scale(23.0, 5, true), (25.0, 5.0));
        let (max, step) = nice_scale(0.42, 4, false);
        assert!(
            (max - 0.6).abs() < 1e-9 && (step - 0.2).abs() < 1e-9,
            "{max} {step}"
        );
    }

    #[test]
    fn time_ticks_fall_on_local_clock_hours_and_respect_the_limit() {
        let rome = TimeZone::get("Europe/Rome").unwrap();
        let en = Catalog::get(Language::En);
        // 72 hours from local midnight, at most 14 labels: a 6-hour step.
        let start: Timestamp = "2026-03-09T23:00:00Z".parse().unwrap();
        let end: Timestamp = "2026-03-12T23:00:00Z".parse().unwrap();
        let (ticks, sub_day) = time_ticks(start, end, &rome, 14, en);
        assert!(sub_day);
        let labels: Vec<&str> = ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels[..5], ["00:00", "06:00", "12:00", "18:00", "00:00"]);
        assert_eq!(ticks.len(), 13);
        // Ten days: day steps on local midnights, labelled with the date.
        let end: Timestamp = "2026-03-19T23:00:00Z".parse().unwrap();
        let (ticks, sub_day) = time_ticks(start, end, &rome, 6, en);
        assert!(!sub_day);
        assert_eq!(ticks[0].label, "10 Mar");
        assert!(ticks.len() <= 6);
    }

    #[test]
    fn time_ticks_cross_a_dst_change_on_local_hours() {
        let rome = TimeZone::get("Europe/Rome").unwrap();
        let en = Catalog::get(Language::En);
        // 29 March 2026: clocks go from 02:00 to 03:00 in Rome.
        let start: Timestamp = "2026-03-28T23:00:00Z".parse().unwrap();
        let end: Timestamp = "2026-03-29T22:00:00Z".parse().unwrap();
        let (ticks, _) = time_ticks(start, end, &rome, 8, en);
        let labels: Vec<&str> = ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(
            labels,
            ["00:00", "03:00", "06:00", "09:00", "12:00", "15:00", "18:00", "21:00", "00:00"]
        );
    }

    #[test]
    fn text_is_measured_with_the_vendored_font_and_fitted() {
        let narrow = text_width("iiii", 13.0);
        let wide = text_width("WWWW", 13.0);
        assert!(narrow > 0.0 && wide > narrow * 2.0, "{narrow} {wide}");
        let long = "#skywaysbreaksguitarsandeverythingelse";
        let fitted = fit_text(long, 13.0, 120.0);
        assert!(fitted.ends_with('…'));
        assert!(text_width(&fitted, 13.0) <= 120.0);
        assert_eq!(fit_text("short", 13.0, 120.0), "short");
        let huge = "x".repeat(100_000);
        let fitted = fit_text(&huge, 13.0, 120.0);
        assert!(fitted.len() < 100 && fitted.ends_with('…'));
        assert_eq!(fit_text("WWWW", 13.0, 1.0), "…");
    }

    /// A one-panel chart of `buckets` buckets from `start`, with `markers` at the given
    /// offsets (numbered in order).
    fn chart_with_markers(
        start: Timestamp,
        bucket_seconds: i64,
        buckets: usize,
        marker_offsets: &[i64],
    ) -> TimeChart {
        TimeChart {
            name: "markers",
            width: 900,
            height: 420,
            bucket_seconds,
            x_label: "Time".into(),
            bands: Vec::new(),
            markers: marker_offsets
                .iter()
                .enumerate()
                .map(|(i, seconds)| Marker {
                    at: start + jiff::SignedDuration::from_secs(*seconds),
                    number: i + 1,
                })
                .collect(),
            panels: vec![Panel {
                y_label: "Mentions".into(),
                series: vec![Series {
                    label: "Mentions".into(),
                    kind: SeriesKind::Area,
                    color: palette::BLUE,
                    values: (0..buckets).map(|h| (h % 7) as f64).collect(),
                }],
                stack: None,
                reference: None,
                y_max: None,
                // Not bare numbers, which a test could take for markers.
                format_y: |_, v| format!("{v} m"),
                weight: 1.0,
            }],
            starts: (0..buckets as i64)
                .map(|b| start + jiff::SignedDuration::from_secs(b * bucket_seconds))
                .collect(),
        }
    }

    /// The numbers the markers of `svg` show, a pill `3–12` counting for 3 to 12 (numbers
    /// above 1000 are the axis' years).
    fn marker_numbers(svg: &str) -> Vec<usize> {
        let mut numbers = Vec::new();
        for (text, ..) in text_boxes(svg) {
            let mut ends = text.split('–').map(str::parse::<usize>);
            match (ends.next(), ends.next()) {
                (Some(Ok(n)), None) if n < 1000 => numbers.push(n),
                (Some(Ok(a)), Some(Ok(b))) => numbers.extend(a..=b),
                _ => {}
            }
        }
        numbers
    }

    #[test]
    fn crowded_key_moments_stack_up_instead_of_hiding_each_other() {
        // Three moments within one hour of a 72-hour chart: their discs cannot sit side by
        // side, and with a fixed number of rows some were drawn over others.
        let start: Timestamp = "2026-03-10T00:00:00Z".parse().unwrap();
        let offsets: Vec<i64> = (0..3).map(|i| (36 * 60 + i * 5) * 60).collect();
        let chart = chart_with_markers(start, 3600, 72, &offsets);
        let en = Catalog::get(Language::En);
        let svg = time_chart(&chart, en, &TimeZone::UTC).unwrap();
        let texts: Vec<String> = text_boxes(&svg).into_iter().map(|b| b.0).collect();
        for n in 1..=3 {
            assert!(
                texts.contains(&n.to_string()),
                "marker {n} is drawn as a disc"
            );
        }
        assert_labels_apart("crowded", &svg);
    }

    #[test]
    fn more_crowded_moments_than_rows_share_a_marker_and_leave_the_plot_its_height() {
        // Fifteen moments in the last days of a six-year daily chart (old posts in an export,
        // as in the customer-support sample): stacked one row each they squeezed the plot to
        // nothing. Three rows of discs, then the rest joins the last disc: `3–15`.
        let start: Timestamp = "2011-08-29T00:00:00Z".parse().unwrap();
        let days = 2290;
        let mut offsets = vec![0, 2000 * 86_400];
        offsets.extend((0..13).map(|i| (2280 * 86_400) + i * 3600));
        let chart = chart_with_markers(start, 86_400, days, &offsets);
        let en = Catalog::get(Language::En);
        let svg = time_chart(&chart, en, &TimeZone::UTC).unwrap();
        let mut numbers = marker_numbers(&svg);
        numbers.sort_unstable();
        assert_eq!(
            numbers,
            (1..=15).collect::<Vec<_>>(),
            "every moment is shown once"
        );
        let texts: Vec<String> = text_boxes(&svg).into_iter().map(|b| b.0).collect();
        assert!(texts.contains(&"5–15".to_string()), "{texts:?}");
        assert_labels_apart("markers", &svg);
        // The value axis keeps most of the drawing: its top label sits in the upper third.
        let top_label = text_boxes(&svg)
            .into_iter()
            .filter(|(text, ..)| text.ends_with(" m"))
            .map(|(_, _, y, ..)| y)
            .fold(f64::INFINITY, f64::min);
        assert!(top_label < 420.0 / 3.0, "top of the plot at {top_label}");
    }

    /// The target's label above the plot and the count above the tallest bar beside it do not
    /// overlap (the sample's "target 1 h" covered the 10 of the 1 h – 2 h bar).
    #[test]
    fn a_histograms_marker_label_clears_the_tallest_bars_count() {
        let bar = |label: &str, value: f64| Bar {
            label: label.to_string(),
            value,
            value_label: format!("{value}"),
            color: palette::BLUE,
        };
        let h = Histogram {
            name: "response-times",
            // The phone width, where the bins are narrow.
            width: 420,
            height: 300,
            bins: vec![
                bar("≤5m", 2.0),
                bar("5–15m", 4.0),
                bar("1–2h", 10.0),
                bar("2–4h", 3.0),
            ],
            marker: Some((2.0, "target 1 h".to_string())),
            x_label: "Response time".into(),
            y_label: "Mentions".into(),
            format_y: |_, v| format!("{v}"),
        };
        let svg = histogram(&h, Catalog::get(Language::En)).unwrap();
        assert_labels_apart("histogram", &svg);
    }

    /// At the PDF's width the nine response-time bins' labels do not fit side by side: on two
    /// staggered lines every bin keeps its label (every other one had none).
    #[test]
    fn a_histograms_crowded_labels_are_staggered_not_dropped() {
        let labels = [
            "≤ 5 min",
            "5 – 15 min",
            "15 – 30 min",
            "30 min – 1 h",
            "1 – 2 h",
            "2 – 4 h",
            "4 – 8 h",
            "8 h – 1 d",
            "> 1 d",
        ];
        let h = Histogram {
            name: "response-times",
            width: 560,
            height: 300,
            bins: labels
                .iter()
                .map(|label| Bar {
                    label: label.to_string(),
                    value: 3.0,
                    value_label: "3".into(),
                    color: palette::BLUE,
                })
                .collect(),
            marker: None,
            x_label: "Time to first reply".into(),
            y_label: "Answered mentions".into(),
            format_y: |_, v| format!("{v}"),
        };
        let svg = histogram(&h, Catalog::get(Language::En)).unwrap();
        let texts: Vec<String> = text_boxes(&svg)
            .into_iter()
            .map(|(text, ..)| text.replace("&gt;", ">"))
            .collect();
        for label in labels {
            assert!(
                texts.iter().any(|t| t == label),
                "{label} missing: {texts:?}"
            );
        }
        assert_labels_apart("histogram", &svg);
    }

    #[test]
    fn a_band_label_wider_than_its_band_is_whole_when_it_clears_its_neighbours() {
        // Seven days in hours: a two-hour peak between a long escalation and a long decay
        // (as in the airline sample), then two two-hour bands side by side, whose whole
        // labels would overlap.
        let start: Timestamp = "2015-02-17T00:00:00Z".parse().unwrap();
        let hour = |h: i64| start + jiff::SignedDuration::from_hours(h);
        let band = |from: i64, to: i64, label: &str| Band {
            from: hour(from),
            to: hour(to),
            color: palette::BLUE,
            label: label.to_string(),
        };
        let mut chart = chart_with_markers(start, 3600, 168, &[]);
        chart.bands = vec![
            band(10, 60, "Escalation"),
            band(60, 62, "Peak"),
            band(62, 120, "Decay"),
            band(140, 142, "Secondary"),
            band(142, 144, "Tertiary"),
            // Wide enough for "Re…" only: named in the legend, not as a stump.
            band(150, 155, "Reignition"),
        ];
        let en = Catalog::get(Language::En);
        let svg = time_chart(&chart, en, &TimeZone::UTC).unwrap();
        let boxes = text_boxes(&svg);
        let at = |label: &str| -> Vec<f64> {
            boxes
                .iter()
                .filter(|b| b.0 == label)
                .map(|b| (b.1 + b.3) / 2.0)
                .collect()
        };
        // Drawn whole above their bands, and not again in the legend.
        for whole in ["Escalation", "Peak", "Decay"] {
            assert_eq!(at(whole).len(), 1, "{whole} once in {boxes:?}");
        }
        // Too narrow to be named above the plot: named once, in the legend, to the right of
        // the series' entry on its row (whose text starts at the plot's left edge).
        let series = boxes.iter().find(|b| b.0 == "Mentions").unwrap();
        assert!(!boxes.iter().any(|b| b.0.ends_with('…')), "{boxes:?}");
        for narrow in ["Secondary", "Tertiary", "Reignition"] {
            let named: Vec<_> = boxes.iter().filter(|b| b.0 == narrow).collect();
            assert_eq!(named.len(), 1, "{narrow} in {boxes:?}");
            assert!(named[0].2 == series.2 && named[0].1 > series.3, "{named:?}");
        }
        assert_labels_apart("bands", &svg);
    }

    #[test]
    fn a_span_of_years_is_labelled_by_month_or_year_and_the_labels_do_not_overlap() {
        let en = Catalog::get(Language::En);
        let start: Timestamp = "2011-08-29T00:00:00Z".parse().unwrap();
        let end: Timestamp = "2017-12-04T00:00:00Z".parse().unwrap();
        let labels = |max_ticks| {
            let (ticks, sub_day) = time_ticks(start, end, &TimeZone::UTC, max_ticks, en);
            assert!(!sub_day);
            ticks.into_iter().map(|t| t.label).collect::<Vec<_>>()
        };
        // 75 months: half-yearly ticks where 20 day labels would fit, yearly ones for 8 (a
        // year's label is narrower than a day's), every other year for 4.
        assert_eq!(
            labels(20),
            [
                "Jan 2012", "Jul 2012", "Jan 2013", "Jul 2013", "Jan 2014", "Jul 2014", "Jan 2015",
                "Jul 2015", "Jan 2016", "Jul 2016", "Jan 2017", "Jul 2017"
            ]
        );
        assert_eq!(labels(8), ["2012", "2013", "2014", "2015", "2016", "2017"]);
        assert_eq!(labels(4), ["2012", "2014", "2016"]);
        let (ticks, _) = time_ticks(
            start,
            "2012-12-01T00:00:00Z".parse().unwrap(),
            &TimeZone::UTC,
            20,
            en,
        );
        let labels: Vec<&str> = ticks.iter().map(|t| t.label.as_str()).collect();
        // 15 months: every other month, on the first.
        assert_eq!(
            labels,
            [
                "Sep 2011", "Nov 2011", "Jan 2012", "Mar 2012", "May 2012", "Jul 2012", "Sep 2012",
                "Nov 2012"
            ]
        );
        let chart = chart_with_markers(start, 86_400, 2290, &[]);
        let svg = time_chart(&chart, en, &TimeZone::UTC).unwrap();
        assert_labels_apart("years", &svg);
    }

    #[test]
    fn svg_text_is_escaped_by_the_backend() {
        let bars = vec![Bar {
            label: "<script>alert(1)</script>".into(),
            value: 3.0,
            value_label: "3".into(),
            color: palette::BLUE,
        }];
        let svg = bar_chart("test", 600, &bars).unwrap();
        assert!(!svg.contains("<script>"));
        assert!(
            svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{svg}"
        );
    }
}
