//! Property: every model the builder accepts goes through check, layout (swimlane and plain,
//! TB and LR), SVG and PNG (at a low resolution) without a panic — on *arbitrary* graphs:
//! random nodes of every kind, random edges (self-loops, parallel edges, 退回 edges, labels),
//! random owners and roles, islands, no start, no end, no edges, huge fan-in and fan-out.
//! Not only the well-structured flows of `rules_props.rs`.

use liucheng::diag::has_errors;
use liucheng::model::{self, NodeKind};
use liucheng::pipeline;
use proptest::prelude::*;
use std::fmt::Write as _;

/// A random flow as data, turned into `.flow` text by [`Spec::text`].
#[derive(Debug, Clone)]
struct Spec {
    roles: Vec<(u8, u8)>,
    nodes: Vec<(usize, Option<usize>, bool, Option<usize>)>,
    edges: Vec<(usize, usize, u8)>,
    documents: bool,
    loop_role: Option<usize>,
    deadline: bool,
    phases: bool,
}

const ROLE_KINDS: &[&str] = &["外部", "枢纽", "领导", "部门", "岗位", "集体"];
const LABELS: &[&str] = &["是", "否", "同意", "退回", "通过"];

impl Spec {
    fn text(&self) -> String {
        let mut s = String::from("流程 随机\n");
        if self.documents {
            s.push_str("  类别：办文\n");
        }
        if let Some(r) = self.loop_role.filter(|&r| r < self.roles.len()) {
            let _ = writeln!(s, "  闭环：R{r}");
        }
        if self.deadline {
            s.push_str("  总时限：3个工作日\n");
        }
        if self.phases {
            s.push_str("  阶段：前、中、后\n");
        }
        for (i, &(kind, level)) in self.roles.iter().enumerate() {
            let kind = ROLE_KINDS[kind as usize % ROLE_KINDS.len()];
            let _ = writeln!(s, "角色 R{i}：{kind}，级别 {}", level % 6);
        }
        for (i, &(kind, owner, limit, phase)) in self.nodes.iter().enumerate() {
            let kind = NodeKind::ALL[kind % NodeKind::ALL.len()];
            let _ = writeln!(s, "{} N{i}", kind.zh());
            if let Some(o) = owner.filter(|&o| o < self.roles.len()) {
                let _ = writeln!(s, "  负责：R{o}");
            }
            if limit {
                s.push_str("  时限：1个工作日\n");
            }
            if let Some(p) = phase.filter(|_| self.phases) {
                let _ = writeln!(s, "  阶段：{}", ["前", "中", "后"][p % 3]);
            }
        }
        let n = self.nodes.len();
        if n > 0 {
            for &(a, b, how) in &self.edges {
                let (a, b) = (a % n, b % n);
                let label = LABELS[how as usize % LABELS.len()];
                match how % 4 {
                    0 => writeln!(s, "N{a} → N{b}"),
                    1 => writeln!(s, "N{a} →【{label}】N{b}"),
                    2 => writeln!(s, "退回 N{a} → N{b}"),
                    _ => writeln!(s, "N{a}、N{b} → N{b}"),
                }
                .unwrap();
            }
        }
        s
    }
}

fn spec(max_nodes: usize, max_edges: usize) -> impl Strategy<Value = Spec> {
    (
        prop::collection::vec((any::<u8>(), any::<u8>()), 0..5),
        prop::collection::vec(
            (
                0usize..NodeKind::ALL.len(),
                prop::option::weighted(0.7, 0usize..5),
                any::<bool>(),
                prop::option::of(0usize..3),
            ),
            0..max_nodes,
        ),
        prop::collection::vec((0usize..64, 0usize..64, any::<u8>()), 0..max_edges),
        any::<bool>(),
        prop::option::of(0usize..5),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(roles, nodes, edges, documents, loop_role, deadline, phases)| Spec {
                roles,
                nodes,
                edges,
                documents,
                loop_role,
                deadline,
                phases,
            },
        )
}

