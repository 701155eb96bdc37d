// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: the rtnetlink layer (user/rtnl.c): name and address
 * parsing, the requests it builds, and how the kernel's answers become
 * messages, against a fake kernel (fake_rtnl.c).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include "fake_rtnl.h"
#include "rtnl.h"
#include "testutil.h"

#define IFM	sizeof(struct ifinfomsg)
#define ACKED	(NLM_F_REQUEST | NLM_F_ACK)
#define CREATE	(ACKED | NLM_F_CREATE | NLM_F_EXCL)

/* ---- names ---- */

static void ifnames(void **state)
{
	(void)state;
	assert_null(nstrack_ifname_invalid("a"));
	assert_null(nstrack_ifname_invalid("veth0"));
	assert_null(nstrack_ifname_invalid("123456789012345"));	/* 15 */
	assert_null(nstrack_ifname_invalid("a.b-c_d@e"));
	assert_null(nstrack_ifname_invalid("..."));
	assert_string_equal(nstrack_ifname_invalid(""), "empty device name");
	assert_string_equal(nstrack_ifname_invalid(NULL), "empty device name");
	assert_string_equal(nstrack_ifname_invalid("1234567890123456"),
			    "name too long (at most 15 characters)");
	assert_string_equal(nstrack_ifname_invalid("."),
			    "invalid device name ('.' and '..' are reserved)");
	assert_string_equal(nstrack_ifname_invalid(".."),
			    "invalid device name ('.' and '..' are reserved)");
	assert_string_equal(nstrack_ifname_invalid("a/b"),
			    "invalid device name (contains '/')");
	assert_string_equal(nstrack_ifname_invalid("eth0:1"),
			    "invalid device name (contains ':')");
	assert_string_equal(nstrack_ifname_invalid("a b"),
			    "invalid device name (contains whitespace)");
	assert_string_equal(nstrack_ifname_invalid("a\tb"),
			    "invalid device name (contains whitespace)");
	assert_string_equal(nstrack_ifname_invalid("ab\n"),
			    "invalid device name (contains whitespace)");
}

static void check_name_messages(void **state)
{
	(void)state;
	test_err_start();
	assert_int_equal(nstrack_rtnl_check_name("veth0"), 0);
	assert_string_equal(test_err_text(), "");
	assert_int_equal(nstrack_rtnl_check_name("veth-0123456789a"), -EINVAL);
	assert_string_equal(test_err_text(),
		"nstrack: veth-0123456789a: name too long (at most 15 characters)\n");
	test_err_start();
	assert_int_equal(nstrack_rtnl_check_name(""), -EINVAL);
	assert_string_equal(test_err_text(), "nstrack: empty device name\n");
	test_err_start();
	/* the name is shown on one line */
	assert_int_equal(nstrack_rtnl_check_name("a\nb"), -EINVAL);
	assert_string_equal(test_err_text(),
		"nstrack: a?b: invalid device name (contains whitespace)\n");
	test_err_stop();
}

/* ---- addresses ---- */

static void cidr_ok(const char *s, int family, const char *addr,
		    unsigned int prefix)
{
	struct nstrack_ipaddr a;
	uint8_t want[16] = { 0 };
	const char *why = "untouched";

	assert_int_equal(nstrack_cidr_parse(s, &a, &why), 0);
	assert_string_equal(why, "untouched");
	assert_int_equal(a.family, family);
	assert_int_equal(inet_pton(family, addr, want), 1);
	assert_memory_equal(a.addr, want, 16);
	assert_int_equal(a.prefix, prefix);
}

static void cidr_bad(const char *s, const char *why_expected)
{
	struct nstrack_ipaddr a;
	const char *why = NULL;

	assert_int_equal(nstrack_cidr_parse(s, &a, &why), -EINVAL);
	assert_non_null(why);
	assert_string_equal(why, why_expected);
	assert_int_equal(a.family, 0);
	/* why may be NULL */
	assert_int_equal(nstrack_cidr_parse(s, &a, NULL), -EINVAL);
}

#define NOT_IP "not an IPv4 or IPv6 address"
#define NO_PREFIX "missing /PREFIX, e.g. 10.0.0.1/24"
#define PREFIX4 "prefix must be a number from 0 to 32"
#define PREFIX6 "prefix must be a number from 0 to 128"
#define NOT_UNICAST "not a unicast address"

