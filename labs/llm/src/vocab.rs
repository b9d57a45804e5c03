//! A character-level vocabulary: the sorted distinct characters of a text, id = rank
//! (nanoGPT's `data/shakespeare_char/prepare.py`: 65 characters for tiny-shakespeare).
//!
//! ```text
//! encode("hi") = [id('h'), id('i')],   decode(encode(s)) = s
//! ```

/// A character the vocabulary does not have (a prompt with a letter the corpus never uses).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("character {ch:?} at position {position} is not in the vocabulary")]
pub struct UnknownChar {
    pub ch: char,
    pub position: usize,
}

/// The characters, sorted by code point (Python's `sorted(set(text))`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocab {
    chars: Vec<char>,
}

impl Vocab {
    /// The distinct characters of `text`.
    pub fn from_text(text: &str) -> Vocab {
        let mut chars: Vec<char> = text.chars().collect();
        chars.sort_unstable();
        chars.dedup();
        Vocab { chars }
    }

    /// vocab_size.
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// The id of every character of `text`.
    pub fn encode(&self, text: &str) -> Result<Vec<u32>, UnknownChar> {
        (text.chars().enumerate())
            .map(|(position, ch)| match self.chars.binary_search(&ch) {
                Ok(id) => Ok(id as u32),
                Err(_) => Err(UnknownChar { ch, position }),
            })
            .collect()
    }

    /// The text of `ids`; an id outside the vocabulary becomes U+FFFD.
    pub fn decode(&self, ids: &[u32]) -> String {
        let ch = |&id: &u32| self.chars.get(id as usize).copied().unwrap_or('\u{FFFD}');
        ids.iter().map(ch).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_ranks_of_sorted_characters_and_decode_inverts_encode() {
        let vocab = Vocab::from_text("hello, world\n");
        assert_eq!(vocab.len(), 10); // \n ' ' , d e h l o r w
        assert_eq!(vocab.decode(&[0, 1, 2]), "\n ,");
        let ids = vocab.encode("low, hello").unwrap();
        assert_eq!(vocab.decode(&ids), "low, hello");
        assert_eq!(vocab.encode("hex"), Err(UnknownChar { ch: 'x', position: 2 }));
        assert_eq!(vocab.decode(&[99]), "\u{FFFD}");
    }
}
