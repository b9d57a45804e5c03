//! A micrograd-style scalar autograd engine (micrograd's `engine.py`), used by the `micrograd`
//! lab: each `Value` records the expression it is built into, and `backward` applies the chain
//! rule to that graph in reverse topological order.
//!
//! ```text
//! graph      c = f(a, b) makes a node holding c's data, its gradient c̄ = ∂L/∂c and (f, a, b)
//! backward   order the nodes so each comes after its inputs (depth-first from L), set L̄ = 1,
//!            then in reverse order add each node's "local derivative × c̄" into its inputs:
//!   a + b      ā += c̄,            b̄ += c̄
//!   a · b      ā += b c̄,          b̄ += a c̄
//!   aᵏ         ā += k aᵏ⁻¹ c̄      (a / b = a · b⁻¹,  a − b = a + (−1)·b,  −a = (−1)·a)
//!   eᵃ, log a  ā += eᵃ c̄,  ā += c̄ / a
//!   tanh, relu ā += (1 − tanh² a) c̄,  ā += 𝟙[a > 0] c̄
//! ```
//!
//! A `Value` is an `Rc` to an immutable node whose data and gradient are `Cell`s: the graph is
//! built as the expression runs (define-by-run, like micrograd and PyTorch), inputs are shared
//! by reference counting (`a` in `a·a + a` is one node, so both of its gradients add up), and an
//! optimiser changes a parameter's data in place. An arena of nodes addressed by index (a tape)
//! would need no reference counts, but expressions would read `g.mul(a, b)` instead of
//! `&a * &b`, and micrograd's `engine.py` could no longer be read side by side. As in micrograd
//! and PyTorch, gradients accumulate until zeroed ([`Value::zero_grad`]). f64s in an expression
//! become leaves (`2.0 * &a`), as micrograd wraps Python numbers.
//!
//! References:
//! - Karpathy, micrograd (2020), `micrograd/engine.py`, <https://github.com/karpathy/micrograd>.
//! - Griewank & Walther, *Evaluating Derivatives* (2nd ed., 2008), ch. 3 (reverse mode).

use std::cell::Cell;
use std::collections::HashSet;
use std::ops;
use std::rc::Rc;

/// A scalar in the graph: cheap to clone (a reference count).
#[derive(Clone)]
pub struct Value(Rc<Node>);

struct Node {
    data: Cell<f64>,
    grad: Cell<f64>,
    op: Op,
    label: Cell<&'static str>,
}

/// How a value was made, and from what.
enum Op {
    Leaf,
    Add(Value, Value),
    Mul(Value, Value),
    Pow(Value, f64),
    Exp(Value),
    Log(Value),
    Tanh(Value),
    Relu(Value),
}

impl Value {
    pub fn new(data: f64) -> Value {
        Value::made(data, Op::Leaf)
    }

    fn made(data: f64, op: Op) -> Value {
        let node = Node { data: Cell::new(data), grad: Cell::new(0.0), op, label: Cell::new("") };
        Value(Rc::new(node))
    }

    /// The same value with a name (for the drawing).
    pub fn named(self, label: &'static str) -> Value {
        self.0.label.set(label);
        self
    }

    pub fn data(&self) -> f64 {
        self.0.data.get()
    }

    /// An optimiser's step: the parameter's new value.
    pub fn set_data(&self, data: f64) {
        self.0.data.set(data);
    }

    pub fn grad(&self) -> f64 {
        self.0.grad.get()
    }

    /// micrograd's `zero_grad` for one value: gradients add up until zeroed.
    pub fn zero_grad(&self) {
        self.0.grad.set(0.0);
    }

