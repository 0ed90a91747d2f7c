//! Files as a hostile or careless user hands them over: links out of the project, devices,
//! FIFOs, link loops, outputs over inputs, and rewrites that must lose nothing (line ends,
//! BOM, encoding, mode, owner, links). Also: `liucheng.toml` errors, located and bilingual,
//! for every command.

#[allow(dead_code)]
mod common;

use common::{liucheng_in, text};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const FLOW: &str = "流程 测试\n开始\n结束\n开始 → 结束\n";
const MESSY: &str = "流程:测试\n开始\n结束\n开始->结束\n";
/// A line no flow contains; it must never be printed.
const SECRET: &str = "geheim:x:0:0:SECRET-USER-NAME:/root:/bin/bash\n";

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("liucheng.toml"), "").unwrap();
    dir
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Run `liucheng ARGS` in `dir`, killed after `secs` seconds (`None` then).
fn liucheng_within(dir: &Path, args: &[&str], secs: u64) -> Option<Output> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_liucheng"))
        .args(args)
        .current_dir(dir)
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(secs) {
        if child.try_wait().unwrap().is_some() {
            return Some(child.wait_with_output().unwrap());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

fn all_output(out: &Output) -> String {
    format!("{}{}", text(&out.stdout), text(&out.stderr))
}

/// The names in folder `dir`, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
fn symlink(target: impl AsRef<Path>, link: impl AsRef<Path>) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[cfg(unix)]
#[test]
fn links_out_of_the_project_are_refused_and_never_shown() {
    let outside = tempfile::tempdir().unwrap();
    let secret = write(outside.path(), "passwd", SECRET.repeat(5));
    write(outside.path(), "flows/外面.flow", SECRET);
    let dir = project();
    symlink(&secret, dir.path().join("pw.flow"));
    symlink(outside.path().join("flows"), dir.path().join("外部"));
    write(dir.path(), "基于.flow", format!("基于 “pw.flow”\n{FLOW}"));
    write(
        dir.path(),
        "引用.flow",
        "流程 测试\n开始\n子流程 办理\n  引用：pw.flow\n结束\n开始 → 办理 → 结束\n",
    );
    for format in ["human", "json", "sarif"] {
        let out = liucheng_in(dir.path(), &["check", "--format", format, "."]);
        assert_eq!(out.status.code(), Some(1), "{}", all_output(&out));
        let shown = all_output(&out);
        for leak in ["geheim", "SECRET-USER-NAME", "/bin/bash"] {
            assert!(!shown.contains(leak), "{format} leaks `{leak}`:\n{shown}");
        }
        for code in ["F006", "M005", "M012"] {
            assert!(shown.contains(code), "{format}: {code} missing:\n{shown}");
        }
    }
    // Given by name: the same.
    let out = liucheng_in(dir.path(), &["check", "pw.flow"]);
    assert_eq!(out.status.code(), Some(1));
    let shown = all_output(&out);
    assert!(
        shown.contains("错误[F006]") && shown.contains("pw.flow:1:1"),
        "{shown}"
    );
    assert!(!shown.contains("geheim"), "{shown}");
    // The linked folder is refused, not walked.
    let out = liucheng_in(dir.path(), &["check", "--format", "json", "外部"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["diagnostics"][0]["code"], "F006", "{json}");
    assert!(!all_output(&out).contains("geheim"));
}

#[test]
fn without_a_marker_the_root_is_the_folder_of_the_file_not_the_working_directory() {
    let top = tempfile::tempdir().unwrap();
    write(top.path(), "其他/基础.flow", FLOW);
    write(
        top.path(),
        "项目/改编.flow",
        "基于 “../其他/基础.flow”\n流程 改编\n",
    );
    // Run from the folder above both: the working directory must not widen the root.
    let out = liucheng_in(top.path(), &["check", "项目/改编.flow"]);
    assert_eq!(out.status.code(), Some(1), "{}", all_output(&out));
    let shown = text(&out.stderr);
    assert!(shown.contains("错误[M005]"), "{shown}");
    assert!(shown.contains("项目根目录"), "{shown}");
    // An absolute path is refused the same way.
    write(
        top.path(),
        "项目/绝对.flow",
        "基于 “/etc/passwd”\n流程 测试\n",
    );
    let out = liucheng_in(
        Path::new("/"),
        &["check", top.path().join("项目/绝对.flow").to_str().unwrap()],
    );
    let shown = all_output(&out);
    assert!(shown.contains("错误[M005]"), "{shown}");
    assert!(!shown.contains("root:x:0"), "{shown}");
    // A marker widens it: then the base is found.
    write(top.path(), "liucheng.toml", "");
    let out = liucheng_in(top.path(), &["check", "项目/改编.flow"]);
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
}

#[test]
fn without_a_marker_a_folder_given_is_the_root_of_the_files_found_in_it() {
    let top = tempfile::tempdir().unwrap();
    write(top.path(), "单位/其他/基础.flow", FLOW);
    write(
        top.path(),
        "单位/项目/改编.flow",
        "基于 “../其他/基础.flow”\n流程 改编\n",
    );
    write(top.path(), "外面/秘密.flow", SECRET);
    // The folder named on the command line holds both files: the base is found.
    let out = liucheng_in(top.path(), &["check", "单位"]);
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    // The file named alone: its own folder is the root, the base is outside.
    let out = liucheng_in(top.path(), &["check", "单位/项目/改编.flow"]);
    assert!(
        all_output(&out).contains("错误[M005]"),
        "{}",
        all_output(&out)
    );
    // Nothing above the folder given is reachable from inside it.
    write(
        top.path(),
        "单位/偷看.flow",
        "基于 “../外面/秘密.flow”\n流程 偷看\n",
    );
    let out = liucheng_in(top.path(), &["check", "单位"]);
    let shown = all_output(&out);
    assert!(shown.contains("错误[M005]"), "{shown}");
    assert!(!shown.contains("SECRET-USER-NAME"), "{shown}");
}

#[cfg(unix)]
#[test]
fn a_device_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let out = liucheng_within(dir.path(), &["check", "/dev/zero"], 20)
        .expect("check /dev/zero must not read for ever");
    assert_eq!(out.status.code(), Some(1));
    let shown = text(&out.stderr);
    assert!(shown.contains("错误[F007]"), "{shown}");
    assert!(shown.contains("设备文件"), "{shown}");
}

#[cfg(unix)]
#[test]
fn a_fifo_named_flow_does_not_block_a_folder_check() {
    let dir = project();
    write(dir.path(), "好.flow", FLOW);
    let status = Command::new("mkfifo")
        .arg(dir.path().join("a.flow"))
        .status()
        .unwrap();
    assert!(status.success());
    // Also as a base file.
    write(dir.path(), "改编.flow", "基于 “a.flow”\n流程 改编\n");
    let out = liucheng_within(dir.path(), &["check", "."], 20).expect("check . must not block");
    assert_eq!(out.status.code(), Some(1));
    let shown = text(&out.stderr);
    assert!(shown.contains("错误[F007]"), "{shown}");
    assert!(shown.contains("命名管道"), "{shown}");
    assert!(shown.contains("错误[M005]"), "{shown}");
    assert!(shown.contains("不是普通文件"), "{shown}");
    assert!(shown.contains("检查了 3 个文件"), "{shown}");
}

#[cfg(unix)]
#[test]
fn a_link_loop_checks_each_file_once() {
    let dir = project();
    write(dir.path(), "sub/a.flow", FLOW);
    symlink(".", dir.path().join("sub/loop"));
    symlink("..", dir.path().join("sub/up"));
    symlink("a.flow", dir.path().join("sub/b.flow"));
    let out = liucheng_in(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["files"], 1, "{json}");
}

#[test]
fn export_never_writes_over_its_input() {
    let dir = project();
    let flow = write(dir.path(), "x.flow", FLOW);
    let out = liucheng_in(dir.path(), &["export", "x.flow", "-o", "x.flow"]);
    assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
    assert!(text(&out.stderr).contains("就是要导出的流程文件"));
    assert_eq!(std::fs::read_to_string(&flow).unwrap(), FLOW);
    // The same file by another spelling (the folder must exist, or the write fails anyway).
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let out = liucheng_in(dir.path(), &["export", "x.flow", "-o", "./sub/../x.flow"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("就是要导出的流程文件"));
    // Nor over a base file.
    write(dir.path(), "y.flow", "基于 “x.flow”\n流程 改编\n");
    let out = liucheng_in(dir.path(), &["export", "y.flow", "-o", "x.flow"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&flow).unwrap(), FLOW);
    #[cfg(unix)]
    {
        symlink("x.flow", dir.path().join("l.json"));
        std::fs::hard_link(&flow, dir.path().join("h.json")).unwrap();
        for target in ["l.json", "h.json"] {
            let out = liucheng_in(dir.path(), &["export", "x.flow", "-o", target]);
            assert_eq!(out.status.code(), Some(2), "{target}");
            assert_eq!(std::fs::read_to_string(&flow).unwrap(), FLOW, "{target}");
        }
    }
    let out = liucheng_in(dir.path(), &["export", "x.flow", "-o", "x.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
}

#[test]
fn fmt_keeps_crlf_and_bom() {
    let dir = project();
    let crlf = write(dir.path(), "crlf.flow", MESSY.replace('\n', "\r\n"));
    let bom = write(dir.path(), "bom.flow", format!("\u{FEFF}{MESSY}"));
    let out = liucheng_in(dir.path(), &["fmt", "crlf.flow", "bom.flow"]);
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    assert_eq!(
        std::fs::read_to_string(&crlf).unwrap(),
        FLOW.replace('\n', "\r\n")
    );
    assert_eq!(
        std::fs::read_to_string(&bom).unwrap(),
        format!("\u{FEFF}{FLOW}")
    );
    // Formatted: a second run changes nothing.
    let out = liucheng_in(dir.path(), &["fmt", "--check", "crlf.flow", "bom.flow"]);
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
}

#[test]
fn fmt_writes_gbk_back_as_gbk() {
    let dir = project();
    let (gbk, _, _) = encoding_rs::GBK.encode(MESSY);
    let path = write(dir.path(), "gbk.flow", &gbk);
    let out = liucheng_in(dir.path(), &["--encoding", "gbk", "fmt", "gbk.flow"]);
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    let bytes = std::fs::read(&path).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err(), "written as UTF-8");
    let (back, _, errors) = encoding_rs::GB18030.decode(&bytes);
    assert!(!errors);
    assert_eq!(back, FLOW);
    let out = liucheng_in(
        dir.path(),
        &["--encoding", "gbk", "fmt", "--check", "gbk.flow"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
}

#[cfg(unix)]
#[test]
fn fmt_writes_through_links_and_keeps_hard_links_and_mode() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = project();
    let real = write(dir.path(), "真/流程.flow", MESSY);
    symlink("真/流程.flow", dir.path().join("链接.flow"));
    let other = write(dir.path(), "硬.flow", MESSY);
    std::fs::hard_link(&other, dir.path().join("硬2.flow")).unwrap();
    let mode = write(dir.path(), "权限.flow", MESSY);
    std::fs::set_permissions(&mode, std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = liucheng_in(dir.path(), &["fmt", "链接.flow", "硬.flow", "权限.flow"]);
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    let link = dir.path().join("链接.flow");
    assert!(
        link.symlink_metadata().unwrap().is_symlink(),
        "the link stays"
    );
    assert_eq!(std::fs::read_to_string(&real).unwrap(), FLOW);
    assert_eq!(std::fs::metadata(&other).unwrap().nlink(), 2);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("硬2.flow")).unwrap(),
        FLOW
    );
    let meta = std::fs::metadata(&mode).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o640);
    assert_eq!(std::fs::read_to_string(&mode).unwrap(), FLOW);
}

#[cfg(unix)]
#[test]
fn fmt_keeps_the_owner_when_allowed() {
    use std::os::unix::fs::MetadataExt;
    let dir = project();
    let path = write(dir.path(), "别人.flow", MESSY);
    // Only root may give a file away; elsewhere the in-place fallback keeps the owner anyway.
    if std::os::unix::fs::chown(&path, Some(65534), Some(65534)).is_err() {
        return;
    }
    let out = liucheng_in(dir.path(), &["fmt", "别人.flow"]);
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FLOW);
}

#[cfg(unix)]
#[test]
fn fmt_leaves_read_only_files_alone_unless_asked() {
    use std::os::unix::fs::PermissionsExt;
    let dir = project();
    let path = write(dir.path(), "只读.flow", MESSY);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = liucheng_in(dir.path(), &["fmt", "只读.flow"]);
    assert_eq!(out.status.code(), Some(1), "{}", all_output(&out));
    assert!(text(&out.stderr).contains("--overwrite-read-only"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), MESSY);
    let out = liucheng_in(dir.path(), &["fmt", "--overwrite-read-only", "只读.flow"]);
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FLOW);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o444, "still read-only");
}

