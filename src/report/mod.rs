//! Report: renders a [`CaseStudy`] as one self-contained HTML file and a PDF. Never parses CSV.

use std::path::PathBuf;

use crate::case::CaseStudy;
use crate::error::ReportError;

#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// `--templates DIR`: templates that replace the built-in ones.
    pub templates_dir: Option<PathBuf>,
}

/// One row of the library page that compares several incidents.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LibraryEntry {
    /// Relative link to the incident's `index.html`.
    pub href: String,
    pub case: CaseStudy,
}

pub fn render_html(case: &CaseStudy, options: &RenderOptions) -> Result<String, ReportError> {
    let _ = (case, options);
    todo!("report helper")
}

pub fn render_pdf(case: &CaseStudy) -> Result<Vec<u8>, ReportError> {
    let _ = case;
    todo!("report helper")
}

pub fn render_library(
    entries: &[LibraryEntry],
    options: &RenderOptions,
) -> Result<String, ReportError> {
    let _ = (entries, options);
    todo!("report helper")
}
