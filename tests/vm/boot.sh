#!/bin/bash
# Run one command as root inside a throw-away QEMU (TCG) VM that boots a
# Debian kernel from /boot and uses the host's root file system, read-only
# over virtio-9p, as its own. See tests/vm/README.md.
#
# usage: boot.sh --kver KVER [options] -- COMMAND [ARGS...]
#   --kver KVER      kernel release; needs /boot/vmlinuz-KVER, /lib/modules/KVER
#   --kernel IMAGE   boot IMAGE (an ELF vmlinux with PVH, or a bzImage)
#                    instead of /boot/vmlinuz-KVER
#   --modules ROOT   the kernel's modules are in ROOT/lib/modules/KVER
#                    instead of /lib/modules/KVER
#   --cache DIR      initramfs/kernel cache (${NSTRACK_CACHE:-/var/cache/nstrack}/vm)
#   --out DIR        where the logs go (default: a new /tmp/nstrack-vm.XXXXXX)
#   --timeout SECS   kill the VM after this long and fail (900)
#   --mem MB         guest memory (2048)
#   --smp N          guest CPUs (2)
#   --nic2           add a virtio-net NIC on a restricted user-mode backend
#   --append ARGS    more kernel command line (one argument, blanks allowed)
#   --icount         while it runs, the guest clock counts instructions
#                    (QEMU -icount shift=0: 1 ns each), so host load does
#                    not change the times the guest measures; idle time
#                    (I/O, timers) still passes in real time
#   --no-slub-debug  boot without slub_debug=U on the module's caches (their
#                    allocations then cost what they cost users) but with
#                    slab_nomerge, so the caches still show in /proc/slabinfo
#   --verbose        full kernel log on the console (default: warnings and up)
#
# COMMAND runs in the guest as root, from the top of the repository, with
# NSTRACK_KVER and NSTRACK_OUT (the writable share, i.e. --out) set.
# The exit status is 0 only if the VM finished in time, COMMAND exited 0
# and the guest's kernel log shows no warnings, oopses or the like.
set -eu

vmdir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$vmdir/../.." && pwd)

usage() {
	sed -n '/^# usage:/,/^set -eu/{/^set -eu/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}" >&2
	exit 2
}
die() {
	echo "boot.sh: $*" >&2
	exit 1
}

kver=
image=
modroot=
append=
cache=${NSTRACK_CACHE:-/var/cache/nstrack}/vm
out=
timeout=900
mem=2048
smp=2
nic2=
icount=
slab=slub_debug=U,nstrack_netns,nstrack_dev
loglevel=5
while [ $# -gt 0 ]; do
	case $1 in
	--kver | --kernel | --modules | --append | --cache | --out | --timeout | --mem | --smp)
		[ $# -ge 2 ] || usage
		case $1 in
		--kver) kver=$2 ;;
		--kernel) image=$2 ;;
		--modules) modroot=$2 ;;
		--append) append=$2 ;;
		--cache) cache=$2 ;;
		--out) out=$2 ;;
		--timeout) timeout=$2 ;;
		--mem) mem=$2 ;;
		--smp) smp=$2 ;;
		esac
		shift 2
		;;
	--nic2) nic2=1; shift ;;
	--icount) icount=1; shift ;;
	--no-slub-debug) slab=slab_nomerge; shift ;;
	--verbose) loglevel=8; shift ;;
	--) shift; break ;;
	-h | --help) usage ;;
	*) echo "boot.sh: unknown option: $1" >&2; usage ;;
	esac
done
if [ -z "$kver" ] || [ $# -eq 0 ]; then
	usage
fi
for n in "$timeout" "$mem" "$smp"; do
	case $n in '' | *[!0-9]*) die "--timeout, --mem and --smp take a number" ;; esac
done

bzimage=/boot/vmlinuz-$kver
if [ -n "$image" ]; then
	[ -r "$image" ] || die "no kernel $image"
else
	[ -r "$bzimage" ] || die "no kernel $bzimage"
