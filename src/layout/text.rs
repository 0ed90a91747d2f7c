//! Text measurement and wrapping, as layout sees it.
//!
//! Layout never loads fonts: it gets a [`TextMeasure`] (the real one, built on the embedded
//! Noto Sans CJK SC font, is `render::measure::FontMeasure`). [`ApproxMeasure`] is a
//! font-free stand-in for tests and benchmarks.
//!
//! [`wrap`] breaks lines at UAX #14 break opportunities (via `unicode-linebreak`) and adds
//! the Chinese line-start and line-end rules (避头尾, GB/T 15834 practice): no line starts
//! with closing or pausing punctuation (，。、；：？！）》」』】〕… and the like, nor with
//! — or ·), and no line ends with opening punctuation (（《「『【〔…).
//!
//! UAX #14 allows a break between any two ideographs, which splits words (流/程, 签发/稿).
//! So a break between two Han characters of one word is not taken: words come from the jieba
//! segmenter (its default dictionary, by the most probable path, no HMM guessing, plus
//! [`OFFICE_WORDS`]); a word is split only when it alone is wider than the line.
//! Segmentation is deterministic: the same text always gives the same words.

use jieba_rs::Jieba;
use std::sync::OnceLock;
use unicode_linebreak::{BreakOpportunity, linebreaks};

/// Office words jieba's dictionary lacks, or holds too rarely to win against single
/// characters; added to it with [`OFFICE_WORD_FREQ`].
pub const OFFICE_WORDS: &[&str] = &[
    "桌签",
    "签发稿",
    "核稿",
    "呈批",
    "呈批件",
    "拟办",
    "批办",
    "阅办",
    "传阅",
    "签收",
    "收文",
    "发文",
    "来文",
    "用印",
    "文稿",
    "定稿",
    "审稿",
    "会签",
    "督办",
    "催办",
    "登记簿",
    "文号",
    "发文字号",
    "印发",
    "分送",
    "清退",
    "立卷",
    "归档",
    "签报",
    "请示件",
    "批示件",
    "办结",
    "拟稿",
    "复核",
    "校对",
    "盖印",
    "用章",
    "公文",
    "工作日",
    "负责人",
    "办公室",
    "分发",
    "流程",
    "签发",
    "领用",
];
/// The frequency given to [`OFFICE_WORDS`]: that of a common word of jieba's dictionary.
const OFFICE_WORD_FREQ: usize = 1000;

/// The segmenter, built once (loading the dictionary takes a moment).
fn segmenter() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(|| {
        let mut jieba = Jieba::new();
        for word in OFFICE_WORDS {
            jieba.add_word(word, Some(OFFICE_WORD_FREQ), None);
        }
        jieba
    })
}

/// Whether `c` is a Han character (the ideographs words are made of).
fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF | 0x3007)
}

/// Byte offsets of `text` that lie inside a word, between two of its Han characters, in
/// increasing order: breaks there would split the word.
pub fn inside_words(text: &str) -> Vec<usize> {
    if !text.chars().any(is_han) {
        return Vec::new();
    }
    let mut inside = Vec::new();
    for token in segmenter().cut(text, false) {
        let word = token.word;
        for (i, c) in word.char_indices().skip(1) {
            let before = word[..i].chars().next_back();
            if is_han(c) && before.is_some_and(is_han) {
                inside.push(token.byte_start + i);
            }
        }
    }
    inside
}

/// Measures the advance width of a single line of text.
pub trait TextMeasure {
    /// Width in px of `text` set on one line at `font_size` px.
    fn width(&self, text: &str, font_size: f64) -> f64;
    /// Distance between baselines of consecutive lines, px.
    fn line_height(&self, font_size: f64) -> f64 {
        font_size * 1.4
    }
}

/// A font-free measure: CJK and full-width characters are 1 em, others 0.55 em.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApproxMeasure;

impl TextMeasure for ApproxMeasure {
    fn width(&self, text: &str, font_size: f64) -> f64 {
        text.chars()
            .map(|c| if (c as u32) >= 0x2E80 { 1.0 } else { 0.55 })
            .sum::<f64>()
            * font_size
    }
}

/// Characters that must not begin a line (行首禁则).
pub fn no_line_start(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '》'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '〉'
            | '〗'
            | '〙'
            | '〛'
            | '］'
            | '｝'
            | '’'
            | '”'
            | '…'
            | '‥'
            | '⋯'
            | '—'
            | '–'
            | '·'
            | '・'
            | '～'
            | '〜'
            | '％'
            | '‰'
            | '℃'
            | '．'
    ) || matches!(c, ',' | '.' | ';' | ':' | '?' | '!' | ')' | ']' | '}' | '%')
}

