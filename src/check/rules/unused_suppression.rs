//! S008: an inline suppression (`允许`) that suppresses nothing.

use crate::check::{Context, Finding, registry, suppressed};
use crate::diag::{Diagnostic, did_you_mean};
use crate::model::Allow;
use crate::msg;
use petgraph::stable_graph::NodeIndex;

declare_rule! {
    /// ## What it does
    /// Reports an `允许：CODE 理由` line (on a step or on the whole flow) whose rule reported
    /// nothing there, or whose code is not a rule code.
    ///
    /// ## Why is this bad?
    /// A suppression documents a deliberate exception. Once the flow is fixed, a stale one
    /// hides the next real problem of the same kind and misleads reviewers about why the
    /// step is special.
    ///
    /// ## Example
    /// ```text
    /// 步骤 登记
    ///   负责：秘书科
    ///   允许：O001 历史遗留     # 登记已有负责角色，没有什么要允许的
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 步骤 登记
    ///   负责：秘书科
    /// ```
    ///
    /// ## Options
    /// Suppressions of rules turned off in `rules` are not reported.
    ///
    /// Complexity: O(F + A) for F findings and A suppressions.
    pub static RULE = {
        code: "S008",
        name: "unused-suppression",
        zh: "多余的允许",
        severity: Warning,
        zh_docs: include_str!("unused_suppression.zh.md"),
        check: Some(|_| {}),
    }
}

/// Drop suppressed findings and report suppressions that matched nothing.
pub(crate) fn apply(cx: &Context<'_>, findings: Vec<Finding>) -> Vec<crate::diag::Diagnostic> {
    let process = cx.process;
    let mut used: Vec<(Option<NodeIndex>, String)> = Vec::new();
    let mut out = Vec::new();
    for f in findings {
        if suppressed(process, &f) {
            let code = f.diagnostic.code.to_owned();
            if process.meta.allows.iter().any(|a| a.code == code) {
                used.push((None, code.clone()));
            }
            if let Some(n) = f.subject
                && process.graph[n].allows.iter().any(|a| a.code == code)
            {
                used.push((Some(n), code));
            }
        } else {
            out.push(f.diagnostic);
        }
    }
    let Some(severity) = cx.settings.severity(&RULE) else {
        return out;
    };
    let mut allows: Vec<(Option<NodeIndex>, &Allow)> =
        process.meta.allows.iter().map(|a| (None, a)).collect();
    for i in process.graph.node_indices() {
        allows.extend(process.graph[i].allows.iter().map(|a| (Some(i), a)));
    }
    for (subject, allow) in allows {
        let code = allow.code.as_str();
        let loc = allow.loc;
        match registry::find(code) {
            None => {
                let codes = registry::RULES.iter().map(|r| r.code);
                let help = match did_you_mean(code, codes) {
                    Some(s) => msg!(
                        "是不是「{s}」？用 liucheng rules 查看全部规则",
                        "did you mean `{s}`? `liucheng rules` lists them all"
                    ),
                    None => msg!(
                        "用 liucheng rules 查看全部规则代码",
                        "`liucheng rules` lists every rule code"
                    ),
                };
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        loc.source,
                        loc.span,
                        msg!("「{code}」不是规则代码", "`{code}` is not a rule code"),
                    )
                    .with_severity(severity)
                    .with_help(help),
                );
            }
            Some(rule) => {
                if rule.check.is_none()
                    || cx.settings.severity(rule).is_none()
                    || rule.code == RULE.code
                {
                    continue;
                }
                if used.iter().any(|(s, c)| *s == subject && c == code) {
                    continue;
                }
                let whom = match subject {
                    Some(n) => {
                        let name = &process.graph[n].name;
                        msg!("「{name}」", "`{name}`")
                    }
                    None => msg!("整个流程", "the flow"),
                };
                let (wz, we) = (&whom.zh, &whom.en);
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        loc.source,
                        loc.span,
                        msg!(
                            "「允许：{code}」没有用到：{wz}没有 {code} 的问题",
                            "`允许：{code}` is unused: {we} has no {code} finding"
                        ),
                    )
                    .with_severity(severity)
                    .with_help(msg!("删掉这一行", "delete this line")),
                );
            }
        }
    }
    out
}
