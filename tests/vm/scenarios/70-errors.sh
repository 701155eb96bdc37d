# SPDX-License-Identifier: GPL-2.0
# Refusals: no privilege, module not loaded.

err=$(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	"$NSTRACK" list 2>&1 >/dev/null) && rc=0 || rc=$?
check "unprivileged user is refused with a permission message" \
	bash -c "[ $rc -ne 0 ] && grep -qi 'permission denied' <<<'$err'"
