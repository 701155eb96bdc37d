// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: parsing of NSTRACK_CMD_HISTORY_GET replies (user/event.c),
 * their output (user/output.c) and the history command over the fake
 * kernel (user/cmd_history.c).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <jansson.h>
#include <linux/genetlink.h>

#include "cmd.h"
#include "event.h"
#include "fake.h"
#include "nsarg.h"
#include "output.h"
#include "print.h"
#include "testutil.h"

#define NO_NAMES "/nonexistent/nstrack-test-netns"

/* bit (1 << NSTRACK_A_EVENT_x) in put_event()'s omit mask */
#define EOMIT(a) (1u << NSTRACK_A_EVENT_##a)

#define INIT_INO	4026531840u
#define BLUE_INO	4026532281u
#define INIT_COOKIE	1ULL
#define BLUE_COOKIE	0x0123456789abcdefULL

static void endpoint(struct nstrack_endpoint *ep, uint64_t cookie,
		     uint32_t inode, uint32_t ifindex, const char *name)
{
	memset(ep, 0, sizeof(*ep));
	ep->present = true;
	ep->has_cookie = ep->has_inode = true;
	ep->cookie = cookie;
	ep->inode = inode;
	if (name) {
		ep->has_ifindex = ep->has_name = true;
		ep->ifindex = ifindex;
		strcpy(ep->name, name);
	}
}

static void base_event(struct nstrack_event *ev, uint8_t type)
{
	memset(ev, 0, sizeof(*ev));
	ev->seq = 77;
	ev->time_ns = 123456789012ULL;
	ev->type = type;
	ev->has_task = true;
	ev->task_pid = 4242;
	strcpy(ev->task_comm, "ip");
}

/* a device moved from init_net to blue, renamed on the way */
static void move_event(struct nstrack_event *ev)
{
	base_event(ev, NSTRACK_EVENT_DEV_MOVE);
	ev->has_reason = true;
	ev->reason = NSTRACK_REASON_USER;
	endpoint(&ev->from, INIT_COOKIE, INIT_INO, 50, "mv0");
	endpoint(&ev->to, BLUE_COOKIE, BLUE_INO, 0x80000001u, "mv0-longest-15c");
}

static void register_event(struct nstrack_event *ev)
{
	base_event(ev, NSTRACK_EVENT_DEV_REGISTER);
	ev->seq = 5;
	ev->has_reason = true;
	ev->reason = NSTRACK_REASON_REGISTER;
	endpoint(&ev->to, INIT_COOKIE, INIT_INO, 7, "dv-a");
}

static void unregister_event(struct nstrack_event *ev)
{
	base_event(ev, NSTRACK_EVENT_DEV_UNREGISTER);
	ev->seq = 6;
	ev->has_reason = true;
	ev->reason = NSTRACK_REASON_NETNS_EXIT;
	strcpy(ev->task_comm, "kworker/u4:1");
	endpoint(&ev->from, BLUE_COOKIE, BLUE_INO, 3, "br-a");
}

static void netns_event(struct nstrack_event *ev, uint8_t type)
{
	base_event(ev, type);
	ev->seq = 1;
	strcpy(ev->task_comm, "unshare");
	endpoint(&ev->netns, BLUE_COOKIE, BLUE_INO, 0, NULL);
}

static void put_endpoint(struct nlmsghdr *nlh, uint16_t type,
			 const struct nstrack_endpoint *ep)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);

	if (ep->has_cookie)
		test_put_u64(nlh, NSTRACK_A_ENDPOINT_COOKIE, ep->cookie);
	if (ep->has_inode)
		mnl_attr_put_u32(nlh, NSTRACK_A_ENDPOINT_INODE, ep->inode);
	if (ep->has_ifindex)
		mnl_attr_put_u32(nlh, NSTRACK_A_ENDPOINT_IFINDEX, ep->ifindex);
	if (ep->has_name)
		mnl_attr_put_strz(nlh, NSTRACK_A_ENDPOINT_NAME, ep->name);
	mnl_attr_nest_end(nlh, nest);
}

/* the attributes of ev in the kernel's order, minus those in omit */
static void put_event_attrs(struct nlmsghdr *nlh, const struct nstrack_event *ev,
			    uint32_t omit)
{
#define WANT(a) (!(omit & EOMIT(a)))
	if (WANT(SEQ))
		test_put_u64(nlh, NSTRACK_A_EVENT_SEQ, ev->seq);
	if (WANT(TIME_NS))
		test_put_u64(nlh, NSTRACK_A_EVENT_TIME_NS, ev->time_ns);
	if (WANT(TYPE))
		mnl_attr_put_u8(nlh, NSTRACK_A_EVENT_TYPE, ev->type);
	if (ev->has_task && WANT(TASK_PID))
		mnl_attr_put_u32(nlh, NSTRACK_A_EVENT_TASK_PID, ev->task_pid);
	if (ev->has_task && WANT(TASK_COMM))
		mnl_attr_put_strz(nlh, NSTRACK_A_EVENT_TASK_COMM, ev->task_comm);
	if (ev->netns.present && WANT(NETNS))
		put_endpoint(nlh, NSTRACK_A_EVENT_NETNS, &ev->netns);
	if (ev->has_reason && WANT(REASON))
		mnl_attr_put_u8(nlh, NSTRACK_A_EVENT_REASON, ev->reason);
	if (ev->from.present && WANT(FROM))
		put_endpoint(nlh, NSTRACK_A_EVENT_FROM, &ev->from);
	if (ev->to.present && WANT(TO))
		put_endpoint(nlh, NSTRACK_A_EVENT_TO, &ev->to);
#undef WANT
}

static struct nlmsghdr *put_event(void *buf, const struct nstrack_event *ev,
				  uint32_t omit, uint16_t flags)
{
	struct nlmsghdr *nlh = test_put_genl_header(buf, NSTRACK_CMD_HISTORY_GET,
						    flags);

	put_event_attrs(nlh, ev, omit);
	return nlh;
}

static void assert_endpoint_equal(const struct nstrack_endpoint *a,
				  const struct nstrack_endpoint *b)
{
	assert_int_equal(a->present, b->present);
	assert_int_equal(a->has_cookie, b->has_cookie);
	assert_true(a->cookie == b->cookie);
	assert_int_equal(a->has_inode, b->has_inode);
	assert_int_equal(a->inode, b->inode);
	assert_int_equal(a->has_ifindex, b->has_ifindex);
	assert_int_equal(a->ifindex, b->ifindex);
	assert_int_equal(a->has_name, b->has_name);
	assert_string_equal(a->name, b->name);
}

static void assert_event_equal(const struct nstrack_event *a,
			       const struct nstrack_event *b)
{
	assert_true(a->seq == b->seq);
	assert_true(a->time_ns == b->time_ns);
	assert_int_equal(a->type, b->type);
	assert_int_equal(a->has_reason, b->has_reason);
	assert_int_equal(a->reason, b->reason);
	assert_int_equal(a->has_task, b->has_task);
	assert_int_equal(a->task_pid, b->task_pid);
	assert_string_equal(a->task_comm, b->task_comm);
	assert_endpoint_equal(&a->netns, &b->netns);
	assert_endpoint_equal(&a->from, &b->from);
	assert_endpoint_equal(&a->to, &b->to);
}

/* parse a copy of exactly len bytes, so that ASan sees any over-read */
static int parse_copy(const void *buf, size_t len, struct nstrack_event *out)
{
	void *copy = malloc(len ? len : 1);
	int ret;

	assert_non_null(copy);
	memcpy(copy, buf, len);
	ret = nstrack_event_parse_buf(copy, len, out);
	free(copy);
	return ret;
}

/* ---- parsing ---- */

static void events_round_trip(void **state)
{
	struct nstrack_event in[5], out;
	union test_buf buf;
	struct nlmsghdr *nlh;
	size_t i;

	(void)state;
	move_event(&in[0]);
	register_event(&in[1]);
	unregister_event(&in[2]);
	netns_event(&in[3], NSTRACK_EVENT_NETNS_NEW);
	netns_event(&in[4], NSTRACK_EVENT_NETNS_EXIT);
	in[4].seq = UINT64_MAX;
	in[4].time_ns = UINT64_MAX - 1;
	for (i = 0; i < 5; i++) {
		nlh = put_event(buf.b, &in[i], 0, 0);
		assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
		assert_event_equal(&out, &in[i]);
		memset(&out, 0xa5, sizeof(out));
		assert_int_equal(nstrack_event_parse(nlh, &out), 0);
		assert_event_equal(&out, &in[i]);
	}
	/* the nests really were there */
	assert_true(in[0].from.present && in[0].to.present);
	assert_false(in[1].from.present);
	assert_false(in[2].to.present);
	assert_true(in[3].netns.present && !in[3].netns.has_name);

	/* nests with the NLA_F_NESTED bit or without it */
	nlh = put_event(buf.b, &in[0], EOMIT(TO), 0);
	{
		struct nlattr *nest = mnl_attr_nest_start(nlh, NSTRACK_A_EVENT_TO);

		mnl_attr_put_u32(nlh, NSTRACK_A_ENDPOINT_IFINDEX, 9);
		mnl_attr_nest_end(nlh, nest);
		nest->nla_type &= (uint16_t)~NLA_F_NESTED;
	}
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
	assert_true(out.to.present && out.to.has_ifindex && !out.to.has_name);
	assert_int_equal(out.to.ifindex, 9);
}

