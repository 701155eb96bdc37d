// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: the error paths of connect and disconnect
 * (user/cmd_connect.c).  The rtnetlink handles connect opens are served by
 * a small fake kernel of this file that keeps the links of the host and
 * of the namespace (create, delete, set master, alias), answers lookups
 * and dumps, and fails the change (or lookup) a test asks for; naming the
 * namespace, the NAT and the handles' opening are wrapped (--wrap) and
 * logged.  A sweep fails every change of a connect in turn and checks
 * that everything made before it was undone: no link left anywhere, the
 * name deleted again, no NAT rule.
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
#include <unistd.h>
#include <net/if.h>
#include <cmocka.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include "cmd.h"
#include "connect.h"
#include "fake_sys.h"
#include "rtnl.h"
#include "testutil.h"
#include "util.h"

/* ---- the fake rtnetlink kernel ---- */

#define FK_LINKS 8

struct fk_link {
	bool used;
	bool in_ns;		/* the namespace's, else the host's */
	int ifindex;
	int master;
	char name[IFNAMSIZ];
	char kind[16];
	char peer[IFNAMSIZ];	/* veth: the other end (in the other side) */
	char alias[64];
};

static struct fk_link links[FK_LINKS];
static int next_ifindex;
static union test_buf reply;
static size_t reply_len;
static bool nat_rule;		/* the NAT rule of the namespace */
static bool ns_named;		/* the name exists */

static struct fk_link *find(bool in_ns, const char *name, int ifindex)
{
	size_t i;

	for (i = 0; i < FK_LINKS; i++)
		if (links[i].used && links[i].in_ns == in_ns &&
		    (name ? !strcmp(links[i].name, name) :
		     links[i].ifindex == ifindex))
			return &links[i];
	return NULL;
}

static struct fk_link *add_link(bool in_ns, const char *name, const char *kind)
{
	size_t i;

	for (i = 0; i < FK_LINKS && links[i].used; i++)
		;
	assert_true(i < FK_LINKS);
	memset(&links[i], 0, sizeof(links[i]));
	links[i].used = true;
	links[i].in_ns = in_ns;
	links[i].ifindex = ++next_ifindex;
	snprintf(links[i].name, sizeof(links[i].name), "%s", name);
	snprintf(links[i].kind, sizeof(links[i].kind), "%s", kind);
	return &links[i];
}

/* links besides the two lo */
static size_t nlinks(void)
{
	size_t i, n = 0;

	for (i = 0; i < FK_LINKS; i++)
		n += links[i].used && strcmp(links[i].name, "lo");
	return n;
}

static struct nlmsghdr *put(uint16_t type, uint16_t flags,
			    const struct nlmsghdr *req)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(reply.b + reply_len);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = req->nlmsg_seq;
	return nlh;
}

static void done(struct nlmsghdr *nlh)
{
	reply_len += MNL_ALIGN(nlh->nlmsg_len);
	assert_true(reply_len <= sizeof(reply.b));
}

static void put_error(const struct nlmsghdr *req, int error)
{
	struct nlmsghdr *nlh = put(NLMSG_ERROR, NLM_F_CAPPED, req);
	struct nlmsgerr *e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));

	e->error = error;
	memcpy(&e->msg, req, sizeof(*req));
	done(nlh);
}

static void put_link(const struct nlmsghdr *req, const struct fk_link *l,
		     uint16_t flags)
{
	struct nlmsghdr *nlh = put(RTM_NEWLINK, flags, req);
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	struct nlattr *info;

	ifm->ifi_index = l->ifindex;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, l->name);
	if (l->master)
		mnl_attr_put_u32(nlh, IFLA_MASTER, (uint32_t)l->master);
	if (l->alias[0])
		mnl_attr_put_strz(nlh, IFLA_IFALIAS, l->alias);
	if (l->kind[0]) {
		info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
		mnl_attr_put_strz(nlh, IFLA_INFO_KIND, l->kind);
		mnl_attr_nest_end(nlh, info);
	}
	done(nlh);
}

