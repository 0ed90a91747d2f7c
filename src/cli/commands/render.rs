//! `liucheng render PATH… -o DIR [--format svg,png,pdf,table-html,csv] [--layout swimlane|plain]
//! [--direction TB|LR] [--density compact|spacious] [--theme print|color] [--dpi N]
//! [--allow-errors] [--svg-fonts embed|none] [--page A4|A3]
//! [--orientation auto|portrait|landscape] [--margin MM]`.
//!
//! One file per flow and format, named after the flow file's stem (`<stem>.svg`, `.png`,
//! `.table.html` and `.csv` for the step table), written atomically. A flow
//! with errors (syntax, model, or a character policy error T001/T002 of `check::text`) is not drawn: its
//! diagnostics are printed and the exit code is 1. Then the validator runs as `check` runs it
//! (same `liucheng.toml`): its errors and warnings are printed in the same format; a flow with
//! errors is not drawn (exit 1) unless `--allow-errors`, which draws it with the
//! 「未通过检查」 (NOT VALIDATED) mark that the page layout places above the title block (and
//! still exits 1). Warnings alone do not stop the drawing.

use crate::check;
use crate::cli::files::{self, Loaded};
use crate::cli::report;
use crate::cli::{EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, Global};
use crate::diag::{Diagnostic, Severity};
use crate::diagram::Direction;
use crate::layout::page::PageOptions;
use crate::layout::paper::{Orientation, Pagination, Paper, PaperSpec};
use crate::layout::{Density, LayoutKind, LayoutOptions};
use crate::msg;
use crate::pipeline;
use crate::render::svg::SvgFonts;
use crate::render::{Theme, png};
use clap::ValueEnum;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Arguments of `render`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// 流程文件或文件夹（文件夹里的 *.flow 都会画）/ files, or folders searched for *.flow
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// 输出文件夹（不存在就创建）/ output folder (created if missing)
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// 输出格式，可用逗号分隔多个 / output formats, comma separated
    #[arg(long, value_enum, value_delimiter = ',', default_value = "svg")]
    pub format: Vec<Format>,
    /// 版式：泳道图或普通流程图（默认：有角色就用泳道图）/ chart kind (default: swimlane when the flow has roles)
    #[arg(long, value_enum)]
    pub layout: Option<LayoutArg>,
    /// 方向：TB 自上而下，LR 自左向右 / direction
    #[arg(long, value_enum, default_value = "TB")]
    pub direction: DirectionArg,
    /// 疏密：compact 紧凑、适合打印（默认），spacious 宽松、适合屏幕 / density: compact for print
    /// (default), spacious for screens
    #[arg(long, value_enum, default_value = "compact")]
    pub density: DensityArg,
    /// 配色：print 黑白打印（默认），color 彩色 / theme
    #[arg(long, value_enum, default_value = "print")]
    pub theme: ThemeArg,
    /// PNG 分辨率（每英寸点数）/ PNG resolution in dots per inch
    #[arg(long, default_value_t = png::DEFAULT_DPI, value_parser = clap::value_parser!(u32).range(24..=1200))]
    pub dpi: u32,
    /// 检查有错误也照样画，图上标「未通过检查」（退出码仍为 1）/ draw a flow that fails `check`
    /// anyway, marked 「未通过检查」 (NOT VALIDATED) in the title block (exit code still 1)
    #[arg(long)]
    pub allow_errors: bool,
    /// 纸张（PDF 默认 A4；给出时 SVG、PNG 也按纸张大小画）/ paper (PDF default A4; when given,
    /// SVG and PNG are drawn at the paper's size too)
    #[arg(long, value_enum)]
    pub page: Option<PageArg>,
    /// 纸张方向：auto 哪个方向印得大用哪个（默认）/ orientation: auto = whichever prints larger
    #[arg(long, value_enum)]
    pub orientation: Option<OrientationArg>,
    /// 页边距，毫米（默认 10）/ margin around the page frame, mm (default 10)
    #[arg(long, value_name = "MM", value_parser = parse_margin)]
    pub margin: Option<f64>,
    /// SVG 里的字体：embed 嵌入本图用到的字（默认，没装中文字体的电脑也能正确显示），none 不嵌入（文件小，供再加工）
    /// / fonts in the SVG: embed the characters this chart uses (default; shows correctly
    /// without a CJK font installed), or none (smaller, for post-processing)
    #[arg(long, value_enum, default_value = "embed")]
    pub svg_fonts: SvgFontsArg,
}

