// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: parsing of NSTRACK_CMD_NETNS_GET replies (user/netns.c).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <linux/genetlink.h>

#include "netns.h"
#include "testutil.h"

/* parse a copy of exactly len bytes, so that ASan sees any over-read */
static int parse_copy(const void *buf, size_t len, struct nstrack_netns *out)
{
	void *copy = malloc(len ? len : 1);
	int ret;

	assert_non_null(copy);
	memcpy(copy, buf, len);
	ret = nstrack_netns_parse_buf(copy, len, out);
	free(copy);
	return ret;
}

static void full_record_round_trips(void **state)
{
	struct nstrack_netns in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;

	(void)state;
	test_full_record(&in);
	nlh = test_put_record(buf.b, &in, 0, 0);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
	test_assert_netns_equal(&out, &in);

	/* the same through the entry point that trusts nlmsg_len */
	memset(&out, 0xa5, sizeof(out));
	assert_int_equal(nstrack_netns_parse(nlh, &out), 0);
	test_assert_netns_equal(&out, &in);
}

static void u64_values_survive_any_alignment(void **state)
{
	struct nstrack_netns in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;

	(void)state;
	/* libmnl puts u64 attributes without PAD: data may be unaligned */
	test_full_record(&in);
	in.serial = UINT64_MAX;
	in.cookie = 0x8000000000000001ULL;
	nlh = test_put_reply_header(buf.b, 0);
	mnl_attr_put_u32(nlh, NSTRACK_A_NETNS_INODE, in.inode);
	mnl_attr_put_u64(nlh, NSTRACK_A_NETNS_SERIAL, in.serial);
	mnl_attr_put_u8(nlh, NSTRACK_A_NETNS_STATE, in.state);
	mnl_attr_put_u64(nlh, NSTRACK_A_NETNS_COOKIE, in.cookie);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
	assert_true(out.serial == UINT64_MAX);
	assert_true(out.cookie == 0x8000000000000001ULL);
	assert_int_equal(out.inode, in.inode);
	assert_int_equal(out.state, in.state);
	assert_false(out.has_created);
}

static void preexisting_record_parses(void **state)
{
	struct nstrack_netns in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;

	(void)state;
	memset(&in, 0, sizeof(in));
	in.serial = 1;
	in.cookie = 1;
	in.inode = 4026531840u;
	in.has_owner_userns = true;
	in.owner_userns = 4026531837u;
	in.has_owner_uid = true;
	in.owner_uid = 0;
	in.state = NSTRACK_NETNS_STATE_ALIVE;
	in.flags = NSTRACK_NETNS_F_PREEXISTING;
	in.has_seen = true;
	in.seen_ns = 5000;
	nlh = test_put_record(buf.b, &in, 0, 0);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
	test_assert_netns_equal(&out, &in);
	assert_true(nstrack_netns_preexisting(&out));
	assert_false(out.has_created);
	assert_false(out.has_creator);
	assert_false(out.has_nsid);
	assert_false(out.has_pre_exit);
	assert_false(out.has_exit);
	assert_false(out.has_devices);
	assert_string_equal(out.creator_comm, "");
}