static void put_done(const struct nlmsghdr *req)
{
	struct nlmsghdr *nlh = put(NLMSG_DONE, NLM_F_MULTI, req);
	int *st = mnl_nlmsg_put_extra_header(nlh, sizeof(*st));

	*st = 0;
	done(nlh);
}

/* the first attribute of type after hdrlen bytes of payload at p */
static const struct nlattr *attr_in(const void *p, size_t len, uint16_t type)
{
	const struct nlattr *attr;

	mnl_attr_for_each_payload(p, len)
		if (mnl_attr_get_type(attr) == type)
			return attr;
	return NULL;
}

static const struct nlattr *req_attr(const struct nlmsghdr *req,
				     uint16_t type)
{
	size_t off = MNL_ALIGN(sizeof(struct ifinfomsg));

	return attr_in((const char *)mnl_nlmsg_get_payload(req) + off,
		       mnl_nlmsg_get_payload_len(req) - off, type);
}

static const char *req_name(const struct nlmsghdr *req)
{
	const struct nlattr *a = req_attr(req, IFLA_IFNAME);

	return a ? mnl_attr_get_str(a) : "?";
}

static const char *op_name(uint16_t type)
{
	switch (type) {
	case RTM_NEWLINK: return "newlink";
	case RTM_SETLINK: return "setlink";
	case RTM_DELLINK: return "dellink";
	case RTM_NEWADDR: return "newaddr";
	case RTM_DELADDR: return "deladdr";
	case RTM_NEWROUTE: return "newroute";
	}
	return "?";
}

static void new_link(const struct nlmsghdr *req, bool in_ns)
{
	const struct nlattr *info = req_attr(req, IFLA_LINKINFO), *kind, *data,
			    *peer, *pname;
	struct fk_link *l, *p;

	assert_non_null(info);
	kind = attr_in(mnl_attr_get_payload(info),
		       mnl_attr_get_payload_len(info), IFLA_INFO_KIND);
	assert_non_null(kind);
	l = add_link(in_ns, req_name(req), mnl_attr_get_str(kind));
	if (strcmp(l->kind, "veth"))
		return;
	/* the peer: an ifinfomsg, then its attributes; in the namespace */
	data = attr_in(mnl_attr_get_payload(info),
		       mnl_attr_get_payload_len(info), IFLA_INFO_DATA);
	peer = attr_in(mnl_attr_get_payload(data),
		       mnl_attr_get_payload_len(data), VETH_INFO_PEER);
	pname = attr_in((const char *)mnl_attr_get_payload(peer) +
			sizeof(struct ifinfomsg),
			mnl_attr_get_payload_len(peer) -
			sizeof(struct ifinfomsg), IFLA_IFNAME);
	p = add_link(!in_ns, mnl_attr_get_str(pname), "veth");
	snprintf(l->peer, sizeof(l->peer), "%s", p->name);
	snprintf(p->peer, sizeof(p->peer), "%s", l->name);
}

static void change(const struct nlmsghdr *req, bool in_ns)
{
	const struct nlattr *a;
	struct fk_link *l, *p;

	switch (req->nlmsg_type) {
	case RTM_NEWLINK:
		new_link(req, in_ns);
		break;
	case RTM_SETLINK:
		l = find(in_ns, req_name(req), 0);
		assert_non_null(l);
		a = req_attr(req, IFLA_MASTER);
		if (a)
			l->master = (int)mnl_attr_get_u32(a);
		a = req_attr(req, IFLA_IFALIAS);
		if (a)
			snprintf(l->alias, sizeof(l->alias), "%.*s",
				 (int)mnl_attr_get_payload_len(a),
				 (const char *)mnl_attr_get_payload(a));
		break;
	case RTM_DELLINK:
		l = find(in_ns, req_name(req), 0);
		assert_non_null(l);
		if (l->peer[0]) {
			p = find(!in_ns, l->peer, 0);
			if (p)
				p->used = false;
		}
		l->used = false;
		break;
	}
}

