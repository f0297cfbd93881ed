//! Reach and spread: how many people could have seen the incident, and who carried it.

use std::borrow::Cow;

use hashbrown::hash_table::{Entry, HashTable};
use rustc_hash::FxHashMap;

use super::brand::author_key;
use super::stats::top_k;
use super::text::lower;
use super::Facts;
use crate::metrics::{AuthorStat, Breakdown, Engagement, KindCounts, Reach};
use crate::model::{position32, AuthorMemo, Count, Details, Hash32, IdRef, Kind, Mentions, Row};

/// How many authors the top lists hold.
pub const TOP_AUTHORS: usize = 10;

/// Adds a value that may be missing to a total that is `None` until some value is present.
fn add_present(total: &mut Option<u64>, value: impl Into<Option<u64>>) {
    if let Some(v) = value.into() {
        *total = Some(total.unwrap_or(0).saturating_add(v));
    }
}

/// One author's figures. A crisis has hundreds of thousands of authors, so an entry is small
/// (16 bytes): the name is not stored but read from the author's first mention, and positions
/// and counts of mentions fit in 32 bits (ingest keeps fewer than `u32::MAX` mentions).
#[derive(Debug, Clone, Copy)]
struct AuthorAcc {
    /// Index of the author's first mention, whose spelling is the name shown.
    first: u32,
    mentions: u32,
    reach: Count,
    is_brand: bool,
}

/// Authors by [`author_key`], case-insensitively: spellings of one handle (`Anna`, `anna`) are
/// one author. Each of the store's distinct authors (handle, name and id: an
/// [`AuthorRef`](crate::model::AuthorRef)) is looked up by its key once ([`AuthorMemo`]). Keys
/// are not stored but read back from the authors' first mentions.
struct Authors<'a> {
    mentions: &'a Mentions,
    accs: Vec<AuthorAcc>,
    /// Positions in `accs`, with the hash of the lower-case key, so that growing the table
    /// need not read keys back (a cache miss each, at random).
    table: HashTable<(u32, Hash32)>,
    /// Each of the store's authors' position in `accs`, or nothing for a name alone.
    slots: AuthorMemo,
}

impl<'a> Authors<'a> {
    fn new(mentions: &'a Mentions) -> Self {
        Authors {
            mentions,
            accs: Vec::new(),
            table: HashTable::new(),
            slots: AuthorMemo::new(mentions),
        }
    }

    fn name(&self, acc: &AuthorAcc) -> &'a str {
        name_of(self.mentions, acc)
    }

    /// Counts mention `i`.
    fn add(&mut self, i: usize, reach: Count, is_brand: bool) {
        let Authors {
            mentions,
            accs,
            table,
            slots,
        } = self;
        let slot = slots.get_or(mentions[i].author_ref(), || {
            match author_key(&mentions.get(i)) {
                Some(key) => slot_of(mentions, accs, table, key, i),
                None => AuthorMemo::NOTHING,
            }
        });
        let Some(slot) = slot.filter(|s| *s != AuthorMemo::NOTHING) else {
            return;
        };
        let acc = &mut accs[slot as usize];
        acc.mentions += 1;
        acc.reach = Count::new(acc.reach.get().max(reach.get()));
        acc.is_brand |= is_brand;
    }

    fn stat(&self, acc: &AuthorAcc) -> AuthorStat {
        AuthorStat {
            author: self.name(acc).to_string(),
            mentions: u64::from(acc.mentions),
            reach: acc.reach.get(),
            is_brand: acc.is_brand,
        }
    }
}

/// The position in `accs` of the author whose key is `key`, counted from mention `i` on if
/// new (`table` finds accounts by key).
fn slot_of(
    mentions: &Mentions,
    accs: &mut Vec<AuthorAcc>,
    table: &mut HashTable<(u32, Hash32)>,
    key: &str,
    i: usize,
) -> u32 {
    let lowered = lower(key);
    let same = |&(slot, _): &(u32, Hash32)| {
        let known = name_of(mentions, &accs[slot as usize]);
        known == key || lower(known) == lowered
    };
    let key_hash = Hash32::of(&lowered);
    match table.entry(key_hash.table(), same, |(_, hash)| hash.table()) {
        Entry::Occupied(entry) => entry.get().0,
        Entry::Vacant(entry) => {
            let slot = position32(accs.len());
            accs.push(AuthorAcc {
                first: position32(i),
                mentions: 0,
                reach: Count::NONE,
                is_brand: false,
            });
            entry.insert((slot, key_hash));
            slot
        }
    }
}

