//! The bucket grid (aligned in the incident's time zone) and the incident's shape on it:
//! baseline, onset, peak, end, phases, secondary peaks. Every rule is in `docs/metrics.md`.

use jiff::civil::{Date, DateTime};
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{SignedDuration, Timestamp};

use super::stats::median_and_mad;
use crate::config::Thresholds;
use crate::metrics::{Baseline, Phase};

/// Bucket sizes the automatic choice picks from, in seconds: 1m 5m 10m 15m 30m 1h 2h 3h 6h 12h 1d.
pub const AUTOMATIC_SIZES: [i64; 11] = [
    60, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400,
];
/// The automatic choice takes the smallest size that gives at most this many buckets.
pub const MAX_AUTOMATIC_BUCKETS: i64 = 400;
/// A configured size that would give more buckets than this is ignored for the automatic one
/// (a typo such as `bucket = "1"` must not produce millions of buckets).
pub const MAX_BUCKETS: i64 = 100_000;
/// The baseline is taken from the buckets before the provisional onset only when there are at
/// least this many of them; otherwise from the quietest quarter of all buckets.
pub const MIN_PRE_ONSET_BUCKETS: usize = 6;

const DAY: i64 = 86_400;

/// Contiguous buckets: bucket `i` is `[starts[i], starts[i + 1])`, the last one ends at `end`.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub bucket_seconds: i64,
    pub automatic: bool,
    pub starts: Vec<Timestamp>,
    pub end: Timestamp,
}

impl Grid {
    /// Whether `t` is no further from the grid than the grid is long (and at least a day): a
    /// statement an hour before the first mention belongs to the incident, one typed with
    /// last year's date does not.
    pub fn is_near(&self, t: Timestamp) -> bool {
        let Some(first) = self.starts.first() else {
            return false;
        };
        let (start, end) = (first.as_second(), self.end.as_second());
        let margin = (end - start).max(DAY);
        (start.saturating_sub(margin)..end.saturating_add(margin)).contains(&t.as_second())
    }

    /// The bucket holding `t`; times before the grid fall in the first bucket.
    pub fn bucket_of(&self, t: Timestamp) -> usize {
        self.starts.partition_point(|s| *s <= t).saturating_sub(1)
    }

    /// The bucket of each of `times` (nanoseconds since 1970). Each is first looked for in the
    /// bucket of the one before: ingest delivers mentions in time order, so a pass over them
    /// searches the grid only when it moves on to the next bucket.
    pub fn buckets_of<'a>(
        &'a self,
        times: impl Iterator<Item = i64> + 'a,
    ) -> impl Iterator<Item = usize> + 'a {
        let mut previous = 0;
        times.map(move |nanos| {
            let t = super::instant(nanos);
            let within = |b: usize| {
                self.starts.get(b).is_some_and(|s| *s <= t)
                    && self.starts.get(b + 1).is_none_or(|next| t < *next)
            };
            if !within(previous) {
                previous = self.bucket_of(t);
            }
            previous
        })
    }

    /// The exclusive end of bucket `i`.
    pub fn bucket_end(&self, i: usize) -> Timestamp {
        self.starts.get(i + 1).copied().unwrap_or(self.end)
    }
}

/// The smallest automatic size giving at most [`MAX_AUTOMATIC_BUCKETS`] buckets over
/// `span_seconds`, else one day.
pub fn automatic_size(span_seconds: i64) -> i64 {
    AUTOMATIC_SIZES
        .into_iter()
        .find(|size| span_seconds / size < MAX_AUTOMATIC_BUCKETS)
        .unwrap_or(DAY)
}

