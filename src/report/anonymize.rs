//! The anonymised edition for training: every author who is not the brand (nor on
//! `anonymize_allowlist`) becomes a stable pseudonym, `anon_` and eight hex digits of
//! HMAC-SHA256(secret, handle). The same person gets the same pseudonym everywhere in the
//! report; without the secret the pseudonym cannot be turned back into the handle.
//!
//! Applied to the [`CaseStudy`] before rendering, so the HTML, the PDF and `metrics.json` all
//! carry the same pseudonyms. In every free text (mention text, finding titles and figures,
//! key-moment labels, lessons, warnings): `@handle`s are replaced unless kept; known authors'
//! handles written without `@` are replaced when they look like handles (contain a digit, `_`
//! or `.`), and their multi-word display names are replaced too; URLs are cut to their host,
//! so no profile or post path survives. Mention links and post ids of non-brand authors are
//! dropped or replaced.

use std::collections::BTreeSet;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use unicode_properties::UnicodeGeneralCategory;

use crate::case::CaseStudy;
use crate::config::normalize_handle;
use crate::metrics::TimelineWarning;
use crate::model::MentionRef;

type HmacSha256 = Hmac<Sha256>;

/// Replaces non-brand authors by keyed pseudonyms throughout `case` and marks it anonymised.
/// `secret` should be random per run (or per training set, to keep pseudonyms across
/// reports); it is not stored anywhere.
pub fn anonymize(case: &mut CaseStudy, secret: &[u8]) {
    let anonymizer = Anonymizer::new(case, secret);
    anonymizer.apply(case);
}

struct Anonymizer<'a> {
    secret: &'a [u8],
    /// Normalised handles that keep their name: brand accounts and the allowlist.
    keep: BTreeSet<String>,
    /// Normalised handles of known non-brand authors, longest first.
    authors: Vec<String>,
    /// Display names (two words or more) of known non-brand authors, longest first, with the
    /// handle they belong to.
    names: Vec<(String, String)>,
    brand_handles: Vec<(String, Option<String>)>,
}

