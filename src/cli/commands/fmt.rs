//! `liucheng fmt PATH… [--check]`.

use crate::cli::files;
use crate::cli::report;
use crate::cli::{EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, Global};
use crate::diag::has_errors;
use crate::msg;
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
    let Some(paths) = files::collect_flows(global, &args.paths)? else {
        return Ok(EXIT_USAGE);
    };
    // Every liucheng.toml is validated before anything is written.
    if let Err(problem) = files::settings_for(&paths) {
        return Ok(problem.stop(global));
    }
    let mut code = EXIT_OK;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for path in &paths {
        let root = files::root_of(global.root.as_deref(), &args.paths, path)?;
        // One file's internal error (a panic in any stage) never hides the others.
        match files::guarded(
            ("整理", "formatting"),
            path,
            &root,
            global.encoding,
            || format_file(global, &args, path, &root, &mut out),
        )? {
            Ok(file_code) => code = code.max(file_code),
            Err(internal) => {
                report::eprint(global, &internal.sources, internal.diagnostics().collect());
                code = EXIT_INTERNAL;
            }
        }
    }
    Ok(code)
}

/// Format one file (or show its diff with `--check`); returns its exit code.
fn format_file(
    global: &Global,
    args: &Args,
    path: &Path,
    root: &Path,
    out: &mut impl Write,
) -> std::io::Result<u8> {
    let mut sources = SourceMap::new();
    let (source, shape) = match files::read_checked(path, global.encoding, root)? {
        Ok(file) => (file.source, file.shape),
        Err((source, diag)) => {
            sources.add(source);
            report::eprint(global, &sources, vec![&diag]);
            return Ok(EXIT_FINDINGS);
        }
    };
    let id = sources.add(source);
    let text = &sources.get(id).text;
    let (doc, diags) = syntax::parse(text, id);
    let name = sources.get(id).name.clone();
    let say = |m: crate::diag::Message| eprintln!("{}", m.get(global.lang));
    if has_errors(&diags) {
        report::eprint(global, &sources, diags.iter().collect());
        say(msg!(
            "{name}：有语法错误，没有整理；请先改正上面的错误",
            "{name}: not formatted because it has syntax errors; fix them first"
        ));
        return Ok(EXIT_FINDINGS);
    }
    let formatted = syntax::format(&doc);
    // Safety net: the formatted text must mean exactly what the original meant.
    let (again, again_diags) = syntax::parse(&formatted, SourceId(0));
    if !syntax::fmt::same_tree(&doc, &again) || has_errors(&again_diags) {
        say(msg!(
            "{name}：内部错误，整理后的内容与原文含义不同，文件未修改（请报告此问题）",
            "{name}: internal error: formatting would change the meaning; file left unchanged (please report)"
        ));
        return Ok(EXIT_USAGE);
    }
    // The file keeps its line ends (CR LF stays CR LF), BOM and encoding.
    let formatted = shape.line_ends(formatted);
    if formatted == *text {
        return Ok(EXIT_OK);
    }
    if args.check {
        let diff = similar::TextDiff::from_lines(text.as_str(), formatted.as_str());
        write!(
            out,
            "{}",
            diff.unified_diff()
                .context_radius(2)
                .header(&name, &format!("{name}（整理后）"))
        )?;
        return Ok(EXIT_FINDINGS);
    }
    if files::is_read_only(path) && !args.overwrite_read_only {
        say(msg!(
            "{name}：文件是只读的，没有整理；确实要改时加上 --overwrite-read-only",
            "{name}: read-only, not formatted; pass --overwrite-read-only to rewrite it anyway"
        ));
        return Ok(EXIT_FINDINGS);
    }
    let bytes = match shape.encode(&formatted) {
        Ok(bytes) => bytes,
        Err(why) => {
            let why = why.get(global.lang);
            say(msg!(
                "{name}：{why}，文件未修改",
                "{name}: {why}; file left unchanged"
            ));
            return Ok(EXIT_USAGE);
        }
    };
    files::write_atomic(path, &bytes)?;
    say(msg!("已整理 {name}", "formatted {name}"));
    Ok(EXIT_OK)
}
