//! The validator rules, one per file, and the helpers several rules share.
//!
//! Adding a rule: create `rules/<pattern_name>.rs` with a [`declare_rule!`] whose doc comment has
//! the sections What it does / Why is this bad? / Example / Use instead / Options and a
//! `Complexity:` line, and its Chinese twin `rules/<pattern_name>.zh.md` (检查什么 / 为什么不好 /
//! 错误示例 / 正确写法 / 选项 / `复杂度：`, the same code blocks) named by `zh_docs`; add it to
//! [`crate::check::registry::RULES`] (sorted by code); add `tests/fixtures/rules/<CODE>/bad.flow`
//! and `good.flow`; run `INSTA_UPDATE=always cargo test --test rules` and
//! `UPDATE_DOCS=1 cargo test --test rules docs_rules_md_is_current` (regenerates `docs/rules.md`
//! and `docs/rules.en.md`).

use crate::check::graph::path_to;
use crate::check::{Checker, FlowGraph};
use crate::model::{Node, NodeKind, Process, RoleId};

pub mod branches_same_target;
pub mod dead_end;
pub mod dead_step;
pub mod deadline_exceeded;
pub mod deadlock;
pub mod disconnected_node;
pub mod document_not_filed;
pub mod duplicate_branch_label;
pub mod duplicate_edge;
pub mod duplicate_step;
pub mod inherited_lane;
pub mod lack_of_sync;
pub mod lateral_handoff;
pub mod livelock;
pub mod missing_end;
pub mod missing_owner;
pub mod missing_start;
pub mod missing_time_limit;
pub mod multiple_starts;
pub mod off_register;
pub mod open_loop;
pub mod pass_through_step;
pub mod shortcut_edge;
pub mod skip_level;
pub mod soundness_inconclusive;
pub mod too_few_branches;
pub mod trap_cycle;
pub mod unlabelled_branch;
pub mod unreachable_node;
pub mod unused_role;
pub mod unused_suppression;
pub mod upstream;

/// Kinds that are work done by someone: they need an owner (负责).
pub(crate) fn needs_owner(kind: NodeKind) -> bool {
    matches!(
        kind,
        NodeKind::Task
            | NodeKind::Decision
            | NodeKind::SubFlow
            | NodeKind::Manual
            | NodeKind::Preparation
    )
}

/// Kinds whose duration matters: they need a time limit (时限).
pub(crate) fn needs_limit(kind: NodeKind) -> bool {
    matches!(kind, NodeKind::Task | NodeKind::SubFlow | NodeKind::Manual)
}

/// Whether the node's name or label contains one of `words`.
pub(crate) fn mentions(node: &Node, words: &[&str]) -> bool {
    words
        .iter()
        .any(|w| node.name.contains(w) || node.label.as_deref().is_some_and(|l| l.contains(w)))
}

/// The model node of a dense id.
pub(crate) fn node<'a>(process: &'a Process, graph: &FlowGraph, n: u32) -> &'a Node {
    &process.graph[graph.index[n as usize]]
}

/// A hand-off: work passes from a node owned by one role to the nearest owned node(s)
/// downstream, through unowned nodes (parallel splits, joins, connectors) — two consecutive
/// owned steps of one run: across a 并行 the predecessor of a step is the last owned step
/// before the split on its branch, after a 汇合 every branch's last owned step hands off to
/// the step after it. Hand-offs through a step that runs in no run (C003) are left out.
pub(crate) struct Handoff {
    /// The sending node.
    pub from: u32,
    /// The receiving node.
    pub to: u32,
    /// From `from` to `to`, both included.
    pub path: Vec<u32>,
}

/// Every hand-off between nodes of different roles that some run makes, in declaration order
/// of the sender. O(N + E) per owned node over the unowned region after it; linear in
/// practice (plus the shared soundness analysis, for the steps no run reaches).
pub(crate) fn handoffs(c: &Checker<'_>) -> Vec<Handoff> {
    let (process, graph) = (c.process, c.graph);
    let mut dead = vec![false; graph.len()];
    for fault in &c.cx.soundness().faults {
        if let crate::check::soundness::Fault::DeadStep { node } = fault
            && let Some(d) = graph.id(*node)
        {
            dead[d as usize] = true;
        }
    }
    let owner = |n: u32| -> Option<RoleId> { node(process, graph, n).owner };
    let mut out = Vec::new();
    let mut seen = vec![u32::MAX; graph.len()];
    let mut parent = vec![u32::MAX; graph.len()];
    for from in 0..graph.len() as u32 {
        let Some(ru) = owner(from) else { continue };
        let mut stack = vec![from];
        seen[from as usize] = from;
        parent[from as usize] = u32::MAX;
        while let Some(n) = stack.pop() {
            for m in graph.succ(n) {
                if seen[m as usize] == from {
                    continue;
                }
                seen[m as usize] = from;
                parent[m as usize] = n;
                match owner(m) {
                    None => stack.push(m),
                    Some(rv) if rv != ru => {
                        let path = path_to(&parent, m);
                        if !path.iter().any(|&v| dead[v as usize]) {
                            out.push(Handoff { from, to: m, path });
                        }
                    }
                    Some(_) => {}
                }
            }
        }
    }
    out
}

/// `12个工作日` / `3小时` / `30分钟` for an amount of working minutes (8-hour days).
pub(crate) fn format_minutes(minutes: u64) -> (String, String) {
    if minutes >= 480 && minutes.is_multiple_of(48) {
        let days = minutes as f64 / 480.0;
        let text = if minutes.is_multiple_of(480) {
            format!("{}", minutes / 480)
        } else {
            format!("{days:.1}")
        };
        (format!("{text}个工作日"), format!("{text} working day(s)"))
    } else if minutes.is_multiple_of(60) {
        let h = minutes / 60;
        (format!("{h}小时"), format!("{h} hour(s)"))
    } else {
        (format!("{minutes}分钟"), format!("{minutes} minute(s)"))
    }
}
