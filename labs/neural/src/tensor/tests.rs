//! Every op's gradient against central finite differences, shape errors, and one SGD step.

use ndarray::arr2;

use super::*;
use crate::init;

const EPS: f64 = 1e-6;

/// Inputs drawn from U(−1, 1) (seed 3), one tensor per shape.
fn inputs(shapes: &[&[usize]]) -> Vec<Array> {
    init(3, &shapes.iter().map(|&s| (s, 1.0)).collect::<Vec<_>>())
}

/// Checks ∂f/∂x of a scalar `f` for every element of every input against
/// (f(x + ε) − f(x − ε)) / 2ε; returns the worst error relative to max(1, |∂f/∂x|).
fn gradient_error(xs: &[Array], f: impl Fn(&[Tensor]) -> Result<Tensor, ShapeError>) -> f64 {
    let params: Vec<Tensor> = xs.iter().cloned().map(Tensor::param).collect();
    let grads = f(&params).unwrap().backward().unwrap();
    let at = |xs: &[Array]| {
        let constants: Vec<Tensor> = xs.iter().cloned().map(Tensor::constant).collect();
        f(&constants).unwrap().value().sum()
    };
    let mut worst: f64 = 0.0;
    for (k, p) in params.iter().enumerate() {
        let g = grads.get(p).unwrap();
        assert_eq!(g.shape(), xs[k].shape());
        for (index, &analytic) in g.indexed_iter() {
            let (mut plus, mut minus) = (xs.to_vec(), xs.to_vec());
            plus[k][&index] += EPS;
            minus[k][&index] -= EPS;
            let numeric = (at(&plus) - at(&minus)) / (2.0 * EPS);
            worst = worst.max((numeric - analytic).abs() / analytic.abs().max(1.0));
        }
    }
    worst
}

/// Σ op(x) ⊙ R with fixed weights R (seed 5): a scalar whose gradient is not all ones.
fn weighted(y: Tensor) -> Result<Tensor, ShapeError> {
    let r = init(5, &[(y.shape(), 1.0)]).remove(0);
    Ok(y.mul(&Tensor::constant(r))?.sum())
}

#[test]
fn matmul_add_and_mul_gradients_match_finite_differences_with_broadcasting() {
    let xs = inputs(&[&[4, 3], &[3, 5], &[5], &[4, 1]]);
    let error = gradient_error(&xs, |t| weighted(t[0].matmul(&t[1])?.add(&t[2])?.mul(&t[3])?));
    assert!(error < 1e-8, "{error:e}");
}

#[test]
fn sum_mean_and_relu_gradients_match_finite_differences() {
    let xs = inputs(&[&[3, 4], &[3, 4]]);
    let error = gradient_error(&xs, |t| t[0].relu().mul(&t[1])?.sum().add(&t[1].mean()));
    assert!(error < 1e-8, "{error:e}");
}

#[test]
fn sigmoid_gradient_matches_finite_differences() {
    let xs = inputs(&[&[3, 4]]);
    let error = gradient_error(&xs, |t| weighted(t[0].sigmoid()));
    assert!(error < 1e-8, "{error:e}");
}

#[test]
fn log_softmax_and_nll_gradients_match_finite_differences() {
    let xs = inputs(&[&[4, 5]]);
    let error = gradient_error(&xs, |t| weighted(t[0].log_softmax()?));
    assert!(error < 1e-8, "{error:e}");
    let error = gradient_error(&xs, |t| t[0].cross_entropy(&[4, 0, 2, 2]));
    assert!(error < 1e-8, "{error:e}");
}

#[test]
fn log_softmax_is_finite_at_logits_of_a_thousand() {
    let z = Tensor::constant(arr2(&[[1000.0, -1000.0, 999.0]]).into_dyn());
    let y = z.log_softmax().unwrap();
    let expected = [
        -(1.0 + (-1f64).exp()).ln(),
        -2000.0 - (1.0 + (-1f64).exp()).ln(),
        -1.0 - (1.0 + (-1f64).exp()).ln(),
    ];
    for (got, want) in y.value().iter().zip(expected) {
        assert!((got - want).abs() < 1e-12, "{got} vs {want}");
    }
}

#[test]
fn conv2d_gradients_match_finite_differences_with_and_without_padding() {
    for padding in [0, 1] {
        let xs = inputs(&[&[2, 3, 5, 4], &[4, 3, 3, 2], &[4]]);
        let error = gradient_error(&xs, |t| weighted(t[0].conv2d(&t[1], &t[2], padding)?));
        assert!(error < 1e-8, "padding {padding}: {error:e}");
    }
}

