// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack - network namespace ids over rtnetlink (libmnl).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>

#include "nsid.h"
#include "util.h"

/* One request while its replies are processed. */
struct nsid_run {
	struct nstrack_nl *nl;
	int err;			/* negative errno, 0 while all is well */
	unsigned int replies;
	int32_t *one;			/* get: where the answer goes */
	int32_t *v;			/* dump: the ids so far */
	size_t n, cap;
};

static ssize_t sock_send(struct nstrack_nl *nl, const void *buf, size_t len)
{
	return mnl_socket_sendto(nl->sock, buf, len);
}

static ssize_t sock_recv(struct nstrack_nl *nl, void *buf, size_t len)
{
	return mnl_socket_recvfrom(nl->sock, buf, len);
}

int nstrack_nsid_open(struct nstrack_nl *nl)
{
	int one = 1, err;

	err = nstrack_nl_init(nl);
	if (err) {
		nstrack_err("out of memory");
		return err;
	}
	nl->sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!nl->sock || mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		nstrack_err("cannot open a rtnetlink socket: %s",
			    strerror(-err));
		nstrack_nl_close(nl);
		return err;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (uint32_t)time(NULL);
	nl->send = sock_send;
	nl->recv = sock_recv;
	/* both only make error acks nicer */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	return 0;
}

static int nsid_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type != NETNSA_NSID)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
		return MNL_CB_ERROR;
	tb[type] = attr;
	return MNL_CB_OK;
}

int nstrack_nsid_parse(const struct nlmsghdr *nlh, int32_t *nsid)
{
	const struct nlattr *tb[NETNSA_MAX + 1] = { NULL };

	if (nlh->nlmsg_type != RTM_NEWNSID ||
	    nlh->nlmsg_len < mnl_nlmsg_size(MNL_ALIGN(sizeof(struct rtgenmsg))) ||
	    mnl_attr_parse(nlh, sizeof(struct rtgenmsg), nsid_attr_cb, tb) !=
	    MNL_CB_OK || !tb[NETNSA_NSID])
		return -EBADMSG;
	*nsid = (int32_t)mnl_attr_get_u32(tb[NETNSA_NSID]);
	return 0;
}

static int data_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct nsid_run *r = arg;
	int32_t nsid, *nv;

	if (nstrack_nsid_parse(nlh, &nsid) < 0) {
		r->err = nlh->nlmsg_type == RTM_NEWNSID ? -EBADMSG : -EPROTO;
		return MNL_CB_ERROR;
	}
	r->replies++;
	if (r->one) {
		*r->one = nsid;
		return MNL_CB_OK;
	}
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		nv = realloc(r->v, r->cap * sizeof(*nv));
		if (!nv) {
			r->err = -ENOMEM;
			return MNL_CB_ERROR;
		}
		r->v = nv;
	}
	r->v[r->n++] = nsid;
	return MNL_CB_OK;
}

static int extack_attr_cb(const struct nlattr *attr, void *data)
{
	const char **msg = data;

	if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
		*msg = mnl_attr_get_str(attr);
	return MNL_CB_OK;
}

/* The kernel's message after off bytes of nlh, if it sent one. */
static void save_extack(struct nstrack_nl *nl, const struct nlmsghdr *nlh,
			uint64_t off)
{
	const char *msg = NULL;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || off >= nlh->nlmsg_len)
		return;
	mnl_attr_parse_payload((const char *)nlh + off, nlh->nlmsg_len - off,
			       extack_attr_cb, &msg);
	if (msg)
		nstrack_sanitize(nl->extack, sizeof(nl->extack), msg);
}

static int neg_errno(int e)
{
	if (e == INT_MIN)
		return -EPROTO;
	return e < 0 ? e : -e;
}

static int error_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct nsid_run *r = arg;
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	uint64_t off;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e))) {
		r->err = -EBADMSG;
		return MNL_CB_ERROR;
	}
	if (e->error == 0)
		return MNL_CB_STOP;
	r->err = neg_errno(e->error);
	/* the TLVs follow the echoed request, or only its header if capped */
	if (nlh->nlmsg_flags & NLM_F_CAPPED)
		off = sizeof(*e);
	else
		off = sizeof(e->error) + (uint64_t)e->msg.nlmsg_len;
	save_extack(r->nl, nlh, MNL_NLMSG_HDRLEN + MNL_ALIGN(off));
	return MNL_CB_ERROR;
}