static void cidrs(void **state)
{
	(void)state;
	cidr_ok("10.0.0.1/24", AF_INET, "10.0.0.1", 24);
	cidr_ok("10.0.0.1/0", AF_INET, "10.0.0.1", 0);
	cidr_ok("192.168.1.1/32", AF_INET, "192.168.1.1", 32);
	cidr_ok("10.0.0.0/8", AF_INET, "10.0.0.0", 8);
	cidr_ok("127.0.0.1/8", AF_INET, "127.0.0.1", 8);
	cidr_ok("fd00::1/64", AF_INET6, "fd00::1", 64);
	cidr_ok("2001:db8::1/128", AF_INET6, "2001:db8::1", 128);
	cidr_ok("::1/128", AF_INET6, "::1", 128);
	cidr_ok("::ffff:10.0.0.1/96", AF_INET6, "::ffff:10.0.0.1", 96);
	cidr_ok("fe80::1/64", AF_INET6, "fe80::1", 64);
	cidr_ok("10.0.0.1/024", AF_INET, "10.0.0.1", 24);

	cidr_bad(NULL, NO_PREFIX);
	cidr_bad("", NO_PREFIX);
	cidr_bad("10.0.0.1", NO_PREFIX);
	cidr_bad("fd00::1", NO_PREFIX);
	cidr_bad("/24", NOT_IP);
	cidr_bad("10.0.0/24", NOT_IP);
	cidr_bad("10.0.0.256/24", NOT_IP);
	cidr_bad("10.0.0.01/24", NOT_IP);
	cidr_bad("010.0.0.1/24", NOT_IP);
	cidr_bad(" 10.0.0.1/24", NOT_IP);
	cidr_bad("10.0.0.1 /24", NOT_IP);
	cidr_bad("0x0a.0.0.1/24", NOT_IP);
	cidr_bad("blue/24", NOT_IP);
	cidr_bad("fd00::1%eth0/64", NOT_IP);
	cidr_bad("fd00:::1/64", NOT_IP);
	cidr_bad("10.0.0.1/24/24", PREFIX4);
	cidr_bad("10.0.0.1/", PREFIX4);
	cidr_bad("10.0.0.1/33", PREFIX4);
	cidr_bad("10.0.0.1/-1", PREFIX4);
	cidr_bad("10.0.0.1/+8", PREFIX4);
	cidr_bad("10.0.0.1/ 8", PREFIX4);
	cidr_bad("10.0.0.1/8 ", PREFIX4);
	cidr_bad("10.0.0.1/0x8", PREFIX4);
	cidr_bad("10.0.0.1/0024", PREFIX4);
	cidr_bad("10.0.0.1/4294967320", PREFIX4);
	cidr_bad("fd00::1/129", PREFIX6);
	cidr_bad("fd00::1/", PREFIX6);
	cidr_bad("0.0.0.0/0", NOT_UNICAST);
	cidr_bad("224.0.0.1/4", NOT_UNICAST);
	cidr_bad("239.1.2.3/24", NOT_UNICAST);
	cidr_bad("255.255.255.255/32", NOT_UNICAST);
	cidr_bad("::/0", NOT_UNICAST);
	cidr_bad("ff02::1/64", NOT_UNICAST);
	/* the longest text an IPv6 address can have, and one more */
	cidr_ok("1234:ffff:ffff:ffff:ffff:ffff:255.255.255.255/64", AF_INET6,
		"1234:ffff:ffff:ffff:ffff:ffff:255.255.255.255", 64);
	cidr_bad("1234:ffff:ffff:ffff:ffff:ffff:255.255.255.2555/64", NOT_IP);
	cidr_bad("1234:ffff:ffff:ffff:ffff:ffff:255.255.255.255:1/64", NOT_IP);
}

static void gateways(void **state)
{
	struct nstrack_ipaddr a;
	const char *why = NULL;

	(void)state;
	assert_int_equal(nstrack_ip_parse("10.0.0.254", &a, &why), 0);
	assert_int_equal(a.family, AF_INET);
	assert_int_equal(a.prefix, 32);
	assert_memory_equal(a.addr, "\x0a\x00\x00\xfe", 4);
	assert_int_equal(nstrack_ip_parse("fe80::1", &a, NULL), 0);
	assert_int_equal(a.family, AF_INET6);
	assert_int_equal(a.prefix, 128);

	assert_int_equal(nstrack_ip_parse("10.0.0.254/24", &a, &why), -EINVAL);
	assert_string_equal(why, "an address without /PREFIX is expected");
	assert_int_equal(a.family, 0);
	assert_int_equal(nstrack_ip_parse("10.0.0", &a, &why), -EINVAL);
	assert_string_equal(why, NOT_IP);
	assert_int_equal(nstrack_ip_parse("", &a, &why), -EINVAL);
	assert_string_equal(why, NOT_IP);
	assert_int_equal(nstrack_ip_parse(NULL, &a, NULL), -EINVAL);
	assert_int_equal(nstrack_ip_parse("0.0.0.0", &a, &why), -EINVAL);
	assert_string_equal(why, NOT_UNICAST);
	assert_int_equal(nstrack_ip_parse("ff02::2", &a, &why), -EINVAL);
	assert_string_equal(why, NOT_UNICAST);
}

static void formats(void **state)
{
	struct nstrack_ipaddr a;
	char buf[64];

	(void)state;
	assert_int_equal(nstrack_cidr_parse("fd00:0:0::01/64", &a, NULL), 0);
	nstrack_ipaddr_format(&a, true, buf, sizeof(buf));
	assert_string_equal(buf, "fd00::1/64");
	nstrack_ipaddr_format(&a, false, buf, sizeof(buf));
	assert_string_equal(buf, "fd00::1");
	assert_int_equal(nstrack_cidr_parse("10.1.2.3/16", &a, NULL), 0);
	nstrack_ipaddr_format(&a, true, buf, sizeof(buf));
	assert_string_equal(buf, "10.1.2.3/16");
}

/* ---- lookups ---- */

static void lookup_found(void **state)
{
	struct frt_pair *p = *state;
	const struct ifinfomsg *ifm;
	struct nstrack_link l;
	struct nlmsghdr *req;

	frt_link(7, "veth0", "veth", 3, IFF_UP | IFF_BROADCAST);
	assert_int_equal(nstrack_rtnl_link_find(&p->a, "veth0", &l), 1);
	assert_int_equal(l.ifindex, 7);
	assert_string_equal(l.name, "veth0");
	assert_string_equal(l.kind, "veth");
	assert_string_equal(l.slave_kind, "bridge");
	assert_int_equal(l.master, 3);
	assert_true(l.up);
	assert_false(nstrack_link_is_bridge(&l));
	assert_string_equal(test_err_text(), "");

	/* asked by name, ifindex 0, without the statistics */
	req = frt_req(0);
	assert_int_equal(req->nlmsg_type, RTM_GETLINK);
	assert_int_equal(req->nlmsg_flags, ACKED);
	ifm = mnl_nlmsg_get_payload(req);
	assert_int_equal(ifm->ifi_index, 0);
	assert_string_equal(mnl_attr_get_str(frt_attr(req, IFM, IFLA_IFNAME)),
			    "veth0");
	assert_int_equal(mnl_attr_get_u32(frt_attr(req, IFM, IFLA_EXT_MASK)),
			 RTEXT_FILTER_SKIP_STATS);

	/* a device without linkinfo (lo, hardware), down, no master */
	frt_link(1, "lo", NULL, 0, IFF_LOOPBACK);
	assert_int_equal(nstrack_rtnl_link_get(&p->a, "lo", &l), 0);
	assert_string_equal(l.kind, "");
	assert_string_equal(l.slave_kind, "");
	assert_int_equal(l.master, 0);
	assert_false(l.up);

	/* by ifindex */
	frt_link(4, "br0", "bridge", 0, IFF_UP);
	assert_int_equal(nstrack_rtnl_link_get_index(&p->a, 4, &l), 0);
	assert_true(nstrack_link_is_bridge(&l));
	req = frt_req(2);
	ifm = mnl_nlmsg_get_payload(req);
	assert_int_equal(ifm->ifi_index, 4);
	assert_null(frt_attr(req, IFM, IFLA_IFNAME));
	assert_string_equal(test_err_text(), "");
}

