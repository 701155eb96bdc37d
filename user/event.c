// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack - parsing of NSTRACK_CMD_HISTORY_GET replies and
 * NSTRACK_CMD_EVENT_NTF notifications.
 */
#include <errno.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "attr.h"
#include "event.h"

static const struct nstrack_attr_rule event_rules[NSTRACK_A_EVENT_MAX + 1] = {
	[NSTRACK_A_EVENT_SEQ]		= { MNL_TYPE_U64, 0 },
	[NSTRACK_A_EVENT_TIME_NS]	= { MNL_TYPE_U64, 0 },
	[NSTRACK_A_EVENT_TYPE]		= { MNL_TYPE_U8, 0 },
	[NSTRACK_A_EVENT_REASON]	= { MNL_TYPE_U8, 0 },
	[NSTRACK_A_EVENT_TASK_PID]	= { MNL_TYPE_U32, 0 },
	[NSTRACK_A_EVENT_TASK_COMM]	= { MNL_TYPE_NUL_STRING,
					    NSTRACK_COMM_LEN },
	[NSTRACK_A_EVENT_NETNS]		= { MNL_TYPE_NESTED, 0 },
	[NSTRACK_A_EVENT_FROM]		= { MNL_TYPE_NESTED, 0 },
	[NSTRACK_A_EVENT_TO]		= { MNL_TYPE_NESTED, 0 },
};

static const struct nstrack_attr_rule
endpoint_rules[NSTRACK_A_ENDPOINT_MAX + 1] = {
	[NSTRACK_A_ENDPOINT_COOKIE]	= { MNL_TYPE_U64, 0 },
	[NSTRACK_A_ENDPOINT_INODE]	= { MNL_TYPE_U32, 0 },
	[NSTRACK_A_ENDPOINT_IFINDEX]	= { MNL_TYPE_U32, 0 },
	[NSTRACK_A_ENDPOINT_NAME]	= { MNL_TYPE_NUL_STRING,
					    NSTRACK_IFNAME_LEN },
};

/* nest may be NULL (not sent): *ep stays empty */
static int parse_endpoint(const struct nlattr *nest,
			  struct nstrack_endpoint *ep)
{
	const struct nlattr *tb[NSTRACK_A_ENDPOINT_MAX + 1];

	if (!nest)
		return 0;
	if (nstrack_attrs_parse_nested(nest, endpoint_rules,
				       NSTRACK_A_ENDPOINT_MAX, tb) < 0)
		return -EINVAL;
	ep->present = true;
	if (tb[NSTRACK_A_ENDPOINT_COOKIE]) {
		ep->has_cookie = true;
		ep->cookie = mnl_attr_get_u64(tb[NSTRACK_A_ENDPOINT_COOKIE]);
	}
	if (tb[NSTRACK_A_ENDPOINT_INODE]) {
		ep->has_inode = true;
		ep->inode = mnl_attr_get_u32(tb[NSTRACK_A_ENDPOINT_INODE]);
	}
	if (tb[NSTRACK_A_ENDPOINT_IFINDEX]) {
		ep->has_ifindex = true;
		ep->ifindex = mnl_attr_get_u32(tb[NSTRACK_A_ENDPOINT_IFINDEX]);
	}
	if (tb[NSTRACK_A_ENDPOINT_NAME]) {
		ep->has_name = true;
		nstrack_attr_copy_str(ep->name, sizeof(ep->name),
				      tb[NSTRACK_A_ENDPOINT_NAME]);
	}
	return 0;
}