static void missing_mandatory_attribute_rejected(void **state)
{
	static const uint16_t mandatory[] = {
		NSTRACK_A_NETNS_SERIAL, NSTRACK_A_NETNS_COOKIE,
		NSTRACK_A_NETNS_INODE, NSTRACK_A_NETNS_STATE,
	};
	static const uint16_t optional[] = {
		NSTRACK_A_NETNS_NSID, NSTRACK_A_NETNS_OWNER_USERNS,
		NSTRACK_A_NETNS_OWNER_UID, NSTRACK_A_NETNS_FLAGS,
		NSTRACK_A_NETNS_SEEN_NS, NSTRACK_A_NETNS_CREATED_NS,
		NSTRACK_A_NETNS_CREATOR_PID, NSTRACK_A_NETNS_CREATOR_COMM,
		NSTRACK_A_NETNS_PRE_EXIT_NS, NSTRACK_A_NETNS_EXIT_NS,
		NSTRACK_A_NETNS_DEVICES, NSTRACK_A_NETNS_SOCKETS,
	};
	struct nstrack_netns in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;
	size_t i;

	(void)state;
	test_full_record(&in);
	for (i = 0; i < sizeof(mandatory) / sizeof(mandatory[0]); i++) {
		nlh = test_put_record(buf.b, &in, OMIT(mandatory[i]), 0);
		assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out),
				 -EINVAL);
	}
	/* while leaving out any optional one is fine */
	for (i = 0; i < sizeof(optional) / sizeof(optional[0]); i++) {
		nlh = test_put_record(buf.b, &in, OMIT(optional[i]), 0);
		assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
		assert_true(out.cookie == in.cookie);
		/* an old module: no device count, and it says so */
		assert_int_equal(out.has_devices,
				 optional[i] != NSTRACK_A_NETNS_DEVICES);
		/* a dead namespace (or an old module): no socket counts */
		assert_int_equal(out.has_sockets,
				 optional[i] != NSTRACK_A_NETNS_SOCKETS);
		assert_int_equal(out.has_tcp_time_wait,
				 optional[i] != NSTRACK_A_NETNS_SOCKETS);
	}
	/* only the header */
	nlh = test_put_reply_header(buf.b, 0);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), -EINVAL);
}

/* full record, but attribute type carries a value of the wrong size */
static int parse_with_bad_attr(uint16_t type, const void *data, size_t len)
{
	struct nstrack_netns in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;

	test_full_record(&in);
	nlh = test_put_record(buf.b, &in, OMIT(type), 0);
	mnl_attr_put(nlh, type, len, data);
	return parse_copy(buf.b, nlh->nlmsg_len, &out);
}

static void wrong_length_attribute_rejected(void **state)
{
	static const uint16_t u64s[] = {
		NSTRACK_A_NETNS_SERIAL, NSTRACK_A_NETNS_COOKIE,
		NSTRACK_A_NETNS_SEEN_NS, NSTRACK_A_NETNS_CREATED_NS,
		NSTRACK_A_NETNS_PRE_EXIT_NS, NSTRACK_A_NETNS_EXIT_NS,
	};
	static const uint16_t u32s[] = {
		NSTRACK_A_NETNS_INODE, NSTRACK_A_NETNS_NSID,
		NSTRACK_A_NETNS_OWNER_USERNS, NSTRACK_A_NETNS_OWNER_UID,
		NSTRACK_A_NETNS_FLAGS, NSTRACK_A_NETNS_CREATOR_PID,
		NSTRACK_A_NETNS_DEVICES,
	};
	const char zero[16] = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(u64s) / sizeof(u64s[0]); i++) {
		assert_int_equal(parse_with_bad_attr(u64s[i], zero, 4), -EINVAL);
		assert_int_equal(parse_with_bad_attr(u64s[i], zero, 16), -EINVAL);
		assert_int_equal(parse_with_bad_attr(u64s[i], zero, 0), -EINVAL);
		/* the right size is accepted (the test itself is sound) */
		assert_int_equal(parse_with_bad_attr(u64s[i], zero, 8), 0);
	}
	for (i = 0; i < sizeof(u32s) / sizeof(u32s[0]); i++) {
		assert_int_equal(parse_with_bad_attr(u32s[i], zero, 8), -EINVAL);
		assert_int_equal(parse_with_bad_attr(u32s[i], zero, 2), -EINVAL);
		assert_int_equal(parse_with_bad_attr(u32s[i], zero, 4), 0);
	}
	assert_int_equal(parse_with_bad_attr(NSTRACK_A_NETNS_STATE, zero, 4),
			 -EINVAL);
	assert_int_equal(parse_with_bad_attr(NSTRACK_A_NETNS_STATE, zero, 0),
			 -EINVAL);
	assert_int_equal(parse_with_bad_attr(NSTRACK_A_NETNS_STATE, zero, 1), 0);
	assert_int_equal(parse_with_bad_attr(NSTRACK_A_NETNS_CREATOR_COMM, zero,
					     0), -EINVAL);
}

