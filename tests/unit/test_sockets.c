// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: parsing of socket counts (user/sockets.c), their output
 * (user/output.c) and the sockets command over the fake kernel
 * (user/cmd_sockets.c).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>
#include <linux/genetlink.h>

#include "cmd.h"
#include "fake.h"
#include "nsarg.h"
#include "output.h"
#include "print.h"
#include "sockets.h"
#include "testutil.h"

#define NO_NAMES "/nonexistent/nstrack-test-netns"

/* the protocols a current kernel's module sends, in its order */
static const char *const kernel_protos[] = {
	"TCP", "UDP", "RAW", "TCPv6", "UDPv6", "RAWv6", "UNIX-STREAM", "UNIX",
	"NETLINK", "PACKET",
};
#define NKPROTOS (sizeof(kernel_protos) / sizeof(kernel_protos[0]))

/* what put_msg() builds */
struct msg {
	uint64_t cookie;
	uint32_t inode;
	uint32_t total;
	bool has_tw;
	uint32_t tw;
	size_t nprotos;
	const char *name[16];
	uint32_t inuse[16];
};

/* bits of put_msg()'s omit mask */
#define M_COOKIE	(1u << 0)
#define M_INODE		(1u << 1)
#define M_SOCKETS	(1u << 2)
#define M_TOTAL		(1u << 3)

static void full_msg(struct msg *m)
{
	size_t i;

	memset(m, 0, sizeof(*m));
	m->cookie = 0xfedcba9876543210ULL;
	m->inode = 4026532281u;
	m->total = 0x80000123u;
	m->has_tw = true;
	m->tw = 0x80000007u;
	m->nprotos = NKPROTOS;
	for (i = 0; i < NKPROTOS; i++) {
		m->name[i] = kernel_protos[i];
		m->inuse[i] = (uint32_t)(i * 1000 + 1);
	}
	m->inuse[0] = UINT32_MAX;
}

static void put_proto(struct nlmsghdr *nlh, const char *name, uint32_t inuse)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, NSTRACK_A_SOCKETS_PROTO);

	mnl_attr_put_strz(nlh, NSTRACK_A_PROTO_NAME, name);
	mnl_attr_put_u32(nlh, NSTRACK_A_PROTO_INUSE, inuse);
	mnl_attr_nest_end(nlh, nest);
}

/* the SOCKETS nest's content the way the module builds it */
static void put_counts(struct nlmsghdr *nlh, const struct msg *m, uint32_t omit)
{
	size_t i;

	if (!(omit & M_TOTAL))
		mnl_attr_put_u32(nlh, NSTRACK_A_SOCKETS_TOTAL, m->total);
	if (m->has_tw)
		mnl_attr_put_u32(nlh, NSTRACK_A_SOCKETS_TCP_TIME_WAIT, m->tw);
	for (i = 0; i < m->nprotos; i++)
		put_proto(nlh, m->name[i], m->inuse[i]);
}

/* header, COOKIE and INODE; the SOCKETS nest is left to the caller */
static struct nlmsghdr *put_head(void *buf, const struct msg *m, uint32_t omit,
				 uint16_t flags)
{
	struct nlmsghdr *nlh = test_put_genl_header(buf, NSTRACK_CMD_SOCKETS_GET,
						    flags);

	if (!(omit & M_COOKIE))
		test_put_u64(nlh, NSTRACK_A_NETNS_COOKIE, m->cookie);
	if (!(omit & M_INODE))
		mnl_attr_put_u32(nlh, NSTRACK_A_NETNS_INODE, m->inode);
	return nlh;
}

static struct nlmsghdr *put_msg(void *buf, const struct msg *m, uint32_t omit,
				uint16_t flags)
{
	struct nlmsghdr *nlh = put_head(buf, m, omit, flags);
	struct nlattr *nest;

	if (!(omit & M_SOCKETS)) {
		nest = mnl_attr_nest_start(nlh, NSTRACK_A_NETNS_SOCKETS);
		put_counts(nlh, m, omit);
		mnl_attr_nest_end(nlh, nest);
	}
	return nlh;
}

static void assert_msg_equal(const struct nstrack_netns_sockets *r,
			     const struct msg *m)
{
	size_t i;

	assert_true(r->cookie == m->cookie);
	assert_int_equal(r->inode, m->inode);
	assert_int_equal(r->s.total, m->total);
	assert_int_equal(r->s.has_tcp_time_wait, m->has_tw);
	assert_int_equal(r->s.tcp_time_wait, m->has_tw ? m->tw : 0);
	assert_int_equal(r->s.nprotos, m->nprotos);
	for (i = 0; i < m->nprotos; i++) {
		assert_string_equal(r->s.protos[i].name, m->name[i]);
		assert_int_equal(r->s.protos[i].inuse, m->inuse[i]);
	}
}

/* parse a copy of exactly len bytes, so that ASan sees any over-read */
static int parse_copy(const void *buf, size_t len,
		      struct nstrack_netns_sockets *out)
{
	void *copy = malloc(len ? len : 1);
	int ret;

	assert_non_null(copy);
	memcpy(copy, buf, len);
	ret = nstrack_netns_sockets_parse_buf(copy, len, out);
	free(copy);
	return ret;
}

/* parse, and on success check and free; returns the status */
static int parse_status(const struct nlmsghdr *nlh)
{
	struct nstrack_netns_sockets out;
	int ret = parse_copy(nlh, nlh->nlmsg_len, &out);

	if (ret < 0) {
		/* nothing half-filled, nothing to free */
		assert_null(out.s.protos);
		assert_int_equal(out.s.nprotos, 0);
		assert_int_equal(out.inode, 0);
	}
	nstrack_netns_sockets_free(&out);
	return ret;
}

/* ---- parsing ---- */

