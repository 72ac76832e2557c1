"""Organization walk oracle: what the AWS CLI (`aws organizations …`, from the awscli
package, which bundles its own botocore) reports for a server, walked the way the CLI is
used by hand: list-roots, list-organizational-units-for-parent recursively, list-accounts +
list-parents per account, list-policies + list-targets-for-policy, list-tags-for-resource.

Reads {"url": ENDPOINT_URL} on stdin; prints {"ous", "accounts", "policies", "tags"} as
JSON, sorted so it can be compared.
"""
import json
import os
import subprocess
import sys
import tempfile

url = json.load(sys.stdin)["url"]
home = tempfile.mkdtemp()
env = {
    "PATH": os.environ.get("PATH", ""),
    "HOME": home,
    "AWS_ACCESS_KEY_ID": "AKIDTEST",
    "AWS_SECRET_ACCESS_KEY": "SECRETTEST",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_CONFIG_FILE": os.path.join(home, "config"),
    "AWS_SHARED_CREDENTIALS_FILE": os.path.join(home, "credentials"),
}


def aws(*args):
    """One CLI call (the CLI follows NextToken itself), its JSON output."""
    out = subprocess.run(
        [sys.executable, "-m", "awscli", "--endpoint-url", url, "--output", "json", "organizations", *args],
        env=env, capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout) if out.stdout.strip() else {}


roots = aws("list-roots")["Roots"]
ous, queue = [], [r["Id"] for r in roots]
while queue:
    parent = queue.pop(0)
    for ou in aws("list-organizational-units-for-parent", "--parent-id", parent)["OrganizationalUnits"]:
        ous.append([ou["Id"], ou["Name"], parent])
        queue.append(ou["Id"])
accounts = []
for a in aws("list-accounts")["Accounts"]:
    parent = aws("list-parents", "--child-id", a["Id"])["Parents"][0]["Id"]
    accounts.append([a["Id"], a["Name"], parent])
policies = []
for p in aws("list-policies", "--filter", "SERVICE_CONTROL_POLICY")["Policies"]:
    targets = sorted(t["TargetId"] for t in aws("list-targets-for-policy", "--policy-id", p["Id"])["Targets"])
    policies.append([p["Id"], p["Name"], targets])
tags = {}
for resource in [r["Id"] for r in roots] + [o[0] for o in ous] + [a[0] for a in accounts] + [p[0] for p in policies]:
    found = [[t["Key"], t["Value"]] for t in aws("list-tags-for-resource", "--resource-id", resource)["Tags"]]
    if found:
        tags[resource] = found
json.dump({"ous": sorted(ous), "accounts": sorted(accounts), "policies": sorted(policies), "tags": tags}, sys.stdout)
