//! Reach and spread: how many people could have seen the incident, and who carried it.

use rustc_hash::FxHashMap;

use super::brand::author_key;
use super::Facts;
use crate::metrics::{AuthorStat, Breakdown, Engagement, KindCounts, Reach};
use crate::model::{Kind, Mention};

/// How many authors the top lists hold.
pub const TOP_AUTHORS: usize = 10;

/// Sum of the values that are present; `None` when none is.
fn sum_present(values: impl Iterator<Item = Option<u64>>) -> Option<u64> {
    values.flatten().fold(None, |acc, v| Some(acc.unwrap_or(0u64).saturating_add(v)))
}

#[derive(Debug, Clone)]
struct AuthorAcc {
    name: String,
    first: usize,
    mentions: u64,
    reach: Option<u64>,
    followers: Option<u64>,
    is_brand: bool,
}

impl AuthorAcc {
    fn merge(&mut self, other: &AuthorAcc) {
        if other.first < self.first {
            self.first = other.first;
            self.name.clone_from(&other.name);
        }
        self.mentions += other.mentions;
        self.reach = self.reach.max(other.reach);
        self.followers = self.followers.max(other.followers);
        self.is_brand |= other.is_brand;
    }

    fn stat(&self) -> AuthorStat {
        AuthorStat {
            author: self.name.clone(),
            mentions: self.mentions,
            reach: self.reach,
            is_brand: self.is_brand,
        }
    }
}

/// Authors grouped case-insensitively, in order of first appearance.
fn authors(mentions: &[Mention], facts: &Facts) -> Vec<AuthorAcc> {
    // Group by the exact spelling first (no allocation per mention), then merge spellings.
    let mut exact: FxHashMap<&str, AuthorAcc> = FxHashMap::default();
    for (i, m) in mentions.iter().enumerate() {
        let Some(key) = author_key(m) else { continue };
        let acc = exact.entry(key).or_insert_with(|| AuthorAcc {
            name: key.to_string(),
            first: i,
            mentions: 0,
            reach: None,
            followers: None,
            is_brand: false,
        });
        acc.mentions += 1;
        acc.reach = acc.reach.max(facts.reach[i]);
        acc.followers = acc.followers.max(m.followers);
        acc.is_brand |= facts.is_brand[i];
    }
    let mut merged: FxHashMap<String, AuthorAcc> = FxHashMap::default();
    for (key, acc) in exact {
        merged
            .entry(key.to_lowercase())
            .and_modify(|m| m.merge(&acc))
            .or_insert(acc);
    }
    let mut list: Vec<AuthorAcc> = merged.into_values().collect();
    list.sort_by_key(|a| a.first);
    list
}

fn breakdown<'a>(
    mentions: &'a [Mention],
    facts: &Facts,
    field: impl Fn(&'a Mention) -> Option<&'a str>,
    lower_case: bool,
) -> Vec<Breakdown> {
    let mut groups: FxHashMap<String, (u64, Option<u64>)> = FxHashMap::default();
    let mut exact: FxHashMap<&str, (u64, Option<u64>)> = FxHashMap::default();
    for (i, m) in mentions.iter().enumerate() {
        let key = field(m).map(str::trim).filter(|k| !k.is_empty()).unwrap_or("unknown");
        let entry = exact.entry(key).or_insert((0, None));
        entry.0 += 1;
        entry.1 = sum_present([entry.1, facts.reach[i]].into_iter());
    }
    for (key, (count, reach)) in exact {
        let key = if lower_case { key.to_lowercase() } else { key.to_string() };
        let entry = groups.entry(key).or_insert((0, None));
        entry.0 += count;
        entry.1 = sum_present([entry.1, reach].into_iter());
    }
    let total = mentions.len() as f64;
    let mut list: Vec<Breakdown> = groups
        .into_iter()
        .map(|(key, (count, reach))| Breakdown {
            key,
            mentions: count,
            share: count as f64 / total,
            reach,
        })
        .collect();
    list.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.key.cmp(&b.key)));
    list
}

pub fn measure(mentions: &[Mention], facts: &Facts) -> Reach {
    let authors = authors(mentions, facts);
    let unique = sum_present(authors.iter().map(|a| a.followers));
    let mut by_followers: Vec<u64> = authors.iter().filter_map(|a| a.followers).collect();
    by_followers.sort_unstable_by(|a, b| b.cmp(a));
    let top_count = by_followers.len().div_ceil(100).max(1);
    let concentration_top1pct = unique.filter(|u| *u > 0).map(|unique| {
        by_followers.iter().take(top_count).sum::<u64>() as f64 / unique as f64
    });

    let mut by_reach: Vec<&AuthorAcc> = authors.iter().filter(|a| a.reach.is_some()).collect();
    by_reach.sort_by(|a, b| {
        b.reach
            .cmp(&a.reach)
            .then_with(|| b.mentions.cmp(&a.mentions))
            .then_with(|| a.name.cmp(&b.name))
    });
    let mut by_volume: Vec<&AuthorAcc> = authors.iter().collect();
    by_volume.sort_by(|a, b| {
        b.mentions
            .cmp(&a.mentions)
            .then_with(|| b.reach.cmp(&a.reach))
            .then_with(|| a.name.cmp(&b.name))
    });

    let mut kinds = KindCounts::default();
    for m in mentions {
        match m.kind {
            Kind::Original => kinds.original += 1,
            Kind::Reply => kinds.reply += 1,
            Kind::Repost => kinds.repost += 1,
            Kind::Quote => kinds.quote += 1,
        }
    }

    Reach {
        potential: sum_present(facts.reach.iter().copied()),
        unique,
        impressions: sum_present(mentions.iter().map(|m| m.views)),
        mentions_with_reach: facts.reach.iter().filter(|r| r.is_some()).count() as u64,
        mentions: mentions.len() as u64,
        authors: authors.len() as u64,
        engagement: Engagement {
            likes: sum_present(mentions.iter().map(|m| m.likes)),
            shares: sum_present(mentions.iter().map(|m| m.shares)),
            comments: sum_present(mentions.iter().map(|m| m.comments)),
            quotes: sum_present(mentions.iter().map(|m| m.quotes)),
        },
        amplification: (kinds.original > 0).then(|| kinds.repost as f64 / kinds.original as f64),
        kinds,
        top_authors_by_reach: by_reach.iter().take(TOP_AUTHORS).map(|a| a.stat()).collect(),
        top_authors_by_volume: by_volume.iter().take(TOP_AUTHORS).map(|a| a.stat()).collect(),
        concentration_top1pct,
        by_platform: breakdown(mentions, facts, |m| m.platform.as_deref(), true),
        by_language: breakdown(mentions, facts, |m| m.language.as_deref(), true),
        by_country: breakdown(mentions, facts, |m| m.country.as_deref(), false),
    }
}
