use llmpath_checker::ndarray::{Array1, Array2};
use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::proptest::sample::Index;
use llmpath_checker::{Check, Verdict, all_close, gradient, property, say, shape};

const CHECKS: &[Check] = &[
    Check {
        zh: "前向传播：z1、h = ReLU(z1) 与 logits 与定义一致",
        en: "the forward pass: z1, h = ReLU(z1) and the logits match their definitions",
        run: forward_matches,
    },
    Check {
        zh: "∂L/∂W2 与 ∂L/∂b2 与有限差分一致",
        en: "∂L/∂W2 and ∂L/∂b2 match finite differences",
        run: output_layer_gradients,
    },
    Check {
        zh: "∂L/∂W1 与 ∂L/∂b1 与有限差分一致（梯度穿过 ReLU）",
        en: "∂L/∂W1 and ∂L/∂b1 match finite differences (through the ReLU)",
        run: hidden_layer_gradients,
    },
];

/// A batch X (B, D), labels, and parameters for D inputs, H hidden units, K classes; sizes
/// drawn first, values as fixed-width draws cut to size. B ≥ 2, so a missing or extra 1/B shows.
/// Every z1 stays 0.05 or more away from ReLU's kink, where central differences are not the
/// derivative (a failing case shrinks towards zeros, and would land on it).
#[derive(Debug, Clone)]
struct Problem {
    x: Vec<Vec<f64>>,
    labels: Vec<usize>,
    w1: Vec<Vec<f64>>,
    b1: Vec<f64>,
    w2: Vec<Vec<f64>>,
    b2: Vec<f64>,
}

fn problems() -> impl Strategy<Value = Problem> {
    let sizes = (2..5usize, 1..4usize, 1..5usize, 2..4usize);
    let values = (
        vec(-2.0..2.0f64, 16),
        vec(any::<Index>(), 4),
        vec(-1.0..1.0f64, 12),
        vec(-1.0..1.0f64, 4),
        vec(-1.0..1.0f64, 12),
        vec(-1.0..1.0f64, 3),
    );
    (sizes, values)
        .prop_map(|((b, d, h, k), (x, labels, w1, b1, w2, b2))| {
            let rows = |v: &[f64], n: usize, m: usize, width: usize| -> Vec<Vec<f64>> {
                (0..n)
                    .map(|i| v[i * width..i * width + m].to_vec())
                    .collect()
            };
            Problem {
                x: rows(&x, b, d, 3),
                labels: labels[..b].iter().map(|l| l.index(k)).collect(),
                w1: rows(&w1, d, h, 4),
                b1: b1[..h].to_vec(),
                w2: rows(&w2, h, k, 3),
                b2: b2[..k].to_vec(),
            }
        })
        .prop_filter("z1 away from ReLU's kink", |p| {
            let (z1, _, _) = reference_forward(&p.x, &p.w1, &p.b1, &p.w2, &p.b2);
            z1.iter().flatten().all(|z| z.abs() > 0.05)
        })
}

fn matrix(rows: &[Vec<f64>]) -> Array2<f64> {
    Array2::from_shape_fn((rows.len(), rows[0].len()), |(i, j)| rows[i][j])
}

fn params(p: &Problem) -> learner::Params {
    learner::Params {
        w1: matrix(&p.w1),
        b1: Array1::from(p.b1.clone()),
        w2: matrix(&p.w2),
        b2: Array1::from(p.b2.clone()),
    }
}

/// The check's own forward pass, with plain loops: (z1, h, logits).
fn reference_forward(
    x: &[Vec<f64>],
    w1: &[Vec<f64>],
    b1: &[f64],
    w2: &[Vec<f64>],
    b2: &[f64],
) -> (Vec<Vec<f64>>, Vec<Vec<f64>>, Vec<Vec<f64>>) {
    let affine = |input: &[Vec<f64>], w: &[Vec<f64>], b: &[f64]| -> Vec<Vec<f64>> {
        input
            .iter()
            .map(|row| {
                (0..b.len())
                    .map(|j| {
                        b[j] + row
                            .iter()
                            .zip(w)
                            .map(|(v, w_row)| v * w_row[j])
                            .sum::<f64>()
                    })
                    .collect()
            })
            .collect()
    };
    let z1 = affine(x, w1, b1);
    let h: Vec<Vec<f64>> = z1
        .iter()
        .map(|row| row.iter().map(|z| z.max(0.0)).collect())
        .collect();
    let logits = affine(&h, w2, b2);
    (z1, h, logits)
}

/// The mean softmax cross-entropy and ∂L/∂logits = (softmax − one-hot)/B.
fn cross_entropy(logits: &[Vec<f64>], labels: &[usize]) -> (f64, Vec<Vec<f64>>) {
    let batch = labels.len() as f64;
    let mut loss = 0.0;
    let mut grad = Vec::new();
    for (row, &y) in logits.iter().zip(labels) {
        let max = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let sum: f64 = row.iter().map(|z| (z - max).exp()).sum();
        loss += max + sum.ln() - row[y];
        grad.push(
            (0..row.len())
                .map(|k| ((row[k] - max).exp() / sum - f64::from(u8::from(k == y))) / batch)
                .collect(),
        );
    }
    (loss / batch, grad)
}

