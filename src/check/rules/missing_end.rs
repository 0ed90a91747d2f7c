//! S003: the flow has no end.

use crate::check::Checker;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reports a flow that has no `结束` (end) node.
    ///
    /// ## Why is this bad?
    /// Every office process must finish in a recorded outcome (办结归档, 退文, 答复完毕); a
    /// chart without an end never finishes and cannot be checked for dead ends or time limits
    /// (条例 第二十四条(七), 第二十七条).
    ///
    /// ## Example
    /// ```text
    /// 开始 来文到达
    /// 步骤 签收
    /// 来文到达 → 签收
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 开始 来文到达
    /// 步骤 签收
    /// 结束 归档：整理归档
    /// 来文到达 → 签收 → 归档
    /// ```
    ///
    /// ## Options
    /// None.
    ///
    /// Complexity: O(N).
    pub static RULE = {
        code: "S003",
        name: "missing-end",
        zh: "缺少结束",
        severity: Error,
        zh_docs: include_str!("missing_end.zh.md"),
        check: Some(check),
    }
}

fn check(c: &mut Checker<'_>) {
    if !c.graph.ends.is_empty() {
        return;
    }
    let loc = c.process.meta.name_loc;
    let d = c
        .diagnostic(loc, msg!("流程没有「结束」", "the flow has no end (结束)"))
        .with_help(msg!(
            "加一行「结束 名称」（例如「结束 归档：整理归档」），并把最后的步骤连到它",
            "add `结束 NAME` (e.g. `结束 归档：整理归档`) and connect the last step to it"
        ));
    c.push(None, d);
}
