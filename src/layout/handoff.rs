//! Compact charts — same-row hand-offs (between phases 1 and 2, and after phase 3).
//!
//! A hand-drawn chart puts a step handed to another lane on the same row, joined by a short
//! horizontal arrow, instead of one step per row (a staircase). Here an edge u→v to another
//! lane is a *candidate* when nothing at its two ends competes for the sides the arrow
//! needs (see [`candidates`]); candidates are ranked with minlen 0, so network simplex puts
//! v on u's row when that shortens the flow. A candidate that lands on one row is kept as a
//! *flat* edge only if the row allows it ([`illegal`]): no node in the lanes between, and
//! each end the outermost node of its lane on the arrow's side; otherwise it is ranked
//! again as an ordinary edge.
//!
//! **Precondition of [`choose`]:** cycles removed (phase 1).
//! **Postcondition:** ranks as phase 2 guarantees, with `rank(v) = rank(u)` exactly for the
//! flat edges; flat edges never reversed, between different lanes, at most one per node and
//! side; the lanes strictly between their ends hold no node of their row.
//! **Postcondition of [`pin`]** (after ordering): each end of a flat edge is the outermost
//! unit of its lane body on the arrow's side, so the arrow meets no node.
//!
//! Only swimlane charts drawn top to bottom get flat edges: in left-to-right charts a side
//! of a box carries its step number and time limit.

use super::graph::LGraph;
use crate::diagram::Direction;
use crate::model::NodeKind;
use std::collections::BTreeMap;

/// Rounds of ranking before the candidates are given up (each round drops the illegal ones).
const ROUNDS: usize = 4;

/// Rank the graph, with same-row hand-offs in a compact top-to-bottom swimlane chart.
pub(crate) fn choose(g: &mut LGraph) {
    let cand = if g.compact && g.lanes_on && g.direction == Direction::TopBottom {
        candidates(g)
    } else {
        vec![false; g.edges.len()]
    };
    for (e, c) in g.edges.iter_mut().zip(&cand) {
        e.handoff = *c;
    }
    for round in 0.. {
        super::rank::run(g);
        let bad = illegal(g);
        if bad.is_empty() {
            break;
        }
        // Bounded cost: after a few rounds, rank without hand-offs.
        let drop_all = round + 1 >= ROUNDS;
        for (i, e) in g.edges.iter_mut().enumerate() {
            if drop_all || bad.binary_search(&i).is_ok() {
                e.handoff = false;
            }
        }
    }
    for e in &mut g.edges {
        e.flat = e.handoff && g.nodes[e.from].rank == g.nodes[e.to].rank;
        e.handoff = e.flat;
    }
}

/// Whether `v` branches: its out-edges leave by side stubs except the main one
/// (the rule of `normalize::run`).
fn branching(g: &LGraph, v: usize) -> bool {
    g.nodes[v].kind == NodeKind::Decision
        || g.edges
            .iter()
            .any(|e| e.from == v && !e.reversed && !e.is_self_loop() && e.label.is_some())
}

/// Edges that may become flat, whatever the ranks: forward, between lanes, into a node with
/// no other forward in-edge, and with the arrow's side free at both ends (no back edge
/// leaving there, no branch towards that side). At most one per node and side.
pub(crate) fn candidates(g: &LGraph) -> Vec<bool> {
    let n = g.nodes.len();
    let mut fwd_in = vec![0usize; n];
    let mut has_up = vec![false; n];
    let mut fwd_out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in g.edges.iter().enumerate() {
        if e.is_self_loop() {
            continue;
        }
        if e.reversed {
            // A back edge leaves its model source by an east stub.
            has_up[e.from] = true;
        } else {
            fwd_in[e.to] += 1;
            fwd_out[e.from].push(i);
        }
    }
    let branch: Vec<bool> = (0..n).map(|v| branching(g, v)).collect();
    let lane = |v: usize| g.nodes[v].lane;
    // (node, east side) already taken by a flat edge.
    let mut taken = vec![[false; 2]; n];
    let mut out = vec![false; g.edges.len()];
    for (i, e) in g.edges.iter().enumerate() {
        let (u, v) = (e.from, e.to);
        if e.is_self_loop() || e.reversed || e.association || lane(u) == lane(v) {
            continue;
        }
        if fwd_in[v] != 1 {
            continue;
        }
        let east = lane(v) > lane(u);
        let on_side = |from: usize, t: usize, east: bool| {
            if east {
                lane(t) > lane(from)
            } else {
                lane(t) < lane(from)
            }
        };
        // u's east side carries its back-edge departures; a branch of u towards the same
        // side would leave there too.
        if east && has_up[u] {
            continue;
        }
        if branch[u]
            && fwd_out[u]
                .iter()
                .any(|&f| f != i && on_side(u, g.edges[f].to, east))
        {
            continue;
        }
        // The arrow enters v on the side facing u.
        if !east && has_up[v] {
            continue;
        }
        if branch[v] && fwd_out[v].iter().any(|&f| on_side(v, g.edges[f].to, !east)) {
            continue;
        }
        let (su, sv) = (usize::from(east), usize::from(!east));
        if taken[u][su] || taken[v][sv] {
            continue;
        }
        // A node with flat edges on both sides has no side left for its other stubs.
        let other_stubs = |w: usize| {
            g.edges.iter().enumerate().any(|(k, f)| {
                k != i
                    && !f.is_self_loop()
                    && ((f.reversed && f.to == w)
                        || (!f.reversed && f.from == w && branch[w] && lane(f.to) == lane(w)))
            })
        };
        if (taken[u][1 - su] || taken[u][su]) && other_stubs(u) {
            continue;
        }
        if taken[v][1 - sv] && other_stubs(v) {
            continue;
        }
        taken[u][su] = true;
        taken[v][sv] = true;
        out[i] = true;
    }
    out
}

