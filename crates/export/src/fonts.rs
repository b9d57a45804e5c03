//! Finding a font that can draw Chinese, for the PDF checklist.
//!
//! Order: the `LLMPATH_CJK_FONT` environment variable (a `.ttf`/`.otf`/`.ttc` path, optionally
//! `PATH#N` for face `N` of a collection), else the usual font folders of Linux, macOS and
//! Windows, searched a few levels deep for files whose names look CJK-capable. A file counts
//! only if one of its faces maps '学' in its cmap: a name alone proves nothing. Regular Sans
//! files come before Serif and before other weights; inside a collection the Simplified
//! Chinese face wins (in Debian's `NotoSansCJK-Regular.ttc` that is face 2,
//! "Noto Sans CJK SC", after JP and KR), because the regional faces draw some characters
//! differently.
//!
//! References: OpenType spec, `cmap` and `name` tables and the TrueType Collection header
//! (<https://learn.microsoft.com/typography/opentype/spec/>).

use std::path::{Path, PathBuf};

use skrifa::raw::FileRef;
use skrifa::string::StringId;
use skrifa::{FontRef, MetadataProvider};

/// Environment variable that names the font to use, overriding the search.
pub const ENV_VAR: &str = "LLMPATH_CJK_FONT";

/// A character every usable face must have: "learn", as common as Chinese gets.
const PROBE: char = '学';

/// How deep below each font folder to look (`/usr/share/fonts/opentype/noto/x.ttc` is 2).
const MAX_DEPTH: u32 = 5;

/// File-name fragments (lowercase, without spaces, `-` or `_`) of fonts known to cover
/// Chinese, best first: Sans faces, then Serif and brush faces.
const CJK_FONT_NAMES: &[&str] = &[
    "notosanscjk",
    "notosanssc",
    "sourcehansans",
    "pingfang",
    "hiraginosansgb",
    "msyh",
    "wqymicrohei",
    "wqyzenhei",
    "droidsansfallback",
    "simhei",
    "stheiti",
    "notoserifcjk",
    "notoserifsc",
    "sourcehanserif",
    "songti",
    "simsun",
    "arphic",
    "ukai",
    "uming",
];

/// Words in a file name that mean "not the regular weight"; such files come last.
const NON_REGULAR: &[&str] = &[
    "bold",
    "black",
    "heavy",
    "light",
    "thin",
    "medium",
    "semibold",
    "demilight",
];

/// One face of a font file: `index` is the face in a `.ttc` collection (0 for plain files).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontFile {
    pub path: PathBuf,
    pub index: u32,
}

/// The font to draw Chinese with: `LLMPATH_CJK_FONT` if set (and `None` if that file has no
/// Chinese glyphs, rather than silently using another font), else the best font found in
/// [`font_folders`].
pub fn find_cjk_font() -> Option<FontFile> {
    match std::env::var_os(ENV_VAR) {
        Some(spec) if !spec.is_empty() => from_spec(&spec.to_string_lossy()),
        _ => search(&font_folders()),
    }
}

/// Where [`find_cjk_font`] looked, for an error message.
pub fn searched_folders() -> String {
    if let Some(spec) = std::env::var_os(ENV_VAR).filter(|s| !s.is_empty()) {
        return format!(
            "{ENV_VAR}={} is not a readable font with Chinese glyphs",
            spec.to_string_lossy()
        );
    }
    let folders: Vec<String> = font_folders()
        .iter()
        .map(|dir| dir.display().to_string())
        .collect();
    format!("searched {}", folders.join(", "))
}

/// The folders fonts are installed in on Linux, macOS and Windows.
pub fn font_folders() -> Vec<PathBuf> {
    let mut dirs = vec![
        PathBuf::from("/usr/share/fonts"),
        PathBuf::from("/usr/local/share/fonts"),
    ];
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        dirs.push(home.join(".local/share/fonts"));
        dirs.push(home.join(".fonts"));
        dirs.push(home.join("Library/Fonts"));
    }
    dirs.push(PathBuf::from("/Library/Fonts"));
    dirs.push(PathBuf::from("/System/Library/Fonts"));
    let windows =
        std::env::var_os("WINDIR").map_or_else(|| PathBuf::from("C:\\Windows"), PathBuf::from);
    dirs.push(windows.join("Fonts"));
    if let Some(local) = std::env::var_os("LOCALAPPDATA") {
        dirs.push(PathBuf::from(local).join("Microsoft\\Windows\\Fonts"));
    }
    dirs
}

/// `PATH` or `PATH#N`. A path that exists as written wins over reading `#N` as a face index,
/// so a file name containing `#` still works.
fn from_spec(spec: &str) -> Option<FontFile> {
    let path = Path::new(spec);
    if path.is_file() {
        let data = std::fs::read(path).ok()?;
        let index = best_face(&data)?;
        return Some(FontFile {
            path: path.to_path_buf(),
            index,
        });
    }
    let (path, index) = spec.rsplit_once('#')?;
    let index: u32 = index.parse().ok()?;
    let data = std::fs::read(path).ok()?;
    let face = FontRef::from_index(&data, index).ok()?;
    has_probe(&face).then(|| FontFile {
        path: PathBuf::from(path),
        index,
    })
}

