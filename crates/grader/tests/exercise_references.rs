//! The numbers the exercises' checks take from scikit-learn and SciPy are the ones
//! scripts/reference/exercises.py computes (scripts/reference/golden/exercises.json): each
//! hard-coded constant is read from its check.rs and compared with the golden value, and the
//! settings the script assumed (rows, split, thresholds, step counts) are looked up in the check.
//! The neural-network checks hard-code nothing: their own formulas, quoted from check.rs, are
//! redone here and compared with PyTorch's values on the script's fixed inputs.

use std::path::{Path, PathBuf};

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &str) -> String {
    let full = root().join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

fn golden() -> Value {
    serde_json::from_str(&read("scripts/reference/golden/exercises.json"))
        .expect("golden/exercises.json is JSON")
}

fn check(id: &str) -> String {
    read(&format!("content/exercises/{id}/check.rs"))
}

/// The value at `path` in the golden file, as a number.
fn number(golden: &Value, path: &[&str]) -> f64 {
    let value = path.iter().fold(golden, |v, key| &v[*key]);
    value
        .as_f64()
        .unwrap_or_else(|| panic!("golden {path:?} is not a number: {value}"))
}

/// The literal of the one `const NAME: TYPE = LITERAL;` in `source`, digit separators removed.
fn constant(source: &str, name: &str) -> String {
    let start = format!("const {name}: ");
    let lines: Vec<&str> = source
        .lines()
        .map(str::trim_start)
        .filter(|line| line.starts_with(&start))
        .collect();
    assert_eq!(
        lines.len(),
        1,
        "one `const {name}` expected, found {lines:?}"
    );
    let (_, literal) = lines[0]
        .split_once(" = ")
        .unwrap_or_else(|| panic!("`{}` has no ` = `", lines[0]));
    literal
        .strip_suffix(';')
        .unwrap_or_else(|| panic!("`{}` does not end in `;`", lines[0]))
        .replace('_', "")
}

fn f64_constant(source: &str, name: &str) -> f64 {
    let literal = constant(source, name);
    literal
        .parse()
        .unwrap_or_else(|e| panic!("const {name} = {literal}: {e}"))
}

fn usize_constant(source: &str, name: &str) -> usize {
    let literal = constant(source, name);
    literal
        .parse()
        .unwrap_or_else(|e| panic!("const {name} = {literal}: {e}"))
}

fn assert_contains(source: &str, id: &str, text: &str) {
    assert!(
        source.contains(text),
        "{id}/check.rs no longer contains `{text}`: rerun scripts/reference/exercises.py with the check's new settings"
    );
}

fn assert_close(what: &str, yours: f64, golden: f64, rel: f64) {
    assert!(
        (yours - golden).abs() <= rel * golden.abs(),
        "{what}: {yours} against the golden {golden} (relative tolerance {rel:e})"
    );
}

/// The iris file the checks embed: 150 × 4 features and the species.
fn iris() -> (Vec<[f64; 4]>, Vec<usize>) {
    let (mut features, mut species) = (Vec::new(), Vec::new());
    for line in read("crates/checker/data/iris.csv").lines().skip(1) {
        let fields: Vec<f64> = line
            .split(',')
            .map(|f| f.trim().parse().expect("iris.csv holds numbers"))
            .collect();
        features.push([fields[0], fields[1], fields[2], fields[3]]);
        species.push(fields[4] as usize);
    }
    (features, species)
}

#[test]
fn golden_is_made_from_the_checks_iris() {
    let golden = golden();
    assert_eq!(golden["generated_by"], "scripts/reference/exercises.py");
    assert_eq!(golden["data"], "crates/checker/data/iris.csv");
    assert!(read("crates/checker/src/lib.rs").contains("include_str!(\"../data/iris.csv\")"));
    assert_eq!(iris().0.len(), 150);
    for key in [
        "lloyd_step",
        "logistic_loss_gradient",
        "t_statistic",
        "gaussian_mle",
        "activation_derivatives",
        "batch_cross_entropy",
        "conv2d_im2col",
        "sgd_momentum",
        "adam_step",
        "attention_softmax",
        "causal_mask",
        "scaled_dot_product_attention",
        "lstm_cell_step",
        "skipgram_negative_sampling",
        "bpe_merge",
    ] {
        let path = golden[key]["check"].as_str().expect("a path");
        assert!(root().join(path).is_file(), "{key}: {path} is missing");
    }
}

#[test]
fn lloyd_step_uses_scikit_learns_inertia_and_iterations() {
    let (golden, source) = (golden(), check("lloyd-step"));
    let g = &golden["lloyd_step"];
    assert_eq!(g["init_rows"], serde_json::json!([0, 50, 100]));
    assert_contains(&source, "lloyd-step", "x.select(Axis(0), &[0, 50, 100])");

    let inertia = number(g, &["inertia"]);
    assert_close(
        "lloyd-step IRIS_INERTIA",
        f64_constant(&source, "IRIS_INERTIA"),
        inertia,
        1e-12,
    );
    assert_contains(&source, "lloyd-step", "close(step.inertia, IRIS_INERTIA");
    // "the optimum": the best of 10 k-means++ starts in kmeans.py ends at the same inertia.
    let kmeans: Value = serde_json::from_str(&read("scripts/reference/golden/kmeans.json"))
        .expect("golden/kmeans.json is JSON");
    assert_close(
        "kmeans.py's iris optimum",
        number(&kmeans, &["iris", "inertia"]),
        inertia,
        1e-12,
    );
    // The same number as text in the check's name and messages.
    assert_contains(&source, "lloyd-step", &format!("converges to {inertia:.3}"));
    assert_contains(&source, "lloyd-step", &format!("converge to {inertia:.6}"));

    // n_iter_ counts the iterations up to the first one whose labels equal the previous
    // one's, as the check's loop does (the NumPy loop in the script agrees).
    let steps = number(g, &["n_iter"]) as usize;
    assert_eq!(number(g, &["numpy_loop", "steps"]) as usize, steps);
    assert_eq!(
        usize_constant(&source, "SKLEARN_STEPS"),
        steps,
        "lloyd-step SKLEARN_STEPS against scikit-learn's n_iter_"
    );
    assert_contains(&source, "lloyd-step", "needs {SKLEARN_STEPS}");
}

#[test]
fn logistic_loss_gradient_uses_scikit_learns_test_score() {
    let (golden, source) = (golden(), check("logistic-loss-gradient"));
    let id = "logistic-loss-gradient";
    let g = &golden["logistic_loss_gradient"];
    // The split and scaling the script reproduces.
    for text in [
        "for class in [1, 2]",
        "if rank % 4 == 0",
        "if species[i] == 2 { 1.0 } else { 0.0 }",
        "let n = train.len() as f64;",
        "(features[rows[r]][j] - mean[j]) / std[j]",
        "let lambda = 1.0 / x.nrows() as f64;",
    ] {
        assert_contains(&source, id, text);
    }
    let (n_train, n_test) = (number(g, &["n_train"]), number(g, &["n_test"]));
    assert_eq!((n_train, n_test), (74.0, 26.0));
    assert_contains(&source, id, &format!("λ = 1/{n_train}"));

    let correct = number(g, &["test_correct"]) as usize;
    assert_eq!(
        usize_constant(&source, "SKLEARN_CORRECT"),
        correct,
        "logistic-loss-gradient SKLEARN_CORRECT against scikit-learn's test flowers right"
    );
    assert_contains(&source, id, "correct >= SKLEARN_CORRECT");
    assert_contains(
        &source,
        id,
        &format!("test accuracy on iris, {correct}/{n_test}"),
    );
    assert_contains(&source, id, &format!("{{SKLEARN_CORRECT}}/{n_test}"));
    assert_eq!(number(g, &["test_correct_default_tol"]) as usize, correct);

    // The check's own gradient descent: the script's settings, the claims in its comment.
    let gd = &g["gradient_descent"];
    let eta = f64_constant(&source, "LEARNING_RATE");
    assert_eq!(eta, number(gd, &["learning_rate"]));
    assert_eq!(
        usize_constant(&source, "EPOCHS"),
        number(gd, &["epochs"]) as usize
    );
    let curvature = number(g, &["curvature_bound"]);
    assert_contains(&source, id, "curvature is ≤ 0.77");
    assert!(curvature <= 0.77, "curvature bound {curvature} > 0.77");
    assert!(eta < 2.0 / curvature, "η = {eta} ≥ 2/{curvature}");
    assert_contains(&source, id, "largest <= 1e-8");
    assert!(number(gd, &["max_gradient"]) <= 1e-10);
    assert!(number(gd, &["test_correct"]) as usize >= correct);
    assert!(number(gd, &["max_abs_diff_to_sklearn"]) <= 1e-6);
}

/// Welch's (t, ν) by the check's formula.
fn welch(a: &[f64], b: &[f64]) -> (f64, f64) {
    let moments = |x: &[f64]| {
        let n = x.len() as f64;
        let mean = x.iter().sum::<f64>() / n;
        let var = x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0);
        (mean, var / n, n)
    };
    let ((ma, ea, na), (mb, eb, nb)) = (moments(a), moments(b));
    let t = (ma - mb) / (ea + eb).sqrt();
    let df = (ea + eb).powi(2) / (ea.powi(2) / (na - 1.0) + eb.powi(2) / (nb - 1.0));
    (t, df)
}

