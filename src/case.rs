//! The case study: everything the report renders, as one plain, serializable model.
//! The HTML, the PDF and `metrics.json` are three views of a [`CaseStudy`].

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::metrics::Metrics;
use crate::model::{FileReport, Language, MentionRef, RowAccounting, UnreadFile};

#[derive(Debug, Clone, Serialize)]
pub struct CaseStudy {
    pub incident: IncidentInfo,
    pub config: Config,
    pub files: Vec<FileReport>,
    /// Files of the incident folder that look like data casebook does not read.
    pub unread_files: Vec<UnreadFile>,
    pub rows: RowAccounting,
    pub metrics: Metrics,
    /// Ordered by severity (critical first), then rule id.
    pub findings: Vec<Finding>,
    /// One entry per rule: checked, silenced by the team, or not checkable and why.
    pub rules: Vec<RuleStatus>,
    pub lessons: Lessons,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentInfo {
    /// From `incident.toml`, else the folder or file name.
    pub title: String,
    pub brand: Option<String>,
    /// URL-safe name, used for `OUT/<slug>/` when several incidents are built.
    pub slug: String,
    /// IANA name of the time zone the report shows times in.
    pub timezone: String,
    pub generated_by: String,
    /// True when author names were replaced by pseudonyms.
    pub anonymized: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Critical,
    Warning,
    Info,
    Good,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Good => "good",
        }
    }
}

/// One checked fact about the brand's handling, with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable rule id, e.g. `slow-first-response` (scripts rely on it).
    pub id: String,
    pub severity: Severity,
    /// One sentence with the figure in it, in the report language.
    pub title: String,
    pub evidence: Evidence,
    /// The crisis-response principle it relates to, in the report language.
    pub principle: String,
    pub recommendation: String,
    /// The team's own comment from `incident.toml` (`[rules.<id>] comment = …`).
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub figures: Vec<Figure>,
    /// Up to three example mentions.
    pub examples: Vec<MentionRef>,
    /// What the examples are, where "example posts" would leave it open (the replies that did
    /// *not* thank or apologise, under a title giving the share that did).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub examples_label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub label: String,
    /// Formatted for the report language.
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleStatus {
    pub id: String,
    /// `checked`, `silenced` or `not_checked`.
    pub status: String,
    /// Why it could not be checked (in the report language), when `not_checked`.
    pub reason: Option<String>,
    /// The same reason as a code that does not depend on the language (`no_brand_posts`), for
    /// scripts that compare incidents.
    #[serde(default)]
    pub reason_code: Option<String>,
}

/// The team's own narrative from `lessons.md`, split into its conventional sections.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Lessons {
    pub sections: Vec<LessonSection>,
    pub action_items: Vec<ActionItem>,
    /// Whether the incident has a lessons.md at all: one whose sections are still unfilled
    /// is not "no lessons.md".
    #[serde(default)]
    pub file_found: bool,
    /// The language the team wrote it in, by its stop words (`None`: none recognised). It can
    /// differ from the report's (English lessons in an Italian training edition), and the
    /// report marks it so, for hyphenation and screen readers.
    #[serde(default)]
    pub language: Option<Language>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LessonSection {
    /// `summary`, `impact`, `timeline`, `root_causes`, `went_well`, `went_wrong`, `lucky`,
    /// `action_items`, or `other` for a heading casebook does not recognise.
    pub kind: String,
    /// The heading as the team wrote it.
    pub heading: String,
    /// The section body, markdown (rendered and sanitised by the report).
    pub markdown: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionItem {
    pub action: String,
    pub owner: Option<String>,
    pub due: Option<String>,
    pub status: Option<String>,
}
