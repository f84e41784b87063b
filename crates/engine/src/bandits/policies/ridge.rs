//! Ridge regression kept up to date one observation at a time, shared by LinUCB and linear
//! Thompson sampling.
//!
//! With design matrix A = lambda I + sum_s x_s x_s^T and b = sum_s r_s x_s, the estimate is
//! theta_hat = A^-1 b. A^-1 is updated by the Sherman-Morrison formula
//!   (A + x x^T)^-1 = A^-1 - (A^-1 x)(A^-1 x)^T / (1 + x^T A^-1 x),
//! O(d^2) per observation and no matrix inversion. The update subtracts the same product
//! u_i u_j at (i, j) and (j, i), so A^-1 stays exactly symmetric.

/// The ridge state in dimension d.
#[derive(Clone, Debug)]
pub struct Ridge {
    d: usize,
    /// A^-1, row-major d x d.
    a_inv: Vec<f64>,
    b: Vec<f64>,
    theta: Vec<f64>,
    u: Vec<f64>,
}

impl Ridge {
    /// A = lambda I, b = 0.
    pub fn new(d: usize, lambda: f64) -> Self {
        let mut a_inv = vec![0.0; d * d];
        for i in 0..d {
            a_inv[i * d + i] = 1.0 / lambda;
        }
        Ridge {
            d,
            a_inv,
            b: vec![0.0; d],
            theta: vec![0.0; d],
            u: vec![0.0; d],
        }
    }

    pub fn dim(&self) -> usize {
        self.d
    }

    /// A^-1 (row-major).
    pub fn a_inv(&self) -> &[f64] {
        &self.a_inv
    }

    /// theta_hat = A^-1 b.
    pub fn theta(&self) -> &[f64] {
        &self.theta
    }

    /// Add the observation (x, r).
    pub fn update(&mut self, x: &[f64], r: f64) {
        let d = self.d;
        if x.len() != d || d == 0 {
            return;
        }
        for i in 0..d {
            let row = &self.a_inv[i * d..(i + 1) * d];
            self.u[i] = row.iter().zip(x).map(|(a, x)| a * x).sum();
        }
        let denom = 1.0 + x.iter().zip(&self.u).map(|(x, u)| x * u).sum::<f64>();
        for i in 0..d {
            for j in 0..d {
                self.a_inv[i * d + j] -= self.u[i] * self.u[j] / denom;
            }
        }
        for (b, x) in self.b.iter_mut().zip(x) {
            *b += r * x;
        }
        for i in 0..d {
            let row = &self.a_inv[i * d..(i + 1) * d];
            self.theta[i] = row.iter().zip(&self.b).map(|(a, b)| a * b).sum();
        }
    }

    /// x^T theta for any vector (for example a sampled theta).
    pub fn dot(x: &[f64], theta: &[f64]) -> f64 {
        x.iter().zip(theta).map(|(x, t)| x * t).sum()
    }

    /// x^T A^-1 x (clamped at 0 against rounding).
    pub fn quad(&self, x: &[f64]) -> f64 {
        let d = self.d;
        if x.len() != d {
            return 0.0;
        }
        let mut s = 0.0;
        for i in 0..d {
            let row = &self.a_inv[i * d..(i + 1) * d];
            let ax: f64 = row.iter().zip(x).map(|(a, x)| a * x).sum();
            s += x[i] * ax;
        }
        s.max(0.0)
    }

    /// The lower-triangular Cholesky factor L of A^-1 (L L^T = A^-1), row-major into `out`.
    /// A pivot that rounding made non-positive gives a zero column instead of NaN.
    pub fn cholesky_of_inverse(&self, out: &mut [f64]) {
        let d = self.d;
        let m = &self.a_inv;
        out.iter_mut().for_each(|x| *x = 0.0);
        for j in 0..d {
            let mut s = m[j * d + j];
            for k in 0..j {
                s -= out[j * d + k] * out[j * d + k];
            }
            if s <= 0.0 {
                continue;
            }
            let ljj = f64::sqrt(s);
            out[j * d + j] = ljj;
            for i in j + 1..d {
                let mut s = m[i * d + j];
                for k in 0..j {
                    s -= out[i * d + k] * out[j * d + k];
                }
                out[i * d + j] = s / ljj;
            }
        }
    }
}

