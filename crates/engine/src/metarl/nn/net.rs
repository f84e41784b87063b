//! [`Net`]: a GRU ([`super::gru`]) followed by one linear output head, `y = W_out h + b_out`,
//! run step by step ([`Net::step`], for acting) or over a recorded sequence with hidden-state
//! resets ([`Net::forward`] and [`Net::backward`], for learning).

use super::gru::{self, affine, GruGrads, GruTape, GruWeights};
use super::params::NetConfig;
use crate::rng::Rng;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;

/// A recurrent network: its shape and its flat parameter vector (layout in
/// [`super::params::Layout`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Net {
    pub config: NetConfig,
    pub params: Vec<f64>,
}

/// `y = W_out h + b_out`, each output summed as `b + sum_j W[o,j] h[j]` (j ascending).
#[inline]
fn head(w_out: &[f64], b_out: &[f64], h: &[f64], y: &mut [f64]) {
    for ((yo, row), &b) in y.iter_mut().zip(w_out.chunks_exact(h.len())).zip(b_out) {
        *yo = affine(b, row, h);
    }
}

impl Net {
    /// PyTorch's default initialization (`torch.nn.GRU` and `torch.nn.Linear`): every weight
    /// and bias uniform on `[-k, k)` with `k = 1 / sqrt(hidden)` (the head's fan-in is `hidden`
    /// too), drawn as `k * (2 u - 1)` with `u = rng.uniform()`, one draw per parameter in the
    /// order of the flat vector (`W_ih`, `W_hh`, `b_ih`, `b_hh`, `W_out`, `b_out`, each
    /// row-major).
    ///
    /// Panics if `config` is not valid ([`NetConfig::validate`]).
    pub fn new(config: NetConfig, rng: &mut Rng) -> Net {
        if let Err(e) = config.validate() {
            panic!("invalid network shape: {e}");
        }
        let k = 1.0 / (config.hidden as f64).sqrt();
        let params = (0..config.param_count())
            .map(|_| k * (2.0 * rng.uniform() - 1.0))
            .collect();
        Net { config, params }
    }

    /// The all-zeros hidden state.
    pub fn zero_state(&self) -> Vec<f64> {
        vec![0.0; self.config.hidden]
    }

    /// One step of inference: `h_out = GRU(h, x)`; `y = W_out h_out + b_out`. The same bits as
    /// the same step inside [`Net::forward`].
    pub fn step(&self, h: &[f64], x: &[f64], h_out: &mut [f64], y: &mut [f64]) {
        let c = &self.config;
        assert_eq!(y.len(), c.outputs, "Net step: output length");
        let l = c.layout();
        gru::step(&GruWeights::new(c, &self.params), h, x, h_out);
        head(&self.params[l.w_out], &self.params[l.b_out], h_out, y);
    }

    /// Forward over `T = resets.len()` steps (`xs` is `T x inputs`, row-major), from `h0`.
    /// Before step `t`, if `resets[t]`, the hidden state is set to zeros (so `resets[0]` means
    /// start from zeros rather than `h0`). Everything [`Net::backward`] needs is recorded in
    /// `tape`, whose buffers are reused (no allocation once it has held a sequence this long).
    /// The outputs are `tape.ys()` (`T x outputs`), the final state `tape.h_last()`.
    pub fn forward(&self, h0: &[f64], xs: &[f64], resets: &[bool], tape: &mut Tape) {
        let c = &self.config;
        let (nh, no, len) = (c.hidden, c.outputs, resets.len());
        gru::forward(
            &GruWeights::new(c, &self.params),
            h0,
            xs,
            resets,
            &mut tape.gru,
        );
        let l = c.layout();
        let (w_out, b_out) = (&self.params[l.w_out], &self.params[l.b_out]);
        tape.outputs = no;
        tape.ys.resize(len * no, 0.0);
        for (t, y) in tape.ys.chunks_exact_mut(no).enumerate() {
            head(w_out, b_out, tape.gru.h(t), y);
        }
        tape.dhs.get_mut().resize(len * nh, 0.0);
    }

