//! `casebook inspect`: how casebook reads each export — format, encoding, delimiter, header,
//! column mapping, row accounting, time range and the first rejected rows — as text or JSON.

use std::io::Write;
use std::path::PathBuf;

use serde_json::{json, Value};

use super::{check_format_name, discover, load_config, read_all, IngestOptions};
use crate::config::{Overrides, RowFilter};
use crate::error::Error;
use crate::model::{FileReport, RowAccounting, UnreadFile};

/// The command line of `inspect`, as plain data.
#[derive(Debug, Clone, Default)]
pub struct InspectRequest {
    pub paths: Vec<PathBuf>,
    pub format: Option<String>,
    pub columns: Option<PathBuf>,
    pub tz: Option<String>,
    pub brand: Vec<String>,
    /// `--only COLUMN=VALUE`.
    pub filter: Option<RowFilter>,
    pub json: bool,
}

/// Everything `inspect` found, over every incident named on the command line.
struct Findings {
    files: Vec<FileReport>,
    /// Files beside the exports that look like data but are not read.
    unread: Vec<UnreadFile>,
    total: RowAccounting,
    errors: Vec<String>,
}

/// Runs `inspect`, writing the report to `out`. Returns the exit code: 0 when every file is
/// usable, 1 when a file is unusable or nothing usable is left.
pub fn run(request: &InspectRequest, out: &mut dyn Write) -> Result<u8, Error> {
    if let Some(name) = &request.format {
        check_format_name(name)?;
    }
    let incidents = discover(&request.paths, None)?;
    let overrides = Overrides {
        brand_handles: request.brand.clone(),
        timezone: request.tz.clone(),
        filter: request.filter.clone(),
        ..Overrides::default()
    };
    let options = IngestOptions {
        format: request.format.clone(),
        progress: true,
    };
    let mut findings = Findings {
        files: Vec::new(),
        unread: Vec::new(),
        total: RowAccounting::default(),
        errors: Vec::new(),
    };
    for incident in &incidents {
        let config = load_config(incident, &overrides, request.columns.as_deref())?;
        let reading = read_all(&incident.exports, &config, &options);
        findings
            .errors
            .extend(reading.failures.iter().map(ToString::to_string));
        findings
            .errors
            .extend(reading.problems().iter().map(ToString::to_string));
        findings.total.add(&reading.ingested.total);
        findings.files.extend(reading.ingested.files);
        findings.unread.extend(incident.unread.iter().cloned());
    }
    let written = if request.json {
        let text = serde_json::to_string_pretty(&to_json(&findings))
            .map_err(|e| Error::Usage(e.to_string()))?;
        writeln!(out, "{text}")
    } else {
        write_text(&findings, out)
    };
    written.map_err(|e| Error::io("<stdout>", e))?;
    if findings.errors.is_empty() {
        Ok(0)
    } else {
        let mut stderr = std::io::stderr().lock();
        for error in &findings.errors {
            let _ = writeln!(stderr, "error: {error}");
        }
        Ok(1)
    }
}

fn rows_json(rows: &RowAccounting) -> Value {
    json!({
        "read": rows.read,
        "used": rows.used,
        "duplicate": rows.duplicate,
        "out_of_window": rows.out_of_window,
        "filtered_out": rows.filtered_out,
        "rejected": rows.rejected,
    })
}

fn to_json(findings: &Findings) -> Value {
    let files: Vec<Value> = findings
        .files
        .iter()
        .map(|f| {
            let mut file = json!({
                "path": f.path,
                "format": f.format,
                "encoding": f.encoding,
                "delimiter": f.delimiter.replace("\\t", "\t"),
                "header_line": f.header_line,
                "columns": f.columns,
                "columns_also": f.columns_also,
                "unused_columns": f.unused_columns,
                "rows": rows_json(&f.rows),
                "first": f.first.map(|t| t.to_string()),
                "last": f.last.map(|t| t.to_string()),
                "rejected_examples": f.rejected_examples.iter().map(|r| json!({"line": r.line, "reason": r.reason})).collect::<Vec<_>>(),
                "warnings": f.warnings,
            });
            // As metrics.json writes it: no key for no other columns.
            if f.columns_also.is_empty() {
                if let Some(file) = file.as_object_mut() {
                    file.remove("columns_also");
                }
            }
            file
        })
        .collect();
    json!({
        "files": files,
        "unread_files": findings.unread,
        "total": { "rows": rows_json(&findings.total) },
        "errors": findings.errors,
    })
}

fn rows_text(rows: &RowAccounting) -> String {
    // Rows left out by a filter are named only when there are some: most incidents have none.
    let filtered = match rows.filtered_out {
        0 => String::new(),
        n => format!(" + filtered out {n}"),
    };
    format!(
        "read {} = used {} + duplicate {} + out of window {}{filtered} + rejected {}",
        rows.read, rows.used, rows.duplicate, rows.out_of_window, rows.rejected
    )
}

fn write_text(findings: &Findings, out: &mut dyn Write) -> std::io::Result<()> {
    for f in &findings.files {
        writeln!(out, "{}", f.path)?;
        let how = if f.format_detected {
            "detected"
        } else {
            "from --format"
        };
        match super::presets::preset_by_name(&f.format) {
            Some(preset) => writeln!(out, "  format       {} ({how}): {}", f.format, preset.tool)?,
            None => writeln!(out, "  format       {} ({how})", f.format)?,
        }
        writeln!(out, "  encoding     {}", f.encoding)?;
        writeln!(out, "  delimiter    {}", f.delimiter)?;
        writeln!(out, "  header line  {}", f.header_line)?;
        let mut first = true;
        for (field, column) in &f.columns {
            let label = if first {
                "  columns      "
            } else {
                "               "
            };
            match f.columns_also.get(field) {
                Some(also) => writeln!(out, "{label}{field} ← {column}, then {}", also.join(", "))?,
                None => writeln!(out, "{label}{field} ← {column}")?,
            }
            first = false;
        }
        if !f.unused_columns.is_empty() {
            writeln!(out, "  unused       {}", f.unused_columns.join(", "))?;
        }
        writeln!(out, "  rows         {}", rows_text(&f.rows))?;
        if let (Some(a), Some(b)) = (f.first, f.last) {
            writeln!(out, "  time range   {a} → {b}")?;
        }
        for warning in &f.warnings {
            writeln!(out, "  warning      {warning}")?;
        }
        for reason in &f.rejection_reasons {
            writeln!(out, "  rejected     {} × {}", reason.count, reason.reason)?;
        }
        for r in &f.rejected_examples {
            writeln!(out, "    {}:{}: {}", f.path, r.line, r.reason)?;
        }
        writeln!(out)?;
    }
    for u in &findings.unread {
        writeln!(out, "not read: {} ({})", u.path, u.kind.english())?;
    }
    writeln!(out, "total: {}", rows_text(&findings.total))
}
