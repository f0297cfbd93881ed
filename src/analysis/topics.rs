//! Topics: hashtags, terms, rising terms and linked domains, counted in one pass.

use std::borrow::Cow;
use std::cmp::Ordering;

use jiff::Timestamp;
use std::hash::Hash;

use rustc_hash::{FxHashMap, FxHashSet};

use super::text::{link_host, lower, Tokens};
use super::vocabulary::{Encoded, Vocabulary};
use crate::metrics::{RisingTerm, TagCount, TermCount, Topics};
use crate::model::texts::Texts;

pub const TOP_HASHTAGS: usize = 50;
pub const TOP_TERMS: usize = 50;
pub const TOP_RISING_TERMS: usize = 20;
pub const TOP_DOMAINS: usize = 20;
/// A rising term must occur in at least this many mentions from the onset on.
pub const RISING_MIN_COUNT: u64 = 3;

/// Link hosts of each platform: links to them are the platform's own posts and profiles
/// (status permalinks), not sources. `t.co` is Twitter's shortener and hides the destination.
const PLATFORM_HOSTS: &[(&str, &[&str])] = &[
    ("twitter", &["twitter.com", "x.com", "t.co"]),
    ("x", &["twitter.com", "x.com", "t.co"]),
    ("facebook", &["facebook.com", "fb.com", "fb.me", "fb.watch"]),
    ("instagram", &["instagram.com", "instagr.am"]),
    ("reddit", &["reddit.com", "redd.it"]),
    ("youtube", &["youtube.com", "youtu.be"]),
    ("tiktok", &["tiktok.com"]),
    ("linkedin", &["linkedin.com", "lnkd.in"]),
    ("threads", &["threads.net"]),
    ("bluesky", &["bsky.app"]),
    ("telegram", &["t.me", "telegram.me"]),
    ("mastodon", &["mastodon.social"]),
];

/// Whether `host` is `domain` or one of its subdomains. Compared as bytes: a host read from a
/// post may hold any character, and the domains are ASCII.
fn host_is(host: &str, domain: &str) -> bool {
    let (host, domain) = (host.as_bytes(), domain.as_bytes());
    host.len() >= domain.len()
        && host[host.len() - domain.len()..].eq_ignore_ascii_case(domain)
        && (host.len() == domain.len() || host[host.len() - domain.len() - 1] == b'.')
}

fn is_platform_host(host: &str, platform: Option<&str>) -> bool {
    PLATFORM_HOSTS
        .iter()
        .filter(|(p, _)| platform.is_none_or(|platform| platform.eq_ignore_ascii_case(p)))
        .any(|(_, hosts)| hosts.iter().any(|d| host_is(host, d)))
}

/// The items in order, each once: duplicates within one mention count once. A mention rarely
/// has more than a few dozen hashtags or links, so a scan of those before is cheapest; past
/// [`SCAN_LIMIT`] a set keeps a text stuffed with tags linear.
fn first_occurrences<T: Eq + Hash>(items: &[T]) -> impl Iterator<Item = &T> {
    let mut seen: FxHashSet<&T> = FxHashSet::default();
    items.iter().enumerate().filter_map(move |(i, item)| {
        let new = if items.len() <= SCAN_LIMIT {
            !items[..i].contains(item)
        } else {
            seen.insert(item)
        };
        new.then_some(item)
    })
}

/// How many items [`first_occurrences`] compares one by one.
const SCAN_LIMIT: usize = 32;

#[derive(Debug, Clone, Copy)]
struct TagAcc {
    count: u64,
    first: (Timestamp, usize),
}

impl TagAcc {
    /// Counts `other`'s mentions of the tag too, first seen at the earlier of the two.
    fn absorb(&mut self, other: TagAcc) {
        self.count += other.count;
        self.first = self.first.min(other.first);
    }
}

#[derive(Debug, Default)]
pub struct TopicCounter {
    hashtags: FxHashMap<String, TagAcc>,
    /// Per vocabulary id: mentions containing the term, before the onset and from the onset on.
    terms: Vec<[u64; 2]>,
    domains: FxHashMap<String, u64>,
    /// One mention's term ids, reused.
    scratch: Vec<u32>,
}

