//! `casebook simulate`: determinism, size, layout of both formats, and the realism properties
//! the rest of casebook relies on. Small outputs only; no timing.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use jiff::Timestamp;

const TRIGGER: &str = "2026-03-11T12:10:00Z";

fn casebook() -> Command {
    Command::new(env!("CARGO_BIN_EXE_casebook"))
}

/// Runs `casebook simulate` and returns the output path (inside `dir`).
fn simulate(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let out = dir.join(name);
    let status = casebook()
        .arg("simulate")
        .arg("-o")
        .arg(&out)
        .args(args)
        .output()
        .expect("run casebook");
    assert!(
        status.status.success(),
        "simulate {args:?} failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    out
}

type Row = HashMap<String, String>;

/// The header and every row (as column → value), checking that no row is ragged.
fn read_rows<R: std::io::Read>(mut reader: csv::Reader<R>) -> (Vec<String>, Vec<Row>) {
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            assert_eq!(r.len(), header.len(), "ragged row at {:?}", r.position());
            header
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect();
    (header, rows)
}

fn read_twarc(path: &Path) -> Vec<Row> {
    read_rows(csv::Reader::from_path(path).expect("open twarc export")).1
}

fn read_brandwatch(path: &Path) -> (String, Vec<String>, Vec<Row>) {
    let text = std::fs::read_to_string(path).expect("read brandwatch export");
    let body = text
        .strip_prefix('\u{feff}')
        .expect("UTF-8 byte-order mark");
    let preamble: String = body.split("\r\n").take(6).collect::<Vec<_>>().join("\n");
    let rest: String = body
        .splitn(7, "\r\n")
        .nth(6)
        .expect("header on row 7")
        .to_string();
    let (header, rows) = read_rows(csv::Reader::from_reader(rest.as_bytes()));
    (preamble, header, rows)
}

fn at(row: &Row, column: &str) -> Timestamp {
    row[column]
        .parse()
        .unwrap_or_else(|_| panic!("{column} {:?} is not RFC 3339", row[column]))
}

fn median(mut values: Vec<f64>) -> f64 {
    assert!(!values.is_empty());
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

#[test]
fn same_seed_gives_the_same_bytes_and_another_seed_another_incident() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["twarc-csv", "brandwatch"] {
        let args = |seed: &'static str| ["--format", format, "--mentions", "1500", "--seed", seed];
        let name = |run: &str| format!("{format}-{run}.csv");
        let a = std::fs::read(simulate(dir.path(), &name("a"), &args("7"))).unwrap();
        let b = std::fs::read(simulate(dir.path(), &name("b"), &args("7"))).unwrap();
        let c = std::fs::read(simulate(dir.path(), &name("c"), &args("8"))).unwrap();
        assert!(a == b, "{format}: same seed, different bytes");
        assert!(a != c, "{format}: different seeds, same bytes");
    }
}

#[test]
fn twarc_export_has_the_twarc_csv_0_7_layout() {
    let dir = tempfile::tempdir().unwrap();
    let path = simulate(dir.path(), "t.csv", &["--mentions", "2500", "--seed", "3"]);
    let expected: Vec<String> = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/simulate/twarc-csv-0.7-columns.txt"),
    )
    .unwrap()
    .lines()
    .map(String::from)
    .collect();
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        !bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        "twarc-csv writes no BOM"
    );
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, expected);

    let rows = read_twarc(&path);
    let mut langs = HashSet::new();
    let mut literal_newlines = 0;
    for row in &rows {
        let created = &row["created_at"];
        assert_eq!(created.len(), 24, "{created}");
        assert!(created.ends_with(".000Z"), "{created}");
        at(row, "created_at");
        assert_eq!(row["id"].len(), 19, "{}", row["id"]);
        assert!(row["id"].bytes().all(|b| b.is_ascii_digit()));
        assert!(!row["text"].contains('\n') && !row["text"].contains('\r'));
        literal_newlines += usize::from(row["text"].contains("\\n"));
        let tags = &row["entities.hashtags"];
        if !tags.is_empty() {
            let list: Vec<String> = serde_json::from_str(tags).expect("hashtags are a JSON list");
            assert!(list.iter().all(|t| t.starts_with('#')), "{tags}");
        }
        assert!(matches!(row["author.verified"].as_str(), "True" | "False"));
        assert!(row["author.public_metrics.followers_count"]
            .parse::<u64>()
            .is_ok());
        let references = ["replied_to", "retweeted", "quoted"]
            .iter()
            .filter(|k| !row[&format!("referenced_tweets.{k}.id")].is_empty())
            .count();
        assert!(references <= 1);
        if !row["referenced_tweets.replied_to.id"].is_empty() {
            assert!(!row["in_reply_to_username"].is_empty());
        }
        if !row["referenced_tweets.retweeted.id"].is_empty() {
            assert!(!row["retweeted_username"].is_empty());
        }
        langs.insert(row["lang"].clone());
    }
    assert_eq!(
        langs,
        ["en", "it", "es", "pl"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    );
    assert!(
        literal_newlines > 0,
        "the trigger's newlines are written as \\n"
    );
}

