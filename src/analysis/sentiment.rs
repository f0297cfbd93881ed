//! Sentiment: the export's label where it has one, otherwise a small lexicon scorer with
//! negation for English, Italian, Spanish and Polish (word lists in `data/`, written for
//! casebook; source and limits in `docs/metrics.md`).

use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::stats::share;
use super::text::data_lines;
use super::vocabulary::{Encoded, Vocabulary};
use crate::metrics::{Bucket, SentimentMetrics};
use crate::model::{Language, Sentiment};

/// How many words after a negator have their polarity flipped (sentence punctuation ends it sooner).
pub const NEGATION_SCOPE: u8 = 3;

#[derive(Debug, Default)]
pub struct Lexicon {
    exact: FxHashMap<&'static str, i8>,
    stems: FxHashMap<&'static str, i8>,
    /// Shortest and longest stem, in bytes, to bound the prefix look-ups.
    stem_bytes: (usize, usize),
    negators: FxHashSet<&'static str>,
}

/// A line of a lexicon file that is not `word score`, `stem* score` or `word neg`.
#[derive(Debug, PartialEq, Eq)]
pub struct BadLine(pub &'static str);

impl Lexicon {
    fn parse(data: &'static str) -> (Lexicon, Vec<BadLine>) {
        let mut lexicon = Lexicon::default();
        let mut bad = Vec::new();
        for line in data_lines(data).chain(data_lines(include_str!("data/lexicon-common.txt"))) {
            let mut parts = line.split_whitespace();
            let (Some(word), Some(value), None) = (parts.next(), parts.next(), parts.next()) else {
                bad.push(BadLine(line));
                continue;
            };
            if value == "neg" {
                lexicon.negators.insert(word);
                continue;
            }
            let Some(score) = value
                .parse::<i8>()
                .ok()
                .filter(|s| (-3..=3).contains(s) && *s != 0)
            else {
                bad.push(BadLine(line));
                continue;
            };
            match word.strip_suffix('*') {
                Some(stem) => {
                    lexicon.stems.insert(stem, score);
                }
                None => {
                    lexicon.exact.insert(word, score);
                }
            }
        }
        let lens = lexicon.stems.keys().map(|s| s.len());
        lexicon.stem_bytes = (lens.clone().min().unwrap_or(0), lens.max().unwrap_or(0));
        (lexicon, bad)
    }

    /// The word's score: an exact entry, else the longest stem the word starts with.
    pub fn polarity(&self, word: &str) -> Option<i8> {
        if let Some(score) = self.exact.get(word) {
            return Some(*score);
        }
        let (min, max) = self.stem_bytes;
        if word.len() < min.max(1) {
            return None;
        }
        (min..=max.min(word.len()))
            .rev()
            .filter(|len| word.is_char_boundary(*len))
            .find_map(|len| self.stems.get(&word[..len]).copied())
    }

    pub fn is_negator(&self, word: &str) -> bool {
        self.negators.contains(word)
    }
}

fn lexicon_data(lang: Language) -> &'static str {
    match lang {
        Language::En => include_str!("data/lexicon-en.txt"),
        Language::It => include_str!("data/lexicon-it.txt"),
        Language::Es => include_str!("data/lexicon-es.txt"),
        Language::Pl => include_str!("data/lexicon-pl.txt"),
    }
}

static LEXICONS: LazyLock<[Lexicon; 4]> =
    LazyLock::new(|| Language::ALL.map(|l| Lexicon::parse(lexicon_data(l)).0));

pub fn lexicon(lang: Language) -> &'static Lexicon {
    &LEXICONS[lang as usize]
}

