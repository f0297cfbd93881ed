//! Brand response: which mentions the brand answered, how fast, and how that changed.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use rustc_hash::{FxHashMap, FxHashSet};

use super::stats::{keep_first, mean, median, quantile, share};
use super::Facts;
use crate::config::{BusinessHours, Config};
use crate::metrics::{HistogramBin, Phase, Response, ResponseAnomaly, ResponseGroup};
use crate::model::{
    position32, IdRef, Kind, MentionRef, MentionView, Mentions, OptIndex, Sentiment,
};

/// Edges of the response-time histogram, in seconds: ≤5m, 5–15m, 15–30m, 30m–1h, 1–2h, 2–4h,
/// 4–8h, 8–24h, >24h (each bin holds times above its lower edge up to its upper one).
pub const HISTOGRAM_EDGES: [i64; 9] = [0, 300, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400];

/// Who answered whom. Only brand posts, the mentions they answer and the mentions that reply
/// to them are in it (a few per cent of a viral incident), so it is kept in tables by
/// position rather than in lists as long as the incident: at 3 M mentions the lists took 13
/// bytes a mention while the text pass ran.
#[derive(Debug, Clone, PartialEq)]
pub struct Linkage {
    /// `parent`, `thread` or `none`.
    pub kind: &'static str,
    /// Actionable mention → the earliest brand reply answering it (anomalies excluded).
    answer: FxHashMap<u32, u32>,
    /// Brand post → the mention it replies to, when that is in the data.
    replies_to: FxHashMap<u32, u32>,
    /// Actionable mention → its parent, when the linkage is by parent id and the parent is a
    /// brand post in the data.
    brand_parent: FxHashMap<u32, u32>,
    /// Brand posts that reply to someone.
    brand_replies: FxHashSet<u32>,
    pub anomalies: Vec<ResponseAnomaly>,
}

impl Linkage {
    /// For an actionable mention: the earliest brand reply answering it.
    pub fn answer(&self, i: usize) -> Option<usize> {
        self.answer.get(&position32(i)).map(|b| *b as usize)
    }

    /// For a brand post: the mention it replies to, when that is in the data.
    pub fn replies_to(&self, i: usize) -> OptIndex {
        OptIndex::new(self.replies_to.get(&position32(i)).map(|t| *t as usize))
    }

    /// For an actionable mention replying to a brand post (by parent id): that post.
    pub fn brand_parent(&self, i: usize) -> Option<usize> {
        self.brand_parent.get(&position32(i)).map(|p| *p as usize)
    }

    /// Whether brand post `i` replies to someone.
    pub fn is_brand_reply(&self, i: usize) -> bool {
        self.brand_replies.contains(&position32(i))
    }

    pub fn brand_reply_count(&self) -> usize {
        self.brand_replies.len()
    }
}

/// Seconds from `from` to `to`, with the nanoseconds.
pub fn seconds_between(from: Timestamp, to: Timestamp) -> f64 {
    (to.as_nanosecond() - from.as_nanosecond()) as f64 / 1e9
}

/// Seconds between two mention times in nanoseconds ([`Facts::at`]).
fn seconds_from(from: i64, to: i64) -> f64 {
    (i128::from(to) - i128::from(from)) as f64 / 1e9
}

/// Mention `i`'s response time from [`measure`]'s list, where a missing one is NaN (8 bytes a
/// mention where `Option<f64>` takes 16).
pub fn time(times: &[f64], i: usize) -> Option<f64> {
    Some(times[i]).filter(|t| !t.is_nan())
}

