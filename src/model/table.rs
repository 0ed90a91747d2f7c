//! The 流程说明表 (step table): one row per step of a flow, the text companion of the chart.
//!
//! [`step_table`] reads only the model, so the table is the same whatever layout draws the
//! chart. Rows follow declaration order: authors write a flow in the order its work is done
//! (the standard library does), and that order does not change when the chart is drawn
//! swimlane or plain, top-to-bottom or left-to-right; the chart's own numbers (a lane letter
//! and a row) are not a total order across lanes anyway. The 编号 cell holds the step's written
//! `编号`; a step without one gets the number its chart prints through
//! [`StepTable::fill_numbers`] (see `pipeline::numbered_table`), so table and chart agree.
//!
//! Which nodes become rows: every step, decision, sub-flow, document, data, manual,
//! preparation, parallel and join node; a start or an end only when it carries content
//! (规则, 标准, 依据, 输出, 时限, 例外, 允许, 备注 or an attached 说明); connectors and
//! annotations never (an annotation's text goes into the 备注 of the node it explains).

use crate::model::{EdgeKind, Node, NodeKind, Process};
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::NodeIndexable;
use serde::Serialize;

/// The column headers, in order.
pub const HEADERS: [&str; 8] = [
    "编号",
    "环节",
    "责任角色",
    "工作内容/标准",
    "时限",
    "依据",
    "输出",
    "备注",
];

/// The flow-level line of a table whose flow failed `check`.
pub const NOT_VALIDATED: &str = "流程未通过检查（NOT VALIDATED），本表仅供修改时参考";

/// Index of the 编号 column.
pub const COL_NUMBER: usize = 0;
/// Index of the 工作内容/标准 column (the widest).
pub const COL_WORK: usize = 3;

/// One row: a node of the flow and its cells (one string per [`HEADERS`] entry; a cell's
/// paragraphs are separated by `\n`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The node's name (what edges refer to), to find the chart's number for it.
    pub name: String,
    /// The cells, as many as [`HEADERS`].
    pub cells: Vec<String>,
}

/// The whole table: plain data every output (HTML, CSV, paginated SVG) is written from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepTable {
    /// The title: 「<流程名>流程说明表」.
    pub title: String,
    /// The flow's 编号, if written.
    pub code: Option<String>,
    /// Column headers ([`HEADERS`]).
    pub headers: Vec<String>,
    /// The rows, in declaration order.
    pub rows: Vec<Row>,
    /// Flow-level 依据.
    pub basis: Vec<String>,
    /// Flow-level 备注 (and the reasons of flow-wide 允许).
    pub remarks: Vec<String>,
    /// 编制单位.
    pub unit: Option<String>,
    /// 版本.
    pub version: Option<String>,
    /// 日期.
    pub date: Option<String>,
    /// The flow failed `check` and the table was made anyway (`render --allow-errors`): the
    /// table says so on top, as the chart carries its 「未通过检查」 mark.
    pub not_validated: bool,
}

impl StepTable {
    /// Fill every empty 编号 cell with the number `number_of(name)` gives (the chart's).
    pub fn fill_numbers(&mut self, number_of: impl Fn(&str) -> Option<String>) {
        for row in &mut self.rows {
            if row.cells[COL_NUMBER].is_empty()
                && let Some(n) = number_of(&row.name)
            {
                row.cells[COL_NUMBER] = n;
            }
        }
    }

