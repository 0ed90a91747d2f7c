//! Every code the tool reports, in one sorted slice.
//!
//! Validator rules have a check function; codes of the file loader (F), the parser (P),
//! the model builder (M) and the renderer (T) are listed for documentation only. `liucheng rules` and
//! `liucheng explain CODE` read this table; `docs/rules.md` (Chinese) and `docs/rules.en.md`
//! (English) are generated from it.

use crate::check::rules::*;
use crate::check::{Group, Rule};
use crate::diag::{Lang, Severity};

/// All codes, sorted.
pub static RULES: &[&Rule] = &[
    &lack_of_sync::RULE,
    &deadlock::RULE,
    &dead_step::RULE,
    &livelock::RULE,
    &soundness_inconclusive::RULE,
    &too_few_branches::RULE,
    &unlabelled_branch::RULE,
    &duplicate_branch_label::RULE,
    &branches_same_target::RULE,
    &upstream::GBK_ENCODED_FILE,
    &upstream::BINARY_FILE,
    &upstream::UTF16_FILE,
    &upstream::INVALID_GBK,
    &upstream::FILE_TOO_LARGE,
    &upstream::OUTSIDE_PROJECT,
    &upstream::NOT_A_REGULAR_FILE,
    &upstream::BAD_CONFIG,
    &upstream::INTERNAL_ERROR,
    &skip_level::RULE,
    &lateral_handoff::RULE,
    &off_register::RULE,
    &open_loop::RULE,
    &missing_time_limit::RULE,
    &deadline_exceeded::RULE,
    &document_not_filed::RULE,
    &upstream::MISSING_FLOW,
    &upstream::UNDEFINED_STEP,
    &upstream::UNKNOWN_ROLE,
    &upstream::DUPLICATE_NAME,
    &upstream::BASE_FILE_NOT_FOUND,
    &upstream::BAD_TIME_LIMIT,
    &upstream::BASE_CYCLE,
    &upstream::MULTIPLE_BASES,
    &upstream::MISSING_CHANGE_TARGET,
    &upstream::BAD_ATTRIBUTE_VALUE,
    &upstream::MULTIPLE_FLOWS,
    &upstream::MISSING_SUBFLOW,
    &missing_owner::RULE,
    &unused_role::RULE,
    &inherited_lane::RULE,
    &upstream::EMPTY_FILE,
    &upstream::UNTERMINATED_STRING,
    &upstream::UNRECOGNISED_STATEMENT,
    &upstream::MALFORMED_STATEMENT,
    &upstream::MISPLACED_ATTRIBUTE,
    &upstream::UNKNOWN_ATTRIBUTE,
    &upstream::INCOMPLETE_EDGE,
    &upstream::EMPTY_ATTRIBUTE,
    &upstream::UNKNOWN_ROLE_PROPERTY,
    &upstream::BRANCH_OUTSIDE_DECISION,
    &upstream::CONTROL_CHARACTER,
    &upstream::REPEATED_ATTRIBUTE,
    &duplicate_edge::RULE,
    &shortcut_edge::RULE,
    &duplicate_step::RULE,
    &pass_through_step::RULE,
    &missing_start::RULE,
    &multiple_starts::RULE,
    &missing_end::RULE,
    &unreachable_node::RULE,
    &dead_end::RULE,
    &trap_cycle::RULE,
    &disconnected_node::RULE,
    &unused_suppression::RULE,
    &upstream::MISSING_GLYPH,
    &upstream::HIDDEN_CHARACTER,
    &upstream::CHART_TOO_LARGE,
];

/// Look a code up (case-insensitive), or a rule by its kebab-case or Chinese name (as
/// `liucheng rules` lists them).
pub fn find(code: &str) -> Option<&'static Rule> {
    let code = code.trim();
    RULES
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code) || r.name == code || r.zh == code)
}

