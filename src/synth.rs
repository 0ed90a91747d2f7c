//! Synthetic flows for tests and benchmarks: random, well-structured, valid `.flow` text.
//!
//! A flow is built from nested blocks — sequence, choice (判断 … merge), parallel
//! (并行 … 汇合) and loop (body, then a 判断 whose 退回 branch returns to the body) — so
//! it is sound by construction. The generator is seeded and deterministic (SplitMix64), so
//! a failing property test can be replayed from its seed.

use std::fmt::Write as _;

/// Generator settings.
#[derive(Debug, Clone)]
pub struct SynthOptions {
    /// Number of roles (lanes); 0 gives a flow without roles.
    pub roles: usize,
    /// Give steps time limits.
    pub limits: bool,
    /// Most branches of a choice or parallel block (at least 2).
    pub max_branches: usize,
    /// Allow parallel blocks.
    pub parallel: bool,
    /// Allow loops (return edges).
    pub loops: bool,
}

impl Default for SynthOptions {
    fn default() -> Self {
        SynthOptions {
            roles: 5,
            limits: true,
            max_branches: 3,
            parallel: true,
            loops: true,
        }
    }
}

/// SplitMix64: tiny, fast, good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A block's entry and exit node, and the label the exit's next edge must carry.
struct Fragment {
    entry: usize,
    exit: usize,
    exit_label: Option<&'static str>,
}

enum Kind {
    Task,
    Decision,
    Parallel,
    Join,
}

struct Gen<'a> {
    rng: Rng,
    opts: &'a SynthOptions,
    nodes: Vec<(Kind, String)>,
    edges: Vec<(usize, usize, Option<String>, bool)>,
}

const VERBS: &[&str] = &[
    "签收", "登记", "初审", "拟办", "批办", "承办", "催办", "答复", "核稿", "会签", "审核", "签发",
    "复核", "印制", "用印", "分发", "传阅", "汇总", "报送", "归档",
];

impl Gen<'_> {
    fn node(&mut self, kind: Kind) -> usize {
        let n = self.nodes.len();
        let name = match kind {
            Kind::Task => format!("{}{n}", VERBS[n % VERBS.len()]),
            Kind::Decision => format!("判断{n}"),
            Kind::Parallel => format!("分送{n}"),
            Kind::Join => format!("汇合{n}"),
        };
        self.nodes.push((kind, name));
        n
    }

    fn edge(&mut self, from: &Fragment, to: usize) {
        self.edges
            .push((from.exit, to, from.exit_label.map(str::to_owned), false));
    }

    fn block(&mut self, budget: usize, depth: usize) -> Fragment {
        if budget <= 1 || depth > 40 {
            let n = self.node(Kind::Task);
            return Fragment {
                entry: n,
                exit: n,
                exit_label: None,
            };
        }
        let roll = self.rng.below(10);
        if budget < 4 || roll < 4 {
            // Sequence of two or more blocks.
            let parts = 2 + self.rng.below(3.min(budget - 1));
            let shares = self.split(budget, parts);
            let mut first: Option<Fragment> = None;
            let mut last: Option<Fragment> = None;
            for share in shares {
                let f = self.block(share, depth + 1);
                if let Some(prev) = &last {
                    self.edge(prev, f.entry);
                }
                if first.is_none() {
                    first = Some(Fragment {
                        entry: f.entry,
                        exit: f.exit,
                        exit_label: None,
                    });
                }
                last = Some(f);
            }
            let last = last.expect("at least two parts");
            return Fragment {
                entry: first.expect("first").entry,
                exit: last.exit,
                exit_label: last.exit_label,
            };
        }
        let branches = 2 + self.rng.below(self.opts.max_branches.max(2) - 1);
        let parallel = (7..9).contains(&roll) && self.opts.parallel;
        let looped = roll >= 9 && self.opts.loops;
        if !parallel && !looped {
            // Choice: decision, branches, merge task.
            let d = self.node(Kind::Decision);
            let shares = self.split(budget - 2, branches);
            let merge_fragments: Vec<Fragment> = shares
                .into_iter()
                .map(|s| self.block(s, depth + 1))
                .collect();
            let m = self.node(Kind::Task);
            for (i, f) in merge_fragments.iter().enumerate() {
                let label = match (branches, i) {
                    (2, 0) => "是".to_owned(),
                    (2, _) => "否".to_owned(),
                    _ => format!("情形{}", i + 1),
                };
                self.edges.push((d, f.entry, Some(label), false));
                self.edge(f, m);
            }
            return Fragment {
                entry: d,
                exit: m,
                exit_label: None,
            };
        }
        if parallel {
            let p = self.node(Kind::Parallel);
            let shares = self.split(budget - 2, branches);
            let fragments: Vec<Fragment> = shares
                .into_iter()
                .map(|s| self.block(s, depth + 1))
                .collect();
            let j = self.node(Kind::Join);
            for f in &fragments {
                self.edges.push((p, f.entry, None, false));
                self.edge(f, j);
            }
            return Fragment {
                entry: p,
                exit: j,
                exit_label: None,
            };
        }
        // Loop: body, then a decision returning to the body's entry.
        let body = self.block(budget - 1, depth + 1);
        let d = self.node(Kind::Decision);
        self.edge(&body, d);
        self.edges
            .push((d, body.entry, Some("退回".to_owned()), true));
        Fragment {
            entry: body.entry,
            exit: d,
            exit_label: Some("通过"),
        }
    }

    /// Split `total` into `parts` positive shares.
    fn split(&mut self, total: usize, parts: usize) -> Vec<usize> {
        let parts = parts.min(total.max(1)).max(1);
        let mut shares = vec![1; parts];
        for _ in 0..total.saturating_sub(parts) {
            let i = self.rng.below(parts);
            shares[i] += 1;
        }
        shares
    }
}

