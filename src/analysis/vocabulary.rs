//! The distinct words of an incident, each looked up in the stop-word lists and the lexicons
//! once: a text's words become ids, and everything the analysis asks about a word (stop word?
//! negator? polarity? topic term?) is then one array access instead of several hash look-ups.

use rustc_hash::FxHashMap;

use super::sentiment::lexicon;
use super::text::{is_term_candidate, stop_bits, Tokens};
use crate::model::Language;

/// What the analysis needs to know about one distinct word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordInfo {
    /// Languages listing it as a stop word (bits of [`Language::bit`]).
    pub stop: u8,
    /// Languages in which it is a negator.
    pub negator: u8,
    /// Lexicon score per language (index `Language as usize`), 0 when not in that lexicon.
    pub polarity: [i8; 4],
    /// Can be a topic term (see [`is_term_candidate`]).
    pub term: bool,
}

impl WordInfo {
    fn of(word: &str) -> WordInfo {
        let mut info = WordInfo {
            stop: stop_bits(word),
            negator: 0,
            polarity: [0; 4],
            term: is_term_candidate(word),
        };
        for lang in Language::ALL {
            let lexicon = lexicon(lang);
            if lexicon.is_negator(word) {
                info.negator |= lang.bit();
            }
            info.polarity[lang as usize] = lexicon.polarity(word).unwrap_or(0);
        }
        info
    }

    /// A stop word of one of `languages` (bits of [`Language::bit`]).
    pub fn is_stop_in(&self, languages: u8) -> bool {
        self.stop & languages != 0
    }

    pub fn is_negator(&self, lang: Language) -> bool {
        self.negator & lang.bit() != 0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    pub id: u32,
    /// Sentence punctuation follows (negation stops here).
    pub clause_end: bool,
}

/// One text's words and hashtags as vocabulary ids; reused from mention to mention.
#[derive(Debug, Default)]
pub struct Encoded {
    pub words: Vec<Word>,
    pub hashtags: Vec<u32>,
}

#[derive(Debug, Default)]
pub struct Vocabulary {
    ids: FxHashMap<String, u32>,
    words: Vec<String>,
    info: Vec<WordInfo>,
}

impl Vocabulary {
    pub fn id(&mut self, word: &str) -> u32 {
        if let Some(id) = self.ids.get(word) {
            return *id;
        }
        let id = self.words.len() as u32;
        self.ids.insert(word.to_string(), id);
        self.words.push(word.to_string());
        self.info.push(WordInfo::of(word));
        id
    }

    pub fn encode(&mut self, tokens: &Tokens, out: &mut Encoded) {
        out.words.clear();
        out.hashtags.clear();
        for (word, clause_end) in tokens.word_entries() {
            let id = self.id(word);
            out.words.push(Word { id, clause_end });
        }
        for tag in tokens.hashtags() {
            let id = self.id(tag);
            out.hashtags.push(id);
        }
    }

    pub fn info(&self, id: u32) -> &WordInfo {
        &self.info[id as usize]
    }

    pub fn word(&self, id: u32) -> &str {
        &self.words[id as usize]
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_entry_per_distinct_word() {
        let mut vocabulary = Vocabulary::default();
        let mut tokens = Tokens::default();
        let mut encoded = Encoded::default();
        tokens.tokenize("Not broken, NOT broken! #fail");
        vocabulary.encode(&tokens, &mut encoded);
        let ids: Vec<(u32, bool)> = encoded.words.iter().map(|w| (w.id, w.clause_end)).collect();
        assert_eq!(ids, [(0, false), (1, true), (0, false), (1, true)]);
        assert_eq!(encoded.hashtags, [2]);
        assert_eq!(vocabulary.len(), 3);
        assert_eq!(vocabulary.word(1), "broken");
        let not = vocabulary.info(0);
        assert!(not.is_negator(Language::En) && !not.is_negator(Language::It));
        assert!(not.is_stop_in(Language::En.bit()) && !not.is_stop_in(0));
        assert!(!not.is_stop_in(Language::It.bit() | Language::Pl.bit()));
        assert_eq!(vocabulary.info(1).polarity[Language::En as usize], -2);
        assert!(vocabulary.info(1).term);
    }
}
