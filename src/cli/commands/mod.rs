//! One module per subcommand.

pub mod check;
pub mod export;
pub mod fmt;
pub mod render;
