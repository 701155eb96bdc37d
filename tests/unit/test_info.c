// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: the module's INFO (user/info.c): parsing of crafted
 * NSTRACK_CMD_INFO_GET replies, and the request over the fake kernel.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <linux/genetlink.h>

#include "fake.h"
#include "info.h"
#include "testutil.h"

/* bit (1 << NSTRACK_A_INFO_x) in put_info()'s omit mask */
#define IOMIT(a) (1u << NSTRACK_A_INFO_##a)

static void full_info(struct nstrack_info *in)
{
	memset(in, 0, sizeof(*in));
	strcpy(in->version, "0.4.0-monitor");
	in->event_last = 0x0102030405060708ULL;
	in->event_oldest = 0x0102030405060001ULL;
	in->event_history_size = 4096;
	in->netns_history_size = 0x80000001u;
	in->events_here = true;
	in->notify_failed = 0xfedcba9876543210ULL;
	in->has_system = true;
	in->netns_records = 0x01020304u;
	in->dev_records = 0x05060708u;
	in->netns_record_size = 320;
	in->dev_record_size = 0x90a0b0c0u;
	in->event_record_size = 136;
}

/* the attributes of in in the kernel's order, minus those in omit */
static void put_info_attrs(struct nlmsghdr *nlh, const struct nstrack_info *in,
			   uint32_t omit)
{
#define WANT(a) (!(omit & IOMIT(a)))
	if (WANT(VERSION))
		mnl_attr_put_strz(nlh, NSTRACK_A_INFO_VERSION, in->version);
	if (WANT(EVENT_LAST))
		test_put_u64(nlh, NSTRACK_A_INFO_EVENT_LAST, in->event_last);
	if (WANT(EVENT_OLDEST))
		test_put_u64(nlh, NSTRACK_A_INFO_EVENT_OLDEST,
			     in->event_oldest);
	if (WANT(EVENT_HISTORY_SIZE))
		mnl_attr_put_u32(nlh, NSTRACK_A_INFO_EVENT_HISTORY_SIZE,
				 in->event_history_size);
	if (WANT(NETNS_HISTORY_SIZE))
		mnl_attr_put_u32(nlh, NSTRACK_A_INFO_NETNS_HISTORY_SIZE,
				 in->netns_history_size);
	if (WANT(NOTIFY_FAILED))
		test_put_u64(nlh, NSTRACK_A_INFO_NOTIFY_FAILED,
			     in->notify_failed);
	if (in->events_here && WANT(EVENTS_HERE))
		mnl_attr_put(nlh, NSTRACK_A_INFO_EVENTS_HERE, 0, NULL);
	if (WANT(NETNS_RECORDS))
		mnl_attr_put_u32(nlh, NSTRACK_A_INFO_NETNS_RECORDS,
				 in->netns_records);
	if (WANT(DEV_RECORDS))
		mnl_attr_put_u32(nlh, NSTRACK_A_INFO_DEV_RECORDS,
				 in->dev_records);
	if (WANT(NETNS_RECORD_SIZE))
		mnl_attr_put_u32(nlh, NSTRACK_A_INFO_NETNS_RECORD_SIZE,
				 in->netns_record_size);
	if (WANT(DEV_RECORD_SIZE))
		mnl_attr_put_u32(nlh, NSTRACK_A_INFO_DEV_RECORD_SIZE,
				 in->dev_record_size);
	if (WANT(EVENT_RECORD_SIZE))
		mnl_attr_put_u32(nlh, NSTRACK_A_INFO_EVENT_RECORD_SIZE,
				 in->event_record_size);
#undef WANT
}

static struct nlmsghdr *put_info(void *buf, const struct nstrack_info *in,
				 uint32_t omit, uint16_t flags)
{
	struct nlmsghdr *nlh = test_put_genl_header(buf, NSTRACK_CMD_INFO_GET,
						    flags);

	put_info_attrs(nlh, in, omit);
	return nlh;
}

