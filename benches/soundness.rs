//! Soundness analysis on generated well-structured flows (the structural pass must decide
//! them without exploring states), and on an unstructured flow left to the exact pass.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use liucheng::check::soundness::{Limits, Method, analyse};
use liucheng::model::build_source;
use liucheng::synth::{SynthOptions, flow_text, parallel_regions};

fn structured(c: &mut Criterion) {
    let mut group = c.benchmark_group("soundness/structured");
    for steps in [100, 1_000, 10_000] {
        let text = flow_text(42, steps, &SynthOptions::default());
        let process = build_source("bench.flow", &text).1.process;
        let limits = Limits::default();
        let a = analyse(&process, &limits);
        assert!(a.is_sound() && a.method == Method::Structural);
        group.bench_with_input(BenchmarkId::from_parameter(steps), &process, |b, p| {
            b.iter(|| analyse(p, &limits))
        });
    }
    group.finish();
}

fn unstructured(c: &mut Criterion) {
    let mut group = c.benchmark_group("soundness/unstructured");
    for k in [1, 5, 30] {
        let process = build_source("bench.flow", &parallel_regions(k, false))
            .1
            .process;
        let limits = Limits::default();
        let a = analyse(&process, &limits);
        assert!(a.is_sound() && a.method == Method::Structural, "{a:?}");
        group.bench_with_input(BenchmarkId::from_parameter(k), &process, |b, p| {
            b.iter(|| analyse(p, &limits))
        });
    }
    group.finish();
}

/// 30 parallel branches, each an AND split closed by an XOR merge: the state space explodes
/// (≈ 2^30 interleavings) and the default budget of 200,000 states runs out.
fn explosion(c: &mut Criterion) {
    let mut t =
        String::from("流程 b\n开始\n结束\n并行 总分\n汇合 总汇\n开始 → 总分\n总汇 → 结束\n");
    for i in 0..30 {
        t.push_str(&format!(
            "并行 分{i}\n步骤 甲{i}\n步骤 乙{i}\n步骤 合{i}\n总分 → 分{i}\n分{i} → 甲{i}\n\
             分{i} → 乙{i}\n甲{i} → 合{i}\n乙{i} → 合{i}\n合{i} → 总汇\n"
        ));
    }
    let process = build_source("bench.flow", &t).1.process;
    let limits = Limits::default();
    let mut group = c.benchmark_group("soundness/explosion");
    group.sample_size(10);
    group.bench_function("30-branches-200k-states", |b| {
        b.iter(|| analyse(&process, &limits))
    });
    group.finish();
}

criterion_group!(benches, structured, unstructured, explosion);
criterion_main!(benches);