/// Only called for authors counted by [`Authors::add`], whose first mention has a key.
fn name_of<'a>(mentions: &'a Mentions, acc: &AuthorAcc) -> &'a str {
    author_key(&mentions.get(acc.first as usize)).unwrap_or_default()
}

/// Mentions and summed reach of one breakdown value.
#[derive(Debug, Default, Clone, Copy)]
struct Group {
    mentions: u64,
    reach: Option<u64>,
}

/// Groups counted by the value as written, merged (optionally case-insensitively) at the end so
/// the per-mention work allocates nothing.
#[derive(Debug, Default)]
struct Tally<'a> {
    exact: FxHashMap<&'a str, Group>,
}

impl<'a> Tally<'a> {
    fn add(&mut self, value: Option<&'a str>, reach: Option<u64>) {
        let key = value
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .unwrap_or("unknown");
        let group = self.exact.entry(key).or_default();
        group.mentions += 1;
        add_present(&mut group.reach, reach);
    }

    fn finish(&self, total: u64, lower_case: bool) -> Vec<Breakdown> {
        let mut merged: FxHashMap<Cow<'a, str>, Group> = FxHashMap::default();
        for (&key, group) in &self.exact {
            let key = if lower_case {
                lower(key)
            } else {
                Cow::Borrowed(key)
            };
            let entry = merged.entry(key).or_default();
            entry.mentions += group.mentions;
            add_present(&mut entry.reach, group.reach);
        }
        let mut list: Vec<Breakdown> = merged
            .into_iter()
            .map(|(key, group)| Breakdown {
                key: key.into_owned(),
                mentions: group.mentions,
                share: group.mentions as f64 / total as f64,
                reach: group.reach,
            })
            .collect();
        list.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.key.cmp(&b.key)));
        list
    }
}

/// The figures of [`Reach`] read from the mentions' [`Details`], gathered by analysis' pass
/// over them (in the order they are stored: every figure here is a count or a sum).
#[derive(Debug, Default)]
pub struct DetailTally {
    languages: Tally<'static>,
    countries: Tally<'static>,
    impressions: Option<u64>,
    engagement: Engagement,
    /// For each post reposted, the largest of each count its reposts carry (views, likes,
    /// shares, comments, quotes): the post's own, counted once if it is not among the mentions.
    reposted: FxHashMap<IdRef, [Count; 5]>,
}

impl DetailTally {
    /// Counts one mention, whose per-mention reach is `reach`.
    pub fn add(&mut self, d: &Details, reach: Count, row: &Row) {
        self.languages
            .add(d.language.map(|l| l.as_str()), reach.get());
        self.countries
            .add(d.country.map(|c| c.as_str()), reach.get());
        let counts = [d.views, d.likes, d.shares, d.comments, d.quotes];
        // A repost's counts are its original's: twarc-csv copies them into every retweet row
        // (`--merge-retweets`, its default), and X counts a retweet's likes on the original.
        // Summed, they would count the original's engagement once more for each retweet.
        if row.kind == Kind::Repost {
            if row.parent.is_some() {
                let seen = self.reposted.entry(row.parent).or_insert([Count::NONE; 5]);
                for (seen, count) in seen.iter_mut().zip(counts) {
                    *seen = Count::new(seen.get().max(count.get()));
                }
            }
            return;
        }
        self.add_counts(counts);
    }

    /// Adds, once, the counts that reposts carry of each post not among the mentions counted
    /// (`rows`): an export of the reposts alone would otherwise show no engagement at all.
    pub fn add_absent_originals<'r>(&mut self, rows: impl Iterator<Item = &'r Row>) {
        if self.reposted.is_empty() {
            return;
        }
        for row in rows {
            self.reposted.remove(&row.id);
        }
        for (_, counts) in std::mem::take(&mut self.reposted) {
            self.add_counts(counts);
        }
    }

    fn add_counts(&mut self, [views, likes, shares, comments, quotes]: [Count; 5]) {
        add_present(&mut self.impressions, views);
        add_present(&mut self.engagement.likes, likes);
        add_present(&mut self.engagement.shares, shares);
        add_present(&mut self.engagement.comments, comments);
        add_present(&mut self.engagement.quotes, quotes);
    }
}

