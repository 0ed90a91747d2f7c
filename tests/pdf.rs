//! PDF pages: `render --format pdf`, paper choice and splitting.
//!
//! The bytes are checked in Rust (same bytes on every run and in another process, page sizes
//! from the `/MediaBox`es); the structure with poppler-utils (`pdfinfo`, `pdffonts`,
//! `pdftotext`), which `.ci/run` installs. Outside CI a missing poppler skips those checks with
//! a message; in CI (`CI` set) it fails.

mod common;

use common::{liucheng, liucheng_in, text};
use liucheng::layout::LayoutOptions;
use liucheng::layout::page::PageOptions;
use liucheng::layout::paper::{Orientation, Paper, PaperSpec};
use liucheng::pipeline;
use liucheng::render::Theme;
use std::path::{Path, PathBuf};
use std::process::Command;

const SMALL: &str = "流程 请假审批
角色 申请人：岗位，级别 1
角色 科长：领导，级别 2
开始
步骤 填写申请
  负责：申请人
判断 审批：是否同意？
  负责：科长
  时限：1个工作日
  同意 → 结束
  退回 不同意 → 填写申请
结束
开始 → 填写申请 → 审批
";

/// A chain of `n` steps across two lanes, with a return from the last check to the first step:
/// far too long for one page at the minimum size.
fn long_flow(n: usize) -> String {
    let mut s =
        String::from("流程 长链\n角色 经办人：岗位，级别 1\n角色 科长：领导，级别 2\n开始\n");
    for i in 1..=n {
        let owner = if i % 3 == 0 { "科长" } else { "经办人" };
        s.push_str(&format!("步骤 第{i}步办理\n  负责：{owner}\n"));
    }
    s.push_str(
        "判断 复核：是否通过？\n  负责：科长\n  通过 → 结束\n  退回 不通过 → 第1步办理\n结束\n开始",
    );
    for i in 1..=n {
        s.push_str(&format!(" → 第{i}步办理"));
    }
    s.push_str(" → 复核\n");
    s
}

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("liucheng.toml"), "").unwrap();
    for (name, body) in files {
        std::fs::write(dir.path().join(name), body).unwrap();
    }
    dir
}

fn render(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["render"];
    all.extend_from_slice(args);
    let out = liucheng_in(dir, &all);
    assert!(
        out.status.success(),
        "render failed:\n{}",
        text(&out.stderr)
    );
    out
}

/// Every page's `/MediaBox` width and height, pt, rounded.
fn media_boxes(pdf: &[u8]) -> Vec<(i64, i64)> {
    let s = String::from_utf8_lossy(pdf);
    s.match_indices("/MediaBox [")
        .filter_map(|(i, m)| {
            let rest = &s[i + m.len()..];
            let nums: Vec<f64> = rest
                .split(']')
                .next()?
                .split_whitespace()
                .filter_map(|n| n.parse().ok())
                .collect();
            (nums.len() == 4).then(|| {
                (
                    (nums[2] - nums[0]).round() as i64,
                    (nums[3] - nums[1]).round() as i64,
                )
            })
        })
        .collect()
}

const A4: (i64, i64) = (595, 842);
const A4_LANDSCAPE: (i64, i64) = (842, 595);
const A3: (i64, i64) = (842, 1191);
const A3_LANDSCAPE: (i64, i64) = (1191, 842);

/// Run a poppler tool on a file; `None` (with a message) when it is not installed outside CI.
fn poppler(tool: &str, args: &[&str], file: &Path) -> Option<String> {
    let mut cmd = Command::new(tool);
    cmd.args(args).arg(file);
    if tool == "pdftotext" {
        cmd.arg("-"); // to stdout, not to a .txt beside the file
    }
    match cmd.output() {
        Ok(out) => {
            assert!(out.status.success(), "{tool}: {}", text(&out.stderr));
            Some(text(&out.stdout))
        }
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "{tool} is missing in CI ({e}); .ci/run installs poppler-utils"
            );
            eprintln!("skipped: {tool} is not installed ({e}); apt-get install poppler-utils");
            None
        }
    }
}

fn pdf_of(text: &str, spec: &PaperSpec) -> (liucheng::layout::paper::Pagination, Vec<u8>) {
    let (sources, output) = liucheng::model::build_source("t.flow", text);
    let _ = sources;
    assert!(!liucheng::diag::has_errors(&output.diagnostics));
    let (pagination, svgs) = pipeline::draw_pages(
        &output.process,
        &LayoutOptions::default(),
        &PageOptions::default(),
        &Theme::print(),
        spec,
        liucheng::render::svg::SvgFonts::None,
    )
    .unwrap();
    // As `render --format pdf` makes it: the chart's pages, then its 流程说明表.
    let sheets: Vec<_> = pagination.pages.iter().map(|p| &p.sheet).collect();
    let table = pipeline::numbered_table(&output.process, &sheets);
    let pdf = pipeline::pdf(&output.process, &svgs, Some(&table)).unwrap();
    (pagination, pdf)
}

