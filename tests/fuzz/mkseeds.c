// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the generated seeds of the nstrack fuzz targets into DIR/<target>/
 * ("make seeds"): for fuzz_genl and fuzz_rtnl, well-formed conversations
 * with the fake kernel (an operation byte, a flags byte, then each
 * datagram as a 16-bit little-endian length and its bytes, see fuzz.h);
 * for fuzz_nsarg and fuzz_args, typical arguments.  Deterministic: the
 * same files every time.
 *
 * Usage: mkseeds DIR
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <net/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/nstrack.h>
#include <linux/rtnetlink.h>

/* the nstrack family id of the fake kernel: FZ_FAMILY_ID in fuzz.h */
#define FZ_FAMILY_ID	0x1d

static const char *top;

/* ---- a seed: op, flags, batches ---- */

static uint8_t seed[65536];
static size_t seed_len;
/* the batch being built */
static union {
	uint64_t align;
	char b[16384];
} batch;
static size_t batch_len;

static void seed_start(uint8_t op, uint8_t flags)
{
	seed[0] = op;
	seed[1] = flags;
	seed_len = 2;
	batch_len = 0;
	/* libmnl leaves alignment padding as it finds it */
	memset(batch.b, 0, sizeof(batch.b));
}

static void seed_bytes(const void *p, size_t n)
{
	if (seed_len + n > sizeof(seed)) {
		fprintf(stderr, "mkseeds: seed too large\n");
		exit(1);
	}
	memcpy(seed + seed_len, p, n);
	seed_len += n;
}

static struct nlmsghdr *msg(uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(batch.b + batch_len);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	return nlh;
}

static void msg_end(const struct nlmsghdr *nlh)
{
	batch_len += MNL_ALIGN(nlh->nlmsg_len);
}

/* close the batch being built: into the seed */
static void batch_end(void)
{
	uint8_t len[2] = { batch_len & 0xff, batch_len >> 8 };

	seed_bytes(len, 2);
	seed_bytes(batch.b, batch_len);
	memset(batch.b, 0, batch_len);
	batch_len = 0;
}

static void seed_write(const char *target, const char *name)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", top, target);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/seed-%s", top, target, name);
	f = fopen(path, "we");
	if (!f || fwrite(seed, 1, seed_len, f) != seed_len || fclose(f)) {
		fprintf(stderr, "mkseeds: %s: %s\n", path, strerror(errno));
		exit(1);
	}
}

/* fuzz_args' operations, as in fuzz_args.c */
enum { A_CIDR, A_IP, A_TYPES, A_PID, A_NSID, A_IFNAME, A_NETNS_NAME,
       A_OPTS, A_MOUNTINFO, A_LOOKUP };

static void text_seed(const char *target, const char *name, uint8_t op,
		      const char *s)
{
	/* the size of the buffer these two write into (fuzz_args.c) */
	static const uint8_t size = 63;

	seed_len = 0;
	if (op != 0xff)
		seed_bytes(&op, 1);
	if (op == A_NETNS_NAME || op == A_MOUNTINFO)
		seed_bytes(&size, 1);
	seed_bytes(s, strlen(s));
	seed_write(target, name);
}

/* ---- generic netlink messages ---- */

static struct nlmsghdr *genl(uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh = msg(FZ_FAMILY_ID, flags);
	struct genlmsghdr *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));

	g->cmd = cmd;
	g->version = NSTRACK_FAMILY_VERSION;
	return nlh;
}

/* a u64 the way the kernel puts it: PAD (type 1 in every set) first */
static void put_u64(struct nlmsghdr *nlh, uint16_t type, uint64_t v)
{
	if ((nlh->nlmsg_len + MNL_ATTR_HDRLEN) % 8)
		mnl_attr_put(nlh, 1, 0, NULL);
	mnl_attr_put_u64(nlh, type, v);
}

static void done(int status, const char *extack)
{
	struct nlmsghdr *nlh = msg(NLMSG_DONE, NLM_F_MULTI);
	int *st = mnl_nlmsg_put_extra_header(nlh, sizeof(int));

	*st = status;
	if (extack) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, extack);
	}
	msg_end(nlh);
}

