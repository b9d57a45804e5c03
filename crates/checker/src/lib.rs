//! The runtime of `llmpath check`. An exercise's checks are a list of [`Check`]s; the grader
//! builds them together with the learner's file (a module named `learner`) into one program
//! per exercise and runs it with [`run`], which runs every check in order and reports each one
//! to the grader on stdout, as a line only the grader can write (a nonce it sends on stdin).
//!
//! A check returns a [`Verdict`]: `Ok(())`, or `Err(diagnosis)`, a message that helps without
//! giving the answer away ("dL/dw[2]: finite difference 0.314, yours −0.314: look at the sign"
//! — never the expected coefficients). Diagnoses are bilingual through [`say`]. What a check
//! can use:
//!
//! - [`close`] / [`all_close`]: tolerance equality;
//! - [`shape`]: the shape of an array;
//! - [`gradient`]: a finite-difference gradient check that recognises a flipped sign, a
//!   constant factor (a forgotten `1/n`, a `2` too many) or a wrong component;
//! - [`property`]: random inputs against a reference (proptest, deterministic, shrunk to the
//!   smallest failing input, which the diagnosis shows);
//! - [`iris`]: Fisher's iris data (embedded), for accuracy gates on real data;
//! - [`reference`]: computations several checks share (random rotations, Householder least
//!   squares).
//!
//! A panic in the learner's code is reported with its message, file and line; the grader turns
//! a check that does not finish in the exercise's time limit into a timeout.

use std::fmt::Debug;
use std::io::{BufRead, Write};
use std::panic::{self, AssertUnwindSafe};
use std::process::ExitCode;
use std::sync::{Mutex, OnceLock};

pub use ndarray;
pub use proptest;
pub use rand;

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};
use serde_json::json;

/// `Ok(())`, or what is wrong: a diagnosis for the learner.
pub type Verdict = Result<(), String>;

/// One check: its name in both languages and the function that runs it.
#[derive(Clone, Copy)]
pub struct Check {
    pub zh: &'static str,
    pub en: &'static str,
    pub run: fn() -> Verdict,
}

/// The prefix of every line the runtime writes for the grader: `LLMPATH-CHECK NONCE JSON`.
pub const PREFIX: &str = "LLMPATH-CHECK";

static ZH: OnceLock<bool> = OnceLock::new();
static SEED: OnceLock<u64> = OnceLock::new();

/// The message and location of the last panic (the hook records them; the runner reports them).
static LAST_PANIC: Mutex<Option<(String, String)>> = Mutex::new(None);

/// Whether diagnoses are written in Chinese (`LLMPATH_LANG=zh`).
pub fn zh() -> bool {
    *ZH.get_or_init(|| std::env::var("LLMPATH_LANG").is_ok_and(|lang| lang.starts_with("zh")))
}

/// This run's seed for random inputs (`LLMPATH_CHECK_SEED`, read before the learner's code
/// runs): `llmpath check` draws a new one for every attempt, so a learner who prints the inputs
/// cannot hard-code the answers to them; `llmpath dev check` runs with fixed seeds. Checks that
/// draw their own random data can seed with it too.
pub fn seed() -> u64 {
    *SEED.get_or_init(|| {
        std::env::var("LLMPATH_CHECK_SEED")
            .ok()
            .and_then(|seed| seed.parse().ok())
            .unwrap_or(0)
    })
}

/// The text for the learner's language.
pub fn say(zh: impl Into<String>, en: impl Into<String>) -> String {
    match self::zh() {
        true => zh.into(),
        false => en.into(),
    }
}

/// Runs `checks` in order and reports each to the grader. Every check runs, even after one
/// fails, so the learner sees ✓ and ✗ for all of them.
pub fn run(checks: &[Check]) -> ExitCode {
    // The nonce comes first, before any of the learner's code runs: a line the learner's code
    // prints cannot pass for the runtime's.
    let mut nonce = String::new();
    if std::io::stdin().lock().read_line(&mut nonce).is_err() || nonce.trim().is_empty() {
        eprintln!("llmpath-checker: run by `llmpath check`, which sends a nonce on stdin");
        return ExitCode::FAILURE;
    }
    let nonce = nonce.trim().to_owned();
    zh();
    seed();
    panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_owned());
        let location = info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_default();
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some((message, location));
        }
    }));
    let emit = |value: serde_json::Value| {
        let mut out = std::io::stdout().lock();
        // A leading newline: the learner's code may have printed half a line.
        let _ = writeln!(out, "\n{PREFIX} {nonce} {value}");
        let _ = out.flush();
    };
    let names: Vec<[&str; 2]> = checks.iter().map(|c| [c.zh, c.en]).collect();
    emit(json!({"event": "plan", "checks": names}));
    for (index, check) in checks.iter().enumerate() {
        emit(json!({"event": "start", "index": index}));
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = None;
        }
        match panic::catch_unwind(AssertUnwindSafe(check.run)) {
            Ok(Ok(())) => emit(json!({"event": "pass", "index": index})),
            Ok(Err(diagnosis)) => {
                emit(json!({"event": "fail", "index": index, "diagnosis": diagnosis}))
            }
            Err(_) => {
                let last = LAST_PANIC.lock().ok().and_then(|mut last| last.take());
                let (message, location) = last.unwrap_or_default();
                emit(
                    json!({"event": "panic", "index": index, "message": message, "location": location}),
                )
            }
        }
    }
    emit(json!({"event": "done"}));
    ExitCode::SUCCESS
}