#[test]
fn debris_of_a_killed_run_is_cleaned_up() {
    let dir = project();
    write(dir.path(), "x.flow", MESSY);
    // What `kill -9` during a write leaves: ours (this version and the one before) and a
    // stranger's file that merely looks alike.
    let debris = [".x.flow.liucheng-Ab12Cd.tmp", ".x.flow.4242.tmp"];
    for name in debris {
        write(dir.path(), name, "半截");
    }
    write(dir.path(), ".x.flow.notes.tmp", "keep");
    let out = liucheng_in(dir.path(), &["fmt", "x.flow"]);
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    assert_eq!(
        names_in(dir.path()),
        [".x.flow.notes.tmp", "liucheng.toml", "x.flow"]
    );
}

#[test]
fn a_broken_config_stops_every_command_located_and_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "liucheng.toml", "[rules]\nS005 = \"maybe\"\n");
    write(dir.path(), "x.flow", FLOW);
    let out_dir = dir.path().join("out");
    let out_dir = out_dir.to_str().unwrap();
    for args in [
        vec!["check", "x.flow"],
        vec!["render", "x.flow", "-o", out_dir],
        vec!["fmt", "x.flow"],
        vec!["export", "x.flow"],
    ] {
        let out = liucheng_in(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", all_output(&out));
        let shown = text(&out.stderr);
        assert!(shown.contains("错误[F008]"), "{args:?}: {shown}");
        assert!(shown.contains("liucheng.toml:2:8"), "{args:?}: {shown}");
        assert!(shown.contains("级别「maybe」不认识"), "{args:?}: {shown}");
        assert!(shown.contains("帮助"), "{args:?}: {shown}");
        assert!(out.stdout.is_empty(), "{args:?}: nothing exported");
    }
    assert!(!dir.path().join("out/x.svg").exists(), "nothing drawn");
    let mut args = vec!["--lang", "en", "check", "x.flow"];
    let out = liucheng_in(dir.path(), &args);
    let shown = text(&out.stderr);
    assert!(shown.contains("error[F008]"), "{shown}");
    assert!(shown.contains("unknown level `maybe`"), "{shown}");
    // An unknown rule code points at the code.
    write(
        dir.path(),
        "liucheng.toml",
        "[rules]\n\"S0O5\" = \"deny\"\n",
    );
    args.truncate(2);
    args.extend(["render", "x.flow", "-o", out_dir]);
    let out = liucheng_in(dir.path(), &args);
    assert_eq!(out.status.code(), Some(2));
    let shown = text(&out.stderr);
    assert!(shown.contains("liucheng.toml:2:1"), "{shown}");
    assert!(shown.contains("did you mean `S005`"), "{shown}");
}