    pub fn label(&self) -> &'static str {
        self.0.label.get()
    }

    /// The op that made it ("+", "*", "**2", "exp", …), `None` for a leaf.
    pub fn op(&self) -> Option<String> {
        Some(match &self.0.op {
            Op::Leaf => return None,
            Op::Add(..) => "+".to_owned(),
            Op::Mul(..) => "*".to_owned(),
            Op::Pow(_, k) => format!("**{k}"),
            Op::Exp(_) => "exp".to_owned(),
            Op::Log(_) => "log".to_owned(),
            Op::Tanh(_) => "tanh".to_owned(),
            Op::Relu(_) => "ReLU".to_owned(),
        })
    }

    /// Whether `self` and `other` are the same node.
    pub fn is(&self, other: &Value) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    pub fn pow(&self, k: f64) -> Value {
        Value::made(self.data().powf(k), Op::Pow(self.clone(), k))
    }

    pub fn exp(&self) -> Value {
        Value::made(self.data().exp(), Op::Exp(self.clone()))
    }

    pub fn log(&self) -> Value {
        Value::made(self.data().ln(), Op::Log(self.clone()))
    }

    pub fn tanh(&self) -> Value {
        Value::made(self.data().tanh(), Op::Tanh(self.clone()))
    }

    pub fn relu(&self) -> Value {
        Value::made(self.data().max(0.0), Op::Relu(self.clone()))
    }

    /// The values it was made from.
    pub fn inputs(&self) -> Vec<&Value> {
        match &self.0.op {
            Op::Leaf => vec![],
            Op::Add(a, b) | Op::Mul(a, b) => vec![a, b],
            Op::Pow(a, _) | Op::Exp(a) | Op::Log(a) | Op::Tanh(a) | Op::Relu(a) => vec![a],
        }
    }

    /// Every node below this one, each after its inputs (micrograd's `build_topo`).
    pub fn topological_order(&self) -> Vec<Value> {
        fn visit(v: &Value, seen: &mut HashSet<*const Node>, order: &mut Vec<Value>) {
            if seen.insert(Rc::as_ptr(&v.0)) {
                v.inputs().into_iter().for_each(|input| visit(input, seen, order));
                order.push(v.clone());
            }
        }
        let mut order = Vec::new();
        visit(self, &mut HashSet::new(), &mut order);
        order
    }

    /// ∂self/∂v added into every v.grad below (the chain rule, node by node, from the top).
    pub fn backward(&self) {
        self.0.grad.set(1.0);
        for v in self.topological_order().iter().rev() {
            let (out, g) = (v.data(), v.grad());
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
                Op::Log(a) => chain(a, 1.0 / a.data()),
                Op::Tanh(a) => chain(a, 1.0 - out * out),
                Op::Relu(a) => chain(a, f64::from(u8::from(out > 0.0))),
            }
        }
    }
}

impl From<f64> for Value {
    fn from(data: f64) -> Value {
        Value::new(data)
    }
}

impl From<&Value> for Value {
    fn from(v: &Value) -> Value {
        v.clone()
    }
}

fn add(a: &Value, b: &Value) -> Value {
    Value::made(a.data() + b.data(), Op::Add(a.clone(), b.clone()))
}
fn mul(a: &Value, b: &Value) -> Value {
    Value::made(a.data() * b.data(), Op::Mul(a.clone(), b.clone()))
}
fn sub(a: &Value, b: &Value) -> Value {
    add(a, &mul(b, &Value::new(-1.0)))
}
fn div(a: &Value, b: &Value) -> Value {
    mul(a, &b.pow(-1.0))
}

/// `a op b` for values, references and f64 on either side (f64s become leaves, as in micrograd).
macro_rules! binary {
    ($trait:ident, $method:ident, $f:ident) => {
        impl<T: Into<Value>> ops::$trait<T> for Value {
            type Output = Value;
            fn $method(self, b: T) -> Value {
                $f(&self, &b.into())
            }
        }
        impl<T: Into<Value>> ops::$trait<T> for &Value {
            type Output = Value;
            fn $method(self, b: T) -> Value {
                $f(self, &b.into())
            }
        }
        impl ops::$trait<Value> for f64 {
            type Output = Value;
            fn $method(self, b: Value) -> Value {
                $f(&Value::new(self), &b)
            }
        }
        impl ops::$trait<&Value> for f64 {
            type Output = Value;
            fn $method(self, b: &Value) -> Value {
                $f(&Value::new(self), b)
            }
        }
    };
}
binary!(Add, add, add);
binary!(Sub, sub, sub);
binary!(Mul, mul, mul);
binary!(Div, div, div);

impl ops::Neg for &Value {
    type Output = Value;
    fn neg(self) -> Value {
        self * -1.0
    }
}

#[cfg(test)]
mod tests;
