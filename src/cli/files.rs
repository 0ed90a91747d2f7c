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
///
/// Symbolic links are followed, but a folder is entered once only (a link back to a folder
/// already walked, such as `loop -> .`, is skipped) and a file found twice (through a link)
/// is listed once, under the first name found. A link found in a folder that points outside
/// the folder's project root is listed as it is, so that [`load`] refuses it (code F006)
/// without reading it.
pub fn collect(paths: &[PathBuf]) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut seen_dirs: Vec<PathBuf> = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| with_path(e, path))?;
        if meta.is_dir() {
            let root = project_root(&absolute(path));
            let root = root.canonicalize().unwrap_or(root);
            walk(path, &root, &mut seen_dirs, &mut out)?;
        } else {
            out.push(path.clone());
        }
    }
    // The same real file under two names is worked on once.
    let mut seen_files: Vec<PathBuf> = Vec::new();
    out.retain(|path| match path.canonicalize() {
        Ok(real) if seen_files.contains(&real) => false,
        Ok(real) => {
            seen_files.push(real);
            true
        }
        Err(_) => true,
    });
    Ok(out)
}

/// [`collect`] for a command: `None`, after saying so, when no flow file was found (the
/// command then stops with [`EXIT_USAGE`](crate::cli::EXIT_USAGE)).
pub fn collect_flows(
    global: &crate::cli::Global,
    paths: &[PathBuf],
) -> io::Result<Option<Vec<PathBuf>>> {
    let found = collect(paths)?;
    if found.is_empty() {
        eprintln!(
            "{}",
            msg!("没有找到 .flow 文件", "no .flow files found").get(global.lang)
        );
        return Ok(None);
    }
    Ok(Some(found))
}

fn walk(
    dir: &Path,
    root: &Path,
    seen: &mut Vec<PathBuf>,
    out: &mut Vec<PathBuf>,
) -> io::Result<()> {
    let real = dir.canonicalize().map_err(|e| with_path(e, dir))?;
    if seen.contains(&real) {
        return Ok(());
    }
    // A folder that really lies outside (given through a link): listed for `load` to refuse,
    // not walked.
    if !real.starts_with(root) {
        out.push(dir.to_path_buf());
        return Ok(());
    }
    seen.push(real);
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
        let is_flow = path.extension().is_some_and(|e| e == "flow");
        let is_link = path.symlink_metadata().is_ok_and(|m| m.is_symlink());
        if is_link {
            match path.canonicalize() {
                // A link out of the project: listed so that `load` refuses it, if it is a
                // folder or a flow file.
                Ok(real) if !real.starts_with(root) => {
                    if is_flow || real.is_dir() {
                        out.push(path);
                    }
                    continue;
                }
                Ok(_) => {}
                // A dangling link (or a loop of links) leads nowhere: nothing to read.
                Err(_) => continue,
            }
        }
        if path.is_dir() {
            walk(&path, root, seen, out)?;
        } else if is_flow {
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

/// How a file's bytes were laid out, so that a rewrite (`fmt`) keeps them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Shape {
    /// The file started with a byte-order mark (UTF-8 `EF BB BF`, or GB18030 `84 31 95 33`).
    pub bom: bool,
    /// Lines end in CR LF (judged by the first line break).
    pub crlf: bool,
    /// The encoding the text was decoded from.
    pub encoding: Encoding,
}

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];
const GB18030_BOM: &[u8] = &[0x84, 0x31, 0x95, 0x33];

impl Shape {
    fn of(bytes: &[u8], encoding: Encoding, text: &str) -> Shape {
        // A UTF-8 BOM wins over `--encoding gbk` (the decoder sniffs it too).
        let (bom, encoding) = if bytes.starts_with(UTF8_BOM) {
            (true, Encoding::Utf8)
        } else {
            (
                encoding == Encoding::Gbk && bytes.starts_with(GB18030_BOM),
                encoding,
            )
        };
        let crlf = text.find('\n').is_some_and(|i| text[..i].ends_with('\r'));
        Shape {
            bom,
            crlf,
            encoding,
        }
    }

