//! `liucheng rules [--format text|md]`: list every code, in Chinese or (`--lang en`) English.

use crate::check::registry;
use crate::cli::{EXIT_OK, Global};
use clap::ValueEnum;
use std::io::Write;

/// Arguments of `rules`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// 输出格式：text（列表）或 md（docs/rules.md；英文为 docs/rules.en.md）/ output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// Output formats of `rules`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// 每条规则一行
    Text,
    /// Markdown（生成 docs/rules.md 或 docs/rules.en.md）
    Md,
}

/// Run `rules`.
pub fn run(global: &Global, args: Args) -> std::io::Result<u8> {
    let text = match args.format {
        Format::Text => registry::text(global.lang),
        Format::Md => registry::markdown(global.lang),
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(EXIT_OK)
}
