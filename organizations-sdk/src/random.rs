//! Random numbers for retry jitter, credential refresh jitter and invocation ids: a
//! per-thread xorshift generator seeded from the standard library's per-process random keys
//! (nothing here is a secret; it only has to differ between processes and calls).

use std::cell::Cell;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

thread_local! {
    static STATE: Cell<u64> = Cell::new(seed());
}

fn seed() -> u64 {
    let mut h = RandomState::new().build_hasher();
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
    h.finish() | 1
}

/// A uniformly distributed `u64` (xorshift64*).
pub(crate) fn u64() -> u64 {
    STATE.with(|s| {
        let mut x = s.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        s.set(x);
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    })
}

/// A uniformly distributed `f64` in `[0, 1)`.
pub(crate) fn f64() -> f64 {
    (u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// A random (version 4) UUID in its text form: invocation ids and idempotency tokens.
pub(crate) fn uuid_v4() -> [u8; 36] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut v = (u128::from(u64()) << 64) | u128::from(u64());
    v = (v & !(0xf << 76)) | (0x4 << 76);
    v = (v & !(0x3 << 62)) | (0x2 << 62);
    let mut text = *b"00000000-0000-0000-0000-000000000000";
    // Where each byte's two digits go, most significant byte first.
    const AT: [usize; 16] = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
    for (at, byte) in AT.into_iter().zip(v.to_be_bytes()) {
        text[at] = DIGITS[usize::from(byte >> 4)];
        text[at + 1] = DIGITS[usize::from(byte & 15)];
    }
    text
}

/// [`uuid_v4`] as a `String`: what an idempotency-token member the caller left unset gets
/// (generated code calls it only when a model has such members; Organizations has none).
#[allow(dead_code)]
pub(crate) fn idempotency_token() -> String {
    String::from_utf8(uuid_v4().to_vec()).expect("ASCII")
}

#[cfg(test)]
mod tests {
    #[test]
    fn values_are_in_range_and_vary() {
        let xs: Vec<f64> = (0..1000).map(|_| super::f64()).collect();
        assert!(xs.iter().all(|x| (0.0..1.0).contains(x)));
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        assert!((0.4..0.6).contains(&mean), "{mean}");
        let mut ids: Vec<u64> = (0..1000).map(|_| super::u64()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 1000);
    }
}
