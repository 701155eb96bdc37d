// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: the netlink layer (user/nl.c) against a fake kernel that
 * answers with crafted batches of messages.
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
#include <linux/netlink.h>

#include "cmd.h"
#include "fake.h"
#include "nl.h"
#include "nsarg.h"
#include "testutil.h"

static void add_record(size_t b, uint64_t cookie, uint16_t flags)
{
	struct nstrack_netns ns;
	struct nlmsghdr *nlh;

	test_full_record(&ns);
	ns.cookie = cookie;
	nlh = test_put_record(batch_tail(b), &ns, 0, flags);
	batch_commit(b, nlh);
}

/* ---- collecting callbacks ---- */

struct got {
	uint64_t cookies[64];
	size_t n;
	unsigned int resets;
};

static int collect_cb(const struct nlmsghdr *nlh, void *data)
{
	struct got *g = data;
	struct nstrack_netns ns;

	if (nstrack_netns_parse(nlh, &ns) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	assert_true(g->n < 64);
	g->cookies[g->n++] = ns.cookie;
	return MNL_CB_OK;
}

static void collect_reset(void *data)
{
	struct got *g = data;

	g->n = 0;
	g->resets++;
}

/* ---- family resolution ---- */

static void add_family_reply(size_t b, uint16_t id)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(batch_tail(b));
	struct genlmsghdr *genl;

	nlh->nlmsg_type = GENL_ID_CTRL;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = CTRL_CMD_NEWFAMILY;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, NSTRACK_FAMILY_NAME);
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, id);
	mnl_attr_put_u32(nlh, CTRL_ATTR_VERSION, 1);
	mnl_attr_put_u32(nlh, CTRL_ATTR_HDRSIZE, 0);
	batch_commit(b, nlh);
}

static void family_found(void **state)
{
	struct nstrack_nl *nl = *state;
	struct genlmsghdr *genl;
	struct nlattr *attr;
	size_t b = new_batch();
	bool name_seen = false;

	add_family_reply(b, 0x2a);
	add_error(b, 0, true, NULL);		/* the ack */
	nl->family_id = 0;
	assert_int_equal(nstrack_nl_resolve_family(nl), 0);
	assert_int_equal(nl->family_id, 0x2a);
	assert_int_equal(nl->family_version, 1);
	assert_string_equal(test_err_text(), "");

	/* what was asked */
	assert_int_equal(sent()->nlmsg_type, GENL_ID_CTRL);
	assert_int_equal(sent()->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	genl = mnl_nlmsg_get_payload(sent());
	assert_int_equal(genl->cmd, CTRL_CMD_GETFAMILY);
	mnl_attr_for_each(attr, sent(), GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_NAME) {
			assert_string_equal(mnl_attr_get_str(attr), "nstrack");
			name_seen = true;
		}
	}
	assert_true(name_seen);

	/* requests then use the family id and protocol version */
	genl = mnl_nlmsg_get_payload(nstrack_nl_request(nl, NSTRACK_CMD_NETNS_GET));
	assert_int_equal(((struct nlmsghdr *)nl->tx)->nlmsg_type, 0x2a);
	assert_int_equal(genl->cmd, NSTRACK_CMD_NETNS_GET);
	assert_int_equal(genl->version, NSTRACK_FAMILY_VERSION);
}

static void family_missing(void **state)
{
	struct nstrack_nl *nl = *state;

	add_error(new_batch(), -ENOENT, true, "Generic Netlink Family not found");
	assert_int_equal(nstrack_nl_resolve_family(nl), -ENOENT);
	assert_string_equal(test_err_text(),
		"nstrack: kernel module not loaded (load it with: sudo modprobe nstrack)\n");
}

static void family_reply_without_id(void **state)
{
	struct nstrack_nl *nl = *state;
	size_t b = new_batch();
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(batch_tail(b));
	struct genlmsghdr *genl;

	nlh->nlmsg_type = GENL_ID_CTRL;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = CTRL_CMD_NEWFAMILY;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, NSTRACK_FAMILY_NAME);
	batch_commit(b, nlh);
	add_error(b, 0, true, NULL);
	assert_int_equal(nstrack_nl_resolve_family(nl), -EBADMSG);
	assert_non_null(strstr(test_err_text(), "malformed reply"));
}

/* ---- do requests ---- */

static struct nlmsghdr *show_request(struct nstrack_nl *nl, uint16_t kind,
				     uint64_t value)
{
	struct nstrack_selector sel = { kind, value };
	struct nlmsghdr *req = nstrack_nl_request(nl, NSTRACK_CMD_NETNS_GET);

	nstrack_selector_put(req, &sel);
	/* make the request known to add_error() before it is sent */
	memcpy(fk->req.b, req, req->nlmsg_len);
	return req;
}