static void full_message_round_trips(void **state)
{
	struct nstrack_netns_sockets out;
	union test_buf buf;
	struct nlmsghdr *nlh;
	struct msg m;

	(void)state;
	full_msg(&m);
	nlh = put_msg(buf.b, &m, 0, 0);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
	assert_msg_equal(&out, &m);
	assert_ptr_equal(nstrack_sockets_find(&out.s, "UNIX"), &out.s.protos[7]);
	assert_null(nstrack_sockets_find(&out.s, "unix"));
	assert_null(nstrack_sockets_find(&out.s, "SCTP"));
	nstrack_netns_sockets_free(&out);
	assert_null(out.s.protos);
	nstrack_netns_sockets_free(&out);	/* twice is fine */

	/* the entry point that trusts nlmsg_len; *out is reset first */
	memset(&out, 0xa5, sizeof(out));
	assert_int_equal(nstrack_netns_sockets_parse(nlh, &out), 0);
	assert_msg_equal(&out, &m);
	nstrack_netns_sockets_free(&out);

	/* u64 without the kernel's PAD, attributes in another order */
	nlh = test_put_genl_header(buf.b, NSTRACK_CMD_SOCKETS_GET, 0);
	mnl_attr_put_u32(nlh, NSTRACK_A_NETNS_INODE, 1);
	{
		struct nlattr *nest = mnl_attr_nest_start(nlh,
							  NSTRACK_A_NETNS_SOCKETS);

		put_proto(nlh, "PACKET", 3);
		mnl_attr_put_u32(nlh, NSTRACK_A_SOCKETS_TOTAL, 0);
		mnl_attr_nest_end(nlh, nest);
	}
	mnl_attr_put_u64(nlh, NSTRACK_A_NETNS_COOKIE, UINT64_MAX - 1);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
	assert_true(out.cookie == UINT64_MAX - 1);
	assert_int_equal(out.inode, 1);
	assert_int_equal(out.s.total, 0);
	assert_false(out.s.has_tcp_time_wait);
	assert_int_equal(out.s.nprotos, 1);
	assert_string_equal(out.s.protos[0].name, "PACKET");
	assert_int_equal(out.s.protos[0].inuse, 3);
	nstrack_netns_sockets_free(&out);
}

static void protocol_lists(void **state)
{
	struct nstrack_netns_sockets out;
	union test_buf buf;
	struct nlmsghdr *nlh;
	struct msg m;

	(void)state;
	/* none at all (a kernel without any of the probed families) */
	full_msg(&m);
	m.nprotos = 0;
	nlh = put_msg(buf.b, &m, 0, 0);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
	assert_int_equal(out.s.nprotos, 0);
	assert_null(out.s.protos);
	assert_int_equal(out.s.total, m.total);

	/* any set, in the order sent (not sorted) */
	m.nprotos = 3;
	m.name[0] = "UNIX";
	m.name[1] = "TCP";
	m.name[2] = "NETLINK";
	m.inuse[0] = 9;
	m.inuse[1] = 0;
	m.inuse[2] = 4;
	nlh = put_msg(buf.b, &m, 0, 0);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
	assert_msg_equal(&out, &m);
	nstrack_netns_sockets_free(&out);

	/* a repeated name (UNIX stream and datagram sharing one struct
	 * proto on older kernels): the first one stays, in its place */
	m.nprotos = 4;
	m.name[3] = "TCP";
	m.inuse[3] = 99;
	nlh = put_msg(buf.b, &m, 0, 0);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
	m.nprotos = 3;
	assert_msg_equal(&out, &m);
	nstrack_netns_sockets_free(&out);
}

static void missing_mandatory_attribute_rejected(void **state)
{
	static const uint32_t mandatory[] = {
		M_COOKIE, M_INODE, M_SOCKETS, M_TOTAL,
	};
	union test_buf buf;
	struct nlmsghdr *nlh;
	struct msg m;
	size_t i;

	(void)state;
	full_msg(&m);
	for (i = 0; i < sizeof(mandatory) / sizeof(mandatory[0]); i++) {
		nlh = put_msg(buf.b, &m, mandatory[i], 0);
		assert_int_equal(parse_status(nlh), -EINVAL);
	}
	/* TIME_WAIT is optional */
	m.has_tw = false;
	nlh = put_msg(buf.b, &m, 0, 0);
	assert_int_equal(parse_status(nlh), 0);
	/* only the header */
	nlh = test_put_genl_header(buf.b, NSTRACK_CMD_SOCKETS_GET, 0);
	assert_int_equal(parse_status(nlh), -EINVAL);
}

/* a full message whose SOCKETS nest gets one more PROTO nest built by fn */
static int parse_with_proto(void (*fn)(struct nlmsghdr *nlh, const void *arg),
			    const void *arg)
{
	union test_buf buf;
	struct nlmsghdr *nlh;
	struct nlattr *nest, *proto;
	struct msg m;

	full_msg(&m);
	nlh = put_head(buf.b, &m, 0, 0);
	nest = mnl_attr_nest_start(nlh, NSTRACK_A_NETNS_SOCKETS);
	put_counts(nlh, &m, 0);		/* so protos are allocated first */
	proto = mnl_attr_nest_start(nlh, NSTRACK_A_SOCKETS_PROTO);
	fn(nlh, arg);
	mnl_attr_nest_end(nlh, proto);
	mnl_attr_nest_end(nlh, nest);
	return parse_status(nlh);
}

static void only_name(struct nlmsghdr *nlh, const void *arg)
{
	mnl_attr_put_strz(nlh, NSTRACK_A_PROTO_NAME, arg);
}

static void only_inuse(struct nlmsghdr *nlh, const void *arg)
{
	(void)arg;
	mnl_attr_put_u32(nlh, NSTRACK_A_PROTO_INUSE, 1);
}

static void nothing(struct nlmsghdr *nlh, const void *arg)
{
	(void)nlh;
	(void)arg;
}

static void name_and_inuse(struct nlmsghdr *nlh, const void *arg)
{
	mnl_attr_put_strz(nlh, NSTRACK_A_PROTO_NAME, arg);
	mnl_attr_put_u32(nlh, NSTRACK_A_PROTO_INUSE, 1);
}