#[test]
fn brandwatch_export_has_the_bulk_mentions_layout() {
    let dir = tempfile::tempdir().unwrap();
    let path = simulate(
        dir.path(),
        "b.csv",
        &[
            "--format",
            "brandwatch",
            "--mentions",
            "2000",
            "--seed",
            "5",
        ],
    );
    let (preamble, header, rows) = read_brandwatch(&path);
    assert!(preamble.starts_with("\"Report:\",\"Bulk Mentions Download\"\n\"Brand:\",\"Skyways\""));
    assert!(preamble.contains("\"From:\",\"2026-03-10 00:00:00.0\""));
    assert!(preamble.ends_with('\n'), "row 6 is blank");
    for column in [
        "Date",
        "Url",
        "Sentiment",
        "Author",
        "Full Name",
        "Full Text",
        "Resource Id",
        "Thread Entry Type",
        "Thread Id",
        "X Followers",
        "X Reply to",
        "X Repost of",
        "Reach (new)",
        "Hashtags",
    ] {
        assert!(header.iter().any(|h| h == column), "{column} missing");
    }
    let mut entry_types = HashSet::new();
    for row in &rows {
        let date = &row["Date"];
        assert_eq!(date.len(), 21, "{date}");
        assert!(
            date.ends_with(".0") && date.as_bytes()[10] == b' ',
            "{date}"
        );
        assert!(!row["Author"].starts_with('@'));
        assert!(matches!(
            row["Sentiment"].as_str(),
            "positive" | "neutral" | "negative"
        ));
        assert!(row["Url"].ends_with(&format!("/status/{}", row["Resource Id"])));
        entry_types.insert(row["Thread Entry Type"].clone());
        match row["Thread Entry Type"].as_str() {
            "reply" => assert!(
                row["X Reply to"].contains("/status/"),
                "{:?}",
                row["X Reply to"]
            ),
            "share" => {
                assert!(row["X Repost of"].contains("/status/"));
                assert!(row["Full Text"].starts_with("RT @"));
            }
            _ => {}
        }
        row["X Followers"]
            .parse::<u64>()
            .expect("followers are a number");
    }
    assert_eq!(
        entry_types,
        ["post", "reply", "share"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    );
    assert!(
        rows.iter().any(|r| r["Full Text"].contains('\n')),
        "Brandwatch keeps real newlines"
    );
    // One Mention Id per post (copies of a post in overlapping downloads share theirs).
    let mut mention_ids: HashMap<&str, &str> = HashMap::new();
    for row in &rows {
        if let Some(other) = mention_ids.insert(&row["Mention Id"], &row["Resource Id"]) {
            assert_eq!(
                other, row["Resource Id"],
                "Mention Id {}",
                row["Mention Id"]
            );
        }
    }
    // A profile's city and the country Brandwatch places it in agree.
    for (city, country) in [
        ("Toronto", "Canada"),
        ("New York", "United States of America"),
    ] {
        let placed: HashSet<&str> = rows
            .iter()
            .filter(|r| r["City"] == city)
            .map(|r| r["Country"].as_str())
            .collect();
        assert!(placed.iter().all(|c| *c == country), "{city}: {placed:?}");
    }
    // The care team answers in the language it was written to.
    let language: HashMap<&str, &str> = rows
        .iter()
        .map(|r| (r["Url"].as_str(), r["Language"].as_str()))
        .collect();
    let care_replies: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| r["Author"] == "SkywaysHelp" && r["Thread Entry Type"] == "reply")
        .filter_map(|r| {
            Some((
                r["Language"].as_str(),
                *language.get(r["X Reply to"].as_str())?,
            ))
        })
        .collect();
    assert!(care_replies.len() > 10, "{}", care_replies.len());
    assert!(
        care_replies.iter().all(|(reply, asked)| reply == asked),
        "{care_replies:?}"
    );
}