    /// `text` (LF line ends) with the line ends of the file that was read: CR LF stays CR LF.
    pub fn line_ends(&self, text: String) -> String {
        if self.crlf {
            text.replace("\r\n", "\n").replace('\n', "\r\n")
        } else {
            text
        }
    }

    /// The bytes of `text` (already in the file's line ends, see [`Shape::line_ends`]) written
    /// with the same BOM and encoding as the file that was read. Fails when a character
    /// cannot be written in the file's encoding (then nothing should be written).
    pub fn encode(&self, text: &str) -> Result<Vec<u8>, Message> {
        match self.encoding {
            Encoding::Utf8 => {
                let mut out = Vec::with_capacity(text.len() + 3);
                if self.bom {
                    out.extend_from_slice(UTF8_BOM);
                }
                out.extend_from_slice(text.as_bytes());
                Ok(out)
            }
            Encoding::Gbk => {
                let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
                let back = crate::source::decode(&bytes, Encoding::Gbk);
                if unmappable || back.as_deref() != Ok(text.trim_start_matches('\u{FEFF}')) {
                    return Err(msg!(
                        "整理后的内容无法按 GBK/GB18030 编码写回",
                        "the formatted text cannot be written back as GBK/GB18030"
                    ));
                }
                let mut out = Vec::with_capacity(bytes.len() + 4);
                if self.bom {
                    out.extend_from_slice(GB18030_BOM);
                }
                out.extend_from_slice(&bytes);
                Ok(out)
            }
        }
    }
}

/// A file read as text, with where it really is and how it was laid out.
#[derive(Debug)]
pub struct FileText {
    /// The decoded text, named as the user wrote the path.
    pub source: Source,
    /// The real path (symbolic links resolved).
    pub real: PathBuf,
    /// BOM, line ends and encoding.
    pub shape: Shape,
}

/// A refused or undecodable file: a source to point into (empty when the file was refused
/// unread) and the diagnostic.
pub type Refused = (Source, Diagnostic);

/// Read a file as text after checking that its real path (symbolic links resolved) lies in
/// the project root `root` (a real path, see [`root_of`]). A file outside
/// is refused unread (code F006), so nothing of it is ever shown. The file must be a regular
/// file (F007) of at most [`MAX_FILE_BYTES`] (F005); encoding problems become a diagnostic
/// (and a lossy source to point into); I/O problems are returned as errors (exit code 2).
pub fn read_checked(
    path: &Path,
    encoding: Encoding,
    root: &Path,
) -> io::Result<Result<FileText, Refused>> {
    let real = path.canonicalize().map_err(|e| with_path(e, path))?;
    if !real.starts_with(root) {
        return Ok(Err(refused_outside(path, &real, root)));
    }
    read_real(path, &real, encoding)
}

fn refused_outside(path: &Path, real: &Path, root: &Path) -> Refused {
    let source = Source::new(display_name(path), "");
    let (real, root) = (real.display(), root.display());
    let diag = Diagnostic::error(
        "F006",
        SourceId(0),
        Span::default(),
        msg!(
            "这个文件实际在项目根目录（{root}）之外（{real}），没有读取",
            "this file really lies outside the project root ({root}), at {real}; it was not read"
        ),
    )
    .with_help(msg!(
        "只检查项目里的文件：删掉指向项目外的符号链接，或把文件复制进项目；需要更大的范围时用 --root 指定项目根目录",
        "only files of the project are read: remove the symbolic link that points outside, or copy the file into the project; pass --root for a wider project"
    ));
    (source, diag)
}

