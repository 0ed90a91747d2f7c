//! Lowering: syntax tree → [`Process`], with the `基于` chain resolved.
//!
//! Names are resolved at the end of each file, so edges may mention steps declared further
//! down. Codes `M0xx` are reported here: undefined names, duplicates, bad values and
//! problems with base files.

use super::*;
use crate::diag::{Diagnostic, Message, did_you_mean};
use crate::msg;
use crate::source::{Source, SourceId, SourceMap};
use crate::syntax::ast::{self, AttrKey, ChildKind, DeleteTarget, Document, ItemKind, Text};
use crate::syntax::parse;
use rustc_hash::FxHashMap as HashMap;

/// How a `基于` path becomes a source. The CLI implements it over the file system (and enforces
/// the project root); in-memory callers may refuse every base.
pub trait Loader {
    /// Load `path`, as written in a `基于` statement of `from`. The returned source's name must
    /// identify the file (it is used to detect cycles).
    fn load(&mut self, from: &Source, path: &str) -> Result<Source, Message>;
}

/// A loader for text that has no files around it: every `基于` is an error.
pub struct NoFiles;

impl Loader for NoFiles {
    fn load(&mut self, _from: &Source, _path: &str) -> Result<Source, Message> {
        Err(msg!(
            "这里没有文件系统，无法读取基础流程",
            "base flows cannot be read here: there is no file system"
        ))
    }
}

/// What [`build`] returns: the process and every diagnostic (syntax and model).
#[derive(Debug)]
pub struct BuildOutput {
    /// The process (complete as far as the input allowed).
    pub process: Process,
    /// Syntax and model diagnostics, in source order per file.
    pub diagnostics: Vec<Diagnostic>,
}

/// Longest `基于` chain followed before giving up.
const MAX_BASE_DEPTH: usize = 16;

/// Parse and build the source `id` of `sources`, loading base files through `loader`.
pub fn build(sources: &mut SourceMap, id: SourceId, loader: &mut dyn Loader) -> BuildOutput {
    let mut diagnostics = Vec::new();
    let mut chain = vec![sources.get(id).name.clone()];
    let process = build_file(sources, id, loader, &mut chain, &mut diagnostics);
    BuildOutput {
        process,
        diagnostics,
    }
}

/// Convenience for one in-memory text without base files.
pub fn build_source(name: &str, text: &str) -> (SourceMap, BuildOutput) {
    let mut sources = SourceMap::new();
    let id = sources.add(Source::new(name, text));
    let out = build(&mut sources, id, &mut NoFiles);
    (sources, out)
}

fn build_file(
    sources: &mut SourceMap,
    id: SourceId,
    loader: &mut dyn Loader,
    chain: &mut Vec<String>,
    diags: &mut Vec<Diagnostic>,
) -> Process {
    let (doc, syntax_diags) = parse(&sources.get(id).text, id);
    diags.extend(syntax_diags);
    let base = base_process(&doc, sources, id, loader, chain, diags).map(|mut base| {
        // The base flow's sign-off belongs to the unit that approved the base: an adapted
        // chart is drawn up, reviewed and approved anew (blank to sign until it says who).
        let meta = &mut base.meta;
        (meta.drafter, meta.reviewer, meta.approver, meta.effective) = (None, None, None, None);
        base
    });
    let has_base = base.is_some();
    let mut lower = Lower::new(id, base.unwrap_or_default());
    lower.document(&doc, has_base);
    diags.extend(lower.diags);
    lower.process
}

