//! Chart furniture: title, 说明 column, legend, title block and frame around a laid-out chart.
//!
//! Runs after the chart layout. **Precondition:** a [`Diagram`] whose chart (lanes, bands,
//! nodes, edges) lies in `0..width × 0..height`. **Postcondition:** the chart is translated
//! to make room, every piece of furniture is placed in [`Diagram::furniture`] with its text
//! already wrapped, nothing overlaps, and `width`/`height` cover the whole sheet. Render only
//! draws what is recorded here.
//!
//! Sheet arrangement (the 办公室工作流程图 swimlane style):
//!
//! ```text
//! ┌──────────────────────────────────────────────┐
//! │                 收文办理流程图                 │
//! │ ┌──────── chart (lanes) ────────┐ ┌─ 说明 ─┐ │
//! │ │                                │ │ B1 …  │ │
//! │ └────────────────────────────────┘ └───────┘ │
//! │ ┌── 图例 ──────────────┐ ┌── 标题栏 ───────┐ │
//! │ └──────────────────────┘ └─────────────────┘ │
//! └──────────────────────────────────────────────┘
//! ```

use crate::diagram::{
    Align, Cell, Diagram, Direction, Furniture, Legend, LegendItem, LegendSymbol, Point, Rect,
    Table, TextBlock,
};
use crate::layout::text::{TextMeasure, wrap};
use crate::model::{NodeKind, Process};

/// Which furniture to place.
#[derive(Debug, Clone, PartialEq)]
pub struct PageOptions {
    /// The title at the top.
    pub title: bool,
    /// The title block (标题栏).
    pub title_block: bool,
    /// The legend (图例).
    pub legend: bool,
    /// The 说明 column; `None` = when any step has 规则, 标准 or 依据.
    pub notes: Option<bool>,
    /// Width of the 说明 column, px.
    pub notes_width: f64,
    /// Font size of furniture text, px.
    pub font_size: f64,
    /// Font size of the title, px.
    pub title_size: f64,
    /// Mark the chart 「未通过检查」 (NOT VALIDATED) above the title block: the validator
    /// found errors and the chart was drawn anyway.
    pub not_validated: bool,
    /// Appended to the title, e.g. 「（第1页，共3页）」 on a chart split across pages.
    pub page_label: Option<String>,
    /// A short footer for print: the legend on one line (its title beside the symbols) and
    /// the sign-off (编制, 审核, 批准) as one row of the title block.
    pub compact_footer: bool,
    /// Space between the sheet's edge (its frame) and what is on it, px: [`MARGIN`] for a
    /// chart on its own, less on paper, where the page margin is already white.
    pub margin: f64,
}

impl Default for PageOptions {
    fn default() -> Self {
        PageOptions {
            title: true,
            title_block: true,
            legend: true,
            notes: None,
            notes_width: TITLE_BLOCK_LABEL_W + TITLE_BLOCK_VALUE_W,
            font_size: 12.0,
            title_size: 22.0,
            not_validated: false,
            page_label: None,
            compact_footer: true,
            margin: MARGIN,
        }
    }
}

/// Outer margin, px.
pub const MARGIN: f64 = 28.0;
/// Space between blocks, px.
pub const GAP: f64 = 18.0;
const PAD: f64 = 6.0;
const FRAME_INSET: f64 = 10.0;
const TITLE_BLOCK_LABEL_W: f64 = 64.0;
const TITLE_BLOCK_VALUE_W: f64 = 200.0;
const REVISION_TABLE_W: f64 = 560.0;
const LEGEND_SYMBOL_W: f64 = 40.0;
const LEGEND_SYMBOL_H: f64 = 22.0;
const LEGEND_COLUMN_GAP: f64 = 28.0;

