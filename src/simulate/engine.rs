//! The incident as a stream of posts in time order.
//!
//! A Hawkes-like branching process: *immigrant* posts arrive on their own (a routine baseline all
//! week, a wave of posts by people who heard about the story elsewhere after the trigger, and the
//! scripted posts of the story: the video, news, the brand's posts, the CEO statement, the song),
//! and every post that is not a repost draws its own offspring — reposts, replies, quotes and posts
//! it inspires — in numbers that grow with its author's audience and at delays drawn from a
//! heavy-tailed kernel. Offspring of offspring make the bursts self-exciting.
//!
//! Memory stays small whatever the size: pending offspring are kept as one entry per parent with
//! a sorted list of four-byte delays, and accounts and texts are rebuilt from seeds when needed.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp1, LogNormal, Poisson, Zipf};

use crate::model::{Language, Sentiment};

use super::accounts::{pick_weighted, splitmix, Account, AccountRef, Directory};
use super::snowflake;
use super::text::{compose, tags, Role, TextSpec};

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;

/// When the simulated export starts: Tuesday 2026-03-10 00:00 UTC.
pub const START_MS: i64 = 1_773_100_800_000;
/// The musician posts the video: Wednesday 2026-03-11 12:10 UTC (13:10 in Rome).
pub const TRIGGER_MS: i64 = 1_773_231_000_000;
/// The brand's first public answer (to the musician), 4 h 35 min after her video.
const FIRST_RESPONSE_AFTER_TRIGGER: i64 = 275 * MINUTE;
/// Rome is UTC+1 until the end of March 2026; used for the care team's hours and daily rhythm.
const ROME_OFFSET_MS: i64 = HOUR;

/// Expected offspring per unit of engagement weight, for posts that are not scripted.
const MEAN_REPOSTS: f64 = 0.9;
const MEAN_REPLIES: f64 = 0.22;
const MEAN_QUOTES: f64 = 0.07;
const MEAN_INSPIRED: f64 = 0.12;
/// Share of the whole volume posted during the 36 quiet hours before the trigger.
const BASELINE_SHARE: f64 = 0.012;
/// Posts per hour, as a share of the volume, of people joining in on their own after the trigger
/// (decays as 1 / (1 + t / 6 h), so it never quite stops).
const AFTERMATH_RATE_SHARE: f64 = 0.0016;
const AFTERMATH_DECAY_MS: f64 = 6.0 * HOUR as f64;
/// Share of mentions by the few heavy posters (Zipf-distributed activity); the rest are spread
/// evenly over the population.
const HEAVY_POSTER_SHARE: f64 = 1.0 / 12.0;

/// How a post was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostKind {
    Original,
    Reply,
    Repost,
    Quote,
}

/// Engagement counts as an export shows them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Metrics {
    pub impressions: u64,
    pub replies: u32,
    pub reposts: u32,
    pub quotes: u32,
    pub likes: u32,
    pub bookmarks: u32,
}

/// The post a reply, repost or quote refers to.
#[derive(Debug, Clone, PartialEq)]
pub struct ParentRef {
    pub id: u64,
    pub author_id: u64,
    pub author_handle: Cow<'static, str>,
}

/// One simulated post, with everything the export writers need.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    pub id: u64,
    pub at_ms: i64,
    pub author: Account,
    pub kind: PostKind,
    pub parent: Option<ParentRef>,
    pub conversation_id: u64,
    pub conversation_author: Cow<'static, str>,
    /// For a repost, the reposted text (twarc-csv merges reposts with their original).
    pub text: String,
    pub lang: Language,
    /// For a repost, the original's counts (again as twarc-csv shows them).
    pub metrics: Metrics,
    pub sentiment: Sentiment,
    pub role: Role,
    pub source: &'static str,
    pub country: Option<&'static str>,
    /// Carries the musician's video.
    pub video: bool,
}

/// What the simulator remembers of an emitted post for its offspring.
#[derive(Debug, Clone, Copy)]
struct Seed {
    id: u64,
    author: AccountRef,
    conversation_id: u64,
    conversation_author: AccountRef,
    text: TextSpec,
    metrics: Metrics,
}

/// Offspring of one post still to be emitted.
struct Offspring {
    parent: Seed,
    parent_at_ms: i64,
    /// Delays after the parent in milliseconds, largest first (the next one is popped from the end).
    delays: Vec<u32>,
    /// Remaining reposts, replies, quotes and inspired posts.
    remaining: [u32; 4],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Promo(Language),
    Trigger,
    News(AccountRef, Language),
    ImpostorPhish,
    ImpostorReplyToTrigger,
    FirstResponse,
    ScheduledPromo(Language),
    CeoStatement(Language),
    Song,
    ComedianQuote,
}

