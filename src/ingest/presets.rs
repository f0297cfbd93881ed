//! Export layouts: which header says which tool, and which column feeds which field of the
//! mention model. Columns are always found by NAME (tools add, rename and reorder columns).

use rustc_hash::FxHashMap;

use crate::config::ColumnMap;

/// What a source column is read as: a canonical field of [`crate::model::Mention`], or an
/// auxiliary column that derives one (`repost_of` → kind and parent id, `inbound` → is_brand).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Id,
    Timestamp,
    Date,
    Time,
    Platform,
    Author,
    AuthorName,
    AuthorId,
    Followers,
    Text,
    Title,
    Url,
    Likes,
    Shares,
    Comments,
    Quotes,
    Views,
    Reach,
    Engagement,
    Sentiment,
    Language,
    Country,
    Kind,
    ParentId,
    ThreadId,
    IsBrand,
    /// twcs `inbound`: true for customer posts, so `is_brand = !inbound`.
    Inbound,
    Hashtags,
    /// Id or URL of the post this one replies to.
    ReplyTo,
    /// Id or URL of the post this one reposts.
    RepostOf,
    /// Id or URL of the post this one quotes.
    QuoteOf,
    IsReply,
    IsRepost,
    IsQuote,
}

impl Role {
    pub const COUNT: usize = Role::IsQuote as usize + 1;

    pub const ALL: [Role; Role::COUNT] = [
        Role::Id,
        Role::Timestamp,
        Role::Date,
        Role::Time,
        Role::Platform,
        Role::Author,
        Role::AuthorName,
        Role::AuthorId,
        Role::Followers,
        Role::Text,
        Role::Title,
        Role::Url,
        Role::Likes,
        Role::Shares,
        Role::Comments,
        Role::Quotes,
        Role::Views,
        Role::Reach,
        Role::Engagement,
        Role::Sentiment,
        Role::Language,
        Role::Country,
        Role::Kind,
        Role::ParentId,
        Role::ThreadId,
        Role::IsBrand,
        Role::Inbound,
        Role::Hashtags,
        Role::ReplyTo,
        Role::RepostOf,
        Role::QuoteOf,
        Role::IsReply,
        Role::IsRepost,
        Role::IsQuote,
    ];

    /// The name shown in `inspect` and used in `[columns]`.
    pub fn key(self) -> &'static str {
        match self {
            Role::Id => "id",
            Role::Timestamp => "timestamp",
            Role::Date => "date",
            Role::Time => "time",
            Role::Platform => "platform",
            Role::Author => "author",
            Role::AuthorName => "author_name",
            Role::AuthorId => "author_id",
            Role::Followers => "followers",
            Role::Text => "text",
            Role::Title => "title",
            Role::Url => "url",
            Role::Likes => "likes",
            Role::Shares => "shares",
            Role::Comments => "comments",
            Role::Quotes => "quotes",
            Role::Views => "views",
            Role::Reach => "reach",
            Role::Engagement => "engagement",
            Role::Sentiment => "sentiment",
            Role::Language => "language",
            Role::Country => "country",
            Role::Kind => "kind",
            Role::ParentId => "parent_id",
            Role::ThreadId => "thread_id",
            Role::IsBrand | Role::Inbound => "is_brand",
            Role::Hashtags => "hashtags",
            Role::ReplyTo => "reply_to",
            Role::RepostOf => "repost_of",
            Role::QuoteOf => "quote_of",
            Role::IsReply => "is_reply",
            Role::IsRepost => "is_repost",
            Role::IsQuote => "is_quote",
        }
    }
}

/// Lower case, letters and digits only: `" Tweet Text"`, `tweet_text` and `Tweet-Text` agree.
pub fn loose_name(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The header row of one export, with lookups by exact (case-insensitive) and loose name.
#[derive(Debug, Clone)]
pub struct Header {
    pub names: Vec<String>,
    exact: FxHashMap<String, usize>,
    loose: FxHashMap<String, usize>,
    /// Names that occur more than once: (name, 0-based positions).
    pub duplicates: Vec<(String, Vec<usize>)>,
}

impl Header {
    pub fn new(raw: Vec<String>) -> Header {
        let names: Vec<String> = raw
            .into_iter()
            .map(|n| {
                n.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
                    .to_string()
            })
            .collect();
        let mut exact = FxHashMap::default();
        let mut loose = FxHashMap::default();
        let mut positions: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, name) in names.iter().enumerate() {
            if name.is_empty() {
                continue;
            }
            let lower = name.to_lowercase();
            positions.entry(lower.clone()).or_default().push(i);
            exact.entry(lower).or_insert(i);
            loose.entry(loose_name(name)).or_insert(i);
        }
        let mut duplicates: Vec<(String, Vec<usize>)> = positions
            .into_iter()
            .filter(|(_, p)| p.len() > 1)
            .map(|(_, p)| (names[p[0]].clone(), p))
            .collect();
        duplicates.sort_by_key(|(_, p)| p[0]);
        Header {
            names,
            exact,
            loose,
            duplicates,
        }
    }

    /// Position of a column: exact name (any case) first, then the loose form.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.exact
            .get(&name.trim().to_lowercase())
            .or_else(|| self.loose.get(&loose_name(name)))
            .copied()
    }

    pub fn has(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    fn has_any(&self, names: &[&str]) -> bool {
        names.iter().any(|n| self.has(n))
    }

    fn has_all(&self, names: &[&str]) -> bool {
        names.iter().all(|n| self.has(n))
    }

    fn has_prefix(&self, prefix: &str) -> bool {
        self.names.iter().any(|n| n.starts_with(prefix))
    }

    /// `name` for display, or `#3` for the third column when it has none: readable in every
    /// report language, unlike words the file's notices and the report would quote as they are.
    pub fn display(&self, index: usize) -> String {
        match self.names.get(index) {
            Some(n) if !n.is_empty() => n.clone(),
            _ => format!("#{}", index + 1),
        }
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }
}

