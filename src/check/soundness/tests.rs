use std::time::{Duration, Instant};

use petgraph::stable_graph::NodeIndex;
use proptest::prelude::*;

use super::*;
use crate::model::{NodeKind, Process, build_source};
use crate::synth::{SynthOptions, flow_text, parallel_regions};

fn process(text: &str) -> Process {
    build_source("t.flow", text).1.process
}

fn check(text: &str) -> (Process, Analysis) {
    let p = process(text);
    let a = analyse(&p, &Limits::default());
    assert_witnesses_are_paths(&p, &a.faults);
    (p, a)
}

fn name(p: &Process, n: NodeIndex) -> &str {
    &p.graph[n].name
}

fn names(p: &Process, path: &[NodeIndex]) -> String {
    path.iter()
        .map(|&n| name(p, n))
        .collect::<Vec<_>>()
        .join(" → ")
}

/// A readable summary of the faults, one per line.
fn summary(p: &Process, faults: &[Fault]) -> Vec<String> {
    faults
        .iter()
        .map(|f| match f {
            Fault::LackOfSync {
                split,
                merge,
                path_a,
                path_b,
            } => format!(
                "lack-of-sync {}..{}: [{}] [{}]",
                name(p, *split),
                name(p, *merge),
                names(p, path_a),
                names(p, path_b)
            ),
            Fault::Deadlock {
                split,
                join,
                taken,
                missing_into,
            } => format!(
                "deadlock {}..{}: [{}] missing {}",
                split.map_or("-", |s| name(p, s)),
                name(p, *join),
                names(p, taken),
                name(p, *missing_into)
            ),
            Fault::DeadStep { node } => format!("dead {}", name(p, *node)),
            Fault::Livelock { cycle } => format!("livelock [{}]", names(p, cycle)),
            Fault::Inconclusive { explored, hints } => {
                format!("inconclusive after {explored}: {:?}", summary(p, hints))
            }
        })
        .collect()
}

/// Every witness is a walk along flow edges.
fn assert_witnesses_are_paths(p: &Process, faults: &[Fault]) {
    let walk = |path: &[NodeIndex]| {
        for w in path.windows(2) {
            assert!(
                p.successors(w[0]).contains(&w[1]),
                "not an edge: {} → {} in [{}]",
                name(p, w[0]),
                name(p, w[1]),
                names(p, path)
            );
        }
    };
    for f in faults {
        match f {
            Fault::LackOfSync {
                split,
                merge,
                path_a,
                path_b,
            } => {
                for path in [path_a, path_b] {
                    walk(path);
                    assert_eq!(path.first(), Some(split));
                }
                assert_eq!(path_a.last(), Some(merge));
            }
            Fault::Deadlock {
                split, join, taken, ..
            } => {
                walk(taken);
                assert_eq!(taken.last(), Some(join));
                if let Some(s) = split {
                    assert_eq!(taken.first(), Some(s));
                }
            }
            Fault::Livelock { cycle } => {
                walk(cycle);
                if cycle.len() > 1 {
                    walk(&[*cycle.last().unwrap(), cycle[0]]);
                }
            }
            Fault::Inconclusive { hints, .. } => assert_witnesses_are_paths(p, hints),
            Fault::DeadStep { .. } => {}
        }
    }
}

const HEAD: &str = "流程 t\n开始\n结束\n";

#[test]
fn sequence_is_structurally_sound() {
    let (_, a) = check(&format!("{HEAD}步骤 甲\n步骤 乙\n开始 → 甲 → 乙 → 结束\n"));
    assert!(a.is_sound(), "{a:?}");
    assert_eq!(a.method, Method::Structural);
    assert_eq!(a.states_explored, 0);
}

#[test]
fn choice_and_merge_are_sound() {
    let (p, a) = check(&format!(
        "{HEAD}判断 初审：合格？\n  是 → 甲\n  否 → 乙\n步骤 甲\n步骤 乙\n步骤 合\n\
         开始 → 初审\n甲 → 合\n乙 → 合\n合 → 结束\n"
    ));
    assert!(a.is_sound(), "{:?}", summary(&p, &a.faults));
    assert_eq!(a.method, Method::Structural);
}

#[test]
fn parallel_split_and_join_are_sound() {
    let (p, a) = check(&format!(
        "{HEAD}并行 分送\n步骤 甲\n步骤 乙\n步骤 丙\n汇合 汇总\n\
         开始 → 分送\n分送 → 甲\n分送 → 乙\n分送 → 丙\n甲、乙、丙 → 汇总\n汇总 → 结束\n"
    ));
    assert!(a.is_sound(), "{:?}", summary(&p, &a.faults));
    assert_eq!(a.method, Method::Structural);
}

#[test]
fn loop_with_exit_is_sound() {
    let (p, a) = check(&format!(
        "{HEAD}步骤 承办\n判断 催办：办结？\n  已办结 → 结束\n  退回 未办结 → 承办\n\
         开始 → 承办 → 催办\n"
    ));
    assert!(a.is_sound(), "{:?}", summary(&p, &a.faults));
    assert_eq!(a.method, Method::Structural);
}

#[test]
fn several_ends_from_a_choice_are_sound() {
    let (p, a) = check(
        "流程 t\n开始\n结束 归档\n结束 退文结束\n步骤 签收\n判断 初审：合格？\n  合格 → 拟办\n  不合格 → 退文\n\
         步骤 拟办\n步骤 退文\n开始 → 签收 → 初审\n拟办 → 归档\n退文 → 退文结束\n",
    );
    assert!(a.is_sound(), "{:?}", summary(&p, &a.faults));
    assert_eq!(a.method, Method::Structural);
}

