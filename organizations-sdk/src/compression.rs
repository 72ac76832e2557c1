//! Request compression, for operations with the model's `requestcompression` trait (none in
//! Organizations), as the AWS SDKs and Tools Reference Guide's "Request compression" page
//! (<https://docs.aws.amazon.com/sdkref/latest/guide/feature-compression.html>) and the
//! Smithy `requestCompression` trait define it: a body of at least
//! `request_min_compression_size_bytes` (default 10240; `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES`
//! or the profile key of that name, 0 to 10485760) is gzipped and `gzip` is appended to
//! `Content-Encoding`, unless `disable_request_compression` (`AWS_DISABLE_REQUEST_COMPRESSION`)
//! is true. The gzip encoder is the `request-compression` feature's (flate2 with its
//! pure-Rust backend), so a model without the trait adds no crate to the build.

/// Default `request_min_compression_size_bytes`.
pub(crate) const DEFAULT_MIN_SIZE: u32 = 10_240;

/// The largest `request_min_compression_size_bytes` the SDKs accept.
pub(crate) const MAX_MIN_SIZE: u32 = 10_485_760;

/// The body to send and the encoding applied to it, if any: `compress` is the operation's
/// trait, `disabled` and `min_size` the client's settings.
pub(crate) fn apply(compress: bool, disabled: bool, min_size: u32, body: Vec<u8>) -> (Vec<u8>, Option<&'static str>) {
    if !compress || disabled || body.len() < min_size as usize {
        return (body, None);
    }
    gzip(body)
}

#[cfg(feature = "request-compression")]
fn gzip(body: Vec<u8>) -> (Vec<u8>, Option<&'static str>) {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 2), flate2::Compression::default());
    // Writing to a Vec cannot fail.
    match encoder.write_all(&body).and_then(|()| encoder.finish()) {
        Ok(compressed) => (compressed, Some("gzip")),
        Err(_) => (body, None),
    }
}

/// Without the feature nothing is compressed; a model that needs it does not compile
/// without the feature (its generated code says so).
#[cfg(not(feature = "request-compression"))]
fn gzip(body: Vec<u8>) -> (Vec<u8>, Option<&'static str>) {
    (body, None)
}

#[cfg(test)]
mod tests {
    use super::{apply, DEFAULT_MIN_SIZE};

    #[test]
    fn only_bodies_of_the_minimum_size_are_compressed_and_only_when_enabled() {
        let small = vec![b'a'; 100];
        assert_eq!(apply(true, false, DEFAULT_MIN_SIZE, small.clone()), (small.clone(), None));
        assert_eq!(apply(false, false, 10, small.clone()), (small.clone(), None), "not an operation with the trait");
        assert_eq!(apply(true, true, 10, small.clone()), (small.clone(), None), "disabled");
        let (body, encoding) = apply(true, false, 10, small.clone());
        if cfg!(feature = "request-compression") {
            assert_eq!(encoding, Some("gzip"));
            assert_eq!(&body[..2], [0x1f, 0x8b], "a gzip stream");
            assert!(body.len() < small.len());
        } else {
            assert_eq!((body, encoding), (small, None));
        }
    }

    #[cfg(feature = "request-compression")]
    #[test]
    fn gzip_round_trips() {
        use std::io::Read;
        let body = br#"{"data":"0123456789abcdef0123456789abcdef"}"#.repeat(50);
        let (compressed, _) = super::gzip(body.clone());
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(compressed.as_slice()).read_to_end(&mut back).unwrap();
        assert_eq!(back, body);
    }
}
