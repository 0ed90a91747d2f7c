//! G007: a document flow with an end that does not file, return or destroy the document.

use crate::check::Checker;
use crate::check::rules::{mentions, node};
use crate::model::Category;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// In a flow with `类别：办文`, reports each `结束` whose name or text does not say how the
    /// document's life ends: 归档, 清退 or 销毁 — or 退文/退回/不予受理 (returned to the sender),
    /// 移交 (handed over to the archives or another body) and 不行文 (no document was made).
    ///
    /// ## Why is this bad?
    /// 条例 第二十七条 and the 公文管理 chapter: every document, once handled, is filed (归档),
    /// returned (清退) or destroyed (销毁) under control. An end like "办理完毕" leaves the paper
    /// on someone's desk — the 漏 of 延、压、错、漏.
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
    /// 结束 归档：整理归档
    /// ```
    ///
    /// ## Options
    /// None.
    ///
    /// Complexity: O(N).
    pub static RULE = {
        code: "G007",
        name: "document-not-filed",
        zh: "公文未归档",
        severity: Error,
        zh_docs: include_str!("document_not_filed.zh.md"),
        check: Some(check),
    }
}

const FINAL: &[&str] = &[
    "归档",
    "清退",
    "销毁",
    "退文",
    "退回",
    "移交",
    "不行文",
    "不予受理",
];

fn check(c: &mut Checker<'_>) {
    let (process, g) = (c.process, c.graph);
    if process.meta.category != Some(Category::Documents) {
        return;
    }
    for &e in &g.ends {
        if mentions(node(process, g, e), FINAL) {
            continue;
        }
        let name = c.name(e);
        let note = g.path_from_start(e).map(|p| c.path_note(&p));
        let d = c.report_node(
            e,
            msg!(
                "办文流程在「{name}」结束，但没有归档、清退或销毁",
                "this document flow ends at `{name}` without filing (归档), returning (清退) or destroying (销毁) the document"
            ),
            msg!(
                "在「{name}」之前加「归档」步骤，或把结束写成「结束 归档：整理归档」（条例 第二十七条）",
                "add an 归档 step before `{name}`, or make the end `结束 归档：整理归档` (条例 第二十七条)"
            ),
        );
        if let Some(note) = note {
            d.notes.push(note);
        }
    }
}
