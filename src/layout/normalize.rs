//! Between phases 2 and 3 — long-edge dummies, dummy lanes, ports (ELK `LongEdgeSplitter`
//! plus port assignment); and, after ordering, node inflation.
//!
//! **Precondition:** ranks (phase 2).
//! **Postcondition of [`run`]:** a proper layered graph: every layered edge joins consecutive
//! layers; each model edge is a chain of layered edges; ports are chosen:
//! - in-edges enter at the top centre (N) and merge there;
//! - the single out-edge, or the first non-"no" branch of a decision (是, 通过, 合格 …)
//!   leaves at the bottom centre (S); other branches leave at east stubs;
//! - a back edge leaves its lower node by an east stub going up and enters its upper node by
//!   an east stub, its dummy chain running in the right corridor of the lower node's lane.
//!
//! Dummy lanes: a forward chain stays in its source's lane ("drop, then cross"), so it
//! changes lane exactly once, as a horizontal jog in the channel just above its target.
//!
//! **Postcondition of [`inflate`]:** every node has its east stubs placed, its labels placed
//! node-locally, and an inflated box holding symbol, labels, renderer decorations and stub
//! columns; units carry their extents and layered edges their port offsets.

use super::graph::{IRect, LEdge, LGraph, Port, Stub, Unit, even_up};
use super::text::TextMeasure;
use crate::diagram::SMALL_FONT_SIZE;
use crate::model::NodeKind;

/// Labels meaning "no": such a branch never takes the S port of a decision.
const NO_LABELS: &[&str] = &[
    "否",
    "不",
    "不合格",
    "不同意",
    "不通过",
    "退回",
    "驳回",
    "未办结",
    "no",
    "No",
    "NO",
];

fn is_no(label: Option<&str>) -> bool {
    label.is_some_and(|l| {
        NO_LABELS.contains(&l.trim()) || l.trim().starts_with('不') || l.trim().starts_with('未')
    })
}

