#!/bin/bash
# Run one command as root inside a throw-away QEMU VM booting a Debian
# kernel from /boot, with the host's root file system as the guest's
# (read-only, over virtio-9p). See tests/vm/README.md.
#
# usage: boot.sh --kver KVER [--cache DIR] [--out DIR] [--timeout SECONDS]
#                [--nic2] [--mem MB] [--smp N] -- COMMAND [ARGS...]
#
# Exit status is 0 only if the VM came back in time, COMMAND exited 0 and
# the guest kernel log is free of warnings, oopses and the like.
set -eu

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

usage() {
	sed -n 's/^# \{0,1\}//; /^usage:/,/^$/p' "${BASH_SOURCE[0]}" >&2
	exit 2
}
die() { echo "boot.sh: $*" >&2; exit 1; }

kver=
cache=${NSTRACK_CACHE:-/var/cache/nstrack}/vm
out=
timeout=900
nic2=
mem=2048
smp=2
while [ $# -gt 0 ]; do
	case $1 in
	--kver) kver=${2:?}; shift 2 ;;
	--cache) cache=${2:?}; shift 2 ;;
	--out) out=${2:?}; shift 2 ;;
	--timeout) timeout=${2:?}; shift 2 ;;
	--mem) mem=${2:?}; shift 2 ;;
	--smp) smp=${2:?}; shift 2 ;;
	--nic2) nic2=1; shift ;;
	--) shift; break ;;
	-h | --help) usage ;;
	*) echo "boot.sh: unknown option $1" >&2; usage ;;
	esac
done
[ -n "$kver" ] && [ $# -gt 0 ] || usage
case $timeout$mem$smp in *[!0-9]*) die "--timeout, --mem and --smp take numbers" ;; esac

kernel=/boot/vmlinuz-$kver
[ -r "$kernel" ] || die "no kernel $kernel"
[ -d "/lib/modules/$kver" ] || die "no modules in /lib/modules/$kver"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 missing (apt-get install qemu-system-x86)"

# The guest finds its init script on the shared root at the same path, and
# the kernel command line splits on blanks.
case $here in *[[:space:]]*) die "the repository path must not contain blanks: $here" ;; esac

mkdir -p "$cache"
initrd=$cache/initramfs-$kver.gz
"$here/mkinitramfs.sh" "$kver" "$initrd"

if [ -n "$out" ]; then
	mkdir -p "$out"
	rm -f "$out/command.sh" "$out/exit-code" "$out/guest.log" "$out/dmesg.txt" "$out/console.log"
else
	out=$(mktemp -d "${TMPDIR:-/tmp}/nstrack-vm.XXXXXX")
fi
out=$(cd "$out" && pwd)

# The command, quoted for the guest's /bin/sh.
{
	printf 'exec'
	for a in "$@"; do
		printf " '%s'" "${a//\'/\'\\\'\'}"
	done
	printf '\n'
} >"$out/command.sh"

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
	-append "console=ttyS0 panic=-1 nstrackvm.init=$here/guest-init.sh"
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap
	-virtfs "local,path=$out,mount_tag=out,security_model=none,multidevs=remap"
)
if [ -n "$nic2" ]; then
	qemu+=(-netdev user,id=n1,restrict=on -device virtio-net-pci,netdev=n1)
fi

echo "boot.sh: booting $kver, output in $out" >&2
start=$(date +%s)
set +e
timeout -k 10 "$timeout" "${qemu[@]}" </dev/null
qrc=$?
set -e
elapsed=$(($(date +%s) - start))

if [ -f "$out/guest.log" ]; then
	echo "---- guest output ($kver) ----"
	cat "$out/guest.log"
	echo "---- end of guest output ----"
fi

fail() {
	echo "boot.sh: FAIL ($kver, ${elapsed}s): $*" >&2
	echo "boot.sh: logs in $out" >&2
	exit 1
}

# The kernel log: dmesg.txt if the guest got that far, else whatever
# reached the serial console.
log=$out/dmesg.txt
[ -s "$log" ] || log=$out/console.log
bad='BUG:|WARNING:|Oops|Call Trace:|refcount_t:|kernel BUG|general protection fault|KASAN|UBSAN|hung_task|blocked for more than|unreferenced object'
if [ -f "$log" ] && grep -E "$bad" "$log" >"$out/kernel-problems.txt"; then
	badlog=1
else
	badlog=
	rm -f "$out/kernel-problems.txt"
fi
report_kernel() {
	if [ -n "$badlog" ]; then
		echo "---- suspicious kernel messages ($(basename "$log")) ----" >&2
		cat "$out/kernel-problems.txt" >&2
		echo "----" >&2
	fi
}

if [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
	report_kernel
	fail "timed out after ${timeout}s (tail of $out/console.log above)" 2>&1 |
		{ tail -n 20 "$out/console.log" >&2 2>/dev/null; cat >&2; }
	exit 1
fi
[ "$qrc" -eq 0 ] || { report_kernel; fail "qemu exited with status $qrc"; }
if [ ! -s "$out/exit-code" ]; then
	report_kernel
	tail -n 20 "$out/console.log" >&2 2>/dev/null || true
	fail "guest recorded no exit code (crash or setup failure, see console.log above)"
fi
rc=$(cat "$out/exit-code")
if [ -n "$badlog" ]; then
	report_kernel
	fail "kernel log has warnings/oopses (command exited $rc)"
fi
[ "$rc" = 0 ] || fail "command exited $rc"
echo "boot.sh: OK ($kver, ${elapsed}s)" >&2
