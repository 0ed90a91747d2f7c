//! Replay the whole-pipeline fuzz corpus (`tests/fixtures/fuzz/pipeline/`, the minimised
//! corpus of `fuzz/fuzz_targets/pipeline.rs`, crash inputs included) the way the fuzz target
//! runs it: nothing may panic, and whatever is drawn must rasterise.

use liucheng::pipeline::run_fuzz_input;

#[test]
fn the_pipeline_corpus_replays_without_a_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz/pipeline");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    paths.sort();
    let (mut charts, mut pngs) = (0, 0);
    for path in &paths {
        let data = std::fs::read(path).unwrap();
        let outcome = std::panic::catch_unwind(|| run_fuzz_input(&data))
            .unwrap_or_else(|_| panic!("{} panics", path.display()));
        // The selector asked for a PNG of a small input: every chart drawn rasterises.
        if let Some((&selector, text)) = data.split_first()
            && selector >> 5 == 0
            && text.len() <= 512
        {
            assert_eq!(
                outcome.pngs,
                outcome.charts,
                "{}: {outcome:?}",
                path.display()
            );
        }
        charts += outcome.charts;
        pngs += outcome.pngs;
    }
    // The corpus reaches every stage: most inputs are drawn, some rasterised.
    assert!(paths.len() >= 100, "the corpus has {} inputs", paths.len());
    assert!(
        charts >= paths.len() / 4,
        "{charts} charts from {} inputs",
        paths.len()
    );
    assert!(pngs >= 10, "{pngs} PNGs");
}
