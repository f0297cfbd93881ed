//! Ingest: every preset's fixture (real header lines), real extracts, bad input, and the
//! `inspect` command run as a user would.

use std::path::{Path, PathBuf};
use std::process::Command;

use casebook::config::{Config, DateOrder, Overrides};
use casebook::error::{Error, IngestError};
use casebook::ingest::{self, IngestOptions};
use casebook::model::{
    FileNotice, FileReport, Kind, Mention, RowAccounting, Sentiment, ValueProblem,
};
use serde_json::Value;
use sha2::{Digest, Sha256};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ingest")
        .join(name)
}

/// What ingest read, each mention whole (read back from the compact store).
struct Ingested {
    mentions: Vec<Mention>,
    files: Vec<FileReport>,
    total: RowAccounting,
}

fn read_with(paths: &[PathBuf], config: &Config) -> Ingested {
    let reading = ingest::read_all(paths, config, &IngestOptions::default());
    assert!(reading.failures.is_empty(), "{:?}", reading.failures);
    for file in &reading.ingested.files {
        assert!(file.rows.is_balanced(), "{}: {:?}", file.path, file.rows);
    }
    assert!(reading.ingested.total.is_balanced());
    let ingested = reading.ingested;
    Ingested {
        mentions: ingested.mentions.to_vec().unwrap(),
        files: ingested.files,
        total: ingested.total,
    }
}

fn read(name: &str) -> Ingested {
    read_with(&[fixture(name)], &Config::default())
}

/// Writes `bytes` to a temporary file called `name` and reads it with the default settings.
fn read_csv(name: &str, bytes: &[u8]) -> Ingested {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), name, bytes);
    read_with(&[path], &Config::default())
}

fn rows(read: u64, used: u64, duplicate: u64, out_of_window: u64, rejected: u64) -> RowAccounting {
    RowAccounting {
        read,
        used,
        duplicate,
        out_of_window,
        filtered_out: 0,
        rejected,
    }
}

fn by_id<'a>(ingested: &'a Ingested, id: &str) -> &'a Mention {
    ingested
        .mentions
        .iter()
        .find(|m| m.id == id)
        .unwrap_or_else(|| panic!("no mention {id}"))
}

fn column<'a>(ingested: &'a Ingested, field: &str) -> Option<&'a str> {
    ingested.files[0].columns.get(field).map(String::as_str)
}

