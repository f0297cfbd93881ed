//! The floor for `casebook build`: the time the csv crate alone needs to parse an export on one
//! core, reusing one `ByteRecord` and only counting records. Nothing casebook does can be faster.
//!
//! Usage: `cargo run --release --example parse_floor -- FILE.csv`

use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: parse_floor FILE.csv");
        return ExitCode::from(2);
    };
    let started = Instant::now();
    let mut reader = match csv::ReaderBuilder::new().flexible(true).from_path(&path) {
        Ok(reader) => reader,
        Err(e) => {
            eprintln!("{}: {e}", path.to_string_lossy());
            return ExitCode::from(1);
        }
    };
    let mut record = csv::ByteRecord::new();
    let mut records: u64 = 0;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => records += 1,
            Ok(false) => break,
            Err(e) => {
                eprintln!("{}: {e}", path.to_string_lossy());
                return ExitCode::from(1);
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let bytes = reader.position().byte();
    println!(
        "{records} records, {:.1} MB in {seconds:.3} s: {:.0} records/s, {:.0} MB/s",
        bytes as f64 / 1e6,
        records as f64 / seconds,
        bytes as f64 / 1e6 / seconds
    );
    ExitCode::SUCCESS
}