/// `|yours − expected| ≤ atol + rtol·|expected|`; NaN is never close.
pub fn close(yours: f64, expected: f64, rtol: f64, atol: f64) -> bool {
    (yours - expected).abs() <= atol + rtol * expected.abs()
}

/// [`close`] elementwise; the first index that is not, if any.
pub fn all_close(yours: &[f64], expected: &[f64], rtol: f64, atol: f64) -> Option<usize> {
    if yours.len() != expected.len() {
        return Some(yours.len().min(expected.len()));
    }
    (0..yours.len()).find(|&i| !close(yours[i], expected[i], rtol, atol))
}

/// The shape of `what` must be `expected`.
pub fn shape(what: &str, yours: &[usize], expected: &[usize]) -> Verdict {
    match yours == expected {
        true => Ok(()),
        false => Err(say(
            format!("{what} 的形状是 {yours:?}，应为 {expected:?}"),
            format!("{what} has shape {yours:?}, expected {expected:?}"),
        )),
    }
}

/// Checks `yours`, the gradient of `loss` at `at`, against central differences
/// `(f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h`. `what` names the parameter (`"dL/dw"`). A failure names
/// the first wrong component, both numbers and what the pattern suggests: the opposite sign
/// everywhere, the same factor everywhere, or one component wrong.
pub fn gradient(what: &str, loss: impl Fn(&[f64]) -> f64, at: &[f64], yours: &[f64]) -> Verdict {
    if yours.len() != at.len() {
        return shape(what, &[yours.len()], &[at.len()]);
    }
    let mut x = at.to_vec();
    let numeric: Vec<f64> = (0..at.len())
        .map(|i| {
            let h = 1e-6 * at[i].abs().max(1.0);
            x[i] = at[i] + h;
            let up = loss(&x);
            x[i] = at[i] - h;
            let down = loss(&x);
            x[i] = at[i];
            (up - down) / (2.0 * h)
        })
        .collect();
    let Some(i) = all_close(yours, &numeric, 1e-4, 1e-6) else {
        return Ok(());
    };
    let ratios: Vec<f64> = (0..at.len())
        .filter(|&j| numeric[j].abs() > 1e-8)
        .map(|j| yours[j] / numeric[j])
        .collect();
    // Only components with a measurable derivative have a ratio; with none, there is no pattern.
    let same = |r: f64| ratios.iter().all(|&q| close(q, r, 1e-3, 1e-6));
    let first = ratios.first().copied().unwrap_or(f64::NAN);
    let (zh, en) = if yours[i].is_nan() {
        (
            "结果是 NaN：检查是否对 0 取了对数或除以了 0",
            "it is NaN: look for a log of 0 or a division by 0",
        )
    } else if !ratios.is_empty() && same(-1.0) {
        (
            "每个分量的符号都反了：检查损失对预测值求导时的符号",
            "every component has the opposite sign: look at the sign of the loss derivative",
        )
    } else if !ratios.is_empty() && same(first) {
        (
            "每个分量都差同一个倍数：是否多乘或漏乘了 2、1/n 或批量大小？",
            "every component is off by the same factor: a 2, a 1/n or the batch size too many or missing?",
        )
    } else {
        (
            "这个分量不对：对照公式检查它对应的那一项",
            "this component is wrong: check the term it comes from against the formula",
        )
    };
    Err(say(
        format!(
            "{what}[{i}]：有限差分 {:.6}，你的 {:.6}（比值 {:.3}）：{zh}",
            numeric[i],
            yours[i],
            yours[i] / numeric[i]
        ),
        format!(
            "{what}[{i}]: finite difference {:.6}, yours {:.6} (ratio {:.3}): {en}",
            numeric[i],
            yours[i],
            yours[i] / numeric[i]
        ),
    ))
}

