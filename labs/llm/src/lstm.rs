//! Recurrent layers from scratch: PyTorch's `nn.LSTM` and `nn.RNN` (one layer, `batch_first`),
//! with its gate order and parameter names, so a PyTorch state dict loads as it is:
//!
//! ```text
//! i  = σ(W_ii x + b_ii + W_hi h + b_hi)        input gate                    (B, H) each
//! f  = σ(W_if x + b_if + W_hf h + b_hf)        forget gate
//! g  = tanh(W_ig x + b_ig + W_hg h + b_hg)     candidate cell
//! o  = σ(W_io x + b_io + W_ho h + b_ho)        output gate
//! c' = f ⊙ c + i ⊙ g,   h' = o ⊙ tanh(c')      the cell is updated by addition: gradients
//!                                              along c are scaled by f, not by W_hh and tanh′
//! weight_ih = [W_ii; W_if; W_ig; W_io]  (4H, D),   weight_hh (4H, H),   bias_ih, bias_hh (4H)
//! RNN: h' = tanh(W_ih x + b_ih + W_hh h + b_hh)                 (one "gate": H rows)
//! ```
//!
//! [`Recurrent::cell`] writes the four gates out one by one (the teaching version, checked
//! against `nn.LSTMCell`). [`Recurrent::forward`] computes the same faster: the input
//! projections of all T steps in one matrix product (B·T, D)·(D, 4H), then per step a single
//! (B, H)·(H, 4H) product for the four gates together. Padded batches: with a mask m_t ∈ {0, 1}
//! per sequence and step, the state is carried through the padding, h ← h + m_t (h' − h) (and c
//! likewise), so the final state is the one after each sequence's last real token and a reversed
//! pass starts from zeros at each sequence's own end: `pack_padded_sequence`'s results.
//! Initial weights: U(−1/√H, 1/√H) as PyTorch, drawn from SplitMix64 ([`Init`]) so that
//! `scripts/reference/lstm.py` builds the same network.
//!
//! References: Hochreiter & Schmidhuber, "Long short-term memory", Neural Computation (1997);
//! Gers, Schmidhuber & Cummins, "Learning to forget: continual prediction with LSTM" (2000);
//! Elman, "Finding structure in time", Cognitive Science (1990) (the simple RNN); PyTorch's
//! `nn.LSTM` documentation (gate order and names).

use candle_core::{DType, Device, Result, Tensor, Var};
use candle_nn::VarMap;
use candle_nn::ops::sigmoid;
use llmpath_labs_neural::uniform;

/// Weights drawn in order from one SplitMix64 stream into a `VarMap`: each entry
/// bound · (2u − 1), rounded to f32 (what the labs train in), then held in `dtype`.
pub struct Init<'a> {
    pub varmap: &'a VarMap,
    pub seed: u64,
    /// The stream position of the next weight.
    pub next: u64,
    pub dtype: DType,
    pub device: Device,
}

impl Init<'_> {
    /// A new trainable parameter `name` of `shape`, U(−bound, bound).
    pub fn uniform(&mut self, name: &str, shape: &[usize], bound: f64) -> Result<Tensor> {
        let n = shape.iter().product::<usize>() as u64;
        let w: Vec<f32> = (self.next..self.next + n)
            .map(|i| (bound * (2.0 * uniform(self.seed, i) - 1.0)) as f32)
            .collect();
        self.next += n;
        let t = Tensor::from_vec(w, shape, &self.device)?.to_dtype(self.dtype)?;
        let var = Var::from_tensor(&t)?;
        let mut vars =
            self.varmap.data().lock().map_err(|e| candle_core::Error::msg(e.to_string()))?;
        if vars.insert(name.to_owned(), var.clone()).is_some() {
            candle_core::bail!("parameter {name} defined twice");
        }
        Ok(var.as_tensor().clone())
    }
}

/// Which cell a [`Recurrent`] layer runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// Elman's h' = tanh(W_ih x + b_ih + W_hh h + b_hh).
    Rnn,
    Lstm,
}

impl Cell {
    /// Blocks of H rows in weight_ih: 4 gates (i, f, g, o) or 1.
    pub fn gates(self) -> usize {
        match self {
            Cell::Rnn => 1,
            Cell::Lstm => 4,
        }
    }
}

/// The hidden state h and (LSTM) the cell state c, (B, H) each; an RNN leaves c at zero.
#[derive(Debug, Clone)]
pub struct State {
    pub h: Tensor,
    pub c: Tensor,
}

impl State {
    pub fn zeros(batch: usize, hidden_size: usize, dtype: DType, dev: &Device) -> Result<State> {
        let h = Tensor::zeros((batch, hidden_size), dtype, dev)?;
        Ok(State { c: h.clone(), h })
    }
}

/// One recurrent layer in one direction, with PyTorch's parameters.
#[derive(Debug, Clone)]
pub struct Recurrent {
    pub cell: Cell,
    pub hidden_size: usize,
    pub weight_ih: Tensor, // (G·H, D)
    pub weight_hh: Tensor, // (G·H, H)
    pub bias_ih: Tensor,   // (G·H,)
    pub bias_hh: Tensor,   // (G·H,)
}

