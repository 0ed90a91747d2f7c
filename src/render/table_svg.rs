//! The step table's pages as SVG: one complete document per A4 page, drawn exactly where
//! `layout::table` put everything (render never moves or measures anything).
//!
//! Each document has `width`/`height` in millimetres (the paper) and a `viewBox` in points
//! (1/72 in; A4 is `0 0 595.28 841.89`), so a PDF writer can take the page size from the
//! attributes and draw the content in PDF's own unit. Text uses [`FONT_STACK`], whose first
//! family is the embedded font resvg draws with.

use crate::diagram::{Align, TextBlock};
use crate::layout::table::{PageGeometry, TableCell, TablePage, paginate};
use crate::model::table::StepTable;
use crate::render::measure::FontMeasure;
use crate::render::svg::{BASELINE_SHIFT, FONT_STACK, LINE_HEIGHT, escape, num};
use std::fmt::Write;

/// Border line width, pt.
const RULE: f64 = 0.6;
/// Fill of the header row (light enough for any printer).
const HEADER_FILL: &str = "#eeeeee";

/// The pages of a table, each a complete SVG document of one page.
pub fn table_pages(table: &StepTable, page: PageGeometry) -> Vec<String> {
    paginate(table, page, &FontMeasure::regular(), &FontMeasure::bold())
        .iter()
        .map(page_svg)
        .collect()
}

fn text_block(out: &mut String, block: &TextBlock) {
    let size = block.font_size;
    let lh = LINE_HEIGHT * size;
    let (x, anchor) = match block.align {
        Align::Middle => (block.rect.x + block.rect.w / 2.0, " text-anchor=\"middle\""),
        _ => (block.rect.x, ""),
    };
    let weight = if block.bold {
        " font-weight=\"bold\""
    } else {
        ""
    };
    for (i, line) in block.lines.iter().enumerate() {
        if line.is_empty() {
            continue;
        }
        let mid = block.rect.y + lh * (i as f64 + 0.5);
        let _ = writeln!(
            out,
            "  <text x=\"{}\" y=\"{}\" font-family=\"{FONT_STACK}\" font-size=\"{}\"{weight}{anchor} fill=\"#000\">{}</text>",
            num(x),
            num(mid + BASELINE_SHIFT * size),
            num(size),
            escape(line)
        );
    }
}

fn cell(out: &mut String, cell: &TableCell, fill: &str) {
    let r = cell.rect;
    let _ = writeln!(
        out,
        "  <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" stroke=\"#000\" stroke-width=\"{}\"/>",
        num(r.x),
        num(r.y),
        num(r.w),
        num(r.h),
        num(RULE)
    );
    text_block(out, &cell.text);
}

/// One laid-out page as an SVG document.
pub fn page_svg(page: &TablePage) -> String {
    let g = page.geometry;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}mm\" height=\"{}mm\" viewBox=\"0 0 {} {}\">",
        num(g.width_mm),
        num(g.height_mm),
        num(g.width()),
        num(g.height())
    );
    let _ = writeln!(
        out,
        "  <rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#fff\"/>",
        num(g.width()),
        num(g.height())
    );
    text_block(&mut out, &page.title);
    for block in &page.meta {
        text_block(&mut out, block);
    }
    for c in &page.header {
        cell(&mut out, c, HEADER_FILL);
    }
    for row in &page.rows {
        for c in &row.cells {
            cell(&mut out, c, "none");
        }
    }
    text_block(&mut out, &page.footer);
    out.push_str("</svg>\n");
    out
}
