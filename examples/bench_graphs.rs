//! Benchmark graphs for `scripts/bench-vs-dot.sh`.
//!
//! ```text
//! bench_graphs gen DIR          write DIR/<name>.flow, <name>.plain.dot, <name>.lanes.dot
//! bench_graphs liucheng         time + metrics of liucheng (plain and swimlane) and layout-rs
//! bench_graphs dot FILE.txt     metrics of a `dot -Tplain` output (same counting code)
//! bench_graphs flows DIR OUT    for every flow of DIR: OUT/<name>.lanes.dot, and one line
//!                               of compact and spacious swimlane metrics (scripts/print-bench.py)
//! ```
//!
//! The graphs come from `liucheng::synth` with fixed seeds; dot gets the same node sizes
//! (fixed-size boxes and diamonds, no labels) and, for the swimlane comparison, one
//! `subgraph cluster_` per lane.

use liucheng::diagram::Rect;
use liucheng::layout::metrics::{DrawnEdge, Metrics, diagram_metrics, measure};
use liucheng::layout::text::ApproxMeasure;
use liucheng::layout::{Density, LayoutKind, LayoutOptions, layout};
use liucheng::model::{NodeKind, Process, build_source};
use liucheng::synth::{SynthOptions, flow_text};
use std::fmt::Write as _;
use std::time::Instant;

/// (name, seed, target node count, roles).
const GRAPHS: &[(&str, u64, usize, usize)] = &[
    ("n50", 11, 50, 5),
    ("n200", 12, 200, 6),
    ("n1000", 13, 1000, 8),
    ("n3000", 14, 3000, 10),
    ("office150", 15, 150, 6),
];

fn build(seed: u64, target: usize, roles: usize) -> (String, Process) {
    // Find the step count whose flow has about `target` nodes (deterministic search).
    let opts = SynthOptions {
        roles,
        ..SynthOptions::default()
    };
    let mut steps = target;
    let mut best: Option<(usize, String, Process)> = None;
    for _ in 0..12 {
        let text = flow_text(seed, steps, &opts);
        let (_, out) = build_source("bench.flow", &text);
        let n = out.process.graph.node_count();
        let err = n.abs_diff(target);
        if best.as_ref().is_none_or(|b| err < b.0) {
            best = Some((err, text, out.process));
        }
        if err * 50 <= target {
            break;
        }
        steps = (steps * target / n.max(1)).max(2);
    }
    let (_, text, p) = best.expect("one try");
    (text, p)
}

fn dot_text(p: &Process, lanes: bool) -> String {
    let d = layout(
        p,
        &LayoutOptions {
            kind: LayoutKind::Plain,
            ..LayoutOptions::default()
        },
        &ApproxMeasure,
    );
    let mut s = String::from("digraph G {\n  node [fixedsize=true, label=\"\"];\n");
    let ids: Vec<_> = p.graph.node_indices().collect();
    let index =
        |n: petgraph::stable_graph::NodeIndex| ids.iter().position(|&m| m == n).expect("node");
    let node_line = |s: &mut String, i: usize| {
        let n = &d.nodes[i];
        let shape = if n.kind == NodeKind::Decision {
            "diamond"
        } else {
            "box"
        };
        writeln!(
            s,
            "  n{i} [shape={shape}, width={:.3}, height={:.3}];",
            n.rect.w / 72.0,
            n.rect.h / 72.0
        )
        .unwrap();
    };
    if lanes && !p.roles.is_empty() {
        let mut lane_of = vec![0usize; ids.len()];
        for (i, &id) in ids.iter().enumerate() {
            lane_of[i] = p.graph[id].owner.unwrap_or(0);
        }
        for l in 0..p.roles.len() {
            writeln!(s, "  subgraph cluster_{l} {{").unwrap();
            for i in (0..ids.len()).filter(|&i| lane_of[i] == l) {
                node_line(&mut s, i);
            }
            s.push_str("  }\n");
        }
    } else {
        for i in 0..ids.len() {
            node_line(&mut s, i);
        }
    }
    for (_, a, b, _) in p.edges() {
        writeln!(s, "  n{} -> n{};", index(a), index(b)).unwrap();
    }
    s.push_str("}\n");
    s
}

