//! Analysis: pure functions from mentions and configuration to [`Metrics`]. Opens no file and
//! renders nothing (the mentions' store reads back what it keeps on disk). Every figure is
//! defined in `docs/metrics.md`.
//!
//! One pass over the rows classifies the mentions (brand, actionable, reach); one over their
//! details gathers language codes, the export's sentiment, reach's breakdowns and the most
//! amplified posts; the bucket counts give the incident's shape; one pass over the texts, in
//! the order they are stored, tokenises each text once for every mention that shares it, for
//! sentiment, topics and the brand account a mention addresses, while the other core links
//! replies by id and measures reach. Nothing is quadratic and no regular expression runs per
//! mention: the cost is about a microsecond per mention, most of it tokenisation.

mod annotations;
mod brand;
mod moments;
mod reach;
mod response;
mod sentiment;
pub(crate) mod stats;
mod text;
mod textpass;
mod timeline;
mod topics;
mod vocabulary;
pub mod wording;

use std::borrow::Cow;

use jiff::{SignedDuration, Timestamp};
use rustc_hash::FxHashMap;

use crate::config::{Config, ManualEvent};
use crate::metrics::{self, Bucket, Metrics, Peak, Phase, PhaseSpan, Timeline, TimelineWarning};
use crate::model::{
    instant, Count, IdRef, Kind, Language, Mentions, OptIndex, Row, Sentiment, Times,
};
use wording::Signals;

pub use annotations::{Annotation, Annotations, Note};
pub use response::{is_response, responds_to_incident, BrandPost};

#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub metrics: Metrics,
    pub annotations: Annotations,
    /// What the wording of each brand post shows, by position: the text pass reads every text
    /// once, and findings judge the brand's replies by their wording.
    pub brand_signals: FxHashMap<usize, Signals>,
    /// For each of the configured campaign hashtags, in order: the posts not by the brand that
    /// carry it (in the export's hashtag list or in the text), by position.
    pub campaign_posts: Vec<Vec<u32>>,
}

/// What the parts of the analysis share about each mention, index-aligned: compact columns
/// of what analysis works out, and the rows for what they already hold (time, reach).
struct Facts<'a> {
    /// Nanoseconds since 1970 ([`crate::model::Row::at_nanos`]).
    at: Times<'a>,
    is_brand: Vec<bool>,
    actionable: Vec<bool>,
    /// The rows, for each mention's reach ([`Facts::reach`]).
    rows: &'a [Row],
    sentiment: Vec<Option<Sentiment>>,
    phase: Vec<Phase>,
    /// For a mention not by the brand: the first brand account it @-mentions.
    addressed: Vec<OptIndex>,
    /// What the wording of each brand post shows, by position.
    signals: FxHashMap<usize, Signals>,
    /// In an export of several companies, whether each mention is part of the brand's
    /// conversations, which every figure counts alone; `None` otherwise.
    in_scope: Option<Vec<bool>>,
}

impl Facts<'_> {
    /// Mention `i`'s reach: the export's, else the author's followers (read from its row, where
    /// a column would take 5 more bytes a mention).
    fn reach(&self, i: usize) -> Count {
        self.rows[i].reach_or_followers()
    }

    /// Whether mention `i` counts in the figures ([`Facts::in_scope`]).
    fn counted(&self, i: usize) -> bool {
        self.in_scope.as_ref().is_none_or(|scope| scope[i])
    }
}

/// The language of a text by its stop words, as a mention's is guessed when its export gives
/// none; `None` when no word is a stop word of a supported language.
pub fn guess_language(text: &str) -> Option<Language> {
    let mut tokens = text::Tokens::default();
    tokens.tokenize(text);
    text::guess_language(tokens.word_entries().map(|(word, _)| text::stop_bits(word)))
}

