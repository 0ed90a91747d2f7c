//! Which lane of a swimlane chart each node is drawn in: one rule, shared by the layout
//! (which draws the node there) and the validator (which says so, O003).

use super::{Process, RoleId};
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::NodeIndexable;

/// The lane (role) each node is drawn in, indexed by `NodeIndex::index()` (`None` for the
/// holes left by `删除`, and for every node when the flow has no roles).
///
/// A node with an owner (负责) is in its owner's lane. A node without one takes the lane of
/// its nearest neighbour that has a lane: predecessors first, then successors, over every
/// edge (flow and association, self-loops aside), nodes visited in declaration order and
/// repeated until nothing changes; a node with no owned node in reach goes to the first lane.
/// O((N + E) · D) for D the longest chain of unowned nodes.
pub fn drawn_lanes(process: &Process) -> Vec<Option<RoleId>> {
    let g = &process.graph;
    let mut lanes: Vec<Option<RoleId>> = vec![None; g.node_bound()];
    if process.roles.is_empty() {
        return lanes;
    }
    let ids: Vec<usize> = g.node_indices().map(|i| i.index()).collect();
    let mut lane: Vec<Option<RoleId>> = ids
        .iter()
        .map(|&i| {
            g.node_weight(NodeIndex::new(i))
                .and_then(|n| n.owner)
                .filter(|&o| o < process.roles.len())
        })
        .collect();
    let mut dense = vec![usize::MAX; lanes.len()];
    for (d, &i) in ids.iter().enumerate() {
        dense[i] = d;
    }
    let mut preds = vec![Vec::new(); ids.len()];
    let mut succs = vec![Vec::new(); ids.len()];
    for (_, a, b, _) in process.edges() {
        let (a, b) = (dense[a.index()], dense[b.index()]);
        if a != b && a != usize::MAX && b != usize::MAX {
            succs[a].push(b);
            preds[b].push(a);
        }
    }
    // Fixed point: each pass lets unowned nodes adopt a neighbour's lane.
    loop {
        let mut changed = false;
        for v in 0..ids.len() {
            if lane[v].is_some() {
                continue;
            }
            let found = preds[v]
                .iter()
                .chain(succs[v].iter())
                .find_map(|&u| lane[u]);
            if found.is_some() {
                lane[v] = found;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for (d, &i) in ids.iter().enumerate() {
        lanes[i] = Some(lane[d].unwrap_or(0));
    }
    lanes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build_source;

    fn lanes(text: &str) -> Vec<(String, Option<String>)> {
        let (_, out) = build_source("t.flow", text);
        let p = &out.process;
        let lanes = drawn_lanes(p);
        p.nodes()
            .map(|(i, n)| {
                let lane = lanes[i.index()].map(|r| p.roles[r].name.clone());
                (n.name.clone(), lane)
            })
            .collect()
    }

    #[test]
    fn unowned_nodes_inherit_predecessors_first_then_successors_else_the_first_lane() {
        let got = lanes(
            "流程 X\n角色 甲\n角色 乙\n开始 S\n步骤 A\n  负责：乙\n并行 P\n步骤 B\n  负责：甲\n\
             汇合 J\n结束 E\n步骤 孤\nS → A → P → B → J → E\n",
        );
        let want = [
            ("S", "乙"), // no predecessor: its successor's lane
            ("A", "乙"),
            ("P", "乙"), // predecessor A before successor B
            ("B", "甲"),
            ("J", "甲"),
            ("E", "甲"),  // through the unowned J
            ("孤", "甲"), // nothing around it: the first lane
        ];
        let want: Vec<(String, Option<String>)> = want
            .iter()
            .map(|(n, l)| (n.to_string(), Some(l.to_string())))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn no_roles_no_lanes() {
        assert!(
            lanes("流程 X\n开始 S\n结束 E\nS → E\n")
                .iter()
                .all(|(_, l)| l.is_none())
        );
    }
}