fn cmd_gen(dir: &str) {
    std::fs::create_dir_all(dir).expect("mkdir");
    for &(name, seed, target, roles) in GRAPHS {
        let (text, p) = build(seed, target, roles);
        std::fs::write(format!("{dir}/{name}.flow"), text).expect("write");
        std::fs::write(format!("{dir}/{name}.plain.dot"), dot_text(&p, false)).expect("write");
        std::fs::write(format!("{dir}/{name}.lanes.dot"), dot_text(&p, true)).expect("write");
        println!(
            "{name} nodes={} edges={}",
            p.graph.node_count(),
            p.graph.edge_count()
        );
    }
}

fn time_ms<F: FnMut()>(mut f: F) -> f64 {
    // Median of several runs (fewer for big graphs).
    let first = Instant::now();
    f();
    let one = first.elapsed().as_secs_f64();
    let runs = if one > 0.5 {
        1
    } else if one > 0.05 {
        5
    } else {
        21
    };
    let mut t = vec![one];
    for _ in 1..runs {
        let s = Instant::now();
        f();
        t.push(s.elapsed().as_secs_f64());
    }
    t.sort_by(f64::total_cmp);
    t[t.len() / 2] * 1000.0
}

fn row(tool: &str, mode: &str, name: &str, nodes: usize, ms: Option<f64>, m: Option<Metrics>) {
    let ms = ms.map_or("n/a".into(), |v| format!("{v:.2}"));
    match m {
        Some(m) => println!(
            "| {name} | {nodes} | {tool} | {mode} | {ms} | {} | {} | {:.0} |",
            m.crossings, m.through_nodes, m.area
        ),
        None => println!("| {name} | {nodes} | {tool} | {mode} | {ms} | n/a | n/a | n/a |"),
    }
}

#[path = "../benches/support/layout_rs.rs"]
mod support;

#[path = "../benches/support/flows.rs"]
mod flows;

/// layout-rs's time in ms, or `None` when it panics (it does on some edge orders).
fn layout_rs_ms(p: &Process) -> Option<f64> {
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let s = Instant::now();
        support::layout_rs(p);
        s.elapsed().as_secs_f64() * 1000.0
    }));
    std::panic::set_hook(prev);
    r.ok()
}

fn cmd_liucheng(with_layout_rs: bool) {
    for &(name, seed, target, roles) in GRAPHS {
        let (_, p) = build(seed, target, roles);
        let nodes = p.graph.node_count();
        for (kind, mode) in [
            (LayoutKind::Plain, "plain"),
            (LayoutKind::Swimlane, "swimlane"),
        ] {
            let opts = LayoutOptions {
                kind,
                ..LayoutOptions::default()
            };
            let ms = time_ms(|| {
                std::hint::black_box(layout(&p, &opts, &ApproxMeasure));
            });
            let d = layout(&p, &opts, &ApproxMeasure);
            row(
                "liucheng",
                mode,
                name,
                nodes,
                Some(ms),
                Some(diagram_metrics(&d)),
            );
        }
        if with_layout_rs && nodes <= 250 {
            row("layout-rs", "plain", name, nodes, layout_rs_ms(&p), None);
        }
    }
}