static void mandatory_and_optional_attributes(void **state)
{
	static const uint32_t mandatory[] = {
		EOMIT(SEQ), EOMIT(TIME_NS), EOMIT(TYPE),
	};
	static const uint32_t optional[] = {
		EOMIT(REASON), EOMIT(TASK_PID), EOMIT(TASK_COMM), EOMIT(FROM),
		EOMIT(TO), EOMIT(REASON) | EOMIT(TASK_PID) | EOMIT(TASK_COMM) |
		EOMIT(FROM) | EOMIT(TO),
	};
	struct nstrack_event in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;
	size_t i;

	(void)state;
	move_event(&in);
	for (i = 0; i < sizeof(mandatory) / sizeof(mandatory[0]); i++) {
		nlh = put_event(buf.b, &in, mandatory[i], 0);
		memset(&out, 0xa5, sizeof(out));
		assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), -EINVAL);
		assert_false(out.from.present);
		assert_int_equal(out.seq, 0);
	}
	for (i = 0; i < sizeof(optional) / sizeof(optional[0]); i++) {
		nlh = put_event(buf.b, &in, optional[i], 0);
		assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
		assert_true(out.seq == in.seq);
		assert_int_equal(out.has_reason, !(optional[i] & EOMIT(REASON)));
		assert_int_equal(out.has_task, !(optional[i] & EOMIT(TASK_PID)));
		assert_int_equal(out.from.present, !(optional[i] & EOMIT(FROM)));
		assert_int_equal(out.to.present, !(optional[i] & EOMIT(TO)));
		if (optional[i] & EOMIT(TASK_COMM))
			assert_string_equal(out.task_comm, "");
	}
	netns_event(&in, NSTRACK_EVENT_NETNS_NEW);
	nlh = put_event(buf.b, &in, EOMIT(NETNS), 0);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
	assert_false(out.netns.present);

	/* an empty nest is present, with nothing in it */
	nlh = put_event(buf.b, &in, EOMIT(NETNS), 0);
	mnl_attr_nest_end(nlh, mnl_attr_nest_start(nlh, NSTRACK_A_EVENT_NETNS));
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
	assert_true(out.netns.present);
	assert_false(out.netns.has_cookie || out.netns.has_inode);
}

/* a move event whose top-level attribute type carries len bytes instead */
static int parse_with_bad_attr(uint16_t type, const void *data, size_t len)
{
	struct nstrack_event in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;

	move_event(&in);
	nlh = put_event(buf.b, &in, 1u << type, 0);
	mnl_attr_put(nlh, type, len, data);
	return parse_copy(buf.b, nlh->nlmsg_len, &out);
}

/* a move event whose FROM nest holds attribute type with len bytes */
static int parse_with_bad_nested(uint16_t type, const void *data, size_t len)
{
	struct nstrack_event in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	move_event(&in);
	nlh = put_event(buf.b, &in, EOMIT(FROM), 0);
	nest = mnl_attr_nest_start(nlh, NSTRACK_A_EVENT_FROM);
	if (type != NSTRACK_A_ENDPOINT_COOKIE)
		test_put_u64(nlh, NSTRACK_A_ENDPOINT_COOKIE, 1);
	if (type != NSTRACK_A_ENDPOINT_INODE)
		mnl_attr_put_u32(nlh, NSTRACK_A_ENDPOINT_INODE, 2);
	mnl_attr_put(nlh, type, len, data);
	if (type != NSTRACK_A_ENDPOINT_NAME)
		mnl_attr_put_strz(nlh, NSTRACK_A_ENDPOINT_NAME, "x");
	mnl_attr_nest_end(nlh, nest);
	return parse_copy(buf.b, nlh->nlmsg_len, &out);
}

static void wrong_length_attribute_rejected(void **state)
{
	static const uint16_t u64s[] = { NSTRACK_A_EVENT_SEQ, NSTRACK_A_EVENT_TIME_NS };
	static const uint16_t u8s[] = { NSTRACK_A_EVENT_TYPE, NSTRACK_A_EVENT_REASON };
	static const uint16_t nests[] = {
		NSTRACK_A_EVENT_NETNS, NSTRACK_A_EVENT_FROM, NSTRACK_A_EVENT_TO,
	};
	char zero[24] = { 0 }, str[24];
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		assert_int_equal(parse_with_bad_attr(u64s[i], zero, 0), -EINVAL);
		assert_int_equal(parse_with_bad_attr(u64s[i], zero, 4), -EINVAL);
		assert_int_equal(parse_with_bad_attr(u64s[i], zero, 16), -EINVAL);
		assert_int_equal(parse_with_bad_attr(u64s[i], zero, 8), 0);
		assert_int_equal(parse_with_bad_attr(u8s[i], zero, 0), -EINVAL);
		assert_int_equal(parse_with_bad_attr(u8s[i], zero, 2), -EINVAL);
		assert_int_equal(parse_with_bad_attr(u8s[i], zero, 4), -EINVAL);
		assert_int_equal(parse_with_bad_attr(u8s[i], zero, 1), 0);
	}
	assert_int_equal(parse_with_bad_attr(NSTRACK_A_EVENT_TASK_PID, zero, 2),
			 -EINVAL);
	assert_int_equal(parse_with_bad_attr(NSTRACK_A_EVENT_TASK_PID, zero, 8),
			 -EINVAL);
	assert_int_equal(parse_with_bad_attr(NSTRACK_A_EVENT_TASK_PID, zero, 4), 0);

	/* comm: NUL-terminated, 15 characters at most */
	assert_int_equal(parse_with_bad_attr(NSTRACK_A_EVENT_TASK_COMM, "ip", 2),
			 -EINVAL);
	assert_int_equal(parse_with_bad_attr(NSTRACK_A_EVENT_TASK_COMM, "", 0),
			 -EINVAL);
	memset(str, 'c', sizeof(str));
	str[NSTRACK_COMM_LEN - 1] = '\0';
	assert_int_equal(parse_with_bad_attr(NSTRACK_A_EVENT_TASK_COMM, str,
					     NSTRACK_COMM_LEN), 0);
	str[NSTRACK_COMM_LEN - 1] = 'c';
	str[NSTRACK_COMM_LEN] = '\0';
	assert_int_equal(parse_with_bad_attr(NSTRACK_A_EVENT_TASK_COMM, str,
					     NSTRACK_COMM_LEN + 1), -EINVAL);

	/* a nest too short to hold even an attribute header */
	for (i = 0; i < 3; i++) {
		assert_int_equal(parse_with_bad_attr(nests[i], zero, 2), -EINVAL);
		assert_int_equal(parse_with_bad_attr(nests[i], zero, 0), 0);
	}

	/* inside a nest, the same rules */
	assert_int_equal(parse_with_bad_nested(NSTRACK_A_ENDPOINT_COOKIE, zero, 4),
			 -EINVAL);
	assert_int_equal(parse_with_bad_nested(NSTRACK_A_ENDPOINT_COOKIE, zero, 0),
			 -EINVAL);
	assert_int_equal(parse_with_bad_nested(NSTRACK_A_ENDPOINT_COOKIE, zero, 8),
			 0);
	assert_int_equal(parse_with_bad_nested(NSTRACK_A_ENDPOINT_INODE, zero, 8),
			 -EINVAL);
	assert_int_equal(parse_with_bad_nested(NSTRACK_A_ENDPOINT_INODE, zero, 4),
			 0);
	assert_int_equal(parse_with_bad_nested(NSTRACK_A_ENDPOINT_IFINDEX, zero, 2),
			 -EINVAL);
	assert_int_equal(parse_with_bad_nested(NSTRACK_A_ENDPOINT_IFINDEX, zero, 4),
			 0);
	assert_int_equal(parse_with_bad_nested(NSTRACK_A_ENDPOINT_NAME, "eth0", 4),
			 -EINVAL);
	assert_int_equal(parse_with_bad_nested(NSTRACK_A_ENDPOINT_NAME, "", 0),
			 -EINVAL);
	memset(str, 'n', sizeof(str));
	str[NSTRACK_IFNAME_LEN - 1] = '\0';
	assert_int_equal(parse_with_bad_nested(NSTRACK_A_ENDPOINT_NAME, str,
					       NSTRACK_IFNAME_LEN), 0);
	str[NSTRACK_IFNAME_LEN - 1] = 'n';
	str[NSTRACK_IFNAME_LEN] = '\0';
	assert_int_equal(parse_with_bad_nested(NSTRACK_A_ENDPOINT_NAME, str,
					       NSTRACK_IFNAME_LEN + 1), -EINVAL);
}

