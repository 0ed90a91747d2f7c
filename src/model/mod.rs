//! The process model: a petgraph [`StableDiGraph`] of typed nodes and edges.
//!
//! Built from the syntax tree by [`build`], after the `基于` chain is resolved and every name
//! is looked up. Every node, edge and role keeps the place it was written ([`Loc`]), which may
//! lie in a base file. Later stages (check, layout) read this model and never the syntax tree.

mod build;
pub mod duration;
pub mod export;
mod lanes;
pub mod paper;
pub mod table;

pub use build::{BuildOutput, Loader, build, build_source};
pub use duration::{TimeLimit, TimeUnit};
pub use lanes::drawn_lanes;

use crate::source::{SourceId, Span};
pub use crate::syntax::ast::{Disposition, NodeKind, RoleKind};
use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use serde::{Deserialize, Serialize};

/// Where something was written: a source and a span in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Loc {
    /// The source file.
    pub source: SourceId,
    /// The bytes.
    pub span: Span,
}

/// Index of a role in [`Process::roles`].
pub type RoleId = usize;

/// A role: a lane of the swimlane chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Role {
    /// Display name (a department or a post).
    pub name: String,
    /// Kinds (外部, 枢纽, 领导, 部门, 岗位, 集体); may be empty.
    pub kinds: Vec<RoleKind>,
    /// Level in the chain of approval (0 = outside, higher = more senior).
    pub level: Option<u32>,
    /// Remarks.
    pub remarks: Vec<String>,
    /// Declared exceptions.
    pub exceptions: Vec<String>,
    /// Where it was declared.
    pub loc: Loc,
}

impl Role {
    /// Whether the role has a kind.
    pub fn is(&self, kind: RoleKind) -> bool {
        self.kinds.contains(&kind)
    }
}

/// A validator suppression written in a flow file (`允许：S012 理由`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allow {
    /// The rule code (e.g. `S012`).
    pub code: String,
    /// Why the rule does not apply here.
    pub reason: String,
    /// Where it was written.
    pub loc: Loc,
}

/// A text attribute value with where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spanned {
    /// The text.
    pub text: String,
    /// Where.
    pub loc: Loc,
}

/// A node of the process graph: a step, a decision, a start, an end, ….
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// Which symbol and semantics.
    pub kind: NodeKind,
    /// The unique name edges refer to.
    pub name: String,
    /// Text shown in the box (the question of a decision, the outcome of an end); falls back to the name.
    pub label: Option<String>,
    /// The owning role (负责).
    pub owner: Option<RoleId>,
    /// Time limit (时限).
    pub limit: Option<TimeLimit>,
    /// The time limit as written.
    pub limit_text: Option<String>,
    /// Lead time (提前): how long before something the step must be done; not a duration, so
    /// never added up with time limits.
    pub lead: Option<TimeLimit>,
    /// The lead time as written.
    pub lead_text: Option<String>,
    /// Basis (依据): regulation articles or unit rules.
    pub basis: Vec<String>,
    /// Rules (规则).
    pub rules: Vec<String>,
    /// Standards (标准).
    pub standards: Vec<String>,
    /// Documents produced (输出).
    pub outputs: Vec<String>,
    /// Short printed id such as `B3` (编号).
    pub short_id: Option<String>,
    /// The phase band (阶段) the node is drawn in.
    pub phase: Option<String>,
    /// For 子流程: the called flow (引用).
    pub subflow: Option<String>,
    /// Declared exceptions (例外), with reasons.
    pub exceptions: Vec<Spanned>,
    /// What the step does with the document at the end of its life (处置).
    pub disposition: Option<Disposition>,
    /// Validator suppressions for this node.
    pub allows: Vec<Allow>,
    /// Remarks (备注).
    pub remarks: Vec<String>,
    /// Where the node was declared.
    pub loc: Loc,
    /// Where the owner was named, if it was.
    pub owner_loc: Option<Loc>,
    /// Where the time limit was written, if it was.
    pub limit_loc: Option<Loc>,
}

/// The forced line break of a step's shown text: `｜` (or `|`), typed with Shift+\ in Chinese
/// and English input modes alike (`docs/language.md`).
pub const LINE_BREAK_MARKS: [char; 2] = ['｜', '|'];

