//! The validator: a catalogue of rules run over a built [`Process`].
//!
//! Each rule lives in its own file under `rules/`, declared with [`declare_rule!`] (code,
//! names, default severity, documentation and a check function). [`registry::RULES`] lists
//! every code — including the syntax (P), model (M) and file (F) codes reported by earlier
//! stages, so that `liucheng explain M002` works — in one sorted slice.
//!
//! [`check`] runs the enabled rules against one process with resolved [`Settings`], applies
//! the inline suppressions written in the flow (`允许：S005 理由`) and reports suppressions
//! that matched nothing ([`S008`](rules::unused_suppression)).
//!
//! Run it only on a model built without errors: a flow with an undefined step or a syntax
//! error would give spurious findings.

use crate::diag::{Diagnostic, Lang, Message, Severity};
use crate::model::{Loc, Process};
use petgraph::stable_graph::NodeIndex;
use std::cell::OnceCell;

/// Declare a rule: its doc comment becomes the rule's English documentation and the
/// `zh_docs` file (Markdown, beside the rule's source) its Chinese documentation
/// (`liucheng explain`, `docs/rules.md`).
///
/// English sections: `## What it does`, `## Why is this bad?`, `## Example`, `## Use instead`,
/// `## Options`, and a `Complexity:` line. Chinese sections, one-to-one: `## 检查什么`,
/// `## 为什么不好`, `## 错误示例`, `## 正确写法`, `## 选项`, and a `复杂度：` line. The code
/// blocks of both must be identical, in the same order (checked by a registry test).
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis static $id:ident = {
            code: $code:literal,
            name: $name:literal,
            zh: $zh:literal,
            severity: $sev:ident,
            zh_docs: $zh_docs:expr,
            check: $check:expr $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        $vis static $id: $crate::check::Rule = $crate::check::Rule {
            code: $code,
            name: $name,
            zh: $zh,
            default_severity: $crate::diag::Severity::$sev,
            docs: concat!($($doc, "\n"),*),
            docs_zh: $zh_docs,
            check: $check,
        };
    };
}

pub mod graph;
pub mod registry;
pub mod rules;
mod runs;
pub mod settings;
pub mod soundness;
pub mod text;

pub use graph::FlowGraph;
pub use settings::{Level, Options, Settings};

/// One rule of the catalogue (or a code reported by an earlier stage).
#[derive(Debug)]
pub struct Rule {
    /// Stable code such as `S005`.
    pub code: &'static str,
    /// kebab-case English name describing the flagged pattern.
    pub name: &'static str,
    /// Chinese name.
    pub zh: &'static str,
    /// Severity when the settings say nothing.
    pub default_severity: Severity,
    /// English Markdown documentation (from the doc comment).
    pub docs: &'static str,
    /// Chinese Markdown documentation (the rule's `.zh.md` file).
    pub docs_zh: &'static str,
    /// The check; `None` for codes reported by the parser, the model builder or the file loader.
    pub check: Option<fn(&mut Checker<'_>)>,
}

/// The group a code belongs to, from its first letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// C: concurrency / behavioural soundness.
    Concurrency,
    /// D: decisions.
    Decisions,
    /// F: file loading (encoding).
    File,
    /// G: government office rules (行文规则, 时限, 闭环).
    Office,
    /// M: model building (names, roles, base files).
    Model,
    /// O: owners and roles.
    Owners,
    /// P: syntax.
    Syntax,
    /// R: redundancy.
    Redundancy,
    /// S: structure.
    Structure,
    /// T: text on the chart (drawing).
    Drawing,
}

impl Group {
    /// All groups, in code order.
    pub const ALL: [Group; 10] = [
        Group::Concurrency,
        Group::Decisions,
        Group::File,
        Group::Office,
        Group::Model,
        Group::Owners,
        Group::Syntax,
        Group::Redundancy,
        Group::Structure,
        Group::Drawing,
    ];

    /// The group of a code.
    pub fn of(code: &str) -> Option<Group> {
        Some(match code.chars().next()? {
            'C' => Group::Concurrency,
            'D' => Group::Decisions,
            'F' => Group::File,
            'G' => Group::Office,
            'M' => Group::Model,
            'O' => Group::Owners,
            'P' => Group::Syntax,
            'R' => Group::Redundancy,
            'S' => Group::Structure,
            'T' => Group::Drawing,
            _ => return None,
        })
    }

