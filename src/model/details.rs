//! What a mention says besides its texts that only passes over the whole incident read:
//! interaction counts, language and country, the export's sentiment, where the row came from,
//! the thread it belongs to.
//! Kept as fixed-size records in a [`Spill`] (memory holds one chunk, the rest is in a
//! temporary file), so that a row in memory holds only what is read at random.

use std::io;

use rustc_hash::FxHashMap;
use ustr::Ustr;

use super::spill::{corrupt, Spill};
use super::{Count, IdRef, Provenance, Sentiment};

/// Records are written to the file in chunks of this many.
const CHUNK_RECORDS: usize = 1 << 16;
/// The size of a record: six 5-byte counts, two 4-byte labels, sentiment, zone flag, source,
/// thread.
const RECORD_BYTES: usize = 6 * 5 + 2 * 4 + 2 + 8 + 8;

/// See the module documentation; each field means what it does in [`super::Mention`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Details {
    pub likes: Count,
    pub shares: Count,
    pub comments: Count,
    pub quotes: Count,
    pub views: Count,
    pub engagement: Count,
    pub language: Option<Ustr>,
    pub country: Option<Ustr>,
    pub sentiment: Option<Sentiment>,
    pub timezone_assumed: bool,
    pub source: Provenance,
    /// The conversation the post belongs to (in the mentions' [`super::Ids`]); `NONE` when
    /// the export names none. Of analysis, only reply linking by thread reads it, when no
    /// mention names the post it replies to.
    pub thread: IdRef,
}

/// The details of an incident's mentions, by the order they were kept in.
pub(crate) struct DetailStore {
    spill: Spill,
    records: u32,
    /// Languages and countries, each stored once and recorded by number.
    labels: Vec<Ustr>,
    numbers: FxHashMap<Ustr, u32>,
}

impl Default for DetailStore {
    fn default() -> DetailStore {
        DetailStore {
            spill: Spill::new(CHUNK_RECORDS * RECORD_BYTES),
            records: 0,
            labels: Vec::new(),
            numbers: FxHashMap::default(),
        }
    }
}

impl std::fmt::Debug for DetailStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DetailStore({} records, {:?})", self.records, self.spill)
    }
}

const NO_LABEL: u32 = u32::MAX;

impl DetailStore {
    /// Bytes of records in the temporary file.
    #[cfg(test)]
    pub fn size_on_disk(&self) -> u64 {
        self.spill.on_disk()
    }

    /// How many records there are: the next one's number.
    pub fn len(&self) -> u32 {
        self.records
    }

    /// Keeps a mention's details; gives its record's number. Fails only when the temporary
    /// file cannot be written.
    pub fn push(&mut self, details: &Details) -> io::Result<u32> {
        let number = self.records;
        self.records = number
            .checked_add(1)
            .ok_or_else(|| io::Error::other("more mentions than one incident can hold"))?;
        let record = self.encode(details);
        self.spill.tail().extend_from_slice(&record);
        // Counted before it is written out, so that a failure leaves the numbers and the
        // records in step (the record stays, unread, when its mention is not kept).
        self.spill.end_record()?;
        Ok(number)
    }

    pub fn get(&self, number: u32) -> io::Result<Details> {
        let mut record = [0u8; RECORD_BYTES];
        self.spill.read_at(offset(number), &mut record)?;
        self.decode(&record)
    }

    pub fn set(&mut self, number: u32, details: &Details) -> io::Result<()> {
        let record = self.encode(details);
        self.spill.write_at(offset(number), &record)
    }

    /// Calls `visit` with every record, in order, reading the store once from start to end.
    pub fn for_each(&self, mut visit: impl FnMut(u32, Details)) -> io::Result<()> {
        self.spill.for_each_chunk(
            |_| true,
            |start, bytes| {
                let first = u32::try_from(start / RECORD_BYTES as u64).map_err(|_| corrupt())?;
                for (k, record) in bytes.chunks_exact(RECORD_BYTES).enumerate() {
                    visit(first + k as u32, self.decode(record)?);
                }
                Ok(())
            },
        )
    }

    fn label_number(&mut self, label: Option<Ustr>) -> u32 {
        let Some(label) = label else {
            return NO_LABEL;
        };
        *self.numbers.entry(label).or_insert_with(|| {
            self.labels.push(label);
            (self.labels.len() - 1) as u32
        })
    }

