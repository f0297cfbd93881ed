//! The PDF: Typst embedded as a library, with a minimal in-memory world. The template
//! (`templates/report.typ`) reads the report view and the strings from `data.json` and the
//! charts from SVG files, so no text from the exports is ever parsed as Typst markup. The only
//! fonts are the vendored ones (`fonts.rs`); no file system, no network, no clock.

use std::collections::HashMap;
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use super::fonts;
use super::html::strings_tree;
use super::view::{self, ReportView};
use crate::case::CaseStudy;
use crate::error::ReportError;
use crate::i18n::Catalog;

const TEMPLATE: &str = include_str!("../../templates/report.typ");

/// The parts of the world that never change: the standard library and the fonts.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let fonts: Vec<Font> = fonts::ALL
            .iter()
            .chain([&fonts::MATH])
            .chain(&fonts::SCRIPTS)
            .chain([&fonts::EMOJI, &fonts::CJK])
            .flat_map(|bytes| Font::iter(Bytes::new(*bytes)))
            .collect();
        Shared {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

fn file_id(name: &str) -> Result<FileId, ReportError> {
    let path = VirtualPath::new(name)
        .map_err(|e| ReportError::Pdf(format!("virtual path {name}: {e:?}")))?;
    Ok(RootedPath::new(VirtualRoot::Project, path).intern())
}

struct ReportWorld {
    shared: &'static Shared,
    main: Source,
    files: HashMap<FileId, Bytes>,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files.get(&id).cloned().ok_or(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.get(index).cloned()
    }

    /// The report never shows today's date: the same data gives the same PDF.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn describe(diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| {
            let mut text = d.message.to_string();
            for hint in &d.hints {
                text.push_str(&format!(" (hint: {})", hint.v));
            }
            text
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn render(view: &ReportView, case: &CaseStudy) -> Result<Vec<u8>, ReportError> {
    // Typst memoises layout in a process-wide cache that nothing else empties: ~100 MB per
    // report, which a build of many incidents would otherwise keep adding up. It is emptied
    // before each report rather than after, so a one-report run does not spend the time.
    // (This empties it for any other Typst user in the process too; there is none.)
    typst::comemo::evict(0);
    let document = typeset(view, case)?;
    typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default())
        .map_err(|errors| ReportError::Pdf(describe(&errors)))
}

/// Lays the report out in pages: the template filled with the view and the charts.
fn typeset(view: &ReportView, case: &CaseStudy) -> Result<PagedDocument, ReportError> {
    let mut view = view.clone();
    let mut files = HashMap::new();
    for chart in view.charts_mut() {
        let svg = std::mem::take(&mut chart.svg);
        files.insert(file_id(&chart.file)?, Bytes::new(svg.into_bytes()));
    }
    let data = serde_json::json!({
        "r": view::template_data(&view)?,
        "t": strings_tree(Catalog::get(case.config.report_language)),
    });
    let json = serde_json::to_vec(&data).map_err(|e| ReportError::Pdf(e.to_string()))?;
    files.insert(file_id("data.json")?, Bytes::new(json));
    let world = ReportWorld {
        shared: shared(),
        main: Source::new(file_id("report.typ")?, TEMPLATE.to_string()),
        files,
    };
    typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| ReportError::Pdf(describe(&errors)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use typst::layout::{Frame, FrameItem};
    use typst::text::TextItem;

    /// Calls `visit` with every run of text of `frame`, groups included.
    fn each_text(frame: &Frame, visit: &mut impl FnMut(&TextItem)) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(group) => each_text(&group.frame, visit),
                FrameItem::Text(text) => visit(text),
                _ => {}
            }
        }
    }

    /// `source` typeset alone, with the report's fonts and nothing else of the template.
    fn compile(source: String) -> PagedDocument {
        let world = ReportWorld {
            shared: shared(),
            main: Source::new(file_id("test.typ").unwrap(), source),
            files: HashMap::new(),
        };
        typst::compile::<PagedDocument>(&world).output.unwrap()
    }

    #[test]
    fn emoji_are_set_in_the_bundled_emoji_font() {
        // Noto Sans has no emoji: without the emoji font they would be blank in the PDF.
        let document = compile("#set text(font: \"Noto Sans\")\nSo angry 😡 at Skyways ✈️".into());
        let mut found = Vec::new();
        each_text(&document.pages()[0].frame, &mut |text| {
            found.push(text.font.info().family.clone())
        });
        assert!(found.iter().any(|f| f == fonts::FAMILY), "{found:?}");
        assert!(found.iter().any(|f| f == "Noto Color Emoji"), "{found:?}");
    }

    /// The template's font list (`#let fonts = (…)`), so the tests set text as the report does.
    fn template_fonts() -> &'static str {
        TEMPLATE
            .lines()
            .find_map(|l| l.strip_prefix("#let fonts = "))
            .expect("the template names its fonts")
    }

    /// What a typeset document's glyphs are: the family of each glyph that was found with each
    /// character it sets, and the characters of each `.notdef` glyph (id 0, the empty box of a
    /// missing character), over every page.
    #[derive(Default)]
    struct Glyphs {
        set: Vec<(String, char)>,
        missing: Vec<String>,
    }

    fn glyphs(document: &PagedDocument) -> Glyphs {
        let mut glyphs = Glyphs::default();
        for page in document.pages() {
            each_text(&page.frame, &mut |item| {
                let family = &item.font.info().family;
                for glyph in &item.glyphs {
                    let chars = &item.text[glyph.range()];
                    if glyph.id == 0 {
                        glyphs.missing.push(chars.to_string());
                    } else {
                        // A ligature is one glyph for several characters.
                        glyphs
                            .set
                            .extend(chars.chars().map(|c| (family.clone(), c)));
                    }
                }
            });
        }
        glyphs
    }

    /// `text` typeset with the template's fonts and nothing else.
    fn set_with_template_fonts(text: &str) -> Glyphs {
        // No fallback: only the template's own list may set the text.
        glyphs(&compile(format!(
            "#set text(font: {}, fallback: false)\n{text}",
            template_fonts()
        )))
    }

    #[test]
    fn chinese_japanese_and_korean_are_set_in_the_bundled_fallback_font() {
        // Noto Sans has no CJK: without the fallback font these would be empty boxes.
        let glyphs = set_with_template_fonts("行李丢了 荷物が壊れた 수하물이 없어졌어요");
        assert_eq!(glyphs.missing, Vec::<String>::new());
        let cjk: Vec<_> = glyphs.set.iter().filter(|(_, c)| !c.is_ascii()).collect();
        assert_eq!(
            cjk.len(),
            "行李丢了荷物が壊れた수하물이없어졌어요".chars().count()
        );
        for (family, c) in cjk {
            assert_eq!(family, "Droid Sans Fallback", "{c:?}");
        }
    }

    #[test]
    fn arabic_hebrew_devanagari_and_thai_are_set_in_their_noto_fonts() {
        for (text, family) in [
            ("ضاعت حقيبتي في المطار", "Noto Sans Arabic"),
            ("המזוודה שלי אבדה", "Noto Sans Hebrew"),
            ("मेरा सामान खो गया", "Noto Sans Devanagari"),
            ("กระเป๋าของฉันหาย", "Noto Sans Thai"),
        ] {
            let glyphs = set_with_template_fonts(text);
            assert_eq!(glyphs.missing, Vec::<String>::new(), "{text}");
            let letters: Vec<_> = glyphs
                .set
                .iter()
                .filter(|(_, c)| !c.is_whitespace())
                .collect();
            assert!(!letters.is_empty(), "{text}");
            for (used, c) in letters {
                assert_eq!(used, family, "{c:?} in {text}");
            }
        }
    }

    #[test]
    fn every_character_of_the_report_strings_has_a_bundled_glyph() {
        // The catalogs in all four languages, and what the formatters add to them (the minus
        // of negative numbers, the `≥`/`<`/`–` of histogram bins). Without Noto Sans Math
        // the `≥` was an empty box.
        let mut wanted = std::collections::BTreeSet::new();
        for lang in crate::model::Language::ALL {
            let catalog = Catalog::get(lang);
            let formatted = [
                catalog.signed(-3),
                catalog.duration(-60.0),
                catalog.decimal(-2.5, 1),
            ];
            let strings = catalog.strings().into_values().map(str::to_string);
            for text in strings.chain(formatted).chain(["≥ < –".into()]) {
                wanted.extend(text.chars().filter(|c| !c.is_whitespace()));
            }
        }
        let text: String = wanted.iter().collect();
        let literal = text.replace('\\', "\\\\").replace('"', "\\\"");
        let glyphs = set_with_template_fonts(&format!("#\"{literal}\""));
        let set: std::collections::BTreeSet<char> = glyphs.set.iter().map(|(_, c)| *c).collect();
        let lacking: String = wanted.iter().filter(|c| !set.contains(c)).collect();
        assert_eq!(
            (glyphs.missing, lacking.as_str()),
            (Vec::<String>::new(), "")
        );
        for symbol in ['≥', '−', '≠'] {
            assert!(wanted.contains(&symbol), "{symbol} is no longer used");
        }
    }

    #[test]
    fn the_fixture_report_has_no_missing_glyph_in_any_language() {
        // End to end: the response-time table starts with the bin "≤ 5 min".
        for lang in crate::model::Language::ALL {
            let mut case = crate::report::fixture::skyways();
            case.config.report_language = lang;
            let view =
                crate::report::view::build(&case, crate::report::view::Medium::Print).unwrap();
            let glyphs = glyphs(&typeset(&view, &case).unwrap());
            assert_eq!(glyphs.missing, Vec::<String>::new(), "{lang:?}");
            assert!(
                glyphs.set.iter().any(|(_, c)| *c == '≤'),
                "{lang:?}: the first response-time bin is in the report"
            );
        }
    }

    #[test]
    fn inline_code_is_set_in_noto_sans_not_in_the_emoji_font() {
        // Typst sets code in a monospace font the report does not bundle; its fallback then
        // took `#` from the emoji font (which has it for keycap emoji), wide and small.
        let mut case = crate::report::fixture::skyways();
        case.lessons.sections[0].markdown = "Our promo turned `#FlyHappy` against us.".into();
        let view = crate::report::view::build(&case, crate::report::view::Medium::Print).unwrap();
        let document = typeset(&view, &case).unwrap();
        let mut found = Vec::new();
        for page in document.pages() {
            each_text(&page.frame, &mut |text| {
                found.push((text.font.info().family.clone(), text.text.to_string()))
            });
        }
        let code: Vec<_> = found
            .iter()
            .filter(|(_, t)| t.contains("FlyHappy"))
            .collect();
        assert!(!code.is_empty(), "the code is typeset");
        let hashes: Vec<_> = found.iter().filter(|(_, t)| t.starts_with('#')).collect();
        assert!(!hashes.is_empty(), "{found:?}");
        for (family, text) in code.iter().chain(&hashes) {
            assert_eq!(family, fonts::FAMILY, "{text:?}");
        }
    }
}
