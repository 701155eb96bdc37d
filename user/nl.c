// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack - generic netlink requests over libmnl.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/nstrack.h>

#include "attr.h"
#include "nl.h"
#include "util.h"

/* State of one request while its replies are processed. */
struct run_state {
	struct nstrack_nl *nl;
	uint16_t type;		/* nlmsg_type every data reply must have */
	mnl_cb_t cb;
	void *data;
	int err;		/* negative errno, 0 while all is well */
	bool interrupted;	/* some reply had NLM_F_DUMP_INTR */
	unsigned int replies;
};

static ssize_t sock_send(struct nstrack_nl *nl, const void *buf, size_t len)
{
	return mnl_socket_sendto(nl->sock, buf, len);
}

static ssize_t sock_recv(struct nstrack_nl *nl, void *buf, size_t len)
{
	return mnl_socket_recvfrom(nl->sock, buf, len);
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

/* Keep the NLMSGERR_ATTR_MSG found off bytes into nlh, if any. */
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

static int error_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct run_state *st = arg;
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	uint64_t off;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e))) {
		st->err = -EBADMSG;
		return MNL_CB_ERROR;
	}
	if (e->error == 0)
		return MNL_CB_STOP;		/* the ack of a "do" request */

	st->err = neg_errno(e->error);
	/*
	 * The TLVs follow the echoed request: only its header if the kernel
	 * capped it (NETLINK_CAP_ACK), otherwise the whole request.
	 */
	if (nlh->nlmsg_flags & NLM_F_CAPPED)
		off = sizeof(*e);
	else
		off = sizeof(e->error) + (uint64_t)e->msg.nlmsg_len;
	save_extack(st->nl, nlh, MNL_NLMSG_HDRLEN + MNL_ALIGN(off));
	return MNL_CB_ERROR;
}

static int done_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct run_state *st = arg;
	int status;

	/* NLMSG_DONE carries the dump's final status */
	if (nlh->nlmsg_len >= mnl_nlmsg_size(sizeof(status))) {
		memcpy(&status, mnl_nlmsg_get_payload(nlh), sizeof(status));
		if (status < 0) {
			st->err = neg_errno(status);
			save_extack(st->nl, nlh,
				    MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(status)));
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

	if (nlh->nlmsg_type != st->type) {
		st->err = -EPROTO;
		return MNL_CB_ERROR;
	}
	st->replies++;
	if (!st->cb)
		return MNL_CB_OK;
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
 * Note and clear NLM_F_DUMP_INTR on every message of a received batch:
 * mnl_cb_run() would stop at the first flagged message, but an interrupted
 * dump must still be read to its end, both to retry on a clean socket and
 * to keep the last result.  Returns the number of trailing bytes that do
 * not form a whole message (0 for anything the kernel sends).
 */
static int scan_batch(void *buf, size_t len, struct run_state *st)
{
	struct nlmsghdr *nlh = buf;
	int rest = (int)len;

	while (nstrack_nlmsg_ok(nlh, rest)) {
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR) {
			st->interrupted = true;
			nlh->nlmsg_flags &= ~NLM_F_DUMP_INTR;
		}
		nlh = mnl_nlmsg_next(nlh, &rest);
	}
	return rest > 0 ? rest : 0;
}

/* Send req, process replies until the ack or NLMSG_DONE.  0 or -errno. */
static int transact(struct nstrack_nl *nl, struct nlmsghdr *req,
		    struct run_state *st)
{
	int ret;

	nl->extack[0] = '\0';
	st->nl = nl;
	st->type = req->nlmsg_type;
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
		if (scan_batch(nl->rx, (size_t)n, st))
			return -EBADMSG;

		errno = 0;
		ret = mnl_cb_run2(nl->rx, (size_t)n, req->nlmsg_seq, nl->portid,
				  data_cb, st, ctl_cbs, ARRAY_SIZE(ctl_cbs));
		if (ret == MNL_CB_ERROR)
			return st->err ? st->err : (errno ? -errno : -EPROTO);
		if (ret == MNL_CB_STOP)
			return 0;
	}
}

static uint8_t genl_cmd(const struct nlmsghdr *req)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(req);

	return genl->cmd;
}

/*
 * The one error line for a failed request.  ENOENT from a "do" is the
 * namespace asked for, or, for any other command, the family gone; so is
 * an ENOENT without a message from a dump.  EPROTONOSUPPORT is a dump
 * started while the module is being unloaded.
 */
