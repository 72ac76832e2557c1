"""Endpoint oracle: botocore's own rule-set resolver over the same model files.

Reads a JSON array of parameter objects on stdin; writes a JSON array of results:
{"url": ..., "signingRegion": ...} or {"error": message}.
"""
import json
import pathlib
import sys

from botocore.model import ServiceModel
from botocore.regions import EndpointRulesetResolver

model = pathlib.Path(__file__).resolve().parents[2] / "model"
resolver = EndpointRulesetResolver(
    endpoint_ruleset_data=json.loads((model / "endpoint-rule-set-1.json").read_text()),
    partition_data=json.loads((model / "partitions.json").read_text()),
    service_model=ServiceModel(json.loads((model / "service-2.json").read_text()), "organizations"),
    builtins={},
    client_context=None,
    event_emitter=None,
)
results = []
for params in json.load(sys.stdin):
    try:
        ep = resolver._provider.resolve_endpoint(**params)
        schemes = ep.properties.get("authSchemes", [])
        sigv4 = next((s for s in schemes if s.get("name") == "sigv4"), {})
        results.append({"url": ep.url, "signingRegion": sigv4.get("signingRegion")})
    except Exception as e:  # botocore raises EndpointResolutionError with the rule's message
        results.append({"error": getattr(e, "kwargs", {}).get("msg", str(e))})
json.dump(results, sys.stdout)