/* one attribute of the given type and raw content; the other one normal */
struct raw {
	uint16_t type;
	size_t len;
	const void *data;
};

static void name_and_raw(struct nlmsghdr *nlh, const void *arg)
{
	const struct raw *r = arg;

	if (r->type != NSTRACK_A_PROTO_NAME)
		mnl_attr_put_strz(nlh, NSTRACK_A_PROTO_NAME, "SCTP");
	mnl_attr_put(nlh, r->type, r->len, r->data);
	if (r->type != NSTRACK_A_PROTO_INUSE)
		mnl_attr_put_u32(nlh, NSTRACK_A_PROTO_INUSE, 1);
}

static void bad_proto_nest_rejected(void **state)
{
	(void)state;
	/* the helper itself builds a good one */
	assert_int_equal(parse_with_proto(name_and_inuse, "SCTP"), 0);
	assert_int_equal(parse_with_proto(only_name, "SCTP"), -EINVAL);
	assert_int_equal(parse_with_proto(only_inuse, NULL), -EINVAL);
	assert_int_equal(parse_with_proto(nothing, NULL), -EINVAL);
	/* names that cannot be a column header or a JSON key */
	assert_int_equal(parse_with_proto(name_and_inuse, ""), -EINVAL);
	assert_int_equal(parse_with_proto(name_and_inuse, "UDP Lite"), -EINVAL);
	assert_int_equal(parse_with_proto(name_and_inuse, "TAB\t"), -EINVAL);
	assert_int_equal(parse_with_proto(name_and_inuse, "caf\xc3\xa9"), -EINVAL);
	assert_int_equal(parse_with_proto(name_and_inuse, "DEL\x7f"), -EINVAL);
	assert_int_equal(parse_with_proto(name_and_inuse, "UDPLITEv6"), 0);
}

static void wrong_lengths_rejected(void **state)
{
	const char zero[16] = { 0 };
	struct raw r;
	union test_buf buf;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct msg m;
	static const size_t bad32[] = { 0, 2, 8 }, bad64[] = { 0, 4, 16 };
	size_t i;

	(void)state;
	full_msg(&m);
	/* top level: COOKIE u64, INODE u32, SOCKETS not a nest */
	for (i = 0; i < 3; i++) {
		nlh = put_msg(buf.b, &m, M_COOKIE, 0);
		mnl_attr_put(nlh, NSTRACK_A_NETNS_COOKIE, bad64[i], zero);
		assert_int_equal(parse_status(nlh), -EINVAL);
		nlh = put_msg(buf.b, &m, M_INODE, 0);
		mnl_attr_put(nlh, NSTRACK_A_NETNS_INODE, bad32[i], zero);
		assert_int_equal(parse_status(nlh), -EINVAL);
	}
	nlh = put_msg(buf.b, &m, M_COOKIE, 0);
	mnl_attr_put(nlh, NSTRACK_A_NETNS_COOKIE, 8, zero);
	assert_int_equal(parse_status(nlh), 0);
	nlh = put_msg(buf.b, &m, M_SOCKETS, 0);
	mnl_attr_put(nlh, NSTRACK_A_NETNS_SOCKETS, 2, zero);
	assert_int_equal(parse_status(nlh), -EINVAL);
	nlh = put_msg(buf.b, &m, M_SOCKETS, 0);
	mnl_attr_put(nlh, NSTRACK_A_NETNS_SOCKETS, 0, NULL);
	assert_int_equal(parse_status(nlh), -EINVAL);	/* no TOTAL */

	/* in the nest: TOTAL and TCP_TIME_WAIT are u32 */
	for (i = 0; i < 3; i++) {
		nlh = put_head(buf.b, &m, 0, 0);
		nest = mnl_attr_nest_start(nlh, NSTRACK_A_NETNS_SOCKETS);
		put_counts(nlh, &m, M_TOTAL);
		mnl_attr_put(nlh, NSTRACK_A_SOCKETS_TOTAL, bad32[i], zero);
		mnl_attr_nest_end(nlh, nest);
		assert_int_equal(parse_status(nlh), -EINVAL);

		nlh = put_head(buf.b, &m, 0, 0);
		nest = mnl_attr_nest_start(nlh, NSTRACK_A_NETNS_SOCKETS);
		mnl_attr_put_u32(nlh, NSTRACK_A_SOCKETS_TOTAL, 1);
		mnl_attr_put(nlh, NSTRACK_A_SOCKETS_TCP_TIME_WAIT, bad32[i], zero);
		mnl_attr_nest_end(nlh, nest);
		assert_int_equal(parse_status(nlh), -EINVAL);
	}
	/* a PROTO that is not a nest */
	nlh = put_head(buf.b, &m, 0, 0);
	nest = mnl_attr_nest_start(nlh, NSTRACK_A_NETNS_SOCKETS);
	mnl_attr_put_u32(nlh, NSTRACK_A_SOCKETS_TOTAL, 1);
	mnl_attr_put(nlh, NSTRACK_A_SOCKETS_PROTO, 2, zero);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(parse_status(nlh), -EINVAL);

	/* in a PROTO nest: INUSE u32, NAME NUL-terminated */
	for (i = 0; i < 3; i++) {
		r = (struct raw){ NSTRACK_A_PROTO_INUSE, bad32[i], zero };
		assert_int_equal(parse_with_proto(name_and_raw, &r), -EINVAL);
	}
	r = (struct raw){ NSTRACK_A_PROTO_INUSE, 4, zero };
	assert_int_equal(parse_with_proto(name_and_raw, &r), 0);
	r = (struct raw){ NSTRACK_A_PROTO_NAME, 4, "SCTP" };
	assert_int_equal(parse_with_proto(name_and_raw, &r), -EINVAL);
	r = (struct raw){ NSTRACK_A_PROTO_NAME, 0, NULL };
	assert_int_equal(parse_with_proto(name_and_raw, &r), -EINVAL);
	/* NUL padding after the name is fine */
	r = (struct raw){ NSTRACK_A_PROTO_NAME, 8, "SCTP\0\0\0" };
	assert_int_equal(parse_with_proto(name_and_raw, &r), 0);
}

