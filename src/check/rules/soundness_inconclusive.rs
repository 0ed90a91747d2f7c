//! C005: the exact concurrency check ran out of budget.

use crate::check::Checker;
use crate::check::soundness::Fault;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reports that the exact soundness check (the token game over the parts of the flow that
    /// are not well-structured) stopped at its state budget without a verdict. Possible
    /// faults found by the structural pass are listed in notes; faults already proven by a
    /// concrete run are still reported as C001–C004.
    ///
    /// ## Why is this bad?
    /// The validator never guesses: the flow may or may not deadlock. Very large unstructured
    /// parallel regions are also hard for people to follow.
    ///
    /// ## Example
    /// A flow with a dozen interleaved parallel branches that cross each other without
    /// matching `汇合` nodes.
    ///
    /// ## Use instead
    /// Nest parallel and decision blocks properly (each `并行` closed by its own `汇合`), or
    /// raise the budget.
    ///
    /// ## Options
    /// - `soundness.max-states`: the state budget (default 200000).
    ///
    /// Complexity: bounded by `soundness.max-states`.
    pub static RULE = {
        code: "C005",
        name: "soundness-inconclusive",
        zh: "并发检查无结论",
        severity: Warning,
        zh_docs: include_str!("soundness_inconclusive.zh.md"),
        check: Some(check),
    }
}

fn check(c: &mut Checker<'_>) {
    let process = c.process;
    // `cx` outlives the borrow of `c`: the analysis is shared by the C rules, not copied.
    let cx = c.cx;
    for fault in &cx.soundness().faults {
        let Fault::Inconclusive { explored, hints } = fault else {
            continue;
        };
        let mut d = c
            .diagnostic(
                process.meta.name_loc,
                msg!(
                    "并发检查没有结论：查看了 {explored} 个状态后仍未穷尽",
                    "the concurrency check is inconclusive: {explored} states explored without a verdict"
                ),
            )
            .with_help(msg!(
                "把并行分支整理成成对的「并行」…「汇合」；或在 liucheng.toml 的 [soundness] 里调大 max-states",
                "nest parallel branches in matching 并行 … 汇合 pairs, or raise `max-states` under [soundness] in liucheng.toml"
            ));
        for hint in hints {
            let note = match hint {
                Fault::LackOfSync { split, merge, .. } => {
                    let (s, m) = (&process.graph[*split].name, &process.graph[*merge].name);
                    msg!(
                        "可能缺少同步：「{s}」…「{m}」",
                        "possible lack of synchronisation: `{s}` … `{m}`"
                    )
                }
                Fault::Deadlock { join, taken, .. } => {
                    let j = &process.graph[*join].name;
                    let p = c.node_path(taken);
                    msg!(
                        "可能死锁：「{j}」（{p}）",
                        "possible deadlock at `{j}` ({p})"
                    )
                }
                Fault::Livelock { cycle } => {
                    let p = c.node_path(cycle);
                    msg!("可能活锁：{p}", "possible livelock: {p}")
                }
                Fault::DeadStep { node } => {
                    let n = &process.graph[*node].name;
                    msg!("可能永不执行：「{n}」", "possibly dead: `{n}`")
                }
                Fault::Inconclusive { .. } => continue,
            };
            d = d.with_note(note);
        }
        c.push(None, d);
    }
}
