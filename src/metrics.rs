//! The computed figures of an incident: plain data produced by `analysis`, read by `findings`
//! and `report`, and written as `metrics.json`. Every figure is defined in `docs/metrics.md`;
//! bump [`DEFINITIONS_VERSION`] when a definition changes.
//!
//! Conventions: times are UTC instants (RFC 3339 in JSON); durations are seconds; shares are
//! fractions in 0..=1; a figure the data cannot support is `None` (JSON `null`), never zero.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::model::{MentionRef, Sentiment};

pub const DEFINITIONS_VERSION: u32 = 6;

/// The share of the peak's count from which a later peak is as high as it
/// ([`TimelineWarning::LaterPeakAsHigh`]).
pub const LATER_PEAK_AS_HIGH: f64 = 0.9;

/// How `metrics.json` begins (its first key is `generated_by`): the mark by which a folder is
/// known as a report casebook wrote, never read as input and replaced whole by a build.
pub const METRICS_JSON_MARK: &[u8] = b"\"generated_by\": \"casebook";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    pub definitions_version: u32,
    pub timeline: Timeline,
    pub reach: Reach,
    pub response: Response,
    pub sentiment: SentimentMetrics,
    pub topics: Topics,
}

impl Metrics {
    /// The first response from the onset interval's first public post, when the timeline's
    /// intervals are longer than the first-response target (`target_seconds`): the onset, an
    /// interval's start, then says too little of when the rise began to judge the response
    /// by. `slow-first-response` judges by this time and the report leads with it.
    pub fn first_response_from_first_post(&self, target_seconds: i64) -> Option<i64> {
        self.response
            .first_response_after_first_post_seconds
            .filter(|_| self.timeline.bucket_seconds > target_seconds)
    }
}

// ---------------------------------------------------------------- timeline

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// First and last mention.
    pub first: Option<Timestamp>,
    pub last: Option<Timestamp>,
    pub bucket_seconds: i64,
    /// Whether the bucket size was chosen automatically.
    pub bucket_automatic: bool,
    /// Zero-filled, contiguous, in time order. Bucket starts are aligned in the incident's time
    /// zone (midnight for day buckets), so a DST change yields one shorter or longer local day
    /// but never a gap or an overlap.
    pub buckets: Vec<Bucket>,
    pub baseline: Baseline,
    /// Start of the first bucket of the sustained rise above the baseline threshold.
    pub onset: Option<Timestamp>,
    pub peak: Option<Peak>,
    /// Start of the first bucket of the sustained return under the threshold after the peak.
    pub end: Option<Timestamp>,
    pub phases: Vec<PhaseSpan>,
    /// Later peaks (re-ignition), in time order.
    pub secondary_peaks: Vec<Peak>,
    /// From onset to peak start.
    pub time_to_peak_seconds: Option<i64>,
    /// From peak start to the first bucket at or below half the peak count.
    pub decay_half_life_seconds: Option<i64>,
    pub key_moments: Vec<KeyMoment>,
    pub milestones: Vec<Milestone>,
    /// What is missing or contradicts itself (e.g. the end before the peak), in plain English:
    /// [`TimelineWarning::english`] of `warning_codes`.
    pub warnings: Vec<String>,
    /// The same warnings, for the report to word them in its own language.
    #[serde(skip)]
    pub warning_codes: Vec<TimelineWarning>,
}

