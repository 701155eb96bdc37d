// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack - the NAT of "connect --nat" over nftables' netlink API
 * (libnftnl builds and parses the objects, libmnl carries them).
 *
 * Changes go in one batch per call, so the kernel applies all of it or
 * none; every message asks for an ack so that a failure is seen and
 * reported with the kernel's extack text.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>
#include <netinet/ip.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/common.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/table.h>
#include <libnftnl/udata.h>

#include "attr.h"
#include "nft.h"
#include "util.h"

#define IP_FORWARD	"/proc/sys/net/ipv4/ip_forward"
/* the table's comment when it turned forwarding on */
#define FORWARD_WAS_OFF	"nstrack: ip_forward was 0"
#define NFT_BUF		(64 << 10)
#define NFT_MAX_RULES	1024
#define TAG_PREFIX	"nstrack connect "
/* a tag of any name: no two names may share one */
#define TAG_LEN		(sizeof(TAG_PREFIX) + NAME_MAX)
/* the longest name whose tag fits in a comment (2 bytes of TLV, NUL) */
#define TAG_NAME_MAX	((int)(NFT_USERDATA_MAXLEN - 3 - (sizeof(TAG_PREFIX) - 1)))

struct nft {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;
	char *buf;
	struct mnl_nlmsg_batch *batch;
	unsigned int acks;		/* acks the batch asks for */
	char extack[256];
};

void nstrack_nft_tag(char *buf, size_t len, const char *ns)
{
	snprintf(buf, len, TAG_PREFIX "%s", ns);
}

static int nft_open(struct nft *n)
{
	int one = 1;

	memset(n, 0, sizeof(*n));
	n->buf = malloc(NFT_BUF);
	if (!n->buf)
		return -ENOMEM;
	n->sock = mnl_socket_open2(NETLINK_NETFILTER, SOCK_CLOEXEC);
	if (!n->sock || mnl_socket_bind(n->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		int err = -errno;

		if (n->sock)
			mnl_socket_close(n->sock);
		free(n->buf);
		return err;
	}
	mnl_socket_setsockopt(n->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	n->portid = mnl_socket_get_portid(n->sock);
	n->seq = (uint32_t)time(NULL);
	return 0;
}

static void nft_close(struct nft *n)
{
	if (n->batch)		/* a batch given up before it was sent */
		mnl_nlmsg_batch_stop(n->batch);
	n->batch = NULL;
	if (n->sock)
		mnl_socket_close(n->sock);
	free(n->buf);
	n->sock = NULL;
	n->buf = NULL;
}

static int extack_cb(const struct nlattr *attr, void *data)
{
	struct nft *n = data;

	if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
		nstrack_sanitize(n->extack, sizeof(n->extack),
				 mnl_attr_get_str(attr));
	return MNL_CB_OK;
}

/*
 * What the callbacks of one exchange get: error_cb keeps the extack text
 * in n, the data callback (if any) gets data.
 */
struct run {
	struct nft *n;
	mnl_cb_t cb;
	void *data;
};

static int run_data_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct run *run = arg;

	return run->cb(nlh, run->data);
}

/* An ack (0) or an error (-errno, its extack text kept). */
static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	struct nft *n = ((struct run *)data)->n;
	size_t off;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (!e->error)
		return MNL_CB_STOP;
	off = nlh->nlmsg_flags & NLM_F_CAPPED ? sizeof(*e) :
	      sizeof(e->error) + e->msg.nlmsg_len;
	off = MNL_NLMSG_HDRLEN + MNL_ALIGN(off);
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && off < nlh->nlmsg_len)
		mnl_attr_parse_payload((const char *)nlh + off,
				       nlh->nlmsg_len - off, extack_cb, n);
	errno = e->error < 0 ? -e->error : e->error;
	return MNL_CB_ERROR;
}

/* The end of a dump, which may carry the dump's error. */
static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	int status;

	(void)data;
	if (nlh->nlmsg_len >= mnl_nlmsg_size(sizeof(status))) {
		memcpy(&status, mnl_nlmsg_get_payload(nlh), sizeof(status));
		if (status < 0) {
			errno = -status;
			return MNL_CB_ERROR;
		}
	}
	return MNL_CB_STOP;
}

static void batch_start(struct nft *n)
{
	n->batch = mnl_nlmsg_batch_start(n->buf, NFT_BUF);
	nftnl_batch_begin(mnl_nlmsg_batch_current(n->batch), n->seq++);
	mnl_nlmsg_batch_next(n->batch);
	n->acks = 0;
}

