/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the nstrack unit tests: crafted netlink messages and
 * capture of the tool's error output.
 */
#ifndef NSTRACK_TESTUTIL_H
#define NSTRACK_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>
#include <linux/nstrack.h>

#include "netns.h"

/* the family id the fake kernel uses for nstrack messages */
#define TEST_FAMILY_ID 0x1d

/* 8-byte aligned message buffer, like a kernel skb */
union test_buf {
	uint64_t align;
	char b[4096];
};

/* bit (1 << NSTRACK_A_NETNS_x) in test_put_record()'s omit mask */
#define OMIT(attr) (1u << (attr))

/* A record with every attribute set to a distinctive value. */
void test_full_record(struct nstrack_netns *ns);

/*
 * Start a reply of command cmd (header + genl header) in buf; type is
 * TEST_FAMILY_ID, seq 0, flags as given.
 */
struct nlmsghdr *test_put_genl_header(void *buf, uint8_t cmd, uint16_t flags);

/* test_put_genl_header() of a NETNS_GET reply */
struct nlmsghdr *test_put_reply_header(void *buf, uint16_t flags);

/*
 * Append a u64 attribute the way the kernel does (nla_put_64bit): with a
 * PAD attribute first if the value would not be 8-byte aligned.  Every
 * attribute set of the protocol has its PAD at number 1, so this works for
 * all of them, inside nests too.
 */
void test_put_u64(struct nlmsghdr *nlh, uint16_t type, uint64_t v);

/*
 * Append the attributes of ns that its has_* flags say are present, minus
 * those in omit (see OMIT()), in attribute number order.  The socket
 * counts go in a NSTRACK_A_NETNS_SOCKETS nest (TOTAL, then TCP_TIME_WAIT
 * if has_tcp_time_wait), as in the kernel's NETNS_GET answers.
 */
void test_put_record_attrs(struct nlmsghdr *nlh, const struct nstrack_netns *ns,
			   uint32_t omit);

/* Header + attributes; returns the message. */
struct nlmsghdr *test_put_record(void *buf, const struct nstrack_netns *ns,
				 uint32_t omit, uint16_t flags);

/* cmocka checks that two records are equal field by field */
void test_assert_netns_equal(const struct nstrack_netns *a,
			     const struct nstrack_netns *b);

/* error output capture (nstrack_errfp) */
void test_err_start(void);
const char *test_err_text(void);	/* what was printed so far */
void test_err_stop(void);

/*
 * Remove dir and everything under it, not following symlinks (the
 * scratch trees of the tests that fake /proc or /run/netns).
 * Return: 0, or -1 with errno set.
 */
int test_rmtree(const char *dir);
/* test_rmtree(), detaching whatever is mounted on an entry first */
int test_rmtree_mounts(const char *dir);

#endif /* NSTRACK_TESTUTIL_H */