/// Resolve the `基于` statement, if any, into the base process.
fn base_process(
    doc: &Document,
    sources: &mut SourceMap,
    id: SourceId,
    loader: &mut dyn Loader,
    chain: &mut Vec<String>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Process> {
    let mut bases = doc.items.iter().filter_map(|item| match &item.kind {
        ItemKind::Base { path } => Some(path),
        _ => None,
    });
    let path = bases.next()?;
    for extra in bases {
        diags.push(
            Diagnostic::error(
                "M008",
                id,
                extra.span,
                msg!(
                    "一个流程只能基于一个文件",
                    "a flow can be based on one file only"
                ),
            )
            .with_label(
                id,
                path.span,
                msg!("第一个「基于」在这里", "the first `基于` is here"),
            )
            .with_help(msg!("删掉多余的「基于」", "remove the extra `基于`")),
        );
    }
    let loaded = loader.load(sources.get(id), &path.value);
    let source = match loaded {
        Ok(source) => source,
        Err(message) => {
            diags.push(
                Diagnostic::error("M005", id, path.span, message).with_help(msg!(
                    "路径相对于本文件所在的文件夹，且不能离开项目根目录；检查文件名和「../」的层数",
                    "the path is relative to this file's folder and may not leave the project root; check the name and the number of `../`"
                )),
            );
            return Some(Process::default());
        }
    };
    if let Some(pos) = chain.iter().position(|n| *n == source.name) {
        let mut cycle: Vec<&str> = chain[pos..].iter().map(String::as_str).collect();
        cycle.push(&source.name);
        let cycle = cycle.join(" → ");
        diags.push(
            Diagnostic::error(
                "M007",
                id,
                path.span,
                msg!(
                    "「基于」形成了循环：{cycle}",
                    "`基于` forms a cycle: {cycle}"
                ),
            )
            .with_help(msg!(
                "一个流程不能直接或间接地基于它自己；删掉其中一个「基于」",
                "a flow cannot be based on itself, directly or through others; remove one `基于`"
            )),
        );
        return Some(Process::default());
    }
    if chain.len() >= MAX_BASE_DEPTH {
        diags.push(
            Diagnostic::error(
                "M007",
                id,
                path.span,
                msg!(
                    "「基于」的层数超过 {MAX_BASE_DEPTH} 层",
                    "`基于` chain is deeper than {MAX_BASE_DEPTH} files"
                ),
            )
            .with_help(msg!(
                "直接基于标准流程，不要层层转引",
                "base the flow on the standard flow directly"
            )),
        );
        return Some(Process::default());
    }
    let name = source.name.clone();
    let base_id = sources.find(&name).unwrap_or_else(|| sources.add(source));
    chain.push(name.clone());
    let mut process = build_file(sources, base_id, loader, chain, diags);
    chain.pop();
    process.meta.based_on.insert(0, name);
    Some(process)
}

/// An edge waiting for name resolution. It borrows its names from the syntax tree; a branch's
/// source is its decision, already known by index.
struct PendingEdge<'a> {
    from: EdgeEnd<'a>,
    to: &'a Text,
    label: Option<&'a str>,
    back: bool,
    loc: Loc,
}

enum EdgeEnd<'a> {
    Name(&'a Text),
    Node(NodeIndex),
}

struct Lower<'a> {
    source: SourceId,
    process: Process,
    node_index: HashMap<String, NodeIndex>,
    pending_edges: Vec<PendingEdge<'a>>,
    pending_owners: Vec<(NodeIndex, &'a Text)>,
    pending_loop: Option<&'a Text>,
    diags: Vec<Diagnostic>,
}

/// Which list attributes a `修改` block has already cleared (overrides replace, not append).
#[derive(Default)]
struct Cleared(Vec<AttrKey>);

impl Cleared {
    fn first(&mut self, key: AttrKey) -> bool {
        if self.0.contains(&key) {
            false
        } else {
            self.0.push(key);
            true
        }
    }
}

impl<'a> Lower<'a> {
    fn new(source: SourceId, process: Process) -> Self {
        let node_index = process
            .graph
            .node_indices()
            .map(|i| (process.graph[i].name.clone(), i))
            .collect();
        Lower {
            source,
            process,
            node_index,
            pending_edges: Vec::new(),
            pending_owners: Vec::new(),
            pending_loop: None,
            diags: Vec::new(),
        }
    }

    fn loc(&self, span: Span) -> Loc {
        Loc {
            source: self.source,
            span,
        }
    }

    /// M004 at `name`, pointing back at the first declaration.
    fn duplicate(&mut self, name: &Text, first: Loc, message: Message, help: Message) {
        self.diags.push(
            Diagnostic::error("M004", self.source, name.span, message)
                .with_label(
                    first.source,
                    first.span,
                    msg!("第一次定义在这里", "first declared here"),
                )
                .with_help(help),
        );
    }

    fn error(&mut self, code: &'static str, span: Span, message: Message, help: Message) {
        self.diags
            .push(Diagnostic::error(code, self.source, span, message).with_help(help));
    }

