//! `liucheng export --format json PATH`.

use crate::cli::files::{self, Loaded};
use crate::cli::guard::guard;
use crate::cli::report::{self, FileReport};
use crate::cli::{EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, Global};
use crate::diag::has_errors;
use clap::ValueEnum;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `export`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// 流程文件 / the flow file
    pub path: PathBuf,
    /// 导出格式 / export format
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
    /// 写到文件而不是标准输出 / write to a file instead of stdout
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Export formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// JSON（模式见 docs/export.md）
    Json,
}

/// Run `export`.
pub fn run(global: &Global, args: Args) -> std::io::Result<u8> {
    // An internal error (a panic while loading or exporting) is reported, never a crash.
    let exported = match guard(("导出", "exporting"), || export(global, &args.path)) {
        Ok(result) => result?,
        Err(diag) => Err(files::internal_error(&args.path, *diag)),
    };
    let text = match exported {
        Ok(text) => text,
        Err(loaded) => {
            let diags: Vec<_> = loaded.diagnostics().collect();
            let internal = diags.iter().any(|d| d.code == "F009");
            let r = FileReport {
                sources: &loaded.sources,
                diagnostics: diags,
            };
            eprint!("{}", report::human(&r, global.lang, global.color));
            return Ok(if internal {
                EXIT_INTERNAL
            } else {
                EXIT_FINDINGS
            });
        }
    };
    match args.output {
        Some(path) => files::write_atomic(&path, text.as_bytes())?,
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(EXIT_OK)
}

/// Load a file and export it as JSON text, or give back what was loaded when it has errors.
fn export(global: &Global, path: &Path) -> std::io::Result<Result<String, Loaded>> {
    let loaded = files::load(path, global.encoding, global.root.as_deref())?;
    let Some(output) = loaded.output.as_ref() else {
        return Ok(Err(loaded));
    };
    if has_errors(loaded.diagnostics()) {
        return Ok(Err(loaded));
    }
    let json = crate::model::export::to_json(&output.process, &loaded.sources);
    let text = serde_json::to_string_pretty(&json).expect("a JSON value serialises") + "\n";
    Ok(Ok(text))
}