/// How the platform of each row is found.
#[derive(Debug, Clone, Copy)]
pub enum PlatformRule {
    /// Every row of this layout is from one platform.
    Fixed(&'static str),
    /// The header tells (CrowdTangle Facebook vs Instagram, 4CAT Telegram vs Twitter).
    FromHeader(fn(&Header) -> Option<&'static str>),
    /// A platform column, else the post URL's host.
    PerRow,
}

type FieldTable = &'static [(Role, &'static [&'static str])];

/// One known export layout.
pub struct Preset {
    pub name: &'static str,
    /// The tool, for `docs/formats.md` and `inspect`.
    pub tool: &'static str,
    pub platform: PlatformRule,
    /// The tool writes times without a zone in UTC (so no zone is assumed).
    pub naive_is_utc: bool,
    /// The tool writes a newline inside text as the two characters `\n` (twarc-csv does).
    pub escaped_newlines: bool,
    fields: FieldTable,
    /// Whether the header has this layout's signature columns.
    detect: fn(&Header) -> bool,
}

impl Preset {
    pub fn is_generic(&self) -> bool {
        self.name == GENERIC.name
    }

    /// Every column name this layout knows.
    pub fn field_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fields
            .iter()
            .flat_map(|(_, names)| names.iter().copied())
    }
}

fn platform_4cat(h: &Header) -> Option<&'static str> {
    if h.has("chat") {
        Some("telegram")
    } else if h.has_any(&["is_retweet", "retweet_count", "is_quote_tweet"]) {
        Some("twitter")
    } else {
        None
    }
}

fn platform_crowdtangle(h: &Header) -> Option<&'static str> {
    if h.has_any(&["Facebook Id", "Page Name", "Group Name", "Page Category"]) {
        Some("facebook")
    } else {
        Some("instagram")
    }
}