fn parse_margin(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(mm) if (0.0..=50.0).contains(&mm) => Ok(mm),
        _ => Err(format!(
            "页边距要写 0 到 50 之间的毫米数，例如 --margin 10 / write a margin between 0 and 50 mm, e.g. --margin 10 (got `{text}`)"
        )),
    }
}

/// `--page`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum PageArg {
    /// A4（210 × 297 毫米）
    #[value(name = "A4", alias = "a4")]
    A4,
    /// A3（297 × 420 毫米）
    #[value(name = "A3", alias = "a3")]
    A3,
}

/// `--orientation`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum OrientationArg {
    /// 自动：哪个方向印得大用哪个（分页时页数少的优先）
    Auto,
    /// 纵向
    Portrait,
    /// 横向
    Landscape,
}

/// `--svg-fonts`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum SvgFontsArg {
    /// 嵌入本图用到的字
    Embed,
    /// 不嵌入字体
    None,
}

/// Output formats.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    /// SVG 矢量图
    Svg,
    /// PNG 位图
    Png,
    /// PDF 文档（按纸张分页，流程图之后是流程说明表）
    Pdf,
    /// 流程说明表，网页（可直接打印成 A4）：<名称>.table.html
    #[value(name = "table-html")]
    TableHtml,
    /// 流程说明表，CSV（带 BOM 的 UTF-8，Excel 可直接打开）：<名称>.csv
    Csv,
}

impl Format {
    /// The output file name's ending after the flow's stem.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::TableHtml => "table.html",
            Format::Csv => "csv",
            Format::Pdf => "pdf",
        }
    }
}

/// `--layout`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum LayoutArg {
    /// 泳道图：每个角色一条泳道
    Swimlane,
    /// 普通流程图
    Plain,
}

/// `--density`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum DensityArg {
    /// 紧凑：跨泳道的交接画在同一行，行距、泳道宽度按内容收紧，适合 A4 打印
    Compact,
    /// 宽松：每行一个环节，适合屏幕浏览
    Spacious,
}

/// `--direction`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum DirectionArg {
    /// 自上而下
    #[value(name = "TB", alias = "tb")]
    Tb,
    /// 自左向右
    #[value(name = "LR", alias = "lr")]
    Lr,
}

/// `--theme`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ThemeArg {
    /// 黑白，适合打印
    Print,
    /// 彩色
    Color,
}

fn report_errors(global: &Global, loaded: &Loaded, extra: &[Diagnostic]) {
    report(global, loaded, extra, Severity::Error);
}

/// Print the file's diagnostics at `at_least` severity and above, as `check` does.
fn report(global: &Global, loaded: &Loaded, extra: &[Diagnostic], at_least: Severity) {
    let diags = report::in_reading_order(
        loaded
            .diagnostics()
            .chain(extra.iter())
            .filter(|d| d.severity >= at_least),
    );
    if !diags.is_empty() {
        report::eprint(global, &loaded.sources, diags);
    }
}

