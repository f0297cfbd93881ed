//! The text pass: every text read once, for the sentiment of each mention, the topics, the
//! brand account a mention addresses, the campaign hashtags it carries and the wording of brand
//! posts. The texts come in parts (one stored chunk each) that both cores take in turn, each
//! with its own vocabulary and counters, merged at the end: every figure is a count, a minimum
//! or a per-mention value, so which core read which part does not change any of them.

use std::sync::atomic::{AtomicU32, AtomicU8, AtomicUsize, Ordering};

use rustc_hash::FxHashMap;
use ustr::Ustr;

use super::response::Accounts;
use super::sentiment::{self, SourceTally};
use super::text::{self, LangCode, Tokens};
use super::topics::TopicCounter;
use super::vocabulary::{Encoded, Vocabulary};
use super::wording::{carries_hashtag, Signals};
use crate::config::Config;
use crate::model::texts::Texts;
use crate::model::{Language, Mentions, OptIndex, Sentiment, TextParts};

/// What the pass reads besides the texts.
pub(super) struct Inputs<'a> {
    pub mentions: &'a Mentions,
    pub is_brand: &'a [bool],
    /// The export's sentiment of each mention.
    pub export_sentiment: &'a [Option<Sentiment>],
    pub language_code: &'a [LangCode],
    pub accounts: &'a Accounts,
    pub config: &'a Config,
    /// The onset in nanoseconds: topics count terms before it and from it on.
    pub onset_nanos: Option<i64>,
    /// In an export of several companies, whether each mention is among the brand's
    /// conversations, the only ones read (the figures count them alone, and which brand
    /// account each mention addresses is known already); `None`: every mention.
    pub counted: Option<&'a [bool]>,
}

/// For each mention not by the brand, the first brand account it @-mentions, as the text pass
/// finds it: in an export of several companies, which mentions the figures count depends on
/// it, and the text pass counts only those.
pub(super) fn addressed(
    mentions: &Mentions,
    is_brand: &[bool],
    accounts: &Accounts,
) -> Vec<OptIndex> {
    let mut addressed = vec![OptIndex::NONE; mentions.len()];
    let mut tokens = Tokens::default();
    mentions.read_texts(|positions, texts| {
        let public = || {
            positions
                .iter()
                .map(|&i| i as usize)
                .filter(|&i| !is_brand[i])
        };
        if public().next().is_none() {
            return;
        }
        tokens.tokenize_names(texts.text);
        if let Some(account) = tokens.handles().find_map(|h| accounts.find(h)) {
            for i in public() {
                addressed[i] = OptIndex::new(Some(account));
            }
        }
    });
    addressed
}

/// What the pass finds of each mention, written by whichever core reads its text.
pub(super) struct PerMention {
    /// The export's sentiment, else the lexicon's ([`Sentiment::code`]).
    sentiment: Vec<AtomicU8>,
    /// For a mention not by the brand: the first brand account it addresses (`OptIndex`'s
    /// number, `u32::MAX` for none).
    addressed: Vec<AtomicU32>,
}

impl PerMention {
    pub fn new(n: usize) -> PerMention {
        PerMention {
            sentiment: (0..n).map(|_| AtomicU8::new(0)).collect(),
            addressed: (0..n).map(|_| AtomicU32::new(u32::MAX)).collect(),
        }
    }

    pub fn finish(self) -> (Vec<Option<Sentiment>>, Vec<OptIndex>) {
        let sentiment = self
            .sentiment
            .into_iter()
            .map(|s| Sentiment::from_code(s.into_inner()).flatten())
            .collect();
        let addressed = self
            .addressed
            .into_iter()
            .map(|a| {
                let a = a.into_inner();
                OptIndex::new((a != u32::MAX).then_some(a as usize))
            })
            .collect();
        (sentiment, addressed)
    }
}

/// What one core gathers from the parts it reads.
pub(super) struct Gathered {
    pub vocabulary: Vocabulary,
    pub topics: TopicCounter,
    pub tally: SourceTally,
    /// The wording of each brand post, by position.
    pub signals: FxHashMap<usize, Signals>,
    /// For each campaign hashtag, the posts not by the brand that carry it, by position.
    pub campaign_posts: Vec<Vec<u32>>,
    tokens: Tokens,
    encoded: Encoded,
    profiles: Vec<Profile>,
    carries: Vec<bool>,
}

/// What the topics count of a mention besides its text: mentions of one text with the same
/// profile add the same counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ProfileKey {
    /// The languages whose stop words are not its terms (bits of [`Language::bit`]).
    stop_languages: u8,
    platform: Option<Ustr>,
    /// The brand's post: its words are not the public's, so the topics leave them out of the
    /// terms.
    own_post: bool,
    from_onset: bool,
}

/// The mentions of one text with one profile: how many, and the first (time, position).
#[derive(Debug, Clone, Copy)]
struct Profile {
    key: ProfileKey,
    count: u64,
    first: (i64, usize),
}

impl Gathered {
    pub fn new(config: &Config) -> Gathered {
        Gathered {
            vocabulary: Vocabulary::default(),
            topics: TopicCounter::default(),
            tally: SourceTally::default(),
            signals: FxHashMap::default(),
            campaign_posts: vec![Vec::new(); config.campaign_hashtags.len()],
            tokens: Tokens::default(),
            encoded: Encoded::default(),
            profiles: Vec::new(),
            carries: Vec::new(),
        }
    }

