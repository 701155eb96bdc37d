/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fake kernel for the nstrack unit tests: a struct nstrack_nl whose
 * transport records every request sent and answers with crafted batches
 * of messages, and capture of what a command prints.
 */
#ifndef NSTRACK_FAKE_H
#define NSTRACK_FAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "nl.h"
#include "testutil.h"

#define FAKE_MAX_BATCHES 32
#define FAKE_MAX_REQS 8

/* the fake kernel: the requests sent, and the batches recv() returns */
struct fake {
	union test_buf req;		/* the last request */
	size_t req_len;
	unsigned int nsent;
	union test_buf reqs[FAKE_MAX_REQS];	/* the first ones, in order */
	union test_buf batch[FAKE_MAX_BATCHES];
	size_t len[FAKE_MAX_BATCHES];
	size_t nbatches, next;
	int recv_errno;		/* returned once the batches run out */
};

extern struct fake *fk;

/*
 * cmocka setup/teardown: *state becomes a struct nstrack_nl talking to
 * the fake kernel (family TEST_FAMILY_ID); error output is captured.
 */
int fake_setup(void **state);
int fake_teardown(void **state);

/* a new, empty batch; messages are appended with batch_tail() */
size_t new_batch(void);
void *batch_tail(size_t b);
/* count the message just built at batch_tail(b) into batch b */
void batch_commit(size_t b, const struct nlmsghdr *nlh);

/* NLMSG_DONE with a status, optionally with an extack message */
void add_done(size_t b, int status, uint16_t flags, const char *msg);

/*
 * An error ack (error 0: the ack of a "do") for the last request sent:
 * capped or with the whole request echoed, optionally with extack.
 */
void add_error(size_t b, int error, bool capped, const char *msg);

/* the last request sent, and the i-th one (0 = first) */
struct nlmsghdr *sent(void);
struct nlmsghdr *sent_nth(unsigned int i);

/* the command of a request */
uint8_t req_cmd(const struct nlmsghdr *nlh);

/* number of top-level attributes of a request */
size_t req_nattrs(const struct nlmsghdr *nlh);

/* output capture into memory */
struct out {
	FILE *f;
	char *buf;
	size_t len;
};

void out_open(struct out *o);
const char *out_text(struct out *o);
void out_close(struct out *o);

#endif /* NSTRACK_FAKE_H */
