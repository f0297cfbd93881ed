//! `casebook build` end to end on small fixture incidents whose figures are computed by hand.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/build")
        .join(name)
}

fn casebook(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(args)
        .output()
        .expect("the casebook binary runs")
}

/// Runs `casebook build INPUT -o OUT`, checks that it failed with exit code 1 and wrote no
/// report, and returns what it said.
fn build_fails(input: &Path, out: &Path) -> String {
    let result = casebook(&[
        "build",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(1));
    assert!(!out.exists());
    String::from_utf8_lossy(&result.stderr).into_owned()
}

/// Runs `casebook build INPUT -o OUT` with `extra` arguments and checks that it succeeded.
fn build_ok(input: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "build",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let result = casebook(&args);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
}

fn build_metrics(name: &str) -> Value {
    build_metrics_of(&fixture(name))
}

/// Hand computation for `support-desk/support.csv` (twcs layout, brand = SkywaysHelp):
/// 10 data rows: 8 used, 1 duplicate (tweet 1 repeated), 1 rejected (tweet 9, bad date).
/// Actionable: tweets 1–4 (customers). Answered: 1 (earliest reply 5 at +300 s; reply 8 later
/// is ignored), 2 (reply 6 at +1800 s), 3 (reply 7 at +4200 s). Tweet 4 unanswered.
/// rate = 3/4; times [300, 1800, 4200]: min 300, median 1800, mean 2100, max 4200,
/// p90 = 1800 + 0.8 × (4200 − 1800) = 3720 (linear interpolation, position 0.9 × 2 = 1.8);
/// within the 1 h SLA: 300 and 1800 → 2/3.
#[test]
fn support_desk_figures_match_the_hand_computation() {
    let m = build_metrics("support-desk");
    assert_eq!(m["rows"]["read"], 10);
    assert_eq!(m["rows"]["used"], 8);
    assert_eq!(m["rows"]["duplicate"], 1);
    assert_eq!(m["rows"]["out_of_window"], 0);
    assert_eq!(m["rows"]["rejected"], 1);

    let r = &m["response"];
    assert_eq!(r["actionable"], 4);
    assert_eq!(r["answered"], 3);
    assert_eq!(r["rate"].as_f64().unwrap(), 0.75);
    assert_eq!(r["min_seconds"].as_f64().unwrap(), 300.0);
    assert_eq!(r["median_seconds"].as_f64().unwrap(), 1800.0);
    assert_eq!(r["mean_seconds"].as_f64().unwrap(), 2100.0);
    assert_eq!(r["max_seconds"].as_f64().unwrap(), 4200.0);
    assert!((r["p90_seconds"].as_f64().unwrap() - 3720.0).abs() < 1e-9);
    assert_eq!(r["sla_seconds"], 3600);
    assert!((r["within_sla_share"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(r["first_response_at"], "2026-03-10T10:05:00Z");

    assert_eq!(m["timeline"]["first"], "2026-03-10T10:00:00Z");
    assert_eq!(m["timeline"]["last"], "2026-03-10T11:30:00Z");
    // The version metrics.json states is the one docs/metrics.md defines, and lists changes of.
    let version = m["definitions_version"].as_u64().unwrap();
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/metrics.md"))
            .unwrap();
    assert!(
        docs.contains(&format!("Definitions version: **{version}**"))
            && docs.contains(&format!("\n- **{version}** (")),
        "docs/metrics.md does not define version {version}"
    );
}

#[test]
fn build_writes_every_view_and_nothing_else() {
    let out = tempfile::tempdir().unwrap();
    build_ok(&fixture("support-desk"), out.path(), &[]);
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["index.html", "metrics.json", "report.pdf", "timeline.csv"]
    );
    let csv = std::fs::read_to_string(out.path().join("timeline.csv")).unwrap();
    assert!(csv.starts_with("bucket_start_utc,"));
    let counted: u64 = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(3).unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(counted, 8, "every used mention falls in exactly one bucket");
    // A twcs export has neither reach nor followers: its reach is unknown, not zero.
    for line in csv.lines().skip(1) {
        assert!(line.ends_with(",,"), "reach columns not empty: {line}");
    }
}

/// An export left as a spreadsheet or compressed beside the CSV ones is not read, and the
/// report says so with what to do: the team would otherwise believe its rows counted.
#[test]
fn files_that_look_like_data_but_are_not_read_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let incident = dir.path().join("incident");
    std::fs::create_dir(&incident).unwrap();
    std::fs::copy(
        fixture("support-desk").join("support.csv"),
        incident.join("support.csv"),
    )
    .unwrap();
    std::fs::write(incident.join("march.xlsx"), b"PK\x03\x04").unwrap();
    std::fs::write(incident.join("april.csv.gz"), b"\x1f\x8b").unwrap();
    std::fs::write(incident.join("screenshot.png"), b"\x89PNG").unwrap();
    std::fs::write(incident.join(".hidden.xlsx"), b"PK").unwrap();
    let out = dir.path().join("out");
    build_ok(&incident, &out, &["--no-pdf", "--brand", "SkywaysHelp"]);
    let metrics: Value =
        serde_json::from_slice(&std::fs::read(out.join("metrics.json")).unwrap()).unwrap();
    assert_eq!(
        metrics["unread_files"],
        serde_json::json!([
            {"path": "april.csv.gz", "kind": "compressed"},
            {"path": "march.xlsx", "kind": "spreadsheet"}
        ])
    );
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    // No incident.toml names the brand: its account from --brand does.
    assert!(html.contains("<p class=\"eyebrow\">Post-incident case study · @SkywaysHelp</p>"));
    assert!(
        html.contains("not read: april.csv.gz (compressed: unpack it to have it read); march.xlsx (a spreadsheet: save it as CSV UTF-8 to have it read)."),
        "{}",
        html.lines().filter(|l| l.contains("not read")).collect::<Vec<_>>().join("\n")
    );
}

/// Files in an incident folder that are no exports (a binary saved as .csv, notes as .txt)
/// stop the build, every one of them named at once with what to do, and nothing is written.
#[test]
fn files_that_are_no_exports_are_all_named_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let incident = dir.path().join("incident");
    std::fs::create_dir(&incident).unwrap();
    std::fs::write(
        incident.join("mentions.csv"),
        "id,created_at,text\n1,2026-03-12T10:00:00Z,hello\n",
    )
    .unwrap();
    std::fs::write(incident.join("chart.csv"), b"\x89PNG\r\n\x1a\n\0\0binary").unwrap();
    std::fs::write(
        incident.join("notes.txt"),
        "Call the CEO at 10\nThen the press\n",
    )
    .unwrap();
    let stderr = build_fails(&incident, &dir.path().join("report"));
    assert!(
        stderr.starts_with("error: 2 files cannot be read:\n"),
        "{stderr}"
    );
    for name in ["chart.csv", "notes.txt"] {
        let line = stderr
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} is not named: {stderr}"));
        assert!(
            line.ends_with("move it out of the incident folder or rename it (every .csv, .tsv and .txt file there is read as one)"),
            "{line}"
        );
    }
}