    fn document(&mut self, doc: &'a Document, has_base: bool) {
        let mut flow_seen: Option<Span> = None;
        for item in &doc.items {
            match &item.kind {
                ItemKind::Flow { name } => {
                    if let Some(first) = flow_seen {
                        self.diags.push(
                            Diagnostic::error(
                                "M011",
                                self.source,
                                item.span,
                                msg!(
                                    "一个文件只能写一个「流程」",
                                    "a file describes one flow: only one `流程`"
                                ),
                            )
                            .with_label(
                                self.source,
                                first,
                                msg!("第一个在这里", "the first is here"),
                            )
                            .with_help(msg!(
                                "把另一个流程放到单独的 .flow 文件里",
                                "move the other flow into its own .flow file"
                            )),
                        );
                    }
                    flow_seen = Some(item.span);
                    if !name.value.is_empty() {
                        self.process.meta.name = name.value.clone();
                        self.process.meta.name_loc = self.loc(name.span);
                    }
                    let mut cleared = Cleared::default();
                    for child in &item.children {
                        self.flow_child(child, &mut cleared, has_base);
                    }
                }
                ItemKind::Base { .. } | ItemKind::Error => {}
                ItemKind::Role { name, props } => self.role(name, props, &item.children),
                ItemKind::Node { kind, name, label } => {
                    self.node(*kind, name, label.as_ref(), &item.children)
                }
                ItemKind::Edges { back, from, steps } => {
                    let mut sources: &'a [Text] = from;
                    for step in steps {
                        for a in sources {
                            for b in &step.to {
                                self.pending_edges.push(PendingEdge {
                                    from: EdgeEnd::Name(a),
                                    to: b,
                                    label: step.label.as_ref().map(|l| l.value.as_str()),
                                    back: *back,
                                    loc: self.loc(a.span.join(b.span)),
                                });
                            }
                        }
                        sources = &step.to;
                    }
                }
                ItemKind::Rename { from, to } => self.rename(from, to),
                ItemKind::Modify { name } => self.modify(name, &item.children),
                ItemKind::Delete { target } => self.delete(target),
            }
        }
        if flow_seen.is_none() && !has_base && !doc.items.is_empty() {
            let span = doc.items[0].span;
            self.error(
                "M001",
                Span::new(span.start as usize, span.start as usize),
                msg!(
                    "缺少「流程」语句：流程图没有标题",
                    "no `流程` statement: the chart has no title"
                ),
                msg!(
                    "在文件开头写一行「流程 名称」，例如「流程 收文办理」",
                    "start the file with `流程 NAME`, e.g. `流程 收文办理`"
                ),
            );
        }
        self.resolve();
    }

    fn flow_child(&mut self, child: &'a ast::Child, cleared: &mut Cleared, has_base: bool) {
        let ChildKind::Attr { key, value, .. } = &child.kind else {
            return;
        };
        let v = value.value.clone();
        let loc = self.loc(value.span);
        let meta = &mut self.process.meta;
        let replace = has_base && cleared.first(*key);
        match key {
            AttrKey::Code => meta.code = Some(v),
            AttrKey::Version => meta.version = Some(v),
            AttrKey::Unit => meta.unit = Some(v),
            AttrKey::Date => meta.date = Some(v),
            AttrKey::Drafter => meta.drafter = Some(v),
            AttrKey::Reviewer => meta.reviewer = Some(v),
            AttrKey::Approver => meta.approver = Some(v),
            AttrKey::Effective => meta.effective = Some(v),
            AttrKey::Revision => {
                if replace {
                    meta.revisions.clear();
                }
                match Revision::parse(&v) {
                    Some(r) => self.process.meta.revisions.push(r),
                    None => self.bad_value(
                        value,
                        "「版本，日期，修订人，修订摘要」四项，用逗号隔开，例如「修订：2.1，2026-11-27，张三，增加密件分流」",
                        "four items separated by commas: version, date, author, summary, e.g. `修订：2.1，2026-11-27，张三，增加密件分流`",
                    ),
                }
            }
            AttrKey::Parent => meta.parent = Some(v),
            AttrKey::Basis => {
                if replace {
                    meta.basis.clear();
                }
                meta.basis.push(v);
            }
            AttrKey::Remark => meta.remarks.push(v),
            AttrKey::Phase => {
                meta.phases = split_list(&v);
            }
            AttrKey::Deadline => match TimeLimit::parse(&v) {
                Some(limit) => {
                    meta.deadline = Some(limit);
                    meta.deadline_text = Some(v);
                    meta.deadline_loc = Some(loc);
                }
                None => self.bad_limit(value),
            },
            AttrKey::Category => match Category::parse(&v) {
                Some(c) => meta.category = Some(c),
                None => self.bad_value(
                    value,
                    "办文、办事、办会、内部管理",
                    "办文, 办事, 办会, 内部管理",
                ),
            },
            AttrKey::Tier => match v.as_str() {
                "主流程" | "main" | "1" | "一级" => meta.tier = Some(Tier::Main),
                "子流程" | "sub" | "2" | "二级" => meta.tier = Some(Tier::Sub),
                _ => self.bad_value(value, "主流程、子流程", "主流程 (main), 子流程 (sub)"),
            },
            AttrKey::Paper => match crate::model::paper::PaperChoice::parse(&v) {
                Some(choice) => meta.paper = Some(choice),
                None => self.bad_value(
                    value,
                    "A4、A3，可以加纵向或横向，例如「A3 横向」",
                    "A4 or A3, optionally followed by 纵向 (portrait) or 横向 (landscape), e.g. `A3 横向`",
                ),
            },
            AttrKey::Loop => self.pending_loop = Some(value),
            AttrKey::Allow => {
                if let Some(allow) = self.allow(value) {
                    self.process.meta.allows.push(allow);
                }
            }
            _ => {}
        }
    }

