//! What analysis learned about each mention, kept from analysis through findings.

use rustc_hash::FxHashMap;

use crate::metrics::Phase;
use crate::model::{OptIndex, Sentiment};

/// What analysis learned about one mention. Findings read it so every rule agrees with the
/// metrics on who is the brand, what was answered and which phase a post fell in. (A
/// mention's reach is its row's: the export's reach, else the author's followers.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Annotation {
    pub is_brand: bool,
    /// The export's sentiment, else the lexicon's; `None` when neither applies.
    pub sentiment: Option<Sentiment>,
    /// Not by the brand and not a repost.
    pub actionable: bool,
    /// For an actionable mention: seconds to the earliest brand reply (anomalies excluded).
    /// 32 bits hold 68 years, more than any answer to a post after 1995 (the earliest time
    /// ingest keeps) can take.
    pub response_seconds: Option<i32>,
    /// For a brand post: index of the mention it replies to, when that is in the data.
    pub replies_to: OptIndex,
    pub phase: Phase,
}

/// Every mention's [`Annotation`], index-aligned with the mentions, in a byte a mention: the
/// flags, the sentiment and the phase are packed in it, and the response times and the
/// posts the brand's replies answer, which only a few per cent of the mentions have, are kept
/// for those alone. (As a list of `Annotation`s they took 24 bytes a mention, 72 MB at 3 M
/// mentions, resident through findings.)
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Annotations {
    codes: Vec<u8>,
    response_seconds: FxHashMap<u32, i32>,
    replies_to: FxHashMap<u32, u32>,
    /// In an export of several companies, whether each mention is part of the brand's
    /// conversations, as the timeline counts them; `None` when every mention is. (The byte of
    /// each mention has no bit to spare.)
    in_brand_conversations: Option<Vec<bool>>,
}

const BRAND: u8 = 1;
const ACTIONABLE: u8 = 1 << 1;
/// The mention has a response time or answers a post (in the tables).
const LISTED: u8 = 1 << 2;
const SENTIMENT_SHIFT: u32 = 3;
const PHASE_SHIFT: u32 = 5;

/// What analysis learned about one mention (see [`Annotation`]), read from [`Annotations`]
/// one field at a time.
#[derive(Clone, Copy)]
pub struct Note<'a> {
    annotations: &'a Annotations,
    index: u32,
    code: u8,
}

impl Note<'_> {
    pub fn is_brand(&self) -> bool {
        self.code & BRAND != 0
    }

    pub fn actionable(&self) -> bool {
        self.code & ACTIONABLE != 0
    }

    pub fn sentiment(&self) -> Option<Sentiment> {
        DECODED[usize::from(self.code)].sentiment
    }

    pub fn phase(&self) -> Phase {
        DECODED[usize::from(self.code)].phase
    }

    pub fn response_seconds(&self) -> Option<i32> {
        (self.code & LISTED != 0)
            .then(|| self.annotations.response_seconds.get(&self.index).copied())
            .flatten()
    }

    /// Part of the brand's conversations: always, but in an export of several companies,
    /// where another company's post, or one connected to no brand account, is not.
    pub fn in_brand_conversations(&self) -> bool {
        self.annotations
            .in_brand_conversations
            .as_ref()
            .is_none_or(|scope| scope.get(self.index as usize).copied().unwrap_or(true))
    }

    pub fn replies_to(&self) -> OptIndex {
        OptIndex::new(
            (self.code & LISTED != 0)
                .then(|| self.annotations.replies_to.get(&self.index))
                .flatten()
                .map(|to| *to as usize),
        )
    }
}

/// Every byte [`Annotations::push`] can write, decoded, without what the tables hold.
static DECODED: [Annotation; 256] = {
    let mut table = [Annotation {
        is_brand: false,
        sentiment: None,
        actionable: false,
        response_seconds: None,
        replies_to: OptIndex::NONE,
        phase: Phase::Before,
    }; 256];
    let mut code = 0;
    while code < 256 {
        let byte = code as u8;
        let phase = (byte >> PHASE_SHIFT) as usize;
        if phase < Phase::ALL.len() {
            table[code].is_brand = byte & BRAND != 0;
            table[code].actionable = byte & ACTIONABLE != 0;
            table[code].sentiment = match byte >> SENTIMENT_SHIFT & 0b11 {
                0 => None,
                s => Some(Sentiment::ALL[s as usize - 1]),
            };
            table[code].phase = Phase::ALL[phase];
        }
        code += 1;
    }
    table
};

