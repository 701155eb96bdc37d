# SPDX-License-Identifier: GPL-2.0
# The command suites that change the system (links, named namespaces,
# connect) run in the guest too, on each kernel under test: their lines
# are "PASS: manage: ..." / "FAIL: manage: ...".  Debian's kernels have
# veth, bridge and nftables's NAT as modules.
for m in veth bridge nf_tables nft_masq nft_chain_nat nf_nat; do
	modprobe -q "$m" || echo "FAIL: $KVER: modprobe $m"
done
# the guest's root is the host's, read-only: netns.sh writes
# /etc/netns/NAME, so /etc gets a writable overlay here (the guest's only)
if ! touch /etc/.nstrack-w 2>/dev/null; then
	modprobe -q overlay
	mkdir -p /tmp/etc-ovl/upper /tmp/etc-ovl/work
	mount -t overlay overlay -o lowerdir=/etc,upperdir=/tmp/etc-ovl/upper,workdir=/tmp/etc-ovl/work /etc ||
		echo "FAIL: $KVER: a writable /etc for the manage suites"
fi
rm -f /etc/.nstrack-w
for suite in links netns connect; do
	bash "$REPO/tests/manage/$suite.sh" 2>&1 |
		sed -E "s/^(PASS|FAIL): /\1: $KVER: /"
done
