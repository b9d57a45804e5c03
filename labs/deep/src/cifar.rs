//! CIFAR-10 as the candle labs feed it: pixels scaled to [0, 1], standardised per channel with
//! the training set's statistics, and the augmentation of He et al. (2016, §4.2): a random
//! 32 × 32 crop of the image padded by 4 zero pixels, mirrored with probability ½.

use candle_core::{Device, Result, Tensor};
use llmpath_data::load::CifarSplit;
use rand::Rng;
use rand::rngs::StdRng;

/// Side of an image in pixels.
pub const SIDE: usize = 32;
/// Pixels of one channel of an image.
pub const PLANE: usize = SIDE * SIDE;
/// The zero padding a random crop may shift into.
const PAD: i32 = 4;

/// Images (n·3072 values in [0, 1], each (3, 32, 32)) and their labels.
pub struct Images {
    pub x: Vec<f32>,
    pub y: Vec<u32>,
}

impl Images {
    /// The first `n` images of a split (all of them if it has fewer).
    pub fn first(split: &CifarSplit, n: usize) -> Images {
        Images::rows(split, &(0..n.min(split.labels.len())).collect::<Vec<_>>(), 0)
    }

    /// The images `rows`, their labels shifted down by `first_class` (a task over classes
    /// `first_class..` then has labels from 0).
    pub fn rows(split: &CifarSplit, rows: &[usize], first_class: usize) -> Images {
        let x = rows.iter().flat_map(|&i| split.images.row(i).to_vec());
        Images {
            x: x.map(|p| f32::from(p) / 255.0).collect(),
            y: rows.iter().map(|&i| (split.labels[i] - first_class) as u32).collect(),
        }
    }

    /// Per-channel mean and standard deviation of the pixels (f64 sums).
    pub fn channel_stats(&self) -> [(f32, f32); 3] {
        [0, 1, 2].map(|c| {
            let values = self.x.chunks(3 * PLANE).flat_map(|im| &im[c * PLANE..(c + 1) * PLANE]);
            let (mut n, mut sum, mut sq) = (0.0, 0.0, 0.0);
            values.for_each(|&v| (n, sum, sq) = (n + 1.0, sum + v as f64, sq + (v as f64).powi(2)));
            let mean = sum / n;
            (mean as f32, (sq / n - mean * mean).sqrt() as f32)
        })
    }