/// A flag's path that is not there is a usage error (exit 2), as an unknown `--tz` is, and it
/// is said before any export is read.
#[test]
fn a_flag_naming_a_missing_path_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let nowhere = dir.path().join("nowhere");
    let target = dir.path().join("report");
    for (command, flag) in [
        ("build", "--columns"),
        ("build", "--templates"),
        ("inspect", "--columns"),
    ] {
        let mut args = vec![
            command,
            sample.to_str().unwrap(),
            flag,
            nowhere.to_str().unwrap(),
        ];
        if command == "build" {
            args.extend(["-o", target.to_str().unwrap()]);
        }
        let result = casebook(&args);
        assert_eq!(result.status.code(), Some(2), "{command} {flag}");
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(
            stderr.starts_with(&format!("error: {flag} {}: expected", nowhere.display())),
            "{stderr}"
        );
        assert!(!target.exists());
    }
}

#[test]
fn a_failed_build_leaves_no_report_behind() {
    let out = tempfile::tempdir().unwrap();
    let missing = out.path().join("no-such-folder");
    let stderr = build_fails(&missing, &out.path().join("report"));
    // The message names the path and says why once, not again as its own cause.
    assert!(
        stderr.starts_with(&format!("error: {}: ", missing.display())),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

/// Texts beyond the first few megabytes go to a temporary file (see `model::texts`): when it
/// cannot be written, the build stops with a message naming the folder, and writes nothing.
#[test]
fn a_build_that_cannot_keep_its_texts_fails_whole_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("id,date,author,text\n");
    // 2,000 different texts of 3 KB: more than the texts kept in memory.
    for i in 0..2000 {
        let words = format!("lost bag number {i} ").repeat(150);
        csv.push_str(&format!(
            "{i},2026-03-10T10:{:02}:00Z,user{i},{words}\n",
            i % 60
        ));
    }
    let export = dir.path().join("mentions.csv");
    std::fs::write(&export, csv).unwrap();
    let target = dir.path().join("report");
    let nowhere = dir.path().join("no-such-folder");
    let build = || {
        Command::new(env!("CARGO_BIN_EXE_casebook"))
            .args(["build", export.to_str().unwrap(), "-o"])
            .arg(&target)
            .arg("--no-pdf")
            .env("TMPDIR", &nowhere)
            .output()
            .unwrap()
    };
    let result = build();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("temporary file") && stderr.contains("no-such-folder"),
        "{stderr}"
    );
    assert!(stderr.contains("TMPDIR"), "{stderr}");
    assert!(!target.exists());
    // The same export builds when the folder exists.
    std::fs::create_dir(&nowhere).unwrap();
    let result = build();
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let m: Value =
        serde_json::from_slice(&std::fs::read(target.join("metrics.json")).unwrap()).unwrap();
    assert_eq!(m["rows"]["used"], 2000);
}

