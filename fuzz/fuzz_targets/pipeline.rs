//! Fuzz the whole pipeline: decode → parse → build → check → layout (swimlane and plain,
//! TB and LR) → furniture → SVG → PNG at a low resolution. Oracle: nothing panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Rasterising is the slowest stage (about a second for a chart with a 600-character
    // title): draw PNGs only for small inputs, SVG for all.
    let dpi = (data.len() <= 512).then_some(24);
    let _ = liucheng::pipeline::run_bytes(data, dpi);
});
