//! # Precision, recall and F1 / 精确率、召回率与 F1
//!
//! Count TP, FP and FN once; each metric is a ratio of them, 0 when its denominator is 0.

/// (TP, FP, FN) as floats.
fn counts(y_true: &[bool], y_pred: &[bool]) -> (f64, f64, f64) {
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for (&truth, &predicted) in y_true.iter().zip(y_pred) {
        match (truth, predicted) {
            (true, true) => tp += 1.0,
            (false, true) => fp += 1.0,
            (true, false) => fn_ += 1.0,
            (false, false) => {} // a true negative enters none of the three metrics
        }
    }
    (tp, fp, fn_)
}

/// a / b, or 0 when b = 0 (scikit-learn's `zero_division=0`).
fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 { 0.0 } else { a / b }
}

/// TP / (TP + FP), or 0 when nothing is predicted positive. Both slices have the same length.
pub fn precision(y_true: &[bool], y_pred: &[bool]) -> f64 {
    let (tp, fp, _) = counts(y_true, y_pred);
    ratio(tp, tp + fp)
}

/// TP / (TP + FN), or 0 when no sample is positive.
pub fn recall(y_true: &[bool], y_pred: &[bool]) -> f64 {
    let (tp, _, fn_) = counts(y_true, y_pred);
    ratio(tp, tp + fn_)
}

/// 2 · P · R / (P + R), or 0 when P + R = 0.
pub fn f1_score(y_true: &[bool], y_pred: &[bool]) -> f64 {
    let (p, r) = (precision(y_true, y_pred), recall(y_true, y_pred));
    // The harmonic mean: low as soon as either one is low (the arithmetic mean would not be).
    ratio(2.0 * p * r, p + r)
}
