//! C001: a parallel split closed by an exclusive merge (lack of synchronisation).

use crate::check::Checker;
use crate::check::soundness::Fault;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reports a step, a merge or a `结束` that one case reaches twice: the branches of a
    /// parallel split (`并行`, or a step with several outgoing edges) meet again at an
    /// exclusive merge (a step with several incoming edges) or at the same `结束`, instead of
    /// a `汇合`. Found by the soundness analysis (`check::soundness`), which plays the BPMN 2.0
    /// token game of one case: 开始 gives one token, 判断 passes it to one branch, 并行 puts
    /// one on every branch, 汇合 waits for a token on every input, any other step runs once
    /// per token that arrives, and a `结束` takes the token of its branch — the case is
    /// complete when no token is left (implicit termination). So parallel branches that end
    /// at *different* `结束` are fine; the fault is a real run in which some edge would hold
    /// two tokens or some `结束` is reached a second time. The two branches of that run are
    /// shown by step name, from the split to where they meet. (The language has no terminate
    /// end that would cancel the other branches, so a branch still running at the end is
    /// not a fault by itself; if it then waits at a `汇合` for ever, that is C002.)
    ///
    /// ## Why is this bad?
    /// Lack of synchronisation (van der Aalst: not 1-safe; BPMN: an end event consumes two
    /// tokens of one instance): the step after the merge runs once per branch — the document
    /// is answered or filed twice, the case is "closed" twice.
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
                    "缺少同步：「{s}」分出的并行分支在「{m}」处没有汇合就合流，同一件事「{m}」会执行两次",
                    "lack of synchronisation: the parallel branches of `{s}` meet at `{m}` without a join, so one case reaches `{m}` twice"
                ),
            )
            .with_help(msg!(
                "在「{m}」之前加「汇合」把两个分支合并；或者让每个分支走到各自的「结束」；如果只走其中一个分支，把「{s}」改成「判断」",
                "join the branches with a `汇合` before `{m}`, or let each branch reach its own `结束`; if only one branch is taken, make `{s}` a decision (判断)"
            ))
            .with_note(msg!("分支一：{a}", "branch 1: {a}"))
            .with_note(msg!("分支二：{b}", "branch 2: {b}"));
        c.push(Some(merge), d);
    }
}
