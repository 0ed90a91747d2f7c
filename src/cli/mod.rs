//! The command line: the only module that knows clap, files and exit codes.
//!
//! Exit codes: 0 clean; 1 errors found (or warnings with `--deny-warnings`, or `fmt --check`
//! found unformatted files); 2 usage or I/O error; 3 an internal error (a bug in liucheng) on
//! some file, reported as `F009` for that file while the other files were still processed.

pub mod files;
pub mod guard;
pub mod report;

mod commands;

use crate::diag::Lang;
use crate::source::Encoding;
use clap::{Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit code: nothing wrong.
pub const EXIT_OK: u8 = 0;
/// Exit code: the input has errors.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: usage or I/O error.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: liucheng failed internally on some file (a bug, reported as `F009`).
pub const EXIT_INTERNAL: u8 = 3;

/// liucheng（流程）：把办公室流程的文字描述变成经过校验、可以直接打印的流程图。
#[derive(Parser, Debug)]
#[command(
    name = "liucheng",
    version,
    about = "流程：把办公室流程的文字描述变成经过校验、可以直接打印的流程图\nliucheng: validated, print-ready flowcharts from plain-text office processes",
    long_about = None
)]
pub struct Cli {
    /// 提示信息的语言（默认中文；环境变量 LANG 以 en 开头时为英文）/ message language
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,

    /// 文件编码：utf8（默认）或 gbk / file encoding
    #[arg(long, global = true, value_enum, default_value = "utf8")]
    pub encoding: EncodingArg,

    /// 项目根目录：「基于」引用的文件不能在它之外（默认：向上找 liucheng.toml 或 .git）
    #[arg(long, global = true)]
    pub root: Option<PathBuf>,

    /// 命令 / command
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// 检查流程文件，报告所有错误 / check flow files and report every problem
    Check(commands::check::Args),
    /// 把流程文件整理成标准格式 / format flow files canonically
    Fmt(commands::fmt::Args),
    /// 把流程导出为 JSON / export a flow's model as JSON
    Export(commands::export::Args),
    /// 把流程画成流程图（SVG、PNG）/ draw flows as charts (SVG, PNG)
    Render(commands::render::Args),
    /// 列出全部规则 / list every rule code
    Rules(commands::rules::Args),
    /// 解释一条规则 / explain one rule code
    Explain(commands::explain::Args),
}

/// `--lang`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum LangArg {
    /// 中文
    Zh,
    /// English
    En,
}

/// `--encoding`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum EncodingArg {
    /// UTF-8 (with or without BOM)
    Utf8,
    /// GBK / GB18030
    Gbk,
}

impl From<EncodingArg> for Encoding {
    fn from(e: EncodingArg) -> Self {
        match e {
            EncodingArg::Utf8 => Encoding::Utf8,
            EncodingArg::Gbk => Encoding::Gbk,
        }
    }
}

/// Options every command shares, resolved.
pub struct Global {
    /// Message language.
    pub lang: Lang,
    /// Input encoding.
    pub encoding: Encoding,
    /// Project root override.
    pub root: Option<PathBuf>,
    /// Whether stderr is a colour terminal.
    pub color: bool,
}

fn lang_from_env() -> Lang {
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(value) = std::env::var(var) {
            if value.is_empty() {
                continue;
            }
            return if value.to_ascii_lowercase().starts_with("en") {
                Lang::En
            } else {
                Lang::Zh
            };
        }
    }
    Lang::Zh
}

/// Run the command line; returns the process exit code.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() {
                EXIT_USAGE
            } else {
                EXIT_OK
            });
        }
    };
    let lang = match cli.lang {
        Some(LangArg::Zh) => Lang::Zh,
        Some(LangArg::En) => Lang::En,
        None => lang_from_env(),
    };
    let color = std::io::IsTerminal::is_terminal(&std::io::stderr())
        && std::env::var_os("NO_COLOR").is_none();
    let global = Global {
        lang,
        encoding: cli.encoding.into(),
        root: cli.root,
        color,
    };
    let result = match cli.command {
        Command::Check(args) => commands::check::run(&global, args),
        Command::Fmt(args) => commands::fmt::run(&global, args),
        Command::Export(args) => commands::export::run(&global, args),
        Command::Render(args) => commands::render::run(&global, args),
        Command::Rules(args) => commands::rules::run(&global, args),
        Command::Explain(args) => commands::explain::run(&global, args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            if err.kind() == std::io::ErrorKind::BrokenPipe {
                return ExitCode::from(EXIT_OK);
            }
            let prefix = if lang == Lang::Zh { "错误" } else { "error" };
            eprintln!("{prefix}: {err}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}