static void unknown_attributes_ignored(void **state)
{
	struct nstrack_event in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	(void)state;
	move_event(&in);
	nlh = test_put_genl_header(buf.b, NSTRACK_CMD_HISTORY_GET, 0);
	mnl_attr_put(nlh, NSTRACK_A_EVENT_MAX + 1, 3, "abc");
	mnl_attr_put(nlh, NSTRACK_A_EVENT_UNSPEC, 2, "xy");
	put_event_attrs(nlh, &in, EOMIT(FROM));
	mnl_attr_put(nlh, NSTRACK_A_EVENT_PAD, 7, "padpad");
	/* a FROM from a newer module: unknown members, padding */
	nest = mnl_attr_nest_start(nlh, NSTRACK_A_EVENT_FROM);
	mnl_attr_put(nlh, NSTRACK_A_ENDPOINT_MAX + 1, 5, "hello");
	mnl_attr_put(nlh, NSTRACK_A_ENDPOINT_UNSPEC, 1, "u");
	test_put_u64(nlh, NSTRACK_A_ENDPOINT_COOKIE, in.from.cookie);
	mnl_attr_put(nlh, NSTRACK_A_ENDPOINT_PAD, 0, NULL);
	mnl_attr_put_u32(nlh, NSTRACK_A_ENDPOINT_INODE, in.from.inode);
	mnl_attr_put_u32(nlh, NSTRACK_A_ENDPOINT_IFINDEX, in.from.ifindex);
	mnl_attr_put_strz(nlh, NSTRACK_A_ENDPOINT_NAME, in.from.name);
	mnl_attr_put_u64(nlh, 0x3fff, 5);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u64(nlh, 0x3ffe, 5);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
	assert_event_equal(&out, &in);
}

static void overruns_rejected(void **state)
{
	struct nstrack_event in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;
	struct nlattr *nest, *last;

	(void)state;
	move_event(&in);

	/*
	 * The last attribute of FROM reaches into TO: inside the message,
	 * outside its nest.
	 */
	nlh = put_event(buf.b, &in, EOMIT(FROM) | EOMIT(TO), 0);
	nest = mnl_attr_nest_start(nlh, NSTRACK_A_EVENT_FROM);
	mnl_attr_put_u32(nlh, NSTRACK_A_ENDPOINT_INODE, 1);
	last = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, NSTRACK_A_ENDPOINT_IFINDEX, 2);
	mnl_attr_nest_end(nlh, nest);
	put_endpoint(nlh, NSTRACK_A_EVENT_TO, &in.to);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
	last->nla_len += 8;
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), -EINVAL);
	assert_int_equal(nstrack_event_parse(nlh, &out), -EINVAL);
	last->nla_len = 2;
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), -EINVAL);

	/* garbage too short for an attribute at the end of a nest */
	nlh = put_event(buf.b, &in, EOMIT(TO), 0);
	nest = mnl_attr_nest_start(nlh, NSTRACK_A_EVENT_TO);
	mnl_attr_put_u32(nlh, NSTRACK_A_ENDPOINT_INODE, 1);
	memset(mnl_nlmsg_get_payload_tail(nlh), 0, 4);
	nlh->nlmsg_len += 3;
	mnl_attr_nest_end(nlh, nest);
	nlh->nlmsg_len = MNL_ALIGN(nlh->nlmsg_len);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), -EINVAL);

	/* the whole nest overruns the message */
	nlh = put_event(buf.b, &in, 0, 0);
	nest = NULL;
	mnl_attr_for_each(last, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(last) == NSTRACK_A_EVENT_TO)
			nest = last;
	assert_non_null(nest);
	nest->nla_len += 4;
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), -EINVAL);

	/* another command, or no room for the genl header */
	nlh = put_event(buf.b, &in, 0, 0);
	((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd = NSTRACK_CMD_DEV_GET;
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), -EINVAL);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 1;
	assert_int_equal(nstrack_event_parse(nlh, &out), -EINVAL);
	assert_int_equal(nstrack_event_parse(NULL, &out), -EINVAL);
	assert_int_equal(nstrack_event_parse_buf(NULL, 40, &out), -EINVAL);
}

/* every offset at which an attribute in [from, to) may end, padding included */
static size_t attr_ends(const void *payload, size_t len, size_t base,
			size_t *ends, size_t n, size_t max)
{
	const struct nlattr *attr;

	mnl_attr_for_each_payload(payload, len) {
		size_t off = base + (size_t)((const char *)attr -
					     (const char *)payload);
		size_t end;

		for (end = off + attr->nla_len;
		     end <= off + MNL_ALIGN(attr->nla_len); end++) {
			assert_true(n < max);
			ends[n++] = end;
		}
	}
	return n;
}

static bool is_end(const size_t *ends, size_t n, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ends[i] == len)
			return true;
	return false;
}

/*
 * Cut a move event at every length: with the header's length unchanged
 * (only the full length parses), and with nlmsg_len shrunk to the cut
 * (only cuts between top-level attributes parse, once SEQ, TIME_NS and
 * TYPE are in).  A cut inside a nest makes that nest overrun.
 */
static void truncation_at_every_length(void **state)
{
	const size_t hdrlen = MNL_NLMSG_HDRLEN + GENL_HDRLEN;
	struct nstrack_event in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;
	size_t ends[64], nends, n, full, type_end = 0;
	unsigned int parsed = 0;
	struct nlattr *attr;

	(void)state;
	move_event(&in);
	nlh = put_event(buf.b, &in, 0, 0);
	full = nlh->nlmsg_len;
	nends = attr_ends(buf.b + hdrlen, full - hdrlen, hdrlen, ends, 0, 64);
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(attr) == NSTRACK_A_EVENT_TYPE)
			type_end = (size_t)((char *)attr - buf.b) + attr->nla_len;
	assert_true(type_end > hdrlen + 24);

	for (n = 0; n <= full; n++) {
		char *copy = malloc(n ? n : 1);
		int ret;

		assert_non_null(copy);
		memcpy(copy, buf.b, n);
		ret = nstrack_event_parse_buf(copy, n, &out);
		assert_int_equal(ret, n == full ? 0 : -EINVAL);
		if (n == full)
			assert_event_equal(&out, &in);
		if (n >= sizeof(struct nlmsghdr)) {
			((struct nlmsghdr *)copy)->nlmsg_len = (uint32_t)n;
			ret = nstrack_event_parse_buf(copy, n, &out);
			assert_int_equal(ret, is_end(ends, nends, n) &&
					 n >= type_end ? 0 : -EINVAL);
			if (ret == 0) {
				parsed++;
				assert_true(out.seq == in.seq);
				assert_int_equal(out.type, in.type);
				if (out.to.present)
					assert_endpoint_equal(&out.to, &in.to);
				if (out.from.present)
					assert_endpoint_equal(&out.from, &in.from);
			}
		}
		free(copy);
	}
	assert_true(parsed >= 10);
}

/*
 * Cut inside the last nest (TO), shrinking both the nest and the message:
 * only cuts between the nest's attributes parse, and what is kept of TO
 * is a prefix of it.
 */
static void truncation_inside_a_nest(void **state)
{
	struct nstrack_event in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;
	struct nlattr *attr, *to = NULL;
	size_t ends[32], nends, n, full, to_off;
	unsigned int parsed = 0;

	(void)state;
	move_event(&in);
	nlh = put_event(buf.b, &in, 0, 0);
	full = nlh->nlmsg_len;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(attr) == NSTRACK_A_EVENT_TO)
			to = attr;
	assert_non_null(to);
	to_off = (size_t)((char *)to - buf.b);
	assert_int_equal(to_off + MNL_ALIGN(to->nla_len), full);
	/* the empty nest, and the end of each member */
	ends[0] = to_off + MNL_ATTR_HDRLEN;
	nends = attr_ends(mnl_attr_get_payload(to), mnl_attr_get_payload_len(to),
			  to_off + MNL_ATTR_HDRLEN, ends, 1, 32);

	for (n = to_off + MNL_ATTR_HDRLEN; n <= full; n++) {
		union test_buf cut;
		struct nlattr *cto;
		int ret;

		memcpy(cut.b, buf.b, n);
		((struct nlmsghdr *)cut.b)->nlmsg_len = (uint32_t)n;
		cto = (struct nlattr *)(cut.b + to_off);
		cto->nla_len = (uint16_t)(n - to_off);
		ret = parse_copy(cut.b, n, &out);
		assert_int_equal(ret, is_end(ends, nends, n) ? 0 : -EINVAL);
		if (ret)
			continue;
		parsed++;
		assert_true(out.to.present);
		assert_endpoint_equal(&out.from, &in.from);
		if (out.to.has_cookie)
			assert_true(out.to.cookie == in.to.cookie);
		if (out.to.has_inode)
			assert_int_equal(out.to.inode, in.to.inode);
		if (out.to.has_ifindex)
			assert_int_equal(out.to.ifindex, in.to.ifindex);
		if (out.to.has_name)
			assert_string_equal(out.to.name, in.to.name);
	}
	assert_true(parsed >= 5);
}