fi
if [ -n "$modroot" ]; then
	[ -d "$modroot" ] || die "no directory $modroot"
	modroot=$(cd "$modroot" && pwd)
fi
[ -d "$modroot/lib/modules/$kver" ] || die "no modules in $modroot/lib/modules/$kver"
command -v qemu-system-x86_64 >/dev/null ||
	die "qemu-system-x86_64 missing (apt-get install qemu-system-x86)"

# The guest runs $vmdir/guest-init.sh from the shared root, so the path goes
# on the kernel command line (no blanks), and it must not be hidden by the
# file systems the guest mounts over the shared root.
case $repo in
*[[:space:]]*) die "the repository path must not contain blanks: $repo" ;;
/mnt | /mnt/* | /dev/* | /proc/* | /sys/*)
	die "the repository must not live under /mnt, /dev, /proc or /sys: the guest mounts over those" ;;
esac

# Under TCG a compressed bzImage spends seconds unpacking itself. Debian's
# kernels have CONFIG_PVH, so QEMU can load the plain ELF vmlinux and jump
# to its PVH entry point instead; unpack it once into the cache. The bzImage
# setup header says where the compressed payload is: setup_sects at 0x1f1,
# payload_offset at 0x248 and payload_length at 0x24c (the last 4 bytes of
# the payload are the uncompressed size, not part of the stream).
unpack_vmlinux() {
	local dst=$1 tmp sects off len magic
	[ -s "$dst" ] && [ ! "$bzimage" -nt "$dst" ] && return 0
	grep -qx 'CONFIG_PVH=y' "/boot/config-$kver" 2>/dev/null || return 1
	sects=$(od -An -tu1 -j $((0x1f1)) -N1 "$bzimage" | tr -d ' ')
	off=$(od -An -tu4 -j $((0x248)) -N4 "$bzimage" | tr -d ' ')
	len=$(od -An -tu4 -j $((0x24c)) -N4 "$bzimage" | tr -d ' ')
	[ "$sects" = 0 ] && sects=4
	[ -n "$off" ] && [ -n "$len" ] && [ "$len" -gt 4 ] || return 1
	tmp=$dst.tmp.$$
	tail -c +$(((sects + 1) * 512 + off + 1)) "$bzimage" | head -c $((len - 4)) >"$tmp.z"
	magic=$(od -An -tx1 -N4 "$tmp.z" | tr -d ' ')
	case $magic in
	fd377a58) xz -dc "$tmp.z" ;;
	28b52ffd) zstd -qdc "$tmp.z" ;;
	1f8b*) gzip -dc "$tmp.z" ;;
	*) false ;;
	esac >"$tmp" 2>/dev/null || { rm -f "$tmp" "$tmp.z"; return 1; }
	rm -f "$tmp.z"
	if [ "$(od -An -tx1 -N4 "$tmp" | tr -d ' ')" != 7f454c46 ]; then
		rm -f "$tmp"
		return 1
	fi
	mv -f "$tmp" "$dst"
}

mkdir -p "$cache"
initrd=$cache/initramfs-$kver.gz
"$vmdir/mkinitramfs.sh" "$kver" "$initrd" ${modroot:+"$modroot"}
kernel=$cache/vmlinux-$kver
if [ -n "$image" ]; then
	# A kernel of our own: an ELF image goes straight to the PVH entry
	# point (it must have CONFIG_PVH), anything else is booted as it is.
	kernel=$image
elif ! unpack_vmlinux "$kernel"; then
	echo "boot.sh: cannot unpack $bzimage for a PVH boot, booting the bzImage (slower)" >&2
	kernel=$bzimage
fi

if [ -n "$out" ]; then
	mkdir -p "$out"
	out=$(cd "$out" && pwd)
	rm -f "$out/command.sh" "$out/exit-code" "$out/guest.log" "$out/dmesg.txt" \
		"$out/console.log" "$out/kernel-problems.txt"
else
	out=$(mktemp -d "${TMPDIR:-/tmp}/nstrack-vm.XXXXXX")
fi

case $out in *,*) die "QEMU options cannot take a path with a comma: $out" ;; esac

# The command, quoted for the guest's /bin/sh, which sources this file.
{
	printf 'exec'
	for a in "$@"; do
		printf " '%s'" "${a//\'/\'\\\'\'}"
	done
	printf '\n'
} >"$out/command.sh"

# no_timer_check: on a loaded host, TCG can be too slow for the kernel's
# check that the timer interrupt arrives through the IO-APIC, and it panics.
# slub_debug=U on the module's caches: exact allocation counts (80-reload).
# It records a stack trace per allocation and free, which benchmarks avoid.
# shellcheck disable=SC2054 # the commas belong to QEMU's option syntax
qemu=(
	qemu-system-x86_64
	-accel tcg
	-m "$mem"
	-smp "$smp"
	-display none
	-monitor none
	-serial "file:$out/console.log"
	-no-reboot
	-nic none
	-kernel "$kernel"
	-initrd "$initrd"
	-append "console=ttyS0 loglevel=$loglevel panic=-1 no_timer_check $slab nstrackvm.init=$vmdir/guest-init.sh${append:+ $append}"
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap
	-virtfs "local,path=$out,mount_tag=out,security_model=none,multidevs=remap"
	-virtfs "local,path=$repo,mount_tag=repo,security_model=none,readonly=on,multidevs=remap"
)
if [ -n "$icount" ]; then
	# shellcheck disable=SC2054
	qemu+=(-icount shift=0)
fi
if [ -n "$nic2" ]; then
	# shellcheck disable=SC2054
	qemu+=(-netdev user,id=n1,restrict=on -device virtio-net-pci,netdev=n1)
fi

echo "boot.sh: $kver: running in VM, logs in $out" >&2
start=$SECONDS
set +e
timeout -k 10 "$timeout" "${qemu[@]}" </dev/null
qrc=$?
set -e
elapsed=$((SECONDS - start))

if [ -f "$out/guest.log" ]; then
	echo "---- guest output ($kver) ----"
	cat "$out/guest.log"
	echo "---- end of guest output ----"
fi

# The guest's kernel log: dmesg.txt as saved at the end, then the serial
# console, which also has what came before a crash or after the ring
# buffer wrapped (at the default loglevel, warnings and worse).
bad='BUG:|WARNING:|Oops|Call Trace:|refcount_t:|kernel BUG|general protection fault|KASAN|UBSAN|hung_task|blocked for more than|unreferenced object'
problems=
for klog in "$out/dmesg.txt" "$out/console.log"; do
	if [ -f "$klog" ] && grep -E "$bad" "$klog" >"$out/kernel-problems.txt"; then
		problems=$out/kernel-problems.txt
		echo "---- suspicious kernel messages (${klog##*/}) ----" >&2
		cat "$problems" >&2
		echo "----" >&2
		break
	fi
done
[ -n "$problems" ] || rm -f "$out/kernel-problems.txt"

fail() {
	echo "boot.sh: FAIL ($kver, ${elapsed}s): $*; logs in $out" >&2
	exit 1
}
console_tail() {
	echo "---- tail of console.log ----" >&2
	tail -n 25 "$out/console.log" >&2 2>/dev/null || true
	echo "----" >&2
}

if [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
	console_tail
	fail "timed out after ${timeout}s"
fi
if [ "$qrc" -ne 0 ]; then
	console_tail
	fail "qemu exited with status $qrc"
fi
rc=$(cat "$out/exit-code" 2>/dev/null || true)
case $rc in
'' | *[!0-9]*)
	console_tail
	fail "the guest recorded no exit code (setup failure or crash)"
	;;
esac
[ -z "$problems" ] || fail "warnings/oopses in the guest kernel log (command exited $rc)"
[ "$rc" = 0 ] || fail "command exited $rc"
echo "boot.sh: OK ($kver, ${elapsed}s)" >&2
