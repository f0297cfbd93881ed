//! Who is the brand: the export's own flag or the configured handles.

use crate::config::Config;
use crate::model::Mention;

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
    pub fn is_brand(&self, m: &Mention) -> bool {
        let platform = m.platform.as_deref();
        m.is_brand == Some(true)
            || m.author
                .as_deref()
                .is_some_and(|a| self.matches(a, platform))
            || m.author_id
                .as_deref()
                .is_some_and(|a| self.matches(a, platform))
    }
}

/// The author as written (handle, else author id), without a leading `@`; `None` when the export
/// names no author. Callers group case-insensitively.
pub fn author_key(m: &Mention) -> Option<&str> {
    [m.author.as_deref(), m.author_id.as_deref()]
        .into_iter()
        .flatten()
        .map(|a| a.trim().trim_start_matches('@'))
        .find(|a| !a.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Overrides;

    fn config(handles: &[&str]) -> Config {
        let file = crate::config::IncidentFile {
            handles: Some(handles.iter().map(|h| h.to_string()).collect()),
            ..Default::default()
        };
        Config::resolve(file, &Overrides::default()).unwrap()
    }

    fn mention(author: Option<&str>, author_id: Option<&str>, flag: Option<bool>) -> Mention {
        let mut m = Mention::new("1", jiff::Timestamp::UNIX_EPOCH, "");
        m.author = author.map(Into::into);
        m.author_id = author_id.map(Into::into);
        m.is_brand = flag;
        m
    }

    #[test]
    fn brand_by_flag_handle_or_author_id() {
        let c = config(&["@SkywaysHelp", "Żabka"]);
        let b = BrandMatcher::new(&c);
        assert!(b.is_brand(&mention(Some("skywayshelp"), None, None)));
        assert!(b.is_brand(&mention(Some("@SKYWAYSHELP"), None, None)));
        assert!(b.is_brand(&mention(None, Some("SkywaysHelp"), None)));
        assert!(b.is_brand(&mention(Some("ŻABKA"), None, None)));
        assert!(b.is_brand(&mention(Some("someone"), None, Some(true))));
        // The export's `false` does not override a configured handle.
        assert!(b.is_brand(&mention(Some("SkywaysHelp"), None, Some(false))));
        assert!(!b.is_brand(&mention(Some("skyways"), None, None)));
        assert!(!b.is_brand(&mention(None, None, None)));
        assert!(!BrandMatcher::new(&Config::default()).is_brand(&mention(Some("x"), None, None)));
    }

    #[test]
    fn author_key_prefers_handle() {
        assert_eq!(
            author_key(&mention(Some("@Anna"), Some("7"), None)),
            Some("Anna")
        );
        assert_eq!(author_key(&mention(Some(" "), Some("7"), None)), Some("7"));
        assert_eq!(author_key(&mention(None, None, None)), None);
    }
}
