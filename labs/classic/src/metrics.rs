//! Scores of a model's predictions, as scikit-learn defines them: for classes, accuracy, the
//! confusion matrix, precision, recall and F1, the ROC curve and the area under it, the
//! precision–recall curve and average precision; for values, R² and RMSE. The
//! logistic-regression lab uses the classification scores, model-selection and ensembles
//! accuracy and R², linear-regression R² and RMSE.
//!
//! ```text
//! accuracy   (1/n) Σᵢ 𝟙[ŷᵢ = yᵢ]
//! confusion  C_tp = #{i : yᵢ = t, ŷᵢ = p}      rows the true class, columns the predicted one
//! binary     precision = TP/(TP + FP), recall = TP/(TP + FN), F1 = 2·prec·rec/(prec + rec)
//! ROC        (FPR, TPR) = (FP/N, TP/P) of the rows scored at or above each threshold
//! AUC        Σₖ (FPRₖ − FPRₖ₋₁)(TPRₖ + TPRₖ₋₁)/2                       (trapezoids)
//! AP         Σₖ (Rₖ − Rₖ₋₁) Pₖ                                          (steps, no interpolation)
//!            k over the distinct scores, highest first (tied scores are one threshold)
//! R²         1 − Σ(y − ŷ)² / Σ(y − ȳ)²,   RMSE = √(Σ(y − ŷ)²/n)
//! ```
//!
//! References:
//! - Fawcett, "An introduction to ROC analysis", Pattern Recognition Letters 27 (2006).
//! - Davis & Goadrich, "The relationship between precision-recall and ROC curves", ICML 2006.
//! - scikit-learn user guide, "Metrics and scoring": `confusion_matrix`,
//!   `precision_recall_fscore_support`, `roc_auc_score`, `average_precision_score`, `r2_score`.

use ndarray::Array2;

/// The share of predictions equal to the truth; classes are 0.0, 1.0, …
pub fn accuracy(y: &[f64], y_hat: &[f64]) -> f64 {
    y.iter().zip(y_hat).filter(|(a, b)| a == b).count() as f64 / y.len() as f64
}

/// (classes, classes): row t, column p counts the rows of class t predicted as p.
pub fn confusion_matrix(y: &[usize], y_hat: &[usize], classes: usize) -> Array2<usize> {
    let mut c = Array2::zeros((classes, classes));
    y.iter().zip(y_hat).for_each(|(&t, &p)| c[[t, p]] += 1);
    c
}

/// Precision, recall and F1 of class 1 from a 2 × 2 confusion matrix.
pub fn precision_recall_f1(c: &Array2<usize>) -> [f64; 3] {
    let (tp, fp, fn_) = (c[[1, 1]] as f64, c[[0, 1]] as f64, c[[1, 0]] as f64);
    let (precision, recall) = (tp / (tp + fp), tp / (tp + fn_));
    [precision, recall, 2.0 * precision * recall / (precision + recall)]
}

/// (false, true) positives above each distinct score, highest first, from (0, 0).
fn ranked(scores: &[f64], y: &[usize]) -> Vec<(f64, f64)> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&i, &j| scores[j].total_cmp(&scores[i]));
    let mut counts = vec![(0.0, 0.0)];
    for (rank, &i) in order.iter().enumerate() {
        if rank == 0 || scores[order[rank - 1]] != scores[i] {
            counts.push(counts[counts.len() - 1]); // a new threshold; ties share one
        }
        if let Some((fp, tp)) = counts.last_mut() {
            (*fp, *tp) =
                (*fp + f64::from(u8::from(y[i] == 0)), *tp + f64::from(u8::from(y[i] == 1)));
        }
    }
    counts
}

/// The ROC curve (FPR, TPR) at every distinct threshold of `scores` (higher: class 1).
pub fn roc(scores: &[f64], y: &[usize]) -> Vec<(f64, f64)> {
    let counts = ranked(scores, y);
    let (negatives, positives) = counts[counts.len() - 1];
    counts.into_iter().map(|(fp, tp)| (fp / negatives, tp / positives)).collect()
}

/// The area under a curve of (x, y) points, by trapezoids.
pub fn auc(curve: &[(f64, f64)]) -> f64 {
    curve.windows(2).map(|w| (w[1].0 - w[0].0) * (w[1].1 + w[0].1) / 2.0).sum()
}

/// The PR curve (recall, precision) at each distinct threshold until recall reaches 1.
pub fn pr_curve(scores: &[f64], y: &[usize]) -> Vec<(f64, f64)> {
    let counts = ranked(scores, y);
    let positives = counts[counts.len() - 1].1;
    let full = counts.iter().position(|c| c.1 == positives).unwrap_or(0);
    counts[1..=full].iter().map(|&(fp, tp)| (tp / positives, tp / (tp + fp))).collect()
}

/// Average precision: Σ (Rₖ − Rₖ₋₁) Pₖ, sklearn's step definition (no interpolation).
pub fn average_precision(scores: &[f64], y: &[usize]) -> f64 {
    let curve = pr_curve(scores, y);
    let recalls = std::iter::once(0.0).chain(curve.iter().map(|p| p.0));
    recalls.zip(&curve).map(|(r0, &(r, p))| (r - r0) * p).sum()
}

/// R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)²: 1 for a perfect fit, 0 for predicting the mean.
pub fn r2(y: &[f64], y_hat: &[f64]) -> f64 {
    let y_bar = y.iter().sum::<f64>() / y.len() as f64;
    let ss_res: f64 = y.iter().zip(y_hat).map(|(a, b)| (a - b) * (a - b)).sum();
    1.0 - ss_res / y.iter().map(|a| (a - y_bar) * (a - y_bar)).sum::<f64>()
}

/// √(Σ(y − ŷ)²/n), in the units of y.
pub fn rmse(y: &[f64], y_hat: &[f64]) -> f64 {
    let ss_res: f64 = y.iter().zip(y_hat).map(|(a, b)| (a - b) * (a - b)).sum();
    (ss_res / y.len() as f64).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_and_average_precision_follow_sklearns_definitions_with_ties() {
        // sklearn's docstring example: roc_auc_score 0.75, average_precision_score 0.8333.
        let (s, y) = ([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);
        assert!(
            (auc(&roc(&s, &y)) - 0.75).abs() < 1e-15
                && (average_precision(&s, &y) - 5.0 / 6.0).abs() < 1e-15
        );
        // A tie between a positive and a negative counts one half in the AUC; one threshold in AP.
        let (s, y) = ([0.5, 0.5, 0.2], [1, 0, 0]);
        assert!(
            (auc(&roc(&s, &y)) - 0.75).abs() < 1e-15
                && (average_precision(&s, &y) - 0.5).abs() < 1e-15
        );
    }

    #[test]
    fn confusion_counts_rows_by_true_class_and_gives_precision_recall_f1() {
        let c = confusion_matrix(&[0, 0, 1, 1, 1], &[0, 1, 1, 1, 0], 2);
        assert_eq!(c, ndarray::array![[1, 1], [1, 2]]);
        let [precision, recall, f1] = precision_recall_f1(&c);
        assert_eq!((precision, recall), (2.0 / 3.0, 2.0 / 3.0));
        assert!((f1 - 2.0 / 3.0).abs() < 1e-15);
        assert_eq!(accuracy(&[0.0, 1.0, 1.0, 2.0], &[0.0, 1.0, 2.0, 2.0]), 0.75);
        assert_eq!((r2(&[1.0, 2.0, 3.0], &[2.0; 3]), rmse(&[1.0, 3.0], &[2.0, 2.0])), (0.0, 1.0));
    }
}
