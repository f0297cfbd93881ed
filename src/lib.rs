//! casebook: turns the raw exports of a social-media crisis into a post-mortem case study.
//!
//! The flow goes one way: [`ingest`] (CSV exports → [`model::Mentions`]) → [`analysis`]
//! (mentions → [`metrics::Metrics`]) → [`findings`] (metrics → [`case::Finding`]s) →
//! [`report`] ([`case::CaseStudy`] → HTML, PDF). [`pipeline`] wires the stages together and is
//! the only place besides the binary that writes output files. (The mentions' store keeps
//! texts and details beyond a few megabytes in an unnamed temporary file, see [`model`].)

pub mod analysis;
pub mod case;
pub mod config;
pub mod error;
pub mod findings;
pub mod i18n;
pub mod ingest;
pub mod init;
pub mod lessons;
pub mod metrics;
pub mod model;
mod parallel;
pub mod pipeline;
pub mod report;
pub mod simulate;

pub use error::{Error, Result};
