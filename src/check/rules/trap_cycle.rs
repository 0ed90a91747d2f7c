//! S006: a loop with no way out to an end (trap).

use crate::check::Checker;
use crate::check::rules::dead_end::is_dead_end;
use crate::model::NodeKind;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reports a group of reachable nodes from which no `结束` can be reached although none of
    /// them is a dead end: the work circles for ever (a *trap*, the structural form of a
    /// livelock). One finding per group, with the cycle as a note.
    ///
    /// ## Why is this bad?
    /// "Option to complete" is the first condition of a sound process (van der Aalst): from
    /// every state it must still be possible to finish. A 退回 loop without an exit keeps a
    /// document bouncing between two desks — 压 and 延 by construction.
    ///
    /// ## Example
    /// ```text
    /// 判断 审核：是否同意？
    ///   退回 不同意 → 修改
    /// 步骤 修改
    /// 拟稿 → 审核
    /// 修改 → 审核            # 审核没有一个分支往下走
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 判断 审核：是否同意？
    ///   同意 → 签发
    ///   退回 不同意 → 修改
    /// ```
    ///
    /// ## Options
    /// None.
    ///
    /// Complexity: O(N + E) (reverse search from the ends and from the dead ends).
    pub static RULE = {
        code: "S006",
        name: "trap-cycle",
        zh: "无出口的循环",
        severity: Error,
        zh_docs: include_str!("trap_cycle.zh.md"),
        check: Some(check),
    }
}

fn check(c: &mut Checker<'_>) {
    let g = c.graph;
    if g.ends.is_empty() {
        return;
    }
    // Nodes with no way on (dead ends, and edgeless nodes, which S005 and S007 report) are
    // not traps; neither is anything that reaches one. What is left has a successor, and
    // every successor is again in the trap: a cycle.
    let stops: Vec<u32> = (0..g.len() as u32)
        .filter(|&n| {
            is_dead_end(c, n)
                || (g.kind[n as usize] != NodeKind::End && g.out[n as usize].is_empty())
        })
        .collect();
    let to_stop = g.reach(&stops, false, |_| false);
    let trap: Vec<bool> = (0..g.len())
        .map(|i| g.reachable[i] && !g.coreachable[i] && !to_stop[i])
        .collect();
    for group in g.groups(&trap) {
        // Every trap node has a successor inside the trap: walk until a node repeats.
        let mut order = vec![u32::MAX; g.len()];
        let mut walk = Vec::new();
        let Some(&first) = group.first() else {
            continue;
        };
        let mut cur = first;
        let mut closed = true;
        while order[cur as usize] == u32::MAX {
            order[cur as usize] = walk.len() as u32;
            walk.push(cur);
            match g.succ(cur).find(|&m| trap[m as usize]) {
                Some(next) => cur = next,
                None => {
                    // Cannot happen by the construction above; never guess a cycle.
                    closed = false;
                    break;
                }
            }
        }
        if !closed {
            continue;
        }
        let mut cycle = walk[order[cur as usize] as usize..].to_vec();
        cycle.push(cur);
        let head = cycle[0];
        let name = c.name(head);
        let text = c.path_text(&cycle);
        let entry = g.path_from_start(head);
        let entry_note = entry.map(|p| c.path_note(&p));
        let d = c.report_node(
            head,
            msg!(
                "「{name}」所在的循环没有出口：从这里再也到不了「结束」",
                "the loop through `{name}` has no exit: no end can be reached from here"
            ),
            msg!(
                "在循环里的「判断」上加一个通往后续步骤或「结束」的分支",
                "give a decision in the loop a branch that leads on towards an end"
            ),
        );
        d.notes.push(msg!("循环：{text}", "cycle: {text}"));
        if let Some(note) = entry_note {
            d.notes.push(note);
        }
    }
}
