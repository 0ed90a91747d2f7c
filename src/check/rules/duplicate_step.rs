//! R003: two steps with the same text, owner, predecessors and successors.

use crate::check::Checker;
use crate::check::rules::node;
use crate::model::NodeKind;
use crate::msg;
use rustc_hash::FxHashMap as HashMap;

declare_rule! {
    /// ## What it does
    /// Reports a step (步骤, 人工, 子流程) whose shown text, owner, set of predecessors and set
    /// of successors all equal those of an earlier step.
    ///
    /// ## Why is this bad?
    /// Two identical steps side by side are one step drawn twice: the same person does the
    /// same thing with the same input and output. This is the textbook 冗余环节 that office
    /// reviews remove.
    ///
    /// ## Example
    /// ```text
    /// 步骤 核对1：核对份数
    ///   负责：秘书科
    /// 步骤 核对2：核对份数
    ///   负责：秘书科
    /// 签收 → 核对1、核对2
    /// 核对1、核对2 → 登记
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 步骤 核对：核对份数
    ///   负责：秘书科
    /// 签收 → 核对 → 登记
    /// ```
    ///
    /// ## Options
    /// None.
    ///
    /// Complexity: O(N log N + E log E) (sorted neighbour sets, hashing).
    pub static RULE = {
        code: "R003",
        name: "duplicate-step",
        zh: "重复步骤",
        severity: Warning,
        zh_docs: include_str!("duplicate_step.zh.md"),
        check: Some(check),
    }
}

type Key<'a> = (NodeKind, &'a str, Option<usize>, Vec<u32>, Vec<u32>);

fn check(c: &mut Checker<'_>) {
    let (process, g) = (c.process, c.graph);
    let mut seen: HashMap<Key<'_>, u32> = HashMap::default();
    for n in 0..g.len() as u32 {
        let nd = node(process, g, n);
        if !matches!(
            nd.kind,
            NodeKind::Task | NodeKind::Manual | NodeKind::SubFlow
        ) {
            continue;
        }
        if g.out[n as usize].is_empty() && g.inc[n as usize].is_empty() {
            continue;
        }
        let mut pred: Vec<u32> = g.pred(n).collect();
        pred.sort_unstable();
        pred.dedup();
        let mut succ: Vec<u32> = g.succ(n).collect();
        succ.sort_unstable();
        succ.dedup();
        let key = (nd.kind, nd.display(), nd.owner, pred, succ);
        match seen.get(&key) {
            None => {
                seen.insert(key, n);
            }
            Some(&first) => {
                let (a, b) = (c.name(first), c.name(n));
                let first_loc = node(process, g, first).loc;
                let d = c.report_node(
                    n,
                    msg!(
                        "「{b}」和「{a}」完全相同：同一角色、同样的前后步骤",
                        "`{b}` duplicates `{a}`: same text, owner, predecessors and successors"
                    ),
                    msg!("删掉「{b}」，只保留「{a}」", "delete `{b}` and keep `{a}`"),
                );
                d.labels.push(crate::diag::Label {
                    source: first_loc.source,
                    span: first_loc.span,
                    message: msg!("相同的步骤「{a}」", "the same step `{a}`"),
                });
            }
        }
    }
}
