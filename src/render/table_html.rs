//! The step table ([`StepTable`]) as one self-contained HTML page, ready to print on A4.
//!
//! Polyglot markup: the page is HTML5 for browsers and at the same time well-formed XML
//! (XHTML namespace, every element closed), so XML tools can read it and tests parse it. No
//! external resources: the CSS is inline, the font is named by the same family list the SVG
//! uses (a browser without Noto Sans CJK SC falls back to its own sans-serif Chinese font).
//! The rows sit in a `<table>` with a `<thead>`, which browsers repeat at the top of every
//! printed page; `break-inside: avoid` keeps a row on one page. Every text is XML-escaped
//! (characters XML forbids are dropped, as in the SVG; `check::text` reports them first).

use crate::model::table::{COL_NUMBER, COL_WORK, StepTable};
use crate::render::svg::{FONT_STACK, escape};
use std::fmt::Write;

const STYLE: &str = "@page { size: A4 portrait; margin: 15mm; }
body { font-family: FONT; font-size: 10pt; line-height: 1.4; color: #000; margin: 0; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 4mm 0; }
.meta { margin: 0 0 3mm 0; padding: 0; list-style: none; font-size: 10pt; }
.meta li { margin: 0 0 1mm 0; }
.meta .label { font-weight: bold; }
table.steps { width: 100%; border-collapse: collapse; }
table.steps thead { display: table-header-group; }
table.steps tr { break-inside: avoid; page-break-inside: avoid; }
table.steps th, table.steps td { border: 0.5pt solid #000; padding: 1.5mm 1.5mm; vertical-align: top; text-align: left; }
table.steps th { background: #eee; font-weight: bold; text-align: center; }
table.steps td.number { white-space: nowrap; }
table.steps td.work { width: 32%; }
@media print { th { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
";

/// A cell's text: paragraphs (separated by `\n`) joined by `<br/>`, everything escaped.
fn cell_html(text: &str) -> String {
    text.split('\n')
        .map(escape)
        .collect::<Vec<_>>()
        .join("<br/>")
}

/// The HTML page of a table.
pub fn to_html(table: &StepTable) -> String {
    let mut out = String::new();
    let title = escape(&table.title);
    out.push_str("<!DOCTYPE html>\n");
    out.push_str(
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"zh-CN\" xml:lang=\"zh-CN\">\n",
    );
    out.push_str("<head>\n<meta charset=\"utf-8\"/>\n");
    let _ = writeln!(out, "<title>{title}</title>");
    let _ = writeln!(
        out,
        "<style>\n{}</style>",
        // Raw: HTML does not decode entities inside <style>; the stack has no `<` or `&`.
        STYLE.replace("FONT", FONT_STACK)
    );
    out.push_str("</head>\n<body>\n");
    let _ = writeln!(out, "<h1>{title}</h1>");
    let meta = table.meta_lines();
    if !meta.is_empty() {
        out.push_str("<ul class=\"meta\">\n");
        for (label, text) in meta {
            let _ = writeln!(
                out,
                "<li><span class=\"label\">{}：</span>{}</li>",
                escape(label),
                cell_html(&text)
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("<table class=\"steps\">\n<thead>\n<tr>");
    for header in &table.headers {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(header));
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for row in &table.rows {
        out.push_str("<tr>");
        for (i, cell) in row.cells.iter().enumerate() {
            let class = match i {
                COL_NUMBER => " class=\"number\"",
                COL_WORK => " class=\"work\"",
                _ => "",
            };
            let _ = write!(out, "<td{class}>{}</td>", cell_html(cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    out
}
