//! twarc2 + twarc-csv 0.7 output: the 84 default columns, in their order.
//!
//! As twarc-csv writes them: UTF-8 without BOM, comma-separated, `""` quoting; newlines in text
//! become a literal `\n`; lists are JSON (Python's `json.dumps`: `", "` separators, non-ASCII as
//! `\uXXXX`), with entities reduced to `"#tag"`, `"@user"` and expanded URLs; booleans `True` /
//! `False`; a repost row carries its original's text, entities and metrics (`--merge-retweets`).
//!
//! Bulky profile fields that real collections fill for every row but that casebook and the usual
//! analyses never read (`author.profile_image_url`, `author.url`, `__twarc.url`, …) are left empty,
//! keeping a row near 620 bytes; see `docs/performance.md`.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::engine::{Post, PostKind};
use super::text::{entities, expanded_link};
use super::{RowWriter, UtcClock};

pub const COLUMNS: [&str; 84] = [
    "id",
    "conversation_id",
    "referenced_tweets.replied_to.id",
    "referenced_tweets.retweeted.id",
    "referenced_tweets.quoted.id",
    "author_id",
    "in_reply_to_user_id",
    "in_reply_to_username",
    "retweeted_user_id",
    "retweeted_username",
    "quoted_user_id",
    "quoted_username",
    "created_at",
    "text",
    "lang",
    "source",
    "public_metrics.impression_count",
    "public_metrics.reply_count",
    "public_metrics.retweet_count",
    "public_metrics.quote_count",
    "public_metrics.like_count",
    "public_metrics.bookmark_count",
    "reply_settings",
    "edit_history_tweet_ids",
    "edit_controls.edits_remaining",
    "edit_controls.editable_until",
    "edit_controls.is_edit_eligible",
    "possibly_sensitive",
    "withheld.scope",
    "withheld.copyright",
    "withheld.country_codes",
    "entities.annotations",
    "entities.cashtags",
    "entities.hashtags",
    "entities.mentions",
    "entities.urls",
    "context_annotations",
    "attachments.media",
    "attachments.media_keys",
    "attachments.poll.duration_minutes",
    "attachments.poll.end_datetime",
    "attachments.poll.id",
    "attachments.poll.options",
    "attachments.poll.voting_status",
    "attachments.poll_ids",
    "author.id",
    "author.created_at",
    "author.username",
    "author.name",
    "author.description",
    "author.entities.description.cashtags",
    "author.entities.description.hashtags",
    "author.entities.description.mentions",
    "author.entities.description.urls",
    "author.entities.url.urls",
    "author.url",
    "author.location",
    "author.pinned_tweet_id",
    "author.profile_image_url",
    "author.protected",
    "author.public_metrics.followers_count",
    "author.public_metrics.following_count",
    "author.public_metrics.listed_count",
    "author.public_metrics.tweet_count",
    "author.verified",
    "author.verified_type",
    "author.withheld.scope",
    "author.withheld.copyright",
    "author.withheld.country_codes",
    "geo.coordinates.coordinates",
    "geo.coordinates.type",
    "geo.country",
    "geo.country_code",
    "geo.full_name",
    "geo.geo.bbox",
    "geo.geo.type",
    "geo.id",
    "geo.name",
    "geo.place_id",
    "geo.place_type",
    "matching_rules",
    "__twarc.retrieved_at",
    "__twarc.url",
    "__twarc.version",
];

/// When the fictional team ran `twarc2 search`: the Wednesday after the incident.
const RETRIEVED_AT_MS: i64 = super::START_MS + 8 * 86_400_000 + 9 * 3_600_000;

pub struct TwarcWriter<W: Write> {
    fields: RowWriter<W>,
    rows: u64,
}

impl<W: Write> TwarcWriter<W> {
    pub fn new(out: W) -> io::Result<TwarcWriter<W>> {
        let mut csv = csv::WriterBuilder::new()
            .buffer_capacity(1 << 16)
            .from_writer(out);
        csv.write_record(COLUMNS)?;
        Ok(TwarcWriter {
            fields: RowWriter::new(csv, UtcClock::new()),
            rows: 0,
        })
    }