    /// Backward through the whole sequence on `tape` (recorded by [`Net::forward`] with these
    /// parameters), given `dys = dL/dy` for every step (`T x outputs`). The gradient is
    /// ACCUMULATED into `grad` (length [`NetConfig::param_count`], same layout as the
    /// parameters). No gradient flows across a reset (the state was replaced by zeros) nor
    /// into `h0`.
    pub fn backward(&self, tape: &Tape, dys: &[f64], grad: &mut [f64]) {
        let c = &self.config;
        let (nh, no, len) = (c.hidden, c.outputs, tape.len());
        assert_eq!(grad.len(), c.param_count(), "Net backward: grad length");
        assert_eq!(dys.len(), len * no, "Net backward: dys must be T x outputs");
        assert_eq!(
            (tape.gru.inputs(), tape.gru.hidden(), tape.outputs),
            (c.inputs, nh, no),
            "Net backward: the tape was recorded with another shape"
        );
        let l = c.layout();
        let w_out = &self.params[l.w_out];
        let (mut gru_grad, head_grad) = GruGrads::split(c, grad);
        let (gw_out, gb_out) = head_grad.split_at_mut(no * nh);
        let mut dhs = tape.dhs.borrow_mut();
        for ((dy, dh), t) in dys.chunks_exact(no).zip(dhs.chunks_exact_mut(nh)).zip(0..) {
            let h = tape.gru.h(t);
            dh.fill(0.0);
            for (((&g, gb), grow), wrow) in dy
                .iter()
                .zip(gb_out.iter_mut())
                .zip(gw_out.chunks_exact_mut(nh))
                .zip(w_out.chunks_exact(nh))
            {
                *gb += g;
                for ((gw, &hj), (d, &w)) in grow.iter_mut().zip(h).zip(dh.iter_mut().zip(wrow)) {
                    *gw += g * hj;
                    *d += w * g;
                }
            }
        }
        gru::backward(
            &GruWeights::new(c, &self.params),
            &tape.gru,
            &dhs,
            &mut gru_grad,
        );
    }
}

/// A recorded forward pass of a [`Net`] (see [`Net::forward`]).
#[derive(Clone, Debug, Default)]
pub struct Tape {
    gru: GruTape,
    outputs: usize,
    /// Outputs (`T x O`).
    ys: Vec<f64>,
    /// Backward scratch: dL/dh_t through the head (`T x H`).
    dhs: RefCell<Vec<f64>>,
}

impl Tape {
    pub fn new() -> Tape {
        Tape::default()
    }

    /// Number of recorded steps `T`.
    pub fn len(&self) -> usize {
        self.gru.len()
    }

    pub fn is_empty(&self) -> bool {
        self.gru.is_empty()
    }

    /// Every step's outputs (`T x outputs`, row-major).
    pub fn ys(&self) -> &[f64] {
        &self.ys[..self.len() * self.outputs]
    }

    /// The outputs of step `t`.
    pub fn y(&self, t: usize) -> &[f64] {
        assert!(t < self.len(), "step {t} of a {}-step tape", self.len());
        &self.ys[t * self.outputs..(t + 1) * self.outputs]
    }

    /// The hidden state after step `t`.
    pub fn h(&self, t: usize) -> &[f64] {
        self.gru.h(t)
    }

    /// The hidden state after the last step (the initial state if the sequence was empty).
    pub fn h_last(&self) -> &[f64] {
        self.gru.h_last()
    }

