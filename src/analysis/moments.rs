//! Key moments on the timeline and the operations-style milestones, with their order checked.

use jiff::Timestamp;

use super::response::Linkage;
use super::stats::{keep_first, top_k, TopK};
use super::Facts;
use crate::config::ManualEvent;
use crate::metrics::{KeyMoment, Milestone, MilestoneKind, MomentKind, Phase, TimelineWarning};
use crate::model::{Count, Details, Kind, MentionRef, MentionView, Mentions, Times};

/// How many posts each "most amplified" list names.
pub const TOP_AMPLIFIED: usize = 3;
/// How many unprompted brand posts are named (the earliest).
pub const MAX_UNPROMPTED: usize = 10;
/// Hashtags (from the top of the list) whose first appearance is a key moment.
pub const FIRST_SEEN_HASHTAGS: usize = 5;

/// The export's engagement figure, else the sum of the interaction counts it reports.
pub fn engagement(m: &Details) -> Option<u64> {
    m.engagement.get().or_else(|| {
        [m.likes, m.shares, m.comments, m.quotes]
            .into_iter()
            .filter_map(Count::get)
            .reduce(u64::saturating_add)
    })
}

fn moment(kind: MomentKind, label: String, m: MentionView<'_>) -> KeyMoment {
    KeyMoment {
        at: m.timestamp(),
        kind,
        label,
        mention: Some(MentionRef::of(m)),
    }
}

/// The posts that the "most shared" and "most engaged" lists may name, gathered by analysis'
/// pass over the mentions' details (in the order they are stored): each list keeps its first
/// [`TOP_AMPLIFIED`] in a total order, so the order they come in does not matter.
#[derive(Debug)]
pub struct Amplified {
    shared: TopK<(u64, usize)>,
    engaged: TopK<(u64, usize)>,
}

impl Default for Amplified {
    fn default() -> Amplified {
        Amplified {
            shared: TopK::new(TOP_AMPLIFIED),
            engaged: TopK::new(TOP_AMPLIFIED),
        }
    }
}

impl Amplified {
    /// Considers mention `i`, of kind `kind`; `at` are the mentions' times.
    pub fn add(&mut self, i: usize, kind: Kind, d: &Details, at: Times<'_>) {
        // Reposts are left out: exports such as twarc-csv (with merged retweets) give a repost
        // its original's counts, so every repost of the most shared post would tie with it.
        if kind == Kind::Repost {
            return;
        }
        for (list, value) in [
            (&mut self.shared, d.shares.get()),
            (&mut self.engaged, engagement(d)),
        ] {
            if let Some(v) = value.filter(|v| *v > 0) {
                list.push((v, i), ranked(at));
            }
        }
    }
}

/// Largest figure first, then earliest (time, then position).
fn ranked(at: Times<'_>) -> impl Fn(&(u64, usize), &(u64, usize)) -> std::cmp::Ordering + '_ {
    move |a, b| {
        b.0.cmp(&a.0)
            .then_with(|| (at[a.1], a.1).cmp(&(at[b.1], b.1)))
    }
}

/// The incident's instants that the analysis found (bucket starts for onset, peak and end).
#[derive(Debug, Clone, Copy, Default)]
pub struct Instants {
    pub onset: Option<Timestamp>,
    pub peak: Option<(Timestamp, u64)>,
    pub end: Option<Timestamp>,
}

pub fn key_moments(
    mentions: &Mentions,
    facts: &Facts,
    linkage: &Linkage,
    amplified: Amplified,
    instants: Instants,
    hashtags: &[(String, usize)],
    events: &[&ManualEvent],
) -> Vec<KeyMoment> {
    let n = mentions.len();
    // In an export of several companies the moments are the brand's conversations' (the
    // timeline's): not another company's first post or its customers' most shared one.
    let by_time = |a: &usize, b: &usize| (facts.at[*a], *a).cmp(&(facts.at[*b], *b));
    let earliest = |filter: &dyn Fn(usize) -> bool| {
        (0..n)
            .filter(|i| facts.counted(*i) && filter(*i))
            .min_by(by_time)
    };
    let mut moments = Vec::new();

    if let Some(i) = earliest(&|_| true) {
        moments.push(moment(
            MomentKind::FirstMention,
            String::new(),
            mentions.get(i),
        ));
    }
    let highest_reach = top_k(
        (0..n)
            .filter(|i| facts.counted(*i) && mentions[*i].kind != Kind::Repost)
            .filter_map(|i| facts.reach(i).get().filter(|v| *v > 0).map(|v| (v, i))),
        TOP_AMPLIFIED,
        ranked(facts.at),
    );
    for (kind, top) in [
        (
            MomentKind::MostShared,
            amplified.shared.finish(ranked(facts.at)),
        ),
        (
            MomentKind::MostEngaged,
            amplified.engaged.finish(ranked(facts.at)),
        ),
        (MomentKind::HighestReach, highest_reach),
    ] {
        for (v, i) in top.into_iter().filter(|(_, i)| facts.counted(*i)) {
            moments.push(moment(kind, v.to_string(), mentions.get(i)));
        }
    }
    if let Some(i) = earliest(&|i| facts.is_brand[i]) {
        moments.push(moment(
            MomentKind::FirstBrandPost,
            String::new(),
            mentions.get(i),
        ));
    }
    if let Some(i) = earliest(&|i| facts.is_brand[i] && linkage.is_brand_reply(i)) {
        moments.push(moment(
            MomentKind::FirstBrandReply,
            String::new(),
            mentions.get(i),
        ));
    }
    let mut unprompted: Vec<usize> = (0..n)
        .filter(|i| {
            let m = &mentions[*i];
            facts.is_brand[*i]
                && m.kind == Kind::Original
                && m.parent.is_none()
                && !linkage.is_brand_reply(*i)
                && matches!(facts.phase[*i], Phase::Escalation | Phase::Peak)
        })
        .collect();
    keep_first(&mut unprompted, MAX_UNPROMPTED, by_time);
    for i in unprompted {
        moments.push(moment(
            MomentKind::UnpromptedBrandPost,
            String::new(),
            mentions.get(i),
        ));
    }
    let first_seen = hashtags.iter().filter(|(_, i)| facts.counted(*i));
    for (tag, i) in first_seen.take(FIRST_SEEN_HASHTAGS) {
        moments.push(moment(
            MomentKind::HashtagFirstSeen,
            tag.clone(),
            mentions.get(*i),
        ));
    }
    for event in events {
        moments.push(KeyMoment {
            at: event.at,
            kind: MomentKind::ManualEvent,
            label: event.label.clone(),
            mention: None,
        });
    }
    let bare = |at, kind, label: String| KeyMoment {
        at,
        kind,
        label,
        mention: None,
    };
    if let Some(at) = instants.onset {
        moments.push(bare(at, MomentKind::Onset, String::new()));
    }
    if let Some((at, count)) = instants.peak.filter(|_| instants.onset.is_some()) {
        moments.push(bare(at, MomentKind::Peak, count.to_string()));
    }
    if let Some(at) = instants.end {
        moments.push(bare(at, MomentKind::End, String::new()));
    }
    moments.sort_by(in_order);
    moments
}

/// Key moments by time, then kind, then label, then the post's id.
fn in_order(a: &KeyMoment, b: &KeyMoment) -> std::cmp::Ordering {
    (a.at, a.kind, &a.label, a.mention.as_ref().map(|m| &m.id)).cmp(&(
        b.at,
        b.kind,
        &b.label,
        b.mention.as_ref().map(|m| &m.id),
    ))
}

/// Adds the brand's first public response, post `i` (the one at `first_response_at`, found
/// beside the key moments), to them where the time sorts it: the first brand reply in the data
/// may be a routine answer from before the incident, and the story's own moment would be
/// missing.
pub fn add_first_response(moments: &mut Vec<KeyMoment>, mentions: &Mentions, i: usize) {
    moments.push(moment(
        MomentKind::FirstResponse,
        String::new(),
        mentions.get(i),
    ));
    moments.sort_by(in_order);
}

/// What the milestone warnings need to know besides the instants.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    pub mentions: usize,
    pub brand_posts: u64,
    /// Whether any mention names its author: without, no brand handle can match. Only read
    /// when the brand posted nothing (`brand_posts == 0`).
    pub authors_named: bool,
    /// Whether any brand post is dated at or after the onset.
    pub brand_posted_from_onset: bool,
    pub threshold: f64,
    pub end_sustain: usize,
}