/// Links brand posts to the mentions they answer: by parent id when any mention has one, else
/// by thread id (the earliest brand post in the thread at or after the mention), else not at all.
/// `threads` are the mentions' thread ids (from their details), given when no mention names a
/// parent; `None` when some do.
pub fn link(mentions: &Mentions, facts: &Facts, threads: Option<&[IdRef]>) -> Linkage {
    let rows = mentions.rows();
    let n = mentions.len();
    let (at, is_brand, actionable) = (&facts.at, &facts.is_brand, &facts.actionable);
    let threads = threads.unwrap_or_default();
    let kind = if rows.iter().any(|m| m.parent.is_some()) {
        "parent"
    } else if threads.iter().any(|t| t.is_some()) {
        "thread"
    } else {
        "none"
    };
    let mut linkage = Linkage {
        kind,
        answer: FxHashMap::default(),
        replies_to: FxHashMap::default(),
        brand_parent: FxHashMap::default(),
        brand_replies: FxHashSet::default(),
        anomalies: Vec::new(),
    };
    let replying_brand_post = |i: usize| is_brand[i] && mentions[i].kind != Kind::Repost;
    let earlier = |a: usize, b: usize| (at[a], a) < (at[b], b);
    match kind {
        "parent" => {
            // Only the posts others answer, repost or quote are looked up by id: an index of
            // those alone is a fraction of one of every id (in a viral incident, reposts of a
            // few posts are most of the data). First the ids wanted, then where they are.
            // Ids are compared as 8-byte references (see `IdRef`), each post's the first one.
            const NOT_IN_DATA: u32 = u32::MAX;
            let mut by_id: FxHashMap<IdRef, u32> = FxHashMap::default();
            for m in rows.iter().filter(|m| m.parent.is_some()) {
                by_id.insert(m.parent, NOT_IN_DATA);
            }
            for (i, m) in rows.iter().enumerate() {
                if let Some(position) = by_id.get_mut(&m.id) {
                    if *position == NOT_IN_DATA {
                        *position = position32(i);
                    }
                }
            }
            let parent = |i: usize| {
                by_id
                    .get(&rows[i].parent)
                    .map(|p| *p as usize)
                    .filter(|p| *p != NOT_IN_DATA as usize && *p != i)
            };
            for i in (0..n).filter(|i| actionable[*i]) {
                if let Some(p) = parent(i).filter(|p| is_brand[*p]) {
                    linkage.brand_parent.insert(position32(i), position32(p));
                }
            }
            for b in (0..n).filter(|b| replying_brand_post(*b)) {
                // A post continuing the brand's own thread answers no one.
                let continues_own = parent(b).is_some_and(|p| is_brand[p]);
                if (rows[b].parent.is_some() || rows[b].kind == Kind::Reply) && !continues_own {
                    linkage.brand_replies.insert(position32(b));
                }
                let Some(t) = parent(b) else {
                    continue;
                };
                linkage.replies_to.insert(position32(b), position32(t));
                if !actionable[t] {
                    continue;
                }
                if at[b] < at[t] {
                    linkage.anomalies.push(ResponseAnomaly {
                        reply_id: mentions.get(b).id().into_owned(),
                        parent_id: mentions.get(t).id().into_owned(),
                        seconds: seconds_from(at[t], at[b]).floor() as i64,
                    });
                } else if linkage.answer(t).is_none_or(|a| earlier(b, a)) {
                    linkage.answer.insert(position32(t), position32(b));
                }
            }
        }
        "thread" => {
            let mut brand_by_thread: FxHashMap<IdRef, Vec<usize>> = FxHashMap::default();
            let mut asks_by_thread: FxHashMap<IdRef, Vec<usize>> = FxHashMap::default();
            for (i, &thread) in threads.iter().enumerate() {
                if thread.is_none() {
                    continue;
                }
                if replying_brand_post(i) {
                    brand_by_thread.entry(thread).or_default().push(i);
                } else if actionable[i] {
                    asks_by_thread.entry(thread).or_default().push(i);
                }
            }
            let by_time = |list: &mut Vec<usize>| list.sort_by_key(|i| (at[*i], *i));
            brand_by_thread.values_mut().for_each(by_time);
            asks_by_thread.values_mut().for_each(by_time);
            for (thread, asks) in &asks_by_thread {
                let Some(brand) = brand_by_thread.get(thread) else {
                    continue;
                };
                for a in asks {
                    let first = brand.partition_point(|b| at[*b] < at[*a]);
                    if let Some(b) = brand.get(first) {
                        linkage.answer.insert(position32(*a), position32(*b));
                    }
                }
            }
            for (thread, brand) in &brand_by_thread {
                let asks = asks_by_thread.get(thread);
                for b in brand {
                    let before = asks.map_or(0, |asks| asks.partition_point(|a| at[*a] <= at[*b]));
                    if let Some(t) = before.checked_sub(1).and_then(|k| asks.map(|a| a[k])) {
                        linkage.replies_to.insert(position32(*b), position32(t));
                    }
                }
            }
            for b in (0..n).filter(|b| replying_brand_post(*b)) {
                if mentions[b].kind == Kind::Reply || linkage.replies_to(b).is_some() {
                    linkage.brand_replies.insert(position32(b));
                }
            }
        }
        _ => {
            for b in (0..n).filter(|b| replying_brand_post(*b)) {
                if mentions[b].kind == Kind::Reply {
                    linkage.brand_replies.insert(position32(b));
                }
            }
        }
    }
    linkage
        .anomalies
        .sort_by(|x, y| (&x.parent_id, &x.reply_id).cmp(&(&y.parent_id, &y.reply_id)));
    linkage
}

