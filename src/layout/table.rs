//! Paginated geometry of the 流程说明表 (step table) on A4 portrait pages, for the SVG pages
//! (`render::table_svg`) and the PDF made from them.
//!
//! **Input:** a [`StepTable`] and a [`PageGeometry`]. **Output:** [`TablePage`]s with every
//! text already wrapped and every box placed; render only draws them. Units are points
//! (1/72 in): A4 is 595.28 × 841.89 pt, and font sizes are the printed sizes.
//!
//! Every page has the title line (「…流程说明表」, 「（续）」 after the first page), the
//! header row and at the bottom 「第 n 页 共 m 页」; the first page has the flow-level
//! 依据/备注/编号/编制单位/版本/日期 between title and table. A row is never split across
//! pages unless it is taller than a whole page's table area; then its lines are split (each
//! cell's lines up to the same height go on one page), the rest continues on the next page
//! below the repeated header, its 编号 cell marked 「（续）」. So all rows fit inside the
//! margins for any table, as long as a page holds the title, the header and one line.
//!
//! Column widths come from the content: each column wants its widest paragraph on one line
//! (its natural width) and gets at least [`MIN_COLUMN_EM`] em (or its natural width, if
//! smaller: 编号 stays narrow); the room between the minimums and the page width is shared out
//! in proportion to how much text each column holds, none above its natural width, so
//! 工作内容/标准, which holds the most, comes out widest. When everything fits on one line,
//! the spare width goes to 工作内容/标准.

use crate::diagram::{Align, Rect, TextBlock};
use crate::layout::text::{TextMeasure, wrap};
use crate::model::table::{COL_NUMBER, COL_WORK, StepTable};
use serde::Serialize;

/// Points per millimetre.
pub const PT_PER_MM: f64 = 72.0 / 25.4;
/// A column's minimum width, in em of the body font (unless its content is narrower).
pub const MIN_COLUMN_EM: f64 = 5.0;
/// Inner padding of a cell, left and right, pt.
const PAD_X: f64 = 3.0;
/// Inner padding of a cell, top and bottom, pt.
const PAD_Y: f64 = 2.5;
/// The mark of a row continued from the page before.
const CONTINUED: &str = "（续）";
/// Space between title, flow-level lines and table, pt.
const GAP: f64 = 8.0;

/// The paper and the type sizes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PageGeometry {
    /// Paper width, mm.
    pub width_mm: f64,
    /// Paper height, mm.
    pub height_mm: f64,
    /// Margin on all four sides, mm.
    pub margin_mm: f64,
    /// Body text size (cells, header, flow-level lines, page number), pt; at least 9.
    pub font_size: f64,
    /// Title size, pt.
    pub title_size: f64,
}

impl Default for PageGeometry {
    /// A4 portrait, 15 mm margins, 9 pt text, 14 pt title.
    fn default() -> Self {
        PageGeometry {
            width_mm: 210.0,
            height_mm: 297.0,
            margin_mm: 15.0,
            font_size: 9.0,
            title_size: 14.0,
        }
    }
}

impl PageGeometry {
    /// Paper width, pt.
    pub fn width(&self) -> f64 {
        self.width_mm * PT_PER_MM
    }
    /// Paper height, pt.
    pub fn height(&self) -> f64 {
        self.height_mm * PT_PER_MM
    }
    /// Margin, pt.
    pub fn margin(&self) -> f64 {
        self.margin_mm * PT_PER_MM
    }
    /// The area inside the margins, pt.
    pub fn content(&self) -> Rect {
        let m = self.margin();
        Rect {
            x: m,
            y: m,
            w: (self.width() - 2.0 * m).max(0.0),
            h: (self.height() - 2.0 * m).max(0.0),
        }
    }
}

/// One cell on a page: its border box and its text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableCell {
    /// The border box.
    pub rect: Rect,
    /// The wrapped text (top-aligned inside the padding).
    pub text: TextBlock,
}

/// One row (or the part of a split row) on a page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlacedRow {
    /// The node's name ([`crate::model::table::Row::name`]).
    pub name: String,
    /// Whether this is a continuation of a row begun on an earlier page.
    pub continued: bool,
    /// The cells, one per column.
    pub cells: Vec<TableCell>,
}