/// What kind of thing a non-regular file is, in words.
fn kind_of(meta: &std::fs::Metadata) -> Message {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return msg!("命名管道（FIFO）", "a named pipe (FIFO)");
        }
        if t.is_socket() {
            return msg!("套接字", "a socket");
        }
        if t.is_char_device() || t.is_block_device() {
            return msg!("设备文件", "a device");
        }
    }
    if meta.is_dir() {
        return msg!("文件夹", "a folder");
    }
    msg!("特殊文件", "a special file")
}

fn refused_special(path: &Path, meta: &std::fs::Metadata) -> Refused {
    let source = Source::new(display_name(path), "");
    let kind = kind_of(meta);
    let (zh, en) = (&kind.zh, &kind.en);
    let diag = Diagnostic::error(
        "F007",
        SourceId(0),
        Span::default(),
        msg!(
            "这不是普通文件，而是{zh}，没有读取",
            "this is not a regular file but {en}; it was not read"
        ),
    )
    .with_help(msg!(
        "流程文件是普通的文本文件：检查路径是否写错，或删掉这个同名的特殊文件",
        "flow files are plain text files: check the path, or remove this special file"
    ));
    (source, diag)
}

fn too_large(path: &Path) -> Refused {
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
    (source, diag)
}

/// Open `real` for reading without ever blocking (a FIFO opened for reading waits for a
/// writer) and check, on the open file, that it is a regular file.
fn open_regular(
    path: &Path,
    real: &Path,
) -> io::Result<Result<(std::fs::File, std::fs::Metadata), Refused>> {
    let meta = std::fs::metadata(real).map_err(|e| with_path(e, path))?;
    if !meta.is_file() {
        return Ok(Err(refused_special(path, &meta)));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(real).map_err(|e| with_path(e, path))?;
    // The file may have been swapped between the look and the open: judge the open file.
    let meta = file.metadata().map_err(|e| with_path(e, path))?;
    if !meta.is_file() {
        return Ok(Err(refused_special(path, &meta)));
    }
    Ok(Ok((file, meta)))
}

/// Read and decode the regular file `real` (shown as `path`), at most [`MAX_FILE_BYTES`].
fn read_real(
    path: &Path,
    real: &Path,
    encoding: Encoding,
) -> io::Result<Result<FileText, Refused>> {
    use std::io::Read;
    let (file, meta) = match open_regular(path, real)? {
        Ok(opened) => opened,
        Err(refused) => return Ok(Err(refused)),
    };
    let len = meta.len();
    if len > MAX_FILE_BYTES {
        return Ok(Err(too_large(path)));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| with_path(e, path))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Ok(Err(too_large(path)));
    }
    let name = display_name(path);
    match crate::source::decode(&bytes, encoding) {
        Ok(text) => {
            let shape = Shape::of(&bytes, encoding, &text);
            Ok(Ok(FileText {
                source: Source::new(name, text),
                real: real.to_path_buf(),
                shape,
            }))
        }
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
    /// The real paths of every file read: the file and its base files (an output must not
    /// overwrite any of them).
    pub inputs: Vec<PathBuf>,
}

impl Loaded {
    /// All diagnostics.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.file_diagnostics
            .iter()
            .chain(self.output.iter().flat_map(|o| o.diagnostics.iter()))
    }
}

/// Read, parse and build one flow file. The file and its base files must really (symbolic
/// links resolved) lie in the project root `root` (a real path, see [`root_of`]).
pub fn load(path: &Path, encoding: Encoding, root: &Path) -> io::Result<Loaded> {
    let mut sources = SourceMap::new();
    match read_checked(path, encoding, root)? {
        Err((source, diag)) => {
            sources.add(source);
            Ok(Loaded {
                sources,
                output: None,
                file_diagnostics: vec![diag],
                inputs: Vec::new(),
            })
        }
        Ok(file) => {
            let real = file.real;
            let id = sources.add(file.source);
            let abs = absolute(path);
            let mut loader = FsLoader {
                root: root.to_path_buf(),
                encoding,
                paths: vec![(sources.get(id).name.clone(), abs)],
                inputs: vec![real],
            };
            let mut output = model::build(&mut sources, id, &mut loader);
            let refs = loader.check_subflow_refs(&output.process, &sources);
            output.diagnostics.extend(refs);
            Ok(Loaded {
                sources,
                output: Some(output),
                file_diagnostics: Vec::new(),
                inputs: loader.inputs,
            })
        }
    }
}

