#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The man pages against the tool and the module: every command of
# "nstrack help" has an entry in nstrack.8 and every entry is a command,
# every option of every "nstrack CMD --help" is in nstrack.8, every
# parameter of the built module (modinfo -p) is in nstrack.ko.4, and man
# renders both pages without a warning.  Then tests/docs/completion.sh
# and tests/docs/errors.sh.
set -u
. "$(dirname "$0")/../lib/common.sh"

tool=$REPO/user/nstrack
page8=$REPO/docs/nstrack.8
page4=$REPO/docs/nstrack.ko.4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

make -s -C "$REPO" tool >/dev/null || { fail "docs: tool builds"; exit 1; }

for page in "$page8" "$page4"; do
	MANWIDTH=80 man --warnings -E ascii -l "$page" >/dev/null 2>"$tmp/warn"
	if [ ! -s "$tmp/warn" ]; then
		pass "docs: man renders ${page##*/} without warnings"
	else
		cat "$tmp/warn"
		fail "docs: man renders ${page##*/} without warnings"
	fi
done

version=$(sed -n 's/^#define NSTRACK_VERSION "\(.*\)"/\1/p' "$REPO/kmod/version.h")
if grep -q "^\.TH .* \"nstrack $version\"" "$page8" &&
   grep -q "^\.TH .* \"nstrack $version\"" "$page4"; then
	pass "docs: both pages carry the version of kmod/version.h ($version)"
else
	fail "docs: both pages carry the version of kmod/version.h ($version)"
fi

# the commands of the usage, and the first word of every item (.TP/.TQ)
# of the man page's COMMANDS section
"$tool" help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }' |
	sort -u >"$tmp/help.cmds"
awk '/^\.SH / { on = ($2 == "COMMANDS") ; next }
     on && /^\.RS/ { nest++ } on && /^\.RE/ { nest-- }
     on && !nest && /^\.T[PQ]/ { item = 1; next }
     on && item { item = 0; w = $2; gsub(/"/, "", w); gsub(/\\-/, "-", w); print w }' \
	"$page8" | sort -u >"$tmp/man.cmds"
if [ -s "$tmp/help.cmds" ] && diff -u "$tmp/help.cmds" "$tmp/man.cmds" >"$tmp/diff"; then
	pass "docs: the commands of 'nstrack help' and of nstrack.8 are the same ($(wc -l <"$tmp/help.cmds"))"
else
	cat "$tmp/diff"
	fail "docs: the commands of 'nstrack help' and of nstrack.8 are the same"
fi

# every option word of every usage text, found in the rendered page
MANWIDTH=200 man -E ascii -l "$page8" 2>/dev/null >"$tmp/man.txt"
missing=
nopts=0
for cmd in "" $(cat "$tmp/help.cmds"); do
	# shellcheck disable=SC2086
	"$tool" $cmd --help >"$tmp/usage" 2>&1 || { missing="$missing ${cmd:-nstrack}:--help-fails"; continue; }
	# the usage lines (up to the first empty line) and the option list
	# entries (indented lines that start with an option)
	for opt in $(awk 'NR == 1 { usage = 1 } /^$/ { usage = 0 }
			  usage || /^ +-/ { print }' "$tmp/usage" |
		     sed -E 's/^ +(-[a-zA-Z], )?(--?[a-zA-Z][a-zA-Z-]*).*/\1 \2/' |
		     grep -oE '(^|[[ ,|])--?[a-zA-Z][a-zA-Z-]*' | sed 's/^[[ ,|]*//' | sort -u); do
		nopts=$((nopts + 1))
		grep -qE -- "(^|[^a-zA-Z-])$opt([^a-zA-Z-]|\$)" "$tmp/man.txt" ||
			missing="$missing ${cmd:-nstrack}:$opt"
	done
done
if [ -z "$missing" ] && [ "$nopts" -gt 0 ]; then
	pass "docs: every option of every --help is in nstrack.8 ($nopts)"
else
	fail "docs: every option of every --help is in nstrack.8 (missing:$missing)"
fi

# the parameters of a module built for any supported kernel
ko=$(ls "$REPO"/build/*/nstrack.ko 2>/dev/null | head -n1)
if [ -z "$ko" ]; then
	kver=$(nstrack_kernels | tail -n1)
	make -s -C "$REPO" module KDIR="/lib/modules/$kver/build" >/dev/null 2>&1
	ko=$REPO/build/$kver/nstrack.ko
fi
params=$(modinfo -F parm "$ko" 2>/dev/null | cut -d: -f1)
missing=
for p in $params; do
	grep -qE "^\.BI? $p=" "$page4" || missing="$missing $p"
done
if [ -n "$params" ] && [ -z "$missing" ]; then
	pass "docs: every module parameter is in nstrack.ko.4 (${params//$'\n'/ })"
else
	fail "docs: every module parameter is in nstrack.ko.4 (missing:${missing:- no module})"
fi

# the bash completion, sourced
"$(dirname "$0")/completion.sh"
# the error contract of EXIT STATUS
"$(dirname "$0")/errors.sh"
