//! Time limits (时限): `30分钟`, `2小时`, `3个工作日`, `1日`, `当日`, `即时`, `随到随办`, calendar
//! limits (`次日`, `当周`, `次月`, `下班前`), ranges (`1至3个工作日`); and lead times (提前).

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
///
/// Besides counted amounts there are limits anchored to the calendar (次日, 当周, 次月: by the
/// end of the next day, of this week, of next month) and ranges (`1至3个工作日`). How much
/// working time each allows depends on when the case arrives, so each has a bound:
/// [`TimeLimit::minutes`] is the most it allows (a case arriving first thing on a Monday, or on
/// the first of the month; 当周 up to 7 days, 次月 up to 62), [`TimeLimit::min_minutes`] the
/// least (a case arriving at the end of the period: 当周 and 当月 may leave only that day).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum TimeLimit {
    /// 即时 / 随到随办 / 立即: handled on arrival.
    Immediate,
    /// 当日 / 当天 / 下班前: within the same working day.
    SameDay,
    /// 次日 / 翌日: by the end of the next (working) day.
    NextDay,
    /// 当周 / 本周: by the end of this week.
    ThisWeek,
    /// 次周 / 下周: by the end of next week.
    NextWeek,
    /// 当月 / 本月: by the end of this month.
    ThisMonth,
    /// 次月 / 下月: by the end of next month.
    NextMonth,
    /// A counted amount: `3个工作日`, `2小时`, `半天`.
    Within {
        /// How many units (may be fractional: `半天` is 0.5 日).
        amount: f64,
        /// The unit.
        unit: TimeUnit,
    },
    /// A range `1至3个工作日` (also `1-3个工作日`, `1～3天`): at least `low`, at most `high`.
    Range {
        /// The shorter bound.
        low: f64,
        /// The longer bound (greater than `low`).
        high: f64,
        /// The unit of both.
        unit: TimeUnit,
    },
}

/// The longest a calendar-anchored limit allows, in days: 当日 1, 次日 2, 当周 7, 次周 14, 当月
/// 31, 次月 62 (days count as working days, see [`TimeUnit::minutes`]).
fn calendar_days(limit: TimeLimit) -> Option<(f64, f64)> {
    // (least, most)
    Some(match limit {
        TimeLimit::SameDay => (1.0, 1.0),
        TimeLimit::NextDay => (1.0, 2.0),
        TimeLimit::ThisWeek => (1.0, 7.0),
        TimeLimit::NextWeek => (7.0, 14.0),
        TimeLimit::ThisMonth => (1.0, 31.0),
        TimeLimit::NextMonth => (28.0, 62.0),
        _ => return None,
    })
}

impl TimeLimit {
    /// The most working time the limit allows, in minutes (see [`TimeUnit::minutes`]): 即时 0,
    /// 当日 one working day, a range its longer bound, a calendar limit its longest reading
    /// (次日 2 days, 当周 7, 次周 14, 当月 31, 次月 62). Sums of time limits (G006) use this bound.
    pub fn minutes(self) -> u64 {
        self.bounds().1
    }

    /// The least working time the limit guarantees, in minutes: a range its shorter bound, a
    /// calendar limit its shortest reading (当周 and 当月 one day, 次日 one, 次周 7, 次月 28).
    pub fn min_minutes(self) -> u64 {
        self.bounds().0
    }

    fn bounds(self) -> (u64, u64) {
        let day = TimeUnit::Day.minutes() as f64;
        let m = |x: f64| x.round() as u64;
        match self {
            TimeLimit::Immediate => (0, 0),
            TimeLimit::Within { amount, unit } => {
                let v = m(amount * unit.minutes() as f64);
                (v, v)
            }
            TimeLimit::Range { low, high, unit } => (
                m(low * unit.minutes() as f64),
                m(high * unit.minutes() as f64),
            ),
            other => {
                let (lo, hi) = calendar_days(other).unwrap_or((0.0, 0.0));
                (m(lo * day), m(hi * day))
            }
        }
    }

