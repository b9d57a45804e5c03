//! Convolutional networks for CIFAR-10 images (B, 3, 32, 32), each with its weights in one
//! `VarMap` (what a checkpoint saves) initialised as PyTorch's `nn.Conv2d`/`nn.Linear` do, from
//! SplitMix64 ([`crate::init`]), so `scripts/reference/cifar.py` builds the same networks:
//!
//! ```text
//! plain     [conv k×k → ReLU (→ max-pool 2)]* → flatten → [linear → ReLU → dropout]* → linear
//! LeNet     conv 3→6 5×5 → pool → conv 6→16 5×5 → pool → 400 → 120 → 84 → 10
//! AlexNet   conv 3→16 → pool → 16→32 → pool → 32→48 → 48→48 → 48→32 → pool → 512 → 256 → 128 → 10
//!           (3×3, padding 1; dropout 0.5 in the classifier)
//! batch norm  y = γ (x − μ_B)/√(σ²_B + ε) + β over (B, H, W) per channel in training, with
//!           running averages r ← 0.9 r + 0.1 stat (σ² unbiased there) used in evaluation
//! block     y = ReLU(BN(conv₃ₓ₃(ReLU(BN(conv₃ₓ₃,ₛ(x))))) + shortcut(x)),
//!           shortcut = x, or BN(conv₁ₓ₁,ₛ(x)) when the stride s or the width changes
//! ResNet    conv 3→8 → BN → ReLU → blocks at widths 8, 16 (s 2), 32 (s 2) → mean over H, W
//!           → linear 32 → 10        (the backbone is everything before the linear head)
//! ```
//!
//! References: LeCun et al., Proc. IEEE 86(11) (1998); Krizhevsky, Sutskever & Hinton,
//! "ImageNet classification with deep convolutional neural networks", NeurIPS (2012); He,
//! Zhang, Ren & Sun, "Deep residual learning for image recognition", CVPR (2016) (§4.2: the
//! CIFAR-10 ResNets, 6n + 2 layers; n = 1 here); Ioffe & Szegedy, "Batch normalization", ICML
//! (2015).

use candle_core::{DType, Device, Result, Tensor, Var};
use candle_nn::{BatchNorm, Conv2d, Conv2dConfig, Linear, VarBuilder, VarMap};
use rand::rngs::StdRng;

use crate::init::{UniformParam, pytorch_uniform};
use crate::layers::{batch_norm, conv2d, dropout, linear, max_pool2, relu};
use crate::train::Model;

/// A convolution `(in, out, kernel, padding, max-pool after)`, with bias, stride 1, then ReLU.
pub type ConvSpec = (usize, usize, usize, usize, bool);

/// Which network.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Arch {
    /// Convolutions then fully connected layers of `fcs` sizes, with dropout `p` between them.
    Plain { convs: &'static [ConvSpec], fcs: &'static [usize], dropout: f32 },
    /// A stem convolution to `widths[0]`, one residual block per width (stride 2 from the
    /// second on), global average pooling and a linear head to `classes`.
    ResNet { widths: &'static [usize], classes: usize },
}

pub const LENET: Arch = Arch::Plain {
    convs: &[(3, 6, 5, 0, true), (6, 16, 5, 0, true)],
    fcs: &[400, 120, 84, 10],
    dropout: 0.0,
};

pub const ALEXNET: Arch = Arch::Plain {
    convs: &[
        (3, 16, 3, 1, true),
        (16, 32, 3, 1, true),
        (32, 48, 3, 1, false),
        (48, 48, 3, 1, false),
        (48, 32, 3, 1, true),
    ],
    fcs: &[512, 256, 128, 10],
    dropout: 0.5,
};

pub const RESNET: Arch = Arch::ResNet { widths: &[8, 16, 32], classes: 10 };

/// Records every parameter as the layers are made: the uniform ones (to draw from SplitMix64
/// in this order) and all trainable ones (batch norm's γ and β too, not its running statistics).
struct Builder<'a> {
    vb: VarBuilder<'a>,
    uniform: Vec<UniformParam>,
    trainable: Vec<String>,
}

impl Builder<'_> {
    fn conv(
        &mut self,
        name: &str,
        (cin, cout, k): (usize, usize, usize),
        stride: usize,
        padding: usize,
        bias: bool,
    ) -> Result<Conv2d> {
        let cfg = Conv2dConfig { padding, stride, ..Default::default() };
        let fan_in = cin * k * k;
        self.record(format!("{name}.weight"), vec![cout, cin, k, k], fan_in);
        if bias {
            self.record(format!("{name}.bias"), vec![cout], fan_in);
            candle_nn::conv2d(cin, cout, k, cfg, self.vb.pp(name))
        } else {
            candle_nn::conv2d_no_bias(cin, cout, k, cfg, self.vb.pp(name))
        }
    }

    fn linear(&mut self, name: &str, cin: usize, cout: usize) -> Result<Linear> {
        self.record(format!("{name}.weight"), vec![cout, cin], cin);
        self.record(format!("{name}.bias"), vec![cout], cin);
        candle_nn::linear(cin, cout, self.vb.pp(name))
    }

    /// PyTorch's `BatchNorm2d` defaults: ε = 1e-5, momentum 0.1, γ = 1, β = 0.
    fn batch_norm(&mut self, name: &str, channels: usize) -> Result<BatchNorm> {
        self.trainable.extend([format!("{name}.weight"), format!("{name}.bias")]);
        candle_nn::batch_norm(channels, candle_nn::BatchNormConfig::default(), self.vb.pp(name))
    }

    fn record(&mut self, name: String, shape: Vec<usize>, fan_in: usize) {
        self.trainable.push(name.clone());
        self.uniform.push((name, shape, fan_in));
    }
}

