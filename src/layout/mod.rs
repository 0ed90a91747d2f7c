//! Layout: process model → [`crate::diagram::Diagram`].
//!
//! Phases (ELK layered style), each in its own file stating what it expects and guarantees:
//! cycle removal → layering → ordering → placement → routing.

pub mod page;
pub mod text;

use crate::diagram::Direction;

/// Which kind of chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LayoutKind {
    /// One lane per role, every step in its owner's lane (default when the flow has roles).
    #[default]
    Swimlane,
    /// A plain flowchart without lanes.
    Plain,
}

/// Layout settings.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutOptions {
    /// Swimlane or plain.
    pub kind: LayoutKind,
    /// Top-to-bottom or left-to-right.
    pub direction: Direction,
    /// Font size of node text, px.
    pub font_size: f64,
    /// Widest a node box may be before its text wraps, px.
    pub max_box_width: f64,
    /// Show each step's time limit under its box.
    pub show_limits: bool,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            kind: LayoutKind::Swimlane,
            direction: Direction::TopBottom,
            font_size: 14.0,
            max_box_width: 160.0,
            show_limits: true,
        }
    }
}