/// Runs `test` on 64 random inputs from `strategy` (drawn from [`seed`]: the same inputs for
/// the same seed) and, if one fails, on smaller and smaller versions of it; the diagnosis shows the
/// smallest failing input and what `test` said about it.
pub fn property<S>(strategy: S, test: impl Fn(S::Value) -> Verdict) -> Verdict
where
    S: Strategy,
    S::Value: Debug,
{
    let config = Config {
        cases: 64,
        failure_persistence: None,
        max_shrink_iters: 512,
        ..Config::default()
    };
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed().to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    let mut runner = TestRunner::new_with_rng(config, rng);
    match runner.run(&strategy, |value| test(value).map_err(TestCaseError::fail)) {
        Ok(()) => Ok(()),
        Err(TestError::Fail(reason, value)) => {
            let panic = LAST_PANIC.lock().ok().and_then(|mut last| last.take());
            let at = panic
                .map(|(_, location)| format!(" ({location})"))
                .unwrap_or_default();
            Err(say(
                format!("输入 {value:?}：{reason}{at}"),
                format!("input {value:?}: {reason}{at}"),
            ))
        }
        Err(TestError::Abort(reason)) => Err(reason.to_string()),
    }
}

/// Fisher's iris data (scikit-learn's copy, embedded): 150 flowers × 4 measurements (cm) and
/// the species 0, 1, 2, in the file's order.
pub fn iris() -> (Vec<[f64; 4]>, Vec<usize>) {
    let mut features = Vec::with_capacity(150);
    let mut species = Vec::with_capacity(150);
    for line in include_str!("../data/iris.csv").lines().skip(1) {
        let fields: Vec<f64> = line
            .split(',')
            .filter_map(|f| f.trim().parse().ok())
            .collect();
        if let [a, b, c, d, class] = fields[..] {
            features.push([a, b, c, d]);
            species.push(class as usize);
        }
    }
    (features, species)
}

/// Reference computations that several exercises' checks share. They live in the checker, so
/// a learner's file cannot reach them.
pub mod reference {
    use ndarray::Array2;

    /// An orthogonal (n, n) matrix as the product of Givens rotations, one per pair of axes
    /// (i, j), i < j, in order (n(n − 1)/2 angles; missing ones are 0). All angles 0 give the
    /// identity, so a failing property shrinks towards a diagonal matrix. Random angles build
    /// matrices with a known SVD or spectrum: U diag(σ) Vᵀ, Q diag(λ) Qᵀ.
    pub fn rotations(n: usize, angles: &[f64]) -> Array2<f64> {
        let mut q = Array2::<f64>::eye(n);
        let mut next = angles.iter();
        for i in 0..n {
            for j in i + 1..n {
                let theta = next.next().copied().unwrap_or(0.0);
                let (c, s) = (theta.cos(), theta.sin());
                for r in 0..n {
                    let (x, y) = (q[[r, i]], q[[r, j]]);
                    q[[r, i]] = c * x - s * y;
                    q[[r, j]] = s * x + c * y;
                }
            }
        }
        q
    }