/// Build units, dummy chains and ports.
pub(crate) fn run(g: &mut LGraph) {
    let n = g.nodes.len();
    // Ports.
    let mut forward_out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in g.edges.iter().enumerate() {
        if e.is_self_loop() {
            continue;
        }
        if e.reversed || e.flat {
            continue;
        }
        forward_out[e.from].push(i);
    }
    let mut downs: Vec<Vec<usize>> = vec![Vec::new(); n]; // side stubs going down (edge ids)
    let mut west = vec![false; g.edges.len()];
    let mut back_in: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut ups: Vec<Vec<usize>> = vec![Vec::new(); n];
    for v in 0..n {
        let outs = &forward_out[v];
        let branching = g.nodes[v].kind == NodeKind::Decision
            || outs.iter().any(|&e| g.edges[e].label.is_some());
        if branching && !outs.is_empty() {
            let s = outs
                .iter()
                .copied()
                .find(|&e| !is_no(g.edges[e].label.as_deref()))
                .unwrap_or(outs[0]);
            let lane = g.nodes[v].lane;
            let s_lane = g.nodes[g.edges[s].to].lane;
            for &e in outs {
                if e != s {
                    downs[v].push(e);
                    let t = g.nodes[g.edges[e].to].lane;
                    west[e] = t < lane || (t == lane && s_lane > lane);
                }
            }
        }
    }
    for (i, e) in g.edges.iter().enumerate() {
        if !e.is_self_loop() && e.reversed {
            back_in[e.to].push(i);
            ups[e.from].push(i);
        }
    }
    for v in 0..n {
        let mut stubs = Vec::new();
        for &e in &ups[v] {
            stubs.push(Stub {
                up: true,
                west: false,
                edge: e,
                y: 0,
                dx: 0,
            });
        }
        for &e in downs[v].iter().chain(back_in[v].iter()) {
            stubs.push(Stub {
                up: false,
                west: west[e],
                edge: e,
                y: 0,
                dx: 0,
            });
        }
        for (k, s) in stubs.iter().enumerate() {
            let e = &mut g.edges[s.edge];
            if s.up {
                e.src_port = Port::East(k);
            } else if e.reversed {
                e.dst_port = Port::East(k);
            } else {
                e.src_port = Port::East(k);
            }
        }
        g.nodes[v].east = stubs;
    }
    for e in &mut g.edges {
        if e.flat {
            e.src_port = Port::Side;
            e.dst_port = Port::Side;
        }
        if !e.reversed && e.src_port != Port::South {
            e.main = false;
        }
        if e.reversed {
            e.main = false;
        }
    }

    // Units.
    g.units.clear();
    g.ledges.clear();
    for v in 0..n {
        g.nodes[v].unit = g.units.len();
        g.units.push(Unit {
            node: Some(v),
            edge: None,
            lane: g.nodes[v].lane,
            slot: 1,
            layer: g.nodes[v].rank,
            left: 0,
            right: 0,
            x: 0,
        });
    }
    for i in 0..g.edges.len() {
        let e = &g.edges[i];
        if e.is_self_loop() || e.flat {
            continue;
        }
        let (a, b) = e.layered();
        let (lane, slot) = if e.reversed {
            (g.nodes[e.from].lane, if g.lanes_on { 2 } else { 1 })
        } else {
            (g.nodes[e.from].lane, 1)
        };
        let (ra, rb) = (g.nodes[a].rank, g.nodes[b].rank);
        let mut prev = g.nodes[a].unit;
        let mut chain = Vec::new();
        for r in ra + 1..rb {
            let d = g.units.len();
            g.units.push(Unit {
                node: None,
                edge: Some(i),
                lane,
                slot,
                layer: r,
                left: 0,
                right: 0,
                x: 0,
            });
            chain.push(g.ledges.len());
            g.ledges.push(LEdge {
                from: prev,
                to: d,
                from_off: 0,
                to_off: 0,
            });
            prev = d;
        }
        chain.push(g.ledges.len());
        g.ledges.push(LEdge {
            from: prev,
            to: g.nodes[b].unit,
            from_off: 0,
            to_off: 0,
        });
        g.edges[i].chain = chain;
    }
    let layers = g.units.iter().map(|u| u.layer + 1).max().unwrap_or(0);
    g.layers = vec![Vec::new(); layers];
    g.ups = vec![Vec::new(); g.units.len()];
    g.downs = vec![Vec::new(); g.units.len()];
    for (i, l) in g.ledges.iter().enumerate() {
        g.downs[l.from].push(i);
        g.ups[l.to].push(i);
    }
}

/// Now that the order is known, put each side branch on the side its target lies on: west
/// when the target lane is further left, east when further right; within the lane, west when
/// the branch's first unit sits left of the main (S) branch's, so the two never cross. A back
/// edge arrives west when its corridor lies left of the main branch's first unit (left of
/// the node when there is no main branch), else east.
fn choose_sides(g: &mut LGraph) {
    let mut pos = vec![0usize; g.units.len()];
    for layer in &g.layers {
        for (i, &u) in layer.iter().enumerate() {
            pos[u] = i;
        }
    }
    let first_unit = |g: &LGraph, e: usize| g.ledges[g.edges[e].chain[0]].to;
    let outs = out_edges(g);
    let flat = super::handoff::flat_sides(g);
    for (v, out_v) in outs.iter().enumerate() {
        let main = out_v.iter().copied().find(|&i| {
            let e = &g.edges[i];
            !e.reversed && !e.is_self_loop() && e.src_port == Port::South && !e.chain.is_empty()
        });
        for k in 0..g.nodes[v].east.len() {
            let st = &g.nodes[v].east[k];
            let e = st.edge;
            if st.up {
                continue;
            }
            let (lane, t) = (g.nodes[v].lane, g.units[first_unit(g, e)].lane);
            let west = if g.edges[e].reversed {
                // A back edge arriving: on the side of the main branch's jog its corridor
                // lies, so the two jogs nest instead of crossing.
                match main {
                    Some(m) => pos[first_unit(g, e)] < pos[first_unit(g, m)],
                    None => t < lane,
                }
            } else if t != lane {
                t < lane
            } else {
                match main {
                    Some(m) => {
                        let (a, b) = (first_unit(g, e), first_unit(g, m));
                        (g.units[b].lane == lane && pos[a] < pos[b]) || g.units[b].lane > lane
                    }
                    None => false,
                }
            };
            // A same-row hand-off holds the middle of its side: stubs free to choose go to
            // the other side (`handoff::candidates` keeps the cross-lane ones off it).
            let free = g.edges[e].reversed || t == lane;
            let west = match flat[v] {
                [true, false] if free => false,
                [false, true] if free => true,
                _ => west,
            };
            g.nodes[v].east[k].west = west;
        }
    }
}

