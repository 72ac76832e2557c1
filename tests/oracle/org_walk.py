"""Organization walk oracle: what botocore (the AWS CLI's engine) lists from a server,
walked the way the CLI is used by hand: list-accounts + list-parents per account,
list-organizational-units-for-parent recursively, list-policies + list-targets-for-policy,
list-tags-for-resource.

Usage: org_walk.py ENDPOINT_URL; prints {"ous", "accounts", "policies", "tags"} as JSON,
sorted so it can be compared.
"""
import json
import sys

import botocore.session

session = botocore.session.Session()
client = session.create_client(
    "organizations",
    region_name="us-east-1",
    endpoint_url=sys.argv[1],
    aws_access_key_id="AKIDTEST",
    aws_secret_access_key="SECRETTEST",
)


def every(op, key, **kwargs):
    for page in client.get_paginator(op).paginate(**kwargs):
        yield from page[key]


roots = list(every("list_roots", "Roots"))
ous, queue = [], [r["Id"] for r in roots]
while queue:
    parent = queue.pop(0)
    for ou in every("list_organizational_units_for_parent", "OrganizationalUnits", ParentId=parent):
        ous.append([ou["Id"], ou["Name"], parent])
        queue.append(ou["Id"])
accounts = []
for a in every("list_accounts", "Accounts"):
    parent = client.list_parents(ChildId=a["Id"])["Parents"][0]["Id"]
    accounts.append([a["Id"], a["Name"], parent])
policies = []
for p in every("list_policies", "Policies", Filter="SERVICE_CONTROL_POLICY"):
    targets = sorted(t["TargetId"] for t in every("list_targets_for_policy", "Targets", PolicyId=p["Id"]))
    policies.append([p["Id"], p["Name"], targets])
tags = {}
for resource in [r["Id"] for r in roots] + [o[0] for o in ous] + [a[0] for a in accounts] + [p[0] for p in policies]:
    found = [[t["Key"], t["Value"]] for t in every("list_tags_for_resource", "Tags", ResourceId=resource)]
    if found:
        tags[resource] = found
json.dump({"ous": sorted(ous), "accounts": sorted(accounts), "policies": sorted(policies), "tags": tags}, sys.stdout)