/// Build the text; if the builder accepts it, run every later stage.
fn exercise(text: &str, png: bool) -> Result<bool, TestCaseError> {
    let (sources, output) = model::build_source("random.flow", text);
    if has_errors(&output.diagnostics) {
        return Ok(false);
    }
    let dpi = png.then_some(24);
    // The property is that nothing panics; with PNGs, also that every chart rasterises.
    let (charts, pngs, _) = pipeline::run_process(&output.process, &sources, dpi);
    if png {
        prop_assert_eq!(pngs, charts, "a small chart failed to rasterise:\n{}", text);
    }
    Ok(true)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Small arbitrary graphs, every stage including PNG.
    #[test]
    fn arbitrary_small_graphs_never_panic(spec in spec(10, 24)) {
        let text = spec.text();
        exercise(&text, true)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Larger arbitrary graphs (dense, tangled), check, layout and SVG.
    #[test]
    fn arbitrary_larger_graphs_never_panic(spec in spec(40, 120)) {
        let text = spec.text();
        exercise(&text, false)?;
    }

    /// One node with a huge fan-out and fan-in (every other node on both sides).
    #[test]
    fn huge_fan_in_and_out_never_panic(kind in 0usize..NodeKind::ALL.len(), n in 20usize..80, owned: bool) {
        let hub = NodeKind::ALL[kind];
        let mut s = String::from("流程 扇\n角色 R0\n角色 R1\n开始 S\n结束 E\n");
        let _ = writeln!(s, "{} H{}", hub.zh(), if owned { "\n  负责：R0" } else { "" });
        for i in 0..n {
            let _ = writeln!(s, "步骤 T{i}\n  负责：R{}", i % 2);
        }
        s.push_str("S → H\n");
        for i in 0..n {
            let _ = writeln!(s, "H → T{i}\nT{i} → H");
        }
        s.push_str("H → E\n");
        prop_assert!(exercise(&s, false)?, "the fan flow must build:\n{}", s);
    }
}

/// Paginate a built flow in both directions (A4, the chart split when long): every drawn step
/// is on exactly one page, and every off-page connector letter is on exactly two pages.
fn paginate_soundly(text: &str) -> Result<(), TestCaseError> {
    use liucheng::diagram::Direction;
    use liucheng::layout::LayoutOptions;
    use liucheng::layout::page::PageOptions;
    use liucheng::layout::paper::PaperSpec;
    use std::collections::BTreeMap;
    let (_, output) = model::build_source("random.flow", text);
    if has_errors(&output.diagnostics) {
        return Ok(());
    }
    for direction in [Direction::TopBottom, Direction::LeftRight] {
        let options = LayoutOptions {
            direction,
            ..LayoutOptions::default()
        };
        let Ok((p, svgs)) = pipeline::draw_pages(
            &output.process,
            &options,
            &PageOptions::default(),
            &liucheng::render::Theme::print(),
            &PaperSpec::default(),
            liucheng::render::svg::SvgFonts::None,
        ) else {
            continue; // Too large (T003).
        };
        prop_assert_eq!(svgs.len(), p.pages.len());
        let mut steps: BTreeMap<&str, usize> = BTreeMap::new();
        let mut letters: BTreeMap<&str, BTreeMap<usize, usize>> = BTreeMap::new();
        for (k, page) in p.pages.iter().enumerate() {
            for n in &page.sheet.nodes {
                *steps.entry(n.name.as_str()).or_default() += 1;
            }
            for c in &page.sheet.off_page {
                *letters
                    .entry(c.letter.as_str())
                    .or_default()
                    .entry(k)
                    .or_default() += 1;
            }
        }
        prop_assert!(steps.values().all(|&n| n == 1), "{:?}\n{}", steps, text);
        for (letter, pages) in &letters {
            prop_assert!(
                pages.len() == 2 && pages.values().all(|&n| n == 1),
                "connector {} on {:?}\n{}",
                letter,
                pages,
                text
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Larger arbitrary graphs paginate soundly (see [`paginate_soundly`]).
    #[test]
    fn arbitrary_larger_graphs_paginate_soundly(spec in spec(40, 120)) {
        paginate_soundly(&spec.text())?;
    }
}

/// The generator reaches the later stages: most random flows are accepted by the builder,
/// and the edge cases are among them.
#[test]
fn random_flows_are_mostly_accepted() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = spec(10, 24);
    let mut accepted = 0;
    for _ in 0..40 {
        let text = strategy.new_tree(&mut runner).unwrap().current().text();
        let (_, output) = model::build_source("random.flow", &text);
        if !has_errors(&output.diagnostics) {
            accepted += 1;
        } else {
            eprintln!("rejected:\n{text}\n{:?}", output.diagnostics);
        }
    }
    assert!(accepted >= 30, "only {accepted} of 40 random flows build");
}

/// Fixed shapes every stage must take: empty, edgeless, start only, end only, a self-loop,
/// islands, a bare cycle.
#[test]
fn degenerate_flows_never_panic() {
    let flows = [
        "流程 空\n",
        "流程 X\n开始 S\n结束 E\n",
        "流程 X\n开始 S\n",
        "流程 X\n结束 E\n",
        "流程 X\n步骤 A\n",
        "流程 X\n角色 R\n并行 P\n汇合 J\n",
        "流程 X\n开始 S\n步骤 A\n结束 E\nS → A\nA → A\nA → E\n",
        "流程 X\n步骤 A\n步骤 B\nA → B\nB → A\n",
        "流程 X\n开始 S\n结束 E\n步骤 A\n步骤 B\nS → E\nA → B\n",
        "流程 X\n说明 注\n",
        "流程 X\n开始 S\n说明 注\n注 → S\n",
    ];
    for text in flows {
        let outcome = pipeline::run_text(text, Some(24));
        assert_eq!(outcome.charts, 4, "{text}: {outcome:?}");
        assert_eq!(outcome.pngs, 4, "{text}: {outcome:?}");
    }
}