    /// Least squares min ‖Aθ − y‖ by Householder reflections, and how far A is from losing rank
    /// (min |Rₖₖ| / max |Rₖₖ|: tiny when columns are nearly dependent).
    pub fn householder_least_squares(a: &Array2<f64>, y: &[f64]) -> (Vec<f64>, f64) {
        let (n, k) = a.dim();
        let mut r = a.clone();
        let mut qty = y.to_vec();
        for j in 0..k {
            // v = the part of column j on and below the diagonal, reflected onto ±‖v‖ e₀
            let mut v: Vec<f64> = (j..n).map(|i| r[[i, j]]).collect();
            let norm = v.iter().map(|e| e * e).sum::<f64>().sqrt();
            v[0] += if v[0] >= 0.0 { norm } else { -norm };
            let vv: f64 = v.iter().map(|e| e * e).sum();
            if vv == 0.0 {
                continue;
            }
            for c in j..k {
                let f = 2.0 * (j..n).map(|i| v[i - j] * r[[i, c]]).sum::<f64>() / vv;
                for i in j..n {
                    r[[i, c]] -= f * v[i - j];
                }
            }
            let f = 2.0 * (j..n).map(|i| v[i - j] * qty[i]).sum::<f64>() / vv;
            for i in j..n {
                qty[i] -= f * v[i - j];
            }
        }
        let mut theta = vec![0.0; k];
        for i in (0..k).rev() {
            let known: f64 = (i + 1..k).map(|j| r[[i, j]] * theta[j]).sum();
            theta[i] = (qty[i] - known) / r[[i, i]];
        }
        let diagonal: Vec<f64> = (0..k).map(|i| r[[i, i]].abs()).collect();
        let max = diagonal.iter().copied().fold(0.0, f64::max);
        let min = diagonal.iter().copied().fold(f64::INFINITY, f64::min);
        (theta, if max > 0.0 { min / max } else { 0.0 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn loss(w: &[f64]) -> f64 {
        w.iter()
            .enumerate()
            .map(|(i, w)| (i as f64 + 1.0) * w * w)
            .sum()
    }

    #[test]
    fn gradient_check_passes_the_gradient_and_names_a_flipped_sign_or_a_factor() {
        let at = [0.5, -1.0, 2.0];
        let right: Vec<f64> = at
            .iter()
            .enumerate()
            .map(|(i, w)| 2.0 * (i as f64 + 1.0) * w)
            .collect();
        assert_eq!(gradient("dL/dw", loss, &at, &right), Ok(()));
        let flipped: Vec<f64> = right.iter().map(|g| -g).collect();
        let err = gradient("dL/dw", loss, &at, &flipped).unwrap_err();
        assert!(
            err.contains("dL/dw[0]") && err.contains("opposite sign"),
            "{err}"
        );
        let halved: Vec<f64> = right.iter().map(|g| g / 2.0).collect();
        let err = gradient("dL/dw", loss, &at, &halved).unwrap_err();
        assert!(
            err.contains("same factor") && err.contains("0.500"),
            "{err}"
        );
        let mut one_wrong = right.clone();
        one_wrong[2] = 0.0;
        let err = gradient("dL/dw", loss, &at, &one_wrong).unwrap_err();
        assert!(
            err.contains("dL/dw[2]") && err.contains("this component"),
            "{err}"
        );
        assert!(
            gradient("dL/dw", loss, &at, &[1.0])
                .unwrap_err()
                .contains("shape")
        );
        // At w = 0 every derivative is 0: a non-zero gradient is no "opposite sign".
        let err = gradient("dL/dw", loss, &[0.0, 0.0], &[0.5, 0.0]).unwrap_err();
        assert!(
            err.contains("dL/dw[0]") && err.contains("this component"),
            "{err}"
        );
    }

    #[test]
    fn property_shrinks_to_the_smallest_failing_input() {
        let verdict = property(0..1000u32, |n| match n < 10 {
            true => Ok(()),
            false => Err(format!("{n} is too big")),
        });
        assert_eq!(verdict, Err("input 10: 10 is too big".to_owned()));
        assert_eq!(
            property(prop::collection::vec(-1.0..1.0f64, 1..5), |_| Ok(())),
            Ok(())
        );
    }

    #[test]
    fn rotations_are_orthogonal_and_householder_solves_least_squares() {
        let q = reference::rotations(3, &[0.3, -1.2, 2.0]);
        let identity = q.t().dot(&q);
        for ((i, j), v) in identity.indexed_iter() {
            assert!((v - f64::from(u8::from(i == j))).abs() < 1e-12);
        }
        // y = 1 + 2x exactly: θ = (1, 2), full rank
        let a = ndarray::array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]];
        let (theta, rank) = reference::householder_least_squares(&a, &[1.0, 3.0, 5.0]);
        assert!((theta[0] - 1.0).abs() < 1e-12 && (theta[1] - 2.0).abs() < 1e-12);
        assert!(rank > 0.1);
    }

    #[test]
    fn iris_has_150_flowers_of_three_species() {
        let (features, species) = iris();
        assert_eq!((features.len(), species.len()), (150, 150));
        assert_eq!(features[0], [5.1, 3.5, 1.4, 0.2]);
        assert_eq!(
            (0..3)
                .map(|k| species.iter().filter(|&&s| s == k).count())
                .collect::<Vec<_>>(),
            [50, 50, 50]
        );
    }

    #[test]
    fn closeness_is_relative_plus_absolute_and_never_true_for_nan() {
        assert!(close(1.0 + 1e-9, 1.0, 1e-8, 0.0));
        assert!(!close(f64::NAN, 1.0, 1.0, 1.0));
        assert_eq!(all_close(&[1.0, 2.0], &[1.0, 2.5], 1e-6, 0.0), Some(1));
        assert_eq!(all_close(&[1.0], &[1.0, 2.0], 1e-6, 0.0), Some(1));
        assert_eq!(all_close(&[1.0, 2.0], &[1.0, 2.0], 0.0, 0.0), None);
    }
}
