"""Serializer oracle: botocore validates and serializes each operation's parameters.

Reads [{"operation": name, "params": {...}}] on stdin; writes, per entry,
{"body": <parsed JSON body>, "headers": {...}} or {"error": <validation report>}.
"""
import json
import pathlib
import sys

from botocore.model import ServiceModel
from botocore.serialize import create_serializer
from botocore.validate import ParamValidator

model = pathlib.Path(__file__).resolve().parents[2] / "model"
service = ServiceModel(json.loads((model / "service-2.json").read_text()), "organizations")
serializer = create_serializer("json", include_validation=False)
validator = ParamValidator()
out = []
for entry in json.load(sys.stdin):
    op = service.operation_model(entry["operation"])
    report = validator.validate(entry["params"], op.input_shape) if op.input_shape else None
    if report is not None and report.has_errors():
        out.append({"error": report.generate_report()})
        continue
    request = serializer.serialize_to_request(entry["params"], op)
    body = request["body"]
    body = body.decode() if isinstance(body, bytes) else body
    out.append({"body": json.loads(body) if body else {}, "headers": dict(request["headers"])})
json.dump(out, sys.stdout)
