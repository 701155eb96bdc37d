// SPDX-License-Identifier: GPL-2.0
/*
 * dumpcount.so - LD_PRELOAD shim that watches a program's generic netlink
 * dumps on the wire, to check that a client repeats a dump the kernel
 * flagged as interrupted (NLM_F_DUMP_INTR) and only then.
 *
 * It counts the dump requests the program sends on AF_NETLINK /
 * NETLINK_GENERIC sockets (NLM_F_DUMP set; controller requests, such as
 * the family lookup, left out), and among those dumps the ones whose
 * replies carried NLM_F_DUMP_INTR at least once.  When the program exits
 * normally, it appends one line to the file named by $NSTRACK_DUMPCOUNT:
 *
 *   dumps D interrupted I
 *
 * written with one write() on an O_APPEND descriptor, so that several
 * programs can share the file.  A program killed by a signal writes
 * nothing.  The calls themselves go to the C library unchanged: libmnl
 * sends with sendto() and receives with recvmsg().
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

static unsigned int dumps, interrupted;
static bool current_flagged;	/* the dump in progress was flagged */

static bool genl_socket(int fd)
{
	int v;
	socklen_t len = sizeof(v);

	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &v, &len) < 0 ||
	    v != AF_NETLINK)
		return false;
	len = sizeof(v);
	return getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &v, &len) == 0 &&
	       v == NETLINK_GENERIC;
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags,
	       const struct sockaddr *to, socklen_t tolen)
{
	ssize_t (*real)(int, const void *, size_t, int,
			const struct sockaddr *, socklen_t) =
		dlsym(RTLD_NEXT, "sendto");
	const struct nlmsghdr *nlh = buf;
	ssize_t ret = real(fd, buf, len, flags, to, tolen);

	if (ret >= (ssize_t)sizeof(*nlh) && genl_socket(fd) &&
	    (nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP &&
	    nlh->nlmsg_type != GENL_ID_CTRL) {
		dumps++;
		current_flagged = false;
	}
	return ret;
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	ssize_t (*real)(int, struct msghdr *, int) =
		dlsym(RTLD_NEXT, "recvmsg");
	ssize_t ret = real(fd, msg, flags);
	const struct nlmsghdr *nlh;
	int rest;

	if (ret <= 0 || !msg->msg_iovlen || !genl_socket(fd))
		return ret;
	/* libmnl receives into one buffer: the datagram is all in iov[0] */
	nlh = msg->msg_iov[0].iov_base;
	rest = (int)(ret < (ssize_t)msg->msg_iov[0].iov_len ?
		     ret : (ssize_t)msg->msg_iov[0].iov_len);
	while (NLMSG_OK(nlh, rest)) {
		if ((nlh->nlmsg_flags & NLM_F_DUMP_INTR) && dumps &&
		    !current_flagged) {
			current_flagged = true;
			interrupted++;
		}
		nlh = NLMSG_NEXT(nlh, rest);
	}
	return ret;
}

__attribute__((destructor))
static void dumpcount_report(void)
{
	const char *path = getenv("NSTRACK_DUMPCOUNT");
	char line[64];
	int fd, n;

	if (!path || !*path)
		return;
	n = snprintf(line, sizeof(line), "dumps %u interrupted %u\n", dumps,
		     interrupted);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	if (write(fd, line, (size_t)n) != n)
		n = -1;
	close(fd);
}
