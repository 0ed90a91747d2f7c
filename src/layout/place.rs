//! Phase 4 — coordinate assignment within lanes (Brandes–Köpf 2001, with the block-graph
//! compaction used by dagre and ELK instead of the paper's class shifts).
//!
//! **Precondition:** ordered layers whose lane keys never decrease (phase 3); unit extents
//! and port offsets set ([`super::normalize::inflate`]).
//! **Postcondition:** every unit has an integer x; in every layer neighbouring units are
//! separated by at least their extents plus a gap; every unit lies inside its lane, and lanes
//! are laid side by side in authored order (`LGraph::lane_x`, `lane_w`).
//!
//! Each lane is placed on its own (edges between lanes can never be vertical anyway): mark
//! type-1 conflicts (inner dummy segments win), build the four alignments (up/down × left/
//! right medians) over same-lane centre-port edges, compact each by longest path over the
//! block graph, balance by the mean of the two median candidates, then verify separation left
//! to right and push where the balanced result is too tight.

use super::graph::LGraph;
use std::collections::{HashSet, VecDeque};

/// Gap between two real nodes.
pub(crate) const NODE_GAP: i64 = 28;
/// Gap between a node and an edge.
pub(crate) const MIXED_GAP: i64 = 14;
/// Gap between two edges (the same as the distance between tracks).
pub(crate) const EDGE_GAP: i64 = super::route::TRACK_SEP;
/// Padding inside a lane, each side.
pub(crate) const LANE_PAD: i64 = 14;
/// Least distance from a lane border to a vertical line (a long-edge dummy or a stub
/// column): a line closer than this reads as part of the border.
pub(crate) const WIRE_LANE_PAD: i64 = 2 * super::route::TRACK_SEP;

/// How far a unit reaches left and right of its x, lane padding included: its extents plus
/// [`LANE_PAD`], and at least [`WIRE_LANE_PAD`] beyond any vertical line it owns.
fn lane_reach(g: &LGraph, u: usize) -> (i64, i64) {
    let unit = &g.units[u];
    let Some(v) = unit.node else {
        return (WIRE_LANE_PAD, WIRE_LANE_PAD);
    };
    let n = &g.nodes[v];
    let (mut l, mut r) = (unit.left + LANE_PAD, unit.right + LANE_PAD);
    for s in &n.east {
        let col = n.w / 2 + s.dx + WIRE_LANE_PAD;
        if s.west {
            l = l.max(col);
        } else {
            r = r.max(col);
        }
    }
    (l, r)
}

fn gap(g: &LGraph, a: usize, b: usize) -> i64 {
    match (g.units[a].is_dummy(), g.units[b].is_dummy()) {
        (false, false) => NODE_GAP,
        (true, true) => EDGE_GAP,
        _ => MIXED_GAP,
    }
}