#[cfg(unix)]
#[test]
fn a_config_linked_out_of_its_folder_is_not_shown() {
    let outside = tempfile::tempdir().unwrap();
    let secret = write(outside.path(), "passwd", SECRET);
    let dir = tempfile::tempdir().unwrap();
    symlink(&secret, dir.path().join("liucheng.toml"));
    write(dir.path(), "x.flow", FLOW);
    let out = liucheng_in(dir.path(), &["check", "x.flow"]);
    assert_eq!(out.status.code(), Some(2));
    let shown = all_output(&out);
    assert!(shown.contains("F006"), "{shown}");
    assert!(!shown.contains("geheim"), "{shown}");
}

#[test]
fn a_render_that_fails_in_one_format_replaces_none() {
    let dir = project();
    let flow = Path::new(env!("CARGO_MANIFEST_DIR")).join("flows/内部管理/值班.flow");
    let out_dir = dir.path().join("图");
    write(&out_dir, "值班.svg", "old svg");
    write(&out_dir, "值班.png", "old png");
    let render = |extra: &[&str]| {
        let mut args = vec![
            "render",
            flow.to_str().unwrap(),
            "-o",
            "图",
            "--format",
            "svg,png",
        ];
        args.extend_from_slice(extra);
        liucheng_in(dir.path(), &args)
    };
    // At 1200 dpi the spacious PNG is too large (the compact one just fits): the SVG (made
    // first) must not be replaced alone.
    let out = render(&["--dpi", "1200", "--density", "spacious"]);
    assert_eq!(out.status.code(), Some(1), "{}", all_output(&out));
    assert!(
        text(&out.stderr).contains("超过上限"),
        "{}",
        all_output(&out)
    );
    let svg = std::fs::read_to_string(out_dir.join("值班.svg")).unwrap();
    assert!(svg == "old svg", "the SVG was replaced without the PNG");
    assert_eq!(
        std::fs::read_to_string(out_dir.join("值班.png")).unwrap(),
        "old png"
    );
    assert_eq!(std::fs::read_dir(&out_dir).unwrap().count(), 2, "no debris");
    // Both made: both replaced.
    let out = render(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    assert!(
        std::fs::read(out_dir.join("值班.png"))
            .unwrap()
            .starts_with(b"\x89PNG")
    );
    assert!(
        std::fs::read_to_string(out_dir.join("值班.svg"))
            .unwrap()
            .contains("<svg")
    );
}

/// Whether `bytes` is a whole file of its format (not cut off by a killed write).
fn is_whole(name: &str, bytes: &[u8]) -> bool {
    let tail = |n: usize| &bytes[bytes.len().saturating_sub(n)..];
    match name.rsplit('.').next() {
        Some("svg") => String::from_utf8_lossy(tail(16))
            .trim_end()
            .ends_with("</svg>"),
        // The IEND chunk: length 0, type, CRC.
        Some("png") => tail(12) == b"\0\0\0\0IEND\xaeB`\x82",
        Some("pdf") => String::from_utf8_lossy(tail(16))
            .trim_end()
            .ends_with("%%EOF"),
        _ => false,
    }
}

/// A real `kill -9` at seven points of a render of three formats: every output left is a
/// whole file (the old one or the new one, never half of one), and the next run leaves no
/// temporary file behind.
#[cfg(unix)]
#[test]
fn render_killed_at_any_moment_leaves_whole_files_and_the_next_run_no_debris() {
    use std::fmt::Write as _;
    let dir = project();
    let steps = 60;
    let mut flow = String::from(
        "流程 长链\n角色 甲科\n角色 乙科\n开始 始\n  负责：甲科\n结束 终\n  负责：甲科\n",
    );
    for i in 0..steps {
        let role = if i % 2 == 0 { "甲科" } else { "乙科" };
        writeln!(flow, "步骤 第{i}步\n  负责：{role}").unwrap();
    }
    flow.push_str("始 → 第0步\n");
    for i in 1..steps {
        writeln!(flow, "第{}步 → 第{i}步", i - 1).unwrap();
    }
    writeln!(flow, "第{}步 → 终", steps - 1).unwrap();
    write(dir.path(), "长链.flow", &flow);
    let args = ["render", "长链.flow", "-o", "图", "--format", "svg,png,pdf"];
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_liucheng"))
            .args(args)
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let started = Instant::now();
    let status = run().wait().unwrap();
    assert!(status.success(), "a whole run succeeds");
    let whole_run = started.elapsed();
    let out_dir = dir.path().join("图");
    let mut debris = std::collections::BTreeSet::new();
    for eighth in 1..8u32 {
        let mut child = run();
        std::thread::sleep(whole_run * eighth / 8);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        for entry in std::fs::read_dir(&out_dir).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".tmp") {
                debris.insert(name);
                continue;
            }
            let bytes = std::fs::read(entry.path()).unwrap();
            assert!(is_whole(&name, &bytes), "{name} cut off at {eighth}/8");
        }
    }
    let status = run().wait().unwrap();
    assert!(status.success());
    assert_eq!(
        names_in(&out_dir),
        ["长链.pdf", "长链.png", "长链.svg"],
        "no debris left"
    );
    // Not an assertion on timing, a note for whoever reads the log.
    eprintln!(
        "whole run {whole_run:?}; {} temporary files left by kills",
        debris.len()
    );
}
