//! The diagram: positioned shapes, the contract between `layout` and `render`.
//!
//! Layout fills it in; render draws it and never moves anything. Units are CSS pixels
//! (1/96 inch); the origin is the top-left corner; y grows downwards. Every list is in a
//! deterministic order (node declaration order, edge declaration order), so the same input
//! gives the same bytes.

use crate::model::NodeKind;
use serde::Serialize;

/// A point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Point {
    /// x, rightwards.
    pub x: f64,
    /// y, downwards.
    pub y: f64,
}

/// An axis-aligned rectangle.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// Right edge.
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    /// Bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    /// Centre.
    pub fn center(&self) -> Point {
        Point {
            x: self.x + self.w / 2.0,
            y: self.y + self.h / 2.0,
        }
    }
    /// Whether two rectangles overlap by more than `eps` in both axes.
    pub fn overlaps(&self, other: &Rect, eps: f64) -> bool {
        self.x < other.right() - eps
            && other.x < self.right() - eps
            && self.y < other.bottom() - eps
            && other.y < self.bottom() - eps
    }
    /// Whether a point lies inside (borders included, widened by `eps`).
    pub fn contains(&self, p: Point, eps: f64) -> bool {
        p.x >= self.x - eps
            && p.x <= self.right() + eps
            && p.y >= self.y - eps
            && p.y <= self.bottom() + eps
    }
}

/// Flow direction of the chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub enum Direction {
    /// Top to bottom; lanes are vertical columns.
    #[default]
    TopBottom,
    /// Left to right; lanes are horizontal rows.
    LeftRight,
}

/// Font size of lane and phase-band header text, px.
pub const HEADER_FONT_SIZE: f64 = 14.0;
/// Font size of edge labels (是/否, 通过/退回), px: the layout measures them at this size and
/// the renderer draws them at it.
pub const LABEL_FONT_SIZE: f64 = 12.0;
/// Font size of step numbers and time limits under steps, px: the same as edge labels, so
/// that at the smallest print scale, set by step text at 7 pt, they still print at 6 pt.
pub const SMALL_FONT_SIZE: f64 = 12.0;

/// A swimlane (one per role).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lane {
    /// The role's name, shown in the header.
    pub name: String,
    /// The name wrapped to the header cell (horizontal text, [`HEADER_FONT_SIZE`]).
    pub lines: Vec<String>,
    /// The header cell.
    pub header: Rect,
    /// The lane body (the nodes of this role lie inside it).
    pub body: Rect,
}

/// A phase band (会前 / 会中 / 会后), across all lanes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    /// Phase name.
    pub name: String,
    /// The name wrapped to the header cell (horizontal text, [`HEADER_FONT_SIZE`]).
    pub lines: Vec<String>,
    /// The header cell.
    pub header: Rect,
    /// The band body.
    pub body: Rect,
}

/// A placed node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiagramNode {
    /// The node's unique name in the model (used for SVG ids).
    pub name: String,
    /// Which symbol to draw.
    pub kind: NodeKind,
    /// The symbol's bounding box.
    pub rect: Rect,
    /// Text lines, already wrapped to fit, drawn centred in the box.
    pub lines: Vec<String>,
    /// Font size of the lines, px.
    pub font_size: f64,
    /// Printed step number (lane letter + row, e.g. `B3`).
    pub number: Option<String>,
    /// Where the step number is drawn (its text box): above the top-left corner, or in the
    /// upper-left corner of a diamond's bounding box.
    pub number_rect: Option<Rect>,
    /// Time limit text, if shown.
    pub limit: Option<String>,
    /// Where the time limit is drawn (its text box; the layout keeps it clear of edges and
    /// labels): under the box beside the outgoing line, or above a decision's right corner,
    /// away from the branch labels.
    pub limit_rect: Option<Rect>,
    /// The lane the node lies in.
    pub lane: Option<usize>,
    /// Tooltip lines (owner, time limit, basis) for the SVG `<title>`.
    pub tooltip: Vec<String>,
}

/// A placed edge label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EdgeLabel {
    /// The text.
    pub text: String,
    /// Where it is drawn (never over a node or another label).
    pub rect: Rect,
}

/// A routed edge: an orthogonal polyline from the source's border to the target's border.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiagramEdge {
    /// Index of the source in [`Diagram::nodes`].
    pub from: usize,
    /// Index of the target in [`Diagram::nodes`].
    pub to: usize,
    /// Polyline; consecutive points differ in x or in y, not both. The arrow head is at the last point.
    pub points: Vec<Point>,
    /// Branch label.
    pub label: Option<EdgeLabel>,
    /// A return (back) edge.
    pub back: bool,
    /// A dashed association (annotation), drawn without an arrow head.
    pub association: bool,
    /// Junctions (GB/T 1526 / ISO 5807 flowline junction, drawn as a small filled dot):
    /// indices into [`DiagramEdge::points`] where this edge joins a line it shares with other
    /// edges into the same target, so a merge is never mistaken for a crossing. Each
    /// junction of the diagram is listed on exactly one edge.
    pub junctions: Vec<usize>,
}

