//! D003: two branches of a decision with the same label.

use crate::check::Checker;
use crate::model::NodeKind;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reports a branch of a `判断` whose label repeats an earlier branch's label.
    ///
    /// ## Why is this bad?
    /// With two `同意` exits the outcome no longer determines the next step: the decision is
    /// ambiguous, and one of the outcomes (often the rejection) is missing.
    ///
    /// ## Example
    /// ```text
    /// 判断 审核：是否同意？
    ///   同意 → 签发
    ///   同意 → 修改
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
    /// Complexity: O(E log E).
    pub static RULE = {
        code: "D003",
        name: "duplicate-branch-label",
        zh: "分支标签重复",
        severity: Error,
        zh_docs: include_str!("duplicate_branch_label.zh.md"),
        check: Some(check),
    }
}

fn check(c: &mut Checker<'_>) {
    for n in 0..c.graph.len() as u32 {
        if c.graph.kind[n as usize] != NodeKind::Decision {
            continue;
        }
        let mut seen: Vec<(&str, crate::model::Loc)> = Vec::new();
        for &(_, e) in &c.graph.out[n as usize] {
            let edge = &c.process.graph[e];
            let Some(label) = edge
                .label
                .as_deref()
                .map(str::trim)
                .filter(|l| !l.is_empty())
            else {
                continue;
            };
            if let Some(&(_, first)) = seen.iter().find(|(l, _)| *l == label) {
                let name = c.name(n);
                let d = c
                    .diagnostic(edge.loc, msg!("判断「{name}」有两个分支都叫「{label}」", "decision `{name}` has two branches labelled `{label}`"))
                    .with_help(msg!(
                        "每个分支写一个不同的结果；同一结果去往两处的，用「并行」",
                        "give each branch a distinct outcome; if one outcome goes two ways, use a 并行 (parallel) step"
                    ))
                    .with_label(first.source, first.span, msg!("第一个「{label}」在这里", "the first `{label}` is here"));
                c.push(Some(c.graph.index[n as usize]), d);
            } else {
                seen.push((label, edge.loc));
            }
        }
    }
}