fn flat(rows: &[Vec<f64>]) -> Vec<f64> {
    rows.iter().flatten().copied().collect()
}

fn forward_matches() -> Verdict {
    property(problems(), |p| {
        let yours = learner::forward(&params(&p), &matrix(&p.x));
        let (z1, h, logits) = reference_forward(&p.x, &p.w1, &p.b1, &p.w2, &p.b2);
        let cases = [
            ("z1", &yours.z1, z1, "X W1 + b1"),
            ("h", &yours.h, h, "ReLU(z1) = max(z1, 0)"),
            ("logits", &yours.logits, logits, "h W2 + b2"),
        ];
        for (name, yours, expected, formula) in cases {
            shape(name, yours.shape(), &[expected.len(), expected[0].len()])?;
            let yours_flat: Vec<f64> = yours.iter().copied().collect();
            if let Some(i) = all_close(&yours_flat, &flat(&expected), 1e-10, 1e-12) {
                let (row, col) = (i / expected[0].len(), i % expected[0].len());
                return Err(say(
                    format!(
                        "{name}[{row}][{col}] 为 {}，与 {formula} 不符",
                        yours_flat[i]
                    ),
                    format!("{name}[{row}][{col}] is {}, not {formula}", yours_flat[i]),
                ));
            }
        }
        Ok(())
    })
}

/// Which parameter a gradient is checked for.
#[derive(Clone, Copy)]
enum Which {
    W1,
    B1,
    W2,
    B2,
}

/// The learner's gradient of one parameter against central differences of the reference loss
/// in that parameter, the others held fixed.
fn gradient_verdict(p: &Problem, which: Which) -> Verdict {
    let x = matrix(&p.x);
    let ps = params(p);
    let cache = learner::forward(&ps, &x);
    // ∂L/∂logits from the check's own forward pass, so a wrong forward cannot hide here.
    let (_, _, logits) = reference_forward(&p.x, &p.w1, &p.b1, &p.w2, &p.b2);
    let (_, grad_logits) = cross_entropy(&logits, &p.labels);
    let grads = learner::backward(&ps, &x, &cache, &matrix(&grad_logits));
    let (d, h, k) = (p.w1.len(), p.b1.len(), p.b2.len());
    let loss_with = |w1: &[Vec<f64>], b1: &[f64], w2: &[Vec<f64>], b2: &[f64]| {
        let (_, _, logits) = reference_forward(&p.x, w1, b1, w2, b2);
        cross_entropy(&logits, &p.labels).0
    };
    let unflat =
        |v: &[f64], cols: usize| -> Vec<Vec<f64>> { v.chunks(cols).map(<[f64]>::to_vec).collect() };
    let (name, expected_shape, yours, at): (&str, Vec<usize>, Vec<f64>, Vec<f64>) = match which {
        Which::W1 => (
            "∂L/∂W1",
            vec![d, h],
            grads.w1.iter().copied().collect(),
            flat(&p.w1),
        ),
        Which::B1 => ("∂L/∂b1", vec![h], grads.b1.to_vec(), p.b1.clone()),
        Which::W2 => (
            "∂L/∂W2",
            vec![h, k],
            grads.w2.iter().copied().collect(),
            flat(&p.w2),
        ),
        Which::B2 => ("∂L/∂b2", vec![k], grads.b2.to_vec(), p.b2.clone()),
    };
    let yours_shape = match which {
        Which::W1 => grads.w1.shape().to_vec(),
        Which::B1 => grads.b1.shape().to_vec(),
        Which::W2 => grads.w2.shape().to_vec(),
        Which::B2 => grads.b2.shape().to_vec(),
    };
    shape(name, &yours_shape, &expected_shape)?;
    let loss = |theta: &[f64]| match which {
        Which::W1 => loss_with(&unflat(theta, h), &p.b1, &p.w2, &p.b2),
        Which::B1 => loss_with(&p.w1, theta, &p.w2, &p.b2),
        Which::W2 => loss_with(&p.w1, &p.b1, &unflat(theta, k), &p.b2),
        Which::B2 => loss_with(&p.w1, &p.b1, &p.w2, theta),
    };
    gradient(name, loss, &at, &yours).map_err(|e| {
        say(
            format!(
                "B = {}，D = {d}，H = {h}，K = {k}（矩阵按行优先展开）：{e}",
                p.x.len()
            ),
            format!(
                "B = {}, D = {d}, H = {h}, K = {k} (matrices flattened row by row): {e}",
                p.x.len()
            ),
        )
    })
}

fn output_layer_gradients() -> Verdict {
    property(problems(), |p| {
        gradient_verdict(&p, Which::W2)?;
        gradient_verdict(&p, Which::B2)
    })
}

fn hidden_layer_gradients() -> Verdict {
    property(problems(), |p| {
        gradient_verdict(&p, Which::W1)?;
        gradient_verdict(&p, Which::B1)
    })
}
