//! The team's markdown (`lessons.md`) for both outputs: sanitised HTML for the page, and a
//! plain data tree the Typst template lays out, so untrusted text never becomes Typst markup.
//!
//! Raw HTML in the markdown is shown as literal text, never interpreted. Images become links
//! (an image would be a request to another host). Links keep only `http`, `https` and
//! `mailto` targets; ammonia cleans the HTML once more and adds
//! `rel="noopener noreferrer nofollow"`.

use std::borrow::Cow;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use serde_json::{json, Map, Value};

use super::safe_url;

/// One piece of markdown, ready for both renderers.
#[derive(Debug, Clone, Serialize)]
pub struct Markdown {
    /// Sanitised HTML.
    pub html: String,
    /// Block nodes for the Typst template (see `templates/report.typ`, `md-block`).
    pub blocks: Value,
}

/// Prefix of footnote ids, so they cannot collide with the report's own ids.
const ID_PREFIX: &str = "lessons-";

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
}

/// Renders `markdown`, moving every heading `shift` levels down (the report's own section
/// heading sits above it).
pub fn render(markdown: &str, shift: u8) -> Markdown {
    let events: Vec<Event> = neutralise(Parser::new_ext(markdown, options()), shift).collect();
    let mut raw = String::new();
    pulldown_cmark::html::push_html(&mut raw, events.iter().cloned());
    Markdown {
        html: sanitise(&raw),
        blocks: tree(&events),
    }
}

/// Markdown text that reads as `text` literally (a heading the team wrote, put in front of
/// its section when sections are joined into one document).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn shift_level(level: HeadingLevel, shift: u8) -> HeadingLevel {
    let n = (level as u8 + shift).min(6);
    HeadingLevel::try_from(n as usize).unwrap_or(HeadingLevel::H6)
}

/// Raw HTML becomes text; images become links to their target; headings move down.
fn neutralise<'a>(
    events: impl Iterator<Item = Event<'a>>,
    shift: u8,
) -> impl Iterator<Item = Event<'a>> {
    events.map(move |event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
        Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: shift_level(level, shift),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => {
            Event::End(TagEnd::Heading(shift_level(level, shift)))
        }
        Event::InlineMath(m) | Event::DisplayMath(m) => Event::Text(m),
        other => other,
    })
}

fn sanitise(html: &str) -> String {
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer nofollow"))
        // Only in-page footnote anchors survive as relative URLs, re-pointed at prefixed ids.
        .url_relative(ammonia::UrlRelative::Custom(Box::new(footnote_anchor)))
        .id_prefix(Some(ID_PREFIX))
        .rm_tags(["img"])
        .add_tags(["input"])
        .add_tag_attributes("div", ["id"])
        .add_tag_attributes("input", ["checked"])
        .add_tag_attribute_values("input", "type", ["checkbox"])
        .set_tag_attribute_value("input", "disabled", "")
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .filter_style_properties(["text-align"].into_iter().collect())
        .add_allowed_classes("div", ["footnote-definition"])
        .add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"]);
    builder.clean(html).to_string()
}

/// `#label` → `#lessons-label` (ammonia prefixes the ids the same way); every other
/// relative URL is dropped.
fn footnote_anchor(url: &str) -> Option<Cow<'_, str>> {
    url.strip_prefix('#')
        .map(|id| Cow::Owned(format!("#{ID_PREFIX}{id}")))
}

// ---------------------------------------------------------------- tree for Typst

struct Open {
    node: Map<String, Value>,
    children: Vec<Value>,
}

/// The deepest nesting of blocks and inline styles the tree keeps.
const MAX_DEPTH: usize = 32;

fn node(kind: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("t".into(), Value::String(kind.into()));
    m
}

