//! O002: a declared role that owns nothing.

use crate::check::Checker;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reports a `角色` that owns no node and is not the flow's 闭环 role.
    ///
    /// ## Why is this bad?
    /// An empty lane is drawn across the whole chart and suggests a participant who does
    /// nothing; usually a step's `负责` names another role by mistake, or the role is left
    /// over after an edit.
    ///
    /// ## Example
    /// ```text
    /// 角色 秘书科：枢纽
    /// 角色 督查室：部门        # 没有哪个步骤由督查室负责
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 角色 秘书科：枢纽
    /// ```
    ///
    /// ## Options
    /// None.
    ///
    /// Complexity: O(N + R).
    pub static RULE = {
        code: "O002",
        name: "unused-role",
        zh: "未使用的角色",
        severity: Warning,
        zh_docs: include_str!("unused_role.zh.md"),
        check: Some(check),
    }
}

fn check(c: &mut Checker<'_>) {
    let mut used = vec![false; c.process.roles.len()];
    for (_, n) in c.process.nodes() {
        if let Some(r) = n.owner {
            used[r] = true;
        }
    }
    if let Some(r) = c.process.meta.loop_role {
        used[r] = true;
    }
    for (i, role) in c.process.roles.iter().enumerate() {
        if used[i] {
            continue;
        }
        let name = &role.name;
        let flow = &c.process.meta.name;
        let inherited = role.loc.source != c.process.meta.name_loc.source;
        let (message, help) = if inherited {
            (
                msg!(
                    "角色「{name}」在「{flow}」里没有负责任何步骤",
                    "role `{name}` owns no step in `{flow}`"
                ),
                msg!(
                    "这个角色来自「基于」的基础流程；在「{flow}」里写「删除 {name}」去掉它",
                    "the role comes from the base flow (基于); write `删除 {name}` in `{flow}` to drop it"
                ),
            )
        } else {
            (
                msg!(
                    "角色「{name}」没有负责任何步骤",
                    "role `{name}` owns no step"
                ),
                msg!(
                    "给它负责的步骤写「负责：{name}」，或者删掉这个角色",
                    "write `负责：{name}` under the steps it does, or delete the role"
                ),
            )
        };
        let d = c.diagnostic(role.loc, message).with_help(help);
        c.push(None, d);
    }
}
