//! `analyze` on small constructed incidents, every expectation computed by hand.

use jiff::Timestamp;

use super::*;
use crate::metrics::{HistogramBin, MilestoneKind, MomentKind, TimelineWarning};
use crate::model::{Count, Mention};

/// [`super::analyze`] on mentions kept in the given order.
fn analyze(mentions: &[Mention], config: &Config) -> Analysis {
    let mentions = Mentions::from_mentions(mentions.iter().cloned()).unwrap();
    let analysis = super::analyze(&mentions, config);
    mentions.check().unwrap();
    analysis
}

/// 2026-03-12T10:00:00Z plus `minutes`.
fn at(minutes: i64) -> Timestamp {
    Timestamp::from_second(1_773_309_600 + minutes * 60).unwrap()
}

fn post(id: &str, minute: i64, author: &str, text: &str) -> Mention {
    let mut m = Mention::new(id, at(minute), text);
    m.author = Some(author.into());
    m
}

fn reply(id: &str, minute: i64, author: &str, parent: &str, text: &str) -> Mention {
    let mut m = post(id, minute, author, text);
    m.kind = Kind::Reply;
    m.parent_id = Some(parent.into());
    m
}

fn with_followers(mut m: Mention, followers: u64) -> Mention {
    m.followers = Count::from(followers);
    m
}

/// Sorted as ingest delivers them: by timestamp, then id.
fn sorted(mut mentions: Vec<Mention>) -> Vec<Mention> {
    mentions.sort_by(|a, b| (a.timestamp, &a.id).cmp(&(b.timestamp, &b.id)));
    mentions
}

fn config(toml: &str) -> Config {
    Config::from_toml(toml, "incident.toml").unwrap()
}

