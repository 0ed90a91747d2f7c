//! D004: every branch of a decision goes to the same place.

use crate::check::Checker;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reports a `判断` whose branches (two or more) all lead to the same node.
    ///
    /// ## Why is this bad?
    /// Whatever the answer, the same thing happens next: the decision changes nothing and is
    /// a redundant checkpoint (冗余环节), or a branch points at the wrong step.
    ///
    /// ## Example
    /// ```text
    /// 判断 审核：是否同意？
    ///   同意 → 签发
    ///   不同意 → 签发
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 判断 审核：是否同意？
    ///   同意 → 签发
    ///   退回 不同意 → 修改
    /// ```
    ///
    /// ## Options
    /// None.
    ///
    /// Complexity: O(E).
    pub static RULE = {
        code: "D004",
        name: "branches-same-target",
        zh: "分支去向相同",
        severity: Warning,
        zh_docs: include_str!("branches_same_target.zh.md"),
        check: Some(check),
    }
}

fn check(c: &mut Checker<'_>) {
    let graph = c.graph;
    for (n, out) in graph.branching_decisions() {
        let first = out[0].0;
        if out.iter().any(|&(t, _)| t != first) {
            continue;
        }
        let (name, target) = (c.name(n), c.name(first));
        c.report_node(
            n,
            msg!("判断「{name}」的所有分支都通往「{target}」", "every branch of decision `{name}` leads to `{target}`"),
            msg!(
                "改正走错的分支；如果无论结果如何都去「{target}」，把「{name}」改成「步骤」或删掉",
                "fix the wrong branch; if every outcome really goes to `{target}`, make `{name}` a step or remove it"
            ),
        );
    }
}