#[test]
fn t_statistic_agrees_with_scipy_and_its_threshold_is_safe() {
    // The check computes t and ν itself; SciPy's values confirm its formula on the same data.
    let (golden, source) = (golden(), check("t-statistic"));
    let id = "t-statistic";
    let g = &golden["t_statistic"];
    let (features, species) = iris();
    let width = |s: usize| -> Vec<f64> {
        (0..features.len())
            .filter(|&i| species[i] == s)
            .map(|i| features[i][1])
            .collect()
    };
    assert_contains(&source, id, "(width(1), width(2))");
    let (t, df) = welch(&width(1), &width(2));
    assert_close("Welch t", t, number(g, &["welch", "statistic"]), 1e-12);
    assert_close("Welch ν", df, number(g, &["welch", "df"]), 1e-12);

    // p < 0.01 from 2000 shuffles: the true p is about 0.002, so a correct learner fails with
    // a probability of about 4e-8.
    assert_contains(&source, id, "let permutations = 2_000;");
    assert_contains(&source, id, "..0.01).contains(&p)");
    assert_eq!(number(g, &["check_permutations"]), 2000.0);
    assert_eq!(number(g, &["check_threshold"]), 0.01);
    assert!(number(g, &["welch", "pvalue"]) < 0.01);
    assert!(number(g, &["permutation", "pvalue_plus_5_se"]) < 0.01);
    assert!(number(g, &["chance_correct_code_fails"]) < 1e-6);
}

