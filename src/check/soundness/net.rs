//! The working net and the structural pass (reduction rules).
//!
//! The model graph is normalised into a *working net*: one working node per graph-reachable
//! node with an input type (AND for 汇合, XOR otherwise) and an output type (XOR for 判断,
//! AND otherwise), one working edge per flow edge, a virtual `init` edge into the start (or a
//! virtual XOR source before several starts) and one `done` edge out of every end (any node
//! without an outgoing flow edge is an end). A `done` edge keeps its token: it records that
//! its end was reached, so a second token on it is an end reached twice (BPMN 2.0 implicit
//! termination: the case completes when only `done` tokens are left).
//!
//! Reduction rules then collapse well-structured fragments. Every rule preserves soundness in
//! both directions (Sadiq & Orlowska's reduction rules for free-choice workflow graphs, here
//! on a graph whose choices are all free):
//!
//! | rule | condition | effect |
//! |---|---|---|
//! | pass-through | node with one input and one output edge | node folded into the edge |
//! | contraction | edge a→b, a has one output, b has one input | b fused into a (a's input type, b's output type) |
//! | split fusion | edge a→b, b has one input, a and b split the same way | b's outputs move to a |
//! | merge fusion | edge a→b, a has one output, a and b both XOR merges | a's inputs move to b |
//! | parallel edges | several edges a→b, a's split type = b's join type | one edge (a block) |
//! | parallel ends | several `done` edges out of a | one `done` edge |
//! | XOR loop | self-loop on a XOR-in/XOR-out node with another input and output | loop removed |
//! | XOR region | strongly connected set of XOR nodes with a way in and a way out | one XOR node |
//!
//! Parallel ends merge whatever a's split type: each of the ends is reached at most once per
//! firing of a, and a node that fires twice in one case puts two tokens on one edge or end in
//! some interleaving anyway. A net that reduces to the single edge `init → done` is sound. What is left otherwise is
//! small (the unstructured parts) and goes to the state-space search. Every working node and
//! edge remembers the model nodes it stands for as a [`Seg`] tree, so witnesses found on the
//! reduced net are printed in model nodes.

use std::collections::VecDeque;

use petgraph::stable_graph::NodeIndex;
use petgraph::visit::NodeIndexable;

use super::scc::tarjan;
use crate::model::{EdgeKind, NodeKind, Process};

/// Index of a [`Seg`] in [`Segs`].
pub(super) type SegId = u32;

/// What a working node or edge stands for, in model nodes.
#[derive(Debug, Clone)]
pub(super) enum Seg {
    /// Nothing (a virtual node, a plain edge).
    Empty,
    /// One model node.
    Node(u32),
    /// A sequence.
    Cat(Vec<SegId>),
    /// Alternatives / parallel branches of a collapsed block (the first is the representative).
    Alt(Vec<SegId>),
    /// A collapsed XOR loop: the main path and the loop-back body.
    Loop(SegId, SegId),
    /// A collapsed strongly connected XOR region (its parts, its id). Its path is a
    /// [`region_mark`]: the walk through it depends on where the token enters and leaves,
    /// and is filled in by the witness code.
    Region(Vec<SegId>, u32),
}

/// Marks a region in a path (`REGION | id`); never a node id.
pub(super) const REGION: u32 = 1 << 31;

/// The path element standing for region `r`.
pub(super) fn region_mark(r: u32) -> u32 {
    REGION | r
}

/// Arena of segments. Segments form a DAG (split fusion shares a prefix).
#[derive(Debug, Default)]
pub(super) struct Segs(pub Vec<Seg>);

pub(super) const EMPTY: SegId = 0;

impl Segs {
    fn new() -> Self {
        Segs(vec![Seg::Empty])
    }

    fn push(&mut self, seg: Seg) -> SegId {
        self.0.push(seg);
        (self.0.len() - 1) as SegId
    }

