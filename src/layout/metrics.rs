//! Drawing metrics, one counter for every tool: edge crossings, edges through foreign nodes,
//! drawing area. Used by the tests, the benchmark example and `scripts/bench-vs-dot.sh`
//! (which feeds Graphviz output through the same code).

use crate::diagram::{Diagram, Rect};

/// Quality numbers of a drawing.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Metrics {
    /// Proper crossings between segments of different edges.
    pub crossings: usize,
    /// Edges with a segment through the interior of a node that is not one of its endpoints.
    pub through_nodes: usize,
    /// Width × height of the drawing.
    pub area: f64,
}

/// A drawn edge for measuring: endpoints (node indices) and a polyline.
#[derive(Debug, Clone)]
pub struct DrawnEdge {
    /// Source node.
    pub from: usize,
    /// Target node.
    pub to: usize,
    /// Polyline.
    pub points: Vec<(f64, f64)>,
}

/// Metrics of a [`Diagram`].
pub fn diagram_metrics(d: &Diagram) -> Metrics {
    let edges: Vec<DrawnEdge> = d
        .edges
        .iter()
        .map(|e| DrawnEdge {
            from: e.from,
            to: e.to,
            points: e.points.iter().map(|p| (p.x, p.y)).collect(),
        })
        .collect();
    let boxes: Vec<Rect> = d.nodes.iter().map(|n| n.rect).collect();
    measure(&edges, &boxes, d.width * d.height)
}

/// Metrics of any drawing given as node boxes and edge polylines.
pub fn measure(edges: &[DrawnEdge], boxes: &[Rect], area: f64) -> Metrics {
    Metrics {
        crossings: crossings(edges),
        through_nodes: through_nodes(edges, boxes),
        area,
    }
}

type Seg = (f64, f64, f64, f64, usize);

fn segments(edges: &[DrawnEdge]) -> Vec<Seg> {
    let mut segs = Vec::new();
    for (i, e) in edges.iter().enumerate() {
        for w in e.points.windows(2) {
            let (a, b) = (w[0], w[1]);
            if a != b {
                segs.push((a.0, a.1, b.0, b.1, i));
            }
        }
    }
    segs
}

fn orient(ax: f64, ay: f64, bx: f64, by: f64, cx: f64, cy: f64) -> f64 {
    let v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
    if v.abs() < 1e-9 { 0.0 } else { v }
}

/// Proper crossings between segments of different edges (touching and collinear overlaps
/// are not crossings).
pub fn crossings(edges: &[DrawnEdge]) -> usize {
    let mut segs = segments(edges);
    segs.sort_by(|a, b| a.0.min(a.2).total_cmp(&b.0.min(b.2)));
    let mut count = 0;
    for i in 0..segs.len() {
        let s = segs[i];
        let sx2 = s.0.max(s.2);
        let (sy1, sy2) = (s.1.min(s.3), s.1.max(s.3));
        for t in segs.iter().skip(i + 1) {
            let tx1 = t.0.min(t.2);
            if tx1 > sx2 {
                break;
            }
            if t.4 == s.4 {
                continue;
            }
            let (ty1, ty2) = (t.1.min(t.3), t.1.max(t.3));
            if ty2 < sy1 || ty1 > sy2 {
                continue;
            }
            let o1 = orient(s.0, s.1, s.2, s.3, t.0, t.1);
            let o2 = orient(s.0, s.1, s.2, s.3, t.2, t.3);
            let o3 = orient(t.0, t.1, t.2, t.3, s.0, s.1);
            let o4 = orient(t.0, t.1, t.2, t.3, s.2, s.3);
            if o1 * o2 < 0.0 && o3 * o4 < 0.0 {
                count += 1;
            }
        }
    }
    count
}

/// Whether segment a–b meets the open interior of `r` shrunk by `eps`.
pub fn segment_hits_rect(a: (f64, f64), b: (f64, f64), r: &Rect, eps: f64) -> bool {
    let (x0, y0, x1, y1) = (r.x + eps, r.y + eps, r.right() - eps, r.bottom() - eps);
    if x0 >= x1 || y0 >= y1 {
        return false;
    }
    // Liang–Barsky clipping against the open box.
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let mut t0 = 0.0f64;
    let mut t1 = 1.0f64;
    for (p, q) in [
        (-dx, a.0 - x0),
        (dx, x1 - a.0),
        (-dy, a.1 - y0),
        (dy, y1 - a.1),
    ] {
        if p == 0.0 {
            if q <= 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t0 < t1
}

/// Edges with a segment through a node that is not one of their endpoints.
pub fn through_nodes(edges: &[DrawnEdge], boxes: &[Rect]) -> usize {
    let mut order: Vec<usize> = (0..boxes.len()).collect();
    order.sort_by(|&a, &b| boxes[a].x.total_cmp(&boxes[b].x));
    let xs: Vec<f64> = order.iter().map(|&i| boxes[i].x).collect();
    let max_w = boxes.iter().map(|b| b.w).fold(0.0, f64::max);
    let mut count = 0;
    for e in edges {
        let mut hit = false;
        'seg: for w in e.points.windows(2) {
            let (a, b) = (w[0], w[1]);
            let (lo, hi) = (a.0.min(b.0), a.0.max(b.0));
            let start = xs.partition_point(|&x| x < lo - max_w);
            for &k in &order[start..] {
                let r = &boxes[k];
                if r.x > hi {
                    break;
                }
                if k == e.from || k == e.to {
                    continue;
                }
                if segment_hits_rect(a, b, r, 1.0) {
                    hit = true;
                    break 'seg;
                }
            }
        }
        if hit {
            count += 1;
        }
    }
    count
}
