//! # The causal mask / 因果掩码
//!
//! A language model predicts each token from the tokens before it, so in its self-attention
//! the query at position p may look at keys at positions 0, 1, …, p and never at a later one.
//! The mask is added to the scores before the softmax:
//!
//! ```text
//! mask[i][j] = 0     where key j is at or before query i's position
//! mask[i][j] = −∞    where key j comes after it           (exp(−∞) = 0: no weight at all)
//! weights = softmax(scores + mask), row by row over the keys
//! ```
//!
//! While generating, the keys of earlier tokens are kept (a "KV cache") and only the newest
//! queries are computed: the T queries are then the **last** T of the S positions (S ≥ T), so
//! query i sits at position S − T + i. With S = T this is the familiar lower triangle.
//! (PyTorch's `is_causal=True` aligns the triangle to the top left instead, which is right only
//! when S = T; its `causal_lower_right` is the mask asked for here.)
//!
//! 语言模型根据之前的词元预测每个词元，所以在自注意力里，位置 p 的查询只能看位置 0、1、…、p 的
//! 键，绝不能看之后的。掩码在 softmax 之前加到得分上（公式见上）。生成时会保留之前词元的键
//! （“KV 缓存”），只计算最新的查询：这时 T 个查询是 S 个位置中的**最后** T 个（S ≥ T），查询 i
//! 位于位置 S − T + i。S = T 时就是熟悉的下三角。（PyTorch 的 `is_causal=True` 把三角形对齐到左上
//! 角，只在 S = T 时正确；这里要求的是它的 `causal_lower_right`。）
//!
//! Check / 检查: `llmpath check`.

use ndarray::Array2;

/// The causal mask (T, S) of `queries` = T queries that are the last T of `keys` = S positions
/// (S ≥ T): 0 where the query may see the key, −∞ where the key comes after it.
pub fn causal_mask(queries: usize, keys: usize) -> Array2<f64> {
    todo!("the causal mask of {queries} queries over {keys} keys")
}

/// The attention weights (T, S) of the raw `scores` (T, S) under the causal mask: every row a
/// distribution over the keys its query may see.
pub fn causal_weights(scores: &Array2<f64>) -> Array2<f64> {
    todo!("the causal attention weights of {:?} scores", scores.dim())
}
