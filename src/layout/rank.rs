//! Phase 2 — layering by network simplex (Gansner, Koutsofios, North, Vo 1993).
//!
//! **Precondition:** the layered direction of the edges is acyclic (phase 1).
//! **Postcondition:** `NodeInfo::rank` with `rank(v) − rank(u) ≥ 1` on every layered edge
//! (self-loops excepted; ≥ 0 on a hand-off candidate of a compact chart), lowest rank 0; when the flow has phases, every node of phase k
//! lies strictly above every node of phase k+1 (band boundaries are extra variables).
//!
//! Minimises Σ w·(rank v − rank u): main-flow edges weigh 2, others 1. Starts from a
//! longest-path ranking, builds a feasible tight tree, then pivots on negative cut values
//! with a deterministic cyclic scan; pivots are capped (every intermediate tree is a feasible
//! ranking). Lanes do not affect ranking: they are perpendicular to the layers.

use super::graph::LGraph;
use std::collections::BTreeMap;

/// Run layering.
pub(crate) fn run(g: &mut LGraph) {
    let n = g.nodes.len();
    let mut arcs: BTreeMap<(usize, usize), (i64, i64)> = BTreeMap::new();
    for e in &g.edges {
        if e.is_self_loop() {
            continue;
        }
        let (a, b) = e.layered();
        let w = if e.main && !e.reversed { 2 } else { 1 };
        let ent = arcs.entry((a, b)).or_insert((0, 0));
        ent.1 += w;
        // A same-row hand-off candidate may share its source's row (unless another edge
        // joins the same two nodes).
        ent.0 = ent.0.max(i64::from(!e.handoff));
    }
    // Phase bands: boundary variable B_k after phase k.
    let nb = g.phases.len().saturating_sub(1);
    let mut total = n;
    if nb > 0 {
        let mut band_arcs = arcs.clone();
        for k in 0..nb {
            let bk = n + k;
            if k + 1 < nb {
                band_arcs.insert((bk, bk + 1), (1, 0));
            }
            for (v, node) in g.nodes.iter().enumerate() {
                match node.phase {
                    Some(p) if p <= k => {
                        band_arcs.insert((v, bk), (0, 0));
                    }
                    Some(p) if p == k + 1 => {
                        band_arcs.insert((bk, v), (1, 0));
                    }
                    _ => {}
                }
            }
        }
        if is_acyclic(n + nb, &band_arcs) {
            arcs = band_arcs;
            total = n + nb;
        } else {
            g.phases.clear();
            for node in &mut g.nodes {
                node.phase = None;
            }
        }
    }
    let edges: Vec<(usize, usize, i64, i64)> =
        arcs.iter().map(|(&(a, b), &(m, w))| (a, b, m, w)).collect();
    let ranks = network_simplex(total, &edges);
    let min = ranks[..total].iter().copied().min().unwrap_or(0);
    for (v, node) in g.nodes.iter_mut().enumerate() {
        node.rank = (ranks[v] - min) as usize;
    }
    if total > n {
        g.band_after = (n..total).map(|b| (ranks[b] - min) as usize).collect();
    }
}

fn is_acyclic(n: usize, arcs: &BTreeMap<(usize, usize), (i64, i64)>) -> bool {
    let mut indeg = vec![0usize; n];
    let mut out = vec![Vec::new(); n];
    for &(a, b) in arcs.keys() {
        out[a].push(b);
        indeg[b] += 1;
    }
    let mut stack: Vec<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    let mut seen = 0;
    while let Some(v) = stack.pop() {
        seen += 1;
        for &w in &out[v] {
            indeg[w] -= 1;
            if indeg[w] == 0 {
                stack.push(w);
            }
        }
    }
    seen == n
}

/// Longest-path ranking: every node as high as its predecessors allow.
pub(crate) fn longest_path(n: usize, edges: &[(usize, usize, i64, i64)]) -> Vec<i64> {
    let mut indeg = vec![0usize; n];
    let mut out = vec![Vec::new(); n];
    for (i, &(a, b, _, _)) in edges.iter().enumerate() {
        out[a].push(i);
        indeg[b] += 1;
    }
    let mut rank = vec![0i64; n];
    let mut queue: std::collections::VecDeque<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    while let Some(v) = queue.pop_front() {
        for &i in &out[v] {
            let (_, b, m, _) = edges[i];
            rank[b] = rank[b].max(rank[v] + m);
            indeg[b] -= 1;
            if indeg[b] == 0 {
                queue.push_back(b);
            }
        }
    }
    rank
}

