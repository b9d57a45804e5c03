//! MNIST in its IDX format, gzip-compressed: images `(n, 28, 28)` of `u8`, labels `(n,)`.
//!
//! IDX header: a big-endian magic `0x00000803` (unsigned bytes, 3 dimensions) for images or
//! `0x00000801` (1 dimension) for labels, then each dimension as a big-endian `u32`, then the
//! bytes row-major.
//!
//! References: Y. LeCun, L. Bottou, Y. Bengio & P. Haffner (1998), "Gradient-based learning
//! applied to document recognition"; the format at <http://yann.lecun.com/exdb/mnist/>.

use std::io::Read;
use std::path::Path;

use ndarray::{Array1, Array2, Array3};

use super::open;
use crate::{DataDir, DataError, Result};

pub const IMAGE_ROWS: usize = 28;
pub const IMAGE_COLS: usize = 28;

const IMAGES_MAGIC: u32 = 0x0000_0803;
const LABELS_MAGIC: u32 = 0x0000_0801;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// 60000 images.
    Train,
    /// 10000 images.
    Test,
}

/// One split: `images` is (n, 784), row-major 28×28, pixels scaled from 0–255 to [0, 1].
#[derive(Debug, Clone)]
pub struct MnistSplit {
    pub images: Array2<f32>,
    pub labels: Array1<usize>,
}

#[derive(Debug, Clone)]
pub struct Mnist {
    pub train: MnistSplit,
    pub test: MnistSplit,
}

impl MnistSplit {
    /// How many images show each digit 0–9.
    pub fn label_counts(&self) -> [usize; 10] {
        let mut counts = [0; 10];
        for &label in &self.labels {
            counts[label] += 1;
        }
        counts
    }
}

/// Both splits (about 220 MB of `f32`).
pub fn mnist(dir: &DataDir) -> Result<Mnist> {
    Ok(Mnist {
        train: mnist_split(dir, Split::Train)?,
        test: mnist_split(dir, Split::Test)?,
    })
}

/// One split.
pub fn mnist_split(dir: &DataDir, split: Split) -> Result<MnistSplit> {
    let (images, labels) = match split {
        Split::Train => (
            "mnist/train-images-idx3-ubyte.gz",
            "mnist/train-labels-idx1-ubyte.gz",
        ),
        Split::Test => (
            "mnist/t10k-images-idx3-ubyte.gz",
            "mnist/t10k-labels-idx1-ubyte.gz",
        ),
    };
    let images_path = dir.require("mnist", images)?;
    let labels_path = dir.require("mnist", labels)?;
    let images = read_idx_images(&images_path)?;
    let labels = read_idx_labels(&labels_path)?;
    let (n, rows, cols) = images.dim();
    if (rows, cols) != (IMAGE_ROWS, IMAGE_COLS) {
        return Err(DataError::BadIdx {
            path: images_path,
            what: format!("images are {rows}×{cols}, MNIST's are 28×28"),
        });
    }
    if labels.len() != n {
        return Err(DataError::BadIdx {
            path: labels_path,
            what: format!("{} labels for {n} images", labels.len()),
        });
    }
    if let Some(bad) = labels.iter().find(|&&l| l > 9) {
        return Err(DataError::BadIdx {
            path: labels_path,
            what: format!("label {bad} is not a digit"),
        });
    }
    let pixels: Vec<f32> = images.iter().map(|&p| f32::from(p) / 255.0).collect();
    Ok(MnistSplit {
        images: Array2::from_shape_vec((n, rows * cols), pixels).expect("n × 784 pixels"),
        labels: labels.mapv(usize::from),
    })
}

/// An IDX file of unsigned-byte images (magic `0x00000803`): (n, rows, cols).
pub fn read_idx_images(path: &Path) -> Result<Array3<u8>> {
    let (dims, bytes) = read_idx(path, IMAGES_MAGIC)?;
    Ok(Array3::from_shape_vec((dims[0], dims[1], dims[2]), bytes).expect("length checked"))
}

/// An IDX file of unsigned-byte labels (magic `0x00000801`): (n,).
pub fn read_idx_labels(path: &Path) -> Result<Array1<u8>> {
    let (_, bytes) = read_idx(path, LABELS_MAGIC)?;
    Ok(Array1::from(bytes))
}

