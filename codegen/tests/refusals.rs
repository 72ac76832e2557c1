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
            "shape S: event streams are not supported",
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
        let message = refused(files);
        assert!(message.contains(wanted), "{message:?} does not say {wanted:?}");
    }
}

#[test]
fn the_minimal_model_is_accepted() {
    let none = json!({});
    codegen::generate(&model(none.clone(), none.clone(), none)).unwrap();
}
