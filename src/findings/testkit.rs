//! Hand-built incidents for the rule tests: mentions with their annotations and neutral metrics,
//! so each test sets only what its rule reads. Times are minutes after 08:00 UTC, 12 March 2026.

use jiff::{SignedDuration, Timestamp};

use super::{Ctx, Rule};
use crate::analysis::wording::{carries_hashtag, Signals};
use crate::analysis::{Analysis, Annotation, Annotations};
use crate::case::{Finding, RuleStatus};
use crate::config::Config;
use crate::metrics::*;
use crate::model::{Count, Kind, Language, Mention, Mentions, OptIndex, Sentiment};

pub(crate) fn at(minute: i64) -> Timestamp {
    let start: Timestamp = "2026-03-12T08:00:00Z".parse().unwrap();
    start + SignedDuration::from_mins(minute)
}

/// Metrics with nothing in them: no onset, no peak, no reach, linkage by parent id.
/// The ids of a finding's example posts, in order.
pub(crate) fn example_ids(finding: &Finding) -> Vec<&str> {
    finding
        .evidence
        .examples
        .iter()
        .map(|e| e.id.as_str())
        .collect()
}

/// The values of a finding's figures, in order.
pub(crate) fn figure_values(finding: &Finding) -> Vec<&str> {
    finding
        .evidence
        .figures
        .iter()
        .map(|f| f.value.as_str())
        .collect()
}

pub(crate) fn empty_metrics() -> Metrics {
    Metrics {
        definitions_version: DEFINITIONS_VERSION,
        timeline: Timeline {
            first: None,
            last: None,
            bucket_seconds: 600,
            bucket_automatic: true,
            buckets: Vec::new(),
            baseline: Baseline {
                method: "pre-onset".into(),
                median: 0.0,
                mad: 0.0,
                threshold: 3.0,
                buckets: 0,
            },
            onset: None,
            peak: None,
            end: None,
            phases: Vec::new(),
            secondary_peaks: Vec::new(),
            time_to_peak_seconds: None,
            decay_half_life_seconds: None,
            key_moments: Vec::new(),
            milestones: Vec::new(),
            warnings: Vec::new(),
            warning_codes: Vec::new(),
        },
        reach: Reach {
            potential: None,
            unique: None,
            impressions: None,
            mentions_with_reach: 0,
            mentions: 0,
            authors: Some(0),
            engagement: Engagement::default(),
            kinds: KindCounts::default(),
            amplification: None,
            top_authors_by_reach: Vec::new(),
            top_authors_by_volume: Vec::new(),
            concentration_top1pct: None,
            by_platform: Vec::new(),
            by_language: Vec::new(),
            by_country: Vec::new(),
        },
        response: Response {
            brand_posts: 0,
            brand_replies: 0,
            linkage: "parent".into(),
            actionable: 0,
            answered: 0,
            rate: None,
            min_seconds: None,
            median_seconds: None,
            mean_seconds: None,
            p90_seconds: None,
            max_seconds: None,
            sla_seconds: 3600,
            within_sla_share: None,
            within_sla_business_hours_share: None,
            first_response_at: None,
            first_response_after_onset_seconds: None,
            first_response_after_first_post_seconds: None,
            by_phase: Vec::new(),
            by_account: Vec::new(),
            negative: None,
            distribution: Vec::new(),
            unanswered_top_reach: Vec::new(),
            anomalies: Vec::new(),
        },
        sentiment: SentimentMetrics {
            source: "none".into(),
            negative: 0,
            neutral: 0,
            positive: 0,
            unrated: 0,
            negative_share: None,
            net: None,
            negative_share_baseline: None,
            negative_share_peak: None,
            recovery_seconds: None,
        },
        topics: Topics {
            hashtags: Vec::new(),
            terms: Vec::new(),
            rising_terms: Vec::new(),
            domains: Vec::new(),
        },
    }
}

