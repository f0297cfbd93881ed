//! The team's `lessons.md`: recognised sections and the action-item table.
//!
//! Sections are found by heading, in English, Italian, Spanish or Polish ("What went well",
//! "Cosa è andato bene", "Qué salió bien", "Co poszło dobrze", …), whatever their level, case,
//! accents, numbering or trailing words. The level of the first recognised heading's kind is
//! the section level: deeper headings stay inside the section's body. Sections whose body is
//! empty (only the template's `<!-- hints -->` or a table header) are left out, so an unfilled
//! template adds nothing to the report. Action items come from the tables and the top-level
//! list items (task lists included) of the action-items section.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::case::{ActionItem, LessonSection, Lessons};
use crate::findings::fold;

/// Section kinds and the headings that name them, folded (lower case, no accents, words
/// separated by single spaces). A heading matches when it equals a name or starts with it
/// followed by more words.
const SECTION_NAMES: &[(&str, &[&str])] = &[
    (
        "summary",
        &[
            "summary",
            "executive summary",
            "incident summary",
            "overview",
            "tl dr",
            "tldr",
            "riepilogo",
            "sommario",
            "sintesi",
            "riassunto",
            "resumen",
            "resumen ejecutivo",
            "podsumowanie",
            "streszczenie",
        ],
    ),
    (
        "impact",
        &[
            "impact",
            "business impact",
            "impatto",
            "impacto",
            "wplyw",
            "skutki",
        ],
    ),
    (
        "timeline",
        &[
            "timeline",
            "timeline notes",
            "chronology",
            "cronologia",
            "note sulla cronologia",
            "linea temporale",
            "linea de tiempo",
            "notas de cronologia",
            "notas sobre la cronologia",
            "os czasu",
            "notatki do osi czasu",
            "chronologia",
            "przebieg",
            "przebieg zdarzen",
        ],
    ),
    (
        "root_causes",
        &[
            "root cause",
            "root causes",
            "causes",
            "cause",
            "cause principali",
            "cause profonde",
            "cause radice",
            "causa radice",
            "causa",
            "causas",
            "causa raiz",
            "causas raiz",
            "causas principales",
            "przyczyny",
            "przyczyna",
            "przyczyny zrodlowe",
            "przyczyna zrodlowa",
        ],
    ),
    (
        "went_well",
        &[
            "what went well",
            "went well",
            "cosa e andato bene",
            "cos e andato bene",
            "cosa e andata bene",
            "cosa ha funzionato",
            "que salio bien",
            "lo que salio bien",
            "que funciono",
            "co poszlo dobrze",
            "co zadzialalo",
        ],
    ),
    (
        "went_wrong",
        &[
            "what went wrong",
            "went wrong",
            "what went badly",
            "what didn t go well",
            "what did not go well",
            "cosa e andato storto",
            "cos e andato storto",
            "cosa e andato male",
            "cosa non ha funzionato",
            "que salio mal",
            "lo que salio mal",
            "que no funciono",
            "co poszlo zle",
            "co poszlo nie tak",
            "co nie zadzialalo",
            "co nie poszlo dobrze",
        ],
    ),
    (
        "lucky",
        &[
            "where we got lucky",
            "where we were lucky",
            "lucky",
            "luck",
            "dove siamo stati fortunati",
            "dove abbiamo avuto fortuna",
            "fortuna",
            "donde tuvimos suerte",
            "en que tuvimos suerte",
            "suerte",
            "gdzie mielismy szczescie",
            "szczescie",
        ],
    ),
    (
        "action_items",
        &[
            "action items",
            "action item",
            "actions",
            "follow up",
            "follow ups",
            "next steps",
            "azioni",
            "azioni correttive",
            "azioni da intraprendere",
            "prossimi passi",
            "attivita",
            "acciones",
            "acciones correctivas",
            "proximos pasos",
            "tareas",
            "dzialania",
            "dzialania naprawcze",
            "zadania",
            "kolejne kroki",
            "nastepne kroki",
        ],
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Action,
    Owner,
    Due,
    Status,
}

/// Action-table header names, folded.
const COLUMN_NAMES: &[(Column, &[&str])] = &[
    (
        Column::Action,
        &[
            "action",
            "actions",
            "action item",
            "action items",
            "task",
            "tasks",
            "item",
            "what",
            "todo",
            "to do",
            "azione",
            "azioni",
            "attivita",
            "cosa",
            "compito",
            "intervento",
            "accion",
            "acciones",
            "tarea",
            "tareas",
            "que",
            "dzialanie",
            "dzialania",
            "zadanie",
            "zadania",
            "co",
        ],
    ),
    (
        Column::Owner,
        &[
            "owner",
            "owners",
            "who",
            "responsible",
            "assignee",
            "assigned to",
            "lead",
            "responsabile",
            "chi",
            "referente",
            "incaricato",
            "responsable",
            "quien",
            "encargado",
            "odpowiedzialny",
            "odpowiedzialna",
            "osoba odpowiedzialna",
            "wlasciciel",
            "kto",
            "osoba",
        ],
    ),
    (
        Column::Due,
        &[
            "due",
            "due date",
            "deadline",
            "by",
            "by when",
            "when",
            "date",
            "target date",
            "scadenza",
            "entro",
            "entro quando",
            "data",
            "quando",
            "fecha",
            "fecha limite",
            "plazo",
            "cuando",
            "termin",
            "do kiedy",
            "kiedy",
        ],
    ),
    (
        Column::Status,
        &[
            "status",
            "state",
            "stato",
            "estado",
            "stan",
            "status realizacji",
        ],
    ),
];

/// Folded, with every run of non-alphanumeric characters turned into one space and leading
/// numbering (`2.`, `3)`) dropped.
fn normalize(text: &str) -> String {
    let folded = fold(text);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let start = words
        .iter()
        .position(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .unwrap_or(words.len());
    words[start..].join(" ")
}

fn names_match(normalized: &str, name: &str) -> bool {
    normalized == name
        || normalized
            .strip_prefix(name)
            .is_some_and(|rest| rest.starts_with(' '))
}

fn section_kind(heading: &str) -> Option<&'static str> {
    let normalized = normalize(heading);
    SECTION_NAMES
        .iter()
        .find(|(_, names)| names.iter().any(|n| names_match(&normalized, n)))
        .map(|(kind, _)| *kind)
}

fn column_of(header: &str) -> Option<Column> {
    let normalized = normalize(header);
    COLUMN_NAMES
        .iter()
        .find(|(_, names)| names.contains(&normalized.as_str()))
        .map(|(column, _)| *column)
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH
}

struct Heading {
    level: usize,
    text: String,
    /// Byte range of the whole heading in the source.
    start: usize,
    end: usize,
}

fn headings(markdown: &str) -> Vec<Heading> {
    let mut found = Vec::new();
    let mut open: Option<Heading> = None;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                open = Some(Heading {
                    level: level as usize,
                    text: String::new(),
                    start: range.start,
                    end: range.end,
                });
            }
            Event::End(TagEnd::Heading(_)) => found.extend(open.take()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(heading) = &mut open {
                    heading.text.push_str(&text);
                }
            }
            _ => {}
        }
    }
    found
}