/// Network simplex over a simple DAG `(tail, head, minlen, weight)`; returns ranks.
pub(crate) fn network_simplex(n: usize, edges: &[(usize, usize, i64, i64)]) -> Vec<i64> {
    let mut rank = longest_path(n, edges);
    if n == 0 || edges.is_empty() {
        return rank;
    }
    // Pull sources down next to their first successor (longest path leaves them at 0).
    let mut inc: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, &(a, b, _, _)) in edges.iter().enumerate() {
        inc[a].push(i);
        inc[b].push(i);
    }
    // Components, solved separately.
    let mut comp = vec![usize::MAX; n];
    let mut comps: Vec<Vec<usize>> = Vec::new();
    for s in 0..n {
        if comp[s] != usize::MAX {
            continue;
        }
        let c = comps.len();
        let mut members = vec![s];
        comp[s] = c;
        let mut i = 0;
        while i < members.len() {
            let v = members[i];
            i += 1;
            for &e in &inc[v] {
                let (a, b, _, _) = edges[e];
                let w = if a == v { b } else { a };
                if comp[w] == usize::MAX {
                    comp[w] = c;
                    members.push(w);
                }
            }
        }
        comps.push(members);
    }
    for members in &comps {
        if members.len() > 1 {
            solve_component(members, edges, &inc, &mut rank);
        }
    }
    rank
}

struct Tree {
    /// Tree edge to the parent (edge index), per node; usize::MAX for the root / non-members.
    parent_edge: Vec<usize>,
    parent: Vec<usize>,
    in_tree: Vec<bool>,
    is_tree_edge: Vec<bool>,
    low: Vec<usize>,
    lim: Vec<usize>,
    cut: Vec<i64>,
}

fn slack(edges: &[(usize, usize, i64, i64)], rank: &[i64], e: usize) -> i64 {
    let (a, b, m, _) = edges[e];
    rank[b] - rank[a] - m
}

fn solve_component(
    members: &[usize],
    edges: &[(usize, usize, i64, i64)],
    inc: &[Vec<usize>],
    rank: &mut [i64],
) {
    let n = rank.len();
    let size = members.len();
    let mut t = Tree {
        parent_edge: vec![usize::MAX; n],
        parent: vec![usize::MAX; n],
        in_tree: vec![false; n],
        is_tree_edge: vec![false; edges.len()],
        low: vec![0; n],
        lim: vec![0; n],
        cut: vec![0; n],
    };
    let root = members[0];
    // Feasible tight tree.
    let mut tree_nodes = vec![root];
    t.in_tree[root] = true;
    let mut comp_edges: Vec<usize> = Vec::new();
    for &v in members {
        for &e in &inc[v] {
            if edges[e].0 == v {
                comp_edges.push(e);
            }
        }
    }
    comp_edges.sort_unstable();
    loop {
        // Grow along tight edges.
        let mut i = 0;
        while i < tree_nodes.len() {
            let v = tree_nodes[i];
            i += 1;
            for &e in &inc[v] {
                let (a, b, _, _) = edges[e];
                let w = if a == v { b } else { a };
                if !t.in_tree[w] && slack(edges, rank, e) == 0 {
                    t.in_tree[w] = true;
                    t.is_tree_edge[e] = true;
                    tree_nodes.push(w);
                }
            }
        }
        if tree_nodes.len() == size {
            break;
        }
        // The incident non-tree edge of minimum slack; shift the tree to make it tight.
        let mut best: Option<(i64, usize)> = None;
        for &e in &comp_edges {
            let (a, b, _, _) = edges[e];
            if t.in_tree[a] != t.in_tree[b] {
                let s = slack(edges, rank, e);
                if best.is_none_or(|(bs, _)| s < bs) {
                    best = Some((s, e));
                }
            }
        }
        let Some((s, e)) = best else { break };
        let delta = if t.in_tree[edges[e].1] { -s } else { s };
        for &v in &tree_nodes {
            rank[v] += delta;
        }
    }
    let mut tree_adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    let rebuild_adj = |t: &Tree, tree_adj: &mut Vec<Vec<usize>>| {
        for &v in members {
            tree_adj[v].clear();
        }
        for &e in &comp_edges {
            if t.is_tree_edge[e] {
                tree_adj[edges[e].0].push(e);
                tree_adj[edges[e].1].push(e);
            }
        }
    };
    rebuild_adj(&t, &mut tree_adj);
    let mut postorder = Vec::with_capacity(size);
    init_low_lim(&mut t, root, edges, &tree_adj, &mut postorder);
    init_cut_values(&mut t, edges, inc, &postorder);

    let max_pivots = 4 * size + 100;
    let mut scan = 0usize;
    for _ in 0..max_pivots {
        // Leaving edge: deterministic cyclic scan over the postorder.
        let mut leave = None;
        for k in 0..postorder.len() {
            let v = postorder[(scan + k) % postorder.len()];
            if v != root && t.cut[v] < 0 {
                leave = Some(v);
                scan = (scan + k + 1) % postorder.len();
                break;
            }
        }
        let Some(child) = leave else { break };
        let le = t.parent_edge[child];
        // Entering edge.
        let (a, b, _, _) = edges[le];
        let (tail_node, flip) = if t.lim[a] > t.lim[b] {
            (b, true)
        } else {
            (a, false)
        };
        let (tl, tlim) = (t.low[tail_node], t.lim[tail_node]);
        let desc = |x: usize| tl <= t.lim[x] && t.lim[x] <= tlim;
        let mut best: Option<(i64, usize)> = None;
        for &e in &comp_edges {
            let (u, w, _, _) = edges[e];
            if flip == desc(u) && flip != desc(w) {
                let s = slack(edges, rank, e);
                if best.is_none_or(|(bs, _)| s < bs) {
                    best = Some((s, e));
                }
            }
        }
        let Some((_, enter)) = best else { break };
        t.is_tree_edge[le] = false;
        t.is_tree_edge[enter] = true;
        rebuild_adj(&t, &mut tree_adj);
        postorder.clear();
        init_low_lim(&mut t, root, edges, &tree_adj, &mut postorder);
        init_cut_values(&mut t, edges, inc, &postorder);
        // Update ranks, preorder from the root.
        for &v in postorder.iter().rev() {
            if v == root {
                continue;
            }
            let e = t.parent_edge[v];
            let p = t.parent[v];
            let (ea, _, m, _) = edges[e];
            rank[v] = if ea == v { rank[p] - m } else { rank[p] + m };
        }
    }
}

