//! Complete runs of one case: the BPMN 2.0 token game of `check::soundness` played on the
//! flow graph itself, with a small *monitor* state carried along, for the office rules that
//! speak about every run (G004 闭环, G007 归档).
//!
//! A *run* is a maximal firing sequence of one case: 开始 gives one token, 判断 passes it to
//! one branch, 并行 (and any other node with several outgoing edges) puts one on every
//! branch, 汇合 waits for a token on every input, any other node fires once per token, and a
//! 结束 takes the token of its branch. A run is *complete* when no token is left; parallel
//! branches all run, in every order. Runs that deadlock, loop for ever or put two tokens on
//! one edge are not complete (they are the C rules' findings) and are not followed further.
//!
//! [`explore`] visits every reachable (marking, monitor) pair breadth-first, within the
//! state budget (`soundness.max-states`), and returns, for every complete run whose final
//! monitor state a rule calls bad, the shortest such run (grouped by the node that fired
//! last). Past the budget it says so ([`Outcome::Inconclusive`]) instead of guessing.

use std::collections::VecDeque;

use rustc_hash::FxHashMap;

use crate::check::FlowGraph;
use crate::model::NodeKind;

/// What the exploration found.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// Every reachable state was visited: the bad complete runs, one per last node (shortest
    /// first found, in breadth-first order), as node sequences from a start.
    Complete(Vec<Vec<u32>>),
    /// The state budget ran out before a verdict.
    Inconclusive,
}

/// The bad runs of a [`Outcome::Complete`] to report, each with its last node: one per
/// end, skipping a run that passes an end already reported (the same case seen ending at
/// another of its ends).
pub(crate) fn to_report(runs: Vec<Vec<u32>>) -> Vec<(u32, Vec<u32>)> {
    let mut reported: Vec<u32> = Vec::new();
    let mut out = Vec::new();
    for run in runs {
        let Some(&end) = run.last() else { continue };
        if run.iter().any(|v| reported.contains(v)) {
            continue;
        }
        reported.push(end);
        out.push((end, run));
    }
    out
}

/// The visited states: bitsets (flat), their index, and breadth-first parents (state, node
/// fired).
struct States {
    index: FxHashMap<Box<[u64]>, u32>,
    marks: Vec<u64>,
    parent: Vec<(u32, u32)>,
}

impl States {
    /// A new state's id, `None` when it was seen before.
    fn add(&mut self, bits: &[u64], from: (u32, u32)) -> Option<u32> {
        if self.index.contains_key(bits) {
            return None;
        }
        let i = self.parent.len() as u32;
        self.index.insert(bits.into(), i);
        self.marks.extend_from_slice(bits);
        self.parent.push(from);
        Some(i)
    }
}

/// What a rule watches along a run.
pub(crate) struct Monitor<F, V> {
    /// The monitor state after node `n` fires in monitor state `m` (the initial one is 0).
    pub fire: F,
    /// Whether a node's firing can change the monitor state (`false`: never).
    pub visible: V,
    /// Whether the final monitor state of a run is the same in every order of its firings.
    pub order_free: bool,
}

