//! `liucheng check PATH…`.

use crate::check::{self, registry};
use crate::cli::files::{self, Loaded};
use crate::cli::report::{self, FileReport};
use crate::cli::{EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, Global};
use crate::diag::{Lang, has_errors};
use clap::ValueEnum;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `check`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// 流程文件或文件夹（文件夹里的 *.flow 都会检查）/ files, or folders searched for *.flow
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// 有警告也算失败（用于 CI）/ exit 1 on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
}

/// Output formats of `check`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// 给人看的格式，带源码片段
    Human,
    /// JSON
    Json,
    /// SARIF 2.1.0（代码扫描界面）
    Sarif,
}

/// Run `check`.
pub fn run(global: &Global, args: Args) -> std::io::Result<u8> {
    let Some(paths) = files::collect_flows(global, &args.paths)? else {
        return Ok(EXIT_USAGE);
    };
    // Settings are read before any work: a bad liucheng.toml is a usage error.
    let settings = match files::settings_for(&paths) {
        Ok(settings) => settings,
        Err(problem) => return Ok(problem.stop(global)),
    };
    let mut loaded: Vec<Loaded> = Vec::with_capacity(paths.len());
    let mut code = EXIT_OK;
    for (path, settings) in paths.iter().zip(&settings) {
        let root = files::root_of(global.root.as_deref(), &args.paths, path)?;
        // One file's internal error (a panic in any stage) never hides the others.
        let file = files::guarded(("检查", "checking"), path, &root, global.encoding, || {
            check_file(path, global, &root, settings)
        })?
        .unwrap_or_else(|internal| {
            code = EXIT_INTERNAL;
            internal
        });
        loaded.push(file);
    }
    let reports: Vec<FileReport<'_>> = loaded
        .iter()
        .map(|l| FileReport {
            sources: &l.sources,
            diagnostics: report::in_reading_order(l.diagnostics()),
        })
        .collect();
    let summary = report::Summary::of(&reports);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        Format::Human => {
            let mut err = std::io::stderr().lock();
            for r in &reports {
                err.write_all(report::human(r, global.lang, global.color).as_bytes())?;
            }
            let line = match global.lang {
                Lang::Zh => format!(
                    "检查了 {} 个文件：{} 个错误，{} 个警告，{} 个提示",
                    summary.files, summary.errors, summary.warnings, summary.hints
                ),
                Lang::En => format!(
                    "checked {} file(s): {} error(s), {} warning(s), {} hint(s)",
                    summary.files, summary.errors, summary.warnings, summary.hints
                ),
            };
            writeln!(err, "{line}")?;
        }
        Format::Json => out.write_all(report::json(&reports, global.lang).as_bytes())?,
        Format::Sarif => out.write_all(
            report::sarif(&reports, global.lang, &sarif_rules(global.lang)).as_bytes(),
        )?,
    }
    if summary.errors > 0 || (args.deny_warnings && summary.warnings > 0) {
        code = code.max(EXIT_FINDINGS);
    }
    Ok(code)
}

/// Read, parse and build one file; apply the character policy to every built model and
/// (when building gave no errors) the validator.
fn check_file(
    path: &Path,
    global: &Global,
    root: &Path,
    settings: &crate::check::Settings,
) -> std::io::Result<Loaded> {
    let mut file = files::load(path, global.encoding, root)?;
    if let Some(output) = file.output.as_mut() {
        // The character policy (T001, T002) on every built model: its findings are about
        // characters, never a cascade, and `render` refuses what it reports.
        let mut findings = check::text::check_text(&output.process, &file.sources);
        // Validate only a model built without errors: otherwise findings would be spurious.
        if !has_errors(&output.diagnostics) {
            findings.extend(check::check(&output.process, settings));
        }
        output.diagnostics.extend(findings);
    }
    Ok(file)
}

/// The registry as SARIF rule descriptions, in the language of the messages.
fn sarif_rules(lang: Lang) -> Vec<report::SarifRule> {
    registry::RULES
        .iter()
        .map(|r| report::SarifRule {
            id: r.code,
            name: r.name,
            short: r.name_in(lang).to_owned(),
            full: r.summary_in(lang),
            help: registry::explain(r, lang),
        })
        .collect()
}