static void lookup_missing(void **state)
{
	struct frt_pair *p = *state;
	struct nstrack_link l;

	frt_error(-ENODEV, NULL);
	assert_int_equal(nstrack_rtnl_link_find(&p->a, "eth9", &l), 0);
	assert_string_equal(test_err_text(), "");

	frt_error(-ENODEV, NULL);
	assert_int_equal(nstrack_rtnl_link_get(&p->b, "eth9", &l), -ENODEV);
	assert_string_equal(test_err_text(),
			    "nstrack: eth9: no such device in netns red\n");

	test_err_start();
	frt_error(-ENODEV, NULL);
	assert_int_equal(nstrack_rtnl_link_get_index(&p->a, 12, &l), -ENODEV);
	assert_string_equal(test_err_text(),
			    "nstrack: ifindex 12: no such device in netns blue\n");

	/* nothing is asked for a name that cannot exist */
	test_err_start();
	assert_int_equal(nstrack_rtnl_link_find(&p->a, "x/y", &l), -EINVAL);
	assert_int_equal(frt->nreqs, 3);
}

static void lookup_errors(void **state)
{
	struct frt_pair *p = *state;
	struct nstrack_link l;
	struct frt_step *s;

	frt_error(-EPERM, NULL);
	assert_int_equal(nstrack_rtnl_link_find(&p->a, "veth0", &l), -EPERM);
	assert_string_equal(test_err_text(),
		"nstrack: veth0: permission denied in netns blue (CAP_NET_ADMIN is required)\n");

	/* a reply without a name is malformed */
	test_err_start();
	s = frt_step();
	s->link = true;
	s->l.ifindex = 3;
	assert_int_equal(nstrack_rtnl_link_find(&p->a, "veth0", &l), -EBADMSG);
	assert_string_equal(test_err_text(),
		"nstrack: veth0: cannot look up in netns blue: malformed reply from the kernel\n");

	/* an ack without a reply */
	test_err_start();
	frt_ack();
	assert_int_equal(nstrack_rtnl_link_find(&p->a, "veth0", &l), -ENODATA);
	assert_string_equal(test_err_text(),
		"nstrack: veth0: cannot look up in netns blue: no reply from the kernel\n");

	/* the socket fails */
	test_err_start();
	frt_ack();
	frt->recv_errno = ENOBUFS;
	assert_int_equal(nstrack_rtnl_link_find(&p->a, "veth0", &l), -ENOBUFS);
	assert_string_equal(test_err_text(),
		"nstrack: veth0: cannot look up in netns blue: No buffer space available\n");
}

/* ---- veth pairs ---- */

/* the IFLA_INFO_DATA/VETH_INFO_PEER nest of a veth request */
static const struct nlattr *peer_info(const struct nlmsghdr *req)
{
	const struct nlattr *info = frt_attr(req, IFM, IFLA_LINKINFO);
	const struct nlattr *data, *peer;

	assert_non_null(info);
	assert_string_equal(mnl_attr_get_str(frt_nested(info, IFLA_INFO_KIND)),
			    "veth");
	data = frt_nested(info, IFLA_INFO_DATA);
	assert_non_null(data);
	peer = frt_nested(data, VETH_INFO_PEER);
	assert_non_null(peer);
	return peer;
}

/* the attribute type of the peer nest, after its struct ifinfomsg */
static const struct nlattr *peer_attr(const struct nlattr *peer,
				      uint16_t type)
{
	const char *p = mnl_attr_get_payload(peer);
	size_t len = mnl_attr_get_payload_len(peer);
	const struct nlattr *attr;
	const struct ifinfomsg *ifm = (const void *)p;

	assert_true(len >= IFM);
	assert_int_equal(ifm->ifi_family, AF_UNSPEC);
	assert_int_equal(ifm->ifi_index, 0);
	for (attr = (const void *)(p + IFM);
	     mnl_attr_ok(attr, (int)(p + len - (const char *)attr));
	     attr = mnl_attr_next(attr))
		if (mnl_attr_get_type(attr) == type)
			return attr;
	return NULL;
}

static void veth_two_namespaces(void **state)
{
	struct frt_pair *p = *state;
	const struct ifinfomsg *ifm;
	const struct nlattr *peer;
	struct nlmsghdr *req;

	frt_error(-ENODEV, NULL);	/* va is free in blue */
	frt_error(-ENODEV, NULL);	/* vb is free in red */
	frt_ack();			/* the pair */
	frt_ack();			/* va up */
	frt_ack();			/* vb up */
	assert_int_equal(nstrack_rtnl_veth_add(&p->a, "va", "vb", &p->b, true),
			 0);
	assert_string_equal(test_err_text(), "");
	assert_int_equal(frt->nreqs, 5);

	/* the lookups, each in its namespace */
	assert_ptr_equal(frt_to(0), &p->a);
	assert_string_equal(mnl_attr_get_str(frt_attr(frt_req(0), IFM,
						      IFLA_IFNAME)), "va");
	assert_ptr_equal(frt_to(1), &p->b);
	assert_string_equal(mnl_attr_get_str(frt_attr(frt_req(1), IFM,
						      IFLA_IFNAME)), "vb");

	/* one request makes the pair, in blue, the peer in red */
	req = frt_req(2);
	assert_ptr_equal(frt_to(2), &p->a);
	assert_int_equal(req->nlmsg_type, RTM_NEWLINK);
	assert_int_equal(req->nlmsg_flags, CREATE);
	assert_string_equal(mnl_attr_get_str(frt_attr(req, IFM, IFLA_IFNAME)),
			    "va");
	assert_null(frt_attr(req, IFM, IFLA_NET_NS_FD));
	peer = peer_info(req);
	assert_string_equal(mnl_attr_get_str(peer_attr(peer, IFLA_IFNAME)), "vb");
	assert_int_equal(mnl_attr_get_u32(peer_attr(peer, IFLA_NET_NS_FD)),
			 FRT_NSFD_B);

	/* then each end is brought up where it is */
	req = frt_req(3);
	assert_ptr_equal(frt_to(3), &p->a);
	assert_int_equal(req->nlmsg_type, RTM_SETLINK);
	ifm = mnl_nlmsg_get_payload(req);
	assert_int_equal(ifm->ifi_flags, IFF_UP);
	assert_int_equal(ifm->ifi_change, IFF_UP);
	assert_string_equal(mnl_attr_get_str(frt_attr(req, IFM, IFLA_IFNAME)),
			    "va");
	assert_ptr_equal(frt_to(4), &p->b);
	assert_string_equal(mnl_attr_get_str(frt_attr(frt_req(4), IFM,
						      IFLA_IFNAME)), "vb");
}

