//! The one integration-test binary: one module per area, each running the real `casebook`
//! binary (or the library) on fixtures.

mod analysis;
mod build;
mod findings;
mod ingest;
mod report;
mod robustness;
mod simulate;
