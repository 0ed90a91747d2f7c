//! Phase 5 — orthogonal edge routing with tracks in the channels between layers (after
//! Sander's hyperedge segments and ELK's `OrthogonalRoutingGenerator`); then y, polylines
//! and labels.
//!
//! **Precondition:** every unit has an x (phase 4); ports and node-local labels are set.
//! **Postcondition:** every model edge has an orthogonal polyline from its source's border
//! to its target's border, in model direction, and an absolute label box; rows and channels
//! have y positions.
//!
//! The rule that makes the hard guarantees hold by construction: edges run horizontally only
//! in the channels between layers (and inside their own node's inflated box, for east stubs),
//! and vertically only at x positions reserved by placement (a port or a dummy). Connections
//! sharing a target port (or else a source port) merge into one segment; segments whose
//! intervals overlap are ordered by a preference graph (crossings they cause; a hard weight
//! against collinear overlaps), cycles broken Eades–Lin–Smyth style, and tracks are the
//! longest-path levels of that order.

use super::graph::{LGraph, Port};
use crate::model::NodeKind;
use std::collections::BTreeMap;

/// Minimum channel height.
pub(crate) const RANK_SEP: i64 = 36;
/// Minimum channel height of a compact chart: room for an arrowhead and a little air.
pub(crate) const COMPACT_RANK_SEP: i64 = 24;
/// Least height of a compact chart's channel that no line runs across.
const EMPTY_CHANNEL: i64 = 8;
/// Least length of a vertical line into a symbol: twice an arrowhead.
const ARROW_RUN: i64 = 20;
/// Distance between tracks: two parallel lines of different edges closer than this print
/// as one double line.
pub(crate) const TRACK_SEP: i64 = 14;
/// Space above the first row.
pub(crate) const TOP_PAD: i64 = 16;

/// A connection: source port (unit, offset), target port, source x, target x.
type Conn = ((usize, i64), (usize, i64), i64, i64);

struct Segment {
    sources: Vec<i64>,
    targets: Vec<i64>,
    lo: i64,
    hi: i64,
}