/// One page of the table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TablePage {
    /// The geometry the page was made with.
    pub geometry: PageGeometry,
    /// 1-based page number.
    pub number: usize,
    /// The title line.
    pub title: TextBlock,
    /// The flow-level lines (first page only).
    pub meta: Vec<TextBlock>,
    /// The header row.
    pub header: Vec<TableCell>,
    /// The rows.
    pub rows: Vec<PlacedRow>,
    /// 「第 n 页 共 m 页」.
    pub footer: TextBlock,
}

/// The column widths (pt) for a table in a content width.
pub fn column_widths(
    table: &StepTable,
    content_width: f64,
    size: f64,
    regular: &dyn TextMeasure,
    bold: &dyn TextMeasure,
) -> Vec<f64> {
    let columns = table.headers.len();
    let natural: Vec<f64> = (0..columns)
        .map(|c| {
            let head = bold.width(&table.headers[c], size);
            let body = table
                .rows
                .iter()
                .flat_map(|r| r.cells[c].split('\n'))
                .map(|p| regular.width(p, size))
                .fold(0.0, f64::max);
            // 编号 has room for the 「（续）」 of a row split across pages.
            let mark = if c == COL_NUMBER {
                regular.width(CONTINUED, size)
            } else {
                0.0
            };
            head.max(body).max(mark) + 2.0 * PAD_X
        })
        .collect();
    let floor = MIN_COLUMN_EM * size + 2.0 * PAD_X;
    let min: Vec<f64> = natural.iter().map(|&n| n.min(floor)).collect();
    let (sum_n, sum_min) = (natural.iter().sum::<f64>(), min.iter().sum::<f64>());
    if sum_n <= content_width {
        let mut w = natural;
        w[COL_WORK.min(columns - 1)] += content_width - sum_n;
        return w;
    }
    if sum_min >= content_width {
        return min.iter().map(|m| m * content_width / sum_min).collect();
    }
    // The room above the minimums goes to the columns in proportion to how much of their
    // text does not fit on one line at the minimum (summed over paragraphs): widening the
    // column with the most such text saves the most lines. A column never gets more than its natural width; what it does
    // not take is shared among the others (water filling, at most one round per column).
    let amount: Vec<f64> = (0..columns)
        .map(|c| {
            table
                .rows
                .iter()
                .flat_map(|r| r.cells[c].split('\n'))
                .map(|p| (regular.width(p, size) - (min[c] - 2.0 * PAD_X)).max(0.0))
                .sum::<f64>()
        })
        .collect();
    let mut widths = min.clone();
    let mut open: Vec<usize> = (0..columns).filter(|&c| natural[c] > min[c]).collect();
    let mut room = content_width - sum_min;
    while room > 1e-9 && !open.is_empty() {
        let total: f64 = open.iter().map(|&c| amount[c].max(1e-9)).sum();
        let full: Vec<usize> = open
            .iter()
            .copied()
            .filter(|&c| min[c] + room * amount[c].max(1e-9) / total >= natural[c])
            .collect();
        if full.is_empty() {
            for &c in &open {
                widths[c] = min[c] + room * amount[c].max(1e-9) / total;
            }
            break;
        }
        for &c in &full {
            room -= natural[c] - widths[c];
            widths[c] = natural[c];
        }
        open.retain(|c| !full.contains(c));
    }
    widths
}

/// Wrap a cell's paragraphs into lines of `width` (no lines for an empty cell).
///
/// `wrap` keeps the line-start rule even when a run of closing punctuation (「。。）」) is
/// wider than a narrow column; a line still too wide is then split between characters, so no
/// text ever crosses a cell's border.
fn cell_lines(text: &str, width: f64, size: f64, m: &dyn TextMeasure) -> Vec<String> {
    if text.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for line in text.split('\n').flat_map(|p| wrap(p, width, size, m)) {
        if m.width(&line, size) <= width + 1e-9 {
            out.push(line);
            continue;
        }
        let mut current = String::new();
        for c in line.chars() {
            current.push(c);
            if m.width(&current, size) > width + 1e-9 && current.chars().count() > 1 {
                current.pop();
                out.push(std::mem::take(&mut current));
                current.push(c);
            }
        }
        out.push(current);
    }
    out
}

