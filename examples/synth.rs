//! Print a generated flow:
//!
//! - `cargo run --example synth -- STEPS [SEED]`: a random well-structured flow;
//! - `cargo run --example synth -- nested DEPTH`: nested 并行/汇合 (`synth::nested_parallel`);
//! - `cargo run --example synth -- chain STEPS [ROLES [BACK_EVERY [oneline]]]`: a long chain
//!   (`synth::chain`), BACK_EVERY 0 for none.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let num = |i: usize, d: usize| -> usize {
        args.get(i)
            .and_then(|a| a.replace('_', "").parse().ok())
            .unwrap_or(d)
    };
    let text = match args.first().map(String::as_str) {
        Some("nested") => liucheng::synth::nested_parallel(num(1, 1000)),
        Some("chain") => liucheng::synth::chain(
            num(1, 10_000),
            num(2, 0),
            Some(num(3, 0)).filter(|&n| n > 0),
            args.get(4).is_some_and(|a| a == "oneline"),
        ),
        _ => liucheng::synth::flow_text(
            num(1, 100) as u64,
            num(0, 100),
            &liucheng::synth::SynthOptions::default(),
        ),
    };
    print!("{text}");
}