/// Candidates that landed on one row the row cannot hold (ascending edge ids): a node in a
/// lane between the ends, or an end that would have to be the outermost node of its lane on
/// a side another flat edge's end already needs (or on both sides, with company in its lane).
pub(crate) fn illegal(g: &LGraph) -> Vec<usize> {
    let mut row_lanes: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for n in &g.nodes {
        *row_lanes.entry((n.rank, n.lane)).or_default() += 1;
    }
    // (row, lane, east side) → node claiming the outermost place there.
    let mut claims: BTreeMap<(usize, usize, bool), usize> = BTreeMap::new();
    let mut bad = Vec::new();
    for (i, e) in g.edges.iter().enumerate() {
        if !e.handoff {
            continue;
        }
        let (u, v) = (e.from, e.to);
        let r = g.nodes[u].rank;
        if g.nodes[v].rank != r {
            continue;
        }
        let (a, b) = (g.nodes[u].lane, g.nodes[v].lane);
        let east = b > a;
        let (lo, hi) = (a.min(b), a.max(b));
        let crowded = (lo + 1..hi).any(|l| row_lanes.contains_key(&(r, l)));
        let wants = [(u, (r, a, east)), (v, (r, b, !east))];
        let clash = wants
            .iter()
            .any(|&(w, k)| claims.get(&k).is_some_and(|&c| c != w));
        // Outermost on both sides of its lane: only if alone there.
        let squeezed = wants.iter().any(|&(w, (r, l, side))| {
            claims.get(&(r, l, !side)) == Some(&w)
                && row_lanes.get(&(r, l)).copied().unwrap_or(0) > 1
        });
        if crowded || clash || squeezed {
            bad.push(i);
            continue;
        }
        for (w, k) in wants {
            claims.insert(k, w);
        }
    }
    bad
}

/// After ordering: move each end of a flat edge to the outer end of its lane body in its
/// layer (the source to the side facing the target, the target to the side facing the
/// source), keeping the lane blocks of the layer in order.
pub(crate) fn pin(g: &mut LGraph) {
    let moves: Vec<(usize, bool)> = g
        .edges
        .iter()
        .filter(|e| e.flat)
        .flat_map(|e| {
            let east = g.nodes[e.to].lane > g.nodes[e.from].lane;
            [(e.from, east), (e.to, !east)]
        })
        .collect();
    for (v, east) in moves {
        let u = g.nodes[v].unit;
        let key = g.units[u].key();
        let layer = &mut g.layers[g.units[u].layer];
        let Some(at) = layer.iter().position(|&w| w == u) else {
            continue;
        };
        layer.remove(at);
        let block: Vec<usize> = (0..layer.len())
            .filter(|&k| g.units[layer[k]].key() == key)
            .collect();
        let to = if east {
            block.last().map_or_else(
                || layer.partition_point(|&w| g.units[w].key() <= key),
                |&k| k + 1,
            )
        } else {
            block
                .first()
                .copied()
                .unwrap_or_else(|| layer.partition_point(|&w| g.units[w].key() < key))
        };
        layer.insert(to, u);
    }
}

/// Per node, whether a flat edge meets its [west, east] side.
pub(crate) fn flat_sides(g: &LGraph) -> Vec<[bool; 2]> {
    let mut sides = vec![[false; 2]; g.nodes.len()];
    for e in g.edges.iter().filter(|e| e.flat) {
        let east = g.nodes[e.to].lane > g.nodes[e.from].lane;
        sides[e.from][usize::from(east)] = true;
        sides[e.to][usize::from(!east)] = true;
    }
    sides
}
