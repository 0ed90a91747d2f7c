//! The model as stable JSON (`liucheng export --format json`); schema in `docs/export.md`.
//!
//! The export names nodes by their index in declaration order and roles by their lane
//! index, and gives every element its file, line and column, so other tools (an OA system,
//! a report) can consume a flow without parsing the `.flow` language.

use super::*;
use crate::source::SourceMap;
use serde::Serialize;

/// The schema identifier written into every export.
pub const SCHEMA: &str = "liucheng.process/1";

#[derive(Serialize)]
struct Export<'a> {
    schema: &'static str,
    flow: FlowOut<'a>,
    roles: Vec<RoleOut<'a>>,
    nodes: Vec<NodeOut<'a>>,
    edges: Vec<EdgeOut<'a>>,
}

#[derive(Serialize)]
struct Position {
    file: String,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct LimitOut {
    text: String,
    #[serde(flatten)]
    limit: TimeLimit,
    /// The most working time the limit allows.
    minutes: u64,
    /// The least it guarantees (differs for ranges and calendar limits).
    min_minutes: u64,
}

#[derive(Serialize)]
struct FlowOut<'a> {
    name: &'a str,
    code: Option<&'a str>,
    version: Option<&'a str>,
    unit: Option<&'a str>,
    date: Option<&'a str>,
    drafter: Option<&'a str>,
    reviewer: Option<&'a str>,
    approver: Option<&'a str>,
    effective: Option<&'a str>,
    revisions: &'a [Revision],
    basis: &'a [String],
    deadline: Option<LimitOut>,
    category: Option<&'static str>,
    tier: Option<Tier>,
    parent: Option<&'a str>,
    closed_loop_role: Option<RoleId>,
    phases: &'a [String],
    remarks: &'a [String],
    based_on: &'a [String],
    allows: Vec<AllowOut<'a>>,
    /// 纸张, only when the flow names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    paper: Option<PaperOut>,
}

#[derive(Serialize)]
struct PaperOut {
    size: Option<&'static str>,
    orientation: Option<&'static str>,
}

#[derive(Serialize)]
struct AllowOut<'a> {
    code: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct RoleOut<'a> {
    id: RoleId,
    name: &'a str,
    kinds: Vec<&'static str>,
    level: Option<u32>,
    remarks: &'a [String],
    at: Position,
}

#[derive(Serialize)]
struct NodeOut<'a> {
    id: usize,
    kind: &'static str,
    name: &'a str,
    label: Option<&'a str>,
    short_id: Option<&'a str>,
    owner: Option<RoleId>,
    limit: Option<LimitOut>,
    lead: Option<LimitOut>,
    basis: &'a [String],
    rules: &'a [String],
    standards: &'a [String],
    outputs: &'a [String],
    phase: Option<&'a str>,
    subflow: Option<&'a str>,
    exceptions: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    disposition: Option<&'static str>,
    allows: Vec<AllowOut<'a>>,
    remarks: &'a [String],
    at: Position,
}

#[derive(Serialize)]
struct EdgeOut<'a> {
    from: usize,
    to: usize,
    kind: EdgeKind,
    label: Option<&'a str>,
    back: bool,
    at: Position,
}

fn position(sources: &SourceMap, loc: Loc) -> Position {
    let source = sources.get(loc.source);
    let lc = source.line_col(loc.span.start as usize);
    Position {
        file: source.name.clone(),
        line: lc.line,
        column: lc.column,
    }
}

fn limit_out(limit: Option<TimeLimit>, text: Option<&String>) -> Option<LimitOut> {
    limit.map(|limit| LimitOut {
        text: text.cloned().unwrap_or_else(|| limit.to_string()),
        limit,
        minutes: limit.minutes(),
        min_minutes: limit.min_minutes(),
    })
}

fn allows(list: &[Allow]) -> Vec<AllowOut<'_>> {
    list.iter()
        .map(|a| AllowOut {
            code: &a.code,
            reason: &a.reason,
        })
        .collect()
}

/// The process as a JSON value following schema [`SCHEMA`].
pub fn to_json(process: &Process, sources: &SourceMap) -> serde_json::Value {
    let ids: std::collections::HashMap<NodeIndex, usize> = process
        .graph
        .node_indices()
        .enumerate()
        .map(|(i, n)| (n, i))
        .collect();
    let meta = &process.meta;
    let export = Export {
        schema: SCHEMA,
        flow: FlowOut {
            name: &meta.name,
            code: meta.code.as_deref(),
            version: meta.version.as_deref(),
            unit: meta.unit.as_deref(),
            date: meta.date.as_deref(),
            drafter: meta.drafter.as_deref(),
            reviewer: meta.reviewer.as_deref(),
            approver: meta.approver.as_deref(),
            effective: meta.effective.as_deref(),
            revisions: &meta.revisions,
            basis: &meta.basis,
            deadline: limit_out(meta.deadline, meta.deadline_text.as_ref()),
            category: meta.category.map(Category::zh),
            tier: meta.tier,
            parent: meta.parent.as_deref(),
            closed_loop_role: meta.loop_role,
            phases: &meta.phases,
            remarks: &meta.remarks,
            based_on: &meta.based_on,
            allows: allows(&meta.allows),
            paper: meta.paper.map(|p| PaperOut {
                size: p.paper.map(|p| p.name()),
                orientation: p.orientation.map(|o| o.en()),
            }),
        },
        roles: process
            .roles
            .iter()
            .enumerate()
            .map(|(id, r)| RoleOut {
                id,
                name: &r.name,
                kinds: r.kinds.iter().map(|k| k.en()).collect(),
                level: r.level,
                remarks: &r.remarks,
                at: position(sources, r.loc),
            })
            .collect(),
        nodes: process
            .nodes()
            .map(|(i, n)| NodeOut {
                id: ids[&i],
                kind: n.kind.en(),
                name: &n.name,
                label: n.label.as_deref(),
                short_id: n.short_id.as_deref(),
                owner: n.owner,
                limit: limit_out(n.limit, n.limit_text.as_ref()),
                lead: limit_out(n.lead, n.lead_text.as_ref()),
                basis: &n.basis,
                rules: &n.rules,
                standards: &n.standards,
                outputs: &n.outputs,
                phase: n.phase.as_deref(),
                subflow: n.subflow.as_deref(),
                exceptions: n.exceptions.iter().map(|e| e.text.as_str()).collect(),
                disposition: n.disposition.map(|d| d.en()),
                allows: allows(&n.allows),
                remarks: &n.remarks,
                at: position(sources, n.loc),
            })
            .collect(),
        edges: process
            .edges()
            .map(|(_, a, b, e)| EdgeOut {
                from: ids[&a],
                to: ids[&b],
                kind: e.kind,
                label: e.label.as_deref(),
                back: e.back,
                at: position(sources, e.loc),
            })
            .collect(),
    };
    serde_json::to_value(export).expect("export structs serialise")
}