static void doit_reply(void **state)
{
	struct nstrack_nl *nl = *state;
	struct nlmsghdr *req = show_request(nl, NSTRACK_A_NETNS_COOKIE, 77);
	struct got g = { 0 };
	size_t b;

	/* the reply and the ack may come in separate reads */
	add_record(new_batch(), 77, 0);
	b = new_batch();
	add_error(b, 0, true, NULL);
	assert_int_equal(nstrack_nl_doit(nl, req, collect_cb, &g, "cookie:77"), 0);
	assert_int_equal(g.n, 1);
	assert_true(g.cookies[0] == 77);
	assert_string_equal(test_err_text(), "");
	assert_int_equal(sent()->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	assert_int_equal(sent()->nlmsg_type, TEST_FAMILY_ID);
	assert_int_equal(fk->nsent, 1);
	assert_int_equal(fk->next, 2);
}

static void doit_error(struct nstrack_nl *nl, int error, bool capped,
		       const char *extack, const char *expect)
{
	struct nlmsghdr *req = show_request(nl, NSTRACK_A_NETNS_PID, 5);
	struct got g = { 0 };

	fk->nbatches = fk->next = 0;
	add_error(new_batch(), error, capped, extack);
	test_err_start();
	assert_int_equal(nstrack_nl_doit(nl, req, collect_cb, &g, "blue"),
			 error < 0 ? error : -error);
	assert_string_equal(test_err_text(), expect);
	assert_int_equal(g.n, 0);
}

static void doit_errors(void **state)
{
	struct nstrack_nl *nl = *state;

	doit_error(nl, -ENOENT, true, NULL, "nstrack: no such namespace: blue\n");
	/* ENOENT wins over the kernel's text */
	doit_error(nl, -ENOENT, true, "no namespace with this cookie",
		   "nstrack: no such namespace: blue\n");
	doit_error(nl, -EPERM, true, NULL,
		   "nstrack: permission denied (CAP_NET_ADMIN is required)\n");
	doit_error(nl, -EPERM, false, "whatever",
		   "nstrack: permission denied (CAP_NET_ADMIN is required)\n");
	/* the extack message, capped ack or whole request echoed */
	doit_error(nl, -EINVAL, true, "exactly one selector attribute is required",
		   "nstrack: exactly one selector attribute is required\n");
	doit_error(nl, -EINVAL, false, "exactly one selector attribute is required",
		   "nstrack: exactly one selector attribute is required\n");
	/* kernel text with a newline stays one line */
	doit_error(nl, -EINVAL, true, "two\nlines", "nstrack: two?lines\n");
	/* no extack: strerror */
	doit_error(nl, -ESRCH, true, NULL, "nstrack: blue: No such process\n");
	/* positive error codes are understood too */
	doit_error(nl, EBADF, true, NULL, "nstrack: blue: Bad file descriptor\n");
}

static void doit_malformed_reply(void **state)
{
	struct nstrack_nl *nl = *state;
	struct nlmsghdr *req = show_request(nl, NSTRACK_A_NETNS_INODE, 1);
	struct got g = { 0 };
	size_t b = new_batch();
	struct nstrack_netns ns;
	struct nlmsghdr *nlh;

	test_full_record(&ns);
	nlh = test_put_record(batch_tail(b), &ns, OMIT(NSTRACK_A_NETNS_COOKIE), 0);
	batch_commit(b, nlh);
	add_error(b, 0, true, NULL);
	assert_int_equal(nstrack_nl_doit(nl, req, collect_cb, &g, "inode:1"),
			 -EBADMSG);
	assert_string_equal(test_err_text(),
			    "nstrack: inode:1: malformed reply from the kernel\n");
}

static void doit_without_reply(void **state)
{
	struct nstrack_nl *nl = *state;
	struct nlmsghdr *req = show_request(nl, NSTRACK_A_NETNS_INODE, 1);
	struct got g = { 0 };

	add_error(new_batch(), 0, true, NULL);
	assert_int_equal(nstrack_nl_doit(nl, req, collect_cb, &g, "inode:1"),
			 -ENODATA);
	assert_string_equal(test_err_text(),
			    "nstrack: inode:1: no reply from the kernel\n");
}

static void doit_transport_errors(void **state)
{
	struct nstrack_nl *nl = *state;
	struct nlmsghdr *req = show_request(nl, NSTRACK_A_NETNS_INODE, 1);
	struct got g = { 0 };
	size_t b;

	/* recv fails */
	fk->recv_errno = ENOBUFS;
	assert_int_equal(nstrack_nl_doit(nl, req, collect_cb, &g, "inode:1"),
			 -ENOBUFS);
	assert_string_equal(test_err_text(),
			    "nstrack: inode:1: No buffer space available\n");
	fk->recv_errno = 0;

	/* half a message at the end of a read */
	test_err_start();
	b = new_batch();
	add_record(b, 1, 0);
	fk->len[b] -= 10;
	assert_int_equal(nstrack_nl_doit(nl, req, collect_cb, &g, "inode:1"),
			 -EBADMSG);
	assert_non_null(strstr(test_err_text(), "malformed reply"));

	/* a reply of another family */
	test_err_start();
	fk->nbatches = fk->next = 0;
	b = new_batch();
	add_record(b, 1, 0);
	((struct nlmsghdr *)fk->batch[b].b)->nlmsg_type = TEST_FAMILY_ID + 1;
	assert_int_equal(nstrack_nl_doit(nl, req, collect_cb, &g, "inode:1"),
			 -EPROTO);
	assert_string_equal(test_err_text(), "nstrack: inode:1: Protocol error\n");

	/* a reply to another request (sequence number) */
	test_err_start();
	fk->nbatches = fk->next = 0;
	b = new_batch();
	add_record(b, 1, 0);
	((struct nlmsghdr *)fk->batch[b].b)->nlmsg_seq = nl->seq + 100;
	assert_int_equal(nstrack_nl_doit(nl, req, collect_cb, &g, "inode:1"),
			 -EPROTO);
}

/* ---- dumps ---- */

static struct nlmsghdr *dump_request(struct nstrack_nl *nl)
{
	return nstrack_nl_request(nl, NSTRACK_CMD_NETNS_GET);
}

static void dump_plain(void **state)
{
	struct nstrack_nl *nl = *state;
	struct got g = { 0 };
	size_t b;

	b = new_batch();
	add_record(b, 1, NLM_F_MULTI);
	add_record(b, 2, NLM_F_MULTI);
	b = new_batch();
	add_record(b, 3, NLM_F_MULTI);
	add_done(b, 0, 0, NULL);
	assert_int_equal(nstrack_nl_dump(nl, dump_request(nl), collect_cb,
					 collect_reset, &g, "listing"), 0);
	assert_int_equal(g.n, 3);
	assert_true(g.cookies[0] == 1 && g.cookies[1] == 2 && g.cookies[2] == 3);
	assert_int_equal(g.resets, 0);
	assert_int_equal(nl->dump_attempts, 1);
	assert_int_equal(sent()->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	/* a dump request has no attributes */
	assert_int_equal(sent()->nlmsg_len, MNL_NLMSG_HDRLEN + GENL_HDRLEN);
	assert_string_equal(test_err_text(), "");
}

static void dump_empty(void **state)
{
	struct nstrack_nl *nl = *state;
	struct got g = { 0 };

	add_done(new_batch(), 0, 0, NULL);
	assert_int_equal(nstrack_nl_dump(nl, dump_request(nl), collect_cb,
					 collect_reset, &g, "listing"), 0);
	assert_int_equal(g.n, 0);
}

static void dump_interrupted_once(void **state)
{
	struct nstrack_nl *nl = *state;
	struct got g = { 0 };
	size_t b;

	/* first run: the registry changed under the dump */
	b = new_batch();
	add_record(b, 1, NLM_F_MULTI);
	add_record(b, 2, NLM_F_MULTI | NLM_F_DUMP_INTR);
	b = new_batch();
	add_record(b, 9, NLM_F_MULTI | NLM_F_DUMP_INTR);
	add_done(b, 0, NLM_F_DUMP_INTR, NULL);
	/* second run: consistent */
	b = new_batch();
	add_record(b, 1, NLM_F_MULTI);
	add_record(b, 3, NLM_F_MULTI);
	add_done(b, 0, 0, NULL);

	assert_int_equal(nstrack_nl_dump(nl, dump_request(nl), collect_cb,
					 collect_reset, &g, "listing"), 0);
	assert_int_equal(g.resets, 1);
	assert_int_equal(g.n, 2);
	assert_true(g.cookies[0] == 1 && g.cookies[1] == 3);
	assert_int_equal(nl->dump_attempts, 2);
	assert_int_equal(fk->nsent, 2);
	assert_int_equal(fk->next, fk->nbatches);
	assert_string_equal(test_err_text(), "");
}

static void dump_interrupted_only_in_done(void **state)
{
	struct nstrack_nl *nl = *state;
	struct got g = { 0 };
	size_t b;

	b = new_batch();
	add_record(b, 1, NLM_F_MULTI);
	add_done(b, 0, NLM_F_DUMP_INTR, NULL);
	b = new_batch();
	add_record(b, 4, NLM_F_MULTI);
	add_done(b, 0, 0, NULL);
	assert_int_equal(nstrack_nl_dump(nl, dump_request(nl), collect_cb,
					 collect_reset, &g, "listing"), 0);
	assert_int_equal(nl->dump_attempts, 2);
	assert_int_equal(g.n, 1);
	assert_true(g.cookies[0] == 4);
}

static void dump_always_interrupted(void **state)
{
	struct nstrack_nl *nl = *state;
	struct got g = { 0 };
	unsigned int i;
	size_t b;

	for (i = 0; i < 1 + NSTRACK_DUMP_RETRIES; i++) {
		b = new_batch();
		add_record(b, 100 + i, NLM_F_MULTI | NLM_F_DUMP_INTR);
		add_record(b, 200 + i, NLM_F_MULTI | NLM_F_DUMP_INTR);
		add_done(b, 0, NLM_F_DUMP_INTR, NULL);
	}
	assert_int_equal(nstrack_nl_dump(nl, dump_request(nl), collect_cb,
					 collect_reset, &g, "listing"), 0);
	assert_int_equal(nl->dump_attempts, 1 + NSTRACK_DUMP_RETRIES);
	assert_int_equal(fk->nsent, 1 + NSTRACK_DUMP_RETRIES);
	assert_int_equal(g.resets, NSTRACK_DUMP_RETRIES);
	/* the last result is kept */
	assert_int_equal(g.n, 2);
	assert_true(g.cookies[0] == 100 + NSTRACK_DUMP_RETRIES);
	assert_true(g.cookies[1] == 200 + NSTRACK_DUMP_RETRIES);
	assert_string_equal(test_err_text(),
		"nstrack: warning: namespaces kept changing during the dump (6 attempts); the result may be inconsistent\n");
}

static void dump_errors(void **state)
{
	struct nstrack_nl *nl = *state;
	struct got g = { 0 };
	size_t b;

	/* refused up front */
	memcpy(fk->req.b, dump_request(nl), MNL_NLMSG_HDRLEN + GENL_HDRLEN);
	add_error(new_batch(), -EPERM, true, NULL);
	assert_int_equal(nstrack_nl_dump(nl, dump_request(nl), collect_cb,
					 collect_reset, &g, "listing"), -EPERM);
	assert_string_equal(test_err_text(),
		"nstrack: permission denied (CAP_NET_ADMIN is required)\n");

	/* failing half-way: the status in NLMSG_DONE, with extack */
	test_err_start();
	b = new_batch();
	add_record(b, 1, NLM_F_MULTI);
	add_done(b, -EMSGSIZE, 0, "record too big");
	assert_int_equal(nstrack_nl_dump(nl, dump_request(nl), collect_cb,
					 collect_reset, &g, "listing"),
			 -EMSGSIZE);
	assert_string_equal(test_err_text(), "nstrack: record too big\n");

	/*
	 * ... and without; ENOENT is not "no such namespace" for a dump but
	 * the family gone, and EPROTONOSUPPORT the module going away
	 */
	test_err_start();
	add_done(new_batch(), -ENOENT, 0, NULL);
	assert_int_equal(nstrack_nl_dump(nl, dump_request(nl), collect_cb,
					 collect_reset, &g, "listing"), -ENOENT);
	assert_string_equal(test_err_text(),
			    "nstrack: kernel module not loaded (load it with: sudo modprobe nstrack)\n");
	test_err_start();
	add_done(new_batch(), -EPROTONOSUPPORT, 0, NULL);
	assert_int_equal(nstrack_nl_dump(nl, dump_request(nl), collect_cb,
					 collect_reset, &g, "listing"),
			 -EPROTONOSUPPORT);
	assert_string_equal(test_err_text(),
			    "nstrack: kernel module not loaded (load it with: sudo modprobe nstrack)\n");

	/* a malformed record fails the whole dump */
	test_err_start();
	b = new_batch();
	add_record(b, 1, NLM_F_MULTI);
	{
		struct nstrack_netns ns;
		struct nlmsghdr *nlh;

		test_full_record(&ns);
		nlh = test_put_record(batch_tail(b), &ns,
				      OMIT(NSTRACK_A_NETNS_STATE), NLM_F_MULTI);
		batch_commit(b, nlh);
	}
	add_done(b, 0, 0, NULL);
	assert_int_equal(nstrack_nl_dump(nl, dump_request(nl), collect_cb,
					 collect_reset, &g, "listing"),
			 -EBADMSG);
	assert_string_equal(test_err_text(),
			    "nstrack: listing: malformed reply from the kernel\n");
}

static int nomem_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	errno = ENOMEM;
	return MNL_CB_ERROR;
}

static void callback_errno_kept(void **state)
{
	struct nstrack_nl *nl = *state;
	size_t b = new_batch();

	add_record(b, 1, NLM_F_MULTI);
	add_done(b, 0, 0, NULL);
	assert_int_equal(nstrack_nl_dump(nl, dump_request(nl), nomem_cb, NULL,
					 NULL, "listing"), -ENOMEM);
	assert_string_equal(test_err_text(),
			    "nstrack: listing: Cannot allocate memory\n");
}

static void open_without_module(void **state)
{
	struct nstrack_nl real;
	int err;

	(void)state;
	/*
	 * Against the real kernel: here the module is never loaded; where
	 * it is (the VM), opening must simply work.
	 */
	err = nstrack_nl_open(&real);
	if (err == 0) {
		assert_true(real.family_id != 0);
		assert_string_equal(test_err_text(), "");
		nstrack_nl_close(&real);
	} else if (err == -ENOENT) {
		assert_string_equal(test_err_text(),
			"nstrack: kernel module not loaded (load it with: sudo modprobe nstrack)\n");
	} else {
		/* no generic netlink at all in this sandbox */
		assert_non_null(strstr(test_err_text(), "nstrack: "));
	}
	assert_null(real.rx);
}

/* ---- multicast groups of the family ---- */

struct mcgrp {
	const char *name;	/* NULL: no NAME attribute */
	uint32_t id;		/* 0: no ID attribute */
};

/* a CTRL_CMD_NEWFAMILY reply as the kernel builds it, with these groups */
static struct nlmsghdr *add_family_reply_groups(size_t b, uint16_t id,
						const struct mcgrp *g,
						size_t n)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(batch_tail(b));
	struct nlattr *groups, *one, *ops;
	struct genlmsghdr *genl;
	size_t i;

	nlh->nlmsg_type = GENL_ID_CTRL;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = CTRL_CMD_NEWFAMILY;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, NSTRACK_FAMILY_NAME);
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, id);
	mnl_attr_put_u32(nlh, CTRL_ATTR_VERSION, 1);
	mnl_attr_put_u32(nlh, CTRL_ATTR_HDRSIZE, 0);
	mnl_attr_put_u32(nlh, CTRL_ATTR_MAXATTR, NSTRACK_A_NETNS_MAX);
	ops = mnl_attr_nest_start(nlh, CTRL_ATTR_OPS);
	one = mnl_attr_nest_start(nlh, 1);
	mnl_attr_put_u32(nlh, CTRL_ATTR_OP_ID, NSTRACK_CMD_NETNS_GET);
	mnl_attr_put_u32(nlh, CTRL_ATTR_OP_FLAGS, 0);
	mnl_attr_nest_end(nlh, one);
	mnl_attr_nest_end(nlh, ops);
	if (g) {
		groups = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
		for (i = 0; i < n; i++) {
			one = mnl_attr_nest_start(nlh, (uint16_t)(i + 1));
			if (g[i].id)
				mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID,
						 g[i].id);
			if (g[i].name)
				mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME,
						  g[i].name);
			mnl_attr_nest_end(nlh, one);
		}
		mnl_attr_nest_end(nlh, groups);
	}
	batch_commit(b, nlh);
	return nlh;
}

