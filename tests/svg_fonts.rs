//! SVG with embedded fonts, checked against a real client: headless Chromium on a machine
//! that sees no CJK font draws the chart as our PNG path does; without the fonts it cannot.
//!
//! The Chromium test runs when `/usr/bin/chromium` (or `$CHROMIUM`) exists; with
//! `LIUCHENG_REQUIRE_CHROMIUM=1` (set by `.ci/run`, which installs it) a missing Chromium is a
//! failure, so CI never skips it silently.

use liucheng::layout::page::PageOptions;
use liucheng::layout::{LayoutKind, LayoutOptions};
use liucheng::model::build_source;
use liucheng::pipeline;
use liucheng::render::Theme;
use liucheng::render::png as render_png;
use liucheng::render::svg::SvgFonts;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A flow with Regular text (steps, roles, labels, limits) and Bold text (title, headers).
const FLOW: &str = "flows/办事/办公用品.flow";

fn draw(fonts: SvgFonts) -> (liucheng::diagram::Diagram, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(root.join(FLOW)).unwrap();
    let (_, out) = build_source("办公用品.flow", &source);
    let options = LayoutOptions {
        kind: LayoutKind::Swimlane,
        ..LayoutOptions::default()
    };
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    pipeline::draw(
        &out.process,
        &options,
        &PageOptions::default(),
        &Theme::print(),
        fonts,
    )
    .unwrap()
}

#[test]
fn embedding_is_deterministic_and_leaves_the_png_unchanged() {
    let (d, embedded) = draw(SvgFonts::Embed);
    let (_, plain) = draw(SvgFonts::None);
    assert_eq!(draw(SvgFonts::Embed).1, embedded, "same chart, same bytes");
    assert_eq!(
        embedded.matches("@font-face").count(),
        2,
        "Regular and Bold"
    );
    assert!(embedded.contains("font-family=\"'liucheng-noto-sc', 'Noto Sans CJK SC'"));
    assert!(!plain.contains("@font-face") && !plain.contains("liucheng-noto-sc"));
    // A chart's two subsets stay far below the 13 MB of the faces.
    assert!(
        embedded.len() - plain.len() < 200_000,
        "{} bytes of fonts",
        embedded.len() - plain.len()
    );
    // usvg still reads it, and resvg (which ignores @font-face) draws the same pixels.
    let a = pipeline::rasterise(&d, &embedded, 96).unwrap();
    let b = pipeline::rasterise(&d, &plain, 96).unwrap();
    assert!(a == b, "the PNG does not depend on the embedded fonts");
}

/// Decoded RGB pixels.
struct Image {
    width: usize,
    height: usize,
    rgb: Vec<[u8; 3]>,
}

fn decode(bytes: &[u8]) -> Image {
    let mut decoder = ::png::Decoder::new(bytes);
    decoder.set_transformations(::png::Transformations::EXPAND | ::png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let rgb = buf[..info.buffer_size()]
        .chunks_exact(channels)
        .map(|p| match channels {
            1 | 2 => [p[0]; 3],
            // Alpha over white.
            4 => {
                let a = u32::from(p[3]);
                let over = |c: u8| ((u32::from(c) * a + 255 * (255 - a)) / 255) as u8;
                [over(p[0]), over(p[1]), over(p[2])]
            }
            _ => [p[0], p[1], p[2]],
        })
        .collect();
    Image {
        width: info.width as usize,
        height: info.height as usize,
        rgb,
    }
}

/// The comparison works on the mean grey of [`BLOCK`] × [`BLOCK`] pixel blocks: Skia and
/// tiny-skia anti-alias and hint glyph edges differently, which moves single pixels but not
/// the ink of a block, while a glyph of another font (or a missing-glyph box) does.
const BLOCK: usize = 4;
/// Largest difference of two blocks' mean grey (0–255) that still counts as the same.
const TOLERANCE: f64 = 32.0;
/// A block holds ink when its mean grey is below this in either image (the lanes' light
/// grey fills are above it, so white and fills are left out of the measure).
const INK: f64 = 235.0;

/// The share of ink blocks (ink in either image) whose mean grey agrees within [`TOLERANCE`].
fn ink_similarity(a: &Image, b: &Image) -> f64 {
    let (w, h) = (a.width.min(b.width), a.height.min(b.height));
    let mean = |img: &Image, bx: usize, by: usize| {
        let mut sum = 0u32;
        for y in by * BLOCK..(by + 1) * BLOCK {
            for x in bx * BLOCK..(bx + 1) * BLOCK {
                sum += img.rgb[y * img.width + x]
                    .iter()
                    .map(|&c| u32::from(c))
                    .sum::<u32>();
            }
        }
        f64::from(sum) / (3 * BLOCK * BLOCK) as f64
    };
    let (mut ink, mut same) = (0u64, 0u64);
    for by in 0..h / BLOCK {
        for bx in 0..w / BLOCK {
            let (p, q) = (mean(a, bx, by), mean(b, bx, by));
            if p.min(q) >= INK {
                continue;
            }
            ink += 1;
            if (p - q).abs() <= TOLERANCE {
                same += 1;
            }
        }
    }
    same as f64 / ink.max(1) as f64
}

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    path.exists().then_some(path)
}

