//! The HTML pages, rendered with tera. Built-in templates are compiled in; a `--templates DIR`
//! replaces any of them by file name. Autoescaping is on for every `.html` template: the only
//! unescaped values are the charts' SVG (drawn here, text escaped by the SVG backend) and the
//! lessons' HTML (sanitised by ammonia).

use std::path::Path;

use serde::Serialize;
use serde_json::{Map, Value};
use tera::{Context, Tera};

use super::charts::short_date;
use super::view::{self, Fmt, Medium, ReportView, DASH};
use super::{LibraryEntry, RenderOptions, CSP};
use crate::case::CaseStudy;
use crate::error::ReportError;
use crate::i18n::Catalog;
use crate::model::Language;

/// The built-in templates, by the name a `--templates` file must have to replace one.
pub const BUILTIN: [(&str, &str); 5] = [
    ("style.css", include_str!("../../templates/style.css")),
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("report.html", include_str!("../../templates/report.html")),
    ("library.html", include_str!("../../templates/library.html")),
];

fn template_error(name: &str, error: &dyn std::error::Error) -> ReportError {
    // tera nests the useful message (line, column, what) in its sources.
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    ReportError::Template {
        name: name.to_string(),
        message,
    }
}

/// The built-in templates with the files of `options.templates_dir` laid over them.
fn engine(options: &RenderOptions) -> Result<Tera, ReportError> {
    let mut templates: Vec<(String, String)> = BUILTIN
        .iter()
        .map(|(name, source)| (name.to_string(), source.to_string()))
        .collect();
    if let Some(dir) = &options.templates_dir {
        for (name, source) in read_overrides(dir)? {
            match templates.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = source,
                None => templates.push((name, source)),
            }
        }
    }
    if let Some(names) = template_loop(&templates) {
        return Err(ReportError::Template {
            name: dir_label(options),
            message: format!(
                "the templates include, extend or import one another in a loop ({}), which \
                 would never end: break the loop",
                names.join(" → ")
            ),
        });
    }
    let mut tera = Tera::default();
    tera.add_raw_templates(templates.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        .map_err(|e| template_error(&dir_label(options), &e))?;
    tera.autoescape_on(vec![".html"]);
    Ok(tera)
}

/// The templates named by a template's `{% include %}` (one name or a list),
/// `{% extends %}` and `{% import %}` tags, outside comments and raw blocks (literal names
/// only: a name built at render time cannot be followed).
fn referenced_templates(source: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = source;
    while let Some(open) = rest.find("{%").into_iter().chain(rest.find("{#")).min() {
        let is_comment = rest[open..].starts_with("{#");
        rest = &rest[open + 2..];
        if is_comment {
            rest = rest.find("#}").map_or("", |end| &rest[end + 2..]);
            continue;
        }
        let tag = rest.trim_start_matches('-').trim_start();
        if tag.starts_with("raw") {
            rest = rest.find("endraw").map_or("", |end| &rest[end..]);
            continue;
        }
        let Some(after) = ["include", "extends", "import"]
            .iter()
            .find_map(|keyword| tag.strip_prefix(keyword))
        else {
            continue;
        };
        // The names up to the tag's end: one quoted name, or a `[…]` list of them.
        let mut args = &after[..after.find("%}").unwrap_or(after.len())];
        if !args.trim_start().starts_with('[') {
            args = args.trim_start();
            args = &args[..args.find(char::is_whitespace).unwrap_or(args.len())];
        }
        let mut quoted = args;
        while let Some(start) = quoted.find(['"', '\'']) {
            let quote = &quoted[start..start + 1];
            let Some(end) = quoted[start + 1..].find(quote) else {
                break;
            };
            names.push(&quoted[start + 1..start + 1 + end]);
            quoted = &quoted[start + 2 + end..];
        }
    }
    names
}

/// A loop of templates that include, extend or import one another, as the names along it
/// (the first repeated at the end). tera would follow it until the stack overflows, which
/// aborts the process instead of failing the build.
fn template_loop(templates: &[(String, String)]) -> Option<Vec<String>> {
    fn visit<'a>(
        name: &'a str,
        templates: &'a [(String, String)],
        path: &mut Vec<&'a str>,
        done: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|n| *n == name) {
            let mut names: Vec<String> = path[start..].iter().map(|n| n.to_string()).collect();
            names.push(name.to_string());
            return Some(names);
        }
        if done.contains(&name) {
            return None;
        }
        let (_, source) = templates.iter().find(|(n, _)| n == name)?;
        path.push(name);
        for next in referenced_templates(source) {
            if let Some(names) = visit(next, templates, path, done) {
                return Some(names);
            }
        }
        path.pop();
        done.push(name);
        None
    }
    let mut done = Vec::new();
    templates
        .iter()
        .find_map(|(name, _)| visit(name, templates, &mut Vec::new(), &mut done))
}

fn dir_label(options: &RenderOptions) -> String {
    options.templates_dir.as_ref().map_or_else(
        || "built-in templates".to_string(),
        |d| d.display().to_string(),
    )
}