/* an ack (error 0) or an error, capped, optionally with extack */
static void error(int err, const char *extack)
{
	struct nlmsghdr *nlh = msg(NLMSG_ERROR, NLM_F_CAPPED);
	struct nlmsgerr *e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));

	e->error = err;
	e->msg.nlmsg_len = 36;
	e->msg.nlmsg_type = FZ_FAMILY_ID;
	if (extack) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, 20);
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, extack);
	}
	msg_end(nlh);
}

static void sockets_nest(struct nlmsghdr *nlh, uint16_t type, uint32_t total,
			 bool protos)
{
	static const char *const names[] = { "TCP", "UDP", "UNIX", "UNIX" };
	struct nlattr *s = mnl_attr_nest_start(nlh, type), *p;
	size_t i;

	mnl_attr_put_u32(nlh, NSTRACK_A_SOCKETS_TOTAL, total);
	mnl_attr_put_u32(nlh, NSTRACK_A_SOCKETS_TCP_TIME_WAIT, 2);
	for (i = 0; protos && i < 4; i++) {
		p = mnl_attr_nest_start(nlh, NSTRACK_A_SOCKETS_PROTO);
		mnl_attr_put_strz(nlh, NSTRACK_A_PROTO_NAME, names[i]);
		mnl_attr_put_u32(nlh, NSTRACK_A_PROTO_INUSE, (uint32_t)i + 1);
		mnl_attr_nest_end(nlh, p);
	}
	mnl_attr_nest_end(nlh, s);
}

static void netns(uint64_t cookie, uint32_t inode, uint8_t state, bool full,
		  uint16_t flags)
{
	struct nlmsghdr *nlh = genl(NSTRACK_CMD_NETNS_GET, flags);

	put_u64(nlh, NSTRACK_A_NETNS_SERIAL, cookie);
	put_u64(nlh, NSTRACK_A_NETNS_COOKIE, cookie);
	mnl_attr_put_u32(nlh, NSTRACK_A_NETNS_INODE, inode);
	mnl_attr_put_u8(nlh, NSTRACK_A_NETNS_STATE, state);
	if (full) {
		mnl_attr_put_u32(nlh, NSTRACK_A_NETNS_NSID, 0);
		mnl_attr_put_u32(nlh, NSTRACK_A_NETNS_OWNER_USERNS, 4026531837u);
		mnl_attr_put_u32(nlh, NSTRACK_A_NETNS_OWNER_UID, 1000);
		mnl_attr_put_u32(nlh, NSTRACK_A_NETNS_FLAGS, 0);
		put_u64(nlh, NSTRACK_A_NETNS_SEEN_NS, 1000000000ull);
		put_u64(nlh, NSTRACK_A_NETNS_CREATED_NS, 1000000000ull);
		mnl_attr_put_u32(nlh, NSTRACK_A_NETNS_CREATOR_PID, 167);
		mnl_attr_put_strz(nlh, NSTRACK_A_NETNS_CREATOR_COMM, "ip");
		if (state != NSTRACK_NETNS_STATE_ALIVE) {
			put_u64(nlh, NSTRACK_A_NETNS_PRE_EXIT_NS, 2000000000ull);
			put_u64(nlh, NSTRACK_A_NETNS_EXIT_NS, 2100000000ull);
		}
		mnl_attr_put_u32(nlh, NSTRACK_A_NETNS_DEVICES, 2);
		if (state == NSTRACK_NETNS_STATE_ALIVE)
			sockets_nest(nlh, NSTRACK_A_NETNS_SOCKETS, 3, false);
	}
	msg_end(nlh);
}

/* addr: the length of its link-layer address (0: none; at most 32) */
static void dev(uint64_t cookie, uint32_t ifindex, const char *name,
		const char *kind, size_t addr)
{
	static const uint8_t mac[32] = { 2, 0, 0x5e, 0x10, 0, 1 };
	struct nlmsghdr *nlh = genl(NSTRACK_CMD_DEV_GET, NLM_F_MULTI);

	put_u64(nlh, NSTRACK_A_DEV_NETNS_COOKIE, cookie);
	mnl_attr_put_u32(nlh, NSTRACK_A_DEV_NETNS_INODE, 4026532178u);
	mnl_attr_put_u32(nlh, NSTRACK_A_DEV_IFINDEX, ifindex);
	mnl_attr_put_strz(nlh, NSTRACK_A_DEV_NAME, name);
	mnl_attr_put_strz(nlh, NSTRACK_A_DEV_KIND, kind);
	if (addr)
		mnl_attr_put(nlh, NSTRACK_A_DEV_ADDRESS, addr, mac);
	msg_end(nlh);
}

