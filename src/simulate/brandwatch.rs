//! Brandwatch Consumer Research "Bulk Mentions Download".
//!
//! UTF-8 with a byte-order mark; five metadata rows and a blank line, then the header on row 7;
//! `Date` in UTC like `2026-03-13 20:00:00.0`; `Author` without `@`; lower-case `Sentiment`;
//! replies point at their parent's URL in `X Reply to`, reposts at the original's in `X Repost of`.
//! Columns follow the legacy list with the `Twitter *` columns under their newer `X *` names, plus
//! the newer `Mention Id`, `Snippet`, `Likes`, `Comments`, `Shares` and `Engagement Score`.
//! Real text keeps its newlines inside quoted fields, as Brandwatch writes them.

use std::io::{self, Write};

use super::engine::{Post, PostKind};
use super::text::entities;
use super::{snowflake_ms, RowWriter, UtcClock};
use crate::model::Sentiment;

pub const COLUMNS: [&str; 113] = [
    "Query Id",
    "Query Name",
    "Date",
    "Title",
    "Snippet",
    "Url",
    "Domain",
    "Sentiment",
    "Page Type",
    "Language",
    "Country Code",
    "Continent Code",
    "Continent",
    "Country",
    "City Code",
    "Account Type",
    "Added",
    "Assignment",
    "Author",
    "Avatar",
    "Category Details",
    "Checked",
    "City",
    "Display URLs",
    "Expanded URLs",
    "Facebook Author ID",
    "Facebook Comments",
    "Facebook Likes",
    "Facebook Role",
    "Facebook Shares",
    "Facebook Subtype",
    "Full Name",
    "Full Text",
    "Gender",
    "Hashtags",
    "Impact",
    "Impressions",
    "Instagram Comments",
    "Instagram Followers",
    "Instagram Following",
    "Instagram Interactions Count",
    "Instagram Likes",
    "Instagram Posts",
    "Interest",
    "Last Assignment Date",
    "Latitude",
    "Location Name",
    "Longitude",
    "Media Filter",
    "Media URLs",
    "Mentioned Authors",
    "Original Url",
    "Priority",
    "Professions",
    "Resource Id",
    "Mention Id",
    "Short URLs",
    "Starred",
    "Status",
    "Subtype",
    "Thread Author",
    "Thread Created Date",
    "Thread Entry Type",
    "Thread Id",
    "Thread URL",
    "Total Monthly Visitors",
    "X Author ID",
    "X Followers",
    "X Replies",
    "X Reply to",
    "X Repost of",
    "X Reposts",
    "X Likes",
    "X Verified",
    "Updated",
    "Reach (new)",
    "Air Type",
    "Blog Name",
    "Broadcast Media Url",
    "Broadcast Type",
    "Content Source",
    "Content Source Name",
    "Copyright",
    "Engagement Type",
    "Is Syndicated",
    "Item Review",
    "Linkedin Comments",
    "Linkedin Engagement",
    "Linkedin Impressions",
    "Linkedin Likes",
    "Linkedin Shares",
    "Linkedin Sponsored",
    "Linkedin Video Views",
    "Media Type",
    "Page Type Name",
    "Parent Blog Name",
    "Parent Post Id",
    "Pub Type",
    "Publisher Sub Type",
    "Rating",
    "Reddit Author Awardee Karma",
    "Reddit Author Awarder Karma",
    "Reddit Author Karma",
    "Reddit Comments",
    "Reddit Score",
    "Reddit Score Upvote Ratio",
    "Region",
    "Region Code",
    "Root Blog Name",
    "Root Post Id",
    "Likes",
    "Comments",
    "Shares",
];

/// The newer generic column added at the end of recent exports.
const ENGAGEMENT_SCORE: &str = "Engagement Score";

pub struct BrandwatchWriter<W: Write> {
    fields: RowWriter<W>,
}

impl<W: Write> BrandwatchWriter<W> {
    pub fn new(mut out: W, from_ms: i64, to_ms: i64) -> io::Result<BrandwatchWriter<W>> {
        let mut clock = UtcClock::new();
        let mut from = String::new();
        clock.push(&mut from, from_ms, ' ');
        let mut to = String::new();
        clock.push(&mut to, to_ms, ' ');
        out.write_all("\u{feff}".as_bytes())?;
        write!(
            out,
            "\"Report:\",\"Bulk Mentions Download\"\r\n\"Brand:\",\"Skyways\"\r\n\"From:\",\"{from}.0\"\r\n\
             \"To:\",\"{to}.0\"\r\n\"Label:\",\"Skyways - all mentions\"\r\n\r\n"
        )?;
        let mut csv = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .buffer_capacity(1 << 16)
            .from_writer(out);
        for name in COLUMNS.iter().chain([&ENGAGEMENT_SCORE]) {
            csv.write_field(name)?;
        }
        csv.write_record(None::<&[u8]>)?;
        Ok(BrandwatchWriter {
            fields: RowWriter::new(csv, clock),
        })
    }

