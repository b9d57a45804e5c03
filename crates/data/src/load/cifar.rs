//! CIFAR-10: 32×32 colour images of 10 classes, as `u8` pixels in PyTorch's channel-first
//! layout (C, H, W) = (3, 32, 32) per image, and labels 0–9.
//!
//! Two sources, the full set preferred when it is there ([`cifar10`] says which it read):
//!
//! - `cifar10`: the publisher's `cifar-10-binary.tar.gz` as downloaded (`llmpath data fetch
//!   cifar10`, 170 MB), read in place: a gzip of a tar of `data_batch_1..5.bin` (50 000 training
//!   images) and `test_batch.bin` (10 000), each a run of 3073-byte records, one label byte then
//!   the 3072 pixels, all red then all green then all blue, each plane row-major.
//! - `cifar10_subset` (the offline copy): ConvNetJS's PNG sprites, 1024×1000 RGB: row r of
//!   `cifar10_batch_N.png` is image N·1000 + r, pixel (y, x) at column 32y + x, channels
//!   interleaved; batches 0–3 are the first 4 000 training images, batch 50 the first 1 000 test
//!   images; `cifar10_labels.js` is `var labels=[…]` with the label of image N·1000 + r.
//!
//! Reference: A. Krizhevsky (2009), "Learning multiple layers of features from tiny images",
//! and <https://www.cs.toronto.edu/~kriz/cifar.html> (the binary format).

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use ndarray::{Array1, Array2};

use crate::{DataDir, DataError, Result};

/// Pixels per image: 3 channels × 32 × 32.
pub const CIFAR_PIXELS: usize = 3 * 32 * 32;

/// The class names, in label order.
pub const CIFAR10_CLASSES: [&str; 10] = [
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck",
];

/// The full set's archive in the data folder (registry dataset `cifar10`).
pub const CIFAR10_ARCHIVE: &str = "cifar10/cifar-10-binary.tar.gz";

const SUBSET_TRAIN: [&str; 4] = [
    "cifar10_subset/cifar10_batch_0.png",
    "cifar10_subset/cifar10_batch_1.png",
    "cifar10_subset/cifar10_batch_2.png",
    "cifar10_subset/cifar10_batch_3.png",
];
const SUBSET_TEST: &str = "cifar10_subset/cifar10_batch_50.png";
const SUBSET_LABELS: &str = "cifar10_subset/cifar10_labels.js";
/// The sprite of test images is batch 50 of ConvNetJS's numbering.
const SUBSET_TEST_BATCH: usize = 50;

/// One split: `images` is (n, 3072), each row (C, H, W) = (3, 32, 32) row-major, 0–255.
#[derive(Debug, Clone)]
pub struct CifarSplit {
    pub images: Array2<u8>,
    pub labels: Array1<usize>,
}

impl CifarSplit {
    /// How many images show each class.
    pub fn label_counts(&self) -> [usize; 10] {
        let mut counts = [0; 10];
        for &label in &self.labels {
            counts[label] += 1;
        }
        counts
    }
}

/// Which files the images came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CifarSource {
    /// The publisher's archive: 50 000 training and 10 000 test images.
    Full,
    /// The offline PNG subset: 4 000 training and 1 000 test images.
    Subset,
}