fn casebook(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn inspect_json(args: &[&str]) -> (Option<i32>, Value) {
    let mut all = vec!["inspect", "--json"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = casebook(&all);
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout} {stderr}"));
    (code, json)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

// ---------------------------------------------------------------- presets

#[test]
fn twarc_csv_maps_every_column_by_name() {
    let got = read("twarc-csv.csv");
    let file = &got.files[0];
    assert_eq!(
        (file.format.as_str(), file.format_detected),
        ("twarc-csv", true)
    );
    assert_eq!(
        (
            file.encoding.as_str(),
            file.delimiter.as_str(),
            file.header_line
        ),
        ("utf-8", ",", 1)
    );
    assert_eq!(file.rows, rows(5, 4, 1, 0, 0));
    assert_eq!(column(&got, "author"), Some("author.username"));
    assert_eq!(
        column(&got, "repost_of"),
        Some("referenced_tweets.retweeted.id")
    );
    let original = by_id(&got, "1394742139124547585");
    assert_eq!(original.timestamp.to_string(), "2021-05-18T19:24:56Z");
    assert!(!original.timezone_assumed);
    assert_eq!(original.platform.as_deref(), Some("twitter"));
    assert_eq!(original.author.as_deref(), Some("SkywaysAir"));
    assert_eq!(original.author_name.as_deref(), Some("Skyways Airlines"));
    assert_eq!(original.author_id.as_deref(), Some("111"));
    assert_eq!(original.followers.get(), Some(250_000));
    assert_eq!(
        (
            original.likes.get(),
            original.shares.get(),
            original.comments.get(),
            original.quotes.get(),
            original.views.get()
        ),
        (Some(10), Some(3), Some(2), Some(1), Some(1000))
    );
    assert_eq!(original.hashtags[..], ["skyways"]);
    assert_eq!(original.country.as_deref(), Some("IT"));
    assert_eq!(original.kind, Kind::Original);
    let retweet = by_id(&got, "1394742139124547586");
    assert_eq!(
        (retweet.kind, retweet.parent_id.as_deref()),
        (Kind::Repost, Some("1394742139124547585"))
    );
    let reply = by_id(&got, "1394742139124547587");
    assert_eq!(
        (reply.kind, reply.parent_id.as_deref()),
        (Kind::Reply, Some("1394742139124547585"))
    );
    assert_eq!(reply.thread_id.as_deref(), Some("1394742139124547585"));
    let quote = by_id(&got, "1394742139124547588");
    assert_eq!(
        (quote.kind, quote.parent_id.as_deref()),
        (Kind::Quote, Some("1394742139124547587"))
    );
    assert_eq!(quote.language.as_deref(), Some("it"));
    // Sorted by time.
    let ids: Vec<&str> = got.mentions.iter().map(|m| &m.id[16..]).collect();
    assert_eq!(ids, vec!["585", "586", "587", "588"]);
}

#[test]
fn reposts_of_a_post_share_one_copy_of_its_text() {
    let csv =
        "id,created_at,text,referenced_tweets.retweeted.id,author.username,entities.hashtags\n\
        1,2021-05-18T19:24:56.000Z,Delayed again #late,,ana,\"[\"\"#late\"\"]\"\n\
        2,2021-05-18T19:25:00.000Z,RT @ana: Delayed again #late,1,bo,\"[\"\"#late\"\"]\"\n\
        3,2021-05-18T19:26:00.000Z,RT @ana: Delayed again #late,1,cy,\"[\"\"#late\"\"]\"\n\
        4,2021-05-18T19:27:00.000Z,RT @ana: Delayed again #late,1,di,\"[\"\"#late\"\"]\"\n\
        5,2021-05-18T19:28:00.000Z,RT @ana: Delayed again #late,,ed,\"[\"\"#late\"\"]\"\n\
        6,2021-05-18T19:29:00.000Z,RT @bo: Lost my bag,9,fa,\n";
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "rt.csv", csv.as_bytes());
    let reading = ingest::read_all(&[path], &Config::default(), &IngestOptions::default());
    let mentions = &reading.ingested.mentions;
    assert_eq!(reading.ingested.files[0].format, "twarc-csv");
    let ids: Vec<String> = mentions.iter().map(|m| m.id().into_owned()).collect();
    assert_eq!(ids, ["1", "2", "3", "4", "5", "6"]);
    let stored = |i: usize| mentions.get(i).texts_ref();
    // The reposts of 1 share one stored copy of their text and hashtags.
    assert_eq!(stored(1), stored(2));
    assert_eq!(stored(1), stored(3));
    let two = mentions.get(1).texts();
    assert_eq!(two.text, "RT @ana: Delayed again #late");
    assert_eq!(two.hashtags, ["late"]);
    assert_eq!(mentions.get(3).texts(), two);
    // Only reposts share: other posts rarely repeat a text.
    assert_eq!(mentions.get(4).texts(), two, "same texts");
    assert_ne!(stored(4), stored(1), "stored apart");
    let six = mentions.get(5).texts();
    assert_eq!(six.text, "RT @bo: Lost my bag");
    assert!(six.hashtags.is_empty());
    assert_ne!(stored(5), stored(1));
}

#[test]
fn twarc1_reads_kinds_from_tweet_type_and_warns_about_the_repeated_column() {
    let got = read("twarc1.csv");
    assert_eq!(got.files[0].format, "twarc1");
    assert_eq!(got.files[0].rows, rows(4, 4, 0, 0, 0));
    assert!(got.files[0]
        .warnings
        .iter()
        .any(|w| w.contains("\"user_screen_name\" appears 2 times")));
    let original = by_id(&got, "975796434416173056");
    assert_eq!(original.timestamp.to_string(), "2018-03-20T18:21:52Z");
    assert_eq!(
        original.url().as_deref(),
        Some("https://twitter.com/SkywaysAir/status/975796434416173056")
    );
    let retweet = by_id(&got, "975796434416173057");
    assert_eq!(
        (retweet.kind, retweet.parent_id.as_deref()),
        (Kind::Repost, Some("975796434416173056"))
    );
    assert_eq!(retweet.followers.get(), Some(1234));
    let reply = by_id(&got, "975796434416173058");
    assert_eq!(
        (reply.kind, reply.parent_id.as_deref()),
        (Kind::Reply, Some("975796434416173056"))
    );
    let quote = by_id(&got, "975796434416173059");
    assert_eq!(
        (quote.kind, quote.parent_id.as_deref()),
        (Kind::Quote, Some("975796434416173056"))
    );
}

#[test]
fn brandwatch_legacy_skips_metadata_and_links_replies_through_urls() {
    let got = read("brandwatch.csv");
    let file = &got.files[0];
    assert_eq!(
        (
            file.format.as_str(),
            file.encoding.as_str(),
            file.header_line
        ),
        ("brandwatch", "utf-8-bom", 7)
    );
    assert_eq!(file.rows, rows(4, 4, 0, 0, 0));
    assert!(
        file.warnings.is_empty(),
        "Brandwatch writes UTC: {:?}",
        file.warnings
    );
    let post = by_id(&got, "1366374540000000001");
    assert_eq!(post.timestamp.to_string(), "2021-03-01T12:34:56Z");
    assert!(!post.timezone_assumed);
    assert_eq!(post.sentiment, Some(Sentiment::Negative));
    assert_eq!(
        (
            post.followers.get(),
            post.likes.get(),
            post.shares.get(),
            post.comments.get()
        ),
        (Some(98_000), Some(5400), Some(1200), Some(310))
    );
    assert_eq!(
        (post.views.get(), post.reach.get()),
        (Some(54_000), Some(150_000))
    );
    assert_eq!(post.hashtags[..], ["skyways", "brokenguitar"]);
    let reply = by_id(&got, "1366374540000000002");
    assert_eq!(
        (reply.kind, reply.parent_id.as_deref()),
        (Kind::Reply, Some("1366374540000000001"))
    );
    let share = by_id(&got, "1366374540000000003");
    assert_eq!(
        (share.kind, share.parent_id.as_deref()),
        (Kind::Repost, Some("1366374540000000001"))
    );
    let news = by_id(&got, "8422114");
    assert_eq!(news.platform.as_deref(), Some("news"));
    assert_eq!(
        news.title.as_deref(),
        Some("Airline under fire after guitar video")
    );
    assert_eq!(news.reach.get(), Some(2_500_000));
}

#[test]
fn brandwatch_newer_x_columns() {
    let got = read("brandwatch-x.csv");
    assert_eq!(
        (got.files[0].format.as_str(), got.files[0].header_line),
        ("brandwatch", 7)
    );
    assert_eq!(column(&got, "followers"), Some("X Followers"));
    let post = by_id(&got, "2032514523000000001");
    assert_eq!(post.timestamp.to_string(), "2026-03-13T20:00:00Z");
    assert_eq!(
        post.platform.as_deref(),
        Some("twitter"),
        "`x` is X/Twitter"
    );
    assert_eq!(post.followers.get(), Some(310));
    let reply = by_id(&got, "2032514523000000002");
    assert_eq!(
        (reply.kind, reply.parent_id.as_deref()),
        (Kind::Reply, Some("2032514523000000001"))
    );
    let comment = by_id(&got, "fb_2");
    assert_eq!(
        (comment.platform.as_deref(), comment.kind),
        (Some("facebook"), Kind::Reply)
    );
    assert_eq!(
        (
            comment.likes.get(),
            comment.comments.get(),
            comment.reach.get()
        ),
        (Some(1200), Some(85), None)
    );
}

/// Rows of delimiters alone (Excel saves formatted empty rows so), one with a quoted line break
/// and nothing else among them, are no mentions: skipped and said so with the first one's
/// line. An empty line is no row at all.
#[test]
fn rows_without_any_value_are_skipped_and_noted() {
    let csv = "id,created_at,text,author\n\
               1,2026-03-12T10:00:00Z,first,anna\n\
               ,,,\n\
               \n\
               2,2026-03-12T10:05:00Z,second,bob\n\
               , ,,\n\
               ,\"\r\n\",,\n";
    let got = read_csv("excel.csv", csv.as_bytes());
    let file = &got.files[0];
    assert_eq!(file.rows, rows(2, 2, 0, 0, 0));
    assert!(
        file.warnings.contains(
            &"3 rows have no value in any column, the first at line 3: they were skipped"
                .to_string()
        ),
        "{:?}",
        file.warnings
    );
    let one = read_csv(
        "one.csv",
        b"id,created_at,text,author\n1,2026-03-12T10:00:00Z,a,x\n,,,\n",
    );
    assert_eq!(
        one.files[0].warnings,
        ["the row at line 3 has no value in any column: it was skipped"]
    );
    let none = read_csv(
        "none.csv",
        b"id,created_at,text,author\n1,2026-03-12T10:00:00Z,a,x\n\n\n",
    );
    assert!(
        none.files[0].warnings.is_empty(),
        "{:?}",
        none.files[0].warnings
    );
}

/// A news item whose `Full Text` Brandwatch left empty is read from its `Snippet`; a row with
/// both keeps its full text.
#[test]
fn an_empty_full_text_is_read_from_the_snippet() {
    let csv = "Date,Title,Url,Page Type,Author,Full Text,Snippet,Resource Id\n\
        2026-03-13T20:00:00.000Z,Acme apologises,https://news.example/a,news,,,Acme apologised on Monday for the delays,n-1\n\
        2026-03-13T20:05:00.000Z,,https://x.com/anna/status/2,x,anna,My bag is lost @AcmeCare,My bag is lo…,2\n";
    let got = read_csv("bw.csv", csv.as_bytes());
    assert_eq!(got.files[0].format, "brandwatch");
    assert_eq!(got.files[0].rows, rows(2, 2, 0, 0, 0));
    assert_eq!(
        &*by_id(&got, "n-1").text,
        "Acme apologised on Monday for the delays"
    );
    assert_eq!(&*by_id(&got, "2").text, "My bag is lost @AcmeCare");
}

#[test]
fn talkwalker_epoch_milliseconds_and_signed_sentiment() {
    let got = read("talkwalker.csv");
    assert_eq!(got.files[0].format, "talkwalker");
    let tweet = by_id(&got, "1366374540000000001");
    assert_eq!(tweet.timestamp.to_string(), "2021-03-01T12:34:56Z");
    assert_eq!(
        (tweet.platform.as_deref(), tweet.sentiment),
        (Some("twitter"), Some(Sentiment::Negative))
    );
    assert_eq!(
        (
            tweet.author.as_deref(),
            tweet.engagement.get(),
            tweet.reach.get()
        ),
        (Some("guitarist"), Some(6910), Some(98_000))
    );
    let news = got
        .mentions
        .iter()
        .find(|m| m.platform.as_deref() == Some("news"))
        .unwrap();
    assert_eq!(news.sentiment, Some(Sentiment::Neutral));
    assert!(
        news.id.starts_with('u'),
        "no id column: derived from the URL"
    );
}

#[test]
fn meltwater_legacy_utf16_tab_with_separate_date_and_time_in_the_incident_zone() {
    let config = Config::resolve(
        Default::default(),
        &Overrides {
            timezone: Some("Europe/Rome".into()),
            ..Overrides::default()
        },
    )
    .unwrap();
    let got = read_with(&[fixture("meltwater.tsv")], &config);
    let file = &got.files[0];
    assert_eq!(
        (
            file.format.as_str(),
            file.encoding.as_str(),
            file.delimiter.as_str()
        ),
        ("meltwater", "utf-16le", "\\t")
    );
    assert_eq!(file.rows, rows(2, 2, 0, 0, 0));
    assert_eq!(column(&got, "date"), Some("Alternate Date Format"));
    assert_eq!(column(&got, "time"), Some("Time"));
    // 07-Jul-25 05:12 PM in Rome (CEST, +02:00).
    let tweet = by_id(&got, "1942000000000000001");
    assert_eq!(tweet.timestamp.to_string(), "2025-07-07T15:12:00Z");
    assert!(tweet.timezone_assumed);
    assert_eq!(
        (
            tweet.author.as_deref(),
            tweet.views.get(),
            tweet.likes.get()
        ),
        (Some("guitarist"), Some(1_200_000), Some(5400))
    );
    let news = got
        .mentions
        .iter()
        .find(|m| m.id != "1942000000000000001")
        .unwrap();
    assert_eq!(column(&got, "sentiment"), Some("Sentiment"));
    assert_eq!(
        news.sentiment, None,
        "Meltwater's `Not Rated` is no sentiment"
    );
    assert!(
        !file
            .warnings
            .iter()
            .any(|w| w.contains("not a known sentiment")),
        "{:?}",
        file.warnings
    );
    assert!(file
        .warnings
        .iter()
        .any(|w| w.contains("read as Europe/Rome")));
}

/// A Meltwater date that holds its time too (no `Alternate Date Format` column) is read alone;
/// an impossible one is rejected as impossible, quoting the date, not as the pair unreadable.
#[test]
fn a_date_holding_its_time_is_judged_alone() {
    let tsv = "Date\tTime\tHit Sentence\tInfluencer\tSource\tKeywords\n\
               28-Mar-2026 11:05PM\t11:05 PM\t@AcmeCare lost parcel\t@jan\tTwitter\tacme\n\
               31-Feb-2026 10:00AM\t10:00 AM\t@AcmeCare again\t@ola\tTwitter\tacme\n";
    let got = read_csv("meltwater.tsv", tsv.as_bytes());
    let file = &got.files[0];
    assert_eq!(file.format, "meltwater");
    assert_eq!(file.rows, rows(2, 1, 0, 0, 1));
    assert_eq!(
        got.mentions[0].timestamp.to_string(),
        "2026-03-28T23:05:00Z"
    );
    assert_eq!(
        file.rejected_examples[0].reason,
        "impossible time \"31-Feb-2026 10:00AM\" in column \"Date\" (a month, day, hour or offset out of range)"
    );
}

#[test]
fn meltwater_newer_header() {
    let got = read("meltwater-new.tsv");
    assert_eq!(got.files[0].format, "meltwater");
    let reply = by_id(&got, "doc-1");
    assert_eq!(reply.timestamp.to_string(), "2026-03-12T14:05:00Z");
    assert_eq!(
        (reply.kind, reply.author.as_deref(), reply.views.get()),
        (Kind::Reply, Some("traveller"), Some(1200))
    );
    assert_eq!(reply.platform.as_deref(), Some("twitter"));
    let news = by_id(&got, "doc-2");
    assert_eq!(
        (news.reach.get(), news.platform.as_deref()),
        (Some(12_500), Some("news"))
    );
}

/// 4CAT writes each time twice; a row with an empty `unix_timestamp` is read from `timestamp`
/// (UTC), and a row with neither is rejected naming the first.
#[test]
fn fourcat_reads_the_time_from_timestamp_when_unix_timestamp_is_empty() {
    let csv = "id,thread_id,timestamp,unix_timestamp,body,author,author_followers,is_retweet\n\
               1,1,2026-03-13 20:00:00,1773432000,first,a,10,no\n\
               2,2,2026-03-13 20:05:00,,second,b,20,no\n\
               3,3,,,third,c,30,no\n";
    let got = read_csv("4cat.csv", csv.as_bytes());
    let file = &got.files[0];
    assert_eq!(file.format, "4cat");
    assert_eq!(file.rows, rows(3, 2, 0, 0, 1));
    assert_eq!(
        by_id(&got, "1").timestamp.to_string(),
        "2026-03-13T20:00:00Z"
    );
    assert_eq!(
        by_id(&got, "2").timestamp.to_string(),
        "2026-03-13T20:05:00Z"
    );
    assert!(
        file.rejected_examples[0]
            .reason
            .contains("\"unix_timestamp\" is empty"),
        "{}",
        file.rejected_examples[0].reason
    );
}

/// Talkwalker's epoch milliseconds re-saved by European Excel: `1,77289E+12` has lost its
/// digits. The rejection says so, not that a date format would read it.
#[test]
fn a_time_excel_wrote_in_scientific_notation_is_rejected_as_lost() {
    let csv = "url;published;content;source_type\n\
        https://x.com/a/status/1;1614602096000;fine;SOCIALMEDIA_TWITTER\n\
        https://x.com/b/status/2;1,77289E+12;mangled;SOCIALMEDIA_TWITTER\n";
    let got = read_csv("talkwalker.csv", csv.as_bytes());
    let file = &got.files[0];
    assert_eq!(file.format, "talkwalker");
    assert_eq!(file.rows, rows(2, 1, 0, 0, 1));
    let rejection = &file.rejected_examples[0];
    assert_eq!(rejection.line, 3);
    assert!(
        rejection.reason.contains(
            "time \"1,77289E+12\" in column \"published\" is a number Excel wrote in scientific notation"
        ) && !rejection.reason.contains("date_format"),
        "{}",
        rejection.reason
    );
}

#[test]
fn fourcat_twitter_and_telegram() {
    let got = read("4cat.csv");
    assert_eq!(got.files[0].format, "4cat");
    assert_eq!(column(&got, "timestamp"), Some("unix_timestamp"));
    assert_eq!(got.files[0].columns_also["timestamp"], ["timestamp"]);
    let original = by_id(&got, "1394742139124547585");
    assert_eq!(original.timestamp.to_string(), "2021-05-18T19:24:56Z");
    assert_eq!(&*original.text, "Our crew is looking into it.\nMore soon.");
    assert_eq!(original.hashtags[..], ["skyways", "sk101"]);
    assert_eq!(original.platform.as_deref(), Some("twitter"));
    assert_eq!(by_id(&got, "1394742139124547586").kind, Kind::Repost);
    assert_eq!(by_id(&got, "1394742139124547587").kind, Kind::Reply);
    let telegram = read("4cat-telegram.csv");
    let reply = by_id(&telegram, "5002");
    assert_eq!(reply.platform.as_deref(), Some("telegram"));
    assert_eq!(
        (reply.kind, reply.parent_id.as_deref()),
        (Kind::Reply, Some("5001"))
    );
    assert_eq!(reply.author.as_deref(), Some("traveller_it"));
    assert_eq!(by_id(&telegram, "5001").views.get(), Some(12_500));
}

#[test]
fn crowdtangle_zone_abbreviations_and_grouped_counts() {
    let got = read("crowdtangle.csv");
    assert_eq!(got.files[0].format, "crowdtangle");
    let post = got
        .mentions
        .iter()
        .find(|m| m.author.as_deref() == Some("skywaysair"))
        .unwrap();
    assert_eq!(post.timestamp.to_string(), "2020-03-01T19:02:11Z");
    assert!(!post.timezone_assumed);
    assert_eq!(post.platform.as_deref(), Some("facebook"));
    assert_eq!(
        (
            post.followers.get(),
            post.engagement.get(),
            post.comments.get()
        ),
        (Some(1_350_000), Some(12_345), Some(9876))
    );
    let instagram = read("crowdtangle-instagram.csv");
    let video = &instagram.mentions[0];
    assert_eq!(video.platform.as_deref(), Some("instagram"));
    assert_eq!(
        (video.views.get(), video.followers.get()),
        (Some(480_000), Some(98_000))
    );
}

#[test]
fn sprout_month_first_dates_are_decided_from_the_data() {
    let got = read("sprout.csv");
    assert_eq!(
        (got.files[0].format.as_str(), got.files[0].encoding.as_str()),
        ("sprout", "utf-8-bom")
    );
    let reply = by_id(&got, "2032600000000000001");
    assert_eq!(reply.timestamp.to_string(), "2026-03-14T14:05:00Z");
    assert_eq!(
        (reply.kind, reply.platform.as_deref()),
        (Kind::Reply, Some("twitter"))
    );
    let promo = got
        .mentions
        .iter()
        .find(|m| m.platform.as_deref() == Some("facebook"))
        .unwrap();
    assert_eq!(
        promo.timestamp.to_string(),
        "2026-03-12T09:00:00Z",
        "03/12 is 12 March: the column is month-first"
    );
}

#[test]
fn brand24_after_an_empty_first_row() {
    let got = read("brand24.csv");
    let file = &got.files[0];
    assert_eq!((file.format.as_str(), file.header_line), ("brand24", 2));
    let complaint = by_id(&got, "1001");
    assert_eq!(complaint.timestamp.to_string(), "2026-03-12T14:05:00Z");
    assert_eq!(
        (complaint.sentiment, complaint.platform.as_deref()),
        (Some(Sentiment::Negative), Some("twitter"))
    );
    assert_eq!(by_id(&got, "1002").sentiment, Some(Sentiment::Positive));
    assert_eq!(by_id(&got, "1002").platform.as_deref(), Some("blog"));
    assert_eq!(by_id(&got, "1003").sentiment, Some(Sentiment::Neutral));
}

#[test]
fn youtube_data_tools_comments_and_replies() {
    let got = read("youtube-data-tools.csv");
    assert_eq!(got.files[0].format, "youtube-data-tools");
    let reply = by_id(&got, "UgzAbc123.9Xyz");
    assert_eq!(
        (reply.kind, reply.parent_id.as_deref()),
        (Kind::Reply, Some("UgzAbc123"))
    );
    assert_eq!(reply.platform.as_deref(), Some("youtube"));
    let top = by_id(&got, "UgzAbc123");
    assert_eq!(top.timestamp.to_string(), "2022-11-11T05:30:01Z");
    assert!(!top.timezone_assumed);
    assert_eq!(
        (top.likes.get(), top.comments.get(), top.kind),
        (Some(150), Some(2), Kind::Original)
    );
}

#[test]
fn reddit_comments_and_submissions() {
    let got = read("reddit.csv");
    assert_eq!(got.files[0].format, "reddit");
    let top = by_id(&got, "hx1");
    assert_eq!(
        (top.kind, top.parent_id.as_deref(), top.thread_id.as_deref()),
        (Kind::Reply, Some("abc"), Some("abc"))
    );
    assert_eq!(
        top.url().as_deref(),
        Some("https://www.reddit.com/r/travel/comments/abc/skyways_guitar/hx1/")
    );
    let answer = by_id(&got, "hx2");
    assert_eq!(
        (answer.parent_id.as_deref(), answer.likes.get()),
        (Some("hx1"), None)
    );
    assert!(got.files[0]
        .warnings
        .iter()
        .any(|w| w.contains("negative counts were ignored") && w.contains("line 3")));
    let submissions = read("reddit-submissions.csv");
    let post = by_id(&submissions, "abc");
    assert_eq!(
        (post.kind, &*post.text),
        (Kind::Original, "Skyways broke my guitar")
    );
    assert_eq!(post.comments.get(), Some(340));
}

#[test]
fn twcs_extract_keeps_the_record_with_bare_carriage_returns_whole() {
    let got = read("twcs.csv");
    let file = &got.files[0];
    assert_eq!(file.format, "twcs");
    assert_eq!(file.rows, rows(11, 11, 0, 0, 0));
    assert_eq!(file.unused_columns, vec!["#1", "response_tweet_id"]);
    let cr = by_id(&got, "3399");
    assert_eq!(
        &*cr.text,
        "@AskPayPal \n\nI just love the start of email 😁 https://t.co/8u1Pf5rJoN"
    );
    assert_eq!(cr.source.line, 10);
    assert_eq!(
        by_id(&got, "3400").source.line,
        11,
        "the bare CRs did not start new lines"
    );
    let brand = by_id(&got, "1");
    assert_eq!(
        (brand.is_brand, brand.author.as_deref()),
        (Some(true), Some("sprintcare")),
        "inbound=False is the brand"
    );
    let brand_reply = by_id(&got, "3400");
    assert_eq!(
        (brand_reply.is_brand, brand_reply.parent_id.as_deref()),
        (Some(true), Some("3402"))
    );
    assert_eq!(brand_reply.kind, Kind::Reply);
    let customer = by_id(&got, "2");
    assert_eq!(
        (customer.is_brand, customer.parent_id.as_deref()),
        (Some(false), Some("1"))
    );
}

#[test]
fn airline_extract_finds_the_duplicate_ids() {
    let got = read("airline.csv");
    assert_eq!(got.files[0].format, "airline-sentiment");
    assert_eq!(got.files[0].rows, rows(8, 6, 2, 0, 0));
    let tweet = by_id(&got, "570306133677760513");
    assert_eq!(tweet.timestamp.to_string(), "2015-02-24T19:35:52Z");
    assert_eq!(
        (tweet.author.as_deref(), tweet.sentiment),
        (Some("cairdin"), Some(Sentiment::Neutral))
    );
    assert_eq!(
        by_id(&got, "570308309682675712").source.line,
        6,
        "the first copy is kept"
    );
}

/// `[filter]` keeps one airline of the Kaggle file's six. In the extract rows 2–5 are Virgin
/// America's, rows 6–9 American's, two ids of which repeat: 2 used, 2 duplicate, 4 left out.
#[test]
fn a_filter_keeps_one_brand_of_a_multi_brand_export_and_counts_the_rest() {
    let config = Config::from_toml(
        "[filter]\ncolumn = \"Airline\"\nvalues = [\" american \"]\n",
        "incident.toml",
    )
    .unwrap();
    let got = read_with(&[fixture("airline.csv")], &config);
    let file = &got.files[0];
    assert_eq!(
        file.rows,
        RowAccounting {
            filtered_out: 4,
            ..rows(8, 2, 2, 0, 0)
        }
    );
    assert!(got
        .mentions
        .iter()
        .all(|m| m.source.line >= 6 && m.source.line <= 9));
    assert_eq!(file.columns["filter"], "airline");
    assert!(!file.unused_columns.contains(&"airline".to_string()));
    assert!(file.notices.contains(&FileNotice::FilteredOut {
        column: "airline".into(),
        rows: 4,
        values: vec![("Virgin America".into(), 4)],
        others: 0,
    }));
}

/// A filter on a column of many values (here 10,000, one a row, read on both converting
/// threads) counts what it leaves out but names no value: which values a thread met first
/// would decide the counts.
#[test]
fn a_filter_on_a_column_of_many_values_names_none() {
    let mut csv = String::from("id,date,text,author\n");
    for i in 0..10_000 {
        csv.push_str(&format!("{i},2026-03-12 10:00,hello,user{i}\n"));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "many.csv", csv.as_bytes());
    let config = Config::from_toml(
        "[filter]\ncolumn = \"author\"\nvalues = [\"user7\"]\n",
        "incident.toml",
    )
    .unwrap();
    let got = read_with(&[path], &config);
    let file = &got.files[0];
    assert_eq!(
        file.rows,
        RowAccounting {
            filtered_out: 9_999,
            ..rows(10_000, 1, 0, 0, 0)
        }
    );
    assert!(file.notices.contains(&FileNotice::FilteredOut {
        column: "author".into(),
        rows: 9_999,
        values: Vec::new(),
        others: 9_999,
    }));
    assert!(file
        .warnings
        .iter()
        .any(|w| w.ends_with("9999 (too many different values to list)")));
}

/// A filter whose column a file lacks stops the build, naming the columns; one that keeps
/// nothing says what the rows held.
#[test]
fn a_filter_that_cannot_apply_or_keeps_nothing_is_an_error() {
    let missing = Config::from_toml(
        "[filter]\ncolumn = \"brand\"\nvalues = [\"United\"]\n",
        "incident.toml",
    )
    .unwrap();
    let reading = ingest::read_all(&[fixture("airline.csv")], &missing, &Default::default());
    let error = reading.failures[0].to_string();
    assert!(
        error.contains("airline.csv:1: the filter's column \"brand\" is not in the header")
            && error.contains("tweet_id, airline_sentiment"),
        "{error}"
    );
    let nothing = Config::from_toml(
        "[filter]\ncolumn = \"airline\"\nvalues = [\"United\"]\n",
        "incident.toml",
    )
    .unwrap();
    let error = ingest::ingest(&[fixture("airline.csv")], &nothing, &Default::default())
        .unwrap_err()
        .to_string();
    assert!(
        error.contains(
            "the filter (column \"airline\": \"United\") left out 8 of the 8 rows read; check the values"
        )
            && error.contains("\"American\": 4, \"Virgin America\": 4"),
        "{error}"
    );
}

#[test]
fn utf16_spanish_layout_needs_no_configuration() {
    let got = read("spanish-utf16.csv");
    let file = &got.files[0];
    assert_eq!(
        (file.format.as_str(), file.encoding.as_str()),
        ("airline-sentiment", "utf-16le")
    );
    assert_eq!(file.rows, rows(3, 3, 0, 0, 0));
    let first = by_id(&got, "942743012337100001");
    assert_eq!(
        &*first.text,
        "@Skyways ¿Dónde está mi maleta? Llevo tres días esperando…"
    );
    assert_eq!(
        (first.kind, first.sentiment),
        (Kind::Reply, Some(Sentiment::Negative))
    );
    assert_eq!(
        &*by_id(&got, "936979305720000003").text,
        "@Skyways ¡Gracias por la ayuda, señora azafata! 👏"
    );
    assert_eq!(by_id(&got, "926857871916100002").kind, Kind::Original);
    // The layout names no author: said, since no brand handle can match and no author counts.
    assert!(file.notices.contains(&FileNotice::NoAuthorColumn));
    assert!(got.mentions.iter().all(|m| m.author.is_none()));
}

#[test]
fn crisislex_folder_merges_text_from_one_file_into_times_from_another() {
    let incidents = ingest::discover(&[fixture("crisislex")], None).unwrap();
    assert_eq!(incidents.len(), 1);
    let got = read_with(&incidents[0].exports, &Config::default());
    assert_eq!(got.files[0].rows, rows(5, 5, 0, 0, 0));
    assert_eq!(got.files[1].rows, rows(3, 0, 3, 0, 0));
    assert_eq!(got.total, rows(8, 5, 3, 0, 0));
    // The texts file's rows are all duplicates, and all filled in the kept copies' texts: said,
    // and its own time range (from the ids) given.
    assert!(got.files[1]
        .notices
        .contains(&FileNotice::FilledGaps { rows: 3 }));
    assert!(!got.files[0]
        .notices
        .iter()
        .any(|n| matches!(n, FileNotice::FilledGaps { .. })));
    assert_eq!(
        got.files[1].first.map(|t| t.to_string()).as_deref(),
        Some("2012-05-18T11:04:31.662Z"),
        "the time its X id gives"
    );
    let merged = by_id(&got, "203440928084602880");
    assert_eq!(merged.timestamp.to_string(), "2012-05-18T11:04:31Z");
    assert!(merged.text.starts_with("E #Navelli"));
    // The ids file says nothing of kinds; the texts file's "RT @andmarini:" does.
    assert_eq!(by_id(&got, "203843778409283584").kind, Kind::Repost);
    assert_eq!(merged.kind, Kind::Original);
    // Both files name their ids "Tweet ID" / "Tweet-ID" and no platform: X posts, the five
    // dated by the ids file too.
    assert!(got
        .mentions
        .iter()
        .all(|m| m.platform.as_deref() == Some("twitter")));
}

/// With no kind or reply column, an X post whose text opens with a handle is a reply (the
/// #DuBoisChallenge export: 28 of the organiser's 125 posts answer someone this way); with a
/// reply column, the column decides.
#[test]
fn a_text_opening_with_a_handle_is_a_reply_when_nothing_else_says() {
    let csv = "id,created_at,username,text\n\
               1,2021-02-18T20:46:00Z,AlDatavizguy,@JarrettHurms One of the many reasons\n\
               2,2021-02-18T20:47:00Z,AlDatavizguy,.@JarrettHurms said it first\n\
               3,2021-02-18T20:48:00Z,AlDatavizguy,Week 3 of #DuBoisChallenge\n";
    let got = read_csv("dubois.csv", csv.as_bytes());
    let kinds: Vec<Kind> = ["1", "2", "3"]
        .iter()
        .map(|id| by_id(&got, id).kind)
        .collect();
    assert_eq!(kinds, [Kind::Reply, Kind::Original, Kind::Original]);
    let csv = "id,created_at,username,text,in_reply_to_status_id\n\
               1,2021-02-18T20:46:00Z,AlDatavizguy,@JarrettHurms One of the many reasons,\n";
    let got = read_csv("with-replies.csv", csv.as_bytes());
    assert_eq!(by_id(&got, "1").kind, Kind::Original);
}

/// A time written as `NA` is missing, and the rejection says so: "is empty" was wrong about
/// a cell that held `NA` (the #DuBoisChallenge export, line 975).
#[test]
fn a_time_marked_missing_is_rejected_as_missing() {
    let csv = "id,datetime,username,text\n1,NA,anna,hello\n2,2021-02-18T20:47:00Z,bob,hi\n";
    let got = read_csv("na.csv", csv.as_bytes());
    let file = &got.files[0];
    assert_eq!(file.rows, rows(2, 1, 0, 0, 1));
    assert_eq!(file.rejected_examples[0].line, 2);
    assert_eq!(
        file.rejected_examples[0].reason,
        "no time: column \"datetime\" is empty or marks the value missing (NA, null, …)"
    );
}

/// A file of X ids and texts but no times: the times come from the ids, and so does the
/// platform, since a row whose id is not an X id is rejected.
#[test]
fn times_from_x_ids_make_x_posts() {
    let got = read("crisislex/tweets_labeled.csv");
    let file = &got.files[0];
    assert!(
        file.notices
            .iter()
            .any(|n| matches!(n, FileNotice::TimesFromIds { .. })),
        "{:?}",
        file.notices
    );
    assert_eq!(file.rows.used, 3);
    assert!(got
        .mentions
        .iter()
        .all(|m| m.platform.as_deref() == Some("twitter")));
}

/// Without a time column, an id Excel turned into `5.70306E+17` gives no time: the rejection
/// shows the id as the file has it.
#[test]
fn an_id_excel_mangled_is_shown_as_written_when_it_gives_no_time() {
    let csv = "id,text,author\n5.70306E+17,hello,anna\n570306133677760513,hi,bob\n";
    let got = read_csv("ids.csv", csv.as_bytes());
    let file = &got.files[0];
    assert_eq!(file.rows, rows(2, 1, 0, 0, 1));
    assert!(
        file.rejected_examples[0]
            .reason
            .contains("the id \"5.70306E+17\" in column \"id\""),
        "{}",
        file.rejected_examples[0].reason
    );
}

#[test]
fn generic_maps_aliases_and_rejects_the_row_without_a_time() {
    let got = read("generic.csv");
    let file = &got.files[0];
    assert_eq!(file.format, "generic");
    assert_eq!(file.rows, rows(3, 2, 0, 0, 1));
    assert_eq!(
        column(&got, "text"),
        Some("content"),
        "`text` here is the client, not the post"
    );
    assert!(file.unused_columns.contains(&"text".to_string()));
    assert_eq!(
        file.rejected_examples[0].line, 5,
        "the row after a two-line text"
    );
    assert!(file.rejected_examples[0].reason.contains("\"datetime\""));
    let post = by_id(&got, "1390633129203879937");
    assert_eq!(
        (post.platform.as_deref(), post.author.as_deref()),
        (Some("twitter"), Some("guitarist"))
    );
    assert_eq!(
        (post.followers.get(), post.shares.get()),
        (Some(1113), Some(10))
    );
    assert_eq!(
        by_id(&got, "1390339262349029376").followers.get(),
        None,
        "NA is missing"
    );
    assert_eq!(
        &*by_id(&got, "1390339262349029376").text,
        "Line one\nline two"
    );
}

/// The `[columns]` example in docs/formats.md, exactly as written there.
fn docs_columns_example() -> String {
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/formats.md"))
            .unwrap();
    let start = docs
        .find("```toml\n[columns]")
        .expect("docs/formats.md has a [columns] example")
        + "```toml\n".len();
    let end = start + docs[start..].find("```").unwrap();
    docs[start..end].to_string()
}

#[test]
fn the_documented_five_line_columns_table_maps_an_unknown_export() {
    let example = docs_columns_example();
    assert_eq!(example.lines().count(), 5);
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("custom/export.csv"), dir.path().join("export.csv")).unwrap();
    std::fs::write(dir.path().join("incident.toml"), &example).unwrap();
    let (code, json) = inspect_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, Some(0), "{json}");
    let file = &json["files"][0];
    assert_eq!(file["format"], "custom");
    assert_eq!(file["encoding"], "windows-1252");
    assert_eq!(file["delimiter"], ";");
    assert_eq!(file["columns"]["timestamp"], "Quando");
    assert_eq!(file["columns"]["text"], "Messaggio del cliente");
    assert_eq!(file["columns"]["author"], "Chi");
    assert_eq!(file["rows"]["used"], 2);
    assert_eq!(file["first"], "2026-03-12T14:05:00Z");
    assert_eq!(file["last"], "2026-03-12T15:30:00Z");
}

