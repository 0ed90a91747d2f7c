//! The step table's A4 pages of one flow as SVG and PNG: `table_pages FLOW OUT_DIR [DPI]`.
//!
//! Writes `<stem>.table-<n>.svg` and `.png` for every page (numbered as the swimlane chart
//! numbers its steps), to look at the pagination; `render --format table-html,csv` is the
//! user's output. Reads a flow without `基于` (no loader here).

use liucheng::layout::LayoutOptions;
use liucheng::layout::page::PageOptions;
use liucheng::layout::table::PageGeometry;
use liucheng::model::build_source;
use liucheng::pipeline;
use liucheng::render::{Theme, png, table_svg};
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, flow, out, rest @ ..] = args.as_slice() else {
        eprintln!("usage: table_pages FLOW OUT_DIR [DPI]");
        std::process::exit(2);
    };
    let dpi: u32 = rest.first().and_then(|d| d.parse().ok()).unwrap_or(96);
    let text = std::fs::read_to_string(flow).expect("read the flow");
    let (_, built) = build_source(flow, &text);
    let options = LayoutOptions::default();
    let (diagram, _) = pipeline::draw(
        &built.process,
        &options,
        &PageOptions::default(),
        &Theme::print(),
        liucheng::render::svg::SvgFonts::None,
    )
    .expect("the flow can be drawn");
    let table = pipeline::numbered_table(&built.process, &[&diagram]);
    let stem = Path::new(flow).file_stem().unwrap().to_string_lossy();
    std::fs::create_dir_all(out).expect("create the output folder");
    for (i, svg) in table_svg::table_pages(&table, PageGeometry::default())
        .iter()
        .enumerate()
    {
        let base = Path::new(out).join(format!("{stem}.table-{}", i + 1));
        let with = |ext: &str| base.with_file_name(format!("{stem}.table-{}.{ext}", i + 1));
        std::fs::write(with("svg"), svg).expect("write the SVG");
        let bytes = png::to_png(svg, dpi).expect("rasterise");
        std::fs::write(with("png"), bytes).expect("write the PNG");
    }
}
