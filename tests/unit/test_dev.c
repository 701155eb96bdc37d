// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: parsing of NSTRACK_CMD_DEV_GET replies (user/dev.c), their
 * output (user/output.c) and the devices command over the fake kernel
 * (user/cmd_devices.c).
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
#include "dev.h"
#include "fake.h"
#include "nsarg.h"
#include "output.h"
#include "print.h"
#include "testutil.h"

#define NO_NAMES "/nonexistent/nstrack-test-netns"

/* bit (1 << NSTRACK_A_DEV_x) in put_dev()'s omit mask */
#define DOMIT(a) (1u << NSTRACK_A_DEV_##a)

static void full_dev(struct nstrack_dev *d)
{
	static const uint8_t mac[6] = { 0x02, 0xAb, 0xcD, 0x00, 0x0f, 0xf0 };

	memset(d, 0, sizeof(*d));
	d->netns_cookie = 0x0123456789abcdefULL;
	d->netns_inode = 4026532281u;
	d->ifindex = 0x80000002u;
	strcpy(d->name, "veth-longest-15");	/* IFNAMSIZ - 1 characters */
	strcpy(d->kind, "veth");
	d->addr_len = sizeof(mac);
	memcpy(d->addr, mac, sizeof(mac));
}

/* the attributes of d in the kernel's order, minus those in omit */
static void put_dev_attrs(struct nlmsghdr *nlh, const struct nstrack_dev *d,
			  uint32_t omit)
{
	if (!(omit & DOMIT(NETNS_COOKIE)))
		test_put_u64(nlh, NSTRACK_A_DEV_NETNS_COOKIE, d->netns_cookie);
	if (!(omit & DOMIT(NETNS_INODE)))
		mnl_attr_put_u32(nlh, NSTRACK_A_DEV_NETNS_INODE, d->netns_inode);
	if (!(omit & DOMIT(IFINDEX)))
		mnl_attr_put_u32(nlh, NSTRACK_A_DEV_IFINDEX, d->ifindex);
	if (!(omit & DOMIT(NAME)))
		mnl_attr_put_strz(nlh, NSTRACK_A_DEV_NAME, d->name);
	if (!(omit & DOMIT(KIND)))
		mnl_attr_put_strz(nlh, NSTRACK_A_DEV_KIND, d->kind);
	if (d->addr_len && !(omit & DOMIT(ADDRESS)))
		mnl_attr_put(nlh, NSTRACK_A_DEV_ADDRESS, d->addr_len, d->addr);
}

static struct nlmsghdr *put_dev(void *buf, const struct nstrack_dev *d,
				uint32_t omit, uint16_t flags)
{
	struct nlmsghdr *nlh = test_put_genl_header(buf, NSTRACK_CMD_DEV_GET,
						    flags);

	put_dev_attrs(nlh, d, omit);
	return nlh;
}

static void assert_dev_equal(const struct nstrack_dev *a,
			     const struct nstrack_dev *b)
{
	assert_true(a->netns_cookie == b->netns_cookie);
	assert_int_equal(a->netns_inode, b->netns_inode);
	assert_int_equal(a->ifindex, b->ifindex);
	assert_string_equal(a->name, b->name);
	assert_string_equal(a->kind, b->kind);
	assert_int_equal(a->addr_len, b->addr_len);
	assert_memory_equal(a->addr, b->addr, a->addr_len);
}

/* parse a copy of exactly len bytes, so that ASan sees any over-read */
static int parse_copy(const void *buf, size_t len, struct nstrack_dev *out)
{
	void *copy = malloc(len ? len : 1);
	int ret;

	assert_non_null(copy);
	memcpy(copy, buf, len);
	ret = nstrack_dev_parse_buf(copy, len, out);
	free(copy);
	return ret;
}

/* ---- parsing ---- */