fn init_low_lim(
    t: &mut Tree,
    root: usize,
    edges: &[(usize, usize, i64, i64)],
    adj: &[Vec<usize>],
    post: &mut Vec<usize>,
) {
    let mut counter = 1usize;
    t.parent[root] = usize::MAX;
    t.parent_edge[root] = usize::MAX;
    let mut stack: Vec<(usize, usize, usize)> = vec![(root, 0, counter)];
    while let Some(&mut (v, ref mut i, low)) = stack.last_mut() {
        if *i < adj[v].len() {
            let e = adj[v][*i];
            *i += 1;
            let (a, b, _, _) = edges[e];
            if e == t.parent_edge[v] {
                continue;
            }
            let w = if a == v { b } else { a };
            t.parent[w] = v;
            t.parent_edge[w] = e;
            stack.push((w, 0, counter));
        } else {
            t.low[v] = low;
            t.lim[v] = counter;
            counter += 1;
            post.push(v);
            stack.pop();
        }
    }
}

fn init_cut_values(
    t: &mut Tree,
    edges: &[(usize, usize, i64, i64)],
    inc: &[Vec<usize>],
    post: &[usize],
) {
    for &child in post {
        let pe = t.parent_edge[child];
        if pe == usize::MAX {
            continue;
        }
        let child_is_tail = edges[pe].0 == child;
        let mut cut = edges[pe].3;
        for &e in &inc[child] {
            if e == pe {
                continue;
            }
            let (a, b, _, w) = edges[e];
            let is_out = a == child;
            let other = if is_out { b } else { a };
            let points_to_head = is_out == child_is_tail;
            cut += if points_to_head { w } else { -w };
            if t.is_tree_edge[e] {
                let oc = t.cut[other];
                cut += if points_to_head { -oc } else { oc };
            }
        }
        t.cut[child] = cut;
    }
}

#[cfg(test)]
mod tests {
    use super::{longest_path, network_simplex};

    fn cost(r: &[i64], edges: &[(usize, usize, i64, i64)]) -> i64 {
        edges.iter().map(|&(a, b, _, w)| w * (r[b] - r[a])).sum()
    }

    #[test]
    fn network_simplex_is_feasible_and_no_worse_than_longest_path() {
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) as usize) % n.max(1)
        };
        for _ in 0..300 {
            let n = 2 + next(40);
            let mut edges = std::collections::BTreeMap::new();
            for _ in 0..next(3 * n) {
                let (a, b) = (next(n), next(n));
                if a < b {
                    edges.insert((a, b), (1 + next(2) as i64, 1 + next(3) as i64));
                }
            }
            let edges: Vec<(usize, usize, i64, i64)> = edges
                .iter()
                .map(|(&(a, b), &(m, w))| (a, b, m, w))
                .collect();
            let lp = longest_path(n, &edges);
            let ns = network_simplex(n, &edges);
            for &(a, b, m, _) in &edges {
                assert!(ns[b] - ns[a] >= m, "minlen violated");
            }
            assert!(cost(&ns, &edges) <= cost(&lp, &edges));
            assert_eq!(ns, network_simplex(n, &edges), "deterministic");
        }
    }

    #[test]
    fn chain_with_shortcut_is_tight() {
        // a→b→c→d and a→d: optimal ranks 0,1,2,3.
        let edges = vec![(0, 1, 1, 1), (1, 2, 1, 1), (2, 3, 1, 1), (0, 3, 1, 1)];
        let r = network_simplex(4, &edges);
        assert_eq!(r, vec![0, 1, 2, 3]);
    }
}