/// A basic residual block; `shortcut` is the 1×1 projection when the shape changes.
struct Block {
    conv1: Conv2d,
    bn1: BatchNorm,
    conv2: Conv2d,
    bn2: BatchNorm,
    shortcut: Option<(Conv2d, BatchNorm)>,
}

impl Block {
    fn new(b: &mut Builder, name: &str, cin: usize, cout: usize, stride: usize) -> Result<Block> {
        let conv1 = b.conv(&format!("{name}.conv1"), (cin, cout, 3), stride, 1, false)?;
        let bn1 = b.batch_norm(&format!("{name}.bn1"), cout)?;
        let conv2 = b.conv(&format!("{name}.conv2"), (cout, cout, 3), 1, 1, false)?;
        let bn2 = b.batch_norm(&format!("{name}.bn2"), cout)?;
        let shortcut = match stride != 1 || cin != cout {
            true => Some((
                b.conv(&format!("{name}.shortcut.conv"), (cin, cout, 1), stride, 0, false)?,
                b.batch_norm(&format!("{name}.shortcut.bn"), cout)?,
            )),
            false => None,
        };
        Ok(Block { conv1, bn1, conv2, bn2, shortcut })
    }

    /// (B, in, H, W) → (B, out, H/s, W/s).
    fn forward(&self, x: &Tensor, train: bool) -> Result<Tensor> {
        let h = relu(&batch_norm(&conv2d(x, &self.conv1)?, &self.bn1, train)?)?;
        let h = batch_norm(&conv2d(&h, &self.conv2)?, &self.bn2, train)?;
        let skip = match &self.shortcut {
            Some((conv, bn)) => batch_norm(&conv2d(x, conv)?, bn, train)?,
            None => x.clone(),
        };
        relu(&(h + skip)?)
    }
}

enum Layers {
    Plain { convs: Vec<(Conv2d, bool)>, fcs: Vec<Linear>, dropout: f32 },
    ResNet { stem: (Conv2d, BatchNorm), blocks: Vec<Block>, head: Linear },
}

/// A network and the `VarMap` that owns its weights.
pub struct Net {
    pub arch: Arch,
    pub varmap: VarMap,
    /// Names of the trainable parameters, in PyTorch's order (`model.parameters()`).
    pub trainable: Vec<String>,
    /// The parameters drawn from SplitMix64, in stream order.
    pub uniform: Vec<UniformParam>,
    layers: Layers,
}

impl Net {
    /// The network with weights β(2u − 1), β = 1/√fan_in, from one SplitMix64 stream of `seed`.
    pub fn new(arch: Arch, seed: u64, dev: &Device) -> Result<Net> {
        let mut varmap = VarMap::new();
        let vb = VarBuilder::from_varmap(&varmap, DType::F32, dev);
        let mut b = Builder { vb, uniform: Vec::new(), trainable: Vec::new() };
        let layers = match arch {
            Arch::Plain { convs, fcs, dropout } => {
                let convs = (convs.iter().enumerate())
                    .map(|(k, &(cin, cout, ks, pad, pool))| {
                        Ok((
                            b.conv(&format!("conv{}", k + 1), (cin, cout, ks), 1, pad, true)?,
                            pool,
                        ))
                    })
                    .collect::<Result<_>>()?;
                let fcs = (fcs.windows(2).enumerate())
                    .map(|(k, w)| b.linear(&format!("fc{}", k + 1), w[0], w[1]))
                    .collect::<Result<_>>()?;
                Layers::Plain { convs, fcs, dropout }
            }
            Arch::ResNet { widths, classes } => {
                let stem = (
                    b.conv("stem.conv", (3, widths[0], 3), 1, 1, false)?,
                    b.batch_norm("stem.bn", widths[0])?,
                );
                let mut blocks = Vec::new();
                let mut cin = widths[0];
                for (k, &w) in widths.iter().enumerate() {
                    blocks.push(Block::new(
                        &mut b,
                        &format!("layer{}", k + 1),
                        cin,
                        w,
                        if k == 0 { 1 } else { 2 },
                    )?);
                    cin = w;
                }
                let head = b.linear("fc", cin, classes)?;
                Layers::ResNet { stem, blocks, head }
            }
        };
        let Builder { uniform, trainable, .. } = b;
        pytorch_uniform(&mut varmap, uniform.clone(), seed, dev)?;
        Ok(Net { arch, varmap, trainable, uniform, layers })
    }

