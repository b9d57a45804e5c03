//! # k-means++ initialisation / k-means++ 初始化
//!
//! Lloyd's algorithm only finds a local optimum, and which one depends on where the centres
//! start. k-means++ (Arthur & Vassilvitskii, 2007) spreads the starting centres out:
//!
//! 1. the first centre is a data point chosen uniformly at random;
//! 2. every next centre is a data point x chosen with probability ∝ D(x)², where D(x) is the
//!    distance from x to the *nearest* centre chosen so far;
//! 3. repeat 2 until there are k centres.
//!
//! A point that is already a centre has D = 0, so it is never chosen twice; a point far from
//! every centre is likely to be next. Draw with the `rng` you are given (`rng.random_range(0..n)`,
//! `rng.random::<f64>()` for a uniform number in [0, 1), with `use rand::Rng;`) and return
//! the indices of the chosen rows in the order they were chosen: `x.select(Axis(0), &rows)`
//! makes them the k × d matrix of centres. This is the plain algorithm: one draw per centre
//! (scikit-learn adds a greedy variant that draws several candidates and keeps the best).
//!
//! Lloyd 算法只能找到局部最优，找到哪一个取决于中心的初始位置。k-means++ 让初始中心彼此分散：
//! 第一个中心是均匀随机选出的一个数据点；之后每个中心以正比于 D(x)² 的概率从数据点中选出，
//! D(x) 是 x 到目前已选中心中*最近*一个的距离；重复直到有 k 个中心。已经是中心的点 D = 0，
//! 所以不会被选两次；离所有中心都远的点最可能被选中。请用传入的 `rng` 抽样，按选中的顺序返回
//! 这些行的下标。这里是原始算法：每个中心只抽一次（scikit-learn 的贪心版本会抽多个候选取最好的）。
//!
//! `x` is n × d with at least k distinct rows, 1 ≤ k ≤ n. 输入 `x` 为 n × d，至少有 k 个不同的行。
//!
//! Lab / 实验: `llmpath lab show kmeans`. Check / 检查: `llmpath check`.

use ndarray::Array2;
use rand::rngs::StdRng;

/// The indices of the k rows of `x` chosen as initial centres, in the order chosen.
pub fn kmeans_plus_plus(x: &Array2<f64>, k: usize, rng: &mut StdRng) -> Vec<usize> {
    let _ = rng; // draw from it: rng.random_range(0..n), rng.random::<f64>()
    todo!("choose {k} of {} rows", x.nrows())
}