static ssize_t fk_send(struct nstrack_rtnl *rt, const void *buf, size_t len)
{
	const struct nlmsghdr *req = buf;
	bool in_ns = rt->where[0] == 'n';	/* "netns blue" */
	const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(req);
	struct fk_link *l;
	size_t i;

	reply_len = 0;
	if (req->nlmsg_type == RTM_GETLINK && (req->nlmsg_flags & NLM_F_DUMP)) {
		if (fsys_failing("dump")) {
			put_error(req, -errno);
			return (ssize_t)len;
		}
		for (i = 0; i < FK_LINKS; i++)
			if (links[i].used && links[i].in_ns == in_ns)
				put_link(req, &links[i], NLM_F_MULTI);
		put_done(req);
	} else if (req->nlmsg_type == RTM_GETLINK) {
		if (fsys_failing("get")) {
			put_error(req, -errno);
			return (ssize_t)len;
		}
		l = req_attr(req, IFLA_IFNAME) ?
		    find(in_ns, req_name(req), 0) :
		    find(in_ns, NULL, ifm->ifi_index);
		if (l) {
			put_link(req, l, 0);
			put_error(req, 0);
		} else {
			put_error(req, -ENODEV);
		}
	} else if (req->nlmsg_type == RTM_GETADDR) {
		put_done(req);		/* no addresses */
	} else {
		fsys_log("%s %s %s", in_ns ? "ns" : "host",
			 op_name(req->nlmsg_type),
			 req->nlmsg_type == RTM_NEWROUTE ? "default" :
			 req_name(req));
		if (fsys_failing("change")) {
			put_error(req, -errno);
			return (ssize_t)len;
		}
		change(req, in_ns);
		put_error(req, 0);
	}
	return (ssize_t)len;
}

static ssize_t fk_recv(struct nstrack_rtnl *rt, void *buf, size_t len)
{
	(void)rt;
	assert_true(reply_len > 0 && reply_len <= len);
	memcpy(buf, reply.b, reply_len);
	len = reply_len;
	reply_len = 0;
	return (ssize_t)len;
}

/* ---- the seams ---- */

int __wrap_nstrack_rtnl_open(struct nstrack_rtnl *rt, int netns_fd,
			     const char *ns)
{
	(void)netns_fd;
	if (fsys_failing("rtnl_open")) {
		nstrack_err("cannot open a netlink socket: %s", strerror(errno));
		return -errno;
	}
	assert_int_equal(nstrack_rtnl_init(rt, ns), 0);
	rt->send = fk_send;
	rt->recv = fk_recv;
	rt->nsfd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	assert_true(rt->nsfd >= 0);
	return 0;
}

int __wrap_access(const char *path, int mode)
{
	(void)path;
	(void)mode;
	if (ns_named)
		return 0;
	errno = ENOENT;
	return -1;
}

int __wrap_nstrack_netnsdir_add(const char *cmd, const char *dir,
				const char *name)
{
	(void)dir;
	fsys_log("netns add %s", name);
	if (fsys_failing("netns_add")) {
		nstrack_err("%s: %s: cannot create a network namespace: %s",
			    cmd, name, strerror(errno));
		return -errno;
	}
	ns_named = true;
	return 0;
}

int __wrap_nstrack_netnsdir_delete(const char *cmd, const char *dir,
				   const char *name)
{
	(void)dir;
	fsys_log("netns del %s", name);
	if (fsys_failing("netns_del")) {
		nstrack_err("%s: %s: cannot remove it: %s", cmd, name,
			    strerror(errno));
		return -errno;
	}
	ns_named = false;
	return 0;
}

int __wrap_nstrack_netnsdir_open(const char *cmd, const char *dir,
				 const char *name)
{
	(void)dir;
	if (fsys_failing("netns_open")) {
		nstrack_err("%s: %s: cannot open it: %s", cmd, name,
			    strerror(errno));
		return -errno;
	}
	return open("/dev/null", O_RDONLY | O_CLOEXEC);
}