/// Run placement.
pub(crate) fn run(g: &mut LGraph) {
    let lanes = g.lane_count();
    let nu = g.units.len();
    // Alignable neighbours: same lane, centre ports.
    // Alignable neighbours (same lane) with the x offset d such that x_v = x_u + d when the
    // connection is straight (ports need not be centred).
    let mut up_al: Vec<Vec<(usize, i64)>> = vec![Vec::new(); nu];
    let mut down_al: Vec<Vec<(usize, i64)>> = vec![Vec::new(); nu];
    for l in &g.ledges {
        if g.units[l.from].lane == g.units[l.to].lane {
            up_al[l.to].push((l.from, l.from_off - l.to_off));
            down_al[l.from].push((l.to, l.to_off - l.from_off));
        }
    }
    let mut x = vec![0i64; nu];
    let mut lane_extent = vec![(0i64, 0i64); lanes];
    #[allow(clippy::needless_range_loop)]
    for lane in 0..lanes {
        let sub: Vec<Vec<usize>> = g
            .layers
            .iter()
            .map(|layer| {
                layer
                    .iter()
                    .copied()
                    .filter(|&u| g.units[u].lane == lane)
                    .collect()
            })
            .collect();
        if sub.iter().all(|l| l.is_empty()) {
            continue;
        }
        let mut lp = vec![0usize; 0];
        lp.resize(nu, 0);
        for layer in &sub {
            for (i, &u) in layer.iter().enumerate() {
                lp[u] = i;
            }
        }
        for list in up_al.iter_mut().chain(down_al.iter_mut()) {
            list.sort_by_key(|&(w, _)| lp[w]);
        }
        let marked = mark_conflicts(g, &sub, &up_al, &lp);
        let mut cands: Vec<Vec<i64>> = Vec::with_capacity(4);
        for (vdown, hleft) in [(true, true), (true, false), (false, true), (false, false)] {
            cands.push(align_compact(
                g,
                &sub,
                if vdown { &up_al } else { &down_al },
                &marked,
                vdown,
                hleft,
            ));
        }
        // Balance: align to the narrowest candidate.
        let members: Vec<usize> = sub.iter().flatten().copied().collect();
        let ext = |c: &Vec<i64>| {
            let lo = members
                .iter()
                .map(|&u| c[u] - g.units[u].left)
                .min()
                .unwrap_or(0);
            let hi = members
                .iter()
                .map(|&u| c[u] + g.units[u].right)
                .max()
                .unwrap_or(0);
            (lo, hi)
        };
        let exts: Vec<(i64, i64)> = cands.iter().map(ext).collect();
        let smallest = (0..4)
            .min_by_key(|&k| (exts[k].1 - exts[k].0, k))
            .unwrap_or(0);
        for k in 0..4 {
            let shift = if k % 2 == 0 {
                exts[smallest].0 - exts[k].0
            } else {
                exts[smallest].1 - exts[k].1
            };
            for &u in &members {
                cands[k][u] += shift;
            }
        }
        for &u in &members {
            let mut v = [cands[0][u], cands[1][u], cands[2][u], cands[3][u]];
            v.sort_unstable();
            x[u] = (v[1] + v[2]).div_euclid(2);
        }
        // Verify separation; push right where too tight.
        for layer in &sub {
            for j in 1..layer.len() {
                let (a, b) = (layer[j - 1], layer[j]);
                let min = x[a] + g.units[a].right + g.units[b].left + gap(g, a, b);
                if x[b] < min {
                    x[b] = min;
                }
            }
        }
        lane_extent[lane] = (
            members
                .iter()
                .map(|&u| x[u] - lane_reach(g, u).0)
                .min()
                .unwrap_or(0),
            members
                .iter()
                .map(|&u| x[u] + lane_reach(g, u).1)
                .max()
                .unwrap_or(0),
        );
    }
    // Lanes side by side.
    g.lane_x = vec![0; lanes];
    g.lane_w = vec![0; lanes];
    let mut cursor = g.band_breadth;
    let mut shift = vec![0i64; lanes];
    let widths: Vec<i64> = (0..lanes)
        .map(|lane| {
            let (lo, hi) = lane_extent[lane];
            let min = g.lane_min.get(lane).copied().unwrap_or(0);
            (hi - lo).max(min).max(2 * LANE_PAD)
        })
        .collect();
    let widths = if g.compact && g.lanes_on {
        common_width(&widths)
    } else {
        widths
    };
    for lane in 0..lanes {
        let (lo, hi) = lane_extent[lane];
        let content = hi - lo;
        let width = widths[lane];
        let extra = (width - content) / 2;
        shift[lane] = cursor + extra - lo;
        g.lane_x[lane] = cursor;
        g.lane_w[lane] = width;
        cursor += width;
    }
    g.width = cursor;
    for u in 0..nu {
        g.units[u].x = x[u] + shift[g.units[u].lane];
    }
}

/// Lanes within [`EQUAL_RATIO`] of the widest take its width: equal columns read as one
/// grid (a hand-drawn chart's equal lanes); lanes far apart keep their own.
pub(crate) fn common_width(widths: &[i64]) -> Vec<i64> {
    let (Some(&lo), Some(&hi)) = (widths.iter().min(), widths.iter().max()) else {
        return widths.to_vec();
    };
    if hi * EQUAL_RATIO.1 <= lo * EQUAL_RATIO.0 {
        vec![hi; widths.len()]
    } else {
        widths.to_vec()
    }
}

/// All lanes get one width when the widest is at most 1.3 × the narrowest.
const EQUAL_RATIO: (i64, i64) = (13, 10);

