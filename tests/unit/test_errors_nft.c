// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: the error paths of the NAT of "connect --nat"
 * (user/nft.c).  The netfilter socket is a fake kernel that keeps
 * nstrack's table and its rules, applies a batch whole or not at all,
 * answers rule dumps and table reads, and fails the message type a test
 * asks for; /proc/sys/net/ipv4/ip_forward is a file of the test's own.
 * Allocations and system calls fail on demand (--wrap).  After every
 * failure the test checks the fake kernel's table, the forwarding file
 * and that the socket was closed.
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_tables.h>

#include "fake_sys.h"
#include "nft.h"
#include "testutil.h"
#include "util.h"

#define IP_FORWARD	"/proc/sys/net/ipv4/ip_forward"
#define FNF_MAX_RULES	8

/* ---- the fake netfilter kernel ---- */

struct fnf_rule {
	uint64_t handle;
	uint8_t udata[256];
	size_t udata_len;
};

struct fnf {
	bool table;
	uint8_t table_udata[256];	/* the table's comment, as sent */
	size_t table_udata_len;
	struct fnf_rule rules[FNF_MAX_RULES];
	size_t nrules;
	uint64_t next_handle;
	/* the next message of type fail_type fails */
	bool failing;
	uint16_t fail_type;
	int fail_err;
	const char *fail_extack;
	/* the answer to the last request */
	union test_buf reply;
	size_t reply_len;
	bool open;		/* a socket is open */
	unsigned int opened;
	char fwd_path[64];	/* what ip_forward is */
};

static struct fnf *fnf;
static char fake_sock;	/* what mnl_socket_open2() returns */

static struct nlmsghdr *reply_msg(uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(fnf->reply.b +
						    fnf->reply_len);
	struct nfgenmsg *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->nfgen_family = NFPROTO_IPV4;
	return nlh;
}

static void reply_commit(const struct nlmsghdr *nlh)
{
	fnf->reply_len += MNL_ALIGN(nlh->nlmsg_len);
	assert_true(fnf->reply_len <= sizeof(fnf->reply.b));
}

/* an error (0: an ack) for req, capped, with the extack text if any */
static void reply_error(const struct nlmsghdr *req, int error,
			const char *extack)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(fnf->reply.b +
						    fnf->reply_len);
	struct nlmsgerr *e;

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = NLM_F_CAPPED;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = error;
	memcpy(&e->msg, req, sizeof(*req));
	if (extack) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, extack);
	}
	reply_commit(nlh);
}

static const struct nlattr *msg_attr(const struct nlmsghdr *nlh,
				     uint16_t type)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct nfgenmsg))
		if (mnl_attr_get_type(a) == type)
			return a;
	return NULL;
}

static void copy_udata(const struct nlmsghdr *nlh, uint16_t type,
		       uint8_t *dst, size_t *len)
{
	const struct nlattr *a = msg_attr(nlh, type);

	*len = 0;
	if (!a)
		return;
	assert_true(mnl_attr_get_payload_len(a) <= 256);
	*len = mnl_attr_get_payload_len(a);
	memcpy(dst, mnl_attr_get_payload(a), *len);
}

static void dump_rules(void)
{
	size_t i;

	for (i = 0; i < fnf->nrules; i++) {
		struct nlmsghdr *nlh = reply_msg((NFNL_SUBSYS_NFTABLES << 8) |
						 NFT_MSG_NEWRULE, NLM_F_MULTI);

		mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, NSTRACK_NFT_TABLE);
		mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN, NSTRACK_NFT_CHAIN);
		mnl_attr_put_u64(nlh, NFTA_RULE_HANDLE,
				 htobe64(fnf->rules[i].handle));
		if (fnf->rules[i].udata_len)
			mnl_attr_put(nlh, NFTA_RULE_USERDATA,
				     fnf->rules[i].udata_len,
				     fnf->rules[i].udata);
		reply_commit(nlh);
	}
	reply_commit(reply_msg(NLMSG_DONE, NLM_F_MULTI));
}

