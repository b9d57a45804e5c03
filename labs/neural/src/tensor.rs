//! A tensor autograd engine on ndarray: the micrograd lab's scalar `Value` grown to arrays, so
//! that one node holds a whole matrix and one backward step is a matrix product. The
//! `tensor-autograd` lab trains an MLP on MNIST with it; every op is gradient-checked by finite
//! differences in `tensor/tests.rs` and a small conv net matches PyTorch's autograd.
//!
//! ```text
//! graph        each op returns a node holding its value and its inputs (define-by-run, as
//!              PyTorch); backward visits the nodes in reverse topological order and adds
//!              "upstream gradient × local derivative" into each input. Ā means ∂L/∂A.
//! matmul       C = AB                          Ā += C̄ Bᵀ,  B̄ += Aᵀ C̄          A (n, k), B (k, m)
//! add, mul     C = A + B, A ⊙ B  (NumPy broadcasting)   Ā += C̄ (⊙ B), summed over the axes
//!              that were broadcast, back to A's shape
//! sum, mean    s = Σᵢ aᵢ (/ n)                 Ā += s̄ (/ n)
//! relu         max(a, 0)                       Ā += C̄ ⊙ 𝟙[a > 0]
//! sigmoid      σ(a) = 1/(1 + e⁻ᵃ)              Ā += C̄ ⊙ σ(a)(1 − σ(a))
//! log-softmax  Yᵢⱼ = Zᵢⱼ − mᵢ − log Σₖ e^(Zᵢₖ − mᵢ),  mᵢ = maxₖ Zᵢₖ      (n, k)
//!                                              Z̄ += Ȳ − softmax(Z) ⊙ Σⱼ Ȳᵢⱼ
//! nll          L = −(1/n) Σᵢ Yᵢ,tᵢ             Ȳᵢ,tᵢ += −L̄/n
//! conv2d       X (B, C, H, W) zero-padded by p, W (O, C, kh, kw), stride 1:
//!              im2col: cols (B·Hₒ·Wₒ, C·kh·kw), one row per output pixel holding its patch;
//!              out = cols · W₂ᵀ + b,  W₂ = W as (O, C·kh·kw);  Hₒ = H + 2p − kh + 1
//!              W̄₂ = Ōᵀ cols,  b̄ = Σ Ō,  cols̄ = Ō W₂,  X̄ = col2im(cols̄) (patches added back)
//! max-pool     2×2 windows, stride 2: the max of each;  X̄ gets Ō at each window's argmax
//!              (the first maximum in row-major order, as PyTorch)
//! reshape      X̄ = Ō in X's shape
//! SGD          v ← μv + g,  θ ← θ − ηv          (torch.optim.SGD with momentum, dampening 0)
//! ```
//!
//! Values are f64, so finite differences check gradients to ~1e-9 and PyTorch's float64
//! autograd agrees to ~1e-14. Parameters are leaves; [`Tensor::backward`] returns their
//! gradients in a [`Grads`] store (as candle's `GradStore`, not PyTorch's `.grad` fields), and
//! [`Sgd::step`] replaces each parameter by a new leaf. Ops on constants only (no parameter
//! below them) record nothing to differentiate.
//!
//! References:
//! - Baydin, Pearlmutter, Radul & Siskind, "Automatic differentiation in machine learning: a
//!   survey", JMLR 18 (2018).
//! - Karpathy, micrograd (2020), <https://github.com/karpathy/micrograd>.
//! - Chellapilla, Puri & Simard, "High performance convolutional neural networks for document
//!   processing" (2006): convolution as a matrix product (im2col).
//! - CS231n notes, "Convolutional neural networks" (im2col, max-pool backward).
//! - Sutskever, Martens, Dahl & Hinton, "On the importance of initialization and momentum in
//!   deep learning", ICML (2013); PyTorch `torch.optim.SGD`.

use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};

use ndarray::{Array2, Array4, ArrayD, Ix2, Ix4, IxDyn, arr0};

use im2col::{Window, im2col, pool_argmax};
pub use sgd::Sgd;

mod backward;
mod im2col;
mod sgd;

/// An n-dimensional array of f64 (NumPy's ndarray).
pub type Array = ArrayD<f64>;

/// Shapes that do not fit an op (the op and the shapes it got).
#[derive(Debug, Clone, PartialEq)]
pub struct ShapeError(pub String);

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "shape error: {}", self.0)
    }
}

impl std::error::Error for ShapeError {}

impl From<ndarray::ShapeError> for ShapeError {
    fn from(e: ndarray::ShapeError) -> ShapeError {
        ShapeError(e.to_string())
    }
}

fn shape_error(op: &str, shapes: &[&[usize]]) -> ShapeError {
    ShapeError(format!("{op} cannot take {shapes:?}"))
}

/// A node of the graph: cheap to clone (a reference count), immutable once made.
#[derive(Clone)]
pub struct Tensor(Rc<Node>);

struct Node {
    id: usize,
    value: Array,
    op: Op,
    requires_grad: bool,
}

