//! G004: a path to a successful end that never hands back to the closed-loop role (闭环).

use crate::check::rules::{mentions, node};
use crate::check::{Checker, runs};
use crate::model::NodeKind;
use crate::msg;
use std::collections::VecDeque;

declare_rule! {
    /// ## What it does
    /// When the flow names a closed-loop role (`闭环：秘书科`), reports a successful end that
    /// some complete run of the flow reaches without the work coming back to that role after
    /// it last left it (or without ever reaching the role). A *run* is one case played as the
    /// BPMN 2.0 token game (see C001): parallel branches all run, in any order, a 判断 takes
    /// one branch, and the run is complete when no token is left. The run is closed when the
    /// last step done by a role — in the order the steps run — is the loop role's. So a reply
    /// to the sender on one branch of a `并行` while the other branch files the papers is
    /// closed; a department step running in parallel with the reply, with nothing of the
    /// loop role after it, is not. The end itself, unowned nodes, the gateways `并行`, `汇合`
    /// and `连接` (even with a `负责`, which only says which lane they are drawn in) and
    /// archive steps (a `处置` step, or 归档, 清退, 销毁 in the name) do not count as leaving. Runs that reach
    /// an end whose name or text says the case was rejected (退, 不予, 驳回, 终止, 撤销, 作废)
    /// are not successful and are exempt; runs that never complete (deadlock, livelock) are
    /// C002/C004's. The note lists the run by step name; past the state budget (a fortieth
    /// of `soundness.max-states`, 5,000 states by default: every interleaving of parallel
    /// owned steps is a state) the finding says it was judged by paths only.
    ///
    /// ## Why is this bad?
    /// 闭环管理: whoever handed the work out must learn the result — 条例 第二十四条(六)(七)
    /// (催办, 答复), 督查 practice "件件有着落、事事有回音". A run that ends at a department
    /// without feedback leaves the hub unable to 注办, 催办 or answer the sender.
    ///
    /// ## Example
    /// ```text
    /// 流程 收文办理
    ///   闭环：秘书科
    /// 登记 → 批办 → 承办 → 归档     # 承办由承办部门负责，秘书科得不到结果
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 登记 → 批办 → 承办 → 答复 → 归档     # 答复由秘书科负责
    /// ```
    ///
    /// ## Options
    /// - `soundness.max-states`: a fortieth of it is the state budget of the run exploration.
    ///
    /// Complexity: O(N + E) for a search over paths (node × 3 states); only when a path is
    /// open, the token game over runs, bounded by `soundness.max-states`.
    pub static RULE = {
        code: "G004",
        name: "open-loop",
        zh: "未闭环",
        severity: Error,
        zh_docs: include_str!("open_loop.zh.md"),
        check: Some(check),
    }
}

const REJECTED: &[&str] = &["退", "不予", "驳回", "终止", "撤销", "作废"];
const NEUTRAL: &[&str] = &["归档", "清退", "销毁"];

/// Monitor bit: a rejected end was reached.
const REJECTED_BIT: u8 = 4;

/// States: 0 = the loop role not reached yet, 1 = with the loop role, 2 = left it.
fn step(state: u8, owner: Option<usize>, loop_role: usize, neutral: bool) -> u8 {
    match owner {
        Some(r) if r == loop_role => 1,
        Some(_) if !neutral && state == 1 => 2,
        _ => state,
    }
}

/// 并行, 汇合 and 连接 only route the work; their 负责 says which lane they are drawn in.
fn is_gateway(kind: NodeKind) -> bool {
    matches!(
        kind,
        NodeKind::Parallel | NodeKind::Join | NodeKind::Connector
    )
}

