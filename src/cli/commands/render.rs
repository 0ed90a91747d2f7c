//! `liucheng render PATH… -o DIR [--format svg,png] [--layout swimlane|plain]
//! [--direction TB|LR] [--density compact|spacious] [--theme print|color] [--dpi N]
//! [--allow-errors]`.
//!
//! One file per flow and format, named after the flow file's stem, written atomically. A flow
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
use crate::layout::{Density, LayoutKind, LayoutOptions};
use crate::msg;
use crate::pipeline;
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
}

/// Output formats.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    /// SVG 矢量图
    Svg,
    /// PNG 位图
    Png,
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
    let (diagram, text) = match pipeline::draw(process, &options, &page_options, theme) {
        Ok(drawn) => drawn,
        Err(d) => {
            report_errors(global, &loaded, &[*d]);
            done.failed = true;
            return Ok(done);
        }
    };
    done.drawn += 1;
    let stem = stem_of(path);
    // Every format is made and written to a temporary file first; only then are they
    // renamed into place, so the outputs of one flow are replaced together or not at all.
    let mut staged = Vec::with_capacity(formats.len());
    let mut complete = true;
    for format in formats {
        let target = args.output.join(format!(
            "{stem}.{}",
            match format {
                Format::Svg => "svg",
                Format::Png => "png",
            }
        ));
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
        let bytes = match format {
            Format::Svg => text.as_bytes().to_vec(),
            // The pixel size is checked before the SVG is parsed or a pixmap allocated.
            Format::Png => match pipeline::rasterise(&diagram, &text, args.dpi) {
                Ok(bytes) => bytes,
                Err(err) => {
                    let shown = files::display_name(path);
                    let prefix = Severity::Error.name(global.lang);
                    eprintln!("{prefix}: {shown}: {}", err.message().get(global.lang));
                    complete = false;
                    break;
                }
            },
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
