//! Turning exploration events and structural hints into [`Fault`]s with witnesses in model
//! nodes.
//!
//! A witness run is replayed token by token: every token remembers the firing that produced
//! it, every firing the tokens it consumed. Two tokens' histories meet at their latest common
//! firing — the split where they diverged; a waiting token's history leads back to the
//! choice that starved a join. Working nodes and edges are then expanded into the model nodes
//! they stand for (representative paths of their segments).

use std::collections::{HashMap, HashSet, VecDeque};

use petgraph::stable_graph::NodeIndex;

use super::Fault;
use super::explore::{ALL, Event, Explored, Move, XNet, ones};
use super::net::{Graph, Hint, Net, REGION};
use super::scc::tarjan;
use crate::model::NodeKind;

const NONE: u32 = u32::MAX;

pub(super) struct Ctx<'a> {
    pub g: &'a Graph,
    pub net: &'a Net,
    pub x: &'a XNet,
    pub ex: &'a Explored,
}

/// A firing of a replayed run: its exploration node (`None` for the initial pseudo-firing)
/// and the tokens it consumed as (edge, producing firing).
type Firing = (Option<u32>, Vec<(u32, u32)>);

/// A replayed run.
struct Replay {
    /// Per firing: its exploration node (`None` for the initial pseudo-firing 0) and the
    /// tokens it consumed as (edge, producing firing).
    firings: Vec<Firing>,
    /// The firing that produced the token now on each edge (`NONE`: unmarked).
    producer: Vec<u32>,
    /// A second token put on an edge by the last move: (edge, first producer, second producer).
    double: Option<(u32, u32, u32)>,
}

/// Whether two faults are the same finding (same key).
pub(super) fn same(a: &Fault, b: &Fault) -> bool {
    match (a, b) {
        // One lack of synchronisation per split: further witnesses from the same split are
        // the same defect seen later (another loop iteration, the other end reached first).
        (Fault::LackOfSync { split, .. }, Fault::LackOfSync { split: s2, .. }) => split == s2,
        (Fault::Deadlock { join, .. }, Fault::Deadlock { join: j2, .. }) => join == j2,
        (Fault::DeadStep { node }, Fault::DeadStep { node: n2 }) => node == n2,
        (Fault::Livelock { cycle }, Fault::Livelock { cycle: c2 }) => {
            let mut a: Vec<_> = cycle.clone();
            let mut b: Vec<_> = c2.clone();
            a.sort();
            a.dedup();
            b.sort();
            b.dedup();
            a == b
        }
        _ => false,
    }
}

fn push_unique(list: &mut Vec<Fault>, fault: Fault) {
    if !list.iter().any(|f| same(f, &fault)) {
        list.push(fault);
    }
}

/// Keep one lack of synchronisation per split: the one with the shortest witness (a run that
/// goes around a loop and splits again is found as early as the direct one, but says less).
fn push_best(list: &mut Vec<Fault>, fault: Fault) {
    // Rank: witnesses that do not pass the split again first, then the shortest.
    let size = |f: &Fault| match f {
        Fault::LackOfSync {
            split,
            path_a,
            path_b,
            ..
        } => {
            let again = path_a.iter().chain(path_b).filter(|n| *n == split).count() > 2;
            (again, path_a.len() + path_b.len())
        }
        _ => (false, 0),
    };
    match list.iter_mut().find(|f| same(f, &fault)) {
        Some(old) if size(&fault) < size(old) => *old = fault,
        Some(_) => {}
        None => list.push(fault),
    }
}

fn dedup_adjacent(path: &mut Vec<u32>) {
    path.dedup();
}

