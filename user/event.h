/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nstrack - one history event as sent by the kernel module
 * (NSTRACK_CMD_HISTORY_GET).
 */
#ifndef NSTRACK_EVENT_H
#define NSTRACK_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>
#include <linux/nstrack.h>

#include "dev.h"

/*
 * A NETNS, FROM or TO nest.  present says the nest was sent; each of its
 * attributes is optional and has its own has_* flag.
 */
struct nstrack_endpoint {
	bool present;
	bool has_cookie;
	uint64_t cookie;
	bool has_inode;
	uint32_t inode;
	bool has_ifindex;
	uint32_t ifindex;
	bool has_name;
	char name[NSTRACK_IFNAME_LEN];
};

/*
 * The parsed form of one NSTRACK_CMD_HISTORY_GET message.  seq, time_ns
 * and type are mandatory.  has_task is set by TASK_PID; comm is "" if it
 * was not sent.
 */
struct nstrack_event {
	uint64_t seq;
	uint64_t time_ns;
	uint8_t type;		/* enum nstrack_event_type */

	bool has_reason;
	uint8_t reason;		/* enum nstrack_event_reason */

	bool has_task;
	uint32_t task_pid;
	char task_comm[NSTRACK_COMM_LEN];

	struct nstrack_endpoint netns;
	struct nstrack_endpoint from;
	struct nstrack_endpoint to;
};

/*
 * Parse one NSTRACK_CMD_HISTORY_GET or NSTRACK_CMD_EVENT_NTF message (any
 * other command is invalid) into *out with the rules of nstrack_netns_parse(),
 * applied to the nests too: inside NETNS, FROM and TO unknown attributes
 * are ignored and bad lengths, strings without NUL or longer than 16
 * bytes, overruns and trailing bytes make the whole message invalid.
 * *out is zeroed first.  Returns 0 or -EINVAL.
 */
int nstrack_event_parse(const struct nlmsghdr *nlh, struct nstrack_event *out);

/* Same, for a buffer of len bytes that must hold exactly that message. */
int nstrack_event_parse_buf(const void *buf, size_t len,
			    struct nstrack_event *out);

/* "netns_new", ..., "dev_move", or "unknown" */
const char *nstrack_event_type_name(uint8_t type);
/* "register", "unregister", "user", "netns-exit" or "unknown" */
const char *nstrack_event_reason_name(uint8_t reason);

/* type is one of the NETNS_* / DEV_* events */
bool nstrack_event_is_netns(const struct nstrack_event *ev);
bool nstrack_event_is_dev(const struct nstrack_event *ev);

/*
 * Where a device event leaves the device: to if it was sent, else from;
 * NULL for other events or when neither nest was sent.
 */
const struct nstrack_endpoint *
nstrack_event_dev_endpoint(const struct nstrack_event *ev);

/* true if from's or to's device name is name (the --dev filter) */
bool nstrack_event_matches_dev(const struct nstrack_event *ev,
			       const char *name);

#endif /* NSTRACK_EVENT_H */