/// How many A4 portrait pages the 流程说明表 of `text` takes after the chart.
fn table_pages(text: &str) -> usize {
    let (_, output) = liucheng::model::build_source("t.flow", text);
    let table = liucheng::model::table::step_table(&output.process);
    liucheng::render::table_svg::table_pages(
        &table,
        liucheng::layout::table::PageGeometry::default(),
    )
    .len()
}

#[test]
fn the_same_flow_gives_the_same_pdf_in_this_process_and_another() {
    let (_, a) = pdf_of(SMALL, &PaperSpec::default());
    let (_, b) = pdf_of(SMALL, &PaperSpec::default());
    assert_eq!(a, b, "two runs in one process differ");
    assert!(a.starts_with(b"%PDF-") && a.trim_ascii_end().ends_with(b"%%EOF"));
    let dir = project(&[("请假.flow", SMALL)]);
    render(dir.path(), &["请假.flow", "-o", "out", "--format", "pdf"]);
    let first = std::fs::read(dir.path().join("out/请假.pdf")).unwrap();
    render(dir.path(), &["请假.flow", "-o", "out", "--format", "pdf"]);
    let second = std::fs::read(dir.path().join("out/请假.pdf")).unwrap();
    assert_eq!(first, second, "two runs of the command differ");
    assert_eq!(first, a, "the command and the library differ");
    // No clock in the file.
    let s = String::from_utf8_lossy(&first);
    assert!(!s.contains("/CreationDate") && !s.contains("/ModDate"));
}

#[test]
fn a_small_flow_is_one_a4_page_with_embedded_fonts_and_every_step() {
    let (pagination, _) = pdf_of(SMALL, &PaperSpec::default());
    assert_eq!(pagination.pages.len(), 1);
    assert_eq!(pagination.paper, Paper::A4);
    assert!(pagination.scale <= 1.0 && pagination.scale >= pagination.min_scale);
    let dir = project(&[("请假.flow", SMALL)]);
    let out = render(dir.path(), &["请假.flow", "-o", "out", "--format", "pdf"]);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("请假：A4"), "{stderr}");
    assert!(stderr.contains("1 页"), "{stderr}");
    let file = dir.path().join("out/请假.pdf");
    let pdf = std::fs::read(&file).unwrap();
    let boxes = media_boxes(&pdf);
    let tables = table_pages(SMALL);
    assert!(tables >= 1);
    // The chart's page, then the table's A4 portrait pages.
    assert!(boxes[1..].iter().all(|&b| b == A4), "{boxes:?}");
    assert_eq!(boxes.len(), 1 + tables, "{boxes:?}");
    assert!(
        boxes[..1] == [A4] || boxes[..1] == [A4_LANDSCAPE],
        "{boxes:?}"
    );
    let Some(info) = poppler("pdfinfo", &[], &file) else {
        return;
    };
    assert!(
        info.contains(&format!("Pages:           {}", 1 + tables)),
        "{info}"
    );
    assert!(info.contains("请假审批流程图"), "title metadata:\n{info}");
    assert!(info.contains("pts (A4)"), "{info}");
    let fonts = poppler("pdffonts", &[], &file).unwrap();
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    // One subset per face (regular and bold), whatever draws the text.
    assert_eq!(rows.len(), 2, "{fonts}");
    for row in &rows {
        // name type encoding emb sub uni object ID
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert!(row.contains("Noto"), "only the embedded font: {row}");
        assert_eq!(cols[cols.len() - 5], "yes", "embedded: {row}");
        assert_eq!(cols[cols.len() - 4], "yes", "subset: {row}");
    }
    let words = poppler("pdftotext", &["-layout"], &file)
        .unwrap()
        .split_whitespace()
        .collect::<String>();
    for name in [
        "填写申请",
        "是否同意？",
        "申请人",
        "科长",
        "请假审批流程图",
        "同意",
    ] {
        assert!(words.contains(name), "{name} missing:\n{words}");
    }
}

