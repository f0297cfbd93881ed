//! The floor: parsing a simulated twarc-csv export with the csv crate alone, one `ByteRecord`
//! reused, counting records. Ingest can only approach this; compare its benchmark with this one.

use casebook::simulate::{simulate, ExportFormat, SimulateOptions};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const MENTIONS: u64 = 50_000;

fn parse_floor(c: &mut Criterion) {
    let mut export = Vec::new();
    simulate(
        &SimulateOptions::new(ExportFormat::TwarcCsv, MENTIONS, 1),
        &mut export,
    )
    .expect("writing to memory");
    let mut group = c.benchmark_group("parse_floor");
    group.sample_size(20);
    group.throughput(Throughput::Bytes(export.len() as u64));
    group.bench_function("csv-byte-records", |b| {
        b.iter(|| {
            let mut reader = csv::Reader::from_reader(export.as_slice());
            let mut record = csv::ByteRecord::new();
            let mut records = 0u64;
            while reader
                .read_byte_record(&mut record)
                .expect("simulated CSV is valid")
            {
                records += 1;
            }
            records
        })
    });
    group.finish();
}

criterion_group!(benches, parse_floor);
criterion_main!(benches);
