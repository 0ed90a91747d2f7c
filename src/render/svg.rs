//! The SVG writer: draws a [`Diagram`] exactly where layout put everything.
//!
//! One drawing serves every output: PNG and PDF convert this SVG; [`page_svg`] puts a sheet on
//! a page of paper for printing (`layout::paper` decides where). The document is
//! meant to be read too: lanes, nodes and edges are groups with ids and classes, each step
//! carries a `<title>` (owner, time limit, basis), every text is XML-escaped and numbers are
//! written with at most two decimals and never as `-0`, so the same diagram gives the same
//! bytes. Symbols follow GB/T 1526-1989 (= ISO 5807:1985).

use crate::diagram::{
    Align, Cell, Diagram, DiagramEdge, DiagramNode, Direction, LABEL_FONT_SIZE, Legend,
    LegendSymbol, Page, Point, Rect, SMALL_FONT_SIZE, Table, TextBlock,
};
use crate::model::NodeKind;
use crate::render::font_subset;
use crate::render::theme::Theme;
use std::collections::BTreeSet;
use std::fmt::Write;

/// Line height as a multiple of the font size (the same as [`TextMeasure::line_height`]).
pub const LINE_HEIGHT: f64 = 1.4;
/// Where the baseline sits below the middle of a line band, in em: Noto CJK's ideographic
/// em box runs from −0.12 to 0.88 em, so its centre is 0.38 em above the baseline.
pub const BASELINE_SHIFT: f64 = 0.38;
/// The `font-family` written on every text: the embedded family first (the only one resvg
/// knows), then the same design under its other names and a generic family for browsers.
pub const FONT_STACK: &str = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', sans-serif";
/// The `font-family` of an SVG that embeds its fonts ([`SvgFonts::Embed`]): the embedded
/// subset's family ([`font_subset::EMBEDDED_FAMILY`]) first, which only browsers know (resvg
/// ignores `@font-face` and goes on to the next name, our font), then [`FONT_STACK`].
pub const EMBEDDED_FONT_STACK: &str =
    "'liucheng-noto-sc', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', sans-serif";

/// Whether an SVG carries its own fonts (`render --svg-fonts`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SvgFonts {
    /// A subset of each embedded face holding the chart's characters, as base64 WOFF2 in a
    /// `<style>` `@font-face`, so the chart looks the same in a browser without CJK fonts.
    #[default]
    Embed,
    /// No fonts: a smaller file that names the font families only, for tools that
    /// post-process the SVG (the viewer must have a CJK font), and for PDF pages (krilla
    /// embeds the fonts itself).
    None,
}

/// Format a coordinate: at most two decimals, no trailing zeros, never `-0`.
pub fn num(v: f64) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let rounded = (v * 100.0).round() / 100.0;
    let mut s = format!("{rounded:.2}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    if s == "-0" { "0".to_string() } else { s }
}

/// Escape text for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids (or discourages) are dropped rather than written, so
            // the document always parses (`check::text` reports them first, T002).
            c if !xml_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether `c` may be written into the SVG: a `Char` of XML 1.0 that is neither a control
/// character (tab and line breaks aside) nor a noncharacter (U+FFFE, U+FFFF, U+FDD0–U+FDEF,
/// the last two code points of every plane).
pub fn xml_char(c: char) -> bool {
    let cp = c as u32;
    matches!(c, '\t' | '\n' | '\r')
        || !(c.is_control() || (0xFDD0..=0xFDEF).contains(&cp) || cp & 0xFFFE == 0xFFFE)
}

fn class_of(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Start => "start terminator",
        NodeKind::End => "end terminator",
        NodeKind::Task => "task process",
        NodeKind::Decision => "decision",
        NodeKind::SubFlow => "subflow predefined",
        NodeKind::Document => "document",
        NodeKind::Data => "data",
        NodeKind::Manual => "manual",
        NodeKind::Preparation => "preparation",
        NodeKind::Parallel => "parallel fork",
        NodeKind::Join => "parallel join",
        NodeKind::Connector => "connector",
        NodeKind::Annotation => "annotation",
    }
}