int __wrap_nstrack_nft_masquerade_add(const char *ns, uint32_t net,
				      uint8_t prefix, const char *bridge)
{
	(void)net;
	(void)prefix;
	(void)bridge;
	fsys_log("nat add %s", ns);
	if (fsys_failing("nat_add")) {
		nstrack_err("nat: cannot add the masquerade rule: %s",
			    strerror(errno));
		return -errno;
	}
	nat_rule = true;
	return 0;
}

int __wrap_nstrack_nft_masquerade_del(const char *ns)
{
	fsys_log("nat del %s", ns);
	if (fsys_failing("nat_del")) {
		nstrack_err("nat: cannot remove nstrack's rules: %s",
			    strerror(errno));
		return -errno;
	}
	if (!nat_rule)
		return 0;
	nat_rule = false;
	return 1;
}

static int setup(void **state)
{
	(void)state;
	memset(links, 0, sizeof(links));
	next_ifindex = 0;
	add_link(false, "lo", "");
	add_link(true, "lo", "");
	nat_rule = ns_named = false;
	fsys_reset();
	test_err_start();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fsys_reset();
	test_err_stop();
	return 0;
}

/* "nstrack connect blue --bridge br0 --addr 10.0.0.2/24 --nat" */
static int connect_blue(void)
{
	char w[7][16] = { "connect", "blue", "--bridge", "br0", "--addr",
			  "10.0.0.2/24", "--nat" };
	char *argv[] = { w[0], w[1], w[2], w[3], w[4], w[5], w[6], NULL };
	struct nstrack_opts o = { 0 };

	return cmd_connect(&o, 7, argv);
}

static int disconnect(const char *name, bool del)
{
	char w[3][16] = { "disconnect", "", "--del" };
	char *argv[] = { w[0], w[1], w[2], NULL };
	struct nstrack_opts o = { 0 };

	snprintf(w[1], sizeof(w[1]), "%s", name);
	return cmd_disconnect(&o, del ? 3 : 2, argv);
}

/* the one error line: "nstrack: connect: ..." */
static void one_connect_error(void)
{
	const char *t = test_err_text();

	assert_int_equal(strncmp(t, "nstrack: connect: ", 18), 0);
	assert_non_null(strchr(t, '\n'));
	assert_string_equal(strchr(t, '\n'), "\n");
	test_err_start();
}

/* ---- connect ---- */

static void connect_works(void **state)
{
	(void)state;
	assert_int_equal(connect_blue(), 0);
	assert_string_equal(test_err_text(), "");
	assert_non_null(find(false, "br0", 0));
	assert_non_null(find(false, "vh-blue", 0));
	assert_non_null(find(true, "eth0", 0));
	assert_true(nat_rule && ns_named);
}

/* every change of a connect fails in turn: all of it is undone */
static void connect_undone_at_every_step(void **state)
{
	int fds = fsys_open_fds();
	unsigned int k;

	(void)state;
	for (k = 1;; k++) {
		setup(NULL);
		fsys_fail("change", k, EBUSY);
		if (connect_blue() == 0) {
			assert_true(fsys_calls("change") < k);
			break;
		}
		one_connect_error();
		assert_int_equal(nlinks(), 0);
		assert_false(ns_named);
		assert_false(nat_rule);
		assert_int_equal(fsys_open_fds(), fds);	/* handles closed */
	}
	assert_true(k > 5);
}

/* every lookup of a connect fails in turn: the same */
static void connect_lookups_fail_at_every_step(void **state)
{
	unsigned int k;

	(void)state;
	for (k = 1;; k++) {
		setup(NULL);
		fsys_fail("get", k, EIO);
		if (connect_blue() == 0) {
			assert_true(fsys_calls("get") < k);
			break;
		}
		one_connect_error();
		assert_int_equal(nlinks(), 0);
		assert_false(ns_named);
		assert_false(nat_rule);
	}
	assert_true(k > 5);
}