/// Explore the complete runs of `g` under `monitor`; `bad(m)` says whether a complete run
/// that ends in monitor state `m` is a finding.
///
/// Cost: O(S · (k·d + W)) for S ≤ `max_states` states, k tokens per state, degree d and
/// W = ⌈E/64⌉ words per state.
pub(crate) fn explore(
    g: &FlowGraph,
    max_states: usize,
    monitor: Monitor<impl Fn(u8, u32) -> u8, impl Fn(u32) -> bool>,
    bad: impl Fn(u8) -> bool,
) -> Outcome {
    let Monitor {
        fire,
        visible,
        order_free,
    } = monitor;
    let n = g.len();
    // Dense edge ids over the outgoing lists; `ins` in the same ids.
    let mut out_ids: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut in_ids: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut dst: Vec<u32> = Vec::new();
    for (v, outs) in g.out.iter().enumerate() {
        for &(w, _) in outs {
            let e = dst.len() as u32;
            dst.push(w);
            out_ids[v].push(e);
            in_ids[w as usize].push(e);
        }
    }
    // One word more than the edges need: the monitor state.
    let words = dst.len().div_ceil(64) + 1;
    let get = |bits: &[u64], e: u32| bits[e as usize / 64] >> (e % 64) & 1 == 1;
    let mut st = States {
        index: FxHashMap::default(),
        marks: Vec::new(),
        parent: Vec::new(),
    };
    let mut queue: VecDeque<u32> = VecDeque::new();
    let mut found: Vec<(u32, u32)> = Vec::new(); // (last node, final state)
    let mut next = vec![0u64; words];
    // The firing of `v` (consuming `take`, producing on `produce`) from `current`.
    let step = |current: &[u64], v: u32, take: &[u32], produce: &[u32], next: &mut Vec<u64>| {
        next.copy_from_slice(current);
        for &e in take {
            next[e as usize / 64] &= !(1 << (e % 64));
        }
        for &e in produce {
            if get(next, e) {
                return false; // a second token: lack of synchronisation, not followed
            }
            next[e as usize / 64] |= 1 << (e % 64);
        }
        let m = fire(next[words - 1] as u8, v);
        next[words - 1] = m as u64;
        true
    };
    let choices = |v: u32| -> Vec<&[u32]> {
        let outs = &out_ids[v as usize];
        if g.kind[v as usize] == NodeKind::Decision && outs.len() > 1 {
            outs.chunks(1).collect()
        } else {
            vec![outs.as_slice()]
        }
    };
    let empty = vec![0u64; words];
    for &s in &g.starts {
        for produce in choices(s) {
            if step(&empty, s, &[], produce, &mut next)
                && let Some(i) = st.add(&next, (u32::MAX, s))
            {
                queue.push_back(i);
            }
        }
    }
    let mut current = vec![0u64; words];
    let mut candidates: Vec<u32> = Vec::new();
    while let Some(i) = queue.pop_front() {
        if st.parent.len() > max_states {
            return Outcome::Inconclusive;
        }
        current.copy_from_slice(&st.marks[i as usize * words..(i as usize + 1) * words]);
        let edges = &current[..words - 1];
        if edges.iter().all(|&w| w == 0) {
            let m = current[words - 1] as u8;
            if bad(m) {
                found.push((st.parent[i as usize].1, i));
            }
            continue;
        }
        candidates.clear();
        for (w, &word) in edges.iter().enumerate() {
            let mut word = word;
            while word != 0 {
                let b = word.trailing_zeros();
                word &= word - 1;
                candidates.push(dst[w * 64 + b as usize]);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        // The firings of every enabled candidate: (node, consumed, produced).
        let mut moves: Vec<(u32, Vec<u32>, &[u32])> = Vec::new();
        for &v in &candidates {
            let ins = &in_ids[v as usize];
            let takes: Vec<Vec<u32>> = if g.kind[v as usize] == NodeKind::Join {
                if ins.iter().all(|&e| get(&current, e)) {
                    vec![ins.clone()]
                } else {
                    Vec::new()
                }
            } else {
                ins.iter()
                    .filter(|&&e| get(&current, e))
                    .map(|&e| vec![e])
                    .collect()
            };
            for take in takes {
                for produce in choices(v) {
                    moves.push((v, take.clone(), produce));
                }
            }
        }
        // Partial-order reduction (exact for the terminal states, so for complete runs):
        // firings of different nodes never share an input edge and never disable each other
        // (the token game is persistent), so one node's firings suffice when they commute
        // with every other firing as far as the monitor goes — any node when the monitor
        // does not depend on the order (`order_free`), an invisible node otherwise — and
        // none of them doubles a token (else every order is kept).
        let alone = moves
            .iter()
            .map(|m| m.0)
            .find(|&v| order_free || !visible(v))
            .filter(|&v| {
                moves
                    .iter()
                    .filter(|m| m.0 == v)
                    .all(|m| step(&current, v, &m.1, m.2, &mut next))
            });
        for (v, take, produce) in &moves {
            if alone.is_some_and(|a| a != *v) {
                continue;
            }
            if step(&current, *v, take, produce, &mut next)
                && let Some(j) = st.add(&next, (i, *v))
            {
                queue.push_back(j);
            }
        }
    }
    // One run per last node, in order of discovery (shortest first).
    let mut seen_last: Vec<u32> = Vec::new();
    let mut runs = Vec::new();
    for (last, state) in found {
        if seen_last.contains(&last) {
            continue;
        }
        seen_last.push(last);
        let mut run = Vec::new();
        let mut s = state;
        while s != u32::MAX {
            let (p, v) = st.parent[s as usize];
            run.push(v);
            s = p;
        }
        run.reverse();
        runs.push(run);
    }
    Outcome::Complete(runs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build_source;

    fn runs(text: &str, watch: &str) -> Outcome {
        let p = build_source("t.flow", text).1.process;
        let g = FlowGraph::new(&p);
        let w = g.id(p.node_by_name(watch).unwrap()).unwrap();
        let monitor = Monitor {
            fire: |m, v| m | u8::from(v == w),
            visible: |v| v == w,
            order_free: true,
        };
        explore(&g, 10_000, monitor, |m| m == 0)
    }

    fn names(text: &str, run: &[u32]) -> Vec<String> {
        let p = build_source("t.flow", text).1.process;
        let g = FlowGraph::new(&p);
        run.iter()
            .map(|&v| p.graph[g.index[v as usize]].name.clone())
            .collect()
    }

    #[test]
    fn a_step_on_one_parallel_branch_is_in_every_run() {
        let text = "流程 t\n开始\n结束\n并行 分\n步骤 甲\n步骤 乙\n汇合 合\n\
                    开始 → 分\n分 → 甲\n分 → 乙\n甲、乙 → 合\n合 → 结束\n";
        assert!(matches!(runs(text, "甲"), Outcome::Complete(r) if r.is_empty()));
    }

    #[test]
    fn a_step_on_one_choice_branch_is_missed_by_a_run() {
        let text = "流程 t\n开始\n结束\n判断 问：？\n  是 → 甲\n  否 → 乙\n步骤 甲\n步骤 乙\n\
                    开始 → 问\n甲 → 结束\n乙 → 结束\n";
        let Outcome::Complete(r) = runs(text, "甲") else {
            panic!()
        };
        assert_eq!(r.len(), 1);
        assert_eq!(names(text, &r[0]), ["开始", "问", "乙", "结束"]);
    }

    #[test]
    fn deadlocked_runs_are_not_complete() {
        // The only way around 甲 deadlocks at 合: no complete run misses 甲.
        let text = "流程 t\n开始\n结束\n判断 问：？\n  是 → 甲\n  否 → 乙\n步骤 甲\n步骤 乙\n汇合 合\n\
                    并行 分\n步骤 丙\n开始 → 分\n分 → 问\n分 → 丙\n甲 → 结束\n乙、丙 → 合\n合 → 结束\n";
        let Outcome::Complete(r) = runs(text, "乙") else {
            panic!()
        };
        // Runs through 甲 leave 丙's token at 合: not complete either.
        assert!(r.is_empty(), "{r:?}");
    }

    #[test]
    fn past_the_budget_is_inconclusive() {
        let mut text = String::from("流程 t\n开始\n结束\n并行 分\n汇合 合\n开始 → 分\n合 → 结束\n");
        for i in 0..20 {
            text.push_str(&format!(
                "步骤 甲{i}\n步骤 乙{i}\n分 → 甲{i}\n甲{i} → 乙{i}\n乙{i} → 合\n"
            ));
        }
        let p = build_source("t.flow", &text).1.process;
        let g = FlowGraph::new(&p);
        let monitor = Monitor {
            fire: |m, v| m ^ (v as u8 & 1),
            visible: |_| true,
            order_free: false,
        };
        let o = explore(&g, 1_000, monitor, |_| true);
        assert!(matches!(o, Outcome::Inconclusive));
    }

    /// Both orders of two parallel watched steps are runs: the reduction keeps visible
    /// interleavings (with one node per state, only one order would be seen).
    #[test]
    fn both_orders_of_parallel_watched_steps_are_runs() {
        let text = "流程 t\n开始\n结束\n并行 分\n步骤 甲\n步骤 乙\n汇合 合\n\
                    开始 → 分\n分 → 甲\n分 → 乙\n甲、乙 → 合\n合 → 结束\n";
        let p = build_source("t.flow", text).1.process;
        let g = FlowGraph::new(&p);
        let id = |n: &str| g.id(p.node_by_name(n).unwrap()).unwrap();
        let (a, b) = (id("甲"), id("乙"));
        for (want, last) in [(1u8, "甲"), (2, "乙")] {
            let monitor = Monitor {
                fire: |m, v| {
                    if v == a {
                        1
                    } else if v == b {
                        2
                    } else {
                        m
                    }
                },
                visible: |v| v == a || v == b,
                order_free: false,
            };
            let Outcome::Complete(r) = explore(&g, 1_000, monitor, |m| m == want) else {
                panic!()
            };
            assert_eq!(r.len(), 1, "{last}");
            assert!(names(text, &r[0]).contains(&last.to_owned()));
        }
    }

    use proptest::prelude::*;

    /// A random flow over `kinds` (步骤/判断/并行/汇合) with `edges`, one start and two ends.
    fn random_flow(kinds: &[usize], edges: &[(usize, usize)]) -> String {
        let keywords = ["步骤", "判断", "并行", "汇合", "步骤"];
        let mut names = vec!["开始".to_owned(), "终0".to_owned(), "终1".to_owned()];
        let mut text = String::from("流程 r\n开始\n结束 终0\n结束 终1\n");
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

    /// Bad complete runs exist, as (found, inconclusive).
    fn verdict(o: &Outcome) -> Option<bool> {
        match o {
            Outcome::Complete(r) => Some(!r.is_empty()),
            Outcome::Inconclusive => None,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// The partial-order reduction finds a bad complete run exactly when the full
        /// interleaving does, for an order-free monitor (a step was passed) and for an
        /// order-dependent one (the last watched step, G004-like).
        #[test]
        fn reduction_keeps_the_verdict(
            kinds in proptest::collection::vec(0usize..5, 1..8),
            edges in proptest::collection::vec((any::<usize>(), any::<usize>()), 1..14),
            watched in proptest::collection::vec(any::<bool>(), 8),
        ) {
            let text = random_flow(&kinds, &edges);
            let p = build_source("t.flow", &text).1.process;
            let g = FlowGraph::new(&p);
            let w = |v: u32| watched[v as usize % watched.len()] && v >= 3;
            let passed = |m: u8, v: u32| m | u8::from(w(v));
            let reduced = explore(&g, 20_000, Monitor { fire: passed, visible: w, order_free: true }, |m| m == 0);
            let full = explore(&g, 20_000, Monitor { fire: passed, visible: |_| true, order_free: false }, |m| m == 0);
            if let (Some(a), Some(b)) = (verdict(&reduced), verdict(&full)) {
                prop_assert_eq!(a, b, "passed: {}", text);
            }
            // Last watched step is an odd node: order matters.
            let last = |m: u8, v: u32| if w(v) { 1 + (v as u8 & 1) } else { m };
            let reduced = explore(&g, 20_000, Monitor { fire: last, visible: w, order_free: false }, |m| m == 1);
            let full = explore(&g, 20_000, Monitor { fire: last, visible: |_| true, order_free: false }, |m| m == 1);
            if let (Some(a), Some(b)) = (verdict(&reduced), verdict(&full)) {
                prop_assert_eq!(a, b, "last: {}", text);
            }
        }
    }
}