/// Every figure of [`Reach`]: those of the rows in one pass over them, with those of the
/// details (`details`).
pub fn measure(mentions: &Mentions, facts: &Facts, details: &DetailTally) -> Reach {
    // Spellings of one handle are one author, named as first written: the mentions come in
    // order, so the first insertion is the first spelling.
    let mut authors = Authors::new(mentions);
    let mut platforms = Tally::default();
    let mut kinds = KindCounts::default();
    let mut potential = None;
    let mut mentions_with_reach = 0;
    let mut total = 0;
    for (i, m) in mentions.rows().iter().enumerate() {
        if !facts.counted(i) {
            continue;
        }
        total += 1;
        let reach = facts.reach(i);
        mentions_with_reach += u64::from(reach.is_some());
        authors.add(i, reach, facts.is_brand[i]);
        platforms.add(m.platform.as_deref(), reach.get());
        match m.kind {
            Kind::Original => kinds.original += 1,
            Kind::Reply => kinds.reply += 1,
            Kind::Repost => kinds.repost += 1,
            Kind::Quote => kinds.quote += 1,
        }
        add_present(&mut potential, reach);
    }
    let counted = || authors.accs.iter();

    // Each author once, at their largest per-mention reach (their follower count when the
    // export has no reach of its own). Using the same per-mention reach as `potential` keeps
    // `unique <= potential`: an export's reach estimate is often far below the follower count,
    // and mixing the two made unique reach exceed the sum it is drawn from.
    let (mut unique, mut with_reach) = (None, 0);
    for a in counted() {
        add_present(&mut unique, a.reach);
        with_reach += usize::from(a.reach.is_some());
    }
    // Top lists are picked as the table is read, not from a list of every author.
    let top_count = with_reach.div_ceil(100).max(1);
    let top_values = top_k(
        counted().filter_map(|a| a.reach.get()),
        top_count,
        |a, b| b.cmp(a),
    );
    let concentration_top1pct = unique
        .filter(|u| *u > 0)
        .map(|unique| top_values.iter().sum::<u64>() as f64 / unique as f64);

    let name = |a: &AuthorAcc| authors.name(a);
    let by_reach = top_k(
        counted().filter(|a| a.reach.is_some()),
        TOP_AUTHORS,
        |a, b| {
            b.reach
                .get()
                .cmp(&a.reach.get())
                .then_with(|| b.mentions.cmp(&a.mentions))
                .then_with(|| name(a).cmp(name(b)))
        },
    );
    let by_volume = top_k(counted(), TOP_AUTHORS, |a, b| {
        b.mentions
            .cmp(&a.mentions)
            .then_with(|| b.reach.get().cmp(&a.reach.get()))
            .then_with(|| name(a).cmp(name(b)))
    });

    Reach {
        potential,
        unique,
        impressions: details.impressions,
        mentions_with_reach,
        mentions: total,
        authors: (total == 0 || !authors.accs.is_empty()).then_some(authors.accs.len() as u64),
        engagement: details.engagement.clone(),
        amplification: (kinds.original > 0).then(|| kinds.repost as f64 / kinds.original as f64),
        kinds,
        top_authors_by_reach: by_reach.iter().map(|a| authors.stat(a)).collect(),
        top_authors_by_volume: by_volume.iter().map(|a| authors.stat(a)).collect(),
        concentration_top1pct,
        by_platform: platforms.finish(total, true),
        by_language: details.languages.finish(total, true),
        by_country: details.countries.finish(total, false),
    }
}

#[cfg(test)]
mod tests {
    /// One entry per author, and a crisis has hundreds of thousands: see docs/performance.md.
    #[test]
    fn an_author_entry_stays_within_its_memory_budget() {
        assert!(std::mem::size_of::<super::AuthorAcc>() <= 16);
    }
}
