//! Exponential weights, shared by softmax (Boltzmann) exploration, the gradient bandit, EXP3
//! and Hedge.
//!
//! p_i = exp(z_i) / sum_j exp(z_j), computed as exp(z_i - max_j z_j) / sum_j exp(z_j - max_j z_j)
//! so that no exponential overflows (the largest term is exp(0) = 1) and the result is the same
//! real number. Sums run in arm order, so the bits do not depend on anything else.

/// Write softmax(`z`) into `out` (same length). Falls back to uniform if `z` holds no finite
/// maximum (it never does for the policies here; the fallback only keeps bad input harmless).
pub fn softmax_into(z: &[f64], out: &mut [f64]) {
    debug_assert_eq!(z.len(), out.len());
    let max = z.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    if !max.is_finite() {
        let p = 1.0 / z.len() as f64;
        out.iter_mut().for_each(|o| *o = p);
        return;
    }
    let mut sum = 0.0;
    for (o, &zi) in out.iter_mut().zip(z) {
        *o = libm::exp(zi - max);
        sum += *o;
    }
    // sum >= 1 because the maximal term is exp(0) = 1.
    out.iter_mut().for_each(|o| *o /= sum);
}

/// softmax(`z`) as a new vector.
pub fn softmax(z: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0; z.len()];
    softmax_into(z, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_definition_and_survives_large_inputs() {
        // Direct formula on small inputs: exp(z_i) / sum exp(z_j).
        let z: [f64; 3] = [0.5, -1.0, 2.0];
        let denom: f64 = z.iter().map(|x| x.exp()).sum();
        let p = softmax(&z);
        for i in 0..3 {
            assert!((p[i] - z[i].exp() / denom).abs() < 1e-15);
        }
        // Shift invariance: softmax(z + c) = softmax(z), even where exp(z + c) overflows.
        let big: Vec<f64> = z.iter().map(|x| x + 1e4).collect();
        let q = softmax(&big);
        for i in 0..3 {
            assert!((p[i] - q[i]).abs() < 1e-12);
        }
        assert!((q.iter().sum::<f64>() - 1.0).abs() < 1e-15);
        // A non-finite maximum gives the uniform distribution instead of NaN.
        assert_eq!(softmax(&[f64::NAN, f64::NAN]), vec![0.5, 0.5]);
    }
}
