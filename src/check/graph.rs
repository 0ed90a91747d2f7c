//! The control-flow graph in a dense form the rules share.
//!
//! Nodes get dense ids `0..n` in declaration order; annotations (说明) and association edges
//! are left out. Adjacency lists keep edge declaration order and parallel edges. Forward
//! reachability from the roots (the starts; in a flow without a start, every node nothing
//! leads to) and backward reachability from the ends are computed once.

use crate::model::{EdgeKind, NodeKind, Process};
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use petgraph::visit::{EdgeIndexable, NodeIndexable};
use std::collections::VecDeque;

/// The flow graph of a process, dense and precomputed. Building it is O(N + E).
pub struct FlowGraph {
    /// Dense id → model node.
    pub index: Vec<NodeIndex>,
    /// Model node index → dense id (`u32::MAX` for annotations and holes).
    pub dense: Vec<u32>,
    /// Kind of each node.
    pub kind: Vec<NodeKind>,
    /// Outgoing flow edges: (target, edge), in declaration order.
    pub out: Vec<Vec<(u32, EdgeIndex)>>,
    /// Incoming flow edges: (source, edge), in declaration order.
    pub inc: Vec<Vec<(u32, EdgeIndex)>>,
    /// Start nodes.
    pub starts: Vec<u32>,
    /// End nodes.
    pub ends: Vec<u32>,
    /// Where the work can begin: the starts, or, when the flow has no start, every source
    /// (a node without incoming flow edges), so that structure is still checked on a draft.
    pub roots: Vec<u32>,
    /// Reachable from some root.
    pub reachable: Vec<bool>,
    /// Some end is reachable from it.
    pub coreachable: Vec<bool>,
    /// Edges that close a loop (indexed by `EdgeIndex::index()`): declared 退回 edges and the
    /// back edges of a depth-first search from the roots (then from the other nodes in
    /// declaration order). Without them the graph is acyclic.
    pub loop_edge: Vec<bool>,
    /// Each node's position in a topological order of the graph without loop edges.
    pub rank: Vec<u32>,
}

impl FlowGraph {
    /// Build the dense graph of a process.
    pub fn new(process: &Process) -> FlowGraph {
        let g = &process.graph;
        let mut index = Vec::with_capacity(g.node_count());
        let mut dense = vec![u32::MAX; g.node_bound()];
        let mut kind = Vec::with_capacity(g.node_count());
        for i in g.node_indices() {
            let k = g[i].kind;
            if k == NodeKind::Annotation {
                continue;
            }
            dense[i.index()] = index.len() as u32;
            index.push(i);
            kind.push(k);
        }
        let n = index.len();
        let mut out = vec![Vec::new(); n];
        let mut inc = vec![Vec::new(); n];
        for e in g.edge_indices() {
            if g[e].kind != EdgeKind::Flow {
                continue;
            }
            let Some((a, b)) = g.edge_endpoints(e) else {
                continue;
            };
            let (a, b) = (dense[a.index()], dense[b.index()]);
            if a == u32::MAX || b == u32::MAX {
                continue;
            }
            out[a as usize].push((b, e));
            inc[b as usize].push((a, e));
        }
        let starts: Vec<u32> = (0..n as u32)
            .filter(|&i| kind[i as usize] == NodeKind::Start)
            .collect();
        let ends: Vec<u32> = (0..n as u32)
            .filter(|&i| kind[i as usize] == NodeKind::End)
            .collect();
        let roots: Vec<u32> = if starts.is_empty() {
            (0..n as u32)
                .filter(|&i| inc[i as usize].is_empty())
                .collect()
        } else {
            starts.clone()
        };
        let mut graph = FlowGraph {
            index,
            dense,
            kind,
            out,
            inc,
            starts,
            ends,
            roots,
            reachable: Vec::new(),
            coreachable: Vec::new(),
            loop_edge: Vec::new(),
            rank: Vec::new(),
        };
        graph.order_acyclic(process);
        graph.reachable = graph.reach(&graph.roots, true, |_| false);
        graph.coreachable = graph.reach(&graph.ends, false, |_| false);
        graph
    }

    /// Classify loop edges and rank the nodes topologically (iterative depth-first search).
    fn order_acyclic(&mut self, process: &Process) {
        let n = self.len();
        let mut loop_edge = vec![false; process.graph.edge_bound()];
        let mut color = vec![0u8; n];
        let mut post: Vec<u32> = Vec::with_capacity(n);
        let roots: Vec<u32> = self.roots.iter().copied().chain(0..n as u32).collect();
        for root in roots {
            if color[root as usize] != 0 {
                continue;
            }
            color[root as usize] = 1;
            let mut stack: Vec<(u32, usize)> = vec![(root, 0)];
            while let Some(&mut (v, ref mut i)) = stack.last_mut() {
                if let Some(&(m, e)) = self.out[v as usize].get(*i) {
                    *i += 1;
                    if process.graph[e].back || color[m as usize] == 1 {
                        loop_edge[e.index()] = true;
                    } else if color[m as usize] == 0 {
                        color[m as usize] = 1;
                        stack.push((m, 0));
                    }
                } else {
                    color[v as usize] = 2;
                    post.push(v);
                    stack.pop();
                }
            }
        }
        let mut rank = vec![0u32; n];
        for (i, &v) in post.iter().rev().enumerate() {
            rank[v as usize] = i as u32;
        }
        self.loop_edge = loop_edge;
        self.rank = rank;
    }