/// The best CJK-capable face among the candidate files under `folders`.
fn search(folders: &[PathBuf]) -> Option<FontFile> {
    let mut candidates = Vec::new();
    for dir in folders {
        collect_candidates(dir, MAX_DEPTH, &mut candidates);
    }
    candidates.sort_by_cached_key(|path| (file_rank(path), path.clone()));
    candidates.into_iter().find_map(|path| {
        let data = std::fs::read(&path).ok()?;
        let index = best_face(&data)?;
        Some(FontFile { path, index })
    })
}

/// File name lowercased without separators: "Noto Sans-CJK_SC.otf" → "notosanscjksc.otf".
fn normalized_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().to_lowercase())
        .unwrap_or_default()
        .replace([' ', '-', '_'], "")
}

/// Font files under `dir` whose names look CJK-capable.
fn collect_candidates(dir: &Path, depth: u32, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            if depth > 0 {
                collect_candidates(&path, depth - 1, out);
            }
            continue;
        }
        let name = normalized_name(&path);
        let is_font = [".ttf", ".ttc", ".otf", ".otc"]
            .iter()
            .any(|ext| name.ends_with(ext));
        if is_font && CJK_FONT_NAMES.iter().any(|f| name.contains(f)) {
            out.push(path);
        }
    }
}

/// Lower is better: regular weights first (a variable font's default instance may be the
/// thinnest), then the order of [`CJK_FONT_NAMES`].
fn file_rank(path: &Path) -> (bool, usize) {
    let name = normalized_name(path);
    let other_weight = NON_REGULAR.iter().any(|w| name.contains(w))
        || name.contains("vf.")
        || name.contains("mono");
    let family = CJK_FONT_NAMES
        .iter()
        .position(|f| name.contains(f))
        .unwrap_or(CJK_FONT_NAMES.len());
    (other_weight, family)
}

fn has_probe(face: &FontRef<'_>) -> bool {
    face.charmap().map(PROBE).is_some()
}

fn family_name(face: &FontRef<'_>) -> String {
    [StringId::TYPOGRAPHIC_FAMILY_NAME, StringId::FAMILY_NAME]
        .into_iter()
        .find_map(|id| face.localized_strings(id).english_or_first())
        .map(|name| name.chars().collect())
        .unwrap_or_default()
}

/// Lower is better: Simplified Chinese ("… SC", "… CN", "… GB"), then faces that name no
/// region, then other regions (JP, KR, TC, HK); monospaced faces after proportional ones.
fn face_rank(family: &str) -> u32 {
    let words: Vec<&str> = family.split_whitespace().collect();
    let has = |w: &str| words.iter().any(|x| x.eq_ignore_ascii_case(w));
    let region = if has("SC") || has("CN") || has("GB") || family.contains("Simplified") {
        0
    } else if ["JP", "KR", "TC", "HK", "J", "K"].iter().any(|w| has(w)) {
        2
    } else {
        1
    };
    region + if has("Mono") { 3 } else { 0 }
}

/// The index of the best face of a font file (or collection) that maps [`PROBE`].
fn best_face(data: &[u8]) -> Option<u32> {
    let file = FileRef::new(data).ok()?;
    file.fonts()
        .enumerate()
        .filter_map(|(index, face)| Some((u32::try_from(index).ok()?, face.ok()?)))
        .filter(|(_, face)| has_probe(face))
        .min_by_key(|(index, face)| (face_rank(&family_name(face)), *index))
        .map(|(index, _)| index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simplified_chinese_faces_rank_before_other_regions_and_mono() {
        assert!(face_rank("Noto Sans CJK SC") < face_rank("WenQuanYi Zen Hei"));
        assert!(face_rank("WenQuanYi Zen Hei") < face_rank("Noto Sans CJK JP"));
        assert!(face_rank("Noto Sans CJK JP") < face_rank("Noto Sans Mono CJK SC"));
        assert_eq!(face_rank("Source Han Sans CN"), 0);
    }

    #[test]
    fn regular_sans_files_rank_before_bold_and_serif() {
        let rank = |name: &str| file_rank(Path::new(name));
        let sans = rank("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
        assert!(sans < rank("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"));
        assert!(sans < rank("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"));
        assert!(rank("NotoSerifCJK-Regular.ttc") < rank("NotoSansCJK-Bold.ttc"));
        assert!(rank("wqy-microhei.ttc") < rank("NotoSansCJK-VF.otf.ttc"));
    }

    #[test]
    fn a_missing_override_is_not_replaced_by_another_font() {
        assert_eq!(from_spec("/nonexistent/font.ttc#2"), None);
        assert_eq!(from_spec("/nonexistent/font.ttc"), None);
    }
}
