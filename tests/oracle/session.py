"""Session oracle: what botocore's Session resolves for a given environment.

Reads [{"env": {...}}] on stdin; for each, runs botocore with exactly that environment
(plus metadata disabled) and writes {"region", "access_key", "secret_key", "token"}.
"""
import json
import os
import sys

import botocore.session

out = []
base = dict(os.environ)
for case in json.load(sys.stdin):
    os.environ.clear()
    os.environ.update({k: v for k, v in base.items() if not k.startswith("AWS_")})
    os.environ.update(case["env"])
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
    session = botocore.session.Session()
    try:
        creds = session.get_credentials()
        frozen = creds.get_frozen_credentials() if creds else None
        out.append({
            "region": session.get_config_variable("region"),
            "access_key": frozen.access_key if frozen else None,
            "secret_key": frozen.secret_key if frozen else None,
            "token": frozen.token if frozen else None,
        })
    except Exception as e:  # a profile botocore rejects
        out.append({"error": type(e).__name__})
json.dump(out, sys.stdout)