/// A step's shown text as layout sees it: every [`LINE_BREAK_MARKS`] becomes a newline (a
/// break `wrap` always takes), spaces around it dropped. The syntax tree keeps the mark, so
/// `fmt` writes it back as typed.
pub fn with_line_breaks(text: &str) -> String {
    if !text.contains(LINE_BREAK_MARKS) {
        return text.to_string();
    }
    text.split(LINE_BREAK_MARKS)
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
}

impl Node {
    /// The text to show: the label, or else the name.
    pub fn display(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.name)
    }
}

/// What an edge means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// Control flow: the work moves on.
    Flow,
    /// A dashed association between an annotation (说明) and what it explains.
    Association,
}

/// An edge of the process graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edge {
    /// Flow or association.
    pub kind: EdgeKind,
    /// Branch label (是, 否, 通过, 退回…).
    pub label: Option<String>,
    /// Declared as a return edge (退回): drawn as a back edge.
    pub back: bool,
    /// Where it was written.
    pub loc: Loc,
}

/// 办文 / 办事 / 办会.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 办文: document handling.
    Documents,
    /// 办事: affairs.
    Affairs,
    /// 办会: meetings.
    Meetings,
    /// 内部管理: internal management (目标考核, 值班 …), across the three.
    Internal,
}

impl Category {
    /// Parse 办文 / 办事 / 办会 (or English).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "办文" | "documents" => Some(Category::Documents),
            "办事" | "affairs" => Some(Category::Affairs),
            "办会" | "meetings" => Some(Category::Meetings),
            "内部管理" | "internal" => Some(Category::Internal),
            _ => None,
        }
    }

    /// Chinese name.
    pub fn zh(self) -> &'static str {
        match self {
            Category::Documents => "办文",
            Category::Affairs => "办事",
            Category::Meetings => "办会",
            Category::Internal => "内部管理",
        }
    }
}

/// Main flow or sub-flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// 主流程.
    Main,
    /// 子流程.
    Sub,
}

/// One record of the revision history (修订记录).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Revision {
    /// 版本 after the revision.
    pub version: String,
    /// 日期.
    pub date: String,
    /// 修订人.
    pub author: String,
    /// 修订摘要.
    pub summary: String,
}

impl Revision {
    /// Parse `版本，日期，修订人，修订摘要` (full- or half-width commas; the summary may itself
    /// contain commas). `None` unless all four items are there and not empty.
    pub fn parse(text: &str) -> Option<Revision> {
        let mut parts = text.splitn(4, ['，', ',']).map(str::trim);
        let mut next = || parts.next().filter(|p| !p.is_empty()).map(str::to_owned);
        Some(Revision {
            version: next()?,
            date: next()?,
            author: next()?,
            summary: next()?,
        })
    }
}

/// Flow metadata: the title block and what rules need.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FlowMeta {
    /// 流程名称.
    pub name: String,
    /// Where the name was written.
    pub name_loc: Loc,
    /// 编号.
    pub code: Option<String>,
    /// 版本.
    pub version: Option<String>,
    /// 编制单位.
    pub unit: Option<String>,
    /// 日期.
    pub date: Option<String>,
    /// 编制: who drew up the chart, as written (name and date).
    pub drafter: Option<String>,
    /// 审核: who reviewed it.
    pub reviewer: Option<String>,
    /// 批准: who approved it.
    pub approver: Option<String>,
    /// 生效日期.
    pub effective: Option<String>,
    /// 修订: the revision history, oldest first as written.
    pub revisions: Vec<Revision>,
    /// 依据.
    pub basis: Vec<String>,
    /// 总时限.
    pub deadline: Option<TimeLimit>,
    /// The total time limit as written.
    pub deadline_text: Option<String>,
    /// Where the total time limit was written.
    pub deadline_loc: Option<Loc>,
    /// 类别.
    pub category: Option<Category>,
    /// 层级.
    pub tier: Option<Tier>,
    /// 上级: the main flow of a sub-flow.
    pub parent: Option<String>,
    /// 闭环: the role feedback must return to.
    pub loop_role: Option<RoleId>,
    /// Where the closed-loop role was named.
    pub loop_loc: Option<Loc>,
    /// 阶段: phase bands in order.
    pub phases: Vec<String>,
    /// 备注.
    pub remarks: Vec<String>,
    /// Flow-wide validator suppressions.
    pub allows: Vec<Allow>,
    /// The chain of files this flow is based on, nearest first (source names).
    pub based_on: Vec<String>,
    /// 纸张: the paper the chart is printed on (`render --format pdf`), if the flow names it.
    pub paper: Option<paper::PaperChoice>,
}

