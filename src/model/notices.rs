//! What ingest tells the user about an export: why rows were rejected, and what else about the
//! file they should know. Each is kept as data with the values its wording needs, so the report
//! can word it in its own language; `english()` gives the plain-English text that
//! `metrics.json`, `casebook inspect` and the console show.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The group a rejected row is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RejectionKind {
    LinePastLimit,
    WrongFieldCount,
    QuoteNotClosed,
    FieldTooLong,
    NoTime,
    UnreadableTime,
    ImpossibleTime,
    DateOrderConflict,
    TimeBefore1995,
    TimeInFuture,
}

impl RejectionKind {
    /// The group's name in `metrics.json`.
    pub fn english(self) -> &'static str {
        match self {
            RejectionKind::LinePastLimit => "line past 32 bits",
            RejectionKind::WrongFieldCount => "wrong number of fields",
            RejectionKind::QuoteNotClosed => "quote not closed",
            RejectionKind::FieldTooLong => "field too long",
            RejectionKind::NoTime => "no time",
            RejectionKind::UnreadableTime => "unreadable time",
            RejectionKind::ImpossibleTime => "impossible time",
            RejectionKind::DateOrderConflict => "day/month order conflict",
            RejectionKind::TimeBefore1995 => "time before 1995",
            RejectionKind::TimeInFuture => "time in the future",
        }
    }

    /// The last part of its key in the report's string catalogues.
    pub fn key(self) -> &'static str {
        match self {
            RejectionKind::LinePastLimit => "line_past_limit",
            RejectionKind::WrongFieldCount => "wrong_field_count",
            RejectionKind::QuoteNotClosed => "quote_not_closed",
            RejectionKind::FieldTooLong => "field_too_long",
            RejectionKind::NoTime => "no_time",
            RejectionKind::UnreadableTime => "unreadable_time",
            RejectionKind::ImpossibleTime => "impossible_time",
            RejectionKind::DateOrderConflict => "date_order_conflict",
            RejectionKind::TimeBefore1995 => "time_before_1995",
            RejectionKind::TimeInFuture => "time_in_future",
        }
    }
}

/// How a column of numeric dates is read: day first (`dmy`) or month first (`mdy`), as
/// `date_order` in `incident.toml` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    Dmy,
    Mdy,
}

impl DateOrder {
    pub fn english(self) -> &'static str {
        match self {
            DateOrder::Dmy => "day-first",
            DateOrder::Mdy => "month-first",
        }
    }

    pub fn other(self) -> DateOrder {
        match self {
            DateOrder::Dmy => DateOrder::Mdy,
            DateOrder::Mdy => DateOrder::Dmy,
        }
    }

    /// The `date_order` setting in `incident.toml` that reads dates this way.
    pub fn setting(self) -> &'static str {
        match self {
            DateOrder::Dmy => "dmy",
            DateOrder::Mdy => "mdy",
        }
    }
}

/// Why one row was rejected. Values from the export are cut to a readable length by ingest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    /// The row starts after `max_line`, the last line a mention's provenance can hold.
    LinePastLimit {
        line: u64,
        max_line: u64,
    },
    WrongFieldCount {
        found: usize,
        expected: usize,
    },
    /// As `WrongFieldCount`, for a short row whose first field is a label (`"Report:"`,
    /// `"From:"`): the metadata block of an export joined into the file after the first.
    MetadataRow {
        found: usize,
        expected: usize,
    },
    /// As `WrongFieldCount`, for a row that spans many lines (from `line` to `end_line`).
    WrongFieldCountLong {
        found: usize,
        expected: usize,
        line: u64,
        end_line: u64,
    },
    /// The row spans `line` to `end_line` and swallowed `swallowed` lines shaped like rows.
    QuoteNotClosed {
        line: u64,
        end_line: u64,
        swallowed: usize,
    },
    FieldTooLong {
        column: String,
        field: String,
        bytes: u64,
    },
    /// No time column, and the id is not an X/Twitter id that encodes a time.
    NoTimeInId {
        id: String,
        column: String,
    },
    /// An X/Twitter id whose time is out of range.
    IdGivesNoTime {
        id: u64,
    },
    TimeColumnEmpty {
        column: String,
    },
    UnreadableTime {
        value: String,
        column: String,
    },
    /// A time written as a number that Excel turned into scientific notation (`1,77289E+12`,
    /// epoch milliseconds): its digits are lost, and no setting reads it.
    TimeInScientificNotation {
        value: String,
        column: String,
    },
    ImpossibleTime {
        value: String,
        column: String,
    },
    /// A date that can only be read the other way round than the column is read.
    DateOrderConflict {
        value: String,
        column: String,
        read: DateOrder,
    },
    TimeBefore1995 {
        at: Timestamp,
    },
    TimeInFuture {
        at: Timestamp,
    },
}

