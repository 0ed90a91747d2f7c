//! G002: a hand-off between peer departments that bypasses the hub (横向传递).

use crate::check::Checker;
use crate::check::rules::{handoffs, mentions, node};
use crate::model::RoleKind;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// When the flow has a hub role (a role declared `枢纽`, or named in `roles.hub`), reports
    /// a hand-off directly between two different non-hub roles that are peers: both 部门 or
    /// both 领导, at the same level when both levels are known. Steps whose name or text says
    /// 会签, 协办 or 会办, steps with a `例外`, and hand-offs to a `处置` step (filing is
    /// not passing work on) are exempt.
    ///
    /// A hand-off is between two consecutive owned steps of one *run* (one case played as the
    /// BPMN 2.0 token game, see C001): the work of the second comes from the first through
    /// nodes without an owner only (并行, 汇合, 连接); across a `并行` the predecessor of a step
    /// is the last owned step before the split on its branch, and after a `汇合` every
    /// branch's last owned step hands off to the step after it. Hand-offs through a step that
    /// runs in no run (C003) are not reported.
    ///
    /// ## Why is this bad?
    /// 文件传阅 and 承办 are organised "以文书人员为中心": a document goes hub → reader → hub →
    /// next reader, never reader to reader (不积压、不横传). Lateral passing loses the trace: the
    /// hub cannot 催办 a document it does not know is with the second department, and
    /// secret documents must not be passed on at will (保密 rules: 不得任意横传).
    ///
    /// ## Example
    /// ```text
    /// 角色 秘书科：枢纽
    /// 角色 财务科：部门，级别 2
    /// 角色 人事科：部门，级别 2
    /// 财务科阅 → 人事科阅
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 财务科阅 → 收回分送 → 人事科阅      # 收回分送由秘书科负责
    /// ```
    ///
    /// ## Options
    /// - `roles.hub`: additional hub roles by name.
    /// - `roles.levels`: role levels by name.
    ///
    /// Complexity: as G001, linear in practice.
    pub static RULE = {
        code: "G002",
        name: "lateral-handoff",
        zh: "横向传递",
        severity: Warning,
        zh_docs: include_str!("lateral_handoff.zh.md"),
        check: Some(check),
    }
}

const JOINT: &[&str] = &["会签", "协办", "会办"];

fn check(c: &mut Checker<'_>) {
    let (process, g, settings) = (c.process, c.graph, c.settings);
    let hubs: Vec<usize> = (0..process.roles.len())
        .filter(|&r| settings.is_hub(process, r))
        .collect();
    let Some(&hub) = hubs.first() else { return };
    let hub_name = &process.roles[hub].name;
    for h in handoffs(c) {
        let (from, to) = (node(process, g, h.from), node(process, g, h.to));
        let (Some(ru), Some(rv)) = (from.owner, to.owner) else {
            continue;
        };
        if hubs.contains(&ru) || hubs.contains(&rv) {
            continue;
        }
        let (x, y) = (&process.roles[ru], &process.roles[rv]);
        let peers_by_kind = (x.is(RoleKind::Department) && y.is(RoleKind::Department))
            || (x.is(RoleKind::Leader) && y.is(RoleKind::Leader));
        let same_level = match (
            settings.role_level(process, ru),
            settings.role_level(process, rv),
        ) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        if !peers_by_kind || !same_level {
            continue;
        }
        if !from.exceptions.is_empty()
            || !to.exceptions.is_empty()
            || mentions(from, JOINT)
            || mentions(to, JOINT)
            || to.disposition.is_some()
        {
            continue;
        }
        let (xn, yn) = (&x.name, &y.name);
        let (fname, tname) = (c.name(h.from), c.name(h.to));
        let note = c.path_note(&h.path);
        c.report_node(
            h.to,
            msg!(
                "横向传递：「{fname}」（{xn}）直接传给同级的「{tname}」（{yn}），没有经过「{hub_name}」",
                "lateral hand-off: `{fname}` ({xn}) passes straight to its peer `{tname}` ({yn}) without going through `{hub_name}`"
            ),
            msg!(
                "让文件先回到「{hub_name}」（例如加一个「{hub_name}」负责的「收回分送」步骤）再送「{yn}」；确属会签、协办的，在步骤名称里写明，或写「例外：理由」",
                "route it back through `{hub_name}` (e.g. a step owned by `{hub_name}`) before `{yn}`; for 会签/协办 say so in the step name, or write `例外：REASON`"
            ),
        )
        .notes
        .push(note);
    }
}
