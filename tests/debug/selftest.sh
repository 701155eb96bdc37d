#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Does `make check-debug` catch what it is there to catch?  For each kind of
# bug the debug kernel looks for, a copy of the tree gets nstrack broken in
# that one way (a few lines put into the pernet init hook, which runs for
# every namespace), and check.sh is run on that copy with no scenario but
# run.sh's own load, namespace and unload steps.  Each broken copy must make
# the check named for it fail, and check.sh exit non-zero (other checks may
# fail with it: lockdep, say, turns itself off after its report).
#
# usage: selftest.sh [BREAK...]   (default: all of kasan lockdep list odebug
#                                   leak)
# The debug kernel must be built already (build-kernel.sh --cached).
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../lib/common.sh"

# The line of nstrack_net_init() the broken code goes before: the record
# is complete and about to be published.
anchor='^	nstrack_registry_insert\(rec\);$'

# NAME -> the code put in (one block, so it may declare what it needs)
declare -A code=(
	[leak]='	{ static void *nstrack_break_ptr;
	  WRITE_ONCE(nstrack_break_ptr, kmalloc(64, GFP_KERNEL)); }'
	[kasan]='	{ char *p = kmalloc(17, GFP_KERNEL);
	  if (p) { WRITE_ONCE(p[17], 1); kfree(p); } }'
	[lockdep]='	{ static DEFINE_SPINLOCK(nstrack_break_lock);
	  spin_lock(&nstrack_registry_lock); spin_lock(&nstrack_break_lock);
	  spin_unlock(&nstrack_break_lock); spin_unlock(&nstrack_registry_lock);
	  spin_lock(&nstrack_break_lock); spin_lock(&nstrack_registry_lock);
	  spin_unlock(&nstrack_registry_lock); spin_unlock(&nstrack_break_lock); }'
	[list]='	{ static struct list_head h, n;
	  INIT_LIST_HEAD(&h); list_add(&n, &h); list_add(&n, &h); }'
	[odebug]='	{ struct work_struct w;
	  INIT_WORK(&w, NULL); }'
)
# NAME -> the check of check.sh that must fail
declare -A expect=(
	[leak]='debug: kmemleak: no report involves nstrack'
	[kasan]='debug: no KASAN report in the kernel log'
	[lockdep]='debug: no lockdep or RCU-lockdep report in the kernel log'
	[list]='debug: no list corruption (DEBUG_LIST) in the kernel log'
	[odebug]='debug: no debug objects report (ODEBUG) in the kernel log'
)

breaks=${*:-kasan lockdep list odebug leak}
if ! "$here/build-kernel.sh" --cached >/dev/null 2>&1; then
	fail "debug selftest: the debug kernel is built (run build-kernel.sh first)"
	exit 1
fi

status=0
for b in $breaks; do
	if [ -z "${code[$b]:-}" ]; then
		fail "debug selftest: unknown break '$b'"
		status=1
		continue
	fi
	copy=$(mktemp -d "${TMPDIR:-/tmp}/nstrack-break-$b.XXXXXX")
	# the working tree as it is, tracked files only
	(cd "$REPO" && git ls-files -z | xargs -0 cp --parents -t "$copy")
	f=$copy/kmod/pernet.c
	if [ "$(grep -cE "$anchor" "$f")" != 1 ]; then
		fail "debug selftest: $b: the anchor line is in kmod/pernet.c once"
		status=1
		rm -rf "$copy"
		continue
	fi
	awk -v re="$anchor" -v add="${code[$b]}" '$0 ~ re { print add } { print }' \
		"$f" >"$f.new" && mv "$f.new" "$f"
	log=$copy.log
	NSTRACK_DEBUG_SCENARIOS=none NSTRACK_DEBUG_OUT=$copy/out \
		"$copy/tests/debug/check.sh" >"$log" 2>&1
	rc=$?
	# the check's line may end with details: "FAIL: <check> (...)"
	if [ $rc -ne 0 ] &&
	   awk -v want="FAIL: ${expect[$b]}" 'index($0, want) == 1 { found = 1 } END { exit !found }' "$log" &&
	   grep -q '^PASS: debug: module builds against' "$log"; then
		pass "debug selftest: nstrack broken ($b) fails '${expect[$b]#debug: }'"
		rm -rf "$copy" "$log"
	else
		fail "debug selftest: nstrack broken ($b) fails '${expect[$b]#debug: }' (exit $rc; log $log)"
		grep -E '^(PASS|FAIL): ' "$log" | sed 's/^/    /' | head -n 40
		status=1
	fi
done
exit $status