#[test]
fn gaussian_mle_agrees_with_scipy_and_the_ascent_converges() {
    // The check computes (μ̂, σ̂²) itself; SciPy's norm.fit confirms them on the same data.
    let (golden, source) = (golden(), check("gaussian-mle"));
    let id = "gaussian-mle";
    let g = &golden["gaussian_mle"];
    let lengths: Vec<f64> = iris().0.iter().map(|f| f[2]).collect();
    assert_contains(&source, id, "features.iter().map(|f| f[2]).collect()");
    let n = lengths.len() as f64;
    let mean = lengths.iter().sum::<f64>() / n;
    let var = lengths.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    assert_close("μ̂", mean, number(g, &["norm_fit", "mu"]), 1e-12);
    assert_close("σ̂²", var, number(g, &["norm_fit", "var"]), 1e-12);

    // The ascent the check runs ends within its 1e-6 of the closed form.
    let a = &g["ascent"];
    let call = format!(
        "gradient_ascent(&petal_lengths, {:?}, {:?}, {:?}, {})",
        number(a, &["mu0"]),
        number(a, &["var0"]),
        number(a, &["learning_rate"]),
        number(a, &["steps"]),
    );
    assert_contains(&source, id, &call);
    assert_contains(
        &source,
        id,
        "close(mu, mu_hat, 1e-6, 0.0) && close(var, var_hat, 1e-6, 0.0)",
    );
    assert!(number(a, &["rel_err_mu"]) <= 1e-9);
    assert!(number(a, &["rel_err_var"]) <= 1e-9);
}

// Block 4 (neural networks): the checks compute their references themselves; PyTorch's values
// on fixed inputs (golden/exercises.json) confirm that those references are PyTorch's
// definitions. Each test redoes the check's formula (the lines it quotes from check.rs) and
// compares.

fn floats(value: &Value) -> Vec<f64> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
        .iter()
        .map(|v| v.as_f64().unwrap_or_else(|| panic!("not a number: {v}")))
        .collect()
}

fn rows(value: &Value) -> Vec<Vec<f64>> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
        .iter()
        .map(floats)
        .collect()
}

/// |yours − golden| ≤ tolerance · max(1, |golden|): relative, and absolute near 0.
fn assert_near(what: &str, yours: f64, golden: f64, tolerance: f64) {
    assert!(
        (yours - golden).abs() <= tolerance * golden.abs().max(1.0),
        "{what}: {yours} against PyTorch's {golden} (tolerance {tolerance:e})"
    );
}