/// A timeline warning, with what its wording needs.
#[derive(Debug, Clone, PartialEq)]
pub enum TimelineWarning {
    NoMentions,
    /// No sustained rise above the threshold (mentions per bucket).
    NoOnset {
        threshold: f64,
    },
    /// The volume had not stayed under the threshold for `buckets` buckets by the data's end.
    NoEnd {
        buckets: usize,
    },
    NoBrandPosts,
    /// No brand post, and no mention names its author: the handles could match nothing.
    NoBrandPostsWithoutAuthors,
    NoBrandPostAfterOnset,
    /// The brand posted from the onset on, but nothing that counts as a response.
    NoBrandResponseAfterOnset,
    /// Milestone `later` is dated before milestone `earlier`.
    OutOfOrder {
        later: MilestoneKind,
        later_at: Timestamp,
        earlier: MilestoneKind,
        earlier_at: Timestamp,
    },
    /// The first brand response came after the incident had ended.
    ResponseAfterEnd {
        response: Timestamp,
        end: Timestamp,
    },
    /// The configured bucket size would give more than `max` buckets; `automatic` is used.
    BucketTooSmall {
        configured: i64,
        max: i64,
        automatic: i64,
    },
    /// 99 % of the mentions fall between `from` and `to`, a small part of the data's span: a
    /// few posts far from the rest (an export that reached back years) stretch the timeline.
    SparseTail {
        from: Timestamp,
        to: Timestamp,
    },
    /// The export flags `posts` posts as the brand's whose authors are not among the configured
    /// handles, which decide: `accounts` are those with the most such posts, `more` the
    /// accounts not named. In such an export of several companies every figure counts the
    /// brand's conversations alone (its posts and the mentions that @-mention it, reply to it
    /// or that it answered): `conversations` of the `mentions`.
    FlaggedBrandPostsOfOtherAccounts {
        posts: u64,
        accounts: Vec<(String, u64)>,
        more: usize,
        conversations: u64,
        mentions: u64,
    },
    /// Before the onset the volume already rose above the threshold, to `count` mentions in
    /// the bucket from `at` (at least the secondary-peak fraction of the peak), and fell back:
    /// an earlier surge, counted in the `before` phase and in a pre-onset baseline.
    SurgeBeforeOnset {
        at: Timestamp,
        count: u64,
        onset: Timestamp,
    },
    /// After the peak (`peak` mentions), the volume rose again to `count` mentions in the
    /// bucket from `at`, at least [`LATER_PEAK_AS_HIGH`] of the peak: waves of a like size, of
    /// which the first is called the incident only for being a little higher.
    LaterPeakAsHigh {
        at: Timestamp,
        count: u64,
        peak: u64,
    },
    /// A manual event from `incident.toml` further from the timeline (`from` to `to`) than the
    /// timeline is long (and over a day): it is neither shown nor taken as what set off a
    /// later peak.
    EventOutsideData {
        label: String,
        at: Timestamp,
        from: Timestamp,
        to: Timestamp,
    },
}