fn mark_conflicts(
    g: &LGraph,
    sub: &[Vec<usize>],
    up_al: &[Vec<(usize, i64)>],
    lp: &[usize],
) -> HashSet<(usize, usize)> {
    let mut marked = HashSet::new();
    for i in 0..sub.len().saturating_sub(1) {
        let (upper, lower) = (&sub[i], &sub[i + 1]);
        if upper.is_empty() || lower.is_empty() {
            continue;
        }
        let mut k0 = 0usize;
        let mut l = 0usize;
        for l1 in 0..lower.len() {
            let v = lower[l1];
            let inner = if g.units[v].is_dummy() {
                up_al[v]
                    .iter()
                    .map(|&(w, _)| w)
                    .find(|&w| g.units[w].is_dummy())
            } else {
                None
            };
            if l1 == lower.len() - 1 || inner.is_some() {
                let k1 = inner.map(|w| lp[w]).unwrap_or(upper.len() - 1);
                while l <= l1 {
                    let vl = lower[l];
                    for &(w, _) in &up_al[vl] {
                        let k = lp[w];
                        if k < k0 || k > k1 {
                            marked.insert((w, vl));
                        }
                    }
                    l += 1;
                }
                k0 = k1;
            }
        }
    }
    marked
}

fn align_compact(
    g: &LGraph,
    sub: &[Vec<usize>],
    nbrs: &[Vec<(usize, i64)>],
    marked: &HashSet<(usize, usize)>,
    vdown: bool,
    hleft: bool,
) -> Vec<i64> {
    let nu = g.units.len();
    let layers: Vec<Vec<usize>> = {
        let mut ls: Vec<Vec<usize>> = sub.to_vec();
        if !vdown {
            ls.reverse();
        }
        if !hleft {
            for l in &mut ls {
                l.reverse();
            }
        }
        ls
    };
    let mut p = vec![0usize; nu];
    for l in &layers {
        for (i, &u) in l.iter().enumerate() {
            p[u] = i;
        }
    }
    let mut root: Vec<usize> = (0..nu).collect();
    let mut align: Vec<usize> = (0..nu).collect();
    let mut offset = vec![0i64; nu];
    let sign = if hleft { 1 } else { -1 };
    for layer in layers.iter().skip(1) {
        let mut r: i64 = -1;
        for &v in layer {
            let mut nb: Vec<(usize, i64)> = nbrs[v].clone();
            if nb.is_empty() {
                continue;
            }
            nb.sort_by_key(|&(w, _)| p[w]);
            let d = nb.len();
            let ms = [(d - 1) / 2, d / 2];
            let ms: &[usize] = if ms[0] == ms[1] { &ms[..1] } else { &ms };
            for &m in ms {
                if align[v] != v {
                    break;
                }
                let (u, d) = nb[m];
                let key = if vdown { (u, v) } else { (v, u) };
                if !marked.contains(&key) && r < p[u] as i64 {
                    align[u] = v;
                    root[v] = root[u];
                    align[v] = root[v];
                    offset[v] = offset[u] + sign * d;
                    r = p[u] as i64;
                }
            }
        }
    }
    // Block graph: root → root with separations; longest path.
    let mut out: Vec<Vec<(usize, i64)>> = vec![Vec::new(); nu];
    let mut indeg = vec![0usize; nu];
    for layer in &layers {
        for j in 1..layer.len() {
            let (a, b) = (layer[j - 1], layer[j]);
            let sep = if hleft {
                g.units[a].right + g.units[b].left
            } else {
                g.units[a].left + g.units[b].right
            } + gap(g, a, b)
                + offset[a]
                - offset[b];
            out[root[a]].push((root[b], sep));
            indeg[root[b]] += 1;
        }
    }
    let mut xs = vec![i64::MIN / 4; nu];
    let mut queue: VecDeque<usize> = layers
        .iter()
        .flatten()
        .copied()
        .filter(|&u| root[u] == u && indeg[u] == 0)
        .collect();
    for &r in &queue {
        xs[r] = 0;
    }
    while let Some(r) = queue.pop_front() {
        for &(s, sep) in &out[r] {
            xs[s] = xs[s].max(xs[r] + sep);
            indeg[s] -= 1;
            if indeg[s] == 0 {
                queue.push_back(s);
            }
        }
    }
    let mut res = vec![0i64; nu];
    for &u in layers.iter().flatten() {
        let v = xs[root[u]] + offset[u];
        res[u] = if hleft { v } else { -v };
    }
    res
}
