//! Findings: checks the brand's handling against the crisis-response playbook, with evidence.
//!
//! Each rule is a small function from the incident (`Ctx`: mentions, their annotations, the
//! metrics and the configuration) to its findings, or to the reason it cannot be checked on
//! this data. Rules read per-mention facts from the analysis' annotations, so they agree with
//! the metrics on who is the brand, what was answered and which phase a post fell in. Every
//! rule is defined in `docs/findings.md`; its wording lives in the catalogues under
//! `finding.<rule-id>`.

mod conduct;
mod impostors;

mod lookalike;
mod response;
mod spread;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use compact_str::CompactString;
use hashbrown::hash_table::{Entry, HashTable};
use jiff::Timestamp;
use rustc_hash::FxHashMap;

use crate::analysis::stats::top_k;
pub(crate) use crate::analysis::wording::fold;
use crate::analysis::wording::Signals;

use crate::analysis::{self, Analysis, Annotations, Note};
use crate::case::{Evidence, Figure, Finding, RuleStatus, Severity};
use crate::config::{normalize_handle, Config};
use crate::i18n::Catalog;
use crate::metrics::{Metrics, TimelineWarning};
use crate::model::Count;
use crate::model::{
    position32, AuthorMemo, Hash32, Kind, MentionRef, MentionView, Mentions, OptIndex,
};

/// Every rule id, in the order the appendix lists them: the rules of `RULES`, then
/// [`GOOD_RESPONSE`]. Scripts rely on these ids.
pub const RULE_IDS: [&str; RULES.len() + 1] = {
    let mut ids = [GOOD_RESPONSE; RULES.len() + 1];
    let mut i = 0;
    while i < RULES.len() {
        ids[i] = RULES[i].id;
        i += 1;
    }
    ids
};

/// The rule that reports, with severity `good`, each principle another rule found met well.
pub const GOOD_RESPONSE: &str = "good-response";

/// A rule: its findings (those with id [`GOOD_RESPONSE`] are principles met well), or why it
/// cannot be checked.
type Rule = fn(&Ctx) -> Result<Vec<Finding>, NotChecked>;

/// Why a rule could not be checked: a code that does not depend on the language (the key of
/// `finding.reason.<code>` in the catalogues) and its sentence in the report language.
#[derive(Debug)]
pub(crate) struct NotChecked {
    code: String,
    pub reason: String,
}

struct RuleDef {
    id: &'static str,
    run: Rule,
    /// Checks a principle that [`GOOD_RESPONSE`] can report as met: when no such rule could be
    /// checked, neither can `good-response`.
    principle: bool,
}

const fn rule(id: &'static str, run: Rule, principle: bool) -> RuleDef {
    RuleDef { id, run, principle }
}

const RULES: [RuleDef; 12] = [
    rule("slow-first-response", response::slow_first_response, true),
    rule("unanswered-mentions", response::unanswered_mentions, true),
    rule(
        "unanswered-high-reach",
        response::unanswered_high_reach,
        true,
    ),
    rule(
        "response-degraded-at-peak",
        response::response_degraded_at_peak,
        true,
    ),
    rule("posts-during-crisis", conduct::posts_during_crisis, true),
    rule("offline-handoff", conduct::offline_handoff, true),
    rule("apology-and-thanks", conduct::apology_and_thanks, true),
    SLOWEST_RULE,
    rule("hashtag-hijack", spread::hashtag_hijack, false),
    rule("platform-jump", spread::platform_jump, false),
    rule("reach-concentration", spread::reach_concentration, false),
    rule("reignition", spread::reignition, false),
];

/// The rule that costs the most, run beside the others.
const SLOWEST_RULE: RuleDef = rule("impostor-accounts", impostors::impostor_accounts, false);

/// At most this many example mentions per finding.
const MAX_EXAMPLES: usize = 3;

