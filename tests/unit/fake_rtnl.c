// SPDX-License-Identifier: GPL-2.0
/*
 * The fake rtnetlink kernel of the nstrack unit tests.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "fake_rtnl.h"

struct frt *frt;

static void put_link(struct nlmsghdr *req, const struct nstrack_link *l)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(frt->reply.b +
						    frt->reply_len);
	struct ifinfomsg *ifm;
	struct nlattr *info;

	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_seq = req->nlmsg_seq;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_index = l->ifindex;
	ifm->ifi_flags = l->flags;
	if (l->name[0])		/* else: a malformed reply */
		mnl_attr_put_strz(nlh, IFLA_IFNAME, l->name);
	mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
	if (l->master)
		mnl_attr_put_u32(nlh, IFLA_MASTER, (uint32_t)l->master);
	if (l->alias[0])
		mnl_attr_put_strz(nlh, IFLA_IFALIAS, l->alias);
	if (l->kind[0] || l->slave_kind[0]) {
		info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
		if (l->kind[0])
			mnl_attr_put_strz(nlh, IFLA_INFO_KIND, l->kind);
		if (l->slave_kind[0])
			mnl_attr_put_strz(nlh, IFLA_INFO_SLAVE_KIND,
					  l->slave_kind);
		mnl_attr_nest_end(nlh, info);
	}
	frt->reply_len += MNL_ALIGN(nlh->nlmsg_len);
}

static void put_error(struct nlmsghdr *req, const struct frt_step *s)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(frt->reply.b +
						    frt->reply_len);
	bool capped = !s->uncapped;
	size_t echo = capped ? sizeof(*req) : req->nlmsg_len;
	struct nlmsgerr *e;

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_seq = req->nlmsg_seq;
	nlh->nlmsg_flags = capped ? NLM_F_CAPPED : 0;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(e->error) + echo);
	e->error = s->error;
	memcpy(&e->msg, req, echo);
	if (s->extack) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, s->extack);
		mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, 20);
	}
	frt->reply_len += MNL_ALIGN(nlh->nlmsg_len);
}

static void put_addrs(struct nlmsghdr *req, const struct frt_step *s)
{
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	size_t i, len;
	int *status;

	for (i = 0; i < s->naddrs; i++) {
		const struct nstrack_ipaddr *a = &s->addrs[i].a;
		uint8_t peer[16];

		len = a->family == AF_INET ? 4 : 16;
		nlh = mnl_nlmsg_put_header(frt->reply.b + frt->reply_len);
		nlh->nlmsg_type = RTM_NEWADDR;
		nlh->nlmsg_flags = NLM_F_MULTI;
		nlh->nlmsg_seq = req->nlmsg_seq;
		ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
		ifa->ifa_family = (uint8_t)a->family;
		ifa->ifa_prefixlen = (uint8_t)a->prefix;
		ifa->ifa_index = (uint32_t)s->addrs[i].ifindex;
		memcpy(peer, a->addr, len);
		if (s->addrs[i].peer)
			peer[len - 1] ^= 1;
		/* as the kernel: IPv6 without IFA_LOCAL unless there is a peer */
		mnl_attr_put(nlh, IFA_ADDRESS, len, peer);
		if (a->family == AF_INET || s->addrs[i].peer)
			mnl_attr_put(nlh, IFA_LOCAL, len, a->addr);
		mnl_attr_put_strz(nlh, IFA_LABEL, "x");
		frt->reply_len += MNL_ALIGN(nlh->nlmsg_len);
	}
	nlh = mnl_nlmsg_put_header(frt->reply.b + frt->reply_len);
	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI;
	nlh->nlmsg_seq = req->nlmsg_seq;
	status = mnl_nlmsg_put_extra_header(nlh, sizeof(*status));
	*status = s->error;
	frt->reply_len += MNL_ALIGN(nlh->nlmsg_len);
}

