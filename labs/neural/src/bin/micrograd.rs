//! micrograd in Rust: expressions built from the scalar `Value` of `src/scalar.rs` (micrograd's
//! `engine.py`) and differentiated by its backward pass, micrograd's MLP (its `nn.py`) trained
//! on two moons as in micrograd's demo, and the graph of `L = (a·b + c)·f` drawn with each
//! node's data and gradient (micrograd's `draw_dot`).
//!
//! ```text
//! expressions  L = (a·b + c)·f;  micrograd's test_more_ops (+ · ** / relu);
//!              tanh(xy) + e^(x log y)/(x² + 1) − relu(y − x):  values and ∂/∂inputs
//! MLP          2 → 16 → 16 → 1, ReLU on the hidden layers, act = b + Σᵢ wᵢxᵢ;
//!              w ~ U(−1, 1) (SplitMix64, `lib.rs`), b = 0
//! loss         (1/n) Σᵢ max(0, 1 − yᵢ sᵢ) + α Σ θ²,  yᵢ = ±1, α = 10⁻⁴  (max-margin)
//! SGD          θ ← θ − ηₖ θ̄,  ηₖ = 1 − 0.9 k/100, 100 full-batch steps, gradients zeroed first
//! drawing      DOT (Graphviz's language): a record { label | data | grad } per value and a
//!              node per op, laid out and drawn to SVG by layout-rs
//! ```
//!
//! The moons (100 points, noise 0.1, scikit-learn's `make_moons(random_state=1)`) and PyTorch's
//! float64 run of the same network from the same weights (seed 42) are in
//! `scripts/reference/golden/neural.json`, written by `scripts/reference/neural.py`, with the
//! gradients of the three expressions.
//!
//! Expected result and time (release, 2 vCPU): the expressions' values and gradients equal
//! PyTorch's to 1e-15 (L = −8, ∂L/∂a = 6) and central differences to 1e-9; the MLP's loss
//! falls from 1.77 to 0.0118 and its accuracy reaches 100 % by step 40, PyTorch's losses to
//! 1e-15 at every step. About 2 s, most of it the 13 million nodes of the 100 steps;
//! `--quick` takes the first 20 steps (accuracy 0.95, 0.6 s).
//!
//! References:
//! - Karpathy, micrograd (2020): `nn.py`, `demo.ipynb`, `trace_graph.ipynb`,
//!   <https://github.com/karpathy/micrograd>; "The spelled-out intro to neural networks and
//!   backpropagation" (2022), the L = (a·b + c)·f example.
//! - Baydin et al., "Automatic differentiation in machine learning: a survey", JMLR 18 (2018).
//! - Gansner, Koutsofios, North & Vo, "A technique for drawing directed graphs", IEEE TSE 19
//!   (1993): the layered layout of Graphviz's dot (and of layout-rs).

use std::error::Error;
use std::fmt::Write as _;
use std::process::ExitCode;

use llmpath_lab::{LabArgs, Run};
use llmpath_labs_kit::Checks;
use llmpath_labs_kit::plot::{Chart, LegendAt, Plots};
use llmpath_labs_neural::scalar::Value;
use llmpath_labs_neural::{gap, init};
use serde::Deserialize;

const GOLDEN: &str = include_str!("../../../../scripts/reference/golden/neural.json");
const TORCH: &str = "scripts/reference/neural.py (PyTorch)";
const SEED: u64 = 42;

/// micrograd's `Neuron`, `Layer` and `MLP` in one: `layers[l][j]` = (w, b) of neuron j.
struct Mlp {
    layers: Vec<Vec<(Vec<Value>, Value)>>,
}

impl Mlp {
    /// w ~ U(−1, 1) from one SplitMix64 stream over the layers' (in, out) matrices, b = 0.
    fn new(sizes: &[usize], seed: u64) -> Mlp {
        let shapes: Vec<[usize; 2]> = sizes.windows(2).map(|w| [w[0], w[1]]).collect();
        let weights = init(seed, &shapes.iter().map(|s| (&s[..], 1.0)).collect::<Vec<_>>());
        let layer = |w: &ndarray::ArrayD<f64>| {
            let (n_in, n_out) = (w.shape()[0], w.shape()[1]);
            let neuron = |j| ((0..n_in).map(|i| Value::new(w[[i, j]])).collect(), Value::new(0.0));
            (0..n_out).map(neuron).collect()
        };
        Mlp { layers: weights.iter().map(layer).collect() }
    }

