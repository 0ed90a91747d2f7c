//! C003: a step no execution reaches.

use crate::check::Checker;
use crate::check::soundness::Fault;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reports a step that is connected to the start but enabled in no reachable state of
    /// the process — for example everything behind a `汇合` that can never fire. Found by the
    /// soundness analysis; the join of a reported deadlock (C002) is not repeated.
    ///
    /// ## Why is this bad?
    /// Soundness condition "no dead transitions" (van der Aalst): a dead step is drawn and
    /// described but never done; the chart promises work (and time limits) that cannot
    /// happen.
    ///
    /// ## Example
    /// ```text
    /// 判断 分流：是否急件？
    ///   是 → 急办
    ///   否 → 常办
    /// 汇合 汇总
    /// 急办、常办 → 汇总 → 答复     # 永远走不到答复
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 急办、常办 → 答复
    /// ```
    ///
    /// ## Options
    /// - `soundness.max-states`: state budget of the exact check (see C005).
    ///
    /// Complexity: as C001 (needs the complete state space of the remainder).
    pub static RULE = {
        code: "C003",
        name: "dead-step",
        zh: "永不执行的步骤",
        severity: Error,
        zh_docs: include_str!("dead_step.zh.md"),
        check: Some(check),
    }
}

fn check(c: &mut Checker<'_>) {
    let process = c.process;
    // `cx` outlives the borrow of `c`: the analysis is shared by the C rules, not copied.
    let cx = c.cx;
    for fault in &cx.soundness().faults {
        let &Fault::DeadStep { node } = fault else {
            continue;
        };
        let Some(n) = c.graph.id(node) else { continue };
        let name = c.name(n);
        let note = c.graph.path_from_start(n).map(|p| c.path_note(&p));
        let loc = process.graph[node].loc;
        let mut d = c
            .diagnostic(
                loc,
                msg!(
                    "「{name}」永远不会执行：虽然画了连线，但没有任何一次办理能走到这里",
                    "`{name}` never runs: it is connected, but no execution of the flow reaches it"
                ),
            )
            .with_help(msg!(
                "检查「{name}」之前的「汇合」和「判断」是否配对（判断的分支不能用汇合合并）",
                "check that the joins and decisions before `{name}` match (a decision's branches cannot be closed by a join)"
            ));
        if let Some(note) = note {
            d = d.with_note(note);
        }
        c.push(Some(node), d);
    }
}
