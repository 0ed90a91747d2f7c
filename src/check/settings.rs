//! Validator configuration: `liucheng.toml`, found by walking up from the checked file.
//!
//! Following ruff, user [`Options`] (serde data, every field optional, exactly what the file
//! says) are resolved into plain [`Settings`] that rules read.
//!
//! ```toml
//! [rules]                 # per-rule level: allow | hint | warn | deny
//! S007 = "allow"
//! R002 = "deny"
//!
//! [roles]
//! hub = ["综合科"]          # roles that count as the hub (枢纽) besides those declared 枢纽
//! levels = { "分管领导" = 4, "主要领导" = 5 }   # role levels (级别); quote Chinese keys
//!
//! [time-limits]
//! require = "warn"        # auto (default) | off | warn | error: steps without 时限 (rule G005)
//!
//! [soundness]
//! max-states = 200000     # state budget of the exact concurrency check
//! ```

use crate::check::{Rule, registry};
use crate::diag::{Message, Severity, did_you_mean};
use crate::model::paper::{Orientation, Paper};
use crate::model::{Process, RoleId, RoleKind};
use crate::msg;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// An example `liucheng.toml` naming every option (shown in `docs/rules.en.md`, parsed by a test).
pub const EXAMPLE: &str = r#"[rules]                  # per-rule level: allow | hint | warn | deny
S007 = "allow"
R002 = "deny"

[roles]
hub = ["综合科"]                       # hub roles besides those declared 枢纽 (G002, G003)
levels = { "分管领导" = 4, "主要领导" = 5 }  # role levels (G001, G002); quote Chinese keys

[time-limits]
require = "warn"         # auto | off | warn | error: steps without 时限 (G005)

[soundness]
max-states = 200000      # state budget of the exact concurrency check (C001–C005)
"#;

/// [`EXAMPLE`] with Chinese comments (shown in the Chinese `docs/rules.md`); the same settings.
pub const EXAMPLE_ZH: &str = r#"[rules]                  # 逐条设置级别：allow（关闭）| hint（提示）| warn（警告）| deny（错误）
S007 = "allow"
R002 = "deny"

[roles]
hub = ["综合科"]                       # 除声明为「枢纽」的角色外，还算作枢纽的角色（G002、G003）
levels = { "分管领导" = 4, "主要领导" = 5 }  # 角色级别（G001、G002）；中文键名要加引号

[time-limits]
require = "warn"         # auto | off | warn | error：步骤没写「时限」时怎么处理（G005）

[soundness]
max-states = 200000      # 并发精确检查最多探索的状态数（C001–C005）
"#;

/// The name of the configuration file.
pub const FILE_NAME: &str = "liucheng.toml";

/// Every option a rule's `## Options` section may name (checked by a registry test).
pub const OPTION_NAMES: &[&str] = &[
    "rules",
    "roles.hub",
    "roles.levels",
    "time-limits.require",
    "soundness.max-states",
];

/// Default state budget of the exact soundness check.
pub const DEFAULT_MAX_STATES: usize = 200_000;

/// A configured rule level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Do not run the rule.
    Allow,
    /// Report as a hint.
    Hint,
    /// Report as a warning.
    Warn,
    /// Report as an error.
    Deny,
}

impl Level {
    /// Parse `allow` / `hint` / `warn` / `deny` (or 关闭 / 提示 / 警告 / 错误).
    pub fn parse(text: &str) -> Option<Level> {
        Some(match text.trim().to_ascii_lowercase().as_str() {
            "allow" | "off" | "关闭" | "允许" => Level::Allow,
            "hint" | "info" | "提示" => Level::Hint,
            "warn" | "warning" | "警告" => Level::Warn,
            "deny" | "error" | "错误" => Level::Deny,
            _ => return None,
        })
    }

    /// The severity findings get, or `None` when the rule is off.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Allow => None,
            Level::Hint => Some(Severity::Hint),
            Level::Warn => Some(Severity::Warning),
            Level::Deny => Some(Severity::Error),
        }
    }
}

