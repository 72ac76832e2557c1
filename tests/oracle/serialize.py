"""Serializer oracle: botocore validates and serializes each operation's parameters.

Reads [{"operation": name, "params": {...}}] on stdin (params as our SDK wrote them on the
wire: blobs base64, timestamps in their wire format); writes, per entry,
{"body": <parsed JSON body>, "headers": {...}} or {"error": <validation report>}.
The model is ORACLE_MODEL_DIR (default: the repository's model/).
"""
import base64
import json
import os
import pathlib
import sys

from botocore.model import ServiceModel
from botocore.serialize import create_serializer
from botocore.validate import ParamValidator

model = pathlib.Path(os.environ.get("ORACLE_MODEL_DIR") or pathlib.Path(__file__).resolve().parents[2] / "model")
service = ServiceModel(json.loads((model / "service-2.json").read_text()), "service")


def to_params(value, shape):
    """Wire JSON -> the Python values botocore takes as parameters."""
    if value is None:
        return None
    if shape.type_name == "structure":
        if shape.is_document_type:
            return value
        by_wire = {m.serialization.get("name", name): name for name, m in shape.members.items()}
        return {by_wire[k]: to_params(v, shape.members[by_wire[k]]) for k, v in value.items()}
    if shape.type_name == "list":
        return [to_params(v, shape.member) for v in value]
    if shape.type_name == "map":
        return {k: to_params(v, shape.value) for k, v in value.items()}
    if shape.type_name == "blob":
        return base64.b64decode(value)
    return value


serializer = create_serializer("json", include_validation=False)
validator = ParamValidator()
out = []
for entry in json.load(sys.stdin):
    op = service.operation_model(entry["operation"])
    if op.input_shape is not None:
        entry["params"] = to_params(entry["params"], op.input_shape)
    report = validator.validate(entry["params"], op.input_shape) if op.input_shape else None
    if report is not None and report.has_errors():
        out.append({"error": report.generate_report()})
        continue
    request = serializer.serialize_to_request(entry["params"], op)
    body = request["body"]
    body = body.decode() if isinstance(body, bytes) else body
    out.append({"body": json.loads(body) if body else {}, "headers": dict(request["headers"])})
json.dump(out, sys.stdout)