/// A name in the golden file and the check's function of that name.
type Function = (&'static str, fn(f64) -> f64);

#[test]
fn activation_derivatives_check_uses_pytorchs_gelu_and_relu_convention() {
    let (golden, source) = (golden(), check("activation-derivatives"));
    let id = "activation-derivatives";
    let g = &golden["activation_derivatives"];
    for text in [
        "let c = (2.0 / std::f64::consts::PI).sqrt();",
        "0.5 * z * (1.0 + (c * (z + 0.044715 * z.powi(3))).tanh())",
        "z.exp() / (1.0 + z.exp())",
        "let h = 1e-6 * z.abs().max(1.0);",
        "match at_zero == 0.0 {",
    ] {
        assert_contains(&source, id, text);
    }
    // The check's functions and its central difference, as written in check.rs.
    fn gelu(z: f64) -> f64 {
        let c = (2.0 / std::f64::consts::PI).sqrt();
        0.5 * z * (1.0 + (c * (z + 0.044715 * z.powi(3))).tanh())
    }
    fn sigmoid(z: f64) -> f64 {
        if z >= 0.0 {
            1.0 / (1.0 + (-z).exp())
        } else {
            z.exp() / (1.0 + z.exp())
        }
    }
    fn central_difference(f: fn(f64) -> f64, z: f64) -> f64 {
        let h = 1e-6 * z.abs().max(1.0);
        (f(z + h) - f(z - h)) / (2.0 * h)
    }
    let functions: [Function; 3] = [
        ("gelu_tanh", gelu),
        ("sigmoid", sigmoid),
        ("tanh", f64::tanh),
    ];
    let z = floats(&g["z"]);
    for (name, f) in functions {
        let (values, derivatives) = (floats(&g[name]["value"]), floats(&g[name]["derivative"]));
        for (i, &z) in z.iter().enumerate() {
            assert_near(&format!("{name}({z})"), f(z), values[i], 1e-14);
            // The check's tolerance for a derivative is 1e-6 relative + 1e-9.
            assert_near(
                &format!("{name}′({z}) by central differences"),
                central_difference(f, z),
                derivatives[i],
                1e-8,
            );
        }
    }
    // PyTorch's ReLU′(0) is 0, the convention the check asks for.
    let zero = z.iter().position(|&z| z == 0.0).expect("z holds 0");
    assert_eq!(floats(&g["relu"]["derivative"])[zero], 0.0);
}

#[test]
fn batch_cross_entropy_check_is_pytorchs_mean_cross_entropy_and_gradient() {
    let (golden, source) = (golden(), check("batch-cross-entropy"));
    let id = "batch-cross-entropy";
    let g = &golden["batch_cross_entropy"];
    for text in [
        "total += max + sum.ln() - row[y];",
        "total / labels.len() as f64",
        "let expected = (exps[k] / sum - one_hot) / batch;",
    ] {
        assert_contains(&source, id, text);
    }
    let logits = rows(&g["logits"]);
    let labels: Vec<usize> = floats(&g["labels"]).iter().map(|&y| y as usize).collect();
    let gradient = rows(&g["gradient"]);
    let batch = labels.len() as f64;
    let mut total = 0.0;
    for (i, (row, &y)) in logits.iter().zip(&labels).enumerate() {
        let max = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let exps: Vec<f64> = row.iter().map(|z| (z - max).exp()).collect();
        let sum: f64 = exps.iter().sum();
        total += max + sum.ln() - row[y];
        for k in 0..row.len() {
            let one_hot = if k == y { 1.0 } else { 0.0 };
            let expected = (exps[k] / sum - one_hot) / batch;
            assert_near(&format!("∂L/∂Z[{i}][{k}]"), expected, gradient[i][k], 1e-14);
        }
    }
    assert_near("the mean loss", total / batch, number(g, &["loss"]), 1e-14);
}

#[test]
fn conv2d_check_is_pytorchs_cross_correlation_with_padding() {
    let (golden, source) = (golden(), check("conv2d-im2col"));
    let id = "conv2d-im2col";
    let g = &golden["conv2d_im2col"];
    assert_contains(&source, id, "let mut sum = b[o];");
    assert_contains(
        &source,
        id,
        "sum += w[[o, c, u, v]] * padded(x, p.padding, n, c, i + u, j + v);",
    );
    assert_contains(&source, id, "(0..size + 2 * self.padding)");
    let size = |key: &str| number(g, &["sizes", key]) as usize;
    let (batch, channels, out) = (size("batch"), size("channels"), size("out"));
    let (h, w, kh, kw, p) = (
        size("h"),
        size("w"),
        size("kh"),
        size("kw"),
        size("padding"),
    );
    assert_eq!(g["x"], "((n·7 + c·5 + i·3 + j) mod 7) − 3");
    assert_eq!(g["w"], "((o·5 + c·3 + u·2 + v) mod 5) − 2");
    let x = |n: usize, c: usize, i: usize, j: usize| ((n * 7 + c * 5 + i * 3 + j) % 7) as f64 - 3.0;
    let weight =
        |o: usize, c: usize, u: usize, v: usize| ((o * 5 + c * 3 + u * 2 + v) % 5) as f64 - 2.0;
    let padded =
        |n: usize, c: usize, r: usize, s: usize| match r >= p && s >= p && r - p < h && s - p < w {
            true => x(n, c, r - p, s - p),
            false => 0.0,
        };
    let (ho, wo) = (h + 2 * p + 1 - kh, w + 2 * p + 1 - kw);
    let shape: Vec<usize> = floats(&g["shape"]).iter().map(|&d| d as usize).collect();
    assert_eq!(shape, [batch, out, ho, wo]);
    let y = floats(&g["y"]);
    for n in 0..batch {
        for o in 0..out {
            for i in 0..ho {
                for j in 0..wo {
                    let mut sum = o as f64 - 1.0;
                    for c in 0..channels {
                        for u in 0..kh {
                            for v in 0..kw {
                                sum += weight(o, c, u, v) * padded(n, c, i + u, j + v);
                            }
                        }
                    }
                    let at = ((n * out + o) * ho + i) * wo + j;
                    assert_eq!(sum, y[at], "y[{n}][{o}][{i}][{j}] against F.conv2d");
                }
            }
        }
    }
}

#[test]
fn sgd_momentum_check_is_torch_optim_sgd_under_a_schedule() {
    let (golden, source) = (golden(), check("sgd-momentum"));
    let id = "sgd-momentum";
    let g = &golden["sgd_momentum"];
    for text in [
        "let g = d + lambda * *t;",
        "*v = mu * *v + g;\n                    *t -= eta * *v;",
        "(0..grads.len()).map(|s| 0.5f64.powi(s as i32))",
    ] {
        assert_contains(&source, id, text);
    }
    let (mu, lambda) = (number(g, &["momentum"]), number(g, &["weight_decay"]));
    let rates = floats(&g["learning_rates"]);
    let gradients = rows(&g["gradients"]);
    let torch = rows(&g["torch_path"]);
    for (s, &eta) in rates.iter().enumerate() {
        assert_eq!(eta, 0.5f64.powi(s as i32), "the schedule the check uses");
    }
    // The check's recursion (Rule::Torch), and the η-inside-the-velocity form it tells apart.
    let run = |rate_inside: bool| -> Vec<Vec<f64>> {
        let mut theta = floats(&g["theta"]);
        let mut velocity = vec![0.0; theta.len()];
        let mut path = Vec::new();
        for (grad, &eta) in gradients.iter().zip(&rates) {
            for ((t, v), &d) in theta.iter_mut().zip(&mut velocity).zip(grad) {
                let g = d + lambda * *t;
                if rate_inside {
                    *v = mu * *v + eta * g;
                    *t -= *v;
                } else {
                    *v = mu * *v + g;
                    *t -= eta * *v;
                }
            }
            path.push(theta.clone());
        }
        path
    };
    let (check, rate_inside) = (run(false), run(true));
    let mut largest_gap: f64 = 0.0;
    for (step, expected) in torch.iter().enumerate() {
        for (i, &e) in expected.iter().enumerate() {
            assert_near(
                &format!("θ[{i}] after step {}", step + 1),
                check[step][i],
                e,
                1e-12,
            );
            largest_gap = largest_gap.max((rate_inside[step][i] - e).abs());
        }
    }
    assert!(
        largest_gap > 1e-2,
        "η inside the velocity is {largest_gap} from PyTorch"
    );
}

#[test]
fn adam_check_is_torch_optim_adam_and_its_epsilon_placement_matters() {
    let (golden, source) = (golden(), check("adam-step"));
    let id = "adam-step";
    let g = &golden["adam_step"];
    for text in [
        "m[i] = b1 * m[i] + (1.0 - b1) * g;",
        "_ => b2 * v[i] + (1.0 - b2) * g * g,",
        "m[i] / (1.0 - s.beta1.powi(t)),",
        "_ => s.eta * m_hat / (v_hat.sqrt() + s.eps),",
        "eps: 1e-8,",
    ] {
        assert_contains(&source, id, text);
    }
    let (eta, beta1, beta2, eps) = (
        number(g, &["learning_rate"]),
        number(g, &["beta1"]),
        number(g, &["beta2"]),
        number(g, &["eps"]),
    );
    assert_eq!(eps, 1e-8);
    for run in g["runs"].as_array().expect("runs") {
        let (gradients, torch) = (rows(&run["gradients"]), rows(&run["torch_path"]));
        let scale = number(run, &["scale"]);
        // The check's recursion (Rule::Torch), and ε inside the root (Rule::EpsInsideRoot).
        let path = |eps_inside: bool| -> Vec<Vec<f64>> {
            let mut theta = floats(&g["theta"]);
            let (mut m, mut v) = (vec![0.0; theta.len()], vec![0.0; theta.len()]);
            let mut path = Vec::new();
            for (t, grad) in (1..).zip(&gradients) {
                for i in 0..theta.len() {
                    let g = grad[i];
                    m[i] = beta1 * m[i] + (1.0 - beta1) * g;
                    v[i] = beta2 * v[i] + (1.0 - beta2) * g * g;
                    let m_hat = m[i] / (1.0 - beta1.powi(t));
                    let v_hat = v[i] / (1.0 - beta2.powi(t));
                    theta[i] -= match eps_inside {
                        true => eta * m_hat / (v_hat + eps).sqrt(),
                        false => eta * m_hat / (v_hat.sqrt() + eps),
                    };
                }
                path.push(theta.clone());
            }
            path
        };
        let (check, inside) = (path(false), path(true));
        let theta0 = floats(&g["theta"]);
        let mut largest_gap: f64 = 0.0;
        for (step, expected) in torch.iter().enumerate() {
            for (i, &e) in expected.iter().enumerate() {
                // Compare the distance travelled: θ itself is O(1), the steps O(η).
                let (yours, torch_moved) = (check[step][i] - theta0[i], e - theta0[i]);
                assert_near(
                    &format!("scale {scale:e}: θ[{i}] − θ₀[{i}] after step {}", step + 1),
                    yours / eta,
                    torch_moved / eta,
                    1e-9,
                );
                largest_gap = largest_gap.max(((inside[step][i] - e) / eta).abs());
            }
        }
        // With gradients of 1e-8, ε's place changes the steps by a large fraction of η.
        if scale < 1e-6 {
            assert!(
                largest_gap > 0.1,
                "ε inside the root moves only {largest_gap}·η off"
            );
        }
    }
}

// Block 5 (language models): the same approach as block 4, PyTorch's values on fixed inputs.

fn bools(value: &Value) -> Vec<Vec<bool>> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
        .iter()
        .map(|row| {
            row.as_array()
                .unwrap_or_else(|| panic!("not an array: {row}"))
                .iter()
                .map(|b| b.as_bool().unwrap_or_else(|| panic!("not a bool: {b}")))
                .collect()
        })
        .collect()
}