/// Move every chart element by (dx, dy).
pub fn translate(diagram: &mut Diagram, dx: f64, dy: f64) {
    let mv = |r: &mut Rect| {
        r.x += dx;
        r.y += dy;
    };
    for lane in &mut diagram.lanes {
        mv(&mut lane.header);
        mv(&mut lane.body);
    }
    for band in &mut diagram.bands {
        mv(&mut band.header);
        mv(&mut band.body);
    }
    for node in &mut diagram.nodes {
        mv(&mut node.rect);
        for r in [&mut node.number_rect, &mut node.limit_rect]
            .into_iter()
            .flatten()
        {
            mv(r);
        }
    }
    for edge in &mut diagram.edges {
        for p in &mut edge.points {
            *p = Point {
                x: p.x + dx,
                y: p.y + dy,
            };
        }
        if let Some(label) = &mut edge.label {
            mv(&mut label.rect);
        }
    }
    for c in &mut diagram.off_page {
        mv(&mut c.rect);
        mv(&mut c.label.rect);
    }
}

/// The chart title: the flow's name, with 流程图 appended unless it already says so.
pub fn title_text(name: &str) -> String {
    if name.ends_with("流程图") || name.ends_with("图") {
        name.to_string()
    } else if name.ends_with("流程") {
        format!("{name}图")
    } else {
        format!("{name}流程图")
    }
}

#[allow(clippy::too_many_arguments)]
fn block(
    lines: Vec<String>,
    x: f64,
    y: f64,
    w: f64,
    size: f64,
    bold: bool,
    align: Align,
    m: &dyn TextMeasure,
) -> TextBlock {
    let h = m.line_height(size) * lines.len() as f64;
    TextBlock {
        lines,
        rect: Rect { x, y, w, h },
        font_size: size,
        bold,
        align,
    }
}

/// A 说明 entry's heading lines (number and name) and body lines (规则, 标准, 依据).
type NoteLines = (Vec<String>, Vec<String>);

/// The lines of node `i`'s 说明 entry, if it has 规则, 标准 or 依据.
fn note_lines(
    process: &Process,
    by_name: &std::collections::HashMap<&str, petgraph::stable_graph::NodeIndex>,
    diagram: &Diagram,
    i: usize,
    width: f64,
    size: f64,
    m: &dyn TextMeasure,
) -> Option<NoteLines> {
    let dn = &diagram.nodes[i];
    let idx = *by_name.get(dn.name.as_str())?;
    let node = &process.graph[idx];
    let mut parts: Vec<String> = Vec::new();
    if !node.rules.is_empty() {
        parts.push(format!("规则：{}", node.rules.join("；")));
    }
    if !node.standards.is_empty() {
        parts.push(format!("标准：{}", node.standards.join("；")));
    }
    if !node.basis.is_empty() {
        parts.push(format!("依据：{}", node.basis.join("；")));
    }
    if parts.is_empty() {
        return None;
    }
    let number = dn.number.clone().or_else(|| node.short_id.clone());
    let head = match number {
        Some(n) => format!("{n} {}", node.name),
        None => node.name.clone(),
    };
    let head = wrap(&head, width, size, m);
    let mut body = Vec::new();
    for part in parts {
        body.extend(wrap(&part, width, size, m));
    }
    Some((head, body))
}

fn legend_symbols(diagram: &Diagram) -> Vec<LegendSymbol> {
    let order = [
        NodeKind::Start,
        NodeKind::Task,
        NodeKind::Decision,
        NodeKind::SubFlow,
        NodeKind::Document,
        NodeKind::Data,
        NodeKind::Manual,
        NodeKind::Preparation,
        NodeKind::Parallel,
        NodeKind::Connector,
        NodeKind::Annotation,
    ];
    let same = |a: NodeKind, b: NodeKind| {
        a == b
            || matches!(
                (a, b),
                (NodeKind::End, NodeKind::Start) | (NodeKind::Join, NodeKind::Parallel)
            )
    };
    let mut out: Vec<LegendSymbol> = order
        .iter()
        .filter(|k| diagram.nodes.iter().any(|n| same(n.kind, **k)))
        .map(|k| LegendSymbol::Node(*k))
        .collect();
    if diagram.edges.iter().any(|e| !e.back && !e.association) {
        out.push(LegendSymbol::Flow);
    }
    if diagram.edges.iter().any(|e| e.back && !e.association) {
        out.push(LegendSymbol::Back);
    }
    out
}