    /// The GRU's part of the record.
    pub fn gru(&self) -> &GruTape {
        &self.gru
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metarl::nn::adam::{Adam, AdamConfig};

    fn rng(seed: u64) -> Rng {
        Rng::stream(seed, &["metarl/nn/test".into()])
    }

    fn uniform_vec(rng: &mut Rng, n: usize, scale: f64) -> Vec<f64> {
        (0..n)
            .map(|_| scale * (2.0 * rng.uniform() - 1.0))
            .collect()
    }

    fn small() -> (Net, Vec<f64>, Vec<f64>, Vec<bool>, Vec<f64>) {
        let config = NetConfig {
            inputs: 3,
            hidden: 5,
            outputs: 2,
        };
        let mut r = rng(1);
        let mut net = Net::new(config, &mut r);
        // Larger weights than the default init, so the gates are well inside their non-linear
        // range.
        for p in net.params.iter_mut() {
            *p *= 2.5;
        }
        let t = 7;
        let h0 = uniform_vec(&mut r, 5, 0.8);
        let xs = uniform_vec(&mut r, t * 3, 1.5);
        let resets = vec![false, false, false, true, false, false, false];
        let w = uniform_vec(&mut r, t * 2, 1.0);
        (net, h0, xs, resets, w)
    }

    fn weighted_loss(net: &Net, h0: &[f64], xs: &[f64], resets: &[bool], w: &[f64]) -> f64 {
        let mut tape = Tape::new();
        net.forward(h0, xs, resets, &mut tape);
        tape.ys().iter().zip(w).map(|(y, w)| y * w).sum()
    }

    #[test]
    fn gradient_matches_central_finite_differences() {
        let (net, h0, xs, resets, w) = small();
        let mut tape = Tape::new();
        net.forward(&h0, &xs, &resets, &mut tape);
        let mut grad = vec![0.0; net.config.param_count()];
        net.backward(&tape, &w, &mut grad);
        let eps = 1e-6;
        let mut worst: f64 = 0.0;
        let mut big = 0;
        for (i, &analytic) in grad.iter().enumerate() {
            let mut plus = net.clone();
            plus.params[i] += eps;
            let mut minus = net.clone();
            minus.params[i] -= eps;
            let numeric = (weighted_loss(&plus, &h0, &xs, &resets, &w)
                - weighted_loss(&minus, &h0, &xs, &resets, &w))
                / (2.0 * eps);
            // Relative error, with a floor of 1e-3 on the scale: below it the finite
            // difference's rounding error (about 1e-16 / 1e-6 = 1e-10) would dominate.
            let scale = numeric.abs().max(analytic.abs()).max(1e-3);
            let rel = (numeric - analytic).abs() / scale;
            worst = worst.max(rel);
            if analytic.abs() > 1e-2 {
                big += 1;
            }
            assert!(
                rel < 1e-6,
                "param {i}: analytic {analytic} vs numeric {numeric}"
            );
        }
        // The check is not vacuous: most gradients are far from zero.
        assert!(
            big > net.params.len() * 3 / 4,
            "{big} of {}",
            net.params.len()
        );
        assert!(worst < 1e-6);
    }

    #[test]
    fn backward_accumulates() {
        let (net, h0, xs, resets, w) = small();
        let mut tape = Tape::new();
        net.forward(&h0, &xs, &resets, &mut tape);
        let mut once = vec![0.0; net.config.param_count()];
        net.backward(&tape, &w, &mut once);
        let mut twice = vec![0.0; net.config.param_count()];
        net.backward(&tape, &w, &mut twice);
        net.backward(&tape, &w, &mut twice);
        for (a, b) in once.iter().zip(&twice) {
            assert!((2.0 * a - b).abs() <= 1e-15 * b.abs().max(1.0));
        }
    }

    #[test]
    fn reset_cuts_the_sequence_in_two() {
        let (net, h0, xs, resets, w) = small();
        let mut tape = Tape::new();
        net.forward(&h0, &xs, &resets, &mut tape);
        // Steps 3.. equal a fresh run from zeros over xs[3..].
        let mut tail = Tape::new();
        let mut tail_resets = vec![false; 4];
        tail_resets[0] = true;
        net.forward(&h0, &xs[9..], &tail_resets, &mut tail);
        assert_eq!(&tape.ys()[6..], tail.ys());
        assert_eq!(tape.h_last(), tail.h_last());
        // Nothing flows back across the reset: the gradient of the whole sequence is the sum
        // of the two parts' gradients, each computed alone.
        let mut head = Tape::new();
        net.forward(&h0, &xs[..9], &resets[..3], &mut head);
        let n = net.config.param_count();
        let (mut g_all, mut g_parts) = (vec![0.0; n], vec![0.0; n]);
        net.backward(&tape, &w, &mut g_all);
        net.backward(&head, &w[..6], &mut g_parts);
        net.backward(&tail, &w[6..], &mut g_parts);
        for (a, b) in g_all.iter().zip(&g_parts) {
            assert!((a - b).abs() <= 1e-14 * a.abs().max(1.0), "{a} vs {b}");
        }
    }

    #[test]
    fn step_gives_the_same_bits_as_forward() {
        let (net, h0, xs, resets, _) = small();
        let mut tape = Tape::new();
        net.forward(&h0, &xs, &resets, &mut tape);
        let mut h = h0.clone();
        let mut h_out = net.zero_state();
        let mut y = vec![0.0; 2];
        for t in 0..resets.len() {
            if resets[t] {
                h = net.zero_state();
            }
            net.step(&h, &xs[t * 3..(t + 1) * 3], &mut h_out, &mut y);
            assert_eq!(h_out, tape.h(t));
            assert_eq!(y, tape.y(t));
            h.copy_from_slice(&h_out);
        }
        assert_eq!(h, tape.h_last());
    }

    #[test]
    fn tape_reuses_its_buffers() {
        let (net, h0, xs, resets, w) = small();
        let mut tape = Tape::new();
        net.forward(&h0, &xs, &resets, &mut tape);
        let mut grad = vec![0.0; net.config.param_count()];
        net.backward(&tape, &w, &mut grad);
        let before = (
            tape.ys.as_ptr(),
            tape.dhs.borrow().as_ptr(),
            tape.gru.hs().as_ptr(),
        );
        // A shorter sequence, then one as long: same buffers.
        net.forward(&h0, &xs[..6], &resets[..2], &mut tape);
        assert_eq!(tape.len(), 2);
        assert_eq!(tape.ys().len(), 4);
        net.backward(&tape, &w[..4], &mut grad);
        net.forward(&h0, &xs, &resets, &mut tape);
        net.backward(&tape, &w, &mut grad);
        let after = (
            tape.ys.as_ptr(),
            tape.dhs.borrow().as_ptr(),
            tape.gru.hs().as_ptr(),
        );
        assert_eq!(before, after);
        // Empty sequence: the final state is h0.
        net.forward(&h0, &[], &[], &mut tape);
        assert!(tape.is_empty());
        assert_eq!(tape.h_last(), &h0[..]);
        net.backward(&tape, &[], &mut grad);
    }

    #[test]
    fn init_is_uniform_within_one_over_sqrt_hidden() {
        let config = NetConfig {
            inputs: 7,
            hidden: 16,
            outputs: 6,
        };
        let a = Net::new(config.clone(), &mut rng(3));
        let b = Net::new(config.clone(), &mut rng(3));
        assert_eq!(a, b);
        assert_eq!(a.params.len(), config.param_count());
        assert!(a.params.iter().all(|p| p.abs() <= 0.25));
        let mean = a.params.iter().sum::<f64>() / a.params.len() as f64;
        let var = a.params.iter().map(|p| p * p).sum::<f64>() / a.params.len() as f64;
        // U(-k, k): mean 0, variance k^2 / 3 = 1/48.
        assert!(mean.abs() < 0.01, "{mean}");
        assert!((var - 1.0 / 48.0).abs() < 0.002, "{var}");
        assert_ne!(a, Net::new(config, &mut rng(4)));
    }

    /// Cross-entropy of softmax(y) against class `c`, and its gradient `softmax(y) - onehot`.
    fn xent(y: &[f64], c: usize, dy: &mut [f64]) -> f64 {
        let max = y.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let mut s = 0.0;
        for (d, &v) in dy.iter_mut().zip(y) {
            *d = libm::exp(v - max);
            s += *d;
        }
        for d in dy.iter_mut() {
            *d /= s;
        }
        let loss = -libm::log(dy[c]);
        dy[c] -= 1.0;
        loss
    }

    /// Memory task: three symbols, one-hot, one per step; at step t >= 2 the net must name the
    /// symbol seen at t - 2. Chance is ln 3 = 1.10 nats; a net that remembers gets near 0.
    #[test]
    fn learns_to_recall_the_input_from_two_steps_back() {
        let (len, batch) = (12, 8);
        let config = NetConfig {
            inputs: 3,
            hidden: 16,
            outputs: 3,
        };
        let mut r = rng(11);
        let mut net = Net::new(config.clone(), &mut r);
        let mut adam = Adam::new(
            AdamConfig {
                lr: 1e-2,
                ..AdamConfig::default()
            },
            config.param_count(),
        );
        let make = |r: &mut Rng| {
            let symbols: Vec<usize> = (0..len * batch).map(|_| r.below(3)).collect();
            let mut xs = vec![0.0; len * batch * 3];
            for (t, &s) in symbols.iter().enumerate() {
                xs[t * 3 + s] = 1.0;
            }
            // One forward over the whole batch: a reset starts each sequence.
            let resets: Vec<bool> = (0..len * batch).map(|t| t % len == 0).collect();
            (symbols, xs, resets)
        };
        let mut tape = Tape::new();
        let mut dys = vec![0.0; len * batch * 3];
        let mut run = |net: &Net, data: &(Vec<usize>, Vec<f64>, Vec<bool>), dys: &mut [f64]| {
            let (symbols, xs, resets) = data;
            net.forward(&net.zero_state(), xs, resets, &mut tape);
            let mut loss = 0.0;
            let mut count = 0;
            for t in 0..len * batch {
                let dy = &mut dys[t * 3..(t + 1) * 3];
                if t % len < 2 {
                    dy.fill(0.0);
                } else {
                    loss += xent(tape.y(t), symbols[t - 2], dy);
                    count += 1;
                }
            }
            for d in dys.iter_mut() {
                *d /= count as f64;
            }
            let mut grad = vec![0.0; net.config.param_count()];
            net.backward(&tape, dys, &mut grad);
            (loss / count as f64, grad)
        };
        let held_out = make(&mut r);
        let (initial, _) = run(&net, &held_out, &mut dys);
        assert!((initial - 3f64.ln()).abs() < 0.1, "{initial}");
        for _ in 0..400 {
            let data = make(&mut r);
            let (_, grad) = run(&net, &data, &mut dys);
            adam.step(&mut net.params, &grad);
        }
        let (last, _) = run(&net, &held_out, &mut dys);
        assert!(last < initial / 10.0, "loss {initial} -> {last}");
    }

    /// Forward + backward over 100 steps with hidden 48, inputs 7, outputs 6 (the meta-RL
    /// agent's size). Run with
    /// `cargo test --release -p agora-engine --lib metarl::nn::net::tests::timing -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn timing() {
        let config = NetConfig {
            inputs: 7,
            hidden: 48,
            outputs: 6,
        };
        let mut r = rng(5);
        let net = Net::new(config.clone(), &mut r);
        let len = 100;
        let xs = uniform_vec(&mut r, len * 7, 1.0);
        let dys = uniform_vec(&mut r, len * 6, 1.0);
        let resets: Vec<bool> = (0..len).map(|t| t % 25 == 0).collect();
        let mut tape = Tape::new();
        let mut grad = vec![0.0; config.param_count()];
        let h0 = net.zero_state();
        let reps = 2000;
        for _ in 0..50 {
            net.forward(&h0, &xs, &resets, &mut tape);
            net.backward(&tape, &dys, &mut grad);
        }
        let start = std::time::Instant::now();
        for _ in 0..reps {
            net.forward(&h0, &xs, &resets, &mut tape);
        }
        let fwd = start.elapsed().as_secs_f64() / reps as f64;
        let start = std::time::Instant::now();
        for _ in 0..reps {
            net.forward(&h0, &xs, &resets, &mut tape);
            net.backward(&tape, &dys, &mut grad);
        }
        let both = start.elapsed().as_secs_f64() / reps as f64;
        let (mut h, mut h_out, mut y) = (net.zero_state(), net.zero_state(), vec![0.0; 6]);
        let start = std::time::Instant::now();
        for _ in 0..reps {
            for x in xs.chunks_exact(7) {
                net.step(&h, x, &mut h_out, &mut y);
                std::mem::swap(&mut h, &mut h_out);
            }
        }
        let steps = start.elapsed().as_secs_f64() / reps as f64;
        println!(
            "hidden 48, inputs 7, outputs 6, T = 100: forward {:.1} us, forward+backward {:.1} us, \
             100 x step {:.1} us ({}, {})",
            fwd * 1e6,
            both * 1e6,
            steps * 1e6,
            grad[0],
            h[0]
        );
    }
}
