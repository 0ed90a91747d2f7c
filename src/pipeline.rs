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
use crate::layout::{LayoutKind, LayoutOptions};
use crate::model::{self, Process};
use crate::render::measure::FontMeasure;
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

/// Run everything on raw bytes (UTF-8; GBK when that fails). `png_dpi`: rasterise each chart
/// at this resolution (`None`: SVG only).
pub fn run_bytes(bytes: &[u8], png_dpi: Option<u32>) -> Outcome {
    match decode(bytes, Encoding::Utf8).or_else(|_| decode(bytes, Encoding::Gbk)) {
        Ok(text) => run_text(&text, png_dpi),
        Err(_) => Outcome::default(),
    }
}

/// Run everything on a flow text. Stages after the model builder run only on a model built
/// without errors, as the command line does.
pub fn run_text(text: &str, png_dpi: Option<u32>) -> Outcome {
    let (sources, output) = model::build_source("pipeline.flow", text);
    let mut outcome = Outcome {
        diagnostics: output.diagnostics,
        ..Outcome::default()
    };
    if has_errors(&outcome.diagnostics) {
        return outcome;
    }
    let (charts, pngs, mut findings) = run_process(&output.process, &sources, png_dpi);
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
    let mut findings = check::check(process, &Settings::default());
    findings.extend(check::text::check_text(process, sources));
    let theme = Theme::print();
    let (mut charts, mut pngs) = (0, 0);
    for options in variants() {
        let drawn = draw(
            process,
            &options,
            &PageOptions::default(),
            &theme,
            SvgFonts::Embed,
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

/// The PNG of a drawn chart; its pixel size is checked before the SVG is parsed or a pixmap
/// allocated.
pub fn rasterise(diagram: &Diagram, svg: &str, dpi: u32) -> Result<Vec<u8>, RenderError> {
    png::check_size(diagram.width, diagram.height, dpi)?;
    png::to_png(svg, dpi)
}
