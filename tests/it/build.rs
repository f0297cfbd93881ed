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

fn build_metrics(name: &str) -> Value {
    let out = tempfile::tempdir().unwrap();
    let result = casebook(&[
        "build",
        fixture(name).to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
        "--no-pdf",
    ]);
    assert!(
        result.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&result.stderr)
    );
    let text = std::fs::read_to_string(out.path().join("metrics.json")).unwrap();
    serde_json::from_str(&text).unwrap()
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
    assert!(m["definitions_version"].as_u64().unwrap() >= 1);
}

#[test]
fn build_writes_every_view_and_nothing_else() {
    let out = tempfile::tempdir().unwrap();
    let result = casebook(&[
        "build",
        fixture("support-desk").to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
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
}

#[test]
fn a_failed_build_leaves_no_report_behind() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("report");
    let missing = out.path().join("no-such-folder");
    let result = casebook(&[
        "build",
        missing.to_str().unwrap(),
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(1));
    assert!(!target.exists());
}

#[test]
fn usage_errors_exit_2() {
    let result = casebook(&["build"]);
    assert_eq!(result.status.code(), Some(2));
    let result = casebook(&["frobnicate"]);
    assert_eq!(result.status.code(), Some(2));
}
