"""SHA-1 oracle: the hex digest of each string of a JSON list on stdin (as `aws sso login`
names its token cache files), a JSON list on stdout."""
import hashlib
import json
import sys

print(json.dumps([hashlib.sha1(s.encode()).hexdigest() for s in json.load(sys.stdin)]))