enum Pending {
    Baseline,
    Aftermath,
    Script(Script),
    Offspring(Box<Offspring>),
    Response {
        to: Seed,
        responder: AccountRef,
        role: Role,
    },
}

struct Entry {
    at_ms: i64,
    order: u64,
    pending: Pending,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        (self.at_ms, self.order) == (other.at_ms, other.order)
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    /// Reversed, so the max-heap pops the earliest entry.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.at_ms, other.order).cmp(&(self.at_ms, self.order))
    }
}

/// Generates the posts of one incident in time order.
pub struct Engine {
    rng: ChaCha8Rng,
    directory: Directory,
    total: u64,
    /// The size the shares of the plan are taken of.
    volume: f64,
    emitted: u64,
    queue: BinaryHeap<Entry>,
    order: u64,
    last_id_ms: i64,
    id_sequence: u64,
    worker: u64,
    population: u32,
    heavy_posters: Zipf<f64>,
    /// Routine posts per hour before the trigger (including their small cascades).
    baseline_per_hour: f64,
    baseline_arrivals_per_ms: f64,
    aftermath_per_ms: f64,
    /// Mentions per hour, smoothed over about half an hour: how busy the timeline is.
    recent_rate: f64,
    recent_at_ms: i64,
    trigger: Option<Seed>,
    song: Option<Seed>,
}

impl Engine {
    pub fn new(seed: u64, total: u64) -> Engine {
        let total = total.max(1);
        // The shares below add up to about 1.15 of the requested size by the seventh day; scaled so
        // the requested number is reached around the sixth day, in the long tail.
        let volume = total as f64 / 1.15;
        // About one distinct author for every two mentions; the most active post dozens of times.
        let population = (volume * 0.85).max(200.0);
        let baseline_per_hour = BASELINE_SHARE * volume / 36.0;
        let mut engine = Engine {
            rng: ChaCha8Rng::seed_from_u64(seed),
            directory: Directory::new(seed),
            total,
            volume,
            emitted: 0,
            queue: BinaryHeap::new(),
            order: 0,
            last_id_ms: 0,
            id_sequence: 0,
            worker: (splitmix(seed) % 1024) << 12,
            population: population as u32,
            heavy_posters: Zipf::new(population, 1.0)
                .expect("population and exponent are positive"),
            baseline_per_hour,
            // Routine posts draw about a third of a post each; the day/night rhythm keeps ~70% of arrivals.
            baseline_arrivals_per_ms: baseline_per_hour / 1.35 / 0.7 / HOUR as f64,
            aftermath_per_ms: AFTERMATH_RATE_SHARE * volume / HOUR as f64,
            recent_rate: baseline_per_hour,
            recent_at_ms: START_MS,
            trigger: None,
            song: None,
        };
        engine.schedule(START_MS, Pending::Baseline);
        engine.schedule(TRIGGER_MS + 45 * MINUTE, Pending::Aftermath);
        let at = |day: i64, hour: i64, minute: i64| {
            START_MS + day * 24 * HOUR + hour * HOUR + minute * MINUTE
        };
        let scripts = [
            (at(0, 8, 30), Script::Promo(Language::En)),
            (at(0, 15, 0), Script::Promo(Language::It)),
            (at(1, 8, 30), Script::Promo(Language::En)),
            (TRIGGER_MS, Script::Trigger),
            (TRIGGER_MS + 140 * MINUTE, Script::ImpostorPhish),
            (TRIGGER_MS + 165 * MINUTE, Script::ImpostorReplyToTrigger),
            (
                TRIGGER_MS + 170 * MINUTE,
                Script::News(AccountRef::AERO_DAILY, Language::En),
            ),
            (
                TRIGGER_MS + 250 * MINUTE,
                Script::News(AccountRef::VIAGGI_OGGI, Language::It),
            ),
            (
                TRIGGER_MS + FIRST_RESPONSE_AFTER_TRIGGER,
                Script::FirstResponse,
            ),
            (at(1, 16, 0), Script::ScheduledPromo(Language::En)),
            (at(1, 16, 30), Script::ScheduledPromo(Language::It)),
            (
                TRIGGER_MS + 390 * MINUTE,
                Script::News(AccountRef::NOTICIAS_VUELO, Language::Es),
            ),
            (
                at(2, 8, 10),
                Script::News(AccountRef::PODROZE_DZIS, Language::Pl),
            ),
            (at(2, 10, 0), Script::CeoStatement(Language::En)),
            (at(2, 10, 6), Script::CeoStatement(Language::It)),
            (at(3, 19, 0), Script::Song),
            (at(3, 20, 40), Script::ComedianQuote),
        ];
        for (at_ms, script) in scripts {
            let jitter = engine.rng.random_range(0..50_000);
            engine.schedule(at_ms + jitter, Pending::Script(script));
        }
        engine
    }