static void connect_undone_after_other_failures(void **state)
{
	static const char *const fns[] = { "netns_add", "netns_open",
					   "nat_add" };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(fns); i++) {
		setup(NULL);
		fsys_fail(fns[i], 1, EPERM);
		assert_int_equal(connect_blue(), 1);
		one_connect_error();
		assert_int_equal(nlinks(), 0);
		assert_false(ns_named);
		assert_false(nat_rule);
	}
	/* the namespace's handle cannot be opened (the host's can) */
	setup(NULL);
	fsys_fail("rtnl_open", 2, EPERM);
	assert_int_equal(connect_blue(), 1);
	one_connect_error();
	assert_false(ns_named);
}

/*
 * The undo fails too: one warning per thing left, each said.  (The NAT
 * rule is the last step, so it never has to be undone.)
 */
static void connect_undo_fails(void **state)
{
	unsigned int n;

	(void)state;
	assert_int_equal(connect_blue(), 0);
	n = fsys_calls("change");	/* the changes of a connect */
	setup(NULL);
	fsys_fail("nat_add", 1, EPERM);
	fsys_fail_from("change", n + 1, EBUSY);	/* every delete */
	fsys_fail("netns_del", 1, EBUSY);
	assert_int_equal(connect_blue(), 1);
	assert_string_equal(test_err_text(),
		"nstrack: connect: nat: cannot add the masquerade rule: Operation not permitted\n"
		"nstrack: connect: vh-blue: cannot delete in the current netns: Device or resource busy\n"
		"nstrack: connect: warning: vh-blue: could not delete it again\n"
		"nstrack: connect: br0: cannot delete in the current netns: Device or resource busy\n"
		"nstrack: connect: warning: br0: could not delete it again\n"
		"nstrack: connect: blue: cannot remove it: Device or resource busy\n"
		"nstrack: connect: warning: netns blue: could not delete it again\n");
	assert_int_equal(fsys_calls("change"), n + 2);
	assert_int_equal(fsys_calls("nat_del"), 0);
}

/* a bridge that was there keeps it; the gateway address given to it goes */
static void connect_undo_gateway_fails(void **state)
{
	unsigned int n;

	(void)state;
	add_link(false, "br0", "bridge");
	assert_int_equal(connect_blue(), 0);
	n = fsys_calls("change");
	setup(NULL);
	add_link(false, "br0", "bridge");
	fsys_fail("nat_add", 1, EPERM);
	fsys_fail_from("change", n + 1, EBUSY);
	assert_int_equal(connect_blue(), 1);
	assert_non_null(strstr(test_err_text(),
		"nstrack: connect: warning: br0: could not remove the gateway address again\n"));
	assert_non_null(find(false, "br0", 0));
}

static void connect_refused_before_changing(void **state)
{
	(void)state;
	/* already connected */
	add_link(false, "vh-blue", "veth");
	assert_int_equal(connect_blue(), 1);
	assert_string_equal(test_err_text(),
			    "nstrack: connect: netns blue is already connected (vh-blue exists in the current netns)\n");
	test_err_start();

	/* br0 is something else */
	setup(NULL);
	add_link(false, "br0", "dummy");
	assert_int_equal(connect_blue(), 1);
	assert_string_equal(test_err_text(),
			    "nstrack: connect: br0: not a bridge in the current netns (dummy)\n");
	test_err_start();
	setup(NULL);
	add_link(false, "br0", "");
	assert_int_equal(connect_blue(), 1);
	assert_string_equal(test_err_text(),
			    "nstrack: connect: br0: not a bridge in the current netns (a device in use)\n");

	/* the lookups fail */
	setup(NULL);
	fsys_fail("get", 1, EIO);
	assert_int_equal(connect_blue(), 1);
	one_connect_error();
	setup(NULL);
	fsys_fail("get", 2, EIO);
	assert_int_equal(connect_blue(), 1);
	one_connect_error();
	assert_string_equal(fsys_log_text(), "");	/* nothing changed */
	assert_int_equal(nlinks(), 0);
	assert_false(ns_named);
}