pub(crate) struct Incident {
    pub mentions: Vec<Mention>,
    pub notes: Vec<Annotation>,
    pub metrics: Metrics,
    pub config: Config,
    /// In an export of several companies, whether each mention is part of the brand's
    /// conversations (as analysis finds it); `None`, every mention is.
    pub brand_conversations: Option<Vec<bool>>,
}

impl Incident {
    /// A quiet incident: brand Skyways with handle SkywaysHelp, no onset, every post `Before`.
    pub fn new() -> Incident {
        let mut config = Config::from_toml(
            "brand = \"Skyways\"\nhandles = [\"SkywaysHelp\"]",
            "incident.toml",
        )
        .unwrap();
        config.report_language = Language::En;
        Incident {
            mentions: Vec::new(),
            notes: Vec::new(),
            metrics: empty_metrics(),
            config,
            brand_conversations: None,
        }
    }

    /// Escalation from minute 60 (the onset), peak 120–180 (50 mentions per 10-minute
    /// bucket), decay until 300, after from 300.
    pub fn crisis() -> Incident {
        let mut incident = Incident::new();
        let starts = [
            (60, Phase::Escalation),
            (120, Phase::Peak),
            (180, Phase::Decay),
            (300, Phase::After),
        ];
        // Each phase runs to the next one's start; the last for a day.
        let ends = starts
            .iter()
            .skip(1)
            .map(|(start, _)| *start)
            .chain([300 + 1440]);
        incident.metrics.timeline.phases = starts
            .iter()
            .zip(ends)
            .map(|(&(start, phase), end)| PhaseSpan {
                phase,
                start: at(start),
                end: at(end),
            })
            .collect();
        incident.metrics.timeline.onset = Some(at(60));
        incident.metrics.timeline.peak = Some(Peak {
            start: at(120),
            count: 50,
        });
        incident
    }

    /// Like [`Incident::crisis`], but the rise is at its peak phase from its first bucket
    /// (onset at minute 120): there is no escalation phase.
    pub fn sudden_crisis() -> Incident {
        let mut incident = Incident::crisis();
        incident.metrics.timeline.phases.remove(0);
        incident.metrics.timeline.onset = Some(at(120));
        incident
    }

    /// The phase of a post at `minute`, by the timeline's phase spans: `Before` ahead of them.
    pub fn phase_of(&self, minute: i64) -> Phase {
        self.metrics
            .timeline
            .phases
            .iter()
            .rev()
            .find(|span| at(minute) >= span.start)
            .map_or(Phase::Before, |span| span.phase)
    }

    fn push(&mut self, minute: i64, author: &str, text: &str, is_brand: bool) -> usize {
        let index = self.mentions.len();
        let mut mention = Mention::new(format!("m{index}"), at(minute), text);
        mention.author = Some(author.into());
        mention.platform = Some("twitter".into());
        self.mentions.push(mention);
        self.notes.push(Annotation {
            is_brand,
            sentiment: None,
            actionable: !is_brand,
            response_seconds: None,
            replies_to: OptIndex::NONE,
            phase: self.phase_of(minute),
        });
        index
    }

    /// An original post by a customer.
    pub fn inbound(&mut self, minute: i64, author: &str, text: &str) -> usize {
        self.push(minute, author, text, false)
    }

    /// A brand post that replies to no one.
    pub fn brand_post(&mut self, minute: i64, text: &str) -> usize {
        self.push(minute, "SkywaysHelp", text, true)
    }

    /// A brand reply to mention `to`, which becomes answered (at its earliest reply).
    pub fn brand_reply(&mut self, minute: i64, to: usize, text: &str) -> usize {
        let index = self.push(minute, "SkywaysHelp", text, true);
        self.mentions[index].kind = Kind::Reply;
        self.mentions[index].parent_id = Some(self.mentions[to].id.clone());
        self.notes[index].replies_to = OptIndex::some(to);
        let delay = i32::try_from(super::seconds_between(
            self.mentions[to].timestamp,
            at(minute),
        ))
        .expect("test incidents span minutes");
        let answered = &mut self.notes[to].response_seconds;
        *answered = Some(answered.map_or(delay, |d| d.min(delay)));
        index
    }

