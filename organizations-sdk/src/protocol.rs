//! awsJson1_1: request headers and body, response and error parsing (SPEC §1–2).
//!
//! The generated code reaches this module through three small traits; everything that
//! does not depend on the operation's types is non-generic, so it is compiled once.

use crate::error::{ErrorMetadata, SdkError};
use crate::error::RawResponse;
use crate::json::{self, ReadJson};

use crate::json::WriteJson;

/// What the generated code says about each operation: implemented by every
/// `operation::<op>::<Op>` marker type.
pub(crate) trait Operation: 'static {
    /// The wire name, e.g. `ListAccounts`.
    const NAME: &'static str;
    /// The `X-Amz-Target` header: the service's target prefix, a dot, then `NAME`.
    const TARGET: &'static str;
    /// Whether the model defines an output (an empty body is accepted when it does not).
    const HAS_OUTPUT: bool;
    type Input: WriteJson + Clone + Send + Sync + 'static;
    type Output: ReadJson + OperationOutput + Send + 'static;
    type Error: OperationError + Send + 'static;
}

pub(crate) const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// Outputs carry the request id of their response.
pub(crate) trait OperationOutput {
    fn set_request_id(&mut self, request_id: Option<String>);
}

/// Operation error enums are built from an error response.
pub(crate) trait OperationError {
    /// `code` is the cleaned error code (empty when the response had none).
    fn from_response(code: &str, body: &[u8], meta: ErrorMetadata) -> Self;
}

/// Modeled exceptions receive the response's metadata after their fields are parsed.
pub(crate) trait ModeledError {
    fn set_meta(&mut self, meta: ErrorMetadata);
}

/// Parse a modeled exception; a body that does not fit still yields the exception with
/// the metadata (the code decided its type).
pub(crate) fn modeled<T: ReadJson + Default + ModeledError>(body: &[u8], meta: ErrorMetadata) -> T {
    let mut err: T = json::from_slice(body).unwrap_or_default();
    err.set_meta(meta);
    err
}

/// Parse a complete response into the operation's output or typed error.
pub(crate) fn parse_response<O: Operation>(response: RawResponse) -> Result<O::Output, SdkError<O::Error>> {
    if response.is_success() {
        let body = response.body();
        let doc: &[u8] = if !O::HAS_OUTPUT && body.iter().all(u8::is_ascii_whitespace) { b"{}" } else { body };
        match json::from_slice::<O::Output>(doc) {
            Ok(mut output) => {
                output.set_request_id(response.request_id().map(str::to_owned));
                Ok(output)
            }
            Err(e) => {
                let msg = if body.is_empty() {
                    format!("{}: empty response body", O::NAME)
                } else {
                    format!("{}: could not parse the response body: {e}", O::NAME)
                };
                Err(SdkError::ResponseError(crate::error::ResponseError::new(msg, response)))
            }
        }
    } else {
        let meta = error_metadata(&response);
        let code = meta.code().unwrap_or_default().to_owned();
        let err = O::Error::from_response(&code, response.body(), meta);
        Err(SdkError::service_error(err, response))
    }
}

/// Code, message and request id of an error response (SPEC §1): code from
/// `X-Amzn-Errortype`, else body `code`, else body `__type`, cleaned; message from body
/// `message`, `Message` or `errorMessage`. A body that is not JSON (an HTML 502 from a
/// proxy) yields what the headers and status say.
pub(crate) fn error_metadata(response: &RawResponse) -> ErrorMetadata {
    #[derive(Default)]
    struct Body {
        code: Option<String>,
        type_: Option<String>,
        message: Option<String>,
        message_upper: Option<String>,
        error_message: Option<String>,
    }
    let mut body = Body::default();
    let read = json::read_object(response.body(), |r, key| {
        let slot = match key {
            "code" => &mut body.code,
            "__type" => &mut body.type_,
            "message" => &mut body.message,
            "Message" => &mut body.message_upper,
            "errorMessage" => &mut body.error_message,
            _ => return r.skip(),
        };
        // Only strings count; anything else is skipped.
        *slot = if r.string_next() { Some(r.string()?.into_owned()) } else { r.skip().map(|()| None)? };
        Ok(())
    });
    // A body that is not a JSON object (an HTML 502) says nothing, even in part.
    let body = if read.is_ok() { body } else { Body::default() };
    let header_code = response.header("x-amzn-errortype").map(str::to_owned);
    let code = header_code
        .or(body.code)
        .or(body.type_)
        .map(|c| clean_code(&c).to_owned())
        .filter(|c| !c.is_empty());
    let message = body.message.or(body.message_upper).or(body.error_message);
    ErrorMetadata::new(code, message, response.request_id().map(str::to_owned), response.status())
}

