//! `casebook init DIR`: scaffolds an incident folder with a commented `incident.toml`, a
//! `lessons.md` template and an `exports/` folder with a README, all in the chosen language.
//! Existing files are never overwritten.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::Language;

/// `incident.toml` with every key explained (in `language`) and commented out, and the report
/// language set.
pub fn incident_toml(language: Language) -> String {
    let template = match language {
        Language::En => include_str!("../templates/init/incident.en.toml"),
        Language::It => include_str!("../templates/init/incident.it.toml"),
        Language::Es => include_str!("../templates/init/incident.es.toml"),
        Language::Pl => include_str!("../templates/init/incident.pl.toml"),
    };
    template.replace("@LANG@", language.code())
}

/// The README of `exports/`: what to export, in `language`.
pub fn exports_readme(language: Language) -> &'static str {
    match language {
        Language::En => include_str!("../templates/init/exports-README.en.md"),
        Language::It => include_str!("../templates/init/exports-README.it.md"),
        Language::Es => include_str!("../templates/init/exports-README.es.md"),
        Language::Pl => include_str!("../templates/init/exports-README.pl.md"),
    }
}

/// The `lessons.md` template: the conventional sections, headed in `language`.
pub fn lessons_template(language: Language) -> &'static str {
    match language {
        Language::En => include_str!("../templates/init/lessons.en.md"),
        Language::It => include_str!("../templates/init/lessons.it.md"),
        Language::Es => include_str!("../templates/init/lessons.es.md"),
        Language::Pl => include_str!("../templates/init/lessons.pl.md"),
    }
}

