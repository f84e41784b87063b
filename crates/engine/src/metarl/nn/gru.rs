//! The GRU cell (Cho et al. 2014, in PyTorch's convention), its forward pass over a sequence
//! recorded on a [`GruTape`], and backpropagation through time.
//!
//! For hidden unit `j`, with input `x` and previous state `h` (PyTorch `torch.nn.GRU` docs):
//!
//! ```text
//! r  = sigmoid(W_ir x + b_ir + W_hr h + b_hr)
//! z  = sigmoid(W_iz x + b_iz + W_hz h + b_hz)
//! hn = W_hn h + b_hn
//! n  = tanh(W_in x + b_in + r * hn)
//! h' = (1 - z) * n + z * h
//! ```
//!
//! Each pre-activation is summed in one fixed order: the input part `b_i + sum_k W_i[j,k] x[k]`
//! (k ascending), the hidden part `b_h + sum_k W_h[j,k] h[k]` (k ascending), then
//! `input + hidden` (for `r` and `z`) or `input + r * hidden` (for `n`). [`unit()`] is the only
//! place this is computed, so single steps and recorded sequences give the same bits.
//!
//! Backward, with `g = dL/dh'` for one unit:
//!
//! ```text
//! dn = g (1 - z)          dz = g (h - n)         dh (direct) = g z
//! da_n = dn (1 - n^2)     (pre-activation of n; also dL/d(b_in), and the W_in row's factor)
//! d(hn) = da_n r          dr = da_n hn
//! da_r = dr r (1 - r)     da_z = dz z (1 - z)
//! dh += W_hr^T da_r + W_hz^T da_z + W_hn^T d(hn)
//! ```

use super::params::NetConfig;
use std::cell::RefCell;

/// Logistic sigmoid `1 / (1 + e^-a)`, written so `exp` never overflows into a NaN.
#[inline]
pub fn sigmoid(a: f64) -> f64 {
    if a >= 0.0 {
        1.0 / (1.0 + libm::exp(-a))
    } else {
        let e = libm::exp(a);
        e / (1.0 + e)
    }
}

/// `b + sum_k w[k] x[k]`, k ascending.
#[inline]
pub(crate) fn affine(b: f64, w: &[f64], x: &[f64]) -> f64 {
    let mut s = b;
    for (wk, xk) in w.iter().zip(x) {
        s += wk * xk;
    }
    s
}

/// The GRU's weights: views into a flat parameter vector (see [`super::params::Layout`]).
#[derive(Clone, Copy, Debug)]
pub struct GruWeights<'a> {
    pub inputs: usize,
    pub hidden: usize,
    /// `3H x I`, rows r, z, n.
    pub w_ih: &'a [f64],
    /// `3H x H`, rows r, z, n.
    pub w_hh: &'a [f64],
    pub b_ih: &'a [f64],
    pub b_hh: &'a [f64],
}

impl<'a> GruWeights<'a> {
    /// The GRU blocks of `params` (a whole network's parameter vector).
    pub fn new(config: &NetConfig, params: &'a [f64]) -> Self {
        let l = config.layout();
        GruWeights {
            inputs: config.inputs,
            hidden: config.hidden,
            w_ih: &params[l.w_ih],
            w_hh: &params[l.w_hh],
            b_ih: &params[l.b_ih],
            b_hh: &params[l.b_hh],
        }
    }
}

/// Gradient accumulators for the GRU blocks (same shapes as [`GruWeights`]).
#[derive(Debug)]
pub struct GruGrads<'a> {
    pub w_ih: &'a mut [f64],
    pub w_hh: &'a mut [f64],
    pub b_ih: &'a mut [f64],
    pub b_hh: &'a mut [f64],
}

