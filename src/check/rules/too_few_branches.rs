//! D001: a decision with fewer than two branches.

use crate::check::Checker;
use crate::model::NodeKind;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reports a `判断` with fewer than two outgoing branches.
    ///
    /// ## Why is this bad?
    /// A decision with one exit decides nothing (ISO 5807: a decision symbol has at least two
    /// exits). Either the other outcome (退回, 不同意) was forgotten — and the chart hides what
    /// happens to rejected documents — or the node is really a step.
    ///
    /// ## Example
    /// ```text
    /// 判断 初审：是否符合行文规则？
    ///   合格 → 拟办
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 判断 初审：是否符合行文规则？
    ///   合格 → 拟办
    ///   不合格 → 退文
    /// ```
    ///
    /// ## Options
    /// None.
    ///
    /// Complexity: O(N).
    pub static RULE = {
        code: "D001",
        name: "too-few-branches",
        zh: "判断分支不足",
        severity: Error,
        zh_docs: include_str!("too_few_branches.zh.md"),
        check: Some(check),
    }
}

fn check(c: &mut Checker<'_>) {
    for n in 0..c.graph.len() as u32 {
        let count = c.graph.out[n as usize].len();
        if c.graph.kind[n as usize] != NodeKind::Decision || count >= 2 {
            continue;
        }
        let name = c.name(n);
        c.report_node(
            n,
            msg!("判断「{name}」只有 {count} 个分支，至少要两个", "decision `{name}` has {count} branch(es); it needs at least two"),
            msg!(
                "在「{name}」下面写出每种结果的分支，例如「合格 → 拟办」「不合格 → 退文」；只有一种结果的话把它改成「步骤」",
                "write a branch per outcome under `{name}` (e.g. `合格 → 拟办`, `不合格 → 退文`); with one outcome make it a 步骤"
            ),
        );
    }
}
