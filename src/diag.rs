//! The one diagnostic type of every stage.
//!
//! Modeled on typst's `SourceDiagnostic`: a code, a severity, a message, a primary span,
//! secondary labels, a help line and notes. Messages carry both Chinese and English text
//! ([`Message`]), so stages never need to know the user's language; the CLI picks one
//! when it prints.

use crate::source::{SourceId, Span};
use serde::Serialize;

/// The language of messages shown to people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// 中文 (default).
    #[default]
    Zh,
    /// English.
    En,
}

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    /// Chinese text.
    pub zh: String,
    /// English text.
    pub en: String,
}

impl Message {
    /// A message from its two translations.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Message {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text in one language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// Build a [`Message`] from two format strings sharing the same arguments.
#[macro_export]
macro_rules! msg {
    ($zh:literal, $en:literal $(,)?) => {
        $crate::diag::Message::new(format!($zh), format!($en))
    };
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A hint: information that may help.
    Hint,
    /// A warning: the flow works but is doubtful.
    Warning,
    /// An error: the flow is wrong; `check` exits 1.
    Error,
}

impl Severity {
    /// Name in a language, for human output.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, Lang::Zh) => "错误",
            (Severity::Warning, Lang::Zh) => "警告",
            (Severity::Hint, Lang::Zh) => "提示",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::En) => "warning",
            (Severity::Hint, Lang::En) => "hint",
        }
    }
}

/// A secondary location with a short text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// Which source the span is in.
    pub source: SourceId,
    /// Where.
    pub span: Span,
    /// What is there.
    pub message: Message,
}

/// One finding about a flow file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// A stable code such as `P001` (syntax) or `S003` (validator rule).
    pub code: &'static str,
    /// Error, warning or hint.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: Message,
    /// Which source the primary span is in.
    pub source: SourceId,
    /// The primary location.
    pub span: Span,
    /// Further locations.
    pub labels: Vec<Label>,
    /// How to fix it.
    pub help: Option<Message>,
    /// Extra facts, such as a witness path.
    pub notes: Vec<Message>,
}

impl Diagnostic {
    /// An error at a span.
    pub fn error(code: &'static str, source: SourceId, span: Span, message: Message) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message,
            source,
            span,
            labels: Vec::new(),
            help: None,
            notes: Vec::new(),
        }
    }

    /// A warning at a span.
    pub fn warning(code: &'static str, source: SourceId, span: Span, message: Message) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Self::error(code, source, span, message)
        }
    }

    /// Set the help line.
    pub fn with_help(mut self, help: Message) -> Self {
        self.help = Some(help);
        self
    }

    /// Add a note.
    pub fn with_note(mut self, note: Message) -> Self {
        self.notes.push(note);
        self
    }

    /// Add a secondary label.
    pub fn with_label(mut self, source: SourceId, span: Span, message: Message) -> Self {
        self.labels.push(Label {
            source,
            span,
            message,
        });
        self
    }

    /// Change the severity (configuration may raise or lower a rule's level).
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

/// Whether any diagnostic is an error.
pub fn has_errors<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> bool {
    diagnostics
        .into_iter()
        .any(|d| d.severity == Severity::Error)
}

/// The closest candidate to `name` by edit distance, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let len = name.chars().count();
    let limit = match len {
        0..=4 => 1,
        5..=8 => 2,
        _ => 3,
    };
    candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| (strsim::levenshtein(name, c), c))
        .filter(|(d, c)| *d <= limit || (c.contains(name) && !name.is_empty()) || name.contains(*c))
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_prefer_close_names() {
        let names = ["签收", "登记", "初审", "秘书科"];
        assert_eq!(did_you_mean("签署", names), Some("签收"));
        assert_eq!(did_you_mean("秘书", names), Some("秘书科"));
        assert_eq!(did_you_mean("完全无关的名字", names), None);
    }
}
