use llmpath_checker::ndarray::{Array1, Array2};
use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::{Check, Verdict, all_close, property, say, shape};

const CHECKS: &[Check] = &[
    Check {
        zh: "step 返回两个长度为 H 的向量，run 每个输入返回一个状态",
        en: "step returns two vectors of length H, and run one state per input",
        run: shapes,
    },
    Check {
        zh: "每个门在 PyTorch 顺序 i、f、g、o 中自己的块里（一次让一个门饱和）",
        en: "each gate sits in its own block of PyTorch's order i, f, g, o (one gate saturated at a time)",
        run: gates_in_pytorch_order,
    },
    Check {
        zh: "一步与 LSTM 的公式一致（随机权重）",
        en: "one step matches the LSTM equations (random weights)",
        run: step_matches_equations,
    },
    Check {
        zh: "run 把 h 和 c 都传到下一步",
        en: "run carries both h and c on to the next step",
        run: run_carries_both_states,
    },
];

/// PyTorch's parameters as rows: w_ih (4H, D), w_hh (4H, H), b_ih, b_hh (4H).
#[derive(Debug, Clone)]
struct Params {
    w_ih: Vec<Vec<f64>>,
    w_hh: Vec<Vec<f64>>,
    b_ih: Vec<f64>,
    b_hh: Vec<f64>,
}

impl Params {
    fn cell(&self) -> learner::LstmCell {
        let rows = |m: &[Vec<f64>]| Array2::from_shape_fn((m.len(), m[0].len()), |(r, k)| m[r][k]);
        learner::LstmCell {
            w_ih: rows(&self.w_ih),
            w_hh: rows(&self.w_hh),
            b_ih: Array1::from(self.b_ih.clone()),
            b_hh: Array1::from(self.b_hh.clone()),
        }
    }
}

