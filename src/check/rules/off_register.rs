//! G003: a document reaches a leader or department before registration (体外循环).

use crate::check::Checker;
use crate::check::graph::path_to;
use crate::check::rules::{mentions, node};
use crate::model::{Category, RoleKind};
use crate::msg;
use std::collections::VecDeque;

declare_rule! {
    /// ## What it does
    /// For documents that come in from outside — paths from a `开始` owned by a 外部 role — in a
    /// flow with `类别：办文`, reports a step owned by a 领导 or 部门 role (not a
    /// hub) that the document reaches without passing a registration step (a step whose name
    /// or text contains 登记). Only the first such step on each path is reported; steps with
    /// a `例外` are exempt. Flows that start inside the unit (drafting, internal requests) and
    /// 办事/办会 flows are not checked.
    ///
    /// ## Why is this bad?
    /// 体外循环: a document handed straight to a leader or a department is outside the
    /// registered channel — no trace, no 催办, no 归档. 条例 第二十四条(一)(二) puts 签收 and 登记
    /// first; 第十五条(五) forbids sending documents to leaders personally; older rules said
    /// leaders should not accept documents not registered by the 文秘部门.
    ///
    /// ## Example
    /// ```text
    /// 开始 来文到达
    ///   负责：来文单位            # 角色 来文单位：外部
    /// 来文到达 → 签收 → 批办 → 登记     # 分管领导批办时还没登记
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 来文到达 → 签收 → 登记 → 批办
    /// ```
    ///
    /// ## Options
    /// - `roles.hub`: hub roles are never reported.
    ///
    /// Complexity: O(N + E) (one search from the starts that stops at registration steps).
    pub static RULE = {
        code: "G003",
        name: "off-register",
        zh: "体外循环",
        severity: Error,
        zh_docs: include_str!("off_register.zh.md"),
        check: Some(check),
    }
}

fn check(c: &mut Checker<'_>) {
    let (process, g, settings) = (c.process, c.graph, c.settings);
    let register: Vec<bool> = (0..g.len() as u32)
        .map(|n| mentions(node(process, g, n), &["登记"]))
        .collect();
    if process.meta.category != Some(Category::Documents) {
        return;
    }
    let incoming: Vec<u32> = g
        .starts
        .iter()
        .copied()
        .filter(|&s| {
            node(process, g, s)
                .owner
                .is_some_and(|r| process.roles[r].is(RoleKind::External))
        })
        .collect();
    if incoming.is_empty() {
        return;
    }
    let violating = |n: u32| {
        let nd = node(process, g, n);
        if register[n as usize] || !nd.exceptions.is_empty() {
            return false;
        }
        nd.owner.is_some_and(|r| {
            let role = &process.roles[r];
            (role.is(RoleKind::Leader) || role.is(RoleKind::Department))
                && !settings.is_hub(process, r)
        })
    };
    let mut parent = vec![u32::MAX; g.len()];
    let mut seen = vec![false; g.len()];
    let mut queue = VecDeque::new();
    for &s in &incoming {
        seen[s as usize] = true;
        queue.push_back(s);
    }
    let mut found = Vec::new();
    while let Some(n) = queue.pop_front() {
        if violating(n) {
            found.push(n);
            continue;
        }
        if register[n as usize] {
            continue;
        }
        for m in g.succ(n) {
            if !seen[m as usize] {
                seen[m as usize] = true;
                parent[m as usize] = n;
                queue.push_back(m);
            }
        }
    }
    found.sort_unstable();
    let has_register = register.contains(&true);
    for n in found {
        let path = path_to(&parent, n);
        let name = c.name(n);
        let role = &process.roles[node(process, g, n)
            .owner
            .expect("violating nodes have owners")]
        .name;
        let note = c.path_note(&path);
        let message = if has_register {
            msg!(
                "体外循环：文件还没有登记就到了「{name}」（{role}）",
                "off-register circulation: the document reaches `{name}` ({role}) before it is registered"
            )
        } else {
            msg!(
                "体外循环：办文流程没有「登记」步骤，文件未经登记就到了「{name}」（{role}）",
                "off-register circulation: this document flow has no registration (登记) step, yet the document reaches `{name}` ({role})"
            )
        };
        c.report_node(
            n,
            message,
            msg!(
                "让文件先由枢纽角色签收、登记（加「登记」步骤），再送「{role}」（条例 第二十四条）",
                "have the hub sign for and register the document (a 登记 step) before it goes to `{role}` (条例 第二十四条)"
            ),
        )
        .notes
        .push(note);
    }
}
