use llmpath_checker::ndarray::{Array2, array};
use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::{Check, Verdict, close, iris, property, say, shape};

const CHECKS: &[Check] = &[
    Check {
        zh: "fit 为每一列学习一个均值和一个尺度，transform 保持形状",
        en: "fit learns one mean and one scale per column; transform keeps the shape",
        run: shapes,
    },
    Check {
        zh: "mean 与 scale 是各列的均值和总体标准差（除以 n）",
        en: "mean and scale are the column means and population standard deviations (1/n)",
        run: statistics,
    },
    Check {
        zh: "标准化后的训练数据每列均值为 0、标准差为 1",
        en: "the standardised training columns have mean 0 and standard deviation 1",
        run: standardised,
    },
    Check {
        zh: "鸢尾花的 4 个特征标准化后均值为 0、标准差为 1",
        en: "the 4 iris features come out with mean 0 and standard deviation 1",
        run: iris_standardised,
    },
    Check {
        zh: "常数列的 scale 为 1，变换后为 0 而不是 NaN",
        en: "a constant column gets scale 1 and becomes 0, not NaN",
        run: constant_column,
    },
    Check {
        zh: "新数据用训练数据的均值和尺度变换",
        en: "new rows are transformed with the training mean and scale",
        run: new_rows,
    },
];

/// Multiples of 1/4 in [−10, 10]: sums and means of a few of them are exact, so a constant
/// column has a standard deviation of exactly 0, and they read well in a diagnosis.
fn quarter() -> impl Strategy<Value = f64> {
    (-40i32..=40).prop_map(|k| f64::from(k) / 4.0)
}

/// n × d rows with n in `rows` and d in 1..4.
fn rows(n: std::ops::Range<usize>) -> impl Strategy<Value = Vec<Vec<f64>>> {
    // Fixed-width rows cut to d columns (prop_map, not prop_flat_map: a failure shrinks in few
    // steps).
    (1..4usize, vec(vec(quarter(), 3), n))
        .prop_map(|(d, rows)| rows.iter().map(|row| row[..d].to_vec()).collect())
}

fn matrix(rows: &[Vec<f64>]) -> Array2<f64> {
    Array2::from_shape_fn((rows.len(), rows[0].len()), |(i, j)| rows[i][j])
}

/// Column means and scales by two plain passes (scale 1 for a constant column).
fn reference(x: &Array2<f64>) -> (Vec<f64>, Vec<f64>) {
    let n = x.nrows() as f64;
    let mean: Vec<f64> = x.columns().into_iter().map(|c| c.sum() / n).collect();
    let scale = x
        .columns()
        .into_iter()
        .zip(&mean)
        .map(|(c, m)| {
            let var = c.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / n;
            if var == 0.0 { 1.0 } else { var.sqrt() }
        })
        .collect();
    (mean, scale)
}

fn shapes() -> Verdict {
    let x = array![
        [5.1, 3.5, 1.4],
        [4.9, 3.0, 1.4],
        [6.2, 2.9, 4.3],
        [5.9, 3.0, 5.1],
        [6.3, 3.3, 6.0]
    ];
    let scaler = learner::StandardScaler::fit(&x);
    for (name, len) in [("mean", scaler.mean.len()), ("scale", scaler.scale.len())] {
        if len == x.nrows() {
            return Err(say(
                format!(
                    "5×3 矩阵的 {name} 有 5 个值（每行一个）：应沿 Axis(0)（向下跨行）归约，每列得到一个值"
                ),
                format!(
                    "{name} of a 5×3 matrix has 5 values, one per row: reduce along Axis(0), down the rows, to get one per column"
                ),
            ));
        }
        shape(&format!("StandardScaler::fit(5×3).{name}"), &[len], &[3])?;
    }
    let z = scaler.transform(&x);
    shape("transform(5×3)", z.shape(), &[5, 3])?;
    let new = array![[5.0, 3.0, 1.5], [6.0, 3.1, 4.0]];
    shape("transform(2×3)", scaler.transform(&new).shape(), &[2, 3])
}