    /// The next post, or `None` once the requested number has been produced.
    pub fn next_post(&mut self) -> Option<Post> {
        while self.emitted < self.total {
            // The baseline reschedules itself forever, so the queue is never empty.
            let entry = self.queue.pop()?;
            if let Some(post) = self.handle(entry.at_ms, entry.pending) {
                self.emitted += 1;
                return Some(post);
            }
        }
        None
    }

    fn schedule(&mut self, at_ms: i64, pending: Pending) {
        self.order += 1;
        self.queue.push(Entry {
            at_ms,
            order: self.order,
            pending,
        });
    }

    fn handle(&mut self, at_ms: i64, pending: Pending) -> Option<Post> {
        match pending {
            Pending::Baseline => {
                let gap = self.exp1() / self.baseline_arrivals_per_ms;
                self.schedule(at_ms + gap.max(1.0) as i64, Pending::Baseline);
                if !self.rng.random_bool(daily_rhythm(at_ms)) {
                    return None;
                }
                let role = self.routine_role();
                let author = self.random_person();
                Some(self.emit(at_ms, author, PostKind::Original, None, role, None))
            }
            Pending::Aftermath => {
                // Rate r(t) = a / (1 + t/τ): its integral is aτ·ln(1 + t/τ), which inverts in closed form.
                let elapsed = (at_ms - TRIGGER_MS) as f64;
                let scale = self.aftermath_per_ms * AFTERMATH_DECAY_MS;
                let integral = scale * (1.0 + elapsed / AFTERMATH_DECAY_MS).ln() + self.exp1();
                let next = AFTERMATH_DECAY_MS * ((integral / scale).exp() - 1.0);
                self.schedule(
                    TRIGGER_MS + (next as i64).max(elapsed as i64 + 1),
                    Pending::Aftermath,
                );
                if !self.rng.random_bool(daily_rhythm(at_ms)) {
                    return None;
                }
                let role = self.incident_role(at_ms);
                let author = self.random_person();
                Some(self.emit(at_ms, author, PostKind::Original, None, role, None))
            }
            Pending::Script(script) => self.scripted(at_ms, script),
            Pending::Offspring(mut offspring) => {
                let kinds = [
                    PostKind::Repost,
                    PostKind::Reply,
                    PostKind::Quote,
                    PostKind::Original,
                ];
                let left: u32 = offspring.remaining.iter().sum();
                let mut pick = self.rng.random_range(0..left.max(1));
                let mut slot = 3;
                for (i, count) in offspring.remaining.iter().enumerate() {
                    if pick < *count {
                        slot = i;
                        break;
                    }
                    pick -= count;
                }
                offspring.remaining[slot] = offspring.remaining[slot].saturating_sub(1);
                let kind = kinds[slot];
                let parent = offspring.parent;
                offspring.delays.pop();
                if let Some(&next) = offspring.delays.last() {
                    let next_at = offspring.parent_at_ms + i64::from(next);
                    self.schedule(next_at, Pending::Offspring(offspring));
                }
                let author = self.random_person();
                Some(self.offspring_post(at_ms, author, kind, parent))
            }
            // The care team answers in the language it was written to.
            Pending::Response {
                to,
                responder,
                role,
            } => Some(self.emit_with_lang(
                at_ms,
                responder,
                PostKind::Reply,
                Some(to),
                role,
                None,
                Some(to.text.lang),
            )),
        }
    }

    fn offspring_post(
        &mut self,
        at_ms: i64,
        author: AccountRef,
        kind: PostKind,
        parent: Seed,
    ) -> Post {
        match kind {
            PostKind::Repost => {
                self.emit(at_ms, author, kind, Some(parent), parent.text.role, None)
            }
            PostKind::Original => {
                let role = self.incident_role(at_ms);
                self.emit(at_ms, author, kind, None, role, None)
            }
            PostKind::Reply | PostKind::Quote => {
                let role = self.reaction_role(at_ms, kind, parent.text.role);
                self.emit(at_ms, author, kind, Some(parent), role, None)
            }
        }
    }

