use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::proptest::sample::Index;
use llmpath_checker::{Check, Verdict, close, property, say};

use learner::Value;

const CHECKS: &[Check] = &[
    Check {
        zh: "topological_order：每个节点恰好一次，排在它的输入之后，最后是 self",
        en: "topological_order: every node exactly once, after its inputs, self last",
        run: order_is_topological,
    },
    Check {
        zh: "每种运算的局部导数（+、·、aᵏ、eᵃ、tanh、relu），且 self.grad = 1",
        en: "each operation's local derivative (+, ·, aᵏ, eᵃ, tanh, relu), and self.grad = 1",
        run: local_derivatives,
    },
    Check {
        zh: "被用了不止一次的节点收到每一次使用的梯度",
        en: "a node used more than once receives the gradient of every use",
        run: shared_nodes,
    },
    Check {
        zh: "随机表达式：所有叶子的梯度与有限差分一致",
        en: "random expressions: every leaf's gradient matches finite differences",
        run: random_expressions,
    },
];

/// One node of a random expression, its inputs given as indices of earlier nodes (leaves first).
#[derive(Debug, Clone, Copy)]
enum Step {
    Add(usize, usize),
    Mul(usize, usize),
    Pow(usize, u8),
    Exp(usize),
    Tanh(usize),
    Relu(usize),
}

/// Leaves and steps; the expression is the last node. Inputs are drawn among all earlier nodes,
/// so nodes are shared (diamonds) and some leaves may not reach the end at all.
#[derive(Debug, Clone)]
struct Expression {
    leaves: Vec<f64>,
    steps: Vec<Step>,
}

/// Every node's value, computed with f64 by the check itself.
fn evaluate(e: &Expression, leaves: &[f64]) -> Vec<f64> {
    let mut nodes = leaves.to_vec();
    for step in &e.steps {
        let value = match *step {
            Step::Add(a, b) => nodes[a] + nodes[b],
            Step::Mul(a, b) => nodes[a] * nodes[b],
            Step::Pow(a, k) => nodes[a].powi(i32::from(k)),
            Step::Exp(a) => nodes[a].exp(),
            Step::Tanh(a) => nodes[a].tanh(),
            Step::Relu(a) => nodes[a].max(0.0),
        };
        nodes.push(value);
    }
    nodes
}

/// The expression built with the learner's `Value`s: (leaves, every node).
fn build(e: &Expression) -> (Vec<Value>, Vec<Value>) {
    let leaves: Vec<Value> = e.leaves.iter().map(|&x| Value::new(x)).collect();
    let mut nodes = leaves.clone();
    for step in &e.steps {
        let node = match *step {
            Step::Add(a, b) => &nodes[a] + &nodes[b],
            Step::Mul(a, b) => &nodes[a] * &nodes[b],
            Step::Pow(a, k) => nodes[a].pow(f64::from(k)),
            Step::Exp(a) => nodes[a].exp(),
            Step::Tanh(a) => nodes[a].tanh(),
            Step::Relu(a) => nodes[a].relu(),
        };
        nodes.push(node);
    }
    (leaves, nodes)
}

fn expressions() -> impl Strategy<Value = Expression> {
    let step = (0..6u8, any::<Index>(), any::<Index>(), 2..4u8);
    (vec(-1.5..1.5f64, 1..4), vec(step, 1..10))
        .prop_map(|(leaves, raw)| {
            let steps = raw
                .into_iter()
                .enumerate()
                .map(|(i, (kind, a, b, k))| {
                    let (a, b) = (a.index(leaves.len() + i), b.index(leaves.len() + i));
                    match kind {
                        0 => Step::Add(a, b),
                        1 => Step::Mul(a, b),
                        2 => Step::Pow(a, k),
                        3 => Step::Exp(a),
                        4 => Step::Tanh(a),
                        _ => Step::Relu(a),
                    }
                })
                .collect();
            Expression { leaves, steps }
        })
        .prop_filter("moderate values, ReLU inputs off the kink", |e| {
            let nodes = evaluate(e, &e.leaves);
            let kinks = e.steps.iter().all(|step| match *step {
                Step::Relu(a) => nodes[a].abs() > 1e-3,
                _ => true,
            });
            kinks && nodes.iter().all(|v| v.abs() < 1e3)
        })
}