/// Computes every figure of the incident. Ingest delivers `mentions` sorted by timestamp and
/// id; the figures do not depend on that order.
///
/// # Panics
/// With more than [`crate::model::MAX_MENTIONS`] mentions, which ingest refuses: positions are
/// kept in 32 bits.
pub fn analyze(mentions: &Mentions, config: &Config) -> Analysis {
    let n = mentions.len();
    let th = &config.thresholds;
    let matcher = brand::BrandMatcher::new(config);
    let mut facts = Facts {
        at: mentions.times(),
        is_brand: Vec::new(),
        actionable: Vec::with_capacity(n),
        rows: mentions.rows(),
        // Filled by the text pass below.
        sentiment: Vec::new(),
        phase: vec![Phase::Before; n],
        addressed: Vec::new(),
        signals: FxHashMap::default(),
        in_scope: None,
    };
    let (is_brand, other_companies) = brand::brand_flags(mentions, &matcher);
    facts.is_brand = is_brand;
    // A post the export marks as a brand's that the handles leave out (another company's, in
    // a corpus of many) is that company's own post, and a news article or a blog post is
    // coverage: neither calls for this brand's answer.
    for (m, &is_brand) in mentions.rows().iter().zip(&facts.is_brand) {
        facts.actionable.push(
            !is_brand
                && m.kind != Kind::Repost
                && !brand::is_other_company(m, is_brand)
                && !m.platform.is_some_and(|p| crate::model::is_publication(&p)),
        );
    }

    // The details (counts, language, the export's sentiment) are read once, in the order they
    // are stored, for the text pass, reach and the most amplified posts; and the thread ids
    // for linking replies by thread, needed only when no mention names the post it replies to
    // (most exports do). In an export of several companies reach and the most amplified posts
    // are the brand's conversations', known only once replies are linked: their details are
    // read again then.
    let several_companies = !other_companies.is_empty();
    let mut threads =
        (!mentions.rows().iter().any(|m| m.parent.is_some())).then(|| vec![IdRef::NONE; n]);
    let mut export_sentiment = vec![None; n];
    let mut language_code = vec![text::LangCode::Missing; n];
    let mut detail_tally = reach::DetailTally::default();
    let mut amplified = moments::Amplified::default();
    mentions.read_details(|i, d| {
        export_sentiment[i] = d.sentiment;
        language_code[i] = d
            .language
            .as_deref()
            .map_or(text::LangCode::Missing, Language::from_code);
        if !several_companies {
            detail_tally.add(&d, facts.reach(i), &facts.rows[i]);
            amplified.add(i, mentions[i].kind, &d, facts.at);
        }
        if let Some(threads) = threads.as_mut() {
            threads[i] = d.thread;
        }
    });

    // In an export of several companies every figure is the brand's conversations': its posts
    // and the mentions connected to it. Counted over every company's traffic, the onset and
    // peak were other companies' (the first response was measured from them), and the top
    // voices, terms and hashtags were theirs. Which mentions are connected needs the replies
    // linked and the brand accounts each text @-mentions, worked out here first; in an export
    // of one brand's mentions the other core links replies beside the text pass.
    let accounts = response::Accounts::new(mentions, &facts.is_brand, config);
    let mut linked = None;
    if several_companies {
        // Replies are linked on the other core while this one reads the texts' @-mentions.
        let (linkage, addressed) = std::thread::scope(|scope| {
            let (facts, threads, accounts) = (&facts, threads.as_deref(), &accounts);
            let linking = crate::parallel::spawn_or_run(scope, move || {
                response::link(mentions, facts, threads)
            });
            let addressed = textpass::addressed(mentions, &facts.is_brand, accounts);
            (linking.join(), addressed)
        });
        facts.addressed = addressed;
        keep_the_brands_conversations(&mut facts, &linkage);
        let in_scope: Vec<bool> = (0..n)
            .map(|i| {
                facts.is_brand[i]
                    || !brand::is_other_company(&facts.rows[i], false)
                        && connected_to_brand(&facts, &linkage, i)
            })
            .collect();
        mentions.read_details(|i, d| {
            if in_scope[i] {
                detail_tally.add(&d, facts.reach(i), &facts.rows[i]);
                amplified.add(i, mentions[i].kind, &d, facts.at);
            }
        });
        facts.in_scope = Some(in_scope);
        linked = Some(linkage);
    }
    detail_tally.add_absent_originals((0..n).filter(|i| facts.counted(*i)).map(|i| &facts.rows[i]));
    // How many mentions the figures count: in an export of several companies, the brand's
    // conversations'.
    let conversations = facts
        .in_scope
        .as_ref()
        .map_or(n, |scope| scope.iter().filter(|s| **s).count());
    // Borrows two fields of `facts`, not all of it, which the passes below go on filling.
    let counted_times = || {
        let scope = facts.in_scope.as_deref();
        facts
            .at
            .iter()
            .enumerate()
            .filter(move |(i, _)| scope.is_none_or(|scope| scope[*i]))
            .map(|(_, at)| at)
    };

    // The grid covers the data counted and the configured window.
    let first = counted_times().min().map(instant);
    let last = counted_times().max().map(instant);
    let grid = first.zip(last).map(|(first, last)| {
        let window_last = config
            .window
            .end
            .and_then(|e| e.checked_sub(SignedDuration::from_nanos(1)).ok());
        let from = config.window.start.map_or(first, |s| s.min(first));
        let to = window_last.map_or(last, |e| e.max(last));
        timeline::grid(from, to, config.bucket_seconds, &config.timezone)
    });
    // Each mention's bucket, worked out again by each pass that needs it rather than kept in
    // a column (4 bytes a mention).
    let at = facts.at;
    let bucket_of = || grid.iter().flat_map(move |g| g.buckets_of(at.iter()));
    let bucket_count = grid.as_ref().map_or(0, |g| g.starts.len());
    let mut counts = vec![0u64; bucket_count];
    for (i, b) in bucket_of().enumerate() {
        counts[b] += u64::from(facts.counted(i));
    }
    let shape = timeline::shape(&counts, th);
    for (i, b) in bucket_of().enumerate() {
        facts.phase[i] = shape.phases[b];
    }
    let start_of = |b: usize| grid.as_ref().map(|g| g.starts[b]);
    let onset = shape.onset.and_then(start_of);

    // One tokenisation per text: sentiment, topics, addressed brand account, and the wording
    // of brand posts. Reply linking and reach need none of it: the other core does them first,
    // then takes its share of the texts.
    let parts = mentions.text_parts();
    let per_mention = textpass::PerMention::new(n);
    let inputs = textpass::Inputs {
        mentions,
        is_brand: &facts.is_brand,
        export_sentiment: &export_sentiment,
        language_code: &language_code,
        accounts: &accounts,
        config,
        onset_nanos: onset.map(|o| i64::try_from(o.as_nanosecond()).unwrap_or(i64::MAX)),
        counted: facts.in_scope.as_deref(),
    };
    let next_part = std::sync::atomic::AtomicUsize::new(0);
    let (gathered, linkage, reach) = std::thread::scope(|scope| {
        let (facts, detail_tally, threads) = (&facts, &detail_tally, threads.as_deref());
        let (parts, per_mention, inputs, next_part) = (&parts, &per_mention, &inputs, &next_part);
        let linked = linked.as_ref();
        let other = crate::parallel::spawn_or_run(scope, move || {
            let linkage = match linked {
                Some(linkage) => Cow::Borrowed(linkage),
                None => Cow::Owned(response::link(mentions, facts, threads)),
            };
            let reach = reach::measure(mentions, facts, detail_tally);
            let mut gathered = textpass::Gathered::new(config);
            gathered.take_parts(parts, next_part, inputs, per_mention);
            (linkage, reach, gathered)
        });
        let mut gathered = textpass::Gathered::new(config);
        gathered.take_parts(parts, next_part, inputs, per_mention);
        let (linkage, reach, theirs) = other.join();
        (gathered.merge(theirs), linkage, reach)
    });
    drop((parts, export_sentiment, language_code, threads));
    let textpass::Gathered {
        vocabulary,
        topics,
        tally,
        signals,
        campaign_posts,
        ..
    } = gathered;
    (facts.sentiment, facts.addressed) = per_mention.finish();
    facts.signals = signals;

    let mut buckets: Vec<Bucket> = (0..bucket_count)
        .map(|b| Bucket {
            start: grid.as_ref().map_or(Timestamp::UNIX_EPOCH, |g| g.starts[b]),
            count: counts[b],
            inbound: 0,
            brand: 0,
            brand_replies: 0,
            negative: 0,
            neutral: 0,
            positive: 0,
            unrated: 0,
            reach: 0,
            phase: shape.phases[b],
        })
        .collect();
    for (i, b) in bucket_of().enumerate() {
        if !facts.counted(i) {
            continue;
        }
        let bucket = &mut buckets[b];
        bucket.reach = bucket
            .reach
            .saturating_add(facts.reach(i).get().unwrap_or(0));
        if facts.is_brand[i] {
            bucket.brand += 1;
            bucket.brand_replies += u64::from(linkage.is_brand_reply(i));
            continue;
        }
        bucket.inbound += 1;
        match facts.sentiment[i] {
            Some(Sentiment::Negative) => bucket.negative += 1,
            Some(Sentiment::Neutral) => bucket.neutral += 1,
            Some(Sentiment::Positive) => bucket.positive += 1,
            None => bucket.unrated += 1,
        }
    }

    // A manual event far from the data is a typo, not the trigger of a later peak: an event
    // typed with the wrong year was taken as what set off every re-ignition, "400 days after
    // the statement". It is left out, with a warning; one shortly before the first mention
    // (the post that started it all) stays.
    let (events, events_outside): (Vec<&ManualEvent>, Vec<&ManualEvent>) = config
        .events
        .iter()
        .partition(|e| grid.as_ref().is_some_and(|g| g.is_near(e.at)));

    let instants = moments::Instants {
        onset,
        peak: shape.peak.and_then(|p| start_of(p).map(|t| (t, counts[p]))),
        end: shape.end.and_then(start_of),
    };
    // The first public post inside the onset's interval (the mentions are in time order): the
    // onset is the interval's start, which long intervals put hours before the rise's first post.
    let onset_first_post = shape.onset.and_then(|onset_bucket| {
        bucket_of()
            .enumerate()
            .find(|&(i, b)| b == onset_bucket && facts.counted(i) && !facts.is_brand[i])
            .map(|(i, _)| instant(facts.at[i]))
    });
    // The response figures need neither topics nor key moments: they are measured on the other
    // core while this one finishes those.
    let (response, times, sentiment, topics, key_moments, first_response) =
        std::thread::scope(|scope| {
            let (facts, linkage, accounts) = (&facts, &linkage, &accounts);
            let onsets = response::Onsets {
                interval: onset,
                first_post: onset_first_post,
            };
            let measured = crate::parallel::spawn_or_run(scope, move || {
                response::measure(mentions, facts, linkage, accounts, onsets, config)
            });
            let peak_span = shape.peak_span.or(shape.peak.map(|p| (p, p)));
            let sentiment = sentiment::summarize(
                &buckets,
                tally,
                &shape.baseline_buckets,
                peak_span,
                shape.peak,
                th.onset_min_count,
            );
            let (topics, hashtag_first) =
                topics.finish(&vocabulary, &config.campaign_hashtags, onset.is_some());
            let hashtag_moments: Vec<(String, usize)> = topics
                .hashtags
                .iter()
                .zip(hashtag_first)
                .map(|(t, i)| (t.tag.clone(), i))
                .collect();
            let key_moments = moments::key_moments(
                mentions,
                facts,
                linkage,
                amplified,
                instants,
                &hashtag_moments,
                &events,
            );
            let (response, times, first_response) = measured.join();
            (
                response,
                times,
                sentiment,
                topics,
                key_moments,
                first_response,
            )
        });
    let mut key_moments = key_moments;
    if let Some(i) = first_response {
        moments::add_first_response(&mut key_moments, mentions, i);
    }
    let brand_posted_from_onset = onset.is_some_and(|onset| {
        let onset = i64::try_from(onset.as_nanosecond()).unwrap_or(i64::MIN);
        (0..n).any(|i| facts.is_brand[i] && facts.at[i] >= onset)
    });
    let (milestones, mut warnings) = moments::milestones(
        instants,
        response.first_response_at,
        moments::Context {
            mentions: conversations,
            brand_posts: response.brand_posts,
            // Only asked when the brand posted nothing: a pass over the mentions otherwise.
            authors_named: response.brand_posts > 0
                || mentions
                    .rows()
                    .iter()
                    .any(|m| m.author_ref() != crate::model::AuthorRef::NONE),
            brand_posted_from_onset,
            threshold: shape.baseline.threshold,
            end_sustain: th.end_sustain,
        },
    );
    // With none of the brand's conversations in an export of several companies, that warning
    // says so ("0 of the 5,000 mentions"): "the data holds no mentions" would be false.
    if conversations == 0 && n > 0 {
        warnings.retain(|w| *w != TimelineWarning::NoMentions);
    }
    warnings.extend(other_companies.warning(conversations as u64, n as u64));
    let tail = match facts.in_scope {
        Some(_) => {
            let counted: Vec<i64> = counted_times().collect();
            sparse_tail(|k| counted[k], counted.len())
        }
        None => sparse_tail(|k| facts.at[k], n),
    };
    warnings.extend(tail);
    if let (Some(surge), Some(onset)) = (surge_before_onset(&counts, &shape, th), onset) {
        warnings.extend(start_of(surge).map(|at| TimelineWarning::SurgeBeforeOnset {
            at,
            count: counts[surge],
            onset,
        }));
    }
    if let Some(peak) = shape.peak {
        let as_high =
            |p: &&usize| counts[**p] as f64 >= metrics::LATER_PEAK_AS_HIGH * counts[peak] as f64;
        let later = shape.secondary_peaks.iter().find(as_high);
        warnings.extend(later.and_then(|&p| {
            Some(TimelineWarning::LaterPeakAsHigh {
                at: start_of(p)?,
                count: counts[p],
                peak: counts[peak],
            })
        }));
    }
    if let Some((grid, from)) = grid.as_ref().and_then(|g| Some((g, *g.starts.first()?))) {
        warnings.extend(
            events_outside
                .iter()
                .map(|e| TimelineWarning::EventOutsideData {
                    label: e.label.clone(),
                    at: e.at,
                    from,
                    to: grid.end,
                }),
        );
    }
    if let (Some(size), Some(grid)) = (config.bucket_seconds, &grid) {
        if grid.automatic {
            warnings.push(TimelineWarning::BucketTooSmall {
                configured: size,
                max: timeline::MAX_BUCKETS,
                automatic: grid.bucket_seconds,
            });
        }
    }

    let phases = match &grid {
        Some(grid) => phase_spans(grid, &shape.phases),
        None => Vec::new(),
    };
    let seconds_between_buckets = |a: Option<usize>, b: Option<usize>| {
        Some(start_of(b?)?.as_second() - start_of(a?)?.as_second())
    };
    let timeline = Timeline {
        first,
        last,
        bucket_seconds: grid.as_ref().map_or(
            config
                .bucket_seconds
                .unwrap_or(timeline::AUTOMATIC_SIZES[0]),
            |g| g.bucket_seconds,
        ),
        bucket_automatic: grid
            .as_ref()
            .map_or(config.bucket_seconds.is_none(), |g| g.automatic),
        buckets,
        baseline: shape.baseline.clone(),
        onset,
        peak: instants.peak.map(|(start, count)| Peak { start, count }),
        end: instants.end,
        phases,
        secondary_peaks: shape
            .secondary_peaks
            .iter()
            .filter_map(|p| {
                start_of(*p).map(|start| Peak {
                    start,
                    count: counts[*p],
                })
            })
            .collect(),
        time_to_peak_seconds: seconds_between_buckets(
            shape.onset,
            shape.peak.filter(|_| shape.onset.is_some()),
        ),
        decay_half_life_seconds: seconds_between_buckets(
            shape.peak.filter(|_| shape.onset.is_some()),
            shape.half_life,
        ),
        key_moments,
        milestones,
        warnings: warnings.iter().map(TimelineWarning::english).collect(),
        warning_codes: warnings,
    };

    // The annotations (a byte a mention, and tables of the answered mentions and of brand
    // replies) are the last list made: what is no longer needed goes first.
    drop(vocabulary);
    facts.addressed = Vec::new();
    let mut annotations: Annotations = (0..n)
        .map(|i| Annotation {
            is_brand: facts.is_brand[i],
            sentiment: facts.sentiment[i],
            actionable: facts.actionable[i],
            // A float-to-integer cast saturates; no answer comes near the bound.
            response_seconds: response::time(&times, i).map(|t| t.floor() as i32),
            replies_to: if facts.is_brand[i] {
                linkage.replies_to(i)
            } else {
                OptIndex::NONE
            },
            phase: facts.phase[i],
        })
        .collect();
    annotations.set_brand_conversations(facts.in_scope.take());

    Analysis {
        metrics: Metrics {
            definitions_version: metrics::DEFINITIONS_VERSION,
            timeline,
            reach,
            response,
            sentiment,
            topics,
        },
        annotations,
        brand_signals: facts.signals,
        campaign_posts,
    }
}

