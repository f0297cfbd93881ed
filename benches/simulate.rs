//! How fast the simulator writes each export format (into memory, so disk speed does not count).

use casebook::simulate::{simulate, ExportFormat, SimulateOptions};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const MENTIONS: u64 = 20_000;

fn simulate_formats(c: &mut Criterion) {
    let mut group = c.benchmark_group("simulate");
    group.sample_size(10);
    group.throughput(Throughput::Elements(MENTIONS));
    for (name, format) in [
        ("twarc-csv", ExportFormat::TwarcCsv),
        ("brandwatch", ExportFormat::Brandwatch),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut out = Vec::with_capacity(16 << 20);
                simulate(&SimulateOptions::new(format, MENTIONS, 1), &mut out)
                    .expect("writing to memory");
                out.len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, simulate_formats);
criterion_main!(benches);
