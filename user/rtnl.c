// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack - rtnetlink requests over libmnl, one namespace per handle.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include "attr.h"
#include "rtnl.h"
#include "util.h"

/* the namespace file of the calling thread */
#define SELF_NETNS	"/proc/thread-self/ns/net"

/* State of one request while its replies are processed. */
struct run_state {
	struct nstrack_rtnl *rt;
	uint16_t type;		/* nlmsg_type every data reply must have */
	mnl_cb_t cb;
	void *data;
	int err;		/* negative errno, 0 while all is well */
};

/* ---- transport ---- */

static ssize_t sock_send(struct nstrack_rtnl *rt, const void *buf, size_t len)
{
	return mnl_socket_sendto(rt->sock, buf, len);
}

static ssize_t sock_recv(struct nstrack_rtnl *rt, void *buf, size_t len)
{
	return mnl_socket_recvfrom(rt->sock, buf, len);
}

/* A kernel error code as a negative errno, whatever its sign. */
static int neg_errno(int e)
{
	if (e == INT_MIN)
		return -EPROTO;
	return e < 0 ? e : -e;
}

static int extack_attr_cb(const struct nlattr *attr, void *data)
{
	const char **msg = data;

	if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
		*msg = mnl_attr_get_str(attr);
	return MNL_CB_OK;
}

static int error_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct run_state *st = arg;
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	const char *msg = NULL;
	uint64_t off;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e))) {
		st->err = -EBADMSG;
		return MNL_CB_ERROR;
	}
	if (e->error == 0)
		return MNL_CB_STOP;		/* the ack */

	st->err = neg_errno(e->error);
	/*
	 * The TLVs follow the echoed request: only its header if the kernel
	 * capped it (NETLINK_CAP_ACK), otherwise the whole request.
	 */
	if (nlh->nlmsg_flags & NLM_F_CAPPED)
		off = sizeof(*e);
	else
		off = sizeof(e->error) + (uint64_t)e->msg.nlmsg_len;
	off = MNL_NLMSG_HDRLEN + MNL_ALIGN(off);
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && off < nlh->nlmsg_len) {
		mnl_attr_parse_payload((const char *)nlh + off,
				       nlh->nlmsg_len - off, extack_attr_cb,
				       &msg);
		if (msg)
			nstrack_sanitize(st->rt->extack,
					 sizeof(st->rt->extack), msg);
	}
	return MNL_CB_ERROR;
}

/* the end of a dump, with its status */
static int done_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct run_state *st = arg;
	int status;

	if (nlh->nlmsg_len >= mnl_nlmsg_size(sizeof(status))) {
		memcpy(&status, mnl_nlmsg_get_payload(nlh), sizeof(status));
		if (status < 0) {
			st->err = neg_errno(status);
			return MNL_CB_ERROR;
		}
	}
	return MNL_CB_STOP;
}

static int overrun_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct run_state *st = arg;

	(void)nlh;
	st->err = -ENOBUFS;
	return MNL_CB_ERROR;
}

static int data_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct run_state *st = arg;
	int ret;

	if (!st->cb)
		return MNL_CB_OK;	/* a change: only the ack is expected */
	if (nlh->nlmsg_type != st->type) {
		st->err = -EPROTO;
		return MNL_CB_ERROR;
	}
	errno = 0;
	ret = st->cb(nlh, st->data);
	if (ret == MNL_CB_ERROR)
		st->err = errno ? -errno : -EBADMSG;
	return ret;
}

/* not const: mnl_cb_run2() takes a non-const array in libmnl 1.0.4 */
static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_ERROR]	= error_cb,
	[NLMSG_DONE]	= done_cb,
	[NLMSG_OVERRUN]	= overrun_cb,
};

/*
 * Send req and run the replies of type reply_type through cb (NULL: none
 * expected) until the ack, or the end of a dump (NLM_F_DUMP; otherwise
 * NLM_F_ACK is added).  0 or -errno; on an error, rt->extack holds the
 * kernel's text if it gave one.  Prints nothing.
 */