static void names_of_types_and_reasons(void **state)
{
	(void)state;
	assert_string_equal(nstrack_event_type_name(NSTRACK_EVENT_NETNS_NEW), "netns_new");
	assert_string_equal(nstrack_event_type_name(NSTRACK_EVENT_NETNS_PRE_EXIT), "netns_pre_exit");
	assert_string_equal(nstrack_event_type_name(NSTRACK_EVENT_NETNS_EXIT), "netns_exit");
	assert_string_equal(nstrack_event_type_name(NSTRACK_EVENT_DEV_REGISTER), "dev_register");
	assert_string_equal(nstrack_event_type_name(NSTRACK_EVENT_DEV_UNREGISTER), "dev_unregister");
	assert_string_equal(nstrack_event_type_name(NSTRACK_EVENT_DEV_MOVE), "dev_move");
	assert_string_equal(nstrack_event_type_name(0), "unknown");
	assert_string_equal(nstrack_event_type_name(7), "unknown");
	assert_string_equal(nstrack_event_type_name(255), "unknown");
	assert_string_equal(nstrack_event_reason_name(NSTRACK_REASON_REGISTER), "register");
	assert_string_equal(nstrack_event_reason_name(NSTRACK_REASON_UNREGISTER), "unregister");
	assert_string_equal(nstrack_event_reason_name(NSTRACK_REASON_USER), "user");
	assert_string_equal(nstrack_event_reason_name(NSTRACK_REASON_NETNS_EXIT), "netns-exit");
	assert_string_equal(nstrack_event_reason_name(NSTRACK_REASON_UNKNOWN), "unknown");
	assert_string_equal(nstrack_event_reason_name(0), "unknown");
	assert_string_equal(nstrack_event_reason_name(6), "unknown");
}

static void device_filter_and_endpoint(void **state)
{
	struct nstrack_event ev;

	(void)state;
	move_event(&ev);	/* mv0 -> mv0-longest-15c */
	assert_true(nstrack_event_matches_dev(&ev, "mv0"));
	assert_true(nstrack_event_matches_dev(&ev, "mv0-longest-15c"));
	assert_false(nstrack_event_matches_dev(&ev, "mv"));
	assert_false(nstrack_event_matches_dev(&ev, "mv0-longest-15"));
	assert_ptr_equal(nstrack_event_dev_endpoint(&ev), &ev.to);

	unregister_event(&ev);
	assert_true(nstrack_event_matches_dev(&ev, "br-a"));
	assert_ptr_equal(nstrack_event_dev_endpoint(&ev), &ev.from);
	register_event(&ev);
	assert_true(nstrack_event_matches_dev(&ev, "dv-a"));
	assert_false(nstrack_event_matches_dev(&ev, ""));
	assert_ptr_equal(nstrack_event_dev_endpoint(&ev), &ev.to);
	ev.to.present = false;
	assert_null(nstrack_event_dev_endpoint(&ev));

	/* namespace events have no device, whatever their nest holds */
	netns_event(&ev, NSTRACK_EVENT_NETNS_NEW);
	ev.netns.has_name = true;
	strcpy(ev.netns.name, "lo");
	assert_false(nstrack_event_matches_dev(&ev, "lo"));
	assert_null(nstrack_event_dev_endpoint(&ev));
	assert_true(nstrack_event_is_netns(&ev));
	assert_false(nstrack_event_is_dev(&ev));
}

/* ---- notifications (NSTRACK_CMD_EVENT_NTF) ---- */

static void notification_parses_like_history(void **state)
{
	static const uint8_t other[] = {
		NSTRACK_CMD_UNSPEC, NSTRACK_CMD_NETNS_GET, NSTRACK_CMD_DEV_GET,
		NSTRACK_CMD_SOCKETS_GET, NSTRACK_CMD_INFO_GET,
		NSTRACK_CMD_INFO_GET + 1, 0xff,
	};
	struct nstrack_event in[5], from_history, from_ntf;
	union test_buf buf;
	struct nlmsghdr *nlh;
	size_t i;

	(void)state;
	move_event(&in[0]);
	register_event(&in[1]);
	unregister_event(&in[2]);
	netns_event(&in[3], NSTRACK_EVENT_NETNS_NEW);
	netns_event(&in[4], NSTRACK_EVENT_NETNS_PRE_EXIT);
	in[4].has_task = false;
	in[4].task_pid = 0;
	in[4].task_comm[0] = '\0';
	for (i = 0; i < 5; i++) {
		nlh = put_event(buf.b, &in[i], 0, 0);
		assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len,
					    &from_history), 0);
		nlh = test_put_genl_header(buf.b, NSTRACK_CMD_EVENT_NTF, 0);
		put_event_attrs(nlh, &in[i], 0);
		memset(&from_ntf, 0xa5, sizeof(from_ntf));
		assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &from_ntf), 0);
		assert_event_equal(&from_ntf, &from_history);
		assert_event_equal(&from_ntf, &in[i]);
	}

	/* the same strictness: a mandatory attribute missing, a bad nest */
	nlh = test_put_genl_header(buf.b, NSTRACK_CMD_EVENT_NTF, 0);
	put_event_attrs(nlh, &in[0], EOMIT(TIME_NS));
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &from_ntf), -EINVAL);
	nlh = test_put_genl_header(buf.b, NSTRACK_CMD_EVENT_NTF, 0);
	put_event_attrs(nlh, &in[0], EOMIT(TO));
	{
		struct nlattr *nest = mnl_attr_nest_start(nlh, NSTRACK_A_EVENT_TO);

		mnl_attr_put_u8(nlh, NSTRACK_A_ENDPOINT_IFINDEX, 1);
		mnl_attr_nest_end(nlh, nest);
	}
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &from_ntf), -EINVAL);
	assert_false(from_ntf.from.present);

	/* any other command is not an event */
	for (i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		nlh = test_put_genl_header(buf.b, other[i], 0);
		put_event_attrs(nlh, &in[0], 0);
		memset(&from_ntf, 0xa5, sizeof(from_ntf));
		assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &from_ntf),
				 -EINVAL);
		assert_true(from_ntf.seq == 0);
		assert_false(from_ntf.to.present);
	}

	/* too short for the genl header: the command is not even read */
	nlh = test_put_genl_header(buf.b, NSTRACK_CMD_EVENT_NTF, 0);
	put_event_attrs(nlh, &in[0], 0);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 3;
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &from_ntf), -EINVAL);
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

/* o has exactly the keys listed (NULL-terminated) */
static void assert_exact_keys(json_t *o, const char *const *keys)
{
	size_t n = 0;

	assert_true(json_is_object(o));
	for (; keys[n]; n++)
		if (!json_object_get(o, keys[n]))
			fail_msg("key %s missing", keys[n]);
	assert_int_equal(json_object_size(o), n);
}

static int64_t jint(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_integer(v))
		fail_msg("%s is not an integer", key);
	return json_integer_value(v);
}

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v))
		fail_msg("%s is not a string", key);
	return json_string_value(v);
}

static const char *const dev_keys[] = {
	"seq", "time_ns", "type", "task", "ifindex", "name", "from", "to",
	"reason", NULL,
};
static const char *const netns_keys[] = {
	"seq", "time_ns", "type", "task", "netns", NULL,
};
static const char *const other_keys[] = { "seq", "time_ns", "type", "task", NULL };
static const char *const endpoint_keys[] = { "cookie", "inode", "ifindex", "name", NULL };
static const char *const netns_ep_keys[] = { "cookie", "inode", NULL };
static const char *const task_keys[] = { "pid", "comm", NULL };

static void assert_json_endpoint(json_t *o, const struct nstrack_endpoint *ep)
{
	assert_exact_keys(o, endpoint_keys);
	assert_true(jint(o, "cookie") == (int64_t)ep->cookie);
	assert_true(jint(o, "inode") == ep->inode);
	assert_true(jint(o, "ifindex") == ep->ifindex);
	assert_string_equal(jstr(o, "name"), ep->name);
}