pub static PRESETS: &[Preset] = &[
    Preset {
        name: "twarc-csv",
        tool: "twarc2 + twarc-csv 0.5–0.7 (X/Twitter API v2)",
        platform: PlatformRule::Fixed("twitter"),
        naive_is_utc: true,
        escaped_newlines: true,
        fields: &[
            (Role::Id, &["id"]),
            (Role::Timestamp, &["created_at"]),
            (Role::Author, &["author.username"]),
            (Role::AuthorName, &["author.name"]),
            (Role::AuthorId, &["author_id", "author.id"]),
            (Role::Followers, &["author.public_metrics.followers_count"]),
            (Role::Text, &["text"]),
            (Role::Likes, &["public_metrics.like_count"]),
            (Role::Shares, &["public_metrics.retweet_count"]),
            (Role::Comments, &["public_metrics.reply_count"]),
            (Role::Quotes, &["public_metrics.quote_count"]),
            (Role::Views, &["public_metrics.impression_count"]),
            (Role::Language, &["lang"]),
            (Role::Country, &["geo.country_code"]),
            (Role::ThreadId, &["conversation_id"]),
            (Role::ReplyTo, &["referenced_tweets.replied_to.id"]),
            (Role::RepostOf, &["referenced_tweets.retweeted.id"]),
            (Role::QuoteOf, &["referenced_tweets.quoted.id"]),
            (Role::Hashtags, &["entities.hashtags"]),
        ],
        detect: |h| {
            h.has("created_at")
                && (h.has_prefix("public_metrics.") || h.has_prefix("referenced_tweets.") || h.has_prefix("author."))
        },
    },
    Preset {
        name: "twarc1",
        tool: "twarc v1 json2csv",
        platform: PlatformRule::Fixed("twitter"),
        naive_is_utc: true,
        escaped_newlines: false,
        fields: &[
            (Role::Id, &["id"]),
            (Role::Timestamp, &["created_at", "parsed_created_at"]),
            (Role::Url, &["tweet_url"]),
            (Role::Author, &["user_screen_name"]),
            (Role::AuthorName, &["user_name"]),
            (Role::AuthorId, &["user_id"]),
            (Role::Followers, &["user_followers_count"]),
            (Role::Text, &["text"]),
            (Role::Kind, &["tweet_type"]),
            (Role::Likes, &["favorite_count"]),
            (Role::Shares, &["retweet_count"]),
            (Role::Language, &["lang"]),
            (Role::ReplyTo, &["in_reply_to_status_id"]),
            (Role::ParentId, &["retweet_or_quote_id"]),
            (Role::Hashtags, &["hashtags"]),
        ],
        detect: |h| h.has_all(&["tweet_url", "user_screen_name", "created_at"]),
    },
    Preset {
        name: "brandwatch",
        tool: "Brandwatch Consumer Research bulk mentions download (legacy `Twitter *` and newer `X *` columns)",
        platform: PlatformRule::PerRow,
        naive_is_utc: true,
        escaped_newlines: false,
        fields: &[
            (Role::Id, &["Resource Id", "Mention Id"]),
            (Role::Timestamp, &["Date"]),
            (Role::Platform, &["Page Type"]),
            (Role::Url, &["Url"]),
            (Role::Title, &["Title"]),
            (Role::Text, &["Full Text", "Snippet"]),
            (Role::Author, &["Author"]),
            (Role::AuthorName, &["Full Name"]),
            (Role::AuthorId, &["X Author ID", "Twitter Author ID", "Facebook Author ID", "Bluesky Author Id"]),
            (Role::Followers, &["X Followers", "Twitter Followers", "Instagram Followers"]),
            (Role::Likes, &["Likes", "X Likes", "Twitter Likes", "Facebook Likes", "Instagram Likes", "Linkedin Likes"]),
            (Role::Shares, &["Shares", "X Reposts", "Twitter Retweets", "Facebook Shares", "Linkedin Shares"]),
            (Role::Comments, &["Comments", "X Replies", "Twitter Reply Count", "Facebook Comments", "Instagram Comments", "Linkedin Comments", "Reddit Comments"]),
            (Role::Views, &["Impressions"]),
            (Role::Reach, &["Reach (new)", "Reach"]),
            (Role::Engagement, &["Engagement Score"]),
            (Role::Sentiment, &["Sentiment"]),
            (Role::Language, &["Language"]),
            (Role::Country, &["Country Code", "Country"]),
            (Role::Kind, &["Thread Entry Type"]),
            (Role::ThreadId, &["Thread Id"]),
            (Role::ParentId, &["Parent Post Id"]),
            (Role::ReplyTo, &["X Reply to", "Twitter Reply to"]),
            (Role::RepostOf, &["X Repost of", "Twitter Retweet of"]),
            (Role::Hashtags, &["Hashtags"]),
        ],
        detect: |h| {
            h.has("Date")
                && h.has_any(&["Full Text", "Snippet"])
                && h.has_any(&["Page Type", "Thread Entry Type", "Resource Id", "Mention Id"])
        },
    },
    Preset {
        name: "talkwalker",
        tool: "Talkwalker (API and UI exports)",
        platform: PlatformRule::PerRow,
        naive_is_utc: false,
        escaped_newlines: false,
        fields: &[
            (Role::Id, &["external_id", "id"]),
            (Role::Timestamp, &["published"]),
            (Role::Platform, &["source_type"]),
            (Role::Url, &["url"]),
            (Role::Title, &["title"]),
            (Role::Text, &["content", "title_snippet"]),
            (Role::Author, &["extra_author_attributes.short_name"]),
            (Role::AuthorName, &["extra_author_attributes.name"]),
            (Role::AuthorId, &["extra_author_attributes.id"]),
            (Role::Engagement, &["engagement"]),
            (Role::Reach, &["reach"]),
            (Role::Sentiment, &["sentiment"]),
            (Role::Language, &["lang"]),
            (Role::Country, &["extra_source_attributes.world_data.country_code", "extra_source_attributes.world_data.country"]),
        ],
        detect: |h| {
            h.has("published")
                && h.has_any(&["content", "title"])
                && (h.has_any(&["source_type", "post_type", "domain_url", "root_url"])
                    || h.has_prefix("extra_author_attributes."))
        },
    },
    Preset {
        name: "meltwater",
        tool: "Meltwater Explore (legacy and newer headers; UTF-16, tab-delimited)",
        platform: PlatformRule::PerRow,
        naive_is_utc: false,
        escaped_newlines: false,
        fields: &[
            (Role::Id, &["Document ID"]),
            (Role::Date, &["Alternate Date Format", "Alternate Date Format (%d-%b-%y)", "Date"]),
            (Role::Time, &["Time", "Time (%I:%M %p)"]),
            (Role::Platform, &["Source Type"]),
            (Role::Url, &["URL"]),
            (Role::Title, &["Title", "Headline"]),
            (Role::Text, &["Hit Sentence", "Opening Text"]),
            (Role::Author, &["Author Handle", "Influencer"]),
            (Role::AuthorName, &["Author Name"]),
            (Role::Likes, &["Likes"]),
            (Role::Shares, &["Reposts", "Retweets", "Shares"]),
            (Role::Comments, &["Replies", "Comments"]),
            (Role::Quotes, &["Quotes"]),
            (Role::Views, &["Views"]),
            (Role::Reach, &["Reach"]),
            (Role::Engagement, &["Engagement"]),
            (Role::Sentiment, &["Sentiment"]),
            (Role::Language, &["Language"]),
            (Role::Country, &["Country"]),
            (Role::Kind, &["Content Type"]),
            (Role::Hashtags, &["Hashtags"]),
        ],
        detect: |h| {
            h.has_any(&["Hit Sentence", "Opening Text"]) && h.has_any(&["Input Name", "Keywords", "Influencer", "Source Name"])
        },
    },
    Preset {
        name: "4cat",
        tool: "4CAT (Twitter v2, Telegram and other data sources)",
        platform: PlatformRule::FromHeader(platform_4cat),
        naive_is_utc: true,
        escaped_newlines: false,
        fields: &[
            (Role::Id, &["id"]),
            (Role::Timestamp, &["unix_timestamp", "timestamp"]),
            (Role::Url, &["link"]),
            (Role::Title, &["subject"]),
            (Role::Text, &["body"]),
            (Role::Author, &["author_username", "author"]),
            (Role::AuthorName, &["author_fullname", "author_name"]),
            (Role::AuthorId, &["author_id"]),
            (Role::Followers, &["author_followers"]),
            (Role::Likes, &["like_count"]),
            (Role::Shares, &["retweet_count"]),
            (Role::Comments, &["reply_count"]),
            (Role::Quotes, &["quote_count"]),
            (Role::Views, &["impression_count", "views"]),
            (Role::Language, &["language_guess", "language"]),
            (Role::ThreadId, &["thread_id"]),
            (Role::ReplyTo, &["reply_to"]),
            (Role::IsReply, &["is_reply"]),
            (Role::IsRepost, &["is_retweet"]),
            (Role::IsQuote, &["is_quote_tweet"]),
            (Role::Hashtags, &["hashtags"]),
        ],
        detect: |h| h.has_all(&["id", "thread_id", "body"]) && h.has_any(&["unix_timestamp", "timestamp"]),
    },
    Preset {
        name: "crowdtangle",
        tool: "CrowdTangle historical data (Facebook pages/groups, Instagram)",
        platform: PlatformRule::FromHeader(platform_crowdtangle),
        naive_is_utc: false,
        escaped_newlines: false,
        fields: &[
            (Role::Timestamp, &["Post Created"]),
            (Role::Url, &["URL"]),
            (Role::Author, &["User Name"]),
            (Role::AuthorName, &["Page Name", "Group Name", "Account"]),
            (Role::AuthorId, &["Facebook Id"]),
            (Role::Followers, &["Followers at Posting", "Likes at Posting"]),
            (Role::Text, &["Message", "Description"]),
            (Role::Title, &["Link Text", "Title"]),
            (Role::Likes, &["Likes"]),
            (Role::Comments, &["Comments"]),
            (Role::Shares, &["Shares"]),
            (Role::Views, &["Post Views", "Total Views", "Views"]),
            (Role::Engagement, &["Total Interactions"]),
        ],
        detect: |h| h.has("Post Created") && h.has_any(&["Total Interactions", "Followers at Posting", "Likes at Posting"]),
    },
    Preset {
        name: "sprout",
        tool: "Sprout Social post / listening export",
        platform: PlatformRule::PerRow,
        naive_is_utc: false,
        escaped_newlines: false,
        fields: &[
            (Role::Timestamp, &["Date"]),
            (Role::Platform, &["Network"]),
            (Role::Author, &["Profile"]),
            (Role::Url, &["Link"]),
            (Role::Text, &["Post"]),
            (Role::Kind, &["Post Type"]),
            (Role::Views, &["Impressions"]),
            (Role::Reach, &["Reach"]),
            (Role::Engagement, &["Engagements"]),
            (Role::Likes, &["Likes"]),
            (Role::Comments, &["Comments"]),
            (Role::Shares, &["Shares"]),
        ],
        detect: |h| h.has_all(&["Network", "Post", "Date"]) && h.has_any(&["Profile", "Post Type"]),
    },
    Preset {
        name: "brand24",
        tool: "Brand24 mentions export (saved as CSV)",
        platform: PlatformRule::PerRow,
        naive_is_utc: false,
        escaped_newlines: false,
        fields: &[
            (Role::Id, &["ID"]),
            (Role::Date, &["Date"]),
            (Role::Time, &["Hrs", "Hour"]),
            (Role::Title, &["Title"]),
            (Role::Text, &["Content"]),
            (Role::Url, &["Source (URL)", "Source", "URL"]),
            (Role::Platform, &["Category"]),
            (Role::Author, &["Author"]),
            (Role::Sentiment, &["Sentiment"]),
            (Role::Reach, &["Reach"]),
            (Role::Likes, &["Likes"]),
            (Role::Comments, &["Comments"]),
            (Role::Shares, &["Shares"]),
        ],
        detect: |h| h.has_all(&["Date", "Content"]) && h.has_any(&["Hrs", "Hour"]),
    },
    Preset {
        name: "youtube-data-tools",
        tool: "YouTube Data Tools (comments and video lists)",
        platform: PlatformRule::Fixed("youtube"),
        naive_is_utc: true,
        escaped_newlines: false,
        fields: &[
            (Role::Id, &["id", "videoId"]),
            (Role::Timestamp, &["publishedAt"]),
            (Role::Author, &["authorName", "channelTitle"]),
            (Role::AuthorId, &["authorChannelId", "channelId"]),
            (Role::Text, &["text", "videoDescription"]),
            (Role::Title, &["videoTitle"]),
            (Role::Likes, &["likeCount"]),
            (Role::Comments, &["replyCount", "commentCount"]),
            (Role::Views, &["viewCount"]),
            (Role::ReplyTo, &["isReplyTo"]),
            (Role::IsReply, &["isReply"]),
        ],
        detect: |h| h.has("publishedAt") && h.has_any(&["isReplyTo", "authorChannelId", "videoId"]),
    },
    Preset {
        name: "reddit",
        tool: "Pushshift-style Reddit CSV (comments and submissions)",
        platform: PlatformRule::Fixed("reddit"),
        naive_is_utc: true,
        escaped_newlines: false,
        fields: &[
            (Role::Id, &["id"]),
            (Role::Timestamp, &["created_utc"]),
            (Role::Author, &["author"]),
            (Role::Text, &["body", "selftext"]),
            (Role::Title, &["title"]),
            (Role::Url, &["permalink", "url"]),
            (Role::Likes, &["score"]),
            (Role::Comments, &["num_comments"]),
            (Role::ParentId, &["parent_id"]),
            (Role::ThreadId, &["link_id"]),
        ],
        detect: |h| h.has("created_utc") && h.has_any(&["subreddit", "link_id"]),
    },
    Preset {
        name: "twcs",
        tool: "Kaggle “Customer Support on Twitter” (twcs.csv)",
        platform: PlatformRule::Fixed("twitter"),
        naive_is_utc: true,
        escaped_newlines: false,
        fields: &[
            (Role::Id, &["tweet_id"]),
            (Role::Timestamp, &["created_at"]),
            (Role::Author, &["author_id"]),
            (Role::AuthorId, &["author_id"]),
            (Role::Text, &["text"]),
            (Role::ParentId, &["in_response_to_tweet_id"]),
            (Role::Inbound, &["inbound"]),
        ],
        detect: |h| h.has_all(&["tweet_id", "inbound", "in_response_to_tweet_id"]),
    },
    Preset {
        name: "airline-sentiment",
        tool: "Kaggle “Twitter US Airline Sentiment” (Tweets.csv) and its Spanish variant",
        platform: PlatformRule::Fixed("twitter"),
        // Both write an offset (`-0800`, `+0000`); a time without one was re-saved by Excel,
        // which drops the offset and keeps the local time.
        naive_is_utc: false,
        escaped_newlines: false,
        fields: &[
            (Role::Id, &["tweet_id"]),
            (Role::Timestamp, &["tweet_created"]),
            (Role::Author, &["name"]),
            (Role::Text, &["text"]),
            (Role::Shares, &["retweet_count"]),
            (Role::Comments, &["reply_count"]),
            (Role::Sentiment, &["airline_sentiment"]),
            (Role::IsReply, &["is_reply"]),
        ],
        detect: |h| {
            h.has_all(&["tweet_id", "tweet_created", "text"])
                && h.has_any(&["airline_sentiment", "tweet_coord", "user_timezone"])
        },
    },
];