static struct nlmsghdr *batch_msg(struct nft *n, uint16_t type, uint16_t flags)
{
	n->acks++;
	return nftnl_nlmsg_build_hdr(mnl_nlmsg_batch_current(n->batch), type,
				     NFPROTO_IPV4, flags | NLM_F_ACK, n->seq++);
}

/* Send the batch and wait for every ack.  0 or -errno. */
static int batch_commit(struct nft *n)
{
	static mnl_cb_t ctl[NLMSG_MIN_TYPE] = { [NLMSG_ERROR] = error_cb };
	struct run run = { .n = n };
	unsigned int acked = 0;
	ssize_t len;
	int ret;

	nftnl_batch_end(mnl_nlmsg_batch_current(n->batch), n->seq++);
	mnl_nlmsg_batch_next(n->batch);
	if (mnl_socket_sendto(n->sock, mnl_nlmsg_batch_head(n->batch),
			      mnl_nlmsg_batch_size(n->batch)) < 0)
		return -errno;
	mnl_nlmsg_batch_stop(n->batch);
	n->batch = NULL;
	while (acked < n->acks) {
		len = mnl_socket_recvfrom(n->sock, n->buf, NFT_BUF);
		if (len < 0)
			return -errno;
		/* each datagram may carry several acks: count them */
		{
			const struct nlmsghdr *nlh = (const void *)n->buf;
			int rest = (int)len;

			while (nstrack_nlmsg_ok(nlh, rest)) {
				errno = 0;
				ret = mnl_cb_run2(nlh, nlh->nlmsg_len, 0, n->portid,
						  NULL, &run, ctl, NLMSG_MIN_TYPE);
				if (ret == MNL_CB_ERROR)
					return errno ? -errno : -EPROTO;
				acked++;
				nlh = mnl_nlmsg_next(nlh, &rest);
			}
		}
	}
	return 0;
}

static int read_forwarding(int *on)
{
	char c = '0';
	int fd = open(IP_FORWARD, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (read(fd, &c, 1) != 1) {
		close(fd);
		return -EIO;
	}
	close(fd);
	*on = c != '0';
	return 0;
}

static int write_forwarding(int on)
{
	int fd = open(IP_FORWARD, O_WRONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, on ? "1\n" : "0\n", 2) != 2)
		err = -errno;
	close(fd);
	return err;
}

static int put_udata_comment(void *obj, bool table, const char *text)
{
	struct nftnl_udata_buf *u = nftnl_udata_buf_alloc(NFT_USERDATA_MAXLEN);

	if (!u)
		return -ENOMEM;
	if (!nftnl_udata_put_strz(u, table ? NFTNL_UDATA_TABLE_COMMENT :
				  NFTNL_UDATA_RULE_COMMENT, text)) {
		nftnl_udata_buf_free(u);
		return -E2BIG;
	}
	if (table)
		nftnl_table_set_data(obj, NFTNL_TABLE_USERDATA,
				     nftnl_udata_buf_data(u),
				     nftnl_udata_buf_len(u));
	else
		nftnl_rule_set_data(obj, NFTNL_RULE_USERDATA,
				    nftnl_udata_buf_data(u),
				    nftnl_udata_buf_len(u));
	nftnl_udata_buf_free(u);
	return 0;
}

static int add_expr(struct nftnl_rule *r, struct nftnl_expr *e)
{
	if (!e)
		return -ENOMEM;
	nftnl_rule_add_expr(r, e);
	return 0;
}