/// The grid covering `first ..= last`. A size that divides a day has its boundaries where the
/// local wall clock shows a multiple of the size (a DST change makes one bucket shorter or
/// longer, never a gap or an overlap); a multiple of a day starts at local midnights; any other
/// size steps in absolute time from the first local midnight.
pub fn grid(first: Timestamp, last: Timestamp, configured: Option<i64>, tz: &TimeZone) -> Grid {
    let last = last.max(first);
    let span = last.as_second() - first.as_second();
    let configured = configured.filter(|size| *size > 0 && span / size < MAX_BUCKETS);
    let automatic = configured.is_none();
    let size = configured.unwrap_or_else(|| automatic_size(span));
    let first_date = tz.to_datetime(first).date();
    let last_date = tz.to_datetime(last).date();
    let mut bounds = Vec::new();
    if DAY % size == 0 {
        let mut date = first_date;
        while date <= last_date.tomorrow().unwrap_or(last_date) {
            for k in 0..DAY / size {
                let secs = k * size;
                let time = jiff::civil::time(
                    (secs / 3600) as i8,
                    (secs % 3600 / 60) as i8,
                    (secs % 60) as i8,
                    0,
                );
                push_local(&mut bounds, date.to_datetime(time), tz);
            }
            match date.tomorrow() {
                Ok(next) => date = next,
                Err(_) => break,
            }
        }
    } else if size % DAY == 0 {
        let step = size / DAY;
        let mut date = first_date;
        loop {
            push_local(
                &mut bounds,
                date.to_datetime(jiff::civil::Time::midnight()),
                tz,
            );
            if bounds.last().is_some_and(|b| *b > last) {
                break;
            }
            match jiff::Span::new()
                .try_days(step)
                .and_then(|span| date.checked_add(span))
            {
                Ok(next) => date = next,
                Err(_) => break,
            }
        }
    } else {
        let mut t = local_midnight(first_date, tz).unwrap_or(first);
        bounds.push(t);
        while t <= last {
            match t.checked_add(SignedDuration::from_secs(size)) {
                Ok(next) => t = next,
                Err(_) => break,
            }
            bounds.push(t);
        }
    }
    bounds.sort_unstable();
    bounds.dedup();
    // Keep from the last boundary at or before `first` to the first boundary after `last`.
    let from = bounds.partition_point(|b| *b <= first).saturating_sub(1);
    let to = bounds.partition_point(|b| *b <= last);
    let end = bounds.get(to).copied().unwrap_or_else(|| {
        last.checked_add(SignedDuration::from_secs(size))
            .unwrap_or(last)
    });
    let mut starts: Vec<Timestamp> = bounds[from..to.max(from)].to_vec();
    if starts.first().is_none_or(|s| *s > first) {
        starts.insert(0, first);
    }
    Grid {
        bucket_seconds: size,
        automatic,
        starts,
        end,
    }
}

/// The instants at which the local wall clock shows `dt`: one normally, both in a fold; in a
/// gap the instant the clock jumps.
fn push_local(bounds: &mut Vec<Timestamp>, dt: DateTime, tz: &TimeZone) {
    let offsets = match tz.to_ambiguous_timestamp(dt).offset() {
        AmbiguousOffset::Unambiguous { offset } => [Some(offset), None],
        AmbiguousOffset::Gap { before, .. } => [Some(before), None],
        AmbiguousOffset::Fold { before, after } => [Some(before), Some(after)],
    };
    for offset in offsets.into_iter().flatten() {
        if let Ok(t) = offset.to_timestamp(dt) {
            bounds.push(t);
        }
    }
}

fn local_midnight(date: Date, tz: &TimeZone) -> Option<Timestamp> {
    let mut bounds = Vec::new();
    push_local(
        &mut bounds,
        date.to_datetime(jiff::civil::Time::midnight()),
        tz,
    );
    bounds.first().copied()
}

/// The incident's shape on the bucket counts; indices are bucket indices.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub baseline: Baseline,
    pub baseline_buckets: Vec<usize>,
    pub onset: Option<usize>,
    pub peak: Option<usize>,
    pub end: Option<usize>,
    /// First and last bucket of the peak phase.
    pub peak_span: Option<(usize, usize)>,
    pub phases: Vec<Phase>,
    pub secondary_peaks: Vec<usize>,
    /// First bucket after the peak at or below half the peak count.
    pub half_life: Option<usize>,
}

fn threshold(median: f64, mad: f64, th: &Thresholds) -> f64 {
    (median + th.onset_mads * mad).max(th.onset_min_count as f64)
}