#[test]
fn a_long_flow_splits_across_pages_with_paired_connectors() {
    let flow = long_flow(40);
    let (pagination, pdf) = pdf_of(&flow, &PaperSpec::default());
    let n = pagination.pages.len();
    assert!(n > 1, "one page for 40 steps");
    assert!(
        pagination.scale >= pagination.min_scale - 1e-9,
        "{} < {}",
        pagination.scale,
        pagination.min_scale
    );
    assert!(pagination.too_small.is_none());
    let tables = table_pages(&flow);
    assert_eq!(media_boxes(&pdf).len(), n + tables);
    // Every step on exactly one page; every connector letter once leaving, once arriving.
    let mut seen = std::collections::BTreeMap::new();
    let mut letters: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for (k, page) in pagination.pages.iter().enumerate() {
        assert!(
            page.sheet.width * page.scale <= page.frame.w + 0.01
                && page.sheet.height * page.scale <= page.frame.h + 0.01,
            "page {} overflows its frame",
            k + 1
        );
        // Lane headers repeated on every page.
        assert_eq!(page.sheet.lanes.len(), 2, "page {}", k + 1);
        for node in &page.sheet.nodes {
            *seen.entry(node.name.clone()).or_insert(0) += 1;
        }
        for c in &page.sheet.off_page {
            letters
                .entry(c.letter.clone())
                .or_default()
                .push(c.label.lines.join(""));
        }
    }
    // 40 steps, 开始, 复核, 结束.
    assert_eq!(seen.len(), 40 + 3, "{seen:?}");
    assert!(seen.values().all(|&v| v == 1), "{seen:?}");
    assert!(!letters.is_empty());
    for (letter, labels) in &letters {
        assert_eq!(labels.len(), 2, "{letter}: {labels:?}");
        assert!(
            labels.iter().any(|l| l.starts_with('转'))
                && labels.iter().any(|l| l.starts_with('接')),
            "{letter}: {labels:?}"
        );
    }
    let dir = project(&[("长链.flow", &flow)]);
    render(dir.path(), &["长链.flow", "-o", "out", "--format", "pdf"]);
    let file = dir.path().join("out/长链.pdf");
    assert_eq!(std::fs::read(&file).unwrap(), pdf);
    let Some(info) = poppler("pdfinfo", &[], &file) else {
        return;
    };
    assert!(
        info.contains(&format!("Pages:           {}", n + tables)),
        "{info}"
    );
    // Pages share one subset per face.
    let fonts = poppler("pdffonts", &[], &file).unwrap();
    assert_eq!(fonts.lines().skip(2).count(), 2, "{fonts}");
    let words = poppler("pdftotext", &[], &file)
        .unwrap()
        .split_whitespace()
        .collect::<String>();
    for label in [
        "转第2页",
        "接第1页",
        "（第1页，共",
        "第40步办理",
        "第1步办理",
    ] {
        assert!(words.contains(label), "{label} missing:\n{words}");
    }
}

