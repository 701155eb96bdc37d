// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack - parsing and request of NSTRACK_CMD_INFO_GET.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "attr.h"
#include "info.h"
#include "nl.h"
#include "util.h"

static const struct nstrack_attr_rule info_rules[NSTRACK_A_INFO_MAX + 1] = {
	[NSTRACK_A_INFO_VERSION]		= { MNL_TYPE_NUL_STRING,
						    NSTRACK_VERSION_LEN },
	[NSTRACK_A_INFO_EVENT_LAST]		= { MNL_TYPE_U64, 0 },
	[NSTRACK_A_INFO_EVENT_OLDEST]		= { MNL_TYPE_U64, 0 },
	[NSTRACK_A_INFO_EVENT_HISTORY_SIZE]	= { MNL_TYPE_U32, 0 },
	[NSTRACK_A_INFO_NETNS_HISTORY_SIZE]	= { MNL_TYPE_U32, 0 },
	[NSTRACK_A_INFO_EVENTS_HERE]		= { MNL_TYPE_FLAG, 0 },
	[NSTRACK_A_INFO_NOTIFY_FAILED]		= { MNL_TYPE_U64, 0 },
	[NSTRACK_A_INFO_NETNS_RECORDS]		= { MNL_TYPE_U32, 0 },
	[NSTRACK_A_INFO_DEV_RECORDS]		= { MNL_TYPE_U32, 0 },
	[NSTRACK_A_INFO_NETNS_RECORD_SIZE]	= { MNL_TYPE_U32, 0 },
	[NSTRACK_A_INFO_DEV_RECORD_SIZE]	= { MNL_TYPE_U32, 0 },
	[NSTRACK_A_INFO_EVENT_RECORD_SIZE]	= { MNL_TYPE_U32, 0 },
};

static uint32_t get_u32(const struct nlattr *attr)
{
	return attr ? mnl_attr_get_u32(attr) : 0;
}

int nstrack_info_parse(const struct nlmsghdr *nlh, struct nstrack_info *out)
{
	const struct nlattr *tb[NSTRACK_A_INFO_MAX + 1];

	memset(out, 0, sizeof(*out));
	if (nstrack_attrs_parse_genl(nlh, NSTRACK_CMD_INFO_GET, info_rules,
				     NSTRACK_A_INFO_MAX, tb) < 0)
		return -EINVAL;
	/* the two sequence numbers come together or not at all */
	if (!tb[NSTRACK_A_INFO_VERSION] ||
	    !tb[NSTRACK_A_INFO_EVENT_LAST] != !tb[NSTRACK_A_INFO_EVENT_OLDEST])
		return -EINVAL;
	nstrack_attr_copy_str(out->version, sizeof(out->version),
			      tb[NSTRACK_A_INFO_VERSION]);
	out->has_system = tb[NSTRACK_A_INFO_EVENT_LAST] != NULL;
	if (out->has_system) {
		out->event_last =
			mnl_attr_get_u64(tb[NSTRACK_A_INFO_EVENT_LAST]);
		out->event_oldest =
			mnl_attr_get_u64(tb[NSTRACK_A_INFO_EVENT_OLDEST]);
	}
	out->event_history_size = get_u32(tb[NSTRACK_A_INFO_EVENT_HISTORY_SIZE]);
	out->netns_history_size = get_u32(tb[NSTRACK_A_INFO_NETNS_HISTORY_SIZE]);
	out->netns_records = get_u32(tb[NSTRACK_A_INFO_NETNS_RECORDS]);
	out->dev_records = get_u32(tb[NSTRACK_A_INFO_DEV_RECORDS]);
	out->netns_record_size = get_u32(tb[NSTRACK_A_INFO_NETNS_RECORD_SIZE]);
	out->dev_record_size = get_u32(tb[NSTRACK_A_INFO_DEV_RECORD_SIZE]);
	out->event_record_size = get_u32(tb[NSTRACK_A_INFO_EVENT_RECORD_SIZE]);
	out->events_here = tb[NSTRACK_A_INFO_EVENTS_HERE] != NULL;
	if (tb[NSTRACK_A_INFO_NOTIFY_FAILED])
		out->notify_failed =
			mnl_attr_get_u64(tb[NSTRACK_A_INFO_NOTIFY_FAILED]);
	return 0;
}

static int info_cb(const struct nlmsghdr *nlh, void *data)
{
	if (nstrack_info_parse(nlh, data) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

int nstrack_info_get(struct nstrack_nl *nl, struct nstrack_info *out)
{
	struct nlmsghdr *req = nstrack_nl_request(nl, NSTRACK_CMD_INFO_GET);

	memset(out, 0, sizeof(*out));
	return nstrack_nl_doit(nl, req, info_cb, out,
			       "reading the module's information");
}

int nstrack_info_version(struct nstrack_nl *nl, const char *tool_version,
			 FILE *out)
{
	char shown[NSTRACK_VERSION_LEN];
	struct nstrack_info info;
	int err;

	err = nstrack_info_get(nl, &info);
	if (err < 0)
		return err;
	nstrack_sanitize(shown, sizeof(shown), info.version);
	fprintf(out, "module %s (netlink family %s, version %u)\n", shown,
		NSTRACK_FAMILY_NAME, nl->family_version);
	fflush(out);
	if (strcmp(info.version, tool_version))
		nstrack_warn("the module is version %s, the tool %s", shown,
			     tool_version);
	if (nl->family_version != NSTRACK_FAMILY_VERSION)
		nstrack_warn("the module speaks netlink family version %u, the tool %d",
			     nl->family_version, NSTRACK_FAMILY_VERSION);
	return 0;
}
