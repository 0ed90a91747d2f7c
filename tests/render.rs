//! Render tests on hand-built diagrams: golden SVG for every symbol, byte-identical SVG and
//! PNG across runs, escaping, missing glyphs, the embedded-only font database.
//!
//! `UPDATE_GOLDEN=1 cargo test --test render` rewrites the golden files;
//! `RENDER_OUT=DIR` also writes the PNGs there to look at.

use liucheng::check::text::check_text;
use liucheng::diagram::{
    Diagram, DiagramEdge, DiagramNode, Direction, EdgeLabel, Lane, Point, Rect,
};
use liucheng::layout::page::{PageOptions, furnish};
use liucheng::layout::text::{TextMeasure, wrap};
use liucheng::model::{NodeKind, Process, build_source};
use liucheng::render::measure::FontMeasure;
use liucheng::render::{Theme, fonts, png, svg};
use std::path::Path;

const EVERY_SYMBOL: &str = "\
流程 全部符号
  编号：T-1
  版本：1.0
  编制单位：测试办公室
  日期：2026-11-27
  编制：张三 2026-11-20
  修订：1.0，2026-11-27，张三，首次发布，替代原手绘图
角色 秘书科：枢纽
角色 分管领导：领导
角色 承办部门：部门
开始 收到
  负责：秘书科
步骤 登记：登记并编号，填写文件处理单
  负责：秘书科
  时限：当日
  编号：A1
  依据：第二十四条（二）
  标准：逐件登记，不漏登
数据 录入：录入 OA 系统
  负责：秘书科
判断 审核：是否需要领导批示？
  负责：分管领导
  编号：B1
  是 → 准备材料
  退回 否 → 登记
准备 准备材料
  负责：分管领导
并行 分送
  负责：承办部门
人工 盖章：加盖印章
  负责：承办部门
文档 处理单：文件处理单
  负责：承办部门
汇合 汇总
  负责：承办部门
子流程 督办：督查督办
  负责：承办部门
  规则：超期的，由秘书科催办
连接 续：A
  负责：承办部门
说明 注：<script>alert(1)</script> & 其他
  负责：秘书科
结束 归档
  负责：承办部门
收到 → 登记 → 录入 → 审核
准备材料 → 分送
分送 → 盖章、处理单
盖章、处理单 → 汇总
汇总 → 督办 → 续 → 归档
";

fn process(text: &str) -> Process {
    let (_, out) = build_source("test.flow", text);
    assert!(
        !liucheng::diag::has_errors(&out.diagnostics),
        "{:#?}",
        out.diagnostics
    );
    out.process
}

fn size_of(kind: NodeKind) -> (f64, f64) {
    match kind {
        NodeKind::Decision => (150.0, 76.0),
        NodeKind::Parallel | NodeKind::Join => (120.0, 8.0),
        NodeKind::Connector => (32.0, 32.0),
        NodeKind::Start | NodeKind::End => (120.0, 40.0),
        _ => (140.0, 48.0),
    }
}

