//! The font plots are drawn with: plotters' `ab_glyph` backend draws only fonts registered at
//! run time, so each language finds a font file once per process and registers it.
//!
//! English: DejaVu Sans (Debian's `fonts-dejavu-core`) or a common system sans font, else the
//! Chinese font. Chinese: `LLMPATH_CJK_FONT` (`PATH` or `PATH#N` for face `N` of a `.ttc`, as
//! for llmpath's PDF export), else the usual places of Noto Sans CJK, WenQuanYi, Droid Sans
//! Fallback, PingFang and Microsoft YaHei. A face counts only if its `cmap` maps '学'; inside a
//! collection the Simplified Chinese face ("… SC") wins.
//!
//! The search is a short list of known paths rather than `llmpath_export::fonts`: that crate
//! would bring SQLite, the PDF writer and the whole curriculum into every lab build.
//!
//! References: OpenType spec, `cmap`, `name` and the TrueType Collection header
//! (<https://learn.microsoft.com/typography/opentype/spec/otff>).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use llmpath_lab::Lang;
use ttf_parser::{Face, name_id};

/// Environment variable naming the Chinese font, shared with llmpath's PDF export.
pub const CJK_ENV_VAR: &str = "LLMPATH_CJK_FONT";

/// Latin fonts, best first: Debian/Ubuntu, Fedora, Arch, macOS, Windows.
const LATIN_FONTS: &[&str] = &[
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
    "/Library/Fonts/Arial.ttf",
    "C:\\Windows\\Fonts\\arial.ttf",
];

/// Fonts with Chinese glyphs, best first.
const CJK_FONTS: &[&str] = &[
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
    "C:\\Windows\\Fonts\\msyh.ttc",
    "C:\\Windows\\Fonts\\simhei.ttf",
];

/// A font registered with plotters.
#[derive(Debug, Clone, Copy)]
pub struct Font {
    /// The family name to draw with; it doubles as the SVG `font-family`, so viewers without
    /// the file fall back to their own sans font.
    pub family: &'static str,
    face: &'static Face<'static>,
}

impl Font {
    /// `text` with the characters this font cannot draw spelled in ASCII: CJK fonts lack most
    /// super- and subscripts and primes, so "10⁻⁵" becomes "10^-5", "log₁₀" "log10", "σᵢ" "σ_i",
    /// "f‴" "f'''"; their full-width "‖" becomes "||".
    pub fn spell(&self, text: &str) -> String {
        let has = |c: char| self.face.glyph_index(c).is_some();
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            // A run of superscripts is drawn as it is, or spelled whole: "^-14", never "^-¹^4".
            let run = chars[i..]
                .iter()
                .take_while(|&&c| superscript(c).is_some())
                .count();
            if run > 0 {
                let part = &chars[i..i + run];
                if part.iter().all(|&c| has(c)) {
                    out.extend(part);
                } else {
                    out.push('^');
                    out.extend(part.iter().filter_map(|&c| superscript(c)));
                }
                i += run;
                continue;
            }
            match chars[i] {
                c if !has(c) && subscript(c).is_some() => {
                    let letter = subscript(c).filter(|a| !a.is_ascii_digit());
                    out.extend(letter.map(|_| '_').into_iter().chain(subscript(c)));
                }
                c @ ('′' | '″' | '‴') if !has(c) => {
                    out.push_str(&"'".repeat(c as usize - 0x2031))
                }
                // Full-width in CJK fonts, and too wide beside Latin letters.
                '‖' if !self.narrow('‖') => out.push_str("||"),
                c => out.push(c),
            }
            i += 1;
        }
        out
    }

    /// Whether `c` is in the font and narrower than a full-width (CJK) character.
    fn narrow(&self, c: char) -> bool {
        let advance = self
            .face
            .glyph_index(c)
            .and_then(|g| self.face.glyph_hor_advance(g));
        advance.is_some_and(|a| f32::from(a) < 0.8 * f32::from(self.face.units_per_em()))
    }
}

/// The ASCII character a subscript stands for.
fn subscript(c: char) -> Option<char> {
    match c {
        '₀'..='₉' => char::from_digit(c as u32 - '₀' as u32, 10),
        'ᵢ' => Some('i'),
        'ⱼ' => Some('j'),
        'ₖ' => Some('k'),
        'ₙ' => Some('n'),
        _ => None,
    }
}

/// The ASCII character a superscript stands for.
fn superscript(c: char) -> Option<char> {
    match c {
        '⁰' => Some('0'),
        '¹' => Some('1'),
        '²' => Some('2'),
        '³' => Some('3'),
        '⁴'..='⁹' => char::from_digit(c as u32 - '⁰' as u32, 10),
        '⁻' => Some('-'),
        '⁺' => Some('+'),
        'ˣ' => Some('x'),
        'ⁿ' => Some('n'),
        _ => None,
    }
}

/// Finds the font for `lang` and registers it with plotters, once per process.
pub fn register(lang: Lang) -> Result<Font, String> {
    static EN: OnceLock<Result<Font, String>> = OnceLock::new();
    static ZH: OnceLock<Result<Font, String>> = OnceLock::new();
    let (cell, family) = match lang {
        Lang::En => (&EN, "DejaVu Sans, sans-serif"),
        Lang::Zh => (&ZH, "Noto Sans CJK SC, sans-serif"),
    };
    cell.get_or_init(|| {
        let (path, index) = find(lang).ok_or_else(|| missing_font_message(lang))?;
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        // plotters keeps fonts for the whole process and wants `&'static [u8]`.
        let bytes: &'static [u8] = Box::leak(select_face(bytes, index).into_boxed_slice());
        plotters::style::register_font(family, plotters::style::FontStyle::Normal, bytes)
            .map_err(|_| format!("{} is not a font plotters can draw with", path.display()))?;
        let face = Face::parse(bytes, 0).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Font {
            family,
            face: Box::leak(Box::new(face)),
        })
    })
    .clone()
}