/// Runs every rule. Findings come back ordered by severity then id, in `config.report_language`;
/// statuses come back one per rule, in [`RULE_IDS`] order.
pub fn evaluate(
    mentions: &Mentions,
    analysis: &Analysis,
    config: &Config,
) -> (Vec<Finding>, Vec<RuleStatus>) {
    let ctx = Ctx::new(mentions, analysis, config);
    let mut findings = Vec::new();
    let mut goods = Vec::new();
    let mut statuses = Vec::new();
    let mut principle_checked = false;
    // `impostor-accounts` compares the names of every account and costs more than all the other
    // rules together: it runs on the other core while this one runs the rest in order. A rule
    // that is silenced is not run (`None`).
    let (slowest_id, slowest_rule) = (SLOWEST_RULE.id, SLOWEST_RULE.run);
    let results: Vec<Option<Result<Vec<Finding>, NotChecked>>> = std::thread::scope(|scope| {
        let ctx = &ctx;
        let slowest = config
            .rule_enabled(slowest_id)
            .then(|| crate::parallel::spawn_or_run(scope, move || slowest_rule(ctx)));
        let mut results: Vec<_> = RULES
            .iter()
            .map(|r| (r.id != slowest_id && config.rule_enabled(r.id)).then(|| (r.run)(ctx)))
            .collect();
        if let Some(slowest) = slowest {
            let found = slowest.join();
            if let Some(slot) = RULES.iter().position(|r| r.id == slowest_id) {
                results[slot] = Some(found);
            }
        }
        results
    });
    for (rule, result) in RULES.iter().zip(results) {
        let id = rule.id;
        let Some(result) = result else {
            statuses.push(status(id, "silenced", None));
            continue;
        };
        match result {
            Ok(found) => {
                statuses.push(status(id, "checked", None));
                principle_checked |= rule.principle;
                let (good, other): (Vec<_>, Vec<_>) =
                    found.into_iter().partition(|f| f.id == GOOD_RESPONSE);
                findings.extend(other);
                goods.extend(good);
            }
            Err(not_checked) => statuses.push(status(id, "not_checked", Some(not_checked))),
        }
    }
    if !config.rule_enabled(GOOD_RESPONSE) {
        statuses.push(status(GOOD_RESPONSE, "silenced", None));
    } else if principle_checked {
        statuses.push(status(GOOD_RESPONSE, "checked", None));
        findings.extend(goods);
    } else {
        statuses.push(status(
            GOOD_RESPONSE,
            "not_checked",
            Some(ctx.reason("no_principle", &[])),
        ));
    }
    for finding in &mut findings {
        finding.comment = config
            .rules
            .get(&finding.id)
            .and_then(|r| r.comment.clone());
    }
    // Stable: findings of one rule keep the order the rule gave them.
    findings.sort_by(|a, b| (a.severity, &a.id).cmp(&(b.severity, &b.id)));
    (findings, statuses)
}

fn status(id: &str, status: &str, not_checked: Option<NotChecked>) -> RuleStatus {
    let (reason_code, reason) = not_checked.map(|n| (n.code, n.reason)).unzip();
    RuleStatus {
        id: id.to_string(),
        status: status.to_string(),
        reason,
        reason_code,
    }
}

/// One mention with what analysis learned about it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Post<'a> {
    pub mention: MentionView<'a>,
    pub note: Note<'a>,
}

impl<'a> Post<'a> {
    /// The mention's position.
    pub fn index(&self) -> usize {
        self.mention.index()
    }

    /// The export's reach, else the author's followers (as analysis counts it).
    pub fn reach(&self) -> Count {
        self.mention.reach_or_followers()
    }

    pub fn at(&self) -> Timestamp {
        self.mention.timestamp()
    }

    /// A reply to someone, as `response.brand_replies` counts them: the export says so, or it
    /// names a parent it does not repost (a quote comments on the post it names).
    pub fn is_reply(&self) -> bool {
        self.mention.kind == Kind::Reply
            || self.note.replies_to().is_some()
            || (self.mention.has_parent() && self.mention.kind != Kind::Repost)
    }

    /// The account: handle, else the export's author id.
    pub fn account(&self) -> Option<&'a str> {
        self.mention.author().or(self.mention.author_id())
    }
}

/// Posts grouped by account, stored flat: a crisis has hundreds of thousands of accounts, most
/// with one post, so one list of mention positions ordered by account (and where each
/// account's run starts) replaces a list and a key string per account. Positions (4 bytes)
/// rather than [`Post`]s (32 bytes): the list holds every post not by the brand.
pub(crate) struct Accounts<'a> {
    mentions: &'a Mentions,
    notes: &'a Annotations,
    keys: Vec<CompactString>,
    /// `starts[g]..starts[g + 1]` are account `g`'s posts in `positions`.
    starts: Vec<u32>,
    positions: Vec<u32>,
}

