//! The lexer: one line at a time, full-width and half-width punctuation folded together.
//!
//! Flow files are line-oriented, so the lexer works per line and the parser asks it for the
//! tokens of each line. Full-width forms typed by a Chinese input method are the same token
//! as their ASCII twins: `：:`, `，,`, `；;`, `（）()`, `【】[]`, `“”""`, `→ ->`; `、` is the
//! list separator.

use crate::source::Span;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A run of characters that are not spaces or punctuation: a keyword or a name.
    Word,
    /// A quoted string: `"…"`, `“…”` or `「…」`. Its span includes the quotes.
    Str,
    /// A string whose closing quote is missing (the span runs to the end of the line).
    UnterminatedStr,
    /// `：` or `:`.
    Colon,
    /// `，` or `,`.
    Comma,
    /// `；` or `;`.
    Semicolon,
    /// `、`, the Chinese list separator.
    Dun,
    /// `（` or `(`.
    LParen,
    /// `）` or `)`.
    RParen,
    /// `【` or `[`.
    LBracket,
    /// `】` or `]`.
    RBracket,
    /// `→`, `->`, `⟶`, `－＞` or `—>`.
    Arrow,
}

/// A token with its byte span in the whole source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// What kind.
    pub kind: TokenKind,
    /// Where, in source bytes.
    pub span: Span,
}

/// The tokens of one line.
#[derive(Debug, Clone, Default)]
pub struct Line {
    /// Byte span of the line content (without the line break).
    pub span: Span,
    /// Whether the line starts with white space (belongs to the block above).
    pub indented: bool,
    /// Tokens before any comment.
    pub tokens: Vec<Token>,
    /// A `#` or `//` comment, span including the marker.
    pub comment: Option<Span>,
}

impl Line {
    /// Whether the line holds nothing but white space.
    pub fn is_blank(&self) -> bool {
        self.tokens.is_empty() && self.comment.is_none()
    }
}

/// White space: Unicode white space (ASCII, full-width `\u{3000}`, no-break space …) and a stray BOM.
/// The same definition as `str::trim`, so a quoted value never loses or gains characters.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

fn open_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '「' | '『' | '”')
}

fn close_quote(c: char) -> bool {
    matches!(c, '"' | '”' | '」' | '』' | '“')
}

fn punct(c: char) -> Option<TokenKind> {
    Some(match c {
        '：' | ':' => TokenKind::Colon,
        '，' | ',' => TokenKind::Comma,
        '；' | ';' => TokenKind::Semicolon,
        '、' => TokenKind::Dun,
        '（' | '(' => TokenKind::LParen,
        '）' | ')' => TokenKind::RParen,
        '【' | '[' => TokenKind::LBracket,
        '】' | ']' => TokenKind::RBracket,
        '→' | '⟶' | '➔' | '➜' => TokenKind::Arrow,
        _ => return None,
    })
}

/// Length in bytes of a two-character arrow (`->`, `－＞`, `—>`) starting at `rest`, if any.
fn ascii_arrow(rest: &str) -> Option<usize> {
    // Fast path: every arrow starts with `-` (0x2D), `－` (EF BC 8D) or `—` (E2 80 94).
    if !matches!(rest.as_bytes().first(), Some(b'-' | 0xEF | 0xE2)) {
        return None;
    }
    ["->", "－＞", "－>", "—>", "-＞"]
        .iter()
        .find(|a| rest.starts_with(*a))
        .map(|a| a.len())
}

/// Whether a comment starts at `rest`.
fn comment_start(rest: &str) -> bool {
    rest.starts_with('#') || rest.starts_with('＃') || rest.starts_with("//")
}

/// Split the source into lines and tokenize each. Works in one pass, linear in the input.
pub fn lex(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let content = piece.trim_end_matches('\n').trim_end_matches('\r');
        lines.push(lex_line(content, start));
        start += piece.len();
    }
    if text.is_empty() || text.ends_with('\n') {
        // A final empty line keeps "last line" positions valid for end-of-file diagnostics.
        lines.push(Line {
            span: Span::new(start, start),
            ..Line::default()
        });
    }
    lines
}