static void veth_one_namespace(void **state)
{
	struct frt_pair *p = *state;
	const struct nlattr *peer;

	frt_error(-ENODEV, NULL);
	frt_error(-ENODEV, NULL);
	frt_ack();
	assert_int_equal(nstrack_rtnl_veth_add(&p->a, "va", "vb", NULL, false),
			 0);
	assert_int_equal(frt->nreqs, 3);	/* not brought up */
	assert_ptr_equal(frt_to(1), &p->a);
	peer = peer_info(frt_req(2));
	assert_string_equal(mnl_attr_get_str(peer_attr(peer, IFLA_IFNAME)), "vb");
	assert_null(peer_attr(peer, IFLA_NET_NS_FD));

	/* the same name twice in one namespace: nothing is asked */
	assert_int_equal(nstrack_rtnl_veth_add(&p->a, "va", "va", NULL, true),
			 -EINVAL);
	assert_string_equal(test_err_text(),
		"nstrack: va: both ends of a veth pair cannot have the same name in netns blue\n");
	assert_int_equal(frt->nreqs, 3);
}

static void veth_name_taken(void **state)
{
	struct frt_pair *p = *state;

	/* the peer's name exists in red: nothing is created */
	frt_error(-ENODEV, NULL);
	frt_link(5, "vb", "veth", 0, 0);
	assert_int_equal(nstrack_rtnl_veth_add(&p->a, "va", "vb", &p->b, true),
			 -EEXIST);
	assert_string_equal(test_err_text(),
			    "nstrack: vb: name already exists in netns red\n");
	assert_int_equal(frt->nreqs, 2);

	/* the first name exists in blue */
	test_err_start();
	frt_link(5, "va", "veth", 0, 0);
	assert_int_equal(nstrack_rtnl_veth_add(&p->a, "va", "vb", &p->b, true),
			 -EEXIST);
	assert_string_equal(test_err_text(),
			    "nstrack: va: name already exists in netns blue\n");
	assert_int_equal(frt->nreqs, 3);

	/* taken between the check and the creation: said after asking */
	test_err_start();
	frt_error(-ENODEV, NULL);
	frt_error(-ENODEV, NULL);
	frt_error(-EEXIST, NULL);
	frt_error(-ENODEV, NULL);
	frt_link(9, "vb", NULL, 0, 0);
	assert_int_equal(nstrack_rtnl_veth_add(&p->a, "va", "vb", &p->b, true),
			 -EEXIST);
	assert_string_equal(test_err_text(),
			    "nstrack: vb: name already exists in netns red\n");
	assert_int_equal(frt->nreqs, 8);
}

static void veth_undone(void **state)
{
	struct frt_pair *p = *state;
	struct nlmsghdr *req;

	/* vb cannot be brought up: the pair is deleted again, from blue */
	frt_error(-ENODEV, NULL);
	frt_error(-ENODEV, NULL);
	frt_ack();
	frt_ack();
	frt_error(-ENOMEM, NULL);
	frt_ack();			/* the deletion */
	assert_int_equal(nstrack_rtnl_veth_add(&p->a, "va", "vb", &p->b, true),
			 -ENOMEM);
	assert_string_equal(test_err_text(),
		"nstrack: vb: cannot bring up in netns red: Cannot allocate memory\n");
	assert_int_equal(frt->nreqs, 6);
	req = frt_req(5);
	assert_ptr_equal(frt_to(5), &p->a);
	assert_int_equal(req->nlmsg_type, RTM_DELLINK);
	assert_int_equal(req->nlmsg_flags, ACKED);
	assert_string_equal(mnl_attr_get_str(frt_attr(req, IFM, IFLA_IFNAME)),
			    "va");

	/* if that fails too, a warning follows the error */
	test_err_start();
	frt_error(-ENODEV, NULL);
	frt_error(-ENODEV, NULL);
	frt_ack();
	frt_error(-EINVAL, "some refusal");
	frt_error(-EBUSY, NULL);
	assert_int_equal(nstrack_rtnl_veth_add(&p->a, "va", "vb", &p->b, true),
			 -EINVAL);
	assert_string_equal(test_err_text(),
		"nstrack: va: cannot bring up in netns blue: some refusal\n"
		"nstrack: warning: va: could not delete it again in netns blue: Device or resource busy\n");
	assert_int_equal(frt->nreqs, 11);
}

static void veth_refused(void **state)
{
	struct frt_pair *p = *state;

	frt_error(-ENODEV, NULL);
	frt_error(-ENODEV, NULL);
	frt_error(-EOPNOTSUPP, "Unknown device type");
	assert_int_equal(nstrack_rtnl_veth_add(&p->a, "va", "vb", &p->b, true),
			 -EOPNOTSUPP);
	assert_string_equal(test_err_text(),
		"nstrack: va: cannot create veth pair in netns blue: Unknown device type\n");
	assert_int_equal(frt->nreqs, 3);

	/* bad names: nothing is asked */
	test_err_start();
	assert_int_equal(nstrack_rtnl_veth_add(&p->a, "va", "vb-0123456789abc",
					       &p->b, true), -EINVAL);
	assert_string_equal(test_err_text(),
		"nstrack: vb-0123456789abc: name too long (at most 15 characters)\n");
	assert_int_equal(frt->nreqs, 3);
}