#[test]
fn example_flow_is_sound() {
    let text = include_str!("../../../flows/办文/收文办理.flow");
    let (p, a) = check(text);
    assert!(a.is_sound(), "{:?}", summary(&p, &a.faults));
}

#[test]
fn and_split_closed_by_xor_merge_lacks_synchronisation() {
    let (p, a) = check(&format!(
        "{HEAD}步骤 拟办\n并行 分送\n步骤 会签\n步骤 核稿\n步骤 汇合点\n\
         开始 → 拟办 → 分送\n分送 → 会签\n分送 → 核稿\n会签 → 汇合点\n核稿 → 汇合点\n汇合点 → 结束\n"
    ));
    assert_eq!(a.method, Method::StateSpace);
    assert_eq!(
        summary(&p, &a.faults),
        ["lack-of-sync 分送..汇合点: [分送 → 会签 → 汇合点] [分送 → 核稿 → 汇合点]"]
    );
    assert_eq!(a.faults[0].anchor(), p.node_by_name("汇合点"));
}

#[test]
fn implicit_and_split_merged_by_xor_lacks_synchronisation() {
    let (p, a) = check(&format!(
        "{HEAD}步骤 拟办\n步骤 会签\n步骤 核稿\n步骤 签发\n\
         开始 → 拟办\n拟办 → 会签\n拟办 → 核稿\n会签 → 签发\n核稿 → 签发\n签发 → 结束\n"
    ));
    assert_eq!(
        summary(&p, &a.faults),
        ["lack-of-sync 拟办..签发: [拟办 → 会签 → 签发] [拟办 → 核稿 → 签发]"]
    );
}

#[test]
fn parallel_branches_may_end_at_different_ends() {
    // BPMN 2.0 implicit termination: each branch ends on its own 结束, the case completes
    // when no token is left.
    let (p, a) = check(
        "流程 t\n开始\n结束 甲结束\n结束 乙结束\n并行 分送\n步骤 甲\n步骤 乙\n\
         开始 → 分送\n分送 → 甲\n分送 → 乙\n甲 → 甲结束\n乙 → 乙结束\n",
    );
    assert!(a.is_sound(), "{:?}", summary(&p, &a.faults));
    assert_eq!(a.method, Method::Structural);
}

#[test]
fn parallel_branches_into_one_end_reach_it_twice() {
    let (p, a) = check(&format!(
        "{HEAD}并行 分送\n步骤 甲\n步骤 乙\n开始 → 分送\n分送 → 甲\n分送 → 乙\n甲 → 结束\n乙 → 结束\n"
    ));
    assert_eq!(
        summary(&p, &a.faults),
        ["lack-of-sync 分送..结束: [分送 → 甲 → 结束] [分送 → 乙 → 结束]"]
    );
    assert_eq!(a.faults[0].anchor(), p.node_by_name("结束"));
}

#[test]
fn a_branch_ending_at_its_own_end_inside_a_nested_block_is_sound() {
    // One branch files the papers and ends; the other replies, then both ends are reached.
    let (p, a) = check(
        "流程 t\n开始\n结束 归档结束\n结束 答复结束\n步骤 登记\n并行 分头\n步骤 归档\n\
         判断 审核：合格？\n  是 → 答复\n  否 → 退文\n步骤 答复\n步骤 退文\n\
         开始 → 登记 → 分头\n分头 → 归档\n分头 → 审核\n归档 → 归档结束\n答复 → 答复结束\n退文 → 答复结束\n",
    );
    assert!(a.is_sound(), "{:?}", summary(&p, &a.faults));
}

#[test]
fn xor_split_closed_by_and_join_deadlocks_and_kills_what_follows() {
    let (p, a) = check(&format!(
        "{HEAD}判断 初审：合格？\n  是 → 甲\n  否 → 乙\n步骤 甲\n步骤 乙\n汇合 汇总\n步骤 归档\n\
         开始 → 初审\n甲 → 汇总\n乙 → 汇总\n汇总 → 归档 → 结束\n"
    ));
    assert_eq!(
        summary(&p, &a.faults),
        [
            "deadlock 初审..汇总: [初审 → 甲 → 汇总] missing 乙",
            "dead 结束",
            "dead 归档",
        ]
    );
}

#[test]
fn loop_without_exit_is_a_livelock() {
    let (p, a) = check(&format!(
        "{HEAD}步骤 承办\n判断 催办：办结？\n  是 → 复核\n  退回 否 → 承办\n步骤 复核\n\
         开始 → 承办 → 催办\n复核 → 承办\n"
    ));
    assert_eq!(a.method, Method::StateSpace);
    let s = summary(&p, &a.faults);
    assert_eq!(s.len(), 1, "{s:?}");
    assert!(s[0].starts_with("livelock [承办 → 催办"), "{s:?}");
}

#[test]
fn large_structured_flow_is_structural_and_fast() {
    let text = flow_text(11, 5000, &SynthOptions::default());
    let p = process(&text);
    let t = Instant::now();
    let a = analyse(&p, &Limits::default());
    let took = t.elapsed();
    assert!(a.is_sound(), "{:?}", summary(&p, &a.faults));
    assert_eq!(a.method, Method::Structural);
    // Generous: debug build on a shared machine.
    assert!(took < Duration::from_secs(2), "{took:?}");
}

