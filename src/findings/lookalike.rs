//! Whether an account name imitates a brand handle: same look-alike skeleton, the brand name
//! with a customer-service word added or removed, or a small edit distance.

use crate::analysis::wording::fold;

/// Words impostors add to a brand name to look like its customer service, in the four
/// languages (`support`, `help`, `care`, `team`, `service`, `assistenza`, `ayuda`, `pomoc`, …).
const SERVICE_WORDS: &[&str] = &[
    "support",
    "help",
    "helps",
    "helpdesk",
    "care",
    "cares",
    "team",
    "service",
    "services",
    "official",
    "real",
    "customer",
    "customers",
    "cs",
    "hq",
    "desk",
    "info",
    "assist",
    "assistance",
    "contact",
    "contacts",
    "news",
    // Italian
    "assistenza",
    "aiuto",
    "supporto",
    "servizio",
    "clienti",
    "ufficiale",
    // Spanish
    "ayuda",
    "soporte",
    "atencion",
    "cliente",
    "clientes",
    "oficial",
    "servicio",
    // Polish
    "pomoc",
    "obsluga",
    "klienta",
    "wsparcie",
    "oficjalny",
    "oficjalne",
];

/// The form two names are compared in: lower case, no diacritics, Cyrillic and Greek letters
/// that look Latin mapped to the Latin letter, digits and letters that look alike merged
/// (`0`→`o`, `1`/`i`/`|`→`l`, `3`→`e`, `5`→`s`, `rn`→`m`, `vv`→`w`), everything that is not a
/// letter or digit dropped (`Skyways_Help` and `SKYWAYS HELP` compare equal).
pub(crate) fn skeleton(name: &str) -> String {
    let mut flat = String::with_capacity(name.len());
    for c in fold(name).chars() {
        let c = match c {
            // Cyrillic
            'а' => 'a',
            'в' => 'b',
            'с' | 'ϲ' => 'c',
            'е' | 'ё' => 'e',
            'һ' | 'н' => 'h',
            'і' | 'ї' | 'ι' | 'i' | '1' | '|' | '!' => 'l',
            'ј' => 'j',
            'к' | 'κ' => 'k',
            'м' => 'm',
            'о' | 'ο' | 'σ' | '0' => 'o',
            'р' | 'ρ' => 'p',
            'ѕ' | '5' | '$' => 's',
            'т' | 'τ' => 't',
            'у' | 'γ' => 'y',
            'х' | 'χ' => 'x',
            'ԁ' => 'd',
            'ԛ' => 'q',
            'ԝ' | 'ω' => 'w',
            // Greek
            'α' => 'a',
            'β' => 'b',
            'ε' | '3' => 'e',
            'η' => 'n',
            'ν' => 'v',
            'υ' => 'u',
            '4' => 'a',
            '7' => 't',
            other => other,
        };
        if c.is_ascii_alphanumeric() {
            flat.push(c);
        }
    }
    if flat.contains("rn") || flat.contains("vv") {
        flat.replace("rn", "m").replace("vv", "w")
    } else {
        flat
    }
}

/// The skeleton with customer-service words removed from both ends, as long as something of
/// at least three characters is left (`skywayscustomerservice` → `skyways`).
fn core(skeleton: &str) -> &str {
    static WORDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let words = WORDS.get_or_init(|| SERVICE_WORDS.iter().map(|w| self::skeleton(w)).collect());
    let mut core = skeleton;
    loop {
        // Every name of every account comes here: the length and end-byte checks skip most
        // words without a string comparison.
        let c = core.as_bytes();
        let stripped = words.iter().find_map(|w| {
            let word = w.as_bytes();
            if c.len() < word.len() + 3 {
                return None;
            }
            let suffix = (word.last() == c.last())
                .then(|| core.strip_suffix(w.as_str()))
                .flatten();
            suffix.or_else(|| {
                (word.first() == c.first())
                    .then(|| core.strip_prefix(w.as_str()))
                    .flatten()
            })
        });
        match stripped {
            Some(rest) => core = rest,
            None => return core,
        }
    }
}

/// Levenshtein distance over bytes (skeletons are ASCII), giving up above `limit`.
fn distance_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > limit || bag_distance(a, b) > limit {
        return None;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    let d = previous[b.len()];
    (d <= limit).then_some(d)
}

/// A lower bound of the edit distance, cheap enough to skip most comparisons: the larger of
/// the number of characters of `a` missing from `b` and the reverse, counted as multisets.
fn bag_distance(a: &[u8], b: &[u8]) -> usize {
    // Skeletons are ASCII; anything else shares one bucket, which only lowers the bound.
    let mut balance = [0i32; 128];
    let bucket = |c: u8| usize::from(c.min(127));
    for &c in a {
        balance[bucket(c)] += 1;
    }
    for &c in b {
        balance[bucket(c)] -= 1;
    }
    let (mut surplus, mut deficit) = (0, 0);
    for &c in a.iter().chain(b) {
        let n = std::mem::take(&mut balance[bucket(c)]);
        if n > 0 {
            surplus += n as usize;
        } else {
            deficit += n.unsigned_abs() as usize;
        }
    }
    surplus.max(deficit)
}