impl TopicCounter {
    /// Counts `count` mentions of one text on one platform, the first of which (by time, then
    /// position) is `first`. Hashtags and domains count every mention; terms only mentions not
    /// by the brand nor by another company of the export (`own_post`: their own wording, agents'
    /// signatures included, would crowd out the public's).
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        &mut self,
        first: (Timestamp, usize),
        count: u64,
        platform: Option<&str>,
        texts: &Texts,
        tokens: &Tokens,
        text: &Encoded,
        vocabulary: &Vocabulary,
        stop_languages: u8,
        own_post: bool,
        from_onset: bool,
    ) {
        // Hashtags: the export's list when it has one, else the text's.
        let tags: Vec<Cow<'_, str>> = if !texts.has_hashtags() {
            tokens.hashtags().map(Cow::Borrowed).collect()
        } else {
            texts
                .hashtags()
                .map(|t| t.trim().trim_start_matches('#'))
                .filter(|t| !t.is_empty())
                .map(lower)
                .collect()
        };
        for tag in first_occurrences(&tags) {
            match self.hashtags.get_mut(tag.as_ref()) {
                Some(acc) => acc.absorb(TagAcc { count, first }),
                None => {
                    self.hashtags
                        .insert(tag.to_string(), TagAcc { count, first });
                }
            }
        }

        let text_hosts = tokens
            .hosts()
            .filter(|h| !is_platform_host(h, platform) && !host_is(h, "t.co"));
        // An X post's own address is a platform host, filtered below: the store does not
        // keep it as written.
        let url_host = texts
            .url
            .and_then(link_host)
            .filter(|h| !is_platform_host(h, None))
            .map(lower);
        let hosts: Vec<Cow<'_, str>> = text_hosts.map(Cow::Borrowed).chain(url_host).collect();
        for host in first_occurrences(&hosts) {
            // Links are rare enough that allocating the key each time costs nothing.
            *self.domains.entry(host.to_string()).or_insert(0) += count;
        }

        if own_post {
            return;
        }
        let side = usize::from(from_onset);
        self.scratch.clear();
        self.scratch
            .extend(text.words.iter().map(|w| w.id).filter(|id| {
                let info = vocabulary.info(*id);
                info.term && !info.is_stop_in(stop_languages)
            }));
        self.scratch.sort_unstable();
        self.scratch.dedup();
        if self.terms.len() < vocabulary.len() {
            self.terms.resize(vocabulary.len(), [0, 0]);
        }
        for id in &self.scratch {
            self.terms[*id as usize][side] += count;
        }
    }

    /// Adds the counts of `other`, whose term ids are those of `theirs`, to these, whose ids are
    /// those of `ours` (which learns the words it lacks).
    pub fn merge(&mut self, other: TopicCounter, ours: &mut Vocabulary, theirs: &Vocabulary) {
        for (tag, acc) in other.hashtags {
            match self.hashtags.get_mut(&tag) {
                Some(mine) => mine.absorb(acc),
                None => {
                    self.hashtags.insert(tag, acc);
                }
            }
        }
        for (domain, count) in other.domains {
            *self.domains.entry(domain).or_insert(0) += count;
        }
        for (id, counts) in other.terms.iter().enumerate() {
            if counts[0] + counts[1] == 0 {
                continue;
            }
            let mine = ours.id(theirs.word(id as u32)) as usize;
            if self.terms.len() <= mine {
                self.terms.resize(mine + 1, [0, 0]);
            }
            self.terms[mine][0] += counts[0];
            self.terms[mine][1] += counts[1];
        }
    }

    /// The figures, plus each listed hashtag's first mention (index) for the key moments.
    /// `campaign` hashtags found in the data are listed even below the top.
    pub fn finish(
        self,
        vocabulary: &Vocabulary,
        campaign: &[String],
        has_onset: bool,
    ) -> (Topics, Vec<usize>) {
        let mut tags: Vec<(String, TagAcc)> = self.hashtags.into_iter().collect();
        tags.sort_by(|a, b| b.1.count.cmp(&a.1.count).then_with(|| a.0.cmp(&b.0)));
        let keep = |(rank, (tag, _)): &(usize, &(String, TagAcc))| {
            *rank < TOP_HASHTAGS || campaign.contains(tag)
        };
        let kept: Vec<&(String, TagAcc)> = tags
            .iter()
            .enumerate()
            .filter(keep)
            .map(|(_, t)| t)
            .collect();
        let hashtags = kept
            .iter()
            .map(|(tag, acc)| TagCount {
                tag: tag.clone(),
                count: acc.count,
                first_seen: acc.first.0,
            })
            .collect();
        let first_mentions = kept.iter().map(|(_, acc)| acc.first.1).collect();

        let counted: Vec<(&str, [u64; 2])> = self
            .terms
            .iter()
            .enumerate()
            .filter(|(_, c)| c[0] + c[1] > 0)
            .map(|(id, c)| (vocabulary.word(id as u32), *c))
            .collect();
        let terms = top_counts(counted.iter().map(|(t, c)| (*t, c[0] + c[1])), TOP_TERMS);
        let domains = top_counts(
            self.domains.iter().map(|(d, c)| (d.as_str(), *c)),
            TOP_DOMAINS,
        );
        let rising_terms = if has_onset {
            rising(&counted)
        } else {
            Vec::new()
        };
        (
            Topics {
                hashtags,
                terms,
                rising_terms,
                domains,
            },
            first_mentions,
        )
    }
}

