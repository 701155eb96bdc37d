# SPDX-License-Identifier: GPL-2.0
# "make install" for real, into the guest: the root is the host's, shared
# read-only, so /lib/modules/KVER, /usr/local and the repository get a
# tmpfs overlay each (the repository's so that make may write its build
# files; its objects are the host's, up to date, so nothing is rebuilt).
# Then modprobe finds the module under updates/ (depmod ran), the
# installed tool lists, --version agrees with sysfs and the controller,
# and make uninstall takes it all back.  The repository's module is loaded
# again at the end, as run.sh expects.

idir=$(mktemp -d)
mods=/lib/modules/$KVER
overlays=
# overlay DIR: writable DIR, changes in tmpfs, gone at umount
overlay() {
	local n=${1//\//_}
	mkdir -p "$idir/$n.up" "$idir/$n.work" &&
		mount -t overlay overlay \
			-o "lowerdir=$1,upperdir=$idir/$n.up,workdir=$idir/$n.work" "$1" &&
		overlays="$1 $overlays"
}

nstrack_unload
ok=1
for d in "$mods" /usr/local "$REPO"; do
	overlay "$d" || ok=0
done
check "install: overlays on $mods, /usr/local and the repository" test $ok = 1

make -s -C "$REPO" install KDIR="$mods/build" >"$idir/log" 2>&1
check "install: make install (module, depmod, tool, man pages, completion)" \
	eq "$?" 0 || cat "$idir/log"
# modules_install compresses the module if the kernel's config says so
ko=$(modinfo -n nstrack 2>/dev/null)
check "install: modinfo -n finds the module under updates/" \
	eq "${ko%.[gx]z}" "$mods/updates/nstrack.ko"
check "install: modprobe nstrack" modprobe nstrack
check "install: the loaded module is the installed one (srcversion in sysfs)" \
	eq "$(cat /sys/module/nstrack/srcversion 2>/dev/null)" "$(modinfo -F srcversion "$ko")"
check "install: /usr/local/sbin/nstrack list lists the initial namespace" \
	eq "$(/usr/local/sbin/nstrack list -j | jq --argjson i "$(ino /proc/1/ns/net)" 'map(select(.inode == $i)) | length')" 1
check "install: man finds nstrack(8) and nstrack.ko(4)" \
	eq "$(readlink -f "$(man -w nstrack 2>/dev/null)"):$(readlink -f "$(man -w 4 nstrack.ko 2>/dev/null)")" \
	   "/usr/local/share/man/man8/nstrack.8:/usr/local/share/man/man4/nstrack.ko.4"

# --version: the tool's own, then the module's (sysfs) and the family's
# (the generic netlink controller, through iproute2's genl)
fam=$(genl ctrl get name nstrack 2>/dev/null | sed -n 's/.*Version: 0x\([0-9a-f]*\).*/\1/p')
"$NSTRACK" --version >"$idir/v.out" 2>"$idir/v.err"
check "--version: exit 0, two lines, no warning when all agree" \
	eq "$?:$(wc -l <"$idir/v.out"):$(wc -c <"$idir/v.err")" "0:2:0"
check "--version: module version from sysfs, family version from the controller" \
	eq "$(sed -n 2p "$idir/v.out")" \
	   "module $(cat /sys/module/nstrack/version) (netlink family nstrack, version $((16#${fam:-0})))"

check "install: rmmod nstrack" rmmod nstrack
"$NSTRACK" --version >"$idir/v.out" 2>"$idir/v.err"
check "--version without the module: exit 0, the tool's line, one error line" \
	eq "$?:$(cat "$idir/v.out"):$(wc -l <"$idir/v.err")" \
	   "0:nstrack $(modinfo -F version "$KO"):1"

make -s -C "$REPO" uninstall KDIR="$mods/build" >"$idir/log" 2>&1
check "uninstall: make uninstall" eq "$?" 0 || cat "$idir/log"
check "uninstall: modprobe no longer finds nstrack" \
	bash -c '! modprobe -n nstrack 2>/dev/null'
check "uninstall: nothing of nstrack left in /usr/local or updates/" \
	eq "$(find /usr/local "$mods/updates" -name 'nstrack*' 2>/dev/null)" ""

for d in $overlays; do
	umount "$d"
done
rm -rf "$idir"
check "install: the repository's module loaded again" nstrack_load
