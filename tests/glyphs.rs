//! The character policy (`check::text`, T001/T002) against what layout and render really do:
//! the texts it checks are exactly the texts a chart draws, and a flow it passes renders
//! (SVG that parses as XML, PNG) with every drawn character in the embedded font — on random
//! flows sprinkled with characters from every plane.

use liucheng::check::text::{Hidden, check_text, drawn_texts};
use liucheng::check::{self, Settings};
use liucheng::diag::Severity;
use liucheng::diagram::{Diagram, Direction, TextBlock};
use liucheng::font;
use liucheng::layout::page::{self, PageOptions};
use liucheng::layout::{LayoutKind, LayoutOptions, layout};
use liucheng::model::{Process, build_source};
use liucheng::render::measure::FontMeasure;
use liucheng::render::{Theme, png, svg};
use liucheng::synth::{SynthOptions, flow_text};
use proptest::prelude::*;
use std::collections::BTreeSet;

/// Lay out and furnish like `liucheng render`.
fn diagram(process: &Process, kind: LayoutKind, direction: Direction) -> Diagram {
    let measure = FontMeasure::regular();
    let options = LayoutOptions {
        kind,
        direction,
        ..LayoutOptions::default()
    };
    let mut d = layout(process, &options, &measure);
    page::furnish(
        &mut d,
        process,
        &PageOptions::default(),
        &measure,
        &FontMeasure::bold(),
    );
    d
}

/// Every text the diagram draws (as glyphs), and the texts only written into the SVG.
fn diagram_texts(d: &Diagram) -> (Vec<String>, Vec<String>) {
    let mut shown: Vec<String> = Vec::new();
    let block = |b: &TextBlock, out: &mut Vec<String>| out.extend(b.lines.iter().cloned());
    let mut attrs = Vec::new();
    for lane in &d.lanes {
        shown.extend(lane.lines.iter().cloned());
        attrs.push(lane.name.clone());
    }
    for band in &d.bands {
        shown.extend(band.lines.iter().cloned());
        attrs.push(band.name.clone());
    }
    for n in &d.nodes {
        shown.extend(n.lines.iter().cloned());
        shown.extend(n.number.iter().cloned());
        shown.extend(n.limit.iter().cloned());
        attrs.push(n.name.clone());
        attrs.extend(n.tooltip.iter().cloned());
    }
    for e in &d.edges {
        shown.extend(e.label.as_ref().map(|l| l.text.clone()));
    }
    let f = &d.furniture;
    if let Some(t) = &f.title {
        block(t, &mut shown);
    }
    for table in [&f.title_block, &f.revisions, &f.notes]
        .into_iter()
        .flatten()
    {
        for cell in &table.cells {
            block(&cell.text, &mut shown);
        }
    }
    if let Some(l) = &f.legend {
        block(&l.title, &mut shown);
        for item in &l.items {
            block(&item.label, &mut shown);
        }
    }
    (shown, attrs)
}

/// A flow where every drawable field holds its own marker (a hanzi found nowhere else).
const MARKED: &str = "\
流程 甲流程
  编号：乙
  版本：丙
  编制单位：丁
  日期：戊
  生效日期：己
  编制：庚
  审核：辛
  批准：壬
  修订：癸，子，丑，寅
  阶段：卯、辰
  备注：巳
  依据：午
角色 未
  备注：申
开始 酉
  负责：未
  阶段：卯
步骤 戌：亥
  负责：未
  时限：1个工作日
  编号：斗
  规则：牛
  标准：虎
  依据：兔
  备注：龙
  例外：蛇
步骤 马：羊
  负责：未
  阶段：辰
判断 猴：鸡
  负责：未
  狗 → 猪
  退回 鼠 → 戌
步骤 猪
  负责：未
结束 熊
  负责：未
酉 →【鹿】戌 → 马 → 猴
猪 → 熊
";

/// Markers the chart never draws (备注, 例外, the flow's 依据, the name of a step whose box
/// shows a label and that has no 说明 entry).
const NOT_DRAWN: &[char] = &['巳', '午', '申', '龙', '蛇', '马', '猴'];