int nstrack_event_parse(const struct nlmsghdr *nlh, struct nstrack_event *out)
{
	const struct nlattr *tb[NSTRACK_A_EVENT_MAX + 1];

	const struct genlmsghdr *genl;
	uint8_t cmd;

	memset(out, 0, sizeof(*out));
	if (!nlh || nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*genl))
		return -EINVAL;
	/* the history and the notifications carry the same attributes */
	genl = mnl_nlmsg_get_payload(nlh);
	cmd = genl->cmd == NSTRACK_CMD_EVENT_NTF ? NSTRACK_CMD_EVENT_NTF :
						   NSTRACK_CMD_HISTORY_GET;
	if (nstrack_attrs_parse_genl(nlh, cmd, event_rules,
				     NSTRACK_A_EVENT_MAX, tb) < 0)
		return -EINVAL;
	if (!tb[NSTRACK_A_EVENT_SEQ] || !tb[NSTRACK_A_EVENT_TIME_NS] ||
	    !tb[NSTRACK_A_EVENT_TYPE])
		return -EINVAL;

	if (parse_endpoint(tb[NSTRACK_A_EVENT_NETNS], &out->netns) < 0 ||
	    parse_endpoint(tb[NSTRACK_A_EVENT_FROM], &out->from) < 0 ||
	    parse_endpoint(tb[NSTRACK_A_EVENT_TO], &out->to) < 0) {
		memset(out, 0, sizeof(*out));
		return -EINVAL;
	}

	out->seq = mnl_attr_get_u64(tb[NSTRACK_A_EVENT_SEQ]);
	out->time_ns = mnl_attr_get_u64(tb[NSTRACK_A_EVENT_TIME_NS]);
	out->type = mnl_attr_get_u8(tb[NSTRACK_A_EVENT_TYPE]);
	if (tb[NSTRACK_A_EVENT_REASON]) {
		out->has_reason = true;
		out->reason = mnl_attr_get_u8(tb[NSTRACK_A_EVENT_REASON]);
	}
	if (tb[NSTRACK_A_EVENT_TASK_PID]) {
		out->has_task = true;
		out->task_pid = mnl_attr_get_u32(tb[NSTRACK_A_EVENT_TASK_PID]);
	}
	if (tb[NSTRACK_A_EVENT_TASK_COMM])
		nstrack_attr_copy_str(out->task_comm, sizeof(out->task_comm),
				      tb[NSTRACK_A_EVENT_TASK_COMM]);
	return 0;
}

int nstrack_event_parse_buf(const void *buf, size_t len,
			    struct nstrack_event *out)
{
	memset(out, 0, sizeof(*out));
	if (!nstrack_msg_in_buf(buf, len))
		return -EINVAL;
	return nstrack_event_parse(buf, out);
}

const char *nstrack_event_type_name(uint8_t type)
{
	switch (type) {
	case NSTRACK_EVENT_NETNS_NEW:
		return "netns_new";
	case NSTRACK_EVENT_NETNS_PRE_EXIT:
		return "netns_pre_exit";
	case NSTRACK_EVENT_NETNS_EXIT:
		return "netns_exit";
	case NSTRACK_EVENT_DEV_REGISTER:
		return "dev_register";
	case NSTRACK_EVENT_DEV_UNREGISTER:
		return "dev_unregister";
	case NSTRACK_EVENT_DEV_MOVE:
		return "dev_move";
	}
	return "unknown";
}

const char *nstrack_event_reason_name(uint8_t reason)
{
	switch (reason) {
	case NSTRACK_REASON_REGISTER:
		return "register";
	case NSTRACK_REASON_UNREGISTER:
		return "unregister";
	case NSTRACK_REASON_USER:
		return "user";
	case NSTRACK_REASON_NETNS_EXIT:
		return "netns-exit";
	}
	return "unknown";
}

bool nstrack_event_is_netns(const struct nstrack_event *ev)
{
	return ev->type == NSTRACK_EVENT_NETNS_NEW ||
	       ev->type == NSTRACK_EVENT_NETNS_PRE_EXIT ||
	       ev->type == NSTRACK_EVENT_NETNS_EXIT;
}

bool nstrack_event_is_dev(const struct nstrack_event *ev)
{
	return ev->type == NSTRACK_EVENT_DEV_REGISTER ||
	       ev->type == NSTRACK_EVENT_DEV_UNREGISTER ||
	       ev->type == NSTRACK_EVENT_DEV_MOVE;
}

const struct nstrack_endpoint *
nstrack_event_dev_endpoint(const struct nstrack_event *ev)
{
	if (!nstrack_event_is_dev(ev))
		return NULL;
	if (ev->to.present)
		return &ev->to;
	if (ev->from.present)
		return &ev->from;
	return NULL;
}

bool nstrack_event_matches_dev(const struct nstrack_event *ev,
			       const char *name)
{
	return (ev->from.has_name && !strcmp(ev->from.name, name)) ||
	       (ev->to.has_name && !strcmp(ev->to.name, name));
}
