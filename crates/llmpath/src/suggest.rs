//! "Did you mean …?" for unknown ids.

/// A sentence naming up to three known ids closest to `wanted`, or "" when none is close.
pub fn nearest<'a>(wanted: &str, known: impl Iterator<Item = &'a str>) -> String {
    let ids = llmpath_content::nearest_ids(wanted, known);
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
