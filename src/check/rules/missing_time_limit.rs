//! G005: a step without a time limit.

use crate::check::Checker;
use crate::check::rules::{needs_limit, node};
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reports a 步骤 or 人工 node without a `时限` — by default (`time-limits.require =
    /// "auto"`) only in flows that declare a `总时限`, where a missing step limit makes the
    /// deadline check (G006) unreliable; with `warn` or `error` in every flow. Decisions,
    /// starts, ends, gateways and 子流程 calls with `引用` (timed by the called flow's
    /// 总时限) are exempt.
    ///
    /// ## Why is this bad?
    /// 延 and 压 can only be detected against a promised time. 条例 第二十四条(四) requires an
    /// explicit 办理时限 for urgent documents, and 催办 (第二十四条(六)) needs a limit to chase.
    /// Without limits the flow's 总时限 cannot be checked either (G006).
    ///
    /// ## Example
    /// ```text
    /// 流程 收文办理
    ///   总时限：10个工作日
    /// 步骤 拟办：提出拟办意见
    ///   负责：办公室主任
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 步骤 拟办：提出拟办意见
    ///   负责：办公室主任
    ///   时限：1个工作日
    /// ```
    ///
    /// ## Options
    /// - `time-limits.require`: `auto` (default), `off`, `warn` or `error`.
    ///
    /// Complexity: O(N).
    pub static RULE = {
        code: "G005",
        name: "missing-time-limit",
        zh: "缺少时限",
        severity: Warning,
        zh_docs: include_str!("missing_time_limit.zh.md"),
        check: Some(check),
    }
}

fn check(c: &mut Checker<'_>) {
    let (process, g) = (c.process, c.graph);
    if !c.settings.require_limits_everywhere && process.meta.deadline.is_none() {
        return;
    }
    for n in 0..g.len() as u32 {
        let nd = node(process, g, n);
        let called = nd.kind == crate::model::NodeKind::SubFlow && nd.subflow.is_some();
        if !needs_limit(nd.kind) || called || nd.limit.is_some() || nd.limit_text.is_some() {
            continue;
        }
        let name = c.name(n);
        c.report_node(
            n,
            msg!("「{name}」没有时限", "`{name}` has no time limit (时限)"),
            msg!(
                "在「{name}」下面写「时限：1个工作日」（或 当日、随到随办、2小时……）",
                "add `时限：1个工作日` under `{name}` (or 当日, 随到随办, 2小时, …)"
            ),
        );
    }
}