static void history_json(void **state)
{
	struct nstrack_event v[7];
	json_t *arr, *o, *t;

	(void)state;
	move_event(&v[0]);
	register_event(&v[1]);
	unregister_event(&v[2]);
	netns_event(&v[3], NSTRACK_EVENT_NETNS_NEW);
	netns_event(&v[4], NSTRACK_EVENT_NETNS_PRE_EXIT);
	v[4].has_task = false;
	v[4].task_comm[0] = '\0';
	v[2].has_task = false;		/* outside our pid namespace */
	base_event(&v[5], 99);		/* from a newer module */
	move_event(&v[6]);		/* sparse: what an odd module may send */
	v[6].has_reason = false;
	v[6].to.has_ifindex = v[6].to.has_name = v[6].to.has_cookie = false;
	cap_start(true);
	assert_int_equal(nstrack_print_history(v, 7, NULL), 0);
	arr = parse_json(cap_finish());
	assert_true(json_is_array(arr));
	assert_int_equal(json_array_size(arr), 7);

	/* a move: both ends, the device as it is now */
	o = json_array_get(arr, 0);
	assert_exact_keys(o, dev_keys);
	assert_true(jint(o, "seq") == 77);
	assert_true(jint(o, "time_ns") == 123456789012LL);
	assert_string_equal(jstr(o, "type"), "dev_move");
	t = json_object_get(o, "task");
	assert_exact_keys(t, task_keys);
	assert_true(jint(t, "pid") == 4242);
	assert_string_equal(jstr(t, "comm"), "ip");
	assert_true(jint(o, "ifindex") == 0x80000001LL);
	assert_string_equal(jstr(o, "name"), "mv0-longest-15c");
	assert_json_endpoint(json_object_get(o, "from"), &v[0].from);
	assert_json_endpoint(json_object_get(o, "to"), &v[0].to);
	assert_string_equal(jstr(o, "reason"), "user");

	/* register: no from */
	o = json_array_get(arr, 1);
	assert_exact_keys(o, dev_keys);
	assert_string_equal(jstr(o, "type"), "dev_register");
	assert_true(json_is_null(json_object_get(o, "from")));
	assert_json_endpoint(json_object_get(o, "to"), &v[1].to);
	assert_true(jint(o, "ifindex") == 7);
	assert_string_equal(jstr(o, "name"), "dv-a");
	assert_string_equal(jstr(o, "reason"), "register");

	/* unregister: no to; the device is named by from */
	o = json_array_get(arr, 2);
	assert_exact_keys(o, dev_keys);
	assert_string_equal(jstr(o, "type"), "dev_unregister");
	assert_json_endpoint(json_object_get(o, "from"), &v[2].from);
	assert_true(json_is_null(json_object_get(o, "to")));
	assert_true(jint(o, "ifindex") == 3);
	assert_string_equal(jstr(o, "name"), "br-a");
	assert_string_equal(jstr(o, "reason"), "netns-exit");
	assert_string_equal(jstr(json_object_get(o, "task"), "comm"),
			    "kworker/u4:1");
	assert_true(json_is_null(json_object_get(json_object_get(o, "task"),
						 "pid")));

	/* namespace events: the namespace, no device keys */
	o = json_array_get(arr, 3);
	assert_exact_keys(o, netns_keys);
	assert_string_equal(jstr(o, "type"), "netns_new");
	t = json_object_get(o, "netns");
	assert_exact_keys(t, netns_ep_keys);
	assert_true(jint(t, "cookie") == (int64_t)BLUE_COOKIE);
	assert_true(jint(t, "inode") == BLUE_INO);
	assert_true(json_is_object(json_object_get(o, "task")));
	o = json_array_get(arr, 4);
	assert_exact_keys(o, netns_keys);
	assert_string_equal(jstr(o, "type"), "netns_pre_exit");
	assert_true(json_is_null(json_object_get(o, "task")));

	/* unknown type: only what every event has */
	o = json_array_get(arr, 5);
	assert_exact_keys(o, other_keys);
	assert_string_equal(jstr(o, "type"), "unknown");

	/* missing members are null, never absent */
	o = json_array_get(arr, 6);
	assert_exact_keys(o, dev_keys);
	assert_true(json_is_null(json_object_get(o, "ifindex")));
	assert_true(json_is_null(json_object_get(o, "name")));
	assert_string_equal(jstr(o, "reason"), "unknown");
	t = json_object_get(o, "to");
	assert_exact_keys(t, endpoint_keys);
	assert_true(json_is_null(json_object_get(t, "cookie")));
	assert_true(jint(t, "inode") == BLUE_INO);
	assert_true(json_is_null(json_object_get(t, "ifindex")));
	assert_true(json_is_null(json_object_get(t, "name")));
	json_decref(arr);

	cap_teardown(NULL);
	cap_start(true);
	assert_int_equal(nstrack_print_history(NULL, 0, NULL), 0);
	assert_string_equal(cap_finish(), "[]\n");
}

/* names: blue is alive and named; a dead namespace reused init's inode */
static char name_blue[] = "blue", name_zz[] = "zz";
static struct nstrack_name name_v[2] = {
	{ BLUE_INO, name_blue }, { BLUE_INO, name_zz },
};
static const struct nstrack_names names = { name_v, 2 };

static void history_text(void **state)
{
	struct nstrack_netns ns[2];
	struct nstrack_netns_ctx ctx = { ns, 2, &names };
	struct nstrack_event v[6];

	(void)state;
	memset(ns, 0, sizeof(ns));
	ns[0].cookie = INIT_COOKIE;
	ns[0].inode = INIT_INO;
	ns[0].state = NSTRACK_NETNS_STATE_ALIVE;
	ns[1].cookie = BLUE_COOKIE;
	ns[1].inode = BLUE_INO;
	ns[1].state = NSTRACK_NETNS_STATE_ALIVE;
	nstrack_netns_sort_by_cookie(ns, 2);

	netns_event(&v[0], NSTRACK_EVENT_NETNS_NEW);
	register_event(&v[1]);
	move_event(&v[2]);
	unregister_event(&v[3]);
	v[3].time_ns = 5;
	v[3].has_task = false;
	netns_event(&v[4], NSTRACK_EVENT_NETNS_EXIT);
	v[4].seq = 1000;
	v[4].netns.cookie = 999;	/* not (or no longer) known */
	base_event(&v[5], 42);
	cap_start(false);
	assert_int_equal(nstrack_print_history(v, 6, &ctx), 0);
	assert_string_equal(cap_finish(),
		"SEQ   TIME        EVENT           DEVICE           FROM               TO                               REASON      TASK\n"
		"1     123.456789  netns_new       -                -                  blue                             -           4242/unshare\n"
		"5     123.456789  dev_register    dv-a             -                  4026531840:dv-a/7                register    4242/ip\n"
		"77    123.456789  dev_move        mv0-longest-15c  4026531840:mv0/50  blue:mv0-longest-15c/2147483649  user        4242/ip\n"
		"6     0.000000    dev_unregister  br-a             blue:br-a/3        -                                netns-exit  ?/kworker/u4:1\n"
		"1000  123.456789  netns_exit      -                4026532281         -                                -           4242/unshare\n"
		"77    123.456789  unknown         -                -                  -                                -           4242/ip\n");
	cap_teardown(NULL);

	/* blue dead: its inode may be someone else's, so no name */
	ns[1].state = NSTRACK_NETNS_STATE_DEAD;
	cap_start(false);
	assert_int_equal(nstrack_print_history(v, 1, &ctx), 0);
	assert_non_null(strstr(cap_finish(), "  -     4026532281  "));
	cap_teardown(NULL);

	/* no context at all: inodes */
	cap_start(false);
	assert_int_equal(nstrack_print_history(v + 2, 1, NULL), 0);
	assert_non_null(strstr(cap_finish(),
			       "4026531840:mv0/50  4026532281:mv0-longest-15c/2147483649  user"));
	cap_teardown(NULL);

	cap_start(false);
	assert_int_equal(nstrack_print_history(NULL, 0, NULL), 0);
	assert_string_equal(cap_finish(),
			    "SEQ  TIME  EVENT  DEVICE  FROM  TO  REASON  TASK\n");
}

/* ---- the output of "monitor" ---- */

/*
 * print_init() + nstrack_print_event() + print_finish(): the text, valid
 * until the next call
 */
static const char *print_one_event(const struct nstrack_event *ev, bool json,
				   uint64_t wall_ns)
{
	static char text[1024];

	cap_start(json);
	nstrack_print_event(ev, wall_ns);
	assert_true(strlen(cap_finish()) < sizeof(text));
	strcpy(text, cap_buf);
	cap_teardown(NULL);
	return text;
}

