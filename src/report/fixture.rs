//! The Skyways case study for the report's unit tests; the same builder serves the
//! integration tests (`tests/fixtures/report/skyways.rs`).

pub use crate::case::{
    ActionItem, CaseStudy, Evidence, Figure, Finding, IncidentInfo, LessonSection, Lessons,
    RuleStatus, Severity,
};
pub use crate::config::Config;
pub use crate::metrics::{
    AuthorStat, Baseline, Breakdown, Bucket, Engagement, HistogramBin, KeyMoment, KindCounts,
    Metrics, Milestone, MilestoneKind, MomentKind, Peak, Phase, PhaseSpan, Reach, Response,
    ResponseAnomaly, ResponseGroup, RisingTerm, SentimentMetrics, TagCount, TermCount, Timeline,
    TimelineWarning, Topics,
};
pub use crate::model::{
    FileNotice, FileReport, Kind, Language, MentionRef, Provenance, ReasonCount, Rejection,
    RejectionKind, RowAccounting, RowProblem, Sentiment, UnreadFile, UnreadKind,
};

#[path = "../../tests/fixtures/report/skyways.rs"]
mod skyways;

pub use skyways::*;
