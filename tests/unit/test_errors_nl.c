// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: the error paths of the generic netlink layer (user/nl.c)
 * and of the nsid requests over rtnetlink (user/nsid.c).  Replies come
 * from the fake kernel (fake.c); sockets, socket options and allocations
 * fail on demand through the wrappers below (linked with --wrap).
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/net_namespace.h>

#include "fake.h"
#include "fake_sys.h"
#include "nl.h"
#include "nsid.h"
#include "testutil.h"

/* ---- the seams ---- */

void *__real_malloc(size_t size);
void *__real_realloc(void *p, size_t size);
struct mnl_socket *__real_mnl_socket_open2(int bus, int flags);
int __real_mnl_socket_bind(struct mnl_socket *nl, unsigned int groups,
			   pid_t pid);
int __real_mnl_socket_setsockopt(const struct mnl_socket *nl, int type,
				 void *buf, socklen_t len);
int __real_mnl_socket_close(struct mnl_socket *nl);
int __real_setsockopt(int fd, int level, int name, const void *val,
		      socklen_t len);

void *__wrap_malloc(size_t size)
{
	if (fsys_failing("malloc"))
		return NULL;
	return __real_malloc(size);
}

void *__wrap_realloc(void *p, size_t size)
{
	if (fsys_failing("realloc"))
		return NULL;
	return __real_realloc(p, size);
}

struct mnl_socket *__wrap_mnl_socket_open2(int bus, int flags)
{
	if (fsys_failing("mnl_socket_open2"))
		return NULL;
	return __real_mnl_socket_open2(bus, flags);
}

int __wrap_mnl_socket_bind(struct mnl_socket *nl, unsigned int groups,
			   pid_t pid)
{
	if (fsys_failing("mnl_socket_bind"))
		return -1;
	return __real_mnl_socket_bind(nl, groups, pid);
}

int __wrap_mnl_socket_setsockopt(const struct mnl_socket *nl, int type,
				 void *buf, socklen_t len)
{
	fsys_log("mnl_socket_setsockopt %d", type);
	if (fsys_failing("mnl_socket_setsockopt"))
		return -1;
	return __real_mnl_socket_setsockopt(nl, type, buf, len);
}

int __wrap_mnl_socket_close(struct mnl_socket *nl)
{
	fsys_log("mnl_socket_close");
	return __real_mnl_socket_close(nl);
}

int __wrap_setsockopt(int fd, int level, int name, const void *val,
		      socklen_t len)
{
	fsys_log("setsockopt %d", name);
	if (fsys_failing("setsockopt"))
		return -1;
	return __real_setsockopt(fd, level, name, val, len);
}

static int setup(void **state)
{
	fsys_reset();
	return fake_setup(state);
}

static int teardown(void **state)
{
	fsys_reset();
	return fake_teardown(state);
}

static void expect_err(const char *text)
{
	assert_string_equal(test_err_text(), text);
	test_err_start();
}

/* an INFO_GET "do" against the fake kernel: its status */
static int do_info(struct nstrack_nl *nl)
{
	return nstrack_nl_doit(nl, nstrack_nl_request(nl, NSTRACK_CMD_INFO_GET),
			       NULL, NULL, "info");
}

/* ---- nl.c: opening ---- */

static void open_out_of_memory(void **state)
{
	struct nstrack_nl nl;
	int fds = fsys_open_fds();

	(void)state;
	fsys_fail("malloc", 1, ENOMEM);
	assert_int_equal(nstrack_nl_open(&nl), -ENOMEM);
	expect_err("nstrack: out of memory\n");
	assert_null(nl.rx);
	assert_null(nl.sock);
	assert_int_equal(fsys_calls("mnl_socket_open2"), 0);
	assert_int_equal(fsys_open_fds(), fds);
}

static void open_socket_fails(void **state)
{
	struct nstrack_nl nl;
	int fds = fsys_open_fds();

	(void)state;
	fsys_fail("mnl_socket_open2", 1, EMFILE);
	assert_int_equal(nstrack_nl_open(&nl), -EMFILE);
	expect_err("nstrack: cannot open a generic netlink socket: Too many open files\n");
	assert_null(nl.rx);
	assert_null(nl.sock);
	assert_int_equal(fsys_open_fds(), fds);
}