static int transact(struct nstrack_rtnl *rt, struct nlmsghdr *req,
		    uint16_t reply_type, mnl_cb_t cb, void *data)
{
	struct run_state st = {
		.rt = rt, .type = reply_type, .cb = cb, .data = data,
	};
	int ret;

	rt->extack[0] = '\0';
	req->nlmsg_flags |= NLM_F_REQUEST;
	if ((req->nlmsg_flags & NLM_F_DUMP) != NLM_F_DUMP)
		req->nlmsg_flags |= NLM_F_ACK;
	if (++rt->seq == 0)
		rt->seq = 1;
	req->nlmsg_seq = rt->seq;

	if (rt->send(rt, req, req->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		ssize_t n = rt->recv(rt, rt->rx, NSTRACK_RTNL_RXBUF);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -ENODATA;
		if (!nstrack_batch_ok(rt->rx, (size_t)n))
			return -EBADMSG;
		errno = 0;
		ret = mnl_cb_run2(rt->rx, (size_t)n, req->nlmsg_seq, rt->portid,
				  data_cb, &st, ctl_cbs, ARRAY_SIZE(ctl_cbs));
		if (ret == MNL_CB_ERROR)
			return st.err ? st.err : (errno ? -errno : -EPROTO);
		if (ret == MNL_CB_STOP)
			return 0;
	}
}

/* ---- messages ---- */

/* A name as it may appear in a message: one line, bounded. */
struct shown {
	char s[64];
};

static const char *show(struct shown *b, const char *s)
{
	nstrack_sanitize(b->s, sizeof(b->s), s);
	return b->s;
}

/*
 * The one line for a failed request about obj: "<obj>: <action>: <kernel's
 * text or strerror>", where action already says where.  Permission
 * problems say so whatever the action.
 */
static void report_at(const struct nstrack_rtnl *rt, int err, const char *obj,
		      const char *action)
{
	const char *why;

	if (err == -EPERM || (err == -EACCES && !rt->extack[0])) {
		nstrack_err("%s: permission denied in %s (CAP_NET_ADMIN is required)",
			    obj, rt->where);
		return;
	}
	if (rt->extack[0])
		why = rt->extack;
	else if (err == -EBADMSG)
		why = "malformed reply from the kernel";
	else if (err == -ENODATA)
		why = "no reply from the kernel";
	else
		why = strerror(-err);
	nstrack_err("%s: %s: %s", obj, action, why);
}

/* report_at() of an action in rt's namespace: "<obj>: <action> in <where>: ..." */
static void report(const struct nstrack_rtnl *rt, int err, const char *obj,
		   const char *action)
{
	char at[3 * NSTRACK_RTNL_WHERE];

	snprintf(at, sizeof(at), "%s in %s", action, rt->where);
	report_at(rt, err, obj, at);
}

static void no_such_device(const struct nstrack_rtnl *rt, const char *name)
{
	struct shown b;

	nstrack_err("%s: no such device in %s", show(&b, name), rt->where);
}

static void name_exists(const struct nstrack_rtnl *rt, const char *name)
{
	struct shown b;

	nstrack_err("%s: name already exists in %s", show(&b, name), rt->where);
}

int nstrack_rtnl_check_name(const char *name)
{
	const char *why = nstrack_ifname_invalid(name);
	struct shown b;

	if (!why)
		return 0;
	if (!name || !*name)
		nstrack_err("empty device name");
	else
		nstrack_err("%s: %s", show(&b, name), why);
	return -EINVAL;
}

/* ---- handles ---- */

int nstrack_rtnl_init(struct nstrack_rtnl *rt, const char *ns)
{
	memset(rt, 0, sizeof(*rt));
	rt->nsfd = -1;
	if (ns) {
		snprintf(rt->where, sizeof(rt->where), "netns ");
		nstrack_sanitize(rt->where + 6, sizeof(rt->where) - 6, ns);
	} else {
		snprintf(rt->where, sizeof(rt->where), "the current netns");
	}
	rt->rx = malloc(NSTRACK_RTNL_RXBUF);
	return rt->rx ? 0 : -ENOMEM;
}

void nstrack_rtnl_close(struct nstrack_rtnl *rt)
{
	if (rt->sock)
		mnl_socket_close(rt->sock);
	rt->sock = NULL;
	if (rt->nsfd >= 0)
		close(rt->nsfd);
	rt->nsfd = -1;
	free(rt->rx);
	rt->rx = NULL;
}

/*
 * A NETLINK_ROUTE socket created inside rt->nsfd's namespace: the calling
 * thread enters it, opens the socket and returns to where it was.  NULL
 * after one error line, with the thread back in its own namespace (if it
 * cannot get back, that is said, and the caller fails).
 */
static struct mnl_socket *socket_in(struct nstrack_rtnl *rt)
{
	struct mnl_socket *sock;
	int self, err;

	self = open(SELF_NETNS, O_RDONLY | O_CLOEXEC);
	if (self < 0) {
		nstrack_err("cannot open %s: %s", SELF_NETNS, strerror(errno));
		return NULL;
	}
	if (setns(rt->nsfd, CLONE_NEWNET) < 0) {
		err = errno;
		close(self);
		if (err == EPERM)
			nstrack_err("cannot enter %s: permission denied (CAP_SYS_ADMIN is required)",
				    rt->where);
		else
			nstrack_err("cannot enter %s: %s", rt->where,
				    strerror(err));
		return NULL;
	}
	sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	err = errno;
	if (setns(self, CLONE_NEWNET) < 0) {
		nstrack_err("cannot return from %s to the original netns: %s",
			    rt->where, strerror(errno));
		if (sock)
			mnl_socket_close(sock);
		close(self);
		return NULL;
	}
	close(self);
	if (!sock)
		nstrack_err("cannot open a netlink socket in %s: %s", rt->where,
			    strerror(err));
	return sock;
}

int nstrack_rtnl_open(struct nstrack_rtnl *rt, int netns_fd, const char *ns)
{
	int one = 1, err;

	err = nstrack_rtnl_init(rt, ns);
	if (err) {
		nstrack_err("out of memory");
		nstrack_rtnl_close(rt);
		return err;
	}
	if (netns_fd >= 0)
		rt->nsfd = fcntl(netns_fd, F_DUPFD_CLOEXEC, 0);
	else
		rt->nsfd = open(SELF_NETNS, O_RDONLY | O_CLOEXEC);
	if (rt->nsfd < 0) {
		err = -errno;
		nstrack_err("cannot open %s: %s", rt->where, strerror(-err));
		goto fail;
	}
	if (netns_fd >= 0) {
		rt->sock = socket_in(rt);
		if (!rt->sock) {
			err = -EIO;
			goto fail;
		}
	} else {
		rt->sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
		if (!rt->sock) {
			err = -errno;
			nstrack_err("cannot open a netlink socket: %s",
				    strerror(-err));
			goto fail;
		}
	}
	if (mnl_socket_bind(rt->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		nstrack_err("cannot bind a netlink socket in %s: %s", rt->where,
			    strerror(-err));
		goto fail;
	}
	rt->portid = mnl_socket_get_portid(rt->sock);
	rt->seq = (uint32_t)time(NULL);
	rt->send = sock_send;
	rt->recv = sock_recv;
	/* both only make error acks nicer; old kernels may lack them */
	mnl_socket_setsockopt(rt->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(rt->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	return 0;
fail:
	nstrack_rtnl_close(rt);
	return err;
}

/* Do a and b talk about the same namespace? */
static bool same_netns(const struct nstrack_rtnl *a,
		       const struct nstrack_rtnl *b)
{
	struct stat sa, sb;

	if (a == b)
		return true;
	if (a->nsfd < 0 || b->nsfd < 0 || fstat(a->nsfd, &sa) < 0 ||
	    fstat(b->nsfd, &sb) < 0)
		return false;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* ---- requests ---- */

/* Start a request with an ifinfomsg header in rt->tx. */
static struct nlmsghdr *link_request(struct nstrack_rtnl *rt, uint16_t type,
				     uint16_t flags, struct ifinfomsg **ifm)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *m;

	memset(rt->tx, 0, sizeof(rt->tx));
	nlh = mnl_nlmsg_put_header(rt->tx);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	m = mnl_nlmsg_put_extra_header(nlh, sizeof(*m));
	m->ifi_family = AF_UNSPEC;
	if (ifm)
		*ifm = m;
	return nlh;
}

/* ---- lookups ---- */

static int link_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	switch (type) {
	case IFLA_IFNAME:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
			return MNL_CB_ERROR;
		break;
	case IFLA_MASTER:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		break;
	case IFLA_IFALIAS:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
			return MNL_CB_ERROR;
		break;
	case IFLA_LINKINFO:
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
			return MNL_CB_ERROR;
		break;
	default:
		return MNL_CB_OK;
	}
	tb[type] = attr;
	return MNL_CB_OK;
}

static int linkinfo_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type != IFLA_INFO_KIND && type != IFLA_INFO_SLAVE_KIND)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
		return MNL_CB_ERROR;
	tb[type] = attr;
	return MNL_CB_OK;
}

static void copy_str(char *dst, size_t len, const struct nlattr *attr)
{
	nstrack_sanitize(dst, len, attr ? mnl_attr_get_str(attr) : "");
}

struct link_reply {
	struct nstrack_link *l;
	bool got;
};

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IFLA_MAX + 1] = { NULL };
	const struct nlattr *info[IFLA_INFO_MAX + 1] = { NULL };
	struct link_reply *r = data;
	const struct ifinfomsg *ifm;
	struct nstrack_link *l = r->l;

	if (r->got)
		return MNL_CB_OK;	/* only one is expected */
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifm)) ||
	    mnl_attr_parse(nlh, sizeof(*ifm), link_attr_cb, tb) != MNL_CB_OK ||
	    !tb[IFLA_IFNAME] ||
	    (tb[IFLA_LINKINFO] &&
	     mnl_attr_parse_nested(tb[IFLA_LINKINFO], linkinfo_attr_cb,
				   info) != MNL_CB_OK)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	ifm = mnl_nlmsg_get_payload(nlh);
	memset(l, 0, sizeof(*l));
	l->ifindex = ifm->ifi_index;
	l->flags = ifm->ifi_flags;
	l->up = ifm->ifi_flags & IFF_UP;
	copy_str(l->name, sizeof(l->name), tb[IFLA_IFNAME]);
	copy_str(l->kind, sizeof(l->kind), info[IFLA_INFO_KIND]);
	copy_str(l->slave_kind, sizeof(l->slave_kind),
		 info[IFLA_INFO_SLAVE_KIND]);
	if (tb[IFLA_MASTER])
		l->master = (int)mnl_attr_get_u32(tb[IFLA_MASTER]);
	copy_str(l->alias, sizeof(l->alias), tb[IFLA_IFALIAS]);
	r->got = true;
	return MNL_CB_OK;
}

