//! Mistake: one point per sample, so tied scores make a staircase whose shape depends on their order.

/// The points (FPR, TPR): (0, 0) first, then one per distinct score, highest score first.
pub fn roc_curve(y_true: &[bool], scores: &[f64]) -> Vec<(f64, f64)> {
    let positives = y_true.iter().filter(|&&t| t).count() as f64;
    let negatives = y_true.len() as f64 - positives;
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&i, &j| scores[j].total_cmp(&scores[i])); // highest score first
    let (mut tp, mut fp) = (0.0, 0.0);
    let mut curve = vec![(0.0, 0.0)]; // t = +∞: nothing is called positive
    for &i in &order {
        if y_true[i] {
            tp += 1.0;
        } else {
            fp += 1.0;
        }
        curve.push((fp / negatives, tp / positives));
    }
    curve
}

/// The area under the ROC curve, by the trapezoid rule.
pub fn roc_auc(y_true: &[bool], scores: &[f64]) -> f64 {
    roc_curve(y_true, scores)
        .windows(2)
        .map(|w| (w[1].0 - w[0].0) * (w[0].1 + w[1].1) / 2.0)
        .sum()
}