static void endpoint(struct nlmsghdr *nlh, uint16_t type, uint64_t cookie,
		     const char *name)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, type);

	put_u64(nlh, NSTRACK_A_ENDPOINT_COOKIE, cookie);
	mnl_attr_put_u32(nlh, NSTRACK_A_ENDPOINT_INODE, 4026532178u);
	if (name) {
		mnl_attr_put_u32(nlh, NSTRACK_A_ENDPOINT_IFINDEX, 2);
		mnl_attr_put_strz(nlh, NSTRACK_A_ENDPOINT_NAME, name);
	}
	mnl_attr_nest_end(nlh, n);
}

static void event(uint8_t cmd, uint64_t seq, uint8_t type, uint64_t cookie)
{
	struct nlmsghdr *nlh = genl(cmd, cmd == NSTRACK_CMD_EVENT_NTF ? 0 :
				    NLM_F_MULTI);

	put_u64(nlh, NSTRACK_A_EVENT_SEQ, seq);
	put_u64(nlh, NSTRACK_A_EVENT_TIME_NS, 1000000000ull * seq);
	mnl_attr_put_u8(nlh, NSTRACK_A_EVENT_TYPE, type);
	mnl_attr_put_u32(nlh, NSTRACK_A_EVENT_TASK_PID, 977);
	mnl_attr_put_strz(nlh, NSTRACK_A_EVENT_TASK_COMM, "unshare");
	if (type >= NSTRACK_EVENT_DEV_REGISTER) {
		mnl_attr_put_u8(nlh, NSTRACK_A_EVENT_REASON, NSTRACK_REASON_USER);
		if (type != NSTRACK_EVENT_DEV_REGISTER)
			endpoint(nlh, NSTRACK_A_EVENT_FROM, 1, "veth0");
		if (type != NSTRACK_EVENT_DEV_UNREGISTER)
			endpoint(nlh, NSTRACK_A_EVENT_TO, cookie, "eth0");
	} else {
		endpoint(nlh, NSTRACK_A_EVENT_NETNS, cookie, NULL);
	}
	msg_end(nlh);
}

static void sockets(uint64_t cookie)
{
	struct nlmsghdr *nlh = genl(NSTRACK_CMD_SOCKETS_GET, NLM_F_MULTI);

	put_u64(nlh, NSTRACK_A_NETNS_COOKIE, cookie);
	mnl_attr_put_u32(nlh, NSTRACK_A_NETNS_INODE, 4026532178u);
	sockets_nest(nlh, NSTRACK_A_NETNS_SOCKETS, 10, true);
	msg_end(nlh);
}

static void info(uint64_t oldest, uint64_t last)
{
	struct nlmsghdr *nlh = genl(NSTRACK_CMD_INFO_GET, 0);

	mnl_attr_put_strz(nlh, NSTRACK_A_INFO_VERSION, "0.9");
	put_u64(nlh, NSTRACK_A_INFO_EVENT_LAST, last);
	put_u64(nlh, NSTRACK_A_INFO_EVENT_OLDEST, oldest);
	mnl_attr_put_u32(nlh, NSTRACK_A_INFO_EVENT_HISTORY_SIZE, 4096);
	mnl_attr_put_u32(nlh, NSTRACK_A_INFO_NETNS_HISTORY_SIZE, 256);
	mnl_attr_put(nlh, NSTRACK_A_INFO_EVENTS_HERE, 0, NULL);
	put_u64(nlh, NSTRACK_A_INFO_NOTIFY_FAILED, 0);
	msg_end(nlh);
}