/// The fallback: columns found through a table of common names in several languages.
pub static GENERIC: Preset = Preset {
    name: "generic",
    tool: "any other CSV with recognisable column names",
    platform: PlatformRule::PerRow,
    naive_is_utc: false,
    escaped_newlines: false,
    fields: &[
        (
            Role::Id,
            &[
                "id",
                "tweet id",
                "tweet-id",
                "post id",
                "mention id",
                "message id",
                "status id",
                "document id",
                "id_str",
                "uid",
                "identificativo",
                "identificador",
            ],
        ),
        (
            Role::Timestamp,
            &[
                "timestamp",
                "datetime",
                "date time",
                "date_time",
                "created_at",
                "created at",
                "created",
                "created_utc",
                "published",
                "published_at",
                "publishedat",
                "publication date",
                "post created",
                "posted at",
                "posted",
                "tweet_created",
                "unix_timestamp",
                "data e ora",
                "data ora",
                "dataora",
                "data pubblicazione",
                "fecha y hora",
                "fecha de publicación",
                "fecha de creación",
                "date et heure",
                "date de publication",
                "zeitstempel",
                "veröffentlicht",
                "data i godzina",
                "data publikacji",
            ],
        ),
        (
            Role::Date,
            &[
                "date", "data", "fecha", "datum", "day", "giorno", "día", "jour", "dzień",
            ],
        ),
        (
            Role::Time,
            &[
                "time", "hour", "hrs", "ora", "hora", "heure", "uhrzeit", "zeit", "godzina", "czas",
            ],
        ),
        (
            Role::Platform,
            &[
                "platform",
                "network",
                "source type",
                "social network",
                "channel",
                "piattaforma",
                "plataforma",
                "red social",
                "plateforme",
                "plattform",
                "platforma",
            ],
        ),
        (
            Role::Author,
            &[
                "author",
                "username",
                "user name",
                "screen name",
                "screen_name",
                "user_screen_name",
                "handle",
                "user",
                "account",
                "autore",
                "utente",
                "autor",
                "usuario",
                "auteur",
                "utilisateur",
                "nutzer",
                "benutzer",
                "użytkownik",
            ],
        ),
        (
            Role::AuthorName,
            &[
                "author name",
                "name",
                "full name",
                "display name",
                "user_name",
                "nome",
                "nombre",
                "nom",
                "nazwa",
            ],
        ),
        (
            Role::AuthorId,
            &["author id", "user id", "author_id", "user_id"],
        ),
        (
            Role::Followers,
            &[
                "followers",
                "followers count",
                "followers_count",
                "user_followers_count",
                "follower",
                "follower count",
                "author followers",
                "seguaci",
                "follower totali",
                "seguidores",
                "abonnés",
                "abonnes",
                "obserwujący",
                "obserwujacy",
            ],
        ),
        (
            Role::Text,
            &[
                "full text",
                "tweet text",
                "content",
                "text",
                "body",
                "message",
                "tweet",
                "post",
                "post text",
                "testo",
                "contenuto",
                "messaggio",
                "texto",
                "contenido",
                "mensaje",
                "texte",
                "contenu",
                "inhalt",
                "nachricht",
                "treść",
                "tresc",
                "tekst",
            ],
        ),
        (
            Role::Title,
            &[
                "title", "headline", "subject", "titolo", "título", "titulo", "titre", "titel",
                "tytuł", "tytul",
            ],
        ),
        (
            Role::Url,
            &[
                "url",
                "link",
                "permalink",
                "tweet url",
                "post url",
                "source url",
                "collegamento",
                "enlace",
                "lien",
            ],
        ),
        (
            Role::Likes,
            &[
                "likes",
                "like count",
                "like_count",
                "favorite_count",
                "favourites",
                "favorites",
                "mi piace",
                "me gusta",
                "j'aime",
                "polubienia",
            ],
        ),
        (
            Role::Shares,
            &[
                "shares",
                "retweets",
                "retweet count",
                "retweet_count",
                "reposts",
                "condivisioni",
                "compartidos",
                "partages",
                "udostępnienia",
            ],
        ),
        (
            Role::Comments,
            &[
                "comments",
                "replies",
                "reply count",
                "reply_count",
                "commenti",
                "risposte",
                "comentarios",
                "respuestas",
                "commentaires",
                "kommentare",
                "komentarze",
            ],
        ),
        (Role::Quotes, &["quotes", "quote count", "quote_count"]),
        (
            Role::Views,
            &[
                "views",
                "impressions",
                "impression count",
                "impression_count",
                "video views",
                "visualizzazioni",
                "impressioni",
                "reproducciones",
                "visualizaciones",
                "impresiones",
                "vues",
                "wyświetlenia",
            ],
        ),
        (
            Role::Reach,
            &[
                "reach",
                "portata",
                "copertura",
                "alcance",
                "portée",
                "reichweite",
                "zasięg",
            ],
        ),
        (
            Role::Engagement,
            &[
                "engagement",
                "engagements",
                "interactions",
                "total interactions",
                "interazioni",
                "interacciones",
                "interakcje",
            ],
        ),
        (
            Role::Sentiment,
            &[
                "sentiment",
                "polarity",
                "sentimento",
                "sentimiento",
                "tono",
                "sentyment",
            ],
        ),
        (
            Role::Language,
            &[
                "language", "lang", "lingua", "idioma", "langue", "sprache", "język", "jezyk",
            ],
        ),
        (
            Role::Country,
            &[
                "country",
                "country code",
                "country_code",
                "paese",
                "nazione",
                "país",
                "pais",
                "pays",
                "land",
                "kraj",
            ],
        ),
        (
            Role::Kind,
            &[
                "kind",
                "post type",
                "tweet type",
                "tweet_type",
                "entry type",
                "thread entry type",
            ],
        ),
        (
            Role::ParentId,
            &[
                "parent id",
                "parent_id",
                "in reply to",
                "in_reply_to_status_id",
                "in_response_to_tweet_id",
                "reply to",
                "replying to",
            ],
        ),
        (
            Role::ThreadId,
            &[
                "thread id",
                "conversation id",
                "conversation_id",
                "thread_id",
            ],
        ),
        (
            Role::IsBrand,
            &["is_brand", "is brand", "from brand", "brand post", "owned"],
        ),
        (Role::Hashtags, &["hashtags", "hashtag"]),
        (Role::IsReply, &["is_reply", "is reply"]),
        (
            Role::IsRepost,
            &["is_retweet", "is retweet", "is_repost", "is repost"],
        ),
    ],
    detect: |_| true,
};