impl TimelineWarning {
    /// The warning in plain English, as `metrics.json` gives it.
    pub fn english(&self) -> String {
        let name = |kind: &MilestoneKind| match kind {
            MilestoneKind::ImpactStart => "impact start (onset)",
            MilestoneKind::FirstResponse => "first brand response",
            MilestoneKind::Peak => "peak",
            MilestoneKind::End => "end",
        };
        match self {
            TimelineWarning::NoMentions => {
                "The data holds no mentions: there is no timeline to reconstruct.".to_string()
            }
            TimelineWarning::NoOnset { threshold } => format!(
                "No sustained rise above the onset threshold ({threshold:.1} mentions per \
                 bucket) was found: the onset, the phases, the end and every milestone measured \
                 from the onset are undefined."
            ),
            TimelineWarning::NoEnd { buckets } => format!(
                "The volume had not stayed at or under the threshold for {buckets} buckets in a \
                 row by the end of the data: the incident has no end in this data."
            ),
            TimelineWarning::NoBrandPosts => {
                "No brand post was found (no post is by a configured brand handle or, with none \
                 configured, flagged as the brand's by the export): the response rate and \
                 response times are undefined. Check the brand handles."
                    .to_string()
            }
            TimelineWarning::NoBrandPostsWithoutAuthors => {
                "No brand post was found: the exports name no authors, so no post can be \
                 matched to the brand handles. The response rate and response times are \
                 undefined."
                    .to_string()
            }
            TimelineWarning::NoBrandPostAfterOnset => {
                "The brand posted nothing at or after the onset.".to_string()
            }
            TimelineWarning::NoBrandResponseAfterOnset => {
                "The brand posted at or after the onset, but none of its posts answered anyone \
                 or spoke about the incident: there is no first response."
                    .to_string()
            }
            TimelineWarning::OutOfOrder {
                later,
                later_at,
                earlier,
                earlier_at,
            } => format!(
                "The {} ({later_at}) is before the {} ({earlier_at}): these milestones \
                 contradict each other.",
                name(later),
                name(earlier)
            ),
            TimelineWarning::ResponseAfterEnd { response, end } => format!(
                "The first brand response ({response}) came after the incident had ended ({end})."
            ),
            TimelineWarning::BucketTooSmall {
                configured,
                max,
                automatic,
            } => format!(
                "The configured bucket of {configured} s would give more than {max} buckets over \
                 this span; the automatic size of {automatic} s is used instead."
            ),
            TimelineWarning::SurgeBeforeOnset { at, count, onset } => format!(
                "Before the onset ({onset}) the volume already rose above the threshold, to \
                 {count} mentions in the interval from {at}, and fell back: an earlier surge, \
                 counted in the \"before\" phase and in the baseline. If it was a separate \
                 event, set start in incident.toml after it, so that it does not raise the \
                 baseline."
            ),
            TimelineWarning::LaterPeakAsHigh { at, count, peak } => format!(
                "After the peak ({peak} mentions) the volume rose again to {count} in the \
                 interval from {at}: waves of a like size, among which the peak stands out little or \
                 not at all. \
                 If they are separate events, set start and end in incident.toml to the one to \
                 study."
            ),
            TimelineWarning::SparseTail { from, to } => format!(
                "99% of the mentions fall between {from} and {to}, a small part of the data's \
                 span: a few posts far from the rest stretch the timeline. Set start and end in \
                 incident.toml to that period to see the incident at a readable scale."
            ),
            TimelineWarning::FlaggedBrandPostsOfOtherAccounts {
                posts,
                accounts,
                more,
                conversations,
                mentions,
            } => format!(
                "The export flags {posts} post{} by accounts other than the configured brand \
                 handles ({}{}) as a company's own posts: an export of several companies. Every \
                 figure here counts the brand's conversations alone, {conversations} of the \
                 {mentions} mentions: its posts and the mentions that @-mention it, reply to it \
                 or that it answered. If one of these accounts is the brand's, add it to handles \
                 in incident.toml; to study this brand alone, build from an export of its own \
                 mentions.",
                if *posts == 1 { "" } else { "s" },
                accounts
                    .iter()
                    .map(|(a, n)| format!("@{a}: {n}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                if *more > 0 {
                    format!(", and {more} more")
                } else {
                    String::new()
                },
            ),
            TimelineWarning::EventOutsideData {
                label,
                at,
                from,
                to,
            } => format!(
                "The event \"{label}\" ({at}) is further from the timeline ({from} to {to}) than \
                 the timeline is long: it is left off the timeline and the findings. Check its \
                 date in incident.toml."
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bucket {
    pub start: Timestamp,
    /// Every mention in the bucket.
    pub count: u64,
    /// Mentions not by the brand.
    pub inbound: u64,
    /// Posts by the brand.
    pub brand: u64,
    /// Brand posts that reply to someone.
    pub brand_replies: u64,
    pub negative: u64,
    pub neutral: u64,
    pub positive: u64,
    /// Mentions with no sentiment.
    pub unrated: u64,
    /// Sum of per-mention reach of the bucket's mentions that have one.
    pub reach: u64,
    pub phase: Phase,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    /// `pre-onset` (buckets before the rise) or `quietest` (quietest quarter when no quiet lead-in).
    pub method: String,
    pub median: f64,
    pub mad: f64,
    /// `max(median + onset_mads × MAD, onset_min_count)`: the level the onset and end are measured against.
    pub threshold: f64,
    pub buckets: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Peak {
    pub start: Timestamp,
    pub count: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Before,
    Escalation,
    Peak,
    Decay,
    After,
}

impl Phase {
    pub const ALL: [Phase; 5] = [
        Phase::Before,
        Phase::Escalation,
        Phase::Peak,
        Phase::Decay,
        Phase::After,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Before => "before",
            Phase::Escalation => "escalation",
            Phase::Peak => "peak",
            Phase::Decay => "decay",
            Phase::After => "after",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhaseSpan {
    pub phase: Phase,
    pub start: Timestamp,
    /// Exclusive.
    pub end: Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MomentKind {
    FirstMention,
    MostShared,
    MostEngaged,
    HighestReach,
    FirstBrandPost,
    FirstBrandReply,
    /// The brand's first public response to the incident (`response.first_response_at`),
    /// which a routine reply before it may not be.
    FirstResponse,
    /// A brand post replying to no one during escalation or peak (possibly scheduled content).
    UnpromptedBrandPost,
    HashtagFirstSeen,
    ManualEvent,
    Onset,
    Peak,
    End,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyMoment {
    pub at: Timestamp,
    pub kind: MomentKind,
    /// Short data label (a hashtag, the manual event's label, the figure of a most shared, most
    /// engaged or highest-reach post); the report words the rest.
    pub label: String,
    pub mention: Option<MentionRef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneKind {
    ImpactStart,
    FirstResponse,
    Peak,
    End,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Milestone {
    pub kind: MilestoneKind,
    pub at: Option<Timestamp>,
    pub since_onset_seconds: Option<i64>,
}

// ---------------------------------------------------------------- reach

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reach {
    /// Sum of per-mention reach over mentions that have one.
    pub potential: Option<u64>,
    /// Each author counted once, at their largest follower count.
    pub unique: Option<u64>,
    /// Sum of views/impressions where the export reports them.
    pub impressions: Option<u64>,
    /// How many mentions carry a per-mention reach (so "missing" can be told from "zero").
    pub mentions_with_reach: u64,
    pub mentions: u64,
    /// Distinct authors; `None` when there are mentions but none names its author (unknown,
    /// not zero).
    pub authors: Option<u64>,
    pub engagement: Engagement,
    pub kinds: KindCounts,
    /// Reposts per original; `None` without originals.
    pub amplification: Option<f64>,
    pub top_authors_by_reach: Vec<AuthorStat>,
    pub top_authors_by_volume: Vec<AuthorStat>,
    /// Share of unique reach held by the top 1% of authors (at least one author).
    pub concentration_top1pct: Option<f64>,
    pub by_platform: Vec<Breakdown>,
    pub by_language: Vec<Breakdown>,
    pub by_country: Vec<Breakdown>,
}

/// Totals over mentions that report the figure; `None` when no mention does.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Engagement {
    pub likes: Option<u64>,
    pub shares: Option<u64>,
    pub comments: Option<u64>,
    pub quotes: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KindCounts {
    pub original: u64,
    pub reply: u64,
    pub repost: u64,
    pub quote: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthorStat {
    pub author: String,
    pub mentions: u64,
    /// The author's largest per-mention reach seen.
    pub reach: Option<u64>,
    pub is_brand: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    /// The value (`twitter`, `it`, …) or `unknown`.
    pub key: String,
    pub mentions: u64,
    pub share: f64,
    pub reach: Option<u64>,
}

// ---------------------------------------------------------------- response

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// How many brand posts the data holds (configured handles or the export's flag).
    pub brand_posts: u64,
    pub brand_replies: u64,
    /// `parent` (reply ids), `thread` (thread-id fallback) or `none` (no reply linkage in the data).
    pub linkage: String,
    /// Not by the brand and not a repost.
    pub actionable: u64,
    pub answered: u64,
    /// `answered / actionable`; `None` when nothing is actionable or no brand post exists.
    pub rate: Option<f64>,
    pub min_seconds: Option<f64>,
    pub median_seconds: Option<f64>,
    pub mean_seconds: Option<f64>,
    /// Linear interpolation between order statistics (numpy / pandas default).
    pub p90_seconds: Option<f64>,
    pub max_seconds: Option<f64>,
    pub sla_seconds: i64,
    /// Share of answered mentions answered within the SLA.
    pub within_sla_share: Option<f64>,
    /// Same, counting only business-hours time, when business hours are configured.
    pub within_sla_business_hours_share: Option<f64>,
    /// First brand post (reply or not) at or after onset.
    pub first_response_at: Option<Timestamp>,
    pub first_response_after_onset_seconds: Option<i64>,
    /// From the first post not by the brand inside the onset's interval: the onset is the
    /// interval's start, hours before that post with long intervals.
    pub first_response_after_first_post_seconds: Option<i64>,
    pub by_phase: Vec<ResponseGroup>,
    /// By brand account (agent).
    pub by_account: Vec<ResponseGroup>,
    /// The same figures for negative mentions alone.
    pub negative: Option<ResponseGroup>,
    /// Response-time histogram for the report, bin edges in seconds.
    pub distribution: Vec<HistogramBin>,
    pub unanswered_top_reach: Vec<MentionRef>,
    /// Replies earlier than their parent: excluded from response times.
    pub anomalies: Vec<ResponseAnomaly>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponseGroup {
    pub key: String,
    pub actionable: u64,
    pub answered: u64,
    pub rate: Option<f64>,
    pub median_seconds: Option<f64>,
    pub p90_seconds: Option<f64>,
    pub within_sla_share: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistogramBin {
    /// Exclusive lower edge (inclusive for the first bin, which starts at 0).
    pub from_seconds: i64,
    /// Inclusive upper edge, as the response target is; `None` for the open last bin.
    pub to_seconds: Option<i64>,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponseAnomaly {
    pub reply_id: String,
    pub parent_id: String,
    /// Reply time minus parent time (negative).
    pub seconds: i64,
}

// ---------------------------------------------------------------- sentiment and topics

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentimentMetrics {
    /// `export`, `lexicon`, `mixed` (export where present, lexicon for the rest) or `none`.
    pub source: String,
    pub negative: u64,
    pub neutral: u64,
    pub positive: u64,
    pub unrated: u64,
    /// Negative / rated mentions.
    pub negative_share: Option<f64>,
    /// (positive − negative) / rated.
    pub net: Option<f64>,
    pub negative_share_baseline: Option<f64>,
    pub negative_share_peak: Option<f64>,
    /// From the peak to the first bucket whose negative share is back at or under the baseline's.
    pub recovery_seconds: Option<i64>,
}

impl SentimentMetrics {
    pub fn count(&self, s: Sentiment) -> u64 {
        match s {
            Sentiment::Negative => self.negative,
            Sentiment::Neutral => self.neutral,
            Sentiment::Positive => self.positive,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Topics {
    /// Lower case, without `#`, most frequent first (ties alphabetical).
    pub hashtags: Vec<TagCount>,
    pub terms: Vec<TermCount>,
    /// Terms over-represented from onset on compared with before (log-odds ratio with an
    /// informative Dirichlet prior, Monroe et al. 2008), strongest first.
    pub rising_terms: Vec<RisingTerm>,
    pub domains: Vec<TermCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TagCount {
    pub tag: String,
    pub count: u64,
    pub first_seen: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TermCount {
    pub term: String,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RisingTerm {
    pub term: String,
    pub before: u64,
    pub after: u64,
    /// z-score of the log-odds ratio.
    pub z: f64,
}
