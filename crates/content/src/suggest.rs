//! "Did you mean …?" for unknown ids: the CLI's error messages and the dashboard's 404 page.

/// Up to three of `known` closest to `wanted` (Jaro–Winkler above 0.8), closest first.
pub fn nearest_ids<'a>(wanted: &str, known: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> = known
        .map(|id| {
            // Learners often type only the last part of an id ("svd" for "s1.math.svd").
            let tail = id.rsplit('.').next().unwrap_or(id);
            let score = strsim::jaro_winkler(wanted, id).max(strsim::jaro_winkler(wanted, tail));
            (score, id)
        })
        .filter(|(score, _)| *score > 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, id)| id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_ids_and_nothing_for_noise() {
        let known = ["s1.math.svd", "s1.math.eigen", "s2.algorithms.kmeans"];
        assert_eq!(
            nearest_ids("s1.math.svdd", known.into_iter())[0],
            "s1.math.svd"
        );
        assert!(nearest_ids("kmeans", known.into_iter()).contains(&"s2.algorithms.kmeans"));
        assert!(nearest_ids("zzzzzzzz", known.into_iter()).is_empty());
    }
}