/// Every preset name `--format` accepts.
pub fn preset_names() -> Vec<&'static str> {
    PRESETS
        .iter()
        .map(|p| p.name)
        .chain([GENERIC.name])
        .collect()
}

pub fn preset_by_name(name: &str) -> Option<&'static Preset> {
    let name = name.trim().to_ascii_lowercase();
    PRESETS.iter().chain([&GENERIC]).find(|p| p.name == name)
}

/// The preset whose signature the header matches; among several, the one that maps the most
/// columns. `generic` when none matches.
pub fn detect(header: &Header) -> &'static Preset {
    PRESETS
        .iter()
        .filter(|p| (p.detect)(header))
        .max_by_key(|p| {
            p.fields
                .iter()
                .filter(|(_, names)| names.iter().any(|n| header.has(n)))
                .count()
        })
        .unwrap_or(&GENERIC)
}

/// Column position per role, resolved once per file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub cols: [Option<usize>; Role::COUNT],
    /// More columns of a role, in order, read in a row where the role's column is empty:
    /// the per-platform counts and ids of a multi-platform export (Brandwatch's `Twitter
    /// Likes`, `Instagram Likes` and `Facebook Likes`, each filled for its own platform's rows).
    pub also: Vec<(Role, usize)>,
    /// The platform each of those columns (and the role's own) belongs to, when its name
    /// says (`Facebook Likes`): a row is read from its own platform's column first.
    pub platforms: Vec<(usize, &'static str)>,
}

