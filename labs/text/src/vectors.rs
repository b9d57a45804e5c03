//! Word vectors' tools: a vocabulary over a corpus, cosine neighbours, and PCA by Jacobi
//! rotations for 2-D plots (drawn by [`LabelledPoints`]).
//!
//! ```text
//! cosine     cos(a, b) = a·b/(‖a‖‖b‖);  analogy a : b :: c : argmax_x cos(x, b − a + c), x ∉ {a, b, c}
//! Jacobi     A ← JᵀAJ with the rotation J(p, q, θ) that zeroes a_pq, tan 2θ = 2a_pq/(a_qq − a_pp),
//!            swept over all p < q until the off-diagonal vanishes; V = Π J holds the eigenvectors
//! PCA        eigenvectors of X_cᵀX_c, X_c the centred rows (n, d); singular values √λ
//! ```
//!
//! References: Golub & Van Loan, *Matrix Computations* (4th ed.), §8.5 (the Jacobi method);
//! Jolliffe, *Principal Component Analysis* (2002).

use std::collections::HashMap;

use llmpath_labs_kit::font::Font;
use llmpath_labs_kit::plot::{Figure, PlotResult};
use ndarray::{Array1, Array2, Axis};
use plotters::coord::Shift;
use plotters::prelude::*;

/// A corpus as word ids: `words[id]`, their counts, and the text as ids (rare words dropped).
pub struct Corpus {
    pub words: Vec<String>,
    pub counts: Vec<u64>,
    pub ids: HashMap<String, usize>,
    pub stream: Vec<usize>,
}

/// Words seen at least `min_count` times, most frequent first (ties by the word).
pub fn corpus(tokens: Vec<String>, min_count: u64) -> Corpus {
    let mut counted: HashMap<&str, u64> = HashMap::new();
    tokens.iter().for_each(|t| *counted.entry(t).or_default() += 1);
    let mut vocab: Vec<(&str, u64)> =
        counted.into_iter().filter(|&(_, n)| n >= min_count).collect();
    vocab.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let ids: HashMap<String, usize> =
        vocab.iter().enumerate().map(|(i, (w, _))| (w.to_string(), i)).collect();
    let stream = tokens.iter().filter_map(|t| ids.get(t).copied()).collect();
    let (words, counts) = vocab.into_iter().map(|(w, n)| (w.to_owned(), n)).unzip();
    Corpus { words, counts, ids, stream }
}

/// Lower-cased runs of ASCII letters.
pub fn english_words(text: &str) -> Vec<String> {
    let lower = text.to_ascii_lowercase();
    lower
        .split(|c: char| !c.is_ascii_lowercase())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Rows scaled to unit length (a zero row stays zero).
pub fn unit_rows(e: &Array2<f64>) -> Array2<f64> {
    let norms = e.map_axis(Axis(1), |r| r.dot(&r).sqrt().max(1e-12));
    e / &norms.insert_axis(Axis(1))
}

/// The `k` words nearest to the vector `q` by cosine, leaving out `exclude`: (id, cosine).
pub fn nearest(
    unit: &Array2<f64>, q: &Array1<f64>, k: usize, exclude: &[usize],
) -> Vec<(usize, f64)> {
    let q = q / q.dot(q).sqrt().max(1e-12);
    let mut scored: Vec<(usize, f64)> =
        unit.dot(&q).into_iter().enumerate().filter(|(i, _)| !exclude.contains(i)).collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    scored.truncate(k);
    scored
}

/// Eigenvalues (descending) and eigenvectors (columns) of a symmetric matrix by cyclic Jacobi
/// rotations.
pub fn symmetric_eigen(a: &Array2<f64>) -> (Vec<f64>, Array2<f64>) {
    let n = a.nrows();
    let (mut a, mut v) = (a.clone(), Array2::eye(n));
    for _sweep in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|p| (0..n).filter(move |&q| q != p).map(move |q| (p, q)))
            .map(|(p, q)| a[[p, q]].powi(2))
            .sum();
        if off < 1e-30 * a.iter().map(|x| x * x).sum::<f64>().max(1e-300) {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                if a[[p, q]].abs() < 1e-300 {
                    continue;
                }
                // The rotation that zeroes a_pq: tan 2θ = 2a_pq/(a_qq − a_pp).
                let theta = (a[[q, q]] - a[[p, p]]) / (2.0 * a[[p, q]]);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let (c, s) = (1.0 / (t * t + 1.0).sqrt(), t / (t * t + 1.0).sqrt());
                for k in 0..n {
                    let (akp, akq) = (a[[k, p]], a[[k, q]]);
                    a[[k, p]] = c * akp - s * akq;
                    a[[k, q]] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[[p, k]], a[[q, k]]);
                    a[[p, k]] = c * apk - s * aqk;
                    a[[q, k]] = s * apk + c * aqk;
                    let (vkp, vkq) = (v[[k, p]], v[[k, q]]);
                    v[[k, p]] = c * vkp - s * vkq;
                    v[[k, q]] = s * vkp + c * vkq;
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| a[[j, j]].total_cmp(&a[[i, i]]));
    (order.iter().map(|&i| a[[i, i]]).collect(), v.select(Axis(1), &order))
}

