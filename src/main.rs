//! The `liucheng` command: a thin wrapper over [`liucheng::cli::run`].

fn main() -> std::process::ExitCode {
    liucheng::cli::run(std::env::args_os())
}