fn missing_font_message(lang: Lang) -> String {
    match lang {
        Lang::En => "no font found to draw plots with: install one with `sudo apt-get install fonts-dejavu-core` (Debian/Ubuntu)".to_owned(),
        Lang::Zh => format!(
            "no Chinese font found to draw plots with: install one with `sudo apt-get install fonts-noto-cjk` (Debian/Ubuntu), or set {CJK_ENV_VAR}=/path/to/font.ttc[#face]; or run with --lang en"
        ),
    }
}

/// The font file and face for `lang`.
fn find(lang: Lang) -> Option<(PathBuf, u32)> {
    let latin = || {
        LATIN_FONTS
            .iter()
            .map(Path::new)
            .find_map(|p| usable_face(p, 'a').map(|i| (p.to_path_buf(), i)))
    };
    let cjk = || match std::env::var(CJK_ENV_VAR) {
        Ok(spec) if !spec.is_empty() => from_spec(&spec),
        _ => CJK_FONTS
            .iter()
            .map(Path::new)
            .find_map(|p| usable_face(p, '学').map(|i| (p.to_path_buf(), i))),
    };
    match lang {
        Lang::En => latin().or_else(cjk),
        Lang::Zh => cjk(),
    }
}

/// `PATH` (best face) or `PATH#N` (face `N`), as `LLMPATH_CJK_FONT` is written.
fn from_spec(spec: &str) -> Option<(PathBuf, u32)> {
    let path = Path::new(spec);
    if path.is_file() {
        return usable_face(path, '学').map(|i| (path.to_path_buf(), i));
    }
    let (path, index) = spec.rsplit_once('#')?;
    let index: u32 = index.parse().ok()?;
    let data = std::fs::read(path).ok()?;
    let face = Face::parse(&data, index).ok()?;
    face.glyph_index('学').map(|_| (PathBuf::from(path), index))
}

/// The face of `path` that maps `probe`, preferring a Simplified Chinese face in collections.
fn usable_face(path: &Path, probe: char) -> Option<u32> {
    let data = std::fs::read(path).ok()?;
    let faces = ttf_parser::fonts_in_collection(&data).unwrap_or(1);
    (0..faces)
        .filter_map(|i| Some((i, Face::parse(&data, i).ok()?)))
        .filter(|(_, face)| face.glyph_index(probe).is_some())
        .min_by_key(|(i, face)| (!is_simplified_chinese(face), *i))
        .map(|(i, _)| i)
}

fn is_simplified_chinese(face: &Face<'_>) -> bool {
    face.names()
        .into_iter()
        .filter(|n| n.name_id == name_id::FAMILY || n.name_id == name_id::TYPOGRAPHIC_FAMILY)
        .filter_map(|n| n.to_string())
        .any(|family| {
            family
                .split_whitespace()
                .any(|w| matches!(w, "SC" | "CN" | "GB"))
                || family.contains("Simplified")
        })
}

/// plotters registers face 0 of a file; for face `index` of a collection (`ttcf` header:
/// tag, version, count, then one u32 offset per face) the face's offset is copied into slot 0.
fn select_face(mut bytes: Vec<u8>, index: u32) -> Vec<u8> {
    let slot = |i: usize| 12 + 4 * i;
    let index = index as usize;
    if index > 0 && bytes.starts_with(b"ttcf") && bytes.len() >= slot(index) + 4 {
        let offset: [u8; 4] = [
            bytes[slot(index)],
            bytes[slot(index) + 1],
            bytes[slot(index) + 2],
            bytes[slot(index) + 3],
        ];
        bytes[slot(0)..slot(0) + 4].copy_from_slice(&offset);
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn face_selection_moves_the_chosen_collection_offset_into_slot_zero() {
        let mut ttc = b"ttcf\0\x02\0\0\0\0\0\x03".to_vec();
        for offset in [100u32, 200, 300] {
            ttc.extend_from_slice(&offset.to_be_bytes());
        }
        let chosen = select_face(ttc.clone(), 2);
        assert_eq!(&chosen[12..16], &300u32.to_be_bytes());
        assert_eq!(&chosen[16..], &ttc[16..]);
        assert_eq!(select_face(ttc.clone(), 0), ttc);
    }

    #[test]
    fn characters_the_font_lacks_are_spelled_in_ascii() {
        let en = register(Lang::En).unwrap();
        let expected = match en.face.glyph_index('⁻') {
            Some(_) => "10⁻¹⁴",
            None => "10^-14",
        };
        assert_eq!(en.spell("10⁻¹⁴"), expected);
        let zh = register(Lang::Zh).expect("a CJK font is needed: apt-get install fonts-noto-cjk");
        if "⁻₁‴ˣᵢ".chars().all(|c| zh.face.glyph_index(c).is_none()) && !zh.narrow('‖') {
            assert_eq!(
                zh.spell("10⁻¹⁴ log₁₀ f‴ eˣ σᵢ ‖X‖ 学"),
                "10^-14 log10 f''' e^x σ_i ||X|| 学"
            );
        }
    }

    #[test]
    fn a_missing_override_is_not_replaced_by_another_font() {
        assert_eq!(from_spec("/nonexistent/font.ttc#2"), None);
        assert_eq!(from_spec("/nonexistent/font.ttc"), None);
    }
}
