# SPDX-License-Identifier: GPL-2.0
# Refusals: no privilege, module not loaded.

err=$(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	"$NSTRACK" list 2>&1 >/dev/null) && rc=0 || rc=$?
check "unprivileged user is refused with a permission message" \
	bash -c "[ $rc -ne 0 ] && grep -qi 'permission denied' <<<'$err'"

# Every request of the family, not only the first one the tool makes.
for args in "show pid:1" "show pid:1 --timeline" devices sockets history "history pid:1"; do
	# shellcheck disable=SC2086
	err=$(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		"$NSTRACK" $args 2>&1 >/dev/null) && rc=0 || rc=$?
	check "unprivileged '$args' is refused with one permission line" \
		bash -c "[ $rc -ne 0 ] && [ \$(wc -l <<<'$err') -eq 1 ] && grep -qi 'permission denied' <<<'$err'"
done

# The events group needs CAP_NET_ADMIN to join (checked before any request).
err=$(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	"$NSTRACK" monitor --timeout 1 2>&1 >/dev/null) && rc=0 || rc=$?
check "unprivileged monitor cannot join the events group" \
	bash -c "[ $rc -ne 0 ] && grep -q 'permission denied joining the events group' <<<'$err'"

# Events only reach the initial network namespace, and the tool says so.
ip netns add errmon
err=$(ip netns exec errmon "$NSTRACK" monitor --timeout 1 2>&1 >/dev/null) && rc=0 || rc=$?
check "monitor outside the initial namespace says where events go" \
	bash -c "[ $rc -ne 0 ] && grep -q 'only sent to the initial network namespace' <<<'$err'"
ip netns del errmon
