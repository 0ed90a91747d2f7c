//! Layout: process model → [`crate::diagram::Diagram`].
//!
//! Phases (ELK layered style), each in its own file stating what it expects and guarantees:
//! cycle removal → layering → ordering → placement → routing.

mod acyclic;
mod graph;
mod handoff;
pub mod metrics;
mod normalize;
mod order;
pub mod page;
pub mod paper;
mod place;
mod rank;
mod route;
pub mod table;
pub mod text;

use crate::diagram::{
    Band, Diagram, DiagramEdge, DiagramNode, Direction, EdgeLabel, Lane, Point, Rect,
};
use crate::model::{NodeKind, Process};
use graph::{IRect, LGraph};
use text::TextMeasure;

/// Which kind of chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LayoutKind {
    /// One lane per role, every step in its owner's lane (default when the flow has roles).
    #[default]
    Swimlane,
    /// A plain flowchart without lanes.
    Plain,
}

/// How tightly a chart is packed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Density {
    /// For print (default): a hand-off to another lane stays on its row as a short
    /// horizontal arrow when the lanes in between are free there, rows are only as far apart
    /// as their lines need, lanes of similar content get one width, and boxes wrap at about
    /// eight characters.
    #[default]
    Compact,
    /// For screens: one step per row, wider boxes and fixed gaps between rows.
    Spacious,
}

/// Layout settings.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutOptions {
    /// Swimlane or plain.
    pub kind: LayoutKind,
    /// Top-to-bottom or left-to-right.
    pub direction: Direction,
    /// Font size of node text, px.
    pub font_size: f64,
    /// Widest a node box may be before its text wraps, px (compact charts wrap at most at
    /// eight characters, see [`LayoutOptions::box_width`]).
    pub max_box_width: f64,
    /// Show each step's time limit under its box.
    pub show_limits: bool,
    /// Compact (print) or spacious (screen) packing.
    pub density: Density,
    /// Characters a line of a compact chart's step box holds (8, a hand-drawn A4 chart's
    /// 6–8); a question wraps at three quarters of it. Paging tries other widths, see
    /// `pipeline::draw_pages`.
    pub compact_chars: u32,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            kind: LayoutKind::Swimlane,
            direction: Direction::TopBottom,
            font_size: 14.0,
            max_box_width: 160.0,
            show_limits: true,
            density: Density::Compact,
            compact_chars: 8,
        }
    }
}

impl LayoutOptions {
    /// Widest box before text wraps: `max_box_width`, and in a compact chart at most
    /// `compact_chars` CJK characters of the node font.
    pub fn box_width(&self) -> f64 {
        match self.density {
            Density::Compact => self
                .max_box_width
                .min(compact_box_width(self.font_size, self.compact_chars)),
            Density::Spacious => self.max_box_width,
        }
    }

    /// Widest question text of a compact chart: a diamond is half again as wide as its text,
    /// so wrapping it at three quarters of a line keeps it about as wide as a step's box.
    pub(crate) fn question_width(&self) -> f64 {
        let chars = (self.compact_chars.max(2) * 3).div_ceil(4);
        self.box_width()
            .min(compact_box_width(self.font_size, chars))
    }
}

/// Widest box of a compact chart: `chars` CJK characters of `font_size` plus the box padding.
pub fn compact_box_width(font_size: f64, chars: u32) -> f64 {
    f64::from(chars.max(1)) * font_size + 2.0 * graph::PAD_X
}

/// Lay a process out: cycle removal → layering → dummies and ports → ordering → placement →
/// routing, then export to a [`Diagram`] (transposed for left-to-right charts).
///
/// Nodes without an owner sit in the lane of their nearest owned neighbour (predecessors
/// first, then successors), or in the first lane when nothing around them is owned. A
/// swimlane layout of a flow without roles is drawn as a plain chart.
pub fn layout(process: &Process, options: &LayoutOptions, measure: &dyn TextMeasure) -> Diagram {
    let g = run(process, options, measure, None).expect("no limit");
    let mut diagram = export(&g, options);
    wrap_headers(&mut diagram, measure);
    diagram
}

