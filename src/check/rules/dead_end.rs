//! S005: a node other than an end with no way on.

use crate::check::Checker;
use crate::model::NodeKind;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reports a node that is not a `结束` and has no outgoing flow edge, but has an incoming
    /// one: the work arrives there and stops.
    ///
    /// ## Why is this bad?
    /// Work that stops without an outcome is exactly the 漏 (something left undone) of
    /// 延、压、错、漏: nobody files it, answers it or returns it (条例 第二十四条(五)).
    ///
    /// ## Example
    /// ```text
    /// 签收 → 登记 → 拟办      # 拟办后面没有下一步
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 签收 → 登记 → 拟办 → 批办 → 归档
    /// ```
    ///
    /// ## Options
    /// None.
    ///
    /// Complexity: O(N).
    pub static RULE = {
        code: "S005",
        name: "dead-end",
        zh: "死胡同",
        severity: Error,
        zh_docs: include_str!("dead_end.zh.md"),
        check: Some(check),
    }
}

/// Whether a node is a dead end: not an end, entered but never left.
pub(crate) fn is_dead_end(c: &Checker<'_>, n: u32) -> bool {
    let i = n as usize;
    c.graph.kind[i] != NodeKind::End && c.graph.out[i].is_empty() && !c.graph.inc[i].is_empty()
}

fn check(c: &mut Checker<'_>) {
    for n in 0..c.graph.len() as u32 {
        if !is_dead_end(c, n) {
            continue;
        }
        let name = c.name(n);
        let path = c.graph.path_from_start(n);
        let note = path.as_ref().map(|p| c.path_note(p));
        let d = c.report_node(
            n,
            msg!(
                "「{name}」之后没有下一步：流程走到这里就停了",
                "nothing follows `{name}`: the flow stops here"
            ),
            msg!(
                "加一条「{name} → 下一步」的连线，或者把它改成「结束 {name}」",
                "add an edge `{name} → NEXT`, or make it an end: `结束 {name}`"
            ),
        );
        if let Some(note) = note {
            d.notes.push(note);
        }
    }
}