/// A stand-in for layout: one row per node in declaration order, each in its owner's lane.
fn hand_layout(process: &Process) -> Diagram {
    let m = FontMeasure::regular();
    let lane_w = 220.0;
    let header_h = 36.0;
    let row_h = 100.0;
    let nodes_list: Vec<_> = process.nodes().collect();
    let height = header_h + row_h * nodes_list.len() as f64 + 20.0;
    let lanes: Vec<Lane> = process
        .roles
        .iter()
        .enumerate()
        .map(|(i, r)| Lane {
            name: r.name.clone(),
            lines: vec![r.name.clone()],
            header: Rect {
                x: i as f64 * lane_w,
                y: 0.0,
                w: lane_w,
                h: header_h,
            },
            body: Rect {
                x: i as f64 * lane_w,
                y: header_h,
                w: lane_w,
                h: height - header_h,
            },
        })
        .collect();
    let mut nodes = Vec::new();
    for (row, (_, n)) in nodes_list.iter().enumerate() {
        let lane = n.owner.unwrap_or(0);
        let (w, h) = size_of(n.kind);
        let cx = lane as f64 * lane_w
            + lane_w / 2.0
            + if n.kind == NodeKind::Annotation {
                40.0
            } else {
                0.0
            };
        let cy = header_h + row_h * (row as f64 + 0.5);
        let lines = match n.kind {
            NodeKind::Parallel | NodeKind::Join => Vec::new(),
            NodeKind::Decision => wrap(n.display(), w * 0.6, 14.0, &m),
            _ => wrap(n.display(), w - 16.0, 14.0, &m),
        };
        let mut tooltip = vec![format!("负责：{}", process.roles[lane].name)];
        if let Some(l) = &n.limit_text {
            tooltip.push(format!("时限：{l}"));
        }
        if !n.basis.is_empty() {
            tooltip.push(format!("依据：{}", n.basis.join("；")));
        }
        nodes.push(DiagramNode {
            name: n.name.clone(),
            kind: n.kind,
            rect: Rect {
                x: cx - w / 2.0,
                y: cy - h / 2.0,
                w,
                h,
            },
            lines,
            font_size: 14.0,
            number: n.short_id.clone(),
            number_rect: n.short_id.as_ref().map(|_| Rect {
                x: cx - w / 2.0,
                y: cy - h / 2.0 - 14.0,
                w: 40.0,
                h: 14.0,
            }),
            limit: n.limit_text.clone(),
            limit_rect: n.limit_text.as_ref().map(|_| Rect {
                x: cx + 2.0,
                y: cy + h / 2.0,
                w: 60.0,
                h: 14.0,
            }),
            lane: Some(lane),
            tooltip,
        });
    }
    let index = |name: &str| {
        nodes
            .iter()
            .position(|n: &DiagramNode| n.name == name)
            .unwrap()
    };
    let mut edges = Vec::new();
    for (_, a, b, e) in process.edges() {
        let (from, to) = (index(&process.graph[a].name), index(&process.graph[b].name));
        let (s, t) = (nodes[from].rect, nodes[to].rect);
        let points = if e.back {
            let x = lanes.iter().map(|l| l.body.right()).fold(0.0, f64::max) - 12.0;
            let x = x.min(s.right() + 40.0).max(t.right() + 20.0);
            vec![
                pt(s.right(), s.center().y),
                pt(x, s.center().y),
                pt(x, t.center().y),
                pt(t.right(), t.center().y),
            ]
        } else if (s.center().x - t.center().x).abs() < 0.5 {
            vec![pt(s.center().x, s.bottom()), pt(t.center().x, t.y)]
        } else {
            let mid = t.y - 14.0;
            vec![
                pt(s.center().x, s.bottom()),
                pt(s.center().x, mid),
                pt(t.center().x, mid),
                pt(t.center().x, t.y),
            ]
        };
        let label = e.label.as_ref().map(|text| {
            let p = points[0];
            let w = m.width(text, 12.0) + 6.0;
            EdgeLabel {
                text: text.clone(),
                rect: Rect {
                    x: p.x + 4.0,
                    y: p.y + 4.0,
                    w,
                    h: 17.0,
                },
            }
        });
        edges.push(DiagramEdge {
            from,
            to,
            points,
            label,
            back: e.back,
            association: false,
            junctions: Vec::new(),
        });
    }
    // The annotation explains 登记, with a dashed association.
    if let (Some(note), Some(target)) = (
        nodes.iter().position(|n| n.name == "注"),
        nodes.iter().position(|n| n.name == "登记"),
    ) {
        let (s, t) = (nodes[note].rect, nodes[target].rect);
        edges.push(DiagramEdge {
            from: note,
            to: target,
            points: vec![
                pt(s.x, s.center().y),
                pt(s.x - 10.0, s.center().y),
                pt(s.x - 10.0, t.bottom() + 20.0),
                pt(t.center().x + 20.0, t.bottom() + 20.0),
            ],
            label: None,
            back: false,
            association: true,
            junctions: Vec::new(),
        });
    }
    Diagram {
        width: lanes.len() as f64 * lane_w,
        height,
        direction: Direction::TopBottom,
        lanes,
        bands: Vec::new(),
        nodes,
        edges,
        furniture: Default::default(),
        off_page: Vec::new(),
    }
}

