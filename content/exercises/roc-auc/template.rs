//! # The ROC curve and its area, with ties / ROC 曲线与 AUC（含并列分数）
//!
//! A classifier gives every sample a score; calling "positive" every sample whose score is
//! ≥ a threshold t gives, for that t, a true-positive rate and a false-positive rate:
//!
//! ```text
//! TPR(t) = #{positives with score ≥ t} / #positives
//! FPR(t) = #{negatives with score ≥ t} / #negatives
//! ```
//!
//! The ROC curve is the list of points (FPR, TPR) for t = +∞ (the point (0, 0)) and then for
//! each *distinct* score, from the highest to the lowest (the last point is (1, 1)). Samples
//! with equal scores cross the threshold together: they make one point, and the curve joins
//! it to the previous one by a diagonal segment. The AUC is the area under this polyline,
//! by the trapezoid rule:
//!
//! ```text
//! AUC = Σₖ (FPRₖ₊₁ − FPRₖ) · (TPRₖ + TPRₖ₊₁) / 2
//! ```
//!
//! It equals the probability that a random positive scores above a random negative, a tie
//! counting ½ (scikit-learn's `roc_auc_score`; `roc_curve` with `drop_intermediate=False`).
//!
//! 分类器给每个样本一个分数；把分数 ≥ 阈值 t 的样本判为正类，就得到该阈值下的真正例率 TPR 和
//! 假正例率 FPR。ROC 曲线是点 (FPR, TPR) 的列表：先是 t = +∞ 的 (0, 0)，然后按从高到低的顺序，
//! 每个*不同的*分数一个点（最后一个点是 (1, 1)）。分数相同的样本同时越过阈值：它们只形成一个
//! 点，曲线用一条斜线段连到前一个点。AUC 是这条折线下的面积，用梯形法计算；它等于“随机取一个
//! 正例的分数高于随机取一个负例”的概率，分数相同算 ½。
//!
//! Both classes occur in `y_true` (`true` = positive); scores are finite.
//! `y_true` 中两个类别都出现（`true` 为正类）；分数都是有限数。
//!
//! Lab / 实验: `llmpath lab show logistic-regression`. Check / 检查: `llmpath check`.

/// The points (FPR, TPR): (0, 0) first, then one per distinct score, highest score first.
pub fn roc_curve(y_true: &[bool], scores: &[f64]) -> Vec<(f64, f64)> {
    todo!("ROC curve of {} scores and {} labels", scores.len(), y_true.len())
}

/// The area under the ROC curve, by the trapezoid rule.
pub fn roc_auc(y_true: &[bool], scores: &[f64]) -> f64 {
    todo!("AUC of {} scores and {} labels", scores.len(), y_true.len())
}