/// PCA of the rows of `x` (n, d): the singular values of the centred rows, the two leading axes
/// (2, d; sign: largest |entry| positive) and the projections (n, 2).
pub fn pca(x: &Array2<f64>) -> (Vec<f64>, Array2<f64>, Array2<f64>) {
    let centred = x - &x.mean_axis(Axis(0)).unwrap_or_else(|| Array1::zeros(x.ncols()));
    let (eigenvalues, vectors) = symmetric_eigen(&centred.t().dot(&centred)); // (d, d)
    let mut axes = vectors.select(Axis(1), &[0, 1]).t().to_owned();
    for mut axis in axes.rows_mut() {
        let top = axis.iter().copied().fold(0.0, |m: f64, v| if v.abs() > m.abs() { v } else { m });
        axis *= top.signum();
    }
    let singular = eigenvalues.iter().map(|l| l.max(0.0).sqrt()).collect();
    let projections = centred.dot(&axes.t());
    (singular, axes, projections)
}

/// The rank (1 = nearest) of `b` among the neighbours of `a`, or the vocabulary size if absent.
pub fn neighbour_rank(c: &Corpus, unit: &Array2<f64>, a: &str, b: &str) -> f64 {
    let (Some(&ia), Some(&ib)) = (c.ids.get(a), c.ids.get(b)) else { return c.words.len() as f64 };
    let near = nearest(unit, &unit.row(ia).to_owned(), c.words.len(), &[ia]);
    near.iter().position(|&(i, _)| i == ib).map_or(c.words.len() as f64, |r| (r + 1) as f64)
}

/// A scatter plot with a text label beside each point (a 2-D projection of embeddings); the
/// kit's `Chart` has unlabelled points only.
pub struct LabelledPoints {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub points: Vec<(String, f64, f64)>,
}

impl Figure for LabelledPoints {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, font: Font) -> PlotResult<()>
    where
        DB::ErrorType: 'static,
    {
        root.fill(&WHITE)?;
        let span = |pick: fn(&(String, f64, f64)) -> f64| {
            let (lo, hi) = self
                .points
                .iter()
                .map(pick)
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
            let pad = if hi > lo { 0.08 * (hi - lo) } else { 1.0 };
            if lo <= hi { lo - pad..hi + pad } else { -1.0..1.0 }
        };
        let mut chart = ChartBuilder::on(root)
            .caption(font.spell(&self.title), (font.family, 26))
            .margin(16)
            .x_label_area_size(56)
            .y_label_area_size(72)
            .build_cartesian_2d(span(|p| p.1), span(|p| p.2))?;
        chart
            .configure_mesh()
            .x_desc(font.spell(&self.x_label))
            .y_desc(font.spell(&self.y_label))
            .axis_desc_style((font.family, 20))
            .label_style((font.family, 15))
            .draw()?;
        let colour = RGBColor(31, 119, 180);
        let style = TextStyle::from((font.family, 17).into_font()).color(&BLACK);
        chart.draw_series(self.points.iter().map(|(label, x, y)| {
            EmptyElement::at((*x, *y))
                + Circle::new((0, 0), 4, colour.filled())
                + Text::new(font.spell(label), (6, -8), style.clone())
        }))?;
        Ok(())
    }
}
