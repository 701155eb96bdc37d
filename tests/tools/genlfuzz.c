// SPDX-License-Identifier: GPL-2.0
/*
 * genlfuzz [--seed N] [--count N] [--uid N] [--expect-eperm] - send
 * generated and mutated requests to the nstrack generic netlink family and
 * check that every request gets exactly the answer the netlink core and the
 * family owe it.
 *
 * The family id is resolved through nlctrl.  Messages start from valid
 * requests of every command of include/uapi/linux/nstrack.h (NETNS_GET with
 * each selector and as a dump, DEV_GET, HISTORY_GET with SEQ and the NETNS
 * filter, SOCKETS_GET, INFO_GET, and EVENT_NTF, which has no operation),
 * then most are mutated: the command (0..255), the genl version and
 * reserved byte, the nlmsg flags, the nlmsg type (control types and ids no
 * family can have), attribute types (0, valid, beyond the policy,
 * NLA_F_NESTED, NLA_F_NET_BYTEORDER), payload lengths (empty, short and long
 * integers, unterminated and overlong strings), nests (deep, empty, wrong
 * types, without NLA_F_NESTED), attribute lengths, truncation of the
 * attributes and of the genl header, and byte flips; some are random bytes
 * behind a header.  One to eight messages go in one datagram, and some
 * datagrams end with, or contain, a frame the core cannot parse.
 *
 * What each message must get is decided from its final bytes, by the rules
 * the core applies in order (net/netlink/af_netlink.c netlink_rcv_skb(),
 * net/netlink/genetlink.c):
 *   - a frame shorter than a header, or longer than what is left of the
 *     datagram, ends the datagram: it and every message after it get
 *     nothing;
 *   - no NLM_F_REQUEST, or a control type (< NLMSG_MIN_TYPE): an ACK if
 *     NLM_F_ACK is set, else nothing;
 *   - a type that is no family: ENOENT; shorter than the genl header:
 *     EINVAL; a reserved byte, or nlmsg flags other than REQUEST, ACK, ECHO
 *     and the full DUMP pair: EINVAL with an extack message;
 *   - a command the family lacks: EOPNOTSUPP.  Kernels from 6.2 look the
 *     operation up by command and kind (do or dump), so a kind the command
 *     does not have is EOPNOTSUPP before the permission check; 6.1 checks
 *     permission first (EPERM for the unprivileged) and the kind after;
 *   - without CAP_NET_ADMIN: EPERM;
 *   - a second dump while one is running on the socket: EBUSY (the
 *     generator never puts two dumps in one datagram, and reads every
 *     answer before sending the next one, so this must never happen);
 *   - otherwise the family answers: a do with its reply (then an ACK if
 *     NLM_F_ACK) or an error; a dump with its messages and NLMSG_DONE
 *     (carrying 0 or an error), or an error in place of all of it when the
 *     policy refuses the request.  For unmutated requests the outcome is
 *     known exactly (success and what the reply holds, or the errno); for
 *     mutated ones, an error must be one of EINVAL, ERANGE (policies, the
 *     family's own checks), ENOENT (no such namespace), ESRCH (pid
 *     selector), EBADF (fd selector) and carry an extack message.  ENOMEM,
 *     EMSGSIZE and EPERM for root would be bugs here: every reply is far
 *     below a page.
 * Answers are matched by sequence number: a missing, extra, duplicated or
 * malformed answer is a failure.  A poll timeout of 30 s only detects a
 * hang.  The corpus is a function of the seed (printed first) and of the
 * few facts read at start (family id, own namespace cookie and inode,
 * cookies of the dump, newest event), so a failure reproduces with the same
 * --seed on the same setup.
 *
 * --uid N drops to uid and gid N with no groups and no capabilities before
 * opening any socket; --expect-eperm makes the model expect EPERM at the
 * permission check (and requires at least one).  Prints a summary of the
 * answers by kind and errno; exits 0 if everything was as expected, 1 on
 * any failure (the first few are printed with their message in hex), 2 on
 * bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "../../include/uapi/linux/nstrack.h"

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif
#ifndef NLM_F_ACK_TLVS
#define NLM_F_ACK_TLVS 0x200
#endif
#ifndef NLMSGERR_ATTR_MSG
#define NLMSGERR_ATTR_MSG 1
#define NLMSGERR_ATTR_OFFS 2
#endif

#define MAX_BATCH	8
#define MSG_MAX		1536
#define DGRAM_MAX	(MAX_BATCH * MSG_MAX + 64)
#define RECV_BUF	(1 << 20)
#define HANG_MS		30000
#define MAX_ATTRS	10
#define ATTR_MAX_DATA	600
#define MAX_COOKIES	64
#define MAX_FAILS_SHOWN	10

/* ---------------------------------------------------------------------- */
/* seeded generator: splitmix64 */

static uint64_t rng_state;

static uint64_t rnd64(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* uniform enough in [0, n) for n far below 2^32 */
static uint32_t rnd(uint32_t n)
{
	return n ? (uint32_t)(rnd64() % n) : 0;
}

static bool chance(uint32_t percent)
{
	return rnd(100) < percent;
}

/* ---------------------------------------------------------------------- */
/* what we know at start */

struct ctx {
	int fd;
	uint16_t fam;
	bool priv;		/* the model: CAP_NET_ADMIN or not */
	bool split_ops;		/* op looked up by command and kind (>= 6.2) */
	uint64_t own_cookie;
	uint32_t own_inode;
	int nsfd;		/* our network namespace's nsfs file */
	uint64_t cookies[MAX_COOKIES];
	uint32_t inodes[MAX_COOKIES];
	int ncookies;
	uint64_t event_last;
	uint32_t seq;
	uint32_t portid;
};

static struct ctx C;

/* ---------------------------------------------------------------------- */
/* failures and counters */

static long failures;

/* failures by kind (their format), for the summary */
static struct {
	const char *fmt;
	long n;
} kinds[64];

static void count_kind(const char *fmt)
{
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (!kinds[i].fmt)
			kinds[i].fmt = fmt;
		if (kinds[i].fmt == fmt) {
			kinds[i].n++;
			return;
		}
	}
}

static void hexdump(const uint8_t *p, size_t len)
{
	size_t i;

	fprintf(stderr, "    ");
	for (i = 0; i < len && i < 96; i++)
		fprintf(stderr, "%02x%s", p[i], (i % 32 == 31) ? "\n    " : "");
	if (len > 96)
		fprintf(stderr, "... (%zu bytes)", len);
	fprintf(stderr, "\n");
}

static void __attribute__((format(printf, 3, 4)))
fail(const uint8_t *msg, size_t len, const char *fmt, ...)
{
	va_list ap;

	failures++;
	count_kind(fmt);
	if (failures > MAX_FAILS_SHOWN)
		return;
	fprintf(stderr, "genlfuzz: FAIL: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	if (msg)
		hexdump(msg, len);
}

struct counts {
	long sent, datagrams, unanswered_by_design;
	long acks, replies, dump_parts, dones, framing_cut;
	long err[256];		/* errno of error answers and NLMSG_DONE */
	long exact, family_any;
};

static struct counts N;

static void count_err(int e)
{
	if (e > 0 && e < 256)
		N.err[e]++;
}

/* ---------------------------------------------------------------------- */
/* netlink plumbing */

static int nl_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	socklen_t salen = sizeof(sa);
	int one = 1, buf = 4 << 20;
	int fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &salen) < 0 ||
	    setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) < 0) {
		close(fd);
		return -1;
	}
	/* the forced size needs CAP_NET_ADMIN; otherwise up to rmem_max */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof(buf)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
	C.portid = sa.nl_pid;
	return fd;
}