impl Mapping {
    pub fn get(&self, role: Role) -> Option<usize> {
        self.cols[role as usize]
    }

    pub fn set(&mut self, role: Role, index: Option<usize>) {
        self.cols[role as usize] = index;
        self.also.retain(|(r, _)| *r != role);
    }

    /// The platform whose figures column `index` holds, when its name says so.
    pub fn platform_of(&self, index: usize) -> Option<&'static str> {
        self.platforms
            .iter()
            .find(|(i, _)| *i == index)
            .map(|(_, p)| *p)
    }

    /// The columns read for `role` after its own, in order (see [`Mapping::also`]).
    pub fn also(&self, role: Role) -> impl Iterator<Item = usize> + '_ {
        self.also
            .iter()
            .filter(move |(r, _)| *r == role)
            .map(|(_, i)| *i)
    }

    pub fn has(&self, role: Role) -> bool {
        self.get(role).is_some()
    }

    /// Roles in display order with their column positions.
    pub fn pairs(&self) -> impl Iterator<Item = (Role, usize)> + '_ {
        Role::ALL
            .iter()
            .filter_map(|r| self.get(*r).map(|i| (*r, i)))
    }
}

/// Roles whose candidate columns in a preset hold the same value, or one that stands in for
/// it, so that a row without it in one is read from the next (see [`Mapping::also`]):
/// per-platform counts and ids, times written twice (4CAT's `unix_timestamp` and `timestamp`,
/// twarc1's `created_at` and `parsed_created_at`), and a text left empty where a snippet or a
/// description has one (Brandwatch's `Snippet`, Meltwater's `Opening Text`).
const SAME_VALUE: [Role; 7] = [
    Role::Timestamp,
    Role::Text,
    Role::AuthorId,
    Role::Followers,
    Role::Likes,
    Role::Shares,
    Role::Comments,
];