#[test]
fn columns_file_with_separators_and_time_zone() {
    let dir = tempfile::tempdir().unwrap();
    let columns = write(
        dir.path(),
        "columns.toml",
        b"[columns]\ntimestamp = \"Quando\"\ntext = \"Messaggio del cliente\"\nauthor = \"Chi\"\nlikes = \"Cuori\"\nplatform = \"Canale\"\ndate_format = \"%d/%m/%Y %H.%M\"\ntimezone = \"Europe/Rome\"\nthousands_separator = \".\"\n",
    );
    let source = &ingest::discover(&[fixture("custom/export.csv")], None).unwrap()[0];
    let config = ingest::load_config(source, &Overrides::default(), Some(&columns)).unwrap();
    let got = read_with(&source.exports, &config);
    let first = &got.mentions[0];
    assert_eq!(first.timestamp.to_string(), "2026-03-12T13:05:00Z");
    assert!(first.timezone_assumed);
    assert_eq!(
        (first.likes.get(), first.platform.as_deref()),
        (Some(1234), Some("twitter"))
    );
    assert_eq!(&*first.text, "Dov'è la mia valigia? Volo SK101");
}

/// Dates like 03/04/2026 fit both orders: without a layout the file notes which was assumed;
/// with `date_format` the layout is stated, so no such note, and the dates follow it.
#[test]
fn a_stated_date_format_silences_the_ambiguity_note() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "x.csv",
        b"id,date,text\n1,03/04/2026 10:00,a\n2,05/06/2026 11:00,b\n",
    );
    let plain = ingest::discover(std::slice::from_ref(&csv), None).unwrap();
    let config = ingest::load_config(&plain[0], &Overrides::default(), None).unwrap();
    let got = read_with(&plain[0].exports, &config);
    assert!(
        got.files[0]
            .warnings
            .iter()
            .any(|w| w.contains("can be day-first or month-first")),
        "{:?}",
        got.files[0].warnings
    );
    let columns = write(
        dir.path(),
        "columns.toml",
        b"[columns]\ntimestamp = \"date\"\ntext = \"text\"\nid = \"id\"\ndate_format = \"%m/%d/%Y %H:%M\"\n",
    );
    let config = ingest::load_config(&plain[0], &Overrides::default(), Some(&columns)).unwrap();
    let got = read_with(&plain[0].exports, &config);
    assert!(
        !got.files[0]
            .warnings
            .iter()
            .any(|w| w.contains("day-first")),
        "{:?}",
        got.files[0].warnings
    );
    assert_eq!(
        got.mentions[0].timestamp.to_string(),
        "2026-03-04T10:00:00Z"
    );
}

