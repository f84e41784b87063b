//! ChaCha8 block generation for WebAssembly, bit for bit the generator of `rand_chacha`.
//!
//! Every random draw in Agora is ChaCha8 ([`crate::rng`]), with `rand_chacha`'s conventions:
//! the 256-bit key in words 4..12 of the state, a 64-bit block counter in words 12-13 and a
//! 64-bit stream number (the nonce) in words 14-15, four consecutive blocks per refill, output
//! as 64 little-endian words (block after block). Natively `rand_chacha` computes those four
//! blocks with SSE2/AVX2; in WebAssembly it has no vector code, and its portable fallback made
//! the generator half the time of a bandit run in the browser (and five times slower than
//! natively). This file computes the same four blocks with the WebAssembly SIMD instructions
//! (`simd128`): each 128-bit vector holds one state word of the four blocks (word `i` of block
//! `j` in lane `j`), so a quarter round is four vector additions, xors and rotations, and the
//! blocks are transposed back to the stream's order at the end.
//!
//! The round function is written once, generic over `Lanes`: `[u32; 4]` natively (where the
//! tests compare it with `rand_chacha` word for word, across stream numbers and counter carries)
//! and `v128` in WebAssembly. `crate::rng` uses this core only in WebAssembly builds; natively it
//! keeps `rand_chacha`, whose AVX2 code is faster than four scalar lanes.
//!
//! Source: D. J. Bernstein, "ChaCha, a variant of Salsa20" (2008), <https://cr.yp.to/chacha.html>.

use rand_chacha::rand_core::block::Generator;

/// "expand 32-byte k", ChaCha's first four state words.
const SIGMA: [u32; 4] = [0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574];
/// ChaCha8: eight rounds, four double rounds.
const DOUBLE_ROUNDS: usize = 4;

/// Four 32-bit lanes: one state word of four blocks.
pub(crate) trait Lanes: Copy {
    fn splat(x: u32) -> Self;
    fn from_array(x: [u32; 4]) -> Self;
    fn add(self, o: Self) -> Self;
    fn xor(self, o: Self) -> Self;
    fn rotl<const N: u32>(self) -> Self;
    /// Write the four vectors' lanes transposed: `out[j * 16 + k] = v[k].lane(j)` for the four
    /// state words `v` (words `k .. k + 4` of each block).
    fn store_transposed(v: [Self; 4], out: &mut [u32; 64], word: usize);
}

impl Lanes for [u32; 4] {
    #[inline(always)]
    fn splat(x: u32) -> Self {
        [x; 4]
    }
    #[inline(always)]
    fn from_array(x: [u32; 4]) -> Self {
        x
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        std::array::from_fn(|j| self[j].wrapping_add(o[j]))
    }
    #[inline(always)]
    fn xor(self, o: Self) -> Self {
        std::array::from_fn(|j| self[j] ^ o[j])
    }
    #[inline(always)]
    fn rotl<const N: u32>(self) -> Self {
        self.map(|x| x.rotate_left(N))
    }
    #[inline(always)]
    fn store_transposed(v: [Self; 4], out: &mut [u32; 64], word: usize) {
        for (j, block) in out.chunks_exact_mut(16).enumerate() {
            for (k, lanes) in v.iter().enumerate() {
                block[word + k] = lanes[j];
            }
        }
    }
}

#[inline(always)]
fn quarter<L: Lanes>(x: &mut [L; 16], a: usize, b: usize, c: usize, d: usize) {
    x[a] = x[a].add(x[b]);
    x[d] = x[d].xor(x[a]).rotl::<16>();
    x[c] = x[c].add(x[d]);
    x[b] = x[b].xor(x[c]).rotl::<12>();
    x[a] = x[a].add(x[b]);
    x[d] = x[d].xor(x[a]).rotl::<8>();
    x[c] = x[c].add(x[d]);
    x[b] = x[b].xor(x[c]).rotl::<7>();
}

