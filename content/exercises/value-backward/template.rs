//! # A scalar autograd engine: `Value::backward` / 标量自动微分：`Value::backward`
//!
//! micrograd's engine in Rust. Each `Value` remembers how it was made (`a + b`, `a * b`,
//! `a.pow(k)`, `a.exp()`, `a.tanh()`, `a.relu()`) and from what, so an expression is a graph.
//! All of that is written below; two functions are left to you:
//!
//! ```text
//! topological_order   every node below self (self included), each exactly once, each after
//!                     all of its inputs (a depth-first walk, micrograd's build_topo)
//! backward            self.grad = 1; then, going through that order from self downwards, add
//!                     each node's "local derivative × its own grad" into each of its inputs:
//!   c = a + b   ā += c̄,  b̄ += c̄          c = aᵏ      ā += ? · c̄
//!   c = a · b   ā += ? , b̄ += ?          c = eᵃ      ā += ? · c̄
//!   c = relu a  ā += 𝟙[c > 0] c̄          c = tanh a  ā += ? · c̄   (write it with c)
//! ```
//!
//! (x̄ is x's `grad`: ∂self/∂x.) Gradients are added with `+=`, never assigned: in `a * a + a`
//! the node `a` is used three times. Like micrograd and PyTorch, `backward` does not zero the
//! gradients first. The checks compare your gradients with central differences on random
//! expressions.
//!
//! 这是 Rust 版的 micrograd 引擎：每个 `Value` 记住自己是怎样、由谁算出来的，于是一个表达式就是一张
//! 图。除了两个函数，其余都已写好：`topological_order` 返回 self 之下（含 self）的每个节点，每个只
//! 出现一次，并且排在它所有输入之后（深度优先遍历）；`backward` 先令 self.grad = 1，再从 self 开始
//! 沿这个顺序往下，把每个节点的“局部导数 × 自身梯度”加到它的每个输入上（x̄ 即 x 的 `grad`，公式
//! 见上）。梯度要用 `+=` 累加，不能赋值：在 `a * a + a` 中，节点 `a` 被用了三次。与 micrograd 和
//! PyTorch 一样，`backward` 不会先把梯度清零。检查会在随机表达式上用中心差分核对你的梯度。
//!
//! Lab / 实验: `llmpath lab show micrograd`. Check / 检查: `llmpath check`.

use std::cell::Cell;
use std::collections::HashSet;
use std::ops;
use std::rc::Rc;

/// A scalar in the graph: cheap to clone (a reference count); clones are the same node.
#[derive(Clone)]
pub struct Value(Rc<Node>);

struct Node {
    data: Cell<f64>,
    grad: Cell<f64>,
    op: Op,
}

/// How a value was made, and from what.
enum Op {
    Leaf,
    Add(Value, Value),
    Mul(Value, Value),
    Pow(Value, f64),
    Exp(Value),
    Tanh(Value),
    Relu(Value),
}

impl Value {
    /// A leaf: an input or a parameter.
    pub fn new(data: f64) -> Value {
        Value::made(data, Op::Leaf)
    }

    fn made(data: f64, op: Op) -> Value {
        let node = Node {
            data: Cell::new(data),
            grad: Cell::new(0.0),
            op,
        };
        Value(Rc::new(node))
    }

    pub fn data(&self) -> f64 {
        self.0.data.get()
    }

    /// ∂(the value `backward` was called on)/∂self, once `backward` has run.
    pub fn grad(&self) -> f64 {
        self.0.grad.get()
    }

    /// Whether `self` and `other` are the same node.
    pub fn is(&self, other: &Value) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    /// The values it was made from (none for a leaf; `a` twice for `a * a`).
    pub fn inputs(&self) -> Vec<&Value> {
        match &self.0.op {
            Op::Leaf => vec![],
            Op::Add(a, b) | Op::Mul(a, b) => vec![a, b],
            Op::Pow(a, _) | Op::Exp(a) | Op::Tanh(a) | Op::Relu(a) => vec![a],
        }
    }

    pub fn pow(&self, k: f64) -> Value {
        Value::made(self.data().powf(k), Op::Pow(self.clone(), k))
    }

    pub fn exp(&self) -> Value {
        Value::made(self.data().exp(), Op::Exp(self.clone()))
    }

    pub fn tanh(&self) -> Value {
        Value::made(self.data().tanh(), Op::Tanh(self.clone()))
    }

    pub fn relu(&self) -> Value {
        Value::made(self.data().max(0.0), Op::Relu(self.clone()))
    }

    /// Every node below this one, itself included, each once and each after all of its inputs.
    pub fn topological_order(&self) -> Vec<Value> {
        todo!("the nodes below a value of {}", self.data())
    }

    /// Sets this value's gradient to 1 and adds ∂self/∂v into the gradient of every v below it.
    pub fn backward(&self) {
        todo!("the gradients below a value of {}", self.data())
    }
}

impl ops::Add for &Value {
    type Output = Value;
    fn add(self, other: &Value) -> Value {
        Value::made(
            self.data() + other.data(),
            Op::Add(self.clone(), other.clone()),
        )
    }
}

impl ops::Mul for &Value {
    type Output = Value;
    fn mul(self, other: &Value) -> Value {
        Value::made(
            self.data() * other.data(),
            Op::Mul(self.clone(), other.clone()),
        )
    }
}
