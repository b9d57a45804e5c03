use llmpath_checker::ndarray::Array2;
use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::{Check, Verdict, all_close, close, property, say, shape};

const CHECKS: &[Check] = &[
    Check {
        zh: "T = S 时掩码在对角线及其下方为 0，上方为 −∞",
        en: "with T = S the mask is 0 on and below the diagonal and −∞ above it",
        run: square_mask,
    },
    Check {
        zh: "有 KV 缓存时（S > T），查询 i 位于位置 S − T + i",
        en: "with a KV cache (S > T), query i sits at position S − T + i",
        run: cached_mask,
    },
    Check {
        zh: "权重每行之和为 1，之后的键权重恰为 0",
        en: "every row of weights sums to 1, and later keys weigh exactly 0",
        run: weights_are_causal,
    },
    Check {
        zh: "权重是可见得分的 softmax，不论未来的得分多大（±1000）",
        en: "the weights are a softmax of the visible scores, however large the future scores (±1000)",
        run: future_cannot_leak,
    },
];

/// Whether the query `i` of `queries` may see key `j` of `keys`: the query is at position
/// keys − queries + i.
fn visible(queries: usize, keys: usize, i: usize, j: usize) -> bool {
    j + queries <= keys + i
}

/// What is wrong with the mask `yours` of `queries` × `keys`, if anything.
fn compare_mask(yours: &Array2<f64>, queries: usize, keys: usize) -> Verdict {
    shape("causal_mask", yours.shape(), &[queries, keys])?;
    if let Some(&m) = yours.iter().find(|&&m| m != 0.0 && m != f64::NEG_INFINITY) {
        return Err(say(
            format!(
                "掩码里有 {m}：它是加到得分上的，只能是 0（可见）或 −∞（不可见）；乘上去的 1/0 掩码会把被遮住的得分变成 0 而不是去掉它"
            ),
            format!(
                "the mask holds {m}: it is added to the scores, so it is 0 (visible) or −∞ (hidden); a 1/0 mask that multiplies turns a hidden score into 0 instead of removing it"
            ),
        ));
    }
    for i in 0..queries {
        for j in 0..keys {
            let expected = visible(queries, keys, i, j);
            if (yours[[i, j]] == 0.0) == expected {
                continue;
            }
            let position = keys - queries + i;
            let hint = match (expected, j == position, j == position + 1) {
                (false, _, true) => say(
                    "下一个位置的键漏了进来：查询能看到未来的一个词元",
                    "the key at the next position gets through: the query sees one future token",
                ),
                (true, true, _) => say(
                    "查询自己的位置被遮住了：位置 p 的查询可以看到位置 p 的键",
                    "the query's own position is hidden: the query at position p may see the key at p",
                ),
                (true, _, _) => say(
                    "这个键在查询之前，应当可见",
                    "this key comes before the query and must be visible",
                ),
                (false, _, _) => say(
                    "这个键在查询之后，应当被遮住",
                    "this key comes after the query and must be hidden",
                ),
            };
            return Err(say(
                format!(
                    "T = {queries}，S = {keys}：查询 {i}（位置 {position}）对键 {j} 的掩码为 {}：{hint}",
                    yours[[i, j]]
                ),
                format!(
                    "T = {queries}, S = {keys}: query {i} (position {position}) has mask {} for key {j}: {hint}",
                    yours[[i, j]]
                ),
            ));
        }
    }
    Ok(())
}

fn square_mask() -> Verdict {
    (1..7).try_for_each(|t| compare_mask(&learner::causal_mask(t, t), t, t))
}

fn cached_mask() -> Verdict {
    for (queries, keys) in [(1, 4), (2, 5), (3, 4), (3, 7)] {
        let yours = learner::causal_mask(queries, keys);
        shape("causal_mask", yours.shape(), &[queries, keys])?;
        let top_left = (0..queries)
            .all(|i| (0..keys).all(|j| (yours[[i, j]] == 0.0) == (j <= i)));
        if top_left {
            return Err(say(
                format!(
                    "T = {queries}，S = {keys}：你的三角形对齐在左上角，好像查询 i 在位置 i；这 {queries} 个查询是 {keys} 个位置中的最后 {queries} 个"
                ),
                format!(
                    "T = {queries}, S = {keys}: your triangle is aligned to the top left, as if query i were at position i; the {queries} queries are the last {queries} of the {keys} positions"
                ),
            ));
        }
        compare_mask(&yours, queries, keys)?;
    }
    Ok(())
}