/* RTM_GETLINK by name (ifindex 0) or ifindex: 0, or -errno (no message). */
static int getlink(struct nstrack_rtnl *rt, const char *name, int ifindex,
		   struct nstrack_link *l)
{
	struct link_reply r = { .l = l };
	struct ifinfomsg *ifm;
	struct nlmsghdr *req;
	int err;

	req = link_request(rt, RTM_GETLINK, 0, &ifm);
	if (name)
		mnl_attr_put_strz(req, IFLA_IFNAME, name);
	else
		ifm->ifi_index = ifindex;
	mnl_attr_put_u32(req, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	err = transact(rt, req, RTM_NEWLINK, link_cb, &r);
	if (!err && !r.got)
		err = -ENODATA;
	return err;
}

int nstrack_rtnl_link_find(struct nstrack_rtnl *rt, const char *name,
			   struct nstrack_link *l)
{
	struct shown b;
	int err;

	err = nstrack_rtnl_check_name(name);
	if (err)
		return err;
	err = getlink(rt, name, 0, l);
	if (err == -ENODEV)
		return 0;
	if (err) {
		report(rt, err, show(&b, name), "cannot look up");
		return err;
	}
	return 1;
}

int nstrack_rtnl_link_get(struct nstrack_rtnl *rt, const char *name,
			  struct nstrack_link *l)
{
	int ret = nstrack_rtnl_link_find(rt, name, l);