impl<'a> Anonymizer<'a> {
    fn new(case: &CaseStudy, secret: &'a [u8]) -> Anonymizer<'a> {
        let mut keep: BTreeSet<String> = case
            .config
            .brand_handles
            .iter()
            .map(|b| b.handle.clone())
            .chain(
                case.config
                    .anonymize_allowlist
                    .iter()
                    .map(|h| normalize_handle(h)),
            )
            .collect();
        let reach = &case.metrics.reach;
        for a in reach
            .top_authors_by_reach
            .iter()
            .chain(&reach.top_authors_by_volume)
        {
            if a.is_brand {
                keep.insert(normalize_handle(&a.author));
            }
        }
        for g in &case.metrics.response.by_account {
            keep.insert(normalize_handle(&g.key));
        }
        let mut anonymizer = Anonymizer {
            secret,
            keep,
            authors: Vec::new(),
            names: Vec::new(),
            brand_handles: case
                .config
                .brand_handles
                .iter()
                .map(|b| (b.handle.clone(), b.platform.clone()))
                .collect(),
        };
        let mut authors = BTreeSet::new();
        let mut names = BTreeSet::new();
        for r in mention_refs(case) {
            if let Some(author) = &r.author {
                if !anonymizer.kept(author, r.platform.as_deref()) {
                    let handle = normalize_handle(author);
                    if let Some(name) = &r.author_name {
                        if name.split_whitespace().count() >= 2 {
                            names.insert((name.trim().to_string(), handle.clone()));
                        }
                    }
                    authors.insert(handle);
                }
            }
        }
        for a in reach
            .top_authors_by_reach
            .iter()
            .chain(&reach.top_authors_by_volume)
        {
            if !a.is_brand && !anonymizer.kept(&a.author, None) {
                authors.insert(normalize_handle(&a.author));
            }
        }
        anonymizer.authors = authors.into_iter().filter(|h| !h.is_empty()).collect();
        anonymizer
            .authors
            .sort_by_key(|h| std::cmp::Reverse(h.len()));
        anonymizer.names = names.into_iter().collect();
        anonymizer
            .names
            .sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
        anonymizer
    }

    fn kept(&self, handle: &str, platform: Option<&str>) -> bool {
        let handle = normalize_handle(handle);
        self.keep.contains(&handle)
            || self.brand_handles.iter().any(|(h, p)| {
                *h == handle
                    && match (p, platform) {
                        (Some(bp), Some(p)) => bp.eq_ignore_ascii_case(p),
                        _ => true,
                    }
            })
    }

    fn keyed(&self, domain: &str, value: &str) -> String {
        // HMAC accepts keys of any length, so this cannot fail.
        let mut mac = match HmacSha256::new_from_slice(self.secret) {
            Ok(mac) => mac,
            Err(_) => unreachable!("HMAC takes keys of any length"),
        };
        mac.update(domain.as_bytes());
        mac.update(b"\0");
        mac.update(value.as_bytes());
        let digest = mac.finalize().into_bytes();
        let hex: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
        format!("anon_{hex}")
    }

    fn pseudonym(&self, handle: &str) -> String {
        self.keyed("author", &normalize_handle(handle))
    }

    fn apply(&self, case: &mut CaseStudy) {
        case.incident.anonymized = true;
        self.text(&mut case.incident.title);
        if let Some(title) = &mut case.config.title {
            self.text(title);
        }
        for event in &mut case.config.events {
            self.text(&mut event.label);
        }
        for file in &mut case.files {
            self.text(&mut file.path);
            file.warnings.iter_mut().for_each(|w| self.text(w));
            for notice in &mut file.notices {
                notice.texts_mut().into_iter().for_each(|t| self.text(t));
            }
            for rejection in &mut file.rejected_examples {
                self.text(&mut rejection.reason);
                if let Some(problem) = &mut rejection.problem {
                    problem.texts_mut().into_iter().for_each(|t| self.text(t));
                }
            }
            file.rejection_reasons
                .iter_mut()
                .for_each(|r| self.text(&mut r.reason));
        }
        let m = &mut case.metrics;
        m.timeline.warnings.iter_mut().for_each(|w| self.text(w));
        // The report words its warnings from the codes; an event's label is the team's text.
        for code in &mut m.timeline.warning_codes {
            match code {
                TimelineWarning::EventOutsideData { label, .. } => self.text(label),
                // Accounts the handles say are not the brand's: pseudonyms, as every author.
                TimelineWarning::FlaggedBrandPostsOfOtherAccounts { accounts, .. } => {
                    for (account, _) in accounts {
                        if !self.kept(account, None) {
                            *account = self.pseudonym(account);
                        }
                    }
                }
                _ => {}
            }
        }
        for moment in &mut m.timeline.key_moments {
            self.text(&mut moment.label);
            if let Some(r) = &mut moment.mention {
                self.mention(r);
            }
        }
        for a in m
            .reach
            .top_authors_by_reach
            .iter_mut()
            .chain(m.reach.top_authors_by_volume.iter_mut())
        {
            if !a.is_brand && !self.kept(&a.author, None) {
                a.author = self.pseudonym(&a.author);
            }
        }
        m.response
            .unanswered_top_reach
            .iter_mut()
            .for_each(|r| self.mention(r));
        for anomaly in &mut m.response.anomalies {
            anomaly.parent_id = self.keyed("post", &anomaly.parent_id);
        }
        for tag in &mut m.topics.hashtags {
            self.word(&mut tag.tag);
        }
        // A word of an author's display name ("zoe", "walters") would name them among the
        // terms: it goes from the lists.
        m.topics.terms.retain(|t| !self.is_name_word(&t.term));
        m.topics
            .rising_terms
            .retain(|t| !self.is_name_word(&t.term));
        for term in &mut m.topics.terms {
            self.word(&mut term.term);
        }
        for term in &mut m.topics.rising_terms {
            self.word(&mut term.term);
        }
        for finding in &mut case.findings {
            self.text(&mut finding.title);
            for figure in &mut finding.evidence.figures {
                self.text(&mut figure.label);
                self.text(&mut figure.value);
            }
            finding
                .evidence
                .examples
                .iter_mut()
                .for_each(|r| self.mention(r));
            self.text(&mut finding.principle);
            self.text(&mut finding.recommendation);
            if let Some(c) = &mut finding.comment {
                self.text(c);
            }
        }
        for rule in &mut case.rules {
            if let Some(reason) = &mut rule.reason {
                self.text(reason);
            }
        }
        for section in &mut case.lessons.sections {
            self.text(&mut section.heading);
            self.text(&mut section.markdown);
        }
        for item in &mut case.lessons.action_items {
            self.text(&mut item.action);
            for field in [&mut item.owner, &mut item.due, &mut item.status]
                .into_iter()
                .flatten()
            {
                self.text(field);
            }
        }
    }

    fn mention(&self, r: &mut MentionRef) {
        let kept = r
            .author
            .as_deref()
            .is_some_and(|a| self.kept(a, r.platform.as_deref()));
        self.text(&mut r.text);
        if kept {
            return;
        }
        if let Some(author) = &r.author {
            r.author = Some(self.pseudonym(author));
        }
        r.author_name = None;
        r.url = None;
        r.id = self.keyed("post", &r.id);
    }

    /// Whether a term (lower case) is a word of a known non-brand author's display name.
    fn is_name_word(&self, term: &str) -> bool {
        self.names.iter().any(|(name, _)| {
            name.split(|c: char| !c.is_alphanumeric())
                .any(|word| word.len() > 1 && word.to_lowercase() == term)
        })
    }

    /// A single token (hashtag, term): replaced whole when it is a known author's handle.
    fn word(&self, word: &mut String) {
        let bare = word.trim_start_matches('@');
        let normalized = normalize_handle(bare);
        if self.authors.contains(&normalized) || (word.starts_with('@') && !self.kept(bare, None)) {
            *word = self.pseudonym(bare);
        }
    }

    fn text(&self, text: &mut String) {
        let cut = cut_urls(text);
        let at = self.replace_at_handles(&cut);
        let mut out = at;
        for handle in &self.authors {
            if looks_like_handle(handle) {
                out = replace_word(&out, handle, &self.pseudonym(handle));
            }
        }
        for (name, handle) in &self.names {
            out = replace_word(&out, name, &self.pseudonym(handle));
        }
        *text = out;
    }

    /// `@someone` → `@anon_1a2b3c4d` unless kept. An `@` after a word character is an e-mail
    /// address or similar, not a mention.
    fn replace_at_handles(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        let mut previous: Option<char> = None;
        while let Some(pos) = rest.find('@') {
            let before = &rest[..pos];
            out.push_str(before);
            let prev = before.chars().last().or(previous);
            let after = &rest[pos + 1..];
            let len: usize = after
                .char_indices()
                .take_while(|(_, c)| c.is_alphanumeric() || *c == '_' || *c == '.')
                .map(|(_, c)| c.len_utf8())
                .sum();
            let handle = after[..len].trim_end_matches('.');
            let is_mention = !handle.is_empty() && !prev.is_some_and(is_word_char);
            if is_mention && !self.kept(handle, None) {
                out.push('@');
                out.push_str(&self.pseudonym(handle));
                rest = &after[handle.len()..];
                previous = handle.chars().last();
            } else {
                out.push('@');
                rest = after;
                previous = Some('@');
            }
        }
        out.push_str(rest);
        out
    }
}

/// Letters, digits, `_`, and the combining marks written on a letter (`e` + U+0301), which
/// belong to the word they follow.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || c == '_'
        || matches!(
            c.general_category_group(),
            unicode_properties::GeneralCategoryGroup::Mark
        )
}

