/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nstrack - one namespace record as sent by the kernel module.
 */
#ifndef NSTRACK_NETNS_H
#define NSTRACK_NETNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>
#include <linux/nstrack.h>

/*
 * The parsed form of one NSTRACK_CMD_NETNS_GET reply.  Fields that the
 * protocol may leave out have a has_* companion; when it is false the value
 * is zero and must not be shown.  serial, cookie, inode and state are
 * mandatory: a message without them does not parse.
 */
struct nstrack_netns {
	uint64_t serial;
	uint64_t cookie;
	uint32_t inode;

	bool has_nsid;
	int32_t nsid;

	bool has_owner_userns;
	uint32_t owner_userns;
	bool has_owner_uid;
	uint32_t owner_uid;

	uint8_t state;		/* enum nstrack_netns_state */
	uint32_t flags;		/* NSTRACK_NETNS_F_* */

	bool has_seen;
	uint64_t seen_ns;

	bool has_created;
	uint64_t created_ns;

	/* has_creator is set by CREATOR_PID; comm is "" if it was not sent */
	bool has_creator;
	uint32_t creator_pid;
	char creator_comm[NSTRACK_COMM_LEN];

	bool has_pre_exit;
	uint64_t pre_exit_ns;
	bool has_exit;
	uint64_t exit_ns;

	/* number of network devices; not sent by modules older than DEV_GET */
	bool has_devices;
	uint32_t devices;

	/*
	 * socket counts (the NSTRACK_A_NETNS_SOCKETS nest): only live
	 * namespaces have them, and modules older than SOCKETS_GET send none
	 */
	bool has_sockets;
	uint32_t sockets;
	bool has_tcp_time_wait;
	uint32_t tcp_time_wait;
};

/*
 * Parse the attributes of a generic netlink message (struct nlmsghdr,
 * struct genlmsghdr, then flat attributes) into *out.
 *
 * nlh->nlmsg_len bytes starting at nlh must be readable; nothing beyond
 * them is read (the netlink layer checks that with mnl_nlmsg_ok() before it
 * hands a message over).  Unknown attribute types are ignored, known ones
 * with a bad length, attributes that overrun the message, trailing bytes
 * after the last attribute and missing mandatory attributes make the whole
 * message invalid.  *out is zeroed first and is meaningful only on success.
 *
 * Returns 0 or -EINVAL.
 */
int nstrack_netns_parse(const struct nlmsghdr *nlh, struct nstrack_netns *out);

/*
 * Same, for a buffer of len bytes that should hold exactly one message:
 * fails with -EINVAL if the buffer is too short for the header or for the
 * length the header claims.
 */
int nstrack_netns_parse_buf(const void *buf, size_t len,
			    struct nstrack_netns *out);

/* "alive", "dying", "dead" or "unknown" */
const char *nstrack_state_name(uint8_t state);

/* true if the namespace existed before the module was loaded */
static inline bool nstrack_netns_preexisting(const struct nstrack_netns *ns)
{
	return ns->flags & NSTRACK_NETNS_F_PREEXISTING;
}

#endif /* NSTRACK_NETNS_H */