fn statistics() -> Verdict {
    property(rows(1..8), |rows| {
        let x = matrix(&rows);
        let n = x.nrows() as f64;
        let scaler = learner::StandardScaler::fit(&x);
        shape("mean", &[scaler.mean.len()], &[x.ncols()])?;
        shape("scale", &[scaler.scale.len()], &[x.ncols()])?;
        let (mean, scale) = reference(&x);
        for j in 0..x.ncols() {
            let yours = scaler.mean[j];
            if !close(yours, mean[j], 1e-12, 1e-12) {
                return Err(say(
                    format!("mean[{j}] 为 {yours}，第 {j} 列的均值是 {}", mean[j]),
                    format!("mean[{j}] is {yours}; column {j} averages {}", mean[j]),
                ));
            }
        }
        for j in 0..x.ncols() {
            let (yours, expected) = (scaler.scale[j], scale[j]);
            if close(yours, expected, 1e-12, 1e-12) {
                continue;
            }
            let hint = if expected != 1.0
                && close((yours / expected).powi(2), n / (n - 1.0), 1e-9, 0.0)
            {
                say(
                    "方差大了 n/(n−1) 倍：是否除以了 n − 1？scikit-learn 的 StandardScaler 用总体标准差（除以 n）",
                    "the variance is n/(n−1) times too large: dividing by n − 1? scikit-learn's StandardScaler uses the population std (1/n)",
                )
            } else if expected != 1.0 && close(yours, expected * expected, 1e-9, 1e-12) {
                say(
                    "这是方差：还要开平方根",
                    "that is the variance: take its square root",
                )
            } else if expected == 1.0 {
                say(
                    "这一列是常数（σ = 0）：scale 应为 1",
                    "this column is constant (σ = 0): its scale is 1",
                )
            } else {
                say(
                    "应为 √((1/n) Σᵢ (xᵢⱼ − μⱼ)²)",
                    "it should be √((1/n) Σᵢ (xᵢⱼ − μⱼ)²)",
                )
            };
            return Err(say(
                format!("scale[{j}] 为 {yours}，应为 {expected}：{hint}"),
                format!("scale[{j}] is {yours}, expected {expected}: {hint}"),
            ));
        }
        Ok(())
    })
}

/// Mean 0 and std 1 in every column of `z` whose training column was not constant.
fn zero_mean_unit_std(z: &Array2<f64>, constant: &[bool], names: &[String]) -> Verdict {
    let n = z.nrows() as f64;
    for (j, column) in z.columns().into_iter().enumerate() {
        if constant[j] {
            continue;
        }
        let mean = column.sum() / n;
        let std = (column.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n).sqrt();
        let name = &names[j];
        if !close(mean, 0.0, 0.0, 1e-9) {
            return Err(say(
                format!("变换后{name}的均值为 {mean}，应为 0"),
                format!("after transform, {name} has mean {mean}, not 0"),
            ));
        }
        if !close(std, 1.0, 1e-9, 0.0) {
            let hint = if close(std * std, (n - 1.0) / n, 1e-9, 0.0) {
                say(
                    "std² = (n−1)/n：scale 是否除以了 n − 1？",
                    "std² = (n−1)/n: was the scale divided by n − 1?",
                )
            } else {
                String::new()
            };
            return Err(say(
                format!("变换后{name}的标准差为 {std}，应为 1 {hint}"),
                format!("after transform, {name} has standard deviation {std}, not 1 {hint}"),
            ));
        }
    }
    Ok(())
}

fn standardised() -> Verdict {
    property(rows(2..8), |rows| {
        let x = matrix(&rows);
        let z = learner::StandardScaler::fit(&x).transform(&x);
        shape("transform(x)", z.shape(), x.shape())?;
        let constant: Vec<bool> = x
            .columns()
            .into_iter()
            .map(|c| c.iter().all(|&v| v == c[0]))
            .collect();
        let names: Vec<String> = (0..x.ncols())
            .map(|j| say(format!("第 {j} 列"), format!("column {j}")))
            .collect();
        zero_mean_unit_std(&z, &constant, &names)
    })
}

