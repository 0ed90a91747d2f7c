//! Phase 1 — cycle removal, keeping the author's order (ELK `GreedyModelOrderCycleBreaker` in
//! spirit).
//!
//! **Precondition:** edges in declaration order; self-loops are ignored here.
//! **Postcondition:** every edge has `reversed` set so that the layered direction
//! (`EdgeInfo::layered`) forms a DAG. Declared return edges (`退回`) are reversed when their
//! target reaches their source (the normal case); a declared return edge pointing forward
//! stays forward. Remaining cycles are broken by reversing the DFS back edges of a search
//! that starts at the start nodes, then at every unvisited node, in declaration order, and
//! follows out-edges in declaration order. Lanes play no part here.

use super::graph::LGraph;
use crate::model::NodeKind;

/// Run cycle removal.
pub(crate) fn run(g: &mut LGraph) {
    let n = g.nodes.len();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in g.edges.iter().enumerate() {
        if !e.is_self_loop() && !e.declared_back {
            out[e.from].push(i);
        }
    }
    // DFS (iterative) over the undeclared edges: reverse back edges.
    let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
    let mut roots: Vec<usize> = (0..n)
        .filter(|&v| g.nodes[v].kind == NodeKind::Start)
        .collect();
    roots.extend(0..n);
    for r in roots {
        if state[r] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(r, 0)];
        state[r] = 1;
        while let Some(&mut (v, ref mut i)) = stack.last_mut() {
            if *i < out[v].len() {
                let e = out[v][*i];
                *i += 1;
                let w = g.edges[e].to;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => g.edges[e].reversed = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    // Declared return edges, one at a time: reverse when the target reaches the source.
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in &g.edges {
        if !e.is_self_loop() && !e.declared_back {
            let (a, b) = e.layered();
            adj[a].push(b);
        }
    }
    let mut mark = vec![0usize; n];
    let mut stamp = 0usize;
    for i in 0..g.edges.len() {
        let e = &g.edges[i];
        if e.is_self_loop() || !e.declared_back {
            continue;
        }
        let (u, v) = (e.from, e.to);
        stamp += 1;
        let reaches = reach(&adj, v, u, &mut mark, stamp);
        g.edges[i].reversed = reaches;
        let (a, b) = g.edges[i].layered();
        adj[a].push(b);
    }
}

fn reach(adj: &[Vec<usize>], from: usize, to: usize, mark: &mut [usize], stamp: usize) -> bool {
    let mut stack = vec![from];
    mark[from] = stamp;
    while let Some(v) = stack.pop() {
        if v == to {
            return true;
        }
        for &w in &adj[v] {
            if mark[w] != stamp {
                mark[w] = stamp;
                stack.push(w);
            }
        }
    }
    false
}