static void unknown_attributes_ignored(void **state)
{
	struct nstrack_netns in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;
	const char junk[13] = "not-a-number";

	(void)state;
	test_full_record(&in);
	nlh = test_put_reply_header(buf.b, 0);
	/* a newer module's attributes, before, between and after ours */
	mnl_attr_put(nlh, NSTRACK_A_NETNS_MAX + 1, sizeof(junk), junk);
	test_put_record_attrs(nlh, &in, 0);
	mnl_attr_put_u64(nlh, NSTRACK_A_NETNS_MAX + 7, 1);
	mnl_attr_put(nlh, 0x3fff, 0, NULL);
	/* UNSPEC and PAD of any size, and request-only selectors */
	mnl_attr_put(nlh, NSTRACK_A_NETNS_UNSPEC, 3, "abc");
	mnl_attr_put(nlh, NSTRACK_A_NETNS_PAD, 12, junk);
	mnl_attr_put_u64(nlh, NSTRACK_A_NETNS_PID, 1);
	mnl_attr_put(nlh, NSTRACK_A_NETNS_FD, 1, "x");
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
	test_assert_netns_equal(&out, &in);
}

static void overrunning_attribute_rejected(void **state)
{
	struct nstrack_netns in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;
	struct nlattr *last;
	size_t good_len;

	(void)state;
	test_full_record(&in);
	nlh = test_put_record(buf.b, &in, 0, 0);
	good_len = nlh->nlmsg_len;

	/* the last attribute claims 8 more bytes than the message has */
	last = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, 200, 0xdeadbeef);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
	last->nla_len += 8;
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), -EINVAL);
	/* even when the buffer happens to hold the bytes */
	assert_int_equal(nstrack_netns_parse(nlh, &out), -EINVAL);

	/* an attribute in the middle with a huge length */
	nlh->nlmsg_len = good_len;
	last = (struct nlattr *)((char *)nlh + MNL_NLMSG_HDRLEN + GENL_HDRLEN);
	last->nla_len = 0xfff0;
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), -EINVAL);
	/* or a length shorter than an attribute header */
	last->nla_len = 2;
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), -EINVAL);

	/* trailing bytes too few for another attribute */
	nlh = test_put_record(buf.b, &in, 0, 0);
	memset((char *)nlh + nlh->nlmsg_len, 0, 4);
	nlh->nlmsg_len += 2;
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), -EINVAL);
}

static void bad_comm_rejected(void **state)
{
	char longest[NSTRACK_COMM_LEN], too_long[NSTRACK_COMM_LEN + 1];
	struct nstrack_netns in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;

	(void)state;
	test_full_record(&in);

	/* no terminating NUL */
	nlh = test_put_record(buf.b, &in, OMIT(NSTRACK_A_NETNS_CREATOR_COMM), 0);
	mnl_attr_put(nlh, NSTRACK_A_NETNS_CREATOR_COMM, 4, "abcd");
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), -EINVAL);

	/* 16 characters + NUL: one byte too long */
	memset(too_long, 'x', sizeof(too_long) - 1);
	too_long[sizeof(too_long) - 1] = '\0';
	nlh = test_put_record(buf.b, &in, OMIT(NSTRACK_A_NETNS_CREATOR_COMM), 0);
	mnl_attr_put_strz(nlh, NSTRACK_A_NETNS_CREATOR_COMM, too_long);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), -EINVAL);

	/* 15 characters + NUL is the longest comm there is */
	memset(longest, 'y', sizeof(longest) - 1);
	longest[sizeof(longest) - 1] = '\0';
	nlh = test_put_record(buf.b, &in, OMIT(NSTRACK_A_NETNS_CREATOR_COMM), 0);
	mnl_attr_put_strz(nlh, NSTRACK_A_NETNS_CREATOR_COMM, longest);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
	assert_string_equal(out.creator_comm, longest);

	/* NUL padding after the name (fixed-size copy of task->comm) */
	nlh = test_put_record(buf.b, &in, OMIT(NSTRACK_A_NETNS_CREATOR_COMM), 0);
	mnl_attr_put(nlh, NSTRACK_A_NETNS_CREATOR_COMM, NSTRACK_COMM_LEN,
		     "ip\0\0\0\0\0\0\0\0\0\0\0\0\0");
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
	assert_string_equal(out.creator_comm, "ip");
}

