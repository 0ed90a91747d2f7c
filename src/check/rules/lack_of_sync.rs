//! C001: a parallel split closed by an exclusive merge (lack of synchronisation).

use crate::check::Checker;
use crate::check::soundness::Fault;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reports a parallel split (`并行`, or a step with several outgoing edges) whose branches
    /// meet again at an exclusive merge (a step with several incoming edges) instead of a
    /// `汇合`, or reach the end while another branch is still running. Found by the
    /// soundness analysis (`check::soundness`); the two branches are shown as witness paths.
    ///
    /// ## Why is this bad?
    /// Lack of synchronisation (van der Aalst: not 1-safe / no proper completion): the step
    /// after the merge runs once per branch — the document is answered or filed twice — or
    /// the flow "ends" while a department is still working on it.
    ///
    /// ## Example
    /// ```text
    /// 并行 分送
    /// 分送 → 财务科阅、人事科阅
    /// 财务科阅、人事科阅 → 收回      # 收回会被执行两次
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 并行 分送
    /// 汇合 汇总
    /// 分送 → 财务科阅、人事科阅
    /// 财务科阅、人事科阅 → 汇总 → 收回
    /// ```
    ///
    /// ## Options
    /// - `soundness.max-states`: state budget of the exact check (see C005).
    ///
    /// Complexity: structural reduction O((N + E)·d log d); the exact token game only on the
    /// unstructured remainder, bounded by `soundness.max-states`.
    pub static RULE = {
        code: "C001",
        name: "lack-of-sync",
        zh: "缺少同步",
        severity: Error,
        zh_docs: include_str!("lack_of_sync.zh.md"),
        check: Some(check),
    }
}

fn check(c: &mut Checker<'_>) {
    let process = c.process;
    // `cx` outlives the borrow of `c`: the analysis is shared by the C rules, not copied.
    let cx = c.cx;
    for fault in &cx.soundness().faults {
        let Fault::LackOfSync {
            split,
            merge,
            path_a,
            path_b,
        } = fault
        else {
            continue;
        };
        let (split, merge) = (*split, *merge);
        let (s, m) = (&process.graph[split].name, &process.graph[merge].name);
        let (a, b) = (c.node_path(path_a), c.node_path(path_b));
        let loc = process.graph[merge].loc;
        let d = c
            .diagnostic(
                loc,
                msg!(
                    "缺少同步：「{s}」分出的并行分支在「{m}」处没有汇合就合流，「{m}」会执行两次（或流程结束时仍有分支在办理）",
                    "lack of synchronisation: the parallel branches of `{s}` meet at `{m}` without a join, so `{m}` runs twice (or the flow ends while a branch is still running)"
                ),
            )
            .with_help(msg!(
                "在「{m}」之前加「汇合」把两个分支合并；如果只走其中一个分支，把「{s}」改成「判断」",
                "join the branches with a `汇合` before `{m}`; if only one branch is taken, make `{s}` a decision (判断)"
            ))
            .with_note(msg!("分支一：{a}", "branch 1: {a}"))
            .with_note(msg!("分支二：{b}", "branch 2: {b}"));
        c.push(Some(merge), d);
    }
}
