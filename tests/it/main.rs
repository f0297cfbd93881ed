//! The one integration-test binary: one module per area, each running the real `casebook`
//! binary on fixtures.

mod build;
mod findings;
mod ingest;