/* a full record whose SOCKETS nest is built by the caller: nest open */
static struct nlmsghdr *record_with_nest(void *buf, struct nlattr **nest)
{
	struct nstrack_netns in;
	struct nlmsghdr *nlh;

	test_full_record(&in);
	nlh = test_put_record(buf, &in, OMIT(NSTRACK_A_NETNS_SOCKETS), 0);
	*nest = mnl_attr_nest_start(nlh, NSTRACK_A_NETNS_SOCKETS);
	return nlh;
}

static int parse_nest_end(struct nlmsghdr *nlh, struct nlattr *nest,
			  struct nstrack_netns *out)
{
	mnl_attr_nest_end(nlh, nest);
	return parse_copy(nlh, nlh->nlmsg_len, out);
}

static void socket_counts_nest(void **state)
{
	struct nstrack_netns out;
	union test_buf buf;
	struct nlmsghdr *nlh;
	struct nlattr *nest, *proto;
	const char zero[8] = { 0 };

	(void)state;
	/* TOTAL alone: no TIME_WAIT count */
	nlh = record_with_nest(buf.b, &nest);
	mnl_attr_put_u32(nlh, NSTRACK_A_SOCKETS_TOTAL, 0);
	assert_int_equal(parse_nest_end(nlh, nest, &out), 0);
	assert_true(out.has_sockets);
	assert_int_equal(out.sockets, 0);
	assert_false(out.has_tcp_time_wait);

	/*
	 * UINT32_MAX survives; PROTO nests (SOCKETS_GET sends them) and
	 * unknown attributes are skipped; TIME_WAIT may come first
	 */
	nlh = record_with_nest(buf.b, &nest);
	mnl_attr_put_u32(nlh, NSTRACK_A_SOCKETS_TCP_TIME_WAIT, 77);
	mnl_attr_put(nlh, NSTRACK_A_SOCKETS_UNSPEC, 3, "abc");
	proto = mnl_attr_nest_start(nlh, NSTRACK_A_SOCKETS_PROTO);
	mnl_attr_put_strz(nlh, NSTRACK_A_PROTO_NAME, "TCP");
	mnl_attr_put_u32(nlh, NSTRACK_A_PROTO_INUSE, 5);
	mnl_attr_nest_end(nlh, proto);
	mnl_attr_put_u64(nlh, NSTRACK_A_SOCKETS_MAX + 1, 1);
	mnl_attr_put_u32(nlh, NSTRACK_A_SOCKETS_TOTAL, UINT32_MAX);
	assert_int_equal(parse_nest_end(nlh, nest, &out), 0);
	assert_true(out.has_sockets && out.has_tcp_time_wait);
	assert_true(out.sockets == UINT32_MAX);
	assert_int_equal(out.tcp_time_wait, 77);

	/* an empty nest, or one without TOTAL, is malformed */
	nlh = record_with_nest(buf.b, &nest);
	memset(&out, 0xa5, sizeof(out));
	assert_int_equal(parse_nest_end(nlh, nest, &out), -EINVAL);
	assert_false(out.has_sockets);
	assert_int_equal(out.cookie, 0);
	nlh = record_with_nest(buf.b, &nest);
	mnl_attr_put_u32(nlh, NSTRACK_A_SOCKETS_TCP_TIME_WAIT, 1);
	assert_int_equal(parse_nest_end(nlh, nest, &out), -EINVAL);

	/* wrong lengths inside the nest */
	nlh = record_with_nest(buf.b, &nest);
	mnl_attr_put(nlh, NSTRACK_A_SOCKETS_TOTAL, 8, zero);
	assert_int_equal(parse_nest_end(nlh, nest, &out), -EINVAL);
	nlh = record_with_nest(buf.b, &nest);
	mnl_attr_put_u32(nlh, NSTRACK_A_SOCKETS_TOTAL, 1);
	mnl_attr_put(nlh, NSTRACK_A_SOCKETS_TCP_TIME_WAIT, 2, zero);
	assert_int_equal(parse_nest_end(nlh, nest, &out), -EINVAL);

	/* a bad PROTO nest is malformed here too (no INUSE) */
	nlh = record_with_nest(buf.b, &nest);
	mnl_attr_put_u32(nlh, NSTRACK_A_SOCKETS_TOTAL, 1);
	proto = mnl_attr_nest_start(nlh, NSTRACK_A_SOCKETS_PROTO);
	mnl_attr_put_strz(nlh, NSTRACK_A_PROTO_NAME, "UDP");
	mnl_attr_nest_end(nlh, proto);
	assert_int_equal(parse_nest_end(nlh, nest, &out), -EINVAL);

	/* SOCKETS that is not a nest: a bare u32, or 2 bytes */
	nlh = test_put_record(buf.b, &(struct nstrack_netns){
		.serial = 1, .cookie = 2, .inode = 3, .state = 1 }, 0, 0);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
	assert_false(out.has_sockets);
	mnl_attr_put_u32(nlh, NSTRACK_A_NETNS_SOCKETS, 57);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), -EINVAL);
	nlh = test_put_record(buf.b, &(struct nstrack_netns){
		.serial = 1, .cookie = 2, .inode = 3, .state = 1 }, 0, 0);
	mnl_attr_put(nlh, NSTRACK_A_NETNS_SOCKETS, 2, zero);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), -EINVAL);
}