/// Sum of word scores, a negator flipping the next [`NEGATION_SCOPE`] words up to sentence
/// punctuation; hashtags are scored too (`#fail`), without negation. Positive sum → positive,
/// negative → negative, zero (including no known word) → neutral. `None` for a text with no
/// words or hashtags at all.
pub fn score(text: &Encoded, vocabulary: &Vocabulary, lang: Language) -> Option<Sentiment> {
    if text.words.is_empty() && text.hashtags.is_empty() {
        return None;
    }
    let mut total: i32 = 0;
    let mut negated_left: u8 = 0;
    for word in &text.words {
        let info = vocabulary.info(word.id);
        if info.is_negator(lang) {
            negated_left = NEGATION_SCOPE;
        } else {
            let p = i32::from(info.polarity[lang as usize]);
            total += if negated_left > 0 { -p } else { p };
            negated_left = negated_left.saturating_sub(1);
        }
        if word.clause_end {
            negated_left = 0;
        }
    }
    for tag in &text.hashtags {
        total += i32::from(vocabulary.info(*tag).polarity[lang as usize]);
    }
    Some(match total.signum() {
        1 => Sentiment::Positive,
        -1 => Sentiment::Negative,
        _ => Sentiment::Neutral,
    })
}

/// Where the counted mentions' sentiment came from.
#[derive(Debug, Default, Clone, Copy)]
pub struct SourceTally {
    pub export: u64,
    pub lexicon: u64,
}

impl SourceTally {
    pub fn source(&self) -> &'static str {
        match (self.export > 0, self.lexicon > 0) {
            (true, true) => "mixed",
            (true, false) => "export",
            (false, true) => "lexicon",
            (false, false) => "none",
        }
    }
}

/// Negative share of the rated mentions of the given buckets.
/// The negative share of the buckets' rated mentions; `None` with fewer than `min_rated` of
/// them (one neutral post before the incident is no "0% negative before").
fn negative_share<'a>(buckets: impl Iterator<Item = &'a Bucket>, min_rated: u64) -> Option<f64> {
    let (negative, rated) = buckets.fold((0, 0), |(n, r), b| {
        (n + b.negative, r + b.negative + b.neutral + b.positive)
    });
    (rated >= min_rated)
        .then(|| share(negative, rated))
        .flatten()
}

