//! The one portable random number generator, and how streams are derived from a seed.
//!
//! Every random draw in Agora comes from a [`Rng`]: ChaCha8 (from `rand_chacha`) keyed by
//! SHA-256 of the experiment seed and a *stream path* that names who draws (for example
//! `["bandits/env", rep]` or `["bandits/policy", rep, <policy identity>]`). Streams are
//! independent of each other, so adding a policy never changes another policy's draws, and the
//! bits are the same natively and in wasm: the generator is integer-only, and the continuous
//! samplers below use `libm` (not the platform's libm) for `ln`, `exp` and friends.

use crate::sampling::Shape;
use sha2::{Digest, Sha256};

/// The ChaCha8 generator: `rand_chacha`'s natively (SSE2/AVX2), the same words from
/// [`crate::chacha`]'s WebAssembly SIMD core in the browser.
#[cfg(not(target_arch = "wasm32"))]
type Generator = rand_chacha::ChaCha8Rng;
#[cfg(target_arch = "wasm32")]
type Generator = rand_chacha::rand_core::block::BlockRng<crate::chacha::ChaCha8Core>;

/// ChaCha8 keyed by `key`, on stream (nonce) `stream`, at its first word.
fn generator(key: [u8; 32], stream: u64) -> Generator {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use rand_chacha::rand_core::SeedableRng;
        let mut g = rand_chacha::ChaCha8Rng::from_seed(key);
        g.set_stream(stream);
        g
    }
    #[cfg(target_arch = "wasm32")]
    {
        rand_chacha::rand_core::block::BlockRng::new(crate::chacha::ChaCha8Core::new(key, stream))
    }
}

/// A part of a stream path: a label or a number.
#[derive(Clone, Copy, Debug)]
pub enum Key<'a> {
    Str(&'a str),
    Num(u64),
}

impl<'a> From<&'a str> for Key<'a> {
    fn from(s: &'a str) -> Self {
        Key::Str(s)
    }
}
impl From<u64> for Key<'_> {
    fn from(n: u64) -> Self {
        Key::Num(n)
    }
}
impl From<usize> for Key<'_> {
    fn from(n: usize) -> Self {
        Key::Num(n as u64)
    }
}

/// Streams whose paths share a prefix: `Streams::new(seed, prefix).child(rest)` is
/// `Rng::stream(seed, prefix ++ rest)`, bit for bit, but the prefix is hashed once (a match
/// derives its players', noise and length streams from one long key).
#[derive(Clone)]
pub struct Streams {
    hasher: Sha256,
}