fn check(c: &mut Checker<'_>) {
    let (process, g) = (c.process, c.graph);
    let Some(loop_role) = process.meta.loop_role else {
        return;
    };
    let role_name = &process.roles[loop_role].name;
    let n = g.len();
    let id = |node: u32, state: u8| node as usize * 3 + state as usize;
    let mut parent = vec![u32::MAX; n * 3];
    let mut seen = vec![false; n * 3];
    let mut queue = VecDeque::new();
    let transition = |m: u32, state: u8| {
        let nd = node(process, g, m);
        // A gateway is no work, whoever it is drawn with: it neither closes nor opens.
        if is_gateway(nd.kind) {
            return state;
        }
        let neutral = nd.kind == NodeKind::End || nd.disposition.is_some() || mentions(nd, NEUTRAL);
        step(state, nd.owner, loop_role, neutral)
    };
    for &s in &g.starts {
        let st = transition(s, 0);
        seen[id(s, st)] = true;
        queue.push_back((s, st));
    }
    let mut bad_end: Vec<Option<usize>> = vec![None; n];
    while let Some((v, st)) = queue.pop_front() {
        if g.kind[v as usize] == NodeKind::End {
            if st != 1 && bad_end[v as usize].is_none() && !mentions(node(process, g, v), REJECTED)
            {
                bad_end[v as usize] = Some(id(v, st));
            }
            continue;
        }
        for m in g.succ(v) {
            let sm = transition(m, st);
            if !seen[id(m, sm)] {
                seen[id(m, sm)] = true;
                parent[id(m, sm)] = id(v, st) as u32;
                queue.push_back((m, sm));
            }
        }
    }
    if bad_end.iter().all(Option::is_none) {
        return; // No open path, so no open run.
    }
    // Confirm over runs: an open path may be closed by a parallel branch.
    let fire = |m: u8, v: u32| {
        let nd = node(process, g, v);
        let rejected = if nd.kind == NodeKind::End && mentions(nd, REJECTED) {
            REJECTED_BIT
        } else {
            0
        };
        transition(v, m & 3) | (m & REJECTED_BIT) | rejected
    };
    let open = |m: u8| m & REJECTED_BIT == 0 && m & 3 != 1;
    // Visible: owned steps (they move the loop state) and rejected ends.
    let visible = |v: u32| {
        let nd = node(process, g, v);
        (nd.owner.is_some() && !is_gateway(nd.kind))
            || (nd.kind == NodeKind::End && mentions(nd, REJECTED))
    };
    let monitor = runs::Monitor {
        fire,
        visible,
        order_free: false,
    };
    // The order of parallel owned steps matters here, so every interleaving of them is a
    // state: a fortieth of the soundness budget keeps this rule within milliseconds.
    match runs::explore(g, c.settings.max_states / 40, monitor, open) {
        runs::Outcome::Complete(runs) => {
            for (e, run) in runs::to_report(runs) {
                let name = c.name(e);
                let note = c.run_note(&run);
                c.report_node(
                    e,
                    msg!(
                        "未闭环：有一次完整的办理到达「{name}」时，办理结果没有回到「{role_name}」",
                        "open loop: a complete run reaches `{name}` without the result coming back to `{role_name}`"
                    ),
                    msg!(
                        "在「{name}」之前加一个由「{role_name}」负责的步骤（例如「答复」「注办」），把办理结果反馈给它；并行分支上的办理结果也要回到它",
                        "add a step owned by `{role_name}` (e.g. 答复 or 注办) before `{name}` to report the result back, also for work on parallel branches"
                    ),
                )
                .notes
                .push(note);
            }
        }
        runs::Outcome::Inconclusive => report_paths(c, &bad_end, &parent, role_name),
    }
}

/// Past the state budget: the open paths, said to be judged by paths only.
fn report_paths(c: &mut Checker<'_>, bad_end: &[Option<usize>], parent: &[u32], role_name: &str) {
    for e in 0..bad_end.len() as u32 {
        let Some(state_id) = bad_end[e as usize] else {
            continue;
        };
        let states = crate::check::graph::path_to(parent, state_id as u32);
        let path: Vec<u32> = states.iter().map(|s| s / 3).collect();
        let name = c.name(e);
        let note = c.path_note(&path);
        let d = c.report_node(
            e,
            msg!(
                "可能未闭环：沿这条路径到达「{name}」之前，办理结果没有回到「{role_name}」（并发状态太多，没有逐次推演，只按路径判断）",
                "possibly open loop: along this path the result never comes back to `{role_name}` before `{name}` (too many concurrent states to play every run: judged by paths only)"
            ),
            msg!(
                "在「{name}」之前加一个由「{role_name}」负责的步骤（例如「答复」「注办」），把办理结果反馈给它；或在 liucheng.toml 的 [soundness] 里调大 max-states",
                "add a step owned by `{role_name}` (e.g. 答复 or 注办) before `{name}`, or raise `max-states` under [soundness] in liucheng.toml"
            ),
        );
        d.notes.push(note);
    }
}