/// Runs of buckets in the same phase.
fn phase_spans(grid: &timeline::Grid, phases: &[Phase]) -> Vec<PhaseSpan> {
    let mut spans: Vec<PhaseSpan> = Vec::new();
    for (b, phase) in phases.iter().enumerate() {
        let end = grid.bucket_end(b);
        match spans.last_mut() {
            Some(span) if span.phase == *phase => span.end = end,
            _ => spans.push(PhaseSpan {
                phase: *phase,
                start: grid.starts[b],
                end,
            }),
        }
    }
    spans
}

/// The highest bucket before the onset, when it rose above the threshold and reached the
/// secondary-peak fraction of the peak (as a re-ignition must): an earlier surge that died
/// down, which the timeline counts in the `before` phase ([`TimelineWarning::SurgeBeforeOnset`]).
fn surge_before_onset(
    counts: &[u64],
    shape: &timeline::Shape,
    th: &crate::config::Thresholds,
) -> Option<usize> {
    let (onset, peak) = (shape.onset?, shape.peak?);
    let top = (0..onset).max_by_key(|i| (counts[*i], std::cmp::Reverse(*i)))?;
    let count = counts[top] as f64;
    (count > shape.baseline.threshold && count >= th.secondary_peak_fraction * counts[peak] as f64)
        .then_some(top)
}