/// Terminal columns of a text (CJK characters are two columns wide).
fn columns(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// `text` padded with spaces to `width` terminal columns.
fn pad(text: &str, width: usize) -> String {
    let mut out = text.to_owned();
    out.push_str(&" ".repeat(width.saturating_sub(columns(text))));
    out
}

/// The catalogue as plain text (`liucheng rules`): one line per code, names and severities in
/// the language.
pub fn text(lang: Lang) -> String {
    let name_width = RULES
        .iter()
        .map(|r| columns(r.name_in(lang)))
        .max()
        .unwrap_or(0);
    let severity_width = [Severity::Error, Severity::Warning, Severity::Hint]
        .iter()
        .map(|&s| columns(s.name(lang)))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for group in Group::ALL {
        let (zh, en) = group.title();
        out.push_str(match lang {
            Lang::Zh => zh,
            Lang::En => en,
        });
        out.push('\n');
        for r in RULES.iter().filter(|r| r.group() == group) {
            let other = match lang {
                Lang::Zh => r.name,
                Lang::En => r.zh,
            };
            out.push_str(&format!(
                "  {}  {}  {}  {}\n",
                r.code,
                pad(r.default_severity.name(lang), severity_width),
                pad(r.name_in(lang), name_width),
                other
            ));
        }
    }
    out
}

/// The words of the Markdown catalogue that are not rule documentation.
struct CatalogueText {
    title: &'static str,
    other_language: &'static str,
    intro: &'static str,
    configuration: &'static str,
    config_intro: &'static str,
    example: &'static str,
    inline: &'static str,
    table_header: &'static str,
    default: &'static str,
}

const CATALOGUE_ZH: CatalogueText = CatalogueText {
    title: "# 检查规则",
    other_language: "English version: [rules.en.md](rules.en.md)",
    intro: "下面是 `liucheng check` 可能报告的全部代码。流程检查规则（C、D、G、O、R、S 开头）\
            可以在 `liucheng.toml` 里逐条设为 `allow`（关闭）、`hint`（提示）、`warn`（警告）或 \
            `deny`（错误），例如 `[rules] S007 = \"allow\"`；也可以在流程文件里用 \
            `允许：代码 理由` 对某个步骤或整个流程豁免。F、P、M 开头的代码来自读文件、解析和建模，\
            T 开头的来自绘图，一律是错误，不能关闭。",
    configuration: "## 配置",
    config_intro: "`liucheng check` 读取被检查文件所在文件夹或其上级文件夹中最近的 `liucheng.toml`：",
    example: crate::check::settings::EXAMPLE_ZH,
    inline: "也可以在流程文件里逐处豁免：在某个步骤下面或 `流程` 下面写 `允许：S005 理由`\
             （理由必须写）。没有豁免掉任何问题的「允许」会报告为 S008。",
    table_header: "| 代码 | 名称 | 英文名 | 默认级别 |",
    default: "默认级别：",
};

const CATALOGUE_EN: CatalogueText = CatalogueText {
    title: "# Rules",
    other_language: "中文版：[rules.md](rules.md)",
    intro: "Every code `liucheng check` can report. Validator rules (C, D, G, O, R, S) can be set to \
            `allow`, `hint`, `warn` or `deny` in `liucheng.toml` (`[rules] S007 = \"allow\"`) and \
            suppressed for one step or a whole flow with `允许：CODE 理由`. F, P and M codes come \
            from reading, parsing and building the flow, T codes from drawing it; they are always \
            errors.",
    configuration: "## Configuration",
    config_intro: "`liucheng check` reads the nearest `liucheng.toml` in the checked file's folder or above:",
    example: crate::check::settings::EXAMPLE,
    inline: "Inline, under a step or under `流程`: `允许：S005 理由` (the reason is required). A \
             suppression that suppresses nothing is reported as S008.",
    table_header: "| Code | Name | 名称 | Default |",
    default: "default: ",
};

/// The catalogue as Markdown: `docs/rules.md` in Chinese, `docs/rules.en.md` in English.
pub fn markdown(lang: Lang) -> String {
    let t = match lang {
        Lang::Zh => &CATALOGUE_ZH,
        Lang::En => &CATALOGUE_EN,
    };
    let regenerate = match lang {
        Lang::Zh => "liucheng --lang zh rules --format md > docs/rules.md",
        Lang::En => "liucheng --lang en rules --format md > docs/rules.en.md",
    };
    let mut out = format!(
        "{}\n\n<!-- Generated by `{regenerate}`; do not edit. -->\n\n{}\n\n{}\n\n",
        t.title, t.other_language, t.intro
    );
    out.push_str(&format!(
        "{}\n\n{}\n\n```toml\n{}```\n\n{}\n\n",
        t.configuration, t.config_intro, t.example, t.inline
    ));
    out.push_str(t.table_header);
    out.push_str("\n|---|---|---|---|\n");
    for r in RULES {
        let (first, second) = match lang {
            Lang::Zh => (r.zh.to_owned(), format!("`{}`", r.name)),
            Lang::En => (format!("`{}`", r.name), r.zh.to_owned()),
        };
        out.push_str(&format!(
            "| [{c}](#{l}) | {first} | {second} | {s} |\n",
            c = r.code,
            l = r.code.to_ascii_lowercase(),
            s = r.default_severity.name(lang)
        ));
    }
    for group in Group::ALL {
        let (zh, en) = group.title();
        out.push_str(&format!(
            "\n## {}\n",
            match lang {
                Lang::Zh => zh,
                Lang::En => en,
            }
        ));
        for r in RULES.iter().filter(|r| r.group() == group) {
            let (first, second) = match lang {
                Lang::Zh => (format!("**{}**", r.zh), format!("`{}`", r.name)),
                Lang::En => (format!("**{}**", r.name), r.zh.to_owned()),
            };
            out.push_str(&format!(
                "\n### {}\n\n{first} · {second} · {}{}\n\n",
                r.code,
                t.default,
                r.default_severity.name(lang)
            ));
            // Demote the rule's own headings below the rule's heading.
            for line in r.markdown_in(lang).lines() {
                if let Some(rest) = line.strip_prefix("## ") {
                    out.push_str("#### ");
                    out.push_str(rest);
                } else {
                    out.push_str(line);
                }
                out.push('\n');
            }
        }
    }
    out
}

/// One rule's documentation for `liucheng explain`, in a language.
pub fn explain(rule: &Rule, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "{} {}（{}）\n默认级别：{}\n\n{}",
            rule.code,
            rule.zh,
            rule.name,
            rule.default_severity.name(lang),
            rule.markdown_in(lang)
        ),
        Lang::En => format!(
            "{} {} ({})\ndefault: {}\n\n{}",
            rule.code,
            rule.name,
            rule.zh,
            rule.default_severity.name(lang),
            rule.markdown_in(lang)
        ),
    }
}

