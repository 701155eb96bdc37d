# SPDX-License-Identifier: GPL-2.0
# The family seen through a second, hand-written netlink client.
"$REPO/tests/vm/scenarios/genl-probe.py"
