//! Property tests: random well-structured flows (`liucheng::synth`: sequence, choice,
//! parallel and loop blocks) are structurally clean and sound — no S, D or C finding.

use liucheng::check::{self, Settings};
use liucheng::diag::has_errors;
use liucheng::model;
use liucheng::synth::{SynthOptions, flow_text};
use proptest::prelude::*;

fn structural_findings(text: &str) -> Vec<String> {
    let (_, output) = model::build_source("synth.flow", text);
    assert!(
        !has_errors(&output.diagnostics),
        "synth produced an invalid flow:\n{text}\n{:#?}",
        output.diagnostics
    );
    check::check(&output.process, &Settings::default())
        .into_iter()
        .filter(|d| matches!(&d.code[..1], "S" | "D" | "C"))
        .map(|d| format!("{} {}", d.code, d.message.en))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn well_structured_flows_are_clean(seed in any::<u64>(), steps in 3usize..80, branches in 2usize..4, parallel: bool, loops: bool) {
        let opts = SynthOptions { roles: 5, limits: true, max_branches: branches, parallel, loops };
        let text = flow_text(seed, steps, &opts);
        let findings = structural_findings(&text);
        prop_assert!(findings.is_empty(), "{findings:#?}\n{text}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Turning one 汇合 of a well-structured flow into an ordinary step (an exclusive merge)
    /// closes a parallel block with an XOR merge: lack of synchronisation (C001).
    #[test]
    fn join_swapped_for_a_merge_is_lack_of_sync(seed in any::<u64>(), steps in 8usize..60) {
        let opts = SynthOptions { roles: 5, limits: true, max_branches: 3, parallel: true, loops: false };
        let text = flow_text(seed, steps, &opts);
        let Some(pos) = text.find("\n汇合 ") else { return Ok(()) };
        let swapped = format!("{}\n步骤 {}", &text[..pos], &text[pos + "\n汇合 ".len()..]);
        let findings = structural_findings(&swapped);
        prop_assert!(findings.iter().any(|f| f.starts_with("C001")), "{findings:#?}\n{swapped}");
    }
}
