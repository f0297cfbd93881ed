//! Who is the brand: the configured handles, or without them the export's own flag.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::metrics::TimelineWarning;
use crate::model::{AuthorMemo, MentionView, Mentions, Row};

/// How many of the accounts the export flags but the handles leave out the warning names.
const FLAGGED_NAMED: usize = 5;

/// Matches handles against the configured brand handles without allocating for the usual ASCII
/// handle; the definition is [`Config::is_brand_handle`], which it falls back to otherwise.
pub struct BrandMatcher<'c> {
    config: &'c Config,
}

impl<'c> BrandMatcher<'c> {
    pub fn new(config: &'c Config) -> Self {
        BrandMatcher { config }
    }

    pub fn matches(&self, handle: &str, platform: Option<&str>) -> bool {
        if self.config.brand_handles.is_empty() {
            return false;
        }
        let bare = handle.trim().trim_start_matches('@');
        if !bare.is_ascii() {
            return self.config.is_brand_handle(handle, platform);
        }
        self.config.brand_handles.iter().any(|b| {
            b.handle.eq_ignore_ascii_case(bare)
                && match (&b.platform, platform) {
                    (Some(bp), Some(p)) => bp.eq_ignore_ascii_case(p),
                    _ => true,
                }
        })
    }

    /// A mention is the brand's when its author (handle or id) is a configured brand handle;
    /// with no handle configured, when the export flags it so. The handles win: an export of
    /// many companies' care accounts (twcs) flags every company's posts, and the team that
    /// named its accounts means those.
    pub fn is_brand(&self, m: &MentionView) -> bool {
        if self.config.brand_handles.is_empty() {
            return m.is_brand == Some(true);
        }
        let platform = m.platform.as_deref();
        m.author().is_some_and(|a| self.matches(a, platform))
            || m.author_id().is_some_and(|a| self.matches(a, platform))
    }
}

/// Whether a post is another company's own, in an export of several: the export flags it as a
/// brand's, and the configured handles (`is_brand`, [`brand_flags`]) leave it out. It is
/// neither the brand's nor the public's (`docs/metrics.md`, Conventions).
pub fn is_other_company(row: &Row, is_brand: bool) -> bool {
    !is_brand && row.is_brand == Some(true)
}

/// The accounts an export of several companies flags as a brand's that the configured handles
/// leave out: the other companies' care accounts (twcs). By the handle in lower case: the
/// spelling first seen, and how many posts the export flags.
#[derive(Debug, Default)]
pub struct OtherCompanies {
    accounts: BTreeMap<String, (String, u64)>,
}

impl OtherCompanies {
    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty()
    }

    /// The warning that names the accounts with the most flagged posts, and says that the
    /// figures count `conversations` of the `mentions`: the brand's conversations.
    pub fn warning(self, conversations: u64, mentions: u64) -> Option<TimelineWarning> {
        if self.accounts.is_empty() {
            return None;
        }
        let posts = self.accounts.values().map(|(_, n)| n).sum();
        // Most posts first, then by the handle in lower case (the map's order).
        let mut accounts: Vec<(String, u64)> = self.accounts.into_values().collect();
        accounts.sort_by_key(|a| std::cmp::Reverse(a.1));
        let more = accounts.len().saturating_sub(FLAGGED_NAMED);
        accounts.truncate(FLAGGED_NAMED);
        Some(TimelineWarning::FlaggedBrandPostsOfOtherAccounts {
            posts,
            accounts,
            more,
            conversations,
            mentions,
        })
    }
}

/// [`BrandMatcher::is_brand`] for every mention, in order, and the accounts the export flags as
/// a brand's that the configured handles leave out: other companies', whose posts are neither
/// the brand's nor the public's, which the team should know. Each distinct author's handle and id are compared with the brand
/// handles once: a mention then costs a look-up in a list, and only the (few) authors whose
/// handle is a brand handle on some platform are checked again with the mention's platform.
pub fn brand_flags(mentions: &Mentions, matcher: &BrandMatcher) -> (Vec<bool>, OtherCompanies) {
    let mut others = OtherCompanies::default();
    if matcher.config.brand_handles.is_empty() {
        let flags = mentions.iter().map(|m| m.is_brand == Some(true)).collect();
        return (flags, others);
    }
    let mut may_match = AuthorMemo::new(mentions);
    let flags = mentions
        .iter()
        .map(|m| {
            let any = |handle: Option<&str>| handle.is_some_and(|h| matcher.matches(h, None));
            let may = may_match.get_or(m.author_ref(), || {
                u32::from(any(m.author()) || any(m.author_id()))
            });
            let brand = may == Some(1) && matcher.is_brand(&m);
            if is_other_company(&m, brand) {
                let author = author_key(&m).unwrap_or("");
                others
                    .accounts
                    .entry(author.to_lowercase())
                    .or_insert_with(|| (author.to_string(), 0))
                    .1 += 1;
            }
            brand
        })
        .collect();
    (flags, others)
}