    /// Concatenate, skipping empty parts. O(1) (no flattening).
    fn cat(&mut self, parts: &[SegId]) -> SegId {
        let parts: Vec<SegId> = parts.iter().copied().filter(|&p| p != EMPTY).collect();
        match parts.len() {
            0 => EMPTY,
            1 => parts[0],
            _ => self.push(Seg::Cat(parts)),
        }
    }

    /// A representative path through `seg` (first alternative, loops not taken), as dense
    /// graph ids. O(size of the segment tree); iterative, so deep nesting cannot overflow.
    pub fn path(&self, seg: SegId, out: &mut Vec<u32>) {
        let mut stack = vec![seg];
        while let Some(s) = stack.pop() {
            match &self.0[s as usize] {
                Seg::Empty => {}
                Seg::Node(n) => out.push(*n),
                Seg::Cat(parts) => stack.extend(parts.iter().rev()),
                Seg::Alt(alts) => stack.push(alts[0]),
                Seg::Loop(main, _) => stack.push(*main),
                Seg::Region(_, r) => out.push(region_mark(*r)),
            }
        }
    }

    /// Mark every model node in `seg` (all alternatives and loop bodies). `seen` is indexed by
    /// segment id and makes the walk linear over the whole DAG across calls.
    pub fn mark_all(&self, seg: SegId, seen: &mut [bool], nodes: &mut [bool]) {
        let mut stack = vec![seg];
        while let Some(s) = stack.pop() {
            if std::mem::replace(&mut seen[s as usize], true) {
                continue;
            }
            match &self.0[s as usize] {
                Seg::Empty => {}
                Seg::Node(n) => nodes[*n as usize] = true,
                Seg::Cat(parts) | Seg::Alt(parts) => stack.extend(parts.iter()),
                Seg::Loop(a, b) => stack.extend([*a, *b]),
                Seg::Region(parts, _) => stack.extend(parts.iter()),
            }
        }
    }
}

/// The flow graph of the model in dense ids: non-annotation nodes, flow edges only.
#[derive(Debug)]
pub(super) struct Graph {
    /// Dense id → model node.
    pub orig: Vec<NodeIndex>,
    /// Node kinds.
    pub kind: Vec<NodeKind>,
    /// Successors in edge declaration order.
    pub succ: Vec<Vec<u32>>,
    /// Predecessors in edge declaration order.
    pub pred: Vec<Vec<u32>>,
    /// Flow edges (from, to) in declaration order.
    pub edges: Vec<(u32, u32)>,
    /// Reachable from a start.
    pub reachable: Vec<bool>,
}

impl Graph {
    /// O(N + E).
    pub fn new(process: &Process) -> Graph {
        let bound = process.graph.node_bound();
        let mut dense = vec![u32::MAX; bound];
        let mut orig = Vec::new();
        let mut kind = Vec::new();
        for (i, node) in process.nodes() {
            if node.kind != NodeKind::Annotation {
                dense[i.index()] = orig.len() as u32;
                orig.push(i);
                kind.push(node.kind);
            }
        }
        let n = orig.len();
        let mut succ = vec![Vec::new(); n];
        let mut pred = vec![Vec::new(); n];
        let mut edges = Vec::new();
        for (_, a, b, edge) in process.edges() {
            let (a, b) = (dense[a.index()], dense[b.index()]);
            if edge.kind != EdgeKind::Flow || a == u32::MAX || b == u32::MAX {
                continue;
            }
            succ[a as usize].push(b);
            pred[b as usize].push(a);
            edges.push((a, b));
        }
        let mut reachable = vec![false; n];
        let mut queue: VecDeque<u32> = (0..n as u32)
            .filter(|&i| kind[i as usize] == NodeKind::Start)
            .collect();
        for &s in &queue {
            reachable[s as usize] = true;
        }
        while let Some(v) = queue.pop_front() {
            for &w in &succ[v as usize] {
                if !std::mem::replace(&mut reachable[w as usize], true) {
                    queue.push_back(w);
                }
            }
        }
        Graph {
            orig,
            kind,
            succ,
            pred,
            edges,
            reachable,
        }
    }

