//! Who posts: the incident's named accounts (brand, impostor, musician, media) and a large
//! population of generated people.
//!
//! A generated person is a pure function of `(seed, index)`, so the simulator keeps no table of
//! authors: an [`AccountRef`] (four bytes) is enough to rebuild the account whenever a row needs it.

use std::borrow::Cow;
use std::collections::HashSet;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, LogNormal};

use super::{snowflake, SNOWFLAKE_EPOCH_MS};
use crate::model::Language;

/// A compact reference to an account: the named accounts first, then generated people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountRef(pub u32);

impl AccountRef {
    pub const SKYWAYS_AIR: AccountRef = AccountRef(0);
    pub const SKYWAYS_HELP: AccountRef = AccountRef(1);
    pub const IMPOSTOR: AccountRef = AccountRef(2);
    pub const MUSICIAN: AccountRef = AccountRef(3);
    pub const AERO_DAILY: AccountRef = AccountRef(4);
    pub const VIAGGI_OGGI: AccountRef = AccountRef(5);
    pub const NOTICIAS_VUELO: AccountRef = AccountRef(6);
    pub const PODROZE_DZIS: AccountRef = AccountRef(7);
    pub const COMEDIAN: AccountRef = AccountRef(8);

    /// The `index`-th generated person.
    pub fn person(index: u32) -> AccountRef {
        AccountRef(NAMED.len() as u32 + index)
    }

    /// True for the brand's own two accounts (not the impostor).
    pub fn is_brand(self) -> bool {
        self == AccountRef::SKYWAYS_AIR || self == AccountRef::SKYWAYS_HELP
    }
}

/// Everything a row says about its author.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    pub id: u64,
    pub handle: Cow<'static, str>,
    pub name: Cow<'static, str>,
    pub created_ms: i64,
    pub followers: u64,
    pub following: u64,
    pub tweets: u64,
    pub listed: u64,
    pub verified: bool,
    /// `none`, `blue` or `business`, as the X API says.
    pub verified_type: &'static str,
    pub description: &'static str,
    pub location: &'static str,
    /// The country (ISO code) of `location`, when it names a place.
    pub country: Option<&'static str>,
    pub lang: Language,
    /// An organisation (brand, media) rather than a person, for Brandwatch's `Account Type`.
    pub organisation: bool,
}

impl Account {
    /// How much attention this account's posts draw, relative to an average account (mean about 1):
    /// grows with the square root of the follower count, so a few large accounts start most bursts.
    pub fn engagement_weight(&self) -> f64 {
        ((self.followers as f64 / 250.0).sqrt() / 1.41).min(300.0)
    }
}

struct Named {
    id: u64,
    handle: &'static str,
    name: &'static str,
    created: &'static str,
    followers: u64,
    following: u64,
    tweets: u64,
    verified_type: &'static str,
    description: &'static str,
    location: &'static str,
    country: Option<&'static str>,
    lang: Language,
    organisation: bool,
}