/// The nodes below `root` (itself included), found by the check's own walk.
fn reachable(root: &Value) -> Vec<Value> {
    let mut found: Vec<Value> = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(v) = stack.pop() {
        if found.iter().any(|f| f.is(&v)) {
            continue;
        }
        stack.extend(v.inputs().into_iter().cloned());
        found.push(v);
    }
    found
}

fn order_is_topological() -> Verdict {
    property(expressions(), |e| {
        let (_, nodes) = build(&e);
        let root = &nodes[nodes.len() - 1];
        let order = root.topological_order();
        let position = |v: &Value| order.iter().position(|o| o.is(v));
        for (p, v) in order.iter().enumerate() {
            if order[..p].iter().any(|o| o.is(v)) {
                return Err(say(
                    format!(
                        "第 {p} 个节点在顺序中已经出现过：每个节点只能出现一次（记住已访问过的节点）"
                    ),
                    format!(
                        "node {p} of the order is already in it: each node belongs there once (remember the nodes visited)"
                    ),
                ));
            }
            for input in v.inputs() {
                if position(input).is_none_or(|q| q > p) {
                    return Err(say(
                        format!(
                            "第 {p} 个节点排在它的输入之前：一个节点要等它所有的输入都进入顺序之后才能加入"
                        ),
                        format!(
                            "node {p} of the order comes before one of its inputs: a node may join only after all of its inputs have"
                        ),
                    ));
                }
            }
        }
        let below = reachable(root);
        match (
            order.last().is_some_and(|last| last.is(root)),
            order.len() == below.len(),
        ) {
            (true, true) => Ok(()),
            (false, _) => Err(say(
                "顺序的最后一个应是 self 本身",
                "the order should end with self",
            )),
            (true, false) => Err(say(
                format!(
                    "顺序中有 {} 个节点，而 self 之下共有 {} 个",
                    order.len(),
                    below.len()
                ),
                format!(
                    "the order holds {} nodes, but there are {} below self",
                    order.len(),
                    below.len()
                ),
            )),
        }
    })
}

/// (name, c = f(a, b) with Values, f with f64, whether b is an input).
type Operation = (
    &'static str,
    fn(&Value, &Value) -> Value,
    fn(f64, f64) -> f64,
    bool,
);

const OPERATIONS: [Operation; 6] = [
    ("c = a + b", |a, b| a + b, |a, b| a + b, true),
    ("c = a · b", |a, b| a * b, |a, b| a * b, true),
    ("c = a³", |a, _| a.pow(3.0), |a, _| a.powi(3), false),
    ("c = eᵃ", |a, _| a.exp(), |a, _| a.exp(), false),
    ("c = tanh a", |a, _| a.tanh(), |a, _| a.tanh(), false),
    ("c = relu a", |a, _| a.relu(), |a, _| a.max(0.0), false),
];