    pub fn len(&self) -> usize {
        self.orig.len()
    }
}

/// A working node.
#[derive(Debug, Clone)]
pub(super) struct WNode {
    pub ins: Vec<u32>,
    pub outs: Vec<u32>,
    /// Waits for a token on every input (汇合).
    pub in_and: bool,
    /// Puts a token on every output (everything but 判断).
    pub out_and: bool,
    pub seg: SegId,
    /// The model node whose input behaviour this node has (None: virtual).
    pub head: Option<u32>,
    /// The model node whose output behaviour this node has (None: virtual).
    pub tail: Option<u32>,
    pub alive: bool,
}

/// A working edge. `src == None`: the initial edge, or an edge from a node no start reaches
/// (it never carries a token); `dst == None`: a `done` edge out of an end (it keeps its
/// token).
#[derive(Debug, Clone)]
pub(super) struct WEdge {
    pub src: Option<u32>,
    pub dst: Option<u32>,
    pub seg: SegId,
    pub alive: bool,
}

/// A structural finding made while reducing: a mismatched block or a loop without exit.
#[derive(Debug, Clone)]
pub(super) enum Hint {
    /// Several edges from an AND split into one XOR merge (two full paths, split first).
    AndToXor { paths: [Vec<u32>; 2] },
    /// Several edges from a XOR split into one AND join.
    XorToAnd { paths: [Vec<u32>; 2], join: u32 },
    /// A node whose only way out is back to itself.
    NoExit { cycle: Vec<u32> },
}

/// The working net.
#[derive(Debug)]
pub(super) struct Net {
    pub nodes: Vec<WNode>,
    pub edges: Vec<WEdge>,
    pub segs: Segs,
    pub init: u32,
    /// Per model node: the collapsed region it belongs to (`u32::MAX`: none).
    pub region_of: Vec<u32>,
    /// Number of regions collapsed.
    pub regions: u32,
}

fn remove(list: &mut Vec<u32>, x: u32) {
    if let Some(p) = list.iter().position(|&y| y == x) {
        list.remove(p);
    }
}

fn replace(list: &mut Vec<u32>, old: u32, new: &[u32]) {
    if let Some(p) = list.iter().position(|&y| y == old) {
        list.splice(p..=p, new.iter().copied());
    }
}

impl Net {
    /// Normalise the graph into a working net; `None` when there is no start. O(N + E).
    pub fn new(g: &Graph) -> Option<Net> {
        let n = g.len();
        let mut segs = Segs::new();
        let mut nodes = Vec::with_capacity(n + 2);
        for i in 0..n {
            let seg = segs.push(Seg::Node(i as u32));
            nodes.push(WNode {
                ins: Vec::new(),
                outs: Vec::new(),
                in_and: g.kind[i] == NodeKind::Join,
                out_and: g.kind[i] != NodeKind::Decision,
                seg,
                head: Some(i as u32),
                tail: Some(i as u32),
                alive: g.reachable[i],
            });
        }
        let mut net = Net {
            nodes,
            edges: Vec::with_capacity(g.edges.len() + 4),
            segs,
            init: 0,
            region_of: vec![u32::MAX; n],
            regions: 0,
        };
        for &(a, b) in &g.edges {
            if g.reachable[a as usize] {
                net.add_edge(Some(a), Some(b), EMPTY);
            } else if g.reachable[b as usize] && g.kind[b as usize] == NodeKind::Join {
                // Never carries a token, but the join waits for it.
                let seg = net.nodes[a as usize].seg;
                net.add_edge(None, Some(b), seg);
            }
        }
        let starts: Vec<u32> = (0..n as u32)
            .filter(|&i| g.kind[i as usize] == NodeKind::Start)
            .collect();
        let source = match starts.len() {
            0 => return None,
            1 => starts[0],
            _ => {
                let s = net.add_virtual(false);
                for &t in &starts {
                    net.add_edge(Some(s), Some(t), EMPTY);
                }
                s
            }
        };
        net.init = net.add_edge(None, Some(source), EMPTY);
        let sinks: Vec<u32> = (0..n as u32)
            .filter(|&i| net.nodes[i as usize].alive && net.nodes[i as usize].outs.is_empty())
            .collect();
        for t in sinks {
            net.add_edge(Some(t), None, EMPTY);
        }
        Some(net)
    }