/// What `liucheng.toml` says, before resolution.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// Per-rule levels by code (with where each is written).
    #[serde(default)]
    pub rules: BTreeMap<Spanned<String>, Spanned<String>>,
    /// Role settings.
    #[serde(default)]
    pub roles: RoleOptions,
    /// Time-limit policy.
    #[serde(default, rename = "time-limits")]
    pub time_limits: TimeLimitOptions,
    /// Soundness check budget.
    #[serde(default)]
    pub soundness: SoundnessOptions,
    /// Paper for `render --format pdf` (and `--page`).
    #[serde(default)]
    pub render: RenderOptions,
}

/// `[render]`: the unit's default paper (a flow's 纸张 and the command line override it).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenderOptions {
    /// `A4` / `A3`.
    pub page: Option<Spanned<String>>,
    /// `auto` / `portrait` / `landscape` (or 自动 / 纵向 / 横向).
    pub orientation: Option<Spanned<String>>,
    /// Margin around the page frame, mm.
    pub margin: Option<Spanned<f64>>,
}

/// `[roles]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleOptions {
    /// Extra hub roles by name.
    pub hub: Option<Vec<String>>,
    /// Role levels by name.
    pub levels: Option<BTreeMap<String, u32>>,
}

/// `[time-limits]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeLimitOptions {
    /// `auto` (default: only in flows with a 总时限) / `off` / `warn` / `error`.
    pub require: Option<Spanned<String>>,
}

/// `[soundness]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SoundnessOptions {
    /// State budget.
    #[serde(rename = "max-states")]
    pub max_states: Option<usize>,
}

/// What is wrong with a `liucheng.toml`, how to fix it, and where (a byte range of its text;
/// `None` when the file could not be read at all). Reported as code F008.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// What is wrong.
    pub message: Message,
    /// How to fix it.
    pub help: Message,
    /// Where, as a byte range of the file's text.
    pub span: Option<Range<usize>>,
}

/// The Chinese twin of a `toml` parse message (the crate speaks English only).
fn toml_message_zh(en: &str) -> String {
    let quoted = |s: &str| {
        s.split('`')
            .skip(1)
            .step_by(2)
            .map(|w| format!("「{w}」"))
            .collect::<Vec<_>>()
    };
    if let Some(rest) = en.strip_prefix("unknown field ") {
        let names = quoted(rest);
        if let Some((first, expected)) = names.split_first() {
            return if expected.is_empty() {
                format!("不认识的选项{first}")
            } else {
                format!("不认识的选项{first}，这里可以写：{}", expected.join("、"))
            };
        }
    }
    if en.starts_with("invalid type") {
        return format!("取值的类型不对（{en}）");
    }
    if en.starts_with("duplicate key") {
        return format!("同一个键写了两次（{en}）");
    }
    format!("不是合法的 TOML（{en}）")
}

impl Options {
    /// Parse the text of a `liucheng.toml`.
    pub fn parse(text: &str) -> Result<Options, ConfigError> {
        toml::from_str(text).map_err(|e: toml::de::Error| {
            let en = e.message().trim().to_owned();
            let zh = toml_message_zh(&en);
            ConfigError {
                message: Message::new(zh, en),
                help: msg!(
                    "liucheng.toml 的写法见 docs/rules.md 开头的示例：节有 [rules]、[roles]、[time-limits]、[soundness]，纸张在 [render]（见 docs/pages.md）",
                    "see the example at the top of docs/rules.en.md: the sections are [rules], [roles], [time-limits] and [soundness], and [render] for paper (docs/pages.md)"
                ),
                span: e.span(),
            }
        })
    }

