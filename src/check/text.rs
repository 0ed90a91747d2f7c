//! The character policy: what a text on the chart may contain (T001, T002).
//!
//! [`drawn_texts`] lists every text of a process that a chart draws or writes into its SVG:
//! the flow's name and title block (编号, 版本, 编制单位, 日期, 生效日期, 编制, 审核, 批准),
//! the revision history (修订), roles (lane headers), phases (bands), each step's text, name
//! (说明 column, SVG ids), number (编号), time limit (时限), 规则, 标准 and 依据, and every
//! edge or branch label. [`check_text`] checks each of them, character by character:
//!
//! - **T002** a character that may not be written into an SVG (XML 1.0: control characters,
//!   noncharacters such as U+FFFE and U+FFFF) or that is invisible or reorders text: bidi
//!   controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), zero-width characters
//!   (U+200B–U+200D, U+2060, U+FEFF, …), line and paragraph separators (U+2028, U+2029);
//! - **T001** a character the embedded font lacks ([`crate::font::covers`]): emoji, CJK
//!   Extension B, rare name characters outside the subset, private use characters.
//!
//! `cli check` runs it on every built model (even when the graph rules do not run) and
//! `cli render` refuses a flow it reports on, so a flow `check` passes draws every character.
//!
//! The model keeps where each statement was written, not where each value was; a finding is
//! placed at the exact character by looking the value up in the syntax tree of the sources,
//! parsed again only when there is something to report.

use crate::diag::Diagnostic;
use crate::model::{Loc, Process};
use crate::msg;
use crate::source::{SourceId, SourceMap, Span};
use crate::syntax::ast::{AttrKey, ChildKind, ItemKind, Text};
use std::collections::{BTreeSet, HashMap};

/// Which field of a process a drawn text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// 流程 NAME (title and title block).
    FlowName,
    /// 编号 of the flow.
    Code,
    /// 版本.
    Version,
    /// 编制单位.
    Unit,
    /// 日期.
    Date,
    /// 生效日期.
    Effective,
    /// 编制 (a person's name and a date).
    Drafter,
    /// 审核.
    Reviewer,
    /// 批准.
    Approver,
    /// 修订: the version column.
    RevisionVersion,
    /// 修订: the date column.
    RevisionDate,
    /// 修订: the 修订人 column.
    RevisionAuthor,
    /// 修订: the 修订摘要 column.
    RevisionSummary,
    /// A phase band (阶段).
    Phase,
    /// A role (lane header).
    Role,
    /// The text in a step's box (its label, or its name).
    StepText,
    /// A step's name (说明 column heading, SVG ids) when a label is shown in the box.
    StepName,
    /// A step's number (编号).
    StepNumber,
    /// A step's time limit (时限).
    TimeLimit,
    /// A step's 规则.
    Rule,
    /// A step's 标准.
    Standard,
    /// A step's 依据.
    Basis,
    /// An edge or branch label.
    EdgeLabel,
}

/// Where a value is written in the syntax tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Name,
    Label,
    Attr(AttrKey),
    EdgeLabel,
}