static void assert_info_equal(const struct nstrack_info *a,
			      const struct nstrack_info *b)
{
	assert_string_equal(a->version, b->version);
	assert_true(a->event_last == b->event_last);
	assert_true(a->event_oldest == b->event_oldest);
	assert_int_equal(a->event_history_size, b->event_history_size);
	assert_int_equal(a->netns_history_size, b->netns_history_size);
	assert_int_equal(a->events_here, b->events_here);
	assert_true(a->notify_failed == b->notify_failed);
	assert_int_equal(a->has_system, b->has_system);
	assert_int_equal(a->netns_records, b->netns_records);
	assert_int_equal(a->dev_records, b->dev_records);
	assert_int_equal(a->netns_record_size, b->netns_record_size);
	assert_int_equal(a->dev_record_size, b->dev_record_size);
	assert_int_equal(a->event_record_size, b->event_record_size);
}

/* parse a copy of exactly nlmsg_len bytes, so that ASan sees any over-read */
static int parse_copy(const struct nlmsghdr *nlh, struct nstrack_info *out)
{
	void *copy = malloc(nlh->nlmsg_len);
	int ret;

	assert_non_null(copy);
	memcpy(copy, nlh, nlh->nlmsg_len);
	memset(out, 0xa5, sizeof(*out));
	ret = nstrack_info_parse(copy, out);
	free(copy);
	return ret;
}

static void assert_info_zero(const struct nstrack_info *out)
{
	struct nstrack_info zero;

	memset(&zero, 0, sizeof(zero));
	assert_memory_equal(out, &zero, sizeof(zero));
}

/* ---- parsing ---- */

static void info_all_attributes(void **state)
{
	struct nstrack_info in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;

	(void)state;
	full_info(&in);
	nlh = put_info(buf.b, &in, 0, 0);
	assert_int_equal(parse_copy(nlh, &out), 0);
	assert_info_equal(&out, &in);

	/* the longest version: 31 characters and the NUL */
	memset(in.version, 'v', NSTRACK_VERSION_LEN - 1);
	in.version[NSTRACK_VERSION_LEN - 1] = '\0';
	nlh = put_info(buf.b, &in, 0, 0);
	assert_int_equal(parse_copy(nlh, &out), 0);
	assert_info_equal(&out, &in);

	/* an empty history: oldest is last + 1, and 0 events ever */
	in.event_last = 0;
	in.event_oldest = 1;
	in.events_here = false;
	nlh = put_info(buf.b, &in, 0, 0);
	assert_int_equal(parse_copy(nlh, &out), 0);
	assert_info_equal(&out, &in);
}

/* what a caller who does not see every namespace gets */
#define SYSTEM_WIDE (IOMIT(EVENT_LAST) | IOMIT(EVENT_OLDEST) | \
		     IOMIT(NOTIFY_FAILED) | IOMIT(NETNS_RECORDS) | \
		     IOMIT(DEV_RECORDS))

static void info_only_mandatory(void **state)
{
	struct nstrack_info in, out, want;
	union test_buf buf;
	struct nlmsghdr *nlh;
	uint32_t all = 0;
	int a;

	(void)state;
	full_info(&in);
	for (a = 1; a <= NSTRACK_A_INFO_MAX; a++)
		all |= 1u << a;
	nlh = put_info(buf.b, &in, all & ~IOMIT(VERSION), 0);
	assert_int_equal(parse_copy(nlh, &out), 0);
	memset(&want, 0, sizeof(want));
	strcpy(want.version, in.version);
	assert_info_equal(&out, &want);

	/* a container's view: sizes, no system-wide figures */
	nlh = put_info(buf.b, &in, SYSTEM_WIDE, 0);
	assert_int_equal(parse_copy(nlh, &out), 0);
	want = in;
	want.has_system = false;
	want.event_last = want.event_oldest = want.notify_failed = 0;
	want.netns_records = want.dev_records = 0;
	assert_info_equal(&out, &want);

	/* each optional one alone */
	nlh = put_info(buf.b, &in, IOMIT(EVENTS_HERE), 0);
	assert_int_equal(parse_copy(nlh, &out), 0);
	assert_false(out.events_here);
	assert_string_equal(out.version, in.version);
	assert_true(out.notify_failed == in.notify_failed);
	nlh = put_info(buf.b, &in, IOMIT(NETNS_RECORD_SIZE), 0);
	assert_int_equal(parse_copy(nlh, &out), 0);
	assert_int_equal(out.netns_record_size, 0);
	assert_int_equal(out.dev_record_size, in.dev_record_size);
}