    fn scripted(&mut self, at_ms: i64, script: Script) -> Option<Post> {
        let n = self.volume;
        // Offspring as shares of the whole volume: reposts, replies, quotes, inspired posts;
        // then the delay kernel's median (minutes) and spread.
        let plan = |shares: [f64; 4], median_minutes: f64, sigma: f64| ScriptedOffspring {
            counts: shares.map(|s| (s * n).round() as u32),
            median_ms: median_minutes * MINUTE as f64,
            sigma,
        };
        let post = match script {
            Script::Promo(lang) => self.emit_with_lang(
                at_ms,
                AccountRef::SKYWAYS_AIR,
                PostKind::Original,
                None,
                Role::BrandPromo,
                None,
                Some(lang),
            ),
            Script::Trigger => {
                let offspring = plan([0.17, 0.035, 0.015, 0.03], 120.0, 0.9);
                self.emit(
                    at_ms,
                    AccountRef::MUSICIAN,
                    PostKind::Original,
                    None,
                    Role::Trigger,
                    Some(offspring),
                )
            }
            Script::News(outlet, lang) => {
                let offspring = plan([0.005, 0.003, 0.0015, 0.003], 45.0, 1.1);
                self.emit_with_lang(
                    at_ms,
                    outlet,
                    PostKind::Original,
                    None,
                    Role::News,
                    Some(offspring),
                    Some(lang),
                )
            }
            Script::ImpostorPhish => {
                let offspring = plan([0.0005, 0.002, 0.001, 0.0], 30.0, 1.0);
                self.emit(
                    at_ms,
                    AccountRef::IMPOSTOR,
                    PostKind::Original,
                    None,
                    Role::ImpostorPhish,
                    Some(offspring),
                )
            }
            Script::ImpostorReplyToTrigger => {
                let trigger = self.trigger?;
                let offspring = plan([0.001, 0.003, 0.0015, 0.0], 30.0, 1.0);
                self.emit(
                    at_ms,
                    AccountRef::IMPOSTOR,
                    PostKind::Reply,
                    Some(trigger),
                    Role::ImpostorRude,
                    Some(offspring),
                )
            }
            Script::FirstResponse => {
                let trigger = self.trigger?;
                let offspring = plan([0.001, 0.005, 0.002, 0.0], 40.0, 1.0);
                self.emit(
                    at_ms,
                    AccountRef::SKYWAYS_HELP,
                    PostKind::Reply,
                    Some(trigger),
                    Role::FirstResponse,
                    Some(offspring),
                )
            }
            Script::ScheduledPromo(lang) => {
                let share = if lang == Language::En { 1.0 } else { 0.5 };
                let offspring = plan(
                    [0.001 * share, 0.005 * share, 0.003 * share, 0.002 * share],
                    45.0,
                    1.0,
                );
                self.emit_with_lang(
                    at_ms,
                    AccountRef::SKYWAYS_AIR,
                    PostKind::Original,
                    None,
                    Role::ScheduledPromo,
                    Some(offspring),
                    Some(lang),
                )
            }
            Script::CeoStatement(lang) => {
                let offspring = if lang == Language::En {
                    plan([0.01, 0.015, 0.006, 0.004], 60.0, 1.0)
                } else {
                    plan([0.003, 0.005, 0.002, 0.001], 60.0, 1.0)
                };
                self.emit_with_lang(
                    at_ms,
                    AccountRef::SKYWAYS_AIR,
                    PostKind::Original,
                    None,
                    Role::CeoStatement,
                    Some(offspring),
                    Some(lang),
                )
            }
            Script::Song => {
                let offspring = plan([0.08, 0.015, 0.01, 0.015], 110.0, 0.9);
                self.emit(
                    at_ms,
                    AccountRef::MUSICIAN,
                    PostKind::Original,
                    None,
                    Role::Song,
                    Some(offspring),
                )
            }
            Script::ComedianQuote => {
                let song = self.song?;
                let offspring = plan([0.015, 0.004, 0.002, 0.002], 40.0, 1.0);
                self.emit(
                    at_ms,
                    AccountRef::COMEDIAN,
                    PostKind::Quote,
                    Some(song),
                    Role::SongReaction,
                    Some(offspring),
                )
            }
        };
        Some(post)
    }

    /// A post in its author's language (a repost: in its original's).
    fn emit(
        &mut self,
        at_ms: i64,
        author: AccountRef,
        kind: PostKind,
        parent: Option<Seed>,
        role: Role,
        scripted: Option<ScriptedOffspring>,
    ) -> Post {
        self.emit_with_lang(at_ms, author, kind, parent, role, scripted, None)
    }

