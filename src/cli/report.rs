//! Printing diagnostics: human (miette, with source snippets), JSON and SARIF 2.1.0.

use crate::diag::{Diagnostic, Lang, Severity};
use crate::source::{SourceId, SourceMap, Span};
use serde::Serialize;
use std::fmt::Write as _;
use unicode_width::UnicodeWidthChar;

/// Snippet lines wider than this (in terminal columns) are cropped around the problem.
const MAX_SNIPPET_WIDTH: usize = 100;

/// Diagnostics of one file, with the sources they point into.
pub struct FileReport<'a> {
    /// The sources.
    pub sources: &'a SourceMap,
    /// The diagnostics.
    pub diagnostics: Vec<&'a Diagnostic>,
}

fn location(sources: &SourceMap, id: SourceId, span: Span) -> String {
    let source = sources.get(id);
    let lc = source.line_col(span.start as usize);
    format!("{}:{}:{}", source.name, lc.line, lc.column)
}

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

/// Diagnostics in reading order: by file, line, column, then severity (errors first) and
/// code; exact repeats once.
pub fn in_reading_order<'a>(
    diags: impl IntoIterator<Item = &'a Diagnostic>,
) -> Vec<&'a Diagnostic> {
    let mut diags: Vec<&Diagnostic> = diags.into_iter().collect();
    diags.sort_by_key(|d| {
        (
            d.source,
            d.span.start,
            std::cmp::Reverse(d.severity),
            d.code,
        )
    });
    diags.dedup_by(|a, b| a == b);
    diags
}

/// Print diagnostics of one file to stderr as the human report does.
pub fn eprint(global: &crate::cli::Global, sources: &SourceMap, diagnostics: Vec<&Diagnostic>) {
    let r = FileReport {
        sources,
        diagnostics,
    };
    eprint!("{}", human(&r, global.lang, global.color));
}

/// Render diagnostics for people, rustc-style: a header with the code, the location as
/// `file:line:column` (columns count characters), the source line with the span underlined
/// (CJK characters are two terminal columns wide), then help and notes.
pub fn human(report: &FileReport<'_>, lang: Lang, color: bool) -> String {
    let style = Style { color };
    let mut out = String::new();
    for diag in &report.diagnostics {
        render_one(&mut out, report.sources, diag, lang, &style);
        out.push('\n');
    }
    out
}

fn render_one(out: &mut String, sources: &SourceMap, diag: &Diagnostic, lang: Lang, style: &Style) {
    let (sev_code, sev) = match diag.severity {
        Severity::Error => ("1;31", diag.severity.name(lang)),
        Severity::Warning => ("1;33", diag.severity.name(lang)),
        Severity::Hint => ("1;36", diag.severity.name(lang)),
    };
    let colon = if lang == Lang::Zh { "：" } else { ": " };
    let head = style.paint(sev_code, &format!("{sev}[{}]", diag.code));
    let _ = writeln!(
        out,
        "{head}{colon}{}",
        style.paint("1", diag.message.get(lang))
    );
    let source = sources.get(diag.source);
    let lc = source.line_col(diag.span.start as usize);
    let gutter = lc.line.to_string().len().max(2);
    let pad = " ".repeat(gutter);
    let _ = writeln!(
        out,
        "{pad}{} {}",
        style.paint("1;34", "-->"),
        location(sources, diag.source, diag.span)
    );
    let bar = style.paint("1;34", "|");
    let _ = writeln!(out, "{pad} {bar}");
    snippet(out, source, diag.span, None, '^', sev_code, gutter, style);
    let mut notes: Vec<String> = Vec::new();
    for label in &diag.labels {
        let text = label.message.get(lang);
        if label.source == diag.source {
            snippet(
                out,
                source,
                label.span,
                Some(text),
                '-',
                "1;34",
                gutter,
                style,
            );
        } else {
            notes.push(format!(
                "{}{colon}{text}",
                location(sources, label.source, label.span)
            ));
        }
    }
    notes.extend(diag.notes.iter().map(|n| n.get(lang).to_owned()));
    let (help_word, note_word) = match lang {
        Lang::Zh => ("帮助", "说明"),
        Lang::En => ("help", "note"),
    };
    if let Some(help) = &diag.help {
        let _ = writeln!(
            out,
            "{pad} {} {}{colon}{}",
            style.paint("1;34", "="),
            style.paint("1", help_word),
            help.get(lang)
        );
    }
    for note in notes {
        let _ = writeln!(
            out,
            "{pad} {} {}{colon}{note}",
            style.paint("1;34", "="),
            style.paint("1", note_word)
        );
    }
}