static void name_lengths(void **state)
{
	char name[NSTRACK_PROTO_NAME_LEN + 2];
	struct nstrack_netns_sockets out;
	union test_buf buf;
	struct nlmsghdr *nlh;
	struct msg m;

	(void)state;
	/* NSTRACK_PROTO_NAME_LEN bytes with the NUL: the longest there is */
	memset(name, 'P', sizeof(name));
	name[NSTRACK_PROTO_NAME_LEN - 1] = '\0';
	full_msg(&m);
	m.nprotos = 1;
	m.name[0] = name;
	nlh = put_msg(buf.b, &m, 0, 0);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
	assert_int_equal(strlen(out.s.protos[0].name), NSTRACK_PROTO_NAME_LEN - 1);
	assert_string_equal(out.s.protos[0].name, name);
	nstrack_netns_sockets_free(&out);

	/* one more character is too long */
	name[NSTRACK_PROTO_NAME_LEN - 1] = 'P';
	name[NSTRACK_PROTO_NAME_LEN] = '\0';
	nlh = put_msg(buf.b, &m, 0, 0);
	assert_int_equal(parse_status(nlh), -EINVAL);
	/* NUL padding counts too: up to the limit, not past it */
	memset(name, 0, sizeof(name));
	strcpy(name, "TCP");
	assert_int_equal(parse_with_proto(name_and_raw, &(struct raw){
		NSTRACK_A_PROTO_NAME, NSTRACK_PROTO_NAME_LEN, name }), 0);
	assert_int_equal(parse_with_proto(name_and_raw, &(struct raw){
		NSTRACK_A_PROTO_NAME, NSTRACK_PROTO_NAME_LEN + 1, name }),
		-EINVAL);
}

static void unknown_attributes_ignored(void **state)
{
	const char junk[13] = "not-a-number";
	struct nstrack_netns_sockets out;
	union test_buf buf;
	struct nlmsghdr *nlh;
	struct nlattr *nest, *proto;
	struct msg m;
	size_t i;

	(void)state;
	full_msg(&m);
	nlh = test_put_genl_header(buf.b, NSTRACK_CMD_SOCKETS_GET, 0);
	/* top level: newer attributes, UNSPEC, PAD, other NETNS ones */
	mnl_attr_put(nlh, NSTRACK_A_NETNS_MAX + 1, sizeof(junk), junk);
	test_put_u64(nlh, NSTRACK_A_NETNS_COOKIE, m.cookie);
	mnl_attr_put(nlh, NSTRACK_A_NETNS_UNSPEC, 3, "abc");
	mnl_attr_put(nlh, NSTRACK_A_NETNS_PAD, 12, junk);
	mnl_attr_put_u32(nlh, NSTRACK_A_NETNS_INODE, m.inode);
	mnl_attr_put(nlh, NSTRACK_A_NETNS_STATE, 5, junk);
	nest = mnl_attr_nest_start(nlh, NSTRACK_A_NETNS_SOCKETS);
	/* in the nest */
	mnl_attr_put(nlh, NSTRACK_A_SOCKETS_UNSPEC, 1, "x");
	mnl_attr_put_u32(nlh, NSTRACK_A_SOCKETS_TOTAL, m.total);
	mnl_attr_put_u64(nlh, NSTRACK_A_SOCKETS_MAX + 1, 7);
	mnl_attr_put_u32(nlh, NSTRACK_A_SOCKETS_TCP_TIME_WAIT, m.tw);
	for (i = 0; i < m.nprotos; i++) {
		proto = mnl_attr_nest_start(nlh, NSTRACK_A_SOCKETS_PROTO);
		/* in each PROTO nest */
		mnl_attr_put(nlh, NSTRACK_A_PROTO_MAX + 1, sizeof(junk), junk);
		mnl_attr_put_u32(nlh, NSTRACK_A_PROTO_INUSE, m.inuse[i]);
		mnl_attr_put(nlh, NSTRACK_A_PROTO_UNSPEC, 2, "yy");
		mnl_attr_put_strz(nlh, NSTRACK_A_PROTO_NAME, m.name[i]);
		mnl_attr_put(nlh, 0x3fff, 0, NULL);
		mnl_attr_nest_end(nlh, proto);
	}
	mnl_attr_put(nlh, 0x3fff, 0, NULL);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u64(nlh, NSTRACK_A_NETNS_MAX + 9, 1);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
	assert_msg_equal(&out, &m);
	nstrack_netns_sockets_free(&out);
}

