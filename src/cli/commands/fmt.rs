//! `liucheng fmt PATH… [--check]`.

use crate::cli::files;
use crate::cli::guard::guard;
use crate::cli::report::{self, FileReport};
use crate::cli::{EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, Global};
use crate::diag::{Lang, has_errors};
use crate::source::{SourceId, SourceMap};
use crate::syntax;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `fmt`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// 流程文件或文件夹 / files, or folders searched for *.flow
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// 只检查不修改：格式不对时显示差异并以 1 退出 / don't write; show a diff and exit 1 if unformatted
    #[arg(long)]
    pub check: bool,
    /// 只读文件也整理（默认不改只读文件）/ also rewrite read-only files (left alone by default)
    #[arg(long)]
    pub overwrite_read_only: bool,
}

/// Run `fmt`.
pub fn run(global: &Global, args: Args) -> std::io::Result<u8> {
    let paths = files::collect(&args.paths)?;
    if paths.is_empty() {
        eprintln!(
            "{}",
            match global.lang {
                Lang::Zh => "没有找到 .flow 文件",
                Lang::En => "no .flow files found",
            }
        );
        return Ok(EXIT_USAGE);
    }
    let mut code = EXIT_OK;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    // Every liucheng.toml is validated before anything is written.
    let mut configs = files::Configs::new();
    for path in &paths {
        if let Err(problem) = configs.for_file(path) {
            eprint!("{}", problem.human(global.lang, global.color));
            return Ok(EXIT_USAGE);
        }
    }
    let mut internal = false;
    for path in &paths {
        // One file's internal error (a panic in any stage) never hides the others.
        match guard(("整理", "formatting"), || {
            format_file(global, &args, path, &mut out)
        }) {
            Ok(result) => code = code.max(result?),
            Err(diag) => {
                let loaded = files::internal_error(path, *diag);
                let r = FileReport {
                    sources: &loaded.sources,
                    diagnostics: loaded.diagnostics().collect(),
                };
                eprint!("{}", report::human(&r, global.lang, global.color));
                internal = true;
            }
        }
    }
    Ok(if internal { EXIT_INTERNAL } else { code })
}

/// Format one file (or show its diff with `--check`); returns its exit code.
fn format_file(
    global: &Global,
    args: &Args,
    path: &Path,
    out: &mut impl Write,
) -> std::io::Result<u8> {
    let mut code = EXIT_OK;
    let mut sources = SourceMap::new();
    let (source, shape) = match files::read_checked(
        path,
        global.encoding,
        files::root_for(global.root.as_deref(), &args.paths, path).as_deref(),
    )? {
        Ok(file) => (file.source, file.shape),
        Err((source, diag)) => {
            sources.add(source);
            let r = FileReport {
                sources: &sources,
                diagnostics: vec![&diag],
            };
            eprint!("{}", report::human(&r, global.lang, global.color));
            return Ok(EXIT_FINDINGS);
        }
    };
    let id = sources.add(source);
    let text = &sources.get(id).text;
    let (doc, diags) = syntax::parse(text, id);
    if has_errors(&diags) {
        let r = FileReport {
            sources: &sources,
            diagnostics: diags.iter().collect(),
        };
        eprint!("{}", report::human(&r, global.lang, global.color));
        let name = &sources.get(id).name;
        eprintln!(
            "{}",
            match global.lang {
                Lang::Zh => format!("{name}：有语法错误，没有整理；请先改正上面的错误"),
                Lang::En =>
                    format!("{name}: not formatted because it has syntax errors; fix them first"),
            }
        );
        return Ok(EXIT_FINDINGS);
    }
    let formatted = syntax::format(&doc);
    // Safety net: the formatted text must mean exactly what the original meant.
    let (again, again_diags) = syntax::parse(&formatted, SourceId(0));
    let same = syntax::fmt::same_tree(&doc, &again);
    if !same || has_errors(&again_diags) {
        let name = &sources.get(id).name;
        eprintln!(
            "{}",
            match global.lang {
                Lang::Zh => format!(
                    "{name}：内部错误，整理后的内容与原文含义不同，文件未修改（请报告此问题）"
                ),
                Lang::En => format!(
                    "{name}: internal error: formatting would change the meaning; file left unchanged (please report)"
                ),
            }
        );
        return Ok(EXIT_USAGE);
    }
    // The file keeps its line ends (CR LF stays CR LF), BOM and encoding.
    let formatted = if shape.crlf {
        formatted.replace("\r\n", "\n").replace('\n', "\r\n")
    } else {
        formatted
    };
    if formatted == *text {
        return Ok(EXIT_OK);
    }
    let name = sources.get(id).name.clone();
    if args.check {
        code = code.max(EXIT_FINDINGS);
        let diff = similar::TextDiff::from_lines(text.as_str(), formatted.as_str());
        write!(
            out,
            "{}",
            diff.unified_diff()
                .context_radius(2)
                .header(&name, &format!("{name}（整理后）"))
        )?;
    } else {
        let name = &name;
        if files::is_read_only(path) && !args.overwrite_read_only {
            eprintln!(
                "{}",
                match global.lang {
                    Lang::Zh => format!(
                        "{name}：文件是只读的，没有整理；确实要改时加上 --overwrite-read-only"
                    ),
                    Lang::En => format!(
                        "{name}: read-only, not formatted; pass --overwrite-read-only to rewrite it anyway"
                    ),
                }
            );
            return Ok(EXIT_FINDINGS);
        }
        let bytes = match shape.encode(&formatted) {
            Ok(bytes) => bytes,
            Err(why) => {
                let why = why.get(global.lang);
                eprintln!(
                    "{}",
                    match global.lang {
                        Lang::Zh => format!("{name}：{why}，文件未修改"),
                        Lang::En => format!("{name}: {why}; file left unchanged"),
                    }
                );
                return Ok(EXIT_USAGE);
            }
        };
        files::write_atomic(path, &bytes)?;
        eprintln!(
            "{}",
            match global.lang {
                Lang::Zh => format!("已整理 {name}"),
                Lang::En => format!("formatted {name}"),
            }
        );
    }
    Ok(code)
}
