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