impl<'a> Accounts<'a> {
    /// Groups the posts `posts()` yields, which are posts of `ctx`. It is called twice,
    /// numbering the accounts and then placing the posts, so that no list of posts is held
    /// while sorting.
    fn group<I: Iterator<Item = Post<'a>>>(ctx: &Ctx<'a>, posts: impl Fn() -> I) -> Accounts<'a> {
        // Accounts are numbered in the order posts arrive. The table holds those numbers with
        // their key's hash, compared with `keys`: no key string is stored twice, and growing
        // the table reads no key (each a cache miss, at random).
        let mut numbers: HashTable<(u32, Hash32)> = HashTable::new();
        let mut keys: Vec<CompactString> = Vec::new();
        // Each post's account; none for a post without a name.
        let mut account_of: Vec<OptIndex> = Vec::new();
        // The account of each of the store's distinct authors, once looked up: most posts
        // then cost an array access instead of a normalised, hashed name.
        let mut known = AuthorMemo::new(ctx.mentions);
        for post in posts() {
            let mut number = || {
                let Some(spelling) = post.account().or(post.mention.author_name()) else {
                    return AuthorMemo::NOTHING;
                };
                let key = normalized_key(spelling);
                let key_hash = Hash32::of(&key);
                let same = |&(account, _): &(u32, Hash32)| keys[account as usize] == key;
                let rehash = |&(_, key_hash): &(u32, Hash32)| key_hash.table();
                match numbers.entry(key_hash.table(), same, rehash) {
                    Entry::Occupied(entry) => entry.get().0,
                    Entry::Vacant(entry) => {
                        let account = position32(keys.len());
                        entry.insert((account, key_hash));
                        keys.push(key);
                        account
                    }
                }
            };
            let account = match known.get_or(post.mention.author_ref(), &mut number) {
                Some(account) => account,
                None => number(),
            };
            account_of.push(OptIndex::new(
                (account != AuthorMemo::NOTHING).then_some(account as usize),
            ));
        }
        drop((numbers, known));
        // A counting sort by account keeps each account's posts in data order.
        let mut starts = vec![0u32; keys.len() + 1];
        for account in account_of.iter().filter_map(|a| a.get()) {
            starts[account + 1] += 1;
        }
        for g in 1..starts.len() {
            starts[g] += starts[g - 1];
        }
        let mut next = starts.clone();
        let mut positions = vec![u32::MAX; starts[keys.len()] as usize];
        for (post, account) in posts().zip(account_of) {
            if let Some(account) = account.get() {
                positions[next[account] as usize] = position32(post.index());
                next[account] += 1;
            }
        }
        assert!(
            next[..keys.len()] == starts[1..],
            "both passes over the posts agree"
        );
        Accounts {
            mentions: ctx.mentions,
            notes: ctx.notes,
            keys,
            starts,
            positions,
        }
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Account `g`: its normalised key and its posts, in data order.
    pub fn get(&self, g: usize) -> (&str, impl DoubleEndedIterator<Item = Post<'a>> + Clone + '_) {
        let run = self.starts[g] as usize..self.starts[g + 1] as usize;
        let posts = self.positions[run].iter().map(|&index| {
            let index = index as usize;
            Post {
                mention: self.mentions.get(index),
                note: self
                    .notes
                    .note(index)
                    .expect("grouped from posts in the data"),
            }
        });
        (&self.keys[g], posts)
    }

    pub fn iter(
        &self,
    ) -> impl Iterator<Item = (&str, impl DoubleEndedIterator<Item = Post<'a>> + Clone + '_)> + '_
    {
        (0..self.len()).map(|g| self.get(g))
    }
}

/// [`normalize_handle`] without a heap allocation for the usual short ASCII handle.
fn normalized_key(spelling: &str) -> CompactString {
    let trimmed = spelling.trim().trim_start_matches('@');
    if trimmed.is_ascii() {
        let mut key = CompactString::from(trimmed);
        key.make_ascii_lowercase();
        key
    } else {
        CompactString::from(normalize_handle(spelling))
    }
}

/// The incident as the rules see it, with the report language's catalogue.
pub(crate) struct Ctx<'a> {
    mentions: &'a Mentions,
    notes: &'a Annotations,
    pub metrics: &'a Metrics,
    pub config: &'a Config,
    pub t: &'static Catalog,
    /// What the wording of each brand post shows, by mention index (from the text pass).
    signals: &'a FxHashMap<usize, Signals>,
    /// For each campaign hashtag, the posts not by the brand that carry it (from the text pass).
    pub campaign_posts: &'a [Vec<u32>],
    /// Posts not by the brand, grouped by account, computed once.
    outside_accounts: OnceLock<Accounts<'a>>,
}

impl<'a> Ctx<'a> {
    pub fn new(mentions: &'a Mentions, analysis: &'a Analysis, config: &'a Config) -> Ctx<'a> {
        Ctx {
            mentions,
            notes: &analysis.annotations,
            metrics: &analysis.metrics,
            config,
            t: Catalog::get(config.report_language),
            signals: &analysis.brand_signals,
            campaign_posts: &analysis.campaign_posts,
            outside_accounts: OnceLock::new(),
        }
    }

    /// Every post. Annotations are index-aligned with the mentions; should they ever differ
    /// in length, the rules see only the aligned part rather than indexing out of bounds.
    pub fn posts(&self) -> impl Iterator<Item = Post<'a>> + 'a {
        let (mentions, notes) = (self.mentions, self.notes);
        mentions.iter().map_while(|mention| {
            let note = notes.note(mention.index())?;
            Some(Post { mention, note })
        })
    }

    /// What analysis learned about mention `index`; `None` outside the data (should the
    /// annotations ever outnumber the mentions, the rules see only the aligned part).
    pub fn note(&self, index: usize) -> Option<Note<'a>> {
        self.notes
            .note(index)
            .filter(|_| index < self.mentions.len())
    }

    pub fn brand_posts(&self) -> impl Iterator<Item = Post<'a>> + 'a {
        self.posts().filter(|p| p.note.is_brand())
    }

    /// The brand's own accounts, normalised ([`normalize_handle`]): every configured handle
    /// (on any platform) and the account of every post analysis recognised as the brand's.
    pub fn brand_account_keys(&self) -> BTreeSet<String> {
        self.config
            .brand_handles
            .iter()
            .map(|b| b.handle.clone())
            .chain(
                self.brand_posts()
                    .filter_map(|p| p.account().map(normalize_handle)),
            )
            .collect()
    }