/// Run one file's work inside [`guard`](crate::cli::guard::guard): `Ok(Err(…))` when it
/// failed internally (a panic, a liucheng bug), with what is reported for the file: its text
/// (read again, to point into) and the `F009` diagnostic. `stage` says what was being done
/// (e.g. 检查 / checking); `root` and `encoding` are those the work reads the file with.
pub fn guarded<T>(
    stage: (&str, &str),
    path: &Path,
    root: &Path,
    encoding: Encoding,
    work: impl FnOnce() -> io::Result<T>,
) -> io::Result<Result<T, Loaded>> {
    match crate::cli::guard::guard(stage, work) {
        Ok(done) => done.map(Ok),
        Err(diagnostic) => Ok(Err(internal_error(path, root, encoding, *diagnostic))),
    }
}

fn internal_error(path: &Path, root: &Path, encoding: Encoding, diagnostic: Diagnostic) -> Loaded {
    // Read again the safe way (inside the project root, regular files only, size-capped,
    // never a device or FIFO); a file that cannot be read so is shown without its text.
    let source = match read_checked(path, encoding, root) {
        Ok(Ok(file)) => file.source,
        Ok(Err((source, _))) => source,
        Err(_) => Source::new(display_name(path), ""),
    };
    let mut sources = SourceMap::new();
    sources.add(source);
    Loaded {
        sources,
        output: None,
        file_diagnostics: vec![diagnostic],
        inputs: Vec::new(),
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

/// The project root of a file or folder (absolute, as written): the nearest folder above it
/// holding `liucheng.toml` or `.git`, else the file's own folder (for a folder: the folder
/// itself). The working directory plays no part: run from `/`, a flow in `/tmp` may not
/// reach `/etc`. A file found in a folder named on the command line uses that folder instead
/// of its own when no marker is found ([`root_of`]).
pub fn project_root(file: &Path) -> PathBuf {
    if let Some(root) = marker_root(file) {
        return root;
    }
    if file.is_dir() {
        return file.to_path_buf();
    }
    file.parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| absolute(Path::new(".")))
}

/// The nearest folder at or above `path` holding `liucheng.toml` or `.git`.
fn marker_root(path: &Path) -> Option<PathBuf> {
    let mut dir = if path.is_dir() {
        Some(path)
    } else {
        path.parent()
    };
    while let Some(d) = dir {
        if d.join(crate::check::settings::FILE_NAME).exists() || d.join(".git").exists() {
            return Some(d.to_path_buf());
        }
        dir = d.parent();
    }
    None
}

/// The project root for `file`, one of the files [`collect`] found for the command-line
/// arguments `given`, as a real path (symbolic links resolved): `--root` (`explicit`) when
/// given; else the nearest folder above the file holding `liucheng.toml` or `.git`; else the
/// folder argument it was found in, so that `check 项目` lets `项目/a/x.flow` be based on
/// `项目/b/base.flow`; else the file's own folder.
pub fn root_of(explicit: Option<&Path>, given: &[PathBuf], file: &Path) -> io::Result<PathBuf> {
    let file = absolute(file);
    let root = match explicit {
        Some(root) => root.to_path_buf(),
        None => marker_root(&file)
            .or_else(|| {
                given
                    .iter()
                    .map(|g| absolute(g))
                    .find(|g| g.is_dir() && file.starts_with(g))
            })
            .unwrap_or_else(|| project_root(&file)),
    };
    root.canonicalize().map_err(|e| with_path(e, &root))
}

impl FsLoader {
    /// The absolute path of the file behind a source name.
    fn path_of(&self, name: &str) -> Option<&Path> {
        self.paths
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, p)| p.as_path())
    }

    /// Resolve `path` as written in `from`, refusing anything whose real path (symbolic links
    /// resolved) lies outside the project root. Returns the path as written (absolute) and
    /// the real path.
    fn resolve(&self, from: &str, path: &str) -> Result<(PathBuf, PathBuf), Message> {
        let from_path = self
            .path_of(from)
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let target = absolute(&from_path.parent().unwrap_or(Path::new(".")).join(path));
        let root = self.root.display().to_string();
        let outside = || {
            msg!(
                "「{path}」在项目根目录（{root}）之外，不能引用（项目根目录是向上第一个含有 liucheng.toml 或 .git 的文件夹；要扩大范围，在项目最上层放一个 liucheng.toml）",
                "`{path}` lies outside the project root ({root}) and cannot be used (the root is the nearest folder above holding liucheng.toml or .git; to widen it, put a liucheng.toml at the top of the project)"
            )
        };
        let Ok(real) = target.canonicalize() else {
            // Say "outside" before "missing": whether a file exists outside is not our business.
            let folder = target.parent().and_then(|p| p.canonicalize().ok());
            if !folder.is_some_and(|f| f.starts_with(&self.root)) {
                return Err(outside());
            }
            let shown = display_name(&target);
            return Err(msg!("找不到文件「{shown}」", "file `{shown}` not found"));
        };
        if !real.starts_with(&self.root) {
            let folder = target.parent().and_then(|p| p.canonicalize().ok());
            if folder.is_some_and(|f| f.starts_with(&self.root)) {
                return Err(msg!(
                    "「{path}」是指向项目根目录（{root}）之外的符号链接，不能引用",
                    "`{path}` is a symbolic link to a place outside the project root ({root}) and cannot be used"
                ));
            }
            return Err(outside());
        }
        if !real.is_file() {
            let shown = display_name(&target);
            return Err(msg!(
                "「{shown}」不是普通文件",
                "`{shown}` is not a regular file"
            ));
        }
        Ok((target, real))
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
    /// The real project root.
    root: PathBuf,
    encoding: Encoding,
    /// Display name → absolute path (as written) of every source loaded so far.
    paths: Vec<(String, PathBuf)>,
    /// Real paths of every file read.
    inputs: Vec<PathBuf>,
}