/* ---- bridges ---- */

static void bridge_created(void **state)
{
	struct frt_pair *p = *state;
	const struct nlattr *info;
	struct nlmsghdr *req;

	frt_error(-ENODEV, NULL);
	frt_ack();
	frt_ack();
	assert_int_equal(nstrack_rtnl_bridge_add(&p->b, "br0", true), 0);
	assert_string_equal(test_err_text(), "");
	req = frt_req(1);
	assert_int_equal(req->nlmsg_type, RTM_NEWLINK);
	assert_int_equal(req->nlmsg_flags, CREATE);
	assert_string_equal(mnl_attr_get_str(frt_attr(req, IFM, IFLA_IFNAME)),
			    "br0");
	info = frt_attr(req, IFM, IFLA_LINKINFO);
	assert_string_equal(mnl_attr_get_str(frt_nested(info, IFLA_INFO_KIND)),
			    "bridge");
	assert_null(frt_nested(info, IFLA_INFO_DATA));
	assert_int_equal(frt_req(2)->nlmsg_type, RTM_SETLINK);

	/* cannot be brought up: deleted again */
	frt_error(-ENODEV, NULL);
	frt_ack();
	frt_error(-EIO, NULL);
	frt_ack();
	assert_int_equal(nstrack_rtnl_bridge_add(&p->b, "br1", true), -EIO);
	assert_string_equal(test_err_text(),
		"nstrack: br1: cannot bring up in netns red: Input/output error\n");
	assert_int_equal(frt_req(6)->nlmsg_type, RTM_DELLINK);
	assert_int_equal(frt->nreqs, 7);

	/* exists */
	test_err_start();
	frt_link(3, "br1", "bridge", 0, 0);
	assert_int_equal(nstrack_rtnl_bridge_add(&p->b, "br1", true), -EEXIST);
	assert_string_equal(test_err_text(),
			    "nstrack: br1: name already exists in netns red\n");
	assert_int_equal(frt->nreqs, 8);
}

static void attach(void **state)
{
	struct frt_pair *p = *state;
	struct nlmsghdr *req;

	frt_link(3, "br0", "bridge", 0, IFF_UP);
	frt_link(5, "vb", "veth", 0, IFF_UP);
	frt_ack();
	assert_int_equal(nstrack_rtnl_bridge_attach(&p->a, "br0", "vb"), 0);
	assert_string_equal(test_err_text(), "");
	req = frt_req(2);
	assert_int_equal(req->nlmsg_type, RTM_SETLINK);
	assert_int_equal(req->nlmsg_flags, ACKED);
	assert_string_equal(mnl_attr_get_str(frt_attr(req, IFM, IFLA_IFNAME)),
			    "vb");
	assert_int_equal(mnl_attr_get_u32(frt_attr(req, IFM, IFLA_MASTER)), 3);

	/* already a port of br0: nothing to do */
	frt_link(3, "br0", "bridge", 0, IFF_UP);
	frt_link(5, "vb", "veth", 3, IFF_UP);
	assert_int_equal(nstrack_rtnl_bridge_attach(&p->a, "br0", "vb"), 0);
	assert_int_equal(frt->nreqs, 5);
	assert_string_equal(test_err_text(), "");
}

static void attach_refused(void **state)
{
	struct frt_pair *p = *state;

	/* a port of another bridge is in use */
	frt_link(3, "br0", "bridge", 0, IFF_UP);
	frt_link(5, "vb", "veth", 4, IFF_UP);
	frt_link(4, "br1", "bridge", 0, IFF_UP);
	assert_int_equal(nstrack_rtnl_bridge_attach(&p->a, "br0", "vb"), -EBUSY);
	assert_string_equal(test_err_text(),
		"nstrack: vb: device in use in netns blue (attached to br1)\n");
	assert_int_equal(frt->nreqs, 3);

	/* not a bridge */
	test_err_start();
	frt_link(5, "vb", "veth", 0, IFF_UP);
	assert_int_equal(nstrack_rtnl_bridge_attach(&p->a, "vb", "br0"), -EINVAL);
	assert_string_equal(test_err_text(),
			    "nstrack: vb: not a bridge in netns blue\n");

	/* missing bridge, missing device */
	test_err_start();
	frt_error(-ENODEV, NULL);
	assert_int_equal(nstrack_rtnl_bridge_attach(&p->a, "br9", "vb"), -ENODEV);
	assert_string_equal(test_err_text(),
			    "nstrack: br9: no such device in netns blue\n");
	test_err_start();
	frt_link(3, "br0", "bridge", 0, IFF_UP);
	frt_error(-ENODEV, NULL);
	assert_int_equal(nstrack_rtnl_bridge_attach(&p->a, "br0", "vz"), -ENODEV);
	assert_string_equal(test_err_text(),
			    "nstrack: vz: no such device in netns blue\n");

	/* itself */
	test_err_start();
	frt_link(3, "br0", "bridge", 0, IFF_UP);
	frt_link(3, "br0", "bridge", 0, IFF_UP);
	assert_int_equal(nstrack_rtnl_bridge_attach(&p->a, "br0", "br0"), -EINVAL);
	assert_string_equal(test_err_text(),
			    "nstrack: br0: cannot attach a bridge to itself\n");

	/* loopback (the kernel would only say EINVAL) */
	test_err_start();
	frt_link(3, "br0", "bridge", 0, IFF_UP);
	frt_link(1, "lo", NULL, 0, IFF_UP | IFF_LOOPBACK);
	assert_int_equal(nstrack_rtnl_bridge_attach(&p->a, "br0", "lo"), -EINVAL);
	assert_string_equal(test_err_text(),
		"nstrack: lo: a loopback device cannot be attached to a bridge\n");

	/* the kernel says no */
	test_err_start();
	frt_link(3, "br0", "bridge", 0, IFF_UP);
	frt_link(4, "br1", "bridge", 0, IFF_UP);
	frt_error(-ELOOP, "Can not enslave a bridge to a bridge");
	assert_int_equal(nstrack_rtnl_bridge_attach(&p->a, "br0", "br1"), -ELOOP);
	assert_string_equal(test_err_text(),
		"nstrack: br1: cannot attach to br0 in netns blue: Can not enslave a bridge to a bridge\n");
}

