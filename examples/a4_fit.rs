//! How well each flow of `flows/` prints on A4: `cargo run --release --example a4_fit [DIR]`.
//!
//! For each flow, compact and spacious: the chart's size (w × h px) alone, and with the page
//! furniture (title, legend, title block) both without and with the 说明 column; then the
//! scale that fits it on A4 (210 × 297 mm less 10 mm margins, the better orientation) and
//! the printed size of step text (14 px) and small text (12 px) in pt
//! (pt = px × 0.75 × scale). Prints a Markdown table (docs/layout.md quotes it).

use liucheng::diagram::{Diagram, SMALL_FONT_SIZE};
use liucheng::layout::page::{PageOptions, furnish};
use liucheng::layout::{Density, LayoutKind, LayoutOptions, try_layout};
use liucheng::model::NodeKind;
use liucheng::render::measure::FontMeasure;
use std::path::PathBuf;

#[path = "../benches/support/flows.rs"]
mod flows;

/// A CSS px is 1/96 inch.
const MM_PER_PX: f64 = 25.4 / 96.0;
/// A4 less 10 mm margins, mm.
const PAGE: (f64, f64) = (190.0, 277.0);

/// Scale that fits `w × h` px on the printable A4 area, the better of the two orientations.
fn a4_scale(w: f64, h: f64) -> f64 {
    let (w, h) = (w * MM_PER_PX, h * MM_PER_PX);
    let portrait = (PAGE.0 / w).min(PAGE.1 / h);
    let landscape = (PAGE.1 / w).min(PAGE.0 / h);
    portrait.max(landscape).min(1.0)
}

fn pt(px: f64, scale: f64) -> f64 {
    px * 0.75 * scale
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("flows"));
    let measure = FontMeasure::regular();
    let bold = FontMeasure::bold();
    println!(
        "| flow | steps | lanes | spacious chart | compact chart | spacious page, no 说明 | \
         compact page, no 说明 | compact page + 说明 | spacious step pt | compact step pt | \
         compact small pt | best line length: chars, step pt |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    let mut fits = 0;
    let mut best_fits = 0;
    let mut eligible = 0;
    let mut pts = Vec::new();
    for (name, p) in &flows::load_flows(&dir) {
        let steps = p
            .nodes()
            .filter(|(_, n)| !matches!(n.kind, NodeKind::Start | NodeKind::End))
            .count();
        let lanes = p.roles.len();
        let kind = if p.roles.is_empty() {
            LayoutKind::Plain
        } else {
            LayoutKind::Swimlane
        };
        let lay_at = |density, compact_chars| -> Diagram {
            let opts = LayoutOptions {
                kind,
                density,
                compact_chars,
                ..LayoutOptions::default()
            };
            try_layout(p, &opts, &measure, liucheng::layout::MAX_UNITS).expect("fits")
        };
        let page = |d: &Diagram, density: Density, notes: bool| -> (f64, f64) {
            let mut d = d.clone();
            let opts = PageOptions {
                notes: Some(notes),
                compact_footer: density == Density::Compact,
                // As on paper (`layout::paper` furnishes its sheets with a 12 px margin).
                margin: 12.0,
                ..PageOptions::default()
            };
            furnish(&mut d, p, &opts, &measure, &bold);
            (d.width, d.height)
        };
        let lay = |density| lay_at(density, 8);
        let (s, c) = (lay(Density::Spacious), lay(Density::Compact));
        // Of the line lengths paging tries (`pipeline::draw_pages`), the one that prints
        // largest on one A4 page.
        let (best_chars, best_scale) = liucheng::pipeline::COMPACT_CHARS_TRIED
            .into_iter()
            .map(|chars| {
                let (w, h) = page(&lay_at(Density::Compact, chars), Density::Compact, false);
                (chars, a4_scale(w, h))
            })
            .fold((0, 0.0), |a, b| if b.1 > a.1 { b } else { a });
        let sp = page(&s, Density::Spacious, false);
        let cp = page(&c, Density::Compact, false);
        let cn = page(&c, Density::Compact, true);
        let (ss, cs) = (a4_scale(sp.0, sp.1), a4_scale(cp.0, cp.1));
        println!(
            "| {name} | {steps} | {lanes} | {:.0}×{:.0} | {:.0}×{:.0} | {:.0}×{:.0} | {:.0}×{:.0} \
             | {:.0}×{:.0} | {:.1} | {:.1} | {:.1} | {best_chars}, {:.1} |",
            s.width,
            s.height,
            c.width,
            c.height,
            sp.0,
            sp.1,
            cp.0,
            cp.1,
            cn.0,
            cn.1,
            pt(14.0, ss),
            pt(14.0, cs),
            pt(SMALL_FONT_SIZE, cs),
            pt(14.0, best_scale),
        );
        pts.push((pt(14.0, ss), pt(14.0, cs)));
        if steps <= 25 && lanes <= 8 {
            eligible += 1;
            if pt(14.0, cs) >= 7.0 {
                fits += 1;
            }
            if pt(14.0, best_scale) >= 7.0 - 0.05 {
                best_fits += 1;
            }
        }
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(0.0)
    };
    println!();
    println!(
        "median step text on A4 (page without 说明): spacious {:.1} pt, compact {:.1} pt; \
         flows of ≤ 25 steps and ≤ 8 lanes at ≥ 7 pt: {fits} of {eligible} (at the best line \
         length: {best_fits})",
        median(pts.iter().map(|p| p.0).collect()),
        median(pts.iter().map(|p| p.1).collect()),
    );
}
