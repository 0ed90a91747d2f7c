//! Validator speed on generated well-structured flows of 100, 1,000 and 10,000 nodes.
//!
//! Targets (issue #3): all rules on 1,000 nodes under 20 ms, on 10,000 under 200 ms.
//! Run with `cargo bench --bench check` (add `-- --quick` for a short run).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use liucheng::check::{self, Settings, registry};
use liucheng::model;
use liucheng::synth::{SynthOptions, flow_text};
use std::hint::black_box;

fn bench_check(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    group.sample_size(20);
    let settings = Settings::default();
    for size in [100usize, 1_000, 10_000] {
        let text = flow_text(7, size, &SynthOptions::default());
        let (_, output) = model::build_source("bench.flow", &text);
        let process = output.process;
        group.bench_with_input(BenchmarkId::new("all_rules", size), &process, |b, p| {
            b.iter(|| black_box(check::check(p, &settings)))
        });
    }
    group.finish();
}

/// Each rule alone on 10,000 nodes, to see where the time goes.
fn bench_rules(c: &mut Criterion) {
    let mut group = c.benchmark_group("rule_10000");
    group.sample_size(10);
    let settings = Settings::default();
    let text = flow_text(7, 10_000, &SynthOptions::default());
    let (_, output) = model::build_source("bench.flow", &text);
    let process = output.process;
    for rule in registry::RULES.iter().filter(|r| r.check.is_some()) {
        group.bench_function(rule.code, |b| {
            b.iter(|| black_box(check::check_one(&process, &settings, rule)))
        });
    }
    group.finish();
}

/// G004 and G007 over runs where paths are open, so the token game of `check::runs` really
/// runs (the end owned by a department, no 处置): the worst case of the run rules.
fn bench_runs(c: &mut Criterion) {
    let mut group = c.benchmark_group("runs");
    group.sample_size(10);
    let settings = Settings::default();
    for size in [100usize, 1_000] {
        let text = flow_text(7, size, &SynthOptions::default())
            .replace("结束 归档\n  负责：角色1", "结束 归档\n  负责：角色2")
            .replace("  编号：T7\n", "  编号：T7\n  类别：办文\n");
        let (_, output) = model::build_source("bench.flow", &text);
        let process = output.process;
        for code in ["G004", "G007"] {
            let rule = registry::RULES.iter().find(|r| r.code == code).unwrap();
            group.bench_function(BenchmarkId::new(code, size), |b| {
                b.iter(|| black_box(check::check_one(&process, &settings, rule)))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_check, bench_rules, bench_runs);
criterion_main!(benches);