#[test]
fn row_count_is_the_mentions_plus_the_overlap_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("n.csv");
    let output = casebook()
        .args(["simulate", "--mentions", "1200", "--seed", "2", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success());
    let rows = read_twarc(&out);
    let ids: HashSet<&String> = rows.iter().map(|r| &r["id"]).collect();
    assert_eq!(ids.len(), 1200, "one row per mention");
    let duplicates = rows.len() - ids.len();
    assert!(duplicates > 0, "overlapping downloads repeat some rows");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(&format!("{} rows ({duplicates} duplicated)", rows.len())),
        "{stdout}"
    );
}

#[test]
fn the_incident_looks_like_an_incident() {
    let dir = tempfile::tempdir().unwrap();
    let rows = read_twarc(&simulate(
        dir.path(),
        "r.csv",
        &["--mentions", "5000", "--seed", "11"],
    ));
    let trigger: Timestamp = TRIGGER.parse().unwrap();
    let hour = |t: Timestamp| t.as_second().div_euclid(3600);

    // A quiet baseline, a much louder peak.
    let mut per_hour: HashMap<i64, usize> = HashMap::new();
    for row in &rows {
        *per_hour.entry(hour(at(row, "created_at"))).or_default() += 1;
    }
    let start = hour("2026-03-10T00:00:00Z".parse().unwrap());
    let baseline_hours = hour(trigger) - start;
    let baseline: usize = (start..hour(trigger))
        .map(|h| per_hour.get(&h).copied().unwrap_or(0))
        .sum();
    let baseline_mean = baseline as f64 / baseline_hours as f64;
    let peak = *per_hour.values().max().unwrap();
    assert!(baseline > 0, "there is a baseline");
    assert!(
        peak as f64 > 20.0 * baseline_mean,
        "peak {peak}/h vs baseline {baseline_mean:.1}/h"
    );

    // A re-ignition: after a quiet Friday morning, the song brings a second peak.
    let song = hour("2026-03-13T19:00:00Z".parse().unwrap());
    let second = (song..song + 6)
        .map(|h| per_hour.get(&h).copied().unwrap_or(0))
        .max()
        .unwrap();
    let valley = (song - 10..song - 4)
        .map(|h| per_hour.get(&h).copied().unwrap_or(0))
        .max()
        .unwrap();
    assert!(
        second as f64 >= 0.3 * peak as f64,
        "second peak {second} vs {peak}"
    );
    assert!(
        (valley as f64) < 0.2 * second as f64,
        "valley {valley} vs second peak {second}"
    );

    // Brand replies come later at the peak than in the baseline.
    let by_id: HashMap<&str, &Row> = rows.iter().map(|r| (r["id"].as_str(), r)).collect();
    let (mut before, mut during) = (Vec::new(), Vec::new());
    for row in rows
        .iter()
        .filter(|r| r["author.username"] == "SkywaysHelp")
    {
        let Some(parent) = by_id.get(row["referenced_tweets.replied_to.id"].as_str()) else {
            continue;
        };
        let asked = at(parent, "created_at");
        let delay = (at(row, "created_at").as_second() - asked.as_second()) as f64 / 60.0;
        if asked < trigger {
            before.push(delay);
        } else if asked.as_second() < trigger.as_second() + 8 * 3600 {
            during.push(delay);
        }
    }
    let (before, during) = (median(before), median(during));
    assert!(
        during > 3.0 * before,
        "median reply {during:.0} min at the peak vs {before:.0} min before"
    );
    let care: Vec<&Row> = rows
        .iter()
        .filter(|r| r["author.username"] == "SkywaysHelp")
        .collect();
    assert!(
        care.iter().any(|r| r["text"].contains("DM")),
        "care replies invite to DM"
    );
    assert!(care
        .iter()
        .any(|r| r["text"].contains("sorry") || r["text"].contains("apologise")));

    // The scheduled promo lands at the peak, replying to no one, and #FlyHappy is turned against it.
    let promo_time = |r: &&Row| {
        let t = at(r, "created_at");
        t > trigger && t.as_second() < trigger.as_second() + 6 * 3600
    };
    assert!(rows
        .iter()
        .filter(promo_time)
        .any(|r| r["author.username"] == "SkywaysAir"
            && r["referenced_tweets.replied_to.id"].is_empty()
            && r["referenced_tweets.retweeted.id"].is_empty()
            && r["text"].contains("#FlyHappy")));
    let hijacks = rows
        .iter()
        .filter(|r| {
            !r["author.username"].starts_with("Skyways")
                && r["referenced_tweets.retweeted.id"].is_empty()
        })
        .filter(|r| at(r, "created_at") > trigger && r["text"].contains("#FlyHappy"))
        .count();
    assert!(hijacks > 0, "people turn #FlyHappy against the brand");

    // The hashtag emerges with the video.
    let tagged = |r: &&Row| r["entities.hashtags"].contains("#SkywaysBrokeMyGuitar");
    assert!(!rows
        .iter()
        .filter(|r| at(r, "created_at") < trigger)
        .any(|r| tagged(&r)));
    assert!(rows.iter().filter(tagged).count() > rows.len() / 10);

    // The impostor and the CEO statement.
    let impostor: Vec<&Row> = rows
        .iter()
        .filter(|r| r["author.username"] == "SkywaysHe1p")
        .collect();
    assert!(impostor.len() >= 2, "the impostor posts");
    assert!(impostor
        .iter()
        .all(|r| r["author.name"] == "Skyways Help Team"));
    assert!(rows.iter().any(|r| r["author.username"] == "SkywaysAir"
        && r["text"].starts_with("A statement from our CEO")));

    // Heavy-tailed audiences and many distinct authors.
    let mut followers: HashMap<&str, u64> = HashMap::new();
    for row in &rows {
        followers.insert(
            &row["author.username"],
            row["author.public_metrics.followers_count"]
                .parse()
                .unwrap(),
        );
    }
    let mut counts: Vec<u64> = followers.values().copied().collect();
    counts.sort_unstable();
    let median_followers = counts[counts.len() / 2].max(1);
    assert!(
        counts[counts.len() - 1] > 1000 * median_followers,
        "max {} vs median {median_followers}",
        counts[counts.len() - 1]
    );
    assert!(
        followers.len() * 4 > rows.len(),
        "{} authors for {} rows",
        followers.len(),
        rows.len()
    );
}

