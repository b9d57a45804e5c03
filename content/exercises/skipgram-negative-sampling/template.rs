//! # Skip-gram with negative sampling: the loss and its gradients / 负采样 skip-gram 的损失与梯度
//!
//! word2vec (Mikolov et al., 2013) learns a centre vector v_c for each word and a context
//! vector u for each word. For one centre word, one context word o seen beside it and K
//! "negative" words drawn at random, the loss pushes σ(u_o·v_c) towards 1 and every
//! σ(u_k·v_c) towards 0:
//!
//! ```text
//! L = −log σ(u_o·v_c) − Σₖ log σ(−u_k·v_c)          σ(x) = 1 / (1 + e^(−x))
//! ∂L/∂v_c = ?    ∂L/∂u_o = ?    ∂L/∂u_k = ?           derive them: each is short
//! ```
//!
//! Use σ′(x) = σ(x)(1 − σ(x)) and 1 − σ(x) = σ(−x). The same word may be drawn twice as a
//! negative: each row of `negatives` is its own term, with its own gradient row. The loss must
//! stay finite and exact when the dot products are large (±1000): log σ(x) of a very negative x
//! is about x, not −∞. The checks compare every gradient with central differences of L.
//!
//! word2vec（Mikolov 等，2013）为每个词学习一个中心词向量 v_c 和一个上下文向量 u。对一个中心词、
//! 一个出现在它旁边的上下文词 o，以及随机抽取的 K 个“负样本”词，损失把 σ(u_o·v_c) 推向 1，把每个
//! σ(u_k·v_c) 推向 0（公式见上）。三个梯度请自己推导，每个都很短：用 σ′(x) = σ(x)(1 − σ(x)) 和
//! 1 − σ(x) = σ(−x)。同一个词可能被抽中两次：`negatives` 的每一行都是单独的一项，有自己的一行梯度。
//! 点积很大（±1000）时损失也必须有限且精确：x 很负时 log σ(x) 约等于 x，而不是 −∞。检查会用 L 的
//! 中心差分核对每个梯度。
//!
//! Check / 检查: `llmpath check`.

use ndarray::{Array1, Array2};

/// The gradients of the loss with respect to each vector, in their shapes.
pub struct Gradients {
    /// ∂L/∂v_c (d)
    pub centre: Array1<f64>,
    /// ∂L/∂u_o (d)
    pub context: Array1<f64>,
    /// ∂L/∂u_k, one row per negative (K, d)
    pub negatives: Array2<f64>,
}

/// The negative-sampling loss of the centre vector `centre` (d), the context vector `context`
/// (d) and the negatives' context vectors `negatives` (K, d), and its gradients.
pub fn negative_sampling(
    centre: &Array1<f64>,
    context: &Array1<f64>,
    negatives: &Array2<f64>,
) -> (f64, Gradients) {
    todo!(
        "the loss and gradients for vectors of {} and {:?} negatives",
        centre.len(),
        negatives.dim()
    )
}
