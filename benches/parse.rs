//! Parse + build the model for generated flows of 100, 1,000 and 10,000 steps.
//! Target: 10,000 steps in under 50 ms.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use liucheng::model::build_source;
use liucheng::source::SourceId;
use liucheng::synth::{SynthOptions, flow_text};

fn parse_and_build(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse_build");
    for steps in [100usize, 1_000, 10_000] {
        let text = flow_text(42, steps, &SynthOptions::default());
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("parse", steps), &text, |b, text| {
            b.iter(|| liucheng::syntax::parse(text, SourceId(0)))
        });
        group.bench_with_input(BenchmarkId::new("parse+build", steps), &text, |b, text| {
            b.iter(|| build_source("bench.flow", text))
        });
        group.bench_with_input(BenchmarkId::new("fmt", steps), &text, |b, text| {
            let (doc, _) = liucheng::syntax::parse(text, SourceId(0));
            b.iter(|| liucheng::syntax::format(&doc))
        });
    }
    group.finish();
}

criterion_group!(benches, parse_and_build);
criterion_main!(benches);