/// A cycle of graph edges among the nodes of `moves`, for a livelock whose moves interleave
/// several tokens: concatenating the moves of concurrent tokens is not a walk (a token on
/// `点3 → 点6` and one on `点5 → 点6` meet at a join), but every token that moves forever
/// goes round a graph cycle inside the same nodes. Returns `moves` unchanged when it already
/// is a closed walk; else the shortest cycle through the earliest node of `moves` that has
/// one, in BFS order over declaration-ordered successors. O(k·(N + E)) for k nodes tried.
fn closed_walk(g: &Graph, moves: Vec<u32>) -> Vec<u32> {
    let is_edge = |a: u32, b: u32| g.succ[a as usize].contains(&b);
    let closed = moves.len() >= 2 && moves.windows(2).all(|w| is_edge(w[0], w[1]));
    if closed || moves.len() < 2 {
        return moves;
    }
    let inside: HashSet<u32> = moves.iter().copied().collect();
    for &start in &moves {
        let mut parent: HashMap<u32, u32> = HashMap::new();
        let mut queue = VecDeque::from([start]);
        let mut closing = None;
        'bfs: while let Some(v) = queue.pop_front() {
            for &w in &g.succ[v as usize] {
                if !inside.contains(&w) {
                    continue;
                }
                if w == start {
                    closing = Some(v);
                    break 'bfs;
                }
                if let std::collections::hash_map::Entry::Vacant(e) = parent.entry(w) {
                    e.insert(v);
                    queue.push_back(w);
                }
            }
        }
        if let Some(mut v) = closing {
            let mut cycle = vec![v];
            while v != start {
                v = parent[&v];
                cycle.push(v);
            }
            cycle.reverse();
            cycle.push(start);
            return cycle;
        }
    }
    moves
}

/// Rotate a cycle to start at its entry: the first node with a predecessor outside it.
fn rotate_to_entry(g: &Graph, cycle: &mut Vec<u32>) {
    if cycle.len() > 1 && cycle.first() == cycle.last() {
        cycle.pop();
    }
    let inside: HashSet<u32> = cycle.iter().copied().collect();
    let entry = cycle
        .iter()
        .position(|&v| g.pred[v as usize].iter().any(|p| !inside.contains(p)))
        .unwrap_or(0);
    cycle.rotate_left(entry);
}

