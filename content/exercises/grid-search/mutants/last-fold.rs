//! Mistake: the best candidate is chosen by its score on the last fold, not its mean.

/// The candidate with the best mean cross-validation score (the first of equals), and the
/// mean score of every candidate, in grid order.
pub fn grid_search<'a, P>(
    grid: &'a [P],
    folds: &[(Vec<usize>, Vec<usize>)],
    fit_score: impl Fn(&P, &[usize], &[usize]) -> f64,
) -> (&'a P, Vec<f64>) {
    let scores: Vec<Vec<f64>> = grid
        .iter()
        .map(|params| {
            folds
                .iter()
                .map(|(train, test)| fit_score(params, train, test))
                .collect()
        })
        .collect();
    let means: Vec<f64> = scores
        .iter()
        .map(|s| s.iter().sum::<f64>() / s.len() as f64)
        .collect();
    let mut best = 0;
    for (i, s) in scores.iter().enumerate() {
        if s[s.len() - 1] > scores[best][s.len() - 1] {
            best = i;
        }
    }
    (&grid[best], means)
}
