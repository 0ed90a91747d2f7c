//! Time limits (时限): `30分钟`, `2小时`, `3个工作日`, `1日`, `当日`, `即时`, `随到随办`.

use crate::syntax::parser::parse_small_number;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The unit of a counted time limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    /// 分钟.
    Minute,
    /// 小时.
    Hour,
    /// 工作日 (working day).
    WorkDay,
    /// 日 / 天 / 自然日 (calendar day).
    Day,
}

impl TimeUnit {
    /// Minutes in one unit, counting a day (working or calendar) as one 8-hour working day.
    ///
    /// Office time limits are promises in working time; weekends are not modelled, so a
    /// calendar day counts like a working day when limits are added along a path.
    pub fn minutes(self) -> u64 {
        match self {
            TimeUnit::Minute => 1,
            TimeUnit::Hour => 60,
            TimeUnit::WorkDay | TimeUnit::Day => 8 * 60,
        }
    }

    fn zh(self) -> &'static str {
        match self {
            TimeUnit::Minute => "分钟",
            TimeUnit::Hour => "小时",
            TimeUnit::WorkDay => "个工作日",
            TimeUnit::Day => "日",
        }
    }
}

/// A typed time limit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum TimeLimit {
    /// 即时 / 随到随办 / 立即: handled on arrival.
    Immediate,
    /// 当日 / 当天: within the same working day.
    SameDay,
    /// A counted amount: `3个工作日`, `2小时`, `半天`.
    Within {
        /// How many units (may be fractional: `半天` is 0.5 日).
        amount: f64,
        /// The unit.
        unit: TimeUnit,
    },
}

impl TimeLimit {
    /// The limit in minutes of working time (see [`TimeUnit::minutes`]); 即时 is 0, 当日 one working day.
    pub fn minutes(self) -> u64 {
        match self {
            TimeLimit::Immediate => 0,
            TimeLimit::SameDay => TimeUnit::WorkDay.minutes(),
            TimeLimit::Within { amount, unit } => (amount * unit.minutes() as f64).round() as u64,
        }
    }

    /// Parse the text of a `时限` attribute. `None` when it is not a time limit.
    pub fn parse(text: &str) -> Option<TimeLimit> {
        let mut t = text.trim();
        for suffix in ["以内", "之内", "内", "办结", "完成"] {
            if let Some(stripped) = t.strip_suffix(suffix) {
                t = stripped.trim_end();
            }
        }
        let lower = t.to_ascii_lowercase();
        if matches!(
            t,
            "即时" | "立即" | "随到随办" | "随到随签" | "随到随印" | "随到随发" | "即到即办"
        ) || matches!(lower.as_str(), "immediately" | "immediate" | "on arrival")
        {
            return Some(TimeLimit::Immediate);
        }
        if matches!(t, "当日" | "当天" | "即日")
            || matches!(lower.as_str(), "same day" | "same-day")
        {
            return Some(TimeLimit::SameDay);
        }
        let units: &[(&str, TimeUnit)] = &[
            ("个工作日", TimeUnit::WorkDay),
            ("工作日", TimeUnit::WorkDay),
            ("workdays", TimeUnit::WorkDay),
            ("workday", TimeUnit::WorkDay),
            ("working days", TimeUnit::WorkDay),
            ("working day", TimeUnit::WorkDay),
            ("个自然日", TimeUnit::Day),
            ("自然日", TimeUnit::Day),
            ("个小时", TimeUnit::Hour),
            ("小时", TimeUnit::Hour),
            ("hours", TimeUnit::Hour),
            ("hour", TimeUnit::Hour),
            ("h", TimeUnit::Hour),
            ("分钟", TimeUnit::Minute),
            ("minutes", TimeUnit::Minute),
            ("minute", TimeUnit::Minute),
            ("min", TimeUnit::Minute),
            ("天", TimeUnit::Day),
            ("日", TimeUnit::Day),
            ("days", TimeUnit::Day),
            ("day", TimeUnit::Day),
            ("d", TimeUnit::Day),
        ];
        for (suffix, unit) in units {
            if let Some(number) = lower.strip_suffix(suffix) {
                let number = number.trim().trim_end_matches('个').trim();
                if let Some(amount) = parse_amount(number)
                    && amount > 0.0
                    && amount <= 10_000.0
                {
                    return Some(TimeLimit::Within {
                        amount,
                        unit: *unit,
                    });
                }
            }
        }
        // Weeks and months are counted in calendar days.
        for (suffix, days) in [
            ("周", 7.0),
            ("星期", 7.0),
            ("个月", 30.0),
            ("weeks", 7.0),
            ("week", 7.0),
        ] {
            if let Some(number) = lower.strip_suffix(suffix)
                && let Some(amount) = parse_amount(number.trim().trim_end_matches('个'))
                && amount > 0.0
                && amount <= 1_000.0
            {
                return Some(TimeLimit::Within {
                    amount: amount * days,
                    unit: TimeUnit::Day,
                });
            }
        }
        None
    }
}

fn parse_amount(s: &str) -> Option<f64> {
    let s = s.trim();
    if s == "半" {
        return Some(0.5);
    }
    if let Some(whole) = s.strip_suffix('半') {
        return parse_small_number(whole).map(|n| n as f64 + 0.5);
    }
    if let Ok(n) = s.parse::<f64>() {
        return n.is_finite().then_some(n);
    }
    parse_small_number(s).map(f64::from)
}

impl fmt::Display for TimeLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeLimit::Immediate => f.write_str("即时"),
            TimeLimit::SameDay => f.write_str("当日"),
            TimeLimit::Within { amount, unit } => {
                if amount.fract() == 0.0 {
                    write!(f, "{}{}", *amount as u64, unit.zh())
                } else {
                    write!(f, "{}{}", amount, unit.zh())
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_office_time_limits() {
        assert_eq!(TimeLimit::parse("随到随办"), Some(TimeLimit::Immediate));
        assert_eq!(TimeLimit::parse("当日"), Some(TimeLimit::SameDay));
        assert_eq!(
            TimeLimit::parse("3个工作日"),
            Some(TimeLimit::Within {
                amount: 3.0,
                unit: TimeUnit::WorkDay
            })
        );
        assert_eq!(
            TimeLimit::parse("三个工作日内"),
            Some(TimeLimit::Within {
                amount: 3.0,
                unit: TimeUnit::WorkDay
            })
        );
        assert_eq!(
            TimeLimit::parse("30分钟"),
            Some(TimeLimit::Within {
                amount: 30.0,
                unit: TimeUnit::Minute
            })
        );
        assert_eq!(
            TimeLimit::parse("半天"),
            Some(TimeLimit::Within {
                amount: 0.5,
                unit: TimeUnit::Day
            })
        );
        assert_eq!(
            TimeLimit::parse("2 hours"),
            Some(TimeLimit::Within {
                amount: 2.0,
                unit: TimeUnit::Hour
            })
        );
        assert_eq!(TimeLimit::parse("尽快"), None);
        assert_eq!(TimeLimit::parse("0日"), None);
        assert_eq!(TimeLimit::parse("3个工作日").unwrap().minutes(), 3 * 480);
        assert_eq!(
            TimeLimit::parse("3个工作日").unwrap().to_string(),
            "3个工作日"
        );
    }
}
