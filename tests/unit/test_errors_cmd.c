// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: the error paths of the commands that read (monitor,
 * holders, identify, pids, list-id, show) and of the namespace arguments.
 * The module is the fake kernel (fake.c): nstrack_nl_open() is wrapped to
 * hand out its handle, the events socket is a fake whose poll() and
 * receive fail or answer as a test says; stat, fstat, calloc and malloc
 * fail on demand (--wrap).  Each failure must be one exact line, status 1
 * and no output.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <linux/genetlink.h>

#include "cmd.h"
#include "fake.h"
#include "fake_sys.h"
#include "nl.h"
#include "nsarg.h"
#include "nsopen.h"
#include "testutil.h"
#include "util.h"

#define RXBUF_SIZE	(64 << 10)	/* the monitor's receive buffer */

/* ---- the seams ---- */

static struct nstrack_nl *fake_nl;	/* the fake kernel's handle */
static char fake_sock;
static union test_buf event_buf;	/* what the events socket receives */
static size_t event_len;

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
int __real_stat(const char *path, struct stat *st);
int __real_fstat(int fd, struct stat *st);

void *__wrap_malloc(size_t size)
{
	/* only the monitor's buffer is asked to fail */
	if (size == RXBUF_SIZE && fsys_failing("malloc_rxbuf"))
		return NULL;
	return __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return fsys_failing("calloc") ? NULL : __real_calloc(n, size);
}

void *__real_realloc(void *p, size_t size);

void *__wrap_realloc(void *p, size_t size)
{
	return fsys_failing("realloc") ? NULL : __real_realloc(p, size);
}

/* no child is ever made: failing, or a pid that is nobody's child */
pid_t __wrap_fork(void)
{
	return fsys_failing("fork") ? -1 : 999999;
}

int __wrap_stat(const char *path, struct stat *st)
{
	return fsys_failing("stat") ? -1 : __real_stat(path, st);
}

int __wrap_fstat(int fd, struct stat *st)
{
	return fsys_failing("fstat") ? -1 : __real_fstat(fd, st);
}

/* the handle of the fake kernel, as if a socket had been opened */
int __wrap_nstrack_nl_open(struct nstrack_nl *nl)
{
	if (fsys_failing("nstrack_nl_open")) {
		nstrack_err("cannot open a generic netlink socket: %s",
			    strerror(errno));
		return -errno;
	}
	*nl = *fake_nl;
	fake_nl->rx = NULL;	/* the command's now; it frees it */
	return 0;
}

struct mnl_socket *__wrap_nstrack_nl_events_open(const struct nstrack_nl *nl,
						 int rcvbuf)
{
	(void)nl;
	(void)rcvbuf;
	fsys_log("events_open");
	return (struct mnl_socket *)&fake_sock;
}

int __wrap_mnl_socket_get_fd(const struct mnl_socket *s)
{
	assert_ptr_equal(s, &fake_sock);
	return 0;
}

int __wrap_mnl_socket_close(struct mnl_socket *s)
{
	assert_ptr_equal(s, &fake_sock);
	fsys_log("events_close");
	return 0;
}

int __wrap_poll(struct pollfd *fds, nfds_t n, int timeout)
{
	(void)timeout;
	assert_int_equal(n, 1);
	if (fsys_failing("poll"))
		return -1;
	fds[0].revents = POLLIN;
	return 1;
}

ssize_t __wrap_mnl_socket_recvfrom(const struct mnl_socket *s, void *buf,
				   size_t len)
{
	assert_ptr_equal(s, &fake_sock);
	if (fsys_failing("recvfrom"))
		return -1;
	assert_true(event_len > 0 && event_len <= len);
	memcpy(buf, event_buf.b, event_len);
	return (ssize_t)event_len;
}

static int setup(void **state)
{
	void *nl;

	fsys_reset();
	if (fake_setup(&nl))
		return -1;
	fake_nl = nl;
	*state = nl;
	event_len = 0;
	return 0;
}

static int teardown(void **state)
{
	fsys_reset();
	fake_nl = NULL;
	return fake_teardown(state);
}

static void expect_err(const char *text)
{
	assert_string_equal(test_err_text(), text);
	test_err_start();
}

/* ---- monitor ---- */