fn marker_set(texts: impl IntoIterator<Item = String>, markers: &BTreeSet<char>) -> BTreeSet<char> {
    texts
        .into_iter()
        .flat_map(|t| t.chars().collect::<Vec<_>>())
        .filter(|c| markers.contains(c))
        .collect()
}

#[test]
fn the_checked_texts_are_exactly_the_drawn_texts() {
    let (_, out) = build_source("marked.flow", MARKED);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    let process = &out.process;
    // The markers: every hanzi of the file outside the keywords.
    let markers: BTreeSet<char> =
        "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥斗牛虎兔龙蛇马羊猴鸡狗猪鼠熊鹿"
            .chars()
            .collect();
    let texts = drawn_texts(process);
    let checked_shown = marker_set(
        texts.iter().filter(|t| t.shown).map(|t| t.text.to_owned()),
        &markers,
    );
    let checked_all = marker_set(texts.iter().map(|t| t.text.to_owned()), &markers);
    let expected_drawn: BTreeSet<char> = markers
        .iter()
        .copied()
        .filter(|c| !NOT_DRAWN.contains(c))
        .collect();
    assert_eq!(checked_shown, expected_drawn);
    let mut drawn_union = BTreeSet::new();
    let mut attr_union = BTreeSet::new();
    for kind in [LayoutKind::Swimlane, LayoutKind::Plain] {
        for direction in [Direction::TopBottom, Direction::LeftRight] {
            let d = diagram(process, kind, direction);
            let (shown, attrs) = diagram_texts(&d);
            drawn_union.extend(marker_set(shown, &markers));
            attr_union.extend(marker_set(attrs, &markers));
        }
    }
    // What the chart draws, in some layout, is what the policy checks as drawn.
    assert_eq!(drawn_union, checked_shown);
    // Everything written into the SVG at all is checked (for hidden characters).
    let written: BTreeSet<char> = drawn_union.union(&attr_union).copied().collect();
    assert!(
        written.is_subset(&checked_all),
        "{written:?} ⊄ {checked_all:?}"
    );
    assert!(checked_all.contains(&'马') && checked_all.contains(&'猴'));
}

/// Characters from every plane and every class the policy knows.
fn wild_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => 0x4E00u32..0xA000,           // CJK basic block (GBK, GB 18030)
        1 => 0x3400u32..0x4DC0,           // Extension A
        1 => 0x20000u32..0x2A6E0,         // Extension B
        1 => 0x1F300u32..0x1FB00,         // emoji
        1 => 0u32..0x20,                  // C0 controls
        1 => 0x7Fu32..0xA0,               // DEL, C1 controls
        1 => prop::sample::select(vec![
            0x202Au32, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
            0x200E, 0x200F, 0x061C,
        ]),
        1 => prop::sample::select(vec![
            0x200Bu32, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x2028, 0x2029,
        ]),
        1 => prop::sample::select(vec![
            0xFFFEu32, 0xFFFF, 0xFDD0, 0xFDEF, 0x1FFFE, 0x10FFFF,
        ]),
        1 => 0xE000u32..0xF900,           // private use
        1 => 0xF0000u32..0xFFFFE,         // supplementary private use
        1 => 0x20u32..0x250,              // Latin, punctuation
        1 => 0x2000u32..0x2070,           // general punctuation
        1 => 0x3000u32..0x3040,           // CJK punctuation
        1 => 0xFF00u32..0xFFF0,           // full-width forms
        1 => 0u32..0x110000,              // anything
    ]
    .prop_filter_map("a scalar value", char::from_u32)
}

/// Text made of common hanzi with a few wild characters in it.
fn wild_text() -> impl Strategy<Value = String> {
    (
        prop::option::weighted(0.12, wild_char()),
        prop::collection::vec(
            prop::sample::select("签收登记审核批办理文件张三王五".chars().collect::<Vec<_>>()),
            1..4,
        ),
    )
        .prop_map(|(wild, plain)| {
            let mut out: Vec<char> = plain;
            if let Some(c) = wild {
                out.insert(out.len() / 2, c);
            }
            out.into_iter()
                .filter(|c| *c != '\n' && *c != '\r')
                .collect()
        })
}

