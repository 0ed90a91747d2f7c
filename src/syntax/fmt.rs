//! The formatter: prints a [`Document`] in canonical form.
//!
//! Canonical means: half-width spaces, statements unindented, attribute and branch lines
//! indented by two spaces, full-width `：` `，` `、` `【】` and `→` with spaces around arrows,
//! one blank line at most between statements, every comment kept where it was. The output
//! parses to the same tree (spans aside), and formatting it again changes nothing.

use super::ast::*;
use super::lexer::{TokenKind, lex};

/// Print a document. Only call it on a document that parsed without errors: an
/// [`ItemKind::Error`] is printed as nothing, which would lose a line.
pub fn format(doc: &Document) -> String {
    let mut out = String::new();
    for item in &doc.items {
        comments(&mut out, &item.leading, "");
        blank(&mut out, item.blank_before);
        header(&mut out, &item.kind);
        trailing(&mut out, &item.trailing);
        for child in &item.children {
            comments(&mut out, &child.leading, "  ");
            blank(&mut out, child.blank_before);
            out.push_str("  ");
            match &child.kind {
                ChildKind::Attr { key, value, .. } => {
                    out.push_str(key.zh());
                    out.push('：');
                    out.push_str(&raw(value));
                }
                ChildKind::Branch {
                    back,
                    label,
                    target,
                } => {
                    if *back {
                        out.push_str(StmtKeyword::Back.zh());
                        out.push(' ');
                    }
                    out.push_str(&raw(label));
                    out.push_str(" → ");
                    out.push_str(&name(target));
                }
                ChildKind::Error => {}
            }
            trailing(&mut out, &child.trailing);
        }
    }
    comments(&mut out, &doc.trailing_comments, "");
    out
}

/// Whether two documents say the same (spans and quoting aside: what the serialised tree
/// holds). Compared item by item, so the memory needed is that of the largest statement,
/// not of a JSON tree of the whole file (about 150× the file size).
pub fn same_tree(a: &Document, b: &Document) -> bool {
    fn same<T: serde::Serialize>(x: &T, y: &T) -> bool {
        match (serde_json::to_vec(x), serde_json::to_vec(y)) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
    }
    a.items.len() == b.items.len()
        && a.items.iter().zip(&b.items).all(|(x, y)| same(x, y))
        && same(&a.trailing_comments, &b.trailing_comments)
}

fn blank(out: &mut String, wanted: bool) {
    if wanted && !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
}

fn comments(out: &mut String, comments: &[Comment], indent: &str) {
    for comment in comments {
        blank(out, comment.blank_before);
        out.push_str(indent);
        out.push_str(&comment.text);
        out.push('\n');
    }
}

fn trailing(out: &mut String, comment: &Option<Comment>) {
    if let Some(comment) = comment {
        out.push_str("  ");
        out.push_str(&comment.text);
    }
    out.push('\n');
}

