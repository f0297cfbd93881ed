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
        cli::Command::Init(args) => init(args),
        other => {
            let _ = other;
            Ok(0)
        }
    }
}

/// `casebook init DIR [--lang LANG]`: scaffold an incident folder.
fn init(args: cli::InitArgs) -> casebook::Result<u8> {
    let language: casebook::config::ReportLanguage = args.lang.parse().map_err(|_| {
        casebook::Error::Usage(format!(
            "--lang {:?}: expected one of en, it, es, pl",
            args.lang
        ))
    })?;
    let files = casebook::init::scaffold(&args.dir, language)?;
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "Created {}:", args.dir.display());
    for file in &files {
        let _ = writeln!(stdout, "  {}", file.display());
    }
    let _ = writeln!(
        stdout,
        "Next: put the exports in {}, fill in incident.toml (the brand handles first), then run \
         casebook build {} -o OUT",
        args.dir.join("exports").display(),
        args.dir.display()
    );
    Ok(0)
}
