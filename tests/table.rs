//! The 流程说明表 (step table): its data for standard flows (goldens), its CSV and HTML, and
//! the paginated A4 SVG pages (every step once, rows inside the margins, the header on every
//! page, long texts split, every page readable by usvg/resvg).

use liucheng::diagram::Rect;
use liucheng::layout::LayoutOptions;
use liucheng::layout::page::PageOptions;
use liucheng::layout::table::{PageGeometry, TablePage, paginate};
use liucheng::model::table::{HEADERS, Row, StepTable, step_table};
use liucheng::model::{NodeKind, Process, build_source};
use liucheng::pipeline;
use liucheng::render::measure::FontMeasure;
use liucheng::render::{Theme, csv, png, table_html, table_svg};
use proptest::prelude::*;
use std::path::Path;

mod common;
use common::{liucheng, text};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn build(path: &str) -> Process {
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    let (_, out) = build_source(path, &text);
    assert!(
        !liucheng::diag::has_errors(&out.diagnostics),
        "{path}: {:?}",
        out.diagnostics
    );
    out.process
}

/// The table as `render` makes it: numbered like the default (swimlane) chart.
fn numbered(process: &Process) -> StepTable {
    let (diagram, _) = pipeline::draw(
        process,
        &LayoutOptions::default(),
        &PageOptions::default(),
        &Theme::print(),
        liucheng::render::svg::SvgFonts::None,
    )
    .unwrap();
    pipeline::numbered_table(process, &[&diagram])
}

fn pages(table: &StepTable) -> Vec<TablePage> {
    paginate(
        table,
        PageGeometry::default(),
        &FontMeasure::regular(),
        &FontMeasure::bold(),
    )
}

