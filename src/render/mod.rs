//! Render: draw a [`crate::diagram::Diagram`] as SVG, PNG through resvg, and PDF pages through
//! krilla ([`pdf`]).
//!
//! Render never moves anything: layout (and `layout::page` for the chart furniture) decided
//! every position. [`svg`] is the single drawing; [`png`] rasterises that SVG with only the
//! embedded fonts ([`fonts`]). [`measure::FontMeasure`] is the [`TextMeasure`] layout uses,
//! so text is measured with the font it is drawn in.
//!
//! [`TextMeasure`]: crate::layout::text::TextMeasure

pub mod csv;
pub mod font_subset;
pub mod fonts;
pub mod measure;
pub mod pdf;
pub mod png;
pub mod svg;
pub mod table_html;
pub mod table_svg;
pub mod theme;

use crate::diag::Diagnostic;
use crate::model::Process;
use crate::msg;

pub use theme::Theme;

/// Failures outside any source text (the SVG could not be read back, the image is too big).
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum RenderError {
    /// usvg rejected the SVG (a bug in the writer).
    #[error("cannot read the generated SVG: {0}")]
    Svg(String),
    /// The image would be too large (checked before anything is allocated).
    #[error(
        "the image would be {width}×{height} px at {dpi} dpi, more than the limit of {limit} px; lower --dpi, or split the flow into sub-flows"
    )]
    TooLarge {
        /// Width, px.
        width: u32,
        /// Height, px.
        height: u32,
        /// Requested resolution.
        dpi: u32,
        /// Most pixels drawn ([`png::MAX_PIXELS`]).
        limit: u64,
    },
    /// PNG encoding failed.
    #[error("cannot encode the PNG: {0}")]
    Encode(String),
    /// The PDF writer failed (a bug: every font is embedded and every page checked).
    #[error("cannot write the PDF: {0}")]
    Pdf(String),
}

impl RenderError {
    /// The error in both languages, for the command line.
    pub fn message(&self) -> crate::diag::Message {
        match self {
            RenderError::TooLarge {
                width,
                height,
                dpi,
                limit,
            } => msg!(
                "图片会有 {width}×{height} 像素（{dpi} dpi），超过上限 {limit} 像素，没有生成 PNG；请调低 --dpi，或把流程拆成几个子流程",
                "the image would be {width}×{height} px at {dpi} dpi, more than the limit of {limit} px; no PNG was made; lower --dpi, or split the flow into sub-flows"
            ),
            RenderError::Svg(e) => msg!(
                "无法读回生成的 SVG（程序错误，请报告）：{e}",
                "cannot read the generated SVG (a bug, please report): {e}"
            ),
            RenderError::Encode(e) => msg!("无法编码 PNG：{e}", "cannot encode the PNG: {e}"),
            RenderError::Pdf(e) => msg!(
                "无法写出 PDF（程序错误，请报告）：{e}",
                "cannot write the PDF (a bug, please report): {e}"
            ),
        }
    }
}

/// The `T003` error for a chart over the layout's size limit ([`crate::layout::MAX_UNITS`]),
/// at the edge whose line crosses the most layers (or the flow's name).
pub fn too_large(process: &Process, err: &crate::layout::TooLarge) -> Diagnostic {
    let (units, limit) = (err.units, err.limit);
    let widest = err
        .widest_edge
        .and_then(|(i, layers)| process.edges().nth(i).map(|e| (e, layers)));
    let loc = widest.map_or(process.meta.name_loc, |((_, _, _, e), _)| e.loc);
    let mut d = Diagnostic::error(
        "T003",
        loc.source,
        loc.span,
        msg!(
            "流程图太大，一张图画不下：需要 {units} 个排布格（每个步骤一格，连线每跨过一层再占一格），上限是 {limit}",
            "the chart is too large for one chart: it needs {units} layout cells (one per step, and one for every layer a line passes), the limit is {limit}"
        ),
    )
    .with_help(msg!(
        "把流程拆成几个子流程（「层级：子流程」），分别画图；或者减少跨越很远的连线（例如很多步骤都退回到第一步）",
        "split the flow into sub-flows (`层级：子流程`) and draw each one; or have fewer lines that reach far (such as many steps returning to the first one)"
    ));
    if let Some(((_, a, b, _), layers)) = widest {
        let (a, b) = (&process.graph[a].name, &process.graph[b].name);
        d = d.with_note(msg!(
            "跨得最远的连线是「{a} → {b}」，跨过 {layers} 层",
            "the line that reaches farthest is `{a} → {b}`, across {layers} layers"
        ));
    }
    d
}
