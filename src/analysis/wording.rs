//! Keyword detection in brand posts, in English, Italian, Spanish and Polish: invitations to a
//! private channel, thanks, apologies and statement wording.
//!
//! Text is folded (lower case, diacritics removed, so `dziękujemy` matches `dziekuj*` and
//! `teléfono` matches `telefono`) and split into words on every non-alphanumeric character, so
//! matches fall on word boundaries: `dm` matches "send us a DM" but not "admin". A pattern is a
//! phrase of words; a word ending in `*` matches any word starting with it (the inflections
//! of Italian, Spanish and Polish). The lexicons are built once per process.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// Lower case without diacritics: the form every lexicon and look-alike comparison works on.
pub(crate) fn fold(text: &str) -> String {
    // Most handles and names are ASCII, which has no diacritics to remove.
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        for lower in c.to_lowercase() {
            match fold_char(lower) {
                Some(plain) => out.push_str(plain),
                None => out.push(lower),
            }
        }
    }
    out
}

/// The plain letters of a lower-case letter with a diacritic (Latin-1 and Latin Extended-A,
/// which covers Italian, Spanish, Polish and the neighbouring languages).
fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ł' | 'ľ' | 'ĺ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'ŕ' | 'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        _ => return None,
    })
}

/// The words of folded text: maximal runs of alphanumeric characters.
pub(crate) fn words(folded: &str) -> Vec<&str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

#[derive(Debug)]
enum WordPattern {
    Exact(String),
    Prefix(String),
}

impl WordPattern {
    fn matches(&self, word: &str) -> bool {
        match self {
            WordPattern::Exact(w) => word == w,
            WordPattern::Prefix(p) => word.starts_with(p.as_str()),
        }
    }
}

/// A set of phrases; matches when any phrase occurs as consecutive words.
#[derive(Debug)]
pub(crate) struct Lexicon {
    phrases: Vec<Vec<WordPattern>>,
    /// Phrases by their first word when it is exact, so most words cost one lookup.
    by_first_word: FxHashMap<String, Vec<usize>>,
    /// Phrases whose first word is a prefix.
    prefix_first: Vec<usize>,
}

impl Lexicon {
    /// Phrases as written in the lists below: words separated by spaces, `*` for a prefix. The
    /// phrases go through the same folding as the text, so they may be written with accents.
    fn new(phrases: &[&str]) -> Lexicon {
        let phrases: Vec<Vec<WordPattern>> = phrases
            .iter()
            .map(|phrase| {
                fold(phrase)
                    .split_whitespace()
                    .map(|w| match w.strip_suffix('*') {
                        Some(prefix) => WordPattern::Prefix(prefix.to_string()),
                        None => WordPattern::Exact(w.to_string()),
                    })
                    .collect()
            })
            .collect();
        let mut by_first_word: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        let mut prefix_first = Vec::new();
        for (i, phrase) in phrases.iter().enumerate() {
            match phrase.first() {
                Some(WordPattern::Exact(word)) => {
                    by_first_word.entry(word.clone()).or_default().push(i)
                }
                Some(WordPattern::Prefix(_)) => prefix_first.push(i),
                None => {}
            }
        }
        Lexicon {
            phrases,
            by_first_word,
            prefix_first,
        }
    }

    pub(crate) fn matches(&self, words: &[&str]) -> bool {
        let phrase_at = |i: usize, start: usize| {
            let phrase = &self.phrases[i];
            phrase.len() <= words.len() - start
                && phrase
                    .iter()
                    .zip(&words[start..])
                    .all(|(pattern, word)| pattern.matches(word))
        };
        (0..words.len()).any(|start| {
            if is_time_of_day(words, start) {
                return false;
            }
            let exact = self
                .by_first_word
                .get(words[start])
                .map_or(&[][..], Vec::as_slice);
            exact
                .iter()
                .chain(&self.prefix_first)
                .any(|&i| phrase_at(i, start))
        })
    }
}