    /// The images `idx` (taken modulo the number of images, so one epoch may show each image
    /// several times) as a standardised batch (B, 3, 32, 32) and labels (B,). With a generator
    /// each image is cropped from its zero padding (a shift dy, dx ∈ −4..=4) and mirrored with
    /// probability ½: out[r, c] = image[r + dy, c′ + dx], c′ = 31 − c if mirrored.
    pub fn batch(
        &self,
        idx: &[usize],
        stats: &[(f32, f32); 3],
        mut augment: Option<&mut StdRng>,
        dev: &Device,
    ) -> Result<(Tensor, Tensor)> {
        let n = self.y.len();
        let mut x = vec![0f32; idx.len() * 3 * PLANE];
        for (b, &i) in idx.iter().enumerate() {
            let (dy, dx, mirror) = match augment.as_deref_mut() {
                Some(rng) => (
                    rng.random_range(-PAD..=PAD),
                    rng.random_range(-PAD..=PAD),
                    rng.random_bool(0.5),
                ),
                None => (0, 0, false),
            };
            let image = &self.x[(i % n) * 3 * PLANE..(i % n + 1) * 3 * PLANE];
            for (c, &(mean, std)) in stats.iter().enumerate() {
                for r in 0..SIDE {
                    for col in 0..SIDE {
                        let col_in = if mirror { SIDE - 1 - col } else { col };
                        let (sr, sc) = (r as i32 + dy, col_in as i32 + dx);
                        let inside =
                            (0..SIDE as i32).contains(&sr) && (0..SIDE as i32).contains(&sc);
                        let v = inside.then(|| image[c * PLANE + sr as usize * SIDE + sc as usize]);
                        let v = v.unwrap_or(0.0); // the zero padding
                        x[(b * 3 + c) * PLANE + r * SIDE + col] = (v - mean) / std;
                    }
                }
            }
        }
        let y = idx.iter().map(|&i| self.y[i % n]).collect::<Vec<_>>();
        Ok((Tensor::from_vec(x, (idx.len(), 3, SIDE, SIDE), dev)?, Tensor::new(y, dev)?))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use ndarray::Array2;
    use rand::SeedableRng;

    use super::*;

    /// Two images whose pixel p of channel c is (c·1024 + p) mod 256 and (that + 1) mod 256.
    fn two_images() -> CifarSplit {
        let pixels = |shift: usize| (0..3 * PLANE).map(move |p| ((p + shift) % 256) as u8);
        let images = Array2::from_shape_vec((2, 3 * PLANE), pixels(0).chain(pixels(1)).collect());
        CifarSplit { images: images.unwrap(), labels: ndarray::Array1::from(vec![3, 7]) }
    }

    #[test]
    fn a_batch_without_augmentation_is_the_standardised_images_in_order() {
        let images = Images::first(&two_images(), 5);
        assert_eq!(images.y, [3, 7]);
        let stats = [(0.5, 2.0); 3];
        let (x, y) = images.batch(&[1, 0, 2], &stats, None, &Device::Cpu).unwrap();
        assert_eq!(x.dims(), [3, 3, SIDE, SIDE]);
        assert_eq!(y.to_vec1::<u32>().unwrap(), [7, 3, 3]); // index 2 wraps to image 0
        let x = x.flatten_all().unwrap().to_vec1::<f32>().unwrap();
        assert_eq!(x[0], (1.0 / 255.0 - 0.5) / 2.0);
        assert_eq!(x[3 * PLANE + 5], (5.0 / 255.0 - 0.5) / 2.0);
    }

    /// One 32×32 image, all channels 0 except a bright pixel at (10, 20) = (0.2, 0.5, 1.0).
    fn one_pixel() -> Images {
        let mut x = vec![0f32; 3 * PLANE];
        for (c, v) in [0.2, 0.5, 1.0].into_iter().enumerate() {
            x[c * PLANE + 10 * SIDE + 20] = v;
        }
        Images { x, y: vec![4] }
    }

    #[test]
    fn crops_shift_by_at_most_4_flips_mirror_and_padding_is_black() {
        let (dev, data) = (Device::Cpu, one_pixel());
        let stats = [(0.1, 0.5), (0.2, 0.25), (0.3, 2.0)];
        let (plain, y) = data.batch(&[0], &stats, None, &dev).unwrap();
        assert_eq!(y.to_vec1::<u32>().unwrap(), [4]);
        let plain = plain.flatten_all().unwrap().to_vec1::<f32>().unwrap();
        assert_eq!(plain[10 * SIDE + 20], (0.2 - 0.1) / 0.5);
        assert_eq!(plain[2 * PLANE + 10 * SIDE + 20], (1.0 - 0.3) / 2.0);
        assert_eq!(plain[0], -0.1 / 0.5);
        let mut rng = StdRng::seed_from_u64(3);
        let (mut seen, mut mirrored) = (std::collections::BTreeSet::new(), 0);
        for _ in 0..2000 {
            let (t, _) = data.batch(&[0], &stats, Some(&mut rng), &dev).unwrap();
            let v = t.flatten_all().unwrap().to_vec1::<f32>().unwrap();
            // Every pixel of the red plane is the background's or the bright one's standardised value.
            let bright: Vec<usize> = (0..PLANE).filter(|&k| v[k] > 0.0).collect();
            assert_eq!(bright.len(), 1, "the pixel moved, nothing else appeared");
            assert!(v[..PLANE].iter().all(|&p| p == -0.2 || p > 0.0));
            let (r, c) = (bright[0] / SIDE, bright[0] % SIDE);
            assert!(r.abs_diff(10) <= 4, "row {r}");
            // Unmirrored it lands in columns 16–24, mirrored (31 − 20 = 11 ± 4) in 7–15.
            match c {
                16..=24 => {}
                7..=15 => mirrored += 1,
                _ => panic!("column {c}"),
            }
            assert_eq!(v[2 * PLANE + bright[0]], (1.0 - 0.3) / 2.0, "channels move together");
            seen.insert((r, c));
        }
        assert_eq!(seen.len(), 2 * 81, "every shift in −4..=4 × −4..=4, mirrored or not");
        assert!((900..1100).contains(&mirrored), "{mirrored} of 2000 mirrored");
    }

    #[test]
    fn channel_statistics_are_each_planes_mean_and_standard_deviation() {
        let stats = one_pixel().channel_stats();
        let n = PLANE as f64;
        for (c, v) in [0.2f64, 0.5, 1.0].into_iter().enumerate() {
            let (mean, std) = (v / n, (v * v / n - (v / n).powi(2)).sqrt());
            assert!(
                (stats[c].0 as f64 - mean).abs() < 1e-9 && (stats[c].1 as f64 - std).abs() < 1e-7,
                "{c}"
            );
        }
    }
}