/// A whole process: metadata, roles and the graph.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Process {
    /// Title-block data and flow-wide settings.
    pub meta: FlowMeta,
    /// Roles in declaration order (lane order).
    pub roles: Vec<Role>,
    /// The process graph. Node indices follow declaration order (with holes after `删除`).
    pub graph: StableDiGraph<Node, Edge>,
}

impl Process {
    /// Look a node up by name.
    pub fn node_by_name(&self, name: &str) -> Option<NodeIndex> {
        self.graph
            .node_indices()
            .find(|&i| self.graph[i].name == name)
    }

    /// Look a role up by name.
    pub fn role_by_name(&self, name: &str) -> Option<RoleId> {
        self.roles.iter().position(|r| r.name == name)
    }

    /// Nodes in declaration order.
    pub fn nodes(&self) -> impl Iterator<Item = (NodeIndex, &Node)> {
        self.graph.node_indices().map(|i| (i, &self.graph[i]))
    }

    /// Edges in declaration order: (index, from, to, edge).
    pub fn edges(&self) -> impl Iterator<Item = (EdgeIndex, NodeIndex, NodeIndex, &Edge)> {
        self.graph.edge_indices().map(|e| {
            let (a, b) = self
                .graph
                .edge_endpoints(e)
                .expect("edge index from this graph");
            (e, a, b, &self.graph[e])
        })
    }

    /// Control-flow successors of a node, in edge declaration order.
    pub fn successors(&self, node: NodeIndex) -> Vec<NodeIndex> {
        self.flow_neighbours(node, Direction::Outgoing)
    }

    /// Control-flow predecessors of a node, in edge declaration order.
    pub fn predecessors(&self, node: NodeIndex) -> Vec<NodeIndex> {
        self.flow_neighbours(node, Direction::Incoming)
    }

    fn flow_neighbours(&self, node: NodeIndex, dir: Direction) -> Vec<NodeIndex> {
        // petgraph lists edges newest first; reverse for declaration order.
        let mut out: Vec<(EdgeIndex, NodeIndex)> = self
            .graph
            .edges_directed(node, dir)
            .filter(|e| e.weight().kind == EdgeKind::Flow)
            .map(|e| {
                use petgraph::visit::EdgeRef;
                (
                    e.id(),
                    if dir == Direction::Outgoing {
                        e.target()
                    } else {
                        e.source()
                    },
                )
            })
            .collect();
        out.sort_by_key(|(e, _)| *e);
        out.into_iter().map(|(_, n)| n).collect()
    }
}

#[cfg(test)]
mod line_break_tests {
    use super::*;

    const FLOW: &str = "流程 换行\n开始\n步骤 拟稿：起草｜签发稿\n步骤 核对\n  显示：核对 | 分发\n结束\n开始 → 拟稿 → 核对 → 结束\n";

    #[test]
    fn marks_become_newlines() {
        assert_eq!(with_line_breaks("起草｜签发稿"), "起草\n签发稿");
        assert_eq!(with_line_breaks("核对 | 分发 ｜ 归档"), "核对\n分发\n归档");
        assert_eq!(with_line_breaks("没有换行"), "没有换行");
    }

    #[test]
    fn shown_text_and_label_attribute_break_and_fmt_keeps_the_mark() {
        let (_, out) = build_source("换行.flow", FLOW);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        let labels: Vec<Option<&str>> = out
            .process
            .nodes()
            .map(|(_, n)| n.label.as_deref())
            .collect();
        assert!(labels.contains(&Some("起草\n签发稿")), "{labels:?}");
        assert!(labels.contains(&Some("核对\n分发")), "{labels:?}");
        let (doc, _) = crate::syntax::parse(FLOW, crate::source::SourceId(0));
        let formatted = crate::syntax::fmt::format(&doc);
        assert!(formatted.contains("起草｜签发稿"), "{formatted}");
        assert!(formatted.contains("显示：核对 | 分发"), "{formatted}");
    }
}
