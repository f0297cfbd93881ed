//! Findings, lessons and `casebook init`, through the public API and the binary.

use std::path::PathBuf;
use std::process::Command;

use casebook::analysis::wording::Signals;
use casebook::analysis::{Analysis, Annotation};
use casebook::config::Config;
use casebook::findings::{evaluate, RULE_IDS};
use casebook::metrics::{Metrics, Phase};
use casebook::model::{Kind, Language, Mention, Mentions, OptIndex, Sentiment};
use serde_json::json;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/findings")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Metrics of an incident with onset at 09:00 and peak at 10:00 UTC, 12 March 2026, reply
/// linkage by parent id, and nothing else: the rules read the rest from the annotations.
fn metrics() -> Metrics {
    let empty_group: Vec<serde_json::Value> = Vec::new();
    serde_json::from_value(json!({
        "definitions_version": 1,
        "timeline": {
            "first": null, "last": null, "bucket_seconds": 900, "bucket_automatic": true,
            "buckets": [],
            "baseline": {"method": "pre-onset", "median": 1.0, "mad": 0.0, "threshold": 3.0, "buckets": 4},
            "onset": "2026-03-12T09:00:00Z",
            "peak": {"start": "2026-03-12T10:00:00Z", "count": 40},
            "end": null, "secondary_peaks": [],
            "phases": [
                {"phase": "before", "start": "2026-03-12T08:00:00Z", "end": "2026-03-12T09:00:00Z"},
                {"phase": "escalation", "start": "2026-03-12T09:00:00Z", "end": "2026-03-12T10:00:00Z"},
                {"phase": "peak", "start": "2026-03-12T10:00:00Z", "end": "2026-03-12T11:00:00Z"},
                {"phase": "decay", "start": "2026-03-12T11:00:00Z", "end": "2026-03-12T13:00:00Z"}
            ],
            "time_to_peak_seconds": 3600, "decay_half_life_seconds": null,
            "key_moments": [], "milestones": [], "warnings": []
        },
        "reach": {
            "potential": null, "unique": null, "impressions": null, "mentions_with_reach": 0,
            "mentions": 0, "authors": 0,
            "engagement": {"likes": null, "shares": null, "comments": null, "quotes": null},
            "kinds": {"original": 0, "reply": 0, "repost": 0, "quote": 0},
            "amplification": null, "top_authors_by_reach": [], "top_authors_by_volume": [],
            "concentration_top1pct": null, "by_platform": [], "by_language": [], "by_country": []
        },
        "response": {
            "brand_posts": 0, "brand_replies": 0, "linkage": "parent", "actionable": 0,
            "answered": 0, "rate": null, "min_seconds": null, "median_seconds": null,
            "mean_seconds": null, "p90_seconds": null, "max_seconds": null, "sla_seconds": 3600,
            "within_sla_share": null, "within_sla_business_hours_share": null,
            "first_response_at": null, "first_response_after_onset_seconds": null,
            "first_response_after_first_post_seconds": null,
            "by_phase": empty_group, "by_account": [], "negative": null, "distribution": [],
            "unanswered_top_reach": [], "anomalies": []
        },
        "sentiment": {
            "source": "export", "negative": 0, "neutral": 0, "positive": 0, "unrated": 0,
            "negative_share": null, "net": null, "negative_share_baseline": null,
            "negative_share_peak": null, "recovery_seconds": null
        },
        "topics": {"hashtags": [], "terms": [], "rising_terms": [], "domains": []}
    }))
    .expect("the metrics literal matches the Metrics model")
}

struct Post {
    at: &'static str,
    author: &'static str,
    text: &'static str,
    brand: bool,
    replies_to: Option<usize>,
    negative: bool,
    reach: Option<u64>,
}

fn post(at: &'static str, author: &'static str, text: &'static str) -> Post {
    Post {
        at,
        author,
        text,
        brand: author == "SkywaysHelp",
        replies_to: None,
        negative: false,
        reach: None,
    }
}

/// The phase of a time of day, as the timeline's phase spans in [`metrics`] give it.
fn phase_at(at: &str) -> Phase {
    match at {
        t if t < "09:00" => Phase::Before,
        t if t < "10:00" => Phase::Escalation,
        t if t < "11:00" => Phase::Peak,
        _ => Phase::Decay,
    }
}

