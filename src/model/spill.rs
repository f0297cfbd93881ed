//! Bytes kept mostly on disk: an append-only buffer whose last chunk stays in memory and whose
//! earlier chunks are written to an unnamed temporary file (in `TMPDIR`, removed by the system
//! when the process ends, however it ends). Memory holds at most one chunk whatever the size
//! of the export, and a small incident never touches the disk.
//!
//! Callers append whole records and call [`Spill::end_record`] after each, so that a record is
//! never split between the file and memory.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::sync::Mutex;

/// The chunks written to the temporary file so far.
struct Written {
    file: Mutex<File>,
    /// Where each chunk starts (offsets of the spill, which are offsets in the file).
    starts: Vec<u64>,
}

pub(crate) struct Spill {
    chunk_bytes: usize,
    written: Option<Written>,
    /// Bytes in the file.
    on_disk: u64,
    /// The bytes after the file's, from offset `on_disk` on.
    tail: Vec<u8>,
}

impl std::fmt::Debug for Spill {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Spill({} bytes, {} on disk)", self.size(), self.on_disk)
    }
}

impl Spill {
    /// A spill that writes its records to disk once `chunk_bytes` of them are in memory.
    pub fn new(chunk_bytes: usize) -> Spill {
        Spill {
            chunk_bytes,
            written: None,
            on_disk: 0,
            tail: Vec::new(),
        }
    }

    /// Bytes held, in memory and on disk: the offset of the next record.
    pub fn size(&self) -> u64 {
        self.on_disk + self.tail.len() as u64
    }

    /// Bytes written to the temporary file.
    #[cfg(test)]
    pub fn on_disk(&self) -> u64 {
        self.on_disk
    }

    /// Where the record being appended goes.
    pub fn tail(&mut self) -> &mut Vec<u8> {
        &mut self.tail
    }

    /// Ends a record: once a chunk is full it goes to the file. Fails only when the temporary
    /// file cannot be created or written.
    pub fn end_record(&mut self) -> io::Result<()> {
        if self.tail.len() < self.chunk_bytes {
            return Ok(());
        }
        let written = match &mut self.written {
            Some(written) => written,
            None => self.written.insert(Written {
                file: Mutex::new(tempfile::tempfile()?),
                starts: Vec::new(),
            }),
        };
        let file = written.file.get_mut().map_err(|_| poisoned())?;
        file.seek(SeekFrom::Start(self.on_disk))?;
        file.write_all(&self.tail)?;
        written.starts.push(self.on_disk);
        self.on_disk += self.tail.len() as u64;
        self.tail.clear();
        Ok(())
    }

    /// Where each chunk ends, on disk and then in memory, in increasing order.
    pub fn chunk_ends(&self) -> Vec<u64> {
        let mut ends: Vec<u64> = match &self.written {
            Some(written) => written.starts.iter().skip(1).copied().collect(),
            None => Vec::new(),
        };
        if self.on_disk > 0 {
            ends.push(self.on_disk);
        }
        ends.push(self.size());
        ends
    }

    /// Reads `buffer.len()` bytes from `offset`, which lie in one record.
    pub fn read_at(&self, offset: u64, buffer: &mut [u8]) -> io::Result<()> {
        if offset >= self.on_disk {
            let start = usize::try_from(offset - self.on_disk).map_err(|_| corrupt())?;
            let bytes = self
                .tail
                .get(start..start + buffer.len())
                .ok_or_else(corrupt)?;
            buffer.copy_from_slice(bytes);
            return Ok(());
        }
        let written = self.written.as_ref().ok_or_else(corrupt)?;
        let mut file = written.file.lock().map_err(|_| poisoned())?;
        file.seek(SeekFrom::Start(offset))?;
        file.read_exact(buffer)
    }

    /// How many bytes can be read from `offset` without leaving its chunk.
    pub fn room_after(&self, offset: u64) -> u64 {
        let end = match &self.written {
            Some(written) if offset < self.on_disk => {
                let next = written.starts.partition_point(|s| *s <= offset);
                written.starts.get(next).copied().unwrap_or(self.on_disk)
            }
            _ => self.size(),
        };
        end.saturating_sub(offset)
    }

    /// Overwrites bytes of a record already appended (records of a fixed size change in place).
    pub fn write_at(&mut self, offset: u64, bytes: &[u8]) -> io::Result<()> {
        if offset >= self.on_disk {
            let start = usize::try_from(offset - self.on_disk).map_err(|_| corrupt())?;
            self.tail
                .get_mut(start..start + bytes.len())
                .ok_or_else(corrupt)?
                .copy_from_slice(bytes);
            return Ok(());
        }
        let written = self.written.as_mut().ok_or_else(corrupt)?;
        let file = written.file.get_mut().map_err(|_| poisoned())?;
        file.seek(SeekFrom::Start(offset))?;
        file.write_all(bytes)
    }

    /// Calls `visit` with every chunk, in order, and the offset it starts at; a chunk on disk
    /// is skipped when `needed` (given the offset where the chunk ends) says so. The chunk in
    /// memory is always visited, last.
    pub fn for_each_chunk(
        &self,
        mut needed: impl FnMut(u64) -> bool,
        mut visit: impl FnMut(u64, &[u8]) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut chunk = Vec::new();
        if let Some(written) = &self.written {
            for (c, &start) in written.starts.iter().enumerate() {
                let end = written.starts.get(c + 1).copied().unwrap_or(self.on_disk);
                if !needed(end) {
                    continue;
                }
                {
                    let mut file = written.file.lock().map_err(|_| poisoned())?;
                    file.seek(SeekFrom::Start(start))?;
                    chunk.resize(usize::try_from(end - start).map_err(|_| corrupt())?, 0);
                    file.read_exact(&mut chunk)?;
                }
                visit(start, &chunk)?;
            }
        }
        visit(self.on_disk, &self.tail)
    }
}

pub(crate) fn corrupt() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        "the temporary file of mentions does not read back as written",
    )
}

pub(super) fn poisoned() -> io::Error {
    io::Error::other("a thread reading the temporary file of mentions failed")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_read_and_changed_wherever_they_are() {
        // Records of 10 bytes, chunks of 30: records 0–2, 3–5 and 6–8 go to the file.
        let mut spill = Spill::new(30);
        for i in 0..10u8 {
            spill.tail().extend_from_slice(&[i; 10]);
            spill.end_record().unwrap();
        }
        assert_eq!((spill.size(), spill.on_disk), (100, 90));
        let mut buffer = [0u8; 10];
        for i in 0..10u8 {
            spill.read_at(u64::from(i) * 10, &mut buffer).unwrap();
            assert_eq!(buffer, [i; 10]);
        }
        assert_eq!(spill.room_after(40), 20, "to the end of the chunk");
        assert_eq!(spill.room_after(95), 5, "to the end of memory");
        spill.write_at(40, &[7; 10]).unwrap();
        spill.write_at(90, &[8; 10]).unwrap();
        let mut seen = Vec::new();
        spill
            .for_each_chunk(
                |_| true,
                |start, bytes| {
                    seen.push((start, bytes.to_vec()));
                    Ok(())
                },
            )
            .unwrap();
        let starts: Vec<u64> = seen.iter().map(|(s, _)| *s).collect();
        assert_eq!(starts, [0, 30, 60, 90]);
        assert_eq!(&seen[1].1[10..20], &[7; 10]);
        assert_eq!(seen[3].1, [8; 10]);
        assert!(spill.read_at(95, &mut buffer).is_err(), "past the end");
    }
}
