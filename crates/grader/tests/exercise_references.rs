//! The numbers the exercises' checks take from scikit-learn and SciPy are the ones
//! scripts/reference/exercises.py computes (scripts/reference/golden/exercises.json): each
//! hard-coded constant is read from its check.rs and compared with the golden value, and the
//! settings the script assumed (rows, split, thresholds, step counts) are looked up in the check.

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