/// The text without `<!-- … -->` comments (an unclosed comment runs to the end).
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("<!--") {
        out.push_str(&rest[..open]);
        rest = match rest[open + 4..].find("-->") {
            Some(close) => &rest[open + 4 + close + 3..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// Whether markdown shows no words besides table headers.
fn is_blank(markdown: &str) -> bool {
    let mut in_table_head = false;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::TableHead) => in_table_head = true,
            Event::End(TagEnd::TableHead) => in_table_head = false,
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text)
                if !in_table_head && !text.trim().is_empty() =>
            {
                return false;
            }
            _ => {}
        }
    }
    true
}

/// Splits `lessons.md` into its conventional sections (in any of the report languages) and
/// reads the action-item table.
pub fn parse(markdown: &str) -> Lessons {
    let headings = headings(markdown);
    let kinds: Vec<Option<&str>> = headings.iter().map(|h| section_kind(&h.text)).collect();
    let section_level = headings
        .iter()
        .zip(&kinds)
        .filter(|(_, kind)| kind.is_some())
        .map(|(h, _)| h.level)
        .min()
        .or_else(|| headings.iter().map(|h| h.level).min());
    let boundaries: Vec<(&Heading, Option<&str>)> = headings
        .iter()
        .zip(kinds)
        .filter(|(h, _)| Some(h.level) <= section_level)
        .collect();

    let mut lessons = Lessons::default();
    let mut push = |kind: &str, heading: &str, body: &str| {
        let body = strip_comments(body);
        if is_blank(&body) {
            return;
        }
        if kind == "action_items" {
            lessons.action_items.extend(action_items(&body));
        }
        lessons.sections.push(LessonSection {
            kind: kind.to_string(),
            heading: heading.trim().to_string(),
            markdown: body.trim().to_string(),
        });
    };
    let first_start = boundaries.first().map_or(markdown.len(), |(h, _)| h.start);
    push("other", "", &markdown[..first_start]);
    for (i, (heading, kind)) in boundaries.iter().enumerate() {
        let end = boundaries
            .get(i + 1)
            .map_or(markdown.len(), |(h, _)| h.start);
        push(
            kind.unwrap_or("other"),
            &heading.text,
            &markdown[heading.end..end],
        );
    }
    lessons
}

