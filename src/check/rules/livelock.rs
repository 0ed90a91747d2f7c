//! C004: a cycle the process can enter but never leave (livelock).

use crate::check::Checker;
use crate::check::soundness::Fault;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reports a cycle of steps that the process can enter and then never leave, although
    /// the graph alone shows a way out — e.g. the exit needs a `汇合` that the loop starves.
    /// Plain traps without any exit edge are reported by S006 and not repeated here.
    ///
    /// ## Why is this bad?
    /// Livelock (van der Aalst: no option to complete): the work keeps circulating — 催办,
    /// 退回, 修改 — and never reaches an end.
    ///
    /// ## Example
    /// ```text
    /// 并行 分送
    /// 汇合 汇总
    /// 分送 → 甲阅、乙阅
    /// 判断 复核：是否通过？
    ///   通过 → 汇总
    ///   退回 不通过 → 甲阅
    /// 甲阅 → 复核
    /// 乙阅 → 汇总
    /// ```
    ///
    /// ## Use instead
    /// Close the parallel block before the loop, or loop back to the split.
    ///
    /// ## Options
    /// - `soundness.max-states`: state budget of the exact check (see C005).
    ///
    /// Complexity: as C001, plus O(S + T) over the explored state graph.
    pub static RULE = {
        code: "C004",
        name: "livelock",
        zh: "活锁",
        severity: Error,
        check: Some(check),
    }
}

fn check(c: &mut Checker<'_>) {
    let process = c.process;
    let faults = c.cx.soundness().faults.clone();
    for fault in faults {
        let Fault::Livelock { cycle } = fault else { continue };
        let Some(&head) = cycle.first() else { continue };
        // A structural trap (no path to an end at all) is S006's finding.
        if cycle.iter().any(|&n| c.graph.id(n).is_some_and(|d| !c.graph.coreachable[d as usize])) {
            continue;
        }
        let name = &process.graph[head].name;
        let text = c.node_path(&cycle);
        let loc = process.graph[head].loc;
        let d = c
            .diagnostic(
                loc,
                msg!(
                    "活锁：流程进入「{name}」所在的循环后再也出不来，永远到不了「结束」",
                    "livelock: once the flow enters the loop through `{name}` it can never leave it or reach an end"
                ),
            )
            .with_help(msg!(
                "让循环的出口不依赖循环外仍在等待的分支：先用「汇合」结束并行，再进入循环",
                "make the loop's exit independent of branches waiting outside it: close the parallel block with `汇合` before the loop"
            ))
            .with_note(msg!("循环：{text}", "cycle: {text}"));
        c.push(Some(head), d);
    }
}
