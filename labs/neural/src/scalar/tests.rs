//! Every op's local derivative against central differences; shared inputs; the graph's order.

use super::*;

#[test]
fn every_op_has_the_derivative_of_finite_differences() {
    type Unary = fn(&Value) -> Value;
    let ops: [(&str, Unary); 9] = [
        ("pow", |a| a.pow(2.5)),
        ("exp", Value::exp),
        ("log", Value::log),
        ("tanh", Value::tanh),
        ("relu", Value::relu),
        ("mul", |a| a * a),
        ("div", |a| 1.5 / a),
        ("sub", |a| 2.0 - a * 3.0),
        ("neg", |a| -a + a.pow(3.0)),
    ];
    for (name, op) in ops {
        for x in [0.3, 0.9, 1.7] {
            let a = Value::new(x);
            op(&a).backward();
            let at = |x: f64| op(&Value::new(x)).data();
            let numeric = (at(x + 1e-6) - at(x - 1e-6)) / 2e-6;
            assert!((numeric - a.grad()).abs() < 1e-8 * a.grad().abs().max(1.0), "{name} at {x}");
        }
    }
    assert_eq!(Value::new(-0.5).relu().data(), 0.0);
}

#[test]
fn a_value_used_twice_collects_both_gradients_until_zeroed() {
    let a = Value::new(3.0);
    let y = &a * &a + &a; // a² + a
    y.backward();
    assert_eq!(a.grad(), 7.0);
    (&a * 2.0).backward();
    assert_eq!(a.grad(), 9.0); // accumulated, as in micrograd and PyTorch
    a.zero_grad();
    assert_eq!(a.grad(), 0.0);
}

#[test]
fn topological_order_puts_every_node_after_its_inputs_once() {
    let (a, b, c, f) = (Value::new(2.0), Value::new(-3.0), Value::new(10.0), Value::new(-2.0));
    let out = (&a * &b + &c) * &f;
    let order = out.topological_order();
    assert_eq!(order.len(), 7); // a b a·b c d f L
    for (i, node) in order.iter().enumerate() {
        for input in node.inputs() {
            assert!(order.iter().position(|n| n.is(input)).is_some_and(|at| at < i));
        }
    }
    assert_eq!((out.op().as_deref(), a.op()), (Some("*"), None));
}