/// Lay a table out on pages (at least one, even for a table without rows).
pub fn paginate(
    table: &StepTable,
    geometry: PageGeometry,
    regular: &dyn TextMeasure,
    bold: &dyn TextMeasure,
) -> Vec<TablePage> {
    let size = geometry.font_size;
    let lh = regular.line_height(size);
    let area = geometry.content();
    let widths = column_widths(table, area.w, size, regular, bold);
    let mut xs = Vec::with_capacity(widths.len());
    let mut x = area.x;
    for w in &widths {
        xs.push(x);
        x += w;
    }
    let inner = |c: usize| (widths[c] - 2.0 * PAD_X).max(size);
    // The footer line sits on the bottom margin's inner edge; rows end above it.
    let footer_y = area.bottom() - lh;
    let limit = footer_y - GAP;

    let header_lines: Vec<Vec<String>> = table
        .headers
        .iter()
        .enumerate()
        .map(|(c, h)| cell_lines(h, inner(c), size, bold))
        .collect();
    let header_h =
        header_lines.iter().map(Vec::len).max().unwrap_or(1).max(1) as f64 * lh + 2.0 * PAD_Y;

    let mut pages: Vec<TablePage> = Vec::new();
    // Start a page: title (and, on the first, the flow-level lines); returns the y where
    // the header row goes.
    let new_page = |pages: &mut Vec<TablePage>, meta: &mut std::vec::IntoIter<String>| {
        let number = pages.len() + 1;
        let title = if number == 1 {
            table.title.clone()
        } else {
            format!("{}（续）", table.title)
        };
        let title_lines = wrap(&title, area.w, geometry.title_size, bold);
        let title_h = bold.line_height(geometry.title_size) * title_lines.len() as f64;
        let mut y = area.y + title_h + GAP;
        let mut blocks = Vec::new();
        // Flow-level lines until the page is full (a table never starts on a page full of them).
        // At least one line per page, so a very long list still ends.
        while blocks.is_empty() || y + lh <= limit - header_h - lh - 2.0 * PAD_Y {
            let Some(line) = meta.next() else { break };
            blocks.push(TextBlock {
                lines: vec![line],
                rect: Rect {
                    x: area.x,
                    y,
                    w: area.w,
                    h: lh,
                },
                font_size: size,
                bold: false,
                align: Align::Start,
            });
            y += lh;
        }
        if !blocks.is_empty() {
            y += GAP;
        }
        pages.push(TablePage {
            geometry,
            number,
            title: TextBlock {
                lines: title_lines,
                rect: Rect {
                    x: area.x,
                    y: area.y,
                    w: area.w,
                    h: title_h,
                },
                font_size: geometry.title_size,
                bold: true,
                align: Align::Middle,
            },
            meta: blocks,
            header: Vec::new(),
            rows: Vec::new(),
            footer: TextBlock::default(),
        });
        y
    };
    let meta_lines: Vec<String> = table
        .meta_lines()
        .into_iter()
        .flat_map(|(label, text)| wrap(&format!("{label}：{text}"), area.w, size, regular))
        .collect();
    let mut meta = meta_lines.into_iter();
    let cells_at = |y: f64, h: f64, lines: Vec<Vec<String>>, bold: bool, align: Align| {
        lines
            .into_iter()
            .enumerate()
            .map(|(c, lines)| TableCell {
                rect: Rect {
                    x: xs[c],
                    y,
                    w: widths[c],
                    h,
                },
                text: TextBlock {
                    rect: Rect {
                        x: xs[c] + PAD_X,
                        y: y + PAD_Y,
                        w: inner(c),
                        h: lines.len() as f64 * lh,
                    },
                    lines,
                    font_size: size,
                    bold,
                    align,
                },
            })
            .collect::<Vec<_>>()
    };
    // Begin pages until the flow-level lines are placed, then put the header row.
    let mut y = new_page(&mut pages, &mut meta);
    while meta.len() > 0 {
        y = new_page(&mut pages, &mut meta);
    }
    let put_header = |page: &mut TablePage, y: f64| {
        page.header = cells_at(y, header_h, header_lines.clone(), true, Align::Middle);
        y + header_h
    };
    y = put_header(pages.last_mut().expect("one page"), y);
    let fresh_top = {
        // Where rows begin on a page after the first (title, header).
        let title_lines = wrap(
            &format!("{}（续）", table.title),
            area.w,
            geometry.title_size,
            bold,
        );
        area.y + bold.line_height(geometry.title_size) * title_lines.len() as f64 + GAP + header_h
    };
    // At least one line per page, even on paper too small for it (then it overflows).
    let fresh_lines = (((limit - fresh_top - 2.0 * PAD_Y) / lh).floor() as usize).max(1);

    for row in &table.rows {
        let mut lines: Vec<Vec<String>> = row
            .cells
            .iter()
            .enumerate()
            .map(|(c, t)| cell_lines(t, inner(c), size, regular))
            .collect();
        let number = row.cells[COL_NUMBER].clone();
        let mut continued = false;
        loop {
            let count = lines.iter().map(Vec::len).max().unwrap_or(0).max(1);
            let room = (((limit - y - 2.0 * PAD_Y) / lh) + 1e-9).floor().max(0.0) as usize;
            let page_has_rows = !pages.last().expect("one page").rows.is_empty();
            let fresh = !page_has_rows && y <= fresh_top + 1e-6;
            let take = if count <= room {
                count
            } else if fresh {
                // Taller than a whole page: split it, at least one line per page.
                room.max(1)
            } else if count > fresh_lines && room >= 2 {
                // It would be split anyway: begin it here rather than waste the space.
                room
            } else {
                y = new_page(&mut pages, &mut meta);
                y = put_header(pages.last_mut().expect("page"), y);
                continue;
            };
            let rest: Vec<Vec<String>> = lines
                .iter_mut()
                .map(|l| l.split_off(take.min(l.len())))
                .collect();
            let h = take as f64 * lh + 2.0 * PAD_Y;
            let cells = cells_at(y, h, std::mem::take(&mut lines), false, Align::Start);
            pages.last_mut().expect("page").rows.push(PlacedRow {
                name: row.name.clone(),
                continued,
                cells,
            });
            y += h;
            if rest.iter().all(Vec::is_empty) {
                break;
            }
            lines = rest;
            continued = true;
            if lines[COL_NUMBER].is_empty() && !number.is_empty() {
                lines[COL_NUMBER] = cell_lines(
                    &format!("{number}\n{CONTINUED}"),
                    inner(COL_NUMBER),
                    size,
                    regular,
                );
            }
            y = new_page(&mut pages, &mut meta);
            y = put_header(pages.last_mut().expect("page"), y);
        }
    }
    let total = pages.len();
    for page in &mut pages {
        page.footer = TextBlock {
            lines: vec![format!("第 {} 页 共 {total} 页", page.number)],
            rect: Rect {
                x: area.x,
                y: footer_y,
                w: area.w,
                h: lh,
            },
            font_size: size,
            bold: false,
            align: Align::Middle,
        };
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::text::ApproxMeasure;

    /// Found by `any_table_paginates_inside_the_margins`: a run of punctuation that may not
    /// begin a line, wider than the column, crossed the cell border.
    #[test]
    fn a_punctuation_run_wider_than_the_column_is_split() {
        let m = ApproxMeasure;
        let lines = cell_lines("丁。。。》，）", 27.0, 9.0, &m);
        assert_eq!(lines.concat(), "丁。。。》，）");
        for line in &lines {
            assert!(m.width(line, 9.0) <= 27.0, "{line:?}");
        }
        assert!(cell_lines("", 27.0, 9.0, &m).is_empty());
        assert_eq!(cell_lines("甲\n乙", 27.0, 9.0, &m), ["甲", "乙"]);
    }

    #[test]
    fn widths_fill_the_page_and_the_work_column_is_widest() {
        let m = ApproxMeasure;
        let long = "规则：".to_string() + &"甲".repeat(120);
        let row = |work: &str| crate::model::table::Row {
            name: "x".into(),
            cells: vec![
                "A1".into(),
                "登记来文".into(),
                "秘书科".into(),
                work.into(),
                "当日".into(),
                "条例第二十四条（二）".into(),
                String::new(),
                String::new(),
            ],
        };
        let mut table = crate::model::table::step_table(&crate::model::Process::default());
        table.rows = vec![row(&long), row("短")];
        let w = column_widths(&table, 510.0, 9.0, &m, &m);
        assert!((w.iter().sum::<f64>() - 510.0).abs() < 1e-6, "{w:?}");
        let widest = w.iter().cloned().fold(0.0, f64::max);
        assert_eq!(w[COL_WORK], widest, "{w:?}");
        assert!(w[COL_NUMBER] < 40.0, "{w:?}");
        // Everything on one line: the spare width goes to 工作内容.
        table.rows = vec![row("短")];
        let w = column_widths(&table, 510.0, 9.0, &m, &m);
        assert_eq!(w[COL_WORK], w.iter().cloned().fold(0.0, f64::max));
    }
}