/// Run routing.
pub(crate) fn run(g: &mut LGraph) {
    let nl = g.layers.len();
    // Tracks per channel.
    let mut by_channel: Vec<Vec<usize>> = vec![Vec::new(); nl.saturating_sub(1).max(1)];
    for (i, l) in g.ledges.iter().enumerate() {
        by_channel[g.units[l.from].layer].push(i);
    }
    let mut ledge_track: Vec<Option<usize>> = vec![None; g.ledges.len()];
    let mut tracks_in = vec![0usize; by_channel.len()];
    for (c, list) in by_channel.iter().enumerate() {
        let (assign, n) = assign_tracks(g, list);
        for (k, &l) in list.iter().enumerate() {
            ledge_track[l] = assign[k];
        }
        tracks_in[c] = n;
    }
    // Rows and channels. A compact chart centres every symbol of a row on one line, so a
    // same-row hand-off is one straight arrow: the row reaches as far above and below that
    // line as its nodes' inflated boxes do.
    g.row_h = vec![0; nl];
    let mut above = vec![0i64; nl];
    for (r, layer) in g.layers.iter().enumerate() {
        let nodes = || layer.iter().filter_map(|&u| g.units[u].node);
        if g.compact {
            above[r] = nodes()
                .map(|v| g.nodes[v].h / 2 - g.nodes[v].inflated.y)
                .max()
                .unwrap_or(0);
            let below = nodes()
                .map(|v| g.nodes[v].inflated.bottom() - g.nodes[v].h / 2)
                .max()
                .unwrap_or(0);
            g.row_h[r] = above[r] + below;
        } else {
            g.row_h[r] = nodes().map(|v| g.nodes[v].inflated.h).max().unwrap_or(0);
        }
    }
    let min_sep = if g.compact {
        COMPACT_RANK_SEP
    } else {
        RANK_SEP
    };
    let ch: Vec<i64> = tracks_in
        .iter()
        .enumerate()
        .map(|(c, &n)| {
            let full = min_sep.max((n as i64 + 1) * TRACK_SEP);
            if g.compact && n == 0 && c + 1 < nl {
                // Nothing runs across: the channel only has to keep the rows apart and give
                // each arrow room for its head. A line's run outside the channel is the
                // rest of its source's row below the symbol and of its target's row above
                // it (numbers, time limits and labels sit there); through a long edge's
                // dummy, the line goes on.
                let run = by_channel[c]
                    .iter()
                    .map(|&l| {
                        let (from, to) = (g.ledges[l].from, g.ledges[l].to);
                        let below = g.units[from].node.map_or(ARROW_RUN, |v| {
                            let h = g.nodes[v].h;
                            g.row_h[c] - (above[c] - h / 2 + h)
                        });
                        let over = g.units[to]
                            .node
                            .map_or(ARROW_RUN, |v| above[c + 1] - g.nodes[v].h / 2);
                        below + over
                    })
                    .min()
                    .unwrap_or(ARROW_RUN);
                full.min(EMPTY_CHANNEL.max(ARROW_RUN - run))
            } else {
                full
            }
        })
        .collect();
    g.row_y = vec![0; nl];
    let mut y = g.header_depth + TOP_PAD;
    #[allow(clippy::needless_range_loop)]
    for r in 0..nl {
        g.row_y[r] = y;
        y += g.row_h[r];
        if r + 1 < nl {
            y += ch[r];
        }
    }
    g.height = y + TOP_PAD;
    for v in 0..g.nodes.len() {
        let u = g.nodes[v].unit;
        let r = g.units[u].layer;
        let inf = g.nodes[v].inflated;
        g.nodes[v].y = if g.compact {
            g.row_y[r] + above[r] - g.nodes[v].h / 2
        } else {
            g.row_y[r] + (g.row_h[r] - inf.h) / 2 - inf.y
        };
        g.nodes[v].x = g.units[u].x - g.nodes[v].w / 2;
    }
    let track_y = |c: usize, t: usize| -> i64 {
        let top = g.row_y[c] + g.row_h[c];
        let n = tracks_in[c] as i64;
        top + (ch[c] - (n - 1) * TRACK_SEP) / 2 + t as i64 * TRACK_SEP
    };
    // Polylines.
    let mut all_points = Vec::with_capacity(g.edges.len());
    for e in &g.edges {
        let mut pts: Vec<(i64, i64)> = Vec::new();
        if e.is_self_loop() {
            let n = &g.nodes[e.from];
            let cy = n.y + n.h / 2;
            pts = vec![
                (n.x, cy + 6),
                (n.x - 12, cy + 6),
                (n.x - 12, cy - 6),
                (n.x, cy - 6),
            ];
            all_points.push(pts);
            continue;
        }
        if e.flat {
            // Same row, centres on one line: side to side.
            let (na, nb) = (&g.nodes[e.from], &g.nodes[e.to]);
            let east = nb.lane > na.lane;
            let y = na.y + na.h / 2;
            pts = vec![
                (side_boundary(na.kind, na.x, na.w, na.h, na.h / 2, !east), y),
                (side_boundary(nb.kind, nb.x, nb.w, nb.h, nb.h / 2, east), y),
            ];
            all_points.push(pts);
            continue;
        }
        let (a, b) = e.layered();
        let (pa, pb) = e.layered_ports();
        let na = &g.nodes[a];
        let ra = g.units[na.unit].layer;
        match pa {
            Port::East(k) => {
                let s = &na.east[k];
                let yy = na.y + s.y;
                pts.push((side_boundary(na.kind, na.x, na.w, na.h, s.y, s.west), yy));
                pts.push((
                    if s.west {
                        na.x - s.dx
                    } else {
                        na.x + na.w + s.dx
                    },
                    yy,
                ));
            }
            _ => {
                let first = &g.ledges[e.chain[0]];
                pts.push((g.units[first.from].x + first.from_off, na.y + na.h));
            }
        }
        let first = &g.ledges[e.chain[0]];
        pts.push((
            g.units[first.from].x + first.from_off,
            g.row_y[ra] + g.row_h[ra],
        ));
        for &li in &e.chain {
            let l = &g.ledges[li];
            let c = g.units[l.from].layer;
            let xs = g.units[l.from].x + l.from_off;
            let xt = g.units[l.to].x + l.to_off;
            if let Some(t) = ledge_track[li] {
                let ty = track_y(c, t);
                pts.push((xs, ty));
                pts.push((xt, ty));
            }
            pts.push((xt, g.row_y[c + 1]));
            if g.units[l.to].is_dummy() {
                pts.push((xt, g.row_y[c + 1] + g.row_h[c + 1]));
            }
        }
        let nb = &g.nodes[b];
        match pb {
            Port::East(k) => {
                let s = &nb.east[k];
                let yy = nb.y + s.y;
                pts.push((
                    if s.west {
                        nb.x - s.dx
                    } else {
                        nb.x + nb.w + s.dx
                    },
                    yy,
                ));
                pts.push((side_boundary(nb.kind, nb.x, nb.w, nb.h, s.y, s.west), yy));
            }
            _ => {
                let last = &g.ledges[*e.chain.last().expect("chain")];
                pts.push((g.units[last.to].x + last.to_off, nb.y));
            }
        }
        let mut pts = simplify(pts);
        if e.reversed {
            pts.reverse();
        }
        all_points.push(pts);
    }
    for (i, pts) in all_points.into_iter().enumerate() {
        g.edges[i].points = pts;
        let from = g.edges[i].from;
        if let Some(r) = g.edges[i].label_rect {
            g.edges[i].label_rect = Some(r.shift(g.nodes[from].x, g.nodes[from].y));
        }
    }
    mark_junctions(g);
}