impl<'a> GruGrads<'a> {
    /// The GRU blocks of `grad` (a whole network's gradient vector), and the rest (the head's
    /// `w_out` then `b_out`).
    pub fn split(config: &NetConfig, grad: &'a mut [f64]) -> (Self, &'a mut [f64]) {
        let l = config.layout();
        let (w_ih, rest) = grad.split_at_mut(l.w_ih.len());
        let (w_hh, rest) = rest.split_at_mut(l.w_hh.len());
        let (b_ih, rest) = rest.split_at_mut(l.b_ih.len());
        let (b_hh, rest) = rest.split_at_mut(l.b_hh.len());
        (
            GruGrads {
                w_ih,
                w_hh,
                b_ih,
                b_hh,
            },
            rest,
        )
    }
}

/// `(b_0 + w_0 . v, b_1 + w_1 . v, b_2 + w_2 . v)`, each summed as [`affine`] does (bias, then
/// k ascending). The three sums are interleaved in one loop only so the processor can overlap
/// them; each one's order of operations, hence its bits, is that of [`affine`].
#[inline]
fn affine3(b: [f64; 3], w0: &[f64], w1: &[f64], w2: &[f64], v: &[f64]) -> [f64; 3] {
    let [mut s0, mut s1, mut s2] = b;
    for (((a0, a1), a2), vk) in w0.iter().zip(w1).zip(w2).zip(v) {
        s0 += a0 * vk;
        s1 += a1 * vk;
        s2 += a2 * vk;
    }
    [s0, s1, s2]
}

/// One hidden unit `j` of one step: `(r, z, n, hn, h')` (see the module docs).
#[inline]
pub fn unit(w: &GruWeights<'_>, j: usize, h: &[f64], x: &[f64]) -> (f64, f64, f64, f64, f64) {
    let (ni, nh) = (w.inputs, w.hidden);
    let (jr, jz, jn) = (j, nh + j, 2 * nh + j);
    let row_i = |k: usize| &w.w_ih[k * ni..(k + 1) * ni];
    let row_h = |k: usize| &w.w_hh[k * nh..(k + 1) * nh];
    let [ir, iz, in_] = affine3(
        [w.b_ih[jr], w.b_ih[jz], w.b_ih[jn]],
        row_i(jr),
        row_i(jz),
        row_i(jn),
        x,
    );
    let [hr, hz, hn] = affine3(
        [w.b_hh[jr], w.b_hh[jz], w.b_hh[jn]],
        row_h(jr),
        row_h(jz),
        row_h(jn),
        h,
    );
    let r = sigmoid(ir + hr);
    let z = sigmoid(iz + hz);
    let n = libm::tanh(in_ + r * hn);
    let h_new = (1.0 - z) * n + z * h[j];
    (r, z, n, hn, h_new)
}

/// Units per block in [`cell`].
const BLOCK: usize = 4;

/// `b[u] + sum_k rows[u][k] v[k]` for 4 rows, each summed as [`affine`] does (bias, then k
/// ascending): the four sums are interleaved in one loop only so the processor can overlap
/// them; each one's order of operations, hence its bits, is that of [`affine`].
#[inline]
fn affine4(b: [f64; 4], rows: [&[f64]; 4], v: &[f64]) -> [f64; 4] {
    let [mut s0, mut s1, mut s2, mut s3] = b;
    let [w0, w1, w2, w3] = rows;
    for ((((a0, a1), a2), a3), vk) in w0.iter().zip(w1).zip(w2).zip(w3).zip(v) {
        s0 += a0 * vk;
        s1 += a1 * vk;
        s2 += a2 * vk;
        s3 += a3 * vk;
    }
    [s0, s1, s2, s3]
}