fn skyways() -> Config {
    config(r#"handles = ["@SkywaysHelp"]"#)
}

fn index(mentions: &[Mention], id: &str) -> usize {
    mentions.iter().position(|m| m.id == id).unwrap()
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

/// Customers c1…c7, replies from two brand accounts: SkywaysHelp, and SkywaysAir, whose reply
/// the export also flags as the brand's.
fn support_incident() -> Vec<Mention> {
    let mut flagged = reply("r2", 130, "SkywaysAir", "c2", "We are looking into it");
    flagged.is_brand = Some(true);
    let mut repost = post("c4", 30, "dana", "RT @anna: my guitar is broken");
    repost.kind = Kind::Repost;
    repost.parent_id = Some("c1".into());
    let mut c7 = post("c7", 45, "gina", "is anyone there");
    c7.reach = Count::from(900);
    sorted(vec![
        post("c1", 0, "anna", "@SkywaysHelp my guitar is broken"),
        reply("r1", 5, "SkywaysHelp", "c1", "So sorry, DM us"),
        post("c2", 10, "bob", "@SkywaysHelp flight delayed again"),
        reply("r_early", 15, "SkywaysHelp", "c3", "Thanks!"),
        with_followers(post("c3", 20, "carl", "love the new lounge"), 500),
        with_followers(post("c6", 25, "fran", "@skywayshelp hello?"), 50),
        repost,
        reply("r1b", 40, "SkywaysHelp", "c1", "Any news?"),
        c7,
        reply("r3", 80, "SkywaysHelp", "c3", "Glad you like it"),
        flagged,
    ])
}

/// Both brand accounts configured.
fn both_accounts() -> Config {
    config(r#"handles = ["@SkywaysHelp", "@SkywaysAir"]"#)
}

#[test]
fn response_figures_by_parent_id() {
    let mentions = support_incident();
    let a = analyze(&mentions, &both_accounts());
    let r = &a.metrics.response;
    assert_eq!(r.linkage, "parent");
    assert_eq!(r.brand_posts, 5);
    assert_eq!(r.brand_replies, 5);
    // c1, c2, c3, c6, c7 (the repost c4 and the brand's posts are not actionable).
    assert_eq!(r.actionable, 5);
    // c1 → earliest reply r1 after 5 min (r1b later); c2 → r2 after 120 min; c3 → r_early is
    // before c3 (anomaly, excluded), so r3 after 60 min.
    assert_eq!(r.answered, 3);
    assert_eq!(r.rate, Some(0.6));
    // Times [300, 3600, 7200]: median 3600, mean 3700; p90: h = 2·0.9 = 1.8 →
    // 3600 + 0.8·(7200 − 3600) = 6480 (numpy.quantile([300, 3600, 7200], 0.9) = 6480.0).
    assert_eq!(r.min_seconds, Some(300.0));
    assert_eq!(r.median_seconds, Some(3600.0));
    assert_eq!(r.mean_seconds, Some(3700.0));
    assert!(close(r.p90_seconds, 6480.0));
    assert_eq!(r.max_seconds, Some(7200.0));
    // Within the one-hour SLA (inclusive): 300 and 3600 of 3.
    assert_eq!(r.sla_seconds, 3600);
    assert!(close(r.within_sla_share, 2.0 / 3.0));
    assert_eq!(r.within_sla_business_hours_share, None);
    assert_eq!(r.anomalies.len(), 1);
    assert_eq!(
        (
            r.anomalies[0].reply_id.as_str(),
            r.anomalies[0].parent_id.as_str(),
            r.anomalies[0].seconds
        ),
        ("r_early", "c3", -300)
    );
    assert_eq!(
        r.distribution
            .iter()
            .filter(|b| b.count > 0)
            .cloned()
            .collect::<Vec<_>>(),
        // Upper edges inclusive: 300 in the first bin (≤ 5 min), 3600 in 30 min–1 h (within
        // the 1 h target, as `within_sla_share` counts it), 7200 in 1–2 h.
        vec![
            HistogramBin {
                from_seconds: 0,
                to_seconds: Some(300),
                count: 1
            },
            HistogramBin {
                from_seconds: 1800,
                to_seconds: Some(3600),
                count: 1
            },
            HistogramBin {
                from_seconds: 3600,
                to_seconds: Some(7200),
                count: 1
            },
        ]
    );
    assert_eq!(r.distribution.len(), 9);
    assert_eq!(r.distribution[8].to_seconds, None);
    // Unanswered with a reach, highest first: c7 (export reach 900), c6 (50 followers).
    let unanswered: Vec<&str> = r
        .unanswered_top_reach
        .iter()
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(unanswered, ["c7", "c6"]);
    // By account: SkywaysHelp answered c1 and c3, and c6 @-mentions it; SkywaysAir answered c2.
    // SkywaysHelp: [300, 3600] → median 1950, p90 300 + 0.9·3300 = 3270, both within the SLA.
    let accounts: Vec<(&str, u64, u64)> = r
        .by_account
        .iter()
        .map(|g| (g.key.as_str(), g.actionable, g.answered))
        .collect();
    assert_eq!(accounts, [("SkywaysHelp", 3, 2), ("SkywaysAir", 1, 1)]);
    let help = &r.by_account[0];
    assert!(close(help.rate, 2.0 / 3.0));
    assert_eq!(help.median_seconds, Some(1950.0));
    assert!(close(help.p90_seconds, 3270.0));
    assert_eq!(help.within_sla_share, Some(1.0));
    assert_eq!(r.by_account[1].within_sla_share, Some(0.0));
    // Negative (lexicon): c1 "broken", c2 "delayed" → [300, 7200]: median 3750, p90 6510.
    let negative = r.negative.as_ref().unwrap();
    assert_eq!(
        (negative.actionable, negative.answered, negative.rate),
        (2, 2, Some(1.0))
    );
    assert_eq!(negative.median_seconds, Some(3750.0));
    assert!(close(negative.p90_seconds, 6510.0));
    assert_eq!(negative.within_sla_share, Some(0.5));
    // No onset in so few mentions: everything is "before", no first response after onset.
    let phases: Vec<(&str, u64)> = r
        .by_phase
        .iter()
        .map(|g| (g.key.as_str(), g.actionable))
        .collect();
    assert_eq!(phases, [("before", 5)]);
    // No onset in so few mentions: the first response is measured from the first mention.
    assert_eq!(r.first_response_at, Some(at(5)));
    assert_eq!(r.first_response_after_onset_seconds, None);

    assert_eq!(a.annotations.len(), mentions.len());
    let ann = |i: usize| a.annotations.get(i).unwrap();
    let c1 = index(&mentions, "c1");
    assert_eq!(ann(c1).response_seconds, Some(300));
    assert!(ann(c1).actionable && !ann(c1).is_brand);
    assert_eq!(ann(c1).sentiment, Some(Sentiment::Negative));
    assert_eq!(ann(index(&mentions, "r1")).replies_to.get(), Some(c1));
    assert!(ann(index(&mentions, "r2")).is_brand);
    assert_eq!(
        ann(index(&mentions, "r_early")).replies_to.get(),
        Some(index(&mentions, "c3"))
    );
    assert_eq!(ann(index(&mentions, "c3")).response_seconds, Some(3600));
    assert!(!ann(index(&mentions, "c4")).actionable);
    assert_eq!(ann(index(&mentions, "c6")).response_seconds, None);
    assert_eq!(a.metrics.definitions_version, metrics::DEFINITIONS_VERSION);
}

#[test]
fn no_brand_posts_means_undefined_rate_not_zero() {
    let mentions = sorted(vec![
        with_followers(post("c1", 0, "anna", "my guitar is broken"), 10),
        with_followers(post("c2", 3, "bob", "@SkywaysHelp hello"), 300),
    ]);
    let a = analyze(&mentions, &skyways());
    let r = &a.metrics.response;
    assert_eq!((r.brand_posts, r.actionable, r.answered), (0, 2, 0));
    assert_eq!(r.rate, None);
    assert_eq!(
        (
            r.min_seconds,
            r.median_seconds,
            r.mean_seconds,
            r.p90_seconds,
            r.max_seconds
        ),
        (None, None, None, None, None)
    );
    assert_eq!(r.within_sla_share, None);
    assert!(r.distribution.is_empty());
    assert_eq!(r.by_phase[0].rate, None);
    // Nobody answered, so the highest-reach mentions are all unanswered.
    let unanswered: Vec<&str> = r
        .unanswered_top_reach
        .iter()
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(unanswered, ["c2", "c1"]);
    assert!(a
        .metrics
        .timeline
        .warnings
        .iter()
        .any(|w| w.contains("No brand post")));
}

#[test]
fn brand_posts_without_any_reply_linkage_leave_the_rate_undefined() {
    let mentions = sorted(vec![
        with_followers(post("c1", 0, "anna", "my guitar is broken"), 10),
        post("b1", 3, "SkywaysHelp", "We are on it"),
    ]);
    let r = analyze(&mentions, &skyways()).metrics.response;
    assert_eq!(
        (r.linkage.as_str(), r.brand_posts, r.brand_replies),
        ("none", 1, 0)
    );
    assert_eq!(r.rate, None);
    assert!(r.unanswered_top_reach.is_empty());
}

/// A news article and a blog post cover the incident; a tweet and a forum post are people the
/// brand can answer. Actionable: c1 (twitter, answered by r1) and c4 (forum): 2, answered 1.
#[test]
fn news_and_blog_items_are_coverage_not_mentions_that_call_for_an_answer() {
    let on = |platform: &str, mut m: Mention| {
        m.platform = Some(platform.into());
        m
    };
    let mentions = sorted(vec![
        on(
            "twitter",
            post("c1", 0, "anna", "@SkywaysHelp my guitar is broken"),
        ),
        on("news", post("n1", 2, "Daily Wire", "Airline breaks guitar")),
        on(
            "blog",
            post("n2", 3, "travelblog", "Skyways and the guitar"),
        ),
        on("forum", post("c4", 4, "dave", "anyone else lost a bag?")),
        on(
            "twitter",
            reply("r1", 6, "SkywaysHelp", "c1", "So sorry, DM us"),
        ),
    ]);
    let a = analyze(&mentions, &skyways());
    let r = &a.metrics.response;
    assert_eq!((r.actionable, r.answered), (2, 1));
    assert!(close(r.rate, 0.5));
    let unanswered: Vec<&str> = r
        .unanswered_top_reach
        .iter()
        .map(|m| m.id.as_str())
        .collect();
    assert!(unanswered.iter().all(|id| *id == "c4"), "{unanswered:?}");
    // Coverage is still volume: five mentions in the timeline, four of them inbound.
    let buckets = &a.metrics.timeline.buckets;
    let count: u64 = buckets.iter().map(|b| b.count).sum();
    let inbound: u64 = buckets.iter().map(|b| b.inbound).sum();
    assert_eq!((count, inbound), (5, 4));
}

#[test]
fn thread_fallback_when_the_export_has_no_parent_ids() {
    let in_thread = |mut m: Mention, thread: &str| {
        m.thread_id = Some(thread.into());
        m
    };
    let mentions = sorted(vec![
        in_thread(post("c1", 0, "anna", "@SkywaysHelp broken guitar"), "t1"),
        in_thread(post("c2", 3, "bob", "@SkywaysHelp where is my bag"), "t2"),
        in_thread(post("b1", 5, "SkywaysHelp", "Sorry, DM us"), "t1"),
        in_thread(post("c1b", 10, "anna", "done"), "t1"),
        in_thread(post("b2", 12, "SkywaysHelp", "Thanks"), "t1"),
    ]);
    let a = analyze(&mentions, &skyways());
    let r = &a.metrics.response;
    assert_eq!(r.linkage, "thread");
    // c1 → b1 (300 s), c1b → b2 (120 s), c2 has no brand post in its thread.
    assert_eq!((r.actionable, r.answered, r.brand_replies), (3, 2, 2));
    assert!(close(r.rate, 2.0 / 3.0));
    assert_eq!(r.median_seconds, Some(210.0));
    let ann = |i: usize| a.annotations.get(i).unwrap();
    assert_eq!(ann(index(&mentions, "c1")).response_seconds, Some(300));
    assert_eq!(ann(index(&mentions, "c1b")).response_seconds, Some(120));
    assert_eq!(ann(index(&mentions, "c2")).response_seconds, None);
    assert_eq!(
        ann(index(&mentions, "b1")).replies_to.get(),
        Some(index(&mentions, "c1"))
    );
    assert_eq!(
        ann(index(&mentions, "b2")).replies_to.get(),
        Some(index(&mentions, "c1b"))
    );
}

#[test]
fn business_hours_count_only_opening_time_in_the_incident_zone() {
    let c = config(
        r#"handles = ["SkywaysHelp"]
timezone = "Europe/Rome"
[business_hours]
start = "09:00"
end = "18:00""#,
    );
    let ts = |s: &str| s.parse::<Timestamp>().unwrap();
    let mut mentions = vec![
        // Friday 13 March 2026, 17:30 in Rome (CET, +01:00) → answered Monday 16 March 09:20:
        // 63 h 50 min on the clock, but 30 min (Fri) + 20 min (Mon) = 50 min of opening time.
        Mention::new("fri", ts("2026-03-13T16:30:00Z"), "@SkywaysHelp lost bag"),
        Mention::new("mon", ts("2026-03-16T08:20:00Z"), "Sorry, we are on it"),
        // Thursday 12 March 10:00 → 11:30: 90 min, all of it in opening hours.
        Mention::new(
            "thu",
            ts("2026-03-12T09:00:00Z"),
            "@SkywaysHelp broken seat",
        ),
        Mention::new("thu-r", ts("2026-03-12T10:30:00Z"), "Sorry"),
    ];
    for (id, parent) in [("mon", "fri"), ("thu-r", "thu")] {
        let m = mentions.iter_mut().find(|m| m.id == id).unwrap();
        m.author = Some("SkywaysHelp".into());
        m.kind = Kind::Reply;
        m.parent_id = Some(parent.into());
    }
    let r = analyze(&sorted(mentions), &c).metrics.response;
    assert_eq!(r.answered, 2);
    assert_eq!(r.within_sla_share, Some(0.0));
    assert_eq!(r.within_sla_business_hours_share, Some(0.5));
}

/// Authors nobody names are unknown, not none: `null`, as every other missing figure.
#[test]
fn authors_are_unknown_when_no_mention_names_one() {
    let mut anonymous = Mention::new("a1", at(0), "text");
    anonymous.reach = Count::from(40);
    let r = analyze(&[anonymous.clone()], &Config::default())
        .metrics
        .reach;
    assert_eq!((r.mentions, r.authors, r.potential), (1, None, Some(40)));
    let named = post("a2", 1, "anna", "text");
    let r = analyze(&[anonymous, named], &Config::default())
        .metrics
        .reach;
    assert_eq!(r.authors, Some(1));
    let r = analyze(&[], &Config::default()).metrics.reach;
    assert_eq!((r.mentions, r.authors), (0, Some(0)));
}

#[test]
fn reach_with_missing_followers() {
    let mut m1 = with_followers(post("m1", 0, "anna", "a"), 1000);
    m1.likes = Count::from(3);
    m1.platform = Some("twitter".into());
    m1.language = Some("EN".into());
    let mut m2 = with_followers(post("m2", 1, "anna", "b"), 1200);
    m2.reach = Count::from(5000);
    m2.kind = Kind::Reply;
    m2.platform = Some("twitter".into());
    m2.language = Some("en".into());
    let mut m3 = post("m3", 2, "bob", "c");
    m3.kind = Kind::Repost;
    m3.platform = Some("twitter".into());
    let mut m4 = with_followers(post("m4", 3, "carl", "d"), 10);
    m4.views = Count::from(300);
    m4.likes = Count::from(0);
    m4.platform = Some("twitter".into());
    let m5 = with_followers(post("m5", 4, "Anna", "e"), 800);
    let mentions = vec![m1, m2, m3, m4, m5];
    let r = analyze(&mentions, &Config::default()).metrics.reach;
    // Per-mention reach: 1000 (followers), 5000 (export reach), none, 10, 800.
    assert_eq!(r.potential, Some(6810));
    // anna/Anna counted once at her largest per-mention reach, 5000 (m2's export reach),
    // carl 10, bob unknown: 5010 ≤ potential 6810.
    assert_eq!(r.unique, Some(5010));
    assert_eq!(r.impressions, Some(300));
    assert_eq!(
        (r.mentions_with_reach, r.mentions, r.authors),
        (4, 5, Some(3))
    );
    assert_eq!(r.engagement.likes, Some(3));
    assert_eq!(r.engagement.shares, None);
    assert_eq!(
        (
            r.kinds.original,
            r.kinds.reply,
            r.kinds.repost,
            r.kinds.quote
        ),
        (3, 1, 1, 0)
    );
    assert!(close(r.amplification, 1.0 / 3.0));
    // Two authors with a reach → the top 1% is one author: 5000 / 5010.
    assert!(close(r.concentration_top1pct, 5000.0 / 5010.0));
    let by_reach: Vec<(&str, Option<u64>)> = r
        .top_authors_by_reach
        .iter()
        .map(|a| (a.author.as_str(), a.reach))
        .collect();
    assert_eq!(by_reach, [("anna", Some(5000)), ("carl", Some(10))]);
    let by_volume: Vec<(&str, u64)> = r
        .top_authors_by_volume
        .iter()
        .map(|a| (a.author.as_str(), a.mentions))
        .collect();
    assert_eq!(by_volume, [("anna", 3), ("carl", 1), ("bob", 1)]);
    let platforms: Vec<(&str, u64, f64, Option<u64>)> = r
        .by_platform
        .iter()
        .map(|b| (b.key.as_str(), b.mentions, b.share, b.reach))
        .collect();
    assert_eq!(
        platforms,
        [
            ("twitter", 4, 0.8, Some(6010)),
            ("unknown", 1, 0.2, Some(800))
        ]
    );
    let languages: Vec<(&str, u64)> = r
        .by_language
        .iter()
        .map(|b| (b.key.as_str(), b.mentions))
        .collect();
    assert_eq!(languages, [("unknown", 3), ("en", 2)]);
    // Nobody reports reach at all: missing, not zero.
    let bare = analyze(&[post("x", 0, "z", "t")], &Config::default())
        .metrics
        .reach;
    assert_eq!(
        (bare.potential, bare.unique, bare.concentration_top1pct),
        (None, None, None)
    );
    assert_eq!(bare.engagement.likes, None);
    assert_eq!(bare.amplification, Some(0.0));
}

/// Mentions per hour from 10:00 UTC, spread over the minutes of each hour.
fn hourly(counts: &[u64]) -> Vec<Mention> {
    let mut mentions = Vec::new();
    for (h, count) in counts.iter().enumerate() {
        for k in 0..*count {
            let id = format!("h{h:02}-{k:02}");
            mentions.push(post(
                &id,
                h as i64 * 60 + k as i64,
                &format!("user{k}"),
                "so angry, flight delayed",
            ));
        }
    }
    mentions
}

#[test]
fn a_manual_event_far_from_the_timeline_is_left_out_with_a_warning() {
    // 18 hourly buckets from 10:00 UTC on 12 March: the grid ends at 04:00 on 13 March. An
    // event is kept up to a day (the grid is shorter) before or after it: until 04:00 on the
    // 14th, which is out.
    let counts = [1, 0, 2, 1, 1, 0, 8, 20, 30, 12, 9, 2, 1, 0, 1, 14, 3, 1];
    let c = config(
        r#"handles = ["SkywaysHelp"]
bucket = "1h"
[[events]]
at = "2025-03-12T19:30:00Z"
label = "CEO statement (a year early)"
[[events]]
at = "2026-03-12T19:30:00Z"
label = "CEO statement"
[[events]]
at = "2026-03-13T04:00:00Z"
label = "Just after the data"
[[events]]
at = "2026-03-12T08:30:00Z"
label = "The post that started it, before the first mention"
[[events]]
at = "2026-03-14T04:00:00Z"
label = "A day after the data, the timeline 18 h long""#,
    );
    let t = analyze(&hourly(&counts), &c).metrics.timeline;
    let events: Vec<&str> = t
        .key_moments
        .iter()
        .filter(|m| m.kind == MomentKind::ManualEvent)
        .map(|m| m.label.as_str())
        .collect();
    assert_eq!(
        events,
        [
            "The post that started it, before the first mention",
            "CEO statement",
            "Just after the data"
        ]
    );
    let outside: Vec<&TimelineWarning> = t
        .warning_codes
        .iter()
        .filter(|w| matches!(w, TimelineWarning::EventOutsideData { .. }))
        .collect();
    let warning = |label: &str, at: &str| TimelineWarning::EventOutsideData {
        label: label.into(),
        at: at.parse().unwrap(),
        from: "2026-03-12T10:00:00Z".parse().unwrap(),
        to: "2026-03-13T04:00:00Z".parse().unwrap(),
    };
    assert_eq!(
        outside,
        [
            &warning("CEO statement (a year early)", "2025-03-12T19:30:00Z"),
            &warning(
                "A day after the data, the timeline 18 h long",
                "2026-03-14T04:00:00Z"
            ),
        ]
    );
    assert!(t.warnings.iter().any(|w| w.starts_with(
        "The event \"CEO statement (a year early)\" (2025-03-12T19:30:00Z) is further from the \
         timeline (2026-03-12T10:00:00Z to 2026-03-13T04:00:00Z) than the timeline is long"
    )));
}

/// The first response is measured from the onset (the start of its interval) and from the
/// first post not by the brand inside that interval: hour 6's posts come from 16:20, after a
/// brand post at 16:05, and the reply at 19:05 is 3 h 05 min after the onset, 2 h 45 min after
/// 16:20.
#[test]
fn the_first_response_is_measured_from_the_onset_and_from_its_intervals_first_public_post() {
    let counts = [1, 0, 2, 1, 1, 0, 8, 20, 30, 12, 9, 2, 1, 0, 1, 14, 3, 1];
    let mut mentions = hourly(&counts);
    for m in mentions.iter_mut().filter(|m| m.id.starts_with("h06-")) {
        m.timestamp += jiff::SignedDuration::from_mins(20);
    }
    mentions.push(post(
        "morning",
        6 * 60 + 5,
        "SkywaysHelp",
        "Good morning from Skyways!",
    ));
    let answer = index(&mentions, "h09-05");
    mentions[answer].author = Some("SkywaysHelp".into());
    mentions[answer].kind = Kind::Reply;
    mentions[answer].parent_id = Some("h08-00".into());
    let a = analyze(
        &mentions,
        &config("handles = [\"SkywaysHelp\"]\nbucket = \"1h\""),
    );
    assert_eq!(a.metrics.timeline.onset, Some(at(6 * 60)));
    let r = &a.metrics.response;
    assert_eq!(r.first_response_at, Some(at(9 * 60 + 5)));
    assert_eq!(r.first_response_after_onset_seconds, Some(185 * 60));
    assert_eq!(r.first_response_after_first_post_seconds, Some(165 * 60));
    // In an export of several companies, another company's post at 16:10 is none of the
    // brand's rise (every other mention @-mentions the brand, so the counts stay).
    let mut several = mentions.clone();
    for m in several.iter_mut() {
        m.text = format!("@SkywaysHelp {}", m.text).into();
    }
    let mut rival = post(
        "rival",
        6 * 60 + 10,
        "OtherAir",
        "@someone we are looking into it",
    );
    rival.is_brand = Some(true);
    several.push(rival);
    let c = config("handles = [\"SkywaysHelp\"]\nbucket = \"1h\"");
    let r = analyze(&several, &c).metrics.response;
    assert_eq!(r.first_response_after_onset_seconds, Some(185 * 60));
    assert_eq!(r.first_response_after_first_post_seconds, Some(165 * 60));
    // An onset interval of the brand's posts alone has no public post: a later interval's
    // first post is not where the rise began.
    let mut brand_only = mentions.clone();
    for m in brand_only.iter_mut().filter(|m| m.id.starts_with("h06-")) {
        m.author = Some("SkywaysHelp".into());
    }
    let r = analyze(&brand_only, &c).metrics.response;
    assert_eq!(r.first_response_after_onset_seconds, Some(185 * 60));
    assert_eq!(r.first_response_after_first_post_seconds, None);
    // Without an onset, neither.
    let flat = analyze(&hourly(&[2; 12]), &config("handles = [\"SkywaysHelp\"]"));
    assert_eq!(
        flat.metrics
            .response
            .first_response_after_first_post_seconds,
        None
    );
}

#[test]
fn timeline_shape_milestones_and_key_moments() {
    // Same counts as `timeline::tests::shape_of_a_clear_incident`: onset hour 6, peak hour 8
    // (30), end hour 11, secondary peak hour 15.
    let counts = [1, 0, 2, 1, 1, 0, 8, 20, 30, 12, 9, 2, 1, 0, 1, 14, 3, 1];
    let mut mentions = hourly(&counts);
    // Hour 7 holds an unprompted brand post (17:03 UTC), hour 9 a brand reply to a peak
    // mention; the counts do not change.
    let promo = index(&mentions, "h07-03");
    mentions[promo].author = Some("SkywaysHelp".into());
    mentions[promo].text = "Fly happy this spring! #FlyHappy".into();
    let answer = index(&mentions, "h09-05");
    mentions[answer].author = Some("SkywaysHelp".into());
    mentions[answer].kind = Kind::Reply;
    mentions[answer].parent_id = Some("h08-00".into());
    let shared = index(&mentions, "h06-01");
    mentions[shared].shares = Count::from(120);
    mentions[shared].text = "#GuitarGate they broke it".into();
    let c = config(
        r#"handles = ["SkywaysHelp"]
bucket = "1h"
[[events]]
at = "2026-03-12T19:30:00Z"
label = "CEO statement""#,
    );
    let a = analyze(&mentions, &c);
    let t = &a.metrics.timeline;
    assert_eq!(t.bucket_seconds, 3600);
    assert!(!t.bucket_automatic);
    assert_eq!(t.buckets.len(), 18);
    assert_eq!(
        t.buckets.iter().map(|b| b.count).collect::<Vec<_>>(),
        counts
    );
    assert_eq!(t.buckets[7].brand, 1);
    assert_eq!(t.buckets[9].brand_replies, 1);
    assert_eq!(t.buckets[9].inbound, 11);
    assert_eq!(t.first, Some(at(0)));
    assert_eq!(t.last, Some(at(17 * 60)));
    assert_eq!(t.baseline.method, "pre-onset");
    assert_eq!(t.baseline.threshold, 3.5);
    assert_eq!(t.onset, Some(at(6 * 60)));
    assert_eq!(
        t.peak.as_ref().map(|p| (p.start, p.count)),
        Some((at(8 * 60), 30))
    );
    assert_eq!(t.end, Some(at(11 * 60)));
    assert_eq!(t.time_to_peak_seconds, Some(7200));
    assert_eq!(t.decay_half_life_seconds, Some(3600));
    let spans: Vec<(Phase, Timestamp, Timestamp)> =
        t.phases.iter().map(|p| (p.phase, p.start, p.end)).collect();
    assert_eq!(
        spans,
        [
            (Phase::Before, at(0), at(360)),
            (Phase::Escalation, at(360), at(420)),
            (Phase::Peak, at(420), at(540)),
            (Phase::Decay, at(540), at(660)),
            (Phase::After, at(660), at(18 * 60)),
        ]
    );
    assert_eq!(
        t.secondary_peaks
            .iter()
            .map(|p| (p.start, p.count))
            .collect::<Vec<_>>(),
        [(at(900), 14)]
    );
    assert_eq!(a.annotations.get(promo).unwrap().phase, Phase::Peak);

    // First response: not the promo at 17:03 (it answers no one and says nothing about the
    // incident) but the reply at 19:05, 3 h 05 min after the 16:00 onset.
    let r = &a.metrics.response;
    assert_eq!(r.first_response_at, Some(at(9 * 60 + 5)));
    assert_eq!(r.first_response_after_onset_seconds, Some(185 * 60));
    let milestones: Vec<(MilestoneKind, Option<i64>)> = t
        .milestones
        .iter()
        .map(|m| (m.kind, m.since_onset_seconds))
        .collect();
    assert_eq!(
        milestones,
        [
            (MilestoneKind::ImpactStart, Some(0)),
            (MilestoneKind::FirstResponse, Some(11_100)),
            (MilestoneKind::Peak, Some(7200)),
            (MilestoneKind::End, Some(18_000)),
        ]
    );
    assert_eq!(t.warnings, Vec::<String>::new());

    let moments: Vec<(Timestamp, MomentKind, &str, Option<&str>)> = t
        .key_moments
        .iter()
        .filter(|k| k.kind != MomentKind::HighestReach && k.kind != MomentKind::MostEngaged)
        .map(|k| {
            (
                k.at,
                k.kind,
                k.label.as_str(),
                k.mention.as_ref().map(|m| m.id.as_str()),
            )
        })
        .collect();
    assert_eq!(
        moments,
        [
            (at(0), MomentKind::FirstMention, "", Some("h00-00")),
            (at(360), MomentKind::Onset, "", None),
            (at(361), MomentKind::MostShared, "120", Some("h06-01")),
            (
                at(361),
                MomentKind::HashtagFirstSeen,
                "guitargate",
                Some("h06-01")
            ),
            (at(423), MomentKind::FirstBrandPost, "", Some("h07-03")),
            (at(423), MomentKind::UnpromptedBrandPost, "", Some("h07-03")),
            (
                at(423),
                MomentKind::HashtagFirstSeen,
                "flyhappy",
                Some("h07-03")
            ),
            (at(480), MomentKind::Peak, "30", None),
            (at(545), MomentKind::FirstBrandReply, "", Some("h09-05")),
            // The same post: here the first reply is the first response.
            (at(545), MomentKind::FirstResponse, "", Some("h09-05")),
            (at(570), MomentKind::ManualEvent, "CEO statement", None),
            (at(660), MomentKind::End, "", None),
        ]
    );
    // Engagement falls back to the counts the export has: 120 shares.
    let engaged: Vec<&str> = t
        .key_moments
        .iter()
        .filter(|k| k.kind == MomentKind::MostEngaged)
        .map(|k| k.label.as_str())
        .collect();
    assert_eq!(engaged, ["120"]);

    // Every inbound mention says "so angry, flight delayed" (negative) except the #GuitarGate one
    // ("broke" is negative too): all 106 − 2 brand posts = 104 inbound are negative.
    let s = &a.metrics.sentiment;
    assert_eq!(s.source, "lexicon");
    assert_eq!(
        (s.negative, s.neutral, s.positive, s.unrated),
        (104, 0, 0, 0)
    );
    assert_eq!(s.negative_share, Some(1.0));
    assert_eq!(s.net, Some(-1.0));
}

#[test]
fn no_onset_warns_and_leaves_milestones_empty() {
    let mentions = hourly(&[1, 2, 1, 2]);
    let t = analyze(&mentions, &config("bucket = \"1h\""))
        .metrics
        .timeline;
    assert_eq!(t.onset, None);
    assert_eq!(t.end, None);
    assert!(t.milestones.iter().all(|m| m.at.is_none()));
    assert_eq!(t.time_to_peak_seconds, None);
    assert!(t.warnings.iter().any(|w| w.contains("No sustained rise")));
    assert!(t.phases.iter().all(|p| p.phase == Phase::Before));
    // The busiest bucket is still reported: hour 1 (ties → earliest).
    assert_eq!(t.peak.map(|p| (p.start, p.count)), Some((at(60), 2)));
}

#[test]
fn empty_buckets_are_zero_filled_and_day_buckets_follow_rome_dst() {
    let c = config("timezone = \"Europe/Rome\"\nbucket = \"1d\"");
    let ts = |s: &str| s.parse::<Timestamp>().unwrap();
    let buckets = |mentions: &[Mention]| -> Vec<(String, u64)> {
        analyze(mentions, &c)
            .metrics
            .timeline
            .buckets
            .iter()
            .map(|b| (b.start.to_string(), b.count))
            .collect()
    };
    // Spring: Saturday 28 March and Monday 30 March 2026 (Rome); Sunday 29 is 23 hours and empty.
    let mentions = vec![
        Mention::new("a", ts("2026-03-28T10:00:00Z"), "x"),
        Mention::new("b", ts("2026-03-30T10:00:00Z"), "x"),
        Mention::new("c", ts("2026-03-30T21:59:59Z"), "x"),
    ];
    assert_eq!(
        buckets(&mentions),
        [
            ("2026-03-27T23:00:00Z".to_string(), 1),
            ("2026-03-28T23:00:00Z".to_string(), 0),
            ("2026-03-29T22:00:00Z".to_string(), 2),
        ]
    );
    // Autumn: 25 October 2026 is 25 hours; 23:30 UTC on the 25th is already the 26th in Rome.
    let mentions = vec![
        Mention::new("a", ts("2026-10-24T21:59:59Z"), "x"),
        Mention::new("b", ts("2026-10-25T22:30:00Z"), "x"),
        Mention::new("c", ts("2026-10-25T23:30:00Z"), "x"),
    ];
    assert_eq!(
        buckets(&mentions),
        [
            ("2026-10-23T22:00:00Z".to_string(), 1),
            ("2026-10-24T22:00:00Z".to_string(), 1),
            ("2026-10-25T23:00:00Z".to_string(), 1),
        ]
    );
}

#[test]
fn automatic_bucket_and_window() {
    // Three days of data → 15-minute buckets (see `timeline::tests::automatic_sizes`).
    let mentions = vec![post("a", 0, "x", "t"), post("b", 3 * 24 * 60, "y", "t")];
    let t = analyze(&mentions, &Config::default()).metrics.timeline;
    assert_eq!((t.bucket_seconds, t.bucket_automatic), (900, true));
    assert_eq!(t.buckets.len(), 3 * 96 + 1);
    // A one-second bucket would give 259 201 buckets: the automatic size is used, with a warning.
    let t = analyze(&mentions, &config("bucket = \"1s\""))
        .metrics
        .timeline;
    assert_eq!((t.bucket_seconds, t.bucket_automatic), (900, true));
    assert!(t
        .warnings
        .iter()
        .any(|w| w.contains("configured bucket of 1 s")));
    // A configured window widens the grid to the whole window, zero-filled.
    let c =
        config("start = \"2026-03-12T00:00:00Z\"\nend = \"2026-03-13T00:00:00Z\"\nbucket = \"1h\"");
    let t = analyze(&[post("a", 0, "x", "t")], &c).metrics.timeline;
    assert_eq!(t.buckets.len(), 24);
    assert_eq!(t.buckets[10].count, 1);
    assert_eq!(t.buckets.iter().map(|b| b.count).sum::<u64>(), 1);
}

#[test]
fn export_sentiment_first_then_lexicon_and_brand_not_counted() {
    let mut rated = post("a", 0, "anna", "whatever the words say");
    rated.sentiment = Some(Sentiment::Positive);
    let mut italian = post("b", 1, "bob", "valigia rotta, vergogna");
    italian.language = Some("it".into());
    let guessed = post(
        "c",
        2,
        "carl",
        "el vuelo tiene un retraso enorme y nadie responde",
    );
    let mut french = post("d", 3, "dora", "valise cassée");
    french.language = Some("fr".into());
    let brand = post("e", 4, "SkywaysHelp", "We are so sorry about the delay");
    let a = analyze(&[rated, italian, guessed, french, brand], &skyways());
    let ann: Vec<Option<Sentiment>> = a.annotations.iter().map(|x| x.sentiment).collect();
    use Sentiment::*;
    // French has no lexicon: unrated. The brand's post is scored but not counted.
    assert_eq!(
        ann,
        [
            Some(Positive),
            Some(Negative),
            Some(Negative),
            None,
            Some(Negative)
        ]
    );
    let s = &a.metrics.sentiment;
    assert_eq!(s.source, "mixed");
    assert_eq!((s.negative, s.neutral, s.positive, s.unrated), (2, 0, 1, 1));
    assert!(close(s.negative_share, 2.0 / 3.0));
    assert!(close(s.net, -1.0 / 3.0));
}

#[test]
fn nothing_to_analyse() {
    let a = analyze(&[], &Config::default());
    let m = &a.metrics;
    assert!(a.annotations.is_empty());
    assert!(m.timeline.buckets.is_empty());
    assert_eq!(
        (m.timeline.first, m.timeline.onset, m.timeline.peak.clone()),
        (None, None, None)
    );
    assert_eq!(m.response.rate, None);
    assert_eq!(m.reach.potential, None);
    assert_eq!(m.sentiment.source, "none");
    assert_eq!(m.sentiment.negative_share, None);
    assert!(m.topics.hashtags.is_empty());
    assert!(m.timeline.warnings[0].contains("no mentions"));
}

/// The configured handles decide who is the brand: the export's flag on an account they leave
/// out is reported, not followed. Without handles the flag is all there is.
#[test]
fn handles_decide_over_the_exports_flag_which_is_reported() {
    let mentions = support_incident();
    let only_help = analyze(&mentions, &skyways()).metrics;
    // r2 (SkywaysAir, flagged) is not the brand's: four brand posts, and c2 unanswered. Nor
    // does it call for an answer. An export that flags another account's posts is taken for
    // one of several companies, whose figures count the brand's conversations alone: its four
    // posts, c1, c2 and c6, which @-mention it, and c3, which SkywaysHelp answered. c7 ("is
    // anyone there"), the repost c4 and r2 are left out, which the warning says, with how to
    // make SkywaysAir the brand's.
    assert_eq!(only_help.response.brand_posts, 4);
    assert_eq!(only_help.response.answered, 2);
    assert_eq!(only_help.response.actionable, 4);
    assert!(only_help.timeline.warning_codes.contains(
        &TimelineWarning::FlaggedBrandPostsOfOtherAccounts {
            posts: 1,
            accounts: vec![("SkywaysAir".into(), 1)],
            more: 0,
            conversations: 8,
            mentions: 11,
        }
    ));
    assert_eq!(only_help.reach.mentions, 8);
    let both = analyze(&mentions, &both_accounts()).metrics;
    assert_eq!(both.response.brand_posts, 5);
    assert!(!both
        .timeline
        .warning_codes
        .iter()
        .any(|w| matches!(w, TimelineWarning::FlaggedBrandPostsOfOtherAccounts { .. })));
    // No handles: only the flagged reply is the brand's.
    let by_flag = analyze(&mentions, &Config::default()).metrics;
    assert_eq!(by_flag.response.brand_posts, 1);
}

/// In an export of several companies, only the mentions connected to the brand call for its
/// answer, and every figure counts the brand's conversations alone: the other companies' own
/// posts and their customers' are neither the brand's nor the public's. RivalCare's posts are
/// flagged as a brand's; the handles name SkywaysHelp only.
#[test]
fn in_an_export_of_several_companies_only_mentions_connected_to_the_brand_count() {
    let rival = |mut m: Mention| {
        m.is_brand = Some(true);
        m
    };
    let mut rr1 = rival(reply(
        "rr1",
        3,
        "RivalCare",
        "o2",
        "@bob sorry, DM us ^becky #rivalcares",
    ));
    rr1.sentiment = Some(Sentiment::Negative);
    rr1.likes = Count::from(40);
    let mut o1 = post("o1", 1, "anna", "@RivalCare my bag is lost");
    o1.likes = Count::from(10);
    o1.language = Some("fr".into());
    let mut o4 = post("o4", 5, "carl", "@RivalCare @SkywaysHelp who lost my bag");
    o4.likes = Count::from(3);
    let mentions = sorted(vec![
        post("s1", 0, "SkywaysHelp", "Flights resume at noon"),
        // Left out: @-mentions RivalCare only.
        o1,
        // Left out: RivalCare answers it (rr1 names it as parent).
        post("o2", 2, "bob", "my bag is lost too"),
        rr1,
        // Left out: replies to RivalCare's rr1.
        reply("o3", 4, "bob", "rr1", "still waiting"),
        // Kept: @-mentions the brand too.
        o4,
        // Kept: the brand answered it.
        post("o5", 6, "dana", "@rivalcare lost bag"),
        reply("b1", 7, "SkywaysHelp", "o5", "We are on it"),
        // Kept: replies to the brand's s1.
        reply("o6", 8, "ed", "s1", "@RivalCare hello?"),
        // Left out: addresses no one.
        with_followers(post("o7", 9, "fran", "love the lounge #lounge"), 7000),
    ]);
    let analysis = analyze(&mentions, &skyways());
    // The findings see the same conversations as the timeline.
    let kept: Vec<&str> = (0..mentions.len())
        .filter(|&i| {
            let note = analysis.annotations.note(i).unwrap();
            note.in_brand_conversations()
        })
        .map(|i| &*mentions[i].id)
        .collect();
    assert_eq!(kept, ["s1", "o4", "o5", "b1", "o6"]);
    let m = analysis.metrics;
    // Actionable: o4, o5, o6; answered: o5.
    assert_eq!((m.response.actionable, m.response.answered), (3, 1));
    assert!(close(m.response.rate, 1.0 / 3.0));
    assert!(m.timeline.warning_codes.contains(
        &TimelineWarning::FlaggedBrandPostsOfOtherAccounts {
            posts: 1,
            accounts: vec![("RivalCare".into(), 1)],
            more: 0,
            conversations: 5,
            mentions: 10,
        }
    ));
    // The timeline is the brand's conversations: SkywaysHelp's two posts and the three
    // customers' posts connected to it (o4, o5, o6), of the ten mentions. RivalCare's post
    // and the four left out are not in it, nor in the counts by sentiment.
    let sum = |f: fn(&Bucket) -> u64| m.timeline.buckets.iter().map(f).sum::<u64>();
    assert_eq!(
        (sum(|b| b.count), sum(|b| b.brand), sum(|b| b.inbound)),
        (5, 2, 3)
    );
    assert_eq!(
        sum(|b| b.negative) + sum(|b| b.neutral) + sum(|b| b.positive) + sum(|b| b.unrated),
        3
    );
    // Nor does its label make the source "mixed": the customers' tone is the lexicon's alone.
    assert_eq!(m.sentiment.source, "lexicon");
    // Nor are its words the public's: the agent's signature is no term, nor are the words of
    // RivalCare's customers: "bag" and "lost" are o4's and o5's, not o1's and o2's; "hello"
    // is o6's; "lounge" and "waiting" (o7, o3) are left out.
    let terms: Vec<(&str, u64)> = m
        .topics
        .terms
        .iter()
        .map(|t| (t.term.as_str(), t.count))
        .collect();
    assert_eq!(terms, [("bag", 2), ("lost", 2), ("hello", 1)]);
    // Reach, authors and hashtags count the same five mentions: four authors (SkywaysHelp
    // twice), three originals (s1, o4, o5) and two replies (b1, o6); o4's 3 likes, not o1's
    // 10 nor rr1's 40; no language given (o1's French is left out); RivalCare's #rivalcares
    // and o7's #lounge are left out, and so are o7's 7,000 followers.
    let r = &m.reach;
    assert_eq!((r.mentions, r.authors), (5, Some(4)));
    assert_eq!((r.kinds.original, r.kinds.reply, r.kinds.repost), (3, 2, 0));
    assert_eq!(r.engagement.likes, Some(3));
    assert_eq!(r.potential, None);
    assert_eq!(r.top_authors_by_volume[0].author, "SkywaysHelp");
    assert_eq!(r.top_authors_by_volume[0].mentions, 2);
    let languages: Vec<(&str, u64)> = r
        .by_language
        .iter()
        .map(|l| (l.key.as_str(), l.mentions))
        .collect();
    assert_eq!(languages, [("unknown", 5)]);
    assert!(m.topics.hashtags.is_empty(), "{:?}", m.topics.hashtags);
    // The timeline spans the brand's conversations, s1 to o6, not o7 a minute later.
    assert_eq!(
        (m.timeline.first, m.timeline.last),
        (Some(at(0)), Some(at(8)))
    );
    // A handle that matches nothing: none of the ten mentions is the brand's conversations,
    // which the one warning says; not "no mentions", nor "no rise" over an empty timeline.
    let nobody = analyze(&mentions, &config(r#"handles = ["@NoSuchBrand"]"#)).metrics;
    assert_eq!(
        nobody.timeline.warning_codes,
        [TimelineWarning::FlaggedBrandPostsOfOtherAccounts {
            posts: 1,
            accounts: vec![("RivalCare".into(), 1)],
            more: 0,
            conversations: 0,
            mentions: 10,
        }]
    );
    assert!(nobody.timeline.buckets.is_empty());
    assert_eq!((nobody.reach.mentions, nobody.reach.authors), (0, Some(0)));
    // Without handles the export's flag names the brand: RivalCare is it, no other company
    // is in sight, and the seven customers' posts and SkywaysHelp's two, unflagged, call for
    // its answer (o2 answered).
    let by_flag = analyze(&mentions, &Config::default()).metrics;
    assert_eq!(
        (by_flag.response.actionable, by_flag.response.answered),
        (9, 1)
    );
}

/// In an export of several companies the key moments are the brand's conversations', as the
/// timeline is: not another company's customer's earlier post or hashtag.
#[test]
fn key_moments_of_an_export_of_several_companies_are_the_brands() {
    let mut rival = post("r0", -4, "RivalCare", "Our new lounge is open");
    rival.is_brand = Some(true);
    let mentions = sorted(vec![
        post("o0", -5, "anna", "@RivalCare #rivalfail my bag"),
        rival,
        post("s1", 0, "SkywaysHelp", "Update on today's #skyways flights"),
        post("c1", 1, "bob", "@SkywaysHelp #skyways where is my bag"),
    ]);
    let m = analyze(&mentions, &skyways()).metrics;
    let moment = |kind: MomentKind| -> Vec<(String, String)> {
        m.timeline
            .key_moments
            .iter()
            .filter(|k| k.kind == kind)
            .map(|k| {
                let id = k.mention.as_ref().map_or(String::new(), |r| r.id.clone());
                (k.label.clone(), id)
            })
            .collect()
    };
    assert_eq!(
        moment(MomentKind::FirstMention),
        [(String::new(), "s1".into())]
    );
    assert_eq!(
        moment(MomentKind::HashtagFirstSeen),
        [("skyways".into(), "s1".into())]
    );
}

/// With no author named anywhere no handle can match: the warning says that, not "check the
/// handles".
#[test]
fn no_brand_post_for_want_of_authors_is_told_apart() {
    let mut mentions = support_incident();
    for m in &mut mentions {
        m.is_brand = None;
    }
    // Authors named, none of them a handle: check the handles.
    let nobody = config(r#"handles = ["@Nobody"]"#);
    let with_authors = analyze(&mentions, &nobody).metrics.timeline;
    assert!(with_authors
        .warning_codes
        .contains(&TimelineWarning::NoBrandPosts));
    for m in &mut mentions {
        m.author = None;
    }
    let timeline = analyze(&mentions, &skyways()).metrics.timeline;
    assert!(timeline
        .warning_codes
        .contains(&TimelineWarning::NoBrandPostsWithoutAuthors));
    assert!(!timeline
        .warning_codes
        .contains(&TimelineWarning::NoBrandPosts));
}

#[test]
fn order_of_the_input_does_not_change_the_figures() {
    let mentions = support_incident();
    let mut reversed = mentions.clone();
    reversed.reverse();
    let a = analyze(&mentions, &both_accounts()).metrics;
    let b = analyze(&reversed, &both_accounts()).metrics;
    assert_eq!(a.response, b.response);
    assert_eq!(a.timeline, b.timeline);
    assert_eq!(a.reach, b.reach);
}

/// The incident of `timeline_shape_milestones_and_key_moments` (onset 16:00), with the brand's
/// posts given: (id of the mention the brand posted instead, kind, parent).
fn incident_with_brand_posts(posts: &[(&str, Kind, Option<&str>)]) -> Analysis {
    let counts = [1, 0, 2, 1, 1, 0, 8, 20, 30, 12, 9, 2, 1, 0, 1, 14, 3, 1];
    let mut mentions = hourly(&counts);
    for (id, kind, parent) in posts {
        let i = index(&mentions, id);
        mentions[i].author = Some("SkywaysHelp".into());
        mentions[i].text = "Fly happy this spring! #FlyHappy".into();
        mentions[i].kind = *kind;
        mentions[i].parent_id = parent.map(Into::into);
    }
    analyze(
        &mentions,
        &config("handles = [\"SkywaysHelp\"]\nbucket = \"1h\""),
    )
}

/// A repost passes someone's words on without answering them: the first response is the
/// brand's reply after it, not the repost (docs/metrics.md, `first_response_at`).
#[test]
fn a_brand_repost_is_not_a_first_response() {
    let a = incident_with_brand_posts(&[
        ("h06-02", Kind::Repost, Some("h06-01")),
        ("h07-04", Kind::Reply, Some("h07-00")),
    ]);
    let r = &a.metrics.response;
    assert_eq!(r.first_response_at, Some(at(7 * 60 + 4)));
    assert_eq!(r.first_response_after_onset_seconds, Some(64 * 60));
    // A quote comments on someone's post: it is a response.
    let a = incident_with_brand_posts(&[("h06-02", Kind::Quote, Some("h06-01"))]);
    assert_eq!(a.metrics.response.first_response_at, Some(at(6 * 60 + 2)));
}

/// The onset is the start of a bucket, which can come before the post that set the incident
/// off: a reply in it to a mention from before the onset is routine care, not the first
/// response, even when it apologises, and so is the brand's own follow-up to that reply.
#[test]
fn a_reply_to_a_mention_from_before_the_onset_is_not_the_first_response() {
    let counts = [1, 0, 2, 1, 1, 0, 8, 20, 30, 12, 9, 2, 1, 0, 1, 14, 3, 1];
    let mut mentions = hourly(&counts);
    for (id, parent, text) in [
        // 16:01, answering h04-00 (14:00), before the 16:00 onset.
        ("h06-01", "h04-00", "We are so sorry, we apologise"),
        // 16:03, the brand continuing that reply.
        ("h06-03", "h06-01", "Please DM us the details"),
        // 17:04, answering h06-05 (16:05).
        ("h07-04", "h06-05", "Sorry to hear that"),
    ] {
        let i = index(&mentions, id);
        mentions[i].author = Some("SkywaysHelp".into());
        mentions[i].text = text.into();
        mentions[i].kind = Kind::Reply;
        mentions[i].parent_id = Some(parent.into());
    }
    let config = config("handles = [\"SkywaysHelp\"]\nbucket = \"1h\"");
    let metrics = analyze(&mentions, &config).metrics;
    // Both are key moments: the first reply in the data, and the first response.
    let moment = |kind| {
        metrics
            .timeline
            .key_moments
            .iter()
            .find(|m| m.kind == kind)
            .and_then(|m| m.mention.as_ref())
            .map(|m| m.id.as_str())
    };
    assert_eq!(moment(MomentKind::FirstBrandReply), Some("h06-01"));
    assert_eq!(moment(MomentKind::FirstResponse), Some("h07-04"));
    let r = metrics.response;
    assert_eq!(r.first_response_at, Some(at(7 * 60 + 4)));
    assert_eq!(r.first_response_after_onset_seconds, Some(64 * 60));
    // h04-00 still counts as answered, 2 h 1 min after it was posted.
    assert_eq!((r.answered, r.max_seconds), (2, Some(121.0 * 60.0)));
}

/// Promotional posts after the onset are brand posts but no response: the warning says so,
/// instead of saying the brand posted nothing.
#[test]
fn posts_that_answer_no_one_leave_no_first_response_and_say_why() {
    let a = incident_with_brand_posts(&[("h07-03", Kind::Original, None)]);
    let t = &a.metrics.timeline;
    assert_eq!(a.metrics.response.first_response_at, None);
    assert!(t
        .warning_codes
        .contains(&TimelineWarning::NoBrandResponseAfterOnset));
    assert!(!t
        .warning_codes
        .contains(&TimelineWarning::NoBrandPostAfterOnset));
    // Brand posts only before the onset: h04-00 is hour 4 (14:00 UTC), the onset 16:00.
    let a = incident_with_brand_posts(&[("h04-00", Kind::Original, None)]);
    let t = &a.metrics.timeline;
    assert!(t
        .warning_codes
        .contains(&TimelineWarning::NoBrandPostAfterOnset));
    assert!(!t
        .warning_codes
        .contains(&TimelineWarning::NoBrandResponseAfterOnset));
}

/// With thread linkage, a brand post that follows a customer's in their thread answers it, and
/// is the first response, whatever its wording.
#[test]
fn a_thread_linked_brand_post_is_a_first_response() {
    let in_thread = |mut m: Mention, thread: &str| {
        m.thread_id = Some(thread.into());
        m
    };
    let mentions = sorted(vec![
        in_thread(post("c1", 0, "anna", "@SkywaysHelp broken guitar"), "t1"),
        post("b0", 2, "SkywaysHelp", "Fly happy this spring!"),
        in_thread(
            post("b1", 5, "SkywaysHelp", "Send us your booking code"),
            "t1",
        ),
    ]);
    let a = analyze(&mentions, &skyways());
    let r = &a.metrics.response;
    assert_eq!(r.linkage, "thread");
    assert_eq!((r.answered, r.brand_replies), (1, 1));
    assert_eq!(r.first_response_at, Some(at(5)));
}

/// 250 authors with a reach: the top 1% is ⌈250/100⌉ = 3 authors. Author k (1…250) has
/// k × 10 followers, so unique = 10 × (1 + … + 250) = 10 × 31,375 = 313,750 and the top three
/// hold 10 × (250 + 249 + 248) = 7,470: a share of 7,470 / 313,750.
/// Countries: "IT" 100 mentions (k ≤ 100), "ES" 50 (101…150), none 100 → `unknown`.
/// Comments: 2 on each of the 100 Italian mentions = 200; quotes: 1 on each of the 50
/// Spanish ones = 50; likes reported by none → `null`.
#[test]
fn concentration_countries_and_engagement_sums() {
    let mentions: Vec<Mention> = (1..=250u64)
        .map(|k| {
            let mut m = with_followers(
                post(&format!("m{k}"), k as i64, &format!("a{k}"), "x"),
                k * 10,
            );
            if k <= 100 {
                m.country = Some("IT".into());
                m.comments = Count::from(2);
            } else if k <= 150 {
                m.country = Some("ES".into());
                m.quotes = Count::from(1);
            }
            m
        })
        .collect();
    let r = analyze(&mentions, &Config::default()).metrics.reach;
    assert_eq!(r.unique, Some(313_750));
    assert_eq!(r.authors, Some(250));
    assert!(close(r.concentration_top1pct, 7_470.0 / 313_750.0));
    let countries: Vec<(&str, u64, f64)> = r
        .by_country
        .iter()
        .map(|b| (b.key.as_str(), b.mentions, b.share))
        .collect();
    assert_eq!(
        countries,
        [("IT", 100, 0.4), ("unknown", 100, 0.4), ("ES", 50, 0.2)]
    );
    assert_eq!(r.engagement.comments, Some(200));
    assert_eq!(r.engagement.quotes, Some(50));
    assert_eq!(r.engagement.likes, None);
}

/// The three mentions with the highest reach and engagement, by hand. Reach is the export's
/// reach, else followers: p1 900, p2 50 (its reach, not its 10,000 followers), p3 10,000,
/// p4 900 and p6 900 (tie p1, later), p5 0 (not a candidate), the repost r1 1,000,000 (never a
/// candidate). → p3 10,000, p1 900, p4 900: of the three tied at 900, the earlier two.
/// Engagement is the export's figure, else likes + shares + comments + quotes: p1 5 + 1 = 6,
/// p2 the export's 4 (its 100 likes ignored), p3 2 + 3 + 4 + 5 = 14, p4 none, p5 0 (not a
/// candidate). → p3 14, p1 6, p2 4. Key moments are listed in time order.
#[test]
fn highest_reach_and_most_engaged_moments() {
    let mut p1 = with_followers(post("p1", 0, "a", "x"), 900);
    (p1.likes, p1.comments) = (Count::from(5), Count::from(1));
    let mut p2 = with_followers(post("p2", 1, "b", "x"), 10_000);
    (p2.reach, p2.engagement, p2.likes) = (Count::from(50), Count::from(4), Count::from(100));
    let mut p3 = with_followers(post("p3", 2, "c", "x"), 10_000);
    p3.likes = Count::from(2);
    (p3.shares, p3.comments, p3.quotes) = (Count::from(3), Count::from(4), Count::from(5));
    let p4 = with_followers(post("p4", 3, "d", "x"), 900);
    let mut p5 = with_followers(post("p5", 4, "e", "x"), 0);
    p5.likes = Count::from(0);
    let mut r1 = with_followers(post("r1", 5, "f", "RT x"), 1_000_000);
    r1.kind = Kind::Repost;
    r1.likes = Count::from(1_000);
    let p6 = with_followers(post("p6", 6, "g", "x"), 900);
    let a = analyze(&[p1, p2, p3, p4, p5, r1, p6], &Config::default());
    let top = |kind: MomentKind| -> Vec<(String, String)> {
        a.metrics
            .timeline
            .key_moments
            .iter()
            .filter(|k| k.kind == kind)
            .map(|k| (k.mention.as_ref().unwrap().id.clone(), k.label.clone()))
            .collect()
    };
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert_eq!(
        top(MomentKind::HighestReach),
        pairs(&[("p1", "900"), ("p3", "10000"), ("p4", "900")])
    );
    assert_eq!(
        top(MomentKind::MostEngaged),
        pairs(&[("p1", "6"), ("p2", "4"), ("p3", "14")])
    );
}

/// `by_phase` on the incident of `timeline_shape_milestones_and_key_moments`: phases before
/// (hours 0–5), escalation (6), peak (7–8), decay (9–10), after (11–17). Actionable mentions
/// per phase: 1+0+2+1+1+0 = 5; 8; 20+30 − the brand's promo = 49; 12+9 − the brand's reply
/// = 20; 2+1+0+1+14+3+1 = 22. The one reply (19:05 UTC) answers h08-00 (18:00, peak) after
/// 65 min = 3,900 s, outside the 1 h SLA (3,900 > 3,600 s).
#[test]
fn response_by_phase_by_hand() {
    let a = incident_with_brand_posts(&[
        ("h07-03", Kind::Original, None),
        ("h09-05", Kind::Reply, Some("h08-00")),
    ]);
    // key, actionable, answered, rate, median, within SLA
    type Row<'a> = (&'a str, u64, u64, Option<f64>, Option<f64>, Option<f64>);
    let groups: Vec<Row> = a
        .metrics
        .response
        .by_phase
        .iter()
        .map(|g| {
            (
                g.key.as_str(),
                g.actionable,
                g.answered,
                g.rate,
                g.median_seconds,
                g.within_sla_share,
            )
        })
        .collect();
    assert_eq!(
        groups,
        [
            ("before", 5, 0, Some(0.0), None, None),
            ("escalation", 8, 0, Some(0.0), None, None),
            ("peak", 49, 1, Some(1.0 / 49.0), Some(3_900.0), Some(0.0)),
            ("decay", 20, 0, Some(0.0), None, None),
            ("after", 22, 0, Some(0.0), None, None),
        ]
    );
}

/// Per-bucket figures by hand, 1 h buckets from 10:00. Bucket 0: m1 (followers 100; "thanks,
/// great service": thanks +2, great +3 → positive) and m2 (reach 40 over its 9 followers;
/// "terrible, broken": −3 −2 → negative): reach 140. Bucket 1: the brand's reply b1
/// (followers 5,000; the brand's posts are not counted by sentiment) and m3 (no reach; "ok"
/// +1 → positive): reach 5,000. Bucket 2: m4 (followers 7; the export says negative).
#[test]
fn bucket_figures_by_hand() {
    let m1 = with_followers(post("m1", 5, "anna", "thanks, great service"), 100);
    let mut m2 = with_followers(post("m2", 20, "bob", "terrible, broken"), 9);
    m2.reach = Count::from(40);
    let b1 = with_followers(reply("b1", 61, "SkywaysHelp", "m2", "we are on it"), 5_000);
    let m3 = post("m3", 90, "carl", "ok");
    let mut m4 = with_followers(post("m4", 150, "dana", "hmm"), 7);
    m4.sentiment = Some(Sentiment::Negative);
    let a = analyze(
        &[m1, m2, b1, m3, m4],
        &config("handles = [\"SkywaysHelp\"]\nbucket = \"1h\""),
    );
    let buckets: Vec<(u64, u64, u64, u64, u64)> = a
        .metrics
        .timeline
        .buckets
        .iter()
        .map(|b| (b.count, b.inbound, b.brand, b.brand_replies, b.reach))
        .collect();
    assert_eq!(
        buckets,
        [(2, 2, 0, 0, 140), (2, 1, 1, 1, 5_000), (1, 1, 0, 0, 7)]
    );
    let sentiment: Vec<(u64, u64, u64, u64)> = a
        .metrics
        .timeline
        .buckets
        .iter()
        .map(|b| (b.negative, b.neutral, b.positive, b.unrated))
        .collect();
    assert_eq!(sentiment, [(1, 0, 1, 0), (0, 0, 1, 0), (1, 0, 0, 0)]);
}

/// A first response after the end (the reply at hour 15, 01:02 UTC; the end is the bucket of
/// hour 11, 21:00 UTC), and an incident that never comes back down within the data (no end:
/// the default `end_sustain` is 3 buckets).
#[test]
fn late_responses_and_endless_incidents_are_warned_about() {
    let a = incident_with_brand_posts(&[("h15-02", Kind::Reply, Some("h15-00"))]);
    let t = &a.metrics.timeline;
    assert_eq!(t.end, Some(at(660)));
    assert_eq!(a.metrics.response.first_response_at, Some(at(15 * 60 + 2)));
    assert_eq!(
        t.warning_codes,
        [TimelineWarning::ResponseAfterEnd {
            response: at(15 * 60 + 2),
            end: at(660),
        }]
    );
    let rising = hourly(&[1, 0, 2, 1, 1, 0, 8, 20, 30, 25, 28, 30]);
    let t = analyze(&rising, &config("bucket = \"1h\""))
        .metrics
        .timeline;
    assert_eq!(t.onset, Some(at(6 * 60)));
    assert_eq!(t.end, None);
    assert!(t
        .warning_codes
        .contains(&TimelineWarning::NoEnd { buckets: 3 }));
}

/// Negative shares by hand on the incident of `timeline_shape_milestones_and_key_moments`
/// (baseline buckets: hours 0–5; peak phase: hours 7–8; peak: hour 8). Every mention reads
/// "so angry, flight delayed" (negative) except those made positive here:
/// - baseline: 4 of its 5 mentions → negative share 1/5 = 0.2;
/// - peak phase: 10 of hour 7's 20 → (10 + 30) / 50 = 0.8;
/// - recovery: after hour 8, hours 9 (12 negative) and 10 (9) stay at 1.0; 11–14 hold fewer
///   than 3 rated mentions and are skipped; hour 15 has 12 of its 14 positive → 2/14 ≤ 0.2:
///   recovered at 01:00 UTC, 7 h after the peak's 18:00 → 25,200 s.
#[test]
fn negative_shares_and_recovery_by_hand() {
    let counts = [1, 0, 2, 1, 1, 0, 8, 20, 30, 12, 9, 2, 1, 0, 1, 14, 3, 1];
    let mut mentions = hourly(&counts);
    let happy = ["h00-00", "h02-00", "h02-01", "h03-00"]
        .into_iter()
        .map(String::from)
        .chain((0..10).map(|k| format!("h07-{k:02}")))
        .chain((0..12).map(|k| format!("h15-{k:02}")));
    for id in happy {
        let i = index(&mentions, &id);
        mentions[i].text = "thanks, great service".into();
    }
    let s = analyze(&mentions, &config("bucket = \"1h\""))
        .metrics
        .sentiment;
    assert!(close(s.negative_share_baseline, 0.2));
    assert!(close(s.negative_share_peak, 0.8));
    assert_eq!(s.recovery_seconds, Some(25_200));
}

/// Hours 0–21: a surge of 20 at hour 6 that died down, then the rise from hour 14 to the peak
/// of 30 at 16. Threshold 3 (median 1, MAD 0, the minimum); the quiet run of hours 11–13
/// places the onset at 14. Hour 6 is above 3 and at least 0.3 × 30 = 9: an earlier surge,
/// which the warning names.
#[test]
fn a_surge_that_died_down_before_the_onset_is_named() {
    let counts = [
        1, 1, 1, 1, 1, 1, 20, 2, 1, 1, 1, 1, 1, 1, 5, 10, 30, 12, 3, 1, 1, 1,
    ];
    let t = analyze(&hourly(&counts), &config("bucket = \"1h\""))
        .metrics
        .timeline;
    assert_eq!(t.onset, Some(at(14 * 60)));
    assert!(t
        .warning_codes
        .contains(&TimelineWarning::SurgeBeforeOnset {
            at: at(6 * 60),
            count: 20,
            onset: at(14 * 60),
        }));
    // A bump of 8 is above the threshold but under 9: the lead-in's noise, not a surge.
    let mut counts = counts;
    counts[6] = 8;
    let t = analyze(&hourly(&counts), &config("bucket = \"1h\""))
        .metrics
        .timeline;
    assert!(!t
        .warning_codes
        .iter()
        .any(|w| matches!(w, TimelineWarning::SurgeBeforeOnset { .. })));
}

/// Two rated mentions before the incident are too few for a share (fewer than
/// `onset_min_count`, 3): the baseline share is unknown, so is the recovery to it; the peak
/// phase (hours 7–8, 50 mentions, all negative) keeps its share.
#[test]
fn a_share_over_too_few_rated_mentions_is_unknown() {
    let counts = [1, 0, 1, 0, 0, 0, 8, 20, 30, 12, 9, 2, 1, 0, 1, 14, 3, 1];
    let s = analyze(&hourly(&counts), &config("bucket = \"1h\""))
        .metrics
        .sentiment;
    assert_eq!(s.negative_share_baseline, None);
    assert!(close(s.negative_share_peak, 1.0));
    assert_eq!(s.recovery_seconds, None);
}

/// A post continuing the brand's own ("(2/2)", its parent the brand's promo) answers no one:
/// it is neither a brand reply nor the first response.
#[test]
fn continuing_the_brands_own_post_is_no_reply() {
    let a = incident_with_brand_posts(&[
        ("h06-02", Kind::Original, None),
        ("h06-03", Kind::Reply, Some("h06-02")),
    ]);
    let r = &a.metrics.response;
    assert_eq!((r.brand_posts, r.brand_replies), (2, 0));
    assert_eq!(r.first_response_at, None);
    assert!(a
        .metrics
        .timeline
        .warning_codes
        .contains(&TimelineWarning::NoBrandResponseAfterOnset));
}

/// 400 mentions over two days and one 40 days earlier: the central 99 % (the 3rd to the
/// 399th of 401 in time order) span under two days, the data 42: the timeline says which
/// period holds the incident. Without the old post, or with 199 mentions, it says nothing.
#[test]
fn a_few_posts_far_from_the_rest_are_pointed_out() {
    let sparse = |old: bool, count: i64| {
        let mut mentions: Vec<Mention> = (0..count)
            .map(|i| post(&format!("m{i:03}"), i * 7, "a", "hello"))
            .collect();
        if old {
            mentions.push(post("old", -40 * 24 * 60, "b", "hello"));
        }
        analyze(&sorted(mentions), &skyways())
            .metrics
            .timeline
            .warning_codes
            .into_iter()
            .find(|w| matches!(w, TimelineWarning::SparseTail { .. }))
    };
    // 401 mentions: two cut at each end, so the period is from the 3rd (m001, minute 7) to
    // the 399th (m397, minute 2779).
    assert_eq!(
        sparse(true, 400),
        Some(TimelineWarning::SparseTail {
            from: at(7),
            to: at(397 * 7),
        })
    );
    assert_eq!(sparse(false, 400), None);
    assert_eq!(sparse(true, 198), None, "199 mentions are too few to tell");
}

#[test]
fn a_guessed_language_keeps_every_languages_stop_words_out_of_the_terms() {
    // No language column: each text's language is guessed, English for all three (more English
    // stop words). The Spanish "de" and the Italian "come" are no terms of them; "train",
    // "crash", "santiago", "compostela" and "delayed" are (each counted once a mention).
    let mut mentions = sorted(vec![
        post(
            "1",
            0,
            "ana",
            "The train crash in Santiago de Compostela is awful",
        ),
        post(
            "2",
            1,
            "ben",
            "Train crash near Santiago de Compostela, come on",
        ),
        post("3", 2, "cy", "My train to Santiago is delayed"),
    ]);
    let terms = |mentions: &[Mention]| -> Vec<(String, u64)> {
        let m = analyze(mentions, &Config::default()).metrics;
        m.topics
            .terms
            .iter()
            .map(|t| (t.term.clone(), t.count))
            .collect()
    };
    assert_eq!(
        terms(&mentions),
        [
            ("santiago".to_string(), 3),
            ("train".to_string(), 3),
            ("compostela".to_string(), 2),
            ("crash".to_string(), 2),
            ("awful".to_string(), 1),
            ("delayed".to_string(), 1),
            ("near".to_string(), 1),
        ]
    );
    // Said by the export to be English, the texts lose only English stop words.
    for m in &mut mentions {
        m.language = Some("en".into());
    }
    let said = terms(&mentions);
    assert!(
        said.contains(&("de".to_string(), 2)) && said.contains(&("come".to_string(), 1)),
        "{said:?}"
    );
}

/// twarc-csv writes each retweet with its original's counts: an original with 50 likes, 10
/// retweets and 1,000 views, retweeted twice, is 50, 10 and 1,000, not 150, 30 and 3,000. A
/// reply's own counts (2 likes, 40 views) add: likes 52, shares 10, impressions 1,040. The
/// reposts still count as mentions, in the kinds and in the potential reach (their authors'
/// followers: 100 + 20 + 30 + 5 = 155). Reposts of a post the export does not hold (9) add its
/// counts once, the largest they carry (likes 75, shares 4, views 300): likes 127, shares 14,
/// impressions 1,340.
#[test]
fn a_reposts_counts_are_its_originals_and_are_not_summed_again() {
    let counted = |mut m: Mention, likes: u64, shares: u64, views: u64, followers: u64| {
        (m.likes, m.shares, m.views) = (likes.into(), shares.into(), views.into());
        with_followers(m, followers)
    };
    let repost = |id: &str, minute: i64, author: &str| {
        let mut m = post(id, minute, author, "RT @mira: my guitar");
        m.kind = Kind::Repost;
        m.parent_id = Some("1".into());
        counted(m, 50, 10, 1000, if author == "bo" { 20 } else { 30 })
    };
    let mut mentions = sorted(vec![
        counted(post("1", 0, "mira", "my guitar"), 50, 10, 1000, 100),
        repost("2", 1, "bo"),
        repost("3", 2, "cy"),
        counted(reply("4", 3, "di", "1", "so sorry"), 2, 0, 40, 5),
    ]);
    let r = analyze(&mentions, &Config::default()).metrics.reach;
    assert_eq!(r.engagement.likes, Some(52));
    assert_eq!(r.engagement.shares, Some(10));
    assert_eq!(r.impressions, Some(1040));
    assert_eq!((r.mentions, r.kinds.repost), (4, 2));
    assert_eq!(r.potential, Some(155));

    let of_absent = |id: &str, minute: i64, likes: u64, shares: u64, views: u64| {
        let mut m = repost(id, minute, "ed");
        m.parent_id = Some("9".into());
        (m.likes, m.shares, m.views) = (likes.into(), shares.into(), views.into());
        m
    };
    mentions.push(of_absent("5", 4, 70, 4, 300));
    mentions.push(of_absent("6", 5, 75, 3, 280));
    let r = analyze(&sorted(mentions), &Config::default()).metrics.reach;
    assert_eq!(r.engagement.likes, Some(127));
    assert_eq!(r.engagement.shares, Some(14));
    assert_eq!(r.impressions, Some(1340));
}

/// Hourly counts with a peak of 30 at hour 5 and, after it fell back, 30 again at hour 12:
/// two waves of a like size (30 ≥ 0.9 × 30), which the timeline says. A later wave of 26
/// (under 27) is a smaller re-ignition, and no warning.
#[test]
fn a_later_peak_as_high_as_the_peak_is_named() {
    let counts = [1, 1, 1, 1, 10, 30, 8, 1, 1, 1, 1, 10, 30, 6, 1, 1, 1];
    let t = analyze(&hourly(&counts), &config("bucket = \"1h\""))
        .metrics
        .timeline;
    assert_eq!(
        t.peak.as_ref().map(|p| (p.start, p.count)),
        Some((at(5 * 60), 30))
    );
    assert!(
        t.warning_codes.contains(&TimelineWarning::LaterPeakAsHigh {
            at: at(12 * 60),
            count: 30,
            peak: 30,
        }),
        "{:?}",
        t.warning_codes
    );
    let mut counts = counts;
    counts[12] = 26;
    let t = analyze(&hourly(&counts), &config("bucket = \"1h\""))
        .metrics
        .timeline;
    assert!(t.secondary_peaks.iter().any(|p| p.count == 26));
    assert!(!t
        .warning_codes
        .iter()
        .any(|w| matches!(w, TimelineWarning::LaterPeakAsHigh { .. })));
}

/// The team's lessons are marked with the language they were written in, whatever the
/// report's: recognised by stop words, markdown and all.
#[test]
fn the_language_of_a_text_is_guessed_from_its_stop_words() {
    let english = "# Summary\n\nWe answered the customer far too late, and the video went viral.";
    assert_eq!(guess_language(english), Some(Language::En));
    let italian =
        "## Cosa è andato storto\n\n- Abbiamo risposto troppo tardi e il video è diventato virale.";
    assert_eq!(guess_language(italian), Some(Language::It));
    assert_eq!(guess_language("| 2026-04-15 | SK123 |"), None);
}
