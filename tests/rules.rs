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
        Settings::load(&config).unwrap()
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

fn codes(diags: &[Diagnostic]) -> Vec<&'static str> {
    diags.iter().map(|d| d.code).collect()
}

#[test]
fn docs_rules_md_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let expected = registry::markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/rules.md is stale: run `cargo run -- rules --format md > docs/rules.md`"
    );
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
                开始\n步骤 签收\n  负责：秘书科\n  时限：当日\n结束\n开始 → 签收 → 结束\n";
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
