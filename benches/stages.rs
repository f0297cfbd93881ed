//! The ingest, analysis and findings stages on one simulated twarc-csv export, each measured
//! alone (`scripts/bench.sh` times the whole process on large exports).

use casebook::analysis::analyze;
use casebook::config::Config;
use casebook::findings::evaluate;
use casebook::ingest::{ingest, IngestOptions};
use casebook::simulate::{simulate_to_file, ExportFormat, SimulateOptions};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const MENTIONS: u64 = 50_000;

fn stages(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("twarc.csv");
    let summary = simulate_to_file(
        &SimulateOptions::new(ExportFormat::TwarcCsv, MENTIONS, 1),
        &path,
        false,
    )
    .expect("simulating the export");
    let bytes = std::fs::metadata(&path).expect("the export").len();
    let config = Config::from_toml(
        "handles = [\"SkywaysAir\", \"SkywaysHelp\"]\ntimezone = \"Europe/Rome\"",
        "bench",
    )
    .expect("a valid configuration");
    let exports = vec![path];
    let options = IngestOptions::default();

    let mut group = c.benchmark_group("stages");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("ingest", |b| {
        b.iter(|| ingest(&exports, &config, &options).expect("ingest"))
    });
    let ingested = ingest(&exports, &config, &options).expect("ingest");
    group.throughput(Throughput::Elements(summary.rows));
    group.bench_function("analysis", |b| {
        b.iter(|| analyze(&ingested.mentions, &config))
    });
    let analysis = analyze(&ingested.mentions, &config);
    group.bench_function("findings", |b| {
        b.iter(|| evaluate(&ingested.mentions, &analysis, &config))
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