    /// Brand replies to other people (a brand post continuing its own thread is not one).
    pub fn brand_replies(&self) -> Vec<Post<'a>> {
        self.brand_posts()
            .filter(|p| p.is_reply() && !self.continues_brand_post(p))
            .collect()
    }

    /// Whether a brand post replies to, or quotes, someone other than the brand: the test of
    /// [`analysis::is_response`] without the wording, so a post continuing one of the brand's
    /// own is judged as the post it continues.
    pub fn answers_someone(&self, post: &Post) -> bool {
        analysis::is_response(
            post.index(),
            |i| self.brand_post(i, false),
            |i| self.is_brand_post(i),
        )
    }

    /// What [`analysis::is_response`] reads of post `i`; its wording only when `wording`.
    fn brand_post(&self, i: usize, wording: bool) -> analysis::BrandPost {
        let p = self.post(i);
        analysis::BrandPost {
            kind: p.map_or(Kind::Original, |p| p.mention.kind),
            has_parent: p.is_some_and(|p| p.mention.has_parent()),
            replies_to: p.and_then(|p| p.note.replies_to().get()),
            statement: wording && p.is_some_and(|p| self.signals(&p).statement),
        }
    }

    /// Whether the post it replies to is one of the brand's own.
    fn continues_brand_post(&self, post: &Post) -> bool {
        post.note
            .replies_to()
            .get()
            .is_some_and(|i| self.is_brand_post(i))
    }

    /// Whether post `i` is in the data and the brand's.
    fn is_brand_post(&self, i: usize) -> bool {
        self.note(i).is_some_and(|n| n.is_brand())
    }

    /// A brand post that answers someone or speaks about the incident, as the metrics' first
    /// response counts them ([`analysis::is_response`]). Anything else the brand publishes is
    /// its own content (see `posts-during-crisis`).
    pub fn is_brand_response(&self, post: &Post) -> bool {
        post.note.is_brand()
            && analysis::is_response(
                post.index(),
                |i| self.brand_post(i, true),
                |i| self.is_brand_post(i),
            )
    }

    /// The brand's first response to an incident that started at `start`, as the metrics'
    /// `first_response_at` counts it ([`analysis::responds_to_incident`]): the earliest brand
    /// post from the start that responds, and is not a reply to a mention from before it.
    pub fn first_response(&self, start: Timestamp) -> Option<Post<'a>> {
        self.brand_posts()
            .filter(|p| p.at() >= start)
            .filter(|p| {
                analysis::responds_to_incident(
                    p.index(),
                    |i| self.brand_post(i, true),
                    |i| self.is_brand_post(i),
                    |i| self.post(i).is_some_and(|q| q.at() < start),
                )
            })
            .min_by_key(|p| (p.mention.at_nanos(), p.index()))
    }

    /// What the wording of a brand post shows; nothing for any other post.
    pub fn signals(&self, post: &Post) -> Signals {
        self.signals.get(&post.index()).copied().unwrap_or_default()
    }

    /// Post `index`, when it is in the data.
    pub fn post(&self, index: usize) -> Option<Post<'a>> {
        let note = self.note(index)?;
        Some(Post {
            mention: self.mentions.get(index),
            note,
        })
    }

    /// The posts not by the brand grouped by account, case-insensitively and without `@`:
    /// the handle, else the author id, else the display name. Groups come in the order of their
    /// first post, each with its normalised key and its posts in data order.
    pub fn outside_accounts(&self) -> &Accounts<'a> {
        self.outside_accounts
            .get_or_init(|| Accounts::group(self, || self.posts().filter(|p| !p.note.is_brand())))
    }

    pub fn require_brand_posts(&self) -> Result<usize, NotChecked> {
        match self.brand_posts().count() {
            // Without authors no post can match a handle: checking the handles would not help.
            // The analysis has said so (the findings do not judge it again).
            0 if self
                .metrics
                .timeline
                .warning_codes
                .contains(&TimelineWarning::NoBrandPostsWithoutAuthors) =>
            {
                Err(self.reason("no_authors", &[]))
            }
            0 => Err(self.reason("no_brand_posts", &[])),
            n => Ok(n),
        }
    }

    /// Whether who-answered-whom can be known: brand posts exist, the export links replies,
    /// and at least some brand replies land on mentions in the data.
    pub fn require_answer_matching(&self) -> Result<(), NotChecked> {
        self.require_brand_posts()?;
        if self.metrics.response.linkage == "none" {
            return Err(self.reason("no_linkage", &[]));
        }
        let replies = self.brand_replies();
        let matched = replies.iter().any(|p| p.note.replies_to().is_some())
            || self.posts().any(|p| p.note.response_seconds().is_some());
        if !replies.is_empty() && !matched {
            let replies_text = self.count_noun(replies.len() as u64, "reply");
            let count = self.int(replies.len() as u64);
            return Err(self.reason(
                "replies_unmatched",
                &[("replies", &replies_text), ("count", &count)],
            ));
        }
        Ok(())
    }

    /// The `k` posts with the largest reach (posts without reach last), then the earliest,
    /// in that order.
    pub fn top_by_reach<'p>(
        &self,
        posts: impl IntoIterator<Item = Post<'p>>,
        k: usize,
    ) -> Vec<Post<'p>> {
        let order = |a: &Post, b: &Post| {
            b.reach()
                .get()
                .cmp(&a.reach().get())
                .then(a.mention.at_nanos().cmp(&b.mention.at_nanos()))
                .then(a.index().cmp(&b.index()))
        };
        // At most 2k posts are held: the rules want a few examples out of many posts.
        top_k(posts, k, order)
    }

    /// Up to [`MAX_EXAMPLES`] of `posts`, in order; a post is left out when it and one already
    /// shown are a repost and what it reposts (a retweet carries its original's words, after
    /// its `RT @handle:`, see [`same_words`]): the same words twice.
    pub fn examples<'p>(&self, posts: impl IntoIterator<Item = Post<'p>>) -> Vec<MentionRef> {
        let mut examples: Vec<MentionRef> = Vec::new();
        for post in posts {
            if examples.len() == MAX_EXAMPLES {
                break;
            }
            let example = MentionRef::of(post.mention);
            let repeats = |e: &MentionRef| {
                (e.kind == Kind::Repost || example.kind == Kind::Repost)
                    && same_words(&e.text, &example.text)
            };
            if !examples.iter().any(repeats) {
                examples.push(example);
            }
        }
        examples
    }

    // ---- wording

    pub fn reason(&self, key: &str, args: &[(&str, &str)]) -> NotChecked {
        NotChecked {
            code: key.to_string(),
            reason: self.t.fill(&format!("finding.reason.{key}"), args),
        }
    }

    /// A string of rule `rule` (`finding.<rule>.<key>`).
    pub fn text(&self, rule: &str, key: &str, args: &[(&str, &str)]) -> String {
        self.t.fill(&format!("finding.{rule}.{key}"), args)
    }

    pub fn figure(&self, key: &str, value: String) -> Figure {
        Figure {
            label: self.t.t(&format!("finding.figure.{key}")).to_string(),
            value,
        }
    }

    pub fn finding(
        &self,
        rule: &str,
        severity: Severity,
        title: String,
        figures: Vec<Figure>,
        examples: Vec<MentionRef>,
        recommendation: String,
    ) -> Finding {
        Finding {
            id: rule.to_string(),
            severity,
            title,
            evidence: Evidence {
                figures,
                examples,
                examples_label: None,
            },
            principle: self.text(rule, "principle", &[]),
            recommendation,
            comment: None,
        }
    }

    /// A `good-response` finding: the principle of `rule` was met well.
    pub fn good(
        &self,
        rule: &str,
        title: String,
        figures: Vec<Figure>,
        examples: Vec<MentionRef>,
    ) -> Finding {
        let recommendation = self.text(rule, "good_recommendation", &[]);
        let mut finding = self.finding(
            rule,
            Severity::Good,
            title,
            figures,
            examples,
            recommendation,
        );
        finding.id = GOOD_RESPONSE.to_string();
        finding
    }

    // ---- figures in the report language

    pub fn int(&self, n: u64) -> String {
        self.t.int(n)
    }

    /// A share as a percentage: whole percent, one decimal when rounding would show a share
    /// that is not zero as `0%` or one that is not whole as `100%`.
    /// As the tables show it ([`crate::i18n::Catalog::pct`]): the finding's 1 % beside the
    /// table's 0.8 % read as two figures.
    pub fn pct(&self, share: f64) -> String {
        self.t.pct(share)
    }

    pub fn duration(&self, seconds: i64) -> String {
        self.t.duration(seconds as f64)
    }

    pub fn datetime(&self, at: Timestamp) -> String {
        self.t.datetime(at, &self.config.timezone)
    }

    /// `n` with the noun in the right plural form: `1 reply`, `3 replies`, `5 odpowiedzi`.
    pub fn count_noun(&self, n: u64, noun: &str) -> String {
        self.t.count_noun(n, noun)
    }
}

