//! C002: an exclusive split closed by a parallel join (deadlock).

use crate::check::Checker;
use crate::check::soundness::Fault;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reports a `汇合` (parallel join) that waits for a branch that never comes: a real run
    /// of one case (the BPMN 2.0 token game described under C001) stops with a token waiting
    /// at the join, nothing else able to move, and the case not complete. Typically the
    /// branches were opened by a `判断` (only one of them is taken), or a parallel branch
    /// left by a `判断` for its own `结束` (退文) while the other branch waits at the `汇合`.
    /// A join that can never fire at all is one case of this; so is a join that fires in
    /// some runs and starves in others. Found by the soundness analysis; the path that was
    /// taken (by step name) and the starved input are shown.
    ///
    /// ## Why is this bad?
    /// Deadlock (van der Aalst: no option to complete): the join waits for ever and the
    /// document never reaches the steps after it — 压 by construction.
    ///
    /// ## Example
    /// ```text
    /// 判断 初审：是否需要会签？
    ///   是 → 会签
    ///   否 → 拟办
    /// 汇合 汇总
    /// 会签、拟办 → 汇总          # 要等两条都到，却只会来一条
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 会签、拟办 → 批办          # 二选一的分支用普通步骤合并
    /// ```
    ///
    /// ## Options
    /// - `soundness.max-states`: state budget of the exact check (see C005).
    ///
    /// Complexity: as C001.
    pub static RULE = {
        code: "C002",
        name: "deadlock",
        zh: "死锁",
        severity: Error,
        zh_docs: include_str!("deadlock.zh.md"),
        check: Some(check),
    }
}

fn check(c: &mut Checker<'_>) {
    let process = c.process;
    // `cx` outlives the borrow of `c`: the analysis is shared by the C rules, not copied.
    let cx = c.cx;
    for fault in &cx.soundness().faults {
        let Fault::Deadlock {
            split,
            join,
            taken,
            missing_into,
        } = fault
        else {
            continue;
        };
        let (join, missing_into) = (*join, *missing_into);
        let j = &process.graph[join].name;
        let miss = &process.graph[missing_into].name;
        let path = c.node_path(taken);
        let choice = process.graph[missing_into].kind == crate::model::NodeKind::Decision;
        let message = match *split {
            Some(s) => {
                let s = &process.graph[s].name;
                msg!(
                    "死锁：「{j}」要等所有分支到达，但「{s}」只选择其中一个分支，来自「{miss}」的那一路永远不会到",
                    "deadlock: `{j}` waits for every branch, but `{s}` takes only one, so the input from `{miss}` never arrives"
                )
            }
            None if choice => msg!(
                "死锁：「{j}」要等所有分支到达，但「{miss}」可以选别的分支（例如直接结束），这时来自「{miss}」的那一路永远不会到",
                "deadlock: `{j}` waits for every branch, but `{miss}` can choose another branch (for example an early end), and then its input never arrives"
            ),
            None => msg!(
                "死锁：「{j}」要等所有分支到达，但来自「{miss}」的那一路永远不会到",
                "deadlock: `{j}` waits for every branch, but the input from `{miss}` never arrives"
            ),
        };
        let loc = process.graph[join].loc;
        let d = c
            .diagnostic(loc, message)
            .with_help(msg!(
                "「判断」之后的分支不要用「汇合」合并：直接连到同一个后续步骤；确实要同时办理的，把「判断」改成「并行」；并行分支里提前结束的，先到「汇合」再结束",
                "do not close a decision's branches with `汇合`: connect them to one ordinary step; if both must happen, make the decision a `并行`; a parallel branch that may stop early should pass the `汇合` before it ends"
            ))
            .with_note(msg!("路径：{path}（「{j}」一直等待）", "path: {path} (`{j}` waits for ever)"));
        c.push(Some(join), d);
    }
}