impl RowProblem {
    pub fn kind(&self) -> RejectionKind {
        match self {
            RowProblem::LinePastLimit { .. } => RejectionKind::LinePastLimit,
            RowProblem::WrongFieldCount { .. }
            | RowProblem::MetadataRow { .. }
            | RowProblem::WrongFieldCountLong { .. } => RejectionKind::WrongFieldCount,
            RowProblem::QuoteNotClosed { .. } => RejectionKind::QuoteNotClosed,
            RowProblem::FieldTooLong { .. } => RejectionKind::FieldTooLong,
            RowProblem::NoTimeInId { .. }
            | RowProblem::IdGivesNoTime { .. }
            | RowProblem::TimeColumnEmpty { .. } => RejectionKind::NoTime,
            RowProblem::UnreadableTime { .. } | RowProblem::TimeInScientificNotation { .. } => {
                RejectionKind::UnreadableTime
            }
            RowProblem::ImpossibleTime { .. } => RejectionKind::ImpossibleTime,
            RowProblem::DateOrderConflict { .. } => RejectionKind::DateOrderConflict,
            RowProblem::TimeBefore1995 { .. } => RejectionKind::TimeBefore1995,
            RowProblem::TimeInFuture { .. } => RejectionKind::TimeInFuture,
        }
    }

    /// The reason in plain English, with what to do about it.
    pub fn english(&self) -> String {
        match self {
            RowProblem::LinePastLimit { line, max_line } => format!(
                "the row starts on line {line}, after line {max_line}, the last a mention can come from: split the export into smaller files"
            ),
            RowProblem::WrongFieldCount { found, expected } => format!(
                "{found} fields where the header has {expected}: a delimiter inside an unquoted value, a missing quote, or a row cut short"
            ),
            RowProblem::MetadataRow { found, expected } => format!(
                "{found} fields where the header has {expected}: a metadata row (\"Report:\", \"From:\", …) of another export joined into this file"
            ),
            RowProblem::WrongFieldCountLong {
                found,
                expected,
                line,
                end_line,
            } => format!(
                "{found} fields where the header has {expected}, and the row runs from line {line} to {end_line}: a quote is probably not closed"
            ),
            RowProblem::QuoteNotClosed {
                line,
                end_line,
                swallowed,
            } => format!(
                "the row runs from line {line} to {end_line} and holds {}: a quote is probably not closed",
                if *swallowed == 1 {
                    "1 line that looks like a row of its own".to_string()
                } else {
                    format!("{swallowed} lines that look like rows of their own")
                }
            ),
            RowProblem::FieldTooLong {
                column,
                field,
                bytes,
            } => format!(
                "column {column:?} ({field}) holds {:.1} MB, more than any post: probably a quote that is not closed",
                *bytes as f64 / 1e6
            ),
            RowProblem::NoTimeInId { id, column } => format!(
                "no time: the file has no time column and the id {id:?} in column {column:?} is not an X/Twitter id that encodes one"
            ),
            RowProblem::IdGivesNoTime { id } => format!("id {id} gives no valid time"),
            RowProblem::TimeColumnEmpty { column } => {
                format!("no time: column {column:?} is empty or marks the value missing (NA, null, …)")
            }
            RowProblem::UnreadableTime { value, column } => format!(
                "unreadable time {value:?} in column {column:?}: give its layout in incident.toml, e.g. [columns] date_format = \"%d/%m/%Y %H:%M\""
            ),
            RowProblem::TimeInScientificNotation { value, column } => format!(
                "time {value:?} in column {column:?} is a number Excel wrote in scientific notation: its digits are lost and no setting can read it; export the file again and do not re-save it in Excel (or import that column as text)"
            ),
            RowProblem::ImpossibleTime { value, column } => format!(
                "impossible time {value:?} in column {column:?} (a month, day, hour or offset out of range)"
            ),
            RowProblem::DateOrderConflict {
                value,
                column,
                read,
            } => {
                let other = read.other();
                format!(
                    "{value:?} in column {column:?} is a {} date but the column is read {}: if the whole column is {}, set date_order = \"{}\" in incident.toml",
                    other.english(),
                    read.english(),
                    other.english(),
                    other.setting()
                )
            }
            RowProblem::TimeBefore1995 { at } => {
                format!("time {at} is before 1995: a placeholder date or a misread epoch")
            }
            RowProblem::TimeInFuture { at } => format!("time {at} is in the future"),
        }
    }