/// A cell value, or `None` for an empty cell or a placeholder dash.
fn value(text: &str) -> Option<String> {
    let text = text.trim();
    (!matches!(text, "" | "-" | "–" | "—" | "n/a" | "N/A")).then(|| text.to_string())
}

/// The action items of an action-items section: table rows (columns found by header name,
/// the first unnamed column being the action when no header names it) and top-level list
/// items, task-list items getting the status `done` or `open`.
fn action_items(markdown: &str) -> Vec<ActionItem> {
    let mut items = Vec::new();
    // Tables.
    let mut header: Vec<String> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut cell: Option<String> = None;
    let mut in_head = false;
    // Lists.
    let mut list_depth = 0usize;
    let mut item: Option<(String, Option<bool>)> = None;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::TableHead) => {
                in_head = true;
                header.clear();
            }
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => row.clear(),
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                let text = cell.take().unwrap_or_default();
                if in_head {
                    header.push(text);
                } else {
                    row.push(text);
                }
            }
            Event::End(TagEnd::TableRow) => items.extend(table_row(&header, &row)),
            Event::Start(Tag::List(_)) => list_depth += 1,
            Event::End(TagEnd::List(_)) => list_depth = list_depth.saturating_sub(1),
            Event::Start(Tag::Item) if list_depth == 1 => item = Some((String::new(), None)),
            Event::End(TagEnd::Item) if list_depth == 1 => {
                if let Some((text, checked)) = item.take() {
                    if let Some(action) = value(&text) {
                        items.push(ActionItem {
                            action,
                            owner: None,
                            due: None,
                            status: checked.map(|done| if done { "done" } else { "open" }.into()),
                        });
                    }
                }
            }
            Event::TaskListMarker(checked) if list_depth == 1 => {
                if let Some((_, status)) = &mut item {
                    *status = Some(checked);
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(cell) = &mut cell {
                    cell.push_str(&text);
                } else if let Some((item_text, _)) = &mut item {
                    if list_depth == 1 {
                        item_text.push_str(&text);
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(cell) = &mut cell {
                    cell.push(' ');
                } else if let Some((item_text, _)) = &mut item {
                    if list_depth == 1 {
                        item_text.push(' ');
                    }
                }
            }
            _ => {}
        }
    }
    items
}