/// Seconds from `from` to `to`.
pub(crate) fn seconds_between(from: Timestamp, to: Timestamp) -> i64 {
    to.as_second() - from.as_second()
}

/// The median by linear interpolation between order statistics (the numpy / pandas default,
/// as `docs/metrics.md` defines it); `None` for no values.
pub(crate) fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

#[cfg(test)]
pub(crate) mod testkit;

/// Whether two texts say the same, once a retweet's `RT @handle: ` (or `Retweeted Name
/// (@handle):`) is taken off; a text cut with `…` is compared as far as it goes, another whole.
fn same_words(a: &str, b: &str) -> bool {
    // The words, and whether they were cut.
    let words = |text: &str| -> (String, bool) {
        let text = crate::model::retweet_text(text)
            .map_or(text, |rt| rt.words)
            .trim();
        let kept = text.trim_end_matches('…');
        (kept.trim_end().to_string(), kept.len() < text.len())
    };
    let ((a, a_cut), (b, b_cut)) = (words(a), words(b));
    !a.is_empty()
        && !b.is_empty()
        && (a == b || b_cut && a.starts_with(&b) || a_cut && b.starts_with(&a))
}

#[cfg(test)]
mod tests {
    use super::testkit::*;
    use super::*;
    use crate::config::RuleSettings;
    use crate::metrics::Phase;
    use crate::model::Language;