impl Ctx<'_> {
    fn ids(&self, path: &[u32]) -> Vec<NodeIndex> {
        path.iter().map(|&n| self.g.orig[n as usize]).collect()
    }

    fn id(&self, n: u32) -> NodeIndex {
        self.g.orig[n as usize]
    }

    /// Model nodes of exploration node `n`'s segment.
    fn node_path(&self, n: u32, out: &mut Vec<u32>) {
        let w = self.x.nodes[n as usize].w;
        self.net.segs.path(self.net.nodes[w as usize].seg, out);
    }

    /// Model nodes of exploration edge `e`'s segment.
    fn edge_path(&self, e: u32, out: &mut Vec<u32>) {
        let w = self.x.edges[e as usize].w;
        self.net.segs.path(self.net.edges[w as usize].seg, out);
    }

    fn head(&self, n: u32) -> Option<u32> {
        self.net.nodes[self.x.nodes[n as usize].w as usize].head
    }

    fn tail(&self, n: u32) -> Option<u32> {
        self.net.nodes[self.x.nodes[n as usize].w as usize].tail
    }

    /// Replace every region mark in `path` by a walk through the region: from a successor of
    /// the node before it (or from the region's entries) to a predecessor of the node after
    /// it (or to a node leading into the next region). O(path + region size) per mark.
    fn repair(&self, path: &[u32]) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::with_capacity(path.len());
        for (i, &v) in path.iter().enumerate() {
            if v & REGION == 0 {
                out.push(v);
                continue;
            }
            let r = v & !REGION;
            let walk = self.walk(r, out.last().copied(), path.get(i + 1).copied());
            out.extend(walk);
        }
        out
    }

    /// A shortest walk inside region `r` entered from `prev` and left towards `next` (a node,
    /// or another region's mark). Empty if there is none.
    fn walk(&self, r: u32, prev: Option<u32>, next: Option<u32>) -> Vec<u32> {
        let g = self.g;
        let region = &self.net.region_of;
        let inside = |v: u32| region[v as usize] == r;
        let starts: Vec<u32> = match prev {
            Some(p) if !inside(p) => g.succ[p as usize]
                .iter()
                .copied()
                .filter(|&w| inside(w))
                .collect(),
            Some(p) => vec![p],
            None => (0..g.len() as u32)
                .filter(|&v| {
                    inside(v)
                        && (g.kind[v as usize] == NodeKind::Start
                            || g.pred[v as usize].iter().any(|&p| !inside(p)))
                })
                .collect(),
        };
        let done = |u: u32| match next {
            None => true,
            Some(w) if w & REGION != 0 => {
                let r2 = w & !REGION;
                g.succ[u as usize].iter().any(|&s| region[s as usize] == r2)
            }
            Some(w) => u == w || g.succ[u as usize].contains(&w),
        };
        let mut parent: HashMap<u32, u32> = HashMap::new();
        let mut queue: VecDeque<u32> = VecDeque::new();
        for &s in &starts {
            if parent.insert(s, NONE).is_none() {
                queue.push_back(s);
            }
        }
        while let Some(u) = queue.pop_front() {
            if done(u) {
                let mut walk = vec![u];
                let mut cur = u;
                while parent[&cur] != NONE {
                    cur = parent[&cur];
                    walk.push(cur);
                }
                walk.reverse();
                if prev == Some(walk[0]) {
                    walk.remove(0);
                }
                if next == walk.last().copied() {
                    walk.pop();
                }
                return walk;
            }
            for &w in &g.succ[u as usize] {
                if inside(w) && !parent.contains_key(&w) {
                    parent.insert(w, u);
                    queue.push_back(w);
                }
            }
        }
        Vec::new()
    }

    /// Replay `moves` from the initial marking. O(moves · d).
    fn replay(&self, moves: &[Move]) -> Replay {
        let mut r = Replay {
            firings: vec![(None, Vec::new())],
            producer: vec![NONE; self.x.edges.len()],
            double: None,
        };
        r.producer[self.x.init as usize] = 0;
        for mv in moves {
            let node = &self.x.nodes[mv.node as usize];
            let f = r.firings.len() as u32;
            let inputs: Vec<u32> = if mv.input == ALL {
                node.ins.clone()
            } else {
                vec![mv.input]
            };
            let consumed = inputs
                .iter()
                .map(|&e| (e, std::mem::replace(&mut r.producer[e as usize], NONE)))
                .collect();
            r.firings.push((Some(mv.node), consumed));
            let outputs: Vec<u32> = if mv.output == ALL {
                node.outs.clone()
            } else {
                vec![mv.output]
            };
            for e in outputs {
                let old = std::mem::replace(&mut r.producer[e as usize], f);
                if old != NONE && r.double.is_none() {
                    r.double = Some((e, old, f));
                }
            }
        }
        r
    }

    /// Firings that are `f` or its ancestors.
    fn ancestors(r: &Replay, f: u32) -> Vec<bool> {
        let mut anc = vec![false; r.firings.len()];
        let mut stack = vec![f];
        while let Some(g) = stack.pop() {
            if g == NONE || std::mem::replace(&mut anc[g as usize], true) {
                continue;
            }
            stack.extend(r.firings[g as usize].1.iter().map(|&(_, p)| p));
        }
        anc
    }

    /// Model nodes along the history from firing `from` to firing `to` (a descendant).
    fn chain(&self, r: &Replay, from: u32, to: u32) -> Vec<u32> {
        let n = r.firings.len();
        let mut desc = vec![false; n];
        desc[from as usize] = true;
        for f in from as usize + 1..n {
            desc[f] = r.firings[f]
                .1
                .iter()
                .any(|&(_, p)| p != NONE && desc[p as usize]);
        }
        let mut seq = vec![to];
        let mut via = Vec::new();
        let mut cur = to;
        while cur != from {
            let Some(&(e, p)) = r.firings[cur as usize]
                .1
                .iter()
                .find(|&&(_, p)| p != NONE && desc[p as usize])
            else {
                break;
            };
            via.push(e);
            seq.push(p);
            cur = p;
        }
        seq.reverse();
        via.reverse();
        let mut out = Vec::new();
        for (k, &f) in seq.iter().enumerate() {
            if k > 0 {
                self.edge_path(via[k - 1], &mut out);
            }
            if let Some(node) = r.firings[f as usize].0 {
                self.node_path(node, &mut out);
            }
        }
        out
    }

    /// The path of a token: its history from `from` plus the edge it sits on and the node it
    /// waits for.
    fn token_path(&self, r: &Replay, from: u32, edge: u32, producer: u32) -> Vec<u32> {
        let mut p = self.chain(r, from, producer);
        self.edge_path(edge, &mut p);
        if let Some(d) = self.x.edges[edge as usize].dst {
            p.extend(self.head(d));
        }
        let mut p = self.repair(&p);
        dedup_adjacent(&mut p);
        p
    }

    /// Lack of sync between two tokens (edge, producer); `a` is the one that arrived first.
    fn lack_of_sync(&self, r: &Replay, a: (u32, u32), b: (u32, u32)) -> Option<Fault> {
        let anc_a = Self::ancestors(r, a.1);
        let anc_b = Self::ancestors(r, b.1);
        let d = (0..r.firings.len()).rev().find(|&f| anc_a[f] && anc_b[f])? as u32;
        let pa = self.token_path(r, d, a.0, a.1);
        let pb = self.token_path(r, d, b.0, b.1);
        self.split_merge(pa, pb)
    }

    /// Normalise two full paths into (split, merge, path_a, path_b): the split is the last
    /// node of their common prefix, the merge the first later node of `pa` also in `pb`.
    fn split_merge(&self, mut pa: Vec<u32>, mut pb: Vec<u32>) -> Option<Fault> {
        let lcp = pa.iter().zip(&pb).take_while(|(a, b)| a == b).count();
        if lcp == 0 || pa.is_empty() {
            return None;
        }
        let s = lcp - 1;
        let first_in_b: HashMap<u32, usize> = pb[lcp..]
            .iter()
            .enumerate()
            .rev()
            .map(|(j, &n)| (n, lcp + j))
            .collect();
        if let Some((i, j)) = pa[lcp..]
            .iter()
            .enumerate()
            .find_map(|(i, n)| first_in_b.get(n).map(|&j| (lcp + i, j)))
        {
            pa.truncate(i + 1);
            pb.truncate(j + 1);
        }
        let merge = *pa.last()?;
        Some(Fault::LackOfSync {
            split: self.id(pa[s]),
            merge: self.id(merge),
            path_a: self.ids(&pa[s..]),
            path_b: self.ids(&pb[s..]),
        })
    }

    /// Deadlocks at the partially marked AND joins of stuck state `state`.
    fn deadlocks(
        &self,
        state: u32,
        out: &mut Vec<Fault>,
        handled: &mut HashSet<Vec<(usize, u32)>>,
    ) {
        let bits = self.ex.state(state);
        let marked: HashSet<u32> = ones(bits).collect();
        let partial = |j: usize| {
            let ins = &self.x.nodes[j].ins;
            self.x.nodes[j].in_and
                && ins.iter().any(|e| marked.contains(e))
                && ins.iter().any(|e| !marked.contains(e))
        };
        // Stuck states with the same starved joins and inputs give the same faults: replay
        // (O(depth)) and search (O(N + E) per join) once per configuration.
        let config: Vec<(usize, u32)> = (0..self.x.nodes.len())
            .filter(|&j| partial(j))
            .map(|j| {
                let ins = &self.x.nodes[j].ins;
                (
                    j,
                    *ins.iter().find(|e| !marked.contains(e)).expect("partial"),
                )
            })
            .collect();
        if !handled.insert(config) {
            return;
        }
        let r = self.replay(&self.ex.trace(state));
        // Per partial join: (node, join, taken edge, missing input, what reaches it).
        let mut stuck = Vec::new();
        for (j, node) in self.x.nodes.iter().enumerate() {
            if !partial(j) {
                continue;
            }
            let Some(join) = self.head(j as u32) else {
                continue;
            };
            let taken_edge = *node
                .ins
                .iter()
                .find(|e| marked.contains(e))
                .expect("partial");
            // Every missing input, not just the first: which one comes first depends on how
            // the net was reduced, and a join is starved by another stuck join through any of
            // them.
            let missing: Vec<(u32, Vec<bool>)> = node
                .ins
                .iter()
                .filter(|e| !marked.contains(e))
                .map(|&missing_edge| {
                    let into = self.missing_into(missing_edge, join);
                    (into, self.reaching(into, join))
                })
                .collect();
            let (missing_into, reach) = missing.first().cloned().expect("partial");
            let starved_by: Vec<bool> = (0..self.g.len())
                .map(|v| missing.iter().any(|(_, r)| r[v]))
                .collect();
            stuck.push((join, taken_edge, missing_into, reach, starved_by));
        }
        // A join starved only because another stuck join upstream never fires is a
        // consequence, not a cause: it is left to the dead steps. (If every stuck join is
        // upstream of another — a cycle — all are reported.)
        let upstream = |k: usize| {
            let (join, .., starved_by) = &stuck[k];
            stuck
                .iter()
                .any(|(other, ..)| other != join && starved_by[*other as usize])
        };
        let causes: Vec<usize> = (0..stuck.len()).filter(|&k| !upstream(k)).collect();
        let causes = if causes.is_empty() {
            (0..stuck.len()).collect()
        } else {
            causes
        };
        for k in causes {
            let (join, taken_edge, missing_into, reach, _) = &stuck[k];
            let (join, missing_into) = (*join, *missing_into);
            if out
                .iter()
                .any(|f| matches!(f, Fault::Deadlock { join: j, .. } if *j == self.id(join)))
            {
                continue;
            }
            let mut full = self.chain(&r, 0, r.producer[*taken_edge as usize]);
            self.edge_path(*taken_edge, &mut full);
            full.push(join);
            let mut full = self.repair(&full);
            dedup_adjacent(&mut full);
            let (split, taken) = self.starving_choice(&full, join, missing_into, reach);
            out.push(Fault::Deadlock {
                split: split.map(|s| self.id(s)),
                join: self.id(join),
                taken: self.ids(taken),
                missing_into: self.id(missing_into),
            });
        }
    }

    /// The last model node on the way into `join` along working edge `missing_edge` (the
    /// edge's source when the edge stands for no model nodes; `join` when it has no source).
    fn missing_into(&self, missing_edge: u32, join: u32) -> u32 {
        let mut missing = Vec::new();
        self.edge_path(missing_edge, &mut missing);
        missing.push(join);
        let mut missing = self.repair(&missing);
        missing.pop();
        missing
            .last()
            .copied()
            .or_else(|| {
                self.x.edges[missing_edge as usize]
                    .src
                    .and_then(|s| self.tail(s))
            })
            .unwrap_or(join)
    }

    /// Model nodes from which `target` can be reached without passing `join`. O(N + E).
    /// A join that waits for its own output (a self-loop input) is starved by nothing else.
    fn reaching(&self, target: u32, join: u32) -> Vec<bool> {
        let mut reach = vec![false; self.g.len()];
        reach[target as usize] = true;
        if target == join {
            return reach;
        }
        let mut queue = VecDeque::from([target]);
        while let Some(v) = queue.pop_front() {
            for &p in &self.g.pred[v as usize] {
                if p != join && !std::mem::replace(&mut reach[p as usize], true) {
                    queue.push_back(p);
                }
            }
        }
        reach
    }

    /// The last 判断 on `path` with another branch that leads to `missing` (`reach`: the
    /// nodes that reach it without passing the join); the path from it. O(path · d).
    fn starving_choice<'p>(
        &self,
        path: &'p [u32],
        join: u32,
        missing: u32,
        reach: &[bool],
    ) -> (Option<u32>, &'p [u32]) {
        for i in (0..path.len().saturating_sub(1)).rev() {
            let v = path[i];
            if self.g.kind[v as usize] != NodeKind::Decision {
                continue;
            }
            let next = path[i + 1];
            let other = self.g.succ[v as usize]
                .iter()
                .any(|&s| s != next && (reach[s as usize] || (s == join && v == missing)));
            if other {
                return (Some(v), &path[i..]);
            }
        }
        (None, path)
    }

    /// Livelocks: terminal strongly connected sets of states from which neither the final
    /// state, nor a stuck state, nor a faulty move can be reached. O(S + T).
    fn livelocks(&self, out: &mut Vec<Fault>) {
        let ex = self.ex;
        let n = ex.count();
        let mut rev_off = vec![0u32; n + 1];
        for &(t, _) in &ex.succ {
            rev_off[t as usize + 1] += 1;
        }
        for i in 0..n {
            rev_off[i + 1] += rev_off[i];
        }
        let mut fill = rev_off.clone();
        let mut rev = vec![0u32; ex.succ.len()];
        for s in 0..n {
            for &(t, _) in &ex.succ[ex.off[s] as usize..ex.off[s + 1] as usize] {
                rev[fill[t as usize] as usize] = s as u32;
                fill[t as usize] += 1;
            }
        }
        let ok_at = |s: usize| ex.is_final[s] || ex.stuck[s] || ex.pruned[s];
        let mut ok: Vec<bool> = (0..n).map(ok_at).collect();
        let mut queue: VecDeque<u32> = (0..n as u32).filter(|&s| ok[s as usize]).collect();
        while let Some(t) = queue.pop_front() {
            for &s in &rev[rev_off[t as usize] as usize..rev_off[t as usize + 1] as usize] {
                if !std::mem::replace(&mut ok[s as usize], true) {
                    queue.push_back(s);
                }
            }
        }
        if ok.iter().all(|&b| b) {
            return;
        }
        let targets: Vec<u32> = ex.succ.iter().map(|&(t, _)| t).collect();
        let (comp, count) = tarjan(
            n,
            |s| !ok[s],
            |s| &targets[ex.off[s] as usize..ex.off[s + 1] as usize],
        );
        let mut terminal = vec![true; count as usize];
        let mut first = vec![NONE; count as usize];
        for s in 0..n {
            let c = comp[s];
            if c == NONE {
                continue;
            }
            if first[c as usize] == NONE {
                first[c as usize] = s as u32;
            }
            if targets[ex.off[s] as usize..ex.off[s + 1] as usize]
                .iter()
                .any(|&t| comp[t as usize] != c)
            {
                terminal[c as usize] = false;
            }
        }
        let mut order: Vec<u32> = (0..count).filter(|&c| terminal[c as usize]).collect();
        order.sort_by_key(|&c| first[c as usize]);
        for c in order {
            let cycle = self.state_cycle(first[c as usize], &comp);
            if !cycle.is_empty() {
                push_unique(
                    out,
                    Fault::Livelock {
                        cycle: self.ids(&cycle),
                    },
                );
            }
        }
    }

    /// A shortest cycle of moves through `start` inside its component, in model nodes.
    fn state_cycle(&self, start: u32, comp: &[u32]) -> Vec<u32> {
        let ex = self.ex;
        let c = comp[start as usize];
        let mut parent: HashMap<u32, (u32, Move)> = HashMap::new();
        let mut queue = VecDeque::from([start]);
        let mut closing = None;
        'bfs: while let Some(s) = queue.pop_front() {
            for &(t, mv) in &ex.succ[ex.off[s as usize] as usize..ex.off[s as usize + 1] as usize] {
                if comp[t as usize] != c {
                    continue;
                }
                if t == start {
                    closing = Some((s, mv));
                    break 'bfs;
                }
                if let std::collections::hash_map::Entry::Vacant(v) = parent.entry(t) {
                    v.insert((s, mv));
                    queue.push_back(t);
                }
            }
        }
        let Some((mut s, last)) = closing else {
            return Vec::new();
        };
        let mut moves = vec![last];
        while s != start {
            let (p, mv) = parent[&s];
            moves.push(mv);
            s = p;
        }
        moves.reverse();
        let mut path = Vec::new();
        for mv in moves {
            let node = &self.x.nodes[mv.node as usize];
            let input = if mv.input == ALL {
                node.ins[0]
            } else {
                mv.input
            };
            self.edge_path(input, &mut path);
            self.node_path(mv.node, &mut path);
        }
        let mut path = self.repair(&path);
        dedup_adjacent(&mut path);
        let mut path = closed_walk(self.g, path);
        rotate_to_entry(self.g, &mut path);
        path
    }

    /// All faults witnessed by the exploration, grouped by kind.
    pub fn faults(&self) -> Vec<Fault> {
        let mut sync = Vec::new();
        let mut dead = Vec::new();
        let mut lost_sync = false;
        // Replaying is O(depth); replay one event per (kind, node, edge) only, so a huge
        // number of events (state explosion) costs O(events), not O(events · depth).
        let mut replayed: HashSet<(u8, u32, u32)> = HashSet::new();
        let mut handled = HashSet::new();
        for event in &self.ex.events {
            let key = match *event {
                Event::Double { mv, edge, .. } => (0, mv.node, edge),
                Event::Stuck { .. } => (2, 0, 0),
            };
            if key.0 != 2 && !replayed.insert(key) {
                lost_sync = true;
                continue;
            }
            match *event {
                Event::Double { state, mv, edge } => {
                    lost_sync = true;
                    let mut moves = self.ex.trace(state);
                    moves.push(mv);
                    let r = self.replay(&moves);
                    if let Some((e, first, second)) = r.double {
                        debug_assert_eq!(e, edge);
                        if let Some(f) = self.lack_of_sync(&r, (e, first), (e, second)) {
                            push_best(&mut sync, f);
                        }
                    }
                }
                Event::Stuck { state } => self.deadlocks(state, &mut dead, &mut handled),
            }
        }
        let mut faults = sync;
        faults.append(&mut dead);
        if !self.ex.complete {
            return faults;
        }
        self.livelocks(&mut faults);
        if !lost_sync {
            self.dead_steps(&mut faults);
        }
        faults
    }

    /// Graph-reachable model nodes in no fired node and no marked edge. O(N + E + segments).
    fn dead_steps(&self, out: &mut Vec<Fault>) {
        let mut seen = vec![false; self.net.segs.0.len()];
        let mut live = vec![false; self.g.len()];
        for (i, x) in self.x.nodes.iter().enumerate() {
            if self.ex.fired[i] {
                let seg = self.net.nodes[x.w as usize].seg;
                self.net.segs.mark_all(seg, &mut seen, &mut live);
            }
        }
        for (i, x) in self.x.edges.iter().enumerate() {
            if self.ex.marked[i] {
                let seg = self.net.edges[x.w as usize].seg;
                self.net.segs.mark_all(seg, &mut seen, &mut live);
            }
        }
        let stuck_joins: HashSet<NodeIndex> = out
            .iter()
            .filter_map(|f| match f {
                Fault::Deadlock { join, .. } => Some(*join),
                _ => None,
            })
            .collect();
        for ((&node, &reachable), &live) in self.g.orig.iter().zip(&self.g.reachable).zip(&live) {
            if reachable && !live && !stuck_joins.contains(&node) {
                out.push(Fault::DeadStep { node });
            }
        }
    }

    /// The structural hints as (unconfirmed) faults, plus loops without exit in the graph.
    pub fn hints(&self, hints: &[Hint]) -> Vec<Fault> {
        let mut out = Vec::new();
        for hint in hints {
            match hint {
                Hint::AndToXor { paths, .. } => {
                    if let Some(f) =
                        self.split_merge(self.repair(&paths[0]), self.repair(&paths[1]))
                    {
                        push_unique(&mut out, f);
                    }
                }
                Hint::XorToAnd { paths, join } => {
                    let paths = [self.repair(&paths[0]), self.repair(&paths[1])];
                    let lcp = paths[0]
                        .iter()
                        .zip(&paths[1])
                        .take_while(|(a, b)| a == b)
                        .count();
                    if lcp == 0 {
                        continue;
                    }
                    let missing_into = *paths[1].last().unwrap_or(join);
                    push_unique(
                        &mut out,
                        Fault::Deadlock {
                            split: Some(self.id(paths[0][lcp - 1])),
                            join: self.id(*join),
                            taken: self.ids(&paths[0][lcp - 1..]),
                            missing_into: self.id(missing_into),
                        },
                    );
                }
                Hint::NoExit { cycle } => push_unique(
                    &mut out,
                    Fault::Livelock {
                        cycle: self.ids(&self.repair(cycle)),
                    },
                ),
            }
        }
        for cycle in self.traps() {
            push_unique(
                &mut out,
                Fault::Livelock {
                    cycle: self.ids(&cycle),
                },
            );
        }
        out
    }

    /// Strongly connected sets of graph-reachable nodes that no edge leaves. O(N + E).
    fn traps(&self) -> Vec<Vec<u32>> {
        let g = self.g;
        let (comp, count) = tarjan(g.len(), |v| g.reachable[v], |v| &g.succ[v]);
        let mut size = vec![0usize; count as usize];
        let mut leaves = vec![false; count as usize];
        let mut first = vec![NONE; count as usize];
        let mut self_loop = vec![false; count as usize];
        for v in 0..g.len() {
            let c = comp[v];
            if c == NONE {
                continue;
            }
            size[c as usize] += 1;
            if first[c as usize] == NONE {
                first[c as usize] = v as u32;
            }
            for &w in &g.succ[v] {
                if comp[w as usize] != c {
                    leaves[c as usize] = true;
                } else if w as usize == v {
                    self_loop[c as usize] = true;
                }
            }
        }
        let mut out = Vec::new();
        let mut order: Vec<usize> = (0..count as usize)
            .filter(|&c| !leaves[c] && (size[c] >= 2 || self_loop[c]))
            .collect();
        order.sort_by_key(|&c| first[c]);
        for c in order {
            // Shortest cycle through the first node, inside the component.
            let start = first[c];
            let mut parent = vec![NONE; g.len()];
            let mut queue = VecDeque::from([start]);
            let mut closing = None;
            'bfs: while let Some(v) = queue.pop_front() {
                for &w in &g.succ[v as usize] {
                    if comp[w as usize] != c as u32 {
                        continue;
                    }
                    if w == start {
                        closing = Some(v);
                        break 'bfs;
                    }
                    if parent[w as usize] == NONE {
                        parent[w as usize] = v;
                        queue.push_back(w);
                    }
                }
            }
            if let Some(mut v) = closing {
                let mut cycle = vec![v];
                while v != start {
                    v = parent[v as usize];
                    cycle.push(v);
                }
                cycle.reverse();
                rotate_to_entry(g, &mut cycle);
                out.push(cycle);
            }
        }
        out
    }
}