impl Annotations {
    pub fn with_capacity(n: usize) -> Annotations {
        Annotations {
            codes: Vec::with_capacity(n),
            ..Annotations::default()
        }
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Appends the annotation of the next mention.
    ///
    /// # Panics
    /// With more than [`crate::model::MAX_MENTIONS`] mentions, which ingest refuses.
    pub fn push(&mut self, a: Annotation) {
        let position = crate::model::position32(self.codes.len());
        let listed = a.response_seconds.is_some() || a.replies_to.is_some();
        if let Some(seconds) = a.response_seconds {
            self.response_seconds.insert(position, seconds);
        }
        if let Some(to) = a.replies_to.get() {
            self.replies_to
                .insert(position, crate::model::position32(to));
        }
        let phase = Phase::ALL
            .iter()
            .position(|p| *p == a.phase)
            .expect("every phase is in Phase::ALL") as u8;
        let flag = |set: bool, bit: u8| if set { bit } else { 0 };
        self.codes.push(
            flag(a.is_brand, BRAND)
                | flag(a.actionable, ACTIONABLE)
                | flag(listed, LISTED)
                | Sentiment::code(a.sentiment) << SENTIMENT_SHIFT
                | phase << PHASE_SHIFT,
        );
    }

    /// Which mentions are part of the brand's conversations (see
    /// [`Note::in_brand_conversations`]), in an export of several companies.
    pub fn set_brand_conversations(&mut self, in_scope: Option<Vec<bool>>) {
        self.in_brand_conversations = in_scope;
    }

    /// What analysis learned about mention `index`, read field by field; `None` outside the
    /// mentions. Findings read every mention's several times, mostly one field or two: a
    /// [`Note`] reads only those.
    pub fn note(&self, index: usize) -> Option<Note<'_>> {
        let code = *self.codes.get(index)?;
        Some(Note {
            annotations: self,
            index: index as u32,
            code,
        })
    }

    /// The annotation of mention `index`, whole; `None` outside the mentions.
    pub fn get(&self, index: usize) -> Option<Annotation> {
        let note = self.note(index)?;
        Some(Annotation {
            response_seconds: note.response_seconds(),
            replies_to: note.replies_to(),
            ..DECODED[usize::from(note.code)]
        })
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = Annotation> + '_ {
        (0..self.len()).map(|i| self.get(i).expect("below the length"))
    }
}

/// The annotation it reads, not the whole list it reads it from.
impl std::fmt::Debug for Note<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.annotations.get(self.index as usize).fmt(f)
    }
}

impl FromIterator<Annotation> for Annotations {
    fn from_iter<I: IntoIterator<Item = Annotation>>(annotations: I) -> Annotations {
        let annotations = annotations.into_iter();
        let mut all = Annotations::with_capacity(annotations.size_hint().0);
        annotations.for_each(|a| all.push(a));
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_combination_reads_back_as_written() {
        let mut written = Vec::new();
        for (k, phase) in Phase::ALL.into_iter().enumerate() {
            for sentiment in [None].into_iter().chain(Sentiment::ALL.map(Some)) {
                for flags in 0..4u8 {
                    let is_brand = flags & 1 != 0;
                    written.push(Annotation {
                        is_brand,
                        sentiment,
                        actionable: flags & 2 != 0,
                        response_seconds: (!is_brand && k % 2 == 0).then_some(k as i32 * 60),
                        replies_to: if is_brand && k > 0 {
                            OptIndex::some(k - 1)
                        } else {
                            OptIndex::NONE
                        },
                        phase,
                    });
                }
            }
        }
        let annotations: Annotations = written.iter().copied().collect();
        assert_eq!(annotations.len(), written.len());
        assert_eq!(annotations.iter().collect::<Vec<_>>(), written);
        assert_eq!(annotations.get(written.len()), None);
        // A response time of zero is a response time, not none.
        let zero: Annotations = [Annotation {
            response_seconds: Some(0),
            ..written[0]
        }]
        .into_iter()
        .collect();
        assert_eq!(zero.get(0).unwrap().response_seconds, Some(0));
    }

    /// Annotations live from analysis through findings, one per mention: see
    /// docs/performance.md.
    #[test]
    fn a_mention_neither_answered_nor_answering_takes_one_byte() {
        let plain = Annotation {
            is_brand: false,
            sentiment: Some(Sentiment::Negative),
            actionable: true,
            response_seconds: None,
            replies_to: OptIndex::NONE,
            phase: Phase::Peak,
        };
        let answered = Annotation {
            response_seconds: Some(90),
            ..plain
        };
        let annotations: Annotations = std::iter::repeat_n(plain, 999).chain([answered]).collect();
        assert_eq!(annotations.codes.len(), 1000);
        assert_eq!(annotations.response_seconds.len(), 1);
        assert!(annotations.replies_to.is_empty());
        assert_eq!(annotations.get(998), Some(plain));
        assert_eq!(annotations.get(999), Some(answered));
        let note = annotations.note(999).unwrap();
        assert_eq!(
            (
                note.is_brand(),
                note.actionable(),
                note.sentiment(),
                note.phase()
            ),
            (false, true, Some(Sentiment::Negative), Phase::Peak)
        );
        assert_eq!(
            (note.response_seconds(), note.replies_to()),
            (Some(90), OptIndex::NONE)
        );
        assert!(annotations.note(1000).is_none());
    }
}