#[test]
fn state_explosion_is_inconclusive_and_quick() {
    let mut text =
        String::from("流程 t\n开始\n结束\n并行 总分\n汇合 总汇\n开始 → 总分\n总汇 → 结束\n");
    for i in 0..30 {
        text.push_str(&format!(
            "并行 分{i}\n步骤 甲{i}\n步骤 乙{i}\n步骤 合{i}\n\
             总分 → 分{i}\n分{i} → 甲{i}\n分{i} → 乙{i}\n甲{i} → 合{i}\n乙{i} → 合{i}\n合{i} → 总汇\n"
        ));
    }
    let p = process(&text);
    let t = Instant::now();
    let a = analyse(&p, &Limits { max_states: 2_000 });
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    assert_witnesses_are_paths(&p, &a.faults);
    let Some(Fault::Inconclusive { explored, hints }) = a.faults.last() else {
        panic!("{:?}", summary(&p, &a.faults));
    };
    assert!(*explored > 2_000 && *explored < 3_000, "{explored}");
    // Every branch is a lack-of-sync: witnessed, or hinted.
    let sync = a
        .faults
        .iter()
        .chain(hints)
        .filter(|f| matches!(f, Fault::LackOfSync { .. }))
        .count();
    assert_eq!(sync, 30, "{:?}", summary(&p, &a.faults));
}

#[test]
fn unstructured_two_entry_loop_collapses_as_a_region() {
    let (p, a) = check(&format!(
        "{HEAD}判断 入口：？\n  一 → 甲\n  二 → 乙\n步骤 甲\n步骤 乙\n\
         判断 甲判：？\n  转 → 乙\n  出 → 结束\n判断 乙判：？\n  转 → 甲\n  出 → 结束\n\
         开始 → 入口\n甲 → 甲判\n乙 → 乙判\n"
    ));
    assert!(a.is_sound(), "{:?}", summary(&p, &a.faults));
    assert_eq!(a.method, Method::Structural);
}

#[test]
fn parallel_unstructured_loops_stay_structural() {
    let p = process(&parallel_regions(30, false));
    let a = analyse(&p, &Limits::default());
    assert!(a.is_sound(), "{:?}", summary(&p, &a.faults));
    assert_eq!(a.method, Method::Structural);
}

#[test]
fn witness_walks_through_a_collapsed_region() {
    let (p, a) = check(&parallel_regions(2, true));
    let s = summary(&p, &a.faults);
    assert_eq!(
        s,
        [
            "lack-of-sync 岔..出0: [岔 → 入0 → 甲0 → 甲判0 → 出0] [岔 → 旁 → 出0]",
            // The second token of 出0 reaches 合 after 合 has fired: it waits for ever.
            "deadlock -..合: [开始 → 分 → 岔 → 旁 → 出0 → 合] missing 出1",
        ],
        "{s:?}"
    );
}

#[test]
fn crossed_parallel_splits_reduce_by_fusion() {
    let (p, a) = check(&format!(
        "{HEAD}并行 分送\n步骤 甲\n步骤 乙\n汇合 一汇\n汇合 二汇\n步骤 丙\n步骤 丁\n汇合 总汇\n\
         开始 → 分送\n分送 → 甲\n分送 → 乙\n甲 → 一汇\n甲 → 二汇\n乙 → 一汇\n乙 → 二汇\n\
         一汇 → 丙\n二汇 → 丁\n丙、丁 → 总汇\n总汇 → 结束\n"
    ));
    assert!(a.is_sound(), "{:?}", summary(&p, &a.faults));
    assert_eq!(a.method, Method::Structural);
}

#[test]
fn several_starts_are_an_exclusive_choice() {
    let (p, a) = check(
        "流程 t\n开始 来文\n开始 来电\n结束\n步骤 登记\n来文 → 登记\n来电 → 登记\n登记 → 结束\n",
    );
    assert!(a.is_sound(), "{:?}", summary(&p, &a.faults));
}

#[test]
fn start_with_two_edges_is_a_parallel_split() {
    let (p, a) = check(&format!(
        "{HEAD}步骤 甲\n步骤 乙\n汇合 汇总\n开始 → 甲\n开始 → 乙\n甲、乙 → 汇总\n汇总 → 结束\n"
    ));
    assert!(a.is_sound(), "{:?}", summary(&p, &a.faults));
    assert_eq!(a.method, Method::Structural);
}

#[test]
fn early_exit_inside_a_parallel_branch_starves_the_join() {
    // 审核 ends its branch at 退文结束; the token of 甲 then waits at 汇总 for ever.
    let (p, a) = check(&format!(
        "{HEAD}结束 退文结束\n并行 分送\n步骤 甲\n判断 审核：合格？\n  是 → 汇总\n  否 → 退文结束\n\
         汇合 汇总\n开始 → 分送\n分送 → 甲\n分送 → 审核\n甲 → 汇总\n汇总 → 结束\n"
    ));
    assert_eq!(
        summary(&p, &a.faults),
        ["deadlock -..汇总: [开始 → 分送 → 甲 → 汇总] missing 审核"]
    );
}

#[test]
fn parallel_split_inside_a_loop_is_unbounded() {
    let (p, a) = check(&format!(
        "{HEAD}步骤 承办\n并行 分送\n步骤 甲\n步骤 乙\n\
         开始 → 承办 → 分送\n分送 → 甲\n分送 → 乙\n甲 → 结束\n退回 乙 → 承办\n"
    ));
    let s = summary(&p, &a.faults);
    assert!(
        s.iter().all(|f| f.starts_with("lack-of-sync 分送")),
        "{s:?}"
    );
    assert!(!s.is_empty());
}

#[test]
fn join_inside_a_loop_deadlocks() {
    let (p, a) = check(&format!(
        "{HEAD}步骤 甲\n汇合 汇总\n判断 复核：通过？\n  是 → 结束\n  退回 否 → 汇总\n\
         开始 → 甲 → 汇总 → 复核\n"
    ));
    let s = summary(&p, &a.faults);
    assert_eq!(
        s[0], "deadlock -..汇总: [开始 → 甲 → 汇总] missing 复核",
        "{s:?}"
    );
}

