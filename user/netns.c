// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack - parsing of NSTRACK_CMD_NETNS_GET replies.
 */
#include <errno.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "attr.h"
#include "netns.h"
#include "sockets.h"

/*
 * Expected type of every attribute we understand.  MNL_TYPE_UNSPEC (0)
 * marks attributes we skip whatever their content: UNSPEC, the 64-bit
 * alignment PAD and the request-only selectors PID and FD.
 */
static const struct nstrack_attr_rule rules[NSTRACK_A_NETNS_MAX + 1] = {
	[NSTRACK_A_NETNS_SERIAL]	= { MNL_TYPE_U64, 0 },
	[NSTRACK_A_NETNS_COOKIE]	= { MNL_TYPE_U64, 0 },
	[NSTRACK_A_NETNS_INODE]		= { MNL_TYPE_U32, 0 },
	/* NSID is an s32 on the wire */
	[NSTRACK_A_NETNS_NSID]		= { MNL_TYPE_U32, 0 },
	[NSTRACK_A_NETNS_OWNER_USERNS]	= { MNL_TYPE_U32, 0 },
	[NSTRACK_A_NETNS_OWNER_UID]	= { MNL_TYPE_U32, 0 },
	[NSTRACK_A_NETNS_STATE]		= { MNL_TYPE_U8, 0 },
	[NSTRACK_A_NETNS_FLAGS]		= { MNL_TYPE_U32, 0 },
	[NSTRACK_A_NETNS_SEEN_NS]	= { MNL_TYPE_U64, 0 },
	[NSTRACK_A_NETNS_CREATED_NS]	= { MNL_TYPE_U64, 0 },
	[NSTRACK_A_NETNS_CREATOR_PID]	= { MNL_TYPE_U32, 0 },
	[NSTRACK_A_NETNS_CREATOR_COMM]	= { MNL_TYPE_NUL_STRING,
					    NSTRACK_COMM_LEN },
	[NSTRACK_A_NETNS_PRE_EXIT_NS]	= { MNL_TYPE_U64, 0 },
	[NSTRACK_A_NETNS_EXIT_NS]	= { MNL_TYPE_U64, 0 },
	[NSTRACK_A_NETNS_DEVICES]	= { MNL_TYPE_U32, 0 },
	[NSTRACK_A_NETNS_SOCKETS]	= { MNL_TYPE_NESTED, 0 },
};

int nstrack_netns_parse(const struct nlmsghdr *nlh, struct nstrack_netns *out)
{
	const struct nlattr *tb[NSTRACK_A_NETNS_MAX + 1];

	memset(out, 0, sizeof(*out));

	if (nstrack_attrs_parse_genl(nlh, NSTRACK_CMD_NETNS_GET, rules,
				     NSTRACK_A_NETNS_MAX, tb) < 0)
		return -EINVAL;

	if (!tb[NSTRACK_A_NETNS_SERIAL] || !tb[NSTRACK_A_NETNS_COOKIE] ||
	    !tb[NSTRACK_A_NETNS_INODE] || !tb[NSTRACK_A_NETNS_STATE])
		return -EINVAL;

	out->serial = mnl_attr_get_u64(tb[NSTRACK_A_NETNS_SERIAL]);
	out->cookie = mnl_attr_get_u64(tb[NSTRACK_A_NETNS_COOKIE]);
	out->inode = mnl_attr_get_u32(tb[NSTRACK_A_NETNS_INODE]);
	out->state = mnl_attr_get_u8(tb[NSTRACK_A_NETNS_STATE]);

	if (tb[NSTRACK_A_NETNS_NSID]) {
		out->has_nsid = true;
		out->nsid = (int32_t)mnl_attr_get_u32(tb[NSTRACK_A_NETNS_NSID]);
	}
	if (tb[NSTRACK_A_NETNS_OWNER_USERNS]) {
		out->has_owner_userns = true;
		out->owner_userns =
			mnl_attr_get_u32(tb[NSTRACK_A_NETNS_OWNER_USERNS]);
	}
	if (tb[NSTRACK_A_NETNS_OWNER_UID]) {
		out->has_owner_uid = true;
		out->owner_uid = mnl_attr_get_u32(tb[NSTRACK_A_NETNS_OWNER_UID]);
	}
	if (tb[NSTRACK_A_NETNS_FLAGS])
		out->flags = mnl_attr_get_u32(tb[NSTRACK_A_NETNS_FLAGS]);
	if (tb[NSTRACK_A_NETNS_SEEN_NS]) {
		out->has_seen = true;
		out->seen_ns = mnl_attr_get_u64(tb[NSTRACK_A_NETNS_SEEN_NS]);
	}
	if (tb[NSTRACK_A_NETNS_CREATED_NS]) {
		out->has_created = true;
		out->created_ns = mnl_attr_get_u64(tb[NSTRACK_A_NETNS_CREATED_NS]);
	}
	if (tb[NSTRACK_A_NETNS_CREATOR_PID]) {
		out->has_creator = true;
		out->creator_pid = mnl_attr_get_u32(tb[NSTRACK_A_NETNS_CREATOR_PID]);
	}
	if (tb[NSTRACK_A_NETNS_CREATOR_COMM])
		nstrack_attr_copy_str(out->creator_comm,
				      sizeof(out->creator_comm),
				      tb[NSTRACK_A_NETNS_CREATOR_COMM]);
	if (tb[NSTRACK_A_NETNS_PRE_EXIT_NS]) {
		out->has_pre_exit = true;
		out->pre_exit_ns = mnl_attr_get_u64(tb[NSTRACK_A_NETNS_PRE_EXIT_NS]);
	}
	if (tb[NSTRACK_A_NETNS_EXIT_NS]) {
		out->has_exit = true;
		out->exit_ns = mnl_attr_get_u64(tb[NSTRACK_A_NETNS_EXIT_NS]);
	}
	if (tb[NSTRACK_A_NETNS_DEVICES]) {
		out->has_devices = true;
		out->devices = mnl_attr_get_u32(tb[NSTRACK_A_NETNS_DEVICES]);
	}
	if (tb[NSTRACK_A_NETNS_SOCKETS]) {
		struct nstrack_sockets s;

		/* only the totals: nothing is allocated */
		if (nstrack_sockets_parse_nest(tb[NSTRACK_A_NETNS_SOCKETS],
					       false, &s) < 0) {
			memset(out, 0, sizeof(*out));
			return -EINVAL;
		}
		out->has_sockets = true;
		out->sockets = s.total;
		out->has_tcp_time_wait = s.has_tcp_time_wait;
		out->tcp_time_wait = s.tcp_time_wait;
	}
	return 0;
}

int nstrack_netns_parse_buf(const void *buf, size_t len,
			    struct nstrack_netns *out)
{
	memset(out, 0, sizeof(*out));
	if (!nstrack_msg_in_buf(buf, len))
		return -EINVAL;
	return nstrack_netns_parse(buf, out);
}

const char *nstrack_state_name(uint8_t state)
{
	switch (state) {
	case NSTRACK_NETNS_STATE_ALIVE:
		return "alive";
	case NSTRACK_NETNS_STATE_DYING:
		return "dying";
	case NSTRACK_NETNS_STATE_DEAD:
		return "dead";
	}
	return "unknown";
}