/// The `k` largest counts, ties alphabetical.
fn top_counts<'a>(items: impl Iterator<Item = (&'a str, u64)>, k: usize) -> Vec<TermCount> {
    let mut list: Vec<(&str, u64)> = items.collect();
    let order = |a: &(&str, u64), b: &(&str, u64)| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0));
    if list.len() > k {
        list.select_nth_unstable_by(k, order);
        list.truncate(k);
    }
    list.sort_by(order);
    list.into_iter()
        .map(|(term, count)| TermCount {
            term: term.to_string(),
            count,
        })
        .collect()
}

/// Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, eq. 16),
/// the prior being the whole incident's counts: for term w with counts y_a (from onset) and y_b
/// (before), totals n_a and n_b, α_w = y_a + y_b and α_0 = n_a + n_b:
/// δ = ln((y_a+α_w)/(n_a+α_0−y_a−α_w)) − ln((y_b+α_w)/(n_b+α_0−y_b−α_w)),
/// σ² = 1/(y_a+α_w) + 1/(y_b+α_w), z = δ/σ.
fn rising(terms: &[(&str, [u64; 2])]) -> Vec<RisingTerm> {
    let (n_before, n_after) = terms
        .iter()
        .fold((0u64, 0u64), |(b, a), (_, c)| (b + c[0], a + c[1]));
    if n_before == 0 || n_after == 0 {
        return Vec::new();
    }
    let alpha0 = (n_before + n_after) as f64;
    let mut list: Vec<RisingTerm> = terms
        .iter()
        .filter(|(_, c)| c[1] >= RISING_MIN_COUNT)
        .filter_map(|(term, c)| {
            let (yb, ya) = (c[0] as f64, c[1] as f64);
            let alpha = yb + ya;
            let rest_a = n_after as f64 + alpha0 - ya - alpha;
            let rest_b = n_before as f64 + alpha0 - yb - alpha;
            if rest_a <= 0.0 || rest_b <= 0.0 {
                return None;
            }
            let delta = ((ya + alpha) / rest_a).ln() - ((yb + alpha) / rest_b).ln();
            let z = delta / (1.0 / (ya + alpha) + 1.0 / (yb + alpha)).sqrt();
            (z > 0.0).then(|| RisingTerm {
                term: term.to_string(),
                before: c[0],
                after: c[1],
                z,
            })
        })
        .collect();
    list.sort_by(|a, b| {
        b.z.partial_cmp(&a.z)
            .unwrap_or(Ordering::Equal)
            .then_with(|| a.term.cmp(&b.term))
    });
    list.truncate(TOP_RISING_TERMS);
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Language, Mention, Mentions};

    /// Counts mention `index` of `mentions` (the one test mentions are built in).
    fn count(
        counter: &mut TopicCounter,
        vocabulary: &mut Vocabulary,
        mentions: &Mentions,
        index: usize,
        is_brand: bool,
        from_onset: bool,
    ) {
        mentions.with_texts(index, |texts| {
            let mut tokens = Tokens::default();
            tokens.tokenize(texts.text);
            let mut encoded = Encoded::default();
            vocabulary.encode(&tokens, &mut encoded);
            let m = mentions.get(index);
            counter.add(
                (m.timestamp(), index),
                1,
                m.platform.as_deref(),
                &texts,
                &tokens,
                &encoded,
                vocabulary,
                Language::En.bit(),
                is_brand,
                from_onset,
            );
        });
    }

    fn at(minute: i64) -> Timestamp {
        Timestamp::from_second(1_773_309_600 + minute * 60).unwrap()
    }

    #[test]
    fn hashtags_terms_and_domains() {
        let mut c = TopicCounter::default();
        let v = &mut Vocabulary::default();
        let mut m0 = Mention::new(
            "0",
            at(0),
            "My #Guitar is broken #guitar @SkywaysHelp https://t.co/x 2024",
        );
        m0.platform = Some("twitter".into());
        m0.author = Some("anna".into());
        m0.set_url(Some("https://twitter.com/anna/status/0".into()));
        // The export's hashtag list wins over the text (which has none here).
        let mut m1 = Mention::new(
            "1",
            at(5),
            "broken again, see https://www.news.example.com/story",
        );
        m1.hashtags = ["#SkywaysFail".into(), "guitar".into()].into();
        m1.platform = Some("twitter".into());
        // A news article: its own url is a linked domain.
        let mut m2 = Mention::new("2", at(7), "Airline breaks guitar");
        m2.set_url(Some("https://www.News.example.com/a".into()));
        // The brand's words do not count as terms, its hashtags and links do.
        let m3 = Mention::new(
            "3",
            at(9),
            "Sorry sorry sorry #FlyHappy https://skyways.example/statement",
        );
        let mentions = Mentions::from_mentions([m0, m1, m2, m3]).unwrap();
        for (i, (is_brand, from_onset)) in
            [(false, false), (false, true), (false, true), (true, true)]
                .into_iter()
                .enumerate()
        {
            count(&mut c, v, &mentions, i, is_brand, from_onset);
        }
        let (topics, first) = c.finish(v, &["flyhappy".to_string()], true);
        let tags: Vec<(&str, u64, Timestamp)> = topics
            .hashtags
            .iter()
            .map(|t| (t.tag.as_str(), t.count, t.first_seen))
            .collect();
        // guitar: mentions 0 (twice, counted once) and 1; the rest once, ties alphabetical.
        assert_eq!(
            tags,
            [
                ("guitar", 2, at(0)),
                ("flyhappy", 1, at(9)),
                ("skywaysfail", 1, at(5))
            ]
        );
        assert_eq!(first, vec![0, 3, 1]);
        let terms: Vec<(&str, u64)> = topics
            .terms
            .iter()
            .map(|t| (t.term.as_str(), t.count))
            .collect();
        // "broken" in 0 and 1; "airline", "breaks", "guitar" (the word in 2), "see" once; stop
        // words (my, is, again), the handle, the links, the number and brand text excluded.
        assert_eq!(
            terms,
            [
                ("broken", 2),
                ("airline", 1),
                ("breaks", 1),
                ("guitar", 1),
                ("see", 1)
            ]
        );
        let domains: Vec<(&str, u64)> = topics
            .domains
            .iter()
            .map(|t| (t.term.as_str(), t.count))
            .collect();
        // t.co and the tweet's own permalink are left out.
        assert_eq!(domains, [("news.example.com", 2), ("skyways.example", 1)]);
    }

    /// Japanese is split into two-character words; those of Hiragana alone (verb endings,
    /// particles, the pieces of "ありがとう") are no terms, those with Kanji are.
    #[test]
    fn japanese_terms_leave_out_hiragana_alone() {
        let mut c = TopicCounter::default();
        let v = &mut Vocabulary::default();
        let text = "荷物が届きません、ありがとう";
        let mentions = Mentions::from_mentions([Mention::new("0", at(0), text)]).unwrap();
        count(&mut c, v, &mentions, 0, false, false);
        let (topics, _) = c.finish(v, &[], false);
        let mut terms: Vec<&str> = topics.terms.iter().map(|t| t.term.as_str()).collect();
        terms.sort_unstable();
        // 荷物 物が が届 届き きま ませ せん | あり りが がと とう: the last three of the first
        // run and the whole second are Hiragana.
        let mut expected = ["荷物", "物が", "が届", "届き"];
        expected.sort_unstable();
        assert_eq!(terms, expected);
    }

    /// Two counters, each with its own vocabulary, merged: what one counter counting every
    /// mention gives (the text pass splits the texts between two cores this way).
    #[test]
    fn merged_counters_count_as_one() {
        let texts = [
            "Lost my #guitar at https://www.news.example.com/a",
            "broken guitar again #fail",
            "the #guitar case is broken",
            "RT: lost guitar #fail https://www.news.example.com/b",
        ];
        let mentions = Mentions::from_mentions(
            texts
                .iter()
                .enumerate()
                .map(|(i, t)| Mention::new(i.to_string(), at(i as i64), *t)),
        )
        .unwrap();
        let (mut one, mut v) = (TopicCounter::default(), Vocabulary::default());
        for i in 0..texts.len() {
            count(&mut one, &mut v, &mentions, i, false, i >= 2);
        }
        let expected = one.finish(&v, &[], true);
        // Split unevenly, the second half learning its words in another order.
        let (mut a, mut va) = (TopicCounter::default(), Vocabulary::default());
        let (mut b, mut vb) = (TopicCounter::default(), Vocabulary::default());
        count(&mut a, &mut va, &mentions, 2, false, true);
        for i in [3, 0, 1] {
            count(&mut b, &mut vb, &mentions, i, false, i >= 2);
        }
        a.merge(b, &mut va, &vb);
        assert_eq!(a.finish(&va, &[], true), expected);
    }

    #[test]
    fn rising_terms_by_log_odds_with_the_incident_as_prior() {
        // Before the onset: refund 1, flight 5 (n_b = 6); from the onset: refund 9, flight 5,
        // guitar 4 (n_a = 18); α_w = y_a + y_b, α_0 = 24. By hand (see `rising`):
        // refund: δ = ln(19/23) − ln(11/19) = 0.35549, σ² = 1/19 + 1/11 → z = 0.93829;
        // guitar: δ = ln(8/34) − ln(4/26) = 0.42488, σ² = 1/8 + 1/4 → z = 0.69383;
        // flight: δ = ln(15/27) − ln(15/15) < 0 → not rising.
        let r = rising(&[("refund", [1, 9]), ("flight", [5, 5]), ("guitar", [0, 4])]);
        let got: Vec<(&str, u64, u64)> = r
            .iter()
            .map(|t| (t.term.as_str(), t.before, t.after))
            .collect();
        assert_eq!(got, [("refund", 1, 9), ("guitar", 0, 4)]);
        assert!((r[0].z - 0.938_292).abs() < 1e-5, "{}", r[0].z);
        assert!((r[1].z - 0.693_831).abs() < 1e-5, "{}", r[1].z);
        // Nothing before the onset: no comparison.
        assert!(rising(&[("guitar", [0, 4])]).is_empty());
    }

    #[test]
    fn platform_hosts() {
        assert!(is_platform_host("mobile.twitter.com", Some("twitter")));
        assert!(is_platform_host("x.com", None));
        assert!(!is_platform_host("x.com", Some("facebook")));
        assert!(!is_platform_host("notx.com", None));
        // Hosts come from posts and may hold any character, wherever the domain would start.
        assert!(!is_platform_host("tnitteŠ.com", None));
        assert!(!is_platform_host("news²example.com", None));
        assert!(is_platform_host("ñews.x.com", None));
    }

    #[test]
    fn first_occurrences_keep_order_with_few_items_and_with_many() {
        let few = ["a", "b", "a", "c", "b"];
        assert_eq!(
            first_occurrences(&few).collect::<Vec<_>>(),
            [&"a", &"b", &"c"]
        );
        // Past the scan limit a set takes over; the result is the same kind of list.
        let many: Vec<String> = (0..1_000).map(|i| format!("t{}", i % 300)).collect();
        let kept: Vec<&String> = first_occurrences(&many).collect();
        assert_eq!(kept.len(), 300);
        assert!(kept.iter().enumerate().all(|(i, t)| **t == format!("t{i}")));
    }
}