/// Invitations to continue in a private channel: direct message, private message, e-mail, phone,
/// chat apps.
#[rustfmt::skip]
const HANDOFF: &[&str] = &[
    // English
    "dm", "dms", "direct messag*", "private messag*", "privately", "pm us", "pm me", "a pm", "via pm", "by pm", "inbox", "email*",
    "e mail*", "mail", "phone*", "call us", "give us a call", "ring us", "call you",
    "give you a call", "call back", "please call", "message us", "send us a message",
    "send us a note", "helpline", "hotline", "whatsapp", "messenger", "live chat", "chat with us",
    // Italian
    "messaggio privato", "messaggi privati", "in privato", "privatamente", "in direct", "mp",
    "posta elettronica", "telefon*", "chiamaci", "chiamarci", "numero verde", "scrivici in chat",
    "via chat",
    // Spanish
    "mensaje privado", "mensajes privados", "mensaje directo", "mensajes directos", "md",
    "por privado", "en privado", "correo*", "llamanos", "llamarnos", "llama al", "por chat",
    // Polish
    "wiadomosc* prywatn*", "wiadomosci prywatn*", "prywatn* wiadomo*", "priv", "prv", "pw",
    "maila", "mailem", "mailowo", "mailowy*", "zadzwon*", "infolini*", "czat*",
    "kontakt telefoniczny",
];

/// Thanks.
#[rustfmt::skip]
const THANKS: &[&str] = &[
    // English
    "thank*", "thx", "appreciat*", "grateful",
    // Italian
    "grazie", "ringrazi*",
    // Spanish
    "gracias", "agradec*", "agradezc*",
    // Polish
    "dziekuj*", "dzieki", "dziekowa*",
];

/// Apologies and expressions of regret.
#[rustfmt::skip]
const APOLOGY: &[&str] = &[
    // English
    "sorry", "apolog*", "regret*",
    // Italian
    "scusa", "scuse", "scusate", "scusateci", "scusarci", "scusiamo", "ci scusiamo", "dispiace",
    "dispiaciut*", "rammaric*",
    // Spanish
    "disculp*", "perdon*", "lo sentimos", "lo siento", "lamenta*",
    // Polish
    "przeprasz*", "przykro", "wybacz*",
];

/// Wording of a public statement about the incident (as opposed to scheduled promotion), in
/// addition to apologies.
#[rustfmt::skip]
const STATEMENT: &[&str] = &[
    // English
    "statement", "update", "updates", "we are aware", "we re aware", "aware of", "investigat*",
    "looking into", "incident", "outage", "disruption",
    // Italian
    "comunicato", "aggiornament*", "siamo a conoscenza", "stiamo verificando", "indagin*",
    "disservizio", "accaduto",
    // Spanish
    "comunicado", "actualizacion*", "estamos investigando", "investigacion", "somos conscientes",
    "incidencia", "incidente", "lo ocurrido",
    // Polish
    "oswiadczeni*", "aktualizacj*", "komunikat*", "wyjasnia*", "zdarzeni*", "incydent*", "awari*",
];

/// "pm" right after a number is the afternoon ("leaves at 5 pm", "5:30 pm US time"), not a
/// private message, so no phrase starts there.
fn is_time_of_day(words: &[&str], start: usize) -> bool {
    words[start] == "pm"
        && start
            .checked_sub(1)
            .is_some_and(|before| words[before].bytes().all(|b| b.is_ascii_digit()))
}

fn lexicon(cell: &'static OnceLock<Lexicon>, phrases: &[&str]) -> &'static Lexicon {
    cell.get_or_init(|| Lexicon::new(phrases))
}

/// What a brand post's wording shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Signals {
    pub handoff: bool,
    pub thanks: bool,
    pub apology: bool,
    /// Statement wording or an apology: the post addresses the incident.
    pub statement: bool,
}

impl Signals {
    pub fn of(text: &str) -> Signals {
        static HANDOFF_LEX: OnceLock<Lexicon> = OnceLock::new();
        static THANKS_LEX: OnceLock<Lexicon> = OnceLock::new();
        static APOLOGY_LEX: OnceLock<Lexicon> = OnceLock::new();
        static STATEMENT_LEX: OnceLock<Lexicon> = OnceLock::new();
        let folded = fold(text);
        let words = words(&folded);
        let apology = lexicon(&APOLOGY_LEX, APOLOGY).matches(&words);
        Signals {
            handoff: lexicon(&HANDOFF_LEX, HANDOFF).matches(&words),
            thanks: lexicon(&THANKS_LEX, THANKS).matches(&words),
            apology,
            statement: apology || lexicon(&STATEMENT_LEX, STATEMENT).matches(&words),
        }
    }
}

