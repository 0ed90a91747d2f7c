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

use crate::diag::Diagnostic;
use crate::model::{Loc, Process};
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

fn missing_glyphs(out: &mut Vec<Diagnostic>, loc: Loc, what_zh: &str, what_en: &str, text: &str) {
    for c in fonts::missing_chars(text) {
        let code = format!("U+{:04X}", c as u32);
        out.push(
            Diagnostic::error(
                "T001",
                loc.source,
                loc.span,
                msg!(
                    "{what_zh}用了内嵌字体里没有的字「{c}」（{code}），画出来会是空白",
                    "{what_en} uses 「{c}」 ({code}), which the embedded font lacks: it would be drawn as a blank"
                ),
            )
            .with_help(msg!(
                "内嵌字体（思源黑体子集）只收 GB2312 的 6,763 个汉字；请换用常用字（如人名用字可改写为同音常用字并加备注）",
                "the embedded font (a Noto Sans CJK SC subset) covers the 6,763 GB2312 hanzi only; use a common character instead (for a rare name character, write a common one and add a remark)"
            )),
        );
    }
}

/// Every text the chart would draw, checked against the embedded font's cmap.
///
/// A character the font lacks would be drawn as a blank by resvg (and svg2pdf) without any
/// error, so each one becomes an `T001` error at the step, role, edge or flow that uses it.
pub fn check_glyphs(process: &Process) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let meta = &process.meta;
    let flow_texts = [
        Some(meta.name.as_str()),
        meta.code.as_deref(),
        meta.version.as_deref(),
        meta.unit.as_deref(),
        meta.date.as_deref(),
    ];
    let phases = meta.phases.iter().map(String::as_str);
    for text in flow_texts.into_iter().flatten().chain(phases) {
        missing_glyphs(
            &mut out,
            meta.name_loc,
            "流程的标题栏",
            "the title block",
            text,
        );
    }
    for role in &process.roles {
        let name = &role.name;
        missing_glyphs(
            &mut out,
            role.loc,
            &format!("角色「{name}」"),
            &format!("role `{name}`"),
            name,
        );
    }
    for (_, node) in process.nodes() {
        let name = &node.name;
        let (zh, en) = (format!("步骤「{name}」"), format!("step `{name}`"));
        let mut texts: Vec<&str> = vec![node.display()];
        texts.extend(node.limit_text.as_deref());
        texts.extend(node.short_id.as_deref());
        texts.extend(node.basis.iter().map(String::as_str));
        texts.extend(node.rules.iter().map(String::as_str));
        texts.extend(node.standards.iter().map(String::as_str));
        let joined = texts.join("");
        missing_glyphs(&mut out, node.loc, &zh, &en, &joined);
    }
    for (_, _, _, edge) in process.edges() {
        if let Some(label) = &edge.label {
            missing_glyphs(
                &mut out,
                edge.loc,
                &format!("连线标签「{label}」"),
                &format!("edge label `{label}`"),
                label,
            );
        }
    }
    out
}
