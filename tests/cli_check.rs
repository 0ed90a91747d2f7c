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

fn liucheng_with_lang_env(args: &[&str], lang: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_liucheng"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .output()
        .expect("run liucheng")
}

#[test]
fn explain_documents_every_code() {
    let list = liucheng(&["rules"]);
    assert_eq!(list.status.code(), Some(0));
    for code in ["S001", "C001", "G006", "M002", "P004", "F001", "T001"] {
        for (lang, heading) in [("zh", "## 检查什么"), ("en", "## What it does")] {
            let out = liucheng(&["--lang", lang, "explain", code]);
            let text = String::from_utf8_lossy(&out.stdout);
            assert_eq!(out.status.code(), Some(0), "explain {code}");
            assert!(text.starts_with(code) && text.contains(heading), "{text}");
        }
    }
    assert_eq!(liucheng(&["explain", "Z999"]).status.code(), Some(2));
}

#[test]
fn explain_prints_chinese_by_default_and_english_on_request() {
    let zh = liucheng_with_lang_env(&["explain", "S001"], "zh_CN.UTF-8");
    assert_eq!(zh.status.code(), Some(0));
    let zh = String::from_utf8(zh.stdout).unwrap();
    insta::assert_snapshot!("explain_S001_zh", zh);
    let en = liucheng_with_lang_env(&["--lang", "en", "explain", "S001"], "zh_CN.UTF-8");
    assert_eq!(en.status.code(), Some(0));
    let en = String::from_utf8(en.stdout).unwrap();
    insta::assert_snapshot!("explain_S001_en", en);
    // LANG=en… chooses English too, as for every other message.
    let from_env = liucheng_with_lang_env(&["explain", "missing-start"], "en_US.UTF-8");
    assert_eq!(String::from_utf8(from_env.stdout).unwrap(), en);
}

#[test]
fn explain_of_an_unknown_code_suggests_one_in_the_chosen_language() {
    let zh = liucheng(&["--lang", "zh", "explain", "S01"]);
    assert_eq!(zh.status.code(), Some(2));
    let zh = String::from_utf8_lossy(&zh.stderr);
    assert!(zh.contains("没有规则「S01」；是不是「S001」？"), "{zh}");
    let en = liucheng(&["--lang", "en", "explain", "S01"]);
    assert_eq!(en.status.code(), Some(2));
    let en = String::from_utf8_lossy(&en.stderr);
    assert!(en.contains("no rule `S01`; did you mean `S001`?"), "{en}");
    let name = liucheng(&["--lang", "zh", "explain", "dead-edn"]);
    let name = String::from_utf8_lossy(&name.stderr);
    assert!(name.contains("是不是「dead-end」？"), "{name}");
    let zh_name = liucheng(&["--lang", "zh", "explain", "死琐"]);
    let zh_name = String::from_utf8_lossy(&zh_name.stderr);
    assert!(zh_name.contains("是不是「死锁」？"), "{zh_name}");
    // A single letter is in every name: no guess, the pointer to the list instead.
    let letter = liucheng(&["--lang", "zh", "explain", "e"]);
    let letter = String::from_utf8_lossy(&letter.stderr);
    assert!(
        letter.contains("没有规则「e」；用 liucheng rules 查看全部规则"),
        "{letter}"
    );
}

#[test]
fn explain_takes_the_chinese_name_that_rules_lists() {
    let by_name = liucheng(&["--lang", "zh", "explain", "死锁"]);
    assert_eq!(by_name.status.code(), Some(0));
    let by_code = liucheng(&["--lang", "zh", "explain", "C002"]);
    assert_eq!(by_name.stdout, by_code.stdout);
}

#[test]
fn rules_lists_names_and_severities_in_the_chosen_language() {
    let zh = liucheng(&["--lang", "zh", "rules"]);
    let zh = String::from_utf8_lossy(&zh.stdout);
    let line = zh.lines().find(|l| l.contains("S001")).unwrap();
    assert_eq!(
        line.split_whitespace().collect::<Vec<_>>(),
        ["S001", "错误", "缺少开始", "missing-start"]
    );
    assert!(zh.lines().any(|l| l == "结构"), "{zh}");
    let en = liucheng(&["--lang", "en", "rules"]);
    let en = String::from_utf8_lossy(&en.stdout);
    let line = en.lines().find(|l| l.contains("S001")).unwrap();
    assert_eq!(
        line.split_whitespace().collect::<Vec<_>>(),
        ["S001", "error", "missing-start", "缺少开始"]
    );
    assert!(en.lines().any(|l| l == "Structure"), "{en}");
    for (lang, title) in [("zh", "# 检查规则"), ("en", "# Rules")] {
        let md = liucheng(&["--lang", lang, "rules", "--format", "md"]);
        assert_eq!(md.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&md.stdout).starts_with(title));
    }
}

#[test]
fn sarif_describes_rules_in_the_chosen_language() {
    let file = "tests/fixtures/rules/S001/bad.flow";
    for (lang, short, heading) in [
        ("zh", "缺少开始", "## 检查什么"),
        ("en", "missing-start", "## What it does"),
    ] {
        let out = liucheng(&["--lang", lang, "check", "--format", "sarif", file]);
        let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        let rule = rules.iter().find(|r| r["id"] == "S001").unwrap();
        assert_eq!(rule["name"], "missing-start");
        assert_eq!(rule["shortDescription"]["text"], short);
        let full = rule["fullDescription"]["text"].as_str().unwrap();
        let help = rule["help"]["markdown"].as_str().unwrap();
        assert!(help.contains(heading), "{help}");
        match lang {
            "zh" => assert_eq!(full, "流程里没有「开始」节点。"),
            _ => assert_eq!(full, "Reports a flow that has no `开始` (start) node."),
        }
    }
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