    /// Whether an edge closes a loop (see [`FlowGraph::loop_edge`]).
    pub fn is_loop_edge(&self, e: EdgeIndex) -> bool {
        self.loop_edge[e.index()]
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether the graph has no nodes.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Dense id of a model node.
    pub fn id(&self, node: NodeIndex) -> Option<u32> {
        self.dense
            .get(node.index())
            .copied()
            .filter(|&d| d != u32::MAX)
    }

    /// Successors of a node (with repeats for parallel edges).
    pub fn succ(&self, n: u32) -> impl Iterator<Item = u32> + '_ {
        self.out[n as usize].iter().map(|&(t, _)| t)
    }

    /// Decisions with at least two outgoing edges, with those edges (the decisions whose
    /// branches the D rules examine).
    pub fn branching_decisions(&self) -> impl Iterator<Item = (u32, &[(u32, EdgeIndex)])> + '_ {
        (0..self.len() as u32).filter_map(|n| {
            let out = &self.out[n as usize];
            (self.kind[n as usize] == NodeKind::Decision && out.len() >= 2)
                .then_some((n, out.as_slice()))
        })
    }

    /// Predecessors of a node (with repeats for parallel edges).
    pub fn pred(&self, n: u32) -> impl Iterator<Item = u32> + '_ {
        self.inc[n as usize].iter().map(|&(s, _)| s)
    }

    /// Nodes reachable from `from` (forward or backward), not expanding through `blocked`
    /// nodes (which are still marked). O(N + E).
    pub fn reach(&self, from: &[u32], forward: bool, blocked: impl Fn(u32) -> bool) -> Vec<bool> {
        let mut seen = vec![false; self.len()];
        let mut queue: VecDeque<u32> = VecDeque::new();
        for &s in from {
            if !seen[s as usize] {
                seen[s as usize] = true;
                queue.push_back(s);
            }
        }
        while let Some(n) = queue.pop_front() {
            if blocked(n) {
                continue;
            }
            let next = if forward {
                &self.out[n as usize]
            } else {
                &self.inc[n as usize]
            };
            for &(m, _) in next {
                if !seen[m as usize] {
                    seen[m as usize] = true;
                    queue.push_back(m);
                }
            }
        }
        seen
    }

    /// A shortest path (breadth-first) from one of `from` to a node satisfying `goal`, not
    /// expanding through `blocked` nodes. Returns the node sequence. O(N + E).
    pub fn path(
        &self,
        from: &[u32],
        goal: impl Fn(u32) -> bool,
        blocked: impl Fn(u32) -> bool,
    ) -> Option<Vec<u32>> {
        let mut parent = vec![u32::MAX; self.len()];
        let mut seen = vec![false; self.len()];
        let mut queue = VecDeque::new();
        for &s in from {
            if !seen[s as usize] {
                seen[s as usize] = true;
                queue.push_back(s);
            }
        }
        while let Some(n) = queue.pop_front() {
            if goal(n) {
                return Some(path_to(&parent, n));
            }
            if blocked(n) {
                continue;
            }
            for &(m, _) in &self.out[n as usize] {
                if !seen[m as usize] {
                    seen[m as usize] = true;
                    parent[m as usize] = n;
                    queue.push_back(m);
                }
            }
        }
        None
    }

    /// A shortest path from a root (a start, see [`FlowGraph::roots`]) to `target`, if
    /// there is one.
    pub fn path_from_start(&self, target: u32) -> Option<Vec<u32>> {
        self.path(&self.roots, |n| n == target, |_| false)
    }

    /// Weakly connected groups of the nodes selected by `keep`, each in declaration order;
    /// groups are ordered by their first node. O(N + E).
    pub fn groups(&self, keep: &[bool]) -> Vec<Vec<u32>> {
        let mut group_of = vec![u32::MAX; self.len()];
        let mut groups: Vec<Vec<u32>> = Vec::new();
        for s in 0..self.len() as u32 {
            if !keep[s as usize] || group_of[s as usize] != u32::MAX {
                continue;
            }
            let g = groups.len() as u32;
            let mut members = vec![s];
            group_of[s as usize] = g;
            let mut i = 0;
            while i < members.len() {
                let n = members[i];
                i += 1;
                for &(m, _) in self.out[n as usize].iter().chain(&self.inc[n as usize]) {
                    if keep[m as usize] && group_of[m as usize] == u32::MAX {
                        group_of[m as usize] = g;
                        members.push(m);
                    }
                }
            }
            members.sort_unstable();
            groups.push(members);
        }
        groups
    }
}

/// The path from a search root to `n`, read back from a predecessor array (`u32::MAX` marks
/// a root). O(path length).
pub(crate) fn path_to(parent: &[u32], n: u32) -> Vec<u32> {
    let mut path = vec![n];
    let mut cur = n;
    while parent[cur as usize] != u32::MAX {
        cur = parent[cur as usize];
        path.push(cur);
    }
    path.reverse();
    path
}
