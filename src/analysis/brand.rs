//! Who is the brand: the export's own flag or the configured handles.

use crate::config::Config;
use crate::model::{AuthorMemo, MentionView, Mentions};

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

    /// A mention is the brand's when the export says so or its author (handle or id) is a
    /// configured brand handle.
    pub fn is_brand(&self, m: &MentionView) -> bool {
        let platform = m.platform.as_deref();
        m.is_brand == Some(true)
            || m.author().is_some_and(|a| self.matches(a, platform))
            || m.author_id().is_some_and(|a| self.matches(a, platform))
    }
}

/// [`BrandMatcher::is_brand`] for every mention, in order. Each distinct author's handle and
/// id are compared with the brand handles once: a mention then costs a look-up in a list, and
/// only the (few) authors whose handle is a brand handle on some platform are checked again
/// with the mention's platform.
pub fn brand_flags(mentions: &Mentions, matcher: &BrandMatcher) -> Vec<bool> {
    let mut may_match = AuthorMemo::new(mentions);
    mentions
        .iter()
        .map(|m| {
            let any = |handle: Option<&str>| handle.is_some_and(|h| matcher.matches(h, None));
            let may = may_match.get_or(m.author_ref(), || {
                u32::from(any(m.author()) || any(m.author_id()))
            });
            (may == Some(1) && matcher.is_brand(&m)) || m.is_brand == Some(true)
        })
        .collect()
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
        assert!(is_brand(&b, mention(Some("someone"), None, Some(true))));
        // The export's `false` does not override a configured handle.
        assert!(is_brand(
            &b,
            mention(Some("SkywaysHelp"), None, Some(false))
        ));
        assert!(!is_brand(&b, mention(Some("skyways"), None, None)));
        assert!(!is_brand(&b, mention(None, None, None)));
        let nobody = Config::default();
        assert!(!is_brand(
            &BrandMatcher::new(&nobody),
            mention(Some("x"), None, None)
        ));
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
        ] {
            let mut m = Mention::new("1", jiff::Timestamp::UNIX_EPOCH, "");
            m.author = Some(author.into());
            m.platform = Some(platform.into());
            m.is_brand = flag;
            all.push(m);
        }
        let mentions = Mentions::from_mentions(all).unwrap();
        let one_by_one: Vec<bool> = mentions.iter().map(|m| b.is_brand(&m)).collect();
        assert_eq!(brand_flags(&mentions, &b), one_by_one);
        assert_eq!(one_by_one, [true, true, false, true, false]);
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
