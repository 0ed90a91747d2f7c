//! Render: draw a [`crate::diagram::Diagram`] as SVG, and PNG through resvg.
//!
//! Render never moves anything: layout (and `layout::page` for the chart furniture) decided
//! every position. [`svg`] is the single drawing; [`png`] rasterises that SVG with only the
//! embedded fonts ([`fonts`]). [`measure::FontMeasure`] is the [`TextMeasure`] layout uses,
//! so text is measured with the font it is drawn in.
//!
//! [`TextMeasure`]: crate::layout::text::TextMeasure

pub mod fonts;
pub mod measure;
pub mod png;
pub mod svg;
pub mod theme;

pub use theme::Theme;

/// Failures outside any source text (the SVG could not be read back, the image is too big).
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// usvg rejected the SVG (a bug in the writer).
    #[error("cannot read the generated SVG: {0}")]
    Svg(String),
    /// The image would be too large.
    #[error("the image would be {width}×{height} px at {dpi} dpi: too large; lower --dpi")]
    TooLarge {
        /// Width, px.
        width: u32,
        /// Height, px.
        height: u32,
        /// Requested resolution.
        dpi: u32,
    },
    /// PNG encoding failed.
    #[error("cannot encode the PNG: {0}")]
    Encode(String),
}
