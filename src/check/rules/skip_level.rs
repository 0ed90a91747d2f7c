//! G001: an upward hand-off that skips a level (越级).

use crate::check::Checker;
use crate::check::rules::{handoffs, node};
use crate::model::RoleKind;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reports a hand-off from a step of role X (级别 a) to a step of role Y (级别 b > a)
    /// when some other declared role has a level strictly between a and b: the work goes
    /// upward past a level of the chain (越级). Hand-offs from 外部 roles and steps with a
    /// `例外` (on either side) are exempt. Levels come from `级别` on the roles, or from
    /// `roles.levels` in `liucheng.toml`.
    ///
    /// A hand-off is between two consecutive owned steps of one *run* (one case played as the
    /// BPMN 2.0 token game, see C001): the work of the second comes from the first through
    /// nodes without an owner only (并行, 汇合, 连接); across a `并行` the predecessor of a step
    /// is the last owned step before the split on its branch, and after a `汇合` every
    /// branch's last owned step hands off to the step after it. Hand-offs through a step that
    /// runs in no run (C003) are not reported.
    ///
    /// ## Why is this bad?
    /// 《党政机关公文处理工作条例》第十四条: 行文关系根据隶属关系和职权范围确定，一般不得越级行文；
    /// 第十五条(五): no documents to a superior's leader personally. Skipping 分管领导 on the way
    /// to 主要领导 leaves the bypassed level uninformed.
    ///
    /// ## Example
    /// ```text
    /// 角色 秘书科：枢纽，级别 2
    /// 角色 分管领导：领导，级别 4
    /// 角色 主要领导：领导，级别 5
    /// 登记 → 审批            # 登记由秘书科负责，审批由主要领导负责
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 登记 → 批办 → 审批      # 批办由分管领导负责
    /// ```
    /// or mark the exception: `例外：越级 重大突发事件，同时抄送分管领导`.
    ///
    /// ## Options
    /// - `roles.levels`: role levels by name, overriding or adding to `级别`.
    ///
    /// Complexity: O(N + E) per owned node over the unowned nodes after it (gateways); linear
    /// in practice.
    pub static RULE = {
        code: "G001",
        name: "skip-level",
        zh: "越级",
        severity: Error,
        zh_docs: include_str!("skip_level.zh.md"),
        check: Some(check),
    }
}

fn check(c: &mut Checker<'_>) {
    let (process, g, settings) = (c.process, c.graph, c.settings);
    let level = |r: usize| settings.role_level(process, r);
    let chain: Vec<(u32, usize)> = {
        let mut v: Vec<(u32, usize)> = (0..process.roles.len())
            .filter(|&r| !process.roles[r].is(RoleKind::External))
            .filter_map(|r| level(r).map(|l| (l, r)))
            .collect();
        v.sort();
        v
    };
    if chain.len() < 3 {
        return;
    }
    for h in handoffs(c) {
        let (from, to) = (node(process, g, h.from), node(process, g, h.to));
        let (Some(ru), Some(rv)) = (from.owner, to.owner) else {
            continue;
        };
        if process.roles[ru].is(RoleKind::External)
            || !from.exceptions.is_empty()
            || !to.exceptions.is_empty()
        {
            continue;
        }
        let (Some(a), Some(b)) = (level(ru), level(rv)) else {
            continue;
        };
        if b <= a {
            continue;
        }
        let Some(&(mid, skipped)) = chain
            .iter()
            .find(|(l, r)| *l > a && *l < b && *r != ru && *r != rv)
        else {
            continue;
        };
        let (x, y) = (&process.roles[ru].name, &process.roles[rv].name);
        let s = &process.roles[skipped].name;
        let (fname, tname) = (c.name(h.from), c.name(h.to));
        let note = c.path_note(&h.path);
        c.report_node(
            h.to,
            msg!(
                "越级：「{fname}」（{x}，级别 {a}）直接交给「{tname}」（{y}，级别 {b}），越过了级别 {mid} 的「{s}」",
                "skip-level hand-off: `{fname}` ({x}, level {a}) goes straight to `{tname}` ({y}, level {b}), bypassing `{s}` (level {mid})"
            ),
            msg!(
                "先交给「{s}」处理再上报；确需越级的，在「{tname}」下面写「例外：越级 理由」并抄送「{s}」（条例 第十四条）",
                "pass it through `{s}` first; if skipping is unavoidable, write `例外：越级 REASON` under `{tname}` and copy `{s}` (条例 第十四条)"
            ),
        )
        .notes
        .push(note);
    }
}
