//! One file's internal error never hides the others.
//!
//! Batch commands run each file's work inside [`guard`]: a panic in any stage (a liucheng
//! bug) is caught, the default panic message is kept off the terminal, and the panic becomes
//! an `F009` internal-error diagnostic located in that file, which tells the user it is a
//! bug of liucheng and how to report it. The command then goes on with the next file and
//! exits with [`EXIT_INTERNAL`](crate::cli::EXIT_INTERNAL).

use crate::diag::Diagnostic;
use crate::msg;
use crate::source::{SourceId, Span};
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Whether this thread is inside [`guard`] (the hook stays quiet then).
    static GUARDED: Cell<bool> = const { Cell::new(false) };
    /// The message and place of the last panic caught on this thread.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

static HOOK: Once = Once::new();

/// Install (once per process) a panic hook that records the panic of a guarded thread
/// instead of printing it, and leaves every other panic to the previous hook.
fn install_hook() {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if GUARDED.with(Cell::get) {
                let payload = info.payload();
                let text = payload
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "(no message)".to_owned());
                let place = info
                    .location()
                    .map(|l| format!(" ({}:{}:{})", l.file(), l.line(), l.column()))
                    .unwrap_or_default();
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{text}{place}")));
            } else {
                previous(info);
            }
        }));
    });
}

/// Run one file's work. A panic inside becomes `Err` with an `F009` diagnostic for `stage`
/// (what was being done, e.g. 检查 / checking), located at the start of the file's source
/// `SourceId(0)`.
pub fn guard<T>(stage: (&str, &str), work: impl FnOnce() -> T) -> Result<T, Box<Diagnostic>> {
    install_hook();
    let was = GUARDED.with(|g| g.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    GUARDED.with(|g| g.set(was));
    result.map_err(|_| {
        let detail = LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| "(no message)".to_owned());
        Box::new(internal_error(stage, &detail))
    })
}

/// The `F009` diagnostic for a panic while doing `stage` with this file.
pub fn internal_error((zh, en): (&str, &str), detail: &str) -> Diagnostic {
    Diagnostic::error(
        "F009",
        SourceId(0),
        Span::new(0, 0),
        msg!(
            "liucheng 内部错误：{zh}这个文件时程序出了故障。这是 liucheng 的缺陷，不是流程写错了；其他文件照常处理",
            "internal error in liucheng while {en} this file: this is a bug in liucheng, not a mistake in the flow; the other files are still processed"
        ),
    )
    .with_help(msg!(
        "请把这个文件和下面的说明一起发给 liucheng 的维护者（报告问题）；修好之前，可以先试着改写出问题的那部分",
        "please report it to the liucheng maintainers with this file and the note below; until it is fixed, try rewriting the part that triggers it"
    ))
    .with_note(msg!("故障信息：{detail}", "panic: {detail}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_closure_is_reported_as_an_internal_error() {
        let err = guard(("检查", "checking"), || -> u32 { panic!("boom {}", 7) }).unwrap_err();
        assert_eq!(err.code, "F009");
        assert_eq!(err.severity, crate::diag::Severity::Error);
        assert!(err.message.zh.contains("内部错误") && err.message.zh.contains("检查"));
        assert!(err.message.en.contains("bug in liucheng"));
        let note = &err.notes[0];
        assert!(note.en.contains("boom 7"), "{note:?}");
        assert!(
            note.en.contains("guard.rs"),
            "the note names where it panicked: {note:?}"
        );
    }

    #[test]
    fn work_that_does_not_panic_passes_through_and_later_files_still_run() {
        let results: Vec<Result<usize, _>> = (0..3)
            .map(|i| {
                guard(("检查", "checking"), move || {
                    if i == 1 { panic!("second") } else { i }
                })
            })
            .collect();
        assert_eq!(results[0].as_ref().ok(), Some(&0));
        assert!(
            results[1]
                .as_ref()
                .is_err_and(|d| d.notes[0].en.contains("second"))
        );
        assert_eq!(results[2].as_ref().ok(), Some(&2));
        // Outside a guard nothing is recorded.
        assert!(LAST_PANIC.with(|p| p.borrow().is_none()));
        assert!(!GUARDED.with(Cell::get));
    }

    #[test]
    fn a_non_string_payload_still_gives_a_diagnostic() {
        let err = guard(("画", "drawing"), || std::panic::panic_any(42u8)).unwrap_err();
        assert!(err.notes[0].en.contains("(no message)"));
        assert!(err.message.en.contains("drawing"));
    }
}