fn iris_standardised() -> Verdict {
    let (features, _) = iris();
    let x = Array2::from_shape_fn((features.len(), 4), |(i, j)| features[i][j]);
    let z = learner::StandardScaler::fit(&x).transform(&x);
    shape("transform(iris)", z.shape(), &[150, 4])?;
    let names: Vec<String> = [
        ("花萼长度", "sepal length"),
        ("花萼宽度", "sepal width"),
        ("花瓣长度", "petal length"),
        ("花瓣宽度", "petal width"),
    ]
    .iter()
    .map(|(zh, en)| say(*zh, *en))
    .collect();
    zero_mean_unit_std(&z, &[false; 4], &names)
}

fn constant_column() -> Verdict {
    let x = array![
        [1.0, 3.0, -2.0],
        [2.0, 3.0, 0.5],
        [4.0, 3.0, 7.0],
        [0.5, 3.0, 1.0]
    ];
    let scaler = learner::StandardScaler::fit(&x);
    shape("scale", &[scaler.scale.len()], &[3])?;
    let s = scaler.scale[1];
    if s != 1.0 {
        return Err(say(
            format!(
                "第 1 列全是 3.0（σ = 0），它的 scale 为 {s}，应为 1：与 scikit-learn 一样，常数列不缩放"
            ),
            format!(
                "column 1 is all 3.0 (σ = 0) and its scale is {s}, not 1: like scikit-learn, leave a constant column unscaled"
            ),
        ));
    }
    let z = scaler.transform(&x);
    shape("transform(x)", z.shape(), &[4, 3])?;
    match z.column(1).iter().find(|&&v| v != 0.0) {
        None => Ok(()),
        Some(v) => Err(say(
            format!("常数列变换后应全为 0，却出现了 {v}"),
            format!("the constant column should become all 0, but it holds {v}"),
        )),
    }
}

fn new_rows() -> Verdict {
    let cases = (
        1..4usize,
        vec(vec(quarter(), 3), 2..8),
        vec(vec(quarter(), 3), 1..5),
    )
        .prop_map(|(d, train, test)| {
            let cut = |rows: Vec<Vec<f64>>| -> Vec<Vec<f64>> {
                rows.iter().map(|row| row[..d].to_vec()).collect()
            };
            (cut(train), cut(test))
        });
    property(cases, |(train, test)| {
        let (x, x_new) = (matrix(&train), matrix(&test));
        let z = learner::StandardScaler::fit(&x).transform(&x_new);
        shape("transform(new rows)", z.shape(), x_new.shape())?;
        let (mean, scale) = reference(&x);
        let (mean_new, scale_new) = reference(&x_new);
        for ((i, j), &yours) in z.indexed_iter() {
            let expected = (x_new[[i, j]] - mean[j]) / scale[j];
            if close(yours, expected, 1e-9, 1e-12) {
                continue;
            }
            let refitted = (x_new[[i, j]] - mean_new[j]) / scale_new[j];
            if close(yours, refitted, 1e-9, 1e-12) {
                return Err(say(
                    format!(
                        "新数据第 {i} 行第 {j} 列为 {yours}，这是用新数据自己的均值和尺度算的；应使用 fit 在训练数据上学到的统计量（{expected}）：否则测试集泄漏进了预处理"
                    ),
                    format!(
                        "new row {i}, column {j} is {yours}, computed with the new rows' own mean and scale; use the statistics fit learnt on the training rows ({expected}): otherwise the test set leaks into its preprocessing"
                    ),
                ));
            }
            return Err(say(
                format!(
                    "新数据第 {i} 行第 {j} 列为 {yours}，应为 (x − 训练均值)/训练尺度 = {expected}"
                ),
                format!(
                    "new row {i}, column {j} is {yours}, expected (x − training mean)/training scale = {expected}"
                ),
            ));
        }
        Ok(())
    })
}