/// Every `.html` and `.css` file directly in `dir`, sorted by name.
fn read_overrides(dir: &Path) -> Result<Vec<(String, String)>, ReportError> {
    let io_error = |path: &Path, e: std::io::Error| ReportError::Template {
        name: path.display().to_string(),
        message: format!("cannot read the templates folder: {e}"),
    };
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| io_error(dir, e))? {
        let path = entry.map_err(|e| io_error(dir, e))?.path();
        let name = match path.file_name().and_then(|n| n.to_str()) {
            Some(n) if n.ends_with(".html") || n.ends_with(".css") => n.to_string(),
            _ => continue,
        };
        if !path.is_file() {
            continue;
        }
        let source = std::fs::read_to_string(&path).map_err(|e| io_error(&path, e))?;
        out.push((name, source));
    }
    out.sort();
    Ok(out)
}

/// The catalogue as nested tables (`t.report.kpi.peak`), as written in the TOML files.
pub fn strings_tree(catalog: &Catalog) -> Value {
    let mut root = Map::new();
    for (key, text) in catalog.strings() {
        let mut parts: Vec<&str> = key.split('.').collect();
        let leaf = parts.pop().unwrap_or(key);
        let mut table = &mut root;
        for part in parts {
            let entry = table
                .entry(part.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            match entry {
                Value::Object(map) => table = map,
                _ => unreachable!("just made an object"),
            }
        }
        table.insert(leaf.to_string(), Value::String(text.to_string()));
    }
    Value::Object(root)
}

fn render(tera: &Tera, name: &str, context: &Context) -> Result<String, ReportError> {
    tera.render(name, context)
        .map_err(|e| template_error(name, &e))
}

pub fn render_report(
    view: &ReportView,
    case: &CaseStudy,
    options: &RenderOptions,
) -> Result<String, ReportError> {
    let tera = engine(options)?;
    let mut context = Context::new();
    context.insert("r", &view::template_data(view)?);
    context.insert(
        "t",
        &strings_tree(Catalog::get(case.config.report_language)),
    );
    context.insert("csp", CSP);
    render(&tera, "report.html", &context)
}

#[derive(Debug, Serialize)]
struct LibraryRow {
    href: Option<String>,
    title: String,
    brand: String,
    period: String,
    peak: String,
    first_response: String,
    rate: String,
    median: String,
    potential: String,
    unique: String,
    findings: String,
    sparkline: String,
}

#[derive(Debug, Serialize)]
struct LibraryView {
    lang: &'static str,
    count: String,
    rows: Vec<LibraryRow>,
}

/// A relative link to a page inside the output folder: no scheme, no absolute path, no `..`.
fn safe_relative_href(href: &str) -> Option<String> {
    let ok = !href.is_empty()
        && !href.starts_with(['/', '\\'])
        && !href.split(['/', '\\']).any(|seg| seg == "..")
        && !href.split('/').next().unwrap_or("").contains(':')
        && !href.chars().any(|c| c.is_control() || c.is_whitespace());
    ok.then(|| href.to_string())
}

/// Mentions per bucket as a small line, 120 × 28, no text.
fn sparkline(case: &CaseStudy) -> String {
    let buckets = &case.metrics.timeline.buckets;
    let max = buckets.iter().map(|b| b.count).max().unwrap_or(0);
    if buckets.len() < 2 || max == 0 {
        return String::new();
    }
    let (w, h) = (120.0, 28.0);
    let step = w / (buckets.len() - 1) as f64;
    let points: Vec<String> = buckets
        .iter()
        .enumerate()
        .map(|(i, b)| {
            format!(
                "{:.1},{:.1}",
                i as f64 * step,
                h - 1.0 - b.count as f64 / max as f64 * (h - 2.0)
            )
        })
        .collect();
    format!(
        "<svg class=\"spark\" viewBox=\"0 0 120 28\" width=\"120\" height=\"28\" aria-hidden=\"true\"><polyline points=\"{}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\"/></svg>",
        points.join(" ")
    )
}

pub fn render_library(
    entries: &[LibraryEntry],
    options: &RenderOptions,
) -> Result<String, ReportError> {
    let language = entries
        .first()
        .map_or(Language::En, |e| e.case.config.report_language);
    let catalog = Catalog::get(language);
    let rows = entries
        .iter()
        .map(|entry| {
            let case = &entry.case;
            let f = Fmt {
                cat: catalog,
                tz: case.config.timezone.clone(),
                medium: Medium::Screen,
                spans_years: false,
            };
            let m = &case.metrics;
            let r = &m.response;
            let year = |t: jiff::Timestamp| t.to_zoned(f.tz.clone()).year();
            // Each date in one piece (no-break spaces), the line free to break at the dash.
            let date = |t: jiff::Timestamp, with_year: bool| {
                let day = short_date(t, &f.tz, catalog);
                let text = if with_year {
                    format!("{day} {}", year(t))
                } else {
                    day
                };
                text.replace(' ', "\u{a0}")
            };
            let period = match (m.timeline.first, m.timeline.last) {
                // `10 Mar – 12 Mar 2026`: compact, the year once when there is one.
                (Some(a), Some(b)) => {
                    format!("{} – {}", date(a, year(a) != year(b)), date(b, true))
                }
                _ => DASH.to_string(),
            };
            LibraryRow {
                href: safe_relative_href(&entry.href),
                title: case.incident.title.clone(),
                brand: view::brand_label(case).unwrap_or_else(|| DASH.into()),
                period,
                peak: m.timeline.peak.as_ref().map_or_else(
                    || DASH.into(),
                    |p| {
                        format!(
                            "{} {}",
                            f.int(p.count),
                            f.per_bucket(m.timeline.bucket_seconds)
                        )
                    },
                ),
                first_response: f.dur_i(view::first_response_headline(case)),
                rate: f.pct(r.rate),
                median: f.dur(r.median_seconds),
                potential: f.compact(m.reach.potential),
                unique: f.compact(m.reach.unique),
                findings: view::findings_count(case, &f),
                sparkline: sparkline(case),
            }
        })
        .collect();
    let view = LibraryView {
        lang: language.code(),
        count: catalog.fill(
            "report.library.count",
            &[("n", &catalog.int(entries.len() as u64))],
        ),
        rows,
    };
    let tera = engine(options)?;
    let mut context = Context::new();
    context.insert("l", &view::template_data(&view)?);
    context.insert("t", &strings_tree(catalog));
    context.insert("csp", CSP);
    render(&tera, "library.html", &context)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_that_include_one_another_in_a_loop_are_found() {
        let set = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(n, s)| (n.to_string(), s.to_string()))
                .collect()
        };
        assert_eq!(template_loop(&set(&BUILTIN)), None);
        assert_eq!(
            template_loop(&set(&[("report.html", "{% include \"report.html\" %}")])),
            Some(vec!["report.html".into(), "report.html".into()])
        );
        let looped = set(&[
            ("a.html", "{%- extends 'b.html' -%}"),
            (
                "b.html",
                "{% import \"c.html\" as c %} {% include \"missing.html\" %}",
            ),
            ("c.html", "{% include \"a.html\" ignore missing %}"),
        ]);
        assert_eq!(
            template_loop(&looped),
            Some(vec![
                "a.html".into(),
                "b.html".into(),
                "c.html".into(),
                "a.html".into()
            ])
        );
        // In a list, any name can close the loop; in a comment or a raw block, none does.
        let listed = set(&[(
            "a.html",
            "{% include [\"b.html\", 'a.html'] ignore missing %}",
        )]);
        assert_eq!(
            template_loop(&listed),
            Some(vec!["a.html".into(), "a.html".into()])
        );
        let quiet = set(&[(
            "a.html",
            "{# {% include \"a.html\" %} #}{% raw %}{% include \"a.html\" %}{% endraw %}\
             {% import \"b.html\" as b %}",
        )]);
        assert_eq!(template_loop(&quiet), None);
        // Two templates including the same third one is no loop.
        let shared = set(&[
            ("a.html", "{% include \"c.html\" %}{% include \"b.html\" %}"),
            ("b.html", "{% include \"c.html\" %}"),
            ("c.html", "{{ x }} {% if y %}{% endif %}"),
        ]);
        assert_eq!(template_loop(&shared), None);
    }

    #[test]
    fn relative_hrefs_stay_inside_the_output_folder() {
        assert_eq!(
            safe_relative_href("skyways/index.html").as_deref(),
            Some("skyways/index.html")
        );
        for bad in [
            "../x/index.html",
            "a/../../x",
            "/etc/passwd",
            "javascript:alert(1)",
            "https://evil.example/",
            "a b/index.html",
            "",
            "\\\\server\\share",
        ] {
            assert_eq!(safe_relative_href(bad), None, "{bad:?}");
        }
    }

    /// The library names the start's year when the data spans more than one: "29 Aug –
    /// 3 Dec 2017" hid six years.
    #[test]
    fn the_library_period_says_both_years_when_they_differ() {
        let entry = |first: &str| {
            let mut case = crate::report::fixture::skyways();
            case.metrics.timeline.first = Some(crate::report::fixture::ts(first));
            LibraryEntry {
                href: "a/index.html".into(),
                case,
            }
        };
        let page = render_library(
            &[entry("2011-08-29T10:00:00Z"), entry("2026-03-10T10:00:00Z")],
            &RenderOptions::default(),
        )
        .unwrap();
        assert!(
            page.contains("29\u{a0}Aug\u{a0}2011 – 12\u{a0}Mar\u{a0}2026"),
            "{page}"
        );
        assert!(
            page.contains("10\u{a0}Mar – 12\u{a0}Mar\u{a0}2026"),
            "{page}"
        );
    }

    #[test]
    fn strings_are_nested_for_the_templates() {
        let tree = strings_tree(Catalog::get(Language::It));
        assert_eq!(tree["month"]["3"], "marzo");
        assert!(tree["report"]["section"]["summary"].is_string());
    }
}