static bool is_end(const size_t *ends, size_t nends, size_t n)
{
	size_t i;

	for (i = 0; i < nends; i++)
		if (ends[i] == n)
			return true;
	return false;
}

/*
 * Every length at which the message can be cut between attributes: from
 * the end of each attribute's data to the end of its alignment padding
 * (PAD attributes included).
 */
static size_t attr_ends(const struct nlmsghdr *nlh, size_t *ends, size_t max)
{
	const struct nlattr *attr;
	size_t n = 0;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		size_t off = (size_t)((const char *)attr - (const char *)nlh);

		size_t end;

		for (end = off + attr->nla_len;
		     end <= off + MNL_ALIGN(attr->nla_len); end++) {
			assert_true(n < max);
			ends[n++] = end;
		}
	}
	return n;
}

/*
 * Cut the message at every length: copies of exactly n bytes, once with
 * the original header (must fail unless n is the full length) and once with
 * nlmsg_len shrunk to n.  Shrunk messages may only parse when cut at an
 * attribute boundary, must parse there once the mandatory attributes are
 * in, and what they return must be a prefix of the record.
 */
static void truncation_at_every_length(void **state)
{
	struct nstrack_netns in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;
	size_t ends[80], nends, n, full, mandatory_end = 0;
	unsigned int parsed = 0;

	(void)state;
	test_full_record(&in);
	nlh = test_put_record(buf.b, &in, 0, 0);
	full = nlh->nlmsg_len;
	nends = attr_ends(nlh, ends, 80);
	assert_true(nends >= 18);

	/* the shortest cut with all mandatory attributes (STATE is 7th) */
	for (n = 0; n < nends && !mandatory_end; n++) {
		nlh->nlmsg_len = (uint32_t)ends[n];
		if (nstrack_netns_parse(nlh, &out) == 0)
			mandatory_end = ends[n];
	}
	nlh->nlmsg_len = (uint32_t)full;
	assert_true(mandatory_end > MNL_NLMSG_HDRLEN + GENL_HDRLEN + 40);
	assert_true(mandatory_end < full);

	for (n = 0; n <= full; n++) {
		char *copy = malloc(n ? n : 1);
		int ret;

		assert_non_null(copy);
		memcpy(copy, buf.b, n);
		ret = nstrack_netns_parse_buf(copy, n, &out);
		if (n == full) {
			assert_int_equal(ret, 0);
			test_assert_netns_equal(&out, &in);
		} else {
			assert_int_equal(ret, -EINVAL);
		}

		if (n >= sizeof(struct nlmsghdr)) {
			((struct nlmsghdr *)copy)->nlmsg_len = (uint32_t)n;
			ret = nstrack_netns_parse_buf(copy, n, &out);
			if (is_end(ends, nends, n) && n >= mandatory_end)
				assert_int_equal(ret, 0);
			if (!is_end(ends, nends, n) || n < mandatory_end)
				assert_int_equal(ret, -EINVAL);
			if (ret == 0) {
				parsed++;
				assert_true(out.serial == in.serial);
				assert_true(out.cookie == in.cookie);
				assert_int_equal(out.inode, in.inode);
				assert_int_equal(out.state, in.state);
				if (out.has_nsid)
					assert_int_equal(out.nsid, in.nsid);
				if (out.has_owner_uid)
					assert_int_equal(out.owner_uid,
							 in.owner_uid);
				if (out.has_created)
					assert_true(out.created_ns ==
						    in.created_ns);
				if (out.has_creator)
					assert_int_equal(out.creator_pid,
							 in.creator_pid);
				if (out.creator_comm[0])
					assert_string_equal(out.creator_comm,
							    in.creator_comm);
				if (out.has_pre_exit)
					assert_true(out.pre_exit_ns ==
						    in.pre_exit_ns);
				if (out.has_exit)
					assert_true(out.exit_ns == in.exit_ns);
				if (out.has_devices)
					assert_int_equal(out.devices,
							 in.devices);
				/* the nest is last: all of it or nothing */
				if (out.has_sockets) {
					assert_int_equal(n, full);
					assert_int_equal(out.sockets,
							 in.sockets);
					assert_int_equal(out.tcp_time_wait,
							 in.tcp_time_wait);
				}
			}
		}
		free(copy);
	}
	/* the walk really went through several successful prefixes */
	assert_true(parsed >= 8);
}