    /// Validate and resolve into [`Settings`].
    pub fn resolve(self) -> Result<Settings, ConfigError> {
        let mut settings = Settings::default();
        if let Some(require) = &self.time_limits.require {
            let level = match require.get_ref().trim() {
                "auto" | "自动" => None,
                "off" | "关闭" => Some(Level::Allow),
                "warn" | "警告" => Some(Level::Warn),
                "error" | "错误" => Some(Level::Deny),
                other => {
                    return Err(ConfigError {
                        message: msg!(
                            "time-limits.require 的取值「{other}」不认识",
                            "time-limits.require: unknown value `{other}`"
                        ),
                        help: msg!(
                            "可以写 \"auto\"（默认）、\"off\"、\"warn\" 或 \"error\"",
                            "write \"auto\" (the default), \"off\", \"warn\" or \"error\""
                        ),
                        span: Some(require.span()),
                    });
                }
            };
            if let Some(level) = level {
                settings.levels.insert("G005", level);
                settings.require_limits_everywhere = true;
            }
        }
        for (code, level) in &self.rules {
            let (code, code_span) = (code.get_ref().as_str(), code.span());
            let Some(rule) = registry::find(code) else {
                let guess = did_you_mean(
                    &code.trim().to_ascii_uppercase(),
                    registry::RULES
                        .iter()
                        .filter(|r| r.check.is_some())
                        .map(|r| r.code),
                );
                return Err(ConfigError {
                    message: msg!(
                        "[rules] 里的规则代码「{code}」不存在",
                        "[rules]: unknown rule code `{code}`"
                    ),
                    help: match guess {
                        Some(g) => msg!(
                            "是不是「{g}」？运行 liucheng rules 可以列出全部规则",
                            "did you mean `{g}`? `liucheng rules` lists every rule"
                        ),
                        None => msg!(
                            "运行 liucheng rules 可以列出全部规则",
                            "`liucheng rules` lists every rule"
                        ),
                    },
                    span: Some(code_span),
                });
            };
            if rule.check.is_none() {
                return Err(ConfigError {
                    message: msg!(
                        "「{code}」在流程检查之前就报告（读文件、语法或建模），不能在 [rules] 里设置",
                        "[rules]: `{code}` is reported before validation and cannot be configured"
                    ),
                    help: msg!(
                        "删掉这一行；这类错误要在流程文件里改正",
                        "remove this line; such errors are fixed in the flow file"
                    ),
                    span: Some(code_span),
                });
            }
            let Some(parsed) = Level::parse(level.get_ref()) else {
                let text = level.get_ref();
                return Err(ConfigError {
                    message: msg!(
                        "[rules] {code} 的级别「{text}」不认识",
                        "[rules] {code}: unknown level `{text}`"
                    ),
                    help: msg!(
                        "级别可以写 \"allow\"（关闭）、\"hint\"（提示）、\"warn\"（警告）或 \"deny\"（错误）",
                        "a level is \"allow\" (off), \"hint\", \"warn\" or \"deny\" (error)"
                    ),
                    span: Some(level.span()),
                });
            };
            settings.levels.insert(rule.code, parsed);
            if rule.code == "G005" {
                settings.require_limits_everywhere = true;
            }
        }
        settings.hubs = self.roles.hub.unwrap_or_default();
        settings.role_levels = self.roles.levels.unwrap_or_default();
        if let Some(max) = self.soundness.max_states {
            settings.max_states = max;
        }
        settings.render = self.render.resolve()?;
        Ok(settings)
    }
}

/// Resolved settings: what rules read.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Level overrides by code.
    pub levels: BTreeMap<&'static str, Level>,
    /// Extra hub roles by name.
    pub hubs: Vec<String>,
    /// Role level overrides by name.
    pub role_levels: BTreeMap<String, u32>,
    /// State budget of the exact soundness check.
    pub max_states: usize,
    /// G005 in every flow (`time-limits.require` or `[rules] G005` set); otherwise (`auto`)
    /// only in flows that declare a 总时限.
    pub require_limits_everywhere: bool,
    /// `[render]`.
    pub render: RenderSettings,
}

/// `[render]` resolved: each `None` where the file says nothing.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RenderSettings {
    /// The paper.
    pub paper: Option<Paper>,
    /// The orientation: `Some(None)` = `auto`.
    pub orientation: Option<Option<Orientation>>,
    /// Margin, mm.
    pub margin_mm: Option<f64>,
}

