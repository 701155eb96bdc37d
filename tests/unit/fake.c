// SPDX-License-Identifier: GPL-2.0
/*
 * The fake kernel of the nstrack unit tests.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "fake.h"

struct fake *fk;

static ssize_t fake_send(struct nstrack_nl *nl, const void *buf, size_t len)
{
	(void)nl;
	assert_true(len <= sizeof(fk->req.b));
	memcpy(fk->req.b, buf, len);
	fk->req_len = len;
	if (fk->nsent < FAKE_MAX_REQS)
		memcpy(fk->reqs[fk->nsent].b, buf, len);
	fk->nsent++;
	return (ssize_t)len;
}

static ssize_t fake_recv(struct nstrack_nl *nl, void *buf, size_t len)
{
	(void)nl;
	if (fk->next == fk->nbatches) {
		if (fk->recv_errno) {
			errno = fk->recv_errno;
			return -1;
		}
		return 0;
	}
	assert_true(fk->len[fk->next] <= len);
	memcpy(buf, fk->batch[fk->next].b, fk->len[fk->next]);
	return (ssize_t)fk->len[fk->next++];
}

int fake_setup(void **state)
{
	struct nstrack_nl *nl = calloc(1, sizeof(*nl));

	fk = calloc(1, sizeof(*fk));
	if (!nl || !fk || nstrack_nl_init(nl))
		return -1;
	nl->send = fake_send;
	nl->recv = fake_recv;
	nl->family_id = TEST_FAMILY_ID;
	*state = nl;
	test_err_start();
	return 0;
}

int fake_teardown(void **state)
{
	struct nstrack_nl *nl = *state;

	nstrack_nl_close(nl);
	free(nl);
	free(fk);
	fk = NULL;
	test_err_stop();
	return 0;
}

size_t new_batch(void)
{
	assert_true(fk->nbatches < FAKE_MAX_BATCHES);
	fk->len[fk->nbatches] = 0;
	return fk->nbatches++;
}

void *batch_tail(size_t b)
{
	return fk->batch[b].b + fk->len[b];
}

void batch_commit(size_t b, const struct nlmsghdr *nlh)
{
	fk->len[b] += MNL_ALIGN(nlh->nlmsg_len);
	assert_true(fk->len[b] <= sizeof(fk->batch[b].b));
}

void add_done(size_t b, int status, uint16_t flags, const char *msg)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(batch_tail(b));
	int *st = mnl_nlmsg_put_extra_header(nlh, sizeof(int));

	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI | flags;
	*st = status;
	if (msg) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	}
	batch_commit(b, nlh);
}

void add_error(size_t b, int error, bool capped, const char *msg)
{
	const struct nlmsghdr *req = (const void *)fk->req.b;
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(batch_tail(b));
	struct nlmsgerr *e;
	size_t echo = capped ? sizeof(*req) : req->nlmsg_len;

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = capped ? NLM_F_CAPPED : 0;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(e->error) + echo);
	e->error = error;
	memcpy(&e->msg, req, echo);
	if (msg) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, 20);
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	}
	batch_commit(b, nlh);
}

struct nlmsghdr *sent(void)
{
	return (struct nlmsghdr *)fk->req.b;
}

struct nlmsghdr *sent_nth(unsigned int i)
{
	assert_true(i < fk->nsent && i < FAKE_MAX_REQS);
	return (struct nlmsghdr *)fk->reqs[i].b;
}

uint8_t req_cmd(const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);

	return genl->cmd;
}

size_t req_nattrs(const struct nlmsghdr *nlh)
{
	const struct nlattr *attr;
	size_t n = 0;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN)
		n++;
	return n;
}

void out_open(struct out *o)
{
	o->f = open_memstream(&o->buf, &o->len);
	assert_non_null(o->f);
}

const char *out_text(struct out *o)
{
	fflush(o->f);
	return o->buf;
}

void out_close(struct out *o)
{
	fclose(o->f);
	free(o->buf);
}