/// Mentions and the annotations analysis would give them.
fn incident(posts: &[Post]) -> (Mentions, Analysis) {
    let mut mentions = Vec::new();
    let mut notes: Vec<Annotation> = Vec::new();
    for (i, p) in posts.iter().enumerate() {
        let at = format!("2026-03-12T{}:00Z", p.at).parse().unwrap();
        let mut m = Mention::new(format!("{}", 1000 + i), at, p.text);
        m.author = Some(p.author.into());
        m.platform = Some("twitter".into());
        m.reach = p.reach.into();
        if let Some(parent) = p.replies_to {
            m.kind = Kind::Reply;
            m.parent_id = Some(format!("{}", 1000 + parent).into());
        }
        m.sentiment = p.negative.then_some(Sentiment::Negative);
        mentions.push(m);
        notes.push(Annotation {
            is_brand: p.brand,
            sentiment: p.negative.then_some(Sentiment::Negative),
            actionable: !p.brand,
            response_seconds: None,
            replies_to: OptIndex::new(p.replies_to.filter(|_| p.brand)),
            phase: phase_at(p.at),
        });
    }
    for (i, p) in posts.iter().enumerate() {
        if let (true, Some(parent)) = (p.brand, p.replies_to) {
            let delay = mentions[i].timestamp.as_second() - mentions[parent].timestamp.as_second();
            let delay = i32::try_from(delay).expect("test incidents span days");
            let answered = &mut notes[parent].response_seconds;
            *answered = Some(answered.map_or(delay, |d| d.min(delay)));
        }
    }
    // What analysis' text pass gives the rules: the wording of each brand post.
    let brand_signals = posts
        .iter()
        .enumerate()
        .filter(|(_, p)| p.brand)
        .map(|(i, p)| (i, Signals::of(p.text)))
        .collect();
    let analysis = Analysis {
        metrics: metrics(),
        annotations: notes.into_iter().collect(),
        brand_signals,
        campaign_posts: Vec::new(),
    };
    (Mentions::from_mentions(mentions).unwrap(), analysis)
}

fn broken_guitar() -> Vec<Post> {
    vec![
        Post {
            negative: true,
            reach: Some(50_000),
            ..post("09:05", "maria", "Skyways broke my guitar and nobody cares")
        },
        post(
            "09:20",
            "SkywaysHelp",
            "Spring sale! Fly to Lisbon from 29 € #FlyHappy",
        ),
        Post {
            negative: true,
            reach: Some(300),
            ..post("10:10", "paolo", "Same happened to me @SkywaysHelp")
        },
        Post {
            replies_to: Some(2),
            ..post(
                "10:12",
                "Skyways_Help",
                "DM us your card number and we refund you",
            )
        },
        Post {
            replies_to: Some(0),
            ..post(
                "11:25",
                "SkywaysHelp",
                "We're so sorry, Maria. Please send us a DM.",
            )
        },
    ]
}

fn config(language: Language) -> Config {
    let mut config = Config::from_toml(
        "brand = \"Skyways\"\nhandles = [\"@SkywaysHelp\"]\n[rules.impostor-accounts]\n\
         comment = \"Reported to X on day 2.\"",
        "incident.toml",
    )
    .unwrap();
    config.report_language = language;
    config
}

#[test]
fn the_broken_guitar_triggers_the_expected_findings_in_the_metrics_json_shape() {
    let (mentions, analysis) = incident(&broken_guitar());
    let (findings, statuses) = evaluate(&mentions, &analysis, &config(Language::En));
    let summary: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f.id.as_str(), f.severity.as_str()))
        .collect();
    // Impostor replying at the peak; 2 h 25 min to the first response (over 1 h, under 3 h);
    // promotion during the escalation; 1 of 3 actionable answered (67 % unanswered).
    for expected in [
        ("impostor-accounts", "critical"),
        ("unanswered-mentions", "critical"),
        ("posts-during-crisis", "warning"),
        ("slow-first-response", "warning"),
    ] {
        assert!(
            summary.contains(&expected),
            "{expected:?} not in {summary:?}"
        );
    }
    let slow = findings
        .iter()
        .find(|f| f.id == "slow-first-response")
        .unwrap();
    assert_eq!(
        slow.title,
        "The brand’s first public response came 2\u{a0}h 25\u{a0}min after the onset, beyond \
         the 1\u{a0}h target."
    );
    assert_eq!(slow.evidence.examples[0].id, "1004", "the response itself");
    assert_eq!(statuses.len(), RULE_IDS.len());

    let json = serde_json::to_value(&findings).unwrap();
    let impostor = json
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "impostor-accounts")
        .unwrap();
    for key in [
        "id",
        "severity",
        "title",
        "evidence",
        "recommendation",
        "principle",
    ] {
        assert!(
            !impostor[key].is_null(),
            "findings[].{key} missing: {impostor}"
        );
    }
    assert_eq!(impostor["severity"], "critical");
    assert_eq!(impostor["comment"], "Reported to X on day 2.");
    assert_eq!(
        impostor["evidence"]["examples"][0]["author"],
        "Skyways_Help"
    );
}

