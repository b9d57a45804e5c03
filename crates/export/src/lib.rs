//! Renders the checklist ([`llmpath_plan::Checklist`]) and the calendar
//! ([`llmpath_plan::Calendar`]) to files a learner prints or imports.

pub mod csv;
pub mod fonts;
pub mod html;
pub mod ics;
pub mod markdown;
pub mod pdf;

/// Errors while rendering.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// No font that can draw Chinese was found for a PDF; the message says what to install.
    #[error(
        "no font that can draw Chinese was found for the PDF ({searched}). Install one: Debian/Ubuntu `sudo apt-get install fonts-noto-cjk`, Fedora `sudo dnf install google-noto-sans-cjk-fonts`, Arch `sudo pacman -S noto-fonts-cjk`; or point LLMPATH_CJK_FONT at a .ttf/.otf/.ttc file"
    )]
    NoCjkFont { searched: String },
    /// A font file could not be read or parsed.
    #[error("cannot use the font {path}: {reason}")]
    BadFont { path: String, reason: String },
    /// The PDF writer failed.
    #[error("cannot write the PDF: {0}")]
    Pdf(String),
    /// CSV writing failed.
    #[error("cannot write CSV: {0}")]
    Csv(#[from] ::csv::Error),
}
