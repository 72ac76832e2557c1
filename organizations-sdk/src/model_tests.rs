//! Tests of the generated operations as a whole, on the wire: every input serializes as
//! botocore's serializer does, every output reads back as botocore's parser reads it, the
//! model's example outputs parse, and the parsers reject hostile responses without
//! panicking. They use `generated::model_test_data` (test-only generated data), so
//! they run unchanged for any model, the obstacle-course fixture included.

#[path = "../../tests/oracle/run.rs"]
mod run;

/// An oracle's answer: one JSON value per request.
fn oracle(script: &str, request: &serde_json::Value) -> Vec<serde_json::Value> {
    serde_json::from_value(run::python_oracle(script, request)).expect("the oracle answers a list")
}

/// Differential check against botocore: every operation's input, with all members set,
/// serializes to exactly what botocore's validator accepts and its serializer emits.
mod botocore_differential {
    #[test]
    fn every_operation_serializes_like_botocore() {
        let inputs: Vec<(&str, &str, serde_json::Value)> = crate::generated::model_test_data::all()
            .into_iter()
            .map(|(op, target, body)| (op, target, serde_json::from_str(&body).expect("we write valid JSON")))
            .collect();
        assert!(!inputs.is_empty());
        let request: Vec<serde_json::Value> = inputs.iter().map(|(op, _, body)| serde_json::json!({"operation": op, "params": body})).collect();
        let results = super::oracle("serialize.py", &serde_json::Value::Array(request));
        assert_eq!(results.len(), inputs.len(), "one answer per operation");
        for ((op, target, ours), theirs) in inputs.iter().zip(&results) {
            assert!(theirs.get("error").is_none(), "{op}: botocore rejects our input {ours}: {}", theirs["error"]);
            assert_eq!(ours, &theirs["body"], "{op}: body differs from botocore's");
            assert_eq!(theirs["headers"]["X-Amz-Target"], *target, "{op}");
            assert_eq!(theirs["headers"]["Content-Type"], crate::SERVICE.content_type, "{op}");
        }
    }
}

/// Every operation's output, fully populated, written by us and parsed by botocore's
/// parser, equals what botocore parses from our reading and re-writing of it: what we read
/// is what botocore reads, member for member.
mod botocore_output_round_trip {
    #[test]
    fn every_output_reads_back_as_botocore_parses_it() {
        let outputs = crate::generated::model_test_data::output_round_trips();
        assert!(!outputs.is_empty());
        let mut request = Vec::new();
        for (op, written, again) in &outputs {
            let again = again.as_ref().unwrap_or_else(|e| panic!("{op}: our own output does not read back: {e}\n{written}"));
            request.push(serde_json::json!({"operation": op, "a": written, "b": again}));
        }
        let results = super::oracle("parse.py", &serde_json::Value::Array(request));
        assert_eq!(results.len(), outputs.len());
        for ((op, written, _), result) in outputs.iter().zip(&results) {
            assert_eq!(result["equal"], true, "{op}: botocore parses our re-written output differently: {result}\nfirst: {written}");
            assert!(result["members"].as_u64().unwrap() > 0, "{op}: botocore parsed no member from {written}");
        }
    }
}

mod model_examples {
    /// Every example output in `examples-1.json` parses into its operation's output type.
    #[test]
    fn example_outputs_parse() {
        let examples = crate::generated::model_test_data::example_outputs();
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
/// every operation's output parser and to the error parser, must never panic, and must
/// say what they should: an error status never parses as a success; bytes that are not
/// UTF-8, a document cut short, or a document that is not an object never parse; `{}` and
/// the model's example outputs do.
///
/// The default run is short and deterministic (fixed seeds plus a regression corpus);
/// `FUZZ_SECONDS=600 cargo test -p organizations-sdk --lib fuzz -- --nocapture` runs it
/// for ten minutes with fresh seeds and prints the number of executions.
mod fuzz {
    use crate::generated::model_test_data::{all, example_outputs, parse_with_every_operation};
    use std::time::{Duration, Instant};

    /// What a response must parse as, from its status and bytes alone (`None`: either).
    fn expected_successes(status: u16, input: &[u8], seed: Option<&[u8]>) -> Option<usize> {
        let text = match std::str::from_utf8(input) {
            Err(_) => return Some(0),
            Ok(text) => text.trim_matches(|c: char| c.is_ascii_whitespace()),
        };
        if status >= 300 {
            return Some(0);
        }
        if text.is_empty() {
            return None; // operations without output accept an empty body
        }
        if !text.starts_with('{') {
            return Some(0);
        }
        let cut_short = seed.and_then(|s| std::str::from_utf8(s).ok()).is_some_and(|s| {
            let s = s.trim_matches(|c: char| c.is_ascii_whitespace());
            s.len() > text.len() && s.starts_with(text)
        });
        cut_short.then_some(0)
    }

    fn check(status: u16, input: &[u8], seed: Option<&[u8]>) {
        let headers = http::HeaderMap::new();
        let ok = parse_with_every_operation(status, &headers, input);
        if let Some(want) = expected_successes(status, input, seed) {
            assert_eq!(ok, want, "status {status}, input {:?}", String::from_utf8_lossy(input));
        }
    }

    #[test]
    fn valid_documents_parse() {
        let operations = all().len();
        let headers = http::HeaderMap::new();
        assert_eq!(parse_with_every_operation(200, &headers, b"{}"), operations, "every output accepts {{}}");
        assert_eq!(parse_with_every_operation(200, &headers, b" {\"Unknown\": [1, {\"x\": null}]} "), operations);
        for (op, json, result) in example_outputs() {
            if result.is_ok() {
                assert!(parse_with_every_operation(200, &headers, json.as_bytes()) >= 1, "{op}: {json}");
            }
        }
    }

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
    fn hostile_responses_give_errors_never_panics() {
        let seconds: u64 = std::env::var("FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(0);
        let mut rng = if seconds > 0 { fastrand::Rng::new() } else { fastrand::Rng::with_seed(0x5eed) };
        let mut seeds: Vec<Vec<u8>> = CORPUS.iter().map(|s| s.as_bytes().to_vec()).collect();
        seeds.extend(example_outputs().into_iter().map(|(_, json, _)| json.as_bytes().to_vec()));
        let operations = all().len() as u64;
        let mut executions = 0u64;
        for seed in &seeds {
            for status in [200, 400, 500] {
                check(status, seed, None);
                executions += operations;
            }
            // Every strict prefix of a document is cut short.
            let trimmed = std::str::from_utf8(seed).map(str::trim).unwrap_or_default().as_bytes();
            for end in 1..trimmed.len() {
                check(200, &trimmed[..end], Some(seed));
                executions += operations;
            }
        }
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let mut rounds = 0u64;
        while rounds < 300 || Instant::now() < deadline {
            let input: Vec<u8> = if rng.bool() {
                let seed = rng.usize(0..seeds.len());
                mutate(&mut rng, &seeds[seed])
            } else {
                (0..rng.usize(0..64)).map(|_| rng.u8(..)).collect()
            };
            let status = [200, 200, 400, 429, 500, 503][rng.usize(0..6)];
            check(status, &input, None);
            executions += operations;
            rounds += 1;
        }
        if seconds > 0 {
            println!("fuzz: {executions} parser executions over {rounds} inputs in {seconds} s, no panic");
        }
    }
}