/// Generate a valid, well-structured flow of about `steps` nodes (start and end included).
pub fn flow_text(seed: u64, steps: usize, opts: &SynthOptions) -> String {
    let mut g = Gen {
        rng: Rng(seed),
        opts,
        nodes: Vec::new(),
        edges: Vec::new(),
    };
    let body = g.block(steps.saturating_sub(2).max(1), 0);
    let mut out = String::new();
    let _ = writeln!(out, "流程 合成流程{seed}");
    let _ = writeln!(out, "  编号：T{seed}");
    if opts.roles > 0 {
        let _ = writeln!(out, "  闭环：角色1");
    }
    out.push('\n');
    for r in 0..opts.roles {
        let kind = match r {
            0 => "：外部，级别 0".to_owned(),
            1 => "：枢纽，级别 2".to_owned(),
            _ => format!("：部门，级别 {}", 2 + r % 3),
        };
        let _ = writeln!(out, "角色 角色{r}{kind}");
    }
    let owner = |rng: &mut Rng| rng.below(opts.roles.max(1));
    let _ = writeln!(out, "\n开始");
    if opts.roles > 0 {
        let _ = writeln!(out, "  负责：角色0");
    }
    let limits = ["当日", "1个工作日", "2小时", "3个工作日", "随到随办"];
    let nodes = std::mem::take(&mut g.nodes);
    for (i, (kind, name)) in nodes.iter().enumerate() {
        let keyword = match kind {
            Kind::Task => "步骤",
            Kind::Decision => "判断",
            Kind::Parallel => "并行",
            Kind::Join => "汇合",
        };
        if matches!(kind, Kind::Decision) {
            let _ = writeln!(out, "{keyword} {name}：是否符合要求？");
        } else {
            let _ = writeln!(out, "{keyword} {name}");
        }
        if opts.roles > 0 && matches!(kind, Kind::Task | Kind::Decision) {
            let r = owner(&mut g.rng);
            let _ = writeln!(out, "  负责：角色{r}");
        }
        // Every step has a limit, every other decision too (a review with a deadline).
        if opts.limits
            && (matches!(kind, Kind::Task) || (matches!(kind, Kind::Decision) && i % 2 == 0))
        {
            let _ = writeln!(out, "  时限：{}", limits[i % limits.len()]);
        }
    }
    let _ = writeln!(out, "结束 归档");
    if opts.roles > 0 {
        let _ = writeln!(out, "  负责：角色1");
    }
    out.push('\n');
    let name = |i: usize| nodes[i].1.as_str();
    let _ = writeln!(out, "开始 → {}", name(body.entry));
    for (a, b, label, back) in &g.edges {
        let prefix = if *back { "退回 " } else { "" };
        match label {
            Some(l) => {
                let _ = writeln!(out, "{prefix}{} →【{l}】{}", name(*a), name(*b));
            }
            None => {
                let _ = writeln!(out, "{prefix}{} → {}", name(*a), name(*b));
            }
        }
    }
    match body.exit_label {
        Some(l) => {
            let _ = writeln!(out, "{} →【{l}】归档", name(body.exit));
        }
        None => {
            let _ = writeln!(out, "{} → 归档", name(body.exit));
        }
    }
    out
}