impl Recurrent {
    /// The layer's parameters `{prefix}.weight_ih_{suffix}` … (PyTorch: suffix `l0`, and
    /// `l0_reverse` for the backward direction), in PyTorch's order, U(−1/√H, 1/√H).
    pub fn new(
        cell: Cell,
        input_size: usize,
        hidden_size: usize,
        prefix: &str,
        suffix: &str,
        init: &mut Init,
    ) -> Result<Recurrent> {
        let (rows, bound) = (cell.gates() * hidden_size, 1.0 / (hidden_size as f64).sqrt());
        let mut param = |name: &str, shape: &[usize]| {
            init.uniform(&format!("{prefix}.{name}_{suffix}"), shape, bound)
        };
        Ok(Recurrent {
            cell,
            hidden_size,
            weight_ih: param("weight_ih", &[rows, input_size])?,
            weight_hh: param("weight_hh", &[rows, hidden_size])?,
            bias_ih: param("bias_ih", &[rows])?,
            bias_hh: param("bias_hh", &[rows])?,
        })
    }

    /// One step written gate by gate, each with its own block of H rows: x (B, D) → state.
    pub fn cell(&self, x: &Tensor, state: &State) -> Result<State> {
        let hs = self.hidden_size;
        // W_·k x + b_·k + W_h·k h + b_h·k for the k-th gate (i, f, g, o; the RNN has only k = 0).
        let pre = |k: usize| -> Result<Tensor> {
            let rows = |w: &Tensor| w.narrow(0, k * hs, hs);
            let from_x =
                x.matmul(&rows(&self.weight_ih)?.t()?)?.broadcast_add(&rows(&self.bias_ih)?)?;
            let from_h = state
                .h
                .matmul(&rows(&self.weight_hh)?.t()?)?
                .broadcast_add(&rows(&self.bias_hh)?)?;
            from_x + from_h
        };
        match self.cell {
            Cell::Rnn => Ok(State { h: pre(0)?.tanh()?, c: state.c.clone() }),
            Cell::Lstm => {
                let i = sigmoid(&pre(0)?)?; // how much of the candidate to write
                let f = sigmoid(&pre(1)?)?; // how much of the old cell to keep
                let g = pre(2)?.tanh()?; // the candidate
                let o = sigmoid(&pre(3)?)?; // how much of the cell to show
                let c = ((f * &state.c)? + (i * g)?)?;
                Ok(State { h: (o * c.tanh()?)?, c })
            }
        }
    }

    /// The same step, fast: `xw` = x W_ihᵀ + b_ih + b_hh (B, G·H) already computed, one matrix
    /// product for all gates.
    fn step(&self, xw: &Tensor, state: &State) -> Result<State> {
        let pre = (xw + state.h.matmul(&self.weight_hh.t()?)?)?; // (B, G·H)
        if self.cell == Cell::Rnn {
            return Ok(State { h: pre.tanh()?, c: state.c.clone() });
        }
        let hs = self.hidden_size;
        let s = sigmoid(&pre)?; // i, f and o from one call (its g block is unused)
        let (i, f, o) = (s.narrow(1, 0, hs)?, s.narrow(1, hs, hs)?, s.narrow(1, 3 * hs, hs)?);
        let g = pre.narrow(1, 2 * hs, hs)?.tanh()?;
        let c = ((f * &state.c)? + (i * g)?)?;
        Ok(State { h: (o * c.tanh()?)?, c })
    }

    /// x W_ihᵀ + b_ih + b_hh for rows x (N, D): (N, G·H).
    fn project(&self, x: &Tensor) -> Result<Tensor> {
        x.matmul(&self.weight_ih.t()?)?.broadcast_add(&(&self.bias_ih + &self.bias_hh)?)
    }

    /// One step from input x (B, D), e.g. a character at a time when sampling.
    pub fn step_input(&self, x: &Tensor, state: &State) -> Result<State> {
        self.step(&self.project(x)?, state)
    }