    pub fn row(&mut self, post: &Post) -> io::Result<()> {
        let parent = post.parent.as_ref();
        let id = post.id.to_string();
        let of_kind = |kind: PostKind| post.kind == kind;
        let parent_field = |kind: PostKind, value: &dyn Fn(&super::ParentRef) -> String| {
            parent
                .filter(|_| of_kind(kind))
                .map(value)
                .unwrap_or_default()
        };
        let found = entities(&post.text);
        let author = &post.author;

        self.fields.put(&id)?;
        self.fields.put(&post.conversation_id.to_string())?;
        self.fields
            .put(&parent_field(PostKind::Reply, &|p| p.id.to_string()))?;
        self.fields
            .put(&parent_field(PostKind::Repost, &|p| p.id.to_string()))?;
        self.fields
            .put(&parent_field(PostKind::Quote, &|p| p.id.to_string()))?;
        self.fields.put(&author.id.to_string())?;
        self.fields
            .put(&parent_field(PostKind::Reply, &|p| p.author_id.to_string()))?;
        self.fields.put(&parent_field(PostKind::Reply, &|p| {
            p.author_handle.to_string()
        }))?;
        self.fields.put(&parent_field(PostKind::Repost, &|p| {
            p.author_id.to_string()
        }))?;
        self.fields.put(&parent_field(PostKind::Repost, &|p| {
            p.author_handle.to_string()
        }))?;
        self.fields
            .put(&parent_field(PostKind::Quote, &|p| p.author_id.to_string()))?;
        self.fields.put(&parent_field(PostKind::Quote, &|p| {
            p.author_handle.to_string()
        }))?;
        self.put_time(post.at_ms)?;
        // twarc-csv drops carriage returns and writes newlines as a literal backslash-n.
        let text = post.text.replace('\r', "").replace('\n', "\\n");
        self.fields.put(&text)?;
        self.fields.put(post.lang.code())?;
        self.fields.put(post.source)?;
        let m = post.metrics;
        self.fields.put(&m.impressions.to_string())?;
        self.fields.put(&m.replies.to_string())?;
        self.fields.put(&m.reposts.to_string())?;
        self.fields.put(&m.quotes.to_string())?;
        self.fields.put(&m.likes.to_string())?;
        self.fields.put(&m.bookmarks.to_string())?;
        self.fields.put("everyone")?;
        self.fields.put(&json_list([id.as_str()]))?;
        self.fields
            .put(if of_kind(PostKind::Repost) { "0" } else { "5" })?;
        self.put_time(post.at_ms + 3_600_000)?;
        self.fields.put(python_bool(!of_kind(PostKind::Repost)))?;
        self.fields.put("False")?;
        self.fields.put_empty(4)?; // withheld.*, entities.annotations
        self.fields.put("")?; // entities.cashtags
        self.fields
            .put(&json_list(found.hashtags.iter().copied()))?;
        self.fields
            .put(&json_list(found.mentions.iter().copied()))?;
        self.fields
            .put(&json_list(found.links.iter().map(|l| expanded_link(l))))?;
        self.fields.put("")?; // context_annotations
        if post.video {
            // The media belongs to the original post; a merged repost shows the same key.
            let owner = parent
                .filter(|_| of_kind(PostKind::Repost))
                .map_or(post.id, |p| p.id);
            let key = format!("7_{owner}");
            self.fields.put(&format!(
                "[{{\"media_key\": \"{key}\", \"type\": \"video\"}}]"
            ))?;
            self.fields.put(&json_list([key.as_str()]))?;
        } else {
            self.fields.put_empty(2)?;
        }
        self.fields.put_empty(6)?; // attachments.poll.*, attachments.poll_ids
        self.fields.put(&author.id.to_string())?;
        self.put_time(author.created_ms)?;
        self.fields.put(&author.handle)?;
        self.fields.put(&author.name)?;
        self.fields.put(&author.description.replace('\n', "\\n"))?;
        let bio = entities(author.description);
        self.fields.put("")?; // author.entities.description.cashtags
        self.fields.put(&json_list(bio.hashtags.iter().copied()))?;
        self.fields.put(&json_list(bio.mentions.iter().copied()))?;
        self.fields.put(&json_list(bio.links.iter().copied()))?;
        self.fields.put_empty(2)?; // author.entities.url.urls, author.url
        self.fields.put(author.location)?;
        self.fields.put_empty(2)?; // author.pinned_tweet_id, author.profile_image_url
        self.fields.put("False")?;
        self.fields.put(&author.followers.to_string())?;
        self.fields.put(&author.following.to_string())?;
        self.fields.put(&author.listed.to_string())?;
        self.fields.put(&author.tweets.to_string())?;
        self.fields.put(python_bool(author.verified))?;
        self.fields.put(author.verified_type)?;
        self.fields.put_empty(3)?; // author.withheld.*
        match post.country {
            Some(code) => {
                let (country, city, place) = place(code);
                self.fields.put_empty(2)?; // geo.coordinates.*
                self.fields.put(country)?;
                self.fields.put(code)?;
                self.fields.put(city)?;
                self.fields.put_empty(2)?; // geo.geo.bbox, geo.geo.type
                self.fields.put(place)?;
                self.fields.put(city.split(',').next().unwrap_or(city))?;
                self.fields.put(place)?;
                self.fields.put("city")?;
            }
            None => self.fields.put_empty(11)?,
        }
        self.fields.put("")?; // matching_rules (search, not a stream)
                              // Pages of 500 rows, a couple of seconds apart.
        self.put_time(RETRIEVED_AT_MS + (self.rows / 500) as i64 * 2_300)?;
        self.fields.put("")?; // __twarc.url
        self.fields.put("2.14.0")?;
        self.fields.end_row()?;
        self.rows += 1;
        Ok(())
    }

    pub fn finish(self) -> io::Result<()> {
        self.fields.finish().map(drop)
    }

    /// `2021-05-18T19:24:56.000Z`, as the X API v2 writes times.
    fn put_time(&mut self, at_ms: i64) -> io::Result<()> {
        self.fields.put_time(at_ms, 'T', ".000Z")
    }
}

