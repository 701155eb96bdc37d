#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The spec is valid against the kernel's genetlink-legacy schema, and the
# committed UAPI header is exactly what the kernel's generator makes of it.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/common.sh"
. "$here/lib.sh"

spec=$REPO/docs/netlink/nstrack.yaml
hdr=$REPO/include/uapi/linux/nstrack.h
ynl=$(nstrack_ynl_dir) || { fail "ynl: kernel YNL tools unavailable"; exit 1; }
schema=$ynl/Documentation/netlink/genetlink-legacy.yaml

rc=0
if err=$("$NSTRACK_PYTHON" - "$spec" "$schema" 2>&1 <<'PY'
import sys
import jsonschema
import yaml

with open(sys.argv[1]) as f:
    spec = yaml.safe_load(f)
with open(sys.argv[2]) as f:
    schema = yaml.safe_load(f)
try:
    jsonschema.validate(spec, schema)
except jsonschema.ValidationError as e:
    path = "/".join(str(p) for p in e.absolute_path)
    sys.exit(f"{path}: {e.message}")
PY
); then
	pass "ynl: docs/netlink/nstrack.yaml is valid against genetlink-legacy.yaml"
else
	fail "ynl: docs/netlink/nstrack.yaml against genetlink-legacy.yaml: $(echo "$err" | tail -n1)"
	rc=1
fi

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
if ! err=$(nstrack_ynl_gen "$tmp" 2>&1); then
	fail "ynl: ynl-gen-c.py fails on the spec: $(echo "$err" | tail -n1)"
	rc=1
elif ! diff -u "$hdr" "$tmp" >&2; then
	fail "ynl: include/uapi/linux/nstrack.h differs from the spec's (make regen)"
	rc=1
else
	pass "ynl: include/uapi/linux/nstrack.h is the generator's output of the spec"
fi
exit $rc
