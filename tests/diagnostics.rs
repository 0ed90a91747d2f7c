//! Golden diagnostics: every fixture under `tests/fixtures/syntax/err/` names the codes it
//! must produce in a `# 应报告：CODE…` header; the test checks those codes are reported (and
//! no others), and snapshots the human (Chinese and English) and JSON output.

use liucheng::cli::files;
use liucheng::cli::report::{self, FileReport};
use liucheng::diag::Lang;
use liucheng::source::Encoding;
use std::path::Path;

fn expected_codes(text: &str) -> Vec<String> {
    let header = text
        .lines()
        .find_map(|l| l.strip_prefix("# 应报告："))
        .expect("fixture must start with `# 应报告：CODE…`");
    header
        .split(|c: char| c.is_whitespace() || c == '（')
        .take_while(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn render(path: &Path) -> (Vec<String>, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let loaded = files::load(path, Encoding::Utf8, Some(&root)).expect("fixture readable");
    let mut diags: Vec<_> = loaded.diagnostics().collect();
    diags.sort_by_key(|d| (d.source, d.span.start, d.code));
    let codes = diags.iter().map(|d| d.code.to_owned()).collect();
    let reports = [FileReport {
        sources: &loaded.sources,
        diagnostics: diags,
    }];
    let mut out = report::human(&reports[0], Lang::Zh, false);
    out.push_str("----- English -----\n");
    out.push_str(&report::human(&reports[0], Lang::En, false));
    out.push_str("----- JSON -----\n");
    out.push_str(&report::json(&reports, Lang::Zh));
    (codes, out)
}

#[test]
fn error_fixtures() {
    // Paths in output are relative to the package root, where cargo runs tests.
    insta::glob!("fixtures/syntax/err/*.flow", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let mut expected = expected_codes(&text);
        expected.sort();
        let (codes, out) = render(path);
        let mut found = codes.clone();
        found.sort();
        found.dedup();
        assert_eq!(
            found,
            expected,
            "{}: reported codes differ\n{out}",
            path.display()
        );
        insta::assert_snapshot!(out);
    });
}

#[test]
fn base_file_fixtures() {
    let dir = Path::new("tests/fixtures/base");
    for (file, code) in [("甲.flow", "M007"), ("越界.flow", "M005")] {
        let (codes, out) = render(&dir.join(file));
        assert_eq!(codes, vec![code.to_owned()], "{file}\n{out}");
    }
    let (codes, out) = render(&dir.join("改编.flow"));
    assert!(codes.is_empty(), "{out}");
}

#[test]
fn every_code_has_a_fixture() {
    let dir = Path::new("tests/fixtures/syntax/err");
    let mut covered = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        covered.extend(expected_codes(&text));
    }
    for code in [
        "P001", "P002", "P003", "P004", "P005", "P006", "P007", "P008", "P009", "P010", "P011",
        "M001", "M002", "M003", "M004", "M005", "M006", "M008", "M009", "M010", "M011", "M012",
    ] {
        assert!(covered.contains(code), "no fixture for {code}");
    }
}
