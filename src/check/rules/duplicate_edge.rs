//! R001: the same edge written twice.

use crate::check::Checker;
use crate::msg;
use rustc_hash::FxHashMap as HashMap;

declare_rule! {
    /// ## What it does
    /// Reports a flow edge with the same source, target and label as an earlier one.
    ///
    /// ## Why is this bad?
    /// The chart draws two arrows for one hand-off; readers look for a difference that is not
    /// there. Usually one chain was copied into another (冗余环节).
    ///
    /// ## Example
    /// ```text
    /// 签收 → 登记 → 初审
    /// 签收 → 登记
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 签收 → 登记 → 初审
    /// ```
    ///
    /// ## Options
    /// None.
    ///
    /// Complexity: O(E) expected (hashing).
    pub static RULE = {
        code: "R001",
        name: "duplicate-edge",
        zh: "重复连线",
        severity: Warning,
        zh_docs: include_str!("duplicate_edge.zh.md"),
        check: Some(check),
    }
}

fn check(c: &mut Checker<'_>) {
    let process = c.process;
    let mut seen: HashMap<(u32, u32, Option<&str>), crate::model::Loc> = HashMap::default();
    for n in 0..c.graph.len() as u32 {
        for &(t, e) in &c.graph.out[n as usize] {
            let edge = &process.graph[e];
            let key = (n, t, edge.label.as_deref().map(str::trim));
            match seen.get(&key) {
                None => {
                    seen.insert(key, edge.loc);
                }
                Some(&first) => {
                    let (a, b) = (c.name(n), c.name(t));
                    let d = c
                        .diagnostic(
                            edge.loc,
                            msg!(
                                "连线「{a} → {b}」重复了",
                                "the edge `{a} → {b}` is written twice"
                            ),
                        )
                        .with_help(msg!("删掉重复的这一条", "delete this copy"))
                        .with_label(
                            first.source,
                            first.span,
                            msg!("第一次写在这里", "first written here"),
                        );
                    c.push(Some(c.graph.index[n as usize]), d);
                }
            }
        }
    }
}