/// Scores (T, S) with 1 ≤ T ≤ S ≤ 6 (fixed-width draws cut to size).
fn scores() -> impl Strategy<Value = Vec<Vec<f64>>> {
    (1..7usize, 0..6usize, vec(-5.0..5.0f64, 36)).prop_map(|(s, cut, z)| {
        let t = s - cut.min(s - 1);
        (0..t).map(|i| z[i * 6..i * 6 + s].to_vec()).collect()
    })
}

fn matrix(rows: &[Vec<f64>]) -> Array2<f64> {
    Array2::from_shape_fn((rows.len(), rows[0].len()), |(i, j)| rows[i][j])
}

/// The weights of row `i`: a softmax over the visible keys only, 0 for the others.
fn reference_row(rows: &[Vec<f64>], i: usize) -> Vec<f64> {
    let (queries, keys) = (rows.len(), rows[0].len());
    let seen: Vec<usize> = (0..keys).filter(|&j| visible(queries, keys, i, j)).collect();
    let max = seen.iter().map(|&j| rows[i][j]).fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = seen.iter().map(|&j| (rows[i][j] - max).exp()).sum();
    (0..keys)
        .map(|j| match visible(queries, keys, i, j) {
            true => (rows[i][j] - max).exp() / sum,
            false => 0.0,
        })
        .collect()
}

fn weights_are_causal() -> Verdict {
    property(scores(), |rows| {
        let (queries, keys) = (rows.len(), rows[0].len());
        let yours = learner::causal_weights(&matrix(&rows));
        shape("causal_weights", yours.shape(), &[queries, keys])?;
        for i in 0..queries {
            let sum = yours.row(i).sum();
            if !close(sum, 1.0, 1e-12, 1e-12) {
                return Err(say(
                    format!(
                        "T = {queries}，S = {keys}：第 {i} 行权重之和为 {sum}，应为 1：可见的键要分到全部权重（掩码在 softmax 之前还是之后？）"
                    ),
                    format!(
                        "T = {queries}, S = {keys}: row {i} of the weights sums to {sum}, not 1: the visible keys must share all the weight (is the mask applied before the softmax or after it?)"
                    ),
                ));
            }
            if let Some(j) = (0..keys).find(|&j| !visible(queries, keys, i, j) && yours[[i, j]] != 0.0) {
                return Err(say(
                    format!(
                        "T = {queries}，S = {keys}：查询 {i} 给之后的键 {j} 分了权重 {}，应恰为 0",
                        yours[[i, j]]
                    ),
                    format!(
                        "T = {queries}, S = {keys}: query {i} gives the later key {j} a weight of {}, not exactly 0",
                        yours[[i, j]]
                    ),
                ));
            }
        }
        Ok(())
    })
}

fn future_cannot_leak() -> Verdict {
    property((scores(), vec(any::<bool>(), 36)), |(mut rows, signs)| {
        let (queries, keys) = (rows.len(), rows[0].len());
        // The scores the query may not see are set far up or down: they must change nothing.
        for (i, row) in rows.iter_mut().enumerate() {
            for (j, score) in row.iter_mut().enumerate() {
                if !visible(queries, keys, i, j) {
                    *score = if signs[i * 6 + j] { 1000.0 } else { -1000.0 };
                }
            }
        }
        let yours = learner::causal_weights(&matrix(&rows));
        shape("causal_weights", yours.shape(), &[queries, keys])?;
        for i in 0..queries {
            let expected = reference_row(&rows, i);
            if let Some(j) = all_close(&yours.row(i).to_vec(), &expected, 1e-9, 1e-15) {
                return Err(say(
                    format!(
                        "T = {queries}，S = {keys}，未来的得分为 ±1000：查询 {i} 对键 {j} 的权重为 {}，应为 {:.6}（只由可见的得分决定）",
                        yours[[i, j]],
                        expected[j]
                    ),
                    format!(
                        "T = {queries}, S = {keys}, future scores ±1000: query {i} gives key {j} a weight of {}, expected {:.6} (set by the visible scores alone)",
                        yours[[i, j]],
                        expected[j]
                    ),
                ));
            }
        }
        Ok(())
    })
}
