//! The parser: lines of tokens → [`Document`]. Parsing never fails: every problem becomes a
//! diagnostic and the parser goes on with the next line, so one run reports all mistakes.
//!
//! A file is a list of statements. A statement starts at the beginning of a line with a
//! keyword (`流程`, `角色`, `步骤`, `判断`, …) or is an edge chain (`签收 → 登记`). Lines
//! below a statement that are indented, or that are `KEY：VALUE` attribute lines, belong to it.

use super::ast::*;
use super::lexer::{Line, Token, TokenKind, lex, unquote};
use crate::diag::{Diagnostic, Message, did_you_mean};
use crate::msg;
use crate::source::{SourceId, Span};

/// Parse a whole file. The returned diagnostics are syntax errors (codes `P0xx`).
pub fn parse(text: &str, source: SourceId) -> (Document, Vec<Diagnostic>) {
    let mut parser = Parser {
        text,
        source,
        diags: Vec::new(),
    };
    let doc = parser.document();
    (doc, parser.diags)
}

struct Parser<'a> {
    text: &'a str,
    source: SourceId,
    diags: Vec<Diagnostic>,
}

/// What the current block is, for attaching indented lines.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    None,
    Block(BlockKind),
    Decision,
    Modify,
}

impl<'a> Parser<'a> {
    fn document(&mut self) -> Document {
        let lines = lex(self.text);
        let mut doc = Document::default();
        let mut pending_comments: Vec<Comment> = Vec::new();
        let mut blank = false;
        let mut open = Open::None;
        let mut any_content = false;
        let mut any_line = false;

        for line in &lines {
            if line.tokens.is_empty() {
                match line.comment {
                    Some(span) => {
                        let mut comment = self.comment(span);
                        comment.blank_before = std::mem::take(&mut blank);
                        pending_comments.push(comment);
                        any_line = true;
                    }
                    // Blank lines at the start of the file are dropped; elsewhere one is kept.
                    None => blank |= any_line,
                }
                continue;
            }
            any_content = true;
            any_line = true;
            self.control_characters(line);
            for token in &line.tokens {
                if token.kind == TokenKind::UnterminatedStr {
                    self.diags.push(
                        Diagnostic::error(
                            "P002",
                            self.source,
                            token.span,
                            msg!("引号没有闭合", "unterminated string"),
                        )
                        .with_help(msg!(
                            "在这一行末尾补上右引号 ”",
                            "add the closing quote ” at the end of the line"
                        )),
                    );
                }
            }
            let trailing = line.comment.map(|s| self.comment(s));
            let leading = std::mem::take(&mut pending_comments);
            let blank_before = std::mem::take(&mut blank);

            // Attribute and branch lines attach to the open block.
            if let Some(child) = self.child(line, open)
                && let Some(item) = doc.items.last_mut()
            {
                self.repeated_attribute(item, &child);
                item.children.push(Child {
                    leading,
                    blank_before,
                    kind: child,
                    trailing,
                    span: line_span(line),
                });
                continue;
            }
            // An indented line that is neither an attribute nor a branch nor a statement is a
            // mistake inside the open block: report it and keep the block open, so the lines
            // after it (the other branches of a 判断) still belong to it.
            let inside = open != Open::None
                && line.indented
                && !doc.items.is_empty()
                && !self.starts_statement(line);
            let known_mistake = inside
                && (self.attribute_without_colon(line)
                    || (matches!(open, Open::Decision | Open::Modify)
                        && self.branch_without_arrow(line)));
            let (kind, next_open) = if known_mistake {
                (ItemKind::Error, open)
            } else {
                self.statement(line)
            };
            // (A line that parses as a statement, such as an indented edge under a 流程 or
            // 角色, stays one.)
            if inside
                && kind == ItemKind::Error
                && let Some(item) = doc.items.last_mut()
            {
                item.children.push(Child {
                    leading,
                    blank_before,
                    kind: ChildKind::Error,
                    trailing,
                    span: line_span(line),
                });
                continue;
            }
            open = next_open;
            doc.items.push(Item {
                leading,
                blank_before,
                kind,
                trailing,
                children: Vec::new(),
                span: line_span(line),
            });
        }
        doc.trailing_comments = pending_comments;
        if !any_content {
            let end = self.text.len();
            self.diags.push(
                Diagnostic::error(
                    "P001",
                    self.source,
                    Span::new(end, end),
                    msg!("文件里没有任何流程内容", "the file describes no flow"),
                )
                .with_help(msg!(
                    "至少写一行「流程 名称」，再写角色、步骤和连线；可参考 docs/language.md 开头的例子",
                    "write at least `流程 NAME`, then roles, steps and edges; see the example at the top of docs/language.md"
                )),
            );
        }
        doc
    }