	if (ret == 0) {
		no_such_device(rt, name);
		return -ENODEV;
	}
	return ret < 0 ? ret : 0;
}

int nstrack_rtnl_link_get_index(struct nstrack_rtnl *rt, int ifindex,
				struct nstrack_link *l)
{
	char obj[32];
	int err;

	snprintf(obj, sizeof(obj), "ifindex %d", ifindex);
	if (ifindex <= 0) {
		nstrack_err("%s: no such device in %s", obj, rt->where);
		return -ENODEV;
	}
	err = getlink(rt, NULL, ifindex, l);
	if (err == -ENODEV)
		nstrack_err("%s: no such device in %s", obj, rt->where);
	else if (err)
		report(rt, err, obj, "cannot look up");
	return err;
}

/* 0 if name is free in rt's namespace, else -errno after one line. */
static int name_free(struct nstrack_rtnl *rt, const char *name)
{
	struct nstrack_link l;
	int ret = nstrack_rtnl_link_find(rt, name, &l);

	if (ret > 0) {
		name_exists(rt, name);
		return -EEXIST;
	}
	return ret;
}

/* ---- changes ---- */

/*
 * Delete name after a later step failed (the error is already out):
 * a failure here is a warning, so the first error stays the error.
 */
static void undo_create(struct nstrack_rtnl *rt, const char *name)
{
	struct nlmsghdr *req;
	struct shown b;
	int err;

	req = link_request(rt, RTM_DELLINK, 0, NULL);
	mnl_attr_put_strz(req, IFLA_IFNAME, name);
	err = transact(rt, req, 0, NULL, NULL);
	if (err)
		nstrack_warn("%s: could not delete it again in %s: %s",
			     show(&b, name), rt->where,
			     rt->extack[0] ? rt->extack : strerror(-err));
}

int nstrack_rtnl_veth_add(struct nstrack_rtnl *rt, const char *name,
			  const char *peer, struct nstrack_rtnl *peer_ns,
			  bool up)
{
	struct nstrack_rtnl *prt = peer_ns ? peer_ns : rt;
	struct nlattr *linkinfo, *data, *pinfo;
	struct nlmsghdr *req;
	struct shown b;
	int err;

	err = nstrack_rtnl_check_name(name);
	if (!err)
		err = nstrack_rtnl_check_name(peer);
	if (err)
		return err;
	if (!strcmp(name, peer) && same_netns(rt, prt)) {
		nstrack_err("%s: both ends of a veth pair cannot have the same name in %s",
			    show(&b, name), rt->where);
		return -EINVAL;
	}
	err = name_free(rt, name);
	if (!err)
		err = name_free(prt, peer);
	if (err)
		return err;

	req = link_request(rt, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, NULL);
	mnl_attr_put_strz(req, IFLA_IFNAME, name);
	linkinfo = mnl_attr_nest_start(req, IFLA_LINKINFO);
	mnl_attr_put_strz(req, IFLA_INFO_KIND, "veth");
	data = mnl_attr_nest_start(req, IFLA_INFO_DATA);
	pinfo = mnl_attr_nest_start(req, VETH_INFO_PEER);
	/* the peer's attributes follow its own ifinfomsg */
	((struct ifinfomsg *)mnl_nlmsg_put_extra_header(req,
		sizeof(struct ifinfomsg)))->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(req, IFLA_IFNAME, peer);
	if (prt != rt)
		mnl_attr_put_u32(req, IFLA_NET_NS_FD, (uint32_t)prt->nsfd);
	mnl_attr_nest_end(req, pinfo);
	mnl_attr_nest_end(req, data);
	mnl_attr_nest_end(req, linkinfo);

	err = transact(rt, req, 0, NULL, NULL);
	if (err == -EEXIST) {
		/* taken since the check: say which one, if it can be told */
		if (name_free(rt, name) == 0 && name_free(prt, peer) == 0)
			name_exists(rt, name);
		return err;
	}
	if (err) {
		report(rt, err, show(&b, name), "cannot create veth pair");
		return err;
	}
	if (!up)
		return 0;
	err = nstrack_rtnl_link_set_up(rt, name);
	if (!err)
		err = nstrack_rtnl_link_set_up(prt, peer);
	if (err)
		undo_create(rt, name);
	return err;
}

int nstrack_rtnl_bridge_add(struct nstrack_rtnl *rt, const char *name,
			    bool up)
{
	struct nlattr *linkinfo;
	struct nlmsghdr *req;
	struct shown b;
	int err;

	err = nstrack_rtnl_check_name(name);
	if (!err)
		err = name_free(rt, name);
	if (err)
		return err;

	req = link_request(rt, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, NULL);
	mnl_attr_put_strz(req, IFLA_IFNAME, name);
	linkinfo = mnl_attr_nest_start(req, IFLA_LINKINFO);
	mnl_attr_put_strz(req, IFLA_INFO_KIND, "bridge");
	mnl_attr_nest_end(req, linkinfo);

	err = transact(rt, req, 0, NULL, NULL);
	if (err == -EEXIST) {
		name_exists(rt, name);
		return err;
	}
	if (err) {
		report(rt, err, show(&b, name), "cannot create bridge");
		return err;
	}
	if (up) {
		err = nstrack_rtnl_link_set_up(rt, name);
		if (err)
			undo_create(rt, name);
	}
	return err;
}

int nstrack_rtnl_link_del(struct nstrack_rtnl *rt, const char *name)
{
	struct nlmsghdr *req;
	struct shown b;
	int err;

	err = nstrack_rtnl_check_name(name);
	if (err)
		return err;
	req = link_request(rt, RTM_DELLINK, 0, NULL);
	mnl_attr_put_strz(req, IFLA_IFNAME, name);
	err = transact(rt, req, 0, NULL, NULL);
	if (err == -ENODEV)
		no_such_device(rt, name);
	else if (err == -EOPNOTSUPP && !rt->extack[0])
		nstrack_err("%s: cannot delete in %s: not a virtual device (veth, bridge, ...)",
			    show(&b, name), rt->where);
	else if (err)
		report(rt, err, show(&b, name), "cannot delete");
	return err;
}

int nstrack_rtnl_link_set_alias(struct nstrack_rtnl *rt, const char *name,
				const char *alias)
{
	struct nlmsghdr *req;
	struct shown b;
	int err;

	err = nstrack_rtnl_check_name(name);
	if (err)
		return err;
	if (strlen(alias) >= NSTRACK_LINK_ALIAS_LEN) {
		nstrack_err("%s: alias too long (at most %d characters)",
			    show(&b, name), NSTRACK_LINK_ALIAS_LEN - 1);
		return -EINVAL;
	}
	req = link_request(rt, RTM_SETLINK, 0, NULL);
	mnl_attr_put_strz(req, IFLA_IFNAME, name);
	/* an empty alias is how the kernel is told to remove it */
	mnl_attr_put(req, IFLA_IFALIAS, strlen(alias), alias);
	err = transact(rt, req, 0, NULL, NULL);
	if (err == -ENODEV)
		no_such_device(rt, name);
	else if (err)
		report(rt, err, show(&b, name), "cannot set the alias");
	return err;
}

struct port_count {
	int master;
	int n;
};

static int port_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IFLA_MAX + 1] = { NULL };
	struct port_count *c = data;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(struct ifinfomsg)) ||
	    mnl_attr_parse(nlh, sizeof(struct ifinfomsg), link_attr_cb,
			   tb) != MNL_CB_OK) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (tb[IFLA_MASTER] &&
	    (int)mnl_attr_get_u32(tb[IFLA_MASTER]) == c->master)
		c->n++;
	return MNL_CB_OK;
}

