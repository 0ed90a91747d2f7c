//! R004: a step that only passes work on to the same role.

use crate::check::Checker;
use crate::check::rules::node;
use crate::model::{Node, NodeKind};
use crate::msg;
use std::collections::BTreeSet;

declare_rule! {
    /// ## What it does
    /// Hints at a 步骤 with exactly one incoming and one outgoing edge, no 时限, 规则, 标准,
    /// 输出 or 引用, next to a step of the same owner that it could be merged with (the
    /// predecessor has no other successor, or the successor no other predecessor). Each such
    /// pair is reported once, at its first step that qualifies (two bare steps side by side
    /// give one finding, not one per step).
    ///
    /// ## Why is this bad?
    /// Splitting one person's uninterrupted work into several boxes lengthens the chart
    /// without adding a hand-off, a control point or a document — a candidate 冗余环节. It is
    /// only a hint: a separate box is fine when it is a recognised step of the regulation.
    ///
    /// ## Example
    /// ```text
    /// 步骤 签收
    ///   负责：秘书科
    /// 步骤 清点
    ///   负责：秘书科
    /// 签收 → 清点 → 登记
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 步骤 签收：签收、清点
    ///   负责：秘书科
    /// 签收 → 登记
    /// ```
    ///
    /// ## Options
    /// None.
    ///
    /// Complexity: O(N log N) (the pairs already reported are kept in an ordered set).
    pub static RULE = {
        code: "R004",
        name: "pass-through-step",
        zh: "可合并的步骤",
        severity: Hint,
        zh_docs: include_str!("pass_through_step.zh.md"),
        check: Some(check),
    }
}

fn bare(n: &Node) -> bool {
    n.limit.is_none()
        && n.limit_text.is_none()
        && n.rules.is_empty()
        && n.standards.is_empty()
        && n.outputs.is_empty()
        && n.subflow.is_none()
        && n.exceptions.is_empty()
}

fn check(c: &mut Checker<'_>) {
    let (process, g) = (c.process, c.graph);
    let mut reported: BTreeSet<(u32, u32)> = BTreeSet::new();
    for n in 0..g.len() as u32 {
        let nd = node(process, g, n);
        let (ins, outs) = (&g.inc[n as usize], &g.out[n as usize]);
        if nd.kind != NodeKind::Task
            || nd.owner.is_none()
            || ins.len() != 1
            || outs.len() != 1
            || !bare(nd)
        {
            continue;
        }
        let (p, s) = (ins[0].0, outs[0].0);
        let same = |m: u32| {
            let other = node(process, g, m);
            m != n && other.kind == NodeKind::Task && other.owner == nd.owner
        };
        // Each pair once: a bare step next to another bare step of the same role would
        // otherwise name the pair from both sides.
        let candidates = [
            (same(p) && g.out[p as usize].len() == 1).then_some(p),
            (same(s) && g.inc[s as usize].len() == 1).then_some(s),
        ];
        let Some(partner) = candidates
            .into_iter()
            .flatten()
            .find(|&m| !reported.contains(&(n.min(m), n.max(m))))
        else {
            continue;
        };
        reported.insert((n.min(partner), n.max(partner)));
        let (a, b) = (c.name(n), c.name(partner));
        let Some(role) = nd.owner.and_then(|o| process.roles.get(o)) else {
            continue;
        };
        let role = &role.name;
        c.report_node(
            n,
            msg!(
                "「{a}」和相邻的「{b}」都由「{role}」连续办理，中间没有交接，可以合并",
                "`{a}` and its neighbour `{b}` are done in a row by `{role}` with no hand-off between them: they can be merged"
            ),
            msg!(
                "把「{a}」并入「{b}」（在显示文字里写出两件事，例如「签收、清点」）；若它是条例规定的单独环节，写「允许：R004 理由」",
                "merge `{a}` into `{b}` (name both actions in the label); if the regulation makes it a separate step, write `允许：R004 REASON`"
            ),
        );
    }
}