    /// Every text in it that came from the export (values, ids, column names), for
    /// anonymization. (`field` is one of casebook's own field names.)
    pub fn texts_mut(&mut self) -> Vec<&mut String> {
        match self {
            RowProblem::FieldTooLong { column, .. } => vec![column],
            RowProblem::NoTimeInId { id, column } => vec![id, column],
            RowProblem::TimeColumnEmpty { column } => vec![column],
            RowProblem::UnreadableTime { value, column }
            | RowProblem::TimeInScientificNotation { value, column }
            | RowProblem::ImpossibleTime { value, column }
            | RowProblem::DateOrderConflict { value, column, .. } => vec![value, column],
            RowProblem::LinePastLimit { .. }
            | RowProblem::WrongFieldCount { .. }
            | RowProblem::MetadataRow { .. }
            | RowProblem::WrongFieldCountLong { .. }
            | RowProblem::QuoteNotClosed { .. }
            | RowProblem::IdGivesNoTime { .. }
            | RowProblem::TimeBefore1995 { .. }
            | RowProblem::TimeInFuture { .. } => Vec::new(),
        }
    }
}

/// Values of a column that were ignored or mended while the row itself was kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueProblem {
    NotANumber,
    Negative,
    Absurd,
    ScientificId,
    NotABoolean,
    UnknownSentiment,
    /// Longer than `limit` bytes, which no platform, language or country is.
    LongLabel {
        limit: usize,
    },
    InvalidUtf8,
    /// Times that do not fit `[columns] date_format`, read by the usual detection instead.
    OutsideDateFormat,
    /// An empty time beside its date (Brand24's `Hrs`): the mention is placed at the day's
    /// start.
    TimeMissing,
}

impl ValueProblem {
    pub fn english(self) -> String {
        match self {
            ValueProblem::NotANumber => "values that are not numbers were ignored".into(),
            ValueProblem::Negative => "negative counts were ignored".into(),
            ValueProblem::Absurd => "impossibly large counts were ignored".into(),
            ValueProblem::ScientificId => "ids were turned into scientific notation by Excel, so their digits are lost: re-export the file without opening it in Excel (those rows are de-duplicated by URL or content and cannot be linked to replies)".into(),
            ValueProblem::NotABoolean => "values that are not true/false were ignored".into(),
            ValueProblem::UnknownSentiment => "labels that are not a known sentiment were ignored (the text is scored by the lexicon instead)".into(),
            ValueProblem::LongLabel { limit } => format!("values longer than {limit} bytes are not a platform, language or country and were ignored"),
            ValueProblem::InvalidUtf8 => "values were not valid UTF-8 and had characters replaced (is part of the file in another encoding?)".into(),
            ValueProblem::OutsideDateFormat => "times do not fit the date_format of [columns] and were read by the usual detection instead: check the format, or that they are read as meant".into(),
            ValueProblem::TimeMissing => "times were empty beside their dates: those mentions are placed at the start of their day".into(),
        }
    }