impl Loader for FsLoader {
    fn load(&mut self, from: &Source, path: &str) -> Result<Source, Message> {
        let (target, real) = self.resolve(&from.name, path)?;
        let source = match read_real(&target, &real, self.encoding) {
            Ok(Ok(file)) => file.source,
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
        self.inputs.push(real);
        Ok(source)
    }
}

/// The file a write to `path` lands in: `path` itself, or the target of the symbolic link
/// `path` (the link stays a link).
fn write_target(path: &Path) -> io::Result<PathBuf> {
    let is_link = path.symlink_metadata().is_ok_and(|m| m.is_symlink());
    if !is_link {
        return Ok(path.to_path_buf());
    }
    match path.canonicalize() {
        Ok(real) => Ok(real),
        // A dangling link: write the file it names.
        Err(_) => {
            let link = std::fs::read_link(path).map_err(|e| with_path(e, path))?;
            Ok(folder_of(path).join(link))
        }
    }
}

fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The prefix of our temporary files for `name`: `.NAME.liucheng-` (then random, `.tmp`).
fn temp_prefix(name: &str) -> String {
    format!(".{name}.liucheng-")
}

/// Remove what a crashed earlier run left beside `target`: our temporary files for it
/// (`.NAME.liucheng-XXXXXX.tmp`, and `.NAME.PID.tmp` of versions before 0.2). A run writing
/// the same file at this very moment loses its temporary file and fails; its target is
/// left as it was.
fn clean_debris(target: &Path) {
    let Some(name) = target.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(folder_of(target)) else {
        return;
    };
    let prefix = temp_prefix(name);
    let old_prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(n) = file_name.to_str() else {
            continue;
        };
        let ours = n.strip_suffix(".tmp").is_some_and(|stem| {
            stem.starts_with(&prefix)
                || stem
                    .strip_prefix(&old_prefix)
                    .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        });
        if ours && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A temporary file beside `target`, created with the target's permissions (so that even a
/// crash never leaves its content readable by more people than the target's), holding
/// `bytes`, synced.
fn temp_beside(
    target: &Path,
    meta: Option<&std::fs::Metadata>,
    bytes: &[u8],
) -> io::Result<tempfile::NamedTempFile> {
    use std::io::Write;
    clean_debris(target);
    let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let prefix = temp_prefix(name);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // A new file gets the usual 0666 less the umask; an existing one keeps its mode.
        let mode = meta.map_or(0o666, |m| m.permissions().mode() & 0o7777);
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let mut file = builder
        .tempfile_in(folder_of(target))
        .map_err(|e| with_path(e, target))?;
    file.write_all(bytes)?;
    if let Some(meta) = meta {
        // The umask may have cleared bits at creation.
        file.as_file().set_permissions(meta.permissions())?;
    }
    file.as_file().sync_all()?;
    Ok(file)
}

/// Give the temporary file the owner and group of the file it replaces. Fails when the
/// system does not allow it (a file of another user).
#[cfg(unix)]
fn same_owner(file: &std::fs::File, meta: &std::fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let now = file.metadata()?;
    if now.uid() == meta.uid() && now.gid() == meta.gid() {
        return Ok(());
    }
    std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()))
}