fn every_symbol() -> (Process, Diagram) {
    let p = process(EVERY_SYMBOL);
    let d = furnished(&p);
    (p, d)
}

fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() || !path.exists() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap();
    if expected != actual {
        let diff = similar::TextDiff::from_lines(expected.as_str(), actual);
        let shown: String = diff
            .unified_diff()
            .context_radius(2)
            .header("golden", "actual")
            .to_string()
            .chars()
            .take(4000)
            .collect();
        panic!("{name} differs from the golden file (UPDATE_GOLDEN=1 to accept):\n{shown}");
    }
}

fn maybe_write(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("RENDER_OUT") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(Path::new(&dir).join(name), bytes).unwrap();
    }
}

#[test]
fn every_symbol_golden_svg() {
    let (_, d) = every_symbol();
    for theme in ["print", "color"] {
        let svg = svg::to_svg(&d, &Theme::named(theme).unwrap());
        golden(&format!("every-symbol-{theme}.svg"), &svg);
        let png = png::to_png(&svg, 96).unwrap();
        maybe_write(&format!("every-symbol-{theme}.png"), &png);
    }
}

#[test]
fn svg_and_png_bytes_are_identical_across_runs() {
    let (_, d1) = every_symbol();
    let (_, d2) = every_symbol();
    assert_eq!(d1, d2);
    let theme = Theme::print();
    let (s1, s2) = (svg::to_svg(&d1, &theme), svg::to_svg(&d2, &theme));
    assert_eq!(s1, s2);
    let (p1, p2) = (
        png::to_png(&s1, 192).unwrap(),
        png::to_png(&s2, 192).unwrap(),
    );
    assert!(p1 == p2, "PNG bytes differ between runs");
    assert_eq!(&p1[..8], b"\x89PNG\r\n\x1a\n");
}

#[test]
fn every_symbol_is_drawn_with_its_shape() {
    let (_, d) = every_symbol();
    let svg = svg::to_svg(&d, &Theme::print());
    for class in [
        "start terminator",
        "end terminator",
        "task process",
        "decision",
        "subflow predefined",
        "document",
        "data",
        "manual",
        "preparation",
        "parallel fork",
        "parallel join",
        "connector",
        "annotation",
    ] {
        assert!(svg.contains(&format!("class=\"node {class}\"")), "{class}");
    }
    assert!(svg.contains("class=\"edge back\""));
    assert!(svg.contains("class=\"edge association\""));
    assert!(svg.contains("<g class=\"lane\" id=\"lane-0\" data-role=\"秘书科\">"));
    assert!(svg.contains("<title>登记\n登记并编号，填写文件处理单\n负责：秘书科\n时限：当日\n依据：第二十四条（二）</title>"), "{svg}");
    assert!(svg.contains(
        "font-family=\"'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', sans-serif\""
    ));
    // Legend lists only the symbols used: no 数据-less chart here, so check one absent kind
    // on a smaller chart instead.
    let small = process(
        "流程 小\n角色 甲\n开始\n  负责：甲\n步骤 做：做事\n  负责：甲\n结束\n  负责：甲\n开始 → 做 → 结束\n",
    );
    let ds = furnished(&small);
    let legend = ds.furniture.legend.as_ref().unwrap();
    let names: Vec<&str> = legend
        .items
        .iter()
        .map(|i| i.label.lines[0].as_str())
        .collect();
    assert_eq!(names, vec!["端点符（开始/结束）", "处理", "流线"]);
    assert!(
        ds.furniture.notes.is_none(),
        "no 规则/标准/依据, no 说明 column"
    );
}

#[test]
fn text_is_escaped_and_the_svg_parses() {
    let (_, d) = every_symbol();
    let svg = svg::to_svg(&d, &Theme::print());
    assert!(!svg.contains("<script"));
    assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; 其他"));
    let tree = resvg::usvg::Tree::from_str(&svg, &png::usvg_options()).expect("valid SVG");
    assert!(tree.size().width() > 600.0);
}

