#!/bin/sh
# PID 1 of the nstrack test VM, started by the initramfs (mkinitramfs.sh)
# on the host's root file system, which the guest sees read-only over 9p.
#
# It sets up a minimal system, runs the command that boot.sh left in the
# writable share (9p tag "out", mounted on $NSTRACK_OUT) from the top of
# the repository, stores its output, exit code and the kernel log there,
# and powers the VM off. Nothing here waits for anything: a hung command
# is ended by boot.sh's timeout, every other path ends in a power-off.
#
# Every exec costs tens of milliseconds under TCG, so the setup uses shell
# built-ins and the static busybox where it can.
set -eu

OUT=/mnt
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
HOME=/tmp
LC_ALL=C
export PATH HOME LC_ALL
umask 022

bb=
command -v busybox >/dev/null 2>&1 && bb=busybox

halt() {
	sync
	# PID 1 must never return (the kernel would panic), so fall back to
	# sysrq and then just wait for boot.sh's timeout.
	busybox poweroff -f 2>/dev/null || true
	echo o >/proc/sysrq-trigger 2>/dev/null || true
	while :; do sleep 60; done
}

# If any setup step fails, power off without an exit code: boot.sh then
# reports the failure and shows the console.
trap 'echo "guest-init: setup failed" >/dev/console 2>/dev/null; halt' EXIT

$bb mount -t proc -o nosuid,nodev,noexec proc /proc
$bb mount -t sysfs -o nosuid,nodev,noexec sysfs /sys
$bb mount -t devtmpfs -o nosuid devtmpfs /dev
# what udev would add: bash's process substitution needs /dev/fd
$bb ln -sf /proc/self/fd /dev/fd
$bb ln -sf /proc/self/fd/0 /dev/stdin
$bb ln -sf /proc/self/fd/1 /dev/stdout
$bb ln -sf /proc/self/fd/2 /dev/stderr
$bb mkdir -p /dev/pts /dev/shm
$bb mount -t devpts -o nosuid,noexec,gid=5,mode=620,ptmxmode=666 devpts /dev/pts
$bb mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs /dev/shm
$bb mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs /tmp
$bb mount -t tmpfs -o nosuid,nodev,mode=755 tmpfs /run
$bb mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs /var/tmp
# Nice to have for tests, not essential.
$bb mount -t cgroup2 -o nosuid,nodev,noexec cgroup2 /sys/fs/cgroup 2>/dev/null || true
$bb mount -t debugfs -o nosuid,nodev,noexec debugfs /sys/kernel/debug 2>/dev/null || true
$bb mount -t tracefs -o nosuid,nodev,noexec tracefs /sys/kernel/tracing 2>/dev/null || true

$bb mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,cache=none out "$OUT"

echo nstrack-vm >/proc/sys/kernel/hostname
$bb ip link set lo up

# There is no udev: load drivers for virtio devices nobody has claimed yet
# (the virtio-net NIC of boot.sh --nic2; the 9p ones are bound already).
for dev in /sys/bus/virtio/devices/*; do
	if [ ! -e "$dev/modalias" ] || [ -e "$dev/driver" ]; then
		continue
	fi
	read -r alias <"$dev/modalias"
	modprobe -q "$alias" || true
done

read -r NSTRACK_KVER </proc/sys/kernel/osrelease
NSTRACK_OUT=$OUT
export NSTRACK_KVER NSTRACK_OUT

case $0 in
/*/tests/vm/guest-init.sh) repo=${0%/tests/vm/guest-init.sh} ;;
*) repo=/ ;;
esac

# A repository under /tmp (say) is hidden by the tmpfs mounted above; the
# host also exports it alone, so put it back at the same path.
if [ ! -d "$repo/tests/vm" ]; then
	mkdir -p "$repo" &&
		mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,ro repo "$repo" ||
		echo "guest-init: cannot mount the repository at $repo" >&2
fi

trap - EXIT
set +e
(
	set +eu
	cd "$repo" || exit 125
	# shellcheck source=/dev/null
	. "$OUT/command.sh"
) </dev/null >"$OUT/guest.log" 2>&1
echo "$?" >"$OUT/exit-code"

dmesg >"$OUT/dmesg.txt" 2>&1
halt