    pub fn row(&mut self, post: &Post) -> io::Result<()> {
        let author = &post.author;
        let url = status_url(&author.handle, post.id);
        let repost = post.kind == PostKind::Repost;
        let full_text = match (&post.parent, repost) {
            (Some(p), true) => format!("RT @{}: {}", p.author_handle, post.text),
            _ => post.text.clone(),
        };
        let found = entities(&full_text);
        // A repost's own counts are zero; the original's belong to the original's row.
        let (likes, replies, reposts) = if repost {
            (0, 0, 0)
        } else {
            (
                post.metrics.likes,
                post.metrics.replies,
                post.metrics.reposts,
            )
        };
        // Brandwatch places a mention by its geotag, else by the author's profile location.
        let (country_code, country, continent_code, continent) =
            match post.country.or(author.country) {
                Some(code) => {
                    let (name, continent_code, continent) = country(code);
                    (code, name, continent_code, continent)
                }
                None => ("", "", "", ""),
            };

        self.fields.put("2003948721")?;
        self.fields.put("Skyways brand monitoring")?;
        self.put_time(post.at_ms)?;
        self.fields.put("")?; // Title
        self.fields.put(&full_text)?; // Snippet: posts are short enough to be whole
        self.fields.put(&url)?;
        self.fields.put("x.com")?;
        self.fields.put(match post.sentiment {
            Sentiment::Positive => "positive",
            Sentiment::Neutral => "neutral",
            Sentiment::Negative => "negative",
        })?;
        self.fields.put("twitter")?;
        self.fields.put(post.lang.code())?;
        self.fields.put(country_code)?;
        self.fields.put(continent_code)?;
        self.fields.put(continent)?;
        self.fields.put(country)?;
        self.fields.put("")?; // City Code
        self.fields.put(if author.organisation {
            "organisational"
        } else {
            "individual"
        })?;
        // Added: Brandwatch collected the post within minutes.
        self.put_time(post.at_ms + 90_000 + (post.id % 240_000) as i64)?;
        self.fields.put("")?; // Assignment
        self.fields.put(&author.handle)?;
        self.fields.put_empty(3)?; // Avatar, Category Details, Checked
        self.fields.put(author.location)?;
        self.fields.put_empty(8)?; // Display URLs … Facebook Subtype
        self.fields.put(&author.name)?;
        self.fields.put(&full_text)?;
        self.fields.put("")?; // Gender
        let hashtags: Vec<String> = found.hashtags.iter().map(|t| t.to_lowercase()).collect();
        self.fields.put(&hashtags.join(", "))?;
        let impact = ((author.followers as f64 + 1.0).log10() * 12.0).min(100.0);
        self.fields.put(&format!("{impact:.0}"))?;
        // Brandwatch's reach estimate: a share of the audience, more for larger accounts.
        let reach =
            (author.followers as f64 * 0.12 + (author.followers as f64).sqrt() * 3.0) as u64;
        // A repost's impressions are its author's, not the original's.
        let impressions = if repost {
            reach
        } else {
            post.metrics.impressions
        };
        self.fields.put(&impressions.to_string())?;
        self.fields.put_empty(7)?; // Instagram *, Interest
        self.fields.put_empty(6)?; // Last Assignment Date … Media URLs
        self.fields.put(&found.mentions.join(", "))?;
        self.fields.put(&url)?; // Original Url
        self.fields.put_empty(2)?; // Priority, Professions
        self.fields.put(&post.id.to_string())?; // Resource Id
        self.fields.put(&mention_id(post.id).to_string())?;
        self.fields.put_empty(3)?; // Short URLs, Starred, Status
        self.fields.put("")?; // Subtype
        self.fields.put(&post.conversation_author)?;
        self.put_time(snowflake_ms(post.conversation_id))?;
        self.fields.put(match post.kind {
            PostKind::Reply => "reply",
            PostKind::Repost => "share",
            PostKind::Original | PostKind::Quote => "post",
        })?;
        self.fields.put(&post.conversation_id.to_string())?;
        self.fields
            .put(&status_url(&post.conversation_author, post.conversation_id))?;
        self.fields.put("")?; // Total Monthly Visitors
        self.fields.put(&author.id.to_string())?;
        self.fields.put(&author.followers.to_string())?;
        self.fields.put(&replies.to_string())?;
        let parent_url = |kind: PostKind| {
            post.parent
                .as_ref()
                .filter(|_| post.kind == kind)
                .map(|p| status_url(&p.author_handle, p.id))
                .unwrap_or_default()
        };
        self.fields.put(&parent_url(PostKind::Reply))?;
        self.fields.put(&parent_url(PostKind::Repost))?;
        self.fields.put(&reposts.to_string())?;
        self.fields.put(&likes.to_string())?;
        self.fields
            .put(if author.verified { "true" } else { "false" })?;
        self.put_time(post.at_ms + 3 * 3_600_000)?; // Updated
        self.fields.put(&reach.to_string())?;
        self.fields.put_empty(34)?; // Air Type … Root Post Id
        self.fields.put(&likes.to_string())?;
        self.fields.put(&replies.to_string())?;
        self.fields.put(&reposts.to_string())?;
        self.fields.put(&(likes + replies + reposts).to_string())?;
        self.fields.end_row()?;
        Ok(())
    }