#[test]
fn furniture_does_not_overlap_the_chart() {
    let (_, d) = every_symbol();
    let f = &d.furniture;
    let chart = d
        .lanes
        .iter()
        .map(|l| l.body)
        .chain(d.lanes.iter().map(|l| l.header))
        .chain(d.nodes.iter().map(|n| n.rect))
        .collect::<Vec<_>>();
    let mut boxes = vec![
        f.title.as_ref().unwrap().rect,
        f.title_block.as_ref().unwrap().rect,
        f.legend.as_ref().unwrap().rect,
        f.revisions.as_ref().unwrap().rect,
    ];
    boxes.push(f.notes.as_ref().unwrap().rect);
    for b in &boxes {
        for c in &chart {
            assert!(!b.overlaps(c, 0.01), "{b:?} overlaps {c:?}");
        }
        assert!(
            b.x >= 0.0 && b.right() <= d.width && b.y >= 0.0 && b.bottom() <= d.height,
            "{b:?} outside the sheet"
        );
    }
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            assert!(!a.overlaps(b, 0.01), "{a:?} overlaps {b:?}");
        }
    }
    // Notes entries do not overlap each other.
    let cells = &f.notes.as_ref().unwrap().cells;
    for (i, a) in cells.iter().enumerate() {
        for b in &cells[i + 1..] {
            assert!(!a.rect.overlaps(&b.rect, 0.01));
        }
    }
    let tb = f.title_block.as_ref().unwrap();
    let texts: Vec<String> = tb.cells.iter().map(|c| c.text.lines.join("")).collect();
    assert_eq!(
        texts,
        vec![
            "流程名称",
            "全部符号",
            "编号",
            "T-1",
            "版本",
            "1.0",
            "编制单位",
            "测试办公室",
            "日期",
            "2026-11-27",
            "编制",
            "张三 2026-11-20",
            "审核",
            "",
            "批准",
            ""
        ]
    );
    // Unsigned sign-off cells keep room for a handwritten signature (two lines).
    let blank = &tb.cells[tb.cells.len() - 1];
    assert!(blank.rect.h >= 2.0 * blank.text.font_size, "{blank:?}");
    // Every cell lies inside the block, and no two cells overlap.
    for (i, a) in tb.cells.iter().enumerate() {
        assert!(
            a.rect.x >= tb.rect.x - 0.01
                && a.rect.right() <= tb.rect.right() + 0.01
                && a.rect.y >= tb.rect.y - 0.01
                && a.rect.bottom() <= tb.rect.bottom() + 0.01,
            "{a:?} outside {:?}",
            tb.rect
        );
        for b in &tb.cells[i + 1..] {
            assert!(!a.rect.overlaps(&b.rect, 0.01), "{a:?} overlaps {b:?}");
        }
    }
    let rev = f.revisions.as_ref().unwrap();
    let texts: Vec<String> = rev.cells.iter().map(|c| c.text.lines.join("")).collect();
    assert_eq!(
        texts,
        vec![
            "修订记录",
            "版本",
            "日期",
            "修订人",
            "修订摘要",
            "1.0",
            "2026-11-27",
            "张三",
            "首次发布，替代原手绘图"
        ]
    );
}

#[test]
fn png_draws_text_not_blanks() {
    let p = process("流程 字\n角色 甲\n步骤 做：签收登记\n  负责：甲\n");
    let m = FontMeasure::regular();
    let mut d = hand_layout(&p);
    d.nodes[0].lines = wrap("签收登记", 200.0, 14.0, &m);
    let svg = svg::to_svg(&d, &Theme::print());
    let bytes = png::to_png(&svg, 96).unwrap();
    let decoder = ::png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let r = d.nodes[0].rect;
    // Count dark pixels strictly inside the box (the border excluded): text must be there.
    let mut dark = 0;
    for y in (r.y as u32 + 4)..(r.bottom() as u32 - 4) {
        for x in (r.x as u32 + 4)..(r.right() as u32 - 4) {
            let i = ((y * info.width + x) * 3) as usize;
            if buf[i] < 128 {
                dark += 1;
            }
        }
    }
    assert!(dark > 50, "only {dark} dark pixels: text was not drawn");
    let phys = reader.info().pixel_dims.unwrap();
    assert_eq!(phys.xppu, 3780);
}