/// Most layered units (steps plus one for every layer a line passes through) in one chart.
///
/// Layered layout keeps one unit per layer an edge crosses, so a flow whose lines reach far
/// (deeply nested 并行, many 退回 lines back to the first step) needs memory and time that
/// grow with the square of its size: about 600 bytes per unit. Two million units, about
/// 1.2 GB, is far beyond any chart that can be printed or read (a 10,000-step chain needs
/// 10,000); [`try_layout`] refuses a larger one before the costly phases run.
pub const MAX_UNITS: usize = 2_000_000;

/// A chart over [`MAX_UNITS`]: found after layering, before dummies are made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLarge {
    /// Units the chart would need.
    pub units: usize,
    /// The limit it was checked against.
    pub limit: usize,
    /// The model edge (declaration order, as [`Process::edges`]) whose line crosses the most
    /// layers, and how many.
    pub widest_edge: Option<(usize, usize)>,
}

/// [`layout`] with a limit: refuses a chart that would need more than `limit` layered units
/// (see [`MAX_UNITS`]) right after layering, before memory grows with the lines' reach.
pub fn try_layout(
    process: &Process,
    options: &LayoutOptions,
    measure: &dyn TextMeasure,
    limit: usize,
) -> Result<Diagram, TooLarge> {
    let g = run(process, options, measure, Some(limit))?;
    let mut diagram = export(&g, options);
    wrap_headers(&mut diagram, measure);
    Ok(diagram)
}

/// Units the chart needs after layering: one per node, one per layer between an edge's ends.
fn size_check(g: &LGraph, limit: usize) -> Result<(), TooLarge> {
    let mut units = g.nodes.len();
    let mut widest: Option<(usize, usize)> = None;
    for (i, e) in g.edges.iter().enumerate() {
        if e.is_self_loop() {
            continue;
        }
        let (ra, rb) = (g.nodes[e.from].rank, g.nodes[e.to].rank);
        let inner = ra.abs_diff(rb).saturating_sub(1);
        units = units.saturating_add(inner);
        if widest.is_none_or(|(_, w)| inner > w) {
            widest = Some((i, inner));
        }
    }
    if units > limit {
        return Err(TooLarge {
            units,
            limit,
            widest_edge: widest,
        });
    }
    Ok(())
}

/// Wrap lane and band names into their header cells (text is horizontal in both directions,
/// so the final, possibly transposed, cell width decides).
fn wrap_headers(diagram: &mut Diagram, measure: &dyn TextMeasure) {
    let size = crate::diagram::HEADER_FONT_SIZE;
    let fit = |name: &str, cell: &crate::diagram::Rect| {
        text::wrap(name, (cell.w - 8.0).max(size), size, measure)
    };
    for lane in &mut diagram.lanes {
        lane.lines = fit(&lane.name, &lane.header);
    }
    for band in &mut diagram.bands {
        band.lines = fit(&band.name, &band.header);
    }
}

fn run(
    process: &Process,
    options: &LayoutOptions,
    measure: &dyn TextMeasure,
    limit: Option<usize>,
) -> Result<LGraph, TooLarge> {
    let mut g = graph::import(process, options, measure);
    acyclic::run(&mut g);
    handoff::choose(&mut g);
    if let Some(limit) = limit {
        size_check(&g, limit)?;
    }
    normalize::run(&mut g);
    order::run(&mut g);
    handoff::pin(&mut g);
    number(&mut g);
    normalize::inflate(&mut g, measure);
    place::run(&mut g);
    route::run(&mut g);
    Ok(g)
}