/// The GB/T 1526 name of a node kind's symbol, as the legend shows it.
pub fn symbol_name(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Start | NodeKind::End => "端点符（开始/结束）",
        NodeKind::Task => "处理",
        NodeKind::Decision => "判断",
        NodeKind::SubFlow => "既定处理（子流程）",
        NodeKind::Document => "文档",
        NodeKind::Data => "数据",
        NodeKind::Manual => "人工操作",
        NodeKind::Preparation => "准备",
        NodeKind::Parallel | NodeKind::Join => "并行方式（分支/汇合）",
        NodeKind::Connector => "连接符",
        NodeKind::Annotation => "注解符",
    }
}

fn legend_name(symbol: LegendSymbol) -> &'static str {
    match symbol {
        LegendSymbol::Node(kind) => symbol_name(kind),
        LegendSymbol::Flow => "流线",
        LegendSymbol::Back => "退回流线",
    }
}

/// Lay out the legend with its top-left corner at (x, y), at most `max_w` wide.
fn legend(
    symbols: &[LegendSymbol],
    x: f64,
    y: f64,
    max_w: f64,
    size: f64,
    compact: bool,
    m: &dyn TextMeasure,
) -> Legend {
    let lh = m.line_height(size);
    let title = block(
        vec!["图例".to_string()],
        x + PAD,
        y + PAD,
        max_w - 2.0 * PAD,
        size,
        true,
        Align::Start,
        m,
    );
    let label_w = symbols
        .iter()
        .map(|s| m.width(legend_name(*s), size))
        .fold(0.0, f64::max)
        .ceil();
    // A wide gap between columns, so a label never seems to run into the next symbol
    // (the 流线 sample is a bare line).
    let item_w = LEGEND_SYMBOL_W + PAD + label_w + LEGEND_COLUMN_GAP;
    // Compact: the title sits left of the first row, level with the symbols.
    let (title, lead) = if compact {
        let tw = title.rect.w.min(m.width("图例", size).ceil());
        let title = TextBlock {
            rect: Rect {
                x: x + PAD,
                y: y + PAD + (LEGEND_SYMBOL_H - lh) / 2.0,
                w: tw,
                h: lh,
            },
            ..title
        };
        (title, tw + 2.0 * PAD)
    } else {
        (title, 0.0)
    };
    let columns =
        (((max_w - 2.0 * PAD - lead) / item_w).floor() as usize).clamp(1, symbols.len().max(1));
    let row_h = LEGEND_SYMBOL_H + PAD;
    let top = if compact {
        y + PAD
    } else {
        title.rect.bottom() + PAD
    };
    let mut items = Vec::with_capacity(symbols.len());
    for (k, s) in symbols.iter().enumerate() {
        let (col, row) = (k % columns, k / columns);
        let ix = x + PAD + lead + col as f64 * item_w;
        let iy = top + row as f64 * row_h;
        let sym_rect = Rect {
            x: ix,
            y: iy,
            w: LEGEND_SYMBOL_W,
            h: LEGEND_SYMBOL_H,
        };
        let label = TextBlock {
            lines: vec![legend_name(*s).to_string()],
            rect: Rect {
                x: ix + LEGEND_SYMBOL_W + PAD,
                y: iy + (LEGEND_SYMBOL_H - lh) / 2.0,
                w: label_w,
                h: lh,
            },
            font_size: size,
            bold: false,
            align: Align::Start,
        };
        items.push(LegendItem {
            symbol: *s,
            rect: sym_rect,
            label,
        });
    }
    let rows = symbols.len().div_ceil(columns);
    let h = top - y + rows as f64 * row_h;
    Legend {
        rect: Rect {
            x,
            y,
            w: lead + columns as f64 * item_w + 2.0 * PAD,
            h,
        },
        title,
        items,
    }
}

