/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fake rtnetlink kernel for the nstrack unit tests: handles whose
 * transport records every request and answers each with the next step of
 * a script (an ack, an error with optional extack, or a link followed by
 * the ack).
 */
#ifndef NSTRACK_FAKE_RTNL_H
#define NSTRACK_FAKE_RTNL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rtnl.h"
#include "testutil.h"

#define FRT_MAX 16
/* what handle b's namespace "file descriptor" is, in IFLA_NET_NS_FD */
#define FRT_NSFD_B 77

struct frt_step {
	int error;		/* 0: ack; else a negative errno */
	const char *extack;	/* with error: NLMSGERR_ATTR_MSG */
	bool uncapped;		/* with error: echo the whole request */
	bool link;		/* first an RTM_NEWLINK describing l */
	struct nstrack_link l;
	/*
	 * a dump: RTM_NEWLINK for each of links, RTM_NEWADDR for each of
	 * addrs, then NLMSG_DONE (error)
	 */
	bool dump;
	size_t nlinks;
	struct nstrack_link links[4];
	size_t naddrs;
	struct {
		int ifindex;
		struct nstrack_ipaddr a;
		bool peer;	/* IPv4 with a peer: IFA_ADDRESS differs */
	} addrs[4];
};

struct frt {
	struct frt_step steps[FRT_MAX];
	size_t nsteps, next;
	union test_buf reqs[FRT_MAX];	/* every request, in order */
	struct nstrack_rtnl *to[FRT_MAX];	/* the handle that sent it */
	size_t nreqs;
	union test_buf reply;		/* the answer to the last one */
	size_t reply_len;
	int recv_errno;		/* instead of the answer, once */
};

extern struct frt *frt;

/* the two handles a test gets: "netns blue" and "netns red" */
struct frt_pair {
	struct nstrack_rtnl a, b;
};

/* cmocka setup/teardown: *state is a struct frt_pair; errors captured */
int frt_setup(void **state);
int frt_teardown(void **state);

/* script steps */
void frt_ack(void);
void frt_error(int error, const char *extack);
void frt_link(int ifindex, const char *name, const char *kind, int master,
	      unsigned int flags);
/* an RTM_GETADDR dump answer; frt_addr() adds to it */
void frt_dump(void);
void frt_addr(int ifindex, const char *cidr, bool peer);
/* a step the test fills itself */
struct frt_step *frt_step(void);

/* the i-th request (0 = first) and the handle it went to */
struct nlmsghdr *frt_req(size_t i);
struct nstrack_rtnl *frt_to(size_t i);

/*
 * The first attribute of type in the request's payload after hdrlen
 * bytes of family header, or NULL.
 */
const struct nlattr *frt_attr(const struct nlmsghdr *nlh, size_t hdrlen,
			      uint16_t type);
/* the same inside a nest */
const struct nlattr *frt_nested(const struct nlattr *nest, uint16_t type);

#endif /* NSTRACK_FAKE_RTNL_H */
