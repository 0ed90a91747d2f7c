//! Running the `liucheng` binary from integration tests, in Chinese whatever the machine's
//! locale.

use std::path::Path;
use std::process::{Command, Output};

/// Run `liucheng ARGS` in the repository root.
pub fn liucheng(args: &[&str]) -> Output {
    liucheng_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// Run `liucheng ARGS` in `dir`, with `LANG=zh_CN.UTF-8` and no `LC_*` override.
pub fn liucheng_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_liucheng"))
        .args(args)
        .current_dir(dir)
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .expect("binary runs")
}

/// Output bytes as text (lossy).
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