/// A synthetic flow with wild text in its name, the title block, revisions, a role, every step
/// (label, 规则, 标准, 依据, 编号) and every branch label.
fn wild_flow(seed: u64, steps: usize, roles: usize, wild: &[String]) -> String {
    let opts = SynthOptions {
        roles,
        ..SynthOptions::default()
    };
    let base = flow_text(seed, steps, &opts);
    let mut pick = {
        let mut i = 0usize;
        move || {
            i += 1;
            wild[i % wild.len()].clone()
        }
    };
    let mut out = String::new();
    for (n, line) in base.lines().enumerate() {
        if let Some(label) = line.split_once('【').and_then(|(_, r)| r.split_once('】')) {
            // An edge label: replace its text.
            let new = line.replacen(&format!("【{}】", label.0), &format!("【{}】", pick()), 1);
            out.push_str(&new);
            out.push('\n');
            continue;
        }
        if n == 0 {
            // The flow's name (title, title block, SVG <title>).
            out.push_str(&format!("流程 {}\n", pick()));
        } else {
            out.push_str(line);
            out.push('\n');
        }
        if n == 0 {
            for key in [
                "编制",
                "审核",
                "批准",
                "生效日期",
                "编制单位",
                "日期",
                "版本",
            ] {
                out.push_str(&format!("  {key}：{}\n", pick()));
            }
            out.push_str(&format!(
                "  修订：{}，{}，{}，{}\n  阶段：{}\n",
                pick(),
                pick(),
                pick(),
                pick(),
                pick()
            ));
        }
        let is_node = ["步骤 ", "判断 ", "并行 ", "汇合 ", "结束 "]
            .iter()
            .any(|k| line.starts_with(k));
        if is_node {
            out.push_str(&format!(
                "  显示：{}\n  规则：{}\n  标准：{}\n  依据：{}\n  编号：{}\n",
                pick(),
                pick(),
                pick(),
                pick(),
                pick()
            ));
        }
    }
    if roles > 0 {
        out.push_str(&format!("角色 {}\n", pick()));
    }
    out
}

fn errors(process: &Process, sources: &liucheng::SourceMap) -> usize {
    let mut all = check_text(process, sources);
    all.extend(check::check(process, &Settings::default()));
    all.iter().filter(|d| d.severity == Severity::Error).count()
}