static void info_missing_mandatory(void **state)
{
	static const uint32_t omit[] = {
		IOMIT(EVENT_LAST), IOMIT(EVENT_OLDEST), IOMIT(VERSION),
		IOMIT(VERSION) | SYSTEM_WIDE,
	};
	struct nstrack_info in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;
	size_t i;

	(void)state;
	full_info(&in);
	for (i = 0; i < sizeof(omit) / sizeof(omit[0]); i++) {
		nlh = put_info(buf.b, &in, omit[i], 0);
		assert_int_equal(parse_copy(nlh, &out), -EINVAL);
		assert_info_zero(&out);
	}
	/* no attribute at all */
	nlh = test_put_genl_header(buf.b, NSTRACK_CMD_INFO_GET, 0);
	assert_int_equal(parse_copy(nlh, &out), -EINVAL);
	assert_info_zero(&out);
}

static void info_wrong_command(void **state)
{
	static const uint8_t cmds[] = {
		NSTRACK_CMD_UNSPEC, NSTRACK_CMD_NETNS_GET, NSTRACK_CMD_DEV_GET,
		NSTRACK_CMD_HISTORY_GET, NSTRACK_CMD_SOCKETS_GET,
		NSTRACK_CMD_EVENT_NTF, NSTRACK_CMD_INFO_GET + 1, 0xff,
	};
	struct nstrack_info in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;
	size_t i;

	(void)state;
	full_info(&in);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		nlh = test_put_genl_header(buf.b, cmds[i], 0);
		put_info_attrs(nlh, &in, 0);
		assert_int_equal(parse_copy(nlh, &out), -EINVAL);
		assert_info_zero(&out);
	}

	/* too short for the genl header */
	nlh = put_info(buf.b, &in, 0, 0);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 2;
	assert_int_equal(parse_copy(nlh, &out), -EINVAL);
}

/* the full reply with attribute type carrying len bytes of data instead */
static int parse_with_attr(uint16_t type, const void *data, size_t len)
{
	struct nstrack_info in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;

	full_info(&in);
	nlh = put_info(buf.b, &in, 1u << type, 0);
	mnl_attr_put(nlh, type, len, data);
	return parse_copy(nlh, &out);
}

static void info_wrong_lengths(void **state)
{
	static const uint16_t u64s[] = {
		NSTRACK_A_INFO_EVENT_LAST, NSTRACK_A_INFO_EVENT_OLDEST,
		NSTRACK_A_INFO_NOTIFY_FAILED,
	};
	static const uint16_t u32s[] = {
		NSTRACK_A_INFO_EVENT_HISTORY_SIZE,
		NSTRACK_A_INFO_NETNS_HISTORY_SIZE,
		NSTRACK_A_INFO_NETNS_RECORDS, NSTRACK_A_INFO_DEV_RECORDS,
		NSTRACK_A_INFO_NETNS_RECORD_SIZE,
		NSTRACK_A_INFO_DEV_RECORD_SIZE,
		NSTRACK_A_INFO_EVENT_RECORD_SIZE,
	};
	char zero[48] = { 0 }, str[48];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(u64s) / sizeof(u64s[0]); i++) {
		assert_int_equal(parse_with_attr(u64s[i], zero, 0), -EINVAL);
		assert_int_equal(parse_with_attr(u64s[i], zero, 4), -EINVAL);
		assert_int_equal(parse_with_attr(u64s[i], zero, 12), -EINVAL);
		assert_int_equal(parse_with_attr(u64s[i], zero, 16), -EINVAL);
		assert_int_equal(parse_with_attr(u64s[i], zero, 8), 0);
	}
	for (i = 0; i < sizeof(u32s) / sizeof(u32s[0]); i++) {
		assert_int_equal(parse_with_attr(u32s[i], zero, 0), -EINVAL);
		assert_int_equal(parse_with_attr(u32s[i], zero, 2), -EINVAL);
		assert_int_equal(parse_with_attr(u32s[i], zero, 8), -EINVAL);
		assert_int_equal(parse_with_attr(u32s[i], zero, 4), 0);
	}

	/* a flag has no payload */
	assert_int_equal(parse_with_attr(NSTRACK_A_INFO_EVENTS_HERE, zero, 0),
			 0);
	assert_int_equal(parse_with_attr(NSTRACK_A_INFO_EVENTS_HERE, zero, 1),
			 -EINVAL);
	assert_int_equal(parse_with_attr(NSTRACK_A_INFO_EVENTS_HERE, zero, 4),
			 -EINVAL);

	/* the version: NUL-terminated, NSTRACK_VERSION_LEN bytes at most */
	assert_int_equal(parse_with_attr(NSTRACK_A_INFO_VERSION, "1.0", 3),
			 -EINVAL);
	assert_int_equal(parse_with_attr(NSTRACK_A_INFO_VERSION, "", 0),
			 -EINVAL);
	assert_int_equal(parse_with_attr(NSTRACK_A_INFO_VERSION, "", 1), 0);
	memset(str, 'v', sizeof(str));
	str[NSTRACK_VERSION_LEN - 1] = '\0';
	assert_int_equal(parse_with_attr(NSTRACK_A_INFO_VERSION, str,
					 NSTRACK_VERSION_LEN), 0);
	str[NSTRACK_VERSION_LEN - 1] = 'v';
	str[NSTRACK_VERSION_LEN] = '\0';
	assert_int_equal(parse_with_attr(NSTRACK_A_INFO_VERSION, str,
					 NSTRACK_VERSION_LEN + 1), -EINVAL);
	/* a short string in a long attribute is still too long */
	memset(str, 0, sizeof(str));
	strcpy(str, "1.0");
	assert_int_equal(parse_with_attr(NSTRACK_A_INFO_VERSION, str,
					 NSTRACK_VERSION_LEN + 8), -EINVAL);
}