fn hash_path(h: &mut Sha256, path: &[Key<'_>]) {
    for part in path {
        match part {
            Key::Str(s) => {
                h.update([1u8]);
                h.update((s.len() as u64).to_le_bytes());
                h.update(s.as_bytes());
            }
            Key::Num(n) => {
                h.update([2u8]);
                h.update(n.to_le_bytes());
            }
        }
    }
}

impl Streams {
    /// The family of streams under `seed` whose paths start with `prefix`.
    pub fn new(seed: u64, prefix: &[Key<'_>]) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(b"agora-rng-v1");
        hasher.update(seed.to_le_bytes());
        hash_path(&mut hasher, prefix);
        Streams { hasher }
    }

    /// The family whose paths start with `prefix ++ more`.
    pub fn extend(&self, more: &[Key<'_>]) -> Streams {
        let mut hasher = self.hasher.clone();
        hash_path(&mut hasher, more);
        Streams { hasher }
    }

    /// The ChaCha key of the stream `prefix` itself, from which numbered streams are cheap
    /// ([`StreamKey::stream`]).
    pub fn key(&self) -> StreamKey {
        StreamKey(self.hasher.clone().finalize().into())
    }

    /// The stream `prefix ++ rest`.
    pub fn child(&self, rest: &[Key<'_>]) -> Rng {
        let mut h = self.hasher.clone();
        hash_path(&mut h, rest);
        let key: [u8; 32] = h.finalize().into();
        Rng {
            inner: generator(key, 0),
        }
    }
}

/// A ChaCha key with its 2^64 numbered streams (the stream number is ChaCha's 64-bit nonce):
/// when many streams belong to one owner (a pair of players over all repetitions), one hash
/// gives them all. Stream 0 is the stream of the path itself: `Streams::new(seed, p).key()
/// .stream(0)` equals `Rng::stream(seed, p)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamKey([u8; 32]);

impl StreamKey {
    /// Stream number `n` under this key.
    pub fn stream(&self, n: u64) -> Rng {
        Rng {
            inner: generator(self.0, n),
        }
    }
}

/// The 128-bit product `x * y` as (high, low) 64-bit halves. Natively one multiplication; in
/// WebAssembly, which has no 64 x 64 -> 128 multiplication, four 32-bit products inline
/// (a `u128` product there is a call to the software routine `__multi3`).
#[inline(always)]
fn mul_wide(x: u64, y: u64) -> (u64, u64) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let m = u128::from(x) * u128::from(y);
        ((m >> 64) as u64, m as u64)
    }
    #[cfg(target_arch = "wasm32")]
    {
        mul_wide_halves(x, y)
    }
}

/// `mul_wide` from 32-bit halves (schoolbook multiplication, carries kept in 64 bits).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
#[inline(always)]
fn mul_wide_halves(x: u64, y: u64) -> (u64, u64) {
    const LO: u64 = 0xffff_ffff;
    let (x0, x1, y0, y1) = (x & LO, x >> 32, y & LO, y >> 32);
    let p00 = x0 * y0;
    let p01 = x0 * y1;
    let p10 = x1 * y0;
    let p11 = x1 * y1;
    let middle = (p00 >> 32) + (p01 & LO) + (p10 & LO);
    let high = p11 + (p01 >> 32) + (p10 >> 32) + (middle >> 32);
    (high, (middle << 32) | (p00 & LO))
}

/// Agora's random number generator (ChaCha8, portable, seedable).
#[derive(Clone, Debug)]
pub struct Rng {
    inner: Generator,
}

impl Rng {
    /// The stream named by `path` under experiment seed `seed`.
    ///
    /// The ChaCha key is SHA-256("agora-rng-v1" | seed | path), each part length-prefixed, so
    /// distinct paths give unrelated streams.
    pub fn stream(seed: u64, path: &[Key<'_>]) -> Self {
        Streams::new(seed, path).child(&[])
    }

    /// 64 uniformly random bits.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        #[cfg(not(target_arch = "wasm32"))]
        {
            use rand_chacha::rand_core::Rng as _;
            self.inner.next_u64()
        }
        #[cfg(target_arch = "wasm32")]
        {
            self.inner.next_u64_from_u32()
        }
    }

    /// Uniform on [0, 1): 53 random bits times 2^-53.
    #[inline]
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform on (0, 1): never exactly 0, so `ln` of it is finite.
    #[inline]
    pub fn uniform_open(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform integer in `0..n` (n > 0), without modulo bias (Lemire's method with rejection).
    #[inline]
    pub fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        let n = n as u64;
        loop {
            let (high, low) = mul_wide(self.next_u64(), n);
            // `low >= n` implies `low >= 2^64 mod n`: the remainder is needed only below `n`.
            if low >= n || low >= n.wrapping_neg() % n {
                return high as usize;
            }
        }
    }

    /// A uniformly random order of `0..n` (Fisher-Yates, from the last place down: position
    /// `i` swaps with `below(i + 1)`).
    pub fn permutation(&mut self, n: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            order.swap(i, self.below(i + 1));
        }
        order
    }

    /// True with probability `p`.
    #[inline]
    pub fn bernoulli(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// A Bernoulli(`p`) reward: 1.0 if `uniform() < p`, else 0.0 (`p` not NaN), the same draw
    /// and value as `if self.bernoulli(p) { 1.0 } else { 0.0 }`, computed without a branch as
    /// the sign bit of `u - p`: the sign of a difference is always exact, and `u - p` is +0.0
    /// when `u == p`. The `if` form is a floating-point select, which V8 compiles to a branch
    /// that a fair coin mispredicts half the time: Bernoulli arms' rewards were drawn at a
    /// third of native speed in WebAssembly.
    #[inline]
    pub fn bernoulli_reward(&mut self, p: f64) -> f64 {
        ((self.uniform() - p).to_bits() >> 63) as f64
    }

    /// Standard normal N(0, 1) by Marsaglia's polar method (uses only `ln` and `sqrt`).
    pub fn normal(&mut self) -> f64 {
        loop {
            let u = 2.0 * self.uniform() - 1.0;
            let v = 2.0 * self.uniform() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                return u * f64::sqrt(-2.0 * libm::log(s) / s);
            }
        }
    }

    /// Gamma(shape, 1) by Marsaglia & Tsang (2000), normals from [`Rng::normal`]; shape < 1
    /// uses the boost Gamma(a) = Gamma(a + 1) * U^(1/a). The algorithm lives in
    /// [`crate::sampling`]; [`Rng::gamma_fast`] is the same with ziggurat normals.
    pub fn gamma(&mut self, shape: f64) -> f64 {
        debug_assert!(shape > 0.0);
        self.marsaglia_tsang(&Shape::new(shape), Rng::normal)
    }

    /// Beta(a, b) as G1 / (G1 + G2) with G1 ~ Gamma(a), G2 ~ Gamma(b) ([`Rng::gamma`]).
    pub fn beta(&mut self, a: f64, b: f64) -> f64 {
        self.beta_from_gammas(&Shape::new(a), &Shape::new(b), Rng::normal)
    }

    /// Index of the largest value, ties broken uniformly at random among the maxima. Randomness
    /// is drawn only when the maximum is tied, so the choice (and the stream) depends only on
    /// the arms that reach the maximum: a policy may skip computing values that cannot win
    /// without changing its draws. NaN is never chosen unless every value is NaN (then 0).
    pub fn argmax(&mut self, values: &[f64]) -> usize {
        let mut best = f64::NEG_INFINITY;
        let mut first = 0usize;
        let mut ties = 0usize;
        for (i, &v) in values.iter().enumerate() {
            if v > best {
                best = v;
                first = i;
                ties = 1;
            } else if v == best {
                ties += 1;
            }
        }
        if ties <= 1 {
            return first;
        }
        let pick = self.below(ties);
        values
            .iter()
            .enumerate()
            .filter(|(_, &v)| v == best)
            .nth(pick)
            .map_or(first, |(i, _)| i)
    }

    /// Draw an index from a probability vector (assumed to sum to ~1; the last index absorbs
    /// rounding).
    pub fn categorical(&mut self, probs: &[f64]) -> usize {
        let u = self.uniform();
        let mut acc = 0.0;
        for (i, &p) in probs.iter().enumerate() {
            acc += p;
            if u < acc {
                return i;
            }
        }
        probs.len() - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_products_from_halves_are_the_u128_products() {
        let edges = [0, 1, 2, 0xffff_ffff, 0x1_0000_0000, u64::MAX - 1, u64::MAX];
        let mut rng = Rng::stream(4, &["mul".into()]);
        let mut pairs: Vec<(u64, u64)> =
            edges.iter().flat_map(|&x| edges.map(|y| (x, y))).collect();
        pairs.extend(
            (0..100_000).map(|_| (rng.next_u64(), rng.next_u64() >> (rng.next_u64() % 64))),
        );
        for (x, y) in pairs {
            let m = u128::from(x) * u128::from(y);
            assert_eq!(
                mul_wide_halves(x, y),
                ((m >> 64) as u64, m as u64),
                "{x} * {y}"
            );
        }
    }

    #[test]
    fn bernoulli_rewards_are_the_comparisons_they_replace() {
        let probabilities = [
            0.0,
            1e-300,
            0.1,
            0.25,
            0.5,
            1.0 - f64::EPSILON,
            1.0,
            -0.5,
            2.0,
        ];
        let mut a = Rng::stream(3, &["bernoulli".into()]);
        let mut b = a.clone();
        for i in 0..200_000 {
            let p = probabilities[i % probabilities.len()];
            let expected = if b.uniform() < p { 1.0 } else { 0.0 };
            assert_eq!(
                a.bernoulli_reward(p).to_bits(),
                f64::to_bits(expected),
                "p = {p}"
            );
        }
        // A draw equal to the probability is not below it.
        for _ in 0..1000 {
            let u = b.clone().uniform();
            assert_eq!(b.bernoulli_reward(u).to_bits(), 0f64.to_bits());
        }
    }

    #[test]
    fn numbered_streams_extend_path_streams() {
        let p: [Key<'_>; 2] = ["pair".into(), 3u64.into()];
        let key = Streams::new(9, &p).key();
        let mut a = key.stream(0);
        let mut b = Rng::stream(9, &p);
        assert_eq!(a.next_u64(), b.next_u64());
        let mut c = key.stream(1);
        let mut d = key.stream(1);
        let mut e = key.stream(2);
        let (x, y, z) = (c.next_u64(), d.next_u64(), e.next_u64());
        assert_eq!(x, y);
        assert_ne!(x, z);
        let prefixed = Streams::new(9, &["pair".into()])
            .extend(&[3u64.into()])
            .key();
        assert_eq!(prefixed, key);
    }

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let mut a = Rng::stream(7, &["x".into(), 1u64.into()]);
        let mut b = Rng::stream(7, &["x".into(), 1u64.into()]);
        let mut c = Rng::stream(7, &["x".into(), 2u64.into()]);
        let xa: Vec<u64> = (0..4).map(|_| a.next_u64()).collect();
        let xb: Vec<u64> = (0..4).map(|_| b.next_u64()).collect();
        let xc: Vec<u64> = (0..4).map(|_| c.next_u64()).collect();
        assert_eq!(xa, xb);
        assert_ne!(xa, xc);
    }

    #[test]
    fn below_is_uniform_enough() {
        let mut r = Rng::stream(1, &[]);
        let mut counts = [0usize; 3];
        for _ in 0..30_000 {
            counts[r.below(3)] += 1;
        }
        for c in counts {
            assert!((9_500..10_500).contains(&c), "{counts:?}");
        }
    }

    #[test]
    fn argmax_breaks_ties_at_random() {
        let mut r = Rng::stream(2, &[]);
        let mut counts = [0usize; 3];
        for _ in 0..3_000 {
            counts[r.argmax(&[1.0, 0.5, 1.0])] += 1;
        }
        assert_eq!(counts[1], 0);
        assert!(counts[0] > 1_300 && counts[2] > 1_300, "{counts:?}");
        // A unique maximum draws nothing, whatever ties lie below it.
        let mut a = Rng::stream(2, &[]);
        let mut b = Rng::stream(2, &[]);
        assert_eq!(a.argmax(&[0.5, 0.5, 0.9, 0.1, 0.1]), 2);
        assert_eq!(a.next_u64(), b.next_u64());
        assert_eq!(a.argmax(&[f64::NAN, 0.3]), 1);
        assert_eq!(a.argmax(&[f64::NAN, f64::NAN]), 0);
    }

    #[test]
    fn moments_of_samplers() {
        // Independent derivations: E[N]=0, Var[N]=1; E[Gamma(a)]=a; E[Beta(a,b)]=a/(a+b).
        let mut r = Rng::stream(3, &[]);
        let n = 200_000;
        let (mut s, mut s2) = (0.0, 0.0);
        for _ in 0..n {
            let x = r.normal();
            s += x;
            s2 += x * x;
        }
        assert!((s / n as f64).abs() < 0.01);
        assert!((s2 / n as f64 - 1.0).abs() < 0.01);
        for a in [0.3, 1.0, 2.5] {
            let m: f64 = (0..n).map(|_| r.gamma(a)).sum::<f64>() / n as f64;
            assert!((m - a).abs() < 0.02 * a.max(1.0), "gamma({a}) mean {m}");
        }
        let m: f64 = (0..n).map(|_| r.beta(2.0, 3.0)).sum::<f64>() / n as f64;
        assert!((m - 0.4).abs() < 0.005, "beta mean {m}");
    }
}
