//! The examples in `docs/language.md` must stay true: the complete example and the English
//! example check clean, and the complete example is canonical (`fmt` leaves it unchanged).

use liucheng::model::build_source;
use liucheng::source::SourceId;

fn flow_blocks() -> Vec<String> {
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/language.md")).unwrap();
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in doc.lines() {
        match (&mut current, line) {
            (None, "```flow") => current = Some(String::new()),
            (Some(_), "```") => blocks.push(current.take().unwrap()),
            (Some(block), line) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

#[test]
fn complete_examples_check_clean() {
    let blocks = flow_blocks();
    let complete: Vec<&String> = blocks
        .iter()
        .filter(|b| b.contains("流程 ") || b.starts_with("flow "))
        .collect();
    let english = blocks
        .iter()
        .find(|b| b.starts_with("flow "))
        .expect("English example");
    for block in [blocks[0].as_str(), english.as_str()] {
        let (_, out) = build_source("doc.flow", block);
        assert!(
            out.diagnostics.is_empty(),
            "{:#?}\n{block}",
            out.diagnostics
        );
        assert!(out.process.graph.node_count() >= 3);
    }
    assert!(complete.len() >= 2);
    let (doc, _) = liucheng::syntax::parse(&blocks[0], SourceId(0));
    assert_eq!(
        liucheng::syntax::format(&doc),
        blocks[0],
        "the first example must be canonical"
    );
}

#[test]
fn english_keywords_mean_the_same() {
    let zh = "流程 甲\n角色 秘书科：枢纽，级别 2\n开始\n步骤 登记\n  负责：秘书科\n  时限：当日\n结束 归档\n开始 → 登记 → 归档\n";
    let en = "flow 甲\nrole 秘书科: hub, level 2\nstart 开始\nstep 登记\n  owner: 秘书科\n  limit: same day\nend 归档\n开始 -> 登记 -> 归档\n";
    let export = |text: &str| {
        let (sources, out) = build_source("x.flow", text);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        let mut v = liucheng::model::export::to_json(&out.process, &sources);
        for list in ["roles", "nodes", "edges"] {
            for item in v[list].as_array_mut().unwrap() {
                item.as_object_mut().unwrap().remove("at");
            }
        }
        v.as_object_mut().unwrap().remove("flow");
        v
    };
    let mut a = export(zh);
    let b = export(en);
    // The English file says `same day` where the Chinese says `当日`.
    a["nodes"][1]["limit"]["text"] = "same day".into();
    assert_eq!(a, b);
}

#[test]
fn readme_tutorial_checks_clean() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("```flow\n").expect("tutorial block") + "```flow\n".len();
    let block = &readme[start..start + readme[start..].find("```").unwrap()];
    let (_, out) = build_source("请假.flow", block);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
}
