/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nstrack - the NS argument of "nstrack show NS".
 *
 *   pid:PID      the network namespace of process PID
 *   inode:N      nsfs inode number N
 *   cookie:N     netns cookie N
 *   PATH         anything containing '/': an nsfs file such as
 *                /proc/PID/ns/net or a bind mount of one
 *   NAME         a name under /run/netns ("ip netns" names)
 *
 * Numbers are plain decimal: no sign, no spaces, no 0x, no trailing junk.
 */
#ifndef NSTRACK_NSARG_H
#define NSTRACK_NSARG_H

#include <stdint.h>
#include <linux/netlink.h>
#include <linux/nstrack.h>

enum nsarg_kind {
	NSARG_PID,
	NSARG_INODE,
	NSARG_COOKIE,
	NSARG_PATH,
	NSARG_NAME,
};

/* Result of the pure string parsing. */
struct nsarg {
	enum nsarg_kind kind;
	uint64_t value;		/* PID, INODE, COOKIE */
	const char *str;	/* PATH, NAME: points into the parsed string */
};

/*
 * Parse arg without touching the file system.  pid must be in
 * 1..INT32_MAX, inode in 1..UINT32_MAX, cookie in 0..UINT64_MAX; names
 * must not be empty, "." or "..", nor longer than NAME_MAX.
 * Returns 0 or -EINVAL; prints nothing.
 */
int nsarg_parse(const char *arg, struct nsarg *out);

/*
 * What is sent to the kernel: kind is the selector attribute type
 * (NSTRACK_A_NETNS_COOKIE, _INODE, _PID or _FD); for _FD, value is an open
 * file descriptor owned by the selector.
 */
struct nstrack_selector {
	uint16_t kind;
	uint64_t value;
};

/*
 * Parse arg and turn it into a selector: paths and names (looked up in
 * netns_dir, normally NSTRACK_NETNS_RUN_DIR) are opened and checked to be
 * network namespace files.  On failure prints exactly one error line and
 * returns -errno; on success the caller must nstrack_selector_release().
 */
int nstrack_selector_from_arg(const char *arg, const char *netns_dir,
			      struct nstrack_selector *sel);

/* Close the file descriptor of an _FD selector; safe to call twice. */
void nstrack_selector_release(struct nstrack_selector *sel);

/* Append the selector attribute to a request being built. */
void nstrack_selector_put(struct nlmsghdr *nlh,
			  const struct nstrack_selector *sel);

#endif /* NSTRACK_NSARG_H */
