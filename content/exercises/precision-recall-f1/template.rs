//! # Precision, recall and F1 / 精确率、召回率与 F1
//!
//! For a binary classifier (`true` = the positive class), count the true positives TP
//! (truly positive, predicted positive), the false positives FP (truly negative, predicted
//! positive) and the false negatives FN (truly positive, predicted negative). Then
//!
//! ```text
//! precision = TP / (TP + FP)     of the samples called positive, how many are?
//! recall    = TP / (TP + FN)     of the positive samples, how many were found?
//! F1        = 2 · P · R / (P + R)   the harmonic mean of precision and recall
//! ```
//!
//! A ratio whose denominator is 0 (nothing predicted positive, no positive sample, P = R = 0)
//! is 0, as with scikit-learn's `zero_division=0`, never NaN.
//!
//! 二分类器（`true` 表示正类）：数出真正例 TP（真实为正、预测为正）、假正例 FP（真实为负、
//! 预测为正）和假反例 FN（真实为正、预测为负）。精确率 = TP/(TP + FP)：判为正的样本里有多少
//! 真是正的；召回率 = TP/(TP + FN)：正样本里找回了多少；F1 = 2·P·R/(P + R)，二者的调和平均。
//! 分母为 0 时（没有预测为正的样本、没有正样本、或 P = R = 0）结果取 0，与 scikit-learn 的
//! `zero_division=0` 一致，绝不返回 NaN。
//!
//! Lab / 实验: `llmpath lab show logistic-regression`. Check / 检查: `llmpath check`.

/// TP / (TP + FP), or 0 when nothing is predicted positive. Both slices have the same length.
pub fn precision(y_true: &[bool], y_pred: &[bool]) -> f64 {
    todo!("precision of {} predictions", y_pred.len().min(y_true.len()))
}

/// TP / (TP + FN), or 0 when no sample is positive.
pub fn recall(y_true: &[bool], y_pred: &[bool]) -> f64 {
    todo!("recall of {} predictions", y_pred.len().min(y_true.len()))
}

/// 2 · P · R / (P + R), or 0 when P + R = 0.
pub fn f1_score(y_true: &[bool], y_pred: &[bool]) -> f64 {
    todo!("F1 of {} predictions", y_pred.len().min(y_true.len()))
}