/// Everything to draw.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Diagram {
    /// Total width, px.
    pub width: f64,
    /// Total height, px.
    pub height: f64,
    /// Flow direction.
    pub direction: Direction,
    /// Swimlanes (empty for a plain flowchart).
    pub lanes: Vec<Lane>,
    /// Phase bands (may be empty).
    pub bands: Vec<Band>,
    /// Nodes in model declaration order.
    pub nodes: Vec<DiagramNode>,
    /// Edges in model declaration order.
    pub edges: Vec<DiagramEdge>,
    /// Chart furniture (title, title block, legend, 说明 column), placed by `layout::page`.
    pub furniture: Furniture,
    /// Off-page connectors (GB/T 1526 连接符) where a chart split across pages cuts a line;
    /// empty for a chart on one sheet.
    pub off_page: Vec<OffPage>,
}

/// An off-page connector (GB/T 1526 / ISO 5807 连接符): a small circle holding the
/// crossing's letter at the end of a cut line, with the page it continues on beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct OffPage {
    /// The circle's bounding box.
    pub rect: Rect,
    /// The letter of the crossing (A, B, …, Z, AA, …), the same on both pages.
    pub letter: String,
    /// 「转第2页」 (the line goes on there) or 「接第1页」 (it comes from there), beside the circle.
    pub label: TextBlock,
}

/// One printed page: a sheet (a furnished [`Diagram`], or a slice of one) scaled into the
/// frame of a sheet of paper. Units are CSS px of the paper (1/96 inch), so the page prints
/// at its size.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Page {
    /// Paper width, px.
    pub width: f64,
    /// Paper height, px.
    pub height: f64,
    /// The page frame (at the margin).
    pub frame: Rect,
    /// The sheet drawn inside the frame (its own coordinates).
    pub sheet: Diagram,
    /// Where the sheet's origin goes on the paper, px.
    pub origin: Point,
    /// The sheet's scale on the paper (1 = as laid out).
    pub scale: f64,
}

/// How the lines of a [`TextBlock`] are aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub enum Align {
    /// Flush left.
    #[default]
    Start,
    /// Centred.
    Middle,
}

/// Lines of text placed in a rectangle: line `i` fills the band `rect.y + i·lh .. + lh`
/// (lh = 1.4 × font size), centred vertically in `rect` when `rect` is taller.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct TextBlock {
    /// The lines, already wrapped to fit `rect.w`.
    pub lines: Vec<String>,
    /// Where the lines go.
    pub rect: Rect,
    /// Font size, px.
    pub font_size: f64,
    /// Set in the bold face.
    pub bold: bool,
    /// Horizontal alignment.
    pub align: Align,
}

/// A table cell: a bordered (or open) rectangle holding text.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Cell {
    /// The cell.
    pub rect: Rect,
    /// Its text (inside the cell, padding applied).
    pub text: TextBlock,
    /// A header cell (shaded).
    pub header: bool,
    /// Draw the cell's border.
    pub border: bool,
}

/// A table: an outer frame and its cells.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Table {
    /// The outer frame.
    pub rect: Rect,
    /// The cells, row by row.
    pub cells: Vec<Cell>,
}

/// What a legend entry shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum LegendSymbol {
    /// A node symbol.
    Node(NodeKind),
    /// A flow line with an arrow.
    Flow,
    /// A return (back) flow line.
    Back,
}

/// One legend entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LegendItem {
    /// The symbol.
    pub symbol: LegendSymbol,
    /// Where the symbol is drawn.
    pub rect: Rect,
    /// Its name (GB/T 1526).
    pub label: TextBlock,
}

/// The legend (图例): only the symbols the chart uses.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Legend {
    /// The legend's frame.
    pub rect: Rect,
    /// Its heading.
    pub title: TextBlock,
    /// The entries.
    pub items: Vec<LegendItem>,
}

/// Everything around the chart. Empty for a bare chart.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Furniture {
    /// A frame around the whole sheet.
    pub frame: Option<Rect>,
    /// The chart title (bold).
    pub title: Option<TextBlock>,
    /// The title block (标题栏): 流程名称, 编号, 版本, 编制单位, 日期, 生效日期 and the
    /// 编制 / 审核 / 批准 sign-off row.
    pub title_block: Option<Table>,
    /// The revision history (修订记录), when the flow records one.
    pub revisions: Option<Table>,
    /// The legend (图例).
    pub legend: Option<Legend>,
    /// The 说明 column: each step's number with its 规则, 标准 and 依据.
    pub notes: Option<Table>,
    /// The 「未通过检查」 (NOT VALIDATED) mark above the title block, on a chart drawn although
    /// the validator found errors (`render --allow-errors`); drawn with a heavy border.
    pub not_validated: Option<Cell>,
}