    /// The last part of its key in the report's string catalogues.
    pub fn key(self) -> &'static str {
        match self {
            ValueProblem::NotANumber => "not_a_number",
            ValueProblem::Negative => "negative",
            ValueProblem::Absurd => "absurd",
            ValueProblem::ScientificId => "scientific_id",
            ValueProblem::NotABoolean => "not_a_boolean",
            ValueProblem::UnknownSentiment => "unknown_sentiment",
            ValueProblem::LongLabel { .. } => "long_label",
            ValueProblem::InvalidUtf8 => "invalid_utf8",
            ValueProblem::OutsideDateFormat => "outside_date_format",
            ValueProblem::TimeMissing => "time_missing",
        }
    }
}

/// A local time at a clock change of the zone it is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ClockChange {
    /// In the hour skipped when clocks go forward (02:30 on the last Sunday of March in
    /// Rome): it never happened, and is read as the instant an hour later on the clock.
    Skipped,
    /// In the hour repeated when clocks go back (02:30 on the last Sunday of October): it
    /// happened twice, and is read as the first.
    Repeated,
}

/// A file in an incident folder that looks like data casebook does not read: an export in a
/// form other than CSV, which the team would otherwise believe counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnreadFile {
    /// Inside the incident folder.
    pub path: String,
    pub kind: UnreadKind,
}

/// What an [`UnreadFile`] is, which says what to do with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnreadKind {
    /// `.xlsx`, `.xls`, `.ods`, …: save it as CSV.
    Spreadsheet,
    /// `.gz`, `.zip`, …: unpack it.
    Compressed,
    /// `.json`, `.jsonl`: export it as CSV.
    Json,
    /// `.tab`: a tab-separated export; rename it to `.tsv`.
    Tab,
}

impl UnreadKind {
    /// By the file's extension (lower case); `None` for files that do not look like data.
    pub fn of_extension(extension: &str) -> Option<UnreadKind> {
        Some(match extension {
            "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" | "numbers" => UnreadKind::Spreadsheet,
            "gz" | "zip" | "bz2" | "xz" | "7z" | "zst" => UnreadKind::Compressed,
            "json" | "jsonl" | "ndjson" => UnreadKind::Json,
            "tab" => UnreadKind::Tab,
            _ => return None,
        })
    }

    /// The key the catalogues word it by (`report.unread_kind.<key>`), as `metrics.json` names it.
    pub fn key(self) -> &'static str {
        match self {
            UnreadKind::Spreadsheet => "spreadsheet",
            UnreadKind::Compressed => "compressed",
            UnreadKind::Json => "json",
            UnreadKind::Tab => "tab",
        }
    }

    /// What to do, in English (the report words it in its language).
    pub fn english(self) -> &'static str {
        match self {
            UnreadKind::Spreadsheet => "a spreadsheet: save it as CSV UTF-8 to have it read",
            UnreadKind::Compressed => "compressed: unpack it to have it read",
            UnreadKind::Json => "JSON: export the mentions as CSV to have them read",
            UnreadKind::Tab => "tab-separated: rename it to .tsv to have it read",
        }
    }
}