#[test]
fn join_fed_by_an_unreachable_step_deadlocks() {
    let (p, a) = check(&format!(
        "{HEAD}步骤 甲\n步骤 孤立\n汇合 汇总\n开始 → 甲 → 汇总\n孤立 → 汇总\n汇总 → 结束\n"
    ));
    assert_eq!(
        summary(&p, &a.faults),
        [
            "deadlock -..汇总: [开始 → 甲 → 汇总] missing 孤立",
            "dead 结束"
        ]
    );
}

#[test]
fn annotations_and_associations_are_ignored() {
    let (p, a) = check(&format!(
        "{HEAD}步骤 甲\n说明 注：按规定办理\n开始 → 甲 → 结束\n注 → 甲\n"
    ));
    assert!(a.is_sound(), "{:?}", summary(&p, &a.faults));
}

#[test]
fn witnesses_are_deterministic() {
    let text = flow_text(5, 80, &small_opts());
    let Some((text, _)) = mutate(&text, "汇合", "步骤", 0) else {
        return;
    };
    let p = process(&text);
    let a = analyse(&p, &Limits::default());
    for _ in 0..5 {
        assert_eq!(analyse(&p, &Limits::default()), a);
    }
}

#[test]
fn a_join_starved_by_a_stuck_join_is_a_dead_step_not_a_second_deadlock() {
    let (p, a) = check(&format!(
        "{HEAD}并行 总分\n汇合 总汇\n步骤 丙\n判断 审核：合格？\n  是 → 甲\n  否 → 乙\n\
         步骤 甲\n步骤 乙\n汇合 小汇\n步骤 丁\n\
         开始 → 总分\n总分 → 丙\n总分 → 审核\n甲 → 小汇\n乙 → 小汇\n小汇 → 丁\n丙、丁 → 总汇\n总汇 → 结束\n"
    ));
    assert_eq!(
        summary(&p, &a.faults),
        [
            "deadlock 审核..小汇: [审核 → 甲 → 小汇] missing 乙",
            "dead 结束",
            "dead 总汇",
            "dead 丁",
        ]
    );
}

#[test]
fn inconclusive_carries_structural_deadlock_hints() {
    // 20 parallel branches that each lack synchronisation (no verdict within 500 states),
    // plus a choice closed by a join.
    let mut text = format!(
        "{HEAD}并行 分\n汇合 合\n判断 审核：合格？\n  是 → 甲\n  否 → 乙\n步骤 甲\n步骤 乙\n汇合 小汇\n\
         开始 → 分\n分 → 审核\n甲 → 小汇\n乙 → 小汇\n小汇 → 合\n合 → 结束\n"
    );
    for i in 0..20 {
        text.push_str(&format!(
            "并行 岔{i}\n步骤 子{i}\n步骤 丑{i}\n步骤 出{i}\n\
             分 → 岔{i}\n岔{i} → 子{i}\n岔{i} → 丑{i}\n子{i} → 出{i}\n丑{i} → 出{i}\n出{i} → 合\n"
        ));
    }
    let p = process(&text);
    let a = analyse(&p, &Limits { max_states: 500 });
    assert_witnesses_are_paths(&p, &a.faults);
    let s = summary(&p, &a.faults);
    assert!(s.iter().any(|f| f.contains("deadlock 审核..小汇")), "{s:?}");
    assert!(
        matches!(a.faults.last(), Some(Fault::Inconclusive { .. })),
        "{s:?}"
    );
}

#[test]
fn no_start_gives_no_verdict() {
    let a = analyse(
        &process("流程 t\n步骤 甲\n结束\n甲 → 结束\n"),
        &Limits::default(),
    );
    assert!(a.is_sound());
}