#[test]
fn missing_glyph_is_an_error_at_the_step() {
    let text = "流程 人事\n角色 秘书科\n步骤 报送：报王𪚥同志\n  负责：秘书科\n";
    let (sources, out) = build_source("人事.flow", text);
    let diags = check_text(&out.process, &sources);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!(d.code, "T001");
    assert!(
        d.message.zh.contains("𪚥") && d.message.zh.contains("报送"),
        "{}",
        d.message.zh
    );
    assert!(d.message.en.contains("U+2A6A5"));
    let at = sources.get(d.source).line_col(d.span.start as usize);
    assert_eq!((at.line, at.column), (3, 9), "points at the character");
    // Everything GB2312 passes.
    let (sources, out) = build_source("全部符号.flow", EVERY_SYMBOL);
    assert!(check_text(&out.process, &sources).is_empty());
}

#[test]
fn font_database_has_no_system_fonts() {
    let db = fonts::database();
    assert_eq!(db.len(), 2);
    assert!(
        db.faces()
            .all(|f| matches!(f.source, fontdb::Source::Binary(_)))
    );
    assert!(fonts::LICENSE.contains("SIL OPEN FONT LICENSE Version 1.1"));
}

#[test]
fn measured_width_matches_what_resvg_draws() {
    // Anchored at its end, x + W, a text of measured width W must start at x.
    let m = FontMeasure::regular();
    let text = "Office 收文 AV To";
    let w = m.width(text, 20.0);
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"40\"><text x=\"{}\" y=\"30\" font-family=\"{}\" font-size=\"20\" text-anchor=\"end\">{text}</text></svg>",
        10.0 + w,
        fonts::FAMILY
    );
    let tree = resvg::usvg::Tree::from_str(&svg, &png::usvg_options()).unwrap();
    let resvg::usvg::Node::Text(t) = &tree.root().children()[0] else {
        panic!("text node")
    };
    let first = &t.layouted()[0].positioned_glyphs[0];
    let start = f64::from(first.transform().tx);
    assert!(
        (start - 10.0).abs() < 0.25,
        "text starts at {start}, expected 10 (width {w})"
    );
    assert_eq!(TextMeasure::line_height(&m, 20.0), 28.0);
}

#[test]
fn furniture_words_are_in_the_font() {
    let (_, d) = every_symbol();
    let f = &d.furniture;
    let mut words: Vec<String> = f
        .legend
        .as_ref()
        .unwrap()
        .items
        .iter()
        .map(|i| i.label.lines.concat())
        .collect();
    words.push(f.legend.as_ref().unwrap().title.lines.concat());
    for t in [
        f.title_block.as_ref().unwrap(),
        f.notes.as_ref().unwrap(),
        f.revisions.as_ref().unwrap(),
    ] {
        words.extend(t.cells.iter().map(|c| c.text.lines.concat()));
    }
    for w in words {
        assert!(fonts::missing_chars(&w).is_empty(), "{w}");
    }
}

fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut reader = ::png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