/// Creates `dir` (and its parents) with the incident files, and returns the files written.
/// Fails, writing nothing, when any of the files already exists.
pub fn scaffold(dir: &Path, language: Language) -> Result<Vec<PathBuf>> {
    let files: [(PathBuf, String); 3] = [
        (dir.join("incident.toml"), incident_toml(language)),
        (
            dir.join("lessons.md"),
            lessons_template(language).to_string(),
        ),
        (
            dir.join("exports").join("README.md"),
            exports_readme(language).to_string(),
        ),
    ];
    for (path, _) in &files {
        if path.exists() {
            return Err(refusal(path));
        }
    }
    let exports = dir.join("exports");
    std::fs::create_dir_all(&exports).map_err(|e| Error::io(&exports, e))?;
    for (path, text) in &files {
        // `create_new` keeps the promise even if a file appeared since the check above.
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|e| match e.kind() {
                io::ErrorKind::AlreadyExists => refusal(path),
                _ => Error::io(path, e),
            })?;
        file.write_all(text.as_bytes())
            .map_err(|e| Error::io(path, e))?;
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

fn refusal(path: &Path) -> Error {
    Error::io(
        path,
        io::Error::new(
            io::ErrorKind::AlreadyExists,
            "already exists; casebook init never overwrites files: choose a new folder, or move \
             the existing files away first",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, Thresholds};

    /// The example lines (`# key = value`, `# [table]`) made live; explanations (`##`) stay.
    fn uncommented(text: &str) -> String {
        text.lines()
            .map(|line| line.strip_prefix("# ").unwrap_or(line))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The field names serde asks for when deserializing `T`: the keys `incident.toml` accepts.
    fn fields<'de, T: serde::Deserialize<'de>>() -> Vec<&'static str> {
        struct Fields(Vec<&'static str>);
        #[derive(Debug)]
        struct Done;
        impl std::fmt::Display for Done {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("done")
            }
        }
        impl std::error::Error for Done {}
        impl serde::de::Error for Done {
            fn custom<M: std::fmt::Display>(_: M) -> Self {
                Done
            }
        }
        impl<'de> serde::Deserializer<'de> for &mut Fields {
            type Error = Done;
            fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Done> {
                Err(Done)
            }
            fn deserialize_struct<V: serde::de::Visitor<'de>>(
                self,
                _: &'static str,
                fields: &'static [&'static str],
                _: V,
            ) -> Result<V::Value, Done> {
                self.0.extend(fields);
                Err(Done)
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
                byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map
                enum identifier ignored_any
            }
        }
        let mut names = Fields(Vec::new());
        let _ = T::deserialize(&mut names);
        names.0
    }

    #[test]
    fn the_scaffold_parses_as_it_is_in_every_language() {
        for language in Language::ALL {
            let config = Config::from_toml(&incident_toml(language), "incident.toml")
                .unwrap_or_else(|e| panic!("{language}: {e}"));
            assert_eq!(config.report_language, language);
            assert_eq!(config.thresholds, Thresholds::default());
        }
    }

    #[test]
    fn every_example_parses_once_uncommented_and_thresholds_show_the_defaults() {
        for language in Language::ALL {
            let text = uncommented(&incident_toml(language));
            let config = Config::from_toml(&text, "incident.toml")
                .unwrap_or_else(|e| panic!("{language}: {e}"));
            assert_eq!(config.thresholds, Thresholds::default(), "{language}");
            assert_eq!(config.sla_seconds, 3600, "{language}");
            assert!(!config.rule_enabled("posts-during-crisis"), "{language}");
            assert!(config.columns.is_some(), "{language}");
            assert!(config.filter.is_some(), "{language}");
        }
    }

    /// The keys and tables of a scaffold, in order: its example and live lines without their
    /// values (which the translations may word differently).
    fn keys(scaffold: &str) -> Vec<&str> {
        scaffold
            .lines()
            .filter(|line| !line.starts_with("##") && !line.trim().is_empty())
            .map(|line| {
                let line = line.strip_prefix("# ").unwrap_or(line);
                line.split_once(" = ").map_or(line, |(key, _)| key)
            })
            .collect()
    }

    #[test]
    fn the_translated_scaffolds_have_the_english_keys_in_the_english_order() {
        let english = incident_toml(Language::En);
        assert!(keys(&english).len() > 60, "{:?}", keys(&english));
        for language in Language::ALL {
            let translated = incident_toml(language);
            assert_eq!(keys(&translated), keys(&english), "{language}");
            assert!(!exports_readme(language).is_empty());
        }
        assert!(incident_toml(Language::Pl).contains("## Język raportu: en, it, es, pl."));
        assert!(exports_readme(Language::It).starts_with("# exports/\n\nMetti qui"));
    }

    #[test]
    fn every_key_of_incident_toml_is_in_the_scaffold() {
        use crate::config::*;
        let value: toml::Table =
            toml::from_str(&uncommented(&incident_toml(Language::En))).unwrap();
        let table = |key: &str| -> &toml::Table {
            match &value[key] {
                toml::Value::Table(t) => t,
                toml::Value::Array(a) => a[0].as_table().unwrap(),
                other => panic!("{key} is not a table: {other:?}"),
            }
        };
        let missing = |keys: Vec<&str>, table: &toml::Table, name: &str| {
            let absent: Vec<_> = keys
                .into_iter()
                .filter(|k| !table.contains_key(*k))
                .collect();
            assert!(absent.is_empty(), "{name} lacks {absent:?}");
        };
        missing(fields::<IncidentFile>(), &value, "incident.toml");
        missing(
            fields::<BusinessHoursFile>(),
            table("business_hours"),
            "[business_hours]",
        );
        missing(fields::<EventFile>(), table("events"), "[[events]]");
        missing(fields::<Thresholds>(), table("thresholds"), "[thresholds]");
        missing(fields::<ColumnMap>(), table("columns"), "[columns]");
        missing(fields::<RowFilter>(), table("filter"), "[filter]");
        let rule = table("rules")["posts-during-crisis"].as_table().unwrap();
        missing(fields::<RuleSettings>(), rule, "[rules.<id>]");
        // The field-name probe itself works.
        assert!(fields::<IncidentFile>().contains(&"campaign_hashtags"));
    }

    #[test]
    fn every_rule_id_is_listed_in_the_scaffold() {
        for language in Language::ALL {
            let scaffold = incident_toml(language);
            for id in crate::findings::RULE_IDS {
                assert!(
                    scaffold.contains(id),
                    "{language}: {id} missing from the rules list"
                );
            }
        }
    }

    #[test]
    fn lessons_templates_have_the_conventional_sections_in_their_language() {
        for language in Language::ALL {
            let template = lessons_template(language);
            assert!(
                crate::lessons::parse(template).sections.is_empty(),
                "{language}: unfilled"
            );
            // Write a line in every section and one action row: all eight are recognised.
            let filled: String = template
                .lines()
                .flat_map(|line| {
                    let extra = if line.starts_with("## ") {
                        Some("Text.")
                    } else {
                        None
                    };
                    std::iter::once(line).chain(extra)
                })
                .chain(["| Pause the scheduler | Ana | 2026-04-01 | open |"])
                .collect::<Vec<_>>()
                .join("\n");
            let lessons = crate::lessons::parse(&filled);
            let kinds: Vec<_> = lessons.sections.iter().map(|s| s.kind.as_str()).collect();
            assert_eq!(
                kinds,
                [
                    "summary",
                    "impact",
                    "timeline",
                    "root_causes",
                    "went_well",
                    "went_wrong",
                    "lucky",
                    "action_items"
                ],
                "{language}"
            );
            let action = &lessons.action_items[0];
            assert_eq!(
                (
                    action.owner.as_deref(),
                    action.due.as_deref(),
                    action.status.as_deref()
                ),
                (Some("Ana"), Some("2026-04-01"), Some("open")),
                "{language}"
            );
        }
    }

    #[test]
    fn scaffold_writes_the_files_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("broken-guitar");
        let files = scaffold(&target, Language::Es).unwrap();
        assert_eq!(files.len(), 3);
        assert!(std::fs::read_to_string(target.join("lessons.md"))
            .unwrap()
            .contains("## Qué salió bien"));
        assert!(std::fs::read_to_string(target.join("incident.toml"))
            .unwrap()
            .contains("## Idioma del informe: en, it, es, pl."));
        assert!(
            std::fs::read_to_string(target.join("exports").join("README.md"))
                .unwrap()
                .contains("Pon aquí las exportaciones")
        );
        std::fs::write(target.join("lessons.md"), "our notes").unwrap();
        std::fs::remove_file(target.join("incident.toml")).unwrap();
        let error = scaffold(&target, Language::En).unwrap_err();
        assert!(
            error.to_string().contains("lessons.md: already exists"),
            "{error}"
        );
        assert!(
            !target.join("incident.toml").exists(),
            "nothing written on refusal"
        );
        assert_eq!(
            std::fs::read_to_string(target.join("lessons.md")).unwrap(),
            "our notes"
        );
    }
}