static void del_rule(uint64_t handle)
{
	size_t i;

	for (i = 0; i < fnf->nrules; i++)
		if (fnf->rules[i].handle == handle)
			break;
	assert_true(i < fnf->nrules);
	memmove(&fnf->rules[i], &fnf->rules[i + 1],
		(fnf->nrules - i - 1) * sizeof(fnf->rules[0]));
	fnf->nrules--;
}

/* apply one message of a batch that is known to pass */
static void apply(const struct nlmsghdr *nlh)
{
	const struct nlattr *a;

	switch (nlh->nlmsg_type & 0xff) {
	case NFT_MSG_NEWTABLE:
		if (!fnf->table)
			copy_udata(nlh, NFTA_TABLE_USERDATA, fnf->table_udata,
				   &fnf->table_udata_len);
		fnf->table = true;
		break;
	case NFT_MSG_NEWCHAIN:
		assert_true(fnf->table);
		break;
	case NFT_MSG_NEWRULE:
		assert_true(fnf->table && fnf->nrules < FNF_MAX_RULES);
		fnf->rules[fnf->nrules].handle = ++fnf->next_handle;
		copy_udata(nlh, NFTA_RULE_USERDATA,
			   fnf->rules[fnf->nrules].udata,
			   &fnf->rules[fnf->nrules].udata_len);
		fnf->nrules++;
		break;
	case NFT_MSG_DELRULE:
		a = msg_attr(nlh, NFTA_RULE_HANDLE);
		assert_non_null(a);
		del_rule(be64toh(mnl_attr_get_u64(a)));
		break;
	case NFT_MSG_DELTABLE:
		fnf->table = false;
		fnf->nrules = 0;
		fnf->table_udata_len = 0;
		break;
	default:
		fail_msg("unexpected message %#x in a batch", nlh->nlmsg_type);
	}
}

static bool failing_type(const struct nlmsghdr *nlh)
{
	return fnf->failing && (nlh->nlmsg_type & 0xff) == fnf->fail_type;
}

static void batch(const void *buf, size_t len)
{
	const struct nlmsghdr *nlh;
	int rest = (int)len, pass;

	/* all or nothing: a first pass looks for the failing message */
	for (pass = 0; pass < 2; pass++) {
		nlh = buf;
		rest = (int)len;
		for (; mnl_nlmsg_ok(nlh, rest); nlh = mnl_nlmsg_next(nlh, &rest)) {
			if (nlh->nlmsg_type == NFNL_MSG_BATCH_BEGIN ||
			    nlh->nlmsg_type == NFNL_MSG_BATCH_END)
				continue;
			if (pass == 0 && failing_type(nlh)) {
				reply_error(nlh, -fnf->fail_err,
					    fnf->fail_extack);
				fnf->failing = false;
				return;
			}
			if (pass == 1) {
				apply(nlh);
				if (nlh->nlmsg_flags & NLM_F_ACK)
					reply_error(nlh, 0, NULL);
			}
		}
	}
}