/// The platform a per-platform column's name starts with (`Instagram Followers`, `X Likes`).
fn platform_in_name(name: &str) -> Option<&'static str> {
    let (first, _) = name.split_once(' ')?;
    Some(match first.to_ascii_lowercase().as_str() {
        "x" | "twitter" => "twitter",
        "facebook" => "facebook",
        "instagram" => "instagram",
        "linkedin" => "linkedin",
        "reddit" => "reddit",
        "bluesky" => "bluesky",
        "youtube" => "youtube",
        "tiktok" => "tiktok",
        _ => return None,
    })
}

/// Maps a header with a preset. Presets take the first of their candidate names present, and
/// for a [`SAME_VALUE`] role the others present too; the generic preset never gives one column
/// two roles.
pub fn resolve(preset: &Preset, header: &Header) -> Mapping {
    let mut mapping = Mapping {
        cols: [None; Role::COUNT],
        also: Vec::new(),
        platforms: Vec::new(),
    };
    let mut taken = vec![false; header.len()];
    for (role, names) in preset.fields {
        let found: Vec<usize> = names
            .iter()
            .filter_map(|n| header.find(n))
            .filter(|i| !preset.is_generic() || !taken[*i])
            .collect();
        if let Some(&i) = found.first() {
            mapping.set(*role, Some(i));
            taken[i] = true;
            if !preset.is_generic() && SAME_VALUE.contains(role) {
                let more = found[1..].iter().filter(|&&j| j != i);
                mapping.also.extend(more.map(|&j| (*role, j)));
                if found.len() > 1 {
                    let named = found
                        .iter()
                        .filter_map(|&j| Some((j, platform_in_name(header.names.get(j)?)?)));
                    mapping.platforms.extend(named);
                }
            }
        }
    }
    if preset.is_generic() && mapping.has(Role::Timestamp) {
        // A full timestamp column makes separate date / time columns redundant.
        mapping.set(Role::Date, None);
        mapping.set(Role::Time, None);
    }
    if preset.is_generic() && !mapping.has(Role::Timestamp) && !mapping.has(Role::Date) {
        // A lone "time" column usually holds the whole date and time.
        let time = mapping.get(Role::Time);
        mapping.set(Role::Timestamp, time);
        mapping.set(Role::Time, None);
    }
    mapping
}

