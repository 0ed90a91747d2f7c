//! Every stage on one text, the way `check` and `render` run them: decode → parse → build →
//! check → layout (swimlane and plain, top-to-bottom and left-to-right) → furniture → SVG →
//! PNG. For the whole-pipeline fuzz target (`fuzz/fuzz_targets/pipeline.rs`), the property
//! tests over arbitrary graphs (`tests/pipeline_props.rs`) and the replay of fuzz inputs.
//!
//! The oracle is only "nothing panics": findings are the validator's business. [`draw`] and
//! [`rasterise`] are also what `liucheng render` draws with.

use crate::check::{self, Settings};
use crate::diag::{Diagnostic, has_errors};
use crate::diagram::{Diagram, Direction};
use crate::layout::page::{self, PageOptions};
use crate::layout::paper::{self, Pagination, PaperSpec};
use crate::layout::{LayoutKind, LayoutOptions};
use crate::model::{self, Process};
use crate::render::measure::FontMeasure;
use crate::render::pdf::{self, PageSvg, PdfMeta};
use crate::render::svg::SvgFonts;
use crate::render::{RenderError, Theme, png, svg};
use crate::source::{Encoding, SourceMap, decode};

/// What one run of the pipeline produced.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Syntax, model, validator and font findings.
    pub diagnostics: Vec<Diagnostic>,
    /// How many charts were drawn (0 when the model has errors, else 4).
    pub charts: usize,
    /// How many PNGs were rasterised.
    pub pngs: usize,
}

/// The four chart variants: swimlane and plain, each top-to-bottom and left-to-right.
pub fn variants() -> [LayoutOptions; 4] {
    let mk = |kind, direction| LayoutOptions {
        kind,
        direction,
        ..LayoutOptions::default()
    };
    [
        mk(LayoutKind::Swimlane, Direction::TopBottom),
        mk(LayoutKind::Swimlane, Direction::LeftRight),
        mk(LayoutKind::Plain, Direction::TopBottom),
        mk(LayoutKind::Plain, Direction::LeftRight),
    ]
}

/// One input of the whole-pipeline fuzz target (`fuzz/fuzz_targets/pipeline.rs`), also
/// replayed by `cargo test --test fuzz_corpus`. The first byte chooses what to draw, so that
/// executions go to new inputs rather than to drawing one input in every way: its value
/// modulo the number of [`variants`] picks one, and one value in eight (top three bits zero)
/// also rasterises a PNG at 24 dpi, the slowest stage (about a second for a chart with a
/// 600-character title), for inputs of at most 512 bytes. The rest is the flow text.
pub fn run_fuzz_input(data: &[u8]) -> Outcome {
    let Some((&selector, text)) = data.split_first() else {
        return Outcome::default();
    };
    let variants = variants();
    let variant = &variants[usize::from(selector) % variants.len()];
    let dpi = (selector >> 5 == 0 && text.len() <= 512).then_some(24);
    run_bytes_in(text, std::slice::from_ref(variant), dpi)
}

/// Run everything on raw bytes (UTF-8; GBK when that fails). `png_dpi`: rasterise each chart
/// at this resolution (`None`: SVG only).
pub fn run_bytes(bytes: &[u8], png_dpi: Option<u32>) -> Outcome {
    run_bytes_in(bytes, &variants(), png_dpi)
}

/// [`run_bytes`] drawing only the given variants (the fuzz target draws one per input, so
/// that its executions go to new inputs rather than to redrawing one input four ways).
pub fn run_bytes_in(bytes: &[u8], variants: &[LayoutOptions], png_dpi: Option<u32>) -> Outcome {
    match decode(bytes, Encoding::Utf8).or_else(|_| decode(bytes, Encoding::Gbk)) {
        Ok(text) => run_text_in(&text, variants, png_dpi),
        Err(_) => Outcome::default(),
    }
}

/// Run everything on a flow text. Stages after the model builder run only on a model built
/// without errors, as the command line does.
pub fn run_text(text: &str, png_dpi: Option<u32>) -> Outcome {
    run_text_in(text, &variants(), png_dpi)
}

/// [`run_text`] drawing only the given variants.
pub fn run_text_in(text: &str, variants: &[LayoutOptions], png_dpi: Option<u32>) -> Outcome {
    let (sources, output) = model::build_source("pipeline.flow", text);
    let mut outcome = Outcome {
        diagnostics: output.diagnostics,
        ..Outcome::default()
    };
    if has_errors(&outcome.diagnostics) {
        return outcome;
    }
    let (charts, pngs, mut findings) = run_process_in(&output.process, &sources, variants, png_dpi);
    outcome.charts = charts;
    outcome.pngs = pngs;
    outcome.diagnostics.append(&mut findings);
    outcome
}

/// Check, then lay out, furnish and draw a built process in every [`variants`] (and
/// rasterise it when `png_dpi` is given). `sources` are the texts the process was built
/// from (to locate character findings). Returns (charts, PNGs, findings).
pub fn run_process(
    process: &Process,
    sources: &SourceMap,
    png_dpi: Option<u32>,
) -> (usize, usize, Vec<Diagnostic>) {
    run_process_in(process, sources, &variants(), png_dpi)
}