fn header(out: &mut String, kind: &ItemKind) {
    match kind {
        ItemKind::Flow { name: n } => keyword_and_rest(out, StmtKeyword::Flow, &raw(n)),
        ItemKind::Base { path } => {
            // Paths are written in quotes, unless the path as written holds quote marks itself.
            let has_quote = path.value.contains(['"', '“', '”', '「', '」', '『', '』']);
            let text = if path.quoted || !has_quote {
                format!("“{}”", path.value)
            } else {
                path.value.clone()
            };
            keyword_and_rest(out, StmtKeyword::Base, &text);
        }
        ItemKind::Role { name: n, props } => {
            out.push_str(StmtKeyword::Role.zh());
            out.push(' ');
            out.push_str(&name(n));
            if !props.is_empty() {
                out.push('：');
                let parts: Vec<String> = props
                    .iter()
                    .map(|p| match p {
                        RoleProp::Kind(k, _) => k.zh().to_owned(),
                        RoleProp::Level(l, _) => format!("级别 {l}"),
                    })
                    .collect();
                out.push_str(&parts.join("，"));
            }
        }
        ItemKind::Node {
            kind,
            name: n,
            label,
        } => {
            out.push_str(kind.zh());
            // A bare `开始` names the node after the keyword; with a label the name must be
            // written out, because `开始：X` means the name X (the colon after a keyword is
            // forgiven).
            let bare = matches!(kind, NodeKind::Start | NodeKind::End)
                && !n.quoted
                && n.value == kind.zh()
                && label.is_none();
            if !bare {
                out.push(' ');
                out.push_str(&name(n));
            }
            if let Some(label) = label {
                out.push('：');
                out.push_str(&raw(label));
            }
        }
        ItemKind::Edges { back, from, steps } => {
            if *back {
                out.push_str(StmtKeyword::Back.zh());
                out.push(' ');
            }
            out.push_str(&names(from));
            for step in steps {
                out.push_str(" →");
                match &step.label {
                    Some(label) => {
                        out.push('【');
                        out.push_str(&label.value);
                        out.push('】');
                    }
                    None => out.push(' '),
                }
                out.push_str(&names(&step.to));
            }
        }
        ItemKind::Rename { from, to } => {
            out.push_str(StmtKeyword::Rename.zh());
            out.push(' ');
            out.push_str(&name(from));
            out.push_str(" → ");
            out.push_str(&name(to));
        }
        ItemKind::Modify { name: n } => {
            out.push_str(StmtKeyword::Modify.zh());
            out.push(' ');
            out.push_str(&name(n));
        }
        ItemKind::Delete { target } => {
            out.push_str(StmtKeyword::Delete.zh());
            out.push(' ');
            match target {
                DeleteTarget::Node(n) => out.push_str(&name(n)),
                DeleteTarget::Edge(a, b) => {
                    out.push_str(&name(a));
                    out.push_str(" → ");
                    out.push_str(&name(b));
                }
            }
        }
        ItemKind::Error => {}
    }
}

/// `KEYWORD REST`; with `：` instead of the space when REST starts like a comment (after a
/// space `#` or `//` would start one; after `：` it does not) or with a colon.
fn keyword_and_rest(out: &mut String, keyword: StmtKeyword, rest: &str) {
    out.push_str(keyword.zh());
    let starts_comment = rest.starts_with(['#', '＃']) || rest.starts_with("//");
    // The parser skips one colon after the keyword, so a rest that starts with a colon keeps
    // it only behind an explicit one.
    let starts_colon = rest.starts_with([':', '：']);
    out.push(if starts_comment || starts_colon {
        '：'
    } else {
        ' '
    });
    out.push_str(rest);
}

fn names(list: &[Text]) -> String {
    list.iter().map(name).collect::<Vec<_>>().join("、")
}

/// A name as written: bare when it lexes as one word, else in quotes.
pub fn name(text: &Text) -> String {
    if !text.quoted && is_bare_word(&text.value) {
        text.value.clone()
    } else {
        format!("“{}”", text.value)
    }
}

fn raw(text: &Text) -> String {
    if text.quoted {
        format!("“{}”", text.value)
    } else {
        text.value.clone()
    }
}

fn is_bare_word(value: &str) -> bool {
    let lines = lex(value);
    lines.len() == 1
        && lines[0].comment.is_none()
        && lines[0].tokens.len() == 1
        && lines[0].tokens[0].kind == TokenKind::Word
        && lines[0].tokens[0].span.len() == value.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    #[test]
    fn same_tree_sees_every_difference_but_spans_and_spelling() {
        let parse = |t: &str| crate::syntax::parse(t, SourceId(0)).0;
        let a = parse("流程 甲\n\n步骤 签收\n  时限：当日\n签收 → 登记\n");
        // Spacing, half-width punctuation and the arrow's spelling are not the tree.
        let b = parse("流程 甲\n\n步骤   签收\n  时限:当日\n签收->登记\n");
        assert!(same_tree(&a, &b));
        for other in [
            "流程 甲\n\n步骤 签收\n  时限：次日\n签收 → 登记\n",
            "流程 甲\n步骤 签收\n  时限：当日\n签收 → 登记\n",
            "流程 甲\n\n步骤 签收\n  时限：当日\n签收 → 登记\n# 尾注\n",
            "流程 甲\n\n步骤 签收\n  时限：当日\n签收 → 登记\n登记 → 归档\n",
        ] {
            assert!(!same_tree(&a, &parse(other)), "{other}");
        }
    }
}
