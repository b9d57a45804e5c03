//! Tests of `../calculus.rs`: a child module of the lab, so they see its private items.

use super::*;

fn golden() -> Golden {
    serde_json::from_str(GOLDEN).unwrap()
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs()
}

#[test]
fn descent_iterates_match_numpy_at_every_checkpoint() {
    let g = golden();
    assert_eq!((g.x0, g.learning_rate, g.beta), (X0, LEARNING_RATE, BETA));
    for (method, key, _) in METHODS {
        let path = descend(method, ITERATIONS[0]);
        for &[k, x, y, _] in &g.checkpoints[key] {
            let p = path[k as usize - 1];
            assert!(close(p[0], x, 1e-9) && close(p[1], y, 1e-9), "{key} at {k}: {p:?}");
        }
        let loss: Vec<f64> = path.iter().map(|&p| rosenbrock(p)).collect();
        assert_eq!(iterations_to(&loss, 1e-6), g.iterations_to_1e6[key], "{key}");
    }
}

#[test]
fn momentum_reaches_1e_6_within_the_quick_budget_and_gradient_descent_not_1e_3() {
    let last = |method| rosenbrock(descend(method, ITERATIONS[1])[ITERATIONS[1] - 1]);
    assert!(last(Method::Momentum) < 1e-6 && last(Method::Nesterov) < 1e-6);
    assert!(last(Method::GradientDescent) > 1e-3);
}

#[test]
fn analytic_gradient_matches_scipy_and_finite_differences() {
    let (gr, value) = (golden().gradient, serde_json::from_str::<serde_json::Value>(GOLDEN));
    let check_grads = &value.unwrap()["gradient"]["check_grad"];
    for (i, &p) in gr.points.iter().enumerate() {
        assert!(rel_error(rosenbrock_grad(p), gr.rosen_der[i]) < 1e-12, "{p:?}");
        assert!(rel_error(fd_grad(rosenbrock, p, 1e-6, true), gr.rosen_der[i]) < 1e-6);
        let forward = fd_grad(rosenbrock, p, gr.approx_fprime_epsilon, false);
        assert!(rel_error(forward, gr.approx_fprime[i]) < 1e-9, "{p:?}: {forward:?}");
        // scipy's check_grad: ‖forward differences − rosen_der‖.
        let g = rosenbrock_grad(p);
        let check_grad = (forward[0] - g[0]).hypot(forward[1] - g[1]);
        let reference = check_grads[i].as_f64().unwrap();
        assert!((check_grad - reference).abs() < 1e-6 * reference, "{p:?}: {check_grad}");
    }
}

#[test]
fn central_difference_error_matches_numpy_where_truncation_dominates() {
    let d = golden().derivative;
    assert_eq!(steps().len(), d.h.len());
    for ((h, &h_ref), &error_ref) in steps().into_iter().zip(&d.h).zip(&d.central_error) {
        assert!(close(h, h_ref, 1e-15));
        if h >= 1e-4 {
            assert!(close(sin_diff_error(h, true), error_ref, 1e-6), "h = {h}");
        }
    }
}

#[test]
fn taylor_errors_match_numpy() {
    let t = golden().taylor;
    for n in [1, 2, 3, 5] {
        assert!(close(taylor_max_error(n), t.max_abs_error[&n.to_string()], 1e-12), "{n}");
    }
}
