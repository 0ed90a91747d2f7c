//! S004: nodes that cannot be reached from the start.

use crate::check::Checker;
use crate::check::rules::disconnected_node::is_disconnected;
use crate::model::NodeKind;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reports nodes that no path from a `开始` reaches, one finding per connected group
    /// (the first node of the group, the others listed in a note). In a flow without a
    /// `开始` (S001), the paths start from every node that nothing leads to, so a draft still
    /// gets its structure checked: what is left is a loop nothing enters. Nodes with no edges
    /// at all are reported by S007 instead.
    ///
    /// ## Why is this bad?
    /// An unreachable step is never performed: either an edge into it is missing, or it is
    /// dead text. Both mislead the reader of the chart.
    ///
    /// ## Example
    /// ```text
    /// 开始 来文到达
    /// 来文到达 → 签收 → 归档
    /// 传阅 → 归档            # 没有连线通向传阅
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 来文到达 → 签收 → 传阅 → 归档
    /// ```
    ///
    /// ## Options
    /// None.
    ///
    /// Complexity: O(N + E) (one breadth-first search from the starts, or from the sources
    /// when there is no start, shared by all rules).
    pub static RULE = {
        code: "S004",
        name: "unreachable-node",
        zh: "无法到达的步骤",
        severity: Error,
        zh_docs: include_str!("unreachable_node.zh.md"),
        check: Some(check),
    }
}

fn check(c: &mut Checker<'_>) {
    let no_start = c.graph.starts.is_empty();
    let keep: Vec<bool> = (0..c.graph.len() as u32)
        .map(|n| {
            !c.graph.reachable[n as usize]
                && !is_disconnected(c, n)
                && c.graph.kind[n as usize] != NodeKind::Start
        })
        .collect();
    for group in c.graph.groups(&keep) {
        // Prefer a node nothing in the group leads to: where the island begins.
        let head = group
            .iter()
            .copied()
            .find(|&n| c.graph.pred(n).all(|p| !keep[p as usize]))
            .unwrap_or(group[0]);
        let name = c.name(head);
        let others: Vec<&str> = group
            .iter()
            .filter(|&&n| n != head)
            .take(10)
            .map(|&n| c.name(n))
            .collect();
        let message = if no_start {
            msg!(
                "无法到达「{name}」：它在一个没有入口的循环里（流程也没有「开始」）",
                "`{name}` cannot be reached: it is on a loop that nothing enters (and the flow has no start)"
            )
        } else {
            msg!(
                "从「开始」无法到达「{name}」",
                "`{name}` cannot be reached from the start"
            )
        };
        let d = c.report_node(
            head,
            message,
            msg!(
                "从前面应当经过的步骤连一条线到「{name}」，或者删掉它",
                "draw an edge into `{name}` from the step that should precede it, or delete it"
            ),
        );
        if !others.is_empty() {
            let list = others.join("、");
            let more = if group.len() > 11 { "……" } else { "" };
            d.notes.push(msg!(
                "同样无法到达：{list}{more}",
                "also unreachable: {list}{more}"
            ));
        }
    }
}