    /// Parse the text of a `时限` attribute. `None` when it is not a time limit.
    pub fn parse(text: &str) -> Option<TimeLimit> {
        let mut t = text.trim();
        // `3日内办结`, `3个工作日以内完成`: strip every such ending, in any order.
        loop {
            let before = t;
            for suffix in ["以内", "之内", "内", "办结", "完成", "前"] {
                if let Some(stripped) = t.strip_suffix(suffix)
                    && !stripped.is_empty()
                    && (suffix != "前" || stripped.ends_with("下班"))
                {
                    t = stripped.trim_end();
                }
            }
            if t == before {
                break;
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
        let named = [
            (
                &[
                    "当日",
                    "当天",
                    "即日",
                    "今日",
                    "今天",
                    "下班",
                    "当日下班",
                    "当天下班",
                    "今日下班",
                ][..],
                &["same day", "same-day", "today", "end of day"][..],
                TimeLimit::SameDay,
            ),
            (
                &[
                    "次日",
                    "翌日",
                    "第二天",
                    "第二日",
                    "次日下班",
                    "次一工作日",
                    "下一个工作日",
                    "下一工作日",
                ][..],
                &["next day", "next-day", "tomorrow"][..],
                TimeLimit::NextDay,
            ),
            (
                &["当周", "本周"][..],
                &["this week"][..],
                TimeLimit::ThisWeek,
            ),
            (
                &["次周", "下周"][..],
                &["next week"][..],
                TimeLimit::NextWeek,
            ),
            (
                &["当月", "本月"][..],
                &["this month"][..],
                TimeLimit::ThisMonth,
            ),
            (
                &["次月", "下月"][..],
                &["next month"][..],
                TimeLimit::NextMonth,
            ),
        ];
        for (zh, en, limit) in named {
            if zh.contains(&t) || en.contains(&lower.as_str()) {
                return Some(limit);
            }
        }
        // `1至3个工作日`, `1-3天`, `1～3个月`: both bounds in the unit written after the second.
        for sep in ["至", "到", "～", "~", "—", "－", "-"] {
            if let Some((low, high_text)) = lower.split_once(sep) {
                let high_text = high_text.trim();
                let high = counted(high_text)?;
                let TimeLimit::Within { amount: hi, unit } = high else {
                    return None;
                };
                let lo = match counted(low.trim()) {
                    Some(TimeLimit::Within { amount, unit: u }) if u == unit => amount,
                    Some(_) => return None,
                    // A bare number takes the unit of the upper bound; 周 and 个月 were
                    // turned into days, so scale it the same way.
                    None => parse_amount(low.trim())? * days_per_unit(high_text),
                };
                return (lo > 0.0 && lo < hi).then_some(TimeLimit::Range {
                    low: lo,
                    high: hi,
                    unit,
                });
            }
        }
        counted(&lower)
    }

    /// A lead time (`提前：1个工作日`, `提前1个工作日`): how long *before* something (a meeting,
    /// a deadline) a step must be done. Only counted amounts make sense here.
    pub fn parse_lead(text: &str) -> Option<TimeLimit> {
        let t = text.trim();
        let t = t.strip_prefix("提前").unwrap_or(t).trim();
        match TimeLimit::parse(t)? {
            limit @ TimeLimit::Within { .. } => Some(limit),
            _ => None,
        }
    }

    /// Whether `text` reads as a lead time written where a duration belongs (`时限：提前1个工作日`).
    pub fn looks_like_lead(text: &str) -> bool {
        let t = text.trim();
        t.starts_with("提前") && TimeLimit::parse_lead(t).is_some()
    }
}

/// Weeks and months, counted in calendar days.
const WEEKS_AND_MONTHS: [(&str, f64); 5] = [
    ("周", 7.0),
    ("星期", 7.0),
    ("个月", 30.0),
    ("weeks", 7.0),
    ("week", 7.0),
];

/// How many days one unit written at the end of `text` is: 7 for a week, 30 for a month, 1
/// otherwise (the unit is kept as written), to scale a bare lower bound.
fn days_per_unit(text: &str) -> f64 {
    WEEKS_AND_MONTHS
        .iter()
        .find(|(s, _)| text.ends_with(s))
        .map_or(1.0, |(_, d)| *d)
}

/// A counted amount with its unit: `3个工作日`, `2小时`, `2周`.
fn counted(lower: &str) -> Option<TimeLimit> {
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
    for (suffix, days) in WEEKS_AND_MONTHS {
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

/// `3`, `0.5`: whole amounts without a decimal point.
fn amount_text(amount: f64) -> String {
    if amount.fract() == 0.0 {
        format!("{}", amount as u64)
    } else {
        format!("{amount}")
    }
}

impl fmt::Display for TimeLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeLimit::Immediate => f.write_str("即时"),
            TimeLimit::SameDay => f.write_str("当日"),
            TimeLimit::NextDay => f.write_str("次日"),
            TimeLimit::ThisWeek => f.write_str("当周"),
            TimeLimit::NextWeek => f.write_str("次周"),
            TimeLimit::ThisMonth => f.write_str("当月"),
            TimeLimit::NextMonth => f.write_str("次月"),
            TimeLimit::Within { amount, unit } => {
                write!(f, "{}{}", amount_text(*amount), unit.zh())
            }
            TimeLimit::Range { low, high, unit } => {
                write!(
                    f,
                    "{}至{}{}",
                    amount_text(*low),
                    amount_text(*high),
                    unit.zh()
                )
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

    #[test]
    fn calendar_limits_ranges_and_office_endings() {
        use TimeLimit::*;
        for (text, want) in [
            ("次日", NextDay),
            ("翌日", NextDay),
            ("次日下班前", NextDay),
            ("次月", NextMonth),
            ("下月", NextMonth),
            ("当周", ThisWeek),
            ("本周内", ThisWeek),
            ("下周", NextWeek),
            ("当月", ThisMonth),
            ("下班前", SameDay),
            ("当日下班前", SameDay),
            ("next day", NextDay),
        ] {
            assert_eq!(TimeLimit::parse(text), Some(want), "{text}");
        }
        let day = Within {
            amount: 3.0,
            unit: TimeUnit::Day,
        };
        assert_eq!(TimeLimit::parse("3日内"), Some(day));
        assert_eq!(
            TimeLimit::parse("3日内办结"),
            Some(day),
            "endings in any order"
        );
        assert_eq!(TimeLimit::parse("3日之内完成"), Some(day));
        let range = Range {
            low: 1.0,
            high: 3.0,
            unit: TimeUnit::WorkDay,
        };
        for text in [
            "1至3个工作日",
            "1-3个工作日",
            "1～3个工作日",
            "1个工作日至3个工作日",
            "一到三个工作日内",
        ] {
            assert_eq!(TimeLimit::parse(text), Some(range), "{text}");
        }
        assert_eq!(
            TimeLimit::parse("1至2周"),
            Some(Range {
                low: 7.0,
                high: 14.0,
                unit: TimeUnit::Day
            })
        );
        assert_eq!(TimeLimit::parse("3至1个工作日"), None, "bounds in order");
        assert_eq!(TimeLimit::parse("2小时至1个工作日"), None, "one unit");
        assert_eq!(TimeLimit::parse("-3天"), None);
        assert_eq!(TimeLimit::parse("前"), None);
        // Bounds: the most a limit allows and the least it guarantees.
        assert_eq!((range.min_minutes(), range.minutes()), (480, 3 * 480));
        assert_eq!(NextDay.minutes(), 2 * 480);
        assert_eq!(ThisWeek.minutes(), 7 * 480);
        assert_eq!(ThisWeek.min_minutes(), 480);
        assert_eq!(NextMonth.minutes(), 62 * 480);
        assert_eq!(SameDay.minutes(), SameDay.min_minutes());
        assert_eq!(range.to_string(), "1至3个工作日");
        assert_eq!(NextMonth.to_string(), "次月");
        // Display reads back as the same limit.
        for limit in [
            NextDay, ThisWeek, NextWeek, ThisMonth, NextMonth, range, day,
        ] {
            assert_eq!(TimeLimit::parse(&limit.to_string()), Some(limit));
        }
    }

    #[test]
    fn lead_times_are_not_durations() {
        let one = TimeLimit::Within {
            amount: 1.0,
            unit: TimeUnit::WorkDay,
        };
        assert_eq!(TimeLimit::parse("提前1个工作日"), None);
        assert!(TimeLimit::looks_like_lead("提前1个工作日"));
        assert!(!TimeLimit::looks_like_lead("1个工作日"));
        assert_eq!(TimeLimit::parse_lead("1个工作日"), Some(one));
        assert_eq!(TimeLimit::parse_lead("提前1个工作日"), Some(one));
        assert_eq!(
            TimeLimit::parse_lead("次日"),
            None,
            "a lead time is an amount"
        );
    }
}