fn looks_like_handle(handle: &str) -> bool {
    handle
        .chars()
        .any(|c| c.is_ascii_digit() || c == '_' || c == '.')
}

/// Every mention reference in the case study.
fn mention_refs(case: &CaseStudy) -> Vec<&MentionRef> {
    let m = &case.metrics;
    m.timeline
        .key_moments
        .iter()
        .filter_map(|k| k.mention.as_ref())
        .chain(&m.response.unanswered_top_reach)
        .chain(case.findings.iter().flat_map(|f| &f.evidence.examples))
        .collect()
}

/// Replaces whole-word, case-insensitive occurrences of `word` in `text`. Characters are
/// compared one by one in lower case: positions are never taken from a lower-cased copy of
/// the text, whose characters can be longer or shorter than the originals (`K`, `İ`).
fn replace_word(text: &str, word: &str, replacement: &str) -> String {
    if word.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let (mut last, mut pos) = (0, 0);
    while let Some(c) = text[pos..].chars().next() {
        let whole = match_end(text, pos, word).filter(|&end| {
            !text[..pos].chars().last().is_some_and(is_word_char)
                && !text[end..].chars().next().is_some_and(is_word_char)
        });
        match whole {
            Some(end) => {
                out.push_str(&text[last..pos]);
                out.push_str(replacement);
                (last, pos) = (end, end);
            }
            None => pos += c.len_utf8(),
        }
    }
    out.push_str(&text[last..]);
    out
}