static void add_info(size_t b, bool events_here)
{
	struct nlmsghdr *nlh = test_put_genl_header(batch_tail(b),
						    NSTRACK_CMD_INFO_GET, 0);

	mnl_attr_put_strz(nlh, NSTRACK_A_INFO_VERSION, "1.0");
	test_put_u64(nlh, NSTRACK_A_INFO_EVENT_LAST, 0);
	test_put_u64(nlh, NSTRACK_A_INFO_EVENT_OLDEST, 0);
	mnl_attr_put_u32(nlh, NSTRACK_A_INFO_EVENT_HISTORY_SIZE, 4096);
	mnl_attr_put_u32(nlh, NSTRACK_A_INFO_NETNS_HISTORY_SIZE, 1024);
	test_put_u64(nlh, NSTRACK_A_INFO_NOTIFY_FAILED, 0);
	if (events_here)
		mnl_attr_put(nlh, NSTRACK_A_INFO_EVENTS_HERE, 0, NULL);
	batch_commit(b, nlh);
	add_error(b, 0, true, NULL);
}

/* "nstrack monitor --count 1": status, with stdout checked to be empty */
static int monitor(void)
{
	char a0[] = "monitor", a1[] = "--count", a2[] = "1";
	char *argv[] = { a0, a1, a2, NULL };
	struct nstrack_opts o = { 0 };
	long before = ftell(stdout);
	int ret;

	ret = cmd_monitor(&o, 3, argv);
	if (before >= 0)
		assert_int_equal(ftell(stdout), before);
	return ret;
}

static void monitor_cannot_open(void **state)
{
	(void)state;
	fsys_fail("nstrack_nl_open", 1, EPERM);
	assert_int_equal(monitor(), 1);
	expect_err("nstrack: cannot open a generic netlink socket: Operation not permitted\n");
	assert_string_equal(fsys_log_text(), "");
}

static void monitor_info_fails(void **state)
{
	(void)state;
	add_error(new_batch(), -EPERM, true, NULL);
	assert_int_equal(monitor(), 1);
	expect_err("nstrack: permission denied (CAP_NET_ADMIN is required)\n");
	assert_string_equal(fsys_log_text(), "events_open\nevents_close\n");
}

static void monitor_not_initial_netns(void **state)
{
	(void)state;
	add_info(new_batch(), false);
	assert_int_equal(monitor(), 1);
	expect_err("nstrack: monitor: events are only sent to the initial network namespace; run the monitor there\n");
	assert_string_equal(fsys_log_text(), "events_open\nevents_close\n");
}

static void monitor_out_of_memory(void **state)
{
	(void)state;
	add_info(new_batch(), true);
	fsys_fail("malloc_rxbuf", 1, ENOMEM);
	assert_int_equal(monitor(), 1);
	expect_err("nstrack: out of memory\n");
	assert_int_equal(fsys_calls("poll"), 0);
	assert_string_equal(fsys_log_text(), "events_open\nevents_close\n");
}

static void monitor_poll_fails(void **state)
{
	(void)state;
	add_info(new_batch(), true);
	fsys_fail("poll", 1, EFAULT);
	assert_int_equal(monitor(), 1);
	expect_err("nstrack: monitor: poll: Bad address\n");
	assert_int_equal(fsys_calls("recvfrom"), 0);
	assert_string_equal(fsys_log_text(), "events_open\nevents_close\n");
}

static void monitor_receive_fails(void **state)
{
	(void)state;
	add_info(new_batch(), true);
	fsys_fail("recvfrom", 1, ECONNREFUSED);
	assert_int_equal(monitor(), 1);
	expect_err("nstrack: monitor: receiving events: Connection refused\n");
	assert_string_equal(fsys_log_text(), "events_open\nevents_close\n");
}

static void monitor_malformed_event(void **state)
{
	struct nlmsghdr *nlh;

	(void)state;
	add_info(new_batch(), true);
	/* an event notification without any of its attributes */
	nlh = test_put_genl_header(event_buf.b, NSTRACK_CMD_EVENT_NTF, 0);
	event_len = nlh->nlmsg_len;
	assert_int_equal(monitor(), 1);
	expect_err("nstrack: monitor: malformed event from the kernel\n");
	assert_string_equal(fsys_log_text(), "events_open\nevents_close\n");
}

/* ---- holders ---- */

/* a NETNS_GET answer for an alive namespace, then the ack */
static void add_alive(size_t b)
{
	struct nstrack_netns ns;

	test_full_record(&ns);
	ns.state = NSTRACK_NETNS_STATE_ALIVE;
	ns.has_pre_exit = ns.has_exit = false;
	batch_commit(b, test_put_record(batch_tail(b), &ns, 0, 0));
	add_error(b, 0, true, NULL);
}