/// Run `render`.
pub fn run(global: &Global, args: Args) -> std::io::Result<u8> {
    let Some(paths) = files::collect_flows(global, &args.paths)? else {
        return Ok(EXIT_USAGE);
    };
    // One output per stem: two flows of the same name would overwrite each other.
    let mut stems: BTreeMap<String, &Path> = BTreeMap::new();
    for path in &paths {
        let stem = stem_of(path);
        if let Some(other) = stems.insert(stem.clone(), path) {
            let (a, b) = (files::display_name(other), files::display_name(path));
            let m = msg!(
                "错误: 「{a}」和「{b}」会写到同一个输出文件 {stem}.*，请分开渲染",
                "error: `{a}` and `{b}` would write the same output {stem}.*; render them separately"
            );
            eprintln!("{}", m.get(global.lang));
            return Ok(EXIT_USAGE);
        }
    }
    // Every liucheng.toml is validated before anything is written.
    let settings = match files::settings_for(&paths) {
        Ok(settings) => settings,
        Err(problem) => return Ok(problem.stop(global)),
    };
    std::fs::create_dir_all(&args.output)
        .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", args.output.display())))?;
    let theme = Theme::named(match args.theme {
        ThemeArg::Print => "print",
        ThemeArg::Color => "color",
    })
    .expect("both themes are embedded");
    let mut formats = args.format.clone();
    formats.sort();
    formats.dedup();

    let mut code = EXIT_OK;
    let mut written = 0usize;
    let mut drawn = 0usize;
    for (path, settings) in paths.iter().zip(&settings) {
        let root = files::root_of(global.root.as_deref(), &args.paths, path)?;
        // One file's internal error (a panic in any stage) never hides the others.
        match files::guarded(("绘制", "drawing"), path, &root, global.encoding, || {
            render_file(global, &args, &formats, &theme, path, &root, settings)
        })? {
            Ok(done) => {
                if done.failed {
                    code = code.max(EXIT_FINDINGS);
                }
                drawn += done.drawn;
                written += done.written;
            }
            Err(internal) => {
                report_errors(global, &internal, &[]);
                code = EXIT_INTERNAL;
            }
        }
    }
    let dir = files::display_name(&args.output);
    let total = paths.len();
    let m = msg!(
        "画了 {drawn} 个流程（共 {total} 个），写出 {written} 个文件到 {dir}",
        "rendered {drawn} of {total} flow(s), wrote {written} file(s) to {dir}"
    );
    eprintln!("{}", m.get(global.lang));
    Ok(code)
}

/// The name the outputs of a flow file get (its file name without `.flow`).
fn stem_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// What drawing one file did.
#[derive(Default)]
struct Drawn {
    failed: bool,
    drawn: usize,
    written: usize,
}

