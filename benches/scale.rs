//! Scale benchmarks (issue 9, "bounded, near-linear cost"): layout of nested 并行 1,000–5,000
//! deep (5,000 is refused by the size limit, T003, right after layering), long chains of
//! 10,000–1,000,000 steps, and `fmt` of 10–50 MB files (format + re-parse + tree compare, as
//! the command does). Large cases take long: run one group with
//! `cargo bench --bench scale -- nested` (or `chain`, `fmt`). Memory is measured by
//! `scripts/scale.sh` (max RSS with /usr/bin/time); figures in docs/performance.md.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use liucheng::diagram::Diagram;
use liucheng::layout::text::ApproxMeasure;
use liucheng::layout::{LayoutOptions, MAX_UNITS, TooLarge, try_layout};
use liucheng::model::{Process, build_source};
use liucheng::source::SourceId;
use liucheng::synth::{chain, nested_parallel};
use std::hint::black_box;

fn process(text: &str) -> Process {
    build_source("scale.flow", text).1.process
}

/// What `render` does first: the layout with the size limit (refused charts return early).
fn lay_out(p: &Process) -> Result<Diagram, TooLarge> {
    try_layout(p, &LayoutOptions::default(), &ApproxMeasure, MAX_UNITS)
}

fn nested(c: &mut Criterion) {
    let mut group = c.benchmark_group("nested");
    group.sample_size(10);
    for depth in [1000, 2000, 5000] {
        let p = process(&nested_parallel(depth));
        group.bench_with_input(BenchmarkId::new("layout", depth), &p, |b, p| {
            b.iter(|| black_box(lay_out(p)))
        });
    }
    group.finish();
}

fn chains(c: &mut Criterion) {
    let mut group = c.benchmark_group("chain");
    group.sample_size(10);
    for steps in [10_000, 100_000, 1_000_000] {
        let p = process(&chain(steps, 3, None, false));
        group.bench_with_input(BenchmarkId::new("layout", steps), &p, |b, p| {
            b.iter(|| black_box(lay_out(p)))
        });
    }
    // Every tenth step may send the work back to the first: refused (T003) at 10,000.
    let p = process(&chain(10_000, 3, Some(10), false));
    group.bench_with_input(BenchmarkId::new("layout-back", 10_000), &p, |b, p| {
        b.iter(|| black_box(lay_out(p)))
    });
    group.finish();
}

fn fmt(c: &mut Criterion) {
    let mut group = c.benchmark_group("fmt");
    group.sample_size(10);
    // About 58 bytes a step with three roles: 180k steps ≈ 10 MB, 900k ≈ 50 MB.
    for (mb, steps) in [(10, 180_000), (50, 900_000)] {
        let text = chain(steps, 3, Some(50), false);
        group.bench_with_input(BenchmarkId::new("fmt", format!("{mb}MB")), &text, |b, t| {
            b.iter(|| {
                let (doc, _) = liucheng::syntax::parse(t, SourceId(0));
                let out = liucheng::syntax::format(&doc);
                let (again, _) = liucheng::syntax::parse(&out, SourceId(0));
                black_box(liucheng::syntax::fmt::same_tree(&doc, &again))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, nested, chains, fmt);
criterion_main!(benches);