const NAMED: [Named; 9] = [
    Named {
        id: 3_918_204_117,
        handle: "SkywaysAir",
        name: "Skyways",
        created: "2015-09-14T08:12:40Z",
        followers: 412_380,
        following: 1_204,
        tweets: 48_112,
        verified_type: "business",
        description: "Official account of Skyways. Flying Europe since 1998. Need help? @SkywaysHelp",
        location: "Roma, Italia",
        country: Some("IT"),
        lang: Language::En,
        organisation: true,
    },
    Named {
        id: 3_920_771_530,
        handle: "SkywaysHelp",
        name: "Skyways Help",
        created: "2015-09-30T10:02:11Z",
        followers: 38_912,
        following: 212,
        tweets: 201_553,
        verified_type: "business",
        description: "Skyways customer care, 7:00-23:00 CET. EN IT ES PL. Please never share card details.",
        location: "Roma, Italia",
        country: Some("IT"),
        lang: Language::En,
        organisation: true,
    },
    Named {
        // Created on the day of the incident, as impostors are.
        id: 1_899_561_204_337_582_080,
        handle: "SkywaysHe1p",
        name: "Skyways Help Team",
        created: "2026-03-11T13:05:02Z",
        followers: 57,
        following: 498,
        tweets: 61,
        verified_type: "none",
        description: "Official Skyways Help Team. DM for refunds and compensation.",
        location: "",
        country: None,
        lang: Language::En,
        organisation: false,
    },
    Named {
        id: 811_204_557,
        handle: "mira_strings",
        name: "Mira Dalton",
        created: "2012-09-02T19:44:03Z",
        followers: 18_420,
        following: 633,
        tweets: 9_870,
        verified_type: "none",
        description: "Singer-songwriter. Touring Europe with one (1) guitar. Booking: mgmt@miradalton.example",
        location: "Dublin",
        country: Some("IE"),
        lang: Language::En,
        organisation: false,
    },
    Named {
        id: 158_200_431,
        handle: "AeroDailyNews",
        name: "Aero Daily",
        created: "2010-07-01T12:00:00Z",
        followers: 1_204_551,
        following: 890,
        tweets: 311_040,
        verified_type: "business",
        description: "Aviation and travel news, every day.",
        location: "London",
        country: Some("GB"),
        lang: Language::En,
        organisation: true,
    },
    Named {
        id: 204_887_019,
        handle: "ViaggiOggi",
        name: "Viaggi Oggi",
        created: "2010-11-20T09:30:00Z",
        followers: 642_090,
        following: 411,
        tweets: 120_377,
        verified_type: "business",
        description: "Notizie di viaggio e trasporti.",
        location: "Milano",
        country: Some("IT"),
        lang: Language::It,
        organisation: true,
    },
    Named {
        id: 301_556_980,
        handle: "NoticiasVuelo",
        name: "Noticias de Vuelo",
        created: "2011-05-12T16:20:00Z",
        followers: 381_204,
        following: 302,
        tweets: 88_190,
        verified_type: "business",
        description: "Actualidad de aerolíneas y aeropuertos.",
        location: "Madrid",
        country: Some("ES"),
        lang: Language::Es,
        organisation: true,
    },
    Named {
        id: 998_112_450,
        handle: "PodrozeDzis",
        name: "Podróże Dziś",
        created: "2012-12-03T08:00:00Z",
        followers: 151_337,
        following: 150,
        tweets: 40_922,
        verified_type: "business",
        description: "Wiadomości ze świata podróży.",
        location: "Warszawa",
        country: Some("PL"),
        lang: Language::Pl,
        organisation: true,
    },
    Named {
        id: 19_004_512,
        handle: "JonnyQuips",
        name: "Jonny Quips",
        created: "2008-12-30T22:15:00Z",
        followers: 4_310_022,
        following: 1_020,
        tweets: 25_331,
        verified_type: "blue",
        description: "Comedian. Tour dates below. Opinions are jokes.",
        location: "Los Angeles",
        country: Some("US"),
        lang: Language::En,
        organisation: false,
    },
];

/// A name as written in a handle (ASCII) and for display (accented).
type Name = (&'static str, &'static str);