impl RenderOptions {
    fn resolve(self) -> Result<RenderSettings, ConfigError> {
        let mut out = RenderSettings::default();
        if let Some(page) = &self.page {
            let text = page.get_ref();
            out.paper = Some(Paper::parse(text).ok_or_else(|| ConfigError {
                message: msg!(
                    "[render] page 的取值「{text}」不认识",
                    "[render] page: unknown paper `{text}`"
                ),
                help: msg!("可以写 \"A4\" 或 \"A3\"", "write \"A4\" or \"A3\""),
                span: Some(page.span()),
            })?);
        }
        if let Some(o) = &self.orientation {
            let text = o.get_ref();
            out.orientation = Some(match text.trim() {
                "auto" | "自动" => None,
                other => Some(Orientation::parse(other).ok_or_else(|| ConfigError {
                    message: msg!(
                        "[render] orientation 的取值「{text}」不认识",
                        "[render] orientation: unknown value `{text}`"
                    ),
                    help: msg!(
                        "可以写 \"auto\"（默认，哪个方向印得大用哪个）、\"portrait\"（纵向）或 \"landscape\"（横向）",
                        "write \"auto\" (the default: whichever prints larger), \"portrait\" or \"landscape\""
                    ),
                    span: Some(o.span()),
                })?),
            });
        }
        if let Some(m) = &self.margin {
            let mm = *m.get_ref();
            if !(0.0..=50.0).contains(&mm) {
                return Err(ConfigError {
                    message: msg!(
                        "[render] margin 是 {mm} 毫米，超出范围",
                        "[render] margin: {mm} mm is out of range"
                    ),
                    help: msg!(
                        "页边距写 0 到 50 之间的毫米数，例如 margin = 10",
                        "write a margin between 0 and 50 mm, e.g. margin = 10"
                    ),
                    span: Some(m.span()),
                });
            }
            out.margin_mm = Some(mm);
        }
        Ok(out)
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            require_limits_everywhere: false,
            levels: BTreeMap::new(),
            hubs: Vec::new(),
            role_levels: BTreeMap::new(),
            max_states: DEFAULT_MAX_STATES,
            render: RenderSettings::default(),
        }
    }
}

impl Settings {
    /// The severity a rule reports at, or `None` when it is off.
    pub fn severity(&self, rule: &Rule) -> Option<Severity> {
        match self.levels.get(rule.code) {
            Some(level) => level.severity(),
            None => Some(rule.default_severity),
        }
    }

    /// The level of a role: the configured override, else the declared 级别.
    pub fn role_level(&self, process: &Process, role: RoleId) -> Option<u32> {
        let r = &process.roles[role];
        self.role_levels.get(&r.name).copied().or(r.level)
    }

    /// Whether a role is a hub (declared 枢纽, or named in `roles.hub`).
    pub fn is_hub(&self, process: &Process, role: RoleId) -> bool {
        let r = &process.roles[role];
        r.is(RoleKind::Hub) || self.hubs.contains(&r.name)
    }

    /// Parse, validate and resolve the text of a configuration file.
    pub fn from_text(text: &str) -> Result<Settings, ConfigError> {
        Options::parse(text).and_then(Options::resolve)
    }
}