/// Overwrite the content of `target` in place (same inode: hard links, owner and mode stay).
fn write_in_place(target: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(target)
        .map_err(|e| with_path(e, target))?;
    file.write_all(bytes)?;
    file.set_len(bytes.len() as u64)?;
    file.sync_all()
}

/// Whether `path` (through a symbolic link: its target) exists and is read-only.
pub fn is_read_only(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly())
}

/// Whether `output` is one of `inputs` (real paths of files read): the same file by real
/// path, or (Unix) the same device and inode, as a hard link is.
pub fn is_an_input(output: &Path, inputs: &[PathBuf]) -> bool {
    let Ok(real) = write_target(output).and_then(|t| t.canonicalize()) else {
        return false;
    };
    if inputs.contains(&real) {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(out) = std::fs::metadata(&real) {
            return inputs.iter().any(|i| {
                std::fs::metadata(i).is_ok_and(|m| m.dev() == out.dev() && m.ino() == out.ino())
            });
        }
    }
    false
}

/// Replace the content of the file at `path` with `bytes`, losing nothing of the file: a
/// symbolic link is written through (the link stays), and mode, owner and group are kept.
///
/// The new content goes to a temporary file in the same folder, created with the file's
/// mode, which is then renamed over the file: a reader never sees a half-written file and a
/// crash leaves the old file intact (and a temporary file that the next write removes). A
/// file with several hard links, or one whose owner the new file could not be given (a
/// file of another user), is instead overwritten in place, as editors do: the links and the
/// owner stay, but that write is not atomic.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = write_target(path)?;
    let meta = std::fs::metadata(&target).ok();
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.as_ref().is_some_and(|m| m.is_file() && m.nlink() > 1) {
            return write_in_place(&target, bytes);
        }
    }
    let file = temp_beside(&target, meta.as_ref(), bytes)?;
    #[cfg(unix)]
    if let Some(meta) = &meta
        && same_owner(file.as_file(), meta).is_err()
    {
        drop(file);
        return write_in_place(&target, bytes);
    }
    file.persist(&target)
        .map_err(|e| with_path(e.error, &target))?;
    Ok(())
}

/// A write prepared by [`stage`]: the content is in a temporary file beside its target.
pub struct Staged {
    file: tempfile::NamedTempFile,
    target: PathBuf,
}