/// A bordered table cell at `rect` with `lines` inside its padding.
fn grid_cell(rect: Rect, lines: Vec<String>, size: f64, header: bool, align: Align) -> Cell {
    Cell {
        rect,
        text: TextBlock {
            rect: Rect {
                x: rect.x + PAD,
                y: rect.y + PAD,
                w: rect.w - 2.0 * PAD,
                h: rect.h - 2.0 * PAD,
            },
            lines,
            font_size: size,
            bold: header,
            align,
        },
        header,
        border: true,
    }
}

/// The title block at (x, y): label and value rows for 流程名称, 编号, 版本, 编制单位, 日期
/// (and 生效日期 when given), then 编制, 审核 and 批准 with what was written for each, or room
/// to sign by hand (two lines) when nothing was.
fn title_block(
    process: &Process,
    x: f64,
    y: f64,
    size: f64,
    compact: bool,
    m: &dyn TextMeasure,
) -> Table {
    let meta = &process.meta;
    let mut rows: Vec<(&str, Option<&str>, usize)> = vec![
        ("流程名称", Some(meta.name.as_str()), 1),
        ("编号", meta.code.as_deref(), 1),
        ("版本", meta.version.as_deref(), 1),
        ("编制单位", meta.unit.as_deref(), 1),
        ("日期", meta.date.as_deref(), 1),
    ];
    if meta.effective.is_some() {
        rows.push(("生效日期", meta.effective.as_deref(), 1));
    }
    let sign = [
        ("编制", meta.drafter.as_deref()),
        ("审核", meta.reviewer.as_deref()),
        ("批准", meta.approver.as_deref()),
    ];
    if !compact {
        for (label, value) in sign {
            rows.push((label, value, 2));
        }
    }
    let lh = m.line_height(size);
    let mut cells = Vec::new();
    let mut cy = y;
    // Compact: two label–value pairs a row (the last pair of a short row takes the rest).
    let pair_w = TITLE_BLOCK_LABEL_W + TITLE_BLOCK_VALUE_W;
    let per_row = if compact { 2 } else { 1 };
    let total = title_block_width(compact);
    for chunk in rows.chunks(per_row) {
        let wrapped: Vec<(Vec<String>, Vec<String>, f64)> = chunk
            .iter()
            .enumerate()
            .map(|(k, (label, value, _))| {
                let vw = if k + 1 == chunk.len() {
                    total - k as f64 * pair_w - TITLE_BLOCK_LABEL_W
                } else {
                    TITLE_BLOCK_VALUE_W
                };
                (
                    wrap(label, TITLE_BLOCK_LABEL_W - 2.0 * PAD, size, m),
                    wrap(value.unwrap_or(""), vw - 2.0 * PAD, size, m),
                    vw,
                )
            })
            .collect();
        let lines = chunk
            .iter()
            .zip(&wrapped)
            .map(|((_, _, min_lines), (_, v, _))| v.len().max(*min_lines))
            .max()
            .unwrap_or(1);
        let h = lh * lines as f64 + 2.0 * PAD;
        let mut cx = x;
        for (label_lines, value_lines, vw) in wrapped {
            let label_rect = Rect {
                x: cx,
                y: cy,
                w: TITLE_BLOCK_LABEL_W,
                h,
            };
            cells.push(grid_cell(
                label_rect,
                label_lines,
                size,
                true,
                Align::Middle,
            ));
            let value_rect = Rect {
                x: cx + TITLE_BLOCK_LABEL_W,
                y: cy,
                w: vw,
                h,
            };
            cells.push(grid_cell(
                value_rect,
                value_lines,
                size,
                false,
                Align::Start,
            ));
            cx += TITLE_BLOCK_LABEL_W + vw;
        }
        cy += h;
    }
    if compact {
        // One row: label, value, label, value, label, value; a value cell keeps room for a
        // hand-written signature (two lines) when nothing was written.
        let label_w = (m.width("编制", size) + 2.0 * PAD).ceil();
        let value_w = ((total - 3.0 * label_w) / 3.0).floor();
        let wrapped: Vec<Vec<String>> = sign
            .iter()
            .map(|(_, v)| wrap(v.unwrap_or(""), value_w - 2.0 * PAD, size, m))
            .collect();
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(0).max(2);
        let h = lh * lines as f64 + 2.0 * PAD;
        let mut cx = x;
        for ((label, _), value_lines) in sign.iter().zip(wrapped) {
            let label_rect = Rect {
                x: cx,
                y: cy,
                w: label_w,
                h,
            };
            let label_lines = wrap(label, label_w - 2.0 * PAD, size, m);
            cells.push(grid_cell(
                label_rect,
                label_lines,
                size,
                true,
                Align::Middle,
            ));
            // The last value cell takes what rounding left over.
            let w = if *label == "批准" {
                x + total - cx - label_w
            } else {
                value_w
            };
            let value_rect = Rect {
                x: cx + label_w,
                y: cy,
                w,
                h,
            };
            cells.push(grid_cell(
                value_rect,
                value_lines,
                size,
                false,
                Align::Start,
            ));
            cx += label_w + w;
        }
        cy += h;
    }
    Table {
        rect: Rect {
            x,
            y,
            w: total,
            h: cy - y,
        },
        cells,
    }
}

