//! Rule fixtures: `tests/fixtures/rules/<CODE>/bad.flow` must trigger CODE (its findings are
//! snapshotted as human text in Chinese and as JSON), `good.flow` must not.
//!
//! Update snapshots with `INSTA_UPDATE=always cargo test --test rules`.

use liucheng::check::{self, Settings, registry};
use liucheng::cli::report::{self, FileReport};
use liucheng::diag::{Diagnostic, Lang, has_errors};
use liucheng::model;
use liucheng::source::SourceMap;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

/// Build a fixture and run the validator with the settings of the fixture folder (if any).
fn run(code: &str, file: &str) -> (SourceMap, Vec<Diagnostic>) {
    let dir = fixtures().join(code);
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let (sources, output) = model::build_source(&format!("{code}/{file}"), &text);
    assert!(
        !has_errors(&output.diagnostics),
        "{code}/{file} does not build: {:#?}",
        output.diagnostics
    );
    let config = dir.join("liucheng.toml");
    let settings = if config.is_file() {
        Settings::from_text(&std::fs::read_to_string(&config).unwrap()).unwrap()
    } else {
        Settings::default()
    };
    (sources, check::check(&output.process, &settings))
}

#[test]
fn fixtures_trigger_their_rule() {
    let mut failures = Vec::new();
    for rule in registry::RULES.iter().filter(|r| r.group().is_validator()) {
        let code = rule.code;
        let header = std::fs::read_to_string(fixtures().join(code).join("bad.flow")).unwrap();
        assert!(
            header.lines().next().is_some_and(|l| l.contains(code)),
            "{code}/bad.flow must open with a `should emit: {code}` header"
        );
        let (sources, diags) = run(code, "bad.flow");
        let own: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == code).collect();
        if own.is_empty() {
            failures.push(format!(
                "{code}/bad.flow does not trigger {code}: got {:?}",
                codes(&diags)
            ));
            continue;
        }
        let report = FileReport {
            sources: &sources,
            diagnostics: own,
        };
        let human = report::human(&report, Lang::Zh, false);
        let json = report::json_diagnostics(std::slice::from_ref(&report), Lang::Zh);
        insta::with_settings!({
            snapshot_path => "fixtures/rules/snapshots",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(format!("{code}_human"), human);
            insta::assert_json_snapshot!(format!("{code}_json"), json);
        });
        let (_, good) = run(code, "good.flow");
        if good.iter().any(|d| d.code == code) {
            failures.push(format!("{code}/good.flow triggers {code}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Further cases of a rule: `<CODE>/bad-<case>.flow` must trigger CODE, `<CODE>/good-<case>.flow`
/// must not (the main `bad.flow` / `good.flow` are snapshotted above).
#[test]
fn case_fixtures_trigger_or_not() {
    let mut failures = Vec::new();
    let mut seen = 0;
    for rule in registry::RULES.iter().filter(|r| r.group().is_validator()) {
        let code = rule.code;
        let Ok(dir) = std::fs::read_dir(fixtures().join(code)) else {
            continue;
        };
        let mut files: Vec<String> = dir
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|f| f.ends_with(".flow") && (f.starts_with("bad-") || f.starts_with("good-")))
            .collect();
        files.sort();
        for file in files {
            seen += 1;
            let (_, diags) = run(code, &file);
            let fires = diags.iter().any(|d| d.code == code);
            if fires != file.starts_with("bad-") {
                failures.push(format!("{code}/{file}: got {:?}", codes(&diags)));
            }
        }
    }
    assert!(seen > 0);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn codes(diags: &[Diagnostic]) -> Vec<&'static str> {
    diags.iter().map(|d| d.code).collect()
}

#[test]
fn docs_rules_md_is_current() {
    // The Chinese catalogue is docs/rules.md, the English one docs/rules.en.md.
    for (lang, file) in [(Lang::Zh, "docs/rules.md"), (Lang::En, "docs/rules.en.md")] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        let expected = registry::markdown(lang);
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(&path, &expected).unwrap();
        }
        let actual = std::fs::read_to_string(&path).unwrap_or_default();
        let flag = match lang {
            Lang::Zh => "zh",
            Lang::En => "en",
        };
        assert!(
            actual == expected,
            "{file} is stale: run `UPDATE_DOCS=1 cargo test --test rules docs_rules_md_is_current` \
             or `cargo run -- --lang {flag} rules --format md > {file}`"
        );
    }
}

#[test]
fn settings_turn_rules_off_and_change_levels() {
    let (_, output) = model::build_source(
        "s.flow",
        &std::fs::read_to_string(fixtures().join("G005/bad.flow")).unwrap(),
    );
    let default = check::check(&output.process, &Settings::default());
    assert!(
        default
            .iter()
            .any(|d| d.code == "G005" && d.severity == liucheng::Severity::Warning)
    );
    let off = check::Options::parse("[time-limits]\nrequire = \"off\"")
        .unwrap()
        .resolve()
        .unwrap();
    assert!(
        !check::check(&output.process, &off)
            .iter()
            .any(|d| d.code == "G005")
    );
    let deny = check::Options::parse("[rules]\nG005 = \"deny\"")
        .unwrap()
        .resolve()
        .unwrap();
    assert!(
        check::check(&output.process, &deny)
            .iter()
            .any(|d| d.code == "G005" && d.severity == liucheng::Severity::Error)
    );
}

#[test]
fn example_flows_have_no_errors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("flows");
    for entry in walk(&root) {
        let text = std::fs::read_to_string(&entry).unwrap();
        let (_, output) = model::build_source(&entry.display().to_string(), &text);
        if has_errors(&output.diagnostics) {
            continue; // flows with base files are covered by `liucheng check flows`
        }
        let diags = check::check(&output.process, &Settings::default());
        assert!(
            !has_errors(&diags),
            "{}: {:?}",
            entry.display(),
            codes(&diags)
        );
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "flow") {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn flow_level_allow_suppresses_and_counts_as_used() {
    let text = "流程 甲\n  允许：O002 来文单位只出现在说明里\n角色 来文单位：外部\n角色 秘书科：枢纽\n\
                开始\n  负责：秘书科\n步骤 签收\n  负责：秘书科\n  时限：当日\n结束\n  负责：秘书科\n\
                开始 → 签收 → 结束\n";
    let (_, output) = model::build_source("a.flow", text);
    assert!(
        !has_errors(&output.diagnostics),
        "{:#?}",
        output.diagnostics
    );
    let diags = check::check(&output.process, &Settings::default());
    assert!(diags.is_empty(), "{:?}", codes(&diags));
    let without = text.replace("  允许：O002 来文单位只出现在说明里\n", "");
    let (_, output) = model::build_source("a.flow", &without);
    assert_eq!(
        codes(&check::check(&output.process, &Settings::default())),
        ["O002"]
    );
}

/// Build inline flow text and return the codes the validator reports.
fn codes_of(text: &str) -> Vec<&'static str> {
    let (_, output) = model::build_source("t.flow", text);
    assert!(
        !has_errors(&output.diagnostics),
        "{:#?}",
        output.diagnostics
    );
    codes(&check::check(&output.process, &Settings::default()))
}

const ROLES: &str = "角色 来文单位：外部，级别 0\n角色 秘书科：枢纽，级别 2\n角色 办公室主任：岗位，级别 3\n\
                     角色 分管领导：领导，级别 4\n角色 承办部门：部门，级别 2\n角色 档案室：部门，级别 2\n\
                     角色 财务科：部门，级别 2\n";

fn step(name: &str, owner: &str) -> String {
    format!("步骤 {name}\n  负责：{owner}\n  时限：1个工作日\n")
}

#[test]
fn edge_cases_of_the_office_rules() {
    // G006: a 退回 loop is counted once; 2 + 1 (+ loop back) = 3 days fits 3 days.
    let loop_flow = format!(
        "流程 甲\n  总时限：3个工作日\n{ROLES}开始 来文\n  负责：来文单位\n{}{}判断 催办：办结？\n  负责：秘书科\n  \
         是 → 答复\n  退回 否 → 承办\n{}结束 归档\n  负责：秘书科\n来文 → 登记 → 承办 → 催办\n答复 → 归档\n",
        step("登记", "秘书科").replace("1个工作日", "当日"),
        step("承办", "承办部门"),
        step("答复", "秘书科"),
    );
    let found = codes_of(&loop_flow);
    assert!(!found.contains(&"G006"), "{found:?}");
    assert!(
        codes_of(&loop_flow.replace("总时限：3个工作日", "总时限：2个工作日")).contains(&"G006")
    );

    // G004: an archive step owned by another role after the feedback does not reopen the loop.
    let archive = format!(
        "流程 乙\n  闭环：秘书科\n{ROLES}开始 来文\n  负责：来文单位\n{}{}{}{}结束 结束\n\
         来文 → 登记 → 承办 → 答复 → 整理归档 → 结束\n",
        step("登记", "秘书科"),
        step("承办", "承办部门"),
        step("答复", "秘书科"),
        step("整理归档", "档案室"),
    );
    assert!(!codes_of(&archive).contains(&"G004"));
    let open = archive.replace("承办 → 答复 → 整理归档", "承办 → 整理归档");
    assert!(codes_of(&open.replace(&step("答复", "秘书科"), "")).contains(&"G004"));

    // G001: skipping 办公室主任 (级别 3) is reported unless the step declares an exception.
    let skip = format!(
        "流程 丙\n{ROLES}开始 来文\n  负责：来文单位\n{}{}{}结束 归档\n  负责：秘书科\n\
         来文 → 登记 → 批示 → 拟办 → 归档\n",
        step("登记", "秘书科"),
        step("批示", "分管领导"),
        step("拟办", "办公室主任"),
    );
    assert!(codes_of(&skip).contains(&"G001"));
    let excused = skip.replace(
        "步骤 批示\n",
        "步骤 批示\n  例外：越级 重大突发事件，同时抄送办公室主任\n",
    );
    assert!(!codes_of(&excused).contains(&"G001"));

    // G002: peers may pass directly when the step says it is 会签.
    let lateral = format!(
        "流程 丁\n{ROLES}开始 来文\n  负责：来文单位\n{}{}{}结束 归档\n  负责：秘书科\n\
         来文 → 登记 → 承办 → 财务科阅 → 归档\n",
        step("登记", "秘书科"),
        step("承办", "承办部门"),
        step("财务科阅", "财务科"),
    );
    assert!(codes_of(&lateral).contains(&"G002"));
    assert!(!codes_of(&lateral.replace("财务科阅", "财务科会签")).contains(&"G002"));
}

#[test]
fn a_step_allow_suppresses_a_concurrency_finding() {
    let text = std::fs::read_to_string(fixtures().join("C001/bad.flow")).unwrap();
    assert!(codes_of(&text).contains(&"C001"));
    let allowed = text.replace(
        "步骤 收回\n",
        "步骤 收回\n  允许：C001 两科各自退回，收回两次是有意的\n",
    );
    let found = codes_of(&allowed);
    assert!(
        !found.contains(&"C001") && !found.contains(&"S008"),
        "{found:?}"
    );
}

#[test]
fn shortcuts_through_loops_are_not_reported() {
    // 复核 → 拟稿 closes a loop without 退回; 拟稿 → 复核 is then no shortcut of 拟稿 → 审核 → 复核.
    let text = format!(
        "流程 戊\n{ROLES}开始 来文\n  负责：来文单位\n{}{}判断 复核：通过？\n  负责：秘书科\n  \
         通过 → 归档\n  不通过 → 拟稿\n结束 归档\n  负责：秘书科\n来文 → 拟稿 → 审核 → 复核\n",
        step("拟稿", "秘书科"),
        step("审核", "办公室主任"),
    );
    assert!(!codes_of(&text).contains(&"R002"));
    let shortcut = format!("{text}拟稿 → 复核\n");
    assert!(codes_of(&shortcut).contains(&"R002"));
}

#[test]
fn two_bare_steps_side_by_side_are_one_pass_through_pair() {
    // 清点 and 核对 both qualify and each names the other: one finding for the pair.
    let text = "流程 甲\n角色 秘书科：枢纽\n开始\n  负责：秘书科\n步骤 清点\n  负责：秘书科\n\
                步骤 核对\n  负责：秘书科\n结束\n  负责：秘书科\n开始 → 清点 → 核对 → 结束\n";
    let (_, output) = model::build_source("a.flow", text);
    assert!(!has_errors(&output.diagnostics));
    let r004: Vec<String> = check::check(&output.process, &Settings::default())
        .into_iter()
        .filter(|d| d.code == "R004")
        .map(|d| d.message.en)
        .collect();
    assert_eq!(
        r004,
        [
            "`清点` and its neighbour `核对` are done in a row by `秘书科` with no hand-off between them: they can be merged"
        ]
    );
}