/* resolve against one reply with these groups; the status */
static int resolve_with_groups(struct nstrack_nl *nl, const struct mcgrp *g,
			       size_t n)
{
	size_t b;

	fk->nbatches = fk->next = 0;
	b = new_batch();
	add_family_reply_groups(b, 0x2b, g, n);
	add_error(b, 0, true, NULL);
	nl->events_group = 0xdead;
	test_err_start();
	return nstrack_nl_resolve_family(nl);
}

static void family_events_group(void **state)
{
	static const struct mcgrp both[] = { { "other", 3 }, { "events", 7 } };
	static const struct mcgrp first[] = {
		{ "events", 0x10002 }, { "events2", 9 },
	};
	static const struct mcgrp others[] = {
		{ "event", 4 }, { "events2", 5 }, { "EVENTS", 6 }, { "", 8 },
	};
	/* a group without an id, or without a name, is not the one */
	static const struct mcgrp incomplete[] = {
		{ "events", 0 }, { NULL, 12 },
	};
	struct nstrack_nl *nl = *state;

	(void)state;
	assert_int_equal(resolve_with_groups(nl, both, 2), 0);
	assert_int_equal(nl->family_id, 0x2b);
	assert_int_equal(nl->events_group, 7);
	assert_string_equal(test_err_text(), "");

	assert_int_equal(resolve_with_groups(nl, first, 2), 0);
	assert_int_equal(nl->events_group, 0x10002);

	assert_int_equal(resolve_with_groups(nl, others, 4), 0);
	assert_int_equal(nl->events_group, 0);
	assert_string_equal(test_err_text(), "");

	assert_int_equal(resolve_with_groups(nl, incomplete, 2), 0);
	assert_int_equal(nl->events_group, 0);

	/* an empty list, and none at all (an older module) */
	assert_int_equal(resolve_with_groups(nl, others, 0), 0);
	assert_int_equal(nl->events_group, 0);
	assert_int_equal(resolve_with_groups(nl, NULL, 0), 0);
	assert_int_equal(nl->family_id, 0x2b);
	assert_int_equal(nl->events_group, 0);
	assert_string_equal(test_err_text(), "");
}