static void put_hdr(uint8_t *b, uint32_t len, uint16_t type, uint16_t flags,
		    uint32_t seq, uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *h = (struct nlmsghdr *)b;
	struct genlmsghdr *g = (struct genlmsghdr *)(b + NLMSG_HDRLEN);

	h->nlmsg_len = len;
	h->nlmsg_type = type;
	h->nlmsg_flags = flags;
	h->nlmsg_seq = seq;
	h->nlmsg_pid = 0;
	g->cmd = cmd;
	g->version = version;
	g->reserved = 0;
}

static size_t put_attr(uint8_t *b, uint16_t type, const void *data,
		       uint16_t dlen)
{
	struct nlattr *a = (struct nlattr *)b;

	a->nla_len = NLA_HDRLEN + dlen;
	a->nla_type = type;
	memcpy(b + NLA_HDRLEN, data, dlen);
	memset(b + NLA_HDRLEN + dlen, 0, NLA_ALIGN(dlen) - dlen);
	return NLA_ALIGN(NLA_HDRLEN + dlen);
}

/*
 * Walk the attributes in [p, p + len): each must have a length of at least
 * a header and fit.  Calls fn for each; returns false if malformed.
 */
typedef void (*attr_fn)(uint16_t type, const uint8_t *data, uint16_t dlen,
			void *arg);

static bool walk_attrs(const uint8_t *p, size_t len, attr_fn fn, void *arg)
{
	size_t off = 0;

	while (off + NLA_HDRLEN <= len) {
		const struct nlattr *a = (const struct nlattr *)(p + off);

		if (a->nla_len < NLA_HDRLEN || a->nla_len > len - off)
			return false;
		if (fn)
			fn(a->nla_type & NLA_TYPE_MASK, p + off + NLA_HDRLEN,
			   a->nla_len - NLA_HDRLEN, arg);
		off += NLA_ALIGN(a->nla_len);
	}
	/* what is left is padding of the last attribute, or nothing */
	return off >= len;
}

/* Blocking request/answer exchange used at start, outside the model. */
static ssize_t recv_one(uint8_t *buf, size_t size)
{
	struct pollfd p = { .fd = C.fd, .events = POLLIN };
	ssize_t n;

	if (poll(&p, 1, HANG_MS) <= 0)
		return -1;
	n = recv(C.fd, buf, size, 0);
	return n;
}

struct ctrl_ans {
	uint16_t id;
	char name[GENL_NAMSIZ];
};

static void ctrl_attr(uint16_t type, const uint8_t *d, uint16_t len, void *arg)
{
	struct ctrl_ans *c = arg;

	if (type == CTRL_ATTR_FAMILY_ID && len == 2)
		memcpy(&c->id, d, 2);
	if (type == CTRL_ATTR_FAMILY_NAME && len > 0) {
		memcpy(c->name, d, len < GENL_NAMSIZ ? len : GENL_NAMSIZ - 1);
		c->name[GENL_NAMSIZ - 1] = 0;
	}
}

static int resolve_family(void)
{
	static uint8_t buf[65536];
	uint8_t req[64];
	size_t len = NLMSG_HDRLEN + GENL_HDRLEN;
	uint32_t seq = ++C.seq;
	ssize_t n;

	len += put_attr(req + len, CTRL_ATTR_FAMILY_NAME, NSTRACK_FAMILY_NAME,
			sizeof(NSTRACK_FAMILY_NAME));
	put_hdr(req, len, GENL_ID_CTRL, NLM_F_REQUEST, seq, CTRL_CMD_GETFAMILY, 1);
	if (send(C.fd, req, len, 0) != (ssize_t)len)
		return -1;
	n = recv_one(buf, sizeof(buf));
	if (n >= (ssize_t)NLMSG_HDRLEN) {
		struct nlmsghdr *h = (struct nlmsghdr *)buf;
		struct ctrl_ans c = { 0 };

		if (h->nlmsg_type == NLMSG_ERROR && n >= (ssize_t)NLMSG_HDRLEN + 4) {
			errno = -*(int *)NLMSG_DATA(h);
			return -1;
		}
		if (h->nlmsg_type == GENL_ID_CTRL && h->nlmsg_len <= n &&
		    h->nlmsg_len >= NLMSG_HDRLEN + GENL_HDRLEN &&
		    walk_attrs(buf + NLMSG_HDRLEN + GENL_HDRLEN,
			       h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN,
			       ctrl_attr, &c) && c.id) {
			C.fam = c.id;
			return 0;
		}
	}
	errno = EPROTO;
	return -1;
}

struct netns_ans {
	uint64_t cookie;
	uint32_t inode;
	bool has_cookie, has_inode;
};

static void netns_attr(uint16_t type, const uint8_t *d, uint16_t len, void *arg)
{
	struct netns_ans *a = arg;

	if (type == NSTRACK_A_NETNS_COOKIE && len == 8) {
		memcpy(&a->cookie, d, 8);
		a->has_cookie = true;
	}
	if (type == NSTRACK_A_NETNS_INODE && len == 4) {
		memcpy(&a->inode, d, 4);
		a->has_inode = true;
	}
}

static void info_attr(uint16_t type, const uint8_t *d, uint16_t len, void *arg)
{
	if (type == NSTRACK_A_INFO_EVENT_LAST && len == 8)
		memcpy(arg, d, 8);
}

/*
 * As root: the cookies and inodes of a namespace dump and the newest event,
 * so that the valid requests name things that exist.  Answers of any other
 * shape end the collection; the fuzzing itself checks the family.
 */
static void collect(void)
{
	static uint8_t buf[RECV_BUF];
	uint8_t req[64];
	size_t len = NLMSG_HDRLEN + GENL_HDRLEN;
	bool done = false;
	ssize_t n;

	put_hdr(req, len, C.fam, NLM_F_REQUEST | NLM_F_DUMP, ++C.seq,
		NSTRACK_CMD_NETNS_GET, NSTRACK_FAMILY_VERSION);
	if (send(C.fd, req, len, 0) != (ssize_t)len)
		return;
	while (!done && (n = recv_one(buf, sizeof(buf))) > 0) {
		size_t off = 0;

		while (!done && off + NLMSG_HDRLEN <= (size_t)n) {
			struct nlmsghdr *h = (struct nlmsghdr *)(buf + off);
			struct netns_ans a = { 0 };

			if (h->nlmsg_len < NLMSG_HDRLEN ||
			    h->nlmsg_len > (size_t)n - off)
				return;
			if (h->nlmsg_type != C.fam) {
				done = true;
				break;
			}
			if (h->nlmsg_len >= NLMSG_HDRLEN + GENL_HDRLEN &&
			    walk_attrs(buf + off + NLMSG_HDRLEN + GENL_HDRLEN,
				       h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN,
				       netns_attr, &a) &&
			    a.has_cookie && a.has_inode && C.ncookies < MAX_COOKIES) {
				C.cookies[C.ncookies] = a.cookie;
				C.inodes[C.ncookies++] = a.inode;
			}
			off += NLMSG_ALIGN(h->nlmsg_len);
		}
	}
	put_hdr(req, len, C.fam, NLM_F_REQUEST, ++C.seq, NSTRACK_CMD_INFO_GET,
		NSTRACK_FAMILY_VERSION);
	if (send(C.fd, req, len, 0) != (ssize_t)len)
		return;
	n = recv_one(buf, sizeof(buf));
	if (n >= (ssize_t)(NLMSG_HDRLEN + GENL_HDRLEN)) {
		struct nlmsghdr *h = (struct nlmsghdr *)buf;

		if (h->nlmsg_type == C.fam && h->nlmsg_len <= n &&
		    h->nlmsg_len >= NLMSG_HDRLEN + GENL_HDRLEN)
			walk_attrs(buf + NLMSG_HDRLEN + GENL_HDRLEN,
				   h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN,
				   info_attr, &C.event_last);
	}
}