static void overruns_and_bad_headers_rejected(void **state)
{
	struct nstrack_netns_sockets out;
	union test_buf buf;
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;
	struct nlattr *nest, *last;
	struct msg m;

	(void)state;
	full_msg(&m);

	/* another command: a NETNS_GET answer is not a SOCKETS_GET one */
	nlh = put_msg(buf.b, &m, 0, 0);
	genl = mnl_nlmsg_get_payload(nlh);
	genl->cmd = NSTRACK_CMD_NETNS_GET;
	assert_int_equal(parse_status(nlh), -EINVAL);
	genl->cmd = NSTRACK_CMD_SOCKETS_GET;
	assert_int_equal(parse_status(nlh), 0);

	/* the last PROTO's INUSE claims more than the nests hold */
	nest = (struct nlattr *)((char *)nlh + nlh->nlmsg_len - 8);
	assert_int_equal(mnl_attr_get_type(nest), NSTRACK_A_PROTO_INUSE);
	nest->nla_len = 12;
	assert_int_equal(parse_status(nlh), -EINVAL);
	/* even if the outer nest and the message are made to cover it */
	nlh = put_head(buf.b, &m, 0, 0);
	nest = mnl_attr_nest_start(nlh, NSTRACK_A_NETNS_SOCKETS);
	put_counts(nlh, &m, 0);
	last = (struct nlattr *)((char *)nlh + nlh->nlmsg_len - 8);
	last->nla_len = 12;
	mnl_attr_put_u32(nlh, 200, 0);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(parse_status(nlh), -EINVAL);

	/* the SOCKETS nest longer than the message */
	nlh = put_msg(buf.b, &m, 0, 0);
	nest = mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN);
	while (mnl_attr_get_type(nest) != NSTRACK_A_NETNS_SOCKETS)
		nest = (struct nlattr *)((char *)nest + MNL_ALIGN(nest->nla_len));
	nest->nla_len += 4;
	assert_int_equal(parse_status(nlh), -EINVAL);
	/* or shorter than its content: its last bytes look like junk */
	nest->nla_len -= 8;
	assert_int_equal(parse_status(nlh), -EINVAL);

	/* trailing bytes too few for an attribute */
	nlh = put_msg(buf.b, &m, 0, 0);
	memset((char *)nlh + nlh->nlmsg_len, 0, 4);
	nlh->nlmsg_len += 2;
	assert_int_equal(parse_status(nlh), -EINVAL);

	/* headers */
	nlh = put_msg(buf.b, &m, 0, 0);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 2;
	assert_int_equal(nstrack_netns_sockets_parse(nlh, &out), -EINVAL);
	assert_int_equal(nstrack_netns_sockets_parse(NULL, &out), -EINVAL);
	assert_int_equal(nstrack_netns_sockets_parse_buf(NULL, 64, &out), -EINVAL);
	nlh->nlmsg_len = sizeof(buf.b) + 1;
	assert_int_equal(nstrack_netns_sockets_parse_buf(buf.b, sizeof(buf.b),
							 &out), -EINVAL);
}

static bool in_list(const size_t *v, size_t n, size_t x)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

/*
 * Cut the message at every length, three ways: the header still claiming
 * the full length (must fail unless nothing was cut); the header shrunk
 * to the cut (the SOCKETS nest then overruns it: must fail); and both the
 * header and the SOCKETS nest shrunk to the cut, which must parse exactly
 * when the cut falls between two attributes of the nest after TOTAL, and
 * then give a prefix of the protocols.
 */
static void truncation_at_every_length(void **state)
{
	struct nstrack_netns_sockets out;
	union test_buf buf;
	struct nlmsghdr *nlh;
	struct nlattr *nest, *attr;
	size_t ends[256], nends = 0, proto_end[16], nproto = 0;
	size_t full, nest_off, total_end = 0, n, i;
	unsigned int parsed = 0;
	struct msg m;

	(void)state;
	full_msg(&m);
	nlh = put_msg(buf.b, &m, 0, 0);
	full = nlh->nlmsg_len;
	nest = (struct nlattr *)((char *)nlh + full);
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(attr) == NSTRACK_A_NETNS_SOCKETS)
			nest = attr;
	nest_off = (size_t)((char *)nest - buf.b);
	/* the nest comes last, so that shrinking it cuts the message */
	assert_int_equal(nest_off + nest->nla_len, full);

	mnl_attr_for_each_nested(attr, nest) {
		size_t off = (size_t)((char *)attr - buf.b), end;

		for (end = off + attr->nla_len;
		     end <= off + MNL_ALIGN(attr->nla_len); end++) {
			assert_true(nends < 256);
			ends[nends++] = end;
		}
		if (mnl_attr_get_type(attr) == NSTRACK_A_SOCKETS_TOTAL)
			total_end = off + attr->nla_len;
		if (mnl_attr_get_type(attr) == NSTRACK_A_SOCKETS_PROTO)
			proto_end[nproto++] = off + attr->nla_len;
	}
	assert_int_equal(nproto, NKPROTOS);
	assert_true(total_end > nest_off);

	for (n = 0; n <= full; n++) {
		char *copy = malloc(n ? n : 1);
		struct nlmsghdr *c = (struct nlmsghdr *)copy;
		int ret;

		assert_non_null(copy);
		memcpy(copy, buf.b, n);
		ret = nstrack_netns_sockets_parse_buf(copy, n, &out);
		assert_int_equal(ret, n == full ? 0 : -EINVAL);
		if (!ret)
			assert_msg_equal(&out, &m);
		nstrack_netns_sockets_free(&out);

		if (n >= sizeof(struct nlmsghdr)) {
			c->nlmsg_len = (uint32_t)n;
			ret = nstrack_netns_sockets_parse_buf(copy, n, &out);
			assert_int_equal(ret, n == full ? 0 : -EINVAL);
			nstrack_netns_sockets_free(&out);
		}
		if (n >= nest_off + MNL_ATTR_HDRLEN) {
			((struct nlattr *)(copy + nest_off))->nla_len =
				(uint16_t)(n - nest_off);
			ret = nstrack_netns_sockets_parse_buf(copy, n, &out);
			if (in_list(ends, nends, n) && n >= total_end) {
				assert_int_equal(ret, 0);
				parsed++;
				assert_true(out.cookie == m.cookie);
				assert_int_equal(out.s.total, m.total);
				for (i = 0; i < nproto && proto_end[i] <= n; i++)
					;
				assert_int_equal(out.s.nprotos, i);
				for (i = 0; i < out.s.nprotos; i++) {
					assert_string_equal(out.s.protos[i].name,
							    m.name[i]);
					assert_int_equal(out.s.protos[i].inuse,
							 m.inuse[i]);
				}
			} else {
				assert_int_equal(ret, -EINVAL);
				assert_null(out.s.protos);
			}
			nstrack_netns_sockets_free(&out);
		}
		free(copy);
	}
	/* after TOTAL: TIME_WAIT and each PROTO, with their padding */
	assert_true(parsed >= 1 + NKPROTOS);
}

/* ---- output ---- */

static FILE *cap;
static char *cap_buf;
static size_t cap_len;

static void cap_start(bool json)
{
	cap = open_memstream(&cap_buf, &cap_len);
	assert_non_null(cap);
	print_init(cap, json, false);
}

static const char *cap_finish(void)
{
	assert_int_equal(print_finish(), 0);
	fflush(cap);
	return cap_buf;
}