fn lex_line(content: &str, base: usize) -> Line {
    let mut line = Line {
        span: Span::new(base, base + content.len()),
        indented: content.starts_with(is_space),
        // Most lines have fewer than eight tokens: one allocation per line.
        tokens: Vec::with_capacity(8),
        ..Line::default()
    };
    let mut chars = content.char_indices().peekable();
    // A comment may start only at the line start or after white space, so `http://x` stays text.
    let mut after_space = true;
    while let Some(&(i, c)) = chars.peek() {
        let rest = &content[i..];
        if is_space(c) {
            chars.next();
            after_space = true;
            continue;
        }
        if after_space && comment_start(rest) {
            line.comment = Some(Span::new(base + i, base + content.len()));
            break;
        }
        after_space = false;
        if let Some(len) = ascii_arrow(rest) {
            push(&mut line, TokenKind::Arrow, base + i, base + i + len);
            while chars.peek().is_some_and(|&(j, _)| j < i + len) {
                chars.next();
            }
            continue;
        }
        if let Some(kind) = punct(c) {
            chars.next();
            push(&mut line, kind, base + i, base + i + c.len_utf8());
            continue;
        }
        if open_quote(c) {
            chars.next();
            let mut end = None;
            for (j, d) in chars.by_ref() {
                if close_quote(d) {
                    end = Some(j + d.len_utf8());
                    break;
                }
            }
            match end {
                Some(end) => push(&mut line, TokenKind::Str, base + i, base + end),
                None => {
                    push(
                        &mut line,
                        TokenKind::UnterminatedStr,
                        base + i,
                        base + content.len(),
                    );
                }
            }
            continue;
        }
        // A word: everything up to white space, punctuation, a quote or an arrow.
        let end = word_end(content, i);
        while chars.peek().is_some_and(|&(j, _)| j < end) {
            chars.next();
        }
        push(&mut line, TokenKind::Word, base + i, base + end);
    }
    line
}

/// End of the word starting at byte `start`. ASCII bytes are decided by a byte test (the
/// common case in names like `B3` and in numbers); other characters by the full tests.
fn word_end(content: &str, start: usize) -> usize {
    let bytes = content.as_bytes();
    let mut j = start;
    while j < bytes.len() {
        let b = bytes[j];
        if b.is_ascii() {
            let stop = matches!(
                b,
                b'\t'..=b'\r' | b' ' | b':' | b',' | b';' | b'(' | b')' | b'[' | b']' | b'"'
            ) || (b == b'-' && bytes.get(j + 1) == Some(&b'>'));
            if stop {
                break;
            }
            j += 1;
        } else {
            let d = content[j..].chars().next().expect("char boundary");
            // CJK ideographs are always word characters: the bulk of a Chinese flow file.
            if ('\u{4E00}'..='\u{9FFF}').contains(&d) {
                j += 3;
                continue;
            }
            if is_space(d)
                || punct(d).is_some()
                || open_quote(d)
                || ascii_arrow(&content[j..]).is_some()
            {
                break;
            }
            j += d.len_utf8();
        }
    }
    j
}

fn push(line: &mut Line, kind: TokenKind, start: usize, end: usize) {
    line.tokens.push(Token {
        kind,
        span: Span::new(start, end),
    });
}

/// The text inside a string token, without its quotes.
pub fn unquote(text: &str) -> &str {
    let mut chars = text.chars();
    let first = chars.next().map_or(0, char::len_utf8);
    let inner = &text[first..];
    match inner.chars().last() {
        Some(c) if close_quote(c) && !inner.is_empty() => &inner[..inner.len() - c.len_utf8()],
        _ => inner,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<TokenKind> {
        lex(text)[0].tokens.iter().map(|t| t.kind).collect()
    }

    #[test]
    fn full_width_and_half_width_are_the_same() {
        assert_eq!(kinds("签收：秘书科"), kinds("签收:秘书科"));
        assert_eq!(kinds("签收 → 登记"), kinds("签收->登记"));
        assert_eq!(kinds("A【是】B"), kinds("A[是]B"));
        assert_eq!(
            kinds("甲、乙 → 丙"),
            vec![
                TokenKind::Word,
                TokenKind::Dun,
                TokenKind::Word,
                TokenKind::Arrow,
                TokenKind::Word
            ]
        );
    }

    #[test]
    fn comments_need_space_before() {
        let line = &lex("依据：http://example # 注释")[0];
        assert!(line.comment.is_some());
        // `//` right after `:` is not a comment: the URL stays in the value.
        let last = line.tokens.last().unwrap();
        assert_eq!(last.span.end as usize, "依据：http://example".len());
        assert!(lex("  # 只有注释")[0].tokens.is_empty());
    }

    #[test]
    fn strings_and_unterminated_strings() {
        assert_eq!(kinds("“收文 办理”"), vec![TokenKind::Str]);
        assert_eq!(kinds("\"收文"), vec![TokenKind::UnterminatedStr]);
        assert_eq!(unquote("“收文”"), "收文");
    }

    #[test]
    fn crlf_and_indentation() {
        let lines = lex("流程 甲\r\n  编号：A1\r\n");
        assert!(!lines[0].indented);
        assert!(lines[1].indented);
        assert_eq!(lines[1].tokens.len(), 3);
    }
}