    #[allow(clippy::too_many_arguments)]
    fn emit_with_lang(
        &mut self,
        at_ms: i64,
        author: AccountRef,
        kind: PostKind,
        parent: Option<Seed>,
        role: Role,
        scripted: Option<ScriptedOffspring>,
        lang: Option<Language>,
    ) -> Post {
        let id = self.next_id(at_ms);
        let account = self.directory.account(author);
        let lang = lang.unwrap_or(match (kind, parent) {
            (PostKind::Repost, Some(p)) => p.text.lang,
            _ => account.lang,
        });
        self.note_activity(at_ms);

        let (text_spec, metrics, conversation_id, conversation_author) = match (kind, parent) {
            (PostKind::Repost, Some(p)) => (p.text, p.metrics, id, author),
            _ => {
                let text = TextSpec {
                    role,
                    lang,
                    seed: self.rng.random(),
                    reply_to: match (kind, parent) {
                        (PostKind::Reply, Some(p)) => Some(p.author),
                        _ => None,
                    },
                    tags: self.tags_for(at_ms, role),
                };
                let metrics =
                    self.spawn_offspring(at_ms, id, author, &account, kind, parent, text, scripted);
                let (conversation_id, conversation_author) = match (kind, parent) {
                    (PostKind::Reply, Some(p)) => (p.conversation_id, p.conversation_author),
                    _ => (id, author),
                };
                (text, metrics, conversation_id, conversation_author)
            }
        };

        if kind != PostKind::Repost {
            let seed = Seed {
                id,
                author,
                conversation_id,
                conversation_author,
                text: text_spec,
                metrics,
            };
            match role {
                Role::Trigger => self.trigger = Some(seed),
                Role::Song => self.song = Some(seed),
                _ => {}
            }
            self.maybe_respond(at_ms, author, seed);
        }

        let parent_ref = parent.map(|p| {
            let parent_account = self.directory.account(p.author);
            ParentRef {
                id: p.id,
                author_id: parent_account.id,
                author_handle: parent_account.handle,
            }
        });
        // A geotagged post (a few per cent on X): where its author lives, when known.
        let country = if self.rng.random_bool(0.04) {
            Some(account.country.unwrap_or_else(|| country_for(lang, id)))
        } else {
            None
        };
        Post {
            id,
            at_ms,
            kind,
            parent: parent_ref,
            conversation_id,
            conversation_author: self.directory.handle(conversation_author),
            text: compose(&text_spec, &self.directory),
            lang: text_spec.lang,
            metrics,
            sentiment: text_spec.sentiment(),
            role: text_spec.role,
            source: client_for(author, &account),
            country,
            video: matches!(text_spec.role, Role::Trigger | Role::Song) && kind != PostKind::Quote,
            author: account,
        }
    }

    /// Draws how many reposts, replies, quotes and inspired posts a post will get, schedules them,
    /// and returns the counts an export would show for it.
    #[allow(clippy::too_many_arguments)]
    fn spawn_offspring(
        &mut self,
        at_ms: i64,
        id: u64,
        author: AccountRef,
        account: &Account,
        kind: PostKind,
        parent: Option<Seed>,
        text: TextSpec,
        scripted: Option<ScriptedOffspring>,
    ) -> Metrics {
        let weight = account.engagement_weight() * spread_factor(text.role);
        let (counts, median_ms, sigma) = match scripted {
            Some(s) => (s.counts, s.median_ms, s.sigma),
            None => {
                let counts = [MEAN_REPOSTS, MEAN_REPLIES, MEAN_QUOTES, MEAN_INSPIRED]
                    .map(|mean| self.poisson(mean * weight));
                (counts, 25.0 * MINUTE as f64, 1.3)
            }
        };
        let total: u32 = counts.iter().sum();
        let likes = ((2.5 * counts[0] as f64 + 1.2 * (counts[1] + counts[2]) as f64)
            * self.lognormal(1.0, 0.4)) as u32
            + self.poisson(0.8 * weight);
        let metrics = Metrics {
            impressions: (account.followers as f64 * self.rng.random_range(0.03..0.25)) as u64
                + 40 * u64::from(likes + counts[0]),
            replies: counts[1],
            reposts: counts[0],
            quotes: counts[2],
            likes,
            bookmarks: likes / 25,
        };
        if total > 0 {
            let mut delays: Vec<u32> = (0..total)
                .map(|_| {
                    let d = self.lognormal(median_ms, sigma);
                    // At least a second, at most ten days after the parent.
                    d.clamp(1_000.0, 864_000_000.0) as u32
                })
                .collect();
            delays.sort_unstable_by(|a, b| b.cmp(a));
            let first = i64::from(*delays.last().unwrap_or(&1_000));
            let (conversation_id, conversation_author) = match (kind, parent) {
                (PostKind::Reply, Some(p)) => (p.conversation_id, p.conversation_author),
                _ => (id, author),
            };
            let seed = Seed {
                id,
                author,
                conversation_id,
                conversation_author,
                text,
                metrics,
            };
            self.schedule(
                at_ms + first,
                Pending::Offspring(Box::new(Offspring {
                    parent: seed,
                    parent_at_ms: at_ms,
                    delays,
                    remaining: counts,
                })),
            );
        }
        metrics
    }