/* ---------------------------------------------------------------------- */
/* templates */

struct nattr {
	uint16_t type;
	uint16_t dlen;
	uint8_t data[ATTR_MAX_DATA];
};

enum check {
	CHK_NONE,
	CHK_COOKIE,		/* reply's cookie == want */
	CHK_INODE,		/* reply's inode == want */
	CHK_INFO,		/* reply has a NUL-terminated version */
	CHK_DEV_COOKIE,		/* every part's device namespace == want */
	CHK_SOCK_COOKIE,	/* exactly one part, its cookie == want */
};

struct tmpl {
	uint8_t cmd;
	bool dump;
	struct nattr a[MAX_ATTRS];
	int na;
	int exact;		/* 0: success, > 0: this errno */
	bool want_data;		/* a dump with at least one message */
	enum check check;
	uint64_t want;
};

static struct nattr *add(struct tmpl *t, uint16_t type, const void *d,
			 uint16_t len)
{
	struct nattr *a;

	if (t->na >= MAX_ATTRS || len > ATTR_MAX_DATA)
		return NULL;
	a = &t->a[t->na++];
	a->type = type;
	a->dlen = len;
	memcpy(a->data, d, len);
	return a;
}

static void add_u32(struct tmpl *t, uint16_t type, uint32_t v)
{
	add(t, type, &v, 4);
}

static void add_u64(struct tmpl *t, uint16_t type, uint64_t v)
{
	add(t, type, &v, 8);
}

static uint64_t some_cookie(uint32_t *inode)
{
	int i;

	if (!C.ncookies) {
		*inode = C.own_inode;
		return C.own_cookie;
	}
	i = rnd(C.ncookies);
	*inode = C.inodes[i];
	return C.cookies[i];
}

/* A cookie no namespace has: cookies count up from 1. */
static uint64_t bad_cookie(void)
{
	return (1ULL << 62) + rnd64() % (1ULL << 40);
}

/* Every command, valid requests and ones the family must refuse. */
static void build_template(struct tmpl *t)
{
	uint32_t inode;
	uint64_t cookie;
	uint8_t nest[64];
	size_t nl;

	memset(t, 0, sizeof(*t));
	switch (rnd(24)) {
	case 0:
		t->cmd = NSTRACK_CMD_NETNS_GET;
		cookie = some_cookie(&inode);
		add_u64(t, NSTRACK_A_NETNS_COOKIE, cookie);
		t->check = CHK_COOKIE;
		t->want = cookie;
		break;
	case 1:
		t->cmd = NSTRACK_CMD_NETNS_GET;
		cookie = some_cookie(&inode);
		add_u32(t, NSTRACK_A_NETNS_INODE, inode);
		t->check = CHK_INODE;
		t->want = inode;
		break;
	case 2:
		t->cmd = NSTRACK_CMD_NETNS_GET;
		add_u32(t, NSTRACK_A_NETNS_PID, (uint32_t)getpid());
		t->check = CHK_COOKIE;
		t->want = C.own_cookie;
		break;
	case 3:
		t->cmd = NSTRACK_CMD_NETNS_GET;
		add_u32(t, NSTRACK_A_NETNS_FD, (uint32_t)C.nsfd);
		t->check = CHK_COOKIE;
		t->want = C.own_cookie;
		break;
	case 4:
		t->cmd = NSTRACK_CMD_NETNS_GET;
		add_u64(t, NSTRACK_A_NETNS_COOKIE, bad_cookie());
		t->exact = ENOENT;
		break;
	case 5:
		/* nsfs inodes start at 0xF0000000 */
		t->cmd = NSTRACK_CMD_NETNS_GET;
		add_u32(t, NSTRACK_A_NETNS_INODE, 1 + rnd(1000000));
		t->exact = ENOENT;
		break;
	case 6:
		/* above PID_MAX_LIMIT (4194304) */
		t->cmd = NSTRACK_CMD_NETNS_GET;
		add_u32(t, NSTRACK_A_NETNS_PID, 4194305 + rnd(1000000));
		t->exact = ESRCH;
		break;
	case 7:
		t->cmd = NSTRACK_CMD_NETNS_GET;
		if (chance(50)) {
			add_u32(t, NSTRACK_A_NETNS_FD, 900 + rnd(100));
			t->exact = EBADF;
		} else {
			/* our netlink socket: open, but not a namespace */
			add_u32(t, NSTRACK_A_NETNS_FD, (uint32_t)C.fd);
			t->exact = EINVAL;
		}
		break;
	case 8:
		t->cmd = NSTRACK_CMD_NETNS_GET;
		t->exact = EINVAL;
		switch (rnd(3)) {
		case 0:	/* no selector */
			break;
		case 1:	/* two */
			cookie = some_cookie(&inode);
			add_u64(t, NSTRACK_A_NETNS_COOKIE, cookie);
			add_u32(t, NSTRACK_A_NETNS_INODE, inode);
			break;
		default: /* not a selector */
			add_u64(t, NSTRACK_A_NETNS_SERIAL, 1);
			break;
		}
		break;
	case 9:
	case 10:
		t->cmd = NSTRACK_CMD_NETNS_GET;
		t->dump = true;
		t->want_data = true;
		if (chance(20)) {
			add_u64(t, NSTRACK_A_NETNS_COOKIE, C.own_cookie);
			t->exact = EINVAL;
			t->want_data = false;
		}
		break;
	case 11:
	case 12:
		t->cmd = NSTRACK_CMD_DEV_GET;
		t->dump = true;
		switch (rnd(3)) {
		case 0:
			t->want_data = true;
			break;
		case 1:
			add_u64(t, NSTRACK_A_DEV_NETNS_COOKIE, C.own_cookie);
			t->want_data = true;
			t->check = CHK_DEV_COOKIE;
			t->want = C.own_cookie;
			break;
		default:
			add_u64(t, NSTRACK_A_DEV_NETNS_COOKIE, bad_cookie());
			t->check = CHK_DEV_COOKIE;
			t->want = 0;	/* no part at all */
			break;
		}
		break;
	case 13:
	case 14:
	case 15:
		t->cmd = NSTRACK_CMD_HISTORY_GET;
		t->dump = true;
		if (chance(97))
			add_u64(t, NSTRACK_A_EVENT_SEQ,
				C.event_last > 64 ? C.event_last - rnd(64) : C.event_last);
		if (chance(50)) {
			nl = put_attr(nest, NSTRACK_A_ENDPOINT_COOKIE,
				      &C.own_cookie, 8);
			add(t, NSTRACK_A_EVENT_NETNS | NLA_F_NESTED, nest, nl);
		}
		break;
	case 16:
		t->cmd = NSTRACK_CMD_HISTORY_GET;
		t->dump = true;
		t->exact = EINVAL;
		if (chance(50)) {
			/* a nest without a cookie */
			add(t, NSTRACK_A_EVENT_NETNS | NLA_F_NESTED, NULL, 0);
		} else {
			inode = C.own_inode;
			nl = put_attr(nest, NSTRACK_A_ENDPOINT_INODE, &inode, 4);
			add(t, NSTRACK_A_EVENT_NETNS | NLA_F_NESTED, nest, nl);
		}
		break;
	case 17:
	case 18:
		t->cmd = NSTRACK_CMD_SOCKETS_GET;
		t->dump = true;
		if (chance(50)) {
			t->want_data = true;
		} else {
			add_u64(t, NSTRACK_A_NETNS_COOKIE, C.own_cookie);
			t->want_data = true;
			t->check = CHK_SOCK_COOKIE;
			t->want = C.own_cookie;
		}
		break;
	case 19:
	case 20:
		t->cmd = NSTRACK_CMD_INFO_GET;
		t->check = CHK_INFO;
		break;
	case 21:
		t->cmd = NSTRACK_CMD_INFO_GET;
		add_u32(t, NSTRACK_A_INFO_EVENT_HISTORY_SIZE, 1);
		t->exact = EINVAL;
		break;
	case 22:
		/* notification only: no operation, whichever kind */
		t->cmd = NSTRACK_CMD_EVENT_NTF;
		t->dump = chance(50);
		t->exact = EOPNOTSUPP;
		break;
	default:
		/* kinds the commands do not have */
		t->cmd = (uint8_t[]){ NSTRACK_CMD_DEV_GET,
				      NSTRACK_CMD_HISTORY_GET,
				      NSTRACK_CMD_SOCKETS_GET,
				      NSTRACK_CMD_INFO_GET }[rnd(4)];
		t->dump = t->cmd == NSTRACK_CMD_INFO_GET;
		t->exact = EOPNOTSUPP;
		break;
	}
}