static void use_utc(void)
{
	assert_int_equal(setenv("TZ", "UTC", 1), 0);
	tzset();
}

static void walltime_format(void **state)
{
	char buf[64];

	(void)state;
	use_utc();
	nstrack_fmt_walltime(buf, sizeof(buf), 0);
	assert_string_equal(buf, "1970-01-01T00:00:00.000000");
	nstrack_fmt_walltime(buf, sizeof(buf), 1764000000123456789ULL);
	assert_string_equal(buf, "2025-11-24T16:00:00.123456");
	/* microseconds are cut, not rounded */
	nstrack_fmt_walltime(buf, sizeof(buf), 1764000000999999999ULL);
	assert_string_equal(buf, "2025-11-24T16:00:00.999999");
	nstrack_fmt_walltime(buf, sizeof(buf), 1000);
	assert_string_equal(buf, "1970-01-01T00:00:00.000001");
	nstrack_fmt_walltime(buf, sizeof(buf), UINT64_MAX);
	assert_string_equal(buf, "2554-07-21T23:34:33.709551");
	/* no room for the date: "?", never a cut date */
	nstrack_fmt_walltime(buf, 12, 1764000000123456789ULL);
	assert_string_equal(buf, "?");
	/* room for the date only: the fraction is cut, still terminated */
	nstrack_fmt_walltime(buf, 22, 1764000000123456789ULL);
	assert_string_equal(buf, "2025-11-24T16:00:00.1");
}

static void event_json_is_a_history_element(void **state)
{
	struct nstrack_event v[8];
	json_t *arr, *one;
	const char *text;
	size_t i;

	(void)state;
	move_event(&v[0]);
	register_event(&v[1]);
	unregister_event(&v[2]);
	netns_event(&v[3], NSTRACK_EVENT_NETNS_NEW);
	netns_event(&v[4], NSTRACK_EVENT_NETNS_EXIT);
	v[4].has_task = false;
	base_event(&v[5], 99);
	move_event(&v[6]);
	v[6].has_reason = false;
	v[6].to.has_ifindex = v[6].to.has_name = v[6].to.has_cookie = false;
	v[6].from.present = false;
	netns_event(&v[7], NSTRACK_EVENT_NETNS_PRE_EXIT);
	v[7].netns.present = false;

	cap_start(true);
	assert_int_equal(nstrack_print_history(v, 8, NULL), 0);
	arr = parse_json(cap_finish());
	cap_teardown(NULL);
	assert_int_equal(json_array_size(arr), 8);
	for (i = 0; i < 8; i++) {
		/* whatever the wall clock: JSON has the event's own time */
		text = print_one_event(&v[i], true, 1764000000123456789ULL * i);
		/* one compact object, on one line */
		assert_int_equal(text[0], '{');
		assert_string_equal(strchr(text, '\n'), "\n");
		one = parse_json(text);
		if (!json_equal(one, json_array_get(arr, i)))
			fail_msg("event %zu differs from history: %s", i, text);
		json_decref(one);
	}
	json_decref(arr);
}

static void event_text_line(void **state)
{
	struct nstrack_event ev;
	const char *text;

	(void)state;
	use_utc();
	move_event(&ev);
	text = print_one_event(&ev, false, 1764000000123456789ULL);
	assert_string_equal(text,
		"2025-11-24T16:00:00.123456  77  dev_move        mv0-longest-15c  "
		"4026531840:mv0/50  4026532281:mv0-longest-15c/2147483649  user  "
		"4242/ip\n");

	/* a namespace: by inode, in TO when new and in FROM when dying */
	netns_event(&ev, NSTRACK_EVENT_NETNS_NEW);
	text = print_one_event(&ev, false, 0);
	assert_string_equal(text,
		"1970-01-01T00:00:00.000000  1  netns_new       -  -  4026532281  -  4242/unshare\n");
	netns_event(&ev, NSTRACK_EVENT_NETNS_EXIT);
	ev.has_task = false;
	ev.seq = 18446744073709551615ULL;
	text = print_one_event(&ev, false, 0);
	assert_string_equal(text,
		"1970-01-01T00:00:00.000000  18446744073709551615  netns_exit      -  4026532281  -  -  ?/unshare\n");
	ev.task_comm[0] = '\0';
	text = print_one_event(&ev, false, 0);
	assert_string_equal(text,
		"1970-01-01T00:00:00.000000  18446744073709551615  netns_exit      -  4026532281  -  -  -\n");

	/* an unregister: the device named by FROM, nothing in TO */
	unregister_event(&ev);
	text = print_one_event(&ev, false, 0);
	assert_string_equal(text,
		"1970-01-01T00:00:00.000000  6  dev_unregister  br-a  4026532281:br-a/3  -  netns-exit  4242/kworker/u4:1\n");
}

/*
 * Strings from the kernel stay on their line, as in history's table: a
 * task comm may hold any byte (prctl(PR_SET_NAME)), a device name any but
 * '/', ':' and white space.
 */
static void event_text_hostile_strings(void **state)
{
	struct nstrack_event ev;
	const char *text;

	(void)state;
	use_utc();
	register_event(&ev);
	strcpy(ev.to.name, "a\x1b[2Jb");
	strcpy(ev.task_comm, "x\ny");
	text = print_one_event(&ev, false, 0);
	assert_string_equal(text,
		"1970-01-01T00:00:00.000000  5  dev_register    a?[2Jb  -  4026531840:a?[2Jb/7  register  4242/x?y\n");
}

static void resync_records(struct nstrack_netns *ns, struct nstrack_dev *d)
{
	test_full_record(&ns[0]);
	ns[0].state = NSTRACK_NETNS_STATE_ALIVE;
	ns[0].inode = BLUE_INO;
	memset(&ns[1], 0, sizeof(ns[1]));
	ns[1].serial = 1;
	ns[1].cookie = INIT_COOKIE;
	ns[1].inode = INIT_INO;
	ns[1].state = NSTRACK_NETNS_STATE_ALIVE;
	ns[1].flags = NSTRACK_NETNS_F_PREEXISTING;

	memset(d, 0, 2 * sizeof(*d));
	d[0].netns_cookie = INIT_COOKIE;
	d[0].netns_inode = INIT_INO;
	d[0].ifindex = 1;
	strcpy(d[0].name, "lo");
	strcpy(d[0].kind, "loopback");
	d[1].netns_cookie = BLUE_COOKIE;
	d[1].netns_inode = BLUE_INO;
	d[1].ifindex = 2;
	strcpy(d[1].name, "veth-b");
	strcpy(d[1].kind, "veth");
	d[1].addr_len = 6;
	memcpy(d[1].addr, "\x02\x00\x5e\x10\x00\x01", 6);
}

#define RESYNC_NOW (5000ULL * 1000000000ULL)

static void resync_json(void **state)
{
	static const char *const keys[] = {
		"type", "lost", "seq", "netns", "devices", NULL,
	};
	struct nstrack_netns ns[2];
	struct nstrack_dev d[2];
	json_t *o, *list, *devs;
	const char *text;

	(void)state;
	resync_records(ns, d);

	/* what "list -j" and "devices -j" print for the same records */
	cap_start(true);
	assert_int_equal(nstrack_print_list(ns, 2, &names, RESYNC_NOW), 0);
	list = parse_json(cap_finish());
	cap_teardown(NULL);
	cap_start(true);
	assert_int_equal(nstrack_print_devices(d, 2, &names), 0);
	devs = parse_json(cap_finish());
	cap_teardown(NULL);

	cap_start(true);
	assert_int_equal(nstrack_print_resync(3, 42, ns, 2, d, 2, &names,
					      RESYNC_NOW), 0);
	text = cap_finish();
	assert_string_equal(strchr(text, '\n'), "\n");	/* one line */
	o = parse_json(text);
	assert_exact_keys(o, keys);
	assert_string_equal(jstr(o, "type"), "resync");
	assert_true(jint(o, "lost") == 3);
	assert_true(jint(o, "seq") == 42);
	assert_true(json_is_array(json_object_get(o, "netns")));
	assert_int_equal(json_array_size(json_object_get(o, "netns")), 2);
	assert_true(json_equal(json_object_get(o, "netns"), list));
	assert_true(json_is_array(json_object_get(o, "devices")));
	assert_int_equal(json_array_size(json_object_get(o, "devices")), 2);
	assert_true(json_equal(json_object_get(o, "devices"), devs));
	/* blue is alive and named: the names are there */
	assert_string_equal(json_string_value(json_array_get(
		json_object_get(json_array_get(json_object_get(o, "netns"), 0),
				"names"), 0)), "blue");
	json_decref(o);
	json_decref(list);
	json_decref(devs);
	cap_teardown(NULL);

	/* nothing at all: empty arrays, never null */
	cap_start(true);
	assert_int_equal(nstrack_print_resync(1, 0, NULL, 0, NULL, 0, NULL,
					      RESYNC_NOW), 0);
	assert_string_equal(cap_finish(),
		"{\"type\":\"resync\",\"lost\":1,\"seq\":0,\"netns\":[],\"devices\":[]}\n");
}