#[test]
fn findings_are_written_in_the_report_language() {
    let (mentions, analysis) = incident(&broken_guitar());
    let titles = |language| {
        let (findings, _) = evaluate(&mentions, &analysis, &config(language));
        findings
            .into_iter()
            .find(|f| f.id == "posts-during-crisis")
            .map(|f| f.title)
            .unwrap()
    };
    assert!(titles(Language::It).starts_with("Durante escalation e picco"));
    assert!(titles(Language::Es).starts_with("Durante la escalada y el pico"));
    assert!(titles(Language::Pl).starts_with("W fazie eskalacji i szczytu"));
}

#[test]
fn without_brand_posts_the_response_rules_say_why_and_nothing_claims_silence() {
    let posts: Vec<Post> = broken_guitar().into_iter().filter(|p| !p.brand).collect();
    let (mentions, analysis) = incident(&posts);
    let (findings, statuses) = evaluate(&mentions, &analysis, &config(Language::En));
    let ids: Vec<&str> = findings.iter().map(|f| f.id.as_str()).collect();
    for silent in [
        "slow-first-response",
        "unanswered-mentions",
        "unanswered-high-reach",
        "response-degraded-at-peak",
        "posts-during-crisis",
        "offline-handoff",
        "apology-and-thanks",
    ] {
        assert!(
            !ids.contains(&silent),
            "{silent} fired without brand posts: {ids:?}"
        );
        let status = statuses.iter().find(|s| s.id == silent).unwrap();
        assert_eq!(status.status, "not_checked");
        assert!(
            status.reason.as_deref().unwrap().contains(
                "check the brand handles (handles and brand_handles in incident.toml, or --brand)"
            ),
            "{status:?}"
        );
    }
    // The impostor is still recognised from the configured handle.
    assert!(ids.contains(&"impostor-accounts"), "{ids:?}");
}

#[test]
fn lessons_are_read_in_english_and_polish() {
    let english = casebook::lessons::parse(&fixture("lessons.en.md"));
    let kinds: Vec<&str> = english.sections.iter().map(|s| s.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "summary",
            "impact",
            "timeline",
            "root_causes",
            "went_well",
            "went_wrong",
            "lucky",
            "action_items"
        ]
    );
    let actions: Vec<(&str, Option<&str>)> = english
        .action_items
        .iter()
        .map(|a| (a.action.as_str(), a.status.as_deref()))
        .collect();
    assert_eq!(
        actions,
        [
            ("Pre-approve three holding statements", Some("in progress")),
            (
                "Add \"pause the scheduler\" to the crisis checklist",
                Some("done")
            ),
            ("Get the help account verified", Some("open")),
        ]
    );
    assert_eq!(
        english.action_items[0].owner.as_deref(),
        Some("Head of comms")
    );

    let polish = casebook::lessons::parse(&fixture("lessons.pl.md"));
    let kinds: Vec<&str> = polish.sections.iter().map(|s| s.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "summary",
            "went_well",
            "went_wrong",
            "root_causes",
            "action_items"
        ]
    );
    assert_eq!(polish.sections[2].heading, "Co poszło źle");
    assert_eq!(polish.action_items[0].due.as_deref(), Some("2026-04-15"));
}

fn casebook(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(args)
        .output()
        .expect("the casebook binary runs")
}