    /// The score of one input: act = b + Σ wᵢxᵢ, ReLU on all layers but the last.
    fn score(&self, x: &[Value]) -> Value {
        let mut h = x.to_vec();
        for (l, layer) in self.layers.iter().enumerate() {
            let neuron = |(w, b): &(Vec<Value>, Value)| {
                let act = w.iter().zip(&h).fold(b.clone(), |act, (w, x)| act + w * x);
                if l + 1 < self.layers.len() { act.relu() } else { act }
            };
            h = layer.iter().map(neuron).collect();
        }
        h.swap_remove(0)
    }

    fn parameters(&self) -> impl Iterator<Item = &Value> {
        let neurons = self.layers.iter().flatten();
        neurons.flat_map(|(w, b)| w.iter().chain(std::iter::once(b)))
    }
}

/// The demo's loss and accuracy on points `x` with labels `y` = ±1.
fn loss(model: &Mlp, x: &[[f64; 2]], y: &[f64], alpha: f64) -> (Value, f64) {
    let scores: Vec<Value> =
        x.iter().map(|p| model.score(&[Value::new(p[0]), Value::new(p[1])])).collect();
    let margins = scores.iter().zip(y).map(|(s, &y)| (1.0 + &(-y * s)).relu());
    let data_loss = margins.fold(Value::new(0.0), |sum, m| sum + m) * (1.0 / y.len() as f64);
    let reg_loss = alpha * model.parameters().fold(Value::new(0.0), |sum, p| sum + p * p);
    let right = scores.iter().zip(y).filter(|(s, y)| (s.data() > 0.0) == (**y > 0.0)).count();
    (data_loss + reg_loss, right as f64 / y.len() as f64)
}

/// `steps` steps of the demo's SGD: the loss and accuracy before each.
fn train(model: &Mlp, x: &[[f64; 2]], y: &[f64], alpha: f64, steps: usize) -> (Vec<f64>, Vec<f64>) {
    let (mut losses, mut accuracies) = (Vec::new(), Vec::new());
    for k in 0..steps {
        let (total, accuracy) = loss(model, x, y, alpha);
        model.parameters().for_each(Value::zero_grad);
        total.backward();
        let learning_rate = 1.0 - 0.9 * k as f64 / 100.0;
        model.parameters().for_each(|p| p.set_data(p.data() - learning_rate * p.grad()));
        losses.push(total.data());
        accuracies.push(accuracy);
    }
    (losses, accuracies)
}

/// The graph below `root` in Graphviz's DOT language, as micrograd's `draw_dot`: a record
/// { label | data | grad } per value, and a small node per op between it and its inputs.
fn dot(root: &Value) -> String {
    let mut out = String::from("digraph {\n  rankdir=LR;\n");
    let order = root.topological_order();
    let id = |v: &Value| order.iter().position(|n| n.is(v)).unwrap_or(usize::MAX);
    for (i, v) in order.iter().enumerate() {
        let (label, data, grad) = (v.label(), v.data(), v.grad());
        let _ = writeln!(
            out,
            "  v{i} [shape=record, label=\"{{ {label} | data {data:.4} | grad {grad:.4} }}\"];"
        );
        if let Some(op) = v.op() {
            let _ = writeln!(out, "  op{i} [label=\"{op}\"];\n  op{i} -> v{i};");
            v.inputs()
                .into_iter()
                .for_each(|input| _ = writeln!(out, "  v{} -> op{i};", id(input)));
        }
    }
    out + "}\n"
}

/// DOT laid out and drawn as SVG by layout-rs (Graphviz's layered layout, in Rust).
fn svg(dot: &str) -> Result<String, String> {
    let graph = layout::gv::DotParser::new(dot).process()?;
    let mut builder = layout::gv::GraphBuilder::new();
    builder.visit_graph(&graph);
    let mut svg = layout::backends::svg::SVGWriter::new();
    builder.get().do_it(false, false, false, &mut svg);
    Ok(svg.finalize())
}

