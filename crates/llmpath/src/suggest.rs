//! "Did you mean …?" for unknown ids.

/// A sentence naming up to three known ids closest to `wanted`, or "" when none is close.
pub fn nearest<'a>(wanted: &str, known: impl Iterator<Item = &'a str>) -> String {
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
    let ids: Vec<&str> = scored.iter().take(3).map(|(_, id)| *id).collect();
    if ids.is_empty() {
        String::new()
    } else {
        format!(" Did you mean: {}?", ids.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_ids_and_nothing_for_noise() {
        let known = ["s1.math.svd", "s1.math.eigen", "s2.algorithms.kmeans"];
        assert!(nearest("s1.math.svdd", known.into_iter()).contains("s1.math.svd"));
        assert!(nearest("kmeans", known.into_iter()).contains("s2.algorithms.kmeans"));
        assert_eq!(nearest("zzzzzzzz", known.into_iter()), "");
    }
}
