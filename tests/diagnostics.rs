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
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .canonicalize()
        .unwrap();
    let loaded = files::load(path, Encoding::Utf8, &root).expect("fixture readable");
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
        "P012", "M001", "M002", "M003", "M004", "M005", "M006", "M008", "M009", "M010", "M011",
        "M012",
    ] {
        assert!(covered.contains(code), "no fixture for {code}");
    }
}

/// `开始：文字` names the start 文字; with one start, `开始` in an edge still means it (and `结束`
/// the only end), and `fmt` keeps that meaning.
#[test]
fn start_keyword_in_an_edge_means_the_only_start() {
    let text = "流程 会议室\n角色 科室\n开始：科室需要使用会议室\n步骤 申请\n  负责：科室\n结束：用完归还\n开始 → 申请 → 结束\n";
    let (_, out) = liucheng::model::build_source("t.flow", text);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let p = &out.process;
    let start = p.node_by_name("科室需要使用会议室").unwrap();
    let task = p.node_by_name("申请").unwrap();
    let end = p.node_by_name("用完归还").unwrap();
    assert!(p.graph.find_edge(start, task).is_some());
    assert!(p.graph.find_edge(task, end).is_some());
    assert_eq!(p.graph.edge_count(), 2);

    let (doc, diags) = liucheng::syntax::parse(text, liucheng::source::SourceId(0));
    assert!(diags.is_empty());
    let formatted = liucheng::syntax::format(&doc);
    assert!(
        formatted.contains("开始 科室需要使用会议室\n"),
        "{formatted}"
    );
    let (_, again) = liucheng::model::build_source("t.flow", &formatted);
    assert!(again.diagnostics.is_empty(), "{formatted}");
    assert_eq!(again.process.graph.edge_count(), 2);
}

/// One bad line under a 判断 does not end the block: the branches after it still belong to it.
#[test]
fn a_bad_branch_line_keeps_the_decision_open() {
    let text = std::fs::read_to_string("tests/fixtures/syntax/err/P007-branch-without-arrow.flow")
        .unwrap();
    let (doc, _) = liucheng::syntax::parse(&text, liucheng::source::SourceId(0));
    let decision = doc
        .items
        .iter()
        .find(|i| {
            matches!(
                &i.kind,
                liucheng::syntax::ast::ItemKind::Node { name, .. } if name.value == "审批"
            )
        })
        .unwrap();
    let branches: Vec<&str> = decision
        .children
        .iter()
        .filter_map(|c| match &c.kind {
            liucheng::syntax::ast::ChildKind::Branch { label, .. } => Some(label.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(branches, ["同意", "需补材料"]);
    assert_eq!(
        decision.children.len(),
        5,
        "负责, 同意, bad line, bad line, 需补材料"
    );
}

/// The misplaced `退回` is read as if written in front: a return edge, no cascade.
#[test]
fn a_misplaced_back_is_read_as_a_return_edge() {
    let text = "流程 X\n开始\n步骤 甲\n步骤 乙\n结束\n开始 → 甲 → 乙 → 结束\n乙 → 退回 甲\n";
    let (_, out) = liucheng::model::build_source("t.flow", text);
    let codes: Vec<&str> = out.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["P004"]);
    let p = &out.process;
    let (a, b) = (p.node_by_name("甲").unwrap(), p.node_by_name("乙").unwrap());
    let e = p.graph.find_edge(b, a).expect("return edge 乙 → 甲");
    assert!(p.graph[e].back);
}

/// Time limits offices write: calendar limits, ranges, endings, and a lead time of its own.
#[test]
fn common_office_time_limits_are_accepted() {
    let limits = [
        "次日",
        "次月",
        "当周",
        "下班前",
        "3日内",
        "1至3个工作日",
        "3个工作日内办结",
    ];
    let mut text = String::from("流程 X\n角色 办公室\n开始\n");
    for (i, limit) in limits.iter().enumerate() {
        text.push_str(&format!("步骤 S{i}\n  负责：办公室\n  时限：{limit}\n"));
    }
    text.push_str("步骤 通知\n  负责：办公室\n  提前：1个工作日\n结束\n");
    let chain: Vec<String> = (0..limits.len()).map(|i| format!("S{i}")).collect();
    text.push_str(&format!("开始 → {} → 通知 → 结束\n", chain.join(" → ")));
    let (_, out) = liucheng::model::build_source("t.flow", &text);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let p = &out.process;
    for (i, limit) in limits.iter().enumerate() {
        let n = &p.graph[p.node_by_name(&format!("S{i}")).unwrap()];
        assert!(n.limit.is_some(), "{limit}");
        assert_eq!(n.limit_text.as_deref(), Some(*limit));
    }
    let notice = &p.graph[p.node_by_name("通知").unwrap()];
    assert!(notice.limit.is_none(), "a lead time is not a time limit");
    assert_eq!(notice.lead.unwrap().minutes(), 480);
    let range = p.graph[p.node_by_name("S5").unwrap()].limit.unwrap();
    assert_eq!((range.min_minutes(), range.minutes()), (480, 1440));
}

/// G006 sums the most each limit allows: two steps of `1至3个工作日` may take 6 working days.
#[test]
fn deadline_sums_use_the_longest_reading_of_each_limit() {
    let flow = |total: &str| {
        format!(
            "流程 X\n  总时限：{total}\n角色 办公室\n开始\n  负责：办公室\n步骤 甲\n  负责：办公室\n  时限：1至3个工作日\n步骤 乙\n  负责：办公室\n  时限：次日\n  提前：5个工作日\n结束\n  负责：办公室\n开始 → 甲 → 乙 → 结束\n"
        )
    };
    let codes = |text: &str| {
        let (_, out) = liucheng::model::build_source("t.flow", text);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        let settings = liucheng::check::Settings::default();
        liucheng::check::check(&out.process, &settings)
            .into_iter()
            .map(|d| d.code)
            .collect::<Vec<_>>()
    };
    // 3 + 2 = 5 working days at most (the lead time is not counted).
    assert!(codes(&flow("4个工作日")).contains(&"G006"));
    assert!(!codes(&flow("5个工作日")).contains(&"G006"));
    // The total read its longest way: 当周 up to 7 days.
    assert!(!codes(&flow("当周")).contains(&"G006"));
}