/// The incident-level figures from the bucket series (which count mentions not by the brand).
/// `baseline` are the baseline buckets' indices, `peak_span` the buckets of the peak phase (or
/// the peak bucket alone without an onset), `peak` the peak bucket. `min_rated` is how many
/// rated mentions the baseline and the peak phase need for a share, and a bucket needs before
/// its share can mark the recovery.
pub fn summarize(
    buckets: &[Bucket],
    tally: SourceTally,
    baseline: &[usize],
    peak_span: Option<(usize, usize)>,
    peak: Option<usize>,
    min_rated: u64,
) -> SentimentMetrics {
    let sum = |f: fn(&Bucket) -> u64| buckets.iter().map(f).sum::<u64>();
    let (negative, neutral, positive, unrated) = (
        sum(|b| b.negative),
        sum(|b| b.neutral),
        sum(|b| b.positive),
        sum(|b| b.unrated),
    );
    let rated = negative + neutral + positive;
    let min_rated = min_rated.max(1);
    let negative_share_baseline = negative_share(baseline.iter().map(|i| &buckets[*i]), min_rated);
    let negative_share_peak =
        peak_span.and_then(|(from, to)| negative_share(buckets[from..=to].iter(), min_rated));
    let recovery_seconds = match (negative_share_baseline, negative_share_peak, peak) {
        (Some(base), Some(at_peak), Some(peak)) => {
            if at_peak <= base {
                Some(0)
            } else {
                buckets[peak + 1..]
                    .iter()
                    .find(|b| {
                        let bucket_rated = b.negative + b.neutral + b.positive;
                        bucket_rated >= min_rated
                            && (b.negative as f64) / (bucket_rated as f64) <= base
                    })
                    .map(|b| b.start.as_second() - buckets[peak].start.as_second())
            }
        }
        _ => None,
    };
    SentimentMetrics {
        source: tally.source().to_string(),
        negative,
        neutral,
        positive,
        unrated,
        negative_share: share(negative, rated),
        net: (rated > 0).then(|| (positive as f64 - negative as f64) / rated as f64),
        negative_share_baseline,
        negative_share_peak,
        recovery_seconds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Phase;
    use jiff::Timestamp;

    fn rate(text: &str, lang: Language) -> Option<Sentiment> {
        let mut tokens = crate::analysis::text::Tokens::default();
        tokens.tokenize(text);
        let mut vocabulary = Vocabulary::default();
        let mut encoded = Encoded::default();
        vocabulary.encode(&tokens, &mut encoded);
        score(&encoded, &vocabulary, lang)
    }

    #[test]
    fn lexicon_files_are_well_formed() {
        for lang in Language::ALL {
            let data = lexicon_data(lang);
            let (lexicon, bad) = Lexicon::parse(data);
            assert_eq!(bad, vec![], "{lang:?}: malformed lines");
            let entries = lexicon.exact.len() + lexicon.stems.len();
            assert!(entries >= 200, "{lang:?}: only {entries} entries");
            assert!(!lexicon.negators.is_empty());
            let mut seen = FxHashSet::default();
            for line in data_lines(data) {
                let word = line.split_whitespace().next().unwrap();
                assert_eq!(word, word.to_lowercase(), "{lang:?}: {word} not lower case");
                assert!(seen.insert(word), "{lang:?}: {word} listed twice");
            }
        }
    }

    #[test]
    fn crisis_vocabulary_in_each_language() {
        use Sentiment::*;
        assert_eq!(
            rate("my guitar arrived broken", Language::En),
            Some(Negative)
        );
        // "arrived" says nothing by itself (the sample's viral complaint was rated positive for
        // it); baggage thrown is a complaint; "cares" is left unscored, as "who cares" and
        // "nobody cares" are complaints and "Skyways cares" is not.
        assert_eq!(
            rate(
                "Baggage handlers threw my guitar across the tarmac. It arrived in pieces.",
                Language::En
            ),
            Some(Negative)
        );
        assert_eq!(rate("My bag arrived", Language::En), Some(Neutral));
        assert_eq!(
            rate("who cares about passengers anyway", Language::En),
            Some(Neutral)
        );
        assert_eq!(
            rate("Another delay, third one this week", Language::En),
            Some(Negative)
        );
        assert_eq!(
            rate("thanks for the quick help", Language::En),
            Some(Positive)
        );
        assert_eq!(
            rate("la chitarra è arrivata rotta", Language::It),
            Some(Negative)
        );
        assert_eq!(rate("ennesimo ritardo", Language::It), Some(Negative));
        assert_eq!(
            rate("grazie mille, gentilissimi", Language::It),
            Some(Positive)
        );
        assert_eq!(rate("la maleta llegó rota", Language::Es), Some(Negative));
        assert_eq!(rate("otro retraso más", Language::Es), Some(Negative));
        assert_eq!(
            rate("muchas gracias por la ayuda", Language::Es),
            Some(Positive)
        );
        assert_eq!(rate("walizka zepsuta", Language::Pl), Some(Negative));
        assert_eq!(rate("kolejne opóźnienie", Language::Pl), Some(Negative));
        assert_eq!(rate("dziękuję bardzo", Language::Pl), Some(Positive));
        assert_eq!(rate("the flight leaves at 9", Language::En), Some(Neutral));
        assert_eq!(rate("😡😡", Language::It), Some(Negative));
        assert_eq!(rate("@brand https://x.example/a", Language::En), None);
        assert_eq!(rate("@brand #fail", Language::En), Some(Negative));
    }

    #[test]
    fn negation_flips_within_scope_and_clause() {
        use Sentiment::*;
        // "not" flips "good" (+2) → −2.
        assert_eq!(rate("this is not good", Language::En), Some(Negative));
        // "don't" → "don not": "work" (+1) flipped → −1.
        assert_eq!(rate("the app doesn't work", Language::En), Some(Negative));
        assert_eq!(rate("no problem at all", Language::En), Some(Positive));
        // Scope ends at the comma: "great" (+3) stays positive; "not" flips nothing.
        assert_eq!(
            rate("not today, great service", Language::En),
            Some(Positive)
        );
        // Beyond three words the negation no longer applies: "good" counts +2.
        assert_eq!(
            rate("not that I was told anything good", Language::En),
            Some(Positive)
        );
        assert_eq!(rate("non funziona", Language::It), Some(Negative));
        assert_eq!(rate("no funciona", Language::Es), Some(Negative));
        // Negative concord: "nikt nie odpowiada" is one negation of "odpowiada" (+1).
        assert_eq!(rate("nikt nie odpowiada", Language::Pl), Some(Negative));
        assert_eq!(rate("bez problemu", Language::Pl), Some(Positive));
    }

    #[test]
    fn stems_take_the_longest_match_and_exact_wins() {
        let pl = lexicon(Language::Pl);
        assert_eq!(pl.polarity("niezadowolona"), Some(-2));
        assert_eq!(pl.polarity("zadowolona"), Some(2));
        assert_eq!(pl.polarity("opóźnienia"), Some(-2));
        let en = lexicon(Language::En);
        assert_eq!(en.polarity("cancelled"), Some(-2));
        assert_eq!(en.polarity("can"), None);
        assert_eq!(lexicon(Language::It).polarity("gentilezza"), Some(3));
    }

    fn bucket(second: i64, negative: u64, neutral: u64, positive: u64) -> Bucket {
        Bucket {
            start: Timestamp::from_second(second).unwrap(),
            count: negative + neutral + positive,
            inbound: negative + neutral + positive,
            brand: 0,
            brand_replies: 0,
            negative,
            neutral,
            positive,
            unrated: 1,
            reach: 0,
            phase: Phase::Before,
        }
    }

    #[test]
    fn summary_shares_and_recovery() {
        // Buckets of one hour. Baseline = buckets 0 and 1: 2 negative of 10 rated = 0.2.
        // Peak phase = buckets 2..=3: 12 negative of 16 rated = 0.75. Peak bucket 2.
        // Bucket 4 has only 2 rated (under the minimum of 3) → skipped even though 0/2 ≤ 0.2.
        // Bucket 5: 1 of 5 = 0.2 ≤ 0.2 → recovered at 5 h − 2 h = 3 h = 10 800 s.
        let buckets = vec![
            bucket(0, 1, 3, 1),
            bucket(3600, 1, 4, 0),
            bucket(7200, 8, 2, 0),
            bucket(10_800, 4, 1, 1),
            bucket(14_400, 0, 2, 0),
            bucket(18_000, 1, 2, 2),
        ];
        let tally = SourceTally {
            export: 3,
            lexicon: 0,
        };
        let s = summarize(&buckets, tally, &[0, 1], Some((2, 3)), Some(2), 3);
        assert_eq!(s.source, "export");
        assert_eq!(
            (s.negative, s.neutral, s.positive, s.unrated),
            (15, 14, 4, 6)
        );
        assert_eq!(s.negative_share, Some(15.0 / 33.0));
        assert_eq!(s.net, Some((4.0 - 15.0) / 33.0));
        assert_eq!(s.negative_share_baseline, Some(0.2));
        assert_eq!(s.negative_share_peak, Some(0.75));
        assert_eq!(s.recovery_seconds, Some(10_800));
        // A peak no more negative than the baseline has recovered at once.
        let s = summarize(&buckets, tally, &[2], Some((5, 5)), Some(5), 3);
        assert_eq!(s.recovery_seconds, Some(0));
        assert_eq!(
            SourceTally {
                export: 1,
                lexicon: 1
            }
            .source(),
            "mixed"
        );
        assert_eq!(SourceTally::default().source(), "none");
        assert_eq!(
            SourceTally {
                export: 0,
                lexicon: 4
            }
            .source(),
            "lexicon"
        );
    }
}