/// What [`is_response`] needs to know of a brand post.
#[derive(Debug, Clone, Copy)]
pub struct BrandPost {
    pub kind: Kind,
    pub has_parent: bool,
    /// The mention it answers, quotes or continues, when that is in the data.
    pub replies_to: Option<usize>,
    /// Its wording is a statement or an apology about the incident.
    pub statement: bool,
}

/// Whether brand post `index` is a public response: it replies to someone (by its kind, a
/// parent it names, or its place in a thread after someone's post) or quotes them, or it is
/// worded as a statement or apology about the incident. A repost counts only for its wording; a
/// promotional post that answers no one does not count. A post continuing one of the brand's
/// own (`is_brand` of what it replies to) is judged as the post it continues: the second part of
/// a reply to a customer is part of that reply, "(2/2) Book now" is part of the promotion.
/// Findings judge the brand's posts by the same test; the first response is the first from
/// the onset that also passes [`responds_to_incident`].
pub fn is_response(
    index: usize,
    post: impl Fn(usize) -> BrandPost,
    is_brand: impl Fn(usize) -> bool,
) -> bool {
    let mut i = index;
    // A thread of the brand's own posts is followed back this far: a live-update thread of an
    // outage can run to hundreds of posts. (Linkage never makes a post its own parent.)
    for _ in 0..MAX_THREAD_STEPS {
        let p = post(i);
        if p.statement {
            return true;
        }
        match p.replies_to.filter(|&parent| is_brand(parent)) {
            Some(parent) => i = parent,
            None => {
                return match p.kind {
                    Kind::Reply | Kind::Quote => true,
                    Kind::Repost => false,
                    Kind::Original => p.has_parent || p.replies_to.is_some(),
                }
            }
        }
    }
    false
}

/// Whether brand post `index` can be the first response to an incident: a response
/// ([`is_response`]) that does not answer a mention posted before the start of the impact
/// (`before_start`), directly or by continuing the brand's own reply to it. Such a reply is
/// routine care, whatever its wording: the onset is the start of a bucket, which can come
/// before the post that set the incident off. `first_response_at` is the first such post, and
/// findings judge the first response by the same test.
pub fn responds_to_incident(
    index: usize,
    post: impl Fn(usize) -> BrandPost,
    is_brand: impl Fn(usize) -> bool,
    before_start: impl Fn(usize) -> bool,
) -> bool {
    let mut i = index;
    for _ in 0..MAX_THREAD_STEPS {
        match post(i).replies_to {
            Some(parent) if is_brand(parent) => i = parent,
            Some(answered) if before_start(answered) => return false,
            _ => break,
        }
    }
    is_response(index, post, is_brand)
}

/// How many of the brand's own posts [`is_response`] follows back through a thread; a longer
/// chain of the brand replying to itself is judged as not a response.
const MAX_THREAD_STEPS: usize = 10_000;