/// Every standard flow that is read without a loader (no `基于`).
fn standard_flows() -> Vec<String> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(root().join("flows")).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&dir).unwrap() {
            let file = file.unwrap().path();
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            if file.extension().is_some_and(|e| e == "flow")
                && !text.lines().any(|l| l.trim_start().starts_with("基于"))
            {
                out.push(file.strip_prefix(root()).unwrap().display().to_string());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn golden_tables_of_standard_flows() {
    for (name, path) in [
        ("收文办理", "flows/办文/收文办理.flow"),
        ("会务", "flows/办会/会务.flow"),
        ("公务用车", "flows/办事/公务用车.flow"),
    ] {
        let table = numbered(&build(path));
        insta::assert_json_snapshot!(format!("table_{name}"), table);
    }
}

#[test]
fn golden_csv_and_html() {
    let table = numbered(&build("flows/办文/收文办理.flow"));
    let bytes = csv::to_csv(&table);
    assert!(bytes.starts_with(csv::BOM), "Excel needs the BOM");
    let text = String::from_utf8(bytes[csv::BOM.len()..].to_vec()).unwrap();
    insta::assert_snapshot!("table_收文办理_csv", text);
    insta::assert_snapshot!("table_收文办理_html", table_html::to_html(&table));
}

/// The names of the nodes that must be rows: all but connectors, annotations and starts and
/// ends without content (those with content are checked by the goldens).
fn required_rows(process: &Process) -> Vec<String> {
    process
        .nodes()
        .filter(|(_, n)| {
            !matches!(
                n.kind,
                NodeKind::Connector | NodeKind::Annotation | NodeKind::Start | NodeKind::End
            )
        })
        .map(|(_, n)| n.name.clone())
        .collect()
}

#[test]
fn every_step_of_every_standard_flow_appears_once_in_table_and_pages() {
    let flows = standard_flows();
    assert!(flows.len() >= 20, "{flows:?}");
    for path in flows {
        let process = build(&path);
        let table = numbered(&process);
        let names: Vec<&str> = table.rows.iter().map(|r| r.name.as_str()).collect();
        for required in required_rows(&process) {
            let n = names.iter().filter(|&&n| n == required).count();
            assert_eq!(n, 1, "{path}: {required} appears {n} times");
        }
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len(), "{path}: a row twice");
        // Every row but a content-free start has a number.
        for row in &table.rows {
            let kind = process.graph[process.node_by_name(&row.name).unwrap()].kind;
            if !matches!(kind, NodeKind::Start | NodeKind::End) {
                assert!(
                    !row.cells[0].is_empty(),
                    "{path}: {} has no number",
                    row.name
                );
            }
        }
        assert_eq!(table.missing_chars(), Vec::<char>::new(), "{path}");
        let pages = pages(&table);
        check_pages(&table, &pages, &path);
    }
}

/// The page properties: at least one page, every row in order and once (continuations
/// aside), every box inside the margins, the header on every page above its rows, the
/// flow-level lines on the first page only, page numbers right.
fn check_pages(table: &StepTable, pages: &[TablePage], what: &str) {
    assert!(!pages.is_empty(), "{what}: no page");
    let placed: Vec<&str> = pages
        .iter()
        .flat_map(|p| &p.rows)
        .filter(|r| !r.continued)
        .map(|r| r.name.as_str())
        .collect();
    let wanted: Vec<&str> = table.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(placed, wanted, "{what}: rows on the pages");
    let total = pages.len();
    for (i, page) in pages.iter().enumerate() {
        let g = page.geometry;
        let content = g.content();
        let inside = |r: &Rect, label: &str| {
            let eps = 1e-6;
            assert!(
                r.x >= content.x - eps
                    && r.y >= content.y - eps
                    && r.right() <= content.right() + eps
                    && r.bottom() <= content.bottom() + eps,
                "{what} page {}: {label} {r:?} outside {content:?}",
                i + 1
            );
        };
        assert_eq!(page.number, i + 1);
        assert_eq!(page.header.len(), table.headers.len(), "{what}: header");
        let header_bottom = page.header[0].rect.bottom();
        for (c, cell) in page.header.iter().enumerate() {
            inside(&cell.rect, "header");
            assert_eq!(cell.text.lines.concat(), table.headers[c]);
        }
        assert!(page.title.lines.concat().starts_with(&table.title));
        inside(&page.title.rect, "title");
        inside(&page.footer.rect, "footer");
        assert_eq!(
            page.footer.lines,
            vec![format!("第 {} 页 共 {total} 页", i + 1)]
        );
        if i > 0 {
            assert!(page.meta.is_empty(), "{what}: flow lines after page 1");
        }
        let mut y = header_bottom;
        for row in &page.rows {
            for cell in &row.cells {
                inside(&cell.rect, &row.name);
                assert!((cell.rect.y - y).abs() < 1e-6, "{what}: rows touch");
                let block = cell.text.lines.len() as f64 * cell.text.font_size * 1.4;
                assert!(
                    block <= cell.rect.h + 1e-6,
                    "{what}: text overflows its cell"
                );
                assert!(cell.text.font_size >= 9.0);
                for line in &cell.text.lines {
                    let w = liucheng::layout::text::TextMeasure::width(
                        &FontMeasure::regular(),
                        line,
                        cell.text.font_size,
                    );
                    assert!(w <= cell.text.rect.w + 0.01, "{what}: {line:?} too wide");
                }
            }
            y = row.cells[0].rect.bottom();
            assert!(y <= page.footer.rect.y, "{what}: row over the page number");
        }
    }
    let meta_lines: usize = pages.iter().map(|p| p.meta.len()).sum();
    assert_eq!(
        meta_lines > 0,
        !table.meta_lines().is_empty(),
        "{what}: flow-level lines"
    );
}

#[test]
fn every_page_svg_parses_and_rasterises_with_text_of_at_least_9pt() {
    let table = numbered(&build("flows/办文/收文办理.flow"));
    let svgs = table_svg::table_pages(&table, PageGeometry::default());
    assert!(svgs.len() >= 2, "收文办理 takes two pages");
    for svg in &svgs {
        assert!(svg.contains("width=\"210mm\" height=\"297mm\" viewBox=\"0 0 595.28 841.89\""));
        for size in svg.split("font-size=\"").skip(1) {
            let size: f64 = size[..size.find('"').unwrap()].parse().unwrap();
            assert!(size >= 9.0, "{size} pt");
        }
        let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).unwrap();
        assert!(
            (tree.size().width() - 793.7).abs() < 0.5,
            "210 mm at 96 px/in"
        );
        let bytes = png::to_png(svg, 24).unwrap();
        assert!(bytes.starts_with(b"\x89PNG"));
    }
    assert!(svgs[0].contains("收文办理流程说明表") && svgs[0].contains("第 1 页 共 2 页"));
    assert!(svgs[0].contains("依据：《党政机关公文处理工作条例》第二十四条 [R]"));
    // Byte-identical reruns.
    assert_eq!(
        svgs,
        table_svg::table_pages(&table, PageGeometry::default())
    );
}

#[test]
fn html_is_well_formed_with_a_header_and_one_row_per_step() {
    use quick_xml::events::Event;
    let table = numbered(&build("flows/办文/收文办理.flow"));
    let html = table_html::to_html(&table);
    // The doctype aside, the page is XML.
    let body = html.strip_prefix("<!DOCTYPE html>\n").unwrap();
    let mut reader = quick_xml::Reader::from_str(body);
    let (mut depth, mut thead, mut tr, mut th, mut td) = (0i32, 0, 0, 0, 0);
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => {
                depth += 1;
                match e.name().as_ref() {
                    b"thead" => thead += 1,
                    b"tr" => tr += 1,
                    b"th" => th += 1,
                    b"td" => td += 1,
                    b"link" | b"script" | b"img" => panic!("external resource"),
                    _ => {}
                }
            }
            Event::End(_) => depth -= 1,
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0);
    assert_eq!(thead, 1);
    assert_eq!(tr, table.rows.len() + 1);
    assert_eq!(th, HEADERS.len());
    assert_eq!(td, table.rows.len() * HEADERS.len());
    assert!(html.contains("@page { size: A4 portrait"));
}