#[test]
fn a_period_keeps_part_of_the_same_incident_so_overlapping_exports_share_mentions() {
    let dir = tempfile::tempdir().unwrap();
    let common = ["--mentions", "2000", "--seed", "4"];
    let whole = read_twarc(&simulate(dir.path(), "whole.csv", &common));
    let early = simulate(
        dir.path(),
        "early.csv",
        &[&common[..], &["--to", "2026-03-12T12:00:00Z"]].concat(),
    );
    let late = simulate(
        dir.path(),
        "late.csv",
        &[
            &common[..],
            &["--format", "brandwatch", "--from", "2026-03-11T18:00:00Z"],
        ]
        .concat(),
    );
    let early = read_twarc(&early);
    let (_, _, late) = read_brandwatch(&late);
    let cut: Timestamp = "2026-03-12T12:00:00Z".parse().unwrap();
    assert!(early.iter().all(|r| at(r, "created_at") < cut));
    assert!(early.len() < whole.len() && !early.is_empty());
    let whole_ids: HashSet<&str> = whole.iter().map(|r| r["id"].as_str()).collect();
    assert!(
        early.iter().all(|r| whole_ids.contains(r["id"].as_str())),
        "same incident, same ids"
    );
    let early_ids: HashSet<&str> = early.iter().map(|r| r["id"].as_str()).collect();
    let shared = late
        .iter()
        .filter(|r| early_ids.contains(r["Resource Id"].as_str()))
        .count();
    assert!(shared > 100, "only {shared} mentions in both exports");
}

#[test]
fn bad_arguments_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.csv");
    for args in [
        vec!["--format", "meltwater"],
        vec!["--mentions", "0"],
        vec!["--from", "yesterday"],
        vec![
            "--from",
            "2026-03-12T00:00:00Z",
            "--to",
            "2026-03-11T00:00:00Z",
        ],
    ] {
        let output = casebook()
            .arg("simulate")
            .arg("-o")
            .arg(&out)
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(!String::from_utf8_lossy(&output.stderr).is_empty());
        assert!(!out.exists(), "{args:?}");
    }
}

