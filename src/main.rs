//! The `casebook` binary: parse the command line, dispatch, render errors, pick the exit code.

mod cli;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help/version to stdout (exit 0) and usage errors to stderr (exit 2).
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "error: {e}");
            let mut source = std::error::Error::source(&e);
            while let Some(cause) = source {
                let _ = writeln!(stderr, "  caused by: {cause}");
                source = cause.source();
            }
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

fn run(cli: cli::Cli) -> casebook::Result<u8> {
    match cli.command {
        cli::Command::Simulate(args) => {
            use casebook::simulate::{simulate_to_file, SimulateOptions};
            let time = |flag: &str, value: Option<String>| {
                value
                    .map(|v| {
                        v.parse::<jiff::Timestamp>().map_err(|_| {
                            casebook::Error::Usage(format!(
                                "--{flag} {v:?} is not a time like 2026-03-12T00:00:00Z"
                            ))
                        })
                    })
                    .transpose()
            };
            if args.mentions == 0 {
                return Err(casebook::Error::Usage(
                    "--mentions must be at least 1".into(),
                ));
            }
            let options = SimulateOptions {
                format: args.format.parse()?,
                mentions: args.mentions,
                seed: args.seed,
                from: time("from", args.from)?,
                to: time("to", args.to)?,
            };
            let summary = simulate_to_file(&options, &args.output)?;
            let span = match (summary.first, summary.last) {
                (Some(first), Some(last)) => format!(", {first} to {last}"),
                _ => String::new(),
            };
            println!(
                "{}: {} rows ({} duplicated) of a {}-mention incident{span}",
                args.output.display(),
                summary.rows,
                summary.duplicates,
                summary.mentions,
            );
            Ok(0)
        }
        _ => Ok(0),
    }
}