fn baseline_of(
    counts: &[u64],
    indices: Vec<usize>,
    method: &str,
    th: &Thresholds,
) -> (Baseline, Vec<usize>) {
    let values: Vec<f64> = indices.iter().map(|i| counts[*i] as f64).collect();
    let (median, mad) = median_and_mad(&values).unwrap_or((0.0, 0.0));
    let baseline = Baseline {
        method: method.to_string(),
        median,
        mad,
        threshold: threshold(median, mad, th),
        buckets: indices.len(),
    };
    (baseline, indices)
}

/// The first bucket at or before `peak` that starts a run of `sustain` buckets above `limit`;
/// a run that reaches the peak counts however short. Only buckets after the last quiet stretch
/// before the peak (`quiet` consecutive buckets at or under `limit`) are candidates: an earlier
/// bump that died down is noise, not the start of the rise that led to the peak. `None` when the
/// peak is not above `limit`.
fn find_onset(
    counts: &[u64],
    limit: f64,
    peak: usize,
    sustain: usize,
    quiet: usize,
) -> Option<usize> {
    if counts[peak] as f64 <= limit {
        return None;
    }
    let quiet = quiet.max(1);
    let mut calm = 0;
    let mut from = 0;
    for j in (0..peak).rev() {
        if counts[j] as f64 <= limit {
            calm += 1;
            if calm == quiet {
                from = j + quiet;
                break;
            }
        } else {
            calm = 0;
        }
    }
    let mut i = from;
    while i <= peak {
        if counts[i] as f64 <= limit {
            i += 1;
            continue;
        }
        let run_end = (i..counts.len())
            .find(|j| counts[*j] as f64 <= limit)
            .unwrap_or(counts.len());
        if run_end - i >= sustain.max(1) || run_end > peak {
            return Some(i);
        }
        i = run_end;
    }
    None
}

