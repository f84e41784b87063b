//! A small recurrent network owned by the engine: a GRU with one linear output head
//! ([`Net`]), backpropagation through time, and Adam ([`Adam`]), for the meta-RL lab's agents
//! (an RL^2-style actor-critic and a recurrent Q-learner) trained in the browser.
//!
//! # Why the engine owns it
//!
//! Every Agora result must have the same bits natively and in WebAssembly, so a trained agent
//! and its share link reproduce anywhere. General tensor libraries (burn, candle, ...) pick
//! kernels per target, use threads and SIMD whose reduction order differs, and add megabytes to
//! the wasm bundle. The networks here are tiny (tens of hidden units), so plain loops are fast
//! enough and keep the bits fixed.
//!
//! # Conventions
//!
//! - `f64` everywhere; every sum is a plain loop in index order (no fused multiply-add, no
//!   reordering); every transcendental function is from the `libm` crate (`exp` in the
//!   sigmoid, `tanh`, `pow` in Adam); `sqrt` is IEEE-exact everywhere.
//! - Parameters are one flat `Vec<f64>` in a documented order ([`params::Layout`]): `W_ih`
//!   (`3H x I`, rows r, z, n), `W_hh` (`3H x H`), `b_ih` (`3H`), `b_hh` (`3H`), `W_out`
//!   (`O x H`), `b_out` (`O`), matrices row-major, as PyTorch's `GRU` + `Linear` state dicts.
//! - The GRU is PyTorch's (Cho et al. 2014, "Learning Phrase Representations using RNN
//!   Encoder-Decoder for Statistical Machine Translation"; `torch.nn.GRU` docs), with separate
//!   input and hidden biases and the reset gate applied to `W_hn h + b_hn`:
//!   `r = σ(W_ir x + b_ir + W_hr h + b_hr)`, `z = σ(W_iz x + b_iz + W_hz h + b_hz)`,
//!   `n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))`, `h' = (1 - z) ⊙ n + z ⊙ h`.
//! - Sequences are row-major (`T x inputs`, `T x outputs`); a reset flag before a step replaces
//!   the state by zeros (an episode boundary), and no gradient crosses it.
//! - Gradients accumulate (`+=`) into a caller-owned vector with the parameters' layout, so
//!   several sequences can share one update; the caller zeroes it.
//! - Forward records on a reusable [`Tape`]: no allocation per step, and none per call once
//!   the tape has held a sequence that long.
//!
//! [`self_check_digest`] runs a fixed tiny training; the browser tests compare it with
//! [`SELF_CHECK_DIGEST`], pinned from the native build.

pub mod adam;
pub mod gru;
pub mod net;
pub mod params;

pub use adam::{Adam, AdamConfig};
pub use net::{Net, Tape};
pub use params::{clip_grad_norm, params_digest, polyak, Layout, NetConfig};

use crate::rng::Rng;

/// [`self_check_digest`]'s value in the native build.
pub const SELF_CHECK_DIGEST: &str = "1402279e081b5cf2";

/// A fixed tiny training run through every part of this module, returning a digest of the
/// final bits: a `4 -> 8 -> 3` net from seed 7, a 24-step sequence from a non-zero initial
/// state with a reset at step 10, softmax cross-entropy against fixed classes, 20 Adam steps
/// (lr 0.05) with the gradient clipped to norm 1 and a Polyak-averaged copy (tau 0.1). The
/// digest ([`params_digest`]) covers the parameters, the averaged copy and the last forward
/// pass's outputs. Equal natively and in WebAssembly, or the two builds differ.
pub fn self_check_digest() -> String {
    let config = NetConfig {
        inputs: 4,
        hidden: 8,
        outputs: 3,
    };
    let (ni, no, len) = (config.inputs, config.outputs, 24);
    let mut rng = Rng::stream(7, &["metarl/nn/self-check".into()]);
    let mut net = Net::new(config.clone(), &mut rng);
    let h0: Vec<f64> = (0..config.hidden).map(|_| rng.uniform() - 0.5).collect();
    let xs: Vec<f64> = (0..len * ni).map(|_| 4.0 * rng.uniform() - 2.0).collect();
    let classes: Vec<usize> = (0..len).map(|_| rng.below(no)).collect();
    let resets: Vec<bool> = (0..len).map(|t| t == 10).collect();
    let n = config.param_count();
    let mut target = net.params.clone();
    let mut adam = Adam::new(
        AdamConfig {
            lr: 0.05,
            ..AdamConfig::default()
        },
        n,
    );
    let mut tape = Tape::new();
    let mut grad = vec![0.0; n];
    let mut dys = vec![0.0; len * no];
    for _ in 0..20 {
        net.forward(&h0, &xs, &resets, &mut tape);
        for (t, dy) in dys.chunks_exact_mut(no).enumerate() {
            softmax_xent(tape.y(t), classes[t], dy);
        }
        grad.fill(0.0);
        net.backward(&tape, &dys, &mut grad);
        clip_grad_norm(&mut grad, 1.0);
        adam.step(&mut net.params, &grad);
        polyak(&mut target, &net.params, 0.1);
    }
    net.forward(&h0, &xs, &resets, &mut tape);
    let mut all = net.params.clone();
    all.extend_from_slice(&target);
    all.extend_from_slice(tape.ys());
    params_digest(&all)
}

/// Cross-entropy of `softmax(y)` against class `c`; writes its gradient `softmax(y) - onehot(c)`
/// into `dy`.
fn softmax_xent(y: &[f64], c: usize, dy: &mut [f64]) -> f64 {
    let mut max = f64::NEG_INFINITY;
    for &v in y {
        max = max.max(v);
    }
    let mut sum = 0.0;
    for (d, &v) in dy.iter_mut().zip(y) {
        *d = libm::exp(v - max);
        sum += *d;
    }
    for d in dy.iter_mut() {
        *d /= sum;
    }
    let loss = -libm::log(dy[c]);
    dy[c] -= 1.0;
    loss
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_check_digest_is_pinned_and_deterministic() {
        let a = self_check_digest();
        assert_eq!(a, self_check_digest());
        assert_eq!(a, SELF_CHECK_DIGEST);
    }

    #[test]
    fn softmax_xent_gradient_sums_to_zero() {
        let mut dy = [0.0; 3];
        let loss = softmax_xent(&[1.0, 2.0, 3.0], 0, &mut dy);
        let z = 1f64.exp() + 2f64.exp() + 3f64.exp();
        assert!((loss - (z.ln() - 1.0)).abs() < 1e-14);
        assert!(dy.iter().sum::<f64>().abs() < 1e-15);
        assert!((dy[2] - 3f64.exp() / z).abs() < 1e-15);
    }
}