/* ---- deletion, moves ---- */

static void deletion(void **state)
{
	struct frt_pair *p = *state;
	struct nlmsghdr *req;

	frt_ack();
	assert_int_equal(nstrack_rtnl_link_del(&p->a, "va"), 0);
	req = frt_req(0);
	assert_int_equal(req->nlmsg_type, RTM_DELLINK);
	assert_string_equal(mnl_attr_get_str(frt_attr(req, IFM, IFLA_IFNAME)),
			    "va");
	assert_string_equal(test_err_text(), "");

	frt_error(-ENODEV, NULL);
	assert_int_equal(nstrack_rtnl_link_del(&p->a, "va"), -ENODEV);
	assert_string_equal(test_err_text(),
			    "nstrack: va: no such device in netns blue\n");

	test_err_start();
	frt_error(-EOPNOTSUPP, NULL);
	assert_int_equal(nstrack_rtnl_link_del(&p->a, "lo"), -EOPNOTSUPP);
	assert_string_equal(test_err_text(),
		"nstrack: lo: cannot delete in netns blue: not a virtual device (veth, bridge, ...)\n");

	/* the kernel's text, echoed request and all */
	test_err_start();
	frt_error(-EBUSY, "Device is busy");
	frt->steps[frt->nsteps - 1].uncapped = true;
	assert_int_equal(nstrack_rtnl_link_del(&p->a, "va"), -EBUSY);
	assert_string_equal(test_err_text(),
		"nstrack: va: cannot delete in netns blue: Device is busy\n");
}

static void move(void **state)
{
	struct frt_pair *p = *state;
	struct nlmsghdr *req;

	frt_link(5, "va", "veth", 0, IFF_UP);	/* in blue, up */
	frt_error(-ENODEV, NULL);		/* free in red */
	frt_ack();				/* moved */
	frt_ack();				/* up again, in red */
	assert_int_equal(nstrack_rtnl_link_move(&p->a, "va", &p->b), 0);
	assert_string_equal(test_err_text(), "");
	assert_ptr_equal(frt_to(1), &p->b);
	req = frt_req(2);
	assert_ptr_equal(frt_to(2), &p->a);
	assert_int_equal(req->nlmsg_type, RTM_SETLINK);
	assert_string_equal(mnl_attr_get_str(frt_attr(req, IFM, IFLA_IFNAME)),
			    "va");
	assert_int_equal(mnl_attr_get_u32(frt_attr(req, IFM, IFLA_NET_NS_FD)),
			 FRT_NSFD_B);
	assert_ptr_equal(frt_to(3), &p->b);
	assert_int_equal(((struct ifinfomsg *)mnl_nlmsg_get_payload(frt_req(3)))
			 ->ifi_change, IFF_UP);

	/* down stays down */
	frt_link(5, "va", "veth", 0, 0);
	frt_error(-ENODEV, NULL);
	frt_ack();
	assert_int_equal(nstrack_rtnl_link_move(&p->a, "va", &p->b), 0);
	assert_int_equal(frt->nreqs, 7);
}

static void move_refused(void **state)
{
	struct frt_pair *p = *state;

	/* attached to a bridge */
	frt_link(5, "va", "veth", 3, IFF_UP);
	frt_link(3, "br0", "bridge", 0, IFF_UP);
	assert_int_equal(nstrack_rtnl_link_move(&p->a, "va", &p->b), -EBUSY);
	assert_string_equal(test_err_text(),
		"nstrack: va: device in use in netns blue (attached to br0)\n");

	/* the name is taken there */
	test_err_start();
	frt_link(5, "va", "veth", 0, IFF_UP);
	frt_link(2, "va", "veth", 0, IFF_UP);
	assert_int_equal(nstrack_rtnl_link_move(&p->a, "va", &p->b), -EEXIST);
	assert_string_equal(test_err_text(),
			    "nstrack: va: name already exists in netns red\n");

	/* the kernel refuses */
	test_err_start();
	frt_link(3, "br0", "bridge", 0, IFF_UP);
	frt_error(-ENODEV, NULL);
	frt_error(-EINVAL, "The interface netns is immutable");
	assert_int_equal(nstrack_rtnl_link_move(&p->a, "br0", &p->b), -EINVAL);
	assert_string_equal(test_err_text(),
		"nstrack: br0: cannot move from netns blue to netns red: The interface netns is immutable\n");

	/* missing */
	test_err_start();
	frt_error(-ENODEV, NULL);
	assert_int_equal(nstrack_rtnl_link_move(&p->a, "vq", &p->b), -ENODEV);
	assert_string_equal(test_err_text(),
			    "nstrack: vq: no such device in netns blue\n");

	/* to where it already is: nothing to do */
	test_err_start();
	frt_link(5, "va", "veth", 0, IFF_UP);
	assert_int_equal(nstrack_rtnl_link_move(&p->a, "va", &p->a), 0);
	assert_string_equal(test_err_text(), "");
	assert_int_equal(frt->nreqs, 9);
}

/* ---- addresses and routes ---- */

static const void *attr_bytes(const struct nlmsghdr *req, size_t hdrlen,
			      uint16_t type, size_t len)
{
	const struct nlattr *attr = frt_attr(req, hdrlen, type);

	assert_non_null(attr);
	assert_int_equal(mnl_attr_get_payload_len(attr), len);
	return mnl_attr_get_payload(attr);
}

