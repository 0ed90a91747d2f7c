//! `liucheng render` as users see it, and the golden drawing of the example flow.
//!
//! `UPDATE_GOLDEN=1 cargo test --test render_cli` rewrites `tests/golden/收文办理.svg`.

use liucheng::layout::page::{PageOptions, furnish};
use liucheng::layout::{LayoutOptions, layout};
use liucheng::model::build_source;
use liucheng::render::measure::FontMeasure;
use liucheng::render::{Theme, svg};
use std::path::Path;

mod common;
use common::{liucheng, text};

const EXAMPLE: &str = "flows/办文/收文办理.flow";

#[test]
fn example_flow_golden_svg() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(root.join(EXAMPLE)).unwrap();
    let (_, out) = build_source("收文办理.flow", &source);
    let m = FontMeasure::regular();
    let mut d = layout(&out.process, &LayoutOptions::default(), &m);
    furnish(
        &mut d,
        &out.process,
        &PageOptions::default(),
        &m,
        &FontMeasure::bold(),
    );
    let actual = svg::to_svg(&d, &Theme::print());
    // Every label fits its box: the measured widest line is no wider than the box.
    for n in &d.nodes {
        for line in &n.lines {
            let w = liucheng::layout::text::TextMeasure::width(&m, line, n.font_size);
            assert!(
                w <= n.rect.w + 0.01,
                "{line:?} ({w}) overflows {:?}",
                n.rect
            );
        }
        let block = n.lines.len() as f64 * n.font_size * svg::LINE_HEIGHT;
        assert!(
            block <= n.rect.h + 0.01,
            "{} lines overflow {:?}",
            n.lines.len(),
            n.rect
        );
    }
    let path = root.join("tests/golden/收文办理.svg");
    if std::env::var_os("UPDATE_GOLDEN").is_some() || !path.exists() {
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap();
    if expected != actual {
        let diff = similar::TextDiff::from_lines(expected.as_str(), actual.as_str());
        let shown: String = diff
            .unified_diff()
            .context_radius(2)
            .to_string()
            .chars()
            .take(4000)
            .collect();
        panic!("收文办理.svg differs from the golden file (UPDATE_GOLDEN=1 to accept):\n{shown}");
    }
}

