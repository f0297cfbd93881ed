//! The incident's distinct authors, each stored once, in one buffer.
//!
//! A viral incident has about one distinct author for every two mentions (528,565 in the
//! simulated 1 M export). Stored as three inline strings an author took 72 bytes, and a name
//! longer than 24 bytes a heap block besides; stored as their text one after another with
//! their lengths, a typical author (a 19-digit id, a short handle and name) takes ~40 bytes,
//! plus 8 for where it starts, and during ingest ~20 for the index.

use hashbrown::hash_table::{Entry, HashTable};

use super::Hash32;

/// An author as the export names them: handle, display name, account id; borrowed from the
/// table (or from a mention, to be stored).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Author<'a> {
    pub handle: Option<&'a str>,
    pub name: Option<&'a str>,
    pub id: Option<&'a str>,
}

impl<'a> Author<'a> {
    fn is_empty(&self) -> bool {
        self.handle.is_none() && self.name.is_none() && self.id.is_none()
    }

    /// Each field as its length plus one (zero for none), then its text: two authors are
    /// equal exactly when their encodings are. The lengths are written in ASCII (six bits a
    /// byte, `0x40` for "more follows"), so that the table is one `String` and a field is
    /// read back as a slice of it, without checking its UTF-8 again.
    fn encode(&self, out: &mut String) {
        for field in [self.handle, self.name, self.id] {
            let mut length = field.map_or(0, |f| f.len() as u64 + 1);
            while length >= 0x40 {
                out.push(char::from(length as u8 & 0x3f | 0x40));
                length >>= 6;
            }
            out.push(char::from(length as u8));
            out.push_str(field.unwrap_or_default());
        }
    }

