//! The private working graph (ELK's `LGraph`): struct-of-arrays `Vec`s indexed by `usize`,
//! integer pixel coordinates, and the import from the [`Process`] model.
//!
//! Everything is laid out top-to-bottom internally (layers are rows, lanes are columns).
//! For left-to-right charts the importer swaps every box's width and height and the
//! exporter transposes `(x, y) → (y, x)`, so the text stays horizontal.
//!
//! Sizes are rounded up to even integers once, on input, so every later geometric test is
//! exact integer arithmetic.

use super::LayoutKind;
use super::LayoutOptions;
use super::text::{TextMeasure, wrap};
use crate::diagram::{Direction, LABEL_FONT_SIZE};
use crate::model::{EdgeKind, NodeKind, Process};

/// Horizontal padding inside a box, each side.
pub(crate) const PAD_X: f64 = 12.0;
/// Vertical padding inside a box, each side.
pub(crate) const PAD_Y: f64 = 8.0;

/// Which port of a real node an edge end uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Port {
    /// Bottom centre (out) — the main flow, or 是.
    South,
    /// Top centre (in); in-edges merge there.
    North,
    /// An east stub: index into [`NodeInfo::east`].
    East(usize),
    /// The middle of a side, for a same-row hand-off ([`EdgeInfo::flat`]): east when the
    /// other end lies in a lane further right, else west.
    Side,
}

/// An east stub of a node: a horizontal piece from the node's side to a reserved column.
#[derive(Debug, Clone)]
pub(crate) struct Stub {
    /// The stub's vertical continues upwards (a back edge leaving its lower node).
    pub up: bool,
    /// On the west side (a branch towards a lane further left), mirrored.
    pub west: bool,
    /// The model edge.
    pub edge: usize,
    /// y of the horizontal piece, node-local (node top = 0).
    pub y: i64,
    /// x of the column, outwards from the node's side (right side, or left side when west).
    pub dx: i64,
}

/// A rectangle in integer pixels (internal, node-local or absolute).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct IRect {
    pub x: i64,
    pub y: i64,
    pub w: i64,
    pub h: i64,
}

impl IRect {
    pub fn right(&self) -> i64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> i64 {
        self.y + self.h
    }
    pub fn shift(&self, dx: i64, dy: i64) -> IRect {
        IRect {
            x: self.x + dx,
            y: self.y + dy,
            ..*self
        }
    }
    pub fn union(&self, o: &IRect) -> IRect {
        let x = self.x.min(o.x);
        let y = self.y.min(o.y);
        IRect {
            x,
            y,
            w: self.right().max(o.right()) - x,
            h: self.bottom().max(o.bottom()) - y,
        }
    }
}

/// A real node.
#[derive(Debug, Clone)]
pub(crate) struct NodeInfo {
    pub name: String,
    pub kind: NodeKind,
    pub lines: Vec<String>,
    /// Internal width and height of the symbol.
    pub w: i64,
    pub h: i64,
    pub lane: usize,
    pub phase: Option<usize>,
    pub rank: usize,
    pub east: Vec<Stub>,
    /// Everything the node owns, node-local: symbol, labels, number, limit, stub columns.
    pub inflated: IRect,
    /// Step number / limit text (for export).
    pub number: Option<String>,
    pub limit: Option<String>,
    pub tooltip: Vec<String>,
    /// Its unit in the layered graph.
    pub unit: usize,
    /// Absolute top-left of the symbol, internal coordinates.
    pub x: i64,
    pub y: i64,
    /// Keep-out boxes of the renderer's decorations (number, limit), node-local.
    pub decorations: Vec<IRect>,
    /// The step number's and the time limit's boxes, node-local in the final (possibly
    /// transposed) orientation.
    pub number_box: Option<IRect>,
    pub limit_box: Option<IRect>,
}