/// The author as written (handle, else author id), without a leading `@`; `None` when the export
/// names no author. Callers group case-insensitively.
pub fn author_key<'a>(m: &MentionView<'a>) -> Option<&'a str> {
    [m.author(), m.author_id()]
        .into_iter()
        .flatten()
        .map(|a| a.trim().trim_start_matches('@'))
        .find(|a| !a.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Overrides;
    use crate::model::Mention;

    fn config(handles: &[&str]) -> Config {
        let file = crate::config::IncidentFile {
            handles: Some(handles.iter().map(|h| h.to_string()).collect()),
            ..Default::default()
        };
        Config::resolve(file, &Overrides::default()).unwrap()
    }

    /// One mention by this author, alone in its store (which the test keeps).
    fn mention(author: Option<&str>, author_id: Option<&str>, flag: Option<bool>) -> Mentions {
        let mut m = Mention::new("1", jiff::Timestamp::UNIX_EPOCH, "");
        m.author = author.map(Into::into);
        m.author_id = author_id.map(Into::into);
        m.is_brand = flag;
        Mentions::from_mentions([m]).unwrap()
    }

    #[test]
    fn brand_by_flag_handle_or_author_id() {
        let c = config(&["@SkywaysHelp", "Żabka"]);
        let b = BrandMatcher::new(&c);
        let is_brand = |matcher: &BrandMatcher, one: Mentions| matcher.is_brand(&one.get(0));
        assert!(is_brand(&b, mention(Some("skywayshelp"), None, None)));
        assert!(is_brand(&b, mention(Some("@SKYWAYSHELP"), None, None)));
        assert!(is_brand(&b, mention(None, Some("SkywaysHelp"), None)));
        assert!(is_brand(&b, mention(Some("ŻABKA"), None, None)));
        // With handles configured they decide, both ways: the export's flag does not make
        // another account the brand's, nor does its `false` unmake a configured one.
        assert!(!is_brand(&b, mention(Some("someone"), None, Some(true))));
        assert!(is_brand(
            &b,
            mention(Some("SkywaysHelp"), None, Some(false))
        ));
        assert!(!is_brand(&b, mention(Some("skyways"), None, None)));
        assert!(!is_brand(&b, mention(None, None, None)));
        // Without handles the export's flag is all there is.
        let nobody = Config::default();
        let by_flag = BrandMatcher::new(&nobody);
        assert!(!is_brand(&by_flag, mention(Some("x"), None, None)));
        assert!(is_brand(&by_flag, mention(Some("x"), None, Some(true))));
        assert!(!is_brand(&by_flag, mention(Some("x"), None, Some(false))));
    }

    #[test]
    fn brand_flags_agree_with_the_matcher_mention_by_mention() {
        // SkywaysHelp anywhere, Skyways on Facebook only.
        let c = Config::from_toml(
            "handles = [\"SkywaysHelp\"]\n[brand_handles]\nfacebook = [\"Skyways\"]\n",
            "incident.toml",
        )
        .unwrap();
        let b = BrandMatcher::new(&c);
        let mut all = Vec::new();
        for (author, platform, flag) in [
            ("SkywaysHelp", "twitter", None),
            ("skyways", "facebook", None),
            ("skyways", "twitter", None),
            ("anna", "twitter", Some(true)),
            ("anna", "twitter", None),
            ("@British_Airways", "twitter", Some(true)),
            ("british_airways", "twitter", Some(true)),
            ("AskPlayStation", "twitter", Some(true)),
        ] {
            let mut m = Mention::new("1", jiff::Timestamp::UNIX_EPOCH, "");
            m.author = Some(author.into());
            m.platform = Some(platform.into());
            m.is_brand = flag;
            all.push(m);
        }
        let mentions = Mentions::from_mentions(all).unwrap();
        let one_by_one: Vec<bool> = mentions.iter().map(|m| b.is_brand(&m)).collect();
        let (flags, others) = brand_flags(&mentions, &b);
        assert_eq!(flags, one_by_one);
        assert_eq!(
            one_by_one,
            [true, true, false, false, false, false, false, false]
        );
        // The flagged posts the handles leave out: 4, by three accounts, most posts first.
        assert_eq!(
            others.warning(3, 8),
            Some(TimelineWarning::FlaggedBrandPostsOfOtherAccounts {
                posts: 4,
                accounts: vec![
                    ("British_Airways".into(), 2),
                    ("anna".into(), 1),
                    ("AskPlayStation".into(), 1)
                ],
                more: 0,
                conversations: 3,
                mentions: 8,
            })
        );
    }

    #[test]
    fn author_key_prefers_handle() {
        let key = |one: Mentions| author_key(&one.get(0)).map(str::to_string);
        assert_eq!(
            key(mention(Some("@Anna"), Some("7"), None)).as_deref(),
            Some("Anna")
        );
        assert_eq!(
            key(mention(Some(" "), Some("7"), None)).as_deref(),
            Some("7")
        );
        assert_eq!(key(mention(None, None, None)), None);
    }
}
