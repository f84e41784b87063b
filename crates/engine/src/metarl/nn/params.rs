//! The network's shape ([`NetConfig`]), where each weight lives in the flat parameter vector
//! ([`Layout`]), and helpers over flat vectors: [`polyak`] averaging, [`clip_grad_norm`] and
//! [`params_digest`].
//!
//! Every helper is a plain loop in index order, so the bits do not depend on the target.

use crate::digest::digest_bytes;
use crate::error::{check_count, ConfigError};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Most hidden units (the GRU's state size).
pub const MAX_HIDDEN: usize = 256;
/// Most inputs per step.
pub const MAX_INPUTS: usize = 256;
/// Most outputs per step.
pub const MAX_OUTPUTS: usize = 64;

/// The shape of a [`super::Net`]: `inputs` numbers in per step, a GRU state of `hidden`
/// numbers, `outputs` numbers out per step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NetConfig {
    pub inputs: usize,
    pub hidden: usize,
    pub outputs: usize,
}

impl NetConfig {
    /// Length of the flat parameter vector:
    /// `3H*I + 3H*H + 3H + 3H + O*H + O` (see [`Layout`]).
    pub fn param_count(&self) -> usize {
        self.layout().b_out.end
    }

    /// `inputs` in 1..=256, `hidden` in 1..=256, `outputs` in 1..=64.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_count("inputs", self.inputs, 1, MAX_INPUTS)?;
        check_count("hidden", self.hidden, 1, MAX_HIDDEN)?;
        check_count("outputs", self.outputs, 1, MAX_OUTPUTS)?;
        Ok(())
    }

    /// Where each weight matrix and bias lives in the flat parameter vector.
    pub fn layout(&self) -> Layout {
        let (i, h, o) = (self.inputs, self.hidden, self.outputs);
        let w_ih = 0..3 * h * i;
        let w_hh = w_ih.end..w_ih.end + 3 * h * h;
        let b_ih = w_hh.end..w_hh.end + 3 * h;
        let b_hh = b_ih.end..b_ih.end + 3 * h;
        let w_out = b_hh.end..b_hh.end + o * h;
        let b_out = w_out.end..w_out.end + o;
        Layout {
            w_ih,
            w_hh,
            b_ih,
            b_hh,
            w_out,
            b_out,
        }
    }
}

/// The flat parameter vector's blocks, in this order (all matrices row-major, rows of the GRU
/// blocks in gate order r, z, n as in PyTorch's `weight_ih_l0` / `weight_hh_l0`):
///
/// | block   | shape      | meaning                                    |
/// |---------|------------|--------------------------------------------|
/// | `w_ih`  | `3H x I`   | input weights: rows `W_ir`, `W_iz`, `W_in` |
/// | `w_hh`  | `3H x H`   | hidden weights: rows `W_hr`, `W_hz`, `W_hn`|
/// | `b_ih`  | `3H`       | input biases `b_ir`, `b_iz`, `b_in`        |
/// | `b_hh`  | `3H`       | hidden biases `b_hr`, `b_hz`, `b_hn`       |
/// | `w_out` | `O x H`    | output head weights                        |
/// | `b_out` | `O`        | output head biases                         |
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub w_ih: Range<usize>,
    pub w_hh: Range<usize>,
    pub b_ih: Range<usize>,
    pub b_hh: Range<usize>,
    pub w_out: Range<usize>,
    pub b_out: Range<usize>,
}

/// Polyak (soft) target update, elementwise: `target = (1 - tau) * target + tau * online`.
///
/// `tau = 1` copies `online`; `tau = 0` leaves `target` unchanged.
pub fn polyak(target: &mut [f64], online: &[f64], tau: f64) {
    assert_eq!(target.len(), online.len(), "polyak: lengths differ");
    let keep = 1.0 - tau;
    for (t, &o) in target.iter_mut().zip(online) {
        *t = keep * *t + tau * o;
    }
}

/// Euclidean norm of `v`, summed in index order.
pub fn l2_norm(v: &[f64]) -> f64 {
    let mut s = 0.0;
    for &x in v {
        s += x * x;
    }
    s.sqrt()
}

/// Scales `grad` so that its Euclidean norm is `max_norm` if it was larger, and returns the
/// norm before clipping (as `torch.nn.utils.clip_grad_norm_`, but with the exact factor
/// `max_norm / norm` instead of `max_norm / (norm + 1e-6)`).
///
/// A non-finite norm (a NaN or infinite gradient) is returned and `grad` is left as it is, so
/// the caller can see it and skip the update.
pub fn clip_grad_norm(grad: &mut [f64], max_norm: f64) -> f64 {
    let norm = l2_norm(grad);
    if norm.is_finite() && norm > max_norm {
        let scale = max_norm / norm;
        for g in grad.iter_mut() {
            *g *= scale;
        }
    }
    norm
}