#[test]
fn attention_softmax_check_is_pytorchs_softmax_with_sdpas_convention_for_masked_rows() {
    let (golden, source) = (golden(), check("attention-softmax"));
    let id = "attention-softmax";
    let g = &golden["attention_softmax"];
    for text in [
        "let sum: f64 = row.iter().map(|s| s.exp()).sum();",
        "row.iter().map(|s| s.exp() / sum).collect()",
        ".filter(|&j| !masked[i][j])",
        "const OFFSETS: [f64; 4] = [-2000.0, 1000.0, -1000.0, 2000.0];",
        "Array2::from_shape_fn(scores.dim(), |(i, j)| scores[[i, j]] + OFFSETS[i % 4]);",
    ] {
        assert_contains(&source, id, text);
    }
    // The check's reference: the definition on the unmasked scores, before its rows are moved
    // ±1000 apart; PyTorch's softmax of the moved rows must be the same.
    fn naive_softmax(row: &[f64]) -> Vec<f64> {
        let sum: f64 = row.iter().map(|s| s.exp()).sum();
        row.iter().map(|s| s.exp() / sum).collect()
    }
    let (scores, masked) = (rows(&g["scores"]), bools(&g["masked"]));
    let offsets = [0.0, 1000.0, -1000.0];
    for (i, offset) in offsets.iter().enumerate() {
        let kept: Vec<f64> = (0..scores[i].len())
            .filter(|&j| !masked[i][j])
            .map(|j| scores[i][j] - offset)
            .collect();
        let mut weights = naive_softmax(&kept).into_iter();
        let torch = floats(&g["softmax"][i]);
        for (j, &p) in torch.iter().enumerate() {
            let expected = match masked[i][j] {
                true => 0.0,
                false => weights.next().expect("a weight per kept key"),
            };
            assert_near(&format!("P[{i}][{j}]"), expected, p, 1e-13);
        }
    }
    // Row 3 is fully masked: F.softmax gives NaN, SDPA a row of zeros (the exercise's choice).
    assert!(masked[3].iter().all(|&m| m));
    assert_eq!(g["softmax_fully_masked_is_nan"], true);
    assert_eq!(floats(&g["sdpa_weights"][3]), [0.0; 4]);
    // And SDPA's weights elsewhere are the same softmax (all scores 0 there: uniform over kept keys).
    for (i, row) in masked.iter().enumerate().take(3) {
        let kept = row.iter().filter(|&&m| !m).count() as f64;
        for (j, &w) in floats(&g["sdpa_weights"][i]).iter().enumerate() {
            let expected = if row[j] { 0.0 } else { 1.0 / kept };
            assert_near(&format!("SDPA weight [{i}][{j}]"), expected, w, 1e-15);
        }
    }
}

