//! The backward pass of [`super`]: the nodes in reverse topological order, each adding
//! "upstream gradient × local derivative" into its inputs (the equations of the module doc).

use std::collections::{HashMap, HashSet};

use ndarray::{Array4, Axis, IxDyn};

use super::im2col::{col2im, pool_argmax};
use super::{Array, Grads, Op, ShapeError, Tensor, image, matrix};

/// `g` summed over the axes that broadcasting added or stretched, back to `shape`.
fn unbroadcast(mut g: Array, shape: &[usize]) -> Result<Array, ShapeError> {
    while g.ndim() > shape.len() {
        g = g.sum_axis(Axis(0));
    }
    for (axis, &size) in shape.iter().enumerate() {
        if size == 1 && g.shape()[axis] != 1 {
            g = g.sum_axis(Axis(axis)).insert_axis(Axis(axis));
        }
    }
    Ok(g.to_shape(IxDyn(shape))?.into_owned())
}

impl Tensor {
    /// The nodes that need a gradient, each after its inputs (depth-first, micrograd's build_topo).
    fn topological_order(&self) -> Vec<Tensor> {
        fn visit(t: &Tensor, seen: &mut HashSet<usize>, order: &mut Vec<Tensor>) {
            if t.0.requires_grad && seen.insert(t.0.id) {
                t.0.op.inputs().into_iter().for_each(|input| visit(input, seen, order));
                order.push(t.clone());
            }
        }
        let mut order = Vec::new();
        visit(self, &mut HashSet::new(), &mut order);
        order
    }

    /// Reverse-mode differentiation of this scalar: ∂self/∂p for every parameter p below it.
    pub fn backward(&self) -> Result<Grads, ShapeError> {
        let mut grads: HashMap<usize, Array> = HashMap::new();
        grads.insert(self.0.id, Array::ones(self.shape()));
        for node in self.topological_order().iter().rev() {
            if matches!(node.0.op, Op::Leaf) {
                continue; // a parameter: its gradient stays in the store
            }
            let Some(g) = grads.remove(&node.0.id) else { continue };
            for (input, input_grad) in node.input_grads(&g)? {
                match grads.get_mut(&input.0.id) {
                    Some(sum) => *sum += &input_grad,
                    None => _ = grads.insert(input.0.id, input_grad),
                }
            }
        }
        Ok(Grads(grads))
    }

    /// Ā for each input A that needs one, given this node's gradient `g` (same shape as it).
    fn input_grads(&self, g: &Array) -> Result<Vec<(&Tensor, Array)>, ShapeError> {
        let needs = |t: &Tensor| t.0.requires_grad;
        let mut out = Vec::new();
        match &self.0.op {
            Op::Leaf => {}
            Op::MatMul(a, b) => {
                let g2 = matrix(g)?;
                if needs(a) {
                    out.push((a, g2.dot(&matrix(b.value())?.t()).into_dyn())); // C̄ Bᵀ
                }
                if needs(b) {
                    out.push((b, matrix(a.value())?.t().dot(&g2).into_dyn())); // Aᵀ C̄
                }
            }
            Op::Add(a, b) => {
                for t in [a, b].into_iter().filter(|t| needs(t)) {
                    out.push((t, unbroadcast(g.clone(), t.shape())?));
                }
            }
            Op::Mul(a, b) => {
                for (t, other) in [(a, b), (b, a)].into_iter().filter(|(t, _)| needs(t)) {
                    out.push((t, unbroadcast(g * other.value(), t.shape())?));
                }
            }
            Op::Sum(a) => out.push((a, Array::from_elem(a.shape(), g.sum()))),
            Op::Mean(a) => {
                out.push((a, Array::from_elem(a.shape(), g.sum() / a.value().len() as f64)))
            }
            Op::Relu(a) => out.push((a, g * &a.value().mapv(|v| f64::from(u8::from(v > 0.0))))),
            Op::Sigmoid(a) => out.push((a, g * &self.value().mapv(|s| s * (1.0 - s)))),
            Op::LogSoftmax(a) => {
                let softmax = self.value().mapv(f64::exp); // (n, k)
                let row_sums = g.sum_axis(Axis(1)).insert_axis(Axis(1)); // (n, 1)
                out.push((a, g - &(softmax * row_sums)));
            }
            Op::Nll(a, targets) => {
                let scale = -g.sum() / targets.len() as f64;
                let mut grad = Array::zeros(a.shape());
                targets.iter().enumerate().for_each(|(i, &t)| grad[[i, t]] = scale);
                out.push((a, grad));
            }
            Op::Conv2d { x, w, b, cols, window } => {
                let o = w.shape()[0];
                let g4 = image(g)?.permuted_axes([0, 2, 3, 1]); // (B, Hₒ, Wₒ, O)
                let g2 = g4
                    .as_standard_layout()
                    .into_owned()
                    .into_shape_with_order((cols.nrows(), o))?;
                if needs(w) {
                    out.push((w, g2.t().dot(cols).into_shape_with_order(w.shape())?.into_dyn()));
                }
                if needs(b) {
                    out.push((b, g2.sum_axis(Axis(0)).into_dyn()));
                }
                if needs(x) {
                    let w2 = w.value().to_shape((o, cols.ncols()))?; // (O, C·kh·kw)
                    out.push((x, col2im(&g2.dot(&w2), x.shape(), *window)));
                }
            }
            Op::MaxPool2(a) => {
                let (x, g4) = (image(a.value())?, image(g)?);
                let mut grad = Array4::zeros(x.dim());
                for ((b, c, i, j), &(r, col)) in pool_argmax(&x).indexed_iter() {
                    grad[[b, c, r, col]] += g4[[b, c, i, j]];
                }
                out.push((a, grad.into_dyn()));
            }
            Op::Reshape(a) => {
                out.push((a, g.to_shape(IxDyn(a.shape()))?.into_owned()));
            }
        }
        Ok(out)
    }
}