static void family_malformed_groups(void **state)
{
	struct nstrack_nl *nl = *state;
	static const char *const malformed =
		"nstrack: resolving the nstrack netlink family: malformed reply from the kernel\n";
	struct nlmsghdr *nlh;
	struct nlattr *groups, *one;
	size_t b, i;

	for (i = 0; i < 5; i++) {
		fk->nbatches = fk->next = 0;
		b = new_batch();
		nlh = add_family_reply_groups(b, 0x2b, NULL, 0);
		if (i == 4) {
			/* the list itself: too short to be a nest */
			mnl_attr_put(nlh, CTRL_ATTR_MCAST_GROUPS, 2, "xy");
			goto built;
		}
		groups = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
		if (i == 3) {
			/* a group too short to be a nest */
			mnl_attr_put(nlh, 1, 2, "xy");
			mnl_attr_nest_end(nlh, groups);
			goto built;
		}
		one = mnl_attr_nest_start(nlh, 1);
		switch (i) {
		case 0:	/* an id of the wrong size */
			mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, "events");
			mnl_attr_put_u16(nlh, CTRL_ATTR_MCAST_GRP_ID, 7);
			break;
		case 1:	/* a name without its NUL */
			mnl_attr_put(nlh, CTRL_ATTR_MCAST_GRP_NAME, 6, "events");
			mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, 7);
			break;
		case 2:	/* another group's bad id, before a good events */
			mnl_attr_put(nlh, CTRL_ATTR_MCAST_GRP_ID, 8, "12345678");
			break;
		}
		mnl_attr_nest_end(nlh, one);
		one = mnl_attr_nest_start(nlh, 2);
		mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, "events");
		mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, 7);
		mnl_attr_nest_end(nlh, one);
		mnl_attr_nest_end(nlh, groups);