impl Field {
    /// How messages call the field: Chinese, English (a step's fields without the step).
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            Field::FlowName => ("流程名称", "the flow name"),
            Field::Code => ("标题栏的「编号」", "the title block's 编号 (code)"),
            Field::Version => ("标题栏的「版本」", "the title block's 版本 (version)"),
            Field::Unit => ("标题栏的「编制单位」", "the title block's 编制单位 (unit)"),
            Field::Date => ("标题栏的「日期」", "the title block's 日期 (date)"),
            Field::Effective => (
                "标题栏的「生效日期」",
                "the title block's 生效日期 (effective date)",
            ),
            Field::Drafter => ("标题栏的「编制」", "the title block's 编制 (drafted by)"),
            Field::Reviewer => ("标题栏的「审核」", "the title block's 审核 (reviewed by)"),
            Field::Approver => ("标题栏的「批准」", "the title block's 批准 (approved by)"),
            Field::RevisionVersion => ("修订记录的「版本」", "the 版本 (version) of a 修订 record"),
            Field::RevisionDate => ("修订记录的「日期」", "the 日期 (date) of a 修订 record"),
            Field::RevisionAuthor => (
                "修订记录的「修订人」",
                "the 修订人 (author) of a 修订 record",
            ),
            Field::RevisionSummary => (
                "修订记录的「修订摘要」",
                "the 修订摘要 (summary) of a 修订 record",
            ),
            Field::Phase => ("阶段名称", "the phase name"),
            Field::Role => ("角色名称", "the role name"),
            Field::StepText => ("显示的文字", "the text"),
            Field::StepName => ("名称", "the name"),
            Field::StepNumber => ("「编号」", "the 编号 (number)"),
            Field::TimeLimit => ("「时限」", "the 时限 (time limit)"),
            Field::Rule => ("「规则」", "the 规则 (rule)"),
            Field::Standard => ("「标准」", "the 标准 (standard)"),
            Field::Basis => ("「依据」", "the 依据 (basis)"),
            Field::EdgeLabel => ("连线标签", "the edge label"),
        }
    }

    /// Whether the field holds a person's name.
    pub fn is_person(self) -> bool {
        matches!(
            self,
            Field::Drafter | Field::Reviewer | Field::Approver | Field::RevisionAuthor
        )
    }

    fn slots(self) -> &'static [Slot] {
        use Slot::*;
        match self {
            Field::FlowName | Field::Role | Field::StepName => &[Name],
            Field::Code | Field::StepNumber => &[Attr(AttrKey::Code)],
            Field::Version => &[Attr(AttrKey::Version)],
            Field::Unit => &[Attr(AttrKey::Unit)],
            Field::Date => &[Attr(AttrKey::Date)],
            Field::Effective => &[Attr(AttrKey::Effective)],
            Field::Drafter => &[Attr(AttrKey::Drafter)],
            Field::Reviewer => &[Attr(AttrKey::Reviewer)],
            Field::Approver => &[Attr(AttrKey::Approver)],
            Field::RevisionVersion
            | Field::RevisionDate
            | Field::RevisionAuthor
            | Field::RevisionSummary => &[Attr(AttrKey::Revision)],
            Field::Phase => &[Attr(AttrKey::Phase)],
            Field::StepText => &[Label, Attr(AttrKey::Label), Name],
            Field::TimeLimit => &[Attr(AttrKey::Limit)],
            Field::Rule => &[Attr(AttrKey::Rule)],
            Field::Standard => &[Attr(AttrKey::Standard)],
            Field::Basis => &[Attr(AttrKey::Basis)],
            Field::EdgeLabel => &[EdgeLabel],
        }
    }
}

/// A text a chart draws (or writes into its SVG), with where it belongs.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnText<'a> {
    /// The text.
    pub text: &'a str,
    /// Which field it is.
    pub field: Field,
    /// Where the statement it belongs to was written (flow name, role, step or edge).
    pub loc: Loc,
    /// The step it belongs to, for a step's fields.
    pub step: Option<&'a str>,
    /// Whether its glyphs are drawn; `false` for a text only written into SVG attributes
    /// (a step's name when its box shows a label and it has no 说明 entry).
    pub shown: bool,
}

/// Every text a chart of `process` can draw or write into its SVG, in every layout and
/// direction, with the default furniture (title, title block, revision history, 说明 column).
/// Fixed texts (图例, 流程名称 …) are not listed: the font has them.
pub fn drawn_texts(process: &Process) -> Vec<DrawnText<'_>> {
    let mut out = Vec::new();
    let meta = &process.meta;
    let at = meta.name_loc;
    let mut push = |text, field, loc, shown| add(&mut out, text, field, loc, None, shown);
    push(&meta.name, Field::FlowName, at, true);
    for (value, field) in [
        (&meta.code, Field::Code),
        (&meta.version, Field::Version),
        (&meta.unit, Field::Unit),
        (&meta.date, Field::Date),
        (&meta.effective, Field::Effective),
        (&meta.drafter, Field::Drafter),
        (&meta.reviewer, Field::Reviewer),
        (&meta.approver, Field::Approver),
    ] {
        if let Some(v) = value {
            push(v, field, at, true);
        }
    }
    for r in &meta.revisions {
        push(&r.version, Field::RevisionVersion, at, true);
        push(&r.date, Field::RevisionDate, at, true);
        push(&r.author, Field::RevisionAuthor, at, true);
        push(&r.summary, Field::RevisionSummary, at, true);
    }
    for phase in &meta.phases {
        push(phase, Field::Phase, at, true);
    }
    for role in &process.roles {
        push(&role.name, Field::Role, role.loc, true);
    }
    for (_, node) in process.nodes() {
        let at = node.loc;
        let step = Some(node.name.as_str());
        let mut push = |text, field, loc, shown| add(&mut out, text, field, loc, step, shown);
        let notes = !(node.rules.is_empty() && node.standards.is_empty() && node.basis.is_empty());
        match &node.label {
            Some(label) => {
                push(label, Field::StepText, at, true);
                push(&node.name, Field::StepName, at, notes);
            }
            None => push(&node.name, Field::StepText, at, true),
        }
        if let Some(n) = &node.short_id {
            push(n, Field::StepNumber, at, true);
        }
        if let Some(l) = &node.limit_text {
            push(l, Field::TimeLimit, node.limit_loc.unwrap_or(at), true);
        }
        for (list, field) in [
            (&node.rules, Field::Rule),
            (&node.standards, Field::Standard),
            (&node.basis, Field::Basis),
        ] {
            for text in list {
                push(text, field, at, true);
            }
        }
    }
    for (_, _, _, edge) in process.edges() {
        if let Some(label) = edge.label.as_deref().filter(|l| !l.trim().is_empty()) {
            add(&mut out, label, Field::EdgeLabel, edge.loc, None, true);
        }
    }
    out
}

