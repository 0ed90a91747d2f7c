//! The validator.

pub mod soundness;