    fn label(&self, number: u32) -> io::Result<Option<Ustr>> {
        if number == NO_LABEL {
            return Ok(None);
        }
        self.labels
            .get(number as usize)
            .copied()
            .map(Some)
            .ok_or_else(corrupt)
    }

    fn encode(&mut self, d: &Details) -> [u8; RECORD_BYTES] {
        let mut record = [0u8; RECORD_BYTES];
        let counts = [
            d.likes,
            d.shares,
            d.comments,
            d.quotes,
            d.views,
            d.engagement,
        ];
        for (k, count) in counts.iter().enumerate() {
            record[5 * k..5 * k + 5].copy_from_slice(&count.to_bytes());
        }
        let language = self.label_number(d.language);
        let country = self.label_number(d.country);
        record[30..34].copy_from_slice(&language.to_le_bytes());
        record[34..38].copy_from_slice(&country.to_le_bytes());
        record[38] = Sentiment::code(d.sentiment);
        record[39] = u8::from(d.timezone_assumed);
        record[40..44].copy_from_slice(&d.source.file.to_le_bytes());
        record[44..48].copy_from_slice(&d.source.line.to_le_bytes());
        record[48..56].copy_from_slice(&d.thread.to_bits().to_le_bytes());
        record
    }

    fn decode(&self, record: &[u8]) -> io::Result<Details> {
        let record: &[u8; RECORD_BYTES] = record.try_into().map_err(|_| corrupt())?;
        let count =
            |k: usize| Count::from_bytes(record[5 * k..5 * k + 5].try_into().unwrap_or([0xff; 5]));
        let u32_at = |at: usize| {
            u32::from_le_bytes([record[at], record[at + 1], record[at + 2], record[at + 3]])
        };
        Ok(Details {
            likes: count(0),
            shares: count(1),
            comments: count(2),
            quotes: count(3),
            views: count(4),
            engagement: count(5),
            language: self.label(u32_at(30))?,
            country: self.label(u32_at(34))?,
            sentiment: Sentiment::from_code(record[38]).ok_or_else(corrupt)?,
            timezone_assumed: record[39] != 0,
            source: Provenance {
                file: u32_at(40),
                line: u32_at(44),
            },
            thread: IdRef::from_bits(u64::from_le_bytes(
                record[48..56].try_into().map_err(|_| corrupt())?,
            )),
        })
    }
}

fn offset(number: u32) -> u64 {
    u64::from(number) * RECORD_BYTES as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn details(i: u32) -> Details {
        Details {
            likes: Count::from(u64::from(i)),
            shares: Count::NONE,
            comments: Count::from(Count::MAX),
            quotes: Count::from(0),
            views: Count::from(u64::from(i) * 1000),
            engagement: Count::NONE,
            language: Some(Ustr::from(if i % 2 == 0 { "en" } else { "it" })),
            country: (i % 3 == 0).then(|| Ustr::from("PL")),
            sentiment: [None, Some(Sentiment::Negative), Some(Sentiment::Positive)]
                [(i % 3) as usize],
            timezone_assumed: i % 5 == 0,
            source: Provenance {
                file: i % 4,
                line: i + 2,
            },
            thread: if i % 2 == 0 {
                IdRef::NONE
            } else {
                IdRef::from_bits(u64::from(i) * 7)
            },
        }
    }

    #[test]
    fn records_read_back_in_order_and_at_random_and_change_in_place() {
        let mut store = DetailStore::default();
        // Two chunks on disk and some in memory.
        let count = 2 * CHUNK_RECORDS as u32 + 100;
        for i in 0..count {
            assert_eq!(store.push(&details(i)).unwrap(), i);
        }
        for i in [0, 1, 7, CHUNK_RECORDS as u32, count - 1] {
            assert_eq!(store.get(i).unwrap(), details(i));
        }
        let mut changed = details(3);
        changed.shares = Count::from(42);
        changed.country = Some(Ustr::from("IT"));
        store.set(3, &changed).unwrap();
        store.set(count - 1, &changed).unwrap();
        let mut seen = 0;
        store
            .for_each(|i, got| {
                let expected = if i == 3 || i == count - 1 {
                    changed
                } else {
                    details(i)
                };
                assert_eq!(got, expected, "record {i}");
                assert_eq!(i, seen);
                seen += 1;
            })
            .unwrap();
        assert_eq!(seen, count);
        assert_eq!(store.labels.len(), 4, "en, it, PL, IT: each stored once");
    }
}