built:
		fk->len[b] = MNL_ALIGN(nlh->nlmsg_len);
		add_error(b, 0, true, NULL);
		test_err_start();
		if (nstrack_nl_resolve_family(nl) != -EBADMSG)
			fail_msg("malformed group list %zu accepted", i);
		assert_string_equal(test_err_text(), malformed);
	}
}

static void events_open_without_group(void **state)
{
	struct nstrack_nl *nl = *state;

	nl->events_group = 0;
	assert_null(nstrack_nl_events_open(nl, 1 << 20));
	assert_string_equal(test_err_text(),
		"nstrack: the loaded nstrack module has no 'events' multicast group (module older than the tool?)\n");
}

/* ---- one-attempt dumps ---- */

/* an interrupted run (1, 2), then a consistent one (1, 3) */
static void add_interrupted_then_clean(void)
{
	size_t b;

	fk->nbatches = fk->next = 0;
	b = new_batch();
	add_record(b, 1, NLM_F_MULTI);
	add_record(b, 2, NLM_F_MULTI | NLM_F_DUMP_INTR);
	add_done(b, 0, NLM_F_DUMP_INTR, NULL);
	b = new_batch();
	add_record(b, 1, NLM_F_MULTI);
	add_record(b, 3, NLM_F_MULTI);
	add_done(b, 0, 0, NULL);
}