#[test]
fn causal_mask_check_is_pytorchs_causal_lower_right() {
    let (golden, source) = (golden(), check("causal-mask"));
    let id = "causal-mask";
    let g = &golden["causal_mask"];
    assert_contains(&source, id, "j + queries <= keys + i");
    fn visible(queries: usize, keys: usize, i: usize, j: usize) -> bool {
        j + queries <= keys + i
    }
    let sizes: Vec<Vec<f64>> = rows(&g["sizes"]);
    for (n, size) in sizes.iter().enumerate() {
        let (queries, keys) = (size[0] as usize, size[1] as usize);
        let lower_right = bools(&g["lower_right"][n]);
        let upper_left = bools(&g["upper_left"][n]);
        assert_eq!(
            lower_right.len(),
            queries,
            "T = {queries}, S = {keys}: rows"
        );
        for (i, row) in lower_right.iter().enumerate() {
            assert_eq!(
                row.len(),
                keys,
                "T = {queries}, S = {keys}: query {i}'s keys"
            );
            for (j, &seen) in row.iter().enumerate() {
                assert_eq!(
                    visible(queries, keys, i, j),
                    seen,
                    "T = {queries}, S = {keys}: query {i}, key {j} against causal_lower_right"
                );
            }
        }
        // is_causal=True's top-left triangle agrees only when S = T: the check's top-left
        // diagnosis is about a real difference.
        assert_eq!(
            lower_right == upper_left,
            queries == keys,
            "T = {queries}, S = {keys}"
        );
    }
}

#[test]
fn scaled_dot_product_attention_check_is_pytorchs_sdpa() {
    let (golden, source) = (golden(), check("scaled-dot-product-attention"));
    let id = "scaled-dot-product-attention";
    let g = &golden["scaled_dot_product_attention"];
    for text in [
        ".filter(|&j| mask.is_none_or(|m| m[i][j]))",
        ".map(|&j| q.iter().zip(&case.k[j]).map(|(a, b)| a * b).sum::<f64>() * scale)",
        ".map(|(&j, w)| w / sum * case.v[j][e])",
        "let expected = reference(&case, None, 1.0 / (dk as f64).sqrt());",
    ] {
        assert_contains(&source, id, text);
    }
    let (q, k, v, mask) = (
        rows(&g["q"]),
        rows(&g["k"]),
        rows(&g["v"]),
        bools(&g["mask"]),
    );
    // The check's reference, loop by loop as in check.rs.
    let reference = |mask: Option<&[Vec<bool>]>| -> Vec<Vec<f64>> {
        let scale = 1.0 / (q[0].len() as f64).sqrt();
        q.iter()
            .enumerate()
            .map(|(i, qi)| {
                let allowed: Vec<usize> = (0..k.len())
                    .filter(|&j| mask.is_none_or(|m| m[i][j]))
                    .collect();
                let scores: Vec<f64> = allowed
                    .iter()
                    .map(|&j| qi.iter().zip(&k[j]).map(|(a, b)| a * b).sum::<f64>() * scale)
                    .collect();
                let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let exps: Vec<f64> = scores.iter().map(|s| (s - max).exp()).collect();
                let sum: f64 = exps.iter().sum();
                (0..v[0].len())
                    .map(|e| {
                        allowed
                            .iter()
                            .zip(&exps)
                            .map(|(&j, w)| w / sum * v[j][e])
                            .sum()
                    })
                    .collect()
            })
            .collect()
    };
    assert_ne!(q[0].len(), v[0].len(), "d_k ≠ d_v, so a wrong scale shows");
    for (what, ours, torch) in [
        ("output", reference(None), rows(&g["output"])),
        (
            "masked output",
            reference(Some(&mask)),
            rows(&g["masked_output"]),
        ),
    ] {
        for (i, (ours, torch)) in ours.iter().zip(&torch).enumerate() {
            for (e, (&a, &b)) in ours.iter().zip(torch).enumerate() {
                assert_near(&format!("{what} [{i}][{e}]"), a, b, 1e-13);
            }
        }
    }
    // Query 1 is allowed no key: SDPA's output there is zeros, as the check asks.
    assert!(mask[1].iter().all(|&m| !m));
    assert_eq!(floats(&g["masked_output"][1]), [0.0, 0.0]);
}