/// Builds block nodes: `{t: "p"|"h"|"ul"|"ol"|"li"|"quote"|"pre"|"hr"|"table"|"row"|"cell"|
/// "fndef", c: [...]}` with inline nodes `{t: "text"|"strong"|"em"|"strike"|"code"|"link"|
/// "br"|"fnref"|"check"}`. Every string stays a string; the template never evaluates it.
fn tree(events: &[Event]) -> Value {
    let mut stack: Vec<Open> = vec![Open {
        node: node("root"),
        children: Vec::new(),
    }];
    let mut footnotes: Vec<String> = Vec::new();
    let footnote_number = |label: &str, footnotes: &mut Vec<String>| -> usize {
        match footnotes.iter().position(|l| l == label) {
            Some(i) => i + 1,
            None => {
                footnotes.push(label.to_string());
                footnotes.len()
            }
        }
    };
    let mut in_head = false;
    // Blocks nested deeper than `MAX_DEPTH` (a quote in a quote in a quote…) are flattened
    // into the deepest one kept: the tree is serialized and typeset recursively, and no
    // lessons text needs more.
    let mut flattened = 0usize;
    let push = |stack: &mut Vec<Open>, value: Value| {
        if let Some(top) = stack.last_mut() {
            top.children.push(value);
        }
    };
    for event in events {
        match event {
            Event::Start(tag) => {
                let mut n = match tag {
                    Tag::Paragraph => node("p"),
                    Tag::Heading { level, .. } => {
                        let mut n = node("h");
                        n.insert("level".into(), json!(*level as u8));
                        n
                    }
                    Tag::BlockQuote(_) => node("quote"),
                    Tag::CodeBlock(kind) => {
                        let mut n = node("pre");
                        if let CodeBlockKind::Fenced(lang) = kind {
                            n.insert("lang".into(), json!(lang.to_string()));
                        }
                        n
                    }
                    Tag::List(start) => match start {
                        Some(s) => {
                            let mut n = node("ol");
                            n.insert("start".into(), json!(s));
                            n
                        }
                        None => node("ul"),
                    },
                    Tag::Item => node("li"),
                    Tag::FootnoteDefinition(label) => {
                        let mut n = node("fndef");
                        n.insert("n".into(), json!(footnote_number(label, &mut footnotes)));
                        n
                    }
                    Tag::Table(alignments) => {
                        let mut n = node("table");
                        n.insert(
                            "align".into(),
                            json!(alignments
                                .iter()
                                .map(|a| match a {
                                    Alignment::Center => "center",
                                    Alignment::Right => "right",
                                    _ => "left",
                                })
                                .collect::<Vec<_>>()),
                        );
                        n
                    }
                    Tag::TableHead => {
                        in_head = true;
                        let mut n = node("row");
                        n.insert("head".into(), json!(true));
                        n
                    }
                    Tag::TableRow => node("row"),
                    Tag::TableCell => {
                        let mut n = node("cell");
                        n.insert("head".into(), json!(in_head));
                        n
                    }
                    Tag::Emphasis => node("em"),
                    Tag::Strong => node("strong"),
                    Tag::Strikethrough => node("strike"),
                    Tag::Superscript | Tag::Subscript => node("span"),
                    Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
                        let mut n = node("link");
                        if let Some(url) = safe_url(dest_url).or_else(|| mailto(dest_url)) {
                            n.insert("href".into(), json!(url));
                        }
                        n
                    }
                    Tag::HtmlBlock
                    | Tag::DefinitionList
                    | Tag::DefinitionListTitle
                    | Tag::DefinitionListDefinition
                    | Tag::MetadataBlock(_) => node("span"),
                };
                if let Tag::Heading { .. } = tag {
                    n.insert("c".into(), json!([]));
                }
                // Inside a flattened block everything is flattened. A list or table is kept
                // only with room for its items, rows and cells, which the template reads as
                // such: a list cut between it and its items would not typeset.
                let room = match tag {
                    Tag::List(_) | Tag::TableHead | Tag::TableRow => 2,
                    Tag::Table(_) => 3,
                    _ => 1,
                };
                if flattened > 0 || stack.len() + room > MAX_DEPTH {
                    flattened += 1;
                    continue;
                }
                stack.push(Open {
                    node: n,
                    children: Vec::new(),
                });
            }
            Event::End(end) => {
                if matches!(end, TagEnd::TableHead) {
                    in_head = false;
                }
                if flattened > 0 {
                    flattened -= 1;
                    // Flattened paragraphs and items would run into each other.
                    if matches!(
                        end,
                        TagEnd::Paragraph
                            | TagEnd::Item
                            | TagEnd::Heading(_)
                            | TagEnd::TableCell
                            | TagEnd::CodeBlock
                    ) {
                        push(&mut stack, json!({"t": "text", "v": " "}));
                    }
                    continue;
                }
                if stack.len() > 1 {
                    if let Some(mut open) = stack.pop() {
                        open.node.insert("c".into(), Value::Array(open.children));
                        push(&mut stack, Value::Object(open.node));
                    }
                }
            }
            Event::Text(text) => push(&mut stack, json!({"t": "text", "v": text.to_string()})),
            Event::Code(code) => push(&mut stack, json!({"t": "code", "v": code.to_string()})),
            Event::Html(text)
            | Event::InlineHtml(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text) => {
                push(&mut stack, json!({"t": "text", "v": text.to_string()}))
            }
            Event::FootnoteReference(label) => {
                let n = footnote_number(label, &mut footnotes);
                push(&mut stack, json!({"t": "fnref", "n": n}))
            }
            Event::SoftBreak => push(&mut stack, json!({"t": "text", "v": " "})),
            Event::HardBreak => push(&mut stack, json!({"t": "br"})),
            Event::Rule => push(&mut stack, json!({"t": "hr"})),
            Event::TaskListMarker(checked) => {
                push(&mut stack, json!({"t": "check", "checked": checked}))
            }
        }
    }
    // Unbalanced input cannot come out of pulldown-cmark; fold anything left open anyway.
    while stack.len() > 1 {
        if let Some(mut open) = stack.pop() {
            open.node.insert("c".into(), Value::Array(open.children));
            push(&mut stack, Value::Object(open.node));
        }
    }
    Value::Array(stack.pop().map(|o| o.children).unwrap_or_default())
}