static void info_version_copied_to_its_nul(void **state)
{
	struct nstrack_info in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;
	char v[8] = { '1', '.', '2', '\0', 'x', 'y', 'z', '\0' };

	(void)state;
	full_info(&in);
	nlh = put_info(buf.b, &in, IOMIT(VERSION), 0);
	mnl_attr_put(nlh, NSTRACK_A_INFO_VERSION, sizeof(v), v);
	assert_int_equal(parse_copy(nlh, &out), 0);
	assert_string_equal(out.version, "1.2");
}

static void info_unknown_attributes_ignored(void **state)
{
	struct nstrack_info in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;

	(void)state;
	full_info(&in);
	nlh = test_put_genl_header(buf.b, NSTRACK_CMD_INFO_GET, 0);
	mnl_attr_put(nlh, NSTRACK_A_INFO_UNSPEC, 3, "abc");
	mnl_attr_put(nlh, NSTRACK_A_INFO_PAD, 4, "padd");
	put_info_attrs(nlh, &in, 0);
	/* from a newer module */
	mnl_attr_put(nlh, NSTRACK_A_INFO_MAX + 1, 5, "hello");
	mnl_attr_put_u64(nlh, NSTRACK_A_INFO_MAX + 2, 7);
	mnl_attr_put(nlh, 0x3fff, 0, NULL);
	assert_int_equal(parse_copy(nlh, &out), 0);
	assert_info_equal(&out, &in);
}

static void info_overruns_rejected(void **state)
{
	struct nstrack_info in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;
	struct nlattr *last;

	(void)state;
	full_info(&in);

	/* the last attribute claims more than the message holds */
	nlh = put_info(buf.b, &in, IOMIT(NETNS_HISTORY_SIZE), 0);
	last = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, NSTRACK_A_INFO_NETNS_HISTORY_SIZE, 1);
	assert_int_equal(parse_copy(nlh, &out), 0);
	last->nla_len += 4;
	assert_int_equal(parse_copy(nlh, &out), -EINVAL);
	last->nla_len = 2;
	assert_int_equal(parse_copy(nlh, &out), -EINVAL);

	/* garbage too short for an attribute after the last one */
	nlh = put_info(buf.b, &in, 0, 0);
	memset(mnl_nlmsg_get_payload_tail(nlh), 0, 4);
	nlh->nlmsg_len += 3;
	assert_int_equal(parse_copy(nlh, &out), -EINVAL);
}

/* ---- the request over the fake kernel ---- */

static void add_info(size_t b, const struct nstrack_info *in, uint32_t omit)
{
	batch_commit(b, put_info(batch_tail(b), in, omit, 0));
}