    fn add_virtual(&mut self, out_and: bool) -> u32 {
        self.nodes.push(WNode {
            ins: Vec::new(),
            outs: Vec::new(),
            in_and: false,
            out_and,
            seg: EMPTY,
            head: None,
            tail: None,
            alive: true,
        });
        (self.nodes.len() - 1) as u32
    }

    fn add_edge(&mut self, src: Option<u32>, dst: Option<u32>, seg: SegId) -> u32 {
        let e = self.edges.len() as u32;
        self.edges.push(WEdge {
            src,
            dst,
            seg,
            alive: true,
        });
        if let Some(s) = src {
            self.nodes[s as usize].outs.push(e);
        }
        if let Some(d) = dst {
            self.nodes[d as usize].ins.push(e);
        }
        e
    }

    /// Whether every node has been reduced away (the net is `init → done`).
    pub fn is_reduced(&self) -> bool {
        self.nodes.iter().all(|n| !n.alive)
    }

    /// The representative path of a segment.
    pub fn path(&self, seg: SegId) -> Vec<u32> {
        let mut out = Vec::new();
        self.segs.path(seg, &mut out);
        out
    }

    /// Apply the reduction rules until none applies. Returns the structural hints found at
    /// the places where reduction got stuck.
    ///
    /// Cost: every successful rule removes a node or an edge, and a node is re-examined only
    /// when a neighbour changed, so the total is O((N + E) · d log d) for maximum degree d —
    /// linear for office flows — plus O(N + E) per round of region collapsing (one round per
    /// level of nested unstructured loops; one cheap round when nothing is left).
    pub fn reduce(&mut self) -> Vec<Hint> {
        let mut hints = Vec::new();
        let mut queued = vec![true; self.nodes.len()];
        let mut work: VecDeque<u32> = (0..self.nodes.len() as u32).collect();
        let mut touched = Vec::new();
        loop {
            while let Some(n) = work.pop_front() {
                queued[n as usize] = false;
                if !self.nodes[n as usize].alive {
                    continue;
                }
                touched.clear();
                if self.step(n, &mut touched, &mut hints) {
                    touched.push(n);
                    for &t in &touched {
                        if self.nodes[t as usize].alive
                            && !std::mem::replace(&mut queued[t as usize], true)
                        {
                            work.push_back(t);
                        }
                    }
                }
            }
            // Local rules are stuck: collapse XOR regions, then try again around them.
            touched.clear();
            self.collapse_regions(&mut touched);
            if touched.is_empty() {
                break;
            }
            for &t in &touched {
                if self.nodes[t as usize].alive && !std::mem::replace(&mut queued[t as usize], true)
                {
                    work.push_back(t);
                }
            }
        }
        hints
    }

    /// Whether a node behaves as an XOR merge and an XOR split (a single input or output
    /// counts as either).
    fn is_xor(&self, n: u32) -> bool {
        let node = &self.nodes[n as usize];
        (!node.in_and || node.ins.len() <= 1) && (!node.out_and || node.outs.len() <= 1)
    }

