use llmpath_checker::ndarray::{Array2, Axis};
use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::{Check, Verdict, all_close, close, iris, property, say};

const CHECKS: &[Check] = &[
    Check {
        zh: "形状：k × d 个中心，每个点一个标签",
        en: "shapes: k × d centres, one label per point",
        run: shapes,
    },
    Check {
        zh: "每个点分给最近的中心",
        en: "every point goes to its nearest centre",
        run: nearest,
    },
    Check {
        zh: "惯性是到所分配中心的距离平方之和",
        en: "the inertia is the sum of squared distances to the assigned centres",
        run: inertia,
    },
    Check {
        zh: "每个中心移到它的点的均值",
        en: "each centre moves to the mean of its points",
        run: means,
    },
    Check {
        zh: "空簇保留原来的中心",
        en: "an empty cluster keeps its centre",
        run: empty_cluster,
    },
    Check {
        zh: "在鸢尾花上反复执行，惯性不增，收敛到 78.851",
        en: "iterated on iris, the inertia never rises and converges to 78.851",
        run: iris_converges,
    },
];

/// scikit-learn's inertia for raw iris, k = 3 (KMeans from rows 0, 50, 100; the optimum), and
/// its iteration count from there (n_iter_): scripts/reference/exercises.py, golden/exercises.json.
const IRIS_INERTIA: f64 = 78.851_441_426_146;
const SKLEARN_STEPS: usize = 4;

fn matrix(rows: &[Vec<f64>]) -> Array2<f64> {
    let d = rows.first().map_or(0, Vec::len);
    Array2::from_shape_fn((rows.len(), d), |(i, j)| rows[i][j])
}

fn d2(x: &Array2<f64>, i: usize, mu: &Array2<f64>, j: usize) -> f64 {
    (&x.row(i) - &mu.row(j)).mapv(|v| v * v).sum()
}

/// The reference step: labels by the lowest distance (first of equals), inertia from them,
/// each centre the mean of the rows selected for it.
fn reference(x: &Array2<f64>, mu: &Array2<f64>) -> (Vec<usize>, f64, Array2<f64>) {
    let labels: Vec<usize> = (0..x.nrows())
        .map(|i| {
            (1..mu.nrows()).fold(0, |best, j| match d2(x, i, mu, j) < d2(x, i, mu, best) {
                true => j,
                false => best,
            })
        })
        .collect();
    let inertia = (0..x.nrows()).map(|i| d2(x, i, mu, labels[i])).sum();
    let mut centres = mu.clone();
    for j in 0..mu.nrows() {
        let members: Vec<usize> = (0..x.nrows()).filter(|&i| labels[i] == j).collect();
        if let Some(mean) = x.select(Axis(0), &members).mean_axis(Axis(0)) {
            centres.row_mut(j).assign(&mean);
        }
    }
    (labels, inertia, centres)
}

/// Random points (n × d) and centres (k × d).
struct Case {
    points: Vec<Vec<f64>>,
    centres: Vec<Vec<f64>>,
}

impl std::fmt::Debug for Case {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "points {:?}, centres {:?}", self.points, self.centres)
    }
}

fn cases() -> impl Strategy<Value = Case> {
    (1usize..4, 1usize..16, 1usize..5)
        .prop_flat_map(|(d, n, k)| {
            (
                vec(vec(-10.0..10.0f64, d), n),
                vec(vec(-10.0..10.0f64, d), k),
            )
        })
        .prop_map(|(points, centres)| Case { points, centres })
}

fn shape_of(step: &learner::Step, x: &Array2<f64>, mu: &Array2<f64>) -> Verdict {
    if step.centres.dim() != mu.dim() {
        return Err(say(
            format!(
                "中心的形状是 {:?}，应与传入的中心相同 {:?}",
                step.centres.dim(),
                mu.dim()
            ),
            format!(
                "the centres have shape {:?}, expected {:?} like the centres passed in",
                step.centres.dim(),
                mu.dim()
            ),
        ));
    }
    if step.labels.len() != x.nrows() {
        return Err(say(
            format!(
                "{} 个标签，应为每个点一个（{} 个）",
                step.labels.len(),
                x.nrows()
            ),
            format!(
                "{} labels, expected one per point ({})",
                step.labels.len(),
                x.nrows()
            ),
        ));
    }
    match step.labels.iter().find(|&&j| j >= mu.nrows()) {
        Some(j) => Err(say(
            format!("标签 {j} 超出范围：只有 {} 个中心", mu.nrows()),
            format!(
                "label {j} is out of range: there are {} centres",
                mu.nrows()
            ),
        )),
        None => Ok(()),
    }
}

