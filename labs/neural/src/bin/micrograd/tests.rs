//! The expressions against PyTorch's golden gradients, the drawing, and the demo beside PyTorch.

use super::*;

fn golden() -> Reference {
    serde_json::from_str::<Golden>(GOLDEN).unwrap().micrograd
}

#[test]
fn expressions_have_pytorchs_values_and_gradients() {
    let g = golden();
    for (name, expression) in EXPRESSIONS {
        let reference = &g.expressions[name];
        let inputs: Vec<Value> = reference.inputs.iter().map(|&x| Value::new(x)).collect();
        let out = expression(&inputs);
        out.backward();
        assert!(gap(&[out.data()], &[reference.value]) < 1e-15, "{name}");
        let grads: Vec<f64> = inputs.iter().map(Value::grad).collect();
        assert!(
            gap(&grads, &reference.grads) < 1e-14,
            "{name}: {grads:?} vs {:?}",
            reference.grads
        );
    }
    // micrograd's README: L = −8 with ∂L/∂a = 6, and its test_more_ops.
    assert_eq!(g.expressions["karpathy"].grads, [6.0, -4.0, -2.0, 4.0]);
    assert!((g.expressions["more_ops"].value - 24.70408163265306).abs() < 1e-12);
}

#[test]
fn the_drawing_names_every_value_with_its_data_and_grad() {
    let v: Vec<Value> = [2.0, -3.0, 10.0, -2.0].into_iter().map(Value::new).collect();
    let v: Vec<Value> = v.into_iter().zip(["a", "b", "c", "f"]).map(|(v, n)| v.named(n)).collect();
    let out = karpathy(&v);
    out.backward();
    let dot = dot(&out);
    assert!(
        dot.contains("{ a | data 2.0000 | grad 6.0000 }")
            && dot.contains("{ L | data -8.0000 | grad 1.0000 }")
    );
    assert_eq!(dot.matches("[shape=record").count(), 7);
    assert_eq!(dot.matches(" -> ").count(), 3 + 6); // op → value, and 2 inputs → each of 3 ops
    let svg = svg(&dot).unwrap();
    assert!(svg.contains("<svg") && svg.contains("grad 6.0000"), "{svg}");
}

#[test]
fn the_moons_demo_follows_pytorch() {
    let m = golden().moons;
    // All 100 steps in release; the first 3 in debug builds (each step makes ~130 000 nodes).
    let steps = if cfg!(debug_assertions) { 3 } else { m.steps };
    let model = Mlp::new(&m.sizes, SEED);
    assert_eq!(model.parameters().count(), 337);
    let (losses, accuracy) = train(&model, &m.x, &m.y, m.alpha, steps);
    assert!(gap(&losses, &m.losses[..steps]) < 1e-12, "{losses:?}");
    assert_eq!(accuracy, m.accuracy[..steps]);
}