/// Units `j0 .. j0 + BLOCK` of one step, as [`unit()`] computes each (same order of operations
/// in every sum, hence the same bits), with dot products interleaved four at a time.
#[inline]
fn block(w: &GruWeights<'_>, j0: usize, h: &[f64], x: &[f64]) -> [[f64; 5]; BLOCK] {
    let (ni, nh) = (w.inputs, w.hidden);
    let gate = |g: usize, m: &[f64], b: &[f64], len: usize, v: &[f64]| {
        let row = |u: usize| {
            let k = g * nh + j0 + u;
            &m[k * len..(k + 1) * len]
        };
        let k = g * nh + j0;
        affine4(
            [b[k], b[k + 1], b[k + 2], b[k + 3]],
            [row(0), row(1), row(2), row(3)],
            v,
        )
    };
    let (ir, hr) = (
        gate(0, w.w_ih, w.b_ih, ni, x),
        gate(0, w.w_hh, w.b_hh, nh, h),
    );
    let (iz, hz) = (
        gate(1, w.w_ih, w.b_ih, ni, x),
        gate(1, w.w_hh, w.b_hh, nh, h),
    );
    let (in_, hn) = (
        gate(2, w.w_ih, w.b_ih, ni, x),
        gate(2, w.w_hh, w.b_hh, nh, h),
    );
    let mut out = [[0.0; 5]; BLOCK];
    for (u, o) in out.iter_mut().enumerate() {
        let r = sigmoid(ir[u] + hr[u]);
        let z = sigmoid(iz[u] + hz[u]);
        let n = libm::tanh(in_[u] + r * hn[u]);
        let h_new = (1.0 - z) * n + z * h[j0 + u];
        *o = [r, z, n, hn[u], h_new];
    }
    out
}

/// One step for every unit: calls `emit(j, [r, z, n, hn, h'])` for j ascending. The values are
/// [`unit()`]'s, bit for bit (units are computed in blocks only for speed).
#[inline]
fn cell(w: &GruWeights<'_>, h: &[f64], x: &[f64], mut emit: impl FnMut(usize, [f64; 5])) {
    let nh = w.hidden;
    let full = nh - nh % BLOCK;
    for j0 in (0..full).step_by(BLOCK) {
        for (u, v) in block(w, j0, h, x).into_iter().enumerate() {
            emit(j0 + u, v);
        }
    }
    for j in full..nh {
        let (r, z, n, hn, h_new) = unit(w, j, h, x);
        emit(j, [r, z, n, hn, h_new]);
    }
}

/// One GRU step without recording: `h_out = GRU(h, x)`.
pub fn step(w: &GruWeights<'_>, h: &[f64], x: &[f64], h_out: &mut [f64]) {
    assert_eq!(h.len(), w.hidden, "GRU step: state length");
    assert_eq!(x.len(), w.inputs, "GRU step: input length");
    assert_eq!(h_out.len(), w.hidden, "GRU step: output length");
    cell(w, h, x, |j, v| h_out[j] = v[4]);
}

/// Everything backpropagation needs from a forward pass over a sequence. Buffers are reused:
/// once a tape has held a sequence this long, recording another allocates nothing.
#[derive(Clone, Debug, Default)]
pub struct GruTape {
    inputs: usize,
    hidden: usize,
    len: usize,
    /// The state given before step 0 (`H`).
    h0: Vec<f64>,
    /// Inputs (`T x I`).
    xs: Vec<f64>,
    resets: Vec<bool>,
    /// State entering step `t` (zeros after a reset) (`T x H`).
    h_prev: Vec<f64>,
    r: Vec<f64>,
    z: Vec<f64>,
    n: Vec<f64>,
    hn: Vec<f64>,
    /// State after step `t` (`T x H`).
    h: Vec<f64>,
    /// Forward scratch: `W_ih` transposed (`I x 3H`) then `W_hh` transposed (`H x 3H`).
    wt: Vec<f64>,
    /// Forward scratch: one step's input-side then hidden-side pre-activations (`3H` each).
    pre: Vec<f64>,
    /// Backward scratch: `dh (H) | dh_prev (H) | gi (3H) | gh (3H)`.
    scratch: RefCell<Vec<f64>>,
}

impl GruTape {
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of recorded steps.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn hidden(&self) -> usize {
        self.hidden
    }

    pub fn inputs(&self) -> usize {
        self.inputs
    }

    /// The state after step `t`.
    pub fn h(&self, t: usize) -> &[f64] {
        assert!(t < self.len, "step {t} of a {}-step tape", self.len);
        &self.h[t * self.hidden..(t + 1) * self.hidden]
    }

    /// The state after the last step (the initial state if no step was recorded).
    pub fn h_last(&self) -> &[f64] {
        if self.len == 0 {
            &self.h0
        } else {
            self.h(self.len - 1)
        }
    }

