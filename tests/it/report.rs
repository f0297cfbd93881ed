//! The report: rendered HTML, PDF and library page of the Skyways fixture, their safety
//! against hostile input, and the anonymised edition.
//!
//! Tests named `pdftotext_*` read the PDF with `pdftotext` (poppler-utils), which CI installs.

use std::process::Command;

use casebook::report::{self, LibraryEntry, RenderOptions};

pub use casebook::case::{
    ActionItem, CaseStudy, Evidence, Figure, Finding, IncidentInfo, LessonSection, Lessons,
    RuleStatus, Severity,
};
pub use casebook::config::Config;
pub use casebook::metrics::{
    AuthorStat, Baseline, Breakdown, Bucket, Engagement, HistogramBin, KeyMoment, KindCounts,
    Metrics, Milestone, MilestoneKind, MomentKind, Peak, Phase, PhaseSpan, Reach, Response,
    ResponseAnomaly, ResponseGroup, RisingTerm, SentimentMetrics, TagCount, TermCount, Timeline,
    TimelineWarning, Topics,
};
pub use casebook::model::{
    FileNotice, FileReport, Kind, Language, MentionRef, Provenance, ReasonCount, Rejection,
    RejectionKind, RowAccounting, RowProblem, Sentiment, UnreadFile, UnreadKind,
};

#[path = "../fixtures/report/skyways.rs"]
mod skyways;

fn html(case: &CaseStudy) -> String {
    report::render_html(case, &RenderOptions::default()).unwrap()
}

/// The text of a PDF, pages separated by form feeds.
fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext is needed by the pdftotext_* tests: apt-get install -y poppler-utils");
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The `<main>` element, with each chart's SVG reduced to its size and the texts it draws, so
/// the snapshot stays readable and still catches a changed label.
fn main_for_snapshot(html: &str) -> String {
    let start = html.find("<main").unwrap();
    let end = html.find("</main>").unwrap() + "</main>".len();
    let mut main = &html[start..end];
    let mut out = String::new();
    while let Some(open) = main.find("<svg") {
        out.push_str(&main[..open]);
        let close = main[open..].find("</svg>").unwrap() + open + "</svg>".len();
        let svg = &main[open..close];
        let view_box = svg
            .split("viewBox=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or("");
        let texts: Vec<&str> = svg
            .split("<text")
            .skip(1)
            .filter_map(|t| {
                t.split_once('>')
                    .map(|(_, rest)| rest.split("</text>").next().unwrap_or("").trim())
            })
            .collect();
        out.push_str(&format!(
            "<svg viewBox=\"{view_box}\">{}</svg>",
            texts.join(" | ")
        ));
        main = &main[close..];
    }
    out.push_str(main);
    out
}

#[test]
fn html_main_matches_the_snapshot() {
    let page = html(&skyways::skyways());
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("report_main_en", main_for_snapshot(&page));
    });
}

#[test]
fn html_is_deterministic() {
    assert_eq!(html(&skyways::skyways()), html(&skyways::skyways()));
}

/// Every tag of a page (text `<` is always escaped, so each raw `<` opens a tag), as
/// (name, attributes) with attribute names lower-cased.
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        if rest.starts_with('!') || rest.starts_with('/') {
            continue;
        }
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        let name: String = tag
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/')
            .collect();
        let mut attrs = Vec::new();
        let mut body = tag[name.len()..].trim_start();
        while !body.is_empty() && !body.starts_with('/') {
            let attr: String = body
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '=' && *c != '/')
                .collect();
            body = body[attr.len()..].trim_start();
            let mut value = String::new();
            if let Some(after) = body.strip_prefix('=') {
                let after = after.trim_start();
                if let Some(quoted) = after.strip_prefix('"') {
                    let close = quoted.find('"').unwrap_or(quoted.len());
                    value = quoted[..close].to_string();
                    body = quoted[(close + 1).min(quoted.len())..].trim_start();
                } else {
                    let v: String = after.chars().take_while(|c| !c.is_whitespace()).collect();
                    body = after[v.len()..].trim_start();
                    value = v;
                }
            }
            if attr.is_empty() {
                break;
            }
            attrs.push((attr.to_ascii_lowercase(), unescape(&value)));
        }
        out.push((name.to_ascii_lowercase(), attrs));
        rest = &rest[end..];
    }
    out
}