    #[test]
    fn accounts_group_spellings_of_one_handle_in_order_of_first_post() {
        let mut incident = Incident::new();
        let anna = incident.inbound(1, "@Anna", "first");
        let bob = incident.inbound(2, "bob", "second");
        incident.brand_post(3, "the brand is not an outside account");
        let anna_again = incident.inbound(4, "anna", "third");
        let greek = incident.inbound(5, "ΣΟΦΙΑΣ", "fourth");
        let greek_again = incident.inbound(6, "σοφιας", "fifth");
        // A post without any name between named ones: the two passes must stay in step.
        let anonymous = incident.inbound(7, "x", "sixth");
        incident.mentions[anonymous].author = None;
        let named = incident.inbound(8, "x", "seventh");
        incident.mentions[named].author = None;
        incident.mentions[named].author_name = Some("Nobody Handle".into());
        let bob_again = incident.inbound(9, "Bob", "eighth");

        let analysis = incident.analysis();
        let mentions = incident.stored();
        let ctx = Ctx::new(&mentions, &analysis, &incident.config);
        let accounts = ctx.outside_accounts();
        let grouped: Vec<(&str, Vec<usize>)> = accounts
            .iter()
            .map(|(key, posts)| (key, posts.map(|p| p.index()).collect()))
            .collect();
        // Lower case as `str::to_lowercase` writes it: a final sigma stays final.
        assert_eq!(normalize_handle("ΣΟΦΙΑΣ"), "σοφιας");
        assert_eq!(
            grouped,
            [
                ("anna", vec![anna, anna_again]),
                ("bob", vec![bob, bob_again]),
                ("σοφιας", vec![greek, greek_again]),
                ("nobody handle", vec![named]),
            ]
        );
        assert_eq!(accounts.len(), 4);
    }

    /// A retweet carries its original's text: shown beside it, the same words twice, whichever
    /// comes first. Two people writing the same words are two examples.
    #[test]
    fn a_repost_of_a_shown_text_is_no_second_example() {
        let mut incident = Incident::new();
        let quote = incident.inbound(1, "anna", "haciendo promos #FlyHappy en plena crisis");
        let repost = incident.inbound(2, "bob", "RT @anna: haciendo promos #FlyHappy en plena…");
        incident.mentions[repost].kind = Kind::Repost;
        let copy = incident.inbound(3, "carla", "haciendo promos #FlyHappy en plena crisis");
        let other = incident.inbound(4, "dario", "a different post");
        let analysis = incident.analysis();
        let mentions = incident.stored();
        let ctx = Ctx::new(&mentions, &analysis, &incident.config);
        let shown: Vec<String> = ctx
            .examples(ctx.posts())
            .into_iter()
            .map(|m| m.author.unwrap_or_default())
            .collect();
        assert_eq!((quote, copy, other), (0, 2, 3));
        assert_eq!(shown, ["anna", "carla", "dario"]);
        // The repost first (more reach): the original is the repeat.
        let reposted_first: Vec<String> = ctx
            .examples([1, 0, 3].map(|i| ctx.post(i).unwrap()))
            .into_iter()
            .map(|m| m.author.unwrap_or_default())
            .collect();
        assert_eq!(reposted_first, ["bob", "dario"]);
        assert!(!same_words("RT @anna: ", "RT @bob: "));
        assert!(!same_words("RT @my friend: hello", "hello"));
        // Only a cut text is compared as far as it goes: "Delayed" is not every text that
        // starts so.
        assert!(!same_words("Delayed", "RT @bob: Delayed again, 3 hours"));
        assert!(same_words(
            "Delayed again, 3 hours",
            "RT @bob: Delayed again…"
        ));
        assert!(same_words(
            "my guitar",
            "Retweeted Anna (@anna):\nmy guitar"
        ));
    }

    #[test]
    fn a_posts_reach_is_the_exports_else_the_authors_followers() {
        let mut incident = Incident::new();
        let both = incident.inbound(1, "anna", "reach and followers");
        incident.reach(both, 700);
        incident.mentions[both].followers = Count::from(50);
        let followers = incident.inbound(2, "bob", "followers only");
        incident.mentions[followers].followers = Count::from(50);
        let neither = incident.inbound(3, "carla", "neither");
        let analysis = incident.analysis();
        let mentions = incident.stored();
        let ctx = Ctx::new(&mentions, &analysis, &incident.config);
        let reach = |i| ctx.post(i).unwrap().reach().get();
        assert_eq!(
            [reach(both), reach(followers), reach(neither)],
            [Some(700), Some(50), None]
        );
    }

