// SPDX-License-Identifier: GPL-2.0
/*
 * nsbench - the namespace work of the benchmarks (tests/bench), in one
 * process, so that no exec of a helper per namespace distorts a figure.
 *
 *   nsbench hold N PREFIX   make N network namespaces: number i is held by
 *                           a child process if i % 3 == 0, by a bind mount
 *                           on /run/netns/PREFIXi if i % 3 == 1, and by an
 *                           open file of this process otherwise.  Prints
 *                           "INODE KIND" per namespace, then "ready", and
 *                           holds them until SIGTERM or SIGINT, then
 *                           unmounts, kills and closes everything.
 *   nsbench rate R SECONDS  create and drop namespaces (unshare) at R per
 *                           second for SECONDS; prints "rate CYCLES SECS".
 *   nsbench teardown K      K times: make a namespace held only by an open
 *                           file, give it an nsid in this namespace, close
 *                           the file and wait for the kernel's RTM_DELNSID.
 *                           Prints "INODE CLOSE_NS DELNSID_NS" per round
 *                           (CLOCK_BOOTTIME, the clock of nstrack's events).
 *   nsbench sync            two teardown rounds, silently: the namespace
 *                           work queue is ordered and each cleanup batch
 *                           takes every namespace queued so far, so when
 *                           the second round's RTM_DELNSID comes, every
 *                           namespace dropped before the call is gone.
 *
 * Every failure is one line on stderr and exit status 1.  Needs root.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* nsids well above what ip or the tests hand out */
#define NSID_BASE 1000000

static void die(const char *what)
{
	fprintf(stderr, "nsbench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void die_msg(const char *msg)
{
	fprintf(stderr, "nsbench: %s\n", msg);
	exit(1);
}

static long num(const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max) {
		fprintf(stderr, "nsbench: not a number from %ld to %ld: %s\n",
			min, max, s);
		exit(2);
	}
	return v;
}

static uint64_t now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/*
 * A new namespace, held only by the returned file; the caller stays in
 * the namespace it was in (self: an open file of it).
 */
static int new_netns(int self)
{
	int fd;

	if (unshare(CLONE_NEWNET) < 0)
		die("unshare(CLONE_NEWNET)");
	fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("open /proc/thread-self/ns/net");
	if (setns(self, CLONE_NEWNET) < 0)
		die("setns back");
	return fd;
}

static unsigned long fd_inode(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		die("fstat of a namespace file");
	return (unsigned long)st.st_ino;
}

/* hold ------------------------------------------------------------------- */

static volatile sig_atomic_t stop;

static void on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

static int cmd_hold(long n, const char *prefix)
{
	pid_t *kids = calloc((size_t)n, sizeof(*kids));
	int *fds = calloc((size_t)n, sizeof(*fds));
	char path[256];
	struct sigaction sa;
	sigset_t mask, old;
	struct rlimit rl;
	int self, i;

	if (!kids || !fds)
		die_msg("out of memory");
	/* a third of the namespaces are open files of this process */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)n + 64) {
		rl.rlim_cur = (rlim_t)n + 64;
		if (rl.rlim_max < rl.rlim_cur)
			rl.rlim_max = rl.rlim_cur;
		if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
			die("setrlimit RLIMIT_NOFILE");
	}
	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		die("open /proc/self/ns/net");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	/* the signal only counts while pause() waits for it, below */
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigprocmask(SIG_BLOCK, &mask, &old);
	if (mkdir("/run/netns", 0755) < 0 && errno != EEXIST)
		die("mkdir /run/netns");

	for (i = 0; i < n; i++) {
		int fd, p[2];

		fds[i] = -1;
		switch (i % 3) {
		case 0:
			if (pipe(p) < 0)
				die("pipe");
			fflush(stdout);
			kids[i] = fork();
			if (kids[i] < 0)
				die("fork");
			if (kids[i] == 0) {
				struct stat st;

				/* the holder goes with us, even on SIGKILL */
				prctl(PR_SET_PDEATHSIG, SIGKILL);
				if (unshare(CLONE_NEWNET) < 0 ||
				    stat("/proc/self/ns/net", &st) < 0)
					_exit(1);
				if (write(p[1], &st.st_ino, sizeof(st.st_ino)) < 0)
					_exit(1);
				close(p[1]);
				for (;;)
					pause();
			}
			close(p[1]);
			{
				ino_t ino;

				if (read(p[0], &ino, sizeof(ino)) != sizeof(ino))
					die_msg("a holder process failed to make its namespace");
				printf("%lu process\n", (unsigned long)ino);
			}
			close(p[0]);
			break;
		case 1:
			fd = new_netns(self);
			snprintf(path, sizeof(path), "/run/netns/%s%d", prefix, i);
			{
				int f = open(path, O_RDONLY | O_CREAT | O_EXCL, 0);
				char src[64];

				if (f < 0)
					die(path);
				close(f);
				snprintf(src, sizeof(src), "/proc/self/fd/%d", fd);
				if (mount(src, path, "none", MS_BIND, NULL) < 0)
					die("bind mount on /run/netns");
			}
			printf("%lu bind\n", fd_inode(fd));
			close(fd);
			break;
		default:
			fds[i] = new_netns(self);
			printf("%lu fd\n", fd_inode(fds[i]));
			break;
		}
	}
	printf("ready\n");
	if (fflush(stdout))
		die("stdout");

	while (!stop)
		sigsuspend(&old);

	for (i = 0; i < n; i++) {
		if (kids[i] > 0)
			kill(kids[i], SIGKILL);
		if (fds[i] >= 0)
			close(fds[i]);
		if (i % 3 == 1) {
			snprintf(path, sizeof(path), "/run/netns/%s%d", prefix, i);
			if (umount2(path, MNT_DETACH) < 0 || unlink(path) < 0)
				die(path);
		}
	}
	for (i = 0; i < n; i++)
		if (kids[i] > 0)
			waitpid(kids[i], NULL, 0);
	return 0;
}

