//! Syntax: the lexer, the parser, the syntax tree and the formatter.
//!
//! This module knows nothing of graphs: it turns text into a [`ast::Document`] and back.
//! Parsing never fails; errors are returned beside the tree.

pub mod ast;
pub mod fmt;
pub mod lexer;
pub mod parser;

pub use ast::Document;
pub use fmt::format;
pub use parser::parse;