    /// Collapse every strongly connected set of ≥ 2 XOR nodes that can be entered and left
    /// into one XOR node. Exact: a single token inside such a set can reach every member and
    /// every way out, all choices being free, so the set behaves as one free choice between
    /// its exits. (Unstructured return loops — 退回 edges that jump across blocks — are of
    /// this kind.) Nodes around the collapsed ones are pushed on `touched`. O(N + E).
    fn collapse_regions(&mut self, touched: &mut Vec<u32>) {
        let n = self.nodes.len();
        let succ: Vec<Vec<u32>> = self
            .nodes
            .iter()
            .map(|node| {
                if !node.alive {
                    return Vec::new();
                }
                node.outs
                    .iter()
                    .filter_map(|&e| self.edges[e as usize].dst)
                    .collect()
            })
            .collect();
        let (comp, count) = tarjan(n, |v| self.nodes[v].alive, |v| &succ[v]);
        let mut members: Vec<Vec<u32>> = vec![Vec::new(); count as usize];
        for v in 0..n {
            if comp[v] != u32::MAX {
                members[comp[v] as usize].push(v as u32);
            }
        }
        for (c, set) in members.iter().enumerate() {
            if set.len() < 2 || !set.iter().all(|&v| self.is_xor(v)) {
                continue;
            }
            let inside = |x: Option<u32>| x.is_some_and(|x| comp[x as usize] == c as u32);
            let mut ins = Vec::new();
            let mut outs = Vec::new();
            let mut internal = Vec::new();
            for &v in set {
                for &e in &self.nodes[v as usize].ins {
                    if !inside(self.edges[e as usize].src) {
                        ins.push(e);
                    }
                }
                for &e in &self.nodes[v as usize].outs {
                    if inside(self.edges[e as usize].dst) {
                        internal.push(e);
                    } else {
                        outs.push(e);
                    }
                }
            }
            if ins.is_empty() || outs.is_empty() {
                continue; // Unreachable, or a trap: left to the exact pass.
            }
            let r = self.regions;
            self.regions += 1;
            let mut parts: Vec<SegId> = set.iter().map(|&v| self.nodes[v as usize].seg).collect();
            parts.extend(internal.iter().map(|&e| self.edges[e as usize].seg));
            let seg = self.segs.push(Seg::Region(parts.clone(), r));
            let mut seen = vec![false; self.segs.0.len()];
            let mut mine = vec![false; self.region_of.len()];
            for &p in &parts {
                self.segs.mark_all(p, &mut seen, &mut mine);
            }
            for (v, m) in mine.iter().enumerate() {
                if *m {
                    self.region_of[v] = r;
                }
            }
            let x = set[0];
            for &e in &internal {
                self.kill_edge(e);
            }
            for &e in &ins {
                self.edges[e as usize].dst = Some(x);
                touched.extend(self.edges[e as usize].src);
            }
            for &e in &outs {
                self.edges[e as usize].src = Some(x);
                touched.extend(self.edges[e as usize].dst);
            }
            for &v in &set[1..] {
                self.nodes[v as usize].alive = false;
            }
            let node = &mut self.nodes[x as usize];
            node.ins = ins;
            node.outs = outs;
            node.in_and = false;
            node.out_and = false;
            node.seg = seg;
            node.head = None;
            node.tail = None;
            touched.push(x);
        }
    }

    /// Try every rule at node `n` once; true if one applied (nodes whose neighbourhood
    /// changed are pushed on `touched`).
    fn step(&mut self, n: u32, touched: &mut Vec<u32>, hints: &mut Vec<Hint>) -> bool {
        self.parallel_ends(n)
            || self.parallel_edges(n, touched, hints)
            || self.self_loop(n, hints)
            || self.pass_through(n, touched)
            || self.fuse(n, touched)
    }

    fn kill_edge(&mut self, e: u32) {
        self.edges[e as usize].alive = false;
    }

    /// Pass-through: `a -e_in-> n -e_out-> b` becomes `a -> b`.
    fn pass_through(&mut self, n: u32, touched: &mut Vec<u32>) -> bool {
        let node = &self.nodes[n as usize];
        if node.ins.len() != 1 || node.outs.len() != 1 || node.ins[0] == node.outs[0] {
            return false;
        }
        let (e_in, e_out) = (node.ins[0], node.outs[0]);
        let seg = self.segs.cat(&[
            self.edges[e_in as usize].seg,
            node.seg,
            self.edges[e_out as usize].seg,
        ]);
        let b = self.edges[e_out as usize].dst;
        let edge = &mut self.edges[e_in as usize];
        edge.dst = b;
        edge.seg = seg;
        if let Some(b) = b {
            replace(&mut self.nodes[b as usize].ins, e_out, &[e_in]);
            touched.push(b);
        }
        if let Some(a) = self.edges[e_in as usize].src {
            touched.push(a);
        }
        self.kill_edge(e_out);
        self.nodes[n as usize].alive = false;
        true
    }