    /// The trainable parameters whose names start with `prefix` (`""`: all), in PyTorch's order.
    pub fn vars(&self, prefix: &str) -> Result<Vec<Var>> {
        let vars = self.varmap.data().lock().map_err(|e| candle_core::Error::msg(e.to_string()))?;
        (self.trainable.iter().filter(|n| n.starts_with(prefix)))
            .map(|n| vars.get(n).cloned().ok_or_else(|| candle_core::Error::msg(n.clone())))
            .collect()
    }

    /// The names of the head's parameters (the final linear layer): what a transfer-learning
    /// run trains on top of a frozen backbone.
    pub fn head_prefix(&self) -> &'static str {
        match self.arch {
            Arch::Plain { fcs, .. } => {
                ["fc1", "fc2", "fc3", "fc4", "fc5"][fcs.len().saturating_sub(2).min(4)]
            }
            Arch::ResNet { .. } => "fc",
        }
    }

    /// The backbone: features (B, 32) of a ResNet after global average pooling, or the input of
    /// the last linear layer of a plain network; batch statistics and dropout when `rng` is given.
    pub fn features(&self, x: &Tensor, mut rng: Option<&mut StdRng>) -> Result<Tensor> {
        match &self.layers {
            Layers::Plain { convs, fcs, dropout: p } => {
                let mut h = x.clone();
                for (conv, pool) in convs {
                    h = relu(&conv2d(&h, conv)?)?;
                    if *pool {
                        h = max_pool2(&h)?;
                    }
                }
                h = h.flatten_from(1)?;
                for fc in &fcs[..fcs.len() - 1] {
                    h = relu(&linear(&h, fc)?)?;
                    if *p > 0.0 {
                        h = dropout(&h, *p, rng.as_deref_mut())?;
                    }
                }
                Ok(h)
            }
            Layers::ResNet { stem, blocks, .. } => {
                let train = rng.is_some();
                let (conv, bn) = stem;
                let mut h = relu(&batch_norm(&conv2d(x, conv)?, bn, train)?)?; // (B, 8, 32, 32)
                for block in blocks {
                    h = block.forward(&h, train)?; // (B, 8, 32, 32), (B, 16, 16, 16), (B, 32, 8, 8)
                }
                h.mean(3)?.mean(2) // (B, 32)
            }
        }
    }

    /// The head: logits (B, classes) of features.
    pub fn head(&self, features: &Tensor) -> Result<Tensor> {
        match &self.layers {
            Layers::Plain { fcs, .. } => linear(features, &fcs[fcs.len() - 1]),
            Layers::ResNet { head, .. } => linear(features, head),
        }
    }
}

impl Model for Net {
    fn forward(&self, x: &Tensor, rng: Option<&mut StdRng>) -> Result<Tensor> {
        self.head(&self.features(x, rng)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::init::uniforms;

    fn batch(dev: &Device) -> Tensor {
        Tensor::from_vec(uniforms(2, 0, 4 * 3 * 32 * 32), (4, 3, 32, 32), dev).unwrap()
    }

    #[test]
    fn every_network_maps_cifar_images_to_ten_logits() {
        let dev = Device::Cpu;
        for (arch, params) in [(LENET, 62_006), (ALEXNET, 219_114), (RESNET, 19_954)] {
            let net = Net::new(arch, 1, &dev).unwrap();
            let n: usize = net.vars("").unwrap().iter().map(|v| v.elem_count()).sum();
            assert_eq!(n, params, "{arch:?}");
            let logits = net.forward(&batch(&dev), None).unwrap();
            assert_eq!(logits.dims(), [4, 10]);
        }
    }

    #[test]
    fn resnet_features_and_head_compose_to_the_forward_pass() {
        let dev = Device::Cpu;
        let net = Net::new(RESNET, 3, &dev).unwrap();
        let x = batch(&dev);
        let features = net.features(&x, None).unwrap();
        assert_eq!(features.dims(), [4, 32]);
        let gap = (net.head(&features).unwrap() - net.forward(&x, None).unwrap())
            .unwrap()
            .abs()
            .unwrap()
            .max_all()
            .unwrap()
            .to_scalar::<f32>()
            .unwrap();
        assert_eq!(gap, 0.0);
        let head: Vec<usize> =
            net.vars(net.head_prefix()).unwrap().iter().map(|v| v.elem_count()).collect();
        assert_eq!(head, [320, 10]);
    }

    #[test]
    fn batch_norm_updates_running_statistics_only_in_training() {
        let dev = Device::Cpu;
        let net = Net::new(RESNET, 3, &dev).unwrap();
        let running = |net: &Net| {
            let vars = net.varmap.data().lock().unwrap();
            vars["stem.bn.running_mean"].as_tensor().to_vec1::<f32>().unwrap()
        };
        let before = running(&net);
        net.forward(&batch(&dev), None).unwrap();
        assert_eq!(running(&net), before);
        let mut rng = <StdRng as rand::SeedableRng>::seed_from_u64(0);
        net.forward(&batch(&dev), Some(&mut rng)).unwrap();
        assert_ne!(running(&net), before);
    }
}