static void full_device_round_trips(void **state)
{
	struct nstrack_dev in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;

	(void)state;
	full_dev(&in);
	nlh = put_dev(buf.b, &in, 0, 0);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
	assert_dev_equal(&out, &in);

	/* the entry point that trusts nlmsg_len; *out is reset first */
	memset(&out, 0xa5, sizeof(out));
	assert_int_equal(nstrack_dev_parse(nlh, &out), 0);
	assert_dev_equal(&out, &in);

	/* u64 without the kernel's PAD: unaligned data is read right */
	nlh = test_put_genl_header(buf.b, NSTRACK_CMD_DEV_GET, 0);
	mnl_attr_put_u32(nlh, NSTRACK_A_DEV_IFINDEX, 1);
	mnl_attr_put_u64(nlh, NSTRACK_A_DEV_NETNS_COOKIE, UINT64_MAX - 1);
	mnl_attr_put_u32(nlh, NSTRACK_A_DEV_NETNS_INODE, 7);
	mnl_attr_put_strz(nlh, NSTRACK_A_DEV_NAME, "lo");
	mnl_attr_put_strz(nlh, NSTRACK_A_DEV_KIND, "loopback");
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
	assert_true(out.netns_cookie == UINT64_MAX - 1);
	assert_int_equal(out.netns_inode, 7);
	assert_int_equal(out.ifindex, 1);
	assert_string_equal(out.name, "lo");
	assert_string_equal(out.kind, "loopback");
	assert_int_equal(out.addr_len, 0);
}

static void address_lengths(void **state)
{
	static const size_t ok[] = { 1, 6, 8, 16, 20, NSTRACK_ADDR_MAX };
	static const uint8_t long_addr[NSTRACK_ADDR_MAX + 1] = { 1 };
	struct nstrack_dev in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;
	size_t i, j;

	(void)state;
	full_dev(&in);
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		in.addr_len = ok[i];
		for (j = 0; j < ok[i]; j++)
			in.addr[j] = (uint8_t)(0xf0 + j);
		nlh = put_dev(buf.b, &in, 0, 0);
		assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
		assert_int_equal(out.addr_len, ok[i]);
		assert_memory_equal(out.addr, in.addr, ok[i]);
	}

	/* no address: absent, or present but empty */
	nlh = put_dev(buf.b, &in, DOMIT(ADDRESS), 0);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
	assert_int_equal(out.addr_len, 0);
	nlh = put_dev(buf.b, &in, DOMIT(ADDRESS), 0);
	mnl_attr_put(nlh, NSTRACK_A_DEV_ADDRESS, 0, NULL);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
	assert_int_equal(out.addr_len, 0);

	/* longer than any link-layer address */
	nlh = put_dev(buf.b, &in, DOMIT(ADDRESS), 0);
	mnl_attr_put(nlh, NSTRACK_A_DEV_ADDRESS, NSTRACK_ADDR_MAX + 1,
		     long_addr);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), -EINVAL);
}

static void missing_mandatory_attribute_rejected(void **state)
{
	static const uint32_t mandatory[] = {
		DOMIT(NETNS_COOKIE), DOMIT(NETNS_INODE), DOMIT(IFINDEX),
		DOMIT(NAME), DOMIT(KIND),
	};
	struct nstrack_dev in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;
	size_t i;

	(void)state;
	full_dev(&in);
	for (i = 0; i < sizeof(mandatory) / sizeof(mandatory[0]); i++) {
		nlh = put_dev(buf.b, &in, mandatory[i], 0);
		memset(&out, 0xa5, sizeof(out));
		assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out),
				 -EINVAL);
		/* nothing half-filled is left behind */
		assert_int_equal(out.ifindex, 0);
		assert_string_equal(out.name, "");
	}
	nlh = put_dev(buf.b, &in, DOMIT(ADDRESS), 0);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
	nlh = test_put_genl_header(buf.b, NSTRACK_CMD_DEV_GET, 0);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), -EINVAL);
}

/* a full device whose attribute type carries len bytes of data instead */
static int parse_with_bad_attr(uint16_t type, const void *data, size_t len)
{
	struct nstrack_dev in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;

	full_dev(&in);
	nlh = put_dev(buf.b, &in, 1u << type, 0);
	mnl_attr_put(nlh, type, len, data);
	return parse_copy(buf.b, nlh->nlmsg_len, &out);
}

