//! S002: the flow has more than one start.

use crate::check::Checker;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reports every `开始` after the first one.
    ///
    /// ## Why is this bad?
    /// An office process has one trigger (a document arrives, a request is filed). Several
    /// starts make it unclear which one the time limits count from, and a reader cannot
    /// tell whether the starts are alternatives or happen together (GB/T 1526: one entry
    /// terminator per chart; 7PMG guideline G3).
    ///
    /// ## Example
    /// ```text
    /// 开始 纸质来文
    /// 开始 电子来文
    /// 纸质来文 → 签收
    /// 电子来文 → 签收
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 开始 来文到达：来文到达（纸质、电子公文）
    /// 来文到达 → 签收
    /// ```
    ///
    /// ## Options
    /// None.
    ///
    /// Complexity: O(N).
    pub static RULE = {
        code: "S002",
        name: "multiple-starts",
        zh: "多个开始",
        severity: Error,
        zh_docs: include_str!("multiple_starts.zh.md"),
        check: Some(check),
    }
}

fn check(c: &mut Checker<'_>) {
    let starts = c.graph.starts.clone();
    let Some((&first, rest)) = starts.split_first() else {
        return;
    };
    let first_loc = c.process.graph[c.graph.index[first as usize]].loc;
    let a = c.name(first);
    for &s in rest {
        let n = c.name(s);
        c.report_node(
            s,
            msg!("流程有多个「开始」：「{n}」是第二个", "the flow has more than one start: `{n}` is another"),
            msg!(
                "只保留一个开始「{a}」，把不同的来源写在它的说明里，或用「判断」区分",
                "keep one start `{a}`; describe the different sources in its label, or use a decision"
            ),
        )
        .labels
        .push(crate::diag::Label {
            source: first_loc.source,
            span: first_loc.span,
            message: msg!("第一个开始在这里", "the first start is here"),
        });
    }
}