/// Print the line holding `span` with the span underlined by `mark`.
#[allow(clippy::too_many_arguments)]
fn snippet(
    out: &mut String,
    source: &crate::source::Source,
    span: Span,
    label: Option<&str>,
    mark: char,
    mark_style: &str,
    gutter: usize,
    style: &Style,
) {
    let lc = source.line_col(span.start as usize);
    let line_text = source.line_text(lc.line);
    // Byte range of the span within the line.
    let line_start = source.text[..span.start as usize]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let start_byte = span.start as usize - line_start;
    let end_byte = (span.end as usize)
        .saturating_sub(line_start)
        .min(line_text.len())
        .max(start_byte);
    let chars: Vec<(usize, char)> = line_text.char_indices().collect();
    // Control characters are shown as their visible pictures (U+2400…), one cell wide; other
    // hidden characters (bidi controls, zero-width, noncharacters: T002) as U+FFFD, so the
    // printed line shows where they are and is never reordered by the terminal.
    let visible = |c: char| match c as u32 {
        0..=0x1F => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
        0x7F => '\u{2421}',
        0x80..=0x9F => '\u{FFFD}',
        _ if crate::check::text::Hidden::of(c).is_some() => '\u{FFFD}',
        _ => c,
    };
    let width = |c: char| {
        if c == '\t' {
            4
        } else {
            visible(c).width().unwrap_or(0)
        }
    };
    // Crop long lines to a window around the span.
    let first_char = chars
        .iter()
        .position(|(b, _)| *b >= start_byte)
        .unwrap_or(chars.len());
    let total: usize = chars.iter().map(|(_, c)| width(*c)).sum();
    let (from, to) = if total > MAX_SNIPPET_WIDTH {
        let from = first_char.saturating_sub(30);
        let mut w = 0;
        let mut to = from;
        while to < chars.len() && w < MAX_SNIPPET_WIDTH - 10 {
            w += width(chars[to].1);
            to += 1;
        }
        (from, to)
    } else {
        (0, chars.len())
    };
    let mut shown = String::new();
    let mut underline = String::new();
    if from > 0 {
        shown.push('…');
        underline.push(' ');
    }
    let mut marked = 0;
    for &(b, c) in &chars[from..to] {
        let w = width(c);
        if c == '\t' {
            shown.push_str("    ");
        } else {
            shown.push(visible(c));
        }
        let inside = b >= start_byte && b < end_byte;
        underline.push_str(&(if inside { mark } else { ' ' }).to_string().repeat(w));
        marked += usize::from(inside);
    }
    if to < chars.len() {
        shown.push('…');
    }
    if marked == 0 {
        // An empty span (a missing name, the end of a line): point just after it.
        underline.push(mark);
    }
    let underline = underline.trim_end().to_owned();
    let bar = style.paint("1;34", "|");
    let number = style.paint("1;34", &format!("{:>gutter$}", lc.line));
    let _ = writeln!(out, "{number} {bar} {shown}");
    let text = label.map(|l| format!(" {l}")).unwrap_or_default();
    let _ = writeln!(
        out,
        "{} {bar} {}{}",
        " ".repeat(gutter),
        style.paint(mark_style, &underline),
        text
    );
}

/// A position in JSON output.
#[derive(Serialize)]
pub struct JsonLocation {
    /// File name.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// 1-based end line.
    pub end_line: usize,
    /// 1-based end column (exclusive, characters).
    pub end_column: usize,
}