/* ip saddr net/prefix oifname != bridge masquerade comment "tag" */
static struct nftnl_rule *masq_rule(const char *tag, uint32_t net,
				    uint8_t prefix, const char *bridge,
				    int *errp)
{
	uint32_t mask = prefix ? htonl(~0u << (32 - prefix)) : 0, zero = 0;
	char ifname[IFNAMSIZ] = { 0 };
	struct nftnl_rule *r = nftnl_rule_alloc();
	struct nftnl_expr *e;
	int err = 0;

	*errp = -ENOMEM;
	if (!r)
		return NULL;
	strncpy(ifname, bridge, sizeof(ifname) - 1);
	nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, NFPROTO_IPV4);
	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, NSTRACK_NFT_TABLE);
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, NSTRACK_NFT_CHAIN);

	e = nftnl_expr_alloc("payload");
	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE,
				   NFT_PAYLOAD_NETWORK_HEADER);
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET,
				   offsetof(struct iphdr, saddr));
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, sizeof(uint32_t));
	}
	err = add_expr(r, e);

	e = err ? NULL : nftnl_expr_alloc("bitwise");
	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_SREG, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_DREG, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_LEN, sizeof(uint32_t));
		nftnl_expr_set(e, NFTNL_EXPR_BITWISE_MASK, &mask, sizeof(mask));
		nftnl_expr_set(e, NFTNL_EXPR_BITWISE_XOR, &zero, sizeof(zero));
	}
	err = err ? err : add_expr(r, e);

	e = err ? NULL : nftnl_expr_alloc("cmp");
	if (e) {
		net &= mask;
		nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, NFT_CMP_EQ);
		nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, &net, sizeof(net));
	}
	err = err ? err : add_expr(r, e);

	e = err ? NULL : nftnl_expr_alloc("meta");
	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, NFT_META_OIFNAME);
		nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, NFT_REG_1);
	}
	err = err ? err : add_expr(r, e);

	e = err ? NULL : nftnl_expr_alloc("cmp");
	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, NFT_CMP_NEQ);
		nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, ifname, sizeof(ifname));
	}
	err = err ? err : add_expr(r, e);

	err = err ? err : add_expr(r, nftnl_expr_alloc("masq"));
	err = err ? err : put_udata_comment(r, false, tag);
	if (err) {
		*errp = err;
		nftnl_rule_free(r);
		return NULL;
	}
	return r;
}

static void report(const struct nft *n, int err, const char *what)
{
	if (err == -EPERM || err == -EACCES)
		nstrack_err("%s: permission denied (CAP_NET_ADMIN is required)",
			    what);
	else if (n->extack[0])
		nstrack_err("%s: %s", what, n->extack);
	else
		nstrack_err("%s: %s", what, strerror(-err));
}

int nstrack_nft_masquerade_add(const char *ns, uint32_t net, uint8_t prefix,
			       const char *bridge)
{
	struct nftnl_table *t = NULL;
	struct nftnl_chain *c = NULL;
	struct nftnl_rule *r = NULL;
	struct nlmsghdr *nlh;
	char tag[TAG_LEN];
	int fwd_on = 1, err;
	struct nft n;

	if (prefix > 32) {
		nstrack_err("nat: invalid prefix length %u", prefix);
		return -EINVAL;
	}
	if (strlen(ns) > (size_t)TAG_NAME_MAX) {
		nstrack_err("nat: the name is too long for the rule's comment (at most %d characters)",
			    TAG_NAME_MAX);
		return -ENAMETOOLONG;
	}
	err = nft_open(&n);
	if (err) {
		nstrack_err("nat: cannot open a netfilter netlink socket: %s",
			    strerror(-err));
		return err;
	}
	nstrack_nft_tag(tag, sizeof(tag), ns);
	err = read_forwarding(&fwd_on);
	if (err) {
		nstrack_err("nat: %s: %s", IP_FORWARD, strerror(-err));
		goto out;
	}

	t = nftnl_table_alloc();
	c = nftnl_chain_alloc();
	r = masq_rule(tag, net, prefix, bridge, &err);
	if (r && (!t || !c))
		err = -ENOMEM;
	if (!t || !c || !r) {
		if (err == -E2BIG)
			nstrack_err("nat: the name is too long for the rule's comment (at most %d characters)",
				    TAG_NAME_MAX);
		else
			nstrack_err("out of memory");
		goto out;
	}
	nftnl_table_set_u32(t, NFTNL_TABLE_FAMILY, NFPROTO_IPV4);
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, NSTRACK_NFT_TABLE);
	/* the comment is only set when the table is made, never changed */
	if (!fwd_on && put_udata_comment(t, true, FORWARD_WAS_OFF)) {
		err = -ENOMEM;
		nstrack_err("out of memory");
		goto out;
	}
	nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, NSTRACK_NFT_TABLE);
	nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, NSTRACK_NFT_CHAIN);
	nftnl_chain_set_str(c, NFTNL_CHAIN_TYPE, "nat");
	nftnl_chain_set_u32(c, NFTNL_CHAIN_HOOKNUM, NF_INET_POST_ROUTING);
	nftnl_chain_set_s32(c, NFTNL_CHAIN_PRIO, 100);	/* srcnat */

	batch_start(&n);
	nlh = batch_msg(&n, NFT_MSG_NEWTABLE, NLM_F_CREATE);
	nftnl_table_nlmsg_build_payload(nlh, t);
	mnl_nlmsg_batch_next(n.batch);
	nlh = batch_msg(&n, NFT_MSG_NEWCHAIN, NLM_F_CREATE);
	nftnl_chain_nlmsg_build_payload(nlh, c);
	mnl_nlmsg_batch_next(n.batch);
	nlh = batch_msg(&n, NFT_MSG_NEWRULE, NLM_F_CREATE | NLM_F_APPEND);
	nftnl_rule_nlmsg_build_payload(nlh, r);
	mnl_nlmsg_batch_next(n.batch);
	err = batch_commit(&n);
	if (err) {
		report(&n, err, "nat: cannot add the masquerade rule");
		goto out;
	}
	if (!fwd_on) {
		err = write_forwarding(1);
		if (err) {
			nstrack_err("nat: cannot turn IPv4 forwarding on: %s",
				    strerror(-err));
			nft_close(&n);
			/* take back the rule: nothing half-done */
			nstrack_nft_masquerade_del(ns);
			goto free;
		}
	}
