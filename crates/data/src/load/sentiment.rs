//! Sentiment-labelled sentences: SST-2 (English movie-review phrases and sentences), rt-polarity
//! (Rotten Tomatoes snippets), ChnSentiCorp (Chinese hotel reviews) and waimai_10k (Chinese
//! food-delivery reviews). Every loader gives [`LabelledText`]s in file order, label 1 =
//! positive, 0 = negative; splitting, shuffling and tokenising are the labs' lessons.

use std::path::Path;

use super::{Rows, check_fields, label};
use crate::{DataDir, DataError, Result};

/// One labelled sentence or review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledText {
    pub text: String,
    /// 1 = positive, 0 = negative.
    pub label: usize,
}

/// SST-2's files: train holds 67 349 phrases of the treebank, dev (872) and test (1 821, with
/// labels) whole sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sst2Split {
    Train,
    Dev,
    Test,
}

/// Reads `sst2/{train,dev,test}.tsv`: a header (`label\tsentence` or `label\tcontent`), then
/// `0|1 \t text` rows, lower-cased with tokens separated by spaces.
pub fn sst2(dir: &DataDir, split: Sst2Split) -> Result<Vec<LabelledText>> {
    let (file, header) = match split {
        Sst2Split::Train => ("sst2/train.tsv", "label\tsentence"),
        Sst2Split::Dev => ("sst2/dev.tsv", "label\tcontent"),
        Sst2Split::Test => ("sst2/test.tsv", "label\tcontent"),
    };
    let path = dir.require("sst2", file)?;
    let text = read_text(&path)?;
    let mut lines = text.lines().enumerate().map(|(i, l)| (i as u64 + 1, l));
    match lines.next() {
        Some((_, first)) if first.trim_end_matches('\r') == header => {}
        _ => {
            return Err(malformed(
                &path,
                1,
                format!("the header must be {header:?}"),
            ));
        }
    }
    // Tab-separated without quoting (a phrase may start with `"`): split at the first tab.
    let mut sentences = Vec::new();
    for (line, row) in lines {
        let row = row.trim_end_matches('\r');
        let Some((class, sentence)) = row.split_once('\t') else {
            return Err(malformed(&path, line, "expected `label<TAB>sentence`"));
        };
        sentences.push(LabelledText {
            text: sentence.to_owned(),
            label: binary(&path, line, class)?,
        });
    }
    Ok(sentences)
}

/// Reads `rt_polarity/rt-polarity.{pos,neg}`: 5 331 positive snippets, then 5 331 negative, one
/// per line (lower-cased, tokenised). Empty lines are skipped.
pub fn rt_polarity(dir: &DataDir) -> Result<Vec<LabelledText>> {
    let mut sentences = Vec::new();
    for (file, class) in [
        ("rt_polarity/rt-polarity.pos", 1),
        ("rt_polarity/rt-polarity.neg", 0),
    ] {
        let text = read_text(&dir.require("rt_polarity", file)?)?;
        let lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
        sentences.extend(lines.map(|l| LabelledText {
            text: l.to_owned(),
            label: class,
        }));
    }
    Ok(sentences)
}

/// Reads `chnsenticorp/ChnSentiCorp_htl_all.csv` (7 766 hotel reviews, 5 322 positive); the one
/// empty review is kept, so row i is line i + 2 of the file.
pub fn chnsenticorp(dir: &DataDir) -> Result<Vec<LabelledText>> {
    reviews(&dir.require("chnsenticorp", "chnsenticorp/ChnSentiCorp_htl_all.csv")?)
}

/// Reads `chnsenticorp/waimai_10k.csv` (11 987 food-delivery reviews, 4 000 positive).
pub fn waimai_10k(dir: &DataDir) -> Result<Vec<LabelledText>> {
    reviews(&dir.require("chnsenticorp", "chnsenticorp/waimai_10k.csv")?)
}

/// A `label,review` CSV; reviews with commas are quoted, so it goes through the CSV parser.
fn reviews(path: &Path) -> Result<Vec<LabelledText>> {
    let mut rows = Rows::open(path, b',')?;
    match rows.next() {
        Some(header) => {
            let (line, header) = header?;
            if !header.iter().eq(["label", "review"]) {
                return Err(rows.malformed(line, "the header must be label,review"));
            }
        }
        None => return Err(rows.malformed(1, "the file is empty")),
    }
    let mut reviews = Vec::new();
    while let Some(row) = rows.next() {
        let (line, record) = row?;
        check_fields(&rows, line, &record, 2)?;
        reviews.push(LabelledText {
            label: label(&rows, line, &record[0], 2)?,
            text: record[1].to_owned(),
        });
    }
    Ok(reviews)
}

fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| DataError::io("read", path, e))?;
    String::from_utf8(bytes).map_err(|e| {
        // The 1-based line of the first invalid byte.
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        malformed(path, line, "not UTF-8 text")
    })
}

fn binary(path: &Path, line: u64, class: &str) -> Result<usize> {
    match class.trim() {
        "0" => Ok(0),
        "1" => Ok(1),
        other => Err(malformed(
            path,
            line,
            format!("label {other:?} is not 0 or 1"),
        )),
    }
}

fn malformed(path: &Path, line: u64, what: impl Into<String>) -> DataError {
    DataError::Malformed {
        path: path.to_owned(),
        line,
        what: what.into(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::load::tests::data_with;

    fn offline() -> Option<DataDir> {
        let dir = DataDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
        dir.join("sst2/dev.tsv").is_file().then_some(dir)
    }

    #[test]
    fn the_offline_files_have_the_documented_sizes_and_balance() {
        let Some(dir) = offline() else { return };
        let count =
            |rows: &[LabelledText]| (rows.len(), rows.iter().filter(|r| r.label == 1).count());
        assert_eq!(
            count(&sst2(&dir, Sst2Split::Train).unwrap()),
            (67349, 37569)
        );
        assert_eq!(count(&sst2(&dir, Sst2Split::Dev).unwrap()), (872, 444));
        assert_eq!(count(&sst2(&dir, Sst2Split::Test).unwrap()), (1821, 909));
        assert_eq!(count(&rt_polarity(&dir).unwrap()), (10662, 5331));
        let hotel = chnsenticorp(&dir).unwrap();
        assert_eq!(count(&hotel), (7766, 5322));
        assert_eq!(hotel.iter().filter(|r| r.text.is_empty()).count(), 1);
        assert_eq!(count(&waimai_10k(&dir).unwrap()), (11987, 4000));
        let dev = sst2(&dir, Sst2Split::Dev).unwrap();
        assert_eq!(
            dev[0],
            LabelledText {
                text: "one long string of cliches .".into(),
                label: 0
            }
        );
    }

    #[test]
    fn quoted_reviews_keep_their_commas() {
        let csv = "label,review\n1,\"好，很好\"\n0,差\n";
        let (_tmp, dir) = data_with("chnsenticorp/waimai_10k.csv", csv.as_bytes());
        let rows = waimai_10k(&dir).unwrap();
        assert_eq!(
            rows[0],
            LabelledText {
                text: "好，很好".into(),
                label: 1
            }
        );
        assert_eq!(rows[1].label, 0);
    }

    #[test]
    fn bad_rows_name_their_file_and_line() {
        let (_tmp, dir) = data_with("sst2/dev.tsv", b"label\tcontent\n1\tfine\n2\tbad label\n");
        let err = sst2(&dir, Sst2Split::Dev).unwrap_err().to_string();
        assert!(
            err.contains("dev.tsv, line 3") && err.contains("not 0 or 1"),
            "{err}"
        );

        let (_tmp, dir) = data_with("sst2/dev.tsv", b"label\tcontent\n1 no tab\n");
        let err = sst2(&dir, Sst2Split::Dev).unwrap_err().to_string();
        assert!(
            err.contains("line 2") && err.contains("label<TAB>sentence"),
            "{err}"
        );

        let (_tmp, dir) = data_with("sst2/train.tsv", b"sentence\tlabel\n");
        let err = sst2(&dir, Sst2Split::Train).unwrap_err().to_string();
        assert!(err.contains("line 1") && err.contains("header"), "{err}");

        let (_tmp, dir) = data_with("chnsenticorp/waimai_10k.csv", b"label,review\n1,a,b\n");
        let err = waimai_10k(&dir).unwrap_err().to_string();
        assert!(
            err.contains("line 2") && err.contains("expected 2 fields"),
            "{err}"
        );

        let (_tmp, dir) = data_with("rt_polarity/rt-polarity.pos", b"good\n\xff\n");
        let err = rt_polarity(&dir).unwrap_err().to_string();
        assert!(
            err.contains("rt-polarity.pos, line 2") && err.contains("UTF-8"),
            "{err}"
        );
    }

    #[test]
    fn a_missing_file_says_how_to_fetch_it() {
        let tmp = tempfile::tempdir().unwrap();
        let err = sst2(&DataDir::new(tmp.path()), Sst2Split::Dev)
            .unwrap_err()
            .to_string();
        assert!(err.contains("llmpath data fetch sst2"), "{err}");
    }
}