static void wrong_length_attribute_rejected(void **state)
{
	static const uint16_t u32s[] = {
		NSTRACK_A_DEV_NETNS_INODE, NSTRACK_A_DEV_IFINDEX,
	};
	char zero[NSTRACK_KIND_LEN + 2] = { 0 };
	char str[NSTRACK_KIND_LEN + 2];
	size_t i;

	(void)state;
	assert_int_equal(parse_with_bad_attr(NSTRACK_A_DEV_NETNS_COOKIE, zero, 4),
			 -EINVAL);
	assert_int_equal(parse_with_bad_attr(NSTRACK_A_DEV_NETNS_COOKIE, zero, 16),
			 -EINVAL);
	assert_int_equal(parse_with_bad_attr(NSTRACK_A_DEV_NETNS_COOKIE, zero, 0),
			 -EINVAL);
	assert_int_equal(parse_with_bad_attr(NSTRACK_A_DEV_NETNS_COOKIE, zero, 8),
			 0);
	for (i = 0; i < sizeof(u32s) / sizeof(u32s[0]); i++) {
		assert_int_equal(parse_with_bad_attr(u32s[i], zero, 2), -EINVAL);
		assert_int_equal(parse_with_bad_attr(u32s[i], zero, 8), -EINVAL);
		assert_int_equal(parse_with_bad_attr(u32s[i], zero, 0), -EINVAL);
		assert_int_equal(parse_with_bad_attr(u32s[i], zero, 4), 0);
	}

	/* strings: NUL-terminated, not empty, bounded */
	assert_int_equal(parse_with_bad_attr(NSTRACK_A_DEV_NAME, "eth0", 4),
			 -EINVAL);
	assert_int_equal(parse_with_bad_attr(NSTRACK_A_DEV_NAME, "", 0), -EINVAL);
	assert_int_equal(parse_with_bad_attr(NSTRACK_A_DEV_KIND, "veth", 4),
			 -EINVAL);
	assert_int_equal(parse_with_bad_attr(NSTRACK_A_DEV_KIND, "", 0), -EINVAL);
	memset(str, 'n', sizeof(str));
	str[NSTRACK_IFNAME_LEN - 1] = '\0';	/* 15 characters + NUL */
	assert_int_equal(parse_with_bad_attr(NSTRACK_A_DEV_NAME, str,
					     NSTRACK_IFNAME_LEN), 0);
	str[NSTRACK_IFNAME_LEN - 1] = 'n';
	str[NSTRACK_IFNAME_LEN] = '\0';		/* 16 + NUL */
	assert_int_equal(parse_with_bad_attr(NSTRACK_A_DEV_NAME, str,
					     NSTRACK_IFNAME_LEN + 1), -EINVAL);
	memset(str, 'k', sizeof(str));
	str[NSTRACK_KIND_LEN - 1] = '\0';
	assert_int_equal(parse_with_bad_attr(NSTRACK_A_DEV_KIND, str,
					     NSTRACK_KIND_LEN), 0);
	str[NSTRACK_KIND_LEN - 1] = 'k';
	str[NSTRACK_KIND_LEN] = '\0';
	assert_int_equal(parse_with_bad_attr(NSTRACK_A_DEV_KIND, str,
					     NSTRACK_KIND_LEN + 1), -EINVAL);
	/* NUL padding after a name is fine */
	assert_int_equal(parse_with_bad_attr(NSTRACK_A_DEV_NAME,
					     "lo\0\0\0\0\0\0\0\0\0\0\0\0\0",
					     NSTRACK_IFNAME_LEN), 0);
}

static void unknown_attributes_ignored(void **state)
{
	struct nstrack_dev in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;

	(void)state;
	full_dev(&in);
	nlh = test_put_genl_header(buf.b, NSTRACK_CMD_DEV_GET, 0);
	mnl_attr_put(nlh, NSTRACK_A_DEV_MAX + 1, 3, "abc");
	mnl_attr_put(nlh, NSTRACK_A_DEV_UNSPEC, 5, "12345");
	put_dev_attrs(nlh, &in, 0);
	mnl_attr_put(nlh, NSTRACK_A_DEV_PAD, 12, "not-a-pad!!");
	mnl_attr_put_u64(nlh, 0x3fff, 1);
	mnl_attr_put(nlh, NSTRACK_A_DEV_MAX + 9, 0, NULL);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
	assert_dev_equal(&out, &in);
}

