//! `liucheng export --format json PATH`.

use crate::cli::files;
use crate::cli::guard::guard;
use crate::cli::report::{self, FileReport};
use crate::cli::{EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, Global};
use crate::diag::has_errors;
use clap::ValueEnum;
use std::io::Write;
use std::path::PathBuf;

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
    let loaded = match guard(("导出", "exporting"), || {
        files::load(&args.path, global.encoding, global.root.as_deref())
    }) {
        Ok(loaded) => loaded?,
        Err(diag) => {
            let loaded = files::internal_error(&args.path, *diag);
            let r = FileReport {
                sources: &loaded.sources,
                diagnostics: loaded.diagnostics().collect(),
            };
            eprint!("{}", report::human(&r, global.lang, global.color));
            return Ok(EXIT_INTERNAL);
        }
    };
    let diags: Vec<_> = loaded.diagnostics().collect();
    if has_errors(diags.iter().copied()) || loaded.output.is_none() {
        let r = FileReport {
            sources: &loaded.sources,
            diagnostics: diags,
        };
        eprint!("{}", report::human(&r, global.lang, global.color));
        return Ok(EXIT_FINDINGS);
    }
    let output = loaded.output.as_ref().expect("checked above");
    let json = crate::model::export::to_json(&output.process, &loaded.sources);
    let text = serde_json::to_string_pretty(&json).expect("JSON") + "\n";
    match args.output {
        Some(path) => files::write_atomic(&path, text.as_bytes())?,
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(EXIT_OK)
}