/// `--only` keeps American's rows of the airline extract (2 used, 2 duplicates) and counts
/// Virgin America's 4 as filtered out: in the command's line, `metrics.json` and the
/// appendix, which gains the column only because a filter was set. A flag that is not
/// COLUMN=VALUE is a usage error.
#[test]
fn only_keeps_one_brands_rows_and_every_view_counts_the_rest() {
    let airline = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest/airline.csv");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let result = casebook(&[
        "build",
        airline.to_str().unwrap(),
        "--only",
        "airline=american",
        "--no-pdf",
        "-o",
        out.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(
        stdout.contains("2 mentions used of 8 rows read (2 duplicate, 0 outside the window, 4 filtered out, 0 rejected)"),
        "{stdout}"
    );
    let m: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("metrics.json")).unwrap()).unwrap();
    assert_eq!(m["rows"]["filtered_out"], 4);
    assert_eq!(m["config"]["filter"]["values"][0], "american");
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("Filtered out"));
    assert!(
        html.contains("The filter left out 4 rows of this file"),
        "{html}"
    );

    let plain = dir.path().join("plain");
    build_ok(&airline, &plain, &["--no-pdf"]);
    let html = std::fs::read_to_string(plain.join("index.html")).unwrap();
    assert!(!html.contains("Filtered out"));

    let result = casebook(&[
        "build",
        airline.to_str().unwrap(),
        "--only",
        "airline",
        "-o",
        "x",
    ]);
    assert_eq!(result.status.code(), Some(2));
}

#[test]
fn usage_errors_exit_2() {
    let result = casebook(&["build"]);
    assert_eq!(result.status.code(), Some(2));
    let result = casebook(&["frobnicate"]);
    assert_eq!(result.status.code(), Some(2));
}

fn sample_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data")
}