fn json_location(sources: &SourceMap, id: SourceId, span: Span) -> JsonLocation {
    let source = sources.get(id);
    let start = source.line_col(span.start as usize);
    let end = source.line_col(span.end as usize);
    JsonLocation {
        file: source.name.clone(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

/// One diagnostic in JSON output.
#[derive(Serialize)]
pub struct JsonDiagnostic {
    /// Rule or error code.
    pub code: &'static str,
    /// error / warning / hint.
    pub severity: Severity,
    /// The message in the chosen language.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// Extra facts (witness paths).
    pub notes: Vec<String>,
    /// Where.
    #[serde(flatten)]
    pub location: JsonLocation,
    /// Secondary locations.
    pub related: Vec<JsonRelated>,
}

/// A secondary location in JSON output.
#[derive(Serialize)]
pub struct JsonRelated {
    /// Where.
    #[serde(flatten)]
    pub location: JsonLocation,
    /// What is there.
    pub message: String,
}

/// Convert diagnostics to their JSON form.
pub fn json_diagnostics(reports: &[FileReport<'_>], lang: Lang) -> Vec<JsonDiagnostic> {
    let mut out = Vec::new();
    for report in reports {
        for diag in &report.diagnostics {
            out.push(JsonDiagnostic {
                code: diag.code,
                severity: diag.severity,
                message: diag.message.get(lang).to_owned(),
                help: diag.help.as_ref().map(|h| h.get(lang).to_owned()),
                notes: diag.notes.iter().map(|n| n.get(lang).to_owned()).collect(),
                location: json_location(report.sources, diag.source, diag.span),
                related: diag
                    .labels
                    .iter()
                    .map(|l| JsonRelated {
                        location: json_location(report.sources, l.source, l.span),
                        message: l.message.get(lang).to_owned(),
                    })
                    .collect(),
            });
        }
    }
    out
}

/// Counts by severity.
#[derive(Serialize, Default, Clone, Copy)]
pub struct Summary {
    /// Files checked.
    pub files: usize,
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Hints.
    pub hints: usize,
}

impl Summary {
    /// Count the diagnostics of some reports.
    pub fn of(reports: &[FileReport<'_>]) -> Summary {
        let mut s = Summary {
            files: reports.len(),
            ..Summary::default()
        };
        for d in reports.iter().flat_map(|r| r.diagnostics.iter()) {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Hint => s.hints += 1,
            }
        }
        s
    }
}

/// The whole `check --format json` document.
pub fn json(reports: &[FileReport<'_>], lang: Lang) -> String {
    #[derive(Serialize)]
    struct Doc {
        version: u32,
        summary: Summary,
        diagnostics: Vec<JsonDiagnostic>,
    }
    let doc = Doc {
        version: 1,
        summary: Summary::of(reports),
        diagnostics: json_diagnostics(reports, lang),
    };
    serde_json::to_string_pretty(&doc).expect("JSON") + "\n"
}

/// A rule description for SARIF's `tool.driver.rules`, in the language of the report.
pub struct SarifRule {
    /// The code.
    pub id: &'static str,
    /// The kebab-case name (an identifier, in English in both languages).
    pub name: &'static str,
    /// Short description: the name in the language (`缺少开始`).
    pub short: String,
    /// Full description: the one-paragraph summary.
    pub full: String,
    /// The whole documentation, as Markdown (`liucheng explain`).
    pub help: String,
}

/// The whole `check --format sarif` document (SARIF 2.1.0).
pub fn sarif(reports: &[FileReport<'_>], lang: Lang, rules: &[SarifRule]) -> String {
    use serde_json::json;
    let results: Vec<serde_json::Value> = json_diagnostics(reports, lang)
        .into_iter()
        .map(|d| {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Hint => "note",
            };
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str(if lang == Lang::Zh {
                    "\n修改建议："
                } else {
                    "\nhelp: "
                });
                text.push_str(help);
            }
            for note in &d.notes {
                text.push('\n');
                text.push_str(note);
            }
            let region = |l: &JsonLocation| {
                json!({
                    "startLine": l.line,
                    "startColumn": l.column,
                    "endLine": l.end_line,
                    "endColumn": l.end_column,
                })
            };
            json!({
                "ruleId": d.code,
                "level": level,
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": d.location.file },
                        "region": region(&d.location),
                    }
                }],
                "relatedLocations": d.related.iter().enumerate().map(|(i, r)| json!({
                    "id": i,
                    "message": { "text": r.message },
                    "physicalLocation": {
                        "artifactLocation": { "uri": r.location.file },
                        "region": region(&r.location),
                    }
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let rules: Vec<serde_json::Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.name,
                "shortDescription": { "text": r.short },
                "fullDescription": { "text": r.full },
                "help": { "text": r.help, "markdown": r.help },
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "liucheng",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&doc).expect("JSON") + "\n"
}