/// An attribute value as the browser reads it.
fn unescape(value: &str) -> String {
    value
        .replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// What makes a page inert and offline: no script, no resource from anywhere, no event
/// handler, links only to the page itself or to http(s) with the safe `rel`.
fn assert_inert_and_offline(page: &str) {
    let lower = page.to_ascii_lowercase();
    for banned in [
        "@import", "url(", "<script", "<iframe", "<object", "<embed", "<img", "<link", "<base",
        "<form",
    ] {
        assert!(!lower.contains(banned), "page contains {banned}");
    }
    assert!(
        page.contains(r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">"#),
        "CSP meta tag missing"
    );
    let all = tags(page);
    assert!(
        all.len() > 50,
        "the tag scanner found too few tags: {}",
        all.len()
    );
    for (name, attrs) in &all {
        for (attr, value) in attrs {
            assert!(
                !attr.starts_with("on"),
                "<{name}> has an event handler {attr}={value:?}"
            );
            assert!(
                !matches!(
                    attr.as_str(),
                    "src"
                        | "srcset"
                        | "poster"
                        | "action"
                        | "formaction"
                        | "xlink:href"
                        | "data"
                        | "background"
                ),
                "<{name}> loads something: {attr}={value:?}"
            );
            if attr == "style" {
                assert!(
                    !value.to_ascii_lowercase().contains("url"),
                    "<{name}> style loads something"
                );
            }
            if attr == "href" {
                let relative_inside = !value.starts_with('/')
                    && !value.split('/').next().unwrap_or("").contains(':')
                    && !value.split('/').any(|seg| seg == "..");
                assert!(
                    value.starts_with("http://")
                        || value.starts_with("https://")
                        || relative_inside,
                    "<{name}> links to {value:?}"
                );
                if value.starts_with("http") {
                    assert_eq!(name, "a");
                    let rel = attrs
                        .iter()
                        .find(|(a, _)| a == "rel")
                        .map(|(_, v)| v.as_str());
                    assert_eq!(rel, Some("noopener noreferrer nofollow"), "link to {value}");
                }
            }
        }
    }
}

#[test]
fn html_references_no_other_host_and_links_are_safe() {
    let page = html(&skyways::skyways());
    assert_inert_and_offline(&page);
    // The fixture has links to posts, so the rel check above really ran.
    assert!(page.contains(r#"href="https:&#x2F;&#x2F;x.com&#x2F;mila_strings&#x2F;status&#x2F;1900000000000000001" rel="noopener noreferrer nofollow""#));
    assert!(page.contains(r#"rel="noopener noreferrer nofollow">crisis playbook</a>"#));
}

#[test]
fn html_tells_the_story_with_the_fixture_figures() {
    let page = html(&skyways::skyways());
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    for expected in [
        "<h1>Skyways breaks guitars</h1>",
        // KPI strip: peak, first response, response rate, median response time.
        "<span class=\"kpi-value\">1,240</span>",
        "<span class=\"kpi-value\">5\u{a0}h 10\u{a0}min</span>",
        "<span class=\"kpi-value\">2\u{a0}h 35\u{a0}min</span>",
        "Mentions rose above the onset threshold of 15 per hour (usual level 5) on 11 March 2026, 10:00 CET and peaked at 1,240 per hour on 11 March 2026, 17:00 CET",
        "Mentions peaked at 1,240 per hour on 11 March 2026, 17:00 CET",
        "Brand post replying to no one during the escalation or peak (possibly scheduled content)",
        "Most shared post; hashtag #skywaysbreaksguitars first seen",
        "A promotional post went out at the peak of the crisis (11 Mar 17:30).",
        "<h3>What went wrong</h3>",
        "9f2c4e1a7b3d5f60812a4c6e8b0d2f4169a3c5e7091b3d5f7a9c1e3b5d7f9a1c",
        "Every row read is accounted for",
    ] {
        assert!(page.contains(expected), "missing: {expected}");
    }
    // Every chart has its text alternative and data table.
    assert_eq!(page.matches("<figure class=\"chart\"").count(), 7);
    assert_eq!(page.matches("<summary>Data table</summary>").count(), 7);
}

#[test]
fn every_language_is_complete_and_formats_numbers_its_way() {
    for (lang, heading, peak, first_response) in [
        (Language::En, "Executive summary", "1,240", "First response"),
        (Language::It, "Sintesi", "1.240", "Prima risposta"),
        (
            Language::Es,
            "Resumen ejecutivo",
            "1240",
            "Primera respuesta",
        ),
        (Language::Pl, "Podsumowanie", "1240", "Pierwsza odpowiedź"),
    ] {
        let page = html(&skyways::skyways_in(lang));
        assert!(
            page.contains(&format!("<html lang=\"{}\">", lang.code())),
            "{lang}"
        );
        // The team wrote its lessons in English: marked so in every edition, for hyphenation
        // and screen readers.
        assert_eq!(
            page.matches("<div class=\"prose\" lang=\"en\">").count(),
            2,
            "{lang}"
        );
        assert!(
            page.contains(&format!("<h2 id=\"h-summary\">{heading}</h2>")),
            "{lang}"
        );
        assert!(
            page.contains(&format!("<span class=\"kpi-value\">{peak}</span>")),
            "{lang}"
        );
        assert!(
            page.contains(&format!(
                "<span class=\"kpi-label\">{first_response}</span>"
            )),
            "{lang}"
        );
        // A missing string would show its key, e.g. `report.kpi.peak`.
        let leaked: Vec<&str> = page
            .match_indices("report.")
            .map(|(i, _)| &page[i..(i + 40).min(page.len())])
            .filter(|s| {
                // `report.<section>.<key>`: a word of lower-case letters, a dot, a lower-case
                // letter (not the end of a sentence followed by markup).
                let rest = &s[7..];
                let word = rest
                    .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
                    .unwrap_or(rest.len());
                word > 0
                    && rest[word..]
                        .strip_prefix('.')
                        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_lowercase()))
            })
            .collect();
        assert!(leaked.is_empty(), "{lang}: untranslated keys {leaked:?}");
    }
}

/// Text that would do something if any renderer interpreted it: HTML, URL schemes, Typst
/// markup and code, markdown.
const PAYLOAD: &str = "<script>alert(1)</script> \"><img src=x onerror=alert(1)> javascript:alert(1) #set page(width: 1cm) #panic(\"typst\") $x^2$ *bold* _it_ @ref <lbl> [br] \\ `raw` = ~ 🎸 日本語 \u{0}\u{1b}[31m";

fn hostile() -> CaseStudy {
    let mut case = skyways::skyways();
    case.incident.title = format!("Skyways {PAYLOAD}");
    case.incident.brand = Some(PAYLOAD.into());
    let m = &mut case.metrics;
    let first = &mut m.response.unanswered_top_reach[0];
    first.text = PAYLOAD.into();
    first.author = Some("evil\"><script>alert(2)</script>".into());
    first.author_name = Some(PAYLOAD.into());
    first.url = Some("javascript:alert(3)".into());
    m.response.unanswered_top_reach[1].url =
        Some("data:text/html,<script>alert(4)</script>".into());
    m.response.unanswered_top_reach[2].url = Some(" JavaScript:alert(5)".into());
    m.topics.hashtags[0].tag = "<script>alert(6)</script>".into();
    m.reach.by_platform[0].key = "<b onmouseover=alert(7)>x</b>".into();
    m.reach.top_authors_by_reach[0].author = PAYLOAD.into();
    for moment in &mut m.timeline.key_moments {
        if moment.kind == MomentKind::ManualEvent {
            moment.label = PAYLOAD.into();
        }
    }
    let finding = &mut case.findings[0];
    finding.title = PAYLOAD.into();
    finding.principle = PAYLOAD.into();
    finding.comment = Some(PAYLOAD.into());
    finding.evidence.figures[0] = Figure {
        label: PAYLOAD.into(),
        value: PAYLOAD.into(),
    };
    case.files[0].path = format!("exports/{PAYLOAD}.csv");
    case.files[0].rejected_examples[0].reason = PAYLOAD.into();
    case.config.events[0].label = PAYLOAD.into();
    case.lessons.sections[1].heading = PAYLOAD.into();
    case.lessons.sections[1].markdown = format!(
        "{PAYLOAD}\n\n<script>alert(8)</script>\n\n<div onclick=\"alert(9)\">block</div>\n\n\
         [click](javascript:alert(10)) [data](data:text/html,x) ![pixel](https://tracker.example/p.gif)\n\n\
         #set text(fill: red)\n\n#panic(\"lessons\")\n\n$ x $ and `#raw` and \\#escaped\n"
    );
    case
}

#[test]
fn hostile_text_comes_out_inert_in_html() {
    let page = html(&hostile());
    assert_inert_and_offline(&page);
    assert!(
        !page.contains('\u{0}') && !page.contains('\u{1b}'),
        "control characters from a post reach the page"
    );
    assert!(!page.to_ascii_lowercase().contains("javascript:alert(3)\""));
    assert!(!page.contains("href=\"data:"));
    // The markdown image became a plain link: nothing loads from the tracker.
    assert!(page.contains(
        r#"<a href="https://tracker.example/p.gif" rel="noopener noreferrer nofollow">pixel</a>"#
    ));
    // The text is shown, escaped: the reader sees what the post said.
    assert!(page.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;"));
    assert!(
        page.contains("&lt;script&gt;alert(6)&lt;/script&gt;"),
        "hashtag in the chart SVG is escaped"
    );
    assert!(
        page.contains("&lt;script&gt;alert(8)&lt;/script&gt;"),
        "raw HTML in lessons is text"
    );
    assert!(page.contains("#panic(&quot;lessons&quot;)") || page.contains("#panic(\"lessons\")"));
}

#[test]
fn pdftotext_hostile_text_is_typeset_verbatim_in_the_pdf() {
    let pdf = report::render_pdf(&hostile()).expect("hostile text must not break the PDF");
    let text = pdf_text(&pdf);
    // Typst code and markup in the data were not evaluated (the panics would have failed the
    // compile, `#set page(width: 1cm)` would have wrecked the layout): they are printed.
    assert!(text.contains("#panic(\"typst\")"), "{text}");
    assert!(text.contains("#set page(width: 1cm)"));
    assert!(text.contains("#panic(\"lessons\")"));
    assert!(text.contains("<script>alert(1)</script>"));
    assert!(text.contains("$x^2$ *bold* _it_ @ref <lbl> [br]"));
    assert!(text.contains("Skyways <script>alert(1)</script>"));
}

#[test]
fn pdftotext_pdf_has_title_page_contents_sections_and_page_numbers() {
    let case = skyways::skyways();
    let started = std::time::Instant::now();
    let pdf = report::render_pdf(&case).unwrap();
    let elapsed = started.elapsed();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(
        pdf == report::render_pdf(&case).unwrap(),
        "the same case gives the same bytes"
    );
    let text = pdf_text(&pdf);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(
        pages.len(),
        21,
        "page count changed (debug render took {elapsed:?})"
    );
    let title_page = pages[0];
    for expected in [
        "Skyways breaks guitars",
        "POST-INCIDENT CASE STUDY · SKYWAYS",
        "1,240",
        "5 h 10 min",
        "Contents",
        "Executive summary",
        "Generated by casebook 0.1.0",
    ] {
        assert!(
            title_page.contains(expected),
            "title page lacks {expected:?}:\n{title_page}"
        );
    }
    assert!(
        !title_page.contains(" / 21"),
        "the title page has no page number"
    );
    assert!(pages[1].contains("2 / 21"), "{}", pages[1]);
    assert!(pages[20].contains("21 / 21"));
    for heading in [
        "Executive summary",
        "Timeline",
        "Spread and reach",
        "Brand response",
        "Sentiment",
        "Topics",
        "Platforms and languages",
        "Findings",
        "Lessons learned",
        "Appendix: data quality and provenance",
        // The charts' data, pages of it, is a section of the contents of its own.
        "Chart data",
    ] {
        assert!(title_page.contains(heading), "contents lack {heading:?}");
        assert!(
            pages[1..]
                .iter()
                .any(|p| p.trim_start().starts_with(heading)),
            "no page starts with {heading}"
        );
    }
    for expected in [
        "Mentions peaked at 1,240 per hour on 11 March 2026, 17:00 CET",
        "A promotional post went out at the peak of the crisis (11 Mar 17:30).",
        "Where we got lucky",
        "Verified-account check in the runbook",
        "9f2c4e1a7b3d5f60812a4c6e8b0d2f4169a3c5e7091b3d5f7a9c1e3b5d7f9a1c",
        // Chart text is real text in the PDF, in the vendored font.
        "Mentions per hour",
        "#skywaysbreaksguitars",
    ] {
        assert!(text.contains(expected), "PDF lacks {expected:?}");
    }
}

#[test]
fn pdftotext_polish_pdf_keeps_its_diacritics() {
    let pdf = report::render_pdf(&skyways::skyways_in(Language::Pl)).unwrap();
    let text = pdf_text(&pdf);
    for expected in [
        "Przebieg w czasie",
        "Reakcja marki",
        "Wydźwięk",
        "Załącznik: jakość i pochodzenie danych",
        "Pierwsza odpowiedź",
        "1240",
    ] {
        assert!(text.contains(expected), "PDF lacks {expected:?}");
    }
}

#[test]
fn pdftotext_anonymized_edition_has_no_private_handle_anywhere() {
    let mut case = skyways::skyways();
    // A warning that quotes the team's own text: an event label naming a private account.
    let at: jiff::Timestamp = "2025-03-11T12:00:00Z".parse().unwrap();
    let outside = casebook::metrics::TimelineWarning::EventOutsideData {
        label: format!("@{} posts the video", skyways::PRIVATE_HANDLES[0]),
        at,
        from: at,
        to: at,
    };
    let tl = &mut case.metrics.timeline;
    tl.warnings.push(outside.english());
    tl.warning_codes.push(outside);
    report::anonymize(&mut case, b"training set 2026");
    let page = html(&case);
    assert!(page.contains("posts the video"), "the warning is shown");
    let pdf = pdf_text(&report::render_pdf(&case).unwrap());
    for (what, output) in [("HTML", page.to_lowercase()), ("PDF", pdf.to_lowercase())] {
        for handle in skyways::PRIVATE_HANDLES {
            assert!(
                !output.contains(&handle.to_lowercase()),
                "{what} still names {handle}"
            );
        }
        for name in skyways::PRIVATE_NAMES {
            assert!(
                !output.contains(&name.to_lowercase()),
                "{what} still names {name}"
            );
        }
        assert!(output.contains("anon_"), "{what} has no pseudonym");
        assert!(
            output.contains("@skywayshelp"),
            "{what} lost the brand account"
        );
        assert!(
            output.contains("airnewsdaily"),
            "{what} lost the allowlisted account"
        );
        assert!(!output.contains("x.com/"), "{what} keeps a post URL");
    }
    assert!(
        page.contains("Training edition: authors other than the brand are replaced by pseudonyms")
    );
    assert_inert_and_offline(&page);
}

#[test]
fn library_page_compares_and_links_the_incidents() {
    let mut quiet = skyways::skyways_in(Language::En);
    quiet.incident.title = "Skyways lost luggage".into();
    let entries = vec![
        LibraryEntry {
            href: "skyways-breaks-guitars/index.html".into(),
            case: skyways::skyways(),
        },
        LibraryEntry {
            href: "../outside/index.html".into(),
            case: quiet,
        },
    ];
    let page = report::render_library(&entries, &RenderOptions::default()).unwrap();
    assert_inert_and_offline(&page);
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains("<h1>Incident library</h1>"));
    assert!(page.contains("Case studies: 2"));
    assert!(page.contains(
        r#"<a href="skyways-breaks-guitars&#x2F;index.html">Skyways breaks guitars</a>"#
    ));
    // A link that would leave the output folder is not made.
    assert!(!page.contains("outside"));
    assert!(page.contains("<td>Skyways lost luggage<br>"));
    for figure in [
        "1,240 per hour",
        "5\u{a0}h 10\u{a0}min",
        "5.4%",
        "2\u{a0}h 35\u{a0}min",
        "44M",
        "11M",
        "Critical: 2 · Warning: 2",
    ] {
        assert_eq!(page.matches(figure).count(), 2, "{figure}");
    }
    assert_eq!(
        page.matches("<polyline").count(),
        2,
        "one sparkline per incident"
    );
}

#[test]
fn templates_dir_replaces_builtin_templates_by_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("style.css"),
        "body { font-family: \"Comic Neue\"; } /* house style */",
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), "ignored").unwrap();
    let options = RenderOptions {
        templates_dir: Some(dir.path().to_path_buf()),
    };
    let page = report::render_html(&skyways::skyways(), &options).unwrap();
    assert!(page.contains("/* house style */"));
    assert!(
        !page.contains("--font: \"Noto Sans\""),
        "the built-in style.css was replaced"
    );
    assert!(
        page.contains("<h1>Skyways breaks guitars</h1>"),
        "report.html is still the built-in one"
    );

    // base.html, which both pages extend, can be replaced too: the report keeps its body.
    let base = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/base.html"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("base.html"),
        base.replace(
            "<body>",
            "<body class=\"house\"><p>Internal: do not forward</p>",
        ),
    )
    .unwrap();
    let page = report::render_html(&skyways::skyways(), &options).unwrap();
    assert!(
        page.contains("<body class=\"house\"><p>Internal: do not forward</p>"),
        "the replaced base.html frames the page"
    );
    assert!(page.contains("<h1>Skyways breaks guitars</h1>"));
    assert!(page.contains("/* house style */"));
    let entries = [LibraryEntry {
        href: "skyways/index.html".into(),
        case: skyways::skyways(),
    }];
    let library = report::render_library(&entries, &options).unwrap();
    assert!(
        library.contains("<body class=\"house\"><p>Internal: do not forward</p>"),
        "the library page extends the same base.html"
    );
    assert!(
        library.contains("Skyways breaks guitars"),
        "the incident is listed"
    );
    std::fs::remove_file(dir.path().join("base.html")).unwrap();

    std::fs::write(
        dir.path().join("report.html"),
        "{{ r.title | nonexistent_filter }}",
    )
    .unwrap();
    let error = report::render_html(&skyways::skyways(), &options)
        .unwrap_err()
        .to_string();
    assert!(error.contains("report.html"), "{error}");
    assert!(error.contains("nonexistent_filter"), "{error}");

    // A template that includes itself is refused before rendering (tera would recurse until
    // the stack overflowed, aborting the process).
    std::fs::write(
        dir.path().join("report.html"),
        "{% include \"report.html\" %}",
    )
    .unwrap();
    let error = report::render_html(&skyways::skyways(), &options)
        .unwrap_err()
        .to_string();
    assert!(error.contains("report.html → report.html"), "{error}");

    let missing = RenderOptions {
        templates_dir: Some(dir.path().join("no-such-folder")),
    };
    let error = report::render_html(&skyways::skyways(), &missing)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("no-such-folder") && error.contains("cannot read the templates folder"),
        "{error}"
    );
}

#[test]
fn pdftotext_a_case_without_data_still_renders_both_outputs() {
    let case = skyways::empty();
    let page = html(&case);
    assert_inert_and_offline(&page);
    assert!(page.contains("The data holds no mentions to build a timeline from."));
    assert!(page.contains("<p class=\"empty\">No data to draw.</p>"));
    assert!(page.contains("The playbook check was not run for this incident."));
    assert!(page.contains("No lessons.md was found in the incident folder."));
    assert!(
        page.contains("No brand post was found in the data, so there is no response to measure.")
    );
    assert!(!page.contains("<figure"), "no chart without data");
    assert!(
        !page.contains("<dl class=\"stats\">\n</dl>"),
        "no empty list of figures"
    );
    let pdf = report::render_pdf(&case).expect("an empty case still typesets");
    assert!(pdf.starts_with(b"%PDF-"));
    // The PDF says what the page says where the timeline would be, and has no chart-data
    // section (it was a page with a heading alone).
    let text = pdf_text(&pdf);
    let timeline = &text[text.rfind("Timeline\n").unwrap()..];
    assert!(
        timeline.starts_with("Timeline\nNo data to draw."),
        "{}",
        &timeline[..200]
    );
    assert!(!text.contains("Chart data"), "{text}");
}