static int cap_teardown(void **state)
{
	(void)state;
	print_discard();
	if (cap)
		fclose(cap);
	cap = NULL;
	free(cap_buf);
	cap_buf = NULL;
	return 0;
}

static json_t *parse_json(const char *text)
{
	json_error_t jerr;
	json_t *v = json_loads(text, 0, &jerr);

	if (!v)
		fail_msg("invalid JSON (%s): %s", jerr.text, text);
	return v;
}

static char name_blue[] = "blue", name_red[] = "red";
static struct nstrack_name name_v[2] = {
	{ 4026532281u, name_blue }, { 4026532281u, name_red },
};
static const struct nstrack_names names = { name_v, 2 };

static struct nstrack_proto_count protos_a[3] = {
	{ "TCP", 5 }, { "UDPv6", 0 }, { "UNIX-STREAM", 4000000000u },
};
static struct nstrack_proto_count protos_b[3] = {
	{ "TCP", 0 }, { "UDPv6", 12 }, { "UNIX-STREAM", 7 },
};

/* a named namespace with every count, and an unnamed one without TW */
static void two_records(struct nstrack_netns_sockets v[2])
{
	memset(v, 0, 2 * sizeof(*v));
	v[0].cookie = 0x0123456789abcdefULL;
	v[0].inode = 4026532281u;
	v[0].s.total = 4000000009u;
	v[0].s.has_tcp_time_wait = true;
	v[0].s.tcp_time_wait = 3;
	v[0].s.protos = protos_a;
	v[0].s.nprotos = 3;
	v[1].cookie = 1;
	v[1].inode = 4026531840u;
	v[1].s.total = 19;
	v[1].s.protos = protos_b;
	v[1].s.nprotos = 3;
}

static const char *const row_keys[] = {
	"cookie", "inode", "names", "total", "by_protocol", "tcp_time_wait",
};

static json_int_t jint(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_integer(v))
		fail_msg("%s is not an integer", key);
	return json_integer_value(v);
}

static void sockets_json(void **state)
{
	struct nstrack_netns_sockets v[2];
	const struct nstrack_proto_count *want;
	json_t *arr, *o, *bp, *nm, *val;
	const char *text, *key;
	size_t i, k;

	(void)state;
	two_records(v);
	cap_start(true);
	assert_int_equal(nstrack_print_sockets(v, 2, &names), 0);
	text = cap_finish();
	arr = parse_json(text);
	assert_true(json_is_array(arr));
	assert_int_equal(json_array_size(arr), 2);
	for (i = 0; i < 2; i++) {
		o = json_array_get(arr, i);
		assert_true(json_is_object(o));
		for (k = 0; k < sizeof(row_keys) / sizeof(row_keys[0]); k++)
			if (!json_object_get(o, row_keys[k]))
				fail_msg("key %s missing", row_keys[k]);
		assert_int_equal(json_object_size(o),
				 sizeof(row_keys) / sizeof(row_keys[0]));
		assert_true(jint(o, "cookie") == (json_int_t)v[i].cookie);
		assert_true(jint(o, "inode") == v[i].inode);
		assert_true(jint(o, "total") == v[i].s.total);
		assert_true(json_is_array(json_object_get(o, "names")));

		/* by_protocol: name -> count, exactly those sent, in order */
		bp = json_object_get(o, "by_protocol");
		assert_true(json_is_object(bp));
		assert_int_equal(json_object_size(bp), 3);
		k = 0;
		json_object_foreach(bp, key, val) {
			want = &v[i].s.protos[k++];
			assert_string_equal(key, want->name);
			assert_true(json_is_integer(val));
			assert_true(json_integer_value(val) == want->inuse);
		}
		assert_int_equal(k, 3);
	}
	/* the order is also the text's */
	assert_true(strstr(text, "\"TCP\"") < strstr(text, "\"UDPv6\""));
	assert_true(strstr(text, "\"UDPv6\"") < strstr(text, "\"UNIX-STREAM\""));

	o = json_array_get(arr, 0);
	nm = json_object_get(o, "names");
	assert_int_equal(json_array_size(nm), 2);
	assert_string_equal(json_string_value(json_array_get(nm, 0)), "blue");
	assert_string_equal(json_string_value(json_array_get(nm, 1)), "red");
	assert_true(json_is_integer(json_object_get(o, "tcp_time_wait")));
	assert_true(jint(o, "tcp_time_wait") == 3);
	assert_true(jint(json_object_get(o, "by_protocol"), "UNIX-STREAM") ==
		    4000000000LL);

	o = json_array_get(arr, 1);
	assert_int_equal(json_array_size(json_object_get(o, "names")), 0);
	assert_true(json_is_null(json_object_get(o, "tcp_time_wait")));
	assert_true(jint(json_object_get(o, "by_protocol"), "UDPv6") == 12);
	json_decref(arr);
	cap_teardown(NULL);

	/* no protocols: an empty object, not null; nothing: an empty array */
	v[1].s.nprotos = 0;
	v[1].s.protos = NULL;
	cap_start(true);
	assert_int_equal(nstrack_print_sockets(&v[1], 1, NULL), 0);
	arr = parse_json(cap_finish());
	bp = json_object_get(json_array_get(arr, 0), "by_protocol");
	assert_true(json_is_object(bp));
	assert_int_equal(json_object_size(bp), 0);
	json_decref(arr);
	cap_teardown(NULL);
	cap_start(true);
	assert_int_equal(nstrack_print_sockets(NULL, 0, NULL), 0);
	assert_string_equal(cap_finish(), "[]\n");
}