/// The roles a `[columns]` table names, with their column names. A key names the first role
/// of [`Role::ALL`] with that key (`is_brand` is the brand flag, not its inverse `Inbound`).
pub fn custom_roles(map: &ColumnMap) -> Vec<(Role, &str)> {
    map.columns()
        .into_iter()
        .filter_map(|(key, name)| {
            let role = Role::ALL.into_iter().find(|r| r.key() == key)?;
            Some((role, name?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(line: &str) -> Header {
        Header::new(line.split(',').map(str::to_string).collect())
    }

    /// Every key of a `[columns]` table names a role, each its own.
    #[test]
    fn every_columns_key_names_a_role() {
        let keys = ColumnMap::default().columns().map(|(key, _)| key);
        let toml: String = keys
            .iter()
            .map(|k| format!("{k} = \"{k} column\"\n"))
            .collect();
        let map: ColumnMap = toml::from_str(&toml).unwrap();
        let roles = custom_roles(&map);
        assert_eq!(roles.len(), keys.len());
        for (role, column) in &roles {
            assert_eq!(*column, format!("{} column", role.key()));
        }
        assert!(roles.iter().any(|(r, _)| *r == Role::IsBrand));
        assert!(!roles.iter().any(|(r, _)| *r == Role::Inbound));
    }

    #[test]
    fn names_are_unique_and_known() {
        let names = preset_names();
        assert_eq!(
            names,
            vec![
                "twarc-csv",
                "twarc1",
                "brandwatch",
                "talkwalker",
                "meltwater",
                "4cat",
                "crowdtangle",
                "sprout",
                "brand24",
                "youtube-data-tools",
                "reddit",
                "twcs",
                "airline-sentiment",
                "generic"
            ]
        );
        assert_eq!(preset_by_name("TWCS").map(|p| p.name), Some("twcs"));
        assert!(preset_by_name("excel").is_none());
    }

    #[test]
    fn header_lookup_is_case_and_punctuation_tolerant() {
        let h = header("Tweet ID, Tweet Text,Information Source");
        assert_eq!(h.find("tweet id"), Some(0));
        assert_eq!(h.find("Tweet Text"), Some(1));
        assert_eq!(h.find("tweet_text"), Some(1));
        assert_eq!(h.find("tweet-id"), Some(0));
        assert_eq!(h.find("missing"), None);
    }

    #[test]
    fn duplicate_and_empty_names() {
        let h = header(",id,text,id");
        assert_eq!(h.duplicates, vec![("id".to_string(), vec![1, 3])]);
        assert_eq!(h.display(0), "#1");
        assert_eq!(
            h.find("id"),
            Some(1),
            "the first of two equal names is used"
        );
    }

    #[test]
    fn twcs_and_airline_are_told_apart() {
        let twcs = header(
            ",tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id",
        );
        assert_eq!(detect(&twcs).name, "twcs");
        let airline = header("tweet_id,airline_sentiment,airline_sentiment_confidence,negativereason,negativereason_confidence,airline,airline_sentiment_gold,name,negativereason_gold,retweet_count,text,tweet_coord,tweet_created,tweet_location,user_timezone");
        assert_eq!(detect(&airline).name, "airline-sentiment");
        let m = resolve(detect(&airline), &airline);
        assert_eq!(m.get(Role::Author), Some(7));
        assert_eq!(m.get(Role::Timestamp), Some(12));
    }

    #[test]
    fn generic_prefers_content_over_client_text_and_never_reuses_a_column() {
        let h = header("datetime,content,retweet_count,like_count,quote_count,text,username,location,followers,url,verified,lat,long");
        let p = detect(&h);
        assert_eq!(p.name, "generic");
        let m = resolve(p, &h);
        assert_eq!(m.get(Role::Text), Some(1));
        assert_eq!(m.get(Role::Timestamp), Some(0));
        assert_eq!(m.get(Role::Author), Some(6));
        assert_eq!(m.get(Role::Followers), Some(8));
        assert_eq!(m.get(Role::Url), Some(9));
        let used: Vec<usize> = m.pairs().map(|(_, i)| i).collect();
        let mut unique = used.clone();
        unique.dedup();
        assert_eq!(used, unique);
    }

    #[test]
    fn generic_date_and_time_columns() {
        let h = header("Data,Ora,Testo,Autore");
        let m = resolve(&GENERIC, &h);
        assert_eq!(m.get(Role::Date), Some(0));
        assert_eq!(m.get(Role::Time), Some(1));
        assert_eq!(m.get(Role::Timestamp), None);
        assert_eq!(m.get(Role::Text), Some(2));
        assert_eq!(m.get(Role::Author), Some(3));
        let lone_time = header("Time,Text");
        let m = resolve(&GENERIC, &lone_time);
        assert_eq!(m.get(Role::Timestamp), Some(0));
    }
}
