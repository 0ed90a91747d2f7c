//! R002: an edge A → C that repeats a longer path A → B → … → C.

use crate::check::Checker;
use crate::model::NodeKind;
use crate::msg;
use std::collections::VecDeque;

declare_rule! {
    /// ## What it does
    /// Reports an edge `A → C` when `A` is not a `判断` and another path `A → B → … → C`
    /// exists (not passing through `A` again, and not using loop-closing edges: 退回 edges and
    /// edges back to an earlier step). The longer path is shown in a note.
    ///
    /// ## Why is this bad?
    /// From a step that is not a decision every outgoing edge is taken (an implicit parallel
    /// split), so `C` receives the work twice: once directly and once through `B`. Either the
    /// shortcut is a redundant hand-off (冗余环节, the same document delivered twice), or it
    /// stands for an exception (急件直送) that must be a decision with labelled branches.
    ///
    /// ## Example
    /// ```text
    /// 登记 → 拟办 → 批办
    /// 登记 → 批办
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 登记 → 拟办 → 批办
    /// ```
    /// or, when the shortcut is a real alternative:
    /// ```text
    /// 判断 分流：是否急件？
    ///   否 → 拟办
    ///   是 → 批办
    /// ```
    ///
    /// ## Options
    /// None.
    ///
    /// Complexity: O(S · (N + E)) worst case for S non-decision nodes with two or more
    /// successors; each search is cut at the topological rank of the node's last successor,
    /// so on structured flows it only visits the block the split opens — near-linear.
    pub static RULE = {
        code: "R002",
        name: "shortcut-edge",
        zh: "多余的捷径连线",
        severity: Warning,
        zh_docs: include_str!("shortcut_edge.zh.md"),
        check: Some(check),
    }
}

fn check(c: &mut Checker<'_>) {
    let g = c.graph;
    let process = c.process;
    let back = |e: petgraph::stable_graph::EdgeIndex| g.is_loop_edge(e);
    let mut stamp = vec![u32::MAX; g.len()];
    let mut queue = VecDeque::new();
    for u in 0..g.len() as u32 {
        let out = &g.out[u as usize];
        if g.kind[u as usize] == NodeKind::Decision || out.len() < 2 {
            continue;
        }
        // Mark the nodes reachable from u by a path of length ≥ 2 that avoids u. Paths use no
        // loop edges, so every node on a path to a successor v ranks below v: nodes ranked
        // above the last successor need not be visited.
        let bound = out
            .iter()
            .filter(|&&(_, e)| !back(e))
            .map(|&(v, _)| g.rank[v as usize])
            .max()
            .unwrap_or(0);
        queue.clear();
        for &(w, e) in out {
            if w == u || back(e) {
                continue;
            }
            for &(x, e2) in &g.out[w as usize] {
                if x != u && !back(e2) && stamp[x as usize] != u && g.rank[x as usize] <= bound {
                    stamp[x as usize] = u;
                    queue.push_back(x);
                }
            }
        }
        while let Some(n) = queue.pop_front() {
            for &(m, e) in &g.out[n as usize] {
                if m != u && !back(e) && stamp[m as usize] != u && g.rank[m as usize] <= bound {
                    stamp[m as usize] = u;
                    queue.push_back(m);
                }
            }
        }
        let mut reported = Vec::new();
        for &(v, e) in out {
            if v == u || back(e) || stamp[v as usize] != u || reported.contains(&v) {
                continue;
            }
            // Confirm with a path through another successor (v may only reach itself).
            let Some(path) = witness(c, u, v) else {
                continue;
            };
            reported.push(v);
            let (a, b) = (c.name(u), c.name(v));
            let note = c.path_note(&path);
            let edge = &process.graph[e];
            let d = c
                .diagnostic(
                    edge.loc,
                    msg!(
                        "连线「{a} → {b}」是多余的：从「{a}」经过其他步骤已经会到达「{b}」",
                        "the edge `{a} → {b}` is redundant: `{a}` already reaches `{b}` through other steps"
                    ),
                )
                .with_help(msg!(
                    "删掉「{a} → {b}」；如果它代表另一种情况（例如急件直送），把「{a}」改成「判断」并给分支加标签",
                    "delete `{a} → {b}`; if it stands for another case (e.g. urgent items), make `{a}` a decision with labelled branches"
                ))
                .with_note(note);
            c.push(Some(g.index[u as usize]), d);
        }
    }
}

/// A path u → w → … → v with w ≠ v, avoiding u and loop edges.
fn witness(c: &Checker<'_>, u: u32, v: u32) -> Option<Vec<u32>> {
    let g = c.graph;
    let mut parent = vec![u32::MAX; g.len()];
    let mut seen = vec![false; g.len()];
    let mut queue = VecDeque::new();
    seen[u as usize] = true;
    for &(w, e) in &g.out[u as usize] {
        if w != v && !g.is_loop_edge(e) && !seen[w as usize] {
            seen[w as usize] = true;
            parent[w as usize] = u;
            queue.push_back(w);
        }
    }
    while let Some(n) = queue.pop_front() {
        for &(m, e) in &g.out[n as usize] {
            if g.is_loop_edge(e) || seen[m as usize] || g.rank[m as usize] > g.rank[v as usize] {
                continue;
            }
            seen[m as usize] = true;
            parent[m as usize] = n;
            if m == v {
                let mut path = vec![v];
                let mut cur = v;
                while cur != u {
                    cur = parent[cur as usize];
                    path.push(cur);
                }
                path.reverse();
                return Some(path);
            }
            queue.push_back(m);
        }
    }
    None
}