/// Reference PNG, compared pixel by pixel; a mismatch writes a diff image (differing pixels in
/// red over a faded copy of the expected image) to `target/render-diffs/`.
#[test]
fn every_symbol_reference_png() {
    let (_, d) = every_symbol();
    let actual = png::to_png(&svg::to_svg(&d, &Theme::print()), 96).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("tests/golden/every-symbol-print.png");
    if std::env::var_os("UPDATE_GOLDEN").is_some() || !path.exists() {
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    let (ew, eh, expected) = decode(&std::fs::read(&path).unwrap());
    let (aw, ah, got) = decode(&actual);
    assert_eq!((aw, ah), (ew, eh), "image size changed");
    let differing = expected
        .chunks(3)
        .zip(got.chunks(3))
        .filter(|(a, b)| a != b)
        .count();
    if differing > 0 {
        let mut diff = Vec::with_capacity(expected.len());
        for (a, b) in expected.chunks(3).zip(got.chunks(3)) {
            if a == b {
                diff.extend(a.iter().map(|v| 255 - (255 - v) / 4));
            } else {
                diff.extend([255, 0, 0]);
            }
        }
        let dir = root.join("target/render-diffs");
        std::fs::create_dir_all(&dir).unwrap();
        let file = std::fs::File::create(dir.join("every-symbol-print.diff.png")).unwrap();
        let mut enc = ::png::Encoder::new(file, ew, eh);
        enc.set_color(::png::ColorType::Rgb);
        enc.write_header().unwrap().write_image_data(&diff).unwrap();
        std::fs::write(dir.join("every-symbol-print.actual.png"), &actual).unwrap();
        panic!(
            "{differing} pixels differ from the reference PNG; see target/render-diffs/ (UPDATE_GOLDEN=1 to accept)"
        );
    }
}

#[test]
fn left_to_right_charts_get_the_notes_below() {
    let p = process(EVERY_SYMBOL);
    let mut d = hand_layout(&p);
    d.direction = Direction::LeftRight;
    let chart_bottom = d.height;
    furnish(
        &mut d,
        &p,
        &PageOptions::default(),
        &FontMeasure::regular(),
        &FontMeasure::bold(),
    );
    let f = &d.furniture;
    let notes = f.notes.as_ref().unwrap();
    let lanes_bottom = d.lanes.iter().map(|l| l.body.bottom()).fold(0.0, f64::max);
    assert!(notes.rect.y > lanes_bottom, "notes start below the chart");
    assert!(notes.rect.bottom() < f.legend.as_ref().unwrap().rect.y);
    assert!(notes.rect.right() <= d.width);
    assert!(d.height > chart_bottom);
    for (i, a) in notes.cells.iter().enumerate() {
        for b in &notes.cells[i + 1..] {
            assert!(!a.rect.overlaps(&b.rect, 0.01), "{a:?} / {b:?}");
        }
    }
}

#[test]
fn junctions_are_drawn_where_the_layout_puts_them() {
    let (_, mut d) = every_symbol();
    let k = d.edges.iter().position(|e| e.points.len() >= 3).unwrap();
    d.edges[k].junctions = vec![1];
    let p = d.edges[k].points[1];
    let svg = svg::to_svg(&d, &Theme::print());
    let dot = format!(
        "<circle class=\"junction\" data-edge=\"{k}\" cx=\"{}\" cy=\"{}\"",
        svg::num(p.x),
        svg::num(p.y)
    );
    assert!(svg.contains(&dot), "no junction dot {dot}");
    assert_eq!(svg.matches("class=\"junction\"").count(), 1);
}

/// The parallel-mode bars lie across the flow: horizontal lines in a top-to-bottom chart,
/// vertical lines (which the edges meet) in a left-to-right one.
#[test]
fn parallel_bars_lie_across_the_flow() {
    use liucheng::diagram::Direction;
    use liucheng::layout::{LayoutKind, LayoutOptions, layout};
    let p = process(
        "流程 并行\n角色 甲\n开始\n  负责：甲\n并行 分送\n  负责：甲\n步骤 一\n  负责：甲\n\
         步骤 二\n  负责：甲\n汇合 汇总\n  负责：甲\n结束\n  负责：甲\n\
         开始 → 分送\n分送 → 一 → 汇总\n分送 → 二 → 汇总\n汇总 → 结束\n",
    );
    for (direction, across) in [(Direction::TopBottom, 'H'), (Direction::LeftRight, 'V')] {
        let options = LayoutOptions {
            kind: LayoutKind::Swimlane,
            direction,
            ..LayoutOptions::default()
        };
        let d = layout(&p, &options, &FontMeasure::regular());
        let svg = svg::to_svg(&d, &Theme::print());
        for class in ["parallel fork", "parallel join"] {
            let at = svg.find(&format!("class=\"node {class}\"")).expect(class);
            let path = &svg[at..][svg[at..].find("<path d=\"").unwrap() + 9..];
            let d_attr = &path[..path.find('"').unwrap()];
            assert_eq!(
                d_attr.matches(across).count(),
                2,
                "{direction:?} {class}: {d_attr}"
            );
        }
    }
}

fn pt(x: f64, y: f64) -> Point {
    Point { x, y }
}

/// The hand-laid diagram of `p` with the default furniture.
fn furnished(p: &Process) -> Diagram {
    let mut d = hand_layout(p);
    furnish(
        &mut d,
        p,
        &PageOptions::default(),
        &FontMeasure::regular(),
        &FontMeasure::bold(),
    );
    d
}

/// The compact footer (the default): the legend's title beside its symbols (one line when
/// there is room), and
/// 编制, 审核 and 批准 side by side in one row of a title block holding two label–value pairs
/// a row; the classic footer stacks them. Both keep every cell apart, and the compact one
/// is shorter.
#[test]
fn compact_footer_is_one_legend_line_and_one_sign_off_row() {
    let p = process(EVERY_SYMBOL);
    let footer = |compact: bool| {
        let mut d = hand_layout(&p);
        let opts = PageOptions {
            compact_footer: compact,
            ..PageOptions::default()
        };
        furnish(
            &mut d,
            &p,
            &opts,
            &FontMeasure::regular(),
            &FontMeasure::bold(),
        );
        d.furniture
    };
    let (compact, classic) = (footer(true), footer(false));
    let label = |f: &liucheng::diagram::Furniture, text: &str| {
        f.title_block
            .as_ref()
            .unwrap()
            .cells
            .iter()
            .find(|c| c.text.lines.concat() == text)
            .unwrap()
            .rect
    };
    let sign = ["编制", "审核", "批准"].map(|t| label(&compact, t));
    assert!(sign.iter().all(|r| r.y == sign[0].y), "{sign:?}");
    assert!(sign[0].right() <= sign[1].x && sign[1].right() <= sign[2].x);
    let stacked = ["编制", "审核", "批准"].map(|t| label(&classic, t));
    assert!(stacked[0].bottom() <= stacked[1].y && stacked[1].bottom() <= stacked[2].y);
    // Two pairs a row: 编号 beside 流程名称.
    assert_eq!(label(&compact, "流程名称").y, label(&compact, "编号").y);
    let lg = compact.legend.as_ref().unwrap();
    let first = lg.items[0].rect;
    assert!(
        lg.title.rect.right() <= first.x,
        "title left of the symbols"
    );
    assert!(lg.title.rect.y >= first.y - 0.01 && lg.title.rect.bottom() <= first.bottom() + 0.01);
    // At most two rows beside the title block; this narrow chart's many symbols do not fit
    // there, so they get a line of their own above it.
    let rows = lg.items.iter().filter(|i| i.rect.x == first.x).count();
    let tb = compact.title_block.as_ref().unwrap().rect;
    if lg.rect.right() <= tb.x {
        assert!(rows <= 2, "{rows} rows beside the title block");
    } else {
        assert!(lg.rect.bottom() <= tb.y, "{:?} above {tb:?}", lg.rect);
        assert!(rows > 2, "moved although it fitted beside");
    }
    let classic_lg = classic.legend.as_ref().unwrap();
    assert!(classic_lg.title.rect.bottom() <= classic_lg.items[0].rect.y);
    let height = |f: &liucheng::diagram::Furniture| {
        let tb = f.title_block.as_ref().unwrap().rect;
        tb.h.max(f.legend.as_ref().unwrap().rect.h)
    };
    assert!(height(&compact) < height(&classic));
    for f in [&compact, &classic] {
        let tb = f.title_block.as_ref().unwrap();
        for (i, a) in tb.cells.iter().enumerate() {
            assert!(a.rect.right() <= tb.rect.right() + 0.01, "{a:?}");
            for b in &tb.cells[i + 1..] {
                assert!(!a.rect.overlaps(&b.rect, 0.01), "{a:?} overlaps {b:?}");
            }
        }
    }
}