/// Whether a post carries the campaign hashtag `tag` (lower case, without `#`): in the export's
/// list of its hashtags, or in its text.
pub(crate) fn carries_hashtag<'h>(
    mut hashtags: impl Iterator<Item = &'h str>,
    text: &str,
    tag: &str,
) -> bool {
    hashtags.any(|h| h == tag) || has_hashtag(text, tag)
}

/// Whether `text` carries `#tag` (tag lower case, without `#`), ending on a word boundary.
pub(crate) fn has_hashtag(text: &str, tag: &str) -> bool {
    text.match_indices('#').any(|(at, _)| {
        let rest = &text[at + 1..];
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        rest[..end].to_lowercase() == tag
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_case_and_diacritics() {
        assert_eq!(fold("SkywaysHELP_24"), "skywayshelp_24");
        assert_eq!(fold("Dziękujemy, ŁÓDŹ"), "dziekujemy, lodz");
        assert_eq!(
            fold("Teléfono, perché, Straße"),
            "telefono, perche, strasse"
        );
        assert_eq!(
            words("ciao-mondo, send us a dm!"),
            ["ciao", "mondo", "send", "us", "a", "dm"]
        );
    }

    #[test]
    fn handoff_in_four_languages() {
        for text in [
            "Sorry to hear that! Please send us a DM with your booking code.",
            "Could you drop us a Direct Message?",
            "Please email us at care@skyways.example",
            "Give us a call on 0800 123 456",
            "Feel free to message us again here",
            "I will give you a call at the number you sent",
            "Ci scrivi in privato il numero della pratica?",
            "Ti abbiamo inviato un messaggio privato.",
            "Chiamaci al numero verde 800 123 456",
            "Escríbenos por MD y lo revisamos",
            "Te hemos enviado un mensaje privado",
            "Llámanos al 900 123 456",
            "Prosimy o wiadomość prywatną z numerem rezerwacji.",
            "Napisz do nas na priv",
            "Zadzwoń na naszą infolinię",
            "Please PM us your booking reference",
            "Could you send us a PM?",
            "It is 5 pm here; please PM us your booking code",
        ] {
            assert!(Signals::of(text).handoff, "missed handoff in {text:?}");
        }
    }

    #[test]
    fn handoff_respects_word_boundaries() {
        for text in [
            "Our admin team is on it.",
            "We have updated the timetable.",
            "Thanks for flying with us!",
            "La prima volta che succede",
            "Are you getting an error message?",
            // "pm" after a time of day is the afternoon, not a private message.
            "Your flight now leaves at 5 pm.",
            "Boarding closes at 5 pm US time.",
            "Departure moved to 6:30 pm us time",
        ] {
            assert!(!Signals::of(text).handoff, "false handoff in {text:?}");
        }
    }

    #[test]
    fn thanks_and_apologies_in_four_languages() {
        let thanks = [
            "Thank you for telling us",
            "Grazie della segnalazione",
            "¡Gracias por avisar!",
            "Dziękujemy za zgłoszenie",
            "Dzięki!",
            "We appreciate your patience",
        ];
        for text in thanks {
            let s = Signals::of(text);
            assert!(s.thanks && !s.apology, "{text:?}: {s:?}");
        }
        let apologies = [
            "We're so sorry about this",
            "We apologise for the delay",
            "Ci scusiamo per il disagio",
            "Ci dispiace molto",
            "Lamentamos lo ocurrido",
            "Disculpa las molestias",
            "Przepraszamy za utrudnienia",
            "Jest nam bardzo przykro",
        ];
        for text in apologies {
            let s = Signals::of(text);
            assert!(s.apology && s.statement, "{text:?}: {s:?}");
        }
        let neither = Signals::of("Fly to Lisbon from 29 € this weekend only!");
        assert_eq!(neither, Signals::default());
    }

    #[test]
    fn statement_wording() {
        assert!(Signals::of("Statement on today's flight SK123").statement);
        assert!(Signals::of("Siamo a conoscenza del problema e stiamo verificando").statement);
        assert!(Signals::of("Oświadczenie w sprawie lotu SK123").statement);
        assert!(!Signals::of("New routes to the sun! Book now").statement);
    }

    #[test]
    fn hashtags_end_on_word_boundaries() {
        assert!(has_hashtag("Love #FlyHappy!", "flyhappy"));
        assert!(has_hashtag("#flyhappy", "flyhappy"));
        assert!(!has_hashtag("#FlyHappyNot", "flyhappy"));
        assert!(!has_hashtag("FlyHappy", "flyhappy"));
    }
}
