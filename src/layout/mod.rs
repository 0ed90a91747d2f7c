//! Layout: process model → [`crate::diagram::Diagram`].

pub mod text;