static void family(void)
{
	struct nlmsghdr *nlh = msg(GENL_ID_CTRL, 0);
	struct genlmsghdr *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	struct nlattr *groups, *grp;

	g->cmd = CTRL_CMD_NEWFAMILY;
	g->version = 2;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, NSTRACK_FAMILY_NAME);
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, FZ_FAMILY_ID);
	mnl_attr_put_u32(nlh, CTRL_ATTR_VERSION, NSTRACK_FAMILY_VERSION);
	mnl_attr_put_u32(nlh, CTRL_ATTR_HDRSIZE, 0);
	groups = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
	grp = mnl_attr_nest_start(nlh, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, "other");
	mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, 4);
	mnl_attr_nest_end(nlh, grp);
	grp = mnl_attr_nest_start(nlh, 2);
	mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, NSTRACK_MCGRP_EVENTS);
	mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, 5);
	mnl_attr_nest_end(nlh, grp);
	mnl_attr_nest_end(nlh, groups);
	msg_end(nlh);
}

/* fuzz_genl's operations, as in fuzz_genl.c */
enum { G_FAMILY, G_NETNS_DUMP, G_NETNS_LOOKUP, G_DEVICES_DUMP, G_DEVICES_OF,
       G_HISTORY_READ, G_HISTORY_OF, G_INFO, G_LIST, G_SHOW, G_DEVICES,
       G_SOCKETS, G_HISTORY, G_HOLDERS, G_MONITOR, G_RECORDS };
#define GF_JSON		0x01
#define GF_NS		0x04
#define GF_TIMELINE	0x08
#define GF_FILTER	0x10

/* batches of whole answers */
static void netns_dump(bool intr)
{
	uint16_t f = NLM_F_MULTI | (intr ? NLM_F_DUMP_INTR : 0);

	netns(1, 4026531840u, NSTRACK_NETNS_STATE_ALIVE, true, f);
	netns(4097, 4026532178u, NSTRACK_NETNS_STATE_ALIVE, true, f);
	netns(4098, 4026532230u, NSTRACK_NETNS_STATE_DEAD, true, f);
	batch_end();
	done(0, NULL);
	batch_end();
}

static void lookup(uint8_t state)
{
	netns(4097, 4026532178u, state, true, 0);
	error(0, NULL);
	batch_end();
}

static void dev_dump(void)
{
	dev(1, 1, "lo", "", 0);
	dev(4097, 2, "eth0", "veth", 6);
	dev(4097, 3, "br0", "bridge", 6);
	done(0, NULL);
	batch_end();
}

static void history_dump(uint64_t from, uint64_t to)
{
	uint64_t s;

	for (s = from; s <= to; s++)
		event(NSTRACK_CMD_HISTORY_GET, s, (uint8_t)(1 + s % 6), 4097);
	batch_end();
	done(0, NULL);
	batch_end();
}

