// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the tool's handling of rtnetlink replies (rtnl.c, nsid.c).
 *
 * Input: one byte picks the operation, one byte of flags, then the
 * datagrams the fake kernel answers with (fuzz.h).  Two handles, "netns
 * blue" and "netns red", share that transport.  The operations are the
 * tool's own: link lookups by name and ifindex (RTM_NEWLINK with
 * IFLA_LINKINFO nests), the port count dump, address lookups
 * (RTM_NEWADDR), every change (veth pair, bridge, attach, move, address,
 * default route, delete, alias, up) with its acks, errors and extack, the
 * nsid requests (RTM_NEWNSID), and nstrack_nsid_parse() on each message.
 *
 * Besides the sanitizers, these hold for every input:
 *  - a failing call printed exactly one error line, a successful one none
 *    (warnings aside), and no error line holds a control character;
 *  - a link found has NUL-terminated names without control characters;
 *  - the nsid dump is ascending;
 *  - a parsed nsid is the value of the last NETNSA_NSID attribute of the
 *    message, found by an independent walk.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>

#include "fuzz.h"
#include "nl.h"
#include "nsid.h"
#include "rtnl.h"
#include "util.h"

enum op {
	OP_LINK_FIND,
	OP_LINK_INDEX,
	OP_PORTS,
	OP_ADDR_FIND,
	OP_VETH,
	OP_BRIDGE_ADD,
	OP_ATTACH,
	OP_MOVE,
	OP_ADDR_ADD,
	OP_ADDR_DEL,
	OP_ROUTE,
	OP_DEL,
	OP_ALIAS,
	OP_UP,
	OP_NSID_GET,
	OP_NSID_SET,
	OP_NSID_DUMP,
	OP_NSID_PARSE,
	OP_COUNT
};

#define F_V6	0x01	/* IPv6 addresses */
#define F_PEER	0x02	/* the veth peer in the other handle; a route dev */
#define F_UP	0x04	/* bring up what is created */