/// A text dump of the working graph after all phases, for snapshots and debugging: each
/// layer's units in order (real nodes by name with their lane and internal x; long-edge
/// dummies as `·source→target`, corridor dummies marked `|`), and which edges were reversed.
pub fn dump(process: &Process, options: &LayoutOptions, measure: &dyn TextMeasure) -> String {
    use std::fmt::Write as _;
    let g = run(process, options, measure, None).expect("no limit");
    let mut s = String::new();
    for (r, layer) in g.layers.iter().enumerate() {
        let _ = write!(s, "rank {r} y={}:", g.row_y.get(r).copied().unwrap_or(0));
        for &u in layer {
            let unit = &g.units[u];
            match (unit.node, unit.edge) {
                (Some(v), _) => {
                    let _ = write!(s, " {}[{}]@{}", g.nodes[v].name, unit.lane, unit.x);
                }
                (None, Some(e)) => {
                    let e = &g.edges[e];
                    let mark = if unit.slot == 2 { "|" } else { "·" };
                    let _ = write!(
                        s,
                        " {mark}{}→{}[{}]@{}",
                        g.nodes[e.from].name, g.nodes[e.to].name, unit.lane, unit.x
                    );
                }
                _ => {}
            }
        }
        s.push('\n');
    }
    for e in g.edges.iter().filter(|e| e.reversed) {
        let _ = writeln!(
            s,
            "reversed {}→{}",
            g.nodes[e.from].name, g.nodes[e.to].name
        );
    }
    s
}

/// Step numbers: lane letter + row within the lane (`B3`), or a running number in a plain
/// chart; an explicit `编号` wins. Starts, ends, connectors and annotations get none.
fn number(g: &mut LGraph) {
    let mut pos = vec![0usize; g.units.len()];
    for layer in &g.layers {
        for (i, &u) in layer.iter().enumerate() {
            pos[u] = i;
        }
    }
    let mut order: Vec<usize> = (0..g.nodes.len()).collect();
    order.sort_by_key(|&v| (g.nodes[v].rank, pos[g.nodes[v].unit], v));
    let mut count = vec![0usize; g.lane_count()];
    for v in order {
        let n = &mut g.nodes[v];
        if matches!(
            n.kind,
            NodeKind::Start | NodeKind::End | NodeKind::Connector | NodeKind::Annotation
        ) {
            continue;
        }
        count[n.lane] += 1;
        if n.number.is_none() {
            n.number = Some(if g.lanes_on {
                format!("{}{}", lane_letter(n.lane), count[n.lane])
            } else {
                count[n.lane].to_string()
            });
        }
    }
}

fn lane_letter(lane: usize) -> String {
    let mut s = String::new();
    let mut k = lane + 1;
    while k > 0 {
        k -= 1;
        s.insert(0, (b'A' + (k % 26) as u8) as char);
        k /= 26;
    }
    s
}