/// A time that does not fit the stated `date_format` is still read by the usual detection,
/// but counted in a notice with its first line: the file may mix layouts or the format be
/// wrong, and a time read by detection may follow another day/month order.
#[test]
fn times_outside_the_stated_date_format_are_read_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "x.csv",
        b"id,date,text\n1,03/04/2026 10:00,a\n2,2026-03-05T11:00:00Z,b\n3,2026-03-06T12:00:00Z,c\n4,nonsense,d\n",
    );
    let columns = write(
        dir.path(),
        "columns.toml",
        b"[columns]\ntimestamp = \"date\"\ntext = \"text\"\nid = \"id\"\ndate_format = \"%m/%d/%Y %H:%M\"\n",
    );
    let source = &ingest::discover(std::slice::from_ref(&csv), None).unwrap()[0];
    let config = ingest::load_config(source, &Overrides::default(), Some(&columns)).unwrap();
    let got = read_with(&source.exports, &config);
    let times: Vec<String> = got
        .mentions
        .iter()
        .map(|m| m.timestamp.to_string())
        .collect();
    assert_eq!(
        times,
        [
            "2026-03-04T10:00:00Z",
            "2026-03-05T11:00:00Z",
            "2026-03-06T12:00:00Z"
        ]
    );
    assert_eq!(got.files[0].rows.rejected, 1, "line 5 fits no layout");
    let outside: Vec<&FileNotice> = got.files[0]
        .notices
        .iter()
        .filter(|n| {
            matches!(
                n,
                FileNotice::ColumnValues {
                    problem: ValueProblem::OutsideDateFormat,
                    ..
                }
            )
        })
        .collect();
    assert_eq!(
        outside,
        [&FileNotice::ColumnValues {
            column: "date".into(),
            problem: ValueProblem::OutsideDateFormat,
            count: 2,
            first_line: 3,
            example: "2026-03-05T11:00:00Z".into(),
        }]
    );
}

/// A bad value in `--columns FILE` is that file's to fix, not incident.toml's; a `--brand`
/// that is no handle is a usage error.
#[test]
fn a_bad_setting_is_blamed_on_where_it_was_given() {
    let dir = tempfile::tempdir().unwrap();
    let incident = dir.path().join("incident");
    std::fs::create_dir(&incident).unwrap();
    write(
        &incident,
        "x.csv",
        b"id,date,text\n1,2026-03-04T10:00:00Z,a\n",
    );
    write(&incident, "incident.toml", b"title = \"x\"\n");
    let columns = write(
        dir.path(),
        "columns.toml",
        b"[columns]\ntimestamp = \"date\"\ntext = \"date\"\n",
    );
    let report = dir.path().join("report");
    for command in ["inspect", "build"] {
        let mut args = vec![
            command,
            incident.to_str().unwrap(),
            "--columns",
            columns.to_str().unwrap(),
        ];
        if command == "build" {
            args.extend(["-o", report.to_str().unwrap()]);
        }
        let (code, _, stderr) = casebook(&args);
        assert_eq!(code, Some(1), "{command}: {stderr}");
        assert!(
            stderr.contains(&columns.display().to_string()) && !stderr.contains("incident.toml"),
            "{command}: {stderr}"
        );
        assert!(stderr.contains("columns.timestamp"), "{command}: {stderr}");
    }
    assert!(!report.exists());
    let (code, _, stderr) = casebook(&["inspect", incident.to_str().unwrap(), "--brand", "@"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("--brand \"@\""), "{stderr}");
}

// ---------------------------------------------------------------- discovery and config

#[test]
fn discover_folders_files_and_collections() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("incidents/one");
    std::fs::create_dir_all(one.join("exports")).unwrap();
    std::fs::create_dir_all(one.join(".cache")).unwrap();
    write(&one, "incident.toml", b"title = \"One\"\n");
    write(&one, "lessons.md", b"# Lessons\n");
    write(&one, "SOURCE.txt", b"notes");
    write(
        &one.join("exports"),
        "b.csv",
        b"id,timestamp\n1,1614600000\n",
    );
    write(
        &one.join("exports"),
        "a.tsv",
        b"id\ttimestamp\n2\t1614600000\n",
    );
    write(&one.join("exports"), ".hidden.csv", b"x");
    write(&one.join(".cache"), "old.csv", b"x");
    let two = dir.path().join("incidents/two");
    std::fs::create_dir_all(&two).unwrap();
    write(&two, "incident.toml", b"");
    write(&two, "x.csv", b"id,timestamp\n3,1614600000\n");

    // Each path is an incident; the same path given twice is one.
    let files = [
        two.join("x.csv"),
        two.join("./x.csv"),
        one.join("exports/a.tsv"),
    ];
    let given = ingest::discover(&files, None).unwrap();
    assert_eq!(given.len(), 2);
    assert_eq!(given[0].exports, [two.join("x.csv")]);
    assert_eq!(given[1].exports, [one.join("exports/a.tsv")]);

    // A collection and one of its incidents: that incident once.
    let both = ingest::discover(&[dir.path().join("incidents"), one.clone()], None).unwrap();
    assert_eq!(both.len(), 2);

    let collection = ingest::discover(&[dir.path().join("incidents")], None).unwrap();
    assert_eq!(collection.len(), 2);
    assert_eq!(collection[0].root, one);
    assert_eq!(
        collection[0].exports,
        vec![one.join("exports/a.tsv"), one.join("exports/b.csv")]
    );
    assert_eq!(collection[0].config_file, Some(one.join("incident.toml")));
    assert_eq!(collection[0].lessons_file, Some(one.join("lessons.md")));
    assert_eq!(collection[1].lessons_file, None);

    let single = ingest::discover(&[one.join("exports/b.csv")], None).unwrap();
    assert_eq!(single[0].exports, vec![one.join("exports/b.csv")]);
    assert_eq!(single[0].config_file, None);

    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    assert!(matches!(
        ingest::discover(&[empty], None),
        Err(Error::Ingest(IngestError::NoExports { .. }))
    ));
    assert!(matches!(
        ingest::discover(&[dir.path().join("missing")], None),
        Err(Error::Io { .. })
    ));

    // A folder of incidents with a stray sub-folder: reading it all as one incident would mix
    // the incidents' exports, so it is an error naming both kinds of folder.
    let notes = dir.path().join("incidents/notes");
    std::fs::create_dir_all(&notes).unwrap();
    write(&notes, "draft.csv", b"id,timestamp\n4,1614600000\n");
    let message = ingest::discover(&[dir.path().join("incidents")], None)
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("(they hold an incident.toml: one, two)") && message.contains("(notes)"),
        "{message}"
    );
    std::fs::remove_dir_all(&notes).unwrap();
    // An export beside the incident folders belongs to none of them: an error names it, rather
    // than a build that reads it into no incident.
    write(
        &dir.path().join("incidents"),
        "stray.csv",
        b"id,timestamp\n5,1614600000\n",
    );
    let message = ingest::discover(&[dir.path().join("incidents")], None)
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("belong to none of them (stray.csv)"),
        "{message}"
    );
    // A report an earlier build wrote among them is neither an incident nor a stray folder.
    std::fs::remove_file(dir.path().join("incidents/stray.csv")).unwrap();
    let site = dir.path().join("incidents/_site");
    std::fs::create_dir_all(&site).unwrap();
    write(
        &site,
        "metrics.json",
        b"{\n  \"generated_by\": \"casebook 0.1.0\",\n}",
    );
    write(&site, "timeline.csv", b"bucket_start_utc,count\n");
    assert_eq!(
        ingest::discover(&[dir.path().join("incidents")], None)
            .unwrap()
            .len(),
        2
    );
    // With its own incident.toml the folder is one incident, whatever its sub-folders hold.
    write(&dir.path().join("incidents"), "incident.toml", b"");
    assert_eq!(
        ingest::discover(&[dir.path().join("incidents")], None)
            .unwrap()
            .len(),
        1
    );
}

/// The report written inside the incident folder is not read back by the next build, and an
/// export linked into the folder is read like a copy.
#[test]
fn the_output_folder_is_never_read_and_links_are_followed() {
    let dir = tempfile::tempdir().unwrap();
    let incident = dir.path().join("incident");
    std::fs::create_dir_all(incident.join("report")).unwrap();
    write(&incident, "a.csv", b"id,timestamp\n1,1614600000\n");
    write(
        &incident.join("report"),
        "timeline.csv",
        b"bucket_start,mentions\n",
    );
    write(dir.path(), "elsewhere.csv", b"id,timestamp\n2,1614600000\n");
    std::os::unix::fs::symlink(dir.path().join("elsewhere.csv"), incident.join("b.csv")).unwrap();

    let found = ingest::discover(
        std::slice::from_ref(&incident),
        Some(&incident.join("report")),
    )
    .unwrap();
    assert_eq!(
        found[0].exports,
        vec![incident.join("a.csv"), incident.join("b.csv")]
    );
    // Without the output to skip, a folder that does not say it is casebook's report is read.
    let all = ingest::discover(std::slice::from_ref(&incident), None).unwrap();
    assert_eq!(all[0].exports.len(), 3);
    // One whose metrics.json says so is not, whatever the output of this run.
    write(
        &incident.join("report"),
        "metrics.json",
        b"{\n  \"generated_by\": \"casebook 0.1.0\",\n",
    );
    let all = ingest::discover(std::slice::from_ref(&incident), None).unwrap();
    assert_eq!(all[0].exports.len(), 2);
    // The incident folder itself as the output is refused before anything is read.
    let same = ingest::discover(std::slice::from_ref(&incident), Some(&incident)).unwrap_err();
    assert!(matches!(same, Error::Usage(_)), "{same}");

    // A collection's report inside the collection is not a stray sub-folder.
    let collection = dir.path().join("collection");
    for name in ["one", "two"] {
        std::fs::create_dir_all(collection.join(name)).unwrap();
        write(&collection.join(name), "incident.toml", b"");
        write(
            &collection.join(name),
            "x.csv",
            b"id,timestamp\n3,1614600000\n",
        );
    }
    std::fs::create_dir_all(collection.join("_report/one")).unwrap();
    let built = ingest::discover(
        std::slice::from_ref(&collection),
        Some(&collection.join("_report")),
    )
    .unwrap();
    assert_eq!(built.len(), 2);
}

#[test]
fn incident_window_and_time_zone_apply() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "incident.toml",
        b"timezone = \"America/New_York\"\nstart = \"2021-03-01 00:00\"\nend = \"2021-03-02 00:00\"\n",
    );
    write(
        dir.path(),
        "export.csv",
        b"id,date,text\n1,2021-02-28 23:59:00,before\n2,2021-03-01 00:00:00,first\n3,2021-03-01 23:59:59,last\n4,2021-03-02 00:00:00,after\n",
    );
    let source = &ingest::discover(&[dir.path().to_path_buf()], None).unwrap()[0];
    let config = ingest::load_config(source, &Overrides::default(), None).unwrap();
    let got = read_with(&source.exports, &config);
    assert_eq!(got.total, rows(4, 2, 0, 2, 0));
    assert_eq!(
        got.mentions[0].timestamp.to_string(),
        "2021-03-01T05:00:00Z"
    );
    assert!(got.files[0]
        .warnings
        .iter()
        .any(|w| w.contains("read as America/New_York")));
}

#[test]
fn ambiguous_day_month_order_follows_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "export.csv",
        b"id,date\n1,05/06/2012 10:00\n2,07/06/2012 10:00\n",
    );
    let mut config = Config::default();
    let dmy = read_with(std::slice::from_ref(&path), &config);
    assert_eq!(
        dmy.mentions[0].timestamp.to_string(),
        "2012-06-05T10:00:00Z"
    );
    assert!(dmy.files[0]
        .warnings
        .iter()
        .any(|w| w.contains("day-first or month-first")));
    config.date_order = Some(DateOrder::Mdy);
    let mdy = read_with(&[path], &config);
    assert_eq!(
        mdy.mentions[0].timestamp.to_string(),
        "2012-05-06T10:00:00Z"
    );
    assert!(!mdy.files[0]
        .warnings
        .iter()
        .any(|w| w.contains("day-first or month-first")));
}

// ---------------------------------------------------------------- bad input

fn failure_of(path: PathBuf) -> IngestError {
    let mut reading = ingest::read_all(&[path], &Config::default(), &IngestOptions::default());
    assert_eq!(reading.failures.len(), 1, "{:?}", reading.ingested.files);
    reading.failures.remove(0)
}