static void resync_text(void **state)
{
	struct nstrack_netns ns[2];
	struct nstrack_dev d[2];
	const char *t, *devs;

	(void)state;
	resync_records(ns, d);
	cap_start(false);
	assert_int_equal(nstrack_print_resync(3, 42, ns, 2, d, 2, &names,
					      RESYNC_NOW), 0);
	t = cap_finish();
	assert_true(!strncmp(t, "--- 3 events lost; the state after event 42:\n"
			     "INODE ", 51));
	assert_non_null(strstr(t, "\n4026532281  81985529216486895  -7    blue,zz  1000 "));
	devs = strstr(t, "\nNETNS       IFINDEX  NAME    KIND      MAC\n");
	assert_non_null(devs);
	assert_non_null(strstr(devs, "\n4026531840  1        lo      loopback  -\n"
			       "blue        2        veth-b  veth      02:00:5e:10:00:01\n"
			       "---\n"));
	assert_string_equal(t + strlen(t) - 5, "\n---\n");
}

/* ---- the history command over the fake kernel ---- */

static void add_event(size_t b, const struct nstrack_event *ev, uint16_t flags)
{
	struct nlmsghdr *nlh = put_event(batch_tail(b), ev, 0, flags);

	batch_commit(b, nlh);
}

static void add_netns(size_t b, uint64_t cookie, uint32_t inode,
		      uint16_t flags)
{
	struct nstrack_netns ns;
	struct nlmsghdr *nlh;

	test_full_record(&ns);
	ns.cookie = cookie;
	ns.inode = inode;
	ns.state = NSTRACK_NETNS_STATE_ALIVE;
	nlh = test_put_record(batch_tail(b), &ns, 0, flags);
	batch_commit(b, nlh);
}

/* the dump of three events: register dv-a, move dv-a -> blue, netns_new */
static void add_history(void)
{
	struct nstrack_event ev;
	size_t b = new_batch();

	netns_event(&ev, NSTRACK_EVENT_NETNS_NEW);
	ev.seq = 10;
	add_event(b, &ev, NLM_F_MULTI);
	register_event(&ev);
	ev.seq = 11;
	add_event(b, &ev, NLM_F_MULTI);
	move_event(&ev);
	ev.seq = 12;
	strcpy(ev.from.name, "dv-a");
	strcpy(ev.to.name, "dv-a");
	add_event(b, &ev, NLM_F_MULTI);
	b = new_batch();
	unregister_event(&ev);
	ev.seq = 13;
	add_event(b, &ev, NLM_F_MULTI);
	add_done(b, 0, 0, NULL);
}

static json_t *history_json_run(struct nstrack_nl *nl,
				const struct nstrack_selector *sel,
				const char *arg, const char *dev)
{
	struct nstrack_opts o = { .json = true };
	struct out out;
	json_t *arr;

	out_open(&out);
	assert_int_equal(nstrack_history_run(nl, &o, sel, arg, dev, NO_NAMES,
					     out.f), 0);
	arr = parse_json(out_text(&out));
	out_close(&out);
	assert_string_equal(test_err_text(), "");
	return arr;
}