/* ---------------------------------------------------------------------- */
/* attribute-level mutations */

static void fill_random(uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)rnd64();
}

static uint16_t attr_max(uint8_t cmd)
{
	switch (cmd) {
	case NSTRACK_CMD_DEV_GET:
		return NSTRACK_A_DEV_MAX;
	case NSTRACK_CMD_HISTORY_GET:
		return NSTRACK_A_EVENT_MAX;
	case NSTRACK_CMD_INFO_GET:
		return NSTRACK_A_INFO_MAX;
	default:
		return NSTRACK_A_NETNS_MAX;
	}
}

static uint16_t mutate_type(uint16_t type, uint16_t max)
{
	switch (rnd(7)) {
	case 0:
		return 0;
	case 1:
		return 1 + rnd(max);
	case 2:
		return max + 1 + rnd(8);
	case 3:
		return (uint16_t)rnd64();
	case 4:
		return type ^ NLA_F_NESTED;
	case 5:
		return type ^ NLA_F_NET_BYTEORDER;
	default:
		return (uint16_t)(rnd(max + 4) | (chance(50) ? NLA_F_NESTED : 0));
	}
}

/* a nest of depth levels: each level holds one nest and some random attrs */
static size_t deep_nest(uint8_t *out, size_t room, int depth, uint16_t max)
{
	uint8_t inner[ATTR_MAX_DATA];
	size_t len = 0, il = 0;
	uint16_t type;
	int k;

	if (depth > 0 && room > 64)
		il = deep_nest(inner, room - 32, depth - 1, max);
	type = chance(60) ? (uint16_t)(1 + rnd(max + 2)) : (uint16_t)rnd64();
	if (chance(80))
		type |= NLA_F_NESTED;
	if (il + NLA_HDRLEN > room)
		il = 0;
	len = put_attr(out, type, inner, (uint16_t)il);
	for (k = rnd(3); k > 0 && len + 16 <= room; k--) {
		uint8_t junk[8];
		uint16_t jl = (uint16_t)rnd(9);

		fill_random(junk, jl);
		len += put_attr(out + len, (uint16_t)rnd(max + 3), junk, jl);
	}
	return len;
}

/* Returns true if the attribute list was changed. */
static bool mutate_attrs(struct tmpl *t)
{
	uint16_t max = attr_max(t->cmd);
	struct nattr *a;
	int i, n;

	n = 1 + (chance(25) ? rnd(3) : 0);
	for (i = 0; i < n; i++) {
		a = t->na ? &t->a[rnd(t->na)] : NULL;
		switch (rnd(9)) {
		case 0:
			if (a)
				a->type = mutate_type(a->type, max);
			break;
		case 1:	/* length of the payload */
			if (!a)
				break;
			switch (rnd(4)) {
			case 0:
				a->dlen = 0;
				break;
			case 1:
				a->dlen = a->dlen > 1 ? rnd(a->dlen) : 0;
				break;
			case 2:
				if (a->dlen + 8 > ATTR_MAX_DATA)
					break;
				fill_random(a->data + a->dlen, 8);
				a->dlen += 1 + rnd(8);
				break;
			default:
				a->dlen = 1 + rnd(16);
				fill_random(a->data, a->dlen);
				break;
			}
			break;
		case 2:	/* a string where one may or may not be */
			if (!a) {
				a = add(t, (uint16_t)(1 + rnd(max)), NULL, 0);
				if (!a)
					break;
			}
			a->dlen = 1 + rnd(chance(50) ? 20 : 400);
			memset(a->data, 'a' + rnd(26), a->dlen);
			if (chance(50))
				a->data[a->dlen - 1] = 0;
			break;
		case 3: {	/* an extra attribute */
			uint8_t d[16];
			uint16_t len = (uint16_t)rnd(17);

			fill_random(d, len);
			add(t, mutate_type((uint16_t)(1 + rnd(max)), max), d, len);
			break;
		}
		case 4: {	/* nests, deep or empty, with or without the flag */
			uint8_t d[ATTR_MAX_DATA];
			size_t len = 0;

			if (chance(70))
				len = deep_nest(d, sizeof(d), rnd(12), max);
			a = add(t, (uint16_t)(1 + rnd(max)) |
				   (chance(70) ? NLA_F_NESTED : 0),
				d, (uint16_t)len);
			break;
		}
		case 5:	/* a valid attribute of another command */
			add_u64(t, (uint16_t)(1 + rnd(max)), rnd64());
			break;
		case 6:
			if (a && t->na < MAX_ATTRS)
				t->a[t->na++] = *a;
			break;
		case 7:
			if (a) {
				*a = t->a[--t->na];
			}
			break;
		default: /* flip bits in a payload */
			if (a && a->dlen)
				a->data[rnd(a->dlen)] ^= (uint8_t)(1 + rnd(255));
			break;
		}
	}
	return true;
}

/* ---------------------------------------------------------------------- */
/* the model of the answers */

enum kind {
	EX_NONE,	/* no answer at all */
	EX_ACK,		/* an ACK (error 0) */
	EX_ERR,		/* an error, errno exact */
	EX_FAMILY,	/* the family's answer: reply/dump or an error */
};

struct expect {
	uint32_t seq;
	enum kind kind;
	int err;		/* EX_ERR; EX_FAMILY: exact errno, 0 success, -1 any */
	bool need_msg;		/* errors must carry an extack message */
	bool dump, ack;
	uint8_t cmd;
	bool want_data;
	enum check check;
	uint64_t want;
	/* received */
	bool final, reply;
	long parts;
	uint8_t msg[MSG_MAX];
	size_t len;
};