static void overruns_and_bad_headers_rejected(void **state)
{
	struct nstrack_dev in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;
	struct nlattr *last;
	struct genlmsghdr *genl;

	(void)state;
	full_dev(&in);
	nlh = put_dev(buf.b, &in, 0, 0);
	last = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, 100, 1);
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
	last->nla_len += 4;	/* overruns the message */
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), -EINVAL);
	assert_int_equal(nstrack_dev_parse(nlh, &out), -EINVAL);
	last->nla_len = 3;	/* shorter than its own header */
	assert_int_equal(nstrack_dev_parse(nlh, &out), -EINVAL);

	/* trailing bytes too few for an attribute */
	nlh = put_dev(buf.b, &in, 0, 0);
	memset((char *)nlh + nlh->nlmsg_len, 0, 4);
	nlh->nlmsg_len += 3;
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), -EINVAL);

	/* another command's message, or no genl header */
	nlh = put_dev(buf.b, &in, 0, 0);
	genl = mnl_nlmsg_get_payload(nlh);
	genl->cmd = NSTRACK_CMD_NETNS_GET;
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), -EINVAL);
	genl->cmd = NSTRACK_CMD_DEV_GET;
	assert_int_equal(parse_copy(buf.b, nlh->nlmsg_len, &out), 0);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 2;
	assert_int_equal(nstrack_dev_parse(nlh, &out), -EINVAL);
	assert_int_equal(nstrack_dev_parse(NULL, &out), -EINVAL);
	assert_int_equal(nstrack_dev_parse_buf(NULL, 64, &out), -EINVAL);
	assert_int_equal(nstrack_dev_parse_buf(buf.b, sizeof(buf.b), &out),
			 -EINVAL);
}

/* every offset at which an attribute (with its padding) may end */
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

static bool is_end(const size_t *ends, size_t n, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ends[i] == len)
			return true;
	return false;
}

static void truncation_at_every_length(void **state)
{
	struct nstrack_dev in, out;
	union test_buf buf;
	struct nlmsghdr *nlh;
	size_t ends[64], nends, n, full, kind_end = 0;
	unsigned int parsed = 0;
	struct nlattr *attr;

	(void)state;
	full_dev(&in);
	nlh = put_dev(buf.b, &in, 0, 0);
	full = nlh->nlmsg_len;
	nends = attr_ends(nlh, ends, 64);
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(attr) == NSTRACK_A_DEV_KIND)
			kind_end = (size_t)((char *)attr - buf.b) + attr->nla_len;
	assert_true(kind_end > 40 && kind_end < full);

	for (n = 0; n <= full; n++) {
		char *copy = malloc(n ? n : 1);
		int ret;

		assert_non_null(copy);
		memcpy(copy, buf.b, n);
		/* the header still claims the full length */
		ret = nstrack_dev_parse_buf(copy, n, &out);
		assert_int_equal(ret, n == full ? 0 : -EINVAL);
		if (n >= sizeof(struct nlmsghdr)) {
			/* the header agrees with the cut */
			((struct nlmsghdr *)copy)->nlmsg_len = (uint32_t)n;
			ret = nstrack_dev_parse_buf(copy, n, &out);
			if (!is_end(ends, nends, n))
				assert_int_equal(ret, -EINVAL);
			/* mandatory: all but the address, after KIND */
			if (is_end(ends, nends, n))
				assert_int_equal(ret, n >= kind_end ? 0 : -EINVAL);
			if (ret == 0) {
				parsed++;
				assert_true(out.netns_cookie == in.netns_cookie);
				assert_string_equal(out.kind, in.kind);
				assert_true(out.addr_len == 0 ||
					    out.addr_len == in.addr_len);
			}
		}
		free(copy);
	}
	/*
	 * KIND "veth" ends 3 bytes before its padding does, ADDRESS (6
	 * bytes) 2 bytes before the end: 4 + 3 cuts parse.
	 */
	assert_int_equal(parsed, 7);
}

/* ---- formatting ---- */

static void mac_format(void **state)
{
	uint8_t addr[NSTRACK_ADDR_MAX + 4];
	char buf[NSTRACK_MAC_STRLEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(addr); i++)
		addr[i] = (uint8_t)(i * 17 + 0x0a);
	assert_string_equal(nstrack_fmt_mac(buf, addr, 0), "");
	assert_string_equal(nstrack_fmt_mac(buf, addr, 1), "0a");
	assert_string_equal(nstrack_fmt_mac(buf, (const uint8_t *)"\x02\xAB\xcd\x00\x0f\xf0", 6),
			    "02:ab:cd:00:0f:f0");
	assert_string_equal(nstrack_fmt_mac(buf, (const uint8_t *)"\0\0\0\0\0\0", 6),
			    "00:00:00:00:00:00");
	/* an InfiniBand address: 20 bytes */
	assert_string_equal(nstrack_fmt_mac(buf, addr, 20),
		"0a:1b:2c:3d:4e:5f:70:81:92:a3:b4:c5:d6:e7:f8:09:1a:2b:3c:4d");
	/* the longest, exactly filling the buffer; longer ones are capped */
	nstrack_fmt_mac(buf, addr, NSTRACK_ADDR_MAX);
	assert_int_equal(strlen(buf), NSTRACK_ADDR_MAX * 3 - 1);
	nstrack_fmt_mac(buf, addr, sizeof(addr));
	assert_int_equal(strlen(buf), NSTRACK_ADDR_MAX * 3 - 1);
}

