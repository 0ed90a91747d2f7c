//! The "done when" scenario of issue #3, through the binary: a flow with a missing owner, a
//! dead end, a redundant shortcut edge and an AND-split closed by an XOR-merge reports all
//! four with their codes, located, in Chinese, with witness paths, and exits 1.

use std::process::Command;

fn liucheng(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_liucheng"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("run liucheng")
}

#[test]
fn four_faults_are_reported_located_in_chinese_with_witnesses() {
    let out = liucheng(&[
        "--lang",
        "zh",
        "check",
        "tests/fixtures/cli/four_faults.flow",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for (code, line, text) in [
        ("O001", 13, "「核稿」没有负责的角色"),
        ("S005", 29, "「修改」之后没有下一步"),
        ("R002", 37, "连线「核稿 → 签发」是多余的"),
        ("C001", 22, "缺少同步"),
    ] {
        assert!(
            stderr.contains(&format!("[{code}]")),
            "{code} missing:\n{stderr}"
        );
        assert!(stderr.contains(text), "{code} message missing:\n{stderr}");
        assert!(
            stderr.contains(&format!("four_faults.flow:{line}:")),
            "{code} not located at line {line}:\n{stderr}"
        );
    }
    assert!(
        stderr.contains("路径：核稿 → 分送 → 财务科会签 → 签发"),
        "shortcut witness:\n{stderr}"
    );
    assert!(
        stderr.contains("分支一：分送 → "),
        "concurrency witness:\n{stderr}"
    );
}

#[test]
fn explain_documents_every_code() {
    let list = liucheng(&["rules"]);
    assert_eq!(list.status.code(), Some(0));
    for code in ["S001", "C001", "G006", "M002", "P004", "F001"] {
        let out = liucheng(&["explain", code]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "explain {code}");
        assert!(
            text.starts_with(code) && text.contains("## What it does"),
            "{text}"
        );
    }
    assert_eq!(liucheng(&["explain", "Z999"]).status.code(), Some(2));
}

#[test]
fn example_flows_are_clean() {
    let out = liucheng(&["check", "flows"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn liucheng_toml_is_found_by_walking_up_from_the_file() {
    // tests/fixtures/rules/C004/liucheng.toml turns S006 off, so C004 reports the trap.
    let out = liucheng(&["check", "tests/fixtures/rules/C004/bad.flow"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("[C004]") && !stderr.contains("[S006]"),
        "{stderr}"
    );
}

#[test]
fn a_bad_liucheng_toml_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("liucheng.toml"),
        "[rules]\nS999 = \"allow\"\n",
    )
    .unwrap();
    let flow = dir.path().join("a.flow");
    std::fs::write(&flow, "流程 甲\n开始\n结束\n开始 → 结束\n").unwrap();
    let out = liucheng(&["check", flow.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("S999"), "{stderr}");
}

#[test]
fn deny_warnings_fails_on_warnings() {
    // O002 is a warning: exit 0 normally, 1 with --deny-warnings.
    let bad = "tests/fixtures/rules/O002/bad.flow";
    assert_eq!(liucheng(&["check", bad]).status.code(), Some(0));
    assert_eq!(
        liucheng(&["check", "--deny-warnings", bad]).status.code(),
        Some(1)
    );
    let good = "tests/fixtures/rules/R001/good.flow";
    assert_eq!(
        liucheng(&["check", "--deny-warnings", good]).status.code(),
        Some(0)
    );
}