    /// The brand's care team answers a share of the mentions addressed to it, later and less
    /// often the busier the timeline; the impostor answers some while it is active.
    fn maybe_respond(&mut self, at_ms: i64, author: AccountRef, seed: Seed) {
        // Only people get answers: not the brand itself, the impostor, the media or the musician
        // (her one scripted answer is the brand's first response).
        if author.0 < AccountRef::person(0).0 {
            return;
        }
        let role = seed.text.role;
        let base = match role {
            Role::RoutineQuestion => 0.7,
            Role::RoutineComplaint => 0.6,
            Role::RoutinePraise => 0.35,
            Role::Outrage
            | Role::AngryAtBrand
            | Role::Hijack
            | Role::ImpostorCallout
            | Role::CeoReaction => 0.5,
            _ => return,
        };
        let load = self.load();
        if self.rng.random_bool(base / (1.0 + load / 8.0)) {
            let median = 12.0 * MINUTE as f64 * (1.0 + load / 3.0).powf(0.6);
            let mut reply_at = at_ms + self.lognormal(median, 0.6).max(60_000.0) as i64;
            // Nobody in the care team noticed the video until the scripted first response:
            // whatever arrived since the trigger waits in the queue until then.
            let noticed = TRIGGER_MS + FIRST_RESPONSE_AFTER_TRIGGER;
            if (TRIGGER_MS..noticed).contains(&reply_at) {
                reply_at = noticed + self.lognormal(25.0 * MINUTE as f64, 0.7) as i64;
            }
            // The care team works 07:00–23:00 in Rome; night mentions wait for the morning.
            let local = (reply_at + ROME_OFFSET_MS).rem_euclid(24 * HOUR);
            if !(7 * HOUR..23 * HOUR).contains(&local) {
                let until_seven = (7 * HOUR - local).rem_euclid(24 * HOUR);
                reply_at += until_seven + self.lognormal(40.0 * MINUTE as f64, 0.8) as i64;
            }
            let responder = if self.rng.random_bool(0.9) {
                AccountRef::SKYWAYS_HELP
            } else {
                AccountRef::SKYWAYS_AIR
            };
            let reply_role = if role == Role::RoutinePraise {
                Role::BrandThanks
            } else {
                Role::BrandCare
            };
            self.schedule(
                reply_at,
                Pending::Response {
                    to: seed,
                    responder,
                    role: reply_role,
                },
            );
        }
        let impostor_active = (TRIGGER_MS + 2 * HOUR..TRIGGER_MS + 30 * HOUR).contains(&at_ms);
        if impostor_active
            && matches!(role, Role::Outrage | Role::AngryAtBrand | Role::Hijack)
            && self.rng.random_bool(0.01)
        {
            let reply_at = at_ms + self.lognormal(6.0 * MINUTE as f64, 0.8).max(30_000.0) as i64;
            self.schedule(
                reply_at,
                Pending::Response {
                    to: seed,
                    responder: AccountRef::IMPOSTOR,
                    role: Role::ImpostorRude,
                },
            );
        }
    }

    /// What a new post about the incident says, by phase.
    fn incident_role(&mut self, at_ms: i64) -> Role {
        if at_ms < TRIGGER_MS {
            return self.routine_role();
        }
        let after_promo = at_ms > START_MS + 24 * HOUR + 16 * HOUR;
        let after_song = at_ms > START_MS + 3 * 24 * HOUR + 19 * HOUR;
        let hijack = if after_promo { 0.12 } else { 0.0 };
        let song = if after_song { 0.3 } else { 0.0 };
        pick_weighted(
            &mut self.rng,
            &[
                (Role::Outrage, 0.5),
                (Role::Joke, 0.2),
                (Role::Support, 0.15),
                (Role::Hijack, hijack),
                (Role::SongReaction, song),
            ],
        )
    }

    fn routine_role(&mut self) -> Role {
        pick_weighted(
            &mut self.rng,
            &[
                (Role::RoutineComplaint, 0.45),
                (Role::RoutinePraise, 0.3),
                (Role::RoutineQuestion, 0.25),
            ],
        )
    }

