// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: connect's argument checks, the gateway it picks and the
 * host end's name (user/cmd_connect.c), and the rtnl calls it added
 * (alias, port count, address removal) against the fake kernel.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <cmocka.h>

#include "connect.h"
#include "fake_rtnl.h"
#include "netcmd.h"
#include "testutil.h"

#define MAXARGS 12

/* nstrack_connect_parse() on the words given (NULL-terminated) */
static int parse(struct nstrack_connect *c, ...)
{
	static char words[MAXARGS][64];
	struct nstrack_opts o = { 0 };
	char *argv[MAXARGS + 1];
	const char *w;
	int argc = 0;
	va_list ap;

	snprintf(words[0], sizeof(words[0]), "connect");
	argv[argc++] = words[0];
	va_start(ap, c);
	while ((w = va_arg(ap, const char *))) {
		assert_true(argc < MAXARGS && strlen(w) < sizeof(words[0]));
		snprintf(words[argc], sizeof(words[0]), "%s", w);
		argv[argc] = words[argc];
		argc++;
	}
	va_end(ap);
	argv[argc] = NULL;
	test_err_start();
	return nstrack_connect_parse(&o, argc, argv, c);
}

static void host_ends(void **state)
{
	char buf[IFNAMSIZ];

	(void)state;
	nstrack_connect_host_end("blue", buf);
	assert_string_equal(buf, "vh-blue");
	nstrack_connect_host_end("twelve_chars", buf);
	assert_string_equal(buf, "vh-twelve_chars");
	/* too long: 6 bytes and a hash; the hash tells names apart */
	nstrack_connect_host_end("thirteen_char", buf);
	assert_int_equal(strlen(buf), 15);
	assert_memory_equal(buf, "vh-thirte-", 10);
	{
		char other[IFNAMSIZ];

		nstrack_connect_host_end("thirteen_chaR", other);
		assert_memory_equal(other, "vh-thirte-", 10);
		assert_string_not_equal(buf, other);
		nstrack_connect_host_end("thirteen_char", other);
		assert_string_equal(buf, other);
	}
	/* characters a device name cannot have: replaced, and hashed */
	nstrack_connect_host_end("a:b c", buf);
	assert_int_equal(strlen(buf), 15);
	assert_memory_equal(buf, "vh-a_b_c_-", 10);
	assert_null(nstrack_ifname_invalid(buf));
	nstrack_connect_host_end("x", buf);
	assert_string_equal(buf, "vh-x");
}

static void gw_of(const char *cidr, const char *gw, const char *want,
		  const char *why_want)
{
	struct nstrack_ipaddr a, g;
	const char *why = NULL;
	char text[64];

	assert_int_equal(nstrack_cidr_parse(cidr, &a, NULL), 0);
	if (why_want) {
		assert_int_equal(nstrack_connect_gateway(&a, gw, &g, &why),
				 -EINVAL);
		assert_string_equal(why, why_want);
		return;
	}
	assert_int_equal(nstrack_connect_gateway(&a, gw, &g, &why), 0);
	nstrack_ipaddr_format(&g, true, text, sizeof(text));
	assert_string_equal(text, want);
}

static void gateways(void **state)
{
	(void)state;
	gw_of("10.0.0.2/24", NULL, "10.0.0.1/24", NULL);
	gw_of("10.0.5.77/16", NULL, "10.0.0.1/16", NULL);
	gw_of("10.0.0.2/24", "10.0.0.254", "10.0.0.254/24", NULL);
	gw_of("10.0.0.1/24", NULL, NULL, "the address is the gateway's");
	gw_of("10.0.0.2/24", "10.0.0.2", NULL, "the address is the gateway's");
	gw_of("10.0.0.2/24", "10.0.1.1", NULL,
	      "the gateway is not in the subnet of the address");
	gw_of("10.0.0.2/24", "10.0.0.255", NULL,
	      "the gateway is not a host address of the subnet");
	gw_of("10.0.0.0/24", NULL, NULL,
	      "a subnet's own address, not a host address");
	gw_of("10.0.0.255/24", NULL, NULL,
	      "the subnet's broadcast address, not a host address");
	gw_of("10.0.0.2/31", NULL, NULL,
	      "the subnet has no room for a gateway (at most /30)");
	gw_of("10.0.0.2/30", NULL, "10.0.0.1/30", NULL);
	gw_of("fd00:1::2/64", NULL, "fd00:1::1/64", NULL);
	gw_of("fd00:1::2/64", "fd00:1::fe", "fd00:1::fe/64", NULL);
	gw_of("fd00:1::2/127", NULL, NULL,
	      "the subnet has no room for a gateway (at most /126)");
}