    fn role(&mut self, name: &Text, props: &[ast::RoleProp], children: &[ast::Child]) {
        if let Some(existing) = self.process.role_by_name(&name.value) {
            let first = self.process.roles[existing].loc;
            let n = &name.value;
            self.duplicate(
                name,
                first,
                msg!("角色「{n}」重复定义", "role `{n}` is declared twice"),
                msg!(
                    "删掉重复的一行；要改基础流程里的角色，用「修改 {n}」或「改名 {n} → 新名称」",
                    "remove the duplicate; to change a role of the base flow use `修改 {n}` or `改名 {n} → NEW`"
                ),
            );
            return;
        }
        let mut role = Role {
            name: name.value.clone(),
            kinds: Vec::new(),
            level: None,
            remarks: Vec::new(),
            exceptions: Vec::new(),
            loc: self.loc(name.span),
        };
        for prop in props {
            match prop {
                ast::RoleProp::Kind(k, _) => {
                    if !role.kinds.contains(k) {
                        role.kinds.push(*k);
                    }
                }
                ast::RoleProp::Level(l, _) => role.level = Some(*l),
            }
        }
        self.process.roles.push(role);
        let id = self.process.roles.len() - 1;
        for child in children {
            self.role_child(id, child);
        }
    }

    fn role_child(&mut self, id: RoleId, child: &ast::Child) {
        let ChildKind::Attr { key, value, .. } = &child.kind else {
            return;
        };
        match key {
            AttrKey::Kind => {
                let mut kinds = Vec::new();
                for word in split_list(&value.value) {
                    match RoleKind::from_word(&word) {
                        Some(k) => kinds.push(k),
                        None => {
                            self.bad_value(
                                value,
                                "外部、枢纽、领导、部门、岗位、集体",
                                "外部, 枢纽, 领导, 部门, 岗位, 集体",
                            );
                            return;
                        }
                    }
                }
                self.process.roles[id].kinds = kinds;
            }
            AttrKey::Level => match crate::syntax::parser::parse_small_number(&value.value) {
                Some(n) => self.process.roles[id].level = Some(n),
                None => self.bad_value(value, "0 到 99 的数字", "a number from 0 to 99"),
            },
            AttrKey::Remark => self.process.roles[id].remarks.push(value.value.clone()),
            AttrKey::Exception => self.process.roles[id].exceptions.push(value.value.clone()),
            _ => {}
        }
    }

    fn node(
        &mut self,
        kind: NodeKind,
        name: &Text,
        label: Option<&Text>,
        children: &'a [ast::Child],
    ) {
        if let Some(&existing) = self.node_index.get(&name.value) {
            let first = self.process.graph[existing].loc;
            let n = &name.value;
            self.duplicate(
                name,
                first,
                msg!("步骤名称「{n}」重复", "step name `{n}` is used twice"),
                msg!(
                    "每个步骤的名称必须唯一：换一个名称（显示的文字可以写在冒号后面）；要改基础流程里的步骤，用「修改 {n}」",
                    "step names must be unique: pick another name (the shown text can follow a colon); to change a step of the base flow use `修改 {n}`"
                ),
            );
            return;
        }
        let node = Node {
            kind,
            name: name.value.clone(),
            label: label.map(|l| super::with_line_breaks(&l.value)),
            owner: None,
            limit: None,
            limit_text: None,
            lead: None,
            lead_text: None,
            basis: Vec::new(),
            rules: Vec::new(),
            standards: Vec::new(),
            outputs: Vec::new(),
            short_id: None,
            phase: None,
            subflow: None,
            exceptions: Vec::new(),
            disposition: None,
            allows: Vec::new(),
            remarks: Vec::new(),
            loc: self.loc(name.span),
            owner_loc: None,
            limit_loc: None,
        };
        let index = self.process.graph.add_node(node);
        self.node_index.insert(name.value.clone(), index);
        let mut cleared = Cleared::default();
        for child in children {
            self.node_child(index, child, &mut cleared, false);
        }
    }