#[test]
fn conv2d_is_the_sum_over_each_patch() {
    // One 3×3 image, one 2×2 kernel of ones, bias 0.5, padding 1: each output adds a window.
    let x =
        Tensor::constant(Array::from_shape_fn(IxDyn(&[1, 1, 3, 3]), |i| (i[2] * 3 + i[3]) as f64));
    let w = Tensor::constant(Array::ones(IxDyn(&[1, 1, 2, 2])));
    let y = x.conv2d(&w, &Tensor::constant(Array::from_elem(IxDyn(&[1]), 0.5)), 1).unwrap();
    assert_eq!(y.shape(), [1, 1, 4, 4]);
    let row = |i: usize| (0..4).map(|j| y.value()[[0, 0, i, j]]).collect::<Vec<_>>();
    assert_eq!(row(0), [0.5, 1.5, 3.5, 2.5]); // 0, 0+1, 1+2, 2
    assert_eq!(row(1), [3.5, 8.5, 12.5, 7.5]); // 0+3, 0+1+3+4, 1+2+4+5, 2+5
}

#[test]
fn max_pool_and_reshape_gradients_match_finite_differences() {
    let xs = inputs(&[&[2, 3, 4, 6]]);
    let error = gradient_error(&xs, |t| weighted(t[0].max_pool2()?.reshape(&[2, 18])?));
    assert!(error < 1e-8, "{error:e}");
}

#[test]
fn max_pool_sends_the_gradient_to_the_first_maximum_of_a_tie() {
    let x = Tensor::param(Array::from_elem(IxDyn(&[1, 1, 2, 2]), 3.0));
    let grads = x.max_pool2().unwrap().sum().backward().unwrap();
    assert_eq!(grads.get(&x).unwrap().iter().copied().collect::<Vec<_>>(), [1.0, 0.0, 0.0, 0.0]);
}

#[test]
fn a_small_conv_net_has_the_gradients_of_finite_differences_end_to_end() {
    let xs = inputs(&[&[2, 1, 6, 6], &[2, 1, 3, 3], &[2], &[18, 3], &[3]]);
    let error = gradient_error(&xs, |t| {
        let h = t[0].conv2d(&t[1], &t[2], 1)?.relu().max_pool2()?.reshape(&[2, 18])?;
        h.matmul(&t[3])?.add(&t[4])?.cross_entropy(&[2, 0])
    });
    assert!(error < 1e-8, "{error:e}");
}

#[test]
fn shapes_that_do_not_fit_are_errors_not_panics() {
    let t = |shape: &[usize]| Tensor::constant(Array::zeros(IxDyn(shape)));
    assert!(t(&[2, 3]).matmul(&t(&[2, 3])).is_err());
    assert!(t(&[2, 3]).add(&t(&[2])).is_err());
    assert!(t(&[2, 3]).mul(&t(&[3, 3])).is_err());
    assert!(t(&[2, 3]).log_softmax().unwrap().nll(&[0, 3]).is_err());
    assert!(t(&[2, 3]).nll(&[0]).is_err());
    assert!(t(&[1, 2, 4, 4]).conv2d(&t(&[3, 1, 3, 3]), &t(&[3]), 0).is_err());
    assert!(t(&[2, 3]).max_pool2().is_err());
    assert!(t(&[2, 3]).reshape(&[4]).is_err());
    assert_eq!(broadcast_shape(&[4, 1, 3], &[5, 1]), Some(vec![4, 5, 3]));
}

#[test]
fn a_parameter_used_twice_gets_both_gradients_and_constants_get_none() {
    let (p, c) = (Tensor::param(arr0(3.0).into_dyn()), Tensor::constant(arr0(2.0).into_dyn()));
    let y = p.mul(&p).unwrap().add(&p.mul(&c).unwrap()).unwrap(); // p² + 2p
    let grads = y.backward().unwrap();
    assert_eq!(grads.get(&p).map(|g| g.sum()), Some(8.0)); // 2p + 2
    assert!(grads.get(&c).is_none());
}

#[test]
fn sgd_with_momentum_is_pytorchs_heavy_ball() {
    let mut params = vec![Tensor::param(arr0(1.0).into_dyn())];
    let mut sgd = Sgd::new(&params, 0.9);
    let mut expected = (1.0, 0.0); // (θ, v)
    for _ in 0..3 {
        let grads = params[0].mul(&params[0]).unwrap().backward().unwrap(); // g = 2θ
        sgd.step(&mut params, &grads, 0.1);
        expected.1 = 0.9 * expected.1 + 2.0 * expected.0;
        expected.0 -= 0.1 * expected.1;
        assert_eq!(params[0].value().sum(), expected.0);
    }
}