static void addresses(void **state)
{
	struct frt_pair *p = *state;
	const struct ifaddrmsg *ifa;
	struct nstrack_ipaddr a;
	struct nlmsghdr *req;

	assert_int_equal(nstrack_cidr_parse("10.1.2.3/24", &a, NULL), 0);
	frt_link(6, "va", "veth", 0, IFF_UP);
	frt_ack();
	assert_int_equal(nstrack_rtnl_addr_add(&p->a, "va", &a), 0);
	assert_string_equal(test_err_text(), "");
	req = frt_req(1);
	assert_int_equal(req->nlmsg_type, RTM_NEWADDR);
	assert_int_equal(req->nlmsg_flags, CREATE);
	ifa = mnl_nlmsg_get_payload(req);
	assert_int_equal(ifa->ifa_family, AF_INET);
	assert_int_equal(ifa->ifa_prefixlen, 24);
	assert_int_equal(ifa->ifa_index, 6);
	assert_int_equal(ifa->ifa_scope, RT_SCOPE_UNIVERSE);
	assert_memory_equal(attr_bytes(req, sizeof(*ifa), IFA_LOCAL, 4),
			    "\x0a\x01\x02\x03", 4);
	assert_memory_equal(attr_bytes(req, sizeof(*ifa), IFA_ADDRESS, 4),
			    "\x0a\x01\x02\x03", 4);
	assert_memory_equal(attr_bytes(req, sizeof(*ifa), IFA_BROADCAST, 4),
			    "\x0a\x01\x02\xff", 4);

	/* /31 and /32 have no broadcast; /0 one of all ones */
	assert_int_equal(nstrack_cidr_parse("10.1.2.3/31", &a, NULL), 0);
	frt_link(6, "va", "veth", 0, IFF_UP);
	frt_ack();
	assert_int_equal(nstrack_rtnl_addr_add(&p->a, "va", &a), 0);
	assert_null(frt_attr(frt_req(3), sizeof(*ifa), IFA_BROADCAST));
	assert_int_equal(nstrack_cidr_parse("10.1.2.3/0", &a, NULL), 0);
	frt_link(6, "va", "veth", 0, IFF_UP);
	frt_ack();
	assert_int_equal(nstrack_rtnl_addr_add(&p->a, "va", &a), 0);
	assert_memory_equal(attr_bytes(frt_req(5), sizeof(*ifa), IFA_BROADCAST,
				       4), "\xff\xff\xff\xff", 4);

	/* IPv6: no broadcast; loopback addresses get host scope */
	assert_int_equal(nstrack_cidr_parse("::1/128", &a, NULL), 0);
	frt_link(1, "lo", NULL, 0, IFF_UP);
	frt_ack();
	assert_int_equal(nstrack_rtnl_addr_add(&p->a, "lo", &a), 0);
	req = frt_req(7);
	ifa = mnl_nlmsg_get_payload(req);
	assert_int_equal(ifa->ifa_family, AF_INET6);
	assert_int_equal(ifa->ifa_prefixlen, 128);
	assert_int_equal(ifa->ifa_scope, RT_SCOPE_HOST);
	assert_memory_equal(attr_bytes(req, sizeof(*ifa), IFA_LOCAL, 16),
			    a.addr, 16);
	assert_null(frt_attr(req, sizeof(*ifa), IFA_BROADCAST));
}

static void address_refused(void **state)
{
	struct frt_pair *p = *state;
	struct nstrack_ipaddr a;

	assert_int_equal(nstrack_cidr_parse("fd00::1/64", &a, NULL), 0);
	frt_link(6, "va", "veth", 0, IFF_UP);
	frt_error(-EEXIST, NULL);
	assert_int_equal(nstrack_rtnl_addr_add(&p->b, "va", &a), -EEXIST);
	assert_string_equal(test_err_text(),
		"nstrack: fd00::1/64: address already exists on va in netns red\n");

	test_err_start();
	frt_link(6, "va", "veth", 0, IFF_UP);
	frt_error(-EACCES, "IPv6 is disabled on this device");
	assert_int_equal(nstrack_rtnl_addr_add(&p->b, "va", &a), -EACCES);
	assert_string_equal(test_err_text(),
		"nstrack: va: cannot add address fd00::1/64 in netns red: IPv6 is disabled on this device\n");

	test_err_start();
	frt_error(-ENODEV, NULL);
	assert_int_equal(nstrack_rtnl_addr_add(&p->b, "vz", &a), -ENODEV);
	assert_string_equal(test_err_text(),
			    "nstrack: vz: no such device in netns red\n");
	assert_int_equal(frt->nreqs, 5);
}