fn mailto(url: &str) -> Option<String> {
    let rest = url.strip_prefix("mailto:")?;
    (!rest.is_empty() && !rest.chars().any(|c| c.is_control() || c.is_whitespace()))
        .then(|| url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A lessons file nested thousands of levels deep (quotes in quotes) keeps its text; the
    /// tree for the PDF stops nesting at `MAX_DEPTH`, so serializing it cannot exhaust the
    /// stack.
    #[test]
    fn deep_nesting_is_flattened_not_fatal() {
        // The blocks are a list of nodes, each with its children in `c`.
        fn depth(v: &Value) -> usize {
            let children = v.as_array().or_else(|| v["c"].as_array());
            1 + children.map_or(0, |c| c.iter().map(depth).max().unwrap_or(0))
        }
        let md = format!("{}deep\n", "> ".repeat(5_000));
        let out = render(&md, 1);
        assert!(
            depth(&out.blocks) <= MAX_DEPTH + 1,
            "{}",
            depth(&out.blocks)
        );
        assert!(serde_json::to_string(&out.blocks).unwrap().contains("deep"));
        // Lists 40 deep, each item with two paragraphs: every list kept holds items only, and
        // flattened paragraphs stay apart.
        fn lists_hold_items(v: &Value) -> bool {
            let children = v.as_array().or_else(|| v["c"].as_array());
            let items_only = !matches!(v["t"].as_str(), Some("ul" | "ol"))
                || children.is_some_and(|c| c.iter().all(|i| i["t"] == "li"));
            items_only && children.is_none_or(|c| c.iter().all(lists_hold_items))
        }
        let nested: String = (0..40)
            .map(|d| {
                let indent = "  ".repeat(d);
                format!("{indent}- level {d}\n\n{indent}  more {d}\n\n")
            })
            .collect();
        let out = render(&nested, 1);
        assert!(depth(&out.blocks) <= MAX_DEPTH + 1);
        assert!(lists_hold_items(&out.blocks));
        let text = serde_json::to_string(&out.blocks).unwrap();
        assert!(
            text.contains("level 39") && text.contains("more 39"),
            "{text}"
        );
        assert!(
            text.contains(r#""v":"more 38"},{"t":"text","v":" "}"#),
            "{text}"
        );
        let shallow = render("> > quoted\n", 1);
        assert_eq!(depth(&shallow.blocks), 5, "list, quote, quote, p, text");
    }

    #[test]
    fn tables_footnotes_and_task_lists_render() {
        let md = "| Action | Owner |\n|---|:-:|\n| Fix it | Ana |\n\n- [x] done\n- [ ] open\n\nClaim[^src].\n\n[^src]: The source.\n";
        let out = render(md, 1);
        assert!(out.html.contains("<table>"), "{}", out.html);
        assert!(
            out.html.contains("text-align: center") || out.html.contains("text-align:center"),
            "{}",
            out.html
        );
        assert!(
            out.html
                .contains(r#"<input type="checkbox" checked="" disabled="">"#)
                || out.html.contains("type=\"checkbox\""),
            "{}",
            out.html
        );
        assert!(
            out.html.contains(r##"href="#lessons-src""##),
            "{}",
            out.html
        );
        assert!(out.html.contains(r#"id="lessons-src""#), "{}", out.html);
        let json = out.blocks.to_string();
        assert!(json.contains(r#""t":"table""#), "{json}");
        assert!(json.contains(r#"{"checked":true,"t":"check"}"#), "{json}");
        assert!(json.contains(r#"{"checked":false,"t":"check"}"#), "{json}");
        assert!(json.contains(r#"{"n":1,"t":"fnref"}"#), "{json}");
        assert!(json.contains(r#""t":"fndef""#), "{json}");
    }

    #[test]
    fn raw_html_is_shown_as_text_and_scripts_never_survive() {
        let md = "Hello <script>alert(1)</script>\n\n<div onclick=\"x()\">block</div>\n\n\"><img src=x onerror=alert(1)>\n";
        let out = render(md, 1);
        assert!(!out.html.contains("<script"), "{}", out.html);
        assert!(!out.html.contains("<img"), "{}", out.html);
        assert!(!out.html.contains("<div onclick"), "{}", out.html);
        assert!(out.html.contains("&lt;script&gt;"), "{}", out.html);
    }

    #[test]
    fn links_keep_only_safe_schemes_and_carry_rel() {
        let md = "[a](javascript:alert(1)) [b](https://example.org/x) [c](data:text/html,hi) ![img](https://tracker.example/p.gif) [d](/relative)\n";
        let out = render(md, 1);
        assert!(!out.html.contains("javascript:"), "{}", out.html);
        assert!(!out.html.contains("data:"), "{}", out.html);
        assert!(!out.html.contains("href=\"/relative\""), "{}", out.html);
        assert!(
            out.html
                .contains(r#"href="https://example.org/x" rel="noopener noreferrer nofollow""#),
            "{}",
            out.html
        );
        // The image became a link: nothing is loaded from the tracker.
        assert!(!out.html.contains("src="), "{}", out.html);
        let json = out.blocks.to_string();
        assert!(!json.contains("javascript:"));
        assert!(json.contains("https://example.org/x"));
    }

    #[test]
    fn headings_move_down_and_escape_reads_literally() {
        let out = render("## Went well\n", 1);
        assert!(out.html.contains("<h3>Went well</h3>"), "{}", out.html);
        let heading = "Root *causes* <b>\n[x](y)";
        let out = render(&format!("## {}\n", escape(heading)), 1);
        assert!(
            out.html.contains("Root *causes* &lt;b&gt; [x](y)"),
            "{}",
            out.html
        );
    }
}
