//! Request compression, for operations with the model's `requestcompression` trait (none in
//! Organizations), as the AWS SDKs and Tools Reference Guide's "Request compression" page
//! (<https://docs.aws.amazon.com/sdkref/latest/guide/feature-compression.html>) and the
//! Smithy `requestCompression` trait define it: a body of at least
//! `request_min_compression_size_bytes` (default 10240; `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES`
//! or the profile key of that name, 0 to 10485760) is gzipped and `gzip` is appended to
//! `Content-Encoding`, unless `disable_request_compression` (`AWS_DISABLE_REQUEST_COMPRESSION`)
//! is true. The gzip encoder is the `request-compression` feature's (flate2 with its
//! pure-Rust backend), so a model without the trait adds no crate to the build.

use crate::config::Config;

/// Default `request_min_compression_size_bytes`.
pub(crate) const DEFAULT_MIN_SIZE: u32 = 10_240;

/// The largest `request_min_compression_size_bytes` the SDKs accept.
pub(crate) const MAX_MIN_SIZE: u32 = 10_485_760;

/// The body to send and the encoding applied to it, if any.
pub(crate) fn apply(config: &Config, compress: bool, body: Vec<u8>) -> (Vec<u8>, Option<&'static str>) {
    if !compress || config.disable_request_compression || body.len() < config.request_min_compression_size_bytes as usize {
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
    use crate::config::Config;

    fn config() -> crate::config::Builder {
        Config::builder()
    }

    #[test]
    fn only_bodies_of_the_minimum_size_are_compressed_and_only_when_enabled() {
        let small = vec![b'a'; 100];
        assert_eq!(super::apply(&config().build(), true, small.clone()), (small.clone(), None));
        let c = config().request_min_compression_size_bytes(10).build();
        assert_eq!(super::apply(&c, false, small.clone()), (small.clone(), None), "not an operation with the trait");
        let c = config().request_min_compression_size_bytes(10).disable_request_compression(true).build();
        assert_eq!(super::apply(&c, true, small.clone()), (small.clone(), None), "disabled");
        let c = config().request_min_compression_size_bytes(10).build();
        let (body, encoding) = super::apply(&c, true, small.clone());
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
