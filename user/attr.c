// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack - strict validation of kernel message attributes.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <linux/genetlink.h>

#include "attr.h"

struct parse_ctx {
	const struct nstrack_attr_rule *rules;
	uint16_t max;
	const struct nlattr **tb;
};

static int validate_attr_cb(const struct nlattr *attr, void *data)
{
	const struct parse_ctx *c = data;
	uint16_t type = mnl_attr_get_type(attr);
	const struct nstrack_attr_rule *r;

	/* attributes added by a newer module: ignore them */
	if (type > c->max || c->rules[type].type == MNL_TYPE_UNSPEC)
		return MNL_CB_OK;
	r = &c->rules[type];

	/* exact length for the integers; NUL-terminated for the strings */
	if (mnl_attr_validate(attr, r->type) < 0)
		return MNL_CB_ERROR;
	/*
	 * mnl_attr_validate2() with a length would demand *at least* that
	 * many bytes for a string, so the upper bound is checked here.
	 */
	if (r->maxlen && mnl_attr_get_payload_len(attr) > r->maxlen)
		return MNL_CB_ERROR;

	c->tb[type] = attr;
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

int nstrack_attrs_parse(const void *payload, size_t len,
			const struct nstrack_attr_rule *rules, uint16_t max,
			const struct nlattr **tb)
{
	struct parse_ctx c = { rules, max, tb };

	memset(tb, 0, ((size_t)max + 1) * sizeof(*tb));
	if (len > INT_MAX || !attrs_cover_payload(payload, len))
		return -EINVAL;
	if (mnl_attr_parse_payload(payload, len, validate_attr_cb, &c) !=
	    MNL_CB_OK) {
		memset(tb, 0, ((size_t)max + 1) * sizeof(*tb));
		return -EINVAL;
	}
	return 0;
}

int nstrack_attrs_parse_nested(const struct nlattr *nest,
			       const struct nstrack_attr_rule *rules,
			       uint16_t max, const struct nlattr **tb)
{
	return nstrack_attrs_parse(mnl_attr_get_payload(nest),
				   mnl_attr_get_payload_len(nest), rules, max,
				   tb);
}

int nstrack_attrs_parse_genl(const struct nlmsghdr *nlh, uint8_t cmd,
			     const struct nstrack_attr_rule *rules,
			     uint16_t max, const struct nlattr **tb)
{
	const size_t hdrlen = MNL_NLMSG_HDRLEN + MNL_ALIGN(GENL_HDRLEN);
	const struct genlmsghdr *genl;

	memset(tb, 0, ((size_t)max + 1) * sizeof(*tb));
	if (!nlh || nlh->nlmsg_len < hdrlen)
		return -EINVAL;
	genl = mnl_nlmsg_get_payload(nlh);
	if (genl->cmd != cmd)
		return -EINVAL;
	return nstrack_attrs_parse((const char *)nlh + hdrlen,
				   nlh->nlmsg_len - hdrlen, rules, max, tb);
}

void nstrack_attr_copy_str(char *dst, size_t dstlen, const struct nlattr *attr)
{
	const char *s = mnl_attr_get_str(attr);
	size_t n = strnlen(s, mnl_attr_get_payload_len(attr));

	if (n > dstlen - 1)
		n = dstlen - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

bool nstrack_nlmsg_ok(const struct nlmsghdr *nlh, int len)
{
	return mnl_nlmsg_ok(nlh, len) && nlh->nlmsg_len <= (unsigned int)len;
}

bool nstrack_msg_in_buf(const void *buf, size_t len)
{
	return buf && len <= INT_MAX && nstrack_nlmsg_ok(buf, (int)len);
}

bool nstrack_batch_ok(const void *buf, size_t len)
{
	const struct nlmsghdr *nlh = buf;
	int rest = (int)len;

	if (len > INT_MAX)
		return false;
	while (nstrack_nlmsg_ok(nlh, rest))
		nlh = mnl_nlmsg_next(nlh, &rest);
	/* 0, not below: the padding of the last one is there too */
	return rest == 0;
}