static void address_lookup(void **state)
{
	struct frt_pair *p = *state;
	struct nstrack_ipaddr a;
	unsigned int prefix = 99;
	struct nlmsghdr *req;

	/* found on its device, among others' and the other family's */
	assert_int_equal(nstrack_cidr_parse("10.1.2.3/24", &a, NULL), 0);
	frt_link(6, "br0", "bridge", 0, IFF_UP);
	frt_dump();
	frt_addr(5, "10.1.2.3/24", false);	/* another device */
	frt_addr(6, "10.9.9.9/8", false);
	frt_addr(6, "fd00::1/64", false);
	frt_addr(6, "10.1.2.3/16", false);
	assert_int_equal(nstrack_rtnl_addr_find(&p->a, "br0", &a, &prefix), 1);
	assert_int_equal(prefix, 16);
	assert_string_equal(test_err_text(), "");
	req = frt_req(1);
	assert_int_equal(req->nlmsg_type, RTM_GETADDR);
	assert_int_equal(req->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	assert_int_equal(((struct ifaddrmsg *)mnl_nlmsg_get_payload(req))
			 ->ifa_family, AF_INET);

	/* not there; an IPv4 peer address is not the device's address */
	frt_link(6, "br0", "bridge", 0, IFF_UP);
	frt_dump();
	frt_addr(5, "10.1.2.3/24", false);
	frt_addr(6, "10.1.2.2/32", true);	/* local .2, peer .3 */
	assert_int_equal(nstrack_rtnl_addr_find(&p->a, "br0", &a, NULL), 0);

	/* IPv6: IFA_ADDRESS only */
	assert_int_equal(nstrack_cidr_parse("fd00::1/64", &a, NULL), 0);
	frt_link(6, "br0", "bridge", 0, IFF_UP);
	frt_dump();
	frt_addr(6, "fd00::1/64", false);
	assert_int_equal(nstrack_rtnl_addr_find(&p->a, "br0", &a, NULL), 1);
	assert_int_equal(((struct ifaddrmsg *)mnl_nlmsg_get_payload(frt_req(5)))
			 ->ifa_family, AF_INET6);

	/* errors: no device, the dump fails */
	frt_error(-ENODEV, NULL);
	assert_int_equal(nstrack_rtnl_addr_find(&p->a, "br9", &a, NULL),
			 -ENODEV);
	assert_string_equal(test_err_text(),
			    "nstrack: br9: no such device in netns blue\n");
	test_err_start();
	frt_link(6, "br0", "bridge", 0, IFF_UP);
	frt_dump();
	frt->steps[frt->nsteps - 1].error = -ENOBUFS;
	assert_int_equal(nstrack_rtnl_addr_find(&p->a, "br0", &a, NULL),
			 -ENOBUFS);
	assert_string_equal(test_err_text(),
		"nstrack: br0: cannot list the addresses in netns blue: No buffer space available\n");
}

static void routes(void **state)
{
	struct frt_pair *p = *state;
	struct nstrack_ipaddr gw;
	const struct rtmsg *rtm;
	struct nlmsghdr *req;

	assert_int_equal(nstrack_ip_parse("10.1.2.254", &gw, NULL), 0);
	frt_ack();
	assert_int_equal(nstrack_rtnl_route_add_default(&p->a, &gw, NULL), 0);
	assert_string_equal(test_err_text(), "");
	req = frt_req(0);
	assert_int_equal(req->nlmsg_type, RTM_NEWROUTE);
	assert_int_equal(req->nlmsg_flags, CREATE);
	rtm = mnl_nlmsg_get_payload(req);
	assert_int_equal(rtm->rtm_family, AF_INET);
	assert_int_equal(rtm->rtm_dst_len, 0);
	assert_int_equal(rtm->rtm_table, RT_TABLE_MAIN);
	assert_int_equal(rtm->rtm_protocol, RTPROT_STATIC);
	assert_int_equal(rtm->rtm_scope, RT_SCOPE_UNIVERSE);
	assert_int_equal(rtm->rtm_type, RTN_UNICAST);
	assert_memory_equal(attr_bytes(req, sizeof(*rtm), RTA_GATEWAY, 4),
			    "\x0a\x01\x02\xfe", 4);
	assert_null(frt_attr(req, sizeof(*rtm), RTA_DST));
	assert_null(frt_attr(req, sizeof(*rtm), RTA_OIF));

	/* IPv6, through a device */
	assert_int_equal(nstrack_ip_parse("fe80::1", &gw, NULL), 0);
	frt_link(6, "va", "veth", 0, IFF_UP);
	frt_ack();
	assert_int_equal(nstrack_rtnl_route_add_default(&p->a, &gw, "va"), 0);
	req = frt_req(2);
	rtm = mnl_nlmsg_get_payload(req);
	assert_int_equal(rtm->rtm_family, AF_INET6);
	assert_memory_equal(attr_bytes(req, sizeof(*rtm), RTA_GATEWAY, 16),
			    gw.addr, 16);
	assert_int_equal(mnl_attr_get_u32(frt_attr(req, sizeof(*rtm), RTA_OIF)),
			 6);
}

static void route_refused(void **state)
{
	struct frt_pair *p = *state;
	struct nstrack_ipaddr gw;

	assert_int_equal(nstrack_ip_parse("10.1.2.254", &gw, NULL), 0);
	frt_error(-EEXIST, NULL);
	assert_int_equal(nstrack_rtnl_route_add_default(&p->a, &gw, NULL),
			 -EEXIST);
	assert_string_equal(test_err_text(),
		"nstrack: default via 10.1.2.254: a default route already exists in netns blue\n");

	test_err_start();
	frt_error(-EINVAL, "Nexthop has invalid gateway");
	assert_int_equal(nstrack_rtnl_route_add_default(&p->a, &gw, NULL),
			 -EINVAL);
	assert_string_equal(test_err_text(),
		"nstrack: default via 10.1.2.254: cannot add route in netns blue: Nexthop has invalid gateway\n");

	test_err_start();
	frt_error(-ENETUNREACH, NULL);
	assert_int_equal(nstrack_rtnl_route_add_default(&p->a, &gw, NULL),
			 -ENETUNREACH);
	assert_string_equal(test_err_text(),
		"nstrack: default via 10.1.2.254: gateway unreachable in netns blue (no address in its subnet)\n");

	test_err_start();
	frt_error(-ENODEV, NULL);
	assert_int_equal(nstrack_rtnl_route_add_default(&p->a, &gw, "vz"),
			 -ENODEV);
	assert_string_equal(test_err_text(),
			    "nstrack: vz: no such device in netns blue\n");
	assert_int_equal(frt->nreqs, 4);
}

/* ---- handles ---- */

static void where(void **state)
{
	struct nstrack_rtnl rt = NSTRACK_RTNL_CLOSED;

	(void)state;
	nstrack_rtnl_close(&rt);		/* closed: a no-op */
	assert_int_equal(nstrack_rtnl_init(&rt, NULL), 0);
	assert_string_equal(rt.where, "the current netns");
	assert_int_equal(rt.nsfd, -1);
	nstrack_rtnl_close(&rt);
	assert_int_equal(nstrack_rtnl_init(&rt, "pid:42"), 0);
	assert_string_equal(rt.where, "netns pid:42");
	nstrack_rtnl_close(&rt);
	assert_int_equal(nstrack_rtnl_init(&rt, "a\tb"), 0);
	assert_string_equal(rt.where, "netns a?b");
	nstrack_rtnl_close(&rt);
	nstrack_rtnl_close(&rt);		/* twice */
}

#define T(f) cmocka_unit_test_setup_teardown(f, frt_setup, frt_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ifnames),
		cmocka_unit_test(check_name_messages),
		cmocka_unit_test(cidrs),
		cmocka_unit_test(gateways),
		cmocka_unit_test(formats),
		cmocka_unit_test(where),
		T(lookup_found),
		T(lookup_missing),
		T(lookup_errors),
		T(veth_two_namespaces),
		T(veth_one_namespace),
		T(veth_name_taken),
		T(veth_undone),
		T(veth_refused),
		T(bridge_created),
		T(attach),
		T(attach_refused),
		T(deletion),
		T(move),
		T(move_refused),
		T(addresses),
		T(address_refused),
		T(address_lookup),
		T(routes),
		T(route_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