    /// Title in Chinese and English.
    pub fn title(self) -> (&'static str, &'static str) {
        match self {
            Group::Concurrency => ("并发与可靠性", "Concurrency and soundness"),
            Group::Decisions => ("判断", "Decisions"),
            Group::File => ("文件", "Files"),
            Group::Office => ("公文办理规则", "Office rules"),
            Group::Model => ("模型", "Model"),
            Group::Owners => ("责任主体", "Owners"),
            Group::Syntax => ("语法", "Syntax"),
            Group::Redundancy => ("冗余环节", "Redundancy"),
            Group::Structure => ("结构", "Structure"),
            Group::Drawing => ("绘图", "Drawing"),
        }
    }

    /// Whether codes of this group are validator rules (run by [`check`]).
    pub fn is_validator(self) -> bool {
        !matches!(
            self,
            Group::File | Group::Model | Group::Syntax | Group::Drawing
        )
    }
}

impl Rule {
    /// The group of this rule.
    pub fn group(&self) -> Group {
        Group::of(self.code).expect("registry codes start with a group letter")
    }

    /// The English documentation as Markdown, with the doc comment's leading spaces removed.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        for line in self.docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// The documentation as Markdown in a language.
    pub fn markdown_in(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.markdown(),
            Lang::Zh => {
                let mut out = self.docs_zh.trim_end().to_owned();
                out.push('\n');
                out
            }
        }
    }

    /// The English one-line summary: the first paragraph under `## What it does`.
    pub fn summary(&self) -> String {
        self.summary_in(Lang::En)
    }

    /// A one-line summary in a language: the first paragraph under `## What it does`
    /// (`## 检查什么`).
    pub fn summary_in(&self, lang: Lang) -> String {
        let (heading, joiner) = match lang {
            Lang::En => ("## What it does", " "),
            Lang::Zh => ("## 检查什么", ""),
        };
        let md = self.markdown_in(lang);
        let mut lines = md.lines().skip_while(|l| !l.starts_with(heading)).skip(1);
        let mut out = String::new();
        for line in lines.by_ref() {
            if line.trim().is_empty() {
                if out.is_empty() {
                    continue;
                }
                break;
            }
            if line.starts_with("##") {
                break;
            }
            if !out.is_empty() {
                out.push_str(joiner);
            }
            out.push_str(line.trim());
        }
        out
    }

    /// The name in a language: `缺少开始` or `missing-start`.
    pub fn name_in(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.name,
        }
    }
}

/// Shared, lazily computed facts about one process, read by every rule.
pub struct Context<'a> {
    /// The process.
    pub process: &'a Process,
    /// Resolved settings.
    pub settings: &'a Settings,
    /// The control-flow graph in dense form.
    pub graph: FlowGraph,
    soundness: OnceCell<soundness::Analysis>,
}

impl<'a> Context<'a> {
    /// Facts about a process, computed once for all rules (the soundness analysis lazily).
    pub fn new(process: &'a Process, settings: &'a Settings) -> Self {
        Context {
            process,
            settings,
            graph: FlowGraph::new(process),
            soundness: OnceCell::new(),
        }
    }

    /// The soundness analysis, computed on first use and shared by the C rules.
    pub fn soundness(&self) -> &soundness::Analysis {
        self.soundness.get_or_init(|| {
            let limits = soundness::Limits {
                max_states: self.settings.max_states,
            };
            soundness::analyse(self.process, &limits)
        })
    }
}

/// What a rule sees: the process, the settings, the flow graph, and a place to report.
pub struct Checker<'a> {
    /// Shared facts.
    pub cx: &'a Context<'a>,
    /// The process (shortcut for `cx.process`).
    pub process: &'a Process,
    /// Resolved settings (shortcut for `cx.settings`).
    pub settings: &'a Settings,
    /// The flow graph (shortcut for `cx.graph`).
    pub graph: &'a FlowGraph,
    rule: &'static Rule,
    severity: Severity,
    findings: Vec<Finding>,
}

/// A diagnostic and the node it is about (for `允许` on that node).
pub(crate) struct Finding {
    pub(crate) diagnostic: Diagnostic,
    pub(crate) subject: Option<NodeIndex>,
}