#[test]
fn lstm_check_is_pytorchs_lstm_cell_with_gates_i_f_g_o() {
    let (golden, source) = (golden(), check("lstm-cell-step"));
    let id = "lstm-cell-step";
    let g = &golden["lstm_cell_step"];
    for text in [
        "input + p.b_ih[r] + recurrent + p.b_hh[r]",
        ".map(|j| sigmoid(z[hidden + j]) * c[j] + sigmoid(z[j]) * z[2 * hidden + j].tanh())",
        ".map(|j| sigmoid(z[3 * hidden + j]) * c_next[j].tanh())",
        "(h, c) = reference_step(&params, x, &h, &c);",
    ] {
        assert_contains(&source, id, text);
    }
    let (w_ih, w_hh) = (rows(&g["w_ih"]), rows(&g["w_hh"]));
    let (b_ih, b_hh) = (floats(&g["b_ih"]), floats(&g["b_hh"]));
    let sigmoid = |z: f64| 1.0 / (1.0 + (-z).exp());
    let hidden = w_hh[0].len();
    let (mut h, mut c) = (vec![0.0; hidden], vec![0.0; hidden]);
    for (t, x) in rows(&g["xs"]).iter().enumerate() {
        // The check's reference_step, as written there.
        let z: Vec<f64> = (0..4 * hidden)
            .map(|r| {
                let input: f64 = w_ih[r].iter().zip(x).map(|(w, x)| w * x).sum();
                let recurrent: f64 = w_hh[r].iter().zip(&h).map(|(w, h)| w * h).sum();
                input + b_ih[r] + recurrent + b_hh[r]
            })
            .collect();
        let c_next: Vec<f64> = (0..hidden)
            .map(|j| sigmoid(z[hidden + j]) * c[j] + sigmoid(z[j]) * z[2 * hidden + j].tanh())
            .collect();
        h = (0..hidden)
            .map(|j| sigmoid(z[3 * hidden + j]) * c_next[j].tanh())
            .collect();
        c = c_next;
        let (torch_h, torch_c) = (floats(&g["h"][t]), floats(&g["c"][t]));
        for j in 0..hidden {
            assert_near(&format!("h after step {t} [{j}]"), h[j], torch_h[j], 1e-14);
            assert_near(&format!("c after step {t} [{j}]"), c[j], torch_c[j], 1e-14);
        }
    }
}

#[test]
fn skipgram_check_is_pytorchs_logsigmoid_loss_and_autograd() {
    let (golden, source) = (golden(), check("skipgram-negative-sampling"));
    let id = "skipgram-negative-sampling";
    let g = &golden["skipgram_negative_sampling"];
    for text in [
        "true => -(-x).exp().ln_1p(),",
        "false => x - x.exp().ln_1p(),",
        "let positive = -log_sigmoid(dot(context, centre));",
        ".map(|u| -log_sigmoid(-dot(u, centre)))",
        "let pull = sigmoid(dot(&case.context, &case.centre)) - 1.0;",
        ".map(|u| sigmoid(dot(u, &case.centre)))",
        "log_sigmoid(x).exp()",
    ] {
        assert_contains(&source, id, text);
    }
    fn log_sigmoid(x: f64) -> f64 {
        match x >= 0.0 {
            true => -(-x).exp().ln_1p(),
            false => x - x.exp().ln_1p(),
        }
    }
    let sigmoid = |x: f64| log_sigmoid(x).exp();
    let dot = |a: &[f64], b: &[f64]| -> f64 { a.iter().zip(b).map(|(a, b)| a * b).sum() };
    for case in g["cases"].as_array().expect("cases") {
        let scale = number(case, &["scale"]);
        let scaled = |v: &[f64]| -> Vec<f64> { v.iter().map(|x| x * scale).collect() };
        let (centre, context) = (
            scaled(&floats(&g["centre"])),
            scaled(&floats(&g["context"])),
        );
        let negatives: Vec<Vec<f64>> = rows(&g["negatives"]).iter().map(|u| scaled(u)).collect();
        let loss = -log_sigmoid(dot(&context, &centre))
            + negatives
                .iter()
                .map(|u| -log_sigmoid(-dot(u, &centre)))
                .sum::<f64>();
        assert_near(
            &format!("loss ×{scale}"),
            loss,
            number(case, &["loss"]),
            1e-13,
        );
        let pull = sigmoid(dot(&context, &centre)) - 1.0;
        let pushes: Vec<f64> = negatives.iter().map(|u| sigmoid(dot(u, &centre))).collect();
        let torch_centre = floats(&case["centre"]);
        let torch_context = floats(&case["context"]);
        let torch_negatives = rows(&case["negatives"]);
        for j in 0..centre.len() {
            let grad_centre = pull * context[j]
                + pushes
                    .iter()
                    .zip(&negatives)
                    .map(|(p, u)| p * u[j])
                    .sum::<f64>();
            assert_near(
                &format!("∂L/∂v_c[{j}] ×{scale}"),
                grad_centre,
                torch_centre[j],
                1e-13,
            );
            assert_near(
                &format!("∂L/∂u_o[{j}] ×{scale}"),
                pull * centre[j],
                torch_context[j],
                1e-13,
            );
            for (k, push) in pushes.iter().enumerate() {
                assert_near(
                    &format!("∂L/∂u_{k}[{j}] ×{scale}"),
                    push * centre[j],
                    torch_negatives[k][j],
                    1e-13,
                );
            }
        }
    }
    // ×30 puts the dot products near ±1000, where the check wants exact, finite numbers.
    let large = &g["cases"][1];
    assert_eq!(number(large, &["scale"]), 30.0);
    assert!(number(large, &["loss"]) > 1000.0);
}

