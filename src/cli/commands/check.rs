//! `liucheng check PATH…`.

use crate::check::{self, registry};
use crate::cli::files::{self, Loaded};
use crate::cli::guard::guard;
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
    let paths = files::collect(&args.paths)?;
    if paths.is_empty() {
        let msg = match global.lang {
            Lang::Zh => "没有找到 .flow 文件",
            Lang::En => "no .flow files found",
        };
        eprintln!("{msg}");
        return Ok(EXIT_USAGE);
    }
    let mut loaded: Vec<Loaded> = Vec::with_capacity(paths.len());
    let mut configs = files::Configs::new();
    let mut internal = false;
    for path in &paths {
        // Settings are read outside the guard: a bad liucheng.toml is a usage error.
        let settings = match configs.for_file(path) {
            Ok(settings) => settings,
            Err(problem) => {
                eprint!("{}", problem.human(global.lang, global.color));
                return Ok(EXIT_USAGE);
            }
        };
        // One file's internal error (a panic in any stage) never hides the others.
        let root = files::root_for(global.root.as_deref(), &args.paths, path);
        let file = match guard(("检查", "checking"), || {
            check_file(path, global, root.as_deref(), settings)
        }) {
            Ok(file) => file?,
            Err(diag) => {
                internal = true;
                files::internal_error(path, *diag)
            }
        };
        loaded.push(file);
    }
    let reports: Vec<FileReport<'_>> = loaded
        .iter()
        .map(|l| FileReport {
            sources: &l.sources,
            diagnostics: sorted(l),
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
    let failed = summary.errors > 0 || (args.deny_warnings && summary.warnings > 0);
    Ok(if internal {
        EXIT_INTERNAL
    } else if failed {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// Read, parse and build one file; apply the character policy to every built model and
/// (when building gave no errors) the validator.
fn check_file(
    path: &Path,
    global: &Global,
    root: Option<&Path>,
    settings: &crate::check::Settings,
) -> std::io::Result<Loaded> {
    let mut file = files::load(path, global.encoding, root)?;
    // The character policy (T001, T002) first, on every built model: its findings are
    // about characters, never a cascade, and `render` refuses what it reports.
    let mut text_findings = Vec::new();
    if let Some(output) = file.output.as_ref()
        && file.file_diagnostics.is_empty()
    {
        text_findings = check::text::check_text(&output.process, &file.sources);
    }
    // Validate only a model built without errors: otherwise findings would be spurious.
    if let Some(output) = file.output.as_mut()
        && file.file_diagnostics.is_empty()
        && !has_errors(&output.diagnostics)
    {
        let findings = check::check(&output.process, settings);
        output.diagnostics.extend(findings);
    }
    if let Some(output) = file.output.as_mut() {
        output.diagnostics.extend(text_findings);
    }
    Ok(file)
}

/// Diagnostics of a file in reading order: by file, line, column, then severity.
fn sorted(loaded: &Loaded) -> Vec<&crate::diag::Diagnostic> {
    let mut diags: Vec<_> = loaded.diagnostics().collect();
    diags.sort_by_key(|d| {
        (
            d.source,
            d.span.start,
            std::cmp::Reverse(d.severity),
            d.code,
        )
    });
    diags.dedup_by(|a, b| a == b);
    diags
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