out:
	nft_close(&n);
free:
	if (t)
		nftnl_table_free(t);
	if (c)
		nftnl_chain_free(c);
	if (r)
		nftnl_rule_free(r);
	return err;
}

/* What a dump of the chain's rules found. */
struct rule_scan {
	const char *tag;
	uint64_t handles[NFT_MAX_RULES];
	unsigned int nmatch;
	unsigned int total;
};

static int comment_cb(const struct nftnl_udata *attr, void *data)
{
	const char **comment = data;

	if (nftnl_udata_type(attr) == NFTNL_UDATA_RULE_COMMENT) {
		const char *s = nftnl_udata_get(attr);
		uint8_t len = nftnl_udata_len(attr);

		if (len && s[len - 1] == '\0')
			*comment = s;
	}
	return 0;
}

static int rule_cb(const struct nlmsghdr *nlh, void *data)
{
	struct rule_scan *scan = data;
	struct nftnl_rule *r = nftnl_rule_alloc();
	const char *comment = NULL;
	const void *ud;
	uint32_t len;

	if (!r || nftnl_rule_nlmsg_parse(nlh, r) < 0) {
		if (r)
			nftnl_rule_free(r);
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (strcmp(nftnl_rule_get_str(r, NFTNL_RULE_TABLE), NSTRACK_NFT_TABLE) ||
	    strcmp(nftnl_rule_get_str(r, NFTNL_RULE_CHAIN), NSTRACK_NFT_CHAIN))
		goto out;
	scan->total++;
	ud = nftnl_rule_get_data(r, NFTNL_RULE_USERDATA, &len);
	if (ud)
		nftnl_udata_parse(ud, len, comment_cb, &comment);
	if (comment && !strcmp(comment, scan->tag) &&
	    scan->nmatch < NFT_MAX_RULES)
		scan->handles[scan->nmatch++] =
			nftnl_rule_get_u64(r, NFTNL_RULE_HANDLE);
out:
	nftnl_rule_free(r);
	return MNL_CB_OK;
}

/* Send one request (not batched) and run its answers through cb. */
static int request(struct nft *n, struct nlmsghdr *nlh, mnl_cb_t cb,
		   void *data)
{
	static mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_ERROR] = error_cb,
		[NLMSG_DONE] = done_cb,
	};
	struct run run = { .n = n, .cb = cb, .data = data };
	ssize_t len;
	int ret;

	if (mnl_socket_sendto(n->sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		len = mnl_socket_recvfrom(n->sock, n->buf, NFT_BUF);
		if (len < 0)
			return -errno;
		errno = 0;
		ret = mnl_cb_run2(n->buf, len, nlh->nlmsg_seq, n->portid,
				  run_data_cb, &run, ctl, NLMSG_MIN_TYPE);
	} while (ret > MNL_CB_STOP);
	return ret == MNL_CB_ERROR ? (errno ? -errno : -EPROTO) : 0;
}

static int scan_rules(struct nft *n, struct rule_scan *scan)
{
	struct nftnl_rule *r = nftnl_rule_alloc();
	struct nlmsghdr *nlh;
	int err;

	if (!r)
		return -ENOMEM;
	nlh = nftnl_nlmsg_build_hdr(n->buf, NFT_MSG_GETRULE, NFPROTO_IPV4,
				    NLM_F_DUMP, n->seq++);
	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, NSTRACK_NFT_TABLE);
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, NSTRACK_NFT_CHAIN);
	nftnl_rule_nlmsg_build_payload(nlh, r);
	nftnl_rule_free(r);
	err = request(n, nlh, rule_cb, scan);
	return err == -ENOENT ? 0 : err;	/* no table: no rules */
}