/// Find where edges into the same target port merge: a point where the union of their lines
/// has three or four arms (a T or a cross) is a junction. It is recorded on the first edge
/// (declaration order) having it as a vertex.
fn mark_junctions(g: &mut LGraph) {
    let mut groups: BTreeMap<(usize, (i64, i64)), Vec<usize>> = BTreeMap::new();
    for (i, e) in g.edges.iter().enumerate() {
        if e.association || e.is_self_loop() {
            continue;
        }
        if let Some(&end) = e.points.last() {
            groups.entry((e.to, end)).or_default().push(i);
        }
    }
    for members in groups.values().filter(|m| m.len() > 1) {
        let mut found: Vec<(i64, i64)> = Vec::new();
        for &k in members {
            let n = g.edges[k].points.len();
            let mut marks = Vec::new();
            for i in 1..n.saturating_sub(1) {
                let p = g.edges[k].points[i];
                if found.contains(&p) || arms(g, members, p) < 3 {
                    continue;
                }
                found.push(p);
                marks.push(i);
            }
            g.edges[k].junctions = marks;
        }
    }
}

/// Number of distinct directions (of four) in which the lines of `members` leave `p`.
fn arms(g: &LGraph, members: &[usize], p: (i64, i64)) -> usize {
    let mut dirs = [false; 4]; // left, right, up, down
    for &k in members {
        for w in g.edges[k].points.windows(2) {
            let (a, b) = (w[0], w[1]);
            let (lo, hi) = (a.min(b), a.max(b));
            if a.1 == b.1 && a.1 == p.1 && lo.0 <= p.0 && p.0 <= hi.0 && a.0 != b.0 {
                dirs[0] |= lo.0 < p.0;
                dirs[1] |= p.0 < hi.0;
            } else if a.0 == b.0 && a.0 == p.0 && lo.1 <= p.1 && p.1 <= hi.1 && a.1 != b.1 {
                dirs[2] |= lo.1 < p.1;
                dirs[3] |= p.1 < hi.1;
            }
        }
    }
    dirs.iter().filter(|&&d| d).count()
}

/// x where a horizontal at node-local `y` meets the symbol's east (or west) side.
fn side_boundary(kind: NodeKind, x: i64, w: i64, h: i64, y: i64, west: bool) -> i64 {
    let reach = if kind == NodeKind::Decision && h > 0 {
        let half = h / 2;
        let dy = (y - half).abs().min(half);
        (w / 2) * (half - dy) / half
    } else {
        w / 2
    };
    if west {
        x + w / 2 - reach
    } else {
        x + w / 2 + reach
    }
}

