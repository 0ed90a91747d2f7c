//! S007: a node with no edges at all.

use crate::check::Checker;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reports a node (step, decision, start, end, …) that has no incoming and no outgoing
    /// flow edge, even when it is the only node of the flow. Annotations (说明) are exempt.
    ///
    /// ## Why is this bad?
    /// A step that is connected to nothing is never done; usually an edge was forgotten or the
    /// step was left over after an edit. It is drawn floating outside the flow.
    ///
    /// ## Example
    /// ```text
    /// 步骤 传阅
    /// 签收 → 登记 → 归档
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 签收 → 登记 → 传阅 → 归档
    /// ```
    ///
    /// ## Options
    /// None.
    ///
    /// Complexity: O(N).
    pub static RULE = {
        code: "S007",
        name: "disconnected-node",
        zh: "孤立步骤",
        severity: Error,
        zh_docs: include_str!("disconnected_node.zh.md"),
        check: Some(check),
    }
}

/// Whether a node has no flow edge at all.
pub(crate) fn is_disconnected(c: &Checker<'_>, n: u32) -> bool {
    c.graph.out[n as usize].is_empty() && c.graph.inc[n as usize].is_empty()
}

fn check(c: &mut Checker<'_>) {
    for n in 0..c.graph.len() as u32 {
        if is_disconnected(c, n) {
            let name = c.name(n);
            c.report_node(
                n,
                msg!("「{name}」没有任何连线", "`{name}` is connected to nothing"),
                msg!(
                    "用连线把「{name}」接进流程（例如「上一步 → {name} → 下一步」），或者删掉它",
                    "connect `{name}` (e.g. `PREVIOUS → {name} → NEXT`) or delete it"
                ),
            );
        }
    }
}