/// The expressions the golden file differentiates, in the order of their inputs.
fn karpathy(v: &[Value]) -> Value {
    let e = (&v[0] * &v[1]).named("e");
    let d = (e + &v[2]).named("d");
    (d * &v[3]).named("L")
}

/// micrograd's `test_more_ops`.
fn more_ops(v: &[Value]) -> Value {
    let (a, b) = (&v[0], &v[1]);
    let mut c = a + b;
    let mut d = a * b + b.pow(3.0);
    c = &c + &c + 1.0;
    c = &c + 1.0 + &c + -a;
    d = &d + &d * 2.0 + (b + a).relu();
    d = &d + 3.0 * &d + (b - a).relu();
    let e = c - d;
    let f = e.pow(2.0);
    let g = &f / 2.0;
    g + 10.0 / &f
}

fn transcendental(v: &[Value]) -> Value {
    let (x, y) = (&v[0], &v[1]);
    (x * y).tanh() + (y.log() * x).exp() / (x.pow(2.0) + 1.0) - (y - x).relu()
}

type Expression = fn(&[Value]) -> Value;
const EXPRESSIONS: [(&str, Expression); 3] =
    [("karpathy", karpathy), ("more_ops", more_ops), ("transcendental", transcendental)];

#[derive(Deserialize)]
struct Golden {
    micrograd: Reference,
}

#[derive(Deserialize)]
struct Reference {
    expressions: std::collections::BTreeMap<String, Gradients>,
    moons: Moons,
}

#[derive(Deserialize)]
struct Gradients {
    inputs: Vec<f64>,
    value: f64,
    grads: Vec<f64>,
}

#[derive(Deserialize)]
struct Moons {
    sizes: Vec<usize>,
    steps: usize,
    alpha: f64,
    x: Vec<[f64; 2]>,
    y: Vec<f64>,
    losses: Vec<f64>,
    accuracy: Vec<f64>,
}

fn main() -> ExitCode {
    llmpath_labs_kit::main("micrograd", lab)
}