/// How a node was made, and from what.
enum Op {
    Leaf,
    MatMul(Tensor, Tensor),
    Add(Tensor, Tensor),
    Mul(Tensor, Tensor),
    Sum(Tensor),
    Mean(Tensor),
    Relu(Tensor),
    Sigmoid(Tensor),
    LogSoftmax(Tensor),
    Nll(Tensor, Vec<usize>),
    Conv2d { x: Tensor, w: Tensor, b: Tensor, cols: Array2<f64>, window: Window },
    MaxPool2(Tensor),
    Reshape(Tensor),
}

impl Op {
    fn inputs(&self) -> Vec<&Tensor> {
        match self {
            Op::Leaf => vec![],
            Op::MatMul(a, b) | Op::Add(a, b) | Op::Mul(a, b) => vec![a, b],
            Op::Conv2d { x, w, b, .. } => vec![x, w, b],
            Op::Sum(a) | Op::Mean(a) | Op::Relu(a) | Op::LogSoftmax(a) | Op::Nll(a, _) => vec![a],
            Op::Sigmoid(a) | Op::MaxPool2(a) | Op::Reshape(a) => vec![a],
        }
    }
}

static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

/// The broadcast shape of `a` and `b` (NumPy's rules: align the trailing axes; 1 stretches).
fn broadcast_shape(a: &[usize], b: &[usize]) -> Option<Vec<usize>> {
    let n = a.len().max(b.len());
    let dim = |s: &[usize], i: usize| if i + s.len() < n { 1 } else { s[i + s.len() - n] };
    (0..n)
        .map(|i| match (dim(a, i), dim(b, i)) {
            (x, y) if x == y || y == 1 => Some(x),
            (1, y) => Some(y),
            _ => None,
        })
        .collect()
}

fn matrix(a: &Array) -> Result<ndarray::ArrayView2<'_, f64>, ShapeError> {
    a.view().into_dimensionality::<Ix2>().map_err(|_| shape_error("a matrix op", &[a.shape()]))
}

fn image(a: &Array) -> Result<ndarray::ArrayView4<'_, f64>, ShapeError> {
    a.view().into_dimensionality::<Ix4>().map_err(|_| shape_error("an image op", &[a.shape()]))
}

impl Tensor {
    fn new(value: Array, op: Op) -> Tensor {
        let requires_grad = op.inputs().iter().any(|t| t.0.requires_grad);
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        Tensor(Rc::new(Node { id, value, op, requires_grad }))
    }

    fn leaf(value: Array, requires_grad: bool) -> Tensor {
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        Tensor(Rc::new(Node { id, value, op: Op::Leaf, requires_grad }))
    }

    /// Data: no gradient is taken with respect to it.
    pub fn constant(value: Array) -> Tensor {
        Tensor::leaf(value, false)
    }

    /// A parameter: a leaf whose gradient [`Tensor::backward`] returns.
    pub fn param(value: Array) -> Tensor {
        Tensor::leaf(value, true)
    }

    pub fn value(&self) -> &Array {
        &self.0.value
    }

    pub fn shape(&self) -> &[usize] {
        self.0.value.shape()
    }

    /// (n, k) · (k, m) → (n, m).
    pub fn matmul(&self, other: &Tensor) -> Result<Tensor, ShapeError> {
        let (a, b) = (matrix(self.value())?, matrix(other.value())?);
        if a.ncols() != b.nrows() {
            return Err(shape_error("matmul", &[self.shape(), other.shape()]));
        }
        Ok(Tensor::new(a.dot(&b).into_dyn(), Op::MatMul(self.clone(), other.clone())))
    }

    /// Elementwise sum with broadcasting: (64, 256) + (256,) adds the bias to every row.
    pub fn add(&self, other: &Tensor) -> Result<Tensor, ShapeError> {
        broadcast_shape(self.shape(), other.shape())
            .ok_or_else(|| shape_error("add", &[self.shape(), other.shape()]))?;
        Ok(Tensor::new(self.value() + other.value(), Op::Add(self.clone(), other.clone())))
    }

    /// Elementwise product with broadcasting.
    pub fn mul(&self, other: &Tensor) -> Result<Tensor, ShapeError> {
        broadcast_shape(self.shape(), other.shape())
            .ok_or_else(|| shape_error("mul", &[self.shape(), other.shape()]))?;
        Ok(Tensor::new(self.value() * other.value(), Op::Mul(self.clone(), other.clone())))
    }

    /// Σ of all elements: a scalar (shape []).
    pub fn sum(&self) -> Tensor {
        Tensor::new(arr0(self.value().sum()).into_dyn(), Op::Sum(self.clone()))
    }

    /// The mean of all elements: a scalar.
    pub fn mean(&self) -> Tensor {
        let mean = self.value().sum() / self.value().len() as f64;
        Tensor::new(arr0(mean).into_dyn(), Op::Mean(self.clone()))
    }