static void sort_order(void **state)
{
	struct nstrack_dev v[5];
	static const uint32_t ino[5] = { 30, 10, 30, 10, 20 };
	static const uint32_t idx[5] = { 1, 7, 0x80000000u, 2, 5 };
	size_t i;

	(void)state;
	for (i = 0; i < 5; i++) {
		full_dev(&v[i]);
		v[i].netns_inode = ino[i];
		v[i].ifindex = idx[i];
	}
	nstrack_dev_sort(v, 5);
	assert_int_equal(v[0].netns_inode, 10);
	assert_int_equal(v[0].ifindex, 2);
	assert_int_equal(v[1].ifindex, 7);
	assert_int_equal(v[2].netns_inode, 20);
	assert_int_equal(v[3].netns_inode, 30);
	assert_int_equal(v[3].ifindex, 1);
	assert_int_equal(v[4].ifindex, 0x80000000u);
	nstrack_dev_sort(v, 0);
	nstrack_dev_sort(NULL, 0);
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

/* two devices: one in a named namespace, one without address elsewhere */
static void two_devs(struct nstrack_dev v[2])
{
	full_dev(&v[0]);
	full_dev(&v[1]);
	v[1].netns_cookie = 1;
	v[1].netns_inode = 4026531840u;
	v[1].ifindex = 1;
	strcpy(v[1].name, "ip6tnl0");
	strcpy(v[1].kind, "ip6tnl");
	v[1].addr_len = 0;
}

static const char *const dev_keys[] = {
	"netns_cookie", "netns_inode", "ifindex", "name", "kind", "mac",
	"netns_names",
};

static void devices_json(void **state)
{
	struct nstrack_dev v[2];
	json_t *arr, *o, *nm;
	size_t i, k;

	(void)state;
	two_devs(v);
	cap_start(true);
	assert_int_equal(nstrack_print_devices(v, 2, &names), 0);
	arr = parse_json(cap_finish());
	assert_true(json_is_array(arr));
	assert_int_equal(json_array_size(arr), 2);
	for (i = 0; i < 2; i++) {
		o = json_array_get(arr, i);
		assert_true(json_is_object(o));
		for (k = 0; k < sizeof(dev_keys) / sizeof(dev_keys[0]); k++)
			if (!json_object_get(o, dev_keys[k]))
				fail_msg("key %s missing", dev_keys[k]);
		assert_int_equal(json_object_size(o),
				 sizeof(dev_keys) / sizeof(dev_keys[0]));
		assert_true(json_is_integer(json_object_get(o, "netns_cookie")));
		assert_true(json_is_integer(json_object_get(o, "netns_inode")));
		assert_true(json_is_integer(json_object_get(o, "ifindex")));
		assert_true(json_is_string(json_object_get(o, "name")));
		assert_true(json_is_string(json_object_get(o, "kind")));
		assert_true(json_is_array(json_object_get(o, "netns_names")));
	}
	o = json_array_get(arr, 0);
	assert_true(json_integer_value(json_object_get(o, "netns_cookie")) ==
		    0x0123456789abcdefLL);
	assert_true(json_integer_value(json_object_get(o, "netns_inode")) ==
		    4026532281LL);
	assert_true(json_integer_value(json_object_get(o, "ifindex")) ==
		    0x80000002LL);
	assert_string_equal(json_string_value(json_object_get(o, "name")),
			    "veth-longest-15");
	assert_string_equal(json_string_value(json_object_get(o, "kind")), "veth");
	assert_string_equal(json_string_value(json_object_get(o, "mac")),
			    "02:ab:cd:00:0f:f0");
	nm = json_object_get(o, "netns_names");
	assert_int_equal(json_array_size(nm), 2);
	assert_string_equal(json_string_value(json_array_get(nm, 0)), "blue");
	assert_string_equal(json_string_value(json_array_get(nm, 1)), "red");

	o = json_array_get(arr, 1);
	assert_true(json_is_null(json_object_get(o, "mac")));
	assert_int_equal(json_array_size(json_object_get(o, "netns_names")), 0);
	json_decref(arr);

	cap_teardown(NULL);
	cap_start(true);
	assert_int_equal(nstrack_print_devices(NULL, 0, NULL), 0);
	assert_string_equal(cap_finish(), "[]\n");
}

static void devices_text(void **state)
{
	struct nstrack_dev v[2];

	(void)state;
	two_devs(v);
	cap_start(false);
	assert_int_equal(nstrack_print_devices(v, 2, &names), 0);
	assert_string_equal(cap_finish(),
		"NETNS       IFINDEX     NAME             KIND    MAC\n"
		"blue        2147483650  veth-longest-15  veth    02:ab:cd:00:0f:f0\n"
		"4026531840  1           ip6tnl0          ip6tnl  -\n");
	cap_teardown(NULL);

	/* without names: the inode */
	cap_start(false);
	assert_int_equal(nstrack_print_devices(v, 1, NULL), 0);
	assert_string_equal(cap_finish(),
		"NETNS       IFINDEX     NAME             KIND  MAC\n"
		"4026532281  2147483650  veth-longest-15  veth  02:ab:cd:00:0f:f0\n");
	cap_teardown(NULL);

	cap_start(false);
	assert_int_equal(nstrack_print_devices(NULL, 0, NULL), 0);
	assert_string_equal(cap_finish(), "NETNS  IFINDEX  NAME  KIND  MAC\n");
}

/* ---- the devices command over the fake kernel ---- */

static void add_dev(size_t b, uint32_t inode, uint32_t ifindex,
		    const char *name, uint16_t flags)
{
	struct nstrack_dev d;
	struct nlmsghdr *nlh;

	full_dev(&d);
	d.netns_inode = inode;
	d.netns_cookie = inode + 1000ULL;
	d.ifindex = ifindex;
	strcpy(d.name, name);
	nlh = put_dev(batch_tail(b), &d, 0, flags);
	batch_commit(b, nlh);
}

static void add_netns_reply(size_t b, uint64_t cookie)
{
	struct nstrack_netns ns;
	struct nlmsghdr *nlh;

	test_full_record(&ns);
	ns.cookie = cookie;
	nlh = test_put_record(batch_tail(b), &ns, 0, 0);
	batch_commit(b, nlh);
}

static void devices_command_all(void **state)
{
	struct nstrack_nl *nl = *state;
	struct nstrack_opts o = { .json = true };
	struct out out;
	json_t *arr;
	size_t b;

	b = new_batch();
	add_dev(b, 30, 1, "lo", NLM_F_MULTI);
	add_dev(b, 10, 5, "eth1", NLM_F_MULTI);
	b = new_batch();
	add_dev(b, 10, 2, "eth0", NLM_F_MULTI);
	add_done(b, 0, 0, NULL);
	out_open(&out);
	assert_int_equal(nstrack_devices_run(nl, &o, NULL, NULL, NO_NAMES,
					     out.f), 0);
	assert_string_equal(test_err_text(), "");

	/* one request: a DEV_GET dump without any attribute */
	assert_int_equal(fk->nsent, 1);
	assert_int_equal(req_cmd(sent()), NSTRACK_CMD_DEV_GET);
	assert_int_equal(sent()->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	assert_int_equal(req_nattrs(sent()), 0);

	/* sorted by (netns inode, ifindex) */
	arr = parse_json(out_text(&out));
	assert_int_equal(json_array_size(arr), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(arr, 0), "name")), "eth0");
	assert_string_equal(json_string_value(json_object_get(json_array_get(arr, 1), "name")), "eth1");
	assert_string_equal(json_string_value(json_object_get(json_array_get(arr, 2), "name")), "lo");
	json_decref(arr);
	out_close(&out);
}