static void report(const struct nstrack_nl *nl, int err, bool doit,
		   uint8_t cmd, const char *what)
{
	if (err == -EPERM || err == -EACCES)
		nstrack_err("permission denied (CAP_NET_ADMIN is required)");
	else if (doit && err == -ENOENT && cmd == NSTRACK_CMD_NETNS_GET)
		nstrack_err("no such namespace: %s", what);
	else if ((err == -ENOENT && (doit || !nl->extack[0])) ||
		 err == -EPROTONOSUPPORT)
		nstrack_err("kernel module not loaded (load it with: sudo modprobe nstrack)");
	else if (nl->extack[0])
		nstrack_err("%s", nl->extack);
	else if (err == -EBADMSG)
		nstrack_err("%s: malformed reply from the kernel", what);
	else if (err == -ENODATA)
		nstrack_err("%s: no reply from the kernel", what);
	else
		nstrack_err("%s: %s", what, strerror(-err));
}

int nstrack_nl_init(struct nstrack_nl *nl)
{
	memset(nl, 0, sizeof(*nl));
	nl->rx = malloc(NSTRACK_NL_RXBUF);
	if (!nl->rx)
		return -ENOMEM;
	return 0;
}

void nstrack_nl_close(struct nstrack_nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
	free(nl->rx);
	nl->rx = NULL;
}

static struct nlmsghdr *request(struct nstrack_nl *nl, uint16_t type,
				uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;

	memset(nl->tx, 0, sizeof(nl->tx));
	nlh = mnl_nlmsg_put_header(nl->tx);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

struct nlmsghdr *nstrack_nl_request(struct nstrack_nl *nl, uint8_t cmd)
{
	return request(nl, nl->family_id, cmd, NSTRACK_FAMILY_VERSION);
}

static int family_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type == CTRL_ATTR_FAMILY_ID) {
		if (mnl_attr_validate(attr, MNL_TYPE_U16) < 0)
			return MNL_CB_ERROR;
	} else if (type == CTRL_ATTR_VERSION) {
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
	} else if (type == CTRL_ATTR_MCAST_GROUPS) {
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
			return MNL_CB_ERROR;
	} else {
		return MNL_CB_OK;
	}
	tb[type] = attr;
	return MNL_CB_OK;
}

static int mcast_group_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type == CTRL_ATTR_MCAST_GRP_NAME) {
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
			return MNL_CB_ERROR;
	} else if (type == CTRL_ATTR_MCAST_GRP_ID) {
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
	} else {
		return MNL_CB_OK;
	}
	tb[type] = attr;
	return MNL_CB_OK;
}

/* One nest of CTRL_ATTR_MCAST_GROUPS: note the id of the events group. */
static int mcast_groups_cb(const struct nlattr *grp, void *data)
{
	const struct nlattr *tb[CTRL_ATTR_MCAST_GRP_MAX + 1] = { NULL };
	struct nstrack_nl *nl = data;

	if (mnl_attr_validate(grp, MNL_TYPE_NESTED) < 0 ||
	    mnl_attr_parse_nested(grp, mcast_group_attr_cb, tb) != MNL_CB_OK)
		return MNL_CB_ERROR;
	if (tb[CTRL_ATTR_MCAST_GRP_NAME] && tb[CTRL_ATTR_MCAST_GRP_ID] &&
	    !strcmp(mnl_attr_get_str(tb[CTRL_ATTR_MCAST_GRP_NAME]),
		    NSTRACK_MCGRP_EVENTS))
		nl->events_group = mnl_attr_get_u32(tb[CTRL_ATTR_MCAST_GRP_ID]);
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1] = { NULL };
	const size_t hdrlen = MNL_NLMSG_HDRLEN + GENL_HDRLEN;
	struct nstrack_nl *nl = data;

	if (nlh->nlmsg_len < hdrlen ||
	    mnl_attr_parse_payload((const char *)nlh + hdrlen,
				   nlh->nlmsg_len - hdrlen, family_attr_cb,
				   tb) != MNL_CB_OK ||
	    !tb[CTRL_ATTR_FAMILY_ID]) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	nl->family_id = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	if (tb[CTRL_ATTR_VERSION])
		nl->family_version = mnl_attr_get_u32(tb[CTRL_ATTR_VERSION]);
	if (tb[CTRL_ATTR_MCAST_GROUPS] &&
	    mnl_attr_parse_nested(tb[CTRL_ATTR_MCAST_GROUPS], mcast_groups_cb,
				  nl) != MNL_CB_OK) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

