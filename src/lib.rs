//! liucheng (流程): turn plain-text descriptions of office processes into validated,
//! print-ready flowcharts.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! .flow text → syntax (parse, spans) → model (petgraph) → check → layout → render
//! ```
//!
//! [`syntax`] knows nothing of graphs; [`model`] knows nothing of files (base files come in
//! through a [`model::Loader`]); only [`cli`] knows clap, the file system and exit codes.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod check;
pub mod cli;
pub mod diag;
pub mod diagram;
pub mod font;
pub mod layout;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod source;
pub mod syntax;
pub mod synth;

pub use diag::{Diagnostic, Lang, Message, Severity};
pub use source::{Source, SourceId, SourceMap, Span};
