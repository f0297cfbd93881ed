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

    pub fn is_stop(&self, lang: Option<Language>) -> bool {
        lang.is_some_and(|l| self.stop & l.bit() != 0)
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

/// How many repost texts [`RepostTexts`] remembers.
const REMEMBERED_REPOSTS: usize = 4096;

/// The tokens and ids of recent repost texts. The reposts of a post carry its text, and in a
/// cascade the same text comes back thousands of times, interleaved with a few others:
/// tokenising it once per stay here, not once per repost, spares most of the text pass for
/// them. Other posts rarely repeat a text, so they are tokenised each time, in a slot of their own.
pub struct RepostTexts<'a> {
    /// Slot 0 is for texts not remembered; slots 1.. hold remembered texts, replaced in turn.
    slots: Vec<Slot<'a>>,
    remembered: FxHashMap<&'a str, usize>,
    next: usize,
}

#[derive(Default)]
struct Slot<'a> {
    text: Option<&'a str>,
    tokens: Tokens,
    encoded: Encoded,
}

impl Default for RepostTexts<'_> {
    fn default() -> Self {
        RepostTexts {
            slots: (0..=REMEMBERED_REPOSTS).map(|_| Slot::default()).collect(),
            remembered: FxHashMap::default(),
            next: 1,
        }
    }
}

impl<'a> RepostTexts<'a> {
    /// The tokens and ids of `text`, remembered when `is_repost`.
    pub fn encode(
        &mut self,
        text: &'a str,
        is_repost: bool,
        vocabulary: &mut Vocabulary,
    ) -> (&Tokens, &Encoded) {
        let slot = if !is_repost {
            0
        } else if let Some(&slot) = self.remembered.get(text) {
            let slot = &self.slots[slot];
            return (&slot.tokens, &slot.encoded);
        } else {
            let slot = self.next;
            self.next = if slot == REMEMBERED_REPOSTS {
                1
            } else {
                slot + 1
            };
            if let Some(old) = self.slots[slot].text.replace(text) {
                self.remembered.remove(old);
            }
            self.remembered.insert(text, slot);
            slot
        };
        let slot = &mut self.slots[slot];
        slot.tokens.tokenize(text);
        vocabulary.encode(&slot.tokens, &mut slot.encoded);
        (&slot.tokens, &slot.encoded)
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
        assert!(not.is_stop(Some(Language::En)) && !not.is_stop(None));
        assert_eq!(vocabulary.info(1).polarity[Language::En as usize], -2);
        assert!(vocabulary.info(1).term);
    }

    #[test]
    fn a_remembered_repost_text_gives_what_tokenising_it_again_would() {
        let mut vocabulary = Vocabulary::default();
        let mut texts = RepostTexts::default();
        let ids = |(tokens, encoded): (&Tokens, &Encoded)| {
            let words: Vec<u32> = encoded.words.iter().map(|w| w.id).collect();
            let handles: Vec<String> = tokens.handles().map(str::to_string).collect();
            (words, encoded.hashtags.clone(), handles)
        };
        let first = ids(texts.encode("Lost my bag @SkywaysAir #fail", true, &mut vocabulary));
        // Other texts in between, reposts or not, until the first is replaced.
        for i in 0..REMEMBERED_REPOSTS - 1 {
            let other = format!("other {i}").leak();
            texts.encode(other, i % 2 == 0, &mut vocabulary);
        }
        assert_eq!(texts.remembered.len(), REMEMBERED_REPOSTS / 2 + 1);
        let again = ids(texts.encode("Lost my bag @SkywaysAir #fail", true, &mut vocabulary));
        assert_eq!(again, first);
        assert_eq!(again.2, ["skywaysair"]);
        let words = vocabulary.len();
        // Not a repost: tokenised in its own slot, never remembered.
        let plain = ids(texts.encode("Lost my bag @SkywaysAir #fail", false, &mut vocabulary));
        assert_eq!((plain, vocabulary.len()), (first, words));
        for i in 0..REMEMBERED_REPOSTS {
            texts.encode(format!("later {i}").leak(), true, &mut vocabulary);
        }
        assert!(!texts
            .remembered
            .contains_key("Lost my bag @SkywaysAir #fail"));
        assert_eq!(texts.remembered.len(), REMEMBERED_REPOSTS);
    }
}
