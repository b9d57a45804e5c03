//! What every candle lab of stage 3 shares, so each lab in `src/bin/` keeps only its own lesson:
//!
//! - [`cifar`]: CIFAR-10 images standardised per channel, random crops and flips;
//! - [`init`]: SplitMix64 and PyTorch's default uniform initialisation, so a PyTorch script
//!   (`scripts/reference/splitmix.py`) builds the very same weights;
//! - [`conv`]: the convolution as im2col and a product, one image at a time;
//! - [`linear`]: the fully connected layer as one op;
//! - [`pool`]: the labs' ops split over candle's thread pool;
//! - [`layers`]: batch norm, ReLU and a max-pool as single ops (candle 0.11.1's `max_pool2d`
//!   backward is wrong), inverted dropout;
//! - [`optim`]: PyTorch's SGD with momentum, AdamW and the cosine schedule;
//! - [`train`]: the [`train::Model`] trait, mini-batch training with a progress bar, evaluation;
//! - [`report`]: confusion matrix, the most frequent mistakes as an image grid, curves;
//! - [`models`]: the CIFAR-10 networks (LeNet, AlexNet-style, ResNet-style with a separable
//!   backbone and head).

pub mod cifar;
pub mod conv;
pub mod init;
pub mod layers;
pub mod linear;
pub mod models;
pub mod optim;
pub mod pool;
pub mod report;
pub mod train;