fn add<'a>(
    out: &mut Vec<DrawnText<'a>>,
    text: &'a str,
    field: Field,
    loc: Loc,
    step: Option<&'a str>,
    shown: bool,
) {
    out.push(DrawnText {
        text,
        field,
        loc,
        step,
        shown,
    });
}

/// How a message names the text: `步骤「签收」的「规则」`.
fn subject(dt: &DrawnText<'_>) -> (String, String) {
    let (zh, en) = dt.field.names();
    match dt.step {
        Some(step) => (
            format!("步骤「{step}」的{zh}"),
            format!("{en} of step `{step}`"),
        ),
        None => (zh.to_owned(), en.to_owned()),
    }
}

/// Why a character may not stand in a text on the chart (T002).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    /// C0 and C1 control characters (tab included: it cannot be drawn).
    Control,
    /// Noncharacters: U+FFFE, U+FFFF (not allowed in XML at all), U+FDD0–U+FDEF and the last
    /// two code points of every plane.
    NonCharacter,
    /// Bidirectional controls: they make text show in another order than it is stored.
    Bidi,
    /// Zero-width and other invisible characters.
    Invisible,
    /// U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR.
    Separator,
}

impl Hidden {
    /// Whether (and why) `c` may not stand in a text on the chart.
    pub fn of(c: char) -> Option<Hidden> {
        let cp = c as u32;
        Some(match c {
            _ if c.is_control() => Hidden::Control,
            '\u{FDD0}'..='\u{FDEF}' => Hidden::NonCharacter,
            _ if cp & 0xFFFE == 0xFFFE => Hidden::NonCharacter,
            '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{061C}' => Hidden::Bidi,
            '\u{200B}'..='\u{200D}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
            | '\u{00AD}'
            | '\u{034F}'
            | '\u{180E}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}' => Hidden::Invisible,
            '\u{2028}' | '\u{2029}' => Hidden::Separator,
            _ => return None,
        })
    }

    fn names(self) -> (&'static str, &'static str) {
        match self {
            Hidden::Control => ("看不见的控制字符", "an invisible control character"),
            Hidden::NonCharacter => (
                "非字符（SVG 文件里不能有，浏览器会打不开图）",
                "a noncharacter (an SVG file may not contain it: browsers refuse to open the chart)",
            ),
            Hidden::Bidi => (
                "文字方向控制符（会让文字看起来和实际顺序不同）",
                "a bidirectional control (it makes the text look as if written in another order)",
            ),
            Hidden::Invisible => (
                "看不见的零宽字符（两个看起来一样的名称会因此不同）",
                "an invisible zero-width character (two names that look the same differ by it)",
            ),
            Hidden::Separator => (
                "行分隔符或段分隔符（会把文字断开）",
                "a line or paragraph separator (it breaks the text)",
            ),
        }
    }
}

