//! # One step of Lloyd's algorithm / Lloyd 算法的一步
//!
//! k-means looks for k centres μ₁…μ_k that minimise the inertia, the sum of squared
//! distances from every point to its centre. Lloyd's algorithm repeats one step:
//!
//! ```text
//! assignment: labels[i] = argminⱼ ‖xᵢ − μⱼ‖²           (ties: the lowest j)
//! inertia:    J = Σᵢ ‖xᵢ − μ_{labels[i]}‖²             (with the centres passed in)
//! update:     μⱼ ← the mean of the points with labels[i] = j
//! ```
//!
//! A cluster that no point chose keeps its old centre (the mean of nothing is 0/0). Neither
//! half of the step can raise J, so repeating it until no label changes converges; on iris
//! (k = 3, raw features) from rows 0, 50 and 100 it reaches J = 78.851, the optimum
//! scikit-learn finds.
//!
//! k-means 要找 k 个中心，使惯性（每个点到其中心距离平方之和）最小。Lloyd 算法反复执行一步：
//! 分配——每个点分给最近的中心（距离相同取下标最小的）；惯性 J——用传入的中心计算的距离平方和；
//! 更新——每个中心移到分给它的点的均值。没有任何点的簇保留原来的中心（空集的均值是 0/0）。
//! 两半步都不会增大 J，所以反复执行直到标签不再变化就会收敛；在鸢尾花（k = 3，原始特征）上从
//! 第 0、50、100 行出发，会达到 scikit-learn 找到的最优值 J = 78.851。
//!
//! Lab / 实验: `llmpath lab show kmeans`. Check / 检查: `llmpath check`.

use ndarray::Array2;

/// What one Lloyd step gives.
#[derive(Debug, Clone)]
pub struct Step {
    /// The updated centres (k × d): the mean of each cluster; an empty cluster keeps its centre.
    pub centres: Array2<f64>,
    /// The index of each point's nearest centre (n of them).
    pub labels: Vec<usize>,
    /// Σᵢ ‖xᵢ − μ_{labels[i]}‖², measured to the centres passed in.
    pub inertia: f64,
}

/// One Lloyd step: assign the n × d points `x` to the k × d `centres`, then update the centres.
pub fn lloyd_step(x: &Array2<f64>, centres: &Array2<f64>) -> Step {
    todo!(
        "assign {} points to {} centres, then move the centres",
        x.nrows(),
        centres.nrows()
    )
}