impl CifarSource {
    /// The registry's name of the dataset.
    pub fn dataset(self) -> &'static str {
        match self {
            CifarSource::Full => "cifar10",
            CifarSource::Subset => "cifar10_subset",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Cifar10 {
    pub train: CifarSplit,
    pub test: CifarSplit,
    pub source: CifarSource,
}

/// The full set when its archive is in the data folder, else the offline subset.
pub fn cifar10(dir: &DataDir) -> Result<Cifar10> {
    match dir.join(CIFAR10_ARCHIVE).is_file() {
        true => cifar10_full(dir),
        false => cifar10_subset(dir),
    }
}

/// The 50 000 + 10 000 images from the publisher's archive (about 2 s to decompress).
pub fn cifar10_full(dir: &DataDir) -> Result<Cifar10> {
    let path = dir.require("cifar10", CIFAR10_ARCHIVE)?;
    let file = File::open(&path).map_err(|e| DataError::io("open", &path, e))?;
    let gz = flate2::read::GzDecoder::new(BufReader::with_capacity(1 << 16, file));
    let mut train: Vec<Option<CifarSplit>> = vec![None; 5];
    let mut test = None;
    for_each_tar_member(gz, &path, |name, bytes| {
        let file_name = name.rsplit('/').next().unwrap_or(name);
        let slot = match file_name {
            "test_batch.bin" => &mut test,
            _ => match file_name
                .strip_prefix("data_batch_")
                .and_then(|s| s.strip_suffix(".bin"))
            {
                Some(k @ ("1" | "2" | "3" | "4" | "5")) => {
                    &mut train[k.parse::<usize>().map_or(0, |k| k - 1)]
                }
                _ => return Ok(()),
            },
        };
        *slot = Some(read_cifar_binary(&bytes, &path.join(name))?);
        Ok(())
    })?;
    let missing = |what: &str| DataError::BadCifar {
        path: path.clone(),
        what: format!("the archive has no {what}"),
    };
    let batches = (train.into_iter().enumerate())
        .map(|(k, b)| b.ok_or_else(|| missing(&format!("data_batch_{}.bin", k + 1))))
        .collect::<Result<Vec<_>>>()?;
    Ok(Cifar10 {
        train: concat(&batches),
        test: test.ok_or_else(|| missing("test_batch.bin"))?,
        source: CifarSource::Full,
    })
}

/// The 4 000 + 1 000 images of the offline PNG subset.
pub fn cifar10_subset(dir: &DataDir) -> Result<Cifar10> {
    let labels_path = dir.require("cifar10_subset", SUBSET_LABELS)?;
    let labels = read_labels_js(&labels_path)?;
    let split = |files: &[&'static str], first_batch: usize| -> Result<CifarSplit> {
        let mut parts = Vec::new();
        for (k, &file) in files.iter().enumerate() {
            let path = dir.require("cifar10_subset", file)?;
            let images = read_sprite_png(&path)?;
            let start = (first_batch + k) * 1000;
            let Some(batch_labels) = labels.get(start..start + images.nrows()) else {
                return Err(DataError::BadCifar {
                    path: labels_path.clone(),
                    what: format!(
                        "{} labels, the images of {} need up to index {}",
                        labels.len(),
                        path.display(),
                        start + images.nrows() - 1
                    ),
                });
            };
            parts.push(CifarSplit {
                images,
                labels: Array1::from(batch_labels.to_vec()),
            });
        }
        Ok(concat(&parts))
    };
    Ok(Cifar10 {
        train: split(&SUBSET_TRAIN, 0)?,
        test: split(&[SUBSET_TEST], SUBSET_TEST_BATCH)?,
        source: CifarSource::Subset,
    })
}

fn concat(parts: &[CifarSplit]) -> CifarSplit {
    let views: Vec<_> = parts.iter().map(|p| p.images.view()).collect();
    let labels: Vec<usize> = parts
        .iter()
        .flat_map(|p| p.labels.iter().copied())
        .collect();
    CifarSplit {
        images: ndarray::concatenate(ndarray::Axis(0), &views)
            .expect("every part has 3072 columns"),
        labels: Array1::from(labels),
    }
}

/// Records of the binary format: 1 label byte (0–9), then 3072 pixel bytes (C, H, W).
pub fn read_cifar_binary(bytes: &[u8], path: &Path) -> Result<CifarSplit> {
    let record = 1 + CIFAR_PIXELS;
    let bad = |what: String| DataError::BadCifar {
        path: path.to_owned(),
        what,
    };
    if bytes.is_empty() || !bytes.len().is_multiple_of(record) {
        return Err(bad(format!(
            "{} bytes is not a whole number of 3073-byte records (1 label + 3×32×32 pixels)",
            bytes.len()
        )));
    }
    let n = bytes.len() / record;
    let mut images = Vec::with_capacity(n * CIFAR_PIXELS);
    let mut labels = Vec::with_capacity(n);
    for (i, r) in bytes.chunks_exact(record).enumerate() {
        if r[0] > 9 {
            return Err(bad(format!(
                "record {i} has label {}, not a class 0–9",
                r[0]
            )));
        }
        labels.push(r[0] as usize);
        images.extend_from_slice(&r[1..]);
    }
    Ok(CifarSplit {
        images: Array2::from_shape_vec((n, CIFAR_PIXELS), images).expect("n × 3072 pixels"),
        labels: Array1::from(labels),
    })
}

/// A ConvNetJS sprite: an 8-bit RGB PNG 1024 pixels wide, one image per row, pixel (y, x) at
/// column 32y + x; returned as (rows, 3072) in (C, H, W) order.
pub fn read_sprite_png(path: &Path) -> Result<Array2<u8>> {
    let bad = |what: String| DataError::BadCifar {
        path: path.to_owned(),
        what,
    };
    let file = File::open(path).map_err(|e| DataError::io("open", path, e))?;
    let mut decoder = png::Decoder::new(BufReader::new(file));
    // Expand palettes and < 8-bit depths to bytes, so every valid PNG can be checked below.
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder
        .read_info()
        .map_err(|e| bad(format!("not a readable PNG ({e})")))?;
    let mut buffer = vec![0; reader.output_buffer_size()];
    let info = reader
        .next_frame(&mut buffer)
        .map_err(|e| bad(format!("bad PNG data ({e})")))?;
    if (info.color_type, info.bit_depth) != (png::ColorType::Rgb, png::BitDepth::Eight)
        || info.width != 1024
    {
        return Err(bad(format!(
            "a {}×{} {:?} PNG of {:?} depth; CIFAR sprites are 8-bit RGB, 1024 pixels wide",
            info.width, info.height, info.color_type, info.bit_depth
        )));
    }
    let rows = info.height as usize;
    let mut images = Array2::zeros((rows, CIFAR_PIXELS));
    for (r, line) in buffer[..info.buffer_size()]
        .chunks_exact(info.line_size)
        .enumerate()
    {
        for p in 0..1024 {
            for c in 0..3 {
                images[[r, c * 1024 + p]] = line[3 * p + c];
            }
        }
    }
    Ok(images)
}

/// `var labels=[6, 9, …];`: the labels, each 0–9.
pub fn read_labels_js(path: &Path) -> Result<Vec<usize>> {
    let text = std::fs::read_to_string(path).map_err(|e| DataError::io("read", path, e))?;
    let bad = |what: String| DataError::BadCifar {
        path: path.to_owned(),
        what,
    };
    let list = text
        .trim()
        .strip_prefix("var labels=[")
        .and_then(|rest| rest.trim_end_matches(';').strip_suffix(']'))
        .ok_or_else(|| bad("expected `var labels=[…];`".to_owned()))?;
    (list.split(',').enumerate())
        .map(|(i, item)| match item.trim().parse::<usize>() {
            Ok(label) if label < 10 => Ok(label),
            _ => Err(bad(format!(
                "label {i} is {:?}, not a class 0–9",
                item.trim()
            ))),
        })
        .collect()
}

/// Calls `visit(name, contents)` for each regular file of a tar stream (POSIX ustar or GNU:
/// 512-byte headers, the size in octal at bytes 124–135, contents padded to 512 bytes).
fn for_each_tar_member(
    mut tar: impl Read,
    path: &Path,
    mut visit: impl FnMut(&str, Vec<u8>) -> Result<()>,
) -> Result<()> {
    let bad = |what: String| DataError::BadCifar {
        path: path.to_owned(),
        what,
    };
    let mut header = [0u8; 512];
    loop {
        if let Err(e) = tar.read_exact(&mut header) {
            return Err(bad(format!(
                "the tar archive ends without its end marker ({e})"
            )));
        }
        if header.iter().all(|&b| b == 0) {
            return Ok(()); // the end-of-archive block
        }
        let field = |range: std::ops::Range<usize>| {
            let bytes = &header[range];
            String::from_utf8_lossy(
                &bytes[..bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len())],
            )
            .trim()
            .to_owned()
        };
        let name = field(0..100);
        let size = u64::from_str_radix(&field(124..136), 8)
            .map_err(|_| bad(format!("tar header of {name:?} has no octal size")))?;
        let mut contents = Vec::new();
        (&mut tar)
            .take(size)
            .read_to_end(&mut contents)
            .map_err(|e| DataError::io("read", path, e))?;
        if contents.len() as u64 != size {
            return Err(bad(format!(
                "{name} is cut short: {} of {size} bytes",
                contents.len()
            )));
        }
        let padding = (512 - size % 512) % 512;
        std::io::copy(&mut (&mut tar).take(padding), &mut std::io::sink())
            .map_err(|e| DataError::io("read", path, e))?;
        // Type '0' (or NUL in old archives) is a regular file; directories and the rest are skipped.
        if matches!(header[156], b'0' | 0) {
            visit(&name, contents)?;
        }
    }
}

/// Where the test below finds the PNG sprite of `batch`.
#[cfg(test)]
fn subset_path(dir: &DataDir, batch: usize) -> std::path::PathBuf {
    dir.join(&format!("cifar10_subset/cifar10_batch_{batch}.png"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dir::tests::shared_data;
    use crate::load::tests::data_with;

    #[test]
    fn subset_is_4000_train_and_1000_test_with_known_pixels_and_labels() {
        let cifar = cifar10_subset(&shared_data()).unwrap();
        assert_eq!(cifar.source, CifarSource::Subset);
        assert_eq!(cifar.train.images.dim(), (4000, 3072));
        assert_eq!(cifar.test.images.dim(), (1000, 3072));
        // The data README's first labels (frog truck truck deer car car bird horse ship cat).
        let first = |s: &CifarSplit| s.labels.iter().take(10).copied().collect::<Vec<_>>();
        assert_eq!(first(&cifar.train), [6, 9, 9, 4, 1, 1, 2, 7, 8, 3]);
        assert_eq!(first(&cifar.test), [3, 8, 8, 0, 6, 6, 1, 6, 3, 1]);
        // Counted independently with Python on cifar10_labels.js.
        assert_eq!(
            cifar.train.label_counts(),
            [396, 366, 420, 384, 422, 393, 414, 385, 407, 413]
        );
        assert_eq!(
            cifar.test.label_counts(),
            [103, 89, 100, 103, 90, 86, 112, 102, 106, 109]
        );
        // The first training image's first pixel is (59, 62, 63), as in the publisher's
        // data_batch_1 (its bytes 1, 1025 and 2049); the others were decoded with zlib and NumPy
        // (the test image's (158, 112, 49) is also the publisher's test_batch's first pixel).
        let px = |s: &CifarSplit, i: usize, y: usize, x: usize| {
            [0, 1, 2].map(|c| s.images[[i, c * 1024 + y * 32 + x]])
        };
        assert_eq!(px(&cifar.train, 0, 0, 0), [59, 62, 63]);
        assert_eq!(px(&cifar.train, 0, 0, 1), [43, 46, 45]);
        assert_eq!(px(&cifar.train, 0, 1, 0), [16, 20, 20]);
        assert_eq!(px(&cifar.train, 1, 0, 0), [154, 177, 187]);
        assert_eq!(px(&cifar.train, 999, 31, 31), [132, 131, 126]);
        assert_eq!(px(&cifar.train, 3999, 16, 5), [11, 40, 7]);
        assert_eq!(px(&cifar.test, 0, 0, 0), [158, 112, 49]);
    }

    #[test]
    fn without_the_archive_cifar10_reads_the_subset_and_says_so() {
        let cifar = cifar10(&shared_data()).unwrap();
        assert_eq!(cifar.source, CifarSource::Subset);
        assert_eq!(cifar.source.dataset(), "cifar10_subset");
    }

    #[test]
    fn binary_records_from_a_synthetic_archive() {
        // Two records per batch: label, then 3072 pixels with a marker in the first and last.
        let batch = |labels: [u8; 2]| {
            let mut bytes = Vec::new();
            for (i, &l) in labels.iter().enumerate() {
                let mut pixels = vec![l; CIFAR_PIXELS];
                pixels[0] = i as u8;
                pixels[CIFAR_PIXELS - 1] = 200 + l;
                bytes.push(l);
                bytes.extend(pixels);
            }
            bytes
        };
        let mut tar = Vec::new();
        let mut add = |name: &str, contents: &[u8], kind: u8| {
            let mut header = [0u8; 512];
            header[..name.len()].copy_from_slice(name.as_bytes());
            let size = format!("{:011o}\0", contents.len());
            header[124..136].copy_from_slice(size.as_bytes());
            header[156] = kind;
            tar.extend(header);
            tar.extend(contents);
            tar.resize(tar.len().div_ceil(512) * 512, 0);
        };
        add("cifar-10-batches-bin/", &[], b'5');
        add("cifar-10-batches-bin/batches.meta.txt", b"airplane\n", b'0');
        for k in 1..=5u8 {
            add(
                &format!("cifar-10-batches-bin/data_batch_{k}.bin"),
                &batch([k, 9 - k]),
                b'0',
            );
        }
        add("cifar-10-batches-bin/test_batch.bin", &batch([0, 7]), b'0');
        tar.extend([0; 1024]);
        let (_tmp, dir) = data_with(CIFAR10_ARCHIVE, &tar);
        let cifar = cifar10(&dir).unwrap();
        assert_eq!(cifar.source, CifarSource::Full);
        assert_eq!(cifar.train.images.dim(), (10, 3072));
        assert_eq!(cifar.train.labels.to_vec(), [1, 8, 2, 7, 3, 6, 4, 5, 5, 4]);
        assert_eq!(cifar.test.labels.to_vec(), [0, 7]);
        assert_eq!(
            (cifar.test.images[[1, 0]], cifar.test.images[[1, 3071]]),
            (1, 207)
        );
        assert_eq!(cifar.train.images[[9, 1]], 4);

        // Without test_batch.bin: named.
        let cut = tar.len() - 1024 - 2 * 512 - 6656;
        let mut short = tar[..cut].to_vec();
        short.extend([0; 1024]);
        let (_tmp, dir) = data_with(CIFAR10_ARCHIVE, &short);
        let err = cifar10(&dir).unwrap_err().to_string();
        assert!(err.contains("the archive has no test_batch.bin"), "{err}");
        // Cut mid-member: named.
        let (_tmp, dir) = data_with(CIFAR10_ARCHIVE, &tar[..2000]);
        let err = cifar10(&dir).unwrap_err().to_string();
        assert!(
            err.contains("is cut short") || err.contains("ends without"),
            "{err}"
        );
    }

    #[test]
    fn malformed_records_labels_and_pngs_are_refused_with_the_reason() {
        let path = Path::new("x.bin");
        let err = read_cifar_binary(&[0; 3072], path).unwrap_err().to_string();
        assert!(
            err.contains("3072 bytes is not a whole number of 3073-byte records"),
            "{err}"
        );
        let mut record = vec![0; 3073];
        record[0] = 10;
        let err = read_cifar_binary(&record, path).unwrap_err().to_string();
        assert!(
            err.contains("record 0 has label 10, not a class 0–9"),
            "{err}"
        );

        let (_tmp, dir) = data_with("l.js", b"var labels=[1, 2, x];");
        let err = read_labels_js(&dir.join("l.js")).unwrap_err().to_string();
        assert!(err.contains("label 2 is \"x\""), "{err}");
        let (_tmp, dir) = data_with("l.js", b"labels = 1, 2");
        let err = read_labels_js(&dir.join("l.js")).unwrap_err().to_string();
        assert!(err.contains("expected `var labels=[…];`"), "{err}");

        let (_tmp, dir) = data_with("cifar10_subset/cifar10_batch_0.png", b"not a png");
        let err = read_sprite_png(&subset_path(&dir, 0))
            .unwrap_err()
            .to_string();
        assert!(err.contains("not a readable PNG"), "{err}");
        // A valid PNG of the wrong shape: 2×1 grey.
        let mut png_bytes = Vec::new();
        let mut encoder = png::Encoder::new(&mut png_bytes, 2, 1);
        encoder.set_color(png::ColorType::Grayscale);
        encoder
            .write_header()
            .unwrap()
            .write_image_data(&[0, 255])
            .unwrap();
        let (_tmp, dir) = data_with("cifar10_subset/cifar10_batch_0.png", &png_bytes);
        let err = read_sprite_png(&subset_path(&dir, 0))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("CIFAR sprites are 8-bit RGB, 1024 pixels wide"),
            "{err}"
        );
    }
}
