//! PDF output: page SVGs (each already at its paper size, in CSS px) drawn by krilla-svg onto
//! the pages of one document, with only the embedded fonts.
//!
//! Text stays text: krilla embeds one subset per face, shared by every page, so the PDF can be
//! searched and copied. The bytes depend only on the pages and the metadata: no creation date
//! is written and the document id is krilla's hash of the content, so the same input gives the
//! same file on every run and machine.

use crate::render::RenderError;
use crate::render::png::usvg_options;
use krilla::Document;
use krilla::geom::Size;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla_svg::{SurfaceExt, SvgSettings};

/// Points per CSS px (72 pt and 96 px are one inch).
pub const PT_PER_PX: f64 = 0.75;

/// One page: an SVG document whose size is the paper's, in CSS px.
#[derive(Debug, Clone, PartialEq)]
pub struct PageSvg {
    /// The page's SVG text.
    pub svg: String,
}

/// Document metadata.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PdfMeta {
    /// The title (the chart's title, from the flow's name).
    pub title: String,
    /// The language of the text (BCP 47), e.g. `zh-CN`.
    pub language: String,
}

/// The PDF of `pages`, in order. Fails only when an SVG cannot be read back or krilla refuses
/// a font (both bugs).
pub fn to_pdf(pages: &[PageSvg], meta: &PdfMeta) -> Result<Vec<u8>, RenderError> {
    let options = usvg_options();
    let mut document = Document::new();
    for page in pages {
        let tree = usvg::Tree::from_str(&page.svg, &options)
            .map_err(|e| RenderError::Svg(e.to_string()))?;
        let px = tree.size();
        let size = Size::from_wh(
            px.width() * PT_PER_PX as f32,
            px.height() * PT_PER_PX as f32,
        )
        .ok_or_else(|| RenderError::Svg("a page of zero size".to_string()))?;
        let mut p = document.start_page_with(PageSettings::new(size));
        let mut surface = p.surface();
        surface
            .draw_svg(&tree, size, SvgSettings::default())
            .ok_or_else(|| RenderError::Svg("krilla-svg could not draw a page".to_string()))?;
        surface.finish();
        p.finish();
    }
    let mut metadata = Metadata::new().title(meta.title.clone());
    if !meta.language.is_empty() {
        metadata = metadata.language(meta.language.clone());
    }
    document.set_metadata(metadata);
    document
        .finish()
        .map_err(|e| RenderError::Pdf(format!("{e:?}")))
}