/// The nearest `liucheng.toml` in the folder of `file` or above it.
pub fn discover(file: &Path) -> Option<PathBuf> {
    let mut dir = file.parent();
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_resolve_levels_roles_and_policy() {
        let text = r#"
[rules]
S007 = "allow"
R002 = "deny"
[roles]
hub = ["综合科"]
levels = { "分管领导" = 4 }
[time-limits]
require = "error"
"#;
        let settings = Options::parse(text).unwrap().resolve().unwrap();
        assert_eq!(settings.levels.get("S007"), Some(&Level::Allow));
        assert_eq!(settings.levels.get("R002"), Some(&Level::Deny));
        assert_eq!(settings.levels.get("G005"), Some(&Level::Deny));
        assert_eq!(settings.hubs, vec!["综合科".to_owned()]);
        assert_eq!(settings.role_levels.get("分管领导"), Some(&4));
    }

    #[test]
    fn the_documented_example_parses() {
        let settings = Options::parse(EXAMPLE).unwrap().resolve().unwrap();
        assert_eq!(settings.max_states, 200_000);
        assert_eq!(settings.role_levels.get("主要领导"), Some(&5));
        let zh = Options::parse(EXAMPLE_ZH).unwrap().resolve().unwrap();
        assert_eq!(format!("{zh:?}"), format!("{settings:?}"));
    }

    #[test]
    fn render_section_resolves_and_bad_values_say_what_to_write() {
        let s = Settings::from_text(
            "[render]\npage = \"A3\"\norientation = \"landscape\"\nmargin = 12\n",
        )
        .unwrap();
        assert_eq!(s.render.paper, Some(Paper::A3));
        assert_eq!(s.render.orientation, Some(Some(Orientation::Landscape)));
        assert_eq!(s.render.margin_mm, Some(12.0));
        let auto = Settings::from_text("[render]\norientation = \"自动\"\n").unwrap();
        assert_eq!(auto.render.orientation, Some(None));
        assert_eq!(auto.render.paper, None);
        let text = "[render]\npage = \"A5\"\n";
        let err = Settings::from_text(text).unwrap_err();
        assert!(err.message.zh.contains("A5"), "{}", err.message.zh);
        assert!(err.help.en.contains("A4"), "{}", err.help.en);
        assert_eq!(&text[err.span.unwrap()], "\"A5\"");
        assert!(Settings::from_text("[render]\norientation = \"sideways\"\n").is_err());
        assert!(Settings::from_text("[render]\nmargin = 80\n").is_err());
        assert!(Settings::from_text("[render]\npaper = \"A4\"\n").is_err());
    }

    #[test]
    fn bad_options_are_rejected() {
        assert!(
            Options::parse("[rules]\nX999 = \"allow\"")
                .unwrap()
                .resolve()
                .is_err()
        );
        assert!(
            Options::parse("[rules]\nS005 = \"maybe\"")
                .unwrap()
                .resolve()
                .is_err()
        );
        assert!(Options::parse("[unknown]\na = 1").is_err());
        assert!(
            Options::parse("[time-limits]\nrequire = \"x\"")
                .unwrap()
                .resolve()
                .is_err()
        );
    }

    /// The text a config error points at.
    fn pointed(text: &str) -> (String, ConfigError) {
        let err = Settings::from_text(text).unwrap_err();
        let span = err.span.clone().expect("located");
        (text[span].to_owned(), err)
    }

    #[test]
    fn config_errors_point_at_the_value_and_speak_both_languages() {
        let (at, err) = pointed("[rules]\nS007 = \"allow\"\nS005 = \"maybe\"\n");
        assert_eq!(at, "\"maybe\"");
        assert!(err.message.zh.contains("级别「maybe」不认识"), "{err:?}");
        assert!(err.message.en.contains("unknown level `maybe`"), "{err:?}");
        assert!(err.help.zh.contains("allow"), "{err:?}");

        let (at, err) = pointed("[rules]\nS0O5 = \"deny\"\n");
        assert_eq!(at, "S0O5");
        assert!(err.message.zh.contains("「S0O5」不存在"), "{err:?}");
        assert!(err.help.en.contains("did you mean `S005`"), "{err:?}");

        let (at, err) = pointed("[rules]\nP003 = \"allow\"\n");
        assert_eq!(at, "P003");
        assert!(err.message.zh.contains("不能在 [rules] 里设置"), "{err:?}");

        let (at, err) = pointed("[time-limits]\nrequire = \"always\"\n");
        assert_eq!(at, "\"always\"");
        assert!(err.message.zh.contains("「always」不认识"), "{err:?}");

        let (at, err) = pointed("[rules]\n[soundness]\nmax-state = 5\n");
        assert_eq!(at, "max-state");
        assert!(
            err.message.zh.contains("不认识的选项「max-state」"),
            "{err:?}"
        );
        assert!(err.message.zh.contains("「max-states」"), "{err:?}");
    }
}