/// Characters that must not end a line (行尾禁则).
pub fn no_line_end(c: char) -> bool {
    matches!(
        c,
        '（' | '《'
            | '「'
            | '『'
            | '【'
            | '〔'
            | '〈'
            | '〖'
            | '〘'
            | '〚'
            | '［'
            | '｛'
            | '‘'
            | '“'
            | '('
            | '['
            | '{'
    )
}

/// Whether a line may break at byte offset `at` of `text` (between two characters).
fn kinsoku_allows(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at..].chars().next();
    !(after.is_some_and(no_line_start) || before.is_some_and(no_line_end))
}

/// Break `text` into lines no wider than `max_width`.
///
/// Lines break only at UAX #14 opportunities that the Chinese line-start/line-end rules allow
/// and that do not split a word ([`inside_words`]); a newline (a forced break) always breaks. A run with no allowed break that is wider than `max_width` on its
/// own (a long Latin word, a long number, a long Chinese word) is split between characters as a
/// last resort, still
/// keeping the line-start rule where it can. A last line of a single character is avoided
/// when a slightly narrower wrap gives as many lines. Spaces at a line end are dropped.
/// Always returns at least one line.
pub fn wrap(text: &str, max_width: f64, font_size: f64, measure: &dyn TextMeasure) -> Vec<String> {
    let inside = inside_words(text);
    let lines = wrap_greedy(text, &inside, max_width, font_size, measure);
    // Avoid a last line of a single character (孤字): wrap a little narrower, up to four
    // characters, if that keeps the number of lines.
    if lines.len() < 2 || !is_orphan(lines.last().expect("non-empty")) || text.contains('\n') {
        return lines;
    }
    for k in 1..=4 {
        let narrower = max_width - f64::from(k) * font_size;
        if narrower < font_size * 2.0 {
            break;
        }
        let alt = wrap_greedy(text, &inside, narrower, font_size, measure);
        if alt.len() > lines.len() {
            break;
        }
        if !is_orphan(alt.last().expect("non-empty")) {
            return alt;
        }
    }
    lines
}

/// A line holding one character, perhaps followed by punctuation (「办。」).
fn is_orphan(line: &str) -> bool {
    line.chars().filter(|c| !no_line_start(*c)).count() == 1
}