fn lab(args: LabArgs) -> Result<(), Box<dyn Error>> {
    let g = serde_json::from_str::<Golden>(GOLDEN)?.micrograd;
    let pick = |i: usize| args.lang.pick(TEXT[i].0, TEXT[i].1);
    let mut run = Run::start("micrograd", "make_moons (scikit-learn, in the golden file)", &args)?;
    let (plots, mut checks) = (Plots::new(&args)?, Checks::default());

    // 1. Three expressions: gradients by backward, by PyTorch and by finite differences.
    for (name, expression) in EXPRESSIONS {
        let reference = g.expressions.get(name).ok_or("no golden expression: rerun the script")?;
        let inputs: Vec<Value> = reference.inputs.iter().map(|&x| Value::new(x)).collect();
        let names = ["a", "b", "c", "f"];
        let inputs: Vec<Value> = inputs.into_iter().zip(names).map(|(v, n)| v.named(n)).collect();
        let out = expression(&inputs);
        out.backward();
        let grads: Vec<f64> = inputs.iter().map(Value::grad).collect();
        println!("{name}: {} = {:.6}, {} {grads:.6?}", pick(0), out.data(), pick(1));
        checks.compare(
            &format!("{name}_value_vs_torch"),
            gap(&[out.data()], &[reference.value]),
            0.0,
            1e-15,
            TORCH,
        );
        checks.compare(
            &format!("{name}_grads_vs_torch"),
            gap(&grads, &reference.grads),
            0.0,
            1e-14,
            TORCH,
        );
        let at = |i: usize, h: f64| {
            let mut x = reference.inputs.clone();
            x[i] += h;
            expression(&x.into_iter().map(Value::new).collect::<Vec<_>>()).data()
        };
        let numeric: Vec<f64> =
            (0..grads.len()).map(|i| (at(i, 1e-6) - at(i, -1e-6)) / 2e-6).collect();
        checks.compare(
            &format!("{name}_grads_vs_finite_difference"),
            gap(&grads, &numeric),
            0.0,
            1e-7,
            "(f(x + h) − f(x − h))/2h",
        );
        if name == "karpathy" {
            let dot = dot(&out);
            std::fs::write(run.artifact_path("graph.dot"), &dot)?;
            std::fs::write(run.artifact_path("graph.svg"), svg(&dot)?)?;
            ["graph.dot", "graph.svg"].into_iter().for_each(|file| run.artifact(file));
        }
    }

    // 2. micrograd's demo: the MLP on two moons, step by step beside PyTorch.
    let m = &g.moons;
    let steps = if args.quick { 20 } else { m.steps };
    let model = Mlp::new(&m.sizes, SEED);
    println!("\n{} {} {}", pick(2), model.parameters().count(), pick(3));
    let (losses, accuracy) = train(&model, &m.x, &m.y, m.alpha, steps);
    for k in (0..steps).step_by(10).chain([steps - 1]) {
        println!(
            "   {} {k:>3}: {} {:.6}, {} {:.2}",
            pick(4),
            pick(5),
            losses[k],
            pick(6),
            accuracy[k]
        );
    }
    checks.compare("moons_losses_vs_torch", gap(&losses, &m.losses[..steps]), 0.0, 1e-12, TORCH);
    checks.require(accuracy == m.accuracy[..steps], "moons: accuracies differ from PyTorch's");
    let (final_loss, final_accuracy) = loss(&model, &m.x, &m.y, m.alpha);
    run.metric("moons_final_loss", final_loss.data());
    run.metric("moons_final_accuracy", final_accuracy);
    let minimum = if args.quick { 0.85 } else { 1.0 }; // micrograd's demo: 100 %
    checks
        .require(final_accuracy >= minimum, format!("moons accuracy {final_accuracy} < {minimum}"));
    let curve = |v: &[f64]| v.iter().enumerate().map(|(k, &l)| (k as f64, l)).collect::<Vec<_>>();
    let chart = Chart::new(pick(7), pick(4), pick(5)).log_y().line(pick(5), curve(&losses));
    plots.record(
        &mut run,
        "moons_loss",
        &chart.line(pick(6), curve(&accuracy)).legend_at(LegendAt::UpperRight),
    )?;
    let grid =
        (0..33 * 21).map(|k| [-1.5 + 0.125 * (k % 33) as f64, -1.0 + 0.125 * (k / 33) as f64]);
    let (mut above, mut below) = (Vec::new(), Vec::new());
    for p in grid {
        let score = model.score(&[Value::new(p[0]), Value::new(p[1])]).data();
        if score > 0.0 { above.push((p[0], p[1])) } else { below.push((p[0], p[1])) }
    }
    let class = |sign: f64| {
        m.x.iter().zip(&m.y).filter(move |(_, y)| **y == sign).map(|(p, _)| (p[0], p[1]))
    };
    let chart = Chart::new(pick(8), "x₁", "x₂").points(pick(9), below).points(pick(10), above);
    let chart = chart.points("y = −1", class(-1.0)).points("y = +1", class(1.0));
    plots.record(&mut run, "moons_decision_boundary", &chart.legend_at(LegendAt::LowerLeft))?;
    checks.finish(run)?;
    Ok(())
}

/// The printed report and plot labels, (zh, en).
const TEXT: [(&str, &str); 11] = [
    ("值", "value"),
    ("梯度", "gradients"),
    ("两个月亮上的 MLP 2-16-16-1：", "MLP 2-16-16-1 on two moons:"),
    ("个参数", "parameters"),
    ("步", "step"),
    ("损失", "loss"),
    ("准确率", "accuracy"),
    ("micrograd 演示：损失与准确率", "micrograd's demo: loss and accuracy"),
    (
        "决策边界（网格点按预测类别着色）",
        "Decision boundary (grid points coloured by the prediction)",
    ),
    ("预测 −1", "predicted −1"),
    ("预测 +1", "predicted +1"),
];

#[cfg(test)]
#[path = "micrograd/tests.rs"]
mod tests;