/// The four blocks `counter .. counter + 4` of stream `stream` under `key`, in stream order.
#[inline(always)]
fn blocks<L: Lanes>(key: &[u32; 8], counter: u64, stream: u64, out: &mut [u32; 64]) {
    let ctr: [u64; 4] = std::array::from_fn(|j| counter.wrapping_add(j as u64));
    let mut input = [L::splat(0); 16];
    for (i, &s) in SIGMA.iter().enumerate() {
        input[i] = L::splat(s);
    }
    for (i, &k) in key.iter().enumerate() {
        input[4 + i] = L::splat(k);
    }
    input[12] = L::from_array(ctr.map(|c| c as u32));
    input[13] = L::from_array(ctr.map(|c| (c >> 32) as u32));
    input[14] = L::splat(stream as u32);
    input[15] = L::splat((stream >> 32) as u32);
    let mut x = input;
    for _ in 0..DOUBLE_ROUNDS {
        quarter(&mut x, 0, 4, 8, 12);
        quarter(&mut x, 1, 5, 9, 13);
        quarter(&mut x, 2, 6, 10, 14);
        quarter(&mut x, 3, 7, 11, 15);
        quarter(&mut x, 0, 5, 10, 15);
        quarter(&mut x, 1, 6, 11, 12);
        quarter(&mut x, 2, 7, 8, 13);
        quarter(&mut x, 3, 4, 9, 14);
    }
    for word in (0..16).step_by(4) {
        let v = std::array::from_fn(|k| x[word + k].add(input[word + k]));
        L::store_transposed(v, out, word);
    }
}

/// ChaCha8's block function state, as `rand_chacha::ChaCha8Core` keeps it: wrap it in
/// `rand_core`'s `BlockRng` for the same `next_u64` as `rand_chacha::ChaCha8Rng`.
#[derive(Clone, Debug)]
pub struct ChaCha8Core {
    key: [u32; 8],
    counter: u64,
    stream: u64,
}

impl ChaCha8Core {
    /// The core for `key` (little-endian words, as ChaCha reads it) and stream `stream`, at
    /// block 0.
    pub fn new(key: [u8; 32], stream: u64) -> Self {
        let key = std::array::from_fn(|i| {
            u32::from_le_bytes([key[4 * i], key[4 * i + 1], key[4 * i + 2], key[4 * i + 3]])
        });
        ChaCha8Core {
            key,
            counter: 0,
            stream,
        }
    }
}

impl Generator for ChaCha8Core {
    type Output = [u32; 64];

    #[inline]
    fn generate(&mut self, out: &mut [u32; 64]) {
        #[cfg(target_arch = "wasm32")]
        simd::blocks(&self.key, self.counter, self.stream, out);
        #[cfg(not(target_arch = "wasm32"))]
        blocks::<[u32; 4]>(&self.key, self.counter, self.stream, out);
        self.counter = self.counter.wrapping_add(4);
    }
}

/// The `v128` lanes (WebAssembly SIMD, supported by every current browser).
#[cfg(target_arch = "wasm32")]
mod simd {
    use super::Lanes;
    use core::arch::wasm32::*;

    #[derive(Clone, Copy)]
    pub(super) struct V(v128);