static void dump_once_not_retried(void **state)
{
	struct nstrack_nl *nl = *state;
	struct got g = { 0 };

	add_interrupted_then_clean();
	assert_int_equal(nstrack_nl_dump_once(nl, dump_request(nl), collect_cb,
					      &g, "reading"), 0);
	/* what the one attempt saw, flag or not; no warning */
	assert_int_equal(g.n, 2);
	assert_true(g.cookies[0] == 1 && g.cookies[1] == 2);
	assert_int_equal(nl->dump_attempts, 1);
	assert_int_equal(fk->nsent, 1);
	assert_int_equal(fk->next, 1);
	assert_int_equal(sent()->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	assert_string_equal(test_err_text(), "");

	/* the same replies to nstrack_nl_dump(): run again */
	add_interrupted_then_clean();
	g = (struct got){ 0 };
	assert_int_equal(nstrack_nl_dump(nl, dump_request(nl), collect_cb,
					 collect_reset, &g, "reading"), 0);
	assert_int_equal(nl->dump_attempts, 2);
	assert_int_equal(g.resets, 1);
	assert_int_equal(g.n, 2);
	assert_true(g.cookies[0] == 1 && g.cookies[1] == 3);
	assert_int_equal(fk->nsent, 3);
	assert_string_equal(test_err_text(), "");

	/* a failure is reported once, like any dump */
	fk->nbatches = fk->next = 0;
	add_done(new_batch(), -EPERM, 0, NULL);
	assert_int_equal(nstrack_nl_dump_once(nl, dump_request(nl), collect_cb,
					      &g, "reading"), -EPERM);
	assert_string_equal(test_err_text(),
		"nstrack: permission denied (CAP_NET_ADMIN is required)\n");
	assert_int_equal(nl->dump_attempts, 1);
}

/* ---- the list and show commands over the fake kernel ---- */

#define NO_NAMES "/nonexistent/nstrack-test-netns"

static void add_preexisting(size_t b, uint64_t cookie, uint16_t flags)
{
	struct nstrack_netns ns;
	struct nlmsghdr *nlh;

	memset(&ns, 0, sizeof(ns));
	ns.serial = cookie;
	ns.cookie = cookie;
	ns.inode = 4026531840u;
	ns.has_owner_uid = ns.has_owner_userns = true;
	ns.owner_userns = 4026531837u;
	ns.state = NSTRACK_NETNS_STATE_ALIVE;
	ns.flags = NSTRACK_NETNS_F_PREEXISTING;
	nlh = test_put_record(batch_tail(b), &ns, 0, flags);
	batch_commit(b, nlh);
}

/* does the line starting at t end with suffix (before its newline)? */
static bool line_ends_with(const char *t, const char *suffix)
{
	const char *nl = strchr(t, '\n');
	size_t n = strlen(suffix);

	return nl && (size_t)(nl - t) >= n && !strncmp(nl - n, suffix, n);
}

static void list_command_text(void **state)
{
	struct nstrack_nl *nl = *state;
	struct nstrack_opts o = { 0 };
	struct out out;
	const char *t;
	size_t b;

	b = new_batch();
	add_preexisting(b, 1, NLM_F_MULTI);
	add_record(b, 4097, NLM_F_MULTI);
	add_done(b, 0, 0, NULL);
	out_open(&out);
	assert_int_equal(nstrack_list_run(nl, &o, NO_NAMES, out.f), 0);
	t = out_text(&out);
	/* AGE depends on this machine's uptime: compare around it */
	assert_true(!strncmp(t, "INODE       COOKIE  NSID  NAMES  OWNER  AGE", 42));
	t = strchr(t, '\n') + 1;
	assert_true(!strncmp(t, "4026531840  1       -     -      0      ?  ", 42));
	assert_true(line_ends_with(t, "  -             -        -           alive"));
	t = strchr(t, '\n') + 1;
	assert_true(!strncmp(t, "4026532281  4097    -7    -      1000   ", 40));
	assert_true(line_ends_with(t, "  4242/unshare  3        2147483705  dead"));
	assert_string_equal(strchr(t, '\n'), "\n");
	assert_string_equal(test_err_text(), "");
	out_close(&out);
}

static void list_command_json_after_retry(void **state)
{
	struct nstrack_nl *nl = *state;
	struct nstrack_opts o = { .json = true };
	json_t *arr;
	struct out out;
	size_t b;

	b = new_batch();
	add_record(b, 7, NLM_F_MULTI | NLM_F_DUMP_INTR);
	add_done(b, 0, NLM_F_DUMP_INTR, NULL);
	b = new_batch();
	add_preexisting(b, 1, NLM_F_MULTI);
	add_record(b, 8, NLM_F_MULTI);
	add_done(b, 0, 0, NULL);
	out_open(&out);
	assert_int_equal(nstrack_list_run(nl, &o, NO_NAMES, out.f), 0);
	arr = json_loads(out_text(&out), 0, NULL);
	assert_non_null(arr);
	assert_int_equal(json_array_size(arr), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(arr, 0),
							    "cookie")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(arr, 1),
							    "cookie")), 8);
	assert_true(json_is_null(json_object_get(json_array_get(arr, 0),
						 "creator")));
	/* the device count: a number when sent, null when not (old module) */
	assert_true(json_is_null(json_object_get(json_array_get(arr, 0),
						 "devices")));
	assert_true(json_is_integer(json_object_get(json_array_get(arr, 1),
						    "devices")));
	assert_int_equal(json_integer_value(json_object_get(json_array_get(arr, 1),
							    "devices")), 3);
	/* the socket total likewise (dead namespaces have none either) */
	assert_true(json_is_null(json_object_get(json_array_get(arr, 0),
						 "sockets")));
	assert_true(json_is_integer(json_object_get(json_array_get(arr, 1),
						    "sockets")));
	assert_true(json_integer_value(json_object_get(json_array_get(arr, 1),
						       "sockets")) == 0x80000039LL);
	json_decref(arr);
	assert_string_equal(test_err_text(), "");
	out_close(&out);
}