/// Load, check (characters, then the validator), lay out, draw and write one flow file.
fn render_file(
    global: &Global,
    args: &Args,
    formats: &[Format],
    theme: &Theme,
    path: &Path,
    root: &Path,
    settings: &crate::check::Settings,
) -> std::io::Result<Drawn> {
    let mut done = Drawn::default();
    let loaded = files::load(path, global.encoding, root)?;
    let has_errors = crate::diag::has_errors(loaded.diagnostics());
    let Some(output) = loaded.output.as_ref().filter(|_| !has_errors) else {
        report_errors(global, &loaded, &[]);
        done.failed = true;
        return Ok(done);
    };
    let process = &output.process;
    let glyphs = crate::check::text::check_text(process, &loaded.sources);
    if !glyphs.is_empty() {
        report_errors(global, &loaded, &glyphs);
        done.failed = true;
        return Ok(done);
    }
    // The validator, as `check` runs it (same liucheng.toml): a chart that fails it is not
    // drawn, unless --allow-errors, and then it is marked. Warnings are printed.
    let findings = check::check(process, settings);
    report(global, &loaded, &findings, Severity::Warning);
    let invalid = crate::diag::has_errors(&findings);
    if invalid {
        done.failed = true;
        if !args.allow_errors {
            return Ok(done);
        }
    }
    let page_options = PageOptions {
        not_validated: invalid,
        ..PageOptions::default()
    };
    let options = LayoutOptions {
        kind: match args.layout {
            Some(LayoutArg::Swimlane) => LayoutKind::Swimlane,
            Some(LayoutArg::Plain) => LayoutKind::Plain,
            None if process.roles.is_empty() => LayoutKind::Plain,
            None => LayoutKind::Swimlane,
        },
        direction: match args.direction {
            DirectionArg::Tb => Direction::TopBottom,
            DirectionArg::Lr => Direction::LeftRight,
        },
        density: match args.density {
            DensityArg::Compact => Density::Compact,
            DensityArg::Spacious => Density::Spacious,
        },
        ..LayoutOptions::default()
    };
    // The PNG is rasterised from this same SVG; resvg ignores the embedded fonts.
    let fonts = match args.svg_fonts {
        SvgFontsArg::Embed => SvgFonts::Embed,
        SvgFontsArg::None => SvgFonts::None,
    };
    let spec = paper_spec(args, process, settings);
    // Pages: always for PDF; for SVG and PNG only when --page is given.
    let paged = args.page.is_some();
    // Page SVGs carry fonts only when they are written as SVG files (krilla embeds its own).
    let page_fonts = if paged && formats.contains(&Format::Svg) {
        fonts
    } else {
        SvgFonts::None
    };
    let chart = if formats.iter().any(|f| *f != Format::Pdf) && !paged {
        match pipeline::draw(process, &options, &page_options, theme, fonts) {
            Ok(drawn) => Some(drawn),
            Err(d) => {
                report_errors(global, &loaded, &[*d]);
                done.failed = true;
                return Ok(done);
            }
        }
    } else {
        None
    };
    let pages = if formats.contains(&Format::Pdf) || paged {
        // On paper the 说明 column is off: the 流程说明表 after the chart (in the PDF) carries
        // every step's 规则, 标准 and 依据, and the column would take a sixth of the width.
        let paper_options = PageOptions {
            notes: Some(false),
            ..page_options.clone()
        };
        match pipeline::draw_pages(process, &options, &paper_options, theme, &spec, page_fonts) {
            Ok(drawn) => Some(drawn),
            Err(d) => {
                report_errors(global, &loaded, &[*d]);
                done.failed = true;
                return Ok(done);
            }
        }
    } else {
        None
    };
    done.drawn += 1;
    // The step table is numbered as this chart is (same layout options).
    let drawn: Vec<&crate::diagram::Diagram> = match (&chart, &pages) {
        (Some((diagram, _)), _) => vec![diagram],
        (None, Some((pagination, _))) => pagination.pages.iter().map(|p| &p.sheet).collect(),
        (None, None) => Vec::new(),
    };
    let mut table = pipeline::numbered_table(process, &drawn);
    table.not_validated = invalid;
    let stem = stem_of(path);
    if let Some((pagination, _)) = &pages {
        tell_pages(global, path, &stem, pagination, process);
    }
    // Every format is made and written to a temporary file first; only then are they
    // renamed into place, so the outputs of one flow are replaced together or not at all.
    let mut outputs: Vec<(PathBuf, Result<Vec<u8>, crate::render::RenderError>)> = Vec::new();
    for format in formats {
        let ext = format.extension();
        match (format, &chart, &pages) {
            (Format::TableHtml, ..) => outputs.push((
                args.output.join(format!("{stem}.{ext}")),
                Ok(crate::render::table_html::to_html(&table).into_bytes()),
            )),
            (Format::Csv, ..) => outputs.push((
                args.output.join(format!("{stem}.{ext}")),
                Ok(crate::render::csv::to_csv(&table)),
            )),
            (Format::Pdf, _, Some((_, svgs))) => outputs.push((
                args.output.join(format!("{stem}.{ext}")),
                pipeline::pdf(process, svgs, Some(&table)),
            )),
            (_, Some((diagram, text)), _) => outputs.push((
                args.output.join(format!("{stem}.{ext}")),
                match format {
                    // The pixel size is checked before the SVG is parsed or a pixmap allocated.
                    Format::Png => pipeline::rasterise(diagram, text, args.dpi),
                    _ => Ok(text.as_bytes().to_vec()),
                },
            )),
            (_, None, Some((pagination, svgs))) => {
                for (k, svg) in svgs.iter().enumerate() {
                    let name = if svgs.len() == 1 {
                        format!("{stem}.{ext}")
                    } else {
                        format!("{stem}-{}.{ext}", k + 1)
                    };
                    let page = &pagination.pages[k];
                    let bytes = match format {
                        Format::Png => {
                            crate::render::png::check_size(page.width, page.height, args.dpi)
                                .and_then(|_| crate::render::png::to_png(svg, args.dpi))
                        }
                        _ => Ok(svg.as_bytes().to_vec()),
                    };
                    outputs.push((args.output.join(name), bytes));
                }
            }
            _ => {}
        }
    }
    let mut staged = Vec::with_capacity(outputs.len());
    let mut complete = true;
    for (target, bytes) in outputs {
        if files::is_an_input(&target, &loaded.inputs) {
            let shown = files::display_name(&target);
            let m = msg!(
                "错误: 输出文件「{shown}」就是输入的流程文件，没有写；请换一个输出文件夹",
                "error: the output `{shown}` is an input flow file; nothing written, choose another output folder"
            );
            eprintln!("{}", m.get(global.lang));
            complete = false;
            break;
        }
        let bytes = match bytes {
            Ok(bytes) => bytes,
            Err(err) => {
                let shown = files::display_name(path);
                let prefix = Severity::Error.name(global.lang);
                eprintln!("{prefix}: {shown}: {}", err.message().get(global.lang));
                complete = false;
                break;
            }
        };
        staged.push(files::stage(&target, &bytes)?);
    }
    if !complete {
        // Dropping the staged files removes them: the old outputs stay as they were.
        done.failed = true;
        return Ok(done);
    }
    done.written += staged.len();
    files::commit(staged)?;
    Ok(done)
}

