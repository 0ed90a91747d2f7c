//! G006: the longest path of time limits exceeds the flow's total time limit (总时限).

use crate::check::Checker;
use crate::check::graph::path_to;
use crate::check::rules::{format_minutes, node};
use crate::model::NodeKind;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// When the flow declares `总时限`, adds the `时限` of the steps along every path from the
    /// start to an end (退回 edges and other loop-closing edges are left out, so each loop is
    /// counted once) and reports the longest path if its sum exceeds the total. The path and
    /// each step's limit are shown in notes. Limits count in working time: a day (工作日 or 日)
    /// is 8 hours, 当日 one day, 随到随办/即时 zero. Each limit counts with the most time it
    /// allows: a range (1至3个工作日) its longer bound, 次日 2 days, 当周 7, 次周 14, 当月 31,
    /// 次月 62; the total limit is read the same, longest way, so a path is reported only when
    /// steps using all their time overrun even the most generous reading of the total. A lead
    /// time (提前) is not a duration and is not counted.
    ///
    /// ## Why is this bad?
    /// If every step uses the time it is allowed, the document is late by design: the
    /// promised 总时限 (e.g. 收文 10 个工作日, 督办件 30 日) cannot be kept, and 催办 will chase a
    /// deadline the flow itself makes impossible (延).
    ///
    /// ## Example
    /// ```text
    /// 流程 收文办理
    ///   总时限：5个工作日
    /// 拟办 → 批办 → 承办          # 1 + 1 + 5 个工作日
    /// ```
    ///
    /// ## Use instead
    /// Shorten the step limits (承办 3个工作日) or state the real 总时限 (7个工作日).
    ///
    /// ## Options
    /// None.
    ///
    /// Complexity: O(N log N + E) (topological order of the acyclic remainder, shared by all
    /// rules, then one longest-path pass).
    pub static RULE = {
        code: "G006",
        name: "deadline-exceeded",
        zh: "超过总时限",
        severity: Error,
        zh_docs: include_str!("deadline_exceeded.zh.md"),
        check: Some(check),
    }
}

fn check(c: &mut Checker<'_>) {
    let (process, g) = (c.process, c.graph);
    let Some(deadline) = process.meta.deadline else {
        return;
    };
    let n = g.len();
    let weight: Vec<u64> = (0..n as u32)
        .map(|i| node(process, g, i).limit.map_or(0, |l| l.minutes()))
        .collect();
    // Longest path over the acyclic remainder (loop edges dropped), in topological order.
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_unstable_by_key(|&v| g.rank[v as usize]);
    let mut best: Vec<Option<u64>> = vec![None; n];
    let mut parent = vec![u32::MAX; n];
    for &s in &g.starts {
        best[s as usize] = Some(weight[s as usize]);
    }
    for &v in &order {
        let Some(bv) = best[v as usize] else { continue };
        for &(m, e) in &g.out[v as usize] {
            if g.is_loop_edge(e) {
                continue;
            }
            let cand = bv + weight[m as usize];
            if best[m as usize].is_none_or(|b| cand > b) {
                best[m as usize] = Some(cand);
                parent[m as usize] = v;
            }
        }
    }
    let Some((end, total)) = g
        .ends
        .iter()
        .filter_map(|&e| best[e as usize].map(|b| (e, b)))
        .max_by_key(|&(e, b)| (b, std::cmp::Reverse(e)))
    else {
        return;
    };
    let limit = deadline.minutes();
    if total <= limit {
        return;
    }
    let path = path_to(&parent, end);
    let steps: Vec<String> = path
        .iter()
        .map(|&i| {
            let nd = node(process, g, i);
            match (&nd.limit_text, nd.kind) {
                (Some(t), _) => format!("{}（{t}）", nd.name),
                (None, NodeKind::Start | NodeKind::End) => nd.name.clone(),
                (None, _) => format!("{}（—）", nd.name),
            }
        })
        .collect();
    let text = steps.join(" → ");
    let (sum_zh, sum_en) = format_minutes(total);
    let (lim_zh, lim_en) = format_minutes(limit);
    let written = process
        .meta
        .deadline_text
        .clone()
        .unwrap_or_else(|| lim_zh.clone());
    let loc = process.meta.deadline_loc.unwrap_or(process.meta.name_loc);
    let d = c
        .diagnostic(
            loc,
            msg!(
                "最长路径的时限合计 {sum_zh}，超过了总时限 {written}",
                "the time limits along the longest path add up to {sum_en}, more than the total limit of {lim_en}"
            ),
        )
        .with_help(msg!(
            "缩短这条路径上步骤的时限，或把总时限改成实际需要的时间",
            "shorten the limits of the steps on this path, or state the total time the flow really needs"
        ))
        .with_note(msg!("路径：{text}", "path: {text}"))
        .with_note(msg!("合计：{sum_zh}（总时限 {lim_zh}）", "sum: {sum_en} (total limit {lim_en})"));
    c.push(None, d);
}
