//! # One step of an LSTM cell / LSTM 单元的一步
//!
//! An LSTM (Hochreiter & Schmidhuber, 1997) carries two states from step to step: the hidden
//! state h and the cell state c, a "conveyor belt" that gates open and close. With PyTorch's
//! `nn.LSTMCell` parameters:
//!
//! ```text
//! z = W_ih x + b_ih + W_hh h + b_hh                      (4H): four blocks of H rows
//! i = σ(z[0..H])      input gate        f = σ(z[H..2H])    forget gate
//! g = tanh(z[2H..3H]) candidate cell    o = σ(z[3H..4H])   output gate
//! c′ = f ⊙ c + i ⊙ g
//! h′ = o ⊙ tanh(c′)
//! ```
//!
//! The order of the blocks, i, f, g, o, is PyTorch's (other libraries order them differently,
//! so weights cannot be copied between them blindly). `run` feeds a sequence through the cell
//! from h = c = 0 and returns the hidden state after each input: both states go on to the next
//! step.
//!
//! LSTM（Hochreiter 与 Schmidhuber，1997）在步与步之间传递两个状态：隐藏状态 h 和细胞状态 c，后者是
//! 一条由门控制开合的“传送带”。参数与 PyTorch 的 `nn.LSTMCell` 相同（公式见上）。四个块的顺序
//! i、f、g、o 是 PyTorch 的约定（其他库的顺序不同，权重不能直接照搬）。`run` 从 h = c = 0 开始把一个
//! 序列送进单元，返回每个输入之后的隐藏状态：两个状态都要传到下一步。
//!
//! Check / 检查: `llmpath check`.

use ndarray::{Array1, Array2};

/// An LSTM cell with PyTorch's parameters: `w_ih` (4H, D), `w_hh` (4H, H), `b_ih` and `b_hh`
/// (4H), each split into the gates i, f, g, o of H rows.
pub struct LstmCell {
    pub w_ih: Array2<f64>,
    pub w_hh: Array2<f64>,
    pub b_ih: Array1<f64>,
    pub b_hh: Array1<f64>,
}

impl LstmCell {
    /// One step: the input `x` (D) and the previous states `h`, `c` (H) → the new (h, c).
    pub fn step(
        &self,
        x: &Array1<f64>,
        h: &Array1<f64>,
        c: &Array1<f64>,
    ) -> (Array1<f64>, Array1<f64>) {
        todo!(
            "one step from x {:?}, h {:?}, c {:?}",
            x.dim(),
            h.dim(),
            c.dim()
        )
    }

    /// The hidden state after each input of `xs`, starting from h = c = 0.
    pub fn run(&self, xs: &[Array1<f64>]) -> Vec<Array1<f64>> {
        todo!("the hidden states of a sequence of {} inputs", xs.len())
    }
}