    /// What a reply or quote says, given what it reacts to.
    fn reaction_role(&mut self, at_ms: i64, kind: PostKind, parent: Role) -> Role {
        if at_ms < TRIGGER_MS {
            // Before the video, threads are about flights and bags.
            return match (kind, parent) {
                (
                    PostKind::Reply,
                    Role::RoutineComplaint | Role::RoutinePraise | Role::ThreadReply,
                ) => Role::ThreadReply,
                _ => self.routine_role(),
            };
        }
        match parent {
            Role::CeoStatement | Role::CeoReaction => Role::CeoReaction,
            Role::ScheduledPromo if kind == PostKind::Quote => Role::Hijack,
            Role::BrandCare
            | Role::BrandThanks
            | Role::BrandPromo
            | Role::FirstResponse
            | Role::ScheduledPromo => Role::AngryAtBrand,
            Role::ImpostorRude | Role::ImpostorPhish => Role::ImpostorCallout,
            Role::Song | Role::SongReaction => pick_weighted(
                &mut self.rng,
                &[
                    (Role::SongReaction, 0.6),
                    (Role::Support, 0.25),
                    (Role::Joke, 0.15),
                ],
            ),
            _ if kind == PostKind::Reply => pick_weighted(
                &mut self.rng,
                &[
                    (Role::ThreadReply, 0.45),
                    (Role::Outrage, 0.25),
                    (Role::Support, 0.15),
                    (Role::Joke, 0.15),
                ],
            ),
            _ => self.incident_role(at_ms),
        }
    }

    fn tags_for(&mut self, at_ms: i64, role: Role) -> u8 {
        let mut bits = 0;
        let main = match role {
            Role::Trigger | Role::Song => 1.0,
            Role::Outrage | Role::Support | Role::Joke | Role::SongReaction | Role::Hijack => 0.35,
            Role::ThreadReply | Role::AngryAtBrand | Role::CeoReaction => 0.12,
            _ => 0.0,
        };
        if at_ms >= TRIGGER_MS && self.rng.random_bool(main) {
            bits |= tags::MAIN;
        }
        // #GuitarGate appears about eight hours in and catches on over the next two days.
        let hours = (at_ms - TRIGGER_MS) as f64 / HOUR as f64;
        if main > 0.0 && hours > 8.0 && self.rng.random_bool(((hours - 8.0) / 48.0).min(1.0) * 0.2)
        {
            bits |= tags::GUITAR_GATE;
        }
        if role == Role::Outrage && self.rng.random_bool(0.06) {
            bits |= tags::BOYCOTT;
        }
        bits
    }

    fn note_activity(&mut self, at_ms: i64) {
        const SMOOTHING_HOURS: f64 = 0.5;
        let hours = (at_ms - self.recent_at_ms).max(0) as f64 / HOUR as f64;
        self.recent_rate =
            self.recent_rate * (-hours / SMOOTHING_HOURS).exp() + 1.0 / SMOOTHING_HOURS;
        self.recent_at_ms = at_ms;
    }

    /// How many times busier than the quiet baseline the timeline is now.
    fn load(&self) -> f64 {
        (self.recent_rate / self.baseline_per_hour.max(1e-9)).max(1.0)
    }

    fn next_id(&mut self, at_ms: i64) -> u64 {
        if at_ms == self.last_id_ms {
            self.id_sequence += 1;
        } else {
            self.last_id_ms = at_ms;
            self.id_sequence = 0;
        }
        snowflake(at_ms, self.worker | (self.id_sequence & 0xFFF))
    }

    /// Most mentions come from people who post once or twice; one in twelve from a heavy poster.
    fn random_person(&mut self) -> AccountRef {
        let index = if self.rng.random_bool(HEAVY_POSTER_SHARE) {
            (self.heavy_posters.sample(&mut self.rng) as u32).saturating_sub(1)
        } else {
            self.rng.random_range(0..self.population)
        };
        AccountRef::person(index)
    }

    fn exp1(&mut self) -> f64 {
        Exp1.sample(&mut self.rng)
    }

    fn poisson(&mut self, mean: f64) -> u32 {
        if mean <= 0.0 {
            return 0;
        }
        match Poisson::new(mean) {
            Ok(p) => p.sample(&mut self.rng) as u32,
            Err(_) => 0,
        }
    }

    fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        match LogNormal::new(median.max(1e-9).ln(), sigma) {
            Ok(d) => d.sample(&mut self.rng),
            Err(_) => median,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct ScriptedOffspring {
    counts: [u32; 4],
    median_ms: f64,
    sigma: f64,
}

/// How far a post travels compared with an average post by an author of the same audience.
fn spread_factor(role: Role) -> f64 {
    match role {
        Role::RoutineComplaint | Role::RoutinePraise | Role::RoutineQuestion | Role::BrandPromo => {
            0.35
        }
        Role::ThreadReply | Role::AngryAtBrand => 0.45,
        // Care replies are seen by the people in the thread, not by the brand's whole audience,
        // and are seldom passed on.
        Role::BrandCare | Role::BrandThanks => 0.015,
        Role::ImpostorCallout => 0.8,
        Role::ImpostorRude => 2.0,
        _ => 1.0,
    }
}

/// Share of arrivals kept at this time of day in Rome: quiet at night, busiest in the evening.
fn daily_rhythm(at_ms: i64) -> f64 {
    const BY_HOUR: [f64; 24] = [
        0.35, 0.2, 0.12, 0.1, 0.1, 0.15, 0.3, 0.55, 0.75, 0.85, 0.9, 0.9, 0.95, 0.9, 0.85, 0.85,
        0.9, 0.95, 1.0, 1.0, 1.0, 0.95, 0.8, 0.55,
    ];
    let hour = (at_ms + ROME_OFFSET_MS).rem_euclid(24 * HOUR) / HOUR;
    BY_HOUR[hour as usize]
}

fn country_for(lang: Language, id: u64) -> &'static str {
    let choices: &[&str] = match lang {
        Language::En => &["GB", "US", "IE", "GB", "CA"],
        Language::It => &["IT"],
        Language::Es => &["ES", "ES", "MX", "AR"],
        Language::Pl => &["PL"],
    };
    choices[(splitmix(id) % choices.len() as u64) as usize]
}

fn client_for(author: AccountRef, account: &Account) -> &'static str {
    if author.is_brand() {
        return "Sprinklr Publishing";
    }
    if account.organisation {
        return "Twitter Web App";
    }
    match splitmix(account.id) % 100 {
        0..45 => "Twitter for iPhone",
        45..80 => "Twitter for Android",
        80..97 => "Twitter Web App",
        _ => "TweetDeck Web App",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posts_come_in_time_order_after_what_they_refer_to() {
        let mut engine = Engine::new(5, 3000);
        let mut seen = std::collections::HashSet::new();
        let mut previous: Option<Post> = None;
        let mut count = 0;
        while let Some(post) = engine.next_post() {
            if let Some(previous) = &previous {
                assert!(post.at_ms >= previous.at_ms, "out of order");
                assert!(post.id > previous.id, "snowflake ids grow with time");
            }
            if let Some(parent) = &post.parent {
                assert!(
                    seen.contains(&parent.id),
                    "{:?} refers to a post not yet made",
                    post.kind
                );
            }
            assert_eq!(post.parent.is_some(), post.kind != PostKind::Original);
            seen.insert(post.id);
            previous = Some(post);
            count += 1;
        }
        assert_eq!(count, 3000);
        assert!(engine.next_post().is_none());
    }

    #[test]
    fn reposts_carry_their_original() {
        let mut engine = Engine::new(9, 2000);
        let mut originals: std::collections::HashMap<u64, (String, Metrics)> = Default::default();
        let mut reposts = 0;
        while let Some(post) = engine.next_post() {
            match (&post.parent, post.kind) {
                (Some(parent), PostKind::Repost) => {
                    if let Some((text, metrics)) = originals.get(&parent.id) {
                        assert_eq!(&post.text, text);
                        assert_eq!(&post.metrics, metrics);
                        reposts += 1;
                    }
                }
                _ => {
                    originals.insert(post.id, (post.text.clone(), post.metrics));
                }
            }
        }
        assert!(reposts > 500, "{reposts}");
    }

    #[test]
    fn the_care_team_keeps_its_hours() {
        let mut engine = Engine::new(2, 4000);
        let mut replies = 0;
        while let Some(post) = engine.next_post() {
            if post.author.handle == "SkywaysHelp" && post.role == Role::BrandCare {
                let local = (post.at_ms + ROME_OFFSET_MS).rem_euclid(24 * HOUR);
                assert!(
                    (7 * HOUR..23 * HOUR).contains(&local),
                    "reply at {local} ms after midnight"
                );
                replies += 1;
            }
        }
        assert!(replies > 10);
    }

    #[test]
    fn daily_rhythm_is_a_share() {
        for hour in 0..24 {
            let share = daily_rhythm(START_MS + hour * HOUR);
            assert!((0.0..=1.0).contains(&share));
        }
        // 19:00 in Rome (18:00 UTC) is busier than 03:00 (02:00 UTC).
        assert!(daily_rhythm(START_MS + 18 * HOUR) > daily_rhythm(START_MS + 2 * HOUR));
    }
}