    /// All states after each step (`T x H`, row-major).
    pub fn hs(&self) -> &[f64] {
        &self.h[..self.len * self.hidden]
    }

    fn prepare(&mut self, inputs: usize, hidden: usize, len: usize) {
        self.inputs = inputs;
        self.hidden = hidden;
        self.len = len;
        let th = len * hidden;
        self.h0.resize(hidden, 0.0);
        self.xs.resize(len * inputs, 0.0);
        self.resets.resize(len, false);
        for v in [
            &mut self.h_prev,
            &mut self.r,
            &mut self.z,
            &mut self.n,
            &mut self.hn,
            &mut self.h,
        ] {
            v.resize(th, 0.0);
        }
        self.wt.resize((inputs + hidden) * 3 * hidden, 0.0);
        self.pre.resize(6 * hidden, 0.0);
        self.scratch.get_mut().resize(8 * hidden, 0.0);
    }
}

/// Runs the GRU over `T = resets.len()` steps of `xs` (`T x I`, row-major), starting from `h0`,
/// and records the pass on `tape`. Before step `t`, if `resets[t]`, the state is replaced by
/// zeros.
pub fn forward(w: &GruWeights<'_>, h0: &[f64], xs: &[f64], resets: &[bool], tape: &mut GruTape) {
    let (ni, nh, len) = (w.inputs, w.hidden, resets.len());
    assert_eq!(h0.len(), nh, "GRU forward: h0 length");
    assert_eq!(xs.len(), len * ni, "GRU forward: xs must be T x inputs");
    tape.prepare(ni, nh, len);
    tape.h0.copy_from_slice(h0);
    tape.xs.copy_from_slice(xs);
    tape.resets.copy_from_slice(resets);
    // The same sums as [`unit()`] (bias, then k ascending, for every row), computed as
    // `acc += column_k * v[k]` over transposed weights: every row's order of operations, hence
    // its bits, is unchanged, and the loops run over contiguous independent elements.
    let g3 = 3 * nh;
    let (wt_i, wt_h) = tape.wt.split_at_mut(ni * g3);
    transpose(w.w_ih, g3, ni, wt_i);
    transpose(w.w_hh, g3, nh, wt_h);
    let (ai, ah) = tape.pre.split_at_mut(g3);
    for t in 0..len {
        let cur = t * nh..(t + 1) * nh;
        if resets[t] {
            tape.h_prev[cur.clone()].fill(0.0);
        } else if t == 0 {
            tape.h_prev[cur.clone()].copy_from_slice(h0);
        } else {
            tape.h_prev[cur.clone()].copy_from_slice(&tape.h[cur.start - nh..cur.start]);
        }
        let hp = &tape.h_prev[cur.clone()];
        let x = &xs[t * ni..(t + 1) * ni];
        ai.copy_from_slice(w.b_ih);
        for (col, &v) in wt_i.chunks_exact(g3).zip(x) {
            for (a, &c) in ai.iter_mut().zip(col) {
                *a += c * v;
            }
        }
        ah.copy_from_slice(w.b_hh);
        for (col, &v) in wt_h.chunks_exact(g3).zip(hp) {
            for (a, &c) in ah.iter_mut().zip(col) {
                *a += c * v;
            }
        }
        for j in 0..nh {
            let k = cur.start + j;
            let r = sigmoid(ai[j] + ah[j]);
            let z = sigmoid(ai[nh + j] + ah[nh + j]);
            let hn = ah[2 * nh + j];
            let n = libm::tanh(ai[2 * nh + j] + r * hn);
            tape.r[k] = r;
            tape.z[k] = z;
            tape.n[k] = n;
            tape.hn[k] = hn;
            tape.h[k] = (1.0 - z) * n + z * hp[j];
        }
    }
}

/// `out (cols x rows) = m (rows x cols)` transposed, both row-major.
fn transpose(m: &[f64], rows: usize, cols: usize, out: &mut [f64]) {
    for (r, row) in m.chunks_exact(cols).enumerate().take(rows) {
        for (c, &v) in row.iter().enumerate() {
            out[c * rows + r] = v;
        }
    }
}