/// A cell with D in 1..4 inputs and H in 1..4 hidden units, and `inputs` vectors x (fixed-width
/// draws cut to size, so a failure shrinks quickly), a starting h in −1..1 and c in −2..2.
fn cases(
    inputs: std::ops::Range<usize>,
) -> impl Strategy<Value = (Params, Vec<Vec<f64>>, Vec<f64>, Vec<f64>)> {
    (
        (1..4usize, 1..4usize, inputs),
        vec(-1.0..1.0f64, 96),
        vec(-2.0..2.0f64, 15),
        vec(-1.0..1.0f64, 3),
        vec(-2.0..2.0f64, 3),
    )
        .prop_map(|((d, hidden, n), w, xs, h, c)| {
            let params = Params {
                w_ih: (0..4 * hidden)
                    .map(|r| w[r * 3..r * 3 + d].to_vec())
                    .collect(),
                w_hh: (0..4 * hidden)
                    .map(|r| w[36 + r * 3..36 + r * 3 + hidden].to_vec())
                    .collect(),
                b_ih: w[72..72 + 4 * hidden].to_vec(),
                b_hh: w[84..84 + 4 * hidden].to_vec(),
            };
            let xs = (0..n).map(|t| xs[t * 3..t * 3 + d].to_vec()).collect();
            (params, xs, h[..hidden].to_vec(), c[..hidden].to_vec())
        })
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// One step of the LSTM equations, row by row: (h′, c′).
fn reference_step(p: &Params, x: &[f64], h: &[f64], c: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let hidden = h.len();
    let z: Vec<f64> = (0..4 * hidden)
        .map(|r| {
            let input: f64 = p.w_ih[r].iter().zip(x).map(|(w, x)| w * x).sum();
            let recurrent: f64 = p.w_hh[r].iter().zip(h).map(|(w, h)| w * h).sum();
            input + p.b_ih[r] + recurrent + p.b_hh[r]
        })
        .collect();
    let c_next: Vec<f64> = (0..hidden)
        .map(|j| sigmoid(z[hidden + j]) * c[j] + sigmoid(z[j]) * z[2 * hidden + j].tanh())
        .collect();
    let h_next = (0..hidden)
        .map(|j| sigmoid(z[3 * hidden + j]) * c_next[j].tanh())
        .collect();
    (h_next, c_next)
}

fn step(p: &Params, x: &[f64], h: &[f64], c: &[f64]) -> Result<(Vec<f64>, Vec<f64>), String> {
    let (h_next, c_next) = p.cell().step(
        &Array1::from(x.to_vec()),
        &Array1::from(h.to_vec()),
        &Array1::from(c.to_vec()),
    );
    shape("h′", h_next.shape(), &[h.len()])?;
    shape("c′", c_next.shape(), &[h.len()])?;
    Ok((h_next.to_vec(), c_next.to_vec()))
}

fn shapes() -> Verdict {
    let params = Params {
        w_ih: vec![vec![0.1, -0.2]; 12],
        w_hh: vec![vec![0.3, 0.0, -0.1]; 12],
        b_ih: vec![0.05; 12],
        b_hh: vec![-0.05; 12],
    };
    step(&params, &[1.0, 2.0], &[0.0; 3], &[0.5; 3])?;
    let states = params.cell().run(&vec![Array1::from(vec![1.0, -1.0]); 4]);
    if states.len() != 4 {
        return Err(say(
            format!("run 对 4 个输入返回了 {} 个状态", states.len()),
            format!("run returned {} states for 4 inputs", states.len()),
        ));
    }
    states
        .iter()
        .try_for_each(|h| shape("run 的状态 / a state of run", h.shape(), &[3]))
}

/// Compares (h′, c′) with the reference; `what` says which input it was.
fn compare(yours: &(Vec<f64>, Vec<f64>), expected: &(Vec<f64>, Vec<f64>), what: &str) -> Verdict {
    for (name, y, e) in [("c′", &yours.1, &expected.1), ("h′", &yours.0, &expected.0)] {
        if let Some(j) = all_close(y, e, 1e-10, 1e-12) {
            return Err(say(
                format!("{what}：{name}[{j}] 为 {}，应为 {:.6}", y[j], e[j]),
                format!("{what}: {name}[{j}] is {}, expected {:.6}", y[j], e[j]),
            ));
        }
    }
    Ok(())
}

fn step_matches_equations() -> Verdict {
    property(cases(1..2), |(params, xs, h, c)| {
        let yours = step(&params, &xs[0], &h, &c)?;
        compare(
            &yours,
            &reference_step(&params, &xs[0], &h, &c),
            &say(
                "对照 i、f、g、o 与 c′、h′ 的公式",
                "compare with the equations of i, f, g, o, c′ and h′",
            ),
        )
    })
}

/// A saturating bias: σ(±40) is 1 or 0 to 4e-18, tanh(40) is 1.
const OPEN: f64 = 40.0;

fn gates_in_pytorch_order() -> Verdict {
    // Weights 0, so each gate is set by its bias alone: [i, f, g, o] per scenario.
    let scenarios: [([f64; 4], &str, &str); 3] = [
        (
            [OPEN, -OPEN, 0.7, OPEN],
            "输入门打开、遗忘门关闭，候选值 g = tanh(0.7)：c′ 应等于 g",
            "input gate open, forget gate shut, candidate g = tanh(0.7): c′ must equal g",
        ),
        (
            [-OPEN, OPEN, 0.3, OPEN],
            "输入门关闭（i ≈ 0）、遗忘门打开（f ≈ 1）：c′ 应等于 c",
            "input gate shut (i ≈ 0), forget gate open (f ≈ 1): c′ must equal c",
        ),
        (
            [OPEN, OPEN, 0.5, -OPEN],
            "输出门关闭（o ≈ 0）：h′ 应为 0",
            "output gate shut (o ≈ 0): h′ must be 0",
        ),
    ];
    let (d, hidden) = (2, 3);
    for (biases, zh, en) in scenarios {
        let params = Params {
            w_ih: vec![vec![0.0; d]; 4 * hidden],
            w_hh: vec![vec![0.0; hidden]; 4 * hidden],
            b_ih: (0..4 * hidden).map(|r| biases[r / hidden]).collect(),
            b_hh: vec![0.0; 4 * hidden],
        };
        let (x, h, c) = ([0.5, -1.0], [0.2, -0.4, 0.6], [1.5, -0.5, 0.25]);
        let yours = step(&params, &x, &h, &c)?;
        let expected = reference_step(&params, &x, &h, &c);
        let hint = match all_close(&yours.1, &expected.1, 1e-10, 1e-12) {
            None => say(
                "c′ 是对的：看 h′ 怎样由 o 和 c′ 得到",
                "c′ is right: look at how h′ comes from o and c′",
            ),
            Some(_) => say("哪几行属于哪个门？", "which rows belong to which gate?"),
        };
        compare(
            &yours,
            &expected,
            &say(
                format!("{zh}（权重为 0，b_ih 的四个块为 {biases:?}）：{hint}"),
                format!("{en} (weights 0, b_ih's four blocks {biases:?}): {hint}"),
            ),
        )?;
    }
    Ok(())
}

fn run_carries_both_states() -> Verdict {
    property(cases(2..6), |(params, xs, _, _)| {
        let hidden = params.w_hh[0].len();
        let inputs: Vec<Array1<f64>> = xs.iter().map(|x| Array1::from(x.clone())).collect();
        let yours = params.cell().run(&inputs);
        if yours.len() != xs.len() {
            return Err(say(
                format!("{} 个输入，run 返回了 {} 个状态", xs.len(), yours.len()),
                format!(
                    "{} inputs, but run returned {} states",
                    xs.len(),
                    yours.len()
                ),
            ));
        }
        // The reference, and the same loop with c started afresh each step (a mistake to name).
        let (mut h, mut c) = (vec![0.0; hidden], vec![0.0; hidden]);
        let mut h_fresh_c = vec![0.0; hidden];
        for (t, x) in xs.iter().enumerate() {
            (h, c) = reference_step(&params, x, &h, &c);
            h_fresh_c = reference_step(&params, x, &h_fresh_c, &vec![0.0; hidden]).0;
            shape("run 的状态 / a state of run", yours[t].shape(), &[hidden])?;
            if let Some(j) = all_close(&yours[t].to_vec(), &h, 1e-10, 1e-12) {
                let forgot_c = all_close(&yours[t].to_vec(), &h_fresh_c, 1e-10, 1e-12).is_none();
                let hint = match forgot_c {
                    true => say(
                        "与每一步都从 c = 0 重新开始的结果一致：细胞状态没有传下去",
                        "it equals the state of a loop that starts every step from c = 0: the cell state is not carried",
                    ),
                    false => say(
                        "每一步都要用上一步的 h 和 c",
                        "every step must start from the previous step's h and c",
                    ),
                };
                return Err(say(
                    format!(
                        "第 {t} 步之后 h[{j}] 为 {}，应为 {:.6}：{hint}",
                        yours[t][j], h[j]
                    ),
                    format!(
                        "after step {t}, h[{j}] is {}, expected {:.6}: {hint}",
                        yours[t][j], h[j]
                    ),
                ));
            }
        }
        Ok(())
    })
}