#[test]
fn empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let err = failure_of(write(dir.path(), "empty.csv", b""));
    assert!(matches!(err, IngestError::Empty { .. }), "{err}");
    let err = failure_of(write(dir.path(), "blank.csv", b"\n\r\n\n"));
    assert!(matches!(err, IngestError::Empty { .. }), "{err}");
}

#[test]
fn header_only_file_leaves_nothing_usable() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "header.csv", b"id,created_at,text\n");
    let err = ingest::ingest(&[path], &Config::default(), &IngestOptions::default()).unwrap_err();
    assert_eq!(err.exit_code(), 1);
    assert!(
        err.to_string().contains("no data rows below the header"),
        "{err}"
    );
}

#[test]
fn binary_garbage() {
    let dir = tempfile::tempdir().unwrap();
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let err = failure_of(write(dir.path(), "garbage.csv", &bytes));
    assert!(matches!(err, IngestError::NotCsv { .. }), "{err}");
    let err = failure_of(write(
        dir.path(),
        "book.csv",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00xl/workbook.xml",
    ));
    assert!(err.to_string().contains("binary"), "{err}");
}

#[test]
fn truncated_utf16_is_read_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    for unit in
        "id,created_at,text\n1,2021-03-01T10:00:00Z,hola\n2,2021-03-01T11:00:00Z,adiós amigo"
            .encode_utf16()
    {
        bytes.extend(unit.to_le_bytes());
    }
    bytes.truncate(bytes.len() - 9);
    let path = write(dir.path(), "cut.csv", &bytes);
    let got = read_with(&[path], &Config::default());
    let file = &got.files[0];
    assert_eq!(file.encoding, "utf-16le");
    assert!(
        file.warnings.iter().any(|w| w.contains("cut short")),
        "{:?}",
        file.warnings
    );
    assert_eq!(file.rows, rows(2, 2, 0, 0, 0));
    assert!(got.mentions[1].text.starts_with("adiós"));
}

#[test]
fn mixed_delimiters_and_ragged_rows_are_rejected_with_their_lines() {
    let got = read_csv("mixed.csv", b"id;created_at;text\n1;2021-03-01T10:00:00Z;ok\n2,2021-03-01T10:00:00Z,commas\n3;2021-03-01T10:00:00Z;too;many\n4;2021-03-01T10:00:00Z\n5;2021-03-01T10:00:00Z;ok;\n");
    let file = &got.files[0];
    assert_eq!(file.delimiter, ";");
    assert_eq!(file.rows, rows(5, 2, 0, 0, 3));
    let lines: Vec<u64> = file.rejected_examples.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![3, 4, 5]);
    assert!(file.rejected_examples[0]
        .reason
        .contains("1 fields where the header has 3"));
    assert_eq!(file.rejection_reasons[0].reason, "wrong number of fields");
    assert_eq!(file.rejection_reasons[0].count, 3);
}

#[test]
fn missing_time_column_names_the_columns_found() {
    let dir = tempfile::tempdir().unwrap();
    let err = failure_of(write(
        dir.path(),
        "notime.csv",
        b"author,text\nanna,hello\n",
    ));
    let message = err.to_string();
    assert!(matches!(err, IngestError::MissingColumn { .. }));
    assert!(
        message.contains("timestamp") && message.contains("author, text"),
        "{message}"
    );
    let forced = ingest::read_all(
        &[fixture("generic.csv")],
        &Config::default(),
        &IngestOptions {
            format: Some("twcs".into()),
            progress: false,
        },
    );
    assert!(
        matches!(forced.failures[0], IngestError::MissingColumn { .. }),
        "{:?}",
        forced.failures
    );
}

#[test]
fn every_date_unparsable_says_which_value_was_seen() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "dates.csv",
        b"id,date,text\n1,2 days ago,a\n2,yesterday,b\n",
    );
    let err = ingest::ingest(&[path], &Config::default(), &IngestOptions::default()).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("every one of 2 rows was rejected"),
        "{message}"
    );
    assert!(
        message.contains("\"2 days ago\"") && message.contains("date_format"),
        "{message}"
    );
}

/// With the day and the time in two columns (Brand24's Date and Hrs), a time that cannot be
/// read rejects the row, naming both columns; it does not make the mention midnight. A date
/// column that holds the time already is still read alone.
#[test]
fn a_bad_time_beside_its_date_rejects_the_row() {
    let got = read_csv(
        "brand24.csv",
        b"ID,Date,Hrs,Title,Content,Source,Domain,Category,Sentiment,Tags\n\
          1,2026-03-12,14:05,,fine,https://x.example/1,x.example,News,0,\n\
          2,2026-03-12,25:00,,hour 25,https://x.example/2,x.example,News,0,\n\
          3,2026-03-12,abc,,no time,https://x.example/3,x.example,News,0,\n\
          4,2026-03-12 16:30,16:30,,time twice,https://x.example/4,x.example,News,0,\n\
          5,2026-03-13,,,no time,https://x.example/5,x.example,News,0,\n\
          6,2026-03-13 09:00,,,time in the date,https://x.example/6,x.example,News,0,\n",
    );
    let file = &got.files[0];
    assert_eq!(file.format, "brand24");
    assert_eq!(
        file.rows,
        rows(6, 4, 0, 0, 2),
        "{:?}",
        file.rejected_examples
    );
    let times: Vec<String> = got
        .mentions
        .iter()
        .map(|m| m.timestamp.to_string())
        .collect();
    assert_eq!(
        times,
        [
            "2026-03-12T14:05:00Z",
            "2026-03-12T16:30:00Z",
            "2026-03-13T00:00:00Z",
            "2026-03-13T09:00:00Z"
        ]
    );
    // An empty time beside a bare date puts the mention at midnight, and the notes say so.
    assert!(
        file.warnings.iter().any(|w| w.starts_with(
            "column \"Hrs\": 1 times were empty beside their dates: those mentions are placed at the start of their day; first at line 6"
        )),
        "{:?}",
        file.warnings
    );
    let reasons: Vec<(u64, &str)> = file
        .rejected_examples
        .iter()
        .map(|r| (r.line, r.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 2);
    assert_eq!(reasons[0].0, 3);
    assert!(
        reasons[0].1.contains("\"2026-03-12 25:00\"") && reasons[0].1.contains("\"Date + Hrs\""),
        "{reasons:?}"
    );
    assert_eq!(reasons[1].0, 4);
    assert!(reasons[1].1.contains("\"2026-03-12 abc\""), "{reasons:?}");
}

/// Two Brandwatch downloads joined into one file (`cat a.csv b.csv`): the first one's rows are
/// data, not metadata above the second header; the second's metadata rows are rejected with
/// their lines, its header is skipped with a note, and its rows are read.
#[test]
fn exports_joined_into_one_file_are_read_whole() {
    let first = std::fs::read_to_string(fixture("brandwatch.csv")).unwrap();
    let second = first
        .replace("13663745400000000", "13663745400000900")
        .replace("8422114", "8422999");
    assert_ne!(first, second);
    let got = read_csv("joined.csv", (first.clone() + &second).as_bytes());
    let file = &got.files[0];
    assert_eq!(file.header_line, 7);
    // 4 rows, 5 metadata rows (lines 12 to 16), the blank line 17, the header at 18, 4 rows.
    assert_eq!(
        file.rows,
        rows(13, 8, 0, 0, 5),
        "{:?}",
        file.rejected_examples
    );
    let lines: Vec<u64> = file.rejected_examples.iter().map(|r| r.line).collect();
    assert_eq!(lines, [12, 13, 14, 15, 16]);
    assert!(
        file.rejected_examples.iter().all(|r| r.reason
            == "2 fields where the header has 114: a metadata row (\"Report:\", \"From:\", …) of another export joined into this file"),
        "{:?}",
        file.rejected_examples
    );
    assert!(
        file.warnings
            .iter()
            .any(|w| w.contains("the header is repeated once among the rows, at line 18")),
        "{:?}",
        file.warnings
    );
}

/// The header again in another column order (two exports of different layouts joined): the
/// rows after it would be read into the wrong columns, so the file is refused, naming the line.
#[test]
fn a_header_repeated_in_another_order_stops_the_file() {
    let csv = "id,created_at,text,author\n\
               1,2026-03-12T10:00:00Z,first,anna\n\
               id,created_at,author,text\n\
               2,2026-03-12T10:05:00Z,bob,second\n";
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "joined.csv", csv.as_bytes());
    let err = ingest::ingest(&[path], &Config::default(), &IngestOptions::default()).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("joined.csv:3: another header starts here")
            && message.contains("Save each export as a file of its own"),
        "{message}"
    );
    // Another export's header, naming more known columns than the first: the first is still
    // the file's header (its rows are not metadata), and the second stops the file.
    let other =
        "date,text\n2024-03-01T10:00:00Z,hello\nid,date,text,author\n2,2024-03-01T10:01:00Z,b,y\n";
    let path = write(dir.path(), "other.csv", other.as_bytes());
    let err = ingest::ingest(&[path], &Config::default(), &IngestOptions::default()).unwrap_err();
    assert!(
        err.to_string()
            .contains("other.csv:3: another header starts here"),
        "{err}"
    );
    // Another version of the same tool's export, wider, with columns no preset reads: most of
    // its names are this header's.
    let wider = "Date,Full Text,Author,Page Type,Resource Id\n\
                 2026-03-12T10:00:00Z,first,anna,x,1\n\
                 Query Id,Query Name,Date,Full Text,Author,Page Type,Resource Id,Account Type,Impact\n\
                 7,q,2026-03-12T10:05:00Z,second,bob,x,2,individual,3\n";
    let path = write(dir.path(), "wider.csv", wider.as_bytes());
    let err = ingest::ingest(&[path], &Config::default(), &IngestOptions::default()).unwrap_err();
    assert!(
        err.to_string()
            .contains("wider.csv:3: another header starts here"),
        "{err}"
    );
    // In the same order, it is skipped and not counted as a row.
    let same = "id,created_at,text,author\n\
                1,2026-03-12T10:00:00Z,first,anna\n\
                id,created_at,text,author\n\
                2,2026-03-12T10:05:00Z,second,bob\n";
    let got = read_csv("joined.csv", same.as_bytes());
    assert_eq!(got.files[0].rows, rows(2, 2, 0, 0, 0));
}

#[test]
fn placeholder_and_future_dates_are_rejected() {
    let got = read_csv("dates.csv", b"id,created_at,text\n1,1970-01-01T00:00:00Z,epoch\n2,2100-01-01T00:00:00Z,future\n3,2021-03-01T00:00:00Z,fine\n4,2021-13-01T00:00:00Z,month 13\n5,05/18/2012,order\n");
    let file = &got.files[0];
    assert_eq!(
        file.rows,
        rows(5, 2, 0, 0, 3),
        "{:?}",
        file.rejected_examples
    );
    let reasons: Vec<&str> = file
        .rejected_examples
        .iter()
        .map(|r| r.reason.as_str())
        .collect();
    assert!(reasons[0].contains("before 1995"));
    assert!(reasons[1].contains("in the future"));
    assert!(reasons[2].contains("impossible time"));
    assert_eq!(
        got.mentions[0].timestamp.to_string(),
        "2012-05-18T00:00:00Z",
        "18 proves month-first"
    );
}

/// A twarc-csv export re-saved by European Excel: the referenced ids lost their digits, but a
/// row naming a retweeted, replied-to or quoted post keeps its kind.
#[test]
fn excel_mangled_reference_ids_keep_the_kind_of_the_row() {
    let csv = "id;created_at;text;referenced_tweets.replied_to.id;referenced_tweets.retweeted.id;referenced_tweets.quoted.id\n\
        1,90500E+18;2026-03-11T12:00:00.000Z;my guitar;;;\n\
        1,90500E+18;2026-03-11T12:01:00.000Z;@mira so sorry;1,90500E+18;;\n\
        1,90500E+18;2026-03-11T12:02:00.000Z;RT @mira: my guitar;;1,90500E+18;\n\
        1,90500E+18;2026-03-11T12:03:00.000Z;look at this;;;1,90500E+18\n";
    let got = read_csv("excel.csv", csv.as_bytes());
    assert_eq!(got.files[0].rows, rows(4, 4, 0, 0, 0));
    let kinds: Vec<(Kind, Option<&str>)> = got
        .mentions
        .iter()
        .map(|m| (m.kind, m.parent_id.as_deref()))
        .collect();
    assert_eq!(
        kinds,
        [
            (Kind::Original, None),
            (Kind::Reply, None),
            (Kind::Repost, None),
            (Kind::Quote, None),
        ]
    );
}

#[test]
fn negative_absurd_and_excel_mangled_values_are_reported_not_guessed() {
    let got = read_csv("values.csv", b"tweet_id,created_at,text,likes,followers,in reply to\n5.70306E+17,2021-03-01T00:00:00Z,a,-3,999999999999999,5.70306E+17\n570306133677760513,2021-03-01T00:00:01Z,b,1.2K,12.500,3.0\n");
    let file = &got.files[0];
    assert_eq!(file.rows, rows(2, 2, 0, 0, 0));
    let mangled = &got.mentions[0];
    assert!(
        mangled.id.starts_with('h'),
        "the lost id is replaced by a content hash: {}",
        mangled.id
    );
    assert_eq!(
        (
            mangled.likes.get(),
            mangled.followers.get(),
            mangled.parent_id.as_deref()
        ),
        (None, None, None)
    );
    // Which post it answers is lost, that it answers one is not.
    assert_eq!(mangled.kind, Kind::Reply);
    let fine = by_id(&got, "570306133677760513");
    assert_eq!(
        (
            fine.likes.get(),
            fine.followers.get(),
            fine.parent_id.as_deref()
        ),
        (Some(1200), Some(12_500), Some("3"))
    );
    let warnings = file.warnings.join("\n");
    assert!(
        warnings.contains("\"tweet_id\": 1 ids were turned into scientific notation by Excel"),
        "{warnings}"
    );
    assert!(
        warnings.contains("\"in reply to\": 1 ids were turned into scientific notation"),
        "{warnings}"
    );
    assert!(
        warnings.contains("\"likes\": 1 negative counts were ignored; first at line 2: \"-3\""),
        "{warnings}"
    );
    assert!(
        warnings.contains("\"followers\": 1 impossibly large counts"),
        "{warnings}"
    );
}