    pub fn finish(self) -> io::Result<()> {
        self.fields.finish().map(drop)
    }

    /// `2026-03-13 20:00:00.0`
    fn put_time(&mut self, at_ms: i64) -> io::Result<()> {
        self.fields.put_time(at_ms, ' ', ".0")
    }
}

fn status_url(handle: &str, id: u64) -> String {
    format!("https://x.com/{handle}/status/{id}")
}

/// Brandwatch's `Mention Id`: a shorter number than the post's own, unique like it. The post
/// id is a snowflake (milliseconds, then a 12-bit sequence within the millisecond), so the
/// milliseconds since 2026 and the sequence give a distinct number for every post of the
/// simulated incident (its last digits alone had made six pairs of posts share one).
fn mention_id(post_id: u64) -> u64 {
    const SINCE_MS: i64 = 1_767_225_600_000; // 2026-01-01T00:00:00Z
    let ms = (super::snowflake_ms(post_id) - SINCE_MS).max(0) as u64;
    ms * 4096 + (post_id & 0xFFF)
}

fn country(code: &str) -> (&'static str, &'static str, &'static str) {
    match code {
        "GB" => ("United Kingdom", "EU", "Europe"),
        "IE" => ("Ireland", "EU", "Europe"),
        "IT" => ("Italy", "EU", "Europe"),
        "ES" => ("Spain", "EU", "Europe"),
        "PL" => ("Poland", "EU", "Europe"),
        "US" => ("United States of America", "NA", "North America"),
        "CA" => ("Canada", "NA", "North America"),
        "MX" => ("Mexico", "NA", "North America"),
        "AR" => ("Argentina", "SA", "South America"),
        _ => ("", "", ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(post: &Post) -> std::collections::HashMap<String, String> {
        let mut writer = BrandwatchWriter::new(Vec::new(), 0, 0).unwrap();
        writer.row(post).unwrap();
        let bytes = writer.fields.finish().unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let body = text.splitn(7, "\r\n").nth(6).unwrap();
        let mut reader = csv::Reader::from_reader(body.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(row.len(), header.len());
        header
            .into_iter()
            .zip(row.iter().map(String::from))
            .collect()
    }

    #[test]
    fn a_repost_row() {
        let post = crate::simulate::example_post(PostKind::Repost);
        let row = written(&post);
        let original = format!("https://x.com/mira_strings/status/{}", post.conversation_id);
        assert_eq!(row["Date"], "2026-03-11 12:40:05.0");
        assert_eq!(row["Author"], "SkywaysHelp");
        assert_eq!(row["Thread Entry Type"], "share");
        assert_eq!(row["X Repost of"], original);
        assert_eq!(row["X Reply to"], "");
        assert_eq!(row["Full Text"], format!("RT @mira_strings: {}", post.text));
        assert_eq!(
            (row["X Likes"].as_str(), row["X Reposts"].as_str()),
            ("0", "0")
        );
        assert_eq!(row["Sentiment"], "negative");
        assert_eq!(row["Resource Id"], post.id.to_string());
        assert_eq!(
            row["Url"],
            format!("https://x.com/SkywaysHelp/status/{}", post.id)
        );
        assert_eq!(row["Hashtags"], "#flyhappy");
        assert_eq!(row["Country"], "Italy");
        assert_eq!(row["Account Type"], "organisational");
    }

    #[test]
    fn a_reply_row_points_at_its_parent() {
        let post = crate::simulate::example_post(PostKind::Reply);
        let row = written(&post);
        assert_eq!(row["Thread Entry Type"], "reply");
        assert_eq!(
            row["X Reply to"],
            format!("https://x.com/mira_strings/status/{}", post.conversation_id)
        );
        assert_eq!(row["Thread Author"], "mira_strings");
        assert_eq!(row["Thread Created Date"], "2026-03-11 12:10:00.0");
        assert_eq!(
            (row["X Likes"].as_str(), row["X Replies"].as_str()),
            ("5", "2")
        );
        assert_eq!(row["X Followers"], "38912");
        // Reach (new): 38,912 × 0.12 + √38,912 × 3 = 4,669.4 + 591.8.
        assert_eq!(row["Reach (new)"], "5261");
    }

    #[test]
    fn columns_are_distinct_and_include_the_key_ones() {
        let all: Vec<&str> = COLUMNS.iter().copied().chain([ENGAGEMENT_SCORE]).collect();
        let unique: std::collections::HashSet<_> = all.iter().collect();
        assert_eq!(unique.len(), all.len());
        for key in [
            "Date",
            "Url",
            "Sentiment",
            "Author",
            "Full Text",
            "Resource Id",
            "Thread Entry Type",
            "Thread Id",
            "X Reply to",
            "X Repost of",
            "X Followers",
            "Reach (new)",
            "Mention Id",
        ] {
            assert!(all.contains(&key), "{key} missing");
        }
    }
}
