//! The command line as users and CI see it: exit codes, formats, bad input.

mod common;

use common::{liucheng, liucheng_in, text};
use std::path::{Path, PathBuf};
use std::process::Command;

fn temp_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("liucheng.toml"), "").unwrap();
    dir
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

const THREE_MISTAKES: &str = "tests/fixtures/syntax/err/three-mistakes-fullwidth.flow";

#[test]
fn three_mistakes_give_three_located_chinese_diagnostics_and_exit_1() {
    let out = liucheng(&["check", THREE_MISTAKES]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    for (code, place) in [("M003", ":6:6"), ("P006", ":8:3"), ("M002", ":10:6")] {
        assert!(
            stderr.contains(&format!("错误[{code}]")),
            "{code} missing:\n{stderr}"
        );
        assert!(
            stderr.contains(&format!("three-mistakes-fullwidth.flow{place}")),
            "{place}:\n{stderr}"
        );
    }
    assert!(stderr.contains("是不是「秘书科」"), "{stderr}");
}

#[test]
fn json_and_sarif_carry_the_same_findings() {
    let json = liucheng(&["check", "--format", "json", THREE_MISTAKES]);
    assert_eq!(json.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let from_json: Vec<(String, u64, u64)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(from_json.len(), 3);
    let sarif = liucheng(&["check", "--format", "sarif", THREE_MISTAKES]);
    assert_eq!(sarif.status.code(), Some(1));
    let sarif: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let from_sarif: Vec<(String, u64, u64)> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let region = &r["locations"][0]["physicalLocation"]["region"];
            (
                r["ruleId"].as_str().unwrap().to_owned(),
                region["startLine"].as_u64().unwrap(),
                region["startColumn"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(from_json, from_sarif);
}

#[test]
fn english_with_lang_flag_or_environment() {
    let out = liucheng(&["--lang", "en", "check", THREE_MISTAKES]);
    assert!(text(&out.stderr).contains("error[M003]: no role named `秘书课`"));
    let out = Command::new(env!("CARGO_BIN_EXE_liucheng"))
        .args(["check", THREE_MISTAKES])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    assert!(
        text(&out.stderr).contains("did you mean"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn usage_and_io_errors_exit_2() {
    assert_eq!(liucheng(&[]).status.code(), Some(2));
    assert_eq!(liucheng(&["check"]).status.code(), Some(2));
    assert_eq!(
        liucheng(&["check", "--format", "xml", "flows"])
            .status
            .code(),
        Some(2)
    );
    let out = liucheng(&["check", "没有这个文件.flow"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("没有这个文件.flow"));
}

#[test]
fn bad_input_gets_a_diagnostic_and_exit_1_never_a_panic() {
    let dir = temp_project();
    let (gbk, _, _) = encoding_rs::GBK.encode("流程 收文办理\n开始\n结束\n开始 → 结束\n");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.flow", Vec::new(), "P001"),
        (
            "binary.flow",
            vec![0x7f, b'E', b'L', b'F', 0, 0, 1, 2],
            "F002",
        ),
        ("gbk.flow", gbk.into_owned(), "F001"),
        ("utf16.flow", vec![0xFF, 0xFE, b'a', 0], "F003"),
        (
            "invalid.flow",
            vec![b'a', 0xC3, 0x28, 0xFF, 0xFE, 0xFD],
            "F002",
        ),
        (
            "unterminated.flow",
            "流程 “未闭合\n".as_bytes().to_vec(),
            "P002",
        ),
        (
            "keyword.flow",
            "流程 甲\nfoo bar baz\n".as_bytes().to_vec(),
            "P003",
        ),
    ];
    for (name, bytes, code) in cases {
        write(dir.path(), name, &bytes);
        let out = liucheng_in(dir.path(), &["check", name]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("[{code}]")),
            "{name}: expected {code}\n{stderr}"
        );
        assert!(
            stderr.contains(&format!("{name}:")),
            "{name}: location missing\n{stderr}"
        );
    }
    // The GBK file is readable when the user says so.
    let out = liucheng_in(dir.path(), &["--encoding", "gbk", "check", "gbk.flow"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn a_ten_megabyte_line_is_reported_briefly() {
    let dir = temp_project();
    let mut body = String::from("流程 长行\n步骤 ");
    body.push_str(&"很".repeat(3_500_000));
    body.push_str(" 多余\n");
    write(dir.path(), "long.flow", body.as_bytes());
    let out = liucheng_in(dir.path(), &["check", "long.flow"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("[P004]"),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
    assert!(
        stderr.len() < 20_000,
        "snippet of a 10 MB line must be cropped ({} bytes)",
        stderr.len()
    );
}

#[test]
fn a_huge_flow_is_fine() {
    let dir = temp_project();
    // synth gives roles random levels and owners at random: hand-offs skip levels (G001).
    std::fs::write(
        dir.path().join("liucheng.toml"),
        "[rules]\nG001 = \"allow\"\n",
    )
    .unwrap();
    let flow = liucheng::synth::flow_text(1, 20_000, &liucheng::synth::SynthOptions::default());
    write(dir.path(), "huge.flow", flow);
    let out = liucheng_in(dir.path(), &["check", "huge.flow"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn a_deep_base_chain_is_cut_off() {
    let dir = temp_project();
    for i in 0..20 {
        write(
            dir.path(),
            &format!("f{i}.flow"),
            format!("基于 “f{}.flow”\n流程 第{i}层\n", i + 1),
        );
    }
    write(dir.path(), "f20.flow", "流程 底层\n");
    let out = liucheng_in(dir.path(), &["check", "f0.flow"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("[M007]"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn fmt_check_diff_and_write() {
    let dir = temp_project();
    let messy = "# 头注释\n流程:测试   # 名称\n\n\n角色 秘书科(枢纽,级别2)\n开始\n步骤 签收\n负责:秘书科\n结束\n开始->签收->结束\n";
    let path = write(dir.path(), "messy.flow", messy);
    let out = liucheng_in(dir.path(), &["fmt", "--check", "messy.flow"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("+开始 → 签收 → 结束"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        messy,
        "--check must not write"
    );
    let out = liucheng_in(dir.path(), &["fmt", "messy.flow"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let formatted = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        formatted,
        "# 头注释\n流程 测试  # 名称\n\n角色 秘书科：枢纽，级别 2\n开始\n步骤 签收\n  负责：秘书科\n结束\n开始 → 签收 → 结束\n"
    );
    assert_eq!(
        liucheng_in(dir.path(), &["fmt", "--check", "messy.flow"])
            .status
            .code(),
        Some(0)
    );
    // No temporary files are left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn fmt_never_rewrites_a_file_that_does_not_parse() {
    let dir = temp_project();
    let broken = "流程 测试\n步聚  签收\n开始->结束\n";
    let path = write(dir.path(), "broken.flow", broken);
    let out = liucheng_in(dir.path(), &["fmt", "broken.flow"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("[P003]"));
    assert_eq!(std::fs::read_to_string(path).unwrap(), broken);
}

#[test]
fn every_flow_in_the_repo_is_formatted_and_clean() {
    let out = liucheng(&[
        "fmt",
        "--check",
        "flows",
        "tests/fixtures/base/标准.flow",
        "tests/fixtures/base/改编.flow",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let out = liucheng(&["check", "flows"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn export_json_follows_the_schema() {
    let out = liucheng(&[
        "export",
        "--format",
        "json",
        "tests/fixtures/base/改编.flow",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["schema"], "liucheng.process/1");
    assert_eq!(json["flow"]["name"], "县局收文");
    assert_eq!(json["flow"]["based_on"][0], "tests/fixtures/base/标准.flow");
    // The adapted chart is signed anew; its revision history is the base's until it writes
    // its own.
    assert_eq!(json["flow"]["drafter"], serde_json::Value::Null);
    assert_eq!(json["flow"]["approver"], serde_json::Value::Null);
    assert_eq!(json["flow"]["revisions"][0]["summary"], "首次发布");
    let roles: Vec<&str> = json["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["综合科", "承办部门", "局长"]);
    let nodes = json["nodes"].as_array().unwrap();
    let names: Vec<&str> = nodes.iter().map(|n| n["name"].as_str().unwrap()).collect();
    assert!(
        !names.contains(&"传阅"),
        "deleted step must be gone: {names:?}"
    );
    let register = nodes.iter().find(|n| n["name"] == "登记").unwrap();
    assert_eq!(register["label"], "登记、编号");
    assert_eq!(
        register["basis"],
        serde_json::json!(["县局公文处理办法第八条"])
    );
    let approve = nodes.iter().find(|n| n["name"] == "批办").unwrap();
    assert_eq!(
        approve["owner"], 2,
        "批办 now belongs to 局长 (lane 2 after 分管领导 was deleted)"
    );
    let undertake = nodes.iter().find(|n| n["name"] == "承办").unwrap();
    assert_eq!(undertake["owner"], 1);
    assert_eq!(undertake["limit"]["text"], "2个工作日");
    assert_eq!(undertake["limit"]["minutes"], 960);
    // 登记 → 传阅 → 批办 was bridged into 登记 → 批办 when 传阅 was deleted.
    let id = |name: &str| nodes.iter().find(|n| n["name"] == name).unwrap()["id"].clone();
    let edges = json["edges"].as_array().unwrap();
    assert!(
        edges
            .iter()
            .any(|e| e["from"] == id("登记") && e["to"] == id("批办"))
    );
    assert!(
        !edges
            .iter()
            .any(|e| e["from"] == id("承办") && e["to"] == id("归档"))
    );
}
