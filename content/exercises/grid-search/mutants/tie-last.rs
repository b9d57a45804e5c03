//! Mistake: a tie goes to the last candidate (>= instead of >).

/// The candidate with the best mean cross-validation score (the first of equals), and the
/// mean score of every candidate, in grid order.
pub fn grid_search<'a, P>(
    grid: &'a [P],
    folds: &[(Vec<usize>, Vec<usize>)],
    fit_score: impl Fn(&P, &[usize], &[usize]) -> f64,
) -> (&'a P, Vec<f64>) {
    let means: Vec<f64> = grid
        .iter()
        .map(|params| {
            // Fit on the fold's training rows, score on its held-out test rows.
            let total: f64 = folds
                .iter()
                .map(|(train, test)| fit_score(params, train, test))
                .sum();
            total / folds.len() as f64
        })
        .collect();
    // Strictly higher replaces the best so far, so a tie keeps the earlier candidate.
    let mut best = 0;
    for (i, &mean) in means.iter().enumerate() {
        if mean >= means[best] {
            best = i;
        }
    }
    (&grid[best], means)
}
