//! Files: finding `.flow` files, reading and decoding them, loading base files safely, and
//! writing outputs atomically.

use crate::diag::{Diagnostic, Message};
use crate::model::{self, BuildOutput, Loader};
use crate::msg;
use crate::source::{DecodeError, Encoding, Source, SourceId, SourceMap, Span};
use std::io;
use std::path::{Component, Path, PathBuf};

/// Largest flow file read (a flow of 10,000 steps is about 1 MB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Expand the PATH arguments: files as given, directories searched (sorted) for `*.flow`.
pub fn collect(paths: &[PathBuf]) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| with_path(e, path))?;
        if meta.is_dir() {
            walk(path, &mut out)?;
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| with_path(e, dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || name == "target" {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "flow") {
            out.push(path);
        }
    }
    Ok(())
}

fn with_path(err: io::Error, path: &Path) -> io::Error {
    io::Error::new(err.kind(), format!("{}: {err}", path.display()))
}

/// A path as shown to people: relative to the working directory when below it, `/` separated.
pub fn display_name(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let shown = cwd
        .as_deref()
        .and_then(|cwd| path.strip_prefix(cwd).ok())
        .unwrap_or(path);
    shown.to_string_lossy().replace('\\', "/")
}

/// Read a file as text. Encoding problems become a diagnostic (and a lossy source to point
/// into); I/O problems are returned as errors (exit code 2).
pub fn read_source(
    path: &Path,
    encoding: Encoding,
) -> io::Result<Result<Source, (Source, Diagnostic)>> {
    let meta = std::fs::metadata(path).map_err(|e| with_path(e, path))?;
    if meta.len() > MAX_FILE_BYTES {
        let source = Source::new(display_name(path), "");
        let mb = MAX_FILE_BYTES / 1024 / 1024;
        let diag = Diagnostic::error(
            "F005",
            SourceId(0),
            Span::default(),
            msg!(
                "文件太大（超过 {mb} MB），不像是流程文件",
                "the file is larger than {mb} MB: not a flow file"
            ),
        )
        .with_help(msg!(
            "检查路径是否写错；一个流程文件通常只有几 KB",
            "check the path; a flow file is usually a few KB"
        ));
        return Ok(Err((source, diag)));
    }
    let bytes = std::fs::read(path).map_err(|e| with_path(e, path))?;
    let name = display_name(path);
    match crate::source::decode(&bytes, encoding) {
        Ok(text) => Ok(Ok(Source::new(name, text))),
        Err(err) => {
            let lossy = String::from_utf8_lossy(&bytes).replace('\0', "\u{FFFD}");
            let source = Source::new(name, lossy);
            let (offset, code, message, help) = decode_message(&err);
            // Point at the character that holds the bad byte in the lossy text.
            let at = lossy_offset(&bytes, offset);
            let diag =
                Diagnostic::error(code, SourceId(0), Span::new(at, at), message).with_help(help);
            Ok(Err((source, diag)))
        }
    }
}

fn lossy_offset(bytes: &[u8], offset: usize) -> usize {
    String::from_utf8_lossy(&bytes[..offset.min(bytes.len())]).len()
}

fn decode_message(err: &DecodeError) -> (usize, &'static str, Message, Message) {
    match *err {
        DecodeError::LooksLikeGbk { offset } => (
            offset,
            "F001",
            msg!(
                "文件是 GBK/GB18030 编码（Windows 记事本或 WPS 常用），不是 UTF-8",
                "the file is encoded in GBK/GB18030 (as Windows Notepad or WPS save it), not UTF-8"
            ),
            msg!(
                "用记事本「另存为」时把编码选成 UTF-8；或者运行时加上 --encoding gbk",
                "save it as UTF-8 (Notepad: Save As → Encoding: UTF-8), or pass --encoding gbk"
            ),
        ),
        DecodeError::Utf16 => (
            0,
            "F003",
            msg!(
                "文件是 UTF-16 编码，不是 UTF-8",
                "the file is encoded in UTF-16, not UTF-8"
            ),
            msg!(
                "用记事本「另存为」时把编码选成 UTF-8",
                "save it as UTF-8 (Notepad: Save As → Encoding: UTF-8)"
            ),
        ),
        DecodeError::Binary { offset } => (
            offset,
            "F002",
            msg!(
                "这不是文本文件（含有二进制数据）",
                "this is not a text file (it holds binary data)"
            ),
            msg!(
                "流程文件是纯文本：检查路径是否写错，或用文本编辑器重新保存",
                "flow files are plain text: check the path, or save it again from a text editor"
            ),
        ),
        DecodeError::Invalid { offset } => (
            offset,
            "F004",
            msg!(
                "文件里有不属于 GBK 编码的字节",
                "the file holds bytes that are not valid GBK"
            ),
            msg!(
                "去掉 --encoding gbk 再试；如果文件是 UTF-8，就不需要这个选项",
                "try without --encoding gbk; UTF-8 files do not need it"
            ),
        ),
    }
}

/// Everything known about one checked file.
pub struct Loaded {
    /// The file and its base files.
    pub sources: SourceMap,
    /// The process and the syntax and model diagnostics; `None` when the file could not be decoded.
    pub output: Option<BuildOutput>,
    /// Encoding diagnostics (the file could not be read as text).
    pub file_diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// All diagnostics.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.file_diagnostics
            .iter()
            .chain(self.output.iter().flat_map(|o| o.diagnostics.iter()))
    }
}