/* rate ------------------------------------------------------------------- */

static int cmd_rate(long rate, long secs)
{
	uint64_t t0 = now_ns(CLOCK_MONOTONIC), end = t0 + (uint64_t)secs * 1000000000ull;
	long i;

	for (i = 0;; i++) {
		/* cycle i is due at t0 + i / rate; late cycles run at once */
		uint64_t due = t0 + (uint64_t)i * 1000000000ull / (uint64_t)rate;
		struct timespec ts = {
			.tv_sec = (time_t)(due / 1000000000ull),
			.tv_nsec = (long)(due % 1000000000ull),
		};

		if (due >= end)
			break;
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
			;
		if (unshare(CLONE_NEWNET) < 0)
			die("unshare(CLONE_NEWNET)");
	}
	printf("rate %ld %.3f\n", i,
	       (double)(now_ns(CLOCK_MONOTONIC) - t0) / 1e9);
	return fflush(stdout) ? 1 : 0;
}

/* teardown --------------------------------------------------------------- */

static void rtnl_send(int sock, void *buf, size_t len)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	if (sendto(sock, buf, len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("sendto rtnetlink");
}

static void put_attr(struct nlmsghdr *h, unsigned short type, const void *v,
		     unsigned short len)
{
	struct nlattr *a = (struct nlattr *)((char *)h + NLMSG_ALIGN(h->nlmsg_len));

	a->nla_type = type;
	a->nla_len = (unsigned short)(NLA_HDRLEN + len);
	memcpy((char *)a + NLA_HDRLEN, v, len);
	h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + NLA_ALIGN(a->nla_len);
}

/* the nsid of an RTM_NEWNSID/RTM_DELNSID message, -1 if it has none */
static int msg_nsid(struct nlmsghdr *h)
{
	struct rtgenmsg *g = NLMSG_DATA(h);
	struct nlattr *a = (struct nlattr *)((char *)g + NLMSG_ALIGN(sizeof(*g)));
	int left = (int)h->nlmsg_len - (int)((char *)a - (char *)h);
	int32_t id;

	while (left >= (int)sizeof(*a) && a->nla_len >= sizeof(*a) && a->nla_len <= left) {
		if (a->nla_type == NETNSA_NSID && a->nla_len >= NLA_HDRLEN + 4) {
			memcpy(&id, (char *)a + NLA_HDRLEN, 4);
			return id;
		}
		left -= NLA_ALIGN(a->nla_len);
		a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len));
	}
	return -1;
}

