//! O003: a start, end, split, join, connector, document or data node without an owner, drawn
//! in the lane it inherits.

use crate::check::Checker;
use crate::check::rules::{needs_owner, node};
use crate::model::{NodeKind, drawn_lanes};
use crate::msg;

declare_rule! {
    /// ## What it does
    /// In a flow with roles, hints at each `开始`, `结束`, `并行`, `汇合`, `连接`, `文档` or
    /// `数据` node without `负责`, naming the lane the swimlane chart draws it in. Such a node
    /// inherits the lane of its nearest owned neighbour (predecessors first, then successors),
    /// or the first lane when nothing around it is owned — the same rule the layout uses.
    /// Steps, decisions and the other work nodes without an owner are O001 errors instead.
    ///
    /// ## Why is this bad?
    /// The reader of a swimlane chart takes the lane for the role that acts: a 开始 drawn in
    /// the 秘书科 lane says that 秘书科 starts the flow. When the lane was only inherited, the
    /// chart may say something the author never meant. Writing `负责` makes it deliberate.
    ///
    /// ## Example
    /// ```text
    /// 角色 来文单位：外部
    /// 角色 秘书科：枢纽
    /// 开始 来文到达
    /// 步骤 签收
    ///   负责：秘书科
    /// 来文到达 → 签收
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 开始 来文到达
    ///   负责：来文单位
    /// ```
    ///
    /// ## Options
    /// `rules`: a unit that wants every node owned raises it to an error
    /// (`[rules] O003 = "deny"`), or turns it off (`O003 = "allow"`).
    ///
    /// Complexity: O((N + E) · D), D the longest chain of unowned nodes (one pass of the
    /// layout's lane rule).
    pub static RULE = {
        code: "O003",
        name: "inherited-lane",
        zh: "沿用泳道",
        severity: Hint,
        zh_docs: include_str!("inherited_lane.zh.md"),
        check: Some(check),
    }
}

/// Kinds that are drawn in a lane but need no owner (O001 does not ask for one).
fn drawn_in_a_lane(kind: NodeKind) -> bool {
    !needs_owner(kind) && kind != NodeKind::Annotation
}

fn check(c: &mut Checker<'_>) {
    let process = c.process;
    if process.roles.is_empty() {
        return;
    }
    let lanes = drawn_lanes(process);
    for n in 0..c.graph.len() as u32 {
        let nd = node(process, c.graph, n);
        if nd.owner.is_some() || !drawn_in_a_lane(nd.kind) {
            continue;
        }
        let index = c.graph.index[n as usize];
        let Some(role) = lanes
            .get(index.index())
            .copied()
            .flatten()
            .and_then(|r| process.roles.get(r))
        else {
            continue;
        };
        let (name, lane) = (c.name(n), role.name.as_str());
        let kind = nd.kind.zh();
        c.report_node(
            n,
            msg!(
                "「{kind} {name}」没有写「负责」，泳道图沿用别的节点的泳道，把它画在「{lane}」泳道里",
                "`{name}` ({kind}) has no owner (负责): the swimlane chart draws it in the lane of `{lane}`, which it inherits"
            ),
            msg!(
                "如果确实由「{lane}」办理，在「{name}」下面写「负责：{lane}」；否则写上真正的负责角色",
                "if `{lane}` does act here, write `负责：{lane}` under `{name}`; otherwise name the role that does"
            ),
        );
    }
}