    fn node_child(
        &mut self,
        index: NodeIndex,
        child: &'a ast::Child,
        cleared: &mut Cleared,
        replace_lists: bool,
    ) {
        match &child.kind {
            ChildKind::Attr { key, value, .. } => {
                let v = value.value.clone();
                let loc = self.loc(value.span);
                let replace = replace_lists && cleared.first(*key);
                let node = &mut self.process.graph[index];
                let list = |list: &mut Vec<String>, items: Vec<String>| {
                    if replace {
                        list.clear();
                    }
                    list.extend(items);
                };
                match key {
                    AttrKey::Owner => {
                        node.owner_loc = Some(loc);
                        self.pending_owners.push((index, value));
                    }
                    AttrKey::Limit => match TimeLimit::parse(&v) {
                        Some(limit) => {
                            node.limit = Some(limit);
                            node.limit_text = Some(v);
                            node.limit_loc = Some(loc);
                        }
                        None => self.bad_limit(value),
                    },
                    AttrKey::Lead => match TimeLimit::parse_lead(&v) {
                        Some(lead) => {
                            node.lead = Some(lead);
                            node.lead_text = Some(v);
                        }
                        None => self.bad_lead(value),
                    },
                    AttrKey::Basis => list(&mut node.basis, vec![v]),
                    AttrKey::Rule => list(&mut node.rules, vec![v]),
                    AttrKey::Standard => list(&mut node.standards, vec![v]),
                    AttrKey::Remark => list(&mut node.remarks, vec![v]),
                    AttrKey::Label => node.label = Some(super::with_line_breaks(&v)),
                    AttrKey::Output => list(&mut node.outputs, split_list(&v)),
                    AttrKey::Code => node.short_id = Some(v),
                    AttrKey::Phase => node.phase = Some(v),
                    AttrKey::Ref => node.subflow = Some(v),
                    AttrKey::Disposition => match Disposition::from_word(v.trim()) {
                        Some(d) => node.disposition = Some(d),
                        None => {
                            let all = Disposition::ALL;
                            let zh: Vec<_> = all.iter().map(|d| d.zh()).collect();
                            let en: Vec<_> = all
                                .iter()
                                .map(|d| format!("{} ({})", d.zh(), d.en()))
                                .collect();
                            self.bad_value(value, &zh.join("、"), &en.join(", "));
                        }
                    },
                    AttrKey::Exception => {
                        if replace {
                            node.exceptions.clear();
                        }
                        node.exceptions.push(Spanned { text: v, loc });
                    }
                    AttrKey::Allow => {
                        if let Some(allow) = self.allow(value) {
                            let node = &mut self.process.graph[index];
                            if replace {
                                node.allows.clear();
                            }
                            node.allows.push(allow);
                        }
                    }
                    _ => {}
                }
            }
            ChildKind::Branch {
                back,
                label,
                target,
            } => {
                self.pending_edges.push(PendingEdge {
                    from: EdgeEnd::Node(index),
                    to: target,
                    label: Some(label.value.as_str()),
                    back: *back,
                    loc: self.loc(label.span.join(target.span)),
                });
            }
            ChildKind::Error => {}
        }
    }

    fn allow(&mut self, value: &Text) -> Option<Allow> {
        let text = value.value.trim();
        let (code, reason) =
            match text.split_once(|c: char| c.is_whitespace() || "：:，,".contains(c)) {
                Some((code, reason)) => (
                    code,
                    reason.trim_matches(|c: char| c.is_whitespace() || "：:，,".contains(c)),
                ),
                None => (text, ""),
            };
        if reason.is_empty() {
            self.error(
                "M010",
                value.span,
                msg!("「允许」必须写明理由", "`允许` needs a reason"),
                msg!(
                    "写成「允许：{code} 急件经主任同意可直送」，让审阅的人知道为什么不适用这条规则",
                    "write `允许：{code} REASON` so reviewers know why the rule does not apply"
                ),
            );
            return None;
        }
        Some(Allow {
            code: code.to_ascii_uppercase(),
            reason: reason.to_owned(),
            loc: self.loc(value.span),
        })
    }

    fn rename(&mut self, from: &Text, to: &Text) {
        if let Some(role) = self.process.role_by_name(&from.value) {
            if self.process.role_by_name(&to.value).is_some() {
                let n = &to.value;
                self.error(
                    "M004",
                    to.span,
                    msg!("角色「{n}」已经存在", "role `{n}` already exists"),
                    msg!("换一个新名称", "choose another new name"),
                );
                return;
            }
            self.process.roles[role].name = to.value.clone();
            return;
        }
        if let Some(index) = self.node_index.remove(&from.value) {
            if self.node_index.contains_key(&to.value) {
                self.node_index.insert(from.value.clone(), index);
                let n = &to.value;
                self.error(
                    "M004",
                    to.span,
                    msg!("步骤「{n}」已经存在", "step `{n}` already exists"),
                    msg!("换一个新名称", "choose another new name"),
                );
                return;
            }
            self.process.graph[index].name = to.value.clone();
            self.node_index.insert(to.value.clone(), index);
            return;
        }
        self.not_found(from, "改名", "rename");
    }

    fn modify(&mut self, name: &Text, children: &'a [ast::Child]) {
        let mut cleared = Cleared::default();
        if let Some(&index) = self.node_index.get(&name.value) {
            for child in children {
                if let ChildKind::Attr {
                    key: AttrKey::Owner,
                    ..
                } = child.kind
                {
                    // A new owner replaces the old one.
                    self.pending_owners.retain(|(i, _)| *i != index);
                }
                self.node_child(index, child, &mut cleared, true);
            }
            return;
        }
        if let Some(role) = self.process.role_by_name(&name.value) {
            for child in children {
                self.role_child(role, child);
            }
            return;
        }
        self.not_found(name, "修改", "modify");
    }