static void genl_seeds(void)
{
	seed_start(G_FAMILY, 0);
	family();
	error(0, NULL);
	batch_end();
	seed_write("genl", "family");

	seed_start(G_FAMILY, 0);
	error(-ENOENT, "Unknown family");
	batch_end();
	seed_write("genl", "family-enoent");

	seed_start(G_NETNS_DUMP, 0);
	netns_dump(false);
	seed_write("genl", "netns-dump");

	seed_start(G_NETNS_DUMP, 0);
	netns_dump(true);
	netns_dump(false);
	seed_write("genl", "netns-dump-intr");

	seed_start(G_NETNS_DUMP, 0);
	netns(1, 4026531840u, NSTRACK_NETNS_STATE_ALIVE, false, NLM_F_MULTI);
	done(-EINVAL, "bad request");
	batch_end();
	seed_write("genl", "netns-dump-error");

	seed_start(G_NETNS_LOOKUP, 0);
	lookup(NSTRACK_NETNS_STATE_ALIVE);
	seed_write("genl", "lookup");

	seed_start(G_NETNS_LOOKUP, 0);
	error(-ENOENT, "no such namespace");
	batch_end();
	seed_write("genl", "lookup-enoent");

	seed_start(G_DEVICES_DUMP, 0);
	dev_dump();
	seed_write("genl", "devices-dump");

	seed_start(G_DEVICES_OF, 0);
	dev_dump();
	seed_write("genl", "devices-of");

	seed_start(G_HISTORY_READ, 0);
	history_dump(1, 8);
	seed_write("genl", "history-read");

	seed_start(G_HISTORY_OF, 0);
	history_dump(3, 6);
	seed_write("genl", "history-of");

	seed_start(G_INFO, 0);
	info(1, 8);
	error(0, NULL);
	batch_end();
	seed_write("genl", "info");

	seed_start(G_LIST, 0);
	netns_dump(false);
	seed_write("genl", "list");

	seed_start(G_LIST, GF_JSON);
	netns_dump(false);
	seed_write("genl", "list-json");

	seed_start(G_SHOW, GF_TIMELINE);
	lookup(NSTRACK_NETNS_STATE_DEAD);
	history_dump(1, 6);
	seed_write("genl", "show-timeline");

	seed_start(G_SHOW, GF_JSON);
	lookup(NSTRACK_NETNS_STATE_ALIVE);
	seed_write("genl", "show-json");

	seed_start(G_DEVICES, GF_NS);
	lookup(NSTRACK_NETNS_STATE_ALIVE);
	dev_dump();
	seed_write("genl", "devices-ns");

	seed_start(G_DEVICES, GF_JSON);
	dev_dump();
	seed_write("genl", "devices-json");

	seed_start(G_SOCKETS, 0);
	sockets(1);
	sockets(4097);
	done(0, NULL);
	batch_end();
	seed_write("genl", "sockets");

	seed_start(G_SOCKETS, GF_NS | GF_JSON);
	lookup(NSTRACK_NETNS_STATE_ALIVE);
	sockets(4097);
	done(0, NULL);
	batch_end();
	seed_write("genl", "sockets-ns-json");

	seed_start(G_HISTORY, 0);
	history_dump(1, 8);
	netns_dump(false);
	seed_write("genl", "history");

	seed_start(G_HISTORY, GF_NS | GF_TIMELINE | GF_JSON);
	lookup(NSTRACK_NETNS_STATE_ALIVE);
	history_dump(1, 8);
	seed_write("genl", "history-ns-dev-json");

	seed_start(G_HOLDERS, 0);
	lookup(NSTRACK_NETNS_STATE_ALIVE);
	dev_dump();
	seed_write("genl", "holders");

	seed_start(G_HOLDERS, GF_JSON);
	lookup(NSTRACK_NETNS_STATE_DEAD);
	seed_write("genl", "holders-dead-json");

	/* monitor: since 3, oldest 5, last 9; then events 10, 12, 20 */
	{
		static const uint8_t hdr[25] = { 3, 0, 0, 0, 0, 0, 0, 0,
						 5, 0, 0, 0, 0, 0, 0, 0,
						 9, 0, 0, 0, 0, 0, 0, 0, 0x3f };
		seed_start(G_MONITOR, GF_JSON);
		seed_bytes(hdr, sizeof(hdr));
		history_dump(5, 9);		/* the replay from 3 */
		event(NSTRACK_CMD_EVENT_NTF, 10, NSTRACK_EVENT_NETNS_NEW, 4097);
		event(NSTRACK_CMD_EVENT_NTF, 12, NSTRACK_EVENT_DEV_MOVE, 4097);
		event(NSTRACK_CMD_EVENT_NTF, 20, NSTRACK_EVENT_DEV_MOVE, 4097);
		batch_end();
		history_dump(11, 11);		/* the gap before 12 */
		history_dump(15, 19);		/* before 20: 13, 14 lost */
		info(15, 20);			/* newest */
		error(0, NULL);
		batch_end();
		history_dump(20, 20);
		netns_dump(false);		/* resync */
		dev_dump();
		history_dump(20, 21);		/* the overflow at the end */
		seed_write("genl", "monitor");

		seed_start(G_MONITOR, GF_FILTER);
		seed_bytes(hdr, sizeof(hdr));
		history_dump(5, 9);
		event(NSTRACK_CMD_EVENT_NTF, 10, NSTRACK_EVENT_NETNS_NEW, 1);
		event(NSTRACK_CMD_EVENT_NTF, 11, NSTRACK_EVENT_DEV_MOVE, 4097);
		batch_end();
		history_dump(11, 12);
		seed_write("genl", "monitor-filter");
	}

	seed_start(G_RECORDS, 0);
	netns(4097, 4026532178u, NSTRACK_NETNS_STATE_ALIVE, true, 0);
	dev(4097, 2, "eth0", "veth", 6);
	event(NSTRACK_CMD_HISTORY_GET, 7, NSTRACK_EVENT_DEV_MOVE, 4097);
	event(NSTRACK_CMD_EVENT_NTF, 8, NSTRACK_EVENT_NETNS_EXIT, 4097);
	sockets(4097);
	info(1, 8);
	batch_end();
	seed_write("genl", "records");

	/* every string and the address at its longest */
	{
		char kind[64];

		memset(kind, 'k', sizeof(kind) - 1);
		kind[sizeof(kind) - 1] = '\0';
		seed_start(G_RECORDS, 0);
		dev(4097, 9, "veth0123456789a", kind, 32);
		batch_end();
		seed_write("genl", "records-longest");
	}
}