    /// Runs over x (B, T, D) from zero state, forwards or (`reverse`) from t = T − 1 down to 0:
    /// the hidden state at every step (B, T, H) and the final state. `mask` (B, T), 1 at real
    /// steps and 0 at padding, in x's dtype: the state is carried unchanged through padding.
    pub fn forward(
        &self,
        x: &Tensor,
        mask: Option<&Tensor>,
        reverse: bool,
    ) -> Result<(Tensor, State)> {
        let (b, t, d) = x.dims3()?;
        let xw = self.project(&x.reshape((b * t, d))?)?; // (B·T, G·H): every step at once
        let xw = xw.reshape((b, t, ()))?.transpose(0, 1)?.contiguous()?; // (T, B, G·H)
        let mut state = State::zeros(b, self.hidden_size, x.dtype(), x.device())?;
        let mut hs = Vec::with_capacity(t);
        let steps: Vec<usize> = if reverse { (0..t).rev().collect() } else { (0..t).collect() };
        for s in steps {
            let next = self.step(&xw.get(s)?, &state)?;
            state = match mask {
                None => next,
                Some(mask) => {
                    let m = mask.narrow(1, s, 1)?; // (B, 1)
                    let carry =
                        |new: &Tensor, old: &Tensor| old + (new - old)?.broadcast_mul(&m)?;
                    State { h: carry(&next.h, &state.h)?, c: carry(&next.c, &state.c)? }
                }
            };
            hs.push(state.h.clone());
        }
        if reverse {
            hs.reverse();
        }
        Ok((Tensor::stack(&hs, 1)?, state))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(cell: Cell, varmap: &VarMap) -> Recurrent {
        let mut init = Init { varmap, seed: 1, next: 0, dtype: DType::F64, device: Device::Cpu };
        Recurrent::new(cell, 3, 4, "lstm", "l0", &mut init).unwrap()
    }

    fn input(seed: u64, shape: &[usize]) -> Tensor {
        let n: usize = shape.iter().product();
        let v: Vec<f64> = (0..n as u64).map(|i| 2.0 * uniform(seed, i) - 1.0).collect();
        Tensor::from_vec(v, shape, &Device::Cpu).unwrap()
    }

    #[test]
    fn the_fast_unrolled_pass_equals_the_gate_by_gate_cell() {
        for cell in [Cell::Lstm, Cell::Rnn] {
            let l = layer(cell, &VarMap::new());
            let x = input(2, &[2, 5, 3]);
            let (hs, last) = l.forward(&x, None, false).unwrap();
            let mut state = State::zeros(2, 4, DType::F64, &Device::Cpu).unwrap();
            for t in 0..5 {
                state = l.cell(&x.narrow(1, t, 1).unwrap().squeeze(1).unwrap(), &state).unwrap();
                let gap = (hs.narrow(1, t, 1).unwrap().squeeze(1).unwrap() - &state.h).unwrap();
                assert!(gap.abs().unwrap().max_all().unwrap().to_scalar::<f64>().unwrap() < 1e-14);
            }
            let gap = (last.c - state.c).unwrap().abs().unwrap().max_all().unwrap();
            assert!(gap.to_scalar::<f64>().unwrap() < 1e-14);
        }
    }

    /// A padded sequence ends in the state of its unpadded self, in both directions.
    #[test]
    fn masking_gives_the_state_of_the_unpadded_sequence() {
        let l = layer(Cell::Lstm, &VarMap::new());
        let x = input(2, &[1, 5, 3]);
        let mask = Tensor::new(&[[1f64, 1.0, 1.0, 0.0, 0.0]], &Device::Cpu).unwrap();
        for reverse in [false, true] {
            let (_, padded) = l.forward(&x, Some(&mask), reverse).unwrap();
            let (_, short) = l.forward(&x.narrow(1, 0, 3).unwrap(), None, reverse).unwrap();
            let gap = (padded.h - short.h).unwrap().abs().unwrap().max_all().unwrap();
            assert!(gap.to_scalar::<f64>().unwrap() < 1e-14, "reverse = {reverse}");
        }
    }

    /// Central differences (f64, h = 10⁻⁶) of L = Σ r ⊙ hs + Σ r' ⊙ c_T, against every weight of
    /// a masked LSTM layer run both ways.
    #[test]
    fn lstm_gradients_equal_finite_differences() {
        let varmap = VarMap::new();
        let l = layer(Cell::Lstm, &varmap);
        let (x, r, r_c) = (input(2, &[2, 4, 3]), input(3, &[2, 4, 4]), input(4, &[2, 4]));
        let mask =
            Tensor::new(&[[1f64, 1.0, 1.0, 1.0], [1.0, 1.0, 0.0, 0.0]], &Device::Cpu).unwrap();
        let loss = || {
            let mut total = Tensor::new(0f64, &Device::Cpu).unwrap();
            for reverse in [false, true] {
                let (hs, last) = l.forward(&x, Some(&mask), reverse).unwrap();
                let term = ((hs * &r).unwrap().sum_all().unwrap()
                    + (last.c * &r_c).unwrap().sum_all().unwrap())
                .unwrap();
                total = (total + term).unwrap();
            }
            total
        };
        let grads = loss().backward().unwrap();
        let vars = varmap.all_vars();
        assert_eq!(vars.len(), 4);
        for var in &vars {
            let g = grads.get(var).unwrap().flatten_all().unwrap().to_vec1::<f64>().unwrap();
            let theta = var.as_tensor().flatten_all().unwrap().to_vec1::<f64>().unwrap();
            for k in 0..theta.len() {
                let at = |delta: f64| {
                    let mut moved = theta.clone();
                    moved[k] += delta;
                    var.set(&Tensor::from_vec(moved, var.shape(), &Device::Cpu).unwrap()).unwrap();
                    loss().to_scalar::<f64>().unwrap()
                };
                let numeric = (at(1e-6) - at(-1e-6)) / 2e-6;
                at(0.0);
                assert!((numeric - g[k]).abs() < 1e-7, "entry {k}: {numeric} vs {}", g[k]);
            }
        }
    }
}
