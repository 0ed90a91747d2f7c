//! S001: the flow has no start.

use crate::check::Checker;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reports a flow that has no `开始` (start) node.
    ///
    /// ## Why is this bad?
    /// A flowchart must show where the work enters (ISO 5807 / GB/T 1526 terminator). Without
    /// a start no step can be shown to be reachable, and the chart cannot be read.
    ///
    /// ## Example
    /// ```text
    /// 步骤 签收
    /// 结束 归档
    /// 签收 → 归档
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 开始 来文到达
    /// 步骤 签收
    /// 结束 归档
    /// 来文到达 → 签收 → 归档
    /// ```
    ///
    /// ## Options
    /// None.
    ///
    /// Complexity: O(N).
    pub static RULE = {
        code: "S001",
        name: "missing-start",
        zh: "缺少开始",
        severity: Error,
        zh_docs: include_str!("missing_start.zh.md"),
        check: Some(check),
    }
}

fn check(c: &mut Checker<'_>) {
    if !c.graph.starts.is_empty() {
        return;
    }
    let loc = c.process.meta.name_loc;
    let d = c
        .diagnostic(loc, msg!("流程没有「开始」", "the flow has no start (开始)"))
        .with_help(msg!(
            "加一行「开始 名称」，再把它连到第一个步骤，例如「开始 来文到达」「来文到达 → 签收」",
            "add `开始 NAME` and connect it to the first step, e.g. `开始 来文到达` and `来文到达 → 签收`"
        ));
    c.push(None, d);
}