int nstrack_rtnl_ports(struct nstrack_rtnl *rt, int ifindex, const char *what)
{
	struct port_count c = { .master = ifindex };
	struct nlmsghdr *req;
	struct shown b;
	int err;

	req = link_request(rt, RTM_GETLINK, NLM_F_DUMP, NULL);
	mnl_attr_put_u32(req, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	/* the kernel may filter on it; the count checks it anyway */
	mnl_attr_put_u32(req, IFLA_MASTER, (uint32_t)ifindex);
	err = transact(rt, req, RTM_NEWLINK, port_cb, &c);
	if (err) {
		report(rt, err, show(&b, what), "cannot list the ports");
		return err;
	}
	return c.n;
}

int nstrack_rtnl_link_set_up(struct nstrack_rtnl *rt, const char *name)
{
	struct ifinfomsg *ifm;
	struct nlmsghdr *req;
	struct shown b;
	int err;

	err = nstrack_rtnl_check_name(name);
	if (err)
		return err;
	req = link_request(rt, RTM_SETLINK, 0, &ifm);
	ifm->ifi_flags = IFF_UP;
	ifm->ifi_change = IFF_UP;
	mnl_attr_put_strz(req, IFLA_IFNAME, name);
	err = transact(rt, req, 0, NULL, NULL);
	if (err == -ENODEV)
		no_such_device(rt, name);
	else if (err)
		report(rt, err, show(&b, name), "cannot bring up");
	return err;
}

/* "attached to br0", or to its ifindex if the master cannot be named */
static void in_use(struct nstrack_rtnl *rt, const struct nstrack_link *dev)
{
	struct nstrack_link m;
	char master[32];
	struct shown b;

	if (getlink(rt, NULL, dev->master, &m) == 0)
		snprintf(master, sizeof(master), "%s", m.name);
	else
		snprintf(master, sizeof(master), "ifindex %d", dev->master);
	nstrack_err("%s: device in use in %s (attached to %s)",
		    show(&b, dev->name), rt->where, master);
}

int nstrack_rtnl_bridge_attach(struct nstrack_rtnl *rt, const char *br,
			       const char *dev)
{
	struct nstrack_link lb, ld;
	struct nlmsghdr *req;
	char action[64];
	struct shown b;
	int err;

	err = nstrack_rtnl_check_name(br);
	if (!err)
		err = nstrack_rtnl_check_name(dev);
	if (!err)
		err = nstrack_rtnl_link_get(rt, br, &lb);
	if (err)
		return err;
	if (!nstrack_link_is_bridge(&lb)) {
		nstrack_err("%s: not a bridge in %s", show(&b, br), rt->where);
		return -EINVAL;
	}
	err = nstrack_rtnl_link_get(rt, dev, &ld);
	if (err)
		return err;
	if (ld.ifindex == lb.ifindex) {
		nstrack_err("%s: cannot attach a bridge to itself",
			    show(&b, br));
		return -EINVAL;
	}
	if (ld.flags & IFF_LOOPBACK) {
		nstrack_err("%s: a loopback device cannot be attached to a bridge",
			    show(&b, dev));
		return -EINVAL;
	}
	if (ld.master == lb.ifindex)
		return 0;
	if (ld.master) {
		in_use(rt, &ld);
		return -EBUSY;
	}

	req = link_request(rt, RTM_SETLINK, 0, NULL);
	mnl_attr_put_strz(req, IFLA_IFNAME, dev);
	mnl_attr_put_u32(req, IFLA_MASTER, (uint32_t)lb.ifindex);
	err = transact(rt, req, 0, NULL, NULL);
	if (err == -ENODEV) {
		no_such_device(rt, dev);
	} else if (err) {
		snprintf(action, sizeof(action), "cannot attach to %s",
			 lb.name);
		report(rt, err, show(&b, dev), action);
	}
	return err;
}

int nstrack_rtnl_link_move(struct nstrack_rtnl *rt, const char *dev,
			   struct nstrack_rtnl *to)
{
	char action[2 * NSTRACK_RTNL_WHERE + 32];
	struct nstrack_link l;
	struct nlmsghdr *req;
	struct shown b;
	int err;

	err = nstrack_rtnl_link_get(rt, dev, &l);
	if (err)
		return err;
	if (l.master) {
		in_use(rt, &l);
		return -EBUSY;
	}
	if (same_netns(rt, to))
		return 0;	/* already there */
	err = name_free(to, dev);
	if (err)
		return err;

	req = link_request(rt, RTM_SETLINK, 0, NULL);
	mnl_attr_put_strz(req, IFLA_IFNAME, dev);
	mnl_attr_put_u32(req, IFLA_NET_NS_FD, (uint32_t)to->nsfd);
	err = transact(rt, req, 0, NULL, NULL);
	if (err == -EEXIST) {
		name_exists(to, dev);
	} else if (err == -ENODEV) {
		no_such_device(rt, dev);
	} else if (err) {
		snprintf(action, sizeof(action), "cannot move from %s to %s",
			 rt->where, to->where);
		report_at(rt, err, show(&b, dev), action);
	}
	if (err)
		return err;
	/* the move took it down */
	return l.up ? nstrack_rtnl_link_set_up(to, dev) : 0;
}

static bool is_loopback(const struct nstrack_ipaddr *a)
{
	static const uint8_t v6[16] = { [15] = 1 };

	if (a->family == AF_INET)
		return a->addr[0] == 127;
	return !memcmp(a->addr, v6, sizeof(v6));
}

static size_t addr_len(const struct nstrack_ipaddr *a)
{
	return a->family == AF_INET ? 4 : 16;
}

int nstrack_rtnl_addr_add(struct nstrack_rtnl *rt, const char *dev,
			  const struct nstrack_ipaddr *a)
{
	char cidr[INET6_ADDRSTRLEN + 8], action[INET6_ADDRSTRLEN + 32];
	struct nstrack_link l;
	struct ifaddrmsg *ifa;
	struct nlmsghdr *req;
	struct shown b;
	int err;

	err = nstrack_rtnl_link_get(rt, dev, &l);
	if (err)
		return err;
	nstrack_ipaddr_format(a, true, cidr, sizeof(cidr));

	memset(rt->tx, 0, sizeof(rt->tx));
	req = mnl_nlmsg_put_header(rt->tx);
	req->nlmsg_type = RTM_NEWADDR;
	req->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL;
	ifa = mnl_nlmsg_put_extra_header(req, sizeof(*ifa));
	ifa->ifa_family = (uint8_t)a->family;
	ifa->ifa_prefixlen = (uint8_t)a->prefix;
	ifa->ifa_scope = is_loopback(a) ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
	ifa->ifa_index = (uint32_t)l.ifindex;
	mnl_attr_put(req, IFA_LOCAL, addr_len(a), a->addr);
	mnl_attr_put(req, IFA_ADDRESS, addr_len(a), a->addr);
	if (a->family == AF_INET && a->prefix <= 30) {
		uint32_t brd, host;

		host = (uint32_t)(((uint64_t)1 << (32 - a->prefix)) - 1);

		memcpy(&brd, a->addr, 4);
		brd |= htonl(host);
		mnl_attr_put(req, IFA_BROADCAST, 4, &brd);
	}

	err = transact(rt, req, 0, NULL, NULL);
	if (err == -EEXIST) {
		nstrack_err("%s: address already exists on %s in %s", cidr,
			    show(&b, l.name), rt->where);
	} else if (err == -ENODEV) {
		no_such_device(rt, dev);
	} else if (err) {
		snprintf(action, sizeof(action), "cannot add address %s", cidr);
		report(rt, err, show(&b, l.name), action);
	}
	return err;
}

int nstrack_rtnl_addr_del(struct nstrack_rtnl *rt, const char *dev,
			  const struct nstrack_ipaddr *a)
{
	char cidr[INET6_ADDRSTRLEN + 8], action[INET6_ADDRSTRLEN + 32];
	struct nstrack_link l;
	struct ifaddrmsg *ifa;
	struct nlmsghdr *req;
	struct shown b;
	int err;

	err = nstrack_rtnl_link_get(rt, dev, &l);
	if (err)
		return err;
	nstrack_ipaddr_format(a, true, cidr, sizeof(cidr));

	memset(rt->tx, 0, sizeof(rt->tx));
	req = mnl_nlmsg_put_header(rt->tx);
	req->nlmsg_type = RTM_DELADDR;
	req->nlmsg_flags = NLM_F_REQUEST;
	ifa = mnl_nlmsg_put_extra_header(req, sizeof(*ifa));
	ifa->ifa_family = (uint8_t)a->family;
	ifa->ifa_prefixlen = (uint8_t)a->prefix;
	ifa->ifa_index = (uint32_t)l.ifindex;
	mnl_attr_put(req, IFA_LOCAL, addr_len(a), a->addr);

	err = transact(rt, req, 0, NULL, NULL);
	if (err == -EADDRNOTAVAIL) {
		nstrack_err("%s: no such address on %s in %s", cidr,
			    show(&b, l.name), rt->where);
	} else if (err == -ENODEV) {
		no_such_device(rt, dev);
	} else if (err) {
		snprintf(action, sizeof(action), "cannot remove address %s",
			 cidr);
		report(rt, err, show(&b, l.name), action);
	}
	return err;
}

struct addr_query {
	const struct nstrack_ipaddr *a;
	int ifindex;
	bool found;
	unsigned int prefix;
};

static int addr_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type == IFA_LOCAL || type == IFA_ADDRESS)
		tb[type] = attr;
	return MNL_CB_OK;
}

