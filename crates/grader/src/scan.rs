//! What a learner's file may not say. The file is compiled into the same program as its hidden
//! checks, so a few words would let it reach past its own functions: `crate::` or `super::`
//! (the checks' reference code), `mod` / `#[path]` / `include!` (other files), `std::process`
//! (exit early), `std::env` / `std::fs` (the grader's channel), `unsafe`, and the checker's
//! crates. The scan ignores comments, strings and characters, so prose may mention them.

/// The words refused, each with why.
const FORBIDDEN: &[(&str, &str)] = &[
    ("crate", "reaches the checks' own code"),
    ("super", "reaches the checks' own code"),
    ("mod", "brings in another file"),
    ("include", "brings in another file"),
    ("include_str", "brings in another file"),
    ("include_bytes", "brings in another file"),
    ("extern", "links outside the exercise"),
    ("unsafe", "is not needed in these exercises"),
    ("asm", "is not needed in these exercises"),
    ("process", "could end the checks early"),
    ("exit", "could end the checks early"),
    ("abort", "could end the checks early"),
    ("env", "reads the grader's environment"),
    ("fs", "reads or writes files"),
    ("net", "opens connections"),
    ("set_hook", "replaces the checker's panic hook"),
    ("take_hook", "replaces the checker's panic hook"),
    ("llmpath_checker", "is the checker itself"),
    ("llmpath_data", "is the checker's data access"),
    ("proptest", "is the checker's test generator"),
];

/// A word the file may not use, with its line (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forbidden {
    pub word: String,
    pub line: usize,
    pub why: &'static str,
}

/// The forbidden words `source` uses, in order.
pub fn forbidden_words(source: &str) -> Vec<Forbidden> {
    let code = strip(source);
    let mut found = Vec::new();
    // `#[path = "…"]` brings in another file; `path` alone is a fine name for a variable.
    for (index, line) in code.lines().enumerate() {
        let squeezed: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        if squeezed.contains("#[path") || squeezed.contains("#![path") {
            found.push(Forbidden {
                word: "#[path]".to_owned(),
                line: index + 1,
                why: "brings in another file",
            });
        }
    }
    let mut line = 1;
    let mut word = String::new();
    let mut word_line = 1;
    for c in code.chars().chain([' ']) {
        if c.is_alphanumeric() || c == '_' {
            if word.is_empty() {
                word_line = line;
            }
            word.push(c);
            continue;
        }
        if let Some((_, why)) = FORBIDDEN.iter().find(|(w, _)| *w == word) {
            found.push(Forbidden {
                word: word.clone(),
                line: word_line,
                why,
            });
        }
        word.clear();
        if c == '\n' {
            line += 1;
        }
    }
    found.sort_by_key(|f| f.line);
    found
}

/// `source` with comments, string and character literals blanked out (newlines kept, so
/// line numbers still match).
fn strip(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < chars.len() {
        let (c, next) = (chars[i], chars.get(i + 1).copied());
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                match (chars[i], chars.get(i + 1).copied()) {
                    ('/', Some('*')) => (depth += 1, i += 1).1,
                    ('*', Some('/')) => (depth -= 1, i += 1).1,
                    _ => {}
                }
                out.push(blank(chars[i]));
                out.push(' ');
                i += 1;
                if depth == 0 {
                    break;
                }
            }
        } else if c == 'r' && matches!(next, Some('"' | '#')) && !prev_is_ident(&chars, i) {
            // r"…", r#"…"#: ends at a quote followed by as many #s as it began with.
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            if chars.get(i + 1 + hashes) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            i += 2 + hashes;
            out.push('"');
            while i < chars.len() {
                let closes = chars[i] == '"'
                    && chars[i + 1..]
                        .iter()
                        .take(hashes)
                        .filter(|&&h| h == '#')
                        .count()
                        == hashes;
                if closes {
                    i += 1 + hashes;
                    break;
                }
                out.push(blank(chars[i]));
                i += 1;
            }
            out.push('"');
        } else if c == '"' {
            out.push('"');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if let Some(&c) = chars.get(i) {
                    out.push(blank(c));
                }
                i += 1;
            }
            out.push('"');
            i += 1;
        } else if c == '\'' && is_char_literal(&chars, i) {
            let end = (i + 1..chars.len()).find(|&j| chars[j] == '\'' && chars[j - 1] != '\\');
            let end = end.unwrap_or(chars.len() - 1);
            out.push_str(&" ".repeat(end - i + 1));
            i = end + 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn prev_is_ident(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// `'x'`, `'\n'`, `'\u{1F600}'` (a character) rather than `'a` (a lifetime).
fn is_char_literal(chars: &[char], i: usize) -> bool {
    match chars.get(i + 1) {
        Some('\\') => true,
        Some(_) => chars.get(i + 2) == Some(&'\''),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(source: &str) -> Vec<(String, usize)> {
        forbidden_words(source)
            .into_iter()
            .map(|f| (f.word, f.line))
            .collect()
    }

    #[test]
    fn reaching_past_the_exercise_is_found_with_its_line() {
        let source = "pub fn f() -> f64 {\n    crate::reference(1.0)\n}\n#[path = \"x.rs\"]\nmod x;\nfn g() { std::process::exit(0) }\n";
        assert_eq!(
            words(source),
            [
                ("crate".to_owned(), 2),
                ("#[path]".to_owned(), 4),
                ("mod".to_owned(), 5),
                ("process".to_owned(), 6),
                ("exit".to_owned(), 6)
            ]
        );
    }

    #[test]
    fn comments_strings_chars_and_lifetimes_are_not_code() {
        let source = "//! Use crate::x? No: mod and process are fine in prose.\n/* unsafe /* nested env */ fs */\nfn f<'a>(s: &'a str) -> (&'a str, char, &'static str) {\n    (s, '\"', r#\"super \"exit\"#)\n}\nfn g() -> &'static str { \"std::env::var\" }\n";
        assert_eq!(words(source), []);
    }

    #[test]
    fn an_identifier_that_only_contains_a_word_is_fine() {
        assert_eq!(
            words("let envelope = 1; let modulus = 2; let fs_count = 3;"),
            []
        );
        assert_eq!(
            words("let x = std::env::var(\"A\");"),
            [("env".to_owned(), 1)]
        );
    }
}