/// The keys scripts rely on (issue "Reconstruct the incident's timeline", output contract).
#[test]
fn metrics_json_keeps_its_output_contract_on_the_sample_incident() {
    let m = build_metrics_of(&sample_data());
    let paths = [
        "/definitions_version",
        "/rows/read",
        "/rows/used",
        "/rows/duplicate",
        "/rows/out_of_window",
        "/rows/filtered_out",
        "/rows/rejected",
        "/timeline/first",
        "/timeline/last",
        "/timeline/bucket_seconds",
        "/timeline/onset",
        "/timeline/peak/start",
        "/timeline/peak/count",
        "/timeline/end",
        "/reach/potential",
        "/reach/unique",
        "/reach/engagement/likes",
        "/reach/engagement/shares",
        "/reach/engagement/comments",
        "/response/actionable",
        "/response/answered",
        "/response/rate",
        "/response/min_seconds",
        "/response/median_seconds",
        "/response/mean_seconds",
        "/response/p90_seconds",
        "/response/max_seconds",
        "/response/sla_seconds",
        "/response/within_sla_share",
        "/response/first_response_at",
        "/sentiment/source",
        "/sentiment/negative_share",
        "/topics/hashtags/0/tag",
        "/topics/hashtags/0/count",
        "/findings/0/id",
        "/findings/0/severity",
        "/findings/0/title",
        "/findings/0/evidence",
        "/findings/0/recommendation",
        "/action_items/0/action",
    ];
    for path in paths {
        let value = m.pointer(path);
        assert!(
            value.is_some_and(|v| !v.is_null()),
            "{path} is missing or null in metrics.json"
        );
    }
    let rows = &m["rows"];
    let sum: u64 = [
        "used",
        "duplicate",
        "out_of_window",
        "filtered_out",
        "rejected",
    ]
    .iter()
    .map(|k| rows[k].as_u64().unwrap())
    .sum();
    assert_eq!(rows["read"].as_u64().unwrap(), sum);
    for t in [
        "/timeline/first",
        "/timeline/onset",
        "/response/first_response_at",
    ] {
        let text = m.pointer(t).unwrap().as_str().unwrap();
        assert!(text.ends_with('Z'), "{t} = {text} is not RFC 3339 UTC");
    }
}