static void arguments(void **state)
{
	struct nstrack_connect c;
	char text[64];

	(void)state;
	assert_int_equal(parse(&c, "blue", "--bridge", "br0", "--addr",
			       "10.0.0.2/24", "--nat", NULL), 0);
	assert_string_equal(test_err_text(), "");
	assert_string_equal(c.ns, "blue");
	assert_string_equal(c.bridge, "br0");
	assert_true(c.nat);
	assert_false(c.gw_given);
	assert_string_equal(c.host_end, "vh-blue");
	nstrack_ipaddr_format(&c.gw, true, text, sizeof(text));
	assert_string_equal(text, "10.0.0.1/24");
	test_err_stop();

	assert_int_equal(parse(&c, "--gw=10.0.0.9", "red", "--addr=10.0.0.3/24",
			       "--bridge", "br0", NULL), 0);
	assert_false(c.nat);
	assert_true(c.gw_given);
	nstrack_ipaddr_format(&c.gw, true, text, sizeof(text));
	assert_string_equal(text, "10.0.0.9/24");
	test_err_stop();

#define REFUSED(msg, ...) do {						\
		assert_int_equal(parse(&c, __VA_ARGS__, NULL), -1);	\
		assert_string_equal(test_err_text(), msg);		\
		test_err_stop();					\
	} while (0)
	REFUSED("nstrack: connect: missing argument (try 'nstrack connect --help')\n",
		"--bridge", "br0", "--addr", "10.0.0.2/24");
	REFUSED("nstrack: connect: --bridge is required (try 'nstrack connect --help')\n",
		"blue", "--addr", "10.0.0.2/24");
	REFUSED("nstrack: connect: --addr is required (try 'nstrack connect --help')\n",
		"blue", "--bridge", "br0");
	REFUSED("nstrack: connect: invalid address '10.0.0.2': missing /PREFIX, e.g. 10.0.0.1/24\n",
		"blue", "--bridge", "br0", "--addr", "10.0.0.2");
	REFUSED("nstrack: connect: invalid gateway '10.1.0.1': the gateway is not in the subnet of the address\n",
		"blue", "--bridge", "br0", "--addr", "10.0.0.2/24", "--gw",
		"10.1.0.1");
	REFUSED("nstrack: br-0123456789abc: name too long (at most 15 characters)\n",
		"blue", "--bridge", "br-0123456789abc", "--addr",
		"10.0.0.2/24");
	REFUSED("nstrack: connect: invalid name 'a/b': a name cannot contain '/'\n",
		"a/b", "--bridge", "br0", "--addr", "10.0.0.2/24");
	REFUSED("nstrack: connect: --nat is for IPv4 addresses only\n",
		"blue", "--bridge", "br0", "--addr", "fd00::2/64", "--nat");
	REFUSED("nstrack: connect: unexpected argument 'red' (try 'nstrack connect --help')\n",
		"blue", "red", "--bridge", "br0", "--addr", "10.0.0.2/24");
}

/* ---- the rtnl calls connect added, against the fake kernel ---- */