static bool op_exists(uint8_t cmd, bool dump)
{
	switch (cmd) {
	case NSTRACK_CMD_NETNS_GET:
		return true;
	case NSTRACK_CMD_DEV_GET:
	case NSTRACK_CMD_HISTORY_GET:
	case NSTRACK_CMD_SOCKETS_GET:
		return dump;
	case NSTRACK_CMD_INFO_GET:
		return !dump;
	default:
		return false;
	}
}

static bool cmd_known(uint8_t cmd)
{
	return op_exists(cmd, true) || op_exists(cmd, false);
}

static bool family_error_ok(int e)
{
	return e == EINVAL || e == ERANGE || e == ENOENT || e == ESRCH ||
	       e == EBADF;
}

/*
 * The answer a message that the core parses (its frame is sound) must get,
 * from its bytes; t and intact say whether the template's exact outcome
 * still holds.
 */
static void predict(struct expect *e, const uint8_t *m, const struct tmpl *t,
		    bool intact)
{
	const struct nlmsghdr *h = (const struct nlmsghdr *)m;
	const struct genlmsghdr *g = (const struct genlmsghdr *)(m + NLMSG_HDRLEN);
	uint16_t flags = h->nlmsg_flags;
	bool dump;

	e->seq = h->nlmsg_seq;
	e->need_msg = false;
	if (!(flags & NLM_F_REQUEST) || h->nlmsg_type < NLMSG_MIN_TYPE) {
		e->kind = flags & NLM_F_ACK ? EX_ACK : EX_NONE;
		return;
	}
	e->kind = EX_ERR;
	if (h->nlmsg_type != C.fam) {
		e->err = ENOENT;
		return;
	}
	if (h->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN) {
		e->err = EINVAL;
		return;
	}
	dump = (flags & NLM_F_DUMP) == NLM_F_DUMP;
	if (dump)
		flags &= ~NLM_F_DUMP;
	if (g->reserved || (flags & ~(NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO))) {
		e->err = EINVAL;
		e->need_msg = true;
		return;
	}
	e->cmd = g->cmd;
	if (C.split_ops ? !op_exists(g->cmd, dump) : !cmd_known(g->cmd)) {
		e->err = EOPNOTSUPP;
		return;
	}
	if (!C.priv) {
		e->err = EPERM;
		return;
	}
	if (!op_exists(g->cmd, dump)) {
		e->err = EOPNOTSUPP;
		return;
	}
	e->kind = EX_FAMILY;
	e->dump = dump;
	e->ack = h->nlmsg_flags & NLM_F_ACK;
	e->need_msg = true;
	if (intact && t->cmd == g->cmd && t->dump == dump) {
		e->err = t->exact;
		e->want_data = t->want_data && !t->exact;
		e->check = t->exact ? CHK_NONE : t->check;
		e->want = t->want;
		N.exact++;
	} else {
		e->err = -1;
		N.family_any++;
	}
}

/* ---------------------------------------------------------------------- */
/* building a datagram */

struct batch {
	uint8_t buf[DGRAM_MAX];
	size_t len;
	struct expect ex[MAX_BATCH + 1];
	int n;
	bool has_dump;
};

static struct batch B;

static size_t serialize_attrs(uint8_t *out, size_t room, const struct tmpl *t)
{
	size_t len = 0;
	int i;

	for (i = 0; i < t->na; i++) {
		if (len + NLA_HDRLEN + NLA_ALIGN(t->a[i].dlen) > room)
			break;
		len += put_attr(out + len, t->a[i].type, t->a[i].data,
				t->a[i].dlen);
	}
	return len;
}

static uint16_t unassigned_type(void)
{
	/* control types, and ids above GENL_MAX_ID (1023) */
	if (chance(50))
		return (uint16_t)rnd(NLMSG_MIN_TYPE);
	return (uint16_t)(1024 + rnd(65536 - 1024));
}

static uint16_t mutate_flags(uint16_t f)
{
	switch (rnd(8)) {
	case 0:
		return f ^ NLM_F_DUMP;
	case 1:
		return f ^ NLM_F_ACK;
	case 2:
		return f ^ NLM_F_ECHO;
	case 3:
		return f ^ NLM_F_REQUEST;
	case 4:
		return f ^ (NLM_F_ROOT << rnd(2));	/* half a dump */
	case 5:
		return f ^ (uint16_t)(1u << rnd(16));
	case 6:
		return (uint16_t)rnd64();
	default:
		return (uint16_t)(rnd64() & (NLM_F_REQUEST | NLM_F_ACK |
					     NLM_F_ECHO | NLM_F_DUMP));
	}
}

/*
 * Make one message into m (at most MSG_MAX bytes); returns its length, the
 * template it came from in t and whether its attributes are the template's.
 */
static size_t make_message(uint8_t *m, struct tmpl *t, bool *intact)
{
	uint8_t orig[MSG_MAX];
	size_t len, alen, olen, hl = NLMSG_HDRLEN + GENL_HDRLEN;
	struct nlmsghdr *h = (struct nlmsghdr *)m;
	struct genlmsghdr *g = (struct genlmsghdr *)(m + NLMSG_HDRLEN);
	uint16_t flags;
	int r = rnd(100);

	build_template(t);
	olen = serialize_attrs(orig, sizeof(orig) - hl, t);
	flags = NLM_F_REQUEST | (t->dump ? NLM_F_DUMP : 0) |
		(chance(30) ? NLM_F_ACK : 0);

	if (r < 5) {
		/* random bytes behind a plausible header */
		len = hl + rnd(200);
		fill_random(m + hl, len - hl);
		put_hdr(m, len, chance(85) ? C.fam : unassigned_type(),
			chance(90) ? mutate_flags(flags) | NLM_F_REQUEST : flags,
			++C.seq, (uint8_t)rnd(8), (uint8_t)rnd(4));
		if (chance(50))
			g->reserved = (uint8_t)rnd64();
		*intact = false;
		return len;
	}
	if (r >= 25 && r < 55)
		mutate_attrs(t);
	alen = serialize_attrs(m + hl, MSG_MAX - hl, t);
	len = hl + alen;
	put_hdr(m, len, C.fam, flags, ++C.seq, t->cmd, NSTRACK_FAMILY_VERSION);

	if (r >= 55) {
		/* header mutations, one or two */
		int k, n = 1 + (chance(20) ? 1 : 0);

		for (k = 0; k < n; k++) {
			switch (rnd(8)) {
			case 0:
			case 1:
				g->cmd = (uint8_t)rnd(256);
				break;
			case 2:
				g->version = (uint8_t)rnd(256);
				break;
			case 3:
				if (chance(30))
					g->reserved = (uint8_t)(1 + rnd(255));
				else
					h->nlmsg_pid = (uint32_t)rnd64();
				break;
			case 4:
			case 5:
				h->nlmsg_flags = mutate_flags(h->nlmsg_flags);
				break;
			case 6:
				h->nlmsg_type = unassigned_type();
				break;
			default:
				break;
			}
		}
	}
	if (r >= 80) {
		/* byte-level: truncation, attribute lengths, flips */
		switch (rnd(5)) {
		case 0:	/* cut inside the genl header */
			len = NLMSG_HDRLEN + rnd(GENL_HDRLEN);
			break;
		case 1:	/* cut inside the attributes */
			if (alen)
				len = hl + rnd(alen);
			break;
		case 2:	/* an attribute length that is too short or too long */
			if (alen) {
				struct nlattr *a = (struct nlattr *)(m + hl);

				a->nla_len = chance(50) ? (uint16_t)rnd(NLA_HDRLEN) :
					     (uint16_t)(alen + 1 + rnd(64));
			}
			break;
		default: {
			int k, n = 1 + rnd(4);

			for (k = 0; k < n && len > NLMSG_HDRLEN; k++)
				m[NLMSG_HDRLEN + rnd(len - NLMSG_HDRLEN)] ^=
					(uint8_t)(1 + rnd(255));
			break;
		}
		}
		h->nlmsg_len = len;
	}
	*intact = len == hl + olen && !memcmp(m + hl, orig, olen);
	return len;
}