/// A short digest of a parameter vector: SHA-256 of the little-endian bytes of every `f64` in
/// order, first 16 hex characters ([`crate::digest::digest_bytes`]). Equal digests mean equal
/// bits.
pub fn params_digest(params: &[f64]) -> String {
    let mut bytes = Vec::with_capacity(params.len() * 8);
    for &p in params {
        bytes.extend_from_slice(&p.to_le_bytes());
    }
    digest_bytes(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn param_count_adds_up_the_blocks() {
        let c = NetConfig {
            inputs: 3,
            hidden: 5,
            outputs: 2,
        };
        // PyTorch GRU(3, 5): weight_ih 15x3, weight_hh 15x5, two biases of 15; Linear(5, 2).
        assert_eq!(c.param_count(), 45 + 75 + 15 + 15 + 10 + 2);
        let l = c.layout();
        assert_eq!(l.w_ih, 0..45);
        assert_eq!(l.w_hh, 45..120);
        assert_eq!(l.b_ih, 120..135);
        assert_eq!(l.b_hh, 135..150);
        assert_eq!(l.w_out, 150..160);
        assert_eq!(l.b_out, 160..162);
    }

    #[test]
    fn validate_names_the_field() {
        let ok = NetConfig {
            inputs: 7,
            hidden: 48,
            outputs: 6,
        };
        assert!(ok.validate().is_ok());
        let e = NetConfig {
            hidden: 0,
            ..ok.clone()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.field, "hidden");
        let e = NetConfig {
            hidden: 257,
            ..ok.clone()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.field, "hidden");
        let e = NetConfig {
            inputs: 0,
            ..ok.clone()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.field, "inputs");
        let e = NetConfig {
            outputs: 65,
            ..ok.clone()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.field, "outputs");
        assert!(NetConfig {
            hidden: 256,
            inputs: 256,
            outputs: 64
        }
        .validate()
        .is_ok());
    }

    #[test]
    fn polyak_interpolates() {
        let online = [1.0, -2.0, 4.0];
        let mut t = [0.0, 0.0, 0.0];
        polyak(&mut t, &online, 0.25);
        assert_eq!(t, [0.25, -0.5, 1.0]);
        polyak(&mut t, &online, 0.0);
        assert_eq!(t, [0.25, -0.5, 1.0]);
        polyak(&mut t, &online, 1.0);
        assert_eq!(t, online);
        // Repeated soft updates converge to the online weights.
        let mut t = [10.0, 10.0, 10.0];
        for _ in 0..2000 {
            polyak(&mut t, &online, 0.01);
        }
        for (a, b) in t.iter().zip(online) {
            assert!((a - b).abs() < 1e-6);
        }
    }

    #[test]
    fn clip_grad_norm_scales_only_large_gradients() {
        let mut g = [3.0, 4.0];
        assert_eq!(clip_grad_norm(&mut g, 10.0), 5.0);
        assert_eq!(g, [3.0, 4.0]);
        assert_eq!(clip_grad_norm(&mut g, 1.0), 5.0);
        assert!((g[0] - 0.6).abs() < 1e-15 && (g[1] - 0.8).abs() < 1e-15);
        assert!((l2_norm(&g) - 1.0).abs() < 1e-15);
        // Direction kept.
        assert!((g[1] / g[0] - 4.0 / 3.0).abs() < 1e-15);
        let mut z = [0.0; 4];
        assert_eq!(clip_grad_norm(&mut z, 1.0), 0.0);
        assert_eq!(z, [0.0; 4]);
        let mut bad = [f64::NAN, 1.0];
        assert!(clip_grad_norm(&mut bad, 1.0).is_nan());
        assert_eq!(bad[1], 1.0);
    }

    #[test]
    fn digest_is_of_the_little_endian_bytes() {
        let d = params_digest(&[1.0, -0.5]);
        let mut bytes = Vec::new();
        bytes.extend_from_slice(&1.0f64.to_le_bytes());
        bytes.extend_from_slice(&(-0.5f64).to_le_bytes());
        assert_eq!(d, digest_bytes(&bytes));
        assert!(crate::digest::is_digest(&d));
        // One ulp changes the digest; -0.0 and 0.0 differ.
        assert_ne!(
            params_digest(&[1.0]),
            params_digest(&[f64::from_bits(1.0f64.to_bits() + 1)])
        );
        assert_ne!(params_digest(&[0.0]), params_digest(&[-0.0]));
        // Empty vector: SHA-256 of nothing (FIPS 180-2: e3b0c442 98fc1c14 ...).
        assert_eq!(params_digest(&[]), "e3b0c44298fc1c14");
    }
}