/// Impact start (onset), first response, peak and end, each with its time from the onset, and
/// plain-language warnings where they are missing or contradict each other.
pub fn milestones(
    instants: Instants,
    first_response: Option<Timestamp>,
    ctx: Context,
) -> (Vec<Milestone>, Vec<TimelineWarning>) {
    let onset = instants.onset;
    let list: Vec<(MilestoneKind, Option<Timestamp>)> = vec![
        (MilestoneKind::ImpactStart, onset),
        (MilestoneKind::FirstResponse, first_response),
        (
            MilestoneKind::Peak,
            instants.peak.map(|p| p.0).filter(|_| onset.is_some()),
        ),
        (MilestoneKind::End, instants.end),
    ];
    let milestones = list
        .iter()
        .map(|(kind, at)| Milestone {
            kind: *kind,
            at: *at,
            since_onset_seconds: at
                .zip(onset)
                .map(|(at, onset)| at.as_second() - onset.as_second()),
        })
        .collect();

    let mut warnings = Vec::new();
    if ctx.mentions == 0 {
        warnings.push(TimelineWarning::NoMentions);
        return (milestones, warnings);
    }
    if onset.is_none() {
        warnings.push(TimelineWarning::NoOnset {
            threshold: ctx.threshold,
        });
    } else if instants.end.is_none() {
        warnings.push(TimelineWarning::NoEnd {
            buckets: ctx.end_sustain.max(1),
        });
    }
    if ctx.brand_posts == 0 && !ctx.authors_named {
        warnings.push(TimelineWarning::NoBrandPostsWithoutAuthors);
    } else if ctx.brand_posts == 0 {
        warnings.push(TimelineWarning::NoBrandPosts);
    } else if onset.is_some() && first_response.is_none() {
        warnings.push(if ctx.brand_posted_from_onset {
            TimelineWarning::NoBrandResponseAfterOnset
        } else {
            TimelineWarning::NoBrandPostAfterOnset
        });
    }
    // Order: onset ≤ peak ≤ end, onset ≤ first response; a response after the end is late.
    let [impact, response, peak, end] = [0, 1, 2, 3].map(|k| (list[k].0, list[k].1));
    for (earlier, later) in [
        (impact, peak),
        (peak, end),
        (impact, end),
        (impact, response),
    ] {
        if let (Some(earlier_at), Some(later_at)) = (earlier.1, later.1) {
            if later_at < earlier_at {
                warnings.push(TimelineWarning::OutOfOrder {
                    later: later.0,
                    later_at,
                    earlier: earlier.0,
                    earlier_at,
                });
            }
        }
    }
    if let (Some(response), Some(end)) = (response.1, end.1) {
        if response > end {
            warnings.push(TimelineWarning::ResponseAfterEnd { response, end });
        }
    }
    (milestones, warnings)
}
