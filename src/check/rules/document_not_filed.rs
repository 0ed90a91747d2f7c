//! G007: a run of a document flow that does not file, return or destroy the document.

use crate::check::rules::node;
use crate::check::{Checker, runs};
use crate::model::{Category, NodeKind};
use crate::msg;

declare_rule! {
    /// ## What it does
    /// In a flow with `类别：办文`, reports an end that some complete run reaches without
    /// passing a step (or end) that says how the document's life ends: a declared `处置` —
    /// 归档, 清退, 销毁, or 退文 (returned to the sender), 移交 (handed over to the archives or
    /// another body), 不行文 (no document was made). The attribute decides, not a word in a
    /// name: `结束 归档` without `处置` does not file anything. A *run* is one case played as
    /// the BPMN 2.0 token game (see C001): parallel branches all run, a 判断 takes one branch,
    /// and the run is complete when no token is left — so 归档 done on one branch of a `并行`
    /// counts for the whole run. Runs that never complete (deadlock, livelock) are the C
    /// rules' findings. The note lists the run by step name; past the state budget
    /// (`soundness.max-states`) the finding says it was judged by paths only.
    ///
    /// ## Why is this bad?
    /// 条例 第二十七条 and the 公文管理 chapter: every document, once handled, is filed (归档),
    /// returned (清退) or destroyed (销毁) under control. A run that ends at "办理完毕" leaves
    /// the paper on someone's desk — the 漏 of 延、压、错、漏.
    ///
    /// ## Example
    /// ```text
    /// 流程 收文办理
    ///   类别：办文
    /// 结束 办毕：办理完毕
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 步骤 整理归档
    ///   处置：归档
    /// 整理归档 → 办毕
    /// ```
    ///
    /// ## Options
    /// - `soundness.max-states`: state budget of the run exploration.
    ///
    /// Complexity: O(N + E) for a search over paths (node × 2 states); only when a path
    /// misses every `处置`, the token game over runs, bounded by `soundness.max-states`.
    pub static RULE = {
        code: "G007",
        name: "document-not-filed",
        zh: "公文未归档",
        severity: Error,
        zh_docs: include_str!("document_not_filed.zh.md"),
        check: Some(check),
    }
}

fn check(c: &mut Checker<'_>) {
    let (process, g) = (c.process, c.graph);
    if process.meta.category != Some(Category::Documents) {
        return;
    }
    let disposes = |v: u32| node(process, g, v).disposition.is_some();
    // Paths first: a path from a start to an end that passes no 处置 (node × passed).
    let open_path = g.path(
        &g.starts,
        |v| g.kind[v as usize] == NodeKind::End && !disposes(v),
        disposes,
    );
    let Some(path) = open_path else {
        return; // Every path disposes of the document, so every run does.
    };
    let monitor = runs::Monitor {
        fire: |m: u8, v: u32| m | u8::from(disposes(v)),
        visible: disposes,
        order_free: true, // "passed a 处置 step" does not depend on the order
    };
    match runs::explore(g, c.settings.max_states, monitor, |m| m == 0) {
        runs::Outcome::Complete(runs) => {
            for (e, run) in runs::to_report(runs) {
                let name = c.name(e);
                let note = c.run_note(&run);
                c.report_node(
                    e,
                    msg!(
                        "办文流程有一次办理在「{name}」结束，但没有经过归档、清退或销毁（没有写「处置」的步骤）",
                        "a run of this document flow ends at `{name}` without filing (归档), returning (清退) or destroying (销毁) the document (no step with `处置`)"
                    ),
                    msg!(
                        "给归档（或清退、销毁、退文）那一步写「处置：归档」，或在「{name}」之前加这样的步骤（条例 第二十七条）；只看「处置」，名称里写“归档”不算",
                        "give the filing (or returning, destroying, rejecting) step `处置：归档`, or add such a step before `{name}` (条例 第二十七条); only `处置` counts, not a word in the name"
                    ),
                )
                .notes
                .push(note);
            }
        }
        runs::Outcome::Inconclusive => {
            let Some(&e) = path.last() else { return };
            let name = c.name(e);
            let note = c.path_note(&path);
            c.report_node(
                e,
                msg!(
                    "办文流程可能在「{name}」结束而没有归档、清退或销毁：这条路径上没有写「处置」的步骤（并发状态太多，没有逐次推演，只按路径判断）",
                    "this document flow may end at `{name}` without filing, returning or destroying the document: no step with `处置` on this path (too many concurrent states to play every run: judged by paths only)"
                ),
                msg!(
                    "给归档那一步写「处置：归档」；或在 liucheng.toml 的 [soundness] 里调大 max-states",
                    "give the filing step `处置：归档`, or raise `max-states` under [soundness] in liucheng.toml"
                ),
            )
            .notes
            .push(note);
        }
    }
}