#[test]
fn render_writes_svg_and_png_identically_twice() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for dir in [&a, &b] {
        let out_dir = dir.path().join("new/sub");
        let out = liucheng(&[
            "render",
            EXAMPLE,
            "-o",
            out_dir.to_str().unwrap(),
            "--format",
            "svg,png",
            "--dpi",
            "96",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    for name in ["收文办理.svg", "收文办理.png"] {
        let x = std::fs::read(a.path().join("new/sub").join(name)).unwrap();
        let y = std::fs::read(b.path().join("new/sub").join(name)).unwrap();
        assert!(x.len() > 1000, "{name} is {} bytes", x.len());
        assert!(x == y, "{name} differs between runs");
    }
    let svg = std::fs::read_to_string(a.path().join("new/sub/收文办理.svg")).unwrap();
    assert!(svg.contains("收文办理流程图"));
    assert!(svg.contains("class=\"lane\""));
    assert!(svg.contains("class=\"node decision\""));
}

#[test]
fn every_option_combination_renders() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["--layout", "plain"],
        vec!["--direction", "LR"],
        vec!["--direction", "lr", "--layout", "plain"],
        vec!["--theme", "color"],
        vec!["--density", "spacious"],
        vec!["--density", "spacious", "--direction", "LR"],
    ] {
        let mut all = vec!["render", EXAMPLE, "-o", dir.path().to_str().unwrap()];
        all.extend(args.iter().copied());
        let out = liucheng(&all);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    assert!(dir.path().join("收文办理.svg").exists());
    assert!(
        !dir.path().join("收文办理.png").exists(),
        "svg is the default format"
    );
}

/// `--density`: compact is the default, spacious the screen layout; the two drawings differ,
/// the compact one is shorter, and an unknown value is a usage error.
#[test]
fn density_picks_compact_by_default_or_spacious() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = |name: &str| dir.path().join(name);
    let height = |svg: &str| -> f64 {
        let at = svg.find("height=\"").unwrap() + 8;
        svg[at..].split('"').next().unwrap().parse().unwrap()
    };
    let mut drawn = Vec::new();
    for (name, extra) in [
        ("default", vec![]),
        ("compact", vec!["--density", "compact"]),
        ("spacious", vec!["--density", "spacious"]),
    ] {
        let o = out_dir(name);
        let mut all = vec!["render", EXAMPLE, "-o", o.to_str().unwrap()];
        all.extend(extra);
        let out = liucheng(&all);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", text(&out.stderr));
        drawn.push(std::fs::read_to_string(o.join("收文办理.svg")).unwrap());
    }
    assert_eq!(drawn[0], drawn[1], "compact is the default");
    assert_ne!(drawn[1], drawn[2]);
    assert!(height(&drawn[1]) < height(&drawn[2]));
    let o = out_dir("bad");
    let out = liucheng(&[
        "render",
        EXAMPLE,
        "-o",
        o.to_str().unwrap(),
        "--density",
        "tight",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_character_missing_from_the_font_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("liucheng.toml"), "").unwrap();
    let flow = dir.path().join("人名.flow");
    std::fs::write(&flow, "流程 人名\n角色 秘书科\n开始\n  负责：秘书科\n步骤 呈报：呈王𪚥同志阅\n  负责：秘书科\n开始 → 呈报\n").unwrap();
    let out_dir = dir.path().join("out");
    let out = liucheng(&[
        "render",
        flow.to_str().unwrap(),
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("错误[T001]"), "{stderr}");
    assert!(stderr.contains("𪚥"), "{stderr}");
    assert!(stderr.contains("人名.flow:5:9"), "{stderr}");
    assert!(
        !out_dir.join("人名.svg").exists(),
        "nothing drawn with a blank in it"
    );
}

#[test]
fn flows_with_errors_exit_1_and_usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("liucheng.toml"), "").unwrap();
    let bad = dir.path().join("坏.flow");
    std::fs::write(&bad, "流程 坏\n步骤 甲\n甲 → 乙\n").unwrap();
    let o = dir.path().join("out");
    let out = liucheng(&["render", bad.to_str().unwrap(), "-o", o.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("M002"));

    for args in [
        vec![
            "render",
            EXAMPLE,
            "-o",
            o.to_str().unwrap(),
            "--format",
            "tiff",
        ],
        vec![
            "render",
            EXAMPLE,
            "-o",
            o.to_str().unwrap(),
            "--format",
            "pdf",
            "--page",
            "A5",
        ],
        vec![
            "render",
            EXAMPLE,
            "-o",
            o.to_str().unwrap(),
            "--format",
            "pdf",
            "--margin",
            "80",
        ],
        vec!["render", EXAMPLE, "-o", o.to_str().unwrap(), "--dpi", "0"],
        vec![
            "render",
            EXAMPLE,
            "-o",
            o.to_str().unwrap(),
            "--direction",
            "BT",
        ],
        vec!["render", EXAMPLE],
        vec!["render", "no/such/file.flow", "-o", o.to_str().unwrap()],
    ] {
        let out = liucheng(&args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

/// A flow whose only finding is G006 (the step limits exceed the 总时限), plus `extra` lines.
fn over_deadline(dir: &Path, extra: &str) -> std::path::PathBuf {
    let flow = dir.join("超时.flow");
    std::fs::write(
        &flow,
        format!(
            "流程 会议室使用\n  总时限：1个工作日\n角色 办公室\n{extra}开始 申请到达\n  负责：办公室\n步骤 登记\n  负责：办公室\n  时限：2个工作日\n结束 安排完毕\n  负责：办公室\n申请到达 → 登记 → 安排完毕\n"
        ),
    )
    .unwrap();
    flow
}

#[test]
fn a_flow_that_fails_check_is_not_drawn_unless_errors_are_allowed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("liucheng.toml"), "").unwrap();
    let flow = over_deadline(dir.path(), "");
    let o = dir.path().join("out");
    let args = ["render", flow.to_str().unwrap(), "-o", o.to_str().unwrap()];
    let out = liucheng(&args);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("错误[G006]"), "{stderr}");
    assert!(
        stderr.contains("超时.flow:2:7"),
        "same located format as check: {stderr}"
    );
    assert!(
        !o.join("超时.svg").exists(),
        "a chart that fails check is not drawn"
    );

    let mut allowed = args.to_vec();
    allowed.push("--allow-errors");
    let out = liucheng(&allowed);
    let stderr = text(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "errors are still findings: {stderr}"
    );
    assert!(stderr.contains("错误[G006]"), "{stderr}");
    let svg = std::fs::read_to_string(o.join("超时.svg")).expect("drawn with --allow-errors");
    assert!(svg.contains("class=\"not-validated\""), "marked");
    assert!(svg.contains("未通过检查"));
}

#[test]
fn render_reads_the_same_settings_as_check_and_draws_on_warnings() {
    let dir = tempfile::tempdir().unwrap();
    // The project's liucheng.toml turns G006 into a warning: drawn, unmarked, warning printed.
    std::fs::write(
        dir.path().join("liucheng.toml"),
        "[rules]\nG006 = \"warn\"\n",
    )
    .unwrap();
    let flow = over_deadline(dir.path(), "");
    let o = dir.path().join("out");
    let out = liucheng(&["render", flow.to_str().unwrap(), "-o", o.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("警告[G006]"), "{stderr}");
    let svg = std::fs::read_to_string(o.join("超时.svg")).expect("drawn");
    assert!(
        !svg.contains("未通过检查"),
        "a chart with warnings only is not marked"
    );

    // A clean flow prints nothing but the summary.
    let clean = liucheng(&["render", EXAMPLE, "-o", o.to_str().unwrap()]);
    let stderr = text(&clean.stderr);
    assert_eq!(clean.status.code(), Some(0), "{stderr}");
    assert!(
        !stderr.contains('['),
        "no findings on the example flow: {stderr}"
    );
}

/// The mark is placed by the page layout, above the title block, clear of everything else.
#[test]
fn the_not_validated_mark_heads_the_title_block_and_overlaps_nothing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(root.join(EXAMPLE)).unwrap();
    let (_, out) = build_source("收文办理.flow", &source);
    let m = FontMeasure::regular();
    let mut d = layout(&out.process, &LayoutOptions::default(), &m);
    let plain_height = {
        let mut plain = d.clone();
        furnish(
            &mut plain,
            &out.process,
            &PageOptions::default(),
            &m,
            &FontMeasure::bold(),
        );
        assert!(plain.furniture.not_validated.is_none());
        plain.height
    };
    let opts = PageOptions {
        not_validated: true,
        ..PageOptions::default()
    };
    furnish(&mut d, &out.process, &opts, &m, &FontMeasure::bold());
    let f = &d.furniture;
    let mark = f.not_validated.as_ref().expect("mark placed");
    let tb = f.title_block.as_ref().unwrap().rect;
    assert!((mark.rect.x - tb.x).abs() < 1e-9 && (mark.rect.w - tb.w).abs() < 1e-9);
    assert!(
        (mark.rect.bottom() - tb.y).abs() < 1e-9,
        "directly above the title block"
    );
    assert!(d.height > plain_height, "the sheet grows to hold it");
    assert_eq!(
        mark.text.lines.concat().replace(' ', ""),
        "未通过检查NOTVALIDATED"
    );
    let mut others = vec![f.legend.as_ref().unwrap().rect, tb];
    others.extend(f.notes.as_ref().map(|t| t.rect));
    others.extend(f.revisions.as_ref().map(|t| t.rect));
    others.extend(d.lanes.iter().map(|l| l.body));
    others.extend(d.nodes.iter().map(|n| n.rect));
    for r in others {
        assert!(
            !mark.rect.overlaps(&r, 0.01),
            "{:?} overlaps {r:?}",
            mark.rect
        );
    }
    let frame = f.frame.unwrap();
    assert!(mark.rect.x >= frame.x && mark.rect.right() <= frame.right());
    assert!(mark.rect.bottom() <= frame.bottom());
    // The text fits its box.
    let bold = FontMeasure::bold();
    for line in &mark.text.lines {
        let w = liucheng::layout::text::TextMeasure::width(&bold, line, mark.text.font_size);
        assert!(w <= mark.text.rect.w + 0.01, "{line} overflows");
    }
}

#[test]
fn a_chart_too_large_for_one_chart_is_refused_early_and_located() {
    // Nested 并行 1,500 deep: about 2.25 million layout cells, over the limit of 2 million;
    // laid out it would take well over a gigabyte. Refused after layering, in moments.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("liucheng.toml"), "").unwrap();
    let flow = dir.path().join("深.flow");
    let text_in = liucheng::synth::nested_parallel(1500);
    std::fs::write(&flow, &text_in).unwrap();
    let out_dir = dir.path().join("out");
    let out = liucheng(&[
        "render",
        flow.to_str().unwrap(),
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("错误[T003]"), "{stderr}");
    assert!(stderr.contains("上限是 2000000"), "{stderr}");
    // At the line that reaches farthest: 办0 → 合0.
    let line = text_in.lines().position(|l| l == "办0 → 合0").unwrap() + 1;
    assert!(stderr.contains(&format!("深.flow:{line}:1")), "{stderr}");
    assert!(stderr.contains("「办0 → 合0」"), "{stderr}");
    assert!(!out_dir.join("深.svg").exists());
}

#[test]
fn a_png_over_the_pixel_limit_is_refused_before_rasterising() {
    // 3,000 steps in a chain: about 180,000 CSS px tall, 1.4 × 10⁹ pixels at 1200 dpi.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("liucheng.toml"), "").unwrap();
    let flow = dir.path().join("长.flow");
    std::fs::write(&flow, liucheng::synth::chain(3000, 0, None, false)).unwrap();
    let out_dir = dir.path().join("out");
    let out = liucheng(&[
        "--lang",
        "en",
        "render",
        flow.to_str().unwrap(),
        "-o",
        out_dir.to_str().unwrap(),
        "--format",
        "png",
        "--dpi",
        "1200",
        // The chain has no owners (O001); the size guard is what is tested here.
        "--allow-errors",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("more than the limit of 268435456 px"),
        "{stderr}"
    );
    assert!(stderr.contains(" px at 1200 dpi"), "{stderr}");
    assert!(!out_dir.join("长.png").exists());
}
