//! The vendored fonts (`assets/fonts/`, licences there), compiled into the binary so chart text
//! metrics and the PDF never depend on the fonts of the machine: the Noto Sans family, and
//! fonts for what it lacks (math operators, other scripts, emoji, Chinese, Japanese and Korean).

use std::sync::Once;

use plotters::style::FontStyle;

pub const FAMILY: &str = "Noto Sans";

pub const REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
pub const BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Bold.ttf");
pub const ITALIC: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Italic.ttf");
pub const BOLD_ITALIC: &[u8] = include_bytes!("../../assets/fonts/NotoSans-BoldItalic.ttf");

pub const ALL: [&[u8]; 4] = [REGULAR, BOLD, ITALIC, BOLD_ITALIC];

/// Noto Color Emoji (SIL OFL 1.1): Noto Sans has no emoji, and posts are full of them. Only the
/// emoji a report uses end up in the PDF.
pub const EMOJI: &[u8] = include_bytes!("../../assets/fonts/NotoColorEmoji.ttf");

/// Noto Sans for the scripts of posts most likely beside Latin ones that Noto Sans lacks
/// (SIL OFL 1.1, ~0.5 MB together): Arabic, Hebrew, Devanagari, Thai.
pub const SCRIPTS: [&[u8]; 4] = [
    include_bytes!("../../assets/fonts/NotoSansArabic-Regular.ttf"),
    include_bytes!("../../assets/fonts/NotoSansHebrew-Regular.ttf"),
    include_bytes!("../../assets/fonts/NotoSansDevanagari-Regular.ttf"),
    include_bytes!("../../assets/fonts/NotoSansThai-Regular.ttf"),
];

/// Noto Sans Math (SIL OFL 1.1, ~0.6 MB): the operators and arrows Noto Sans lacks. Without it
/// the PDF drew `≥` (response-time bins), `≤` and `→` as empty boxes, in charts and in text,
/// took `−` (negative numbers) from Noto Sans Devanagari, and composed `≠` from `=` and a
/// combining stroke.
pub const MATH: &[u8] = include_bytes!("../../assets/fonts/NotoSansMath-Regular.ttf");

/// Droid Sans Fallback (Apache 2.0): Chinese, Japanese and Korean, which Noto Sans lacks, so a
/// quoted post in those scripts is not a row of empty boxes in the PDF.
pub const CJK: &[u8] = include_bytes!("../../assets/fonts/DroidSansFallback.ttf");

/// Registers the family with plotters once per process. The font files are compiled in and
/// checked by a test, so a registration failure is a build defect; it is ignored here because
/// plotters then reports `FontUnavailable` as a chart error, which is the right outcome.
pub fn register_with_plotters() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        for (style, bytes) in [
            (FontStyle::Normal, REGULAR),
            (FontStyle::Bold, BOLD),
            (FontStyle::Italic, ITALIC),
        ] {
            let _ = plotters::style::register_font(FAMILY, style, bytes);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vendored_font_parses_in_typst_with_the_expected_family() {
        for bytes in ALL {
            let fonts: Vec<_> =
                typst::text::Font::iter(typst::foundations::Bytes::new(bytes)).collect();
            assert_eq!(fonts.len(), 1);
            assert_eq!(fonts[0].info().family, FAMILY);
        }
    }
}
