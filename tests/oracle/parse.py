"""Parser oracle: botocore parses two response bodies of one operation; are they equal?

Reads [{"operation": name, "a": body, "b": body}] on stdin; writes, per entry,
{"equal": bool, "members": number of top-level members botocore parsed from a, "a": ..., "b": ...}.
The model is ORACLE_MODEL_DIR (default: the repository's model/).
"""
import json
import os
import pathlib
import sys

from botocore.model import ServiceModel
from botocore.parsers import create_parser

model = pathlib.Path(os.environ.get("ORACLE_MODEL_DIR") or pathlib.Path(__file__).resolve().parents[2] / "model")
service = ServiceModel(json.loads((model / "service-2.json").read_text()), "service")
parser = create_parser("json")


def parse(op, body):
    response = {"status_code": 200, "headers": {}, "body": body.encode()}
    parsed = parser.parse(response, op.output_shape)
    parsed.pop("ResponseMetadata", None)
    return parsed


out = []
for entry in json.load(sys.stdin):
    op = service.operation_model(entry["operation"])
    a, b = parse(op, entry["a"]), parse(op, entry["b"])
    out.append({"equal": a == b, "members": len(a), "a": repr(a), "b": repr(b)})
json.dump(out, sys.stdout)