/* ---- rtnetlink ---- */

/* fuzz_rtnl's operations, as in fuzz_rtnl.c */
enum { R_LINK_FIND, R_LINK_INDEX, R_PORTS, R_ADDR_FIND, R_VETH, R_BRIDGE_ADD,
       R_ATTACH, R_MOVE, R_ADDR_ADD, R_ADDR_DEL, R_ROUTE, R_DEL, R_ALIAS,
       R_UP, R_NSID_GET, R_NSID_SET, R_NSID_DUMP, R_NSID_PARSE };
#define RF_V6	0x01
#define RF_PEER	0x02
#define RF_UP	0x04

static void rt_error(int err, const char *extack)
{
	struct nlmsghdr *nlh = msg(NLMSG_ERROR, NLM_F_CAPPED);
	struct nlmsgerr *e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));

	e->error = err;
	e->msg.nlmsg_len = 40;
	e->msg.nlmsg_type = RTM_NEWLINK;
	if (extack) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, extack);
	}
	msg_end(nlh);
	batch_end();
}

static void rt_ack(void)
{
	rt_error(0, NULL);
}

static void link_msg(int ifindex, const char *name, const char *kind,
		 int master, unsigned int flags, uint16_t nlflags)
{
	struct nlmsghdr *nlh = msg(RTM_NEWLINK, nlflags);
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	struct nlattr *li;

	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
	ifm->ifi_flags = flags;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
	if (master)
		mnl_attr_put_u32(nlh, IFLA_MASTER, (uint32_t)master);
	mnl_attr_put_strz(nlh, IFLA_IFALIAS, "nstrack:blue");
	li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	if (kind[0])
		mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind);
	if (master)
		mnl_attr_put_strz(nlh, IFLA_INFO_SLAVE_KIND, "bridge");
	mnl_attr_nest_end(nlh, li);
	msg_end(nlh);
}

/* a "get" answered: the link, then the ack, in one datagram */
static void rt_link(int ifindex, const char *name, const char *kind,
		    int master, unsigned int flags)
{
	link_msg(ifindex, name, kind, master, flags, 0);
	rt_ack();
}

static void rt_nodev(void)
{
	rt_error(-ENODEV, NULL);
}

static void addr(int ifindex, bool v6, bool peer)
{
	struct nlmsghdr *nlh = msg(RTM_NEWADDR, NLM_F_MULTI);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	uint8_t a[16];

	ifa->ifa_family = v6 ? AF_INET6 : AF_INET;
	ifa->ifa_prefixlen = v6 ? 64 : 24;
	ifa->ifa_index = (uint32_t)ifindex;
	inet_pton(ifa->ifa_family, v6 ? "2001:db8::2" : "10.0.0.2", a);
	mnl_attr_put(nlh, IFA_ADDRESS, v6 ? 16 : 4, a);
	if (peer || !v6)
		mnl_attr_put(nlh, IFA_LOCAL, v6 ? 16 : 4, a);
	msg_end(nlh);
}

static void nsid_msg(int32_t nsid, uint16_t flags)
{
	struct nlmsghdr *nlh = msg(RTM_NEWNSID, flags);
	struct rtgenmsg *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));

	g->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, NETNSA_NSID, (uint32_t)nsid);
	msg_end(nlh);
}

