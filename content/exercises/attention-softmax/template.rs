//! # The softmax of attention, with masked keys / 注意力中的 softmax（带掩码）
//!
//! Attention turns a matrix of scores (T, S), one row per query and one column per key, into
//! weights: each row becomes a probability distribution over the keys. A key the query may not
//! see (a future token, a padding position) has the score −∞, and must get weight exactly 0:
//!
//! ```text
//! P[i][j] = exp(scores[i][j]) / Σₖ exp(scores[i][k])     row by row, over the last axis
//! exp(−∞) = 0                                              a masked key gets nothing
//! ```
//!
//! It must work for any scores: finite ones of ±1000 (one row may sit far from another), and
//! −∞ anywhere. **Convention for a row whose every key is masked**: that query has nothing to
//! attend to, and its row of weights is all zeros, as in PyTorch's
//! `F.scaled_dot_product_attention`. (PyTorch's plain `F.softmax` gives a row of NaN there,
//! which then spreads silently through every later layer: here NaN is never an answer.)
//!
//! 注意力把得分矩阵 (T, S)（每行一个查询、每列一个键）变成权重：每一行变成键上的概率分布。查询
//! 不能看到的键（未来的词元、填充位置）得分为 −∞，其权重必须恰好为 0（公式见上，沿最后一个轴逐行
//! 计算）。得分可以是任意值：±1000 的有限值（不同行可能相差很远），以及任意位置的 −∞。**约定：
//! 若一行的所有键都被遮住**，这个查询没有可关注的对象，它的权重整行为 0，与 PyTorch 的
//! `F.scaled_dot_product_attention` 相同。（PyTorch 普通的 `F.softmax` 在这里给出整行 NaN，并会悄悄
//! 传遍之后的每一层：这里 NaN 永远不是答案。）
//!
//! Check / 检查: `llmpath check`.

use ndarray::Array2;

/// The attention weights of `scores` (T, S): softmax of each row, −∞ entries weighted 0, and
/// a row of zeros where every entry is −∞.
pub fn masked_softmax(scores: &Array2<f64>) -> Array2<f64> {
    todo!("the attention weights of {:?} scores", scores.dim())
}