/// `text` with every hidden character written as `<U+XXXX>`, safe to print.
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if Hidden::of(c).is_some() {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Check every [`drawn_texts`] of `process`: T002 for a hidden character, else T001 for a
/// character the embedded font lacks (only for texts whose glyphs are drawn). Each distinct
/// character is reported once per text, at its first occurrence, placed in `sources`.
pub fn check_text(process: &Process, sources: &SourceMap) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut locator = Locator::new(sources);
    for dt in drawn_texts(process) {
        let mut seen: Vec<char> = Vec::new();
        for (offset, c) in dt.text.char_indices() {
            // A step's forced line break (written `｜`, `model::with_line_breaks`) is drawn as
            // a new line, not as a character.
            if seen.contains(&c) || (c == '\n' && matches!(dt.field, Field::StepText)) {
                continue;
            }
            let hidden = Hidden::of(c);
            if hidden.is_none() && (!dt.shown || crate::font::covers(c)) {
                continue;
            }
            seen.push(c);
            let loc = locator.locate(&dt, offset, c);
            out.push(match hidden {
                Some(kind) => hidden_char(&dt, loc, c, kind),
                None => missing_glyph(&dt, loc, c),
            });
        }
    }
    out
}

fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

fn hidden_char(dt: &DrawnText<'_>, loc: Loc, c: char, kind: Hidden) -> Diagnostic {
    let (field_zh, field_en) = subject(dt);
    let (kind_zh, kind_en) = kind.names();
    let text = visible(dt.text);
    let code = code_point(c);
    Diagnostic::error(
        "T002",
        loc.source,
        loc.span,
        msg!(
            "{field_zh}「{text}」里有{kind_zh}：{code}",
            "{field_en} `{text}` holds {kind_en}: {code}"
        ),
    )
    .with_help(msg!(
        "删掉它（它常随从网页、文档或聊天软件复制的文字带进来）：删掉这几个字后重新输入",
        "delete it (it comes with text copied from a web page, a document or a chat): delete the characters around it and type them again"
    ))
}

fn missing_glyph(dt: &DrawnText<'_>, loc: Loc, c: char) -> Diagnostic {
    let (field_zh, field_en) = subject(dt);
    let text = visible(dt.text);
    let code = code_point(c);
    let diagnostic = Diagnostic::error(
        "T001",
        loc.source,
        loc.span,
        msg!(
            "{field_zh}「{text}」里的「{c}」（{code}）内嵌字体里没有，画出来会是空白",
            "{field_en} `{text}` uses 「{c}」 ({code}), which the embedded font lacks: it would be drawn as a blank"
        ),
    );
    if dt.field.is_person() || is_hanzi(c) {
        diagnostic.with_help(msg!(
            "换一个常用字，或用意思相近的字；如果是人名用字，可以暂时写同音字并在「备注」里注明，同时请维护者把这个字加进内嵌字体（docs/fonts.md 说明怎样重新生成字体子集）",
            "use a common character, or a similar one; for a character of a person's name, write a homophone for now with a 备注 (remark), and ask the maintainers to add the character to the embedded font (docs/fonts.md says how the font subset is made)"
        ))
    } else {
        diagnostic.with_help(msg!(
            "换成内嵌字体有的字：表情符号等请改用文字，特殊符号请改用常用标点",
            "replace it by a character the embedded font has: write emoji and the like as words, special symbols as common punctuation"
        ))
    }
}

/// A CJK ideograph (any block).
fn is_hanzi(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}')
}

/// Places findings at the exact character, from the syntax tree of the sources.
struct Locator<'s> {
    sources: &'s SourceMap,
    /// Every text of every source's syntax tree, with the slot it fills (built on first use).
    index: Option<Index>,
    /// Positions already reported, so the same text written twice is reported twice.
    claimed: BTreeSet<(SourceId, usize)>,
}

impl<'s> Locator<'s> {
    fn new(sources: &'s SourceMap) -> Self {
        Locator {
            sources,
            index: None,
            claimed: BTreeSet::new(),
        }
    }

