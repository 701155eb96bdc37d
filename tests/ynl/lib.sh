# SPDX-License-Identifier: GPL-2.0
# The kernel's YNL tools (ynl-gen-c.py, cli.py and the genetlink schemas),
# taken from Debian's linux-source-6.12 into the cache once per version of
# that package.  Sourced after tests/lib/common.sh.

# Debian's python3: a pyenv one on PATH lacks the yaml and jsonschema
# modules that Debian's packages provide.
NSTRACK_PYTHON=/usr/bin/python3

nstrack_ynl_dir() {
	local ver dir tarball top=linux-source-6.12
	ver=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null)
	if [ -z "$ver" ]; then
		echo "ynl: linux-source-6.12 is not installed (tests/deps.sh)" >&2
		return 1
	fi
	dir=$NSTRACK_CACHE/ynl-$ver
	if [ ! -e "$dir/.unpacked" ]; then
		tarball=$(ls /usr/src/$top.tar.* 2>/dev/null | head -n1)
		if [ -z "$tarball" ]; then
			echo "ynl: no /usr/src/$top.tar.*" >&2
			return 1
		fi
		rm -rf "$dir" && mkdir -p "$dir" || return 1
		tar -xf "$tarball" -C "$dir" --strip-components=1 \
			"$top/tools/net/ynl" \
			"$top/Documentation/netlink/genetlink.yaml" \
			"$top/Documentation/netlink/genetlink-c.yaml" \
			"$top/Documentation/netlink/genetlink-legacy.yaml" \
			"$top/Documentation/netlink/netlink-raw.yaml" || return 1
		touch "$dir/.unpacked"
	fi
	echo "$dir"
}

# nstrack_ynl_gen OUT: the UAPI header generated from the spec, into OUT.
# ynl-gen-c.py names the spec by its path below the first directory that
# holds a MAINTAINERS file and finds the schema two levels above the spec,
# as in a kernel tree: a scratch tree of links gives it both.
nstrack_ynl_gen() {
	local out=$1 ynl tree rc
	ynl=$(nstrack_ynl_dir) || return 1
	tree=$(mktemp -d) || return 1
	mkdir -p "$tree/docs/netlink"
	: >"$tree/MAINTAINERS"
	ln -s "$REPO/docs/netlink/nstrack.yaml" "$tree/docs/netlink/nstrack.yaml"
	ln -s "$ynl/Documentation/netlink/genetlink-legacy.yaml" \
		"$tree/docs/genetlink-legacy.yaml"
	"$NSTRACK_PYTHON" "$ynl/tools/net/ynl/ynl-gen-c.py" --mode uapi \
		--header --spec "$tree/docs/netlink/nstrack.yaml" -o "$out"
	rc=$?
	rm -rf "$tree"
	return $rc
}
