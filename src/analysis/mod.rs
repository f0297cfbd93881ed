//! Analysis: pure functions from mentions and configuration to [`Metrics`]. Never reads files
//! and never renders anything.

use crate::config::Config;
use crate::metrics::{Metrics, Phase};
use crate::model::{Mention, Sentiment};

/// What analysis learned about each mention, index-aligned with the mention slice it was given.
/// Findings read it so every rule agrees with the metrics on who is the brand, what was
/// answered and which phase a post fell in.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    pub is_brand: bool,
    /// The export's sentiment, else the lexicon's; `None` when neither applies.
    pub sentiment: Option<Sentiment>,
    /// Not by the brand and not a repost.
    pub actionable: bool,
    /// For an actionable mention: seconds to the earliest brand reply (anomalies excluded).
    pub response_seconds: Option<i64>,
    /// For a brand post: index of the mention it replies to, when that is in the data.
    pub replies_to: Option<usize>,
    pub phase: Phase,
    /// Per-mention reach: the export's reach, else the author's followers.
    pub reach: Option<u64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub metrics: Metrics,
    pub annotations: Vec<Annotation>,
}

/// Computes every figure of the incident. `mentions` must be sorted by timestamp.
pub fn analyze(mentions: &[Mention], config: &Config) -> Analysis {
    let _ = (mentions, config);
    todo!("analysis helper")
}