static void sockets_text(void **state)
{
	struct nstrack_netns_sockets v[2];
	struct nstrack_proto_count other[2] = { { "PACKET", 1 }, { "TCP", 2 } };

	(void)state;
	two_records(v);
	cap_start(false);
	assert_int_equal(nstrack_print_sockets(v, 2, &names), 0);
	assert_string_equal(cap_finish(),
		"NETNS       NAMES     TOTAL       TCP  UDPv6  UNIX-STREAM  TW\n"
		"4026532281  blue,red  4000000009  5    0      4000000000   3\n"
		"4026531840  -         19          0    12     7            -\n");
	cap_teardown(NULL);

	/* the header follows the module's list, whatever it is */
	v[0].s.protos = other;
	v[0].s.nprotos = 2;
	cap_start(false);
	assert_int_equal(nstrack_print_sockets(v, 1, NULL), 0);
	assert_string_equal(cap_finish(),
		"NETNS       NAMES  TOTAL       PACKET  TCP  TW\n"
		"4026532281  -      4000000009  1       2    3\n");
	cap_teardown(NULL);

	/*
	 * lists that differ between namespaces (not what the module does):
	 * new names are appended, missing counts are '-'
	 */
	cap_start(false);
	assert_int_equal(nstrack_print_sockets(v, 2, NULL), 0);
	assert_string_equal(cap_finish(),
		"NETNS       NAMES  TOTAL       PACKET  TCP  UDPv6  UNIX-STREAM  TW\n"
		"4026532281  -      4000000009  1       2    -      -            3\n"
		"4026531840  -      19          -       0    12     7            -\n");
	cap_teardown(NULL);

	cap_start(false);
	assert_int_equal(nstrack_print_sockets(NULL, 0, NULL), 0);
	assert_string_equal(cap_finish(), "NETNS  NAMES  TOTAL  TW\n");
}

/* ---- the sockets command over the fake kernel ---- */

static void add_msg(size_t b, uint64_t cookie, uint32_t inode, uint32_t total,
		    uint16_t flags)
{
	struct nlmsghdr *nlh;
	struct msg m;

	full_msg(&m);
	m.cookie = cookie;
	m.inode = inode;
	m.total = total;
	nlh = put_msg(batch_tail(b), &m, 0, flags);
	batch_commit(b, nlh);
}

static void add_netns_reply(size_t b, uint64_t cookie, uint8_t state)
{
	struct nstrack_netns ns;
	struct nlmsghdr *nlh;

	test_full_record(&ns);
	ns.cookie = cookie;
	ns.state = state;
	nlh = test_put_record(batch_tail(b), &ns, 0, 0);
	batch_commit(b, nlh);
}

