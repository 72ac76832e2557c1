//! Models the generator must refuse, each with the message it gives: generation stops
//! naming the shape, member or operation at fault, never emits code that does not compile.

use serde_json::{json, Value};

/// A one-operation awsJson model; `shapes` and `operation` are merged over the defaults.
fn model(metadata: Value, operation: Value, shapes: Value) -> codegen::ModelFiles {
    let mut meta = json!({
        "apiVersion": "2020-01-01", "endpointPrefix": "t", "protocol": "json", "jsonVersion": "1.1",
        "serviceFullName": "T", "serviceId": "T", "targetPrefix": "T",
    });
    for (k, v) in metadata.as_object().unwrap() {
        meta[k] = v.clone();
    }
    let mut op = json!({ "name": "Op", "http": { "method": "POST", "requestUri": "/" }, "input": { "shape": "In" } });
    for (k, v) in operation.as_object().unwrap() {
        op[k] = v.clone();
    }
    let mut all = json!({ "In": { "type": "structure", "members": { "A": { "shape": "S" } } }, "S": { "type": "string" } });
    for (k, v) in shapes.as_object().unwrap() {
        all[k] = v.clone();
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    codegen::ModelFiles {
        service: json!({ "metadata": meta, "operations": { "Op": op }, "shapes": all }).to_string(),
        paginators: r#"{"pagination":{}}"#.into(),
        paginators_extras: None,
        examples: None,
        endpoint_rules: std::fs::read_to_string(root.join("model/endpoint-rule-set-1.json")).unwrap(),
        partitions: std::fs::read_to_string(root.join("model/partitions.json")).unwrap(),
        version: "test".into(),
    }
}

fn refused(files: codegen::ModelFiles) -> String {
    match codegen::generate(&files) {
        Ok(_) => panic!("the model was accepted"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn unsupported_models_are_refused_naming_what_is_at_fault() {
    let none = json!({});
    let cases: Vec<(codegen::ModelFiles, &str)> = vec![
        (model(json!({ "protocol": "rest-json" }), none.clone(), none.clone()), "unsupported protocol rest-json (only awsJson)"),
        (model(json!({ "jsonVersion": "2.0" }), none.clone(), none.clone()), "unsupported jsonVersion 2.0 (awsJson is 1.0 or 1.1)"),
        (model(none.clone(), json!({ "input": { "shape": "Missing" } }), none.clone()), "reference to unknown shape Missing"),
        (model(none.clone(), json!({ "httpChecksum": {} }), none.clone()), "operation Op: unsupported trait `httpChecksum`"),
        (model(none.clone(), none.clone(), json!({ "S": { "type": "string", "xmlFancy": true } })), "shape S: unsupported trait `xmlFancy`"),
        (
            model(none.clone(), none.clone(), json!({ "In": { "type": "structure", "members": { "A": { "shape": "S", "contextParam": {} } } } })),
            "In.A: unsupported trait `contextParam`",
        ),
        (model(none.clone(), none.clone(), json!({ "S": { "type": "bigdecimal" } })), "S: unsupported shape type bigdecimal"),
        (
            model(none.clone(), none.clone(), json!({ "S": { "type": "timestamp", "timestampFormat": "julian" } })),
            "S: unknown timestampFormat julian",
        ),
        (
            model(none.clone(), none.clone(), json!({ "S": { "type": "structure", "members": {}, "eventstream": true } })),
            "shape S: event streams are not supported (this generator's runtime sends one request and reads one response)",
        ),
        (
            model(none.clone(), json!({ "endpoint": { "hostPrefix": "{Nope}." } }), none.clone()),
            "operation Op: host prefix label {Nope} is not a required string member marked hostLabel",
        ),
        (
            model(none.clone(), json!({ "requestcompression": { "encodings": ["br"] } }), none.clone()),
            "operation Op: requestcompression without gzip (the only encoding supported)",
        ),
    ];
    for (files, wanted) in cases {
        assert_eq!(refused(files), wanted);
    }
}

#[test]
fn the_minimal_model_is_accepted() {
    let none = json!({});
    codegen::generate(&model(none.clone(), none.clone(), none)).unwrap();
}

/// The minimal model with this rule set (one `Region` parameter unless `parameters` says
/// otherwise) and, if given, this `partitions.json`.
fn rules_model(parameters: Value, rules: Value, partitions: Option<Value>) -> codegen::ModelFiles {
    let none = json!({});
    let mut files = model(none.clone(), none.clone(), none);
    let mut params = json!({ "Region": { "type": "String", "builtIn": "AWS::Region" } });
    for (k, v) in parameters.as_object().unwrap() {
        params[k] = v.clone();
    }
    files.endpoint_rules = json!({ "version": "1.0", "parameters": params, "rules": rules }).to_string();
    if let Some(p) = partitions {
        files.partitions = p.to_string();
    }
    files
}

/// A rule yielding an endpoint when `conditions` hold.
fn endpoint_rule(conditions: Value, url: &str) -> Value {
    json!({ "type": "endpoint", "conditions": conditions, "endpoint": { "url": url, "properties": {}, "headers": {} } })
}

#[test]
fn unsupported_rule_sets_and_partitions_are_refused_naming_what_is_at_fault() {
    let none = json!({});
    let set = json!([{ "fn": "isSet", "argv": [{ "ref": "Region" }] }]);
    let partition = |regex: &str, global: bool| {
        let mut outputs =
            json!({ "name": "aws", "dnsSuffix": "amazonaws.com", "dualStackDnsSuffix": "api.aws", "supportsFIPS": true, "supportsDualStack": true });
        if global {
            outputs["implicitGlobalRegion"] = json!("us-east-1");
        }
        json!({ "version": "1.1", "partitions": [{ "id": "aws", "regionRegex": regex, "regions": {}, "outputs": outputs }] })
    };
    let cases: Vec<(codegen::ModelFiles, &str)> = vec![
        (
            rules_model(none.clone(), json!([endpoint_rule(json!([{ "fn": "fooBar", "argv": [] }]), "https://x")]), None),
            "unsupported function fooBar",
        ),
        (
            rules_model(none.clone(), json!([{ "type": "teleport", "conditions": [] }]), None),
            "endpoint-rule-set-1.json: unknown variant `teleport`, expected one of `endpoint`, `error`, `tree`",
        ),
        (
            rules_model(json!({ "Tags": { "type": "stringArray" } }), json!([]), None),
            "endpoint-rule-set-1.json: unknown variant `stringArray`, expected one of `String`, `string`, `Boolean`, `boolean`",
        ),
        (rules_model(json!({ "Bucket": { "type": "String" } }), json!([]), None), "rule-set parameter Bucket is not supported by endpoint::Params"),
        (
            rules_model(none.clone(), json!([endpoint_rule(json!([{ "fn": "isSet", "argv": [{ "ref": "Nope" }] }]), "https://x")]), None),
            "unknown reference Nope",
        ),
        (
            rules_model(
                none.clone(),
                json!([endpoint_rule(
                    json!([{ "fn": "aws.partition", "argv": [{ "ref": "Region" }], "assign": "P" }, { "fn": "getAttr", "argv": [{ "ref": "P" }, "color"] }]),
                    "https://x"
                )]),
                None,
            ),
            "getAttr color on Partition is not supported",
        ),
        (
            rules_model(
                none.clone(),
                json!([endpoint_rule(json!([{ "fn": "booleanEquals", "argv": [{ "ref": "Region" }, true] }]), "https://x")]),
                None,
            ),
            "an argument is Str, expected Bool",
        ),
        (
            rules_model(none.clone(), json!([endpoint_rule(set.clone(), "https://{Nope}.example.com")]), None),
            "template https://{Nope}.example.com: unknown reference Nope",
        ),
        (
            rules_model(
                none.clone(),
                json!([{ "type": "endpoint", "conditions": set, "endpoint": { "url": "https://x", "properties": {}, "headers": { "x-a": ["b"] } } }]),
                None,
            ),
            "endpoint headers are not supported",
        ),
        (rules_model(none.clone(), json!([]), Some(partition("^us-.*$", true))), "regex ^us-.*$: unsupported character '.'"),
        (rules_model(none.clone(), json!([]), Some(partition("us-\\w+", true))), "regex us-\\w+: must be anchored with ^…$"),
        (
            rules_model(
                none.clone(),
                json!([endpoint_rule(
                    json!([{ "fn": "aws.partition", "argv": [{ "ref": "Region" }], "assign": "P" }]),
                    "https://{P#implicitGlobalRegion}"
                )]),
                Some(partition("^us\\-\\w+$", false)),
            ),
            "the rule set reads implicitGlobalRegion, which a partition in partitions.json lacks",
        ),
    ];
    for (files, wanted) in cases {
        assert_eq!(refused(files), format!("endpoint rules: {wanted}"));
    }
}

#[test]
fn a_minimal_rule_set_is_accepted() {
    let rules = json!([endpoint_rule(json!([{ "fn": "isSet", "argv": [{ "ref": "Region" }] }]), "https://t.{Region}.example.com"), {
        "type": "error", "conditions": [], "error": "Invalid Configuration: Missing Region"
    }]);
    codegen::generate(&rules_model(json!({}), rules, None)).unwrap();
}