    #[test]
    fn rules_see_only_the_annotations_aligned_with_mentions() {
        let mut incident = Incident::new();
        incident.inbound(1, "anna", "one");
        incident.inbound(2, "bob", "two");
        let mut analysis = incident.analysis();
        let extra = analysis.annotations.get(0).unwrap();
        analysis.annotations.push(extra);
        let mentions = incident.stored();
        let ctx = Ctx::new(&mentions, &analysis, &incident.config);
        assert_eq!(ctx.posts().count(), 2);
        assert!(ctx.note(1).is_some());
        assert!(ctx.note(2).is_none());
        assert!(ctx.post(2).is_none());
    }

    #[test]
    fn the_allocation_free_account_key_is_normalize_handle() {
        for spelling in [
            " @SkywaysHelp ",
            "anna",
            "ÀNNA",
            "ΣΟΦΙΑΣ",
            "@",
            "",
            "x_Y_9",
            "İstanbul",
        ] {
            assert_eq!(
                normalized_key(spelling),
                normalize_handle(spelling),
                "{spelling:?}"
            );
        }
    }

    #[test]
    fn median_interpolates() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![5.0]), Some(5.0));
        assert_eq!(median(vec![9.0, 1.0, 5.0]), Some(5.0));
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), Some(2.5));
    }

    #[test]
    fn percentages_never_round_to_a_false_zero_or_hundred() {
        let incident = Incident::new();
        let analysis = incident.analysis();
        let mentions = incident.stored();
        let ctx = Ctx::new(&mentions, &analysis, &incident.config);
        assert_eq!(ctx.pct(0.0), "0%");
        assert_eq!(ctx.pct(0.004), "0.4%");
        assert_eq!(ctx.pct(0.426), "43%");
        assert_eq!(ctx.pct(0.998), "99.8%");
        assert_eq!(ctx.pct(1.0), "100%");
    }

    /// An incident that gives every rule something to say.
    fn eventful() -> Incident {
        let mut incident = Incident::crisis();
        let first = incident.inbound(61, "maria", "Skyways broke my guitar!!");
        incident.negative(first);
        incident.brand_post(70, "Fly to Lisbon from 29 € this weekend! #FlyHappy");
        incident.brand_post(125, "Summer sale: book now #FlyHappy");
        incident.brand_reply(300, first, "Please send us a DM.");
        for i in 0..6 {
            let m = incident.inbound(121 + i, &format!("user{i}"), "Terrible #FlyHappy");
            incident.negative(m);
        }
        let fake = incident.inbound(130, "Skyways_Support", "DM us your card number");
        incident.mentions[fake].kind = Kind::Reply;
        incident.mentions[fake].parent_id = Some(incident.mentions[first].id.clone());
        incident.config.campaign_hashtags = vec!["flyhappy".into()];
        incident
    }

    #[test]
    fn findings_are_ordered_by_severity_then_id_and_every_rule_has_a_status() {
        let incident = eventful();
        let (findings, statuses) = incident.evaluate();
        let ids: Vec<_> = statuses.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, RULE_IDS);
        assert!(findings.len() >= 4, "{findings:#?}");
        for pair in findings.windows(2) {
            assert!(
                (pair[0].severity, &pair[0].id) <= (pair[1].severity, &pair[1].id),
                "{} before {}",
                pair[0].id,
                pair[1].id
            );
        }
        let fired: Vec<_> = findings.iter().map(|f| f.id.as_str()).collect();
        for id in [
            "slow-first-response",
            "posts-during-crisis",
            "impostor-accounts",
            "hashtag-hijack",
        ] {
            assert!(fired.contains(&id), "{id} did not fire: {fired:?}");
        }
    }

    #[test]
    fn good_response_is_checked_only_when_a_rule_with_a_principle_was() {
        let status_of = |incident: &Incident, id: &str| {
            let (_, statuses) = incident.evaluate();
            let status = statuses.into_iter().find(|s| s.id == id).expect("a status");
            status.status
        };
        let mut incident = eventful();
        let principles: Vec<&str> = RULES.iter().filter(|r| r.principle).map(|r| r.id).collect();
        assert_eq!(principles.len(), 7, "{principles:?}");
        for id in &principles[1..] {
            incident.config.rules.insert(
                (*id).into(),
                RuleSettings {
                    enabled: Some(false),
                    comment: None,
                },
            );
        }
        assert_eq!(status_of(&incident, principles[0]), "checked");
        assert_eq!(status_of(&incident, GOOD_RESPONSE), "checked");
        incident.config.rules.insert(
            principles[0].into(),
            RuleSettings {
                enabled: Some(false),
                comment: None,
            },
        );
        assert_eq!(
            status_of(&incident, "hashtag-hijack"),
            "checked",
            "a rule without a principle still runs"
        );
        assert_eq!(status_of(&incident, GOOD_RESPONSE), "not_checked");
    }

    #[test]
    fn silenced_rules_report_silenced_and_comments_are_attached() {
        let mut incident = eventful();
        incident.config.rules.insert(
            "posts-during-crisis".into(),
            RuleSettings {
                enabled: Some(false),
                comment: None,
            },
        );
        incident.config.rules.insert(
            "impostor-accounts".into(),
            RuleSettings {
                enabled: None,
                comment: Some("Reported to the platform on day 2.".into()),
            },
        );
        let (findings, statuses) = incident.evaluate();
        assert!(findings.iter().all(|f| f.id != "posts-during-crisis"));
        let status = statuses
            .iter()
            .find(|s| s.id == "posts-during-crisis")
            .unwrap();
        assert_eq!(
            (status.status.as_str(), &status.reason),
            ("silenced", &None)
        );
        let impostor = findings
            .iter()
            .find(|f| f.id == "impostor-accounts")
            .unwrap();
        assert_eq!(
            impostor.comment.as_deref(),
            Some("Reported to the platform on day 2.")
        );
        // Silencing good-response removes what went well, and only that.
        let mut fast = Incident::crisis();
        fast.inbound(61, "maria", "Broken guitar");
        fast.brand_post(70, "We are aware of the issue and investigating");
        assert!(fast
            .evaluate()
            .0
            .iter()
            .any(|f| f.severity == Severity::Good));
        fast.config.rules.insert(
            GOOD_RESPONSE.into(),
            RuleSettings {
                enabled: Some(false),
                comment: None,
            },
        );
        let (quiet, statuses) = fast.evaluate();
        assert!(quiet.iter().all(|f| f.severity != Severity::Good));
        assert_eq!(statuses.last().unwrap().status, "silenced");
    }

    #[test]
    fn every_language_has_every_string() {
        for language in Language::ALL {
            let mut incident = eventful();
            incident.config.report_language = language;
            let (findings, statuses) = incident.evaluate();
            let mut texts: Vec<String> = Vec::new();
            for f in &findings {
                texts.extend([
                    f.title.clone(),
                    f.principle.clone(),
                    f.recommendation.clone(),
                ]);
                texts.extend(
                    f.evidence
                        .figures
                        .iter()
                        .map(|g| format!("{}: {}", g.label, g.value)),
                );
            }
            texts.extend(statuses.iter().filter_map(|s| s.reason.clone()));
            for text in texts {
                assert!(
                    !text.contains("finding.") && !text.contains('{'),
                    "{language}: unfilled or missing string {text:?}"
                );
            }
        }
    }

    /// Placeholders of a catalogue string: the names inside `{…}`.
    fn placeholders(text: &str) -> std::collections::BTreeSet<&str> {
        text.split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect()
    }

    #[test]
    fn translations_use_only_the_placeholders_the_rules_fill() {
        let english = Catalog::get(Language::En).strings();
        for language in [Language::It, Language::Es, Language::Pl] {
            for (key, text) in Catalog::get(language).strings() {
                if !key.starts_with("finding.") {
                    continue;
                }
                let mut allowed = placeholders(english[key]);
                // Where a counted noun cannot agree with its number (Polish), the plain
                // `{count}` that the rules pass alongside it is used instead.
                if ["mentions", "replies", "posts", "authors"]
                    .iter()
                    .any(|noun| allowed.contains(noun))
                {
                    allowed.insert("count");
                }
                let extra: Vec<_> = placeholders(text).difference(&allowed).copied().collect();
                assert!(extra.is_empty(), "{language} {key} uses {extra:?}");
            }
        }
    }

    #[test]
    fn a_brand_without_posts_is_never_told_it_answered_nobody() {
        let mut incident = Incident::crisis();
        for i in 0..20 {
            let m = incident.inbound(60 + i * 5, &format!("user{i}"), "Where is my bag?");
            incident.negative(m);
        }
        let (findings, statuses) = incident.evaluate();
        let answered_nobody: Vec<_> = findings
            .iter()
            .filter(|f| f.id.starts_with("unanswered") || f.id == "slow-first-response")
            .collect();
        assert!(answered_nobody.is_empty(), "{answered_nobody:#?}");
        for id in [
            "slow-first-response",
            "unanswered-mentions",
            "unanswered-high-reach",
        ] {
            let status = statuses.iter().find(|s| s.id == id).unwrap();
            assert_eq!(status.status, "not_checked");
            assert!(
                status
                    .reason
                    .as_deref()
                    .unwrap()
                    .contains("no brand posts were found"),
                "{status:?}"
            );
            // The same reason for scripts, whatever the report language.
            assert_eq!(status.reason_code.as_deref(), Some("no_brand_posts"));
        }
        let good = statuses.iter().find(|s| s.id == GOOD_RESPONSE).unwrap();
        assert_eq!(good.status, "not_checked", "no principle could be checked");
        assert_eq!(good.reason_code.as_deref(), Some("no_principle"));
        let checked = statuses.iter().find(|s| s.status == "checked").unwrap();
        assert_eq!((&checked.reason, &checked.reason_code), (&None, &None));
        assert_eq!(incident.phase_of(60), Phase::Escalation);

        // When the analysis found that no mention names its author, the reason is that, not
        // "check the handles".
        incident
            .metrics
            .timeline
            .warning_codes
            .push(TimelineWarning::NoBrandPostsWithoutAuthors);
        let (_, statuses) = incident.evaluate();
        let status = statuses
            .iter()
            .find(|s| s.id == "slow-first-response")
            .unwrap();
        assert_eq!(
            status.reason.as_deref(),
            Some("the exports have no author handles or names")
        );
    }
}