/// Per node, the ids of the edges leaving it (model direction), ascending.
fn out_edges(g: &LGraph) -> Vec<Vec<usize>> {
    let mut outs = vec![Vec::new(); g.nodes.len()];
    for (i, e) in g.edges.iter().enumerate() {
        outs[e.from].push(i);
    }
    outs
}

/// Gap between stubs on a node's east side.
const STUB_GAP: i64 = super::route::TRACK_SEP;
/// Gap between stub columns.
const COL_GAP: i64 = super::route::TRACK_SEP;

/// Height of the box of a step number or time limit: one line of [`SMALL_FONT_SIZE`] text.
const SMALL_BOX_H: i64 = 2 * ((SMALL_FONT_SIZE * 1.4 / 2.0) as i64 + 1);

/// Where a node's step number goes, node-local in the final orientation (`rw` × `rh`
/// symbol, `nw` wide text): above the top-left corner (left of the in-edges' port at the
/// top centre, when `top_port`); a diamond's, when `corner` allows
/// (no stub leaves that upper side) and it fits, in the empty upper-left corner of its
/// bounding box beside the slanted side, so it stays close to the symbol.
fn number_box(corner: bool, top_port: bool, nw: i64, rw: i64, rh: i64) -> IRect {
    if corner && nw <= rw / 4 && rh / 4 >= SMALL_BOX_H {
        IRect {
            x: rw / 4 - nw,
            y: rh / 4 - SMALL_BOX_H,
            w: nw,
            h: SMALL_BOX_H,
        }
    } else {
        IRect {
            // Hanging out to the left when the number is wider than half the box.
            x: if top_port {
                (rw / 2 - 4 - nw).min(0)
            } else {
                0
            },
            y: -SMALL_BOX_H,
            w: nw,
            h: SMALL_BOX_H,
        }
    }
}

/// Least distance between a time limit above a box and the line arriving at its top centre.
const TOP_LIMIT_GAP: i64 = 10;

/// Where a node's time limit goes, node-local in the final orientation (`rw` × `rh`
/// symbol, `lw` wide text): under the box, right of the outgoing line at the bottom centre.
/// Under a decision it would sit beside a branch label and read like a third branch ("合格
/// 当日"), so a diamond's, when `corner` allows (no stub leaves that upper side) and it
/// fits, mirrors its number in the empty upper-right corner of the bounding box. When
/// `top` (a compact chart's box drawn top to bottom) and it fits in the right half, clear
/// of the line arriving at the top centre, it sits above the box, right-aligned, on the line
/// its number heads on the left, so the row needs no strip under the box. (Hanging out to
/// the right, it would start beside the arriving arrow and read as that arrow's label.)
fn limit_box(corner: bool, top: bool, lw: i64, rw: i64, rh: i64) -> IRect {
    if corner && lw + 2 <= rw / 4 - 2 && rh / 4 >= SMALL_BOX_H {
        IRect {
            x: rw - rw / 4 + 2,
            y: rh / 4 - SMALL_BOX_H,
            w: lw + 2,
            h: SMALL_BOX_H,
        }
    } else if top && lw + 2 <= rw / 2 - TOP_LIMIT_GAP {
        IRect {
            x: rw - (lw + 2),
            y: -SMALL_BOX_H,
            w: lw + 2,
            h: SMALL_BOX_H,
        }
    } else {
        IRect {
            x: rw / 2 + 2,
            y: rh,
            w: lw + 2,
            h: SMALL_BOX_H,
        }
    }
}