    /// Where character `c`, at byte `offset` of the drawn text, was written.
    fn locate(&mut self, dt: &DrawnText<'_>, offset: usize, c: char) -> Loc {
        let sources = self.sources;
        let index = self.index.get_or_insert_with(|| syntax_index(sources));
        let hint = dt.loc;
        let width = c.len_utf8();
        let mut best: Option<((bool, bool, usize), SourceId, usize)> = None;
        // Texts written as they are drawn are looked up by value; the parts of a 修订 or
        // 阶段 list (and anything not found so) are searched for in the texts of their slot.
        let exact: &[usize] = index.by_value.get(dt.text).map_or(&[], Vec::as_slice);
        let split = matches!(
            dt.field,
            Field::RevisionVersion
                | Field::RevisionDate
                | Field::RevisionAuthor
                | Field::RevisionSummary
                | Field::Phase
        );
        let all: Vec<usize>;
        let candidates = if split || exact.is_empty() {
            all = (0..index.entries.len()).collect();
            &all[..]
        } else {
            exact
        };
        for &i in candidates {
            let (slot, source, span) = index.entries[i];
            if !dt.field.slots().contains(&slot) {
                continue;
            }
            let raw = &sources.get(source).text[span.range()];
            for (i, _) in raw.match_indices(dt.text) {
                let at = span.start as usize + i + offset;
                let key = (
                    source != hint.source,
                    self.claimed.contains(&(source, at)),
                    if source == hint.source && at >= hint.span.start as usize {
                        at - hint.span.start as usize
                    } else {
                        usize::MAX - at
                    },
                );
                if best.as_ref().is_none_or(|(k, _, _)| key < *k) {
                    best = Some((key, source, at));
                }
            }
        }
        let found = best.map(|(_, s, at)| (s, at)).or_else(|| {
            // Not in the tree as written (should not happen): the first `c` after the hint.
            let text = &sources.get(hint.source).text;
            let from = (hint.span.start as usize).min(text.len());
            text.get(from..)
                .and_then(|t| t.find(c))
                .map(|i| (hint.source, from + i))
        });
        match found {
            Some((source, at)) => {
                self.claimed.insert((source, at));
                Loc {
                    source,
                    span: Span::new(at, at + width),
                }
            }
            None => hint,
        }
    }
}

/// The texts of the syntax trees: where each was written, and which of them hold a value.
struct Index {
    entries: Vec<(Slot, SourceId, Span)>,
    by_value: HashMap<String, Vec<usize>>,
}