#[test]
fn platforms_languages_and_countries_are_kept_unless_too_long_to_be_one() {
    let long = "a language column mapped by mistake to a column of free text and far too long";
    // A long platform that names a known one ("news") is still not kept.
    let news = "news of the day as the platform column mapped by mistake to the article text";
    let csv = format!("id,date,author,text,language,country,platform\n1,2021-03-01T00:00:00Z,ann,a,it,IT,twitter\n2,2021-03-01T00:00:01Z,bob,b,{long},IT,Mastodon\n3,2021-03-01T00:00:02Z,cy,c,es,,Some Forum\n4,2021-03-01T00:00:03Z,di,d,it,ES,{news}\n");
    let got = read_csv("labels.csv", csv.as_bytes());
    let file = &got.files[0];
    assert_eq!(file.rows, rows(4, 4, 0, 0, 0));
    let labels: Vec<_> = ["1", "2", "3", "4"]
        .iter()
        .map(|id| {
            let m = by_id(&got, id);
            (
                m.language.as_deref(),
                m.country.as_deref(),
                m.platform.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        labels,
        [
            (Some("it"), Some("IT"), Some("twitter")),
            (None, Some("IT"), Some("mastodon")),
            (Some("es"), None, Some("forum")),
            (Some("it"), Some("ES"), None)
        ]
    );
    assert_eq!(
        file.warnings,
        // The example is cut to its first 60 characters.
        [
            "column \"language\": 1 values longer than 64 bytes are not a platform, language or country and were ignored; first at line 3: \"a language column mapped by mistake to a column of free text…\"",
            "column \"platform\": 1 values longer than 64 bytes are not a platform, language or country and were ignored; first at line 5: \"news of the day as the platform column mapped by mistake to …\""
        ]
    );
}

#[test]
fn more_distinct_labels_than_a_converter_remembers_are_all_kept() {
    // Twelve countries in turn, then again: every row past the eighth country is one the
    // converter has forgotten.
    let countries: Vec<String> = (0..12).map(|i| format!("C{i:02}")).collect();
    let mut csv = String::from("id,date,author,text,country\n");
    for row in 0..36 {
        csv.push_str(&format!(
            "{row},2021-03-01T00:00:{row:02}Z,a{row},t,{}\n",
            countries[row % 12]
        ));
    }
    let got = read_csv("countries.csv", csv.as_bytes());
    assert_eq!(got.files[0].rows, rows(36, 36, 0, 0, 0));
    for row in 0..36 {
        let m = by_id(&got, &row.to_string());
        assert_eq!(
            m.country.as_deref(),
            Some(countries[row % 12].as_str()),
            "row {row}"
        );
    }
    assert!(
        got.files[0].warnings.is_empty(),
        "{:?}",
        got.files[0].warnings
    );
}

#[test]
fn unknown_sentiment_labels_are_reported_and_unrated_ones_are_not() {
    let got = read_csv("labels.csv", b"id,date,author,text,sentiment\n1,2021-03-01T00:00:00Z,ann,a,Negative\n2,2021-03-01T00:00:01Z,bob,b,Not Rated\n3,2021-03-01T00:00:02Z,cy,c,mixed\n4,2021-03-01T00:00:03Z,di,d,Mixed\n");
    let file = &got.files[0];
    assert_eq!(file.rows, rows(4, 4, 0, 0, 0));
    let sentiments: Vec<_> = ["1", "2", "3", "4"]
        .iter()
        .map(|id| by_id(&got, id).sentiment)
        .collect();
    assert_eq!(sentiments, [Some(Sentiment::Negative), None, None, None]);
    assert_eq!(
        file.warnings,
        ["column \"sentiment\": 2 labels that are not a known sentiment were ignored (the text is scored by the lexicon instead); first at line 4: \"mixed\""]
    );
}

#[test]
fn duplicate_header_names_use_the_first() {
    let got = read_csv(
        "dup.csv",
        b"id,created_at,author,text,text\n1,2021-03-01T00:00:00Z,ann,first,second\n",
    );
    assert_eq!(&*got.mentions[0].text, "first");
    assert!(got.files[0].warnings[0].contains("\"text\" appears 2 times (columns 4, 5)"));
}

#[test]
fn a_ten_megabyte_field_is_rejected_not_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"id,created_at,text\n1,2021-03-01T00:00:00Z,\"".to_vec();
    bytes.extend(std::iter::repeat_n(b'x', 10 * 1024 * 1024));
    bytes.extend(b"\"\n2,2021-03-01T00:00:01Z,normal\n");
    let got = read_with(&[write(dir.path(), "big.csv", &bytes)], &Config::default());
    let file = &got.files[0];
    assert_eq!(file.rows, rows(2, 1, 0, 0, 1));
    assert!(
        file.rejected_examples[0].reason.contains("10.5 MB"),
        "{}",
        file.rejected_examples[0].reason
    );
    assert_eq!(got.mentions[0].id, "2");
}

#[test]
fn an_unclosed_quote_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("id,created_at,text\n1,2021-03-01T00:00:00Z,\"never closed\n");
    for i in 2..40 {
        text.push_str(&format!("{i},2021-03-01T00:00:00Z,row {i}\n"));
    }
    let path = write(dir.path(), "quote.csv", text.as_bytes());
    let err = ingest::ingest(&[path], &Config::default(), &IngestOptions::default()).unwrap_err();
    assert!(
        err.to_string().contains("a quote is probably not closed"),
        "{err}"
    );
}

/// A quote left open in a middle column swallows the rest of the file into a row too short:
/// the rejection says a quote is open, on which lines, and how many rows it swallowed.
#[test]
fn an_unclosed_quote_in_a_short_row_names_the_rows_it_swallowed() {
    let csv = "id,created_at,text,author,followers\n\
               1,2026-03-13T20:00:00Z,ok one,a,10\n\
               2,2026-03-13T20:01:00Z,\"unclosed quote starts here,b,20\n\
               3,2026-03-13T20:02:00Z,row three,c,30\n\
               4,2026-03-13T20:03:00Z,row four,d,40\n\
               5,2026-03-13T20:04:00Z,row five,e,50\n\
               6,2026-03-13T20:05:00Z,row six,f,60\n\
               7,2026-03-13T20:06:00Z,row seven,g,70\n";
    let got = read_csv("open.csv", csv.as_bytes());
    let file = &got.files[0];
    assert_eq!(file.rows, rows(2, 1, 0, 0, 1));
    let reason = &file.rejected_examples[0].reason;
    assert_eq!(file.rejected_examples[0].line, 3);
    // Lines 3 to 8 (the last line of the file), rows 3 to 7 swallowed.
    assert!(
        reason.contains("runs from line 3 to 8 and holds 5 lines that look like rows"),
        "{reason}"
    );
}

/// An id is a platform's: rows of a Facebook and an Instagram export that share a number are
/// different posts; a copy in a third file without a platform is still a duplicate of the
/// first, and one on the same platform too.
#[test]
fn the_same_id_on_two_platforms_is_two_posts() {
    let dir = tempfile::tempdir().unwrap();
    let facebook = write(
        dir.path(),
        "a-facebook.csv",
        b"id,date,text,author,platform\n\
          1,2026-03-12T10:00:00Z,first,ann,facebook\n\
          2,2026-03-12T10:05:00Z,second,bob,Facebook\n",
    );
    let instagram = write(
        dir.path(),
        "b-instagram.csv",
        b"id,date,text,author,platform\n\
          1,2026-03-14T09:00:00Z,other,cat,instagram\n\
          2,2026-03-12T10:05:00Z,second,bob,FB\n",
    );
    let unknown = write(
        dir.path(),
        "c-ids.csv",
        b"id,date,text\n1,2026-03-12T10:00:00Z,first\n",
    );
    let got = read_with(&[facebook, instagram, unknown], &Config::default());
    let accounting: Vec<RowAccounting> = got.files.iter().map(|f| f.rows).collect();
    assert_eq!(
        accounting,
        [
            rows(2, 2, 0, 0, 0),
            rows(2, 1, 1, 0, 0),
            rows(1, 0, 1, 0, 0)
        ]
    );
    let texts: Vec<&str> = got.mentions.iter().map(|m| &*m.text).collect();
    assert_eq!(texts, ["first", "second", "other"]);
}

/// Without an id, rows at one page address are one mention only when they have one author:
/// comments exported with their post's address are several mentions; the same comment in
/// two overlapping downloads is one.
#[test]
fn rows_sharing_a_page_address_are_one_mention_only_with_one_author() {
    let csv = "url,date,author,text\n\
               https://www.facebook.com/SkywaysAir/posts/1,2026-03-12T10:00:00Z,ann,First comment\n\
               https://www.facebook.com/SkywaysAir/posts/1,2026-03-12T10:05:00Z,bob,Second comment\n\
               https://www.facebook.com/SkywaysAir/posts/1,2026-03-12T10:00:00Z,@Ann,First comment\n";
    let got = read_csv("comments.csv", csv.as_bytes());
    assert_eq!(got.files[0].rows, rows(3, 2, 1, 0, 0));
    let authors: Vec<&str> = got
        .mentions
        .iter()
        .map(|m| m.author.as_deref().unwrap())
        .collect();
    assert_eq!(authors, ["ann", "bob"]);
}

/// A stray quote closed a line later leaves a row with as many fields as the header: the row
/// it swallowed has a time where a row has it, so the merged row is rejected as a quote left
/// open, not read as one mention whose text holds the next. Text over several lines whose
/// lines merely have commas is still text.
#[test]
fn a_stray_quote_that_swallows_one_row_is_not_read_as_one_mention() {
    let csv = "id,created_at,text\n\
               1,2026-03-13T20:00:00Z,ok one\n\
               2,2026-03-13T20:01:00Z,\"stray quote\n\
               3,2026-03-13T20:02:00Z,closed here\"\n\
               4,2026-03-13T20:03:00Z,\"Two lines, with commas,\nand more, like a row, but no time\"\n\
               5,2026-03-13T20:04:00Z,ok five\n\
               6,2026-03-13T20:05:00Z,\"Booking, seat:\n7, 1234567890, please help\"\n";
    let got = read_csv("stray.csv", csv.as_bytes());
    let file = &got.files[0];
    // Row 6's second line has a row's commas and, where the time is, a number that reads as
    // a time in 2009: believable, but not within 30 days of the post's own time.
    assert_eq!(file.rows, rows(5, 4, 0, 0, 1));
    assert_eq!(file.rejected_examples[0].line, 3);
    let reason = &file.rejected_examples[0].reason;
    assert!(
        reason.contains("runs from line 3 to 4 and holds 1 line that looks like a row of its own"),
        "{reason}"
    );
    let ids: Vec<&str> = got.mentions.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["1", "4", "5", "6"]);
    assert_eq!(
        &*got.mentions[1].text,
        "Two lines, with commas,\nand more, like a row, but no time"
    );
}

/// A quote left open that closes at the next row's own quoted text: the merged record has as
/// many fields as the header, the next row's last fields being its own. The line inside the
/// text starts with a time where a row has it, and with the record's fields after the text it
/// makes a whole row: it was swallowed. A second line of text with a comma but no time is text.
#[test]
fn a_quote_closed_by_the_next_rows_quoted_text_is_not_read_as_one_mention() {
    let csv = "date,text,author,url\n\
               2024-03-10T10:00:00Z,\"Fly the friendly skies,u1,https://e.com/1\n\
               2024-03-10T10:05:00Z,\"She said \"\"never again\"\"\",u2,https://e.com/2\n\
               2024-03-10T10:10:00Z,ok,u3,https://e.com/3\n\
               2024-03-10T10:15:00Z,\"Dear Skyways,\nwhere, oh where is my bag\",u4,https://e.com/4\n";
    let got = read_csv("open.csv", csv.as_bytes());
    let file = &got.files[0];
    assert_eq!(
        file.rows,
        rows(3, 2, 0, 0, 1),
        "{:?}",
        file.rejected_examples
    );
    assert_eq!(file.rejected_examples[0].line, 2);
    let reason = &file.rejected_examples[0].reason;
    assert!(
        reason.contains("runs from line 2 to 3 and holds 1 line that looks like a row of its own"),
        "{reason}"
    );
    let authors: Vec<&str> = got
        .mentions
        .iter()
        .map(|m| m.author.as_deref().unwrap())
        .collect();
    assert_eq!(authors, ["u3", "u4"]);
}

/// The same on the Kaggle airline export, whose time comes after its text: a quote added at
/// the start of line 4's text closes at line 5's quoted text. The record's time is then line
/// 5's, and line 4's own time sits on the text's first line with the rest of its row.
#[test]
fn a_quote_opened_before_the_time_column_and_closed_by_the_next_row_is_caught() {
    let original = std::fs::read_to_string(fixture("airline.csv")).unwrap();
    let mut lines: Vec<String> = original.lines().map(String::from).collect();
    lines[3] = lines[3].replace(",@VirginAmerica I didn't", ",\"@VirginAmerica I didn't");
    assert!(lines[4].contains(",\"@VirginAmerica it's really aggressive"));
    let broken = lines.join("\n") + "\n";
    let got = read_csv("airline.csv", broken.as_bytes());
    let file = &got.files[0];
    let before = read("airline.csv").files[0].rows;
    // Lines 4 and 5 are one rejected record: one row fewer read than written, two fewer used.
    assert_eq!(
        file.rows,
        rows(
            before.read - 1,
            before.used - 2,
            before.duplicate,
            0,
            before.rejected + 1
        ),
        "{:?}",
        file.rejected_examples
    );
    assert_eq!(file.rejected_examples[0].line, 4);
    assert!(
        file.rejected_examples[0]
            .reason
            .contains("runs from line 4 to 5"),
        "{:?}",
        file.rejected_examples
    );
    assert!(got
        .mentions
        .iter()
        .all(|m| m.id != "570301083672813571" && m.id != "570301031407624196"));
}