static void open_bind_fails(void **state)
{
	struct nstrack_nl nl;
	int fds = fsys_open_fds();

	(void)state;
	fsys_fail("mnl_socket_bind", 1, EADDRINUSE);
	assert_int_equal(nstrack_nl_open(&nl), -EADDRINUSE);
	expect_err("nstrack: cannot open a generic netlink socket: Address already in use\n");
	assert_null(nl.rx);
	assert_null(nl.sock);
	/* the socket that was made is closed again */
	assert_string_equal(fsys_log_text(), "mnl_socket_close\n");
	assert_int_equal(fsys_open_fds(), fds);
}

/* ---- nl.c: what the kernel or the transport may answer ---- */

static ssize_t send_fails(struct nstrack_nl *nl, const void *buf, size_t len)
{
	(void)nl;
	(void)buf;
	(void)len;
	errno = ENOBUFS;
	return -1;
}

static void send_error(void **state)
{
	struct nstrack_nl *nl = *state;

	nl->send = send_fails;
	add_error(new_batch(), 0, true, NULL);	/* never read */
	assert_int_equal(do_info(nl), -ENOBUFS);
	expect_err("nstrack: info: No buffer space available\n");
	assert_int_equal(fk->next, 0);
}

static void no_reply_at_all(void **state)
{
	struct nstrack_nl *nl = *state;

	/* the transport says end of file: recv() returns 0 */
	assert_int_equal(do_info(nl), -ENODATA);
	expect_err("nstrack: info: no reply from the kernel\n");
	assert_int_equal(fk->nsent, 1);
}

static void error_code_int_min(void **state)
{
	struct nstrack_nl *nl = *state;

	do_info(nl);		/* so that add_error() has a request to echo */
	test_err_start();
	add_error(new_batch(), INT_MIN, true, NULL);
	assert_int_equal(do_info(nl), -EPROTO);
	expect_err("nstrack: info: Protocol error\n");
}

/* an NLMSG_ERROR too short to hold a struct nlmsgerr */
static void short_error_message(void **state)
{
	struct nstrack_nl *nl = *state;
	size_t b = new_batch();
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(batch_tail(b));

	nlh->nlmsg_type = NLMSG_ERROR;
	mnl_nlmsg_put_extra_header(nlh, sizeof(int));
	batch_commit(b, nlh);
	assert_int_equal(do_info(nl), -EBADMSG);
	expect_err("nstrack: info: malformed reply from the kernel\n");
}

static void overrun(void **state)
{
	struct nstrack_nl *nl = *state;
	size_t b = new_batch();
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(batch_tail(b));

	nlh->nlmsg_type = NLMSG_OVERRUN;
	batch_commit(b, nlh);
	assert_int_equal(nstrack_nl_dump(nl,
					 nstrack_nl_request(nl, NSTRACK_CMD_NETNS_GET),
					 NULL, NULL, NULL, "list"), -ENOBUFS);
	expect_err("nstrack: list: No buffer space available\n");
}

/* ENOENT for anything but a namespace lookup: the family is gone */
static void family_gone(void **state)
{
	struct nstrack_nl *nl = *state;

	do_info(nl);
	test_err_start();
	add_error(new_batch(), -ENOENT, true, NULL);
	assert_int_equal(do_info(nl), -ENOENT);
	expect_err("nstrack: kernel module not loaded (load it with: sudo modprobe nstrack)\n");
}

/* the controller acks the request but describes no family */
static void family_ack_only(void **state)
{
	struct nstrack_nl *nl = *state;

	nl->family_id = 0x33;
	nstrack_nl_resolve_family(nl);	/* a request to echo */
	test_err_start();
	add_error(new_batch(), 0, true, NULL);
	assert_int_equal(nstrack_nl_resolve_family(nl), -ENODATA);
	expect_err("nstrack: resolving the nstrack netlink family: no reply from the kernel\n");
	assert_int_equal(nl->family_id, 0);
}