/// Baseline, onset, peak, end, phases and secondary peaks of `counts` (see `docs/metrics.md`).
pub fn shape(counts: &[u64], th: &Thresholds) -> Shape {
    let n = counts.len();
    let peak = (0..n)
        .max_by_key(|i| (counts[*i], std::cmp::Reverse(*i)))
        .filter(|i| counts[*i] > 0);
    // Pass 1: the quietest quarter (lowest counts, earlier bucket first on ties).
    let mut by_quiet: Vec<usize> = (0..n).collect();
    by_quiet.sort_by_key(|i| (counts[*i], *i));
    by_quiet.truncate(n.div_ceil(4).max(1).min(n));
    by_quiet.sort_unstable();
    let (mut baseline, mut baseline_buckets) = baseline_of(counts, by_quiet, "quietest", th);
    let mut onset = peak.and_then(|p| {
        find_onset(
            counts,
            baseline.threshold,
            p,
            th.onset_sustain,
            th.end_sustain,
        )
    });
    // Pass 2: with a quiet lead-in, the buckets before the provisional onset are the baseline.
    if let (Some(p), Some(o)) = (peak, onset) {
        if o >= MIN_PRE_ONSET_BUCKETS {
            (baseline, baseline_buckets) = baseline_of(counts, (0..o).collect(), "pre-onset", th);
            onset = find_onset(
                counts,
                baseline.threshold,
                p,
                th.onset_sustain,
                th.end_sustain,
            );
        }
    }
    let limit = baseline.threshold;
    let mut shape = Shape {
        baseline,
        baseline_buckets,
        onset,
        peak,
        end: None,
        peak_span: None,
        phases: vec![Phase::Before; n],
        secondary_peaks: Vec::new(),
        half_life: None,
    };
    let (Some(onset), Some(peak)) = (onset, peak) else {
        return shape;
    };
    let sustain = th.end_sustain.max(1);
    let mut i = peak + 1;
    while i + sustain <= n {
        match (i..i + sustain).find(|j| counts[*j] as f64 > limit) {
            Some(above) => i = above + 1,
            None => {
                shape.end = Some(i);
                break;
            }
        }
    }
    let stop = shape.end.unwrap_or(n);
    let above_half = |j: usize| counts[j] * 2 > counts[peak];
    let mut first = peak;
    while first > onset && above_half(first - 1) {
        first -= 1;
    }
    let mut last = peak;
    while last + 1 < stop && above_half(last + 1) {
        last += 1;
    }
    shape.peak_span = Some((first, last));
    for (j, phase) in shape.phases.iter_mut().enumerate() {
        *phase = if j < onset {
            Phase::Before
        } else if j < first {
            Phase::Escalation
        } else if j <= last {
            Phase::Peak
        } else if j < stop {
            Phase::Decay
        } else {
            Phase::After
        };
    }
    shape.half_life = (peak + 1..n).find(|j| !above_half(*j));
    // Secondary peaks: after the peak phase, a local maximum reaching the fraction of the peak
    // and above the onset threshold (a day's busy hours in the decay are the daily rhythm, not a
    // re-ignition), with a trough at or below half its own count since the previous peak.
    // A re-ignition is named by its highest bucket: until the volume falls to half of the
    // highest so far, a higher bucket moves the secondary peak there (a surge of 29, 28, 27,
    // 30 peaks at the 30, not at its first local maximum).
    let floor = th.secondary_peak_fraction * counts[peak] as f64;
    let mut trough = u64::MAX;
    let mut rising: Option<usize> = None;
    for j in last + 1..n {
        if let Some(top) = rising {
            if counts[j] > counts[top] {
                if let Some(latest) = shape.secondary_peaks.last_mut() {
                    *latest = j;
                }
                rising = Some(j);
                trough = u64::MAX;
                continue;
            }
            if counts[j].saturating_mul(2) <= counts[top] {
                rising = None;
            }
        }
        let rises = counts[j] > counts[j - 1];
        let falls_after = j + 1 == n || counts[j] >= counts[j + 1];
        if rises
            && falls_after
            && counts[j] as f64 >= floor
            && counts[j] as f64 > limit
            && trough.saturating_mul(2) <= counts[j]
        {
            shape.secondary_peaks.push(j);
            rising = Some(j);
            trough = u64::MAX;
        } else {
            trough = trough.min(counts[j]);
        }
    }
    shape
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn rome() -> TimeZone {
        TimeZone::get("Europe/Rome").unwrap()
    }

    #[test]
    fn automatic_sizes() {
        // 50 minutes → 51 one-minute buckets.
        assert_eq!(automatic_size(3000), 60);
        // 6 h 39 min: 399 + 1 = 400 minutes fit; one more minute does not → 5 min.
        assert_eq!(automatic_size(399 * 60), 60);
        assert_eq!(automatic_size(400 * 60), 300);
        // Three days = 259 200 s: 30 min → 145 buckets; 15 min → 289; 10 min → 433 (too many).
        assert_eq!(automatic_size(3 * DAY), 900);
        assert_eq!(automatic_size(10 * DAY), 3600);
        assert_eq!(automatic_size(1000 * DAY), DAY);
    }

    #[test]
    fn hourly_grid_in_utc_is_zero_aligned() {
        let g = grid(
            ts("2026-03-12T10:17:00Z"),
            ts("2026-03-12T13:05:00Z"),
            Some(3600),
            &TimeZone::UTC,
        );
        let starts: Vec<String> = g.starts.iter().map(|t| t.to_string()).collect();
        assert_eq!(
            starts,
            [
                "2026-03-12T10:00:00Z",
                "2026-03-12T11:00:00Z",
                "2026-03-12T12:00:00Z",
                "2026-03-12T13:00:00Z"
            ]
        );
        assert_eq!(g.end, ts("2026-03-12T14:00:00Z"));
        assert_eq!(g.bucket_of(ts("2026-03-12T11:59:59Z")), 1);
        assert_eq!(g.bucket_of(ts("2026-03-12T12:00:00Z")), 2);
        assert!(!g.automatic);
    }

    #[test]
    fn buckets_of_a_pass_agree_with_bucket_of_in_any_order() {
        let g = grid(
            ts("2026-03-12T10:17:00Z"),
            ts("2026-03-12T13:05:00Z"),
            Some(3600),
            &TimeZone::UTC,
        );
        let times = [
            "2026-03-12T10:17:00Z",
            "2026-03-12T10:59:59Z",
            "2026-03-12T11:00:00Z",
            "2026-03-12T13:05:00Z",
            "2026-03-12T10:30:00Z",
            "2026-03-12T09:00:00Z",
            "2026-03-12T15:00:00Z",
            "2026-03-12T12:00:00Z",
        ]
        .map(ts);
        let nanos = times.map(|t| i64::try_from(t.as_nanosecond()).unwrap());
        let expected: Vec<usize> = times.iter().map(|t| g.bucket_of(*t)).collect();
        assert_eq!(expected, [0, 0, 1, 3, 0, 0, 3, 2]);
        assert_eq!(
            g.buckets_of(nanos.into_iter()).collect::<Vec<_>>(),
            expected
        );
    }
    #[test]
    fn day_buckets_across_rome_dst_changes() {
        // 2026-03-29: Rome springs forward (02:00 CET → 03:00 CEST): a 23-hour day.
        let g = grid(
            ts("2026-03-28T12:00:00Z"),
            ts("2026-03-30T12:00:00Z"),
            Some(DAY),
            &rome(),
        );
        let starts: Vec<String> = g.starts.iter().map(|t| t.to_string()).collect();
        assert_eq!(
            starts,
            [
                "2026-03-27T23:00:00Z",
                "2026-03-28T23:00:00Z",
                "2026-03-29T22:00:00Z"
            ]
        );
        assert_eq!(
            g.bucket_end(1).as_second() - g.starts[1].as_second(),
            23 * 3600
        );
        assert_eq!(g.end, ts("2026-03-30T22:00:00Z"));
        // 2026-10-25: Rome falls back (03:00 CEST → 02:00 CET): a 25-hour day.
        let g = grid(
            ts("2026-10-24T12:00:00Z"),
            ts("2026-10-26T12:00:00Z"),
            Some(DAY),
            &rome(),
        );
        let starts: Vec<String> = g.starts.iter().map(|t| t.to_string()).collect();
        assert_eq!(
            starts,
            [
                "2026-10-23T22:00:00Z",
                "2026-10-24T22:00:00Z",
                "2026-10-25T23:00:00Z"
            ]
        );
        assert_eq!(
            g.bucket_end(1).as_second() - g.starts[1].as_second(),
            25 * 3600
        );
    }

    #[test]
    fn hour_buckets_across_rome_dst_changes_have_no_gap_or_overlap() {
        // Spring: local 02:00 does not exist; UTC hours stay contiguous, one bucket per UTC hour.
        let g = grid(
            ts("2026-03-28T23:30:00Z"),
            ts("2026-03-29T03:30:00Z"),
            Some(3600),
            &rome(),
        );
        let starts: Vec<String> = g.starts.iter().map(|t| t.to_string()).collect();
        assert_eq!(
            starts,
            [
                "2026-03-28T23:00:00Z",
                "2026-03-29T00:00:00Z",
                "2026-03-29T01:00:00Z",
                "2026-03-29T02:00:00Z",
                "2026-03-29T03:00:00Z"
            ]
        );
        // Autumn: local 02:00 happens twice; both are bucket starts.
        let g = grid(
            ts("2026-10-24T23:00:00Z"),
            ts("2026-10-25T02:30:00Z"),
            Some(3600),
            &rome(),
        );
        // Local 01:00 CEST, 02:00 CEST, 02:00 CET, 03:00 CET.
        let starts: Vec<String> = g.starts.iter().map(|t| t.to_string()).collect();
        assert_eq!(
            starts,
            [
                "2026-10-24T23:00:00Z",
                "2026-10-25T00:00:00Z",
                "2026-10-25T01:00:00Z",
                "2026-10-25T02:00:00Z"
            ]
        );
        // Six-hour buckets at local 00, 06, 12, 18: the spring day's first bucket is 5 h long.
        let g = grid(
            ts("2026-03-28T23:00:00Z"),
            ts("2026-03-29T09:00:00Z"),
            Some(21_600),
            &rome(),
        );
        let lengths: Vec<i64> = (0..g.starts.len())
            .map(|i| g.bucket_end(i).as_second() - g.starts[i].as_second())
            .collect();
        assert_eq!(lengths, [5 * 3600, 6 * 3600]);
    }

    #[test]
    fn odd_and_multi_day_sizes() {
        let g = grid(
            ts("2026-03-12T00:10:00Z"),
            ts("2026-03-12T00:20:00Z"),
            Some(420),
            &TimeZone::UTC,
        );
        assert_eq!(g.starts[0], ts("2026-03-12T00:07:00Z"));
        assert_eq!(g.starts.len(), 2);
        let g = grid(
            ts("2026-03-12T10:00:00Z"),
            ts("2026-03-20T10:00:00Z"),
            Some(2 * DAY),
            &TimeZone::UTC,
        );
        assert_eq!(g.starts.len(), 5);
        assert_eq!(g.end, ts("2026-03-22T00:00:00Z"));
        // A configured size giving more than MAX_BUCKETS is replaced by the automatic one.
        let g = grid(
            ts("2026-03-12T00:00:00Z"),
            ts("2026-03-14T00:00:00Z"),
            Some(1),
            &TimeZone::UTC,
        );
        assert_eq!((g.bucket_seconds, g.automatic), (600, true));
        // A single instant still yields one bucket.
        let g = grid(
            ts("2026-03-12T10:00:30Z"),
            ts("2026-03-12T10:00:30Z"),
            None,
            &TimeZone::UTC,
        );
        assert_eq!(g.starts, [ts("2026-03-12T10:00:00Z")]);
        assert_eq!(g.bucket_seconds, 60);
        assert!(g.automatic);
    }

    fn th() -> Thresholds {
        Thresholds::default()
    }

    #[test]
    fn shape_of_a_clear_incident() {
        // Index:    0  1  2  3  4  5  6   7   8   9  10 11 12 13 14 15 16 17
        let counts = [1, 0, 2, 1, 1, 0, 8, 20, 30, 12, 9, 2, 1, 0, 1, 14, 3, 1];
        let s = shape(&counts, &th());
        // Pass 1 (quietest quarter = 5 lowest: the 0s at 1, 5, 13 and the 1s at 0, 3):
        // median 0, MAD 0 → threshold max(0, 3) = 3; first sustained run above 3 starts at 6.
        // Pass 2 (6 buckets before 6: [1,0,2,1,1,0]): median 1, |x−1| = [0,1,1,0,0,1] → MAD 0.5,
        // threshold max(1 + 5·0.5, 3) = 3.5. Onset stays 6.
        assert_eq!(s.baseline.method, "pre-onset");
        assert_eq!(
            (s.baseline.median, s.baseline.mad, s.baseline.threshold),
            (1.0, 0.5, 3.5)
        );
        assert_eq!(s.baseline.buckets, 6);
        assert_eq!(s.baseline_buckets, vec![0, 1, 2, 3, 4, 5]);
        assert_eq!(s.onset, Some(6));
        assert_eq!(s.peak, Some(8));
        // After the peak, the first run of 3 buckets at or below 3.5 starts at 11.
        assert_eq!(s.end, Some(11));
        // Peak phase: buckets above 15 (half of 30) around the peak: 7 and 8.
        assert_eq!(s.peak_span, Some((7, 8)));
        use Phase::*;
        assert_eq!(
            s.phases,
            vec![
                Before, Before, Before, Before, Before, Before, Escalation, Peak, Peak, Decay,
                Decay, After, After, After, After, After, After, After
            ]
        );
        assert_eq!(s.half_life, Some(9));
        // 14 at index 15 ≥ 0.3·30 = 9, rises from 1, falls to 3, trough since the peak 0 ≤ 7.
        assert_eq!(s.secondary_peaks, vec![15]);
    }

    #[test]
    fn ties_take_the_earliest_peak_and_secondary_peaks_need_a_trough() {
        let counts = [0, 0, 0, 0, 0, 0, 0, 9, 4, 9, 0, 0, 0];
        let s = shape(&counts, &th());
        assert_eq!(s.peak, Some(7));
        assert_eq!(s.onset, Some(7));
        assert_eq!(s.end, Some(10));
        assert_eq!(s.peak_span, Some((7, 7)));
        // The later 9 rises from a trough of 4 ≤ 9 / 2 and reaches 0.3 · 9: a re-ignition.
        assert_eq!(s.secondary_peaks, vec![9]);
        // Here the volume only dips to 3 before rising to 5: 3 > 5 / 2, not a new peak.
        let counts = [0, 0, 0, 0, 0, 0, 0, 10, 4, 3, 5, 0, 0, 0];
        let s = shape(&counts, &th());
        assert_eq!(s.peak, Some(7));
        assert_eq!(s.secondary_peaks, Vec::<usize>::new());
        // Bumps of 2 after the peak of 6: each ≥ 0.3 · 6, a local maximum, from a trough of 0,
        // but not above the onset threshold (silent lead-in → threshold 3, the minimum): the
        // rhythm of a quiet day, no re-ignition. A bump of 4 is above it: one.
        let mut counts = [0, 0, 0, 0, 0, 0, 5, 6, 6, 0, 2, 0, 2, 0, 0, 0];
        let s = shape(&counts, &th());
        assert_eq!((s.peak, s.baseline.method.as_str()), (Some(7), "pre-onset"));
        assert_eq!(s.baseline.threshold, 3.0);
        assert_eq!(s.secondary_peaks, Vec::<usize>::new());
        counts[12] = 4;
        let s = shape(&counts, &th());
        assert_eq!(s.secondary_peaks, vec![12]);
    }

    #[test]
    fn a_re_ignition_is_named_by_its_highest_bucket() {
        // Peak 40 at 7; a surge of 29, 28, 27, 30 from a trough of 2. Its first local maximum
        // is the 29 at 11, but the volume never falls to half of it before the 30 at 14: one
        // re-ignition, at 14. A fall to 15 (≤ 30 / 2) ends it; the 25 at 17 (trough 15 >
        // 25 / 2) is not a new one, the 40 at 20 (trough 12 ≤ 40 / 2) is.
        let counts = [
            0, 0, 0, 0, 0, 0, 20, 40, 25, 2, 5, 29, 28, 27, 30, 15, 20, 25, 12, 12, 40, 3,
        ];
        let s = shape(&counts, &th());
        assert_eq!((s.peak, s.peak_span), (Some(7), Some((7, 8))));
        assert_eq!(s.secondary_peaks, vec![14, 20]);
    }

    #[test]
    fn an_earlier_bump_that_died_down_is_not_the_onset() {
        // Limit 3: buckets 2–3 (5, 6) are a run of two above it, but three quiet buckets (9–11)
        // separate them from the rise that leads to the peak at 15, which starts at 12.
        let counts = [0, 0, 5, 6, 0, 0, 0, 1, 0, 0, 0, 0, 4, 9, 20, 40, 10, 2];
        assert_eq!(find_onset(&counts, 3.0, 15, 2, 3), Some(12));
        // A dip shorter than the quiet stretch does not cut the rise: 4 at 9, dip at 10–11.
        let counts = [0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 1, 2, 5, 9, 20, 40];
        assert_eq!(find_onset(&counts, 3.0, 15, 1, 3), Some(9));
    }

    #[test]
    fn no_onset_when_nothing_rises_above_the_threshold() {
        let counts = [1, 2, 1, 3, 2, 1];
        let s = shape(&counts, &th());
        // Quietest quarter = 2 buckets (the 1s at 0 and 2): median 1, MAD 0 → threshold 3.
        assert_eq!(s.baseline.method, "quietest");
        assert_eq!(s.baseline.threshold, 3.0);
        assert_eq!(s.peak, Some(3));
        assert_eq!(s.onset, None);
        assert_eq!(s.end, None);
        assert!(s.phases.iter().all(|p| *p == Phase::Before));
        assert_eq!(shape(&[], &th()).peak, None);
        assert_eq!(shape(&[0, 0], &th()).peak, None);
    }

    #[test]
    fn a_one_bucket_spike_is_still_the_onset_and_an_unfinished_decay_has_no_end() {
        // Spike at 1 (run of one bucket, shorter than onset_sustain = 2, but it is the peak).
        // After it, 5 and 6 are above 3 again and data ends after 2 quiet buckets: no end.
        let counts = [0, 10, 1, 1, 4, 5, 0, 0];
        let s = shape(&counts, &th());
        assert_eq!(s.baseline.method, "quietest");
        assert_eq!(s.onset, Some(1));
        assert_eq!(s.end, None);
        assert_eq!(s.peak_span, Some((1, 1)));
        assert_eq!(s.phases[7], Phase::Decay);
        assert_eq!(s.half_life, Some(2));
    }
}