fn local_derivatives() -> Verdict {
    // a off ReLU's kink; a and b distinct, so that ∂(a·b)/∂a = b cannot pass for a.
    let away = (0.05..2.0f64, any::<bool>()).prop_map(|(x, negative)| match negative {
        true => -x,
        false => x,
    });
    property((away.clone(), away), |(a0, b0)| {
        for (name, op, f, binary) in OPERATIONS {
            let (a, b) = (Value::new(a0), Value::new(b0));
            let c = op(&a, &b);
            c.backward();
            if c.grad() != 1.0 {
                return Err(say(
                    format!(
                        "{name}：backward 之后 c.grad = {}，应为 1（∂c/∂c）",
                        c.grad()
                    ),
                    format!(
                        "{name}: after backward c.grad is {}, it should be 1 (∂c/∂c)",
                        c.grad()
                    ),
                ));
            }
            let inputs: &[(&str, &Value)] = if binary {
                &[("a", &a), ("b", &b)]
            } else {
                &[("a", &a)]
            };
            for &(input, value) in inputs {
                let nudged = |d: f64| match input {
                    "a" => f(a0 + d, b0),
                    _ => f(a0, b0 + d),
                };
                let h = 1e-6;
                let expected = (nudged(h) - nudged(-h)) / (2.0 * h);
                if !close(value.grad(), expected, 1e-6, 1e-8) {
                    return Err(say(
                        format!(
                            "{name}，a = {a0}，b = {b0}：∂c/∂{input} 的有限差分为 {expected:.6}，你的 {:.6}",
                            value.grad()
                        ),
                        format!(
                            "{name}, a = {a0}, b = {b0}: ∂c/∂{input} is {expected:.6} by finite differences, yours {:.6}",
                            value.grad()
                        ),
                    ));
                }
            }
        }
        Ok(())
    })
}

fn shared_nodes() -> Verdict {
    property(-2.0..2.0f64, |x| {
        // (what, the expression of a, its f64 twin)
        let cases: [(&str, fn(&Value) -> Value, fn(f64) -> f64); 3] = [
            ("a · a + a", |a| &(a * a) + a, |a| a * a + a),
            (
                "t · t + t, t = tanh a",
                |a| {
                    let t = a.tanh();
                    &(&t * &t) + &t
                },
                |a| {
                    let t = a.tanh();
                    t * t + t
                },
            ),
            ("(a + a) · a", |a| &(a + a) * a, |a| (a + a) * a),
        ];
        for (what, expression, f) in cases {
            let a = Value::new(x);
            expression(&a).backward();
            let h = 1e-6;
            let expected = (f(x + h) - f(x - h)) / (2.0 * h);
            if !close(a.grad(), expected, 1e-6, 1e-8) {
                return Err(say(
                    format!(
                        "{what}，a = {x}：∂/∂a 有限差分为 {expected:.6}，你的 {:.6}：这里有节点被用了不止一次：它的梯度要收齐每一次使用送来的部分，而且一个节点要等梯度收齐之后才能往下传",
                        a.grad()
                    ),
                    format!(
                        "{what}, a = {x}: ∂/∂a is {expected:.6} by finite differences, yours {:.6}: a node here is used more than once: its gradient must collect every use's share, and a node may pass its gradient on only once it is complete",
                        a.grad()
                    ),
                ));
            }
        }
        Ok(())
    })
}

fn random_expressions() -> Verdict {
    property(expressions(), |e| {
        let (leaves, nodes) = build(&e);
        nodes[nodes.len() - 1].backward();
        let yours: Vec<f64> = leaves.iter().map(Value::grad).collect();
        let root = e.leaves.len() + e.steps.len() - 1;
        for (i, &yours_i) in yours.iter().enumerate() {
            let h = 1e-6 * e.leaves[i].abs().max(1.0);
            let mut x = e.leaves.clone();
            x[i] += h;
            let up = evaluate(&e, &x)[root];
            x[i] -= 2.0 * h;
            let down = evaluate(&e, &x)[root];
            let expected = (up - down) / (2.0 * h);
            if !close(yours_i, expected, 1e-5, 1e-7) {
                let hint = match yours.iter().all(|g| *g == 0.0) {
                    true => say(
                        "：叶子的梯度全是 0。一个节点是否在所有用到它的节点都处理完之后，才把梯度传给它的输入？",
                        ": every leaf's gradient is 0. Does a node pass its gradient on only after every node that uses it has been processed?",
                    ),
                    false => String::new(),
                };
                return Err(say(
                    format!("叶子 {i}：有限差分 {expected:.6}，你的 {yours_i:.6}{hint}"),
                    format!("leaf {i}: finite difference {expected:.6}, yours {yours_i:.6}{hint}"),
                ));
            }
        }
        Ok(())
    })
}
