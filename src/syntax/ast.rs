//! The syntax tree of one flow file.
//!
//! The tree keeps everything `fmt` needs to print the file back: every comment, blank lines
//! between statements and the order of statements. Spans are skipped when the tree is
//! serialised, so two trees can be compared for equal meaning with `serde_json`.

use crate::source::Span;
use serde::Serialize;

/// A piece of text from the source: a name, a label or an attribute value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text {
    /// The text, quotes removed and white space trimmed.
    pub value: String,
    /// Where it came from.
    #[serde(skip)]
    pub span: Span,
    /// Whether it was written in quotes (fmt keeps them; fmt may add quotes a name needs,
    /// so this is presentation, not meaning, and is not serialised).
    #[serde(skip)]
    pub quoted: bool,
}

impl Text {
    /// The text as a `&str`.
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

/// A comment, with its marker (`#` or `//`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment {
    /// Whether a blank line separates it from what comes before.
    pub blank_before: bool,
    /// The comment text including the marker.
    pub text: String,
    /// Where.
    #[serde(skip)]
    pub span: Span,
}

/// A whole file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Document {
    /// Statements in source order.
    pub items: Vec<Item>,
    /// Comments after the last statement.
    pub trailing_comments: Vec<Comment>,
}

/// One top-level statement with the attribute or branch lines indented below it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// Comment lines directly above.
    pub leading: Vec<Comment>,
    /// Whether a blank line separates the header line from the line above it.
    pub blank_before: bool,
    /// What the statement says.
    pub kind: ItemKind,
    /// A comment at the end of the header line.
    pub trailing: Option<Comment>,
    /// Indented lines below the header.
    pub children: Vec<Child>,
    /// The header line.
    #[serde(skip)]
    pub span: Span,
}

/// A top-level statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ItemKind {
    /// `流程 收文办理`: the flow's name; its metadata follows as attributes.
    Flow {
        /// The flow's name.
        name: Text,
    },
    /// `基于 "../标准/收文办理.flow"`: adapt another flow file.
    Base {
        /// Path relative to this file.
        path: Text,
    },
    /// `角色 秘书科：枢纽，级别 2`.
    Role {
        /// Name of the role (a department or a post).
        name: Text,
        /// Inline properties after the colon.
        props: Vec<RoleProp>,
    },
    /// `步骤 签收：逐件清点、签字` and the other node kinds.
    Node {
        /// What kind of node.
        kind: NodeKind,
        /// The name edges refer to.
        name: Text,
        /// Longer text to show instead of the name.
        label: Option<Text>,
    },
    /// `签收 → 登记 →【合格】拟办`, or with `退回` in front, return edges.
    Edges {
        /// Whether the edges are return edges (drawn as back edges).
        back: bool,
        /// The first group of names.
        from: Vec<Text>,
        /// Each arrow with its optional label and the names it points to.
        steps: Vec<EdgeStep>,
    },
    /// `改名 秘书科 → 综合科` (in an adapted flow).
    Rename {
        /// Old name of a role or step.
        from: Text,
        /// New name.
        to: Text,
    },
    /// `修改 登记` with attribute or branch lines below: override a step of the base flow.
    Modify {
        /// The step or role to change.
        name: Text,
    },
    /// `删除 传阅` or `删除 签收 → 登记` (in an adapted flow).
    Delete {
        /// What to delete.
        target: DeleteTarget,
    },
    /// A line that could not be parsed (kept so recovery can go on).
    Error,
}

/// One arrow of an edge chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EdgeStep {
    /// `【是】` after the arrow.
    pub label: Option<Text>,
    /// Target names (several, separated by `、`).
    pub to: Vec<Text>,
}

/// What a `删除` statement removes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum DeleteTarget {
    /// A step (its neighbours are reconnected).
    Node(Text),
    /// One edge.
    Edge(Text, Text),
}

/// An indented line below a statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Child {
    /// Comment lines directly above.
    pub leading: Vec<Comment>,
    /// Whether a blank line precedes it.
    pub blank_before: bool,
    /// What it says.
    pub kind: ChildKind,
    /// End-of-line comment.
    pub trailing: Option<Comment>,
    /// The whole line.
    #[serde(skip)]
    pub span: Span,
}

/// An attribute or a branch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ChildKind {
    /// `负责：秘书科`.
    Attr {
        /// Which attribute.
        key: AttrKey,
        /// Where the key is.
        #[serde(skip)]
        key_span: Span,
        /// The value (the rest of the line).
        value: Text,
    },
    /// `合格 → 拟办` under a 判断 (or `退回 需修改 → 起草`).
    Branch {
        /// Whether it is a return edge.
        back: bool,
        /// The branch label.
        label: Text,
        /// The target step.
        target: Text,
    },
    /// A line that could not be parsed.
    Error,
}