/// Width of the title block: one label–value pair a row, or two in a compact footer.
fn title_block_width(compact: bool) -> f64 {
    let pair = TITLE_BLOCK_LABEL_W + TITLE_BLOCK_VALUE_W;
    if compact { 2.0 * pair } else { pair }
}

/// Text and size of the 「未通过检查」 mark.
const NOT_VALIDATED_TEXT: &str = "未通过检查 NOT VALIDATED";
const NOT_VALIDATED_SIZE: f64 = 16.0;

/// The 「未通过检查」 mark at (x, y), `w` wide: bold, centred, in a bordered cell.
fn not_validated_mark(x: f64, y: f64, w: f64, bold: &dyn TextMeasure) -> Cell {
    let size = NOT_VALIDATED_SIZE;
    let pad = PAD * 1.5;
    let lines = wrap(NOT_VALIDATED_TEXT, w - 2.0 * pad, size, bold);
    let h = bold.line_height(size) * lines.len() as f64 + 2.0 * pad;
    let rect = Rect { x, y, w, h };
    Cell {
        rect,
        text: TextBlock {
            rect: Rect {
                x: x + pad,
                y: y + pad,
                w: w - 2.0 * pad,
                h: h - 2.0 * pad,
            },
            lines,
            font_size: size,
            bold: true,
            align: Align::Middle,
        },
        header: false,
        border: true,
    }
}

/// Column titles and widths (as fractions of the table) of the revision history.
const REVISION_COLUMNS: [(&str, f64); 4] = [
    ("版本", 0.12),
    ("日期", 0.2),
    ("修订人", 0.16),
    ("修订摘要", 0.52),
];

/// The revision history (修订记录) at (x, y), `w` wide: a title row, the column titles, then
/// one row per 修订 in the order written. `None` when the flow records no revision.
fn revision_table(
    process: &Process,
    x: f64,
    y: f64,
    w: f64,
    size: f64,
    m: &dyn TextMeasure,
) -> Option<Table> {
    let revisions = &process.meta.revisions;
    if revisions.is_empty() {
        return None;
    }
    let lh = m.line_height(size);
    let row_h = lh + 2.0 * PAD;
    let mut cells = vec![grid_cell(
        Rect { x, y, w, h: row_h },
        vec!["修订记录".to_string()],
        size,
        true,
        Align::Middle,
    )];
    let mut cy = y + row_h;
    let widths: Vec<f64> = REVISION_COLUMNS.iter().map(|(_, f)| w * f).collect();
    let mut row = |texts: [&str; 4], header: bool, cy: &mut f64| {
        let lines: Vec<Vec<String>> = texts
            .iter()
            .zip(&widths)
            .map(|(t, cw)| wrap(t, cw - 2.0 * PAD, size, m))
            .collect();
        let h = lh * lines.iter().map(Vec::len).max().unwrap_or(1).max(1) as f64 + 2.0 * PAD;
        let mut cx = x;
        for (i, (l, cw)) in lines.into_iter().zip(&widths).enumerate() {
            let rect = Rect {
                x: cx,
                y: *cy,
                w: *cw,
                h,
            };
            let align = if header || i < 3 {
                Align::Middle
            } else {
                Align::Start
            };
            cells.push(grid_cell(rect, l, size, header, align));
            cx += cw;
        }
        *cy += h;
    };
    row(REVISION_COLUMNS.map(|(t, _)| t), true, &mut cy);
    for r in revisions {
        row(
            [&r.version, &r.date, &r.author, &r.summary].map(String::as_str),
            false,
            &mut cy,
        );
    }
    Some(Table {
        rect: Rect { x, y, w, h: cy - y },
        cells,
    })
}