    fn delete(&mut self, target: &DeleteTarget) {
        match target {
            DeleteTarget::Node(name) => {
                let Some(index) = self.node_index.remove(&name.value) else {
                    match self.process.role_by_name(&name.value) {
                        Some(role) => self.delete_role(role, name),
                        None => self.not_found(name, "删除", "delete"),
                    }
                    return;
                };
                // Reconnect: every predecessor goes on to every successor, keeping its label.
                let incoming: Vec<(NodeIndex, Edge)> = self
                    .process
                    .graph
                    .edges_directed(index, Direction::Incoming)
                    .map(|e| {
                        use petgraph::visit::EdgeRef;
                        (e.source(), e.weight().clone())
                    })
                    .collect();
                let outgoing = self.process.successors(index);
                for (pred, edge) in incoming.iter().rev() {
                    for &succ in &outgoing {
                        if *pred != index
                            && succ != index
                            && self.process.graph.find_edge(*pred, succ).is_none()
                        {
                            self.process.graph.add_edge(*pred, succ, edge.clone());
                        }
                    }
                }
                self.process.graph.remove_node(index);
                self.pending_owners.retain(|(i, _)| *i != index);
            }
            DeleteTarget::Edge(a, b) => {
                let found = match (self.node_index.get(&a.value), self.node_index.get(&b.value)) {
                    (Some(&x), Some(&y)) => self.process.graph.find_edge(x, y),
                    _ => None,
                };
                if let Some(edge) = found {
                    self.process.graph.remove_edge(edge);
                    return;
                }
                let before = self.pending_edges.len();
                let from_index = self.node_index.get(&a.value).copied();
                self.pending_edges.retain(|e| {
                    let same_from = match e.from {
                        EdgeEnd::Name(t) => t.value == a.value,
                        EdgeEnd::Node(i) => Some(i) == from_index,
                    };
                    !(same_from && e.to.value == b.value)
                });
                if self.pending_edges.len() == before {
                    let (x, y) = (&a.value, &b.value);
                    self.error(
                        "M009",
                        a.span.join(b.span),
                        msg!(
                            "没有「{x} → {y}」这条连线可以删除",
                            "there is no edge `{x} → {y}` to delete"
                        ),
                        msg!(
                            "检查两个步骤的名称和方向",
                            "check both names and the direction"
                        ),
                    );
                }
            }
        }
    }

    /// Remove a role that no step uses any more; lane indices after it shift down by one.
    fn delete_role(&mut self, role: RoleId, name: &Text) {
        let users: Vec<String> = self
            .process
            .nodes()
            .filter(|(i, n)| {
                n.owner == Some(role) && !self.pending_owners.iter().any(|(p, _)| p == i)
            })
            .map(|(_, n)| n.name.clone())
            .collect();
        if !users.is_empty() {
            let (n, list) = (&name.value, users.join("、"));
            self.error(
                "M009",
                name.span,
                msg!("角色「{n}」还有步骤在用：{list}", "role `{n}` is still the owner of: {list}"),
                msg!(
                    "先用「修改 步骤名」把这些步骤的「负责」改成别的角色，再删除这个角色",
                    "first give those steps another owner with `修改 STEP` / `负责：…`, then delete the role"
                ),
            );
            return;
        }
        self.process.roles.remove(role);
        let shift = |id: &mut Option<RoleId>| {
            if let Some(r) = id {
                if *r == role {
                    *id = None;
                } else if *r > role {
                    *r -= 1;
                }
            }
        };
        for index in self.process.graph.node_indices().collect::<Vec<_>>() {
            shift(&mut self.process.graph[index].owner);
        }
        shift(&mut self.process.meta.loop_role);
    }

    fn not_found(&mut self, name: &Text, zh: &str, en: &str) {
        let mut candidates: Vec<&str> = self.node_index.keys().map(String::as_str).collect();
        candidates.extend(self.process.roles.iter().map(|r| r.name.as_str()));
        candidates.sort_unstable();
        let n = &name.value;
        let help = match did_you_mean(n, candidates) {
            Some(s) => msg!("是不是「{s}」？", "did you mean `{s}`?"),
            None => msg!(
                "只能{zh}基础流程或本文件前面已经有的步骤或角色",
                "only steps or roles of the base flow or declared above can be used with {en}"
            ),
        };
        self.error(
            "M009",
            name.span,
            msg!(
                "没有名为「{n}」的步骤或角色可以{zh}",
                "no step or role named `{n}` to {en}"
            ),
            help,
        );
    }