static void list_command_empty(void **state)
{
	struct nstrack_nl *nl = *state;
	struct nstrack_opts o = { .json = true, .pretty = true };
	struct out out;

	add_done(new_batch(), 0, 0, NULL);
	out_open(&out);
	assert_int_equal(nstrack_list_run(nl, &o, NO_NAMES, out.f), 0);
	assert_string_equal(out_text(&out), "[]\n");
	out_close(&out);
}

static void list_command_failures_print_nothing(void **state)
{
	struct nstrack_nl *nl = *state;
	struct nstrack_opts o = { .json = true };
	struct out out;
	size_t b;

	/* refused */
	add_error(new_batch(), -EPERM, true, NULL);
	out_open(&out);
	assert_int_equal(nstrack_list_run(nl, &o, NO_NAMES, out.f), 1);
	assert_string_equal(out_text(&out), "");
	assert_string_equal(test_err_text(),
		"nstrack: permission denied (CAP_NET_ADMIN is required)\n");
	out_close(&out);

	/* a malformed record after good ones */
	test_err_start();
	b = new_batch();
	add_record(b, 1, NLM_F_MULTI);
	add_record(b, 2, NLM_F_MULTI);
	/*
	 * the length of the last attribute, in the SOCKETS nest at the end
	 * (TCP_TIME_WAIT, a u32: 8 bytes): it now overruns the nest
	 */
	fk->batch[b].b[fk->len[b] - 8] = 99;
	add_done(b, 0, 0, NULL);
	out_open(&out);
	assert_int_equal(nstrack_list_run(nl, &o, NO_NAMES, out.f), 1);
	assert_string_equal(out_text(&out), "");
	assert_string_equal(test_err_text(),
		"nstrack: cannot list namespaces: malformed reply from the kernel\n");
	out_close(&out);
}