static void gateway_unparsable(void **state)
{
	struct nstrack_ipaddr a, gw;
	const char *why = NULL, *err;

	(void)state;
	assert_int_equal(nstrack_cidr_parse("10.0.0.2/24", &a, &err), 0);
	assert_int_equal(nstrack_connect_gateway(&a, "ten", &gw, &why),
			 -EINVAL);
	assert_non_null(why);
}

/* ---- disconnect ---- */

static void disconnect_failures(void **state)
{
	(void)state;
	fsys_fail("rtnl_open", 1, EPERM);
	assert_int_equal(disconnect("blue", false), 1);
	assert_string_equal(test_err_text(),
			    "nstrack: disconnect: cannot open a netlink socket: Operation not permitted\n");
	test_err_start();

	fsys_fail("get", 1, EIO);
	assert_int_equal(disconnect("blue", false), 1);
	assert_string_equal(test_err_text(),
			    "nstrack: disconnect: vh-blue: cannot look up in the current netns: Input/output error\n");
	test_err_start();

	assert_int_equal(disconnect("blue", false), 1);
	assert_string_equal(test_err_text(),
			    "nstrack: disconnect: netns blue is not connected (no vh-blue in the current netns, no NAT rule)\n");
	test_err_start();

	assert_int_equal(disconnect("a/b", false), 1);
	assert_string_equal(test_err_text(),
			    "nstrack: disconnect: invalid name 'a/b': a name cannot contain '/'\n");
	test_err_start();

	/* connected: the host end cannot be deleted */
	assert_int_equal(connect_blue(), 0);
	fsys_log_text();
	fsys_fail("change", 1, EBUSY);
	assert_int_equal(disconnect("blue", false), 1);
	assert_string_equal(test_err_text(),
			    "nstrack: disconnect: vh-blue: cannot delete in the current netns: Device or resource busy\n");
	test_err_start();
	assert_true(nat_rule);	/* nothing else was touched */

	/* the NAT rule cannot be removed */
	fsys_fail("nat_del", 1, EIO);
	assert_int_equal(disconnect("blue", false), 1);
	assert_string_equal(test_err_text(),
			    "nstrack: disconnect: nat: cannot remove nstrack's rules: Input/output error\n");
	test_err_start();
	assert_null(find(false, "vh-blue", 0));
	assert_non_null(find(false, "br0", 0));	/* not reached */
}

static void disconnect_bridge_ports_fail(void **state)
{
	(void)state;
	/* as it should be: the bridge connect made goes with its last port */
	assert_int_equal(connect_blue(), 0);
	assert_int_equal(disconnect("blue", true), 0);
	assert_string_equal(test_err_text(), "");
	assert_int_equal(nlinks(), 0);
	assert_false(ns_named);
	assert_false(nat_rule);

	setup(NULL);
	assert_int_equal(connect_blue(), 0);
	/* the bridge's ports cannot be counted: its lookup by index fails */
	fsys_fail("get", 2, EIO);
	assert_int_equal(disconnect("blue", true), 0);
	/* a bridge that cannot be named is left, and that is no error */
	assert_non_null(find(false, "br0", 0));
	assert_false(ns_named);

	/* its ports cannot be counted: it stays, and that is said */
	setup(NULL);
	assert_int_equal(connect_blue(), 0);
	fsys_fail("dump", 1, EIO);
	assert_int_equal(disconnect("blue", true), 1);
	assert_string_equal(test_err_text(),
			    "nstrack: disconnect: br0: cannot list the ports in the current netns: Input/output error\n");
	assert_non_null(find(false, "br0", 0));
	assert_null(find(false, "vh-blue", 0));
	assert_true(ns_named);	/* --del is not reached */
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(connect_works),
		T(connect_undone_at_every_step),
		T(connect_lookups_fail_at_every_step),
		T(connect_undone_after_other_failures),
		T(connect_undo_fails),
		T(connect_undo_gateway_fails),
		T(connect_refused_before_changing),
		T(gateway_unparsable),
		T(disconnect_failures),
		T(disconnect_bridge_ports_fail),
	};

	return cmocka_run_group_tests_name("errors_connect", tests, NULL,
					   NULL);
}
