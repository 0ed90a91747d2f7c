//! Structure on any model: the drafts a clerk really writes (no edges yet, no start, one lone
//! step) give located findings and never crash a stage (`tests/fixtures/structure/`).

use liucheng::check::{self, Settings};
use liucheng::diag::has_errors;
use liucheng::model;
use std::path::Path;

mod common;
use common::{liucheng, text};

const DIR: &str = "tests/fixtures/structure";

/// `CODE line:column` of every finding of a fixture, in order.
fn findings(file: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR).join(file);
    let source = std::fs::read_to_string(path).unwrap();
    let (sources, output) = model::build_source(file, &source);
    assert!(!has_errors(&output.diagnostics), "{:?}", output.diagnostics);
    let mut diags = check::check(&output.process, &Settings::default());
    diags.sort_by_key(|d| (d.span.start, d.code));
    diags
        .iter()
        .map(|d| {
            let at = sources.get(d.source).line_col(d.span.start as usize);
            format!("{} {}:{}", d.code, at.line, at.column)
        })
        .collect()
}

#[test]
fn three_line_file_reports_its_two_lone_nodes() {
    // Was a panic in S006 (exit 101): the edgeless start looked like a trap.
    assert_eq!(findings("three-lines.flow"), ["S007 2:4", "S007 3:4"]);
}

#[test]
fn edgeless_flow_reports_every_node_as_disconnected() {
    assert_eq!(
        findings("edgeless.flow"),
        [
            "S007 6:4",
            "S007 8:4",
            "D001 11:4",
            "S007 11:4",
            "O003 14:4",
            "S007 14:4",
            "O003 15:4",
            "S007 15:4",
            "S007 16:4",
        ]
    );
}

#[test]
fn a_flow_without_a_start_is_still_checked_from_its_sources() {
    // 签收 is a source, so 签收 → 登记 → 归档 is reachable; the 催办 ⇄ 复核 loop is not.
    assert_eq!(
        findings("no-start.flow"),
        ["S001 2:4", "R004 7:4", "R004 9:4", "S004 9:4"]
    );
}

#[test]
fn a_lone_step_is_disconnected() {
    assert_eq!(
        findings("lone.flow"),
        ["S001 1:4", "S003 1:4", "O001 2:4", "S007 2:4"]
    );
}

#[test]
fn folder_run_reports_every_file_and_never_crashes() {
    let out = liucheng(&["--lang", "en", "check", DIR]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    for file in [
        "edgeless.flow",
        "lone.flow",
        "no-start.flow",
        "three-lines.flow",
    ] {
        assert!(err.contains(file), "{file} missing from:\n{err}");
    }
    assert!(err.contains("checked 4 file(s)"), "{err}");
}

#[test]
fn every_stage_draws_the_drafts() {
    for file in [
        "edgeless.flow",
        "lone.flow",
        "no-start.flow",
        "three-lines.flow",
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR).join(file);
        let outcome = liucheng::pipeline::run_bytes(&std::fs::read(path).unwrap(), Some(24));
        assert_eq!((outcome.charts, outcome.pngs), (4, 4), "{file}");
    }
}
