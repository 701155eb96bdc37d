// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: the error paths of the rtnetlink layer (user/rtnl.c):
 * answers no kernel should send, a transport that fails, and opening a
 * handle in another namespace when a step of it fails.  Replies come
 * from the fake rtnetlink kernel (fake_rtnl.c) or, for malformed ones,
 * from a transport of this file; system calls fail on demand (--wrap),
 * and setns() is a fake that only logs, so no namespace is entered.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "fake_rtnl.h"
#include "fake_sys.h"
#include "rtnl.h"
#include "testutil.h"

/* ---- the seams ---- */

void *__real_malloc(size_t size);
int __real_open(const char *path, int flags, ...);
int __real_fcntl(int fd, int cmd, ...);
struct mnl_socket *__real_mnl_socket_open2(int bus, int flags);
int __real_mnl_socket_bind(struct mnl_socket *nl, unsigned int groups,
			   pid_t pid);
int __real_mnl_socket_close(struct mnl_socket *nl);

void *__wrap_malloc(size_t size)
{
	return fsys_failing("malloc") ? NULL : __real_malloc(size);
}

int __wrap_open(const char *path, int flags, ...)
{
	return fsys_failing("open") ? -1 : __real_open(path, flags);
}

int __wrap_fcntl(int fd, int cmd, ...)
{
	va_list ap;
	long arg;

	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	return fsys_failing("fcntl") ? -1 : __real_fcntl(fd, cmd, arg);
}

int __wrap_setns(int fd, int type)
{
	(void)fd;
	fsys_log("setns %s", type == CLONE_NEWNET ? "net" : "?");
	return fsys_failing("setns") ? -1 : 0;
}

struct mnl_socket *__wrap_mnl_socket_open2(int bus, int flags)
{
	fsys_log("mnl_socket_open2");
	return fsys_failing("mnl_socket_open2") ? NULL :
	       __real_mnl_socket_open2(bus, flags);
}

int __wrap_mnl_socket_bind(struct mnl_socket *nl, unsigned int groups,
			   pid_t pid)
{
	return fsys_failing("mnl_socket_bind") ? -1 :
	       __real_mnl_socket_bind(nl, groups, pid);
}

int __wrap_mnl_socket_close(struct mnl_socket *nl)
{
	fsys_log("mnl_socket_close");
	return __real_mnl_socket_close(nl);
}

static int setup(void **state)
{
	fsys_reset();
	return frt_setup(state);
}

static int teardown(void **state)
{
	fsys_reset();
	return frt_teardown(state);
}

static void expect_err(const char *text)
{
	assert_string_equal(test_err_text(), text);
	test_err_start();
}

/* ---- a transport of crafted answers ---- */

static union test_buf answer;
static size_t answer_len;

static ssize_t send_ok(struct nstrack_rtnl *rt, const void *buf, size_t len)
{
	(void)rt;
	(void)buf;
	return (ssize_t)len;
}

static ssize_t send_fails(struct nstrack_rtnl *rt, const void *buf,
			  size_t len)
{
	(void)rt;
	(void)buf;
	(void)len;
	errno = EAGAIN;
	return -1;
}

static ssize_t recv_answer(struct nstrack_rtnl *rt, void *buf, size_t len)
{
	(void)rt;
	assert_true(answer_len <= len);
	memcpy(buf, answer.b, answer_len);
	return (ssize_t)answer_len;
}

/* the next answer: one message of type with extra zeroed payload bytes */
static void craft(uint16_t type, size_t payload)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(answer.b);

	memset(answer.b, 0, sizeof(answer.b));
	nlh = mnl_nlmsg_put_header(answer.b);
	nlh->nlmsg_type = type;
	if (payload)
		mnl_nlmsg_put_extra_header(nlh, payload);
	answer_len = nlh->nlmsg_len;
}

static void use_crafted(struct nstrack_rtnl *rt)
{
	rt->send = send_ok;
	rt->recv = recv_answer;
}

static int lookup(struct nstrack_rtnl *rt)
{
	struct nstrack_link l;

	return nstrack_rtnl_link_get_index(rt, 5, &l);
}

/* ---- answers ---- */

static void error_code_int_min(void **state)
{
	struct frt_pair *p = *state;

	frt_error(INT_MIN, NULL);
	assert_int_equal(lookup(&p->a), -EPROTO);
	expect_err("nstrack: ifindex 5: cannot look up in netns blue: Protocol error\n");
}

static void short_error(void **state)
{
	struct frt_pair *p = *state;

	use_crafted(&p->a);
	craft(NLMSG_ERROR, sizeof(int));	/* no room for the request */
	assert_int_equal(lookup(&p->a), -EBADMSG);
	expect_err("nstrack: ifindex 5: cannot look up in netns blue: malformed reply from the kernel\n");
}

static void overrun(void **state)
{
	struct frt_pair *p = *state;

	use_crafted(&p->a);
	craft(NLMSG_OVERRUN, 0);
	assert_int_equal(lookup(&p->a), -ENOBUFS);
	expect_err("nstrack: ifindex 5: cannot look up in netns blue: No buffer space available\n");
}

static void wrong_reply_type(void **state)
{
	struct frt_pair *p = *state;

	use_crafted(&p->a);
	craft(RTM_NEWADDR, sizeof(struct ifaddrmsg));	/* a link was asked */
	assert_int_equal(lookup(&p->a), -EPROTO);
	expect_err("nstrack: ifindex 5: cannot look up in netns blue: Protocol error\n");
}