/// Read, parse and build one flow file.
pub fn load(path: &Path, encoding: Encoding, root: Option<&Path>) -> io::Result<Loaded> {
    let mut sources = SourceMap::new();
    match read_source(path, encoding)? {
        Err((source, diag)) => {
            sources.add(source);
            Ok(Loaded {
                sources,
                output: None,
                file_diagnostics: vec![diag],
            })
        }
        Ok(source) => {
            let id = sources.add(source);
            let abs = absolute(path);
            let root = match root {
                Some(r) => absolute(r),
                None => project_root(&abs),
            };
            let mut loader = FsLoader {
                root,
                encoding,
                paths: vec![(sources.get(id).name.clone(), abs)],
            };
            let mut output = model::build(&mut sources, id, &mut loader);
            let refs = loader.check_subflow_refs(&output.process, &sources);
            output.diagnostics.extend(refs);
            Ok(Loaded {
                sources,
                output: Some(output),
                file_diagnostics: Vec::new(),
            })
        }
    }
}

/// What is reported for a file whose processing failed internally (a panic, see
/// [`crate::cli::guard`]): its text (read again, lossily, to point into) and the `F009`
/// diagnostic.
pub fn internal_error(path: &Path, diagnostic: Diagnostic) -> Loaded {
    let text = std::fs::read(path)
        .ok()
        .filter(|b| b.len() as u64 <= MAX_FILE_BYTES)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let mut sources = SourceMap::new();
    sources.add(Source::new(display_name(path), text));
    Loaded {
        sources,
        output: None,
        file_diagnostics: vec![diagnostic],
    }
}

/// A lexically normalised absolute path (no symlink resolution, so it works for missing files).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The project root of a file: the nearest folder above it holding `liucheng.toml` or `.git`,
/// else the working directory if the file is below it, else the file's own folder.
pub fn project_root(file: &Path) -> PathBuf {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d.join("liucheng.toml").exists() || d.join(".git").exists() {
            return d.to_path_buf();
        }
        dir = d.parent();
    }
    let cwd = absolute(Path::new("."));
    if file.starts_with(&cwd) {
        cwd
    } else {
        file.parent().map(Path::to_path_buf).unwrap_or(cwd)
    }
}

impl FsLoader {
    /// The absolute path of the file behind a source name.
    fn path_of(&self, name: &str) -> Option<&Path> {
        self.paths
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, p)| p.as_path())
    }

    /// Resolve `path` as written in `from`, refusing anything outside the project root.
    fn resolve(&self, from: &str, path: &str) -> Result<PathBuf, Message> {
        let from_path = self
            .path_of(from)
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let target = absolute(&from_path.parent().unwrap_or(Path::new(".")).join(path));
        if !target.starts_with(&self.root) {
            let root = self.root.display().to_string();
            return Err(msg!(
                "「{path}」在项目根目录（{root}）之外，不能引用",
                "`{path}` lies outside the project root ({root}) and cannot be used"
            ));
        }
        if !target.is_file() {
            let shown = display_name(&target);
            return Err(msg!("找不到文件「{shown}」", "file `{shown}` not found"));
        }
        Ok(target)
    }

    /// `引用` of every 子流程 must name an existing flow file inside the project (code M012).
    fn check_subflow_refs(
        &self,
        process: &crate::model::Process,
        sources: &SourceMap,
    ) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        for (_, node) in process.nodes() {
            let Some(reference) = &node.subflow else {
                continue;
            };
            let from = &sources.get(node.loc.source).name;
            if let Err(message) = self.resolve(from, reference) {
                let n = &node.name;
                diags.push(
                    Diagnostic::error("M012", node.loc.source, node.loc.span, message).with_help(msg!(
                        "子流程「{n}」的「引用」要写成相对于本文件的路径，例如「引用：../办文/发文办理.flow」",
                        "the `引用` of sub-flow `{n}` is a path relative to this file, e.g. `引用：../办文/发文办理.flow`"
                    )),
                );
            }
        }
        diags
    }
}

/// Loads `基于` files relative to the including file, never outside the project root.
struct FsLoader {
    root: PathBuf,
    encoding: Encoding,
    /// Display name → absolute path of every source loaded so far.
    paths: Vec<(String, PathBuf)>,
}

impl Loader for FsLoader {
    fn load(&mut self, from: &Source, path: &str) -> Result<Source, Message> {
        let target = self.resolve(&from.name, path)?;
        let source = match read_source(&target, self.encoding) {
            Ok(Ok(source)) => source,
            Ok(Err((_, diag))) => {
                let shown = display_name(&target);
                let (zh, en) = (&diag.message.zh, &diag.message.en);
                return Err(msg!(
                    "无法读取「{shown}」：{zh}",
                    "cannot read `{shown}`: {en}"
                ));
            }
            Err(err) => {
                return Err(msg!(
                    "无法读取基础流程文件：{err}",
                    "cannot read the base flow file: {err}"
                ));
            }
        };
        self.paths.push((source.name.clone(), target));
        Ok(source)
    }
}

/// Write `bytes` to `path` through a temporary file in the same folder and a rename, so a
/// reader never sees a half-written file and a crash leaves the old file intact.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(|e| with_path(e, path))
}