/// The feature vector of arm `a` if the context has the expected dimension.
pub fn features<'a>(ctx: &crate::bandits::policy::Context<'a>, a: usize, d: usize) -> &'a [f64] {
    if ctx.dim == d && d > 0 && ctx.features.len() >= (a + 1) * d {
        ctx.arm(a)
    } else {
        &[]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    /// Inverse of a small matrix by Gauss-Jordan elimination with partial pivoting.
    fn invert(m: &[f64], d: usize) -> Vec<f64> {
        let mut a = m.to_vec();
        let mut inv = vec![0.0; d * d];
        for i in 0..d {
            inv[i * d + i] = 1.0;
        }
        for c in 0..d {
            let p = (c..d)
                .max_by(|&i, &j| a[i * d + c].abs().partial_cmp(&a[j * d + c].abs()).unwrap())
                .unwrap();
            for k in 0..d {
                a.swap(c * d + k, p * d + k);
                inv.swap(c * d + k, p * d + k);
            }
            let piv = a[c * d + c];
            for k in 0..d {
                a[c * d + k] /= piv;
                inv[c * d + k] /= piv;
            }
            for r in 0..d {
                if r != c {
                    let f = a[r * d + c];
                    for k in 0..d {
                        a[r * d + k] -= f * a[c * d + k];
                        inv[r * d + k] -= f * inv[c * d + k];
                    }
                }
            }
        }
        inv
    }

    #[test]
    fn sherman_morrison_matches_direct_inversion() {
        let d = 4;
        let lambda = 0.5;
        let mut ridge = Ridge::new(d, lambda);
        let mut a = vec![0.0; d * d];
        for i in 0..d {
            a[i * d + i] = lambda;
        }
        let mut b = vec![0.0; d];
        let mut rng = Rng::stream(1, &[]);
        for _ in 0..300 {
            let x: Vec<f64> = (0..d).map(|_| rng.normal()).collect();
            let r = rng.normal();
            ridge.update(&x, r);
            for i in 0..d {
                for j in 0..d {
                    a[i * d + j] += x[i] * x[j];
                }
                b[i] += r * x[i];
            }
        }
        let inv = invert(&a, d);
        for (k, (got, want)) in ridge.a_inv().iter().zip(&inv).enumerate() {
            assert!((got - want).abs() < 1e-12, "entry {k}");
        }
        // theta_hat solves the normal equations A theta = b.
        for i in 0..d {
            let lhs: f64 = (0..d).map(|j| a[i * d + j] * ridge.theta()[j]).sum();
            assert!((lhs - b[i]).abs() < 1e-9);
        }
        // Exact symmetry.
        for i in 0..d {
            for j in 0..d {
                assert_eq!(ridge.a_inv()[i * d + j], ridge.a_inv()[j * d + i]);
            }
        }
        // Cholesky: L L^T = A^-1.
        let mut l = vec![0.0; d * d];
        ridge.cholesky_of_inverse(&mut l);
        for i in 0..d {
            for j in 0..d {
                let s: f64 = (0..d).map(|k| l[i * d + k] * l[j * d + k]).sum();
                assert!((s - inv[i * d + j]).abs() < 1e-12);
            }
        }
        // x^T A^-1 x.
        let x = [0.3, -1.0, 2.0, 0.5];
        let want: f64 = (0..d)
            .map(|i| (0..d).map(|j| x[i] * inv[i * d + j] * x[j]).sum::<f64>())
            .sum();
        assert!((ridge.quad(&x) - want).abs() < 1e-12);
    }
}