static void transport_failures(void **state)
{
	struct frt_pair *p = *state;

	p->a.send = send_fails;
	assert_int_equal(lookup(&p->a), -EAGAIN);
	expect_err("nstrack: ifindex 5: cannot look up in netns blue: Resource temporarily unavailable\n");

	use_crafted(&p->a);
	answer_len = 0;		/* end of file */
	assert_int_equal(lookup(&p->a), -ENODATA);
	expect_err("nstrack: ifindex 5: cannot look up in netns blue: no reply from the kernel\n");
}

/* ---- refusals before any request ---- */

static void refused_without_asking(void **state)
{
	struct frt_pair *p = *state;
	struct nstrack_link l;
	char alias[NSTRACK_LINK_ALIAS_LEN + 1];

	assert_int_equal(nstrack_rtnl_link_get_index(&p->a, 0, &l), -ENODEV);
	expect_err("nstrack: ifindex 0: no such device in netns blue\n");

	memset(alias, 'a', sizeof(alias) - 1);
	alias[sizeof(alias) - 1] = '\0';
	assert_int_equal(nstrack_rtnl_link_set_alias(&p->a, "eth0", alias),
			 -EINVAL);
	expect_err("nstrack: eth0: alias too long (at most 63 characters)\n");
	assert_int_equal(frt->nreqs, 0);
}

/* ---- opening a handle ---- */

/* nothing of a failed open is left: no socket, no descriptor */
static void open_fails(int netns_fd, int err, const char *text)
{
	struct nstrack_rtnl rt;
	int fds = fsys_open_fds();

	assert_int_equal(nstrack_rtnl_open(&rt, netns_fd, "blue"), err);
	expect_err(text);
	assert_null(rt.sock);
	assert_null(rt.rx);
	assert_int_equal(rt.nsfd, -1);
	assert_int_equal(fsys_open_fds(), fds);
}

static void open_failures_here(void **state)
{
	(void)state;
	fsys_fail("malloc", 1, ENOMEM);
	open_fails(-1, -ENOMEM, "nstrack: out of memory\n");

	fsys_fail("open", 1, EMFILE);
	open_fails(-1, -EMFILE, "nstrack: cannot open netns blue: Too many open files\n");

	fsys_fail("mnl_socket_open2", 1, ENOBUFS);
	open_fails(-1, -ENOBUFS, "nstrack: cannot open a netlink socket: No buffer space available\n");

	fsys_fail("mnl_socket_bind", 1, EPERM);
	open_fails(-1, -EPERM, "nstrack: cannot bind a netlink socket in netns blue: Operation not permitted\n");
	/* the one socket made is closed again */
	assert_string_equal(fsys_log_text(),
			    "mnl_socket_open2\nmnl_socket_open2\nmnl_socket_close\n");
}

static void open_failures_elsewhere(void **state)
{
	int ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);

	(void)state;
	assert_true(ns >= 0);
	fsys_fail("fcntl", 1, EMFILE);
	open_fails(ns, -EMFILE, "nstrack: cannot open netns blue: Too many open files\n");

	fsys_fail("open", 1, ENFILE);	/* where to come back to */
	open_fails(ns, -EIO, "nstrack: cannot open /proc/thread-self/ns/net: Too many open files in system\n");
	assert_int_equal(fsys_calls("setns"), 0);

	fsys_fail("setns", 1, EPERM);
	open_fails(ns, -EIO, "nstrack: cannot enter netns blue: permission denied (CAP_SYS_ADMIN is required)\n");
	fsys_fail("setns", 1, EINVAL);
	open_fails(ns, -EIO, "nstrack: cannot enter netns blue: Invalid argument\n");
	assert_int_equal(fsys_calls("mnl_socket_open2"), 0);

	/* no socket there: back all the same */
	fsys_reset();
	fsys_fail("mnl_socket_open2", 1, EAFNOSUPPORT);
	open_fails(ns, -EIO, "nstrack: cannot open a netlink socket in netns blue: Address family not supported by protocol\n");
	assert_string_equal(fsys_log_text(),
			    "setns net\nmnl_socket_open2\nsetns net\n");

	/* cannot come back: the socket made there is closed */
	fsys_reset();
	fsys_fail("setns", 2, EPERM);
	open_fails(ns, -EIO, "nstrack: cannot return from netns blue to the original netns: Operation not permitted\n");
	assert_string_equal(fsys_log_text(),
			    "setns net\nmnl_socket_open2\nsetns net\nmnl_socket_close\n");

	fsys_reset();
	fsys_fail("mnl_socket_bind", 1, EADDRINUSE);
	open_fails(ns, -EADDRINUSE, "nstrack: cannot bind a netlink socket in netns blue: Address already in use\n");
	assert_string_equal(fsys_log_text(),
			    "setns net\nmnl_socket_open2\nsetns net\nmnl_socket_close\n");
	close(ns);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(error_code_int_min),
		T(short_error),
		T(overrun),
		T(wrong_reply_type),
		T(transport_failures),
		T(refused_without_asking),
		T(open_failures_here),
		T(open_failures_elsewhere),
	};

	return cmocka_run_group_tests_name("errors_rtnl", tests, NULL, NULL);
}