static int addr_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IFA_MAX + 1] = { NULL };
	struct addr_query *q = data;
	const struct ifaddrmsg *ifa;
	const struct nlattr *local;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifa)) ||
	    mnl_attr_parse(nlh, sizeof(*ifa), addr_attr_cb, tb) != MNL_CB_OK) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	ifa = mnl_nlmsg_get_payload(nlh);
	if (ifa->ifa_family != q->a->family ||
	    (int)ifa->ifa_index != q->ifindex)
		return MNL_CB_OK;
	/* IFA_LOCAL is the address; IFA_ADDRESS only the peer, if both */
	local = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (!local || mnl_attr_get_payload_len(local) != addr_len(q->a)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (!q->found &&
	    !memcmp(mnl_attr_get_payload(local), q->a->addr, addr_len(q->a))) {
		q->found = true;
		q->prefix = ifa->ifa_prefixlen;
	}
	return MNL_CB_OK;
}

int nstrack_rtnl_addr_find(struct nstrack_rtnl *rt, const char *dev,
			   const struct nstrack_ipaddr *a, unsigned int *prefix)
{
	struct addr_query q = { .a = a };
	struct nstrack_link l;
	struct ifaddrmsg *ifa;
	struct nlmsghdr *req;
	struct shown b;
	int err;

	err = nstrack_rtnl_link_get(rt, dev, &l);
	if (err)
		return err;
	q.ifindex = l.ifindex;

	memset(rt->tx, 0, sizeof(rt->tx));
	req = mnl_nlmsg_put_header(rt->tx);
	req->nlmsg_type = RTM_GETADDR;
	req->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	ifa = mnl_nlmsg_put_extra_header(req, sizeof(*ifa));
	ifa->ifa_family = (uint8_t)a->family;
	err = transact(rt, req, RTM_NEWADDR, addr_cb, &q);
	if (err) {
		report(rt, err, show(&b, l.name), "cannot list the addresses");
		return err;
	}
	if (q.found && prefix)
		*prefix = q.prefix;
	return q.found;
}

