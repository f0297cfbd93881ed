//! The build pipeline: ingest → analysis → findings → report, and the only place that writes
//! the output folder.
