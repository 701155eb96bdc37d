#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The error contract of nstrack(8)'s EXIT STATUS, for every command the
# tool lists: an unknown option, a missing or extra argument, and (on this
# host, whose kernel has no nstrack module) a module command are each
# exit status 1, exactly one line on stderr starting with "nstrack: ", and
# nothing on stdout.  --help and help COMMAND exit 0.
set -u
. "$(dirname "$0")/../lib/common.sh"

tool=$REPO/user/nstrack
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

# the contract for one failing invocation; prints what broke it
broken() {
	local rc
	"$tool" "$@" >"$out" 2>"$err" </dev/null
	rc=$?
	if [ $rc -ne 1 ]; then
		echo "nstrack $*: exit $rc; "
	elif [ -s "$out" ]; then
		echo "nstrack $*: wrote to stdout; "
	elif [ "$(wc -l <"$err")" -ne 1 ] || ! grep -q '^nstrack: ' "$err"; then
		echo "nstrack $*: stderr is not one 'nstrack: ' line: $(head -c 200 "$err"); "
	fi
}

cmds=$("$tool" help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }')
bad=
for c in $cmds; do
	bad+=$(broken "$c" --no-such-option)
	"$tool" "$c" --help >/dev/null 2>&1 || bad+="nstrack $c --help: not exit 0; "
	"$tool" help "$c" >/dev/null 2>&1 || bad+="nstrack help $c: not exit 0; "
done
bad+=$(broken no-such-command)
bad+=$(broken --no-such-option list)
bad+=$(broken)
if [ -n "$cmds" ] && [ -z "$bad" ]; then
	pass "errors: every command ($(wc -w <<<"$cmds")): a bad option is exit 1 and one 'nstrack:' line, --help exit 0"
else
	fail "errors: every command: a bad option is exit 1 and one 'nstrack:' line, --help exit 0"
	echo "    $bad" | cut -c1-2000
fi

# Wrong arguments, and the module missing (this host cannot load modules;
# elsewhere the module commands would succeed).
if [ -e /sys/module/nstrack ]; then
	echo "    errors: the nstrack module is loaded here: the missing-module cases are skipped"
	exit 0
fi
bad=
for args in "show" "show a b" "holders" "add" "del" "attach onlyname" "pids" \
	    "set onlyname" "link" "link veth a" "bridge" "addr add" "route add ns" \
	    "connect" "list extra" "show 1" "devices" "sockets" "history" \
	    "monitor --count 1 --timeout 1" "metrics"; do
	# shellcheck disable=SC2086
	bad+=$(broken $args)
done
if [ -z "$bad" ]; then
	pass "errors: wrong arguments and a missing module are exit 1, one 'nstrack:' line, empty stdout"
else
	fail "errors: wrong arguments and a missing module are exit 1, one 'nstrack:' line, empty stdout"
	echo "    $bad" | cut -c1-2000
fi