/// Checks the magic, reads the dimensions and exactly the bytes they promise.
fn read_idx(path: &Path, magic: u32) -> Result<(Vec<usize>, Vec<u8>)> {
    let bad = |what: String| DataError::BadIdx {
        path: path.to_owned(),
        what,
    };
    let mut reader = open(path)?;
    let mut read_u32 = |what: &str| -> Result<u32> {
        let mut word = [0; 4];
        reader
            .read_exact(&mut word)
            .map_err(|e| bad(format!("cannot read the {what} ({e})")))?;
        Ok(u32::from_be_bytes(word))
    };
    let found = read_u32("magic number")?;
    if found != magic {
        let kind = if magic == IMAGES_MAGIC {
            "images"
        } else {
            "labels"
        };
        return Err(bad(format!(
            "magic number 0x{found:08x}, expected 0x{magic:08x} (IDX {kind} of unsigned bytes)"
        )));
    }
    let ndim = (magic & 0xff) as usize;
    let dims = (0..ndim)
        .map(|i| read_u32(&format!("size of dimension {}", i + 1)).map(|d| d as usize))
        .collect::<Result<Vec<usize>>>()?;
    let len = dims
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .ok_or_else(|| bad(format!("dimensions {dims:?} are too large")))?;
    // `take` + `read_to_end` grows the buffer as bytes arrive, so a lying header cannot make
    // us allocate gigabytes up front.
    let mut bytes = Vec::new();
    reader
        .by_ref()
        .take(len as u64)
        .read_to_end(&mut bytes)
        .map_err(|e| DataError::io("read", path, e))?;
    if bytes.len() != len {
        return Err(bad(format!(
            "the header promises {len} data bytes ({dims:?}), the file holds {}",
            bytes.len()
        )));
    }
    let mut extra = [0; 1];
    if reader
        .read(&mut extra)
        .map_err(|e| DataError::io("read", path, e))?
        != 0
    {
        return Err(bad(format!(
            "bytes follow the {len} data bytes its header promises ({dims:?})"
        )));
    }
    Ok((dims, bytes))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::dir::tests::shared_data;
    use crate::load::tests::data_with;

    fn idx(magic: u32, dims: &[u32], data: &[u8]) -> Vec<u8> {
        let mut bytes = magic.to_be_bytes().to_vec();
        for d in dims {
            bytes.extend(d.to_be_bytes());
        }
        bytes.extend(data);
        bytes
    }

    #[test]
    fn train_is_60000_by_784_and_test_10000_with_plausible_labels() {
        let mnist = mnist(&shared_data()).unwrap();
        assert_eq!(mnist.train.images.dim(), (60000, 784));
        assert_eq!(mnist.test.images.dim(), (10000, 784));
        assert_eq!(mnist.train.labels.len(), 60000);
        // Every digit is 9–11 % of each split; the first training labels are 5 0 4 1 9.
        for (split, n) in [(&mnist.train, 60000), (&mnist.test, 10000)] {
            for count in split.label_counts() {
                assert!(count * 100 >= n * 8 && count * 100 <= n * 12, "{count}");
            }
        }
        assert_eq!(
            mnist
                .train
                .labels
                .iter()
                .take(5)
                .copied()
                .collect::<Vec<_>>(),
            [5, 0, 4, 1, 9]
        );
        assert_eq!(
            mnist.test.label_counts(),
            [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
        );
        let (min, max) = mnist
            .train
            .images
            .fold((1.0f32, 0.0f32), |(lo, hi), &p| (lo.min(p), hi.max(p)));
        assert_eq!((min, max), (0.0, 1.0));
    }

    #[test]
    fn bad_magic_is_named() {
        let bytes = idx(0x0000_0801, &[2, 28, 28], &[0; 2 * 784]);
        let (_tmp, dir) = data_with("mnist/t10k-images-idx3-ubyte.gz", &bytes);
        let err = read_idx_images(&dir.join("mnist/t10k-images-idx3-ubyte.gz"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("is not a valid IDX file: magic number 0x00000801, expected 0x00000803"),
            "{err}"
        );
    }

    #[test]
    fn short_and_long_bodies_are_refused() {
        let (_tmp, dir) = data_with("mnist/x.gz", &idx(LABELS_MAGIC, &[5], &[1, 2, 3]));
        let err = read_idx_labels(&dir.join("mnist/x.gz"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("promises 5 data bytes ([5]), the file holds 3"),
            "{err}"
        );

        let (_tmp, dir) = data_with("mnist/x.gz", &idx(LABELS_MAGIC, &[2], &[1, 2, 3]));
        let err = read_idx_labels(&dir.join("mnist/x.gz"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("bytes follow the 2 data bytes"), "{err}");

        let (_tmp, dir) = data_with("mnist/x.gz", &[0, 0]);
        let err = read_idx_labels(&dir.join("mnist/x.gz"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("cannot read the magic number"), "{err}");
    }

    #[test]
    fn images_that_are_not_28_by_28_are_refused() {
        let (tmp, dir) = data_with(
            "mnist/t10k-images-idx3-ubyte.gz",
            &idx(IMAGES_MAGIC, &[1, 2, 2], &[0; 4]),
        );
        let labels = tmp.path().join("mnist/t10k-labels-idx1-ubyte.gz");
        std::fs::copy(
            shared_data().join("mnist/t10k-labels-idx1-ubyte.gz"),
            &labels,
        )
        .unwrap();
        let err = mnist_split(&dir, Split::Test).unwrap_err().to_string();
        assert!(err.contains("images are 2×2, MNIST's are 28×28"), "{err}");
    }
}