/*
 * Fill the batch: 1 to 8 messages, at most one of which may start a dump;
 * now and then the frame of one is broken, which silences it and the rest.
 */
static int fill_batch(long remaining)
{
	int want = 1 + (chance(40) ? rnd(MAX_BATCH) : 0);
	bool cut = false;
	struct tmpl t;

	B.len = 0;
	B.n = 0;
	B.has_dump = false;
	while (B.n < want && B.n < remaining) {
		struct expect *e = &B.ex[B.n];
		uint8_t *m = B.buf + B.len;
		struct nlmsghdr *h = (struct nlmsghdr *)m;
		bool intact;
		size_t len;

		len = make_message(m, &t, &intact);
		memset(e, 0, offsetof(struct expect, msg));
		if (cut) {
			e->seq = h->nlmsg_seq;
			e->kind = EX_NONE;
		} else {
			predict(e, m, &t, intact);
			if (e->kind == EX_FAMILY && e->dump) {
				if (B.has_dump) {
					/* left out: its seq goes to the next */
					C.seq--;
					break;
				}
				B.has_dump = true;
			}
		}
		e->len = len < MSG_MAX ? len : MSG_MAX;
		memcpy(e->msg, m, e->len);
		if (!cut && chance(1)) {
			/* a frame the core cannot parse: shorter than a
			 * header, or longer than the datagram */
			h->nlmsg_len = chance(50) ? rnd(NLMSG_HDRLEN) :
				       (uint32_t)(DGRAM_MAX + rnd(1 << 16));
			e->kind = EX_NONE;
			cut = true;
			N.framing_cut++;
		}
		B.len += NLMSG_ALIGN(len);
		B.n++;
	}
	/* trailing bytes shorter than a header are ignored */
	if (chance(2)) {
		size_t k = 1 + rnd(NLMSG_HDRLEN - 1);

		fill_random(B.buf + B.len, k);
		B.len += k;
	}
	return B.n;
}

/* ---------------------------------------------------------------------- */
/* checking the answers */

struct err_ans {
	bool has_msg;
	bool offs_bad;
};

static void errtlv(uint16_t type, const uint8_t *d, uint16_t len, void *arg)
{
	struct err_ans *a = arg;

	if (type == NLMSGERR_ATTR_MSG && len > 0 && memchr(d, 0, len))
		a->has_msg = true;
	if (type == NLMSGERR_ATTR_OFFS && len != 4)
		a->offs_bad = true;
}

struct part_check {
	struct expect *e;
	uint64_t cookie;
	uint32_t inode;
	bool has_cookie, has_inode, has_version;
};

static void part_attr(uint16_t type, const uint8_t *d, uint16_t len, void *arg)
{
	struct part_check *p = arg;

	switch (p->e->cmd) {
	case NSTRACK_CMD_NETNS_GET:
	case NSTRACK_CMD_SOCKETS_GET:
		if (type == NSTRACK_A_NETNS_COOKIE && len == 8) {
			memcpy(&p->cookie, d, 8);
			p->has_cookie = true;
		}
		if (type == NSTRACK_A_NETNS_INODE && len == 4) {
			memcpy(&p->inode, d, 4);
			p->has_inode = true;
		}
		break;
	case NSTRACK_CMD_DEV_GET:
		if (type == NSTRACK_A_DEV_NETNS_COOKIE && len == 8) {
			memcpy(&p->cookie, d, 8);
			p->has_cookie = true;
		}
		break;
	case NSTRACK_CMD_INFO_GET:
		if (type == NSTRACK_A_INFO_VERSION && len > 1 &&
		    len <= NSTRACK_VERSION_LEN && d[len - 1] == 0)
			p->has_version = true;
		break;
	}
}

static struct expect *find(uint32_t seq)
{
	int i;

	for (i = 0; i < B.n; i++)
		if (B.ex[i].seq == seq)
			return &B.ex[i];
	return NULL;
}

static void check_error(struct expect *e, int err, bool has_msg, bool is_done)
{
	const char *what = is_done ? "NLMSG_DONE" : "error";

	count_err(-err);
	if (!err && is_done)
		N.dones++;
	else if (!err)
		N.acks++;

	switch (e->kind) {
	case EX_NONE:
		fail(e->msg, e->len, "seq %u: %s %d for a message that gets no answer",
		     e->seq, what, -err);
		return;
	case EX_ACK:
		if (err || is_done)
			fail(e->msg, e->len, "seq %u: %s %d, want an ACK", e->seq,
			     what, -err);
		break;
	case EX_ERR:
		if (is_done || -err != e->err)
			fail(e->msg, e->len, "seq %u: %s %d (%s), want error %d (%s)",
			     e->seq, what, -err, strerror(err < 0 ? -err : err),
			     e->err, strerror(e->err));
		else if (e->need_msg && !has_msg)
			fail(e->msg, e->len, "seq %u: error %d without an extack message",
			     e->seq, -err);
		break;
	case EX_FAMILY:
		if (!err) {
			if (is_done && !e->dump)
				fail(e->msg, e->len, "seq %u: NLMSG_DONE for a do request",
				     e->seq);
			else if (!is_done && (e->dump || !e->ack || !e->reply))
				fail(e->msg, e->len,
				     "seq %u: ACK without %s", e->seq,
				     e->dump ? "NLMSG_DONE (dump)" :
				     !e->ack ? "NLM_F_ACK" : "a reply before it");
			else if (e->err > 0)
				fail(e->msg, e->len, "seq %u: success, want error %d (%s)",
				     e->seq, e->err, strerror(e->err));
		} else {
			int x = -err;

			if (e->reply)
				fail(e->msg, e->len, "seq %u: error %d after a reply",
				     e->seq, x);
			else if (e->err >= 0 && x != e->err)
				fail(e->msg, e->len, "seq %u: %s %d (%s), want %d",
				     e->seq, what, x, strerror(x < 0 ? -x : x),
				     e->err);
			else if (e->err < 0 && !family_error_ok(x))
				fail(e->msg, e->len,
				     "seq %u: %s %d (%s), not an error the family may give",
				     e->seq, what, x, strerror(x < 0 ? -x : x));
			else if (!has_msg)
				fail(e->msg, e->len,
				     "seq %u: %s %d (%s) without an extack message",
				     e->seq, what, x, strerror(x < 0 ? -x : x));
		}
		if (!err && e->dump && is_done && e->err == 0) {
			if (e->want_data && !e->parts)
				fail(e->msg, e->len, "seq %u: empty dump", e->seq);
			if (e->check == CHK_SOCK_COOKIE && e->parts != 1)
				fail(e->msg, e->len, "seq %u: %ld sockets parts, want 1",
				     e->seq, e->parts);
			if (e->check == CHK_DEV_COOKIE && !e->want && e->parts)
				fail(e->msg, e->len,
				     "seq %u: %ld devices of a namespace that does not exist",
				     e->seq, e->parts);
		}
		break;
	}
	if (e->final)
		fail(e->msg, e->len, "seq %u: a second final answer (%s %d)",
		     e->seq, what, -err);
	e->final = true;
}