    /// Reads parts of `parts` until none is left, taking the next one from `next` each time.
    pub fn take_parts(
        &mut self,
        parts: &TextParts<'_>,
        next: &AtomicUsize,
        inputs: &Inputs<'_>,
        out: &PerMention,
    ) {
        loop {
            let part = next.fetch_add(1, Ordering::Relaxed);
            if part >= parts.len() {
                return;
            }
            parts.read(part, |positions, texts| {
                self.read(positions, &texts, inputs, out);
            });
        }
    }

    /// One text and the mentions that share it (the reposts of a post come together). What
    /// depends on the text alone is worked out once for all of them: the tokens, the guessed
    /// language, the lexicon's score, the brand account addressed, the campaign hashtags, the
    /// wording. What depends on the mention too (its language code, platform, brand flag, side
    /// of the onset) makes its profile, and the topics count each profile once, with its number.
    fn read(&mut self, positions: &[u32], texts: &Texts<'_>, inputs: &Inputs, out: &PerMention) {
        let counted = |i: usize| inputs.counted.is_none_or(|counted| counted[i]);
        // Most texts of an export of several companies are other companies' conversations.
        if !positions.iter().any(|&i| counted(i as usize)) {
            return;
        }
        let Gathered {
            vocabulary,
            topics,
            tally,
            signals,
            campaign_posts,
            tokens,
            encoded,
            profiles,
            carries,
        } = self;
        tokens.tokenize(texts.text);
        vocabulary.encode(tokens, encoded);
        let mut guessed = None;
        let mut scores: [Option<Option<Sentiment>>; 4] = [None; 4];
        let mut addressed_account = None;
        let mut wording = None;
        carries.clear();
        profiles.clear();
        for &i in positions {
            let i = i as usize;
            if !counted(i) {
                continue;
            }
            let row = &inputs.mentions[i];
            // A guessed language may be wrong, or the text mixed ("Santiago de Compostela" in
            // English): no supported language's stop words are its terms.
            let (lang, stop_languages) = match inputs.language_code[i] {
                LangCode::Known(lang) => (Some(lang), lang.bit()),
                LangCode::Unsupported => (None, 0),
                LangCode::Missing => (
                    Some(*guessed.get_or_insert_with(|| {
                        let stop_bits = encoded.words.iter().map(|w| vocabulary.info(w.id).stop);
                        text::guess_language(stop_bits).unwrap_or(Language::En)
                    })),
                    Language::ALL.iter().fold(0, |bits, l| bits | l.bit()),
                ),
            };
            let export = inputs.export_sentiment[i];
            let lexicon = match (export, lang) {
                (None, Some(lang)) => *scores[lang as usize]
                    .get_or_insert_with(|| sentiment::score(encoded, vocabulary, lang)),
                _ => None,
            };
            out.sentiment[i].store(Sentiment::code(export.or(lexicon)), Ordering::Relaxed);
            let is_brand = inputs.is_brand[i];
            if !is_brand {
                let account = *addressed_account
                    .get_or_insert_with(|| tokens.handles().find_map(|h| inputs.accounts.find(h)));
                if let Some(account) = account {
                    out.addressed[i].store(account as u32, Ordering::Relaxed);
                }
            }
            if is_brand {
                signals.insert(i, *wording.get_or_insert_with(|| Signals::of(texts.text)));
            } else {
                if export.is_some() {
                    tally.export += 1;
                } else if lexicon.is_some() {
                    tally.lexicon += 1;
                }
                if carries.is_empty() {
                    carries.extend(
                        inputs
                            .config
                            .campaign_hashtags
                            .iter()
                            .map(|tag| carries_hashtag(texts.hashtags(), texts.text, tag)),
                    );
                }
                for (posts, _) in campaign_posts
                    .iter_mut()
                    .zip(&*carries)
                    .filter(|(_, c)| **c)
                {
                    posts.push(i as u32);
                }
            }
            let at = row.at_nanos();
            let key = ProfileKey {
                stop_languages,
                platform: row.platform,
                own_post: is_brand,
                from_onset: inputs.onset_nanos.is_some_and(|o| at >= o),
            };
            match profiles.iter_mut().find(|p| p.key == key) {
                Some(p) => {
                    p.count += 1;
                    p.first = p.first.min((at, i));
                }
                None => profiles.push(Profile {
                    key,
                    count: 1,
                    first: (at, i),
                }),
            }
        }
        for p in profiles.iter() {
            topics.add(
                (super::instant(p.first.0), p.first.1),
                p.count,
                p.key.platform.as_deref(),
                texts,
                tokens,
                encoded,
                vocabulary,
                p.key.stop_languages,
                p.key.own_post,
                p.key.from_onset,
            );
        }
    }

    /// Adds what another core gathered; the campaign lists come back in position order.
    pub fn merge(mut self, other: Gathered) -> Gathered {
        self.topics
            .merge(other.topics, &mut self.vocabulary, &other.vocabulary);
        self.tally.export += other.tally.export;
        self.tally.lexicon += other.tally.lexicon;
        self.signals.extend(other.signals);
        for (ours, theirs) in self.campaign_posts.iter_mut().zip(other.campaign_posts) {
            ours.extend(theirs);
            ours.sort_unstable();
        }
        self
    }
}