#[test]
fn paper_precedence_command_line_then_flow_then_toml() {
    let with_paper = SMALL.replacen("流程 请假审批\n", "流程 请假审批\n  纸张：A3 横向\n", 1);
    let dir = project(&[("请假.flow", SMALL), ("横向.flow", &with_paper)]);
    let pdf = |dir: &Path, name: &str, extra: &[&str]| -> Vec<(i64, i64)> {
        let mut args = vec![name, "-o", "out", "--format", "pdf"];
        args.extend_from_slice(extra);
        render(dir, &args);
        let stem = name.trim_end_matches(".flow");
        // The chart's one page (the table's pages follow, always A4 portrait).
        media_boxes(&std::fs::read(dir.join(format!("out/{stem}.pdf"))).unwrap())[..1].to_vec()
    };
    assert_eq!(pdf(dir.path(), "横向.flow", &[]), vec![A3_LANDSCAPE]);
    assert_eq!(
        pdf(
            dir.path(),
            "横向.flow",
            &["--page", "A4", "--orientation", "portrait"]
        ),
        vec![A4]
    );
    // The command line's paper with the flow's orientation.
    assert_eq!(
        pdf(dir.path(), "横向.flow", &["--page", "A4"]),
        vec![A4_LANDSCAPE]
    );
    std::fs::write(
        dir.path().join("liucheng.toml"),
        "[render]\npage = \"A3\"\norientation = \"portrait\"\n",
    )
    .unwrap();
    assert_eq!(pdf(dir.path(), "请假.flow", &[]), vec![A3]);
    // The flow file beats liucheng.toml.
    assert_eq!(pdf(dir.path(), "横向.flow", &[]), vec![A3_LANDSCAPE]);
    std::fs::write(
        dir.path().join("liucheng.toml"),
        "[render]\npage = \"B5\"\n",
    )
    .unwrap();
    let out = liucheng_in(
        dir.path(),
        &["render", "请假.flow", "-o", "out", "--format", "pdf"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("B5"), "{}", text(&out.stderr));
}

#[test]
fn png_follows_the_page_when_page_is_given() {
    let dir = project(&[("请假.flow", SMALL)]);
    render(
        dir.path(),
        &[
            "请假.flow",
            "-o",
            "out",
            "--format",
            "png,svg",
            "--page",
            "A4",
            "--orientation",
            "landscape",
            "--dpi",
            "96",
        ],
    );
    let png = std::fs::read(dir.path().join("out/请假.png")).unwrap();
    // IHDR: width and height, big-endian, at bytes 16..24.
    let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((w, h), (1123, 794));
    let svg = std::fs::read_to_string(dir.path().join("out/请假.svg")).unwrap();
    assert!(svg.contains("page-frame"), "{svg}");
    // Without --page the PNG is the chart's own size, as before.
    render(
        dir.path(),
        &["请假.flow", "-o", "plain", "--format", "png", "--dpi", "96"],
    );
    let png = std::fs::read(dir.path().join("plain/请假.png")).unwrap();
    let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
    assert_ne!(w, 1123);
}

#[test]
fn explicit_orientation_is_kept_and_a_split_is_deterministic() {
    let flow = long_flow(30);
    let spec = PaperSpec {
        paper: Paper::A4,
        paper_chosen: true,
        orientation: Some(Orientation::Landscape),
        ..PaperSpec::default()
    };
    let (p, a) = pdf_of(&flow, &spec);
    assert_eq!(p.orientation, Orientation::Landscape);
    assert!(
        media_boxes(&a)[..p.pages.len()]
            .iter()
            .all(|&b| b == A4_LANDSCAPE)
    );
    let (_, b) = pdf_of(&flow, &spec);
    assert_eq!(a, b);
}

#[test]
fn every_standard_flow_renders_to_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let out = liucheng(&[
        "render",
        "flows",
        "-o",
        dir.path().to_str().unwrap(),
        "--format",
        "pdf",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let count = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p: &PathBuf| p.extension().is_some_and(|e| e == "pdf"))
        .count();
    assert!(count >= 29, "{count} PDFs");
}

/// Paging tries other line lengths of the compact boxes and keeps the best: never worse than
/// the usual eight characters (smaller paper, fewer pages, larger print, in that order),
/// and for 公务员年度考核 (13 steps in four lanes) the difference between two A4 pages and one.
#[test]
fn paging_picks_the_line_length_that_suits_the_page() {
    use liucheng::layout::paper::paginate;
    // As `render --format pdf` draws pages: without the 说明 column.
    let page_options = PageOptions {
        notes: Some(false),
        ..PageOptions::default()
    };
    let chosen = |text: &str, spec: &PaperSpec| {
        let (_, output) = liucheng::model::build_source("t.flow", text);
        let (pagination, _) = pipeline::draw_pages(
            &output.process,
            &LayoutOptions::default(),
            &page_options,
            &Theme::print(),
            spec,
            liucheng::render::svg::SvgFonts::None,
        )
        .unwrap();
        pagination
    };
    let usual = |text: &str, spec: &PaperSpec| {
        let (_, output) = liucheng::model::build_source("t.flow", text);
        let measure = liucheng::render::measure::FontMeasure::regular();
        let options = LayoutOptions::default();
        let chart = liucheng::layout::layout(&output.process, &options, &measure);
        paginate(
            &chart,
            &output.process,
            &page_options,
            spec,
            options.font_size,
            &measure,
            &liucheng::render::measure::FontMeasure::bold(),
        )
    };
    let spec = PaperSpec::default();
    let opts = liucheng::synth::SynthOptions {
        roles: 4,
        ..Default::default()
    };
    for seed in 0..6 {
        let text = liucheng::synth::flow_text(seed, 12 + 3 * seed as usize, &opts);
        let chosen = chosen(&text, &spec);
        let default = usual(&text, &spec);
        assert!(
            chosen.rank() <= default.rank(),
            "seed {seed}: {:?} worse than {:?}",
            chosen.rank(),
            default.rank()
        );
    }
    let kaohe = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("flows/内部管理/公务员年度考核.flow"),
    )
    .unwrap();
    assert_eq!(usual(&kaohe, &spec).pages.len(), 2);
    let chosen = chosen(&kaohe, &spec);
    assert_eq!((chosen.paper, chosen.pages.len()), (Paper::A4, 1));
    assert!(chosen.scale >= chosen.min_scale - 1e-9);
}
