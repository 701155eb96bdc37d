#!/bin/sh
# PID 1 of the nstrack test VM, started by the initramfs (mkinitramfs.sh)
# on the host's root file system, which the guest sees read-only over 9p.
#
# It sets up a minimal system, runs the command that boot.sh left in the
# writable share (9p tag "out", mounted on $NSTRACK_OUT), records its
# output, exit code and the kernel log there, and powers the VM off.
# Nothing here may wait for input: a hung command is ended by boot.sh's
# timeout, every other path ends in a power-off.
set -eu

OUT=/mnt
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
HOME=/tmp
LC_ALL=C
export PATH HOME LC_ALL
umask 022

halt() {
	sync
	# reboot(2) right away; the sysrq path is the fallback if busybox is
	# somehow unusable. PID 1 must not return, that would panic.
	busybox poweroff -f 2>/dev/null || true
	echo o >/proc/sysrq-trigger 2>/dev/null || true
	while :; do sleep 60; done
}

note() { echo "guest-init: $*" >/dev/console 2>/dev/null || true; }

# Any failure from here on powers off (boot.sh then sees no exit code).
trap 'note "setup failed"; halt' EXIT

mount -t proc -o nosuid,nodev,noexec proc /proc
echo "T $(cat /proc/uptime) after: mount -t proc -o nosuid,nodev," >/dev/console
mount -t sysfs -o nosuid,nodev,noexec sysfs /sys
echo "T $(cat /proc/uptime) after: mount -t sysfs -o nosuid,nodev" >/dev/console
mount -t devtmpfs -o nosuid devtmpfs /dev
echo "T $(cat /proc/uptime) after: mount -t devtmpfs -o nosuid de" >/dev/console
mkdir -p /dev/pts /dev/shm
mount -t devpts -o nosuid,noexec,gid=5,mode=620,ptmxmode=666 devpts /dev/pts
echo "T $(cat /proc/uptime) after: mount -t devpts -o nosuid,noex" >/dev/console
mount -t tmpfs -o nosuid,nodev tmpfs /dev/shm
echo "T $(cat /proc/uptime) after: mount -t tmpfs -o nosuid,nodev" >/dev/console
mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs /tmp
echo "T $(cat /proc/uptime) after: mount -t tmpfs -o nosuid,nodev" >/dev/console
mount -t tmpfs -o nosuid,nodev,mode=755 tmpfs /run
echo "T $(cat /proc/uptime) after: mount -t tmpfs -o nosuid,nodev" >/dev/console
mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs /var/tmp
echo "T $(cat /proc/uptime) after: mount -t tmpfs -o nosuid,nodev" >/dev/console
# Handy for tests but not essential.
mount -t cgroup2 -o nosuid,nodev,noexec cgroup2 /sys/fs/cgroup 2>/dev/null || true
echo "T $(cat /proc/uptime) after: mount -t cgroup2 -o nosuid,nod" >/dev/console
mount -t debugfs -o nosuid,nodev,noexec debugfs /sys/kernel/debug 2>/dev/null || true
echo "T $(cat /proc/uptime) after: mount -t debugfs -o nosuid,nod" >/dev/console
mount -t tracefs -o nosuid,nodev,noexec tracefs /sys/kernel/tracing 2>/dev/null || true
echo "T $(cat /proc/uptime) after: mount -t tracefs -o nosuid,nod" >/dev/console

mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,cache=none out "$OUT"
echo "T $(cat /proc/uptime) after: mount -t 9p -o trans=virtio,ve" >/dev/console
# A fresh mount namespace view of /etc/mtab etc. is not needed: mtab on
# Debian is a symlink to /proc/self/mounts.

hostname nstrack-vm
echo "T $(cat /proc/uptime) after: hostname nstrack-vm" >/dev/console
ip link set lo up
echo "T $(cat /proc/uptime) after: ip link set lo up" >/dev/console

# Drivers for virtio devices other than the 9p transports that are already
# in (virtio-net for boot.sh --nic2); there is no udev to do this.
for f in /sys/bus/virtio/devices/*/modalias; do
	[ -r "$f" ] && modprobe -q "$(cat "$f")" 2>/dev/null || true
done
echo "T $(cat /proc/uptime) after: done" >/dev/console

NSTRACK_KVER=$(uname -r)
NSTRACK_OUT=$OUT
export NSTRACK_KVER NSTRACK_OUT

repo=$(cd "$(dirname "$0")/../.." && pwd)
trap - EXIT

rm -f "$OUT/exit-code"
set +e
(
	cd "$repo" || exit 125
	exec sh "$OUT/command.sh"
) </dev/null >"$OUT/guest.log" 2>&1
rc=$?
echo "T $(cat /proc/uptime) after: rc=?" >/dev/console
set -e
echo "$rc" >"$OUT/exit-code"

dmesg >"$OUT/dmesg.txt" 2>&1 || true
echo "T $(cat /proc/uptime) after: dmesg >'OUT/dmesg.txt' 2>&1 |" >/dev/console
halt