#[test]
fn an_existing_file_is_replaced_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export.csv");
    std::fs::write(&out, "id,text\n1,a real export\n").unwrap();
    let run = |extra: &[&str]| {
        casebook()
            .args(["simulate", "--mentions", "300", "-o"])
            .arg(&out)
            .args(extra)
            .output()
            .unwrap()
    };

    let refused = run(&[]);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("already exists") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "id,text\n1,a real export\n"
    );

    let replaced = run(&["--force"]);
    assert!(
        replaced.status.success(),
        "{}",
        String::from_utf8_lossy(&replaced.stderr)
    );
    let rows = read_twarc(&out);
    let ids: HashSet<&String> = rows.iter().map(|r| &r["id"]).collect();
    assert_eq!(ids.len(), 300);
    // The export was written beside it under another name and renamed: nothing else is left.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["export.csv"]);
    // As readable as any new file (the temporary one it was written to was private).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        let new_file = dir.path().join("new");
        std::fs::write(&new_file, "").unwrap();
        let expected = std::fs::metadata(&new_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, expected & 0o777);
    }
}

#[test]
fn a_failed_run_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("missing-folder").join("export.csv");
    let output = casebook()
        .args(["simulate", "--mentions", "300", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("missing-folder"), "{stderr}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

fn sample_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data")
}

#[test]
fn sample_data_is_what_the_documented_commands_generate() {
    let readme = std::fs::read_to_string(sample_data().join("README.md")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    // Each documented command: `cargo run -- simulate ARGS -o sample-data/exports/FILE`.
    for command in readme.split("cargo run -- simulate").skip(1) {
        let command = command
            .split("```")
            .next()
            .unwrap()
            .split("cargo run")
            .next()
            .unwrap();
        let words: Vec<&str> = command.split_whitespace().filter(|w| *w != "\\").collect();
        let (args, target) = match words.iter().position(|w| *w == "-o") {
            Some(i) => (&words[..i], words[i + 1]),
            None => panic!("no -o in {command:?}"),
        };
        let name = Path::new(target).file_name().unwrap().to_str().unwrap();
        let regenerated = std::fs::read(simulate(dir.path(), name, args)).unwrap();
        let committed = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(target)).unwrap();
        assert!(
            regenerated == committed,
            "{target} differs from what its README command generates"
        );
        checked += 1;
    }
    assert_eq!(checked, 2, "both exports are documented");
}

#[test]
fn sample_data_is_small_with_an_incident_file_casebook_accepts() {
    let text = std::fs::read_to_string(sample_data().join("incident.toml")).unwrap();
    let config = casebook::config::Config::from_toml(&text, "sample-data/incident.toml")
        .expect("valid incident.toml");
    assert_eq!(config.brand.as_deref(), Some("Skyways"));
    assert!(config.is_brand_handle("SkywaysHelp", Some("twitter")));
    assert!(
        !config.is_brand_handle("SkywaysHe1p", Some("twitter")),
        "the impostor is not the brand"
    );
    assert_eq!(config.timezone.iana_name(), Some("Europe/Rome"));
    assert_eq!(config.campaign_hashtags, vec!["flyhappy"]);
    assert_eq!(config.sla_seconds, 3600);
    let ceo = config
        .events
        .iter()
        .find(|e| e.label.starts_with("CEO statement"))
        .expect("CEO event");
    // 11:00 in Rome (UTC+1 in March) is 10:00 UTC, when the simulated statement is posted.
    assert_eq!(ceo.at.to_string(), "2026-03-12T10:00:00Z");

    let total: u64 = walk(&sample_data())
        .iter()
        .map(|p| std::fs::metadata(p).unwrap().len())
        .sum();
    assert!(total < 2_000_000, "sample-data is {total} bytes");

    let lessons = std::fs::read_to_string(sample_data().join("lessons.md")).unwrap();
    for heading in [
        "## Summary",
        "## Impact",
        "## Timeline notes",
        "## Root causes",
        "## What went well",
        "## What went wrong",
        "## Where we got lucky",
        "## Action items",
    ] {
        assert!(lessons.contains(heading), "{heading} missing");
    }
    assert!(lessons.contains("| Action | Owner | Due date | Status |"));
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