/// Backpropagation through time over the sequence on `tape`. `dhs` (`T x H`) is the gradient
/// of the loss with respect to each step's output state from outside the recurrence (for
/// example through an output head); the gradient through the recurrence is added here.
/// Gradients are ACCUMULATED into `grad`. Nothing flows across a reset (the state was replaced
/// by zeros) or into the initial state `h0`.
pub fn backward(w: &GruWeights<'_>, tape: &GruTape, dhs: &[f64], grad: &mut GruGrads<'_>) {
    let (ni, nh, len) = (w.inputs, w.hidden, tape.len);
    assert_eq!(
        (tape.inputs, tape.hidden),
        (ni, nh),
        "GRU backward: the tape was recorded with another shape"
    );
    assert_eq!(dhs.len(), len * nh, "GRU backward: dhs must be T x hidden");
    assert_eq!(grad.w_ih.len(), 3 * nh * ni, "GRU backward: grad shape");
    assert_eq!(grad.w_hh.len(), 3 * nh * nh, "GRU backward: grad shape");
    let mut scratch = tape.scratch.borrow_mut();
    let (dh, rest) = scratch.split_at_mut(nh);
    let (dh_prev, rest) = rest.split_at_mut(nh);
    let (gi, gh) = rest.split_at_mut(3 * nh);
    dh.fill(0.0);
    for t in (0..len).rev() {
        let base = t * nh;
        for (d, &e) in dh.iter_mut().zip(&dhs[base..base + nh]) {
            *d += e;
        }
        let hp = &tape.h_prev[base..base + nh];
        let x = &tape.xs[t * ni..(t + 1) * ni];
        for j in 0..nh {
            let k = base + j;
            let (r, z, n, hn) = (tape.r[k], tape.z[k], tape.n[k], tape.hn[k]);
            let g = dh[j];
            let dn = g * (1.0 - z);
            let dz = g * (hp[j] - n);
            dh_prev[j] = g * z;
            let da_n = dn * (1.0 - n * n);
            let dhn = da_n * r;
            let dr = da_n * hn;
            let da_r = dr * r * (1.0 - r);
            let da_z = dz * z * (1.0 - z);
            gi[j] = da_r;
            gi[nh + j] = da_z;
            gi[2 * nh + j] = da_n;
            gh[j] = da_r;
            gh[nh + j] = da_z;
            gh[2 * nh + j] = dhn;
        }
        // Input side: W_ih += gi x^T, b_ih += gi.
        for (row, (&g, b)) in grad
            .w_ih
            .chunks_exact_mut(ni)
            .zip(gi.iter().zip(grad.b_ih.iter_mut()))
        {
            *b += g;
            for (wk, xk) in row.iter_mut().zip(x) {
                *wk += g * xk;
            }
        }
        for (b, &g) in grad.b_hh.iter_mut().zip(gh.iter()) {
            *b += g;
        }
        // After a reset the state entering this step was zeros given from outside: W_hh saw
        // zeros (no gradient) and nothing flows further back. At t = 0 the earlier state is
        // h0, which gets no gradient either.
        if tape.resets[t] {
            dh.fill(0.0);
            continue;
        }
        // Hidden side: W_hh += gh h_prev^T.
        for (row, &g) in grad.w_hh.chunks_exact_mut(nh).zip(gh.iter()) {
            for (wk, hk) in row.iter_mut().zip(hp) {
                *wk += g * hk;
            }
        }
        if t == 0 {
            break;
        }
        // dh_prev += W_hh^T gh (rows k ascending).
        for (row, &g) in w.w_hh.chunks_exact(nh).zip(gh.iter()) {
            for (d, wk) in dh_prev.iter_mut().zip(row) {
                *d += wk * g;
            }
        }
        dh.copy_from_slice(dh_prev);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(a: f64) -> f64 {
        1.0 / (1.0 + (-a).exp())
    }

    /// One step of a GRU with 2 inputs and 2 hidden units, each gate written out by hand.
    #[test]
    fn one_step_matches_a_hand_computation() {
        let config = NetConfig {
            inputs: 2,
            hidden: 2,
            outputs: 1,
        };
        // W_ih rows: r0, r1, z0, z1, n0, n1 (2 inputs each).
        #[rustfmt::skip]
        let w_ih = [
            0.1, -0.2,
            0.3, 0.4,
            -0.5, 0.6,
            0.7, -0.8,
            0.9, 0.15,
            -0.25, 0.35,
        ];
        #[rustfmt::skip]
        let w_hh = [
            0.05, -0.1,
            0.2, 0.12,
            -0.3, 0.25,
            0.45, -0.15,
            0.6, -0.4,
            0.33, 0.22,
        ];
        let b_ih = [0.01, -0.02, 0.03, -0.04, 0.05, -0.06];
        let b_hh = [-0.07, 0.08, -0.09, 0.1, -0.11, 0.12];
        let mut params = Vec::new();
        params.extend_from_slice(&w_ih);
        params.extend_from_slice(&w_hh);
        params.extend_from_slice(&b_ih);
        params.extend_from_slice(&b_hh);
        params.extend_from_slice(&[0.0, 0.0, 0.0]); // head, unused here
        assert_eq!(params.len(), config.param_count());
        let x = [1.5, -0.5];
        let h = [0.3, -0.7];

        // By hand.
        let r0 = sig(0.1 * 1.5 + -0.2 * -0.5 + 0.01 + 0.05 * 0.3 + -0.1 * -0.7 + -0.07);
        let r1 = sig(0.3 * 1.5 + 0.4 * -0.5 + -0.02 + 0.2 * 0.3 + 0.12 * -0.7 + 0.08);
        let z0 = sig(-0.5 * 1.5 + 0.6 * -0.5 + 0.03 + -0.3 * 0.3 + 0.25 * -0.7 + -0.09);
        let z1 = sig(0.7 * 1.5 + -0.8 * -0.5 + -0.04 + 0.45 * 0.3 + -0.15 * -0.7 + 0.1);
        let n0 = (0.9 * 1.5 + 0.15 * -0.5 + 0.05 + r0 * (0.6 * 0.3 + -0.4 * -0.7 + -0.11)).tanh();
        let n1 = (-0.25 * 1.5 + 0.35 * -0.5 - 0.06 + r1 * (0.33 * 0.3 + 0.22 * -0.7 + 0.12)).tanh();
        let h0_new = (1.0 - z0) * n0 + z0 * 0.3;
        let h1_new = (1.0 - z1) * n1 + z1 * -0.7;

        let w = GruWeights::new(&config, &params);
        let mut out = [0.0; 2];
        step(&w, &h, &x, &mut out);
        assert!((out[0] - h0_new).abs() < 1e-14, "{} vs {h0_new}", out[0]);
        assert!((out[1] - h1_new).abs() < 1e-14, "{} vs {h1_new}", out[1]);
        // Gate values too.
        let (r, z, n, _, _) = unit(&w, 1, &h, &x);
        assert!((r - r1).abs() < 1e-15 && (z - z1).abs() < 1e-15 && (n - n1).abs() < 1e-15);
        // A pinned decimal value, so a change of convention (for example r applied before
        // W_hn, as in Cho et al.'s original, or h' = z n + (1 - z) h) cannot go unnoticed:
        // computed from the formulas above with Python's `math` module.
        assert!((h0_new - 0.786_396_646_281_968).abs() < 1e-12, "{h0_new}");
    }

    #[test]
    fn sigmoid_is_stable_and_symmetric() {
        assert_eq!(sigmoid(0.0), 0.5);
        assert_eq!(sigmoid(1000.0), 1.0);
        assert_eq!(sigmoid(-1000.0), 0.0);
        for &a in &[0.1, 1.0, 3.0, 20.0] {
            assert!((sigmoid(a) + sigmoid(-a) - 1.0).abs() < 1e-15);
            assert!((sigmoid(a) - sig(a)).abs() < 1e-15);
        }
    }
}