    fn bad_limit(&mut self, value: &Text) {
        let v = &value.value;
        if TimeLimit::looks_like_lead(v) {
            let amount = v.trim().trim_start_matches("提前").trim();
            self.error(
                "M006",
                value.span,
                msg!(
                    "「{v}」是提前量，不是办理时限",
                    "`{v}` is a lead time, not a time limit"
                ),
                msg!(
                    "时限写的是这一步最多用多长时间；要求提前多久办好，写成「提前：{amount}」（另起一行，与「时限」分开）",
                    "时限 says how long the step may take; for how long before something it must be done, write `提前：{amount}` on a line of its own"
                ),
            );
            return;
        }
        self.error(
            "M006",
            value.span,
            msg!("无法识别的时限「{v}」", "unrecognised time limit `{v}`"),
            msg!(
                "时限写成数字加单位，例如「30分钟」「2小时」「3个工作日」「5日」，一个范围「1至3个工作日」，或写「当日」「下班前」「次日」「当周」「次月」「即时」「随到随办」",
                "write a number and a unit, e.g. `30分钟`, `2小时`, `3个工作日`, `5日`, a range `1至3个工作日`, or `当日`, `下班前`, `次日`, `当周`, `次月`, `即时`, `随到随办`"
            ),
        );
    }

    fn bad_lead(&mut self, value: &Text) {
        let v = &value.value;
        self.error(
            "M006",
            value.span,
            msg!("无法识别的提前量「{v}」", "unrecognised lead time `{v}`"),
            msg!(
                "提前量写成数字加单位，例如「提前：1个工作日」「提前：2小时」「提前：3日」",
                "write a number and a unit, e.g. `提前：1个工作日`, `提前：2小时`, `提前：3日`"
            ),
        );
    }

    fn bad_value(&mut self, value: &Text, zh: &str, en: &str) {
        let v = &value.value;
        self.error(
            "M010",
            value.span,
            msg!("无法识别的取值「{v}」", "unrecognised value `{v}`"),
            msg!("这里可以写：{zh}", "allowed here: {en}"),
        );
    }

    /// Resolve owners, edges and the closed-loop role by name.
    fn resolve(&mut self) {
        let role_names: Vec<String> = self.process.roles.iter().map(|r| r.name.clone()).collect();
        for (index, owner) in std::mem::take(&mut self.pending_owners) {
            match self.process.role_by_name(&owner.value) {
                Some(role) => self.process.graph[index].owner = Some(role),
                None => {
                    self.process.graph[index].owner = None;
                    self.unknown_role(owner, &role_names);
                }
            }
        }
        if let Some(role) = self.pending_loop.take() {
            match self.process.role_by_name(&role.value) {
                Some(id) => {
                    self.process.meta.loop_role = Some(id);
                    self.process.meta.loop_loc = Some(self.loc(role.span));
                }
                None => self.unknown_role(role, &role_names),
            }
        }
        let mut names: Vec<&str> = self.node_index.keys().map(String::as_str).collect();
        names.sort_unstable();
        let mut errors = Vec::new();
        // A name in the middle of a chain is the target of one edge and the source of the next:
        // report it once.
        let mut reported = rustc_hash::FxHashSet::default();
        for edge in std::mem::take(&mut self.pending_edges) {
            let (from, from_text) = match edge.from {
                EdgeEnd::Name(t) => (self.lookup(&t.value), Some(t)),
                EdgeEnd::Node(i) => (self.process.graph.contains_node(i).then_some(i), None),
            };
            let to = self.lookup(&edge.to.value);
            for (text, found) in [(from_text, from), (Some(edge.to), to)] {
                let Some(text) = text else { continue };
                if found.is_none() && reported.insert(text.span) {
                    let n = &text.value;
                    if let Some(kind @ (NodeKind::Start | NodeKind::End)) = NodeKind::from_word(n) {
                        errors.push(self.terminal_not_found(text, kind));
                        continue;
                    }
                    let help = match did_you_mean(n, names.iter().copied()) {
                        Some(s) => msg!(
                            "是不是「{s}」？如果是新步骤，先用「步骤 {n}」声明它",
                            "did you mean `{s}`? If it is a new step, declare it first with `步骤 {n}`"
                        ),
                        None => msg!(
                            "先用「步骤 {n}」（或 判断、结束……）声明这个步骤，再画连线",
                            "declare it first with `步骤 {n}` (or 判断, 结束, …) before drawing edges"
                        ),
                    };
                    errors.push(
                        Diagnostic::error(
                            "M002",
                            self.source,
                            text.span,
                            msg!("没有名为「{n}」的步骤", "no step named `{n}`"),
                        )
                        .with_help(help),
                    );
                }
            }
            if let (Some(a), Some(b)) = (from, to) {
                let annotation = self.process.graph[a].kind == NodeKind::Annotation
                    || self.process.graph[b].kind == NodeKind::Annotation;
                self.process.graph.add_edge(
                    a,
                    b,
                    Edge {
                        kind: if annotation {
                            EdgeKind::Association
                        } else {
                            EdgeKind::Flow
                        },
                        label: edge.label.map(str::to_owned),
                        back: edge.back,
                        loc: edge.loc,
                    },
                );
            }
        }
        self.diags.extend(errors);
    }