    /// A manual event from incident.toml inside the data, which the analysis keeps as a key
    /// moment.
    pub fn event(&mut self, minute: i64, label: &str) {
        self.config.events.push(crate::config::ManualEvent {
            at: at(minute),
            label: label.into(),
        });
        self.metrics.timeline.key_moments.push(KeyMoment {
            at: at(minute),
            kind: MomentKind::ManualEvent,
            label: label.into(),
            mention: None,
        });
    }

    pub fn negative(&mut self, index: usize) {
        self.sentiment(index, Sentiment::Negative);
    }

    pub fn sentiment(&mut self, index: usize, sentiment: Sentiment) {
        self.notes[index].sentiment = Some(sentiment);
        self.mentions[index].sentiment = Some(sentiment);
    }

    pub fn reach(&mut self, index: usize, reach: u64) {
        self.mentions[index].reach = Count::from(reach);
    }

    /// The analysis the rules read: the hand-set annotations and metrics, and what the text
    /// pass finds (the wording of brand posts, the posts carrying campaign hashtags) as
    /// analysis finds it.
    pub fn analysis(&self) -> Analysis {
        let brand_signals = (self.notes.iter().enumerate())
            .filter(|(_, note)| note.is_brand)
            .map(|(i, _)| (i, Signals::of(&self.mentions[i].text)))
            .collect();
        let campaign_posts = (self.config.campaign_hashtags.iter())
            .map(|tag| {
                (self.mentions.iter().zip(&self.notes).enumerate())
                    .filter(|(_, (m, note))| {
                        !note.is_brand
                            && carries_hashtag(m.hashtags.iter().map(|h| h.as_str()), &m.text, tag)
                    })
                    .map(|(i, _)| i as u32)
                    .collect()
            })
            .collect();
        let mut annotations: Annotations = self.notes.iter().copied().collect();
        annotations.set_brand_conversations(self.brand_conversations.clone());
        Analysis {
            metrics: self.metrics.clone(),
            annotations,
            brand_signals,
            campaign_posts,
        }
    }

    /// The mentions as ingest would hand them over, in this order.
    pub fn stored(&self) -> Mentions {
        Mentions::from_mentions(self.mentions.iter().cloned()).unwrap()
    }

    pub fn evaluate(&self) -> (Vec<Finding>, Vec<RuleStatus>) {
        let mentions = self.stored();
        super::evaluate(&mentions, &self.analysis(), &self.config)
    }

    /// Runs `rule` in the incident's language, after checking it is fully worded in all four.
    pub fn run(&self, rule: Rule) -> Result<Vec<Finding>, String> {
        self.assert_worded(rule);
        self.run_in(rule, self.config.report_language)
    }

    fn run_in(&self, rule: Rule, language: Language) -> Result<Vec<Finding>, String> {
        let mut config = self.config.clone();
        config.report_language = language;
        let analysis = self.analysis();
        let mentions = self.stored();
        let ctx = Ctx::new(&mentions, &analysis, &config);
        rule(&ctx).map_err(|not_checked| not_checked.reason)
    }

    /// Runs `rule` in every report language and checks that no string is missing from a
    /// catalogue (the key would show) or has a placeholder left unfilled.
    fn assert_worded(&self, rule: Rule) {
        for language in Language::ALL {
            let texts: Vec<String> = match self.run_in(rule, language) {
                Ok(found) => found
                    .iter()
                    .flat_map(|f| {
                        let figures = f.evidence.figures.iter();
                        [
                            f.title.clone(),
                            f.principle.clone(),
                            f.recommendation.clone(),
                        ]
                        .into_iter()
                        .chain(figures.map(|g| format!("{}: {}", g.label, g.value)))
                    })
                    .collect(),
                Err(reason) => vec![reason],
            };
            for text in texts {
                assert!(
                    !text.contains('{') && !text.contains("finding."),
                    "{language}: unfilled or missing string {text:?}"
                );
            }
        }
    }
}