fn python_bool(value: bool) -> &'static str {
    if value {
        "True"
    } else {
        "False"
    }
}

/// A list as Python's `json.dumps` writes it; empty lists are left out as an empty cell (twarc-csv
/// drops empty entity lists before writing).
fn json_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        out.push_str(if i == 0 { "[\"" } else { ", \"" });
        for c in item.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if (c as u32) < 0x20 || !c.is_ascii() => {
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        let _ = write!(out, "\\u{unit:04x}");
                    }
                }
                c => out.push(c),
            }
        }
        out.push('"');
    }
    if !out.is_empty() {
        out.push(']');
    }
    out
}

/// Country name, place full name and a place id for a country code.
fn place(code: &str) -> (&'static str, &'static str, &'static str) {
    match code {
        "GB" => ("United Kingdom", "London, England", "457b4814b4240d87"),
        "US" => ("United States", "Manhattan, NY", "01a9a39529b27f36"),
        "IE" => ("Ireland", "Dublin City, Ireland", "7dde0febc9ef245b"),
        "CA" => ("Canada", "Toronto, Ontario", "3797791ff9c0e4c6"),
        "IT" => ("Italy", "Roma, Lazio", "7c4ce5e8fe7ab8c3"),
        "ES" => ("Spain", "Madrid, Comunidad de Madrid", "206fc3e4cdcb7fe3"),
        "MX" => ("Mexico", "Ciudad de México, México", "25530ba03b7d90c6"),
        "AR" => ("Argentina", "Buenos Aires, Argentina", "018f1cde6bad9747"),
        _ => ("Poland", "Warszawa, Polska", "0e2242eb8691df96"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_written_like_python_json() {
        assert_eq!(
            json_list(["#FlyHappy", "#GuitarGate"]),
            r##"["#FlyHappy", "#GuitarGate"]"##
        );
        assert_eq!(json_list(["#Podróże"]), r##"["#Podr\u00f3\u017ce"]"##);
        assert_eq!(json_list(["😀"]), r#"["\ud83d\ude00"]"#);
        assert_eq!(json_list(Vec::<&str>::new()), "");
    }

    fn written(post: &Post) -> std::collections::HashMap<&'static str, String> {
        let mut writer = TwarcWriter::new(Vec::new()).unwrap();
        writer.row(post).unwrap();
        let bytes = writer.fields.finish().unwrap();
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(row.len(), 84);
        COLUMNS
            .iter()
            .copied()
            .zip(row.iter().map(String::from))
            .collect()
    }

    #[test]
    fn a_reply_row() {
        let post = crate::simulate::example_post(PostKind::Reply);
        let row = written(&post);
        assert_eq!(row["id"], post.id.to_string());
        assert_eq!(
            row["referenced_tweets.replied_to.id"],
            post.conversation_id.to_string()
        );
        assert_eq!(row["referenced_tweets.retweeted.id"], "");
        assert_eq!(row["in_reply_to_user_id"], "811204557");
        assert_eq!(row["in_reply_to_username"], "mira_strings");
        assert_eq!(row["created_at"], "2026-03-11T12:40:05.000Z");
        assert_eq!(
            row["edit_controls.editable_until"],
            "2026-03-11T13:40:05.000Z"
        );
        assert_eq!(row["text"], "Line one\\nline two #FlyHappy @SkywaysAir");
        assert_eq!(row["lang"], "it");
        assert_eq!(row["entities.hashtags"], r##"["#FlyHappy"]"##);
        assert_eq!(row["entities.mentions"], r#"["@SkywaysAir"]"#);
        assert_eq!(row["edit_history_tweet_ids"], format!("[\"{}\"]", post.id));
        assert_eq!(row["public_metrics.retweet_count"], "3");
        assert_eq!(row["public_metrics.like_count"], "5");
        assert_eq!(row["author.username"], "SkywaysHelp");
        assert_eq!(row["author.public_metrics.followers_count"], "38912");
        assert_eq!(row["author.verified"], "True");
        assert_eq!(row["author.entities.description.mentions"], "");
        assert_eq!(row["geo.country_code"], "IT");
        assert_eq!(row["__twarc.version"], "2.14.0");
    }

    #[test]
    fn a_repost_row_names_the_original() {
        let post = crate::simulate::example_post(PostKind::Repost);
        let row = written(&post);
        assert_eq!(
            row["referenced_tweets.retweeted.id"],
            post.conversation_id.to_string()
        );
        assert_eq!(row["retweeted_username"], "mira_strings");
        assert_eq!(row["in_reply_to_username"], "");
        assert_eq!(row["edit_controls.is_edit_eligible"], "False");
    }

    #[test]
    fn the_header_is_twarc_csv_0_7() {
        assert_eq!(COLUMNS.len(), 84);
        let unique: std::collections::HashSet<_> = COLUMNS.iter().collect();
        assert_eq!(unique.len(), 84);
        assert_eq!(COLUMNS[0], "id");
        assert_eq!(COLUMNS[12], "created_at");
        assert_eq!(COLUMNS[83], "__twarc.version");
    }
}