#[test]
fn a_file_cut_at_the_excel_row_limit_is_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"id,created_at\n".to_vec();
    bytes.extend(b"x,y\n".repeat(1_048_575));
    let reading = ingest::read_all(
        &[write(dir.path(), "cap.csv", &bytes)],
        &Config::default(),
        &IngestOptions::default(),
    );
    let file = &reading.ingested.files[0];
    assert_eq!(file.rows.read, 1_048_575);
    let at_limit = |file: &FileReport| {
        file.warnings
            .iter()
            .any(|w| w.contains("exactly 1048576 rows, Excel's row limit"))
    };
    assert!(at_limit(file), "{:?}", file.warnings);
    // Excel counts a cell of two lines as one row: the file has one line more, and as many
    // rows. One row fewer is no sign of a cut.
    let mut multi_line = b"id,created_at\n\"two\nlines\",y\n".to_vec();
    multi_line.extend(b"x,y\n".repeat(1_048_574));
    let mut short = multi_line.clone();
    short.truncate(short.len() - 4);
    let files: Vec<FileReport> = [("multi.csv", multi_line), ("short.csv", short)]
        .iter()
        .map(|(name, bytes)| {
            let reading = ingest::read_all(
                &[write(dir.path(), name, bytes)],
                &Config::default(),
                &IngestOptions::default(),
            );
            reading.ingested.files[0].clone()
        })
        .collect();
    assert!(at_limit(&files[0]), "{:?}", files[0].warnings);
    assert!(!at_limit(&files[1]), "{:?}", files[1].warnings);
}

#[test]
fn header_that_looks_like_data() {
    let dir = tempfile::tempdir().unwrap();
    let err = failure_of(write(
        dir.path(),
        "noheader.csv",
        b"570306133677760513,2015-02-24 11:35:52 -0800,3\n570306133677760514,2015-02-24 11:36:52 -0800,4\n",
    ));
    assert!(
        matches!(err, IngestError::NoHeader { line: 1, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("looks like data"));
}

// ---------------------------------------------------------------- the inspect command

#[test]
fn inspect_json_has_the_documented_keys() {
    let (code, json) = inspect_json(&[fixture("twcs.csv").to_str().unwrap()]);
    assert_eq!(code, Some(0));
    let file = &json["files"][0];
    for key in [
        "path",
        "format",
        "encoding",
        "delimiter",
        "header_line",
        "columns",
        "rows",
        "first",
        "last",
        "rejected_examples",
    ] {
        assert!(file.get(key).is_some(), "missing files[].{key}");
    }
    assert!(file["path"].as_str().unwrap().ends_with("twcs.csv"));
    assert_eq!(file["format"], "twcs");
    assert_eq!(file["header_line"], 1);
    assert_eq!(file["columns"]["parent_id"], "in_response_to_tweet_id");
    assert_eq!(file["first"], "2017-10-31T18:13:06Z");
    assert_eq!(file["last"], "2017-10-31T23:47:06Z");
    for key in ["read", "used", "duplicate", "out_of_window", "rejected"] {
        assert_eq!(file["rows"][key], json["total"]["rows"][key], "{key}");
    }
    assert_eq!(json["total"]["rows"]["read"], 11);
    // As in metrics.json: no other columns, no key; no files left unread, an empty list.
    assert!(file.get("columns_also").is_none());
    assert_eq!(json["unread_files"], serde_json::json!([]));
}

/// `inspect` names the files it did not read, as the report does.
#[test]
fn inspect_names_the_files_that_look_like_data_but_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("twcs.csv"), dir.path().join("twcs.csv")).unwrap();
    std::fs::write(dir.path().join("march.xlsx"), b"PK").unwrap();
    let (code, json) = inspect_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, Some(0));
    assert_eq!(
        json["unread_files"],
        serde_json::json!([{"path": "march.xlsx", "kind": "spreadsheet"}])
    );
    let (code, stdout, _) = casebook(&["inspect", dir.path().to_str().unwrap()]);
    assert_eq!(code, Some(0));
    assert!(
        stdout
            .contains("not read: march.xlsx (a spreadsheet: save it as CSV UTF-8 to have it read)"),
        "{stdout}"
    );
}

#[test]
fn inspect_json_totals_de_duplicate_across_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("twarc-csv.csv"), dir.path().join("a-twarc.csv")).unwrap();
    std::fs::copy(fixture("4cat.csv"), dir.path().join("b-4cat.csv")).unwrap();
    let (code, json) = inspect_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, Some(0));
    assert_eq!(json["files"][0]["format"], "twarc-csv");
    assert_eq!(json["files"][1]["format"], "4cat");
    assert_eq!(
        json["files"][1]["rows"]["duplicate"], 3,
        "the same three tweets as the twarc export"
    );
    let total = &json["total"]["rows"];
    assert_eq!(
        (
            total["read"].as_u64(),
            total["used"].as_u64(),
            total["duplicate"].as_u64()
        ),
        (Some(8), Some(4), Some(4))
    );
}