static int done_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct nsid_run *r = arg;
	int status;

	if (nlh->nlmsg_len >= mnl_nlmsg_size(sizeof(status))) {
		memcpy(&status, mnl_nlmsg_get_payload(nlh), sizeof(status));
		if (status < 0) {
			r->err = neg_errno(status);
			save_extack(r->nl, nlh,
				    MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(status)));
			return MNL_CB_ERROR;
		}
	}
	return MNL_CB_STOP;
}

/* not const: mnl_cb_run2() takes a non-const array in libmnl 1.0.4 */
static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_ERROR]	= error_cb,
	[NLMSG_DONE]	= done_cb,
};

static struct nlmsghdr *request(struct nstrack_nl *nl, uint16_t type,
				uint16_t flags)
{
	struct nlmsghdr *nlh;
	struct rtgenmsg *g;

	memset(nl->tx, 0, sizeof(nl->tx));
	nlh = mnl_nlmsg_put_header(nl->tx);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	return nlh;
}

/* Send req and process replies until the ack or NLMSG_DONE. */
static int transact(struct nstrack_nl *nl, struct nlmsghdr *req,
		    struct nsid_run *r)
{
	int ret;

	nl->extack[0] = '\0';
	r->nl = nl;
	if (++nl->seq == 0)
		nl->seq = 1;
	req->nlmsg_seq = nl->seq;
	if (nl->send(nl, req, req->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		ssize_t n = nl->recv(nl, nl->rx, NSTRACK_NL_RXBUF);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -ENODATA;
		errno = 0;
		ret = mnl_cb_run2(nl->rx, (size_t)n, req->nlmsg_seq, nl->portid,
				  data_cb, r, ctl_cbs, ARRAY_SIZE(ctl_cbs));
		if (ret == MNL_CB_ERROR)
			return r->err ? r->err : (errno ? -errno : -EPROTO);
		if (ret == MNL_CB_STOP)
			return 0;
	}
}

static void report(const struct nstrack_nl *nl, int err, const char *what)
{
	if (err == -EPERM || err == -EACCES)
		nstrack_err("%s: permission denied (CAP_NET_ADMIN is required)",
			    what);
	else if (nl->extack[0])
		nstrack_err("%s: %s", what, nl->extack);
	else if (err == -EBADMSG)
		nstrack_err("%s: malformed reply from the kernel", what);
	else if (err == -ENODATA)
		nstrack_err("%s: no reply from the kernel", what);
	else if (err == -ENOMEM)
		nstrack_err("out of memory");
	else
		nstrack_err("%s: %s", what, strerror(-err));
}

int nstrack_nsid_get(struct nstrack_nl *nl, int fd, int32_t *nsid,
		     const char *what)
{
	struct nsid_run r = { .one = nsid };
	struct nlmsghdr *req;
	int err;

	req = request(nl, RTM_GETNSID, NLM_F_ACK);
	mnl_attr_put_u32(req, NETNSA_FD, (uint32_t)fd);
	err = transact(nl, req, &r);
	if (!err && r.replies != 1)
		err = r.replies ? -EPROTO : -ENODATA;
	if (err)
		report(nl, err, what);
	return err;
}

int nstrack_nsid_set(struct nstrack_nl *nl, int fd, int32_t nsid,
		     const char *what)
{
	struct nsid_run r = { 0 };
	struct nlmsghdr *req;
	int err;

	req = request(nl, RTM_NEWNSID, NLM_F_ACK);
	mnl_attr_put_u32(req, NETNSA_FD, (uint32_t)fd);
	mnl_attr_put_u32(req, NETNSA_NSID, (uint32_t)nsid);
	err = transact(nl, req, &r);
	free(r.v);		/* a reply "set" did not expect was kept */
	if (!err && r.replies)
		err = -EPROTO;
	if (err)
		report(nl, err, what);
	return err;
}

static int id_cmp(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

int nstrack_nsid_dump(struct nstrack_nl *nl, int32_t **v, size_t *n)
{
	struct nsid_run r = { 0 };
	struct nlmsghdr *req;
	int err;

	req = request(nl, RTM_GETNSID, NLM_F_DUMP);
	err = transact(nl, req, &r);
	if (err) {
		report(nl, err, "cannot list the nsids");
		free(r.v);
		*v = NULL;
		*n = 0;
		return err;
	}
	if (r.n > 1)
		qsort(r.v, r.n, sizeof(*r.v), id_cmp);
	*v = r.v;
	*n = r.n;
	return 0;
}