/// The fenced code blocks of a Markdown text, fences included, in order.
pub fn code_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        let fence = line.trim_start().starts_with("```");
        match current.as_mut() {
            None if fence => current = Some(format!("{line}\n")),
            None => {}
            Some(block) => {
                block.push_str(line);
                block.push('\n');
                if fence {
                    blocks.extend(current.take());
                }
            }
        }
    }
    blocks.extend(current);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::settings::OPTION_NAMES;

    #[test]
    fn codes_are_unique_and_sorted() {
        for pair in RULES.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} before {}",
                pair[0].code,
                pair[1].code
            );
        }
        let mut names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), RULES.len(), "rule names are unique");
    }

    #[test]
    fn docs_have_the_required_sections() {
        for r in RULES {
            let md = r.markdown();
            for heading in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## Use instead",
                "## Options",
            ] {
                assert!(md.contains(heading), "{} lacks `{heading}`", r.code);
            }
            if r.group().is_validator() {
                assert!(
                    md.contains("Complexity:"),
                    "{} does not state its complexity",
                    r.code
                );
                assert!(r.check.is_some(), "{} has no check", r.code);
            } else {
                assert!(r.check.is_none(), "{} is reported upstream", r.code);
            }
            assert!(!r.summary().is_empty(), "{} has no summary", r.code);
        }
    }

    /// The Chinese sections, one-to-one with the English ones.
    const ZH_SECTIONS: [(&str, &str); 5] = [
        ("## What it does", "## 检查什么"),
        ("## Why is this bad?", "## 为什么不好"),
        ("## Example", "## 错误示例"),
        ("## Use instead", "## 正确写法"),
        ("## Options", "## 选项"),
    ];

    /// The `## ` headings of a Markdown text, in order.
    fn headings(md: &str) -> Vec<&str> {
        md.lines().filter(|l| l.starts_with("## ")).collect()
    }

    #[test]
    fn chinese_docs_have_the_required_sections() {
        for r in RULES {
            assert!(
                !r.docs_zh.trim().is_empty(),
                "{} has no Chinese docs",
                r.code
            );
            let zh = r.markdown_in(Lang::Zh);
            let en = r.markdown();
            let expected: Vec<&str> = headings(&en)
                .into_iter()
                .map(|h| {
                    ZH_SECTIONS
                        .iter()
                        .find(|(e, _)| *e == h)
                        .map_or(h, |(_, z)| *z)
                })
                .collect();
            assert_eq!(
                headings(&zh),
                expected,
                "{}: the Chinese sections must mirror the English ones",
                r.code
            );
            for (_, heading) in ZH_SECTIONS {
                assert!(zh.contains(heading), "{} lacks `{heading}`", r.code);
            }
            assert_eq!(
                en.contains("Complexity:"),
                zh.contains("复杂度："),
                "{}: a `复杂度：` line exactly where the English has `Complexity:`",
                r.code
            );
            assert!(!r.summary_in(Lang::Zh).is_empty(), "{} has no 摘要", r.code);
        }
    }

    #[test]
    fn examples_of_both_languages_are_identical() {
        for r in RULES {
            let en = code_blocks(&r.markdown());
            let zh = code_blocks(&r.markdown_in(Lang::Zh));
            assert_eq!(
                zh, en,
                "{}: the code blocks of the Chinese docs must be those of the English docs, in order",
                r.code
            );
        }
    }

    #[test]
    fn code_blocks_are_found_in_order() {
        let md = "a\n```text\n开始 甲\n```\nb\n```toml\nx = 1\n```\n";
        assert_eq!(
            code_blocks(md),
            vec!["```text\n开始 甲\n```\n", "```toml\nx = 1\n```\n"]
        );
    }

    #[test]
    fn options_named_in_docs_exist() {
        for r in RULES {
            for (md, heading) in [
                (r.markdown(), "## Options"),
                (r.markdown_in(Lang::Zh), "## 选项"),
            ] {
                let Some(section) = md.split(heading).nth(1) else {
                    continue;
                };
                let section = section.split("\n## ").next().unwrap_or("");
                for line in section.lines().filter(|l| l.starts_with("- `")) {
                    let name = line[3..].split('`').next().unwrap_or("");
                    assert!(
                        OPTION_NAMES.contains(&name),
                        "{}: option `{name}` does not exist in settings.rs",
                        r.code
                    );
                }
            }
        }
    }

    #[test]
    fn explain_follows_the_language() {
        let rule = find("S001").unwrap();
        let zh = explain(rule, Lang::Zh);
        assert!(
            zh.starts_with("S001 缺少开始（missing-start）\n默认级别：错误\n"),
            "{zh}"
        );
        assert!(zh.contains("## 检查什么"));
        let en = explain(rule, Lang::En);
        assert!(
            en.starts_with("S001 missing-start (缺少开始)\ndefault: error\n"),
            "{en}"
        );
        assert!(en.contains("## What it does"));
    }

    #[test]
    fn every_code_in_the_source_is_registered() {
        // Codes written as string literals by the parser, the model builder and the loader.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut missing = Vec::new();
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for (i, _) in text.match_indices('"') {
                    let code = text.get(i + 1..i + 5).unwrap_or("");
                    let is_code = code.len() == 4
                        && code.starts_with(['P', 'M', 'F', 'T'])
                        && code[1..].bytes().all(|b| b.is_ascii_digit())
                        && text.get(i + 5..i + 6) == Some("\"");
                    if is_code && find(code).is_none() && !missing.contains(&code.to_owned()) {
                        missing.push(code.to_owned());
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "codes without a registry entry: {missing:?}"
        );
    }

    #[test]
    fn every_validator_rule_has_fixtures() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
        for r in RULES.iter().filter(|r| r.group().is_validator()) {
            for file in ["bad.flow", "good.flow"] {
                let path = root.join(r.code).join(file);
                assert!(path.is_file(), "missing fixture {}", path.display());
            }
        }
    }
}
