/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nstrack - socket counts of a namespace as sent by the kernel module:
 * the NSTRACK_A_NETNS_SOCKETS nest (in NETNS_GET answers and in
 * NSTRACK_CMD_SOCKETS_GET messages).
 */
#ifndef NSTRACK_SOCKETS_H
#define NSTRACK_SOCKETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>
#include <linux/nstrack.h>

/* one NSTRACK_A_SOCKETS_PROTO nest */
struct nstrack_proto_count {
	char name[NSTRACK_PROTO_NAME_LEN];
	uint32_t inuse;
};

/*
 * The parsed NSTRACK_A_NETNS_SOCKETS nest.  TOTAL is mandatory; the TIME_WAIT
 * count has a has_* companion.  protos is malloc()ed (NULL when there are
 * none), in the module's order, without repeated names.
 */
struct nstrack_sockets {
	uint32_t total;
	bool has_tcp_time_wait;
	uint32_t tcp_time_wait;
	struct nstrack_proto_count *protos;
	size_t nprotos;
};

/*
 * Parse a NSTRACK_A_NETNS_SOCKETS nest into *out (zeroed first).  Every
 * PROTO nest must hold a NUL-terminated NAME of at most
 * NSTRACK_PROTO_NAME_LEN bytes (NUL included; printable ASCII, no spaces,
 * not empty) and an INUSE u32; unknown attributes are
 * ignored; a PROTO whose name was already seen in this nest is skipped
 * (older kernels share one struct proto between UNIX stream and datagram
 * sockets, so the module may name it twice).  With with_protos false the
 * PROTO nests are checked but not kept (nothing is allocated).
 * Returns 0, -EINVAL or -ENOMEM; on failure *out holds nothing to free.
 */
int nstrack_sockets_parse_nest(const struct nlattr *nest, bool with_protos,
			       struct nstrack_sockets *out);

/* Free out->protos; *out is zeroed.  Safe on a zeroed struct. */
void nstrack_sockets_free(struct nstrack_sockets *s);

/* The count of the protocol named name in s, or NULL. */
const struct nstrack_proto_count *
nstrack_sockets_find(const struct nstrack_sockets *s, const char *name);

/*
 * One NSTRACK_CMD_SOCKETS_GET message: the namespace (COOKIE and INODE,
 * both mandatory) and its counts (the SOCKETS nest, mandatory).
 */
struct nstrack_netns_sockets {
	uint64_t cookie;
	uint32_t inode;
	struct nstrack_sockets s;
};

/*
 * Parse one message (header, genl header, flat attributes) with the rules
 * of nstrack_netns_parse(): unknown attributes ignored; wrong lengths,
 * overruns, trailing bytes, another command or a missing mandatory
 * attribute make it invalid.  *out is zeroed first; on success it must be
 * released with nstrack_netns_sockets_free().
 * Returns 0, -EINVAL or -ENOMEM.
 */
int nstrack_netns_sockets_parse(const struct nlmsghdr *nlh,
				struct nstrack_netns_sockets *out);

/* Same, for a buffer of len bytes that must hold exactly that message. */
int nstrack_netns_sockets_parse_buf(const void *buf, size_t len,
				    struct nstrack_netns_sockets *out);

void nstrack_netns_sockets_free(struct nstrack_netns_sockets *ns);

#endif /* NSTRACK_SOCKETS_H */