fn shapes() -> Verdict {
    let x = matrix(&[
        vec![0.0, 0.0],
        vec![1.0, 0.0],
        vec![9.0, 9.0],
        vec![10.0, 9.0],
        vec![5.0, 0.0],
    ]);
    let mu = matrix(&[vec![0.0, 1.0], vec![9.0, 8.0], vec![5.0, 5.0]]);
    shape_of(&learner::lloyd_step(&x, &mu), &x, &mu)
}

fn nearest() -> Verdict {
    property(cases(), |case| {
        let (x, mu) = (matrix(&case.points), matrix(&case.centres));
        let step = learner::lloyd_step(&x, &mu);
        shape_of(&step, &x, &mu)?;
        let (labels, _, _) = reference(&x, &mu);
        let Some(i) = (0..x.nrows()).find(|&i| step.labels[i] != labels[i]) else {
            return Ok(());
        };
        let (yours, best) = (step.labels[i], labels[i]);
        let (dy, db) = (d2(&x, i, &mu, yours), d2(&x, i, &mu, best));
        match dy == db {
            true => Err(say(
                format!("点 {i} 与中心 {best} 和 {yours} 一样近：距离相同时取下标最小的 {best}"),
                format!(
                    "point {i} is as near to centre {best} as to {yours}: a tie goes to the lowest index, {best}"
                ),
            )),
            false => Err(say(
                format!(
                    "点 {i} 分给了中心 {yours}（距离平方 {dy:.4}），但中心 {best} 更近（{db:.4}）"
                ),
                format!(
                    "point {i} went to centre {yours} (squared distance {dy:.4}), but centre {best} is nearer ({db:.4})"
                ),
            )),
        }
    })
}

fn inertia() -> Verdict {
    property(cases(), |case| {
        let (x, mu) = (matrix(&case.points), matrix(&case.centres));
        let step = learner::lloyd_step(&x, &mu);
        shape_of(&step, &x, &mu)?;
        let (labels, expected, new_centres) = reference(&x, &mu);
        if close(step.inertia, expected, 1e-9, 1e-12) {
            return Ok(());
        }
        let unsquared: f64 = (0..x.nrows())
            .map(|i| d2(&x, i, &mu, labels[i]).sqrt())
            .sum();
        let after: f64 = (0..x.nrows())
            .map(|i| d2(&x, i, &new_centres, labels[i]))
            .sum();
        let (zh, en) = if close(step.inertia, unsquared, 1e-9, 1e-12) {
            (
                "这是距离之和：惯性用的是距离的平方",
                "that is the sum of distances: the inertia sums squared distances",
            )
        } else if close(step.inertia, after, 1e-9, 1e-12) {
            (
                "这是用更新后的中心算的：惯性要用传入的中心（分配时的距离）",
                "that is measured to the updated centres: measure to the centres passed in (the distances of the assignment)",
            )
        } else {
            (
                "应为 Σᵢ ‖xᵢ − μ_{labels[i]}‖²",
                "expected Σᵢ ‖xᵢ − μ_{labels[i]}‖²",
            )
        };
        Err(say(
            format!("惯性是 {:.6}，应为 {expected:.6}：{zh}", step.inertia),
            format!(
                "the inertia is {:.6}, expected {expected:.6}: {en}",
                step.inertia
            ),
        ))
    })
}