static void check_family_msg(struct expect *e, const uint8_t *p, size_t len,
			     uint16_t flags)
{
	const struct genlmsghdr *g = (const struct genlmsghdr *)(p + NLMSG_HDRLEN);
	struct part_check pc = { .e = e };

	if (e->kind != EX_FAMILY) {
		fail(e->msg, e->len, "seq %u: a family message for a request that gets %s",
		     e->seq, e->kind == EX_NONE ? "no answer" :
		     e->kind == EX_ACK ? "an ACK" : "an error");
		e->final = true;
		return;
	}
	if (len < NLMSG_HDRLEN + GENL_HDRLEN || g->cmd != e->cmd) {
		fail(e->msg, e->len, "seq %u: answer of %zu bytes, command %d, want %d",
		     e->seq, len, len >= NLMSG_HDRLEN + GENL_HDRLEN ? g->cmd : -1,
		     e->cmd);
		return;
	}
	if (!walk_attrs(p + NLMSG_HDRLEN + GENL_HDRLEN,
			len - NLMSG_HDRLEN - GENL_HDRLEN, part_attr, &pc)) {
		fail(p, len, "seq %u: malformed attributes in the answer", e->seq);
		return;
	}
	if (e->final)
		fail(e->msg, e->len, "seq %u: answer after the final one", e->seq);
	if (e->dump) {
		N.dump_parts++;
		e->parts++;
		if (!(flags & NLM_F_MULTI))
			fail(e->msg, e->len, "seq %u: dump message without NLM_F_MULTI",
			     e->seq);
		if (e->check == CHK_DEV_COOKIE &&
		    (!pc.has_cookie || pc.cookie != e->want))
			fail(p, len, "seq %u: device of namespace %llu in a dump filtered by %llu",
			     e->seq, (unsigned long long)pc.cookie,
			     (unsigned long long)e->want);
		if (e->check == CHK_SOCK_COOKIE &&
		    (!pc.has_cookie || pc.cookie != e->want))
			fail(p, len, "seq %u: sockets of namespace %llu in a dump filtered by %llu",
			     e->seq, (unsigned long long)pc.cookie,
			     (unsigned long long)e->want);
		return;
	}
	N.replies++;
	if (e->reply)
		fail(e->msg, e->len, "seq %u: a second reply", e->seq);
	if (flags & NLM_F_MULTI)
		fail(e->msg, e->len, "seq %u: reply to a do with NLM_F_MULTI", e->seq);
	if (e->err > 0)
		fail(e->msg, e->len, "seq %u: a reply, want error %d (%s)", e->seq,
		     e->err, strerror(e->err));
	if ((e->check == CHK_COOKIE && (!pc.has_cookie || pc.cookie != e->want)) ||
	    (e->check == CHK_INODE && (!pc.has_inode || pc.inode != e->want)) ||
	    (e->check == CHK_INFO && !pc.has_version) ||
	    (e->cmd == NSTRACK_CMD_NETNS_GET && (!pc.has_cookie || !pc.has_inode)))
		fail(p, len, "seq %u: reply does not hold what was asked (check %d, want %llu, cookie %llu, inode %u)",
		     e->seq, e->check, (unsigned long long)e->want,
		     (unsigned long long)pc.cookie, pc.inode);
	e->reply = true;
	if (!e->ack)
		e->final = true;
}

static void handle(const uint8_t *p, size_t len)
{
	const struct nlmsghdr *h = (const struct nlmsghdr *)p;
	struct expect *e = find(h->nlmsg_seq);
	struct err_ans ea = { 0 };
	size_t tlv_off;
	int err;

	if (h->nlmsg_pid != C.portid) {
		fail(p, len, "answer to port %u, we are %u", h->nlmsg_pid, C.portid);
		return;
	}
	if (!e) {
		fail(p, len, "answer with seq %u, type %u, which no request of this datagram has",
		     h->nlmsg_seq, h->nlmsg_type);
		return;
	}
	if (h->nlmsg_type == C.fam) {
		check_family_msg(e, p, len, h->nlmsg_flags);
		return;
	}
	if (h->nlmsg_type != NLMSG_ERROR && h->nlmsg_type != NLMSG_DONE) {
		fail(p, len, "seq %u: answer of type %u", e->seq, h->nlmsg_type);
		return;
	}
	if (len < NLMSG_HDRLEN + sizeof(int)) {
		fail(p, len, "seq %u: %s too short", e->seq,
		     h->nlmsg_type == NLMSG_DONE ? "NLMSG_DONE" : "error");
		e->final = true;
		return;
	}
	memcpy(&err, p + NLMSG_HDRLEN, sizeof(int));
	if (h->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsghdr *echo;

		if (len < NLMSG_HDRLEN + sizeof(struct nlmsgerr)) {
			fail(p, len, "seq %u: error message too short", e->seq);
			e->final = true;
			return;
		}
		echo = (const struct nlmsghdr *)(p + NLMSG_HDRLEN + sizeof(int));
		if (echo->nlmsg_seq != e->seq ||
		    memcmp(echo, e->msg, NLMSG_HDRLEN) != 0)
			fail(p, len, "seq %u: error does not echo the request's header",
			     e->seq);
		tlv_off = NLMSG_HDRLEN + sizeof(struct nlmsgerr);
		if (!(h->nlmsg_flags & NLM_F_CAPPED)) {
			/* the whole request follows */
			if (echo->nlmsg_len > len - NLMSG_HDRLEN - sizeof(int)) {
				fail(p, len, "seq %u: echoed length %u beyond the error",
				     e->seq, echo->nlmsg_len);
				e->final = true;
				return;
			}
			tlv_off = NLMSG_HDRLEN + sizeof(int) +
				  NLMSG_ALIGN(echo->nlmsg_len);
		}
		if (err > 0) {
			fail(p, len, "seq %u: positive error %d", e->seq, err);
			e->final = true;
			return;
		}
	} else {
		tlv_off = NLMSG_HDRLEN + sizeof(int);
		if (err > 0) {
			fail(p, len, "seq %u: NLMSG_DONE with %d", e->seq, err);
			e->final = true;
			return;
		}
	}
	if (h->nlmsg_flags & NLM_F_ACK_TLVS) {
		if (tlv_off > len ||
		    !walk_attrs(p + tlv_off, len - tlv_off, errtlv, &ea) ||
		    ea.offs_bad) {
			fail(p, len, "seq %u: malformed extended ack", e->seq);
			e->final = true;
			return;
		}
	}
	check_error(e, err, ea.has_msg, h->nlmsg_type == NLMSG_DONE);
}

static bool all_final(void)
{
	int i;

	for (i = 0; i < B.n; i++)
		if (B.ex[i].kind != EX_NONE && !B.ex[i].final)
			return false;
	return true;
}