    /// Self-loop on a XOR-merge / XOR-split node that has another way in and out.
    fn self_loop(&mut self, n: u32, hints: &mut Vec<Hint>) -> bool {
        let node = &self.nodes[n as usize];
        let Some(&e) = node
            .outs
            .iter()
            .find(|&&e| self.edges[e as usize].dst == Some(n))
        else {
            return false;
        };
        if !node.in_and && !node.out_and && node.ins.len() >= 2 && node.outs.len() >= 2 {
            let seg = self
                .segs
                .push(Seg::Loop(node.seg, self.edges[e as usize].seg));
            let node = &mut self.nodes[n as usize];
            node.seg = seg;
            remove(&mut node.ins, e);
            remove(&mut node.outs, e);
            self.kill_edge(e);
            return true;
        }
        if node.outs.len() == 1 && node.ins.len() >= 2 {
            let mut cycle = self.path(node.seg);
            cycle.extend(self.path(self.edges[e as usize].seg));
            hints.push(Hint::NoExit { cycle });
        }
        false
    }

    /// Parallel ends: several `done` edges out of `n` become one (the first, standing for the
    /// alternatives).
    fn parallel_ends(&mut self, n: u32) -> bool {
        let ends: Vec<u32> = self.nodes[n as usize]
            .outs
            .iter()
            .copied()
            .filter(|&e| self.edges[e as usize].dst.is_none())
            .collect();
        if ends.len() < 2 {
            return false;
        }
        let alts: Vec<SegId> = ends.iter().map(|&e| self.edges[e as usize].seg).collect();
        let seg = self.segs.push(Seg::Alt(alts));
        self.edges[ends[0] as usize].seg = seg;
        for &e in &ends[1..] {
            remove(&mut self.nodes[n as usize].outs, e);
            self.kill_edge(e);
        }
        true
    }

    /// Parallel edges `a → b`: merged when a's split type matches b's join type, else a hint.
    fn parallel_edges(&mut self, n: u32, touched: &mut Vec<u32>, hints: &mut Vec<Hint>) -> bool {
        let outs = &self.nodes[n as usize].outs;
        if outs.len() < 2 {
            return false;
        }
        // Find the first target reached by two edges (outs are few; sort a copy).
        let mut by_dst: Vec<(u32, u32)> = outs
            .iter()
            .filter_map(|&e| self.edges[e as usize].dst.map(|d| (d, e)))
            .collect();
        by_dst.sort_unstable();
        let mut i = 0;
        while i < by_dst.len() {
            let mut j = i + 1;
            while j < by_dst.len() && by_dst[j].0 == by_dst[i].0 {
                j += 1;
            }
            if j - i >= 2 {
                let b = by_dst[i].0;
                let group: Vec<u32> = {
                    // Declaration order within the group.
                    let mut g: Vec<u32> = by_dst[i..j].iter().map(|&(_, e)| e).collect();
                    let order = &self.nodes[n as usize].outs;
                    g.sort_by_key(|e| order.iter().position(|x| x == e));
                    g
                };
                let out_and = self.nodes[n as usize].out_and;
                let in_and = self.nodes[b as usize].in_and;
                if out_and == in_and {
                    let alts: Vec<SegId> =
                        group.iter().map(|&e| self.edges[e as usize].seg).collect();
                    let seg = self.segs.push(Seg::Alt(alts));
                    self.edges[group[0] as usize].seg = seg;
                    for &e in &group[1..] {
                        remove(&mut self.nodes[n as usize].outs, e);
                        remove(&mut self.nodes[b as usize].ins, e);
                        self.kill_edge(e);
                    }
                    touched.push(b);
                    return true;
                }
                let split = self.nodes[n as usize].tail;
                let prefix = self.path(self.nodes[n as usize].seg);
                let mut paths = [0, 1].map(|k| {
                    let mut p = prefix.clone();
                    if p.is_empty() {
                        p.extend(split);
                    }
                    p.extend(self.path(self.edges[group[k] as usize].seg));
                    p
                });
                let head = self.nodes[b as usize].head;
                if out_and {
                    for p in &mut paths {
                        p.extend(head);
                    }
                    hints.push(Hint::AndToXor { paths });
                } else if let Some(join) = head {
                    paths[0].push(join);
                    hints.push(Hint::XorToAnd { paths, join });
                }
            }
            i = j;
        }
        false
    }