/// A model edge.
#[derive(Debug, Clone)]
pub(crate) struct EdgeInfo {
    /// Model direction.
    pub from: usize,
    pub to: usize,
    pub label: Option<String>,
    /// Internal label size.
    pub label_w: i64,
    pub label_h: i64,
    pub declared_back: bool,
    pub association: bool,
    /// Reversed by cycle breaking: the layered direction is `to → from`.
    pub reversed: bool,
    /// Main flow (weight 2 in ranking).
    pub main: bool,
    /// A candidate same-row hand-off of a compact chart: ranked with minlen 0.
    pub handoff: bool,
    /// A same-row hand-off: both ends on one row, drawn as one horizontal arrow from the
    /// source's side to the target's side, with no layered edges (`chain` is empty).
    pub flat: bool,
    /// Port at the model source and at the model target.
    pub src_port: Port,
    pub dst_port: Port,
    /// Layered edges of the chain, top to bottom.
    pub chain: Vec<usize>,
    /// Placed label, absolute internal coordinates.
    pub label_rect: Option<IRect>,
    /// Routed polyline, model direction, internal coordinates.
    pub points: Vec<(i64, i64)>,
    /// Indices into `points` where the edge joins a line shared with other edges.
    pub junctions: Vec<usize>,
}

impl EdgeInfo {
    pub fn is_self_loop(&self) -> bool {
        self.from == self.to
    }
    /// Layered (upper, lower) endpoints.
    pub fn layered(&self) -> (usize, usize) {
        if self.reversed {
            (self.to, self.from)
        } else {
            (self.from, self.to)
        }
    }

    /// The ports at the layered source and target (see [`EdgeInfo::layered`]).
    pub fn layered_ports(&self) -> (Port, Port) {
        if self.reversed {
            (self.dst_port, self.src_port)
        } else {
            (self.src_port, self.dst_port)
        }
    }
}

/// A unit of a layer: a real node or a long-edge dummy.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    pub node: Option<usize>,
    pub edge: Option<usize>,
    pub lane: usize,
    /// 1 = lane body, 2 = right corridor (back-edge chains).
    pub slot: u8,
    pub layer: usize,
    /// Extents left and right of the reference x (a node's centre).
    pub left: i64,
    pub right: i64,
    pub x: i64,
}

impl Unit {
    pub fn key(&self) -> usize {
        self.lane * 3 + self.slot as usize
    }
    pub fn is_dummy(&self) -> bool {
        self.node.is_none()
    }
}

/// A layered edge between consecutive layers, with port offsets from the unit's x.
#[derive(Debug, Clone)]
pub(crate) struct LEdge {
    pub from: usize,
    pub to: usize,
    pub from_off: i64,
    pub to_off: i64,
}

/// The working graph.
#[derive(Debug, Clone)]
pub(crate) struct LGraph {
    pub direction: Direction,
    /// Compact density ([`super::Density::Compact`]).
    pub compact: bool,
    pub lanes_on: bool,
    pub lane_names: Vec<String>,
    /// Minimum breadth of each lane (header text).
    pub lane_min: Vec<i64>,
    /// Depth of the lane header row (internal y).
    pub header_depth: i64,
    pub phases: Vec<String>,
    /// Breadth of the band header column (internal x), 0 without bands.
    pub band_breadth: i64,
    /// Rank of each band boundary (after phase k), if bands are on.
    pub band_after: Vec<usize>,
    pub nodes: Vec<NodeInfo>,
    pub edges: Vec<EdgeInfo>,
    pub units: Vec<Unit>,
    pub ledges: Vec<LEdge>,
    pub layers: Vec<Vec<usize>>,
    /// Per unit: layered edges to the layer above / below.
    pub ups: Vec<Vec<usize>>,
    pub downs: Vec<Vec<usize>>,
    /// Lane x offset and width (internal).
    pub lane_x: Vec<i64>,
    pub lane_w: Vec<i64>,
    /// Row tops and heights, channel heights.
    pub row_y: Vec<i64>,
    pub row_h: Vec<i64>,
    pub width: i64,
    pub height: i64,
}

pub(crate) fn even_up(v: f64) -> i64 {
    let c = v.ceil() as i64;
    c + (c & 1)
}

impl LGraph {
    pub fn transposed(&self) -> bool {
        self.direction == Direction::LeftRight
    }

