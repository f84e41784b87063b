//! Result digests: a short hash of the canonical serialization of a result.
//!
//! Canonical = `serde_json` of the result struct (fields in declaration order, floats printed
//! in their shortest round-trip form), so equal bits give equal digests on every platform.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// Number of hex characters shown (64 bits).
pub const DIGEST_HEX_LEN: usize = 16;

/// SHA-256 of the canonical JSON of `value`, first 16 hex characters.
pub fn digest_of<T: Serialize>(value: &T) -> String {
    let bytes = serde_json::to_vec(value).expect("results serialize");
    digest_bytes(&bytes)
}

/// SHA-256 of raw bytes, first 16 hex characters.
pub fn digest_bytes(bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    let mut s = String::with_capacity(DIGEST_HEX_LEN);
    for b in hash.iter().take(DIGEST_HEX_LEN / 2) {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// True if `s` looks like a digest (16 lowercase hex characters).
pub fn is_digest(s: &str) -> bool {
    s.len() == DIGEST_HEX_LEN
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_abc_matches_fips_180_2() {
        // FIPS 180-2 appendix B.1: SHA-256("abc") = ba7816bf 8f01cfea ...
        assert_eq!(digest_bytes(b"abc"), "ba7816bf8f01cfea");
        assert!(is_digest("ba7816bf8f01cfea"));
        assert!(!is_digest("BA7816BF8F01CFEA"));
    }
}