/// An inline property of a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum RoleProp {
    /// 外部 / 枢纽 / 领导 / 部门 / 岗位.
    Kind(RoleKind, #[serde(skip)] Span),
    /// `级别 2` or `2级`.
    Level(u32, #[serde(skip)] Span),
}

macro_rules! keyword_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = [$zh:literal $(, $alias:literal)*]),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
        pub enum $name { $($(#[$vmeta])* $variant),* }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The Chinese keyword (canonical spelling written by `fmt`).
            pub fn zh(self) -> &'static str {
                match self { $($name::$variant => $zh),* }
            }

            /// The English alias (first alias).
            pub fn en(self) -> &'static str {
                match self { $($name::$variant => [$($alias),*][0]),* }
            }

            /// Look a keyword up by any of its spellings (English is case-insensitive).
            pub fn from_word(word: &str) -> Option<Self> {
                $(
                    if word == $zh $(|| word.eq_ignore_ascii_case($alias))* {
                        return Some($name::$variant);
                    }
                )*
                None
            }

            /// All spellings, for suggestions.
            pub fn spellings() -> impl Iterator<Item = &'static str> {
                [$($zh $(, $alias)*),*].into_iter()
            }
        }
    };
}

keyword_enum! {
    /// The kinds of node, each drawn with its GB/T 1526 symbol.
    NodeKind {
        /// 开始: where the flow starts (terminator).
        Start = ["开始", "start"],
        /// 结束: an outcome such as 归档 or 退文 (terminator); several allowed.
        End = ["结束", "end"],
        /// 步骤: a task (process rectangle).
        Task = ["步骤", "step", "task"],
        /// 判断: a question with labelled branches (diamond).
        Decision = ["判断", "decision"],
        /// 并行: parallel split (double line).
        Parallel = ["并行", "parallel", "fork"],
        /// 汇合: parallel join (double line).
        Join = ["汇合", "join"],
        /// 子流程: a call of another flow (predefined process).
        SubFlow = ["子流程", "subflow"],
        /// 文档: a document produced or consumed (document symbol).
        Document = ["文档", "document"],
        /// 数据: data input or output (parallelogram).
        Data = ["数据", "data"],
        /// 人工: a manual operation (trapezoid).
        Manual = ["人工", "manual"],
        /// 准备: a preparation (hexagon).
        Preparation = ["准备", "preparation"],
        /// 连接: an on-page connector (circle).
        Connector = ["连接", "connector"],
        /// 说明: an annotation attached to a step (bracket, dashed line).
        Annotation = ["说明", "note", "annotation"],
    }
}

keyword_enum! {
    /// Statement keywords other than node kinds.
    StmtKeyword {
        /// 流程 NAME.
        Flow = ["流程", "flow"],
        /// 基于 "path".
        Base = ["基于", "base", "based-on"],
        /// 角色 NAME.
        Role = ["角色", "role"],
        /// 改名 A → B.
        Rename = ["改名", "rename"],
        /// 修改 NAME.
        Modify = ["修改", "modify"],
        /// 删除 NAME / 删除 A → B.
        Delete = ["删除", "delete"],
        /// 退回 A → B: return edges.
        Back = ["退回", "back"],
    }
}

keyword_enum! {
    /// 处置: how a document's life ends (条例 第二十七条 and the 公文管理 chapter).
    Disposition {
        /// 归档: filed in the archives.
        File = ["归档", "file"],
        /// 清退: returned to the issuing body.
        Return = ["清退", "return"],
        /// 销毁: destroyed under control.
        Destroy = ["销毁", "destroy"],
        /// 退文: not accepted, sent back to the sender.
        Reject = ["退文", "reject"],
        /// 移交: handed over to the archives or another body.
        HandOver = ["移交", "hand-over"],
        /// 不行文: no document was made.
        NoDocument = ["不行文", "no-document"],
    }
}

keyword_enum! {
    /// Kinds of role.
    RoleKind {
        /// 外部: outside the unit (来文单位, 申请人).
        External = ["外部", "external"],
        /// 枢纽: the hub every hand-off passes through (秘书科, 综合科).
        Hub = ["枢纽", "hub"],
        /// 领导: a leader.
        Leader = ["领导", "leader"],
        /// 部门: a department.
        Department = ["部门", "department"],
        /// 岗位: a post held by a person.
        Post = ["岗位", "post"],
        /// 集体: a collective body (党组会, 局务会).
        Collective = ["集体", "collective"],
    }
}