/// Metrics of `dot -Tplain` output: node boxes, edges as sampled B-splines (inches → px).
fn cmd_dot(path: &str, name: &str, mode: &str, ms: &str) {
    let text = std::fs::read_to_string(path).expect("read dot output");
    let mut height = 0.0;
    let mut width = 0.0;
    let mut names: Vec<String> = Vec::new();
    let mut boxes: Vec<Rect> = Vec::new();
    let mut raw_edges: Vec<RawEdge> = Vec::new();
    let to_px = 72.0;
    for line in text.lines() {
        let f = tokens(line);
        match f.first().map(String::as_str) {
            Some("graph") => {
                width = f[2].parse::<f64>().unwrap_or(0.0) * to_px;
                height = f[3].parse::<f64>().unwrap_or(0.0) * to_px;
            }
            Some("node") => {
                let num = |i: usize| f[i].parse::<f64>().unwrap_or(0.0) * to_px;
                let (x, y, w, h) = (num(2), num(3), num(4), num(5));
                names.push(f[1].clone());
                boxes.push(Rect {
                    x: x - w / 2.0,
                    y: height - y - h / 2.0,
                    w,
                    h,
                });
            }
            Some("edge") => {
                let n: usize = f[3].parse().unwrap_or(0);
                let pts: Vec<(f64, f64)> = (0..n)
                    .map(|k| {
                        let x = f[4 + 2 * k].parse::<f64>().unwrap_or(0.0) * to_px;
                        let y = f[5 + 2 * k].parse::<f64>().unwrap_or(0.0) * to_px;
                        (x, height - y)
                    })
                    .collect();
                raw_edges.push((f[1].clone(), f[2].clone(), pts));
            }
            _ => {}
        }
    }
    let idx = |s: &str| names.iter().position(|n| n == s).unwrap_or(usize::MAX);
    let edges: Vec<DrawnEdge> = raw_edges
        .into_iter()
        .map(|(a, b, ctrl)| DrawnEdge {
            from: idx(&a),
            to: idx(&b),
            points: sample_bspline(&ctrl),
        })
        .collect();
    let m = measure(&edges, &boxes, width * height);
    let ms: Option<f64> = ms.parse().ok();
    row(
        &format!(
            "dot{}",
            if mode == "swimlane" {
                " (clusters)"
            } else {
                ""
            }
        ),
        mode,
        name,
        names.len(),
        ms,
        Some(m),
    );
}

/// A dot edge: tail, head, control points.
type RawEdge = (String, String, Vec<(f64, f64)>);

fn tokens(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// dot's piecewise cubic Bézier (p0, then three points per piece) sampled into a polyline.
fn sample_bspline(ctrl: &[(f64, f64)]) -> Vec<(f64, f64)> {
    if ctrl.len() < 4 {
        return ctrl.to_vec();
    }
    let mut out = vec![ctrl[0]];
    let mut i = 0;
    while i + 3 < ctrl.len() {
        let (p0, p1, p2, p3) = (ctrl[i], ctrl[i + 1], ctrl[i + 2], ctrl[i + 3]);
        for k in 1..=8 {
            let t = k as f64 / 8.0;
            let u = 1.0 - t;
            let x = u * u * u * p0.0
                + 3.0 * u * u * t * p1.0
                + 3.0 * u * t * t * p2.0
                + t * t * t * p3.0;
            let y = u * u * u * p0.1
                + 3.0 * u * u * t * p1.1
                + 3.0 * u * t * t * p2.1
                + t * t * t * p3.1;
            out.push((x, y));
        }
        i += 3;
    }
    out
}

/// The standard flows of `dir`: a dot file each (one cluster per lane) and, per flow, the
/// compact and spacious swimlane chart's crossings and area, tab-separated.
fn cmd_flows(dir: &str, out: &str) {
    std::fs::create_dir_all(out).expect("mkdir");
    let measure = liucheng::render::measure::FontMeasure::regular();
    println!("name\tnodes\tcompact_crossings\tcompact_area\tspacious_crossings\tspacious_area");
    for (name, p) in &flows::load_flows(std::path::Path::new(dir)) {
        std::fs::write(format!("{out}/{name}.lanes.dot"), dot_text(p, true)).expect("write");
        let metrics = |density| {
            let opts = LayoutOptions {
                density,
                ..LayoutOptions::default()
            };
            diagram_metrics(&layout(p, &opts, &measure))
        };
        let (c, s) = (metrics(Density::Compact), metrics(Density::Spacious));
        println!(
            "{name}\t{}\t{}\t{:.0}\t{}\t{:.0}",
            p.graph.node_count(),
            c.crossings,
            c.area,
            s.crossings,
            s.area
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("gen") => cmd_gen(args.get(2).map_or("target/bench-graphs", String::as_str)),
        Some("flows") => cmd_flows(&args[2], &args[3]),
        Some("liucheng") => cmd_liucheng(!args.iter().any(|a| a == "--no-layout-rs")),
        Some("dot") => cmd_dot(
            &args[2],
            &args[3],
            &args[4],
            args.get(5).map_or("", String::as_str),
        ),
        _ => {
            eprintln!(
                "usage: bench_graphs gen DIR | liucheng [--no-layout-rs] | dot PLAIN NAME MODE MS \
                 | flows DIR OUT"
            );
            std::process::exit(2);
        }
    }
}
