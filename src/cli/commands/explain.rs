//! `liucheng explain CODE`: print one rule's documentation, in Chinese or (`--lang en`) English.

use crate::check::registry;
use crate::cli::{EXIT_OK, EXIT_USAGE, Global};
use crate::diag::{Lang, did_you_mean};
use std::io::Write;

/// Arguments of `explain`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// 规则代码（如 S005）或规则名称（如 dead-end、死锁）/ a rule code or name
    pub code: String,
}

/// Run `explain`.
pub fn run(global: &Global, args: Args) -> std::io::Result<u8> {
    match registry::find(&args.code) {
        Some(rule) => {
            std::io::stdout()
                .lock()
                .write_all(registry::explain(rule, global.lang).as_bytes())?;
            Ok(EXIT_OK)
        }
        None => {
            // A mistyped code (`s01`) or a mistyped name (`dead-edn`, `死琐`). Names are
            // only guessed from two characters (Chinese) or three (English) up: any name
            // contains a lone `e`.
            let code = args.code.trim().to_ascii_uppercase();
            let name = args.code.trim().to_ascii_lowercase();
            let long_enough = |min: usize| name.chars().count() >= min;
            let guess = did_you_mean(&code, registry::RULES.iter().map(|r| r.code))
                .or_else(|| {
                    long_enough(3)
                        .then(|| did_you_mean(&name, registry::RULES.iter().map(|r| r.name)))
                        .flatten()
                })
                .or_else(|| {
                    long_enough(2)
                        .then(|| did_you_mean(&name, registry::RULES.iter().map(|r| r.zh)))
                        .flatten()
                });
            let msg = match (global.lang, guess) {
                (Lang::Zh, Some(g)) => format!("没有规则「{}」；是不是「{g}」？", args.code),
                (Lang::Zh, None) => {
                    format!("没有规则「{}」；用 liucheng rules 查看全部规则", args.code)
                }
                (Lang::En, Some(g)) => format!("no rule `{}`; did you mean `{g}`?", args.code),
                (Lang::En, None) => {
                    format!("no rule `{}`; `liucheng rules` lists them all", args.code)
                }
            };
            eprintln!("{msg}");
            Ok(EXIT_USAGE)
        }
    }
}