static void history_command_all(void **state)
{
	struct nstrack_nl *nl = *state;
	json_t *arr;
	size_t i;

	add_history();
	arr = history_json_run(nl, NULL, NULL, NULL);
	/* JSON names nothing: one request, a HISTORY_GET dump, no attribute */
	assert_int_equal(fk->nsent, 1);
	assert_int_equal(req_cmd(sent()), NSTRACK_CMD_HISTORY_GET);
	assert_int_equal(sent()->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	assert_int_equal(req_nattrs(sent()), 0);
	/* the kernel's order */
	assert_int_equal(json_array_size(arr), 4);
	for (i = 0; i < 4; i++)
		assert_int_equal(jint(json_array_get(arr, i), "seq"), 10 + i);
	json_decref(arr);
}

static void history_command_text_names_namespaces(void **state)
{
	struct nstrack_nl *nl = *state;
	struct nstrack_opts o = { 0 };
	struct out out;
	const char *t;
	size_t b;

	add_history();
	/* then the namespace dump the text output needs */
	b = new_batch();
	add_netns(b, INIT_COOKIE, INIT_INO, NLM_F_MULTI);
	add_done(b, 0, 0, NULL);
	out_open(&out);
	assert_int_equal(nstrack_history_run(nl, &o, NULL, NULL, NULL, NO_NAMES,
					     out.f), 0);
	assert_string_equal(test_err_text(), "");
	assert_int_equal(fk->nsent, 2);
	assert_int_equal(req_cmd(sent_nth(0)), NSTRACK_CMD_HISTORY_GET);
	assert_int_equal(req_cmd(sent_nth(1)), NSTRACK_CMD_NETNS_GET);
	assert_int_equal(sent_nth(1)->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	t = out_text(&out);
	assert_true(!strncmp(t, "SEQ  TIME        EVENT           DEVICE", 39));
	assert_non_null(strstr(t, "\n10   123.456789  netns_new       -"));
	assert_non_null(strstr(t, "\n13   123.456789  dev_unregister  br-a  "));
	assert_non_null(strstr(t, "  4026531840:dv-a/50  4026532281:dv-a/2147483649  user  "));
	out_close(&out);
}

static void history_command_of_one_namespace(void **state)
{
	struct nstrack_nl *nl = *state;
	struct nstrack_selector sel = { NSTRACK_A_NETNS_INODE, BLUE_INO };
	const struct nlattr *attr, *inner;
	struct nstrack_netns ns;
	struct nlmsghdr *req;
	json_t *arr;
	size_t b, n;

	/* inode:N of a dead namespace: the kernel answers with its record */
	b = new_batch();
	test_full_record(&ns);
	ns.cookie = 0x8877665544332211ULL;
	batch_commit(b, test_put_record(batch_tail(b), &ns, 0, 0));
	add_error(b, 0, true, NULL);
	add_history();
	arr = history_json_run(nl, &sel, "inode:4026532281", NULL);
	json_decref(arr);
	assert_int_equal(fk->nsent, 2);

	req = sent_nth(0);
	assert_int_equal(req_cmd(req), NSTRACK_CMD_NETNS_GET);
	assert_int_equal(req->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	assert_int_equal(req_nattrs(req), 1);
	attr = mnl_nlmsg_get_payload_offset(req, GENL_HDRLEN);
	assert_int_equal(mnl_attr_get_type(attr), NSTRACK_A_NETNS_INODE);
	assert_int_equal(mnl_attr_get_u32(attr), BLUE_INO);

	/* the dump carries the nest NETNS { COOKIE u64 } and nothing else */
	req = sent_nth(1);
	assert_int_equal(req_cmd(req), NSTRACK_CMD_HISTORY_GET);
	assert_int_equal(req->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	assert_int_equal(req_nattrs(req), 1);
	attr = mnl_nlmsg_get_payload_offset(req, GENL_HDRLEN);
	assert_int_equal(mnl_attr_get_type(attr), NSTRACK_A_EVENT_NETNS);
	assert_true(attr->nla_type & NLA_F_NESTED);
	n = 0;
	mnl_attr_for_each_nested(inner, attr) {
		assert_int_equal(mnl_attr_get_type(inner), NSTRACK_A_ENDPOINT_COOKIE);
		assert_int_equal(mnl_attr_get_payload_len(inner), 8);
		assert_true(mnl_attr_get_u64(inner) == 0x8877665544332211ULL);
		n++;
	}
	assert_int_equal(n, 1);
	assert_int_equal(mnl_attr_get_payload_len(attr), MNL_ATTR_HDRLEN + 8);
}

static void history_command_device_filter(void **state)
{
	struct nstrack_nl *nl = *state;
	json_t *arr;

	/* dv-a: registered, then moved (its name before and after) */
	add_history();
	arr = history_json_run(nl, NULL, NULL, "dv-a");
	assert_int_equal(json_array_size(arr), 2);
	assert_int_equal(jint(json_array_get(arr, 0), "seq"), 11);
	assert_int_equal(jint(json_array_get(arr, 1), "seq"), 12);
	json_decref(arr);

	/* matched by its old name only (FROM) */
	fk->nbatches = fk->next = 0;
	add_history();
	arr = history_json_run(nl, NULL, NULL, "br-a");
	assert_int_equal(json_array_size(arr), 1);
	assert_string_equal(jstr(json_array_get(arr, 0), "type"), "dev_unregister");
	json_decref(arr);

	/* nothing matches: an empty array, not an error */
	fk->nbatches = fk->next = 0;
	add_history();
	arr = history_json_run(nl, NULL, NULL, "eth9");
	assert_int_equal(json_array_size(arr), 0);
	json_decref(arr);
	/* the filter is client-side: never in the request */
	assert_int_equal(req_nattrs(sent()), 0);
}

static void history_command_failures_print_nothing(void **state)
{
	struct nstrack_nl *nl = *state;
	struct nstrack_selector sel = { NSTRACK_A_NETNS_COOKIE, 5 };
	struct nstrack_opts o = { .json = true };
	struct nstrack_event ev;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct out out;
	size_t b;

	add_error(new_batch(), -ENOENT, true, NULL);
	out_open(&out);
	assert_int_equal(nstrack_history_run(nl, &o, &sel, "cookie:5", NULL,
					     NO_NAMES, out.f), 1);
	assert_string_equal(out_text(&out), "");
	assert_string_equal(test_err_text(), "nstrack: no such namespace: cookie:5\n");
	assert_int_equal(fk->nsent, 1);
	out_close(&out);

	/* a bad nest in the second event, even one the filter would drop */
	test_err_start();
	b = new_batch();
	move_event(&ev);
	add_event(b, &ev, NLM_F_MULTI);
	nlh = put_event(batch_tail(b), &ev, EOMIT(TO), NLM_F_MULTI);
	nest = mnl_attr_nest_start(nlh, NSTRACK_A_EVENT_TO);
	mnl_attr_put_u8(nlh, NSTRACK_A_ENDPOINT_INODE, 1);
	mnl_attr_nest_end(nlh, nest);
	batch_commit(b, nlh);
	add_done(b, 0, 0, NULL);
	out_open(&out);
	assert_int_equal(nstrack_history_run(nl, &o, NULL, NULL, "nomatch",
					     NO_NAMES, out.f), 1);
	assert_string_equal(out_text(&out), "");
	assert_string_equal(test_err_text(),
		"nstrack: cannot read the event history: malformed reply from the kernel\n");
	out_close(&out);

	/* the namespace dump of the text output fails */
	test_err_start();
	o.json = false;
	add_history();
	add_error(new_batch(), -EPERM, true, NULL);
	out_open(&out);
	assert_int_equal(nstrack_history_run(nl, &o, NULL, NULL, NULL, NO_NAMES,
					     out.f), 1);
	assert_string_equal(out_text(&out), "");
	assert_string_equal(test_err_text(),
		"nstrack: permission denied (CAP_NET_ADMIN is required)\n");
	out_close(&out);
}

static void history_command_interrupted_dump(void **state)
{
	struct nstrack_nl *nl = *state;
	struct nstrack_event ev;
	json_t *arr;
	size_t b;

	b = new_batch();
	register_event(&ev);
	ev.seq = 1;
	add_event(b, &ev, NLM_F_MULTI | NLM_F_DUMP_INTR);
	add_done(b, 0, NLM_F_DUMP_INTR, NULL);
	add_history();
	arr = history_json_run(nl, NULL, NULL, NULL);
	assert_int_equal(json_array_size(arr), 4);
	assert_int_equal(jint(json_array_get(arr, 0), "seq"), 10);
	json_decref(arr);
	assert_int_equal(fk->nsent, 2);
}

/* ---- the history read of "monitor" (nstrack_history_read) ---- */

static void history_read_after(void **state)
{
	struct nstrack_nl *nl = *state;
	const struct nlattr *attr;
	struct nstrack_event *v = (void *)1, ev;
	size_t n = 99, b;

	/* after 0: the whole history, a dump without attributes */
	add_history();
	assert_int_equal(nstrack_history_read(nl, 0, &v, &n), 0);
	assert_int_equal(n, 4);
	assert_non_null(v);
	assert_true(v[0].seq == 10 && v[3].seq == 13);
	assert_string_equal(v[2].to.name, "dv-a");
	free(v);
	assert_int_equal(req_cmd(sent()), NSTRACK_CMD_HISTORY_GET);
	assert_int_equal(sent()->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	assert_int_equal(req_nattrs(sent()), 0);

	/* after N: SEQ = N, a u64 */
	b = new_batch();
	register_event(&ev);
	ev.seq = 42;
	add_event(b, &ev, NLM_F_MULTI);
	add_done(b, 0, 0, NULL);
	assert_int_equal(nstrack_history_read(nl, 41, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_true(v[0].seq == 42);
	free(v);
	assert_int_equal(req_nattrs(sent()), 1);
	attr = mnl_nlmsg_get_payload_offset(sent(), GENL_HDRLEN);
	assert_int_equal(mnl_attr_get_type(attr), NSTRACK_A_EVENT_SEQ);
	assert_int_equal(mnl_attr_get_payload_len(attr), 8);
	assert_true(mnl_attr_get_u64(attr) == 41);

	/* nothing after it: an empty, NULL array */
	add_done(new_batch(), 0, 0, NULL);
	v = (void *)1;
	assert_int_equal(nstrack_history_read(nl, 0x8000000000000000ULL, &v,
					      &n), 0);
	assert_null(v);
	assert_int_equal(n, 0);
	attr = mnl_nlmsg_get_payload_offset(sent(), GENL_HDRLEN);
	assert_true(mnl_attr_get_u64(attr) == 0x8000000000000000ULL);
	assert_string_equal(test_err_text(), "");
}

static void history_read_once_and_failures(void **state)
{
	struct nstrack_nl *nl = *state;
	struct nstrack_event *v, ev;
	size_t n, b;

	/* an interrupted dump is not run again: gaps show in the seqs */
	b = new_batch();
	register_event(&ev);
	ev.seq = 3;
	add_event(b, &ev, NLM_F_MULTI | NLM_F_DUMP_INTR);
	ev.seq = 5;
	add_event(b, &ev, NLM_F_MULTI | NLM_F_DUMP_INTR);
	add_done(b, 0, NLM_F_DUMP_INTR, NULL);
	add_history();
	assert_int_equal(nstrack_history_read(nl, 2, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_true(v[0].seq == 3 && v[1].seq == 5);
	free(v);
	assert_int_equal(fk->nsent, 1);
	assert_int_equal(nl->dump_attempts, 1);
	assert_string_equal(test_err_text(), "");

	/* refused: one line, no array */
	fk->nbatches = fk->next = 0;
	add_done(new_batch(), -EPERM, 0, NULL);
	v = (void *)1;
	n = 7;
	assert_int_equal(nstrack_history_read(nl, 2, &v, &n), -EPERM);
	assert_null(v);
	assert_int_equal(n, 0);
	assert_string_equal(test_err_text(),
		"nstrack: permission denied (CAP_NET_ADMIN is required)\n");

	/* a malformed event after good ones: nothing kept */
	test_err_start();
	b = new_batch();
	register_event(&ev);
	add_event(b, &ev, NLM_F_MULTI);
	batch_commit(b, put_event(batch_tail(b), &ev, EOMIT(TYPE),
				  NLM_F_MULTI));
	add_done(b, 0, 0, NULL);
	v = (void *)1;
	assert_int_equal(nstrack_history_read(nl, 0, &v, &n), -EBADMSG);
	assert_null(v);
	assert_int_equal(n, 0);
	assert_string_equal(test_err_text(),
		"nstrack: cannot read the event history: malformed reply from the kernel\n");
}

#define T(f) cmocka_unit_test(f)
#define TO(f) cmocka_unit_test_teardown(f, cap_teardown)
#define TF(f) cmocka_unit_test_setup_teardown(f, fake_setup, fake_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(events_round_trip),
		T(mandatory_and_optional_attributes),
		T(wrong_length_attribute_rejected),
		T(unknown_attributes_ignored),
		T(overruns_rejected),
		T(truncation_at_every_length),
		T(truncation_inside_a_nest),
		T(names_of_types_and_reasons),
		T(device_filter_and_endpoint),
		T(notification_parses_like_history),
		TO(history_json),
		TO(history_text),
		TO(walltime_format),
		TO(event_json_is_a_history_element),
		TO(event_text_line),
		TO(event_text_hostile_strings),
		TO(resync_json),
		TO(resync_text),
		TF(history_command_all),
		TF(history_command_text_names_namespaces),
		TF(history_command_of_one_namespace),
		TF(history_command_device_filter),
		TF(history_command_failures_print_nothing),
		TF(history_command_interrupted_dump),
		TF(history_read_after),
		TF(history_read_once_and_failures),
	};

	return cmocka_run_group_tests_name("event", tests, NULL, NULL);
}
