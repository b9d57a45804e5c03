//! # One step of an LSTM cell / LSTM 单元的一步
//!
//! All four gates come from one product each with x and h (the (4H) pre-activations z), cut
//! into PyTorch's blocks i, f, g, o. The cell state is updated by addition, which is what lets
//! gradients travel far back in time; `run` threads both states through the sequence.

use ndarray::{Array1, Array2};

/// An LSTM cell with PyTorch's parameters: `w_ih` (4H, D), `w_hh` (4H, H), `b_ih` and `b_hh`
/// (4H), each split into the gates i, f, g, o of H rows.
pub struct LstmCell {
    pub w_ih: Array2<f64>,
    pub w_hh: Array2<f64>,
    pub b_ih: Array1<f64>,
    pub b_hh: Array1<f64>,
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

impl LstmCell {
    /// One step: the input `x` (D) and the previous states `h`, `c` (H) → the new (h, c).
    pub fn step(
        &self,
        x: &Array1<f64>,
        h: &Array1<f64>,
        c: &Array1<f64>,
    ) -> (Array1<f64>, Array1<f64>) {
        let hidden = h.len();
        let z = self.w_ih.dot(x) + &self.b_ih + self.w_hh.dot(h) + &self.b_hh; // (4H)
        let gate = |k: usize| Array1::from_iter(z.iter().skip(k * hidden).take(hidden).copied());
        let i = gate(0).mapv(sigmoid);
        let f = gate(1).mapv(sigmoid);
        let g = gate(2).mapv(f64::tanh);
        let o = gate(3).mapv(sigmoid);
        let c_next = &f * c + &i * &g;
        let h_next = &o * &c_next.mapv(f64::tanh);
        (h_next, c_next)
    }

    /// The hidden state after each input of `xs`, starting from h = c = 0.
    pub fn run(&self, xs: &[Array1<f64>]) -> Vec<Array1<f64>> {
        let hidden = self.w_hh.ncols();
        let mut h = Array1::zeros(hidden);
        let mut c = Array1::zeros(hidden);
        let mut states = Vec::with_capacity(xs.len());
        for x in xs {
            (h, c) = self.step(x, &h, &c);
            states.push(h.clone());
        }
        states
    }
}