    impl Lanes for V {
        #[inline(always)]
        fn splat(x: u32) -> Self {
            V(u32x4_splat(x))
        }
        #[inline(always)]
        fn from_array(x: [u32; 4]) -> Self {
            V(u32x4(x[0], x[1], x[2], x[3]))
        }
        #[inline(always)]
        fn add(self, o: Self) -> Self {
            V(i32x4_add(self.0, o.0))
        }
        #[inline(always)]
        fn xor(self, o: Self) -> Self {
            V(v128_xor(self.0, o.0))
        }
        #[inline(always)]
        fn rotl<const N: u32>(self) -> Self {
            // Rotations by whole bytes are one byte shuffle; the others two shifts and an or.
            V(match N {
                16 => i8x16_shuffle::<2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13>(
                    self.0, self.0,
                ),
                8 => i8x16_shuffle::<3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14>(
                    self.0, self.0,
                ),
                _ => v128_or(u32x4_shl(self.0, N), u32x4_shr(self.0, 32 - N)),
            })
        }
        #[inline(always)]
        fn store_transposed(v: [Self; 4], out: &mut [u32; 64], word: usize) {
            let [a, b, c, d] = v.map(|x| x.0);
            let ab_lo = i32x4_shuffle::<0, 4, 1, 5>(a, b);
            let ab_hi = i32x4_shuffle::<2, 6, 3, 7>(a, b);
            let cd_lo = i32x4_shuffle::<0, 4, 1, 5>(c, d);
            let cd_hi = i32x4_shuffle::<2, 6, 3, 7>(c, d);
            let rows = [
                i32x4_shuffle::<0, 1, 4, 5>(ab_lo, cd_lo),
                i32x4_shuffle::<2, 3, 6, 7>(ab_lo, cd_lo),
                i32x4_shuffle::<0, 1, 4, 5>(ab_hi, cd_hi),
                i32x4_shuffle::<2, 3, 6, 7>(ab_hi, cd_hi),
            ];
            for (j, row) in rows.into_iter().enumerate() {
                let dst = &mut out[j * 16 + word..j * 16 + word + 4];
                // SAFETY: `dst` is four in-bounds u32s (16 bytes); v128_store allows any
                // alignment.
                unsafe { v128_store(dst.as_mut_ptr().cast::<v128>(), row) };
            }
        }
    }

    #[target_feature(enable = "simd128")]
    fn blocks_simd(key: &[u32; 8], counter: u64, stream: u64, out: &mut [u32; 64]) {
        super::blocks::<V>(key, counter, stream, out);
    }

    #[inline]
    pub(super) fn blocks(key: &[u32; 8], counter: u64, stream: u64, out: &mut [u32; 64]) {
        // simd128 is required of the browsers Agora runs in (every current one has it); a
        // browser without it refuses the module when it loads, so this never runs there.
        blocks_simd(key, counter, stream, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::rand_core::block::BlockRng;
    use rand_chacha::rand_core::{Rng as _, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// The reference: `rand_chacha`'s generator, word for word, over several refills, for
    /// several keys and stream numbers, and across the counter's 32-bit carry.
    #[test]
    fn same_words_as_rand_chacha() {
        for seed in 0u8..6 {
            let key: [u8; 32] = std::array::from_fn(|i| (i as u8).wrapping_mul(37) ^ seed);
            for stream in [0u64, 1, 7, u64::from(u32::MAX) + 3, u64::MAX] {
                let mut reference = ChaCha8Rng::from_seed(key);
                reference.set_stream(stream);
                let mut ours = BlockRng::new(ChaCha8Core::new(key, stream));
                for _ in 0..1_000 {
                    assert_eq!(ours.next_u64_from_u32(), reference.next_u64());
                }
                // Jump close to the counter's carry into its high word, and across it.
                let start = u64::from(u32::MAX) - 2;
                reference.set_word_pos(u128::from(start) * 16);
                let mut core = ChaCha8Core::new(key, stream);
                core.counter = start;
                let mut ours = BlockRng::new(core);
                for _ in 0..200 {
                    assert_eq!(ours.next_u64_from_u32(), reference.next_u64());
                }
            }
        }
    }

    /// The published ChaCha8 vector: draft-strombergson-chacha-test-vectors-01, TC1 (8 rounds,
    /// 256-bit all-zero key, all-zero IV), the first 16 bytes of the keystream.
    #[test]
    fn published_vector_tc1() {
        let mut ours = BlockRng::new(ChaCha8Core::new([0; 32], 0));
        let bytes: Vec<u8> = (0..4)
            .flat_map(|_| ours.next_word().to_le_bytes())
            .collect();
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "3e00ef2f895f40d67f5bb8e81f09a5a1");
    }
}
