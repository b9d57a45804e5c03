//! Mistake: scores sorted ascending: the lowest scores are counted first.

/// The points (FPR, TPR): (0, 0) first, then one per distinct score, highest score first.
pub fn roc_curve(y_true: &[bool], scores: &[f64]) -> Vec<(f64, f64)> {
    let positives = y_true.iter().filter(|&&t| t).count() as f64;
    let negatives = y_true.len() as f64 - positives;
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&i, &j| scores[i].total_cmp(&scores[j]));
    let (mut tp, mut fp) = (0.0, 0.0);
    let mut curve = vec![(0.0, 0.0)]; // t = +∞: nothing is called positive
    for (rank, &i) in order.iter().enumerate() {
        if y_true[i] {
            tp += 1.0;
        } else {
            fp += 1.0;
        }
        // The threshold t = scores[i] lets in every sample with that score: one point per group.
        let last_of_group = order
            .get(rank + 1)
            .is_none_or(|&next| scores[next] != scores[i]);
        if last_of_group {
            curve.push((fp / negatives, tp / positives));
        }
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
