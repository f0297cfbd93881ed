//! Report: renders a [`CaseStudy`] as one self-contained HTML file and a PDF. Never parses CSV
//! and never writes files: the pipeline writes what these functions return.
//!
//! - [`render_html`]: `index.html`, tera templates from `templates/` compiled in, replaceable
//!   with `--templates DIR`; inline CSS and SVG charts, no script, no request to another host.
//! - [`render_pdf`]: `report.pdf`, typeset by Typst embedded as a library with the vendored
//!   fonts; the same view model as the HTML, passed to the template as data.
//! - [`render_library`]: the page comparing several incidents.
//! - [`anonymize`]: the training edition's pseudonyms, applied to the case study before
//!   rendering.

mod anonymize;
mod charts;
mod fonts;
mod html;
mod markdown;
mod pdf;
mod view;

use std::path::PathBuf;

use crate::case::CaseStudy;
use crate::error::ReportError;

pub use anonymize::anonymize;

#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// `--templates DIR`: templates that replace the built-in ones (same file names:
    /// `base.html`, `report.html`, `library.html`, `macros.html`, `style.css`).
    pub templates_dir: Option<PathBuf>,
}

/// One row of the library page that compares several incidents.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LibraryEntry {
    /// Relative link to the incident's `index.html`, e.g. `skyways/index.html`.
    pub href: String,
    pub case: CaseStudy,
}

/// The Content-Security-Policy of every page: nothing may load from anywhere, no script runs;
/// only the page's own inline styles and `data:` images apply.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; \
                       base-uri 'none'; form-action 'none'";

/// The case study as one self-contained HTML page.
pub fn render_html(case: &CaseStudy, options: &RenderOptions) -> Result<String, ReportError> {
    let view = view::build(case, view::Medium::Screen)?;
    html::render_report(&view, case, options)
}

/// The case study as a PDF: title page, contents, the same sections and charts as the HTML,
/// page numbers.
pub fn render_pdf(case: &CaseStudy) -> Result<Vec<u8>, ReportError> {
    let view = view::build(case, view::Medium::Print)?;
    pdf::render(&view, case)
}

/// The library page: one row per incident with its headline figures and a link to it.
pub fn render_library(
    entries: &[LibraryEntry],
    options: &RenderOptions,
) -> Result<String, ReportError> {
    html::render_library(entries, options)
}

/// `url` when it is an absolute `http` or `https` URL that can safely become a link; `None`
/// for every other scheme (`javascript:`, `data:`, …), relative paths and malformed text.
pub(crate) fn safe_url(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return None;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let clean = !url.chars().any(|c| c.is_control() || c.is_whitespace());
    (clean && !host.is_empty()).then(|| url.to_string())
}

#[cfg(test)]
pub(crate) mod fixture;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absolute_http_urls_are_safe() {
        assert_eq!(
            safe_url(" https://x.com/a/status/1 ").as_deref(),
            Some("https://x.com/a/status/1")
        );
        assert_eq!(
            safe_url("HTTP://Example.org").as_deref(),
            Some("HTTP://Example.org")
        );
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<script>",
            "vbscript:x",
            "/relative/path",
            "//evil.example/x",
            "https://",
            "https:///path",
            "https://exa mple.org",
            "https://example.org/\u{0}",
            "ftp://example.org",
        ] {
            assert_eq!(safe_url(bad), None, "{bad:?}");
        }
    }
}

/// Writes the fixture's report in every language to `$TMPDIR/casebook-preview/` for a look in
/// a browser: `cargo test --lib report::preview -- --ignored`.
#[cfg(test)]
#[test]
#[ignore]
fn preview() {
    use crate::model::Language;
    let dir = std::env::temp_dir().join("casebook-preview");
    for lang in Language::ALL {
        let case = fixture::skyways_in(lang);
        let out = dir.join(lang.code());
        std::fs::create_dir_all(&out).unwrap();
        let started = std::time::Instant::now();
        let html = render_html(&case, &RenderOptions::default()).unwrap();
        let html_time = started.elapsed();
        std::fs::write(out.join("index.html"), html).unwrap();
        let started = std::time::Instant::now();
        match render_pdf(&case) {
            Ok(pdf) => {
                let pdf_time = started.elapsed();
                std::fs::write(out.join("report.pdf"), pdf).unwrap();
                eprintln!("{lang}: html {html_time:?}, pdf {pdf_time:?}");
            }
            Err(e) => eprintln!("{lang}: html {html_time:?}, pdf failed: {e}"),
        }
    }
    let mut anonymized = fixture::skyways();
    anonymize(&mut anonymized, b"preview");
    let out = dir.join("anon");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(
        out.join("index.html"),
        render_html(&anonymized, &RenderOptions::default()).unwrap(),
    )
    .unwrap();
    let entries = vec![
        LibraryEntry {
            href: "en/index.html".into(),
            case: fixture::skyways(),
        },
        LibraryEntry {
            href: "anon/index.html".into(),
            case: anonymized,
        },
    ];
    std::fs::write(
        dir.join("index.html"),
        render_library(&entries, &RenderOptions::default()).unwrap(),
    )
    .unwrap();
}