    /// A node by name. `开始` / `结束` (any spelling of the keyword) that names no node refers
    /// to the flow's only start / end: `开始：科室需要使用会议室` names the start
    /// 科室需要使用会议室, and `开始 → 申请` still means that start.
    fn lookup(&self, name: &str) -> Option<NodeIndex> {
        if let Some(&index) = self.node_index.get(name) {
            return Some(index);
        }
        let kind @ (NodeKind::Start | NodeKind::End) = NodeKind::from_word(name)? else {
            return None;
        };
        let mut of_kind = self.of_kind(kind);
        match (of_kind.next(), of_kind.next()) {
            (Some(only), None) => Some(only),
            _ => None,
        }
    }

    fn of_kind(&self, kind: NodeKind) -> impl Iterator<Item = NodeIndex> + '_ {
        self.process
            .graph
            .node_indices()
            .filter(move |&i| self.process.graph[i].kind == kind)
    }

    /// M002 for `开始` / `结束` in an edge when the flow has none or several: name the real
    /// ones and show how a start or end gets a short name and a longer text.
    fn terminal_not_found(&self, text: &Text, kind: NodeKind) -> Diagnostic {
        let n = &text.value;
        let (kw, what_en) = match kind {
            NodeKind::Start => ("开始", "start"),
            _ => ("结束", "end"),
        };
        let real: Vec<String> = self
            .of_kind(kind)
            .map(|i| self.process.graph[i].name.clone())
            .collect();
        let (message, help) = if real.is_empty() {
            (
                msg!(
                    "连线用到了「{n}」，但流程里没有「{kw}」",
                    "the edge uses `{n}`, but the flow has no {what_en}"
                ),
                msg!(
                    "先单独写一行「{kw}」声明它；要在框里显示说明文字，写成「{kw} 名称：说明」，连线里写名称",
                    "declare it first on a line of its own: `{kw}`; to show a longer text in the box, write `{kw} NAME：TEXT` and use NAME in edges"
                ),
            )
        } else {
            let count = real.len();
            let list_zh = real.iter().map(|r| format!("「{r}」")).collect::<String>();
            let list_en = real
                .iter()
                .map(|r| format!("`{r}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let first = &real[0];
            let example_zh = match kind {
                NodeKind::Start => format!("「{first} → 下一步」"),
                _ => format!("「上一步 → {first}」"),
            };
            let example_en = match kind {
                NodeKind::Start => format!("`{first} → NEXT`"),
                _ => format!("`PREVIOUS → {first}`"),
            };
            (
                msg!(
                    "「{n}」指的是哪一个？这个流程有 {count} 个「{kw}」：{list_zh}",
                    "which {what_en} is `{n}`? The flow has {count}: {list_en}"
                ),
                msg!(
                    "连线里写它们的名称，例如{example_zh}。注意「{kw}：文字」里的文字就是名称；要起个短名称再显示说明文字，写成「{kw} 名称：说明」",
                    "write their names in edges, e.g. {example_en}. Note that in `{kw}：TEXT` the text is the name; for a short name with a longer text in the box, write `{kw} NAME：TEXT`"
                ),
            )
        };
        let mut d = Diagnostic::error("M002", self.source, text.span, message).with_help(help);
        for i in self.of_kind(kind) {
            let loc = self.process.graph[i].loc;
            if loc.source == self.source {
                d = d.with_label(
                    loc.source,
                    loc.span,
                    msg!("一个「{kw}」在这里声明", "a {what_en} is declared here"),
                );
            }
        }
        d
    }

    fn unknown_role(&mut self, name: &Text, roles: &[String]) {
        let n = &name.value;
        let help = match did_you_mean(n, roles.iter().map(String::as_str)) {
            Some(s) => msg!(
                "是不是「{s}」？如果是新角色，先用「角色 {n}」声明它",
                "did you mean `{s}`? If it is a new role, declare it with `角色 {n}`"
            ),
            None => msg!(
                "先用「角色 {n}」声明这个角色（写在步骤前面）",
                "declare it with `角色 {n}` (above the steps)"
            ),
        };
        self.error(
            "M003",
            name.span,
            msg!("没有名为「{n}」的角色", "no role named `{n}`"),
            help,
        );
    }
}

/// Split `甲、乙，丙` into items.
fn split_list(text: &str) -> Vec<String> {
    text.split(['、', '，', ',', '；', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}
