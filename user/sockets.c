// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack - parsing of socket counts (the NSTRACK_A_NETNS_SOCKETS nest and
 * NSTRACK_CMD_SOCKETS_GET replies).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "attr.h"
#include "sockets.h"

static const struct nstrack_attr_rule sockets_rules[NSTRACK_A_SOCKETS_MAX + 1] = {
	[NSTRACK_A_SOCKETS_TOTAL]		= { MNL_TYPE_U32, 0 },
	[NSTRACK_A_SOCKETS_TCP_TIME_WAIT]	= { MNL_TYPE_U32, 0 },
	/* repeated: each one is checked here, then parsed below */
	[NSTRACK_A_SOCKETS_PROTO]		= { MNL_TYPE_NESTED, 0 },
};

static const struct nstrack_attr_rule proto_rules[NSTRACK_A_PROTO_MAX + 1] = {
	[NSTRACK_A_PROTO_NAME]	= { MNL_TYPE_NUL_STRING, NSTRACK_PROTO_NAME_LEN },
	[NSTRACK_A_PROTO_INUSE]	= { MNL_TYPE_U32, 0 },
};

/* the attributes of a SOCKETS_GET message; the others are ignored */
static const struct nstrack_attr_rule msg_rules[NSTRACK_A_NETNS_MAX + 1] = {
	[NSTRACK_A_NETNS_COOKIE]	= { MNL_TYPE_U64, 0 },
	[NSTRACK_A_NETNS_INODE]		= { MNL_TYPE_U32, 0 },
	[NSTRACK_A_NETNS_SOCKETS]	= { MNL_TYPE_NESTED, 0 },
};

static int parse_proto(const struct nlattr *nest, struct nstrack_proto_count *pc)
{
	const struct nlattr *tb[NSTRACK_A_PROTO_MAX + 1];
	const unsigned char *p;

	memset(pc, 0, sizeof(*pc));
	if (nstrack_attrs_parse_nested(nest, proto_rules, NSTRACK_A_PROTO_MAX,
				       tb) < 0)
		return -EINVAL;
	if (!tb[NSTRACK_A_PROTO_NAME] || !tb[NSTRACK_A_PROTO_INUSE])
		return -EINVAL;
	nstrack_attr_copy_str(pc->name, sizeof(pc->name),
			      tb[NSTRACK_A_PROTO_NAME]);
	/*
	 * It becomes a column header and a JSON key: printable ASCII without
	 * spaces, like every name in /proc/net/protocols.
	 */
	if (!pc->name[0])
		return -EINVAL;
	for (p = (const unsigned char *)pc->name; *p; p++)
		if (*p <= ' ' || *p > '~')
			return -EINVAL;
	pc->inuse = mnl_attr_get_u32(tb[NSTRACK_A_PROTO_INUSE]);
	return 0;
}

const struct nstrack_proto_count *
nstrack_sockets_find(const struct nstrack_sockets *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nprotos; i++)
		if (!strcmp(s->protos[i].name, name))
			return &s->protos[i];
	return NULL;
}

int nstrack_sockets_parse_nest(const struct nlattr *nest, bool with_protos,
			       struct nstrack_sockets *out)
{
	const struct nlattr *tb[NSTRACK_A_SOCKETS_MAX + 1];
	const struct nlattr *attr;
	struct nstrack_proto_count pc;
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	if (nstrack_attrs_parse_nested(nest, sockets_rules,
				       NSTRACK_A_SOCKETS_MAX, tb) < 0 ||
	    !tb[NSTRACK_A_SOCKETS_TOTAL])
		return -EINVAL;
	out->total = mnl_attr_get_u32(tb[NSTRACK_A_SOCKETS_TOTAL]);
	if (tb[NSTRACK_A_SOCKETS_TCP_TIME_WAIT]) {
		out->has_tcp_time_wait = true;
		out->tcp_time_wait =
			mnl_attr_get_u32(tb[NSTRACK_A_SOCKETS_TCP_TIME_WAIT]);
	}

	/* the layout is sound now: walking the nest stays inside it */
	mnl_attr_for_each_nested(attr, nest)
		if (mnl_attr_get_type(attr) == NSTRACK_A_SOCKETS_PROTO)
			n++;
	if (with_protos && n) {
		out->protos = calloc(n, sizeof(*out->protos));
		if (!out->protos) {
			memset(out, 0, sizeof(*out));
			return -ENOMEM;
		}
	}
	mnl_attr_for_each_nested(attr, nest) {
		if (mnl_attr_get_type(attr) != NSTRACK_A_SOCKETS_PROTO)
			continue;
		if (parse_proto(attr, &pc) < 0) {
			nstrack_sockets_free(out);
			return -EINVAL;
		}
		if (!with_protos || nstrack_sockets_find(out, pc.name))
			continue;
		out->protos[out->nprotos++] = pc;
	}
	return 0;
}

void nstrack_sockets_free(struct nstrack_sockets *s)
{
	free(s->protos);
	memset(s, 0, sizeof(*s));
}

int nstrack_netns_sockets_parse(const struct nlmsghdr *nlh,
				struct nstrack_netns_sockets *out)
{
	const struct nlattr *tb[NSTRACK_A_NETNS_MAX + 1];
	int err;

	memset(out, 0, sizeof(*out));
	if (nstrack_attrs_parse_genl(nlh, NSTRACK_CMD_SOCKETS_GET, msg_rules,
				     NSTRACK_A_NETNS_MAX, tb) < 0)
		return -EINVAL;
	if (!tb[NSTRACK_A_NETNS_COOKIE] || !tb[NSTRACK_A_NETNS_INODE] ||
	    !tb[NSTRACK_A_NETNS_SOCKETS])
		return -EINVAL;
	err = nstrack_sockets_parse_nest(tb[NSTRACK_A_NETNS_SOCKETS], true,
					 &out->s);
	if (err < 0)
		return err;	/* out->s is already empty */
	out->cookie = mnl_attr_get_u64(tb[NSTRACK_A_NETNS_COOKIE]);
	out->inode = mnl_attr_get_u32(tb[NSTRACK_A_NETNS_INODE]);
	return 0;
}

int nstrack_netns_sockets_parse_buf(const void *buf, size_t len,
				    struct nstrack_netns_sockets *out)
{
	memset(out, 0, sizeof(*out));
	if (!nstrack_msg_in_buf(buf, len))
		return -EINVAL;
	return nstrack_netns_sockets_parse(buf, out);
}

void nstrack_netns_sockets_free(struct nstrack_netns_sockets *ns)
{
	nstrack_sockets_free(&ns->s);
}