    /// Number of lanes (1 for a plain chart).
    pub fn lane_count(&self) -> usize {
        self.lane_names.len().max(1)
    }
}

/// Build the working graph from the model: sizes, lanes, phases, edges.
pub(crate) fn import(
    process: &Process,
    options: &LayoutOptions,
    measure: &dyn TextMeasure,
) -> LGraph {
    let lanes_on = options.kind == LayoutKind::Swimlane && !process.roles.is_empty();
    let transposed = options.direction == Direction::LeftRight;
    let dims = |w: i64, h: i64| if transposed { (h, w) } else { (w, h) };
    let fs = options.font_size;
    let lh = measure.line_height(fs);

    // Nodes in declaration order.
    let ids: Vec<_> = process.graph.node_indices().collect();
    let mut index = std::collections::BTreeMap::new();
    for (i, id) in ids.iter().enumerate() {
        index.insert(id.index(), i);
    }
    let mut nodes = Vec::with_capacity(ids.len());
    for &id in &ids {
        let n = &process.graph[id];
        let text = n.display();
        let box_w = match (n.kind, options.density) {
            (NodeKind::Decision, super::Density::Compact) => options.question_width(),
            _ => options.box_width(),
        };
        let mut max_text = (box_w - 2.0 * PAD_X).max(fs);
        let mut lines = wrap(text, max_text, fs, measure);
        // A stadium's round ends add its height to its width: a compact chart narrows the
        // text, a character at a time, until the stadium is no wider than a box (at most
        // four lines).
        if options.density == super::Density::Compact
            && matches!(n.kind, NodeKind::Start | NodeKind::End)
        {
            let stadium_w = |lines: &[String]| {
                let tw = lines
                    .iter()
                    .map(|l| measure.width(l, fs))
                    .fold(0.0, f64::max);
                let h = (lines.len() as f64 * lh + 2.0 * PAD_Y).max(36.0);
                tw + h + PAD_X
            };
            while stadium_w(&lines) > box_w && max_text > 2.0 * fs {
                let narrower = wrap(text, max_text - fs, fs, measure);
                if narrower.len() > 4 {
                    break;
                }
                max_text -= fs;
                lines = narrower;
            }
        }
        let tw = lines
            .iter()
            .map(|l| measure.width(l, fs))
            .fold(0.0, f64::max);
        let th = lines.len() as f64 * lh;
        let (w, h) = match n.kind {
            NodeKind::Decision => (tw * 1.5 + 2.0 * PAD_X + 8.0, th * 2.0 + 2.0 * PAD_Y),
            NodeKind::Start | NodeKind::End => {
                let h = (th + 2.0 * PAD_Y).max(36.0);
                ((tw + h + PAD_X).max(90.0), h)
            }
            NodeKind::Connector => {
                let d = tw.max(th) + 2.0 * PAD_Y;
                (d.max(32.0), d.max(32.0))
            }
            NodeKind::Parallel | NodeKind::Join => {
                ((tw + 2.0 * PAD_X).max(120.0), (th + 2.0 * PAD_Y).max(36.0))
            }
            NodeKind::Data | NodeKind::Manual | NodeKind::Preparation => (
                (tw + 2.0 * PAD_X + th).max(90.0),
                (th + 2.0 * PAD_Y).max(40.0),
            ),
            NodeKind::Document => (
                (tw + 2.0 * PAD_X).max(90.0),
                (th + 2.0 * PAD_Y + 8.0).max(44.0),
            ),
            _ => ((tw + 2.0 * PAD_X).max(90.0), (th + 2.0 * PAD_Y).max(40.0)),
        };
        let (w, h) = dims(even_up(w), even_up(h));
        let owner = n
            .owner
            .and_then(|o| process.roles.get(o))
            .map(|r| r.name.clone());
        let mut tooltip = Vec::new();
        if let Some(o) = &owner {
            tooltip.push(format!("负责：{o}"));
        }
        if let Some(l) = &n.limit_text {
            tooltip.push(format!("时限：{l}"));
        }
        if !n.basis.is_empty() {
            tooltip.push(format!("依据：{}", n.basis.join("；")));
        }
        let phase = n
            .phase
            .as_ref()
            .and_then(|p| process.meta.phases.iter().position(|q| q == p));
        nodes.push(NodeInfo {
            name: n.name.clone(),
            kind: n.kind,
            lines,
            w,
            h,
            lane: 0,
            phase,
            rank: 0,
            east: Vec::new(),
            inflated: IRect::default(),
            number: n.short_id.clone(),
            limit: if options.show_limits {
                n.limit_text.clone()
            } else {
                None
            },
            tooltip,
            unit: 0,
            x: 0,
            y: 0,
            decorations: Vec::new(),
            number_box: None,
            limit_box: None,
        });
    }

    // Edges in declaration order.
    let mut edges = Vec::new();
    for (_, a, b, e) in process.edges() {
        let (Some(&from), Some(&to)) = (index.get(&a.index()), index.get(&b.index())) else {
            continue;
        };
        let label = e.label.clone().filter(|l| !l.trim().is_empty());
        let (lw, lhh) = match &label {
            Some(l) => (
                even_up(measure.width(l, LABEL_FONT_SIZE) + 4.0),
                even_up(measure.line_height(LABEL_FONT_SIZE)),
            ),
            None => (0, 0),
        };
        let (label_w, label_h) = dims(lw, lhh);
        edges.push(EdgeInfo {
            from,
            to,
            label,
            label_w,
            label_h,
            declared_back: e.back,
            association: e.kind == EdgeKind::Association,
            reversed: false,
            main: true,
            handoff: false,
            flat: false,
            src_port: Port::South,
            dst_port: Port::North,
            chain: Vec::new(),
            label_rect: None,
            points: Vec::new(),
            junctions: Vec::new(),
        });
    }

    // Lanes: nodes without an owner take the lane of the nearest owned neighbour
    // (`model::drawn_lanes`, the rule the validator's O003 reports with).
    let drawn = if lanes_on {
        crate::model::drawn_lanes(process)
    } else {
        Vec::new()
    };
    for (n, id) in nodes.iter_mut().zip(&ids) {
        n.lane = drawn.get(id.index()).copied().flatten().unwrap_or(0);
    }

    let lane_names: Vec<String> = if lanes_on {
        process.roles.iter().map(|r| r.name.clone()).collect()
    } else {
        Vec::new()
    };
    let hl = measure.line_height(fs);
    let lane_min: Vec<i64> = if lanes_on {
        lane_names
            .iter()
            .map(|n| {
                let (w, h) = (even_up(measure.width(n, fs) + 24.0), even_up(hl + 12.0));
                dims(w, h).0
            })
            .collect()
    } else {
        vec![0]
    };
    let header_depth = if lanes_on {
        lane_names
            .iter()
            .map(|n| {
                let (w, h) = (even_up(measure.width(n, fs) + 24.0), even_up(hl + 12.0));
                dims(w, h).1
            })
            .max()
            .unwrap_or(0)
    } else {
        0
    };
    let phases_on = !process.meta.phases.is_empty() && nodes.iter().any(|n| n.phase.is_some());
    let phases = if phases_on {
        process.meta.phases.clone()
    } else {
        Vec::new()
    };
    let band_breadth = phases
        .iter()
        .map(|p| {
            let (w, h) = (even_up(measure.width(p, fs) + 16.0), even_up(hl + 12.0));
            dims(w, h).0
        })
        .max()
        .unwrap_or(0);
    if !phases_on {
        for n in &mut nodes {
            n.phase = None;
        }
    }

    LGraph {
        direction: options.direction,
        compact: options.density == super::Density::Compact,
        lanes_on,
        lane_names,
        lane_min,
        header_depth,
        phases,
        band_breadth,
        band_after: Vec::new(),
        nodes,
        edges,
        units: Vec::new(),
        ledges: Vec::new(),
        layers: Vec::new(),
        ups: Vec::new(),
        downs: Vec::new(),
        lane_x: Vec::new(),
        lane_w: Vec::new(),
        row_y: Vec::new(),
        row_h: Vec::new(),
        width: 0,
        height: 0,
    }
}