/// Where `word` ends when it occurs at byte `start` of `text`, compared in lower case.
fn match_end(text: &str, start: usize, word: &str) -> Option<usize> {
    let mut chars = text[start..].char_indices();
    for w in word.chars() {
        let (_, c) = chars.next()?;
        if c != w && !lower(c).eq(lower(w)) {
            return None;
        }
    }
    Some(start + chars.offset())
}

/// A character in lower case for comparing names: `İ` lowers to `i` and a combining dot, which
/// is dropped so that "İrem" and "irem" are one name.
fn lower(c: char) -> impl Iterator<Item = char> {
    c.to_lowercase().filter(|&l| l != '\u{307}')
}

/// `https://x.com/someone/status/1` → `https://x.com/…`: the host says where a link went,
/// the path could name a person.
fn cut_urls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let lower = rest.to_ascii_lowercase();
        let found = [lower.find("https://"), lower.find("http://")]
            .into_iter()
            .flatten()
            .min();
        let Some(start) = found else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..start]);
        let url_len = rest[start..]
            .find(|c: char| {
                c.is_whitespace() || matches!(c, ')' | ']' | '>' | '<' | '"' | '\'' | '`')
            })
            .unwrap_or(rest.len() - start);
        let url = &rest[start..start + url_len];
        let scheme_len = if url.to_ascii_lowercase().starts_with("https://") {
            8
        } else {
            7
        };
        let after_scheme = &url[scheme_len..];
        let authority = after_scheme.split(['/', '?', '#']).next().unwrap_or("");
        let host = authority.rsplit('@').next().unwrap_or(authority);
        out.push_str(&url[..scheme_len]);
        out.push_str(host);
        if authority.len() < after_scheme.len() {
            out.push_str("/…");
        }
        rest = &rest[start + url_len..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture;

    #[test]
    fn urls_keep_only_their_host() {
        assert_eq!(
            cut_urls("see https://x.com/mila_strings/status/1 and (https://youtu.be/abc)."),
            "see https://x.com/… and (https://youtu.be/…)."
        );
        assert_eq!(cut_urls("HTTP://user@Example.org"), "HTTP://Example.org");
        assert_eq!(cut_urls("no links"), "no links");
    }

    #[test]
    fn whole_words_only() {
        assert_eq!(
            replace_word("Mila_Strings said mila_stringsX", "mila_strings", "P"),
            "P said mila_stringsX"
        );
        assert_eq!(replace_word("héllo mila_s", "mila_s", "P"), "héllo P");
        // Lower-casing changes the length of some characters: positions stay the text's own.
        assert_eq!(
            replace_word("\u{212A} hughes_ryan İİ", "hughes_ryan", "P"),
            "\u{212A} P İİ"
        );
        assert_eq!(
            replace_word("ÉMILIE, émilie and Émilie_x", "Émilie", "P"),
            "P, P and Émilie_x"
        );
        // `İ` is the capital of `i` (Turkish names): each spelling hides the others.
        assert_eq!(
            replace_word("İrem, irem, IREM and İREM", "irem", "P"),
            "P, P, P and P"
        );
        assert_eq!(replace_word("irem", "İrem", "P"), "P");
        // A combining accent belongs to the word it follows: "jose" + U+0301 is another name.
        assert_eq!(
            replace_word("jose\u{301} and jose", "jose", "P"),
            "jose\u{301} and P"
        );
    }

    #[test]
    fn pseudonyms_are_stable_keyed_and_brand_accounts_stay() {
        let mut a = fixture::skyways();
        let mut b = fixture::skyways();
        let mut c = fixture::skyways();
        anonymize(&mut a, b"secret one");
        anonymize(&mut b, b"secret one");
        anonymize(&mut c, b"secret two");
        let json = |case: &CaseStudy| serde_json::to_string(case).unwrap();
        assert_eq!(json(&a), json(&b), "same secret, same pseudonyms");
        assert_ne!(json(&a), json(&c), "another secret, other pseudonyms");
        assert!(a.incident.anonymized);
        let text = json(&a);
        for handle in fixture::PRIVATE_HANDLES {
            assert!(
                !text.to_lowercase().contains(&handle.to_lowercase()),
                "{handle} survived"
            );
        }
        for name in fixture::PRIVATE_NAMES {
            assert!(!text.contains(name), "{name} survived");
        }
        assert!(text.contains("SkywaysHelp"), "brand account kept");
        assert!(text.contains("airnewsdaily"), "allowlisted account kept");
        // The musician is one person: every reference to her carries the same pseudonym.
        let pseudonym =
            Anonymizer::new(&fixture::skyways(), b"secret one").pseudonym("mila_strings");
        assert!(text.matches(&pseudonym).count() >= 3, "{pseudonym}");
        // Non-brand post links are gone; brand ones remain.
        let links: Vec<_> = mention_refs(&a)
            .iter()
            .filter_map(|r| r.url.clone())
            .collect();
        assert!(
            links.iter().all(|u| u.contains("SkywaysHelp")
                || u.contains("SkywaysAir")
                || u.contains("airnewsdaily")),
            "{links:?}"
        );
    }

    /// A word of a display name among the terms would name the person ("mila", "novak"): it
    /// goes from the terms and the rising terms; other words stay.
    #[test]
    fn words_of_display_names_leave_the_terms() {
        use crate::metrics::{RisingTerm, TermCount};
        let mut case = fixture::skyways();
        assert_eq!(fixture::PRIVATE_NAMES[0], "Mila Novak");
        let term = |t: &str| TermCount {
            term: t.into(),
            count: 5,
        };
        case.metrics.topics.terms =
            vec![term("guitar"), term("novak"), term("mila"), term("refund")];
        case.metrics.topics.rising_terms = vec![RisingTerm {
            term: "novak".into(),
            before: 0,
            after: 9,
            z: 3.0,
        }];
        anonymize(&mut case, b"k");
        let terms: Vec<&str> = case
            .metrics
            .topics
            .terms
            .iter()
            .map(|t| t.term.as_str())
            .collect();
        assert_eq!(terms, ["guitar", "refund"]);
        assert!(case.metrics.topics.rising_terms.is_empty());
    }

    /// Notices and rejections keep values from the export as data too (they are worded in the
    /// report's language from it), and those values may name people.
    #[test]
    fn values_quoted_by_notices_and_rejections_are_anonymized() {
        use crate::model::{FileNotice, Rejection, RowProblem, ValueProblem};
        let mut case = fixture::skyways();
        let file = &mut case.files[0];
        file.rejected_examples = vec![Rejection::new(
            3,
            RowProblem::UnreadableTime {
                value: "ask @mila_strings".into(),
                column: "Date".into(),
            },
        )];
        file.notice(FileNotice::ColumnValues {
            column: "Likes".into(),
            problem: ValueProblem::NotANumber,
            count: 1,
            first_line: 4,
            example: fixture::PRIVATE_NAMES[0].into(),
        });
        anonymize(&mut case, b"k");
        let file = &case.files[0];
        let shown = format!(
            "{:?} {:?} {:?}",
            file.rejected_examples, file.notices, file.warnings
        );
        assert!(!shown.contains("mila_strings"), "{shown}");
        assert!(!shown.contains(fixture::PRIVATE_NAMES[0]), "{shown}");
        assert!(shown.contains("Likes") && shown.contains("Date"), "{shown}");
    }

    #[test]
    fn at_handles_in_text_are_replaced_but_emails_and_kept_accounts_are_not() {
        let case = fixture::skyways();
        let anon = Anonymizer::new(&case, b"k");
        let mut text =
            "@mila_strings cc @SkywaysHelp @someone_else. write to ops@skyways.example".to_string();
        anon.text(&mut text);
        assert!(
            text.starts_with(&format!(
                "@{} cc @SkywaysHelp @{}.",
                anon.pseudonym("mila_strings"),
                anon.pseudonym("someone_else")
            )),
            "{text}"
        );
        assert!(text.ends_with("ops@skyways.example"), "{text}");
    }
}
