//! C004: a cycle the process can enter but never leave (livelock).

use crate::check::Checker;
use crate::check::rules::trap_cycle;
use crate::check::soundness::Fault;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reports a cycle of steps that the process can enter and then never leave (a terminal
    /// set of states of the token game without the end), from the soundness analysis. A
    /// cycle without any path to an end is already S006's finding and is reported here only
    /// when S006 is turned off; in free-choice flows (every 判断 may take any branch) that is
    /// nearly always the case, so C004 mostly backs up S006.
    ///
    /// ## Why is this bad?
    /// Livelock (van der Aalst: no option to complete): the work keeps circulating — 催办,
    /// 退回, 修改 — and never reaches an end.
    ///
    /// ## Example
    /// ```text
    /// 判断 催办：是否办结？
    ///   是 → 复核
    ///   退回 否 → 承办
    /// 承办 → 催办
    /// 复核 → 承办            # 复核无论如何都退回承办
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 复核 → 答复 → 归档
    /// ```
    ///
    /// ## Options
    /// - `soundness.max-states`: state budget of the exact check (see C005).
    /// - `rules`: with `S006 = "allow"` this rule reports structural traps too.
    ///
    /// Complexity: as C001, plus O(S + T) over the explored state graph.
    pub static RULE = {
        code: "C004",
        name: "livelock",
        zh: "活锁",
        severity: Error,
        zh_docs: include_str!("livelock.zh.md"),
        check: Some(check),
    }
}

fn check(c: &mut Checker<'_>) {
    let process = c.process;
    // `cx` outlives the borrow of `c`: the analysis is shared by the C rules, not copied.
    let cx = c.cx;
    for fault in &cx.soundness().faults {
        let Fault::Livelock { cycle } = fault else {
            continue;
        };
        let Some(&head) = cycle.first() else { continue };
        // A structural trap (no path to an end at all) is S006's finding, unless S006 is off.
        let trap = cycle.iter().any(|&n| {
            c.graph
                .id(n)
                .is_some_and(|d| !c.graph.coreachable[d as usize])
        });
        if trap && c.settings.severity(&trap_cycle::RULE).is_some() {
            continue;
        }
        let name = &process.graph[head].name;
        let mut closed = cycle.to_vec();
        closed.push(head);
        let text = c.node_path(&closed);
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
                "给循环里的「判断」加一个通往后续步骤或「结束」的分支，并确认出口不依赖永远不会到达的「汇合」",
                "give a decision in the loop a branch that leads on to an end, not through a join that can never fire"
            ))
            .with_note(msg!("循环：{text}", "cycle: {text}"));
        c.push(Some(head), d);
    }
}