fn export(g: &LGraph, options: &LayoutOptions) -> Diagram {
    let t = g.transposed();
    let rect = |r: IRect| -> Rect {
        if t {
            Rect {
                x: r.y as f64,
                y: r.x as f64,
                w: r.h as f64,
                h: r.w as f64,
            }
        } else {
            Rect {
                x: r.x as f64,
                y: r.y as f64,
                w: r.w as f64,
                h: r.h as f64,
            }
        }
    };
    let point = |(x, y): (i64, i64)| -> Point {
        if t {
            Point {
                x: y as f64,
                y: x as f64,
            }
        } else {
            Point {
                x: x as f64,
                y: y as f64,
            }
        }
    };
    // A node-local box (final orientation) placed at its node.
    let at_node = |n: &graph::NodeInfo, b: IRect| -> Rect {
        let r = rect(IRect {
            x: n.x,
            y: n.y,
            w: n.w,
            h: n.h,
        });
        Rect {
            x: r.x + b.x as f64,
            y: r.y + b.y as f64,
            w: b.w as f64,
            h: b.h as f64,
        }
    };
    let nodes = g
        .nodes
        .iter()
        .map(|n| DiagramNode {
            name: n.name.clone(),
            kind: n.kind,
            rect: rect(IRect {
                x: n.x,
                y: n.y,
                w: n.w,
                h: n.h,
            }),
            lines: n.lines.clone(),
            font_size: options.font_size,
            number: n.number.clone(),
            limit: n.limit.clone(),
            number_rect: n.number_box.map(|b| at_node(n, b)),
            limit_rect: n.limit_box.map(|b| at_node(n, b)),
            lane: g.lanes_on.then_some(n.lane),
            tooltip: n.tooltip.clone(),
        })
        .collect();
    let edges = g
        .edges
        .iter()
        .map(|e| DiagramEdge {
            from: e.from,
            to: e.to,
            points: e.points.iter().map(|&p| point(p)).collect(),
            label: match (&e.label, e.label_rect) {
                (Some(text), Some(r)) => Some(EdgeLabel {
                    text: text.clone(),
                    rect: rect(r),
                }),
                _ => None,
            },
            back: e.reversed,
            association: e.association,
            junctions: e.junctions.clone(),
        })
        .collect();
    let lanes = if g.lanes_on {
        (0..g.lane_names.len())
            .map(|l| Lane {
                name: g.lane_names[l].clone(),
                lines: Vec::new(),
                header: rect(IRect {
                    x: g.lane_x[l],
                    y: 0,
                    w: g.lane_w[l],
                    h: g.header_depth,
                }),
                body: rect(IRect {
                    x: g.lane_x[l],
                    y: g.header_depth,
                    w: g.lane_w[l],
                    h: g.height - g.header_depth,
                }),
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut bands = Vec::new();
    if !g.phases.is_empty() && !g.row_y.is_empty() {
        let nl = g.row_y.len();
        let boundary = |r: usize| -> i64 {
            // y between row r and row r+1.
            if r + 1 >= nl {
                g.height
            } else {
                (g.row_y[r] + g.row_h[r] + g.row_y[r + 1]) / 2
            }
        };
        let mut top = g.header_depth;
        for (k, name) in g.phases.iter().enumerate() {
            let bottom = match g.band_after.get(k) {
                Some(&r) if r < nl => boundary(r),
                _ => g.height,
            };
            if bottom > top {
                let w = g.width - g.band_breadth;
                bands.push(Band {
                    name: name.clone(),
                    lines: Vec::new(),
                    header: rect(IRect {
                        x: 0,
                        y: top,
                        w: g.band_breadth,
                        h: bottom - top,
                    }),
                    body: rect(IRect {
                        x: g.band_breadth,
                        y: top,
                        w,
                        h: bottom - top,
                    }),
                });
            }
            top = bottom.max(top);
        }
    }
    let (width, height) = if t {
        (g.height, g.width)
    } else {
        (g.width, g.height)
    };
    #[allow(clippy::needless_update)]
    Diagram {
        width: width as f64,
        height: height as f64,
        direction: g.direction,
        lanes,
        bands,
        nodes,
        edges,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::text::ApproxMeasure;

    fn process(text: &str) -> Process {
        let (_, out) = crate::model::build_source("t.flow", text);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        out.process
    }

    #[test]
    fn size_limit_counts_every_layer_a_line_crosses() {
        // Depth 20: 分k sits on layer k + 1 and 合k on layer 41 − k, so the two edges through
        // 办k cross 38 − 2k layers between them; the chain edges are short.
        let p = process(&crate::synth::nested_parallel(20));
        let opts = LayoutOptions::default();
        let err = try_layout(&p, &opts, &ApproxMeasure, 100).unwrap_err();
        assert_eq!(err.limit, 100);
        let (edge, layers) = err.widest_edge.unwrap();
        let (_, a, b, _) = p.edges().nth(edge).unwrap();
        assert_eq!(
            (p.graph[a].name.as_str(), p.graph[b].name.as_str()),
            ("办0", "合0")
        );
        assert_eq!(layers, 38);
        let nodes = p.graph.node_count();
        assert_eq!(
            err.units,
            nodes + (0..20).map(|k| 38 - 2 * k).sum::<usize>()
        );
        // Within the limit the chart is the one layout() draws.
        let ok = try_layout(&p, &opts, &ApproxMeasure, err.units).unwrap();
        assert_eq!(ok, layout(&p, &opts, &ApproxMeasure));
    }
}