/// Given and family names per language.
const NAMES: [(Language, &[Name], &[Name]); 4] = [
    (
        Language::En,
        &[
            ("emma", "Emma"),
            ("olivia", "Olivia"),
            ("jack", "Jack"),
            ("harry", "Harry"),
            ("liam", "Liam"),
            ("sophie", "Sophie"),
            ("chloe", "Chloe"),
            ("james", "James"),
            ("ella", "Ella"),
            ("noah", "Noah"),
            ("grace", "Grace"),
            ("lucy", "Lucy"),
            ("tom", "Tom"),
            ("ben", "Ben"),
            ("kate", "Kate"),
            ("megan", "Megan"),
            ("ryan", "Ryan"),
            ("amy", "Amy"),
            ("dan", "Dan"),
            ("zoe", "Zoe"),
            ("mike", "Mike"),
            ("sarah", "Sarah"),
            ("josh", "Josh"),
            ("hannah", "Hannah"),
            ("alex", "Alex"),
            ("sam", "Sam"),
            ("laura", "Laura"),
            ("chris", "Chris"),
            ("beth", "Beth"),
            ("matt", "Matt"),
        ],
        &[
            ("smith", "Smith"),
            ("jones", "Jones"),
            ("taylor", "Taylor"),
            ("brown", "Brown"),
            ("wilson", "Wilson"),
            ("evans", "Evans"),
            ("walker", "Walker"),
            ("wright", "Wright"),
            ("hughes", "Hughes"),
            ("green", "Green"),
            ("hall", "Hall"),
            ("clarke", "Clarke"),
            ("baker", "Baker"),
            ("hill", "Hill"),
            ("ward", "Ward"),
            ("turner", "Turner"),
            ("cooper", "Cooper"),
            ("king", "King"),
            ("reed", "Reed"),
            ("price", "Price"),
        ],
    ),
    (
        Language::It,
        &[
            ("giulia", "Giulia"),
            ("marco", "Marco"),
            ("luca", "Luca"),
            ("chiara", "Chiara"),
            ("franco", "Franco"),
            ("sara", "Sara"),
            ("matteo", "Matteo"),
            ("elena", "Elena"),
            ("paolo", "Paolo"),
            ("anna", "Anna"),
            ("davide", "Davide"),
            ("marta", "Marta"),
            ("simone", "Simone"),
            ("laura", "Laura"),
            ("andrea", "Andrea"),
            ("fede", "Federica"),
            ("stefano", "Stefano"),
            ("ilaria", "Ilaria"),
            ("roberto", "Roberto"),
            ("vale", "Valentina"),
        ],
        &[
            ("rossi", "Rossi"),
            ("russo", "Russo"),
            ("ferrari", "Ferrari"),
            ("esposito", "Esposito"),
            ("bianchi", "Bianchi"),
            ("romano", "Romano"),
            ("colombo", "Colombo"),
            ("ricci", "Ricci"),
            ("marino", "Marino"),
            ("greco", "Greco"),
            ("bruno", "Bruno"),
            ("gallo", "Gallo"),
            ("conti", "Conti"),
            ("deluca", "De Luca"),
            ("costa", "Costa"),
            ("fontana", "Fontana"),
            ("rizzo", "Rizzo"),
            ("moretti", "Moretti"),
        ],
    ),
    (
        Language::Es,
        &[
            ("lucia", "Lucía"),
            ("pablo", "Pablo"),
            ("carmen", "Carmen"),
            ("javier", "Javier"),
            ("sofia", "Sofía"),
            ("diego", "Diego"),
            ("marta", "Marta"),
            ("alvaro", "Álvaro"),
            ("elena", "Elena"),
            ("sergio", "Sergio"),
            ("paula", "Paula"),
            ("hugo", "Hugo"),
            ("ines", "Inés"),
            ("raul", "Raúl"),
            ("nuria", "Nuria"),
            ("ivan", "Iván"),
        ],
        &[
            ("garcia", "García"),
            ("lopez", "López"),
            ("martinez", "Martínez"),
            ("sanchez", "Sánchez"),
            ("perez", "Pérez"),
            ("gomez", "Gómez"),
            ("ruiz", "Ruiz"),
            ("diaz", "Díaz"),
            ("moreno", "Moreno"),
            ("alvarez", "Álvarez"),
            ("romero", "Romero"),
            ("navarro", "Navarro"),
            ("torres", "Torres"),
            ("ortega", "Ortega"),
        ],
    ),
    (
        Language::Pl,
        &[
            ("kasia", "Kasia"),
            ("tomek", "Tomek"),
            ("ania", "Ania"),
            ("piotr", "Piotr"),
            ("magda", "Magda"),
            ("kuba", "Kuba"),
            ("ola", "Ola"),
            ("marek", "Marek"),
            ("ewa", "Ewa"),
            ("pawel", "Paweł"),
            ("zosia", "Zosia"),
            ("bartek", "Bartek"),
            ("agata", "Agata"),
            ("michal", "Michał"),
        ],
        &[
            ("nowak", "Nowak"),
            ("kowalski", "Kowalski"),
            ("wisniewska", "Wiśniewska"),
            ("wojcik", "Wójcik"),
            ("kaminski", "Kamiński"),
            ("lewandowska", "Lewandowska"),
            ("zielinski", "Zieliński"),
            ("szymanska", "Szymańska"),
            ("wozniak", "Woźniak"),
            ("dabrowski", "Dąbrowski"),
        ],
    ),
];