    /// Invisible control characters (pasted from a web page or a word processor) are errors:
    /// they would end up in names and labels unseen.
    fn control_characters(&mut self, line: &Line) {
        let text = self.slice(line.span);
        if let Some((i, c)) = text
            .char_indices()
            .find(|&(_, c)| c.is_control() && c != '\t' && c != '\r')
        {
            let at = line.span.start as usize + i;
            let code = format!("U+{:04X}", c as u32);
            self.diags.push(
                Diagnostic::error(
                    "P011",
                    self.source,
                    Span::new(at, at + c.len_utf8()),
                    msg!("这一行有看不见的控制字符（{code}）", "this line holds an invisible control character ({code})"),
                )
                .with_help(msg!(
                    "删掉它：把光标移到这里，删除后重新输入这几个字（常见于从网页或文档里复制粘贴）",
                    "delete it and retype the text around it (it often comes with text copied from a web page or a document)"
                )),
            );
        }
    }

    fn comment(&self, span: Span) -> Comment {
        Comment {
            blank_before: false,
            text: self.text[span.range()].trim_end().to_owned(),
            span,
        }
    }

    fn slice(&self, span: Span) -> &'a str {
        &self.text[span.range()]
    }

    fn word(&self, token: &Token) -> Option<&'a str> {
        (token.kind == TokenKind::Word).then(|| self.slice(token.span))
    }

    /// P012: a single-valued attribute written twice in one block (two 负责, two 时限): only
    /// the last one counts, which is rarely what was meant.
    fn repeated_attribute(&mut self, item: &Item, child: &ChildKind) {
        let ChildKind::Attr { key, key_span, .. } = child else {
            return;
        };
        if key.repeatable() {
            return;
        }
        let Some(first) = item.children.iter().find_map(|c| match &c.kind {
            ChildKind::Attr {
                key: k,
                key_span: s,
                value,
            } if k == key => Some((*s, value)),
            _ => None,
        }) else {
            return;
        };
        let (word, old) = (self.slice(*key_span), &first.1.value);
        self.diags.push(
            Diagnostic::warning(
                "P012",
                self.source,
                *key_span,
                msg!(
                    "「{word}」又写了一次：只有最后一个算数，第一次写的「{old}」不起作用",
                    "`{word}` is written again: only the last one counts, the first (`{old}`) is ignored"
                ),
            )
            .with_label(
                self.source,
                first.0.join(first.1.span),
                msg!("第一次写在这里", "first written here"),
            )
            .with_help(msg!(
                "只保留一行「{word}」，删掉不对的那一行",
                "keep one `{word}` line and delete the wrong one"
            )),
        );
    }

    /// Whether the line begins a statement of its own (a keyword, not followed by an arrow).
    fn starts_statement(&self, line: &Line) -> bool {
        let second_is_arrow = line
            .tokens
            .get(1)
            .is_some_and(|t| t.kind == TokenKind::Arrow);
        self.word(&line.tokens[0])
            .is_some_and(|w| is_statement_word(w) && !second_is_arrow)
    }

    /// `负责 秘书科`: an attribute key followed by its value without the colon. Reports P003
    /// and says so.
    fn attribute_without_colon(&mut self, line: &Line) -> bool {
        let tokens = &line.tokens;
        let Some(word) = self.word(&tokens[0]) else {
            return false;
        };
        if AttrKey::from_word(word).is_none()
            || tokens.len() < 2
            || matches!(tokens[1].kind, TokenKind::Colon | TokenKind::Arrow)
        {
            return false;
        }
        let value = self.rest_from(line, &tokens[1..]);
        let v = &value.value;
        self.diags.push(
            Diagnostic::error(
                "P003",
                self.source,
                tokens[0].span,
                msg!(
                    "属性「{word}」后面缺少冒号",
                    "attribute `{word}` lacks its colon"
                ),
            )
            .with_help(msg!("写成「{word}：{v}」", "write `{word}：{v}`")),
        );
        true
    }

    /// An indented line under a 判断 without an arrow, such as `不同意 退文`: a branch that lost
    /// its arrow. Reports P007 and says so (nothing when the line has an arrow or is something
    /// else).
    fn branch_without_arrow(&mut self, line: &Line) -> bool {
        let tokens = &line.tokens;
        if tokens.iter().any(|t| t.kind == TokenKind::Arrow)
            || tokens.get(1).is_some_and(|t| t.kind == TokenKind::Colon)
        {
            return false;
        }
        let help = match tokens.as_slice() {
            [label, target]
                if self.word(label).is_some()
                    && matches!(target.kind, TokenKind::Word | TokenKind::Str) =>
            {
                let (l, t) = (self.slice(label.span), self.slice(target.span));
                msg!(
                    "分支写成「条件 → 目标」：「{l} → {t}」",
                    "a branch is `CONDITION → TARGET`: `{l} → {t}`"
                )
            }
            _ => msg!(
                "分支写成「条件 → 目标」，例如「不同意 → 退文」；属性写成「负责：秘书科」",
                "a branch is `CONDITION → TARGET`, e.g. `不同意 → 退文`; an attribute is `负责：秘书科`"
            ),
        };
        self.diags.push(
            Diagnostic::error(
                "P007",
                self.source,
                line_span(line),
                msg!(
                    "判断下面的这一行缺少箭头 →",
                    "this line under a 判断 (decision) has no arrow →"
                ),
            )
            .with_help(help),
        );
        true
    }

    /// If the line is an attribute line, or a branch line of an open decision, parse it as one.
    fn child(&mut self, line: &Line, open: Open) -> Option<ChildKind> {
        if open == Open::None {
            return None;
        }
        let tokens = &line.tokens;
        let first = self.word(&tokens[0]);
        let second = tokens.get(1).map(|t| t.kind);
        // `KEY：VALUE`
        if let (Some(word), Some(TokenKind::Colon)) = (first, second) {
            if let Some(key) = AttrKey::from_word(word) {
                let block = match open {
                    Open::Block(b) => b,
                    Open::Decision | Open::Modify => BlockKind::Node,
                    Open::None => unreachable!(),
                };
                // `修改` may also change a role, so role keys are fine there.
                let allowed = key.allowed_in(block)
                    || (open == Open::Modify && key.allowed_in(BlockKind::Role));
                if !allowed {
                    let where_zh = block_name(block, true);
                    let where_en = block_name(block, false);
                    self.diags.push(
                        Diagnostic::error(
                            "P005",
                            self.source,
                            tokens[0].span,
                            msg!(
                                "属性「{word}」不能写在{where_zh}下面",
                                "attribute `{word}` does not belong under {where_en}"
                            ),
                        )
                        .with_help(misplaced_key_help(word, block)),
                    );
                    return Some(ChildKind::Error);
                }
                let value = self.rest_after(line, 1);
                if value.value.is_empty() {
                    self.diags.push(
                        Diagnostic::error(
                            "P008",
                            self.source,
                            tokens[0].span.join(tokens[1].span),
                            msg!(
                                "属性「{word}」没有填写内容",
                                "attribute `{word}` has no value"
                            ),
                        )
                        .with_help(msg!(
                            "在冒号后面写上内容，或删掉这一行",
                            "write a value after the colon, or delete the line"
                        )),
                    );
                    return Some(ChildKind::Error);
                }
                return Some(ChildKind::Attr {
                    key,
                    key_span: tokens[0].span,
                    value,
                });
            }
            if line.indented && !is_statement_word(word) {
                let spellings: Vec<&str> = AttrKey::spellings().collect();
                let mut diag = Diagnostic::error(
                    "P006",
                    self.source,
                    tokens[0].span,
                    msg!("未知的属性「{word}」", "unknown attribute `{word}`"),
                );
                diag = match did_you_mean(word, spellings.iter().copied()) {
                    Some(s) => diag.with_help(msg!("是不是想写「{s}」？", "did you mean `{s}`?")),
                    None => diag.with_help(allowed_keys_help(match open {
                        Open::Block(b) => b,
                        _ => BlockKind::Node,
                    })),
                };
                self.diags.push(diag);
                return Some(ChildKind::Error);
            }
        }
        // Indented `LABEL → TARGET` under a decision (or a 修改 of one).
        if line.indented && tokens.iter().any(|t| t.kind == TokenKind::Arrow) {
            if matches!(open, Open::Decision | Open::Modify) {
                return Some(self.branch(line));
            }
            if matches!(open, Open::Block(BlockKind::Node)) {
                self.diags.push(
                    Diagnostic::error(
                        "P010",
                        self.source,
                        line_span(line),
                        msg!(
                            "只有「判断」下面可以写分支",
                            "branches can only stand under a 判断 (decision)"
                        ),
                    )
                    .with_help(msg!(
                        "把它写成顶格的连线，例如「签收 → 登记」，或把上面的步骤改成「判断」",
                        "write it as an unindented edge such as `签收 → 登记`, or make the node above a 判断"
                    )),
                );
                return Some(ChildKind::Error);
            }
        }
        None
    }

    fn branch(&mut self, line: &Line) -> ChildKind {
        let tokens = &line.tokens;
        let mut start = 0;
        let mut back = false;
        if self.is_back(&tokens[0]) && tokens.get(1).is_some_and(|t| t.kind != TokenKind::Arrow) {
            back = true;
            start = 1;
        }
        let arrow = tokens
            .iter()
            .position(|t| t.kind == TokenKind::Arrow)
            .unwrap();
        if arrow == start {
            self.diags.push(
                Diagnostic::error(
                    "P007",
                    self.source,
                    tokens[arrow].span,
                    msg!("分支缺少标签", "the branch has no label"),
                )
                .with_help(msg!(
                    "在箭头前写上分支的条件，例如「合格 → 拟办」",
                    "write the branch condition before the arrow, e.g. `合格 → 拟办`"
                )),
            );
            return ChildKind::Error;
        }
        let label_span = tokens[start].span.join(tokens[arrow - 1].span);
        let label = self.text_of(label_span);
        let mut targets = &tokens[arrow + 1..];
        if let [kw, next, ..] = targets
            && self.is_back(kw)
            && matches!(next.kind, TokenKind::Word | TokenKind::Str)
        {
            let (shown, l, t) = (self.slice(kw.span), &label.value, self.slice(next.span));
            self.diags.push(
                Diagnostic::error(
                    "P004",
                    self.source,
                    kw.span,
                    msg!(
                        "「{shown}」要写在分支的最前面，不能写在箭头后面",
                        "`{shown}` goes at the start of the branch, not after the arrow"
                    ),
                )
                .with_help(msg!("写成「退回 {l} → {t}」", "write `退回 {l} → {t}`")),
            );
            back = true;
            targets = &targets[1..];
        }
        match self.name(targets, tokens[arrow].span) {
            Some((target, used)) => {
                if used < targets.len() {
                    self.extra(&targets[used..], msg!(
                        "一个分支只能指向一个步骤；要分给多个步骤，请先指向一个「并行」",
                        "a branch points at one step; to go to several, point it at a 并行 (parallel split)"
                    ));
                }
                ChildKind::Branch {
                    back,
                    label,
                    target,
                }
            }
            None => ChildKind::Error,
        }
    }

    /// Parse a top-level statement; returns it and the block that is open after it.
    fn statement(&mut self, line: &Line) -> (ItemKind, Open) {
        let tokens = &line.tokens;
        let first = self.word(&tokens[0]);
        let second_is_arrow = tokens.get(1).is_some_and(|t| t.kind == TokenKind::Arrow);
        let has_arrow = tokens.iter().any(|t| t.kind == TokenKind::Arrow);
        if let Some(word) = first {
            if !second_is_arrow {
                if let Some(kw) = StmtKeyword::from_word(word) {
                    return self.keyword_statement(kw, line);
                }
                if let Some(kind) = NodeKind::from_word(word) {
                    return self.node(kind, line);
                }
            }
            if tokens.get(1).map(|t| t.kind) == Some(TokenKind::Colon)
                && AttrKey::from_word(word).is_some()
            {
                self.diags.push(
                    Diagnostic::error(
                        "P005",
                        self.source,
                        tokens[0].span,
                        msg!(
                            "属性「{word}」前面没有它所属的流程、角色或步骤",
                            "attribute `{word}` has no flow, role or step above it"
                        ),
                    )
                    .with_help(msg!(
                        "把它写在「流程 名称」或某个步骤的下一行",
                        "put it on the line below `流程 NAME` or below a step"
                    )),
                );
                return (ItemKind::Error, Open::None);
            }
        }
        if has_arrow {
            return (self.edges(tokens, false, tokens[0].span), Open::None);
        }
        // Not a statement: say which keyword was probably meant.
        let shown = first.unwrap_or_else(|| self.slice(tokens[0].span));
        let mut diag = Diagnostic::error(
            "P003",
            self.source,
            tokens[0].span,
            msg!(
                "无法识别的语句「{shown}」",
                "unrecognised statement `{shown}`"
            ),
        );
        let keywords: Vec<&str> = StmtKeyword::spellings()
            .chain(NodeKind::spellings())
            .chain(AttrKey::spellings())
            .collect();
        let guess = first.and_then(|w| {
            let head: String = w.chars().take(3).collect();
            did_you_mean(w, keywords.iter().copied())
                .or_else(|| did_you_mean(&head, keywords.iter().copied()))
        });
        diag = match guess {
            Some(s) => diag.with_help(msg!(
                "是不是想写「{s}」？每行以关键字（流程、角色、步骤、判断、结束……）开头，或者是一条连线「甲 → 乙」",
                "did you mean `{s}`? A line starts with a keyword (流程, 角色, 步骤, 判断, 结束, …) or is an edge `A → B`"
            )),
            None => diag.with_help(msg!(
                "每行以关键字（流程、角色、步骤、判断、结束……）开头，或者是一条连线「甲 → 乙」；属性写成「负责：秘书科」",
                "a line starts with a keyword (流程, 角色, 步骤, 判断, 结束, …) or is an edge `A → B`; attributes are written `负责：秘书科`"
            )),
        };
        self.diags.push(diag);
        (ItemKind::Error, Open::None)
    }

    fn keyword_statement(&mut self, kw: StmtKeyword, line: &Line) -> (ItemKind, Open) {
        let tokens = &line.tokens;
        let kw_span = tokens[0].span;
        let mut rest = &tokens[1..];
        // Be forgiving: `流程：收文办理` means `流程 收文办理`.
        if rest.first().is_some_and(|t| t.kind == TokenKind::Colon) {
            rest = &rest[1..];
        }
        match kw {
            StmtKeyword::Flow => {
                let name = self.rest_from(line, rest);
                if name.value.is_empty() {
                    self.missing_name(kw_span, "流程", "flow");
                }
                (ItemKind::Flow { name }, Open::Block(BlockKind::Flow))
            }
            StmtKeyword::Base => {
                let path = self.rest_from(line, rest);
                if path.value.is_empty() {
                    self.diags.push(
                        Diagnostic::error(
                            "P004",
                            self.source,
                            kw_span,
                            msg!("「基于」后面缺少文件路径", "`基于` needs a file path"),
                        )
                        .with_help(msg!(
                            "写成：基于 \"../标准/收文办理.flow\"",
                            "write: 基于 \"../standard/incoming.flow\""
                        )),
                    );
                    return (ItemKind::Error, Open::None);
                }
                (ItemKind::Base { path }, Open::None)
            }
            StmtKeyword::Role => {
                let Some((name, used)) = self.name(rest, kw_span) else {
                    return (ItemKind::Error, Open::None);
                };
                let mut after = &rest[used..];
                let mut props = Vec::new();
                if after.first().is_some_and(|t| t.kind == TokenKind::Colon) {
                    after = &after[1..];
                    props = self.role_props(after);
                } else if !after.is_empty() {
                    // `角色 秘书科（枢纽，级别 2）` is also accepted.
                    if after[0].kind == TokenKind::LParen {
                        let end = after
                            .iter()
                            .position(|t| t.kind == TokenKind::RParen)
                            .unwrap_or(after.len());
                        props = self.role_props(&after[1..end]);
                        if end + 1 < after.len() {
                            self.extra(
                                &after[end + 1..],
                                msg!(
                                    "角色名称后只能写属性",
                                    "only properties may follow a role name"
                                ),
                            );
                        }
                    } else {
                        self.extra(
                            after,
                            msg!(
                                "角色的属性写在冒号后面，例如「角色 秘书科：枢纽，级别 2」",
                                "role properties follow a colon, e.g. `角色 秘书科：枢纽，级别 2`"
                            ),
                        );
                    }
                }
                (ItemKind::Role { name, props }, Open::Block(BlockKind::Role))
            }
            StmtKeyword::Rename => {
                let arrow = rest.iter().position(|t| t.kind == TokenKind::Arrow);
                let Some(arrow) = arrow else {
                    self.diags.push(
                        Diagnostic::error(
                            "P004",
                            self.source,
                            line_span(line),
                            msg!("「改名」缺少箭头", "`改名` needs an arrow"),
                        )
                        .with_help(msg!(
                            "写成：改名 秘书科 → 综合科",
                            "write: 改名 秘书科 → 综合科"
                        )),
                    );
                    return (ItemKind::Error, Open::None);
                };
                let from = self.name(&rest[..arrow], kw_span);
                let to = self.name(&rest[arrow + 1..], rest[arrow].span);
                match (from, to) {
                    (Some((from, _)), Some((to, used))) => {
                        if arrow + 1 + used < rest.len() {
                            self.extra(
                                &rest[arrow + 1 + used..],
                                msg!("一次只能改一个名称", "rename one name at a time"),
                            );
                        }
                        (ItemKind::Rename { from, to }, Open::None)
                    }
                    _ => (ItemKind::Error, Open::None),
                }
            }
            StmtKeyword::Modify => {
                match self.name(rest, kw_span) {
                    Some((name, used)) => {
                        if used < rest.len() {
                            self.extra(&rest[used..], msg!(
                            "要修改的内容写在下面的缩进行里，例如「  时限：1工作日」",
                            "write the changes on indented lines below, e.g. `  时限：1工作日`"
                        ));
                        }
                        (ItemKind::Modify { name }, Open::Modify)
                    }
                    None => (ItemKind::Error, Open::None),
                }
            }
            StmtKeyword::Delete => {
                if let Some(arrow) = rest.iter().position(|t| t.kind == TokenKind::Arrow) {
                    let from = self.name(&rest[..arrow], kw_span);
                    let to = self.name(&rest[arrow + 1..], rest[arrow].span);
                    return match (from, to) {
                        (Some((a, _)), Some((b, _))) => (
                            ItemKind::Delete {
                                target: DeleteTarget::Edge(a, b),
                            },
                            Open::None,
                        ),
                        _ => (ItemKind::Error, Open::None),
                    };
                }
                match self.name(rest, kw_span) {
                    Some((name, used)) => {
                        if used < rest.len() {
                            self.extra(
                                &rest[used..],
                                msg!("一次只能删除一个步骤", "delete one step at a time"),
                            );
                        }
                        (
                            ItemKind::Delete {
                                target: DeleteTarget::Node(name),
                            },
                            Open::None,
                        )
                    }
                    None => (ItemKind::Error, Open::None),
                }
            }
            StmtKeyword::Back => (self.edges(rest, true, kw_span), Open::None),
        }
    }

    fn node(&mut self, kind: NodeKind, line: &Line) -> (ItemKind, Open) {
        let tokens = &line.tokens;
        let kw_span = tokens[0].span;
        let mut rest = &tokens[1..];
        if rest.first().is_some_and(|t| t.kind == TokenKind::Colon) && rest.len() > 1 {
            rest = &rest[1..];
        }
        let open = if kind == NodeKind::Decision {
            Open::Decision
        } else {
            Open::Block(BlockKind::Node)
        };
        let name = if rest.is_empty() || rest[0].kind == TokenKind::Colon {
            if matches!(kind, NodeKind::Start | NodeKind::End) {
                // A bare `开始` / `结束` (or `start` / `end`) is named after its keyword as written.
                Text {
                    value: self.slice(kw_span).to_owned(),
                    span: kw_span,
                    quoted: false,
                }
            } else {
                self.missing_name(kw_span, kind.zh(), kind.en());
                return (ItemKind::Error, open);
            }
        } else {
            match self.name(rest, kw_span) {
                Some((name, used)) => {
                    rest = &rest[used..];
                    name
                }
                None => return (ItemKind::Error, open),
            }
        };
        let label = match rest.first().map(|t| t.kind) {
            None => None,
            Some(TokenKind::Colon) => {
                let label = self.rest_from(line, &rest[1..]);
                (!label.value.is_empty()).then_some(label)
            }
            Some(_) => {
                self.extra(rest, msg!(
                    "名称后面的说明要用冒号隔开，例如「步骤 签收：逐件清点后签字」；连线请另起一行",
                    "separate the text from the name with a colon, e.g. `步骤 签收：逐件清点后签字`; write edges on their own line"
                ));
                None
            }
        };
        (ItemKind::Node { kind, name, label }, open)
    }

    fn role_props(&mut self, tokens: &[Token]) -> Vec<RoleProp> {
        let mut props = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let token = &tokens[i];
            i += 1;
            if matches!(
                token.kind,
                TokenKind::Comma | TokenKind::Dun | TokenKind::Semicolon
            ) {
                continue;
            }
            let word = self.slice(token.span);
            if let Some(kind) = RoleKind::from_word(word) {
                props.push(RoleProp::Kind(kind, token.span));
                continue;
            }
            // `级别 2`, `级别：2`, `级别2`, `2级`, `level 2`
            let is_level_kw = |w: &str| w == "级别" || w.eq_ignore_ascii_case("level");
            let mut number = None;
            let mut span = token.span;
            if is_level_kw(word) {
                let mut j = i;
                if tokens.get(j).is_some_and(|t| t.kind == TokenKind::Colon) {
                    j += 1;
                }
                if let Some(t) = tokens.get(j) {
                    number = parse_small_number(self.slice(t.span));
                    span = span.join(t.span);
                    i = j + 1;
                }
            } else if let Some(n) = word.strip_prefix("级别").and_then(parse_small_number) {
                number = Some(n);
            } else if let Some(n) = word.strip_suffix('级').and_then(parse_small_number) {
                number = Some(n);
            } else if let Some(n) = word.strip_prefix("level").and_then(parse_small_number) {
                number = Some(n);
            }
            match number {
                Some(n) => props.push(RoleProp::Level(n, span)),
                None => {
                    let kinds: Vec<&str> = RoleKind::spellings().collect();
                    let mut diag = Diagnostic::error(
                        "P009",
                        self.source,
                        span,
                        msg!(
                            "无法识别的角色属性「{word}」",
                            "unknown role property `{word}`"
                        ),
                    );
                    diag = match did_you_mean(word, kinds.iter().copied()) {
                        Some(s) => {
                            diag.with_help(msg!("是不是想写「{s}」？", "did you mean `{s}`?"))
                        }
                        None => diag.with_help(msg!(
                            "角色属性可以是：外部、枢纽、领导、部门、岗位、集体，以及「级别 数字」",
                            "role properties are: 外部, 枢纽, 领导, 部门, 岗位, 集体, and `级别 N`"
                        )),
                    };
                    self.diags.push(diag);
                }
            }
        }
        props
    }

    /// `A、B → C →【是】D`.
    fn edges(&mut self, tokens: &[Token], back: bool, anchor: Span) -> ItemKind {
        // `甲 → 退回 乙` or `甲 退回 → 乙`: the keyword belongs at the start of the line. Report it
        // where it stands, show the line as it should be, and go on as if it had been written so.
        if let Some(at) = self.misplaced_back(tokens) {
            let bad = tokens[at];
            let before = self.slice(Span::new(
                tokens[0].span.start as usize,
                bad.span.start as usize,
            ));
            let end = tokens[tokens.len() - 1].span.end as usize;
            let after = self.slice(Span::new(bad.span.end as usize, end));
            let fixed = [before.trim(), after.trim()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            let kw = self.slice(bad.span);
            self.diags.push(
                Diagnostic::error(
                    "P004",
                    self.source,
                    bad.span,
                    msg!(
                        "「{kw}」要写在这一行的最前面，不能夹在连线中间",
                        "`{kw}` goes at the start of the line, not inside the edge"
                    ),
                )
                .with_help(msg!(
                    "写成「退回 {fixed}」：退回连线画成回头的线，从「退回」后面的第一个步骤退到箭头指向的步骤",
                    "write `退回 {fixed}`: a return edge is drawn as a line going back, from the first step after `退回` to the step the arrow points at"
                )),
            );
            let rest: Vec<Token> = tokens
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != at)
                .map(|(_, t)| *t)
                .collect();
            return self.edges(&rest, true, anchor);
        }
        let mut groups = tokens.split(|t| t.kind == TokenKind::Arrow);
        let first = groups.next().unwrap_or(&[]);
        let first_arrow = tokens.iter().find(|t| t.kind == TokenKind::Arrow);
        let Some(first_arrow) = first_arrow else {
            let span = tokens.first().map_or(anchor, |t| t.span);
            self.diags.push(
                Diagnostic::error(
                    "P007",
                    self.source,
                    span,
                    msg!(
                        "「退回」后面应该是一条连线",
                        "`退回` must be followed by an edge"
                    ),
                )
                .with_help(msg!("写成「退回 催办 → 承办」", "write `退回 催办 → 承办`")),
            );
            return ItemKind::Error;
        };
        if first.is_empty() {
            self.diags.push(
                Diagnostic::error(
                    "P007",
                    self.source,
                    first_arrow.span,
                    msg!("箭头前面缺少起点", "the arrow has no source"),
                )
                .with_help(msg!("写成「签收 → 登记」", "write `签收 → 登记`")),
            );
            return ItemKind::Error;
        }
        let Some(from) = self.name_list(first) else {
            return ItemKind::Error;
        };
        let mut steps = Vec::new();
        let arrows: Vec<&Token> = tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Arrow)
            .collect();
        for (group, arrow) in groups.zip(arrows) {
            let mut group = group;
            let mut label = None;
            if group.first().is_some_and(|t| t.kind == TokenKind::LBracket) {
                match group.iter().position(|t| t.kind == TokenKind::RBracket) {
                    Some(close) => {
                        if close > 1 {
                            label = Some(self.text_of(group[1].span.join(group[close - 1].span)));
                        }
                        group = &group[close + 1..];
                    }
                    None => {
                        self.diags.push(
                            Diagnostic::error(
                                "P004",
                                self.source,
                                group[0].span,
                                msg!("标签的方括号没有闭合", "the label's bracket is not closed"),
                            )
                            .with_help(msg!(
                                "写成「初审 →【合格】拟办」",
                                "write `初审 →【合格】拟办`"
                            )),
                        );
                        return ItemKind::Error;
                    }
                }
            }
            if group.is_empty() {
                self.diags.push(
                    Diagnostic::error(
                        "P007",
                        self.source,
                        arrow.span,
                        msg!("箭头后面缺少目标步骤", "the arrow points at nothing"),
                    )
                    .with_help(msg!(
                        "在箭头后面写上下一步的名称，或删掉多余的箭头",
                        "write the next step's name after the arrow, or remove the extra arrow"
                    )),
                );
                return ItemKind::Error;
            }
            let Some(to) = self.name_list(group) else {
                return ItemKind::Error;
            };
            steps.push(EdgeStep { label, to });
        }
        ItemKind::Edges { back, from, steps }
    }

    /// The index of a `退回` keyword standing inside an edge, next to a name (so not the name of
    /// a step called 退回, which stands alone between arrows or separators).
    fn misplaced_back(&self, tokens: &[Token]) -> Option<usize> {
        let is_name = |t: Option<&Token>| {
            t.is_some_and(|t| matches!(t.kind, TokenKind::Word | TokenKind::Str))
        };
        (0..tokens.len()).find(|&i| {
            self.is_back(&tokens[i])
                && (is_name(tokens.get(i + 1)) || (i > 0 && is_name(tokens.get(i - 1))))
        })
    }

    /// Whether the token is the keyword 退回 (or an English spelling of it).
    fn is_back(&self, token: &Token) -> bool {
        self.word(token)
            .is_some_and(|w| StmtKeyword::from_word(w) == Some(StmtKeyword::Back))
    }

    /// `A、B、C` (also with `，`).
    fn name_list(&mut self, tokens: &[Token]) -> Option<Vec<Text>> {
        let mut names = Vec::new();
        let mut expect_name = true;
        for token in tokens {
            match (token.kind, expect_name) {
                (TokenKind::Word | TokenKind::Str, true) => {
                    names.push(self.name_text(token));
                    expect_name = false;
                }
                (TokenKind::Dun | TokenKind::Comma, false) => expect_name = true,
                _ => {
                    let shown = self.slice(token.span);
                    self.diags.push(
                        Diagnostic::error(
                            "P004",
                            self.source,
                            token.span,
                            msg!("连线里多了「{shown}」", "unexpected `{shown}` in an edge"),
                        )
                        .with_help(msg!(
                            "连线写成「甲 → 乙」；几个步骤用顿号隔开「甲、乙 → 丙」；标签写在箭头后的方括号里「→【是】」；名称里有空格或标点时加引号",
                            "edges are `A → B`; list several with `、` (`A、B → C`); labels go in brackets after the arrow (`→【是】`); quote names with spaces or punctuation"
                        )),
                    );
                    return None;
                }
            }
        }
        if expect_name {
            let span = tokens.last().map_or(Span::default(), |t| t.span);
            self.diags.push(
                Diagnostic::error(
                    "P007",
                    self.source,
                    span,
                    msg!("顿号后面缺少步骤名称", "a name is missing after `、`"),
                )
                .with_help(msg!(
                    "删掉多余的顿号，或补上名称",
                    "remove the extra `、` or add the name"
                )),
            );
            return None;
        }
        Some(names)
    }

    /// One name at the start of `tokens`: a word or a quoted string.
    fn name(&mut self, tokens: &[Token], after: Span) -> Option<(Text, usize)> {
        match tokens.first() {
            Some(t) if matches!(t.kind, TokenKind::Word | TokenKind::Str) => {
                Some((self.name_text(t), 1))
            }
            Some(t) if t.kind == TokenKind::UnterminatedStr => None,
            Some(t) => {
                let shown = self.slice(t.span);
                self.diags.push(
                    Diagnostic::error(
                        "P004",
                        self.source,
                        t.span,
                        msg!(
                            "这里应该是一个名称，而不是「{shown}」",
                            "expected a name, found `{shown}`"
                        ),
                    )
                    .with_help(msg!(
                        "名称里有标点或空格时请加引号，例如 “收文 办理”",
                        "quote names that contain punctuation or spaces, e.g. \"收文 办理\""
                    )),
                );
                None
            }
            None => {
                self.diags.push(
                    Diagnostic::error(
                        "P004",
                        self.source,
                        Span::new(after.end as usize, after.end as usize),
                        msg!("这里缺少名称", "a name is missing here"),
                    )
                    .with_help(msg!("在这里写上名称", "write the name here")),
                );
                None
            }
        }
    }

    fn name_text(&self, token: &Token) -> Text {
        let raw = self.slice(token.span);
        if token.kind == TokenKind::Str {
            Text {
                value: unquote(raw).trim().to_owned(),
                span: token.span,
                quoted: true,
            }
        } else {
            Text {
                value: raw.to_owned(),
                span: token.span,
                quoted: false,
            }
        }
    }

    fn text_of(&self, span: Span) -> Text {
        let raw = self.slice(span);
        Text {
            value: raw.trim().to_owned(),
            span,
            quoted: false,
        }
    }

    /// The raw rest of the line after token `index` (exclusive), up to a comment.
    fn rest_after(&self, line: &Line, index: usize) -> Text {
        self.rest_from(line, &line.tokens[index + 1..])
    }

    /// The raw rest of the line starting at the first of `tokens`. A single quoted string is unquoted.
    fn rest_from(&self, line: &Line, tokens: &[Token]) -> Text {
        let Some(first) = tokens.first() else {
            let end = line.comment.map_or(line.span.end, |c| c.start) as usize;
            return Text {
                value: String::new(),
                span: Span::new(end, end),
                quoted: false,
            };
        };
        let last = tokens.last().unwrap();
        let span = first.span.join(last.span);
        if tokens.len() == 1 && first.kind == TokenKind::Str {
            return self.name_text(first);
        }
        self.text_of(span)
    }

    fn extra(&mut self, tokens: &[Token], help: Message) {
        let span = tokens[0].span.join(tokens[tokens.len() - 1].span);
        let shown: String = self.slice(span).chars().take(40).collect();
        self.diags.push(
            Diagnostic::error(
                "P004",
                self.source,
                span,
                msg!("多余的内容「{shown}」", "unexpected `{shown}`"),
            )
            .with_help(help),
        );
    }

    fn missing_name(&mut self, span: Span, zh: &str, en: &str) {
        self.diags.push(
            Diagnostic::error(
                "P004",
                self.source,
                span,
                msg!("「{zh}」后面缺少名称", "`{en}` needs a name"),
            )
            .with_help(msg!(
                "在关键字后面空一格写上名称，例如「{zh} 签收」",
                "write the name after the keyword, e.g. `{zh} 签收`"
            )),
        );
    }
}

