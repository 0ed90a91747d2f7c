//! D002: a decision branch without a label.

use crate::check::Checker;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reports an outgoing edge of a `判断` (with two or more branches) that has no label,
    /// e.g. an unindented `初审 → 拟办` next to the decision's labelled branches.
    ///
    /// ## Why is this bad?
    /// The reader must see which answer leads where (ISO 5807: every exit of a decision is
    /// labelled with its condition). An unlabelled exit looks like the work goes both ways.
    ///
    /// ## Example
    /// ```text
    /// 判断 初审：是否符合行文规则？
    ///   不合格 → 退文
    /// 初审 → 拟办
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
    /// Complexity: O(E).
    pub static RULE = {
        code: "D002",
        name: "unlabelled-branch",
        zh: "分支缺少标签",
        severity: Error,
        zh_docs: include_str!("unlabelled_branch.zh.md"),
        check: Some(check),
    }
}

fn check(c: &mut Checker<'_>) {
    let graph = c.graph;
    for (n, out) in graph.branching_decisions() {
        for &(t, e) in out {
            let edge = &c.process.graph[e];
            if edge.label.as_deref().is_some_and(|l| !l.trim().is_empty()) {
                continue;
            }
            let (name, target) = (c.name(n), c.name(t));
            let d = c
                .diagnostic(edge.loc, msg!("判断「{name}」通往「{target}」的分支没有标签", "the branch of decision `{name}` to `{target}` has no label"))
                .with_help(msg!(
                    "把它写成「{name}」下面的分支：「  结果 → {target}」，或写成「{name} →【结果】{target}」",
                    "write it as a branch under `{name}`: `  OUTCOME → {target}`, or as `{name} →【OUTCOME】{target}`"
                ));
            c.push(Some(c.graph.index[n as usize]), d);
        }
    }
}