/// Place stubs, labels and decorations of every node; set unit extents and port offsets.
pub(crate) fn inflate(g: &mut LGraph, measure: &dyn TextMeasure) {
    let transposed = g.transposed();
    choose_sides(g);
    let bar_ports = bar_ports(g, measure);
    // Where each chain goes first (lane, position in its layer): a side's down stubs nest
    // so that the innermost column leads to the nearest unit, and their jogs do not cross.
    let mut pos = vec![0usize; g.units.len()];
    for layer in &g.layers {
        for (i, &u) in layer.iter().enumerate() {
            pos[u] = i;
        }
    }
    let first_at = |g: &LGraph, e: usize| -> (usize, usize) {
        match g.edges[e].chain.first() {
            Some(&l) => {
                let u = g.ledges[l].to;
                (g.units[u].key(), pos[u])
            }
            None => (0, 0),
        }
    };
    let outs = out_edges(g);
    let flat = super::handoff::flat_sides(g);
    for (v, out_v) in outs.iter().enumerate() {
        let (w, h) = (g.nodes[v].w, g.nodes[v].h);
        // Renderer decorations, real node-local, then internal.
        let (rw, rh) = if transposed { (h, w) } else { (w, h) };
        let mut decos = Vec::new();
        let kind = g.nodes[v].kind;
        let number_w = g.nodes[v]
            .number
            .as_ref()
            .map(|num| even_up(measure.width(num, SMALL_FONT_SIZE) + 2.0));
        // A diamond's upper corners are free for its number and time limit unless stubs
        // are stacked on that side (a single stub leaves at the side vertex; several spread
        // above and below it). Charts drawn left to right keep them outside.
        let corner = |west: bool| {
            let side = g.nodes[v].east.iter().filter(|s| s.west == west).count()
                + usize::from(flat[v][usize::from(!west)]);
            kind == NodeKind::Decision && !transposed && side <= 1
        };
        let (number_corner, limit_corner) = (corner(true), corner(false));
        // The in-edges' port at the top centre leaves the strip above a box free on both
        // sides (a join's inputs spread across its bar; a diamond has its corners).
        let limit_top = g.compact
            && !transposed
            && matches!(
                kind,
                NodeKind::Task
                    | NodeKind::SubFlow
                    | NodeKind::Document
                    | NodeKind::Data
                    | NodeKind::Manual
                    | NodeKind::Preparation
            );
        if let Some(nw) = number_w {
            let number = number_box(number_corner, !transposed, nw, rw, rh);
            g.nodes[v].number_box = Some(number);
            // Inside the bounding box: nothing to keep clear.
            if number.y < 0 {
                decos.push(number);
            }
        }
        let limit_w = g.nodes[v]
            .limit
            .as_ref()
            .map(|lim| even_up(measure.width(lim, SMALL_FONT_SIZE) + 2.0));
        if let Some(lw) = limit_w {
            decos.push(limit_box(limit_corner, limit_top, lw, rw, rh));
        }
        let flip = |r: IRect| {
            if transposed {
                IRect {
                    x: r.y,
                    y: r.x,
                    w: r.h,
                    h: r.w,
                }
            } else {
                r
            }
        };
        let mut decos: Vec<IRect> = decos.into_iter().map(flip).collect();
        let base_e = decos
            .iter()
            .map(|d| d.right() - w)
            .max()
            .unwrap_or(0)
            .max(0);
        let base_w = decos.iter().map(|d| -d.x).max().unwrap_or(0).max(0);
        let stubs = g.nodes[v].east.clone();
        // With a west stub the S label moves right of the S stub: east columns clear it.
        let s_label = out_v
            .iter()
            .map(|&i| &g.edges[i])
            .filter(|e| !e.is_self_loop() && !e.reversed && e.src_port == Port::South)
            .find_map(|e| e.label.as_ref().map(|_| e.label_w));
        let base_e = match s_label {
            Some(lw) if stubs.iter().any(|s| s.west) => base_e.max(w / 2 + 4 + lw - w + 2),
            _ => base_e,
        };
        let labelled = |k: usize| -> Option<(i64, i64)> {
            let e = &g.edges[stubs[k].edge];
            // Labels sit at the model source: ups are back-edge departures, forward downs
            // are branch exits; back-edge arrivals carry no label here.
            let at_source = stubs[k].up || !e.reversed;
            (at_source && e.label.is_some()).then_some((e.label_w, e.label_h))
        };
        let mut ys = vec![0i64; stubs.len()];
        let mut dxs = vec![0i64; stubs.len()];
        let mut h = h;
        for side_west in [false, true] {
            let base = if side_west { base_w } else { base_e };
            // Ups (inner → outer) top-down, then downs (outer → inner).
            let ups: Vec<usize> = (0..stubs.len())
                .filter(|&k| stubs[k].up && stubs[k].west == side_west)
                .collect();
            let mut downs: Vec<usize> = (0..stubs.len())
                .filter(|&k| !stubs[k].up && stubs[k].west == side_west)
                .collect();
            downs.sort_by_key(|&k| {
                let (key, p) = first_at(g, stubs[k].edge);
                if side_west {
                    (usize::MAX - key, usize::MAX - p, k)
                } else {
                    (key, p, k)
                }
            });
            let mut seq: Vec<usize> = ups.clone();
            seq.extend(downs.iter().rev().copied());
            if !seq.is_empty() {
                let mut rel = vec![0i64; seq.len()];
                for i in 1..seq.len() {
                    let (a, b) = (seq[i - 1], seq[i]);
                    // An up stub's label hangs below its line and a down stub's sits above
                    // it: both in the gap between `a` and `b`.
                    let below_a = labelled(a).filter(|_| stubs[a].up).map(|(_, lh)| lh + 4);
                    let above_b = labelled(b).filter(|_| !stubs[b].up).map(|(_, lh)| lh + 4);
                    let s = STUB_GAP.max(below_a.unwrap_or(0) + above_b.unwrap_or(0));
                    rel[i] = rel[i - 1] + s;
                }
                let span = rel[seq.len() - 1];
                // Drawn left to right, the number runs along the top of the (internal)
                // west side and the time limit along the lower half of the east side:
                // stubs keep clear of them, the node growing if need be.
                let min_top = match (transposed, side_west, number_w) {
                    (true, true, Some(nw)) => nw + 4,
                    _ => 4,
                };
                let mut top = (h / 2 - span).max(min_top);
                if transposed && !side_west && limit_w.is_some() && top + span > h / 2 {
                    h = even_up((2 * (span + min_top)) as f64).max(h);
                    top = h / 2 - span;
                }
                if top + span > h - 4 {
                    h = even_up((span + min_top + 4) as f64).max(h);
                    top = min_top.max(h / 2 - span);
                }
                for (i, &k) in seq.iter().enumerate() {
                    ys[k] = top + rel[i];
                }
            }
            for group in [&ups, &downs] {
                let mut prev = base;
                for &k in group.iter() {
                    let mut dx = prev + COL_GAP;
                    if let Some((lw, _)) = labelled(k) {
                        dx = dx.max(base + lw + 6);
                    }
                    dxs[k] = dx;
                    prev = dx;
                }
            }
        }
        g.nodes[v].h = h;
        // The stubs may have made the node taller: number and time limit follow the final
        // size.
        let (rw, rh) = if transposed { (h, w) } else { (w, h) };
        if let Some(nw) = number_w {
            g.nodes[v].number_box = Some(number_box(number_corner, !transposed, nw, rw, rh));
        }
        if let Some(lw) = limit_w {
            let limit = limit_box(limit_corner, limit_top, lw, rw, rh);
            g.nodes[v].limit_box = Some(limit);
            if let Some(last) = decos.last_mut() {
                *last = flip(limit);
            }
        }
        let mut inflated = IRect { x: 0, y: 0, w, h };
        for d in &decos {
            inflated = inflated.union(d);
        }
        let mut label_rects: Vec<(usize, IRect)> = Vec::new();
        let mut has_west = false;
        for k in 0..stubs.len() {
            g.nodes[v].east[k].y = ys[k];
            g.nodes[v].east[k].dx = dxs[k];
            let west = stubs[k].west;
            has_west |= west;
            let base = if west { base_w } else { base_e };
            let col = if west {
                IRect {
                    x: -dxs[k],
                    y: ys[k],
                    w: dxs[k],
                    h: 0,
                }
            } else {
                IRect {
                    x: w,
                    y: ys[k],
                    w: dxs[k],
                    h: 0,
                }
            };
            inflated = inflated.union(&col);
            if let Some((lw, lh)) = labelled(k) {
                let x = if west { -base - 2 - lw } else { w + base + 2 };
                let y = if stubs[k].up {
                    ys[k] + 2
                } else {
                    ys[k] - 2 - lh
                };
                label_rects.push((stubs[k].edge, IRect { x, y, w: lw, h: lh }));
            }
        }
        let mut self_loop = false;
        for &i in out_v {
            let e = &g.edges[i];
            if e.label.is_none() {
                if e.is_self_loop() {
                    self_loop = true;
                }
                continue;
            }
            if e.flat {
                // Above the arrow, beside the side it leaves.
                let east = g.nodes[e.to].lane > g.nodes[v].lane;
                label_rects.push((
                    i,
                    IRect {
                        x: if east { w + 4 } else { -4 - e.label_w },
                        y: h / 2 - 2 - e.label_h,
                        w: e.label_w,
                        h: e.label_h,
                    },
                ));
            } else if e.is_self_loop() {
                self_loop = true;
                label_rects.push((
                    i,
                    IRect {
                        x: -18 - e.label_w,
                        y: h / 2 - e.label_h / 2,
                        w: e.label_w,
                        h: e.label_h,
                    },
                ));
            } else if !e.reversed && e.src_port == Port::South {
                // Left of the S stub; right of it (below any limit text) when a west stub
                // runs down on the left.
                let r = if has_west {
                    let below = decos
                        .iter()
                        .filter(|d| d.y >= h)
                        .map(|d| d.bottom())
                        .max()
                        .unwrap_or(h);
                    IRect {
                        x: w / 2 + 4,
                        y: below + 3,
                        w: e.label_w,
                        h: e.label_h,
                    }
                } else {
                    IRect {
                        x: w / 2 - 4 - e.label_w,
                        y: h + 3,
                        w: e.label_w,
                        h: e.label_h,
                    }
                };
                label_rects.push((i, r));
            }
        }
        if self_loop {
            inflated = inflated.union(&IRect {
                x: -14,
                y: h / 2 - 6,
                w: 14,
                h: 12,
            });
        }
        for (e, r) in label_rects {
            inflated = inflated.union(&r);
            g.edges[e].label_rect = Some(r);
        }
        // Keep a little air above and below.
        inflated = inflated.union(&IRect {
            x: 0,
            y: -2,
            w,
            h: h + 4,
        });
        g.nodes[v].inflated = inflated;
        g.nodes[v].decorations = decos;
        let u = g.nodes[v].unit;
        g.units[u].left = w / 2 - inflated.x;
        g.units[u].right = inflated.right() - w / 2;
    }
    // Port offsets.
    for i in 0..g.edges.len() {
        let e = &g.edges[i];
        if e.is_self_loop() || e.chain.is_empty() {
            continue;
        }
        let (a, b) = e.layered();
        let (pa, pb) = e.layered_ports();
        let off = |node: usize, p: Port| match p {
            Port::East(k) if g.nodes[node].east[k].west => {
                -(g.nodes[node].w / 2 + g.nodes[node].east[k].dx)
            }
            Port::East(k) => g.nodes[node].w / 2 + g.nodes[node].east[k].dx,
            _ => 0,
        };
        let (fa, fb) = (off(a, pa), off(b, pb));
        let first = e.chain[0];
        let last = *e.chain.last().expect("chain");
        g.ledges[first].from_off = fa;
        g.ledges[last].to_off = fb;
    }
    for (l, off, at_to) in bar_ports {
        if at_to {
            g.ledges[l].to_off = off;
        } else {
            g.ledges[l].from_off = off;
        }
    }
}