/// Replace the keyword of the `index`-th line declaring `keyword` by `with`; returns the
/// node's name.
fn mutate(text: &str, keyword: &str, with: &str, index: usize) -> Option<(String, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let hits: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with(&format!("{keyword} ")))
        .collect();
    if hits.is_empty() {
        return None;
    }
    let at = hits[index % hits.len()];
    let name = lines[at][keyword.len() + 1..].trim().to_owned();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i == at {
            out.push_str(&format!("{with} {name}\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    Some((out, name))
}

fn small_opts() -> SynthOptions {
    SynthOptions {
        roles: 0,
        limits: false,
        ..SynthOptions::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn structured_flows_are_sound(seed in any::<u64>(), steps in 3usize..120) {
        let p = process(&flow_text(seed, steps, &small_opts()));
        let a = analyse(&p, &Limits::default());
        prop_assert!(a.is_sound(), "{:?}", summary(&p, &a.faults));
        prop_assert_eq!(a.method, Method::Structural);
    }

    #[test]
    fn join_turned_into_a_step_lacks_synchronisation(seed in any::<u64>(), steps in 6usize..60, pick in any::<usize>()) {
        let text = flow_text(seed, steps, &small_opts());
        let Some((text, join)) = mutate(&text, "汇合", "步骤", pick) else { return Ok(()) };
        let p = process(&text);
        let a = analyse(&p, &Limits::default());
        assert_witnesses_are_paths(&p, &a.faults);
        let j = p.node_by_name(&join).unwrap();
        let found = a.faults.iter().any(|f| matches!(f,
            Fault::LackOfSync { split, merge, .. }
                if *merge == j && p.graph[*split].kind == NodeKind::Parallel));
        prop_assert!(found, "{}\n{:?}", text, summary(&p, &a.faults));
    }

    #[test]
    fn parallel_turned_into_a_decision_deadlocks(seed in any::<u64>(), steps in 6usize..60, pick in any::<usize>()) {
        let text = flow_text(seed, steps, &small_opts());
        let Some((text, split)) = mutate(&text, "并行", "判断", pick) else { return Ok(()) };
        let p = process(&text);
        let a = analyse(&p, &Limits::default());
        assert_witnesses_are_paths(&p, &a.faults);
        let s = p.node_by_name(&split).unwrap();
        let found = a.faults.iter().any(|f| matches!(f,
            Fault::Deadlock { split: Some(d), join, .. }
                if *d == s && p.graph[*join].kind == NodeKind::Join));
        prop_assert!(found, "{}\n{:?}", text, summary(&p, &a.faults));
    }
}

/// Names of the declared nodes of a flow text.
fn declared(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            ["步骤 ", "判断 ", "并行 ", "汇合 "]
                .iter()
                .find_map(|k| l.strip_prefix(k))
                .map(|rest| rest.split('：').next().unwrap_or(rest).trim().to_owned())
        })
        .collect()
}

/// Which kinds of fault an analysis found (dead steps only when nothing else explains them).
///
/// Deadlocked joins and dead steps form one sorted set: whether a join that never fires is
/// reported as a deadlock (a cause) or as dead (the consequence of another stuck join) is
/// decided per stuck state, and the reduced net reaches other stuck states than the plain
/// one. Which nodes never finish is the verdict; the split is presentation.
fn kinds(a: &Analysis) -> (bool, bool, bool, Vec<NodeIndex>) {
    let sync = a
        .faults
        .iter()
        .any(|f| matches!(f, Fault::LackOfSync { .. }));
    let mut joins: Vec<NodeIndex> = a
        .faults
        .iter()
        .filter_map(|f| match f {
            Fault::Deadlock { join, .. } => Some(*join),
            _ => None,
        })
        .collect();
    joins.sort();
    let live = a.faults.iter().any(|f| matches!(f, Fault::Livelock { .. }));
    let mut dead: Vec<NodeIndex> = a
        .faults
        .iter()
        .filter_map(|f| match f {
            Fault::DeadStep { node } => Some(*node),
            _ => None,
        })
        .collect();
    dead.sort();
    if sync {
        joins.clear();
        dead.clear();
    }
    dead.extend(joins);
    dead.sort();
    // Livelocks as deadlocks: with lack of synchronisation the runs stop at another point.
    (sync, !dead.is_empty() && !sync, live && !sync, dead)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The reduction rules preserve the verdict: random mutations of structured flows get the
    /// same kinds of fault (and the same dead steps and deadlocked joins) with and without
    /// reduction.
    #[test]
    fn reduction_preserves_the_verdict(
        seed in any::<u64>(),
        steps in 4usize..40,
        edges in proptest::collection::vec((any::<usize>(), any::<usize>()), 0..3),
        swaps in proptest::collection::vec((0usize..4, any::<usize>()), 0..2),
    ) {
        let mut text = flow_text(seed, steps, &small_opts());
        let keywords = ["步骤", "判断", "并行", "汇合"];
        for (k, pick) in swaps {
            let to = keywords[(k + 1 + pick % 3) % 4];
            if let Some((t, _)) = mutate(&text, keywords[k], to, pick) {
                text = t;
            }
        }
        let names = declared(&text);
        for (a, b) in edges {
            if !names.is_empty() {
                text.push_str(&format!("{} → {}\n", names[a % names.len()], names[b % names.len()]));
            }
        }
        let (p, reduced, full) = compare_nets(&text, false)?;
        prop_assert_eq!(reduced.is_sound(), full.is_sound(),
            "{}\nreduced {:?}\nfull {:?}", text, summary(&p, &reduced.faults), summary(&p, &full.faults));
    }
}

/// A random flow: `kinds` picks each node's keyword, `edges` are (from, to) pairs over the
/// nodes, with one or two starts and ends.
fn random_flow(kinds: &[usize], edges: &[(usize, usize)], starts: usize, ends: usize) -> String {
    random_flow_with(
        &["步骤", "判断", "并行", "汇合", "步骤"],
        kinds,
        edges,
        starts,
        ends,
    )
}

/// [`random_flow`] with another keyword table (`kinds` index into it).
fn random_flow_with(
    keywords: &[&str],
    kinds: &[usize],
    edges: &[(usize, usize)],
    starts: usize,
    ends: usize,
) -> String {
    let mut names = Vec::new();
    let mut text = String::from("流程 r\n");
    for s in 0..starts {
        text.push_str(&format!("开始 始{s}\n"));
        names.push(format!("始{s}"));
    }
    for e in 0..ends {
        text.push_str(&format!("结束 终{e}\n"));
        names.push(format!("终{e}"));
    }
    for (i, &k) in kinds.iter().enumerate() {
        text.push_str(&format!("{} 点{i}\n", keywords[k % keywords.len()]));
        names.push(format!("点{i}"));
    }
    for &(a, b) in edges {
        text.push_str(&format!(
            "{} → {}\n",
            names[a % names.len()],
            names[b % names.len()]
        ));
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Arbitrary small graphs: no panic, witnesses are walks, and the verdict with reduction
    /// equals the verdict of the plain state space.
    #[test]
    fn random_graphs_agree_with_the_plain_state_space(
        node_kinds in proptest::collection::vec(0usize..5, 1..9),
        edges in proptest::collection::vec((any::<usize>(), any::<usize>()), 1..16),
        starts in 1usize..3,
        ends in 1usize..3,
    ) {
        let text = random_flow(&node_kinds, &edges, starts, ends);
        compare_nets(&text, true)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Decision-heavy random graphs (unstructured XOR loops, collapsed as regions): same
    /// verdict as the plain state space, witnesses are walks.
    #[test]
    fn xor_heavy_random_graphs_agree_with_the_plain_state_space(
        node_kinds in proptest::collection::vec(0usize..8, 2..12),
        edges in proptest::collection::vec((any::<usize>(), any::<usize>()), 2..22),
        starts in 1usize..3,
        ends in 1usize..3,
    ) {
        let keywords = ["判断", "判断", "判断", "判断", "步骤", "步骤", "并行", "汇合"];
        let text = random_flow_with(&keywords, &node_kinds, &edges, starts, ends);
        compare_nets(&text, false)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Structured flows with extra return edges from decisions (退回 across blocks, the usual
    /// unstructured loop of office flows): same verdict as the plain state space.
    #[test]
    fn extra_return_edges_agree_with_the_plain_state_space(
        seed in any::<u64>(),
        steps in 6usize..50,
        extra in proptest::collection::vec((any::<usize>(), any::<usize>()), 1..7),
    ) {
        let mut text = flow_text(seed, steps, &SynthOptions { parallel: seed % 3 == 0, ..small_opts() });
        let decisions: Vec<String> = text
            .lines()
            .filter_map(|l| l.strip_prefix("判断 "))
            .map(|rest| rest.split('：').next().unwrap_or(rest).trim().to_owned())
            .collect();
        let names = declared(&text);
        prop_assume!(!decisions.is_empty());
        for (d, t) in extra {
            text.push_str(&format!("{} → {}\n", decisions[d % decisions.len()], names[t % names.len()]));
        }
        compare_nets(&text, false)?;
    }
}

/// Both analyses of `text` (with and without reduction), after checking that the reduced
/// one's witnesses (and with `full_witnesses` the plain one's) are walks, rejecting the case
/// when either is inconclusive, and checking that they agree on the kinds of fault.
fn compare_nets(
    text: &str,
    full_witnesses: bool,
) -> Result<(Process, Analysis, Analysis), TestCaseError> {
    let p = process(text);
    let limits = Limits { max_states: 20_000 };
    let reduced = analyse(&p, &limits);
    let full = analyse_unreduced(&p, &limits);
    assert_witnesses_are_paths(&p, &reduced.faults);
    if full_witnesses {
        assert_witnesses_are_paths(&p, &full.faults);
    }
    let inconclusive = |a: &Analysis| {
        a.faults
            .iter()
            .any(|f| matches!(f, Fault::Inconclusive { .. }))
    };
    prop_assume!(!inconclusive(&full) && !inconclusive(&reduced));
    prop_assert_eq!(
        kinds(&reduced),
        kinds(&full),
        "{}\nreduced {:?}\nfull {:?}",
        text,
        summary(&p, &reduced.faults),
        summary(&p, &full.faults)
    );
    Ok((p, reduced, full))
}

/// [`compare_nets`] for a fixed graph: a disagreement (or an inconclusive analysis) fails.
fn nets_agree(text: &str) -> (Process, Analysis, Analysis) {
    compare_nets(text, false).unwrap_or_else(|e| panic!("{e}"))
}

/// A join starved through one of several missing inputs by another stuck join is a
/// consequence in both the reduced and the plain net, whichever input the net lists first
/// (found by `random_graphs_agree_with_the_plain_state_space` in CI).
#[test]
fn join_starved_by_a_stuck_join_through_any_input_is_a_consequence() {
    let text = "流程 r\n开始 始0\n开始 始1\n结束 终0\n步骤 点0\n汇合 点1\n步骤 点2\n汇合 点3\n\
                点3 → 点2\n始0 → 点1\n点3 → 点3\n点2 → 点3\n点1 → 点3\n始1 → 点1\n始0 → 点3\n";
    let (p, reduced, _) = nets_agree(text);
    let j3 = p.node_by_name("点3").unwrap();
    assert!(
        reduced
            .faults
            .iter()
            .any(|f| matches!(f, Fault::DeadStep { node } if *node == j3)),
        "{:?}",
        summary(&p, &reduced.faults)
    );
}

/// A join whose missing input is its own output (a self-loop) is starved by nothing else: its
/// deadlock is a cause in both nets, not a consequence of whatever reaches the join itself
/// (found by `xor_heavy_random_graphs_agree_with_the_plain_state_space`).
#[test]
fn join_waiting_for_its_own_output_is_a_cause() {
    let text = "流程 r\n开始 始0\n开始 始1\n结束 终0\n汇合 点0\n判断 点1\n判断 点2\n汇合 点3\n\
                判断 点4\n步骤 点5\n判断 点6\n汇合 点7\n点4 → 点7\n点7 → 点4\n始0 → 点7\n\
                点0 → 点5\n始1 → 始0\n点0 → 始0\n点5 → 始0\n点7 → 点7\n始0 → 点0\n终0 → 点0\n";
    let (p, _, full) = nets_agree(text);
    let j7 = p.node_by_name("点7").unwrap();
    assert!(
        full.faults
            .iter()
            .any(|f| matches!(f, Fault::Deadlock { join, .. } if *join == j7)),
        "{:?}",
        summary(&p, &full.faults)
    );
}

/// The verdict of [`plain_token_game`].
#[derive(Debug)]
struct PlainVerdict {
    /// Some run puts a second token on an edge or reaches a 结束 twice.
    sync: bool,
    /// Some run stops with tokens left and nothing enabled.
    stuck: bool,
    /// Some reachable state can reach neither completion nor a stuck state nor a fault.
    live: bool,
    /// Graph-reachable nodes that fire in no run.
    dead: Vec<NodeIndex>,
}

/// An independent reference: the BPMN token game played directly on the model graph, with no
/// working net, no reduction and no shared code. A state is the token count of every flow
/// edge, the start tokens not yet taken, and which ends were reached; a run stops at its first
/// fault (a second token on an edge, an end reached twice). `None` past `max_states`.
fn plain_token_game(p: &Process, max_states: usize) -> Option<PlainVerdict> {
    use std::collections::{HashMap, VecDeque};
    let nodes: Vec<NodeIndex> = p
        .graph
        .node_indices()
        .filter(|&n| p.graph[n].kind != NodeKind::Annotation)
        .collect();
    let pos: HashMap<NodeIndex, usize> = nodes.iter().enumerate().map(|(i, &n)| (n, i)).collect();
    let mut edges = Vec::new();
    for e in p.graph.edge_indices() {
        let (a, b) = p.graph.edge_endpoints(e).unwrap();
        if p.graph[e].kind == crate::model::EdgeKind::Flow
            && let (Some(&a), Some(&b)) = (pos.get(&a), pos.get(&b))
        {
            edges.push((a, b));
        }
    }
    let n = nodes.len();
    let ins: Vec<Vec<usize>> = (0..n)
        .map(|v| (0..edges.len()).filter(|&e| edges[e].1 == v).collect())
        .collect();
    let outs: Vec<Vec<usize>> = (0..n)
        .map(|v| (0..edges.len()).filter(|&e| edges[e].0 == v).collect())
        .collect();
    let kind = |v: usize| p.graph[nodes[v]].kind;
    // State: edge tokens, then one start slot per node, then one end-reached slot per node.
    let m = edges.len();
    let width = m + 2 * n;
    let starts: Vec<usize> = (0..n).filter(|&v| kind(v) == NodeKind::Start).collect();
    let mut index: HashMap<Vec<u8>, usize> = HashMap::new();
    let mut states: Vec<Vec<u8>> = Vec::new();
    let mut succ: Vec<Vec<usize>> = Vec::new();
    let mut ok: Vec<bool> = Vec::new();
    let mut fired = vec![false; n];
    let mut queue = VecDeque::new();
    for &s in &starts {
        let mut st = vec![0u8; width];
        st[m + s] = 1;
        if !index.contains_key(&st) {
            index.insert(st.clone(), states.len());
            queue.push_back(states.len());
            states.push(st);
        }
    }
    let (mut sync, mut stuck) = (false, false);
    while let Some(i) = queue.pop_front() {
        if states.len() > max_states {
            return None;
        }
        let st = states[i].clone();
        let mut next_states = Vec::new();
        let mut faulty = false;
        let mut any = false;
        for v in 0..n {
            // Ways to fire v: (tokens consumed, start slot taken).
            let mut takes: Vec<(Vec<usize>, bool)> = Vec::new();
            if st[m + v] == 1 {
                takes.push((Vec::new(), true));
            }
            if kind(v) == NodeKind::Join {
                if !ins[v].is_empty() && ins[v].iter().all(|&e| st[e] > 0) {
                    takes.push((ins[v].clone(), false));
                }
            } else {
                for &e in &ins[v] {
                    if st[e] > 0 {
                        takes.push((vec![e], false));
                    }
                }
            }
            let choices: Vec<Vec<usize>> = if outs[v].is_empty() {
                vec![Vec::new()]
            } else if kind(v) == NodeKind::Decision {
                outs[v].iter().map(|&e| vec![e]).collect()
            } else {
                vec![outs[v].clone()]
            };
            for (take, from_start) in &takes {
                for produce in &choices {
                    any = true;
                    fired[v] = true;
                    let mut nx = st.clone();
                    if *from_start {
                        nx[m + v] = 0;
                    }
                    for &e in take {
                        nx[e] -= 1;
                    }
                    let mut fault = false;
                    for &e in produce {
                        fault |= nx[e] > 0;
                        nx[e] += 1;
                    }
                    if outs[v].is_empty() {
                        fault |= nx[m + n + v] > 0;
                        nx[m + n + v] = 1;
                    }
                    if fault {
                        sync = true;
                        faulty = true;
                        continue;
                    }
                    next_states.push(nx);
                }
            }
        }
        let done = st[..m + n].iter().all(|&t| t == 0);
        if !any && !done {
            stuck = true;
        }
        let mut ss = Vec::new();
        for nx in next_states {
            let j = *index.entry(nx.clone()).or_insert_with(|| {
                queue.push_back(states.len());
                states.push(nx);
                states.len() - 1
            });
            ss.push(j);
        }
        while succ.len() <= i {
            succ.push(Vec::new());
            ok.push(false);
        }
        succ[i] = ss;
        ok[i] = done || !any || faulty;
    }
    // Livelock: a state from which no completed, stuck or faulty state is reachable.
    let count = states.len();
    succ.resize(count, Vec::new());
    ok.resize(count, false);
    let mut pred = vec![Vec::new(); count];
    for (s, ts) in succ.iter().enumerate() {
        for &t in ts {
            pred[t].push(s);
        }
    }
    let mut reach_ok = ok.clone();
    let mut queue: VecDeque<usize> = (0..count).filter(|&s| ok[s]).collect();
    while let Some(t) = queue.pop_front() {
        for &s in &pred[t] {
            if !std::mem::replace(&mut reach_ok[s], true) {
                queue.push_back(s);
            }
        }
    }
    let live = reach_ok.iter().any(|&r| !r);
    let g = net::Graph::new(p);
    let dead = (0..n)
        .filter(|&v| !fired[v] && g.reachable[v])
        .map(|v| nodes[v])
        .collect();
    Some(PlainVerdict {
        sync,
        stuck,
        live,
        dead,
    })
}

/// Whether the analysis agrees with [`plain_token_game`]: the same lack of synchronisation
/// and livelock verdicts; without lack of synchronisation the same deadlock verdict, the dead
/// steps it reports
/// are dead in the plain game, and every node dead there is a dead step or a deadlocked join.
fn agrees_with_plain_game(p: &Process, text: &str) -> Result<(), TestCaseError> {
    let Some(plain) = plain_token_game(p, 20_000) else {
        return Ok(());
    };
    let a = analyse(p, &Limits { max_states: 20_000 });
    prop_assume!(
        !a.faults
            .iter()
            .any(|f| matches!(f, Fault::Inconclusive { .. }))
    );
    let has = |pred: fn(&Fault) -> bool| a.faults.iter().any(pred);
    let sync = has(|f| matches!(f, Fault::LackOfSync { .. }));
    let stuck = has(|f| matches!(f, Fault::Deadlock { .. }));
    let live = has(|f| matches!(f, Fault::Livelock { .. }));
    let context = || format!("{text}\n{plain:?}\n{:?}", summary(p, &a.faults));
    prop_assert_eq!(sync, plain.sync, "lack of sync: {}", context());
    // A run stops at its first double token, and the reduced net doubles a token at another
    // point of the run than the model graph: with lack of synchronisation, which stuck
    // states and which cycles are reached before the first fault differs (as in `kinds`).
    if !sync {
        prop_assert_eq!(live, plain.live, "livelock: {}", context());
        prop_assert_eq!(stuck, plain.stuck, "deadlock: {}", context());
        for f in &a.faults {
            if let Fault::DeadStep { node } = f {
                prop_assert!(plain.dead.contains(node), "not dead: {}", context());
            }
        }
        for node in &plain.dead {
            let reported = a.faults.iter().any(|f| match f {
                Fault::DeadStep { node: d } => d == node,
                Fault::Deadlock { join, .. } => join == node,
                _ => false,
            });
            prop_assert!(reported, "dead but not reported: {}", context());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Arbitrary small graphs: the analysis (reduction, then the exact pass) agrees with a
    /// plain token game on the model graph that shares none of its code.
    #[test]
    fn random_graphs_agree_with_a_plain_token_game(
        node_kinds in proptest::collection::vec(0usize..5, 1..9),
        edges in proptest::collection::vec((any::<usize>(), any::<usize>()), 1..16),
        starts in 1usize..3,
        ends in 1usize..3,
    ) {
        let text = random_flow(&node_kinds, &edges, starts, ends);
        agrees_with_plain_game(&process(&text), &text)?;
    }

    /// The same on decision-heavy graphs (unstructured loops).
    #[test]
    fn xor_heavy_random_graphs_agree_with_a_plain_token_game(
        node_kinds in proptest::collection::vec(0usize..8, 2..12),
        edges in proptest::collection::vec((any::<usize>(), any::<usize>()), 2..22),
        starts in 1usize..3,
        ends in 1usize..3,
    ) {
        let keywords = ["判断", "判断", "判断", "判断", "步骤", "步骤", "并行", "汇合"];
        let text = random_flow_with(&keywords, &node_kinds, &edges, starts, ends);
        agrees_with_plain_game(&process(&text), &text)?;
    }
}

#[test]
fn the_plain_token_game_sees_the_issue_cases() {
    let cases = [
        // Parallel branches ending at different ends: sound.
        (
            "流程 t\n开始\n结束 甲结束\n结束 乙结束\n并行 分送\n步骤 甲\n步骤 乙\n\
             开始 → 分送\n分送 → 甲\n分送 → 乙\n甲 → 甲结束\n乙 → 乙结束\n",
            (false, false),
        ),
        // One end reached twice.
        (
            "流程 t\n开始\n结束\n并行 分送\n步骤 甲\n步骤 乙\n\
             开始 → 分送\n分送 → 甲\n分送 → 乙\n甲 → 结束\n乙 → 结束\n",
            (true, false),
        ),
        // A join starved after a choice.
        (
            "流程 t\n开始\n结束\n结束 退文结束\n并行 分送\n步骤 甲\n判断 审核：合格？\n  是 → 汇总\n  否 → 退文结束\n\
             汇合 汇总\n开始 → 分送\n分送 → 甲\n分送 → 审核\n甲 → 汇总\n汇总 → 结束\n",
            (false, true),
        ),
    ];
    for (text, (sync, stuck)) in cases {
        let p = process(text);
        let plain = plain_token_game(&p, 1000).unwrap();
        assert_eq!((plain.sync, plain.stuck), (sync, stuck), "{text}");
        agrees_with_plain_game(&p, text).unwrap();
    }
}

/// A token left circling a 判断's self-loop after every other branch has ended: the plain net
/// reaches that cycle before any double token, the reduced one doubles the token at 点2
/// first, so only lack of synchronisation is common to both (found by
/// `xor_heavy_random_graphs_agree_with_the_plain_state_space`, seed 359).
#[test]
fn with_lack_of_sync_a_livelock_depends_on_where_the_run_stops() {
    let text = "流程 r\n开始 始0\n结束 终0\n结束 终1\n判断 点0\n判断 点1\n判断 点2\n判断 点3\n\
                判断 点4\n判断 点5\n判断 点6\n判断 点7\n判断 点8\n判断 点9\n始0 → 点2\n终1 → 点4\n\
                点5 → 点5\n始0 → 终1\n点2 → 点5\n点2 → 点4\n终1 → 点2\n点4 → 点6\n点4 → 点0\n";
    let (p, reduced, full) = nets_agree(text);
    let has = |a: &Analysis, pred: fn(&Fault) -> bool| a.faults.iter().any(pred);
    for a in [&reduced, &full] {
        assert!(
            has(a, |f| matches!(f, Fault::LackOfSync { .. })),
            "{:?}",
            summary(&p, &a.faults)
        );
    }
    assert!(
        has(&full, |f| matches!(f, Fault::Livelock { .. })),
        "{:?}",
        summary(&p, &full.faults)
    );
}
