//! # A scalar autograd engine: `Value::backward` / 标量自动微分：`Value::backward`
//!
//! A depth-first walk that appends a node only after all of its inputs gives a topological
//! order; walking it backwards visits every node after everything that uses it, so by the time
//! a node is reached its gradient is complete and can be sent on to its inputs. Gradients are
//! added, never assigned: a node used twice receives one contribution per use.

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
        fn visit(v: &Value, seen: &mut HashSet<*const Node>, order: &mut Vec<Value>) {
            if seen.insert(Rc::as_ptr(&v.0)) {
                for input in v.inputs() {
                    visit(input, seen, order);
                }
                order.push(v.clone());
            }
        }
        let mut order = Vec::new();
        visit(self, &mut HashSet::new(), &mut order);
        order
    }

    /// Sets this value's gradient to 1 and adds ∂self/∂v into the gradient of every v below it.
    pub fn backward(&self) {
        self.0.grad.set(1.0);
        for v in self.topological_order().iter().rev() {
            let (out, g) = (v.data(), v.grad());
            // the chain rule: each input receives its local derivative times v's gradient
            let chain = |input: &Value, local: f64| input.0.grad.set(input.grad() + local * g);
            match &v.0.op {
                Op::Leaf => {}
                Op::Add(a, b) => {
                    chain(a, 1.0);
                    chain(b, 1.0);
                }
                Op::Mul(a, b) => {
                    chain(a, b.data());
                    chain(b, a.data());
                }
                Op::Pow(a, k) => chain(a, k * a.data().powf(k - 1.0)),
                Op::Exp(a) => chain(a, out),
                Op::Tanh(a) => chain(a, 1.0 - out * out),
                Op::Relu(a) => chain(a, if out > 0.0 { 1.0 } else { 0.0 }),
            }
        }
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