static void rt_done(void)
{
	struct nlmsghdr *nlh = msg(NLMSG_DONE, NLM_F_MULTI);
	int *st = mnl_nlmsg_put_extra_header(nlh, sizeof(int));

	*st = 0;
	msg_end(nlh);
	batch_end();
}

static void rtnl_seeds(void)
{
	seed_start(R_LINK_FIND, 0);
	rt_link(2, "eth0", "veth", 5, IFF_UP);
	seed_write("rtnl", "link-find");

	seed_start(R_LINK_FIND, 0);
	rt_nodev();
	seed_write("rtnl", "link-find-none");

	seed_start(R_LINK_INDEX, 0);
	rt_link(3, "br0", "bridge", 0, 0);
	seed_write("rtnl", "link-index");

	seed_start(R_PORTS, 0);
	link_msg(2, "vh-blue", "veth", 5, IFF_UP, NLM_F_MULTI);
	link_msg(3, "vh-red", "veth", 5, IFF_UP, NLM_F_MULTI);
	link_msg(4, "eth1", "", 0, 0, NLM_F_MULTI);
	batch_end();
	rt_done();
	seed_write("rtnl", "ports");

	seed_start(R_ADDR_FIND, 0);
	rt_link(2, "eth0", "veth", 0, IFF_UP);
	addr(1, false, false);
	addr(2, false, false);
	batch_end();
	rt_done();
	seed_write("rtnl", "addr-find");

	seed_start(R_ADDR_FIND, RF_V6);
	rt_link(2, "eth0", "veth", 0, IFF_UP);
	addr(2, true, true);
	batch_end();
	rt_done();
	seed_write("rtnl", "addr-find-v6");

	seed_start(R_VETH, RF_UP);
	rt_nodev();			/* vh-blue free */
	rt_nodev();			/* eth0 free */
	rt_ack();			/* created */
	rt_link(7, "vh-blue", "veth", 0, 0);
	rt_ack();			/* up */
	rt_link(8, "eth0", "veth", 0, 0);
	rt_ack();
	seed_write("rtnl", "veth");

	seed_start(R_VETH, RF_UP | RF_PEER);
	rt_nodev();
	rt_nodev();
	rt_ack();
	rt_link(7, "vh-blue", "veth", 0, 0);
	rt_error(-EPERM, "not allowed");
	rt_ack();			/* the undo */
	seed_write("rtnl", "veth-peer-fail");

	seed_start(R_BRIDGE_ADD, RF_UP);
	rt_nodev();
	rt_ack();
	rt_link(5, "br0", "bridge", 0, 0);
	rt_ack();
	seed_write("rtnl", "bridge");

	seed_start(R_ATTACH, 0);
	rt_link(5, "br0", "bridge", 0, IFF_UP);
	rt_link(7, "vh-blue", "veth", 0, IFF_UP);
	rt_ack();
	seed_write("rtnl", "attach");

	seed_start(R_MOVE, 0);
	rt_link(2, "eth0", "veth", 0, IFF_UP);
	rt_nodev();
	rt_ack();
	rt_link(2, "eth0", "veth", 0, 0);
	rt_ack();
	seed_write("rtnl", "move");

	seed_start(R_ADDR_ADD, 0);
	rt_link(2, "eth0", "veth", 0, IFF_UP);
	rt_ack();
	seed_write("rtnl", "addr-add");

	seed_start(R_ADDR_ADD, RF_V6);
	rt_link(2, "eth0", "veth", 0, IFF_UP);
	rt_error(-EEXIST, NULL);
	seed_write("rtnl", "addr-add-exists");

	seed_start(R_ADDR_DEL, 0);
	rt_link(2, "eth0", "veth", 0, IFF_UP);
	rt_error(-EADDRNOTAVAIL, NULL);
	seed_write("rtnl", "addr-del");

	seed_start(R_ROUTE, RF_PEER);
	rt_link(2, "eth0", "veth", 0, IFF_UP);
	rt_ack();
	seed_write("rtnl", "route");

	seed_start(R_ROUTE, 0);
	rt_error(-ENETUNREACH, NULL);
	seed_write("rtnl", "route-unreach");

	seed_start(R_DEL, 0);
	rt_ack();
	seed_write("rtnl", "del");

	seed_start(R_ALIAS, 0);
	rt_ack();
	seed_write("rtnl", "alias");

	seed_start(R_UP, 0);
	rt_link(2, "eth0", "veth", 0, 0);
	rt_ack();
	seed_write("rtnl", "up");

	seed_start(R_NSID_GET, 0);
	nsid_msg(3, 0);
	rt_ack();
	seed_write("rtnl", "nsid-get");

	seed_start(R_NSID_SET, RF_UP);
	rt_error(-EEXIST, "Peer netns already has a nsid assigned");
	seed_write("rtnl", "nsid-set");

	seed_start(R_NSID_DUMP, 0);
	nsid_msg(4, NLM_F_MULTI);
	nsid_msg(0, NLM_F_MULTI);
	nsid_msg(2, NLM_F_MULTI);
	batch_end();
	rt_done();
	seed_write("rtnl", "nsid-dump");

	seed_start(R_NSID_PARSE, 0);
	nsid_msg(7, 0);
	nsid_msg(-1, 0);
	batch_end();
	seed_write("rtnl", "nsid-parse");
}

