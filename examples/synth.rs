//! Print a generated flow: `cargo run --example synth -- STEPS [SEED]`.
fn main() {
    let mut args = std::env::args().skip(1);
    let steps: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    print!(
        "{}",
        liucheng::synth::flow_text(seed, steps, &liucheng::synth::SynthOptions::default())
    );
}
