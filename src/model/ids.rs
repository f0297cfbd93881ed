//! Post ids in 8 bytes. A mention refers to up to three posts (itself, its parent, its thread);
//! as strings they took 72 bytes a mention. X/Twitter ids (and most others) are numbers, kept
//! as such; any other id is stored once in a table of the incident's other ids and referred to
//! by its position there.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::hash::BuildHasher;

use compact_str::CompactString;
use hashbrown::hash_table::{Entry, HashTable};
use rustc_hash::FxBuildHasher;

/// An id as a number, when it is one exactly: digits without a leading zero that fit in a u64
/// (X/Twitter ids are). Two such ids are equal exactly when their numbers are.
fn numeric_id(id: &str) -> Option<u64> {
    if id.len() <= 19 && !id.starts_with('0') && id.bytes().all(|b| b.is_ascii_digit()) {
        id.parse().ok()
    } else {
        None
    }
}

/// A post id: the number itself when the id is a number below 2⁶³ (digits without a leading
/// zero, so that numbers are equal exactly when their texts are), else the position of its
/// text in the incident's [`Ids`] with the top bit set. Two mentions' ids are equal exactly
/// when their `IdRef`s are; read the text back with [`Ids::text`].
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct IdRef(u64);

const TEXT_BIT: u64 = 1 << 63;

impl IdRef {
    /// No id (a mention without a parent or thread). Never a number (its top bit is set) nor
    /// a position (the table would need 2⁶³ ids).
    pub const NONE: IdRef = IdRef(u64::MAX);

    pub fn is_none(self) -> bool {
        self == IdRef::NONE
    }

    pub fn is_some(self) -> bool {
        !self.is_none()
    }

    fn number(id: &str) -> Option<IdRef> {
        numeric_id(id).filter(|n| n & TEXT_BIT == 0).map(IdRef)
    }

    fn position(self) -> Option<usize> {
        (self.0 & TEXT_BIT != 0 && self.is_some()).then_some((self.0 & !TEXT_BIT) as usize)
    }
}

impl Default for IdRef {
    fn default() -> IdRef {
        IdRef::NONE
    }
}

impl IdRef {
    /// The reference as 8 bytes, for fixed-size records.
    pub(super) fn to_bits(self) -> u64 {
        self.0
    }

    pub(super) fn from_bits(bits: u64) -> IdRef {
        IdRef(bits)
    }
}

impl std::fmt::Debug for IdRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.is_none(), self.position()) {
            (true, _) => f.write_str("IdRef::NONE"),
            (false, Some(p)) => write!(f, "IdRef(text #{p})"),
            (false, None) => write!(f, "IdRef({})", self.0),
        }
    }
}

/// The ids that are not numbers, each stored once.
#[derive(Debug, Default)]
pub struct Ids {
    texts: Vec<CompactString>,
    index: HashTable<u64>,
}

fn hash_text(id: &str) -> u64 {
    FxBuildHasher.hash_one(id)
}

impl Ids {
    /// The reference of `id`, storing its text when it is not a number and not stored yet.
    pub fn intern(&mut self, id: &str) -> IdRef {
        if let Some(number) = IdRef::number(id) {
            return number;
        }
        let texts = &mut self.texts;
        let entry = self.index.entry(
            hash_text(id),
            |&p| texts[p as usize] == id,
            |&p| hash_text(&texts[p as usize]),
        );
        let position = match entry {
            Entry::Occupied(found) => *found.get(),
            Entry::Vacant(slot) => {
                let position = texts.len() as u64;
                texts.push(CompactString::from(id));
                slot.insert(position);
                position
            }
        };
        IdRef(position | TEXT_BIT)
    }

    /// The reference of `id` if it is a number or stored; `None` for a text never stored.
    #[cfg(test)]
    pub fn find(&self, id: &str) -> Option<IdRef> {
        if let Some(number) = IdRef::number(id) {
            return Some(number);
        }
        self.index
            .find(hash_text(id), |&p| self.texts[p as usize] == id)
            .map(|&p| IdRef(p | TEXT_BIT))
    }

    /// The id as written; empty for `NONE`.
    pub fn text(&self, id: IdRef) -> Cow<'_, str> {
        if id.is_none() {
            return Cow::Borrowed("");
        }
        match id.position() {
            Some(p) => Cow::Borrowed(self.texts.get(p).map_or("", |t| t.as_str())),
            None => Cow::Owned(id.0.to_string()),
        }
    }

    /// The order of the ids' texts: ingest sorts mentions by time, then by id as written.
    pub fn cmp(&self, a: IdRef, b: IdRef) -> Ordering {
        match (a.position(), b.position()) {
            // Numbers of as many digits compare as their texts do.
            (None, None) if !a.is_none() && !b.is_none() && digits(a.0) == digits(b.0) => {
                a.0.cmp(&b.0)
            }
            _ => self.text(a).cmp(&self.text(b)),
        }
    }
}

fn digits(n: u64) -> u32 {
    n.checked_ilog10().map_or(1, |d| d + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_kept_as_numbers_and_other_ids_once_each() {
        let mut ids = Ids::default();
        let a = ids.intern("570306133677760513");
        assert_eq!(a, IdRef(570_306_133_677_760_513));
        // A leading zero, letters, or a number past 2⁶³ are texts, stored once.
        let zero = ids.intern("007");
        let name = ids.intern("AppleSupport");
        let huge = ids.intern("9999999999999999999");
        assert_eq!(ids.texts.len(), 3);
        assert_eq!(ids.intern("AppleSupport"), name);
        assert_eq!(ids.texts.len(), 3);
        assert_ne!(zero, ids.intern("7"));
        for (id, text) in [
            (a, "570306133677760513"),
            (zero, "007"),
            (name, "AppleSupport"),
            (huge, "9999999999999999999"),
        ] {
            assert_eq!(ids.text(id), text);
            assert_eq!(ids.find(text), Some(id));
        }
        assert_eq!(ids.find("applesupport"), None);
        assert_eq!(ids.text(IdRef::NONE), "");
        assert!(IdRef::NONE.is_none() && a.is_some());
        assert_eq!(numeric_id("123"), Some(123));
        assert_eq!(numeric_id("0123"), None);
        assert_eq!(numeric_id("12a"), None);
    }

    #[test]
    fn ids_order_as_their_texts() {
        let mut ids = Ids::default();
        let mut list: Vec<IdRef> = ["10", "9", "b", "0", "100", "a", "11", "2"]
            .into_iter()
            .map(|id| ids.intern(id))
            .collect();
        list.sort_by(|a, b| ids.cmp(*a, *b));
        let texts: Vec<String> = list.iter().map(|id| ids.text(*id).into_owned()).collect();
        assert_eq!(texts, ["0", "10", "100", "11", "2", "9", "a", "b"]);
    }
}