static void alias(void **state)
{
	struct frt_pair *p = *state;
	struct nstrack_link l;
	const struct nlattr *a;
	struct frt_step *s;

	frt_ack();
	assert_int_equal(nstrack_rtnl_link_set_alias(&p->a, "br0",
						     NSTRACK_CONNECT_ALIAS), 0);
	assert_int_equal(frt_req(0)->nlmsg_type, RTM_SETLINK);
	a = frt_attr(frt_req(0), sizeof(struct ifinfomsg), IFLA_IFALIAS);
	assert_non_null(a);
	assert_int_equal(mnl_attr_get_payload_len(a),
			 strlen(NSTRACK_CONNECT_ALIAS));
	assert_memory_equal(mnl_attr_get_payload(a), NSTRACK_CONNECT_ALIAS,
			    strlen(NSTRACK_CONNECT_ALIAS));

	/* read back by a lookup */
	frt_link(6, "br0", "bridge", 0, IFF_UP);
	s = &frt->steps[frt->nsteps - 1];
	snprintf(s->l.alias, sizeof(s->l.alias), "%s", NSTRACK_CONNECT_ALIAS);
	assert_int_equal(nstrack_rtnl_link_find(&p->a, "br0", &l), 1);
	assert_string_equal(l.alias, NSTRACK_CONNECT_ALIAS);
	frt_link(7, "br1", "bridge", 0, IFF_UP);
	assert_int_equal(nstrack_rtnl_link_find(&p->a, "br1", &l), 1);
	assert_string_equal(l.alias, "");

	frt_error(-ENODEV, NULL);
	assert_int_equal(nstrack_rtnl_link_set_alias(&p->a, "br9", "x"),
			 -ENODEV);
	assert_string_equal(test_err_text(),
			    "nstrack: br9: no such device in netns blue\n");
}

static void ports(void **state)
{
	struct frt_pair *p = *state;
	struct frt_step *s;

	s = frt_step();
	s->dump = true;
	s->nlinks = 3;
	s->links[0].ifindex = 7;
	snprintf(s->links[0].name, IFNAMSIZ, "vh-a");
	s->links[0].master = 6;
	s->links[1].ifindex = 8;
	snprintf(s->links[1].name, IFNAMSIZ, "vh-b");
	s->links[1].master = 9;
	s->links[2].ifindex = 10;
	snprintf(s->links[2].name, IFNAMSIZ, "vh-c");
	s->links[2].master = 6;
	assert_int_equal(nstrack_rtnl_ports(&p->a, 6, "br0"), 2);
	assert_int_equal(frt_req(0)->nlmsg_type, RTM_GETLINK);
	assert_true(frt_req(0)->nlmsg_flags & NLM_F_DUMP);

	frt_dump();
	assert_int_equal(nstrack_rtnl_ports(&p->a, 6, "br0"), 0);
	assert_string_equal(test_err_text(), "");

	frt_dump();
	frt->steps[frt->nsteps - 1].error = -ENOBUFS;
	assert_int_equal(nstrack_rtnl_ports(&p->a, 6, "br0"), -ENOBUFS);
	assert_string_equal(test_err_text(),
		"nstrack: br0: cannot list the ports in netns blue: No buffer space available\n");
}

static void address_removal(void **state)
{
	struct frt_pair *p = *state;
	const struct ifaddrmsg *ifa;
	struct nstrack_ipaddr a;
	struct nlmsghdr *req;

	assert_int_equal(nstrack_cidr_parse("10.0.0.1/24", &a, NULL), 0);
	frt_link(6, "br0", "bridge", 0, IFF_UP);
	frt_ack();
	assert_int_equal(nstrack_rtnl_addr_del(&p->a, "br0", &a), 0);
	req = frt_req(1);
	assert_int_equal(req->nlmsg_type, RTM_DELADDR);
	ifa = mnl_nlmsg_get_payload(req);
	assert_int_equal(ifa->ifa_index, 6);
	assert_int_equal(ifa->ifa_prefixlen, 24);
	assert_memory_equal(mnl_attr_get_payload(frt_attr(req, sizeof(*ifa),
							  IFA_LOCAL)),
			    "\x0a\x00\x00\x01", 4);

	frt_link(6, "br0", "bridge", 0, IFF_UP);
	frt_error(-EADDRNOTAVAIL, NULL);
	assert_int_equal(nstrack_rtnl_addr_del(&p->a, "br0", &a),
			 -EADDRNOTAVAIL);
	assert_string_equal(test_err_text(),
		"nstrack: 10.0.0.1/24: no such address on br0 in netns blue\n");
}

#define T(f) cmocka_unit_test_setup_teardown(f, frt_setup, frt_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(host_ends),
		cmocka_unit_test(gateways),
		cmocka_unit_test(arguments),
		T(alias),
		T(ports),
		T(address_removal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