static void devices_command_of_one_namespace(void **state)
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
	add_netns_reply(b, 0xfedcba9876543210ULL);
	add_error(b, 0, true, NULL);
	b = new_batch();
	add_dev(b, 4026532281u, 1, "lo", NLM_F_MULTI);
	add_done(b, 0, 0, NULL);
	out_open(&out);
	assert_int_equal(nstrack_devices_run(nl, &o, &sel, "pid:4242", NO_NAMES,
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
	assert_int_equal(req_cmd(req), NSTRACK_CMD_DEV_GET);
	assert_int_equal(req->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	assert_int_equal(req_nattrs(req), 1);
	attr = mnl_nlmsg_get_payload_offset(req, GENL_HDRLEN);
	assert_int_equal(mnl_attr_get_type(attr), NSTRACK_A_DEV_NETNS_COOKIE);
	assert_int_equal(mnl_attr_get_payload_len(attr), 8);
	assert_true(mnl_attr_get_u64(attr) == 0xfedcba9876543210ULL);

	assert_string_equal(out_text(&out),
		"NETNS       IFINDEX  NAME  KIND  MAC\n"
		"4026532281  1        lo    veth  02:ab:cd:00:0f:f0\n");
	out_close(&out);
}

static void devices_command_failures_print_nothing(void **state)
{
	struct nstrack_nl *nl = *state;
	struct nstrack_selector sel = { NSTRACK_A_NETNS_INODE, 77 };
	struct nstrack_opts o = { .json = true };
	struct nstrack_dev d;
	struct nlmsghdr *nlh;
	struct out out;
	size_t b;

	/* an unknown namespace: no dump is even asked for */
	add_error(new_batch(), -ENOENT, true, NULL);
	out_open(&out);
	assert_int_equal(nstrack_devices_run(nl, &o, &sel, "inode:77", NO_NAMES,
					     out.f), 1);
	assert_string_equal(out_text(&out), "");
	assert_string_equal(test_err_text(), "nstrack: no such namespace: inode:77\n");
	assert_int_equal(fk->nsent, 1);
	out_close(&out);

	/* a malformed device after a good one */
	test_err_start();
	b = new_batch();
	add_dev(b, 1, 1, "lo", NLM_F_MULTI);
	full_dev(&d);
	nlh = put_dev(batch_tail(b), &d, DOMIT(KIND), NLM_F_MULTI);
	batch_commit(b, nlh);
	add_done(b, 0, 0, NULL);
	out_open(&out);
	assert_int_equal(nstrack_devices_run(nl, &o, NULL, NULL, NO_NAMES,
					     out.f), 1);
	assert_string_equal(out_text(&out), "");
	assert_string_equal(test_err_text(),
		"nstrack: cannot list devices: malformed reply from the kernel\n");
	out_close(&out);

	/* an old module without DEV_GET */
	test_err_start();
	add_error(new_batch(), -EOPNOTSUPP, true, NULL);
	out_open(&out);
	assert_int_equal(nstrack_devices_run(nl, &o, NULL, NULL, NO_NAMES,
					     out.f), 1);
	assert_string_equal(out_text(&out), "");
	assert_string_equal(test_err_text(),
		"nstrack: cannot list devices: Operation not supported\n");
	out_close(&out);
}

static void devices_command_interrupted_dump(void **state)
{
	struct nstrack_nl *nl = *state;
	struct nstrack_opts o = { .json = true };
	struct out out;
	json_t *arr;
	size_t b;

	b = new_batch();
	add_dev(b, 1, 1, "gone", NLM_F_MULTI | NLM_F_DUMP_INTR);
	add_done(b, 0, NLM_F_DUMP_INTR, NULL);
	b = new_batch();
	add_dev(b, 1, 1, "lo", NLM_F_MULTI);
	add_done(b, 0, 0, NULL);
	out_open(&out);
	assert_int_equal(nstrack_devices_run(nl, &o, NULL, NULL, NO_NAMES,
					     out.f), 0);
	arr = parse_json(out_text(&out));
	assert_int_equal(json_array_size(arr), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(arr, 0), "name")), "lo");
	json_decref(arr);
	assert_int_equal(fk->nsent, 2);
	out_close(&out);
}

#define T(f) cmocka_unit_test(f)
#define TO(f) cmocka_unit_test_teardown(f, cap_teardown)
#define TF(f) cmocka_unit_test_setup_teardown(f, fake_setup, fake_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(full_device_round_trips),
		T(address_lengths),
		T(missing_mandatory_attribute_rejected),
		T(wrong_length_attribute_rejected),
		T(unknown_attributes_ignored),
		T(overruns_and_bad_headers_rejected),
		T(truncation_at_every_length),
		T(mac_format),
		T(sort_order),
		TO(devices_json),
		TO(devices_text),
		TF(devices_command_all),
		TF(devices_command_of_one_namespace),
		TF(devices_command_failures_print_nothing),
		TF(devices_command_interrupted_dump),
	};

	return cmocka_run_group_tests_name("dev", tests, NULL, NULL);
}