static void info_get(void **state)
{
	struct nstrack_nl *nl = *state;
	struct nstrack_info in, out;
	size_t b = new_batch();

	full_info(&in);
	add_info(b, &in, 0);
	add_error(b, 0, true, NULL);
	memset(&out, 0xa5, sizeof(out));
	assert_int_equal(nstrack_info_get(nl, &out), 0);
	assert_info_equal(&out, &in);
	assert_string_equal(test_err_text(), "");

	/* a "do" of INFO_GET, without attributes */
	assert_int_equal(fk->nsent, 1);
	assert_int_equal(sent()->nlmsg_type, TEST_FAMILY_ID);
	assert_int_equal(sent()->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	assert_int_equal(req_cmd(sent()), NSTRACK_CMD_INFO_GET);
	assert_int_equal(req_nattrs(sent()), 0);
	assert_int_equal(sent()->nlmsg_len, MNL_NLMSG_HDRLEN + GENL_HDRLEN);
	assert_int_equal(fk->next, fk->nbatches);
}

static void info_get_failures(void **state)
{
	struct nstrack_nl *nl = *state;
	struct nstrack_info in, out;
	size_t b;

	full_info(&in);

	/* refused */
	memcpy(fk->req.b, nstrack_nl_request(nl, NSTRACK_CMD_INFO_GET),
	       MNL_NLMSG_HDRLEN + GENL_HDRLEN);
	add_error(new_batch(), -EPERM, true, NULL);
	memset(&out, 0xa5, sizeof(out));
	assert_int_equal(nstrack_info_get(nl, &out), -EPERM);
	assert_string_equal(test_err_text(),
		"nstrack: permission denied (CAP_NET_ADMIN is required)\n");

	/* an older module that has no INFO_GET */
	test_err_start();
	add_error(new_batch(), -EOPNOTSUPP, true, NULL);
	assert_int_equal(nstrack_info_get(nl, &out), -EOPNOTSUPP);
	assert_string_equal(test_err_text(),
		"nstrack: reading the module's information: Operation not supported\n");

	/* the kernel's own words win */
	test_err_start();
	add_error(new_batch(), -EINVAL, true, "INFO takes no attributes");
	assert_int_equal(nstrack_info_get(nl, &out), -EINVAL);
	assert_string_equal(test_err_text(), "nstrack: INFO takes no attributes\n");

	/* a reply without EVENT_OLDEST */
	test_err_start();
	b = new_batch();
	add_info(b, &in, IOMIT(EVENT_OLDEST));
	add_error(b, 0, true, NULL);
	assert_int_equal(nstrack_info_get(nl, &out), -EBADMSG);
	assert_string_equal(test_err_text(),
		"nstrack: reading the module's information: malformed reply from the kernel\n");

	/* only the ack */
	test_err_start();
	add_error(new_batch(), 0, true, NULL);
	assert_int_equal(nstrack_info_get(nl, &out), -ENODATA);
	assert_string_equal(test_err_text(),
		"nstrack: reading the module's information: no reply from the kernel\n");

	/* a reply of another command */
	test_err_start();
	b = new_batch();
	batch_commit(b, test_put_record(batch_tail(b), &(struct nstrack_netns){
		.serial = 1, .cookie = 1, .inode = 1,
		.state = NSTRACK_NETNS_STATE_ALIVE }, 0, 0));
	add_error(b, 0, true, NULL);
	assert_int_equal(nstrack_info_get(nl, &out), -EBADMSG);
	assert_string_equal(test_err_text(),
		"nstrack: reading the module's information: malformed reply from the kernel\n");
	assert_int_equal(fk->next, fk->nbatches);
}

#define T(f) cmocka_unit_test(f)
#define TF(f) cmocka_unit_test_setup_teardown(f, fake_setup, fake_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(info_all_attributes),
		T(info_only_mandatory),
		T(info_missing_mandatory),
		T(info_wrong_command),
		T(info_wrong_lengths),
		T(info_version_copied_to_its_nul),
		T(info_unknown_attributes_ignored),
		T(info_overruns_rejected),
		TF(info_get),
		TF(info_get_failures),
	};

	return cmocka_run_group_tests_name("info", tests, NULL, NULL);
}
