//! Layout benchmarks: generated flows of 50, 200, 1,000 and 3,000 nodes and a 150-node
//! office-like flow, plain and swimlane; layout-rs on the small ones for comparison.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use liucheng::layout::text::ApproxMeasure;
use liucheng::layout::{LayoutKind, LayoutOptions, layout};
use liucheng::model::{Process, build_source};
use liucheng::synth::{SynthOptions, flow_text};
use std::hint::black_box;

fn flow(seed: u64, steps: usize, roles: usize) -> Process {
    let opts = SynthOptions {
        roles,
        ..SynthOptions::default()
    };
    build_source("bench.flow", &flow_text(seed, steps, &opts))
        .1
        .process
}

#[path = "support/layout_rs.rs"]
mod support;
use support::layout_rs;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("layout");
    group.sample_size(10);
    let cases: Vec<(String, Process)> = vec![
        ("office150".into(), flow(15, 150, 6)),
        ("n50".into(), flow(11, 50, 5)),
        ("n200".into(), flow(12, 200, 6)),
        ("n1000".into(), flow(13, 1000, 8)),
        ("n3000".into(), flow(14, 3000, 10)),
    ];
    for (name, p) in &cases {
        for (kind, mode) in [
            (LayoutKind::Swimlane, "swimlane"),
            (LayoutKind::Plain, "plain"),
        ] {
            let opts = LayoutOptions {
                kind,
                ..LayoutOptions::default()
            };
            group.bench_with_input(BenchmarkId::new(mode, name), p, |b, p| {
                b.iter(|| black_box(layout(p, &opts, &ApproxMeasure)))
            });
        }
        if p.graph.node_count() <= 60 {
            group.bench_with_input(BenchmarkId::new("layout-rs", name), p, |b, p| {
                b.iter(|| layout_rs(p))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