/// Prepare writing `bytes` to `path` (see [`write_atomic`]; always by rename, keeping the
/// mode and, where allowed, the owner). Nothing is replaced until [`commit`].
pub fn stage(path: &Path, bytes: &[u8]) -> io::Result<Staged> {
    let target = write_target(path)?;
    let meta = std::fs::metadata(&target).ok();
    let file = temp_beside(&target, meta.as_ref(), bytes)?;
    #[cfg(unix)]
    if let Some(meta) = &meta {
        let _ = same_owner(file.as_file(), meta);
    }
    Ok(Staged { file, target })
}

/// Replace every staged target by its new content, one rename each, only after all of them
/// were written: the outputs of one flow change together (if the machine stops between two
/// renames, the rest stay as temporary files that the next run removes).
pub fn commit(staged: Vec<Staged>) -> io::Result<()> {
    // A rename over a folder would fail half-way: refuse before replacing anything.
    if let Some(s) = staged.iter().find(|s| s.target.is_dir()) {
        return Err(with_path(
            io::Error::new(io::ErrorKind::IsADirectory, "is a folder"),
            &s.target,
        ));
    }
    for s in staged {
        let target = s.target;
        s.file
            .persist(&target)
            .map_err(|e| with_path(e.error, &target))?;
    }
    Ok(())
}

/// A `liucheng.toml` that cannot be used: the file (to point into) and the diagnostic.
pub struct ConfigProblem {
    /// The configuration file as a source.
    pub sources: SourceMap,
    /// What is wrong, where, and how to fix it (code F008).
    pub diagnostic: Diagnostic,
}

impl ConfigProblem {
    /// Print the problem as the human report does; the command then stops with
    /// [`EXIT_USAGE`](crate::cli::EXIT_USAGE), which this returns.
    pub fn stop(&self, global: &crate::cli::Global) -> u8 {
        crate::cli::report::eprint(global, &self.sources, vec![&self.diagnostic]);
        crate::cli::EXIT_USAGE
    }
}

/// The validator settings of each flow file in `paths` (same order): from the nearest
/// `liucheng.toml` in its folder or above, or the defaults when there is none. Every command
/// (`check`, `render`, `fmt`, `export`) calls this once, before any work, so each
/// configuration file is read and validated once and the same way; a broken one stops the
/// command (code F008, exit 2), located in the file and in both languages.
pub fn settings_for(
    paths: &[PathBuf],
) -> Result<Vec<std::rc::Rc<crate::check::Settings>>, Box<ConfigProblem>> {
    use crate::check::Settings;
    use std::rc::Rc;
    let mut read: Vec<(Option<PathBuf>, Rc<Settings>)> = Vec::new();
    let mut out = Vec::with_capacity(paths.len());
    for path in paths {
        let config = crate::check::settings::discover(&absolute(path));
        let settings = match read.iter().find(|(p, _)| *p == config) {
            Some((_, s)) => Rc::clone(s),
            None => {
                let s = Rc::new(match &config {
                    None => Settings::default(),
                    Some(file) => read_config(file)?,
                });
                read.push((config, Rc::clone(&s)));
                s
            }
        };
        out.push(settings);
    }
    Ok(out)
}