/// Something about a file the user should know that is not a rejected row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileNotice {
    /// A UTF-16 file with an odd number of bytes.
    OddUtf16Length,
    /// The file has exactly `rows` rows, Excel's limit (a multi-line row counted once).
    EndsAtExcelLimit {
        rows: u64,
    },
    /// `count` rows of delimiters alone, the first at `first_line` (Excel saves formatted empty
    /// rows so): no mention, skipped.
    EmptyRows {
        count: u64,
        first_line: u64,
    },
    /// The header's line appears again `times` times among the rows, the first at `line`: the
    /// file joins several exports. Those lines are no rows and were skipped.
    RepeatedHeader {
        times: u64,
        line: u64,
    },
    /// The `[columns]` mapping names columns this file lacks; it was read as `format`.
    MappingNotApplied {
        missing: Vec<String>,
        format: String,
    },
    /// No column names the author (handle, id or name): the brand's posts cannot be found by
    /// handle, nor authors counted.
    NoAuthorColumn,
    /// No time column: times come from the X/Twitter ids in `column`.
    TimesFromIds {
        column: String,
    },
    /// A column name the header repeats, at these 1-based positions.
    RepeatedColumn {
        name: String,
        positions: Vec<usize>,
    },
    /// `rows` rows had local times at a clock change of `zone`, the first on `first_line`.
    ClockChange {
        change: ClockChange,
        rows: u64,
        first_line: u64,
        zone: String,
    },
    /// `rows` of the file's duplicate rows filled fields the copy kept (from an earlier row or
    /// file) lacked: its texts or counts are in the mentions, under the kept copy's line.
    FilledGaps {
        rows: u64,
    },
    /// `[filter]` left out `rows` rows, whose `column` holds none of its values: `values` are
    /// the most frequent values of those rows, with their counts, and `others` the rows with
    /// any other value (blank included); no value is named when there were too many to count.
    FilteredOut {
        column: String,
        rows: u64,
        values: Vec<(String, u64)>,
        others: u64,
    },
    /// `rows` rows had times without a zone in `column`, read in `zone` (an IANA name or
    /// `UTC`, the default).
    ZoneAssumed {
        rows: u64,
        column: String,
        zone: String,
    },
    /// `count` values of `column` had `problem`, the first on `first_line`.
    ColumnValues {
        column: String,
        problem: ValueProblem,
        count: u64,
        first_line: u64,
        example: String,
    },
    NoDataRows {
        header_line: u64,
    },
    /// Dates in `column` prove both orders; they are read `read`.
    MixedDateOrders {
        column: String,
        read: DateOrder,
    },
    /// Dates like `example` fit both orders; they are read `read`.
    AmbiguousDates {
        example: String,
        column: String,
        read: DateOrder,
    },
}