/// [`run_process`] drawing only the given variants.
pub fn run_process_in(
    process: &Process,
    sources: &SourceMap,
    variants: &[LayoutOptions],
    png_dpi: Option<u32>,
) -> (usize, usize, Vec<Diagnostic>) {
    let mut findings = check::check(process, &Settings::default());
    findings.extend(check::text::check_text(process, sources));
    let theme = Theme::print();
    let (mut charts, mut pngs) = (0, 0);
    for options in variants {
        // Without embedded fonts: subsetting and WOFF2 take about 0.2 s a chart, which
        // would starve the fuzzer; `tests/svg_fonts.rs` covers the embedding.
        let drawn = draw(
            process,
            options,
            &PageOptions::default(),
            &theme,
            SvgFonts::None,
        );
        let Ok((diagram, text)) = drawn else {
            continue; // Too large for one chart (T003).
        };
        charts += 1;
        if let Some(dpi) = png_dpi
            && rasterise(&diagram, &text, dpi).is_ok()
        {
            pngs += 1;
        }
    }
    (charts, pngs, findings)
}

/// Lay out, furnish (with the chosen furniture, e.g. the 「未通过检查」 mark) and draw one
/// process as SVG text, as `render` does (with its fonts embedded or not); a chart over the
/// layout's size limit is refused (`T003`) before the costly layout phases.
pub fn draw(
    process: &Process,
    options: &LayoutOptions,
    page_options: &PageOptions,
    theme: &Theme,
    fonts: SvgFonts,
) -> Result<(Diagram, String), Box<Diagnostic>> {
    let measure = FontMeasure::regular();
    let mut diagram =
        crate::layout::try_layout(process, options, &measure, crate::layout::MAX_UNITS)
            .map_err(|e| Box::new(crate::render::too_large(process, &e)))?;
    page::furnish(
        &mut diagram,
        process,
        page_options,
        &measure,
        &FontMeasure::bold(),
    );
    let text = svg::to_svg_with(&diagram, theme, fonts);
    Ok((diagram, text))
}

/// Line lengths of a compact chart's boxes that paging tries, in characters (the usual
/// eight first).
pub const COMPACT_CHARS_TRIED: [u32; 5] = [8, 6, 7, 10, 12];

/// Lay out one process and fit it onto pages of paper (`layout::paper`): the pagination and
/// each page's SVG (at the paper's size), as `render --format pdf` (and `--page`) draws.
pub fn draw_pages(
    process: &Process,
    options: &LayoutOptions,
    page_options: &PageOptions,
    theme: &Theme,
    spec: &PaperSpec,
    fonts: SvgFonts,
) -> Result<(Pagination, Vec<String>), Box<Diagnostic>> {
    let measure = FontMeasure::regular();
    let bold = FontMeasure::bold();
    let paginate_at = |options: &LayoutOptions| {
        let chart = crate::layout::try_layout(process, options, &measure, crate::layout::MAX_UNITS)
            .map_err(|e| Box::new(crate::render::too_large(process, &e)))?;
        Ok::<_, Box<Diagnostic>>(paper::paginate(
            &chart,
            process,
            page_options,
            spec,
            options.font_size,
            &measure,
            &bold,
        ))
    };
    let mut pagination = paginate_at(options)?;
    // A compact chart's boxes may wrap at other widths: wider boxes make a chart shorter and
    // wider, narrower ones taller and narrower, so the width that suits the page is kept
    // (`Pagination::rank`; the usual width wins ties).
    if options.density == crate::layout::Density::Compact {
        for chars in COMPACT_CHARS_TRIED {
            if chars == options.compact_chars || pagination.is_best_possible() {
                continue;
            }
            let other = paginate_at(&LayoutOptions {
                compact_chars: chars,
                ..options.clone()
            })?;
            if other.rank() < pagination.rank() {
                pagination = other;
            }
        }
    }
    let svgs = pagination
        .pages
        .iter()
        .map(|p| svg::page_svg(p, theme, fonts))
        .collect();
    Ok((pagination, svgs))
}

/// The PDF of page SVGs made by [`draw_pages`], titled after the flow, followed by the pages
/// of its step table (流程说明表, A4 portrait) when one is given.
pub fn pdf(
    process: &Process,
    pages: &[String],
    table: Option<&model::table::StepTable>,
) -> Result<Vec<u8>, RenderError> {
    let table_pages = table.map_or_else(Vec::new, |t| {
        crate::render::table_svg::table_pages(t, crate::layout::table::PageGeometry::default())
    });
    let pages: Vec<PageSvg> = pages
        .iter()
        .chain(&table_pages)
        .map(|s| PageSvg { svg: s.clone() })
        .collect();
    let meta = PdfMeta {
        title: page::title_text(&process.meta.name),
        language: "zh-CN".to_string(),
    };
    pdf::to_pdf(&pages, &meta)
}

/// The PNG of a drawn chart; its pixel size is checked before the SVG is parsed or a pixmap
/// allocated.
pub fn rasterise(diagram: &Diagram, svg: &str, dpi: u32) -> Result<Vec<u8>, RenderError> {
    png::check_size(diagram.width, diagram.height, dpi)?;
    png::to_png(svg, dpi)
}

/// The step table (流程说明表) to go with a drawn chart: the model's table
/// ([`model::table::step_table`]), each step without a written `编号` numbered as the chart
/// numbers it, so the table and the chart printed beside it agree.
pub fn numbered_table(process: &Process, drawn: &[&Diagram]) -> model::table::StepTable {
    let numbers: std::collections::BTreeMap<&str, &str> = drawn
        .iter()
        .flat_map(|d| &d.nodes)
        .filter_map(|n| Some((n.name.as_str(), n.number.as_deref()?)))
        .collect();
    let mut table = model::table::step_table(process);
    table.fill_numbers(|name| numbers.get(name).map(|n| n.to_string()));
    table
}