#[test]
fn html_escapes_everything() {
    let text =
        "流程 <b>&\"'\n角色 甲<i>\n步骤 一：<script>x</script>\n  负责：甲<i>\n  标准：a & b < c\n";
    let (_, out) = build_source("t.flow", text);
    let html = table_html::to_html(&step_table(&out.process));
    assert!(!html.contains("<script>") && !html.contains("<b>") && !html.contains("<i>"));
    assert!(html.contains("&lt;script&gt;") && html.contains("a &amp; b &lt; c"));
    quick_xml::Reader::from_str(html.strip_prefix("<!DOCTYPE html>\n").unwrap())
        .read_event()
        .unwrap();
}

/// A flow whose one step's 标准 is far longer than a page.
fn long_flow(chars: usize) -> String {
    let long: String = "逐件核对来文机关、文号、标题并登记，"
        .chars()
        .cycle()
        .take(chars)
        .collect();
    format!(
        "流程 长文\n角色 甲\n开始\n步骤 一\n  负责：甲\n  标准：{long}\n步骤 二\n  负责：甲\n  规则：短\n结束\n开始 → 一 → 二 → 结束\n"
    )
}

#[test]
fn a_very_long_standard_paginates_and_splits_its_row() {
    let (_, out) = build_source("t.flow", &long_flow(6000));
    let table = numbered(&out.process);
    let pages = pages(&table);
    check_pages(&table, &pages, "long");
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let fragments: Vec<_> = pages
        .iter()
        .flat_map(|p| &p.rows)
        .filter(|r| r.name == "一")
        .collect();
    assert!(fragments.len() >= 2 && fragments[1].continued);
    assert!(
        fragments[1].cells[0]
            .text
            .lines
            .concat()
            .ends_with("（续）")
    );
    // No line is lost: the fragments hold all of the cell's lines.
    let lines: usize = fragments.iter().map(|r| r.cells[3].text.lines.len()).sum();
    let text: String = fragments
        .iter()
        .flat_map(|r| &r.cells[3].text.lines)
        .map(String::as_str)
        .collect();
    assert!(lines > 100);
    assert_eq!(
        text.chars().filter(|c| !c.is_whitespace()).count(),
        6000 + 3
    );
    for svg in table_svg::table_pages(&table, PageGeometry::default()) {
        png::to_png(&svg, 24).unwrap();
    }
}

#[test]
fn render_writes_table_html_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let flow = root().join("flows/办文/收文办理.flow");
    let o = liucheng(&[
        "render",
        flow.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        "table-html,csv",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let html = std::fs::read_to_string(out.join("收文办理.table.html")).unwrap();
    assert!(html.contains("<h1>收文办理流程说明表</h1>"));
    let bytes = std::fs::read(out.join("收文办理.csv")).unwrap();
    assert!(bytes.starts_with(csv::BOM));
    assert!(
        !out.join("收文办理.svg").exists(),
        "only the formats asked for"
    );
    let mut names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["收文办理.csv", "收文办理.table.html"]);
}

fn arb_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[甲乙丙丁，。、（）《》a-z0-9 ]{1,40}",
        "[甲乙丙丁，。、（）]{100,900}",
        "[A-Za-z0-9]{30,80}",
    ]
}

fn arb_table() -> impl Strategy<Value = StepTable> {
    let row = proptest::collection::vec(arb_text(), HEADERS.len());
    (
        proptest::collection::vec(row, 0..25),
        proptest::collection::vec("[甲乙，]{1,200}", 0..4),
    )
        .prop_map(|(rows, basis)| StepTable {
            title: "测试".into(),
            code: None,
            headers: HEADERS.iter().map(|h| h.to_string()).collect(),
            rows: rows
                .into_iter()
                .enumerate()
                .map(|(i, cells)| Row {
                    name: format!("r{i}"),
                    cells,
                })
                .collect(),
            basis,
            remarks: vec![],
            unit: Some("办公室".into()),
            version: None,
            date: None,
            not_validated: false,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn any_table_paginates_inside_the_margins(table in arb_table()) {
        let pages = pages(&table);
        check_pages(&table, &pages, "arbitrary");
    }
}

#[test]
fn a_table_drawn_with_allow_errors_says_it_failed_check() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let flow = root().join("tests/fixtures/rules/S002/bad.flow");
    let args = |extra: &[&'static str]| {
        let mut a = vec![
            "render",
            flow.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--format",
            "table-html",
        ];
        a.extend_from_slice(extra);
        liucheng(&a)
    };
    let o = args(&[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        !out.join("bad.table.html").exists(),
        "not made without --allow-errors"
    );
    let o = args(&["--allow-errors"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let html = std::fs::read_to_string(out.join("bad.table.html")).unwrap();
    assert!(html.contains(liucheng::model::table::NOT_VALIDATED));
}