fn read_config(file: &Path) -> Result<crate::check::Settings, Box<ConfigProblem>> {
    let mut sources = SourceMap::new();
    let fail = |sources: SourceMap, err: crate::check::settings::ConfigError| {
        let span = err
            .span
            .map_or(Span::default(), |r| Span::new(r.start, r.end));
        Box::new(ConfigProblem {
            sources,
            diagnostic: Diagnostic::error("F008", SourceId(0), span, err.message)
                .with_help(err.help),
        })
    };
    // A link to a file elsewhere (`liucheng.toml -> /etc/passwd`) is refused unread: its
    // lines would be shown in the error. The configuration's own folder is its root.
    let folder = folder_of(file);
    let read = folder
        .canonicalize()
        .map_err(|e| with_path(e, folder))
        .and_then(|root| read_checked(file, Encoding::Utf8, &root));
    let text = match read {
        Ok(Ok(file)) => file.source,
        Ok(Err((source, diag))) => {
            sources.add(source);
            return Err(Box::new(ConfigProblem {
                sources,
                diagnostic: diag,
            }));
        }
        Err(e) => {
            sources.add(Source::new(display_name(file), ""));
            return Err(fail(
                sources,
                crate::check::settings::ConfigError {
                    message: msg!(
                        "无法读取配置文件：{e}",
                        "cannot read the configuration: {e}"
                    ),
                    help: msg!(
                        "检查 liucheng.toml 的读取权限",
                        "check that liucheng.toml can be read"
                    ),
                    span: None,
                },
            ));
        }
    };
    let id = sources.add(text);
    match crate::check::Settings::from_text(&sources.get(id).text) {
        Ok(settings) => Ok(settings),
        Err(err) => Err(fail(sources, err)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn staged_outputs_change_together_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let (svg, png) = (dir.path().join("x.svg"), dir.path().join("x.png"));
        std::fs::write(&svg, "old svg").unwrap();
        std::fs::write(&png, "old png").unwrap();
        // A render that fails after the SVG was made: nothing is replaced, nothing is left.
        let staged = vec![stage(&svg, b"new svg").unwrap()];
        drop(staged);
        assert_eq!(std::fs::read_to_string(&svg).unwrap(), "old svg");
        assert_eq!(names(dir.path()), ["x.png", "x.svg"]);
        // Both made: both replaced.
        let staged = vec![
            stage(&svg, b"new svg").unwrap(),
            stage(&png, b"new png").unwrap(),
        ];
        assert_eq!(std::fs::read_to_string(&png).unwrap(), "old png");
        commit(staged).unwrap();
        assert_eq!(std::fs::read_to_string(&svg).unwrap(), "new svg");
        assert_eq!(std::fs::read_to_string(&png).unwrap(), "new png");
        assert_eq!(names(dir.path()), ["x.png", "x.svg"]);
    }

    #[cfg(unix)]
    #[test]
    fn the_temporary_file_has_the_target_mode_from_the_start() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("x.flow");
        std::fs::write(&target, "old").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
        let meta = std::fs::metadata(&target).unwrap();
        let temp = temp_beside(&target, Some(&meta), b"new").unwrap();
        let name = temp
            .path()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(
            name.starts_with(".x.flow.liucheng-") && name.ends_with(".tmp"),
            "{name}"
        );
        let mode = std::fs::metadata(temp.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        // What a killed run leaves is recognised and removed by the next write.
        temp.keep().unwrap();
        write_atomic(&target, b"newer").unwrap();
        assert_eq!(names(dir.path()), ["x.flow"]);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "newer");
    }

    #[test]
    fn shapes_round_trip() {
        let crlf = Shape {
            bom: true,
            crlf: true,
            encoding: Encoding::Utf8,
        };
        let text = crlf.line_ends("a\nb\n".to_owned());
        assert_eq!(crlf.encode(&text).unwrap(), b"\xEF\xBB\xBFa\r\nb\r\n");
        let bytes = "流程 甲\r\n".as_bytes();
        assert_eq!(
            Shape::of(bytes, Encoding::Utf8, "流程 甲\r\n"),
            Shape {
                bom: false,
                crlf: true,
                encoding: Encoding::Utf8
            }
        );
        let gbk = Shape {
            bom: false,
            crlf: false,
            encoding: Encoding::Gbk,
        };
        let (expected, _, _) = encoding_rs::GBK.encode("流程 收文 → 办理\n");
        assert_eq!(gbk.encode("流程 收文 → 办理\n").unwrap(), expected.as_ref());
    }
}