static void get(const struct nlmsghdr *nlh)
{
	struct nlmsghdr *t;

	if (failing_type(nlh)) {
		reply_error(nlh, -fnf->fail_err, fnf->fail_extack);
		fnf->failing = false;
		return;
	}
	if (!fnf->table) {
		reply_error(nlh, -ENOENT, NULL);
		return;
	}
	if ((nlh->nlmsg_type & 0xff) == NFT_MSG_GETRULE) {
		dump_rules();
		return;
	}
	assert_int_equal(nlh->nlmsg_type & 0xff, NFT_MSG_GETTABLE);
	t = reply_msg((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWTABLE, 0);
	mnl_attr_put_strz(t, NFTA_TABLE_NAME, NSTRACK_NFT_TABLE);
	if (fnf->table_udata_len)
		mnl_attr_put(t, NFTA_TABLE_USERDATA, fnf->table_udata_len,
			     fnf->table_udata);
	reply_commit(t);
	reply_error(nlh, 0, NULL);
}

/* ---- the seams ---- */

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
int __real_open(const char *path, int flags, ...);
ssize_t __real_write(int fd, const void *buf, size_t len);
struct nftnl_udata_buf *__real_nftnl_udata_buf_alloc(uint32_t len);
struct nftnl_expr *__real_nftnl_expr_alloc(const char *name);
struct nftnl_rule *__real_nftnl_rule_alloc(void);
struct nftnl_table *__real_nftnl_table_alloc(void);
struct nftnl_chain *__real_nftnl_chain_alloc(void);

void *__wrap_malloc(size_t size)
{
	return fsys_failing("malloc") ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return fsys_failing("calloc") ? NULL : __real_calloc(n, size);
}

int __wrap_open(const char *path, int flags, ...)
{
	if (fsys_failing("open"))
		return -1;
	if (!strcmp(path, IP_FORWARD))
		path = fnf->fwd_path;
	return __real_open(path, flags);
}

ssize_t __wrap_write(int fd, const void *buf, size_t len)
{
	return fsys_failing("write") ? -1 : __real_write(fd, buf, len);
}

struct nftnl_udata_buf *__wrap_nftnl_udata_buf_alloc(uint32_t len)
{
	if (fsys_failing("nftnl_udata_buf_alloc"))
		return NULL;
	return __real_nftnl_udata_buf_alloc(len);
}

struct nftnl_expr *__wrap_nftnl_expr_alloc(const char *name)
{
	return fsys_failing("nftnl_expr_alloc") ? NULL :
	       __real_nftnl_expr_alloc(name);
}

struct nftnl_rule *__wrap_nftnl_rule_alloc(void)
{
	return fsys_failing("nftnl_rule_alloc") ? NULL :
	       __real_nftnl_rule_alloc();
}

struct nftnl_table *__wrap_nftnl_table_alloc(void)
{
	return fsys_failing("nftnl_table_alloc") ? NULL :
	       __real_nftnl_table_alloc();
}

bool __real_nftnl_udata_put_strz(struct nftnl_udata_buf *buf, uint8_t type,
				  const char *s);

bool __wrap_nftnl_udata_put_strz(struct nftnl_udata_buf *buf, uint8_t type,
				 const char *s)
{
	return fsys_failing("nftnl_udata_put_strz") ? false :
	       __real_nftnl_udata_put_strz(buf, type, s);
}

struct nftnl_chain *__wrap_nftnl_chain_alloc(void)
{
	return fsys_failing("nftnl_chain_alloc") ? NULL :
	       __real_nftnl_chain_alloc();
}

struct mnl_socket *__wrap_mnl_socket_open2(int bus, int flags)
{
	(void)flags;
	assert_int_equal(bus, NETLINK_NETFILTER);
	if (fsys_failing("mnl_socket_open2"))
		return NULL;
	assert_false(fnf->open);
	fnf->open = true;
	fnf->opened++;
	return (struct mnl_socket *)&fake_sock;
}

int __wrap_mnl_socket_bind(struct mnl_socket *nl, unsigned int groups,
			   pid_t pid)
{
	(void)groups;
	(void)pid;
	assert_ptr_equal(nl, &fake_sock);
	return fsys_failing("mnl_socket_bind") ? -1 : 0;
}

int __wrap_mnl_socket_setsockopt(const struct mnl_socket *nl, int type,
				 void *buf, socklen_t len)
{
	(void)type;
	(void)buf;
	(void)len;
	assert_ptr_equal(nl, &fake_sock);
	return 0;
}

unsigned int __wrap_mnl_socket_get_portid(const struct mnl_socket *nl)
{
	assert_ptr_equal(nl, &fake_sock);
	return 0;
}

int __wrap_mnl_socket_close(struct mnl_socket *nl)
{
	assert_ptr_equal(nl, &fake_sock);
	assert_true(fnf->open);
	fnf->open = false;
	return 0;
}

ssize_t __wrap_mnl_socket_sendto(const struct mnl_socket *nl,
				 const void *buf, size_t len)
{
	const struct nlmsghdr *nlh = buf;

	assert_ptr_equal(nl, &fake_sock);
	if (fsys_failing("mnl_socket_sendto"))
		return -1;
	fnf->reply_len = 0;
	if (nlh->nlmsg_type == NFNL_MSG_BATCH_BEGIN)
		batch(buf, len);
	else
		get(nlh);
	return (ssize_t)len;
}

ssize_t __wrap_mnl_socket_recvfrom(const struct mnl_socket *nl, void *buf,
				   size_t len)
{
	size_t n = fnf->reply_len;

	assert_ptr_equal(nl, &fake_sock);
	if (fsys_failing("mnl_socket_recvfrom"))
		return -1;
	assert_true(n > 0 && n <= len);
	memcpy(buf, fnf->reply.b, n);
	fnf->reply_len = 0;
	return (ssize_t)n;
}

/* ---- fixture ---- */

static void set_forwarding(const char *v)
{
	FILE *f = fopen(fnf->fwd_path, "w");

	assert_non_null(f);
	fputs(v, f);
	fclose(f);
}

static char forwarding(void)
{
	FILE *f = fopen(fnf->fwd_path, "r");
	int c;

	assert_non_null(f);
	c = fgetc(f);
	fclose(f);
	return c == EOF ? '?' : (char)c;
}

static int setup(void **state)
{
	int fd;

	(void)state;
	fnf = calloc(1, sizeof(*fnf));
	if (!fnf)
		return -1;
	strcpy(fnf->fwd_path, "/tmp/nstrack-ipfwd-XXXXXX");
	fd = mkstemp(fnf->fwd_path);
	if (fd < 0)
		return -1;
	close(fd);
	set_forwarding("0\n");
	fsys_reset();
	test_err_start();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	assert_false(fnf->open);	/* every socket was closed */
	unlink(fnf->fwd_path);
	free(fnf);
	fnf = NULL;
	fsys_reset();
	test_err_stop();
	return 0;
}

static void expect_err(const char *text)
{
	assert_string_equal(test_err_text(), text);
	test_err_start();
}

static uint32_t net(const char *a)
{
	struct in_addr in;

	assert_int_equal(inet_pton(AF_INET, a, &in), 1);
	return in.s_addr;
}

static int add(const char *ns)
{
	return nstrack_nft_masquerade_add(ns, net("10.0.0.0"), 24, "br0");
}

/* nothing of ns's NAT is there, and forwarding is back off */
static void no_nat(void)
{
	assert_false(fnf->table);
	assert_int_equal(fnf->nrules, 0);
	assert_false(fnf->open);
	assert_int_equal(forwarding(), '0');
}

/* ---- adding ---- */

static void add_refusals_before_anything(void **state)
{
	(void)state;
	assert_int_equal(nstrack_nft_masquerade_add("blue", 0, 33, "br0"),
			 -EINVAL);
	expect_err("nstrack: nat: invalid prefix length 33\n");
	assert_int_equal(fnf->opened, 0);

	fsys_fail("malloc", 1, ENOMEM);
	assert_int_equal(add("blue"), -ENOMEM);
	expect_err("nstrack: nat: cannot open a netfilter netlink socket: Cannot allocate memory\n");
	assert_int_equal(fnf->opened, 0);

	fsys_fail("mnl_socket_open2", 1, EMFILE);
	assert_int_equal(add("blue"), -EMFILE);
	expect_err("nstrack: nat: cannot open a netfilter netlink socket: Too many open files\n");

	fsys_fail("mnl_socket_bind", 1, EPERM);
	assert_int_equal(add("blue"), -EPERM);
	expect_err("nstrack: nat: cannot open a netfilter netlink socket: Operation not permitted\n");
	assert_int_equal(fnf->opened, 1);
	no_nat();
}

static void add_forwarding_unreadable(void **state)
{
	(void)state;
	fsys_fail("open", 1, EACCES);
	assert_int_equal(add("blue"), -EACCES);
	expect_err("nstrack: nat: /proc/sys/net/ipv4/ip_forward: Permission denied\n");
	no_nat();

	set_forwarding("");	/* read() finds nothing */
	assert_int_equal(add("blue"), -EIO);
	expect_err("nstrack: nat: /proc/sys/net/ipv4/ip_forward: Input/output error\n");
	assert_false(fnf->table);
	assert_false(fnf->open);
}

static void add_out_of_memory(void **state)
{
	/* every allocation on the way, one at a time */
	static const struct {
		const char *fn;
		unsigned int nth;
	} allocs[] = {
		{ "nftnl_table_alloc", 1 },
		{ "nftnl_chain_alloc", 1 },
		{ "nftnl_rule_alloc", 1 },
		{ "nftnl_expr_alloc", 1 },	/* payload */
		{ "nftnl_expr_alloc", 2 },	/* bitwise */
		{ "nftnl_expr_alloc", 3 },	/* cmp */
		{ "nftnl_expr_alloc", 4 },	/* meta */
		{ "nftnl_expr_alloc", 5 },	/* cmp */
		{ "nftnl_expr_alloc", 6 },	/* masq */
		{ "nftnl_udata_buf_alloc", 1 },	/* the rule's comment */
		{ "nftnl_udata_buf_alloc", 2 },	/* the table's comment */
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(allocs); i++) {
		fsys_reset();
		fsys_fail(allocs[i].fn, allocs[i].nth, ENOMEM);
		assert_int_equal(add("blue"), -ENOMEM);
		expect_err("nstrack: out of memory\n");
		assert_int_equal(fsys_calls(allocs[i].fn), allocs[i].nth);
		no_nat();
	}
}

static void add_refused_by_the_kernel(void **state)
{
	(void)state;
	fnf->failing = true;
	fnf->fail_type = NFT_MSG_NEWRULE;
	fnf->fail_err = EPERM;
	assert_int_equal(add("blue"), -EPERM);
	expect_err("nstrack: nat: cannot add the masquerade rule: permission denied (CAP_NET_ADMIN is required)\n");
	no_nat();

	fnf->failing = true;
	fnf->fail_type = NFT_MSG_NEWCHAIN;
	fnf->fail_err = ENOENT;
	fnf->fail_extack = "Could not process rule: No such file or directory";
	assert_int_equal(add("blue"), -ENOENT);
	expect_err("nstrack: nat: cannot add the masquerade rule: Could not process rule: No such file or directory\n");
	no_nat();

	fnf->failing = true;
	fnf->fail_type = NFT_MSG_NEWTABLE;
	fnf->fail_err = EOPNOTSUPP;
	fnf->fail_extack = NULL;
	assert_int_equal(add("blue"), -EOPNOTSUPP);
	expect_err("nstrack: nat: cannot add the masquerade rule: Operation not supported\n");
	no_nat();

	fsys_fail("mnl_socket_sendto", 1, ENOBUFS);
	assert_int_equal(add("blue"), -ENOBUFS);
	expect_err("nstrack: nat: cannot add the masquerade rule: No buffer space available\n");
	no_nat();

	fsys_fail("mnl_socket_recvfrom", 1, EINTR);
	assert_int_equal(add("blue"), -EINTR);
	expect_err("nstrack: nat: cannot add the masquerade rule: Interrupted system call\n");
}

/* forwarding cannot be turned on: the rule just added goes again */
static void add_cannot_turn_forwarding_on(void **state)
{
	(void)state;
	fsys_fail("open", 2, EROFS);	/* the first one reads it */
	assert_int_equal(add("blue"), -EROFS);
	expect_err("nstrack: nat: cannot turn IPv4 forwarding on: Read-only file system\n");
	no_nat();
	assert_int_equal(fnf->opened, 2);	/* add, then del */

	fsys_fail("write", 1, EIO);
	assert_int_equal(add("blue"), -EIO);
	expect_err("nstrack: nat: cannot turn IPv4 forwarding on: Input/output error\n");
	no_nat();
}

/* ---- removing ---- */

static void del_refusals_before_anything(void **state)
{
	(void)state;
	assert_int_equal(add("blue"), 0);
	assert_int_equal(forwarding(), '1');

	fsys_fail("calloc", 1, ENOMEM);
	assert_int_equal(nstrack_nft_masquerade_del("blue"), -ENOMEM);
	expect_err("nstrack: out of memory\n");

	fsys_fail("mnl_socket_open2", 1, EMFILE);
	assert_int_equal(nstrack_nft_masquerade_del("blue"), -EMFILE);
	expect_err("nstrack: nat: cannot open a netfilter netlink socket: Too many open files\n");

	/* untouched */
	assert_true(fnf->table);
	assert_int_equal(fnf->nrules, 1);
	assert_int_equal(forwarding(), '1');
}

static void del_nothing_to_do(void **state)
{
	(void)state;
	/* no table at all, then a table without blue's rule */
	assert_int_equal(nstrack_nft_masquerade_del("blue"), 0);
	assert_int_equal(add("red"), 0);
	assert_int_equal(nstrack_nft_masquerade_del("blue"), 0);
	assert_string_equal(test_err_text(), "");
	assert_int_equal(fnf->nrules, 1);
	assert_int_equal(forwarding(), '1');
}

static void del_cannot_list(void **state)
{
	(void)state;
	assert_int_equal(add("blue"), 0);

	fsys_fail("nftnl_rule_alloc", 1, ENOMEM);
	assert_int_equal(nstrack_nft_masquerade_del("blue"), -ENOMEM);
	expect_err("nstrack: nat: cannot list nstrack's rules: Cannot allocate memory\n");

	fnf->failing = true;
	fnf->fail_type = NFT_MSG_GETRULE;
	fnf->fail_err = EACCES;
	assert_int_equal(nstrack_nft_masquerade_del("blue"), -EACCES);
	expect_err("nstrack: nat: cannot list nstrack's rules: permission denied (CAP_NET_ADMIN is required)\n");

	/* a rule that cannot be parsed (no memory for it) */
	fsys_fail("nftnl_rule_alloc", 2, ENOMEM);
	assert_int_equal(nstrack_nft_masquerade_del("blue"), -EBADMSG);
	expect_err("nstrack: nat: cannot list nstrack's rules: Bad message\n");

	fsys_fail("mnl_socket_sendto", 1, ENOBUFS);
	assert_int_equal(nstrack_nft_masquerade_del("blue"), -ENOBUFS);
	expect_err("nstrack: nat: cannot list nstrack's rules: No buffer space available\n");

	fsys_fail("mnl_socket_recvfrom", 1, EAGAIN);
	assert_int_equal(nstrack_nft_masquerade_del("blue"), -EAGAIN);
	expect_err("nstrack: nat: cannot list nstrack's rules: Resource temporarily unavailable\n");

	assert_true(fnf->table);
	assert_int_equal(fnf->nrules, 1);
	assert_int_equal(forwarding(), '1');
}

static void del_cannot_read_table(void **state)
{
	(void)state;
	assert_int_equal(add("blue"), 0);

	fsys_fail("nftnl_table_alloc", 1, ENOMEM);
	assert_int_equal(nstrack_nft_masquerade_del("blue"), -ENOMEM);
	expect_err("nstrack: nat: cannot read nstrack's table: Cannot allocate memory\n");

	fnf->failing = true;
	fnf->fail_type = NFT_MSG_GETTABLE;
	fnf->fail_err = EIO;
	assert_int_equal(nstrack_nft_masquerade_del("blue"), -EIO);
	expect_err("nstrack: nat: cannot read nstrack's table: Input/output error\n");

	/* the table read fine, but no memory to delete it */
	fsys_fail("nftnl_table_alloc", 3, ENOMEM);
	assert_int_equal(nstrack_nft_masquerade_del("blue"), -ENOMEM);
	expect_err("nstrack: out of memory\n");

	assert_true(fnf->table);
	assert_int_equal(fnf->nrules, 1);
	assert_int_equal(forwarding(), '1');
}

static void del_rule_refused(void **state)
{
	(void)state;
	assert_int_equal(add("blue"), 0);
	assert_int_equal(add("red"), 0);

	/* not the last rule: deleted by handle */
	fsys_fail("nftnl_rule_alloc", 4, ENOMEM);	/* scan, 2 parsed */
	assert_int_equal(nstrack_nft_masquerade_del("blue"), -ENOMEM);
	expect_err("nstrack: out of memory\n");

	fnf->failing = true;
	fnf->fail_type = NFT_MSG_DELRULE;
	fnf->fail_err = EBUSY;
	assert_int_equal(nstrack_nft_masquerade_del("blue"), -EBUSY);
	expect_err("nstrack: nat: cannot remove nstrack's rules: Device or resource busy\n");
	assert_int_equal(fnf->nrules, 2);

	/* the last rule: the table goes */
	assert_int_equal(nstrack_nft_masquerade_del("blue"), 1);
	fnf->failing = true;
	fnf->fail_type = NFT_MSG_DELTABLE;
	fnf->fail_err = EBUSY;
	fnf->fail_extack = "table is in use";
	assert_int_equal(nstrack_nft_masquerade_del("red"), -EBUSY);
	expect_err("nstrack: nat: cannot remove nstrack's rules: table is in use\n");
	assert_true(fnf->table);
	assert_int_equal(fnf->nrules, 1);
	assert_int_equal(forwarding(), '1');
}

static void del_cannot_turn_forwarding_off(void **state)
{
	(void)state;
	assert_int_equal(add("blue"), 0);
	fsys_fail("open", 1, EACCES);
	assert_int_equal(nstrack_nft_masquerade_del("blue"), -EACCES);
	expect_err("nstrack: nat: cannot turn IPv4 forwarding back off: Permission denied\n");
	/* the rule is gone all the same, which is what was asked */
	assert_false(fnf->table);
	assert_int_equal(forwarding(), '1');
	assert_false(fnf->open);
}

/* names that differ only after their 111th character are two names */
static void long_names_kept_apart(void **state)
{
	char a[201], b[201];

	(void)state;
	memset(a, 'n', sizeof(a) - 1);
	a[sizeof(a) - 1] = '\0';
	strcpy(b, a);
	b[sizeof(b) - 2] = 'm';
	assert_int_equal(add(a), 0);
	assert_int_equal(add(b), 0);
	assert_int_equal(nstrack_nft_masquerade_del(a), 1);
	assert_true(fnf->table);
	assert_int_equal(fnf->nrules, 1);
	assert_int_equal(nstrack_nft_masquerade_del(b), 1);
	no_nat();
	assert_string_equal(test_err_text(), "");
}

/* a name whose tag does not fit in a rule's comment is refused */
static void name_too_long_for_a_comment(void **state)
{
	char name[256];

	(void)state;
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_int_equal(add(name), -ENAMETOOLONG);
	expect_err("nstrack: nat: the name is too long for the rule's comment (at most 237 characters)\n");
	assert_int_equal(fnf->opened, 0);
	no_nat();
	/* and has no rule to remove */
	assert_int_equal(nstrack_nft_masquerade_del(name), 0);
	name[237] = '\0';
	assert_int_equal(add(name), 0);
	assert_int_equal(nstrack_nft_masquerade_del(name), 1);
	no_nat();

	/* the comment's buffer cannot be filled */
	fsys_fail("nftnl_udata_put_strz", 1, E2BIG);
	assert_int_equal(add("blue"), -E2BIG);
	expect_err("nstrack: nat: the name is too long for the rule's comment (at most 237 characters)\n");
	no_nat();
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(add_refusals_before_anything),
		T(add_forwarding_unreadable),
		T(add_out_of_memory),
		T(add_refused_by_the_kernel),
		T(add_cannot_turn_forwarding_on),
		T(del_refusals_before_anything),
		T(del_nothing_to_do),
		T(del_cannot_list),
		T(del_cannot_read_table),
		T(del_rule_refused),
		T(del_cannot_turn_forwarding_off),
		T(long_names_kept_apart),
		T(name_too_long_for_a_comment),
	};

	return cmocka_run_group_tests_name("errors_nft", tests, NULL, NULL);
}
