//! Fuzz the whole pipeline: decode → parse → build → check → layout → furniture → SVG → PNG
//! at a low resolution. Oracle: nothing panics. The first byte of an input chooses the chart
//! variant and whether to rasterise ([`liucheng::pipeline::run_fuzz_input`]);
//! `tests/fixtures/fuzz/pipeline/` keeps the corpus and `cargo test --test fuzz_corpus`
//! replays it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = liucheng::pipeline::run_fuzz_input(data);
});