    /// One field of an encoding, the fields after it not read.
    fn field(encoding: &'a str, which: Field) -> Option<&'a str> {
        let mut rest = encoding;
        for _ in 0..which as usize {
            rest = Author::split(rest).1;
        }
        Author::split(rest).0
    }

    /// The first field of an encoding, and the encoding of the fields after it.
    fn split(encoding: &'a str) -> (Option<&'a str>, &'a str) {
        let bytes = encoding.as_bytes();
        let (mut code, mut used) = (0usize, 0);
        loop {
            let b = bytes[used];
            code |= usize::from(b & 0x3f) << (6 * used);
            used += 1;
            if b & 0x40 == 0 {
                break;
            }
        }
        match code.checked_sub(1) {
            Some(length) => {
                let (field, rest) = encoding[used..].split_at(length);
                (Some(field), rest)
            }
            None => (None, &encoding[used..]),
        }
    }

    fn decode(encoding: &'a str) -> Author<'a> {
        let (handle, rest) = Author::split(encoding);
        let (name, rest) = Author::split(rest);
        Author {
            handle,
            name,
            id: Author::split(rest).0,
        }
    }
}

/// A field of an [`Author`], in the order they are stored.
#[derive(Debug, Clone, Copy)]
pub(super) enum Field {
    Handle,
    Name,
    Id,
}

/// A distinct [`Author`] of the incident, by number; `NONE` for a mention that names no author.
/// Tables that count by author can be indexed by it instead of hashing names per mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AuthorRef(u32);

impl AuthorRef {
    pub const NONE: AuthorRef = AuthorRef(u32::MAX);

    pub fn get(self) -> Option<usize> {
        (self != AuthorRef::NONE).then_some(self.0 as usize)
    }
}

/// Every distinct author, numbered in the order first stored, found by a table of their
/// numbers with their hashes (so that growing the table reads no author back: a cache miss
/// each, at random).
#[derive(Debug, Default)]
pub(super) struct Authors {
    /// The authors' encodings ([`Author::encode`]), one after another.
    bytes: String,
    /// Where each author's encoding starts in `bytes`, by number.
    starts: Vec<u64>,
    /// Each author's number, hash and start: a look-up compares the stored encoding without
    /// first reading where it starts (ingest interns every mention's author, mostly ones seen
    /// before; each read is a cache miss, at random).
    index: HashTable<Indexed>,
    /// The encoding of the author being looked up, reused.
    scratch: String,
}

impl Authors {
    pub(super) fn len(&self) -> usize {
        self.starts.len()
    }

    /// Forgets the index, which only storing new authors needs (~20 bytes an author: 32 MB
    /// for the 1.58 M authors of a 3 M-mention export while analysis and findings run). An
    /// author stored later rebuilds it.
    pub(super) fn seal(&mut self) {
        self.index = HashTable::new();
        self.scratch = String::new();
    }

    pub(super) fn intern(&mut self, author: Author<'_>) -> AuthorRef {
        if author.is_empty() {
            return AuthorRef::NONE;
        }
        if self.index.len() < self.starts.len() {
            self.rebuild_index();
        }
        self.scratch.clear();
        author.encode(&mut self.scratch);
        let Authors {
            bytes,
            starts,
            index,
            scratch,
        } = self;
        let hash = Hash32::of(scratch.as_str());
        // Encodings are self-delimiting, so none is the beginning of another: the bytes from
        // an author's start equal the encoding looked up only if it is that author's.
        let same = |found: &Indexed| {
            let start = found.start as usize;
            bytes.as_bytes().get(start..start + scratch.len()) == Some(scratch.as_bytes())
        };
        match index.entry(hash.table(), same, Indexed::table_hash) {
            Entry::Occupied(found) => AuthorRef(found.get().number),
            Entry::Vacant(slot) => {
                let number = u32::try_from(starts.len())
                    .ok()
                    .filter(|n| *n != u32::MAX)
                    .expect("fewer authors than mentions, which ingest keeps below u32::MAX");
                let start = bytes.len() as u64;
                starts.push(start);
                bytes.push_str(scratch);
                slot.insert(Indexed {
                    number,
                    hash,
                    start,
                });
                AuthorRef(number)
            }
        }
    }

    fn rebuild_index(&mut self) {
        let Authors {
            bytes,
            starts,
            index,
            ..
        } = self;
        index.clear();
        index.reserve(starts.len(), Indexed::table_hash);
        for (a, &start) in starts.iter().enumerate() {
            let hash = Hash32::of(encoding(bytes, starts, a));
            let entry = Indexed {
                number: a as u32,
                hash,
                start,
            };
            index.insert_unique(hash.table(), entry, Indexed::table_hash);
        }
    }

    pub(super) fn get(&self, author: AuthorRef) -> Option<Author<'_>> {
        let a = author.get()?;
        Some(Author::decode(encoding(&self.bytes, &self.starts, a)))
    }

    /// One field of `author`: a pass over every mention that needs only the handle does not
    /// read the rest.
    pub(super) fn field(&self, author: AuthorRef, which: Field) -> Option<&str> {
        Author::field(encoding(&self.bytes, &self.starts, author.get()?), which)
    }
}

/// An entry of the authors' index.
#[derive(Debug)]
struct Indexed {
    number: u32,
    hash: Hash32,
    start: u64,
}

impl Indexed {
    fn table_hash(&self) -> u64 {
        self.hash.table()
    }
}

/// Author `a`'s encoding: from its start to the next author's (or the end).
fn encoding<'a>(bytes: &'a str, starts: &[u64], a: usize) -> &'a str {
    let end = starts.get(a + 1).map_or(bytes.len(), |e| *e as usize);
    &bytes[starts[a] as usize..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authors_are_stored_once_and_read_back_as_given() {
        let mut authors = Authors::default();
        let zoe = Author {
            handle: Some("zoe_c12"),
            name: Some("Zoë Clarke"),
            id: Some("1713354419380218881"),
        };
        // The same handle with no name is another author; an empty name is not no name.
        let zoe_unnamed = Author { name: None, ..zoe };
        let zoe_blank = Author {
            name: Some(""),
            ..zoe
        };
        let long = "x".repeat(300);
        let long_name = Author {
            handle: None,
            name: Some(&long),
            id: None,
        };
        let refs: Vec<AuthorRef> = [zoe, zoe_unnamed, zoe_blank, long_name, zoe, zoe_blank]
            .into_iter()
            .map(|a| authors.intern(a))
            .collect();
        assert_eq!(
            refs.iter().map(|r| r.get().unwrap()).collect::<Vec<_>>(),
            [0, 1, 2, 3, 0, 2]
        );
        assert_eq!(authors.len(), 4);
        assert_eq!(authors.get(refs[0]), Some(zoe));
        assert_eq!(authors.get(refs[1]), Some(zoe_unnamed));
        assert_eq!(authors.get(refs[2]), Some(zoe_blank));
        assert_eq!(authors.get(refs[3]), Some(long_name));
        assert_eq!(authors.field(refs[0], Field::Name), Some("Zoë Clarke"));
        assert_eq!(authors.field(refs[1], Field::Id), zoe.id);
        assert_eq!(authors.field(refs[1], Field::Name), None);
        assert_eq!(authors.field(refs[3], Field::Name), Some(long.as_str()));
        assert_eq!(authors.field(refs[3], Field::Id), None);
        assert_eq!(authors.field(AuthorRef::NONE, Field::Handle), None);
    }

    #[test]
    fn a_sealed_table_reads_back_and_still_finds_its_authors() {
        let mut authors = Authors::default();
        let anna = Author {
            handle: Some("anna"),
            ..Author::default()
        };
        let bob = Author {
            handle: Some("bob"),
            ..Author::default()
        };
        let (a, b) = (authors.intern(anna), authors.intern(bob));
        authors.seal();
        assert_eq!(authors.index.len(), 0);
        assert_eq!(authors.get(b), Some(bob));
        // Storing after the seal: known authors are found, not stored twice.
        assert_eq!(authors.intern(anna), a);
        let carla = authors.intern(Author {
            handle: Some("carla"),
            ..Author::default()
        });
        assert_eq!(carla.get(), Some(2));
        assert_eq!(authors.len(), 3);
    }

    #[test]
    fn no_author_is_none_and_not_stored() {
        let mut authors = Authors::default();
        assert_eq!(authors.intern(Author::default()), AuthorRef::NONE);
        assert_eq!(authors.len(), 0);
        assert_eq!(authors.get(AuthorRef::NONE), None);
    }
}