fn simplify(pts: Vec<(i64, i64)>) -> Vec<(i64, i64)> {
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(pts.len());
    for p in pts {
        if out.last() == Some(&p) {
            continue;
        }
        if out.len() >= 2 {
            let a = out[out.len() - 2];
            let b = out[out.len() - 1];
            if (a.0 == b.0 && b.0 == p.0) || (a.1 == b.1 && b.1 == p.1) {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

/// Assign tracks to the connections of one channel; returns the track of each connection
/// (None = straight) and the number of tracks.
fn assign_tracks(g: &LGraph, list: &[usize]) -> (Vec<Option<usize>>, usize) {
    let conn: Vec<Conn> = list
        .iter()
        .map(|&i| {
            let l = &g.ledges[i];
            let xs = g.units[l.from].x + l.from_off;
            let xt = g.units[l.to].x + l.to_off;
            ((l.from, l.from_off), (l.to, l.to_off), xs, xt)
        })
        .collect();
    // Group: by target port first, then by source port.
    let mut by_target: BTreeMap<(usize, i64), Vec<usize>> = BTreeMap::new();
    for (k, c) in conn.iter().enumerate() {
        by_target.entry(c.1).or_default().push(k);
    }
    let mut group = vec![usize::MAX; conn.len()];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for members in by_target.values() {
        if members.len() > 1 {
            for &k in members {
                group[k] = groups.len();
            }
            groups.push(members.clone());
        }
    }
    let mut by_source: BTreeMap<(usize, i64), Vec<usize>> = BTreeMap::new();
    for (k, c) in conn.iter().enumerate() {
        if group[k] == usize::MAX {
            by_source.entry(c.0).or_default().push(k);
        }
    }
    for members in by_source.values() {
        for &k in members {
            group[k] = groups.len();
        }
        groups.push(members.clone());
    }
    let segs: Vec<Segment> = groups
        .iter()
        .map(|m| {
            let mut sources: Vec<i64> = m.iter().map(|&k| conn[k].2).collect();
            let mut targets: Vec<i64> = m.iter().map(|&k| conn[k].3).collect();
            sources.sort_unstable();
            sources.dedup();
            targets.sort_unstable();
            targets.dedup();
            let lo = sources[0].min(targets[0]);
            let hi = (*sources.last().expect("nonempty")).max(*targets.last().expect("nonempty"));
            Segment {
                sources,
                targets,
                lo,
                hi,
            }
        })
        .collect();
    let active: Vec<usize> = (0..segs.len())
        .filter(|&s| segs[s].lo < segs[s].hi)
        .collect();
    let k = active.len();
    if k == 0 {
        return (vec![None; conn.len()], 0);
    }
    // Overlapping pairs (closed intervals) and preferences.
    let mut idx: Vec<usize> = (0..k).collect();
    idx.sort_by_key(|&i| (segs[active[i]].lo, i));
    let mut overlaps: Vec<Vec<usize>> = vec![Vec::new(); k];
    // pref[i] = list of (j, weight): i above j preferred.
    let mut out_w: Vec<Vec<(usize, i64)>> = vec![Vec::new(); k];
    for a in 0..k {
        let i = idx[a];
        let si = &segs[active[i]];
        for &j in idx.iter().skip(a + 1) {
            let sj = &segs[active[j]];
            // Segments closer than a track apart end to end would read as one line.
            if sj.lo >= si.hi + TRACK_SEP {
                break;
            }
            overlaps[i].push(j);
            overlaps[j].push(i);
            let c_ij = cost(si, sj);
            let c_ji = cost(sj, si);
            if c_ij < c_ji {
                out_w[i].push((j, c_ji - c_ij));
            } else if c_ji < c_ij {
                out_w[j].push((i, c_ij - c_ji));
            } else {
                // Tie: the segment that starts further left goes above (staircase).
                let (p, q) = if (si.lo, si.hi) <= (sj.lo, sj.hi) {
                    (i, j)
                } else {
                    (j, i)
                };
                out_w[p].push((q, 0));
            }
        }
    }
    let order = els_order(k, &out_w);
    let mut rank_in_order = vec![0usize; k];
    for (r, &i) in order.iter().enumerate() {
        rank_in_order[i] = r;
    }
    let mut track = vec![0usize; k];
    for &i in &order {
        let t = overlaps[i]
            .iter()
            .filter(|&&j| rank_in_order[j] < rank_in_order[i])
            .map(|&j| track[j] + 1)
            .max()
            .unwrap_or(0);
        track[i] = t;
    }
    let ntracks = track.iter().max().map_or(0, |m| m + 1);
    let mut seg_track = vec![None; segs.len()];
    for (i, &s) in active.iter().enumerate() {
        seg_track[s] = Some(track[i]);
    }
    let res = (0..conn.len()).map(|c| seg_track[group[c]]).collect();
    (res, ntracks)
}

/// Crossings caused by putting `a` above `b`, plus a hard weight for collinear overlaps and
/// a heavy one for verticals running closer than a track apart (`a` dropping to its target
/// beside `b` coming down from its source).
fn cost(a: &Segment, b: &Segment) -> i64 {
    let mut c = 0;
    for &x in &a.targets {
        if b.lo < x && x < b.hi {
            c += 1;
        }
        let near = b.sources.partition_point(|&y| y <= x - TRACK_SEP);
        for &y in &b.sources[near..] {
            if y >= x + TRACK_SEP {
                break;
            }
            c += if y == x { 1000 } else { 100 };
        }
    }
    for &x in &b.sources {
        if a.lo < x && x < a.hi {
            c += 1;
        }
    }
    c
}

/// Eades–Lin–Smyth ordering of a weighted preference graph (edge i→j: i before j).
fn els_order(k: usize, out_w: &[Vec<(usize, i64)>]) -> Vec<usize> {
    let mut in_w: Vec<Vec<(usize, i64)>> = vec![Vec::new(); k];
    for (i, list) in out_w.iter().enumerate() {
        for &(j, w) in list {
            in_w[j].push((i, w));
        }
    }
    let mut removed = vec![false; k];
    let mut outdeg: Vec<usize> = out_w.iter().map(|l| l.len()).collect();
    let mut indeg: Vec<usize> = in_w.iter().map(|l| l.len()).collect();
    let mut delta: Vec<i64> = (0..k)
        .map(|i| {
            out_w[i].iter().map(|e| e.1).sum::<i64>() - in_w[i].iter().map(|e| e.1).sum::<i64>()
        })
        .collect();
    let mut front = Vec::with_capacity(k);
    let mut back = Vec::new();
    let mut left = k;
    let remove = |v: usize,
                  removed: &mut Vec<bool>,
                  outdeg: &mut Vec<usize>,
                  indeg: &mut Vec<usize>,
                  delta: &mut Vec<i64>| {
        removed[v] = true;
        for &(j, w) in &out_w[v] {
            if !removed[j] {
                indeg[j] -= 1;
                delta[j] += w;
            }
        }
        for &(i, w) in &in_w[v] {
            if !removed[i] {
                outdeg[i] -= 1;
                delta[i] -= w;
            }
        }
    };
    while left > 0 {
        let mut progress = true;
        while progress {
            progress = false;
            for v in 0..k {
                if !removed[v] && outdeg[v] == 0 {
                    remove(v, &mut removed, &mut outdeg, &mut indeg, &mut delta);
                    back.push(v);
                    left -= 1;
                    progress = true;
                }
            }
            for v in 0..k {
                if !removed[v] && indeg[v] == 0 {
                    remove(v, &mut removed, &mut outdeg, &mut indeg, &mut delta);
                    front.push(v);
                    left -= 1;
                    progress = true;
                }
            }
        }
        if left == 0 {
            break;
        }
        let v = (0..k)
            .filter(|&v| !removed[v])
            .max_by_key(|&v| (delta[v], std::cmp::Reverse(v)))
            .expect("some node left");
        remove(v, &mut removed, &mut outdeg, &mut indeg, &mut delta);
        front.push(v);
        left -= 1;
    }
    back.reverse();
    front.extend(back);
    front
}