const BIOS: [&str; 12] = [
    "coffee, trains and bad puns",
    "mum of two | runner | tea",
    "opinions my own",
    "music is life 🎸",
    "ingegnere, viaggiatore, tifoso",
    "fotografa. caffè prima di tutto",
    "periodista freelance",
    "viajar, leer, repetir",
    "programista, rowerzysta",
    "frequent flyer, infrequent sleeper",
    "guitar teacher. Fender > Gibson",
    "aviation geek ✈️",
];

/// Profile locations people write in each language, with the country each is in.
const LOCATIONS: [(Language, &[(&str, &str)]); 4] = [
    (
        Language::En,
        &[
            ("London", "GB"),
            ("Manchester", "GB"),
            ("Dublin", "IE"),
            ("New York", "US"),
            ("Toronto", "CA"),
            ("Leeds", "GB"),
            ("Glasgow", "GB"),
        ],
    ),
    (
        Language::It,
        &[
            ("Roma", "IT"),
            ("Milano", "IT"),
            ("Napoli", "IT"),
            ("Torino", "IT"),
            ("Bologna", "IT"),
            ("Firenze", "IT"),
            ("Palermo", "IT"),
        ],
    ),
    (
        Language::Es,
        &[
            ("Madrid", "ES"),
            ("Barcelona", "ES"),
            ("Sevilla", "ES"),
            ("Valencia", "ES"),
            ("Ciudad de México", "MX"),
            ("Bilbao", "ES"),
        ],
    ),
    (
        Language::Pl,
        &[
            ("Warszawa", "PL"),
            ("Kraków", "PL"),
            ("Gdańsk", "PL"),
            ("Wrocław", "PL"),
            ("Poznań", "PL"),
        ],
    ),
];

/// Share of people writing in each language.
const LANGUAGE_MIX: [(Language, f64); 4] = [
    (Language::En, 0.50),
    (Language::It, 0.25),
    (Language::Es, 0.15),
    (Language::Pl, 0.10),
];

/// Builds accounts from references. Holds the table of distinct handle stems; everything else
/// is recomputed from the seed.
pub struct Directory {
    seed: u64,
    stems: Vec<Stem>,
    /// Rotates which stem a person gets, so different seeds give different people.
    rotation: usize,
    stride: usize,
    follower_distribution: LogNormal<f64>,
}

struct Stem {
    handle: String,
    name: String,
}

