//! The user's seed path (`content/seed/learning-path.zh.md`) as a list of content lines, so
//! `dev check` can prove that every one of them is covered by the curriculum.

/// One content line of the seed, with its Markdown markers stripped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedText {
    /// 1-based line number in the seed file.
    pub line: usize,
    pub text: String,
    /// A list item (`*`, `-`, `1.`): a study item, which must map to curriculum ids. Headings
    /// and prose may instead name the part of llmpath that covers them.
    pub is_item: bool,
}

/// Splits the seed into content lines: blank lines and rules (`***`) are dropped; heading
/// hashes, list markers, quote markers and bold markers are stripped.
pub fn seed_lines(markdown: &str) -> Vec<SeedText> {
    markdown
        .lines()
        .enumerate()
        .filter_map(|(index, raw)| {
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.chars().all(|c| c == '*' || c == '-') {
                return None;
            }
            let mut text = trimmed.trim_start_matches('#').trim_start();
            text = text.strip_prefix('>').map_or(text, str::trim_start);
            let mut is_item = false;
            if let Some(rest) = text.strip_prefix("* ").or_else(|| text.strip_prefix("- ")) {
                text = rest;
                is_item = true;
            } else if let Some((number, rest)) = text.split_once(". ")
                && !number.is_empty()
                && number.chars().all(|c| c.is_ascii_digit())
            {
                text = rest;
                is_item = true;
            }
            let text = text.replace("**", "").trim().to_owned();
            (!text.is_empty()).then_some(SeedText {
                line: index + 1,
                text,
                is_item,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_markers_and_classifies_items() {
        let lines = seed_lines(
            "# Title\n\n#### 第一阶段：基础准备（1-2 个月）\n* **数学基础（2-3 周）**\n\n  * 线性代数：SVD\n***\n1. 每日代码练习：LeetCode\n> （注：AI）\n",
        );
        let texts: Vec<(&str, bool)> = lines.iter().map(|l| (l.text.as_str(), l.is_item)).collect();
        assert_eq!(
            texts,
            vec![
                ("Title", false),
                ("第一阶段：基础准备（1-2 个月）", false),
                ("数学基础（2-3 周）", true),
                ("线性代数：SVD", true),
                ("每日代码练习：LeetCode", true),
                ("（注：AI）", false),
            ]
        );
        assert_eq!(lines[3].line, 6);
    }
}