#[test]
fn bpe_check_merges_as_sennrichs_code_with_the_stated_tie_break() {
    let (golden, source) = (golden(), check("bpe-merge"));
    let id = "bpe-merge";
    let g = &golden["bpe_merge"];
    for text in [
        "*counts.entry(pair).or_insert(0) += weight(*frequency);",
        "ranked.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));",
        "Some(second) if *first == pair.0 && *second == pair.1 => {",
        "rest = &rest[2..];",
        "word(\"l o w </w>\", 5),",
        "word(\"l o w e r </w>\", 2),",
        "word(\"n e w e s t </w>\", 6),",
        "word(\"w i d e s t </w>\", 3),",
        "const MERGES: usize = 10;",
    ] {
        assert_contains(&source, id, text);
    }
    type Vocab = Vec<(Vec<String>, u64)>;
    let vocab = |value: &Value| -> Vocab {
        let mut words: Vocab = value
            .as_object()
            .expect("a vocabulary")
            .iter()
            .map(|(w, n)| {
                let symbols = w.split(' ').map(str::to_owned).collect();
                (symbols, n.as_u64().expect("a count"))
            })
            .collect();
        words.sort();
        words
    };
    // The check's three references, as written there.
    let counts = |corpus: &Vocab| {
        let mut counts = std::collections::BTreeMap::new();
        for (symbols, frequency) in corpus {
            for j in 1..symbols.len() {
                let pair = (symbols[j - 1].clone(), symbols[j].clone());
                *counts.entry(pair).or_insert(0) += *frequency;
            }
        }
        counts
    };
    let best = |counts: &std::collections::BTreeMap<(String, String), u64>| {
        let mut ranked: Vec<(&(String, String), &u64)> = counts.iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        ranked.first().map(|(pair, _)| (*pair).clone())
    };
    let merge = |corpus: &Vocab, pair: &(String, String)| -> Vocab {
        let mut out = Vec::new();
        for (symbols, frequency) in corpus {
            let mut merged: Vec<String> = Vec::new();
            let mut rest = symbols.as_slice();
            while let Some(first) = rest.first() {
                match rest.get(1) {
                    Some(second) if *first == pair.0 && *second == pair.1 => {
                        merged.push(format!("{first}{second}"));
                        rest = &rest[2..];
                    }
                    _ => {
                        merged.push(first.clone());
                        rest = &rest[1..];
                    }
                }
            }
            out.push((merged, *frequency));
        }
        out.sort();
        out
    };
    let mut corpus = vocab(&g["corpus"]);
    let merges = g["merges"].as_array().expect("merges");
    assert_eq!(merges.len(), 10);
    let mut ties = 0;
    for (step, golden_merge) in merges.iter().enumerate() {
        let counted = counts(&corpus);
        let pair = best(&counted).expect("a pair");
        let expected = &golden_merge["pair"];
        assert_eq!(
            [pair.0.as_str(), pair.1.as_str()],
            [expected[0].as_str().unwrap(), expected[1].as_str().unwrap()],
            "merge {}",
            step + 1
        );
        assert_eq!(counted[&pair], golden_merge["count"].as_u64().unwrap());
        ties += usize::from(golden_merge["tied"].as_array().unwrap().len() > 1);
        corpus = merge(&corpus, &pair);
    }
    assert_eq!(corpus, vocab(&g["vocab_after"]));
    // The tie-break decides several of these merges (the first among them), so it is tested.
    assert!(ties >= 3, "{ties} tied merges");
    // Runs: a a a holds (a, a) twice, and merges to aa a.
    let runs = vocab(&g["runs"]);
    let aa = ("a".to_owned(), "a".to_owned());
    assert_eq!(
        counts(&runs)[&aa],
        g["runs_counts"]["a a"].as_u64().unwrap()
    );
    assert_eq!(merge(&runs, &aa), vocab(&g["runs_merged"]));
}