/// Screenshot `svg` (opened directly, as a file) at `width` × `height` CSS px, scale 1, with
/// fontconfig seeing only DejaVu, so no CJK system font can stand in for the embedded one.
/// `svg: None` opens `{name}.html` already in `dir`.
fn screenshot(
    chromium: &Path,
    dir: &Path,
    svg: Option<&str>,
    name: &str,
    width: u32,
    height: u32,
) -> Image {
    let fonts_conf = dir.join("fonts.conf");
    std::fs::write(
        &fonts_conf,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n  <dir>/usr/share/fonts/truetype/dejavu</dir>\n  <cachedir>{}</cachedir>\n</fontconfig>\n",
            dir.join("fontconfig-cache").display()
        ),
    )
    .unwrap();
    let page = match svg {
        Some(svg) => {
            let path = dir.join(format!("{name}.svg"));
            std::fs::write(&path, svg).unwrap();
            path
        }
        None => dir.join(format!("{name}.html")),
    };
    let shot = dir.join(format!("{name}.png"));
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--force-device-scale-factor=1",
            "--default-background-color=ffffffff",
            "--disable-lcd-text",
            "--font-render-hinting=none",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.join(format!("profile-{name}")).display()
        ))
        .arg(format!("--window-size={width},{height}"))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .env("FONTCONFIG_FILE", &fonts_conf)
        .env("HOME", dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium failed: {status}");
            break;
        }
        if Instant::now() > deadline {
            child.kill().ok();
            child.wait().ok();
            panic!("chromium took more than 60 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    decode(&std::fs::read(&shot).expect("chromium wrote the screenshot"))
}

/// The share of ink blocks that must agree. Measured on this chart (Chromium 156, Debian 12):
/// 0.9947 with the fonts embedded (the same as `<img>`), 0.8119 without them
/// (`docs/fonts.md`, "Fonts in SVG").
const THRESHOLD: f64 = 0.97;

#[test]
fn chromium_without_cjk_fonts_draws_the_embedded_svg_like_the_png() {
    let Some(chromium) = chromium() else {
        assert!(
            std::env::var_os("LIUCHENG_REQUIRE_CHROMIUM").is_none(),
            "LIUCHENG_REQUIRE_CHROMIUM is set but /usr/bin/chromium (or $CHROMIUM) is missing"
        );
        eprintln!("skipped: no chromium");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (d, embedded) = draw(SvgFonts::Embed);
    let (_, plain) = draw(SvgFonts::None);
    let (width, height) = render_png::check_size(d.width, d.height, 96).unwrap();
    let ours = decode(&pipeline::rasterise(&d, &embedded, 96).unwrap());
    assert_eq!((ours.width, ours.height), (width as usize, height as usize));

    let browser = screenshot(
        &chromium,
        dir.path(),
        Some(&embedded),
        "embed",
        width,
        height,
    );
    assert_eq!((browser.width, browser.height), (ours.width, ours.height));
    let with_fonts = ink_similarity(&ours, &browser);
    // The same file as an `<img>` of a page (the way a wiki or a mail shows it).
    std::fs::write(
        dir.path().join("page.html"),
        "<!DOCTYPE html><html><body style=\"margin:0\"><img src=\"embed.svg\"></body></html>",
    )
    .unwrap();
    let browser = screenshot(&chromium, dir.path(), None, "page", width, height);
    let as_image = ink_similarity(&ours, &browser);

    let browser = screenshot(&chromium, dir.path(), Some(&plain), "none", width, height);
    let without = ink_similarity(&ours, &browser);
    eprintln!(
        "ink similarity: embedded fonts {with_fonts:.4} (as <img> {as_image:.4}), none {without:.4}"
    );
    // To look at the images: LIUCHENG_SCREENSHOT_DIR=DIR keeps them there.
    if let Some(out) = std::env::var_os("LIUCHENG_SCREENSHOT_DIR") {
        let out = Path::new(&out);
        std::fs::write(
            out.join("ours.png"),
            pipeline::rasterise(&d, &embedded, 96).unwrap(),
        )
        .unwrap();
        for name in ["embed", "page", "none"] {
            std::fs::copy(
                dir.path().join(format!("{name}.png")),
                out.join(format!("chromium-{name}.png")),
            )
            .unwrap();
        }
    }
    assert!(
        with_fonts >= THRESHOLD,
        "with embedded fonts only {with_fonts:.4} of the ink matches (want ≥ {THRESHOLD})"
    );
    assert!(
        as_image >= THRESHOLD,
        "as <img>, only {as_image:.4} of the ink matches (want ≥ {THRESHOLD})"
    );
    // The same measure tells a chart drawn in a fallback font apart: the test can fail.
    assert!(
        without < THRESHOLD,
        "without fonts {without:.4} of the ink matches: the test cannot tell"
    );
}