/*
 * Read from sock until a message of type want about nsid comes (want:
 * RTM_DELNSID), or, for the request (want 0), its ack.
 */
static void rtnl_wait(int sock, int want, int nsid)
{
	char buf[16384];

	for (;;) {
		ssize_t len = recv(sock, buf, sizeof(buf), 0);
		struct nlmsghdr *h;

		if (len < 0) {
			if (errno == EINTR)
				continue;
			/* ENOBUFS: notifications were dropped, maybe ours */
			die("recv rtnetlink");
		}
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
			if (!want && h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);

				if (e->error) {
					errno = -e->error;
					die("RTM_NEWNSID");
				}
				return;
			}
			if (want && h->nlmsg_type == want && msg_nsid(h) == nsid)
				return;
		}
	}
}

static void teardown_round(int self, int req, int ev, int nsid, int print)
{
	struct {
		struct nlmsghdr h;
		struct rtgenmsg g;
		char attrs[64];
	} m;
	uint64_t t_close, t_del;
	unsigned long ino;
	int fd = new_netns(self);
	int32_t v;

	ino = fd_inode(fd);
	memset(&m, 0, sizeof(m));
	m.h.nlmsg_len = NLMSG_LENGTH(sizeof(m.g));
	m.h.nlmsg_type = RTM_NEWNSID;
	m.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	m.g.rtgen_family = AF_UNSPEC;
	v = fd;
	put_attr(&m.h, NETNSA_FD, &v, 4);
	v = nsid;
	put_attr(&m.h, NETNSA_NSID, &v, 4);
	rtnl_send(req, &m, m.h.nlmsg_len);
	rtnl_wait(req, 0, 0);

	t_close = now_ns(CLOCK_BOOTTIME);
	close(fd);
	rtnl_wait(ev, RTM_DELNSID, nsid);
	t_del = now_ns(CLOCK_BOOTTIME);
	if (print)
		printf("%lu %llu %llu\n", ino, (unsigned long long)t_close,
		       (unsigned long long)t_del);
}

static int cmd_teardown(long rounds, int print)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int self, req, ev, rcvbuf = 1 << 20;
	long i;

	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	req = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	ev = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (self < 0 || req < 0 || ev < 0)
		die("open /proc/self/ns/net or an rtnetlink socket");
	sa.nl_groups = 0;
	if (bind(req, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    bind(ev, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("bind rtnetlink");
	{
		int grp = RTNLGRP_NSID;

		if (setsockopt(ev, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &grp, sizeof(grp)) < 0)
			die("join RTNLGRP_NSID");
	}
	setsockopt(ev, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	for (i = 0; i < rounds; i++)
		teardown_round(self, req, ev, NSID_BASE + (int)i, print);
	return fflush(stdout) ? 1 : 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: nsbench hold N PREFIX | rate R SECONDS | teardown K | sync\n");
	exit(2);
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "hold"))
		return cmd_hold(num(argv[2], 0, 1000000), argv[3]);
	if (argc == 4 && !strcmp(argv[1], "rate"))
		return cmd_rate(num(argv[2], 1, 1000000), num(argv[3], 1, 86400));
	if (argc == 3 && !strcmp(argv[1], "teardown"))
		return cmd_teardown(num(argv[2], 1, 1000000), 1);
	if (argc == 2 && !strcmp(argv[1], "sync"))
		return cmd_teardown(2, 0);
	usage();
	return 2;
}
