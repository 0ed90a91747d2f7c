//! `liucheng export --format json PATH`.

use crate::cli::files::{self, Loaded};
use crate::cli::report;
use crate::cli::{EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, Global};
use crate::diag::has_errors;
use crate::msg;
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
    if let Err(problem) = files::settings_for(std::slice::from_ref(&args.path)) {
        return Ok(problem.stop(global));
    }
    let path = &args.path;
    let root = files::root_of(global.root.as_deref(), std::slice::from_ref(path), path)?;
    // An internal error (a panic while loading or exporting) is reported, never a crash.
    let exported = match files::guarded(
        ("导出", "exporting"),
        path,
        &root,
        global.encoding,
        || export(global, path, &root),
    )? {
        Ok(exported) => exported,
        Err(internal) => {
            report::eprint(global, &internal.sources, internal.diagnostics().collect());
            return Ok(EXIT_INTERNAL);
        }
    };
    let (text, inputs) = match exported {
        Ok(exported) => exported,
        Err(loaded) => {
            report::eprint(global, &loaded.sources, loaded.diagnostics().collect());
            return Ok(EXIT_FINDINGS);
        }
    };
    if let Some(out) = &args.output
        && files::is_an_input(out, &inputs)
    {
        let shown = files::display_name(out);
        let m = msg!(
            "错误: 输出文件「{shown}」就是要导出的流程文件（或它基于的文件），写进去会把流程覆盖掉；请换一个输出文件名，例如 -o {shown}.json",
            "error: the output `{shown}` is the flow file being exported (or a file it is based on); writing it would destroy the flow. Choose another name, e.g. -o {shown}.json"
        );
        eprintln!("{}", m.get(global.lang));
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

fn export(global: &Global, path: &Path, root: &Path) -> std::io::Result<Exported> {
    let loaded = files::load(path, global.encoding, root)?;
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
