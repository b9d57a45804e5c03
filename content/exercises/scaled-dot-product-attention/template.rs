//! # Scaled dot-product attention / 缩放点积注意力
//!
//! The heart of the Transformer (Vaswani et al., 2017): each query compares itself with every
//! key and takes the values of the keys it matches, weighted:
//!
//! ```text
//! Attention(Q, K, V) = softmax(Q Kᵀ / √d_k) V
//! Q (T, d_k)   K (S, d_k)   V (S, d_v)   →   (T, d_v)
//! ```
//!
//! The softmax runs over the keys (each query's row of scores is a distribution). The 1/√d_k
//! keeps the scores of random d_k-dimensional vectors near unit size, so the softmax does not
//! saturate as d_k grows. An optional boolean `mask` (T, S) says which keys each query may
//! attend to (`true`: allowed, as PyTorch's boolean `attn_mask`); a forbidden key must get no
//! weight at all. A query with no allowed key outputs a row of zeros (PyTorch's
//! `F.scaled_dot_product_attention` does the same), never NaN. Scores may be large (thousands).
//!
//! Transformer 的核心（Vaswani 等，2017）：每个查询与每个键比较，按匹配程度对键的值加权求和
//! （公式与形状见上）。softmax 沿键的方向（每个查询的一行得分是一个分布）。除以 √d_k 让随机的 d_k
//! 维向量的得分保持在 1 左右，d_k 变大时 softmax 不会饱和。可选的布尔掩码 `mask` (T, S) 说明每个
//! 查询可以关注哪些键（`true` 表示允许，与 PyTorch 的布尔 `attn_mask` 相同）；被禁止的键不能得到
//! 任何权重。没有任何允许的键的查询输出一行 0（PyTorch 的 `F.scaled_dot_product_attention` 也是
//! 如此），绝不是 NaN。得分可能很大（上千）。
//!
//! Check / 检查: `llmpath check`.

use ndarray::Array2;

/// softmax(q kᵀ / √d_k) v for `q` (T, d_k), `k` (S, d_k) and `v` (S, d_v): (T, d_v). Where
/// `mask` (T, S) is given, query i attends only to the keys j with `mask[[i, j]]`; a query with
/// none outputs zeros.
pub fn attention(
    q: &Array2<f64>,
    k: &Array2<f64>,
    v: &Array2<f64>,
    mask: Option<&Array2<bool>>,
) -> Array2<f64> {
    todo!(
        "attention of {:?} queries, {:?} keys, {:?} values (mask: {})",
        q.dim(),
        k.dim(),
        v.dim(),
        mask.is_some()
    )
}