/// A flow of `k` parallel branches, each an unstructured two-entry loop (sound: each loop
/// collapses as an XOR region); with `broken`, branch 0 is also closed by an XOR merge
/// together with a second branch (lack of synchronisation through a region). For the
/// soundness tests and benchmarks.
pub fn parallel_regions(k: usize, broken: bool) -> String {
    let mut t = String::from("流程 b\n开始\n结束\n并行 分\n汇合 合\n开始 → 分\n合 → 结束\n");
    for i in 0..k {
        t.push_str(&format!(
            "判断 入{i}：？\n  一 → 甲{i}\n  二 → 乙{i}\n步骤 甲{i}\n步骤 乙{i}\n\
             判断 甲判{i}：？\n  转 → 乙{i}\n  出 → 出{i}\n判断 乙判{i}：？\n  转 → 甲{i}\n  出 → 出{i}\n\
             步骤 出{i}\n分 → 入{i}\n甲{i} → 甲判{i}\n乙{i} → 乙判{i}\n出{i} → 合\n"
        ));
    }
    if broken {
        t.push_str("并行 岔\n步骤 旁\n入0 → 岔\n岔 → 旁\n旁 → 出0\n");
        t = t.replace("分 → 入0\n", "分 → 岔\n岔 → 入0\n");
        t = t.replace("入0 → 岔\n", "");
    }
    t
}

/// Nested parallel blocks `depth` deep: fork *k* sends one branch to step *k* and one to
/// fork *k*+1; the joins close in reverse order, so the edge from step *k* to join *k*
/// reaches across 2·(`depth` − *k*) ranks. For the scale benchmarks: the sum of edge spans
/// grows with the square of `depth` (at 5,000 a file of about 0.7 MB).
pub fn nested_parallel(depth: usize) -> String {
    let depth = depth.max(1);
    let mut t = String::with_capacity(depth * 140);
    t.push_str("流程 嵌套并行\n\n角色 办公室\n\n开始\n  负责：办公室\n");
    for k in 0..depth {
        let _ = writeln!(t, "并行 分{k}\n步骤 办{k}\n  负责：办公室\n汇合 合{k}");
    }
    t.push_str("步骤 末办\n  负责：办公室\n结束 归档\n  负责：办公室\n\n开始 → 分0\n");
    for k in 0..depth {
        let _ = writeln!(t, "分{k} → 办{k}\n办{k} → 合{k}");
        if k + 1 < depth {
            let _ = writeln!(t, "分{k} → 分{}\n合{} → 合{k}", k + 1, k + 1);
        } else {
            let _ = writeln!(t, "分{k} → 末办\n末办 → 合{k}");
        }
    }
    t.push_str("合0 → 归档\n");
    t
}

