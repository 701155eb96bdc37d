// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: nsids over rtnetlink (user/nsid.c) and the "set" and
 * "list-id" commands (user/cmd_netns.c) against the fake kernel, which
 * here answers RTM_GETNSID and RTM_NEWNSID.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>

#include "cmd.h"
#include "fake.h"
#include "nsid.h"
#include "testutil.h"

/* an RTM_NEWNSID answer; omit the NSID attribute with has_nsid false */
static void add_nsid(size_t b, bool has_nsid, int32_t nsid, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(batch_tail(b));
	struct rtgenmsg *g;

	nlh->nlmsg_type = RTM_NEWNSID;
	nlh->nlmsg_flags = flags;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	if (has_nsid)
		mnl_attr_put_u32(nlh, NETNSA_NSID, (uint32_t)nsid);
	batch_commit(b, nlh);
}

/* the attributes of a request: tb[type], and their number */
static size_t req_attrs(const struct nlmsghdr *nlh,
			const struct nlattr **tb)
{
	const struct nlattr *attr;
	size_t n = 0;

	mnl_attr_for_each(attr, nlh, sizeof(struct rtgenmsg)) {
		if (mnl_attr_get_type(attr) <= NETNSA_MAX)
			tb[mnl_attr_get_type(attr)] = attr;
		n++;
	}
	return n;
}

/*
 * An RTM_NEWNSID request as "set" sends it, made known to add_error() so
 * that an error ack can echo all of it before the real one is sent.
 */
static void prime_set_request(void)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(fk->req.b);

	nlh->nlmsg_type = RTM_NEWNSID;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct rtgenmsg));
	mnl_attr_put_u32(nlh, NETNSA_FD, 9);
	mnl_attr_put_u32(nlh, NETNSA_NSID, 1);
}

static void expect_err(const char *text)
{
	assert_string_equal(test_err_text(), text);
	test_err_start();
}

static void parse_replies(void **state)
{
	union test_buf buf;
	struct nlmsghdr *nlh;
	int32_t nsid = 99;

	(void)state;
	nlh = mnl_nlmsg_put_header(buf.b);
	nlh->nlmsg_type = RTM_NEWNSID;
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct rtgenmsg));
	assert_int_equal(nstrack_nsid_parse(nlh, &nsid), -EBADMSG);
	mnl_attr_put_u32(nlh, NETNSA_CURRENT_NSID, 3);
	assert_int_equal(nstrack_nsid_parse(nlh, &nsid), -EBADMSG);
	mnl_attr_put_u32(nlh, NETNSA_NSID, 7);
	assert_int_equal(nstrack_nsid_parse(nlh, &nsid), 0);
	assert_int_equal(nsid, 7);

	/* the wrong type, or a short attribute */
	nlh->nlmsg_type = RTM_DELNSID;
	assert_int_equal(nstrack_nsid_parse(nlh, &nsid), -EBADMSG);
	nlh = mnl_nlmsg_put_header(buf.b);
	nlh->nlmsg_type = RTM_NEWNSID;
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct rtgenmsg));
	mnl_attr_put_u8(nlh, NETNSA_NSID, 1);
	assert_int_equal(nstrack_nsid_parse(nlh, &nsid), -EBADMSG);
	/* no room for the rtgenmsg */
	nlh = mnl_nlmsg_put_header(buf.b);
	nlh->nlmsg_type = RTM_NEWNSID;
	assert_int_equal(nstrack_nsid_parse(nlh, &nsid), -EBADMSG);
	assert_int_equal(nsid, 7);
}