static int table_comment_cb(const struct nftnl_udata *attr, void *data)
{
	bool *was_off = data;
	const char *s = nftnl_udata_get(attr);
	uint8_t len = nftnl_udata_len(attr);

	if (nftnl_udata_type(attr) == NFTNL_UDATA_TABLE_COMMENT && len &&
	    s[len - 1] == '\0' && !strcmp(s, FORWARD_WAS_OFF))
		*was_off = true;
	return 0;
}

static int table_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nftnl_table *t = nftnl_table_alloc();
	const void *ud;
	uint32_t len;

	if (!t || nftnl_table_nlmsg_parse(nlh, t) < 0) {
		if (t)
			nftnl_table_free(t);
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	ud = nftnl_table_get_data(t, NFTNL_TABLE_USERDATA, &len);
	if (ud)
		nftnl_udata_parse(ud, len, table_comment_cb, data);
	nftnl_table_free(t);
	return MNL_CB_OK;
}

/* Whether the table says forwarding was off before nstrack. */
static int table_forward_was_off(struct nft *n, bool *was_off)
{
	struct nftnl_table *t = nftnl_table_alloc();
	struct nlmsghdr *nlh;

	*was_off = false;
	if (!t)
		return -ENOMEM;
	nlh = nftnl_nlmsg_build_hdr(n->buf, NFT_MSG_GETTABLE, NFPROTO_IPV4,
				    NLM_F_ACK, n->seq++);
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, NSTRACK_NFT_TABLE);
	nftnl_table_nlmsg_build_payload(nlh, t);
	nftnl_table_free(t);
	return request(n, nlh, table_cb, was_off);
}

int nstrack_nft_masquerade_del(const char *ns)
{
	struct rule_scan *scan;
	struct nlmsghdr *nlh;
	bool was_off = false, drop_table;
	char tag[TAG_LEN];
	unsigned int i;
	struct nft n;
	int err;

	scan = calloc(1, sizeof(*scan));
	if (!scan) {
		nstrack_err("out of memory");
		return -ENOMEM;
	}
	err = nft_open(&n);
	if (err) {
		nstrack_err("nat: cannot open a netfilter netlink socket: %s",
			    strerror(-err));
		free(scan);
		return err;
	}
	nstrack_nft_tag(tag, sizeof(tag), ns);
	scan->tag = tag;
	err = scan_rules(&n, scan);
	if (err) {
		report(&n, err, "nat: cannot list nstrack's rules");
		goto out;
	}
	if (!scan->nmatch)
		goto out;
	drop_table = scan->nmatch == scan->total;
	if (drop_table) {
		err = table_forward_was_off(&n, &was_off);
		if (err) {
			report(&n, err, "nat: cannot read nstrack's table");
			goto out;
		}
	}

	batch_start(&n);
	if (drop_table) {
		struct nftnl_table *t = nftnl_table_alloc();

		if (!t) {
			err = -ENOMEM;
			nstrack_err("out of memory");
			goto out;
		}
		nftnl_table_set_str(t, NFTNL_TABLE_NAME, NSTRACK_NFT_TABLE);
		nlh = batch_msg(&n, NFT_MSG_DELTABLE, 0);
		nftnl_table_nlmsg_build_payload(nlh, t);
		mnl_nlmsg_batch_next(n.batch);
		nftnl_table_free(t);
	} else {
		for (i = 0; i < scan->nmatch; i++) {
			struct nftnl_rule *r = nftnl_rule_alloc();

			if (!r) {
				err = -ENOMEM;
				nstrack_err("out of memory");
				goto out;
			}
			nftnl_rule_set_str(r, NFTNL_RULE_TABLE,
					   NSTRACK_NFT_TABLE);
			nftnl_rule_set_str(r, NFTNL_RULE_CHAIN,
					   NSTRACK_NFT_CHAIN);
			nftnl_rule_set_u64(r, NFTNL_RULE_HANDLE,
					   scan->handles[i]);
			nlh = batch_msg(&n, NFT_MSG_DELRULE, 0);
			nftnl_rule_nlmsg_build_payload(nlh, r);
			mnl_nlmsg_batch_next(n.batch);
			nftnl_rule_free(r);
		}
	}
	err = batch_commit(&n);
	if (err) {
		report(&n, err, "nat: cannot remove nstrack's rules");
		goto out;
	}
	if (was_off) {
		err = write_forwarding(0);
		if (err) {
			nstrack_err("nat: cannot turn IPv4 forwarding back off: %s",
				    strerror(-err));
			goto out;
		}
	}
	err = (int)scan->nmatch;
out:
	nft_close(&n);
	free(scan);
	return err;
}