/* ---- arguments ---- */

static void nsarg_seeds(void)
{
	static const char *const s[] = {
		"pid:1", "pid:2147483647", "pid:2147483648", "inode:4026531840",
		"inode:0", "cookie:18446744073709551615", "cookie:1x",
		"blue", "net", "file", "dir", ".", "..", "/proc/self/ns/net",
		"sub/net", "./net", "loop", "fifo", "pid:", "cookie:007",
	};
	char name[32];
	size_t i;

	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		snprintf(name, sizeof(name), "%zu", i);
		text_seed("nsarg", name, 0xff, s[i]);
	}
}


static void args_seeds(void)
{
	static const struct {
		uint8_t op;
		const char *s;
	} s[] = {
		{ A_CIDR, "10.0.0.2/24" }, { A_CIDR, "2001:db8::1/64" },
		{ A_CIDR, "fe80::1%eth0/64" }, { A_CIDR, "224.0.0.1/4" },
		{ A_CIDR, "10.0.0.1/033" }, { A_IP, "10.0.0.1" },
		{ A_IP, "::ffff:10.0.0.1" }, { A_IP, "255.255.255.255" },
		{ A_TYPES, "netns_new,dev_move" }, { A_TYPES, "netns,dev" },
		{ A_TYPES, "dev_register,,x" }, { A_PID, "42" },
		{ A_PID, "2147483647" }, { A_PID, "-1" }, { A_NSID, "auto" },
		{ A_NSID, "0" }, { A_NSID, "2147483648" },
		{ A_IFNAME, "eth0" }, { A_IFNAME, "veth0123456789ab" },
		{ A_IFNAME, "a:b" }, { A_IFNAME, "a b" },
		{ A_NETNS_NAME, "blue" }, { A_NETNS_NAME, ".." },
		{ A_NETNS_NAME, "a\001b" },
		{ A_OPTS, "-j\n--dev\nveth0\n--pretty\nblue\n--\n-x" },
		{ A_OPTS, "--dev=eth0\n-jp\n--timeline\nred" },
		{ A_OPTS, "-h\n--dev" },
		{ A_MOUNTINFO, "612 29 0:4 net:[4026532178] /run/netns/blue rw shared:5 - nsfs nsfs rw" },
		{ A_MOUNTINFO, "613 29 0:4 net:[4026532178] /tmp/a\\040b rw - nsfs nsfs rw" },
		{ A_MOUNTINFO, "24 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw" },
		{ A_LOOKUP, "li" }, { A_LOOKUP, "de" }, { A_LOOKUP, "show" },
	};
	char name[32];
	size_t i;

	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		snprintf(name, sizeof(name), "%zu", i);
		text_seed("args", name, s[i].op, s[i].s);
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: mkseeds DIR\n");
		return 2;
	}
	top = argv[1];
	mkdir(top, 0755);
	genl_seeds();
	rtnl_seeds();
	nsarg_seeds();
	args_seeds();
	return 0;
}