int nstrack_nl_resolve_family(struct nstrack_nl *nl)
{
	struct run_state st = { .cb = family_cb, .data = nl };
	struct nlmsghdr *req;
	int err;

	req = request(nl, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	req->nlmsg_flags |= NLM_F_ACK;
	mnl_attr_put_strz(req, CTRL_ATTR_FAMILY_NAME, NSTRACK_FAMILY_NAME);

	nl->family_id = 0;
	nl->events_group = 0;
	err = transact(nl, req, &st);
	if (!err && !nl->family_id)
		err = -ENODATA;
	if (err == -ENOENT)
		nstrack_err("kernel module not loaded (load it with: sudo modprobe nstrack)");
	else if (err)
		report(nl, err, false, 0, "resolving the " NSTRACK_FAMILY_NAME
		       " netlink family");
	return err;
}

int nstrack_nl_open(struct nstrack_nl *nl)
{
	int one = 1, err;

	err = nstrack_nl_init(nl);
	if (err) {
		nstrack_err("out of memory");
		return err;
	}
	nl->sock = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC);
	if (!nl->sock || mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		nstrack_err("cannot open a generic netlink socket: %s",
			    strerror(-err));
		nstrack_nl_close(nl);
		return err;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (uint32_t)time(NULL);
	nl->send = sock_send;
	nl->recv = sock_recv;

	/* both only make error acks nicer; old kernels may lack them */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));

	err = nstrack_nl_resolve_family(nl);
	if (err)
		nstrack_nl_close(nl);
	return err;
}

int nstrack_nl_doit(struct nstrack_nl *nl, struct nlmsghdr *req, mnl_cb_t cb,
		    void *data, const char *what)
{
	struct run_state st = { .cb = cb, .data = data };
	int err;

	req->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	err = transact(nl, req, &st);
	if (!err && !st.replies)
		err = -ENODATA;
	if (err)
		report(nl, err, true, genl_cmd(req), what);
	return err;
}

static int dump(struct nstrack_nl *nl, struct nlmsghdr *req, mnl_cb_t cb,
		void (*reset)(void *data), void *data, const char *what,
		unsigned int retries)
{
	unsigned int attempt;
	int err;

	req->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	for (attempt = 1;; attempt++) {
		struct run_state st = { .cb = cb, .data = data };

		if (attempt > 1 && reset)
			reset(data);
		nl->dump_attempts = attempt;
		err = transact(nl, req, &st);
		if (err) {
			report(nl, err, false, 0, what);
			return err;
		}
		if (!st.interrupted || !retries)
			return 0;
		if (attempt > retries) {
			nstrack_warn("namespaces kept changing during the dump (%u attempts); the result may be inconsistent",
				     attempt);
			return 0;
		}
	}
}

int nstrack_nl_dump(struct nstrack_nl *nl, struct nlmsghdr *req, mnl_cb_t cb,
		    void (*reset)(void *data), void *data, const char *what)
{
	return dump(nl, req, cb, reset, data, what, NSTRACK_DUMP_RETRIES);
}

int nstrack_nl_dump_once(struct nstrack_nl *nl, struct nlmsghdr *req,
			 mnl_cb_t cb, void *data, const char *what)
{
	return dump(nl, req, cb, NULL, data, what, 0);
}

struct mnl_socket *nstrack_nl_events_open(const struct nstrack_nl *nl,
					  int rcvbuf)
{
	struct mnl_socket *sock;
	int group = (int)nl->events_group, err;

	if (!nl->events_group) {
		nstrack_err("the loaded nstrack module has no '%s' multicast group (module older than the tool?)",
			    NSTRACK_MCGRP_EVENTS);
		return NULL;
	}
	sock = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC);
	if (!sock || mnl_socket_bind(sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		nstrack_err("cannot open a generic netlink socket: %s",
			    strerror(errno));
		goto fail;
	}
	/* FORCE goes past rmem_max but needs CAP_NET_ADMIN: try both */
	if (rcvbuf > 0 &&
	    setsockopt(mnl_socket_get_fd(sock), SOL_SOCKET, SO_RCVBUFFORCE,
		       &rcvbuf, sizeof(rcvbuf)) < 0 &&
	    setsockopt(mnl_socket_get_fd(sock), SOL_SOCKET, SO_RCVBUF,
		       &rcvbuf, sizeof(rcvbuf)) < 0) {
		nstrack_err("cannot set the receive buffer to %d bytes: %s",
			    rcvbuf, strerror(errno));
		goto fail;
	}
	if (mnl_socket_setsockopt(sock, NETLINK_ADD_MEMBERSHIP, &group,
				  sizeof(group)) < 0) {
		err = errno;
		if (err == EPERM || err == EACCES)
			nstrack_err("permission denied joining the events group (CAP_NET_ADMIN is required)");
		else
			nstrack_err("cannot join the events group: %s",
				    strerror(err));
		goto fail;
	}
	return sock;
fail:
	if (sock)
		mnl_socket_close(sock);
	return NULL;
}
