// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack - parsing of NSTRACK_CMD_DEV_GET replies.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "attr.h"
#include "dev.h"

static const struct nstrack_attr_rule rules[NSTRACK_A_DEV_MAX + 1] = {
	[NSTRACK_A_DEV_NETNS_COOKIE]	= { MNL_TYPE_U64, 0 },
	[NSTRACK_A_DEV_NETNS_INODE]	= { MNL_TYPE_U32, 0 },
	[NSTRACK_A_DEV_IFINDEX]		= { MNL_TYPE_U32, 0 },
	[NSTRACK_A_DEV_NAME]		= { MNL_TYPE_NUL_STRING,
					    NSTRACK_IFNAME_LEN },
	[NSTRACK_A_DEV_KIND]		= { MNL_TYPE_NUL_STRING,
					    NSTRACK_KIND_LEN },
	[NSTRACK_A_DEV_ADDRESS]		= { MNL_TYPE_BINARY,
					    NSTRACK_ADDR_MAX },
};

int nstrack_dev_parse(const struct nlmsghdr *nlh, struct nstrack_dev *out)
{
	const struct nlattr *tb[NSTRACK_A_DEV_MAX + 1];

	memset(out, 0, sizeof(*out));
	if (nstrack_attrs_parse_genl(nlh, NSTRACK_CMD_DEV_GET, rules,
				     NSTRACK_A_DEV_MAX, tb) < 0)
		return -EINVAL;
	if (!tb[NSTRACK_A_DEV_NETNS_COOKIE] || !tb[NSTRACK_A_DEV_NETNS_INODE] ||
	    !tb[NSTRACK_A_DEV_IFINDEX] || !tb[NSTRACK_A_DEV_NAME] ||
	    !tb[NSTRACK_A_DEV_KIND])
		return -EINVAL;

	out->netns_cookie = mnl_attr_get_u64(tb[NSTRACK_A_DEV_NETNS_COOKIE]);
	out->netns_inode = mnl_attr_get_u32(tb[NSTRACK_A_DEV_NETNS_INODE]);
	out->ifindex = mnl_attr_get_u32(tb[NSTRACK_A_DEV_IFINDEX]);
	nstrack_attr_copy_str(out->name, sizeof(out->name),
			      tb[NSTRACK_A_DEV_NAME]);
	nstrack_attr_copy_str(out->kind, sizeof(out->kind),
			      tb[NSTRACK_A_DEV_KIND]);
	if (tb[NSTRACK_A_DEV_ADDRESS]) {
		const struct nlattr *a = tb[NSTRACK_A_DEV_ADDRESS];

		/* validated: at most NSTRACK_ADDR_MAX bytes */
		out->addr_len = mnl_attr_get_payload_len(a);
		memcpy(out->addr, mnl_attr_get_payload(a), out->addr_len);
	}
	return 0;
}

int nstrack_dev_parse_buf(const void *buf, size_t len, struct nstrack_dev *out)
{
	memset(out, 0, sizeof(*out));
	if (!nstrack_msg_in_buf(buf, len))
		return -EINVAL;
	return nstrack_dev_parse(buf, out);
}

char *nstrack_fmt_mac(char *buf, const uint8_t *addr, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;
	char *p = buf;

	if (len > NSTRACK_ADDR_MAX)
		len = NSTRACK_ADDR_MAX;
	for (i = 0; i < len; i++) {
		if (i)
			*p++ = ':';
		*p++ = hex[addr[i] >> 4];
		*p++ = hex[addr[i] & 0xf];
	}
	*p = '\0';
	return buf;
}

static int dev_cmp(const void *a, const void *b)
{
	const struct nstrack_dev *x = a, *y = b;

	if (x->netns_inode != y->netns_inode)
		return x->netns_inode < y->netns_inode ? -1 : 1;
	if (x->ifindex != y->ifindex)
		return x->ifindex < y->ifindex ? -1 : 1;
	if (x->netns_cookie != y->netns_cookie)
		return x->netns_cookie < y->netns_cookie ? -1 : 1;
	return 0;
}

void nstrack_dev_sort(struct nstrack_dev *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof(*v), dev_cmp);
}