impl Directory {
    pub fn new(seed: u64) -> Directory {
        let mut seen = HashSet::new();
        let mut stems = Vec::new();
        for (_, firsts, lasts) in NAMES {
            for (style, (first, first_display)) in firsts.iter().enumerate() {
                for (last, last_display) in lasts.iter() {
                    // Five spellings, tried in an order that depends on the name so stems vary.
                    for variant in 0..5 {
                        let handle = match (style + variant) % 5 {
                            0 => format!("{first}_{last}"),
                            1 => format!("{first}{last}"),
                            2 => format!("{last}_{first}"),
                            3 => format!("{first}_{}", &last[..1]),
                            _ => format!("{}{last}", &first[..1]),
                        };
                        // Leave room for a three-digit suffix within X's 15 characters.
                        if handle.len() <= 12 && seen.insert(handle.clone()) {
                            stems.push(Stem {
                                handle,
                                name: format!("{first_display} {last_display}"),
                            });
                        }
                    }
                }
            }
        }
        let rotation = (splitmix(seed) % stems.len() as u64) as usize;
        let stride = (7919..).find(|s| gcd(*s, stems.len()) == 1).unwrap_or(1);
        Directory {
            seed,
            stems,
            rotation,
            stride,
            follower_distribution: LogNormal::new(5.3, 1.9).expect("constant parameters are valid"),
        }
    }

    /// The account behind a reference. Deterministic: the same reference always gives the same account.
    pub fn account(&self, account: AccountRef) -> Account {
        match NAMED.get(account.0 as usize) {
            Some(named) => named_account(named),
            None => self.person(account.0 - NAMED.len() as u32),
        }
    }

    /// Only the handle, cheaper than [`Directory::account`].
    pub fn handle(&self, account: AccountRef) -> Cow<'static, str> {
        match NAMED.get(account.0 as usize) {
            Some(named) => Cow::Borrowed(named.handle),
            None => Cow::Owned(self.person_handle(account.0 - NAMED.len() as u32)),
        }
    }

    /// The handle is a distinct stem plus, past the first round of stems, a number: people are
    /// unique by construction (a stem never ends in a digit).
    fn person_handle(&self, index: u32) -> String {
        let count = self.stems.len();
        let stem = &self.stems[self.stem_of(index)];
        let round = index as usize / count;
        if round == 0 {
            stem.handle.clone()
        } else {
            format!("{}{round}", stem.handle)
        }
    }

    /// Which stem the `index`-th person gets: a permutation within each round of stems (a
    /// multiplier coprime with the number of stems), so neighbours get unrelated names.
    fn stem_of(&self, index: u32) -> usize {
        let count = self.stems.len();
        (index as usize % count * self.stride + self.rotation) % count
    }

    fn person(&self, index: u32) -> Account {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed ^ 0x05EE_D0FA_11CE);
        rng.set_stream(u64::from(index) + 1);
        let stem = &self.stems[self.stem_of(index)];
        let lang = pick_weighted(&mut rng, &LANGUAGE_MIX);
        let followers = (self.follower_distribution.sample(&mut rng) as u64).min(30_000_000);
        let following =
            (followers as f64 * rng.random_range(0.05..1.6)) as u64 + rng.random_range(20..400);
        // Accounts from 2008 to 2025; ids are snowflakes from late 2010 on, small numbers before.
        let created_ms = rng.random_range(1_199_145_600_000_i64..1_767_225_600_000);
        let id = if created_ms > SNOWFLAKE_EPOCH_MS + 86_400_000 {
            snowflake(created_ms, u64::from(index))
        } else {
            10_000_000 + u64::from(index)
        };
        let verified_type =
            if (followers > 200_000 && rng.random_bool(0.5)) || rng.random_bool(0.02) {
                "blue"
            } else {
                "none"
            };
        let description = if rng.random_bool(0.4) {
            BIOS[rng.random_range(0..BIOS.len())]
        } else {
            ""
        };
        let (location, country) = if rng.random_bool(0.5) {
            let places = LOCATIONS
                .iter()
                .find(|(l, _)| *l == lang)
                .map_or(&[][..], |(_, p)| *p);
            let (place, code) = places[rng.random_range(0..places.len())];
            (place, Some(code))
        } else {
            ("", None)
        };
        Account {
            id,
            handle: Cow::Owned(self.person_handle(index)),
            name: Cow::Owned(stem.name.clone()),
            created_ms,
            followers,
            following,
            tweets: rng.random_range(40..60_000),
            listed: followers / rng.random_range(80..400),
            verified: verified_type != "none",
            verified_type,
            description,
            location,
            country,
            lang,
            organisation: false,
        }
    }
}