/// The sample incident is built to teach three lessons; the findings must name them.
#[test]
fn the_sample_incident_triggers_the_lessons_it_was_built_for() {
    let m = build_metrics_of(&sample_data());
    let ids: Vec<&str> = m["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    for expected in [
        "slow-first-response",
        "posts-during-crisis",
        "impostor-accounts",
    ] {
        assert!(ids.contains(&expected), "{expected} not in {ids:?}");
    }
    let impostor = m["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "impostor-accounts")
        .unwrap();
    assert!(impostor["title"].as_str().unwrap().contains("SkywaysHe1p"));
}

fn build_metrics_of(dir: &Path) -> Value {
    let out = tempfile::tempdir().unwrap();
    build_ok(dir, out.path(), &["--no-pdf"]);
    serde_json::from_str(&std::fs::read_to_string(out.path().join("metrics.json")).unwrap())
        .unwrap()
}

/// Several incident folders: each built into OUT/<slug>/, plus a library page linking them.
#[test]
fn a_folder_of_incidents_builds_each_and_a_library_page() {
    let root = tempfile::tempdir().unwrap();
    for (name, source) in [("guitar", sample_data()), ("desk", fixture("support-desk"))] {
        let dir = root.path().join(name);
        copy_dir(&source, &dir);
    }
    let out = tempfile::tempdir().unwrap();
    build_ok(root.path(), out.path(), &["--no-pdf"]);
    for slug in ["skyways-broke-my-guitar", "support-desk-hand-computed"] {
        assert!(
            out.path().join(slug).join("index.html").is_file(),
            "{slug}/index.html missing"
        );
        assert!(out.path().join(slug).join("metrics.json").is_file());
    }
    // Tera escapes `/` in attributes as `&#x2F;`, which a browser decodes back.
    let library = std::fs::read_to_string(out.path().join("index.html"))
        .unwrap()
        .replace("&#x2F;", "/");
    assert!(library.contains("href=\"skyways-broke-my-guitar/index.html\""));
    assert!(library.contains("href=\"support-desk-hand-computed/index.html\""));
}

/// An incident of several that cannot be built is named in the error: "no usable mentions are
/// left" alone did not say which of them had its window set wrong.
#[test]
fn an_incident_of_several_that_fails_is_named() {
    let root = tempfile::tempdir().unwrap();
    copy_dir(&fixture("support-desk"), &root.path().join("alpha"));
    let beta = root.path().join("beta");
    copy_dir(&fixture("support-desk"), &beta);
    let toml = std::fs::read_to_string(beta.join("incident.toml")).unwrap();
    std::fs::write(
        beta.join("incident.toml"),
        format!("start = \"2030-01-01T00:00:00Z\"\n{toml}"),
    )
    .unwrap();
    let out = root.path().join("out");
    let said = build_fails(root.path(), &out);
    assert!(
        said.contains(&format!("incident {}: ", beta.display()))
            && said.contains("no usable mentions are left"),
        "{said}"
    );
    // Two broken incidents: both named in one run, an error line each.
    let gamma = root.path().join("gamma");
    copy_dir(&beta, &gamma);
    let said = build_fails(root.path(), &out);
    let lines: Vec<&str> = said.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(lines.len(), 2, "{said}");
    assert!(
        lines[0].starts_with(&format!("error: incident {}: ", beta.display()))
            && lines[1].starts_with(&format!("error: incident {}: ", gamma.display())),
        "{said}"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The appendix words why rows were rejected in the report's language; `metrics.json` keeps
/// the English text scripts read.
#[test]
fn rejected_rows_are_explained_in_the_report_language() {
    let out = tempfile::tempdir().unwrap();
    build_ok(
        &fixture("support-desk"),
        out.path(),
        &["--no-pdf", "--lang", "it"],
    );
    let html = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(html.contains("<td>Data illeggibile</td>"), "reason group");
    assert!(
        html.contains("Data illeggibile «not a date» nella colonna «created_at»: indicane il formato in incident.toml"),
        "rejected row"
    );
    assert!(!html.contains("unreadable time"), "no English left");
    let metrics: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("metrics.json")).unwrap())
            .unwrap();
    let file = &metrics["files"][0];
    assert_eq!(file["rejection_reasons"][0]["reason"], "unreadable time");
    assert_eq!(file["rejected_examples"][0]["line"], 11);
    assert!(file["rejected_examples"][0]["reason"]
        .as_str()
        .unwrap()
        .starts_with("unreadable time \"not a date\" in column \"created_at\""));
}

/// A report is shared as one file: it names the exports as they sit in the incident, not where
/// the builder keeps the incident.
#[test]
fn exports_are_named_inside_the_incident() {
    let out = tempfile::tempdir().unwrap();
    build_ok(&fixture("support-desk"), out.path(), &["--no-pdf"]);
    let metrics: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("metrics.json")).unwrap())
            .unwrap();
    assert_eq!(metrics["files"][0]["path"], "support.csv");
    let html = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    let folder = fixture("support-desk");
    assert!(!html.contains(folder.to_str().unwrap()));

    let single = fixture("support-desk").join("support.csv");
    build_ok(&single, out.path(), &["--no-pdf"]);
    let metrics: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("metrics.json")).unwrap())
            .unwrap();
    assert_eq!(metrics["files"][0]["path"], "support.csv");
}

#[test]
fn an_output_that_is_a_file_is_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.html");
    std::fs::write(&file, "keep me").unwrap();
    let result = casebook(&[
        "build",
        fixture("support-desk").to_str().unwrap(),
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("the output (-o) is a file"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
}
