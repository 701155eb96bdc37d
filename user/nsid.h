/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nstrack - network namespace ids (nsid) over rtnetlink: the ids that the
 * caller's network namespace gives its peers (RTM_GETNSID, RTM_NEWNSID,
 * NETNSA_* attributes of <linux/net_namespace.h>).
 *
 * The connection is a struct nstrack_nl (nl.h) used only for its
 * transport: socket, buffers, sequence numbers, extack text and the
 * send/recv hooks that unit tests replace.  None of nl.c's generic
 * netlink functions apply to it.
 *
 * Every function that can fail prints exactly one line on the error
 * output, starting with what, and returns a negative errno.
 */
#ifndef NSTRACK_NSID_H
#define NSTRACK_NSID_H

#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>

#include "nl.h"

/* no id assigned (NETNSA_NSID_NOT_ASSIGNED); as a request: "auto" */
#define NSTRACK_NSID_NONE	(-1)

/* nstrack_nl_init() and a NETLINK_ROUTE socket; nstrack_nl_close() it. */
int nstrack_nsid_open(struct nstrack_nl *nl);

/* The nsid of the namespace open as fd, or NSTRACK_NSID_NONE. */
int nstrack_nsid_get(struct nstrack_nl *nl, int fd, int32_t *nsid,
		     const char *what);

/*
 * Give the namespace open as fd the id nsid (>= 0), or any free one
 * (NSTRACK_NSID_NONE).  The kernel refuses a namespace that already has
 * one, and an id in use.
 */
int nstrack_nsid_set(struct nstrack_nl *nl, int fd, int32_t nsid,
		     const char *what);

/* Every assigned nsid, ascending, in a malloc()ed array (NULL if none). */
int nstrack_nsid_dump(struct nstrack_nl *nl, int32_t **v, size_t *n);

/* The NETNSA_NSID of an RTM_NEWNSID message: 0, or -EBADMSG. */
int nstrack_nsid_parse(const struct nlmsghdr *nlh, int32_t *nsid);

#endif /* NSTRACK_NSID_H */
