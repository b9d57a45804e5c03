//! What a classifier's run shows besides its accuracy: the confusion matrix (printed, and as a
//! heat map on a log scale), the most frequent mistakes (true → predicted) with test images of
//! each, and the loss and accuracy curves per epoch.

use llmpath_labs_kit::plot::{Chart, HeatMap, ImageGrid};

use crate::train::History;

/// `counts[t][p]`: how many examples of class t were predicted as p.
#[derive(Debug, Clone)]
pub struct Confusion {
    pub counts: Vec<Vec<usize>>,
}

impl Confusion {
    /// From labels and predictions (both in `0..classes`).
    pub fn new(labels: &[u32], pred: &[u32], classes: usize) -> Confusion {
        let mut counts = vec![vec![0; classes]; classes];
        labels.iter().zip(pred).for_each(|(&t, &p)| counts[t as usize][p as usize] += 1);
        Confusion { counts }
    }

    /// One line per true class: `   t: [n₀, n₁, …]`.
    pub fn print(&self) {
        self.counts.iter().enumerate().for_each(|(t, row)| println!("   {t}: {row:?}"));
    }

    /// The matrix as a heat map of log₁₀(1 + n): x the predicted class, y the true one.
    pub fn heat_map(&self, title: &str, predicted: &str, truth: &str) -> HeatMap {
        let k = self.counts.len();
        let end = k as f64 - 0.5;
        let cell = |x: f64, y: f64| {
            (self.counts[y.round() as usize][x.round() as usize] as f64).ln_1p() / 10f64.ln()
        };
        HeatMap::new(title, [predicted, truth, "log₁₀(1 + n)"], -0.5..end, -0.5..end, k, cell)
    }

    /// The `n` most frequent mistakes (true, predicted), most frequent first.
    pub fn top_mistakes(&self, n: usize) -> Vec<(usize, usize)> {
        let k = self.counts.len();
        let mut pairs: Vec<(usize, usize)> = (0..k * k)
            .map(|i| (i / k, i % k))
            .filter(|&(t, p)| t != p && self.counts[t][p] > 0)
            .collect();
        pairs.sort_by_key(|&(t, p)| std::cmp::Reverse(self.counts[t][p]));
        pairs.truncate(n);
        pairs
    }

    /// Up to `rows` examples (test indices, in order) of each of the `pairs` (true, predicted):
    /// `examples[row][column]`, `None` where a pair has fewer examples.
    pub fn examples(
        pairs: &[(usize, usize)],
        labels: &[u32],
        pred: &[u32],
        rows: usize,
    ) -> Vec<Vec<Option<usize>>> {
        let hit = |&(t, p): &(usize, usize), row: usize| {
            let mut hits =
                (0..labels.len()).filter(|&i| labels[i] as usize == t && pred[i] as usize == p);
            hits.nth(row)
        };
        (0..rows).map(|row| pairs.iter().map(|pair| hit(pair, row)).collect()).collect()
    }

    /// The five most frequent mistakes, five grey test images each (a blank cell where a
    /// mistake happened fewer times): `image(i)` gives test image i, `height × width` row-major,
    /// with values in `range`; `name(class)` labels the columns.
    #[allow(clippy::too_many_arguments)] // what a grid needs: no struct would read better
    pub fn mistakes_grid(
        &self,
        title: &str,
        labels: &[u32],
        pred: &[u32],
        name: impl Fn(usize) -> String,
        image: impl Fn(usize) -> Vec<f64>,
        (width, height): (usize, usize),
        range: (f64, f64),
    ) -> ImageGrid {
        let pairs = self.top_mistakes(5);
        let examples = Confusion::examples(&pairs, labels, pred, 5);
        let rows = (examples.iter().enumerate())
            .map(|(row, hits)| {
                let images = hits.iter().map(|hit| match hit {
                    Some(i) => image(*i),
                    None => Vec::new(), // drawn as an empty (white) cell
                });
                (format!("#{}", row + 1), images.collect())
            })
            .collect();
        ImageGrid {
            title: title.to_owned(),
            col_labels: (pairs.iter())
                .map(|&(t, p)| format!("{} → {} ({})", name(t), name(p), self.counts[t][p]))
                .collect(),
            rows,
            width,
            height,
            range,
        }
    }
}

/// Adds a network's curves to the loss and accuracy charts: train solid, test dashed.
pub fn add_curves(
    (loss, accuracy): (Chart, Chart),
    name: &str,
    history: &History,
    (train, test): (&str, &str),
) -> (Chart, Chart) {
    let curve = |j: usize, scale: f64| {
        history
            .iter()
            .enumerate()
            .map(move |(e, h)| (e as f64 + 1.0, scale * h[j]))
            .collect::<Vec<_>>()
    };
    (
        loss.line(&format!("{name} {train}"), curve(0, 1.0))
            .dashed(&format!("{name} {test}"), curve(2, 1.0)),
        accuracy
            .line(&format!("{name} {train}"), curve(1, 100.0))
            .dashed(&format!("{name} {test}"), curve(3, 100.0)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confusion_counts_and_orders_mistakes() {
        let labels = [0, 0, 1, 1, 1, 2, 2, 2];
        let pred = [0, 1, 2, 2, 1, 1, 2, 2];
        let c = Confusion::new(&labels, &pred, 3);
        assert_eq!(c.counts, [[1, 1, 0], [0, 1, 2], [0, 1, 2]]);
        assert_eq!(c.top_mistakes(2), [(1, 2), (0, 1)]);
        let examples = Confusion::examples(&c.top_mistakes(2), &labels, &pred, 2);
        assert_eq!(examples, [[Some(2), Some(1)], [Some(3), None]]);
    }
}