/// How far a name may be from a reference of `len` characters and still count as a typo-style
/// imitation: none under six characters (too many real words are one letter from a short
/// brand name), then one per four characters, at most `max_distance`.
fn allowed_distance(len: usize, max_distance: usize) -> usize {
    if len < 6 {
        0
    } else {
        (len / 4).min(max_distance)
    }
}

/// A name (a brand handle, the brand name, or an account's handle or display name) prepared
/// for comparison.
#[derive(Debug, Clone)]
pub(crate) struct Name {
    skeleton: String,
    core: String,
}

impl Name {
    /// `None` for names too short to compare (under three letters once reduced).
    pub(crate) fn new(name: &str) -> Option<Name> {
        let skeleton = skeleton(name);
        if skeleton.len() < 3 {
            return None;
        }
        let core = core(&skeleton).to_string();
        Some(Name { skeleton, core })
    }

    /// Whether this name (of an account that is not the brand's) imitates `reference`: the
    /// same skeleton, the same core of at least four characters, or a skeleton or core within
    /// the allowed edit distance of the reference's.
    pub(crate) fn imitates(&self, reference: &Name, max_distance: usize) -> bool {
        if self.skeleton == reference.skeleton {
            return true;
        }
        if self.core.len() >= 4 && self.core == reference.core {
            return true;
        }
        let near = |a: &str, b: &str| {
            let limit = allowed_distance(b.len(), max_distance);
            limit > 0 && distance_within(a, b, limit).is_some()
        };
        near(&self.skeleton, &reference.skeleton) || near(&self.core, &reference.core)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skeletons_merge_look_alike_characters() {
        assert_eq!(skeleton("Skyways_Help"), "skywayshelp");
        assert_eq!(skeleton("SkywaysHe1p"), "skywayshelp");
        assert_eq!(skeleton("SKYWAYS HELP"), "skywayshelp");
        assert_eq!(skeleton("Sky0ne"), skeleton("SkyOne"));
        assert_eq!(skeleton("Ιnfo"), skeleton("info"), "Greek capital iota");
        // Cyrillic а, е, о, р, с, у look like Latin letters.
        assert_eq!(skeleton("Ѕкуwауѕ"), "skyways");
        assert_eq!(skeleton("rnodern"), skeleton("modem"));
        assert_eq!(skeleton("Łódź"), "lodz");
    }

    #[test]
    fn cores_drop_service_words_at_either_end() {
        assert_eq!(core(&skeleton("SkywaysCustomerService")), "skyways");
        assert_eq!(core(&skeleton("Support_Skyways")), "skyways");
        assert_eq!(core(&skeleton("SkywaysAssistenza")), "skyways");
        assert_eq!(core(&skeleton("Obsługa Skyways")), "skyways");
        assert_eq!(
            core(&skeleton("Support")),
            "support",
            "nothing would be left"
        );
    }

    #[test]
    fn edit_distance() {
        assert_eq!(distance_within("skyways", "skywasy", 2), Some(2));
        assert_eq!(distance_within("kitten", "sitting", 3), Some(3));
        assert_eq!(distance_within("kitten", "sitting", 2), None);
        assert_eq!(distance_within("abc", "abcdef", 2), None);
        assert_eq!(distance_within("", "ab", 2), Some(2));
        // The bag distance never exceeds the edit distance (it only skips hopeless pairs).
        assert_eq!(bag_distance(b"skyways", b"skywasy"), 0);
        assert_eq!(bag_distance(b"abc", b"xyz"), 3);
        assert_eq!(distance_within("user4821", "skywayshelp", 2), None);
    }

    #[test]
    fn imitations_are_recognised() {
        let brand = Name::new("SkywaysHelp").unwrap();
        for candidate in [
            "SkywaysHe1p",
            "Skyways_Help",
            "SkywaysSupport",
            "Skyways Customer Care",
            "SkywaysHelpp",
            "SkywayHelp",
            "Ѕкуwауѕ Нelp",
            "AyudaSkyways",
        ] {
            assert!(
                Name::new(candidate).unwrap().imitates(&brand, 2),
                "{candidate} should imitate SkywaysHelp"
            );
        }
    }

    #[test]
    fn ordinary_names_are_not_imitations() {
        let brand = Name::new("SkywaysHelp").unwrap();
        let imitates = |candidate: &str, reference: &Name| {
            Name::new(candidate).is_some_and(|name| name.imitates(reference, 2))
        };
        for candidate in ["skywaysfan99", "Maria Rossi", "help", "IHateSkyways", "sky"] {
            assert!(
                !imitates(candidate, &brand),
                "{candidate} is not an impostor"
            );
        }
        // Short brand names allow no typo distance: `user` is not an imitation of `uber`.
        let short = Name::new("Uber").unwrap();
        assert!(!imitates("user", &short));
        assert!(imitates("UberSupport", &short));
        assert!(imitates("Ub3r", &short), "3 looks like e");
    }
}