static int holders(struct nstrack_nl *nl, const char *proc,
		   const char *netns_dir, struct out *out)
{
	struct nstrack_selector sel = {
		.kind = NSTRACK_A_NETNS_COOKIE, .value = 5,
	};
	struct nstrack_opts o = { 0 };

	return nstrack_holders_run(nl, &o, &sel, "cookie:5", proc, netns_dir,
				   out->f);
}

static void holders_failures(void **state)
{
	struct nstrack_nl *nl = *state;
	char proc[] = "/tmp/nstrack-proc-XXXXXX";
	struct out out;

	out_open(&out);
	/* the names cannot be read: a file where the directory should be */
	add_alive(new_batch());
	assert_int_equal(holders(nl, "/proc", "/dev/null", &out), 1);
	expect_err("nstrack: /dev/null: Not a directory\n");

	/* our own namespace cannot be looked at (names_load stats it first) */
	add_alive(new_batch());
	fsys_fail("stat", 2, EACCES);
	assert_int_equal(holders(nl, "/proc", "/nonexistent", &out), 1);
	expect_err("nstrack: /proc/self/ns/net: Permission denied\n");

	/* no /proc to scan */
	add_alive(new_batch());
	assert_int_equal(holders(nl, "/nonexistent-proc", "/nonexistent",
				 &out), 1);
	expect_err("nstrack: /nonexistent-proc: No such file or directory\n");

	/* the devices cannot be listed (an empty /proc: no holders) */
	assert_non_null(mkdtemp(proc));
	add_alive(new_batch());
	add_done(new_batch(), -EIO, 0, NULL);
	assert_int_equal(holders(nl, proc, "/nonexistent", &out), 1);
	expect_err("nstrack: cannot list devices: Input/output error\n");
	assert_int_equal(rmdir(proc), 0);
	assert_string_equal(out_text(&out), "");
	out_close(&out);
}

static void holders_lookup_fails(void **state)
{
	struct nstrack_nl *nl = *state;
	struct out out;

	out_open(&out);
	add_error(new_batch(), -ENOENT, true, NULL);
	assert_int_equal(holders(nl, "/proc", "/nonexistent", &out), 1);
	expect_err("nstrack: no such namespace: cookie:5\n");
	assert_string_equal(out_text(&out), "");
	out_close(&out);
}

static void holders_cannot_open(void **state)
{
	char a0[] = "holders", a1[] = "cookie:5";
	char *argv[] = { a0, a1, NULL };
	struct nstrack_opts o = { 0 };

	(void)state;
	fsys_fail("nstrack_nl_open", 1, EMFILE);
	assert_int_equal(cmd_holders(&o, 2, argv), 1);
	expect_err("nstrack: cannot open a generic netlink socket: Too many open files\n");
	assert_int_equal(fsys_calls("stat"), 0);
}

static void holders_without_namespace(void **state)
{
	char a0[] = "holders";
	char *argv[] = { a0, NULL };
	struct nstrack_opts o = { 0 };

	(void)state;
	assert_int_equal(cmd_holders(&o, 1, argv), 1);
	expect_err("nstrack: holders: missing namespace argument (try 'nstrack holders --help')\n");
}

/* ---- identify, pids, list-id ---- */

static void identify_failures(void **state)
{
	struct nstrack_opts o = { 0 };
	struct out out;

	(void)state;
	out_open(&out);
	fsys_fail("stat", 1, EACCES);
	assert_int_equal(nstrack_identify_run(&o, NULL, "/run/netns", out.f),
			 1);
	expect_err("nstrack: identify: cannot read /proc/self/ns/net: Permission denied\n");

	assert_int_equal(nstrack_identify_run(&o, NULL, "/dev/null", out.f), 1);
	expect_err("nstrack: identify: cannot read /dev/null: Not a directory\n");
	assert_string_equal(out_text(&out), "");
	out_close(&out);
}