static ssize_t frt_send(struct nstrack_rtnl *rt, const void *buf, size_t len)
{
	struct nlmsghdr *req;
	const struct frt_step *s;

	assert_true(len <= sizeof(frt->reqs[0].b));
	if (frt->nreqs == FRT_MAX || frt->next == frt->nsteps)
		fail_msg("request %zu was not expected", frt->nreqs + 1);
	memcpy(frt->reqs[frt->nreqs].b, buf, len);
	frt->to[frt->nreqs] = rt;
	req = (struct nlmsghdr *)frt->reqs[frt->nreqs++].b;
	assert_int_equal(req->nlmsg_len, len);

	s = &frt->steps[frt->next++];
	frt->reply_len = 0;
	if (s->dump) {
		size_t i;

		for (i = 0; i < s->nlinks; i++)
			put_link(req, &s->links[i]);
		put_addrs(req, s);
		return (ssize_t)len;
	}
	if (s->link)
		put_link(req, &s->l);
	put_error(req, s);
	return (ssize_t)len;
}

static ssize_t frt_recv(struct nstrack_rtnl *rt, void *buf, size_t len)
{
	(void)rt;
	if (frt->recv_errno) {
		errno = frt->recv_errno;
		frt->recv_errno = 0;
		return -1;
	}
	assert_true(frt->reply_len <= len);
	memcpy(buf, frt->reply.b, frt->reply_len);
	len = frt->reply_len;
	frt->reply_len = 0;
	return (ssize_t)len;
}

static void init_handle(struct nstrack_rtnl *rt, const char *ns)
{
	assert_int_equal(nstrack_rtnl_init(rt, ns), 0);
	rt->send = frt_send;
	rt->recv = frt_recv;
}

int frt_setup(void **state)
{
	struct frt_pair *p = calloc(1, sizeof(*p));

	frt = calloc(1, sizeof(*frt));
	if (!p || !frt)
		return -1;
	init_handle(&p->a, "blue");
	init_handle(&p->b, "red");
	p->b.nsfd = FRT_NSFD_B;
	*state = p;
	test_err_start();
	return 0;
}

int frt_teardown(void **state)
{
	struct frt_pair *p = *state;

	p->a.nsfd = p->b.nsfd = -1;	/* nothing real to close */
	nstrack_rtnl_close(&p->a);
	nstrack_rtnl_close(&p->b);
	free(p);
	free(frt);
	frt = NULL;
	test_err_stop();
	return 0;
}

struct frt_step *frt_step(void)
{
	assert_true(frt->nsteps < FRT_MAX);
	return memset(&frt->steps[frt->nsteps++], 0, sizeof(struct frt_step));
}

void frt_ack(void)
{
	frt_step();
}

void frt_error(int error, const char *extack)
{
	struct frt_step *s = frt_step();

	s->error = error;
	s->extack = extack;
}

void frt_link(int ifindex, const char *name, const char *kind, int master,
	      unsigned int flags)
{
	struct frt_step *s = frt_step();

	s->link = true;
	s->l.ifindex = ifindex;
	snprintf(s->l.name, sizeof(s->l.name), "%s", name);
	snprintf(s->l.kind, sizeof(s->l.kind), "%s", kind ? kind : "");
	if (master)
		snprintf(s->l.slave_kind, sizeof(s->l.slave_kind), "bridge");
	s->l.master = master;
	s->l.flags = flags;
}

void frt_dump(void)
{
	frt_step()->dump = true;
}

void frt_addr(int ifindex, const char *cidr, bool peer)
{
	struct frt_step *s = &frt->steps[frt->nsteps - 1];

	assert_true(s->dump && s->naddrs < 4);
	s->addrs[s->naddrs].ifindex = ifindex;
	s->addrs[s->naddrs].peer = peer;
	assert_int_equal(nstrack_cidr_parse(cidr, &s->addrs[s->naddrs].a,
					    NULL), 0);
	s->naddrs++;
}

struct nlmsghdr *frt_req(size_t i)
{
	assert_true(i < frt->nreqs);
	return (struct nlmsghdr *)frt->reqs[i].b;
}

struct nstrack_rtnl *frt_to(size_t i)
{
	assert_true(i < frt->nreqs);
	return frt->to[i];
}

const struct nlattr *frt_attr(const struct nlmsghdr *nlh, size_t hdrlen,
			      uint16_t type)
{
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, hdrlen)
		if (mnl_attr_get_type(attr) == type)
			return attr;
	return NULL;
}

const struct nlattr *frt_nested(const struct nlattr *nest, uint16_t type)
{
	const struct nlattr *attr;

	assert_non_null(nest);
	mnl_attr_for_each_nested(attr, nest)
		if (mnl_attr_get_type(attr) == type)
			return attr;
	return NULL;
}
