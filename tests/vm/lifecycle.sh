#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make lifecycle-doc: boot the newest supported kernel, run
# lifecycle-guest.sh, and write docs/lifecycle.md from
# docs/lifecycle.md.in, each "@@NAME@@" line replaced by what the guest
# captured under NAME (as a code block).  Exits non-zero, leaving the
# document as it was, if anything is missing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/common.sh"

kver=${NSTRACK_KVER:-$(nstrack_kernels | tail -n1)}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
make -s -C "$REPO" tool
make -s -C "$REPO" module KDIR="/lib/modules/$kver/build" >/dev/null
"$here/boot.sh" --kver "$kver" --out "$out" --nic2 -- \
	"$here/lifecycle-guest.sh" >"$out/host.log" 2>&1 || {
	cat "$out/host.log" >&2
	exit 1
}

python3 - "$REPO/docs/lifecycle.md.in" "$out/lifecycle" "$kver" \
	>"$out/lifecycle.md" <<'PY'
import re, sys
template, capdir, kver = sys.argv[1:]
missing = []
def block(m):
    try:
        with open(f"{capdir}/{m.group(1)}.txt") as f:
            text = f.read().rstrip("\n")
    except OSError:
        missing.append(m.group(1))
        return ""
    return "```\n" + text + "\n```"
with open(template) as f:
    doc = re.sub(r"^@@([a-z0-9-]+)@@$", block, f.read(), flags=re.M)
if missing:
    sys.exit("lifecycle: nothing captured for " + ", ".join(missing))
sys.stdout.write(doc.replace("@KVER@", kver))
PY
cp "$out/lifecycle.md" "$REPO/docs/lifecycle.md"
echo "docs/lifecycle.md written from a run on $kver"
