//! O001: a step or decision without an owner.

use crate::check::Checker;
use crate::check::rules::{needs_owner, node};
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reports a 步骤, 判断, 子流程, 人工 or 准备 node with no `负责` (owner role).
    /// Starts, ends, parallel splits and joins, connectors and annotations are exempt.
    ///
    /// ## Why is this bad?
    /// Every step needs a 责任主体: the 条例 requires the 主办部门 to be named when a document
    /// is assigned (第二十四条(四)), and a swimlane chart cannot place a step without a lane.
    /// A step nobody owns is a step nobody does.
    ///
    /// ## Example
    /// ```text
    /// 步骤 拟办：提出拟办意见
    ///   时限：1个工作日
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 步骤 拟办：提出拟办意见
    ///   负责：办公室主任
    ///   时限：1个工作日
    /// ```
    ///
    /// ## Options
    /// None.
    ///
    /// Complexity: O(N).
    pub static RULE = {
        code: "O001",
        name: "missing-owner",
        zh: "缺少负责角色",
        severity: Error,
        zh_docs: include_str!("missing_owner.zh.md"),
        check: Some(check),
    }
}

fn check(c: &mut Checker<'_>) {
    let roles: Vec<&str> = c
        .process
        .roles
        .iter()
        .take(6)
        .map(|r| r.name.as_str())
        .collect();
    let list = roles.join("、");
    for n in 0..c.graph.len() as u32 {
        let nd = node(c.process, c.graph, n);
        if !needs_owner(nd.kind) || nd.owner.is_some() {
            continue;
        }
        let name = c.name(n);
        let help = if roles.is_empty() {
            msg!(
                "先声明角色（例如「角色 秘书科：枢纽」），再在「{name}」下面写「负责：秘书科」",
                "declare a role (e.g. `角色 秘书科：枢纽`) and write `负责：秘书科` under `{name}`"
            )
        } else {
            msg!(
                "在「{name}」下面加一行「负责：角色名」（已有角色：{list}）",
                "add `负责：ROLE` under `{name}` (declared roles: {list})"
            )
        };
        c.report_node(
            n,
            msg!("「{name}」没有负责的角色", "`{name}` has no owner (负责)"),
            help,
        );
    }
}