/// Push the cells of one 说明 entry at (x, y): the heading (number and name) in bold, then
/// 规则 / 标准 / 依据. Returns the entry's text height.
fn push_entry(
    cells: &mut Vec<Cell>,
    x: f64,
    y: f64,
    lines: NoteLines,
    opts: &PageOptions,
    lh: f64,
) -> f64 {
    let (head, body) = lines;
    let head_h = lh * head.len() as f64;
    let h = head_h + lh * body.len() as f64;
    for (lines, top, bottom, bold) in [
        (head, y, y + head_h, true),
        (body, y + head_h, y + h, false),
    ] {
        let (cell_top, cell_bottom) = (
            if bold { top - PAD / 2.0 } else { top },
            if bold { bottom } else { bottom + PAD / 2.0 },
        );
        cells.push(Cell {
            rect: Rect {
                x,
                y: cell_top,
                w: opts.notes_width,
                h: cell_bottom - cell_top,
            },
            text: TextBlock {
                lines,
                rect: Rect {
                    x: x + PAD,
                    y: top,
                    w: opts.notes_width - 2.0 * PAD,
                    h: bottom - top,
                },
                font_size: opts.font_size,
                bold,
                align: Align::Start,
            },
            header: false,
            border: false,
        });
    }
    h
}

fn notes_header(x: f64, y: f64, w: f64, h: f64) -> Cell {
    Cell {
        rect: Rect { x, y, w, h },
        text: TextBlock {
            lines: vec!["说明".to_string()],
            rect: Rect {
                x: x + PAD,
                y,
                w: w - 2.0 * PAD,
                h,
            },
            font_size: 14.0,
            bold: true,
            align: Align::Middle,
        },
        header: true,
        border: true,
    }
}