fn wrap_greedy(
    text: &str,
    inside: &[usize],
    max_width: f64,
    font_size: f64,
    measure: &dyn TextMeasure,
) -> Vec<String> {
    let fits = |s: &str| measure.width(s.trim_end(), font_size) <= max_width + 1e-9;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut start = 0;
    for (at, opportunity) in linebreaks(text) {
        let mandatory = opportunity == BreakOpportunity::Mandatory;
        if !mandatory && (!kinsoku_allows(text, at) || inside.binary_search(&at).is_ok()) {
            continue;
        }
        let segment = &text[start..at];
        start = at;
        let mut candidate = line.clone();
        candidate.push_str(segment);
        if fits(&candidate) {
            line = candidate;
        } else {
            if !line.trim_end().is_empty() {
                lines.push(line.trim_end().to_string());
            }
            line = String::new();
            if fits(segment) {
                line.push_str(segment);
            } else {
                let mut pieces = split_chars(segment, &fits);
                line = pieces.pop().unwrap_or_default();
                lines.extend(pieces);
            }
        }
        if mandatory {
            let done = line.trim_end_matches([
                '\n', '\r', '\u{2028}', '\u{2029}', '\u{85}', '\u{b}', '\u{c}',
            ]);
            let done = done.trim_end().to_string();
            if !done.is_empty() || at < text.len() {
                lines.push(done);
            }
            line = String::new();
        }
    }
    if !line.trim_end().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// Split an unbreakable run between characters, greedily, moving characters to the next line
/// while the next line would start with a character that may not start a line, or this one
/// would end with one that may not end a line.
fn split_chars(segment: &str, fits: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for c in segment.chars() {
        let mut candidate = current.clone();
        candidate.push(c);
        if current.is_empty() || fits(&candidate) {
            current = candidate;
            continue;
        }
        // `c` starts a new line; pull characters back while it may not start one.
        let mut carry = String::new();
        carry.push(c);
        while (carry.chars().next().is_some_and(no_line_start)
            || current.chars().next_back().is_some_and(no_line_end))
            && current.chars().count() > 1
        {
            let last = current.pop().expect("non-empty");
            carry.insert(0, last);
        }
        out.push(std::mem::take(&mut current));
        current = carry;
    }
    out.push(current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 1 px per character, so widths count characters.
    struct Count;
    impl TextMeasure for Count {
        fn width(&self, text: &str, _: f64) -> f64 {
            text.chars().count() as f64
        }
    }

    fn w(text: &str, max: f64) -> Vec<String> {
        wrap(text, max, 1.0, &Count)
    }

    #[test]
    fn short_text_stays_on_one_line() {
        assert_eq!(w("签收", 10.0), vec!["签收"]);
        assert_eq!(w("", 10.0), vec![""]);
    }

    #[test]
    fn cjk_breaks_between_ideographs() {
        assert_eq!(w("提出拟办意见", 4.0), vec!["提出拟办", "意见"]);
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        // A greedy character wrap would start line 2 with "，"; 清点 is one word.
        assert_eq!(w("签收清点，核对", 4.0), vec!["签收", "清点，", "核对"]);
        assert_eq!(w("是否符合规则？", 6.0), vec!["是否符合", "规则？"]);
        assert_eq!(w("办理（一）完毕", 5.0), vec!["办理（一）", "完毕"]);
        for (text, max) in [
            ("甲乙丙丁。戊己庚", 4.0),
            ("甲乙丙丁、戊己庚", 4.0),
            ("甲乙丙丁》戊己庚", 4.0),
            ("甲乙丙丁」戊己庚", 4.0),
            ("甲乙丙丁…戊己庚", 4.0),
            ("甲乙丙丁—戊己庚", 4.0),
            ("甲乙丙丁·戊己庚", 4.0),
            ("甲乙丙丁！戊己庚", 4.0),
            ("甲乙丙丁；戊己庚", 4.0),
            ("甲乙丙丁：戊己庚", 4.0),
        ] {
            let lines = w(text, max);
            for line in &lines[1..] {
                let first = line.chars().next().unwrap();
                assert!(!no_line_start(first), "{text:?} → {lines:?}");
            }
            assert_eq!(lines.concat(), text);
        }
    }

    #[test]
    fn no_line_ends_with_opening_punctuation() {
        let lines = w("依据第二十四条《条例》办理", 5.0);
        for line in &lines {
            assert!(!no_line_end(line.chars().last().unwrap()), "{lines:?}");
        }
        assert_eq!(w("甲乙丙（丁戊）", 4.0), vec!["甲乙丙", "（丁戊）"]);
        assert_eq!(w("甲乙丙【丁】", 4.0), vec!["甲乙丙", "【丁】"]);
    }

    #[test]
    fn latin_words_and_numbers_stay_whole() {
        assert_eq!(w("上传到 OA system", 9.0), vec!["上传到 OA", "system"]);
        assert_eq!(w("办理12345份", 6.0), vec!["办理", "12345份"]);
    }

    #[test]
    fn overlong_runs_are_split_as_a_last_resort() {
        assert_eq!(w("abcdefghij", 4.0), vec!["abcd", "efgh", "ij"]);
        // Even then, the line-start rule is kept.
        assert_eq!(w("abc,def", 3.0), vec!["ab", "c,d", "ef"]);
    }

    #[test]
    fn no_single_character_last_line() {
        assert_eq!(
            w("转涉密文件接收与阅办", 9.0),
            vec!["转涉密文件接收与", "阅办"]
        );
        assert_eq!(w("签收清点核对完毕。", 8.0), vec!["签收清点核对", "完毕。"]);
        // Unavoidable: one character per line anyway.
        assert_eq!(w("甲乙", 1.0), vec!["甲", "乙"]);
    }

    #[test]
    fn words_are_not_split() {
        // UAX #14 alone split each of these words at some width.
        for (text, word) in [
            ("准备会议桌签和材料", "桌签"),
            ("把文件分发给各科室", "分发"),
            ("收文办理流程图说明", "流程"),
            ("将签发稿送交印制", "签发稿"),
            ("发文办理流程：签发稿核对后分发", "签发稿"),
            ("各科室提出年度、季度用品需求", "季度"),
            ("领用登记，部门负责人签字", "负责人"),
        ] {
            let chars = text.chars().count();
            for max in word.chars().count()..=chars {
                let lines = w(text, max as f64);
                assert_eq!(lines.concat(), text);
                assert!(
                    lines.iter().any(|l| l.contains(word)),
                    "{word} split at {max}: {lines:?}"
                );
            }
        }
    }

    #[test]
    fn a_word_wider_than_the_line_is_split() {
        assert_eq!(w("办公用品", 2.0), vec!["办公", "用品"]);
        assert_eq!(w("签发稿", 2.0), vec!["签发", "稿"]);
        assert_eq!(w("甲签发稿", 2.0), vec!["甲", "签发", "稿"]);
    }

    #[test]
    fn segmentation_is_deterministic() {
        let text = "收到来文后登记，拟办意见报领导批示，再分发承办部门办理";
        let first = inside_words(text);
        assert!(!first.is_empty());
        for _ in 0..3 {
            assert_eq!(inside_words(text), first);
        }
        assert_eq!(inside_words("OA system 123"), Vec::<usize>::new());
    }

    #[test]
    fn forced_breaks_are_kept() {
        assert_eq!(w("签发\n稿件", 10.0), vec!["签发", "稿件"]);
        assert_eq!(w("甲乙丙丁\n戊", 2.0), vec!["甲乙", "丙丁", "戊"]);
        // No orphan avoidance across a forced break.
        assert_eq!(w("办公用品管理\n办", 10.0), vec!["办公用品管理", "办"]);
    }

    #[test]
    fn newlines_break() {
        assert_eq!(w("甲\n乙", 10.0), vec!["甲", "乙"]);
    }

    #[test]
    fn every_line_fits_with_a_real_width() {
        let text = "逐件清点，核对封装、份数、编号，签字并注明签收时间";
        let lines = wrap(text, 100.0, 14.0, &ApproxMeasure);
        assert_eq!(lines.concat(), text);
        for line in &lines {
            assert!(ApproxMeasure.width(line, 14.0) <= 100.0, "{lines:?}");
        }
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        fn token() -> impl Strategy<Value = String> {
            prop_oneof![
                prop::sample::select(vec!["甲", "乙", "丙", "丁", "戊"]).prop_map(str::to_string),
                prop::sample::select(vec![
                    "甲，", "乙。", "丙、", "丁；", "戊：", "己？", "庚！", "辛）", "壬》", "癸」",
                    "子…", "丑—", "寅·"
                ])
                .prop_map(str::to_string),
                prop::sample::select(vec!["（甲", "《乙", "「丙", "【丁", "〔戊"])
                    .prop_map(str::to_string),
                prop::sample::select(vec!["ab", "OA", "12", "B3"]).prop_map(str::to_string),
                prop::sample::select(vec![
                    "流程",
                    "签发稿",
                    "桌签",
                    "分发",
                    "办公用品",
                    "负责人",
                    "中华人民共和国",
                    "登记"
                ])
                .prop_map(str::to_string),
            ]
        }

        proptest! {
            /// With forced breaks: every character is kept, in order; lines fit; and every
            /// forced break ends a line.
            #[test]
            fn wrap_keeps_characters_widths_and_forced_breaks(
                tokens in prop::collection::vec(prop_oneof![4 => token(), 1 => Just("\n".to_string())], 0..30),
                max in 1usize..12,
            ) {
                let text: String = tokens.concat();
                let lines = w(&text, max as f64);
                prop_assert_eq!(lines.concat(), text.replace('\n', ""));
                for line in &lines {
                    // One character is never split, so a line of one may exceed the width.
                    prop_assert!(line.chars().count() <= max.max(1) || line.chars().count() == 1, "{:?} too wide in {:?}", line, lines);
                }
                // Character counts where lines end, and where the forced breaks fall.
                let mut ends = std::collections::BTreeSet::new();
                let mut at = 0;
                for line in &lines {
                    at += line.chars().count();
                    ends.insert(at);
                }
                let mut at = 0;
                for c in text.chars() {
                    if c == '\n' {
                        prop_assert!(ends.contains(&at), "forced break after {} chars lost in {:?}", at, lines);
                    } else {
                        at += 1;
                    }
                }
            }
        }

        proptest! {
            #[test]
            fn wrap_keeps_text_and_the_rules(tokens in prop::collection::vec(token(), 0..30), max in 4usize..12) {
                let text: String = tokens.concat();
                let lines = w(&text, max as f64);
                prop_assert_eq!(lines.concat(), text.clone());
                for (i, line) in lines.iter().enumerate() {
                    prop_assert!(line.chars().count() <= max, "{:?} too wide in {:?}", line, lines);
                    if i > 0 {
                        let first = line.chars().next().unwrap();
                        prop_assert!(!no_line_start(first), "{:?} starts a line in {:?}", first, lines);
                    }
                    if i + 1 < lines.len() {
                        let last = line.chars().last().unwrap();
                        prop_assert!(!no_line_end(last), "{:?} ends a line in {:?}", last, lines);
                    }
                }
            }
        }
    }
}
