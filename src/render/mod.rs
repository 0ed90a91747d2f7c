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