static void bad_headers_rejected(void **state)
{
	struct nstrack_netns in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;

	(void)state;
	test_full_record(&in);
	nlh = test_put_record(buf.b, &in, 0, 0);

	/* nlmsg_len shorter than the genl header */
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 2;
	assert_int_equal(nstrack_netns_parse(nlh, &out), -EINVAL);
	nlh->nlmsg_len = 0;
	assert_int_equal(nstrack_netns_parse(nlh, &out), -EINVAL);
	assert_int_equal(nstrack_netns_parse_buf(buf.b, sizeof(buf.b), &out),
			 -EINVAL);
	assert_int_equal(nstrack_netns_parse(NULL, &out), -EINVAL);
	assert_int_equal(nstrack_netns_parse_buf(NULL, 100, &out), -EINVAL);

	/* a different command */
	nlh = test_put_record(buf.b, &in, 0, 0);
	genl = mnl_nlmsg_get_payload(nlh);
	genl->cmd = NSTRACK_CMD_UNSPEC;
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), -EINVAL);
	genl->cmd = NSTRACK_CMD_NETNS_GET;
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
}

static void failed_parse_leaves_no_stale_data(void **state)
{
	struct nstrack_netns in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;

	(void)state;
	test_full_record(&in);
	nlh = test_put_record(buf.b, &in, OMIT(NSTRACK_A_NETNS_STATE), 0);
	memset(&out, 0xa5, sizeof(out));
	assert_int_equal(nstrack_netns_parse(nlh, &out), -EINVAL);
	assert_false(out.has_created);
	assert_int_equal(out.cookie, 0);
}

static void state_names(void **state)
{
	(void)state;
	assert_string_equal(nstrack_state_name(NSTRACK_NETNS_STATE_ALIVE), "alive");
	assert_string_equal(nstrack_state_name(NSTRACK_NETNS_STATE_DYING), "dying");
	assert_string_equal(nstrack_state_name(NSTRACK_NETNS_STATE_DEAD), "dead");
	assert_string_equal(nstrack_state_name(0), "unknown");
	assert_string_equal(nstrack_state_name(77), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(full_record_round_trips),
		cmocka_unit_test(u64_values_survive_any_alignment),
		cmocka_unit_test(preexisting_record_parses),
		cmocka_unit_test(missing_mandatory_attribute_rejected),
		cmocka_unit_test(wrong_length_attribute_rejected),
		cmocka_unit_test(unknown_attributes_ignored),
		cmocka_unit_test(overrunning_attribute_rejected),
		cmocka_unit_test(bad_comm_rejected),
		cmocka_unit_test(socket_counts_nest),
		cmocka_unit_test(truncation_at_every_length),
		cmocka_unit_test(bad_headers_rejected),
		cmocka_unit_test(failed_parse_leaves_no_stale_data),
		cmocka_unit_test(state_names),
	};

	return cmocka_run_group_tests_name("netns", tests, NULL, NULL);
}
