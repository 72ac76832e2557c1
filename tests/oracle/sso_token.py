"""SSO token oracle: what botocore (the AWS CLI's library) does with an SSO token cache.

Reads {"action": "load" | "refresh", "home": dir, "oidc": url} on stdin.
- "load": botocore's SSOTokenLoader reads the `corp` session's cache entry under
  home/.aws/sso/cache; writes {"accessToken", "expiresAt"} as it sees them.
- "refresh": botocore's SSOTokenProvider for profile `dev` (home/.aws/config), with
  SSO-OIDC at `oidc` (AWS_ENDPOINT_URL_SSO_OIDC), loads the token, refreshing an expired one
  with CreateToken and writing the cache as the AWS CLI does; writes {"token"}.
"""
import json
import os
import sys

request = json.load(sys.stdin)
home = request["home"]
# botocore computes its cache directory from ~ when imported.
os.environ["HOME"] = home
os.environ["AWS_CONFIG_FILE"] = os.path.join(home, ".aws", "config")
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.path.join(home, ".aws", "credentials")
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
if request.get("oidc"):
    os.environ["AWS_ENDPOINT_URL_SSO_OIDC"] = request["oidc"]

import botocore.session  # noqa: E402
from botocore.tokens import SSOTokenProvider  # noqa: E402
from botocore.utils import JSONFileCache, SSOTokenLoader  # noqa: E402

if request["action"] == "load":
    cache = JSONFileCache(os.path.join(home, ".aws", "sso", "cache"))
    token = SSOTokenLoader(cache=cache)("https://corp.awsapps.com/start", session_name="corp")
    print(json.dumps({"accessToken": token["accessToken"], "expiresAt": token["expiresAt"]}))
else:
    session = botocore.session.Session(profile="dev")
    token = SSOTokenProvider(session).load_token().get_frozen_token().token
    print(json.dumps({"token": token}))