keyword_enum! {
    /// Attribute keys (`KEY：VALUE` lines).
    AttrKey {
        /// 编号: the flow's code (A2) or a step's short id (B3).
        Code = ["编号", "id", "code"],
        /// 版本: flow version.
        Version = ["版本", "version"],
        /// 编制单位: the unit that owns the chart.
        Unit = ["编制单位", "unit"],
        /// 日期: date of the chart.
        Date = ["日期", "date"],
        /// 编制: who drew up the chart (name, date), signed in the title block.
        Drafter = ["编制", "drafter", "drafted-by"],
        /// 审核: who reviewed the chart.
        Reviewer = ["审核", "reviewer", "reviewed-by"],
        /// 批准: who approved the chart.
        Approver = ["批准", "approver", "approved-by"],
        /// 生效日期: from when the chart applies.
        Effective = ["生效日期", "effective"],
        /// 修订: one revision record (版本，日期，修订人，修订摘要); repeatable.
        Revision = ["修订", "revision"],
        /// 依据: regulation or rule the flow or step rests on.
        Basis = ["依据", "basis"],
        /// 总时限: time limit of the whole flow.
        Deadline = ["总时限", "deadline"],
        /// 类别: 办文 / 办事 / 办会.
        Category = ["类别", "category"],
        /// 层级: 主流程 / 子流程.
        Tier = ["层级", "tier"],
        /// 上级: the main flow a sub-flow belongs to.
        Parent = ["上级", "parent"],
        /// 闭环: the role feedback must return to.
        Loop = ["闭环", "loop"],
        /// 阶段: phase bands (flow: list; step: its phase).
        Phase = ["阶段", "phase"],
        /// 负责: the role that owns a step.
        Owner = ["负责", "owner"],
        /// 时限: a step's time limit.
        Limit = ["时限", "limit"],
        /// 提前: a lead time, how long before something (a meeting, a date) the step is done.
        Lead = ["提前", "lead", "lead-time"],
        /// 规则: a rule the step must follow.
        Rule = ["规则", "rule"],
        /// 标准: a standard the step must meet.
        Standard = ["标准", "standard"],
        /// 输出: documents the step produces.
        Output = ["输出", "output"],
        /// 引用: the flow a 子流程 calls.
        Ref = ["引用", "ref"],
        /// 例外: a declared exception (e.g. an allowed skip-level hand-off) with its reason.
        Exception = ["例外", "exception"],
        /// 处置: what a step does with the document at the end of its life (归档, 清退, 销毁 …).
        Disposition = ["处置", "disposition"],
        /// 允许: suppress a validator rule here, with a reason (`允许：S012 急件可直送`).
        Allow = ["允许", "allow"],
        /// 类型: a role's kind.
        Kind = ["类型", "kind"],
        /// 级别: a role's level in the chain of approval.
        Level = ["级别", "level"],
        /// 备注: free remarks.
        Remark = ["备注", "remark"],
        /// 显示: the text shown in the box (in a `修改` block: replaces the text after the colon).
        Label = ["显示", "label"],
        /// 纸张: the paper a flow's chart is printed on (`A3 横向`, `A4`, `A4 纵向`).
        Paper = ["纸张", "paper"],
    }
}

/// Where an attribute may stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// Under `流程`.
    Flow,
    /// Under `角色`.
    Role,
    /// Under a node or `修改`.
    Node,
}

impl AttrKey {
    /// Whether the key may be written several times in one block (each line adds an item,
    /// as the model builder lowers it); the others hold one value (P012 when repeated).
    pub fn repeatable(self) -> bool {
        use AttrKey::*;
        matches!(
            self,
            Revision | Basis | Remark | Allow | Rule | Standard | Output | Exception
        )
    }

    /// Whether the key is meaningful in a block.
    pub fn allowed_in(self, block: BlockKind) -> bool {
        use AttrKey::*;
        match block {
            BlockKind::Flow => matches!(
                self,
                Code | Version
                    | Unit
                    | Date
                    | Drafter
                    | Reviewer
                    | Approver
                    | Effective
                    | Revision
                    | Basis
                    | Deadline
                    | Category
                    | Tier
                    | Parent
                    | Loop
                    | Phase
                    | Allow
                    | Remark
                    | Paper
            ),
            BlockKind::Role => matches!(self, Kind | Level | Remark | Exception),
            BlockKind::Node => matches!(
                self,
                Code | Basis
                    | Phase
                    | Owner
                    | Limit
                    | Lead
                    | Rule
                    | Standard
                    | Output
                    | Ref
                    | Exception
                    | Disposition
                    | Allow
                    | Remark
                    | Label
            ),
        }
    }
}
