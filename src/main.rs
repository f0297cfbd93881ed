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
        cli::Command::Inspect(args) => {
            let request = casebook::ingest::inspect::InspectRequest {
                paths: args.input.paths,
                format: args.input.format,
                columns: args.input.columns,
                tz: args.input.tz,
                brand: args.input.brand,
                json: args.json,
            };
            casebook::ingest::inspect::run(&request, &mut std::io::stdout().lock())
        }
        _ => Ok(0),
    }
}
