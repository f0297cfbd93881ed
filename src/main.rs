//! The `casebook` binary: parse the command line, dispatch, render errors, pick the exit code.

mod cli;

use std::io::Write;
use std::process::ExitCode;

use casebook::config::{Overrides, RowFilter};
use casebook::error::Error;
use casebook::pipeline::BuildOptions;
use clap::Parser;

/// mimalloc instead of the system allocator: ingest makes about ten small strings per mention
/// and the system allocator spent a tenth of a large build in malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
            // Several incidents of a library that cannot be built: an error line each.
            let errors: Vec<&Error> = match &e {
                Error::Incidents(errors) => errors.iter().collect(),
                one => vec![one],
            };
            for error in errors {
                let mut shown = error.to_string();
                let _ = writeln!(stderr, "error: {shown}");
                // Most messages already end with their cause's words ("…: No such file or
                // directory"): a cause is added only when it says something new.
                let mut source = std::error::Error::source(error);
                while let Some(cause) = source {
                    let said = cause.to_string();
                    if !shown.contains(&said) {
                        let _ = writeln!(stderr, "  caused by: {said}");
                        shown.push('\n');
                        shown.push_str(&said);
                    }
                    source = cause.source();
                }
            }
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

/// A path given to a flag must exist as what the flag wants: a typo is a usage error (exit 2),
/// like an unknown `--tz`, and is said before any export is read.
fn check_flag_path(
    flag: &str,
    path: Option<&std::path::Path>,
    folder: bool,
) -> casebook::Result<()> {
    let Some(path) = path else { return Ok(()) };
    let (fits, what) = if folder {
        (path.is_dir(), "a folder")
    } else {
        (path.is_file(), "a file")
    };
    if fits {
        return Ok(());
    }
    let found = if path.exists() {
        "something else"
    } else {
        "nothing"
    };
    Err(casebook::Error::Usage(format!(
        "{flag} {}: expected {what}, found {found} there",
        path.display()
    )))
}

fn run(cli: cli::Cli) -> casebook::Result<u8> {
    match cli.command {
        cli::Command::Build(args) => {
            check_flag_path("--columns", args.input.columns.as_deref(), false)?;
            check_flag_path("--templates", args.templates.as_deref(), true)?;
            build(args)
        }
        cli::Command::Inspect(args) => {
            check_flag_path("--columns", args.input.columns.as_deref(), false)?;
            let filter = row_filter(&args.input)?;
            let request = casebook::ingest::inspect::InspectRequest {
                paths: args.input.paths,
                format: args.input.format,
                columns: args.input.columns,
                tz: args.input.tz,
                brand: args.input.brand,
                filter,
                json: args.json,
            };
            casebook::ingest::inspect::run(&request, &mut std::io::stdout().lock())
        }
        cli::Command::Init(args) => init(args),
        cli::Command::Simulate(args) => simulate(args),
    }
}

fn overrides(input: &cli::InputArgs, lang: Option<String>) -> casebook::Result<Overrides> {
    Ok(Overrides {
        brand_handles: input.brand.clone(),
        timezone: input.tz.clone(),
        language: lang,
        filter: row_filter(input)?,
        ..Overrides::default()
    })
}

/// `--only COLUMN=VALUE`, repeated: a usage error when it is not one column's values.
fn row_filter(input: &cli::InputArgs) -> casebook::Result<Option<RowFilter>> {
    RowFilter::from_args(&input.only).map_err(|e| casebook::Error::Usage(e.to_string()))
}

fn build(args: cli::BuildArgs) -> casebook::Result<u8> {
    if let Some(format) = &args.input.format {
        casebook::ingest::check_format_name(format)?;
    }
    let mut overrides = overrides(&args.input, args.lang)?;
    overrides.bucket = args.bucket;
    overrides.sla = args.sla;
    let options = BuildOptions {
        overrides,
        format: args.input.format.clone(),
        columns_file: args.input.columns.clone(),
        output: args.output,
        anonymize: args.anonymize,
        templates_dir: args.templates,
        pdf: !args.no_pdf,
    };
    let built = casebook::pipeline::build(&args.input.paths, &options)?;
    let mut stdout = std::io::stdout().lock();
    for incident in &built.incidents {
        let r = incident.rows;
        let _ = writeln!(
            stdout,
            "{}: {} mentions used of {} rows read ({} duplicate, {} outside the window, {}{} rejected), {} findings from {} of {} rules checked -> {}",
            incident.title,
            r.used,
            r.read,
            r.duplicate,
            r.out_of_window,
            // Named only when a filter left rows out: most incidents have none.
            match r.filtered_out {
                0 => String::new(),
                n => format!("{n} filtered out, "),
            },
            r.rejected,
            incident.findings,
            incident.rules_checked,
            incident.rules,
            incident.dir.display()
        );
    }
    if let Some(library) = &built.library {
        let _ = writeln!(
            stdout,
            "library of {} incidents -> {}",
            built.incidents.len(),
            library.display()
        );
    }
    if let Some((previous, error)) = &built.previous_kept {
        eprintln!(
            "warning: the new report is complete, but the previous one, moved aside to {}, \
             could not be removed ({error}): delete that folder by hand",
            previous.display()
        );
    }
    Ok(0)
}

/// `casebook init DIR [--lang LANG]`: scaffold an incident folder.
fn init(args: cli::InitArgs) -> casebook::Result<u8> {
    let language: casebook::model::Language = args.lang.parse().map_err(|_| {
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

/// `casebook simulate`: write a fictional incident as a real export format.
fn simulate(args: cli::SimulateArgs) -> casebook::Result<u8> {
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
    let (from, to) = (time("from", args.from)?, time("to", args.to)?);
    if let (Some(from), Some(to)) = (from, to) {
        if from >= to {
            return Err(casebook::Error::Usage(format!(
                "--from {from} is not before --to {to}: the export would be empty"
            )));
        }
    }
    let options = SimulateOptions {
        format: args.format.parse()?,
        mentions: args.mentions,
        seed: args.seed,
        from,
        to,
    };
    let summary = simulate_to_file(&options, &args.output, args.force)?;
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