static void sockets_command_all(void **state)
{
	struct nstrack_nl *nl = *state;
	struct nstrack_opts o = { .json = true };
	json_t *arr, *bp;
	struct out out;
	size_t b, i;

	b = new_batch();
	add_msg(b, 1, 4026531840u, 300, NLM_F_MULTI);
	add_msg(b, 9, 4026532999u, 7, NLM_F_MULTI);
	b = new_batch();
	add_msg(b, 4, 4026532001u, 2, NLM_F_MULTI);
	add_done(b, 0, 0, NULL);
	out_open(&out);
	assert_int_equal(nstrack_sockets_run(nl, &o, NULL, NULL, NO_NAMES,
					     out.f), 0);
	assert_string_equal(test_err_text(), "");

	/* one request: a SOCKETS_GET dump without any attribute */
	assert_int_equal(fk->nsent, 1);
	assert_int_equal(req_cmd(sent()), NSTRACK_CMD_SOCKETS_GET);
	assert_int_equal(sent()->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	assert_int_equal(req_nattrs(sent()), 0);

	/* the module's order, not sorted */
	arr = parse_json(out_text(&out));
	assert_int_equal(json_array_size(arr), 3);
	assert_true(jint(json_array_get(arr, 0), "cookie") == 1);
	assert_true(jint(json_array_get(arr, 1), "cookie") == 9);
	assert_true(jint(json_array_get(arr, 2), "cookie") == 4);
	assert_true(jint(json_array_get(arr, 0), "total") == 300);
	for (i = 0; i < 3; i++) {
		bp = json_object_get(json_array_get(arr, i), "by_protocol");
		assert_int_equal(json_object_size(bp), NKPROTOS);
		assert_true(jint(bp, "UNIX") == 7001);
		assert_true(jint(bp, "TCP") == UINT32_MAX);
	}
	json_decref(arr);
	out_close(&out);
}

static void sockets_command_of_one_namespace(void **state)
{
	struct nstrack_nl *nl = *state;
	struct nstrack_selector sel = { NSTRACK_A_NETNS_PID, 4242 };
	struct nstrack_opts o = { 0 };
	const struct nlattr *attr;
	struct nlmsghdr *req;
	struct out out;
	size_t b;

	/* the namespace of pid 4242 has cookie 0xfedcba9876543210 */
	b = new_batch();
	add_netns_reply(b, 0xfedcba9876543210ULL, NSTRACK_NETNS_STATE_ALIVE);
	add_error(b, 0, true, NULL);
	b = new_batch();
	add_msg(b, 0xfedcba9876543210ULL, 4026532281u, 11, NLM_F_MULTI);
	add_done(b, 0, 0, NULL);
	out_open(&out);
	assert_int_equal(nstrack_sockets_run(nl, &o, &sel, "pid:4242", NO_NAMES,
					     out.f), 0);
	assert_string_equal(test_err_text(), "");
	assert_int_equal(fk->nsent, 2);

	/* first the NETNS_GET "do" with the selector, as "show" sends it */
	req = sent_nth(0);
	assert_int_equal(req_cmd(req), NSTRACK_CMD_NETNS_GET);
	assert_int_equal(req->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	assert_int_equal(req_nattrs(req), 1);
	attr = mnl_nlmsg_get_payload_offset(req, GENL_HDRLEN);
	assert_int_equal(mnl_attr_get_type(attr), NSTRACK_A_NETNS_PID);
	assert_int_equal(mnl_attr_get_u32(attr), 4242);

	/* then the dump, filtered by that cookie, a u64 */
	req = sent_nth(1);
	assert_int_equal(req_cmd(req), NSTRACK_CMD_SOCKETS_GET);
	assert_int_equal(req->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	assert_int_equal(req_nattrs(req), 1);
	attr = mnl_nlmsg_get_payload_offset(req, GENL_HDRLEN);
	assert_int_equal(mnl_attr_get_type(attr), NSTRACK_A_NETNS_COOKIE);
	assert_int_equal(mnl_attr_get_payload_len(attr), 8);
	assert_true(mnl_attr_get_u64(attr) == 0xfedcba9876543210ULL);

	assert_string_equal(out_text(&out),
		"NETNS       NAMES  TOTAL  TCP         UDP   RAW   TCPv6  UDPv6  RAWv6  UNIX-STREAM  UNIX  NETLINK  PACKET  TW\n"
		"4026532281  -      11     4294967295  1001  2001  3001   4001   5001   6001         7001  8001     9001    2147483655\n");
	out_close(&out);
}

static void sockets_command_failures_print_nothing(void **state)
{
	struct nstrack_nl *nl = *state;
	struct nstrack_selector sel = { NSTRACK_A_NETNS_INODE, 77 };
	struct nstrack_opts o = { .json = true };
	union test_buf tmp;
	struct nlmsghdr *nlh;
	struct out out;
	struct msg m;
	size_t b;

	/* an unknown namespace: no dump is even asked for */
	add_error(new_batch(), -ENOENT, true, NULL);
	out_open(&out);
	assert_int_equal(nstrack_sockets_run(nl, &o, &sel, "inode:77", NO_NAMES,
					     out.f), 1);
	assert_string_equal(out_text(&out), "");
	assert_string_equal(test_err_text(), "nstrack: no such namespace: inode:77\n");
	assert_int_equal(fk->nsent, 1);
	out_close(&out);

	/* a dead one has no counts: said so, and no dump either */
	test_err_start();
	b = new_batch();
	add_netns_reply(b, 5, NSTRACK_NETNS_STATE_DEAD);
	add_error(b, 0, true, NULL);
	out_open(&out);
	assert_int_equal(nstrack_sockets_run(nl, &o, &sel, "inode:77", NO_NAMES,
					     out.f), 1);
	assert_string_equal(out_text(&out), "");
	assert_string_equal(test_err_text(),
		"nstrack: inode:77: the namespace is dead: it has no sockets to count\n");
	assert_int_equal(fk->nsent, 2);
	out_close(&out);

	/* a malformed message after good ones (no leak of their protocols) */
	test_err_start();
	b = new_batch();
	add_msg(b, 1, 1, 1, NLM_F_MULTI);
	add_msg(b, 2, 2, 2, NLM_F_MULTI);
	full_msg(&m);
	nlh = put_msg(tmp.b, &m, M_TOTAL, NLM_F_MULTI);
	memcpy(batch_tail(b), nlh, nlh->nlmsg_len);
	batch_commit(b, nlh);
	add_done(b, 0, 0, NULL);
	out_open(&out);
	assert_int_equal(nstrack_sockets_run(nl, &o, NULL, NULL, NO_NAMES,
					     out.f), 1);
	assert_string_equal(out_text(&out), "");
	assert_string_equal(test_err_text(),
		"nstrack: cannot count sockets: malformed reply from the kernel\n");
	out_close(&out);

	/* a module without SOCKETS_GET */
	test_err_start();
	add_error(new_batch(), -EOPNOTSUPP, true, NULL);
	out_open(&out);
	assert_int_equal(nstrack_sockets_run(nl, &o, NULL, NULL, NO_NAMES,
					     out.f), 1);
	assert_string_equal(out_text(&out), "");
	assert_string_equal(test_err_text(),
		"nstrack: cannot count sockets: Operation not supported\n");
	out_close(&out);

	/* refused */
	test_err_start();
	add_error(new_batch(), -EPERM, true, NULL);
	out_open(&out);
	assert_int_equal(nstrack_sockets_run(nl, &o, NULL, NULL, NO_NAMES,
					     out.f), 1);
	assert_string_equal(out_text(&out), "");
	assert_string_equal(test_err_text(),
		"nstrack: permission denied (CAP_NET_ADMIN is required)\n");
	out_close(&out);
}

static void sockets_command_interrupted_dump(void **state)
{
	struct nstrack_nl *nl = *state;
	struct nstrack_opts o = { .json = true };
	struct out out;
	json_t *arr;
	size_t b;

	/* the first attempt's records (and their protocols) are dropped */
	b = new_batch();
	add_msg(b, 1, 1, 100, NLM_F_MULTI | NLM_F_DUMP_INTR);
	add_msg(b, 2, 2, 200, NLM_F_MULTI);
	add_done(b, 0, NLM_F_DUMP_INTR, NULL);
	b = new_batch();
	add_msg(b, 2, 2, 201, NLM_F_MULTI);
	add_done(b, 0, 0, NULL);
	out_open(&out);
	assert_int_equal(nstrack_sockets_run(nl, &o, NULL, NULL, NO_NAMES,
					     out.f), 0);
	arr = parse_json(out_text(&out));
	assert_int_equal(json_array_size(arr), 1);
	assert_true(jint(json_array_get(arr, 0), "total") == 201);
	json_decref(arr);
	assert_int_equal(fk->nsent, 2);
	assert_string_equal(test_err_text(), "");
	out_close(&out);
}

#define T(f) cmocka_unit_test(f)
#define TO(f) cmocka_unit_test_teardown(f, cap_teardown)
#define TF(f) cmocka_unit_test_setup_teardown(f, fake_setup, fake_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(full_message_round_trips),
		T(protocol_lists),
		T(missing_mandatory_attribute_rejected),
		T(bad_proto_nest_rejected),
		T(wrong_lengths_rejected),
		T(name_lengths),
		T(unknown_attributes_ignored),
		T(overruns_and_bad_headers_rejected),
		T(truncation_at_every_length),
		TO(sockets_json),
		TO(sockets_text),
		TF(sockets_command_all),
		TF(sockets_command_of_one_namespace),
		TF(sockets_command_failures_print_nothing),
		TF(sockets_command_interrupted_dump),
	};

	return cmocka_run_group_tests_name("sockets", tests, NULL, NULL);
}