/* Read until every answer owed has come, then whatever else is queued. */
static int collect_answers(void)
{
	static uint8_t buf[RECV_BUF];
	bool draining = false;

	for (;;) {
		ssize_t n;
		size_t off = 0;

		if (!draining && all_final())
			draining = true;
		if (!draining) {
			struct pollfd p = { .fd = C.fd, .events = POLLIN };
			int r = poll(&p, 1, HANG_MS);

			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0) {
				int i;

				for (i = 0; i < B.n; i++)
					if (B.ex[i].kind != EX_NONE && !B.ex[i].final)
						fail(B.ex[i].msg, B.ex[i].len,
						     "seq %u: no answer within %d s (hang)",
						     B.ex[i].seq, HANG_MS / 1000);
				return -1;
			}
		}
		n = recv(C.fd, buf, sizeof(buf), draining ? MSG_DONTWAIT : 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (draining && (errno == EAGAIN || errno == EWOULDBLOCK))
				return 0;
			fail(NULL, 0, "recv: %s", strerror(errno));
			return -1;
		}
		while (off + NLMSG_HDRLEN <= (size_t)n) {
			const struct nlmsghdr *h = (const struct nlmsghdr *)(buf + off);

			if (h->nlmsg_len < NLMSG_HDRLEN ||
			    h->nlmsg_len > (size_t)n - off) {
				fail(buf + off, n - off, "malformed answer frame");
				break;
			}
			handle(buf + off, h->nlmsg_len);
			off += NLMSG_ALIGN(h->nlmsg_len);
		}
	}
}

/* ---------------------------------------------------------------------- */

static int drop_privileges(uid_t uid)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (setgroups(0, NULL) < 0 || setresgid(uid, uid, uid) < 0 ||
	    setresuid(uid, uid, uid) < 0)
		return -1;
	if (syscall(SYS_capget, &hdr, data) < 0)
		return -1;
	if (data[0].effective || data[1].effective || data[0].permitted ||
	    data[1].permitted) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

static bool kernel_has_split_ops(void)
{
	struct utsname u;
	unsigned int major = 0, minor = 0;

	if (uname(&u) < 0 || sscanf(u.release, "%u.%u", &major, &minor) != 2)
		return true;
	return major > 6 || (major == 6 && minor >= 2);
}

static int parse_num(const char *s, unsigned long long max,
		     unsigned long long *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 0);
	return errno || end == s || *end || *out > max || *s == '-' ? -1 : 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: genlfuzz [--seed N] [--count N] [--uid N] [--expect-eperm]\n"
		"\n"
		"Send N (default 100000) generated requests to the nstrack family\n"
		"and check each answer against the netlink core's rules.  The\n"
		"corpus comes from the seed (default 1), printed first.\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'n' },
		{ "uid", required_argument, NULL, 'u' },
		{ "expect-eperm", no_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	unsigned long long seed = 1, count = 100000, uid = 0, v;
	bool drop = false, expect_eperm = false;
	struct stat st;
	socklen_t sl;
	long sent = 0;
	int opt, i;

	while ((opt = getopt_long(argc, argv, "s:n:u:eh", opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			if (parse_num(optarg, ULLONG_MAX, &seed) < 0)
				goto bad;
			break;
		case 'n':
			if (parse_num(optarg, LONG_MAX, &count) < 0)
				goto bad;
			break;
		case 'u':
			if (parse_num(optarg, UINT_MAX - 1, &v) < 0)
				goto bad;
			uid = v;
			drop = true;
			break;
		case 'e':
			expect_eperm = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			goto bad;
		}
	}
	if (optind != argc)
		goto bad;

	printf("genlfuzz: seed %llu, count %llu%s\n", seed, count,
	       expect_eperm ? ", expecting EPERM" : "");
	fflush(stdout);
	rng_state = seed;

	if (drop && drop_privileges((uid_t)uid) < 0) {
		fprintf(stderr, "genlfuzz: dropping to uid %llu: %s\n", uid,
			strerror(errno));
		return 1;
	}
	C.priv = !expect_eperm;
	C.split_ops = kernel_has_split_ops();
	C.fd = nl_open();
	C.nsfd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (C.fd < 0 || C.nsfd < 0 || fstat(C.nsfd, &st) < 0) {
		fprintf(stderr, "genlfuzz: setup: %s\n", strerror(errno));
		return 1;
	}
	C.own_inode = (uint32_t)st.st_ino;
	sl = sizeof(C.own_cookie);
	if (getsockopt(C.fd, SOL_SOCKET, SO_NETNS_COOKIE, &C.own_cookie, &sl) < 0) {
		fprintf(stderr, "genlfuzz: SO_NETNS_COOKIE: %s\n", strerror(errno));
		return 1;
	}
	/* the sequence numbers start where the seed says */
	C.seq = (uint32_t)(seed * 2654435761u);
	if (resolve_family() < 0) {
		fprintf(stderr, "genlfuzz: family %s: %s\n", NSTRACK_FAMILY_NAME,
			strerror(errno));
		return 1;
	}
	if (C.priv)
		collect();
	printf("genlfuzz: family id %u, own netns cookie %llu inode %u, %d cookies known, newest event %llu, %s kind lookup\n",
	       C.fam, (unsigned long long)C.own_cookie, C.own_inode, C.ncookies,
	       (unsigned long long)C.event_last,
	       C.split_ops ? "command and" : "command, then");
	fflush(stdout);

	while (sent < (long)count) {
		int cap = chance(50);
		ssize_t w;

		/* errors with and without the request echoed */
		setsockopt(C.fd, SOL_NETLINK, NETLINK_CAP_ACK, &cap, sizeof(cap));
		fill_batch((long)count - sent);
		w = send(C.fd, B.buf, B.len, 0);
		if (w != (ssize_t)B.len) {
			fail(B.buf, B.len, "send of %zu bytes: %s", B.len,
			     w < 0 ? strerror(errno) : "short");
			break;
		}
		sent += B.n;
		N.datagrams++;
		for (i = 0; i < B.n; i++)
			if (B.ex[i].kind == EX_NONE)
				N.unanswered_by_design++;
		if (collect_answers() < 0)
			break;
		if (failures > 1000)
			break;
	}
	N.sent = sent;

	printf("genlfuzz: %ld messages in %ld datagrams: %ld ACKs, %ld replies, %ld dump messages, %ld NLMSG_DONE with 0, %ld silent by design (%ld broken frames)\n",
	       N.sent, N.datagrams, N.acks, N.replies, N.dump_parts, N.dones,
	       N.unanswered_by_design, N.framing_cut);
	printf("genlfuzz: family outcomes known exactly for %ld, from the allowed set for %ld\n",
	       N.exact, N.family_any);
	printf("genlfuzz: errors:");
	for (i = 1; i < 256; i++)
		if (N.err[i])
			printf(" %s %ld", strerrorname_np(i) ? strerrorname_np(i) : "?",
			       N.err[i]);
	printf("\n");
	if (expect_eperm && !N.err[EPERM])
		fail(NULL, 0, "no request was refused with EPERM");
	if (sent < (long)count)
		fail(NULL, 0, "stopped after %ld of %llu messages", sent, count);
	if (failures) {
		for (i = 0; i < (int)(sizeof(kinds) / sizeof(kinds[0])) &&
			    kinds[i].fmt; i++)
			printf("genlfuzz: %ld x \"%s\"\n", kinds[i].n, kinds[i].fmt);
		printf("genlfuzz: FAILED: %ld failures (seed %llu)\n", failures, seed);
		return 1;
	}
	printf("genlfuzz: ok\n");
	return 0;
bad:
	usage(stderr);
	return 2;
}
