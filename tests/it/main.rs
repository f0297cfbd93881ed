//! The one integration-test binary: each area of casebook has its own module.

mod simulate;