static void pids_failures(void **state)
{
	char dir[] = "/tmp/nstrack-pids-XXXXXX", path[PATH_MAX];
	struct nstrack_opts o = { 0 };
	struct out out;
	int fds = fsys_open_fds();

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/blue", dir);
	assert_int_equal(symlink("/proc/self/ns/net", path), 0);
	out_open(&out);

	fsys_fail("fstat", 1, EIO);
	assert_int_equal(nstrack_pids_run(&o, "blue", dir, "/proc", out.f), 1);
	expect_err("nstrack: pids: cannot stat the namespace: Input/output error\n");
	assert_int_equal(fsys_open_fds(), fds);	/* the name is closed */

	assert_int_equal(nstrack_pids_run(&o, "blue", dir, "/nonexistent",
					  out.f), 1);
	expect_err("nstrack: pids: cannot read /nonexistent: No such file or directory\n");

	/* no memory for the list of processes (we are one of them) */
	fsys_fail_from("realloc", 1, ENOMEM);
	assert_int_equal(nstrack_pids_run(&o, "blue", dir, "/proc", out.f), 1);
	expect_err("nstrack: out of memory\n");
	assert_true(fsys_calls("realloc") > 0);
	assert_string_equal(out_text(&out), "");
	out_close(&out);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

static void listid_failures(void **state)
{
	struct nstrack_nl *nl = *state;
	struct nstrack_opts o = { 0 };
	struct out out;

	out_open(&out);
	/* an empty nsid dump each time, then the names */
	add_done(new_batch(), 0, 0, NULL);
	assert_int_equal(nstrack_listid_run(nl, &o, "/dev/null", out.f), 1);
	expect_err("nstrack: /dev/null: Not a directory\n");

	add_done(new_batch(), 0, 0, NULL);
	fsys_fail("calloc", 1, ENOMEM);
	assert_int_equal(nstrack_listid_run(nl, &o, "/nonexistent", out.f), 1);
	expect_err("nstrack: out of memory\n");
	assert_string_equal(out_text(&out), "");
	out_close(&out);
}

/* ---- exec -a ---- */

static void exec_all_cannot_run(void **state)
{
	char dir[] = "/tmp/nstrack-exec-XXXXXX", path[PATH_MAX];
	char c0[] = "true";
	char *cmdv[] = { c0, NULL };
	struct out out;
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/blue", dir);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	out_open(&out);

	fsys_fail("fork", 1, EAGAIN);
	assert_int_equal(nstrack_exec_all(dir, cmdv, out.f), 125);
	expect_err("nstrack: exec: cannot fork: Resource temporarily unavailable\n");

	assert_int_equal(nstrack_exec_all(dir, cmdv, out.f), 125);
	expect_err("nstrack: exec: cannot wait for process 999999: No child processes\n");
	assert_string_equal(out_text(&out), "\nnetns: blue\n\nnetns: blue\n");
	out_close(&out);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

/* ---- show, namespace arguments ---- */

static void show_cannot_open(void **state)
{
	char a0[] = "show", a1[] = "cookie:5";
	char *argv[] = { a0, a1, NULL };
	struct nstrack_opts o = { 0 };

	(void)state;
	fsys_fail("nstrack_nl_open", 1, EMFILE);
	assert_int_equal(cmd_show(&o, 2, argv), 1);
	expect_err("nstrack: cannot open a generic netlink socket: Too many open files\n");
}

static void arguments_too_long(void **state)
{
	char dir[PATH_MAX - 2], path[PATH_MAX + 8], want[PATH_MAX + 64];
	struct nstrack_selector sel;

	(void)state;
	/* dir/blue is one byte too long */
	memset(dir, 'd', sizeof(dir) - 1);
	dir[0] = '/';
	dir[sizeof(dir) - 1] = '\0';
	snprintf(want, sizeof(want), "nstrack: %s: path too long\n", dir);
	assert_int_equal(nstrack_selector_from_arg("blue", dir, &sel),
			 -ENAMETOOLONG);
	expect_err(want);
	assert_int_equal(nstrack_netns_open_arg("blue", dir), -ENAMETOOLONG);
	expect_err(want);

	/* a path argument longer than a path, shown cut to PATH_MAX - 1 */
	memset(path, 'p', sizeof(path) - 1);
	path[0] = '/';
	path[sizeof(path) - 1] = '\0';
	snprintf(want, sizeof(want), "nstrack: %.*s: path too long\n",
		 PATH_MAX - 1, path);
	assert_int_equal(nstrack_netns_open_arg(path, "/run/netns"),
			 -ENAMETOOLONG);
	expect_err(want);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(monitor_cannot_open),
		T(monitor_info_fails),
		T(monitor_not_initial_netns),
		T(monitor_out_of_memory),
		T(monitor_poll_fails),
		T(monitor_receive_fails),
		T(monitor_malformed_event),
		T(holders_failures),
		T(holders_lookup_fails),
		T(holders_cannot_open),
		T(holders_without_namespace),
		T(identify_failures),
		T(pids_failures),
		T(listid_failures),
		T(exec_all_cannot_run),
		T(show_cannot_open),
		T(arguments_too_long),
	};

	return cmocka_run_group_tests_name("errors_cmd", tests, NULL, NULL);
}