impl FileNotice {
    pub fn english(&self) -> String {
        match self {
            FileNotice::OddUtf16Length => "the file has an odd number of bytes, which UTF-16 cannot have: it was probably cut short, so its last row may be incomplete".to_string(),
            FileNotice::EndsAtExcelLimit { rows } => format!(
                "the file has exactly {rows} rows, Excel's row limit: it was probably cut when saved from Excel, and later rows are missing"
            ),
            FileNotice::EmptyRows { count: 1, first_line } => format!(
                "the row at line {first_line} has no value in any column: it was skipped"
            ),
            FileNotice::EmptyRows { count, first_line } => format!(
                "{count} rows have no value in any column, the first at line {first_line}: they were skipped"
            ),
            FileNotice::RepeatedHeader { times: 1, line } => format!(
                "the header is repeated once among the rows, at line {line}: the file joins several exports; the repeated header was skipped"
            ),
            FileNotice::RepeatedHeader { times, line } => format!(
                "the header is repeated {times} times among the rows, first at line {line}: the file joins several exports; the repeated headers were skipped"
            ),
            FileNotice::MappingNotApplied { missing, format } => format!(
                "the [columns] mapping was not applied because this file has no column {}; it was read as {format}",
                missing.iter().map(|m| format!("{m:?}")).collect::<Vec<_>>().join(", "),
            ),
            FileNotice::NoAuthorColumn => "the file has no author column (handle, id or name): its posts cannot be matched to the brand handles and their authors are not counted; map one in [columns] if the export has it under another name".to_string(),
            FileNotice::TimesFromIds { column } => format!(
                "the file has no time column: times were derived from the X/Twitter ids in column {column:?} (exact to the millisecond); rows whose id is not such an id are rejected"
            ),
            FileNotice::RepeatedColumn { name, positions } => format!(
                "column name {name:?} appears {} times (columns {}); the first is used",
                positions.len(),
                positions.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")
            ),
            FileNotice::ClockChange {
                change: ClockChange::Skipped,
                rows,
                first_line,
                zone,
            } => format!(
                "{rows} rows had local times in the hour skipped when the clocks went forward in {zone} (the first at line {first_line}): such times never happened, and were read an hour later"
            ),
            FileNotice::ClockChange {
                change: ClockChange::Repeated,
                rows,
                first_line,
                zone,
            } => format!(
                "{rows} rows had local times in the hour repeated when the clocks went back in {zone} (the first at line {first_line}): each was read as the first of the two, so it may be an hour early"
            ),
            FileNotice::FilteredOut {
                column,
                rows,
                values,
                others,
            } => {
                let mut held: Vec<String> = values
                    .iter()
                    .map(|(value, n)| format!("{value:?}: {n}"))
                    .collect();
                if values.is_empty() {
                    held.push("too many different values to list".to_string());
                } else if *others > 0 {
                    held.push(format!("other values: {others}"));
                }
                format!(
                    "rows left out by the filter, their column {column:?} holding none of its values: {rows} ({})",
                    held.join(", ")
                )
            }
            FileNotice::FilledGaps { rows } => format!(
                "duplicate rows that filled fields the copy kept first lacked (text, author, counts, …): {rows}; they are counted as duplicates, but what they add is in the mentions"
            ),
            FileNotice::ZoneAssumed { rows, column, zone } => format!(
                "{rows} rows had times without a time zone in column {column:?}; they were read as {zone}{}",
                if zone == "UTC" {
                    " (the default: set timezone in incident.toml or --tz if they are local times)"
                } else {
                    ""
                }
            ),
            FileNotice::ColumnValues {
                column,
                problem,
                count,
                first_line,
                example,
            } => format!(
                "column {column:?}: {count} {}; first at line {first_line}: {example:?}",
                problem.english()
            ),
            FileNotice::NoDataRows { header_line } => {
                format!("no data rows below the header (line {header_line})")
            }
            FileNotice::MixedDateOrders { column, read } => format!(
                "column {column:?} mixes day-first and month-first dates; read as {}, so the others are rejected",
                read.english()
            ),
            FileNotice::AmbiguousDates {
                example,
                column,
                read,
            } => format!(
                "dates like {example:?} in column {column:?} can be day-first or month-first; read as {}. If that is wrong, set date_order = \"{}\" in incident.toml",
                read.english(),
                read.other().setting()
            ),
        }
    }