static void get(void **state)
{
	struct nstrack_nl *nl = *state;
	const struct nlattr *tb[NETNSA_MAX + 1] = { NULL };
	size_t b = new_batch();
	int32_t nsid = 99;

	add_nsid(b, true, 5, 0);
	add_error(b, 0, true, NULL);
	b = new_batch();
	add_nsid(b, true, NSTRACK_NSID_NONE, 0);
	add_error(b, 0, true, NULL);

	assert_int_equal(nstrack_nsid_get(nl, 7, &nsid, "list-id: blue"), 0);
	assert_int_equal(nsid, 5);
	assert_int_equal(sent()->nlmsg_type, RTM_GETNSID);
	assert_int_equal(sent()->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	assert_int_equal(req_attrs(sent(), tb), 1);
	assert_non_null(tb[NETNSA_FD]);
	assert_int_equal(mnl_attr_get_u32(tb[NETNSA_FD]), 7);

	assert_int_equal(nstrack_nsid_get(nl, 8, &nsid, "list-id: blue"), 0);
	assert_int_equal(nsid, NSTRACK_NSID_NONE);
	expect_err("");
}

static void get_errors(void **state)
{
	struct nstrack_nl *nl = *state;
	int32_t nsid = 99;

	add_error(new_batch(), -EBADF, true, NULL);
	add_error(new_batch(), 0, true, NULL);		/* no answer */
	{
		size_t b = new_batch();

		add_nsid(b, false, 0, 0);		/* no NSID */
		add_error(b, 0, true, NULL);
		b = new_batch();
		add_nsid(b, true, 1, 0);		/* two answers */
		add_nsid(b, true, 2, 0);
		add_error(b, 0, true, NULL);
	}

	assert_int_equal(nstrack_nsid_get(nl, 7, &nsid, "list-id: blue"),
			 -EBADF);
	expect_err("nstrack: list-id: blue: Bad file descriptor\n");
	assert_int_equal(nstrack_nsid_get(nl, 7, &nsid, "list-id: blue"),
			 -ENODATA);
	expect_err("nstrack: list-id: blue: no reply from the kernel\n");
	assert_int_equal(nstrack_nsid_get(nl, 7, &nsid, "list-id: blue"),
			 -EBADMSG);
	expect_err("nstrack: list-id: blue: malformed reply from the kernel\n");
	assert_int_equal(nstrack_nsid_get(nl, 7, &nsid, "x"), -EPROTO);
	expect_err("nstrack: x: Protocol error\n");
	/* the transport fails */
	fk->recv_errno = ECONNREFUSED;
	assert_int_equal(nstrack_nsid_get(nl, 7, &nsid, "x"), -ECONNREFUSED);
	expect_err("nstrack: x: Connection refused\n");
}

static void set(void **state)
{
	struct nstrack_nl *nl = *state;
	const struct nlattr *tb[NETNSA_MAX + 1] = { NULL };

	add_error(new_batch(), 0, true, NULL);
	prime_set_request();
	add_error(new_batch(), 0, false, NULL);

	assert_int_equal(nstrack_nsid_set(nl, 9, 12, "set: blue"), 0);
	assert_int_equal(sent()->nlmsg_type, RTM_NEWNSID);
	assert_int_equal(sent()->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	assert_int_equal(req_attrs(sent(), tb), 2);
	assert_int_equal(mnl_attr_get_u32(tb[NETNSA_FD]), 9);
	assert_int_equal((int32_t)mnl_attr_get_u32(tb[NETNSA_NSID]), 12);

	/* auto: the kernel picks one when it is asked for -1 */
	memset(tb, 0, sizeof(tb));
	assert_int_equal(nstrack_nsid_set(nl, 9, NSTRACK_NSID_NONE, "set"), 0);
	assert_int_equal(req_attrs(sent(), tb), 2);
	assert_int_equal((int32_t)mnl_attr_get_u32(tb[NETNSA_NSID]), -1);
	expect_err("");
}

static void set_errors(void **state)
{
	struct nstrack_nl *nl = *state;

	/* an ack echoing the whole request, then capped ones */
	prime_set_request();
	add_error(new_batch(), -EEXIST, false,
		  "Peer netns already has a nsid assigned");
	add_error(new_batch(), -EEXIST, true,
		  "The specified nsid is already used");
	add_error(new_batch(), -EEXIST, true, NULL);
	add_error(new_batch(), -EPERM, true, "ignored");
	add_error(new_batch(), -EACCES, true, NULL);

	assert_int_equal(nstrack_nsid_set(nl, 9, 1, "set: blue"), -EEXIST);
	expect_err("nstrack: set: blue: Peer netns already has a nsid assigned\n");
	assert_int_equal(nstrack_nsid_set(nl, 9, 1, "set: blue"), -EEXIST);
	expect_err("nstrack: set: blue: The specified nsid is already used\n");
	assert_int_equal(nstrack_nsid_set(nl, 9, 1, "set: blue"), -EEXIST);
	expect_err("nstrack: set: blue: File exists\n");
	assert_int_equal(nstrack_nsid_set(nl, 9, 1, "set: blue"), -EPERM);
	expect_err("nstrack: set: blue: permission denied (CAP_NET_ADMIN is required)\n");
	assert_int_equal(nstrack_nsid_set(nl, 9, 1, "set: blue"), -EACCES);
	expect_err("nstrack: set: blue: permission denied (CAP_NET_ADMIN is required)\n");
}

static void dump(void **state)
{
	struct nstrack_nl *nl = *state;
	const struct nlattr *tb[NETNSA_MAX + 1] = { NULL };
	size_t b = new_batch();
	int32_t *v;
	size_t n;

	add_nsid(b, true, 3, NLM_F_MULTI);
	add_nsid(b, true, 0, NLM_F_MULTI);
	b = new_batch();
	add_nsid(b, true, 1, NLM_F_MULTI);
	add_done(b, 0, 0, NULL);
	add_done(new_batch(), 0, 0, NULL);

	assert_int_equal(nstrack_nsid_dump(nl, &v, &n), 0);
	assert_int_equal(sent()->nlmsg_type, RTM_GETNSID);
	assert_int_equal(sent()->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	assert_int_equal(req_attrs(sent(), tb), 0);
	assert_int_equal(n, 3);
	assert_int_equal(v[0], 0);
	assert_int_equal(v[1], 1);
	assert_int_equal(v[2], 3);
	free(v);

	/* none */
	assert_int_equal(nstrack_nsid_dump(nl, &v, &n), 0);
	assert_int_equal(n, 0);
	assert_null(v);
	expect_err("");
}

static void dump_errors(void **state)
{
	struct nstrack_nl *nl = *state;
	size_t b = new_batch();
	int32_t *v = (int32_t *)1;
	size_t n = 1;

	add_nsid(b, true, 3, NLM_F_MULTI);
	add_done(b, -EOPNOTSUPP, 0, NULL);
	b = new_batch();
	add_nsid(b, true, 3, NLM_F_MULTI);
	add_nsid(b, false, 3, NLM_F_MULTI);
	add_done(new_batch(), -EINVAL, 0, "Unknown attribute in dump request");

	assert_int_equal(nstrack_nsid_dump(nl, &v, &n), -EOPNOTSUPP);
	assert_null(v);
	assert_int_equal(n, 0);
	expect_err("nstrack: cannot list the nsids: Operation not supported\n");
	assert_int_equal(nstrack_nsid_dump(nl, &v, &n), -EBADMSG);
	expect_err("nstrack: cannot list the nsids: malformed reply from the kernel\n");
	assert_int_equal(nstrack_nsid_dump(nl, &v, &n), -EINVAL);
	expect_err("nstrack: cannot list the nsids: Unknown attribute in dump request\n");
}

/* ---- the commands ---- */

struct dir {
	char path[64];
};

static void make_dir(struct dir *d)
{
	strcpy(d->path, "/tmp/nstrack-nsid-XXXXXX");
	assert_non_null(mkdtemp(d->path));
}

static void remove_dir(struct dir *d)
{
	assert_int_equal(test_rmtree_mounts(d->path), 0);
}

static void set_command(void **state)
{
	struct nstrack_nl *nl = *state;
	const struct nlattr *tb[NETNSA_MAX + 1] = { NULL };
	char path[PATH_MAX], msg[PATH_MAX];
	struct dir d;

	make_dir(&d);
	add_error(new_batch(), 0, true, NULL);
	add_error(new_batch(), -EEXIST, true,
		  "The specified nsid is already used");

	/* no such name: nothing is sent */
	assert_int_equal(nstrack_set_run(nl, "blue", 3, d.path), 1);
	snprintf(msg, sizeof(msg),
		 "nstrack: set: blue: no such network namespace name under %s\n",
		 d.path);
	expect_err(msg);
	assert_int_equal(fk->nsent, 0);

	/* our own namespace, by a symlink */
	snprintf(path, sizeof(path), "%s/self", d.path);
	assert_int_equal(symlink("/proc/self/ns/net", path), 0);
	assert_int_equal(nstrack_set_run(nl, "self", 3, d.path), 0);
	expect_err("");
	assert_int_equal(fk->nsent, 1);
	assert_int_equal(req_attrs(sent(), tb), 2);
	assert_true(tb[NETNSA_FD] && tb[NETNSA_NSID]);
	assert_int_equal(mnl_attr_get_u32(tb[NETNSA_NSID]), 3);
	/* the descriptor sent was closed afterwards */
	assert_int_equal(fcntl((int)mnl_attr_get_u32(tb[NETNSA_FD]), F_GETFD),
			 -1);

	assert_int_equal(nstrack_set_run(nl, "self", 3, d.path), 1);
	expect_err("nstrack: set: self: The specified nsid is already used\n");
	remove_dir(&d);
}

static void listid_command(void **state)
{
	struct nstrack_nl *nl = *state;
	struct nstrack_opts text = { 0 }, json = { .json = true };
	struct dir d;
	struct out out;
	size_t b;
	int i;

	make_dir(&d);
	for (i = 0; i < 2; i++) {
		b = new_batch();
		add_nsid(b, true, 3, NLM_F_MULTI);
		add_nsid(b, true, 0, NLM_F_MULTI);
		add_done(b, 0, 0, NULL);
	}
	add_done(new_batch(), 0, 0, NULL);
	add_done(new_batch(), -EPERM, 0, NULL);

	out_open(&out);
	assert_int_equal(nstrack_listid_run(nl, &text, d.path, out.f), 0);
	assert_string_equal(out_text(&out), "nsid 0\nnsid 3\n");
	out_close(&out);

	out_open(&out);
	assert_int_equal(nstrack_listid_run(nl, &json, d.path, out.f), 0);
	assert_string_equal(out_text(&out),
			    "[{\"nsid\":0,\"names\":[]},{\"nsid\":3,\"names\":[]}]\n");
	out_close(&out);

	out_open(&out);
	assert_int_equal(nstrack_listid_run(nl, &json, d.path, out.f), 0);
	assert_string_equal(out_text(&out), "[]\n");
	out_close(&out);
	expect_err("");

	/* a failure prints nothing on the output */
	out_open(&out);
	assert_int_equal(nstrack_listid_run(nl, &json, d.path, out.f), 1);
	assert_string_equal(out_text(&out), "");
	out_close(&out);
	expect_err("nstrack: cannot list the nsids: permission denied (CAP_NET_ADMIN is required)\n");
	remove_dir(&d);
}

/*
 * Names: bind mounts of our own namespace file (root only), asked for
 * their nsid one by one in name order.
 */
static void listid_names(void **state)
{
	static const char *const names[] = { "a", "b", "c", "d" };
	struct nstrack_nl *nl = *state;
	struct nstrack_opts text = { 0 }, json = { .json = true };
	char path[PATH_MAX];
	struct out out;
	struct dir d;
	size_t b, i;
	int round;

	if (geteuid() != 0)
		skip();
	make_dir(&d);
	for (i = 0; i < 4; i++) {
		int fd;

		snprintf(path, sizeof(path), "%s/%s", d.path, names[i]);
		fd = open(path, O_CREAT | O_RDONLY, 0);
		assert_true(fd >= 0);
		close(fd);
		assert_int_equal(mount("/proc/self/ns/net", path, "none",
				       MS_BIND, NULL), 0);
	}
	/* not a bind mount: not a name */
	snprintf(path, sizeof(path), "%s/plain", d.path);
	assert_int_equal(symlink("/proc/self/ns/net", path), 0);

	for (round = 0; round < 2; round++) {
		b = new_batch();
		add_nsid(b, true, 0, NLM_F_MULTI);
		add_nsid(b, true, 2, NLM_F_MULTI);
		add_nsid(b, true, 5, NLM_F_MULTI);
		add_done(b, 0, 0, NULL);
		/* a: 2, b: none, c: 0, d: 2 */
		b = new_batch();
		add_nsid(b, true, 2, 0);
		add_error(b, 0, true, NULL);
		b = new_batch();
		add_nsid(b, true, NSTRACK_NSID_NONE, 0);
		add_error(b, 0, true, NULL);
		b = new_batch();
		add_nsid(b, true, 0, 0);
		add_error(b, 0, true, NULL);
		b = new_batch();
		add_nsid(b, true, 2, 0);
		add_error(b, 0, true, NULL);
	}

	out_open(&out);
	assert_int_equal(nstrack_listid_run(nl, &text, d.path, out.f), 0);
	assert_string_equal(out_text(&out),
			    "nsid 0 (iproute2 netns name: c)\n"
			    "nsid 2 (iproute2 netns name: a, d)\n"
			    "nsid 5\n");
	out_close(&out);
	assert_int_equal(fk->nsent, 5);
	for (i = 1; i < 5; i++)
		assert_int_equal(sent_nth((unsigned int)i)->nlmsg_type,
				 RTM_GETNSID);

	out_open(&out);
	assert_int_equal(nstrack_listid_run(nl, &json, d.path, out.f), 0);
	assert_string_equal(out_text(&out),
			    "[{\"nsid\":0,\"names\":[\"c\"]},"
			    "{\"nsid\":2,\"names\":[\"a\",\"d\"]},"
			    "{\"nsid\":5,\"names\":[]}]\n");
	out_close(&out);
	expect_err("");
	remove_dir(&d);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fake_setup, fake_teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_replies),
		T(get),
		T(get_errors),
		T(set),
		T(set_errors),
		T(dump),
		T(dump_errors),
		T(set_command),
		T(listid_command),
		T(listid_names),
	};
#undef T

	return cmocka_run_group_tests_name("nsid", tests, NULL, NULL);
}