impl<'a> Checker<'a> {
    /// The rule being run.
    pub fn rule(&self) -> &'static Rule {
        self.rule
    }

    /// A diagnostic of the current rule, at its configured severity.
    pub fn diagnostic(&self, loc: Loc, message: Message) -> Diagnostic {
        Diagnostic::error(self.rule.code, loc.source, loc.span, message)
            .with_severity(self.severity)
    }

    /// Report a finding about a node (dense index), located at the node.
    pub fn report_node(&mut self, node: u32, message: Message, help: Message) -> &mut Diagnostic {
        let index = self.graph.index[node as usize];
        let loc = self.process.graph[index].loc;
        let diagnostic = self.diagnostic(loc, message).with_help(help);
        self.push(Some(index), diagnostic)
    }

    /// Report a finding; `subject` is the node whose `允许` may suppress it.
    pub fn push(&mut self, subject: Option<NodeIndex>, diagnostic: Diagnostic) -> &mut Diagnostic {
        self.findings.push(Finding {
            diagnostic,
            subject,
        });
        &mut self.findings.last_mut().expect("just pushed").diagnostic
    }

    /// The name of a node (dense index).
    pub fn name(&self, node: u32) -> &'a str {
        &self.process.graph[self.graph.index[node as usize]].name
    }

    /// A witness-path note: `路径：拟办 → 会签 → 汇合`.
    pub fn path_note(&self, path: &[u32]) -> Message {
        let text = self.path_text(path);
        crate::msg!("路径：{text}", "path: {text}")
    }

    /// A run note (office rules over runs, `check::runs`): `一次办理：登记 → 分头 → 答复 → 结束`.
    pub fn run_note(&self, run: &[u32]) -> Message {
        let text = self.path_text(run);
        crate::msg!("一次办理：{text}", "a run: {text}")
    }

    /// Names of model nodes joined by arrows.
    pub fn node_path(&self, path: &[NodeIndex]) -> String {
        path.iter()
            .map(|&n| self.process.graph[n].name.as_str())
            .collect::<Vec<_>>()
            .join(" → ")
    }

    /// Step names joined by arrows.
    pub fn path_text(&self, path: &[u32]) -> String {
        path.iter()
            .map(|&n| self.name(n))
            .collect::<Vec<_>>()
            .join(" → ")
    }
}

/// Run every enabled validator rule on a process, apply inline suppressions, and report
/// unused ones. Diagnostics come out in rule order, then in the order the rule found them.
pub fn check(process: &Process, settings: &Settings) -> Vec<Diagnostic> {
    let cx = Context::new(process, settings);
    let mut findings = Vec::new();
    for rule in registry::RULES {
        if rule.code == rules::unused_suppression::RULE.code {
            continue;
        }
        if let Some(severity) = settings.severity(rule) {
            findings.append(&mut run_rule(&cx, rule, severity));
        }
    }
    rules::unused_suppression::apply(&cx, findings)
}

/// Run one rule's check function (none for documentation-only codes) at a severity.
fn run_rule<'a>(cx: &'a Context<'a>, rule: &'static Rule, severity: Severity) -> Vec<Finding> {
    let Some(check) = rule.check else {
        return Vec::new();
    };
    let mut checker = Checker {
        cx,
        process: cx.process,
        settings: cx.settings,
        graph: &cx.graph,
        rule,
        severity,
        findings: Vec::new(),
    };
    check(&mut checker);
    checker.findings
}

/// Run a single rule (tests and fixtures), with suppressions applied.
pub fn check_one(process: &Process, settings: &Settings, rule: &'static Rule) -> Vec<Diagnostic> {
    let cx = Context::new(process, settings);
    let severity = settings.severity(rule).unwrap_or(rule.default_severity);
    run_rule(&cx, rule, severity)
        .into_iter()
        .filter(|f| !suppressed(process, f))
        .map(|f| f.diagnostic)
        .collect()
}

pub(crate) fn suppressed(process: &Process, finding: &Finding) -> bool {
    let code = finding.diagnostic.code;
    process.meta.allows.iter().any(|a| a.code == code)
        || finding
            .subject
            .is_some_and(|n| process.graph[n].allows.iter().any(|a| a.code == code))
}