    /// Every text in it that came from the export (values, column names), for anonymization.
    pub fn texts_mut(&mut self) -> Vec<&mut String> {
        match self {
            FileNotice::MappingNotApplied { missing, .. } => missing.iter_mut().collect(),
            FileNotice::TimesFromIds { column } | FileNotice::MixedDateOrders { column, .. } => {
                vec![column]
            }
            FileNotice::RepeatedColumn { name, .. } => vec![name],
            FileNotice::ZoneAssumed { column, .. } => vec![column],
            FileNotice::FilteredOut { column, values, .. } => std::iter::once(column)
                .chain(values.iter_mut().map(|(value, _)| value))
                .collect(),
            FileNotice::ColumnValues {
                column, example, ..
            }
            | FileNotice::AmbiguousDates {
                example, column, ..
            } => vec![column, example],
            FileNotice::OddUtf16Length
            | FileNotice::NoAuthorColumn
            | FileNotice::ClockChange { .. }
            | FileNotice::FilledGaps { .. }
            | FileNotice::EndsAtExcelLimit { .. }
            | FileNotice::RepeatedHeader { .. }
            | FileNotice::EmptyRows { .. }
            | FileNotice::NoDataRows { .. } => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `metrics.json` and `casebook inspect` show these texts; they read as they did when ingest
    /// wrote them directly.
    #[test]
    fn english_texts_are_the_ones_metrics_json_gives() {
        let at: Timestamp = "1990-05-01T12:00:00Z".parse().unwrap();
        let rows = [
            (
                RowProblem::WrongFieldCountLong {
                    found: 3,
                    expected: 9,
                    line: 10,
                    end_line: 40,
                },
                "wrong number of fields",
                "3 fields where the header has 9, and the row runs from line 10 to 40: a quote is probably not closed",
            ),
            (
                RowProblem::FieldTooLong {
                    column: "text".into(),
                    field: "text".into(),
                    bytes: 2_345_678,
                },
                "field too long",
                "column \"text\" (text) holds 2.3 MB, more than any post: probably a quote that is not closed",
            ),
            (
                RowProblem::NoTimeInId {
                    id: "abc".into(),
                    column: "Tweet ID".into(),
                },
                "no time",
                "no time: the file has no time column and the id \"abc\" in column \"Tweet ID\" is not an X/Twitter id that encodes one",
            ),
            (
                RowProblem::DateOrderConflict {
                    value: "13/25/2026".into(),
                    column: "Date".into(),
                    read: DateOrder::Dmy,
                },
                "day/month order conflict",
                "\"13/25/2026\" in column \"Date\" is a month-first date but the column is read day-first: if the whole column is month-first, set date_order = \"mdy\" in incident.toml",
            ),
            (
                RowProblem::TimeBefore1995 { at },
                "time before 1995",
                "time 1990-05-01T12:00:00Z is before 1995: a placeholder date or a misread epoch",
            ),
        ];
        for (problem, kind, text) in rows {
            assert_eq!(problem.kind().english(), kind);
            assert_eq!(problem.english(), text);
        }
        let notices = [
            (
                FileNotice::MappingNotApplied {
                    missing: vec!["Posted".into(), "Handle".into()],
                    format: "brandwatch".into(),
                },
                "the [columns] mapping was not applied because this file has no column \"Posted\", \"Handle\"; it was read as brandwatch",
            ),
            (
                FileNotice::RepeatedColumn {
                    name: "Date".into(),
                    positions: vec![2, 7],
                },
                "column name \"Date\" appears 2 times (columns 2, 7); the first is used",
            ),
            (
                FileNotice::FilteredOut {
                    column: "airline".into(),
                    rows: 30,
                    values: vec![("Delta".into(), 20), ("".into(), 6)],
                    others: 4,
                },
                "rows left out by the filter, their column \"airline\" holding none of its values: 30 (\"Delta\": 20, \"\": 6, other values: 4)",
            ),
            (
                FileNotice::FilledGaps { rows: 1000 },
                "duplicate rows that filled fields the copy kept first lacked (text, author, counts, …): 1000; they are counted as duplicates, but what they add is in the mentions",
            ),
            (
                FileNotice::ZoneAssumed {
                    rows: 12,
                    column: "Date".into(),
                    zone: "UTC".into(),
                },
                "12 rows had times without a time zone in column \"Date\"; they were read as UTC (the default: set timezone in incident.toml or --tz if they are local times)",
            ),
            (
                FileNotice::ColumnValues {
                    column: "Platform".into(),
                    problem: ValueProblem::LongLabel { limit: 64 },
                    count: 2,
                    first_line: 5,
                    example: "x".repeat(3),
                },
                "column \"Platform\": 2 values longer than 64 bytes are not a platform, language or country and were ignored; first at line 5: \"xxx\"",
            ),
            (
                FileNotice::AmbiguousDates {
                    example: "03/04/2026".into(),
                    column: "Date".into(),
                    read: DateOrder::Mdy,
                },
                "dates like \"03/04/2026\" in column \"Date\" can be day-first or month-first; read as month-first. If that is wrong, set date_order = \"dmy\" in incident.toml",
            ),
        ];
        for (notice, text) in notices {
            assert_eq!(notice.english(), text);
        }
    }
}
