// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack - parsing of NSTRACK_CMD_NETNS_GET replies.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "netns.h"

/*
 * Expected type of every attribute we understand.  MNL_TYPE_UNSPEC (0)
 * marks attributes we skip whatever their content: UNSPEC, the 64-bit
 * alignment PAD and the request-only selectors PID and FD.
 */
static const enum mnl_attr_data_type policy[NSTRACK_A_NETNS_MAX + 1] = {
	[NSTRACK_A_NETNS_SERIAL]	= MNL_TYPE_U64,
	[NSTRACK_A_NETNS_COOKIE]	= MNL_TYPE_U64,
	[NSTRACK_A_NETNS_INODE]		= MNL_TYPE_U32,
	[NSTRACK_A_NETNS_NSID]		= MNL_TYPE_U32,	/* s32 on the wire */
	[NSTRACK_A_NETNS_OWNER_USERNS]	= MNL_TYPE_U32,
	[NSTRACK_A_NETNS_OWNER_UID]	= MNL_TYPE_U32,
	[NSTRACK_A_NETNS_STATE]		= MNL_TYPE_U8,
	[NSTRACK_A_NETNS_FLAGS]		= MNL_TYPE_U32,
	[NSTRACK_A_NETNS_SEEN_NS]	= MNL_TYPE_U64,
	[NSTRACK_A_NETNS_CREATED_NS]	= MNL_TYPE_U64,
	[NSTRACK_A_NETNS_CREATOR_PID]	= MNL_TYPE_U32,
	[NSTRACK_A_NETNS_CREATOR_COMM]	= MNL_TYPE_NUL_STRING,
	[NSTRACK_A_NETNS_PRE_EXIT_NS]	= MNL_TYPE_U64,
	[NSTRACK_A_NETNS_EXIT_NS]	= MNL_TYPE_U64,
};

static int validate_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	/* attributes added by a newer module: ignore them */
	if (type > NSTRACK_A_NETNS_MAX || policy[type] == MNL_TYPE_UNSPEC)
		return MNL_CB_OK;

	/* exact length for the integers; NUL-terminated for the string */
	if (mnl_attr_validate(attr, policy[type]) < 0)
		return MNL_CB_ERROR;
	/*
	 * mnl_attr_validate2() with a length would demand *at least* that
	 * many bytes for a string, so the upper bound is checked here.
	 */
	if (type == NSTRACK_A_NETNS_CREATOR_COMM &&
	    mnl_attr_get_payload_len(attr) > NSTRACK_COMM_LEN)
		return MNL_CB_ERROR;

	tb[type] = attr;
	return MNL_CB_OK;
}

/*
 * True if the attributes in payload[0..len) follow each other without gap
 * and the last one ends exactly at the end (up to its alignment padding).
 * mnl_attr_parse*() silently stops at an attribute that overruns the
 * message, so without this check a truncated record could look valid.
 */
static bool attrs_cover_payload(const void *payload, size_t len)
{
	const struct nlattr *attr;

	mnl_attr_for_each_payload(payload, len)
		;
	return (const char *)attr >= (const char *)payload + len;
}

int nstrack_netns_parse(const struct nlmsghdr *nlh, struct nstrack_netns *out)
{
	const struct nlattr *tb[NSTRACK_A_NETNS_MAX + 1] = { NULL };
	const size_t hdrlen = MNL_NLMSG_HDRLEN + MNL_ALIGN(GENL_HDRLEN);
	const struct genlmsghdr *genl;
	const void *payload;
	size_t len;

	memset(out, 0, sizeof(*out));

	if (!nlh || nlh->nlmsg_len < hdrlen)
		return -EINVAL;
	genl = mnl_nlmsg_get_payload(nlh);
	if (genl->cmd != NSTRACK_CMD_NETNS_GET)
		return -EINVAL;

	payload = (const char *)nlh + hdrlen;
	len = nlh->nlmsg_len - hdrlen;
	if (!attrs_cover_payload(payload, len))
		return -EINVAL;
	if (mnl_attr_parse_payload(payload, len, validate_attr_cb, tb) !=
	    MNL_CB_OK)
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
	if (tb[NSTRACK_A_NETNS_CREATOR_COMM]) {
		/* validated: NUL-terminated and at most NSTRACK_COMM_LEN bytes */
		const char *comm = mnl_attr_get_str(tb[NSTRACK_A_NETNS_CREATOR_COMM]);

		memcpy(out->creator_comm, comm, strnlen(comm, NSTRACK_COMM_LEN - 1));
	}
	if (tb[NSTRACK_A_NETNS_PRE_EXIT_NS]) {
		out->has_pre_exit = true;
		out->pre_exit_ns = mnl_attr_get_u64(tb[NSTRACK_A_NETNS_PRE_EXIT_NS]);
	}
	if (tb[NSTRACK_A_NETNS_EXIT_NS]) {
		out->has_exit = true;
		out->exit_ns = mnl_attr_get_u64(tb[NSTRACK_A_NETNS_EXIT_NS]);
	}
	return 0;
}

int nstrack_netns_parse_buf(const void *buf, size_t len,
			    struct nstrack_netns *out)
{
	memset(out, 0, sizeof(*out));
	if (!buf || len > INT_MAX || !mnl_nlmsg_ok(buf, (int)len))
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