fn table_row(header: &[String], row: &[String]) -> Option<ActionItem> {
    let columns: Vec<Option<Column>> = header.iter().map(|h| column_of(h)).collect();
    let find = |wanted: Column| columns.iter().position(|c| *c == Some(wanted));
    let action_column =
        find(Column::Action).or_else(|| columns.iter().position(Option::is_none))?;
    let cell = |index: Option<usize>| index.and_then(|i| row.get(i)).and_then(|t| value(t));
    Some(ActionItem {
        action: cell(Some(action_column))?,
        owner: cell(find(Column::Owner)),
        due: cell(find(Column::Due)),
        status: cell(find(Column::Status)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(lessons: &Lessons) -> Vec<&str> {
        lessons.sections.iter().map(|s| s.kind.as_str()).collect()
    }

    #[test]
    fn english_sections_and_action_table() {
        let md = "\
# Post-mortem: broken guitar

## Summary
A passenger's guitar was broken; the video went viral.

## What went well
- The CEO apologised on day 2.

### Details
Deeper headings stay in their section.

## What didn't go well
Nobody answered for 6 hours.

## Where we got lucky
It was a Sunday.

## Action items

| Action | Owner | Due date | Status |
|---|---|---|---|
| Pause scheduled posts in a crisis | Social team | 2026-04-01 | open |
| Write holding statements | — | | done |

## Appendix
Links.
";
        let lessons = parse(md);
        assert_eq!(
            kinds(&lessons),
            [
                "summary",
                "went_well",
                "went_wrong",
                "lucky",
                "action_items",
                "other"
            ]
        );
        assert_eq!(lessons.sections[1].heading, "What went well");
        assert!(lessons.sections[1].markdown.contains("### Details"));
        assert_eq!(lessons.sections[5].heading, "Appendix");
        assert_eq!(
            lessons.action_items,
            [
                ActionItem {
                    action: "Pause scheduled posts in a crisis".into(),
                    owner: Some("Social team".into()),
                    due: Some("2026-04-01".into()),
                    status: Some("open".into()),
                },
                ActionItem {
                    action: "Write holding statements".into(),
                    owner: None,
                    due: None,
                    status: Some("done".into()),
                },
            ]
        );
    }

    #[test]
    fn italian_sections_with_accents_numbering_and_task_list() {
        let md = "\
## 1. Riepilogo
Il video è diventato virale.

## 2. Cosa è andato bene
Le scuse del CEO.

## 3. Cosa è andato storto
Nessuna risposta per 6 ore.

## 4. Cause profonde
Nessun piano di crisi.

## 5. Azioni
- [ ] Sospendere i post programmati
- [x] Scrivere i messaggi di attesa
  - un dettaglio annidato
";
        let lessons = parse(md);
        assert_eq!(
            kinds(&lessons),
            [
                "summary",
                "went_well",
                "went_wrong",
                "root_causes",
                "action_items"
            ]
        );
        let actions: Vec<_> = lessons
            .action_items
            .iter()
            .map(|a| (a.action.as_str(), a.status.as_deref()))
            .collect();
        assert_eq!(
            actions,
            [
                ("Sospendere i post programmati", Some("open")),
                ("Scrivere i messaggi di attesa", Some("done")),
            ]
        );
    }

    #[test]
    fn spanish_and_polish_headings_and_table_headers() {
        let md = "\
# ¿Qué salió bien?
Respondimos rápido.

# Qué salió mal
Los posts programados.

# Acciones

| Tarea | Responsable | Fecha límite | Estado |
|---|---|---|---|
| Pausar la programación | Ana | 1/4 | abierta |
";
        let lessons = parse(md);
        assert_eq!(kinds(&lessons), ["went_well", "went_wrong", "action_items"]);
        assert_eq!(lessons.action_items[0].owner.as_deref(), Some("Ana"));
        assert_eq!(lessons.action_items[0].due.as_deref(), Some("1/4"));

        let md = "\
## Podsumowanie
Tekst.

## Co poszło źle
Brak odpowiedzi.

## Gdzie mieliśmy szczęście
Niedziela.

## Działania

| Zadanie | Kto | Termin | Stan |
|---|---|---|---|
| Wstrzymać posty | Jan | 2026-04-01 | otwarte |
";
        let lessons = parse(md);
        assert_eq!(
            kinds(&lessons),
            ["summary", "went_wrong", "lucky", "action_items"]
        );
        assert_eq!(lessons.action_items[0].status.as_deref(), Some("otwarte"));
    }

    #[test]
    fn empty_template_sections_and_comments_are_left_out() {
        let md = "\
# Lessons learned

## Summary
<!-- What happened, in three sentences. -->

## Impact
Two days of negative coverage. <!-- numbers help -->

## Action items
<!-- One row per action. -->
| Action | Owner | Due | Status |
|---|---|---|---|
";
        let lessons = parse(md);
        assert_eq!(kinds(&lessons), ["impact"]);
        assert_eq!(
            lessons.sections[0].markdown,
            "Two days of negative coverage."
        );
        assert!(lessons.action_items.is_empty());
    }

    #[test]
    fn unrecognised_headings_and_text_before_them_are_other() {
        let lessons = parse("Intro text.\n\n## Random thoughts\nMore.\n");
        assert_eq!(kinds(&lessons), ["other", "other"]);
        assert_eq!(lessons.sections[0].heading, "");
        assert_eq!(lessons.sections[1].heading, "Random thoughts");
        assert_eq!(parse(""), Lessons::default());
        // A heading inside a code block is not a heading.
        let lessons = parse("## Summary\n```\n## Impact\n```\n");
        assert_eq!(kinds(&lessons), ["summary"]);
    }

    #[test]
    fn a_table_without_known_headers_uses_its_first_column() {
        let lessons = parse("## Next steps\n\n| Thing | Person |\n|---|---|\n| Fix it | Eva |\n");
        assert_eq!(lessons.action_items[0].action, "Fix it");
        assert_eq!(lessons.action_items[0].owner, None);
    }
}