int nstrack_rtnl_route_add_default(struct nstrack_rtnl *rt,
				   const struct nstrack_ipaddr *gw,
				   const char *dev)
{
	char addr[INET6_ADDRSTRLEN + 8], obj[INET6_ADDRSTRLEN + 24];
	struct nstrack_link l = { 0 };
	struct nlmsghdr *req;
	struct rtmsg *rtm;
	int err;

	if (dev) {
		err = nstrack_rtnl_link_get(rt, dev, &l);
		if (err)
			return err;
	}
	nstrack_ipaddr_format(gw, false, addr, sizeof(addr));
	snprintf(obj, sizeof(obj), "default via %s", addr);

	memset(rt->tx, 0, sizeof(rt->tx));
	req = mnl_nlmsg_put_header(rt->tx);
	req->nlmsg_type = RTM_NEWROUTE;
	req->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL;
	rtm = mnl_nlmsg_put_extra_header(req, sizeof(*rtm));
	rtm->rtm_family = (uint8_t)gw->family;
	rtm->rtm_dst_len = 0;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_STATIC;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	rtm->rtm_type = RTN_UNICAST;
	mnl_attr_put(req, RTA_GATEWAY, addr_len(gw), gw->addr);
	if (dev)
		mnl_attr_put_u32(req, RTA_OIF, (uint32_t)l.ifindex);

	err = transact(rt, req, 0, NULL, NULL);
	if (err == -EEXIST)
		nstrack_err("%s: a default route already exists in %s", obj,
			    rt->where);
	else if (err == -ENETUNREACH && !rt->extack[0])
		nstrack_err("%s: gateway unreachable in %s (no address in its subnet)",
			    obj, rt->where);
	else if (err == -ENODEV && dev)
		no_such_device(rt, dev);
	else if (err)
		report(rt, err, obj, "cannot add route");
	return err;
}