/// In an export of several companies (twcs), only a mention connected to the brand calls for
/// its answer: one that @-mentions a brand account, replies to a brand post or that the brand
/// answered. The others are other companies' customers, or posts to no one in particular,
/// which an export of one brand's mentions would not hold: they are no longer actionable.
fn keep_the_brands_conversations(facts: &mut Facts, linkage: &response::Linkage) {
    for i in 0..facts.actionable.len() {
        if facts.actionable[i] && !connected_to_brand(facts, linkage, i) {
            facts.actionable[i] = false;
        }
    }
}

/// Whether mention `i` is part of a conversation with the brand: it @-mentions a brand
/// account, replies to a brand post, or the brand answered it.
fn connected_to_brand(facts: &Facts, linkage: &response::Linkage, i: usize) -> bool {
    facts.addressed[i].is_some() || linkage.answer(i).is_some() || linkage.brand_parent(i).is_some()
}

/// [`TimelineWarning::SparseTail`] when the data spans at least 30 days and more than ten
/// times the period that holds 99 % of its mentions (`n` of them, the `k`th in time order at
/// `at(k)`): a few posts far from the rest, which squeeze the incident into a sliver of every
/// chart.
fn sparse_tail(at: impl Fn(usize) -> i64, n: usize) -> Option<TimelineWarning> {
    const DAY: i64 = 86_400 * 1_000_000_000;
    // Half a per cent of the mentions at each end, one at least.
    if n < 200 {
        return None;
    }
    let cut = n / 200;
    let (first, last) = (at(0), at(n - 1));
    let (from, to) = (at(cut), at(n - 1 - cut));
    let all = last - first;
    let core = (to - from).max(1);
    (all >= 30 * DAY && all / 10 > core).then(|| TimelineWarning::SparseTail {
        from: instant(from),
        to: instant(to),
    })
}

#[cfg(test)]
mod tests;
