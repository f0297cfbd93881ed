//! The response figures on a real customer-support extract match an independent computation.

use casebook::analysis::analyze;
use casebook::config::Config;
use casebook::model::{Kind, Mention, Mentions};

/// Reads the twcs layout the way a user's script would: `inbound=False` is the brand, the parent
/// is `in_response_to_tweet_id` written as a float (`3.0`).
fn twcs(path: &str) -> Vec<Mention> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let mut mentions: Vec<Mention> = reader
        .records()
        .map(|record| {
            let r = record.unwrap();
            let at = jiff::fmt::strtime::parse("%a %b %d %H:%M:%S %z %Y", &r[3])
                .unwrap()
                .to_timestamp()
                .unwrap();
            let mut m = Mention::new(&r[0], at, &r[4]);
            m.author = Some(r[1].into());
            m.is_brand = Some(&r[2] == "False");
            if !r[6].is_empty() {
                m.parent_id = Some(r[6].trim_end_matches(".0").into());
                m.kind = Kind::Reply;
            }
            m
        })
        .collect();
    mentions.sort_by(|a, b| (a.timestamp, &a.id).cmp(&(b.timestamp, &b.id)));
    mentions
}

#[test]
fn twcs_response_rate_and_times_match_an_independent_computation() {
    let mentions = twcs(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/analysis/twcs_first300.csv"
    ));
    let mentions = Mentions::from_mentions(mentions).unwrap();
    let r = analyze(&mentions, &Config::default()).metrics.response;
    // Expected values from a plain-Python script over the same file (csv + datetime): actionable
    // = inbound tweets; answered = inbound tweets that an outbound tweet names as
    // in_response_to_tweet_id, at or after them; time to the earliest such reply. Quantiles from
    // statistics.quantiles(times, n=10, method="inclusive"), which is numpy's linear method.
    assert_eq!((r.brand_posts, r.actionable, r.answered), (136, 164, 127));
    assert_eq!(r.linkage, "parent");
    assert!((r.rate.unwrap() - 127.0 / 164.0).abs() < 1e-12);
    assert_eq!(r.min_seconds, Some(74.0));
    assert_eq!(r.median_seconds, Some(650.0));
    assert!((r.mean_seconds.unwrap() - 20_298.535_433_070_865).abs() < 1e-6);
    assert!((r.p90_seconds.unwrap() - 46_814.4).abs() < 1e-6);
    assert_eq!(r.max_seconds, Some(374_366.0));
    assert!((r.within_sla_share.unwrap() - 86.0 / 127.0).abs() < 1e-12);
    assert!(r.anomalies.is_empty());
}

/// The same extract for one company: its handle decides, and the posts the export flags for the
/// 17 other companies' accounts are reported, not counted as that company's. Counts by hand
/// from the file (outbound posts by author_id): AdobeCare 23 of 136; then ChipotleTweets 19,
/// AirAsiaSupport, ATVIAssist and VerizonSupport 13 each, Morrisons 8, and 12 more accounts.
/// In such an export of several companies only the customers' posts connected to AdobeCare
/// call for its answer, and only they and AdobeCare's posts count in the figures: of the 164
/// inbound posts, 26 @-mention @AdobeCare, reply to one of its posts or were answered by it,
/// 21 of them answered; 138 are left out (a plain-Python count over the file:
/// `(?<!\w)@(\w+)` for the handles, parents from `in_response_to_tweet_id` without its `.0`).
#[test]
fn twcs_for_one_company_counts_only_its_handle() {
    use casebook::metrics::TimelineWarning;
    let mentions = twcs(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/analysis/twcs_first300.csv"
    ));
    let mentions = Mentions::from_mentions(mentions).unwrap();
    let adobe = Config::from_toml("handles = [\"AdobeCare\"]", "incident.toml").unwrap();
    let metrics = analyze(&mentions, &adobe).metrics;
    assert_eq!(metrics.response.brand_posts, 23);
    assert_eq!(
        (metrics.response.actionable, metrics.response.answered),
        (26, 21)
    );
    // Its timeline is its conversations: its 23 posts and the 26 customers' posts connected
    // to it, none of the other 251 rows.
    let sum = |f: fn(&casebook::metrics::Bucket) -> u64| {
        metrics.timeline.buckets.iter().map(f).sum::<u64>()
    };
    assert_eq!(
        (sum(|b| b.count), sum(|b| b.brand), sum(|b| b.inbound)),
        (49, 23, 26)
    );
    let flagged = metrics
        .timeline
        .warning_codes
        .iter()
        .find(|w| matches!(w, TimelineWarning::FlaggedBrandPostsOfOtherAccounts { .. }));
    assert_eq!(
        flagged,
        Some(&TimelineWarning::FlaggedBrandPostsOfOtherAccounts {
            posts: 113,
            accounts: vec![
                ("ChipotleTweets".into(), 19),
                ("AirAsiaSupport".into(), 13),
                ("ATVIAssist".into(), 13),
                ("VerizonSupport".into(), 13),
                ("Morrisons".into(), 8),
            ],
            more: 12,
            conversations: 49,
            mentions: 300,
        })
    );
    // Reach, authors and hashtags count the same 49 posts: by 11 accounts (AdobeCare and ten
    // customers), 41 of them replies (an `in_response_to_tweet_id`) and 8 originals, with no
    // hashtag, where the whole file has #halloween three times (the same plain-Python count).
    let reach = &metrics.reach;
    assert_eq!((reach.mentions, reach.authors), (49, Some(11)));
    assert_eq!((reach.kinds.original, reach.kinds.reply), (8, 41));
    assert!(metrics.topics.hashtags.is_empty());
}