struct Writer<'a> {
    out: String,
    theme: &'a Theme,
    /// The chart's direction: parallel-mode bars lie across it.
    direction: Direction,
    /// Whether the fonts are embedded; then `font_stack` is [`EMBEDDED_FONT_STACK`].
    fonts: SvgFonts,
    /// The `font-family` of every text.
    font_stack: &'static str,
    /// The characters drawn in Regular and in Bold: what the embedded subsets must hold.
    regular_chars: BTreeSet<char>,
    bold_chars: BTreeSet<char>,
}

impl<'a> Writer<'a> {
    fn new(theme: &'a Theme, direction: Direction, fonts: SvgFonts, capacity: usize) -> Self {
        Writer {
            out: String::with_capacity(capacity),
            theme,
            direction,
            fonts,
            font_stack: match fonts {
                SvgFonts::Embed => EMBEDDED_FONT_STACK,
                SvgFonts::None => FONT_STACK,
            },
            regular_chars: BTreeSet::new(),
            bold_chars: BTreeSet::new(),
        }
    }

    /// The document, with the font subsets inserted at `style_at` (just inside the root
    /// element) once every text is written and its characters are known.
    ///
    /// # Panics
    ///
    /// If the embedded font cannot be subset ([`font_subset`]), a bug: the font is fixed and
    /// every character it covers subsets (`tests/svg_fonts.rs`).
    fn finish(mut self, style_at: usize) -> String {
        self.line(0, "</svg>");
        if self.fonts == SvgFonts::Embed {
            let css = font_subset::font_face_css(&self.regular_chars, &self.bold_chars)
                .expect("the embedded font subsets");
            if !css.is_empty() {
                // No `<` or `&` in the CSS (base64 and quotes only), so no CDATA is needed.
                let style = format!("  <style>\n{css}  </style>\n");
                self.out.insert_str(style_at, &style);
            }
        }
        self.out
    }