static void show_command(void **state)
{
	struct nstrack_nl *nl = *state;
	struct nstrack_selector sel = { NSTRACK_A_NETNS_COOKIE, 4097 };
	struct nstrack_opts o = { 0 };
	struct nlattr *attr;
	struct out out;
	json_t *obj;
	size_t b;

	b = new_batch();
	add_record(b, 4097, 0);
	add_error(b, 0, true, NULL);
	out_open(&out);
	assert_int_equal(nstrack_show_run(nl, &o, &sel, "cookie:4097", false, NO_NAMES,
					  out.f), 0);
	assert_true(!strncmp(out_text(&out), "cookie:    4097\ninode:     4026532281\n", 38));
	assert_non_null(strstr(out_text(&out), "\nteardown:  12.345ms\n"));
	assert_non_null(strstr(out_text(&out), "\nstate:     dead\ndevices:   3\n"
			       "sockets:   2147483705 (2 in TCP TIME_WAIT)\n"));
	out_close(&out);
	/* the request carried exactly the selector */
	b = 0;
	mnl_attr_for_each(attr, sent(), GENL_HDRLEN) {
		assert_int_equal(mnl_attr_get_type(attr), NSTRACK_A_NETNS_COOKIE);
		assert_true(mnl_attr_get_u64(attr) == 4097);
		b++;
	}
	assert_int_equal(b, 1);

	/* JSON: one object, not an array */
	o.json = true;
	b = new_batch();
	add_record(b, 4097, 0);
	add_error(b, 0, true, NULL);
	out_open(&out);
	assert_int_equal(nstrack_show_run(nl, &o, &sel, "cookie:4097", false, NO_NAMES,
					  out.f), 0);
	obj = json_loads(out_text(&out), 0, NULL);
	assert_true(json_is_object(obj));
	assert_int_equal(json_integer_value(json_object_get(obj, "cookie")), 4097);
	assert_true(json_is_integer(json_object_get(obj, "devices")));
	assert_int_equal(json_integer_value(json_object_get(obj, "devices")), 3);
	assert_true(json_is_integer(json_object_get(obj, "sockets")));
	assert_true(json_integer_value(json_object_get(obj, "sockets")) ==
		    0x80000039LL);
	json_decref(obj);
	out_close(&out);

	/* a namespace without counts: null, and '-' in text */
	b = new_batch();
	add_preexisting(b, 1, 0);
	add_error(b, 0, true, NULL);
	out_open(&out);
	assert_int_equal(nstrack_show_run(nl, &o, &sel, "cookie:1", false, NO_NAMES,
					  out.f), 0);
	obj = json_loads(out_text(&out), 0, NULL);
	assert_true(json_is_object(obj));
	assert_true(json_is_null(json_object_get(obj, "sockets")));
	json_decref(obj);
	out_close(&out);
	o.json = false;
	b = new_batch();
	add_preexisting(b, 1, 0);
	add_error(b, 0, true, NULL);
	out_open(&out);
	assert_int_equal(nstrack_show_run(nl, &o, &sel, "cookie:1", false, NO_NAMES,
					  out.f), 0);
	assert_non_null(strstr(out_text(&out), "\ndevices:   -\nsockets:   -\n"));
	out_close(&out);
	assert_string_equal(test_err_text(), "");
}

static void show_command_keeps_first_reply(void **state)
{
	struct nstrack_nl *nl = *state;
	struct nstrack_selector sel = { NSTRACK_A_NETNS_INODE, 4026532281u };
	struct nstrack_opts o = { .json = true };
	struct out out;
	json_t *obj;
	size_t b;

	/* one reply is expected; a second one must not replace it */
	b = new_batch();
	add_record(b, 11, 0);
	add_record(b, 22, 0);
	add_error(b, 0, true, NULL);
	out_open(&out);
	assert_int_equal(nstrack_show_run(nl, &o, &sel, "inode:4026532281", false,
					  NO_NAMES, out.f), 0);
	obj = json_loads(out_text(&out), 0, NULL);
	assert_int_equal(json_integer_value(json_object_get(obj, "cookie")), 11);
	json_decref(obj);
	out_close(&out);
}

static void show_command_not_found(void **state)
{
	struct nstrack_nl *nl = *state;
	struct nstrack_selector sel = { NSTRACK_A_NETNS_INODE, 5 };
	struct nstrack_opts o = { .json = true };
	struct out out;

	add_error(new_batch(), -ENOENT, true, NULL);
	out_open(&out);
	assert_int_equal(nstrack_show_run(nl, &o, &sel, "blue", false, NO_NAMES, out.f),
			 1);
	assert_string_equal(out_text(&out), "");
	assert_string_equal(test_err_text(), "nstrack: no such namespace: blue\n");
	out_close(&out);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fake_setup, fake_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(family_found),
		T(family_missing),
		T(family_reply_without_id),
		T(doit_reply),
		T(doit_errors),
		T(doit_malformed_reply),
		T(doit_without_reply),
		T(doit_transport_errors),
		T(dump_plain),
		T(dump_empty),
		T(dump_interrupted_once),
		T(dump_interrupted_only_in_done),
		T(dump_always_interrupted),
		T(dump_errors),
		T(callback_errno_kept),
		T(open_without_module),
		T(family_events_group),
		T(family_malformed_groups),
		T(events_open_without_group),
		T(dump_once_not_retried),
		T(list_command_text),
		T(list_command_json_after_retry),
		T(list_command_empty),
		T(list_command_failures_print_nothing),
		T(show_command),
		T(show_command_keeps_first_reply),
		T(show_command_not_found),
	};

	return cmocka_run_group_tests_name("nl", tests, NULL, NULL);
}