/// The brand accounts: every brand post's author and every configured handle, matched case-
/// insensitively; shown as first written.
#[derive(Debug, Default)]
pub struct Accounts {
    pub names: Vec<String>,
    /// Lower-case handle → account.
    index: FxHashMap<String, usize>,
    /// Each spelling seen in the data → account, so look-ups need not lower-case.
    spellings: FxHashMap<String, usize>,
}

impl Accounts {
    pub fn new(mentions: &Mentions, is_brand: &[bool], config: &Config) -> Accounts {
        let mut accounts = Accounts::default();
        for (m, _) in mentions.iter().zip(is_brand).filter(|(_, b)| **b) {
            if let Some(author) = super::brand::author_key(&m) {
                if !accounts.spellings.contains_key(author) {
                    accounts.add(author);
                }
            }
        }
        for handle in &config.brand_handles {
            accounts.add(&handle.written);
        }
        accounts
    }

    fn add(&mut self, name: &str) {
        let key = name.to_lowercase();
        let next = self.names.len();
        let account = *self.index.entry(key).or_insert(next);
        if account == next {
            self.names.push(name.to_string());
        }
        self.spellings.insert(name.to_string(), account);
    }

    /// The account of a lower-case handle.
    pub fn find(&self, lower_handle: &str) -> Option<usize> {
        self.index.get(lower_handle).copied()
    }

    pub fn of_author(&self, m: &MentionView) -> Option<usize> {
        let author = super::brand::author_key(m)?;
        self.spellings
            .get(author)
            .copied()
            .or_else(|| self.find(&author.to_lowercase()))
    }
}

/// Business-hours seconds between `from` and `to` (local days and opening hours in `tz`);
/// stops counting once past `stop_after`.
pub fn business_seconds(
    from: Timestamp,
    to: Timestamp,
    hours: &BusinessHours,
    tz: &TimeZone,
    stop_after: f64,
) -> f64 {
    if hours.days.is_empty() || to <= from {
        return 0.0;
    }
    let at = |date: Date, minute: i32| -> Option<Timestamp> {
        let (date, minute) = if minute >= 24 * 60 {
            (date.tomorrow().ok()?, minute - 24 * 60)
        } else {
            (date, minute)
        };
        let time = jiff::civil::Time::new((minute / 60) as i8, (minute % 60) as i8, 0, 0).ok()?;
        tz.to_ambiguous_timestamp(date.to_datetime(time))
            .compatible()
            .ok()
    };
    let mut date = tz.to_datetime(from).date();
    let mut total = 0.0;
    while let Some(day_start) = at(date, 0) {
        if day_start >= to {
            break;
        }
        if hours.days.contains(&date.weekday().to_monday_one_offset()) {
            if let (Some(open), Some(close)) =
                (at(date, hours.start_minute), at(date, hours.end_minute))
            {
                let (start, end) = (open.max(from), close.min(to));
                if end > start {
                    total += seconds_between(start, end);
                    if total > stop_after {
                        break;
                    }
                }
            }
        }
        match date.tomorrow() {
            Ok(next) => date = next,
            Err(_) => break,
        }
    }
    total
}

fn group(
    key: &str,
    members: &[usize],
    times: &[f64],
    sla: f64,
    rates_defined: bool,
) -> ResponseGroup {
    let mut answered: Vec<f64> = members.iter().filter_map(|i| time(times, *i)).collect();
    answered.sort_by(f64::total_cmp);
    let within = answered.iter().filter(|t| **t <= sla).count() as u64;
    ResponseGroup {
        key: key.to_string(),
        actionable: members.len() as u64,
        answered: answered.len() as u64,
        rate: if rates_defined {
            share(answered.len() as u64, members.len() as u64)
        } else {
            None
        },
        median_seconds: median(&answered),
        p90_seconds: quantile(&answered, 0.9),
        within_sla_share: share(within, answered.len() as u64),
    }
}