fn assert_renders(process: &Process, text: &str) {
    let theme = Theme::named("print").unwrap();
    for (kind, direction) in [
        (LayoutKind::Swimlane, Direction::TopBottom),
        (LayoutKind::Plain, Direction::LeftRight),
    ] {
        let d = diagram(process, kind, direction);
        let (shown, _) = diagram_texts(&d);
        for line in &shown {
            for c in line.chars() {
                assert!(
                    font::covers(c) && Hidden::of(c).is_none(),
                    "check passed, but the chart draws {c:?} (U+{:04X}) in {line:?}\n{text}",
                    c as u32
                );
            }
        }
        let out = svg::to_svg(&d, &theme);
        assert!(
            out.chars().all(svg::xml_char),
            "SVG holds a non-XML character\n{text}"
        );
        png::to_png(&out, 24).unwrap_or_else(|e| panic!("{e}\n{text}"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// `check` clean ⇒ `render` succeeds and draws every character; the SVG is valid XML
    /// whatever the flow holds.
    #[test]
    fn check_clean_implies_render_succeeds(
        seed in any::<u64>(),
        steps in 4usize..14,
        roles in 0usize..3,
        wild in prop::collection::vec(wild_text(), 1..12),
    ) {
        let text = wild_flow(seed, steps, roles, &wild);
        let (sources, out) = build_source("wild.flow", &text);
        let build_errors = out.diagnostics.iter().any(|d| d.severity == Severity::Error);
        if !build_errors && errors(&out.process, &sources) == 0 {
            assert_renders(&out.process, &text);
        } else {
            // Not clean: the policy still runs (on a partial model too), and the writer never
            // emits a character XML forbids.
            let _ = check_text(&out.process, &sources);
            let d = diagram(&out.process, LayoutKind::Plain, Direction::TopBottom);
            let svg = svg::to_svg(&d, &Theme::named("print").unwrap());
            prop_assert!(svg.chars().all(svg::xml_char));
            prop_assert!(png::to_png(&svg, 24).is_ok());
        }
    }
}

#[test]
fn the_property_sees_clean_flows_too() {
    // The generator is not so wild that no flow ever passes: plain text passes and renders.
    // Rare name characters of the BMP are in the font: 朱镕基, 王堃, 张喆, 刘䶮 ….
    let wild = ["签收", "朱镕基", "堃喆昇赟珺玥翀昱琤䶮"].map(str::to_owned);
    let text = wild_flow(7, 10, 2, &wild);
    let (sources, out) = build_source("tame.flow", &text);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(errors(&out.process, &sources), 0);
    assert_renders(&out.process, &text);
}

mod common;

/// `check` and `render` of one flow file: (check exit, check stderr, render exit, render
/// stderr, the SVG if written).
fn check_and_render(flow: &str) -> (i32, String, i32, String, Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("liucheng.toml"), "").unwrap();
    let path = dir.path().join("人名.flow");
    std::fs::write(&path, flow).unwrap();
    let path = path.to_str().unwrap();
    let check = common::liucheng(&["check", path]);
    let out = dir.path().join("out");
    let render = common::liucheng(&[
        "render",
        path,
        "-o",
        out.to_str().unwrap(),
        "--format",
        "svg,png",
        "--dpi",
        "24",
    ]);
    let svg = std::fs::read_to_string(out.join("人名.svg")).ok();
    if svg.is_none() {
        assert!(!out.join("人名.png").exists(), "a PNG without its SVG");
    }
    (
        check.status.code().unwrap(),
        common::text(&check.stderr),
        render.status.code().unwrap(),
        common::text(&render.stderr),
        svg,
    )
}

const SIGNED: &str = "流程 人事任免\n  编制：NAME 2026-11-20\n  审核：王五\n  批准：李四\n  修订：1.0，2026-11-27，NAME，首次发布\n角色 秘书科\n开始\n  负责：秘书科\n步骤 呈报：STEP\n  负责：秘书科\n  规则：逐级呈报\n结束 归档\n  负责：秘书科\n开始 → 呈报 → 归档\n";

fn signed(name: &str, step: &str) -> String {
    SIGNED.replace("NAME", name).replace("STEP", step)
}

#[test]
fn zhu_rongji_in_the_sign_off_is_drawn() {
    // 镕 is outside GB2312 but inside the font's basic CJK block: check passes and the
    // chart draws the name whole, in the title block and the revision history.
    let (check, check_err, render, render_err, svg) =
        check_and_render(&signed("朱镕基", "呈报审批"));
    assert_eq!(check, 0, "{check_err}");
    assert!(!check_err.contains("T001"), "{check_err}");
    assert_eq!(render, 0, "{render_err}");
    let svg = svg.expect("drawn");
    assert_eq!(
        svg.matches(">朱镕基 2026-11-20<").count(),
        1,
        "编制 drawn whole"
    );
    assert_eq!(svg.matches(">朱镕基<").count(), 1, "修订人 drawn whole");
    // 䶮 (刘䶮) is in Extension A, which the font covers too.
    let (check, check_err, render, render_err, svg) = check_and_render(&signed("刘䶮", "呈报审批"));
    assert_eq!((check, render), (0, 0), "{check_err}\n{render_err}");
    assert_eq!(svg.expect("drawn").matches(">刘䶮<").count(), 1);
}

#[test]
fn a_name_character_outside_the_font_is_t001_from_check_and_render() {
    // 𪚥 is in CJK Extension B (plane 2), which the font does not cover.
    let (check, check_err, render, render_err, svg) = check_and_render(&signed("王𪚥", "呈报审批"));
    assert_eq!((check, render), (1, 1), "{check_err}\n{render_err}");
    assert!(svg.is_none(), "nothing drawn with a blank in it");
    for err in [&check_err, &render_err] {
        // 编制 on line 2, 修订人 on line 5: both at the character.
        assert!(err.contains("人名.flow:2:7"), "{err}");
        assert!(err.contains("人名.flow:5:22"), "{err}");
        assert_eq!(err.matches("错误[T001]").count(), 2, "{err}");
        assert!(err.contains("U+2A6A5") && err.contains("编制"), "{err}");
        assert!(
            err.contains("docs/fonts.md"),
            "the help says how to get it included: {err}"
        );
    }
}

#[test]
fn hidden_characters_in_a_step_are_t002_from_check_and_render() {
    for (step, code, column) in [
        ("呈报\u{FFFE}审批", "T002", 9),
        ("呈报\u{FFFF}", "T002", 9),
        ("呈报\u{202E}审批", "T002", 9),
        ("呈报\u{200B}审批", "T002", 9),
        ("呈报\u{2060}审批", "T002", 9),
        ("呈报\u{2028}审批", "T002", 9),
        ("呈报审批😀", "T001", 11),
        ("呈报𠀀审批", "T001", 9),
    ] {
        let (check, check_err, render, render_err, svg) = check_and_render(&signed("张三", step));
        assert_eq!(
            (check, render),
            (1, 1),
            "{step:?}\n{check_err}\n{render_err}"
        );
        assert!(svg.is_none(), "{step:?}: no SVG written");
        for err in [&check_err, &render_err] {
            assert!(err.contains(&format!("错误[{code}]")), "{step:?}: {err}");
            assert!(
                err.contains(&format!("人名.flow:9:{column}")),
                "{step:?}: {err}"
            );
            if code == "T002" {
                // The message shows it as <U+XXXX>, never raw (a bidi control would reorder
                // the line).
                let c = step.chars().nth(2).unwrap();
                let message = err.lines().next().unwrap();
                assert!(message.contains(&format!("<U+{:04X}>", c as u32)), "{err}");
                // The source line under it shows U+FFFD in its place, underlined.
                assert!(!err.contains(c), "{step:?}: printed raw: {err}");
                assert!(err.contains("呈报\u{FFFD}"), "{err}");
            }
        }
    }
}

#[test]
fn hidden_characters_in_names_are_t002() {
    let flow = "流程 收文\u{200D}办理\n角色 秘书\u{202E}科\n开始\n  负责：秘书\u{202E}科\n步骤 签收\n  负责：秘书\u{202E}科\n开始 →【同\u{200C}意】签收\n";
    let (check, check_err, render, _, svg) = check_and_render(flow);
    assert_eq!((check, render), (1, 1), "{check_err}");
    assert!(svg.is_none());
    for at in ["人名.flow:1:6", "人名.flow:2:6", "人名.flow:7:7"] {
        assert!(check_err.contains(at), "{at}: {check_err}");
    }
    assert_eq!(check_err.matches("错误[T002]").count(), 3, "{check_err}");
}

#[test]
fn the_svg_writer_never_writes_a_character_xml_forbids() {
    // Defence in depth: even a flow that skipped `check` gives an SVG that parses.
    let text = "流程 收\u{FFFF}文\n步骤 签\u{FFFE}收：签\u{FFFE}收\u{1FFFE}\n  规则：须\u{FDD0}清点\n结束 归档\n签\u{FFFE}收 →【是\u{FFFF}】归档\n";
    let (sources, out) = build_source("bad.flow", text);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    let findings = check_text(&out.process, &sources);
    assert!(!findings.is_empty(), "check refuses these characters");
    assert!(findings.iter().all(|d| d.code == "T002"), "{findings:#?}");
    for kind in [LayoutKind::Swimlane, LayoutKind::Plain] {
        let d = diagram(&out.process, kind, Direction::TopBottom);
        let out = svg::to_svg(&d, &Theme::named("print").unwrap());
        for c in ['\u{FFFE}', '\u{FFFF}', '\u{1FFFE}', '\u{FDD0}'] {
            assert!(!out.contains(c), "{c:?} written");
        }
        assert!(out.contains("签收"));
        png::to_png(&out, 24).expect("usvg parses the SVG");
    }
}
