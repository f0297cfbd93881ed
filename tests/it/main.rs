//! The one integration-test binary: each module runs the real `casebook` binary on fixtures.

mod build;