fn means() -> Verdict {
    property(cases(), |case| {
        let (x, mu) = (matrix(&case.points), matrix(&case.centres));
        let step = learner::lloyd_step(&x, &mu);
        shape_of(&step, &x, &mu)?;
        let (labels, _, expected) = reference(&x, &mu);
        let flat = |a: &Array2<f64>| a.iter().copied().collect::<Vec<f64>>();
        let Some(e) = all_close(&flat(&step.centres), &flat(&expected), 1e-9, 1e-12) else {
            return Ok(());
        };
        let j = e / mu.ncols();
        let members = labels.iter().filter(|&&l| l == j).count();
        let yours = step.centres.row(j).to_vec();
        let sum =
            (0..x.nrows())
                .filter(|&i| labels[i] == j)
                .fold(vec![0.0; mu.ncols()], |mut s, i| {
                    s.iter_mut().zip(x.row(i)).for_each(|(s, v)| *s += v);
                    s
                });
        let (zh, en) = if members == 0 {
            (
                "这个簇是空的：保留原来的中心",
                "this cluster is empty: keep its old centre",
            )
        } else if all_close(&yours, &mu.row(j).to_vec(), 0.0, 0.0).is_none()
            && all_close(&yours, &expected.row(j).to_vec(), 1e-9, 1e-12).is_some()
        {
            (
                "中心没有移动：更新步要把它移到成员的均值",
                "the centre did not move: the update moves it to its members' mean",
            )
        } else if all_close(&yours, &sum, 1e-9, 1e-12).is_none() {
            (
                "这是成员之和：还要除以簇的大小",
                "that is the sum of its members: divide by the cluster's size",
            )
        } else {
            (
                "应为分给它的点的均值",
                "expected the mean of the points assigned to it",
            )
        };
        Err(say(
            format!(
                "中心 {j}（有 {members} 个点）是 {yours:?}，应为 {:?}：{zh}",
                expected.row(j).to_vec()
            ),
            format!(
                "centre {j} (members: {members}) is {yours:?}, expected {:?}: {en}",
                expected.row(j).to_vec()
            ),
        ))
    })
}

fn empty_cluster() -> Verdict {
    // Centre 1 at (100, 100) is nobody's nearest.
    let x = matrix(&[
        vec![0.0, 0.0],
        vec![2.0, 0.0],
        vec![0.0, 2.0],
        vec![10.0, 10.0],
    ]);
    let mu = matrix(&[vec![1.0, 1.0], vec![100.0, 100.0], vec![9.0, 9.0]]);
    let step = learner::lloyd_step(&x, &mu);
    shape_of(&step, &x, &mu)?;
    let kept = step.centres.row(1).to_vec();
    match kept == [100.0, 100.0] {
        true => Ok(()),
        false => Err(say(
            format!(
                "点 (0,0)、(2,0)、(0,2)、(10,10)，中心 (1,1)、(100,100)、(9,9)：没有点离中心 1 最近，它变成了 {kept:?}，应保留 [100.0, 100.0]（空集的均值是 0/0）"
            ),
            format!(
                "points (0,0), (2,0), (0,2), (10,10), centres (1,1), (100,100), (9,9): no point is nearest to centre 1, and it became {kept:?}; it must stay [100.0, 100.0] (the mean of nothing is 0/0)"
            ),
        )),
    }
}

fn iris_converges() -> Verdict {
    let (features, _) = iris();
    let x = Array2::from_shape_fn((features.len(), 4), |(i, j)| features[i][j]);
    let mut centres = x.select(Axis(0), &[0, 50, 100]);
    let mut previous: Option<(Vec<usize>, f64)> = None;
    for iteration in 1..=100 {
        let step = learner::lloyd_step(&x, &centres);
        shape_of(&step, &x, &centres)?;
        if let Some((labels, inertia)) = &previous {
            if step.inertia > inertia + 1e-9 {
                return Err(say(
                    format!(
                        "第 {iteration} 步的惯性 {:.6} 比上一步的 {inertia:.6} 大：Lloyd 的每一步都不应增大惯性",
                        step.inertia
                    ),
                    format!(
                        "step {iteration} has inertia {:.6}, more than the previous {inertia:.6}: no Lloyd step may raise it",
                        step.inertia
                    ),
                ));
            }
            if *labels == step.labels {
                return match close(step.inertia, IRIS_INERTIA, 1e-8, 0.0) {
                    true => Ok(()),
                    false => Err(say(
                        format!(
                            "鸢尾花，从第 0、50、100 行出发：{iteration} 步后标签不再变化，惯性为 {:.6}，应收敛到 78.851441",
                            step.inertia
                        ),
                        format!(
                            "iris from rows 0, 50, 100: the labels stop changing after {iteration} steps at inertia {:.6}; it should converge to 78.851441",
                            step.inertia
                        ),
                    )),
                };
            }
        }
        previous = Some((step.labels, step.inertia));
        centres = step.centres;
    }
    Err(say(
        format!(
            "鸢尾花，从第 0、50、100 行出发：100 步后标签仍在变化（scikit-learn 只需 {SKLEARN_STEPS} 步）"
        ),
        format!(
            "iris from rows 0, 50, 100: the labels still change after 100 steps (scikit-learn needs {SKLEARN_STEPS})"
        ),
    ))
}