/// Least distance between two ports spread along a bar.
const BAR_PORT_GAP: i64 = 2 * super::route::TRACK_SEP;

/// The inputs of a join (汇合) bar arrive separately, spread across its width, and the
/// outputs of a fork (并行) bar leave separately, in the order of the units they come from
/// or go to; a bar too short for its ports is widened. Ports keep clear of the step number
/// over a join's top-left corner and of the time limit under a fork, right of its centre.
/// Returns (layered edge, offset, whether the offset is at the edge's lower end).
fn bar_ports(g: &mut LGraph, measure: &dyn TextMeasure) -> Vec<(usize, i64, bool)> {
    let transposed = g.transposed();
    let mut pos = vec![0usize; g.units.len()];
    for layer in &g.layers {
        for (i, &u) in layer.iter().enumerate() {
            pos[u] = i;
        }
    }
    let mut owner = vec![usize::MAX; g.ledges.len()];
    for (i, e) in g.edges.iter().enumerate() {
        for &l in &e.chain {
            owner[l] = i;
        }
    }
    let mut out = Vec::new();
    for v in 0..g.nodes.len() {
        let at_to = match g.nodes[v].kind {
            NodeKind::Join => true,
            NodeKind::Parallel => false,
            _ => continue,
        };
        let u = g.nodes[v].unit;
        // Centre-port layered edges at the bar: N side for a join, S side for a fork.
        let mut ls: Vec<usize> = if at_to { &g.ups[u] } else { &g.downs[u] }
            .iter()
            .copied()
            .filter(|&l| {
                let (pa, pb) = g.edges[owner[l]].layered_ports();
                !matches!(if at_to { pb } else { pa }, Port::East(_))
            })
            .collect();
        if ls.len() < 2 {
            continue;
        }
        ls.sort_by_key(|&l| {
            let other = if at_to {
                g.ledges[l].from
            } else {
                g.ledges[l].to
            };
            (pos[other], l)
        });
        let n = ls.len() as i64;
        // Room kept free at the left end (the number, TB joins only) and at the right end.
        let text = |t: &Option<String>| {
            t.as_ref()
                .map_or(0, |t| even_up(measure.width(t, SMALL_FONT_SIZE) + 2.0) + 8)
        };
        let ports = (n + 1) * BAR_PORT_GAP;
        let (left, half) = match (transposed, at_to) {
            (false, true) => (text(&g.nodes[v].number), false),
            // A fork's time limit sits right of the centre: ports go left of it.
            (false, false) => (0, g.nodes[v].limit.is_some()),
            _ => (0, false),
        };
        let w = g.nodes[v]
            .w
            .max(if half { 2 * ports } else { left + ports });
        let w = w + (w & 1);
        let right = if half { w / 2 } else { 0 };
        g.nodes[v].w = w;
        let span = w - left - right;
        for (k, &l) in ls.iter().enumerate() {
            let off = -w / 2 + left + span * (k as i64 + 1) / (n + 1);
            out.push((l, off, at_to));
        }
    }
    out
}
