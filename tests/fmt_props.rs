//! Properties of the formatter: on any input that parses cleanly, formatting is idempotent
//! and keeps the meaning (the syntax tree, spans aside, and the model export, positions aside).

use liucheng::model::{build_source, export};
use liucheng::source::SourceId;
use liucheng::syntax::{format, parse};
use liucheng::synth::{SynthOptions, flow_text};
use proptest::prelude::*;

fn tree(text: &str) -> Option<serde_json::Value> {
    let (doc, diags) = parse(text, SourceId(0));
    diags
        .is_empty()
        .then(|| serde_json::to_value(&doc).unwrap())
}

fn model_without_positions(text: &str) -> serde_json::Value {
    let (sources, out) = build_source("p.flow", text);
    let mut value = export::to_json(&out.process, &sources);
    strip_positions(&mut value);
    value
}

fn strip_positions(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.remove("at");
            map.values_mut().for_each(strip_positions);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_positions),
        _ => {}
    }
}

fn assert_round_trip(text: &str) {
    let Some(before) = tree(text) else { return };
    let once = format(&parse(text, SourceId(0)).0);
    let after = tree(&once).unwrap_or_else(|| panic!("formatted text does not parse:\n{once}"));
    assert_eq!(
        before, after,
        "meaning changed:\n--- input\n{text}\n--- formatted\n{once}"
    );
    let twice = format(&parse(&once, SourceId(0)).0);
    assert_eq!(once, twice, "not idempotent");
    assert_eq!(
        model_without_positions(text),
        model_without_positions(&once)
    );
}

/// Rewrite a flow's surface syntax without changing its meaning: the other width of each
/// punctuation mark, other indentation, comments, blank lines, CRLF.
fn scramble(text: &str, choices: &[u8]) -> String {
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let c = choices.get(i % choices.len().max(1)).copied().unwrap_or(0);
        let mut line = line.to_owned();
        if c & 1 != 0 {
            line = line.replace('：', ":").replace('，', ",");
        }
        if c & 2 != 0 {
            line = line
                .replace(" → ", "->")
                .replace('【', "[")
                .replace('】', "]");
        }
        if c & 4 != 0 && line.starts_with("  ") {
            line = format!("\t{}", line.trim_start());
        }
        if c & 8 != 0 && line.starts_with("  ") {
            line = format!("\u{3000}{}", line.trim_start());
        }
        if c & 16 != 0 {
            line.push_str("  # 注释");
        }
        if c & 32 != 0 {
            out.push_str("// 说明行\n");
        }
        if c & 64 != 0 {
            out.push('\n');
        }
        out.push_str(&line);
        out.push_str(if c & 128 != 0 { "\r\n" } else { "\n" });
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn fmt_keeps_generated_flows(seed in 0u64..10_000, steps in 3usize..120, choices in prop::collection::vec(any::<u8>(), 1..16)) {
        let text = scramble(&flow_text(seed, steps, &SynthOptions::default()), &choices);
        prop_assert!(tree(&text).is_some(), "scrambled flow must parse:\n{}", text);
        assert_round_trip(&text);
    }

    #[test]
    fn fmt_keeps_any_clean_parse(lines in prop::collection::vec(line(), 0..12)) {
        let text = lines.join("\n");
        assert_round_trip(&text);
    }

    #[test]
    fn parser_never_panics(text in "\\PC{0,200}") {
        let _ = parse(&text, SourceId(0));
        let _ = build_source("x.flow", &text);
    }
}

/// Lines assembled from the language's pieces, so that many of them parse.
fn line() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "流程",
        "角色",
        "步骤",
        "判断",
        "开始",
        "结束",
        "并行",
        "汇合",
        "说明",
        "退回",
        "修改",
        "删除",
        "改名",
        "负责",
        "时限",
        "依据",
        "编号",
        "签收",
        "登记",
        "秘书科",
        "A",
        "b c",
        "：",
        ":",
        "，",
        "、",
        "→",
        "->",
        "【",
        "】",
        "（",
        "）",
        "“",
        "”",
        "\"",
        " ",
        "  ",
        "\t",
        "# 注",
        "//x",
        "3个工作日",
        "当日",
        "提前",
        "次日",
        "1至3个工作日",
        "下班前",
        "枢纽",
        "级别 2",
    ]);
    prop::collection::vec(piece, 0..8).prop_map(|parts| parts.concat())
}

/// Inputs the fuzzers found (`fuzz/`): each must round-trip, and go through the whole
/// pipeline (check, layout in every variant, SVG, PNG at a low resolution) without a panic.
#[test]
fn fuzz_regressions() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut replayed = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        // `pipeline/` holds the whole-pipeline corpus (`tests/fuzz_corpus.rs`).
        if path.extension().is_none_or(|e| e != "flow") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        // The fuzz target only parses what decodes; so must every saved input.
        let text = liucheng::source::decode(&bytes, liucheng::source::Encoding::Utf8)
            .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        assert_round_trip(&text);
        let outcome = liucheng::pipeline::run_text(&text, Some(24));
        // Every chart drawn (all four variants, or none when the model has errors) also
        // rasterises.
        assert_eq!(
            outcome.pngs,
            outcome.charts,
            "{}: {outcome:?}",
            path.display()
        );
        replayed += 1;
    }
    assert!(replayed >= 2, "the fuzz regression inputs are missing");
}