static bool clean_str(const char *s, size_t size)
{
	size_t i;

	if (!fz_terminated(s, size))
		return false;
	for (i = 0; s[i]; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

static void check_link(const struct nstrack_link *l)
{
	FZ_CHECK(clean_str(l->name, sizeof(l->name)));
	FZ_CHECK(clean_str(l->kind, sizeof(l->kind)));
	FZ_CHECK(clean_str(l->slave_kind, sizeof(l->slave_kind)));
	FZ_CHECK(clean_str(l->alias, sizeof(l->alias)));
	FZ_CHECK(l->up == !!(l->flags & 1u));	/* IFF_UP */
}

static void address(struct nstrack_ipaddr *a, bool v6, bool gw)
{
	const char *why;

	FZ_CHECK(nstrack_cidr_parse(v6 ? (gw ? "fe80::1/64" : "2001:db8::2/64") :
				    (gw ? "10.0.0.1/24" : "10.0.0.2/24"),
				    a, &why) == 0);
}

/*
 * The last NETNSA_NSID of an RTM_NEWNSID message, by hand; false if none.
 * Like libmnl's attribute walk, up to the message's aligned end.
 */
static bool ref_nsid(const struct nlmsghdr *nlh, int32_t *nsid)
{
	const uint8_t *p = (const uint8_t *)nlh;
	size_t off = 16 + 4, len = (nlh->nlmsg_len + 3u) & ~3u;
	bool seen = false;

	while (off + 4 <= len) {
		uint16_t alen, type;

		memcpy(&alen, p + off, 2);
		memcpy(&type, p + off + 2, 2);
		if (alen < 4 || alen > len - off)
			break;
		if ((type & NLA_TYPE_MASK) == NETNSA_NSID) {
			if (alen != 8)
				return false;
			memcpy(nsid, p + off + 4, 4);
			seen = true;
		}
		off += (alen + 3u) & ~3u;
	}
	return seen;
}

static void run_parse(struct fz_input *in)
{
	const uint8_t *b;
	size_t n;

	while (fz_batch(in, &b, &n)) {
		/* a datagram always holds the padding of its last message */
		char *buf = calloc(1, ((n + 3) & ~(size_t)3) + 1);
		const struct nlmsghdr *nlh;
		int rest = (int)n;

		FZ_CHECK(buf);
		memcpy(buf, b, n);
		nlh = (const struct nlmsghdr *)buf;
		while (rest >= (int)sizeof(*nlh) &&
		       nlh->nlmsg_len >= sizeof(*nlh) &&
		       nlh->nlmsg_len <= (unsigned int)rest) {
			int32_t got, want;

			if (nstrack_nsid_parse(nlh, &got) == 0) {
				FZ_CHECK(nlh->nlmsg_type == RTM_NEWNSID);
				FZ_CHECK(ref_nsid(nlh, &want) && got == want);
			}
			nlh = mnl_nlmsg_next(nlh, &rest);
		}
		free(buf);
	}
}

/* a negative errno on failure, >= 0 on success */
static int run_op(enum op op, uint8_t flags, struct fz_input *in)
{
	struct nstrack_rtnl a, b;
	struct nstrack_nl nl;
	struct nstrack_link l;
	struct nstrack_ipaddr addr, gw;
	unsigned int prefix = 0;
	int32_t nsid = -2, *ids = NULL;
	size_t n = 0, i;
	int ret = 0;

	address(&addr, flags & F_V6, false);
	address(&gw, flags & F_V6, true);
	if (op >= OP_NSID_GET) {
		FZ_CHECK(nstrack_nl_init(&nl) == 0);
		fz_nl_attach(&nl, in);
		switch (op) {
		case OP_NSID_GET:
			ret = nstrack_nsid_get(&nl, 3, &nsid, "blue");
			break;
		case OP_NSID_SET:
			ret = nstrack_nsid_set(&nl, 3, flags & F_UP ? 7 :
					       NSTRACK_NSID_NONE, "blue");
			break;
		case OP_NSID_DUMP:
			ret = nstrack_nsid_dump(&nl, &ids, &n);
			FZ_CHECK(ret == 0 || (!ids && !n));
			for (i = 1; i < n; i++)
				FZ_CHECK(ids[i - 1] <= ids[i]);
			free(ids);
			break;
		default:
			run_parse(in);
			break;
		}
		fz_nl_detach(&nl);
		nstrack_nl_close(&nl);
		return ret;
	}

	FZ_CHECK(nstrack_rtnl_init(&a, "blue") == 0);
	FZ_CHECK(nstrack_rtnl_init(&b, "red") == 0);
	fz_rtnl_attach(&a, in);
	fz_rtnl_attach(&b, in);
	memset(&l, 0, sizeof(l));
	switch (op) {
	case OP_LINK_FIND:
		ret = nstrack_rtnl_link_find(&a, "eth0", &l);
		if (ret == 1)
			check_link(&l);
		break;
	case OP_LINK_INDEX:
		ret = nstrack_rtnl_link_get_index(&a, 3, &l);
		if (ret == 0)
			check_link(&l);
		break;
	case OP_PORTS:
		ret = nstrack_rtnl_ports(&a, 5, "br0");
		break;
	case OP_ADDR_FIND:
		ret = nstrack_rtnl_addr_find(&a, "eth0", &addr, &prefix);
		if (ret == 1)
			FZ_CHECK(prefix <= 255);
		break;
	case OP_VETH:
		ret = nstrack_rtnl_veth_add(&a, "vh-blue", "eth0",
					    flags & F_PEER ? &b : NULL,
					    flags & F_UP);
		break;
	case OP_BRIDGE_ADD:
		ret = nstrack_rtnl_bridge_add(&a, "br0", flags & F_UP);
		break;
	case OP_ATTACH:
		ret = nstrack_rtnl_bridge_attach(&a, "br0", "vh-blue");
		break;
	case OP_MOVE:
		ret = nstrack_rtnl_link_move(&a, "eth0", &b);
		break;
	case OP_ADDR_ADD:
		ret = nstrack_rtnl_addr_add(&a, "eth0", &addr);
		break;
	case OP_ADDR_DEL:
		ret = nstrack_rtnl_addr_del(&a, "eth0", &addr);
		break;
	case OP_ROUTE:
		ret = nstrack_rtnl_route_add_default(&a, &gw, flags & F_PEER ?
						     "eth0" : NULL);
		break;
	case OP_DEL:
		ret = nstrack_rtnl_link_del(&a, "eth0");
		break;
	case OP_ALIAS:
		ret = nstrack_rtnl_link_set_alias(&a, "eth0", flags & F_UP ?
						  "" : "nstrack:blue");
		break;
	case OP_UP:
		ret = nstrack_rtnl_link_set_up(&a, "eth0");
		break;
	default:
		break;
	}
	FZ_CHECK(clean_str(a.extack, sizeof(a.extack)));
	fz_rtnl_detach(&a);
	fz_rtnl_detach(&b);
	nstrack_rtnl_close(&a);
	nstrack_rtnl_close(&b);
	return ret;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_setup();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_input in = { data, size };
	FILE *errf, *saved = nstrack_errfp;
	char *errbuf = NULL;
	size_t errlen = 0, lines;
	enum op op;
	uint8_t flags;
	int ret;

	op = (enum op)(fz_byte(&in) % OP_COUNT);
	flags = fz_byte(&in);
	errf = open_memstream(&errbuf, &errlen);
	FZ_CHECK(errf);
	nstrack_errfp = errf;
	ret = run_op(op, flags, &in);
	nstrack_errfp = saved;
	fclose(errf);
	if (fz_verbose())
		fprintf(stderr, "op %d flags %#x: %d\n-- errors:\n%.*s--\n",
			op, flags, ret, (int)errlen, errbuf);
	lines = fz_err_lines(errbuf, errlen);
	FZ_CHECK(lines == (ret < 0 ? 1u : 0u));
	free(errbuf);
	return 0;
}