/// The paper for one flow: the command line, else the flow's 纸张, else `liucheng.toml`'s
/// `[render]`, else A4 with the orientation that prints larger.
fn paper_spec(
    args: &Args,
    process: &crate::model::Process,
    settings: &check::Settings,
) -> PaperSpec {
    let flow = process.meta.paper.unwrap_or_default();
    let unit = settings.render;
    let cli_paper = args.page.map(|p| match p {
        PageArg::A4 => Paper::A4,
        PageArg::A3 => Paper::A3,
    });
    let paper = cli_paper.or(flow.paper).or(unit.paper);
    let cli_orientation = args.orientation.map(|o| match o {
        OrientationArg::Auto => None,
        OrientationArg::Portrait => Some(Orientation::Portrait),
        OrientationArg::Landscape => Some(Orientation::Landscape),
    });
    let orientation = cli_orientation
        .or(flow.orientation.map(Some))
        .or(unit.orientation)
        .flatten();
    PaperSpec {
        paper: paper.unwrap_or(Paper::A4),
        paper_chosen: paper.is_some(),
        orientation,
        margin_mm: args
            .margin
            .or(unit.margin_mm)
            .unwrap_or(crate::layout::paper::DEFAULT_MARGIN_MM),
    }
}

/// One line per paged flow: paper, pages, scale and the printed size of step text; and a
/// warning when the chart had to be drawn below the minimum size.
fn tell_pages(
    global: &Global,
    path: &Path,
    stem: &str,
    p: &Pagination,
    process: &crate::model::Process,
) {
    let (paper, zh_o, en_o) = (p.paper.name(), p.orientation.zh(), p.orientation.en());
    let n = p.pages.len();
    let pct = (p.scale * 100.0).round();
    let pt = (p.step_pt * 10.0).round() / 10.0;
    let m = msg!(
        "{stem}：{paper} {zh_o}，{n} 页，缩放 {pct}%，步骤文字 {pt} pt",
        "{stem}: {paper} {en_o}, {n} page(s), scale {pct}%, step text {pt} pt"
    );
    eprintln!("{}", m.get(global.lang));
    if let Some(t) = &p.too_small {
        let shown = files::display_name(path);
        let name = &process.meta.name;
        let (need, min) = ((t.scale * 100.0).round(), (t.min_scale * 100.0).round());
        let across = t.across.round();
        let fit = match t.would_fit {
            Some((paper, o)) => {
                let (paper, o) = (paper.name(), o.en());
                msg!(
                    "用 --page {paper} --orientation {o} 可以按最小字号印出",
                    "--page {paper} --orientation {o} would print it at the minimum size"
                )
            }
            None => msg!(
                "A4、A3 都放不下：请把流程拆成几个子流程，或者改用 --direction LR/TB 换个方向",
                "neither A4 nor A3 holds it: split the flow into sub-flows, or try the other --direction"
            ),
        };
        let prefix = Severity::Warning.name(global.lang);
        let (fit_zh, fit_en) = (fit.zh, fit.en);
        let m = msg!(
            "{prefix}: {shown}: 流程「{name}」太宽，按最小字号（步骤文字 7 pt，编号和标注 6 pt，缩放 {min}%）一页放不下它最宽的一段（{across} 像素）；只好缩小到 {need}% 来画，字会小于最小字号。{fit_zh}",
            "{prefix}: {shown}: flow `{name}` is too wide: at the minimum size (step text 7 pt, numbers and labels 6 pt, scale {min}%) its widest part ({across} px) does not fit a page; it is drawn at {need}%, below the minimum size. {fit_en}"
        );
        eprintln!("{}", m.get(global.lang));
    }
}