/// `aws.protocoltests.json#FooError:http://internal/` → `FooError`.
pub(crate) fn clean_code(code: &str) -> &str {
    let code = code.split(':').next().unwrap_or_default();
    let code = code.rsplit_once('#').map_or(code, |(_, after)| after);
    code.trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_code_table() {
        let cases = [
            ("FooError", "FooError"),
            ("aws.protocoltests.json#FooError", "FooError"),
            ("FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "FooError"),
            ("aws.protocoltests.json#FooError:http://internal.amazon.com/", "FooError"),
            ("com.amazonaws.organizations.v20161128#AccountNotFoundException", "AccountNotFoundException"),
            ("", ""),
        ];
        for (raw, want) in cases {
            assert_eq!(clean_code(raw), want, "{raw}");
        }
    }

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> RawResponse {
        let mut map = http::HeaderMap::new();
        for (k, v) in headers {
            map.insert(http::HeaderName::from_bytes(k.as_bytes()).unwrap(), v.parse().unwrap());
        }
        RawResponse::new(status, map, body.as_bytes().to_vec().into())
    }

    #[test]
    fn metadata_sources_in_order() {
        let r = response(400, &[("x-amzn-errortype", "HeaderCode:http://x"), ("x-amzn-requestid", "rid")], r#"{"__type":"BodyType","code":"BodyCode","message":"m"}"#);
        let m = error_metadata(&r);
        assert_eq!((m.code(), m.message(), m.request_id(), m.status()), (Some("HeaderCode"), Some("m"), Some("rid"), Some(400)));
        let m = error_metadata(&response(400, &[], r#"{"__type":"ns#TypeCode","code":"BodyCode","Message":"M"}"#));
        assert_eq!((m.code(), m.message()), (Some("BodyCode"), Some("M")));
        let m = error_metadata(&response(400, &[("x-amz-request-id", "r2")], r#"{"__type":"ns#TypeCode","errorMessage":"e"}"#));
        assert_eq!((m.code(), m.message(), m.request_id()), (Some("TypeCode"), Some("e"), Some("r2")));
        let m = error_metadata(&response(502, &[], "<html>Bad Gateway</html>"));
        assert_eq!((m.code(), m.message(), m.status()), (None, None, Some(502)));
        let m = error_metadata(&response(400, &[], r#"{"__type": 5, "message": ["x"]}"#));
        assert_eq!((m.code(), m.message()), (None, None));
    }
}

/// Differential check against botocore: every operation's input, with all members set,
/// serializes to exactly what botocore's validator accepts and its serializer emits.
#[cfg(test)]
mod botocore_differential {
    use std::io::Write;
    use std::process::{Command, Stdio};

    #[test]
    fn every_operation_serializes_like_botocore() {
        let inputs: Vec<(&str, &str, serde_json::Value)> = crate::generated::representative_inputs::all()
            .into_iter()
            .map(|(op, target, body)| (op, target, serde_json::from_str(&body).expect("we write valid JSON")))
            .collect();
        assert!(!inputs.is_empty());
        let request: Vec<serde_json::Value> = inputs
            .iter()
            .map(|(op, _, body)| serde_json::json!({"operation": op, "params": body}))
            .collect();
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/oracle/serialize.py");
        let mut child = Command::new("python3")
            .arg(script)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("python3 is required for the botocore differential test");
        child.stdin.take().unwrap().write_all(serde_json::to_vec(&request).unwrap().as_slice()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "serialize.py failed (pip install botocore?): {}", String::from_utf8_lossy(&out.stderr));
        let results: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(results.len(), inputs.len(), "one answer per operation");
        for ((op, target, ours), theirs) in inputs.iter().zip(&results) {
            assert!(theirs.get("error").is_none(), "{op}: botocore rejects our input {ours}: {}", theirs["error"]);
            assert_eq!(ours, &theirs["body"], "{op}: body differs from botocore's");
            assert_eq!(theirs["headers"]["X-Amz-Target"], *target, "{op}");
            assert_eq!(theirs["headers"]["Content-Type"], super::CONTENT_TYPE, "{op}");
        }
    }
}

/// Every operation's output, fully populated, written by us and parsed by botocore's
/// parser, equals what botocore parses from our reading and re-writing of it: what we read
/// is what botocore reads, member for member.
#[cfg(test)]
mod botocore_output_round_trip {
    use std::io::Write;
    use std::process::{Command, Stdio};

    #[test]
    fn every_output_reads_back_as_botocore_parses_it() {
        let outputs = crate::generated::representative_inputs::output_round_trips();
        assert!(!outputs.is_empty());
        let mut request = Vec::new();
        for (op, written, again) in &outputs {
            let again = again.as_ref().unwrap_or_else(|e| panic!("{op}: our own output does not read back: {e}\n{written}"));
            request.push(serde_json::json!({"operation": op, "a": written, "b": again}));
        }
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/oracle/parse.py");
        let mut child = Command::new("python3")
            .arg(script)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("python3 is required for the botocore round-trip test");
        child.stdin.take().unwrap().write_all(serde_json::to_vec(&request).unwrap().as_slice()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "parse.py failed (pip install botocore?): {}", String::from_utf8_lossy(&out.stderr));
        let results: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(results.len(), outputs.len());
        for ((op, written, _), result) in outputs.iter().zip(&results) {
            assert_eq!(result["equal"], true, "{op}: botocore parses our re-written output differently: {result}\nfirst: {written}");
            assert!(result["members"].as_u64().unwrap() > 0, "{op}: botocore parsed no member from {written}");
        }
    }
}

#[cfg(test)]
mod model_examples {
    /// Every example output in `examples-1.json` parses into its operation's output type.
    #[test]
    fn example_outputs_parse() {
        let examples = crate::generated::representative_inputs::example_outputs();
        assert!(examples.len() >= 30, "only {} examples", examples.len());
        let mut valid = 0;
        for (op, json, result) in examples {
            // Some examples write timestamps as strings like "20170228T1215Z", which the
            // wire never carries: those must fail on the timestamp, and only there.
            let has_string_timestamp = json.contains("Timestamp\":\"");
            match result {
                Ok(()) => {
                    assert!(!has_string_timestamp, "{op}: accepted a string timestamp");
                    valid += 1;
                }
                Err(e) => assert!(has_string_timestamp && e.contains("timestamp"), "{op}: {json}: {e}"),
            }
        }
        assert!(valid >= 20, "only {valid} examples parsed");
    }
}

/// Fuzzing the response parsers: arbitrary bytes and mutations of valid responses, fed to
/// every operation's output parser and to the error parser, must never panic.
///
/// The default run is short and deterministic (fixed seeds plus a regression corpus);
/// `FUZZ_SECONDS=600 cargo test -p organizations-sdk --lib fuzz -- --nocapture` runs it
/// for ten minutes with fresh seeds and prints the number of executions.
#[cfg(test)]
mod fuzz {
    use crate::generated::representative_inputs::{example_outputs, parse_with_every_operation};
    use std::time::{Duration, Instant};

    /// Inputs that once exercised edge cases: kept as a regression corpus.
    const CORPUS: &[&str] = &[
        "",
        "{}",
        "[]",
        "null",
        "{\"Account\":{\"JoinedTimestamp\":1e400}}",
        "{\"Account\":{\"JoinedTimestamp\":-1e300}}",
        "{\"Account\":{\"JoinedTimestamp\":\"NaN\"}}",
        "{\"Accounts\":[{\"Id\":null,\"Status\":7}]}",
        "{\"Handshake\":{\"Parties\":[{\"Id\":null,\"Type\":null}]}}",
        "{\"Handshake\":{\"Resources\":[{\"Resources\":[{\"Resources\":[]}]}]}}",
        "{\"__type\":\"#\",\"message\":{}}",
        "{\"__type\":\":::\",\"code\":\"\"}",
        "{\"Roots\":[{\"PolicyTypes\":[{\"Type\":\"\\u0000\"}]}]}",
        "{\"NextToken\":\"\\ud800\"}",
        "\u{feff}{}",
        "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
    ];

    fn mutate(rng: &mut fastrand::Rng, seed: &[u8]) -> Vec<u8> {
        let mut data = seed.to_vec();
        for _ in 0..rng.usize(1..8) {
            let len = data.len();
            match rng.u8(0..6) {
                0 if len > 0 => data[rng.usize(0..len)] = rng.u8(..),
                1 if len > 0 => data.truncate(rng.usize(0..len)),
                2 => data.insert(rng.usize(0..=len), *b"{}[]\",:0e-.n\\".get(rng.usize(0..13)).unwrap()),
                3 if len > 1 => {
                    let a = rng.usize(0..len);
                    let b = rng.usize(a..len);
                    let chunk = data[a..b].to_vec();
                    data.splice(a..a, chunk);
                }
                4 if len > 0 => {
                    data.remove(rng.usize(0..len));
                }
                _ => data.extend((0..rng.usize(0..16)).map(|_| rng.u8(..))),
            }
        }
        data
    }

    #[test]
    fn parsers_never_panic() {
        let seconds: u64 = std::env::var("FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(0);
        let mut rng = if seconds > 0 { fastrand::Rng::new() } else { fastrand::Rng::with_seed(0x5eed) };
        let headers = http::HeaderMap::new();
        let mut seeds: Vec<Vec<u8>> = CORPUS.iter().map(|s| s.as_bytes().to_vec()).collect();
        seeds.extend(example_outputs().into_iter().map(|(_, json, _)| json.as_bytes().to_vec()));
        let mut executions = 0u64;
        for seed in &seeds {
            for status in [200, 400, 500] {
                parse_with_every_operation(status, &headers, seed);
                executions += 63;
            }
        }
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let mut rounds = 0u64;
        while rounds < 300 || Instant::now() < deadline {
            let input = if rng.bool() {
                let seed = rng.usize(0..seeds.len());
                mutate(&mut rng, &seeds[seed])
            } else {
                (0..rng.usize(0..64)).map(|_| rng.u8(..)).collect()
            };
            let status = [200, 200, 400, 429, 500, 503][rng.usize(0..6)];
            parse_with_every_operation(status, &headers, &input);
            executions += 63;
            rounds += 1;
        }
        if seconds > 0 {
            println!("fuzz: {executions} parser executions over {rounds} inputs in {seconds} s, no panic");
        }
    }
}