#[test]
fn init_scaffolds_a_folder_that_parses_and_refuses_to_overwrite() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("broken-guitar");
    let output = casebook(&[
        "init".as_ref(),
        dir.as_os_str(),
        "--lang".as_ref(),
        "it".as_ref(),
    ]);
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("incident.toml"), "{stdout}");

    let toml = std::fs::read_to_string(dir.join("incident.toml")).unwrap();
    let config = Config::from_toml(&toml, "incident.toml").unwrap();
    assert_eq!(config.report_language, Language::It);
    let lessons = std::fs::read_to_string(dir.join("lessons.md")).unwrap();
    assert!(lessons.contains("## Cosa è andato bene"), "{lessons}");
    assert!(std::fs::read_to_string(dir.join("exports/README.md"))
        .unwrap()
        .contains("I post e le risposte del brand"));
    assert!(
        toml.contains("## Lingua del report: en, it, es, pl."),
        "{toml}"
    );

    std::fs::write(dir.join("lessons.md"), "our own notes").unwrap();
    let again = casebook(&["init".as_ref(), dir.as_os_str()]);
    assert_eq!(again.status.code(), Some(1), "{again:?}");
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert!(stderr.contains("never overwrites"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.join("lessons.md")).unwrap(),
        "our own notes"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("incident.toml")).unwrap(),
        toml
    );
}

#[test]
fn init_rejects_an_unknown_language_as_a_usage_error() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("x");
    let output = casebook(&[
        "init".as_ref(),
        dir.as_os_str(),
        "--lang".as_ref(),
        "fr".as_ref(),
    ]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("expected one of en, it, es, pl"));
    assert!(!dir.exists(), "nothing created");
}

/// The rules on real analysis, not hand-set annotations: an export built here, read by the
/// binary. One mention an hour from 00:00, twenty an hour from 06:00 to 09:59 (the onset is
/// 06:00), one an hour again after. The brand posts a promotion at 06:20 and its "(2/2)" at
/// 06:21 (replying to its own post), then answers a customer's 06:05 complaint at 08:30.
/// slow-first-response: the reply, 2 h 30 min after the onset (over the 1 h target, under 3×):
/// a warning; the promotion's second part is not a response. posts-during-crisis: both parts
/// of the promotion replied to no one.
#[test]
fn own_thread_promotion_is_neither_a_response_nor_hidden_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let incident = dir.path().join("incident");
    std::fs::create_dir_all(incident.join("exports")).unwrap();
    std::fs::write(
        incident.join("incident.toml"),
        "handles = [\"SkywaysHelp\"]\nbucket = \"1h\"\n",
    )
    .unwrap();
    let mut csv = String::from("id,date,author,parent_id,text\n");
    let mut id = 100;
    for hour in 0..14 {
        let per_hour = if (6..10).contains(&hour) { 20 } else { 1 };
        for k in 0..per_hour {
            id += 1;
            let minute = k * 3 + if hour == 6 && k == 1 { 2 } else { 0 };
            csv.push_str(&format!(
                "{id},2026-03-12 {hour:02}:{minute:02},user{k},,My bag is lost again\n"
            ));
        }
    }
    // The quiet hours take ids 101–106 and 06:00 is 107: user1's 06:05 post, 108, is answered.
    csv.push_str("1,2026-03-12 06:20,SkywaysHelp,,(1/2) Spring fares are here\n");
    csv.push_str("2,2026-03-12 06:21,SkywaysHelp,1,(2/2) Book now at skyways.example\n");
    csv.push_str("3,2026-03-12 08:30,SkywaysHelp,108,Please send us your booking code\n");
    std::fs::write(incident.join("exports/x.csv"), csv).unwrap();
    let out = dir.path().join("out");
    let result = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["build", "--no-pdf", "-o"])
        .arg(&out)
        .arg(&incident)
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let metrics: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("metrics.json")).unwrap()).unwrap();
    assert_eq!(metrics["timeline"]["onset"], "2026-03-12T06:00:00Z");
    assert_eq!(
        metrics["response"]["first_response_at"],
        "2026-03-12T08:30:00Z"
    );
    assert_eq!(metrics["response"]["brand_replies"], 1);
    let finding = |id: &str| {
        metrics["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == id)
            .unwrap_or_else(|| panic!("no {id} in {}", metrics["findings"]))
            .clone()
    };
    let slow = finding("slow-first-response");
    assert_eq!(slow["severity"], "warning");
    assert!(
        slow["title"]
            .as_str()
            .unwrap()
            .contains("2\u{a0}h 30\u{a0}min"),
        "{}",
        slow["title"]
    );
    let posts = finding("posts-during-crisis");
    assert!(
        posts["title"]
            .as_str()
            .unwrap()
            .contains("2 posts that replied to no one"),
        "{}",
        posts["title"]
    );
}