/// Where the incident began, as the first response is measured from it.
#[derive(Debug, Clone, Copy)]
pub struct Onsets {
    /// The onset: the start of the interval in which the volume rose.
    pub interval: Option<Timestamp>,
    /// The first post not by the brand inside that interval (of the brand's conversations).
    pub first_post: Option<Timestamp>,
}

/// Every figure of [`Response`], and the response time of each mention (NaN when it has
/// none; read it with [`time`]).
pub fn measure(
    mentions: &Mentions,
    facts: &Facts,
    linkage: &Linkage,
    accounts: &Accounts,
    onsets: Onsets,
    config: &Config,
) -> (Response, Vec<f64>, Option<usize>) {
    let onset = onsets.interval;
    let n = mentions.len();
    let brand_posts = facts.is_brand.iter().filter(|b| **b).count() as u64;
    let rates_defined = brand_posts > 0 && linkage.kind != "none";
    let times: Vec<f64> = (0..n)
        .map(
            |i| match linkage.answer(i).filter(|_| facts.actionable[i]) {
                Some(b) => seconds_from(facts.at[i], facts.at[b]),
                None => f64::NAN,
            },
        )
        .collect();
    let actionable: Vec<usize> = (0..n).filter(|i| facts.actionable[*i]).collect();
    let mut sorted: Vec<f64> = times.iter().copied().filter(|t| !t.is_nan()).collect();
    sorted.sort_by(f64::total_cmp);
    let sla = config.sla_seconds as f64;
    let within = sorted.iter().filter(|t| **t <= sla).count() as u64;
    let answered = sorted.len() as u64;

    let within_business_hours = config.business_hours.as_ref().and_then(|hours| {
        let within = (0..n)
            .filter_map(|i| time(&times, i).and(linkage.answer(i)).map(|b| (i, b)))
            .filter(|(i, b)| {
                let (from, to) = (super::instant(facts.at[*i]), super::instant(facts.at[*b]));
                business_seconds(from, to, hours, &config.timezone, sla) <= sla
            })
            .count() as u64;
        share(within, answered)
    });

    // The first public response: the first brand post from the start of the impact (onset, or
    // the first mention when the data shows no onset) that answers someone or speaks about the
    // incident (`is_response`).
    // A reply to a mention from before the impact start does not count
    // (`responds_to_incident`): a reply in the onset's bucket to a compliment of the quiet
    // hours was taken for the brand's first response.
    let impact_start = onset.or_else(|| facts.at.iter().min().map(super::instant));
    let first_response = impact_start.and_then(|start| {
        let start = i64::try_from(start.as_nanosecond()).unwrap_or(i64::MIN);
        (0..n)
            .filter(|&i| facts.is_brand[i] && facts.at[i] >= start)
            .filter(|&i| {
                let post = |j: usize| BrandPost {
                    kind: mentions[j].kind,
                    has_parent: mentions[j].parent.is_some(),
                    replies_to: linkage.replies_to(j).get(),
                    statement: facts.signals.get(&j).is_some_and(|s| s.statement),
                };
                responds_to_incident(i, post, |j| facts.is_brand[j], |j| facts.at[j] < start)
            })
            .min_by_key(|&i| (facts.at[i], i))
    });
    let first_response_at = first_response.map(|i| super::instant(facts.at[i]));

    let by_phase = Phase::ALL
        .into_iter()
        .filter_map(|phase| {
            let members: Vec<usize> = actionable
                .iter()
                .copied()
                .filter(|i| facts.phase[*i] == phase)
                .collect();
            (!members.is_empty())
                .then(|| group(phase.as_str(), &members, &times, sla, rates_defined))
        })
        .collect();

    let mut by_account_members: Vec<Vec<usize>> = vec![Vec::new(); accounts.names.len()];
    for &i in &actionable {
        let account = match time(&times, i).and(linkage.answer(i)) {
            Some(b) => accounts.of_author(&mentions.get(b)),
            None => {
                let parent = linkage
                    .brand_parent(i)
                    .and_then(|p| accounts.of_author(&mentions.get(p)));
                parent.or(facts.addressed[i].get())
            }
        };
        if let Some(account) = account {
            by_account_members[account].push(i);
        }
    }
    let mut by_account: Vec<ResponseGroup> = by_account_members
        .iter()
        .enumerate()
        .filter(|(_, members)| !members.is_empty())
        .map(|(a, members)| group(&accounts.names[a], members, &times, sla, rates_defined))
        .collect();
    by_account.sort_by(|x, y| {
        y.actionable
            .cmp(&x.actionable)
            .then_with(|| x.key.cmp(&y.key))
    });

    let negative: Vec<usize> = actionable
        .iter()
        .copied()
        .filter(|i| facts.sentiment[*i] == Some(Sentiment::Negative))
        .collect();
    let negative =
        (!negative.is_empty()).then(|| group("negative", &negative, &times, sla, rates_defined));

    let distribution = if sorted.is_empty() {
        Vec::new()
    } else {
        HISTOGRAM_EDGES
            .iter()
            .enumerate()
            .map(|(k, from)| {
                let to = HISTOGRAM_EDGES.get(k + 1).copied();
                // Upper edges are inclusive, as the target is: a reply after exactly 1 h is
                // within a 1 h target, so it belongs to the bin that ends at 1 h.
                let count = sorted
                    .iter()
                    .filter(|t| {
                        (**t > *from as f64 || k == 0) && to.is_none_or(|to| **t <= to as f64)
                    })
                    .count() as u64;
                HistogramBin {
                    from_seconds: *from,
                    to_seconds: to,
                    count,
                }
            })
            .collect()
    };

    let unanswered_known = linkage.kind != "none" || brand_posts == 0;
    let mut unanswered: Vec<usize> = if unanswered_known {
        actionable
            .iter()
            .copied()
            .filter(|i| time(&times, *i).is_none() && facts.reach(*i).is_some())
            .collect()
    } else {
        Vec::new()
    };
    keep_first(&mut unanswered, config.thresholds.top_unanswered, |a, b| {
        (std::cmp::Reverse(facts.reach(*a).get()), facts.at[*a], *a).cmp(&(
            std::cmp::Reverse(facts.reach(*b).get()),
            facts.at[*b],
            *b,
        ))
    });

    let response = Response {
        brand_posts,
        brand_replies: linkage.brand_reply_count() as u64,
        linkage: linkage.kind.to_string(),
        actionable: actionable.len() as u64,
        answered,
        rate: if rates_defined {
            share(answered, actionable.len() as u64)
        } else {
            None
        },
        min_seconds: sorted.first().copied(),
        median_seconds: median(&sorted),
        mean_seconds: mean(&sorted),
        p90_seconds: quantile(&sorted, 0.9),
        max_seconds: sorted.last().copied(),
        sla_seconds: config.sla_seconds,
        within_sla_share: share(within, answered),
        within_sla_business_hours_share: within_business_hours,
        first_response_at,
        first_response_after_onset_seconds: first_response_at
            .zip(onset)
            .map(|(first, onset)| first.as_second() - onset.as_second()),
        // A response before the first public post came 0 s after it.
        first_response_after_first_post_seconds: first_response_at
            .zip(onsets.first_post)
            .map(|(first, post)| (first.as_second() - post.as_second()).max(0)),
        by_phase,
        by_account,
        negative,
        distribution,
        unanswered_top_reach: unanswered
            .iter()
            .map(|i| MentionRef::of(mentions.get(*i)))
            .collect(),
        anomalies: linkage.anomalies.clone(),
    };
    (response, times, first_response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::brand::BrandMatcher;
    use crate::model::Mention;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn weekdays(start: i32, end: i32) -> BusinessHours {
        BusinessHours {
            days: vec![1, 2, 3, 4, 5],
            start_minute: start,
            end_minute: end,
        }
    }

    #[test]
    fn business_seconds_skip_nights_and_weekends_across_dst() {
        let rome = TimeZone::get("Europe/Rome").unwrap();
        let hours = weekdays(9 * 60, 18 * 60);
        // Friday 27 March 2026 17:00 CET → Monday 30 March 10:00 CEST (Rome moved its clocks on
        // Sunday 29): Friday 17:00–18:00 and Monday 09:00–10:00 local = 7200 s.
        let from = ts("2026-03-27T16:00:00Z");
        let to = ts("2026-03-30T08:00:00Z");
        assert_eq!(business_seconds(from, to, &hours, &rome, f64::MAX), 7200.0);
        // Counting stops once past the limit (the SLA): only Friday's hour is needed.
        assert_eq!(business_seconds(from, to, &hours, &rome, 3000.0), 3600.0);
        // Entirely outside opening hours: Saturday to Sunday.
        let weekend = business_seconds(
            ts("2026-03-28T10:00:00Z"),
            ts("2026-03-29T10:00:00Z"),
            &hours,
            &rome,
            f64::MAX,
        );
        assert_eq!(weekend, 0.0);
        // Closing at 24:00 counts up to midnight.
        let late = weekdays(22 * 60, 24 * 60);
        let utc = TimeZone::UTC;
        let s = business_seconds(
            ts("2026-03-12T21:00:00Z"),
            ts("2026-03-13T01:00:00Z"),
            &late,
            &utc,
            f64::MAX,
        );
        assert_eq!(s, 2.0 * 3600.0);
        let none = BusinessHours {
            days: vec![],
            ..weekdays(0, 60)
        };
        assert_eq!(business_seconds(from, to, &none, &rome, f64::MAX), 0.0);
    }

    #[test]
    fn replies_to_brand_posts_and_brand_reposts_do_not_answer() {
        let config = Config::from_toml("handles = [\"brand\"]", "incident.toml").unwrap();
        let matcher = BrandMatcher::new(&config);
        let at = |m: i64| Timestamp::from_second(1_773_309_600 + m * 60).unwrap();
        let mut mentions = vec![
            Mention::new("b0", at(0), "Our statement"),
            Mention::new("c1", at(1), "what statement?"),
            Mention::new("b2", at(2), "RT c1"),
            Mention::new("b3", at(3), "See above"),
        ];
        for m in &mut mentions {
            m.author = Some(
                if m.id.starts_with('b') {
                    "brand"
                } else {
                    "anna"
                }
                .into(),
            );
        }
        mentions[1].parent_id = Some("b0".into());
        mentions[1].kind = Kind::Reply;
        mentions[2].parent_id = Some("c1".into());
        mentions[2].kind = Kind::Repost;
        mentions[3].parent_id = Some("b0".into());
        mentions[3].kind = Kind::Reply;
        let mentions = Mentions::from_mentions(mentions).unwrap();
        let is_brand: Vec<bool> = mentions.iter().map(|m| matcher.is_brand(&m)).collect();
        let facts = crate::analysis::Facts {
            at: mentions.times(),
            actionable: mentions
                .iter()
                .zip(&is_brand)
                .map(|(m, b)| !b && m.kind != Kind::Repost)
                .collect(),
            is_brand,
            rows: mentions.rows(),
            sentiment: vec![None; 4],
            phase: vec![Phase::Before; 4],
            addressed: vec![OptIndex::NONE; 4],
            signals: Default::default(),
            in_scope: None,
        };
        let linkage = link(&mentions, &facts, None);
        // The brand's repost of c1 is not an answer; b3 replies to the brand's own b0, which
        // continues the brand's thread: no brand reply either.
        assert_eq!(
            (0..4).map(|i| linkage.answer(i)).collect::<Vec<_>>(),
            [None; 4]
        );
        assert_eq!(
            (0..4)
                .map(|i| linkage.is_brand_reply(i))
                .collect::<Vec<_>>(),
            [false; 4]
        );
        assert_eq!(linkage.replies_to(3).get(), Some(0));
        // c1 replies to the brand's b0: unanswered, it counts against b0's account.
        assert_eq!(linkage.brand_parent(1), Some(0));
        assert_eq!(linkage.brand_parent(3), None);
        assert!(linkage.anomalies.is_empty());
    }
}
