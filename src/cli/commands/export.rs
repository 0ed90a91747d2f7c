//! `liucheng export --format json PATH`.

use crate::cli::files::{self, Loaded};
use crate::cli::guard::guard;
use crate::cli::report::{self, FileReport};
use crate::cli::{EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, Global};
use crate::diag::{Lang, has_errors};
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
    if let Err(problem) = files::Configs::new().for_file(&args.path) {
        eprint!("{}", problem.human(global.lang, global.color));
        return Ok(EXIT_USAGE);
    }
    // An internal error (a panic while loading or exporting) is reported, never a crash.
    let exported = match guard(("导出", "exporting"), || export(global, &args.path)) {
        Ok(result) => result?,
        Err(diag) => Err(files::internal_error(&args.path, *diag)),
    };
    let (text, inputs) = match exported {
        Ok(exported) => exported,
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
    if let Some(out) = &args.output
        && files::is_an_input(out, &inputs)
    {
        let shown = files::display_name(out);
        eprintln!(
            "{}",
            match global.lang {
                Lang::Zh => format!(
                    "错误: 输出文件「{shown}」就是要导出的流程文件（或它基于的文件），写进去会把流程覆盖掉；请换一个输出文件名，例如 -o {shown}.json"
                ),
                Lang::En => format!(
                    "error: the output `{shown}` is the flow file being exported (or a file it is based on); writing it would destroy the flow. Choose another name, e.g. -o {shown}.json"
                ),
            }
        );
        return Ok(EXIT_USAGE);
    }
    match args.output {
        Some(path) => files::write_atomic(&path, text.as_bytes())?,
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(EXIT_OK)
}

/// Load a file and export it as JSON text (with the real paths of the files it was read
/// from), or give back what was loaded when it has errors.
type Exported = Result<(String, Vec<PathBuf>), Loaded>;

fn export(global: &Global, path: &Path) -> std::io::Result<Exported> {
    let loaded = files::load(path, global.encoding, global.root.as_deref())?;
    let Some(output) = loaded.output.as_ref() else {
        return Ok(Err(loaded));
    };
    if has_errors(loaded.diagnostics()) {
        return Ok(Err(loaded));
    }
    let json = crate::model::export::to_json(&output.process, &loaded.sources);
    let text = serde_json::to_string_pretty(&json).expect("a JSON value serialises") + "\n";
    Ok(Ok((text, loaded.inputs)))
}
