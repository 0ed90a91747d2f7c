//! The flows of a folder, loaded as `liucheng check` loads them (project root, base files),
//! for the examples that measure the standard library.

use liucheng::model::Process;
use std::path::Path;

/// (file stem, process) of every flow under `dir` that could be read, in `collect` order.
pub fn load_flows(dir: &Path) -> Vec<(String, Process)> {
    let paths = liucheng::cli::files::collect(&[dir.to_path_buf()]).expect("flows folder");
    paths
        .iter()
        .filter_map(|path| {
            let root = liucheng::cli::files::root_of(None, &[], path).expect("root");
            let loaded = liucheng::cli::files::load(path, Default::default(), &root).expect("load");
            let name = path.file_stem().unwrap_or_default().to_string_lossy();
            Some((name.into_owned(), loaded.output?.process))
        })
        .collect()
}