    /// The characters of the table's texts that the embedded font lacks, sorted, each once.
    /// `check::text` (T001) covers what the chart draws; the table also shows 备注, 输出,
    /// 例外, 提前, the reasons of 允许 and the flow's 依据/备注, so whoever draws the table
    /// with the embedded font (the SVG pages) asks here first: a lacking glyph would be blank.
    pub fn missing_chars(&self) -> Vec<char> {
        let cells = self.rows.iter().flat_map(|r| r.cells.iter());
        let meta = self.meta_lines().into_iter().map(|(_, text)| text);
        let mut out: Vec<char> = std::iter::once(self.title.clone())
            .chain(self.headers.iter().cloned())
            .chain(cells.cloned())
            .chain(meta)
            .flat_map(|t| crate::font::missing_chars(&t.replace('\n', "")))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The flow-level lines shown with the table (the 「未通过检查」 warning, 依据, 备注,
    /// 编号, 编制单位, 版本, 日期), each
    /// as (label, text); empty items are left out.
    pub fn meta_lines(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if self.not_validated {
            out.push(("注意", NOT_VALIDATED.to_string()));
        }
        if !self.basis.is_empty() {
            out.push(("依据", self.basis.join("；")));
        }
        if !self.remarks.is_empty() {
            out.push(("备注", self.remarks.join("；")));
        }
        for (label, value) in [
            ("编号", &self.code),
            ("编制单位", &self.unit),
            ("版本", &self.version),
            ("日期", &self.date),
        ] {
            if let Some(v) = value.as_ref().filter(|v| !v.is_empty()) {
                out.push((label, v.clone()));
            }
        }
        out
    }
}

/// The table title for a flow name: 「收文办理」 → 「收文办理流程说明表」 (a name ending in
/// 流程 does not get it twice).
pub fn title_text(name: &str) -> String {
    if name.ends_with("流程") {
        format!("{name}说明表")
    } else {
        format!("{name}流程说明表")
    }
}

/// The step table of a process (numbers only where `编号` is written; see
/// [`StepTable::fill_numbers`]).
pub fn step_table(process: &Process) -> StepTable {
    let g = &process.graph;
    // The texts of 说明 annotations, by the node they are attached to (declaration order).
    let mut notes: Vec<Vec<String>> = vec![Vec::new(); g.node_bound()];
    for (_, a, b, edge) in process.edges() {
        if edge.kind != EdgeKind::Association {
            continue;
        }
        for (note, target) in [(a, b), (b, a)] {
            if g[note].kind == NodeKind::Annotation && g[target].kind != NodeKind::Annotation {
                notes[target.index()].push(g[note].display().to_string());
            }
        }
    }
    let rows = process
        .nodes()
        .filter_map(|(i, node)| row(process, i, node, &notes[i.index()]))
        .collect();
    let meta = &process.meta;
    let mut remarks = meta.remarks.clone();
    remarks.extend(meta.allows.iter().map(allow_text));
    StepTable {
        title: title_text(&meta.name),
        code: meta.code.clone(),
        headers: HEADERS.iter().map(|h| h.to_string()).collect(),
        rows,
        basis: meta.basis.clone(),
        remarks,
        unit: meta.unit.clone(),
        version: meta.version.clone(),
        date: meta.date.clone(),
        not_validated: false,
    }
}

fn allow_text(allow: &crate::model::Allow) -> String {
    format!("{}（豁免 {}）", allow.reason, allow.code)
}

fn row(process: &Process, i: NodeIndex, node: &Node, notes: &[String]) -> Option<Row> {
    if matches!(node.kind, NodeKind::Connector | NodeKind::Annotation) {
        return None;
    }
    let mut limit = Vec::new();
    if let Some(t) = &node.limit_text {
        limit.push(t.clone());
    }
    if let Some(t) = &node.lead_text {
        limit.push(format!("提前{t}"));
    }
    let mut remarks: Vec<String> = node.remarks.clone();
    remarks.extend(node.exceptions.iter().map(|e| format!("例外：{}", e.text)));
    remarks.extend(node.allows.iter().map(allow_text));
    remarks.extend(notes.iter().map(|n| format!("说明：{n}")));
    let carries_content = !(node.rules.is_empty()
        && node.standards.is_empty()
        && node.basis.is_empty()
        && node.outputs.is_empty()
        && limit.is_empty()
        && remarks.is_empty());
    if matches!(node.kind, NodeKind::Start | NodeKind::End) && !carries_content {
        return None;
    }
    let mut work = Vec::new();
    if !node.rules.is_empty() {
        work.push(format!("规则：{}", node.rules.join("；")));
    }
    if !node.standards.is_empty() {
        work.push(format!("标准：{}", node.standards.join("；")));
    }
    if node.kind == NodeKind::Decision {
        let branches = branches(process, i);
        if !branches.is_empty() {
            work.push(branches.join("；"));
        }
    }
    if let Some(s) = &node.subflow {
        // The called flow by name (「./密件收阅.flow」 → 「密件收阅」), as a reader knows it.
        let file = s.rsplit(['/', '\\']).next().unwrap_or(s);
        let name = file.strip_suffix(".flow").unwrap_or(file);
        work.push(format!("子流程：{name}"));
    }
    if let Some(d) = node.disposition {
        work.push(format!("处置：{}", d.zh()));
    }
    let owner = node
        .owner
        .and_then(|r| process.roles.get(r))
        .map(|r| r.name.clone())
        .unwrap_or_default();
    let cells = vec![
        node.short_id.clone().unwrap_or_default(),
        node.display().to_string(),
        owner,
        work.join("\n"),
        limit.join("\n"),
        node.basis.join("\n"),
        node.outputs.join("、"),
        remarks.join("\n"),
    ];
    Some(Row {
        name: node.name.clone(),
        cells,
    })
}

/// A decision's branches: 「合格 → 文件类型」, in edge declaration order; a 退回 branch says so.
fn branches(process: &Process, i: NodeIndex) -> Vec<String> {
    process
        .edges()
        .filter(|(_, a, _, e)| *a == i && e.kind == EdgeKind::Flow)
        .map(|(_, _, b, e)| {
            let target = &process.graph[b].name;
            let back = if e.back { "（退回）" } else { "" };
            match e.label.as_deref().filter(|l| !l.is_empty()) {
                Some(label) => format!("{label} → {target}{back}"),
                None => format!("→ {target}{back}"),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> StepTable {
        let (_, out) = crate::model::build_source("t.flow", text);
        assert!(
            !crate::diag::has_errors(&out.diagnostics),
            "{:?}",
            out.diagnostics
        );
        step_table(&out.process)
    }

    const FLOW: &str = "流程 请假\n角色 申请人：岗位，级别 1\n角色 科长：领导，级别 2\n开始\n\
        步骤 填写申请\n  负责：申请人\n  规则：写明事由\n  标准：一日内\n  输出：请假单\n  备注：附证明\n\
        判断 审批：是否同意？\n  负责：科长\n  时限：1个工作日\n  允许：S012 急事\n  同意 → 结束\n  退回 不同意 → 填写申请\n\
        结束\n开始 → 填写申请 → 审批\n";

    #[test]
    fn cells_come_from_their_attributes() {
        let t = table(FLOW);
        assert_eq!(t.title, "请假流程说明表");
        let names: Vec<_> = t.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            ["填写申请", "审批"],
            "empty start and end make no rows"
        );
        let fill = &t.rows[0].cells;
        assert_eq!(fill[2], "申请人");
        assert_eq!(fill[3], "规则：写明事由\n标准：一日内");
        assert_eq!(fill[6], "请假单");
        assert_eq!(fill[7], "附证明");
        let decide = &t.rows[1].cells;
        assert_eq!(decide[1], "是否同意？");
        assert_eq!(decide[3], "同意 → 结束；不同意 → 填写申请（退回）");
        assert_eq!(decide[4], "1个工作日");
        assert_eq!(decide[7], "急事（豁免 S012）");
    }

    #[test]
    fn chart_numbers_fill_only_empty_cells() {
        let mut t = table(&FLOW.replace("  负责：申请人\n", "  负责：申请人\n  编号：X1\n"));
        t.fill_numbers(|name| Some(format!("#{name}")));
        assert_eq!(t.rows[0].cells[0], "X1");
        assert_eq!(t.rows[1].cells[0], "#审批");
    }

    #[test]
    fn missing_chars_are_found_in_every_cell() {
        let t = table(
            &FLOW
                .replace("备注：附证明", "备注：附𠀀证明")
                .replace("急事", "急\u{2F800}事"),
        );
        assert_eq!(t.missing_chars(), vec!['𠀀', '\u{2F800}']);
        assert!(table(FLOW).missing_chars().is_empty());
    }

    #[test]
    fn title_does_not_repeat_liucheng() {
        assert_eq!(title_text("收文办理流程"), "收文办理流程说明表");
        assert_eq!(title_text("会务"), "会务流程说明表");
    }
}