    pub fn relu(&self) -> Tensor {
        Tensor::new(self.value().mapv(|v| v.max(0.0)), Op::Relu(self.clone()))
    }

    /// The logistic function 1/(1 + e⁻ᵃ), elementwise.
    pub fn sigmoid(&self) -> Tensor {
        Tensor::new(self.value().mapv(|v| 1.0 / (1.0 + (-v).exp())), Op::Sigmoid(self.clone()))
    }

    /// log softmax of each row of (n, k), shifted by the row's max: no overflow at ±1000.
    pub fn log_softmax(&self) -> Result<Tensor, ShapeError> {
        let mut y = matrix(self.value())?.to_owned();
        for mut row in y.rows_mut() {
            let m = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
            let log_sum = row.fold(0.0, |s, &v| s + (v - m).exp()).ln();
            row.mapv_inplace(|v| v - m - log_sum);
        }
        Ok(Tensor::new(y.into_dyn(), Op::LogSoftmax(self.clone())))
    }

    /// −(1/n) Σᵢ log pᵢ,tᵢ of log-probabilities (n, k) and targets tᵢ < k: a scalar.
    pub fn nll(&self, targets: &[usize]) -> Result<Tensor, ShapeError> {
        let log_p = matrix(self.value())?;
        if log_p.nrows() != targets.len() || targets.iter().any(|&t| t >= log_p.ncols()) {
            return Err(shape_error("nll", &[self.shape(), &[targets.len()]]));
        }
        let sum: f64 = targets.iter().enumerate().map(|(i, &t)| log_p[[i, t]]).sum();
        let loss = arr0(-sum / targets.len() as f64).into_dyn();
        Ok(Tensor::new(loss, Op::Nll(self.clone(), targets.to_vec())))
    }

    /// Cross-entropy of logits (n, k) and targets: nll(log_softmax(z)).
    pub fn cross_entropy(&self, targets: &[usize]) -> Result<Tensor, ShapeError> {
        self.log_softmax()?.nll(targets)
    }

    /// 2-D convolution, stride 1, zero padding `padding`: x (B, C, H, W), w (O, C, kh, kw),
    /// b (O,) → (B, O, Hₒ, Wₒ), through im2col and one matrix product.
    pub fn conv2d(&self, w: &Tensor, b: &Tensor, padding: usize) -> Result<Tensor, ShapeError> {
        let (xv, wv) = (image(self.value())?, image(w.value())?);
        let ((batch, channels, h, width), (out, w_channels, kh, kw)) = (xv.dim(), wv.dim());
        let fits = channels == w_channels && b.shape() == [out];
        if !fits || h + 2 * padding < kh || width + 2 * padding < kw {
            return Err(shape_error("conv2d", &[self.shape(), w.shape(), b.shape()]));
        }
        let (ho, wo) = (h + 2 * padding + 1 - kh, width + 2 * padding + 1 - kw);
        let window = Window { h, w: width, kh, kw, p: padding, ho, wo };
        let cols = im2col(&xv, window); // (B·Hₒ·Wₒ, C·kh·kw)
        let y = cols.dot(&wv.to_shape((out, channels * kh * kw))?.t()) + b.value(); // (B·Hₒ·Wₒ, O)
        let y = y.into_shape_with_order((batch, ho, wo, out))?.permuted_axes([0, 3, 1, 2]);
        let y = y.as_standard_layout().into_owned(); // (B, O, Hₒ, Wₒ)
        let op = Op::Conv2d { x: self.clone(), w: w.clone(), b: b.clone(), cols, window };
        Ok(Tensor::new(y.into_dyn(), op))
    }

    /// 2×2 max-pooling, stride 2: (B, C, H, W) → (B, C, H/2, W/2).
    pub fn max_pool2(&self) -> Result<Tensor, ShapeError> {
        let x = image(self.value())?;
        let argmax = pool_argmax(&x);
        let pooled = Array4::from_shape_fn(argmax.dim(), |(b, c, i, j)| {
            let (row, col) = argmax[[b, c, i, j]];
            x[[b, c, row, col]]
        });
        Ok(Tensor::new(pooled.into_dyn(), Op::MaxPool2(self.clone())))
    }

    /// The same values in `shape` (row-major), e.g. (B, C, H, W) → (B, C·H·W) to flatten.
    pub fn reshape(&self, shape: &[usize]) -> Result<Tensor, ShapeError> {
        let value = self.value().to_shape(IxDyn(shape));
        let value = value.map_err(|_| shape_error("reshape", &[self.shape(), shape]))?;
        Ok(Tensor::new(value.into_owned(), Op::Reshape(self.clone())))
    }
}

/// The gradients [`Tensor::backward`] found, by parameter.
#[derive(Debug, Default)]
pub struct Grads(HashMap<usize, Array>);

impl Grads {
    /// ∂L/∂p, or `None` if L does not depend on `p`.
    pub fn get(&self, p: &Tensor) -> Option<&Array> {
        self.0.get(&p.0.id)
    }
}

#[cfg(test)]
mod tests;