#[test]
fn inspect_json_shows_rejections_with_lines_and_tz_override() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "x.csv",
        b"id,date,text\n1,2021-03-01 10:00,ok\n2,soon,bad\n",
    );
    let (code, json) = inspect_json(&["--tz", "Europe/Rome", path.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    let file = &json["files"][0];
    assert_eq!(file["first"], "2021-03-01T09:00:00Z");
    assert_eq!(file["rejected_examples"][0]["line"], 3);
    assert!(file["rejected_examples"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("\"soon\""));
}

#[test]
fn inspect_text_output() {
    let (code, stdout, _) = casebook(&["inspect", fixture("brandwatch.csv").to_str().unwrap()]);
    assert_eq!(code, Some(0));
    assert!(
        stdout.contains("format       brandwatch (detected)"),
        "{stdout}"
    );
    assert!(stdout.contains("header line  7"));
    assert!(
        stdout.contains("parent_id ← Parent Post Id")
            || stdout.contains("reply_to ← Twitter Reply to")
    );
    assert!(stdout.contains("read 4 = used 4 + duplicate 0 + out of window 0 + rejected 0"));
    assert!(stdout.contains("time range   2021-03-01T12:34:56Z → 2021-03-02T08:00:00Z"));
}

#[test]
fn inspect_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let twcs = fixture("twcs.csv");
    let (code, _, stderr) = casebook(&["inspect", "--format", "excel", twcs.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("known formats"));
    let (code, _, _) = casebook(&["inspect"]);
    assert_eq!(code, Some(2));
    let garbage = write(dir.path(), "garbage.csv", b"\x00\x01\x02\x03binary\x00\x00");
    let (code, json) = inspect_json(&[twcs.to_str().unwrap(), garbage.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert_eq!(
        json["files"].as_array().unwrap().len(),
        1,
        "the good file is still shown"
    );
    assert!(json["errors"][0].as_str().unwrap().contains("binary"));
    let header_only = write(dir.path(), "header.csv", b"id,created_at,text\n");
    let (code, _, stderr) = casebook(&["inspect", header_only.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("no data rows"), "{stderr}");
    let (code, _, _) = casebook(&["inspect", "--format", "TWCS", twcs.to_str().unwrap()]);
    assert_eq!(code, Some(0));
}

#[test]
fn twarc_csv_literal_newlines_become_real_ones() {
    // twarc-csv writes a newline in a tweet as the two characters `\n`.
    let mut reader = csv::Reader::from_path(fixture("twarc-csv.csv")).unwrap();
    let header = reader.headers().unwrap().clone();
    let text_column = header.iter().position(|h| h == "text").unwrap();
    let mut record: Vec<String> = reader
        .records()
        .next()
        .unwrap()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    record[text_column] = r"It arrived in pieces.\n\nNobody cares.".to_string();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("escaped.csv");
    let mut writer = csv::Writer::from_path(&path).unwrap();
    writer.write_record(&header).unwrap();
    writer.write_record(&record).unwrap();
    writer.flush().unwrap();
    let got = read_with(&[path], &Config::default());
    assert_eq!(got.mentions.len(), 1);
    assert_eq!(
        &*got.mentions[0].text,
        "It arrived in pieces.\n\nNobody cares."
    );
}

#[test]
fn checksums_and_sizes_cover_every_byte_of_the_file_whatever_its_encoding() {
    // Expected values from `sha256sum` and `stat -c %s`: both are taken while parsing, so the
    // bytes the decoder and the CSV reader skip (a BOM, UTF-16, trailing blank lines) count too.
    for (name, expected, size) in [
        (
            "brandwatch.csv",
            "bff7c9a686ac9d73e17bcf9daf823cb47900a353982218836875c3f35c1709f5",
            3242,
        ),
        (
            "spanish-utf16.csv",
            "0492dbd112b074bbe23a0f61b2802a15e478f96352d8f81c81149c3a366fef8c",
            1084,
        ),
        (
            "meltwater.tsv",
            "20351975a346a393a156ef9e4ed91bee51547fac3beb2cc9c1947895615aca54",
            1840,
        ),
        (
            "twarc-csv.csv",
            "eed3bacd87ed5fd157e2e3e225c9f5fc61902be2662acafbf634cb3b3dcfb31c",
            3263,
        ),
    ] {
        let file = &read(name).files[0];
        assert_eq!(
            (file.sha256.as_str(), file.bytes),
            (expected, size),
            "{name}"
        );
    }
}

/// Rows the large-file test rejects (an unreadable time): two in the first batch, then one every
/// 100 rows, so that each converting thread rejects more rows than the report shows.
fn rejected_row(i: usize) -> bool {
    i == 1_000 || i == 2_047 || (i >= 2_048 && i % 100 == 5)
}

#[test]
fn a_file_of_many_batches_is_accounted_for_as_if_read_on_one_thread() {
    // 40,000 rows are 20 batches of 2,048 records: batch k is converted by the helper thread
    // when k is even and by the main thread when k is odd, and the batches are recycled. The
    // counts, the first rejected rows, the value issues and the copy of a duplicate kept must
    // not depend on which thread converted which row.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.csv");
    // Later row → earlier row whose id it repeats: main → helper (batch 1 repeats batch 0),
    // helper → main (batch 4 repeats batch 3), and a batch long after recycling began.
    let repeats = [(3_000, 100), (9_000, 7_000), (39_000, 500)];
    let mut csv = String::from("id,datetime,author,content,like_count,retweet_count\n");
    for i in 0..40_000usize {
        let copy_of = repeats
            .iter()
            .find(|(later, _)| *later == i)
            .map(|(_, e)| *e);
        let id = 1_000_000 + copy_of.unwrap_or(i);
        let time = if rejected_row(i) {
            "not a date".to_string()
        } else {
            format!(
                "2026-03-{:02}T{:02}:{:02}:{:02}Z",
                1 + i / 3_600,
                i / 60 % 60 % 24,
                i % 60,
                i % 7
            )
        };
        // The first copy of row 100 has no author; its duplicate brings one.
        let author = match i {
            100 => String::new(),
            3_000 => "filler".to_string(),
            _ => format!("user{}", i % 50),
        };
        // Row 9 (helper) has both value issues on one line; the main thread sees them first
        // in the other order (shares on row 2,100, likes on row 2,101).
        let (likes, shares) = match i {
            9 => ("lots", "heaps"),
            2_100 => ("3", "x"),
            2_101 => ("y", "3"),
            _ => ("3", "1"),
        };
        csv.push_str(&format!("{id},{time},{author},post {i},{likes},{shares}\n"));
    }
    std::fs::write(&path, &csv).unwrap();

    let got = read_with(&[path], &Config::default());
    let file = &got.files[0];
    let rejected: Vec<u64> = (0..40_000)
        .filter(|i| rejected_row(*i))
        .map(|i| i as u64 + 2)
        .collect();
    assert_eq!(rejected.len(), 381);
    assert_eq!(file.rows, rows(40_000, 40_000 - 381 - 3, 3, 0, 381));
    let example_lines: Vec<u64> = file.rejected_examples.iter().map(|r| r.line).collect();
    assert_eq!(example_lines, rejected[..20], "the first 20, in line order");
    assert_eq!(file.rejection_reasons[0].count, 381);
    assert_eq!(
        file.warnings,
        [
            // Row 100's duplicate, bringing its author.
            "duplicate rows that filled fields the copy kept first lacked (text, author, counts, …): 1; they are counted as duplicates, but what they add is in the mentions",
            "column \"like_count\": 2 values that are not numbers were ignored; first at line 11: \"lots\"",
            "column \"retweet_count\": 2 values that are not numbers were ignored; first at line 11: \"heaps\"",
        ]
    );
    // The copy kept is the first; the duplicate filled what it lacked.
    for (_, earlier) in repeats {
        let kept = by_id(&got, &(1_000_000 + earlier).to_string());
        assert_eq!(&*kept.text, format!("post {earlier}"));
    }
    assert_eq!(by_id(&got, "1000100").author.as_deref(), Some("filler"));
    assert_eq!(file.sha256, format!("{:x}", Sha256::digest(csv.as_bytes())));
    assert_eq!(file.bytes, csv.len() as u64);
    assert_eq!(got.mentions.len(), 40_000 - 381 - 3);
}

#[test]
fn outsized_rows_among_many_are_read_whole_and_in_place() {
    // Record buffers are reused from batch to batch, except those that held a row over 64 KB.
    // 24,000 rows are 12 batches of 2,048 in a pool of 9, so the batches holding the two
    // outsized rows (rows 3 and 2,051, both in slot 3) are refilled later: every row must come
    // out whole, with its own text and line.
    let dir = tempfile::tempdir().unwrap();
    let expected = |i: usize| {
        if i == 3 || i == 2_051 {
            format!("long {i} {}", "x".repeat(100_000))
        } else {
            format!("row {i}")
        }
    };
    let mut text = String::from("id,created_at,text\n");
    for i in 0..24_000 {
        text.push_str(&format!(
            "{},2021-03-01T{:02}:{:02}:00Z,{}\n",
            100_000 + i,
            i / 60 % 24,
            i % 60,
            expected(i)
        ));
    }
    let path = write(dir.path(), "outsized.csv", text.as_bytes());
    let got = read_with(&[path], &Config::default());
    assert_eq!(got.files[0].rows, rows(24_000, 24_000, 0, 0, 0));
    for m in &got.mentions {
        let i: usize = m.id.parse::<usize>().unwrap() - 100_000;
        assert_eq!(m.source.line, i as u32 + 2, "row {i}");
        assert!(*m.text == expected(i), "row {i}");
    }
}

/// Excel's "CSV (Macintosh)" ends lines with `\r` alone; the rows and their line numbers are
/// read as in any other file.
#[test]
fn lines_ending_in_a_lone_carriage_return_are_lines() {
    let csv = "id,created_at,text,author\r\
               1,2026-03-13T20:00:00Z,hello,a\r\
               2,2026-03-13T20:01:00Z,\"two\rlines\",b\r\
               3,not a date,x,c\r\
               4,2026-03-13T20:03:00Z,end,d\r";
    let got = read_csv("mac.csv", csv.as_bytes());
    let file = &got.files[0];
    assert_eq!(file.header_line, 1);
    assert_eq!(file.rows, rows(4, 3, 0, 0, 1));
    // Header line 1, row 1 on line 2, row 2 on lines 3–4: the bad row is line 5.
    assert_eq!(file.rejected_examples[0].line, 5);
    assert_eq!(by_id(&got, "2").text, "two\nlines");
    assert_eq!(by_id(&got, "4").author.as_deref(), Some("d"));
    // A line feed inside a cell of such a file is a line break in the text.
    let csv = "id,created_at,text,author\r\
               1,2026-03-13T20:00:00Z,\"hello\nworld\",a\r\
               2,2026-03-13T20:01:00Z,bye,b\r";
    let got = read_csv("mac-lf.csv", csv.as_bytes());
    assert_eq!(got.files[0].rows, rows(2, 2, 0, 0, 0));
    assert_eq!(by_id(&got, "1").text, "hello\nworld");
    // Unquoted too, as Python's csv module writes a cell's line feed with lineterminator '\r'.
    let csv = "id,created_at,text,author\r\
               1,2026-03-13T20:00:00Z,hello\nworld,a\r\
               2,2026-03-13T20:01:00Z,bye,b\r\
               3,not a date,x,c\r";
    let got = read_csv("mac-lf.csv", csv.as_bytes());
    let file = &got.files[0];
    assert_eq!(file.rows, rows(3, 2, 0, 0, 1));
    assert_eq!(by_id(&got, "1").text, "hello\nworld");
    assert_eq!(by_id(&got, "1").author.as_deref(), Some("a"));
    assert_eq!(file.rejected_examples[0].line, 4);
}

/// Line breaks inside quoted cells do not decide how lines end: a Mac export whose posts hold
/// three LF line breaks each (more LFs than CRs in the file), and an LF export whose posts
/// hold two lone CRs each, are read row by row, none lost.
#[test]
fn line_breaks_inside_cells_do_not_decide_how_lines_end() {
    let mut mac = String::from("id,created_at,text,author\r");
    let mut lf = String::from("id,created_at,text,author\n");
    for i in 0..50 {
        mac += &format!("{i},2026-03-13T20:{i:02}:00Z,\"line a\nline b\nline c\nline d\",u{i}\r");
        lf += &format!("{i},2026-03-13T20:{i:02}:00Z,\"one\rtwo\rthree\",u{i}\n");
    }
    let got = read_csv("mac.csv", mac.as_bytes());
    assert_eq!(got.files[0].rows, rows(50, 50, 0, 0, 0));
    assert_eq!(by_id(&got, "49").text, "line a\nline b\nline c\nline d");
    assert_eq!(by_id(&got, "49").author.as_deref(), Some("u49"));
    let got = read_csv("lf.csv", lf.as_bytes());
    assert_eq!(got.files[0].rows, rows(50, 50, 0, 0, 0));
    assert_eq!(by_id(&got, "7").author.as_deref(), Some("u7"));
}

/// A header written with a trailing delimiter over rows without one: the rows are as long as
/// the named columns, and read; a row short of a named column is still rejected, and a row
/// that fills the unnamed column is read too, as before.
#[test]
fn a_trailing_delimiter_on_the_header_alone_does_not_reject_the_rows() {
    let csv = "id,created_at,text,author,\n\
               1,2026-03-13T20:00:00Z,hello,a\n\
               2,2026-03-13T20:01:00Z,bye,b,\n\
               3,2026-03-13T20:02:00Z,short\n\
               4,2026-03-13T20:03:00Z,filled,d,extra\n";
    let got = read_csv("trailing.csv", csv.as_bytes());
    let file = &got.files[0];
    assert_eq!(file.rows, rows(4, 3, 0, 0, 1));
    assert_eq!(file.rejected_examples[0].line, 4);
    assert_eq!(by_id(&got, "1").author.as_deref(), Some("a"));
    // A quote left open still swallows rows as short as the named columns: it is caught, not
    // read as one row whose text holds the next two.
    let csv = "id,text,created_at,author,\n\
               1,\"Broken guitar,2026-03-13T20:00:00Z,maria\n\
               2,hello,2026-03-13T20:01:00Z,b\n\
               3,\"bye\",2026-03-13T20:02:00Z,c\n";
    let got = read_csv("open-quote.csv", csv.as_bytes());
    let file = &got.files[0];
    assert_eq!(file.rows.used, 0, "{:?}", file.rows);
    assert!(
        file.rejected_examples[0].reason.contains("quote"),
        "{}",
        file.rejected_examples[0].reason
    );
}

/// A US export of 1–19 March: its first 2,160 rows (1–12 March) could be either order, and
/// the day/month order is proved only by row 2,161 (03/13), past the sample the layout is
/// found from. Every row is read month-first, none rejected.
#[test]
fn a_day_month_order_proved_only_late_in_the_file_is_found() {
    let mut csv = String::from("id,date,text,author\n");
    for i in 0..3420u32 {
        let minutes = i * 8;
        let (day, hour, minute) = (1 + minutes / 1440, minutes % 1440 / 60, minutes % 60);
        csv += &format!("{i},03/{day:02}/2026 {hour:02}:{minute:02},post {i},u{i}\n");
    }
    let got = read_csv("us.csv", csv.as_bytes());
    let file = &got.files[0];
    assert_eq!(file.rows, rows(3420, 3420, 0, 0, 0));
    assert_eq!(file.first.unwrap().to_string(), "2026-03-01T00:00:00Z");
    // Beyond the sample, a configured `date_order` decides: day-first here, so the days past
    // the 12th, which contradict it, are rejected (and the rejection says how to change it).
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "us.csv", csv.as_bytes());
    let config = Config {
        date_order: Some(DateOrder::Dmy),
        ..Config::default()
    };
    let configured = read_with(&[path], &config);
    assert_eq!(configured.files[0].rows, rows(3420, 2160, 0, 0, 1260));
    assert!(configured.files[0].rejected_examples[0]
        .reason
        .contains("date_order = \"mdy\""));
    // Row 3,419 is 27,352 minutes in: 18 days, 23 h 52 min.
    assert_eq!(file.last.unwrap().to_string(), "2026-03-19T23:52:00Z");
    assert!(
        !file.warnings.iter().any(|w| w.contains("day-first")),
        "{:?}",
        file.warnings
    );
}

/// A 12-hour clock says month-first whether it is in the date's column or in its own.
#[test]
fn a_twelve_hour_clock_in_its_own_column_reads_dates_month_first() {
    let two_columns = "Date,Time,Text,Author\n\
                       03/05/2026,08:00 PM,first,a\n\
                       03/06/2026,09:15 AM,second,b\n";
    let one_column = "Date,Text,Author\n\
                      03/05/2026 08:00 PM,first,a\n\
                      03/06/2026 09:15 AM,second,b\n";
    for csv in [two_columns, one_column] {
        let got = read_csv("us.csv", csv.as_bytes());
        let first = got.mentions.iter().find(|m| m.text == "first").unwrap();
        assert_eq!(first.timestamp.to_string(), "2026-03-05T20:00:00Z", "{csv}");
    }
}

/// One stray Windows-1252 byte in a UTF-8 export spoils that value only, not every text of
/// the file, and is reported.
#[test]
fn a_stray_byte_does_not_turn_a_utf8_file_into_windows_1252() {
    let mut csv = b"id,created_at,text,author\n".to_vec();
    for i in 0..20 {
        csv.extend_from_slice(
            format!("{i},2026-03-13T20:{i:02}:00Z,perché è così,u{i}\n").as_bytes(),
        );
    }
    csv.extend_from_slice(b"20,2026-03-13T20:30:00Z,caf\xE9,u20\n");
    let got = read_csv("mostly-utf8.csv", &csv);
    let file = &got.files[0];
    assert_eq!(file.encoding, "utf-8");
    assert_eq!(file.rows, rows(21, 21, 0, 0, 0));
    assert_eq!(by_id(&got, "3").text, "perché è così");
    assert!(
        file.warnings.iter().any(|w| w.contains("not valid UTF-8")),
        "{:?}",
        file.warnings
    );
}

/// A multi-platform Brandwatch export has a followers, likes and comments column per
/// platform, each filled for its own platform's rows: every one is read.
#[test]
fn brandwatch_per_platform_counts_are_all_read() {
    let csv = "\"Report:\",\"Bulk Mentions Download\"\n\"Brand:\",\"Skyways\"\n\"From:\",\"2026-03-13\"\n\
               \"To:\",\"2026-03-14\"\n\"Label:\",\"\"\n\n\
               Date,Url,Sentiment,Page Type,Author,Full Name,Full Text,Resource Id,Thread Entry Type,\
               Twitter Followers,Instagram Followers,Twitter Likes,Instagram Likes,Facebook Likes,\
               Instagram Comments,Facebook Comments\n\
               2026-03-13 20:00:00.0,https://twitter.com/a/status/1,negative,twitter,a,A,tweet,1,post,1000,,5,,,,\n\
               2026-03-13 20:05:00.0,https://instagram.com/p/x,negative,instagram,b,B,photo,2,post,,250000,,900,,40,0\n\
               2026-03-13 20:10:00.0,https://facebook.com/c/posts/3,neutral,facebook,c,C,post,3,post,,,,,700,,30\n\
               2026-03-13 20:15:00.0,https://facebook.com/d/posts/4,neutral,facebook,d,D,post,4,post,0,0,0,0,12,0,3\n";
    let got = read_csv("bw.csv", csv.as_bytes());
    let file = &got.files[0];
    assert_eq!(file.format, "brandwatch");
    assert_eq!(file.rows, rows(4, 4, 0, 0, 0));
    let counts = |id: &str| {
        let m = by_id(&got, id);
        (m.followers.get(), m.likes.get(), m.comments.get())
    };
    assert_eq!(counts("1"), (Some(1000), Some(5), None));
    assert_eq!(counts("2"), (Some(250_000), Some(900), Some(40)));
    assert_eq!(counts("3"), (None, Some(700), Some(30)));
    // A row that fills every platform's column (0 where they are not its own) is read from its
    // own platform's: Facebook's 12 likes, not X's 0. No column holds a Facebook page's
    // followers, and X's or Instagram's are not its own: none.
    assert_eq!(counts("4"), (None, Some(12), Some(3)));
    assert_eq!(file.columns["likes"], "Twitter Likes");
    assert_eq!(
        file.columns_also["likes"],
        ["Facebook Likes", "Instagram Likes"]
    );
    assert!(file.unused_columns.is_empty(), "{:?}", file.unused_columns);
}

/// The airline-sentiment layout re-saved by European Excel: `;`, day-first dates, and the
/// `-0800` offset dropped. Its times are local, read in the incident's zone and noted as such.
#[test]
fn an_airline_export_resaved_without_offsets_is_read_in_the_incident_zone() {
    let csv = "tweet_id;airline_sentiment;airline;name;retweet_count;text;tweet_created\n\
               570306133677760513;neutral;Virgin America;cairdin;0;@VirginAmerica What @dhepburn said.;24-02-2015 11:44\n";
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "Tweets.csv", csv.as_bytes());
    let config = Config {
        timezone: jiff::tz::TimeZone::get("America/Los_Angeles").unwrap(),
        ..Config::default()
    };
    let got = read_with(&[path], &config);
    assert_eq!(got.files[0].format, "airline-sentiment");
    // 11:44 Pacific Standard Time is 19:44 UTC.
    assert_eq!(
        got.mentions[0].timestamp.to_string(),
        "2015-02-24T19:44:00Z"
    );
    assert!(
        got.files[0]
            .warnings
            .iter()
            .any(|w| w.contains("times without a time zone")),
        "{:?}",
        got.files[0].warnings
    );
}

/// Local times at a clock change are read by the usual rule, and the file says so: 02:50 and
/// 02:10 on 25 October 2026 happened twice in Rome (read as the first, CEST), 02:30 on
/// 29 March never (read an hour later on the clock, 03:30 CEST).
#[test]
fn local_times_at_a_clock_change_are_reported() {
    let csv = "id,parent_id,timestamp,author,text\n\
               1,,2026-10-25 02:50,cust,late bag\n\
               2,1,2026-10-25 02:10,SkywaysAir,sorry\n\
               3,,2026-03-29 02:30,cust2,gap time\n\
               4,,2026-03-29 12:00,cust3,noon\n";
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "dst.csv", csv.as_bytes());
    let config = Config {
        timezone: jiff::tz::TimeZone::get("Europe/Rome").unwrap(),
        ..Config::default()
    };
    let got = read_with(&[path], &config);
    assert_eq!(
        by_id(&got, "1").timestamp.to_string(),
        "2026-10-25T00:50:00Z"
    );
    assert_eq!(
        by_id(&got, "3").timestamp.to_string(),
        "2026-03-29T01:30:00Z"
    );
    let warnings = &got.files[0].warnings;
    let says = |text: &str| warnings.iter().any(|w| w.contains(text));
    assert!(
        says("2 rows had local times in the hour repeated when the clocks went back in Europe/Rome (the first at line 2)"),
        "{warnings:?}"
    );
    assert!(
        says("1 rows had local times in the hour skipped when the clocks went forward in Europe/Rome (the first at line 4)"),
        "{warnings:?}"
    );
}
