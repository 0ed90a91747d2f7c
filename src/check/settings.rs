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
use crate::diag::Severity;
use crate::model::{Process, RoleId, RoleKind};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
    /// Per-rule levels by code.
    #[serde(default)]
    pub rules: BTreeMap<String, String>,
    /// Role settings.
    #[serde(default)]
    pub roles: RoleOptions,
    /// Time-limit policy.
    #[serde(default, rename = "time-limits")]
    pub time_limits: TimeLimitOptions,
    /// Soundness check budget.
    #[serde(default)]
    pub soundness: SoundnessOptions,
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
    pub require: Option<String>,
}

/// `[soundness]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SoundnessOptions {
    /// State budget.
    #[serde(rename = "max-states")]
    pub max_states: Option<usize>,
}

impl Options {
    /// Parse the text of a `liucheng.toml`.
    pub fn parse(text: &str) -> Result<Options, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// Validate and resolve into [`Settings`].
    pub fn resolve(self) -> Result<Settings, String> {
        let mut settings = Settings::default();
        if let Some(require) = &self.time_limits.require {
            let level = match require.trim() {
                "auto" | "自动" => None,
                "off" | "关闭" => Some(Level::Allow),
                "warn" | "警告" => Some(Level::Warn),
                "error" | "错误" => Some(Level::Deny),
                other => {
                    return Err(format!(
                        "time-limits.require: unknown value `{other}` (expected auto, off, warn or error)"
                    ));
                }
            };
            if let Some(level) = level {
                settings.levels.insert("G005", level);
                settings.require_limits_everywhere = true;
            }
        }
        for (code, level) in &self.rules {
            let Some(rule) = registry::find(code) else {
                return Err(format!("[rules]: unknown rule code `{code}`"));
            };
            if rule.check.is_none() {
                return Err(format!(
                    "[rules]: `{code}` is reported before validation and cannot be configured"
                ));
            }
            let Some(level) = Level::parse(level) else {
                return Err(format!(
                    "[rules] {code}: unknown level `{level}` (expected allow, hint, warn or deny)"
                ));
            };
            settings.levels.insert(rule.code, level);
            if rule.code == "G005" {
                settings.require_limits_everywhere = true;
            }
        }
        settings.hubs = self.roles.hub.unwrap_or_default();
        settings.role_levels = self.roles.levels.unwrap_or_default();
        if let Some(max) = self.soundness.max_states {
            settings.max_states = max;
        }
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
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            require_limits_everywhere: false,
            levels: BTreeMap::new(),
            hubs: Vec::new(),
            role_levels: BTreeMap::new(),
            max_states: DEFAULT_MAX_STATES,
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

    /// Load and resolve a configuration file.
    pub fn load(path: &Path) -> Result<Settings, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Options::parse(&text)
            .and_then(Options::resolve)
            .map_err(|e| format!("{}: {e}", path.display()))
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
}
