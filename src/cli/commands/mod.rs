//! One module per subcommand.

pub mod check;
pub mod explain;
pub mod export;
pub mod fmt;
pub mod render;
pub mod rules;