    fn line(&mut self, depth: usize, text: &str) {
        for _ in 0..depth {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn fill_of(&self, kind: NodeKind) -> &str {
        match kind {
            NodeKind::Start | NodeKind::End => self.theme.get("terminal_fill"),
            NodeKind::Decision => self.theme.get("decision_fill"),
            NodeKind::SubFlow => self.theme.get("subflow_fill"),
            NodeKind::Document | NodeKind::Data => self.theme.get("document_fill"),
            NodeKind::Parallel | NodeKind::Join | NodeKind::Annotation => "none",
            _ => self.theme.get("node_fill"),
        }
    }

    /// `<text>` for one line. `x` is the anchor, `mid_y` the middle of the line band.
    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        depth: usize,
        x: f64,
        mid_y: f64,
        size: f64,
        anchor: &str,
        bold: bool,
        fill: &str,
        class: &str,
        content: &str,
    ) {
        if content.is_empty() {
            return;
        }
        let weight = if bold { " font-weight=\"bold\"" } else { "" };
        let anchor = if anchor == "start" {
            String::new()
        } else {
            format!(" text-anchor=\"{anchor}\"")
        };
        let class = if class.is_empty() {
            String::new()
        } else {
            format!(" class=\"{class}\"")
        };
        let used = if bold {
            &mut self.bold_chars
        } else {
            &mut self.regular_chars
        };
        used.extend(content.chars().filter(|&c| xml_char(c)));
        let line = format!(
            "<text{class} x=\"{}\" y=\"{}\" font-family=\"{}\" font-size=\"{}\"{weight}{anchor} fill=\"{fill}\">{}</text>",
            num(x),
            num(mid_y + BASELINE_SHIFT * size),
            self.font_stack,
            num(size),
            escape(content)
        );
        self.line(depth, &line);
    }

    /// Lines centred (or flush left) in `rect`, the block centred vertically.
    #[allow(clippy::too_many_arguments)]
    fn lines(
        &mut self,
        depth: usize,
        rect: Rect,
        lines: &[String],
        size: f64,
        align: Align,
        bold: bool,
        fill: &str,
        class: &str,
    ) {
        let lh = size * LINE_HEIGHT;
        let block = lh * lines.len() as f64;
        let top = rect.y + (rect.h - block).max(0.0) / 2.0;
        let (x, anchor) = match align {
            Align::Middle => (rect.x + rect.w / 2.0, "middle"),
            Align::Start => (rect.x, "start"),
        };
        let fill = fill.to_string();
        for (i, l) in lines.iter().enumerate() {
            self.text(
                depth,
                x,
                top + lh * (i as f64 + 0.5),
                size,
                anchor,
                bold,
                &fill,
                class,
                l,
            );
        }
    }

    fn block(&mut self, depth: usize, block: &TextBlock, class: &str) {
        let fill = self.theme.get("text").to_string();
        self.lines(
            depth,
            block.rect,
            &block.lines,
            block.font_size,
            block.align,
            block.bold,
            &fill,
            class,
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn rect(
        &mut self,
        depth: usize,
        r: Rect,
        class: &str,
        fill: &str,
        stroke: &str,
        width: f64,
        extra: &str,
    ) {
        let stroke_attrs = if stroke == "none" {
            String::new()
        } else {
            format!(" stroke=\"{stroke}\" stroke-width=\"{}\"", num(width))
        };
        self.line(
            depth,
            &format!(
                "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{extra} fill=\"{fill}\"{stroke_attrs}/>",
                num(r.x),
                num(r.y),
                num(r.w.max(0.0)),
                num(r.h.max(0.0))
            ),
        );
    }
}

fn points(pts: &[(f64, f64)]) -> String {
    pts.iter()
        .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The outline of a symbol in `r`, as SVG elements with the given paint attributes. The
/// parallel-mode symbol's two lines lie across the flow: horizontal in a top-to-bottom
/// chart, vertical in a left-to-right one.
fn symbol(
    kind: NodeKind,
    r: Rect,
    direction: Direction,
    paint: &str,
    ink_only: &str,
) -> Vec<String> {
    let (x, y, w, h) = (r.x, r.y, r.w, r.h);
    let (right, bottom) = (r.right(), r.bottom());
    let (cx, cy) = (x + w / 2.0, y + h / 2.0);
    let slant = (h * 0.3).min(w * 0.15);
    match kind {
        NodeKind::Start | NodeKind::End => vec![format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\"{paint}/>",
            num(x),
            num(y),
            num(w),
            num(h),
            num((h.min(w) / 2.0).min(20.0))
        )],
        NodeKind::Task => vec![format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{paint}/>",
            num(x),
            num(y),
            num(w),
            num(h)
        )],
        NodeKind::Decision => vec![format!(
            "<polygon points=\"{}\"{paint}/>",
            points(&[(cx, y), (right, cy), (cx, bottom), (x, cy)])
        )],
        NodeKind::SubFlow => {
            let bar = (w * 0.04).clamp(4.0, 6.0);
            vec![
                format!(
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{paint}/>",
                    num(x),
                    num(y),
                    num(w),
                    num(h)
                ),
                format!(
                    "<path d=\"M{} {}V{}M{} {}V{}\" fill=\"none\"{ink_only}/>",
                    num(x + bar),
                    num(y),
                    num(bottom),
                    num(right - bar),
                    num(y),
                    num(bottom)
                ),
            ]
        }
        NodeKind::Document => {
            let a = (h * 0.1).min(8.0);
            vec![format!(
                "<path d=\"M{} {}H{}V{}Q{} {} {} {}T{} {}Z\"{paint}/>",
                num(x),
                num(y),
                num(right),
                num(bottom - a),
                num(x + w * 0.75),
                num(bottom - 3.0 * a),
                num(cx),
                num(bottom - a),
                num(x),
                num(bottom - a)
            )]
        }
        NodeKind::Data => vec![format!(
            "<polygon points=\"{}\"{paint}/>",
            points(&[
                (x + slant, y),
                (right, y),
                (right - slant, bottom),
                (x, bottom)
            ])
        )],
        NodeKind::Manual => vec![format!(
            "<polygon points=\"{}\"{paint}/>",
            points(&[
                (x, y),
                (right, y),
                (right - slant, bottom),
                (x + slant, bottom)
            ])
        )],
        NodeKind::Preparation => vec![format!(
            "<polygon points=\"{}\"{paint}/>",
            points(&[
                (x + slant, y),
                (right - slant, y),
                (right, cy),
                (right - slant, bottom),
                (x + slant, bottom),
                (x, cy)
            ])
        )],
        NodeKind::Parallel | NodeKind::Join if direction == Direction::LeftRight => {
            vec![format!(
                "<path d=\"M{} {}V{}M{} {}V{}\" fill=\"none\"{ink_only}/>",
                num(x),
                num(y),
                num(bottom),
                num(right),
                num(y),
                num(bottom)
            )]
        }
        NodeKind::Parallel | NodeKind::Join => vec![format!(
            "<path d=\"M{} {}H{}M{} {}H{}\" fill=\"none\"{ink_only}/>",
            num(x),
            num(y),
            num(right),
            num(x),
            num(bottom),
            num(right)
        )],
        NodeKind::Connector => vec![format!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"{paint}/>",
            num(cx),
            num(cy),
            num(w.min(h) / 2.0)
        )],
        NodeKind::Annotation => {
            let arm = (w * 0.12).clamp(6.0, 12.0);
            vec![format!(
                "<path d=\"M{} {}H{}V{}H{}\" fill=\"none\"{ink_only}/>",
                num(x + arm),
                num(y),
                num(x),
                num(bottom),
                num(x + arm)
            )]
        }
    }
}

/// Draw `diagram` as an SVG document that names the font families only
/// ([`SvgFonts::None`]); `render` writes [`to_svg_with`] and [`SvgFonts::Embed`].
pub fn to_svg(diagram: &Diagram, theme: &Theme) -> String {
    to_svg_with(diagram, theme, SvgFonts::None)
}

/// Draw `diagram` as an SVG document, with or without its fonts embedded.
pub fn to_svg_with(diagram: &Diagram, theme: &Theme, fonts: SvgFonts) -> String {
    let capacity = 4096 + diagram.nodes.len() * 600;
    let mut w = Writer::new(theme, diagram.direction, fonts, capacity);
    let (width, height) = (diagram.width.max(1.0), diagram.height.max(1.0));
    w.line(0, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    w.line(
        0,
        &format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" class=\"liucheng theme-{2}\">",
            num(width),
            num(height),
            escape(&theme.name)
        ),
    );
    let style_at = w.out.len();
    chart_body(&mut w, diagram);
    w.finish(style_at)
}

/// Draw one printed page as an SVG document the size of its paper (CSS px): the page frame,
/// and the sheet scaled into it where the page layout put it.
pub fn page_svg(page: &Page, theme: &Theme, fonts: SvgFonts) -> String {
    let sheet = &page.sheet;
    let capacity = 4096 + sheet.nodes.len() * 600;
    let mut w = Writer::new(theme, sheet.direction, fonts, capacity);
    let (width, height) = (page.width.max(1.0), page.height.max(1.0));
    w.line(0, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    w.line(
        0,
        &format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" class=\"liucheng page theme-{2}\">",
            num(width),
            num(height),
            escape(&theme.name)
        ),
    );
    let style_at = w.out.len();
    let paper = Rect {
        x: 0.0,
        y: 0.0,
        w: width,
        h: height,
    };
    w.rect(1, paper, "paper", theme.get("background"), "none", 0.0, "");
    w.line(
        1,
        &format!(
            "<g class=\"sheet\" transform=\"translate({} {}) scale({})\">",
            num(page.origin.x),
            num(page.origin.y),
            // Four decimals: a scale rounded to two would move the far edge by up to 0.5%.
            (page.scale * 10_000.0).round() / 10_000.0
        ),
    );
    chart_body(&mut w, sheet);
    w.line(1, "</g>");
    let frame = w.theme.get("frame").to_string();
    w.rect(
        1,
        page.frame,
        "page-frame",
        "none",
        &frame,
        theme.num("stroke_width"),
        "",
    );
    w.finish(style_at)
}

/// Everything inside the root element of a chart's SVG.
fn chart_body(w: &mut Writer<'_>, diagram: &Diagram) {
    let theme = w.theme;
    let stroke = theme.num("stroke_width");
    let edge_width = theme.num("edge_width");
    let ink = theme.get("ink").to_string();
    let text_fill = theme.get("text").to_string();
    let muted = theme.get("muted").to_string();
    let (width, height) = (diagram.width.max(1.0), diagram.height.max(1.0));
    if let Some(title) = &diagram.furniture.title {
        w.line(
            1,
            &format!("<title>{}</title>", escape(&title.lines.join(""))),
        );
    }
    // Arrow heads: solid for flow, open for return edges.
    let back_color = theme.get("back_edge").to_string();
    w.line(1, "<defs>");
    w.line(
        2,
        &format!(
            "<marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0 1L10 5L0 9Z\" fill=\"{}\"/></marker>",
            theme.get("edge")
        ),
    );
    w.line(
        2,
        &format!(
            "<marker id=\"arrow-back\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"10\" markerHeight=\"10\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M1 1L10 5L1 9\" fill=\"none\" stroke=\"{back_color}\" stroke-width=\"1.5\"/></marker>"
        ),
    );
    w.line(1, "</defs>");
    w.rect(
        1,
        Rect {
            x: 0.0,
            y: 0.0,
            w: width,
            h: height,
        },
        "background",
        theme.get("background"),
        "none",
        0.0,
        "",
    );

    draw_lanes(w, diagram, stroke);
    draw_bands(w, diagram, stroke);

    // Edges below nodes; labels above both.
    w.line(1, "<g class=\"edges\" fill=\"none\">");
    for (i, edge) in diagram.edges.iter().enumerate() {
        draw_edge(w, i, edge, diagram, edge_width);
    }
    draw_junctions(w, diagram, edge_width);
    w.line(1, "</g>");

    w.line(1, "<g class=\"nodes\">");
    for (i, node) in diagram.nodes.iter().enumerate() {
        draw_node(w, i, node, stroke, &ink, &text_fill, &muted);
    }
    w.line(1, "</g>");

    if diagram.edges.iter().any(|e| e.label.is_some()) {
        w.line(1, "<g class=\"edge-labels\">");
        let label_fill = theme.get("label_fill").to_string();
        let label_text = theme.get("label_text").to_string();
        for (i, edge) in diagram.edges.iter().enumerate() {
            if let Some(label) = &edge.label {
                let size = LABEL_FONT_SIZE;
                w.line(
                    2,
                    &format!("<g class=\"edge-label\" id=\"edge-{i}-label\">"),
                );
                w.rect(3, label.rect, "label-bg", &label_fill, "none", 0.0, "");
                let lines: Vec<String> = label.text.lines().map(str::to_string).collect();
                w.lines(
                    3,
                    label.rect,
                    &lines,
                    size,
                    Align::Middle,
                    false,
                    &label_text,
                    "",
                );
                w.line(2, "</g>");
            }
        }
        w.line(1, "</g>");
    }

    draw_off_page(w, diagram, stroke, &ink);
    draw_furniture(w, diagram, stroke);
}

/// Off-page connectors: a circle with the crossing's letter, the page it continues on beside.
fn draw_off_page(w: &mut Writer<'_>, diagram: &Diagram, stroke: f64, ink: &str) {
    if diagram.off_page.is_empty() {
        return;
    }
    let fill = w.theme.get("node_fill").to_string();
    let text = w.theme.get("text").to_string();
    w.line(1, "<g class=\"off-page\">");
    for c in &diagram.off_page {
        let centre = c.rect.center();
        w.line(
            2,
            &format!(
                "<g class=\"connector off-page\" data-letter=\"{}\">",
                escape(&c.letter)
            ),
        );
        w.line(
            3,
            &format!(
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{fill}\" stroke=\"{ink}\" stroke-width=\"{}\"/>",
                num(centre.x),
                num(centre.y),
                num(c.rect.w.min(c.rect.h) / 2.0),
                num(stroke)
            ),
        );
        w.lines(
            3,
            c.rect,
            std::slice::from_ref(&c.letter),
            SMALL_FONT_SIZE,
            Align::Middle,
            true,
            &text,
            "off-page-letter",
        );
        w.block(3, &c.label, "off-page-label");
        w.line(2, "</g>");
    }
    w.line(1, "</g>");
}

fn draw_lanes(w: &mut Writer<'_>, diagram: &Diagram, stroke: f64) {
    if diagram.lanes.is_empty() {
        return;
    }
    let theme = w.theme;
    let line = theme.get("lane_line").to_string();
    let text = theme.get("text").to_string();
    let size = crate::diagram::HEADER_FONT_SIZE;
    w.line(1, "<g class=\"lanes\">");
    for (i, lane) in diagram.lanes.iter().enumerate() {
        let fill = if i % 2 == 0 {
            theme.get("lane_fill")
        } else {
            theme.get("lane_alt_fill")
        };
        w.line(
            2,
            &format!(
                "<g class=\"lane\" id=\"lane-{i}\" data-role=\"{}\">",
                escape(&lane.name)
            ),
        );
        w.rect(3, lane.body, "lane-body", fill, &line, stroke * 0.8, "");
        w.rect(
            3,
            lane.header,
            "lane-header",
            theme.get("lane_header_fill"),
            &line,
            stroke,
            "",
        );
        w.lines(
            3,
            lane.header,
            &lane.lines,
            size,
            Align::Middle,
            true,
            &text,
            "lane-title",
        );
        w.line(2, "</g>");
    }
    w.line(1, "</g>");
}

fn draw_bands(w: &mut Writer<'_>, diagram: &Diagram, stroke: f64) {
    if diagram.bands.is_empty() {
        return;
    }
    let theme = w.theme;
    let line = theme.get("lane_line").to_string();
    let text = theme.get("text").to_string();
    let size = crate::diagram::HEADER_FONT_SIZE;
    w.line(1, "<g class=\"bands\">");
    for (i, band) in diagram.bands.iter().enumerate() {
        w.line(
            2,
            &format!(
                "<g class=\"band\" id=\"band-{i}\" data-phase=\"{}\">",
                escape(&band.name)
            ),
        );
        w.rect(
            3,
            band.body,
            "band-body",
            "none",
            &line,
            stroke * 0.8,
            &format!(" stroke-dasharray=\"{}\"", theme.get("band_dash")),
        );
        w.rect(
            3,
            band.header,
            "band-header",
            theme.get("band_header_fill"),
            &line,
            stroke,
            "",
        );
        w.lines(
            3,
            band.header,
            &band.lines,
            size,
            Align::Middle,
            true,
            &text,
            "band-title",
        );
        w.line(2, "</g>");
    }
    w.line(1, "</g>");
}

fn path_d(pts: &[Point]) -> String {
    let mut d = String::new();
    for (i, p) in pts.iter().enumerate() {
        let _ = write!(
            d,
            "{}{} {}",
            if i == 0 { "M" } else { "L" },
            num(p.x),
            num(p.y)
        );
    }
    d
}

fn draw_edge(w: &mut Writer<'_>, i: usize, edge: &DiagramEdge, diagram: &Diagram, width: f64) {
    if edge.points.len() < 2 {
        return;
    }
    let theme = w.theme;
    let name = |k: usize| diagram.nodes.get(k).map(|n| n.name.as_str()).unwrap_or("");
    let (class, color, extra) = if edge.association {
        (
            "edge association",
            theme.get("edge").to_string(),
            " stroke-dasharray=\"3 3\"".to_string(),
        )
    } else if edge.back {
        (
            "edge back",
            theme.get("back_edge").to_string(),
            format!(
                " stroke-dasharray=\"{}\" marker-end=\"url(#arrow-back)\"",
                theme.get("back_dash")
            ),
        )
    } else {
        (
            "edge",
            theme.get("edge").to_string(),
            " marker-end=\"url(#arrow)\"".to_string(),
        )
    };
    w.line(
        2,
        &format!(
            "<path class=\"{class}\" id=\"edge-{i}\" data-from=\"{}\" data-to=\"{}\" d=\"{}\" stroke=\"{color}\" stroke-width=\"{}\"{extra}/>",
            escape(name(edge.from)),
            escape(name(edge.to)),
            path_d(&edge.points),
            num(width)
        ),
    );
}

/// Junction dots where merging edges join a shared line (the layout says where).
fn draw_junctions(w: &mut Writer<'_>, diagram: &Diagram, width: f64) {
    let color = w.theme.get("edge").to_string();
    let r = num(width * 1.5 + 1.0);
    for (i, edge) in diagram.edges.iter().enumerate() {
        for p in edge.junctions.iter().filter_map(|&k| edge.points.get(k)) {
            w.line(
                2,
                &format!(
                    "<circle class=\"junction\" data-edge=\"{i}\" cx=\"{}\" cy=\"{}\" r=\"{r}\" fill=\"{color}\"/>",
                    num(p.x),
                    num(p.y)
                ),
            );
        }
    }
}

fn draw_node(
    w: &mut Writer<'_>,
    i: usize,
    node: &DiagramNode,
    stroke: f64,
    ink: &str,
    text: &str,
    muted: &str,
) {
    w.line(
        2,
        &format!(
            "<g class=\"node {}\" id=\"node-{i}\" data-name=\"{}\">",
            class_of(node.kind),
            escape(&node.name)
        ),
    );
    let mut tooltip = vec![node.lines.join("")];
    tooltip.extend(node.tooltip.iter().cloned());
    if tooltip[0] != node.name {
        tooltip.insert(0, node.name.clone());
    }
    tooltip.dedup();
    w.line(
        3,
        &format!("<title>{}</title>", escape(&tooltip.join("\n"))),
    );
    let fill = w.fill_of(node.kind).to_string();
    let paint = format!(
        " fill=\"{fill}\" stroke=\"{ink}\" stroke-width=\"{}\"",
        num(stroke)
    );
    let ink_only = format!(" stroke=\"{ink}\" stroke-width=\"{}\"", num(stroke));
    for element in symbol(node.kind, node.rect, w.direction, &paint, &ink_only) {
        w.line(3, &element);
    }
    // Text area: the annotation's text sits right of its bracket; the rest is centred.
    let (area, align) = match node.kind {
        NodeKind::Annotation => {
            let arm = (node.rect.w * 0.12).clamp(6.0, 12.0);
            (
                Rect {
                    x: node.rect.x + arm * 0.5 + 2.0,
                    ..node.rect
                },
                Align::Start,
            )
        }
        _ => (node.rect, Align::Middle),
    };
    w.lines(
        3,
        area,
        &node.lines,
        node.font_size,
        align,
        false,
        text,
        "label",
    );
    if let (Some(number), Some(at)) = (&node.number, node.number_rect) {
        let (nx, ny) = (at.x, at.bottom() - SMALL_FONT_SIZE * 0.75);
        w.text(
            3,
            nx,
            ny,
            SMALL_FONT_SIZE,
            "start",
            true,
            muted,
            "number",
            number,
        );
    }
    if let (Some(limit), Some(at)) = (&node.limit, node.limit_rect) {
        w.text(
            3,
            at.x + 2.0,
            // Centred in its box, as the number is: above a box the two share one line.
            at.y + at.h / 2.0,
            SMALL_FONT_SIZE,
            "start",
            false,
            muted,
            "limit",
            limit,
        );
    }
    w.line(2, "</g>");
}

fn draw_table(w: &mut Writer<'_>, table: &Table, class: &str, stroke: f64) {
    let theme = w.theme;
    let frame = theme.get("frame").to_string();
    let header_fill = theme.get("header_fill").to_string();
    w.line(1, &format!("<g class=\"{class}\">"));
    w.rect(2, table.rect, "table-frame", "none", &frame, stroke, "");
    for cell in &table.cells {
        draw_cell(w, cell, &frame, &header_fill, stroke);
    }
    w.line(1, "</g>");
}

fn draw_cell(w: &mut Writer<'_>, cell: &Cell, frame: &str, header_fill: &str, stroke: f64) {
    if cell.header || cell.border {
        let fill = if cell.header { header_fill } else { "none" };
        let line = if cell.border { frame } else { "none" };
        w.rect(2, cell.rect, "cell", fill, line, stroke * 0.7, "");
    }
    w.block(
        2,
        &cell.text,
        if cell.header {
            "cell-head"
        } else {
            "cell-text"
        },
    );
}

fn draw_legend(w: &mut Writer<'_>, legend: &Legend, stroke: f64) {
    let theme = w.theme;
    let frame = theme.get("frame").to_string();
    let ink = theme.get("ink").to_string();
    w.line(1, "<g class=\"legend\">");
    w.rect(2, legend.rect, "legend-frame", "none", &frame, stroke, "");
    w.block(2, &legend.title, "legend-title");
    for item in &legend.items {
        let r = item.rect;
        match item.symbol {
            LegendSymbol::Node(kind) => {
                let fill = w.fill_of(kind).to_string();
                let paint = format!(
                    " fill=\"{fill}\" stroke=\"{ink}\" stroke-width=\"{}\"",
                    num(stroke)
                );
                let ink_only = format!(" stroke=\"{ink}\" stroke-width=\"{}\"", num(stroke));
                for element in symbol(kind, r, w.direction, &paint, &ink_only) {
                    w.line(2, &element);
                }
            }
            LegendSymbol::Flow | LegendSymbol::Back => {
                let back = item.symbol == LegendSymbol::Back;
                let y = r.y + r.h / 2.0;
                let (color, extra) = if back {
                    (
                        theme.get("back_edge").to_string(),
                        format!(
                            " stroke-dasharray=\"{}\" marker-end=\"url(#arrow-back)\"",
                            theme.get("back_dash")
                        ),
                    )
                } else {
                    (
                        theme.get("edge").to_string(),
                        " marker-end=\"url(#arrow)\"".to_string(),
                    )
                };
                w.line(
                    2,
                    &format!(
                        "<path d=\"M{} {}H{}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{}\"{extra}/>",
                        num(r.x),
                        num(y),
                        num(r.right()),
                        num(theme.num("edge_width"))
                    ),
                );
            }
        }
        w.block(2, &item.label, "legend-label");
    }
    w.line(1, "</g>");
}

fn draw_furniture(w: &mut Writer<'_>, diagram: &Diagram, stroke: f64) {
    let f = &diagram.furniture;
    if let Some(frame) = f.frame {
        let color = w.theme.get("frame").to_string();
        w.rect(1, frame, "frame", "none", &color, stroke, "");
    }
    if let Some(title) = &f.title {
        w.line(1, "<g class=\"title\">");
        w.block(2, title, "title-text");
        w.line(1, "</g>");
    }
    if let Some(notes) = &f.notes {
        draw_table(w, notes, "notes", stroke);
    }
    if let Some(legend) = &f.legend {
        draw_legend(w, legend, stroke);
    }
    if let Some(mark) = &f.not_validated {
        // A heavy border, so the mark is seen at a glance and survives a photocopy.
        let frame = w.theme.get("frame").to_string();
        w.line(1, "<g class=\"not-validated\">");
        w.rect(2, mark.rect, "mark", "none", &frame, stroke * 2.5, "");
        w.block(2, &mark.text, "mark-text");
        w.line(1, "</g>");
    }
    if let Some(block) = &f.title_block {
        draw_table(w, block, "title-block", stroke);
    }
    if let Some(revisions) = &f.revisions {
        draw_table(w, revisions, "revisions", stroke);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_stable() {
        assert_eq!(num(0.0), "0");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(1.0 / 3.0), "0.33");
        assert_eq!(num(-7.456), "-7.46");
        assert_eq!(num(100.0), "100");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn escaping() {
        assert_eq!(escape("<script>&\"'"), "&lt;script&gt;&amp;&quot;&apos;");
        assert_eq!(escape("a\u{1}b"), "ab");
        assert_eq!(
            escape("签\u{FFFE}收\u{FFFF}\u{1FFFF}\u{FDD0}\u{85}"),
            "签收"
        );
        assert_eq!(escape("\t收😀\u{10FFFD}"), "\t收😀\u{10FFFD}");
    }
}