fn line_span(line: &Line) -> Span {
    line.tokens[0]
        .span
        .join(line.tokens[line.tokens.len() - 1].span)
}

fn is_statement_word(word: &str) -> bool {
    StmtKeyword::from_word(word).is_some() || NodeKind::from_word(word).is_some()
}

fn block_name(block: BlockKind, zh: bool) -> &'static str {
    match (block, zh) {
        (BlockKind::Flow, true) => "「流程」",
        (BlockKind::Role, true) => "「角色」",
        (BlockKind::Node, true) => "步骤",
        (BlockKind::Flow, false) => "`流程` (flow)",
        (BlockKind::Role, false) => "`角色` (role)",
        (BlockKind::Node, false) => "a step",
    }
}

/// Suggest the key that does belong here (`时限` under `流程` is probably `总时限`), else list them.
fn misplaced_key_help(word: &str, block: BlockKind) -> Message {
    let allowed: Vec<&str> = AttrKey::ALL
        .iter()
        .filter(|k| k.allowed_in(block))
        .map(|k| k.zh())
        .collect();
    match did_you_mean(word, allowed) {
        Some(s) => msg!("这里是不是想写「{s}」？", "did you mean `{s}` here?"),
        None => allowed_keys_help(block),
    }
}

fn allowed_keys_help(block: BlockKind) -> Message {
    let keys: Vec<&str> = AttrKey::ALL
        .iter()
        .filter(|k| k.allowed_in(block))
        .map(|k| k.zh())
        .collect();
    let en: Vec<&str> = AttrKey::ALL
        .iter()
        .filter(|k| k.allowed_in(block))
        .map(|k| k.en())
        .collect();
    Message::new(
        format!("这里可以写的属性有：{}", keys.join("、")),
        format!("attributes allowed here: {}", en.join(", ")),
    )
}

/// Parse `2`, `２`, `二`, `十二` (0–99).
pub fn parse_small_number(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let ascii: String = s
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap(),
            _ => c,
        })
        .collect();
    if let Ok(n) = ascii.parse::<u32>() {
        return Some(n);
    }
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
            .or((c == '两').then_some(2))
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', u] => digit(*u).map(|u| 10 + u),
        [t, '十'] => digit(*t).map(|t| t * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}