fn named_account(named: &Named) -> Account {
    let created_ms = named
        .created
        .parse::<jiff::Timestamp>()
        .map(|t| t.as_millisecond())
        .unwrap_or(SNOWFLAKE_EPOCH_MS);
    Account {
        id: named.id,
        handle: Cow::Borrowed(named.handle),
        name: Cow::Borrowed(named.name),
        created_ms,
        followers: named.followers,
        following: named.following,
        tweets: named.tweets,
        listed: named.followers / 150,
        verified: named.verified_type != "none",
        verified_type: named.verified_type,
        description: named.description,
        location: named.location,
        country: named.country,
        lang: named.lang,
        organisation: named.organisation,
    }
}

pub fn pick_weighted<T: Copy>(rng: &mut impl Rng, choices: &[(T, f64)]) -> T {
    let total: f64 = choices.iter().map(|(_, w)| w).sum();
    let mut x = rng.random::<f64>() * total;
    for (choice, weight) in choices {
        if x < *weight {
            return *choice;
        }
        x -= weight;
    }
    choices[choices.len() - 1].0
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// A 64-bit mix (SplitMix64's finaliser), for deriving independent values from the seed.
pub fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_are_deterministic_and_handles_unique() {
        let directory = Directory::new(7);
        let again = Directory::new(7);
        let mut handles = HashSet::new();
        for index in 0..30_000 {
            let a = directory.account(AccountRef::person(index));
            assert_eq!(a, again.account(AccountRef::person(index)));
            assert!(a.handle.len() <= 15, "{} is longer than X allows", a.handle);
            assert!(
                !a.handle.to_ascii_lowercase().starts_with("skyways"),
                "{} could be mistaken for the brand",
                a.handle
            );
            assert!(
                handles.insert(a.handle.to_string()),
                "duplicate handle {}",
                a.handle
            );
            assert_eq!(directory.handle(AccountRef::person(index)), a.handle);
        }
    }

    #[test]
    fn named_accounts() {
        let directory = Directory::new(1);
        assert_eq!(
            directory.account(AccountRef::SKYWAYS_AIR).handle,
            "SkywaysAir"
        );
        assert_eq!(
            directory.account(AccountRef::SKYWAYS_HELP).handle,
            "SkywaysHelp"
        );
        let impostor = directory.account(AccountRef::IMPOSTOR);
        assert_eq!(impostor.handle, "SkywaysHe1p");
        assert_eq!(impostor.name, "Skyways Help Team");
        assert!(AccountRef::SKYWAYS_HELP.is_brand());
        assert!(!AccountRef::IMPOSTOR.is_brand());
        assert!(!AccountRef::person(0).is_brand());
    }

    #[test]
    fn followers_are_heavy_tailed() {
        let directory = Directory::new(3);
        let mut followers: Vec<u64> = (0..20_000)
            .map(|i| directory.account(AccountRef::person(i)).followers)
            .collect();
        followers.sort_unstable();
        let median = followers[followers.len() / 2];
        let top_1_percent: u64 = followers[followers.len() * 99 / 100..].iter().sum();
        let total: u64 = followers.iter().sum();
        // Lognormal(5.3, 1.9): median e^5.3 ≈ 200, and the top 1% hold 1 − Φ(2.326 − 1.9) ≈ 33%
        // of all followers (a normal distribution would give them barely more than 1%).
        assert!((120..320).contains(&median), "median {median}");
        assert!(
            top_1_percent * 4 > total,
            "top 1% hold {top_1_percent} of {total}"
        );
        assert!(followers[followers.len() - 1] > median * 1000);
    }
}