/* ---- nl.c: the events socket ---- */

static void events_socket_fails(void **state)
{
	struct nstrack_nl *nl = *state;
	int fds = fsys_open_fds();

	nl->events_group = 9;
	fsys_fail("mnl_socket_open2", 1, ENFILE);
	assert_null(nstrack_nl_events_open(nl, 1 << 20));
	expect_err("nstrack: cannot open a generic netlink socket: Too many open files in system\n");
	assert_string_equal(fsys_log_text(), "");
	assert_int_equal(fsys_open_fds(), fds);

	fsys_fail("mnl_socket_bind", 1, EPERM);
	assert_null(nstrack_nl_events_open(nl, 1 << 20));
	expect_err("nstrack: cannot open a generic netlink socket: Operation not permitted\n");
	assert_string_equal(fsys_log_text(), "mnl_socket_close\n");
	assert_int_equal(fsys_open_fds(), fds);
}

static void events_rcvbuf_fails(void **state)
{
	struct nstrack_nl *nl = *state;
	int fds = fsys_open_fds();

	nl->events_group = 9;
	/* both the forced and the plain size are refused */
	fsys_fail_from("setsockopt", 1, ENOMEM);
	assert_null(nstrack_nl_events_open(nl, 1 << 20));
	expect_err("nstrack: cannot set the receive buffer to 1048576 bytes: Cannot allocate memory\n");
	assert_int_equal(fsys_calls("setsockopt"), 2);
	assert_int_equal(fsys_calls("mnl_socket_setsockopt"), 0);
	assert_string_equal(fsys_log_text(),
			    "setsockopt 33\nsetsockopt 8\nmnl_socket_close\n");
	assert_int_equal(fsys_open_fds(), fds);
}

static void events_join_fails(void **state)
{
	struct nstrack_nl *nl = *state;
	int fds = fsys_open_fds();

	nl->events_group = 9;
	fsys_fail("mnl_socket_setsockopt", 1, EPERM);
	assert_null(nstrack_nl_events_open(nl, 0));
	expect_err("nstrack: permission denied joining the events group (CAP_NET_ADMIN is required)\n");
	assert_int_equal(fsys_open_fds(), fds);

	fsys_fail("mnl_socket_setsockopt", 1, EACCES);
	assert_null(nstrack_nl_events_open(nl, 0));
	expect_err("nstrack: permission denied joining the events group (CAP_NET_ADMIN is required)\n");

	fsys_fail("mnl_socket_setsockopt", 1, ENOMEM);
	assert_null(nstrack_nl_events_open(nl, 0));
	expect_err("nstrack: cannot join the events group: Cannot allocate memory\n");
	assert_int_equal(fsys_calls("setsockopt"), 0);	/* rcvbuf 0 */
	assert_string_equal(fsys_log_text(),
			    "mnl_socket_setsockopt 1\nmnl_socket_close\n"
			    "mnl_socket_setsockopt 1\nmnl_socket_close\n"
			    "mnl_socket_setsockopt 1\nmnl_socket_close\n");
	assert_int_equal(fsys_open_fds(), fds);
}

/* ---- nsid.c ---- */

/* an RTM_NEWNSID message in batch b */
static void add_nsid(size_t b, int32_t nsid)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(batch_tail(b));
	struct rtgenmsg *g;

	nlh->nlmsg_type = RTM_NEWNSID;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, NETNSA_NSID, (uint32_t)nsid);
	batch_commit(b, nlh);
}