    /// Contraction, split fusion and merge fusion along an output edge of `n`.
    fn fuse(&mut self, n: u32, touched: &mut Vec<u32>) -> bool {
        let outs = self.nodes[n as usize].outs.clone();
        for e in outs {
            let Some(b) = self.edges[e as usize].dst else {
                continue;
            };
            if b == n {
                continue;
            }
            let (a_node, b_node) = (&self.nodes[n as usize], &self.nodes[b as usize]);
            let e_seg = self.edges[e as usize].seg;
            if a_node.outs.len() == 1 && b_node.ins.len() == 1 {
                // Contraction: b joins n.
                let seg = self.segs.cat(&[a_node.seg, e_seg, b_node.seg]);
                let (out_and, tail) = (b_node.out_and, b_node.tail);
                let b_outs = std::mem::take(&mut self.nodes[b as usize].outs);
                for &f in &b_outs {
                    self.edges[f as usize].src = Some(n);
                    if let Some(d) = self.edges[f as usize].dst {
                        touched.push(d);
                    }
                }
                let node = &mut self.nodes[n as usize];
                node.seg = seg;
                node.out_and = out_and;
                node.tail = tail;
                node.outs = b_outs;
                self.nodes[b as usize].alive = false;
                self.kill_edge(e);
                return true;
            }
            if a_node.outs.len() >= 2
                && b_node.ins.len() == 1
                && b_node.outs.len() >= 2
                && a_node.out_and == b_node.out_and
            {
                // Split fusion: b's outputs become n's, prefixed with e and b.
                let prefix = self.segs.cat(&[e_seg, b_node.seg]);
                let b_outs = std::mem::take(&mut self.nodes[b as usize].outs);
                for &f in &b_outs {
                    let seg = self.segs.cat(&[prefix, self.edges[f as usize].seg]);
                    let edge = &mut self.edges[f as usize];
                    edge.src = Some(n);
                    edge.seg = seg;
                    if let Some(d) = edge.dst {
                        touched.push(d);
                    }
                }
                replace(&mut self.nodes[n as usize].outs, e, &b_outs);
                self.nodes[b as usize].alive = false;
                self.kill_edge(e);
                return true;
            }
            if a_node.outs.len() == 1
                && a_node.ins.len() >= 2
                && b_node.ins.len() >= 2
                && !a_node.in_and
                && !b_node.in_and
            {
                // Merge fusion: n's inputs become b's, suffixed with n and e.
                let suffix = self.segs.cat(&[a_node.seg, e_seg]);
                let a_ins = std::mem::take(&mut self.nodes[n as usize].ins);
                for &f in &a_ins {
                    let seg = self.segs.cat(&[self.edges[f as usize].seg, suffix]);
                    let edge = &mut self.edges[f as usize];
                    edge.dst = Some(b);
                    edge.seg = seg;
                    if let Some(s) = edge.src {
                        touched.push(s);
                    }
                }
                replace(&mut self.nodes[b as usize].ins, e, &a_ins);
                self.nodes[n as usize].alive = false;
                self.kill_edge(e);
                touched.push(b);
                return true;
            }
        }
        false
    }
}