fn syntax_index(sources: &SourceMap) -> Index {
    let mut out = Vec::new();
    let mut by_value: HashMap<String, Vec<usize>> = HashMap::new();
    for (id, source) in sources.iter() {
        let (doc, _) = crate::syntax::parse(&source.text, id);
        let mut push = |slot: Slot, text: &Text| {
            by_value
                .entry(text.value.clone())
                .or_default()
                .push(out.len());
            out.push((slot, id, text.span));
        };
        for item in &doc.items {
            match &item.kind {
                ItemKind::Flow { name } | ItemKind::Role { name, .. } => push(Slot::Name, name),
                ItemKind::Node { name, label, .. } => {
                    push(Slot::Name, name);
                    if let Some(label) = label {
                        push(Slot::Label, label);
                    }
                }
                ItemKind::Modify { name } => push(Slot::Name, name),
                ItemKind::Rename { to, .. } => push(Slot::Name, to),
                ItemKind::Edges { steps, .. } => {
                    for label in steps.iter().filter_map(|s| s.label.as_ref()) {
                        push(Slot::EdgeLabel, label);
                    }
                }
                _ => {}
            }
            for child in &item.children {
                match &child.kind {
                    ChildKind::Attr { key, value, .. } => push(Slot::Attr(*key), value),
                    ChildKind::Branch { label, .. } => push(Slot::EdgeLabel, label),
                    ChildKind::Error => {}
                }
            }
        }
    }
    Index {
        entries: out,
        by_value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build_source;

    fn findings(text: &str) -> Vec<(String, String, usize, usize)> {
        let (sources, out) = build_source("t.flow", text);
        check_text(&out.process, &sources)
            .into_iter()
            .map(|d| {
                let lc = sources.get(d.source).line_col(d.span.start as usize);
                let c = sources.get(d.source).text[d.span.range()].to_owned();
                (d.code.to_owned(), c, lc.line, lc.column)
            })
            .collect()
    }

    #[test]
    fn hidden_characters() {
        for c in [
            '\u{1}',
            '\t',
            '\u{85}',
            '\u{FFFE}',
            '\u{FFFF}',
            '\u{1FFFE}',
            '\u{FDD0}',
        ] {
            assert!(
                matches!(Hidden::of(c), Some(Hidden::Control | Hidden::NonCharacter)),
                "{c:?}"
            );
        }
        assert_eq!(Hidden::of('\u{202E}'), Some(Hidden::Bidi));
        assert_eq!(Hidden::of('\u{2067}'), Some(Hidden::Bidi));
        assert_eq!(Hidden::of('\u{200B}'), Some(Hidden::Invisible));
        assert_eq!(Hidden::of('\u{FEFF}'), Some(Hidden::Invisible));
        assert_eq!(Hidden::of('\u{2028}'), Some(Hidden::Separator));
        for c in ['收', 'A', ' ', '\u{3000}', '（', '→', '镕', '😀'] {
            assert_eq!(Hidden::of(c), None, "{c:?}");
        }
        assert_eq!(visible("a\u{202E}b"), "a<U+202E>b");
    }

    #[test]
    fn every_field_is_located_at_the_character() {
        let text = "流程 收文😀办理\n  编制：王𪚥 2026-01-02\n  审核：王\u{200B}五\n  批准：李四\n  生效日期：2026年1月\u{2028}1日\n  修订：1.1，2026-01-01，张𪚥，改\u{202E}了\n  阶段：会前、会\u{FFFE}中\n角色 办公\u{1F600}室\n步骤 签收：签\u{FFFE}收\n  负责：办公\u{1F600}室\n  规则：须逐件𠀀清点\n  时限：1个工作日\n  编号：B\u{200D}1\n判断 审核\n  通过 → 签收\n  退回 不同\u{202E}意 → 签收\n签收 →【是\u{2060}】审核\n";
        let got = findings(text);
        let expect = [
            ("T001", "😀", 1, 6),
            ("T001", "𪚥", 2, 7),
            ("T002", "\u{200B}", 3, 7),
            ("T002", "\u{2028}", 5, 15),
            ("T001", "𪚥", 6, 22),
            ("T002", "\u{202E}", 6, 25),
            ("T002", "\u{FFFE}", 7, 10),
            ("T001", "\u{1F600}", 8, 6),
            ("T002", "\u{FFFE}", 9, 8),
            ("T001", "𠀀", 11, 9),
            ("T002", "\u{200D}", 13, 7),
            ("T002", "\u{202E}", 16, 8),
            ("T002", "\u{2060}", 17, 7),
        ];
        for e in expect {
            let e = (e.0.to_owned(), e.1.to_owned(), e.2, e.3);
            assert!(got.contains(&e), "{e:?} not in {got:#?}");
        }
        assert_eq!(got.len(), expect.len(), "{got:#?}");
    }

    #[test]
    fn the_same_name_twice_is_reported_twice() {
        let text = "流程 收文\n  修订：1.1，2026-01-01，王𪚥，初稿\n  编制：王𪚥\n步骤 签收\n";
        let got = findings(text);
        let lines: Vec<usize> = got.iter().map(|f| f.2).collect();
        assert_eq!(lines.len(), 2, "{got:?}");
        assert!(lines.contains(&2) && lines.contains(&3), "{got:?}");
    }

    #[test]
    fn findings_in_a_base_file_and_in_its_adaptation_are_placed_in_each() {
        struct Base;
        impl crate::model::Loader for Base {
            fn load(
                &mut self,
                _: &crate::source::Source,
                _: &str,
            ) -> Result<crate::source::Source, crate::diag::Message> {
                Ok(crate::source::Source::new(
                    "base.flow",
                    "流程 收文\n开始\n步骤 签收\n  规则：须清点😀\n结束 归档\n开始 → 签收 → 归档\n",
                ))
            }
        }
        let mut sources = SourceMap::new();
        let text = "基于 \"base.flow\"\n流程 收文（本单位）\n修改 签收\n  标准：不漏𠀀\n";
        let id = sources.add(crate::source::Source::new("local.flow", text));
        let out = crate::model::build(&mut sources, id, &mut Base);
        assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
        let got: Vec<(String, usize, usize)> = check_text(&out.process, &sources)
            .into_iter()
            .map(|d| {
                let s = sources.get(d.source);
                let lc = s.line_col(d.span.start as usize);
                (s.name.clone(), lc.line, lc.column)
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("base.flow".to_owned(), 4, 9),
                ("local.flow".to_owned(), 4, 8)
            ]
        );
    }

    #[test]
    fn a_clean_flow_has_no_findings() {
        let text = "流程 收文办理\n  编制：朱镕基 2026-01-02\n  审核：王堃\n  批准：刘䶮\n角色 办公室\n步骤 签收：逐件清点（B1）\n  负责：办公室\n  规则：须登记；不得遗漏\n签收 →【是】签收\n";
        assert!(findings(text).is_empty());
    }
}