/// A chain of `steps` steps over `roles` lanes (0: no lanes). With `back_every` = *n*,
/// every *n*-th step is a decision that may send the work back to the first step (退回),
/// so back edges reach across up to the whole chart. With `one_line`, every edge of the
/// main chain is written on one line (`开始 → 步1 → 步2 → …`).
pub fn chain(steps: usize, roles: usize, back_every: Option<usize>, one_line: bool) -> String {
    let steps = steps.max(1);
    let mut t = String::with_capacity(steps * 60);
    t.push_str("流程 长链\n\n");
    for r in 0..roles {
        let _ = writeln!(t, "角色 角色{r}");
    }
    t.push_str("\n开始\n");
    let back = |i: usize| back_every.is_some_and(|n| n > 0 && i > 0 && i.is_multiple_of(n));
    for i in 0..steps {
        if back(i) {
            let _ = writeln!(t, "判断 查{i}：是否办妥？");
            let _ = writeln!(t, "  退回 否 → 步0");
        } else {
            let _ = writeln!(t, "步骤 步{i}");
        }
        if roles > 0 {
            let _ = writeln!(t, "  负责：角色{}", i % roles);
        }
    }
    t.push_str("结束 归档\n\n");
    let name = |i: usize| {
        if back(i) {
            format!("查{i}")
        } else {
            format!("步{i}")
        }
    };
    if one_line {
        t.push_str("开始");
        for i in 0..steps {
            let label = if i > 0 && back(i - 1) {
                "【是】"
            } else {
                " "
            };
            let _ = write!(t, " →{label}{}", name(i));
        }
        let label = if back(steps - 1) { "【是】" } else { " " };
        let _ = writeln!(t, " →{label}归档");
    } else {
        let _ = writeln!(t, "开始 → {}", name(0));
        for i in 1..=steps {
            let label = if back(i - 1) { "【是】" } else { " " };
            let to = if i == steps {
                "归档".to_owned()
            } else {
                name(i)
            };
            let _ = writeln!(t, "{} →{label}{to}", name(i - 1));
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_flows_build_without_diagnostics() {
        for seed in 0..50 {
            let text = flow_text(
                seed,
                5 + (seed as usize * 7) % 200,
                &SynthOptions::default(),
            );
            let (_, out) = crate::model::build_source("synth.flow", &text);
            assert!(
                out.diagnostics.is_empty(),
                "seed {seed}: {:?}\n{text}",
                out.diagnostics
            );
            let n = out.process.graph.node_count();
            assert!(n >= 3, "seed {seed}: {n} nodes");
        }
    }

    #[test]
    fn size_is_close_to_the_request() {
        let text = flow_text(7, 1000, &SynthOptions::default());
        let (_, out) = crate::model::build_source("synth.flow", &text);
        let n = out.process.graph.node_count();
        assert!((900..=1100).contains(&n), "{n} nodes");
    }

    #[test]
    fn scale_flows_build_without_diagnostics() {
        for text in [
            nested_parallel(30),
            chain(200, 3, Some(10), false),
            chain(200, 0, Some(7), true),
            chain(50, 2, None, false),
        ] {
            let (_, out) = crate::model::build_source("scale.flow", &text);
            assert!(out.diagnostics.is_empty(), "{:?}\n{text}", out.diagnostics);
        }
        let (_, out) = crate::model::build_source("n.flow", &nested_parallel(30));
        // Start, end, 末办 and three nodes a level.
        assert_eq!(out.process.graph.node_count(), 3 + 3 * 30);
        let one_line = chain(200, 0, Some(7), true);
        assert_eq!(
            one_line.lines().filter(|l| l.starts_with("开始 →")).count(),
            1
        );
        let (_, a) = crate::model::build_source("a.flow", &one_line);
        let (_, b) = crate::model::build_source("b.flow", &chain(200, 0, Some(7), false));
        assert_eq!(a.process.graph.edge_count(), b.process.graph.edge_count());
    }

    #[test]
    fn deterministic() {
        let opts = SynthOptions::default();
        assert_eq!(flow_text(3, 100, &opts), flow_text(3, 100, &opts));
    }
}