static void nsid_open_fails(void **state)
{
	struct nstrack_nl nl;
	int fds = fsys_open_fds();

	(void)state;
	fsys_fail("malloc", 1, ENOMEM);
	assert_int_equal(nstrack_nsid_open(&nl), -ENOMEM);
	expect_err("nstrack: out of memory\n");
	assert_null(nl.rx);

	fsys_fail("mnl_socket_open2", 1, EAFNOSUPPORT);
	assert_int_equal(nstrack_nsid_open(&nl), -EAFNOSUPPORT);
	expect_err("nstrack: cannot open a rtnetlink socket: Address family not supported by protocol\n");
	assert_null(nl.rx);
	assert_null(nl.sock);

	fsys_fail("mnl_socket_bind", 1, EPERM);
	assert_int_equal(nstrack_nsid_open(&nl), -EPERM);
	expect_err("nstrack: cannot open a rtnetlink socket: Operation not permitted\n");
	assert_null(nl.rx);
	assert_null(nl.sock);
	assert_string_equal(fsys_log_text(), "mnl_socket_close\n");
	assert_int_equal(fsys_open_fds(), fds);
}

static void nsid_dump_out_of_memory(void **state)
{
	struct nstrack_nl *nl = *state;
	int32_t *v = (int32_t *)1;
	size_t b = new_batch(), n = 5;

	add_nsid(b, 3);
	add_done(b, 0, 0, NULL);
	fsys_fail("realloc", 1, ENOMEM);
	assert_int_equal(nstrack_nsid_dump(nl, &v, &n), -ENOMEM);
	expect_err("nstrack: out of memory\n");
	assert_null(v);
	assert_int_equal(n, 0);
}

static void nsid_transport_errors(void **state)
{
	struct nstrack_nl *nl = *state;
	int32_t nsid = 4;

	/* end of file before any answer */
	assert_int_equal(nstrack_nsid_get(nl, 7, &nsid, "list-id: blue"),
			 -ENODATA);
	expect_err("nstrack: list-id: blue: no reply from the kernel\n");

	nl->send = send_fails;
	assert_int_equal(nstrack_nsid_get(nl, 7, &nsid, "list-id: blue"),
			 -ENOBUFS);
	expect_err("nstrack: list-id: blue: No buffer space available\n");
	assert_int_equal(nsid, 4);
}

static void nsid_bad_errors(void **state)
{
	struct nstrack_nl *nl = *state;
	struct nlmsghdr *nlh;
	int32_t nsid = 4;
	size_t b;

	nstrack_nsid_get(nl, 7, &nsid, "x");	/* a request to echo */
	test_err_start();
	add_error(new_batch(), INT_MIN, true, NULL);
	assert_int_equal(nstrack_nsid_get(nl, 7, &nsid, "set-id: blue"),
			 -EPROTO);
	expect_err("nstrack: set-id: blue: Protocol error\n");

	b = new_batch();
	nlh = mnl_nlmsg_put_header(batch_tail(b));
	nlh->nlmsg_type = NLMSG_ERROR;
	mnl_nlmsg_put_extra_header(nlh, sizeof(int));
	batch_commit(b, nlh);
	assert_int_equal(nstrack_nsid_get(nl, 7, &nsid, "set-id: blue"),
			 -EBADMSG);
	expect_err("nstrack: set-id: blue: malformed reply from the kernel\n");
	assert_int_equal(nsid, 4);
}

/* "set" expects a bare ack; an answer before it is a protocol error */
static void nsid_set_unexpected_reply(void **state)
{
	struct nstrack_nl *nl = *state;
	size_t b;

	nstrack_nsid_set(nl, 9, 1, "x");
	test_err_start();
	b = new_batch();
	add_nsid(b, 1);
	add_error(b, 0, true, NULL);
	assert_int_equal(nstrack_nsid_set(nl, 9, 1, "set-id: blue"), -EPROTO);
	expect_err("nstrack: set-id: blue: Protocol error\n");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(open_out_of_memory),
		T(open_socket_fails),
		T(open_bind_fails),
		T(send_error),
		T(no_reply_at_all),
		T(error_code_int_min),
		T(short_error_message),
		T(overrun),
		T(family_gone),
		T(family_ack_only),
		T(events_socket_fails),
		T(events_rcvbuf_fails),
		T(events_join_fails),
		T(nsid_open_fails),
		T(nsid_dump_out_of_memory),
		T(nsid_transport_errors),
		T(nsid_bad_errors),
		T(nsid_set_unexpected_reply),
	};

	return cmocka_run_group_tests_name("errors_nl", tests, NULL, NULL);
}