/* ---- parsing ---- */

const char *nstrack_ifname_invalid(const char *name)
{
	const char *p;

	if (!name || !*name)
		return "empty device name";
	if (strnlen(name, IFNAMSIZ) >= IFNAMSIZ)
		return "name too long (at most 15 characters)";
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return "invalid device name ('.' and '..' are reserved)";
	for (p = name; *p; p++) {
		if (*p == '/')
			return "invalid device name (contains '/')";
		if (*p == ':')
			return "invalid device name (contains ':')";
		if (isspace((unsigned char)*p))
			return "invalid device name (contains whitespace)";
	}
	return NULL;
}

/* Is the address one an interface may have (or a gateway be)? */
static bool unicast(const struct nstrack_ipaddr *a)
{
	static const uint8_t zero[16];

	if (!memcmp(a->addr, zero, addr_len(a)))
		return false;				/* unspecified */
	if (a->family == AF_INET)
		return (a->addr[0] & 0xf0) != 0xe0 &&	/* 224.0.0.0/4 */
		       memcmp(a->addr, "\xff\xff\xff\xff", 4);
	return a->addr[0] != 0xff;			/* ff00::/8 */
}

/* The address part (len bytes of s) into a; 0 or -EINVAL with *why. */
static int parse_addr(const char *s, size_t len, struct nstrack_ipaddr *a,
		      const char **why)
{
	char buf[INET6_ADDRSTRLEN + 1];

	if (len == 0 || len >= sizeof(buf)) {
		*why = "not an IPv4 or IPv6 address";
		return -EINVAL;
	}
	memcpy(buf, s, len);
	buf[len] = '\0';
	a->family = strchr(buf, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(a->family, buf, a->addr) != 1) {
		*why = "not an IPv4 or IPv6 address";
		return -EINVAL;
	}
	if (!unicast(a)) {
		*why = "not a unicast address";
		return -EINVAL;
	}
	a->prefix = a->family == AF_INET ? 32 : 128;
	return 0;
}

int nstrack_cidr_parse(const char *s, struct nstrack_ipaddr *a,
		       const char **why)
{
	const char *slash, *p, *dummy;
	unsigned int prefix = 0, max;
	int err;

	if (!why)
		why = &dummy;
	memset(a, 0, sizeof(*a));
	slash = s ? strchr(s, '/') : NULL;
	if (!slash) {
		*why = "missing /PREFIX, e.g. 10.0.0.1/24";
		return -EINVAL;
	}
	err = parse_addr(s, (size_t)(slash - s), a, why);
	if (err) {
		memset(a, 0, sizeof(*a));
		return err;
	}
	max = a->prefix;
	for (p = slash + 1; *p >= '0' && *p <= '9' && p - slash <= 3; p++)
		prefix = prefix * 10 + (unsigned int)(*p - '0');
	if (p == slash + 1 || *p || prefix > max) {
		*why = a->family == AF_INET ?
			"prefix must be a number from 0 to 32" :
			"prefix must be a number from 0 to 128";
		memset(a, 0, sizeof(*a));
		return -EINVAL;
	}
	a->prefix = prefix;
	return 0;
}

int nstrack_ip_parse(const char *s, struct nstrack_ipaddr *a,
		     const char **why)
{
	const char *dummy;

	if (!why)
		why = &dummy;
	memset(a, 0, sizeof(*a));
	if (s && strchr(s, '/')) {
		*why = "an address without /PREFIX is expected";
		return -EINVAL;
	}
	if (!s || parse_addr(s, strlen(s), a, why)) {
		memset(a, 0, sizeof(*a));
		return -EINVAL;
	}
	return 0;
}

void nstrack_ipaddr_format(const struct nstrack_ipaddr *a, bool with_prefix,
			   char *buf, size_t len)
{
	char s[INET6_ADDRSTRLEN];

	if (!inet_ntop(a->family, a->addr, s, sizeof(s)))
		snprintf(s, sizeof(s), "?");
	if (with_prefix)
		snprintf(buf, len, "%s/%u", s, a->prefix);
	else
		snprintf(buf, len, "%s", s);
}