/// The 说明 entries of a left-to-right chart: a table under the chart, entries in flow
/// order filling balanced columns as wide as the chart allows.
fn notes_below(
    entries: Vec<(usize, NoteLines)>,
    x0: f64,
    y0: f64,
    avail_w: f64,
    opts: &PageOptions,
    lh: f64,
) -> Table {
    let col_w = opts.notes_width;
    let columns =
        (((avail_w + GAP) / (col_w + GAP)).floor() as usize).clamp(1, entries.len().max(1));
    let heights: Vec<f64> = entries
        .iter()
        .map(|(_, (h, b))| lh * (h.len() + b.len()) as f64 + 2.0 * PAD)
        .collect();
    // The lowest column height whose greedy packing needs at most `columns` columns.
    let needed = |limit: f64| {
        let (mut n, mut y) = (1usize, 0.0);
        for h in &heights {
            if y > 0.0 && y + h > limit + 1e-6 {
                n += 1;
                y = 0.0;
            }
            y += h;
        }
        n
    };
    let (mut lo, mut hi) = (
        heights.iter().copied().fold(0.0, f64::max),
        heights.iter().sum::<f64>(),
    );
    for _ in 0..40 {
        let mid = (lo + hi) / 2.0;
        if needed(mid) <= columns {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let target = hi;
    let width = columns as f64 * col_w + (columns - 1) as f64 * GAP;
    let head_h = lh + 2.0 * PAD;
    let mut cells = vec![notes_header(x0, y0, width, head_h)];
    let start = y0 + head_h + PAD;
    let (mut col, mut y, mut bottom) = (0usize, start, start);
    for ((_, lines), h) in entries.into_iter().zip(heights) {
        if y > start && y - start + h > target + 1e-6 && col + 1 < columns {
            col += 1;
            y = start;
        }
        let x = x0 + col as f64 * (col_w + GAP);
        push_entry(&mut cells, x, y, lines, opts, lh);
        y += h;
        bottom = bottom.max(y);
    }
    Table {
        rect: Rect {
            x: x0,
            y: y0,
            w: width,
            h: bottom - y0,
        },
        cells,
    }
}

/// Place the furniture around the laid-out chart (see the module docs).
pub fn furnish(
    diagram: &mut Diagram,
    process: &Process,
    opts: &PageOptions,
    m: &dyn TextMeasure,
    bold: &dyn TextMeasure,
) {
    let size = opts.font_size;
    let margin = opts.margin;
    let lh = m.line_height(size);
    let (chart_w, chart_h) = (diagram.width, diagram.height);
    let mut furniture = Furniture::default();

    // 说明 entries (wrapped now; placed once the chart has moved).
    let text_w = opts.notes_width - 2.0 * PAD;
    // One name index (a lookup per node would scan every node: quadratic on long flows).
    let mut by_name = std::collections::HashMap::new();
    for i in process.graph.node_indices() {
        by_name.entry(process.graph[i].name.as_str()).or_insert(i);
    }
    let mut entries: Vec<(usize, NoteLines)> = (0..diagram.nodes.len())
        .filter_map(|i| note_lines(process, &by_name, diagram, i, text_w, size, m).map(|l| (i, l)))
        .collect();
    let show_notes = opts.notes.unwrap_or(!entries.is_empty());

    // The sheet's content width: chart and 说明 column, or legend and title block if wider.
    let tb_w = title_block_width(opts.compact_footer);
    let min_legend_w = 200.0;
    let tb_part = if opts.title_block || opts.not_validated {
        tb_w + GAP
    } else {
        0.0
    };
    let lr = diagram.direction == Direction::LeftRight;
    let notes_part = if show_notes && !lr {
        GAP + opts.notes_width
    } else {
        0.0
    };
    let content_w = (chart_w + notes_part)
        .max(if opts.legend { min_legend_w } else { 0.0 } + tb_part)
        .max(200.0);

    // Title.
    let mut top = margin;
    let title_lines = if opts.title {
        let mut text = title_text(&process.meta.name);
        if let Some(label) = &opts.page_label {
            text.push_str(label);
        }
        wrap(&text, content_w, opts.title_size, bold)
    } else {
        Vec::new()
    };
    let title_h = if opts.title {
        bold.line_height(opts.title_size) * title_lines.len() as f64
    } else {
        0.0
    };
    if opts.title {
        top += title_h + GAP * 0.5;
    }
    // A chart narrower than the sheet is centred under the title.
    let left = margin + ((content_w - notes_part - chart_w) / 2.0).max(0.0);
    translate(diagram, left, top);
    let chart = Rect {
        x: left,
        y: top,
        w: chart_w,
        h: chart_h,
    };

    // 说明 column, entries aligned with their steps (top-to-bottom charts) and pushed down
    // so they never overlap.
    let mut bottom = chart.bottom();
    if show_notes && lr {
        entries.sort_by(|a, b| {
            let (na, nb) = (&diagram.nodes[a.0].rect, &diagram.nodes[b.0].rect);
            na.x.total_cmp(&nb.x)
                .then(na.y.total_cmp(&nb.y))
                .then(a.0.cmp(&b.0))
        });
        let table = notes_below(entries, chart.x, chart.bottom() + GAP, content_w, opts, lh);
        bottom = table.rect.bottom();
        furniture.notes = Some(table);
    } else if show_notes {
        let x = chart.right() + GAP;
        let (head_y, head_h) = match diagram.lanes.first() {
            Some(lane) => (lane.header.y, lane.header.h),
            None => (chart.y, lh + 2.0 * PAD),
        };
        let mut cells = vec![notes_header(x, head_y, opts.notes_width, head_h)];
        entries.sort_by(|a, b| {
            diagram.nodes[a.0]
                .rect
                .y
                .total_cmp(&diagram.nodes[b.0].rect.y)
                .then(a.0.cmp(&b.0))
        });
        let mut next_y = head_y + head_h + PAD;
        for (i, lines) in entries {
            let y = diagram.nodes[i].rect.y.max(next_y);
            let h = push_entry(&mut cells, x, y, lines, opts, lh);
            next_y = y + h + PAD * 2.0;
        }
        let col_bottom = (next_y - PAD).max(chart.bottom());
        // Notes pushed below the last step: the lanes (and the last phase band) grow to
        // the column's bottom, so the 说明 column never hangs below the chart.
        let overhang = col_bottom - chart.bottom();
        if overhang > 0.0 {
            for lane in &mut diagram.lanes {
                lane.body.h += overhang;
            }
            if let Some(band) = diagram.bands.last_mut() {
                band.body.h += overhang;
                band.header.h += overhang;
            }
        }
        furniture.notes = Some(Table {
            rect: Rect {
                x,
                y: head_y,
                w: opts.notes_width,
                h: col_bottom - head_y,
            },
            cells,
        });
        bottom = bottom.max(col_bottom);
    }

    // Legend (left) and title block (right) under everything.
    let mut row_y = bottom + GAP;
    let symbols = legend_symbols(diagram);
    let mut row_bottom = row_y;
    if opts.legend && !symbols.is_empty() {
        let max_w = (content_w - tb_part).max(min_legend_w);
        let mut lg = legend(&symbols, margin, row_y, max_w, size, opts.compact_footer, m);
        // A compact legend squeezed into more than two rows beside the wide title block
        // gets a line of its own above it instead.
        if opts.compact_footer && tb_part > 0.0 && lg.rect.h > 2.0 * (LEGEND_SYMBOL_H + PAD) + PAD {
            lg = legend(&symbols, margin, row_y, content_w, size, true, m);
            row_y = lg.rect.bottom() + GAP;
        }
        row_bottom = row_bottom.max(lg.rect.bottom());
        furniture.legend = Some(lg);
    }
    // The 「未通过检查」 mark heads the title block's column, as wide as the title block.
    let mut tb_y = row_y;
    if opts.not_validated {
        let mark = not_validated_mark(margin + content_w - tb_w, row_y, tb_w, bold);
        tb_y = mark.rect.bottom();
        row_bottom = row_bottom.max(tb_y);
        furniture.not_validated = Some(mark);
    }
    if opts.title_block {
        let x = margin + content_w - tb_w;
        let tb = title_block(process, x, tb_y, size, opts.compact_footer, m);
        row_bottom = row_bottom.max(tb.rect.bottom());
        furniture.title_block = Some(tb);
        // The revision history under the title block, right-aligned with it.
        let w = content_w.min(REVISION_TABLE_W);
        let x = margin + content_w - w;
        if let Some(t) = revision_table(process, x, row_bottom + GAP, w, size, m) {
            row_bottom = t.rect.bottom();
            furniture.revisions = Some(t);
        }
    }
    let width = margin * 2.0 + content_w;
    let height = row_bottom + margin;
    if opts.title {
        furniture.title = Some(TextBlock {
            rect: Rect {
                x: margin,
                y: margin,
                w: content_w,
                h: title_h,
            },
            lines: title_lines,
            font_size: opts.title_size,
            bold: true,
            align: Align::Middle,
        });
    }
    furniture.frame = Some(Rect {
        x: FRAME_INSET,
        y: FRAME_INSET,
        w: width - 2.0 * FRAME_INSET,
        h: height - 2.0 * FRAME_INSET,
    });
    diagram.width = width;
    diagram.height = height;
    diagram.furniture = furniture;
}
